//! The app shell: menus, tab bar, status bar, file dialogs, and the one
//! place where commands change the plan (with undo and redo).
//!
//! Never losing work lives here too: the Save / Discard / Cancel guard on
//! close, New and Open; saving with a check for changes made on disk by
//! someone else; recovery copies while there are unsaved changes, offered
//! again on start; preferences and recent files.

use super::audience::{self, AudienceShows, AudienceState};
use super::present::{self, BarAction, PresentState};
use super::tabs::{self, TabViews};
use super::undo::{self, History};
use super::widgets::{self, rag_chip_ext};
use super::{Command, Commands, Edit, TabCtx, Target};
use crate::calc::live::{Change, LiveSummary};
use crate::calc::{self, PlanSummary};
use crate::io::{self, FileStamp, recovery};
use crate::model::Plan;
use crate::ui::Tab;
use crate::ui::prefs::{Preferences, ProjectorTheme, ThemeChoice};
use chrono::NaiveDate;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

/// The open plan and where it lives.
pub struct Document {
    pub plan: Plan,
    pub path: Option<PathBuf>,
    /// Unsaved changes: the plan differs from what was last saved (or
    /// opened). Kept up to date by the app after every change, undo, redo.
    pub dirty: bool,
    /// Bumped on every change, so caches know when to recompute.
    pub generation: u64,
    /// The file on disk as it was when opened or last saved, to notice when
    /// someone else changes it.
    pub disk: Option<FileStamp>,
}

impl Document {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        Document {
            plan,
            path,
            dirty: false,
            generation: 0,
            disk: None,
        }
    }
    pub fn file_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled plan".to_string())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileDialogMode {
    Open,
    SaveAs,
}

/// The in-window file dialog: a typed path always works; "Browse…" opens
/// the system dialog on another thread so the window never freezes.
pub struct FileDialog {
    pub mode: FileDialogMode,
    pub path_text: String,
    pub error: Option<String>,
    browse: Option<Receiver<Option<PathBuf>>>,
    /// Save As onto a file that exists: asked before replacing it.
    confirm_replace: Option<PathBuf>,
}

/// What to do once the user has answered "Save changes?".
#[derive(Debug)]
pub enum AfterConfirm {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

/// Save found the file changed on disk since it was opened or saved.
#[derive(Debug, Clone)]
pub struct Conflict {
    pub path: PathBuf,
    pub disk: FileStamp,
}

/// Writing recovery copies for the open plan.
#[derive(Default)]
struct RecoveryState {
    /// The copy's file for this plan (chosen at the first write).
    slot: Option<PathBuf>,
    /// The plan generation the copy on disk holds.
    written_generation: Option<u64>,
    dirty_since: Option<Instant>,
    last_write: Option<Instant>,
    /// A copy being written on another thread.
    pending: Option<Receiver<Result<(), String>>>,
}

/// Opens a recovered copy in a second window ("side by side").
pub type SpawnWindow = Box<dyn Fn(&Path) -> std::io::Result<()>>;

const SHORTCUT_NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SHORTCUT_SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SHORTCUT_SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const SHORTCUT_UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
const SHORTCUT_REDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
const SHORTCUT_REDO_Y: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Y);
const SHORTCUT_PRESENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F5);
const SHORTCUT_LOCK: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);

/// The application: the document, what is computed from it, and the state
/// of the window (tab, per-tab views, dialogs).
pub struct OpplanApp {
    pub doc: Document,
    pub tab: Tab,
    pub views: TabViews,
    /// Everything computed from the plan, kept up to date edit by edit
    /// (derefs to the [`PlanSummary`]).
    summary: LiveSummary,
    summary_generation: u64,
    /// The generation each edit since the summary was computed made, and
    /// what it changed (when it says): the summary is updated for those
    /// records only when every generation since is accounted for.
    changes: Vec<(u64, Option<Change>)>,
    /// What the last update of the summary covered: the generation it
    /// started from and the records changed since (`None`: it was
    /// computed afresh), for the highlights of what just changed.
    summary_since: Option<(u64, Vec<Change>)>,
    pub today: NaiveDate,
    pub locked: bool,
    /// A line in the status bar ("Saved kent.ron").
    pub status: String,
    /// An error shown in a dialog until dismissed, and its title.
    pub error: Option<String>,
    pub error_title: String,
    pub file_dialog: Option<FileDialog>,
    pub confirm: Option<AfterConfirm>,
    /// The record (and field) the app asked a tab to show.
    pub focus: Option<Target>,
    /// Undo and redo.
    pub history: History,
    /// The history state last saved (or opened); `None` when no state in
    /// the history matches the file (a restored recovery copy).
    saved_state: Option<u64>,
    /// What to do after a Save As started by "Save changes?" succeeds.
    pub after_save: Option<AfterConfirm>,
    /// Save found the file changed on disk: asked how to go on.
    pub conflict: Option<Conflict>,
    /// The app's data folder (preferences, recent files, recovery copies);
    /// `None` keeps everything in memory (tests, no home folder).
    pub data_dir: Option<PathBuf>,
    pub prefs: Preferences,
    prefs_changed: Option<Instant>,
    prefs_applied: bool,
    /// Recovery copies found on start, offered one at a time.
    pub recovery_offers: Vec<recovery::RecoveryCopy>,
    recovery: RecoveryState,
    /// How "Open side by side" starts the second window.
    pub spawn_window: SpawnWindow,
    /// Time (seconds) and keyboard focus at the start of the frame: typing
    /// joins one undo step while both hold.
    now: f64,
    keyboard_focus: Option<egui::Id>,
    last_title: String,
    allow_close: bool,
    /// The Data menu's dialogs: paste, CSV import, export, compare.
    pub data: super::data::DataState,
    close_now: bool,
    /// Presentation mode (F5).
    pub present: PresentState,
    /// The audience window, and what just changed (shared with
    /// presentation mode).
    pub audience: AudienceState,
}

