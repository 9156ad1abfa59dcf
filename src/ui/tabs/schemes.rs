//! The Schemes tab: where the money goes. (Read-only table; the editor
//! comes with the schemes issue.)

use crate::model::money::format_span;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct View {}

pub fn show(ui: &mut Ui, ctx: &TabCtx, _view: &mut View, _cmds: &mut Commands) {
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    let years = &plan.header.years;
    widgets::heading(ui, &format!("Schemes ({} in {})", plan.schemes.len(), unit.label()));
    let fin = &ctx.summary.finance;
    ui.horizontal_wrapped(|ui| {
        for r in &fin.reconciliation {
            ui.label(RichText::new(format!("{}: {}", r.year, format_span(&r.total, unit))).strong());
            let why = match (r.meets_minimum, &r.minimum) {
                (Some(true), Some(m)) => format!("meets the minimum of {}", format_span(m, unit)),
                (Some(false), Some(m)) => format!("below the minimum of {}", format_span(m, unit)),
                _ => "no minimum set".to_string(),
            };
            widgets::rag_chip(ui, r.rag, Some(&why));
            ui.add_space(12.0);
        }
    });
    ui.add_space(4.0);
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut table = TableBuilder::new(ui)
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .column(Column::exact(36.0))
        .column(Column::initial(70.0).at_least(40.0))
        .column(Column::initial(260.0).at_least(120.0).clip(true))
        .column(Column::initial(110.0).clip(true))
        .column(Column::initial(120.0).clip(true))
        .column(Column::initial(120.0).clip(true))
        .column(Column::initial(170.0).clip(true));
    for _ in years {
        table = table.column(Column::initial(110.0));
    }
    table = table.column(Column::remainder().at_least(90.0));
    table
        .header(row_h + 4.0, |mut h| {
            for t in [
                "#",
                "Ref",
                "Scheme",
                "Area",
                "Commissioner",
                "Provider",
                "Source of funding",
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
            for y in years {
                h.col(|ui| {
                    ui.strong(format!("{y} ({})", unit.label()));
                });
            }
            h.col(|ui| {
                ui.strong("Status");
            });
        })
        .body(|body| {
            body.rows(row_h, plan.schemes.len() + 1, |mut row| {
                let i = row.index();
                if i == plan.schemes.len() {
                    row.col(|_| {});
                    row.col(|_| {});
                    row.col(|ui| {
                        ui.strong("Total");
                    });
                    for _ in 0..4 {
                        row.col(|_| {});
                    }
                    for y in years {
                        row.col(|ui| {
                            ui.strong(format_span(&fin.spend(y), unit));
                        });
                    }
                    row.col(|_| {});
                    return;
                }
                let s = &plan.schemes[i];
                row.col(|ui| {
                    ui.label((i + 1).to_string());
                });
                row.col(|ui| {
                    ui.label(&s.reference);
                });
                row.col(|ui| {
                    ui.label(&s.name).on_hover_text(&s.description);
                });
                row.col(|ui| {
                    let area = if s.area_of_spend.eq_ignore_ascii_case("other") && !s.area_other.is_empty() {
                        format!("Other: {}", s.area_other)
                    } else {
                        s.area_of_spend.clone()
                    };
                    ui.label(area);
                });
                row.col(|ui| {
                    ui.label(&s.commissioner);
                });
                row.col(|ui| {
                    ui.label(&s.provider);
                });
                row.col(|ui| {
                    ui.label(&s.source_of_funding);
                });
                for y in years {
                    row.col(|ui| {
                        let v = s.year(y).map(|sy| sy.total_spend());
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(
                                v.filter(|v| !v.is_zero() || s.year(y).is_some_and(|sy| !sy.is_empty()))
                                    .map(|v| format_span(&v, unit))
                                    .unwrap_or_default(),
                            );
                        });
                    });
                }
                row.col(|ui| {
                    let rag = ctx.summary.scheme_rags.get(i).copied().unwrap_or_default();
                    if s.status.is_empty() {
                        widgets::note(ui, "not set");
                    } else {
                        ui.horizontal(|ui| {
                            widgets::rag_chip(ui, rag, Some(&s.status));
                            ui.label(&s.status);
                        });
                    }
                });
            });
        });
}
