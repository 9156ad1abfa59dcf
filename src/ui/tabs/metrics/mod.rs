//! The Metrics tab: what the plan promises to change. A table of every
//! metric (editable name, category, unit and polarity; RAG with its rule on
//! hover; direction of travel), filters and sorting, and below it the
//! selected metric: baseline, periods with target, actual and forecast,
//! the RAG rule in words, a hand-set RAG with its reason, the schemes that
//! deliver it, commentary, and its trajectory chart.

mod chart;
mod detail;
mod fields;
pub use fields::travel_marker;
mod table;

use crate::calc::metric_templates::{self, Template};
use crate::calc::metrics::{next_period_label, rule_text};
use crate::model::{
    Field, Figure, Metric, MetricCategory, MetricPeriod, MetricUnit, Plan, PlanEdit, Polarity, Rag, RecordId,
    RecordKind, Value,
};
use crate::ui::command::UiCommand;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx, escape};
use chrono::NaiveDate;
use egui::{RichText, Ui};
use std::cell::RefCell;
use std::rc::Rc;

/// How the table is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    /// The order of the plan (the "#" column).
    #[default]
    Order,
    Rag,
    Travel,
    Name,
    Category,
    Unit,
    Polarity,
}

/// A hand-set RAG being written: it is applied only once a reason is typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverrideDraft {
    pub metric: RecordId,
    /// The RAG chosen; `None` until one is.
    pub rag: Option<Rag>,
    pub reason: String,
    pub by: String,
}

/// The window state of the Metrics tab.
#[derive(Default)]
pub struct View {
    /// The selected metric.
    pub selected: Option<RecordId>,
    /// The selected chip: `None` the metric's own, `Some(i)` period i's.
    pub selected_period: Option<usize>,
    pub sort: SortKey,
    /// Reverses the sort (ascending is the plan's order, A to Z, RAG worst first).
    pub descending: bool,
    pub category: Option<MetricCategory>,
    pub rag: Option<Rag>,
    pub search: String,
    /// Shows only the chart of the selected metric, large (for a projector).
    pub present: bool,
    /// A hand-set RAG waiting for its reason.
    pub draft: Option<OverrideDraft>,
    /// Asks before deleting this metric.
    pub confirm_delete: Option<RecordId>,
    /// The label typed for "Add a period to every metric".
    pub new_period_label: String,
    /// What "Add metric…" was told: the unit and which way is better
    /// (nothing until chosen).
    new_unit: Option<MetricUnit>,
    new_polarity: Option<Polarity>,
    /// The share of the height the table takes (the rest is the selected metric).
    pub split: Option<f32>,
    /// A metric was asked for (added, duplicated, from a template): the
    /// next frame selects the first the edit added.
    select_new: bool,
    scroll_to_selected: bool,
    /// A field the app asked to bring into view ("name", "baseline",
    /// "periods", "rag_override").
    focus_field: Option<&'static str>,
    /// Text of fields that do not parse, by key.
    texts: std::collections::HashMap<String, String>,
    /// The filtered, sorted rows, kept until the plan or the filters change
    /// (the table asks for them several times a frame).
    rows_cache: RefCell<Option<(RowsKey, Rc<Vec<usize>>)>>,
    /// The table's columns' widths, kept until the rows or a metric change.
    widths_cache: RefCell<table::WidthsCache>,
    /// Per template: the hover text of its button and whether anything is
    /// left to add, kept while the metrics' names, the plan's years and
    /// today stay as they were (`template_key`).
    templates_cache: Option<(u64, Vec<(bool, String)>)>,
    /// The table's block of cells and cell with the keyboard, and what
    /// the block's keys last did.
    grid: crate::ui::grid::block::Selection<table::MetricCol>,
    grid_status: Option<String>,
}

/// What the table's rows depend on besides the plan.
#[derive(Clone, PartialEq)]
struct RowsKey {
    generation: u64,
    category: Option<MetricCategory>,
    rag: Option<Rag>,
    search: String,
    sort: SortKey,
    descending: bool,
}

impl View {
    /// What the rows shown depend on now.
    fn rows_key(&self, ctx: &TabCtx) -> RowsKey {
        RowsKey {
            generation: ctx.generation,
            category: self.category,
            rag: self.rag,
            search: self.search.clone(),
            sort: self.sort,
            descending: self.descending,
        }
    }

