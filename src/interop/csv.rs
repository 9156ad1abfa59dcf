//! CSV export and import, one file per table.
//!
//! Export: the columns a person expects ([`super::export_columns`]), money
//! in pounds with every penny as plain digits ("3432000.00"; a range as
//! "6313704.00 - 8921504.00" in one cell), dates ISO ("2014-02-03"), text
//! neutralised against formulas. The file is UTF-8 with a byte-order mark
//! (so Excel reads "£" right) and CRLF line ends (RFC 4180).
//!
//! Import: [`read_csv`] gives the rows; [`super::import::ImportSpec`] maps,
//! previews and applies them. Comma, semicolon and tab separated files are
//! told apart from the first line.

use super::import::{ImportSpec, Target};
use super::{cell, cell_text, export_columns};
use crate::calc::PlanSummary;
use crate::model::Plan;
use crate::model::fields::RecordKind;
use crate::model::money::MoneyUnit;
use std::path::{Path, PathBuf};

/// CSV files larger than this are refused before they are read.
pub const MAX_CSV_BYTES: u64 = 20 * 1024 * 1024;

/// The text of one table as CSV (money in pounds).
pub fn table_csv(plan: &Plan, summary: &PlanSummary, kind: RecordKind) -> String {
    let columns = export_columns(plan, kind);
    let unit = MoneyUnit::Pounds;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .flexible(false)
        .from_writer(Vec::new());
    let header: Vec<String> = columns.iter().map(|c| c.header(unit)).collect();
    // writing to a Vec cannot fail
    let _ = w.write_record(&header);
    for i in 0..kind.len(plan) {
        let row: Vec<String> = columns
            .iter()
            .map(|c| cell_text(&cell(plan, summary, kind, i, c).value, unit))
            .collect();
        let _ = w.write_record(&row);
    }
    let bytes = w.into_inner().unwrap_or_default();
    let mut s = String::from("\u{feff}");
    s.push_str(&String::from_utf8(bytes).unwrap_or_default());
    s
}

/// The file name of a table's CSV: "schemes.csv".
pub fn file_name(kind: RecordKind) -> String {
    format!("{}.csv", kind.key())
}

/// Writes one CSV per table into `dir` (created when missing). Each file
/// is written atomically (a temporary file, then renamed). Returns the
/// paths written.
pub fn write_folder(plan: &Plan, summary: &PlanSummary, dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} is a file, not a folder.", dir.display()));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("Could not create the folder {}: {e}.", dir.display()))?;
    let mut out = Vec::new();
    for kind in RecordKind::ALL {
        let path = dir.join(file_name(kind));
        write_export(&path, table_csv(plan, summary, kind).as_bytes())?;
        out.push(path);
    }
    Ok(out)
}

/// Writes an export file (CSV, Excel, HTML) atomically, through
/// [`crate::io::write_file_atomic`] as every file opplan writes.
pub fn write_export(path: &Path, bytes: &[u8]) -> Result<(), String> {
    crate::io::write_file_atomic(path, bytes).map(|_| ()).map_err(|e| {
        format!(
            "Could not write {}: {}. A file already there has not been changed.",
            e.path.display(),
            e.reason
        )
    })
}

/// Guesses the separator from the first line: the most frequent of comma,
/// semicolon and tab outside quotes (comma when none).
pub fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let mut in_quotes = false;
    let mut counts = [0usize; 3];
    for c in first.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            ',' if !in_quotes => counts[0] += 1,
            ';' if !in_quotes => counts[1] += 1,
            '\t' if !in_quotes => counts[2] += 1,
            _ => {}
        }
    }
    let (i, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n).unwrap_or((0, &0));
    if *n == 0 {
        return b',';
    }
    [b',', b';', b'\t'][i]
}

/// Reads CSV text into rows of cells: quoted cells may hold separators,
/// quotes ("") and line breaks; a byte-order mark is ignored; blank lines
/// at the end are dropped and rows are padded to the same width.
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    let mut r = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("Row {}: {e}", i + 1))?;
        rows.push(rec.iter().map(|s| s.to_string()).collect::<Vec<_>>());
    }
    Ok(tidy_rows(rows))
}

/// Drops blank rows at the end and empty columns at the right, and pads
/// every row to the same width.
pub fn tidy_rows(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
    while rows.last().is_some_and(|r| r.iter().all(|c| c.trim().is_empty())) {
        rows.pop();
    }
    let width = rows
        .iter()
        .map(|r| r.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1))
        .max()
        .unwrap_or(0);
    for r in &mut rows {
        r.resize(width, String::new());
    }
    rows
}

/// Reads a CSV file: only a regular file of at most [`MAX_CSV_BYTES`]
/// (through [`crate::io::read_user_file`], as plans are read: a pipe or a
/// device is refused, never read), and UTF-8 text.
pub fn read_csv(path: &Path) -> Result<Vec<Vec<String>>, String> {
    use crate::io::ReadError;
    let file = crate::io::read_user_file(path, MAX_CSV_BYTES).map_err(|e| match e {
        ReadError::Io(e) => format!(
            "Could not read {}: {}.",
            path.display(),
            crate::io::describe_io_error(&e)
        ),
        ReadError::IsDirectory => format!("{} is a folder, not a CSV file.", path.display()),
        ReadError::NotAFile => format!(
            "{} is not a file (it is a device, a pipe or a socket), so it cannot be a CSV file.",
            path.display()
        ),
        ReadError::TooLarge { size } => format!(
            "{} is {:.1} MB; CSV files over {} MB are refused.",
            path.display(),
            size as f64 / 1_048_576.0,
            MAX_CSV_BYTES / 1_048_576
        ),
    })?;
    let text = String::from_utf8(file.bytes).map_err(|_| {
        format!(
            "{} is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and try again.",
            path.display()
        )
    })?;
    parse_csv(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Starts the import of a CSV file into a table: rows as new records,
/// rows with the ID of a record updating it, money in pounds unless a
/// heading says otherwise.
pub fn import_spec(plan: &Plan, kind: RecordKind, path: &Path) -> Result<ImportSpec, String> {
    let rows = read_csv(path)?;
    if rows.is_empty() {
        return Err(format!("{} has no rows.", path.display()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(ImportSpec::new(
        plan,
        kind,
        rows,
        MoneyUnit::Pounds,
        Target::NewRows,
        &name,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quoted_cells_and_separators() {
        let rows = parse_csv("\u{feff}a,\"b, c\",\"line\nbreak\"\r\n1,\"say \"\"hi\"\"\",3\r\n\r\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], vec!["a", "b, c", "line\nbreak"]);
        assert_eq!(rows[1], vec!["1", "say \"hi\"", "3"]);
        let rows = parse_csv("a;b;c\n1;2,5;3\n").unwrap();
        assert_eq!(rows[1], vec!["1", "2,5", "3"]);
    }
}
