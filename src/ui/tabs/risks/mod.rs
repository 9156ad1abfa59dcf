//! The Risks tab: the register. A toolbar (add, duplicate, delete,
//! reorder), filters (text, band, category, owner, status, flagged, heat
//! map cell), the table (only visible rows drawn), the heat map with its
//! legend on the right, and the selected risk's details (description,
//! dates, scores, mitigating actions, links) below the table.
//!
//! Sorting and filtering are cached in [`View`] and recomputed only when
//! the risks, the filters or the date change. While the user edits, rows
//! stay where they are (a score typed into a table sorted by score does
//! not make the row jump away); a button re-applies the sort and filters.

mod block;
mod detail;
mod score;
mod table;

use crate::calc::risks::{
    self, HeatSummary, RiskBand, RiskCheck, ScoreKind, heat_summary, in_cell, next_reference, rate_risk, severity_key,
};
use crate::model::{DateField, Field, Plan, PlanEdit, RecordId, RecordKind, Risk, RiskStatus, Value};
use crate::ui::Tab;
use crate::ui::grid::PendingDelete;
use crate::ui::heatmap::{self, HeatMap};
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx, escape};
use chrono::NaiveDate;
use egui::{ComboBox, RichText, Ui};
use std::hash::{Hash, Hasher};

/// Which band the table shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum BandFilter {
    #[default]
    All,
    Band(RiskBand),
    NotRated,
}

impl BandFilter {
    fn word(self) -> String {
        match self {
            BandFilter::All => "All bands".into(),
            BandFilter::Band(b) => b.word().into(),
            BandFilter::NotRated => "Not rated".into(),
        }
    }
}

/// The table's filters. Empty/None means "all".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Filter {
    /// Words searched in reference, title, description, category, owner,
    /// word rating and actions (any case).
    pub text: String,
    pub band: BandFilter,
    pub category: Option<String>,
    /// `Some("")` is "no owner".
    pub owner: Option<String>,
    pub status: Option<RiskStatus>,
    /// Only risks with a failed check.
    pub flagged_only: bool,
    /// A heat map cell: the open risks with that score.
    pub cell: Option<(ScoreKind, u8, u8)>,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }
}

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortBy {
    /// The register's own order (the order of the file; rows can be moved).
    #[default]
    Register,
    Reference,
    Title,
    Category,
    Owner,
    Current,
    Residual,
    Actions,
}

impl SortBy {
    /// Scores sort the most serious first; words sort A to Z.
    fn descending_by_default(self) -> bool {
        matches!(self, SortBy::Current | SortBy::Residual | SortBy::Actions)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Sort {
    pub by: SortBy,
    pub descending: bool,
}

/// The filtered, sorted rows and everything else the tab computes, kept
/// until the risks, the filters, the sort or the date change.
#[derive(Default)]
pub struct Cache {
    valid: bool,
    /// The plan generation the cache was filled on.
    generation: Option<u64>,
    ids_key: u64,
    view_key: u64,
    today: Option<NaiveDate>,
    /// Indices into `plan.risks` in table order: what the table shows.
    pub rows: Vec<usize>,
    row_ids: Vec<RecordId>,
    /// The rows the filters and sort give now (differs from `rows` after
    /// an edit until they are re-applied).
    pub fresh: Vec<usize>,
    /// Rows passing every filter but the heat map cell (what the map counts).
    pub base: Vec<usize>,
    pub heat: HeatSummary,
    /// Failed checks per risk, in plan order.
    pub problems: Vec<Vec<RiskCheck>>,
    haystacks: Vec<String>,
    /// The heat map's cell tooltips for a score kind, row by row (built on
    /// first use after the rows change).
    tips: Option<(ScoreKind, std::rc::Rc<std::cell::OnceCell<Vec<String>>>)>,
    /// Each risk's widths in the table's Ref, Current and Residual columns
    /// (`None`: to measure), for the text sizes in `widths_for`.
    widths: Vec<Option<[f32; 3]>>,
    widths_for: [u32; 3],
    /// How many times the rows were recomputed (for tests and measuring).
    pub recomputes: u64,
    /// How many risks' problems were checked (for tests and measuring).
    pub checked: u64,
}

/// What changed among the risks since the cache was filled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RiskChanges {
    Nothing,
    /// The fields of the risks at these positions, none added, removed or moved.
    At(Vec<usize>),
    /// Not known, or risks added, removed or moved.
    All,
}

impl RiskChanges {
    /// What the edits since `generation` (the cache's) did to the risks,
    /// as the tab's context says (`All` when it does not know).
    pub fn since(ctx: &TabCtx, generation: Option<u64>) -> RiskChanges {
        use crate::model::edit::Change;
        let Some(changes) = generation.and_then(|g| ctx.changes_since(g)) else {
            return RiskChanges::All;
        };
        let mut at = Vec::new();
        for c in changes {
            match c {
                Change::Record {
                    kind: RecordKind::Risks,
                    at: i,
                    ..
                } => at.push(*i),
                Change::Inserted { kind, .. }
                | Change::Removed { kind, .. }
                | Change::Moved { kind, .. }
                | Change::Reordered { kind, .. }
                    if *kind == RecordKind::Risks =>
                {
                    return RiskChanges::All;
                }
                Change::Plan => return RiskChanges::All,
                _ => {}
            }
        }
        if at.is_empty() {
            RiskChanges::Nothing
        } else {
            RiskChanges::At(at)
        }
    }
}

fn hash64<T: Hash + ?Sized>(v: &T) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    v.hash(&mut h);
    h.finish()
}

