//! The preview: what each row of the source will do (add, update, skip,
//! or an error that leaves it out) and why, computed without changing
//! the plan. A row is taken whole or not at all: a missing cell, a value
//! beyond the last heading, a quote that never closes or an ID that an
//! earlier row already used is an error on the row, never a guess.

use super::super::unneutralise;
use super::spec::{ImportSpec, Target};
use crate::model::Plan;
use crate::model::field::{Field, RecordKind, record_label};
use crate::model::money::{MoneyUnit, format_span, parse_amount};
use crate::model::record::Record;
use crate::model::value::Value;
use crate::model::{RecordId, Span};
use std::collections::BTreeMap;

/// What a row will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Add,
    Update(RecordId),
    /// Not imported, with the reason (blank row, total row, no selected
    /// record left).
    Skip(String),
    /// A cell or the record is wrong: nothing of the row is applied.
    Error,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    /// The source column, when one cell is at fault.
    pub column: Option<usize>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowPreview {
    /// 1-based row number in the source (the header is row 1).
    pub line: usize,
    pub outcome: Outcome,
    /// "New scheme “Care Act”", "Scheme 4 “Carers Break”".
    pub label: String,
    pub errors: Vec<CellError>,
    /// For a row that updates a record: what it changes, one entry per
    /// column ("2015/16 (£000) from 3,443 to 3,500"); empty when the row
    /// holds what the record has already. For a new record: what it gets
    /// ("2015/16 (£000): 1,000"), first whether a record of the plan has
    /// its name.
    pub changes: Vec<String>,
}

impl RowPreview {
    /// A row that updates a record without changing it.
    pub fn is_unchanged(&self) -> bool {
        matches!(self.outcome, Outcome::Update(_)) && self.changes.is_empty()
    }

    /// A skipped row worth telling about (not a blank one).
    pub fn is_told_skip(&self) -> bool {
        matches!(&self.outcome, Outcome::Skip(why) if why != BLANK)
    }

    /// The row's problems in one line, each naming its column: "2015/16
    /// (£000): “lots” is not a number"; for a skipped row, why.
    pub fn problems_text(&self, spec: &impl ColumnNames) -> String {
        match &self.outcome {
            Outcome::Skip(why) => why.clone(),
            _ => self
                .errors
                .iter()
                .map(|e| match e.column {
                    Some(c) => format!("{}: {}", spec.column_name(c), e.message),
                    None => e.message.clone(),
                })
                .collect::<Vec<_>>()
                .join("; "),
        }
    }
}

/// What names a source's columns in messages: its heading, or "Column C".
pub trait ColumnNames {
    fn column_name(&self, column: usize) -> String;
}

impl ColumnNames for ImportSpec {
    fn column_name(&self, column: usize) -> String {
        ImportSpec::column_name(self, column)
    }
}

impl ColumnNames for super::FinanceSpec {
    fn column_name(&self, column: usize) -> String {
        super::FinanceSpec::column_name(self, column)
    }
}

/// One row to apply: the record it updates (or `None` for a new one) and
/// the cells to set. Cells are read again when applied, exactly as in the
/// preview, so the plan gets what the preview showed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowOp {
    pub target: Option<RecordId>,
    pub cells: Vec<(Field, String, MoneyUnit)>,
}

#[derive(Clone, Debug, Default)]
pub struct Preview {
    /// What stops the whole import (a heading row that cannot be read or
    /// where nothing is recognised): no row is applied.
    pub blocking: Vec<String>,
    pub rows: Vec<RowPreview>,
    pub ops: Vec<RowOp>,
    /// Plan-wide notes: a total row checked against the rows, years the
    /// plan does not have yet.
    pub notes: Vec<String>,
}

/// "1 row", "3 rows".
pub fn rows_text(n: usize) -> String {
    if n == 1 {
        "1 row".to_string()
    } else {
        format!("{n} rows")
    }
}

