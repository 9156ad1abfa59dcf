//! One parser and one set of limits per kind of value: what one entry
//! point accepts (the window's fields, `Field::parse`, `Record::set`,
//! paste and CSV import), every other accepts, and whatever they accept
//! passes the loader's checks; integer edges (ids, money, JSON totals)
//! never wrap or panic.

use crate::common;
use opplan::calc;
use opplan::interop::csv::parse_csv;
use opplan::interop::import::{ImportSpec, Outcome, Target, apply_ops};
use opplan::io;
use opplan::model::field::{Field, MitigationPart, MoneyPart, PeriodPart, RecordKind, ScoreKind, ScorePart};
use opplan::model::limits::{self, MAX_ID, MAX_LINE_CHARS, MAX_TEXT_CHARS};
use opplan::model::money::{MAX_ABS_PENCE, MoneyUnit};
use opplan::model::record::Record;
use opplan::model::value::{self, CONSEQUENCE_WORDS, LIKELIHOOD_WORDS, MoneyCell, Value};
use opplan::model::{
    Amount, AmountField, Decimal, Figure, Metric, MetricPeriod, Pence, Plan, RecordId, Risk, Scheme, SchemeYear,
    SignOff,
};
use proptest::prelude::*;
use std::ffi::OsStr;
use std::path::Path;

fn kent() -> Plan {
    io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron")).unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()
}

/// Texts that probe every parser: good values in each kind, their edges,
/// and text no parser should take.
fn cell_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("TBC".to_string()),
        Just("<=39".to_string()),
        Just("1176/0".to_string()),
        Just("1,774.9".to_string()),
        Just("1e5".to_string()),
        Just("12.".to_string()),
        Just("£1,000,000,000,000".to_string()),
        Just("£1,000,000,000,001".to_string()),
        Just("-£1,000,000,000,000".to_string()),
        Just("1000000000000000".to_string()),
        Just("1000000000000001".to_string()),
        Just("0.000000000001".to_string()),
        Just("0.0000000000001".to_string()),
        Just("0".to_string()),
        Just("9007199254740991".to_string()),
        Just("9007199254740992".to_string()),
        Just("18446744073709551615".to_string()),
        Just("3/2/2014".to_string()),
        Just("<date>".to_string()),
        Just("Almost certain".to_string()),
        Just("cat".to_string()),
        Just("Lower is better".to_string()),
        Just("Amber".to_string()),
        Just("Yes".to_string()),
        Just("1; 4".to_string()),
        "[0-9]{1,25}",
        "-?[0-9]{0,4}(,[0-9]{3}){0,6}(\\.[0-9]{0,14})?%?",
        "[0-9]{1,6}/[0-9]{1,6}",
        "\\PC{0,40}",
        (
            0usize..4,
            prop_oneof![
                Just(MAX_LINE_CHARS),
                Just(MAX_TEXT_CHARS),
                Just(80usize),
                Just(100usize)
            ]
        )
            .prop_map(|(d, n)| "x".repeat(n + d - 1)),
    ]
}

fn a_field() -> impl Strategy<Value = (RecordKind, Field)> {
    let plan = kent();
    let mut all: Vec<(RecordKind, Field)> = Vec::new();
    for kind in RecordKind::ALL {
        for f in opplan::model::field::stored_fields(&plan, kind) {
            all.push((kind, f));
        }
    }
    all.push((
        RecordKind::Metrics,
        Field::NamedPeriod {
            label: "Q9 2099/00".into(),
            part: PeriodPart::Target,
        },
    ));
    proptest::sample::select(all)
}

