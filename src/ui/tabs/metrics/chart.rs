//! The trajectory chart of one metric (egui_plot): the RAG zones of each
//! period shaded (target met, within the tolerance, beyond it), the target
//! of each period as a thick bar, actuals as a thick line with markers
//! shaped like the RAG chips, forecasts dashed with hollow markers, and the
//! baseline dotted. Thick lines and large labels, so it reads on a
//! projector; zoom and drag are off so a stray click cannot move it.

use super::View;
use super::fields::travel_marker;
use crate::calc::metrics::{Chart, explain_travel};
use crate::model::{MetricUnit, Polarity, Rag};
use crate::ui::TabCtx;
use crate::ui::command::UiCommand;
use crate::ui::widgets::{self, rag_colors};
use egui::{Align2, Color32, FontId, RichText, Sense, Stroke, Ui, pos2, vec2};
use egui_plot::{
    AxisHints, GridMark, HLine, Line, LineStyle, MarkerShape, Plot, PlotBounds, PlotPoint, PlotPoints, Points, Polygon,
    Text,
};

struct Palette {
    target: Color32,
    actual: Color32,
    baseline: Color32,
    zone_alpha: u8,
}

fn palette(ui: &Ui) -> Palette {
    if ui.visuals().dark_mode {
        Palette {
            target: Color32::from_rgb(0x8A, 0xB4, 0xF8),
            actual: Color32::from_gray(245),
            baseline: Color32::from_gray(170),
            zone_alpha: 80,
        }
    } else {
        Palette {
            target: Color32::from_rgb(0x0B, 0x3D, 0x91),
            actual: Color32::from_gray(20),
            baseline: Color32::from_gray(95),
            zone_alpha: 55,
        }
    }
}

fn zone(rag: Rag, alpha: u8) -> Color32 {
    let (bg, _) = rag_colors(rag);
    Color32::from_rgba_unmultiplied(bg.r(), bg.g(), bg.b(), alpha)
}

fn marker(rag: Rag) -> MarkerShape {
    match rag {
        Rag::Green => MarkerShape::Circle,
        Rag::Amber => MarkerShape::Up,
        Rag::Red => MarkerShape::Square,
        Rag::NotRated => MarkerShape::Diamond,
    }
}

/// "October 2015 payment (April 2014 - March 2015)" → "October 2015 payment".
fn short_label(label: &str) -> String {
    let s = label.split(" (").next().unwrap_or(label).trim();
    if s.chars().count() > 28 {
        let mut t: String = s.chars().take(27).collect();
        t.push('…');
        t
    } else {
        s.to_string()
    }
}

fn tick_text(v: f64, step: f64, unit: MetricUnit) -> String {
    let dec = (0..=4usize)
        .find(|&d| {
            let x = step * 10f64.powi(d as i32);
            (x - x.round()).abs() < 1e-6 * x.abs().max(1.0)
        })
        .unwrap_or(4);
    let s = format!("{v:.dec$}");
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, s),
    };
    let (w, f) = match s.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let w = w.parse::<u128>().map(crate::model::money::group_thousands).unwrap_or(w);
    let is_zero = v.abs() < step / 2.0;
    let mut out = format!(
        "{}{w}{}",
        if neg && !is_zero { "-" } else { "" },
        f.map(|f| format!(".{f}")).unwrap_or_default()
    );
    match unit {
        MetricUnit::Percent => out.push('%'),
        MetricUnit::Pounds => out.insert(0, '£'),
        _ => {}
    }
    out
}

fn value_text(v: f64, unit: MetricUnit) -> String {
    let d = crate::model::Decimal::from_f64_retain(v).unwrap_or_default();
    crate::calc::metrics::format_short(d, unit)
}

/// Grid marks on "nice" steps (1, 2, 2.5 or 5 × 10ⁿ), about `count` of
/// them, so the value axis always has several labels.
pub fn nice_marks(lo: f64, hi: f64, count: usize) -> Vec<GridMark> {
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return Vec::new();
    }
    let raw = span / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step).floor() as i64;
    (first..=last)
        .map(|k| GridMark {
            value: k as f64 * step,
            step_size: step,
        })
        .collect()
}

