//! Edits as data: random runs of edits of every kind (fields set, records
//! inserted, deleted, moved, reordered, put whole, the header, batches,
//! refused edits), typed or not, with undo and redo between them, through
//! the undo history the window uses. After every step the live summary,
//! updated only from what each edit said it changed, is the summary
//! computed afresh; undoing everything gives back the first plan.

use opplan::calc::live::LiveSummary;
use opplan::calc::summarize;
use opplan::generate::{GenerateOptions, generate};
use opplan::model::edit::{self, AnyRecord, Change, PlanEdit};
use opplan::model::field::{MitigationPart, PeriodPart};
use opplan::model::{Amount, Decimal, Field, Figure, MoneyPart, Pence, Plan, RecordId, RecordKind, Value};
use opplan::ui::Edit;
use opplan::ui::undo::History;
use proptest::prelude::*;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

/// One step of a run, picked by numbers.
#[derive(Clone, Debug)]
struct Pick {
    op: u8,
    kind: u8,
    a: usize,
    b: usize,
    typing: bool,
}

fn pick() -> impl Strategy<Value = Pick> {
    (0u8..14, 0u8..4, 0usize..10_000, 0usize..10_000, any::<bool>()).prop_map(|(op, kind, a, b, typing)| Pick {
        op,
        kind,
        a,
        b,
        typing,
    })
}

fn kind_of(k: u8) -> RecordKind {
    RecordKind::ALL[k as usize % 4]
}

/// A record of `kind` to insert: a copy of one of the plan's, or empty.
fn record(plan: &Plan, kind: RecordKind, a: usize) -> AnyRecord {
    let copy = !a.is_multiple_of(3);
    match kind {
        RecordKind::Schemes => plan
            .schemes
            .get(a % plan.schemes.len().max(1))
            .filter(|_| copy)
            .cloned()
            .unwrap_or_default()
            .into(),
        RecordKind::Metrics => plan
            .metrics
            .get(a % plan.metrics.len().max(1))
            .filter(|_| copy)
            .cloned()
            .unwrap_or_default()
            .into(),
        RecordKind::Risks => plan
            .risks
            .get(a % plan.risks.len().max(1))
            .filter(|_| copy)
            .cloned()
            .unwrap_or_default()
            .into(),
        RecordKind::SignOffs => plan
            .signoffs
            .get(a % plan.signoffs.len().max(1))
            .filter(|_| copy)
            .cloned()
            .unwrap_or_default()
            .into(),
        RecordKind::Objectives => plan
            .objectives
            .get(a % plan.objectives.len().max(1))
            .filter(|_| copy)
            .cloned()
            .unwrap_or_default()
            .into(),
        RecordKind::Sections => plan
            .sections
            .get(a % plan.sections.len().max(1))
            .filter(|_| copy)
            .cloned()
            .unwrap_or_default()
            .into(),
    }
}

/// A field of `kind` and a value for it (now and then one it cannot hold).
fn field_value(plan: &Plan, kind: RecordKind, a: usize, b: usize) -> (Field, Value) {
    let text = [
        "",
        "Acute",
        "TBC",
        "Social Care",
        "<Name of Signatory>",
        "Integrated care",
    ][b % 6];
    let text = Value::Text(text.to_string());
    let year = plan.header.years[b % plan.header.years.len()].clone();
    match (kind, a % 4) {
        (RecordKind::Objectives, _) => (Field::ObjectiveTitle, text),
        (RecordKind::Sections, _) => (Field::SectionText, text),
        (RecordKind::Schemes, 0) => (
            Field::Money {
                year,
                part: MoneyPart::ALL[b % 5],
            },
            match b % 4 {
                0 => Value::Empty,
                1 => Value::Money(Amount::Range(Pence(b as i64), Pence(b as i64 + 7_000))),
                2 => Value::Text("1,2OO".into()),
                _ => Value::Money(Amount::Exact(Pence(b as i64 * 100))),
            },
        ),
        (RecordKind::Schemes, 1) => (Field::AreaOfSpend, text),
        (RecordKind::Schemes, 2) => (
            Field::SchemeStatus,
            Value::Text(["On track", "Delayed", ""][b % 3].into()),
        ),
        (RecordKind::Schemes, _) => (Field::SchemeName, text),
        (RecordKind::Metrics, 0) => (
            Field::Period {
                n: 1 + b % 3,
                part: [PeriodPart::Target, PeriodPart::Actual][b % 2],
            },
            Value::Figure(Figure::Value(Decimal::new((b % 2_000) as i64, 1)), Default::default()),
        ),
        (RecordKind::Metrics, 1) => (Field::RagOverride, Value::Text(["Red", "", "Green"][b % 3].into())),
        (RecordKind::Metrics, 2) => (
            Field::MetricSchemes,
            Value::Ids(plan.schemes.iter().take(b % 3).map(|s| s.id).collect()),
        ),
        (RecordKind::Metrics, _) => (Field::MetricName, text),
        (RecordKind::Risks, 0) => (
            Field::Score {
                which: opplan::model::field::ScoreKind::Current,
                part: opplan::model::field::ScorePart::Likelihood,
            },
            Value::Int((b % 7) as i64),
        ),
        (RecordKind::Risks, 1) => (
            Field::Mitigation {
                n: 1 + b % 2,
                part: MitigationPart::Text,
            },
            text,
        ),
        (RecordKind::Risks, 2) => (
            Field::RiskSchemes,
            Value::Ids(plan.schemes.iter().skip(b % 4).take(2).map(|s| s.id).collect()),
        ),
        (RecordKind::Risks, _) => (Field::RiskReference, text),
        (RecordKind::SignOffs, 0) => (Field::SignOffStatus, Value::Text(["Signed", "Pending"][b % 2].into())),
        (RecordKind::SignOffs, _) => (Field::SignatoryName, text),
    }
}