fn haystack(r: &Risk) -> String {
    let mut s = String::new();
    for part in [
        &r.reference,
        &r.title,
        &r.description,
        &r.category,
        &r.owner,
        &r.legacy_rating,
    ] {
        s.push_str(part);
        s.push('\n');
    }
    for m in &r.mitigations {
        s.push_str(&m.text);
        s.push('\n');
        s.push_str(&m.owner);
        s.push('\n');
    }
    s.to_lowercase()
}

impl Cache {
    /// Recomputes what changed: `changes` says what the edits since the
    /// cache was filled did to the risks (only the risks changed are
    /// checked again), `generation` is the plan's now; `reapply` forces
    /// the fresh sort and filters onto the rows.
    #[allow(clippy::too_many_arguments)]
    pub fn refresh(
        &mut self,
        plan: &Plan,
        generation: u64,
        changes: RiskChanges,
        today: NaiveDate,
        filter: &Filter,
        sort: Sort,
        kind: ScoreKind,
        reapply: bool,
    ) {
        let ids_key = {
            let mut h = xxhash_rust::xxh3::Xxh3Default::new();
            for r in &plan.risks {
                r.id.hash(&mut h);
            }
            h.finish()
        };
        let view_key = hash64(&(filter, sort, kind));
        self.generation = Some(generation);
        let unchanged = self.valid
            && changes == RiskChanges::Nothing
            && view_key == self.view_key
            && self.today == Some(today)
            && !reapply;
        if unchanged {
            return;
        }
        self.recomputes += 1;
        self.tips = None;
        let all = !self.valid
            || self.today != Some(today)
            || self.problems.len() != plan.risks.len()
            || changes == RiskChanges::All;
        if all {
            self.problems = plan.risks.iter().map(|r| risks::risk_problems(r, today)).collect();
            self.checked += plan.risks.len() as u64;
            self.haystacks.clear();
            self.widths.clear();
        } else if let RiskChanges::At(at) = &changes {
            for &i in at {
                let Some(r) = plan.risks.get(i) else { continue };
                self.problems[i] = risks::risk_problems(r, today);
                self.checked += 1;
                if let Some(h) = self.haystacks.get_mut(i) {
                    *h = haystack(r);
                }
                if let Some(w) = self.widths.get_mut(i) {
                    *w = None;
                }
            }
        }
        let needle = filter.text.trim().to_lowercase();
        let words: Vec<&str> = needle.split_whitespace().collect();
        // the searchable text is built only while a search is typed
        if !words.is_empty() && self.haystacks.len() != plan.risks.len() {
            self.haystacks = plan.risks.iter().map(haystack).collect();
        }
        let passes = |i: usize| -> bool {
            let r = &plan.risks[i];
            if let Some(st) = filter.status
                && r.status != st
            {
                return false;
            }
            match filter.band {
                BandFilter::All => {}
                BandFilter::Band(b) => {
                    if rate_risk(r).band != Some(b) {
                        return false;
                    }
                }
                BandFilter::NotRated => {
                    if rate_risk(r).band.is_some() {
                        return false;
                    }
                }
            }
            if let Some(c) = &filter.category
                && !r.category.trim().eq_ignore_ascii_case(c.trim())
            {
                return false;
            }
            if let Some(o) = &filter.owner
                && !r.owner.trim().eq_ignore_ascii_case(o.trim())
            {
                return false;
            }
            if filter.flagged_only && self.problems[i].is_empty() {
                return false;
            }
            words.is_empty() || words.iter().all(|w| self.haystacks[i].contains(w))
        };
        let mut base: Vec<usize> = (0..plan.risks.len()).filter(|&i| passes(i)).collect();
        self.heat = heat_summary(base.iter().map(|&i| &plan.risks[i]), kind);
        sort_rows(plan, &mut base, sort);
        let fresh: Vec<usize> = match filter.cell {
            Some((k, l, c)) => base
                .iter()
                .copied()
                .filter(|&i| in_cell(&plan.risks[i], k, l, c))
                .collect(),
            None => base.clone(),
        };
        let structural = !self.valid || ids_key != self.ids_key || view_key != self.view_key || reapply;
        if structural {
            self.rows = fresh.clone();
        } else {
            // same records, same filters: keep the rows where they were
            let index: std::collections::HashMap<RecordId, usize> =
                plan.risks.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
            self.rows = self.row_ids.iter().filter_map(|id| index.get(id).copied()).collect();
        }
        self.row_ids = self.rows.iter().map(|&i| plan.risks[i].id).collect();
        self.base = base;
        self.fresh = fresh;
        self.ids_key = ids_key;
        self.view_key = view_key;
        self.today = Some(today);
        self.valid = true;
    }

