//! `opplan export`, `opplan import` and `opplan diff`: the same code as the
//! window's Data menu, headless.

use super::{load_or_report, open_for_update};
use crate::calc::diff::{diff as plan_diff, render_lines, to_json};
use crate::interop::export::{ExportFormat, export_to};
use crate::interop::import::{
    ColumnNames, FinanceTable, ImportSpec, Outcome, Preview, finance_csv_spec, import_edit, rows_text,
};
use crate::interop::{eprint_line, json_text, print_line};
use crate::io;
use crate::model::edit;
use crate::model::field::RecordKind;
use crate::model::{Plan, PlanEdit};
use std::path::Path;
use std::process::ExitCode;

pub fn export(plan_path: &Path, format: ExportFormat, out: &Path) -> ExitCode {
    let plan = match load_or_report(plan_path) {
        Ok(p) => p,
        Err(c) => return c,
    };
    match export_to(&plan, Some(plan_path), format, out, io::clock::today()) {
        Ok(msg) => {
            print_line(&msg);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint_line(&format!("opplan: {e}"));
            ExitCode::from(2)
        }
    }
}

/// Says on the terminal what one file's import will do: every error
/// (naming the file, the row and the column), the columns left out, the
/// rows skipped and the notes on stderr; on stdout what each row changes
/// and the action (with the rows that change nothing counted).
fn report_file<'a>(
    name: &str,
    left_out: impl Iterator<Item = (&'a str, &'a str)>,
    preview: &Preview,
    names: &impl ColumnNames,
    action: String,
) {
    if !preview.is_blocked() {
        for (source, note) in left_out {
            eprint_line(&format!("{name}: column \u{201c}{source}\u{201d} not imported: {note}"));
        }
    }
    for line in preview.error_lines(names) {
        eprint_line(&format!("{name}: {line}"));
    }
    for r in preview.rows.iter().filter(|r| r.is_told_skip()) {
        eprint_line(&format!("{name}: row {} skipped: {}", r.line, r.problems_text(names)));
    }
    for n in &preview.notes {
        eprint_line(&format!("{name}: {n}"));
    }
    for r in &preview.rows {
        if r.outcome == Outcome::Add {
            print_line(&format!("{name}: row {}: {} added", r.line, r.label));
        } else if !r.changes.is_empty() {
            print_line(&format!(
                "{name}: row {} ({}): {}",
                r.line,
                r.label,
                r.changes.join("; ")
            ));
        }
    }
    let mut counts = String::new();
    if preview.errors() > 0 {
        counts.push_str(&format!("; {} with errors", rows_text(preview.errors())));
    }
    if preview.unchanged() > 0 {
        counts.push_str(&format!("; {} change nothing", rows_text(preview.unchanged())));
    }
    print_line(&format!("{name}: {action}{counts}"));
}

pub fn import(
    plan_path: &Path,
    files: &[(RecordKind, Option<&Path>)],
    finance: &[(FinanceTable, Option<&Path>)],
    skip_errors: bool,
    dry_run: bool,
) -> ExitCode {
    let sources: Vec<Source> = files
        .iter()
        .filter_map(|(k, p)| p.map(|p| Source::Csv(*k, p)))
        .chain(finance.iter().filter_map(|(t, p)| p.map(|p| Source::Finance(*t, p))))
        .collect();
    if sources.is_empty() {
        eprint_line(
            "opplan: name at least one file: --schemes, --metrics, --risks, --signoffs, --objectives, --sections, --allocations, --contributions, --qipp or --performance FILE.csv, or --xlsx BOOK.xlsx",
        );
        return ExitCode::from(2);
    }
    let (plan, update) = match open_plan(plan_path, dry_run) {
        Ok(x) => x,
        Err(c) => return c,
    };
    run_import(plan_path, plan, update, &sources, None, skip_errors)
}

/// `opplan import PLAN --xlsx BOOK.xlsx [--sheet NAME]`: every sheet of
/// the workbook that holds a table (see [`crate::interop::xlsx_read`]),
/// through the same steps as CSV files.
pub fn import_xlsx(plan_path: &Path, book: &Path, sheets: &[String], skip_errors: bool, dry_run: bool) -> ExitCode {
    let (plan, update) = match open_plan(plan_path, dry_run) {
        Ok(x) => x,
        Err(c) => return c,
    };
    let tables = match crate::interop::xlsx_read::read_workbook(&plan, book, sheets) {
        Ok(t) => t,
        Err(e) => {
            eprint_line(&format!("opplan: {e}"));
            return ExitCode::from(2);
        }
    };
    let name = book
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in &tables.notes {
        eprint_line(&format!("{name}: {n}"));
    }
    if tables.tables.is_empty() && tables.finance.is_empty() && tables.milestones.is_none() {
        eprint_line(&format!(
            "opplan: {name} has no sheet opplan can read into schemes, metrics, risks, sign-offs, objectives, sections or the finance tables: nothing written"
        ));
        return ExitCode::from(2);
    }
    let sources: Vec<Source> = tables
        .tables
        .into_iter()
        .map(Source::Sheet)
        .chain(tables.finance.into_iter().map(Source::FinanceSheet))
        .collect();
    run_import(
        plan_path,
        plan,
        update,
        &sources,
        tables.milestones.as_ref(),
        skip_errors,
    )
}

