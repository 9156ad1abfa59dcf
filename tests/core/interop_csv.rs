//! CSV export and import: a round trip gives the same records; money is in
//! pounds with every penny, dates ISO; text that a spreadsheet would run as
//! a formula is neutralised; per-row errors are reported and nothing is
//! applied before the caller applies the preview.

use opplan::calc;
use opplan::interop::csv::{parse_csv, table_csv, write_folder};
use opplan::interop::import::{ImportSpec, Outcome, Target, apply_ops};
use opplan::model::field::RecordKind;
use opplan::model::money::MoneyUnit;
use opplan::model::{Plan, RecordId};
use std::path::Path;

fn sample(name: &str) -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
}

fn clear(plan: &mut Plan, kind: RecordKind) {
    match kind {
        RecordKind::Schemes => plan.schemes.clear(),
        RecordKind::Metrics => plan.metrics.clear(),
        RecordKind::Risks => plan.risks.clear(),
        RecordKind::SignOffs => plan.signoffs.clear(),
        RecordKind::Objectives => plan.objectives.clear(),
        RecordKind::Sections => plan.sections.clear(),
    }
}

#[test]
fn round_trip_gives_the_same_records() {
    for name in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let plan = sample(name);
        let s = calc::summarize(&plan, today());
        for kind in RecordKind::ALL {
            let text = table_csv(&plan, &s, kind);
            let rows = parse_csv(&text).unwrap();
            assert_eq!(rows.len(), kind.len(&plan) + 1, "{name} {kind:?}");

            // 1. into the same plan: rows match their records by ID, nothing changes
            let spec = ImportSpec::new(&plan, kind, rows.clone(), MoneyUnit::Pounds, Target::NewRows, "t.csv");
            assert!(spec.has_header);
            let preview = spec.preview(&plan);
            assert_eq!(
                preview.errors(),
                0,
                "{name} {kind:?}: {:#?}",
                preview.error_lines(&spec)
            );
            assert_eq!(preview.updates(), kind.len(&plan));
            let mut same = plan.clone();
            apply_ops(&mut same, kind, &preview.ops);
            assert_eq!(same, plan, "{name} {kind:?}");

            // 2. into a plan without these records: the same records, new ids
            let mut empty = plan.clone();
            clear(&mut empty, kind);
            let spec = ImportSpec::new(&empty, kind, rows, MoneyUnit::Pounds, Target::NewRows, "t.csv");
            let preview = spec.preview(&empty);
            assert_eq!(preview.errors(), 0, "{name} {kind:?}");
            assert_eq!(preview.adds(), kind.len(&plan));
            apply_ops(&mut empty, kind, &preview.ops);
            let old_ids = kind.ids(&plan);
            let new_ids = kind.ids(&empty);
            assert!(new_ids.iter().all(|id| !old_ids.contains(id)), "fresh ids");
            match kind {
                RecordKind::Schemes => {
                    for (a, b) in empty.schemes.iter().zip(&plan.schemes) {
                        let mut a = a.clone();
                        a.id = b.id;
                        assert_eq!(&a, b, "{name}");
                    }
                }
                RecordKind::Metrics => {
                    for (a, b) in empty.metrics.iter().zip(&plan.metrics) {
                        let mut a = a.clone();
                        a.id = b.id;
                        assert_eq!(&a, b, "{name}");
                    }
                }
                RecordKind::Risks => {
                    for (a, b) in empty.risks.iter().zip(&plan.risks) {
                        let mut a = a.clone();
                        a.id = b.id;
                        assert_eq!(&a, b, "{name}");
                    }
                }
                RecordKind::SignOffs => {
                    for (a, b) in empty.signoffs.iter().zip(&plan.signoffs) {
                        let mut a = a.clone();
                        a.id = b.id;
                        // the fingerprint of what was signed is not a CSV column
                        a.signed_content = b.signed_content.clone();
                        assert_eq!(&a, b, "{name}");
                    }
                }
                RecordKind::Objectives | RecordKind::Sections => {
                    assert_eq!(kind.len(&empty), kind.len(&plan), "{name}");
                }
            }
        }
    }
}

