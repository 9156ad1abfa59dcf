//! Finance totals part by part, from the bundled samples: the Kent golden
//! figures of DOMAIN.md through the detailed breakdowns, the SKC range
//! totals and benefits of the issue, the checks on scheme money, and the
//! CLI's JSON giving the same numbers.

use opplan::calc::finance::{Dimension, Measure, finance_totals};
use opplan::calc::{self, checklist::scheme_problems};
use opplan::io;
use opplan::model::{Amount, AmountField, Pence, Plan, Span, UnparsedAmount};
use std::path::Path;

fn load(name: &str) -> Plan {
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
fn kent_golden_figures_part_by_part() {
    let t = finance_totals(&load("kent-bcf-2015-16.ron"));
    let y = "2015/16";
    // Kent gives spend not split into recurrent and non-recurrent
    let p = t.parts(y);
    assert_eq!(p.unsplit, k(101_404));
    assert_eq!(
        (p.recurrent, p.non_recurrent, p.benefit()),
        (Span::ZERO, Span::ZERO, Span::ZERO)
    );
    assert_eq!(t.parts("2014/15").spend(), k(28_254));
    let spend = |d: Dimension, name: &str| t.detailed(d)[name][y].measure(Measure::Spend);
    assert_eq!(spend(Dimension::Source, "CCG Minimum Contribution"), k(90_764));
    assert_eq!(spend(Dimension::Source, "Local Authority Social Services"), k(10_640));
    assert_eq!(spend(Dimension::Area, "Social Care"), k(35_238));
    assert_eq!(spend(Dimension::Area, "Other"), k(66_166));
    assert_eq!(spend(Dimension::Commissioner, "Local Authority"), k(42_446));
    assert_eq!(spend(Dimension::Commissioner, "Joint"), k(3_443));
    assert_eq!(spend(Dimension::Commissioner, "CCG"), k(55_515));
    // the programme breakdown: the seven CCG rows and the rest not set
    let prog = t.detailed(Dimension::Programme);
    assert_eq!(prog["Thanet"][y].spend(), k(6_416));
    assert_eq!(prog["West Kent"][y].spend(), k(15_530));
    assert_eq!(
        prog[calc::finance::NOT_SET][y].spend(),
        k(3_432 + 7_208 + 3_552 + 3_443 + 28_254)
    );
    assert!(t.has_unsplit && !t.has_split);
    assert_eq!(t.unparsed_count, 0);
}

#[test]
fn skc_ranges_and_benefits_part_by_part() {
    let t = finance_totals(&load("south-kent-coast-2015-16.ron"));
    for (year, lo, hi) in [("2014/15", 3_884_000, 4_543_143), ("2015/16", 13_283_000, 18_862_575)] {
        let p = t.parts(year);
        // SKC gives recurrent spend only, and recurrent benefits
        assert_eq!(p.recurrent, pounds(lo, hi), "{year}");
        assert_eq!(p.spend(), pounds(lo, hi), "{year}");
        assert_eq!((p.unsplit, p.non_recurrent), (Span::ZERO, Span::ZERO), "{year}");
        assert_eq!(p.benefit_recurrent, pounds(-593_473, -593_473), "{year}");
        assert_eq!(p.benefit(), pounds(-593_473, -593_473), "{year}");
        assert_eq!(t.benefit_recurrent_by_year[year], pounds(-593_473, -593_473));
        assert_eq!(t.benefit_non_recurrent_by_year[year], Span::ZERO);
        // net: ranges minus the benefits, bound by bound
        assert_eq!(p.net(), pounds(lo - 593_473, hi - 593_473), "{year}");
        // the one source carries it all, benefits included
        let src = t.detailed(Dimension::Source)["CCG Minimum Contribution"][year];
        assert_eq!(src, p, "{year}");
    }
    assert!(t.has_split && !t.has_unsplit);
    // the declared ranges match the computed ranges: Green
    assert!(t.reconciliation.iter().all(|r| r.rag == opplan::model::Rag::Green));
}

#[test]
fn scheme_money_checks() {
    let mut plan = load("kent-bcf-2015-16.ron");
    let s = &mut plan.schemes[0];
    let y = s.year_mut("2015/16");
    y.unparsed.push(UnparsedAmount {
        field: AmountField::Spend,
        text: "1,2OO".into(),
    });
    y.recurrent = Some(Amount::Range(Pence::from_thousands(9), Pence::from_thousands(1)));
    s.year_mut("2016/17").spend = Some(Amount::thousands(5));
    s.source_of_funding.clear();
    s.name.clear();
    let problems: Vec<String> = scheme_problems(&plan, &plan.schemes[0])
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    let has = |needle: &str| problems.iter().any(|p| p.contains(needle));
    assert!(has("no name"), "{problems:#?}");
    assert!(has("no source of funding"), "{problems:#?}");
    assert!(
        has("2015/16 spend (not split) “1,2OO” is not an amount"),
        "{problems:#?}"
    );
    assert!(has("minimum above its maximum"), "{problems:#?}");
    assert!(has("2016/17, a year outside the plan"), "{problems:#?}");
    // the unread text counts in no total; the year outside the plan is listed apart
    let t = finance_totals(&plan);
    assert_eq!(t.unparsed_count, 1);
    assert_eq!(t.years, vec!["2014/15", "2015/16", "2016/17"]);
    assert_eq!(t.spend("2016/17"), k(5));
    // and every check reaches the checklist, pointing at the scheme
    let s = calc::summarize(&plan, chrono::NaiveDate::from_ymd_opt(2014, 3, 1).unwrap());
    let id = plan.schemes[0].id;
    assert_eq!(s.checklist.for_record(id).count(), problems.len());
}

#[test]
fn unread_text_survives_save_and_load() {
    let mut plan = load("kent-bcf-2015-16.ron");
    plan.schemes[2]
        .year_mut("2014/15")
        .set_unparsed(AmountField::Recurrent, Some("12..3".into()));
    let text = io::to_ron_string(&plan);
    let back = io::load_str(&text).unwrap();
    assert_eq!(back, plan);
    assert_eq!(
        back.schemes[2]
            .year("2014/15")
            .unwrap()
            .unparsed(AmountField::Recurrent),
        Some("12..3")
    );
    // files without any unread text do not mention it
    let clean = io::to_ron_string(&load("kent-bcf-2015-16.ron"));
    assert!(!clean.contains("unparsed"));
}

#[test]
fn cli_json_breakdowns_are_the_same_numbers() {
    let plan = load("south-kent-coast-2015-16.ron");
    let s = calc::summarize(&plan, chrono::NaiveDate::from_ymd_opt(2014, 3, 1).unwrap());
    let j = opplan::cli::summary_json(&plan, &s);
    let b = &j["schemes"]["breakdowns"]["source"]["CCG Minimum Contribution"]["2015/16"];
    assert_eq!(b["spend"]["min_pence"], 1_328_300_000i64);
    assert_eq!(b["spend"]["max_pence"], 1_886_257_500i64);
    assert_eq!(b["benefit"]["min_pence"], -59_347_300i64);
    assert_eq!(
        j["schemes"]["benefit_recurrent_by_year"]["2014/15"]["max_pence"],
        -59_347_300i64
    );
    assert_eq!(
        j["schemes"]["total_by_source"]["CCG Minimum Contribution"]["2014/15"]["max_pence"],
        454_314_300i64
    );
}
