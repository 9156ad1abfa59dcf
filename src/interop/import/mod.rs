//! The one import engine behind CSV import, clipboard paste and
//! `opplan import`: map the source's columns to fields, preview every row
//! (what it will do, which cells fail and why), and apply only the rows
//! without errors, as one edit the user confirmed.
//!
//! It never guesses:
//! - **Headings** are matched by name ([`headings`]). A CSV file must have
//!   a heading row; a heading row where nothing is recognised is an error
//!   that lists the headings opplan knows (the window also lets the user
//!   choose a field for each column by hand). A pasted block without a
//!   heading row is read in the layout of the source templates
//!   ([`crate::model::field::positional_fields`]) only when its first row
//!   cannot be a heading row (it holds a figure or a date); the preview
//!   says which layout was assumed ([`ImportSpec::layout_note`]).
//! - **Rows** are taken whole or not at all: a row with fewer cells than
//!   the headings (a missing cell is never read as blank), a value beyond
//!   the last heading, a quote that never closes (the row where it opened),
//!   or an ID already used by an earlier row is an error on that row.
//!
//! Money columns carry a unit: the one their heading names ("(£000)",
//! "(£)", "£m"), else the import's default (pounds for CSV, the plan's
//! display unit for pasted text). A `£` in a cell always means pounds.
//!
//! Layout: [`headings`] (what a heading names), [`spec`] (the mapping the
//! user can adjust), [`preview`] (what each row will do), [`apply`]
//! (changing the plan).

pub mod apply;
pub mod finance;
pub mod headings;
pub mod preview;
pub mod spec;

pub use apply::{apply_ops, import_edit};
pub use finance::{FinancePreview, FinanceSpec, FinanceTable, finance_csv_spec};
pub use headings::{FirstRow, HeaderMatch, find_year, first_row, is_figure, known_headings, match_header, stated_unit};
pub use preview::{CellError, ColumnNames, Outcome, Preview, RowOp, RowPreview, rows_text};
pub use spec::{ColumnMap, ImportSpec, Target};

/// The rows of a source as read, before any heading is matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Table {
    /// Every row, the heading row included, each with as many cells as the
    /// source gave it (never padded: a missing cell stays missing).
    pub rows: Vec<Vec<String>>,
    /// Rows the reader could not split into cells (a quote that never
    /// closes), in row order: each is an error on its row, and nothing of
    /// it is read.
    pub broken: Vec<BrokenRow>,
}

/// A row the reader could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenRow {
    /// Its index in [`Table::rows`] (0 is the first row).
    pub row: usize,
    /// The column where the problem starts (0 is the first).
    pub column: usize,
    pub message: String,
}

impl From<Vec<Vec<String>>> for Table {
    fn from(rows: Vec<Vec<String>>) -> Self {
        Table {
            rows,
            broken: Vec::new(),
        }
    }
}

/// Spreadsheet column letters: 0 → "A", 26 → "AA".
pub fn column_letter(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// The number of cells a row really has: up to its last cell that is not
/// blank.
pub(crate) fn filled_len(row: &[String]) -> usize {
    row.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(filled_len(&["a".into(), "".into(), " ".into()]), 1);
    }
}
