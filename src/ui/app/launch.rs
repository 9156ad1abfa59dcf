//! Opening the window: on a plan (or the bundled sample), or on a
//! recovery copy as a second window.

use super::OpplanApp;
use crate::io;
use crate::ui::command::UiCommand;
use std::path::PathBuf;

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
    let named = path.is_some();
    let path = path.unwrap_or_else(crate::io::appdata::default_sample_path);
    let mut app = OpplanApp::open_or_blank(&path);
    if let Some(dir) = io::appdata::data_dir() {
        app.attach_data_dir(dir);
        if named && app.error.is_none() {
            app.add_recent(&path);
        }
    }
    if present {
        app.run(UiCommand::TogglePresentation);
    }
    let options = native_options(&app);
    eframe::run_native("opplan", options, Box::new(move |_cc| Ok(Box::new(app))))
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
