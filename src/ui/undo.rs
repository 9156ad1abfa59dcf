//! Undo and redo for every change to the plan, built on the one place
//! edits are applied ([`super::app::OpplanApp::apply_edit`]).
//!
//! How it stays cheap on a 5,000-scheme plan:
//! - the plan is cloned once when an undo step starts, never per keystroke:
//!   typing in one field (edits with the same `coalesce` key) goes straight
//!   into the plan and joins the open step;
//! - when the step closes (another edit, a pause of
//!   [`TYPING_PAUSE_SECS`], focus moving to another field, undo, save), the
//!   clone is compared with the plan and only what differs is kept (a
//!   [`PlanPatch`]: the changed records of each list, the header if it
//!   changed), and the clone is dropped. A step therefore costs about the
//!   records it touched;
//! - an edit that says it changes one record or the header only (its
//!   [`Edit::scope`]) clones just that, not the plan, and its patch is
//!   that record: typing into a plan of 5,000 schemes costs what it costs
//!   in a plan of 10. Debug builds check the claim.
//!
//! Each state of the plan has a number; the app remembers the number of the
//! state last saved, so "unsaved changes" is exact after undo and redo
//! (undo back to the saved state and the plan is clean again).

use super::Edit;
use crate::calc::live::Change;
use crate::model::{MergeConflict, Plan, PlanHeader, Settings, SignOff, StatusChange};
use crate::model::{Metric, RecordId, Risk, Scheme};

/// At least this many steps are kept (the oldest are dropped beyond).
pub const MAX_STEPS: usize = 200;
/// Typing in one field after a pause this long starts a new step.
pub const TYPING_PAUSE_SECS: f64 = 2.0;

/// Replaces `remove` items at `at` with `insert`: the part of a list that
/// differs between two states.
#[derive(Clone, Debug, PartialEq)]
pub struct VecPatch<T> {
    pub at: usize,
    pub remove: usize,
    pub insert: Vec<T>,
}

impl<T: Clone + PartialEq> VecPatch<T> {
    /// The patch that turns `to` back into `from` (`None` when equal): the
    /// differing middle between the common start and the common end.
    pub fn between(from: &[T], to: &[T]) -> Option<Self> {
        // one pass from the front, one from the back (no separate compare
        // of the whole lists: on 5,000 schemes each pass costs)
        let prefix = from.iter().zip(to).take_while(|(a, b)| a == b).count();
        if prefix == from.len() && prefix == to.len() {
            return None;
        }
        let max_suffix = from.len().min(to.len()) - prefix;
        let suffix = from
            .iter()
            .rev()
            .zip(to.iter().rev())
            .take(max_suffix)
            .take_while(|(a, b)| a == b)
            .count();
        Some(VecPatch {
            at: prefix,
            remove: to.len() - prefix - suffix,
            insert: from[prefix..from.len() - suffix].to_vec(),
        })
    }

    /// Applies the patch and returns its inverse.
    pub fn apply(self, v: &mut Vec<T>) -> Self {
        let at = self.at.min(v.len());
        let end = (at + self.remove).min(v.len());
        let inserted = self.insert.len();
        let removed: Vec<T> = v.splice(at..end, self.insert).collect();
        VecPatch {
            at,
            remove: inserted,
            insert: removed,
        }
    }

    fn len(&self) -> usize {
        self.insert.len()
    }
}

/// What differs between two states of a plan, holding the values of one
/// of them; applying it to the other gives that state back, and returns
/// the patch for the way back.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanPatch {
    format_version: Option<u32>,
    header: Option<Box<PlanHeader>>,
    settings: Option<Box<Settings>>,
    schemes: Option<VecPatch<Scheme>>,
    metrics: Option<VecPatch<Metric>>,
    risks: Option<VecPatch<Risk>>,
    signoffs: Option<VecPatch<SignOff>>,
    history: Option<VecPatch<StatusChange>>,
    next_id: Option<u64>,
    conflicts: Option<Vec<MergeConflict>>,
}

