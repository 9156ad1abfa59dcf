//! The app shell, split by job:
//!
//! - [`document`]: the open plan, its dirty flag, edits, undo and redo, and
//!   the summary kept up to date edit by edit;
//! - [`saving`]: the unsaved-changes guard, open, save, save as, reload,
//!   and changes made on disk by someone else;
//! - [`file_dialog`]: the typed-path dialog with the system dialog on
//!   another thread;
//! - [`recovery`]: recovery copies while there are unsaved changes, and
//!   offering them again on start;
//! - [`prefs`]: preferences and recent files, written a moment after they
//!   change;
//! - [`modes`]: the lock, presentation mode and the audience window;
//! - [`commands`]: what each command of the table ([`UiCommand`]) does;
//! - [`menus`]: the menu bar, the plan bar, the status bar and the
//!   presentation bar, drawn from the command table;
//! - [`palette`]: the command palette (Ctrl+Shift+P);
//! - [`dialogs`]: the error, "Save changes?" and "changed on disk" dialogs;
//! - [`frame`]: one frame: the clock, shortcuts, panels, commands, ticks;
//! - [`launch`]: opening the window.
//!
//! [`OpplanApp`] keeps its state private. Tests, benchmarks and `main`
//! use a small surface: build it, [`OpplanApp::run`] a command (applied
//! at the start of the next frame, with the frame's egui context), draw it
//! with [`OpplanApp::show`], and read the plan, the summary, the tab, the
//! status line, the error shown, whether it has unsaved changes, its file
//! and its undo history.

mod ask_delete;
mod commands;
mod dialogs;
mod document;
mod file_dialog;
mod frame;
mod launch;
mod menus;
mod modes;
mod palette;
mod pointer;
mod prefs;
mod recovery;
mod saving;

pub use launch::{Dropped, Platform, dropped, is_software_gl, pick_renderer, run, run_recovered};
pub use recovery::SpawnWindow;

use super::audience::AudienceState;
use super::data::DataState;
use super::present::PresentState;
use super::tabs::TabViews;
use super::undo::History;
use super::{Command, Target};
use crate::calc::PlanSummary;
use crate::model::Plan;
use crate::ui::Tab;
use crate::ui::notify::{Level, Message, Notice, Notices};
use crate::ui::prefs::Preferences;
use chrono::NaiveDate;
use document::{Document, Summary};
use file_dialog::FileDialog;
use saving::{AfterConfirm, Conflict};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Where the app asks what day it is.
type TodaySource = Rc<dyn Fn() -> NaiveDate>;

/// The one clock of the window: egui's input time, and today's date
/// (looked at again every minute of that time, so overdue checks follow
/// midnight).
struct Clock {
    /// Seconds of egui's input time at the start of the frame.
    now: f64,
    /// The widget with the keyboard at the start of the frame (typing
    /// joins one undo step while it keeps it).
    keyboard_focus: Option<egui::Id>,
    today: NaiveDate,
    today_source: TodaySource,
    /// When today was last asked for.
    today_checked: Option<f64>,
}

/// How often today's date is asked for again, in seconds.
const TODAY_EVERY_SECS: f64 = 60.0;

/// The application: the document, what is computed from it, and the state
/// of the window (tab, per-tab views, modes, dialogs).
pub struct OpplanApp {
    doc: Document,
    history: History,
    /// The history state last saved (or opened); `None` when no state in
    /// the history matches the file (a restored recovery copy).
    saved_state: Option<u64>,
    summary: Summary,
    clock: Clock,
    tab: Tab,
    views: TabViews,
    /// The record (and field) the app asked a tab to show.
    focus: Option<Target>,
    locked: bool,
    /// A line in the status bar ("Saved kent.ron").
    status: String,
    /// Saves, imports, exports and recovery copies: what happened, where
    /// the file is.
    notices: Notices,
    /// An error shown in a dialog until dismissed: its title and message.
    error: Option<(String, String)>,
    file_dialog: Option<FileDialog>,
    /// "Save changes?" is asked before this.
    confirm: Option<AfterConfirm>,
    /// A delete of linked records, held while the window asks: the
    /// question and the edit.
    ask_delete: Option<(String, crate::ui::Edit)>,
    /// What to do after a Save As started by "Save changes?" succeeds.
    after_save: Option<AfterConfirm>,
    /// Save found the file changed on disk: asked how to go on.
    conflict: Option<Conflict>,
    prefs: prefs::PrefsState,
    recovery: recovery::RecoveryState,
    /// The Data menu's dialogs: paste, CSV import, export, compare.
    data: DataState,
    present: PresentState,
    /// The audience window, and what just changed (shared with
    /// presentation mode).
    audience: AudienceState,
    palette: palette::Palette,
    /// Commands asked for by [`Self::run`], run at the start of the next
    /// frame.
    queued: Vec<Command>,
    window: frame::WindowState,
    /// Input held back for the next frame (keys land in their field).
    held: crate::ui::held_input::HeldInput,
    /// Tab goes on from the field Escape let go of.
    keep_place: crate::ui::escape::KeepPlace,
    /// What the room sees while a field is being typed in.
    committed: Option<Box<modes::Committed>>,
    /// The help window's page, while it is open.
    help: Option<crate::ui::help::HelpPage>,
    /// The Find (and replace) panel.
    find: crate::ui::find::FindPanel,
}

