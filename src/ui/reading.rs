//! Reading views of the operating plan for the projector (presentation
//! mode) and the audience window: the objectives with their roll-up and
//! linked work (initiatives → milestones, risks) beside the milestone
//! timeline by quarter, and the narrative sections with the national
//! conditions' answers; large, wrapped, without inputs.

use super::TabCtx;
use super::widgets;
use crate::calc::objectives::{Timeline, TimelineEntry};
use crate::model::{MilestoneStatus, Rag};
use egui::{RichText, ScrollArea, TextStyle, Ui};
use std::sync::Arc;

fn size(ui: &Ui, k: f32) -> f32 {
    TextStyle::Body.resolve(ui.style()).size * k
}

/// Objectives on the left, the timeline on the right: both in view, so a
/// facilitator walks objectives → initiatives → milestones → risks.
pub fn objectives_view(ui: &mut Ui, ctx: &TabCtx) {
    ui.columns(2, |cols| {
        objectives_column(&mut cols[0], ctx);
        timeline_view(&mut cols[1], ctx);
    });
}

fn objectives_column(ui: &mut Ui, ctx: &TabCtx) {
    let plan = ctx.plan;
    let s = ctx.summary;
    ScrollArea::vertical().id_salt("reading_objectives").show(ui, |ui| {
        if plan.objectives.is_empty() {
            ui.label("No objectives yet.");
        }
        for (i, o) in plan.objectives.iter().enumerate() {
            let Some(r) = s.objective_rollups.get(i) else { continue };
            ui.horizontal_wrapped(|ui| {
                widgets::rag_chip(ui, r.rag, Some(&r.rule));
                ui.label(RichText::new(o.label(i)).size(size(ui, 1.2)).strong());
            });
            ui.label(RichText::new(&r.rule).size(size(ui, 0.9)));
            ui.indent(("reading_objective", o.id), |ui| {
                for id in &r.schemes {
                    let Some((si, sc)) = plan.schemes.iter().enumerate().find(|(_, x)| x.id == *id) else {
                        continue;
                    };
                    ui.label(format!(
                        "{} {} {}",
                        sc.kind.word(),
                        si + 1,
                        crate::calc::quote_title(&sc.name)
                    ));
                    if sc.milestones.is_empty() {
                        continue;
                    }
                    ui.indent(("reading_milestones", o.id, sc.id), |ui| {
                        for m in &sc.milestones {
                            let due = if m.due.trim().is_empty() {
                                "no due date"
                            } else {
                                m.due.trim()
                            };
                            ui.label(
                                RichText::new(format!("{due}: {} ({})", m.description.trim(), m.status.word()))
                                    .size(size(ui, 0.9)),
                            );
                        }
                    });
                }
                for id in &r.risks {
                    if let Some((ri, rk)) = plan.risks.iter().enumerate().find(|(_, x)| x.id == *id) {
                        ui.label(crate::calc::risks::risk_label(ri, rk));
                    }
                }
            });
            ui.add_space(size(ui, 0.6));
        }
    });
}

/// The plan's milestones by quarter, in time order, each with its state
/// in words (overdue, at risk, done); only the rows in view are laid out.
pub fn timeline_view(ui: &mut Ui, ctx: &TabCtx) {
    let plan = ctx.plan;
    let entries = cached_timeline(ui, ctx);
    ui.label(RichText::new("Milestones by quarter").size(size(ui, 1.2)).strong());
    if entries.is_empty() {
        ui.label("No milestones yet.");
        return;
    }
    let row_h = ui.spacing().interact_size.y.max(size(ui, 1.5));
    let chip = size(ui, 1.0);
    ScrollArea::vertical()
        .id_salt("milestone_timeline")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, entries.len(), |ui, rows| {
            for e in &entries[rows] {
                let sc = &plan.schemes[e.scheme];
                let m = &sc.milestones[e.milestone];
                let (rag, word) = if e.state.overdue {
                    (Rag::Red, "Overdue")
                } else if e.state.at_risk {
                    (Rag::Amber, "At risk")
                } else if m.status == MilestoneStatus::Done {
                    (Rag::Green, "Done")
                } else {
                    (Rag::NotRated, m.status.word())
                };
                ui.horizontal(|ui| {
                    ui.set_height(row_h);
                    let quarter = if e.quarter.is_empty() { "No date" } else { &e.quarter };
                    ui.label(RichText::new(quarter).strong());
                    widgets::rag_chip_ext(ui, rag, word, false, None, chip);
                    ui.add(
                        egui::Label::new(format!(
                            "{} · {}",
                            m.description.trim(),
                            crate::calc::quote_title(&sc.name)
                        ))
                        .truncate(),
                    );
                });
            }
        });
}

/// The timeline, worked out again only when the schemes (their
/// milestones) or the day changed, and then only for the schemes whose
/// milestones changed (every due text is read and the milestones sorted:
/// not on an idle frame, nor after an edit elsewhere in the plan).
fn cached_timeline(ui: &Ui, ctx: &TabCtx) -> Arc<Vec<TimelineEntry>> {
    #[derive(Clone, Default)]
    struct Cached {
        /// The schemes' content hash and the day the timeline is for.
        key: Option<(String, chrono::NaiveDate)>,
        timeline: Timeline,
        entries: Arc<Vec<TimelineEntry>>,
    }
    let id = egui::Id::unique("opplan_milestone_timeline");
    let schemes = &ctx.summary.fingerprint.schemes;
    ui.ctx().data_mut(|d| {
        let c = d.get_temp_mut_or_default::<Cached>(id);
        if c.key.as_ref().is_none_or(|(s, day)| s != schemes || *day != ctx.today) {
            c.entries = c.timeline.update(ctx.plan, ctx.today);
            c.key = Some((schemes.clone(), ctx.today));
        }
        c.entries.clone()
    })
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
                for (head, text) in [("Assurance", c.assurance.trim()), ("Actions", c.actions.trim())] {
                    if !text.is_empty() {
                        ui.label(RichText::new(head).strong());
                        ui.label(text);
                    }
                }
            }
            for p in s.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                ui.label(p.trim());
                ui.add_space(size(ui, 0.3));
            }
            ui.add_space(size(ui, 0.8));
        }
    });
}
