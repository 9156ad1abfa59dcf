//! The app's dialogs, one at a time: an error, "Save changes?", "The file
//! was changed on disk", the file dialog, and the recovery copies found on
//! start. Escape cancels the one shown ([`crate::ui::escape`]).

use super::OpplanApp;
use super::file_dialog::FileDialogMode;
use super::saving::{AfterConfirm, suggest_other_name};
use crate::ui::{Commands, escape};
use egui::{Key, RichText};

impl OpplanApp {
    /// Draws the dialog shown now, the most urgent first.
    pub(super) fn dialogs(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        crate::ui::help::window(ctx, &mut self.help);
        if self.error.is_some() {
            self.error_dialog(ctx);
        } else if self.confirm.is_some() {
            self.confirm_dialog(ctx);
        } else if self.ask_delete.is_some() {
            self.delete_dialog(ctx);
        } else if self.conflict.is_some() {
            self.conflict_dialog(ctx);
        } else if self.file_dialog.is_some() {
            self.file_dialog(ctx, cmds);
        } else if !self.recovery.offers.is_empty() {
            self.recovery_dialog(ctx);
        }
    }

    fn error_dialog(&mut self, ctx: &egui::Context) {
        let Some((title, msg)) = self.error.clone() else { return };
        let title = if title.is_empty() {
            "Something went wrong"
        } else {
            &title
        };
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("error_modal")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.label(RichText::new(title).heading());
            ui.add_space(6.0);
            ui.label(&msg);
            ui.add_space(8.0);
            if ui.button("OK").clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                close = true;
            }
        });
        if close || escape::cancels_dialog(&modal) {
            self.error = None;
        }
    }

    fn confirm_dialog(&mut self, ctx: &egui::Context) {
        let mut answer: Option<&str> = None;
        let modal = egui::Modal::new(egui::Id::unique("confirm_modal")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            ui.label(RichText::new("Save changes?").heading());
            ui.add_space(6.0);
            let what = match self.confirm {
                Some(AfterConfirm::Quit) => "before closing",
                Some(AfterConfirm::New) => "before starting a new plan",
                _ => "before opening another plan",
            };
            ui.label(format!(
                "{} has unsaved changes. Save them {what}?",
                self.doc.display_name()
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some("save");
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Lose the changes made since the last save")
                    .clicked()
                {
                    answer = Some("discard");
                }
                if ui.button("Cancel").clicked() {
                    answer = Some("cancel");
                }
            });
        });
        if escape::cancels_dialog(&modal) {
            answer = Some("cancel");
        }
        match answer {
            Some("save") => {
                let after = self.confirm.take().expect("checked by the caller");
                // after a successful save (now, or after Save As or the
                // on-disk question), go on; a failed save cancels
                self.after_save = Some(after);
                match self.doc.path.clone() {
                    Some(p) => {
                        self.save_checked(&p);
                    }
                    None => self.start_file_dialog(FileDialogMode::SaveAs),
                }
            }
            Some("discard") => {
                let after = self.confirm.take().expect("checked by the caller");
                self.proceed(after);
            }
            Some(_) => self.confirm = None,
            None => {}
        }
    }

    fn conflict_dialog(&mut self, ctx: &egui::Context) {
        let Some(conflict) = self.conflict.clone() else { return };
        let mut answer: Option<&str> = None;
        let modal = egui::Modal::new(egui::Id::unique("conflict_modal")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.label(RichText::new("The file was changed on disk").heading());
            ui.add_space(6.0);
            let when = conflict
                .disk
                .modified
                .map(|t| {
                    let t: chrono::DateTime<chrono::Local> = t.into();
                    format!(" at {} on {}", t.format("%H:%M"), crate::model::date::format_date(t.date_naive()))
                })
                .unwrap_or_default();
            ui.label(format!(
                "{} was changed{when} by someone else or another program since you opened or saved it. Saving now would overwrite those changes.",
                conflict.path.display()
            ));
            ui.add_space(8.0);
            let can_merge = self.doc.base.is_some();
            ui.horizontal_wrapped(|ui| {
                if can_merge
                    && ui
                        .button("Merge their changes")
                        .on_hover_text(
                            "Combine their changes with yours, from the version you opened; where you both changed the same value, the Conflicts panel asks which to keep",
                        )
                        .clicked()
                {
                    answer = Some("merge");
                }
                if ui
                    .button("Overwrite")
                    .on_hover_text("Save your version over theirs (theirs is kept as the .bak file)")
                    .clicked()
                {
                    answer = Some("overwrite");
                }
                if ui
                    .button("Reload from disk")
                    .on_hover_text("Show their version; Undo brings yours back")
                    .clicked()
                {
                    answer = Some("reload");
                }
                if ui
                    .button("Save elsewhere…")
                    .on_hover_text("Keep both: save your version as another file")
                    .clicked()
                {
                    answer = Some("elsewhere");
                }
                if ui.button("Cancel").clicked() {
                    answer = Some("cancel");
                }
            });
        });
        if escape::cancels_dialog(&modal) {
            answer = Some("cancel");
        }
        match answer {
            Some("overwrite") => {
                self.conflict = None;
                self.save_to(&conflict.path);
            }
            Some("merge") => {
                self.conflict = None;
                self.merge_their_changes(&conflict.path);
            }
            Some("reload") => {
                self.conflict = None;
                self.reload_from_disk(&conflict.path);
            }
            Some("elsewhere") => {
                self.conflict = None;
                self.start_file_dialog(FileDialogMode::SaveAs);
                if let Some(fd) = &mut self.file_dialog {
                    fd.path_text = suggest_other_name(&conflict.path).display().to_string();
                }
            }
            Some(_) => {
                self.conflict = None;
                self.after_save = None;
            }
            None => {}
        }
    }
}
