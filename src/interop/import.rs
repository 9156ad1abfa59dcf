//! The one import engine behind CSV import, clipboard paste and
//! `opplan import`: map the source's columns to fields, preview every row
//! (what it will do, which cells fail and why), and apply only the rows
//! without errors, as one edit the user confirmed.
//!
//! Column mapping: a header row (detected, or set by the user) is matched
//! to fields case-insensitively by the field's heading and common
//! alternatives ("Scheme Name", "Mitigating Actions", "2015/16 (£000)");
//! a block without a header is read in the order of the source templates
//! ([`positional_fields`]). Money columns carry a unit: the one their
//! heading names ("(£000)", "(£)", "£m"), else the import's default (pounds
//! for CSV, the plan's display unit for pasted text). A `£` in a cell always
//! means pounds.

use super::{COMPUTED_HEADERS, unneutralise};
use crate::model::fields::{
    Field, MitigationPart, MoneyPart, PeriodPart, Record, RecordKind, ScoreKind, ScorePart, positional_fields,
    record_label, stored_fields,
};
use crate::model::money::{MoneyUnit, format_span, parse_amount};
use crate::model::{Metric, Plan, RecordId, Risk, Scheme, SignOff, Span};
use std::collections::BTreeMap;

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
    /// Every row of the source, the header row included.
    pub rows: Vec<Vec<String>>,
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
}

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
    pub rows: Vec<RowPreview>,
    pub ops: Vec<RowOp>,
    /// Plan-wide notes: a total row checked against the rows, years the
    /// plan does not have yet.
    pub notes: Vec<String>,
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
    pub fn errors(&self) -> usize {
        self.rows.iter().filter(|r| r.outcome == Outcome::Error).count()
    }
    /// Rows skipped for a reason worth telling (blank rows are not counted).
    pub fn skipped(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| matches!(&r.outcome, Outcome::Skip(why) if why != BLANK))
            .count()
    }
    /// "Add 11 schemes, update 1 scheme".
    pub fn action_text(&self, kind: RecordKind) -> String {
        let mut parts = Vec::new();
        if self.adds() > 0 {
            parts.push(format!("add {}", kind.count(self.adds())));
        }
        if self.updates() > 0 {
            parts.push(format!("update {}", kind.count(self.updates())));
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
    /// Every problem as a line for a terminal: "Row 5 (Scheme “X”), column
    /// “2015/16 (£000)”: “abc” is not a number".
    pub fn error_lines(&self, spec: &ImportSpec) -> Vec<String> {
        let mut out = Vec::new();
        for r in &self.rows {
            for e in &r.errors {
                let col = e
                    .column
                    .and_then(|c| spec.columns.get(c))
                    .map(|c| format!(", column \u{201c}{}\u{201d}", c.source))
                    .unwrap_or_default();
                out.push(format!("Row {} ({}){col}: {}", r.line, r.label, e.message));
            }
        }
        out
    }
}

const BLANK: &str = "blank row";

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

// ---------------------------------------------------------------- headers

/// What a heading matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderMatch {
    Field {
        field: Field,
        unit: Option<MoneyUnit>,
        how: String,
    },
    /// A figure opplan computes: recognised and left out.
    Computed,
    Unknown,
}