/// The legend, drawn large above the plot.
fn legend(ui: &mut Ui, data: &Chart, font: f32) {
    let pal = palette(ui);
    let text = ui.visuals().text_color();
    let bg = ui.visuals().extreme_bg_color;
    let has_forecast = data.periods.iter().any(|p| p.forecast.is_some() && p.actual.is_none());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = vec2(font * 0.3, font * 0.2);
        // each item (swatch and words) wraps as one piece
        let item = |ui: &mut Ui, label: &str, paint: &dyn Fn(&egui::Painter, egui::Rect)| {
            let galley = ui
                .painter()
                .layout_no_wrap(label.to_string(), FontId::proportional(font), text);
            let sw = vec2(font * 2.2, font * 1.2);
            let size = vec2(
                sw.x + font * 0.4 + galley.size().x + font * 0.6,
                sw.y.max(galley.size().y),
            );
            let (rect, _) = ui.allocate_exact_size(size, Sense::hover());
            let swatch = egui::Rect::from_min_size(pos2(rect.left(), rect.center().y - sw.y / 2.0), sw);
            paint(ui.painter(), swatch);
            ui.painter().galley(
                pos2(swatch.right() + font * 0.4, rect.center().y - galley.size().y / 2.0),
                galley,
                text,
            );
        };
        item(ui, "Target", &|p, r| {
            p.line_segment([r.left_center(), r.right_center()], Stroke::new(5.0, pal.target));
        });
        item(ui, "Actual", &|p, r| {
            p.line_segment([r.left_center(), r.right_center()], Stroke::new(4.0, pal.actual));
            p.circle_filled(r.center(), font * 0.35, pal.actual);
        });
        if has_forecast {
            item(ui, "Forecast", &|p, r| {
                let y = r.center().y;
                let w = r.width() / 5.0;
                for k in [0.0, 2.0, 4.0] {
                    p.line_segment(
                        [pos2(r.left() + k * w, y), pos2(r.left() + (k + 1.0) * w, y)],
                        Stroke::new(3.0, pal.actual),
                    );
                }
                p.circle_filled(r.center(), font * 0.33, bg);
                p.circle_stroke(r.center(), font * 0.33, Stroke::new(2.5, pal.actual));
            });
        }
        if data.baseline.is_some() {
            item(ui, "Baseline", &|p, r| {
                let y = r.center().y;
                let mut x = r.left();
                while x < r.right() {
                    p.circle_filled(pos2(x, y), 1.8, pal.baseline);
                    x += 6.0;
                }
            });
        }
        for (rag, label) in [
            (Rag::Green, "Target met"),
            (Rag::Amber, "Within tolerance"),
            (Rag::Red, "Beyond tolerance"),
        ] {
            item(ui, label, &|p, r| {
                p.rect_filled(
                    r.shrink2(vec2(font * 0.3, 0.0)),
                    2.0,
                    zone(rag, pal.zone_alpha.saturating_mul(2)),
                );
                widgets::paint_rag_shape(p, r.center(), font * 0.3, rag, text);
            });
        }
    });
}

