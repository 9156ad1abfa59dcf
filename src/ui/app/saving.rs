//! Never losing work while opening and saving: the Save / Discard / Cancel
//! guard before New, Open and Quit; saving with a check for changes made
//! on disk by someone else; reloading; opening another plan only once it
//! has been read.

use super::OpplanApp;
use super::document::Document;
use super::file_dialog::FileDialogMode;
use crate::io::{self, FileStamp};
use crate::model::Plan;
use crate::ui::tabs::TabViews;
use crate::ui::{Tab, notify};
use std::path::{Path, PathBuf};

/// What to do once the user has answered "Save changes?".
#[derive(Debug)]
pub(super) enum AfterConfirm {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

/// Save found the file changed on disk since it was opened or saved.
#[derive(Debug, Clone)]
pub(super) struct Conflict {
    pub path: PathBuf,
    pub disk: FileStamp,
}

/// A "Merge their changes" step: the plan states before and after it,
/// and the file's version (stamp and plan) the plan descends from on the
/// side of the step the plan is not on now. Undo of the step puts back
/// the version the window had before the merge, so a Save after it finds
/// the file changed (it holds their changes, or the merged result) and
/// asks again, instead of writing over their changes; Redo swaps back.
#[derive(Debug, Clone)]
pub(super) struct MergeMark {
    before: u64,
    after: u64,
    other_disk: Option<FileStamp>,
    other_base: Option<Plan>,
}

impl OpplanApp {
    /// After an undo or redo that took the plan from state `from` to
    /// `to`: if it crossed a "Merge their changes" step, the file's
    /// version the window compares with (and merges from) is the one of
    /// that side of the step.
    pub(super) fn cross_merges(&mut self, from: u64, to: u64) {
        for m in &mut self.doc.merges {
            if (from, to) == (m.after, m.before) || (from, to) == (m.before, m.after) {
                std::mem::swap(&mut self.doc.disk, &mut m.other_disk);
                std::mem::swap(&mut self.doc.base, &mut m.other_base);
            }
        }
    }

    /// Runs `after` now when the plan has no unsaved changes, else asks.
    pub(super) fn guard(&mut self, after: AfterConfirm) {
        if self.doc.dirty {
            self.confirm = Some(after);
        } else {
            self.proceed(after);
        }
    }

    /// Goes on with New, Open or Quit once the unsaved changes are saved or
    /// the user chose to discard them. The plan is replaced only when the
    /// new one is ready: a file that fails to open leaves it as it was.
    pub(super) fn proceed(&mut self, after: AfterConfirm) {
        match after {
            AfterConfirm::New => {
                self.replace_document(Document::new(Plan::new_blank(self.clock.today), None));
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
                self.window.allow_close = true;
                self.window.close_now = true;
            }
        }
    }

    /// Another plan in the window: undo starts afresh, the tabs forget
    /// their selections, nothing in it "just changed".
    pub(super) fn replace_document(&mut self, doc: Document) {
        self.remove_recovery_copy();
        self.recovery.forget();
        let generation = self.doc.generation + 1;
        self.doc = doc;
        self.doc.generation = generation;
        self.saved_state = Some(self.history.clear());
        self.update_dirty();
        self.views = TabViews::default();
        self.focus = None;
        self.audience.changes.reset();
    }

    /// Opens a plan; on failure the open plan is untouched and the reason
    /// is shown.
    pub(super) fn open_path(&mut self, path: &Path) -> bool {
        match io::load_path_stamped(path) {
            Ok((plan, stamp)) => {
                self.replace_document(Document::loaded(plan, path.to_path_buf(), stamp));
                self.status = format!("Opened {}", path.display());
                self.add_recent(path);
                self.offer_recovery_copies(false);
                true
            }
            Err(e) => {
                // a damaged file: the copy its last save kept may open
                let bak = io::backup_path(path);
                let bak_note = if bak.is_file() {
                    format!(
                        "\n\nThe file as it was before its last save is kept beside it as {}: open that one to get it back.",
                        bak.display()
                    )
                } else {
                    String::new()
                };
                self.show_error(
                    "Could not open the plan",
                    format!(
                        "Could not open {}.\n\n{e}{bak_note}\n\nThe plan already open has not been changed.",
                        path.display()
                    ),
                );
                false
            }
        }
    }

    /// Save: to the plan's file (asking first if it changed on disk), or
    /// Save As when it has none.
    pub(super) fn save(&mut self) {
        match self.doc.path.clone() {
            // opplan's own samples are not written over: Save asks where
            Some(p) if !super::file_dialog::is_sample(&p) => {
                self.save_checked(&p);
            }
            _ => self.start_file_dialog(FileDialogMode::SaveAs),
        }
    }

