//! The Schemes tab: where the money goes. An editable table of schemes in
//! two layouts, live totals pinned under it, the reconciliation against the
//! plan header above it, and a side panel with the selected scheme's
//! details and the breakdowns.

pub mod block;
pub mod ops;
pub mod remember;
pub mod rows;
mod side;
pub mod table;

use super::set_unit;
use crate::calc::finance::{Dimension, Measure, Parts, parts_by_year};
use crate::calc::schemes::{ChoiceField, choices_except};
use crate::model::money::format_span;
use crate::model::{AmountField, Plan, RecordId, RecordKind};
use crate::ui::Tab;
use crate::ui::command::{self, CommandState, UiCommand};
use crate::ui::grid::PendingDelete;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx, escape};
use egui::{Id, RichText, Ui};
pub use rows::{Col, Filter, Layout, SortBy};
use std::collections::{BTreeMap, HashMap};

/// The breakdown panel's lines (name, one amount per year) for a plan
/// generation, a dimension and a measure.
pub(crate) type BreakdownCache = ((u64, Dimension, Measure), Vec<(String, Vec<crate::model::Span>)>);

/// What the side panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Panel {
    #[default]
    Details,
    Breakdown,
}

/// The id of a table cell (stable across sorting and filtering).
pub fn cell_id(rid: RecordId, col: Col) -> Id {
    Id::unique(("scheme_cell", rid.0, col))
}

/// What the table shows, cached until the plan, the filter or the sort
/// changes. While a cell is being edited the rows keep their place (a row
/// does not jump away, or vanish from a filter, under the user's typing);
/// they are sorted and filtered again when the edit ends.
#[derive(Default)]
pub struct RowCache {
    valid: bool,
    /// The plan changed while a cell was being edited.
    stale: bool,
    generation: u64,
    filter: Filter,
    sort: Option<SortBy>,
    always: Vec<RecordId>,
    /// Indices into `plan.schemes`, in display order.
    pub rows: Vec<usize>,
    ids: Vec<RecordId>,
    /// The shown rows' money per year (when a filter is on).
    pub shown: BTreeMap<String, Parts>,
    /// Risks linking to each scheme.
    pub risks: HashMap<RecordId, usize>,
    /// Where each scheme is in `plan.schemes`.
    index: HashMap<RecordId, usize>,
    /// Some scheme has a CCG / programme, a reference, a status.
    pub uses_programme: bool,
    pub uses_reference: bool,
    pub uses_status: bool,
    lists_generation: Option<u64>,
    options: HashMap<ChoiceField, (u64, Option<RecordId>, Vec<String>)>,
    used: HashMap<ChoiceField, (u64, Vec<String>)>,
}

impl RowCache {
    fn refresh(&mut self, ctx: &TabCtx, filter: &Filter, sort: Option<SortBy>, always: &[RecordId], editing: bool) {
        let (plan, generation) = (ctx.plan, ctx.generation);
        if self.lists_generation != Some(generation) {
            // the risks' links and the schemes' places change only when
            // risks change or records come, go or move: not on a keystroke
            // in a scheme
            use crate::model::edit::Change;
            let kept = self
                .lists_generation
                .and_then(|g| ctx.changes_since(g))
                .is_some_and(|changes| {
                    changes.iter().all(|c| match c {
                        Change::Record { kind, .. } => *kind != RecordKind::Risks,
                        Change::Header | Change::FinanceTables | Change::History => true,
                        _ => false,
                    })
                });
            if !kept {
                self.risks = rows::risk_counts(plan);
                self.index = plan.schemes.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
            }
            self.uses_programme = plan.schemes.iter().any(|s| !s.programme.trim().is_empty());
            self.uses_reference = plan.schemes.iter().any(|s| !s.reference.trim().is_empty());
            self.uses_status = plan.schemes.iter().any(|s| !s.status.trim().is_empty());
            self.lists_generation = Some(generation);
        }
        let settings_changed = !self.valid || self.filter != *filter || self.sort != sort || self.always != always;
        if settings_changed || (!editing && (generation != self.generation || self.stale)) {
            self.stale = false;
            self.rows = rows::visible_rows(plan, filter, sort, &self.risks, always);
            self.ids = self.rows.iter().map(|&i| plan.schemes[i].id).collect();
            self.filter = filter.clone();
            self.sort = sort;
            self.always = always.to_vec();
            self.valid = true;
        } else if generation != self.generation {
            // editing: keep the order, follow the records by id; sort and
            // filter again once the edit is over
            self.stale = true;
            let same = self.rows.len() == self.ids.len()
                && self
                    .rows
                    .iter()
                    .zip(&self.ids)
                    .all(|(&i, id)| plan.schemes.get(i).map(|s| s.id) == Some(*id));
            if !same {
                let at: HashMap<RecordId, usize> = plan.schemes.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
                let (rows, ids): (Vec<usize>, Vec<RecordId>) =
                    self.ids.iter().filter_map(|id| at.get(id).map(|&i| (i, *id))).unzip();
                self.rows = rows;
                self.ids = ids;
            }
        } else {
            return;
        }
        self.generation = generation;
        self.shown = if filter.is_active() {
            parts_by_year(self.rows.iter().map(|&i| &plan.schemes[i]))
        } else {
            BTreeMap::new()
        };
    }