impl PlanPatch {
    /// The patch that turns `to` back into `from`.
    pub fn between(from: &Plan, to: &Plan) -> PlanPatch {
        // Every field is named (no `..`): a field added to `Plan` stops the
        // build here until undo covers it.
        let Plan {
            format_version,
            header,
            settings,
            schemes,
            metrics,
            risks,
            signoffs,
            history,
            next_id,
            conflicts,
        } = from;
        PlanPatch {
            format_version: (*format_version != to.format_version).then_some(*format_version),
            header: (*header != to.header).then(|| Box::new(header.clone())),
            settings: (*settings != to.settings).then(|| Box::new(settings.clone())),
            schemes: VecPatch::between(schemes, &to.schemes),
            metrics: VecPatch::between(metrics, &to.metrics),
            risks: VecPatch::between(risks, &to.risks),
            signoffs: VecPatch::between(signoffs, &to.signoffs),
            history: VecPatch::between(history, &to.history),
            next_id: (*next_id != to.next_id).then_some(*next_id),
            conflicts: (*conflicts != to.conflicts).then(|| conflicts.clone()),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == PlanPatch::default()
    }

    /// Applies the patch to `plan` and returns the patch that undoes it.
    pub fn apply(self, plan: &mut Plan) -> PlanPatch {
        let mut back = PlanPatch::default();
        if let Some(v) = self.format_version {
            back.format_version = Some(std::mem::replace(&mut plan.format_version, v));
        }
        if let Some(h) = self.header {
            back.header = Some(Box::new(std::mem::replace(&mut plan.header, *h)));
        }
        if let Some(s) = self.settings {
            back.settings = Some(Box::new(std::mem::replace(&mut plan.settings, *s)));
        }
        back.schemes = self.schemes.map(|p| p.apply(&mut plan.schemes));
        back.metrics = self.metrics.map(|p| p.apply(&mut plan.metrics));
        back.risks = self.risks.map(|p| p.apply(&mut plan.risks));
        back.signoffs = self.signoffs.map(|p| p.apply(&mut plan.signoffs));
        back.history = self.history.map(|p| p.apply(&mut plan.history));
        if let Some(n) = self.next_id {
            back.next_id = Some(std::mem::replace(&mut plan.next_id, n));
        }
        if let Some(c) = self.conflicts {
            back.conflicts = Some(std::mem::replace(&mut plan.conflicts, c));
        }
        back
    }

    /// What applying this patch to `plan` changes, when that is one record
    /// replaced in place (the same id at the same index) or the header
    /// alone: undoing a typing step then updates the summary for that
    /// record only. `None` for anything else.
    pub fn scope_in(&self, plan: &Plan) -> Option<Change> {
        fn one<T>(p: &VecPatch<T>, now: &[T], id: impl Fn(&T) -> RecordId) -> Option<RecordId> {
            let [new] = p.insert.as_slice() else { return None };
            (p.remove == 1 && now.get(p.at).map(&id) == Some(id(new))).then(|| id(new))
        }
        let PlanPatch {
            format_version,
            header,
            settings,
            schemes,
            metrics,
            risks,
            signoffs,
            history,
            next_id,
            conflicts,
        } = self;
        if format_version.is_some()
            || settings.is_some()
            || history.is_some()
            || next_id.is_some()
            || conflicts.is_some()
        {
            return None;
        }
        match (header, schemes, metrics, risks, signoffs) {
            (Some(_), None, None, None, None) => Some(Change::Header),
            (None, Some(p), None, None, None) => one(p, &plan.schemes, |r| r.id).map(Change::Scheme),
            (None, None, Some(p), None, None) => one(p, &plan.metrics, |r| r.id).map(Change::Metric),
            (None, None, None, Some(p), None) => one(p, &plan.risks, |r| r.id).map(Change::Risk),
            (None, None, None, None, Some(p)) => one(p, &plan.signoffs, |r| r.id).map(Change::SignOff),
            _ => None,
        }
    }

    /// Records held (a rough size, for tests and the status line).
    pub fn records(&self) -> usize {
        self.schemes.as_ref().map_or(0, VecPatch::len)
            + self.metrics.as_ref().map_or(0, VecPatch::len)
            + self.risks.as_ref().map_or(0, VecPatch::len)
            + self.signoffs.as_ref().map_or(0, VecPatch::len)
            + self.history.as_ref().map_or(0, VecPatch::len)
            + usize::from(self.header.is_some())
            + usize::from(self.settings.is_some())
    }
}

/// One undoable step: what it was, and the patch that goes the other way.
#[derive(Debug)]
struct Step {
    label: String,
    patch: PlanPatch,
    /// State numbers before and after the step.
    before: u64,
    after: u64,
}

/// What the plan was before a step: all of it, or the one part the step's
/// edits change.
enum Base {
    Plan(Box<Plan>),
    Header(Box<PlanHeader>),
    Scheme(usize, Box<Scheme>),
    Metric(usize, Box<Metric>),
    Risk(usize, Box<Risk>),
    SignOff(usize, Box<SignOff>),
}

impl Base {
    /// A copy of the part `scope` names (the whole plan without a scope,
    /// or when the record is not found).
    fn of(plan: &Plan, scope: Option<Change>) -> Base {
        let at = scope.and_then(|c| c.index_in(plan));
        let part = match (scope, at) {
            (Some(Change::Header), _) => Some(Base::Header(Box::new(plan.header.clone()))),
            (Some(Change::Scheme(_)), Some(i)) => Some(Base::Scheme(i, Box::new(plan.schemes[i].clone()))),
            (Some(Change::Metric(_)), Some(i)) => Some(Base::Metric(i, Box::new(plan.metrics[i].clone()))),
            (Some(Change::Risk(_)), Some(i)) => Some(Base::Risk(i, Box::new(plan.risks[i].clone()))),
            (Some(Change::SignOff(_)), Some(i)) => Some(Base::SignOff(i, Box::new(plan.signoffs[i].clone()))),
            _ => None,
        };
        part.unwrap_or_else(|| Base::Plan(Box::new(plan.clone())))
    }

