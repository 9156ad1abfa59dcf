//! `opplan export`, `opplan import` and `opplan diff` on the command line.

use crate::common::opplan;
use std::path::{Path, PathBuf};

fn root(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn export_writes_csv_folder_workbook_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let plan = root("assets/kent-bcf-2015-16.ron");
    let csv = dir.path().join("kent-csv");
    let out = opplan(&["export", s(&plan), "--format", "csv", "--out", s(&csv)]);
    assert!(out.status.success(), "{out:?}");
    for f in ["schemes.csv", "metrics.csv", "risks.csv", "signoffs.csv"] {
        assert!(csv.join(f).is_file(), "{f}");
    }
    let xlsx = dir.path().join("kent.xlsx");
    let out = opplan(&["export", s(&plan), "--format", "xlsx", "--out", s(&xlsx)]);
    assert!(out.status.success(), "{out:?}");
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"), "a zip (xlsx) file");
    let html = dir.path().join("kent.html");
    let out = opplan(&["export", s(&plan), "--format", "html", "--out", s(&html)]);
    assert!(out.status.success(), "{out:?}");
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("from kent-bcf-2015-16.ron"));
    // a folder that cannot be written: a clear error, exit 2
    let out = opplan(&[
        "export",
        s(&plan),
        "--format",
        "html",
        "--out",
        s(&dir.path().join("no/such/dir/r.html")),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Could not write"));
}

#[test]
fn import_checks_every_row_and_writes_nothing_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.ron");
    std::fs::copy(root("assets/kent-bcf-2015-16.ron"), &plan).unwrap();
    let before = std::fs::read(&plan).unwrap();
    let csv = dir.path().join("new.csv");
    std::fs::write(
        &csv,
        "Scheme name,Area of spend,Commissioner,Source of funding,2015/16 (£000)\n\
         Falls service,Social Care,CCG,CCG Minimum Contribution,250\n\
         Broken,Social Care,CCG,CCG Minimum Contribution,\"two hundred thousand pounds, to be agreed with the CCG and the council in the spring\"\n",
    )
    .unwrap();
    // text that is not an amount is kept (as the window keeps it), but not
    // text longer than a money cell holds
    let out = opplan(&["import", s(&plan), "--schemes", s(&csv)]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("new.csv: Row 3 (New scheme “Broken”), column “2015/16 (£000)”"),
        "{err}"
    );
    assert!(err.contains("nothing written"));
    assert_eq!(std::fs::read(&plan).unwrap(), before, "the plan is untouched");

    let out = opplan(&["import", s(&plan), "--schemes", s(&csv), "--skip-errors"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Add 1 scheme; 1 row with errors"));
    let p = opplan::io::load_path(&plan).unwrap();
    assert_eq!(p.schemes.len(), 13);
    assert_eq!(p.schemes[12].name, "Falls service");
    assert_eq!(
        p.schemes[12].year("2015/16").unwrap().spend,
        Some(opplan::model::Amount::thousands(250))
    );

    // a round trip through the CLI: export, import into the same plan, no change
    let folder = dir.path().join("csv");
    assert!(
        opplan(&["export", s(&plan), "--format", "csv", "--out", s(&folder)])
            .status
            .success()
    );
    let saved = std::fs::read(&plan).unwrap();
    let out = opplan(&[
        "import",
        s(&plan),
        "--schemes",
        s(&folder.join("schemes.csv")),
        "--metrics",
        s(&folder.join("metrics.csv")),
        "--risks",
        s(&folder.join("risks.csv")),
        "--signoffs",
        s(&folder.join("signoffs.csv")),
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        opplan::io::load_path(&plan).unwrap(),
        opplan::io::load_str(std::str::from_utf8(&saved).unwrap()).unwrap()
    );
    // not a plan, not a CSV
    let out = opplan(&["import", s(&plan), "--schemes", s(&dir.path().join("missing.csv"))]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diff_prints_the_change_list_and_json() {
    let old = root("tests/fixtures/diff-old.ron");
    let new = root("tests/fixtures/diff-new.ron");
    let out = opplan(&["diff", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(1), "different plans exit 1");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "Scheme 4 “Carers Break”: other area set to “Carers support”; 2015/16 spend 3,443 → 3,600 (£000)"
        ),
        "{text}"
    );
    let out = opplan(&["diff", s(&old), s(&new), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["records"].as_array().unwrap().len(), 6);
    let out = opplan(&["diff", s(&old), s(&old)]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("No differences."));
    let out = opplan(&["diff", s(&old), s(&root("Cargo.toml"))]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn diff_reports_records_that_changed_place() {
    // was: "No differences" (exit 0) for two swapped schemes, though every
    // export lists them in the new order
    let dir = tempfile::tempdir().unwrap();
    let old = root("assets/kent-bcf-2015-16.ron");
    let mut plan = opplan::io::load_path(&old).unwrap();
    plan.schemes.swap(0, 1);
    let new = dir.path().join("swapped.ron");
    opplan::io::save_path(&plan, &new).unwrap();
    let out = opplan(&["diff", s(&old), s(&new)]);
    assert_eq!(out.status.code(), Some(1), "a different order is a difference: {out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Schemes 1 moved"), "{text}");
    assert!(
        text.contains("  Scheme 1 “Disabled facilities Grant (DFG)”: moved from position 2 to 1"),
        "{text}"
    );
    let out = opplan(&["diff", s(&old), s(&new), "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["identical"], false);
    let r = &v["records"][0];
    assert_eq!(r["change"], "moved");
    assert_eq!(r["moved"], serde_json::json!({"from": 2, "to": 1}));
    assert_eq!(r["kind"], "schemes");
}