/// Lower case, punctuation as spaces, spaces collapsed.
fn normalise(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds and removes a money unit in a heading: "(£000)", "£'000", "£k",
/// "£m", "(£)".
fn take_unit(header: &str) -> (Option<MoneyUnit>, String) {
    let lower = header.to_lowercase();
    let compact: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    let unit = if compact.contains("£000")
        || compact.contains("£'000")
        || compact.contains("£k")
        || compact.contains("(000s)")
        || compact.contains("£000s")
        || compact.contains("£’000")
    {
        Some(MoneyUnit::Thousands)
    } else if compact.contains("£m") || compact.contains("£million") {
        Some(MoneyUnit::Millions)
    } else if compact.contains('£') || compact.contains("(gbp)") || compact.contains("pounds") {
        Some(MoneyUnit::Pounds)
    } else {
        None
    };
    if unit.is_none() {
        return (None, header.to_string());
    }
    // drop the unit's text: everything from the £ (or the bracket before it)
    let cut = header
        .find("(£")
        .or_else(|| header.find('£'))
        .or_else(|| header.to_lowercase().find("(000s)"))
        .or_else(|| header.to_lowercase().find("(gbp)"))
        .or_else(|| header.to_lowercase().find("pounds"));
    let rest = match cut {
        Some(i) => {
            let after = &header[i..];
            let end = after.find(')').map(|j| i + j + 1).unwrap_or(header.len());
            format!("{} {}", &header[..i], &header[end..])
        }
        None => header.to_string(),
    };
    (unit, rest)
}

/// Finds a financial year in a heading ("2015/16", "2015-16", "15/16",
/// "2015/2016") and returns it as "2015/16" with the rest of the heading.
pub fn find_year(header: &str) -> Option<(String, String)> {
    let b = header.as_bytes();
    let digits_at = |i: usize, n: usize| i + n <= b.len() && b[i..i + n].iter().all(|c| c.is_ascii_digit());
    let boundary = |i: usize| i >= b.len() || !b[i].is_ascii_digit();
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        for first in [4usize, 2] {
            if !digits_at(i, first) {
                continue;
            }
            let mut j = i + first;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if j >= b.len() || !(b[j] == b'/' || b[j] == b'-') {
                continue;
            }
            j += 1;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            for second in [4usize, 2] {
                if digits_at(j, second) && boundary(j + second) {
                    let a: i32 = header[i..i + first].parse().ok()?;
                    let start = if first == 2 { 2000 + a } else { a };
                    let z: i32 = header[j..j + second].parse().ok()?;
                    let end2 = z % 100;
                    if (start + 1) % 100 != end2 {
                        continue;
                    }
                    let rest = format!("{} {}", &header[..i], &header[j + second..]);
                    return Some((format!("{}/{:02}", start, end2), rest));
                }
            }
        }
    }
    None
}

fn money_part_of(rest: &str) -> Result<MoneyPart, ()> {
    let n = normalise(rest);
    let words: Vec<&str> = n.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let benefit = has("benefit") || has("benefits") || has("saving") || has("savings");
    let non = n.contains("non recurrent") || has("nonrecurrent") || n.contains("non rec");
    let rec = has("recurrent") || has("rec");
    if has("total") {
        return Err(());
    }
    Ok(match (benefit, non, rec) {
        (true, true, _) => MoneyPart::BenefitNonRecurrent,
        (true, false, _) => MoneyPart::BenefitRecurrent,
        (false, true, _) => MoneyPart::NonRecurrent,
        (false, false, true) => MoneyPart::Recurrent,
        _ => MoneyPart::Spend,
    })
}

fn numbered(n: &str, prefix: &str) -> Option<(usize, String)> {
    let rest = n.strip_prefix(prefix)?.trim_start();
    let end = rest.find(' ').unwrap_or(rest.len());
    let num: usize = rest[..end].parse().ok()?;
    if num == 0 || num > 200 {
        return None;
    }
    Some((num, rest[end..].trim().to_string()))
}

