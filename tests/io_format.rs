//! The RON file format: round trip, versions, migration, tolerance.

use opplan::io::{self, LoadError};
use opplan::model::*;
use proptest::prelude::*;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

#[test]
fn samples_are_in_canonical_form() {
    // `opplan fmt` would not change them: loading and writing gives the same text
    for s in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let text = std::fs::read_to_string(sample(s)).unwrap();
        let plan = io::load_str(&text).unwrap();
        assert_eq!(
            io::to_ron_string(&plan),
            text,
            "{s} is not canonical: run `opplan fmt assets/{s}`"
        );
    }
}

#[test]
fn older_version_migrates_on_load() {
    let plan = io::load_path(&fixture("v1-plan.ron")).expect("a v1 file loads");
    assert_eq!(plan.format_version, FORMAT_VERSION);
    // every record got a distinct non-zero id, in file order
    let ids: Vec<u64> = plan.all_ids().map(|i| i.0).collect();
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert_eq!(plan.next_id, 5);
    // the word rating moved to its new field
    assert_eq!(plan.risks[0].legacy_rating, "HIGH");
    assert_eq!(
        plan.schemes[1].years[0].spend,
        Some(Amount::Range(Pence(20000000), Pence(30000000)))
    );
    // and it saves as the current version and loads back the same
    let again = io::load_str(&io::to_ron_string(&plan)).unwrap();
    assert_eq!(again, plan);
    assert!(io::to_ron_string(&plan).contains(&format!("format_version: {FORMAT_VERSION},")));
}

#[test]
fn newer_version_is_refused_naming_both_versions() {
    let text = std::fs::read_to_string(sample("kent-bcf-2015-16.ron"))
        .unwrap()
        .replacen(&format!("format_version: {FORMAT_VERSION},"), "format_version: 99,", 1);
    let err = io::load_str(&text).unwrap_err();
    assert_eq!(
        err,
        LoadError::NewerVersion {
            file: 99,
            supported: FORMAT_VERSION
        }
    );
    let msg = err.to_string();
    assert!(msg.contains("99") && msg.contains(&FORMAT_VERSION.to_string()), "{msg}");
    // even when the newer file has fields and variants this version does not know
    let text = "(format_version: 7, header: (title: \"x\", future_field: Hologram(3)), new_list: [1, 2])";
    assert_eq!(
        io::load_str(text).unwrap_err(),
        LoadError::NewerVersion {
            file: 7,
            supported: FORMAT_VERSION
        }
    );
}

#[test]
fn unknown_fields_are_tolerated() {
    let text = std::fs::read_to_string(sample("kent-bcf-2015-16.ron")).unwrap();
    let plain = io::load_str(&text).unwrap();
    let extended = text
        .replacen(
            "    header: (\n",
            "    written_by: \"a plug-in\",\n    header: (\n        colour: Some((1, 2, 3)),\n",
            1,
        )
        .replacen(
            "            reference: \"\",\n",
            "            reference: \"\",\n            tags: [\"x\"],\n",
            1,
        );
    assert_ne!(extended, text);
    assert_eq!(io::load_str(&extended).unwrap(), plain);
}

