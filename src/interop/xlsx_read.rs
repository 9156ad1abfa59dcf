//! Reading Excel workbooks (.xlsx) back: the workbook opplan's export
//! writes after a person edited it in Excel or LibreOffice, or a sheet laid
//! out like the BCF Part 2 expenditure tab, with its heading row somewhere
//! below a title.
//!
//! A sheet becomes a [`Table`] of cell texts, the same rows a CSV file
//! gives, and goes through the one import engine ([`super::import`]):
//! headings matched by name, every row previewed, nothing applied with
//! errors unless the user skips them. What a sheet adds, and how it is
//! read without guessing:
//!
//! - **Which sheet holds what**: a sheet named after a table ("Schemes",
//!   "Sign-offs", "Objectives", "Sections", as the export names them)
//!   holds that table; any other
//!   sheet holds the table whose headings its best heading row matches (the
//!   record's name among them). Two sheets for one table stop the import:
//!   the user names the one to read (`--sheet`).
//! - **The heading row** is found by its headings, wherever it is in the
//!   first [`HEADING_SEARCH_ROWS`] rows. A heading merged across columns
//!   with a row of sub-headings under it ("2014/15 spend" over "Recurrent",
//!   "Non-recurrent") makes one heading per column ("2014/15 spend
//!   Recurrent"). Rows are numbered as the sheet numbers them.
//! - **Cells**: the value the cell holds, or the value a formula last
//!   computed (a formula with no saved result is an error on its row, as is
//!   an error value such as `#REF!`); dates as ISO dates; numbers with
//!   Excel's 15 significant digits, so binary noise (`0.30000000000000004`)
//!   is not read as a fraction of a penny. A blank cell is blank: in a sheet
//!   a cleared cell and an empty one are the same.
//! - **Money units**: a heading's unit ("(£000)") wins; otherwise a unit
//!   stated above the heading row ("All figures in £000") applies. A cell
//!   whose number format shows thousands (`#,##0,`, as the export writes:
//!   pounds in the cell, £000 on screen) is read as shown in a column whose
//!   unit is £000, and is an error anywhere else; a format that shows a £
//!   sign means pounds, and is an error under a £000 heading. A figure in a
//!   column whose unit nothing states stops the import with a sentence
//!   saying so: opplan never guesses between pounds and thousands.
//! - **Merged cells**: text merged down a column applies to each row it
//!   covers; a number merged over several rows, or a value merged across
//!   columns, cannot be given to one record or one field, so those rows are
//!   errors.
//! - **The export's own layout**: a range written as "… min" and "… max"
//!   columns is read back as one range; the total and difference rows
//!   below the Schemes table are left out; computed columns are left out
//!   by their headings, as in a CSV file.
//!
//! A workbook is a zip: it is read only when it is a regular file of at
//! most [`MAX_XLSX_BYTES`] that unpacks to at most [`MAX_UNZIPPED_BYTES`]
//! (counted while unpacking, not trusted from the zip's own sizes), and a
//! sheet holds at most [`MAX_CELLS`] cells.

use super::import::finance::{FinanceSpec, FinanceTable, match_finance_header};
use super::import::{BrokenRow, HeaderMatch, ImportSpec, Table, Target, column_letter, is_figure, match_header};
use super::xlsx::{FINANCE_FOOTER_ENDINGS, FOOTER_LABELS, RANGE_MAX, RANGE_MIN};
use crate::model::field::{Field, RecordKind};
use crate::model::money::{MoneyUnit, parse_amount};
use crate::model::{Milestone, MilestoneStatus, Plan, RecordId};
use calamine::{DataRef, Dimensions, Reader, SheetType, Xlsx};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read};
use std::path::Path;

/// Workbooks larger than this are refused before they are read.
pub const MAX_XLSX_BYTES: u64 = 20 * 1024 * 1024;
/// What all the parts of a workbook may unpack to, together.
pub const MAX_UNZIPPED_BYTES: u64 = 100 * 1024 * 1024;
/// Parts a workbook may have.
pub const MAX_PARTS: usize = 10_000;
/// Cells one sheet may hold.
pub const MAX_CELLS: usize = 2_000_000;
/// Merged areas one sheet may have.
pub const MAX_MERGES: usize = 10_000;
/// The heading row is looked for in this many rows from the top.
pub const HEADING_SEARCH_ROWS: u32 = 60;
/// Excel's own limits: a cell beyond them is not from a spreadsheet.
const MAX_ROW: u32 = 1_048_576;
const MAX_COL: u32 = 16_384;

/// One sheet read as a table for the import engine.
#[derive(Clone, Debug)]
pub struct SheetTable {
    pub sheet: String,
    pub kind: RecordKind,
    /// The heading row first, then every row below it, blank rows
    /// included (padded to the headings: a blank cell is blank).
    pub table: Table,
    /// The sheet's row number of `table.rows[0]`.
    pub first_line: usize,
    /// The unit stated above the heading row, else pounds (used only where
    /// the unit does not matter: a figure whose unit nothing states stops
    /// the reading before this).
    pub default_unit: MoneyUnit,
    /// "plan.xlsx, sheet “Schemes”".
    pub source_name: String,
}

impl SheetTable {
    /// The import of this sheet into `plan`: rows as new records, rows with
    /// a record's ID updating it.
    pub fn spec(&self, plan: &Plan) -> ImportSpec {
        let mut spec = ImportSpec::new(
            plan,
            self.kind,
            self.table.clone(),
            self.default_unit,
            Target::NewRows,
            &self.source_name,
        );
        spec.first_line = self.first_line;
        spec
    }
}

