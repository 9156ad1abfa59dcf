//! Operating-plan finance (issue 15): the DGS 2015/16 sample's golden
//! totals computed by hand from seed 003, the Kent Finance Summary's
//! reconciliation finding, the file format (version 4 only while a plan
//! holds the new content, a version 2 file migrates), validation on load,
//! the edit of the finance tables and the fingerprint.

use opplan::calc::{self, Section, finance::finance_totals};
use opplan::io;
use opplan::model::edit::{Change, apply};
use opplan::model::{
    AllocationLine, Amount, FORMAT_VERSION, FORMAT_VERSION_OPERATING, FinanceTables, IncomeKind, Pence, Plan, PlanEdit,
    QippPhase, RecordId, Span,
};
use std::path::Path;

fn load(name: &str) -> Plan {
    io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

/// £000 to pence.
fn k(thousands: i128) -> Span {
    Span::exact(thousands * 100_000)
}

/// Pounds to pence.
fn gbp(pounds: i128) -> Span {
    Span::exact(pounds * 100)
}

/// Tenths of £m to pence.
fn m10(tenths: i128) -> Span {
    Span::exact(tenths * 10_000_000)
}

const Y: &str = "2015/16";

#[test]
fn dgs_allocation_subtotals_and_total() {
    let plan = load("dgs-2015-16.ron");
    let op = finance_totals(&plan).operating;
    let y = op.year(Y).expect("2015/16");
    assert_eq!(y.lines, 7);
    // seed 003, lines 196-201 (£m): 277.4 + 3.9 + 1.5 + 6.0 + 4.8 + 5.6 = 299.2,
    // printed as "Total Recurrent Allocation 15-16 299.2" (line 204)
    assert_eq!(y.recurrent, m10(2774 + 39 + 15 + 60 + 48 + 56));
    assert_eq!(y.recurrent, m10(2992));
    // line 207: Return of Surplus 3.9, non-recurrent
    assert_eq!(y.non_recurrent, m10(39));
    // line 209: Total Allocation 15-16 303.1 = 299.2 + 3.9
    assert_eq!(y.income, m10(3031));
    // both printed totals agree with the lines
    for field in ["declared_recurrent", "declared_allocation"] {
        let c = op.checks.iter().find(|c| c.field == field).expect(field);
        assert!(c.ok, "{}", c.text);
    }
    // no planned expenditure and no scheme spend: income is not rated
    assert_eq!(y.rag, opplan::model::Rag::NotRated);
}

#[test]
fn dgs_qipp_by_programme() {
    let plan = load("dgs-2015-16.ron");
    let op = finance_totals(&plan).operating;
    // seed 003, lines 219-227 (£000): saving, investment, net
    for (name, saving, investment, net) in [
        ("Integrated", 978, 151, 827),
        ("LTC", 0, 0, 0),
        ("Mental Health", 1_435, 65, 1_370),
        ("Planned Care", 742, 0, 742),
        ("Prescribing", 1_000, 0, 1_000),
        ("Primary Care", 168, 0, 168),
        ("Urgent Care", 1_143, 0, 1_143),
        ("(blank)", 0, 0, 0),
        ("Other Investment", 250, 0, 250),
    ] {
        let g = op.programme(Y, name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(
            (g.saving, g.investment, g.net),
            (k(saving), k(investment), k(net)),
            "{name}"
        );
    }
    let y = op.year(Y).unwrap();
    // 978 + 0 + 1,435 + 742 + 1,000 + 168 + 1,143 + 0 + 250 = 5,716
    assert_eq!(y.qipp_saving, k(5_716));
    // 151 + 65 = 216
    assert_eq!(y.qipp_investment, k(216));
    // 5,716 − 216 = 5,500 (line 229 prints 5,500.0)
    assert_eq!(y.qipp_net, k(5_500));
    // line 229 prints 5,716.2 and (216.2), totals of unrounded pounds: flagged
    let saving = op.checks.iter().find(|c| c.field == "declared_qipp_saving").unwrap();
    assert!(!saving.ok);
    assert!(
        saving.text.contains("add to 5,716 against a printed total of 5,716.2"),
        "{}",
        saving.text
    );
    let investment = op
        .checks
        .iter()
        .find(|c| c.field == "declared_qipp_investment")
        .unwrap();
    assert!(!investment.ok, "{}", investment.text);
    let net = op.checks.iter().find(|c| c.field == "declared_qipp_net").unwrap();
    assert!(net.ok, "{}", net.text);
}

#[test]
fn dgs_activity_and_finance_by_point_of_delivery() {
    let plan = load("dgs-2015-16.ron");
    let op = finance_totals(&plan).operating;
    // Appendix B (seed 003), Integrated Care, lines 416-432:
    // activity (180) + (300) + (166) + (866) + (40) = (1,552) (line 437)
    // finance (24,590) + (22,905) + 0 + (514,016) + (226,160) + (39,600) = (827,271)
    let integrated = op.programme(Y, "Integrated").unwrap();
    assert_eq!(integrated.activity, -1_552);
    assert_eq!(integrated.finance, gbp(-827_271));
    // Mental Health, lines 439-454: activity (100) + (29) + (360) = (489);
    // finance (11,700) + (191,440) + (250,000) + (201,667) + 50,000 + (780,000) + 15,000 = (1,369,807)
    let mh = op.programme(Y, "Mental Health").unwrap();
    assert_eq!(mh.activity, -489);
    assert_eq!(mh.finance, gbp(-1_369_807));
    // Planned Care, lines 466-478: activity (1,502) + 1,611 + (4,867) = (4,758);
    // finance 515,425 + (34,935) + (223,776) + 38,433 + (786,850) + (250,000) = (741,703)
    let planned = op.programme(Y, "Planned Care").unwrap();
    assert_eq!(planned.activity, -4_758);
    assert_eq!(planned.finance, gbp(-741_703));
    // Urgent Care, lines 531-541: activity (95) + (282) + (726) + (20) + (49) = (1,172),
    // printed (1,173); finance (11,115) + (923,332) + (180,741) + (15,400) + (12,250) = (1,142,838)
    let urgent = op.programme(Y, "Urgent Care").unwrap();
    assert_eq!(urgent.activity, -1_172);
    assert_eq!(urgent.finance, gbp(-1_142_838));
    // by point of delivery: Accident and Emergency (lines 416, 439, 531)
    // activity (180) + (100) + (95) = (375); finance (24,590) + (11,700) + (11,115) = (47,405)
    let ae = op.point_of_delivery(Y, "Accident and Emergency").unwrap();
    assert_eq!((ae.activity, ae.finance), (-375, gbp(-47_405)));
    // Long Stay Emergency Admission (lines 424, 519, 533):
    // (166) + (67) + (282) = (515); (514,016) + (168,417) + (923,332) = (1,605,765)
    let ls = op.point_of_delivery(Y, "Long Stay Emergency Admission").unwrap();
    assert_eq!((ls.activity, ls.finance), (-515, gbp(-1_605_765)));
    // Long Stay Emergency Excess bed days (lines 426, 535): (866) + (726) = (1,592);
    // (226,160) + (180,741) = (406,901)
    let ebd = op.point_of_delivery(Y, "Long Stay Emergency Excess bed days").unwrap();
    assert_eq!((ebd.activity, ebd.finance), (-1_592, gbp(-406_901)));
    // Grand Total (line 576): finance (5,500,036) = the programmes' sum
    let y = op.year(Y).unwrap();
    assert_eq!(y.pod_finance, gbp(-5_500_036));
    // activity: 1,552 + 489 + 4,758 + 67 + 1,172 = 8,038 against a printed (8,039): flagged
    assert_eq!(y.activity, -8_038);
    let act = op.checks.iter().find(|c| c.field == "declared_qipp_activity").unwrap();
    assert!(!act.ok);
    assert!(
        act.text.contains("\u{2212}8,038") && act.text.contains("\u{2212}8,039"),
        "{}",
        act.text
    );
}

#[test]
fn kent_finance_summary_reconciliation_is_a_finding() {
    let plan = load("kent-bcf-2015-16.ron");
    let s = calc::summarize(&plan, chrono::NaiveDate::from_ymd_opt(2014, 2, 14).unwrap());
    // seed 004, lines 1009-1016: 3,278 + 1,440 + 6,760 + 1,736 + 3,050 + 3,532 + 2,265 = 22,061
    let y = s.finance.operating.year("2014/15").unwrap();
    assert_eq!(y.actual_contributions, k(22_061));
    // 15/16 minimum: 14,947 + 6,556 + 26,394 + 7,321 + 12,564 + 13,283 + 9,699 = 90,764
    assert_eq!(s.finance.operating.year(Y).unwrap().minimum_contributions, k(90_764));
    let finding = s
        .checklist
        .missing()
        .find(|i| i.section == Section::Finance && i.text.contains("22,061") && i.text.contains("27,000"))
        .expect("the 2014/15 finding in the checklist");
    assert!(finding.text.starts_with("2014/15 contributions"), "{}", finding.text);
    assert!(
        s.checklist
            .missing()
            .any(|i| i.section == Section::Finance && i.text.contains("90,764") && i.text.contains("101,404")),
        "the 2015/16 minimum contributions against the printed 101,404"
    );
    // the 15/16 minimum contributions from the CCGs match the schemes' CCG Minimum Contribution
    assert!(s.checklist.items.iter().any(|i| {
        i.ok && i
            .text
            .contains("2015/16 contributions from \u{201c}CCG Minimum Contribution\u{201d}")
            && i.text.contains("90,764")
    }));
    // and summary, text and JSON, say it
    let text = opplan::cli::summary_text(&plan, &s);
    assert!(text.contains("22,061") && text.contains("27,000"), "{text}");
    let json = opplan::cli::summary_json(&plan, &s);
    let findings = json["finance"]["findings"].as_array().unwrap();
    assert!(
        findings
            .iter()
            .any(|f| f.as_str().unwrap().contains("22,061") && f.as_str().unwrap().contains("27,000"))
    );
    assert_eq!(
        json["finance"]["years"]["2014/15"]["actual_contributions"]["min_pence"],
        serde_json::json!(2_206_100_000i64)
    );
}

fn line(year: &str, label: &str, pounds: i64) -> AllocationLine {
    AllocationLine {
        year: year.into(),
        label: label.into(),
        kind: IncomeKind::Recurrent,
        amount: Some(Amount::pounds(pounds)),
        ..Default::default()
    }
}

#[test]
fn a_version_2_file_migrates_and_is_written_as_4_only_with_the_new_content() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-old.ron")).unwrap();
    assert!(text.contains("format_version: 2"));
    let mut plan = io::load_str(&text).expect("a version 2 file loads");
    assert_eq!(plan.format_version, FORMAT_VERSION);
    assert!(!plan.has_operating_content());
    // without the new content: written as version 2, nothing new in it
    let again = io::to_ron_string(&plan);
    assert!(again.contains("format_version: 2,"));
    for key in [
        "allocations",
        "finance_years",
        "contributions",
        "performance_amounts",
        "qipp_programme",
        "qipp",
    ] {
        assert!(
            !again.contains(&format!(" {key}: ")),
            "{key} written for a plan without it"
        );
    }
    assert_eq!(again, text, "written exactly as it was");
    // an allocation line: version 4, and it reads back the same
    let edit = PlanEdit::SetFinanceTables(Box::new(FinanceTables {
        allocations: vec![line("2015/16", "Recurrent baseline", 1_000)],
        ..Default::default()
    }));
    apply(&mut plan, edit).unwrap();
    assert_eq!(plan.written_version(), FORMAT_VERSION_OPERATING);
    let four = io::to_ron_string(&plan);
    assert!(four.starts_with("(\n    format_version: 4,"), "{four}");
    let back = io::load_str(&four).unwrap();
    assert_eq!(back, plan);
    // a scheme's QIPP alone is content too
    let mut q = io::load_str(&text).unwrap();
    q.schemes[0].qipp_programme = "Urgent Care".into();
    assert_eq!(q.written_version(), 4);
    // a newer version is refused, naming both
    let five = four.replacen("format_version: 4", "format_version: 5", 1);
    let err = io::load_str(&five).unwrap_err().to_string();
    assert!(err.contains("file format 5") && err.contains("up to 4"), "{err}");
}

#[test]
fn the_new_figures_are_validated_on_load() {
    let mut plan = Plan::default();
    plan.allocations.push(AllocationLine {
        id: RecordId(1),
        ..line("2015/16", "Growth", 1)
    });
    plan.next_id = 2;
    let good = io::to_ron_string(&plan);
    let bad = good.replace("Some(Exact(100))", "Some(Exact(100000000000001))");
    assert_ne!(good, bad);
    let err = io::load_str(&bad).unwrap_err().to_string();
    assert_eq!(
        err,
        "Allocation line 1 \u{201c}Growth\u{201d}: the amount is beyond £1,000,000,000,000."
    );
    // an id shared with another record
    let mut dup = plan.clone();
    dup.schemes.push(opplan::model::Scheme {
        id: RecordId(1),
        name: "Falls".into(),
        ..Default::default()
    });
    let err = io::load_str(&io::to_ron_string(&dup)).unwrap_err().to_string();
    assert!(err.contains("Two records share id 1"), "{err}");
}

#[test]
fn finance_tables_edit_gives_ids_and_undoes() {
    let mut plan = load("south-kent-coast-2015-16.ron");
    let before = plan.clone();
    let mut t = FinanceTables::of(&plan);
    t.allocations.push(line("2015/16", "Baseline", 5));
    t.allocations.push(line("2015/16", "Growth", 7));
    let done = apply(&mut plan, PlanEdit::SetFinanceTables(Box::new(t))).unwrap();
    assert_eq!(done.changes, vec![Change::FinanceTables]);
    let ids: Vec<u64> = plan.allocations.iter().map(|l| l.id.0).collect();
    assert_eq!(ids, vec![before.next_id, before.next_id + 1]);
    assert_eq!(plan.next_id, before.next_id + 2);
    assert_eq!(finance_totals(&plan).operating.year("2015/16").unwrap().income, gbp(12));
    apply(&mut plan, done.undo).unwrap();
    assert_eq!(plan, before, "undo puts back the tables and the id counter");
    // an id another record has is refused, and nothing changes
    let mut t = FinanceTables::of(&plan);
    t.allocations.push(AllocationLine {
        id: plan.schemes[0].id,
        ..line("2015/16", "Clash", 1)
    });
    let err = apply(&mut plan, PlanEdit::SetFinanceTables(Box::new(t))).unwrap_err();
    assert!(err.contains("already has id"), "{err}");
    assert_eq!(plan, before);
}

#[test]
fn changing_an_allocation_changes_the_fingerprint() {
    let plan = load("dgs-2015-16.ron");
    let a = calc::content_fingerprint(&plan);
    let mut changed = plan.clone();
    changed.allocations[1].amount = Some(Amount::Exact(Pence(390_000_001)));
    let b = calc::content_fingerprint(&changed);
    assert_ne!(a.whole, b.whole);
    assert_ne!(a.header, b.header);
    // a QIPP saving is part of the schemes
    let mut q = plan.clone();
    q.schemes[0].qipp[0].saving = Some(Amount::thousands(979));
    let c = calc::content_fingerprint(&q);
    assert_ne!(a.schemes, c.schemes);
    // a plan without the tables hashes its header as before them
    let kent_old = load("south-kent-coast-2015-16.ron");
    assert_eq!(
        calc::fingerprint::header_hash(&kent_old),
        calc::fingerprint::canonical_hash(&{
            let mut h = kent_old.header.clone();
            h.status = Default::default();
            h.date_submitted = None;
            h.date_agreed_hwb = None;
            h
        })
    );
}

#[test]
fn qipp_phasing_must_add_up_to_the_saving() {
    let mut plan = load("dgs-2015-16.ron");
    let q = &mut plan.schemes[0].qipp[0];
    // 978 in four quarters: 244 + 244 + 245 + 244 = 977, a thousand short
    q.phasing = [244, 244, 245, 244]
        .iter()
        .enumerate()
        .map(|(i, v)| QippPhase {
            label: format!("Q{}", i + 1),
            saving: Some(Amount::thousands(*v)),
        })
        .collect();
    let op = finance_totals(&plan).operating;
    let c = op.checks.iter().find(|c| c.text.contains("phasing")).unwrap();
    assert!(!c.ok);
    assert!(c.text.contains("977") && c.text.contains("978"), "{}", c.text);
    plan.schemes[0].qipp[0].phasing[2].saving = Some(Amount::thousands(246));
    let op = finance_totals(&plan).operating;
    assert!(op.checks.iter().find(|c| c.text.contains("phasing")).unwrap().ok);
}

#[test]
fn income_against_spend_is_rated() {
    let mut plan = load("dgs-2015-16.ron");
    let fy = &mut plan.finance_years[0];
    fy.surplus_pct = Some("1".parse().unwrap());
    // 303.1m income; spend 300m leaves 3.1m, above 1% (3.031m): Green
    fy.planned_expenditure = Some(Amount::thousands(300_000));
    let y = finance_totals(&plan).operating.year(Y).unwrap().clone();
    assert_eq!((y.rag, y.gap), (opplan::model::Rag::Green, k(3_100)));
    // 300.1m leaves 3.0m, below the planned surplus: Amber
    plan.finance_years[0].planned_expenditure = Some(Amount::thousands(300_100));
    let y = finance_totals(&plan).operating.year(Y).unwrap().clone();
    assert_eq!(y.rag, opplan::model::Rag::Amber, "{}", y.rule);
    // more than income: Red, and a finding
    plan.finance_years[0].planned_expenditure = Some(Amount::thousands(303_101));
    let op = finance_totals(&plan).operating;
    assert_eq!(op.year(Y).unwrap().rag, opplan::model::Rag::Red);
    assert!(
        op.findings()
            .any(|c| c.field == "planned_expenditure" && c.text.contains("by 1")),
        "{:?}",
        op.checks
    );
}

#[test]
fn diff_names_a_changed_allocation_and_qipp_saving() {
    let old = load("dgs-2015-16.ron");
    let mut new = old.clone();
    new.allocations[2].amount = Some(Amount::thousands(1_600));
    new.schemes[2].qipp[0].saving = Some(Amount::thousands(1_500));
    new.schemes[2].qipp[0].points_of_delivery[0].activity = Some(-101);
    let d = calc::diff::diff(&old, &new, chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap());
    assert!(!d.is_empty());
    let text = calc::diff::render_text(&d, "old.ron", "new.ron");
    assert!(
        text.contains("2015/16 allocation \u{201c}Winter resilience\u{201d}")
            && text.contains("1,500")
            && text.contains("1,600"),
        "{text}"
    );
    assert!(
        text.contains("2015/16 QIPP saving of \u{201c}Mental Health\u{201d}"),
        "{text}"
    );
    assert!(
        text.contains("points of delivery of \u{201c}Mental Health\u{201d}"),
        "{text}"
    );
    // the same plan: no difference
    assert!(calc::diff::diff(&old, &old.clone(), chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap()).is_empty());
}

#[test]
fn the_board_report_has_the_operating_plan_money() {
    let plan = load("dgs-2015-16.ron");
    let s = calc::summarize(&plan, chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap());
    let html = opplan::interop::report::board_report_html(&plan, &s, &report_options());
    assert!(html.contains("Income, spend and QIPP"));
    assert!(html.contains("QIPP by programme") && html.contains("Mental Health"));
    assert!(html.contains("5,500"), "the net QIPP");
    assert!(html.contains("5,716.2"), "the finding quotes the printed total");
    // a plan without it has no such section
    let skc = load("south-kent-coast-2015-16.ron");
    let s = calc::summarize(&skc, chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap());
    let html = opplan::interop::report::board_report_html(&skc, &s, &report_options());
    assert!(!html.contains("Income, spend and QIPP"));
}

fn report_options() -> opplan::interop::report::ReportOptions {
    opplan::interop::report::ReportOptions {
        today: chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap(),
        source: None,
    }
}

#[test]
fn csv_export_writes_the_finance_tables_of_a_plan_that_has_them() {
    let plan = load("dgs-2015-16.ron");
    let files = opplan::interop::csv::finance_csvs(&plan);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["allocations.csv", "qipp.csv"]);
    let alloc = &files[0].1;
    // £277.4m to the penny, as every CSV export writes money
    assert!(
        alloc.contains("Recurrent Baseline 14-15,Recurrent,277400000.00"),
        "{alloc}"
    );
    let qipp = &files[1].1;
    // a row per point of delivery: Mental Health's A&E line (Appendix B, line 439)
    assert!(
        qipp.contains(
            "Mental Health,Mental Health,2015/16,1435000.00,65000.00,1370000.00,Accident and Emergency,-100,-11700.00"
        ),
        "{qipp}"
    );
    let kent = load("kent-bcf-2015-16.ron");
    let k = opplan::interop::csv::finance_csvs(&kent);
    // the Finance Summary, and the contingency table (its rows blank, as submitted)
    let names: Vec<&str> = k.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["contributions.csv", "performance.csv"]);
    assert!(
        k[0].1
            .contains("Dartford Gravesham and Swanley,CCG,,CCG Minimum Contribution,,3278000.00"),
        "{}",
        k[0].1
    );
    assert!(opplan::interop::csv::finance_csvs(&load("south-kent-coast-2015-16.ron")).is_empty());
}

