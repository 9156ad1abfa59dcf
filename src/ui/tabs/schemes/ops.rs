//! Row operations on the plan's schemes. Each runs inside an edit command
//! (`cmds.edit`), so it is one undo step; record ids never change, new rows
//! get a fresh id from the plan, and a deleted scheme's links are removed.

use crate::model::{Amount, AmountField, Plan, RecordId, Scheme};

fn index_of(p: &Plan, id: RecordId) -> Option<usize> {
    p.schemes.iter().position(|s| s.id == id)
}

/// Adds an empty scheme after `after` (or at the end) and returns its id;
/// `None` (nothing added) when the plan has no id left.
pub fn add(p: &mut Plan, after: Option<RecordId>) -> Option<RecordId> {
    let id = p.alloc_id().ok()?;
    let at = after
        .and_then(|a| index_of(p, a))
        .map(|i| i + 1)
        .unwrap_or(p.schemes.len());
    p.schemes.insert(
        at,
        Scheme {
            id,
            ..Default::default()
        },
    );
    Some(id)
}

/// Copies a scheme (all fields and money) into a new row just after it.
pub fn duplicate(p: &mut Plan, id: RecordId) -> Option<RecordId> {
    let i = index_of(p, id)?;
    let new_id = p.alloc_id().ok()?;
    let mut copy = p.schemes[i].clone();
    copy.id = new_id;
    if !copy.name.trim().is_empty() {
        copy.name = format!("{} (copy)", copy.name.trim());
    }
    p.schemes.insert(i + 1, copy);
    // links to the original are not copied: a risk about one scheme is not
    // about its copy
    Some(new_id)
}

/// Deletes schemes and every link to them.
pub fn delete(p: &mut Plan, ids: &[RecordId]) {
    p.schemes.retain(|s| !ids.contains(&s.id));
    for id in ids {
        p.unlink(*id);
    }
}

/// Moves scheme `id` to where `target` is (so it lands just before
/// `target` when moving up, just after it when moving down).
pub fn move_to(p: &mut Plan, id: RecordId, target: RecordId) {
    let (Some(from), Some(to)) = (index_of(p, id), index_of(p, target)) else {
        return;
    };
    if from == to {
        return;
    }
    let s = p.schemes.remove(from);
    p.schemes.insert(to, s);
}

/// Puts the schemes in the given order; schemes not named keep their
/// relative order after the named ones.
pub fn apply_order(p: &mut Plan, order: &[RecordId]) {
    let pos: std::collections::HashMap<RecordId, usize> = order.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    // stable: unnamed ones keep their order, after the named ones
    p.schemes.sort_by_key(|s| pos.get(&s.id).copied().unwrap_or(usize::MAX));
}

/// Sets one amount of one year, forgetting any unreadable text kept for it.
pub fn set_amount(p: &mut Plan, id: RecordId, year: &str, field: AmountField, value: Option<Amount>) {
    if let Some(i) = index_of(p, id) {
        let y = p.schemes[i].year_mut(year);
        *y.get_mut(field) = value;
        y.set_unparsed(field, None);
    }
}

/// Keeps text typed into a money cell that is not an amount (the amount
/// itself does not change).
pub fn set_unparsed(p: &mut Plan, id: RecordId, year: &str, field: AmountField, text: Option<String>) {
    if let Some(i) = index_of(p, id) {
        p.schemes[i].year_mut(year).set_unparsed(field, text);
    }
}

/// Removes a year's money from a scheme (a year outside the plan).
pub fn remove_year(p: &mut Plan, id: RecordId, year: &str) {
    if let Some(i) = index_of(p, id) {
        p.schemes[i].years.retain(|y| y.year != year);
    }
}