    /// Where a scheme is in the plan (as of the last refresh).
    pub fn index_of(&self, id: RecordId) -> Option<usize> {
        self.index.get(&id).copied()
    }

    /// Forgets the rows, so the next frame sorts and filters again.
    pub fn invalidate(&mut self) {
        self.valid = false;
    }

    /// The values the schemes use in a field (for the filter lists), once
    /// each, sorted.
    pub fn used_values(&mut self, plan: &Plan, field: ChoiceField, generation: u64) -> &[String] {
        if self.used.get(&field).is_none_or(|(g, _)| *g != generation) {
            let mut seen = std::collections::HashSet::new();
            let mut v: Vec<String> = Vec::new();
            for s in &plan.schemes {
                let t = field.of(s).trim();
                if !t.is_empty() && seen.insert(t.to_lowercase()) {
                    v.push(t.to_string());
                }
            }
            v.sort_by(|a, b| rows::natural_cmp(a, b));
            self.used.insert(field, (generation, v));
        }
        &self.used[&field].1
    }

    /// The values a choice field offers, leaving out the value of the
    /// scheme being edited (computed once per plan change).
    pub fn options(&mut self, plan: &Plan, field: ChoiceField, except: Option<RecordId>, generation: u64) -> &[String] {
        let fresh = self
            .options
            .get(&field)
            .is_some_and(|(g, e, _)| *g == generation && *e == except);
        if !fresh {
            self.options
                .insert(field, (generation, except, choices_except(plan, field, except)));
        }
        &self.options[&field].2
    }
}

