//! Output is inert (issue 14, family 8): control characters, escape
//! sequences (`ESC ] 0;… BEL`) and bidi overrides in plan text are shown
//! escaped by `check`, `diff`, `summary` and import errors, marked in the
//! HTML report, and every spreadsheet cell that is text, headings
//! included, is neutralised against formulas; re-import strips exactly
//! what export added.

use crate::common::opplan;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use opplan::calc;
use opplan::interop::clipboard::rows_to_tsv;
use opplan::interop::csv::{parse_csv, table_csv};
use opplan::interop::import::{ImportSpec, Target, apply_ops};
use opplan::interop::report::{ReportOptions, board_report_html};
use opplan::interop::xlsx::xlsx_bytes;
use opplan::model::Plan;
use opplan::model::field::RecordKind;
use opplan::model::money::MoneyUnit;
use std::io::Cursor;
use std::path::{Path, PathBuf};

const NAME: &str = "Carers\u{1b}]0;owned\u{7} Break \u{202e}gnp.exe\nAll checklist items complete";
const TITLE: &str = "Kent\u{1b}[2J plan \u{2066}x\u{2069}\u{9b}";
const FORMULA_YEAR: &str = "=HYPERLINK(\"http://x.invalid\",\"y\")";

fn kent() -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron")).unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 20).unwrap()
}

/// Kent with a scheme name and a title that try to drive a terminal.
fn hostile() -> Plan {
    let mut p = kent();
    p.schemes[3].name = NAME.into();
    p.header.title = TITLE.into();
    p
}

fn save(dir: &Path, name: &str, plan: &Plan) -> PathBuf {
    let p = dir.join(name);
    opplan::io::save_path(plan, &p).unwrap();
    p
}

