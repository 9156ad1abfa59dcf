//! Every write lands whole, where it was meant, or not at all, and never
//! writes what the loader refuses (issue 14, families 1, 5, 6 and 7):
//! plans opplan could not open again are refused before writing; temporary
//! files are new, unique and never followed links; read-only plans are
//! refused; concurrent writers never lose each other's work; special files
//! are refused as CSV input.

use crate::common::{self, run_together};

use opplan::io::{self, MAX_FILE_BYTES};
use opplan::model::Plan;
use opplan::model::limits::MAX_FILE_TEXT_CHARS;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron")
}

fn kent() -> Plan {
    io::load_path(&sample()).unwrap()
}

/// A copy of the Kent sample in `dir`.
fn kent_copy(dir: &Path) -> PathBuf {
    let path = dir.join("plan.ron");
    std::fs::copy(sample(), &path).unwrap();
    path
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

/// `opplan check` opens the file (exit 0 complete or 1 incomplete; 2 would
/// mean it cannot be read).
fn check_opens(path: &Path) {
    let (code, stderr) = common::run_cli(common::cli_command(&[os("check"), path.as_os_str()]));
    assert!(
        matches!(code, Some(0 | 1)),
        "check {}: {code:?} {stderr}",
        path.display()
    );
}

/// The names in `dir`.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

// ------------------------------------------------ never write what cannot be read

#[test]
fn a_plan_with_text_over_the_field_limit_is_refused_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut plan = kent();
    plan.schemes[2].description = "x".repeat(200_000);
    let err = io::save_path(&plan, &path).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("scheme 3") && msg.contains("description"), "{msg}");
    assert!(
        msg.contains("200,000") && msg.contains("The file on disk has not been changed"),
        "{msg}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is untouched");
    assert!(!io::backup_path(&path).exists(), "not even the .bak was made");
    // the plan in memory is kept as it was
    assert_eq!(plan.schemes[2].description.len(), 200_000);
    // a new file is not created either, nor a recovery copy
    let new = dir.path().join("new.ron");
    assert!(io::save_path(&plan, &new).is_err());
    assert!(!new.exists());
    let slot = io::recovery::slot_for(dir.path(), Some(&path));
    let err = io::recovery::write_copy(&slot, &plan, Some(&path)).unwrap_err();
    assert!(err.reason.contains("scheme 3"), "{err}");
    assert!(!slot.exists());
    // text written by hand goes through the same check
    let err = io::save_text(&io::to_ron_string(&plan), &path).unwrap_err();
    assert!(err.reason.contains("scheme 3"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(names(dir.path()), ["plan.ron"], "nothing left beside it");
}

#[test]
fn text_at_the_field_limit_is_saved_and_opens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    let mut plan = kent();
    plan.schemes[2].description = "x".repeat(MAX_FILE_TEXT_CHARS);
    io::save_path(&plan, &path).unwrap();
    assert_eq!(io::load_path(&path).unwrap(), plan);
}

/// A plan of `n` schemes, each with a description near the field limit:
/// about 100 KB a scheme.
fn plan_of_long_schemes(n: usize) -> Plan {
    let mut plan = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
    let long = "x".repeat(MAX_FILE_TEXT_CHARS - 1_000);
    for i in 0..n {
        let mut s = opplan::model::Scheme::default();
        s.id = plan.alloc_id().unwrap();
        s.name = format!("Scheme {i}");
        s.description = long.clone();
        plan.schemes.push(s);
    }
    plan
}

