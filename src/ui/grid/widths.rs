//! Column widths the user dragged, remembered per plan beside the columns
//! shown and hidden (see [`crate::ui::prefs::PlanColumns::widths`]), for
//! the Schemes, Metrics and Risks tables.
//!
//! A width is kept by the column's name ("Schemes/Detailed/Name",
//! "Risks/Title") at 100% text, and drawn grown with the text. When the
//! user lets go of a column's edge, every width of that table as it is
//! drawn then is kept, so the table stays as the user left it at any
//! window size (it scrolls sideways where it no longer fits). A double
//! click on a column's edge forgets that column's width; "Reset column
//! widths" forgets a table's.
//!
//! The widths live in [`crate::ui::tabs::TabViews`] (forgotten when another
//! plan opens, kept when the plan is saved under a new name); while the
//! tabs are drawn they are lent to the tables through egui's memory
//! ([`lend`], [`take_back`]).

use egui::{Context, Id, Ui};
use std::collections::BTreeMap;

/// Widths by column name, in points at 100% text.
pub type Widths = BTreeMap<String, f32>;

fn store_id() -> Id {
    Id::unique("opplan_user_column_widths")
}

/// Lends the widths to the tables drawn next.
pub fn lend(ctx: &Context, widths: &mut Widths) {
    let w = std::mem::take(widths);
    ctx.data_mut(|d| d.insert_temp(store_id(), w));
}

/// Takes the widths back once the tables are drawn.
pub fn take_back(ctx: &Context, widths: &mut Widths) {
    *widths = ctx
        .data_mut(|d| d.remove_temp::<Widths>(store_id()))
        .unwrap_or_default();
}

fn with_store<R>(ctx: &Context, f: impl FnOnce(&mut Widths) -> R) -> R {
    ctx.data_mut(|d| f(d.get_temp_mut_or_default::<Widths>(store_id())))
}

/// Forgets the widths of `table`'s columns (names starting "table/").
pub fn forget_table(ctx: &Context, table: &str) {
    let prefix = format!("{table}/");
    with_store(ctx, |w| w.retain(|k, _| !k.starts_with(&prefix)));
}

/// True when some of `table`'s widths are remembered.
pub fn has_table(ctx: &Context, table: &str) -> bool {
    let prefix = format!("{table}/");
    with_store(ctx, |w| w.keys().any(|k| k.starts_with(&prefix)))
}

/// The widths kept for `names` at text scale `scale`: `None` where the
/// column follows the window.
pub fn kept_widths(widths: &Widths, names: &[String], scale: f32) -> Vec<Option<f32>> {
    names.iter().map(|n| widths.get(n).map(|w| w * scale)).collect()
}

/// Keeps every width of a table (`names` and `drawn` side by side) at
/// text scale `scale`.
pub fn keep_all(widths: &mut Widths, names: &[String], drawn: &[f32], scale: f32) {
    for (n, w) in names.iter().zip(drawn) {
        widths.insert(n.clone(), (w / scale.max(0.01) * 10.0).round() / 10.0);
    }
}

/// A "Reset column widths" menu item for `table`; closes the menu when used.
pub fn reset_item(ui: &mut Ui, table: &str) {
    let kept = has_table(ui.ctx(), table);
    let resp = ui
        .add_enabled(kept, egui::Button::new("Reset column widths"))
        .on_hover_text("Forget the widths you dragged: the columns fit the window again")
        .on_disabled_hover_text("The columns fit the window (no width was dragged)");
    if resp.clicked() {
        forget_table(ui.ctx(), table);
        ui.close();
    }
}

/// What a table keeps from one frame to the next: the id its column
/// edges had, the key of its widths, the widths it drew and its
/// vertical scroll.
#[derive(Clone, Debug, Default)]
struct Memo {
    state_id: Option<Id>,
    key: i32,
    widths: Vec<f32>,
    scroll_y: f32,
}

