//! The board report: self-contained (no network resources, no scripts),
//! A4 landscape, every plan text escaped, figures from calc::summarize.

use opplan::calc;
use opplan::interop::report::{ReportOptions, board_report_html};
use opplan::model::Plan;
use opplan::model::money::format_span;
use std::path::Path;

fn sample(name: &str) -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

fn opts() -> ReportOptions {
    ReportOptions {
        today: chrono::NaiveDate::from_ymd_opt(2015, 1, 20).unwrap(),
        source: Some("plan.ron".into()),
    }
}

fn report(plan: &Plan) -> String {
    let s = calc::summarize(plan, opts().today);
    board_report_html(plan, &s, &opts())
}

#[test]
fn self_contained_and_printable() {
    for name in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let html = report(&sample(name));
        assert!(html.starts_with("<!DOCTYPE html>"));
        assert!(html.contains("@page { size: A4 landscape"));
        let lower = html.to_lowercase();
        for bad in [
            "<script", "<link", "<img", "<iframe", "@import", "url(", "http://", "https://", "src=",
        ] {
            assert!(!lower.contains(bad), "{name}: {bad} found");
        }
        // RAG never colour alone: every chip has a shape and a word
        assert_eq!(
            html.matches("class=\"rag rag-").count(),
            html.matches("<svg class=\"shape\"").count()
        );
        for section in [
            "Totals (£000)",
            "RAG summary",
            "Schemes (",
            "Metrics (",
            "Risks (",
            "Sign-off (",
            "Readiness checklist:",
        ] {
            assert!(html.contains(section), "{name}: {section}");
        }
    }
}

#[test]
fn figures_come_from_the_summary() {
    let plan = sample("kent-bcf-2015-16.ron");
    let s = calc::summarize(&plan, opts().today);
    let html = report(&plan);
    for r in &s.finance.reconciliation {
        let total = format_span(&r.total, plan.settings.display_unit);
        assert!(html.contains(&format!("<div class=\"big\">{total}</div>")), "{total}");
    }
    assert!(html.contains("101,404") && html.contains("28,254"));
    let done = s.checklist.items.len() - s.checklist.incomplete_count();
    assert!(html.contains(&format!(
        "Readiness checklist: {done} of {} complete",
        s.checklist.items.len()
    )));
    assert!(html.contains(&format!(
        "Sign-off ({} of {} signed)",
        s.signed_count(),
        plan.signoffs.len()
    )));
    // SKC: ranges shown as ranges
    let skc = sample("south-kent-coast-2015-16.ron");
    assert!(report(&skc).contains("13,283 – 18,863"));
}

#[test]
fn risks_sorted_by_score_with_heat_map_counts() {
    let mut plan = sample("kent-bcf-2015-16.ron");
    plan.risks[1].current = Some(opplan::model::RiskScore::new(5, 5));
    plan.risks[3].current = Some(opplan::model::RiskScore::new(2, 2));
    plan.risks[8].current = Some(opplan::model::RiskScore::new(5, 5));
    let html = report(&plan);
    let risks = &html[html.find("<h2>Risks").unwrap()..];
    let first = risks.find(&plan.risks[1].title[..30]).unwrap();
    let second = risks.find(&plan.risks[8].title[..20]).unwrap();
    let low = risks.find(&plan.risks[3].title[..30]).unwrap();
    let word = risks.find(&plan.risks[0].title[..30]).unwrap();
    assert!(
        first < second && second < word && word < low,
        "Extreme 25s first, then High by word, then Moderate 4"
    );
    assert!(risks.contains(">2</text>"), "two risks on square 5 × 5");
    assert!(risks.contains("5 × 5 = <b>25</b>"));
}

#[test]
fn every_plan_text_is_escaped() {
    let mut plan = sample("kent-bcf-2015-16.ron");
    let evil = "<script>alert(1)</script>";
    plan.header.title = evil.into();
    plan.header.organisation = format!("{evil} & \"co\"");
    plan.schemes[0].name = evil.into();
    plan.schemes[0].area_of_spend = "Other".into();
    plan.schemes[0].area_other = "<b>bold</b>".into();
    plan.schemes[0].status = "<i>x</i>".into();
    plan.metrics[0].name = evil.into();
    plan.risks[0].title = evil.into();
    plan.risks[0].mitigations[0].text = "<img src=x onerror=alert(1)>".into();
    plan.signoffs[0].name = "<svg onload=alert(1)>".into();
    plan.signoffs[1].organisation = "\"><script>x</script>".into();
    plan.settings.areas_of_spend.push(evil.into());
    let html = report(&plan);
    assert!(!html.contains("<script>"), "no raw script tag");
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("<svg onload"));
    assert!(!html.contains("<b>bold</b>") && !html.contains("<i>x</i>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
    assert!(html.contains("&amp; &quot;co&quot;"));
}
