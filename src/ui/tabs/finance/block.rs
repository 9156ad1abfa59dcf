//! The Finance tab's editable tables as grids of cells (see
//! [`crate::ui::grid::block`]): allocation lines, contributions, pay for
//! performance and QIPP. A block of their cells is selected with
//! Shift+arrows, Shift+click or a drag from the cell with the keyboard,
//! copied with Ctrl+C (tab-separated, amounts as plain numbers in the
//! plan's unit), pasted over with Ctrl+V through the finance paste
//! preview (the rows carry their line's ID, so each updates its line) and
//! filled down with Ctrl+D, each one undo step.

use super::{passes, qipp_passes, qipp_year_mut};
use crate::interop::clipboard::{parse_tsv, tsv_cell};
use crate::interop::import::FinanceTable;
use crate::model::value::money_cell_text;
use crate::model::{
    AllocationLine, Amount, Contribution, FinanceTables, PerformanceAmount, Plan, PlanEdit, RecordId, RecordKind,
    Scheme,
};
use crate::ui::Commands;
use crate::ui::data::DataCommand;
use crate::ui::grid::block::{self as grid, Area, Grid, Selection};
use egui::{Response, Ui};
use std::collections::HashMap;

/// A data column of one of the tab's tables (the columns a block covers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FinCol {
    Label,
    Kind,
    Amount,
    Growth,
    Organisation,
    Holds,
    Source,
    Minimum,
    Actual,
    Programme,
    Saving,
    Investment,
    PayForPerformance,
    PlannedSavings,
    MaximumSupport,
}

const ALLOCATION_COLS: [FinCol; 4] = [FinCol::Label, FinCol::Kind, FinCol::Amount, FinCol::Growth];
const CONTRIBUTION_COLS: [FinCol; 5] = [
    FinCol::Organisation,
    FinCol::Holds,
    FinCol::Source,
    FinCol::Minimum,
    FinCol::Actual,
];
const QIPP_COLS: [FinCol; 3] = [FinCol::Programme, FinCol::Saving, FinCol::Investment];
const PERFORMANCE_COLS: [FinCol; 3] = [
    FinCol::PayForPerformance,
    FinCol::PlannedSavings,
    FinCol::MaximumSupport,
];

impl FinCol {
    /// The table of the column, and its place among the columns the tab
    /// shows ([`super::pasted_columns`], whose heading names it in a paste).
    fn place(self) -> (FinanceTable, usize) {
        use FinCol::*;
        use FinanceTable as T;
        match self {
            Label => (T::Allocations, 0),
            Kind => (T::Allocations, 1),
            Amount => (T::Allocations, 2),
            Growth => (T::Allocations, 3),
            Organisation => (T::Contributions, 0),
            Holds => (T::Contributions, 1),
            Source => (T::Contributions, 2),
            Minimum => (T::Contributions, 3),
            Actual => (T::Contributions, 4),
            Programme => (T::Qipp, 1),
            Saving => (T::Qipp, 2),
            Investment => (T::Qipp, 3),
            PayForPerformance => (T::Performance, 2),
            PlannedSavings => (T::Performance, 3),
            MaximumSupport => (T::Performance, 4),
        }
    }

    /// The table the column is in.
    pub fn table(self) -> FinanceTable {
        self.place().0
    }

    /// The heading the finance import reads the column by.
    fn heading(self) -> &'static str {
        let (t, i) = self.place();
        super::pasted_columns(t)[i]
    }
}

/// The data columns of a table, left to right.
pub fn columns(table: FinanceTable) -> &'static [FinCol] {
    match table {
        FinanceTable::Allocations => &ALLOCATION_COLS,
        FinanceTable::Contributions => &CONTRIBUTION_COLS,
        FinanceTable::Qipp => &QIPP_COLS,
        FinanceTable::Performance => &PERFORMANCE_COLS,
    }
}

/// The QIPP schemes the filter passes (indices into the plan's schemes).
pub fn qipp_rows(plan: &Plan, year: &str, needle: &str) -> Vec<usize> {
    plan.schemes
        .iter()
        .enumerate()
        .filter(|(_, s)| s.has_qipp() && qipp_passes(needle, s, year))
        .map(|(i, _)| i)
        .collect()
}

/// The page of `len` rows shown ([`super::QIPP_PAGE`] a page), with the
/// page clamped to the last one.
pub fn page_range(len: usize, page: usize) -> (usize, std::ops::Range<usize>) {
    let pages = len.div_ceil(super::QIPP_PAGE).max(1);
    let page = page.min(pages - 1);
    let first = page * super::QIPP_PAGE;
    (page, first..(first + super::QIPP_PAGE).min(len))
}

