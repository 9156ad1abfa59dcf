//! CSV export and import, one file per table.
//!
//! Export: the columns a person expects ([`super::export_columns`]), money
//! in pounds with every penny as plain digits ("3432000.00"; a range as
//! "6313704.00 - 8921504.00" in one cell), dates ISO ("2014-02-03"), text
//! neutralised against formulas. The file is UTF-8 with a byte-order mark
//! (so Excel reads "£" right) and CRLF line ends (RFC 4180).
//!
//! Import: [`read_table`] gives the rows, as the file has them (a row
//! that cannot be read, such as one whose quote never closes, is an error
//! on that row); [`super::import::ImportSpec`] maps them by their headings,
//! previews and applies them. Comma, semicolon and tab separated files are
//! told apart from the first line.

use super::import::{BrokenRow, FinanceTable, ImportSpec, Table, Target, column_letter};
use super::{cell, cell_text, export_columns, neutralise};
use crate::calc::PlanSummary;
use crate::model::Plan;
use crate::model::field::RecordKind;
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
    // headings are text too: a year label can hold a formula
    let header: Vec<String> = columns
        .iter()
        .map(|c| neutralise(&c.header(unit)).into_owned())
        .collect();
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
    for kind in RecordKind::tables(plan) {
        let path = dir.join(file_name(kind));
        write_export(&path, table_csv(plan, summary, kind).as_bytes())?;
        out.push(path);
    }
    for (name, text) in finance_csvs(plan) {
        let path = dir.join(name);
        write_export(&path, text.as_bytes())?;
        out.push(path);
    }
    Ok(out)
}