    /// True when an edit made the rows differ from what the sort and
    /// filters give now.
    pub fn stale(&self) -> bool {
        self.rows != self.fresh
    }
}

/// Natural order for references: "R2" before "R10".
fn natural_key(s: &str) -> (String, u64, String) {
    let t = s.trim().to_lowercase();
    let start = t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len());
    let end = t[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map(|e| start + e)
        .unwrap_or(t.len());
    let n = t[start..end].parse().unwrap_or(u64::MAX);
    (t[..start].to_string(), n, t[end..].to_string())
}

fn sort_rows(plan: &Plan, rows: &mut [usize], sort: Sort) {
    let r = |i: usize| &plan.risks[i];
    let text = |s: &str| {
        let t = s.trim().to_lowercase();
        // empty values last, whichever the direction
        (t.is_empty(), t)
    };
    match sort.by {
        SortBy::Register => rows.sort_by_key(|&i| i),
        SortBy::Reference => rows.sort_by_cached_key(|&i| (natural_key(&r(i).reference), i)),
        SortBy::Title => rows.sort_by_cached_key(|&i| (text(&r(i).title), i)),
        SortBy::Category => rows.sort_by_cached_key(|&i| (text(&r(i).category), i)),
        SortBy::Owner => rows.sort_by_cached_key(|&i| (text(&r(i).owner), i)),
        SortBy::Current => rows.sort_by_key(|&i| (std::cmp::Reverse(severity_key(r(i), ScoreKind::Current)), i)),
        SortBy::Residual => rows.sort_by_key(|&i| (std::cmp::Reverse(severity_key(r(i), ScoreKind::Residual)), i)),
        SortBy::Actions => rows.sort_by_key(|&i| {
            let open = r(i).mitigations.iter().filter(|m| !m.done).count();
            (std::cmp::Reverse(open), i)
        }),
    }
    // the keys above put the natural direction first; flip for the other
    if sort.by != SortBy::Register && sort.descending != sort.by.descending_by_default() {
        rows.reverse();
    }
    if sort.by == SortBy::Register && sort.descending {
        rows.reverse();
    }
}

/// The Risks tab's window state.
pub struct View {
    pub selected: Option<RecordId>,
    pub filter: Filter,
    pub sort: Sort,
    /// Which score the heat map shows (current or residual).
    pub heat_kind: ScoreKind,
    pub cache: Cache,
    /// A risk was asked for (added, duplicated): the next frame selects
    /// the risk the edit added.
    select_new: bool,
    /// A field of the selected risk to focus once (checklist click-through).
    focus_field: Option<&'static str>,
    /// The field to highlight while the risk stays selected.
    highlight_field: Option<&'static str>,
    scroll_to: Option<RecordId>,
    reapply: bool,
    /// A line under the toolbar ("Filters cleared to show the new risk").
    notice: Option<String>,
    /// The heat map is shown large over the window.
    pub heat_large: bool,
    /// The heat map panel shown or hidden by the user (None: by window width).
    pub heat_panel: Option<bool>,
    /// A delete asked for: the row to select once it is done.
    after_delete: Option<PendingDelete>,
    /// The table's block of cells (Shift+arrows) and cell with the keyboard.
    grid: crate::ui::grid::block::Selection<block::RiskCol>,
}

