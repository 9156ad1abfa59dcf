//! A block of cells of the schemes table, as in a spreadsheet: Shift+arrows
//! (in a cell nothing was typed in yet) and Shift+click select a
//! rectangle from the focused cell; it is drawn with an outline; Ctrl+C
//! copies it as tab-separated text (amounts as plain numbers in the plan's
//! unit); Ctrl+V pastes a block over it through the paste preview; Ctrl+D
//! fills it down from its top row. The block itself is every table's
//! ([`crate::ui::grid::block`]); this is the schemes table as a grid, and
//! how its cells pass the keyboard.

use super::rows::Col;
use super::table::{self, is_editable, text_field, text_of};
use super::{View, ops};
use crate::model::value::money_cell_text;
use crate::model::{AmountField, Field, Plan, PlanEdit, RecordId, RecordKind, Scheme};
use crate::ui::Commands;
use crate::ui::cells::MoneyChange;
use crate::ui::grid::block::{self as grid, Grid};
use egui::Ui;

pub use crate::ui::grid::block::Area;

/// The selected block of the schemes table.
pub type Block = grid::Block<Col>;

/// The schemes table as it is shown now, as a grid.
pub struct Schemes<'a> {
    pub plan: &'a Plan,
    pub view: &'a View,
}

impl Grid for Schemes<'_> {
    type Col = Col;
    fn kind(&self) -> RecordKind {
        RecordKind::Schemes
    }
    fn columns(&self) -> &[Col] {
        &self.view.columns_cache
    }
    fn row_count(&self) -> usize {
        self.view.cache.rows.len()
    }
    fn record(&self, r: usize) -> Option<RecordId> {
        scheme_at(self.plan, self.view, r).map(|s| s.id)
    }
    fn is_data(&self, col: Col) -> bool {
        is_data(col)
    }
    fn text(&self, r: usize, col: Col) -> String {
        scheme_at(self.plan, self.view, r).map_or_else(String::new, |s| cell_text(self.plan, s, col))
    }
    fn field(&self, col: Col) -> Option<Field> {
        field_of(self.plan, col)
    }
    fn copy_cell(&self, src: usize, r: usize, col: Col) -> Option<PlanEdit> {
        let plan = self.plan;
        let top = scheme_at(plan, self.view, src)?;
        let s = scheme_at(plan, self.view, r)?;
        if !is_editable(plan, top, col) || !is_editable(plan, s, col) {
            return None;
        }
        match money_of(col) {
            Some((yi, f)) => {
                let year = plan.header.years.get(yi)?;
                let y = top.year(year);
                let change = MoneyChange::Restore(
                    y.and_then(|y| *y.get(f)),
                    y.and_then(|y| y.unparsed(f)).map(str::to_string),
                );
                ops::set_money(s.id, year, f, change)
            }
            None => text_field(col).map(|f| ops::set_text(s.id, f, text_of(col, top).to_string())),
        }
    }
}

/// A column that holds a scheme's data (not the row number, risks or checks).
fn is_data(col: Col) -> bool {
    col.is_input()
}

/// The block's place in the table as it is shown now (`None` when there is
/// no block or one of its corners is not shown).
pub fn area(plan: &Plan, view: &View) -> Option<Area> {
    grid::area(&Schemes { plan, view }, view.block.as_ref()?)
}

/// What the toolbar says while a block of more than one cell is selected.
pub fn status_line(plan: &Plan, view: &View) -> Option<String> {
    grid::status_line(&area(plan, view)?)
}

fn scheme_at<'p>(plan: &'p Plan, view: &View, r: usize) -> Option<&'p Scheme> {
    view.cache.rows.get(r).and_then(|&i| plan.schemes.get(i))
}

fn money_of(col: Col) -> Option<(usize, AmountField)> {
    match col {
        Col::Spend(yi) => Some((yi, AmountField::Spend)),
        Col::Money(yi, f) => Some((yi, f)),
        _ => None,
    }
}

/// A cell's text as Excel takes it: text as typed, an amount as a plain
/// number in the plan's unit ("3432.5"), unread text as it was typed, a
/// split year's total as its plain total.
pub fn cell_text(plan: &Plan, s: &Scheme, col: Col) -> String {
    let unit = plan.settings.display_unit;
    let Some((yi, field)) = money_of(col) else {
        return text_of(col, s).to_string();
    };
    let Some(y) = plan.header.years.get(yi).and_then(|y| s.year(y)) else {
        return String::new();
    };
    if matches!(col, Col::Spend(_)) && y.is_split() {
        let t = y.total_spend();
        let plain = |p: i128| crate::model::money::exact_in_unit(p, unit).replace(',', "");
        return if t.is_range() {
            format!("{} - {}", plain(t.min_pence), plain(t.max_pence))
        } else {
            plain(t.min_pence)
        };
    }
    match (y.get(field), y.unparsed(field)) {
        (_, Some(t)) => t.to_string(),
        (Some(a), None) => money_cell_text(a, unit),
        (None, None) => String::new(),
    }
}

/// The stored field a column sets (`None` for the row number, risks, checks).
pub fn field_of(plan: &Plan, col: Col) -> Option<Field> {
    match money_of(col) {
        Some((yi, f)) => plan.header.years.get(yi).map(|y| ops::money_field(y, f)),
        None => text_field(col),
    }
}

