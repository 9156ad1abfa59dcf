//! Recovery copies: while the plan has unsaved changes a copy is written
//! aside every so often (on another thread: the window never waits for
//! the disk), removed once the changes are saved or discarded, and
//! offered again when opplan starts after it closed without saving.

use super::OpplanApp;
use super::document::Document;
use crate::io::{self, FileStamp, recovery};
use crate::model::Plan;
use crate::ui::{Tab, escape, notify};
use egui::RichText;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

/// Opens a recovered copy in a second window ("side by side").
pub type SpawnWindow = Box<dyn Fn(&Path) -> std::io::Result<()>>;

/// Writing recovery copies for the open plan, and the copies found on
/// start.
pub(super) struct RecoveryState {
    /// The copy's file for this plan (chosen at the first write).
    pub slot: Option<PathBuf>,
    /// The plan generation the copy on disk holds.
    written_generation: Option<u64>,
    /// When (egui's time) the plan first had unsaved changes, and when the
    /// last copy was written.
    dirty_since: Option<f64>,
    last_write: Option<f64>,
    /// A copy being written on another thread.
    pending: Option<Receiver<Result<(), String>>>,
    /// Copies found on start, offered together.
    pub offers: Vec<recovery::RecoveryCopy>,
    /// How "Open side by side" starts the second window.
    pub spawn_window: SpawnWindow,
    /// "Discard all" was clicked: the dialog asks to confirm.
    pub confirm_discard_all: bool,
}

impl Default for RecoveryState {
    fn default() -> Self {
        RecoveryState {
            slot: None,
            written_generation: None,
            dirty_since: None,
            last_write: None,
            pending: None,
            offers: Vec::new(),
            spawn_window: Box::new(spawn_second_window),
            confirm_discard_all: false,
        }
    }
}

impl RecoveryState {
    /// Another plan: no copy of its own yet.
    pub fn forget(&mut self) {
        self.slot = None;
        self.written_generation = None;
        self.dirty_since = None;
        self.last_write = None;
        self.pending = None;
    }
}

/// The copies offered with the plan at `path` open: those of its own
/// file and, at start (`at_start`), those of plans never saved. Copies of
/// other files wait until their file is opened.
fn offered(copies: Vec<recovery::RecoveryCopy>, path: Option<&Path>, at_start: bool) -> Vec<recovery::RecoveryCopy> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let open = path.map(abs);
    copies
        .into_iter()
        .filter(|c| match &c.info.original {
            Some(o) => open.as_ref() == Some(&abs(o)),
            None => at_start,
        })
        .collect()
}

impl OpplanApp {
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
                app.notify_done(format!(
                    "Recovered unsaved changes from the copy {}, opened as a new plan: save it to keep it",
                    notify::full_path(copy)
                ));
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

    /// Writes the recovery copy now, on this thread (the window writes on
    /// another thread, a while after a change).
    pub fn write_recovery_now(&mut self) -> Result<PathBuf, io::SaveError> {
        let Some(dir) = self.prefs.data_dir.clone() else {
            return Err(io::SaveError {
                path: PathBuf::new(),
                reason: "there is no data folder".into(),
            });
        };
        self.wait_for_recovery_write();
        let slot = self.recovery_slot(&dir);
        recovery::write_copy(&slot, &self.doc.plan, self.doc.path.as_deref())?;
        self.recovery.written_generation = Some(self.doc.generation);
        self.recovery.last_write = Some(self.clock.now);
        Ok(slot)
    }

