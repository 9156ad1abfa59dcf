//! Row operations on the plan's schemes, as edits ([`PlanEdit`]) made from
//! the plan the tab shows; the app applies each as one undo step. Record
//! ids never change, new rows get a fresh id when the edit is applied, and
//! a deleted scheme's links go with it (`model::edit::apply` does both).

use crate::model::{AmountField, Field, MoneyPart, Plan, PlanEdit, RecordId, RecordKind, Scheme, Value};
use crate::ui::cells::MoneyChange;

fn index_of(p: &Plan, id: RecordId) -> Option<usize> {
    p.schemes.iter().position(|s| s.id == id)
}

/// An empty scheme after `after` (or at the end when it is not given or
/// not there).
pub fn add(p: &Plan, after: Option<RecordId>) -> PlanEdit {
    PlanEdit::Insert {
        at: after.and_then(|a| index_of(p, a)).map(|i| i + 1),
        record: Scheme::default().into(),
    }
}

/// An empty scheme at the top.
pub fn add_first() -> PlanEdit {
    PlanEdit::Insert {
        at: Some(0),
        record: Scheme::default().into(),
    }
}

/// A copy of a scheme (all fields and money) just after it; `None` when it
/// is not there. Links to the original are not copied: a risk about one
/// scheme is not about its copy.
pub fn duplicate(p: &Plan, id: RecordId) -> Option<PlanEdit> {
    let i = index_of(p, id)?;
    let mut copy = p.schemes[i].clone();
    if !copy.name.trim().is_empty() {
        copy.name = format!("{} (copy)", copy.name.trim());
    }
    Some(PlanEdit::Insert {
        at: Some(i + 1),
        record: copy.into(),
    })
}

/// Deletes schemes and every link to them.
pub fn delete(ids: &[RecordId]) -> PlanEdit {
    PlanEdit::Delete {
        kind: RecordKind::Schemes,
        ids: ids.to_vec(),
    }
}

/// Moves scheme `id` to where `target` is (so it lands just before
/// `target` when moving up, just after it when moving down).
pub fn move_to(p: &Plan, id: RecordId, target: RecordId) -> Option<PlanEdit> {
    index_of(p, id)?;
    Some(PlanEdit::Move {
        kind: RecordKind::Schemes,
        id,
        to: index_of(p, target)?,
    })
}

/// Puts the schemes in the given order; schemes not named keep their
/// relative order after the named ones.
pub fn apply_order(p: &Plan, order: &[RecordId]) -> PlanEdit {
    let pos: std::collections::HashMap<RecordId, usize> = order.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let mut ids: Vec<RecordId> = p.schemes.iter().map(|s| s.id).collect();
    // stable: unnamed ones keep their order, after the named ones
    ids.sort_by_key(|id| pos.get(id).copied().unwrap_or(usize::MAX));
    PlanEdit::Reorder {
        kind: RecordKind::Schemes,
        order: ids,
    }
}

/// The money column of a year's amount.
pub(crate) fn money_field(year: &str, field: AmountField) -> Field {
    let part = match field {
        AmountField::Spend => MoneyPart::Spend,
        AmountField::Recurrent => MoneyPart::Recurrent,
        AmountField::NonRecurrent => MoneyPart::NonRecurrent,
        AmountField::BenefitRecurrent => MoneyPart::BenefitRecurrent,
        AmountField::BenefitNonRecurrent => MoneyPart::BenefitNonRecurrent,
    };
    Field::Money {
        year: year.to_string(),
        part,
    }
}

/// What a money cell asks for, as an edit of one amount of one year: an
/// amount (or none) replaces the amount and forgets any unreadable text
/// kept for it; text that is not an amount is kept in the amount's place
/// (counted in no total); Escape puts back what the cell held. `None` when the cell asks for nothing.
pub fn set_money(id: RecordId, year: &str, field: AmountField, change: MoneyChange) -> Option<PlanEdit> {
    let set = |value| PlanEdit::set(RecordKind::Schemes, id, money_field(year, field), value);
    let amount = |a: Option<crate::model::Amount>| set(a.map(Value::Money).unwrap_or(Value::Empty));
    Some(match change {
        MoneyChange::None => return None,
        MoneyChange::Set(v) => amount(v),
        MoneyChange::Unparsed(t) => set(Value::Text(t)),
        MoneyChange::Restore(v, None) => amount(v),
        MoneyChange::Restore(_, Some(t)) => set(Value::Text(t)),
    })
}

/// Removes a year's money from a scheme (a year outside the plan).
pub fn remove_year(p: &Plan, id: RecordId, year: &str) -> Option<PlanEdit> {
    let mut s = p.schemes[index_of(p, id)?].clone();
    s.years.retain(|y| y.year != year);
    Some(PlanEdit::put(s))
}

