//! Undo and redo for every change to the plan, built on the one function
//! that applies edits ([`crate::model::edit::apply`]), which returns with
//! each edit the edit that undoes it, made from what it replaced.
//!
//! How it stays cheap on a 5,000-scheme plan:
//! - a step keeps the way back of its edits and nothing else: a field set
//!   keeps the record as it was, an insert the id to delete, a delete the
//!   records it removed (and the links), a move the place it came from.
//!   The plan is never copied, so adding, deleting or moving a row costs
//!   the same on a plan of 5,000 schemes as on one of 10;
//! - typing in one field (edits with the same `coalesce` key, the same
//!   keyboard focus, no pause of [`TYPING_PAUSE_SECS`]) is one step: while
//!   its edits change records (or the header) in place, the first
//!   keystroke's way back puts each of them back whole, so later
//!   keystrokes to the same records keep nothing more;
//! - undo applies the step's way back with the same function, which
//!   gives the way forward again for redo, and says what it changed, so
//!   the summary follows undo and redo as it follows edits.
//!
//! Each state of the plan has a number; the app remembers the number of the
//! state last saved, so "unsaved changes" is exact after undo and redo
//! (undo back to the saved state and the plan is clean again).

use super::Edit;
use crate::model::edit::{self, AnyRecord, Change, PlanEdit};
use crate::model::{Plan, RecordId, RecordKind};

/// At least this many steps are kept (the oldest are dropped beyond).
pub const MAX_STEPS: usize = 200;
/// Typing in one field after a pause this long starts a new step.
pub const TYPING_PAUSE_SECS: f64 = 2.0;

/// One undoable step: what it was, and the edit that goes the other way.
#[derive(Debug)]
struct Step {
    label: String,
    back: PlanEdit,
    /// State numbers before and after the step.
    before: u64,
    after: u64,
}

/// A part of the plan an edit changed in place, which a way back puts
/// back whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Header,
    Settings,
    FinanceTables,
    Record(RecordKind, RecordId),
}

/// The parts `changes` changed, when each is a part changed in place.
fn parts_of(changes: &[Change]) -> Option<Vec<Part>> {
    changes
        .iter()
        .map(|c| match c {
            Change::Header => Some(Part::Header),
            Change::Settings => Some(Part::Settings),
            Change::FinanceTables => Some(Part::FinanceTables),
            Change::Record { kind, id, .. } => Some(Part::Record(*kind, *id)),
            _ => None,
        })
        .collect()
}

/// A step still taking keystrokes.
struct OpenStep {
    label: String,
    key: String,
    /// The ways back of its edits, oldest first.
    backs: Vec<PlanEdit>,
    /// While every edit of the step changed parts in place: those parts.
    /// The first way back of each puts it back whole, as it was before
    /// the step.
    parts: Option<Vec<Part>>,
    before: u64,
    after: u64,
    last_time: f64,
    focus: Option<egui::Id>,
}

impl OpenStep {
    /// Takes in a further edit of the step.
    fn add(&mut self, back: PlanEdit, changes: &[Change]) {
        match (&mut self.parts, parts_of(changes)) {
            // the parts are put back as they were before the step already
            (Some(had), Some(new)) if new.iter().all(|p| had.contains(p)) => return,
            (Some(had), Some(new)) => had.extend(new),
            _ => self.parts = None,
        }
        self.backs.push(back);
    }

    /// The step's way back: the newest edit undone first.
    fn back(&mut self) -> PlanEdit {
        let mut backs = std::mem::take(&mut self.backs);
        backs.reverse();
        if backs.len() == 1 {
            backs.pop().unwrap_or_default()
        } else {
            PlanEdit::Batch(backs)
        }
    }
}

/// True when `back` (made only of parts put back whole) would change
/// nothing in `plan`: what the step changed is as it was.
fn puts_back_nothing(back: &PlanEdit, plan: &Plan) -> bool {
    fn same<R: PartialEq>(all: &[R], r: &R, id: impl Fn(&R) -> RecordId) -> bool {
        all.iter().find(|x| id(x) == id(r)).is_some_and(|x| x == r)
    }
    match back {
        PlanEdit::Batch(v) => v.iter().all(|e| puts_back_nothing(e, plan)),
        PlanEdit::SetHeader(h) => **h == plan.header,
        PlanEdit::SetSettings(s) => **s == plan.settings,
        PlanEdit::Put(AnyRecord::Scheme(r)) => same(&plan.schemes, r, |r| r.id),
        PlanEdit::Put(AnyRecord::Metric(r)) => same(&plan.metrics, r, |r| r.id),
        PlanEdit::Put(AnyRecord::Risk(r)) => same(&plan.risks, r, |r| r.id),
        PlanEdit::Put(AnyRecord::SignOff(r)) => same(&plan.signoffs, r, |r| r.id),
        _ => false,
    }
}