/// One of the tab's tables as it is shown now: its rows of `year` that
/// the filter passes (QIPP: the page shown), as a grid.
pub struct FinanceGrid<'a> {
    pub plan: &'a Plan,
    pub table: FinanceTable,
    pub year: &'a str,
    /// The shown rows: indices into the plan's list of the table (QIPP:
    /// its schemes).
    pub rows: Vec<usize>,
}

impl<'a> FinanceGrid<'a> {
    pub fn new(plan: &'a Plan, table: FinanceTable, year: &'a str, needle: &str, qipp_page: usize) -> Self {
        let rows = match table {
            FinanceTable::Allocations => (plan.allocations.iter().enumerate())
                .filter(|(_, l)| l.year == year && passes(needle, &[&l.label]))
                .map(|(i, _)| i)
                .collect(),
            FinanceTable::Contributions => (plan.contributions.iter().enumerate())
                .filter(|(_, c)| c.year == year && passes(needle, &[&c.organisation, &c.source_of_funding]))
                .map(|(i, _)| i)
                .collect(),
            FinanceTable::Performance => (plan.performance_amounts.iter().enumerate())
                .filter(|(_, p)| is_performance_of(p, year) && passes(needle, &[&p.metric]))
                .map(|(i, _)| i)
                .collect(),
            FinanceTable::Qipp => {
                let all = qipp_rows(plan, year, needle);
                let (_, shown) = page_range(all.len(), qipp_page);
                all[shown].to_vec()
            }
        };
        FinanceGrid {
            plan,
            table,
            year,
            rows,
        }
    }

    fn at(&self, r: usize) -> Option<usize> {
        self.rows.get(r).copied()
    }

    fn alloc(&self, r: usize) -> Option<&'a AllocationLine> {
        self.plan.allocations.get(self.at(r)?)
    }
    fn contrib(&self, r: usize) -> Option<&'a Contribution> {
        self.plan.contributions.get(self.at(r)?)
    }
    fn perf(&self, r: usize) -> Option<&'a PerformanceAmount> {
        self.plan.performance_amounts.get(self.at(r)?)
    }
    fn scheme(&self, r: usize) -> Option<&'a Scheme> {
        self.plan.schemes.get(self.at(r)?)
    }

    /// The year of shown row `r` (a performance amount may be "ongoing").
    fn year_of(&self, r: usize) -> Option<&str> {
        Some(match self.table {
            FinanceTable::Allocations => &self.alloc(r)?.year,
            FinanceTable::Contributions => &self.contrib(r)?.year,
            FinanceTable::Performance => &self.perf(r)?.year,
            FinanceTable::Qipp => self.year,
        })
    }
}

/// A performance amount the tab shows for `year`: that year's, or ongoing.
pub fn is_performance_of(p: &PerformanceAmount, year: &str) -> bool {
    p.year == year || p.year.eq_ignore_ascii_case("ongoing")
}

fn money_text(a: &Option<Amount>, plan: &Plan) -> String {
    a.as_ref()
        .map(|a| money_cell_text(a, plan.settings.display_unit))
        .unwrap_or_default()
}

/// "Yes", "No" or blank: a contribution's "holds the pooled budget?".
fn holds_text(h: Option<bool>) -> &'static str {
    match h {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "",
    }
}

/// Copies column `col` of `src` into `dst` (lines of the same table).
fn copy_alloc(col: FinCol, src: &AllocationLine, dst: &mut AllocationLine) {
    match col {
        FinCol::Label => dst.label = src.label.clone(),
        FinCol::Kind => dst.kind = src.kind,
        FinCol::Amount => dst.amount = src.amount,
        FinCol::Growth => dst.growth_pct = src.growth_pct,
        _ => {}
    }
}

fn copy_contrib(col: FinCol, src: &Contribution, dst: &mut Contribution) {
    match col {
        FinCol::Organisation => dst.organisation = src.organisation.clone(),
        FinCol::Holds => dst.holds_pooled_budget = src.holds_pooled_budget,
        FinCol::Source => dst.source_of_funding = src.source_of_funding.clone(),
        FinCol::Minimum => dst.minimum = src.minimum,
        FinCol::Actual => dst.actual = src.actual,
        _ => {}
    }
}

fn copy_perf(col: FinCol, src: &PerformanceAmount, dst: &mut PerformanceAmount) {
    match col {
        FinCol::PayForPerformance => dst.pay_for_performance = src.pay_for_performance,
        FinCol::PlannedSavings => dst.planned_savings = src.planned_savings,
        FinCol::MaximumSupport => dst.maximum_support = src.maximum_support,
        _ => {}
    }
}

