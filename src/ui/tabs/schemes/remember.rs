//! The schemes table's shown and hidden columns as words for the
//! preferences ("Simple/Provider"), so that each plan opens with the
//! columns the user chose for it (see [`crate::ui::prefs::PlanColumns`]),
//! and the names its column widths are remembered by.

use super::View;
use super::rows::{Col, Layout};

fn layout_word(l: Layout) -> &'static str {
    match l {
        Layout::Simple => "Simple",
        Layout::Detailed => "Detailed",
    }
}

fn key(l: Layout, c: Col) -> String {
    format!("{}/{c:?}", layout_word(l))
}

/// The name of the Schemes table among the remembered column widths
/// (see [`crate::ui::grid::widths`]).
pub const WIDTHS_TABLE: &str = "Schemes";

/// The names the widths of `cols` are remembered by, per layout
/// ("Schemes/Detailed/Name").
pub fn width_names(l: Layout, cols: &[Col]) -> Vec<String> {
    cols.iter().map(|&c| format!("{WIDTHS_TABLE}/{}", key(l, c))).collect()
}

/// The user's column choices: the columns shown and those hidden, sorted.
pub fn column_words(view: &View) -> (Vec<String>, Vec<String>) {
    let (mut shown, mut hidden) = (Vec::new(), Vec::new());
    for (&(l, c), &on) in &view.column_choice {
        if on { &mut shown } else { &mut hidden }.push(key(l, c));
    }
    shown.sort();
    hidden.sort();
    (shown, hidden)
}

/// Puts back choices read from the preferences; words that name no
/// optional column are ignored.
pub fn set_column_words(view: &mut View, shown: &[String], hidden: &[String]) {
    view.column_choice.clear();
    for l in [Layout::Simple, Layout::Detailed] {
        for c in Col::OPTIONAL {
            let k = key(l, c);
            if shown.contains(&k) {
                view.column_choice.insert((l, c), true);
            } else if hidden.contains(&k) {
                view.column_choice.insert((l, c), false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_round_trip_as_words_and_unknown_words_are_ignored() {
        let mut v = View::default();
        v.column_choice.insert((Layout::Simple, Col::Provider), false);
        v.column_choice.insert((Layout::Detailed, Col::Status), true);
        let (shown, hidden) = column_words(&v);
        assert_eq!(shown, vec!["Detailed/Status".to_string()]);
        assert_eq!(hidden, vec!["Simple/Provider".to_string()]);
        let mut back = View::default();
        let mut hidden2 = hidden.clone();
        hidden2.push("Simple/Nonsense".into());
        set_column_words(&mut back, &shown, &hidden2);
        assert_eq!(back.column_choice, v.column_choice);
    }
}