/// The Schemes tab's window state.
pub struct View {
    pub layout: Layout,
    pub filter: Filter,
    pub sort: Option<SortBy>,
    pub selected: Option<RecordId>,
    pub show_panel: bool,
    pub panel: Panel,
    pub breakdown_dim: Dimension,
    pub breakdown_measure: Measure,
    /// Columns the user showed or hid, per layout (others follow the defaults).
    pub column_choice: HashMap<(Layout, Col), bool>,
    /// The detailed layout shows the spend not split (None: when the plan has some).
    pub unsplit_column: Option<bool>,
    pub cache: RowCache,
    /// A line about the last row operation ("Deleted scheme 4").
    pub status: String,
    pub(crate) columns_cache: Vec<Col>,
    pub(crate) focused_cell: Option<(RecordId, Col)>,
    pub(crate) pending_focus: Option<(RecordId, Col)>,
    pub(crate) scroll_to_row: Option<usize>,
    pub(crate) nav_request: Option<((RecordId, Col), table::Move)>,
    pub(crate) popup_open: bool,
    pub(crate) widths: Vec<f32>,
    /// Rows added in this view: shown whatever the filter says.
    always_show: Vec<RecordId>,
    /// A row was asked for (added or duplicated): the next frame selects
    /// the scheme the edit added.
    awaiting_new: bool,
    /// A details field to focus (checklist click-through).
    pub(crate) side_focus: Option<&'static str>,
    /// Unsplit spend shown in the detailed layout while it is open.
    unsplit_latch: bool,
    /// A row action asked for from a row's menu, done after the table.
    pub(crate) row_action: Option<(RowAction, RecordId)>,
    /// The breakdown's lines, for a plan generation, dimension and measure.
    pub(crate) breakdown_cache: Option<BreakdownCache>,
    /// The selected block of cells (Shift+arrows, Shift+click).
    pub block: Option<block::Block>,
    /// The cell that had the keyboard when the frame began (where a
    /// Shift+click's block starts).
    pub(crate) block_home: Option<(RecordId, Col)>,
    /// The block sent the keyboard back to its anchor (it stays).
    pub(crate) block_returning: bool,
    /// Where the cell with the keyboard was drawn (a drag starts there).
    pub(crate) focused_rect: Option<egui::Rect>,
    /// A delete asked for (and what the status will call the row): the
    /// row to select once it is done.
    after_delete: Option<(PendingDelete, String)>,
}

impl Default for View {
    fn default() -> Self {
        View {
            layout: Layout::Simple,
            filter: Filter::default(),
            sort: None,
            selected: None,
            show_panel: false,
            panel: Panel::Details,
            breakdown_dim: Dimension::Source,
            breakdown_measure: Measure::Spend,
            column_choice: HashMap::new(),
            unsplit_column: None,
            cache: RowCache::default(),
            status: String::new(),
            columns_cache: Vec::new(),
            focused_cell: None,
            pending_focus: None,
            scroll_to_row: None,
            nav_request: None,
            popup_open: false,
            widths: Vec::new(),
            always_show: Vec::new(),
            awaiting_new: false,
            side_focus: None,
            unsplit_latch: false,
            breakdown_cache: None,
            row_action: None,
            block: None,
            block_home: None,
            block_returning: false,
            focused_rect: None,
            after_delete: None,
        }
    }
}

impl View {
    /// Is an optional column shown by default?
    fn default_visible(&self, col: Col) -> bool {
        // the Kent expenditure plan's columns, and the others a plan uses
        match (self.layout, col) {
            (_, Col::Reference) => self.cache.uses_reference,
            (_, Col::Risks) => !self.cache.risks.is_empty(),
            (_, Col::Checks) => true,
            (Layout::Simple, Col::Programme) => self.cache.uses_programme,
            (Layout::Simple, Col::Status) => self.cache.uses_status,
            (Layout::Simple, _) => true,
            (Layout::Detailed, _) => false,
        }
    }

    pub fn is_visible(&self, col: Col) -> bool {
        if !Col::OPTIONAL.contains(&col) {
            return true;
        }
        self.column_choice
            .get(&(self.layout, col))
            .copied()
            .unwrap_or_else(|| self.default_visible(col))
    }

    /// The columns of the current layout.
    pub fn columns(&self, plan: &Plan, has_unsplit: bool) -> Vec<Col> {
        let mut cols = vec![Col::Num];
        if self.is_visible(Col::Reference) {
            cols.push(Col::Reference);
        }
        cols.push(Col::Name);
        for c in [
            Col::Area,
            Col::AreaOther,
            Col::Commissioner,
            Col::Provider,
            Col::Source,
            Col::Programme,
            Col::Status,
        ] {
            if self.is_visible(c) {
                cols.push(c);
            }
        }
        for yi in 0..plan.header.years.len() {
            match self.layout {
                Layout::Simple => cols.push(Col::Spend(yi)),
                Layout::Detailed => {
                    if self.unsplit_column.unwrap_or(has_unsplit) {
                        cols.push(Col::Money(yi, AmountField::Spend));
                    }
                    for f in [
                        AmountField::Recurrent,
                        AmountField::NonRecurrent,
                        AmountField::BenefitRecurrent,
                        AmountField::BenefitNonRecurrent,
                    ] {
                        cols.push(Col::Money(yi, f));
                    }
                }
            }
        }
        for c in [Col::Risks, Col::Checks] {
            if self.is_visible(c) {
                cols.push(c);
            }
        }
        cols
    }
}

