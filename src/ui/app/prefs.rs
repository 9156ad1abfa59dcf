//! The window's preferences (zoom, theme, last tab, window size, recent
//! files, presentation settings) in the app's data folder: read on start,
//! noticed as they change, written a second (of egui's time) later.

use super::OpplanApp;
use crate::ui::Tab;
use crate::ui::prefs::{Preferences, ThemeChoice};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long after a change the preferences are written, in seconds.
const WRITE_AFTER_SECS: f64 = 1.0;

#[derive(Default)]
pub(super) struct PrefsState {
    pub prefs: Preferences,
    /// The app's data folder (preferences, recent files, recovery copies);
    /// `None` keeps everything in memory (tests, no home folder).
    pub data_dir: Option<PathBuf>,
    /// When (egui's time) they changed and were not written yet.
    changed_at: Option<f64>,
    /// Zoom and theme from the file are given to egui at the next frame.
    to_apply: bool,
    /// The plan whose schemes columns were last put back or kept.
    columns_of: Option<PathBuf>,
}

impl OpplanApp {
    /// Uses `dir` for preferences, recent files and recovery copies: reads
    /// the preferences and looks for copies to offer.
    pub fn attach_data_dir(&mut self, dir: PathBuf) {
        self.prefs.prefs = Preferences::load(&dir);
        self.audience.scale = self.prefs.prefs.audience_scale;
        self.audience.theme = self.prefs.prefs.projector_theme;
        self.prefs.data_dir = Some(dir.clone());
        if self.prefs.prefs.drop_missing() {
            self.note_prefs_change();
        }
        if let Some(t) = Tab::ALL.into_iter().find(|t| t.word() == self.prefs.prefs.last_tab) {
            self.tab = t;
        }
        // the copies of the plan opened (and of plans never saved); a copy
        // this window already owns is not offered to it
        self.offer_recovery_copies(true);
        self.prefs.to_apply = true;
    }

    /// Writes the preferences now (when there is a data folder).
    pub fn save_prefs(&mut self) {
        self.prefs.changed_at = None;
        if let Some(dir) = &self.prefs.data_dir
            && let Err(e) = self.prefs.prefs.save(dir)
        {
            self.status = format!("Could not save the preferences: {}", e.reason);
        }
    }

    pub(super) fn note_prefs_change(&mut self) {
        if self.prefs.data_dir.is_some() {
            self.prefs.changed_at.get_or_insert(self.clock.now);
        }
    }

    /// True when changes are waiting to be written.
    pub(super) fn prefs_unsaved(&self) -> bool {
        self.prefs.changed_at.is_some()
    }

    /// A plan opened or saved: first in File › Open Recent.
    pub(super) fn add_recent(&mut self, path: &Path) {
        self.prefs.prefs.add_recent(path);
        self.note_prefs_change();
    }

    pub(super) fn set_theme(&mut self, ctx: &egui::Context, theme: ThemeChoice) {
        self.prefs.prefs.theme = theme;
        ctx.set_theme(theme_preference(theme));
        self.note_prefs_change();
    }

    /// Every frame: applies the preferences once, notices zoom, theme, tab
    /// and window size changes, and writes them a moment later.
    pub(super) fn tick_prefs(&mut self, ctx: &egui::Context) {
        if self.prefs.data_dir.is_none() {
            return;
        }
        let prefs = &mut self.prefs.prefs;
        if std::mem::take(&mut self.prefs.to_apply) {
            ctx.set_zoom_factor(prefs.zoom);
            ctx.set_theme(theme_preference(prefs.theme));
        }
        let mut changed = false;
        let zoom = ctx.zoom_factor();
        // presentation has its own zoom (prefs.present_zoom, set where it
        // is chosen); a zoom just set reaches egui a frame later
        let settling = self.present.zoom_settling(zoom);
        if !self.present.on && !settling && (zoom - prefs.zoom).abs() > 0.001 {
            prefs.zoom = zoom;
            changed = true;
        }
        if prefs.last_tab != self.tab.word() {
            prefs.last_tab = self.tab.word().to_string();
            changed = true;
        }
        let (rect, maximized) = ctx.input(|i| (i.viewport().inner_rect, i.viewport().maximized));
        if let Some(maximized) = maximized
            && maximized != prefs.maximized
            && !self.present.on
        {
            prefs.maximized = maximized;
            changed = true;
        }
        if let Some(r) = rect
            && maximized != Some(true)
            && !self.present.on
        {
            // ui points shrink as the zoom grows; the window is sized in
            // the system's logical pixels
            let size = [(r.width() * zoom).round(), (r.height() * zoom).round()];
            if prefs.window_size != Some(size) && size[0] >= 200.0 && size[1] >= 200.0 {
                prefs.window_size = Some(size);
                changed = true;
            }
        }
        changed |= self.remember_columns();
        if changed {
            self.note_prefs_change();
        }
        if let Some(t) = self.prefs.changed_at {
            let waited = self.clock.now - t;
            if waited >= WRITE_AFTER_SECS {
                self.save_prefs();
            } else {
                ctx.request_repaint_after(Duration::from_secs_f64(WRITE_AFTER_SECS - waited));
            }
        }
    }
}

impl OpplanApp {
    /// The schemes table's columns per plan: a plan just opened gets the
    /// columns chosen for it last time (a plan saved under a new name keeps
    /// those it shows); afterwards a change of choice is kept for it. The
    /// same for the column widths dragged in its tables.
    /// True when the preferences changed.
    fn remember_columns(&mut self) -> bool {
        let Some(path) = self.doc.path.clone() else {
            self.prefs.columns_of = None;
            return false;
        };
        let view = &mut self.views.schemes;
        if self.prefs.columns_of.as_deref() != Some(path.as_path()) {
            self.prefs.columns_of = Some(path.clone());
            if let Some(c) = self.prefs.prefs.columns_for(&path) {
                let (shown, hidden) = (c.shown.clone(), c.hidden.clone());
                crate::ui::tabs::schemes::remember::set_column_words(view, &shown, &hidden);
                self.views.widths = c.widths.clone();
                return false;
            }
        }
        let (shown, hidden) = crate::ui::tabs::schemes::remember::column_words(view);
        let widths = self.views.widths.clone();
        if shown.is_empty() && hidden.is_empty() && widths.is_empty() && self.prefs.prefs.columns_for(&path).is_none() {
            return false;
        }
        self.prefs.prefs.set_columns(&path, shown, hidden, widths)
    }
}

pub(super) fn theme_preference(t: ThemeChoice) -> egui::ThemePreference {
    match t {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    }
}
