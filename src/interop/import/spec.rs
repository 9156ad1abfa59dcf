//! The mapping of an import, which the user can adjust before confirming:
//! which row holds the headings (if any), which field each column goes to
//! and in which unit its amounts are.

use super::headings::{FirstRow, HeaderMatch, first_row, known_headings, match_header};
use super::preview::{Preview, preview_rows};
use super::{BrokenRow, Table, column_letter, filled_len};
use crate::model::field::{Field, MoneyPart, RecordKind, positional_fields, stored_fields};
use crate::model::money::MoneyUnit;
use crate::model::{Metric, Plan, RecordId, Risk, Scheme, SignOff};

/// Where imported rows go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// As new records; with `match_ids`, a row whose ID is a record of the
    /// plan updates that record instead.
    NewRows,
    /// Over these records, row by row in order (a paste over selected rows).
    Records(Vec<RecordId>),
}

/// How one source column is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnMap {
    /// What the source calls it: its header, or "Column C".
    pub source: String,
    /// `None`: left out.
    pub field: Option<Field>,
    /// The unit of a money column.
    pub unit: MoneyUnit,
    /// How the column was matched, or why it is left out.
    pub note: String,
}

/// Everything the user can adjust before confirming an import.
#[derive(Clone, Debug)]
pub struct ImportSpec {
    pub kind: RecordKind,
    /// Every row of the source, the header row included, as read (never
    /// padded).
    pub rows: Vec<Vec<String>>,
    /// Rows the reader could not read (see [`Table::broken`]).
    pub broken: Vec<BrokenRow>,
    pub has_header: bool,
    pub columns: Vec<ColumnMap>,
    pub target: Target,
    /// The unit of money columns whose heading names none.
    pub default_unit: MoneyUnit,
    /// Rows whose ID matches a record update it (CSV round trips).
    pub match_ids: bool,
    /// Without a header: the field the first column goes to (a paste
    /// starting at a selected cell); `None` reads the template order.
    pub start: Option<Field>,
    /// "the clipboard", "schemes.csv".
    pub source_name: String,
    /// The row number, in the source, of the first row of
    /// [`ImportSpec::rows`] (1 for a CSV file; a sheet's heading row can
    /// be lower down), so messages name the rows as the source numbers
    /// them.
    pub first_line: usize,
    /// Why the layout was chosen (see [`ImportSpec::layout_note`]).
    layout_reason: String,
}

impl ImportSpec {
    fn blank(kind: RecordKind, table: Table, default_unit: MoneyUnit, target: Target, source_name: &str) -> Self {
        ImportSpec {
            kind,
            rows: table.rows,
            broken: table.broken,
            has_header: true,
            columns: Vec::new(),
            match_ids: target == Target::NewRows,
            target,
            default_unit,
            start: None,
            source_name: source_name.to_string(),
            first_line: 1,
            layout_reason: String::new(),
        }
    }

    /// Starts the import of a file that must have a heading row (a CSV
    /// file): the first row is the heading row and every column is read by
    /// its heading's name, never by its position.
    pub fn new(
        plan: &Plan,
        kind: RecordKind,
        table: impl Into<Table>,
        default_unit: MoneyUnit,
        target: Target,
        source_name: &str,
    ) -> Self {
        let mut spec = Self::blank(kind, table.into(), default_unit, target, source_name);
        spec.layout_reason = "Headings are required".into();
        spec.remap(plan);
        spec
    }

    /// Starts a paste of a block that may lack a heading row. The first
    /// row is read as data (columns in the template order, or from
    /// `start`, the field of the selected cell) only when it cannot be a
    /// heading row: it holds a figure or a date no heading matches, or the
    /// block was pasted at a selected cell and holds no heading opplan
    /// knows. A first row that could be headings is never read as a record.
    pub fn pasted(
        plan: &Plan,
        kind: RecordKind,
        table: impl Into<Table>,
        default_unit: MoneyUnit,
        target: Target,
        start: Option<Field>,
        source_name: &str,
    ) -> Self {
        let mut spec = Self::blank(kind, table.into(), default_unit, target, source_name);
        spec.start = start;
        let (has_header, why) = match spec.rows.first().map(|r| first_row(plan, kind, r)) {
            None | Some(FirstRow::Headings) => (true, "The first row holds headings opplan knows"),
            Some(FirstRow::Data) => (
                false,
                "The first row holds a figure or a date, so it cannot be a heading row",
            ),
            Some(FirstRow::Unclear) if spec.start.is_some() => (
                false,
                "The block was pasted at a selected cell and its first row holds no heading opplan knows",
            ),
            Some(FirstRow::Unclear) => (
                true,
                "The first row holds no figure or date, so it could be a heading row and is never read as a record",
            ),
        };
        spec.has_header = has_header;
        spec.layout_reason = why.into();
        spec.remap(plan);
        spec
    }

