//! Edits as data: every change to a plan is a [`PlanEdit`] value, and
//! [`apply`] is the one function that changes a plan by one. It checks the
//! edit, makes it, and says what it did ([`Applied`]): which records
//! changed in place, which were inserted (with the ids it gave them),
//! removed (from where) or moved, whether the header, the settings or the
//! history changed, or the whole plan. That account is derived from what
//! `apply` did, never written by the caller, so the live summary
//! (`calc::live`) and undo (`ui::undo`), which follow it, cannot be told
//! something that did not happen.
//!
//! `apply` also returns the edit that undoes it ([`Applied::undo`]), built
//! from what it replaced: an insert's way back is a delete of the new id
//! (and the id counter as it was), a delete's is the records back at
//! their places and the links it removed, a move's a move back, a field
//! set the record as it was. Nothing is copied but what changes.
//!
//! A refused edit (a record that is not in the plan, a value the field
//! cannot hold, no record id left) changes nothing: a [`PlanEdit::Batch`]
//! is all or nothing. The error is a sentence for the status line. Pure:
//! no I/O.

use super::field::{Field, RecordKind, record_label};
use super::record::Record;
use super::value::Value;
use super::{
    AllocationLine, Contribution, FinanceYear, Metric, NarrativeSection, Objective, PerformanceAmount, Plan,
    PlanHeader, RecordId, Risk, Scheme, Settings, SignOff, StatusChange,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A whole record of any kind (boxed: records are large, edits that hold
/// none stay small).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum AnyRecord {
    Scheme(Box<Scheme>),
    Metric(Box<Metric>),
    Risk(Box<Risk>),
    SignOff(Box<SignOff>),
    Objective(Box<Objective>),
    Section(Box<NarrativeSection>),
}

impl AnyRecord {
    pub fn kind(&self) -> RecordKind {
        match self {
            AnyRecord::Scheme(_) => RecordKind::Schemes,
            AnyRecord::Metric(_) => RecordKind::Metrics,
            AnyRecord::Risk(_) => RecordKind::Risks,
            AnyRecord::SignOff(_) => RecordKind::SignOffs,
            AnyRecord::Objective(_) => RecordKind::Objectives,
            AnyRecord::Section(_) => RecordKind::Sections,
        }
    }
    pub fn id(&self) -> RecordId {
        match self {
            AnyRecord::Scheme(r) => r.id,
            AnyRecord::Metric(r) => r.id,
            AnyRecord::Risk(r) => r.id,
            AnyRecord::SignOff(r) => r.id,
            AnyRecord::Objective(r) => r.id,
            AnyRecord::Section(r) => r.id,
        }
    }
}

impl From<Scheme> for AnyRecord {
    fn from(r: Scheme) -> Self {
        AnyRecord::Scheme(Box::new(r))
    }
}
impl From<Metric> for AnyRecord {
    fn from(r: Metric) -> Self {
        AnyRecord::Metric(Box::new(r))
    }
}
impl From<Risk> for AnyRecord {
    fn from(r: Risk) -> Self {
        AnyRecord::Risk(Box::new(r))
    }
}
impl From<SignOff> for AnyRecord {
    fn from(r: SignOff) -> Self {
        AnyRecord::SignOff(Box::new(r))
    }
}
impl From<Objective> for AnyRecord {
    fn from(r: Objective) -> Self {
        AnyRecord::Objective(Box::new(r))
    }
}
impl From<NarrativeSection> for AnyRecord {
    fn from(r: NarrativeSection) -> Self {
        AnyRecord::Section(Box::new(r))
    }
}

/// The operating plan's finance tables, whole: the allocation statement,
/// the finance years, the contributions and the performance amounts.
/// They are small (tens of rows), so the Finance tab edits them as one
/// value, as the Plan tab edits the header.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FinanceTables {
    pub allocations: Vec<AllocationLine>,
    pub finance_years: Vec<FinanceYear>,
    pub contributions: Vec<Contribution>,
    pub performance_amounts: Vec<PerformanceAmount>,
}