/// Draws the chart of one metric, `height` high, tick labels at `font`.
pub fn show(ui: &mut Ui, data: &Chart, id_salt: String, height: f32, font: f32) {
    let font = widgets::text_size(ui, font);
    let Some((lo, hi)) = data.value_range() else {
        ui.add_space(height * 0.3);
        ui.vertical_centered(|ui| {
            ui.label(RichText::new("Nothing to chart yet").size(font + 3.0).strong());
            ui.label(
                RichText::new("Add a baseline, a target or an actual.")
                    .size(font)
                    .weak(),
            );
        });
        return;
    };
    let top = ui.cursor().top();
    legend(ui, data, font);
    let height = height - (ui.cursor().top() - top);
    let pal = palette(ui);
    let unit = data.unit;
    let n = data.periods.len();
    let spread = hi - lo;
    let pad = if spread > 0.0 {
        spread * 0.22
    } else if hi.abs() > 0.0 {
        hi.abs() * 0.1
    } else {
        1.0
    };
    let mut y0 = lo - pad;
    let y1 = hi + pad;
    if lo >= 0.0 && y0 < 0.0 {
        y0 = 0.0;
    }
    let x0 = if data.baseline.is_some() { -1.5 } else { -0.5 };
    let x1 = (n.max(1) as f64) - 0.5;
    let labels: Vec<String> = data.periods.iter().map(|p| short_label(&p.label)).collect();
    let tick_font = FontId::proportional(font);
    let x_axis = AxisHints::new_x()
        .label("")
        .tick_label_font(tick_font.clone())
        .min_thickness(font * 1.8)
        .formatter(move |mark: GridMark, _r| {
            let v = mark.value;
            if (v - v.round()).abs() > 1e-6 {
                return String::new();
            }
            let k = v.round() as i64;
            if k == -1 {
                "Baseline".to_string()
            } else if k >= 0 && (k as usize) < labels.len() {
                labels[k as usize].clone()
            } else {
                String::new()
            }
        });
    let y_axis = AxisHints::new_y()
        .label("")
        .tick_label_font(tick_font)
        .min_thickness(font * 4.5)
        .formatter(move |mark: GridMark, _r| tick_text(mark.value, mark.step_size, unit));
    let show_baseline_tick = data.baseline.is_some();
    let text_color = ui.visuals().text_color();
    let plot = Plot::new(id_salt)
        .height(height.max(160.0))
        .width(ui.available_width())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .custom_x_axes(vec![x_axis])
        .custom_y_axes(vec![y_axis])
        .x_grid_spacer(move |input| {
            let start = if show_baseline_tick { -1 } else { 0 };
            let end = input.bounds.1.floor() as i64;
            (start..=end.max(start))
                .map(|k| GridMark {
                    value: k as f64,
                    step_size: 1.0,
                })
                .collect()
        });
    let plot = plot.y_grid_spacer(|input| nice_marks(input.bounds.0, input.bounds.1, 6));
    let periods = data.periods.clone();
    let baseline = data.baseline;
    let polarity = data.polarity;
    let label_font = font + 1.0;
    let off = (y1 - y0) * 0.035;
    // in a small chart the target bars speak for themselves
    let target_labels = height >= 260.0;
    plot.show(ui, move |pu| {
        pu.set_plot_bounds(PlotBounds::from_min_max([x0, y0], [x1, y1]));
        // RAG zones of each period with a target
        for (i, p) in periods.iter().enumerate() {
            let (Some(t), Some(edge)) = (p.target, p.amber_edge) else {
                continue;
            };
            let (xa, xb) = (i as f64 - 0.5, i as f64 + 0.5);
            let (green, amber, red) = match polarity {
                Polarity::HigherIsBetter => ((t, y1), (edge, t), (y0, edge)),
                Polarity::LowerIsBetter => ((y0, t), (t, edge), (edge, y1)),
            };
            for (rag, (a, b)) in [(Rag::Green, green), (Rag::Amber, amber), (Rag::Red, red)] {
                let (a, b) = (a.clamp(y0, y1), b.clamp(y0, y1));
                if b - a <= 0.0 {
                    continue;
                }
                pu.polygon(
                    Polygon::new(
                        format!("{} zone {}", rag.word(), p.label),
                        PlotPoints::new(vec![[xa, a], [xb, a], [xb, b], [xa, b]]),
                    )
                    .fill_color(zone(rag, pal.zone_alpha))
                    .stroke(Stroke::NONE)
                    .allow_hover(false),
                );
            }
        }
        if let Some(b) = baseline {
            pu.hline(
                HLine::new("Baseline", b)
                    .color(pal.baseline)
                    .width(2.5)
                    .style(LineStyle::dotted_loose())
                    .allow_hover(false),
            );
            pu.points(
                Points::new("Baseline value", vec![[-1.0, b]])
                    .shape(MarkerShape::Diamond)
                    .radius(font * 0.55)
                    .color(pal.baseline)
                    .allow_hover(false),
            );
            pu.text(
                Text::new(
                    "Baseline label",
                    PlotPoint::new(-1.0, b + off),
                    RichText::new(value_text(b, unit)).size(label_font).strong(),
                )
                .color(pal.baseline)
                .anchor(Align2::CENTER_BOTTOM)
                .allow_hover(false),
            );
        }
        // targets: a thick bar per period
        for (i, p) in periods.iter().enumerate() {
            let Some(t) = p.target else { continue };
            let x = i as f64;
            pu.line(
                Line::new(
                    format!("Target {}", p.label),
                    PlotPoints::new(vec![[x - 0.42, t], [x + 0.42, t]]),
                )
                .color(pal.target)
                .width((font * 0.34).max(5.0))
                .allow_hover(false),
            );
            if !target_labels {
                continue;
            }
            let value_above = p.actual.or(p.forecast).is_some_and(|v| v >= t);
            let y = if value_above { t - off * 0.5 } else { t + off * 0.5 };
            pu.text(
                Text::new(
                    format!("Target label {i}"),
                    PlotPoint::new(x + 0.46, y),
                    RichText::new(format!("target {}", value_text(t, unit))).size(font),
                )
                .color(pal.target)
                .anchor(if value_above {
                    Align2::RIGHT_TOP
                } else {
                    Align2::RIGHT_BOTTOM
                })
                .allow_hover(false),
            );
        }
        // actuals: a thick line, markers shaped like the RAG chips
        let actuals: Vec<(usize, f64)> = periods
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.actual.map(|v| (i, v)))
            .collect();
        if actuals.len() > 1 {
            pu.line(
                Line::new(
                    "Actual",
                    PlotPoints::new(actuals.iter().map(|&(i, v)| [i as f64, v]).collect()),
                )
                .color(pal.actual)
                .width((font * 0.28).max(4.0))
                .allow_hover(false),
            );
        }
        // forecasts: dashed from the last actual before them
        let forecasts: Vec<(usize, f64)> = periods
            .iter()
            .enumerate()
            .filter(|(_, p)| p.actual.is_none())
            .filter_map(|(i, p)| p.forecast.map(|v| (i, v)))
            .collect();
        if let Some(&(first, _)) = forecasts.first() {
            let mut pts: Vec<[f64; 2]> = actuals
                .iter()
                .rev()
                .find(|(i, _)| *i < first)
                .map(|&(i, v)| vec![[i as f64, v]])
                .unwrap_or_default();
            pts.extend(forecasts.iter().map(|&(i, v)| [i as f64, v]));
            if pts.len() > 1 {
                pu.line(
                    Line::new("Forecast", PlotPoints::new(pts))
                        .color(pal.actual)
                        .width((font * 0.22).max(3.0))
                        .style(LineStyle::Dashed { length: font })
                        .allow_hover(false),
                );
            }
        }
        for &(i, v) in &actuals {
            let rag = periods[i].rag;
            pu.points(
                Points::new(format!("Actual outline {i}"), vec![[i as f64, v]])
                    .shape(marker(rag))
                    .radius(font * 0.8)
                    .color(pal.actual)
                    .allow_hover(false),
            );
            pu.points(
                Points::new(format!("Actual {i}"), vec![[i as f64, v]])
                    .shape(marker(rag))
                    .radius(font * 0.6)
                    .color(rag_colors(rag).0)
                    .allow_hover(false),
            );
        }
        for &(i, v) in &forecasts {
            pu.points(
                Points::new(format!("Forecast {i}"), vec![[i as f64, v]])
                    .shape(marker(periods[i].rag))
                    .radius(font * 0.6)
                    .filled(false)
                    .color(pal.actual)
                    .allow_hover(false),
            );
        }
        for &(i, v) in actuals.iter().chain(forecasts.iter()) {
            let p = &periods[i];
            let above = p.target.is_none_or(|t| v >= t);
            let (y, anchor) = if above {
                (v + off * 1.2, Align2::CENTER_BOTTOM)
            } else {
                (v - off * 1.2, Align2::CENTER_TOP)
            };
            let word = if p.actual.is_some() { "" } else { " forecast" };
            pu.text(
                Text::new(
                    format!("Value label {i}"),
                    PlotPoint::new(i as f64 - 0.12, y),
                    RichText::new(format!("{}{word}", value_text(v, unit)))
                        .size(label_font)
                        .strong(),
                )
                .color(text_color)
                .anchor(anchor)
                .allow_hover(false),
            );
        }
    });
}

