//! The table of metrics: one row each, editable name, category, unit and
//! polarity; the RAG chip (its rule on hover; a click selects it), the
//! direction of travel, baseline, target and the rated value.

use super::fields::{sort_header, travel_marker};
use super::{SortKey, View, set_metric, type_metric, visible_rows};
use crate::calc::metrics::{MetricRating, explain_travel, figure_value, format_value, latest_target};
use crate::model::edit::Change;
use crate::model::{Field, Metric, MetricCategory, MetricUnit, Polarity, RecordId, RecordKind, Value};
use crate::ui::grid::block::{self as grid, Grid};
use crate::ui::grid::frozen::{self, BodyRow, Drawn, Frozen};
use crate::ui::grid::widths::Sizing;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

/// The columns' widths on the laptop screen: #, RAG, Travel, Metric,
/// Category, Unit, Polarity, Baseline, Target, Rated value, Risks. The
/// metric's name takes the width left over.
const BASE_WIDTHS: [f32; 11] = [
    40.0, 158.0, 112.0, 320.0, 178.0, 104.0, 134.0, 112.0, 112.0, 150.0, 64.0,
];
const GROWS: [bool; 11] = [
    false, false, false, true, false, false, false, false, false, false, false,
];

/// A column of the table, left to right.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricCol {
    Num,
    Rag,
    Travel,
    Name,
    Category,
    Unit,
    Polarity,
    Baseline,
    Target,
    Rated,
    Risks,
}

const COLS: [MetricCol; 11] = {
    use MetricCol::*;
    [
        Num, Rag, Travel, Name, Category, Unit, Polarity, Baseline, Target, Rated, Risks,
    ]
};

impl MetricCol {
    /// The stored field of a column a block covers.
    fn field(self) -> Option<Field> {
        match self {
            MetricCol::Name => Some(Field::MetricName),
            MetricCol::Category => Some(Field::MetricCategory),
            MetricCol::Unit => Some(Field::MetricUnit),
            MetricCol::Polarity => Some(Field::Polarity),
            _ => None,
        }
    }

    /// The column's text for a metric (as a paste or a fill sets it).
    fn text(self, m: &Metric) -> String {
        match self {
            MetricCol::Name => m.name.clone(),
            MetricCol::Category => m.category.word().into(),
            MetricCol::Unit => m.unit.word().into(),
            MetricCol::Polarity => m.polarity.word().into(),
            _ => String::new(),
        }
    }
}

/// The table as it is shown now, as a grid (see [`crate::ui::grid::block`]):
/// a block of names, categories, units and polarities.
struct Metrics<'a> {
    plan: &'a crate::model::Plan,
    rows: &'a [usize],
}

impl Metrics<'_> {
    fn metric(&self, r: usize) -> Option<&Metric> {
        self.rows.get(r).and_then(|&i| self.plan.metrics.get(i))
    }
}

impl Grid for Metrics<'_> {
    type Col = MetricCol;
    fn kind(&self) -> RecordKind {
        RecordKind::Metrics
    }
    fn columns(&self) -> &[MetricCol] {
        &COLS
    }
    fn row_count(&self) -> usize {
        self.rows.len()
    }
    fn record(&self, r: usize) -> Option<RecordId> {
        self.metric(r).map(|m| m.id)
    }
    fn is_data(&self, col: MetricCol) -> bool {
        col.field().is_some()
    }
    fn text(&self, r: usize, col: MetricCol) -> String {
        self.metric(r).map_or_else(String::new, |m| col.text(m))
    }
    fn field(&self, col: MetricCol) -> Option<Field> {
        col.field()
    }
}

/// The table, scrolling sideways when the window is too narrow for it.
pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let shown = visible_rows(ctx, view);
    let g = Metrics {
        plan: ctx.plan,
        rows: &shown,
    };
    if let Some(status) = grid::handle_keys(ui, &g, &mut view.grid, cmds, ctx.locked) {
        view.grid_status = Some(status);
    }
    // what the keys did is said while the keyboard stays in the table
    if !view
        .grid
        .focused
        .as_ref()
        .is_some_and(|f| ui.memory(|m| m.has_focus(f.2)))
    {
        view.grid_status = None;
    }
    if let Some(line) = view
        .grid
        .area(&g)
        .and_then(|a| grid::status_line(&a))
        .or_else(|| view.grid_status.clone())
    {
        grid::status_overlay(ui, "metrics", &line);
    }
    let base = cached_base_widths(ui, ctx, view);
    let names = COLS.iter().map(|c| format!("{WIDTHS_TABLE}/{c:?}")).collect();
    let sizing = Sizing::begin(ui, WIDTHS_TABLE, names);
    let (widths, key) = widgets::table_widths_kept(ui, &base, &GROWS, &[200.0; 11], sizing.kept());
    // the number, RAG, travel and name stay at the left edge
    let want = MetricCol::Name as usize + 1;
    frozen::scroll_sideways(ui, "metrics_hscroll", sizing, &widths, key, want, |ui, frozen, keep| {
        table(ui, ctx, view, cmds, &widths, key, frozen, keep)
    });
}