    /// The user says whether the first row is a heading row.
    pub fn set_has_header(&mut self, plan: &Plan, has_header: bool) {
        self.has_header = has_header;
        self.layout_reason = "Chosen by hand".into();
        self.remap(plan);
    }

    /// Which layout is read, and why, for the preview: "The first row holds
    /// a figure or a date, so it cannot be a heading row: no heading row;
    /// the columns are read in the order of the schemes template (Scheme
    /// name, Area of spend, …)."
    pub fn layout_note(&self) -> String {
        let how = if self.has_header {
            let which = if self.first_line == 1 {
                "the first row".to_string()
            } else {
                format!("row {}", self.first_line)
            };
            format!("{which} is the heading row, and each column is read by its heading's name")
        } else {
            let fields: Vec<String> = self
                .columns
                .iter()
                .filter_map(|c| c.field.as_ref().map(|f| f.header(c.unit)))
                .collect();
            match &self.start {
                Some(f) => format!(
                    "no heading row; the columns go to the fields from the selected cell \u{201c}{}\u{201d} on ({})",
                    f.header(self.default_unit),
                    fields.join(", ")
                ),
                None => format!(
                    "no heading row; the columns are read in the order of the {} template ({})",
                    self.kind.word().to_lowercase(),
                    fields.join(", ")
                ),
            }
        };
        format!("{}: {how}.", self.layout_reason)
    }

