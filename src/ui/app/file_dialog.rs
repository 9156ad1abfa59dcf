//! The in-window file dialog: a typed path always works, the folder's
//! plans and sub-folders are listed to click (it works without a desktop
//! file picker); "Browse…" opens the system dialog on another thread so the
//! window never freezes. It starts in the last folder used, or the user's
//! documents folder: never the folder of opplan's own samples.

use super::OpplanApp;
use crate::io;
use crate::ui::widgets::PathButton;
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
    /// The folder listed, and what is in it.
    listing: Option<(PathBuf, Listing)>,
    /// The path field takes the keyboard when the dialog opens.
    focus_path: bool,
    /// The system dialog answered nothing: said so.
    browse_note: Option<String>,
}

/// A folder's plans and sub-folders, sorted by name.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Listing {
    pub folders: Vec<String>,
    pub plans: Vec<String>,
    /// Why the folder could not be read.
    pub error: Option<String>,
}

/// Reads a folder: its sub-folders (not hidden) and its `.ron` files.
pub(super) fn list_folder(dir: &Path) -> Listing {
    let mut l = Listing::default();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            l.error = Some(format!("The folder {} cannot be read: {e}.", dir.display()));
            return l;
        }
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = e.path();
        if path.is_dir() {
            l.folders.push(name);
        } else if path.extension().is_some_and(|x| x.eq_ignore_ascii_case("ron")) {
            l.plans.push(name);
        }
    }
    l.folders.sort_by_key(|n| n.to_lowercase());
    l.plans.sort_by_key(|n| n.to_lowercase());
    l
}

/// The folders of opplan's own samples (a checkout's `assets/`, an
/// installed opplan's samples): never offered for saving.
fn sample_folders() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = crate::io::appdata::default_sample_path()
        .parent()
        .map(Path::to_path_buf)
        .into_iter()
        .chain(crate::io::appdata::installed_samples_dir())
        .collect();
    v.iter_mut()
        .for_each(|d| *d = std::path::absolute(&*d).unwrap_or_else(|_| d.clone()));
    v
}

/// The user's documents folder (`~/Documents`), else their home folder.
fn documents_folder() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(PathBuf::from)?;
    let docs = home.join("Documents");
    Some(if docs.is_dir() { docs } else { home })
}

/// Whether `dir` is a folder of opplan's samples: one of `samples`, or
/// any folder holding every bundled sample (another copy of opplan's).
fn is_samples_folder(dir: &Path, samples: &[PathBuf]) -> bool {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    samples.contains(&abs)
        || crate::ui::command::Sample::ALL
            .iter()
            .all(|s| abs.join(s.file_name()).is_file())
}

/// Whether `p` is a file in a samples folder.
fn is_in(p: &Path, samples: &[PathBuf]) -> bool {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    abs.parent().is_some_and(|d| is_samples_folder(d, samples))
}

/// Whether `p` is one of opplan's own samples (saved elsewhere: Save
/// asks where).
pub(super) fn is_sample(p: &Path) -> bool {
    is_in(p, &sample_folders())
}

/// Where the dialog starts: the last folder used (not a samples folder),
/// else the documents folder.
pub(super) fn start_folder(last: Option<&Path>, samples: &[PathBuf], documents: Option<PathBuf>) -> Option<PathBuf> {
    last.filter(|d| d.is_dir() && !is_samples_folder(d, samples))
        .map(Path::to_path_buf)
        .or(documents)
}

/// The folder a typed path points into: itself when it is a folder (or
/// ends with a separator), else its parent.
fn folder_of(text: &str) -> Option<PathBuf> {
    let p = PathBuf::from(text.trim());
    if text.ends_with(std::path::MAIN_SEPARATOR) || text.ends_with('/') || p.is_dir() {
        return Some(p).filter(|p| p.is_dir());
    }
    p.parent().filter(|d| d.is_dir()).map(Path::to_path_buf)
}

impl FileDialog {
    fn new(mode: FileDialogMode, path_text: String, error: Option<String>) -> Self {
        FileDialog {
            mode,
            path_text,
            error,
            browse: None,
            confirm_replace: None,
            listing: None,
            focus_path: true,
            browse_note: None,
        }
    }
}

