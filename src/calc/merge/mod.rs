//! Three-way merge of plans (issue 17): the common ancestor BASE and two
//! versions OURS and THEIRS in, one plan out, with the conflicts it holds.
//! Pure: no files (the command line and git's merge driver are in
//! `cli::merge`).
//!
//! **A tree merge.** Every version is taken apart through serde into
//! [`Tree`]s ([`tree`]) and merged structurally: structs field by field,
//! lists whose elements have keys element by element (records by `id`,
//! a scheme's years and a plan's budgets by `year`, a metric's periods
//! and a plan's statuses by `label`, text not read as money by `field`,
//! lists of distinct plain values such as the CCGs or a risk's links by
//! the values themselves), and everything else (an amount, a date, a
//! figure, a risk's mitigations, the history) whole. So every stored value
//! is compared, including the ones no form shows (a sign-off's signed
//! fingerprint, text kept from a money cell), and record kinds or fields
//! added later are merged without a change here. Only the four record
//! lists are walked as typed records first, so that records nobody
//! changed on both sides (nearly all of them) are never taken apart.
//!
//! **The rules**, value by value: what one side changed is taken; the
//! same change on both is taken once; different changes, or a change on
//! one side against a removal on the other, are a [`MergeConflict`]. A
//! conflict keeps ours in the plan (or, against a removal, the changed
//! version: nothing is lost) and records base, ours and theirs. Lists keep
//! their order as the side that reordered them has it (both, differently:
//! an order conflict). Records both sides added with the same id are two
//! records: theirs get fresh ids, and every link to them follows
//! ([`Renumbered`]). `next_id` is beyond every id either side handed out.

pub mod list;
pub mod resolve;
pub mod tree;
pub mod words;

pub use resolve::{ResolveError, resolve, resolve_all};
pub use tree::{TreeError, from_tree, to_tree};

use crate::model::field::RecordKind;
use crate::model::record::Record;
use crate::model::{
    ConflictKind, IdsExhausted, MergeConflict, Metric, Name, NarrativeSection, Objective, PathStep, Plan, RecordId,
    Risk, Scheme, Side, SignOff, Tree,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// The fields of a plan the merge does not take apart as a tree: the
/// record lists (merged as typed records), the next id (computed) and the
/// conflicts (merged as a set).
/// (`format_version` is what each file was written as, not content: a
/// merged plan is the in-memory version, written as its content needs.)
pub(crate) const NOT_IN_TREE: [&str; 7] = [
    "format_version",
    "schemes",
    "metrics",
    "risks",
    "signoffs",
    "next_id",
    "conflicts",
];

/// The fields by which list elements are matched, in order of preference:
/// a list of structs that all have one of them, with a different plain
/// value in each element of each version, is merged element by element.
const KEYS: [&str; 4] = ["id", "year", "label", "field"];

/// A record of theirs given a new id because ours added a different
/// record with the same one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Renumbered {
    pub kind: RecordKind,
    pub from: RecordId,
    pub to: RecordId,
}

/// A link dropped because the record it pointed at is in neither merged
/// side any more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlinked {
    pub kind: RecordKind,
    pub id: RecordId,
    pub target: RecordId,
}

/// The merged plan and what the merge did.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The plan, holding every conflict (those the versions already had
    /// and the new ones) in [`Plan::conflicts`].
    pub plan: Plan,
    /// The conflicts this merge found (also in `plan.conflicts`).
    pub new_conflicts: usize,
    pub renumbered: Vec<Renumbered>,
    pub unlinked: Vec<Unlinked>,
    /// Records each side added, removed or changed against the base
    /// (ours, theirs).
    pub changed_records: (usize, usize),
}

impl Merged {
    /// True when the plan holds no conflicts.
    pub fn is_clean(&self) -> bool {
        self.plan.conflicts.is_empty()
    }
}

/// Why a merge gave no plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeError {
    /// Fresh ids for theirs would go beyond the last id.
    IdsExhausted,
    /// A version could not be taken apart or put together again: a fault
    /// in opplan.
    Tree(TreeError),
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::IdsExhausted => write!(
                f,
                "both sides added records with the same ids, and giving theirs new ids would go beyond the last id: {IdsExhausted}"
            ),
            MergeError::Tree(e) => write!(
                f,
                "the plans could not be merged ({e}); this is a fault in opplan, please report it"
            ),
        }
    }
}

