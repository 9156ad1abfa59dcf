//! The Consolidation view (issue 17, part 4): File › "Open workspace…"
//! reads a folder of plans (or a workspace file) and shows
//! `calc::rollup` of it in a window: the plans side by side (status,
//! schemes, spend by year, RAG by area, checklist progress, conflicts)
//! and summed, the totals by source, area and commissioner, and every
//! difference between the consolidated plan and the organisations' own
//! plans. Clicking a plan opens it (after "Save changes?" when the open
//! plan has unsaved changes). The rollup is computed once, when the
//! workspace is read; drawing it computes nothing.

use super::{Command, Commands, widgets};
use crate::calc::rollup::{DIMENSIONS, Rollup, Totals, rollup};
use crate::io::workspace;
use crate::model::money::format_span;
use crate::model::{Plan, Span};
use chrono::NaiveDate;
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

/// A workspace read and rolled up.
pub struct ConsolidationWindow {
    /// The folder or workspace file, as named.
    pub name: String,
    /// Each plan's file, in the rollup's order.
    pub paths: Vec<PathBuf>,
    pub rollup: Rollup,
}

/// The plans a folder or a workspace file names.
fn workspace_plans(path: &Path) -> Result<workspace::WorkspacePlans, String> {
    if path.is_dir() {
        return workspace::folder_workspace(path);
    }
    workspace::read_workspace(path)?.ok_or_else(|| {
        format!(
            "{} is not a workspace: name a folder of plans, or a file holding (plans: [\"a.ron\", \"b.ron\"], consolidated: Some(\"all.ron\")).",
            path.display()
        )
    })
}

impl ConsolidationWindow {
    /// Reads the workspace at `path` (a folder or a workspace file) and
    /// every plan it names; the first that cannot be read is the error.
    pub fn open(path: &Path, today: NaiveDate) -> Result<Self, String> {
        let ws = workspace_plans(path)?;
        if ws.plans.is_empty() {
            return Err(format!("{} holds no plans (.ron files).", path.display()));
        }
        let mut plans: Vec<Plan> = Vec::with_capacity(ws.plans.len());
        for p in &ws.plans {
            plans.push(crate::io::load_path(p).map_err(|e| format!("Could not open {}: {e}", p.display()))?);
        }
        let labels: Vec<String> = ws
            .plans
            .iter()
            .map(|p| {
                p.file_name()
                    .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
            })
            .collect();
        let pairs: Vec<(&str, &Plan)> = labels.iter().map(String::as_str).zip(&plans).collect();
        let name = path
            .file_name()
            .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        Ok(ConsolidationWindow {
            name,
            paths: ws.plans,
            rollup: rollup(&pairs, ws.consolidated, today),
        })
    }

    /// Draws the window; `false` once it is closed.
    pub fn show(&self, ctx: &egui::Context, cmds: &mut Commands) -> bool {
        let mut open = true;
        egui::Window::new(format!("Consolidation: {}", self.name))
            .id(egui::Id::unique("opplan_consolidation_window"))
            .open(&mut open)
            .default_size([900.0, 640.0])
            .resizable(true)
            .show(ctx, |ui| {
                egui::ScrollArea::both().show(ui, |ui| self.contents(ui, cmds));
            });
        open
    }

    fn contents(&self, ui: &mut Ui, cmds: &mut Commands) {
        let r = &self.rollup;
        let unit = r.unit();
        let money = |s: Option<Span>| s.map_or_else(|| "\u{2013}".to_string(), |s| format_span(&s, unit));
        ui.label(format!(
            "{} plans. Money in {}. Click a plan to open it.",
            r.plans.len(),
            unit.label()
        ));
        ui.add_space(4.0);
        widgets::heading(ui, "Plans side by side");
        egui::Grid::new("consolidation_plans").striped(true).show(ui, |ui| {
            ui.label(RichText::new("Plan").strong());
            ui.label(RichText::new("Status").strong());
            ui.label(RichText::new("Schemes").strong());
            for y in &r.years {
                ui.label(RichText::new(format!("{y} spend")).strong());
            }
            ui.label(RichText::new("RAG by area").strong());
            ui.label(RichText::new("Checklist").strong());
            ui.label(RichText::new("Conflicts").strong());
            ui.end_row();
            for (i, p) in r.plans.iter().enumerate() {
                let name = if p.consolidated {
                    format!("{} (consolidated)", p.name())
                } else {
                    p.name()
                };
                if ui
                    .link(name)
                    .on_hover_text(format!("Open {}", self.paths[i].display()))
                    .clicked()
                {
                    cmds.push(Command::OpenPath(self.paths[i].clone()));
                }
                ui.label(p.status.word());
                ui.label(p.schemes.to_string());
                for y in &r.years {
                    ui.label(money(p.totals.spend_by_year.get(y).copied()));
                }
                ui.horizontal(|ui| {
                    widgets::rag_chip(ui, p.overall, Some("Overall"));
                    let areas: Vec<String> = p.areas.iter().map(|a| format!("{} {}", a.name, a.rag.word())).collect();
                    ui.label(areas.join(", "));
                });
                ui.label(format!("{} of {} complete", p.checklist_done, p.checklist_total));
                ui.label(p.conflicts.to_string());
                ui.end_row();
            }
            let summed = if r.consolidated.is_some() {
                "All plans but the consolidated one"
            } else {
                "All plans"
            };
            ui.label(RichText::new(summed).strong());
            ui.label("");
            ui.label(
                r.plans
                    .iter()
                    .filter(|p| !p.consolidated)
                    .map(|p| p.schemes)
                    .sum::<usize>()
                    .to_string(),
            );
            for y in &r.years {
                ui.label(RichText::new(money(r.total.spend_by_year.get(y).copied())).strong());
            }
            ui.end_row();
        });
        ui.add_space(8.0);
        for d in DIMENSIONS {
            let title = format!("Spend by {}", d.word().to_lowercase());
            egui::CollapsingHeader::new(&title)
                .id_salt(&title)
                .default_open(false)
                .show(ui, |ui| breakdown_grid(ui, &title, &r.total, d, &r.years, &money));
        }
        ui.add_space(8.0);
        widgets::heading(ui, "Reconciliation");
        if r.consolidated.is_none() {
            ui.label("No plan of the workspace consolidates the others: there is nothing to reconcile.");
        } else if r.differences.is_empty() {
            ui.label("The consolidated plan agrees with every organisation's own plan.");
        } else {
            ui.label(format!(
                "{} difference{} between the consolidated plan and the organisations' own plans:",
                r.differences.len(),
                if r.differences.len() == 1 { "" } else { "s" }
            ));
            for d in &r.differences {
                ui.label(format!("\u{2022} {}", ui_text(&r.sentence(d))));
            }
        }
    }
}

/// The window's font has no arrow glyph (as in the compare window).
fn ui_text(s: &str) -> String {
    s.replace('\u{2192}', "to")
}

/// The workspace's spend by year for each name of a dimension.
fn breakdown_grid(
    ui: &mut Ui,
    id: &str,
    t: &Totals,
    d: crate::calc::finance::Dimension,
    years: &[String],
    money: &dyn Fn(Option<Span>) -> String,
) {
    let Some(b) = t.breakdown(d) else { return };
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        ui.label(RichText::new(d.word()).strong());
        for y in years {
            ui.label(RichText::new(y).strong());
        }
        ui.end_row();
        for (name, by_year) in b {
            ui.label(if name.is_empty() { "(not given)" } else { name.as_str() });
            for y in years {
                ui.label(money(by_year.get(y).copied()));
            }
            ui.end_row();
        }
    });
}