impl Preview {
    pub fn adds(&self) -> usize {
        self.rows.iter().filter(|r| r.outcome == Outcome::Add).count()
    }
    pub fn updates(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(r.outcome, Outcome::Update(_)))
            .count()
    }
    /// Rows that update a record without changing it.
    pub fn unchanged(&self) -> usize {
        self.rows.iter().filter(|r| r.is_unchanged()).count()
    }
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.outcome == Outcome::Error).count()
    }
    /// True when nothing can be applied whatever the user chooses to skip.
    pub fn is_blocked(&self) -> bool {
        !self.blocking.is_empty()
    }
    /// Rows skipped for a reason worth telling (blank rows are not counted).
    pub fn skipped(&self) -> usize {
        self.rows.iter().filter(|r| r.is_told_skip()).count()
    }
    /// "Add 11 schemes, update 1 scheme".
    pub fn action_text(&self, kind: RecordKind) -> String {
        self.action_text_counting(|n| kind.count(n))
    }

    /// "Add 3 …, update 1 …", each number worded by `count`.
    pub(super) fn action_text_counting(&self, count: impl Fn(usize) -> String) -> String {
        let mut parts = Vec::new();
        if self.adds() > 0 {
            parts.push(format!("add {}", count(self.adds())));
        }
        if self.updates() > 0 {
            parts.push(format!("update {}", count(self.updates())));
        }
        if parts.is_empty() {
            return "Nothing to apply".into();
        }
        let s = parts.join(", ");
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or(s)
    }
    /// Every problem as a line for a terminal, the blocking ones first:
    /// "Row 5 (Scheme “X”), column “2015/16 (£000)”: “abc” is not a number".
    pub fn error_lines(&self, spec: &impl ColumnNames) -> Vec<String> {
        let mut out = self.blocking.clone();
        for r in &self.rows {
            for e in &r.errors {
                let col = e
                    .column
                    .map(|c| format!(", column \u{201c}{}\u{201d}", spec.column_name(c)))
                    .unwrap_or_default();
                let label = if r.label.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", r.label)
                };
                out.push(format!("Row {}{label}{col}: {}", r.line, e.message));
            }
        }
        out
    }
}

pub(super) const BLANK: &str = "blank row";

/// A value for a change line: money in `unit`, text quoted (long text
/// cut), "(blank)" when empty.
pub(super) fn short(v: &Value, unit: MoneyUnit) -> String {
    match v {
        Value::Empty => "(blank)".into(),
        Value::Text(t) => {
            let t = t.trim();
            let mut cut: String = t.chars().take(40).collect();
            if t.chars().count() > 40 {
                cut.push('\u{2026}');
            }
            format!("\u{201c}{cut}\u{201d}")
        }
        other => other.display(unit),
    }
}

const TOTAL_WORDS: [&str; 6] = [
    "total",
    "totals",
    "grand total",
    "bcf total",
    "total spend",
    "sub total",
];

/// The error for a row whose cells do not line up with the headings:
/// fewer cells (a missing cell is never read as blank), or a value beyond
/// the last heading.
pub(super) fn ragged(has_header: bool, row: &[String], expected: usize) -> Option<CellError> {
    let against = if has_header {
        format!(
            "the heading row has {}",
            if expected == 1 {
                "1 heading".to_string()
            } else {
                format!("{expected} headings")
            }
        )
    } else {
        format!("the block is {expected} columns wide")
    };
    let cells = |n: usize| {
        if n == 1 {
            "1 cell".to_string()
        } else {
            format!("{n} cells")
        }
    };
    if row.len() < expected {
        return Some(CellError {
            column: Some(row.len()),
            message: format!(
                "the row ends after {} but {against}: a missing cell is never read as blank, so the row is left out",
                cells(row.len())
            ),
        });
    }
    let extra = (expected..row.len()).find(|&i| !row[i].trim().is_empty())?;
    Some(CellError {
        column: Some(extra),
        message: format!(
            "the row has a value (\u{201c}{}\u{201d}) beyond the last heading, but {against}: the row is left out",
            row[extra].trim()
        ),
    })
}

