//! The records of two plans compared: matched by id, field by field over
//! the fields the model stores ([`stored_fields`] of both plans), and by
//! position, so a record moved in the list is a change too.

use super::{ChangeKind, FieldChange, Move, RecordChange, change_of, shown};
use crate::model::field::{
    Field, MitigationPart, MoneyPart, PeriodPart, RecordKind, ScoreKind, ScorePart, record_label, stored_fields,
};
use crate::model::money::MoneyUnit;
use crate::model::record::Record;
use crate::model::value::Value;
use crate::model::{Metric, Plan, RecordId, Risk, Scheme, SignOff};
use std::collections::HashMap;

/// Every record change of the two plans, kind by kind.
pub(super) fn record_changes(old: &Plan, new: &Plan, unit: MoneyUnit) -> Vec<RecordChange> {
    let mut out = Vec::new();
    out.extend(diff_kind::<Scheme>(old, new, unit));
    out.extend(diff_kind::<Metric>(old, new, unit));
    out.extend(diff_kind::<Risk>(old, new, unit));
    out.extend(diff_kind::<SignOff>(old, new, unit));
    out.extend(diff_kind::<crate::model::Objective>(old, new, unit));
    out.extend(diff_kind::<crate::model::NarrativeSection>(old, new, unit));
    out
}

/// Adds the fields of `more` missing from `base`, each after the field it
/// follows in `more`, so both orders are kept.
fn union_in_order(mut base: Vec<Field>, more: Vec<Field>) -> Vec<Field> {
    let mut after: Option<usize> = None;
    for f in more {
        match base.iter().position(|x| *x == f) {
            Some(i) => after = Some(i),
            None => {
                let at = after.map_or(0, |i| i + 1);
                base.insert(at, f);
                after = Some(at);
            }
        }
    }
    base
}

/// The fields compared for a kind: the fields the model stores for it in
/// either plan (so a year or a mitigation only one plan has is compared
/// too), in the model's order, with a year's money columns together.
/// Left out: the id (records are matched by it), a metric's periods
/// (compared by label, see [`record_fields`]) and the parts of a risk
/// score (compared whole, see [`score_changes`]).
fn compared_fields(old: &Plan, new: &Plan, kind: RecordKind) -> Vec<Field> {
    let mut v = union_in_order(stored_fields(new, kind), stored_fields(old, kind));
    v.retain(|f| !matches!(f, Field::Id | Field::Period { .. } | Field::Score { .. }));
    // milestones are compared as one text (they have no columns)
    if kind == RecordKind::Schemes
        && [old, new]
            .iter()
            .any(|p| p.schemes.iter().any(|s| !s.milestones.is_empty()))
    {
        v.push(Field::SchemeMilestones);
    }
    if let (Some(first), Some(last)) = (v.iter().position(Field::is_money), v.iter().rposition(Field::is_money)) {
        // year by year ("2015/16 spend", "2015/16 recurrent spend", ...)
        v[first..=last].sort();
    }
    v
}

/// The words for a field in a change list.
pub fn field_label(f: &Field) -> String {
    use Field::*;
    match f {
        Money { year, part } => match part {
            MoneyPart::Spend => format!("{year} spend"),
            MoneyPart::Recurrent => format!("{year} recurrent spend"),
            MoneyPart::NonRecurrent => format!("{year} non-recurrent spend"),
            MoneyPart::BenefitRecurrent => format!("{year} recurrent benefit"),
            MoneyPart::BenefitNonRecurrent => format!("{year} non-recurrent benefit"),
        },
        SchemeName | MetricName => "name".into(),
        RiskTitle => "title".into(),
        SchemeReference | MetricReference | RiskReference => "reference".into(),
        SchemeStatus => "delivery status".into(),
        AreaOther => "other area".into(),
        RiskStatus | SignOffStatus => "status".into(),
        Organisation => "organisation".into(),
        SignatoryName => "signatory".into(),
        Score { which, part } => format!(
            "{} {}",
            which.word().to_lowercase(),
            match part {
                ScorePart::Likelihood => "likelihood",
                ScorePart::Consequence => "consequence",
            }
        ),
        Mitigation { n, part } => match part {
            MitigationPart::Text => format!("mitigation {n}"),
            MitigationPart::Owner => format!("mitigation {n} owner"),
            MitigationPart::Due => format!("mitigation {n} due date"),
            MitigationPart::Done => format!("mitigation {n} done"),
        },
        NamedPeriod { label, part } => format!("{label} {}", part.word()),
        LegacyRating => "risk rating".into(),
        RagOverride => "RAG override".into(),
        MetricSchemes | RiskSchemes => "linked schemes".into(),
        RiskMetrics => "linked metrics".into(),
        other => {
            let h = other.header(MoneyUnit::Pounds);
            let mut c = h.chars();
            match (c.next(), h.chars().nth(1)) {
                (Some(first), Some(second)) if second.is_lowercase() => {
                    first.to_lowercase().collect::<String>() + c.as_str()
                }
                _ => h,
            }
        }
    }
}