/// Matches a heading to a field of `kind`.
pub fn match_header(plan: &Plan, kind: RecordKind, header: &str) -> HeaderMatch {
    let raw = unneutralise(header.trim());
    if raw.is_empty() {
        return HeaderMatch::Unknown;
    }
    let (unit, rest) = take_unit(raw);
    if kind == RecordKind::Schemes
        && let Some((year, rest)) = find_year(&rest)
    {
        return match money_part_of(&rest) {
            Ok(part) => HeaderMatch::Field {
                how: format!("{year} {}", part.word()),
                field: Field::Money { year, part },
                unit,
            },
            Err(()) => HeaderMatch::Computed,
        };
    }
    let n = normalise(&rest);
    if n.is_empty() {
        return HeaderMatch::Unknown;
    }
    let field = |f: Field, how: &str| HeaderMatch::Field {
        field: f,
        unit,
        how: how.to_string(),
    };
    let mut candidates = stored_fields(plan, kind);
    for f in positional_fields(plan, kind) {
        if !candidates.contains(&f) {
            candidates.push(f);
        }
    }
    for f in &candidates {
        if normalise(&f.header(MoneyUnit::Pounds)) == n {
            return field(f.clone(), "heading");
        }
    }
    // numbered groups: "Period 2 target", "Mitigation 3 owner"
    if kind == RecordKind::Metrics
        && let Some((num, tail)) = numbered(&n, "period")
    {
        let part = match tail.as_str() {
            "" | "label" | "name" => Some(PeriodPart::Label),
            "target" | "plan" | "planned" => Some(PeriodPart::Target),
            "actual" => Some(PeriodPart::Actual),
            "forecast" => Some(PeriodPart::Forecast),
            _ => None,
        };
        if let Some(part) = part {
            return field(Field::Period { n: num, part }, "numbered period");
        }
    }
    if kind == RecordKind::Risks {
        let mit = numbered(&n, "mitigation").or_else(|| {
            n.strip_prefix("mitigating actions")
                .or_else(|| n.strip_prefix("mitigating action"))
                .map(|t| (1, t.trim().to_string()))
        });
        if let Some((num, tail)) = mit {
            let part = match tail.as_str() {
                "" | "text" | "action" => Some(MitigationPart::Text),
                "owner" => Some(MitigationPart::Owner),
                "due" | "due date" => Some(MitigationPart::Due),
                "done" | "complete" => Some(MitigationPart::Done),
                _ => None,
            };
            if let Some(part) = part {
                return field(Field::Mitigation { n: num, part }, "numbered mitigation");
            }
        }
        for (word, which) in [
            ("current", ScoreKind::Current),
            ("inherent", ScoreKind::Current),
            ("residual", ScoreKind::Residual),
            ("target", ScoreKind::Target),
        ] {
            if let Some(t) = n.strip_prefix(word) {
                let part = match t.trim() {
                    "likelihood" => Some(ScorePart::Likelihood),
                    "consequence" | "impact" => Some(ScorePart::Consequence),
                    _ => None,
                };
                if let Some(part) = part {
                    return field(Field::Score { which, part }, "score");
                }
            }
        }
    }
    for f in &candidates {
        if f.aliases().iter().any(|a| normalise(a) == n) {
            return field(f.clone(), "a usual name");
        }
    }
    if COMPUTED_HEADERS.contains(&n.as_str()) {
        return HeaderMatch::Computed;
    }
    // metrics: "Q1 2015/16 target" → the period named "Q1 2015/16"
    if kind == RecordKind::Metrics {
        let lower = rest.trim().to_lowercase();
        for (word, part) in [
            ("target", PeriodPart::Target),
            ("plan", PeriodPart::Target),
            ("actual", PeriodPart::Actual),
            ("forecast", PeriodPart::Forecast),
        ] {
            if let Some(prefix) = lower.strip_suffix(word) {
                let label = rest.trim()[..prefix.len()]
                    .trim()
                    .trim_end_matches(['-', ':', '('])
                    .trim();
                if !label.is_empty() {
                    return field(
                        Field::NamedPeriod {
                            label: label.to_string(),
                            part,
                        },
                        "period named in the heading",
                    );
                }
            }
        }
    }
    HeaderMatch::Unknown
}

/// True when most non-empty cells of the row are headings opplan knows.
pub fn looks_like_header(plan: &Plan, kind: RecordKind, row: &[String]) -> bool {
    let cells: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
    if cells.is_empty() {
        return false;
    }
    let known = cells
        .iter()
        .filter(|c| match_header(plan, kind, c) != HeaderMatch::Unknown)
        .count();
    known >= 1 && known * 2 >= cells.len()
}

impl ImportSpec {
    /// Starts an import: detects a header row and maps the columns.
    pub fn new(
        plan: &Plan,
        kind: RecordKind,
        rows: Vec<Vec<String>>,
        default_unit: MoneyUnit,
        target: Target,
        source_name: &str,
    ) -> Self {
        let has_header = rows.first().is_some_and(|r| looks_like_header(plan, kind, r));
        let mut spec = ImportSpec {
            kind,
            rows,
            has_header,
            columns: Vec::new(),
            match_ids: target == Target::NewRows,
            target,
            default_unit,
            start: None,
            source_name: source_name.to_string(),
        };
        spec.remap(plan);
        spec
    }

