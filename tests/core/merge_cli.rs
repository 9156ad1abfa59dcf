//! `opplan merge`, `resolve`, `show` and `git-setup` on the command line,
//! and plans in a real git repository with opplan as git's merge and diff
//! driver (issue 17, parts 1, 2 and the command-line half of 6).

use crate::common::{self, run_together};
use crate::versions::{kent, kent_sides, rewrite};
use opplan::io;
use opplan::model::{Amount, Plan, RecordId, Side, Tree};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Writes a plan as opplan saves it (no `.bak`, which a repository would
/// pick up).
fn write(plan: &Plan, path: &Path) {
    std::fs::write(path, io::checked_plan_text(plan, "").unwrap()).unwrap();
}

fn set_spend(p: &mut Plan, i: usize, k: i64) {
    p.schemes[i].year_mut("2015/16").spend = Some(Amount::thousands(k));
}

fn spend(p: &Plan, i: usize) -> Option<Amount> {
    p.schemes[i].year("2015/16").and_then(|y| y.spend)
}

/// Base, ours and theirs in `dir`: ours and theirs set scheme 4's 2015/16
/// spend to `ours` and `theirs` (£000), ours renames scheme 1, theirs
/// scheme 2.
fn three(dir: &Path, ours_k: i64, theirs_k: i64) -> [PathBuf; 3] {
    let sides = kent_sides(
        |ours| {
            set_spend(ours, 3, ours_k);
            ours.schemes[0].name = "Ours".into();
        },
        |theirs| {
            set_spend(theirs, 3, theirs_k);
            theirs.schemes[1].name = "Theirs".into();
        },
    );
    let paths = ["base.ron", "ours.ron", "theirs.ron"].map(|n| dir.join(n));
    for (p, plan) in paths.iter().zip(&sides) {
        write(plan, p);
    }
    paths
}

fn os(s: &str) -> &OsStr {
    OsStr::new(s)
}

fn opplan(args: &[&OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opplan"))
        .args(args)
        .env("OPPLAN_TODAY", "2015-01-20")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

// ------------------------------------------------------------ the command line

#[test]
fn merge_exits_0_when_clean_1_with_conflicts_and_2_when_an_input_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let [b, o, t] = three(dir.path(), 3_600, 3_600);
    let out = dir.path().join("out.ron");
    let run = |args: &[&OsStr]| common::run_cli(common::cli_command(args));
    let (code, stderr) = run(&[
        os("merge"),
        b.as_os_str(),
        o.as_os_str(),
        t.as_os_str(),
        os("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("merged (2 records changed on our side, 2 records changed on theirs), no conflicts"),
        "{stderr}"
    );
    let m = io::load_path(&out).unwrap();
    assert_eq!(
        (m.schemes[0].name.as_str(), m.schemes[1].name.as_str()),
        ("Ours", "Theirs")
    );
    assert!(m.conflicts.is_empty());

    let [b, o, t] = three(dir.path(), 3_600, 3_700);
    let (code, stderr) = run(&[
        os("merge"),
        b.as_os_str(),
        o.as_os_str(),
        t.as_os_str(),
        os("-o"),
        out.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "conflict: Scheme 4 \u{201c}Carers Break\u{201d}, 2015/16 spend: ours 3,600 (£000), theirs 3,700 (£000), base 3,443 (£000); the plan holds ours"
        ),
        "{stderr}"
    );
    let m = io::load_path(&out).unwrap();
    assert_eq!(spend(&m, 3), Some(Amount::thousands(3_600)));
    assert_eq!(m.conflicts.len(), 1);
    // `check` lists it and is not complete
    let o2 = opplan(&[os("check"), out.as_os_str()]);
    assert_eq!(o2.status.code(), Some(1));
    assert!(text(&o2.stdout).starts_with("Merge conflict 1: Scheme 4 \u{201c}Carers Break\u{201d}, 2015/16 spend"));
    assert!(text(&o2.stdout).contains("Plan: 1 merge conflict remains"));

    // an input that is not a plan: exit 2, nothing written
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_files/duplicate_ids.ron");
    let before = std::fs::read(&out).unwrap();
    for args in [
        [b.as_os_str(), bad.as_os_str(), t.as_os_str()],
        [
            b.as_os_str(),
            o.as_os_str(),
            dir.path().join("missing.ron").into_os_string().leak(),
        ],
    ] {
        let mut a = vec![os("merge")];
        a.extend(args);
        a.extend([os("-o"), out.as_os_str()]);
        let (code, stderr) = run(&a);
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.starts_with("opplan: "), "{stderr}");
        assert_eq!(std::fs::read(&out).unwrap(), before, "not written");
    }
}

#[test]
fn merge_without_out_prints_a_plan_that_opens() {
    let dir = tempfile::tempdir().unwrap();
    let [b, o, t] = three(dir.path(), 3_600, 3_700);
    let out = opplan(&[os("merge"), b.as_os_str(), o.as_os_str(), t.as_os_str()]);
    assert_eq!(out.status.code(), Some(1));
    let plan = io::load_str(&text(&out.stdout)).unwrap();
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(
        plan.conflicts[0].theirs,
        Tree::Given(Box::new(
            opplan::calc::merge::to_tree(&Amount::thousands(3_700)).unwrap()
        ))
    );
    assert!(text(&out.stderr).contains("1 conflict"));
}

#[test]
fn merge_into_ours_keeps_a_bak_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    let [b, o, t] = three(dir.path(), 3_600, 3_600);
    let bak = io::backup_path(&o);
    let ours_before = std::fs::read(&o).unwrap();
    let r = opplan(&[
        os("merge"),
        b.as_os_str(),
        o.as_os_str(),
        t.as_os_str(),
        os("-o"),
        o.as_os_str(),
    ]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    assert_eq!(std::fs::read(&bak).unwrap(), ours_before);
    assert_eq!(io::load_path(&o).unwrap().schemes[1].name, "Theirs");
    std::fs::remove_file(&bak).unwrap();
    let [b, o, t] = three(dir.path(), 3_600, 3_600);
    let r = opplan(&[
        os("merge"),
        os("--no-backup"),
        b.as_os_str(),
        o.as_os_str(),
        t.as_os_str(),
        os("-o"),
        o.as_os_str(),
    ]);
    assert_eq!(r.status.code(), Some(0));
    assert!(!bak.exists());
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["base.ron", "ours.ron", "theirs.ron"],
        "no lock or temporary file left"
    );
}

#[test]
fn a_merge_into_ours_and_an_import_into_it_at_once_never_lose_either() {
    let dir = tempfile::tempdir().unwrap();
    let [b, o, t] = three(dir.path(), 3_600, 3_600);
    let csv = dir.path().join("alpha.csv");
    std::fs::write(&csv, "Scheme name,Area of spend\nAlpha,Social Care\n").unwrap();
    let rounds = 8;
    for round in 0..rounds {
        let results = run_together(vec![
            common::cli_command(&[
                os("merge"),
                b.as_os_str(),
                o.as_os_str(),
                t.as_os_str(),
                os("-o"),
                o.as_os_str(),
            ]),
            common::cli_command(&[os("import"), o.as_os_str(), os("--schemes"), csv.as_os_str()]),
        ]);
        for (code, stderr) in &results {
            assert_eq!(*code, Some(0), "round {round}: {stderr}");
        }
        let plan = io::load_path(&o).unwrap();
        assert_eq!(plan.schemes[1].name, "Theirs", "round {round}: the merge is there");
        assert_eq!(
            plan.schemes.iter().filter(|s| s.name == "Alpha").count(),
            round + 1,
            "round {round}: every import is there"
        );
    }
}

/// `resolve` writes the plan back under its lock, checked against the
/// file it read (`io::open_for_update`), as `fmt` and `import` do: run
/// together with an import, neither change is lost.
#[test]
fn a_resolve_and_an_import_into_the_same_plan_at_once_never_lose_either() {
    let dir = tempfile::tempdir().unwrap();
    let [b, o, t] = three(dir.path(), 3_600, 3_700);
    let out = dir.path().join("out.ron");
    let csv = dir.path().join("alpha.csv");
    std::fs::write(&csv, "Scheme name,Area of spend\nAlpha,Social Care\n").unwrap();
    for round in 0..6 {
        let merged = opplan(&[
            os("merge"),
            b.as_os_str(),
            o.as_os_str(),
            t.as_os_str(),
            os("-o"),
            out.as_os_str(),
        ]);
        assert_eq!(merged.status.code(), Some(1), "one conflict");
        let results = run_together(vec![
            common::cli_command(&[os("resolve"), out.as_os_str(), os("--keep"), os("theirs")]),
            common::cli_command(&[os("import"), out.as_os_str(), os("--schemes"), csv.as_os_str()]),
        ]);
        for (code, stderr) in &results {
            assert_eq!(*code, Some(0), "round {round}: {stderr}");
        }
        let plan = io::load_path(&out).unwrap();
        assert!(plan.conflicts.is_empty(), "round {round}: the resolve is there");
        assert_eq!(spend(&plan, 3), Some(Amount::thousands(3_700)), "round {round}");
        assert_eq!(
            plan.schemes.iter().filter(|s| s.name == "Alpha").count(),
            1,
            "round {round}: the import is there"
        );
    }
}

#[test]
fn resolve_keeps_one_side_and_show_prints_one_line_per_value() {
    let dir = tempfile::tempdir().unwrap();
    let [b, o, t] = three(dir.path(), 3_600, 3_700);
    let out = dir.path().join("out.ron");
    opplan(&[
        os("merge"),
        b.as_os_str(),
        o.as_os_str(),
        t.as_os_str(),
        os("-o"),
        out.as_os_str(),
    ]);
    let shown = text(&opplan(&[os("show"), out.as_os_str()]).stdout);
    assert!(
        shown.contains("\nScheme id 4: 2015/16 spend: 3,600 (£000)\n"),
        "{shown}"
    );
    assert!(shown.contains("\nScheme id 1: name: \u{201c}Ours\u{201d}\n"));
    assert!(shown.contains("\nMerge conflict 1: Scheme 4 \u{201c}Carers Break\u{201d}, 2015/16 spend"));
    // no such conflict: exit 2, unchanged
    let before = std::fs::read(&out).unwrap();
    let r = opplan(&[
        os("resolve"),
        out.as_os_str(),
        os("--keep"),
        os("theirs"),
        os("--conflict"),
        os("2"),
    ]);
    assert_eq!(r.status.code(), Some(2));
    assert!(text(&r.stderr).contains("there is no merge conflict 2; the plan holds 1"));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let r = opplan(&[os("resolve"), out.as_os_str(), os("--keep"), os("theirs")]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r.stderr));
    assert!(text(&r.stdout).contains("kept theirs in 1 conflict; 0 left"));
    let plan = io::load_path(&out).unwrap();
    assert_eq!(spend(&plan, 3), Some(Amount::thousands(3_700)));
    assert!(plan.conflicts.is_empty());
    // written as the base was once no conflict is left (not as format 3)
    let version = |p: &Path| std::fs::read_to_string(p).unwrap().lines().nth(1).map(str::to_owned);
    assert_eq!(version(&out), version(&b));
    assert_ne!(version(&out).as_deref(), Some("    format_version: 3,"));
}

// ------------------------------------------------------------ git

/// A git repository in a temporary folder, with git's own configuration
/// out of the way (no global or system settings, a fixed identity), set
/// up with `opplan git-setup`, holding the Kent plan as `plan.ron`.
struct Repo {
    dir: tempfile::TempDir,
    home: tempfile::TempDir,
}

fn have_git() -> bool {
    Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

impl Repo {
    fn new() -> Option<Repo> {
        if !have_git() {
            eprintln!("skipped: git is not installed");
            return None;
        }
        let r = Repo {
            dir: tempfile::tempdir().unwrap(),
            home: tempfile::tempdir().unwrap(),
        };
        r.ok(&["init", "-q", "-b", "main"]);
        let setup = r
            .env(&mut Command::new(env!("CARGO_BIN_EXE_opplan")))
            .arg("git-setup")
            .current_dir(r.dir.path())
            .output()
            .unwrap();
        assert!(setup.status.success(), "{}", text(&setup.stderr));
        write(&kent(), &r.plan_path());
        r.commit("The Kent plan");
        Some(r)
    }

    fn env<'a>(&self, c: &'a mut Command) -> &'a mut Command {
        c.env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", self.home.path().join("gitconfig"))
            .env("GIT_AUTHOR_NAME", "Planning Lead")
            .env("GIT_AUTHOR_EMAIL", "lead@example.invalid")
            .env("GIT_COMMITTER_NAME", "Planning Lead")
            .env("GIT_COMMITTER_EMAIL", "lead@example.invalid")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_EDITOR", "true")
            .env("OPPLAN_TODAY", "2015-01-20")
    }

    fn git(&self, args: &[&str]) -> Output {
        self.env(&mut Command::new("git"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .unwrap()
    }

    /// Runs git, which must succeed; its stdout.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.git(args);
        assert!(
            o.status.success(),
            "git {args:?}: {}\n{}",
            text(&o.stdout),
            text(&o.stderr)
        );
        text(&o.stdout)
    }

    fn plan_path(&self) -> PathBuf {
        self.dir.path().join("plan.ron")
    }

    fn plan(&self) -> Plan {
        io::load_path(&self.plan_path()).unwrap()
    }

    fn edit(&self, f: impl FnOnce(&mut Plan), message: &str) {
        rewrite(&self.plan_path(), f, write);
        self.commit(message);
    }

    fn commit(&self, message: &str) {
        self.ok(&["add", "plan.ron", ".gitattributes"]);
        self.ok(&["commit", "-q", "-m", message]);
    }

    /// `git status --porcelain`: nothing but what git itself tracks.
    fn status(&self) -> String {
        self.ok(&["status", "--porcelain"])
    }
}

#[test]
fn git_setup_writes_the_attributes_once_and_the_drivers() {
    let Some(r) = Repo::new() else { return };
    let attributes = std::fs::read_to_string(r.dir.path().join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.ron merge=opplan diff=opplan\n");
    let driver = r.ok(&["config", "merge.opplan.driver"]);
    assert!(
        driver.ends_with(" merge --no-backup --name %P %O %A %B -o %A\n"),
        "{driver}"
    );
    assert!(r.ok(&["config", "diff.opplan.textconv"]).ends_with(" show\n"));
    assert_eq!(
        r.ok(&["check-attr", "merge", "diff", "--", "plan.ron"]),
        "plan.ron: merge: opplan\nplan.ron: diff: opplan\n"
    );
    // again, from a folder inside: the line is not added twice
    let sub = r.dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let again = r
        .env(&mut Command::new(env!("CARGO_BIN_EXE_opplan")))
        .args(["git-setup", "sub", "--pattern", "plans/*.ron"])
        .current_dir(r.dir.path())
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(
        std::fs::read_to_string(r.dir.path().join(".gitattributes")).unwrap(),
        "*.ron merge=opplan diff=opplan\nplans/*.ron merge=opplan diff=opplan\n"
    );
    // outside a repository: said, exit 2
    let outside = tempfile::tempdir().unwrap();
    let o = r
        .env(&mut Command::new(env!("CARGO_BIN_EXE_opplan")))
        .args(["git-setup"])
        .current_dir(outside.path())
        .env("GIT_CEILING_DIRECTORIES", outside.path().parent().unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("is not in a git repository"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn git_merges_edits_of_different_schemes_and_a_metric_cleanly() {
    let Some(r) = Repo::new() else { return };
    r.ok(&["checkout", "-q", "-b", "finance"]);
    r.edit(|p| set_spend(p, 0, 3_500), "Social care capital grant: 3,500");
    r.edit(
        |p| p.metrics[0].baseline = Some(opplan::model::Figure::Value("640.5".parse().unwrap())),
        "Admissions baseline",
    );
    r.ok(&["checkout", "-q", "main"]);
    r.edit(
        |p| p.schemes[2].name = "Care Act 2014".into(),
        "Rename the Care Act scheme",
    );
    let out = r.git(&["merge", "--no-edit", "finance"]);
    assert!(out.status.success(), "{}\n{}", text(&out.stdout), text(&out.stderr));
    let plan = r.plan();
    assert_eq!(spend(&plan, 0), Some(Amount::thousands(3_500)));
    assert_eq!(plan.schemes[2].name, "Care Act 2014");
    assert!(plan.metrics[0].baseline.is_some());
    assert!(plan.conflicts.is_empty());
    assert_eq!(r.status(), "", "no .bak, lock or temporary file left in the repository");
    // git diff shows a plan value by value through `opplan show`
    // (what the merge brought into main)
    let diff = r.ok(&["diff", "HEAD^1", "HEAD", "--", "plan.ron"]);
    assert!(
        diff.contains("\n-Scheme id 1: 2015/16 spend: 3,432 (£000)\n+Scheme id 1: 2015/16 spend: 3,500 (£000)\n"),
        "{diff}"
    );
    assert!(diff.contains("\n+Metric id 13: baseline: 640.5\n"), "{diff}");
    let log = r.ok(&["log", "-p", "-1", "HEAD^1", "--", "plan.ron"]);
    assert!(
        log.contains("\n+Scheme id 3: name: \u{201c}Care Act 2014\u{201d}\n"),
        "{log}"
    );
}

#[test]
fn git_reports_the_same_amount_edited_on_both_branches_and_the_plan_lists_both_values() {
    let Some(r) = Repo::new() else { return };
    r.ok(&["checkout", "-q", "-b", "theirs"]);
    r.edit(|p| set_spend(p, 3, 3_700), "Carers: 3,700");
    r.ok(&["checkout", "-q", "main"]);
    r.edit(|p| set_spend(p, 3, 3_600), "Carers: 3,600");
    let out = r.git(&["merge", "--no-edit", "theirs"]);
    assert!(!out.status.success());
    let said = text(&out.stdout) + &text(&out.stderr);
    assert!(
        said.contains("CONFLICT (content): Merge conflict in plan.ron"),
        "{said}"
    );
    assert!(
        said.contains("plan.ron: conflict: Scheme 4 \u{201c}Carers Break\u{201d}, 2015/16 spend: ours 3,600 (£000), theirs 3,700 (£000), base 3,443 (£000)"),
        "{said}"
    );
    assert_eq!(r.status(), "UU plan.ron\n");
    let plan = r.plan();
    assert_eq!(spend(&plan, 3), Some(Amount::thousands(3_600)));
    assert_eq!(plan.conflicts.len(), 1);
    assert_eq!(
        plan.conflicts[0].record(),
        Some((opplan::model::field::RecordKind::Schemes, RecordId(4)))
    );
    // resolved with opplan, the merge is committed
    rewrite(
        &r.plan_path(),
        |p| opplan::calc::merge::resolve(p, 0, Side::Theirs).unwrap(),
        write,
    );
    r.commit("Merge theirs: take their figure");
    assert_eq!(spend(&r.plan(), 3), Some(Amount::thousands(3_700)));
    assert_eq!(r.status(), "");
}

#[test]
fn a_rebase_replays_plan_edits_cleanly() {
    let Some(r) = Repo::new() else { return };
    r.ok(&["checkout", "-q", "-b", "feature"]);
    r.edit(|p| p.schemes[1].notes = "Reviewed".into(), "Review DFG");
    r.edit(|p| p.risks[0].owner = "Programme lead".into(), "Risk owner");
    r.ok(&["checkout", "-q", "main"]);
    r.edit(|p| set_spend(p, 0, 3_500), "Social care capital grant: 3,500");
    r.edit(|p| p.header.owner = "Director".into(), "Plan owner");
    r.ok(&["checkout", "-q", "feature"]);
    let out = r.git(&["rebase", "main"]);
    assert!(out.status.success(), "{}\n{}", text(&out.stdout), text(&out.stderr));
    let plan = r.plan();
    assert_eq!(plan.schemes[1].notes, "Reviewed");
    assert_eq!(plan.risks[0].owner, "Programme lead");
    assert_eq!(spend(&plan, 0), Some(Amount::thousands(3_500)));
    assert_eq!(plan.header.owner, "Director");
    assert!(plan.conflicts.is_empty());
    assert_eq!(r.ok(&["rev-list", "--count", "main..feature"]), "2\n");
    assert_eq!(r.status(), "");
}