impl std::error::Error for MergeError {}

impl From<TreeError> for MergeError {
    fn from(e: TreeError) -> Self {
        MergeError::Tree(e)
    }
}

/// What a merge collects on its way down: the path to where it is and
/// the conflicts met.
#[derive(Default)]
struct Ctx {
    path: Vec<PathStep>,
    conflicts: Vec<MergeConflict>,
}

impl Ctx {
    fn conflict(&mut self, kind: ConflictKind, base: &Tree, ours: &Tree, theirs: &Tree, kept: Side) {
        self.conflicts.push(MergeConflict {
            kind,
            path: self.path.clone(),
            base: base.clone(),
            ours: ours.clone(),
            theirs: theirs.clone(),
            kept,
        });
    }
}

/// Merges OURS and THEIRS, both descended from BASE.
pub fn merge(base: &Plan, ours: &Plan, theirs: &Plan) -> Result<Merged, MergeError> {
    let (theirs, renumbered) = renumber(base, ours, theirs)?;
    let theirs: &Plan = &theirs;
    let mut cx = Ctx::default();
    // the header, settings, history and whatever else is not a record list
    let rest = |p: &Plan| tree::to_tree_without(p, &NOT_IN_TREE);
    let merged_rest = merge_value(&rest(base)?, &rest(ours)?, &rest(theirs)?, &mut cx);
    let mut plan: Plan = from_tree(&merged_rest)?;
    // records theirs or ours newly links to count as changed by that side
    let linked = [newly_linked(base, ours), newly_linked(base, theirs)];
    let mut changed = (0, 0);
    plan.schemes = merge_records::<Scheme>(base, ours, theirs, &linked, &mut changed, &mut cx)?;
    plan.metrics = merge_records::<Metric>(base, ours, theirs, &linked, &mut changed, &mut cx)?;
    plan.risks = merge_records::<Risk>(base, ours, theirs, &linked, &mut changed, &mut cx)?;
    plan.signoffs = merge_records::<SignOff>(base, ours, theirs, &linked, &mut changed, &mut cx)?;
    let unlinked = drop_dangling_links(&mut plan);
    plan.next_id = [base, ours, theirs]
        .iter()
        .map(|p| p.next_id)
        .chain([plan.max_id().saturating_add(1)])
        .max()
        .unwrap_or(1);
    let new_conflicts = cx.conflicts.len();
    plan.conflicts = merge_sets(&base.conflicts, &ours.conflicts, &theirs.conflicts);
    plan.conflicts.extend(cx.conflicts);
    Ok(Merged {
        plan,
        new_conflicts,
        renumbered,
        unlinked,
        changed_records: changed,
    })
}

/// The three-way merge of one value (`Tree::Absent` where a version has
/// none). Gives the merged value; conflicts go to `cx`, keeping ours.
fn merge_value(b: &Tree, o: &Tree, t: &Tree, cx: &mut Ctx) -> Tree {
    if o == t || b == t {
        return o.clone();
    }
    if b == o {
        return t.clone();
    }
    let base_of = |b: &Tree| -> Option<Tree> {
        match b {
            Tree::Absent | Tree::Null => Some(Tree::Absent),
            _ => None,
        }
    };
    match (o, t) {
        (Tree::Struct(of), Tree::Struct(tf)) => {
            let empty = Vec::new();
            let bf = match b {
                Tree::Struct(bf) => Some(bf),
                Tree::Absent | Tree::Null => Some(&empty),
                _ => None,
            };
            if let Some(bf) = bf {
                return Tree::Struct(merge_fields(bf, of, tf, cx));
            }
        }
        // an option holding a struct on both sides: field by field
        (Tree::Given(oi), Tree::Given(ti)) if matches!((&**oi, &**ti), (Tree::Struct(_), Tree::Struct(_))) => {
            let bi = match b {
                Tree::Given(bi) if matches!(&**bi, Tree::Struct(_)) => Some((**bi).clone()),
                other => base_of(other),
            };
            if let Some(bi) = bi {
                return Tree::Given(Box::new(merge_value(&bi, oi, ti, cx)));
            }
        }
        (Tree::List(ol), Tree::List(tl)) => {
            let empty = Vec::new();
            let bl = match b {
                Tree::List(bl) => Some(bl),
                Tree::Absent => Some(&empty),
                _ => None,
            };
            if let Some(bl) = bl
                && let Some(key) = list_key(&[bl, ol, tl])
            {
                return Tree::List(merge_keyed(bl, ol, tl, key, cx));
            }
        }
        _ => {}
    }
    cx.conflict(ConflictKind::Changed, b, o, t, Side::Ours);
    o.clone()
}

