//! The open plan: its file, the dirty flag, edits, undo and redo, and the
//! summary kept up to date edit by edit.

use super::OpplanApp;
use crate::calc::PlanSummary;
use crate::calc::live::LiveSummary;
use crate::io::FileStamp;
use crate::model::edit::Change;
use crate::model::{Plan, PlanEdit, RecordId, RecordKind};
use crate::ui::Edit;
use crate::ui::undo::{self, Undone};
use chrono::NaiveDate;
use std::path::PathBuf;

/// The open plan and where it lives.
pub(super) struct Document {
    pub plan: Plan,
    pub path: Option<PathBuf>,
    /// Unsaved changes: the plan differs from what was last saved (or
    /// opened). Kept up to date by the app after every change, undo, redo.
    pub dirty: bool,
    /// Bumped on every change (and when the date changes), so caches know
    /// when to recompute.
    pub generation: u64,
    /// The file on disk as it was when opened or last saved, to notice when
    /// someone else changes it.
    pub disk: Option<FileStamp>,
    /// The plan as the file held it at `disk` (opened, saved or reloaded):
    /// the common ancestor when "Merge their changes" merges what someone
    /// else saved into this window's version.
    pub base: Option<Plan>,
    /// Each "Merge their changes" step still in the history, with the
    /// file's version on its other side (see `OpplanApp::cross_merges`).
    pub merges: Vec<super::saving::MergeMark>,
    /// The records the edits applied since the tabs were last drawn added
    /// (each edit says so), for the tabs to select the rows they asked for.
    pub inserted: Vec<(RecordKind, RecordId)>,
}

impl Document {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        Document {
            plan,
            path,
            dirty: false,
            generation: 0,
            disk: None,
            base: None,
            merges: Vec::new(),
            inserted: Vec::new(),
        }
    }

    /// A plan just read from its file, as the file holds it now.
    pub fn loaded(plan: Plan, path: PathBuf, stamp: FileStamp) -> Self {
        let mut doc = Document::new(plan, Some(path));
        doc.on_disk(stamp, doc.plan.clone());
        doc
    }

    /// The file now holds `plan`, stamped `stamp`.
    pub fn on_disk(&mut self, stamp: FileStamp, plan: Plan) {
        self.disk = Some(stamp);
        self.base = Some(plan);
    }
    pub fn file_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled plan".to_string())
    }

    /// The plan as people call it: its file's name, else its title in
    /// quotes (a plan with a title is not "Untitled"), else "Untitled plan".
    pub fn display_name(&self) -> String {
        let title = self.plan.header.title.trim();
        if self.path.is_none() && !title.is_empty() {
            format!("\u{201c}{title}\u{201d}")
        } else {
            self.file_name()
        }
    }
}

/// Everything computed from the plan, kept up to date edit by edit.
pub(super) struct Summary {
    live: LiveSummary,
    /// The plan generation the summary is for.
    generation: u64,
    /// The generation each edit (or undo, or redo) since the summary was
    /// computed made, and what it changed: the summary is updated for
    /// those changes only when every generation since is accounted for.
    changes: Vec<(u64, Vec<Change>)>,
    /// What the last update covered: the generation it started from and
    /// the records changed since (`None`: it was computed afresh), for the
    /// highlights of what just changed.
    pub since: Option<(u64, Vec<Change>)>,
}

impl Summary {
    pub fn new(plan: &Plan, today: NaiveDate) -> Self {
        Summary {
            live: LiveSummary::new(plan, today),
            generation: 0,
            changes: Vec::new(),
            since: None,
        }
    }

    /// See [`LiveSummary::defer_from`].
    pub fn defer_from(&mut self, bytes: usize) {
        self.live.defer_from(bytes);
    }

    pub fn get(&self) -> &PlanSummary {
        &self.live
    }

    /// How the plan came to `generation` (see [`crate::ui::TabCtx::changed`]):
    /// known when the summary is for it and was updated for the changes.
    pub fn changed_to(&self, generation: u64) -> Option<(u64, &[Change])> {
        match &self.since {
            Some((from, c)) if self.generation == generation => Some((*from, c.as_slice())),
            _ => None,
        }
    }

    /// Notes the generation an edit made and what it changed.
    fn note(&mut self, generation: u64, changes: Vec<Change>) {
        self.changes.push((generation, changes));
    }

    /// Brings the summary to the plan's generation: for the records the
    /// edits since said they changed, or afresh. With `defer`, a large
    /// list's hash may be left computing on another thread (see
    /// [`LiveSummary::update_deferring`]): true then. Without, or when the
    /// summary is already for this generation, the hashes are waited for.
    fn refresh(&mut self, plan: &Plan, generation: u64, today: NaiveDate, defer: bool) -> bool {
        if self.generation == generation {
            self.live.settle(plan);
            return false;
        }
        let mut expected = self.generation;
        let mut all = Vec::new();
        let mut accounted = true;
        for (g, c) in self.changes.drain(..) {
            expected += 1;
            accounted &= g == expected;
            all.extend(c);
        }
        match all {
            c if accounted && expected == generation => {
                if defer {
                    self.live.update_deferring(plan, today, &c);
                } else {
                    self.live.update(plan, today, &c);
                }
                self.since = Some((self.generation, c));
            }
            _ => {
                self.live.rebuild(plan, today);
                self.since = None;
            }
        }
        self.changes.clear();
        self.generation = generation;
        !self.live.is_settled()
    }
}

