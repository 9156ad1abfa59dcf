//! The Risks tab: what could stop delivery. (Read-only table; the register
//! with scoring and the heat map comes with the risks issue.)

use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::Ui;
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct View {}

pub fn show(ui: &mut Ui, ctx: &TabCtx, _view: &mut View, _cmds: &mut Commands) {
    let plan = ctx.plan;
    widgets::heading(ui, &format!("Risks ({})", plan.risks.len()));
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .column(Column::exact(50.0))
        .column(Column::initial(520.0).at_least(200.0).clip(true))
        .column(Column::initial(150.0).clip(true))
        .column(Column::initial(120.0).clip(true))
        .column(Column::initial(80.0))
        .column(Column::initial(120.0))
        .column(Column::remainder().at_least(90.0))
        .header(row_h, |mut h| {
            for t in ["Ref", "Risk", "Category", "Owner", "Score", "Rating", "Actions"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, plan.risks.len(), |mut row| {
                let i = row.index();
                let r = &plan.risks[i];
                let rating = ctx.summary.risk_ratings[i];
                row.col(|ui| {
                    ui.label(&r.reference);
                });
                row.col(|ui| {
                    let actions: Vec<String> = r.mitigations.iter().map(|m| format!("• {}", m.text)).collect();
                    ui.label(&r.title).on_hover_text(actions.join("\n"));
                });
                row.col(|ui| {
                    ui.label(&r.category);
                });
                row.col(|ui| {
                    ui.label(if r.owner.is_empty() { "no owner" } else { &r.owner });
                });
                row.col(|ui| {
                    ui.label(
                        r.current
                            .filter(|s| s.is_valid())
                            .map(|s| s.score().to_string())
                            .unwrap_or_else(|| "–".into()),
                    );
                });
                row.col(|ui| {
                    let word = match (rating.band, rating.source) {
                        (Some(b), crate::calc::risks::RatingSource::Word) => format!("{} (word)", b.word()),
                        (Some(b), _) => b.word().to_string(),
                        (None, _) => "not rated".to_string(),
                    };
                    let size = ui.text_style_height(&egui::TextStyle::Body);
                    widgets::rag_chip_ext(ui, rating.rag, &word, false, None, size * 0.9);
                });
                row.col(|ui| {
                    ui.label(r.mitigations.len().to_string());
                });
            });
        });
}
