//! The Consolidation view (issue 17, part 4): File › "Open workspace…"
//! reads a folder of plans (or a workspace file) and shows
//! `calc::rollup` of it in a window: the plans side by side (status,
//! schemes, spend by year, RAG by area, checklist progress, conflicts)
//! and summed, the totals by source, area and commissioner, and every
//! difference between the consolidated plan and the organisations' own
//! plans. Clicking a plan opens it (after "Save changes?" when the open
//! plan has unsaved changes). The rollup and its text are made once, when
//! the workspace is read; drawing lays out only the rows in view.

use super::{Command, Commands, widgets};
use crate::calc::rollup::{DIMENSIONS, Rollup, rollup};
use crate::io::workspace;
use crate::model::money::format_span;
use crate::model::{Plan, Span};
use chrono::NaiveDate;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::path::{Path, PathBuf};

/// A workspace read and rolled up.
pub struct ConsolidationWindow {
    /// The folder or workspace file, as named.
    pub name: String,
    /// Each plan's file, in the rollup's order.
    pub paths: Vec<PathBuf>,
    pub rollup: Rollup,
    /// What the window shows, in words, made once with the rollup: a
    /// frame only lays out the rows in view.
    text: Text,
}

/// The rollup's figures and sentences as the window shows them.
struct Text {
    intro: String,
    /// The plans' table: headings, then one row per plan.
    headings: Vec<String>,
    rows: Vec<PlanRow>,
    /// "All plans but the consolidated one", its scheme count and spend
    /// by year.
    total: Vec<String>,
    /// Per dimension of [`DIMENSIONS`]: its title, and each name with its
    /// spend by year.
    breakdowns: Vec<(String, Vec<Vec<String>>)>,
    /// The reconciliation's lead sentence, then one line per difference.
    reconciliation: String,
    differences: Vec<String>,
}

/// One plan's row.
struct PlanRow {
    name: String,
    hover: String,
    overall: crate::model::Rag,
    /// Status, schemes, spend per year, areas' RAG, checklist, conflicts.
    cells: Vec<String>,
}

