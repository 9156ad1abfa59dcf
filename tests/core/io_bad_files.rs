//! Hostile and broken files: every file in `tests/bad_files/` (and the
//! cases made here: a folder, no permission, a file over 50 MB, a pipe, a
//! device, a million values, an over-long text, a symlink loop) gives a
//! clear error, with line and column where there is one; never a panic or
//! a hang. Through the library, `opplan check` (exit 2, stderr) and the
//! window (the plan already open stays as it was).

use crate::common;

use opplan::io::{self, LoadError, MAX_FILE_BYTES};
use opplan::model::limits::MAX_FILE_TEXT_CHARS;
use opplan::ui::OpplanApp;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("bad_files")
}

fn kent() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join("kent-bcf-2015-16.ron")
}

fn kind(e: &LoadError) -> &'static str {
    match e {
        LoadError::Io { .. } => "io",
        LoadError::IsDirectory { .. } => "directory",
        LoadError::NotAFile { .. } => "not-a-file",
        LoadError::TooLarge { .. } => "too-large",
        LoadError::NotText { .. } => "not-text",
        LoadError::Parse { .. } => "parse",
        LoadError::NewerVersion { .. } => "newer-version",
        LoadError::Invalid(_) => "invalid",
        LoadError::TooManyValues { .. } => "too-many-values",
    }
}

struct Expected {
    file: String,
    kind: String,
    position: Option<(usize, usize)>,
    says: String,
}

fn manifest() -> Vec<Expected> {
    let text = std::fs::read_to_string(corpus_dir().join("EXPECTED.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 4, "bad manifest line {l:?}");
            let position = (cols[2] != "-").then(|| {
                let (a, b) = cols[2].split_once(':').unwrap();
                (a.parse().unwrap(), b.parse().unwrap())
            });
            Expected {
                file: cols[0].into(),
                kind: cols[1].into(),
                position,
                says: cols[3].into(),
            }
        })
        .collect()
}

#[test]
fn every_file_in_the_corpus_gives_its_error() {
    let expected = manifest();
    assert!(expected.len() >= 30, "the corpus holds {} files", expected.len());
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ron"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = expected.iter().map(|e| e.file.clone()).collect();
    listed.sort();
    assert_eq!(
        on_disk, listed,
        "every bad file is listed in EXPECTED.tsv, and only those"
    );
    for e in &expected {
        let path = corpus_dir().join(&e.file);
        let err = io::load_path(&path).expect_err(&e.file);
        let msg = err.to_string();
        assert_eq!(kind(&err), e.kind, "{}: {msg}", e.file);
        assert_eq!(err.position(), e.position, "{}: {msg}", e.file);
        assert!(msg.contains(&e.says), "{}: {msg:?} should say {:?}", e.file, e.says);
        if let Some((line, col)) = e.position {
            assert!(
                msg.starts_with(&format!("Line {line}, column {col}: ")),
                "{}: {msg}",
                e.file
            );
        }
        // the same bytes through load_bytes give the same error
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(io::load_bytes(&bytes).unwrap_err(), err, "{}", e.file);
    }
}

/// The cases that cannot be committed as files.
fn generated_cases(dir: &Path) -> Vec<(String, PathBuf, &'static str, &'static str)> {
    let mut cases = Vec::new();
    let folder = dir.join("a folder.ron");
    std::fs::create_dir(&folder).unwrap();
    cases.push(("folder".into(), folder, "directory", "is a folder, not a plan file"));

    let missing = dir.join("nowhere").join("plan.ron");
    cases.push(("missing".into(), missing, "io", "does not exist"));

    // over 50 MB: a sparse file, refused from its size before any read
    let huge = dir.join("huge.ron");
    let f = std::fs::File::create(&huge).unwrap();
    f.set_len(MAX_FILE_BYTES + 1).unwrap();
    cases.push(("huge".into(), huge, "too-large", "larger than 50 MB are refused"));

    // a small file of a million empty values: refused before they are built
    let many = dir.join("many.ron");
    let mut text = String::from("(format_version: 2, header: (ccgs: [");
    text.push_str(&"[],".repeat(io::MAX_VALUES + 1));
    text.push_str("]))");
    std::fs::write(&many, text).unwrap();
    cases.push((
        "a million values".into(),
        many,
        "too-many-values",
        "no plan is that large",
    ));

    // one text longer than any field holds
    let long = dir.join("long.ron");
    let mut plan = io::load_path(&kent()).unwrap();
    plan.schemes[2].description = "x".repeat(MAX_FILE_TEXT_CHARS + 1);
    std::fs::write(&long, io::to_ron_string(&plan)).unwrap();
    cases.push((
        "over-long text".into(),
        long,
        "invalid",
        "The description of scheme 3 is 100,001 characters long",
    ));

    #[cfg(unix)]
    {
        let looped = dir.join("loop.ron");
        std::os::unix::fs::symlink(&looped, &looped).unwrap();
        cases.push(("symlink loop".into(), looped, "io", "Could not read"));
        // a named pipe would block a plain read forever
        let fifo = dir.join("pipe.ron");
        if Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
            cases.push(("named pipe".into(), fifo, "not-a-file", "is not a file"));
        }
    }
    if Path::new("/dev/zero").exists() {
        cases.push((
            "endless device".into(),
            PathBuf::from("/dev/zero"),
            "not-a-file",
            "is not a file",
        ));
    }
    cases
}