/// Sets `text` in `field` of the first record of `kind` (after setting a
/// RAG override so its reason can be set), as a row of an import does:
/// `Record::set`, then `finish` (whose problems refuse the row, as a
/// likelihood without a consequence), and puts the record back.
fn set_in_plan(plan: &mut Plan, kind: RecordKind, field: &Field, text: &str) -> Result<(), String> {
    fn go<R: Record>(plan: &mut Plan, field: &Field, text: &str) -> Result<(), String> {
        let mut r = R::all(plan)[0].clone();
        let _ = r.set(&Field::RagOverride, "Red", MoneyUnit::Thousands);
        let _ = r.set(&Field::OverrideReason, "Agreed", MoneyUnit::Thousands);
        r.set(field, text, MoneyUnit::Thousands)?;
        if let Some(problem) = r.finish().into_iter().next() {
            return Err(problem);
        }
        R::all_mut(plan)[0] = r;
        Ok(())
    }
    match kind {
        RecordKind::Schemes => go::<Scheme>(plan, field, text),
        RecordKind::Metrics => go::<Metric>(plan, field, text),
        RecordKind::Risks => go::<Risk>(plan, field, text),
        RecordKind::SignOffs => go::<SignOff>(plan, field, text),
        RecordKind::Objectives => go::<opplan::model::Objective>(plan, field, text),
        RecordKind::Sections => go::<opplan::model::NarrativeSection>(plan, field, text),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Whatever `Record::set` accepts, the loader accepts: the plan
    /// validates and its file opens again as the same plan.
    #[test]
    fn whatever_set_accepts_opens_again((kind, field) in a_field(), text in cell_text()) {
        let mut plan = kent();
        let parsed = field.parse(&text, MoneyUnit::Thousands);
        let set = set_in_plan(&mut plan, kind, &field, &text);
        // Field::parse is the first half of Record::set
        if parsed.is_err() {
            prop_assert!(set.is_err(), "{field:?} {text:?}: parse refused, set took it");
        }
        if set.is_ok() {
            let mut checked = plan.clone();
            prop_assert!(io::validate(&mut checked).is_ok(), "{field:?} {text:?}: {:?}", io::validate(&mut checked));
            let back = io::load_str(&io::to_ron_string(&plan));
            prop_assert!(back.is_ok(), "{field:?} {text:?}: {back:?}");
        }
    }

    /// The window's fields and `Record::set` agree on the same text: the
    /// figure field, the money cell, the tolerance field, the score fields
    /// and the text boxes (whose limit is the field's).
    #[test]
    fn the_window_and_set_agree(text in cell_text()) {
        let k = MoneyUnit::Thousands;
        // figures
        let period = Field::Period { n: 1, part: PeriodPart::Target };
        let mut m = Metric::default();
        let window = value::parse_figure(&text);
        prop_assert_eq!(window.is_ok(), m.set(&period, &text, k).is_ok(), "figure {:?}", text);
        if let Ok(f) = window {
            prop_assert_eq!(m.periods.first().and_then(|p| p.target.clone()), f);
        }
        // money cells: the same amount, or the same text kept
        let money = Field::Money { year: "2015/16".into(), part: MoneyPart::Spend };
        let mut s = Scheme::default();
        let before = Amount::thousands(7);
        s.year_mut("2015/16").spend = Some(before);
        let window = value::parse_money_cell(&text, k);
        prop_assert_eq!(window.is_ok(), s.set(&money, &text, k).is_ok(), "money {:?}", text);
        let y = s.year("2015/16").unwrap();
        match window {
            Ok(MoneyCell::Empty) => prop_assert_eq!((y.spend, y.unparsed(AmountField::Spend)), (None, None)),
            Ok(MoneyCell::Amount(a)) => prop_assert_eq!((y.spend, y.unparsed(AmountField::Spend)), (Some(a), None)),
            Ok(MoneyCell::Kept { text: t, .. }) => {
                prop_assert_eq!((y.spend, y.unparsed(AmountField::Spend)), (None, Some(t.as_str())))
            }
            Err(_) => prop_assert_eq!((y.spend, y.unparsed(AmountField::Spend)), (Some(before), None)),
        }
        // tolerances
        let window = value::parse_tolerance(&text);
        prop_assert_eq!(window.is_ok(), m.set(&Field::TolerancePct, &text, k).is_ok(), "tolerance {:?}", text);
        // likelihood and consequence
        let mut r = Risk::default();
        for (part, words) in [(ScorePart::Likelihood, &LIKELIHOOD_WORDS), (ScorePart::Consequence, &CONSEQUENCE_WORDS)] {
            let f = Field::Score { which: ScoreKind::Residual, part };
            prop_assert_eq!(value::parse_level(&text, words).is_ok(), r.set(&f, &text, k).is_ok(), "level {:?}", text);
        }
        // text: the window's box holds the field's limit; set takes up to it
        for (f, limit) in [(Field::SchemeName, MAX_LINE_CHARS), (Field::SchemeDescription, MAX_TEXT_CHARS)] {
            prop_assert_eq!(f.max_chars(), limit);
            prop_assert_eq!(s.set(&f, &text, k).is_ok(), text.chars().count() <= limit);
        }
    }
}

/// Issue 14, family 1: a 200,000-character Description imported, saved,
/// then refused by the loader. Now the import refuses the row, naming it.
#[test]
fn an_over_long_description_is_refused_on_import_not_on_load() {
    let plan = kent();
    let long = "x".repeat(200_000);
    let csv = format!("Scheme name,Description\nLong one,{long}\n");
    let spec = ImportSpec::new(
        &plan,
        RecordKind::Schemes,
        parse_csv(&csv).unwrap(),
        MoneyUnit::Pounds,
        Target::NewRows,
        "t.csv",
    );
    let preview = spec.preview(&plan);
    assert_eq!(preview.rows[0].outcome, Outcome::Error);
    let lines = preview.error_lines(&spec);
    assert!(
        lines[0].contains("Description")
            && lines[0].contains("200,000 characters long; this field holds at most 20,000"),
        "{lines:?}"
    );
    assert!(preview.ops.is_empty());
    // the longest description the field holds imports and opens again
    let csv = format!("Scheme name,Description\nLong one,{}\n", "x".repeat(MAX_TEXT_CHARS));
    let spec = ImportSpec::new(
        &plan,
        RecordKind::Schemes,
        parse_csv(&csv).unwrap(),
        MoneyUnit::Pounds,
        Target::NewRows,
        "t.csv",
    );
    let preview = spec.preview(&plan);
    assert_eq!(preview.rows[0].outcome, Outcome::Add);
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Schemes, &preview.ops);
    assert_eq!(io::load_str(&io::to_ron_string(&p)).unwrap(), p);
}