/// The sheets of a workbook that hold tables, in the order they are
/// imported (schemes first, so links to new schemes resolve), and why the
/// other sheets are not read.
#[derive(Clone, Debug, Default)]
pub struct WorkbookTables {
    pub tables: Vec<SheetTable>,
    /// The sheets of the operating plan's tables, named as the export
    /// names them ("Allocation lines", "QIPP"), in the order of
    /// [`FinanceTable::ALL`].
    pub finance: Vec<FinanceSheet>,
    pub notes: Vec<String>,
    /// The Milestones sheet, when the workbook has one: applied after the
    /// tables (its rows name their schemes by ID).
    pub milestones: Option<MilestonesSheet>,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Reads a workbook's bytes from a file the user named: a regular file of
/// at most [`MAX_XLSX_BYTES`], never reading more than that.
fn read_book_file(path: &Path) -> Result<Vec<u8>, String> {
    crate::io::read_user_file(path, MAX_XLSX_BYTES)
        .map(|f| f.bytes)
        .map_err(|e| e.describe(path, "an Excel workbook", MAX_XLSX_BYTES))
}

/// Reads the tables of the workbook at `path` (only the sheets named in
/// `only`, when it names any).
pub fn read_workbook(plan: &Plan, path: &Path, only: &[String]) -> Result<WorkbookTables, String> {
    let bytes = read_book_file(path)?;
    read_workbook_bytes(plan, bytes, &file_name(path), only)
}

/// The import of the sheet of `path` that holds `kind` (the window's
/// Data › Import from Excel).
pub fn import_spec(plan: &Plan, kind: RecordKind, path: &Path) -> Result<ImportSpec, String> {
    let book = read_workbook(plan, path, &[])?;
    let name = file_name(path);
    match book.tables.iter().find(|t| t.kind == kind) {
        Some(t) => Ok(t.spec(plan)),
        None => {
            let mut msg = format!("{name} has no sheet of {}.", kind.word().to_lowercase());
            let found: Vec<String> = book
                .tables
                .iter()
                .map(|t| format!("\u{201c}{}\u{201d} holds {}", t.sheet, t.kind.word().to_lowercase()))
                .collect();
            if !found.is_empty() {
                msg.push_str(&format!(" Sheet {}.", found.join("; ")));
            }
            for n in &book.notes {
                msg.push_str(&format!(" {n}"));
            }
            Err(msg)
        }
    }
}

/// Checks the zip before anything reads it: at most [`MAX_PARTS`] parts,
/// unpacking to at most [`MAX_UNZIPPED_BYTES`] together, counted while
/// unpacking (the sizes a zip states about itself can lie).
fn check_zip(bytes: &[u8], name: &str) -> Result<(), String> {
    let not_xlsx = |e: &dyn std::fmt::Display| {
        format!(
            "{name} is not an Excel workbook (.xlsx) opplan can read: {e}. Save it from the spreadsheet as an Excel 2007-365 workbook (.xlsx)."
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_xlsx(&e))?;
    if zip.len() > MAX_PARTS {
        return Err(format!(
            "{name} has {} parts inside; a workbook opplan reads has at most {MAX_PARTS}.",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip.by_index(i).map_err(|e| not_xlsx(&e))?;
        let left = MAX_UNZIPPED_BYTES - total;
        let n = std::io::copy(&mut part.take(left + 1), &mut std::io::sink()).map_err(|e| not_xlsx(&e))?;
        total += n;
        if total > MAX_UNZIPPED_BYTES {
            return Err(format!(
                "{name} unpacks to more than {} MB, so it is not read (a workbook of plan tables is far smaller).",
                MAX_UNZIPPED_BYTES / 1_048_576
            ));
        }
    }
    Ok(())
}

/// Reads the tables of a workbook from its bytes; `name` names it in
/// messages.
pub fn read_workbook_bytes(plan: &Plan, bytes: Vec<u8>, name: &str, only: &[String]) -> Result<WorkbookTables, String> {
    check_zip(&bytes, name)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        format!("{name} is not an Excel workbook (.xlsx) opplan can read: {e}. Save it from the spreadsheet as an Excel 2007-365 workbook (.xlsx).")
    })?;
    let sheets: Vec<(String, SheetType)> = book.sheets_metadata().iter().map(|s| (s.name.clone(), s.typ)).collect();
    for wanted in only {
        if !sheets.iter().any(|(n, _)| n == wanted) {
            let names: Vec<String> = sheets.iter().map(|(n, _)| format!("\u{201c}{n}\u{201d}")).collect();
            return Err(format!(
                "{name} has no sheet \u{201c}{wanted}\u{201d}; its sheets are {}.",
                names.join(", ")
            ));
        }
    }
    let mut out = WorkbookTables::default();
    for (sheet, typ) in sheets {
        if !only.is_empty() && !only.contains(&sheet) {
            continue;
        }
        if typ != SheetType::WorkSheet {
            out.notes
                .push(format!("Sheet \u{201c}{sheet}\u{201d} is not a worksheet: not read."));
            continue;
        }
        let grid = read_grid(&mut book, &sheet, name)?;
        if let Some(table) = finance_named(&sheet) {
            if out.finance.iter().any(|f| f.table == table) {
                return Err(format!(
                    "{name}: two sheets hold {}, and opplan does not choose between them: name the one to read \
                     (opplan import --sheet NAME).",
                    table.word().to_lowercase()
                ));
            }
            match finance_sheet(&grid, &sheet, name, table) {
                Some(t) => out.finance.push(t),
                None => out
                    .notes
                    .push(format!("Sheet \u{201c}{sheet}\u{201d} not imported: it is empty.")),
            }
            continue;
        }
        if is_milestones_sheet(&sheet) {
            if out.milestones.is_some() {
                return Err(format!(
                    "{name} has two sheets of milestones, and opplan does not choose between them: keep one."
                ));
            }
            out.milestones = Some(read_milestones(plan, &grid, &sheet, name));
            continue;
        }
        match sheet_table(plan, &grid, &sheet, name)? {
            Found::Table(t) => out.tables.push(*t),
            Found::Nothing(why) => out
                .notes
                .push(format!("Sheet \u{201c}{sheet}\u{201d} not imported: {why}.")),
        }
    }
    for kind in every_kind() {
        let same: Vec<&SheetTable> = out.tables.iter().filter(|t| t.kind == kind).collect();
        if same.len() > 1 {
            let names: Vec<String> = same.iter().map(|t| format!("\u{201c}{}\u{201d}", t.sheet)).collect();
            return Err(format!(
                "{name}: sheets {} all hold {}, and opplan does not choose between them: name the one to read \
                 (opplan import --sheet NAME), or keep one in the workbook.",
                names.join(" and "),
                kind.word().to_lowercase()
            ));
        }
    }
    out.tables.sort_by_key(|t| every_kind().position(|k| k == t.kind));
    out.finance
        .sort_by_key(|t| FinanceTable::ALL.iter().position(|k| *k == t.table));
    Ok(out)
}

/// A sheet holding one of the operating plan's tables, read as its CSV
/// file is: the first row with a value is the heading row; the check rows
/// the export writes below it (per year, a total by formula, opplan's
/// total and their difference) are left out.
#[derive(Clone, Debug)]
pub struct FinanceSheet {
    pub sheet: String,
    pub table: FinanceTable,
    /// The heading row, then every row below it.
    pub rows: Table,
    /// The sheet's row number of the heading row.
    pub first_line: usize,
    /// "plan.xlsx, sheet “QIPP”".
    pub source_name: String,
}

impl FinanceSheet {
    /// The import of this sheet (amounts in pounds unless a heading says
    /// otherwise; a number whose unit nothing states is an error on its
    /// row).
    pub fn spec(&self) -> FinanceSpec {
        let mut spec = FinanceSpec::new(self.table, self.rows.clone(), MoneyUnit::Pounds, &self.source_name);
        spec.first_line = self.first_line;
        spec
    }
}

/// The finance table a sheet is named after ("Allocation lines", "qipp").
fn finance_named(sheet: &str) -> Option<FinanceTable> {
    let n = sheet.trim().to_lowercase();
    FinanceTable::ALL
        .into_iter()
        .find(|t| t.word().to_lowercase() == n || t.key() == n)
}

/// Reads a finance table's sheet; `None` when it has no cell.
fn finance_sheet(grid: &Grid, sheet: &str, book: &str, table: FinanceTable) -> Option<FinanceSheet> {
    let head = *grid.rows.keys().next()?;
    let last = grid.last_row()?;
    let width = grid
        .rows
        .values()
        .filter_map(|r| r.keys().next_back())
        .max()
        .map_or(0, |c| c + 1);
    let columns: Vec<ColumnInfo> = (0..width)
        .map(|c| {
            let heading = cell_words(grid, head, c).unwrap_or_default();
            let matched = match_finance_header(table, &heading);
            ColumnInfo {
                mapped: matched.is_some(),
                money: matched.is_some_and(|(k, _)| k.is_money()),
                unit: matched.and_then(|(_, u)| u),
                heading,
            }
        })
        .collect();
    let mut rows = Table::default();
    for r in head..=last {
        let footer = grid.text(r, 0).is_some_and(|t| {
            FINANCE_FOOTER_ENDINGS
                .iter()
                .any(|e| t.trim().ends_with(e.trim_start()))
        });
        let mut row = Vec::with_capacity(width as usize);
        for (c, col) in columns.iter().enumerate() {
            let text = match grid.get(r, c as u32) {
                None => String::new(),
                Some(_) if footer => String::new(),
                Some(cell) if r == head => cell_words(grid, r, c as u32).unwrap_or_else(|| match &cell.raw {
                    Raw::Number(v) => number_text(*v, 0).unwrap_or_default(),
                    _ => String::new(),
                }),
                Some(cell) => {
                    let mut unknown = false;
                    let read = cell_text(cell, col, &mut unknown);
                    let problem = match read {
                        Err(e) => Some(e),
                        Ok(_) if unknown && col.mapped => Some(format!(
                            "nothing says what the amounts of \u{201c}{}\u{201d} are in: put the unit in its heading \
                             (\u{201c}{} (£)\u{201d} or \u{201c}{} (£000)\u{201d})",
                            col.heading, col.heading, col.heading
                        )),
                        Ok(_) => None,
                    };
                    match (problem, read_ok(cell, col)) {
                        (Some(message), _) if col.mapped => {
                            if !rows.broken.iter().any(|b| b.row == rows.rows.len()) {
                                rows.broken.push(BrokenRow {
                                    row: rows.rows.len(),
                                    column: c,
                                    message,
                                });
                            }
                            String::new()
                        }
                        (_, t) => t,
                    }
                }
            };
            row.push(text);
        }
        rows.rows.push(row);
    }
    Some(FinanceSheet {
        sheet: sheet.to_string(),
        table,
        rows,
        first_line: head as usize + 1,
        source_name: format!("{book}, sheet \u{201c}{sheet}\u{201d}"),
    })
}

/// A cell's text when it can be read (else blank: its row is an error).
fn read_ok(cell: &CellIn, col: &ColumnInfo) -> String {
    cell_text(cell, col, &mut false).unwrap_or_default()
}

/// A cell as the workbook holds it.
#[derive(Clone, Debug, PartialEq)]
enum Raw {
    Text(String),
    Number(f64),
    Bool(bool),
    /// An ISO date ("2015-03-31") or date and time.
    Date(String),
    /// An error value the cell holds ("#REF!").
    Error(String),
    /// A formula whose result was never saved.
    NoResult,
}

#[derive(Clone, Debug, PartialEq)]
struct CellIn {
    raw: Raw,
    /// The number format's code ("#,##0,"), when the cell has one.
    format: Option<String>,
}

/// The cells of a sheet, row by row (sparse), and its merged areas.
struct Grid {
    rows: BTreeMap<u32, BTreeMap<u32, CellIn>>,
    merges: Vec<Dimensions>,
}

impl Grid {
    fn get(&self, row: u32, col: u32) -> Option<&CellIn> {
        self.rows.get(&row).and_then(|r| r.get(&col))
    }
    fn text(&self, row: u32, col: u32) -> Option<&str> {
        match self.get(row, col).map(|c| &c.raw) {
            Some(Raw::Text(t)) if !t.trim().is_empty() => Some(t),
            _ => None,
        }
    }
    fn last_row(&self) -> Option<u32> {
        self.rows.keys().next_back().copied()
    }
}

fn date_text(d: &calamine::ExcelDateTime) -> Raw {
    let (y, m, day, h, min, s, _) = d.to_ymd_hms_milli();
    match chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32) {
        Some(date) if h == 0 && min == 0 && s == 0 => Raw::Date(date.format("%Y-%m-%d").to_string()),
        Some(date) => Raw::Date(format!("{} {h:02}:{min:02}:{s:02}", date.format("%Y-%m-%d"))),
        None => Raw::Number(d.as_f64()),
    }
}

fn raw_of(v: DataRef<'_>) -> Option<Raw> {
    Some(match v {
        DataRef::Empty => return None,
        DataRef::String(s) => Raw::Text(s),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Float(f) => Raw::Number(f),
        DataRef::Int(i) => Raw::Number(i as f64),
        DataRef::Bool(b) => Raw::Bool(b),
        DataRef::DateTime(d) if d.is_datetime() => date_text(&d),
        DataRef::DateTime(d) => Raw::Number(d.as_f64()),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Raw::Date(s),
        DataRef::Error(e) => Raw::Error(e.to_string()),
    })
}

/// Reads every cell of a sheet (its values, the results formulas saved,
/// number formats and merged areas), within [`MAX_CELLS`].
fn read_grid(book: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, name: &str) -> Result<Grid, String> {
    let bad = |e: &dyn std::fmt::Display| format!("{name}, sheet \u{201c}{sheet}\u{201d}: could not be read: {e}.");
    let mut rows: BTreeMap<u32, BTreeMap<u32, CellIn>> = BTreeMap::new();
    let mut count = 0usize;
    let too_many = || {
        format!(
            "{name}, sheet \u{201c}{sheet}\u{201d} has more than {} cells; opplan reads sheets of plan tables, far smaller.",
            group(MAX_CELLS)
        )
    };
    {
        let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| bad(&e))?;
        let mut formats: HashMap<usize, Option<String>> = HashMap::new();
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(|e| bad(&e))? {
            let (r, c) = cell.get_position();
            if r >= MAX_ROW || c >= MAX_COL {
                return Err(bad(&format!(
                    "a cell lies beyond row {MAX_ROW} or column {}",
                    column_letter(MAX_COL as usize - 1)
                )));
            }
            let Some(raw) = raw_of(cell.get_value().clone()) else {
                continue;
            };
            count += 1;
            if count > MAX_CELLS {
                return Err(too_many());
            }
            let format = formats
                .entry(style)
                .or_insert_with(|| {
                    reader
                        .styles()
                        .get(style)
                        .and_then(|s| s.number_format.as_ref())
                        .map(|f| f.format_code.clone())
                        .filter(|c| !c.eq_ignore_ascii_case("general"))
                })
                .clone();
            rows.entry(r).or_default().insert(c, CellIn { raw, format });
        }
    }
    // formulas whose result was never saved: the value pass saw nothing
    {
        let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| bad(&e))?;
        let mut seen = 0usize;
        while let Some(rec) = reader.next_cell_with_formula_metadata().map_err(|e| bad(&e))? {
            seen += 1;
            if seen > MAX_CELLS.saturating_mul(2) {
                return Err(too_many());
            }
            if rec.formula.is_some() && rec.value == DataRef::Empty {
                let (r, c) = rec.pos;
                if r < MAX_ROW && c < MAX_COL {
                    rows.entry(r).or_default().insert(
                        c,
                        CellIn {
                            raw: Raw::NoResult,
                            format: None,
                        },
                    );
                }
            }
        }
    }
    let merges = book.merge_cells_by_sheet_name(sheet).map_err(|e| bad(&e))?;
    if merges
        .iter()
        .any(|m| m.end.0 >= MAX_ROW || m.end.1 >= MAX_COL || m.start.0 > m.end.0 || m.start.1 > m.end.1)
    {
        return Err(bad(
            &"a merged area lies beyond the sheet's last row or column, or ends before it starts",
        ));
    }
    if merges.len() > MAX_MERGES {
        return Err(format!(
            "{name}, sheet \u{201c}{sheet}\u{201d} has {} merged areas; opplan reads sheets with at most {}.",
            group(merges.len()),
            group(MAX_MERGES)
        ));
    }
    Ok(Grid { rows, merges })
}