    fn take_focus(&mut self, field: &str) -> bool {
        if self.focus_field == Some(field) {
            self.focus_field = None;
            true
        } else {
            false
        }
    }
}

/// Sets one field of one metric (a discrete change).
pub(crate) fn set_metric(cmds: &mut Commands, label: impl Into<String>, id: RecordId, field: Field, value: Value) {
    cmds.edit(label, PlanEdit::set(RecordKind::Metrics, id, field, value));
}

/// Typing in one field of one metric (coalesced into one undo step).
pub(crate) fn type_metric(
    cmds: &mut Commands,
    label: impl Into<String>,
    key: &str,
    id: RecordId,
    field: Field,
    value: Value,
) {
    cmds.type_field(
        label,
        format!("metric.{id}.{key}"),
        RecordKind::Metrics,
        id,
        field,
        value,
    );
}

/// A change to a metric that no one field says (a period added or
/// removed, a period label as typed, spaces and all): the metric as the
/// tab shows it with `change` made, put back whole. `None` when it is not
/// in the plan.
pub(crate) fn changed_metric(plan: &Plan, id: RecordId, change: impl FnOnce(&mut Metric)) -> Option<PlanEdit> {
    let mut m = plan.metric(id)?.clone();
    change(&mut m);
    Some(PlanEdit::put(m))
}

/// A metric figure as a field's value.
pub(crate) fn figure(f: Option<Figure>) -> Value {
    f.map(|f| Value::Figure(f, MetricUnit::default()))
        .unwrap_or(Value::Empty)
}

/// The rows the table shows, filtered and sorted: indexes into
/// `plan.metrics`. Computed once per change of the plan or the filters.
pub fn visible_rows(ctx: &TabCtx, view: &View) -> Rc<Vec<usize>> {
    let key = view.rows_key(ctx);
    if let Some((k, rows)) = &*view.rows_cache.borrow()
        && *k == key
    {
        return rows.clone();
    }
    let rows = Rc::new(compute_rows(ctx, view));
    *view.rows_cache.borrow_mut() = Some((key, rows.clone()));
    rows
}

fn compute_rows(ctx: &TabCtx, view: &View) -> Vec<usize> {
    let plan = ctx.plan;
    let ratings = &ctx.summary.metric_ratings;
    let needle = view.search.trim().to_lowercase();
    let mut rows: Vec<usize> = (0..plan.metrics.len())
        .filter(|&i| {
            let m = &plan.metrics[i];
            view.category.is_none_or(|c| m.category == c)
                && view.rag.is_none_or(|r| ratings.get(i).is_some_and(|x| x.rag == r))
                && (needle.is_empty()
                    || m.name.to_lowercase().contains(&needle)
                    || m.reference.to_lowercase().contains(&needle))
        })
        .collect();
    let rag_rank = |r: Rag| match r {
        Rag::Red => 0,
        Rag::Amber => 1,
        Rag::Green => 2,
        Rag::NotRated => 3,
    };
    let travel_rank = |i: usize| match ratings.get(i).and_then(|r| r.travel).map(|t| t.improving) {
        Some(Some(false)) => 0,
        Some(None) => 1,
        Some(Some(true)) => 2,
        None => 3,
    };
    match view.sort {
        SortKey::Order => {}
        SortKey::Rag => rows.sort_by_key(|&i| ratings.get(i).map(|r| rag_rank(r.rag)).unwrap_or(3)),
        SortKey::Travel => rows.sort_by_key(|&i| travel_rank(i)),
        SortKey::Name => rows.sort_by_key(|&i| plan.metrics[i].name.to_lowercase()),
        SortKey::Category => {
            rows.sort_by_key(|&i| MetricCategory::ALL.iter().position(|c| *c == plan.metrics[i].category))
        }
        SortKey::Unit => rows.sort_by_key(|&i| plan.metrics[i].unit.word()),
        SortKey::Polarity => rows.sort_by_key(|&i| plan.metrics[i].polarity.word()),
    }
    if view.descending {
        rows.reverse();
    }
    rows
}