/// A plan over the size cap, made by an import (the case of 100,000
/// imported rows making a 95 MB plan): refused with its size and what it
/// holds, the plan on disk as it was.
#[test]
fn a_plan_an_import_takes_over_the_size_cap_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.ron");
    // a plan just under the cap
    std::fs::write(&path, io::to_ron_string(&plan_of_long_schemes(520))).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(
        size < MAX_FILE_BYTES && size > MAX_FILE_BYTES - 4 * 1024 * 1024,
        "{size}"
    );
    let before = std::fs::read(&path).unwrap();
    // 330 more rows of 19,000 characters (under a description's limit of
    // 20,000, so every row is good): about 6 MB more
    let long = "y".repeat(19_000);
    let mut csv = String::from("Scheme name,Description\n");
    for i in 0..330 {
        csv.push_str(&format!("Imported {i},{long}\n"));
    }
    let file = dir.path().join("more.csv");
    std::fs::write(&file, csv).unwrap();
    let (code, stderr) = common::run_cli_on_a_huge_plan(common::cli_command(&[
        os("import"),
        path.as_os_str(),
        os("--schemes"),
        file.as_os_str(),
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("at most 50 MB") && stderr.contains("850 schemes"),
        "{stderr}"
    );
    assert!(stderr.contains("The file on disk has not been changed"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "the file is as it was");
}

#[test]
fn fmt_of_300000_bare_records_is_refused_and_leaves_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.ron");
    let mut text = String::from("(format_version: 2, schemes: [");
    for id in 1..=300_000 {
        text.push_str(&format!("(id: {id}),"));
    }
    text.push_str("])\n");
    std::fs::write(&path, &text).unwrap();
    // it opens as written
    assert_eq!(io::load_path(&path).unwrap().schemes.len(), 300_000);
    let (code, stderr) = common::run_cli_on_a_huge_plan(common::cli_command(&[os("fmt"), path.as_os_str()]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("300,000 schemes"), "{stderr}");
    assert!(stderr.contains("split it into smaller plans"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "the file is untouched");
}

/// Imports whose rows the loader would refuse in a file (a description of
/// 200,000 characters; a metric target of 12345678901234567890, with
/// --skip-errors): refused on the row or at the write, never a saved file
/// that then fails to open.
#[test]
fn imports_the_loader_would_refuse_never_leave_a_file_that_fails_to_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let before = std::fs::read(&path).unwrap();
    let long = dir.path().join("long.csv");
    std::fs::write(
        &long,
        format!("Scheme name,Description\nCarers Break,{}\n", "z".repeat(200_000)),
    )
    .unwrap();
    let big = dir.path().join("big.csv");
    std::fs::write(
        &big,
        "Metric,Period 1,Period 1 target\nBig target,2015/16,12345678901234567890\n",
    )
    .unwrap();
    for (table, file, says) in [
        ("--schemes", &long, "200,000 characters"),
        ("--metrics", &big, "12345678901234567890"),
    ] {
        for extra in [None, Some("--skip-errors")] {
            let mut args = vec![os("import"), path.as_os_str(), os(table), file.as_os_str()];
            args.extend(extra.map(os));
            let (code, stderr) = common::run_cli(common::cli_command(&args));
            // refused on the row (the field's own rule: exit 1, or with
            // --skip-errors the row skipped and nothing else to add) or at
            // the write (exit 2): never a file that fails to open
            let skipped = extra.is_some() && code == Some(0);
            assert!(
                skipped || matches!(code, Some(1 | 2)),
                "{table} {extra:?}: {code:?} {stderr}"
            );
            assert!(skipped || code == Some(2) || stderr.contains("Row 2"), "{stderr}");
            if code == Some(2) {
                assert!(stderr.contains(says), "{stderr}");
                assert!(stderr.contains("so opplan could not open the file again"), "{stderr}");
            }
            assert_eq!(std::fs::read(&path).unwrap(), before);
            check_opens(&path);
        }
    }
}

#[test]
fn generate_never_writes_a_plan_that_fails_to_load() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.ron");
    let (code, stderr) = common::run_cli(common::cli_command(&[
        os("generate"),
        os("--schemes"),
        os("40"),
        os("--metrics"),
        os("5"),
        os("--risks"),
        os("5"),
        os("--signoffs"),
        os("2"),
        os("--out"),
        out.as_os_str(),
    ]));
    assert_eq!(code, Some(0), "{stderr}");
    check_opens(&out);
}

// ------------------------------------------------ temporary files

#[test]
fn stale_temporaries_of_our_naming_go_at_the_next_save_whatever_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let ours = [
        ".plan.ron.opplan-4242-7-0123456789abcdef.tmp",
        ".plan.ron.opplan-4242-8-fedcba9876543210.baktmp",
        ".plan.ron.4242.tmp",
        ".plan.ron.4242.baktmp",
        ".plan.ron.opplan-tmp",
    ];
    let theirs = [".plan.ron.notes.tmp", ".other.ron.4242.tmp", "plan.ron.tmp"];
    for n in ours.iter().chain(&theirs) {
        // just made: a young file is no excuse under the lock
        std::fs::write(dir.path().join(n), "half a plan").unwrap();
    }
    io::save_path(&kent(), &path).unwrap();
    let left = names(dir.path());
    for n in ours {
        assert!(!left.contains(&n.to_string()), "{n} removed: {left:?}");
    }
    for n in theirs {
        assert!(left.contains(&n.to_string()), "{n} kept: {left:?}");
    }
    assert!(!left.iter().any(|n| n.ends_with("opplan-lock")), "{left:?}");
}

