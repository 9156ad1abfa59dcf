//! The clipboard: blocks copied from Excel or LibreOffice (tab-separated
//! text) in, and rows copied back out as tab-separated text.
//!
//! Pasted money is read in the plan's display unit (£000 for the samples),
//! unless the column's heading names a unit ("2015/16 (£000)", "(£)") or
//! the cell has a £ sign ("£3,432,000" is pounds). Thousands separators,
//! brackets for negatives and ranges are read as in a money cell.

use super::import::{ImportSpec, Target};
use super::{cell, cell_text, export_columns, neutralise, positions};
use crate::calc::PlanSummary;
use crate::model::field::{Field, RecordKind};
use crate::model::{Plan, RecordId};

/// Splits tab-separated text as spreadsheets put it on the clipboard:
/// cells by tabs, rows by line breaks (LF or CRLF); a cell that starts
/// with a quote and whose closing quote ends the cell is a quoted cell
/// (it may hold tabs, line breaks and doubled quotes); any other quote is
/// kept as typed. Trailing blank rows (the final line break) are dropped;
/// rows are never padded (a missing cell stays missing).
pub fn parse_tsv(text: &str) -> Vec<Vec<String>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let chars: Vec<char> = text.chars().collect();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut i = 0;
    let n = chars.len();
    let at_cell_end = |j: usize| j >= n || chars[j] == '\t' || chars[j] == '\n' || (chars[j] == '\r');
    loop {
        // one cell starting at i
        let mut cell = String::new();
        let mut quoted_ok = false;
        if i < n && chars[i] == '"' {
            let mut j = i + 1;
            let mut buf = String::new();
            while j < n {
                if chars[j] == '"' {
                    if j + 1 < n && chars[j + 1] == '"' {
                        buf.push('"');
                        j += 2;
                        continue;
                    }
                    if at_cell_end(j + 1) {
                        quoted_ok = true;
                        j += 1;
                    }
                    break;
                }
                buf.push(chars[j]);
                j += 1;
            }
            if quoted_ok {
                cell = buf;
                i = j;
            }
        }
        if !quoted_ok {
            while i < n && chars[i] != '\t' && chars[i] != '\n' && chars[i] != '\r' {
                cell.push(chars[i]);
                i += 1;
            }
        }
        row.push(cell);
        if i >= n {
            rows.push(std::mem::take(&mut row));
            break;
        }
        match chars[i] {
            '\t' => i += 1,
            '\r' => {
                i += 1;
                if i < n && chars[i] == '\n' {
                    i += 1;
                }
                rows.push(std::mem::take(&mut row));
                if i >= n {
                    break;
                }
            }
            '\n' => {
                i += 1;
                rows.push(std::mem::take(&mut row));
                if i >= n {
                    break;
                }
            }
            _ => i += 1,
        }
    }
    super::csv::drop_blank_tail(&mut rows, &[]);
    rows
}

/// Quotes a cell for tab-separated text when it must be (it holds a tab,
/// a line break or starts with a quote), doubling inner quotes.
pub fn tsv_cell(s: &str) -> String {
    if s.contains(['\t', '\n', '\r']) || s.starts_with('"') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The records with these ids (all of the kind when `ids` is empty) as
/// tab-separated text for the clipboard: a header row, then one row per
/// record, money exact in the plan's display unit (the unit is in the
/// headings, so pasting the block back reads it right), text neutralised
/// against formulas. The record ID column is left out.
pub fn rows_to_tsv(plan: &Plan, summary: &PlanSummary, kind: RecordKind, ids: &[RecordId]) -> String {
    let unit = plan.settings.display_unit;
    let columns: Vec<_> = export_columns(plan, kind)
        .into_iter()
        .filter(|c| *c != super::Column::Stored(Field::Id))
        .collect();
    let mut out = String::new();
    let header: Vec<String> = columns.iter().map(|c| tsv_cell(&neutralise(&c.header(unit)))).collect();
    out.push_str(&header.join("\t"));
    out.push('\n');
    for i in positions(plan, kind, ids) {
        let row: Vec<String> = columns
            .iter()
            .map(|c| tsv_cell(&cell_text(&cell(plan, summary, kind, i, c).value, unit)))
            .collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// Starts a paste into a table: as new rows, or over the selected records
/// (`target`), money in the plan's display unit unless a heading or a £
/// sign says otherwise. A block without a heading row goes to the fields
/// from `start` (the selected cell) or in the template order, but only
/// when its first row cannot be a heading row (see
/// [`ImportSpec::pasted`]).
pub fn paste_spec(plan: &Plan, kind: RecordKind, text: &str, target: Target, start: Option<Field>) -> ImportSpec {
    ImportSpec::pasted(
        plan,
        kind,
        parse_tsv(text),
        plan.settings.display_unit,
        target,
        start,
        "the clipboard",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_spreadsheet_text() {
        let rows = parse_tsv("a\tb\tc\r\n1\t\t3,432\r\n");
        assert_eq!(rows, vec![vec!["a", "b", "c"], vec!["1", "", "3,432"]]);
        let rows = parse_tsv("\"two\nlines\"\t\"has\ttab\"\t\"say \"\"hi\"\"\"\n5\" screen\tx\ty");
        assert_eq!(rows[0], vec!["two\nlines", "has\ttab", "say \"hi\""]);
        assert_eq!(rows[1], vec!["5\" screen", "x", "y"]);
        // an unclosed quote is text as typed
        let rows = parse_tsv("\"oops\tb\n");
        assert_eq!(rows, vec![vec!["\"oops", "b"]]);
        assert!(parse_tsv("").is_empty());
        assert!(parse_tsv("\n\n").is_empty());
    }

    #[test]
    fn quotes_what_must_be_quoted() {
        assert_eq!(tsv_cell("a\tb"), "\"a\tb\"");
        assert_eq!(tsv_cell("\"x\" y"), "\"\"\"x\"\" y\"");
        assert_eq!(tsv_cell("plain"), "plain");
        let back = parse_tsv(&format!("{}\t{}\n", tsv_cell("two\nlines"), tsv_cell("\"q\"")));
        assert_eq!(back, vec![vec!["two\nlines", "\"q\""]]);
    }
}