/// Draws the tab.
pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    if std::mem::take(&mut view.select_new)
        && let Some(id) = ctx.first_inserted(RecordKind::Metrics)
    {
        view.selected = Some(id);
        view.selected_period = None;
        view.scroll_to_selected = true;
        view.focus_field = Some("name");
    }
    if let Some(f) = ctx.focus
        && let Some(id) = f.record
        && plan.metric(id).is_some()
    {
        view.selected = Some(id);
        view.selected_period = None;
        view.scroll_to_selected = true;
        view.focus_field = f.field;
        view.present = false;
        // a record filtered out of the table is shown anyway
        if !visible_rows(ctx, view).iter().any(|&i| plan.metrics[i].id == id) {
            view.category = None;
            view.rag = None;
            view.search.clear();
        }
    }
    if view.selected.is_none_or(|id| plan.metric(id).is_none()) {
        view.selected = plan.metrics.first().map(|m| m.id);
        view.selected_period = None;
    }
    if let Some(d) = &view.draft
        && Some(d.metric) != view.selected
    {
        view.draft = None;
    }

    toolbar(ui, ctx, view, cmds);

    if view.present {
        chart::present(ui, ctx, view);
        return;
    }
    if plan.metrics.is_empty() {
        ui.add_space(24.0);
        ui.label(
            RichText::new("No metrics yet.")
                .size(widgets::text_size(ui, 18.0))
                .strong(),
        );
        widgets::note(
            ui,
            "Add the BCF national metrics or the NHS constitution standards with the buttons above, or add a metric of your own.",
        );
        return;
    }
    // the table above, the selected metric below; the line between them drags
    let full = ui.available_height();
    let w = ui.available_width();
    let table_h = (full * view.split.unwrap_or(0.38)).clamp(120.0, (full - 240.0).max(120.0));
    ui.allocate_ui(egui::vec2(w, table_h), |ui| {
        ui.set_height(table_h);
        table::show(ui, ctx, view, cmds);
    });
    let (rect, resp) = ui.allocate_exact_size(egui::vec2(w, 10.0), egui::Sense::drag());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Splitter, true, "Resize the table"));
    let resp = resp.on_hover_cursor(egui::CursorIcon::ResizeVertical);
    let stroke = if resp.hovered() || resp.dragged() {
        ui.visuals().widgets.active.fg_stroke
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter().hline(
        rect.x_range(),
        rect.center().y,
        egui::Stroke::new(stroke.width.max(2.0), stroke.color),
    );
    if resp.dragged() && full > 0.0 {
        view.split = Some(((table_h + resp.drag_delta().y) / full).clamp(0.12, 0.8));
    }
    ui.allocate_ui(egui::vec2(w, ui.available_height()), |ui| {
        detail::show(ui, ctx, view, cmds);
    });
    delete_dialog(ui, ctx, view, cmds);
}

/// What the template buttons' texts depend on: the metrics' names, the
/// plan's years and today, hashed.
fn template_key(plan: &Plan, today: NaiveDate) -> u64 {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    for m in &plan.metrics {
        h.update(m.name.as_bytes());
        h.update(&[0]);
    }
    for y in &plan.header.years {
        h.update(y.as_bytes());
        h.update(&[0]);
    }
    h.update(today.to_string().as_bytes());
    h.digest()
}

/// A template button's hover text, and whether the plan has all of its
/// metrics already.
fn template_hover(plan: &Plan, t: Template, today: NaiveDate) -> (bool, String) {
    let missing = metric_templates::missing_from(plan, t, today);
    let all = t.metrics("").len();
    let hover = if missing.is_empty() {
        format!("All {all} {} are in the plan already", t.word())
    } else if missing.len() == all {
        format!(
            "Adds {all} metrics with their definitions, polarity and reporting periods{}",
            if t == Template::ConstitutionStandards {
                format!(" (targets for {})", metric_templates::template_year(plan, today))
            } else {
                String::new()
            }
        )
    } else {
        format!(
            "Adds the {} of {all} not in the plan yet: {}",
            missing.len(),
            missing.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join("; ")
        )
    };
    (missing.is_empty(), hover)
}