    /// The recovery copy of the open plan, when one has been written.
    pub fn recovery_copy_path(&self) -> Option<&Path> {
        self.recovery.written_generation.and(self.recovery.slot.as_deref())
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

    pub(super) fn wait_for_recovery_write(&mut self) {
        if let Some(rx) = self.recovery.pending.take() {
            // a copy takes milliseconds; waiting keeps a removed copy removed
            let _ = rx.recv_timeout(Duration::from_secs(10));
        }
    }

    pub(super) fn remove_recovery_copy(&mut self) {
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
    /// `recovery_interval_secs` of egui's time (on another thread); once it
    /// has none, removes the copy.
    pub(super) fn tick_recovery(&mut self, ctx: &egui::Context) {
        let Some(dir) = self.prefs.data_dir.clone() else { return };
        if let Some(rx) = &self.recovery.pending {
            match rx.try_recv() {
                Ok(result) => {
                    self.recovery.pending = None;
                    if let Err(e) = result {
                        // tried again one interval later
                        self.recovery.written_generation = None;
                        let at = self.recovery.slot.as_deref().map(notify::full_path).unwrap_or_default();
                        self.notify_failed(format!(
                            "Could not write the recovery copy of {} to {at}: {e}. opplan tries again in a while; \
                             save the plan to be safe.",
                            self.doc.file_name()
                        ));
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
        let secs = self.prefs.prefs.recovery_interval_secs;
        if secs == 0 || self.recovery.written_generation == Some(self.doc.generation) {
            return;
        }
        let interval = secs as f64;
        let now = self.clock.now;
        let since = *self.recovery.dirty_since.get_or_insert(now);
        let from = self.recovery.last_write.unwrap_or(since);
        let elapsed = now - from;
        if elapsed < interval {
            ctx.request_repaint_after(Duration::from_secs_f64(interval - elapsed));
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
    fn restore_recovery(&mut self, copy: &recovery::RecoveryCopy) -> bool {
        match recovery::load_copy(&copy.path) {
            Ok(plan) => {
                let original = copy.info.original.clone();
                match original.as_deref().map(io::load_path_stamped) {
                    Some(Ok((on_disk, stamp))) => {
                        // the file as saved, then the recovered changes as
                        // one undoable step: Undo shows the saved version
                        let mut doc = Document::new(on_disk, original.clone());
                        doc.on_disk(stamp, doc.plan.clone());
                        self.replace_document(doc);
                        self.replace_plan_undoably("Restore unsaved changes", plan);
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
                let save_to = match &self.doc.path {
                    Some(p) => format!("Save writes them to {}", notify::full_path(p)),
                    None => "Save asks where to keep them".into(),
                };
                self.notify_done(format!(
                    "Restored the unsaved changes to {} from {} (the copy {}). {save_to}.",
                    copy.name(),
                    recovery::describe_time(copy.info.written),
                    notify::full_path(&copy.path)
                ));
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
    fn open_recovery_side_by_side(&mut self, copy: &recovery::RecoveryCopy) -> bool {
        let Some(dir) = self.prefs.data_dir.clone() else {
            return false;
        };
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
        if let Err(e) = (self.recovery.spawn_window)(&moved) {
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
        // the saved file here, unless this window holds unsaved changes
        // (a copy restored from the same list): they stay
        if let Some(orig) = copy.info.original.clone().filter(|p| p.is_file())
            && !self.doc.dirty
            && self.doc.path.as_deref() != Some(orig.as_path())
        {
            self.open_path(&orig);
        }
        self.notify_done(format!(
            "The unsaved version of {} opened in a second window, from the copy {}",
            copy.name(),
            notify::full_path(&moved)
        ));
        true
    }

    /// Looks for recovery copies of the plan now open (and, at start, of
    /// plans never saved) to offer; not a copy this window writes itself.
    pub(super) fn offer_recovery_copies(&mut self, at_start: bool) {
        let Some(dir) = &self.prefs.data_dir else { return };
        let mut offers = offered(recovery::scan(dir), self.doc.path.as_deref(), at_start);
        if let Some(slot) = &self.recovery.slot {
            offers.retain(|c| &c.path != slot);
        }
        self.recovery.offers = offers;
    }

    /// "Unsaved work found": the copy offered and what to do with it, or,
    /// when there are several, one list of them all.
    pub(super) fn recovery_dialog(&mut self, ctx: &egui::Context) {
        let offers = self.recovery.offers.clone();
        let answer = match offers.as_slice() {
            [] => return,
            [copy] => self.one_copy_dialog(ctx, copy),
            _ => self.copies_dialog(ctx, &offers),
        };
        let Some(answer) = answer else { return };
        let done: Vec<PathBuf> = match answer {
            Answer::Later => offers.iter().map(|c| c.path.clone()).collect(),
            Answer::DiscardAll => {
                for copy in &offers {
                    recovery::remove(&copy.path);
                }
                self.notify_done(format!(
                    "Discarded the unsaved changes in {} recovery copies ({}): deleted them from {}",
                    offers.len(),
                    names_of(&offers),
                    self.prefs
                        .data_dir
                        .as_deref()
                        .map(|d| notify::full_path(&recovery::folder(d)))
                        .unwrap_or_default()
                ));
                offers.iter().map(|c| c.path.clone()).collect()
            }
            Answer::Copy(i, action) => {
                let copy = &offers[i];
                let ok = match action {
                    CopyAction::Restore => self.restore_recovery(copy),
                    CopyAction::SideBySide => self.open_recovery_side_by_side(copy),
                    CopyAction::Discard => {
                        recovery::remove(&copy.path);
                        self.notify_done(format!(
                            "Discarded the unsaved changes to {}: deleted the copy {}",
                            copy.name(),
                            notify::full_path(&copy.path)
                        ));
                        true
                    }
                };
                if ok { vec![copy.path.clone()] } else { Vec::new() }
            }
        };
        // the copies still to decide about, with any the action found
        // (opening a plan's file offers its copies)
        let mut left: Vec<recovery::RecoveryCopy> = offers.into_iter().filter(|c| !done.contains(&c.path)).collect();
        for c in std::mem::take(&mut self.recovery.offers) {
            if !done.contains(&c.path) && !left.iter().any(|l| l.path == c.path) {
                left.push(c);
            }
        }
        self.recovery.offers = left;
        if self.recovery.offers.len() < 2 {
            self.recovery.confirm_discard_all = false;
        }
    }

    /// The dialog for one copy.
    fn one_copy_dialog(&mut self, ctx: &egui::Context, copy: &recovery::RecoveryCopy) -> Option<Answer> {
        let mut answer = None;
        let restore_blocked = self.restore_blocked();
        let modal = egui::Modal::new(egui::Id::unique("recovery_modal")).show(ctx, |ui| {
            ui.set_max_width(600.0);
            ui.label(RichText::new("Unsaved work found").heading());
            ui.add_space(6.0);
            ui.label(format!(
                "opplan closed before changes to {} were saved. A copy of them was kept at {} ({}). {}",
                copy.name(),
                recovery::describe_time(copy.info.written),
                recovery::describe_size(copy.bytes),
                file_note(copy)
            ));
            ui.add_space(8.0);
            ui.horizontal_wrapped(|ui| {
                if let Some(a) = copy_buttons(ui, copy, restore_blocked.as_deref()) {
                    answer = Some(Answer::Copy(0, a));
                }
                if later_button(ui) {
                    answer = Some(Answer::Later);
                }
            });
        });
        if escape::cancels_dialog(&modal) {
            answer = Some(Answer::Later);
        }
        answer
    }

    /// The dialog for several copies: one row each (plan, when, size) with
    /// its own buttons, then Discard all and Decide later.
    fn copies_dialog(&mut self, ctx: &egui::Context, offers: &[recovery::RecoveryCopy]) -> Option<Answer> {
        let mut answer = None;
        let restore_blocked = self.restore_blocked();
        let confirming = self.recovery.confirm_discard_all;
        let mut confirm = confirming;
        let modal = egui::Modal::new(egui::Id::unique("recovery_modal")).show(ctx, |ui| {
            ui.set_max_width(ctx.content_rect().width().min(900.0) - 40.0);
            ui.label(RichText::new("Unsaved work found").heading());
            ui.add_space(6.0);
            ui.label(format!(
                "opplan closed before changes to these {} plans were saved. A copy of each was kept:",
                offers.len()
            ));
            ui.add_space(6.0);
            egui::ScrollArea::both()
                .max_height(ctx.content_rect().height() * 0.6)
                .auto_shrink([true, true])
                .show(ui, |ui| {
                    egui::Grid::new("recovery_copies")
                        .num_columns(4)
                        .striped(true)
                        .spacing([16.0, 6.0])
                        .show(ui, |ui| {
                            for h in ["Plan", "Copy kept at", "Size", ""] {
                                ui.label(RichText::new(h).strong());
                            }
                            ui.end_row();
                            for (i, copy) in offers.iter().enumerate() {
                                ui.label(copy.name()).on_hover_text(file_note(copy));
                                ui.label(recovery::describe_time(copy.info.written));
                                ui.label(recovery::describe_size(copy.bytes));
                                ui.horizontal(|ui| {
                                    if let Some(a) = copy_buttons(ui, copy, restore_blocked.as_deref()) {
                                        answer = Some(Answer::Copy(i, a));
                                    }
                                });
                                ui.end_row();
                            }
                        });
                });
            ui.add_space(8.0);
            ui.horizontal_wrapped(|ui| {
                if confirming {
                    ui.label(format!(
                        "Delete all {} copies? The unsaved changes in them are lost.",
                        offers.len()
                    ));
                    if ui.button("Delete them").clicked() {
                        answer = Some(Answer::DiscardAll);
                    }
                    if ui.button("Keep them").clicked() {
                        confirm = false;
                    }
                } else {
                    if ui
                        .button("Discard all…")
                        .on_hover_text("Delete every copy listed: their unsaved changes are lost")
                        .clicked()
                    {
                        confirm = true;
                    }
                    if later_button(ui) {
                        answer = Some(Answer::Later);
                    }
                }
            });
        });
        self.recovery.confirm_discard_all = confirm;
        if escape::cancels_dialog(&modal) {
            if confirming {
                self.recovery.confirm_discard_all = false;
            } else {
                answer = Some(Answer::Later);
            }
        }
        answer
    }

    /// Why Restore is not offered now: the window holds unsaved changes
    /// (a copy restored a moment ago) that a Restore would replace.
    fn restore_blocked(&self) -> Option<String> {
        self.doc.dirty.then(|| {
            format!(
                "This window holds unsaved changes to {}; restoring another copy here would replace them. \
                 Open it side by side, or save first.",
                self.doc.file_name()
            )
        })
    }
}

/// What the recovery dialog was asked to do.
#[derive(Clone, Copy, Debug)]
enum Answer {
    Copy(usize, CopyAction),
    DiscardAll,
    Later,
}

#[derive(Clone, Copy, Debug)]
enum CopyAction {
    Restore,
    SideBySide,
    Discard,
}

/// "kent.ron, skc.ron and Untitled plan “Draft”".
fn names_of(copies: &[recovery::RecoveryCopy]) -> String {
    let names: Vec<String> = copies.iter().map(|c| c.name()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

/// What became of the copy's plan file since.
fn file_note(copy: &recovery::RecoveryCopy) -> String {
    match (&copy.info.original, copy.original_modified) {
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
    }
}

/// Restore, Open side by side and Discard for one copy.
fn copy_buttons(ui: &mut egui::Ui, copy: &recovery::RecoveryCopy, restore_blocked: Option<&str>) -> Option<CopyAction> {
    let mut action = None;
    let save_to = match &copy.info.original {
        Some(p) => format!("Save writes it to {}.", p.display()),
        None => "Save asks where to keep it.".into(),
    };
    let restore = ui.add_enabled(restore_blocked.is_none(), egui::Button::new("Restore"));
    let restore = match restore_blocked {
        Some(why) => restore.on_disabled_hover_text(why),
        None => restore.on_hover_text(format!(
            "Open the unsaved version of {} in this window. {save_to}",
            copy.name()
        )),
    };
    if restore.clicked() {
        action = Some(CopyAction::Restore);
    }
    if ui
        .button("Open side by side")
        .on_hover_text(
            "Open the unsaved version in a second window as a new untitled plan, and the saved file here, to compare them",
        )
        .clicked()
    {
        action = Some(CopyAction::SideBySide);
    }
    if ui
        .button("Discard")
        .on_hover_text(format!(
            "Delete the copy of {}: its unsaved changes are lost",
            copy.name()
        ))
        .clicked()
    {
        action = Some(CopyAction::Discard);
    }
    action
}

/// Decide later: keeps the copies.
fn later_button(ui: &mut egui::Ui) -> bool {
    ui.button("Decide later")
        .on_hover_text("Keep the copies and ask again next time opplan starts or opens their plan")
        .clicked()
}

/// The stamp of a file on disk (for a restored recovery copy's file).
fn stamp_of(path: &Path) -> Option<FileStamp> {
    let f = io::read_user_file(path, io::MAX_FILE_BYTES).ok()?;
    Some(FileStamp::of_bytes(&f.bytes, Some(&f.meta)))
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