/// The selected metric's chart alone, filling the tab: for projecting.
pub fn present(ui: &mut Ui, ctx: &TabCtx, view: &mut View) {
    let plan = ctx.plan;
    let rows = super::visible_rows(ctx, view);
    let Some((i, m)) = view
        .selected
        .and_then(|id| plan.metrics.iter().enumerate().find(|(_, m)| m.id == id))
    else {
        ui.label(RichText::new("No metric selected.").size(widgets::text_size(ui, 22.0)));
        return;
    };
    let rating = &ctx.summary.metric_ratings[i];
    let pos = rows.iter().position(|&r| r == i);
    ui.horizontal(|ui| {
        let prev = pos.and_then(|p| p.checked_sub(1)).map(|p| rows[p]);
        let next = pos.and_then(|p| rows.get(p + 1)).copied();
        if ui
            .add_enabled(
                prev.is_some(),
                egui::Button::new(
                    RichText::new(UiCommand::PreviousMetric.short_name()).size(widgets::text_size(ui, 18.0)),
                ),
            )
            .on_hover_text(UiCommand::PreviousMetric.hover_text(ui.ctx()))
            .clicked()
            && let Some(p) = prev
        {
            view.selected = Some(plan.metrics[p].id);
            view.selected_period = None;
        }
        if ui
            .add_enabled(
                next.is_some(),
                egui::Button::new(RichText::new(UiCommand::NextMetric.short_name()).size(widgets::text_size(ui, 18.0))),
            )
            .on_hover_text(UiCommand::NextMetric.hover_text(ui.ctx()))
            .clicked()
            && let Some(p) = next
        {
            view.selected = Some(plan.metrics[p].id);
            view.selected_period = None;
        }
        if let Some(p) = pos {
            ui.label(RichText::new(format!("{} of {}", p + 1, rows.len())).size(widgets::text_size(ui, 18.0)));
        }
    });
    ui.add_space(4.0);
    let name = if m.name.trim().is_empty() {
        "(no name)"
    } else {
        m.name.trim()
    };
    ui.label(
        RichText::new(format!("Metric {}: {name}", i + 1))
            .size(widgets::text_size(ui, 26.0))
            .strong(),
    );
    ui.horizontal_wrapped(|ui| {
        let chip = widgets::rag_chip_ext(
            ui,
            rating.rag,
            &rating.chip_text(),
            rating.overridden.is_some(),
            None,
            26.0,
        );
        let chip = super::fields::arrow_tooltip(chip, &rating.explanation);
        super::fields::name_chip(
            ui,
            &chip,
            &format!("RAG of the selected metric: {}", rating.chip_text()),
        );
        ui.add_space(12.0);
        travel_marker(ui, rating.travel, &explain_travel(m), 22.0);
    });
    super::fields::arrow_text(ui, &rating.explanation, 20.0, None);
    ui.add_space(6.0);
    let data = crate::calc::metrics::chart(m, plan.settings.amber_tolerance_pct);
    let h = ui.available_height() - 8.0;
    show(ui, &data, format!("metric_chart_present_{}", m.id), h, 22.0);
}