/// Previous metric and Next metric (the arrows, when no field has the
/// keyboard): the selection moves among the rows shown.
pub fn run_command(c: UiCommand, ctx: &TabCtx, view: &mut View) {
    let up = match c {
        UiCommand::PreviousMetric => true,
        UiCommand::NextMetric => false,
        _ => return,
    };
    let rows = visible_rows(ctx, view);
    if rows.is_empty() {
        return;
    }
    let pos = view
        .selected
        .and_then(|id| rows.iter().position(|&i| ctx.plan.metrics[i].id == id));
    let next = match (pos, up) {
        (None, _) => 0,
        (Some(p), true) => p.saturating_sub(1),
        (Some(p), false) => (p + 1).min(rows.len() - 1),
    };
    view.selected = Some(ctx.plan.metrics[rows[next]].id);
    view.selected_period = None;
    view.scroll_to_selected = true;
}

fn toolbar(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(format!("Metrics ({})", plan.metrics.len()))
                .heading()
                .strong(),
        );
        ui.add_space(8.0);
        ui.add_enabled_ui(!ctx.locked, |ui| {
            add_metric_menu(ui, ctx, view, cmds);
            let templates = [Template::BcfNational, Template::ConstitutionStandards];
            // they depend on the metrics' names, the plan's years and today
            // only: not worked out again when a figure is typed
            let key = template_key(plan, ctx.today);
            if view.templates_cache.as_ref().is_none_or(|(k, _)| *k != key) {
                let texts = templates.iter().map(|&t| template_hover(plan, t, ctx.today)).collect();
                view.templates_cache = Some((key, texts));
            }
            let texts = view
                .templates_cache
                .as_ref()
                .map(|(_, t)| t.clone())
                .unwrap_or_default();
            for (t, (none_missing, hover)) in templates.into_iter().zip(texts) {
                let resp = ui
                    .add_enabled(!none_missing, egui::Button::new(format!("Add {}", t.word())))
                    .on_hover_text(&hover)
                    .on_disabled_hover_text(&hover);
                if resp.clicked() {
                    view.category = None;
                    view.rag = None;
                    view.search.clear();
                    view.select_new = true;
                    let missing = metric_templates::missing_from(plan, t, ctx.today);
                    let adds = missing.into_iter().map(PlanEdit::append).collect();
                    cmds.edit(format!("Add {}", t.word()), PlanEdit::Batch(adds));
                }
            }
            periods_menu(ui, ctx, view, cmds);
        });
        ui.separator();
        let label = if view.present {
            "Back to the table"
        } else {
            "Present chart"
        };
        if ui
            .selectable_label(view.present, label)
            .on_hover_text("Show the selected metric's chart alone, large, for a projector")
            .clicked()
        {
            view.present = !view.present;
        }
    });
    if view.present {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Category");
        let mut cat = view.category;
        let combo = egui::ComboBox::from_id_salt("metric_filter_category")
            .selected_text(cat.map(|c| c.word()).unwrap_or("All"))
            .width(210.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut cat, None, "All");
                for c in MetricCategory::ALL {
                    ui.selectable_value(&mut cat, Some(c), c.word());
                }
            });
        widgets::set_name(ui, &combo.response, "Filter by category");
        view.category = cat;
        ui.label("RAG");
        let mut rag = view.rag;
        let combo = egui::ComboBox::from_id_salt("metric_filter_rag")
            .selected_text(rag.map(|r| r.word()).unwrap_or("All"))
            .width(110.0)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut rag, None, "All");
                for r in [Rag::Red, Rag::Amber, Rag::Green, Rag::NotRated] {
                    ui.selectable_value(&mut rag, Some(r), r.word());
                }
            });
        widgets::set_name(ui, &combo.response, "Filter by RAG");
        view.rag = rag;
        ui.label("Search");
        let resp = ui.add(
            egui::TextEdit::singleline(&mut view.search)
                .hint_text("name or reference")
                .desired_width(200.0)
                .char_limit(200),
        );
        widgets::set_name(ui, &resp, "Search metrics");
        let shown = visible_rows(ctx, view).len();
        let filtered = view.category.is_some() || view.rag.is_some() || !view.search.trim().is_empty();
        if filtered {
            ui.label(RichText::new(format!("Showing {}", widgets::of_count(shown, plan.metrics.len()))).strong());
            if ui.button("Clear filters").clicked() {
                view.category = None;
                view.rag = None;
                view.search.clear();
            }
        }
        let c = crate::calc::RagCounts::from_iter(ctx.summary.metric_ratings.iter().map(|r| r.rag));
        ui.separator();
        ui.label(format!(
            "{} red · {} amber · {} green · {} not rated",
            c.red, c.amber, c.green, c.not_rated
        ));
    });
    egui::CollapsingHeader::new(RichText::new("How the RAG is worked out").strong())
        .id_salt("metric_rag_rule")
        .default_open(true)
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for r in [Rag::Green, Rag::Amber, Rag::Red, Rag::NotRated] {
                    let chip = widgets::rag_chip_ext(ui, r, r.word(), false, None, 13.0);
                    fields::name_image(ui, &chip, &format!("Key: {}", r.word()));
                }
                let chip = widgets::rag_chip_ext(ui, Rag::Amber, "Amber, set by hand", true, None, 13.0);
                fields::name_image(ui, &chip, "Key: Amber, set by hand");
            });
            ui.label(rule_text(plan.settings.amber_tolerance_pct));
            widgets::note(
                ui,
                "Hover over a RAG, or select it, to see the rule worked out in words. \
                 The arrow is the direction of travel against the previous actual: it is separate from the RAG and says nothing about the target.",
            );
        });
}