fn group(n: usize) -> String {
    crate::model::money::group_thousands(n as u128)
}

/// What a sheet holds.
enum Found {
    Table(Box<SheetTable>),
    Nothing(String),
}

/// The four tables, then the operating plan's objectives and sections (a
/// sheet of those is read by its name only: "Objectives", "Sections").
fn every_kind() -> impl Iterator<Item = RecordKind> {
    RecordKind::ALL.into_iter().chain(RecordKind::OPERATING)
}

/// The table a sheet is named after ("Schemes", "Sign-offs", "signoffs",
/// "Objectives", "Sections").
fn kind_named(sheet: &str) -> Option<RecordKind> {
    let n: String = sheet
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    every_kind().find(|k| {
        let w: String = k
            .word()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        n == w || n == k.key()
    })
}

/// The field that names a record of a kind.
fn name_field(kind: RecordKind) -> Field {
    match kind {
        RecordKind::Schemes => Field::SchemeName,
        RecordKind::Metrics => Field::MetricName,
        RecordKind::Risks => Field::RiskTitle,
        RecordKind::SignOffs => Field::Organisation,
        RecordKind::Objectives => Field::ObjectiveTitle,
        RecordKind::Sections => Field::SectionTitle,
    }
}

/// A candidate heading row: the headings per column (a merged heading over
/// each column it covers, joined with the sub-heading below it), and the
/// sheet row the data starts on.
#[derive(Clone, Debug)]
struct Heading {
    row: u32,
    headings: Vec<String>,
    data_start: u32,
}