/// The period labels of two versions of a metric, in order of appearance.
fn period_labels<R: Record>(a: Option<&R>, b: Option<&R>) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for m in [b, a].into_iter().flatten() {
        for label in m.period_labels() {
            if !v.iter().any(|x| x.eq_ignore_ascii_case(&label)) {
                v.push(label);
            }
        }
    }
    v
}

fn record_fields<R: Record>(base: &[Field], a: Option<&R>, b: Option<&R>) -> Vec<Field> {
    let mut fields = base.to_vec();
    if R::KIND == RecordKind::Metrics {
        for label in period_labels(a, b) {
            for part in [
                PeriodPart::Target,
                PeriodPart::TargetChange,
                PeriodPart::Actual,
                PeriodPart::Forecast,
                PeriodPart::Status,
            ] {
                fields.push(Field::NamedPeriod {
                    label: label.clone(),
                    part,
                });
            }
        }
    }
    fields
}

/// The main figures of a record, for "added" and "removed" lines.
fn key_fields<R: Record>(r: &R, base: &[Field], unit: MoneyUnit) -> Vec<FieldChange> {
    let keep = |f: &Field| match R::KIND {
        RecordKind::Schemes => matches!(f, Field::Money { .. } | Field::SourceOfFunding | Field::Commissioner),
        RecordKind::Metrics => matches!(
            f,
            Field::MetricCategory
                | Field::NamedPeriod {
                    part: PeriodPart::Target,
                    ..
                }
        ),
        RecordKind::Risks => matches!(f, Field::LegacyRating | Field::RiskOwner),
        RecordKind::SignOffs => matches!(f, Field::SignatoryName | Field::Position | Field::SignOffStatus),
        RecordKind::Objectives => matches!(f, Field::ObjectiveNumber | Field::ObjectiveOwner),
        RecordKind::Sections => matches!(f, Field::SectionProgress | Field::ConditionIsMet),
    };
    let mut out: Vec<FieldChange> = record_fields::<R>(base, Some(r), None)
        .iter()
        .filter(|f| keep(f))
        .filter_map(|f| {
            let v = r.get(f);
            (!v.is_empty()).then(|| FieldChange {
                field: field_label(f),
                old: String::new(),
                new: shown(&v, unit),
                money: f.is_money(),
                long: false,
            })
        })
        .collect();
    if R::KIND == RecordKind::Risks {
        let s = score_text(r, ScoreKind::Current);
        if !s.is_empty() {
            out.insert(
                0,
                FieldChange {
                    field: "current score".into(),
                    old: String::new(),
                    new: s,
                    money: false,
                    long: false,
                },
            );
        }
    }
    out
}