/// The plan an import reads: a real import holds the plan's lock from
/// reading it to saving it, so two imports (or an import and `fmt`) never
/// lose each other's work; a dry run writes nothing and takes no lock.
fn open_plan(plan_path: &Path, dry_run: bool) -> Result<(Plan, Option<io::PlanUpdate>), ExitCode> {
    if dry_run {
        load_or_report(plan_path).map(|p| (p, None))
    } else {
        open_for_update(plan_path).map(|(p, u)| (p, Some(u)))
    }
}

/// Where an import's rows come from.
enum Source<'a> {
    Csv(RecordKind, &'a Path),
    Sheet(crate::interop::xlsx_read::SheetTable),
    Finance(FinanceTable, &'a Path),
    FinanceSheet(crate::interop::xlsx_read::FinanceSheet),
}

/// What one source's import does: whether a row has an error, whether
/// nothing can be read, and the edit.
struct Step {
    errors: bool,
    blocked: bool,
    edit: PlanEdit,
}

impl Source<'_> {
    /// Reads the source, previews it against `plan` and reports it.
    fn step(&self, plan: &Plan) -> Result<Step, String> {
        let records = |spec: ImportSpec| {
            let preview = spec.preview(plan);
            report_file(
                &spec.source_name,
                spec.columns
                    .iter()
                    .filter(|c| c.field.is_none())
                    .map(|c| (c.source.as_str(), c.note.as_str())),
                &preview,
                &spec,
                preview.action_text(spec.kind),
            );
            Step {
                errors: preview.errors() > 0,
                blocked: preview.is_blocked(),
                edit: import_edit(plan, spec.kind, &preview.ops),
            }
        };
        Ok(match self {
            Source::Csv(kind, path) => records(crate::interop::csv::import_spec(plan, *kind, path)?),
            Source::Sheet(t) => records(t.spec(plan)),
            Source::Finance(table, path) => finance_step(plan, finance_csv_spec(*table, path)?),
            Source::FinanceSheet(sheet) => finance_step(plan, sheet.spec()),
        })
    }
}

/// Previews a finance table's rows against `plan` and reports them.
fn finance_step(plan: &Plan, spec: crate::interop::import::FinanceSpec) -> Step {
    let fp = spec.preview(plan);
    report_file(
        &spec.source_name,
        spec.columns
            .iter()
            .filter(|c| c.key.is_none())
            .map(|c| (c.source.as_str(), c.note.as_str())),
        &fp.preview,
        &spec,
        fp.action_text(spec.table),
    );
    Step {
        errors: fp.preview.errors() > 0,
        blocked: fp.preview.is_blocked(),
        edit: fp.edit,
    }
}

/// Previews every source against the plan as it will be when the earlier
/// ones are applied, reports, and saves (through `update`, under the lock
/// taken when the plan was read) only when nothing is wrong, or
/// `skip_errors`; `update` is `None` for a dry run.
fn run_import(
    plan_path: &Path,
    plan: Plan,
    update: Option<io::PlanUpdate>,
    sources: &[Source],
    milestones: Option<&crate::interop::xlsx_read::MilestonesSheet>,
    skip_errors: bool,
) -> ExitCode {
    let mut any_errors = false;
    let mut blocked = false;
    // every file is read and checked against the plan as it will be when
    // the earlier files are applied (so links to new schemes can resolve)
    let mut working = plan;
    for source in sources {
        let step = match source.step(&working) {
            Ok(s) => s,
            Err(e) => {
                eprint_line(&format!("opplan: {e}"));
                return ExitCode::from(2);
            }
        };
        any_errors |= step.errors;
        blocked |= step.blocked;
        if let Err(e) = edit::apply(&mut working, step.edit) {
            eprint_line(&format!("opplan: {e}"));
            return ExitCode::from(2);
        }
    }
    // a workbook's milestones, once its schemes are in
    if let Some(ms) = milestones {
        for e in &ms.errors {
            eprint_line(e);
        }
        any_errors |= !ms.errors.is_empty();
        let n = ms.apply(&mut working);
        print_line(&format!(
            "{}: {} milestones read; the milestones of {n} scheme{} change",
            ms.source_name,
            ms.rows.len(),
            if n == 1 { "" } else { "s" }
        ));
    }
    if blocked {
        eprint_line("opplan: nothing written: the headings above cannot be read (--skip-errors skips bad rows only)");
        return ExitCode::from(1);
    }
    if any_errors && !skip_errors {
        eprint_line(
            "opplan: nothing written: fix the rows above, or run again with --skip-errors to import the others",
        );
        return ExitCode::from(1);
    }
    let Some(update) = update else {
        print_line(&format!("Dry run: {} not changed", plan_path.display()));
        return ExitCode::SUCCESS;
    };
    match update.save(&working) {
        Ok(_) => {
            print_line(&format!("Saved {}", plan_path.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprint_line(&format!("opplan: {e}"));
            ExitCode::from(2)
        }
    }
}

pub fn diff(old_path: &Path, new_path: &Path, json: bool) -> ExitCode {
    let old = match load_or_report(old_path) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let new = match load_or_report(new_path) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let d = plan_diff(&old, &new, io::clock::today());
    let (a, b) = (old_path.display().to_string(), new_path.display().to_string());
    if json {
        let text = serde_json::to_string_pretty(&to_json(&d, &a, &b)).expect("JSON of plain values always serializes");
        println!("{}", json_text(&text));
    } else {
        // line by line, so a line break in plan text is shown, not obeyed
        for line in render_lines(&d, &a, &b) {
            print_line(&line);
        }
    }
    if d.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
