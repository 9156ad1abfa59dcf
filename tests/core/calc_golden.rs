//! The golden figures of DOMAIN.md, through `calc`, from the bundled samples.

use opplan::calc::{self, finance::finance_totals};
use opplan::io;
use opplan::model::{Rag, Span};
use std::path::Path;

fn load(name: &str) -> opplan::model::Plan {
    io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

fn k(thousands: i128) -> Span {
    Span::exact(thousands * 100_000)
}

fn pounds(min: i128, max: i128) -> Span {
    Span {
        min_pence: min * 100,
        max_pence: max * 100,
    }
}

#[test]
fn kent_expenditure_plan_totals() {
    let plan = load("kent-bcf-2015-16.ron");
    assert_eq!(plan.schemes.len(), 12);
    let t = finance_totals(&plan);
    assert_eq!(t.spend("2015/16"), k(101_404));
    assert_eq!(t.spend("2014/15"), k(28_254));
    let y = "2015/16";
    assert_eq!(t.by_source["CCG Minimum Contribution"][y], k(90_764));
    assert_eq!(t.by_source["Local Authority Social Services"][y], k(10_640));
    assert_eq!(t.by_area["Social Care"][y], k(35_238));
    assert_eq!(t.by_area["Other"][y], k(66_166));
    assert_eq!(t.by_commissioner["Local Authority"][y], k(42_446));
    assert_eq!(t.by_commissioner["Joint"][y], k(3_443));
    assert_eq!(t.by_commissioner["CCG"][y], k(55_515));
    // every breakdown adds up to the year's total
    for dim in calc::finance::Dimension::ALL {
        let sum = t
            .breakdown(dim)
            .values()
            .filter_map(|m| m.get(y))
            .fold(Span::ZERO, |a, b| a.sum(*b));
        assert_eq!(sum, k(101_404), "{dim:?}");
    }
}

#[test]
fn kent_reconciliation_meets_the_minimum_but_differs_from_the_declared_total() {
    let plan = load("kent-bcf-2015-16.ron");
    let t = finance_totals(&plan);
    let r = t.reconciliation.iter().find(|r| r.year == "2015/16").unwrap();
    assert_eq!(r.minimum, Some(k(101_000)));
    assert_eq!(r.meets_minimum, Some(true));
    assert_eq!(r.declared, Some(Span::ZERO));
    assert_eq!(r.declared_difference, Some(k(101_404)));
    assert_eq!(r.rag, Rag::Amber);
}

#[test]
fn south_kent_coast_range_totals() {
    let plan = load("south-kent-coast-2015-16.ron");
    let t = finance_totals(&plan);
    assert_eq!(t.spend("2014/15"), pounds(3_884_000, 4_543_143));
    assert_eq!(t.spend("2015/16"), pounds(13_283_000, 18_862_575));
    assert_eq!(t.benefit_by_year["2014/15"], pounds(-593_473, -593_473));
    assert_eq!(t.benefit_by_year["2015/16"], pounds(-593_473, -593_473));
    assert_eq!(
        opplan::model::money::format_span(&t.spend("2015/16"), opplan::model::MoneyUnit::Thousands),
        "13,283 – 18,863"
    );
}

#[test]
fn kent_sample_is_not_ready_and_says_why() {
    let plan = load("kent-bcf-2015-16.ron");
    let s = calc::summarize(&plan, chrono::NaiveDate::from_ymd_opt(2014, 3, 1).unwrap());
    assert!(!s.checklist.is_complete());
    let missing: Vec<&str> = s.checklist.missing().map(|i| i.text.as_str()).collect();
    // every placeholder sign-off is listed, by organisation
    for org in [
        "Dartford Gravesham and Swanley",
        "Swale",
        "West Kent",
        "Thanet",
        "Kent County Council",
    ] {
        assert!(
            missing
                .iter()
                .any(|m| m.contains(org) && m.contains("<Name of Signatory>")),
            "{org} placeholder not listed in {missing:#?}"
        );
    }
    assert!(
        missing
            .iter()
            .any(|m| m.contains("Carers Break") && m.contains("Other"))
    );
    assert_eq!(s.signed_count(), 0);
}

#[test]
fn risks_pointing_at_schemes_and_metrics_are_counted() {
    let plan = load("kent-bcf-2015-16.ron");
    let s = calc::summarize(&plan, chrono::NaiveDate::from_ymd_opt(2014, 3, 1).unwrap());
    for m in &plan.metrics {
        let expected = plan.risks.iter().filter(|r| r.metric_ids.contains(&m.id)).count();
        assert_eq!(s.risk_links.get(&m.id).map_or(0, |c| c.total), expected, "{}", m.name);
    }
    let dtoc = plan
        .metrics
        .iter()
        .find(|m| m.name.starts_with("Delayed transfers"))
        .unwrap();
    assert_eq!(
        s.risk_links[&dtoc.id].total, 1,
        "the delayed-transfers risk points at its metric"
    );
    assert_eq!(s.risk_links[&dtoc.id].worst, Rag::Amber, "a High (word) risk is Amber");
}
