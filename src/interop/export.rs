//! Exports: CSV files, the Excel workbook and the board report, written by
//! one function for the window's Data menu and `opplan export`.

use crate::calc;
use crate::model::Plan;
use chrono::NaiveDate;
use std::path::Path;

/// What an export writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// One CSV file per table, into a folder.
    Csv,
    /// One Excel workbook.
    Xlsx,
    /// The board report: one self-contained HTML file.
    Html,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 3] = [ExportFormat::Csv, ExportFormat::Xlsx, ExportFormat::Html];
    /// The name on the command line: "csv", "xlsx", "html".
    pub fn key(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Html => "html",
        }
    }
    /// What it writes, in words.
    pub fn describe(self) -> &'static str {
        match self {
            ExportFormat::Csv => "One CSV file per table, into the folder OUT",
            ExportFormat::Xlsx => "One Excel workbook",
            ExportFormat::Html => "The board report: one self-contained HTML file",
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Writes the export; the message names what was written.
pub fn export_to(
    plan: &Plan,
    source: Option<&Path>,
    format: ExportFormat,
    out: &Path,
    today: NaiveDate,
) -> Result<String, String> {
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