/// "Add metric…": asks how the metric is measured and which way is
/// better before adding it (opplan does not guess: a delayed-transfers
/// metric rated as if higher were better shows Green when it is not).
fn add_metric_menu(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let config =
        egui::containers::menu::MenuConfig::new().close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new("Add metric…")
        .config(config)
        .ui(ui, |ui| {
            ui.set_min_width(320.0);
            ui.label(RichText::new("A metric of your own").strong());
            ui.label("Measured in:");
            ui.horizontal_wrapped(|ui| {
                for u in MetricUnit::ALL {
                    ui.radio_value(&mut view.new_unit, Some(u), u.word());
                }
            });
            ui.label("Which way is better:");
            for p in [Polarity::HigherIsBetter, Polarity::LowerIsBetter] {
                ui.radio_value(&mut view.new_polarity, Some(p), p.word());
            }
            let (Some(unit), Some(polarity)) = (view.new_unit, view.new_polarity) else {
                ui.add_enabled(false, egui::Button::new("Add metric"))
                    .on_disabled_hover_text("Choose the unit and which way is better first");
                return;
            };
            if ui.button("Add metric").clicked() {
                let year = metric_templates::template_year(ctx.plan, ctx.today);
                let category = view.category.unwrap_or(MetricCategory::Local);
                view.rag = None;
                view.search.clear();
                view.select_new = true;
                view.new_unit = None;
                view.new_polarity = None;
                cmds.edit(
                    "Add metric",
                    PlanEdit::append(Metric {
                        category,
                        unit,
                        polarity,
                        periods: vec![MetricPeriod {
                            label: year,
                            ..Default::default()
                        }],
                        ..Default::default()
                    }),
                );
                ui.close();
            }
        });
}