fn cell_words(grid: &Grid, row: u32, col: u32) -> Option<String> {
    grid.text(row, col)
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The headings of `row`: each cell's text; a cell inside a heading merged
/// across columns takes that heading. When the row has such a heading and
/// every text of the next row sits under one, the next row holds
/// sub-headings, joined to the heading above them.
fn heading_at(grid: &Grid, row: u32) -> Heading {
    let width = grid
        .rows
        .get(&row)
        .and_then(|r| r.keys().next_back().copied())
        .map_or(0, |c| c + 1);
    let across: Vec<&Dimensions> = grid
        .merges
        .iter()
        .filter(|m| m.start.0 == row && m.end.1 > m.start.1)
        .collect();
    let width = across.iter().map(|m| m.end.1 + 1).fold(width, u32::max);
    let mut headings: Vec<String> = (0..width)
        .map(|c| match across.iter().find(|m| (m.start.1..=m.end.1).contains(&c)) {
            Some(m) => cell_words(grid, row, m.start.1).unwrap_or_default(),
            None => cell_words(grid, row, c).unwrap_or_default(),
        })
        .collect();
    let under = |c: u32| across.iter().any(|m| (m.start.1..=m.end.1).contains(&c));
    let next: Vec<(u32, &CellIn)> = grid
        .rows
        .get(&(row + 1))
        .map(|r| r.iter().map(|(c, v)| (*c, v)).collect())
        .unwrap_or_default();
    let subs = !across.is_empty()
        && next.iter().any(|(c, _)| under(*c))
        && next
            .iter()
            .all(|(c, v)| under(*c) && matches!(&v.raw, Raw::Text(t) if t.trim().is_empty() || !is_figure(t)));
    if subs {
        for (c, _) in &next {
            if let Some(sub) = cell_words(grid, row + 1, *c) {
                let h = &mut headings[*c as usize];
                *h = if h.is_empty() { sub } else { format!("{h} {sub}") };
            }
        }
    }
    Heading {
        row,
        headings,
        data_start: row + 1 + u32::from(subs),
    }
}

/// How well a heading row fits a kind: the fields its headings name
/// (0 when the record's name is not among them).
fn score(plan: &Plan, kind: RecordKind, h: &Heading) -> usize {
    let mut fields: HashSet<Field> = HashSet::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for t in &h.headings {
        // a heading merged across many columns is matched once
        if t.is_empty() || !seen.insert(t) {
            continue;
        }
        if let HeaderMatch::Field { field, .. } = match_header(plan, kind, t) {
            fields.insert(field);
        }
    }
    if fields.contains(&name_field(kind)) {
        fields.len()
    } else {
        0
    }
}

/// The best heading row for `kind` among the candidates (the first of
/// equals).
fn best_heading(plan: &Plan, candidates: &[Heading], kind: RecordKind) -> Option<(usize, Heading)> {
    let mut best: Option<(usize, &Heading)> = None;
    for h in candidates {
        let s = score(plan, kind, h);
        if s > 0 && best.is_none_or(|(b, _)| s > b) {
            best = Some((s, h));
        }
    }
    best.map(|(s, h)| (s, h.clone()))
}

/// Finds the table a sheet holds and reads it.
fn sheet_table(plan: &Plan, grid: &Grid, sheet: &str, book: &str) -> Result<Found, String> {
    if grid.rows.is_empty() {
        return Ok(Found::Nothing("it is empty".into()));
    }
    let candidates: Vec<Heading> = grid
        .rows
        .keys()
        .take_while(|r| **r < HEADING_SEARCH_ROWS)
        .map(|&r| heading_at(grid, r))
        .collect();
    let (kind, heading) = match kind_named(sheet) {
        Some(kind) => match best_heading(plan, &candidates, kind) {
            Some((_, h)) => (kind, h),
            None => {
                return Ok(Found::Nothing(format!(
                    "no row in its first {HEADING_SEARCH_ROWS} holds the headings of {} (the record's name among them)",
                    kind.word().to_lowercase()
                )));
            }
        },
        None => {
            let mut found: Vec<(usize, RecordKind, Heading)> = RecordKind::ALL
                .into_iter()
                .filter_map(|k| best_heading(plan, &candidates, k).map(|(s, h)| (s, k, h)))
                .filter(|(s, _, _)| *s >= 2)
                .collect();
            found.sort_by_key(|f| std::cmp::Reverse(f.0));
            match found.as_slice() {
                [] => {
                    return Ok(Found::Nothing(format!(
                        "no row in its first {HEADING_SEARCH_ROWS} holds headings opplan reads (a record's name and \
                         another field)"
                    )));
                }
                [(a, k1, _), (b, k2, _), ..] if a == b => {
                    return Ok(Found::Nothing(format!(
                        "its headings fit {} and {} alike; name the sheet after its table (\u{201c}{}\u{201d})",
                        k1.word().to_lowercase(),
                        k2.word().to_lowercase(),
                        k1.word()
                    )));
                }
                [(_, k, h), ..] => (*k, h.clone()),
            }
        }
    };
    read_table(plan, grid, sheet, book, kind, &heading).map(|t| Found::Table(Box::new(t)))
}

/// The first problem of each row that has one: row index in the table →
/// (column, message).
type Problems = BTreeMap<usize, (usize, String)>;

/// What a number format shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Shows {
    /// Thousands separators after the last digit: the number is shown
    /// divided by 1,000 for each.
    thousands: u32,
    /// Percent signs: shown multiplied by 100 for each.
    percent: u32,
    /// A £ sign.
    pounds: bool,
}

/// Reads a number format's section for a value: the first for positive
/// numbers, the second (when there is one) for negative, the third for
/// zero. Quoted text, escaped characters, colours and conditions are
/// skipped; a currency in brackets (`[$£-809]`) shows its sign.
fn shows(code: &str, value: f64) -> Shows {
    // split into sections at ';' outside quotes and brackets
    let mut sections: Vec<String> = vec![String::new()];
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let cur = sections.last_mut().expect("one section");
                cur.push(c);
                for d in chars.by_ref() {
                    cur.push(d);
                    if d == '"' {
                        break;
                    }
                }
            }
            '[' => {
                let cur = sections.last_mut().expect("one section");
                cur.push(c);
                for d in chars.by_ref() {
                    cur.push(d);
                    if d == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                let cur = sections.last_mut().expect("one section");
                cur.push(c);
                if let Some(d) = chars.next() {
                    cur.push(d);
                }
            }
            ';' => sections.push(String::new()),
            _ => sections.last_mut().expect("one section").push(c),
        }
    }
    let section = if value < 0.0 && sections.len() >= 2 {
        &sections[1]
    } else if value == 0.0 && sections.len() >= 3 {
        &sections[2]
    } else {
        &sections[0]
    };
    let mut out = Shows::default();
    // tokens: 'd' digit placeholder, ',' separator, '.' decimal point
    let mut tokens: Vec<char> = Vec::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for d in chars.by_ref() {
                    if d == '"' {
                        break;
                    }
                    out.pounds |= d == '£';
                }
                tokens.push(' ');
            }
            '[' => {
                let mut inner = String::new();
                for d in chars.by_ref() {
                    if d == ']' {
                        break;
                    }
                    inner.push(d);
                }
                out.pounds |= inner.starts_with('$') && inner.contains('£');
            }
            '\\' => {
                out.pounds |= chars.next() == Some('£');
                tokens.push(' ');
            }
            '_' | '*' => {
                chars.next();
            }
            '£' => {
                out.pounds = true;
                tokens.push(' ');
            }
            '0' | '#' | '?' => tokens.push('d'),
            ',' => tokens.push(','),
            '.' => tokens.push('.'),
            '%' => out.percent += 1,
            _ => tokens.push(' '),
        }
    }
    if let Some(last) = tokens.iter().rposition(|t| *t == 'd') {
        out.thousands = tokens[last + 1..].iter().take_while(|t| **t == ',').count() as u32;
        // "#,##0,.0": separators just before the decimal point scale too
        if let Some(point) = tokens.iter().position(|t| *t == '.')
            && point > 0
            && tokens[..point].contains(&'d')
        {
            out.thousands += tokens[..point].iter().rev().take_while(|t| **t == ',').count() as u32;
        }
    }
    out
}