#[test]
fn parse_errors_say_where() {
    let text = "(\n    format_version: 2,\n    header: (\n        title: 42,\n    ),\n)";
    match io::load_str(text).unwrap_err() {
        LoadError::Parse { line, col, message } => {
            assert_eq!(line, 4, "{message}");
            assert!(col > 1);
            assert!(!message.is_empty());
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn duplicate_ids_are_refused() {
    let mut plan = Plan::new_blank();
    for _ in 0..2 {
        plan.schemes.push(Scheme {
            id: RecordId(7),
            name: "Twin".into(),
            ..Default::default()
        });
    }
    let err = io::load_str(&io::to_ron_string(&plan)).unwrap_err();
    assert!(matches!(err, LoadError::Invalid(ref m) if m.contains("id 7")), "{err}");
}

// ------------------------------------------------------------ round trip

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[ -~]{0,20}",
        "\\PC{0,12}",
        Just("<Name of Signatory>".to_string()),
        Just("line one\nline \"two\"\t\\ end".to_string()),
    ]
}

fn amount() -> impl Strategy<Value = Amount> {
    let p = -MAX..=MAX;
    prop_oneof![
        p.clone().prop_map(|v| Amount::Exact(Pence(v))),
        (p.clone(), p).prop_map(|(a, b)| Amount::Range(Pence(a), Pence(b))),
    ]
}
const MAX: i64 = opplan::model::money::MAX_ABS_PENCE;

fn decimal() -> impl Strategy<Value = Decimal> {
    (any::<i64>(), 0u32..8).prop_map(|(m, s)| Decimal::new(m % 10_000_000_000, s))
}

fn figure() -> impl Strategy<Value = Figure> {
    prop_oneof![
        decimal().prop_map(Figure::Value),
        (decimal(), decimal()).prop_map(|(numerator, denominator)| Figure::Ratio { numerator, denominator }),
    ]
}

fn date_field() -> impl Strategy<Value = DateField> {
    prop_oneof![
        (1900i32..2200, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| DateField::Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())),
        // text that is not an ISO date stays text
        "[A-Za-z<> ]{1,15}".prop_map(DateField::Text),
    ]
}

fn score() -> impl Strategy<Value = RiskScore> {
    (1u8..=5, 1u8..=5).prop_map(|(l, c)| RiskScore::new(l, c))
}

fn scheme_year() -> impl Strategy<Value = SchemeYear> {
    (
        "20[0-9]{2}/[0-9]{2}",
        proptest::option::of(amount()),
        proptest::option::of(amount()),
        proptest::option::of(amount()),
        proptest::option::of(amount()),
        proptest::option::of(amount()),
    )
        .prop_map(
            |(year, spend, recurrent, non_recurrent, benefit_recurrent, benefit_non_recurrent)| SchemeYear {
                year,
                spend,
                recurrent,
                non_recurrent,
                benefit_recurrent,
                benefit_non_recurrent,
                unparsed: Vec::new(),
            },
        )
}

fn scheme() -> impl Strategy<Value = Scheme> {
    (
        (text(), text(), text(), text(), text()),
        (text(), text(), text(), text()),
        proptest::collection::vec(scheme_year(), 0..3),
        (text(), text(), text()),
    )
        .prop_map(|(a, b, years, c)| Scheme {
            id: RecordId(0),
            reference: a.0,
            name: a.1,
            area_of_spend: a.2,
            area_other: a.3,
            commissioner: a.4,
            provider: b.0,
            source_of_funding: b.1,
            programme: b.2,
            status: b.3,
            years,
            description: c.0,
            outcomes: c.1,
            notes: c.2,
        })
}

fn metric() -> impl Strategy<Value = Metric> {
    (
        (text(), text(), text()),
        (0usize..4, 0usize..7, any::<bool>()),
        proptest::option::of(figure()),
        proptest::collection::vec(
            (
                text(),
                proptest::option::of(figure()),
                proptest::option::of(figure()),
                proptest::option::of(figure()),
            )
                .prop_map(|(label, target, actual, forecast)| MetricPeriod {
                    label,
                    target,
                    actual,
                    forecast,
                }),
            0..4,
        ),
        proptest::option::of(decimal()),
        proptest::option::of((0usize..4, text(), proptest::option::of(date_field()))),
    )
        .prop_map(|(t, (cat, unit, lower), baseline, periods, tolerance_pct, ov)| Metric {
            id: RecordId(0),
            reference: t.0,
            name: t.1,
            category: MetricCategory::ALL[cat],
            description: t.2,
            unit: MetricUnit::ALL[unit],
            polarity: if lower {
                Polarity::LowerIsBetter
            } else {
                Polarity::HigherIsBetter
            },
            baseline,
            baseline_period: String::new(),
            periods,
            tolerance_pct,
            rag_override: ov.map(|(r, reason, date)| RagOverride {
                rag: Rag::ALL[r],
                reason,
                by: String::new(),
                date,
            }),
            diagnosis: String::new(),
            action: String::new(),
            trajectory: String::new(),
            scheme_ids: vec![],
        })
}