/// Adds a scheme after `after` and focuses its name once it exists.
fn add_scheme(plan: &Plan, view: &mut View, cmds: &mut Commands, after: Option<RecordId>) {
    cmds.edit("Add scheme", ops::add(plan, after));
    view.awaiting_new = true;
    view.cache.invalidate();
}

fn duplicate_scheme(plan: &Plan, view: &mut View, cmds: &mut Commands, id: RecordId) {
    if let Some(e) = ops::duplicate(plan, id) {
        cmds.edit("Duplicate scheme", e);
        view.awaiting_new = true;
        view.cache.invalidate();
    }
}

fn scheme_label(plan: &Plan, id: RecordId) -> String {
    match plan.schemes.iter().position(|s| s.id == id) {
        Some(i) => {
            let name = plan.schemes[i].name.trim();
            if name.is_empty() {
                format!("scheme {}", i + 1)
            } else {
                format!("scheme {} \u{201c}{name}\u{201d}", i + 1)
            }
        }
        None => "scheme".into(),
    }
}

fn delete_scheme(plan: &Plan, view: &mut View, cmds: &mut Commands, id: RecordId) {
    let label = scheme_label(plan, id);
    cmds.push(crate::ui::Command::Delete(crate::ui::Edit::new(
        format!("Delete {label}"),
        ops::delete(&[id]),
    )));
    // once it is deleted (the app may ask first), the next row shown (or
    // the previous) is selected: see [`settle_delete`]
    let shown = view
        .cache
        .rows
        .iter()
        .filter_map(|&i| plan.schemes.get(i))
        .map(|s| s.id);
    view.after_delete = Some((PendingDelete::new(shown, id), label));
}

/// A delete asked for and done (not cancelled): the row after it is
/// selected and the status says so.
fn settle_delete(plan: &Plan, view: &mut View) {
    let Some((p, label)) = view.after_delete.clone() else {
        return;
    };
    let Some(next) = PendingDelete::settle(&mut Some(p), |id| plan.scheme(id).is_some()) else {
        return;
    };
    view.after_delete = None;
    view.always_show.retain(|x| *x != p.deleted);
    view.selected = next;
    view.status = format!("Deleted {label} (Undo brings it back)");
    view.cache.invalidate();
}

/// Moves the scheme past its neighbour in the shown rows (so a filter's
/// hidden rows are skipped). Only in the plan's order (no sort).
fn move_scheme(plan: &Plan, view: &mut View, cmds: &mut Commands, id: RecordId, up: bool) {
    if view.sort.is_some() {
        return;
    }
    let rows = &view.cache.rows;
    let Some(di) = rows.iter().position(|&i| plan.schemes.get(i).map(|s| s.id) == Some(id)) else {
        return;
    };
    let nd = if up { di.checked_sub(1) } else { Some(di + 1) };
    let Some(target) = nd
        .and_then(|d| rows.get(d))
        .and_then(|&i| plan.schemes.get(i))
        .map(|s| s.id)
    else {
        return;
    };
    if let Some(e) = ops::move_to(plan, id, target) {
        cmds.edit(if up { "Move scheme up" } else { "Move scheme down" }, e);
        view.cache.invalidate();
    }
}

/// What the right-click menu of a row asks for (done after the table is
/// drawn, when the shown rows are at hand).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAction {
    InsertAbove,
    InsertBelow,
    Duplicate,
    MoveUp,
    MoveDown,
    Delete,
}