impl Default for View {
    fn default() -> Self {
        View {
            selected: None,
            filter: Filter::default(),
            sort: Sort::default(),
            heat_kind: ScoreKind::Current,
            cache: Cache::default(),
            select_new: false,
            focus_field: None,
            highlight_field: None,
            scroll_to: None,
            reapply: false,
            notice: None,
            heat_large: false,
            heat_panel: None,
            after_delete: None,
            grid: Default::default(),
        }
    }
}

impl View {
    fn select(&mut self, id: Option<RecordId>) {
        if self.selected != id {
            self.highlight_field = None;
        }
        self.selected = id;
    }

    /// Makes sure the selected risk is a row of the table, clearing the
    /// filters when they hide it.
    fn ensure_selected_visible(&mut self, plan: &Plan, today: NaiveDate) {
        let Some(id) = self.selected else { return };
        let Some(i) = plan.risks.iter().position(|r| r.id == id) else {
            return;
        };
        if self.cache.rows.contains(&i) {
            return;
        }
        if self.filter.is_active() {
            self.filter = Filter::default();
            self.notice = Some("Filters cleared to show the selected risk.".into());
        }
        let generation = self.cache.generation.unwrap_or_default();
        self.cache.refresh(
            plan,
            generation,
            RiskChanges::Nothing,
            today,
            &self.filter,
            self.sort,
            self.heat_kind,
            true,
        );
    }
}

/// Sets one field of one risk (a discrete change).
pub(super) fn set_risk(cmds: &mut Commands, label: String, id: RecordId, field: Field, value: Value) {
    cmds.edit(label, PlanEdit::set(RecordKind::Risks, id, field, value));
}

/// Typing in one field of one risk: keystrokes merge into one undo step.
pub(super) fn type_risk(cmds: &mut Commands, label: String, key: &str, id: RecordId, field: Field, value: Value) {
    cmds.type_field(label, format!("risk.{id}.{key}"), RecordKind::Risks, id, field, value);
}

/// A change to a risk that no one field says (a score set whole, an
/// action added, removed or moved): the risk as the tab shows it with
/// `change` made, put back whole. `None` when it is not in the plan.
pub(super) fn changed_risk(plan: &Plan, id: RecordId, change: impl FnOnce(&mut Risk)) -> Option<PlanEdit> {
    let mut r = plan.risk(id)?.clone();
    change(&mut r);
    Some(PlanEdit::put(r))
}

/// Pushes [`changed_risk`] as a discrete edit.
pub(super) fn edit_risk(plan: &Plan, cmds: &mut Commands, label: String, id: RecordId, change: impl FnOnce(&mut Risk)) {
    if let Some(e) = changed_risk(plan, id, change) {
        cmds.edit(label, e);
    }
}

/// A score typed or picked: the risk's score of `kind` set whole.
pub(super) fn score_risk(
    plan: &Plan,
    cmds: &mut Commands,
    label: String,
    id: RecordId,
    kind: ScoreKind,
    v: Option<crate::model::RiskScore>,
    picked: bool,
) {
    let Some(e) = changed_risk(plan, id, |r| kind.set(r, v)) else {
        return;
    };
    if picked {
        cmds.edit(label, e);
    } else {
        cmds.typing(label, format!("risk.{id}.{}", kind.field()), e);
    }
}

