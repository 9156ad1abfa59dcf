//! `opplan export`, `opplan import` and `opplan diff`: the same code as the
//! window's Data menu, headless.

use super::import::{Outcome, apply_ops};
use crate::calc;
use crate::calc::diff::{diff as plan_diff, render_text, to_json};
use crate::io;
use crate::model::Plan;
use crate::model::fields::RecordKind;
use std::path::Path;
use std::process::ExitCode;

/// What `opplan export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// One CSV file per table, into the folder OUT.
    Csv,
    /// One Excel workbook.
    Xlsx,
    /// The board report: one self-contained HTML file.
    Html,
}

fn load(path: &Path) -> Result<Plan, ExitCode> {
    io::load_path(path).map_err(|e| {
        eprintln!("opplan: {}: {e}", path.display());
        ExitCode::from(2)
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Writes the export; the message names what was written.
pub fn export_to(plan: &Plan, source: Option<&Path>, format: ExportFormat, out: &Path) -> Result<String, String> {
    let today = crate::cli::today();
    let summary = calc::summarize(plan, today);
    match format {
        ExportFormat::Csv => {
            let files = super::csv::write_folder(plan, &summary, out)?;
            Ok(format!(
                "Wrote {} CSV files to {} ({})",
                files.len(),
                out.display(),
                files.iter().map(|p| file_name(p)).collect::<Vec<_>>().join(", ")
            ))
        }
        ExportFormat::Xlsx => {
            super::xlsx::write_xlsx(plan, &summary, today, out)?;
            Ok(format!("Wrote the Excel workbook {}", out.display()))
        }
        ExportFormat::Html => {
            let opts = super::report::ReportOptions {
                today,
                source: source.map(file_name),
            };
            super::report::write_report(plan, &summary, &opts, out)?;
            Ok(format!("Wrote the board report {}", out.display()))
        }
    }
}

pub fn export(plan_path: &Path, format: ExportFormat, out: &Path) -> ExitCode {
    let plan = match load(plan_path) {
        Ok(p) => p,
        Err(c) => return c,
    };
    match export_to(&plan, Some(plan_path), format, out) {
        Ok(msg) => {
            println!("{msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("opplan: {e}");
            ExitCode::from(2)
        }
    }
}

pub fn import(plan_path: &Path, files: &[(RecordKind, Option<&Path>)], skip_errors: bool, dry_run: bool) -> ExitCode {
    let files: Vec<(RecordKind, &Path)> = files.iter().filter_map(|(k, p)| p.map(|p| (*k, p))).collect();
    if files.is_empty() {
        eprintln!("opplan: name at least one file: --schemes, --metrics, --risks or --signoffs FILE.csv");
        return ExitCode::from(2);
    }
    // a real import holds the plan's lock from reading it to saving it, so
    // two imports (or an import and `fmt`) never lose each other's work;
    // a dry run writes nothing and takes no lock
    let (mut plan, update) = if dry_run {
        match load(plan_path) {
            Ok(p) => (p, None),
            Err(c) => return c,
        }
    } else {
        match crate::cli::open_for_update(plan_path) {
            Ok((p, u)) => (p, Some(u)),
            Err(c) => return c,
        }
    };
    let mut any_errors = false;
    let mut planned = Vec::new();
    // every file is read and checked against the plan as it will be when
    // the earlier files are applied (so links to new schemes can resolve)
    let mut working = plan.clone();
    for (kind, path) in files {
        let spec = match super::csv::import_spec(&working, kind, path) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("opplan: {e}");
                return ExitCode::from(2);
            }
        };
        for c in spec.columns.iter().filter(|c| c.field.is_none()) {
            eprintln!(
                "{}: column \u{201c}{}\u{201d} not imported: {}",
                file_name(path),
                c.source,
                c.note
            );
        }
        let preview = spec.preview(&working);
        for line in preview.error_lines(&spec) {
            eprintln!("{}: {line}", file_name(path));
        }
        for r in &preview.rows {
            if let Outcome::Skip(why) = &r.outcome
                && why != "blank row"
            {
                eprintln!("{}: row {} skipped: {why}", file_name(path), r.line);
            }
        }
        for n in &preview.notes {
            eprintln!("{}: {n}", file_name(path));
        }
        any_errors |= preview.errors() > 0;
        println!(
            "{}: {}{}",
            file_name(path),
            preview.action_text(kind),
            if preview.errors() > 0 {
                format!(
                    "; {} with errors",
                    if preview.errors() == 1 {
                        "1 row".to_string()
                    } else {
                        format!("{} rows", preview.errors())
                    }
                )
            } else {
                String::new()
            }
        );
        apply_ops(&mut working, kind, &preview.ops);
        planned.push((kind, preview.ops));
    }
    if any_errors && !skip_errors {
        eprintln!("opplan: nothing written: fix the rows above, or run again with --skip-errors to import the others");
        return ExitCode::from(1);
    }
    let Some(update) = update else {
        println!("Dry run: {} not changed", plan_path.display());
        return ExitCode::SUCCESS;
    };
    for (kind, ops) in &planned {
        apply_ops(&mut plan, *kind, ops);
    }
    match update.save(&plan) {
        Ok(_) => {
            println!("Saved {}", plan_path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("opplan: {e}");
            ExitCode::from(2)
        }
    }
}

pub fn diff(old_path: &Path, new_path: &Path, json: bool) -> ExitCode {
    let old = match load(old_path) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let new = match load(new_path) {
        Ok(p) => p,
        Err(c) => return c,
    };
    let d = plan_diff(&old, &new, crate::cli::today());
    let (a, b) = (old_path.display().to_string(), new_path.display().to_string());
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&to_json(&d, &a, &b)).expect("JSON of plain values always serializes")
        );
    } else {
        print!("{}", render_text(&d, &a, &b));
    }
    if d.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