/// The right-click menu of a row.
pub(crate) fn row_menu(ui: &mut Ui, view: &mut View, id: RecordId) {
    view.selected = Some(id);
    let can_move = view.sort.is_none();
    for (action, word, enabled) in [
        (RowAction::InsertAbove, "Insert a scheme above", true),
        (RowAction::InsertBelow, "Insert a scheme below", true),
        (RowAction::Duplicate, "Duplicate this scheme", true),
        (RowAction::MoveUp, "Move this scheme up", can_move),
        (RowAction::MoveDown, "Move this scheme down", can_move),
        (RowAction::Delete, "Delete this scheme", true),
    ] {
        if action == RowAction::Delete {
            ui.separator();
        }
        if ui.add_enabled(enabled, egui::Button::new(word)).clicked() {
            view.row_action = Some((action, id));
            ui.close();
        }
    }
}

fn do_row_action(plan: &Plan, view: &mut View, cmds: &mut Commands, action: RowAction, id: RecordId) {
    match action {
        RowAction::InsertAbove => {
            let before = plan
                .schemes
                .iter()
                .position(|s| s.id == id)
                .and_then(|i| i.checked_sub(1))
                .map(|i| plan.schemes[i].id);
            match before {
                Some(b) => add_scheme(plan, view, cmds, Some(b)),
                None => {
                    cmds.edit("Add scheme", ops::add_first());
                    view.awaiting_new = true;
                    view.cache.invalidate();
                }
            }
        }
        RowAction::InsertBelow => add_scheme(plan, view, cmds, Some(id)),
        RowAction::Duplicate => duplicate_scheme(plan, view, cmds, id),
        RowAction::MoveUp => move_scheme(plan, view, cmds, id, true),
        RowAction::MoveDown => move_scheme(plan, view, cmds, id, false),
        RowAction::Delete => delete_scheme(plan, view, cmds, id),
    }
}

/// Serves a request from the app to show a scheme (and a field).
fn take_focus(ctx: &TabCtx, view: &mut View, cols: &[Col]) {
    let Some(target) = ctx.focus else {
        return;
    };
    if target.tab != Tab::Schemes {
        return;
    }
    let Some(rid) = target.record else {
        return;
    };
    let plan = ctx.plan;
    if plan.scheme(rid).is_none() {
        return;
    }
    view.selected = Some(rid);
    view.show_panel = true;
    view.panel = Panel::Details;
    if !view.cache.ids.contains(&rid) {
        view.filter = Filter::default();
        view.status = "Filter cleared to show the scheme".into();
        view.cache.invalidate();
        view.cache
            .refresh(ctx, &view.filter, view.sort, &view.always_show, false);
    }
    let col = target
        .field
        .and_then(|f| rows::col_for_field(f, view.layout, plan.header.years.len()))
        .filter(|c| cols.contains(c));
    match col {
        Some(c) if plan.scheme(rid).is_some_and(|s| table::is_editable(plan, s, c)) => {
            table::focus_cell(plan, view, (rid, c));
        }
        _ => {
            view.scroll_to_row = view
                .cache
                .rows
                .iter()
                .position(|&i| plan.schemes.get(i).map(|s| s.id) == Some(rid));
            view.side_focus = target.field;
        }
    }
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let fin = &ctx.summary.finance;
    settle_delete(plan, view);
    // a row just added or duplicated: select it and type its name
    if std::mem::take(&mut view.awaiting_new)
        && let Some(new) = ctx.first_inserted(RecordKind::Schemes)
        && plan.scheme(new).is_some()
    {
        view.selected = Some(new);
        // once (an undone add and a new one can give the same id again)
        if !view.always_show.contains(&new) {
            view.always_show.push(new);
        }
        view.cache.invalidate();
        view.cache
            .refresh(ctx, &view.filter, view.sort, &view.always_show, false);
        if !ctx.locked {
            table::focus_cell(plan, view, (new, Col::Name));
        }
    }
    if view.layout != Layout::Detailed {
        view.unsplit_latch = false;
    }
    view.unsplit_latch |= fin.has_unsplit;
    // a focus on its way to a cell that is gone (deleted, column hidden)
    if let Some((rid, col)) = view.pending_focus
        && (view.cache.index_of(rid).is_none() || !view.columns_cache.contains(&col))
    {
        view.pending_focus = None;
    }
    // a cell is being edited, or the focus is on its way to the next one
    let editing = ui.ctx().text_edit_focused() || view.pending_focus.is_some() || view.nav_request.is_some();
    view.cache
        .refresh(ctx, &view.filter, view.sort, &view.always_show, editing);
    let cols = view.columns(plan, view.unsplit_latch);
    view.columns_cache = cols.clone();
    take_focus(ctx, view, &cols);
    if view.selected.is_some_and(|id| view.cache.index_of(id).is_none()) {
        view.selected = None;
    }

    if !ctx.locked {
        block::handle_keys(ui, plan, view, cmds, ctx.locked);
        table::handle_keys(ui, plan, view);
    }

    toolbar(ui, ctx, view, cmds);
    filter_bar(ui, ctx, view);
    reconciliation(ui, ctx, cmds);
    ui.add_space(4.0);

    if view.show_panel {
        egui::Panel::right("schemes_side")
            .frame(crate::ui::widgets::inner_panel(ui.style(), false))
            .resizable(true)
            .default_size(380.0)
            .size_range(260.0..=700.0)
            .show(ui, |ui| side::show(ui, ctx, view, cmds));
    }
    egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
        if view.cache.rows.is_empty() {
            ui.add_space(8.0);
            if plan.schemes.is_empty() {
                let add = UiCommand::AddScheme.with_shortcut(ui.ctx(), &UiCommand::AddScheme.short_name());
                widgets::note(ui, &format!("No schemes yet: {add} starts the first row."));
            } else {
                widgets::note(ui, "No scheme matches the filter.");
            }
        }
        table::show(ui, ctx, view, cmds, &cols);
    });
    if let Some((action, id)) = view.row_action.take()
        && !ctx.locked
    {
        do_row_action(plan, view, cmds, action, id);
    }
}

