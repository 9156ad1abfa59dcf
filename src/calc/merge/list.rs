//! The three-way merge of a list whose elements have keys (records by id,
//! a scheme's years by year, a metric's periods by label, plain values by
//! themselves): which elements the result keeps, and in what order. The
//! elements' contents are merged by the caller.

use crate::model::Side;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// Where one key's element is in each version (its index), if there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Slot {
    pub base: Option<usize>,
    pub ours: Option<usize>,
    pub theirs: Option<usize>,
}

/// An element the result keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept<K> {
    pub key: K,
    pub slot: Slot,
    /// The side that removed the element when the other side changed it
    /// (a conflict: it is kept, so nothing is lost).
    pub removed_by: Option<Side>,
}

/// The elements of the merged list, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout<K> {
    pub kept: Vec<Kept<K>>,
    /// Both sides reordered the elements they share, differently: the
    /// result follows ours.
    pub order_conflict: bool,
}

/// Lays out the merge of three versions of a list given as their keys
/// (unique within each version). `changed(side, base_index, side_index)`
/// says whether a side's element differs from the base's.
///
/// - An element both sides have is kept; one side added is kept; one
///   side removed is dropped if the other left it as it was, else kept
///   (`removed_by` says who removed it).
/// - Order: the elements all three versions share follow the side that
///   reordered them (ours when both did, alike or not; differently is an
///   order conflict). Every other element goes before the shared element
///   it precedes in its own version (at the end when none follows it, so
///   what a side appended stays at the end); when both sides put elements
///   in the same place, the block whose first key is smaller comes first,
///   so the result does not depend on which side is ours.
pub fn layout<K: Clone + Eq + Hash + Ord>(
    base: &[K],
    ours: &[K],
    theirs: &[K],
    changed: impl Fn(Side, usize, usize) -> bool,
) -> Layout<K> {
    let index = |v: &[K]| -> HashMap<K, usize> { v.iter().cloned().enumerate().map(|(i, k)| (k, i)).collect() };
    let (bi, oi, ti) = (index(base), index(ours), index(theirs));
    let slot = |k: &K| Slot {
        base: bi.get(k).copied(),
        ours: oi.get(k).copied(),
        theirs: ti.get(k).copied(),
    };
    // what happens to each key
    let fate = |s: Slot| -> Option<Option<Side>> {
        match (s.base, s.ours, s.theirs) {
            (_, Some(_), Some(_)) | (None, Some(_), None) | (None, None, Some(_)) => Some(None),
            (Some(b), Some(o), None) => changed(Side::Ours, b, o).then_some(Some(Side::Theirs)),
            (Some(b), None, Some(t)) => changed(Side::Theirs, b, t).then_some(Some(Side::Ours)),
            _ => None,
        }
    };
    let mut kept_fate: HashMap<K, Option<Side>> = HashMap::new();
    for k in ours.iter().chain(theirs) {
        if !kept_fate.contains_key(k)
            && let Some(f) = fate(slot(k))
        {
            kept_fate.insert(k.clone(), f);
        }
    }
    // the shared elements, in each version's order
    let shared = |v: &[K]| -> Vec<K> {
        v.iter()
            .filter(|k| bi.contains_key(*k) && oi.contains_key(*k) && ti.contains_key(*k))
            .cloned()
            .collect()
    };
    let (sb, so, st) = (shared(base), shared(ours), shared(theirs));
    let (skeleton, order_conflict) = if so == st || st == sb {
        (so, false)
    } else if so == sb {
        (st, false)
    } else {
        (so, true)
    };
    let in_skeleton: HashSet<&K> = skeleton.iter().collect();
    // the others, in blocks before the shared element they precede in
    // their own version (None: at the end), ours' block and theirs'
    let mut blocks: HashMap<Option<K>, [Vec<K>; 2]> = HashMap::new();
    for (side, list) in [(0, ours), (1, theirs)] {
        let mut next: Option<K> = None;
        for k in list.iter().rev() {
            if in_skeleton.contains(k) {
                next = Some(k.clone());
            } else if kept_fate.contains_key(k) && (side == 0 || !oi.contains_key(k)) {
                blocks.entry(next.clone()).or_default()[side].push(k.clone());
            }
        }
    }
    let mut kept = Vec::with_capacity(kept_fate.len());
    let push = |k: K, kept: &mut Vec<Kept<K>>| {
        let removed_by = kept_fate.get(&k).copied().flatten();
        kept.push(Kept {
            slot: slot(&k),
            key: k,
            removed_by,
        });
    };
    let mut place = |next: Option<K>, kept: &mut Vec<Kept<K>>| {
        if let Some([mut a, mut b]) = blocks.remove(&next) {
            // collected backwards
            a.reverse();
            b.reverse();
            let (first, second) = match (a.first(), b.first()) {
                (Some(x), Some(y)) if y < x => (b, a),
                _ => (a, b),
            };
            for k in first.into_iter().chain(second) {
                push(k, kept);
            }
        }
    };
    for k in skeleton {
        place(Some(k.clone()), &mut kept);
        push(k, &mut kept);
    }
    place(None, &mut kept);
    Layout { kept, order_conflict }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of the merged list, no element changed by either side.
    fn merged(b: &[&str], o: &[&str], t: &[&str]) -> (Vec<String>, bool) {
        let l = layout(b, o, t, |_, _, _| false);
        (l.kept.iter().map(|k| k.key.to_string()).collect(), l.order_conflict)
    }

    #[test]
    fn additions_and_removals_of_either_side_are_taken() {
        assert_eq!(merged(&["a", "b"], &["a", "b", "c"], &["a", "b"]).0, ["a", "b", "c"]);
        assert_eq!(merged(&["a", "b"], &["a", "b"], &["x", "a", "b"]).0, ["x", "a", "b"]);
        assert_eq!(
            merged(&["a", "b", "c"], &["a", "c"], &["a", "b", "c", "d"]).0,
            ["a", "c", "d"]
        );
        // the same removal on both sides
        assert_eq!(merged(&["a", "b"], &["a"], &["a"]).0, ["a"]);
        // both add in one place: the smaller key first, whichever side is ours
        assert_eq!(merged(&["a"], &["a", "m"], &["a", "k"]).0, ["a", "k", "m"]);
        assert_eq!(merged(&["a"], &["a", "k"], &["a", "m"]).0, ["a", "k", "m"]);
        // one side's additions keep their order
        assert_eq!(merged(&["a"], &["z", "a", "y"], &["a"]).0, ["z", "a", "y"]);
    }

    #[test]
    fn a_reorder_on_one_side_is_taken_and_on_both_is_a_conflict_unless_alike() {
        assert_eq!(
            merged(&["a", "b", "c"], &["c", "a", "b"], &["a", "b", "c", "d"]),
            (vec!["c".into(), "a".into(), "b".into(), "d".into()], false)
        );
        assert_eq!(
            merged(&["a", "b", "c"], &["a", "b", "c"], &["b", "a", "c"]).0,
            ["b", "a", "c"]
        );
        assert!(!merged(&["a", "b", "c"], &["b", "a", "c"], &["b", "a", "c"]).1);
        let (keys, conflict) = merged(&["a", "b", "c"], &["c", "b", "a"], &["b", "a", "c"]);
        assert!(conflict);
        assert_eq!(keys, ["c", "b", "a"], "ours' order is kept");
    }

    #[test]
    fn a_removal_against_a_change_keeps_the_element_and_says_who_removed_it() {
        // ours changed "b", theirs removed it
        let l = layout(&["a", "b"], &["a", "b"], &["a"], |side, _, i| {
            side == Side::Ours && i == 1
        });
        assert_eq!(l.kept.len(), 2);
        assert_eq!(l.kept[1].removed_by, Some(Side::Theirs));
        // removed unchanged: gone
        let l = layout(&["a", "b"], &["a", "b"], &["a"], |_, _, _| false);
        assert_eq!(l.kept.len(), 1);
    }
}
