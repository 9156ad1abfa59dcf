//! CSV import of the operating plan's tables (issue 15): allocation
//! lines, contributions, QIPP by point of delivery and pay-for-performance
//! amounts. A round trip export → import gives the same plan; a bad row is
//! refused naming its row and column; two rows with one ID are an error on
//! the second; QIPP rows must name a scheme of the plan; on the command
//! line as in the engine.

use crate::common::opplan;
use opplan::interop::csv::{finance_csvs, read_table};
use opplan::interop::import::{FinanceSpec, FinanceTable, Outcome};
use opplan::model::edit::apply;
use opplan::model::money::MoneyUnit;
use opplan::model::{Amount, Pence, Plan, RecordId};
use std::path::Path;

fn load(name: &str) -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

fn generated() -> Plan {
    let mut plan = opplan::generate::generate(&opplan::generate::GenerateOptions {
        schemes: 30,
        metrics: 3,
        risks: 3,
        signoffs: 2,
        years: 2,
        seed: 9,
    });
    opplan::generate::add_operating_finance(&mut plan, 9);
    plan
}

fn spec(table: FinanceTable, text: &str) -> FinanceSpec {
    FinanceSpec::new(table, read_table(text), MoneyUnit::Pounds, "t.csv")
}

/// The plan without the table's rows (QIPP: without any scheme's QIPP).
fn without(plan: &Plan, table: FinanceTable) -> Plan {
    let mut p = plan.clone();
    match table {
        FinanceTable::Allocations => p.allocations.clear(),
        FinanceTable::Contributions => p.contributions.clear(),
        FinanceTable::Performance => p.performance_amounts.clear(),
        FinanceTable::Qipp => {
            for s in &mut p.schemes {
                s.qipp.clear();
                s.qipp_programme.clear();
            }
        }
    }
    p
}

/// The plan with the ids of the finance lines set to 0 (an import into an
/// empty table gives its rows new ids).
fn ids_cleared(plan: &Plan) -> Plan {
    let mut p = plan.clone();
    p.allocations.iter_mut().for_each(|l| l.id = RecordId(0));
    p.contributions.iter_mut().for_each(|c| c.id = RecordId(0));
    p.performance_amounts.iter_mut().for_each(|x| x.id = RecordId(0));
    p.next_id = 0;
    p
}

#[test]
fn round_trip_export_then_import_gives_the_same_plan() {
    let mut tables_seen = std::collections::HashSet::new();
    for (name, plan) in [
        ("dgs", load("dgs-2015-16.ron")),
        ("kent", load("kent-bcf-2015-16.ron")),
        ("generated", generated()),
    ] {
        let files = finance_csvs(&plan);
        assert!(!files.is_empty(), "{name}");
        for (file, text) in files {
            let table = FinanceTable::of_file_name(&file).unwrap();
            tables_seen.insert(table);
            let s = spec(table, &text);
            assert!(
                s.columns.iter().all(|c| c.key.is_some() || c.source.starts_with("Net")),
                "{name} {file}: {:?}",
                s.columns
            );

            // 1. into the same plan: every row matches, nothing changes
            let p = s.preview(&plan);
            assert_eq!(p.preview.errors(), 0, "{name} {file}: {:#?}", p.preview.error_lines(&s));
            assert_eq!(p.preview.adds(), 0, "{name} {file}");
            assert_eq!(p.preview.unchanged(), p.preview.rows.len(), "{name} {file}");
            let mut same = plan.clone();
            apply(&mut same, p.edit).unwrap();
            assert_eq!(same, plan, "{name} {file}");

            // 2. into the plan without the table: the same plan (new ids
            // for the lines; QIPP goes back to the same schemes)
            let mut empty = without(&plan, table);
            let p = s.preview(&empty);
            assert_eq!(p.preview.errors(), 0, "{name} {file}: {:#?}", p.preview.error_lines(&s));
            assert_eq!(p.applied, p.preview.rows.len(), "{name} {file}");
            apply(&mut empty, p.edit).unwrap();
            if table == FinanceTable::Qipp {
                assert_eq!(empty, plan, "{name} {file}");
            } else {
                assert_eq!(ids_cleared(&empty), ids_cleared(&plan), "{name} {file}");
                // and the new ids are the plan's to hand out, none reused
                let mut ids: Vec<u64> = empty.all_ids().map(|i| i.0).collect();
                let n = ids.len();
                ids.sort_unstable();
                ids.dedup();
                assert_eq!(ids.len(), n, "{name} {file}");
            }
            // what it writes, opplan reads
            let text = opplan::io::to_ron_string(&empty);
            assert_eq!(opplan::io::load_str(&text).unwrap(), empty, "{name} {file}");
        }
    }
    assert_eq!(tables_seen.len(), 4, "every table is exported by one of the plans");
}