#[cfg(unix)]
#[test]
fn links_planted_at_temporary_names_are_never_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "not a plan").unwrap();
    // the names an older opplan used, with this process's id
    let pid = std::process::id();
    for n in [
        format!(".plan.ron.{pid}.tmp"),
        format!(".plan.ron.{pid}.baktmp"),
        ".report.html.opplan-tmp".to_string(),
        ".report.html.opplan-lock".to_string(),
    ] {
        std::os::unix::fs::symlink(&victim, dir.path().join(n)).unwrap();
    }
    let mut plan = kent();
    plan.header.title = "Saved".into();
    io::save_path(&plan, &path).unwrap();
    assert_eq!(io::load_path(&path).unwrap().header.title, "Saved");
    let report = dir.path().join("report.html");
    let msg = opplan::interop::export::export_to(
        &plan,
        None,
        opplan::interop::export::ExportFormat::Html,
        &report,
        chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap(),
    )
    .unwrap();
    assert!(msg.contains("board report"), "{msg}");
    assert!(std::fs::read_to_string(&report).unwrap().contains("<html"));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not a plan");
    assert_eq!(
        names(dir.path()),
        ["plan.ron", "plan.ron.bak", "report.html", "victim.txt"]
    );
}

#[test]
fn exports_to_one_path_at_once_all_succeed_and_leave_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let xlsx = dir.path().join("plan.xlsx");
    for _round in 0..3 {
        let mut commands = Vec::new();
        for (format, to) in [("html", &out), ("html", &out), ("xlsx", &xlsx), ("xlsx", &xlsx)] {
            commands.push(common::cli_command(&[
                os("export"),
                sample().as_os_str(),
                os("--format"),
                os(format),
                os("--out"),
                to.as_os_str(),
            ]));
        }
        for (code, stderr) in run_together(commands) {
            assert_eq!(code, Some(0), "{stderr}");
        }
        assert!(std::fs::read_to_string(&out).unwrap().trim_end().ends_with("</html>"));
        assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
        assert_eq!(names(dir.path()), ["plan.xlsx", "report.html"]);
    }
}

// ------------------------------------------------ read-only plans

#[cfg(unix)]
fn set_mode(p: &Path, m: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
}