    /// The scope this base covers (`None`: the whole plan).
    fn scope(&self) -> Option<Change> {
        match self {
            Base::Plan(_) => None,
            Base::Header(_) => Some(Change::Header),
            Base::Scheme(_, r) => Some(Change::Scheme(r.id)),
            Base::Metric(_, r) => Some(Change::Metric(r.id)),
            Base::Risk(_, r) => Some(Change::Risk(r.id)),
            Base::SignOff(_, r) => Some(Change::SignOff(r.id)),
        }
    }

    /// The patch that turns `plan` back into this base.
    fn patch_to(&self, plan: &Plan) -> PlanPatch {
        fn one<T: Clone + PartialEq>(i: usize, old: &T, now: &[T]) -> Option<VecPatch<T>> {
            (now.get(i) != Some(old)).then(|| VecPatch {
                at: i,
                remove: usize::from(i < now.len()),
                insert: vec![old.clone()],
            })
        }
        let mut p = PlanPatch::default();
        match self {
            Base::Plan(base) => return PlanPatch::between(base, plan),
            Base::Header(h) => p.header = (**h != plan.header).then(|| h.clone()),
            Base::Scheme(i, r) => p.schemes = one(*i, &**r, &plan.schemes),
            Base::Metric(i, r) => p.metrics = one(*i, &**r, &plan.metrics),
            Base::Risk(i, r) => p.risks = one(*i, &**r, &plan.risks),
            Base::SignOff(i, r) => p.signoffs = one(*i, &**r, &plan.signoffs),
        }
        p
    }
}

/// Debug builds: panics when an edit that claims to change only `scope`
/// changed anything else.
#[cfg(debug_assertions)]
fn check_scope(label: &str, scope: Change, before: &Plan, after: &Plan) {
    let mut expected = before.clone();
    fn put<T: Clone>(v: &mut [T], now: &[T], id: impl Fn(&T) -> RecordId, want: RecordId) {
        if let Some(i) = v.iter().position(|r| id(r) == want)
            && let Some(r) = now.iter().find(|r| id(r) == want)
        {
            v[i] = r.clone();
        }
    }
    match scope {
        Change::Header => expected.header = after.header.clone(),
        Change::Scheme(id) => put(&mut expected.schemes, &after.schemes, |r| r.id, id),
        Change::Metric(id) => put(&mut expected.metrics, &after.metrics, |r| r.id, id),
        Change::Risk(id) => put(&mut expected.risks, &after.risks, |r| r.id, id),
        Change::SignOff(id) => put(&mut expected.signoffs, &after.signoffs, |r| r.id, id),
    }
    assert!(
        expected == *after,
        "the edit \u{201c}{label}\u{201d} claims to change only {scope:?} but changed more"
    );
}

/// A step still taking keystrokes.
struct OpenStep {
    label: String,
    key: String,
    /// The plan (or the part the step changes) as it was before the step:
    /// the one copy per step.
    base: Base,
    before: u64,
    after: u64,
    last_time: f64,
    focus: Option<egui::Id>,
}

/// The undo and redo stacks.
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    open: Option<OpenStep>,
    /// The number of the current state of the plan.
    state: u64,
    next_state: u64,
    /// How many times the plan was cloned (one per step; tests hold us to it).
    pub snapshots_taken: u64,
}