/// A number as text with Excel's precision (15 significant digits), the
/// decimal point moved `shift` places (−3: divided by 1,000; +2: times
/// 100), without an exponent or trailing zeros: 3432000 → "3432000";
/// 0.30000000000000004 → "0.3"; shift −3 of 3432123.45 → "3432.12345".
pub fn number_text(v: f64, shift: i32) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    if v == 0.0 {
        return Some("0".into());
    }
    let s = format!("{:.14e}", v.abs());
    let (mantissa, exp) = s.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    // digits before the decimal point
    let point = exp + 1 + shift;
    let n = digits.len() as i32;
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    if point <= 0 {
        out.push_str("0.");
        out.push_str(&"0".repeat((-point) as usize));
        out.push_str(digits);
    } else if point >= n {
        out.push_str(digits);
        out.push_str(&"0".repeat((point - n) as usize));
    } else {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    }
    Some(out)
}

/// What a column of the sheet is, for reading its cells.
struct ColumnInfo {
    /// Its heading names a field opplan stores (cells in other columns are
    /// never checked: they are not imported).
    mapped: bool,
    money: bool,
    /// The unit its amounts are in: the heading's, else the one stated
    /// above the heading row.
    unit: Option<MoneyUnit>,
    heading: String,
}

fn unit_words(u: MoneyUnit) -> &'static str {
    match u {
        MoneyUnit::Pounds => "pounds",
        MoneyUnit::Thousands => "thousands of pounds",
        MoneyUnit::Millions => "millions of pounds",
    }
}

/// Why a cell cannot be read, or its text; `unknown_unit` is set when the
/// cell holds a figure whose unit nothing states.
fn cell_text(cell: &CellIn, col: &ColumnInfo, unknown_unit: &mut bool) -> Result<String, String> {
    let format_note = || {
        cell.format
            .as_ref()
            .map(|f| format!(" (number format \u{201c}{f}\u{201d})"))
            .unwrap_or_default()
    };
    match &cell.raw {
        Raw::Text(t) => {
            if col.money && col.unit.is_none() {
                // a figure that reads differently in pounds and in thousands
                let p = parse_amount(t, MoneyUnit::Pounds);
                let k = parse_amount(t, MoneyUnit::Thousands);
                if matches!((&p, &k), (Ok(Some(_)), Ok(Some(_)))) && p != k {
                    *unknown_unit = true;
                }
            }
            Ok(t.clone())
        }
        Raw::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.into()),
        Raw::Date(d) => Ok(d.clone()),
        Raw::Error(e) => Err(format!("the cell holds the error {e}, not a value")),
        Raw::NoResult => Err(
            "the cell's formula has no saved result: open the workbook in Excel or LibreOffice, let it calculate, \
             and save it again"
                .into(),
        ),
        Raw::Number(v) => {
            let s = cell.format.as_deref().map(|f| shows(f, *v)).unwrap_or_default();
            let text = |shift: i32| number_text(*v, shift).ok_or_else(|| "the number cannot be read".to_string());
            if !col.money {
                if s.thousands > 0 {
                    return Err(format!(
                        "the number is shown divided by {}{}, so what it stands for cannot be told",
                        group(1000usize.pow(s.thousands.min(3))),
                        format_note()
                    ));
                }
                if s.percent > 0 {
                    return Ok(format!("{}%", text(2 * s.percent as i32)?));
                }
                return text(0);
            }
            if s.percent > 0 {
                return Err(format!("the amount is shown as a percentage{}", format_note()));
            }
            if s.thousands > 0 {
                let shown = match s.thousands {
                    1 => MoneyUnit::Thousands,
                    2 => MoneyUnit::Millions,
                    _ => {
                        return Err(format!(
                            "the amount is shown divided by more than a million{}",
                            format_note()
                        ));
                    }
                };
                return match col.unit {
                    Some(u) if u == shown => text(-3 * s.thousands as i32),
                    Some(u) => Err(format!(
                        "the cell shows its amount in {}{} but the column's amounts are in {}, so which is meant \
                         cannot be told",
                        unit_words(shown),
                        format_note(),
                        unit_words(u)
                    )),
                    None => Err(format!(
                        "the cell shows its amount in {}{} but nothing says what the column's amounts are in: put \
                         the unit in the heading (\u{201c}{} ({})\u{201d})",
                        unit_words(shown),
                        format_note(),
                        col.heading,
                        shown.label()
                    )),
                };
            }
            if s.pounds {
                return match col.unit {
                    None | Some(MoneyUnit::Pounds) => Ok(format!("£{}", text(0)?)),
                    Some(u) => Err(format!(
                        "the cell shows a £ amount{} but the column's amounts are in {}, so which is meant cannot \
                         be told",
                        format_note(),
                        unit_words(u)
                    )),
                };
            }
            if col.unit.is_none() && *v != 0.0 {
                *unknown_unit = true;
            }
            text(0)
        }
    }
}

