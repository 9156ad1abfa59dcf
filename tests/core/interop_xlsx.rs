//! The Excel export, read back with calamine: sheet names, values (money
//! in pounds, shown in £000 by the number format), live SUM formulas beside
//! opplan's totals, RAG words, and formula text neutralised.

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use opplan::calc;
use opplan::interop::xlsx::{SHEETS, xlsx_bytes};
use opplan::model::Plan;
use std::io::Cursor;
use std::path::Path;

fn sample(name: &str) -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
}

fn open(plan: &Plan) -> Xlsx<Cursor<Vec<u8>>> {
    let s = calc::summarize(plan, today());
    let bytes = xlsx_bytes(plan, &s, today()).unwrap();
    open_workbook_from_rs(Cursor::new(bytes)).unwrap()
}

/// (row, col) of the first cell holding `text`.
fn find(r: &calamine::Range<Data>, text: &str) -> (u32, u32) {
    for (i, row) in r.rows().enumerate() {
        for (j, c) in row.iter().enumerate() {
            if matches!(c, Data::String(s) if s == text) {
                let (r0, c0) = r.start().unwrap();
                return (r0 + i as u32, c0 + j as u32);
            }
        }
    }
    panic!("{text:?} not found");
}

fn num(r: &calamine::Range<Data>, at: (u32, u32)) -> f64 {
    match r.get_value(at) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("{at:?}: {other:?}"),
    }
}

#[test]
fn sheets_values_and_live_totals() {
    let plan = sample("kent-bcf-2015-16.ron");
    let mut wb = open(&plan);
    // the four tables, then Kent's national conditions as sections, then
    // its Finance Summary and contingency table (issue 15)
    assert_eq!(
        wb.sheet_names(),
        SHEETS
            .iter()
            .chain(&["Sections", "Contributions", "Pay for performance"])
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
    let r = wb.worksheet_range("Schemes").unwrap();
    let f = wb.worksheet_formula("Schemes").unwrap();
    let (hr, col) = find(&r, "2015/16 (£000)");
    assert_eq!(hr, 0, "header in the first row");
    let (name_row, name_col) = find(&r, "Social Care Capital Grant");
    assert_eq!(num(&r, (name_row, col)), 3_432_000.0, "pounds in the cell");
    assert_eq!(r.get_value((0, name_col)), Some(&Data::String("Scheme name".into())));
    // the formula row and opplan's row
    let (tf, _) = find(&r, "Total (spreadsheet formula)");
    let (to, _) = find(&r, "Total (computed by opplan)");
    let (td, _) = find(&r, "Difference (should be 0)");
    assert_eq!(num(&r, (tf, col)), 101_404_000.0, "cached result of the formula");
    assert_eq!(num(&r, (to, col)), 101_404_000.0);
    assert_eq!(num(&r, (td, col)), 0.0);
    let formula = f.get_value((tf, col)).cloned().unwrap_or_default();
    let letter = (b'A' + col as u8) as char;
    assert_eq!(formula.trim_start_matches('='), format!("SUM({letter}2:{letter}13)"));
    assert!(
        f.get_value((td, col))
            .is_some_and(|x| x.contains(&format!("{letter}{}", tf + 1)))
    );
    let y14 = find(&r, "2014/15 (£000)").1;
    assert_eq!(num(&r, (tf, y14)), 28_254_000.0);
    // RAG words
    let (_, rag_col) = find(&r, "Delivery RAG");
    assert_eq!(
        r.get_value((name_row, rag_col)),
        Some(&Data::String("Not rated".into()))
    );

    // Summary: opplan's total beside a live formula into the Schemes sheet
    let s = wb.worksheet_range("Summary").unwrap();
    let sf = wb.worksheet_formula("Summary").unwrap();
    assert_eq!(s.get_value((0, 0)), Some(&Data::String(plan.header.title.clone())));
    let (yr, _) = find(&s, "2015/16");
    let (_, computed_col) = find(&s, "Total (computed by opplan)");
    let (_, formula_col) = find(&s, "Total (spreadsheet formula)");
    assert_eq!(num(&s, (yr, computed_col)), 101_404_000.0);
    assert_eq!(num(&s, (yr, formula_col)), 101_404_000.0);
    let sum = sf.get_value((yr, formula_col)).cloned().unwrap_or_default();
    assert!(sum.contains("SUM('Schemes'!"), "{sum}");
    let (_, rag_col) = find(&s, "Finance RAG");
    let finance = summary_rag(&plan);
    assert_eq!(s.get_value((yr, rag_col)), Some(&Data::String(finance.into())));
    assert!(find(&s, "Plan overall").0 > 0);
    let (cl, _) = find(
        &s,
        &format!(
            "Checklist: {} of {} items complete",
            calc::summarize(&plan, today()).checklist.items.len()
                - calc::summarize(&plan, today()).checklist.incomplete_count(),
            calc::summarize(&plan, today()).checklist.items.len()
        ),
    );
    assert!(cl > yr);
    // the other sheets have their records
    let m = wb.worksheet_range("Metrics").unwrap();
    assert_eq!(m.height(), plan.metrics.len() + 1);
    let so = wb.worksheet_range("Sign-offs").unwrap();
    find(&so, "Signed on behalf of");
}

fn summary_rag(plan: &Plan) -> &'static str {
    let s = calc::summarize(plan, today());
    s.finance
        .reconciliation
        .iter()
        .find(|r| r.year == "2015/16")
        .unwrap()
        .rag
        .word()
}

