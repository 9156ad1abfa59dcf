//! `opplan merge`, `opplan resolve`, `opplan show` and `opplan git-setup`:
//! plans combined record by record, from the command line and as git's
//! merge and diff drivers (issue 17).

use super::{load_or_report, open_for_update};

use crate::calc::merge::words::{conflict_line, label_of, plan_lines};
use crate::calc::merge::{self, Merged};
use crate::interop::{eprint_line, print_line};
use crate::io;
use crate::model::{Plan, Side};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// True when `a` and `b` name one existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// `opplan merge BASE OURS THEIRS [-o OUT]`: exit 0 when the merge is
/// clean, 1 when it found conflicts (the plan written keeps ours and
/// records theirs with each), 2 when an input cannot be read or the
/// result cannot be written. An input that is also OUT is read and
/// written back under its lock, and not written when someone changed it
/// meanwhile (as `fmt` and `import` do).
pub fn merge(inputs: [&Path; 3], out: Option<&Path>, name: Option<&str>, no_backup: bool) -> ExitCode {
    let name = name.map_or_else(|| inputs[1].display().to_string(), str::to_string);
    // the input OUT names, if any: read under its lock, written back checked
    let written = out.and_then(|o| inputs.iter().position(|i| same_file(i, o)));
    // the three read at once (reading is most of a large merge's time);
    // errors said in the inputs' order
    let read = |i: usize| -> Result<(Plan, Option<io::PlanUpdate>), ExitCode> {
        if Some(i) == written {
            open_for_update(inputs[i]).map(|(p, u)| (p, Some(u)))
        } else {
            load_or_report(inputs[i]).map(|p| (p, None))
        }
    };
    let results: Vec<Result<(Plan, Option<io::PlanUpdate>), ExitCode>> = std::thread::scope(|s| {
        let others: Vec<_> = [1, 2].map(|i| s.spawn(move || read(i))).into();
        let mut all = vec![read(0)];
        all.extend(others.into_iter().map(|h| h.join().unwrap_or(Err(ExitCode::from(2)))));
        all
    });
    let mut update = None;
    let mut plans: Vec<Plan> = Vec::with_capacity(3);
    for r in results {
        match r {
            Ok((plan, u)) => {
                update = update.or(u);
                plans.push(plan);
            }
            Err(code) => return code,
        }
    }
    let merged = match merge::merge(&plans[0], &plans[1], &plans[2]) {
        Ok(m) => m,
        Err(e) => {
            eprint_line(&format!("opplan: {name}: {e}"));
            return ExitCode::from(2);
        }
    };
    report(&name, &merged);
    let saved = match (out, update) {
        (Some(_), Some(u)) if no_backup => u.save_without_backup(&merged.plan).map(|_| ()),
        (Some(_), Some(u)) => u.save(&merged.plan).map(|_| ()),
        (Some(path), None) if no_backup => io::save_path_without_backup(&merged.plan, path).map(|_| ()),
        (Some(path), None) => io::save_path(&merged.plan, path),
        (None, _) => match io::checked_plan_text(&merged.plan, "") {
            Ok(text) => {
                print!("{text}");
                Ok(())
            }
            Err(reason) => {
                eprint_line(&format!("opplan: {name}: the merged plan cannot be written: {reason}"));
                return ExitCode::from(2);
            }
        },
    };
    if let Err(e) = saved {
        eprint_line(&format!("opplan: {e}"));
        return ExitCode::from(2);
    }
    if merged.new_conflicts == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// What the merge did, on stderr (stdout is the plan's when there is no
/// OUT): ids given to theirs, links dropped, the counts, each new conflict.
fn report(name: &str, m: &Merged) {
    let plan = &m.plan;
    let mut notes: Vec<String> = Vec::new();
    for r in &m.renumbered {
        notes.push(format!(
            "{name}: {} was added on both sides under id {}: theirs is now id {} ({}), and their links to it follow",
            r.kind.singular(),
            r.from,
            r.to,
            label_of(plan, r.kind, r.to)
        ));
    }
    for u in &m.unlinked {
        notes.push(format!(
            "{name}: {}: its link to record {}, which is in neither plan any more, was dropped",
            label_of(plan, u.kind, u.id),
            u.target
        ));
    }
    let (o, t) = m.changed_records;
    let old = plan.conflicts.len() - m.new_conflicts;
    notes.push(format!(
        "{name}: merged ({} on our side, {} on theirs){}{}",
        records(o),
        records(t),
        match m.new_conflicts {
            0 => ", no conflicts".to_string(),
            1 => ", 1 conflict".to_string(),
            n => format!(", {n} conflicts"),
        },
        match old {
            0 => String::new(),
            n => format!(
                "; {n} earlier conflict{} still to resolve",
                if n == 1 { "" } else { "s" }
            ),
        }
    ));
    for n in &notes {
        eprint_line(n);
    }
    for c in &plan.conflicts[old..] {
        eprint_line(&format!("{name}: conflict: {}", conflict_line(plan, c)));
    }
    if m.new_conflicts > 0 {
        eprint_line(&format!(
            "{name}: the plan holds ours where the sides disagree and records theirs with each conflict; resolve them in the window or with `opplan resolve`"
        ));
    }
}

/// "1 record changed", "12 records changed".
fn records(n: usize) -> String {
    format!("{n} record{} changed", if n == 1 { "" } else { "s" })
}

/// `opplan resolve PLAN --keep ours|theirs [--conflict N]...`: keeps one
/// side of the conflicts named (all by default) and saves the plan. Exit 0
/// when no conflict remains, 1 when some do, 2 on a read or write error.
pub fn resolve(path: &Path, side: Side, only: &[usize]) -> ExitCode {
    let (mut plan, update) = match open_for_update(path) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let total = plan.conflicts.len();
    if let Some(n) = only.iter().find(|n| **n == 0 || **n > total) {
        eprint_line(&format!(
            "opplan: {}: there is no merge conflict {n}; the plan holds {total}",
            path.display()
        ));
        return ExitCode::from(2);
    }
    let mut failed = Vec::new();
    if only.is_empty() {
        failed = merge::resolve_all(&mut plan, side);
    } else {
        // the highest first, so the others keep their numbers
        let mut chosen = only.to_vec();
        chosen.sort_unstable();
        chosen.dedup();
        for n in chosen.into_iter().rev() {
            let c = plan.conflicts[n - 1].clone();
            if let Err(e) = merge::resolve(&mut plan, n - 1, side) {
                failed.push((c, e));
            }
        }
    }
    for (c, e) in &failed {
        eprint_line(&format!("opplan: {}: {} {e}", path.display(), conflict_line(&plan, c)));
    }
    if let Err(e) = update.save(&plan) {
        eprint_line(&format!("opplan: {e}"));
        return ExitCode::from(2);
    }
    let left = plan.conflicts.len();
    print_line(&format!(
        "{}: kept {} in {} conflict{}; {left} left",
        path.display(),
        side.word(),
        total - left,
        if total - left == 1 { "" } else { "s" }
    ));
    if left == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// `opplan show PLAN`: the plan as readable lines (git's textconv).
pub fn show(path: &Path) -> ExitCode {
    let plan = match load_or_report(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    for line in plan_lines(&plan) {
        print_line(&line);
    }
    ExitCode::SUCCESS
}

/// A word for the shell: in single quotes unless plainly safe.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '_' | '-' | '+' | ':' | ','))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Runs git in `dir`; its trimmed stdout, or why not.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => "git is not installed (or not on the PATH)".to_string(),
            _ => format!("git could not be run: {}", io::describe_io_error(&e)),
        })?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

/// The git configuration `git-setup` writes: (key, value), with `program`
/// the opplan to run.
pub fn git_config_entries(program: &str) -> [(&'static str, String); 3] {
    [
        ("merge.opplan.name", "opplan: plans merged record by record".to_string()),
        (
            "merge.opplan.driver",
            format!("{program} merge --no-backup --name %P %O %A %B -o %A"),
        ),
        ("diff.opplan.textconv", format!("{program} show")),
    ]
}

/// `opplan git-setup [DIR] [--pattern GLOB]`: makes git merge and diff
/// the plans of the repository at DIR through opplan: a line in the
/// repository's `.gitattributes` (to commit, so every clone has it) and
/// the drivers in its `.git/config` (each clone runs this once).
pub fn git_setup(dir: &Path, pattern: &str) -> ExitCode {
    let fail = |why: String| {
        eprint_line(&format!("opplan: {why}"));
        ExitCode::from(2)
    };
    if pattern.is_empty() || pattern.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return fail(format!(
            "the pattern \u{201c}{pattern}\u{201d} cannot go in .gitattributes: give one without spaces, such as *.ron or plans/*.ron"
        ));
    }
    let top = match git(dir, &["rev-parse", "--show-toplevel"]) {
        Ok(t) => PathBuf::from(t),
        Err(e) => return fail(format!("{} is not in a git repository ({e})", dir.display())),
    };
    let program = match std::env::current_exe().and_then(std::fs::canonicalize) {
        Ok(p) => shell_word(&p.to_string_lossy()),
        Err(e) => return fail(format!("could not tell where opplan is: {}", io::describe_io_error(&e))),
    };
    for (key, value) in git_config_entries(&program) {
        if let Err(e) = git(&top, &["config", key, &value]) {
            return fail(e);
        }
        print_line(&format!("git config {key} {}", shell_word(&value)));
    }
    let attributes = top.join(".gitattributes");
    let line = format!("{pattern} merge=opplan diff=opplan");
    let old = match std::fs::read_to_string(&attributes) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return fail(format!(
                "could not read {}: {}",
                attributes.display(),
                io::describe_io_error(&e)
            ));
        }
    };
    if old.lines().any(|l| l.trim() == line) {
        print_line(&format!("{} already has: {line}", attributes.display()));
    } else {
        let mut text = old;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&line);
        text.push('\n');
        if let Err(e) = io::write_file_atomic(&attributes, text.as_bytes()) {
            return fail(e.to_string());
        }
        print_line(&format!("{}: added {line}", attributes.display()));
    }
    print_line(
        "Commit .gitattributes so every clone merges plans through opplan; everyone runs `opplan git-setup` once in their own clone (git does not share its configuration).",
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words_are_quoted_unless_plain() {
        assert_eq!(shell_word("/usr/bin/opplan"), "/usr/bin/opplan");
        assert_eq!(shell_word("/home/a b/opplan"), "'/home/a b/opplan'");
        assert_eq!(shell_word("/it's/opplan"), "'/it'\\''s/opplan'");
        assert_eq!(shell_word(""), "''");
    }
}
