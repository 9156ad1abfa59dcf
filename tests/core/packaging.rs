//! The Debian package, installed on this machine: built by
//! `packaging/build-deb.sh --dev` from the binary the tests built, installed
//! with dpkg, checked as a desktop would use it (the menu entry validates,
//! a plan file is of the plan type and opens with opplan, the icons and
//! samples are in place, the installed `opplan summary` matches the built
//! one), then purged, so the machine is left as it was.
//!
//! Root only (dpkg installs into /usr), and skipped with the reason
//! printed when it cannot run; under CI (`CI` set) a missing tool is a
//! failure, not a skip, since `.ci/run` installs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(program: &str, args: &[&str]) -> Output {
    Command::new(program)
        .args(args)
        .env("OPPLAN_TODAY", "2015-01-20")
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn found(program: &str, version_arg: &str) -> bool {
    Command::new(program)
        .arg(version_arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Why the test cannot run here, if it cannot.
fn cannot_run() -> Option<String> {
    let uid = Command::new("id").arg("-u").output().ok().map(|o| text(&o.stdout));
    if uid.as_deref().map(str::trim) != Some("0") {
        return Some("installing a package needs root".into());
    }
    let mut missing = Vec::new();
    for (p, v) in [
        ("dpkg", "--version"),
        ("desktop-file-validate", "--help"),
        ("xdg-mime", "--version"),
        ("mimetype", "--version"),
    ] {
        if !found(p, v) {
            missing.push(p.to_string());
        }
    }
    let want = std::fs::read_to_string(root().join("packaging/cargo-deb.version")).unwrap();
    let deb = Command::new("cargo").args(["deb", "--version"]).output();
    if !deb.is_ok_and(|o| text(&o.stdout).contains(want.trim())) {
        missing.push(format!("cargo-deb {}", want.trim()));
    }
    (!missing.is_empty()).then(|| format!("missing: {} (.ci/run installs them)", missing.join(", ")))
}

/// Purges the package when dropped, so a failed check still leaves the
/// machine as it was.
struct Installed;

impl Drop for Installed {
    fn drop(&mut self) {
        let out = run("dpkg", &["--purge", "opplan"]);
        if !out.status.success() {
            eprintln!("dpkg --purge opplan failed: {}", text(&out.stderr));
        }
    }
}

#[test]
fn the_debian_package_installs_opplan_as_a_desktop_app_and_leaves_no_trace() {
    if let Some(why) = cannot_run() {
        if std::env::var_os("CI").is_some() && !why.contains("root") {
            panic!("the package test cannot run in CI: {why}");
        }
        eprintln!("skipped the package test: {why}");
        return;
    }
    if run("dpkg", &["-s", "opplan"]).status.success() {
        panic!("an opplan package is already installed on this machine; the test will not replace it");
    }
    let sample = root().join("assets/kent-bcf-2015-16.ron");
    let sample = sample.to_str().unwrap();
    let before = text(&run("xdg-mime", &["query", "filetype", sample]).stdout);

    let out_dir = tempfile::tempdir().unwrap();
    let build = Command::new(root().join("packaging/build-deb.sh"))
        .args(["--dev", "-o", out_dir.path().to_str().unwrap()])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(build.status.success(), "build-deb.sh: {}", text(&build.stderr));
    let deb = text(&build.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_string();
    assert!(deb.ends_with(".deb") && Path::new(&deb).exists(), "{deb:?}");

    let installed = Installed;
    let out = run("dpkg", &["-i", &deb]);
    assert!(
        out.status.success(),
        "dpkg -i: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    let out = run("desktop-file-validate", &["/usr/share/applications/opplan.desktop"]);
    assert!(
        out.status.success() && out.stdout.is_empty() && out.stderr.is_empty(),
        "desktop-file-validate: {}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let desktop = std::fs::read_to_string("/usr/share/applications/opplan.desktop").unwrap();
    for line in [
        "Exec=opplan %f",
        "Icon=opplan",
        "Categories=Office;Finance;",
        "MimeType=application/x-opplan-plan;",
    ] {
        assert!(desktop.lines().any(|l| l == line), "{line} in {desktop}");
    }
    let filetype = text(&run("xdg-mime", &["query", "filetype", sample]).stdout);
    assert_eq!(filetype.trim(), "application/x-opplan-plan");
    // a plan saved under another name is still a plan (the magic rule)
    let renamed = out_dir.path().join("kent plan.txt");
    std::fs::copy(sample, &renamed).unwrap();
    let filetype = text(&run("xdg-mime", &["query", "filetype", renamed.to_str().unwrap()]).stdout);
    assert_eq!(filetype.trim(), "application/x-opplan-plan");
    // double-clicking a plan opens opplan
    let default = text(&run("xdg-mime", &["query", "default", "application/x-opplan-plan"]).stdout);
    assert_eq!(default.trim(), "opplan.desktop");
    for size in [16, 32, 48, 64, 128, 256] {
        let icon = format!("/usr/share/icons/hicolor/{size}x{size}/apps/opplan.png");
        assert!(Path::new(&icon).exists(), "{icon}");
    }
    assert!(Path::new("/usr/share/icons/hicolor/scalable/apps/opplan.svg").exists());

    // the installed program and sample give the same totals as the built ones
    let built = run(env!("CARGO_BIN_EXE_opplan"), &["summary", sample]);
    assert!(built.status.success(), "{}", text(&built.stderr));
    for (args, what) in [(vec!["summary"], "text"), (vec!["summary", "--json"], "JSON")] {
        let mine = run(env!("CARGO_BIN_EXE_opplan"), &[args.as_slice(), &[sample]].concat());
        let theirs = run(
            "/usr/bin/opplan",
            &[args.as_slice(), &["/usr/share/opplan/samples/kent-bcf-2015-16.ron"]].concat(),
        );
        assert!(theirs.status.success(), "{}", text(&theirs.stderr));
        assert_eq!(text(&theirs.stdout), text(&mine.stdout), "installed summary ({what})");
    }
    assert!(
        text(&built.stdout).contains("2015/16: 101,404"),
        "{}",
        text(&built.stdout)
    );
    // the Kent workspace is installed whole: its consolidated plan is named
    // relative to it (../kent-bcf-2015-16.ron), so the installed rollup is
    // the built one
    let ws = root().join("assets/kent");
    let mine = run(
        env!("CARGO_BIN_EXE_opplan"),
        &["rollup", ws.to_str().unwrap(), "--json"],
    );
    let theirs = run(
        "/usr/bin/opplan",
        &["rollup", "/usr/share/opplan/samples/kent", "--json"],
    );
    assert_eq!(theirs.status.code(), mine.status.code(), "{}", text(&theirs.stderr));
    let plans = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["plans"].as_array().map(Vec::len)
    };
    assert_eq!(plans(&theirs), plans(&mine));
    assert_eq!(
        plans(&theirs),
        Some(std::fs::read_dir(&ws).unwrap().count()),
        "every area plan and the Kent-wide one"
    );

    drop(installed);
    assert!(!Path::new("/usr/bin/opplan").exists(), "the binary is removed");
    assert!(!Path::new("/usr/share/mime/packages/opplan.xml").exists());
    assert!(
        !run("dpkg", &["-s", "opplan"]).status.success(),
        "the package is purged"
    );
    let after = text(&run("xdg-mime", &["query", "filetype", sample]).stdout);
    assert_eq!(after, before, "the file type is as it was before the test");
}