/// The operating plan's tables as CSV, each only when the plan has rows
/// for it: `allocations.csv`, `contributions.csv`, `qipp.csv` (a row per
/// point of delivery of each QIPP scheme and year, the scheme's saving,
/// investment and net on each) and `performance.csv`, in the columns
/// [`FinanceTable::columns`] that the import reads back. Money in pounds,
/// as every export.
pub fn finance_csvs(plan: &Plan) -> Vec<(String, String)> {
    FinanceTable::ALL
        .into_iter()
        .filter_map(|t| t.csv(plan).map(|text| (t.file_name(), text)))
        .collect()
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

/// Reads CSV text (RFC 4180) into rows of cells, never guessing: a
/// quoted cell may hold separators, doubled quotes ("") and line breaks;
/// a quote that never closes, or a quote inside a quoted cell that is not
/// doubled, makes the row where the quote opened a broken row (an error
/// naming the row, the column and the line), and reading goes on at the
/// next line, so no row swallows the ones after it. A quote inside an
/// unquoted cell (`5" screen`) is kept as typed. A byte-order mark is
/// ignored, blank rows at the end are dropped, rows are never padded.
pub fn read_table(text: &str) -> Table {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let delimiter = sniff_delimiter(text);
    let b = text.as_bytes();
    let n = b.len();
    let mut table = Table::default();
    if n == 0 {
        return table;
    }
    let mut row: Vec<String> = Vec::new();
    let mut i = 0usize;
    let mut line = 1usize;
    // every separator, quote and line break is ASCII, so slicing `text` at
    // their positions always falls between characters
    loop {
        if b[i..].first() == Some(&b'"') {
            let open_line = line;
            let mut cell = String::new();
            let mut j = i + 1;
            let mut from = j;
            let closed: Result<usize, String> = loop {
                if j >= n {
                    break Err(format!(
                        "the quote that opens this cell (line {open_line}) is never closed, so the rows after it \
                         cannot be told apart; the row is left out and reading goes on at line {}",
                        open_line + 1
                    ));
                }
                match b[j] {
                    b'"' if b.get(j + 1) == Some(&b'"') => {
                        cell.push_str(&text[from..=j]);
                        j += 2;
                        from = j;
                    }
                    b'"' => {
                        cell.push_str(&text[from..j]);
                        let after = j + 1;
                        if after >= n || matches!(b[after], b'\n' | b'\r') || b[after] == delimiter {
                            break Ok(after);
                        }
                        break Err(format!(
                            "the quoted cell that opens on line {open_line} has a quote on line {line} that is \
                             neither doubled (\"\") nor the end of the cell, so the rows after it cannot be told \
                             apart; the row is left out and reading goes on at line {}",
                            open_line + 1
                        ));
                    }
                    b'\n' => {
                        line += 1;
                        j += 1;
                    }
                    _ => j += 1,
                }
            };
            match closed {
                Ok(after) => {
                    row.push(cell);
                    i = after;
                }
                Err(message) => {
                    table.broken.push(BrokenRow {
                        row: table.rows.len(),
                        column: row.len(),
                        message,
                    });
                    table.rows.push(std::mem::take(&mut row));
                    i = text[i..].find('\n').map_or(n, |p| i + p + 1);
                    line = open_line + 1;
                    if i >= n {
                        break;
                    }
                    continue;
                }
            }
        } else {
            let start = i;
            while i < n && b[i] != delimiter && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
            row.push(text[start..i].to_string());
        }
        if i >= n {
            table.rows.push(std::mem::take(&mut row));
            break;
        }
        match b[i] {
            b'\r' | b'\n' => {
                i += if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
                line += 1;
                table.rows.push(std::mem::take(&mut row));
                if i >= n {
                    break;
                }
            }
            // the separator
            _ => i += 1,
        }
    }
    let broken: Vec<usize> = table.broken.iter().map(|r| r.row).collect();
    drop_blank_tail(&mut table.rows, &broken);
    table
}

/// Reads CSV text whole: as [`read_table`], but a broken row is an error
/// for the whole text ("Row 3, column B: the quote …").
pub fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, String> {
    let table = read_table(text);
    match table.broken.first() {
        Some(b) => Err(format!(
            "Row {}, column {}: {}",
            b.row + 1,
            column_letter(b.column),
            b.message
        )),
        None => Ok(table.rows),
    }
}

/// Drops blank rows at the end (the final line break, empty lines),
/// except rows listed in `keep`. Rows are never padded: a missing cell
/// stays missing.
pub fn drop_blank_tail(rows: &mut Vec<Vec<String>>, keep: &[usize]) {
    while !rows.is_empty()
        && !keep.contains(&(rows.len() - 1))
        && rows.last().is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
}

/// Reads a CSV file's text: only a regular file of at most
/// [`MAX_CSV_BYTES`] (through [`crate::io::read_user_file`], as plans are
/// read: a pipe or a device is refused, never read), and UTF-8 text.
pub fn read_csv_text(path: &Path) -> Result<String, String> {
    let file =
        crate::io::read_user_file(path, MAX_CSV_BYTES).map_err(|e| e.describe(path, "a CSV file", MAX_CSV_BYTES))?;
    String::from_utf8(file.bytes).map_err(|_| {
        format!(
            "{} is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8” and try again.",
            path.display()
        )
    })
}

/// Reads a CSV file whole (see [`read_csv_text`] and [`parse_csv`]).
pub fn read_csv(path: &Path) -> Result<Vec<Vec<String>>, String> {
    parse_csv(&read_csv_text(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

/// Starts the import of a CSV file into a table: rows as new records,
/// rows with the ID of a record updating it, money in pounds unless a
/// heading says otherwise.
pub fn import_spec(plan: &Plan, kind: RecordKind, path: &Path) -> Result<ImportSpec, String> {
    let table = read_table(&read_csv_text(path)?);
    if table.rows.is_empty() {
        return Err(format!("{} has no rows.", path.display()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(ImportSpec::new(
        plan,
        kind,
        table,
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
        // rows are not padded: a missing cell stays missing
        let rows = parse_csv("a,b,c\n1\n2,,\n").unwrap();
        assert_eq!(rows, vec![vec!["a", "b", "c"], vec!["1"], vec!["2", "", ""]]);
        // a bare quote inside an unquoted cell is kept as typed
        assert_eq!(parse_csv("5\" screen,x\n").unwrap(), vec![vec!["5\" screen", "x"]]);
    }

    #[test]
    fn a_quote_that_never_closes_breaks_its_row_only() {
        let t = read_table("ID,Scheme name\n1,\"Care Act\n2,Carers\n3,Other\n");
        assert_eq!(t.rows.len(), 4, "{t:?}");
        assert_eq!(t.broken.len(), 1);
        assert_eq!((t.broken[0].row, t.broken[0].column), (1, 1));
        assert!(
            t.broken[0].message.contains("(line 2) is never closed"),
            "{}",
            t.broken[0].message
        );
        assert_eq!(t.rows[2], vec!["2", "Carers"]);
        assert_eq!(t.rows[3], vec!["3", "Other"]);
        // a quote in a quoted cell that is neither doubled nor its end
        let t = read_table("a,b\n\"x\ny\"z,2\n3,4\n");
        assert_eq!(t.broken.len(), 1, "{t:?}");
        assert_eq!(t.broken[0].row, 1);
        assert!(t.broken[0].message.contains("on line 3"), "{}", t.broken[0].message);
        assert_eq!(t.rows.last().unwrap(), &vec!["3", "4"]);
        assert!(
            parse_csv("a\n\"open")
                .unwrap_err()
                .starts_with("Row 2, column A: the quote")
        );
        // a multi-line cell that closes is one cell
        let t = read_table("a,b\r\n\"two\r\nlines\",2\r\n");
        assert!(t.broken.is_empty());
        assert_eq!(t.rows[1], vec!["two\r\nlines", "2"]);
    }
}