#[test]
fn ranges_get_min_and_max_columns() {
    let plan = sample("south-kent-coast-2015-16.ron");
    let s = calc::summarize(&plan, today());
    let mut wb = open(&plan);
    let r = wb.worksheet_range("Schemes").unwrap();
    let f = wb.worksheet_formula("Schemes").unwrap();
    let (_, min_col) = find(&r, "2015/16 recurrent (£000) min");
    let (_, max_col) = find(&r, "2015/16 recurrent (£000) max");
    assert_eq!(max_col, min_col + 1);
    let (row, _) = find(&r, "Integrated Teams and reablement");
    assert_eq!(num(&r, (row, min_col)), 6_313_704.0);
    assert_eq!(num(&r, (row, max_col)), 8_921_504.0);
    // per-row totals are formulas too
    let (_, tot_min) = find(&r, "2015/16 total spend (£000) min");
    assert!(f.get_value((row, tot_min)).is_some_and(|x| x.contains("SUM(")));
    let (to, _) = find(&r, "Total (computed by opplan)");
    let total = s.finance.spend("2015/16");
    assert_eq!(num(&r, (to, tot_min)), total.min_pence as f64 / 100.0);
    assert_eq!(num(&r, (to, tot_min + 1)), total.max_pence as f64 / 100.0);
    let (tf, _) = find(&r, "Total (spreadsheet formula)");
    assert_eq!(num(&r, (tf, tot_min + 1)), total.max_pence as f64 / 100.0);
    // a benefit stays negative and numeric
    let (_, ben) = find(&r, "2014/15 benefit recurrent (£000)");
    assert_eq!(num(&r, (row, ben)), -129_506.0);
}

#[test]
fn formula_text_is_neutralised_in_cells() {
    let mut plan = sample("kent-bcf-2015-16.ron");
    plan.schemes[0].name = "=HYPERLINK(\"http://evil\",\"click\")".into();
    plan.risks[0].title = "@SUM(1+1)*cmd|' /C calc'!A0".into();
    let mut wb = open(&plan);
    let r = wb.worksheet_range("Schemes").unwrap();
    let f = wb.worksheet_formula("Schemes").unwrap();
    let (row, col) = find(&r, "'=HYPERLINK(\"http://evil\",\"click\")");
    assert!(
        f.get_value((row, col)).is_none_or(|x| x.is_empty()),
        "stored as text, not a formula"
    );
    let risks = wb.worksheet_range("Risks").unwrap();
    find(&risks, "'@SUM(1+1)*cmd|' /C calc'!A0");
}