    /// Width of the block: up to the last cell that is not blank, in the
    /// widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| filled_len(r)).max().unwrap_or(0)
    }

    /// How many cells every row must have: as many as the headings (up to
    /// the last one), or the width of a block without headings.
    pub fn expected_cells(&self) -> usize {
        if self.has_header {
            self.rows.first().map_or(0, |r| filled_len(r))
        } else {
            self.width()
        }
    }

    /// The rows after the header: (index in [`ImportSpec::rows`], 1-based
    /// row number in the source, cells).
    pub fn data_rows(&self) -> impl Iterator<Item = (usize, usize, &Vec<String>)> {
        let skip = usize::from(self.has_header);
        let first = self.first_line;
        self.rows
            .iter()
            .enumerate()
            .skip(skip)
            .map(move |(i, r)| (i, i + first, r))
    }

    /// The name of a source column in messages: its heading, or "Column C".
    pub fn column_name(&self, column: usize) -> String {
        self.columns
            .get(column)
            .map(|c| c.source.clone())
            .unwrap_or_else(|| format!("Column {}", column_letter(column)))
    }

    /// What stops the whole import, whatever the rows say: a heading row
    /// that cannot be read, or where nothing goes to a field (the message
    /// lists the headings opplan knows). Empty when rows can be imported.
    pub fn blocking(&self, plan: &Plan) -> Vec<String> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        if self.has_header
            && let Some(b) = self.broken.iter().find(|b| b.row == 0)
        {
            return vec![format!(
                "Row {} (the heading row), column {}: {} The headings cannot be read, so nothing is imported.",
                self.first_line,
                column_letter(b.column),
                b.message
            )];
        }
        if self.columns.iter().any(|c| c.field.is_some()) {
            return Vec::new();
        }
        let known = known_headings(plan, self.kind, self.default_unit).join(", ");
        let what = self.kind.word().to_lowercase();
        if self.has_header {
            let heads: Vec<String> = self.rows[0]
                .iter()
                .filter(|h| !h.trim().is_empty())
                .map(|h| format!("\u{201c}{}\u{201d}", h.trim()))
                .collect();
            let shown = if heads.len() > 8 {
                format!("{}, \u{2026}", heads[..8].join(", "))
            } else {
                heads.join(", ")
            };
            vec![format!(
                "Row {} has no heading opplan reads into {what} ({shown}): columns are matched by their headings' \
                 names, never by position, so nothing is imported. Headings opplan knows for {what}: {known}.",
                self.first_line
            )]
        } else {
            vec![format!(
                "No column goes to a field of {what}, so nothing is imported. Headings opplan knows for {what}: {known}."
            )]
        }
    }

    /// Maps every column again from the header (or by position).
    pub fn remap(&mut self, plan: &Plan) {
        let width = self.width();
        let mut cols = Vec::with_capacity(width);
        if self.has_header {
            let header = self.rows.first().cloned().unwrap_or_default();
            let broken = self.broken.iter().any(|b| b.row == 0);
            for i in 0..width {
                let h = header.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
                let source = if h.is_empty() {
                    format!("Column {}", column_letter(i))
                } else {
                    h.clone()
                };
                let matched = if broken {
                    HeaderMatch::Unknown
                } else {
                    match_header(plan, self.kind, &h)
                };
                let (field, unit, note) = match matched {
                    HeaderMatch::Field { field, unit, how } => {
                        let note = match unit {
                            Some(u) if field.is_money() => format!("matched by {how}; amounts in {}", u.label()),
                            _ if field.is_money() => {
                                format!(
                                    "matched by {how}; amounts in {} (no unit in the heading)",
                                    self.default_unit.label()
                                )
                            }
                            _ => format!("matched by {how}"),
                        };
                        (Some(field), unit.unwrap_or(self.default_unit), note)
                    }
                    HeaderMatch::Computed => (None, self.default_unit, "computed by opplan: not imported".to_string()),
                    HeaderMatch::Unknown => (
                        None,
                        self.default_unit,
                        if h.is_empty() {
                            "no heading: choose a field or leave it out".to_string()
                        } else {
                            "not recognised: choose a field or leave it out".to_string()
                        },
                    ),
                };
                cols.push(ColumnMap {
                    source,
                    field,
                    unit,
                    note,
                });
            }
        } else {
            let order = self.positional_order(plan);
            for i in 0..width {
                let field = order.get(i).cloned();
                let note = match &field {
                    Some(f) if f.is_money() => format!("by position; amounts in {}", self.default_unit.label()),
                    Some(_) => "by position".to_string(),
                    None => "beyond the known columns: choose a field or leave it out".to_string(),
                };
                cols.push(ColumnMap {
                    source: format!("Column {}", column_letter(i)),
                    field,
                    unit: self.default_unit,
                    note,
                });
            }
        }
        // a field mapped twice: keep the first
        for i in 0..cols.len() {
            if let Some(f) = cols[i].field.clone()
                && let Some(j) = cols[..i].iter().position(|c| c.field.as_ref() == Some(&f))
            {
                cols[i].field = None;
                cols[i].note = format!("same field as \u{201c}{}\u{201d}: left out", cols[j].source);
            }
        }
        self.columns = cols;
    }

    /// The fields a headerless block is read as, from `start` when set.
    fn positional_order(&self, plan: &Plan) -> Vec<Field> {
        let base = positional_fields(plan, self.kind);
        match &self.start {
            None => base,
            Some(start) => match base.iter().position(|f| f == start) {
                Some(i) => base[i..].to_vec(),
                None => {
                    let all = stored_fields(plan, self.kind);
                    match all.iter().position(|f| f == start) {
                        Some(i) => all[i..].to_vec(),
                        None => vec![start.clone()],
                    }
                }
            },
        }
    }

    /// Sets one column's field by hand (another column mapped to the same
    /// field is left out).
    pub fn set_field(&mut self, column: usize, field: Option<Field>) {
        if let Some(f) = &field {
            for (i, c) in self.columns.iter_mut().enumerate() {
                if i != column && c.field.as_ref() == Some(f) {
                    c.field = None;
                    c.note = "left out (its field was given to another column)".into();
                }
            }
        }
        if let Some(c) = self.columns.get_mut(column) {
            c.note = if field.is_some() {
                "chosen by hand".into()
            } else {
                "left out".into()
            };
            c.field = field;
        }
    }

    /// The fields offered for a column: every field of the kind, the money
    /// fields of every plan year, and whatever is mapped now.
    pub fn field_choices(&self, plan: &Plan) -> Vec<Field> {
        let mut v = stored_fields(plan, self.kind);
        if self.kind == RecordKind::Schemes {
            let years = crate::model::field::money_years(plan);
            let at = v.iter().rposition(|f| f.is_money()).map(|i| i + 1).unwrap_or(v.len());
            let mut extra = Vec::new();
            for part in MoneyPart::ALL {
                for y in &years {
                    let f = Field::Money { year: y.clone(), part };
                    if !v.contains(&f) {
                        extra.push(f);
                    }
                }
            }
            v.splice(at..at, extra);
        }
        for c in &self.columns {
            if let Some(f) = &c.field
                && !v.contains(f)
            {
                v.push(f.clone());
            }
        }
        v
    }

    /// Previews every row.
    pub fn preview(&self, plan: &Plan) -> Preview {
        match self.kind {
            RecordKind::Schemes => preview_rows::<Scheme>(plan, self),
            RecordKind::Metrics => preview_rows::<Metric>(plan, self),
            RecordKind::Risks => preview_rows::<Risk>(plan, self),
            RecordKind::SignOffs => preview_rows::<SignOff>(plan, self),
            RecordKind::Objectives => preview_rows::<crate::model::Objective>(plan, self),
            RecordKind::Sections => preview_rows::<crate::model::NarrativeSection>(plan, self),
        }
    }
}