/// Copies column `col` of `src`'s QIPP of `year` into `dst`'s.
fn copy_qipp(col: FinCol, year: &str, src: &Scheme, dst: &mut Scheme) {
    let from = src.qipp_year(year).cloned().unwrap_or_default();
    match col {
        FinCol::Programme => dst.qipp_programme = src.qipp_programme.clone(),
        FinCol::Saving if dst.qipp_year(year).map(|q| q.saving) != Some(from.saving) => {
            qipp_year_mut(dst, year).saving = from.saving
        }
        FinCol::Investment if dst.qipp_year(year).map(|q| q.investment) != Some(from.investment) => {
            qipp_year_mut(dst, year).investment = from.investment
        }
        _ => {}
    }
}

impl Grid for FinanceGrid<'_> {
    type Col = FinCol;
    /// QIPP rows are schemes; the other tables' lines are no records of
    /// a kind: their pastes and fills are their own ([`Grid::paste_over`],
    /// [`Grid::copy_cells`]), so no kind is asked of them.
    fn kind(&self) -> RecordKind {
        RecordKind::Schemes
    }
    fn columns(&self) -> &[FinCol] {
        columns(self.table)
    }
    fn row_count(&self) -> usize {
        self.rows.len()
    }
    fn record(&self, r: usize) -> Option<RecordId> {
        match self.table {
            FinanceTable::Allocations => self.alloc(r).map(|l| l.id),
            FinanceTable::Contributions => self.contrib(r).map(|c| c.id),
            FinanceTable::Performance => self.perf(r).map(|p| p.id),
            FinanceTable::Qipp => self.scheme(r).map(|s| s.id),
        }
    }
    fn is_data(&self, _: FinCol) -> bool {
        true
    }
    fn text(&self, r: usize, col: FinCol) -> String {
        let plan = self.plan;
        let t = match col.table() {
            FinanceTable::Allocations => self.alloc(r).map(|l| match col {
                FinCol::Label => l.label.clone(),
                FinCol::Kind => l.kind.word().to_string(),
                FinCol::Amount => money_text(&l.amount, plan),
                _ => l.growth_pct.map(|d| d.normalize().to_string()).unwrap_or_default(),
            }),
            FinanceTable::Contributions => self.contrib(r).map(|c| match col {
                FinCol::Organisation => c.organisation.clone(),
                FinCol::Holds => holds_text(c.holds_pooled_budget).to_string(),
                FinCol::Source => c.source_of_funding.clone(),
                FinCol::Minimum => money_text(&c.minimum, plan),
                _ => money_text(&c.actual, plan),
            }),
            FinanceTable::Performance => self.perf(r).map(|p| match col {
                FinCol::PayForPerformance => money_text(&p.pay_for_performance, plan),
                FinCol::PlannedSavings => money_text(&p.planned_savings, plan),
                _ => money_text(&p.maximum_support, plan),
            }),
            FinanceTable::Qipp => self.scheme(r).map(|s| {
                let q = s.qipp_year(self.year);
                match col {
                    FinCol::Programme => s.qipp_programme.clone(),
                    FinCol::Saving => money_text(&q.and_then(|q| q.saving), plan),
                    _ => money_text(&q.and_then(|q| q.investment), plan),
                }
            }),
        };
        t.unwrap_or_default()
    }
    fn field(&self, _: FinCol) -> Option<crate::model::Field> {
        None
    }
    fn copy_cell(&self, _: usize, _: usize, _: FinCol) -> Option<PlanEdit> {
        None
    }
    /// One edit for every copy: the finance tables as one value, or each
    /// QIPP scheme put back once with all its cells.
    fn copy_cells(&self, cells: &[(usize, usize, FinCol)]) -> Option<PlanEdit> {
        if cells.is_empty() {
            return None;
        }
        let plan = self.plan;
        if self.table == FinanceTable::Qipp {
            let mut order: Vec<RecordId> = Vec::new();
            let mut changed: HashMap<RecordId, Scheme> = HashMap::new();
            for &(src, r, col) in cells {
                let (Some(from), Some(to)) = (self.scheme(src), self.scheme(r)) else {
                    continue;
                };
                let dst = changed.entry(to.id).or_insert_with(|| {
                    order.push(to.id);
                    to.clone()
                });
                copy_qipp(col, self.year, from, dst);
            }
            let edits: Vec<PlanEdit> = order
                .iter()
                .filter_map(|id| changed.remove(id))
                .map(PlanEdit::put)
                .collect();
            return (!edits.is_empty()).then_some(PlanEdit::Batch(edits));
        }
        let mut t = FinanceTables::of(plan);
        for &(src, r, col) in cells {
            let (Some(s), Some(d)) = (self.at(src), self.at(r)) else {
                continue;
            };
            match self.table {
                FinanceTable::Allocations => {
                    if let (Some(from), Some(to)) = (plan.allocations.get(s), t.allocations.get_mut(d)) {
                        copy_alloc(col, from, to);
                    }
                }
                FinanceTable::Contributions => {
                    if let (Some(from), Some(to)) = (plan.contributions.get(s), t.contributions.get_mut(d)) {
                        copy_contrib(col, from, to);
                    }
                }
                _ => {
                    if let (Some(from), Some(to)) = (plan.performance_amounts.get(s), t.performance_amounts.get_mut(d))
                    {
                        copy_perf(col, from, to);
                    }
                }
            }
        }
        Some(PlanEdit::SetFinanceTables(Box::new(t)))
    }
    /// The finance paste preview, with the block as rows that name their
    /// line by its ID (QIPP: the scheme's) and its year: each updates its
    /// line's cells under the block, and rows pasted below the table's
    /// last add lines of the year shown. A block with its own heading row
    /// is pasted as rows, as a paste outside a block is.
    fn paste_over(&self, ids: Vec<RecordId>, cols: &[FinCol], text: String) -> DataCommand {
        let paste = |text: String| DataCommand::PasteFinance {
            table: Some(self.table),
            year: self.year.to_string(),
            text: Some(text),
        };
        let rows = parse_tsv(&text);
        if rows
            .first()
            .is_some_and(|r| crate::ui::paste::is_finance_heading_row(self.table, r))
        {
            return paste(text);
        }
        let width = rows.iter().map(Vec::len).max().unwrap_or(0);
        let id_heading = match self.table {
            FinanceTable::Qipp => "Scheme ID",
            _ => "ID",
        };
        let mut head = vec![id_heading.to_string(), "Year".to_string()];
        head.extend((0..width).map(|i| match cols.get(i) {
            Some(c) => c.heading().to_string(),
            None => "Beyond the table's last column".to_string(),
        }));
        let mut out = head.join("\t");
        out.push('\n');
        for (i, row) in rows.iter().enumerate() {
            let r = self.row_of_id(ids.get(i).copied());
            let id = ids.get(i).map(|id| id.0.to_string()).unwrap_or_default();
            let year = r.and_then(|r| self.year_of(r)).unwrap_or(self.year);
            let mut cells = vec![id, tsv_cell(year)];
            cells.extend((0..width).map(|j| tsv_cell(row.get(j).map_or("", String::as_str))));
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
        paste(out)
    }
}