impl Text {
    fn of(r: &Rollup, paths: &[PathBuf]) -> Text {
        let unit = r.unit();
        let money = |s: Option<Span>| s.map_or_else(|| "\u{2013}".to_string(), |s| format_span(&s, unit));
        let mut headings: Vec<String> = ["Plan", "Status", "Schemes"].map(String::from).into();
        headings.extend(r.years.iter().map(|y| format!("{y} spend")));
        headings.extend(["RAG by area", "Checklist", "Conflicts"].map(String::from));
        let rows = r
            .plans
            .iter()
            .zip(paths)
            .map(|(p, path)| {
                let mut cells = vec![p.status.word().to_string(), p.schemes.to_string()];
                cells.extend(r.years.iter().map(|y| money(p.totals.spend_by_year.get(y).copied())));
                let areas: Vec<String> = p.areas.iter().map(|a| format!("{} {}", a.name, a.rag.word())).collect();
                cells.push(areas.join(", "));
                cells.push(format!("{} of {} complete", p.checklist_done, p.checklist_total));
                cells.push(p.conflicts.to_string());
                PlanRow {
                    name: if p.consolidated {
                        format!("{} (consolidated)", p.name())
                    } else {
                        p.name()
                    },
                    hover: format!("Open {}", path.display()),
                    overall: p.overall,
                    cells,
                }
            })
            .collect();
        let mut total = vec![
            if r.consolidated.is_some() {
                "All plans but the consolidated one"
            } else {
                "All plans"
            }
            .to_string(),
            String::new(),
            r.plans
                .iter()
                .filter(|p| !p.consolidated)
                .map(|p| p.schemes)
                .sum::<usize>()
                .to_string(),
        ];
        total.extend(r.years.iter().map(|y| money(r.total.spend_by_year.get(y).copied())));
        let breakdowns = DIMENSIONS
            .into_iter()
            .map(|d| {
                let lines = r.total.breakdown(d).map_or_else(Vec::new, |b| {
                    b.iter()
                        .map(|(name, by_year)| {
                            let mut line = vec![if name.is_empty() {
                                "(not given)".to_string()
                            } else {
                                name.clone()
                            }];
                            line.extend(r.years.iter().map(|y| money(by_year.get(y).copied())));
                            line
                        })
                        .collect()
                });
                (d.word().to_string(), lines)
            })
            .collect();
        let reconciliation = if r.consolidated.is_none() {
            "No plan of the workspace consolidates the others: there is nothing to reconcile.".to_string()
        } else if r.differences.is_empty() {
            "The consolidated plan agrees with every organisation's own plan.".to_string()
        } else {
            format!(
                "{} difference{} between the consolidated plan and the organisations' own plans:",
                r.differences.len(),
                if r.differences.len() == 1 { "" } else { "s" }
            )
        };
        Text {
            intro: format!(
                "{} plans. Money in {}. Click a plan to open it.",
                r.plans.len(),
                unit.label()
            ),
            headings,
            rows,
            total,
            breakdowns,
            reconciliation,
            differences: r
                .differences
                .iter()
                .map(|d| format!("\u{2022} {}", ui_text(&r.sentence(d))))
                .collect(),
        }
    }
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
        let rollup = rollup(&pairs, ws.consolidated, today);
        Ok(ConsolidationWindow {
            name,
            text: Text::of(&rollup, &ws.plans),
            paths: ws.plans,
            rollup,
        })
    }

    /// Draws the window; `false` once it is closed. Lays out only the
    /// rows of the plans' table and of the differences that are in view.
    pub fn show(&self, ctx: &egui::Context, cmds: &mut Commands) -> bool {
        let mut open = true;
        egui::Window::new(format!("Consolidation: {}", self.name))
            .id(egui::Id::unique("opplan_consolidation_window"))
            .open(&mut open)
            .default_size([900.0, 640.0])
            .resizable(true)
            .show(ctx, |ui| self.contents(ui, cmds));
        open
    }

    fn contents(&self, ui: &mut Ui, cmds: &mut Commands) {
        let t = &self.text;
        let row_h = ui.spacing().interact_size.y + 2.0;
        ui.label(&t.intro);
        ui.add_space(4.0);
        widgets::heading(ui, "Plans side by side");
        egui::ScrollArea::horizontal()
            .id_salt("consolidation_plans_across")
            .show(ui, |ui| {
                let mut table = TableBuilder::new(ui)
                    .id_salt("consolidation_plans")
                    .striped(true)
                    .vscroll(true)
                    .max_scroll_height(row_h * 14.0)
                    .auto_shrink([true, true]);
                for _ in &t.headings {
                    table = table.column(Column::auto());
                }
                table
                    .header(row_h, |mut h| {
                        for heading in &t.headings {
                            h.col(|ui| {
                                ui.label(RichText::new(heading).strong());
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(row_h, t.rows.len() + 1, |mut row| {
                            let i = row.index();
                            let Some(p) = t.rows.get(i) else {
                                for cell in &t.total {
                                    row.col(|ui| {
                                        ui.label(RichText::new(cell).strong());
                                    });
                                }
                                return;
                            };
                            row.col(|ui| {
                                if ui.link(&p.name).on_hover_text(&p.hover).clicked() {
                                    cmds.push(Command::OpenPath(self.paths[i].clone()));
                                }
                            });
                            let areas = p.cells.len() - 3;
                            for (k, cell) in p.cells.iter().enumerate() {
                                row.col(|ui| {
                                    if k == areas {
                                        widgets::rag_chip(ui, p.overall, Some("Overall"));
                                    }
                                    ui.label(cell);
                                });
                            }
                        });
                    });
            });
        ui.add_space(8.0);
        for (word, lines) in &t.breakdowns {
            let title = format!("Spend by {}", word.to_lowercase());
            egui::CollapsingHeader::new(&title)
                .id_salt(&title)
                .default_open(false)
                .show(ui, |ui| {
                    egui::Grid::new(&title).striped(true).show(ui, |ui| {
                        ui.label(RichText::new(word).strong());
                        for y in &self.rollup.years {
                            ui.label(RichText::new(y).strong());
                        }
                        ui.end_row();
                        for line in lines {
                            for cell in line {
                                ui.label(cell);
                            }
                            ui.end_row();
                        }
                    });
                });
        }
        ui.add_space(8.0);
        widgets::heading(ui, "Reconciliation");
        ui.label(&t.reconciliation);
        let line_h = ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y;
        egui::ScrollArea::both()
            .id_salt("consolidation_differences")
            .max_height(line_h * 14.0)
            // as tall as a dozen lines even when the window is shorter
            .min_scrolled_height(line_h * 12.0)
            .auto_shrink([false, true])
            .show_rows(ui, line_h, t.differences.len(), |ui, range| {
                for d in &t.differences[range] {
                    ui.add(egui::Label::new(d).wrap_mode(egui::TextWrapMode::Extend));
                }
            });
    }
}

/// The window's font has no arrow glyph (as in the compare window).
fn ui_text(s: &str) -> String {
    s.replace('\u{2192}', "to")
}
