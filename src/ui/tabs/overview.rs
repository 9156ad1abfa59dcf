//! The Overview tab: the plan's story on one screen: money against the
//! minimum, RAG by area, and what is still missing.

use crate::calc::Tab;
use crate::model::money::format_span;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::{RichText, ScrollArea, Ui};

#[derive(Default)]
pub struct View {}

pub fn show(ui: &mut Ui, ctx: &TabCtx, _view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let s = ctx.summary;
    let unit = plan.settings.display_unit;
    let scroll_to_checklist = ctx.focus.is_some_and(|f| f.field == Some("checklist"));
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            widgets::rag_chip_ext(
                ui,
                s.overall,
                &format!("Plan {}", s.overall.word()),
                false,
                Some(&s.overall_rule),
                22.0,
            );
            ui.label(RichText::new(&s.overall_rule).size(15.0));
        });
        ui.add_space(8.0);

        widgets::heading(ui, &format!("Money ({})", unit.label()));
        egui::Grid::new("overview_money")
            .num_columns(5)
            .spacing([24.0, 6.0])
            .striped(true)
            .show(ui, |ui| {
                for h in [
                    "Year",
                    "Schemes' total",
                    "Minimum required",
                    "Declared total",
                    "Reconciliation",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for r in &s.finance.reconciliation {
                    ui.label(RichText::new(&r.year).strong());
                    if ui
                        .link(RichText::new(format_span(&r.total, unit)).size(18.0).strong())
                        .clicked()
                    {
                        cmds.go_to(Tab::Schemes, None, None);
                    }
                    ui.label(
                        r.minimum
                            .map(|m| format_span(&m, unit))
                            .unwrap_or_else(|| "not set".into()),
                    );
                    ui.label(
                        r.declared
                            .map(|m| format_span(&m, unit))
                            .unwrap_or_else(|| "not set".into()),
                    );
                    let text = match (r.meets_minimum, r.declared_difference) {
                        (Some(false), _) => "below the minimum".to_string(),
                        (_, Some(d)) if !d.is_zero() => format!("differs from declared by {}", format_span(&d, unit)),
                        (Some(true), _) => "meets the minimum".to_string(),
                        _ => "nothing to reconcile".to_string(),
                    };
                    ui.horizontal(|ui| {
                        widgets::rag_chip(ui, r.rag, Some(&text));
                        ui.label(text);
                    });
                    ui.end_row();
                }
                let benefit: Vec<String> = s
                    .finance
                    .benefit_by_year
                    .iter()
                    .filter(|(_, v)| !v.is_zero())
                    .map(|(y, v)| format!("{y}: {}", format_span(v, unit)))
                    .collect();
                if !benefit.is_empty() {
                    ui.label(RichText::new("Benefits").strong());
                    ui.label(benefit.join("   "));
                    ui.end_row();
                }
            });

        ui.add_space(10.0);
        widgets::heading(ui, "RAG by area");
        egui::Grid::new("overview_areas")
            .num_columns(4)
            .spacing([24.0, 8.0])
            .show(ui, |ui| {
                for a in &s.areas {
                    if ui.link(RichText::new(a.name).size(16.0).strong()).clicked() {
                        cmds.go_to(a.tab, None, None);
                    }
                    widgets::rag_chip_ext(ui, a.rag, a.rag.word(), false, Some(&a.rule), 16.0);
                    let c = a.counts;
                    ui.label(format!(
                        "{} green · {} amber · {} red · {} not rated",
                        c.green, c.amber, c.red, c.not_rated
                    ));
                    ui.label(RichText::new(&a.rule).weak());
                    ui.end_row();
                }
            });

        ui.add_space(10.0);
        let n = s.checklist.incomplete_count();
        let total = s.checklist.items.len();
        let head = ui.label(
            RichText::new(format!("Readiness checklist: {} of {total} complete", total - n))
                .heading()
                .strong(),
        );
        if scroll_to_checklist {
            head.scroll_to_me(Some(egui::Align::TOP));
        }
        if n == 0 {
            ui.label("Every required item is complete.");
        }
        for tab in Tab::ALL {
            let missing: Vec<_> = s.checklist.missing().filter(|i| i.tab == tab).collect();
            if missing.is_empty() {
                continue;
            }
            ui.add_space(4.0);
            ui.label(RichText::new(format!("{} ({} incomplete)", tab.word(), missing.len())).strong());
            for item in missing {
                ui.horizontal(|ui| {
                    ui.label(RichText::new("No").color(widgets::error_color(ui)).strong());
                    if ui
                        .link(&item.text)
                        .on_hover_text(format!("Go to {}", item.tab.word()))
                        .clicked()
                    {
                        cmds.go_to(item.tab, item.record, item.field);
                    }
                });
            }
        }
    });
}