#[test]
fn folders_devices_pipes_huge_and_endless_inputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (what, path, want, says) in generated_cases(dir.path()) {
        let t = Instant::now();
        let err = io::load_path(&path).expect_err(&what);
        assert_eq!(kind(&err), want, "{what}: {err}");
        assert!(err.to_string().contains(says), "{what}: {err}");
        assert!(t.elapsed() < Duration::from_secs(20), "{what} took {:?}", t.elapsed());
    }
}

/// Whether this process ignores file permissions (root does).
fn permissions_ignored(dir: &Path) -> bool {
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    set_mode(&probe, 0o000);
    let readable = std::fs::read(&probe).is_ok();
    set_mode(&probe, 0o644);
    readable
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}
#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.ron");
    std::fs::copy(kent(), &path).unwrap();
    if permissions_ignored(dir.path()) {
        // running as root: the system lets this process read anything. Run
        // `opplan check` as the unprivileged user `nobody` instead, when
        // the system can; else say the case is not exercised.
        set_mode(dir.path(), 0o755);
        set_mode(&path, 0o600);
        match common::run_cli_as_nobody(&[OsStr::new("check"), path.as_os_str()]) {
            Some((code, stderr)) => {
                assert_eq!(code, Some(2), "{stderr}");
                assert!(stderr.contains("permission denied"), "{stderr}");
            }
            None => eprintln!(
                "note: running as root without setpriv; file permissions are not enforced, the no-permission case is not exercised"
            ),
        }
        return;
    }
    set_mode(&path, 0o000);
    let err = io::load_path(&path).unwrap_err();
    set_mode(&path, 0o644);
    assert_eq!(kind(&err), "io");
    assert!(err.to_string().contains("permission denied"), "{err}");
}

/// Runs `opplan check` on a file, with a time limit (a hang fails).
fn check(path: &Path) -> (Option<i32>, String) {
    common::run_cli(common::cli_command(&[OsStr::new("check"), path.as_os_str()]))
}

#[test]
fn opplan_check_exits_2_with_the_message_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<(String, PathBuf, String)> = manifest()
        .into_iter()
        .map(|e| (e.file.clone(), corpus_dir().join(&e.file), e.says))
        .collect();
    for (what, path, _, says) in generated_cases(dir.path()) {
        files.push((what, path, says.to_string()));
    }
    for (what, path, says) in files {
        let (code, stderr) = check(&path);
        assert_eq!(code, Some(2), "{what}: exit {code:?}, stderr {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
        assert!(stderr.starts_with("opplan: "), "{what}: {stderr}");
        assert!(stderr.contains(&says), "{what}: {stderr:?} should say {says:?}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{what}: one line: {stderr}");
    }
}

#[test]
fn the_window_shows_the_error_and_keeps_the_open_plan() {
    let mut app = OpplanApp::open_or_blank(&kent());
    let before = app.plan().clone();
    let ctx = egui::Context::default();
    for e in manifest() {
        // asked for, then the next frame runs it
        app.run(opplan::ui::Command::OpenPath(corpus_dir().join(&e.file)));
        let mut out = ctx.run_ui(egui::RawInput::default(), |ui| app.show(ui));
        out.textures_delta.clear();
        let (_, shown) = app.error().expect("an error dialog");
        assert!(shown.contains(&e.says), "{}: {shown}", e.file);
        assert!(shown.contains("The plan already open has not been changed."), "{shown}");
        assert_eq!(app.plan(), &before, "{}", e.file);
        assert!(!app.is_dirty());
        assert_eq!(app.path(), Some(kent().as_path()));
    }
}
