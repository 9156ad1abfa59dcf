//! Opening the window: on a plan (or the bundled sample), or on a
//! recovery copy as a second window; and the files dropped on it.

use super::OpplanApp;
use crate::io;
use crate::ui::command::UiCommand;
use crate::ui::{Command, Commands};
use std::path::{Path, PathBuf};

fn native_options(app: &OpplanApp) -> eframe::NativeOptions {
    let size = app.prefs.prefs.window_size.unwrap_or([1400.0, 900.0]);
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app.title())
            .with_inner_size(size)
            .with_maximized(app.prefs.prefs.maximized)
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    }
}

/// Opens the window.
pub fn run(path: Option<PathBuf>, present: bool) -> eframe::Result {
    let app = OpplanApp::launch(path, present, io::appdata::data_dir());
    let options = native_options(&app);
    eframe::run_native("opplan", options, Box::new(move |_cc| Ok(Box::new(app))))
}

impl OpplanApp {
    /// The app as `opplan [PLAN]` opens it: on `path` (or the bundled
    /// sample), with the preferences, recent files and recovery copies of
    /// the data folder `data_dir`.
    ///
    /// Every launch is a window of its own, a process of its own: a second
    /// `opplan OTHER.ron` while a window is open opens OTHER.ron in a new
    /// window, and nothing here waits for or talks to the first. The same
    /// plan opened in two windows stays safe: each save holds the plan's
    /// lock (`io::FileLock`) and first checks that the file on disk is the
    /// one this window opened or saved, asking before overwriting what the
    /// other window saved; each window writes its recovery copy to a slot
    /// of its own, and a window never offers another running window's copy.
    pub fn launch(path: Option<PathBuf>, present: bool, data_dir: Option<PathBuf>) -> OpplanApp {
        let named = path.is_some();
        let path = path.unwrap_or_else(crate::io::appdata::default_sample_path);
        let mut app = OpplanApp::open_or_blank(&path);
        if let Some(dir) = data_dir {
            app.attach_data_dir(dir);
            if named && app.error.is_none() {
                app.add_recent(&path);
            }
        }
        if present {
            app.run(UiCommand::TogglePresentation);
        }
        app
    }

    /// Files dropped on the window this frame: a plan opens (asking first
    /// when there are unsaved changes); anything else is refused with a
    /// notification that says why and what to do instead.
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        let paths: Vec<PathBuf> = ctx.input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect());
        let Some(what) = dropped(&paths) else { return };
        let refused = if self.locked {
            Some("The plan is locked: unlock it to open another plan, then drop the file again.".to_string())
        } else if self.dialog_open() {
            Some("A dialog is open: close it, then drop the file again.".to_string())
        } else {
            None
        };
        match (what, refused) {
            (Dropped::Open(p), None) => cmds.push(Command::OpenPath(p)),
            (Dropped::Open(p), Some(why)) => self.notify_failed(format!("{} was not opened. {why}", file_name(&p))),
            (Dropped::Refused(why), _) => self.notify_failed(why),
        }
    }
}

impl OpplanApp {
    /// While files are dragged over the window: what dropping them there
    /// would do, in the middle of the window.
    pub(super) fn drop_hint(&self, ctx: &egui::Context) {
        let hovered: Vec<Option<PathBuf>> = ctx.input(|i| i.raw.hovered_files.iter().map(|f| f.path.clone()).collect());
        if hovered.is_empty() {
            return;
        }
        // some systems say what is dragged only once it is dropped
        let paths: Option<Vec<PathBuf>> = hovered.into_iter().collect();
        let text = match paths.as_deref().and_then(dropped) {
            Some(Dropped::Open(p)) if !self.locked => format!("Drop to open {}", file_name(&p)),
            Some(Dropped::Open(_)) => "The plan is locked: unlock it to open another plan.".to_string(),
            Some(Dropped::Refused(why)) => why,
            None => "Drop a plan file to open it.".to_string(),
        };
        egui::Area::new(egui::Id::unique("opplan_drop_hint"))
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .order(egui::Order::Foreground)
            .interactable(false)
            .show(ctx, |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(egui::Margin::same(16))
                    .show(ui, |ui| {
                        ui.set_max_width(480.0);
                        ui.add(egui::Label::new(egui::RichText::new(text).heading()).wrap());
                    });
            });
    }
}

/// What dropping files on the window does.
#[derive(Debug, PartialEq, Eq)]
pub enum Dropped {
    /// Open this file as the plan (a file that is not one is refused when
    /// read, with the reason, and the open plan stays).
    Open(PathBuf),
    /// Nothing opens: why, in a sentence.
    Refused(String),
}

/// What dropping `paths` on the window does (`None`: nothing was dropped).
/// One plan opens; a CSV file or a spreadsheet is refused with the Data
/// menu's way to import it (which table it goes into is the user's choice,
/// never guessed); several files are refused (one plan a window).
pub fn dropped(paths: &[PathBuf]) -> Option<Dropped> {
    let path = match paths {
        [] => return None,
        [one] => one,
        many => {
            return Some(Dropped::Refused(format!(
                "{} files were dropped on the window, so none was opened: a window holds one plan. Drop one plan \
                 file at a time.",
                many.len()
            )));
        }
    };
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = file_name(path);
    let refused = match ext.as_str() {
        "csv" | "tsv" => format!(
            "{name} is a CSV file, not a plan, so it was not opened. To bring its rows into this plan, use Data › \
             Import CSV into and pick the table."
        ),
        "xlsx" | "xlsm" => format!(
            "{name} is an Excel workbook, not a plan, so it was not opened. To bring its rows into this plan, use \
             Data › Import from Excel into and pick the table."
        ),
        "xls" | "ods" => format!(
            "{name} is a spreadsheet, not a plan, so it was not opened. Save it as an Excel workbook (.xlsx) in \
             your spreadsheet program, then use Data › Import from Excel into."
        ),
        _ => return Some(Dropped::Open(path.clone())),
    };
    Some(Dropped::Refused(refused))
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Opens the window on a recovery copy, as a new unsaved plan (the second
/// window of "Open side by side").
pub fn run_recovered(copy: PathBuf) -> eframe::Result {
    let mut app = OpplanApp::open_recovered(&copy);
    if let Some(dir) = io::appdata::data_dir() {
        app.attach_data_dir(dir);
        // the first window is answering the other copies
        app.recovery.offers.clear();
    }
    let options = native_options(&app);
    eframe::run_native("opplan", options, Box::new(move |_cc| Ok(Box::new(app))))
}