/// Reads the rows below a heading row into a table for `kind`.
fn read_table(
    plan: &Plan,
    grid: &Grid,
    sheet: &str,
    book: &str,
    kind: RecordKind,
    h: &Heading,
) -> Result<SheetTable, String> {
    // a unit stated above the heading row (one only)
    let mut stated: Vec<MoneyUnit> = Vec::new();
    for (_, row) in grid.rows.range(..h.row) {
        for cell in row.values() {
            if let Raw::Text(t) = &cell.raw
                && let Some(u) = super::import::stated_unit(t)
                && !stated.contains(&u)
            {
                stated.push(u);
            }
        }
    }
    let sheet_unit = match stated.as_slice() {
        [u] => Some(*u),
        _ => None,
    };
    let columns: Vec<ColumnInfo> = h
        .headings
        .iter()
        .map(|t| match match_header(plan, kind, t) {
            HeaderMatch::Field { field, unit, .. } => ColumnInfo {
                mapped: true,
                money: field.is_money(),
                unit: unit.or(sheet_unit),
                heading: t.clone(),
            },
            _ => ColumnInfo {
                mapped: false,
                money: false,
                unit: None,
                heading: t.clone(),
            },
        })
        .collect();
    let width = columns.len() as u32;
    let last = grid.last_row().unwrap_or(h.row).max(h.data_start.saturating_sub(1));
    // the table's size, blank cells included, within the cap for cells
    let used = grid
        .rows
        .range(h.data_start..)
        .filter_map(|(_, r)| r.keys().next_back().map(|c| c + 1))
        .max()
        .unwrap_or(0)
        .max(width);
    let height = (last + 1).saturating_sub(h.data_start);
    let source_name = format!("{book}, sheet \u{201c}{sheet}\u{201d}");
    let too_large = |what: &str| {
        format!(
            "{source_name}: {what} more than {} cells, so it is not read (a plan's tables are far smaller).",
            group(MAX_CELLS)
        )
    };
    if u64::from(height) * u64::from(used) > MAX_CELLS as u64 {
        return Err(too_large(&format!(
            "the table spans {} rows by {} columns,",
            group(height as usize),
            group(used as usize)
        )));
    }
    // merged areas in the data, by the row they start on; in a real
    // workbook they do not overlap, so together they cover no more than
    // the table
    let mut merges: Vec<&Dimensions> = grid
        .merges
        .iter()
        .filter(|m| m.start.0 >= h.data_start && m.start.0 <= last && m.start.1 < used)
        .collect();
    let covered: u64 = merges
        .iter()
        .map(|m| {
            let rows = m.end.0.min(last).saturating_sub(m.start.0) + 1;
            let cols = m.end.1.min(used - 1).saturating_sub(m.start.1) + 1;
            u64::from(rows) * u64::from(cols)
        })
        .sum();
    if covered > MAX_CELLS as u64 {
        return Err(too_large("its merged areas overlap and cover"));
    }
    merges.sort_by_key(|m| m.start.0);
    let mut next_merge = 0;
    let mut active: Vec<&Dimensions> = Vec::new();
    let mut rows: Vec<Vec<String>> = vec![h.headings.clone()];
    let mut problems: Problems = BTreeMap::new();
    let mut unknown: BTreeMap<u32, u32> = BTreeMap::new(); // column → first row
    for r in h.data_start..=last {
        active.retain(|m| m.end.0 >= r);
        while merges.get(next_merge).is_some_and(|m| m.start.0 <= r) {
            active.push(merges[next_merge]);
            next_merge += 1;
        }
        let merge_at: HashMap<u32, &Dimensions> = active
            .iter()
            .flat_map(|m| (m.start.1..=m.end.1.min(used - 1)).map(move |c| (c, *m)))
            .collect();
        let index = rows.len();
        let cells = grid.rows.get(&r);
        let row_width = cells
            .and_then(|c| c.keys().next_back().copied())
            .map_or(0, |c| c + 1)
            .max(width);
        let mut row: Vec<String> = vec![String::new(); row_width as usize];
        let mut problem = |col: u32, msg: String| {
            problems.entry(index).or_insert((col as usize, msg));
        };
        for c in 0..row_width {
            let info = columns.get(c as usize);
            let mapped = info.is_some_and(|i| i.mapped);
            // a merged area: its value sits in its first cell
            let merged = merge_at.get(&c).copied();
            let cell: Option<&CellIn> = match merged {
                None => cells.and_then(|x| x.get(&c)),
                Some(m) => {
                    let anchor = grid.get(m.start.0, m.start.1);
                    let is_mapped = |k: u32| columns.get(k as usize).is_some_and(|i| i.mapped);
                    let across = m.end.1 > m.start.1;
                    let down = m.end.0 > m.start.0;
                    // mapped columns the value would spill into
                    let others = (m.start.1..=m.end.1)
                        .filter(|&k| k != m.start.1 && is_mapped(k))
                        .count();
                    let text = matches!(anchor.map(|a| &a.raw), Some(Raw::Text(_)));
                    let spills = across && others > 0;
                    let repeats = down && !text && (is_mapped(m.start.1) || others > 0);
                    if anchor.is_some() && (spills || repeats) {
                        problem(
                            m.start.1,
                            format!(
                                "cells {}{}:{}{} are merged, so their value cannot be given to one {}",
                                column_letter(m.start.1 as usize),
                                m.start.0 + 1,
                                column_letter(m.end.1 as usize),
                                m.end.0 + 1,
                                if spills { "field" } else { "row" }
                            ),
                        );
                    }
                    if (m.start.0, m.start.1) == (r, c) || (!across && text) {
                        // text merged down a column applies to each row
                        anchor
                    } else {
                        None
                    }
                }
            };
            let Some(cell) = cell else { continue };
            let fallback = ColumnInfo {
                mapped: false,
                money: false,
                unit: None,
                heading: String::new(),
            };
            let info = info.unwrap_or(&fallback);
            let mut unknown_unit = false;
            match cell_text(cell, info, &mut unknown_unit) {
                Ok(t) => row[c as usize] = t,
                Err(msg) => {
                    if mapped {
                        problem(c, msg);
                    }
                    row[c as usize] = match &cell.raw {
                        Raw::Error(e) => e.clone(),
                        _ => String::new(),
                    };
                }
            }
            if unknown_unit && mapped {
                unknown.entry(c).or_insert(r + 1);
            }
        }
        // the export's total and difference rows are checks, not records
        if row
            .iter()
            .find(|t| !t.trim().is_empty())
            .is_some_and(|t| FOOTER_LABELS.contains(&t.trim()))
        {
            row.iter_mut().for_each(String::clear);
            problems.remove(&index);
        }
        rows.push(row);
    }
    if !unknown.is_empty() {
        let cols: Vec<String> = unknown
            .iter()
            .map(|(c, r)| {
                format!(
                    "column {} \u{201c}{}\u{201d} (first on row {r})",
                    column_letter(*c as usize),
                    columns[*c as usize].heading
                )
            })
            .collect();
        let conflict = if stated.len() > 1 {
            " (the rows above the headings name more than one unit)"
        } else {
            ""
        };
        return Err(format!(
            "{source_name}: the amounts in {} have no unit: neither the heading nor the rows above it say whether \
             they are pounds or thousands{conflict}, and opplan does not guess. Put the unit in the heading, for \
             example \u{201c}2015/16 (£000)\u{201d} or \u{201c}2015/16 (£)\u{201d}, and import it again.",
            cols.join(", ")
        ));
    }
    let (rows, problems) = join_ranges(plan, kind, rows, problems);
    let broken: Vec<BrokenRow> = problems
        .into_iter()
        .map(|(row, (column, message))| BrokenRow { row, column, message })
        .collect();
    let first_line = h.data_start as usize; // the sheet row (1-based) just above the data
    Ok(SheetTable {
        sheet: sheet.to_string(),
        kind,
        table: Table { rows, broken },
        first_line,
        default_unit: sheet_unit.unwrap_or(MoneyUnit::Pounds),
        source_name,
    })
}