/// A struct's fields merged one by one (a field a version does not write
/// is absent there), in ours' order then theirs' new ones.
fn merge_fields(b: &[(Name, Tree)], o: &[(Name, Tree)], t: &[(Name, Tree)], cx: &mut Ctx) -> Vec<(Name, Tree)> {
    let get = |v: &[(Name, Tree)], n: &str| -> Tree {
        v.iter()
            .find(|(k, _)| k == n)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut names: Vec<&Name> = o.iter().map(|(n, _)| n).collect();
    for (n, _) in t.iter().chain(b) {
        if !names.contains(&n) {
            names.push(n);
        }
    }
    let mut out = Vec::with_capacity(names.len());
    for n in names {
        cx.path.push(PathStep::Field(n.clone()));
        let v = merge_value(&get(b, n), &get(o, n), &get(t, n), cx);
        cx.path.pop();
        if !v.is_absent() {
            out.push((n.clone(), v));
        }
    }
    out
}

/// How a list's elements are matched across versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ListKey {
    /// By the struct field of this name.
    Field(&'static str),
    /// Plain values, by themselves.
    Value,
}

fn is_plain(t: &Tree) -> bool {
    matches!(t, Tree::Int(_) | Tree::Text(_) | Tree::Bool(_) | Tree::UnitVariant(_))
}

/// The key of an element, when it has one of that kind.
fn key_of(t: &Tree, key: ListKey) -> Option<&Tree> {
    match key {
        ListKey::Value => is_plain(t).then_some(t),
        ListKey::Field(f) => t.field(f).filter(|v| is_plain(v)),
    }
}

/// How the lists can be matched: every element of every version has a
/// key of one kind, different from the others' in its version. `None`:
/// the lists are merged whole.
fn list_key(lists: &[&Vec<Tree>]) -> Option<ListKey> {
    let fits = |key: ListKey| {
        lists.iter().all(|l| {
            let mut seen = HashSet::with_capacity(l.len());
            l.iter().all(|e| key_of(e, key).is_some_and(|k| seen.insert(k)))
        })
    };
    KEYS.iter()
        .map(|f| ListKey::Field(f))
        .chain([ListKey::Value])
        .find(|&k| fits(k))
}

/// A keyed list merged element by element (see [`list::layout`]).
fn merge_keyed(b: &[Tree], o: &[Tree], t: &[Tree], key: ListKey, cx: &mut Ctx) -> Vec<Tree> {
    let keys = |v: &[Tree]| -> Vec<Tree> { v.iter().map(|e| key_of(e, key).cloned().unwrap_or_default()).collect() };
    let (kb, ko, kt) = (keys(b), keys(o), keys(t));
    let layout = list::layout(&kb, &ko, &kt, |side, bi, si| match side {
        Side::Ours => o[si] != b[bi],
        Side::Theirs => t[si] != b[bi],
    });
    let field: Name = match key {
        ListKey::Field(f) => Cow::Borrowed(f),
        ListKey::Value => Cow::Borrowed(""),
    };
    if layout.order_conflict {
        cx.conflict(
            ConflictKind::Order,
            &Tree::List(kb),
            &Tree::List(ko),
            &Tree::List(kt),
            Side::Ours,
        );
    }
    let at = |v: &[Tree], i: Option<usize>| i.map(|i| v[i].clone()).unwrap_or_default();
    layout
        .kept
        .into_iter()
        .map(|k| {
            let (eb, eo, et) = (at(b, k.slot.base), at(o, k.slot.ours), at(t, k.slot.theirs));
            cx.path.push(PathStep::Element(field.clone(), k.key));
            let v = match k.removed_by {
                Some(side) => {
                    cx.conflict(ConflictKind::Removed, &eb, &eo, &et, side.other());
                    if side == Side::Ours { et } else { eo }
                }
                None => match (k.slot.ours, k.slot.theirs) {
                    (Some(_), Some(_)) => merge_value(&eb, &eo, &et, cx),
                    (Some(_), None) => eo,
                    _ => et,
                },
            };
            cx.path.pop();
            v
        })
        .collect()
}

/// The ids each record of `side` links to that the same record did not
/// link to in `base` (a record new in `side`: all its links).
fn newly_linked(base: &Plan, side: &Plan) -> HashSet<RecordId> {
    let mut out = HashSet::new();
    let old = |id: RecordId| -> Vec<RecordId> {
        if let Some(m) = base.metric(id) {
            return m.scheme_ids.clone();
        }
        if let Some(r) = base.risk(id) {
            return r.scheme_ids.iter().chain(&r.metric_ids).copied().collect();
        }
        Vec::new()
    };
    let mut note = |id: RecordId, links: &mut dyn Iterator<Item = &RecordId>| {
        let before = old(id);
        out.extend(links.filter(|l| !before.contains(l)).copied());
    };
    for m in &side.metrics {
        note(m.id, &mut m.scheme_ids.iter());
    }
    for r in &side.risks {
        note(r.id, &mut r.scheme_ids.iter().chain(&r.metric_ids));
    }
    out
}

/// One kind's records merged: matched by id, records changed on one side
/// taken whole, records changed on both merged field by field.
fn merge_records<R: Record + Serialize + DeserializeOwned + PartialEq>(
    base: &Plan,
    ours: &Plan,
    theirs: &Plan,
    linked: &[HashSet<RecordId>; 2],
    changed: &mut (usize, usize),
    cx: &mut Ctx,
) -> Result<Vec<R>, MergeError> {
    let (b, o, t) = (R::all(base), R::all(ours), R::all(theirs));
    let ids = |v: &[R]| -> Vec<RecordId> { v.iter().map(|r| r.id()).collect() };
    let (kb, ko, kt) = (ids(b), ids(o), ids(t));
    let layout = list::layout(&kb, &ko, &kt, |side, bi, si| match side {
        Side::Ours => o[si] != b[bi] || linked[0].contains(&o[si].id()),
        Side::Theirs => t[si] != b[bi] || linked[1].contains(&t[si].id()),
    });
    count_changes(b, o, &mut changed.0);
    count_changes(b, t, &mut changed.1);
    let list: Name = Cow::Borrowed(R::KIND.key());
    cx.path.push(PathStep::Field(list));
    if layout.order_conflict {
        let keys = |v: &[RecordId]| Tree::List(v.iter().map(|id| id_tree(*id)).collect());
        cx.conflict(ConflictKind::Order, &keys(&kb), &keys(&ko), &keys(&kt), Side::Ours);
    }
    let mut out = Vec::with_capacity(layout.kept.len());
    for k in layout.kept {
        let s = k.slot;
        cx.path.push(PathStep::Element(Cow::Borrowed("id"), id_tree(k.key)));
        let r = match k.removed_by {
            Some(side) => {
                let tree_at = |v: &[R], i: Option<usize>| i.map(|i| to_tree(&v[i])).transpose();
                let (eb, eo, et) = (
                    tree_at(b, s.base)?.unwrap_or_default(),
                    tree_at(o, s.ours)?.unwrap_or_default(),
                    tree_at(t, s.theirs)?.unwrap_or_default(),
                );
                cx.conflict(ConflictKind::Removed, &eb, &eo, &et, side.other());
                match (s.ours, s.theirs) {
                    (Some(i), _) => o[i].clone(),
                    (_, Some(i)) => t[i].clone(),
                    _ => unreachable!("a kept record is in ours or theirs"),
                }
            }
            None => match (s.ours, s.theirs) {
                (Some(i), Some(j)) => merge_record(s.base.map(|x| &b[x]), &o[i], &t[j], cx)?,
                (Some(i), None) => o[i].clone(),
                (None, Some(j)) => t[j].clone(),
                (None, None) => unreachable!("a kept record is in ours or theirs"),
            },
        };
        cx.path.pop();
        out.push(r);
    }
    cx.path.pop();
    Ok(out)
}

fn id_tree(id: RecordId) -> Tree {
    // ids are at most 2^53 - 1 (the loader refuses larger ones)
    Tree::Int(i64::try_from(id.0).unwrap_or(i64::MAX))
}

/// Adds the records of `side` added, removed or changed against `base`.
fn count_changes<R: Record + PartialEq>(base: &[R], side: &[R], n: &mut usize) {
    let at: HashMap<RecordId, &R> = base.iter().map(|r| (r.id(), r)).collect();
    let ids: HashSet<RecordId> = side.iter().map(|r| r.id()).collect();
    *n += side.iter().filter(|r| at.get(&r.id()).is_none_or(|b| *b != *r)).count();
    *n += base.iter().filter(|r| !ids.contains(&r.id())).count();
}

/// A record both sides have: taken whole when one side left it as it was,
/// else merged field by field (a tree that does not make a record again,
/// which the model's types never give, keeps ours whole as a conflict).
fn merge_record<R: Record + Serialize + DeserializeOwned + PartialEq>(
    b: Option<&R>,
    o: &R,
    t: &R,
    cx: &mut Ctx,
) -> Result<R, MergeError> {
    if o == t {
        return Ok(o.clone());
    }
    if let Some(b) = b {
        if b == o {
            return Ok(t.clone());
        }
        if b == t {
            return Ok(o.clone());
        }
    }
    let bt = b.map(to_tree).transpose()?.unwrap_or_default();
    let (ot, tt) = (to_tree(o)?, to_tree(t)?);
    let before = cx.conflicts.len();
    let merged = merge_value(&bt, &ot, &tt, cx);
    match from_tree::<R>(&merged) {
        Ok(r) => Ok(r),
        Err(_) => {
            cx.conflicts.truncate(before);
            cx.conflict(ConflictKind::Changed, &bt, &ot, &tt, Side::Ours);
            Ok(o.clone())
        }
    }
}

/// The elements of a set merged: each one both have, or one side added;
/// none one side removed. Ours' order, then theirs' additions.
fn merge_sets<T: PartialEq + Clone>(b: &[T], o: &[T], t: &[T]) -> Vec<T> {
    let mut out: Vec<T> = o.iter().filter(|x| t.contains(x) || !b.contains(x)).cloned().collect();
    for x in t {
        if !b.contains(x) && !out.contains(x) {
            out.push(x.clone());
        }
    }
    out
}

/// Theirs, with fresh ids for the records it added under an id that ours
/// (or the base) uses for another record, and its links to them moved
/// along. A record both added alike is the same addition and keeps its id.
fn renumber<'a>(base: &Plan, ours: &Plan, theirs: &'a Plan) -> Result<(Cow<'a, Plan>, Vec<Renumbered>), MergeError> {
    fn kinds(p: &Plan) -> HashMap<RecordId, RecordKind> {
        RecordKind::ALL
            .into_iter()
            .flat_map(|k| k.ids(p).into_iter().map(move |id| (id, k)))
            .collect()
    }
    fn same<R: Record + PartialEq>(a: &Plan, b: &Plan, id: RecordId) -> bool {
        let find = |p: &Plan| R::all(p).iter().find(|r| r.id() == id).cloned();
        matches!((find(a), find(b)), (Some(x), Some(y)) if x == y)
    }
    let (in_base, in_ours) = (kinds(base), kinds(ours));
    let mut clashes: Vec<(RecordKind, RecordId)> = Vec::new();
    for kind in RecordKind::ALL {
        for id in kind.ids(theirs) {
            if in_base.get(&id) == Some(&kind) {
                continue; // a record of the base
            }
            if !in_base.contains_key(&id) && !in_ours.contains_key(&id) {
                continue; // new, and nobody else uses its id
            }
            let alike = !in_base.contains_key(&id)
                && in_ours.get(&id) == Some(&kind)
                && match kind {
                    RecordKind::Schemes => same::<Scheme>(ours, theirs, id),
                    RecordKind::Metrics => same::<Metric>(ours, theirs, id),
                    RecordKind::Risks => same::<Risk>(ours, theirs, id),
                    RecordKind::SignOffs => same::<SignOff>(ours, theirs, id),
                    RecordKind::Objectives => same::<Objective>(ours, theirs, id),
                    RecordKind::Sections => same::<NarrativeSection>(ours, theirs, id),
                };
            if !alike {
                clashes.push((kind, id));
            }
        }
    }
    if clashes.is_empty() {
        return Ok((Cow::Borrowed(theirs), Vec::new()));
    }
    let mut next = [base, ours, theirs]
        .iter()
        .map(|p| p.next_id.max(p.max_id().saturating_add(1)))
        .max()
        .unwrap_or(1)
        .max(1);
    let mut plan = theirs.clone();
    let mut moved: HashMap<RecordId, RecordId> = HashMap::new();
    let mut out = Vec::new();
    for (kind, from) in clashes {
        if next > crate::model::limits::MAX_ID {
            return Err(MergeError::IdsExhausted);
        }
        let to = RecordId(next);
        next += 1;
        fn set<R: Record>(p: &mut Plan, from: RecordId, to: RecordId) {
            if let Some(r) = R::all_mut(p).iter_mut().find(|r| r.id() == from) {
                r.set_id(to);
            }
        }
        match kind {
            RecordKind::Schemes => set::<Scheme>(&mut plan, from, to),
            RecordKind::Metrics => set::<Metric>(&mut plan, from, to),
            RecordKind::Risks => set::<Risk>(&mut plan, from, to),
            RecordKind::SignOffs => set::<SignOff>(&mut plan, from, to),
            RecordKind::Objectives => set::<Objective>(&mut plan, from, to),
            RecordKind::Sections => set::<NarrativeSection>(&mut plan, from, to),
        }
        moved.insert(from, to);
        out.push(Renumbered { kind, from, to });
    }
    for links in plan.links_mut() {
        for id in links.iter_mut() {
            if let Some(to) = moved.get(id) {
                *id = *to;
            }
        }
    }
    plan.next_id = next;
    Ok((Cow::Owned(plan), out))
}

