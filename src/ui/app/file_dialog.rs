//! The in-window file dialog: a typed path always works; "Browse…" opens
//! the system dialog on another thread so the window never freezes.

use super::OpplanApp;
use crate::io;
use crate::ui::{Command, Commands, escape, widgets};
use egui::{Key, RichText};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FileDialogMode {
    Open,
    SaveAs,
}

pub(super) struct FileDialog {
    mode: FileDialogMode,
    pub path_text: String,
    error: Option<String>,
    browse: Option<Receiver<Option<PathBuf>>>,
    /// Save As onto a file that exists: asked before replacing it.
    confirm_replace: Option<PathBuf>,
}

impl FileDialog {
    fn new(mode: FileDialogMode, path_text: String, error: Option<String>) -> Self {
        FileDialog {
            mode,
            path_text,
            error,
            browse: None,
            confirm_replace: None,
        }
    }
}

impl OpplanApp {
    pub(super) fn start_file_dialog(&mut self, mode: FileDialogMode) {
        let folder = self
            .prefs
            .prefs
            .last_folder
            .clone()
            .filter(|d| d.is_dir())
            .or_else(|| std::env::current_dir().ok());
        let path_text = match (mode, &self.doc.path, folder) {
            (_, Some(p), _) => p.display().to_string(),
            (FileDialogMode::SaveAs, None, Some(d)) => d.join("plan.ron").display().to_string(),
            (FileDialogMode::SaveAs, None, None) => "plan.ron".into(),
            (FileDialogMode::Open, None, Some(d)) => format!("{}{}", d.display(), std::path::MAIN_SEPARATOR),
            (FileDialogMode::Open, None, None) => String::new(),
        };
        self.file_dialog = Some(FileDialog::new(mode, path_text, None));
    }

    /// Draws the file dialog while it is open.
    pub(super) fn file_dialog(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        let Some(fd) = &mut self.file_dialog else { return };
        if let Some(rx) = &fd.browse
            && let Ok(result) = rx.try_recv()
        {
            fd.browse = None;
            if let Some(p) = result {
                fd.path_text = p.display().to_string();
                fd.confirm_replace = None;
            }
        }
        let mut done: Option<bool> = None;
        let mut replace_ok = false;
        let title = match fd.mode {
            FileDialogMode::Open => "Open a plan",
            FileDialogMode::SaveAs => "Save the plan as",
        };
        let modal = egui::Modal::new(egui::Id::unique("file_modal")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.label(RichText::new(title).heading());
            ui.add_space(6.0);
            ui.label("File path:");
            let resp = ui.add(egui::TextEdit::singleline(&mut fd.path_text).desired_width(540.0));
            widgets::set_name(ui, &resp, "File path");
            if resp.changed() {
                fd.confirm_replace = None;
            }
            if resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                done = Some(true);
            }
            if let Some(e) = &fd.error {
                ui.label(RichText::new(e).color(widgets::error_color(ui)));
            }
            if let Some(p) = &fd.confirm_replace {
                ui.add_space(4.0);
                ui.label(
                    RichText::new(format!(
                        "{} already exists. Replace it? (The file it holds now is kept as {}.)",
                        p.display(),
                        io::backup_path(p)
                            .file_name()
                            .map(|n| n.to_string_lossy().into_owned())
                            .unwrap_or_default()
                    ))
                    .strong(),
                );
                if ui.button("Replace").clicked() {
                    replace_ok = true;
                    done = Some(true);
                }
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let ok = match fd.mode {
                    FileDialogMode::Open => "Open",
                    FileDialogMode::SaveAs => "Save",
                };
                if ui.button(ok).clicked() {
                    done = Some(true);
                }
                let browsing = fd.browse.is_some();
                if ui.add_enabled(!browsing, egui::Button::new("Browse…")).clicked() {
                    fd.browse = Some(spawn_browse(ctx, fd.mode, &fd.path_text));
                }
                if browsing {
                    ui.spinner();
                    ui.label("Waiting for the system file dialog…");
                }
                if ui.button("Cancel").clicked() {
                    done = Some(false);
                }
            });
        });
        if escape::cancels_dialog(&modal) {
            done = Some(false);
        }
        match done {
            Some(true) => {
                let text = fd.path_text.trim().to_string();
                if text.is_empty() {
                    fd.error = Some("Type a file path.".into());
                    return;
                }
                let mut path = PathBuf::from(&text);
                let mode = fd.mode;
                if mode == FileDialogMode::SaveAs {
                    if path.extension().is_none() {
                        path.set_extension("ron");
                    }
                    if path.is_dir() {
                        fd.error = Some("That is a folder: add a file name.".into());
                        return;
                    }
                    let own = self.doc.path.as_deref() == Some(path.as_path());
                    if path.exists() && !own && !replace_ok {
                        fd.confirm_replace = Some(path);
                        return;
                    }
                }
                self.file_dialog = None;
                match mode {
                    FileDialogMode::Open => {
                        if !self.open_path(&path) {
                            // keep the dialog so the path can be corrected
                            let error = self.error.take().map(|(_, m)| m);
                            self.file_dialog = Some(FileDialog::new(mode, text, error));
                        }
                    }
                    FileDialogMode::SaveAs => cmds.push(Command::SaveAsPath(path)),
                }
            }
            Some(false) => {
                self.file_dialog = None;
                // Save As was how "Save changes?" went on: cancelled, so
                // the close, New or Open is cancelled too
                self.after_save = None;
            }
            None => {}
        }
    }
}

/// Runs the system file dialog on another thread; the answer arrives on
/// the returned channel and wakes the window.
fn spawn_browse(ctx: &egui::Context, mode: FileDialogMode, current: &str) -> Receiver<Option<PathBuf>> {
    let (tx, rx) = channel();
    let ctx = ctx.clone();
    let current = PathBuf::from(current);
    std::thread::spawn(move || {
        let mut dialog = rfd::FileDialog::new().add_filter("opplan plan", &["ron"]);
        let dir = if current.is_dir() {
            Some(current.clone())
        } else {
            current.parent().map(Path::to_path_buf)
        };
        if let Some(d) = dir.filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(d);
        }
        let result = match mode {
            FileDialogMode::Open => dialog.pick_file(),
            FileDialogMode::SaveAs => {
                if let Some(name) = current.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
                dialog.save_file()
            }
        };
        let _ = tx.send(result);
        ctx.request_repaint();
    });
    rx
}