impl OpplanApp {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        let today = crate::io::clock::today();
        let summary = LiveSummary::new(&plan, today);
        let mut history = History::new();
        let saved = history.clear();
        OpplanApp {
            doc: Document::new(plan, path),
            tab: Tab::Overview,
            views: TabViews::default(),
            summary,
            summary_generation: 0,
            changes: Vec::new(),
            summary_since: None,
            today,
            locked: false,
            status: String::new(),
            error: None,
            error_title: String::new(),
            file_dialog: None,
            confirm: None,
            focus: None,
            history,
            saved_state: Some(saved),
            after_save: None,
            conflict: None,
            data_dir: None,
            prefs: Preferences::default(),
            prefs_changed: None,
            prefs_applied: true,
            recovery_offers: Vec::new(),
            recovery: RecoveryState::default(),
            spawn_window: Box::new(spawn_second_window),
            now: 0.0,
            keyboard_focus: None,
            last_title: String::new(),
            allow_close: false,
            data: Default::default(),
            close_now: false,
            present: PresentState::default(),
            audience: AudienceState::default(),
        }
    }

    /// Opens a file, or starts with a blank plan and the error shown.
    pub fn open_or_blank(path: &Path) -> Self {
        match io::load_path_stamped(path) {
            Ok((plan, stamp)) => {
                let mut app = OpplanApp::new(plan, Some(path.to_path_buf()));
                app.doc.disk = Some(stamp);
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

    /// Opens a recovery copy as a new, unsaved, untitled plan (the second
    /// window of "Open side by side"). The copy stays until this plan is
    /// saved or its changes discarded.
    pub fn open_recovered(copy: &Path) -> Self {
        match recovery::load_copy(copy) {
            Ok(plan) => {
                let mut app = OpplanApp::new(plan, None);
                app.saved_state = None;
                app.update_dirty();
                app.recovery.slot = Some(copy.to_path_buf());
                app.recovery.written_generation = Some(app.doc.generation);
                app.tab = Tab::Plan;
                app.status = "Recovered unsaved changes, opened as a new plan: save it to keep it".into();
                app
            }
            Err(e) => {
                let mut app = OpplanApp::new(Plan::new_blank(crate::io::clock::today()), None);
                app.show_error(
                    "Could not open the recovery copy",
                    format!("{e}\n\nThe copy is kept at {}.", copy.display()),
                );
                app
            }
        }
    }

    /// Uses `dir` for preferences, recent files and recovery copies: reads
    /// the preferences and looks for copies to offer.
    pub fn attach_data_dir(&mut self, dir: PathBuf) {
        self.prefs = Preferences::load(&dir);
        self.audience.scale = self.prefs.audience_scale;
        self.audience.theme = self.prefs.projector_theme;
        if self.prefs.drop_missing() {
            self.prefs_changed = Some(Instant::now());
        }
        if let Some(t) = Tab::ALL.into_iter().find(|t| t.word() == self.prefs.last_tab) {
            self.tab = t;
        }
        self.recovery_offers = recovery::scan(&dir);
        // a copy this window already owns is not offered to it
        if let Some(slot) = &self.recovery.slot {
            self.recovery_offers.retain(|c| &c.path != slot);
        }
        self.data_dir = Some(dir);
        self.prefs_applied = false;
    }

    pub fn plan(&self) -> &Plan {
        &self.doc.plan
    }

    /// Everything computed from the plan, recomputed only when it changed.
    pub fn summary(&mut self) -> &PlanSummary {
        self.refresh_summary();
        &self.summary
    }

    fn refresh_summary(&mut self) {
        let generation = self.doc.generation;
        if self.summary_generation != generation {
            // every generation since the summary came from an edit that
            // says what it changed: update just that; else everything
            let mut expected = self.summary_generation;
            let scoped: Option<Vec<Change>> = self
                .changes
                .iter()
                .map(|&(g, c)| {
                    expected += 1;
                    c.filter(|_| g == expected)
                })
                .collect();
            match scoped {
                Some(c) if expected == generation => {
                    self.summary.update(&self.doc.plan, self.today, &c);
                    self.summary_since = Some((self.summary_generation, c));
                }
                _ => {
                    self.summary.rebuild(&self.doc.plan, self.today);
                    self.summary_since = None;
                }
            }
            self.changes.clear();
            self.summary_generation = generation;
        }
    }

    /// The window title: file name, a marker when there are unsaved changes.
    pub fn title(&self) -> String {
        format!(
            "{}{} — opplan",
            if self.doc.dirty { "● " } else { "" },
            self.doc.file_name()
        )
    }

    fn show_error(&mut self, title: &str, message: String) {
        self.error_title = title.to_string();
        self.error = Some(message);
    }

    fn update_dirty(&mut self) {
        self.doc.dirty = self.saved_state != Some(self.history.state());
    }

    /// Marks the current state as the one on disk.
    fn mark_saved(&mut self) {
        self.history.close(&self.doc.plan);
        self.saved_state = Some(self.history.state());
        self.update_dirty();
    }

    /// Applies one edit to the plan (recorded for undo).
    pub fn apply_edit(&mut self, edit: Edit) {
        if self.locked {
            self.status = "The plan is locked: unlock it to edit.".into();
            return;
        }
        let scope = edit.scope;
        self.history
            .apply(&mut self.doc.plan, edit, self.now, self.keyboard_focus);
        self.doc.generation += 1;
        self.changes.push((self.doc.generation, scope));
        self.update_dirty();
    }

    /// Undoes the last change; false when there was nothing to undo.
    pub fn undo(&mut self) -> bool {
        if self.locked {
            self.status = "The plan is locked: unlock it to undo.".into();
            return false;
        }
        match self.history.undo_scoped(&mut self.doc.plan) {
            Some((label, scope)) => {
                self.doc.generation += 1;
                // one record back as it was: the summary follows that record
                self.changes.push((self.doc.generation, scope));
                self.update_dirty();
                self.status = undo::menu_text("Undone:", &label);
                true
            }
            None => {
                self.status = "Nothing to undo".into();
                false
            }
        }
    }

    /// Redoes the last undone change; false when there was nothing.
    pub fn redo(&mut self) -> bool {
        if self.locked {
            self.status = "The plan is locked: unlock it to redo.".into();
            return false;
        }
        match self.history.redo_scoped(&mut self.doc.plan) {
            Some((label, scope)) => {
                self.doc.generation += 1;
                // one record back as it was: the summary follows that record
                self.changes.push((self.doc.generation, scope));
                self.update_dirty();
                self.status = undo::menu_text("Redone:", &label);
                true
            }
            None => {
                self.status = "Nothing to redo".into();
                false
            }
        }
    }

    /// Runs the commands collected during a frame.
    pub fn run_commands(&mut self, ctx: &egui::Context, cmds: Commands) {
        for c in cmds.0 {
            self.run_command(ctx, c);
        }
    }

    pub fn run_command(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Edit(e) => self.apply_edit(e),
            Command::GoTo(t) => {
                self.tab = t.tab;
                self.focus = Some(t);
                self.note_prefs_change();
            }
            Command::NewPlan => self.guard(AfterConfirm::New),
            Command::Open => self.guard(AfterConfirm::Open),
            Command::OpenPath(p) => self.guard(AfterConfirm::OpenPath(p)),
            Command::Save => self.save(),
            Command::SaveAs => self.start_file_dialog(FileDialogMode::SaveAs),
            Command::SaveAsPath(p) => {
                if self.doc.path.as_deref() == Some(p.as_path()) {
                    self.save_checked(&p);
                } else {
                    self.save_to(&p);
                }
            }
            Command::Quit => self.guard(AfterConfirm::Quit),
            Command::Data(d) => {
                self.refresh_summary();
                let path = self.doc.path.clone();
                if let Some(msg) = self.data.run(ctx, d, &self.doc.plan, &self.summary, path.as_deref()) {
                    self.status = msg;
                }
            }
            Command::Undo | Command::Redo => {
                let done = if matches!(c, Command::Undo) {
                    self.undo()
                } else {
                    self.redo()
                };
                if done {
                    // a field being edited would hold text from before the
                    // undo: let it go, so it shows the plan again
                    ctx.memory_mut(|m| {
                        if let Some(id) = m.focused() {
                            m.surrender_focus(id);
                        }
                    });
                }
            }
        }
    }

    /// Save: to the plan's file (asking first if it changed on disk), or
    /// Save As when it has none.
    pub fn save(&mut self) {
        match self.doc.path.clone() {
            Some(p) => {
                self.save_checked(&p);
            }
            None => self.start_file_dialog(FileDialogMode::SaveAs),
        }
    }

    /// Runs `after` now when the plan has no unsaved changes, else asks.
    fn guard(&mut self, after: AfterConfirm) {
        if self.doc.dirty {
            self.confirm = Some(after);
        } else {
            self.proceed(after);
        }
    }

    /// Goes on with New, Open or Quit once the unsaved changes are saved or
    /// the user chose to discard them. The plan is replaced only when the
    /// new one is ready: a file that fails to open leaves it as it was.
    fn proceed(&mut self, after: AfterConfirm) {
        match after {
            AfterConfirm::New => {
                self.replace_document(Document::new(Plan::new_blank(self.today), None));
                self.tab = Tab::Plan;
                self.status = "New plan".into();
            }
            AfterConfirm::Open => self.start_file_dialog(FileDialogMode::Open),
            AfterConfirm::OpenPath(p) => {
                self.open_path(&p);
            }
            AfterConfirm::Quit => {
                // the user saved or discarded: no copy to offer next time
                self.remove_recovery_copy();
                self.allow_close = true;
                self.close_now = true;
            }
        }
    }

    fn replace_document(&mut self, doc: Document) {
        self.remove_recovery_copy();
        self.recovery = RecoveryState::default();
        let generation = self.doc.generation + 1;
        self.doc = doc;
        self.doc.generation = generation;
        self.saved_state = Some(self.history.clear());
        self.update_dirty();
        self.views = TabViews::default();
        self.focus = None;
        // another plan: nothing in it "just changed"
        self.audience.changes.reset();
    }

    /// Opens a plan; on failure the open plan is untouched and the reason
    /// is shown.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match io::load_path_stamped(path) {
            Ok((plan, stamp)) => {
                let mut doc = Document::new(plan, Some(path.to_path_buf()));
                doc.disk = Some(stamp);
                self.replace_document(doc);
                self.status = format!("Opened {}", path.display());
                self.prefs.add_recent(path);
                self.note_prefs_change();
                true
            }
            Err(e) => {
                self.show_error(
                    "Could not open the plan",
                    format!(
                        "Could not open {}.\n\n{e}\n\nThe plan already open has not been changed.",
                        path.display()
                    ),
                );
                false
            }
        }
    }

    /// Saves to `path` (the plan's own file), first checking that nobody
    /// changed it on disk since it was opened or saved; if they did, asks.
    pub fn save_checked(&mut self, path: &Path) -> bool {
        // the check and the write under the plan's lock: nobody saves in between
        let Some(lock) = self.lock_for_save(path) else {
            return false;
        };
        let mut was_missing = false;
        if self.doc.path.as_deref() == Some(path)
            && let Some(known) = &self.doc.disk
        {
            match io::disk_state(path, known) {
                io::DiskState::Changed(now) => {
                    self.conflict = Some(Conflict {
                        path: path.to_path_buf(),
                        disk: now,
                    });
                    return false;
                }
                io::DiskState::Missing => was_missing = true,
                io::DiskState::Unchanged | io::DiskState::Unreadable(_) => {}
            }
        }
        let saved = self.save_locked(lock);
        if saved && was_missing {
            self.status = format!(
                "{} had been moved or deleted since it was opened: saved it again at {}",
                self.doc.file_name(),
                path.display()
            );
        }
        saved
    }

    /// Saves to `path` without the on-disk check; on failure the plan stays
    /// dirty, the file on disk is as it was, and the reason is shown.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match self.lock_for_save(path) {
            Some(lock) => self.save_locked(lock),
            None => false,
        }
    }

    /// The lock of `path` for a save; `None`, with the reason shown, when
    /// another opplan keeps it.
    fn lock_for_save(&mut self, path: &Path) -> Option<io::FileLock> {
        match io::FileLock::acquire(path, io::WINDOW_LOCK_WAIT) {
            Ok(lock) => Some(lock),
            Err(e) => {
                self.save_failed(&e);
                None
            }
        }
    }

    /// Saves to the locked path (see [`Self::save_to`]); lets go of the
    /// lock once written.
    fn save_locked(&mut self, lock: io::FileLock) -> bool {
        let path = &lock.path().to_path_buf();
        self.history.close(&self.doc.plan);
        let saved = io::save_path_locked(&self.doc.plan, &lock);
        drop(lock);
        match saved {
            Ok(stamp) => {
                if self.doc.path.as_deref() != Some(path) {
                    // the recovery slot follows the file
                    self.remove_recovery_copy();
                    self.recovery.slot = None;
                }
                self.doc.path = Some(path.to_path_buf());
                self.doc.disk = Some(stamp);
                self.mark_saved();
                self.remove_recovery_copy();
                self.status = format!(
                    "Saved {} at {}",
                    self.doc.file_name(),
                    chrono::Local::now().format("%H:%M")
                );
                self.prefs.add_recent(path);
                self.note_prefs_change();
                if let Some(after) = self.after_save.take() {
                    self.proceed(after);
                }
                true
            }
            Err(e) => {
                self.save_failed(&e);
                false
            }
        }
    }

    /// Says why a save failed; the plan keeps its unsaved changes.
    fn save_failed(&mut self, e: &io::SaveError) {
        self.after_save = None;
        self.show_error(
            "Could not save",
            format!("{e}\n\nYour changes are still here, not saved. Try File > Save As… to save them somewhere else."),
        );
    }

    /// Replaces the plan with the file on disk, as one undoable step (Undo
    /// brings back the version that was in the window).
    pub fn reload_from_disk(&mut self, path: &Path) -> bool {
        match io::load_path_stamped(path) {
            Ok((plan, stamp)) => {
                self.history.close(&self.doc.plan);
                self.history.apply(
                    &mut self.doc.plan,
                    Edit::new("Reload from disk", move |p| *p = plan),
                    self.now,
                    None,
                );
                self.doc.generation += 1;
                self.doc.disk = Some(stamp);
                self.mark_saved();
                self.after_save = None;
                self.status = "Reloaded from disk. Undo brings back the version you had.".into();
                true
            }
            Err(e) => {
                self.show_error(
                    "Could not reload the plan",
                    format!(
                        "Could not read {}.\n\n{e}\n\nThe plan in the window has not been changed.",
                        path.display()
                    ),
                );
                false
            }
        }
    }

    fn start_file_dialog(&mut self, mode: FileDialogMode) {
        let folder = self
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
        self.file_dialog = Some(FileDialog {
            mode,
            path_text,
            error: None,
            browse: None,
            confirm_replace: None,
        });
    }

    // ------------------------------------------------------------ recovery

    /// Writes the recovery copy now, on this thread (tests; the window
    /// writes on another thread, see [`Self::tick_recovery`]).
    pub fn write_recovery_now(&mut self) -> Result<PathBuf, io::SaveError> {
        let Some(dir) = self.data_dir.clone() else {
            return Err(io::SaveError {
                path: PathBuf::new(),
                reason: "there is no data folder".into(),
            });
        };
        self.wait_for_recovery_write();
        let slot = self.recovery_slot(&dir);
        recovery::write_copy(&slot, &self.doc.plan, self.doc.path.as_deref())?;
        self.recovery.written_generation = Some(self.doc.generation);
        self.recovery.last_write = Some(Instant::now());
        Ok(slot)
    }

    /// Where this plan's recovery copy goes: its file's slot, unless a copy
    /// this window did not write is there (one left to decide about later,
    /// or another window's): then a slot of its own, so it never overwrites
    /// someone's unsaved work.
    fn recovery_slot(&mut self, dir: &Path) -> PathBuf {
        if let Some(s) = &self.recovery.slot {
            return s.clone();
        }
        let mut slot = recovery::slot_for(dir, self.doc.path.as_deref());
        if slot.exists() {
            slot = recovery::unique_slot_for(dir, self.doc.path.as_deref());
        }
        self.recovery.slot = Some(slot.clone());
        slot
    }

    /// The recovery copy of the open plan, when one has been written.
    pub fn recovery_copy_path(&self) -> Option<&Path> {
        self.recovery.written_generation.and(self.recovery.slot.as_deref())
    }

    fn wait_for_recovery_write(&mut self) {
        if let Some(rx) = self.recovery.pending.take() {
            // a copy takes milliseconds; waiting keeps a removed copy removed
            let _ = rx.recv_timeout(Duration::from_secs(10));
        }
    }

    fn remove_recovery_copy(&mut self) {
        self.wait_for_recovery_write();
        if let Some(slot) = &self.recovery.slot
            && self.recovery.written_generation.is_some()
        {
            recovery::remove(slot);
        }
        self.recovery.written_generation = None;
        self.recovery.last_write = None;
        self.recovery.dirty_since = None;
    }

    /// Every frame: while the plan has unsaved changes, writes a copy every
    /// `recovery_interval_secs` (on another thread: the window never waits
    /// for the disk); once it has none, removes the copy.
    fn tick_recovery(&mut self, ctx: &egui::Context) {
        let Some(dir) = self.data_dir.clone() else { return };
        if let Some(rx) = &self.recovery.pending {
            match rx.try_recv() {
                Ok(result) => {
                    self.recovery.pending = None;
                    if let Err(e) = result {
                        // tried again one interval later
                        self.recovery.written_generation = None;
                        self.status = format!("Could not write the recovery copy: {e}");
                    }
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.recovery.pending = None,
            }
        }
        if !self.doc.dirty {
            if self.recovery.written_generation.is_some() {
                self.remove_recovery_copy();
            }
            self.recovery.dirty_since = None;
            return;
        }
        let secs = self.prefs.recovery_interval_secs;
        if secs == 0 || self.recovery.written_generation == Some(self.doc.generation) {
            return;
        }
        let interval = Duration::from_secs(secs);
        let now = Instant::now();
        let since = *self.recovery.dirty_since.get_or_insert(now);
        let from = self.recovery.last_write.unwrap_or(since);
        let elapsed = now.duration_since(from);
        if elapsed < interval {
            ctx.request_repaint_after(interval - elapsed);
            return;
        }
        let slot = self.recovery_slot(&dir);
        let plan = self.doc.plan.clone();
        let original = self.doc.path.clone();
        let (tx, rx) = channel();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let result = recovery::write_copy(&slot, &plan, original.as_deref()).map_err(|e| e.reason);
            let _ = tx.send(result);
            repaint.request_repaint();
        });
        self.recovery.pending = Some(rx);
        self.recovery.written_generation = Some(self.doc.generation);
        self.recovery.last_write = Some(now);
    }

    /// Restore: the copy's plan replaces the window's, linked to the copy's
    /// file (Save writes there), with unsaved changes.
    pub fn restore_recovery(&mut self, copy: &recovery::RecoveryCopy) -> bool {
        match recovery::load_copy(&copy.path) {
            Ok(plan) => {
                let original = copy.info.original.clone();
                match original.as_deref().map(io::load_path_stamped) {
                    Some(Ok((on_disk, stamp))) => {
                        // the file as saved, then the recovered changes as
                        // one undoable step: Undo shows the saved version
                        let mut doc = Document::new(on_disk, original.clone());
                        doc.disk = Some(stamp);
                        self.replace_document(doc);
                        self.history.apply(
                            &mut self.doc.plan,
                            Edit::new("Restore unsaved changes", move |p| *p = plan),
                            self.now,
                            None,
                        );
                        self.doc.generation += 1;
                    }
                    _ => {
                        // no file (never saved, gone, or unreadable)
                        let mut doc = Document::new(plan, original.clone());
                        doc.disk = original.as_deref().and_then(stamp_of);
                        self.replace_document(doc);
                        self.saved_state = None;
                    }
                }
                self.update_dirty();
                // the copy becomes this plan's copy until it is saved
                self.recovery.slot = Some(copy.path.clone());
                self.recovery.written_generation = Some(self.doc.generation);
                self.status = format!(
                    "Restored the unsaved changes to {} from {}",
                    copy.name(),
                    recovery::describe_time(copy.info.written)
                );
                true
            }
            Err(e) => {
                self.show_error(
                    "Could not restore",
                    format!(
                        "The recovery copy could not be read.\n\n{e}\n\nIt is kept at {}.",
                        copy.path.display()
                    ),
                );
                false
            }
        }
    }

    /// Open side by side: this window shows the saved file, a second window
    /// the recovered version as a new untitled plan.
    pub fn open_recovery_side_by_side(&mut self, copy: &recovery::RecoveryCopy) -> bool {
        let Some(dir) = self.data_dir.clone() else { return false };
        // the copy moves to an untitled slot, so this window's own copy of
        // the file can never overwrite it
        let moved = recovery::slot_for(&dir, None);
        if let Err(e) = std::fs::rename(&copy.path, &moved) {
            self.show_error(
                "Could not open the recovery copy",
                format!(
                    "{}\n\nThe copy is kept at {}.",
                    io::describe_io_error(&e),
                    copy.path.display()
                ),
            );
            return false;
        }
        if let Err(e) = (self.spawn_window)(&moved) {
            let _ = std::fs::rename(&moved, &copy.path);
            self.show_error(
                "Could not open a second window",
                format!(
                    "{}\n\nUse Restore instead; the recovery copy is kept.",
                    io::describe_io_error(&e)
                ),
            );
            return false;
        }
        if let Some(orig) = copy.info.original.clone().filter(|p| p.is_file())
            && self.doc.path.as_deref() != Some(orig.as_path())
        {
            self.open_path(&orig);
        }
        self.status = format!("The unsaved version of {} opened in a second window", copy.name());
        true
    }

    // --------------------------------------------------------- preferences

    fn note_prefs_change(&mut self) {
        if self.data_dir.is_some() {
            self.prefs_changed.get_or_insert_with(Instant::now);
        }
    }

    /// Writes the preferences now (when there is a data folder).
    pub fn save_prefs(&mut self) {
        self.prefs_changed = None;
        if let Some(dir) = &self.data_dir
            && let Err(e) = self.prefs.save(dir)
        {
            self.status = format!("Could not save the preferences: {}", e.reason);
        }
    }

    /// Every frame: applies the preferences once, notices zoom, theme, tab
    /// and window size changes, and writes them a moment later.
    fn tick_prefs(&mut self, ctx: &egui::Context) {
        if self.data_dir.is_none() {
            return;
        }
        if !self.prefs_applied {
            self.prefs_applied = true;
            ctx.set_zoom_factor(self.prefs.zoom);
            ctx.set_theme(theme_preference(self.prefs.theme));
        }
        let zoom = ctx.zoom_factor();
        // presentation has its own zoom (prefs.present_zoom, set where it
        // is chosen); a zoom just set reaches egui a frame later
        let settling = self.present.zoom_settling(zoom);
        if !self.present.on && !settling && (zoom - self.prefs.zoom).abs() > 0.001 {
            self.prefs.zoom = zoom;
            self.note_prefs_change();
        }
        if self.prefs.last_tab != self.tab.word() {
            self.prefs.last_tab = self.tab.word().to_string();
            self.note_prefs_change();
        }
        let (rect, maximized) = ctx.input(|i| (i.viewport().inner_rect, i.viewport().maximized));
        if let Some(maximized) = maximized
            && maximized != self.prefs.maximized
            && !self.present.on
        {
            self.prefs.maximized = maximized;
            self.note_prefs_change();
        }
        if let Some(r) = rect
            && maximized != Some(true)
            && !self.present.on
        {
            // ui points shrink as the zoom grows; the window is sized in
            // the system's logical pixels
            let size = [(r.width() * zoom).round(), (r.height() * zoom).round()];
            if self.prefs.window_size != Some(size) && size[0] >= 200.0 && size[1] >= 200.0 {
                self.prefs.window_size = Some(size);
                self.note_prefs_change();
            }
        }
        if let Some(t) = self.prefs_changed {
            let wait = Duration::from_secs(1);
            if t.elapsed() >= wait {
                self.save_prefs();
            } else {
                ctx.request_repaint_after(wait - t.elapsed());
            }
        }
    }

    fn set_theme(&mut self, ctx: &egui::Context, theme: ThemeChoice) {
        self.prefs.theme = theme;
        ctx.set_theme(theme_preference(theme));
        self.note_prefs_change();
    }

    // ------------------------------------------------------------ workshop

    /// What a tab is drawn from now (the summary as last computed).
    pub fn tab_ctx(&self) -> TabCtx<'_> {
        tab_ctx_of(&self.doc, &self.summary, self.locked, self.today, self.focus.as_ref())
    }

    /// Draws the audience view into `ui` from this window's plan and state
    /// (what the audience window shows; tests call it).
    pub fn audience_view(&mut self, ui: &mut Ui) {
        self.refresh_summary();
        self.observe_changes(present::clock());
        self.audience.main_tab = self.tab;
        let tab_ctx = tab_ctx_of(&self.doc, &self.summary, true, self.today, None);
        audience::audience_view(ui, &tab_ctx, &mut self.audience);
    }

    /// Locks (read-only) or unlocks the plan.
    pub fn set_locked(&mut self, ctx: &egui::Context, locked: bool) {
        if locked == self.locked {
            return;
        }
        self.locked = locked;
        if locked {
            // a field being typed in lets go: nothing more reaches the plan
            ctx.memory_mut(|m| {
                if let Some(id) = m.focused() {
                    m.surrender_focus(id);
                }
            });
            self.status = "Locked: the plan is read-only until it is unlocked (Ctrl+L)".into();
        } else {
            self.status = "Unlocked: the plan can be edited".into();
        }
    }

    /// Enters or leaves presentation mode (full screen, projector theme and
    /// size, no menus or side panels); leaving gives back the window as it
    /// was.
    pub fn set_presenting(&mut self, ctx: &egui::Context, on: bool) {
        if on == self.present.on {
            return;
        }
        if on {
            let normal = if self.data_dir.is_some() {
                self.prefs.zoom
            } else {
                ctx.zoom_factor()
            };
            self.present
                .enter(ctx, normal, self.prefs.present_zoom, self.prefs.projector_theme);
            self.status = "Presentation mode: F5 leaves it, Ctrl+L locks the plan".into();
        } else {
            self.present.exit(ctx, theme_preference(self.prefs.theme));
            self.status = "Left presentation mode".into();
        }
    }

    /// The size of presentation mode (one of [`present::ZOOM_PRESETS`]).
    pub fn set_present_zoom(&mut self, ctx: &egui::Context, zoom: f32) {
        self.prefs.present_zoom = zoom;
        if self.present.on {
            self.present.set_zoom(ctx, zoom);
        }
        self.note_prefs_change();
    }

    fn set_projector_theme(&mut self, ctx: &egui::Context, theme: ProjectorTheme) {
        self.prefs.projector_theme = theme;
        self.audience.theme = theme;
        if self.present.on {
            self.present.apply_theme(ctx, theme);
        }
        self.note_prefs_change();
    }

    fn bar_action(&mut self, ctx: &egui::Context, a: BarAction, cmds: &mut Commands) {
        match a {
            BarAction::Tab(t) => cmds.go_to(t, None, None),
            BarAction::ToggleLock => self.set_locked(ctx, !self.locked),
            BarAction::Zoom(z) => self.set_present_zoom(ctx, z),
            BarAction::Theme(t) => self.set_projector_theme(ctx, t),
            BarAction::ToggleAudience => self.audience.open = !self.audience.open,
            BarAction::Exit => self.present.pending = Some(false),
        }
    }

    /// Notes which watched values changed since the last look (only those
    /// of the records the last edits changed, when they said which).
    fn observe_changes(&mut self, now: f64) {
        let since = self.summary_since.as_ref().map(|(g, c)| (*g, c.as_slice()));
        self.audience
            .changes
            .observe_since(self.doc.generation, since, &self.doc.plan, &self.summary, now);
    }

    /// Every frame, once the frame's edits are applied: notes what just
    /// changed, draws the audience window (so it shows this frame's edit),
    /// and keeps repainting while highlights fade.
    fn tick_workshop(&mut self, ctx: &egui::Context) {
        let now = present::clock();
        if self.present.on || self.audience.open {
            self.observe_changes(now);
        } else {
            // nobody watches: nothing to highlight (the first look when
            // the room comes back marks nothing)
            self.audience.changes.reset();
        }
        if (self.present.on || self.audience.open) && self.audience.changes.active(now) {
            // about 30 frames a second while a highlight fades
            ctx.request_repaint_after(Duration::from_millis(33));
        }
        self.audience.main_tab = self.tab;
        // the audience window is read-only whatever the lock
        let tab_ctx = tab_ctx_of(&self.doc, &self.summary, true, self.today, None);
        audience::show_window(ctx, &tab_ctx, &mut self.audience);
        if (self.audience.scale - self.prefs.audience_scale).abs() > 0.001 {
            self.prefs.audience_scale = self.audience.scale;
            self.note_prefs_change();
        }
    }

    // ------------------------------------------------------------ the frame

    /// Draws the whole window and runs what the user asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.now = ctx.input(|i| i.time);
        self.keyboard_focus = ctx.memory(|m| m.focused());
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.doc.dirty {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(AfterConfirm::Quit);
        }
        let state = self.history.state();
        self.history.tick(&self.doc.plan, self.now, self.keyboard_focus);
        if self.history.state() != state {
            self.update_dirty();
        }
        self.refresh_summary();
        let mut cmds = Commands::default();
        if let Some(p) = ctx.input(|i| i.raw.dropped_files.first().map(|f| f.path().to_path_buf())) {
            cmds.push(Command::OpenPath(p));
        }
        self.shortcuts(&ctx, &mut cmds);
        let palette = if self.present.on {
            present::palette(self.prefs.projector_theme)
        } else {
            widgets::RagPalette::Screen
        };
        widgets::set_rag_palette(&ctx, palette);
        widgets::set_today(&ctx, self.today);

        if self.present.on {
            // no menus, no status bar, no side panels: one bar
            self.present.status_shown = self.present.fresh_status(&self.status, present::clock());
            if self.present.status_shown.is_some() {
                ctx.request_repaint_after(Duration::from_millis(500));
            }
            let actions = egui::Panel::top("present_bar")
                .show(ui, |ui| {
                    ui.add_space(4.0);
                    let bar = present::Bar {
                        tab: self.tab,
                        plan: &self.doc.plan,
                        locked: self.locked,
                        zoom: self.prefs.present_zoom,
                        theme: self.prefs.projector_theme,
                        audience_open: self.audience.open,
                    };
                    let a = present::toolbar(ui, &bar);
                    ui.add_space(2.0);
                    a
                })
                .inner;
            for a in actions {
                self.bar_action(&ctx, a, &mut cmds);
            }
            if let Some(s) = &self.present.status_shown {
                present::status_toast(&ctx, s);
            }
        } else {
            egui::Panel::top("menu_bar").show(ui, |ui| {
                egui::MenuBar::new().ui(ui, |ui| self.menu_bar(ui, &mut cmds));
            });
            egui::Panel::top("plan_bar").show(ui, |ui| self.plan_bar(ui, &mut cmds));
            egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
        }
        let tab_ctx = tab_ctx_of(&self.doc, &self.summary, self.locked, self.today, self.focus.as_ref());
        super::checklist::panel(ui, &tab_ctx, &mut cmds);
        let presenting_overview = self.present.on && self.tab == Tab::Overview;
        egui::CentralPanel::default().show(ui, |ui| {
            if presenting_overview {
                let look = tabs::overview::Look {
                    present: true,
                    highlights: Some(present::Highlights {
                        changes: &self.audience.changes,
                        now: present::clock(),
                    }),
                };
                tabs::overview::dashboard(ui, &tab_ctx, &look, Some(&mut cmds));
            } else {
                tabs::show(ui, self.tab, &tab_ctx, &mut self.views, &mut cmds);
            }
        });
        // a focus request is served by the frame that drew the tab
        if self.focus.as_ref().is_some_and(|f| f.tab == self.tab) {
            self.focus = None;
        }
        self.dialogs(&ctx, &mut cmds);
        let path = self.doc.path.clone();
        if let Some(msg) = self.data.show(
            &ctx,
            &self.doc.plan,
            path.as_deref(),
            self.doc.generation,
            self.today,
            self.locked,
            &mut cmds,
        ) {
            self.status = msg;
        }
        self.run_commands(&ctx, cmds);
        self.refresh_summary();
        self.tick_workshop(&ctx);
        self.tick_recovery(&ctx);
        self.tick_prefs(&ctx);
        if let Some(on) = self.present.pending.take() {
            self.set_presenting(&ctx, on);
        }

        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
        if self.close_now {
            self.close_now = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn any_dialog(&self) -> bool {
        self.file_dialog.is_some()
            || self.confirm.is_some()
            || self.error.is_some()
            || self.conflict.is_some()
            || !self.recovery_offers.is_empty()
    }

    fn shortcuts(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        if self.any_dialog() || self.data.is_modal() {
            return;
        }
        // a text field being edited keeps Ctrl+Z for its own undo
        let text_focused = ctx.text_edit_focused();
        let presenting = self.present.on;
        let (mut toggle_present, mut toggle_lock, mut zoom_step) = (false, false, None);
        ctx.input_mut(|i| {
            toggle_present = i.consume_shortcut(&SHORTCUT_PRESENT);
            toggle_lock = i.consume_shortcut(&SHORTCUT_LOCK);
            if presenting {
                // the presets, not egui's 10% steps
                use egui::gui_zoom::kb_shortcuts as k;
                if i.consume_shortcut(&k::ZOOM_IN) || i.consume_shortcut(&k::ZOOM_IN_SECONDARY) {
                    zoom_step = Some(Some(true));
                }
                if i.consume_shortcut(&k::ZOOM_OUT) {
                    zoom_step = Some(Some(false));
                }
                if i.consume_shortcut(&k::ZOOM_RESET) {
                    zoom_step = Some(None);
                }
            }
            if i.consume_shortcut(&SHORTCUT_SAVE_AS) {
                cmds.push(Command::SaveAs);
            }
            if i.consume_shortcut(&SHORTCUT_SAVE) {
                cmds.push(Command::Save);
            }
            if i.consume_shortcut(&SHORTCUT_OPEN) {
                cmds.push(Command::Open);
            }
            if i.consume_shortcut(&SHORTCUT_NEW) {
                cmds.push(Command::NewPlan);
            }
            if !text_focused {
                if i.consume_shortcut(&SHORTCUT_REDO) || i.consume_shortcut(&SHORTCUT_REDO_Y) {
                    cmds.push(Command::Redo);
                }
                if i.consume_shortcut(&SHORTCUT_UNDO) {
                    cmds.push(Command::Undo);
                }
            }
        });
        if toggle_present {
            self.present.pending = Some(!self.present.on);
        }
        if toggle_lock {
            self.set_locked(ctx, !self.locked);
        }
        if let Some(step) = zoom_step {
            let z = match step {
                Some(up) => present::zoom_step(self.prefs.present_zoom, up),
                None => 1.0,
            };
            self.set_present_zoom(ctx, z);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui, cmds: &mut Commands) {
        let ctx = ui.ctx().clone();
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("New").shortcut_text(ctx.format_shortcut(&SHORTCUT_NEW)))
                .clicked()
            {
                cmds.push(Command::NewPlan);
            }
            if ui
                .add(egui::Button::new("Open…").shortcut_text(ctx.format_shortcut(&SHORTCUT_OPEN)))
                .clicked()
            {
                cmds.push(Command::Open);
            }
            ui.menu_button("Open Recent", |ui| {
                let recent: Vec<PathBuf> = self.prefs.recent.iter().filter(|p| p.is_file()).cloned().collect();
                if recent.is_empty() {
                    ui.label(RichText::new("No recent plans").weak());
                }
                for p in &recent {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_else(|| p.display().to_string());
                    let folder = p.parent().map(|d| d.display().to_string()).unwrap_or_default();
                    if ui
                        .add(egui::Button::new(name).right_text(RichText::new(folder).weak()))
                        .on_hover_text(p.display().to_string())
                        .clicked()
                    {
                        cmds.push(Command::OpenPath(p.clone()));
                    }
                }
                if !recent.is_empty() {
                    ui.separator();
                    if ui.button("Clear the list").clicked() {
                        self.prefs.recent.clear();
                        self.note_prefs_change();
                    }
                }
            });
            ui.separator();
            if ui
                .add(egui::Button::new("Save").shortcut_text(ctx.format_shortcut(&SHORTCUT_SAVE)))
                .clicked()
            {
                cmds.push(Command::Save);
            }
            if ui
                .add(egui::Button::new("Save As…").shortcut_text(ctx.format_shortcut(&SHORTCUT_SAVE_AS)))
                .clicked()
            {
                cmds.push(Command::SaveAs);
            }
            ui.separator();
            ui.menu_button("Open a sample plan", |ui| {
                for (label, file) in [
                    ("Kent BCF plan 2014/15–2015/16", "kent-bcf-2015-16.ron"),
                    ("South Kent Coast CCG plan 2015/16", "south-kent-coast-2015-16.ron"),
                ] {
                    if ui.button(label).clicked() {
                        let p = crate::io::appdata::default_sample_path().with_file_name(file);
                        cmds.push(Command::OpenPath(p));
                    }
                }
            });
            ui.separator();
            if ui.button("Quit").clicked() {
                cmds.push(Command::Quit);
            }
        });
        ui.menu_button("Edit", |ui| {
            let undo_text = match self.history.undo_label() {
                Some(l) => undo::menu_text("Undo", l),
                None => "Undo".into(),
            };
            let can_undo = self.history.undo_label().is_some() && !self.locked;
            if ui
                .add_enabled(
                    can_undo,
                    egui::Button::new(undo_text).shortcut_text(ctx.format_shortcut(&SHORTCUT_UNDO)),
                )
                .clicked()
            {
                cmds.push(Command::Undo);
            }
            let redo_text = match self.history.redo_label() {
                Some(l) => undo::menu_text("Redo", l),
                None => "Redo".into(),
            };
            let can_redo = self.history.redo_label().is_some() && !self.locked;
            if ui
                .add_enabled(
                    can_redo,
                    egui::Button::new(redo_text).shortcut_text(ctx.format_shortcut(&SHORTCUT_REDO)),
                )
                .clicked()
            {
                cmds.push(Command::Redo);
            }
            ui.separator();
            let lock_text = if self.locked {
                "Unlock the plan"
            } else {
                "Lock the plan"
            };
            if ui
                .add(egui::Button::new(lock_text).shortcut_text(ctx.format_shortcut(&SHORTCUT_LOCK)))
                .on_hover_text("Locked, the plan is read-only: a stray click or key changes nothing")
                .clicked()
            {
                self.set_locked(&ctx, !self.locked);
            }
            ui.separator();
            ui.menu_button("Recovery copies", |ui| {
                ui.label(RichText::new("While there are unsaved changes, keep a copy aside:").weak());
                for (secs, word) in [
                    (10, "Every 10 seconds"),
                    (30, "Every 30 seconds"),
                    (60, "Every minute"),
                    (300, "Every 5 minutes"),
                    (0, "Never"),
                ] {
                    if ui
                        .selectable_label(self.prefs.recovery_interval_secs == secs, word)
                        .clicked()
                    {
                        self.prefs.recovery_interval_secs = secs;
                        self.note_prefs_change();
                    }
                }
            });
        });
        ui.menu_button("View", |ui| {
            for t in Tab::ALL {
                if ui.selectable_label(self.tab == t, t.word()).clicked() {
                    cmds.go_to(t, None, None);
                }
            }
            ui.separator();
            egui::gui_zoom::zoom_menu_buttons(ui);
            ui.separator();
            ui.menu_button("Theme", |ui| {
                for t in ThemeChoice::ALL {
                    if ui.selectable_label(self.prefs.theme == t, t.word()).clicked() {
                        self.set_theme(&ctx, t);
                    }
                }
            });
            ui.separator();
            if ui
                .add(egui::Button::new("Presentation mode").shortcut_text(ctx.format_shortcut(&SHORTCUT_PRESENT)))
                .clicked()
            {
                self.present.pending = Some(true);
            }
            ui.menu_button("Presentation size", |ui| {
                for z in present::ZOOM_PRESETS {
                    if ui
                        .selectable_label((self.prefs.present_zoom - z).abs() < 0.001, present::zoom_word(z))
                        .clicked()
                    {
                        self.set_present_zoom(&ctx, z);
                    }
                }
            });
            ui.menu_button("Projector theme", |ui| {
                for t in ProjectorTheme::ALL {
                    if ui
                        .selectable_label(self.prefs.projector_theme == t, t.word())
                        .clicked()
                    {
                        self.set_projector_theme(&ctx, t);
                    }
                }
            });
            ui.separator();
            let aud = if self.audience.open {
                "Close the audience window"
            } else {
                "Open audience window"
            };
            if ui
                .button(aud)
                .on_hover_text("A second window to drag onto the projector: the plan, large, as it changes, without menus, dialogs or edits in progress")
                .clicked()
            {
                self.audience.open = !self.audience.open;
            }
            ui.menu_button("Audience window shows", |ui| {
                for a in AudienceShows::ALL {
                    if ui.selectable_label(self.audience.shows == a, a.word()).clicked() {
                        self.audience.shows = a;
                    }
                }
            });
            ui.menu_button("Audience text size", |ui| {
                for z in present::ZOOM_PRESETS {
                    if ui
                        .selectable_label((self.audience.scale - z).abs() < 0.001, present::zoom_word(z))
                        .clicked()
                    {
                        self.audience.scale = z;
                    }
                }
            });
        });
        ui.menu_button("Data", |ui| self.data.menu(ui, self.locked, cmds));
        ui.menu_button("Help", |ui| {
            ui.label("opplan: operating plans and BCF plans with exact money, live totals and RAG.");
            ui.label("RAG key: Green target met; Amber within the tolerance (10%); Red beyond it.");
            ui.separator();
            ui.label("Your work is safe: Ctrl+Z undoes any change; saving keeps the previous file as NAME.ron.bak; unsaved changes are copied aside every 30 seconds and offered back if opplan closes without saving.");
        });
    }

    fn plan_bar(&mut self, ui: &mut Ui, cmds: &mut Commands) {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            let plan = &self.doc.plan;
            let title = if plan.header.title.trim().is_empty() {
                "Untitled plan"
            } else {
                plan.header.title.trim()
            };
            ui.label(RichText::new(title).size(20.0).strong());
            ui.label(RichText::new(format!("{} · {}", plan.header.version, plan.header.status.word())).weak());
            if let Some(w) = calc::lifecycle::status_warning(plan, &self.summary) {
                rag_chip_ext(
                    ui,
                    crate::model::Rag::Amber,
                    &w,
                    false,
                    Some("Edited after the status was set"),
                    14.0,
                );
            }
            let overall = self.summary.overall;
            rag_chip_ext(
                ui,
                overall,
                &format!("Plan {}", overall.word()),
                false,
                Some(&self.summary.overall_rule),
                14.0,
            );
            let text = super::checklist::button_text(self.summary.checklist.incomplete_count());
            let open = super::checklist::is_open(ui.ctx());
            if ui
                .add(egui::Button::new(RichText::new(text).strong()).selected(open))
                .on_hover_text("Show or hide the readiness checklist")
                .clicked()
            {
                super::checklist::toggle(ui.ctx());
            }
            let ctx = ui.ctx().clone();
            if widgets::lock_button(ui, self.locked, 14.0).clicked() {
                self.set_locked(&ctx, !self.locked);
            }
            if present::present_button(ui, 14.0).clicked() {
                self.present.pending = Some(true);
            }
        });
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            for t in Tab::ALL {
                let count = match t {
                    Tab::Schemes => Some(self.doc.plan.schemes.len()),
                    Tab::Metrics => Some(self.doc.plan.metrics.len()),
                    Tab::Risks => Some(self.doc.plan.risks.len()),
                    Tab::SignOffs => Some(self.doc.plan.signoffs.len()),
                    _ => None,
                };
                let label = match count {
                    Some(c) => format!("{} ({c})", t.word()),
                    None => t.word().to_string(),
                };
                let resp = ui.selectable_label(self.tab == t, RichText::new(label).size(16.0));
                if resp.clicked() {
                    cmds.go_to(t, None, None);
                }
            }
        });
        ui.add_space(2.0);
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            match &self.doc.path {
                Some(p) => {
                    ui.label(self.doc.file_name()).on_hover_text(p.display().to_string());
                }
                None => {
                    ui.label("Not saved yet");
                }
            }
            ui.separator();
            ui.label(if self.doc.dirty {
                "Unsaved changes"
            } else {
                "All changes saved"
            });
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    fn dialogs(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        if let Some(msg) = self.error.clone() {
            let mut close = false;
            let title = if self.error_title.is_empty() {
                "Something went wrong"
            } else {
                &self.error_title
            };
            egui::Modal::new(egui::Id::unique("error_modal")).show(ctx, |ui| {
                ui.set_max_width(560.0);
                ui.label(RichText::new(title).heading());
                ui.add_space(6.0);
                ui.label(&msg);
                ui.add_space(8.0);
                if ui.button("OK").clicked() || ui.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::Escape)) {
                    close = true;
                }
            });
            if close {
                self.error = None;
                self.error_title.clear();
            }
            return;
        }
        if self.confirm.is_some() {
            self.confirm_dialog(ctx);
            return;
        }
        if self.conflict.is_some() {
            self.conflict_dialog(ctx);
            return;
        }
        if self.file_dialog.is_some() {
            self.file_dialog(ctx, cmds);
            return;
        }
        if !self.recovery_offers.is_empty() {
            self.recovery_dialog(ctx);
        }
    }

    fn confirm_dialog(&mut self, ctx: &egui::Context) {
        let mut answer: Option<&str> = None;
        egui::Modal::new(egui::Id::unique("confirm_modal")).show(ctx, |ui| {
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
                self.doc.file_name()
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
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    answer = Some("cancel");
                }
            });
        });
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
        egui::Modal::new(egui::Id::unique("conflict_modal")).show(ctx, |ui| {
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
            ui.horizontal_wrapped(|ui| {
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
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    answer = Some("cancel");
                }
            });
        });
        match answer {
            Some("overwrite") => {
                self.conflict = None;
                self.save_to(&conflict.path);
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

    fn recovery_dialog(&mut self, ctx: &egui::Context) {
        let Some(copy) = self.recovery_offers.first().cloned() else {
            return;
        };
        let mut answer: Option<&str> = None;
        egui::Modal::new(egui::Id::unique("recovery_modal")).show(ctx, |ui| {
            ui.set_max_width(600.0);
            ui.label(RichText::new("Unsaved work found").heading());
            ui.add_space(6.0);
            let file_note = match (&copy.info.original, copy.original_modified) {
                (None, _) => "The plan had never been saved.".to_string(),
                (Some(p), None) => format!("Its file {} no longer exists.", p.display()),
                (Some(p), Some(t)) => {
                    let t: chrono::DateTime<chrono::Local> = t.into();
                    format!(
                        "The file {} was last saved at {} on {}.",
                        p.display(),
                        t.format("%H:%M"),
                        crate::model::date::format_date(t.date_naive())
                    )
                }
            };
            ui.label(format!(
                "opplan closed before changes to {} were saved. A copy of them was kept at {}. {file_note}",
                copy.name(),
                recovery::describe_time(copy.info.written)
            ));
            if self.recovery_offers.len() > 1 {
                ui.label(RichText::new(format!("{} more copies after this one.", self.recovery_offers.len() - 1)).weak());
            }
            ui.add_space(8.0);
            ui.horizontal_wrapped(|ui| {
                let save_to = match &copy.info.original {
                    Some(p) => format!("Save writes it to {}.", p.display()),
                    None => "Save asks where to keep it.".into(),
                };
                if ui
                    .button("Restore")
                    .on_hover_text(format!("Open the unsaved version in this window. {save_to}"))
                    .clicked()
                {
                    answer = Some("restore");
                }
                if ui
                    .button("Open side by side")
                    .on_hover_text(
                        "Open the unsaved version in a second window as a new untitled plan, and the saved file here, to compare them",
                    )
                    .clicked()
                {
                    answer = Some("side");
                }
                if ui
                    .button("Discard")
                    .on_hover_text("Delete the copy: the unsaved changes are lost")
                    .clicked()
                {
                    answer = Some("discard");
                }
                if ui
                    .button("Decide later")
                    .on_hover_text("Keep the copy and ask again next time opplan starts")
                    .clicked()
                    || ui.input(|i| i.key_pressed(Key::Escape))
                {
                    answer = Some("later");
                }
            });
        });
        let done = match answer {
            Some("restore") => {
                self.restore_recovery(&copy);
                true
            }
            Some("side") => self.open_recovery_side_by_side(&copy),
            Some("discard") => {
                recovery::remove(&copy.path);
                self.status = format!("Discarded the unsaved changes to {}", copy.name());
                true
            }
            Some(_) => true,
            None => false,
        };
        if done {
            self.recovery_offers.retain(|c| c.path != copy.path);
        }
    }

    fn file_dialog(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
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
        egui::Modal::new(egui::Id::unique("file_modal")).show(ctx, |ui| {
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
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    done = Some(false);
                }
            });
        });
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
                            let error = self.error.take();
                            self.error_title.clear();
                            self.file_dialog = Some(FileDialog {
                                mode,
                                path_text: text,
                                error,
                                browse: None,
                                confirm_replace: None,
                            });
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