/// Runs a table action of the command table (Add scheme, Duplicate,
/// Delete, Move up, Move down) on the selected scheme.
pub fn run_command(c: UiCommand, plan: &Plan, view: &mut View, cmds: &mut Commands) {
    if c == UiCommand::AddScheme {
        add_scheme(plan, view, cmds, view.selected);
        return;
    }
    if c == UiCommand::FillDown {
        block::fill_down(plan, view, cmds);
        return;
    }
    if c == UiCommand::FocusTable {
        block::focus_table(plan, view);
        return;
    }
    let Some(id) = view.selected else { return };
    match c {
        UiCommand::DuplicateScheme => duplicate_scheme(plan, view, cmds, id),
        UiCommand::DeleteScheme => delete_scheme(plan, view, cmds, id),
        UiCommand::MoveSchemeUp => move_scheme(plan, view, cmds, id, true),
        UiCommand::MoveSchemeDown => move_scheme(plan, view, cmds, id, false),
        _ => {}
    }
}

fn toolbar(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Schemes").heading().strong());
        ui.label("Amounts in");
        let mut u = unit;
        let combo = ui
            .add_enabled_ui(!ctx.locked, |ui| {
                egui::ComboBox::from_id_salt("schemes_unit")
                    .selected_text(u.label())
                    .width(64.0)
                    .show_ui(ui, |ui| {
                        for x in crate::model::MoneyUnit::ALL {
                            ui.selectable_value(&mut u, x, x.label());
                        }
                    })
            })
            .inner;
        let combo = combo.response.on_hover_text(
            "Amounts are shown in this unit, and typed amounts are read in it unless they say otherwise (£3.4m, 3432k, £3,432,000)",
        );
        widgets::set_name(ui, &combo, "Money unit");
        if u != unit {
            cmds.edit("Change money unit", set_unit(plan, u));
        }
        ui.separator();
        ui.label("Layout:");
        for (l, word, hint) in [
            (Layout::Simple, "Simple", "One spend column per year, as the Kent expenditure plan"),
            (
                Layout::Detailed,
                "Detailed",
                "Recurrent and non-recurrent spend and benefits per year, as the BCF Part 2 grid",
            ),
        ] {
            if ui.selectable_label(view.layout == l, word).on_hover_text(hint).clicked() {
                view.layout = l;
            }
        }
        ui.menu_button("Columns", |ui| {
            for c in Col::OPTIONAL {
                let mut on = view.is_visible(c);
                if ui.checkbox(&mut on, c.title()).changed() {
                    view.column_choice.insert((view.layout, c), on);
                }
            }
            if view.layout == Layout::Detailed {
                let mut on = view.unsplit_column.unwrap_or(view.unsplit_latch);
                if ui
                    .checkbox(&mut on, "Spend not split")
                    .on_hover_text("A column per year for spend not split into recurrent and non-recurrent")
                    .changed()
                {
                    view.unsplit_column = Some(on);
                }
            }
            ui.separator();
            crate::ui::grid::widths::reset_item(ui, remember::WIDTHS_TABLE);
        });
        ui.separator();
        if ctx.locked {
            widgets::note(ui, "The plan is locked: unlock it to edit.");
        } else {
            let state = table_state(ctx, view);
            for c in [
                UiCommand::AddScheme,
                UiCommand::DuplicateScheme,
                UiCommand::DeleteScheme,
                UiCommand::MoveSchemeUp,
                UiCommand::MoveSchemeDown,
            ] {
                command::bar_button(ui, c, &state, cmds, None);
            }
        }
        if let Some(sort) = view.sort {
            ui.separator();
            let name = match sort.col {
                Col::Spend(yi) | Col::Money(yi, _) => format!(
                    "{} {}",
                    plan.header.years.get(yi).map(String::as_str).unwrap_or(""),
                    sort.col.title().to_lowercase()
                ),
                c => c.title().to_lowercase(),
            };
            ui.label(format!(
                "Sorted by {name}{} (the plan's order is unchanged)",
                if sort.descending { ", descending" } else { "" }
            ));
            if !ctx.locked
                && ui
                    .button("Apply this order to the plan")
                    .on_hover_text("Reorder the plan's schemes (all of them, filtered or not) in this order")
                    .clicked()
            {
                let mut all: Vec<usize> = (0..plan.schemes.len()).collect();
                rows::sort_rows(plan, &mut all, sort, &view.cache.risks);
                let order: Vec<RecordId> = all.iter().map(|&i| plan.schemes[i].id).collect();
                cmds.edit(format!("Sort schemes by {name}"), ops::apply_order(plan, &order));
                view.sort = None;
                view.cache.invalidate();
            }
            if ui.button("Plan's order").on_hover_text("Show the schemes in the plan's order").clicked() {
                view.sort = None;
            }
        }
        ui.separator();
        for (p, word, hint) in [
            (Panel::Details, "Details", "All the fields of the selected scheme, in a side panel"),
            (Panel::Breakdown, "Breakdown", "Totals by kind, source, area, commissioner, provider and programme"),
        ] {
            let on = view.show_panel && view.panel == p;
            if ui.selectable_label(on, word).on_hover_text(hint).clicked() {
                if on {
                    view.show_panel = false;
                } else {
                    view.show_panel = true;
                    view.panel = p;
                }
            }
        }
        if !view.status.is_empty() {
            ui.separator();
            ui.label(RichText::new(&view.status).weak());
        }
        if let Some(line) = block::status_line(plan, view) {
            ui.separator();
            ui.label(line);
        }
    });
}

