//! The preview of a whole Excel workbook's import (Data › Import from
//! Excel into › Every sheet of a workbook): the record tables, the
//! operating plan's finance tables (allocation lines, contributions, QIPP
//! by point of delivery, pay for performance) and the Milestones sheet,
//! as `opplan import --xlsx` reads them ([`BookImport`]). Each sheet's
//! rows show in the same table as the other imports; nothing changes
//! until the user confirms, and then everything changes as one undoable
//! step. A row that cannot be read stops the whole import, named by its
//! sheet, row and column: the window never guesses and never skips.

use super::Commands;
use super::paste::rows_table;
use super::widgets;
use crate::interop::xlsx_read::BookImport;
use crate::model::{Plan, PlanEdit};
use egui::RichText;
use std::path::Path;

pub struct WorkbookImportDialog {
    book: BookImport,
    /// The workbook's file name.
    name: String,
    /// Set when the user applied: what the notification says.
    pub applied: Option<String>,
}

impl WorkbookImportDialog {
    pub fn new(book: BookImport, path: &Path) -> Self {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        WorkbookImportDialog {
            book,
            name,
            applied: None,
        }
    }

    /// What the import does, sheet by sheet: "sheet “QIPP”: add 2 QIPP
    /// lines; …".
    fn action_text(&self) -> String {
        let mut parts: Vec<String> = self
            .book
            .sheets
            .iter()
            .map(|s| format!("{}: {}", s.source_name(), s.action_text()))
            .collect();
        parts.extend(self.book.milestones_text());
        parts.join("; ")
    }

    /// Applies every sheet as one edit; returns the message.
    pub fn apply(&mut self, cmds: &mut Commands) -> String {
        cmds.edit(
            format!("Import {}", self.name),
            PlanEdit::ReplacePlan(Box::new(self.book.plan.clone())),
        );
        let msg = format!("Imported every sheet of {} ({})", self.name, self.action_text());
        self.applied = Some(msg.clone());
        msg
    }

    /// Draws the dialog; `false` once it is closed (then read
    /// [`WorkbookImportDialog::applied`]).
    pub fn show(&mut self, ctx: &egui::Context, plan: &Plan, locked: bool, cmds: &mut Commands) -> bool {
        let mut open = true;
        let screen = ctx.content_rect();
        let problems = self.book.problems();
        let changes = self.book.plan != *plan;
        let resp = egui::Modal::new(egui::Id::unique("opplan_workbook_import_dialog")).show(ctx, |ui| {
            ui.set_width((screen.width() - 80.0).clamp(400.0, 1200.0));
            ui.set_max_height(screen.height() - 80.0);
            ui.label(
                RichText::new(format!("Import every sheet of {}", self.name))
                    .heading()
                    .strong(),
            );
            ui.label(
                "The tables first, then the finance tables, then the milestones, each read against the plan as the \
                 sheets before it leave it. Nothing changes until you press the button at the bottom; then \
                 everything changes as one step (Undo puts it all back).",
            );
            for n in &self.book.notes {
                widgets::note(ui, n);
            }
            ui.add_space(4.0);
            egui::ScrollArea::vertical()
                .id_salt("workbook_import_sheets")
                .max_height((screen.height() - 360.0).max(200.0))
                .show(ui, |ui| {
                    for (i, sheet) in self.book.sheets.iter().enumerate() {
                        ui.push_id(i, |ui| {
                            ui.label(
                                RichText::new(format!("{}: {}", sheet.source_name(), sheet.action_text())).strong(),
                            );
                            rows_table(ui, sheet.preview(), sheet);
                            ui.add_space(6.0);
                        });
                    }
                    if let Some(t) = self.book.milestones_text() {
                        ui.label(RichText::new(t).strong());
                    }
                });
            ui.separator();
            if !problems.is_empty() {
                let err = widgets::error_color(ui);
                ui.label(
                    RichText::new(
                        "Nothing is imported while a row cannot be read: correct these cells in the workbook and \
                         import it again.",
                    )
                    .color(err)
                    .strong(),
                );
                egui::ScrollArea::vertical()
                    .id_salt("workbook_import_problems")
                    .max_height(120.0)
                    .show(ui, |ui| {
                        for p in &problems {
                            ui.label(RichText::new(p).color(err));
                        }
                    });
            } else if !changes {
                widgets::note(ui, "The workbook holds what the plan holds already: nothing to import.");
            }
            if locked {
                widgets::note(ui, "The plan is locked: unlock it to import.");
            }
            ui.horizontal(|ui| {
                let can = problems.is_empty() && changes && !locked;
                let label = if can { "Import every sheet" } else { "Nothing to import" };
                if ui
                    .add_enabled(can, egui::Button::new(RichText::new(label).strong()))
                    .clicked()
                {
                    self.apply(cmds);
                    open = false;
                }
                if ui.button("Cancel").clicked() {
                    open = false;
                }
            });
        });
        if resp.should_close() {
            open = false;
        }
        open
    }
}