/// The edit a pick asks for, on the plan as it is.
fn edit_of(plan: &Plan, p: &Pick) -> PlanEdit {
    let kind = kind_of(p.kind);
    let ids = kind.ids(plan);
    let some_id = |n: usize| ids.get(n % ids.len().max(1)).copied().unwrap_or(RecordId(999_999));
    match p.op {
        0..=3 => {
            let (field, value) = field_value(plan, kind, p.a, p.b);
            PlanEdit::set(kind, some_id(p.a / 4), field, value)
        }
        4 => PlanEdit::Insert {
            at: p.b.is_multiple_of(2).then(|| p.b % (ids.len() + 1)),
            record: record(plan, kind, p.a),
        },
        5 => PlanEdit::Delete {
            kind,
            ids: vec![some_id(p.a), some_id(p.b)],
        },
        6 => PlanEdit::Move {
            kind,
            id: some_id(p.a),
            to: p.b % ids.len().max(1),
        },
        7 => {
            // a shuffle by the numbers
            let mut order = ids.clone();
            let n = order.len();
            for i in (1..n).rev() {
                order.swap(i, (p.a.wrapping_mul(31) ^ p.b.wrapping_mul(i + 7)) % (i + 1));
            }
            PlanEdit::Reorder { kind, order }
        }
        8 => {
            let mut h = plan.header.clone();
            match p.a % 3 {
                0 => h.title = format!("Plan {}", p.b % 5),
                1 => {
                    if let Some(b) = h.budgets.first_mut() {
                        b.minimum_required = Some(Amount::Exact(Pence(p.b as i64 * 1_000)));
                    }
                }
                // another financial year: the summary is computed afresh
                _ => h.years.push("2031/32".into()),
            }
            PlanEdit::SetHeader(Box::new(h))
        }
        9 => {
            // a record put back whole, changed in no one field
            match record(plan, kind, p.a + 1) {
                AnyRecord::Scheme(mut s) => {
                    s.years.retain(|y| !y.year.ends_with(&format!("{}", p.b % 10)));
                    PlanEdit::Put(AnyRecord::Scheme(s))
                }
                AnyRecord::Risk(mut r) => {
                    r.mitigations.reverse();
                    PlanEdit::Put(AnyRecord::Risk(r))
                }
                other => PlanEdit::Put(other),
            }
        }
        10 | 11 => {
            // several at once: all or nothing
            let parts = (0..2 + p.b % 2)
                .map(|k| {
                    let q = Pick {
                        op: ((p.a / (k + 1)) % 8) as u8,
                        kind: (p.kind as usize + k) as u8,
                        a: p.a / 3 + k,
                        b: p.b / 2 + k * 17,
                        typing: false,
                    };
                    edit_of(plan, &q)
                })
                .collect();
            PlanEdit::Batch(parts)
        }
        // a change, then a value the field cannot hold: refused, and the
        // change taken back
        12 => {
            let (field, value) = field_value(plan, kind, p.a, p.b);
            PlanEdit::Batch(vec![PlanEdit::set(kind, some_id(p.a), field, value), refused(plan)])
        }
        _ => PlanEdit::default(),
    }
}