pub(super) fn preview_rows<R: Record>(plan: &Plan, spec: &ImportSpec) -> Preview {
    let mut out = Preview {
        blocking: spec.blocking(plan),
        ..Preview::default()
    };
    if out.is_blocked() {
        return out;
    }
    let existing = R::all(plan);
    let id_col = if spec.match_ids && spec.target == Target::NewRows {
        spec.columns.iter().position(|c| c.field == Some(Field::Id))
    } else {
        None
    };
    let name_field = match R::KIND {
        RecordKind::Schemes => Field::SchemeName,
        RecordKind::Metrics => Field::MetricName,
        RecordKind::Risks => Field::RiskTitle,
        RecordKind::SignOffs => Field::Organisation,
        RecordKind::Objectives => Field::ObjectiveTitle,
        RecordKind::Sections => Field::SectionTitle,
    };
    let name_col = spec.columns.iter().position(|c| c.field.as_ref() == Some(&name_field));
    let expected = spec.expected_cells();
    // money sums of the rows that will be applied, for checking total rows
    let mut sums: BTreeMap<usize, Span> = BTreeMap::new();
    let mut new_years: Vec<String> = Vec::new();
    // the row each ID was first seen on
    let mut seen_ids: BTreeMap<u64, usize> = BTreeMap::new();
    let mut k = 0usize; // index among rows that carry a record
    // ids the plan can still hand out to added rows
    let mut ids_left = plan.peek_id().map_or(0, |next| crate::model::limits::MAX_ID - next + 1);
    for (index, line, row) in spec.data_rows() {
        let cell = |i: usize| row.get(i).map(|s| unneutralise(s)).unwrap_or("");
        // the reader lists broken rows in order
        let broken = spec
            .broken
            .binary_search_by_key(&index, |b| b.row)
            .ok()
            .map(|i| &spec.broken[i]);
        if broken.is_none() && row.iter().all(|c| c.trim().is_empty()) {
            out.rows.push(RowPreview {
                line,
                outcome: Outcome::Skip(BLANK.into()),
                label: String::new(),
                errors: Vec::new(),
                changes: Vec::new(),
            });
            continue;
        }
        let mut errors = Vec::new();
        if let Some(b) = broken {
            errors.push(CellError {
                column: Some(b.column),
                message: b.message.clone(),
            });
        } else if let Some(e) = ragged(spec.has_header, row, expected) {
            errors.push(e);
        }
        let name = name_col.map(cell).unwrap_or("").trim().to_string();
        if errors.is_empty() && R::KIND == RecordKind::Schemes && TOTAL_WORDS.contains(&name.to_lowercase().as_str()) {
            let mut why = "a total row: opplan adds up the schemes itself".to_string();
            let mut checks = Vec::new();
            for (i, c) in spec.columns.iter().enumerate() {
                if let Some(Field::Money { year, .. }) = &c.field
                    && let Ok(Some(total)) = parse_amount(cell(i), c.unit)
                {
                    let rows = sums.get(&i).copied().unwrap_or(Span::ZERO);
                    let unit = plan.settings.display_unit;
                    let t = Span::of(&total);
                    if t == rows {
                        checks.push(format!("{year} {} agrees with the rows", format_span(&t, unit)));
                    } else {
                        checks.push(format!(
                            "{year} says {} but the rows add up to {} ({})",
                            format_span(&t, unit),
                            format_span(&rows, unit),
                            unit.label()
                        ));
                    }
                }
            }
            if !checks.is_empty() {
                why = format!("{why}; {}", checks.join("; "));
                out.notes
                    .push(format!("Row {line} is a total row: {}.", checks.join("; ")));
            }
            out.rows.push(RowPreview {
                line,
                outcome: Outcome::Skip(why),
                label: format!("Total row \u{201c}{name}\u{201d}"),
                errors: Vec::new(),
                changes: Vec::new(),
            });
            continue;
        }
        // which record
        let mut target: Option<RecordId> = None;
        match &spec.target {
            Target::Records(ids) => match ids.get(k) {
                Some(id) => target = Some(*id),
                None => {
                    out.rows.push(RowPreview {
                        line,
                        outcome: Outcome::Skip(format!(
                            "more rows than the {} selected {}",
                            ids.len(),
                            if ids.len() == 1 { "row" } else { "rows" }
                        )),
                        label: if name.is_empty() {
                            String::new()
                        } else {
                            format!("\u{201c}{name}\u{201d}")
                        },
                        errors: Vec::new(),
                        changes: Vec::new(),
                    });
                    k += 1;
                    continue;
                }
            },
            Target::NewRows => {
                if let Some(c) = id_col {
                    let t = cell(c).trim();
                    if !t.is_empty() {
                        match crate::model::value::parse_id(t) {
                            Ok(id) => {
                                let n = id.0;
                                if let Some(first) = seen_ids.get(&n) {
                                    errors.push(CellError {
                                        column: Some(c),
                                        message: format!(
                                            "ID {n} is also on row {first}: a record is updated by one row only, \
                                             so neither row is chosen over the other and this one is left out"
                                        ),
                                    });
                                } else {
                                    seen_ids.insert(n, line);
                                }
                                if existing.iter().any(|r| r.id() == id) {
                                    target = Some(id);
                                }
                            }
                            Err(message) => errors.push(CellError {
                                column: Some(c),
                                message,
                            }),
                        }
                    }
                }
            }
        }
        k += 1;
        let position = target.and_then(|id| existing.iter().position(|r| r.id() == id));
        if target.is_some() && position.is_none() {
            errors.push(CellError {
                column: None,
                message: "the selected record is no longer in the plan".into(),
            });
        }
        let mut rec = match position {
            Some(i) => existing[i].clone(),
            None => {
                let mut r = R::default();
                r.prepare_new(plan);
                r
            }
        };
        // only the cells the row has: a missing cell never blanks a field
        let mut cells: Vec<(usize, Field, String, MoneyUnit)> = spec
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < row.len())
            .filter_map(|(i, c)| match &c.field {
                Some(Field::Id) | None => None,
                Some(f) => Some((i, f.clone(), cell(i).to_string(), c.unit)),
            })
            .collect();
        cells.sort_by(|a, b| a.1.cmp(&b.1));
        // a row that does not line up is not read at all
        let readable = errors.is_empty();
        if readable {
            for (i, f, text, unit) in &cells {
                if let Err(message) = rec.set(f, text, *unit) {
                    errors.push(CellError {
                        column: Some(*i),
                        message,
                    });
                }
            }
            for message in rec.finish() {
                errors.push(CellError { column: None, message });
            }
        }
        let label = match position {
            Some(i) => record_label(R::KIND, i, existing[i].title()),
            None => {
                let t = if readable { rec.title().trim() } else { name.as_str() };
                let what = R::KIND.singular().to_lowercase();
                if t.is_empty() {
                    format!("New {what} (no name)")
                } else {
                    format!("New {what} \u{201c}{t}\u{201d}")
                }
            }
        };
        if target.is_none() && errors.is_empty() {
            match ids_left.checked_sub(1) {
                Some(left) => ids_left = left,
                None => errors.push(CellError {
                    column: None,
                    message: crate::model::IdsExhausted.to_string(),
                }),
            }
        }
        let outcome = if !errors.is_empty() {
            Outcome::Error
        } else if let Some(id) = target {
            Outcome::Update(id)
        } else {
            Outcome::Add
        };
        // what an update changes, column by column (the values as the
        // record shows them before and after)
        let mut changes = Vec::new();
        if let (Some(i), Outcome::Update(_)) = (position, &outcome) {
            for (col, f, _, unit) in &cells {
                let (old, new) = (existing[i].get(f), rec.get(f));
                if old != new && !(old.is_empty() && new.is_empty()) {
                    let (mut a, mut b) = (short(&old, *unit), short(&new, *unit));
                    if a == b {
                        // smaller than the column's unit shows
                        (a, b) = (short(&old, MoneyUnit::Pounds), short(&new, MoneyUnit::Pounds));
                    }
                    changes.push(format!("{} from {a} to {b}", spec.column_name(*col)));
                }
            }
        }
        if outcome == Outcome::Add {
            // what a new record gets, column by column as the record shows
            // it: the amounts first, then the other fields (its name is in
            // the Record column already)
            let mut read: Vec<(bool, String)> = Vec::new();
            for (col, f, _, unit) in &cells {
                let v = rec.get(f);
                let is_title = matches!(&v, Value::Text(t) if t.trim() == rec.title().trim());
                if !v.is_empty() && !is_title {
                    let money = matches!(f, Field::Money { .. });
                    read.push((!money, format!("{}: {}", spec.column_name(*col), short(&v, *unit))));
                }
            }
            read.sort_by_key(|(other, _)| *other);
            changes.extend(read.into_iter().map(|(_, t)| t));
            // a new record named like one the plan has: say which
            let title = rec.title().trim().to_lowercase();
            if !title.is_empty()
                && let Some(i) = existing.iter().position(|r| r.title().trim().to_lowercase() == title)
            {
                changes.insert(
                    0,
                    format!(
                        "same name as {}: added as a new {} (an ID column updates a record instead)",
                        record_label(R::KIND, i, existing[i].title()),
                        R::KIND.singular().to_lowercase()
                    ),
                );
            }
        }
        if errors.is_empty() {
            for (i, f, text, unit) in &cells {
                if let Field::Money { year, .. } = f {
                    if let Ok(Some(a)) = parse_amount(text, *unit) {
                        sums.entry(*i).or_insert(Span::ZERO).add_amount(&a);
                    }
                    if !plan.header.years.contains(year) && !new_years.contains(year) && !text.trim().is_empty() {
                        new_years.push(year.clone());
                    }
                }
            }
            out.ops.push(RowOp {
                target,
                cells: cells.into_iter().map(|(_, f, t, u)| (f, t, u)).collect(),
            });
        }
        out.rows.push(RowPreview {
            line,
            outcome,
            label,
            errors,
            changes,
        });
    }
    for y in new_years {
        out.notes
            .push(format!("{y} is not one of the plan's years yet: it will be added."));
    }
    out
}