#[test]
fn money_in_pounds_dates_iso_bom_and_crlf() {
    let plan = sample("kent-bcf-2015-16.ron");
    let s = calc::summarize(&plan, today());
    let text = table_csv(&plan, &s, RecordKind::Schemes);
    assert!(text.starts_with("\u{feff}ID,Reference,Scheme name,"), "{}", &text[..80]);
    assert!(text.contains("2014/15 (£),2015/16 (£)"));
    let first = text.lines().nth(1).unwrap();
    assert!(
        first.starts_with("1,,Social Care Capital Grant,Social Care,,"),
        "{first}"
    );
    assert!(first.contains(",,3432000.00,"), "{first}");
    assert!(text.contains("\r\n"));
    let skc = sample("south-kent-coast-2015-16.ron");
    let s = calc::summarize(&skc, today());
    let text = table_csv(&skc, &s, RecordKind::Schemes);
    assert!(text.contains("6313704.00 - 8921504.00"), "a range in one cell");
    assert!(text.contains("-129506.00"), "benefits negative, as numbers");
    let text = table_csv(&skc, &s, RecordKind::SignOffs);
    let rows = parse_csv(&text).unwrap();
    let date_col = rows[0].iter().position(|h| h == "Date").unwrap();
    for r in &rows[1..] {
        let d = &r[date_col];
        assert!(
            d.is_empty()
                || chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()
                || !d.chars().next().unwrap().is_ascii_digit(),
            "{d}"
        );
    }
}

#[test]
fn formula_text_is_neutralised_and_comes_back_exact() {
    let mut plan = sample("kent-bcf-2015-16.ron");
    let hostile = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "\tTabbed",
        "\rCR",
    ];
    for (i, h) in hostile.iter().enumerate() {
        plan.schemes[i].name = h.to_string();
    }
    plan.schemes[6].notes = "<script>alert(1)</script>".into();
    let s = calc::summarize(&plan, today());
    let text = table_csv(&plan, &s, RecordKind::Schemes);
    let rows = parse_csv(&text).unwrap();
    for (i, h) in hostile.iter().enumerate() {
        assert_eq!(rows[i + 1][2], format!("'{h}"), "row {i}");
    }
    // negative money stays a number
    let skc = sample("south-kent-coast-2015-16.ron");
    let skc_csv = table_csv(&skc, &calc::summarize(&skc, today()), RecordKind::Schemes);
    assert!(
        skc_csv.contains(",-129506.00,") && !skc_csv.contains("'-"),
        "no number is neutralised"
    );
    let spec = ImportSpec::new(
        &plan,
        RecordKind::Schemes,
        rows,
        MoneyUnit::Pounds,
        Target::NewRows,
        "t.csv",
    );
    let preview = spec.preview(&plan);
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Schemes, &preview.ops);
    assert_eq!(p, plan, "the ' is removed again on import");
}

#[test]
fn per_row_errors_and_nothing_applied_before_confirming() {
    let plan = sample("kent-bcf-2015-16.ron");
    // "lots" in a money column is kept as typed (as the window keeps it);
    // an id that is not a number is an error on its row
    let csv = "Name,Area of spend,2015/16 (£000),ID\n\
               New one,Social Care,\"1,000\",\n\
               Broken,Social Care,lots,x\n\
               Carers Break,Other,\"3,600\",4\n\
               ,,,\n\
               Unknown id,Other,5,999\n";
    let rows = parse_csv(csv).unwrap();
    let spec = ImportSpec::new(
        &plan,
        RecordKind::Schemes,
        rows,
        MoneyUnit::Pounds,
        Target::NewRows,
        "t.csv",
    );
    let before = plan.clone();
    let preview = spec.preview(&plan);
    assert_eq!(plan, before, "previewing changes nothing");
    let outcomes: Vec<_> = preview.rows.iter().map(|r| r.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        vec![
            Outcome::Add,
            Outcome::Error,
            Outcome::Update(RecordId(4)),
            Outcome::Skip("blank row".into()),
            Outcome::Add
        ]
    );
    assert_eq!(preview.rows[1].line, 3);
    let lines = preview.error_lines(&spec);
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].starts_with("Row 3 (New scheme “Broken”), column “ID”:"),
        "{lines:?}"
    );
    assert_eq!(
        preview.action_text(RecordKind::Schemes),
        "Add 2 schemes, update 1 scheme"
    );
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Schemes, &preview.ops);
    assert_eq!(p.schemes.len(), plan.schemes.len() + 2);
    let carers = p.scheme(RecordId(4)).unwrap();
    assert_eq!(
        carers.year("2015/16").unwrap().spend,
        Some(opplan::model::Amount::thousands(3_600))
    );
    assert_eq!(carers.commissioner, "Joint", "columns not in the file are untouched");
}

#[test]
fn folder_export_writes_one_file_per_table() {
    let plan = sample("south-kent-coast-2015-16.ron");
    let s = calc::summarize(&plan, today());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("csv");
    let written = write_folder(&plan, &s, &out).unwrap();
    let names: Vec<_> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["schemes.csv", "metrics.csv", "risks.csv", "signoffs.csv"]);
    for p in &written {
        let rows = opplan::interop::csv::read_csv(p).unwrap();
        assert!(rows.len() > 1, "{}", p.display());
    }
    assert!(std::fs::read_dir(&out).unwrap().count() == 4, "no temporary files left");
}