#[test]
fn a_bad_row_is_refused_naming_its_row_and_column() {
    let plan = load("dgs-2015-16.ron");
    let text = "Year,Income line,Recurrent or non-recurrent,Amount (£000)\r\n\
                2016/17,Baseline,Recurrent,\"1,000\"\r\n\
                2016/17,Growth,Recurrent,lots\r\n\
                2016/17,Winter,sometimes,5\r\n\
                2016/17,Short\r\n";
    let s = spec(FinanceTable::Allocations, text);
    let p = s.preview(&plan);
    assert_eq!(p.preview.adds(), 1);
    assert_eq!(p.preview.errors(), 3);
    let lines = p.preview.error_lines(&s);
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("Row 3 (New allocation line “Growth”), column “Amount (£000)”: “lots” is not an amount")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("Row 4")
            && l.contains("column “Recurrent or non-recurrent”: “sometimes” is not Recurrent or Non-recurrent")),
        "{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("Row 5") && l.contains("a missing cell is never read as blank")),
        "{lines:#?}"
    );
    // the good row only, in the heading's unit
    let mut after = plan.clone();
    apply(&mut after, p.edit).unwrap();
    assert_eq!(after.allocations.len(), plan.allocations.len() + 1);
    let added = after.allocations.last().unwrap();
    assert_eq!(added.label, "Baseline");
    assert_eq!(added.amount, Some(Amount::Exact(Pence(100_000_000))));
    assert_ne!(added.id, RecordId(0));
}

#[test]
fn two_rows_with_one_id_are_an_error_on_the_second() {
    let plan = load("kent-bcf-2015-16.ron");
    let id = plan.contributions[0].id.0;
    let text = format!("ID,Year,Organisation,Actual contribution (£)\n{id},2015/16,A,1\n{id},2015/16,B,2\n");
    let s = spec(FinanceTable::Contributions, &text);
    let p = s.preview(&plan);
    assert_eq!(p.preview.rows[0].outcome, Outcome::Update(RecordId(id)));
    assert_eq!(p.preview.rows[1].outcome, Outcome::Error);
    let lines = p.preview.error_lines(&s);
    assert!(
        lines[0].starts_with("Row 3 (Contribution 1 ")
            && lines[0].contains(&format!("column “ID”: ID {id} is also on row 2")),
        "{lines:#?}"
    );
    let mut after = plan.clone();
    apply(&mut after, p.edit).unwrap();
    assert_eq!(after.contributions[0].organisation, "A");
    assert_eq!(after.contributions.len(), plan.contributions.len());
}

#[test]
fn headings_are_required_and_qipp_rows_must_name_a_scheme_of_the_plan() {
    let plan = load("dgs-2015-16.ron");
    // nothing recognised: blocked, the known headings listed
    let s = spec(FinanceTable::Allocations, "a,b\n1,2\n");
    let p = s.preview(&plan);
    assert!(p.preview.is_blocked());
    assert!(
        p.preview.blocking[0].contains("Income line"),
        "{:?}",
        p.preview.blocking
    );
    // QIPP without a Scheme ID column: blocked
    let s = spec(FinanceTable::Qipp, "Scheme,Year,Saving (£)\nX,2015/16,5\n");
    let p = s.preview(&plan);
    assert!(p.preview.is_blocked());
    assert!(
        p.preview.blocking[0].contains("“Scheme ID”"),
        "{:?}",
        p.preview.blocking
    );

    let first = plan.schemes.iter().find(|s| !s.qipp.is_empty()).unwrap();
    let (id, name) = (first.id.0, first.name.clone());
    let text = format!(
        "Scheme ID,Scheme,Year,Saving (£),Point of delivery,Activity change\n\
         99999,X,2015/16,5,Elective,-1\n\
         {id},Someone else,2015/16,5,Elective,-1\n\
         {id},{name},2016/17,5,Elective,-1\n\
         {id},{name},2016/17,6,Prescribing,-2\n\
         {id},{name},2016/17,5,,-3\n\
         {id},{name},2016/17,5,Block,many\n"
    );
    let s = spec(FinanceTable::Qipp, &text);
    let p = s.preview(&plan);
    let lines = p.preview.error_lines(&s);
    assert_eq!(p.preview.errors(), 5, "{lines:#?}");
    assert!(
        lines[0].contains("Row 2") && lines[0].contains("no scheme of the plan has ID 99999"),
        "{lines:#?}"
    );
    assert!(
        lines[1].contains("Row 3") && lines[1].contains("column “Scheme”"),
        "{lines:#?}"
    );
    assert!(
        lines[2].contains("Row 5") && lines[2].contains("row 4 gives this scheme's 2016/17 saving as"),
        "{lines:#?}"
    );
    assert!(
        lines[3].contains("Row 6") && lines[3].contains("no point of delivery"),
        "{lines:#?}"
    );
    assert!(
        lines[4].contains("Row 7") && lines[4].contains("column “Activity change”: “many” is not an activity change"),
        "{lines:#?}"
    );
    // row 4 adds 2016/17 to the scheme; its 2015/16 is kept
    assert_eq!(p.preview.rows[2].outcome, Outcome::Add);
    let mut after = plan.clone();
    apply(&mut after, p.edit).unwrap();
    let s = after.scheme(first.id).unwrap();
    assert_eq!(s.qipp_year("2015/16"), first.qipp_year("2015/16"));
    let y = s.qipp_year("2016/17").unwrap();
    assert_eq!(y.saving, Some(Amount::Exact(Pence(500))));
    assert_eq!(y.points_of_delivery.len(), 1);
    assert_eq!(y.points_of_delivery[0].activity, Some(-1));
}