/// Issue 14, family 4: "TBC" in a money column is kept as an unread amount
/// on import and paste, exactly as the window keeps it (in the amount's place).
#[test]
fn tbc_in_a_money_column_is_kept_as_the_window_keeps_it() {
    let plan = kent();
    let before = plan.scheme(RecordId(4)).unwrap().year("2015/16").unwrap().spend;
    assert!(before.is_some());
    let csv = "ID,Scheme name,2015/16 (£000)\n4,Carers Break,TBC\n,New one,TBC\n";
    let spec = ImportSpec::new(
        &plan,
        RecordKind::Schemes,
        parse_csv(csv).unwrap(),
        MoneyUnit::Thousands,
        Target::NewRows,
        "t.csv",
    );
    let preview = spec.preview(&plan);
    let outcomes: Vec<Outcome> = preview.rows.iter().map(|r| r.outcome.clone()).collect();
    assert_eq!(outcomes, vec![Outcome::Update(RecordId(4)), Outcome::Add]);
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Schemes, &preview.ops);
    let carers = p.scheme(RecordId(4)).unwrap().year("2015/16").unwrap();
    assert_eq!(carers.unparsed(AmountField::Spend), Some("TBC"));
    // the text takes the amount's place, as in the window (issue 19): what
    // the cell shows is what the totals count
    assert_eq!(
        carers.spend, None,
        "the unread text replaces the amount, as in the window"
    );
    let new = p.schemes.last().unwrap().year("2015/16").unwrap();
    assert_eq!((new.spend, new.unparsed(AmountField::Spend)), (None, Some("TBC")));
    // the same rule as the window's cell: SchemeYear::set_cell
    let mut y = SchemeYear::new("2015/16");
    y.spend = before;
    y.set_cell(
        AmountField::Spend,
        value::parse_money_cell("TBC", MoneyUnit::Thousands).unwrap(),
    );
    assert_eq!(y, *carers);
    // it opens again, and a number typed over it forgets the text
    assert_eq!(io::load_str(&io::to_ron_string(&p)).unwrap(), p);
    let mut s = p.scheme(RecordId(4)).unwrap().clone();
    s.set(
        &Field::Money {
            year: "2015/16".into(),
            part: MoneyPart::Spend,
        },
        "12",
        MoneyUnit::Thousands,
    )
    .unwrap();
    let y = s.year("2015/16").unwrap();
    assert_eq!(
        (y.spend, y.unparsed(AmountField::Spend)),
        (Some(Amount::thousands(12)), None)
    );
    // text longer than a money cell holds is still an error
    let long = "T".repeat(limits::MAX_MONEY_CHARS + 1);
    assert!(
        s.set(
            &Field::Money {
                year: "2015/16".into(),
                part: MoneyPart::Spend
            },
            &long,
            MoneyUnit::Thousands
        )
        .is_err()
    );
}