    /// Width of the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(|r| r.len()).max().unwrap_or(0)
    }

    /// The rows after the header, with their 1-based line numbers.
    pub fn data_rows(&self) -> impl Iterator<Item = (usize, &Vec<String>)> {
        let skip = usize::from(self.has_header);
        self.rows.iter().enumerate().skip(skip).map(|(i, r)| (i + 1, r))
    }

    /// Maps every column again from the header (or by position).
    pub fn remap(&mut self, plan: &Plan) {
        let width = self.width();
        let mut cols = Vec::with_capacity(width);
        if self.has_header {
            let header = self.rows.first().cloned().unwrap_or_default();
            for i in 0..width {
                let h = header.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
                let source = if h.is_empty() {
                    format!("Column {}", column_letter(i))
                } else {
                    h.clone()
                };
                let (field, unit, note) = match match_header(plan, self.kind, &h) {
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
            let years = crate::model::fields::money_years(plan);
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
        }
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

fn preview_rows<R: Record>(plan: &Plan, spec: &ImportSpec) -> Preview {
    let mut out = Preview::default();
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
    };
    let name_col = spec.columns.iter().position(|c| c.field.as_ref() == Some(&name_field));
    // money sums of the rows that will be applied, for checking total rows
    let mut sums: BTreeMap<usize, Span> = BTreeMap::new();
    let mut new_years: Vec<String> = Vec::new();
    let mut k = 0usize; // index among rows that carry a record
    // ids the plan can still hand out to added rows
    let mut ids_left = plan.peek_id().map_or(0, |next| crate::model::limits::MAX_ID - next + 1);
    for (line, row) in spec.data_rows() {
        let cell = |i: usize| row.get(i).map(|s| unneutralise(s)).unwrap_or("");
        if row.iter().all(|c| c.trim().is_empty()) {
            out.rows.push(RowPreview {
                line,
                outcome: Outcome::Skip(BLANK.into()),
                label: String::new(),
                errors: Vec::new(),
            });
            continue;
        }
        let name = name_col.map(cell).unwrap_or("").trim().to_string();
        if R::KIND == RecordKind::Schemes && TOTAL_WORDS.contains(&name.to_lowercase().as_str()) {
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
            });
            continue;
        }
        let mut errors = Vec::new();
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
                            Ok(id) if existing.iter().any(|r| r.id() == id) => target = Some(id),
                            Ok(_) => {}
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
        let mut cells: Vec<(usize, Field, String, MoneyUnit)> = spec
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match &c.field {
                Some(Field::Id) | None => None,
                Some(f) => Some((i, f.clone(), cell(i).to_string(), c.unit)),
            })
            .collect();
        cells.sort_by(|a, b| a.1.cmp(&b.1));
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
        let label = match position {
            Some(i) => record_label(R::KIND, i, existing[i].title()),
            None => {
                let t = rec.title().trim();
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
        });
    }
    for y in new_years {
        out.notes
            .push(format!("{y} is not one of the plan's years yet: it will be added."));
    }
    out
}

/// Applies previewed rows to the plan (inside the edit the user
/// confirmed). Returns the ids of the records added or updated.
pub fn apply_ops(plan: &mut Plan, kind: RecordKind, ops: &[RowOp]) -> Vec<RecordId> {
    let touched = match kind {
        RecordKind::Schemes => apply_typed::<Scheme>(plan, ops),
        RecordKind::Metrics => apply_typed::<Metric>(plan, ops),
        RecordKind::Risks => apply_typed::<Risk>(plan, ops),
        RecordKind::SignOffs => apply_typed::<SignOff>(plan, ops),
    };
    // years the plan did not have
    let mut years = plan.header.years.clone();
    for op in ops {
        for (f, text, _) in &op.cells {
            if let Field::Money { year, .. } = f
                && !text.trim().is_empty()
                && !years.contains(year)
            {
                years.push(year.clone());
            }
        }
    }
    if years.len() != plan.header.years.len() {
        years.sort();
        plan.header.years = years;
    }
    // links only to records that exist
    let scheme_ids: Vec<RecordId> = plan.schemes.iter().map(|s| s.id).collect();
    let metric_ids: Vec<RecordId> = plan.metrics.iter().map(|m| m.id).collect();
    for m in plan.metrics.iter_mut().filter(|m| touched.contains(&m.id)) {
        m.scheme_ids.retain(|id| scheme_ids.contains(id));
    }
    for r in plan.risks.iter_mut().filter(|r| touched.contains(&r.id)) {
        r.scheme_ids.retain(|id| scheme_ids.contains(id));
        r.metric_ids.retain(|id| metric_ids.contains(id));
    }
    touched
}

