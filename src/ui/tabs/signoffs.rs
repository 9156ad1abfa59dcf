//! The Sign-offs tab: who agreed the plan. (Read-only table; signing, the
//! lifecycle and fingerprints' UI come with the sign-offs issue.)

use crate::calc::SignOffState;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::Ui;
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct View {}

pub fn show(ui: &mut Ui, ctx: &TabCtx, _view: &mut View, _cmds: &mut Commands) {
    let plan = ctx.plan;
    widgets::heading(
        ui,
        &format!(
            "Sign-offs ({} of {} signed)",
            ctx.summary.signed_count(),
            plan.signoffs.len()
        ),
    );
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 8.0;
    TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .column(Column::initial(300.0).clip(true))
        .column(Column::initial(190.0).clip(true))
        .column(Column::initial(200.0).clip(true))
        .column(Column::initial(260.0).clip(true))
        .column(Column::initial(110.0))
        .column(Column::remainder().at_least(200.0).clip(true))
        .header(row_h, |mut h| {
            for t in ["Signed on behalf of", "Type", "By", "Position", "Date", "State"] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, plan.signoffs.len(), |mut row| {
                let i = row.index();
                let s = &plan.signoffs[i];
                let state = &ctx.summary.signoff_states[i];
                row.col(|ui| {
                    ui.label(&s.organisation);
                });
                row.col(|ui| {
                    ui.label(s.org_type.word());
                });
                row.col(|ui| {
                    ui.label(&s.name);
                });
                row.col(|ui| {
                    ui.label(&s.position);
                });
                row.col(|ui| {
                    ui.label(s.date.as_ref().map(|d| d.display()).unwrap_or_default());
                });
                row.col(|ui| {
                    let text = match state {
                        SignOffState::Signed => "Signed".to_string(),
                        SignOffState::Pending => "Pending".to_string(),
                        SignOffState::Declined => "Declined".to_string(),
                        SignOffState::Incomplete { problems } => format!("Incomplete: {}", problems.join(", ")),
                        SignOffState::ChangedSince { parts } => {
                            format!("Plan changed since signed ({})", parts.join(", "))
                        }
                    };
                    ui.horizontal(|ui| {
                        widgets::rag_chip(ui, state.rag(), None);
                        ui.label(text);
                    });
                });
            });
        });
}
