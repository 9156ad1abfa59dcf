//! Three-way merge (issue 17): two versions of the large plan (5,000
//! schemes) that each changed 500 records (50 of them the same records,
//! other fields, so they are merged field by field), target under 500 ms;
//! the same on the Kent sample; and a `git merge` of two such plans with
//! opplan as git's merge driver, end to end (git, three plans read, the
//! merge, the result checked and written), target under 2 s.
//!
//! Consolidation (issue 17, part 4): the rollup of 40 plans of 500
//! schemes each (every total, RAG and checklist of each plan, the sums and
//! the reconciliation against a consolidated plan), target under 300 ms;
//! and the same after an edit to one plan, the others' summaries kept (as
//! the window's Consolidation view would).
//!
//! `cargo bench --bench merge` (`-- rollup` for the rollup alone)

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use opplan::calc::merge::merge;
use opplan::model::{Amount, Pence, Plan};
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Ours: the first-year spend of every tenth scheme (500 on the large
/// plan). Theirs: the name of the scheme after each of those, and the
/// description of the first 50 schemes ours changed.
fn sides(base: &Plan) -> (Plan, Plan) {
    let year = base.header.years[0].clone();
    let mut ours = base.clone();
    let mut theirs = base.clone();
    let n = base.schemes.len();
    for (k, i) in (0..n).step_by(10).enumerate() {
        ours.schemes[i].year_mut(&year).spend = Some(Amount::Exact(Pence(1_234_500 + k as i64)));
        if k < 50 {
            theirs.schemes[i].description.push_str(" (reviewed)");
        } else if i + 1 < n {
            theirs.schemes[i + 1].name.push_str(" (theirs)");
        }
    }
    (ours, theirs)
}

fn merge_plans(c: &mut Criterion) {
    let mut g = c.benchmark_group("merge");
    g.sample_size(20);
    for (name, plan_of) in common::plans() {
        g.bench_function(BenchmarkId::new("500_records_each", name), |b| {
            let base = plan_of();
            let (ours, theirs) = sides(base);
            b.iter(|| {
                let m = merge(black_box(base), black_box(&ours), black_box(&theirs)).expect("merges");
                assert!(m.is_clean());
                m
            })
        });
    }
    g.finish();
}

fn git(dir: &Path, args: &[&str]) -> std::process::Output {
    let home = dir.join(".home");
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", home.join("gitconfig"))
        .env("GIT_AUTHOR_NAME", "Bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.invalid")
        .env("GIT_COMMITTER_NAME", "Bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.invalid")
        .output()
        .expect("git runs")
}

fn ok(dir: &Path, args: &[&str]) {
    let o = git(dir, args);
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `git merge` of the two sides of the large plan, opplan as the driver
/// (the opplan binary this bench was built with). Skipped without git.
fn git_merge(c: &mut Criterion) {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git_merge: skipped, git is not installed");
        return;
    }
    let mut g = c.benchmark_group("git_merge");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("large_500_records_each", |b| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let d = dir.path();
        std::fs::create_dir(d.join(".home")).expect("a home");
        ok(d, &["init", "-q", "-b", "main"]);
        let setup = Command::new(env!("CARGO_BIN_EXE_opplan"))
            .arg("git-setup")
            .current_dir(d)
            .env("HOME", d.join(".home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", d.join(".home/gitconfig"))
            .output()
            .expect("opplan runs");
        assert!(setup.status.success(), "{}", String::from_utf8_lossy(&setup.stderr));
        let base = common::large();
        let (ours, theirs) = sides(base);
        let plan = d.join("plan.ron");
        let commit = |p: &Plan, msg: &str| {
            std::fs::write(&plan, opplan::io::to_ron_string(p)).expect("written");
            ok(d, &["add", "plan.ron", ".gitattributes"]);
            ok(d, &["commit", "-q", "-m", msg]);
        };
        commit(base, "base");
        ok(d, &["checkout", "-q", "-b", "theirs"]);
        commit(&theirs, "theirs");
        ok(d, &["checkout", "-q", "main"]);
        commit(&ours, "ours");
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                ok(d, &["reset", "-q", "--hard", "main"]);
                let start = Instant::now();
                ok(d, &["merge", "-q", "--no-edit", "--no-commit", "theirs"]);
                total += start.elapsed();
                ok(d, &["merge", "--abort"]);
            }
            total
        })
    });
    g.finish();
}

/// The workspace of `common::workspace`: 40 plans of 500 schemes and a
/// 41st consolidating them.
fn rollup_plans(c: &mut Criterion) {
    let plans = common::workspace();
    let labels: Vec<String> = (0..plans.len()).map(|k| format!("plan{k}.ron")).collect();
    let pairs: Vec<(&str, &Plan)> = labels.iter().map(String::as_str).zip(plans).collect();
    let mut g = c.benchmark_group("rollup");
    g.sample_size(20);
    g.bench_function("40_plans_500_schemes", |b| {
        b.iter(|| {
            let r = opplan::calc::rollup::rollup(black_box(&pairs), Some(0), common::today());
            assert_eq!(r.plans.len(), 41);
            r
        })
    });
    // the window's edit: each plan's summary kept, one plan's recomputed
    let mut summaries: Vec<_> = plans
        .iter()
        .map(|p| opplan::calc::summarize(p, common::today()))
        .collect();
    g.bench_function("40_plans_500_schemes_one_edited", |b| {
        b.iter(|| {
            summaries[1] = opplan::calc::summarize(black_box(&plans[1]), common::today());
            opplan::calc::rollup::rollup_with(black_box(&pairs), &summaries, Some(0))
        })
    });
    g.finish();
}

criterion_group!(benches, merge_plans, git_merge, rollup_plans);
criterion_main!(benches);