/// An edit the plan refuses: a name too long for the field, or a record
/// that is not there.
fn refused(plan: &Plan) -> PlanEdit {
    match plan.schemes.first() {
        Some(s) => PlanEdit::set(
            RecordKind::Schemes,
            s.id,
            Field::SchemeName,
            Value::Text("x".repeat(opplan::model::limits::MAX_LINE_CHARS + 1)),
        ),
        None => PlanEdit::Delete {
            kind: RecordKind::Schemes,
            ids: vec![RecordId(999_999)],
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random runs of edits with undo and redo between them: the live
    /// summary stays the summary computed afresh, a refused edit changes
    /// nothing, and undoing everything gives back the first plan.
    #[test]
    fn random_edits_keep_the_live_summary_and_undo_gives_the_plan_back(
        seed in 0u64..500,
        picks in proptest::collection::vec((pick(), 0u8..10), 1..40),
    ) {
        let mut plan = generate(&GenerateOptions { schemes: 9, metrics: 5, risks: 6, signoffs: 4, years: 2, seed });
        let first = plan.clone();
        let mut live = LiveSummary::new(&plan, today());
        let mut h = History::new();
        h.clear();
        let mut now = 0.0;
        for (n, (p, then)) in picks.iter().enumerate() {
            now += if n % 3 == 0 { 2.5 } else { 0.3 };
            let changes: Vec<Change> = match then {
                // undo or redo now and then
                0 => h.undo(&mut plan).unwrap().map(|u| u.changes).unwrap_or_default(),
                1 => h.redo(&mut plan).unwrap().map(|u| u.changes).unwrap_or_default(),
                _ => {
                    let e = edit_of(&plan, p);
                    let before = plan.clone();
                    let e = if p.typing {
                        Edit::typing("Type", format!("key{}", p.kind), e)
                    } else {
                        Edit::new("Change", e)
                    };
                    match h.apply(&mut plan, e, now, None) {
                        Ok(changes) => changes,
                        Err(why) => {
                            prop_assert_eq!(&plan, &before, "refused ({}) but changed", why);
                            prop_assert!(!why.is_empty());
                            Vec::new()
                        }
                    }
                }
            };
            live.update(&plan, today(), &changes);
            prop_assert_eq!(live.summary(), &summarize(&plan, today()), "after {:?}", changes);
        }
        // redone as far as it goes, then all undone, then all redone
        while let Some(u) = h.redo(&mut plan).unwrap() {
            live.update(&plan, today(), &u.changes);
        }
        let last = plan.clone();
        while let Some(u) = h.undo(&mut plan).unwrap() {
            live.update(&plan, today(), &u.changes);
        }
        prop_assert_eq!(&plan, &first);
        prop_assert_eq!(live.summary(), &summarize(&first, today()));
        while let Some(u) = h.redo(&mut plan).unwrap() {
            live.update(&plan, today(), &u.changes);
        }
        prop_assert_eq!(&plan, &last);
        prop_assert_eq!(live.summary(), &summarize(&last, today()));
    }
}

/// Every edit's undo, applied, gives the plan back exactly; the undo of
/// that, the edited plan (checked for every kind of edit above, one at a
/// time, without the history in between).
#[test]
fn each_edit_and_its_undo_are_exact_inverses() {
    let mut plan = generate(&GenerateOptions {
        schemes: 9,
        metrics: 5,
        risks: 6,
        signoffs: 4,
        years: 2,
        seed: 7,
    });
    for op in 0..14u8 {
        for kind in 0..4u8 {
            let p = Pick {
                op,
                kind,
                a: 37 * op as usize + kind as usize,
                b: 101 * kind as usize + 3,
                typing: false,
            };
            let e = edit_of(&plan, &p);
            let before = plan.clone();
            let Ok(done) = edit::apply(&mut plan, e.clone()) else {
                assert_eq!(plan, before, "{e:?} refused but changed the plan");
                continue;
            };
            let after = plan.clone();
            let back = edit::apply(&mut plan, done.undo).unwrap();
            assert_eq!(plan, before, "undo of {e:?}");
            edit::apply(&mut plan, back.undo).unwrap();
            assert_eq!(plan, after, "redo of {e:?}");
        }
    }
}