impl Default for History {
    fn default() -> Self {
        History::new()
    }
}

impl History {
    pub fn new() -> Self {
        History {
            undo: Vec::new(),
            redo: Vec::new(),
            open: None,
            state: 0,
            next_state: 1,
            snapshots_taken: 0,
        }
    }

    /// Forgets every step (a plan opened or started afresh). The state gets
    /// a new number, which the caller records as saved.
    pub fn clear(&mut self) -> u64 {
        self.undo.clear();
        self.redo.clear();
        self.open = None;
        self.state = self.fresh();
        self.state
    }

    fn fresh(&mut self) -> u64 {
        let n = self.next_state;
        self.next_state += 1;
        n
    }

    /// The number of the plan's current state.
    pub fn state(&self) -> u64 {
        self.state
    }

    /// Applies an edit to the plan, recording it. `now` is the time in
    /// seconds, `focus` the widget with keyboard focus (typing stays in one
    /// step while both hold).
    pub fn apply(&mut self, plan: &mut Plan, edit: Edit, now: f64, focus: Option<egui::Id>) {
        let Edit {
            label,
            coalesce,
            apply,
            scope,
        } = edit;
        #[cfg(debug_assertions)]
        let check = scope.map(|scope| (scope, label.clone(), plan.clone()));
        let apply = move |plan: &mut Plan| {
            apply(plan);
            #[cfg(debug_assertions)]
            if let Some((scope, label, before)) = &check {
                check_scope(label, *scope, before, plan);
            }
        };
        if let (Some(open), Some(key)) = (&mut self.open, &coalesce)
            && open.key == *key
            && open.focus == focus
            && now - open.last_time < TYPING_PAUSE_SECS
            // a step that copied one record takes only edits of that record
            && (open.base.scope().is_none() || open.base.scope() == scope)
        {
            apply(plan);
            open.last_time = now;
            open.label = label;
            return;
        }
        self.close(plan);
        let base = Base::of(plan, scope);
        self.snapshots_taken += u64::from(matches!(base, Base::Plan(_)));
        apply(plan);
        let before = self.state;
        let after = self.fresh();
        self.state = after;
        match coalesce {
            Some(key) => {
                // typing: the diff waits until the step closes
                self.redo.clear();
                self.open = Some(OpenStep {
                    label,
                    key,
                    base,
                    before,
                    after,
                    last_time: now,
                    focus,
                });
            }
            None => self.push(label, &base, plan, before, after),
        }
    }