impl OpplanApp {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        let today_source: TodaySource = Rc::new(crate::io::clock::today);
        let today = today_source();
        let summary = Summary::new(&plan, today);
        let mut history = History::new();
        let saved = history.clear();
        OpplanApp {
            doc: Document::new(plan, path),
            history,
            saved_state: Some(saved),
            summary,
            clock: Clock {
                now: 0.0,
                keyboard_focus: None,
                today,
                today_source,
                today_checked: None,
            },
            tab: Tab::Overview,
            views: TabViews::default(),
            focus: None,
            locked: false,
            status: String::new(),
            notices: Notices::default(),
            error: None,
            file_dialog: None,
            confirm: None,
            ask_delete: None,
            after_save: None,
            conflict: None,
            prefs: prefs::PrefsState::default(),
            recovery: recovery::RecoveryState::default(),
            data: DataState::default(),
            present: PresentState::default(),
            audience: AudienceState::default(),
            palette: palette::Palette::default(),
            queued: Vec::new(),
            window: frame::WindowState::default(),
            held: Default::default(),
            keep_place: Default::default(),
            committed: None,
            help: None,
            find: Default::default(),
        }
    }

    /// Opens a file, or starts with a blank plan and the error shown.
    pub fn open_or_blank(path: &Path) -> Self {
        match crate::io::load_path_stamped(path) {
            Ok((plan, stamp)) => {
                let mut app = OpplanApp::new(plan, Some(path.to_path_buf()));
                app.doc.on_disk(stamp, app.doc.plan.clone());
                app
            }
            Err(e) => {
                let mut app = OpplanApp::new(Plan::new_blank(crate::io::clock::today()), None);
                app.show_error(
                    "Could not open the plan",
                    format!("Could not open {}.\n\n{e}", path.display()),
                );
                app
            }
        }
    }

    /// Works with a fixed date instead of today's (tests, benchmarks,
    /// rehearsing a meeting).
    pub fn with_today(self, today: NaiveDate) -> Self {
        self.with_today_source(move || today)
    }

    /// Asks `source` what day it is (on start, then every minute).
    pub fn with_today_source(mut self, source: impl Fn() -> NaiveDate + 'static) -> Self {
        self.clock.today_source = Rc::new(source);
        self.set_today(self.clock.today_source.as_ref()());
        self
    }

    /// How "Open side by side" starts the second window (tests watch it).
    pub fn with_window_spawner(mut self, spawn: SpawnWindow) -> Self {
        self.recovery.spawn_window = spawn;
        self
    }

    /// Asks for a command: an action of the command table, an edit, a
    /// file to open, a tab to show. It runs at the start of the next frame,
    /// as if the user had asked for it then.
    pub fn run(&mut self, c: impl Into<Command>) {
        self.queued.push(c.into());
    }

    // ------------------------------------------------------------- reading

    pub fn plan(&self) -> &Plan {
        &self.doc.plan
    }

    /// While the window draws, hashes on another thread each list of the
    /// fingerprint (schemes, metrics, risks) whose records' encodings add
    /// up to `bytes` or more (512 KiB unless set; 0: every list, as tests
    /// do). See [`crate::calc::live::LiveSummary::update_deferring`].
    pub fn defer_hashes_from(&mut self, bytes: usize) {
        self.summary.defer_from(bytes);
    }

    /// Everything computed from the plan, brought up to date first.
    pub fn summary(&mut self) -> &PlanSummary {
        self.refresh_summary();
        self.summary.get()
    }

    /// The tab shown.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The status line ("Saved kent.ron at 10:42").
    pub fn status(&self) -> &str {
        &self.status
    }

    /// The notifications shown (saves, imports, exports, recovery
    /// copies), oldest first.
    pub fn notices(&self) -> &[Notice] {
        self.notices.shown()
    }

    /// The error shown in a dialog, if one is: its title and message.
    pub fn error(&self) -> Option<(&str, &str)> {
        self.error.as_ref().map(|(t, m)| (t.as_str(), m.as_str()))
    }

    /// True when the plan has changes not saved to its file.
    pub fn is_dirty(&self) -> bool {
        self.doc.dirty
    }

    /// The plan's file, once it has one.
    pub fn path(&self) -> Option<&Path> {
        self.doc.path.as_deref()
    }

    /// The file's name, or "Untitled plan".
    pub fn file_name(&self) -> String {
        self.doc.file_name()
    }

    /// The window title: file name, a marker when there are unsaved changes.
    pub fn title(&self) -> String {
        format!(
            "{}{} — opplan",
            if self.doc.dirty { "● " } else { "" },
            self.doc.display_name()
        )
    }

    /// Undo and redo: what each would undo or redo, how many steps.
    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    pub fn is_presenting(&self) -> bool {
        self.present.on
    }

    /// The date overdue checks are made against.
    pub fn today(&self) -> NaiveDate {
        self.clock.today
    }

    /// The preferences as they are now (written to the data folder a
    /// moment after they change).
    pub fn preferences(&self) -> &Preferences {
        &self.prefs.prefs
    }

    fn show_error(&mut self, title: &str, message: String) {
        self.error = Some((title.to_string(), message));
    }

    /// A notification that something worked (it fades).
    fn notify_done(&mut self, text: String) {
        self.notices.success(text, self.clock.now);
    }

    /// A notification that something failed (it stays until dismissed).
    fn notify_failed(&mut self, text: String) {
        self.notices.error(text, self.clock.now);
    }

    /// Says `m` where it belongs: the status line or a notification.
    fn say(&mut self, m: Message) {
        match m {
            Message::Status(s) => self.status = s,
            Message::Notice(Level::Success, s) => self.notify_done(s),
            Message::Notice(Level::Error, s) => self.notify_failed(s),
        }
    }
}