impl FinanceTables {
    /// The plan's tables, copied.
    pub fn of(plan: &Plan) -> Self {
        FinanceTables {
            allocations: plan.allocations.clone(),
            finance_years: plan.finance_years.clone(),
            contributions: plan.contributions.clone(),
            performance_amounts: plan.performance_amounts.clone(),
        }
    }
    /// True when the plan's tables are these.
    fn same_as(&self, plan: &Plan) -> bool {
        self.allocations == plan.allocations
            && self.finance_years == plan.finance_years
            && self.contributions == plan.contributions
            && self.performance_amounts == plan.performance_amounts
    }
    /// Puts these tables into the plan, giving back the ones it had.
    fn swap_into(mut self, plan: &mut Plan) -> Self {
        std::mem::swap(&mut self.allocations, &mut plan.allocations);
        std::mem::swap(&mut self.finance_years, &mut plan.finance_years);
        std::mem::swap(&mut self.contributions, &mut plan.contributions);
        std::mem::swap(&mut self.performance_amounts, &mut plan.performance_amounts);
        self
    }
    fn ids_mut(&mut self) -> impl Iterator<Item = &mut RecordId> {
        self.allocations
            .iter_mut()
            .map(|r| &mut r.id)
            .chain(self.finance_years.iter_mut().map(|r| &mut r.id))
            .chain(self.contributions.iter_mut().map(|r| &mut r.id))
            .chain(self.performance_amounts.iter_mut().map(|r| &mut r.id))
    }
}

/// One change to a plan, as a value: it can be kept, logged, sent,
/// compared and applied again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PlanEdit {
    /// One stored field of one record (a cell, a field of a details
    /// panel), checked as `Record::set_value` checks it.
    Set {
        kind: RecordKind,
        id: RecordId,
        field: Field,
        value: Value,
    },
    /// The plan's header, whole (it is small; its fields are edited one
    /// at a time).
    SetHeader(Box<PlanHeader>),
    /// The plan's settings, whole.
    SetSettings(Box<Settings>),
    /// The operating plan's finance tables, whole. A row with id 0 gets a
    /// fresh id; an id another record of the plan has is refused.
    SetFinanceTables(Box<FinanceTables>),
    /// A new record at position `at` of its list (`None`: at the end). It
    /// gets a fresh id (the one it carries is ignored), which
    /// [`Applied::inserted`] gives back.
    Insert { at: Option<usize>, record: AnyRecord },
    /// Records of one kind removed, and every link to them (a risk's
    /// schemes, metrics and objectives, a metric's schemes, an
    /// objective's schemes, metrics and risks).
    Delete { kind: RecordKind, ids: Vec<RecordId> },
    /// A record moved to position `to` of its list (counted with the
    /// record in its new place).
    Move { kind: RecordKind, id: RecordId, to: usize },
    /// The records of a kind put in this order, which names each of them
    /// once (a sort applied to the plan).
    Reorder { kind: RecordKind, order: Vec<RecordId> },
    /// A record replaced whole, in place (found by its id): a change made
    /// by one click to several fields ("Mark signed" sets the status, the
    /// date and what was signed) or to what no field names.
    Put(AnyRecord),
    /// Entries added at the end of the status history.
    PushHistory(Vec<StatusChange>),
    /// Several edits, applied in order, as one: all or nothing.
    Batch(Vec<PlanEdit>),
    /// The whole plan replaced (reloaded from disk, a recovery copy).
    ReplacePlan(Box<Plan>),
    /// A record put back at position `at` with the id it has (how a
    /// delete is undone). Refused when the id is in use.
    Restore { at: usize, record: AnyRecord },
    /// The last `n` entries of the status history removed (how
    /// [`PlanEdit::PushHistory`] is undone).
    PopHistory(usize),
    /// The next id to hand out (how an insert's id is given back on undo).
    SetNextId(u64),
}

impl Default for PlanEdit {
    /// An edit that changes nothing.
    fn default() -> Self {
        PlanEdit::Batch(Vec::new())
    }
}

impl PlanEdit {
    /// Sets `field` of the record `id` of `kind` to `value`.
    pub fn set(kind: RecordKind, id: RecordId, field: Field, value: Value) -> Self {
        PlanEdit::Set { kind, id, field, value }
    }

    /// A new record at the end of its list.
    pub fn append(record: impl Into<AnyRecord>) -> Self {
        PlanEdit::Insert {
            at: None,
            record: record.into(),
        }
    }

