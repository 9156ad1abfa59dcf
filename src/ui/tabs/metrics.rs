//! The Metrics tab: what the plan promises to change, with RAG. (Read-only
//! table; the editor comes with the metrics issue.)

use crate::calc::metrics::{figure_value, format_value};
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::Ui;
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct View {}

pub fn show(ui: &mut Ui, ctx: &TabCtx, _view: &mut View, _cmds: &mut Commands) {
    let plan = ctx.plan;
    widgets::heading(ui, &format!("Metrics ({})", plan.metrics.len()));
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .column(Column::exact(36.0))
        .column(Column::initial(380.0).at_least(160.0).clip(true))
        .column(Column::initial(170.0).clip(true))
        .column(Column::initial(130.0).clip(true))
        .column(Column::initial(120.0))
        .column(Column::initial(120.0))
        .column(Column::initial(120.0))
        .column(Column::remainder().at_least(110.0))
        .header(row_h, |mut h| {
            for t in [
                "#",
                "Metric",
                "Category",
                "Polarity",
                "Baseline",
                "Target",
                "Rated value",
                "RAG",
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, plan.metrics.len(), |mut row| {
                let i = row.index();
                let m = &plan.metrics[i];
                let rating = &ctx.summary.metric_ratings[i];
                row.col(|ui| {
                    ui.label((i + 1).to_string());
                });
                row.col(|ui| {
                    ui.label(&m.name).on_hover_text(&m.description);
                });
                row.col(|ui| {
                    ui.label(m.category.word());
                });
                row.col(|ui| {
                    ui.label(m.polarity.word());
                });
                row.col(|ui| {
                    ui.label(
                        figure_value(&m.baseline, m.unit)
                            .map(|v| format_value(v, m.unit))
                            .unwrap_or_default(),
                    );
                });
                row.col(|ui| {
                    let t = crate::calc::metrics::latest_target(m);
                    ui.label(t.map(|v| format_value(v, m.unit)).unwrap_or_else(|| "no target".into()));
                });
                row.col(|ui| {
                    let v = rating.comparison.as_ref().map(|c| format_value(c.value, m.unit));
                    let basis = rating.basis.map(|b| b.word()).unwrap_or("");
                    ui.label(v.map(|v| format!("{v} ({})", basis.to_lowercase())).unwrap_or_default());
                });
                row.col(|ui| {
                    let text = if rating.overridden.is_some() {
                        format!("{}, set by hand", rating.rag.word())
                    } else {
                        rating.rag.word().to_string()
                    };
                    let size = ui.text_style_height(&egui::TextStyle::Body);
                    widgets::rag_chip_ext(
                        ui,
                        rating.rag,
                        &text,
                        rating.overridden.is_some(),
                        Some(&rating.explanation),
                        size * 0.9,
                    );
                });
            });
        });
}
