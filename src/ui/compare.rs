//! "Compare with file…": the change list between the open plan and another
//! version of it, in a window beside the plan. Records are matched by id;
//! a record moved in its list says from where to where; clicking a record
//! that is in the open plan goes to it.

use super::{Commands, widgets};
use crate::calc::diff::render::move_phrase;
use crate::calc::diff::{ChangeKind, PlanDiff, diff, phrase, rag_line, render_text, total_line};
use crate::model::Plan;
use crate::model::field::RecordKind;
use crate::ui::Tab;
use chrono::NaiveDate;
use egui::{RichText, Ui};

/// Which way round the change list reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// From the other file to the open plan: what this draft changed.
    FileToOpen,
    /// From the open plan to the other file.
    OpenToFile,
}

pub struct CompareWindow {
    pub other: Plan,
    /// The other file's name.
    pub other_name: String,
    pub direction: Direction,
    diff: Option<PlanDiff>,
    /// The open plan's generation the diff was computed for.
    generation: u64,
}

/// The window's font has no arrow glyph: "3,443 → 3,600" reads "3,443 to
/// 3,600" here (the CLI and copied text keep the arrow).
fn ui_text(s: &str) -> String {
    s.replace(" \u{2192} ", " to ").replace('\u{2192}', "to")
}

/// The tab that shows records of a kind.
pub(crate) fn tab_of(kind: RecordKind) -> Tab {
    match kind {
        RecordKind::Schemes => Tab::Schemes,
        RecordKind::Metrics => Tab::Metrics,
        RecordKind::Risks => Tab::Risks,
        RecordKind::SignOffs => Tab::SignOffs,
        RecordKind::Objectives => Tab::Objectives,
        RecordKind::Sections => Tab::Narrative,
    }
}

impl CompareWindow {
    pub fn new(other: Plan, other_name: String) -> Self {
        CompareWindow {
            other,
            other_name,
            direction: Direction::FileToOpen,
            diff: None,
            generation: u64::MAX,
        }
    }

    fn names(&self, open_name: &str) -> (String, String) {
        match self.direction {
            Direction::FileToOpen => (self.other_name.clone(), format!("{open_name} (open)")),
            Direction::OpenToFile => (format!("{open_name} (open)"), self.other_name.clone()),
        }
    }

    /// The change list, computed again when the open plan changed.
    pub fn diff(&mut self, plan: &Plan, generation: u64, today: NaiveDate) -> &PlanDiff {
        if self.diff.is_none() || self.generation != generation {
            self.diff = Some(match self.direction {
                Direction::FileToOpen => diff(&self.other, plan, today),
                Direction::OpenToFile => diff(plan, &self.other, today),
            });
            self.generation = generation;
        }
        self.diff.as_ref().expect("just set")
    }

    /// The change list as text (what "Copy as text" copies).
    pub fn text(&mut self, plan: &Plan, generation: u64, today: NaiveDate, open_name: &str) -> String {
        let (a, b) = self.names(open_name);
        render_text(self.diff(plan, generation, today), &a, &b)
    }

    /// Draws the window; returns `false` once closed.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        plan: &Plan,
        generation: u64,
        today: NaiveDate,
        open_name: &str,
        cmds: &mut Commands,
    ) -> bool {
        let mut open = true;
        let mut close = false;
        egui::Window::new(format!("Compare with {}", self.other_name))
            .id(egui::Id::unique("opplan_compare_window"))
            .open(&mut open)
            .default_size([720.0, 620.0])
            .resizable(true)
            .show(ctx, |ui| {
                ui.horizontal_wrapped(|ui| {
                    let before = self.direction;
                    ui.radio_value(
                        &mut self.direction,
                        Direction::FileToOpen,
                        format!("What changed from {} to the open plan", self.other_name),
                    );
                    ui.radio_value(
                        &mut self.direction,
                        Direction::OpenToFile,
                        format!("What changed from the open plan to {}", self.other_name),
                    );
                    if before != self.direction {
                        self.diff = None;
                    }
                });
                ui.horizontal(|ui| {
                    if ui.button("Copy as text").clicked() {
                        let t = self.text(plan, generation, today, open_name);
                        ui.ctx().copy_text(t);
                    }
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                });
                ui.separator();
                let d = self.diff(plan, generation, today).clone();
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    self.body(ui, plan, &d, cmds);
                });
            });
        open && !close
    }

    fn body(&self, ui: &mut Ui, plan: &Plan, d: &PlanDiff, cmds: &mut Commands) {
        if d.is_empty() {
            ui.label(RichText::new("No differences.").heading());
            return;
        }
        let unit = d.unit;
        if !d.totals.is_empty() {
            widgets::heading(ui, "Effect on totals");
            for t in &d.totals {
                ui.label(ui_text(&format!("• {}", total_line(t, unit))));
            }
        }
        if !d.rags.is_empty() || d.checklist.0 != d.checklist.1 {
            widgets::heading(ui, "Effect on RAG and readiness");
            for r in &d.rags {
                ui.horizontal(|ui| {
                    widgets::rag_chip(ui, r.old, None);
                    ui.label("to");
                    widgets::rag_chip(ui, r.new, None);
                    ui.label(&r.what).on_hover_text(ui_text(&rag_line(r)));
                });
            }
            if d.checklist.0 != d.checklist.1 {
                ui.label(format!(
                    "• Checklist: {} to {} items incomplete",
                    d.checklist.0, d.checklist.1
                ));
            }
        }
        if !d.header.is_empty() {
            widgets::heading(ui, "Plan details");
            for c in &d.header {
                ui.label(ui_text(&format!("• {}", phrase(c))));
            }
        }
        for kind in RecordKind::ALL {
            let rs: Vec<_> = d.records.iter().filter(|r| r.kind == kind).collect();
            if rs.is_empty() {
                continue;
            }
            widgets::heading(ui, kind.word());
            for r in rs {
                let word = r.change.key();
                let in_open = kind.ids(plan).contains(&r.id);
                ui.horizontal_wrapped(|ui| {
                    if in_open {
                        if ui
                            .link(RichText::new(&r.label).strong())
                            .on_hover_text("Show it in the plan")
                            .clicked()
                        {
                            cmds.go_to(tab_of(kind), Some(r.id), None);
                        }
                    } else {
                        ui.label(RichText::new(&r.label).strong());
                    }
                    ui.label(RichText::new(word).italics());
                });
                ui.indent(("compare_record", r.kind, r.id.0, word), |ui| {
                    if let Some(m) = &r.moved {
                        ui.label(format!("\u{2022} {}", move_phrase(m)));
                    }
                    for c in &r.fields {
                        let mut text = if r.change == ChangeKind::Changed {
                            phrase(c)
                        } else {
                            format!("{} {}", c.field, c.new)
                        };
                        if c.money && !c.long && !text.contains('£') {
                            text.push_str(&format!(" ({})", unit.label()));
                        }
                        ui.label(ui_text(&format!("• {text}")));
                    }
                });
            }
        }
    }
}