/// Joins the two columns the export writes for a range ("2015/16 (£000)
/// min", "… max") into one, whose cells read "min - max" (one amount when
/// both sides agree). One side blank and the other not is an error on the
/// row.
fn join_ranges(
    plan: &Plan,
    kind: RecordKind,
    mut rows: Vec<Vec<String>>,
    mut problems: Problems,
) -> (Vec<Vec<String>>, Problems) {
    let headings = rows[0].clone();
    let strip = |h: &str, suffix: &str| -> Option<String> {
        let t = h.trim();
        (t.len() > suffix.len() && t.is_char_boundary(t.len() - suffix.len()))
            .then(|| &t[t.len() - suffix.len()..])
            .filter(|end| end.eq_ignore_ascii_case(suffix))
            .map(|_| t[..t.len() - suffix.len()].to_string())
    };
    let pairs: Vec<usize> = (0..headings.len().saturating_sub(1))
        .filter(|&i| match (strip(&headings[i], RANGE_MIN), strip(&headings[i + 1], RANGE_MAX)) {
            (Some(a), Some(b)) => {
                a == b && matches!(match_header(plan, kind, &a), HeaderMatch::Field { ref field, .. } if field.is_money())
            }
            _ => false,
        })
        .collect();
    if pairs.is_empty() {
        return (rows, problems);
    }
    // old column → new column
    let map = |c: usize| c - pairs.iter().filter(|&&p| p < c).count();
    for (index, row) in rows.iter_mut().enumerate() {
        for &p in pairs.iter().rev() {
            if p + 1 >= row.len() {
                continue;
            }
            let max = row.remove(p + 1);
            let min = std::mem::take(&mut row[p]);
            row[p] = if index == 0 {
                strip(&min, RANGE_MIN).unwrap_or(min)
            } else {
                match (min.trim().is_empty(), max.trim().is_empty()) {
                    (true, true) => String::new(),
                    (false, false) if min.trim() == max.trim() => min,
                    (false, false) => format!("{} - {}", min.trim(), max.trim()),
                    (false, true) | (true, false) => {
                        problems.entry(index).or_insert((
                            p,
                            "only one side of the range (min, max) is filled: fill both, or the same amount in both"
                                .into(),
                        ));
                        String::new()
                    }
                }
            };
        }
    }
    let problems = problems.into_iter().map(|(r, (c, m))| (r, (map(c), m))).collect();
    (rows, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_with_excels_precision() {
        assert_eq!(number_text(3_432_000.0, 0).unwrap(), "3432000");
        assert_eq!(number_text(0.1 + 0.2, 0).unwrap(), "0.3");
        assert_eq!(number_text(3_432_123.45, -3).unwrap(), "3432.12345");
        assert_eq!(number_text(-593.0, -3).unwrap(), "-0.593");
        assert_eq!(number_text(0.648, 2).unwrap(), "64.8");
        assert_eq!(number_text(1e-7, 0).unwrap(), "0.0000001");
        assert_eq!(number_text(123_456_789_012.34, 0).unwrap(), "123456789012.34");
        assert_eq!(number_text(0.0, -3).unwrap(), "0");
        assert!(number_text(f64::NAN, 0).is_none());
    }

    #[test]
    fn number_formats_say_what_they_show() {
        let s = |code: &str, v: f64| shows(code, v);
        assert_eq!(s("#,##0,;-#,##0,;0", 5.0).thousands, 1);
        assert_eq!(s("#,##0,;-#,##0,;0", -5.0).thousands, 1);
        assert_eq!(s("#,##0,;-#,##0,;0", 0.0).thousands, 0);
        assert_eq!(s("#,##0", 5.0), Shows::default());
        assert_eq!(s("0.0,,\"m\"", 5.0).thousands, 2);
        assert_eq!(s("#,##0,.0", 5.0).thousands, 1);
        assert_eq!(s("0.0%", 5.0).percent, 1);
        assert!(s("[$£-809]#,##0.00", 5.0).pounds);
        assert!(s("\"£\"#,##0", 5.0).pounds);
        assert!(!s("[Red]#,##0", 5.0).pounds);
        assert_eq!(s("\"a,b\"0", 5.0).thousands, 0);
    }

    #[test]
    fn sheets_named_after_tables() {
        assert_eq!(kind_named("Sign-offs"), Some(RecordKind::SignOffs));
        assert_eq!(kind_named("signoffs"), Some(RecordKind::SignOffs));
        assert_eq!(kind_named(" SCHEMES "), Some(RecordKind::Schemes));
        assert_eq!(kind_named("HWB Expenditure Plan"), None);
    }
}

// ---------------------------------------------------------------- milestones

/// The name of the sheet of milestones the export writes.
pub const MILESTONES_SHEET: &str = "Milestones";

fn is_milestones_sheet(sheet: &str) -> bool {
    let n: String = sheet.chars().filter(|c| c.is_alphanumeric()).collect();
    n.eq_ignore_ascii_case(MILESTONES_SHEET)
}

/// One row of the Milestones sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct MilestoneRow {
    /// The sheet's row number.
    pub line: usize,
    pub scheme: RecordId,
    pub milestone: Milestone,
}

/// The Milestones sheet read: its rows, scheme by scheme, and each row's
/// problem in a sentence (a row with a problem is not read).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MilestonesSheet {
    /// "plan.xlsx, sheet “Milestones”".
    pub source_name: String,
    pub rows: Vec<MilestoneRow>,
    pub errors: Vec<String>,
}

impl MilestonesSheet {
    /// The schemes the sheet gives milestones to, each with its milestones
    /// as the sheet lists them (in the plan's order of schemes).
    fn by_scheme(&self, plan: &Plan) -> Vec<(usize, Vec<Milestone>)> {
        plan.schemes
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                let ms: Vec<Milestone> = self
                    .rows
                    .iter()
                    .filter(|r| r.scheme == s.id)
                    .map(|r| r.milestone.clone())
                    .collect();
                (!ms.is_empty()).then_some((i, ms))
            })
            .collect()
    }

    /// Gives each scheme the sheet names the milestones the sheet lists
    /// for it (schemes it does not name keep theirs). A milestone keeps its
    /// ID when it is the scheme's already or no other record has it; else
    /// it gets a new one. Returns how many schemes changed.
    pub fn apply(&self, plan: &mut Plan) -> usize {
        let mut changed = 0;
        for (i, mut ms) in self.by_scheme(plan) {
            let own: HashSet<RecordId> = plan.schemes[i].milestones.iter().map(|m| m.id).collect();
            let taken: HashSet<RecordId> = plan.all_ids().filter(|id| !own.contains(id)).collect();
            let mut used = HashSet::new();
            for m in &mut ms {
                let keep = m.id.0 != 0 && !taken.contains(&m.id) && used.insert(m.id);
                if keep {
                    plan.next_id = plan.next_id.max(m.id.0.saturating_add(1));
                } else if let Ok(id) = plan.alloc_id() {
                    m.id = id;
                    used.insert(id);
                }
            }
            if plan.schemes[i].milestones != ms {
                plan.schemes[i].milestones = ms;
                changed += 1;
            }
        }
        changed
    }
}

/// A cell of the Milestones sheet as text (dates as the plan writes them).
fn plain_text(grid: &Grid, row: u32, col: u32) -> Result<String, String> {
    let Some(cell) = grid.get(row, col) else {
        return Ok(String::new());
    };
    match &cell.raw {
        Raw::Text(t) => Ok(super::unneutralise(t.trim()).to_string()),
        Raw::Number(v) => number_text(*v, 0).ok_or_else(|| "the number cannot be read".to_string()),
        Raw::Bool(b) => Ok(if *b { "TRUE" } else { "FALSE" }.into()),
        Raw::Date(d) => Ok(match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(day) => crate::model::date::format_date(day),
            Err(_) => d.clone(),
        }),
        Raw::Error(e) => Err(format!("the cell holds the error {e}, not a value")),
        Raw::NoResult => Err("the cell's formula has no saved result".into()),
    }
}