#[cfg(unix)]
#[test]
fn a_read_only_plan_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    set_mode(&path, 0o444);
    let before = std::fs::read(&path).unwrap();
    let err = io::save_path(&kent(), &path).unwrap_err();
    assert!(err.reason.contains("read-only"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // the command line says the same
    let csv = one_scheme_csv(dir.path(), "Alpha");
    for args in [
        vec![os("fmt"), path.as_os_str()],
        vec![os("import"), path.as_os_str(), os("--schemes"), csv.as_os_str()],
    ] {
        let (code, stderr) = common::run_cli(common::cli_command(&args));
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains("read-only"), "{stderr}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn an_ordinary_user_cannot_replace_a_read_only_plan_through_fmt_or_import() {
    let dir = tempfile::tempdir().unwrap();
    // a folder anyone may write: the rename alone would replace the plan
    set_mode(dir.path(), 0o777);
    let path = kent_copy(dir.path());
    let csv = dir.path().join("new.csv");
    std::fs::write(&csv, "Scheme name\nFalls service\n").unwrap();
    set_mode(&csv, 0o644);
    for mode in [0o444, 0o644] {
        // 0o644 belongs to this user (root): not writable by `nobody`
        set_mode(&path, mode);
        let before = std::fs::read(&path).unwrap();
        for args in [
            vec![os("fmt"), path.as_os_str()],
            vec![os("import"), path.as_os_str(), os("--schemes"), csv.as_os_str()],
        ] {
            match common::run_cli_as_nobody(&args) {
                Some((code, stderr)) => {
                    assert_eq!(code, Some(2), "{mode:o} {args:?}: {stderr}");
                    assert!(stderr.contains("read-only"), "{stderr}");
                    assert!(stderr.contains("The file on disk has not been changed"), "{stderr}");
                    assert_eq!(std::fs::read(&path).unwrap(), before);
                }
                None => {
                    eprintln!("note: not root, or no setpriv: the read-only plan is not tried as another user");
                    return;
                }
            }
        }
    }
    assert_eq!(names(dir.path()), ["new.csv", "plan.ron"]);
}

// ------------------------------------------------ concurrent writers

/// A CSV adding one scheme called `name`.
fn one_scheme_csv(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(format!("{name}.csv"));
    std::fs::write(&p, format!("Scheme name,Area of spend\n{name},Social Care\n")).unwrap();
    p
}

fn scheme_names(path: &Path) -> Vec<String> {
    io::load_path(path)
        .unwrap()
        .schemes
        .into_iter()
        .map(|s| s.name)
        .collect()
}

/// An exit is a success, or a refusal saying another opplan had the plan.
fn success_or_clear_refusal(code: Option<i32>, stderr: &str) -> bool {
    match code {
        Some(0) => true,
        Some(2) if stderr.contains("another opplan") => false,
        other => panic!("neither a success nor a clear refusal: {other:?} {stderr}"),
    }
}

#[test]
fn two_imports_at_once_never_lose_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let a = one_scheme_csv(dir.path(), "Alpha");
    let b = one_scheme_csv(dir.path(), "Beta");
    let mut expected = scheme_names(&path);
    for round in 0..15 {
        let results = run_together(
            [&a, &b]
                .map(|f| common::cli_command(&[os("import"), path.as_os_str(), os("--schemes"), f.as_os_str()]))
                .into(),
        );
        for ((code, stderr), name) in results.into_iter().zip(["Alpha", "Beta"]) {
            if success_or_clear_refusal(code, &stderr) {
                expected.push(name.to_string());
            }
        }
        let mut now = scheme_names(&path);
        let mut want = expected.clone();
        now.sort();
        want.sort();
        assert_eq!(now, want, "round {round}: every imported row is there");
    }
    assert!(expected.len() > 12 + 15, "most imports succeed: {}", expected.len());
}

#[test]
fn an_import_and_fmt_at_once_never_lose_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let a = one_scheme_csv(dir.path(), "Alpha");
    let mut imported = 0;
    for round in 0..15 {
        let results = run_together(vec![
            common::cli_command(&[os("import"), path.as_os_str(), os("--schemes"), a.as_os_str()]),
            common::cli_command(&[os("fmt"), path.as_os_str()]),
        ]);
        let (code, stderr) = &results[0];
        if success_or_clear_refusal(*code, stderr) {
            imported += 1;
        }
        let (code, stderr) = &results[1];
        success_or_clear_refusal(*code, stderr);
        let names = scheme_names(&path);
        assert_eq!(
            names.iter().filter(|n| *n == "Alpha").count(),
            imported,
            "round {round}"
        );
    }
    assert!(imported > 0);
    assert!(
        names(dir.path()).iter().all(|n| !n.starts_with('.')),
        "{:?}",
        names(dir.path())
    );
}