impl FinanceGrid<'_> {
    fn row_of_id(&self, id: Option<RecordId>) -> Option<usize> {
        self.row_of(id?)
    }
}

/// The tab's block and the cell with the keyboard: which table they are
/// in follows from their columns.
pub type FinanceSelection = Selection<FinCol>;
/// A block of one of the tab's tables.
pub type FinanceBlock = grid::Block<FinCol>;
/// What the block's keys did, with the block and the cell with the
/// keyboard then.
pub type Said = (String, Option<FinanceBlock>, Option<(RecordId, FinCol)>);

/// The block's keys, before the tables are drawn, in the table of the cell
/// with the keyboard (see [`grid::handle_keys`]): what they did, if
/// anything, for the tab's status.
pub fn handle_keys(
    ui: &mut Ui,
    plan: &Plan,
    year: &str,
    needle: &str,
    view: &mut super::View,
    cmds: &mut Commands,
    locked: bool,
) -> Option<String> {
    let table = view.grid.focused.as_ref()?.0.1.table();
    let g = FinanceGrid::new(plan, table, year, needle, view.qipp_page);
    grid::handle_keys(ui, &g, &mut view.grid, cmds, locked)
}

/// A cell drawn in a table's `egui::Grid`: the block follows the keyboard,
/// a drag and a Shift+click through it, and its part of the block is
/// painted over it.
pub fn cell(
    ui: &Ui,
    sel: &mut FinanceSelection,
    g: &FinanceGrid,
    area: Option<&Area>,
    r: usize,
    col: FinCol,
    resp: &Response,
) {
    let (Some(id), Some(c)) = (g.record(r), g.col_of(col)) else {
        return;
    };
    sel.follow(resp, (id, col), &g.text(r, col));
    if let Some(a) = area {
        grid::paint_cell_at(ui, resp.rect, a, r, c);
    }
}

/// [`cell`] for a cell drawn with a fixed id (a money or number field,
/// which gives no response back).
pub fn cell_by_id(
    ui: &Ui,
    sel: &mut FinanceSelection,
    g: &FinanceGrid,
    area: Option<&Area>,
    r: usize,
    col: FinCol,
    id: egui::Id,
) {
    if let Some(resp) = ui.ctx().read_response(id) {
        cell(ui, sel, g, area, r, col, &resp);
    }
}