    /// Records a finished step from `base` to `plan`; nothing when they are
    /// equal (the state goes back to `before`).
    fn push(&mut self, label: String, base: &Base, plan: &Plan, before: u64, after: u64) {
        let patch = base.patch_to(plan);
        if patch.is_empty() {
            self.state = before;
            return;
        }
        self.redo.clear();
        self.undo.push(Step {
            label,
            patch,
            before,
            after,
        });
        if self.undo.len() > MAX_STEPS {
            let extra = self.undo.len() - MAX_STEPS;
            self.undo.drain(..extra);
        }
    }

    /// Closes the step taking keystrokes, if any.
    pub fn close(&mut self, plan: &Plan) {
        if let Some(open) = self.open.take() {
            self.push(open.label, &open.base, plan, open.before, open.after);
        }
    }

    /// Called every frame: closes the typing step after a pause or when
    /// focus moved to another widget.
    pub fn tick(&mut self, plan: &Plan, now: f64, focus: Option<egui::Id>) {
        if let Some(open) = &self.open
            && (open.focus != focus || now - open.last_time >= TYPING_PAUSE_SECS)
        {
            self.close(plan);
        }
    }

    /// Undoes the last step; its label, or `None` when there is nothing.
    pub fn undo(&mut self, plan: &mut Plan) -> Option<String> {
        self.undo_scoped(plan).map(|(label, _)| label)
    }

    /// [`Self::undo`], also saying what it changed when that is one record
    /// or the header ([`PlanPatch::scope_in`]).
    pub fn undo_scoped(&mut self, plan: &mut Plan) -> Option<(String, Option<Change>)> {
        self.close(plan);
        let step = self.undo.pop()?;
        let scope = step.patch.scope_in(plan);
        let back = step.patch.apply(plan);
        self.state = step.before;
        let label = step.label.clone();
        self.redo.push(Step { patch: back, ..step });
        Some((label, scope))
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, plan: &mut Plan) -> Option<String> {
        self.redo_scoped(plan).map(|(label, _)| label)
    }

    /// [`Self::redo`], also saying what it changed (see [`Self::undo_scoped`]).
    pub fn redo_scoped(&mut self, plan: &mut Plan) -> Option<(String, Option<Change>)> {
        self.close(plan);
        let step = self.redo.pop()?;
        let scope = step.patch.scope_in(plan);
        let back = step.patch.apply(plan);
        self.state = step.after;
        let label = step.label.clone();
        self.undo.push(Step { patch: back, ..step });
        Some((label, scope))
    }

    /// What Undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        match &self.open {
            Some(o) => Some(&o.label),
            None => self.undo.last().map(|s| s.label.as_str()),
        }
    }

    /// What Redo would redo (nothing while typing: typing clears it).
    pub fn redo_label(&self) -> Option<&str> {
        if self.open.is_some() {
            return None;
        }
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn undo_count(&self) -> usize {
        self.undo.len() + usize::from(self.open.is_some())
    }

    pub fn redo_count(&self) -> usize {
        if self.open.is_some() { 0 } else { self.redo.len() }
    }

    /// Records held by all steps (a rough size).
    pub fn records_held(&self) -> usize {
        self.undo.iter().chain(&self.redo).map(|s| s.patch.records()).sum()
    }
}