#[test]
fn cli_imports_the_finance_tables_and_refuses_a_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("plan.ron");
    let dgs = load("dgs-2015-16.ron");
    // the plan without its allocation statement and QIPP
    let empty = without(&without(&dgs, FinanceTable::Allocations), FinanceTable::Qipp);
    std::fs::write(&plan_path, opplan::io::to_ron_string(&empty)).unwrap();
    let files = finance_csvs(&dgs);
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let p = |n: &str| dir.path().join(n).to_str().unwrap().to_string();
    let plan_s = plan_path.to_str().unwrap().to_string();
    let out = opplan(&[
        "import",
        &plan_s,
        "--allocations",
        &p("allocations.csv"),
        "--qipp",
        &p("qipp.csv"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(stdout.contains("allocations.csv: Add 7 allocation lines"), "{stdout}");
    let back = opplan::io::load_path(&plan_path).unwrap();
    assert_eq!(ids_cleared(&back), ids_cleared(&dgs));

    // a bad row: exit 1, nothing written, the row and column named
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "Year,Income line,Amount (£)\n2016/17,New line,12.345\n").unwrap();
    let before = std::fs::read(&plan_path).unwrap();
    let out = opplan(&["import", &plan_s, "--allocations", bad.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        stderr.contains(
            "bad.csv: Row 2 (New allocation line “New line”), column “Amount (£)”: “12.345” is not an amount"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&plan_path).unwrap(), before);
}

/// The workbook: a sheet for each finance table, with a live SUMIF per
/// year beside opplan's total; read back, the same figures.
#[test]
fn xlsx_export_then_import_gives_the_same_figures() {
    for (name, plan) in [("dgs", load("dgs-2015-16.ron")), ("kent", load("kent-bcf-2015-16.ron"))] {
        let today = chrono::NaiveDate::from_ymd_opt(2015, 3, 1).unwrap();
        let summary = opplan::calc::summarize(&plan, today);
        let bytes = opplan::interop::xlsx::xlsx_bytes(&plan, &summary, today).unwrap();
        let book = opplan::interop::xlsx_read::read_workbook_bytes(&plan, bytes.clone(), "plan.xlsx", &[]).unwrap();
        let expected: Vec<FinanceTable> = FinanceTable::ALL
            .into_iter()
            .filter(|t| !t.rows(&plan).is_empty())
            .collect();
        let got: Vec<FinanceTable> = book.finance.iter().map(|f| f.table).collect();
        assert_eq!(got, expected, "{name}");
        for sheet in &book.finance {
            let s = sheet.spec();
            // into the same plan: nothing changes
            let p = s.preview(&plan);
            assert_eq!(
                p.preview.errors(),
                0,
                "{name} {}: {:#?}",
                sheet.sheet,
                p.preview.error_lines(&s)
            );
            assert_eq!(
                p.preview.unchanged(),
                p.preview
                    .rows
                    .iter()
                    .filter(|r| r.outcome != Outcome::Skip("blank row".into()))
                    .count(),
                "{name} {}",
                sheet.sheet
            );
            let mut same = plan.clone();
            apply(&mut same, p.edit).unwrap();
            assert_eq!(same, plan, "{name} {}", sheet.sheet);
            // into the plan without the table: the same figures
            let mut empty = without(&plan, sheet.table);
            let p = s.preview(&empty);
            assert_eq!(p.preview.errors(), 0, "{name} {}", sheet.sheet);
            apply(&mut empty, p.edit).unwrap();
            assert_eq!(ids_cleared(&empty), ids_cleared(&plan), "{name} {}", sheet.sheet);
        }
        // the live formulas: a SUMIF per year beside opplan's total
        if name == "dgs" {
            let mut wb: calamine::Xlsx<_> = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
            use calamine::Reader;
            let formulas = wb.worksheet_formula("Allocation lines").unwrap();
            let all: Vec<String> = formulas.used_cells().map(|(_, _, f)| f.clone()).collect();
            assert!(
                all.iter().any(|f| f.starts_with("SUMIF($B$2:$B$8,\"2015/16\",E2:E8)")),
                "{all:?}"
            );
            let values = wb.worksheet_range("Allocation lines").unwrap();
            // the row under the formula: opplan's total, £303.1m
            let total_row = values
                .rows()
                .position(|r| r[0] == "2015/16 total (computed by opplan)")
                .unwrap();
            assert_eq!(values.rows().nth(total_row).unwrap()[4].to_string(), "303100000");
        }
    }
}