/// Reads the Milestones sheet: its heading row (the first with "Scheme ID"
/// and "Milestone"), then a milestone per row under the ID of its scheme.
fn read_milestones(plan: &Plan, grid: &Grid, sheet: &str, book: &str) -> MilestonesSheet {
    use crate::model::limits::{MAX_LINE_CHARS, MAX_TEXT_CHARS};
    let source_name = format!("{book}, sheet \u{201c}{sheet}\u{201d}");
    let mut out = MilestonesSheet {
        source_name: source_name.clone(),
        ..Default::default()
    };
    let key = |t: &str| t.trim().to_lowercase();
    let heading = grid
        .rows
        .iter()
        .take_while(|(r, _)| **r < HEADING_SEARCH_ROWS)
        .find(|(r, cells)| {
            let words: Vec<String> = cells.keys().filter_map(|c| grid.text(**r, *c)).map(key).collect();
            words.iter().any(|w| w == "scheme id") && words.iter().any(|w| w == "milestone")
        });
    let Some((&head, cells)) = heading else {
        out.errors.push(format!(
            "{source_name}: no row in its first {HEADING_SEARCH_ROWS} has the headings \u{201c}Scheme ID\u{201d} and \u{201c}Milestone\u{201d}."
        ));
        return out;
    };
    let col_of = |name: &str| {
        cells
            .keys()
            .copied()
            .find(|c| grid.text(head, *c).map(key).as_deref() == Some(name))
    };
    let [scheme_col, id_col, what_col, due_col, owner_col, status_col, done_col] = [
        "scheme id",
        "milestone id",
        "milestone",
        "due",
        "owner",
        "status",
        "completed",
    ]
    .map(col_of);
    let last = grid.last_row().unwrap_or(head);
    for row in head + 1..=last {
        let line = row as usize + 1;
        let text = |col: Option<u32>| col.map_or(Ok(String::new()), |c| plain_text(grid, row, c));
        let read = || -> Result<Option<MilestoneRow>, String> {
            let cells = [scheme_col, id_col, what_col, due_col, owner_col, status_col, done_col].map(text);
            let [scheme, id, what, due, owner, status, done] = cells;
            let (scheme, id, what, due, owner, status, done) = (scheme?, id?, what?, due?, owner?, status?, done?);
            if [&scheme, &id, &what, &due, &owner, &status, &done]
                .iter()
                .all(|t| t.trim().is_empty())
            {
                return Ok(None);
            }
            let scheme_id = crate::model::value::parse_id(&scheme).map_err(|e| format!("the scheme ID: {e}"))?;
            if plan.scheme(scheme_id).is_none() {
                return Err(format!("no scheme has the ID {scheme_id}"));
            }
            let id = match id.trim() {
                "" => RecordId(0),
                t => crate::model::value::parse_id(t).map_err(|e| format!("the milestone ID: {e}"))?,
            };
            for (field, t, max) in [
                ("milestone", &what, MAX_TEXT_CHARS),
                ("due", &due, MAX_LINE_CHARS),
                ("owner", &owner, MAX_LINE_CHARS),
            ] {
                let n = t.chars().count();
                if n > max {
                    return Err(format!("the {field} is {n} characters long; it holds at most {max}"));
                }
            }
            Ok(Some(MilestoneRow {
                line,
                scheme: scheme_id,
                milestone: Milestone {
                    id,
                    description: what.trim().to_string(),
                    due: due.trim().to_string(),
                    owner: owner.trim().to_string(),
                    status: MilestoneStatus::parse(&status).map_err(|e| format!("the status: {e}"))?,
                    completed: crate::model::DateField::from_input(&done),
                },
            }))
        };
        match read() {
            Ok(Some(r)) => out.rows.push(r),
            Ok(None) => {}
            Err(e) => out.errors.push(format!("{source_name}, row {line}: {e}.")),
        }
    }
    out
}

// ---------------------------------------------------------------- a whole workbook

/// How one sheet of a workbook was read: the preview of its rows against
/// the plan as the sheets before it leave it.
#[derive(Clone, Debug)]
pub enum SheetPreview {
    Records(ImportSpec, super::import::Preview),
    Finance(FinanceSpec, super::import::FinancePreview),
}

impl SheetPreview {
    /// "plan.xlsx, sheet “QIPP”".
    pub fn source_name(&self) -> &str {
        match self {
            SheetPreview::Records(spec, _) => &spec.source_name,
            SheetPreview::Finance(spec, _) => &spec.source_name,
        }
    }

    pub fn preview(&self) -> &super::import::Preview {
        match self {
            SheetPreview::Records(_, p) => p,
            SheetPreview::Finance(_, fp) => &fp.preview,
        }
    }

    /// "Add 3 schemes, update 1 scheme".
    pub fn action_text(&self) -> String {
        match self {
            SheetPreview::Records(spec, p) => p.action_text(spec.kind),
            SheetPreview::Finance(spec, fp) => fp.action_text(spec.table),
        }
    }

    /// What stops the import, each naming the sheet, the row and the
    /// column: the headings that cannot be read, the cells that cannot.
    pub fn problems(&self) -> Vec<String> {
        let lines = match self {
            SheetPreview::Records(spec, p) => p.error_lines(spec),
            SheetPreview::Finance(spec, fp) => fp.preview.error_lines(spec),
        };
        lines
            .into_iter()
            .map(|l| format!("{}: {l}", self.source_name()))
            .collect()
    }
}

impl super::import::ColumnNames for SheetPreview {
    fn column_name(&self, column: usize) -> String {
        match self {
            SheetPreview::Records(spec, _) => spec.column_name(column),
            SheetPreview::Finance(spec, _) => spec.column_name(column),
        }
    }
}

/// Every sheet of a workbook imported into a plan at once, as the window
/// applies it (one undoable step): the record tables first, then the
/// finance tables, then the milestones, each previewed against the plan as
/// the sheets before it leave it (so the QIPP and milestones of a scheme
/// the Schemes sheet adds find it).
#[derive(Clone, Debug)]
pub struct BookImport {
    pub sheets: Vec<SheetPreview>,
    pub milestones: Option<MilestonesSheet>,
    /// How many schemes' milestones change.
    pub milestones_changed: usize,
    /// The sheets not read, and why.
    pub notes: Vec<String>,
    /// The plan with every sheet applied.
    pub plan: Plan,
}

impl BookImport {
    /// Reads and previews the whole workbook against `plan`; `Err` when
    /// the workbook cannot be read or has no sheet opplan reads.
    pub fn new(plan: &Plan, book: WorkbookTables, name: &str) -> Result<BookImport, String> {
        if book.tables.is_empty() && book.finance.is_empty() && book.milestones.is_none() {
            let mut msg = format!(
                "{name} has no sheet opplan can read into schemes, metrics, risks, sign-offs, objectives, sections, the finance tables or milestones."
            );
            for n in &book.notes {
                msg.push_str(&format!(" {n}"));
            }
            return Err(msg);
        }
        let mut working = plan.clone();
        let mut sheets = Vec::new();
        for t in &book.tables {
            let spec = t.spec(&working);
            let p = spec.preview(&working);
            let edit = super::import::import_edit(&working, spec.kind, &p.ops);
            crate::model::edit::apply(&mut working, edit).map_err(|e| format!("{}: {e}", spec.source_name))?;
            sheets.push(SheetPreview::Records(spec, p));
        }
        for f in &book.finance {
            let spec = f.spec();
            let fp = spec.preview(&working);
            crate::model::edit::apply(&mut working, fp.edit.clone())
                .map_err(|e| format!("{}: {e}", spec.source_name))?;
            sheets.push(SheetPreview::Finance(spec, fp));
        }
        let milestones_changed = book.milestones.as_ref().map_or(0, |ms| ms.apply(&mut working));
        Ok(BookImport {
            sheets,
            milestones: book.milestones,
            milestones_changed,
            notes: book.notes,
            plan: working,
        })
    }

    /// Reads the workbook at `path` and previews it against `plan`.
    pub fn read(plan: &Plan, path: &Path) -> Result<BookImport, String> {
        let book = read_workbook(plan, path, &[])?;
        BookImport::new(plan, book, &file_name(path))
    }

    /// Every problem, naming the sheet, the row and the column: while there
    /// is one, nothing is applied (the window does not skip rows).
    pub fn problems(&self) -> Vec<String> {
        let mut out: Vec<String> = self.sheets.iter().flat_map(SheetPreview::problems).collect();
        if let Some(ms) = &self.milestones {
            out.extend(ms.errors.iter().cloned());
        }
        out
    }

    /// "“Milestones”: 12 milestones read; the milestones of 3 schemes
    /// change", when the workbook has milestones.
    pub fn milestones_text(&self) -> Option<String> {
        self.milestones.as_ref().map(|ms| {
            format!(
                "{}: {} milestones read; the milestones of {} scheme{} change",
                ms.source_name,
                ms.rows.len(),
                self.milestones_changed,
                if self.milestones_changed == 1 { "" } else { "s" }
            )
        })
    }
}