/// How a risk is called in undo labels: "R3", or "3" without a reference.
pub(super) fn short_name(plan: &Plan, id: RecordId) -> String {
    match plan.risks.iter().position(|r| r.id == id) {
        Some(i) if !plan.risks[i].reference.trim().is_empty() => plan.risks[i].reference.trim().to_string(),
        Some(i) => format!("{}", i + 1),
        None => "?".into(),
    }
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    // a risk added or duplicated last frame
    if std::mem::take(&mut view.select_new)
        && let Some(id) = ctx.first_inserted(RecordKind::Risks)
    {
        view.select(Some(id));
        view.scroll_to = Some(id);
        view.focus_field = Some("title");
        view.highlight_field = None;
    }
    // the checklist asked for a risk (and field)
    if let Some(f) = ctx.focus
        && f.tab == Tab::Risks
        && let Some(id) = f.record
    {
        view.select(Some(id));
        view.scroll_to = Some(id);
        view.focus_field = f.field;
        view.highlight_field = f.field;
    }
    // another tab's heat map asked for the risks of a cell
    if let Some(f) = ctx.focus
        && f.tab == Tab::Risks
        && f.record.is_none()
        && let Some((kind, l, c)) = f.field.and_then(heatmap::parse_heat_cell_field)
    {
        view.filter = Filter {
            cell: Some((kind, l, c)),
            ..Filter::default()
        };
        if kind != ScoreKind::Target {
            view.heat_kind = kind;
        }
        view.notice = None;
    }
    // a delete done (not cancelled): the row below is selected now
    if let Some(next) = PendingDelete::settle(&mut view.after_delete, |id| plan.risk(id).is_some()) {
        view.select(next);
    }
    if view.selected.is_some_and(|id| plan.risk(id).is_none()) {
        view.select(None);
    }
    let reapply = std::mem::take(&mut view.reapply);
    let changes = RiskChanges::since(ctx, view.cache.generation);
    view.cache.refresh(
        plan,
        ctx.generation,
        changes,
        ctx.today,
        &view.filter,
        view.sort,
        view.heat_kind,
        reapply,
    );
    if view.scroll_to.is_some() {
        view.ensure_selected_visible(plan, ctx.today);
    }

    let width = ui.available_width();
    // on a narrow window the table needs the room: the map starts hidden
    let show_heat = view.heat_panel.unwrap_or(width >= 1100.0);
    if show_heat {
        let heat_w = (width * 0.26).clamp(320.0, 560.0);
        egui::Panel::right("risks_heat_panel")
            .frame(crate::ui::widgets::inner_panel(ui.style(), false))
            .resizable(true)
            .default_size(heat_w)
            .min_size(280.0)
            .max_size((width - 500.0).max(300.0))
            .show(ui, |ui| heat_panel(ui, ctx, view));
    }

    if let Some(id) = view.selected
        && plan.risk(id).is_some()
    {
        let h = ui.available_height();
        egui::Panel::bottom("risks_detail_panel")
            .frame(crate::ui::widgets::inner_panel(ui.style(), false))
            .resizable(true)
            .default_size((h * 0.48).max(200.0))
            .min_size(140.0)
            .max_size((h - 160.0).max(160.0))
            .show(ui, |ui| detail::show(ui, ctx, view, id, cmds));
    }

    if view.heat_large {
        heat_large(ui, ctx, view);
    }

    let frame = crate::ui::widgets::inner_panel(ui.style(), true);
    egui::CentralPanel::default().frame(frame).show(ui, |ui| {
        toolbar(ui, ctx, view, cmds, width >= 1100.0);
        filter_bar(ui, ctx, view);
        if let Some(n) = &view.notice {
            widgets::note(ui, n);
        }
        ui.add_space(2.0);
        table::show(ui, ctx, view, cmds);
    });
}