fn risk() -> impl Strategy<Value = Risk> {
    (
        (text(), text(), text(), text()),
        any::<bool>(),
        (proptest::option::of(date_field()), proptest::option::of(date_field())),
        (
            proptest::option::of(score()),
            proptest::option::of(score()),
            proptest::option::of(score()),
        ),
        text(),
        proptest::collection::vec(
            (text(), text(), proptest::option::of(date_field()), any::<bool>())
                .prop_map(|(text, owner, due, done)| Mitigation { text, owner, due, done }),
            0..3,
        ),
    )
        .prop_map(|(t, closed, dates, scores, legacy_rating, mitigations)| Risk {
            id: RecordId(0),
            reference: t.0,
            title: t.1,
            description: t.2,
            category: t.3,
            owner: String::new(),
            status: if closed { RiskStatus::Closed } else { RiskStatus::Open },
            date_raised: dates.0,
            review_date: dates.1,
            current: scores.0,
            residual: scores.1,
            target: scores.2,
            legacy_rating,
            mitigations,
            scheme_ids: vec![],
            metric_ids: vec![],
        })
}

fn signoff() -> impl Strategy<Value = SignOff> {
    (
        (text(), text(), text(), text()),
        0usize..6,
        0usize..3,
        proptest::option::of(date_field()),
        any::<bool>(),
    )
        .prop_map(|(t, org, st, date, required)| SignOff {
            id: RecordId(0),
            organisation: t.0,
            org_type: OrgType::ALL[org],
            position: t.1,
            name: t.2,
            status: [SignOffStatus::Pending, SignOffStatus::Signed, SignOffStatus::Declined][st],
            date,
            comment: t.3,
            required,
            signed_content: None,
        })
}

fn plan() -> impl Strategy<Value = Plan> {
    (
        (
            text(),
            text(),
            proptest::collection::vec(text(), 0..3),
            proptest::collection::vec("20[0-9]{2}/[0-9]{2}", 0..4),
        ),
        (
            0usize..4,
            proptest::option::of(date_field()),
            proptest::option::of(date_field()),
        ),
        proptest::collection::vec(
            (
                "20[0-9]{2}/[0-9]{2}",
                proptest::option::of(amount()),
                proptest::option::of(amount()),
            ),
            0..3,
        ),
        proptest::collection::vec(scheme(), 0..4),
        proptest::collection::vec(metric(), 0..3),
        proptest::collection::vec(risk(), 0..3),
        proptest::collection::vec(signoff(), 0..3),
        0usize..3,
    )
        .prop_map(
            |(h, (status, agreed, submitted), budgets, schemes, metrics, risks, signoffs, unit)| {
                let mut p = Plan::new_blank();
                p.header.title = h.0;
                p.header.owner = h.1;
                p.header.ccgs = h.2;
                p.header.years = h.3;
                p.header.status = PlanStatus::ALL[status];
                p.header.date_agreed_hwb = agreed;
                p.header.date_submitted = submitted;
                p.header.budgets = budgets
                    .into_iter()
                    .map(|(year, minimum_required, declared_total)| YearBudget {
                        year,
                        minimum_required,
                        declared_total,
                    })
                    .collect();
                p.settings.display_unit = MoneyUnit::ALL[unit];
                p.schemes = schemes;
                p.metrics = metrics;
                p.risks = risks;
                p.signoffs = signoffs;
                // ids as the app hands them out
                for i in 0..p.schemes.len() {
                    p.schemes[i].id = p.alloc_id();
                }
                for i in 0..p.metrics.len() {
                    p.metrics[i].id = p.alloc_id();
                }
                for i in 0..p.risks.len() {
                    p.risks[i].id = p.alloc_id();
                }
                for i in 0..p.signoffs.len() {
                    p.signoffs[i].id = p.alloc_id();
                }
                // links between records, by id
                if let (Some(s), Some(r)) = (p.schemes.first().map(|s| s.id), p.risks.first_mut()) {
                    r.scheme_ids.push(s);
                }
                p
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_gives_back_the_same_plan(p in plan()) {
        let text = io::to_ron_string(&p);
        let back = io::load_str(&text).map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&back, &p);
        // and writing it again gives the same text (stable, diff-friendly)
        prop_assert_eq!(io::to_ron_string(&back), text);
    }
}
