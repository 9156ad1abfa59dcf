//! Spreadsheet habits in the Schemes table (issue 19): a block of cells
//! selected from the keyboard, pasted over from Excel, filled down, and
//! find and replace across the plan, each one undo step.

use crate::support;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::calc::find::{Query, find};
use opplan::model::{Amount, Plan};
use opplan::ui::{OpplanApp, Tab};

fn keys(h: &mut Harness<'static, OpplanApp>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

fn typed(h: &mut Harness<'static, OpplanApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

/// The label of the widget with the keyboard focus.
fn focused(h: &Harness<'static, OpplanApp>) -> Option<String> {
    h.query_all(by())
        .find(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label().map(|l| l.to_string()))
}

fn spend(plan: &Plan, i: usize, year: &str) -> Option<Amount> {
    plan.schemes[i].year(year).and_then(|y| y.spend)
}

fn kent() -> Harness<'static, OpplanApp> {
    support::window_sized(support::sample("kent-bcf-2015-16.ron"), egui::vec2(1600.0, 1000.0))
}

#[test]
fn paste_a_block_from_excel_fill_down_and_replace_a_provider_without_the_mouse() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    let steps = h.state().history().undo_count();

    // 1. a block of three 2015/16 amounts, selected with Shift+Down
    h.get_by_label("Scheme 6 2015/16 spend").focus();
    h.run();
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    h.get_by_label_contains("3 rows \u{d7} 1 column selected");
    assert_eq!(focused(&h).as_deref(), Some("Scheme 6 2015/16 spend"));

    // 2. amounts copied from Excel pasted over it: the preview shows old and new per cell
    h.event(Event::Paste("1,000\r\n2,000\r\n3,500\r\n".into()));
    h.run();
    h.get_by_label("Paste into Schemes");
    assert!(h.query_all(by().label_contains("to 3,500")).next().is_some());
    h.get_by_role_and_label(Role::Button, "Update 3 schemes").focus();
    h.run();
    keys(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.query_by_label("Paste into Schemes").is_none());
    let plan = h.state().plan();
    assert_eq!(spend(plan, 5, "2015/16"), Some(Amount::thousands(1_000)));
    assert_eq!(spend(plan, 6, "2015/16"), Some(Amount::thousands(2_000)));
    assert_eq!(spend(plan, 7, "2015/16"), Some(Amount::thousands(3_500)));
    assert_eq!(h.state().history().undo_count(), steps + 1);

    // 3. fill the 2015/16 column down from scheme 6 to scheme 9
    let top = spend(h.state().plan(), 5, "2015/16");
    let ninth_before = spend(h.state().plan(), 8, "2015/16");
    assert_ne!(top, ninth_before, "the rows differ, so the fill is seen");
    h.get_by_label("Scheme 6 2015/16 spend").focus();
    h.run();
    for _ in 0..3 {
        keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    }
    keys(&mut h, Modifiers::COMMAND, Key::D);
    let plan = h.state().plan();
    for i in 6..9 {
        assert_eq!(spend(plan, i, "2015/16"), top, "scheme {}", i + 1);
    }
    assert_ne!(spend(plan, 9, "2015/16"), top, "the row below the block is left alone");
    assert_eq!(plan.schemes.len(), 12, "Ctrl+D fills; it no longer duplicates");
    assert_eq!(h.state().history().undo_count(), steps + 2);

    // 4. find and replace a provider name
    keys(&mut h, Modifiers::COMMAND, Key::H);
    assert_eq!(focused(&h).as_deref(), Some("Find text"));
    typed(&mut h, "Local Authority");
    let q = Query {
        text: "Local Authority".into(),
        match_case: false,
    };
    let n = find(h.state().plan(), &q, "").len();
    assert!(n >= 4, "{n}");
    h.get_by_label_contains(&format!("in {n} fields"));
    keys(&mut h, Modifiers::NONE, Key::Tab);
    keys(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Replace with"));
    typed(&mut h, "Kent County Council");
    let previews = h
        .query_all(
            by().label_contains("Provider: \u{201c}Local Authority\u{201d} to \u{201c}Kent County Council\u{201d}"),
        )
        .count();
    assert_eq!(previews, 4, "each match shows its record, field, before and after");
    keys(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Replace all"));
    keys(&mut h, Modifiers::NONE, Key::Enter);
    let plan = h.state().plan();
    assert!(find(plan, &q, "").is_empty());
    assert_eq!(
        plan.schemes
            .iter()
            .filter(|s| s.provider == "Kent County Council")
            .count(),
        4
    );
    assert_eq!(h.state().history().undo_count(), steps + 3);
    // one undo step brings every match back
    support::run(&mut h, opplan::ui::command::UiCommand::Undo);
    assert_eq!(find(h.state().plan(), &q, "").len(), n);
}