/// A drag from the cell with the keyboard over `at`: the block runs from
/// that cell to this one (the keyboard stays in the first).
pub fn drag_over(view: &mut View, at: (RecordId, Col), resp: &egui::Response) {
    if let (Some(from), Some(r)) = (view.focused_cell, view.focused_rect)
        && from != at
        && is_data(from.1)
        && is_data(at.1)
        && grid::dragged_onto(&resp.ctx, r, resp.rect)
    {
        view.block = Some(Block { anchor: from, end: at });
    }
}

/// Shift+click on a cell while another has the keyboard: the block runs
/// from that one to this one (the keyboard goes back to the first).
pub fn shift_click(view: &mut View, at: (RecordId, Col), resp: &egui::Response) {
    if !grid::shift_clicked(resp) || !is_data(at.1) {
        return;
    }
    let anchor = match (view.block, view.block_home.filter(|h| *h != at)) {
        // the button let go after the block was made on its press
        (Some(b), _) if b.end == at => b.anchor,
        (b, Some(home)) => b.filter(|b| b.anchor == home).map_or(home, |b| b.anchor),
        _ => return,
    };
    view.block = Some(Block { anchor, end: at });
    view.pending_focus = Some(anchor);
    view.block_returning = true;
}

/// The block's keys, before the table is drawn: Shift+arrows extend it
/// (when nothing was typed in the cell yet), Ctrl+C copies a block of
/// more than one cell, Ctrl+V pastes over it (and a pasted block of
/// several cells pastes from the focused cell) through the paste preview.
/// A block whose anchor lost the keyboard is forgotten.
pub fn handle_keys(ui: &mut Ui, plan: &Plan, view: &mut View, cmds: &mut Commands, locked: bool) {
    let focused = view
        .focused_cell
        .filter(|f| ui.memory(|m| m.has_focus(super::cell_id(f.0, f.1))));
    let before = std::mem::replace(&mut view.block_home, focused);
    if let Some(b) = view.block {
        // another cell took the keyboard, or the anchor took it back from
        // outside the table (not sent back by the block itself): a new
        // start. Focus elsewhere (a button, a menu) keeps the block.
        let other_cell = focused.is_some_and(|f| f != b.anchor) && view.pending_focus != Some(b.anchor);
        let retaken = focused == Some(b.anchor) && before != focused && !view.block_returning;
        if other_cell || retaken {
            view.block = None;
        }
        if focused == Some(b.anchor) {
            view.block_returning = false;
        }
    }
    let Some(from) = focused else { return };
    if view.popup_open || !is_data(from.1) {
        return;
    }
    let untouched = table::focused_cell_untouched(ui.ctx(), plan, view);
    if !untouched && view.pending_focus.is_none() {
        // typing in the cell: the block is over (as in a spreadsheet)
        view.block = None;
    }
    let g = Schemes { plan, view };
    if untouched && let Some(k) = grid::take_shift_arrow(ui) {
        if let Some((b, r)) = grid::extend(&g, view.block, from, k) {
            view.block = Some(b);
            view.scroll_to_row = Some(r);
        }
        return;
    }
    let Some(a) = grid::area_or_cell(&g, view.block.as_ref(), from) else {
        return;
    };
    let (copy, paste) = grid::take_copy_paste(ui, a.cells() > 1, untouched && !locked);
    let copied = copy.then(|| grid::tsv(&g, &a));
    if let Some(text) = paste {
        cmds.push(crate::ui::Command::Data(grid::paste_command(&g, &a, &text)));
    }
    if let Some(tsv) = copied {
        ui.ctx().copy_text(tsv);
        view.status = format!("Copied {} cells ({})", a.cells(), grid::size_words(&a));
    }
}

/// Ctrl+D: fills the block down (see [`grid::fill_down_edit`]); the block moves
/// its anchor to its top row, so the cell with the keyboard is never one
/// the fill changed.
pub fn fill_down(plan: &Plan, view: &mut View, cmds: &mut Commands) {
    let Some(from) = view.block.map(|b| b.anchor).or(view.focused_cell) else {
        view.status = "Select the cells to fill first (Shift+arrows from a cell)".into();
        return;
    };
    let g = Schemes { plan, view };
    let Some(a) = grid::area_or_cell(&g, view.block.as_ref(), from) else {
        return;
    };
    let Some((e, cells)) = grid::fill_down_edit(&g, &a) else {
        view.status = "Nothing to fill down: select a block of more than one row".into();
        return;
    };
    let (label, status) = grid::fill_words(cells);
    cmds.edit(label, e);
    view.status = status;
    if let (Some(b), Some(top)) = (view.block, scheme_at(plan, view, a.r0)) {
        let bottom = scheme_at(plan, view, a.r1).map_or(top.id, |s| s.id);
        let anchor = (top.id, b.anchor.1);
        view.block = Some(Block {
            anchor,
            end: (bottom, b.end.1),
        });
        if anchor != from {
            view.pending_focus = Some(anchor);
            view.block_returning = true;
        }
    }
}

/// F6: the keyboard to the table, in the selected scheme's name (else the
/// first shown row's), from the tab bar or anywhere else.
pub fn focus_table(plan: &Plan, view: &mut View) {
    let row = view
        .selected
        .and_then(|id| Schemes { plan, view }.row_of(id))
        .or((!view.cache.rows.is_empty()).then_some(0));
    let Some(s) = row.and_then(|r| scheme_at(plan, view, r)) else {
        view.status = "No scheme is shown: Ctrl+Enter adds one".into();
        return;
    };
    table::focus_cell(plan, view, (s.id, Col::Name));
}