    /// Save As to a path chosen: the plan's own file is checked for
    /// changes on disk first, another file is written.
    pub(super) fn save_as_path(&mut self, p: &Path) {
        if self.doc.path.as_deref() == Some(p) {
            self.save_checked(p);
        } else {
            self.save_to(p);
        }
    }

    /// Saves to `path` (the plan's own file), first checking that nobody
    /// changed it on disk since it was opened or saved; if they did, asks.
    pub(super) fn save_checked(&mut self, path: &Path) -> bool {
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
        self.save_locked(lock, was_missing)
    }

    /// Saves to `path` without the on-disk check; on failure the plan stays
    /// dirty, the file on disk is as it was, and the reason is shown.
    pub(super) fn save_to(&mut self, path: &Path) -> bool {
        match self.lock_for_save(path) {
            Some(lock) => self.save_locked(lock, false),
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
    /// lock once written. `was_missing`: the plan's file had gone from
    /// disk since it was opened (the notification says so).
    fn save_locked(&mut self, lock: io::FileLock, was_missing: bool) -> bool {
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
                self.doc.on_disk(stamp, self.doc.plan.clone());
                self.mark_saved();
                self.remove_recovery_copy();
                let name = self.doc.file_name();
                let at = chrono::Local::now().format("%H:%M");
                let full = notify::full_path(path);
                self.notify_done(if was_missing {
                    format!("{name} had been moved or deleted since it was opened: saved it again at {at} to {full}")
                } else {
                    format!("Saved {name} at {at} to {full}")
                });
                self.add_recent(path);
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
    pub(super) fn reload_from_disk(&mut self, path: &Path) -> bool {
        match io::load_path_stamped(path) {
            Ok((plan, stamp)) => {
                self.replace_plan_undoably("Reload from disk", plan.clone());
                self.doc.on_disk(stamp, plan);
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
}

impl OpplanApp {
    /// "Merge their changes": the file as someone else saved it merged
    /// with the window's version, the plan as it was opened (or last saved)
    /// being the common ancestor, as one undoable step. A clean merge is
    /// saved at once (and what waited for the save goes on); where both
    /// changed the same value, nothing is written: the Conflicts panel
    /// lists them, and Save writes once they are resolved (or as they are).
    pub(super) fn merge_their_changes(&mut self, path: &Path) -> bool {
        let Some(base) = self.doc.base.clone() else {
            self.after_save = None;
            self.show_error(
                "Could not merge",
                "The version this window opened is not known, so there is nothing to merge from. Save elsewhere to keep both versions.".into(),
            );
            return false;
        };
        let (theirs, stamp) = match io::load_path_stamped(path) {
            Ok(read) => read,
            Err(e) => {
                self.after_save = None;
                self.show_error(
                    "Could not merge",
                    format!(
                        "Could not read {}.\n\n{e}\n\nThe plan in the window has not been changed.",
                        path.display()
                    ),
                );
                return false;
            }
        };
        let merged = match crate::calc::merge::merge(&base, &self.doc.plan, &theirs) {
            Ok(m) => m,
            Err(e) => {
                self.after_save = None;
                self.show_error(
                    "Could not merge",
                    format!("Could not merge their changes: {e}.\n\nThe plan in the window has not been changed."),
                );
                return false;
            }
        };
        let renumbered = merged.renumbered.len();
        let conflicts = merged.new_conflicts;
        self.history.close(&self.doc.plan);
        let before = self.history.state();
        self.replace_plan_undoably("Merge their changes", merged.plan);
        let after = self.history.state();
        let (other_disk, other_base) = (self.doc.disk.take(), self.doc.base.take());
        // the file holds theirs now: the next merge starts from it
        self.doc.on_disk(stamp, theirs);
        if after != before {
            // undoing the merge goes back to the version the window had
            self.doc.merges.push(MergeMark {
                before,
                after,
                other_disk,
                other_base,
            });
        }
        let renumbered = match renumbered {
            0 => String::new(),
            1 => " One record both added got a new id.".into(),
            n => format!(" {n} records both added got new ids."),
        };
        if conflicts == 0 {
            self.status = format!("Merged their changes with yours.{renumbered} Undo brings back your version.");
            self.save_checked(path)
        } else {
            self.after_save = None;
            self.status = format!(
                "Merged their changes with yours: {}, listed above the plan; nothing saved yet.{renumbered}",
                crate::calc::merge::words::conflicts_remain(conflicts)
            );
            false
        }
    }
}

/// "kent (2).ron" beside "kent.ron", for saving elsewhere.
pub(super) fn suggest_other_name(path: &Path) -> PathBuf {
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