fn filter_bar(ui: &mut Ui, ctx: &TabCtx, view: &mut View) {
    let plan = ctx.plan;
    ui.horizontal_wrapped(|ui| {
        ui.label("Filter:");
        let resp = ui.add(
            egui::TextEdit::singleline(&mut view.filter.text)
                .hint_text("any text")
                .desired_width(170.0),
        );
        widgets::set_name(ui, &resp, "Filter schemes");
        if escape::cancels_field(ui, &resp) {
            view.filter.text.clear();
        }
        for f in [
            ChoiceField::Area,
            ChoiceField::Commissioner,
            ChoiceField::Source,
            ChoiceField::Status,
        ] {
            let current = view.filter.pick(f).clone();
            let shown = match &current {
                None => format!("{}: any", f.word()),
                Some(v) if v.is_empty() => format!("{}: not set", f.word()),
                Some(v) => format!("{}: {v}", f.word()),
            };
            let mut pick = current.clone();
            let combo = egui::ComboBox::from_id_salt(("scheme_filter", f))
                .selected_text(shown)
                .width(150.0)
                .truncate()
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut pick, None, "Any");
                    ui.selectable_value(&mut pick, Some(String::new()), "(not set)");
                    for o in view.cache.used_values(plan, f, ctx.generation) {
                        ui.selectable_value(&mut pick, Some(o.clone()), o);
                    }
                });
            widgets::set_name(ui, &combo.response, &format!("Filter by {}", f.word().to_lowercase()));
            if pick != current {
                *view.filter.pick_mut(f) = pick;
            }
        }
        ui.checkbox(&mut view.filter.problems_only, "With problems only");
        if view.filter.is_active() {
            ui.label(format!(
                "Showing {}",
                widgets::of_count(view.cache.rows.len(), plan.schemes.len())
            ));
            if ui.button("Clear filter").clicked() {
                view.filter = Filter::default();
                view.always_show.clear();
            }
        }
    });
}