fn toolbar(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands, wide: bool) {
    let plan = ctx.plan;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Risk register").heading().strong());
        ui.add_space(8.0);
        if !ctx.locked {
            let today = ctx.today;
            if ui
                .button("Add risk")
                .on_hover_text("Add a risk at the end of the register")
                .clicked()
            {
                view.select_new = true;
                cmds.edit(
                    "Add risk",
                    PlanEdit::append(Risk {
                        reference: next_reference(plan),
                        date_raised: Some(DateField::Date(today)),
                        ..Default::default()
                    }),
                );
            }
            let sel = view.selected.filter(|id| plan.risk(*id).is_some());
            let has_sel = sel.is_some();
            if ui
                .add_enabled(has_sel, egui::Button::new("Duplicate"))
                .on_hover_text("Copy the selected risk (scores, actions and links) under a new reference")
                .clicked()
                && let Some(id) = sel
            {
                let name = short_name(plan, id);
                if let Some(i) = plan.risks.iter().position(|r| r.id == id) {
                    let mut copy = plan.risks[i].clone();
                    copy.reference = next_reference(plan);
                    copy.date_raised = Some(DateField::Date(today));
                    view.select_new = true;
                    cmds.edit(
                        format!("Duplicate risk {name}"),
                        PlanEdit::Insert {
                            at: Some(i + 1),
                            record: copy.into(),
                        },
                    );
                }
            }
            if ui
                .add_enabled(has_sel, egui::Button::new("Delete"))
                .on_hover_text("Delete the selected risk (Undo brings it back)")
                .clicked()
                && let Some(id) = sel
            {
                // once it is deleted (the app may ask first), the row below
                // (or above) is selected so the keyboard user stays in place
                let shown = view.cache.rows.iter().map(|&i| plan.risks[i].id);
                view.after_delete = Some(PendingDelete::new(shown, id));
                let name = short_name(plan, id);
                cmds.delete(format!("Delete risk {name}"), RecordKind::Risks, vec![id]);
            }
            let can_move = has_sel && view.sort.by == SortBy::Register && !view.sort.descending;
            let why = if can_move || !has_sel {
                "Move the selected risk past the row above/below it"
            } else {
                "Sort by register order (click “#”) to move rows"
            };
            for (label, up) in [("Move up", true), ("Move down", false)] {
                let neighbour = sel.and_then(|id| {
                    let rows = &view.cache.rows;
                    let pos = rows.iter().position(|&i| plan.risks[i].id == id)?;
                    let n = if up { pos.checked_sub(1)? } else { pos + 1 };
                    rows.get(n).map(|&i| plan.risks[i].id)
                });
                if ui
                    .add_enabled(can_move && neighbour.is_some(), egui::Button::new(label))
                    .on_hover_text(why)
                    .clicked()
                    && let (Some(id), Some(other)) = (sel, neighbour)
                {
                    // it takes the place of the row it passes
                    if let Some(to) = plan.risks.iter().position(|r| r.id == other) {
                        let name = short_name(plan, id);
                        let kind = RecordKind::Risks;
                        cmds.edit(format!("{label} risk {name}"), PlanEdit::Move { kind, id, to });
                    }
                    view.scroll_to = Some(id);
                }
            }
        } else {
            widgets::note(ui, "The plan is locked: unlock it to edit.");
        }
        ui.separator();
        if !view.heat_panel.unwrap_or(wide) && ui.button("Show heat map").clicked() {
            view.heat_panel = Some(true);
        }
        let shown = view.cache.rows.len();
        let total = plan.risks.len();
        ui.label(if shown == total {
            format!("{total} risks")
        } else {
            format!("Showing {} risks", widgets::of_count(shown, total))
        });
        if view.cache.stale()
            && ui
                .button("Re-apply sort and filters")
                .on_hover_text("Rows stay in place while you edit; this sorts and filters them again")
                .clicked()
        {
            view.reapply = true;
        }
    });
}

fn filter_bar(ui: &mut Ui, ctx: &TabCtx, view: &mut View) {
    let plan = ctx.plan;
    let before = view.filter.clone();
    ui.horizontal_wrapped(|ui| {
        let resp = ui.add(
            egui::TextEdit::singleline(&mut view.filter.text)
                .hint_text("Search risks")
                .desired_width(200.0)
                .char_limit(200),
        );
        widgets::set_name(ui, &resp, "Search risks");

        let f = &mut view.filter;
        let combo = ComboBox::from_id_salt("risk_band_filter")
            .selected_text(f.band.word())
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.band, BandFilter::All, "All bands");
                for b in RiskBand::ALL {
                    ui.selectable_value(&mut f.band, BandFilter::Band(b), format!("{} ({})", b.word(), b.range()));
                }
                ui.selectable_value(&mut f.band, BandFilter::NotRated, "Not rated");
            });
        widgets::set_name(ui, &combo.response, "Filter by band");

        // the lists below are built only while a drop-down is open: they
        // look at every risk
        let combo = ComboBox::from_id_salt("risk_category_filter")
            .selected_text(f.category.clone().unwrap_or_else(|| "All categories".into()))
            .width(170.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.category, None, "All categories");
                for c in risks::known_categories(plan) {
                    ui.selectable_value(&mut f.category, Some(c.clone()), c);
                }
            });
        widgets::set_name(ui, &combo.response, "Filter by category");

        let owner_text = match &f.owner {
            None => "All owners".to_string(),
            Some(o) if o.is_empty() => "No owner".to_string(),
            Some(o) => o.clone(),
        };
        let combo = ComboBox::from_id_salt("risk_owner_filter")
            .selected_text(owner_text)
            .width(150.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.owner, None, "All owners");
                ui.selectable_value(&mut f.owner, Some(String::new()), "No owner");
                let mut owners: Vec<String> = plan
                    .risks
                    .iter()
                    .map(|r| r.owner.trim().to_string())
                    .filter(|o| !o.is_empty())
                    .collect();
                owners.sort_by_key(|o| o.to_lowercase());
                owners.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
                for o in owners {
                    ui.selectable_value(&mut f.owner, Some(o.clone()), o);
                }
            });
        widgets::set_name(ui, &combo.response, "Filter by owner");

        let status_text = match f.status {
            None => "Open and closed",
            Some(RiskStatus::Open) => "Open",
            Some(RiskStatus::Closed) => "Closed",
        };
        let combo = ComboBox::from_id_salt("risk_status_filter")
            .selected_text(status_text)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.status, None, "Open and closed");
                ui.selectable_value(&mut f.status, Some(RiskStatus::Open), "Open");
                ui.selectable_value(&mut f.status, Some(RiskStatus::Closed), "Closed");
            });
        widgets::set_name(ui, &combo.response, "Filter by status");

        ui.checkbox(&mut f.flagged_only, "Only flagged")
            .on_hover_text("Only risks with a problem: no owner or action on a High or Extreme risk, residual above current, review date passed, overdue action");

        if let Some((k, l, c)) = f.cell {
            let text = format!(
                "{} cell: likelihood {l} × consequence {c}",
                k.word()
            );
            ui.label(RichText::new(text).strong());
            if ui.button("Show all cells").clicked() {
                f.cell = None;
            }
        }
        if f.is_active() && ui.button("Clear filters").clicked() {
            *f = Filter::default();
        }
    });
    if view.filter != before {
        view.notice = None;
    }
}