fn periods_menu(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let config =
        egui::containers::menu::MenuConfig::new().close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new("Periods of every metric")
        .config(config)
        .ui(ui, |ui| {
            ui.set_min_width(380.0);
            ui.label(RichText::new("Add a period to every metric").strong());
            if view.new_period_label.trim().is_empty() {
                // suggest the period after the most common last period
                let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
                for m in &plan.metrics {
                    if let Some(p) = m.periods.last() {
                        *counts.entry(p.label.trim()).or_default() += 1;
                    }
                }
                let common = counts.into_iter().max_by_key(|(_, n)| *n).map(|(l, _)| l);
                view.new_period_label = next_period_label(common, 0);
            }
            ui.horizontal(|ui| {
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut view.new_period_label)
                        .desired_width(220.0)
                        .char_limit(120),
                );
                widgets::set_name(ui, &resp, "New period label for every metric");
                let label = view.new_period_label.trim().to_string();
                let lacking = plan
                    .metrics
                    .iter()
                    .filter(|m| !m.periods.iter().any(|p| p.label.trim() == label))
                    .count();
                let resp = ui
                    .add_enabled(!label.is_empty() && lacking > 0, egui::Button::new("Add"))
                    .on_hover_text(format!("Adds “{label}” to the {lacking} metrics that do not have it"));
                if resp.clicked() {
                    let puts = plan
                        .metrics
                        .iter()
                        .filter(|m| !m.periods.iter().any(|x| x.label.trim() == label))
                        .map(|m| {
                            let mut m = m.clone();
                            m.periods.push(MetricPeriod {
                                label: label.clone(),
                                ..Default::default()
                            });
                            PlanEdit::put(m)
                        })
                        .collect();
                    cmds.edit(format!("Add period {label} to every metric"), PlanEdit::Batch(puts));
                    view.new_period_label.clear();
                    ui.close();
                }
            });
            ui.separator();
            ui.label(RichText::new("Remove a period from every metric").strong());
            let mut labels: Vec<(String, usize, usize)> = Vec::new();
            for m in &plan.metrics {
                for p in &m.periods {
                    let l = p.label.trim().to_string();
                    let has_values = p.target.is_some() || p.actual.is_some() || p.forecast.is_some();
                    match labels.iter_mut().find(|(x, _, _)| *x == l) {
                        Some(e) => {
                            e.1 += 1;
                            e.2 += has_values as usize;
                        }
                        None => labels.push((l, 1, has_values as usize)),
                    }
                }
            }
            if labels.is_empty() {
                widgets::note(ui, "No periods yet.");
            }
            for (label, n, with_values) in labels {
                let shown = if label.is_empty() { "(no label)" } else { label.as_str() };
                let text = format!(
                    "Remove “{shown}” ({n} metric{}{})",
                    if n == 1 { "" } else { "s" },
                    if with_values > 0 {
                        format!(", {with_values} with values")
                    } else {
                        String::new()
                    }
                );
                if ui
                    .button(text)
                    .on_hover_text("Removes this period, with its target, actual and forecast, from every metric")
                    .clicked()
                {
                    view.selected_period = None;
                    let puts = plan
                        .metrics
                        .iter()
                        .filter(|m| m.periods.iter().any(|x| x.label.trim() == label))
                        .map(|m| {
                            let mut m = m.clone();
                            m.periods.retain(|x| x.label.trim() != label);
                            PlanEdit::put(m)
                        })
                        .collect();
                    cmds.edit(
                        format!("Remove period {shown} from every metric"),
                        PlanEdit::Batch(puts),
                    );
                    ui.close();
                }
            }
        });
}

fn delete_dialog(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let Some(id) = view.confirm_delete else {
        return;
    };
    let Some(m) = ctx.plan.metric(id) else {
        view.confirm_delete = None;
        return;
    };
    let links = crate::calc::objectives::delete_question(ctx.plan, RecordKind::Metrics, &[id]);
    let mut answer = None;
    let modal = egui::Modal::new(egui::Id::unique("metric_delete_modal")).show(ui.ctx(), |ui| {
        ui.set_max_width(520.0);
        let name = if m.name.trim().is_empty() {
            "(no name)"
        } else {
            m.name.trim()
        };
        ui.label(RichText::new(format!("Delete the metric “{name}”?")).heading());
        ui.add_space(6.0);
        ui.label(format!(
            "Its {} period{}, commentary and links go with it.",
            m.periods.len(),
            if m.periods.len() == 1 { "" } else { "s" }
        ));
        if let Some(q) = &links {
            ui.label(q);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button("Delete").clicked() {
                answer = Some(true);
            }
            if ui.button("Cancel").clicked() {
                answer = Some(false);
            }
        });
    });
    if escape::cancels_dialog(&modal) {
        answer = Some(false);
    }
    match answer {
        Some(true) => {
            // select the neighbour in the table
            let rows = visible_rows(ctx, view);
            let pos = rows.iter().position(|&i| ctx.plan.metrics[i].id == id);
            let next = pos.and_then(|p| rows.get(p + 1).or_else(|| p.checked_sub(1).and_then(|q| rows.get(q))));
            view.selected = next.map(|&i| ctx.plan.metrics[i].id);
            view.selected_period = None;
            view.confirm_delete = None;
            let name = m.name.trim().to_string();
            cmds.edit(
                format!("Delete metric “{name}”"),
                PlanEdit::Delete {
                    kind: RecordKind::Metrics,
                    ids: vec![id],
                },
            );
        }
        Some(false) => view.confirm_delete = None,
        None => {}
    }
}