/// The name of the Metrics table among the remembered column widths (see
/// [`crate::ui::grid::widths`]).
const WIDTHS_TABLE: &str = "Metrics";

/// Draws the table; once drawn, its id, the widths it drew and its
/// vertical scroll.
#[allow(clippy::too_many_arguments)]
fn table(
    ui: &mut Ui,
    ctx: &TabCtx,
    view: &mut View,
    cmds: &mut Commands,
    widths: &[f32],
    key: i32,
    frozen: &Frozen,
    keep_scroll: Option<f32>,
) -> Option<Drawn> {
    let plan = ctx.plan;
    let rows = visible_rows(ctx, view);
    let block_area = view.grid.area(&Metrics { plan, rows: &rows });
    if rows.is_empty() {
        ui.add_space(12.0);
        ui.label(RichText::new("No metric matches the filters.").strong());
        return None;
    }
    let body_size = ui.text_style_height(&egui::TextStyle::Body);
    let row_h = body_size + 14.0;
    let salt = ("metrics_table", key);
    let state_id = ui.scope_id().with(egui::IdSalt::new(salt));
    let mut table = TableBuilder::new(ui)
        .id_salt(salt)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click())
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .max_scroll_height(f32::INFINITY);
    for (i, &w) in widths.iter().enumerate() {
        table = table.column(match i {
            0 => Column::exact(w),
            10 => Column::initial(w).at_least(w * 0.75),
            _ => Column::initial(w).at_least(w * 0.5).clip(true),
        });
    }
    if view.scroll_to_selected {
        if let Some(pos) = view
            .selected
            .and_then(|id| rows.iter().position(|&i| plan.metrics[i].id == id))
        {
            table = table.scroll_to_row(pos, None);
        } else if let Some(y) = keep_scroll {
            table = table.vertical_scroll_offset(y);
        }
        view.scroll_to_selected = false;
    } else if let Some(y) = keep_scroll {
        table = table.vertical_scroll_offset(y);
    }
    let mut clicked_sort: Option<SortKey> = None;
    let focus_name = view.take_focus("name");
    let mut drawn = Vec::new();
    let out = table
        .header(row_h, |mut h| {
            let sort = view.sort;
            let desc = view.descending;
            let mut head = |h: &mut egui_extras::TableRow, label: &str, key: Option<SortKey>| {
                let ci = h.col_index();
                let (_, resp) = h.col(|ui| {
                    frozen.cell(ui, ci, None, |ui| match key {
                        Some(k) => {
                            if sort_header(ui, label, sort == k, !desc) {
                                clicked_sort = Some(k);
                            }
                        }
                        None => {
                            ui.label(RichText::new(label).strong());
                        }
                    });
                });
                resp.context_menu(|ui| crate::ui::grid::widths::reset_item(ui, WIDTHS_TABLE));
            };
            head(&mut h, "#", Some(SortKey::Order));
            head(&mut h, "RAG", Some(SortKey::Rag));
            head(&mut h, "Travel", Some(SortKey::Travel));
            head(&mut h, "Metric", Some(SortKey::Name));
            head(&mut h, "Category", Some(SortKey::Category));
            head(&mut h, "Unit", Some(SortKey::Unit));
            head(&mut h, "Polarity", Some(SortKey::Polarity));
            head(&mut h, "Baseline", None);
            head(&mut h, "Target", None);
            head(&mut h, "Rated value", None);
            head(&mut h, "Risks", None);
        })
        .body(|body| {
            drawn = body.widths().to_vec();
            body.rows(row_h, rows.len(), |mut row| {
                let ri = row.index();
                let i = rows[ri];
                let m = &plan.metrics[i];
                let paint = |ui: &Ui, c: MetricCol| {
                    if let Some(a) = &block_area {
                        grid::paint_cell(ui, a, ri, c as usize);
                    }
                };
                let n = i + 1;
                let id = m.id;
                let rating = &ctx.summary.metric_ratings[i];
                let selected = view.selected == Some(id);
                row.set_selected(selected);
                let mut select = false;
                let mut select_chip = false;
                // a click on a moved frozen cell's empty part selects the row
                let look = Some(BodyRow { index: ri, selected });
                row.col(|ui| {
                    let (_, clicked) = frozen.cell(ui, 0, look, |ui| {
                        ui.label(RichText::new(n.to_string()).strong());
                    });
                    select |= clicked;
                });
                row.col(|ui| {
                    let (_, clicked) = frozen.cell(ui, 1, look, |ui| {
                        let chip = widgets::rag_chip_ext(
                            ui,
                            rating.rag,
                            &rating.chip_text(),
                            rating.overridden.is_some(),
                            None,
                            body_size,
                        );
                        let chip = super::fields::arrow_tooltip(chip, &rating.explanation);
                        super::fields::name_chip(ui, &chip, &format!("Metric {n} RAG: {}", rating.chip_text()));
                        if chip.clicked() {
                            select_chip = true;
                        }
                    });
                    select |= clicked;
                });
                row.col(|ui| {
                    let (_, clicked) = frozen.cell(ui, 2, look, |ui| {
                        travel_marker(ui, rating.travel, &explain_travel(m), body_size);
                    });
                    select |= clicked;
                });
                row.col(|ui| {
                    let (_, clicked) = frozen.cell(ui, 3, look, |ui| {
                        paint(ui, MetricCol::Name);
                        ui.add_enabled_ui(!ctx.locked, |ui| {
                            let mut s = m.name.clone();
                            let resp = ui.add(
                                egui::TextEdit::singleline(&mut s)
                                    .hint_text("Name the metric")
                                    .desired_width(f32::INFINITY)
                                    .char_limit(widgets::MAX_LINE_CHARS),
                            );
                            widgets::set_name(ui, &resp, &format!("Metric {n} name"));
                            view.grid.follow(&resp, (id, MetricCol::Name), &m.name);
                            if focus_name && selected {
                                resp.request_focus();
                            }
                            if resp.gained_focus() {
                                select = true;
                            }
                            if resp.changed() {
                                type_metric(cmds, "Edit metric name", "name", id, Field::MetricName, Value::Text(s));
                            }
                            let clipped = widgets::paint_clip_mark(ui, &resp, &m.name);
                            if !m.description.is_empty() {
                                resp.on_hover_text(format!("{}\n\n{}", m.name, m.description));
                            } else if clipped {
                                resp.on_hover_text(&m.name);
                            }
                        });
                    });
                    select |= clicked;
                });
                row.col(|ui| {
                    paint(ui, MetricCol::Category);
                    ui.add_enabled_ui(!ctx.locked, |ui| {
                        let mut c = m.category;
                        let combo = egui::ComboBox::from_id_salt(("metric_category", id))
                            .selected_text(c.word())
                            .width(ui.available_width() - 8.0)
                            .show_ui(ui, |ui| {
                                for x in MetricCategory::ALL {
                                    ui.selectable_value(&mut c, x, x.word());
                                }
                            });
                        widgets::set_name(ui, &combo.response, &format!("Metric {n} category"));
                        view.grid
                            .follow(&combo.response, (id, MetricCol::Category), &MetricCol::Category.text(m));
                        if combo.response.clicked() {
                            select = true;
                        }
                        if c != m.category {
                            let label = format!("Set category to {}", c.word());
                            set_metric(cmds, label, id, Field::MetricCategory, Value::Text(c.word().into()));
                        }
                    });
                });
                row.col(|ui| {
                    paint(ui, MetricCol::Unit);
                    ui.add_enabled_ui(!ctx.locked, |ui| {
                        let mut u = m.unit;
                        let combo = egui::ComboBox::from_id_salt(("metric_unit", id))
                            .selected_text(u.word())
                            .width(ui.available_width() - 8.0)
                            .show_ui(ui, |ui| {
                                for x in MetricUnit::ALL {
                                    ui.selectable_value(&mut u, x, x.word());
                                }
                            });
                        widgets::set_name(ui, &combo.response, &format!("Metric {n} unit"));
                        view.grid
                            .follow(&combo.response, (id, MetricCol::Unit), &MetricCol::Unit.text(m));
                        if combo.response.clicked() {
                            select = true;
                        }
                        if u != m.unit {
                            let label = format!("Set unit to {}", u.word());
                            set_metric(cmds, label, id, Field::MetricUnit, Value::Text(u.word().into()));
                        }
                    });
                });
                row.col(|ui| {
                    paint(ui, MetricCol::Polarity);
                    ui.add_enabled_ui(!ctx.locked, |ui| {
                        let mut pol = m.polarity;
                        let combo = egui::ComboBox::from_id_salt(("metric_polarity", id))
                            .selected_text(pol.word())
                            .width(ui.available_width() - 8.0)
                            .show_ui(ui, |ui| {
                                for x in [Polarity::HigherIsBetter, Polarity::LowerIsBetter] {
                                    ui.selectable_value(&mut pol, x, x.word());
                                }
                            });
                        widgets::set_name(ui, &combo.response, &format!("Metric {n} polarity"));
                        view.grid
                            .follow(&combo.response, (id, MetricCol::Polarity), &MetricCol::Polarity.text(m));
                        if combo.response.clicked() {
                            select = true;
                        }
                        if pol != m.polarity {
                            let label = format!("Set polarity to {}", pol.word().to_lowercase());
                            set_metric(cmds, label, id, Field::Polarity, Value::Text(pol.word().into()));
                        }
                    });
                });
                for (text, hover) in value_texts(m, rating) {
                    row.col(|ui| {
                        let resp = match text {
                            Ok(t) => ui.label(t),
                            Err(none) => ui.label(RichText::new(none).weak()),
                        };
                        if let Some(h) = hover {
                            resp.on_hover_text(h);
                        }
                    });
                }
                row.col(|ui| risk_count_cell(ui, ctx, id, cmds));
                if row.response().clicked() {
                    select = true;
                }
                if select_chip || (select && !selected) {
                    view.selected = Some(id);
                    view.selected_period = None;
                }
            });
        });
    if let Some(k) = clicked_sort {
        if view.sort == k {
            view.descending = !view.descending;
        } else {
            view.sort = k;
            view.descending = false;
        }
    }
    Some(Drawn {
        state_id,
        widths: drawn,
        scroll_y: out.state.clamped_offset().y,
    })
}