/// What tabs draw from: the one place a [`TabCtx`] is made (fields borrowed
/// apart, so the app can lend the rest of itself meanwhile).
fn tab_ctx_of<'a>(
    doc: &'a Document,
    summary: &'a PlanSummary,
    locked: bool,
    today: NaiveDate,
    focus: Option<&'a Target>,
) -> TabCtx<'a> {
    TabCtx {
        plan: &doc.plan,
        summary,
        locked,
        today,
        focus,
        generation: doc.generation,
    }
}

/// "kent (2).ron" beside "kent.ron", for saving elsewhere.
fn suggest_other_name(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ron".into());
    for n in 2..1000 {
        let candidate = path.with_file_name(format!("{stem} ({n}).{ext}"));
        if !candidate.exists() {
            return candidate;
        }
    }
    path.with_file_name(format!("{stem} (copy).{ext}"))
}

/// The stamp of a file on disk (for a restored recovery copy's file).
fn stamp_of(path: &Path) -> Option<FileStamp> {
    let f = io::read_user_file(path, io::MAX_FILE_BYTES).ok()?;
    Some(FileStamp::of_bytes(&f.bytes, Some(&f.meta)))
}

fn theme_preference(t: ThemeChoice) -> egui::ThemePreference {
    match t {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark => egui::ThemePreference::Dark,
    }
}

/// Starts a second opplan window on a recovery copy.
fn spawn_second_window(copy: &Path) -> std::io::Result<()> {
    let exe = std::env::current_exe()?;
    std::process::Command::new(exe)
        .arg("--recovered")
        .arg(copy)
        .spawn()
        .map(|_| ())
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

impl eframe::App for OpplanApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn on_exit(&mut self) {
        if self.prefs_changed.is_some() {
            self.save_prefs();
        }
        self.wait_for_recovery_write();
    }
}

fn native_options(app: &OpplanApp) -> eframe::NativeOptions {
    let size = app.prefs.window_size.unwrap_or([1400.0, 900.0]);
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app.title())
            .with_inner_size(size)
            .with_maximized(app.prefs.maximized)
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
            app.prefs.add_recent(&path);
            app.note_prefs_change();
        }
    }
    if present {
        app.present.pending = Some(true);
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
        app.recovery_offers.clear();
    }
    let options = native_options(&app);
    eframe::run_native("opplan", options, Box::new(move |_cc| Ok(Box::new(app))))
}
