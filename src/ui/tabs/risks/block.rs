//! The register as a grid of cells (see [`crate::ui::grid::block`]): a
//! block of the text columns (reference, risk, category, owner) selected
//! with Shift+arrows from a cell nothing was typed in yet, copied with
//! Ctrl+C, pasted over with Ctrl+V through the paste preview and filled
//! down with Ctrl+D, each one undo step.

use super::View;
use crate::model::{Field, Plan, PlanEdit, RecordId, RecordKind, Risk, Value};
use crate::ui::Commands;
use crate::ui::grid::block::{self as grid, Area, Grid};
use egui::{Id, Key, Modifiers, Ui};

/// A column of the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RiskCol {
    Num,
    Reference,
    Title,
    Category,
    Owner,
    Current,
    Residual,
    Actions,
}

impl RiskCol {
    /// The columns shown: the category only in a wide window.
    pub fn shown(wide: bool) -> Vec<RiskCol> {
        use RiskCol::*;
        [Num, Reference, Title, Category, Owner, Current, Residual, Actions]
            .into_iter()
            .filter(|&c| wide || c != Category)
            .collect()
    }

    /// The stored text field of a column the block covers.
    pub fn field(self) -> Option<Field> {
        match self {
            RiskCol::Reference => Some(Field::RiskReference),
            RiskCol::Title => Some(Field::RiskTitle),
            RiskCol::Category => Some(Field::RiskCategory),
            RiskCol::Owner => Some(Field::RiskOwner),
            _ => None,
        }
    }

    /// The column's text for a risk.
    pub fn text(self, r: &Risk) -> &str {
        match self {
            RiskCol::Reference => &r.reference,
            RiskCol::Title => &r.title,
            RiskCol::Category => &r.category,
            RiskCol::Owner => &r.owner,
            _ => "",
        }
    }
}

/// The id of a cell's input (the keyboard is followed by it).
pub fn cell_id(id: RecordId, col: RiskCol) -> Id {
    Id::unique(("risk_cell", id.0, col))
}

/// The register as it is shown now, as a grid.
pub struct Risks<'a> {
    pub plan: &'a Plan,
    pub rows: &'a [usize],
    pub cols: &'a [RiskCol],
}

impl Risks<'_> {
    fn risk(&self, r: usize) -> Option<&Risk> {
        self.rows.get(r).and_then(|&i| self.plan.risks.get(i))
    }
}

impl Grid for Risks<'_> {
    type Col = RiskCol;
    fn kind(&self) -> RecordKind {
        RecordKind::Risks
    }
    fn columns(&self) -> &[RiskCol] {
        self.cols
    }
    fn row_count(&self) -> usize {
        self.rows.len()
    }
    fn record(&self, r: usize) -> Option<RecordId> {
        self.risk(r).map(|r| r.id)
    }
    fn is_data(&self, col: RiskCol) -> bool {
        col.field().is_some()
    }
    fn text(&self, r: usize, col: RiskCol) -> String {
        self.risk(r).map_or_else(String::new, |r| col.text(r).to_string())
    }
    fn field(&self, col: RiskCol) -> Option<Field> {
        col.field()
    }
    fn copy_cell(&self, src: usize, r: usize, col: RiskCol) -> Option<PlanEdit> {
        let value = col.text(self.risk(src)?).to_string();
        Some(PlanEdit::set(
            RecordKind::Risks,
            self.record(r)?,
            col.field()?,
            Value::Text(value),
        ))
    }
}

/// The cell with the keyboard, if nothing has been typed in it since it
/// took it.
fn focused_untouched(ui: &Ui, plan: &Plan, view: &View) -> Option<((RecordId, RiskCol), bool)> {
    let (at, orig) = view.focused_cell.clone()?;
    if !ui.memory(|m| m.has_focus(cell_id(at.0, at.1))) {
        return None;
    }
    let now = plan.risk(at.0).map(|r| at.1.text(r));
    Some((at, now == Some(orig.as_str())))
}

/// The block's keys, before the table is drawn (see the module's words).
/// Typing in a cell, or another cell taking the keyboard, ends the block.
pub fn handle_keys(ui: &mut Ui, plan: &Plan, view: &mut View, cmds: &mut Commands, cols: &[RiskCol], locked: bool) {
    let Some((from, untouched)) = focused_untouched(ui, plan, view) else {
        return;
    };
    if view.block.is_some_and(|b| b.anchor != from) || !untouched {
        view.block = None;
    }
    // Ctrl+D (the window's Fill down is the Schemes tab's: here the
    // table takes the key itself)
    if !locked && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::D)) {
        fill_down(plan, view, cmds, cols);
        return;
    }
    let rows = view.cache.rows.clone();
    let g = Risks {
        plan,
        rows: &rows,
        cols,
    };
    if untouched && let Some(k) = grid::take_shift_arrow(ui) {
        if let Some((b, _)) = grid::extend(&g, view.block, from, k) {
            view.block = Some(b);
        }
        return;
    }
    let Some(a) = grid::area_or_cell(&g, view.block.as_ref(), from) else {
        return;
    };
    let (copy, paste) = grid::take_copy_paste(ui, a.cells() > 1, untouched && !locked);
    if copy {
        ui.ctx().copy_text(grid::tsv(&g, &a));
        view.notice = Some(format!("Copied {} cells ({})", a.cells(), grid::size_words(&a)));
    }
    if let Some(text) = paste {
        cmds.push(crate::ui::Command::Data(grid::paste_command(&g, &a, &text)));
    }
}

/// The block's place in the table shown with `cols`.
pub fn area(plan: &Plan, view: &View, cols: &[RiskCol]) -> Option<Area> {
    let g = Risks {
        plan,
        rows: &view.cache.rows,
        cols,
    };
    grid::area(&g, view.block.as_ref()?)
}

/// Ctrl+D: fills the block (or the focused cell from the row above) down,
/// as one undo step.
fn fill_down(plan: &Plan, view: &mut View, cmds: &mut Commands, cols: &[RiskCol]) {
    let Some(from) = view.block.map(|b| b.anchor).or(view.focused_cell.as_ref().map(|f| f.0)) else {
        view.notice = Some("Select the cells to fill first (Shift+arrows from a cell)".into());
        return;
    };
    let g = Risks {
        plan,
        rows: &view.cache.rows,
        cols,
    };
    let filled = grid::area_or_cell(&g, view.block.as_ref(), from).and_then(|a| grid::fill_down_edit(&g, &a));
    let Some((e, cells)) = filled else {
        view.notice = Some("Nothing to fill down: select a block of more than one row".into());
        return;
    };
    let (label, status) = grid::fill_words(cells);
    cmds.edit(label, e);
    view.notice = Some(status);
}