/// A table's widths for one frame: begun before the table is built
/// ([`Sizing::begin`]), ended after it ([`Sizing::end`]).
pub struct Sizing {
    table: &'static str,
    names: Vec<String>,
    scale: f32,
    kept: Vec<Option<f32>>,
    /// The user let go of a column's edge (and did not double-click it).
    released: bool,
    memo: Memo,
}

impl Sizing {
    /// Before the table: a double click on a column's edge last frame
    /// forgets that column's width; the widths kept for the columns
    /// `names` (see [`Sizing::kept`]).
    pub fn begin(ui: &Ui, table: &'static str, names: Vec<String>) -> Sizing {
        let memo: Memo = ui
            .data(|d| d.get_temp(memo_id(table)))
            .filter(|m: &Memo| m.widths.len() == names.len())
            .unwrap_or_default();
        let mut released = false;
        if let Some(state_id) = memo.state_id {
            let mut doubled = Vec::new();
            for i in 0..names.len() {
                if let Some(r) = ui.ctx().read_response(state_id.with("resize_column").with(i)) {
                    if r.double_clicked() {
                        doubled.push(i);
                    } else if r.drag_stopped() {
                        released = true;
                    }
                }
            }
            if !doubled.is_empty() {
                released = false;
                with_store(ui.ctx(), |w| {
                    for i in doubled {
                        w.remove(&names[i]);
                    }
                });
            }
        }
        let scale = crate::ui::widgets::text_scale(ui);
        let kept = with_store(ui.ctx(), |w| kept_widths(w, &names, scale));
        Sizing {
            table,
            names,
            scale,
            kept,
            released,
            memo,
        }
    }

    /// The widths the user chose, in points, per column (`None`: fitted).
    pub fn kept(&self) -> &[Option<f32>] {
        &self.kept
    }

    /// The widths the table drew last frame when its widths' key is
    /// still `key`, else `widths` (the frozen columns' band is measured
    /// on them before the table is built).
    pub fn drawn(&self, key: i32, widths: &[f32]) -> Vec<f32> {
        if self.memo.state_id.is_some() && self.memo.key == key {
            self.memo.widths.clone()
        } else {
            widths.to_vec()
        }
    }

    /// The vertical scroll to keep when the table's id changed with its
    /// widths (another window size, a width kept): the table would start
    /// again at the top.
    pub fn scroll_to_keep(&self, key: i32) -> Option<f32> {
        (self.memo.state_id.is_some() && self.memo.key != key).then_some(self.memo.scroll_y)
    }

    /// After the table: remembers what it drew; when the user let go of
    /// a column's edge and the widths differ from those it started from
    /// (`initial`), keeps them all.
    pub fn end(self, ui: &Ui, state_id: Id, key: i32, initial: &[f32], drawn: &[f32], scroll_y: f32) {
        let moved = drawn.len() == initial.len() && drawn.iter().zip(initial).any(|(a, b)| (a - b).abs() > 0.5);
        if self.released && moved && drawn.len() == self.names.len() {
            with_store(ui.ctx(), |w| keep_all(w, &self.names, drawn, self.scale));
        }
        let memo = Memo {
            state_id: Some(state_id),
            key,
            widths: drawn.to_vec(),
            scroll_y,
        };
        ui.data_mut(|d| d.insert_temp(memo_id(self.table), memo));
    }
}

fn memo_id(table: &str) -> Id {
    Id::unique(("opplan_table_memo", table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_kept_at_100_percent_text_and_drawn_grown_with_it() {
        let names: Vec<String> = ["T/A", "T/B"].iter().map(|s| s.to_string()).collect();
        let mut w = Widths::new();
        keep_all(&mut w, &names, &[300.0, 151.0], 2.0);
        assert_eq!(w.get("T/A"), Some(&150.0));
        assert_eq!(w.get("T/B"), Some(&75.5));
        assert_eq!(kept_widths(&w, &names, 1.5), vec![Some(225.0), Some(113.25)]);
        let other = vec!["T/C".to_string()];
        assert_eq!(kept_widths(&w, &other, 1.0), vec![None]);
    }
}