/// What the Baseline, Target and Rated value cells say (`Err`: the weak
/// words for no value), with what they say on hover.
fn value_texts(m: &Metric, rating: &MetricRating) -> [(Result<String, &'static str>, Option<String>); 3] {
    let baseline = match figure_value(&m.baseline, m.unit) {
        Some(b) => (
            Ok(format_value(b, m.unit)),
            Some(if m.baseline_period.is_empty() {
                "Baseline".to_string()
            } else {
                format!("Baseline: {}", m.baseline_period)
            }),
        ),
        None => (Err("none"), None),
    };
    let target = match rating
        .comparison
        .as_ref()
        .map(|c| c.target)
        .or_else(|| latest_target(m))
    {
        Some(t) => (Ok(format_value(t, m.unit)), None),
        None => (Err("no target"), None),
    };
    let v = rating.period.and_then(|p| {
        let per = &m.periods[p];
        figure_value(&per.actual, m.unit)
            .or_else(|| figure_value(&per.forecast, m.unit))
            .map(|v| (v, per.label.clone()))
    });
    let rated = match (v, rating.basis) {
        (Some((v, label)), Some(b)) => (
            Ok(format!("{} {}", format_value(v, m.unit), b.word().to_lowercase())),
            Some(format!("{} for {label}", b.word())),
        ),
        _ => (Err("no actual yet"), None),
    };
    [baseline, target, rated]
}

/// What the columns' widths were measured from and what they came to, kept
/// between frames: the table's widths for its rows, and each metric's
/// widths in the RAG, Unit and value columns for the plan generation they
/// were measured on. An edit measures again only the metrics it changed
/// (as the edit said, [`TabCtx::changes_since`]), not all of them.
#[derive(Default)]
pub(super) struct WidthsCache {
    /// The rows and the text size the table's widths are for.
    key: Option<(super::RowsKey, [u32; 2])>,
    widths: [f32; 11],
    /// The text size and plan generation the metrics' widths are for.
    size: [u32; 2],
    generation: Option<u64>,
    /// By position in `plan.metrics` (`None`: to measure).
    metrics: Vec<Option<[f32; 5]>>,
}

impl WidthsCache {
    /// Forgets the widths of the metrics changed since they were measured
    /// (all of them when that is not known, or when what every rating
    /// depends on changed: the plan's settings or header).
    fn forget_changed(&mut self, ctx: &TabCtx) {
        if self.generation == Some(ctx.generation) {
            return;
        }
        let changes = self.generation.and_then(|g| ctx.changes_since(g));
        self.generation = Some(ctx.generation);
        let Some(changes) = changes else {
            self.metrics.clear();
            return;
        };
        for c in changes {
            match c {
                Change::Record {
                    kind: RecordKind::Metrics,
                    at,
                    ..
                } => {
                    if let Some(slot) = self.metrics.get_mut(*at) {
                        *slot = None;
                    }
                }
                Change::Record { .. } | Change::FinanceTables | Change::History => {}
                Change::Inserted { kind, .. } | Change::Removed { kind, .. } | Change::Moved { kind, .. }
                    if *kind != RecordKind::Metrics => {}
                _ => {
                    self.metrics.clear();
                    return;
                }
            }
        }
    }
}

/// [`base_widths`], measured again only when the rows, the text size or a
/// metric shown changed.
fn cached_base_widths(ui: &Ui, ctx: &TabCtx, view: &View) -> [f32; 11] {
    let rows = visible_rows(ctx, view);
    let size = [
        widgets::text_scale(ui).to_bits(),
        egui::TextStyle::Body.resolve(ui.style()).size.to_bits(),
    ];
    let key = (view.rows_key(ctx), size);
    let mut cache = view.widths_cache.borrow_mut();
    if cache.key.as_ref() == Some(&key) {
        return cache.widths;
    }
    if cache.size != size {
        cache.metrics.clear();
        cache.size = size;
    }
    cache.forget_changed(ctx);
    let widths = base_widths(ui, ctx, &rows, &mut cache.metrics);
    cache.key = Some(key);
    cache.widths = widths;
    widths
}

/// The columns' widths on the laptop screen, the RAG and value columns as
/// wide as the widest they show (`rows`) at the current text size. A
/// metric's own widths are taken from `measured` when there, and kept
/// there when measured.
fn base_widths(ui: &Ui, ctx: &TabCtx, rows: &[usize], measured: &mut Vec<Option<[f32; 5]>>) -> [f32; 11] {
    let scale = widgets::text_scale(ui);
    let body = egui::TextStyle::Body.resolve(ui.style()).size;
    let pad = 16.0 * scale;
    measured.resize(ctx.plan.metrics.len(), None);
    let mut w = BASE_WIDTHS;
    for &i in rows {
        let (Some(m), Some(rating)) = (ctx.plan.metrics.get(i), ctx.summary.metric_ratings.get(i)) else {
            continue;
        };
        let own = *measured[i].get_or_insert_with(|| metric_widths(ui, m, rating, body, pad));
        for (k, col) in [1, 5, 7, 8, 9].into_iter().enumerate() {
            w[col] = w[col].max(own[k] / scale);
        }
    }
    w
}

/// One metric's widths (at the text's scale) in the RAG, Unit, Baseline,
/// Target and Rated value columns.
fn metric_widths(ui: &Ui, m: &Metric, rating: &MetricRating, body: f32, pad: f32) -> [f32; 5] {
    let chip = widgets::rag_chip_width(ui, &rating.chip_text(), body) + pad;
    // the unit's word, then the drop-down's arrow
    let unit = widgets::text_width(ui, m.unit.word(), egui::TextStyle::Body, false) + pad + body * 1.5;
    let mut own = [chip, unit, 0.0, 0.0, 0.0];
    for (k, (text, _)) in value_texts(m, rating).iter().enumerate() {
        let t = match text {
            Ok(t) => t.as_str(),
            Err(none) => none,
        };
        own[2 + k] = widgets::text_width(ui, t, egui::TextStyle::Body, false) + pad;
    }
    own
}

/// How many risks point at the metric; the list on hover, a click opens the
/// first in the Risks tab.
fn risk_count_cell(ui: &mut Ui, ctx: &TabCtx, id: crate::model::RecordId, cmds: &mut Commands) {
    match ctx.summary.risk_links.get(&id) {
        None => {
            ui.label(RichText::new("–").weak());
        }
        Some(c) => {
            let text = if c.open == c.total {
                c.total.to_string()
            } else {
                format!("{} ({} open)", c.total, c.open)
            };
            let resp = ui.add(egui::Label::new(text).sense(egui::Sense::click()));
            let resp = resp.on_hover_ui(|ui| {
                for r in crate::calc::risks::risks_linked_to(ctx.plan, id) {
                    ui.label(format!("{} {}", r.reference, r.title));
                }
            });
            if resp.clicked()
                && let Some(first) = crate::calc::risks::risks_linked_to(ctx.plan, id).next()
            {
                cmds.go_to(crate::ui::Tab::Risks, Some(first.id), None);
            }
        }
    }
}