/// Typed input refuses a zero denominator, but files holding one (older
/// opplan imported them) still open, and the checklist lists them.
#[test]
fn a_zero_denominator_in_a_file_opens_and_is_listed() {
    let mut plan = kent();
    let mut m = Metric {
        id: RecordId(1000),
        name: "Readmissions".into(),
        baseline: Some(Figure::Ratio {
            numerator: Decimal::from(3),
            denominator: Decimal::ZERO,
        }),
        ..Default::default()
    };
    m.periods.push(MetricPeriod {
        label: "Q1".into(),
        target: Some(Figure::Ratio {
            numerator: Decimal::ONE,
            denominator: Decimal::ZERO,
        }),
        ..Default::default()
    });
    plan.metrics.push(m);
    let back = io::load_str(&io::to_ron_string(&plan)).unwrap();
    let s = calc::summarize(&back, today());
    let missing: Vec<&str> = s.checklist.missing().map(|i| i.text.as_str()).collect();
    let n = back.metrics.len();
    assert!(
        missing.contains(
            &format!("Metric {n} “Readmissions”: the baseline is a ratio whose denominator is zero").as_str()
        ),
        "{missing:?}"
    );
    assert!(
        missing.contains(
            &format!("Metric {n} “Readmissions”: the target for “Q1” is a ratio whose denominator is zero").as_str()
        ),
        "{missing:?}"
    );
    let mut typed = Metric::default();
    assert!(
        typed
            .set(&Field::Baseline, "3/0", MoneyUnit::Pounds)
            .unwrap_err()
            .contains("denominator is zero")
    );
    // set_value keeps a figure read from a file, as it is
    typed
        .set_value(
            &Field::Baseline,
            Value::Figure(back.metrics[n - 1].baseline.clone().unwrap(), Default::default()),
        )
        .unwrap();
}

/// `set_value` expresses every stored field: each field's value read from
/// a full record, set on an empty one, gives the same record.
#[test]
fn set_value_expresses_every_stored_field() {
    let plan =
        opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/south-kent-coast-2015-16.ron"))
            .unwrap();
    fn copy_all<R: Record + PartialEq + std::fmt::Debug>(plan: &Plan) {
        let fields = opplan::model::field::stored_fields(plan, R::KIND);
        for r in R::all(plan) {
            let mut fresh = R::default();
            fresh.set_id(r.id());
            for f in &fields {
                fresh.set_value(f, r.get(f)).unwrap_or_else(|e| panic!("{f:?}: {e}"));
            }
            fresh.finish();
            for f in &fields {
                assert_eq!(fresh.get(f), r.get(f), "{:?} {f:?}", R::KIND);
            }
        }
    }
    copy_all::<Scheme>(&plan);
    copy_all::<Metric>(&plan);
    copy_all::<Risk>(&plan);
    copy_all::<SignOff>(&plan);
    // values of the wrong kind, or beyond the bounds, are refused
    let mut s = Scheme::default();
    assert!(s.set_value(&Field::SchemeName, Value::Bool(true)).is_err());
    let money = Field::Money {
        year: "2015/16".into(),
        part: MoneyPart::Spend,
    };
    assert!(
        s.set_value(&money, Value::Money(Amount::Exact(Pence(i64::MIN))))
            .unwrap_err()
            .contains("£1,000,000,000,000")
    );
    let mut r = Risk::default();
    let due = Field::Mitigation {
        n: 1,
        part: MitigationPart::Due,
    };
    assert!(r.set_value(&due, Value::Int(3)).is_err());
    assert!(r.set_value(&Field::RiskSchemes, Value::Ids(vec![RecordId(0)])).is_err());
    assert!(
        r.set_value(&Field::RiskSchemes, Value::Ids(vec![RecordId(MAX_ID + 1)]))
            .is_err()
    );
    let score = Field::Score {
        which: ScoreKind::Current,
        part: ScorePart::Likelihood,
    };
    assert!(r.set_value(&score, Value::Int(6)).is_err());
    assert!(
        r.set(&Field::SchemeName, "x", MoneyUnit::Pounds)
            .unwrap_err()
            .contains("not a risk field")
    );
}