/// The records of one kind that differ: added, removed, changed, or
/// moved (see [`moves`]).
fn diff_kind<R: Record>(old: &Plan, new: &Plan, unit: MoneyUnit) -> Vec<RecordChange> {
    let base = compared_fields(old, new, R::KIND);
    let olds = R::all(old);
    let news = R::all(new);
    let old_at: HashMap<RecordId, usize> = olds.iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
    let new_at: HashMap<RecordId, usize> = news.iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
    let moved = moves(news, &old_at);
    let label = |i: usize, r: &R| record_label(R::KIND, i, r.title());
    let mut out = Vec::new();
    for (i, b) in news.iter().enumerate() {
        match old_at.get(&b.id()).map(|&j| &olds[j]) {
            None => out.push(RecordChange {
                kind: R::KIND,
                id: b.id(),
                label: label(i, b),
                change: ChangeKind::Added,
                moved: None,
                fields: key_fields(b, &base, unit),
            }),
            Some(a) => {
                let mut fields: Vec<FieldChange> = record_fields::<R>(&base, Some(a), Some(b))
                    .iter()
                    .filter_map(|f| change_of(f, &a.get(f), &b.get(f), unit))
                    .collect();
                if R::KIND == RecordKind::Risks {
                    // after the title, description, category, owner and status
                    let at = fields
                        .iter()
                        .position(|c| c.field == "risk rating" || c.field.starts_with("mitigation"))
                        .unwrap_or(fields.len());
                    let scores = score_changes(a, b);
                    fields.splice(at..at, scores);
                }
                let moved = moved.get(&b.id()).copied();
                if !fields.is_empty() || moved.is_some() {
                    out.push(RecordChange {
                        kind: R::KIND,
                        id: b.id(),
                        label: label(i, b),
                        change: if fields.is_empty() {
                            ChangeKind::Moved
                        } else {
                            ChangeKind::Changed
                        },
                        moved,
                        fields,
                    });
                }
            }
        }
    }
    for (i, a) in olds.iter().enumerate() {
        if !new_at.contains_key(&a.id()) {
            out.push(RecordChange {
                kind: R::KIND,
                id: a.id(),
                label: label(i, a),
                change: ChangeKind::Removed,
                moved: None,
                fields: key_fields(a, &base, unit),
            });
        }
    }
    out
}

/// The records in both plans whose place in the list changed: the fewest
/// records that, taken out and put back, turn the old order into the new
/// one. The others keep their order among themselves (a longest increasing
/// run of old positions, in new order), so a record that only shifted
/// because another was added, removed or moved is not reported. Positions
/// count from 1, in the whole list, as the tabs number the records.
fn moves<R: Record>(news: &[R], old_at: &HashMap<RecordId, usize>) -> HashMap<RecordId, Move> {
    // (new position, old position) of the records in both, in new order
    let both: Vec<(usize, usize)> = news
        .iter()
        .enumerate()
        .filter_map(|(i, r)| old_at.get(&r.id()).map(|&j| (i, j)))
        .collect();
    // longest increasing subsequence of old positions (patience sorting)
    let mut tails: Vec<usize> = Vec::new(); // index in `both` ending a run of each length
    let mut before: Vec<Option<usize>> = vec![None; both.len()];
    for (k, &(_, j)) in both.iter().enumerate() {
        let len = tails.partition_point(|&t| both[t].1 < j);
        before[k] = len.checked_sub(1).map(|l| tails[l]);
        if len == tails.len() {
            tails.push(k);
        } else {
            tails[len] = k;
        }
    }
    let mut kept = vec![false; both.len()];
    let mut at = tails.last().copied();
    while let Some(k) = at {
        kept[k] = true;
        at = before[k];
    }
    both.iter()
        .zip(kept)
        .filter(|(_, kept)| !kept)
        .map(|(&(i, j), _)| (news[i].id(), Move { from: j + 1, to: i + 1 }))
        .collect()
}

/// A risk score as people say it: "5 × 4 = 20 (Extreme)".
fn score_text<R: Record>(r: &R, which: ScoreKind) -> String {
    let part = |p: ScorePart| match r.get(&Field::Score { which, part: p }) {
        Value::Int(n) => n as u8,
        _ => 0,
    };
    let (l, c) = (part(ScorePart::Likelihood), part(ScorePart::Consequence));
    match (l, c) {
        (0, 0) => String::new(),
        (0, c) => format!("consequence {c}, no likelihood"),
        (l, 0) => format!("likelihood {l}, no consequence"),
        (l, c) => {
            let score = l * c;
            format!(
                "{l} \u{d7} {c} = {score} ({})",
                crate::calc::risks::band_of_score(score).word()
            )
        }
    }
}

fn score_changes<R: Record>(a: &R, b: &R) -> Vec<FieldChange> {
    [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target]
        .into_iter()
        .filter_map(|which| {
            let (old, new) = (score_text(a, which), score_text(b, which));
            (old != new).then(|| FieldChange {
                field: format!("{} score", which.word().to_lowercase()),
                old,
                new,
                money: false,
                long: false,
            })
        })
        .collect()
}