    /// A record replaced whole.
    pub fn put(record: impl Into<AnyRecord>) -> Self {
        PlanEdit::Put(record.into())
    }
}

/// One thing [`apply`] did, in the order it did them. Positions are those
/// of the list at that moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Header,
    Settings,
    /// The finance tables (allocations, finance years, contributions,
    /// performance amounts).
    FinanceTables,
    History,
    /// Fields of a record changed; it stayed at `at`.
    Record {
        kind: RecordKind,
        id: RecordId,
        at: usize,
    },
    /// A record added at `at`.
    Inserted {
        kind: RecordKind,
        id: RecordId,
        at: usize,
    },
    /// A record removed from `at`.
    Removed {
        kind: RecordKind,
        id: RecordId,
        at: usize,
    },
    /// A record moved from `from` to `to`.
    Moved {
        kind: RecordKind,
        id: RecordId,
        from: usize,
        to: usize,
    },
    /// The records of a kind reordered: the record now at `i` was at
    /// `from[i]`.
    Reordered {
        kind: RecordKind,
        from: Vec<usize>,
    },
    /// The whole plan replaced.
    Plan,
}

impl Change {
    /// The record whose values this change may have changed (one changed
    /// in place or inserted).
    pub fn record(&self) -> Option<(RecordKind, RecordId)> {
        match self {
            Change::Record { kind, id, .. } | Change::Inserted { kind, id, .. } => Some((*kind, *id)),
            _ => None,
        }
    }
}

/// What an edit did, and the edit that undoes it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Applied {
    /// What changed, step by step. (The id counter is not listed: it moves
    /// with the inserts.)
    pub changes: Vec<Change>,
    /// Applied to the plan as it is now, gives the plan as it was.
    pub undo: PlanEdit,
}

impl Applied {
    /// True when the edit changed nothing.
    pub fn is_empty(&self) -> bool {
        self.undo == PlanEdit::default()
    }

    /// The ids of the records of `kind` the edit added, in order.
    pub fn inserted(&self, kind: RecordKind) -> impl Iterator<Item = RecordId> + '_ {
        self.changes.iter().filter_map(move |c| match c {
            Change::Inserted { kind: k, id, .. } if *k == kind => Some(*id),
            _ => None,
        })
    }
}

/// Applies an edit to the plan: says what it changed and how to undo it,
/// or why it was refused (and then the plan is as it was).
pub fn apply(plan: &mut Plan, edit: PlanEdit) -> Result<Applied, String> {
    let mut log = Log::default();
    match run(plan, edit, &mut log) {
        Ok(()) => {
            let mut undo = log.undo;
            undo.reverse();
            Ok(Applied {
                changes: log.changes,
                undo: if undo.len() == 1 {
                    undo.pop().unwrap_or_default()
                } else {
                    PlanEdit::Batch(undo)
                },
            })
        }
        Err(e) => {
            // what the edit did before the refusal, taken back
            let mut scratch = Log::default();
            for back in log.undo.into_iter().rev() {
                let done = run(plan, back, &mut scratch);
                debug_assert!(done.is_ok(), "an undo edit was refused: {done:?}");
            }
            Err(e)
        }
    }
}

/// What has been done so far: the changes, and each step's way back in the
/// order the steps were made.
#[derive(Default)]
struct Log {
    changes: Vec<Change>,
    undo: Vec<PlanEdit>,
}

impl Log {
    fn did(&mut self, change: Change, back: PlanEdit) {
        self.changes.push(change);
        self.undo.push(back);
    }
}

/// A record kind the edits work on.
trait Kept: Record + PartialEq + Into<AnyRecord> {}
impl Kept for Scheme {}
impl Kept for Metric {}
impl Kept for Risk {}
impl Kept for SignOff {}
impl Kept for Objective {}
impl Kept for NarrativeSection {}

/// Runs `$body` with `$R` the record type of `$kind`.
macro_rules! by_kind {
    ($kind:expr, $R:ident => $body:expr) => {
        match $kind {
            RecordKind::Schemes => {
                type $R = Scheme;
                $body
            }
            RecordKind::Metrics => {
                type $R = Metric;
                $body
            }
            RecordKind::Risks => {
                type $R = Risk;
                $body
            }
            RecordKind::SignOffs => {
                type $R = SignOff;
                $body
            }
            RecordKind::Objectives => {
                type $R = Objective;
                $body
            }
            RecordKind::Sections => {
                type $R = NarrativeSection;
                $body
            }
        }
    };
}