/// Every link of the plan to a record it does not have: the record
/// holding the link (a metric's schemes; a risk's schemes, metrics and
/// objectives; an objective's schemes, metrics and risks) and the id it
/// points at, in plan order. `opplan check` flags these.
pub fn dangling_links(plan: &Plan) -> Vec<Unlinked> {
    let ids: HashSet<RecordId> = plan.all_ids().collect();
    let mut out = Vec::new();
    let mut check = |kind: RecordKind, id: RecordId, links: &[RecordId]| {
        out.extend(
            links
                .iter()
                .filter(|l| !ids.contains(l))
                .map(|&target| Unlinked { kind, id, target }),
        );
    };
    for m in &plan.metrics {
        check(RecordKind::Metrics, m.id, &m.scheme_ids);
    }
    for r in &plan.risks {
        for links in [&r.scheme_ids, &r.metric_ids, &r.objective_ids] {
            check(RecordKind::Risks, r.id, links);
        }
    }
    for o in &plan.objectives {
        for links in [&o.scheme_ids, &o.metric_ids, &o.risk_ids] {
            check(RecordKind::Objectives, o.id, links);
        }
    }
    out
}

/// Removes links to records the merged plan does not have (a link both
/// sides kept to a record one side removed without unlinking it).
pub(super) fn drop_dangling_links(plan: &mut Plan) -> Vec<Unlinked> {
    let out = dangling_links(plan);
    if !out.is_empty() {
        let ids: HashSet<RecordId> = plan.all_ids().collect();
        for links in plan.links_mut() {
            links.retain(|l| ids.contains(l));
        }
    }
    out
}