/// Ids never wrap: a plan holding the largest id hands out no more (with
/// a message), `fmt` writes a next_id that loads, and an import into it
/// is refused row by row.
#[test]
fn ids_never_wrap_and_an_exhausted_plan_refuses_to_add() {
    let mut plan = kent();
    plan.schemes[0].id = RecordId(MAX_ID);
    let text = io::to_ron_string(&plan);
    let mut back = io::load_str(&text).unwrap();
    assert_eq!(back.next_id, MAX_ID + 1, "validate's repair does not wrap");
    assert_eq!(
        io::load_str(&io::to_ron_string(&back)).unwrap(),
        back,
        "fmt's file opens again"
    );
    let e = back.alloc_id().unwrap_err();
    assert!(e.to_string().contains("no record can be added"), "{e}");
    assert_eq!(back.next_id, MAX_ID + 1, "nothing handed out");
    // a next_id beyond the largest id (a file written by hand) loads, and
    // the plan refuses to add
    let mut p = kent();
    p.next_id = u64::MAX;
    let mut p = io::load_str(&io::to_ron_string(&p)).unwrap();
    assert!(p.alloc_id().is_err());
    let s = calc::summarize(&p, today());
    assert!(
        s.checklist.missing().any(|i| i.text.contains("no record can be added")),
        "the checklist says why nothing can be added"
    );
    // the import refuses the rows it cannot add
    let spec = ImportSpec::new(
        &p,
        RecordKind::Schemes,
        parse_csv("Scheme name\nNew one\n").unwrap(),
        MoneyUnit::Pounds,
        Target::NewRows,
        "t.csv",
    );
    let preview = spec.preview(&p);
    assert_eq!(preview.rows[0].outcome, Outcome::Error);
    assert!(preview.error_lines(&spec)[0].contains("no record can be added"));
    // the last id is handed out, then no more
    let mut p = Plan::default();
    p.next_id = MAX_ID;
    assert_eq!(p.alloc_id(), Ok(RecordId(MAX_ID)));
    assert!(p.alloc_id().is_err());
    // and 0 never is
    let mut p = Plan::default();
    p.next_id = 0;
    assert_eq!(p.alloc_id(), Ok(RecordId(1)));
}

