//! The register as a grid of cells (see [`crate::ui::grid::block`]): a
//! block of the text columns (reference, risk, category, owner) selected
//! with Shift+arrows from a cell nothing was typed in yet, copied with
//! Ctrl+C, pasted over with Ctrl+V through the paste preview and filled
//! down with Ctrl+D, each one undo step.

use super::View;
use crate::model::{Field, Plan, RecordId, RecordKind, Risk};
use crate::ui::Commands;
use crate::ui::grid::block::{self as grid, Area, Grid};
use egui::{Id, Ui};

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
}

/// The block's keys, before the table is drawn (see
/// [`grid::handle_keys`]); what they did in the notice under the toolbar.
pub fn handle_keys(ui: &mut Ui, plan: &Plan, view: &mut View, cmds: &mut Commands, cols: &[RiskCol], locked: bool) {
    let g = Risks {
        plan,
        rows: &view.cache.rows,
        cols,
    };
    if let Some(status) = grid::handle_keys(ui, &g, &mut view.grid, cmds, locked) {
        view.notice = Some(status);
    }
}

/// The block's place in the table shown with `cols`.
pub fn area(plan: &Plan, view: &View, cols: &[RiskCol]) -> Option<Area> {
    view.grid.area(&Risks {
        plan,
        rows: &view.cache.rows,
        cols,
    })
}