#[test]
fn an_update_refuses_when_the_file_changed_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let (mut plan, update) = io::open_for_update(&path, Duration::ZERO).unwrap();
    // a program that takes no lock (an editor) saves meanwhile
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("Kent", "Their Kent", 1);
    std::fs::write(&path, &theirs).unwrap();
    plan.header.title = "Mine".into();
    let err = update.save(&plan).unwrap_err();
    assert!(err.reason.contains("changed it since opplan read it"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "their change is kept");
    // a second writer waits for the lock, then refuses after its wait
    let (_, held) = io::open_for_update(&path, Duration::ZERO).unwrap();
    match io::open_for_update(&path, Duration::from_millis(50)) {
        Err(io::UpdateError::Lock(e)) => assert!(e.reason.contains("another opplan"), "{e}"),
        other => panic!("{other:?}"),
    }
    drop(held);
    assert!(io::open_for_update(&path, Duration::ZERO).is_ok());
}

#[test]
fn fmt_and_import_report_a_missing_plan_as_load_does_and_make_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.ron");
    let csv = one_scheme_csv(dir.path(), "Alpha");
    for args in [
        vec![os("fmt"), missing.as_os_str()],
        vec![os("import"), missing.as_os_str(), os("--schemes"), csv.as_os_str()],
    ] {
        let (code, stderr) = common::run_cli(common::cli_command(&args));
        assert_eq!(code, Some(2), "{stderr}");
        assert!(
            stderr.contains("Could not read") && stderr.contains("does not exist"),
            "{stderr}"
        );
    }
    assert_eq!(names(dir.path()), ["Alpha.csv"]);
}

// ------------------------------------------------ special files as CSV input

/// The CSV inputs that are not files: a named pipe (when mkfifo exists)
/// and /dev/zero.
fn special_files(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let fifo = dir.join("pipe.csv");
    if Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        v.push(fifo);
    } else {
        eprintln!("note: mkfifo is missing; the named pipe is not tried");
    }
    if Path::new("/dev/zero").exists() {
        v.push(PathBuf::from("/dev/zero"));
    }
    v
}

#[test]
fn import_refuses_a_pipe_and_a_device_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let before = std::fs::read(&path).unwrap();
    for special in special_files(dir.path()) {
        // run_cli fails the test if the command hangs
        let (code, stderr) = common::run_cli(common::cli_command(&[
            os("import"),
            path.as_os_str(),
            os("--schemes"),
            special.as_os_str(),
        ]));
        assert_eq!(code, Some(2), "{}: {stderr}", special.display());
        assert!(stderr.contains("is not a file"), "{stderr}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}

#[test]
fn the_data_menu_import_refuses_a_pipe_and_a_device_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let plan = kent();
    for special in special_files(dir.path()) {
        let (tx, rx) = std::sync::mpsc::channel();
        let (p, s) = (plan.clone(), special.clone());
        std::thread::spawn(move || {
            let r = opplan::ui::paste::PasteDialog::csv(&p, opplan::model::RecordKind::Schemes, &s).err();
            let _ = tx.send(r);
        });
        let err = rx
            .recv_timeout(Duration::from_secs(30))
            .unwrap_or_else(|_| panic!("reading {} hung", special.display()))
            .expect("refused");
        assert!(err.contains("is not a file"), "{err}");
    }
}

#[test]
fn a_csv_over_its_cap_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.csv");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(opplan::interop::csv::MAX_CSV_BYTES + 1).unwrap();
    let err = opplan::interop::csv::read_csv(&big).unwrap_err();
    assert!(err.contains("a CSV file over 20 MB is refused"), "{err}");
}

// ------------------------------------------------ the round trip, as a property