/// Records an edit holds (a rough size, for tests and the status line).
fn records_in(e: &PlanEdit) -> usize {
    match e {
        PlanEdit::Batch(v) => v.iter().map(records_in).sum(),
        PlanEdit::Put(_) | PlanEdit::Insert { .. } | PlanEdit::Restore { .. } => 1,
        PlanEdit::SetHeader(_) | PlanEdit::SetSettings(_) | PlanEdit::SetFinanceTables(_) => 1,
        PlanEdit::PushHistory(v) => v.len(),
        PlanEdit::ReplacePlan(p) => p.schemes.len() + p.metrics.len() + p.risks.len() + p.signoffs.len() + 2,
        PlanEdit::Set { .. }
        | PlanEdit::Delete { .. }
        | PlanEdit::Move { .. }
        | PlanEdit::Reorder { .. }
        | PlanEdit::PopHistory(_)
        | PlanEdit::SetNextId(_) => 0,
    }
}

/// What an undo or redo did.
#[derive(Clone, Debug, PartialEq)]
pub struct Undone {
    /// The step's label ("Edit scheme name").
    pub label: String,
    /// What it changed in the plan.
    pub changes: Vec<Change>,
}

/// The undo and redo stacks.
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    open: Option<OpenStep>,
    /// The typing step [`History::tick`] closed last (its key and when),
    /// while it is the last step: an edit of the same field at the same
    /// time that puts back what the step changed (Escape in the field,
    /// which let go of the keyboard first) takes the step away.
    just_closed: Option<(String, f64)>,
    /// The number of the current state of the plan.
    state: u64,
    next_state: u64,
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
            just_closed: None,
            state: 0,
            next_state: 1,
        }
    }

    /// Forgets every step (a plan opened or started afresh). The state gets
    /// a new number, which the caller records as saved.
    pub fn clear(&mut self) -> u64 {
        self.undo.clear();
        self.redo.clear();
        self.open = None;
        self.just_closed = None;
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

    /// Applies an edit to the plan ([`edit::apply`]), recording it; says
    /// what it changed, or why it was refused (then nothing changed).
    /// `now` is the time in seconds, `focus` the widget with keyboard
    /// focus (typing stays in one step while both hold).
    pub fn apply(
        &mut self,
        plan: &mut Plan,
        edit: Edit,
        now: f64,
        focus: Option<egui::Id>,
    ) -> Result<Vec<Change>, String> {
        let Edit { label, coalesce, edit } = edit;
        let joins = match (&self.open, &coalesce) {
            (Some(open), Some(key)) => {
                open.key == *key && open.focus == focus && now - open.last_time < TYPING_PAUSE_SECS
            }
            _ => false,
        };
        let cancels = !joins
            && self.open.is_none()
            && self.redo.is_empty()
            && matches!((&self.just_closed, &coalesce), (Some((k, t)), Some(key)) if k == key && *t == now);
        self.just_closed = None;
        if !joins {
            self.close(plan);
        }
        let applied = edit::apply(plan, edit)?;
        if cancels && self.undo.last().is_some_and(|s| puts_back_nothing(&s.back, plan)) {
            // Escape put the field back as it was: no step is left of its typing
            if let Some(step) = self.undo.pop() {
                self.state = step.before;
            }
            return Ok(applied.changes);
        }
        if let Some(open) = self.open.as_mut().filter(|_| joins) {
            if !applied.is_empty() {
                open.add(applied.undo, &applied.changes);
            }
            open.last_time = now;
            open.label = label;
            return Ok(applied.changes);
        }
        if applied.is_empty() {
            return Ok(applied.changes);
        }
        let before = self.state;
        let after = self.fresh();
        self.state = after;
        self.redo.clear();
        match coalesce {
            Some(key) => {
                // typing: the step stays open for the next keystrokes
                self.open = Some(OpenStep {
                    label,
                    key,
                    parts: parts_of(&applied.changes),
                    backs: vec![applied.undo],
                    before,
                    after,
                    last_time: now,
                    focus,
                });
            }
            None => self.push(Step {
                label,
                back: applied.undo,
                before,
                after,
            }),
        }
        Ok(applied.changes)
    }

    fn push(&mut self, step: Step) {
        self.undo.push(step);
        if self.undo.len() > MAX_STEPS {
            let extra = self.undo.len() - MAX_STEPS;
            self.undo.drain(..extra);
        }
    }

    /// Closes the step taking keystrokes, if any. A step that put
    /// everything back as it was (typed, then deleted) leaves no step, and
    /// the state it started from.
    pub fn close(&mut self, plan: &Plan) {
        if let Some(mut open) = self.open.take() {
            let back = open.back();
            if open.parts.is_some() && puts_back_nothing(&back, plan) {
                self.state = open.before;
                return;
            }
            self.push(Step {
                label: open.label,
                back,
                before: open.before,
                after: open.after,
            });
        }
    }

    /// Called every frame: closes the typing step after a pause or when
    /// focus moved to another widget.
    pub fn tick(&mut self, plan: &Plan, now: f64, focus: Option<egui::Id>) {
        if let Some(open) = &self.open
            && (open.focus != focus || now - open.last_time >= TYPING_PAUSE_SECS)
        {
            // only a step of parts changed in place can be seen put back
            let key = open.parts.is_some().then(|| open.key.clone());
            let steps = self.undo.len();
            self.close(plan);
            if self.undo.len() > steps {
                self.just_closed = key.map(|k| (k, now));
            }
        }
    }

    /// Undoes the last step: what it was and what it changed, `None` when
    /// there is nothing to undo.
    pub fn undo(&mut self, plan: &mut Plan) -> Result<Option<Undone>, String> {
        self.close(plan);
        self.just_closed = None;
        let Some(step) = self.undo.pop() else {
            return Ok(None);
        };
        let (done, step) = Self::take(plan, step)?;
        self.state = step.before;
        self.redo.push(step);
        Ok(Some(done))
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, plan: &mut Plan) -> Result<Option<Undone>, String> {
        self.close(plan);
        self.just_closed = None;
        let Some(step) = self.redo.pop() else {
            return Ok(None);
        };
        let (done, step) = Self::take(plan, step)?;
        self.state = step.after;
        self.undo.push(step);
        Ok(Some(done))
    }

    /// Applies a step's way back; the step then holds the way forward. (A
    /// way back that is refused, which those [`edit::apply`] makes never
    /// are, leaves the plan as it is and the step is dropped.)
    fn take(plan: &mut Plan, step: Step) -> Result<(Undone, Step), String> {
        let Step {
            label,
            back,
            before,
            after,
        } = step;
        let applied = edit::apply(plan, back)?;
        Ok((
            Undone {
                label: label.clone(),
                changes: applied.changes,
            },
            Step {
                label,
                back: applied.undo,
                before,
                after,
            },
        ))
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
        let open = self.open.iter().flat_map(|o| &o.backs).map(records_in);
        self.undo
            .iter()
            .chain(&self.redo)
            .map(|s| records_in(&s.back))
            .chain(open)
            .sum()
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
    use crate::model::field::{Field, MoneyPart};
    use crate::model::value::Value;
    use crate::model::{Amount, Metric, Scheme};
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

    /// Sets the name of the scheme with id `i + 1`.
    fn name(i: usize, name: &str) -> PlanEdit {
        PlanEdit::set(
            RecordKind::Schemes,
            RecordId(i as u64 + 1),
            Field::SchemeName,
            Value::Text(name.into()),
        )
    }

    fn rename(i: usize, n: &str) -> Edit {
        Edit::new("Edit scheme name", name(i, n))
    }

    fn typing(i: usize, n: &str) -> Edit {
        Edit::typing("Edit scheme name", format!("scheme.{i}.name"), name(i, n))
    }

    fn changes(u: Result<Option<Undone>, String>) -> Vec<Change> {
        u.unwrap().unwrap().changes
    }

    /// Undo and redo say what they changed, as the edits do.
    #[test]
    fn undo_and_redo_say_what_they_changed() {
        let mut plan = plan_with(4);
        let mut h = History::new();
        h.clear();
        let scheme = |id: u64, at: usize| Change::Record {
            kind: RecordKind::Schemes,
            id: RecordId(id),
            at,
        };
        h.apply(&mut plan, typing(2, "Falls"), 0.0, None).unwrap();
        h.apply(&mut plan, typing(2, "Falls prevention"), 0.1, None).unwrap();
        assert_eq!(changes(h.undo(&mut plan)), vec![scheme(3, 2)]);
        assert_eq!(changes(h.redo(&mut plan)), vec![scheme(3, 2)]);
        // a row deleted: undo puts it back where it was
        let deleted = h
            .apply(
                &mut plan,
                Edit::new(
                    "Delete scheme",
                    PlanEdit::Delete {
                        kind: RecordKind::Schemes,
                        ids: vec![RecordId(2)],
                    },
                ),
                2.0,
                None,
            )
            .unwrap();
        assert_eq!(
            deleted,
            vec![Change::Removed {
                kind: RecordKind::Schemes,
                id: RecordId(2),
                at: 1
            }]
        );
        assert_eq!(
            changes(h.undo(&mut plan)),
            vec![Change::Inserted {
                kind: RecordKind::Schemes,
                id: RecordId(2),
                at: 1
            }]
        );
        // a move, undone: moved back
        h.apply(
            &mut plan,
            Edit::new(
                "Move scheme up",
                PlanEdit::Move {
                    kind: RecordKind::Schemes,
                    id: RecordId(2),
                    to: 0,
                },
            ),
            3.0,
            None,
        )
        .unwrap();
        assert_eq!(
            changes(h.undo(&mut plan)),
            vec![Change::Moved {
                kind: RecordKind::Schemes,
                id: RecordId(2),
                from: 0,
                to: 1
            }]
        );
    }

    #[test]
    fn undo_and_redo_a_discrete_edit() {
        let mut plan = plan_with(3);
        let original = plan.clone();
        let mut h = History::new();
        let s0 = h.clear();
        h.apply(&mut plan, rename(1, "Rapid response"), 0.0, None).unwrap();
        let edited = plan.clone();
        assert_ne!(h.state(), s0);
        assert_eq!(h.undo_label(), Some("Edit scheme name"));
        assert_eq!(h.undo(&mut plan).unwrap().unwrap().label, "Edit scheme name");
        assert_eq!(plan, original);
        assert_eq!(h.state(), s0);
        assert_eq!(h.redo_label(), Some("Edit scheme name"));
        h.redo(&mut plan).unwrap();
        assert_eq!(plan, edited);
        assert_ne!(h.state(), s0);
        assert!(h.undo(&mut plan).unwrap().is_some());
        assert_eq!(h.undo(&mut plan), Ok(None));
    }

    #[test]
    fn a_refused_edit_changes_nothing_and_leaves_no_step() {
        let mut plan = plan_with(2);
        let before = plan.clone();
        let mut h = History::new();
        let s0 = h.clear();
        let long = "x".repeat(crate::model::limits::MAX_LINE_CHARS + 1);
        assert!(h.apply(&mut plan, rename(0, &long), 0.0, None).is_err());
        assert!(h.apply(&mut plan, rename(7, "Gone"), 0.0, None).is_err());
        assert_eq!(plan, before);
        assert_eq!((h.undo_count(), h.state()), (0, s0));
    }

    #[test]
    fn typing_in_one_field_is_one_step_holding_one_record() {
        let mut plan = plan_with(5_000);
        let original = plan.clone();
        let mut h = History::new();
        h.clear();
        let focus = Some(egui::Id::unique("name field"));
        let mut typed = String::new();
        for (i, c) in "Discharge to assess".chars().enumerate() {
            typed.push(c);
            h.apply(&mut plan, typing(7, &typed), i as f64 * 0.2, focus).unwrap();
        }
        assert_eq!(h.undo_count(), 1);
        assert_eq!(h.records_held(), 1, "the step keeps only the scheme it changed");
        h.tick(&plan, 10.0, focus);
        assert_eq!(h.records_held(), 1);
        h.undo(&mut plan).unwrap();
        assert_eq!(plan, original);
    }

    #[test]
    fn a_pause_or_a_focus_change_starts_a_new_step() {
        let mut plan = plan_with(2);
        let mut h = History::new();
        h.clear();
        let a = Some(egui::Id::unique("a"));
        let b = Some(egui::Id::unique("b"));
        h.apply(&mut plan, typing(0, "K"), 0.0, a).unwrap();
        h.apply(&mut plan, typing(0, "Ke"), 0.5, a).unwrap();
        h.apply(&mut plan, typing(0, "Ken"), 3.0, a).unwrap(); // after a pause
        assert_eq!(h.undo_count(), 2);
        h.tick(&plan, 3.1, b); // focus moved
        h.apply(&mut plan, typing(0, "Kent"), 3.2, b).unwrap();
        assert_eq!(h.undo_count(), 3);
        h.undo(&mut plan).unwrap();
        assert_eq!(plan.schemes[0].name, "Ken");
        h.undo(&mut plan).unwrap();
        assert_eq!(plan.schemes[0].name, "Ke");
        h.undo(&mut plan).unwrap();
        assert_eq!(plan.schemes[0].name, "Scheme 0");
    }

    #[test]
    fn typing_back_to_the_start_leaves_no_step_and_the_old_state() {
        let mut plan = plan_with(1);
        let mut h = History::new();
        let s0 = h.clear();
        h.apply(&mut plan, typing(0, "Scheme 0x"), 0.0, None).unwrap();
        h.apply(&mut plan, typing(0, "Scheme 0"), 0.1, None).unwrap();
        h.close(&plan);
        assert_eq!(h.undo_count(), 0);
        assert_eq!(h.state(), s0, "back at the saved state: not dirty");
    }

    #[test]
    fn an_edit_cancelled_with_escape_leaves_no_step() {
        // issue 19, finding 5: Escape let go of the field (the step closed),
        // then the field put back what it held; Ctrl+Z twice brought the typing back
        let mut plan = plan_with(1);
        let mut h = History::new();
        h.apply(&mut plan, rename(0, "Falls"), 0.0, None).unwrap();
        let s1 = h.state();
        let a = Some(egui::Id::unique("a"));
        h.apply(&mut plan, typing(0, "Fallsx"), 1.0, a).unwrap();
        h.apply(&mut plan, typing(0, "Fallsxy"), 1.1, a).unwrap();
        h.tick(&plan, 1.2, None); // Escape took the keyboard away
        h.apply(&mut plan, typing(0, "Falls"), 1.2, None).unwrap(); // and the field put back its text
        assert_eq!(plan.schemes[0].name, "Falls");
        assert_eq!(h.undo_count(), 1);
        assert_eq!(h.state(), s1);
        h.undo(&mut plan).unwrap();
        assert_eq!(plan.schemes[0].name, "Scheme 0");
        // a later edit of the same field is a step of its own
        h.redo(&mut plan).unwrap();
        h.apply(&mut plan, typing(0, "Fallsz"), 2.0, a).unwrap();
        h.tick(&plan, 2.1, None);
        h.apply(&mut plan, typing(0, "Falls"), 5.0, None).unwrap();
        assert_eq!(h.undo_count(), 3);
    }

    /// A typing step whose keystrokes also add a record (a paste into a
    /// cell that makes a row, say) is undone whole.
    #[test]
    fn a_typing_step_that_adds_a_record_is_undone_whole() {
        let mut plan = plan_with(2);
        let original = plan.clone();
        let mut h = History::new();
        h.clear();
        h.apply(&mut plan, typing(0, "A"), 0.0, None).unwrap();
        let add = PlanEdit::Batch(vec![name(0, "AB"), PlanEdit::append(Scheme::default())]);
        h.apply(
            &mut plan,
            Edit::typing("Edit scheme name", "scheme.0.name", add),
            0.1,
            None,
        )
        .unwrap();
        h.apply(&mut plan, typing(0, "ABC"), 0.2, None).unwrap();
        assert_eq!(plan.schemes.len(), 3);
        h.close(&plan);
        assert_eq!(h.undo_count(), 1);
        h.undo(&mut plan).unwrap();
        assert_eq!(plan, original);
    }

    #[test]
    fn a_no_op_edit_keeps_redo() {
        let mut plan = plan_with(1);
        let mut h = History::new();
        h.clear();
        h.apply(&mut plan, rename(0, "A"), 0.0, None).unwrap();
        h.undo(&mut plan).unwrap();
        h.apply(&mut plan, rename(0, "Scheme 0"), 1.0, None).unwrap();
        assert_eq!(h.redo_label(), Some("Edit scheme name"));
    }

    #[test]
    fn keeps_at_least_a_hundred_steps() {
        let mut plan = plan_with(1);
        let original = plan.clone();
        let mut h = History::new();
        h.clear();
        for i in 0..150 {
            h.apply(&mut plan, rename(0, &format!("name {i}")), i as f64, None)
                .unwrap();
        }
        let mut n = 0;
        while h.undo(&mut plan).unwrap().is_some() {
            n += 1;
        }
        assert_eq!(n, 150);
        assert_eq!(plan, original);
        for i in 0..MAX_STEPS + 10 {
            h.apply(&mut plan, rename(0, &format!("again {i}")), i as f64, None)
                .unwrap();
        }
        assert_eq!(h.undo_count(), MAX_STEPS);
    }

    #[test]
    fn insert_and_delete_keep_only_the_record() {
        let mut plan = plan_with(1_000);
        let original = plan.clone();
        let mut h = History::new();
        h.clear();
        h.apply(
            &mut plan,
            Edit::new(
                "Delete scheme",
                PlanEdit::Delete {
                    kind: RecordKind::Schemes,
                    ids: vec![RecordId(501)],
                },
            ),
            0.0,
            None,
        )
        .unwrap();
        let added = h
            .apply(
                &mut plan,
                Edit::new(
                    "Add scheme",
                    PlanEdit::Insert {
                        at: Some(10),
                        record: Scheme::default().into(),
                    },
                ),
                1.0,
                None,
            )
            .unwrap();
        assert!(matches!(added[..], [Change::Inserted { at: 10, .. }]));
        assert_eq!(h.records_held(), 1, "the deleted scheme; the insert holds its id only");
        h.undo(&mut plan).unwrap();
        h.undo(&mut plan).unwrap();
        assert_eq!(plan, original);
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

    fn make_edit(plan: &Plan, kind: u8, i: usize, text: String, typing: bool) -> Edit {
        let scheme = plan.schemes.get(i).map(|s| s.id);
        let e = match (kind, scheme) {
            (0, _) => PlanEdit::Insert {
                at: Some(i.min(plan.schemes.len())),
                record: Scheme {
                    name: text,
                    ..Default::default()
                }
                .into(),
            },
            (1, Some(id)) => PlanEdit::Delete {
                kind: RecordKind::Schemes,
                ids: vec![id],
            },
            (2, Some(id)) => PlanEdit::set(RecordKind::Schemes, id, Field::SchemeName, Value::Text(text)),
            (3, _) => {
                let mut h = plan.header.clone();
                h.title = text;
                PlanEdit::SetHeader(Box::new(h))
            }
            (4, Some(id)) => PlanEdit::set(
                RecordKind::Schemes,
                id,
                Field::Money {
                    year: "2015/16".into(),
                    part: MoneyPart::Spend,
                },
                Value::Money(Amount::thousands(i as i64)),
            ),
            (5, _) => PlanEdit::append(Metric {
                name: text,
                scheme_ids: scheme.into_iter().collect(),
                ..Default::default()
            }),
            _ => PlanEdit::default(),
        };
        if typing {
            Edit::typing("Type", format!("k{kind}.{i}"), e)
        } else {
            Edit::new("Change", e)
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
            for (n, (kind, i, text, typing)) in edits.into_iter().enumerate() {
                let now = n as f64 * if pauses >> (n % 64) & 1 == 1 { 3.0 } else { 0.1 };
                let e = make_edit(&plan, kind, i, text, typing);
                h.apply(&mut plan, e, now, None).unwrap();
            }
            let last = plan.clone();
            let last_state = { h.close(&plan); h.state() };
            while h.undo(&mut plan).unwrap().is_some() {}
            prop_assert_eq!(&plan, &first);
            prop_assert_eq!(h.state(), s0);
            while h.redo(&mut plan).unwrap().is_some() {}
            prop_assert_eq!(&plan, &last);
            prop_assert_eq!(h.state(), last_state);
        }
    }
}
