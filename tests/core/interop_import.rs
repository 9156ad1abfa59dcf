//! Imports never guess (issue 14, family 4), on the command line where
//! the bugs were found and in the engine the window and paste share: a
//! short row never blanks a field, a quote that never closes is an error
//! on its row, headings are matched by name (never by position), two rows
//! with one ID are an error on the second. Every such error exits 1 and
//! writes nothing unless --skip-errors, which skips only the bad rows.

use crate::common::opplan;
use opplan::interop::clipboard::paste_spec;
use opplan::interop::csv::read_table;
use opplan::interop::import::{ImportSpec, Outcome, Target, apply_ops};
use opplan::model::field::RecordKind;
use opplan::model::money::MoneyUnit;
use opplan::model::{Amount, Plan, RecordId};
use std::path::{Path, PathBuf};
use std::process::Output;

fn kent() -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron")).unwrap()
}

/// A copy of the Kent sample and a CSV file beside it.
fn setup(csv_name: &str, csv: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron"),
        &plan,
    )
    .unwrap();
    let file = dir.path().join(csv_name);
    std::fs::write(&file, csv).unwrap();
    (dir, plan, file)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_row_with_a_missing_cell_never_blanks_a_field() {
    // was: "Update 1 scheme", scheme 1's name and its £3,432,000 blanked
    let (_dir, plan, csv) = setup("short.csv", "ID,Scheme name,2015/16 (£)\r\n1\r\n");
    let before = std::fs::read(&plan).unwrap();
    let out = opplan(&["import", s(&plan), "--schemes", s(&csv)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains(
            "short.csv: Row 2 (Scheme 1 “Social Care Capital Grant”), column “Scheme name”: the row ends after 1 cell \
             but the heading row has 3 headings: a missing cell is never read as blank"
        ),
        "{err}"
    );
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(std::fs::read(&plan).unwrap(), before, "nothing written");
    // --skip-errors skips the row: scheme 1 keeps its name and money
    let out = opplan(&["import", s(&plan), "--schemes", s(&csv), "--skip-errors"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout(&out).contains("short.csv: Nothing to apply; 1 row with errors"),
        "{}",
        stdout(&out)
    );
    let p = opplan::io::load_path(&plan).unwrap();
    assert_eq!(p.schemes[0].name, "Social Care Capital Grant");
    assert_eq!(
        p.schemes[0].year("2015/16").unwrap().spend,
        Some(Amount::pounds(3_432_000))
    );
    // a value beyond the last heading is an error on its row too
    let (_dir, plan, csv) = setup("long.csv", "ID,Scheme name\n1,Renamed,3432000\n2,Kept name\n");
    let out = opplan(&["import", s(&plan), "--schemes", s(&csv), "--skip-errors"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("long.csv: Row 2 (Scheme 1 “Social Care Capital Grant”), column “Column C”: the row has a value (“3432000”) beyond the last heading"),
        "{err}"
    );
    let p = opplan::io::load_path(&plan).unwrap();
    assert_eq!(
        p.schemes[0].name, "Social Care Capital Grant",
        "the bad row is skipped whole"
    );
    assert_eq!(p.schemes[1].name, "Kept name", "the good row is applied");
}

#[test]
fn a_quote_that_never_closes_is_an_error_on_the_row_where_it_opened() {
    // was: the rows after the quote swallowed into one scheme name
    let csv = "Scheme name,2015/16 (£)\n\"Falls service,250\nCarers support,100\nRespite,200\n";
    let (_dir, plan, file) = setup("quote.csv", csv);
    let before = std::fs::read(&plan).unwrap();
    let out = opplan(&["import", s(&plan), "--schemes", s(&file)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("quote.csv: Row 2 (New scheme (no name)), column “Scheme name”: the quote that opens this cell (line 2) is never closed"),
        "{err}"
    );
    assert_eq!(std::fs::read(&plan).unwrap(), before, "nothing written");
    // --skip-errors: the broken row is left out, the others are read as rows
    let out = opplan(&["import", s(&plan), "--schemes", s(&file), "--skip-errors"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let p = opplan::io::load_path(&plan).unwrap();
    let added: Vec<&str> = p.schemes[12..].iter().map(|s| s.name.as_str()).collect();
    assert_eq!(added, ["Carers support", "Respite"]);
    assert!(p.schemes.iter().all(|s| !s.name.contains("Falls")));
}

#[test]
fn headings_are_required_and_matched_by_name() {
    // was: imported by position, the heading row became a scheme "Code"
    let (_dir, plan, csv) = setup("codes.csv", "Code,Title,Value\nX1,Falls service,250\n");
    let before = std::fs::read(&plan).unwrap();
    for extra in [None, Some("--skip-errors")] {
        let mut args = vec!["import", s(&plan), "--schemes", s(&csv)];
        args.extend(extra);
        let out = opplan(&args);
        assert_eq!(out.status.code(), Some(1), "{extra:?}: {out:?}");
        let err = stderr(&out);
        assert!(
            err.contains("codes.csv: Row 1 has no heading opplan reads into schemes (“Code”, “Title”, “Value”)"),
            "{err}"
        );
        assert!(
            err.contains("Headings opplan knows for schemes: ID, Reference, Scheme name, Area of spend,"),
            "{err}"
        );
        assert!(err.contains("2015/16 (£)"), "{err}");
        assert_eq!(std::fs::read(&plan).unwrap(), before, "nothing written");
    }
    // the engine never reads a CSV's first row as a record
    let k = kent();
    let spec = ImportSpec::new(
        &k,
        RecordKind::Schemes,
        read_table("Code,Title,Value\nX1,Falls service,250\n"),
        MoneyUnit::Pounds,
        Target::NewRows,
        "codes.csv",
    );
    let preview = spec.preview(&k);
    assert!(preview.is_blocked());
    assert!(preview.ops.is_empty() && preview.rows.is_empty());
}

#[test]
fn two_rows_with_one_id_are_an_error_on_the_second() {
    // was: "Update 2 schemes", the last row winning
    let (_dir, plan, csv) = setup("twice.csv", "ID,Scheme name\n1,First name\n2,Other\n01,Second name\n");
    let before = std::fs::read(&plan).unwrap();
    let out = opplan(&["import", s(&plan), "--schemes", s(&csv)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = stderr(&out);
    assert!(
        err.contains("twice.csv: Row 4 (Scheme 1 “Social Care Capital Grant”), column “ID”: ID 1 is also on row 2"),
        "{err}"
    );
    assert_eq!(err.matches("is also on row").count(), 1, "the first row is fine: {err}");
    assert_eq!(std::fs::read(&plan).unwrap(), before);
    let out = opplan(&["import", s(&plan), "--schemes", s(&csv), "--skip-errors"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(
        stdout(&out).contains("Update 2 schemes; 1 row with errors"),
        "{}",
        stdout(&out)
    );
    let p = opplan::io::load_path(&plan).unwrap();
    assert_eq!(p.scheme(RecordId(1)).unwrap().name, "First name");
    assert_eq!(p.scheme(RecordId(2)).unwrap().name, "Other");
}

#[test]
fn a_pasted_heading_row_is_never_read_as_a_record() {
    let plan = kent();
    // nothing recognised, no figure: it could be headings, so it is
    let spec = paste_spec(
        &plan,
        RecordKind::Schemes,
        "Code\tTitle\tValue\nX1\tFalls service\t250\n",
        Target::NewRows,
        None,
    );
    assert!(spec.has_header);
    let preview = spec.preview(&plan);
    assert!(preview.is_blocked(), "{:#?}", preview.rows);
    assert!(
        preview.blocking[0].contains("Headings opplan knows for schemes"),
        "{:?}",
        preview.blocking
    );
    assert!(preview.ops.is_empty());
    // the user may say by hand that there is no heading row: then the
    // template order is read, and the preview says so
    let mut spec = spec;
    spec.set_has_header(&plan, false);
    assert!(
        spec.layout_note().starts_with("Chosen by hand: no heading row"),
        "{}",
        spec.layout_note()
    );
    assert_eq!(spec.preview(&plan).adds(), 2);
    // a first row with figures cannot be a heading row: template order, said
    let spec = paste_spec(
        &plan,
        RecordKind::Schemes,
        "Falls service\tSocial Care\t\tCCG\tCCG\tCCG Minimum Contribution\t\t250\n",
        Target::NewRows,
        None,
    );
    assert!(!spec.has_header);
    let note = spec.layout_note();
    assert!(
        note.starts_with(
            "The first row holds a figure or a date, so it cannot be a heading row: no heading row; \
             the columns are read in the order of the schemes template (Scheme name, Area of spend,"
        ),
        "{note}"
    );
    // a risk block of words only: never read as records without asking
    let spec = paste_spec(
        &plan,
        RecordKind::Risks,
        "Workforce shortage\tHigh\tRecruit early\n",
        Target::NewRows,
        None,
    );
    assert!(spec.preview(&plan).is_blocked());
    assert!(plan.risks.iter().all(|r| r.title != "Workforce shortage"));
}

#[test]
fn a_pasted_row_with_a_missing_cell_is_left_out() {
    let plan = kent();
    let spec = paste_spec(
        &plan,
        RecordKind::Schemes,
        "Scheme\t2015/16\nGood\t1,000\nShort\n",
        Target::NewRows,
        None,
    );
    let preview = spec.preview(&plan);
    let outcomes: Vec<_> = preview.rows.iter().map(|r| r.outcome.clone()).collect();
    assert_eq!(outcomes, [Outcome::Add, Outcome::Error]);
    assert_eq!(preview.rows[1].errors[0].column, Some(1));
    let mut p = plan.clone();
    apply_ops(&mut p, RecordKind::Schemes, &preview.ops);
    assert_eq!(p.schemes.len(), plan.schemes.len() + 1);
}