fn heat_panel(ui: &mut Ui, ctx: &TabCtx, view: &mut View) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        let w = ui.available_width().min(900.0);
        heat_contents(ui, ctx, view, w, 15.0, false);
    });
}

/// The heat map shown large over the window, for a room to read.
fn heat_large(ui: &mut Ui, ctx: &TabCtx, view: &mut View) {
    let screen = ui.ctx().content_rect();
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("risk_heat_large")).show(ui.ctx(), |ui| {
        let w = (screen.width() * 0.9).min(screen.height() * 1.05 + 380.0);
        ui.set_width(w);
        ui.horizontal(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button(RichText::new("Close").size(widgets::text_size(ui, 20.0)))
                    .clicked()
                {
                    close = true;
                }
            });
        });
        let map_w = (w - 360.0).min(screen.height() * 1.05);
        if heat_contents(ui, ctx, view, map_w, 24.0, true) {
            close = true;
        }
    });
    if close || escape::cancels_dialog(&modal) {
        view.heat_large = false;
    }
}

/// The heat map cells' tooltips, likelihood by likelihood, consequence
/// by consequence: the first risks in each cell, and how many more (in
/// one pass over the risks the filters show).
fn cell_tips(plan: &Plan, base: &[usize], kind: ScoreKind) -> Vec<String> {
    /// How many risks a tooltip names.
    const NAMED: usize = 8;
    let mut lines: Vec<Vec<String>> = vec![Vec::new(); 25];
    let mut more = [0usize; 25];
    for r in base.iter().map(|&i| &plan.risks[i]) {
        let Some(s) = kind.of(r).filter(|_| r.status == RiskStatus::Open) else {
            continue;
        };
        let (l, c) = (s.likelihood as usize, s.consequence as usize);
        if !(1..=5).contains(&l) || !(1..=5).contains(&c) {
            continue;
        }
        let cell = (l - 1) * 5 + (c - 1);
        if lines[cell].len() < NAMED {
            lines[cell].push(format!("• {} {}", r.reference.trim(), risks::short_title(&r.title, 50)));
        } else {
            more[cell] += 1;
        }
    }
    lines
        .into_iter()
        .zip(more)
        .map(|(mut lines, more)| {
            if more > 0 {
                lines.push(format!("and {more} more"));
            }
            if lines.is_empty() {
                "No risks here.".into()
            } else {
                format!("{}\nClick to show them in the table.", lines.join("\n"))
            }
        })
        .collect()
}