/// Runs `$body` with `$r` the record inside an [`AnyRecord`].
macro_rules! with_record {
    ($record:expr, $r:ident => $body:expr) => {
        match $record {
            AnyRecord::Scheme($r) => $body,
            AnyRecord::Metric($r) => $body,
            AnyRecord::Risk($r) => $body,
            AnyRecord::SignOff($r) => $body,
            AnyRecord::Objective($r) => $body,
            AnyRecord::Section($r) => $body,
        }
    };
}

fn run(plan: &mut Plan, edit: PlanEdit, log: &mut Log) -> Result<(), String> {
    match edit {
        PlanEdit::Set { kind, id, field, value } => by_kind!(kind, R => set::<R>(plan, id, &field, value, log)),
        PlanEdit::SetHeader(h) => {
            if *h != plan.header {
                let old = std::mem::replace(&mut plan.header, *h);
                log.did(Change::Header, PlanEdit::SetHeader(Box::new(old)));
            }
            Ok(())
        }
        PlanEdit::SetSettings(s) => {
            if *s != plan.settings {
                let old = std::mem::replace(&mut plan.settings, *s);
                log.did(Change::Settings, PlanEdit::SetSettings(Box::new(old)));
            }
            Ok(())
        }
        PlanEdit::SetFinanceTables(t) => set_finance_tables(plan, *t, log),
        PlanEdit::Insert { at, record } => with_record!(record, r => insert(plan, at, *r, log)),
        PlanEdit::Restore { at, record } => with_record!(record, r => restore(plan, at, *r, log)),
        PlanEdit::Put(record) => with_record!(record, r => put(plan, *r, log)),
        PlanEdit::Delete { kind, ids } => {
            by_kind!(kind, R => delete::<R>(plan, &ids, log)?);
            unlink(plan, &ids, log);
            Ok(())
        }
        PlanEdit::Move { kind, id, to } => by_kind!(kind, R => move_to::<R>(plan, id, to, log)),
        PlanEdit::Reorder { kind, order } => by_kind!(kind, R => reorder::<R>(plan, &order, log)),
        PlanEdit::PushHistory(entries) => {
            if !entries.is_empty() {
                let n = entries.len();
                plan.history.extend(entries);
                log.did(Change::History, PlanEdit::PopHistory(n));
            }
            Ok(())
        }
        PlanEdit::PopHistory(n) => {
            let Some(keep) = plan.history.len().checked_sub(n) else {
                return Err(format!(
                    "The plan's history has {} entries, not {n}.",
                    plan.history.len()
                ));
            };
            if n > 0 {
                let popped = plan.history.split_off(keep);
                log.did(Change::History, PlanEdit::PushHistory(popped));
            }
            Ok(())
        }
        PlanEdit::SetNextId(n) => {
            if n != plan.next_id {
                let old = std::mem::replace(&mut plan.next_id, n);
                log.undo.push(PlanEdit::SetNextId(old));
            }
            Ok(())
        }
        PlanEdit::ReplacePlan(p) => {
            if *p != *plan {
                let old = std::mem::replace(plan, *p);
                log.did(Change::Plan, PlanEdit::ReplacePlan(Box::new(old)));
            }
            Ok(())
        }
        PlanEdit::Batch(edits) => {
            for e in edits {
                run(plan, e, log)?;
            }
            Ok(())
        }
    }
}