fn apply_typed<R: Record>(plan: &mut Plan, ops: &[RowOp]) -> Vec<RecordId> {
    let mut touched = Vec::with_capacity(ops.len());
    for op in ops {
        let position = op.target.and_then(|id| R::all(plan).iter().position(|r| r.id() == id));
        let mut rec = match position {
            Some(i) => R::all(plan)[i].clone(),
            None => {
                let mut r = R::default();
                r.prepare_new(plan);
                r
            }
        };
        let mut cells = op.cells.clone();
        cells.sort_by(|a, b| a.0.cmp(&b.0));
        for (f, text, unit) in &cells {
            // checked in the preview; a cell that fails now changes nothing
            let _ = rec.set(f, text, *unit);
        }
        let _ = rec.finish();
        match position {
            Some(i) => {
                touched.push(rec.id());
                R::all_mut(plan)[i] = rec;
            }
            None => {
                // the preview refused the rows beyond the ids the plan has left
                let Ok(id) = plan.alloc_id() else { break };
                rec.set_id(id);
                touched.push(id);
                R::all_mut(plan).push(rec);
            }
        }
    }
    touched
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_headings() {
        assert_eq!(find_year("2015/16 (£000)").map(|y| y.0), Some("2015/16".into()));
        assert_eq!(find_year("14/15").map(|y| y.0), Some("2014/15".into()));
        assert_eq!(find_year("Spend 2015-2016").map(|y| y.0), Some("2015/16".into()));
        assert_eq!(find_year("2015/17"), None);
        assert_eq!(find_year("Scheme name"), None);
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn kent_headings_match() {
        let plan = Plan::default();
        let m = |h: &str| match match_header(&plan, RecordKind::Schemes, h) {
            HeaderMatch::Field { field, unit, .. } => Some((field, unit)),
            _ => None,
        };
        assert_eq!(m("Scheme Name").unwrap().0, Field::SchemeName);
        assert_eq!(m("Please specify if Other").unwrap().0, Field::AreaOther);
        assert_eq!(m("SOURCE OF FUNDING").unwrap().0, Field::SourceOfFunding);
        assert_eq!(
            m("2015/16 (£000)").unwrap(),
            (
                Field::Money {
                    year: "2015/16".into(),
                    part: MoneyPart::Spend
                },
                Some(MoneyUnit::Thousands)
            )
        );
        assert_eq!(
            m("2014/15 non-recurrent (£)").unwrap(),
            (
                Field::Money {
                    year: "2014/15".into(),
                    part: MoneyPart::NonRecurrent
                },
                Some(MoneyUnit::Pounds)
            )
        );
        assert_eq!(
            match_header(&plan, RecordKind::Schemes, "2015/16 total spend (£)"),
            HeaderMatch::Computed
        );
        assert_eq!(
            match_header(&plan, RecordKind::Schemes, "Favourite colour"),
            HeaderMatch::Unknown
        );
        let r = |h: &str| match match_header(&plan, RecordKind::Risks, h) {
            HeaderMatch::Field { field, .. } => Some(field),
            _ => None,
        };
        assert_eq!(r("Risks"), Some(Field::RiskTitle));
        assert_eq!(r("Risk Rating"), Some(Field::LegacyRating));
        assert_eq!(
            r("Mitigating Actions"),
            Some(Field::Mitigation {
                n: 1,
                part: MitigationPart::Text
            })
        );
        assert_eq!(
            r("Mitigation 3 owner"),
            Some(Field::Mitigation {
                n: 3,
                part: MitigationPart::Owner
            })
        );
        let mt = |h: &str| match match_header(&plan, RecordKind::Metrics, h) {
            HeaderMatch::Field { field, .. } => Some(field),
            _ => None,
        };
        assert_eq!(
            mt("Q1 2015/16 target"),
            Some(Field::NamedPeriod {
                label: "Q1 2015/16".into(),
                part: PeriodPart::Target
            })
        );
        assert_eq!(
            mt("Period 2 actual"),
            Some(Field::Period {
                n: 2,
                part: PeriodPart::Actual
            })
        );
    }
}
