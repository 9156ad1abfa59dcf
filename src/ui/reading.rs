//! Reading views of the operating plan for the audience window and the
//! projector: the objectives with their roll-up and linked work, the
//! milestone timeline by quarter, and the narrative sections with the
//! national conditions' answers, large and without inputs.

use super::TabCtx;
use super::widgets;
use crate::calc::operating::timeline;
use egui::{RichText, ScrollArea, TextStyle, Ui};

fn size(ui: &Ui, k: f32) -> f32 {
    TextStyle::Body.resolve(ui.style()).size * k
}

/// Objectives → their initiatives and schemes → milestones, and risks.
pub fn objectives_view(ui: &mut Ui, ctx: &TabCtx) {
    let plan = ctx.plan;
    let s = ctx.summary;
    ScrollArea::vertical().id_salt("reading_objectives").show(ui, |ui| {
        if plan.objectives.is_empty() {
            ui.label("No objectives yet.");
        }
        for (i, o) in plan.objectives.iter().enumerate() {
            let Some(r) = s.objective_rollups.get(i) else { continue };
            ui.horizontal(|ui| {
                widgets::rag_chip(ui, r.rag, Some(&r.rule));
                ui.label(RichText::new(o.label(i)).size(size(ui, 1.2)).strong());
            });
            ui.label(&r.rule);
            for id in &r.schemes {
                if let Some((si, sc)) = plan.schemes.iter().enumerate().find(|(_, x)| x.id == *id) {
                    ui.label(format!(
                        "    {} {} {}",
                        sc.kind.word(),
                        si + 1,
                        crate::calc::quote_title(&sc.name)
                    ));
                    for m in &sc.milestones {
                        ui.label(
                            RichText::new(format!(
                                "        {}: {} ({})",
                                if m.due.trim().is_empty() {
                                    "no due date"
                                } else {
                                    m.due.trim()
                                },
                                m.description.trim(),
                                m.status.word()
                            ))
                            .size(size(ui, 0.9)),
                        );
                    }
                }
            }
            for id in &r.risks {
                if let Some((ri, rk)) = plan.risks.iter().enumerate().find(|(_, x)| x.id == *id) {
                    ui.label(format!("    {}", crate::calc::risks::risk_label(ri, rk)));
                }
            }
            ui.add_space(size(ui, 0.6));
        }
        ui.separator();
        timeline_view(ui, ctx);
    });
}

/// The plan's milestones by quarter, in time order; only the rows in view
/// are laid out.
pub fn timeline_view(ui: &mut Ui, ctx: &TabCtx) {
    let plan = ctx.plan;
    let entries = timeline(plan, ctx.today);
    ui.label(RichText::new("Milestones by quarter").size(size(ui, 1.2)).strong());
    if entries.is_empty() {
        ui.label("No milestones yet.");
        return;
    }
    let row_h = ui.spacing().interact_size.y.max(size(ui, 1.4));
    ScrollArea::vertical()
        .id_salt("milestone_timeline")
        .max_height(size(ui, 20.0))
        .show_rows(ui, row_h, entries.len(), |ui, rows| {
            for e in &entries[rows] {
                let sc = &plan.schemes[e.scheme];
                let m = &sc.milestones[e.milestone];
                let rag = if e.state.overdue {
                    crate::model::Rag::Red
                } else if e.state.at_risk {
                    crate::model::Rag::Amber
                } else if m.status == crate::model::MilestoneStatus::Done {
                    crate::model::Rag::Green
                } else {
                    crate::model::Rag::NotRated
                };
                ui.horizontal(|ui| {
                    ui.label(RichText::new(if e.quarter.is_empty() { "No date" } else { &e.quarter }).strong());
                    widgets::rag_chip(ui, rag, None);
                    let flag = if e.state.overdue {
                        " · overdue"
                    } else if e.state.at_risk {
                        " · at risk"
                    } else {
                        ""
                    };
                    ui.label(format!(
                        "{} · {} · {}{flag}",
                        m.description.trim(),
                        crate::calc::quote_title(&sc.name),
                        m.status.word()
                    ));
                });
            }
        });
}

/// The sections in order, each with its status and, for a national
/// condition, whether it is met, the assurance and the actions.
pub fn narrative_view(ui: &mut Ui, ctx: &TabCtx) {
    ScrollArea::vertical().id_salt("reading_narrative").show(ui, |ui| {
        if ctx.plan.sections.is_empty() {
            ui.label("No sections yet.");
        }
        for (i, s) in ctx.plan.sections.iter().enumerate() {
            ui.label(RichText::new(s.label(i)).size(size(ui, 1.2)).strong());
            let mut line = format!("Status: {}", s.status.word());
            if let Some(c) = &s.condition {
                line.push_str(&format!(" · Met: {}", c.met.word()));
            }
            ui.label(line);
            if let Some(c) = &s.condition {
                if !c.assurance.trim().is_empty() {
                    ui.label(RichText::new("Assurance").strong());
                    ui.label(c.assurance.trim());
                }
                if !c.actions.trim().is_empty() {
                    ui.label(RichText::new("Actions").strong());
                    ui.label(c.actions.trim());
                }
            }
            ui.label(s.text.trim());
            ui.add_space(size(ui, 0.8));
        }
    });
}