/// Replaces the finance tables: fresh ids for rows with id 0, refused
/// when a row carries an id that another record uses.
fn set_finance_tables(plan: &mut Plan, mut t: FinanceTables, log: &mut Log) -> Result<(), String> {
    if t.same_as(plan) {
        return Ok(());
    }
    // ids in use elsewhere: every record but the tables' own
    let own: std::collections::HashSet<u64> = FinanceTables::of(plan).ids_mut().map(|id| id.0).collect();
    let others: std::collections::HashSet<u64> = plan.all_ids().map(|id| id.0).filter(|id| !own.contains(id)).collect();
    let mut seen = std::collections::HashSet::new();
    for id in t.ids_mut() {
        if id.0 != 0 && (others.contains(&id.0) || !seen.insert(id.0)) {
            return Err(format!(
                "Another record of the plan already has id {}; the finance tables were not changed.",
                id.0
            ));
        }
    }
    let next_before = plan.next_id;
    // a fresh id above every id in use, the tables' new rows included
    let mut next = plan.peek_id().map(|n| n.max(seen.iter().max().map_or(0, |m| m + 1)));
    let mut allocated = false;
    for id in t.ids_mut() {
        if id.0 == 0 {
            let Some(n) = next.filter(|n| *n <= super::limits::MAX_ID) else {
                return Err(super::IdsExhausted.to_string());
            };
            *id = RecordId(n);
            next = Some(n + 1);
            allocated = true;
        }
    }
    let old = t.swap_into(plan);
    log.did(Change::FinanceTables, PlanEdit::SetFinanceTables(Box::new(old)));
    // the counter moves only for ids handed out here (putting rows back
    // with their ids, as undo does, leaves it as it is)
    if allocated
        && let Some(n) = next
        && n > plan.next_id
    {
        plan.next_id = n;
        log.undo.push(PlanEdit::SetNextId(next_before));
    }
    Ok(())
}

/// The refusal for a record that is not (or no longer) in the plan.
fn gone(kind: RecordKind, id: RecordId) -> String {
    format!(
        "The {} this change is for (id {id}) is no longer in the plan.",
        kind.singular().to_lowercase()
    )
}

/// Where the record `id` is in its list.
fn position<R: Kept>(plan: &Plan, id: RecordId) -> Result<usize, String> {
    R::all(plan)
        .iter()
        .position(|r| r.id() == id)
        .ok_or_else(|| gone(R::KIND, id))
}

/// Puts `new` at `i` (where a record with its id is), unless it is the same.
fn put_at<R: Kept>(plan: &mut Plan, i: usize, new: R, log: &mut Log) {
    let slot = &mut R::all_mut(plan)[i];
    if *slot == new {
        return;
    }
    let old = std::mem::replace(slot, new);
    log.did(
        Change::Record {
            kind: R::KIND,
            id: old.id(),
            at: i,
        },
        PlanEdit::Put(old.into()),
    );
}

fn set<R: Kept>(plan: &mut Plan, id: RecordId, field: &Field, value: Value, log: &mut Log) -> Result<(), String> {
    let i = position::<R>(plan, id)?;
    let old = &R::all(plan)[i];
    let mut new = old.clone();
    if let Err(e) = new.set_value(field, value) {
        return Err(format!(
            "{}, {}: {e}",
            record_label(R::KIND, i, old.title()),
            field.header(plan.settings.display_unit)
        ));
    }
    put_at(plan, i, new, log);
    Ok(())
}

fn put<R: Kept>(plan: &mut Plan, mut record: R, log: &mut Log) -> Result<(), String> {
    let i = position::<R>(plan, record.id())?;
    if !record.inner_ids_mut().is_empty() {
        // parts added (id 0) or copied from elsewhere get ids of their own
        let old = &R::all(plan)[i];
        let mut own: Vec<RecordId> = old.clone().inner_ids_mut().into_iter().map(|id| *id).collect();
        own.push(old.id());
        let taken: std::collections::HashSet<RecordId> = plan.all_ids().filter(|id| !own.contains(id)).collect();
        let mut seen = std::collections::HashSet::new();
        let next = plan.next_id;
        for id in record.inner_ids_mut() {
            if id.0 == 0 || taken.contains(id) || !seen.insert(*id) {
                *id = plan.alloc_id().map_err(|e| e.to_string())?;
                seen.insert(*id);
            }
        }
        if plan.next_id != next {
            log.undo.push(PlanEdit::SetNextId(next));
        }
    }
    put_at(plan, i, record, log);
    Ok(())
}

/// Checks a position a record can be put at (`len`: after the last).
fn place(kind: RecordKind, at: usize, len: usize) -> Result<usize, String> {
    if at <= len {
        Ok(at)
    } else {
        Err(format!(
            "There is no place {} among the plan's {}.",
            at + 1,
            kind.count(len)
        ))
    }
}

