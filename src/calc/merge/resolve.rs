//! Resolving a merge conflict by keeping one side: the plan then holds
//! that side's value (a removal removes, an order reorders) and the
//! conflict is gone. For the window's Conflicts panel (keep ours, take
//! theirs) and `opplan resolve`.

use super::tree::{from_tree, to_tree, to_tree_without};
use super::{NOT_IN_TREE, TreeError, key_of};
use crate::model::field::RecordKind;
use crate::model::record::Record;
use crate::model::{
    ConflictKind, MergeConflict, Metric, NarrativeSection, Objective, PathStep, Plan, RecordId, Risk, Scheme, Side,
    SignOff, Tree,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;

/// Why a conflict could not be resolved as asked. The plan is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// There is no conflict at that index.
    NoSuchConflict(usize),
    /// The place the conflict names is no longer in the plan (its record
    /// or list element was removed since): only keeping what the plan
    /// holds resolves it.
    Gone,
    /// The value does not fit the field (a conflict edited by hand).
    DoesNotFit(String),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::NoSuchConflict(i) => write!(f, "There is no merge conflict {}.", i + 1),
            ResolveError::Gone => f.write_str(
                "What the conflict is about is no longer in the plan (it was removed since): keep what the plan holds.",
            ),
            ResolveError::DoesNotFit(why) => write!(f, "That value does not fit the field ({why})."),
        }
    }
}

impl std::error::Error for ResolveError {}

impl From<TreeError> for ResolveError {
    fn from(e: TreeError) -> Self {
        ResolveError::DoesNotFit(e.0)
    }
}

/// Resolves conflict `index` by keeping `side`: its value goes into the
/// plan (nothing to do when the plan already holds it) and the conflict
/// is removed.
pub fn resolve(plan: &mut Plan, index: usize, side: Side) -> Result<(), ResolveError> {
    let c = plan
        .conflicts
        .get(index)
        .cloned()
        .ok_or(ResolveError::NoSuchConflict(index))?;
    if side != c.kept {
        apply(plan, &c, side)?;
        // the side's links to records the merged plan no longer has go, as
        // the merge drops them (so keeping a side gives what merging with
        // that side in place gives)
        super::drop_dangling_links(plan);
    }
    plan.conflicts.remove(index);
    Ok(())
}

/// Resolves every conflict by keeping `side`; the ones that cannot be
/// (see [`ResolveError::Gone`]) stay, and are returned with their errors.
pub fn resolve_all(plan: &mut Plan, side: Side) -> Vec<(MergeConflict, ResolveError)> {
    let mut failed = Vec::new();
    let mut i = 0;
    while i < plan.conflicts.len() {
        match resolve(plan, i, side) {
            Ok(()) => {}
            Err(e) => {
                failed.push((plan.conflicts[i].clone(), e));
                i += 1;
            }
        }
    }
    failed
}

/// What resolving does at the place: set a value (absent: remove it), or
/// put a list in an order (by its elements' keys).
enum Op<'a> {
    Set(&'a Tree),
    Order(&'a [Tree]),
}

fn op<'a>(c: &'a MergeConflict, side: Side) -> Result<Op<'a>, ResolveError> {
    match (c.kind, c.value(side)) {
        (ConflictKind::Order, Tree::List(keys)) => Ok(Op::Order(keys)),
        (ConflictKind::Order, _) => Err(ResolveError::DoesNotFit("an order is a list".into())),
        (_, v) => Ok(Op::Set(v)),
    }
}

/// Puts `side`'s value into the plan at the conflict's place.
fn apply(plan: &mut Plan, c: &MergeConflict, side: Side) -> Result<(), ResolveError> {
    let op = op(c, side)?;
    match c.path.as_slice() {
        [PathStep::Field(list), rest @ ..] if RecordKind::ALL.iter().any(|k| k.key() == list) => {
            let kind = RecordKind::ALL
                .into_iter()
                .find(|k| k.key() == list)
                .unwrap_or(RecordKind::Schemes);
            match kind {
                RecordKind::Schemes => in_records::<Scheme>(plan, rest, &op),
                RecordKind::Metrics => in_records::<Metric>(plan, rest, &op),
                RecordKind::Risks => in_records::<Risk>(plan, rest, &op),
                RecordKind::SignOffs => in_records::<SignOff>(plan, rest, &op),
                RecordKind::Objectives => in_records::<Objective>(plan, rest, &op),
                RecordKind::Sections => in_records::<NarrativeSection>(plan, rest, &op),
            }
        }
        path => {
            // the header, settings, history: through the plan's tree
            // without its records
            let mut rest = to_tree_without(plan, &NOT_IN_TREE)?;
            at(&mut rest, path, &op)?;
            let mut new: Plan = from_tree(&rest)?;
            new.schemes = std::mem::take(&mut plan.schemes);
            new.metrics = std::mem::take(&mut plan.metrics);
            new.risks = std::mem::take(&mut plan.risks);
            new.signoffs = std::mem::take(&mut plan.signoffs);
            new.next_id = plan.next_id;
            new.conflicts = std::mem::take(&mut plan.conflicts);
            *plan = new;
            Ok(())
        }
    }
}