/// Each year's total against the plan header's minimum and declared total.
fn reconciliation(ui: &mut Ui, ctx: &TabCtx, cmds: &mut Commands) {
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    let fin = &ctx.summary.finance;
    if fin.reconciliation.is_empty() {
        return;
    }
    egui::Grid::new("schemes_reconciliation")
        .num_columns(4)
        .spacing([18.0, 4.0])
        .show(ui, |ui| {
            for r in &fin.reconciliation {
                ui.label(RichText::new(format!("{} total", r.year)).strong());
                ui.label(
                    RichText::new(format!("{} {}", format_span(&r.total, unit), unit.label()))
                        .size(widgets::text_size(ui, 18.0))
                        .strong(),
                );
                let min_text = match (r.minimum, r.meets_minimum) {
                    (Some(m), Some(true)) => format!("meets the minimum of {}", format_span(&m, unit)),
                    (Some(m), _) => {
                        let short = m.minus(r.total);
                        format!(
                            "below the minimum of {} by {}",
                            format_span(&m, unit),
                            format_span(&short, unit)
                        )
                    }
                    (None, _) => "no minimum set".to_string(),
                };
                let decl_text = match (r.declared, r.declared_difference) {
                    (Some(d), Some(diff)) if diff.is_zero() => {
                        format!("matches the declared {}", format_span(&d, unit))
                    }
                    (Some(d), Some(diff)) => format!(
                        "{} than the declared {}",
                        crate::model::money::difference_words(&diff, unit),
                        format_span(&d, unit)
                    ),
                    _ => "no declared total".to_string(),
                };
                let why = format!("{min_text}; {decl_text}");
                ui.horizontal(|ui| {
                    widgets::rag_chip(ui, r.rag, Some(&why));
                });
                ui.horizontal(|ui| {
                    ui.label(&min_text);
                    ui.label(RichText::new("·").weak());
                    ui.label(&decl_text);
                    if ui
                        .small_button("Edit")
                        .on_hover_text("The minimum and declared totals are on the Plan tab")
                        .clicked()
                    {
                        cmds.go_to(Tab::Plan, None, Some("budgets"));
                    }
                });
                ui.end_row();
            }
        });
}

/// What the toolbar's buttons of the command table depend on.
fn table_state<'a>(ctx: &TabCtx<'a>, view: &View) -> CommandState<'a> {
    CommandState {
        scheme_selected: view.selected.is_some(),
        schemes_sorted: view.sort.is_some(),
        ..CommandState::of_tab(ctx.plan, Tab::Schemes, ctx.locked)
    }
}