fn insert<R: Kept>(plan: &mut Plan, at: Option<usize>, mut record: R, log: &mut Log) -> Result<(), String> {
    let len = R::all(plan).len();
    let at = place(R::KIND, at.unwrap_or(len), len)?;
    let next = plan.next_id;
    let id = plan.alloc_id().map_err(|e| e.to_string())?;
    if plan.next_id != next {
        log.undo.push(PlanEdit::SetNextId(next));
    }
    record.set_id(id);
    for inner in record.inner_ids_mut() {
        *inner = plan.alloc_id().map_err(|e| e.to_string())?;
    }
    R::all_mut(plan).insert(at, record);
    log.did(
        Change::Inserted { kind: R::KIND, id, at },
        PlanEdit::Delete {
            kind: R::KIND,
            ids: vec![id],
        },
    );
    Ok(())
}

fn restore<R: Kept>(plan: &mut Plan, at: usize, record: R, log: &mut Log) -> Result<(), String> {
    let id = record.id();
    let at = place(R::KIND, at, R::all(plan).len())?;
    if id.0 == 0 || plan.all_ids().any(|x| x == id) {
        return Err(format!(
            "A {} cannot be put back with the id {id}: it is in use.",
            R::KIND.singular().to_lowercase()
        ));
    }
    R::all_mut(plan).insert(at, record);
    log.did(
        Change::Inserted { kind: R::KIND, id, at },
        PlanEdit::Delete {
            kind: R::KIND,
            ids: vec![id],
        },
    );
    Ok(())
}

fn delete<R: Kept>(plan: &mut Plan, ids: &[RecordId], log: &mut Log) -> Result<(), String> {
    let list = R::all(plan);
    let mut at: Vec<usize> = if ids.len() <= 8 {
        ids.iter()
            .map(|id| position::<R>(plan, *id))
            .collect::<Result<_, _>>()?
    } else {
        let index: HashMap<RecordId, usize> = list.iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
        ids.iter()
            .map(|id| index.get(id).copied().ok_or_else(|| gone(R::KIND, *id)))
            .collect::<Result<_, _>>()?
    };
    at.sort_unstable();
    at.dedup();
    // from the last, so each record leaves from the place it had
    for &i in at.iter().rev() {
        let record = R::all_mut(plan).remove(i);
        log.did(
            Change::Removed {
                kind: R::KIND,
                id: record.id(),
                at: i,
            },
            PlanEdit::Restore {
                at: i,
                record: record.into(),
            },
        );
    }
    Ok(())
}

/// Removes the links to `ids` from every metric, risk and objective that
/// has one.
fn unlink(plan: &mut Plan, ids: &[RecordId], log: &mut Log) {
    for i in 0..plan.objectives.len() {
        if plan.objectives[i].links_to(ids) {
            let mut o = plan.objectives[i].clone();
            o.drop_links(ids);
            put_at(plan, i, o, log);
        }
    }
    for i in 0..plan.metrics.len() {
        if plan.metrics[i].links_to(ids) {
            let mut m = plan.metrics[i].clone();
            m.drop_links(ids);
            put_at(plan, i, m, log);
        }
    }
    for i in 0..plan.risks.len() {
        if plan.risks[i].links_to(ids) {
            let mut r = plan.risks[i].clone();
            r.drop_links(ids);
            put_at(plan, i, r, log);
        }
    }
}

fn move_to<R: Kept>(plan: &mut Plan, id: RecordId, to: usize, log: &mut Log) -> Result<(), String> {
    let from = position::<R>(plan, id)?;
    let list = R::all_mut(plan);
    let to = place(R::KIND, to, list.len().saturating_sub(1))?;
    if from == to {
        return Ok(());
    }
    if from < to {
        list[from..=to].rotate_left(1);
    } else {
        list[to..=from].rotate_right(1);
    }
    log.did(
        Change::Moved {
            kind: R::KIND,
            id,
            from,
            to,
        },
        PlanEdit::Move {
            kind: R::KIND,
            id,
            to: from,
        },
    );
    Ok(())
}