/// Sets a text field of a scheme.
pub fn set_text(id: RecordId, field: Field, text: String) -> PlanEdit {
    PlanEdit::set(RecordKind::Schemes, id, field, Value::Text(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::apply;
    use crate::model::{Amount, Risk, SchemeYear};

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

    /// Makes the edit `make` gives on the plan as it is, then applies it;
    /// the ids of the schemes it added.
    fn run(p: &mut Plan, make: impl FnOnce(&Plan) -> PlanEdit) -> Vec<RecordId> {
        let e = make(p);
        apply(p, e).unwrap().inserted(RecordKind::Schemes).collect()
    }

    #[test]
    fn add_and_duplicate_give_fresh_ids_and_keep_the_others() {
        let mut p = plan();
        let before: Vec<RecordId> = p.schemes.iter().map(|s| s.id).collect();
        let id = run(&mut p, |p| add(p, Some(RecordId(1))))[0];
        assert_eq!(p.schemes[1].id, id);
        assert!(!before.contains(&id));
        let d = run(&mut p, |p| duplicate(p, RecordId(3)).unwrap())[0];
        assert_eq!(names(&p), vec!["A", "", "B", "C", "C (copy)"]);
        assert_eq!(p.schemes[4].id, d);
        assert_eq!(p.schemes[4].years, p.schemes[3].years);
        let ids: Vec<RecordId> = p.schemes.iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![RecordId(1), id, RecordId(2), RecordId(3), d]);
        run(&mut p, |_| add_first());
        assert_eq!(names(&p)[..2], ["", "A"]);
        // ids are never reused, even after a delete
        run(&mut p, |_| delete(&[d]));
        let again = run(&mut p, |p| add(p, None))[0];
        assert_ne!(again, d);
        assert_eq!(p.schemes.last().map(|s| s.id), Some(again));
        // a plan with no id left adds nothing, and says why
        p.next_id = u64::MAX;
        let n = p.schemes.len();
        let (added, copied) = (add(&p, None), duplicate(&p, RecordId(1)).unwrap());
        assert!(apply(&mut p, added).is_err());
        assert!(apply(&mut p, copied).is_err());
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
        run(&mut p, |_| delete(&[RecordId(2)]));
        assert_eq!(names(&p), vec!["A", "C"]);
        assert_eq!(p.risks[0].scheme_ids, vec![RecordId(3)]);
    }

    #[test]
    fn moves_and_orders() {
        let mut p = plan();
        run(&mut p, |p| move_to(p, RecordId(3), RecordId(1)).unwrap());
        assert_eq!(names(&p), vec!["C", "A", "B"]);
        run(&mut p, |p| move_to(p, RecordId(3), RecordId(2)).unwrap());
        assert_eq!(names(&p), vec!["A", "B", "C"]);
        run(&mut p, |p| apply_order(p, &[RecordId(2), RecordId(3)]));
        assert_eq!(names(&p), vec!["B", "C", "A"]);
        assert_eq!(move_to(&p, RecordId(9), RecordId(1)), None);
    }

    #[test]
    fn amounts_and_unread_text() {
        let mut p = plan();
        let money = |id, year, field, change| set_money(RecordId(id), year, field, change).unwrap();
        let e = money(1, "2015/16", AmountField::Spend, MoneyChange::Unparsed("12..3".into()));
        run(&mut p, |_| e);
        let y = p.schemes[0].year("2015/16").unwrap();
        assert_eq!(y.unparsed(AmountField::Spend), Some("12..3"));
        // the unread text takes the amount's place: the 1,000 is no longer counted
        assert_eq!(y.spend, None);
        let e = money(
            1,
            "2015/16",
            AmountField::Spend,
            MoneyChange::Set(Some(Amount::thousands(12))),
        );
        run(&mut p, |_| e);
        let y = p.schemes[0].year("2015/16").unwrap();
        assert_eq!(y.unparsed(AmountField::Spend), None);
        assert_eq!(y.spend, Some(Amount::thousands(12)));
        // Escape puts back the amount and the text it had
        let e = money(
            1,
            "2015/16",
            AmountField::Spend,
            MoneyChange::Restore(None, Some("12..3".into())),
        );
        run(&mut p, |_| e);
        let y = p.schemes[0].year("2015/16").unwrap();
        assert_eq!((y.spend, y.unparsed(AmountField::Spend)), (None, Some("12..3")));
        // a year the scheme had no entry for is created
        let e = money(
            2,
            "2016/17",
            AmountField::Recurrent,
            MoneyChange::Set(Some(Amount::thousands(3))),
        );
        run(&mut p, |_| e);
        assert_eq!(
            p.schemes[1].year("2016/17").unwrap().recurrent,
            Some(Amount::thousands(3))
        );
        run(&mut p, |p| remove_year(p, RecordId(2), "2016/17").unwrap());
        assert!(p.schemes[1].year("2016/17").is_none());
        assert_eq!(
            set_money(RecordId(1), "2015/16", AmountField::Spend, MoneyChange::None),
            None
        );
    }
}