/// "Undo edit scheme name" from "Edit scheme name": the label in the
/// middle of a sentence (an acronym such as "BCF" keeps its capitals).
pub fn menu_text(verb: &str, label: &str) -> String {
    let mut chars = label.chars();
    let lowered = match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().collect::<String>() + chars.as_str()
        }
        _ => label.to_string(),
    };
    format!("{verb} {lowered}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, RecordId};
    use proptest::prelude::*;

    fn plan_with(n: usize) -> Plan {
        let mut p = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
        for i in 0..n {
            let id = p.alloc_id().unwrap();
            p.schemes.push(Scheme {
                id,
                name: format!("Scheme {i}"),
                ..Default::default()
            });
        }
        p
    }

    fn rename(i: usize, name: &str) -> Edit {
        let name = name.to_string();
        Edit::new("Edit scheme name", move |p: &mut Plan| p.schemes[i].name = name)
    }

    fn typing(i: usize, name: &str) -> Edit {
        let name = name.to_string();
        Edit::typing("Edit scheme name", format!("scheme.{i}.name"), move |p: &mut Plan| {
            p.schemes[i].name = name
        })
    }

    /// Undo and redo say which record they put back when that is one
    /// record in place (or the header), and nothing otherwise.
    #[test]
    fn undo_says_what_it_changed_when_it_is_one_record() {
        let mut plan = plan_with(4);
        let id2 = plan.schemes[2].id;
        let mut h = History::new();
        h.clear();
        // typing into one scheme (with or without the edit saying so)
        h.apply(&mut plan, typing(2, "Falls"), 0.0, None);
        h.apply(&mut plan, typing(2, "Falls prevention"), 0.1, None);
        assert_eq!(
            h.undo_scoped(&mut plan),
            Some(("Edit scheme name".into(), Some(Change::Scheme(id2))))
        );
        assert_eq!(
            h.redo_scoped(&mut plan).map(|(_, c)| c),
            Some(Some(Change::Scheme(id2)))
        );
        // the header alone
        h.apply(
            &mut plan,
            Edit::new("Edit plan title", |p: &mut Plan| p.header.title = "New".into()),
            1.0,
            None,
        );
        assert_eq!(h.undo_scoped(&mut plan).map(|(_, c)| c), Some(Some(Change::Header)));
        // a row deleted, two rows swapped, a row added: not one record in place
        h.apply(
            &mut plan,
            Edit::new("Delete scheme", |p: &mut Plan| {
                p.schemes.remove(1);
            }),
            2.0,
            None,
        );
        assert_eq!(h.undo_scoped(&mut plan).map(|(_, c)| c), Some(None));
        h.apply(
            &mut plan,
            Edit::new("Move scheme up", |p: &mut Plan| p.schemes.swap(0, 1)),
            3.0,
            None,
        );
        assert_eq!(h.undo_scoped(&mut plan).map(|(_, c)| c), Some(None));
        h.apply(
            &mut plan,
            Edit::new("Add scheme", |p: &mut Plan| {
                let id = p.alloc_id().unwrap();
                p.schemes.push(Scheme {
                    id,
                    ..Default::default()
                });
            }),
            4.0,
            None,
        );
        assert_eq!(h.undo_scoped(&mut plan).map(|(_, c)| c), Some(None));
        // two records of one list in one step
        h.apply(
            &mut plan,
            Edit::new("Rename two", |p: &mut Plan| {
                p.schemes[0].name = "A".into();
                p.schemes[3].name = "B".into();
            }),
            5.0,
            None,
        );
        assert_eq!(h.undo_scoped(&mut plan).map(|(_, c)| c), Some(None));
    }

    #[test]
    fn undo_and_redo_a_discrete_edit() {
        let mut plan = plan_with(3);
        let original = plan.clone();
        let mut h = History::new();
        let s0 = h.clear();
        h.apply(&mut plan, rename(1, "Rapid response"), 0.0, None);
        let edited = plan.clone();
        assert_ne!(h.state(), s0);
        assert_eq!(h.undo_label(), Some("Edit scheme name"));
        assert_eq!(h.undo(&mut plan).as_deref(), Some("Edit scheme name"));
        assert_eq!(plan, original);
        assert_eq!(h.state(), s0);
        assert_eq!(h.redo_label(), Some("Edit scheme name"));
        h.redo(&mut plan);
        assert_eq!(plan, edited);
        assert_ne!(h.state(), s0);
        assert_eq!(h.undo(&mut plan).as_deref(), Some("Edit scheme name"));
        assert_eq!(h.undo(&mut plan), None);
    }

    #[test]
    fn typing_in_one_field_is_one_step_and_clones_once() {
        let mut plan = plan_with(5_000);
        let original = plan.clone();
        let mut h = History::new();
        h.clear();
        let focus = Some(egui::Id::unique("name field"));
        let mut typed = String::new();
        for (i, c) in "Discharge to assess".chars().enumerate() {
            typed.push(c);
            h.apply(&mut plan, typing(7, &typed), i as f64 * 0.2, focus);
        }
        assert_eq!(h.snapshots_taken, 1, "one clone for the whole word");
        assert_eq!(h.undo_count(), 1);
        h.tick(&plan, 10.0, focus);
        assert_eq!(h.records_held(), 1, "the step keeps only the scheme it changed");
        h.undo(&mut plan);
        assert_eq!(plan, original);
    }

    #[test]
    fn a_pause_or_a_focus_change_starts_a_new_step() {
        let mut plan = plan_with(2);
        let mut h = History::new();
        h.clear();
        let a = Some(egui::Id::unique("a"));
        let b = Some(egui::Id::unique("b"));
        h.apply(&mut plan, typing(0, "K"), 0.0, a);
        h.apply(&mut plan, typing(0, "Ke"), 0.5, a);
        h.apply(&mut plan, typing(0, "Ken"), 3.0, a); // after a pause
        assert_eq!(h.undo_count(), 2);
        h.tick(&plan, 3.1, b); // focus moved
        h.apply(&mut plan, typing(0, "Kent"), 3.2, b);
        assert_eq!(h.undo_count(), 3);
        h.undo(&mut plan);
        assert_eq!(plan.schemes[0].name, "Ken");
        h.undo(&mut plan);
        assert_eq!(plan.schemes[0].name, "Ke");
        h.undo(&mut plan);
        assert_eq!(plan.schemes[0].name, "Scheme 0");
    }

    #[test]
    fn typing_back_to_the_start_leaves_no_step_and_the_old_state() {
        let mut plan = plan_with(1);
        let mut h = History::new();
        let s0 = h.clear();
        h.apply(&mut plan, typing(0, "Scheme 0x"), 0.0, None);
        h.apply(&mut plan, typing(0, "Scheme 0"), 0.1, None);
        h.close(&plan);
        assert_eq!(h.undo_count(), 0);
        assert_eq!(h.state(), s0, "back at the saved state: not dirty");
    }

    #[test]
    fn a_no_op_edit_keeps_redo() {
        let mut plan = plan_with(1);
        let mut h = History::new();
        h.clear();
        h.apply(&mut plan, rename(0, "A"), 0.0, None);
        h.undo(&mut plan);
        h.apply(&mut plan, rename(0, "Scheme 0"), 1.0, None);
        assert_eq!(h.redo_label(), Some("Edit scheme name"));
    }

    #[test]
    fn keeps_at_least_a_hundred_steps() {
        let mut plan = plan_with(1);
        let original = plan.clone();
        let mut h = History::new();
        h.clear();
        for i in 0..150 {
            h.apply(&mut plan, rename(0, &format!("name {i}")), i as f64, None);
        }
        let mut n = 0;
        while h.undo(&mut plan).is_some() {
            n += 1;
        }
        assert_eq!(n, 150);
        assert_eq!(plan, original);
        for i in 0..MAX_STEPS + 10 {
            h.apply(&mut plan, rename(0, &format!("again {i}")), i as f64, None);
        }
        assert_eq!(h.undo_count(), MAX_STEPS);
    }

    #[test]
    fn insert_and_delete_keep_only_the_record() {
        let mut plan = plan_with(1_000);
        let mut h = History::new();
        h.clear();
        h.apply(
            &mut plan,
            Edit::new("Delete scheme", |p: &mut Plan| {
                let id = p.schemes[500].id;
                p.schemes.remove(500);
                p.unlink(id);
            }),
            0.0,
            None,
        );
        h.apply(
            &mut plan,
            Edit::new("Add scheme", |p: &mut Plan| {
                let id = p.alloc_id().unwrap();
                p.schemes.insert(
                    10,
                    Scheme {
                        id,
                        ..Default::default()
                    },
                );
            }),
            1.0,
            None,
        );
        assert!(h.records_held() <= 2, "held {}", h.records_held());
        h.undo(&mut plan);
        h.undo(&mut plan);
        assert_eq!(plan, plan_with(1_000));
    }

    #[test]
    fn menu_text_reads_as_a_sentence() {
        assert_eq!(menu_text("Undo", "Edit scheme name"), "Undo edit scheme name");
        assert_eq!(menu_text("Redo", "BCF metric"), "Redo BCF metric");
        assert_eq!(menu_text("Undo", ""), "Undo ");
    }

    /// A random edit on a small plan.
    fn arb_edit() -> impl Strategy<Value = (u8, usize, String, bool)> {
        (0u8..6, 0usize..8, "[a-z]{0,4}", any::<bool>())
    }

    fn make_edit(kind: u8, i: usize, text: String, typing: bool) -> Edit {
        let f = move |p: &mut Plan| match kind {
            0 => {
                let id = p.alloc_id().unwrap();
                let at = i.min(p.schemes.len());
                p.schemes.insert(
                    at,
                    Scheme {
                        id,
                        name: text,
                        ..Default::default()
                    },
                );
            }
            1 => {
                if i < p.schemes.len() {
                    let id = p.schemes.remove(i).id;
                    p.unlink(id);
                }
            }
            2 => {
                if let Some(s) = p.schemes.get_mut(i) {
                    s.name = text;
                }
            }
            3 => p.header.title = text,
            4 => {
                if let Some(s) = p.schemes.get_mut(i) {
                    s.year_mut("2015/16").spend = Some(Amount::thousands(i as i64));
                }
            }
            _ => {
                let id = p.alloc_id().unwrap();
                p.metrics.push(Metric {
                    id,
                    name: text,
                    scheme_ids: vec![RecordId(i as u64)],
                    ..Default::default()
                });
            }
        };
        if typing {
            Edit::typing("Type", format!("k{kind}.{i}"), f)
        } else {
            Edit::new("Change", f)
        }
    }

    proptest! {
        /// Any sequence of edits, undone entirely, gives back the first
        /// plan; redone entirely, the last.
        #[test]
        fn undo_all_then_redo_all(edits in proptest::collection::vec(arb_edit(), 0..40), pauses in any::<u64>()) {
            let mut plan = plan_with(4);
            let first = plan.clone();
            let mut h = History::new();
            let s0 = h.clear();
            let mut states = vec![];
            for (n, (kind, i, text, typing)) in edits.into_iter().enumerate() {
                let now = n as f64 * if pauses >> (n % 64) & 1 == 1 { 3.0 } else { 0.1 };
                h.apply(&mut plan, make_edit(kind, i, text, typing), now, None);
                states.push(plan.clone());
            }
            let last = plan.clone();
            let last_state = { h.close(&plan); h.state() };
            while h.undo(&mut plan).is_some() {}
            prop_assert_eq!(&plan, &first);
            prop_assert_eq!(h.state(), s0);
            while h.redo(&mut plan).is_some() {}
            prop_assert_eq!(&plan, &last);
            prop_assert_eq!(h.state(), last_state);
        }
    }
}