impl OpplanApp {
    pub(super) fn start_file_dialog(&mut self, mode: FileDialogMode) {
        let samples = sample_folders();
        let folder = start_folder(self.prefs.prefs.last_folder.as_deref(), &samples, documents_folder())
            .or_else(|| std::env::current_dir().ok());
        // a plan opened from opplan's own samples is saved elsewhere
        let own = self.doc.path.clone().filter(|p| !is_in(p, &samples));
        let path_text = match (mode, &own, folder) {
            (_, Some(p), _) => p.display().to_string(),
            (FileDialogMode::SaveAs, None, Some(d)) if self.doc.path.is_some() => {
                d.join(self.doc.file_name()).display().to_string()
            }
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
            match result {
                Some(p) => {
                    fd.path_text = p.display().to_string();
                    fd.confirm_replace = None;
                    fd.browse_note = None;
                }
                None => {
                    fd.browse_note = Some(
                        "No file came back from the system file dialog (it was cancelled, or this desktop has none): pick a plan from the list or type its path."
                            .into(),
                    )
                }
            }
        }
        let folder = folder_of(&fd.path_text);
        if fd.listing.as_ref().map(|(d, _)| Some(d)) != Some(folder.as_ref()) {
            fd.listing = folder.map(|d| {
                let l = list_folder(&d);
                (d, l)
            });
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
            if std::mem::take(&mut fd.focus_path) {
                resp.request_focus();
            }
            if resp.changed() {
                fd.confirm_replace = None;
            }
            if resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                done = Some(true);
            }
            if let Some(e) = &fd.error {
                ui.label(RichText::new(e).color(widgets::error_color(ui)));
            }
            if let Some(picked) = folder_listing(ui, fd.listing.as_ref()) {
                fd.path_text = picked.0;
                fd.confirm_replace = None;
                if picked.1 {
                    done = Some(true);
                }
            }
            if let Some(n) = &fd.browse_note {
                ui.label(RichText::new(n).weak());
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
            let ok = match fd.mode {
                FileDialogMode::Open => "Open",
                FileDialogMode::SaveAs => "Save",
            };
            match widgets::path_dialog_buttons(ui, ok, fd.browse.is_some()) {
                PathButton::Ok => done = Some(true),
                PathButton::Cancel => done = Some(false),
                PathButton::Browse => fd.browse = Some(spawn_browse(ctx, fd.mode, &fd.path_text)),
                PathButton::None => {}
            }
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

/// The folder's sub-folders and plans, to click: a folder opens it, a
/// plan puts its path in the field (a double click opens or saves it).
/// Returns the new path text, and whether to go ahead.
fn folder_listing(ui: &mut egui::Ui, listing: Option<&(PathBuf, Listing)>) -> Option<(String, bool)> {
    let (dir, l) = listing?;
    let mut out = None;
    ui.add_space(4.0);
    ui.label(RichText::new(format!("In {}:", dir.display())).weak());
    if let Some(e) = &l.error {
        ui.label(RichText::new(e).color(widgets::error_color(ui)));
        return None;
    }
    let with_sep = |p: PathBuf| format!("{}{}", p.display(), std::path::MAIN_SEPARATOR);
    egui::ScrollArea::vertical()
        .id_salt("file_dialog_listing")
        .max_height(220.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if let Some(up) = dir.parent()
                && ui.selectable_label(false, ".. (the folder above)").clicked()
            {
                out = Some((with_sep(up.to_path_buf()), false));
            }
            for f in &l.folders {
                if ui
                    .selectable_label(false, format!("{f}{}", std::path::MAIN_SEPARATOR))
                    .clicked()
                {
                    out = Some((with_sep(dir.join(f)), false));
                }
            }
            for p in &l.plans {
                let r = ui.selectable_label(false, p.as_str());
                if r.double_clicked() {
                    out = Some((dir.join(p).display().to_string(), true));
                } else if r.clicked() {
                    out = Some((dir.join(p).display().to_string(), false));
                }
            }
            if l.plans.is_empty() {
                ui.label(RichText::new("No plans (.ron files) in this folder.").weak());
            }
        });
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_shows_folders_and_plans_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("Drafts")).unwrap();
        std::fs::create_dir(dir.path().join(".hidden")).unwrap();
        for f in ["kent.ron", "Ashford.RON", "notes.txt", ".kent.ron.opplan-lock"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let l = list_folder(dir.path());
        assert_eq!(l.folders, vec!["Drafts"]);
        assert_eq!(l.plans, vec!["Ashford.RON", "kent.ron"]);
        assert!(l.error.is_none());
        assert!(list_folder(&dir.path().join("gone")).error.is_some());
    }

    #[test]
    fn the_dialog_never_starts_in_the_samples_folder() {
        // issue 19, finding 6: Save suggested the app's own assets/ folder
        let dir = tempfile::tempdir().unwrap();
        let samples = std::path::absolute(dir.path().join("assets")).unwrap();
        std::fs::create_dir(&samples).unwrap();
        let docs = dir.path().join("Documents");
        let last = dir.path().join("plans");
        std::fs::create_dir(&last).unwrap();
        let s = std::slice::from_ref(&samples);
        assert_eq!(start_folder(Some(&samples), s, Some(docs.clone())), Some(docs.clone()));
        assert_eq!(start_folder(Some(&last), s, Some(docs.clone())), Some(last.clone()));
        assert_eq!(start_folder(None, s, Some(docs.clone())), Some(docs));
        assert!(is_in(&samples.join("kent.ron"), s));
        assert!(!is_in(&last.join("kent.ron"), s));
        // another copy of opplan's samples folder is one too
        let other = dir.path().join("other-checkout");
        std::fs::create_dir(&other).unwrap();
        for sample in crate::ui::command::Sample::ALL {
            std::fs::write(other.join(sample.file_name()), "").unwrap();
        }
        assert_eq!(start_folder(Some(&other), s, Some(last.clone())), Some(last));
        assert!(is_in(&other.join("kent-bcf-2015-16.ron"), s));
    }

    #[test]
    fn a_typed_path_points_into_its_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_path_buf();
        assert_eq!(folder_of(&d.join("plan.ron").display().to_string()), Some(d.clone()));
        assert_eq!(folder_of(&d.display().to_string()), Some(d.clone()));
        assert_eq!(
            folder_of(&d.join("nowhere").join("plan.ron").display().to_string()),
            None
        );
    }
}
