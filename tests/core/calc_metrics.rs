//! The RAG of every metric of both samples, checked by hand against the
//! source documents (SKC Operational Plan 2015/16, Kent BCF template).

use opplan::calc::metrics::{figure_value, format_value};
use opplan::calc::{RagCounts, summarize};
use opplan::model::{Plan, Rag};
use std::path::Path;

fn load(name: &str) -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).expect("sample loads")
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 11, 2).unwrap()
}

#[test]
fn south_kent_coast_metrics_are_rated_as_the_key_says() {
    let plan = load("south-kent-coast-2015-16.ron");
    let s = summarize(&plan, today());
    // the plan reports performance only for the two IAPT waiting times
    // ("As of January 2015 – average 93% / 100% compliance"), both above
    // their standards (75%, 95%): Green. Every other metric has a target
    // but no actual or forecast yet: not rated, and it says so.
    for (m, r) in plan.metrics.iter().zip(&s.metric_ratings) {
        let has_target = m.periods.iter().any(|p| figure_value(&p.target, m.unit).is_some());
        assert!(has_target, "{}: every SKC metric has a target", m.name);
        match m.name.as_str() {
            "IAPT: treated within 6 weeks of referral" => {
                assert_eq!(r.rag, Rag::Green);
                assert_eq!(
                    r.explanation,
                    "Actual 93.0% against target 75.0%: 24% above, target met → Green (2014/15 (average as of January 2015))"
                );
            }
            "IAPT: treated within 18 weeks of referral" => {
                assert_eq!(r.rag, Rag::Green);
                assert!(
                    r.explanation
                        .starts_with("Actual 100.0% against target 95.0%: 5.3% above, target met")
                );
            }
            _ => {
                assert_eq!(r.rag, Rag::NotRated, "{}", m.name);
                assert!(
                    r.explanation.starts_with("Target ")
                        && r.explanation.ends_with("no actual or forecast yet → not rated"),
                    "{}: {}",
                    m.name,
                    r.explanation
                );
            }
        }
    }
    let c = RagCounts::from_iter(s.metric_ratings.iter().map(|r| r.rag));
    assert_eq!((c.green, c.amber, c.red, c.not_rated), (2, 0, 0, 34));
    // the local metric's figures follow from numerator and denominator
    let local = plan
        .metrics
        .iter()
        .find(|m| m.name.starts_with("Proportion of people feeling supported"))
        .unwrap();
    let v = |f| figure_value(f, local.unit).map(|v| format_value(v, local.unit));
    assert_eq!(v(&local.baseline).as_deref(), Some("64.8%"));
    assert_eq!(v(&local.periods[0].target).as_deref(), Some("70.0%"));
    // lower-is-better where the plan wants fewer: admissions, delays, infections
    for name in [
        "Total non-elective admissions",
        "Permanent admissions",
        "Delayed transfers",
        "Avoidable emergency",
        "Admissions due to falls",
        "Number of C. difficile",
    ] {
        let m = plan.metrics.iter().find(|m| m.name.starts_with(name)).expect(name);
        assert_eq!(m.polarity, opplan::model::Polarity::LowerIsBetter, "{name}");
    }
}

#[test]
fn kent_metrics_have_no_targets_yet_so_none_is_rated() {
    // the Kent first draft leaves every metric value blank
    let plan = load("kent-bcf-2015-16.ron");
    let s = summarize(&plan, today());
    assert_eq!(plan.metrics.len(), 6);
    for r in &s.metric_ratings {
        assert_eq!(r.rag, Rag::NotRated);
        assert_eq!(r.explanation, "No target and no actual → not rated");
    }
}