/// The same through the command line: `fmt` of a plan holding id
/// 18446744073709551615 used to write `next_id: 0`; now the file is
/// refused with a message and left as it was; `import` into a plan with
/// no id left adds nothing and exits 1.
#[test]
fn cli_refuses_ids_beyond_the_largest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let mut plan = kent();
    plan.schemes[0].id = RecordId(u64::MAX);
    let text = io::to_ron_string(&plan);
    std::fs::write(&path, &text).unwrap();
    let (code, stderr) = common::run_cli(common::cli_command(&[OsStr::new("fmt"), path.as_os_str()]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("beyond the largest record id"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file is untouched");

    let mut plan = kent();
    plan.schemes[0].id = RecordId(MAX_ID);
    std::fs::write(&path, io::to_ron_string(&plan)).unwrap();
    let csv = dir.path().join("new.csv");
    std::fs::write(&csv, "Scheme name,Area of spend\nNew one,Social Care\n").unwrap();
    let (code, stderr) = common::run_cli(common::cli_command(&[
        OsStr::new("import"),
        path.as_os_str(),
        OsStr::new("--schemes"),
        csv.as_os_str(),
    ]));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("no record can be added"), "{stderr}");
    let after = io::load_path(&path).unwrap();
    assert_eq!(after.schemes.len(), plan.schemes.len());
}

/// A plan of 31,000 schemes, each spending −£1tn recurrent, non-recurrent
/// and unsplit in one year: every amount is in bounds, the year's total
/// (−£93tn) is beyond i64. `summary --json` and `diff --json` used to
/// panic ("number out of range", exit 101); now they write the exact total.
/// (`diff --json` prints `calc::diff::to_json`, checked here in process.)
#[test]
fn json_totals_beyond_i64_are_exact() {
    let mut plan = Plan::default();
    plan.header.years = vec!["2015/16".into()];
    let low = Some(Amount::Exact(Pence(-MAX_ABS_PENCE)));
    for i in 0..31_000u64 {
        plan.schemes.push(Scheme {
            id: RecordId(i + 1),
            name: format!("S{i}"),
            years: vec![SchemeYear {
                spend: low,
                recurrent: low,
                non_recurrent: low,
                ..SchemeYear::new("2015/16")
            }],
            ..Default::default()
        });
    }
    let want = -(MAX_ABS_PENCE as i128) * 93_000;
    assert!(want < i64::MIN as i128);
    let s = calc::summarize(&plan, today());
    let json = serde_json::to_string(&opplan::cli::summary_json(&plan, &s)).unwrap();
    assert!(
        json.contains(&format!(
            "\"total_by_year\":{{\"2015/16\":{{\"max_pence\":{want},\"min_pence\":{want}}}"
        )),
        "{}",
        &json[..json.len().min(2_000)]
    );
    // through the command line, with a second plan to compare
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.ron");
    std::fs::write(&old, io::to_ron_string(&plan)).unwrap();
    let before = plan.clone();
    plan.schemes[0].years[0].spend = Some(Amount::Exact(Pence(0)));
    let (code, stderr) = common::run_cli(common::cli_command(&[
        OsStr::new("summary"),
        old.as_os_str(),
        OsStr::new("--json"),
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    // `diff --json` writes `calc::diff::to_json` (a child process would
    // take minutes over 31,000 schemes in a debug build)
    let d = calc::diff::diff(&before, &plan, today());
    let json = serde_json::to_string(&calc::diff::to_json(&d, "old", "new")).unwrap();
    let now = want + MAX_ABS_PENCE as i128;
    assert!(
        json.contains(&format!("\"old\":{{\"max_pence\":{want},\"min_pence\":{want}}}"))
            && json.contains(&format!("\"new\":{{\"max_pence\":{now},\"min_pence\":{now}}}")),
        "the diff's totals are exact: {}",
        &json[..json.len().min(2_000)]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Extreme in-bounds amounts through `calc::summarize` and
    /// `summary_json`: no panic, and the JSON's totals are the exact i128
    /// sums of the amounts.
    #[test]
    fn extreme_amounts_sum_exactly(amounts in proptest::collection::vec(
        (prop_oneof![Just(-MAX_ABS_PENCE), Just(MAX_ABS_PENCE), Just(-1i64), -MAX_ABS_PENCE..=MAX_ABS_PENCE],
         prop_oneof![Just(0i64), Just(MAX_ABS_PENCE), 0..=MAX_ABS_PENCE]),
        1..200,
    ), copies in 1usize..40) {
        let mut plan = Plan::default();
        plan.header.years = vec!["2015/16".into()];
        let (mut lo, mut hi) = (0i128, 0i128);
        let mut id = 0;
        for _ in 0..copies {
            for (a, width) in &amounts {
                id += 1;
                let b = (*a as i128 + *width as i128).min(MAX_ABS_PENCE as i128) as i64;
                let amount = if b == *a { Amount::Exact(Pence(*a)) } else { Amount::Range(Pence(*a), Pence(b)) };
                lo += *a as i128 * 3;
                hi += b as i128 * 3;
                plan.schemes.push(Scheme {
                    id: RecordId(id),
                    area_of_spend: "Social Care".into(),
                    years: vec![SchemeYear {
                        spend: Some(amount),
                        recurrent: Some(amount),
                        non_recurrent: Some(amount),
                        benefit_recurrent: Some(amount),
                        ..SchemeYear::new("2015/16")
                    }],
                    ..Default::default()
                });
            }
        }
        let s = calc::summarize(&plan, today());
        let v = opplan::cli::summary_json(&plan, &s);
        let total = &v["schemes"]["total_by_year"]["2015/16"];
        prop_assert_eq!(total["min_pence"].to_string(), lo.to_string());
        prop_assert_eq!(total["max_pence"].to_string(), hi.to_string());
        let area = &v["schemes"]["total_by_area"]["Social Care"]["2015/16"];
        prop_assert_eq!(area["min_pence"].to_string(), lo.to_string());
    }
}