#[test]
fn generate_operating_fills_every_table_and_reads_back() {
    let mut plan = opplan::generate::generate(&opplan::generate::GenerateOptions {
        schemes: 40,
        metrics: 3,
        risks: 3,
        signoffs: 2,
        years: 2,
        seed: 4,
    });
    opplan::generate::add_operating_finance(&mut plan, 4);
    assert!(
        plan.schemes
            .iter()
            .all(|s| s.qipp.len() == 2 && !s.qipp[0].points_of_delivery.is_empty())
    );
    assert_eq!(plan.allocations.len(), 12);
    assert_eq!(plan.finance_years.len(), 2);
    let text = io::to_ron_string(&plan);
    let back = io::load_str(&text).unwrap();
    assert_eq!(back, plan);
    let op = finance_totals(&plan).operating;
    let y = &op.years[0];
    assert_eq!(y.qipp_schemes, 40);
    // the net is the savings less the investments, over the schemes
    let mut net = Span::ZERO;
    for s in &plan.schemes {
        net.add(s.qipp[0].net());
    }
    assert_eq!(y.qipp_net, net);
    // the same seed gives the same plan
    let mut again = opplan::generate::generate(&opplan::generate::GenerateOptions {
        schemes: 40,
        metrics: 3,
        risks: 3,
        signoffs: 2,
        years: 2,
        seed: 4,
    });
    opplan::generate::add_operating_finance(&mut again, 4);
    assert_eq!(again, plan);
}