use opplan::model::{Amount, Pence, RecordId};
use proptest::prelude::*;
use proptest::sample::select;

/// One change a user can make: typed in the window, imported from a CSV.
#[derive(Clone, Debug)]
enum Change {
    /// A text field (title, a description, a risk's title, a metric's
    /// name) set to `len` characters.
    Text { field: usize, len: usize },
    /// A scheme's spend set to any integer of pence.
    Spend { pence: i64 },
    /// A CSV row imported (the rows without errors, as --skip-errors).
    Import { name_len: usize, money: String },
    /// A record's id set (a merge or a hand edit could).
    Id { id: u64 },
}

fn change() -> impl Strategy<Value = Change> {
    let len = select(vec![0usize, 12, 99_999, 100_000, 100_001, 150_000]);
    prop_oneof![
        (0usize..4, len.clone()).prop_map(|(field, len)| Change::Text { field, len }),
        prop_oneof![
            any::<i64>(),
            select(vec![i64::MIN, i64::MAX, 100_000_000_000_000, 100_000_000_000_001, -1])
        ]
        .prop_map(|pence| Change::Spend { pence }),
        (
            len,
            select(vec![
                "12".to_string(),
                "TBC".into(),
                "12345678901234567890".into(),
                "1000000000000.01".into(),
                "-5.5".into(),
            ])
        )
            .prop_map(|(name_len, money)| Change::Import { name_len, money }),
        select(vec![0u64, 1, 5_000, (1 << 53) - 1, 1 << 53, u64::MAX]).prop_map(|id| Change::Id { id }),
    ]
}

fn apply(plan: &mut Plan, c: &Change, dir: &Path) {
    match c {
        Change::Text { field, len } => {
            let t = "t".repeat(*len);
            match field {
                0 => plan.header.title = t,
                1 => plan.schemes[0].description = t,
                2 => plan.risks[0].title = t,
                _ => plan.metrics[0].name = t,
            }
        }
        Change::Spend { pence } => {
            if let Some(y) = plan.schemes[0].years.first_mut() {
                y.spend = Some(Amount::Exact(Pence(*pence)));
            }
        }
        Change::Import { name_len, money } => {
            let file = dir.join("rows.csv");
            let year = plan.header.years.last().cloned().unwrap_or_default();
            std::fs::write(
                &file,
                format!("Scheme name,{year} (£)\n{},{money}\n", "n".repeat(*name_len)),
            )
            .unwrap();
            let kind = opplan::model::RecordKind::Schemes;
            if let Ok(spec) = opplan::interop::csv::import_spec(plan, kind, &file) {
                let preview = spec.preview(plan);
                opplan::interop::import::apply_ops(plan, kind, &preview.ops);
            }
        }
        Change::Id { id } => plan.schemes[1].id = RecordId(*id),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Edits and imports, then save: either the file opens as exactly the
    /// plan (apart from the next id the loader repairs), or the save is
    /// refused and the file on disk is as it was.
    #[test]
    fn after_any_changes_a_save_opens_as_the_plan_or_writes_nothing(
        changes in proptest::collection::vec(change(), 1..6)
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = kent_copy(dir.path());
        let before = std::fs::read(&path).unwrap();
        let mut plan = kent();
        for c in &changes {
            apply(&mut plan, c, dir.path());
        }
        match io::save_path(&plan, &path) {
            Ok(()) => {
                let mut back = io::load_path(&path).expect("what opplan saved opens");
                if plan.next_id <= plan.max_id() {
                    back.next_id = plan.next_id;
                }
                prop_assert_eq!(back, plan);
            }
            Err(e) => {
                prop_assert!(e.to_string().contains("The file on disk has not been changed"));
                prop_assert_eq!(std::fs::read(&path).unwrap(), before);
            }
        }
        let left: Vec<String> = names(dir.path()).into_iter().filter(|n| n.starts_with('.')).collect();
        prop_assert!(left.is_empty(), "{:?}", left);
    }
}