/// No raw control or bidi character (line breaks between lines aside).
fn assert_inert(what: &str, text: &str) {
    for (i, line) in text.lines().enumerate() {
        let bad: Vec<char> = line
            .chars()
            .filter(|c| {
                c.is_control() || ('\u{202a}'..='\u{202e}').contains(c) || ('\u{2066}'..='\u{2069}').contains(c)
            })
            .collect();
        assert!(bad.is_empty(), "{what}, line {}: raw {bad:?} in {line:?}", i + 1);
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn check_summary_and_diff_print_plan_text_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let old = save(dir.path(), "old.ron", &kent());
    let bad = save(dir.path(), "bad.ron", &hostile());

    let out = opplan(&["check", s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_inert("check", &text);
    assert!(
        text.contains("Carers\\u{1b}]0;owned\\u{7} Break \\u{202e}gnp.exe\\nAll checklist items complete"),
        "{text}"
    );
    assert!(
        text.lines().all(|l| !l.starts_with("All checklist")),
        "a line break in a name cannot start a line of its own: {text}"
    );

    let out = opplan(&["summary", s(&bad)]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_inert("summary", &text);
    assert_eq!(
        text.lines().next().unwrap(),
        "Kent\\u{1b}[2J plan \\u{2066}x\\u{2069}\\u{9b}"
    );

    let out = opplan(&["summary", s(&bad), "--json"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_inert("summary --json", &text);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["title"], TITLE, "the JSON reads back exactly");

    let out = opplan(&["diff", s(&old), s(&bad)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_inert("diff", &text);
    assert!(text.contains("\\u{202e}gnp.exe\\nAll checklist"), "{text}");
    assert!(text.lines().all(|l| !l.starts_with("All checklist")), "{text}");

    let out = opplan(&["diff", s(&old), s(&bad), "--json"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_inert("diff --json", &text);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let changed = v["records"].as_array().unwrap().iter().find(|r| r["id"] == 4).unwrap();
    assert_eq!(changed["fields"][0]["new"], format!("\u{201c}{}\u{201d}", NAME));
}

#[test]
fn import_errors_print_cell_text_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let plan = save(dir.path(), "plan.ron", &kent());
    let csv = dir.path().join("evil.csv");
    std::fs::write(
        &csv,
        "ID,Scheme name,2015/16 (£)\n\"9\u{1b}[31m\",\"Evil\u{1b}]0;pwned\u{7}\u{202e}\",12\n",
    )
    .unwrap();
    let out = opplan(&["import", s(&plan), "--schemes", s(&csv)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_inert("import errors", &err);
    assert!(
        err.contains("evil.csv: Row 2 (New scheme “Evil\\u{1b}]0;pwned\\u{7}\\u{202e}”), column “ID”:"),
        "{err}"
    );
    assert!(err.contains("“9\\u{1b}[31m” is not a record id"), "{err}");
}

#[test]
fn the_report_marks_hidden_characters_and_never_writes_them_raw() {
    let plan = hostile();
    let opts = ReportOptions {
        today: today(),
        source: Some("plan.ron".into()),
    };
    let html = board_report_html(&plan, &calc::summarize(&plan, today()), &opts);
    for c in ['\u{1b}', '\u{7}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{9b}'] {
        assert!(!html.contains(c), "raw {c:?} in the report");
    }
    assert!(html.contains(">[U+202E]</mark>"), "the override is marked");
    assert!(html.contains(">[U+001B]</mark>"), "the escape is marked");
    let title = &html[html.find("<title>").unwrap()..html.find("</title>").unwrap()];
    assert!(!title.contains("<mark"), "no markup in the window title: {title}");
    assert!(title.contains("\\u{1b}"), "{title}");
}

/// Kent with a year label that is a formula, and a name that starts with
/// the mark neutralising adds.
fn formula_plan() -> Plan {
    let mut p = kent();
    p.header.years[0] = FORMULA_YEAR.into();
    p.schemes[0].name = "'=not a formula, typed with its quote".into();
    p
}

#[test]
fn every_text_cell_and_heading_is_neutralised() {
    // at the command line, where it was found: a CSV heading
    let dir = tempfile::tempdir().unwrap();
    let plan = save(dir.path(), "plan.ron", &formula_plan());
    let out_dir = dir.path().join("csv");
    let out = opplan(&["export", s(&plan), "--format", "csv", "--out", s(&out_dir)]);
    assert!(out.status.success(), "{out:?}");
    let rows = parse_csv(&std::fs::read_to_string(out_dir.join("schemes.csv")).unwrap()).unwrap();
    assert!(
        rows[0].contains(&format!("'{FORMULA_YEAR} (£)")),
        "the year heading is neutralised: {:?}",
        rows[0]
    );
    let p = formula_plan();
    let summary = calc::summarize(&p, today());
    for kind in RecordKind::ALL {
        let csv = parse_csv(&table_csv(&p, &summary, kind)).unwrap();
        let tsv = opplan::interop::clipboard::parse_tsv(&rows_to_tsv(&p, &summary, kind, &[]));
        for (what, rows) in [("csv", csv), ("tsv", tsv)] {
            for cell in rows.iter().flatten() {
                assert!(
                    !cell.starts_with(['=', '+', '@']),
                    "{what} {kind:?}: {cell:?} would run as a formula"
                );
            }
        }
    }
    // Excel: every sheet, headings included
    let bytes = xlsx_bytes(&p, &summary, today()).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let mut seen = false;
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).unwrap();
        for c in r.used_cells() {
            if let Data::String(t) = c.2 {
                assert!(!t.starts_with(['=', '+', '@']), "{name}: {t:?} would run as a formula");
                seen |= t.starts_with(&format!("'{FORMULA_YEAR}"));
            }
        }
    }
    assert!(seen, "the year heading is in the workbook, neutralised");
    // re-import strips exactly what export added
    let rows = parse_csv(&table_csv(&p, &summary, RecordKind::Schemes)).unwrap();
    let name_at = rows[0].iter().position(|h| h == "Scheme name").unwrap();
    assert_eq!(rows[1][name_at], "''=not a formula, typed with its quote");
    let spec = ImportSpec::new(
        &p,
        RecordKind::Schemes,
        rows,
        MoneyUnit::Pounds,
        Target::NewRows,
        "t.csv",
    );
    let preview = spec.preview(&p);
    assert_eq!(preview.errors(), 0, "{:?}", preview.error_lines(&spec));
    let mut back = p.clone();
    apply_ops(&mut back, RecordKind::Schemes, &preview.ops);
    assert_eq!(back.schemes[0].name, "'=not a formula, typed with its quote");
    assert!(back.schemes == p.schemes, "every scheme comes back exact");
}