/// Changes a scheme by id.
pub fn with_scheme(p: &mut Plan, id: RecordId, f: impl FnOnce(&mut Scheme)) {
    if let Some(i) = index_of(p, id) {
        f(&mut p.schemes[i]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Risk, SchemeYear};

    fn plan() -> Plan {
        let mut p = Plan::default();
        for n in ["A", "B", "C"] {
            let id = p.alloc_id().unwrap();
            p.schemes.push(Scheme {
                id,
                name: n.into(),
                years: vec![SchemeYear {
                    spend: Some(Amount::thousands(1)),
                    ..SchemeYear::new("2015/16")
                }],
                ..Default::default()
            });
        }
        p
    }

    fn names(p: &Plan) -> Vec<&str> {
        p.schemes.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn add_and_duplicate_give_fresh_ids_and_keep_the_others() {
        let mut p = plan();
        let before: Vec<RecordId> = p.schemes.iter().map(|s| s.id).collect();
        let id = add(&mut p, Some(RecordId(1))).unwrap();
        assert_eq!(p.schemes[1].id, id);
        assert!(!before.contains(&id));
        let d = duplicate(&mut p, RecordId(3)).unwrap();
        assert_eq!(names(&p), vec!["A", "", "B", "C", "C (copy)"]);
        assert_eq!(p.schemes[4].id, d);
        assert_eq!(p.schemes[4].years, p.schemes[3].years);
        let ids: Vec<RecordId> = p.schemes.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![RecordId(1), id, RecordId(2), RecordId(3), d]);
        // ids are never reused, even after a delete
        delete(&mut p, &[d]);
        let again = add(&mut p, None).unwrap();
        assert_ne!(again, d);
        // a plan with no id left adds nothing
        p.next_id = u64::MAX;
        let n = p.schemes.len();
        assert_eq!(add(&mut p, None), None);
        assert_eq!(duplicate(&mut p, RecordId(1)), None);
        assert_eq!(p.schemes.len(), n);
    }

    #[test]
    fn delete_unlinks() {
        let mut p = plan();
        p.risks.push(Risk {
            id: RecordId(50),
            scheme_ids: vec![RecordId(2), RecordId(3)],
            ..Default::default()
        });
        delete(&mut p, &[RecordId(2)]);
        assert_eq!(names(&p), vec!["A", "C"]);
        assert_eq!(p.risks[0].scheme_ids, vec![RecordId(3)]);
    }

    #[test]
    fn moves_and_orders() {
        let mut p = plan();
        move_to(&mut p, RecordId(3), RecordId(1));
        assert_eq!(names(&p), vec!["C", "A", "B"]);
        move_to(&mut p, RecordId(3), RecordId(2));
        assert_eq!(names(&p), vec!["A", "B", "C"]);
        apply_order(&mut p, &[RecordId(2), RecordId(3)]);
        assert_eq!(names(&p), vec!["B", "C", "A"]);
    }

    #[test]
    fn amounts_and_unread_text() {
        let mut p = plan();
        set_unparsed(&mut p, RecordId(1), "2015/16", AmountField::Spend, Some("12..3".into()));
        let y = p.schemes[0].year("2015/16").unwrap();
        assert_eq!(y.unparsed(AmountField::Spend), Some("12..3"));
        assert_eq!(y.spend, Some(Amount::thousands(1)));
        set_amount(
            &mut p,
            RecordId(1),
            "2015/16",
            AmountField::Spend,
            Some(Amount::thousands(12)),
        );
        let y = p.schemes[0].year("2015/16").unwrap();
        assert_eq!(y.unparsed(AmountField::Spend), None);
        assert_eq!(y.spend, Some(Amount::thousands(12)));
        // a year the scheme had no entry for is created
        set_amount(
            &mut p,
            RecordId(2),
            "2016/17",
            AmountField::Recurrent,
            Some(Amount::thousands(3)),
        );
        assert_eq!(
            p.schemes[1].year("2016/17").unwrap().recurrent,
            Some(Amount::thousands(3))
        );
        remove_year(&mut p, RecordId(2), "2016/17");
        assert!(p.schemes[1].year("2016/17").is_none());
    }
}