fn reorder<R: Kept>(plan: &mut Plan, order: &[RecordId], log: &mut Log) -> Result<(), String> {
    let list = R::all(plan);
    let n = list.len();
    let refused = || {
        format!(
            "The new order does not name each of the plan's {} once.",
            R::KIND.count(n)
        )
    };
    if order.len() != n {
        return Err(refused());
    }
    let index: HashMap<RecordId, usize> = list.iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
    let mut seen = vec![false; n];
    let mut from = Vec::with_capacity(n);
    for id in order {
        let i = *index.get(id).ok_or_else(refused)?;
        if std::mem::replace(&mut seen[i], true) {
            return Err(refused());
        }
        from.push(i);
    }
    if from.iter().enumerate().all(|(i, f)| i == *f) {
        return Ok(());
    }
    let before: Vec<RecordId> = list.iter().map(|r| r.id()).collect();
    let mut slots: Vec<Option<R>> = std::mem::take(R::all_mut(plan)).into_iter().map(Some).collect();
    *R::all_mut(plan) = from.iter().filter_map(|&i| slots[i].take()).collect();
    log.did(
        Change::Reordered { kind: R::KIND, from },
        PlanEdit::Reorder {
            kind: R::KIND,
            order: before,
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, MoneyPart};

    fn plan() -> Plan {
        let mut p = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
        for name in ["A", "B", "C"] {
            let id = p.alloc_id().unwrap();
            p.schemes.push(Scheme {
                id,
                name: name.into(),
                ..Default::default()
            });
        }
        let id = p.alloc_id().unwrap();
        p.risks.push(Risk {
            id,
            scheme_ids: vec![RecordId(1), RecordId(2)],
            ..Default::default()
        });
        p
    }

    fn names(p: &Plan) -> Vec<&str> {
        p.schemes.iter().map(|s| s.name.as_str()).collect()
    }

    /// Applies `edit`, checks what it says against the plan, then its undo
    /// gives the plan back, and undoing that gives the edited plan again.
    fn round_trip(p: &mut Plan, edit: PlanEdit) -> Applied {
        let before = p.clone();
        let applied = apply(p, edit).unwrap();
        let after = p.clone();
        let back = apply(p, applied.undo.clone()).unwrap();
        assert_eq!(*p, before, "undo gives the plan back");
        apply(p, back.undo).unwrap();
        assert_eq!(*p, after, "and redo the edited plan");
        applied
    }

    #[test]
    fn a_field_set_says_which_record_and_undoes_to_the_record() {
        let mut p = plan();
        let year = p.header.years[0].clone();
        let field = Field::Money {
            year: year.clone(),
            part: MoneyPart::Spend,
        };
        let a = round_trip(
            &mut p,
            PlanEdit::set(
                RecordKind::Schemes,
                RecordId(2),
                field,
                Value::Money(Amount::thousands(5)),
            ),
        );
        assert_eq!(
            a.changes,
            vec![Change::Record {
                kind: RecordKind::Schemes,
                id: RecordId(2),
                at: 1
            }]
        );
        assert_eq!(p.schemes[1].year(&year).unwrap().spend, Some(Amount::thousands(5)));
        // the same value again changes nothing
        let same = PlanEdit::set(
            RecordKind::Schemes,
            RecordId(2),
            Field::SchemeName,
            Value::Text("B".into()),
        );
        assert!(apply(&mut p, same).unwrap().is_empty());
    }

    #[test]
    fn refused_edits_change_nothing_and_say_why() {
        let mut p = plan();
        let before = p.clone();
        let long = "x".repeat(crate::model::limits::MAX_LINE_CHARS + 1);
        let e = apply(
            &mut p,
            PlanEdit::Batch(vec![
                PlanEdit::set(
                    RecordKind::Schemes,
                    RecordId(1),
                    Field::SchemeName,
                    Value::Text("Z".into()),
                ),
                PlanEdit::append(Scheme::default()),
                PlanEdit::set(RecordKind::Schemes, RecordId(3), Field::SchemeName, Value::Text(long)),
            ]),
        )
        .unwrap_err();
        assert_eq!(p, before, "the first two are taken back");
        assert!(
            e.starts_with("Scheme 3 \u{201c}C\u{201d}, Scheme name: the text is 1,001"),
            "{e}"
        );
        let e = apply(
            &mut p,
            PlanEdit::Delete {
                kind: RecordKind::Schemes,
                ids: vec![RecordId(99)],
            },
        )
        .unwrap_err();
        assert_eq!(e, "The scheme this change is for (id 99) is no longer in the plan.");
        // no id left: nothing added
        p.next_id = crate::model::limits::MAX_ID + 1;
        let before = p.clone();
        let e = apply(&mut p, PlanEdit::append(Scheme::default())).unwrap_err();
        assert!(e.starts_with("This plan has used every record id"), "{e}");
        assert_eq!(p, before);
    }

    #[test]
    fn insert_gives_a_fresh_id_and_its_undo_gives_it_back() {
        let mut p = plan();
        let next = p.next_id;
        let a = round_trip(
            &mut p,
            PlanEdit::Insert {
                at: Some(1),
                record: Scheme {
                    id: RecordId(1),
                    name: "New".into(),
                    ..Default::default()
                }
                .into(),
            },
        );
        let id = RecordId(next);
        assert_eq!(a.inserted(RecordKind::Schemes).collect::<Vec<_>>(), vec![id]);
        assert_eq!(names(&p), ["A", "New", "B", "C"]);
        assert_eq!(p.schemes[1].id, id, "the id it carried is not used");
        apply(&mut p, a.undo).unwrap();
        assert_eq!(p.next_id, next);
    }

    #[test]
    fn delete_removes_links_and_its_undo_puts_both_back() {
        let mut p = plan();
        let a = round_trip(
            &mut p,
            PlanEdit::Delete {
                kind: RecordKind::Schemes,
                ids: vec![RecordId(1), RecordId(3)],
            },
        );
        assert_eq!(names(&p), ["B"]);
        assert_eq!(p.risks[0].scheme_ids, vec![RecordId(2)]);
        assert_eq!(
            a.changes,
            vec![
                Change::Removed {
                    kind: RecordKind::Schemes,
                    id: RecordId(3),
                    at: 2
                },
                Change::Removed {
                    kind: RecordKind::Schemes,
                    id: RecordId(1),
                    at: 0
                },
                Change::Record {
                    kind: RecordKind::Risks,
                    id: RecordId(4),
                    at: 0
                },
            ]
        );
    }

    #[test]
    fn moves_and_orders() {
        let mut p = plan();
        let a = round_trip(
            &mut p,
            PlanEdit::Move {
                kind: RecordKind::Schemes,
                id: RecordId(3),
                to: 0,
            },
        );
        assert_eq!(names(&p), ["C", "A", "B"]);
        assert_eq!(
            a.changes,
            vec![Change::Moved {
                kind: RecordKind::Schemes,
                id: RecordId(3),
                from: 2,
                to: 0
            }]
        );
        let a = round_trip(
            &mut p,
            PlanEdit::Reorder {
                kind: RecordKind::Schemes,
                order: vec![RecordId(1), RecordId(2), RecordId(3)],
            },
        );
        assert_eq!(names(&p), ["A", "B", "C"]);
        assert_eq!(
            a.changes,
            vec![Change::Reordered {
                kind: RecordKind::Schemes,
                from: vec![1, 2, 0]
            }]
        );
        for bad in [
            vec![RecordId(1), RecordId(2)],
            vec![RecordId(1), RecordId(1), RecordId(2)],
        ] {
            let before = p.clone();
            assert!(
                apply(
                    &mut p,
                    PlanEdit::Reorder {
                        kind: RecordKind::Schemes,
                        order: bad
                    }
                )
                .is_err()
            );
            assert_eq!(p, before);
        }
        assert!(
            apply(
                &mut p,
                PlanEdit::Move {
                    kind: RecordKind::Schemes,
                    id: RecordId(1),
                    to: 3
                }
            )
            .is_err()
        );
    }

    #[test]
    fn edits_are_values_that_survive_serde() {
        let edits = PlanEdit::Batch(vec![
            PlanEdit::set(
                RecordKind::Schemes,
                RecordId(2),
                Field::Money {
                    year: "2015/16".into(),
                    part: MoneyPart::Recurrent,
                },
                Value::Money(Amount::thousands(7)),
            ),
            PlanEdit::append(Risk {
                title: "Workforce".into(),
                ..Default::default()
            }),
            PlanEdit::Move {
                kind: RecordKind::Metrics,
                id: RecordId(4),
                to: 0,
            },
        ]);
        let text = serde_json::to_string(&edits).unwrap();
        assert_eq!(serde_json::from_str::<PlanEdit>(&text).unwrap(), edits);
    }
}