/// The map, the switch, what is not on the map, and the legend. Returns
/// true when a cell was clicked.
fn heat_contents(ui: &mut Ui, ctx: &TabCtx, view: &mut View, map_w: f32, text: f32, large: bool) -> bool {
    let text = widgets::text_size(ui, text);
    let plan = ctx.plan;
    let mut clicked_any = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("Heat map").size(text * 1.35).strong());
        ui.add_space(8.0);
        for k in [ScoreKind::Current, ScoreKind::Residual] {
            let resp = ui.selectable_label(view.heat_kind == k, RichText::new(k.word()).size(text * 1.1));
            let resp = resp.on_hover_text(match k {
                ScoreKind::Current => "The score now, before mitigation",
                _ => "The score expected once the actions are done",
            });
            if resp.clicked() && view.heat_kind != k {
                view.heat_kind = k;
                // a cell of the other map means nothing here
                view.filter.cell = None;
            }
        }
    });
    let kind = view.heat_kind;
    let counts = view.cache.heat.counts;
    let selected = view.filter.cell.filter(|(k, _, _)| *k == kind).map(|(_, l, c)| (l, c));
    // the 25 cells' tooltips look at every risk the filters show: built
    // when one is first shown (hovered, or asked for by a screen reader)
    // after the rows change, not every frame
    if view.cache.tips.as_ref().is_none_or(|(k, _)| *k != kind) {
        view.cache.tips = Some((kind, Default::default()));
    }
    let tips = view.cache.tips.as_ref().map(|(_, t)| t.clone()).unwrap_or_default();
    let base = if tips.get().is_none() {
        view.cache.base.clone()
    } else {
        Vec::new()
    };
    let tip = |l: u8, c: u8| -> String {
        let tips = tips.get_or_init(|| cell_tips(plan, &base, kind));
        tips.get((l as usize - 1) * 5 + (c as usize - 1))
            .cloned()
            .unwrap_or_default()
    };
    let h = view.cache.heat;
    let other_filters = {
        let mut f = view.filter.clone();
        f.cell = None;
        f.is_active()
    };
    let side = |ui: &mut Ui, view: &mut View| {
        let what = if other_filters {
            " (of the risks the filters show)"
        } else {
            ""
        };
        ui.label(
            RichText::new(format!(
                "{} open {} on the map{what}.",
                h.placed,
                if h.placed == 1 { "risk" } else { "risks" }
            ))
            .size(text),
        );
        if h.word_only > 0 {
            let them = if h.word_only == 1 { "it" } else { "them" };
            ui.label(
                RichText::new(format!(
                    "{} rated by word only: give {them} a likelihood and consequence to place {them} on the map.",
                    h.word_only,
                ))
                .size(text),
            );
        }
        if h.unscored > 0 {
            ui.label(
                RichText::new(format!(
                    "{} without a {} score.",
                    h.unscored,
                    kind.word().to_lowercase()
                ))
                .size(text),
            );
        }
        if h.closed > 0 {
            ui.label(
                RichText::new(format!("{} closed: not on the map.", h.closed))
                    .size(text)
                    .weak(),
            );
        }
        ui.label(
            RichText::new("Click a cell to show its risks in the table; click it again to show all.")
                .size(widgets::min_text(ui, text * 0.9))
                .weak(),
        );
        if let Some((k, l, c)) = view.filter.cell
            && ui
                .button(
                    RichText::new(format!("Show all cells (now {} {l} × {c})", k.word().to_lowercase()))
                        .size(widgets::min_text(ui, text * 0.9)),
                )
                .clicked()
        {
            view.filter.cell = None;
        }
        if !large {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .button("Show large")
                    .on_hover_text("Show the heat map over the whole window, to project it")
                    .clicked()
                {
                    view.heat_large = true;
                }
                if ui
                    .button("Hide")
                    .on_hover_text("Hide the heat map to give the table more room")
                    .clicked()
                {
                    view.heat_panel = Some(false);
                }
            });
        }
        ui.add_space(8.0);
        ui.label(RichText::new("Bands and their RAG").strong().size(text));
        heatmap::legend(ui, text);
    };
    let mut show_map = |ui: &mut Ui, view: &mut View| {
        let resp = HeatMap::new(&counts)
            .fit_width(map_w)
            .selected(selected)
            .name(format!("{} heat map", kind.word()))
            .tooltip(&tip)
            .show(ui);
        if let Some((l, c)) = resp.clicked {
            view.filter.cell = if selected == Some((l, c)) {
                None
            } else {
                Some((kind, l, c))
            };
            view.notice = None;
            clicked_any = true;
        }
    };
    if large {
        ui.horizontal_top(|ui| {
            show_map(ui, view);
            ui.add_space(16.0);
            ui.vertical(|ui| side(ui, view));
        });
    } else {
        show_map(ui, view);
        ui.add_space(4.0);
        side(ui, view);
    }
    clicked_any
}