impl OpplanApp {
    /// Brings the summary up to date with the plan, fingerprint and all.
    pub(super) fn refresh_summary(&mut self) {
        self.summary
            .refresh(&self.doc.plan, self.doc.generation, self.clock.today, false);
    }

    /// Brings the summary up to date with the plan, except that the hash
    /// of a large list (a keystroke in one of 5,000 schemes) may go on on
    /// another thread while the window draws: until the next
    /// [`Self::refresh_summary`] (or this, once the plan is unchanged) the
    /// fingerprint and what hangs on it (the sign-offs' states, the
    /// header's and sign-offs' checklist items, the areas' ratings) are
    /// those of the edit before. Used only before drawing views that never
    /// write the fingerprint into the plan, and at the end of a frame; a
    /// frame is asked for to show the settled state.
    pub(super) fn refresh_summary_drawing(&mut self, ctx: &egui::Context) {
        let pending = self
            .summary
            .refresh(&self.doc.plan, self.doc.generation, self.clock.today, true);
        if pending {
            ctx.request_repaint();
        }
    }

    /// A new plan generation that no edit accounts for (another plan, the
    /// date): the summary and the tabs' caches are computed afresh.
    pub(super) fn bump_generation(&mut self) {
        self.doc.generation += 1;
    }

    /// Works with another date: everything that depends on it (overdue
    /// checks) is computed again.
    pub(super) fn set_today(&mut self, today: NaiveDate) {
        if today != self.clock.today {
            self.clock.today = today;
            self.bump_generation();
        }
    }

    pub(super) fn update_dirty(&mut self) {
        self.doc.dirty = self.saved_state != Some(self.history.state());
    }

    /// Marks the current state as the one on disk.
    pub(super) fn mark_saved(&mut self) {
        self.history.close(&self.doc.plan);
        self.saved_state = Some(self.history.state());
        self.update_dirty();
    }

    /// Applies one edit to the plan (recorded for undo); refused while the
    /// plan is locked. An edit the plan refuses (a value a field cannot
    /// hold, a record no longer there) changes nothing and says why in the
    /// status line.
    pub(super) fn apply_edit(&mut self, edit: Edit) {
        if self.locked {
            self.status = "The plan is locked: unlock it to edit.".into();
            return;
        }
        let focus = self.clock.keyboard_focus;
        if edit.coalesce.is_some() {
            self.hold_committed();
        }
        match self.history.apply(&mut self.doc.plan, edit, self.clock.now, focus) {
            Ok(changes) => {
                self.doc.inserted.extend(changes.iter().filter_map(|c| match c {
                    Change::Inserted { kind, id, .. } => Some((*kind, *id)),
                    _ => None,
                }));
                self.changed(changes);
            }
            Err(why) => self.status = why,
        }
    }

    /// A new generation of the plan, made by `changes` (nothing when
    /// they are none).
    fn changed(&mut self, changes: Vec<Change>) {
        if changes.is_empty() {
            return;
        }
        self.doc.generation += 1;
        self.summary.note(self.doc.generation, changes);
        self.update_dirty();
    }

    /// Replaces the whole plan as one undoable step ("Reload from disk",
    /// "Restore unsaved changes").
    pub(super) fn replace_plan_undoably(&mut self, label: &str, plan: Plan) {
        self.history.close(&self.doc.plan);
        let edit = Edit::new(label, PlanEdit::ReplacePlan(Box::new(plan)));
        match self.history.apply(&mut self.doc.plan, edit, self.clock.now, None) {
            Ok(changes) => self.changed(changes),
            Err(why) => self.status = why,
        }
    }

    /// Undoes (or redoes) the last change; false when there was nothing.
    pub(super) fn undo_redo(&mut self, redo: bool) -> bool {
        let (verb, done, none) = if redo {
            ("redo", "Redone:", "Nothing to redo")
        } else {
            ("undo", "Undone:", "Nothing to undo")
        };
        if self.locked {
            self.status = format!("The plan is locked: unlock it to {verb}.");
            return false;
        }
        let from = self.history.state();
        let step = if redo {
            self.history.redo(&mut self.doc.plan)
        } else {
            self.history.undo(&mut self.doc.plan)
        };
        self.cross_merges(from, self.history.state());
        match step {
            Ok(Some(Undone { label, changes })) => {
                // the summary follows what the step put back, as for an edit
                self.changed(changes);
                self.update_dirty();
                self.status = undo::menu_text(done, &label);
                true
            }
            Ok(None) => {
                self.status = none.into();
                false
            }
            Err(why) => {
                self.status = why;
                false
            }
        }
    }
}