/// The operation inside one kind's list of records: the list's order, a
/// whole record (set or removed), or a place inside one.
fn in_records<R: Record + Serialize + DeserializeOwned>(
    plan: &mut Plan,
    path: &[PathStep],
    op: &Op,
) -> Result<(), ResolveError> {
    let id_of = |t: &Tree| match t {
        Tree::Int(n) if *n > 0 => Some(RecordId(*n as u64)),
        _ => None,
    };
    match (path, op) {
        ([], Op::Order(keys)) => {
            let order: Vec<Option<RecordId>> = keys.iter().map(id_of).collect();
            let at = |id: RecordId| order.iter().position(|k| *k == Some(id)).unwrap_or(usize::MAX);
            R::all_mut(plan).sort_by_key(|r| at(r.id()));
            Ok(())
        }
        ([PathStep::Element(key, id), rest @ ..], op) if key == "id" => {
            let id = id_of(id).ok_or(ResolveError::Gone)?;
            let i = R::all(plan)
                .iter()
                .position(|r| r.id() == id)
                .ok_or(ResolveError::Gone)?;
            match (rest, op) {
                ([], Op::Set(Tree::Absent)) => {
                    R::all_mut(plan).remove(i);
                    plan.unlink(id);
                }
                ([], Op::Set(v)) => {
                    let mut r: R = from_tree(v)?;
                    r.set_id(id);
                    R::all_mut(plan)[i] = r;
                }
                (rest, op) => {
                    let mut tree = to_tree(&R::all(plan)[i])?;
                    at(&mut tree, rest, op)?;
                    let mut r: R = from_tree(&tree)?;
                    r.set_id(id);
                    R::all_mut(plan)[i] = r;
                }
            }
            Ok(())
        }
        _ => Err(ResolveError::Gone),
    }
}

/// Does `op` at `path` inside `t`.
fn at(t: &mut Tree, path: &[PathStep], op: &Op) -> Result<(), ResolveError> {
    let Some((last, parents)) = path.split_last() else {
        return match op {
            Op::Set(v) => {
                *t = (*v).clone();
                Ok(())
            }
            Op::Order(keys) => order(t, keys),
        };
    };
    let mut here = t;
    for step in parents {
        here = child(here, step).ok_or(ResolveError::Gone)?;
    }
    match op {
        Op::Order(keys) => order(child(here, last).ok_or(ResolveError::Gone)?, keys),
        Op::Set(v) => set(here, last, v),
    }
}

/// Sets (or with [`Tree::Absent`] removes) the part `step` names.
fn set(parent: &mut Tree, step: &PathStep, v: &Tree) -> Result<(), ResolveError> {
    let parent = match parent {
        Tree::Given(inner) => &mut **inner,
        other => other,
    };
    match (parent, step) {
        (Tree::Struct(fields), PathStep::Field(n)) => {
            let i = fields.iter().position(|(k, _)| k == n);
            match (i, v) {
                (Some(i), Tree::Absent) => {
                    fields.remove(i);
                }
                (Some(i), v) => fields[i].1 = v.clone(),
                (None, Tree::Absent) => {}
                (None, v) => fields.push((n.clone(), v.clone())),
            }
            Ok(())
        }
        (Tree::List(items), PathStep::Element(key, value)) => {
            let i = items.iter().position(|e| element_is(e, key, value));
            match (i, v) {
                (Some(i), Tree::Absent) => {
                    items.remove(i);
                }
                (Some(i), v) => items[i] = v.clone(),
                (None, Tree::Absent) => {}
                (None, v) => items.push(v.clone()),
            }
            Ok(())
        }
        _ => Err(ResolveError::Gone),
    }
}

fn element_is(e: &Tree, key: &str, value: &Tree) -> bool {
    if key.is_empty() {
        e == value
    } else {
        e.field(key) == Some(value)
    }
}

/// The part of `t` a step names.
fn child<'a>(t: &'a mut Tree, step: &PathStep) -> Option<&'a mut Tree> {
    let t = match t {
        Tree::Given(inner) => &mut **inner,
        other => other,
    };
    match (t, step) {
        (Tree::Struct(fields), PathStep::Field(n)) => fields.iter_mut().find(|(k, _)| k == n).map(|(_, v)| v),
        (Tree::List(items), PathStep::Element(key, value)) => items.iter_mut().find(|e| element_is(e, key, value)),
        _ => None,
    }
}

/// Puts a list in the order of `keys` (elements with other keys after,
/// as they were).
fn order(list: &mut Tree, keys: &[Tree]) -> Result<(), ResolveError> {
    let Tree::List(items) = list else {
        return Err(ResolveError::Gone);
    };
    let key = super::list_key(&[items]).ok_or(ResolveError::Gone)?;
    let pos = |e: &Tree| {
        key_of(e, key)
            .and_then(|k| keys.iter().position(|x| x == k))
            .unwrap_or(usize::MAX)
    };
    items.sort_by_key(|e| pos(e));
    Ok(())
}
