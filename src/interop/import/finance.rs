//! The operating plan's tables in CSV (and in the workbook): allocation
//! lines, contributions to the pooled budget, QIPP by point of delivery
//! and pay-for-performance amounts. One list of columns per table
//! ([`FinanceTable::columns`]) is what the export writes and what the
//! import reads, so a round trip is exact.
//!
//! The import never guesses, as the records' import does ([`super`]):
//! headings are matched by name (a unit in a heading says what its
//! amounts are in), a row is taken whole or not at all (a missing cell, a
//! value beyond the last heading, a cell that is not of its column's kind,
//! an ID an earlier row already used: an error on that row, naming the
//! column), a row with the ID of a line of the plan updates it, and
//! nothing changes before the preview is applied, as one edit.
//!
//! QIPP rows belong to a scheme: each names it by its ID (a scheme that
//! is not in the plan, or whose name the row gives differently, is an
//! error on the row). The rows of one scheme and year give that year's
//! saving and investment (the same on each row: rows that disagree are an
//! error on the later row) and its points of delivery, in order; the year
//! is replaced by what the file says, its phasing kept. Years and schemes
//! the file does not name are left as they are.

use super::super::{cell_text, neutralise, span_amount, unneutralise};
use super::headings::{normalise, take_unit};
use super::preview::{BLANK, CellError, Outcome, Preview, RowPreview, ragged, short};
use super::{BrokenRow, Table, filled_len};
use crate::model::limits::{MAX_LINE_CHARS, MAX_TEXT_CHARS};
use crate::model::money::{MoneyUnit, parse_amount};
use crate::model::operating::parse_activity;
use crate::model::value::{Value, check_length, parse_decimal, parse_id, parse_org_type, quoted};
use crate::model::{
    AllocationLine, Amount, Contribution, FinanceTables, IncomeKind, PerformanceAmount, Plan, PlanEdit, PodChange,
    QippYear, RecordId, Scheme,
};
use std::collections::{BTreeMap, HashMap};

/// One of the operating plan's tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FinanceTable {
    Allocations,
    Contributions,
    Qipp,
    Performance,
}

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Id,
    Year,
    Label,
    Kind,
    Amount,
    GrowthPct,
    Notes,
    Organisation,
    OrgType,
    Holds,
    Source,
    Minimum,
    Actual,
    SchemeId,
    Scheme,
    Programme,
    Saving,
    Investment,
    /// Saving − investment: computed, exported, never imported.
    Net,
    Pod,
    Activity,
    Finance,
    Metric,
    MetricId,
    PayForPerformance,
    PlannedSavings,
    MaximumSupport,
}

impl Key {
    /// True for a column of amounts.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            Key::Amount
                | Key::Minimum
                | Key::Actual
                | Key::Saving
                | Key::Investment
                | Key::Net
                | Key::Finance
                | Key::PayForPerformance
                | Key::PlannedSavings
                | Key::MaximumSupport
        )
    }
}

/// A column of a finance table: its heading (money in pounds) and other
/// names it is known by.
#[derive(Clone, Copy, Debug)]
pub struct Col {
    pub key: Key,
    pub heading: &'static str,
    pub aliases: &'static [&'static str],
}

const fn col(key: Key, heading: &'static str, aliases: &'static [&'static str]) -> Col {
    Col { key, heading, aliases }
}

const ALLOCATION_COLUMNS: [Col; 7] = [
    col(Key::Id, "ID", &[]),
    col(Key::Year, "Year", &["Financial year"]),
    col(Key::Label, "Income line", &["Line", "Allocation", "Description"]),
    col(Key::Kind, "Recurrent or non-recurrent", &["Recurrent", "Kind", "Type"]),
    col(Key::Amount, "Amount (£)", &["Value"]),
    col(Key::GrowthPct, "Growth (%)", &["Growth"]),
    col(Key::Notes, "Notes", &["Note"]),
];

const CONTRIBUTION_COLUMNS: [Col; 9] = [
    col(Key::Id, "ID", &[]),
    col(Key::Year, "Year", &["Financial year"]),
    col(
        Key::Organisation,
        "Organisation",
        &["Organization", "Organisation name"],
    ),
    col(Key::OrgType, "Organisation type", &["Type", "Organization type"]),
    col(
        Key::Holds,
        "Holds the pooled budget? (Y/N)",
        &[
            "Holds the pooled budget",
            "Holds the pooled budget?",
            "Pooled budget holder",
        ],
    ),
    col(Key::Source, "Source of funding", &["Source"]),
    col(Key::Minimum, "Minimum contribution (£)", &["Minimum"]),
    col(Key::Actual, "Actual contribution (£)", &["Actual"]),
    col(Key::Notes, "Notes", &["Note"]),
];

const QIPP_COLUMNS: [Col; 10] = [
    col(Key::SchemeId, "Scheme ID", &[]),
    col(Key::Scheme, "Scheme", &["Scheme name"]),
    col(Key::Programme, "Programme", &["Programme area", "Program"]),
    col(Key::Year, "Year", &["Financial year"]),
    col(Key::Saving, "Saving (£)", &["QIPP saving", "Savings"]),
    col(Key::Investment, "Investment (£)", &["QIPP investment"]),
    col(Key::Net, "Net saving (£)", &["Net", "Net QIPP"]),
    col(Key::Pod, "Point of delivery", &["POD"]),
    col(Key::Activity, "Activity change", &["Activity"]),
    col(Key::Finance, "Finance change (£)", &["Finance"]),
];

const PERFORMANCE_COLUMNS: [Col; 8] = [
    col(Key::Id, "ID", &[]),
    col(Key::Year, "Year", &["Financial year"]),
    col(Key::Metric, "Metric", &["Metric name"]),
    col(Key::MetricId, "Metric ID", &[]),
    col(
        Key::PayForPerformance,
        "Pay for performance (£)",
        &["Pay for performance"],
    ),
    col(
        Key::PlannedSavings,
        "Planned savings (£)",
        &["Planned savings (if targets fully achieved)", "Planned saving"],
    ),
    col(
        Key::MaximumSupport,
        "Maximum support (£)",
        &["Maximum support needed for other services (if targets not achieved)"],
    ),
    col(Key::Notes, "Notes", &["Note"]),
];

impl FinanceTable {
    pub const ALL: [FinanceTable; 4] = [
        FinanceTable::Allocations,
        FinanceTable::Contributions,
        FinanceTable::Qipp,
        FinanceTable::Performance,
    ];

    /// "allocations", "contributions", "qipp", "performance": the file
    /// name's stem and the option of `opplan import`.
    pub fn key(self) -> &'static str {
        match self {
            FinanceTable::Allocations => "allocations",
            FinanceTable::Contributions => "contributions",
            FinanceTable::Qipp => "qipp",
            FinanceTable::Performance => "performance",
        }
    }

    /// "allocations.csv".
    pub fn file_name(self) -> String {
        format!("{}.csv", self.key())
    }

    /// The table's name in menus and on a sheet: "Allocation lines".
    pub fn word(self) -> &'static str {
        match self {
            FinanceTable::Allocations => "Allocation lines",
            FinanceTable::Contributions => "Contributions",
            FinanceTable::Qipp => "QIPP",
            FinanceTable::Performance => "Pay for performance",
        }
    }

    /// One row of it, in words: "allocation line".
    pub fn singular(self) -> &'static str {
        match self {
            FinanceTable::Allocations => "allocation line",
            FinanceTable::Contributions => "contribution",
            FinanceTable::Qipp => "QIPP row",
            FinanceTable::Performance => "performance amount",
        }
    }

    /// "1 allocation line", "3 contributions".
    pub fn count(self, n: usize) -> String {
        if n == 1 {
            format!("1 {}", self.singular())
        } else {
            format!("{n} {}s", self.singular())
        }
    }

    /// The columns, in the order the export writes them.
    pub fn columns(self) -> &'static [Col] {
        match self {
            FinanceTable::Allocations => &ALLOCATION_COLUMNS,
            FinanceTable::Contributions => &CONTRIBUTION_COLUMNS,
            FinanceTable::Qipp => &QIPP_COLUMNS,
            FinanceTable::Performance => &PERFORMANCE_COLUMNS,
        }
    }

    /// The rows of the plan's table, each as the values of
    /// [`FinanceTable::columns`]: a QIPP row per point of delivery of each
    /// scheme and year (one row for a year without points of delivery).
    pub fn rows(self, plan: &Plan) -> Vec<Vec<Value>> {
        let cols = self.columns();
        let row = |r: &Rec| cols.iter().map(|c| r.get(c.key)).collect();
        match self {
            FinanceTable::Allocations => plan.allocations.iter().map(|l| row(&Rec::Alloc(l.clone()))).collect(),
            FinanceTable::Contributions => plan
                .contributions
                .iter()
                .map(|c| row(&Rec::Contrib(c.clone())))
                .collect(),
            FinanceTable::Performance => plan
                .performance_amounts
                .iter()
                .map(|p| row(&Rec::Perf(p.clone())))
                .collect(),
            FinanceTable::Qipp => qipp_rows(plan).iter().map(|q| row(&Rec::Qipp(q.clone()))).collect(),
        }
    }

    /// The table as CSV (money in pounds, text neutralised, UTF-8 with a
    /// byte-order mark, CRLF), or `None` when the plan has no rows for it.
    pub fn csv(self, plan: &Plan) -> Option<String> {
        let rows = self.rows(plan);
        if rows.is_empty() {
            return None;
        }
        let mut w = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .flexible(false)
            .from_writer(Vec::new());
        // writing to a Vec cannot fail
        let _ = w.write_record(self.columns().iter().map(|c| neutralise(c.heading).into_owned()));
        for r in rows {
            let _ = w.write_record(r.iter().map(|v| cell_text(v, MoneyUnit::Pounds)));
        }
        let mut s = String::from("\u{feff}");
        s.push_str(&String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default());
        Some(s)
    }

    /// The table whose CSV file this is, by its name ("qipp.csv").
    pub fn of_file_name(name: &str) -> Option<FinanceTable> {
        let stem = name.strip_suffix(".csv").unwrap_or(name).to_ascii_lowercase();
        FinanceTable::ALL.into_iter().find(|t| t.key() == stem)
    }
}

/// One QIPP row: a scheme's year with one point of delivery (or none).
#[derive(Clone, Debug, Default, PartialEq)]
struct QippRow {
    scheme_id: Option<RecordId>,
    scheme: String,
    programme: String,
    year: String,
    saving: Option<Amount>,
    investment: Option<Amount>,
    pod: PodChange,
}

fn qipp_rows(plan: &Plan) -> Vec<QippRow> {
    let mut out = Vec::new();
    for s in plan.schemes.iter().filter(|s| s.has_qipp()) {
        for q in &s.qipp {
            let base = QippRow {
                scheme_id: Some(s.id),
                scheme: s.name.clone(),
                programme: s.qipp_programme.clone(),
                year: q.year.clone(),
                saving: q.saving,
                investment: q.investment,
                pod: PodChange::default(),
            };
            if q.points_of_delivery.is_empty() {
                out.push(base.clone());
            }
            for p in &q.points_of_delivery {
                out.push(QippRow {
                    pod: p.clone(),
                    ..base.clone()
                });
            }
        }
    }
    out
}

/// A row of one of the tables, as the import reads and the export writes it.
#[derive(Clone, Debug, PartialEq)]
enum Rec {
    Alloc(AllocationLine),
    Contrib(Contribution),
    Perf(PerformanceAmount),
    Qipp(QippRow),
}

fn money(a: &Option<Amount>) -> Value {
    a.map(Value::Money).unwrap_or(Value::Empty)
}

fn text(s: &str) -> Value {
    if s.is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_string())
    }
}

fn id_value(id: Option<RecordId>) -> Value {
    id.filter(|id| id.0 != 0).map(Value::id).unwrap_or(Value::Empty)
}

/// A one-line text cell.
fn line(t: &str) -> Result<String, String> {
    check_length(t, MAX_LINE_CHARS)?;
    Ok(t.to_string())
}

/// An amount: blank is none; text that is not an amount is refused (these
/// tables keep amounts only).
fn amount(t: &str, unit: MoneyUnit) -> Result<Option<Amount>, String> {
    parse_amount(t, unit).map_err(|e| format!("{} is not an amount: {e}", quoted(t)))
}

fn income_kind(t: &str) -> Result<IncomeKind, String> {
    let n = normalise(t);
    match n.as_str() {
        "recurrent" | "r" => Ok(IncomeKind::Recurrent),
        "non recurrent" | "nonrecurrent" | "nr" => Ok(IncomeKind::NonRecurrent),
        _ => Err(format!("{} is not Recurrent or Non-recurrent", quoted(t))),
    }
}

fn holds(t: &str) -> Result<Option<bool>, String> {
    match normalise(t).as_str() {
        "" => Ok(None),
        "y" | "yes" => Ok(Some(true)),
        "n" | "no" => Ok(Some(false)),
        _ => Err(format!("{} is not Y or N (or blank)", quoted(t))),
    }
}

fn optional_id(t: &str) -> Result<Option<RecordId>, String> {
    if t.trim().is_empty() {
        Ok(None)
    } else {
        parse_id(t).map(Some)
    }
}

impl Rec {
    fn get(&self, key: Key) -> Value {
        match (self, key) {
            (Rec::Alloc(l), Key::Id) => id_value(Some(l.id)),
            (Rec::Alloc(l), Key::Year) => text(&l.year),
            (Rec::Alloc(l), Key::Label) => text(&l.label),
            (Rec::Alloc(l), Key::Kind) => Value::Text(l.kind.word().into()),
            (Rec::Alloc(l), Key::Amount) => money(&l.amount),
            (Rec::Alloc(l), Key::GrowthPct) => l
                .growth_pct
                .map(|d| Value::Decimal(d.normalize()))
                .unwrap_or(Value::Empty),
            (Rec::Alloc(l), Key::Notes) => text(&l.notes),
            (Rec::Contrib(c), Key::Id) => id_value(Some(c.id)),
            (Rec::Contrib(c), Key::Year) => text(&c.year),
            (Rec::Contrib(c), Key::Organisation) => text(&c.organisation),
            (Rec::Contrib(c), Key::OrgType) => Value::Text(c.org_type.word().into()),
            (Rec::Contrib(c), Key::Holds) => match c.holds_pooled_budget {
                Some(true) => Value::Text("Y".into()),
                Some(false) => Value::Text("N".into()),
                None => Value::Empty,
            },
            (Rec::Contrib(c), Key::Source) => text(&c.source_of_funding),
            (Rec::Contrib(c), Key::Minimum) => money(&c.minimum),
            (Rec::Contrib(c), Key::Actual) => money(&c.actual),
            (Rec::Contrib(c), Key::Notes) => text(&c.notes),
            (Rec::Perf(p), Key::Id) => id_value(Some(p.id)),
            (Rec::Perf(p), Key::Year) => text(&p.year),
            (Rec::Perf(p), Key::Metric) => text(&p.metric),
            (Rec::Perf(p), Key::MetricId) => id_value(p.metric_id),
            (Rec::Perf(p), Key::PayForPerformance) => money(&p.pay_for_performance),
            (Rec::Perf(p), Key::PlannedSavings) => money(&p.planned_savings),
            (Rec::Perf(p), Key::MaximumSupport) => money(&p.maximum_support),
            (Rec::Perf(p), Key::Notes) => text(&p.notes),
            (Rec::Qipp(q), Key::SchemeId) => id_value(q.scheme_id),
            (Rec::Qipp(q), Key::Scheme) => text(&q.scheme),
            (Rec::Qipp(q), Key::Programme) => text(&q.programme),
            (Rec::Qipp(q), Key::Year) => text(&q.year),
            (Rec::Qipp(q), Key::Saving) => money(&q.saving),
            (Rec::Qipp(q), Key::Investment) => money(&q.investment),
            (Rec::Qipp(q), Key::Net) => {
                if q.saving.is_none() && q.investment.is_none() {
                    Value::Empty
                } else {
                    let y = QippYear {
                        saving: q.saving,
                        investment: q.investment,
                        ..Default::default()
                    };
                    span_amount(y.net())
                }
            }
            (Rec::Qipp(q), Key::Pod) => text(&q.pod.point_of_delivery),
            (Rec::Qipp(q), Key::Activity) => q.pod.activity.map(Value::Int).unwrap_or(Value::Empty),
            (Rec::Qipp(q), Key::Finance) => money(&q.pod.finance),
            _ => Value::Empty,
        }
    }

    /// Reads a cell into the row; the reason when it cannot.
    fn set(&mut self, key: Key, t: &str, unit: MoneyUnit) -> Result<(), String> {
        match (self, key) {
            (Rec::Alloc(l), Key::Year) => l.year = line(t)?,
            (Rec::Alloc(l), Key::Label) => l.label = line(t)?,
            (Rec::Alloc(l), Key::Kind) => l.kind = income_kind(t)?,
            (Rec::Alloc(l), Key::Amount) => l.amount = amount(t, unit)?,
            (Rec::Alloc(l), Key::GrowthPct) => l.growth_pct = parse_decimal(t)?,
            (Rec::Alloc(l), Key::Notes) => {
                check_length(t, MAX_TEXT_CHARS)?;
                l.notes = t.to_string();
            }
            (Rec::Contrib(c), Key::Year) => c.year = line(t)?,
            (Rec::Contrib(c), Key::Organisation) => c.organisation = line(t)?,
            (Rec::Contrib(c), Key::OrgType) => c.org_type = parse_org_type(t)?,
            (Rec::Contrib(c), Key::Holds) => c.holds_pooled_budget = holds(t)?,
            (Rec::Contrib(c), Key::Source) => c.source_of_funding = line(t)?,
            (Rec::Contrib(c), Key::Minimum) => c.minimum = amount(t, unit)?,
            (Rec::Contrib(c), Key::Actual) => c.actual = amount(t, unit)?,
            (Rec::Contrib(c), Key::Notes) => {
                check_length(t, MAX_TEXT_CHARS)?;
                c.notes = t.to_string();
            }
            (Rec::Perf(p), Key::Year) => p.year = line(t)?,
            (Rec::Perf(p), Key::Metric) => p.metric = line(t)?,
            (Rec::Perf(p), Key::MetricId) => p.metric_id = optional_id(t)?,
            (Rec::Perf(p), Key::PayForPerformance) => p.pay_for_performance = amount(t, unit)?,
            (Rec::Perf(p), Key::PlannedSavings) => p.planned_savings = amount(t, unit)?,
            (Rec::Perf(p), Key::MaximumSupport) => p.maximum_support = amount(t, unit)?,
            (Rec::Perf(p), Key::Notes) => {
                check_length(t, MAX_TEXT_CHARS)?;
                p.notes = t.to_string();
            }
            (Rec::Qipp(q), Key::SchemeId) => q.scheme_id = optional_id(t)?,
            (Rec::Qipp(q), Key::Scheme) => q.scheme = line(t)?,
            (Rec::Qipp(q), Key::Programme) => q.programme = line(t)?,
            (Rec::Qipp(q), Key::Year) => q.year = line(t)?,
            (Rec::Qipp(q), Key::Saving) => q.saving = amount(t, unit)?,
            (Rec::Qipp(q), Key::Investment) => q.investment = amount(t, unit)?,
            (Rec::Qipp(q), Key::Pod) => q.pod.point_of_delivery = line(t)?,
            (Rec::Qipp(q), Key::Activity) => q.pod.activity = parse_activity(t)?,
            (Rec::Qipp(q), Key::Finance) => q.pod.finance = amount(t, unit)?,
            // the ID is read by the preview, a computed column never
            _ => {}
        }
        Ok(())
    }

    fn title(&self) -> &str {
        match self {
            Rec::Alloc(l) => &l.label,
            Rec::Contrib(c) => &c.organisation,
            Rec::Perf(p) => &p.metric,
            Rec::Qipp(q) => &q.pod.point_of_delivery,
        }
    }

    fn year(&self) -> &str {
        match self {
            Rec::Alloc(l) => &l.year,
            Rec::Contrib(c) => &c.year,
            Rec::Perf(p) => &p.year,
            Rec::Qipp(q) => &q.year,
        }
    }

    fn id(&self) -> RecordId {
        match self {
            Rec::Alloc(l) => l.id,
            Rec::Contrib(c) => c.id,
            Rec::Perf(p) => p.id,
            Rec::Qipp(q) => q.scheme_id.unwrap_or_default(),
        }
    }

    fn set_id(&mut self, id: RecordId) {
        match self {
            Rec::Alloc(l) => l.id = id,
            Rec::Contrib(c) => c.id = id,
            Rec::Perf(p) => p.id = id,
            Rec::Qipp(q) => q.scheme_id = Some(id),
        }
    }
}

/// The rows of `table` in `t`, as [`Rec`]s.
fn recs(t: &FinanceTables, table: FinanceTable) -> Vec<Rec> {
    match table {
        FinanceTable::Allocations => t.allocations.iter().cloned().map(Rec::Alloc).collect(),
        FinanceTable::Contributions => t.contributions.iter().cloned().map(Rec::Contrib).collect(),
        FinanceTable::Performance => t.performance_amounts.iter().cloned().map(Rec::Perf).collect(),
        FinanceTable::Qipp => Vec::new(),
    }
}

/// Puts `recs` back as the table's rows in `t`.
fn put_recs(t: &mut FinanceTables, recs: Vec<Rec>) {
    for r in recs {
        match r {
            Rec::Alloc(l) => t.allocations.push(l),
            Rec::Contrib(c) => t.contributions.push(c),
            Rec::Perf(p) => t.performance_amounts.push(p),
            Rec::Qipp(_) => {}
        }
    }
}

/// Where one source column goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FinanceColumn {
    /// Its heading ("Column C" when blank).
    pub source: String,
    /// What it is read into; `None` when left out.
    pub key: Option<Key>,
    /// What its amounts are in.
    pub unit: MoneyUnit,
    /// How it was matched, or why it is left out.
    pub note: String,
}

/// The import of one finance table: the rows as read and how each column
/// is read. Headings are required: the first row is the heading row.
#[derive(Clone, Debug)]
pub struct FinanceSpec {
    pub table: FinanceTable,
    pub rows: Vec<Vec<String>>,
    pub broken: Vec<BrokenRow>,
    pub columns: Vec<FinanceColumn>,
    pub default_unit: MoneyUnit,
    /// "the clipboard", "allocations.csv".
    pub source_name: String,
    /// The row number, in the source, of the heading row.
    pub first_line: usize,
}

/// What the import of a finance table will do, and the edit that does it.
#[derive(Clone, Debug, Default)]
pub struct FinancePreview {
    pub preview: Preview,
    /// The edit: the finance tables with the rows added and updated, or
    /// the schemes whose QIPP changes; nothing when nothing changes.
    pub edit: PlanEdit,
    /// How many rows the edit applies.
    pub applied: usize,
}

impl FinancePreview {
    /// "Add 3 allocation lines, update 1 allocation line".
    pub fn action_text(&self, table: FinanceTable) -> String {
        self.preview.action_text_counting(|n| table.count(n))
    }
}

/// Matches a heading to a column of `table`: by its heading or another
/// name, with a unit in it ("(£000)") saying what its amounts are in.
pub fn match_finance_header(table: FinanceTable, header: &str) -> Option<(Key, Option<MoneyUnit>)> {
    let raw = unneutralise(header.trim());
    let (unit, rest) = take_unit(raw);
    let n = normalise(&rest);
    if n.is_empty() {
        return None;
    }
    let name = |h: &str| normalise(&take_unit(h).1);
    let cols = table.columns();
    cols.iter()
        .find(|c| name(c.heading) == n)
        .or_else(|| cols.iter().find(|c| c.aliases.iter().any(|a| name(a) == n)))
        .map(|c| (c.key, unit))
}

impl FinanceSpec {
    /// Starts the import of rows whose first row is the heading row.
    pub fn new(table: FinanceTable, rows: impl Into<Table>, default_unit: MoneyUnit, source_name: &str) -> Self {
        let t: Table = rows.into();
        let mut spec = FinanceSpec {
            table,
            rows: t.rows,
            broken: t.broken,
            columns: Vec::new(),
            default_unit,
            source_name: source_name.to_string(),
            first_line: 1,
        };
        spec.remap();
        spec
    }

    /// Maps every column again from the heading row (after the default
    /// unit changed).
    pub fn remap(&mut self) {
        let header = self.rows.first().cloned().unwrap_or_default();
        let width = self.rows.iter().map(|r| filled_len(r)).max().unwrap_or(0);
        let broken = self.broken.iter().any(|b| b.row == 0);
        let mut cols: Vec<FinanceColumn> = Vec::with_capacity(width);
        for i in 0..width {
            let h = header.get(i).map(|s| s.trim().to_string()).unwrap_or_default();
            let source = if h.is_empty() {
                format!("Column {}", super::column_letter(i))
            } else {
                h.clone()
            };
            let matched = if broken {
                None
            } else {
                match_finance_header(self.table, &h)
            };
            let (key, unit, note) = match matched {
                Some((Key::Net, _)) => (None, self.default_unit, "computed by opplan: not imported".to_string()),
                Some((key, unit)) => {
                    let note = match unit {
                        Some(u) if key.is_money() => format!("matched by heading; amounts in {}", u.label()),
                        _ if key.is_money() => format!(
                            "matched by heading; amounts in {} (no unit in the heading)",
                            self.default_unit.label()
                        ),
                        _ => "matched by heading".to_string(),
                    };
                    if let Some(j) = cols.iter().position(|c| c.key == Some(key)) {
                        (
                            None,
                            self.default_unit,
                            format!("same column as \u{201c}{}\u{201d}: left out", cols[j].source),
                        )
                    } else {
                        (Some(key), unit.unwrap_or(self.default_unit), note)
                    }
                }
                None if h.is_empty() => (None, self.default_unit, "no heading: left out".to_string()),
                None => (None, self.default_unit, "not recognised: left out".to_string()),
            };
            cols.push(FinanceColumn {
                source,
                key,
                unit,
                note,
            });
        }
        self.columns = cols;
    }

    /// The heading of the column `key` of the table ("Amount (£)").
    pub fn heading_of(&self, key: Key) -> &'static str {
        self.table
            .columns()
            .iter()
            .find(|c| c.key == key)
            .map_or("", |c| c.heading)
    }

    /// The name of a source column in messages: its heading, or "Column C".
    pub fn column_name(&self, column: usize) -> String {
        self.columns
            .get(column)
            .map(|c| c.source.clone())
            .unwrap_or_else(|| format!("Column {}", super::column_letter(column)))
    }

    fn column_of(&self, key: Key) -> Option<usize> {
        self.columns.iter().position(|c| c.key == Some(key))
    }

    /// What stops the whole import: a heading row that cannot be read, no
    /// heading opplan knows, or (QIPP) no Scheme ID or Year column.
    pub fn blocking(&self) -> Vec<String> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let what = self.table.word().to_lowercase();
        if let Some(b) = self.broken.iter().find(|b| b.row == 0) {
            return vec![format!(
                "Row {} (the heading row), column {}: {} The headings cannot be read, so nothing is imported.",
                self.first_line,
                super::column_letter(b.column),
                b.message
            )];
        }
        let known = || {
            self.table
                .columns()
                .iter()
                .map(|c| c.heading)
                .collect::<Vec<_>>()
                .join(", ")
        };
        if self.columns.iter().all(|c| c.key.is_none()) {
            return vec![format!(
                "Row {} has no heading opplan reads into {what}: columns are matched by their headings' names, \
                 never by position, so nothing is imported. Headings opplan knows for {what}: {}.",
                self.first_line,
                known()
            )];
        }
        let mut out = Vec::new();
        let required: &[(Key, &str)] = match self.table {
            FinanceTable::Qipp => &[
                (Key::SchemeId, "QIPP rows are matched to their scheme by its ID"),
                (Key::Year, "each row is a year's QIPP"),
            ],
            _ => &[(Key::Year, "every row belongs to a year")],
        };
        for (key, why) in required {
            if self.column_of(*key).is_none() {
                let heading = self
                    .table
                    .columns()
                    .iter()
                    .find(|c| c.key == *key)
                    .map_or("", |c| c.heading);
                out.push(format!(
                    "There is no \u{201c}{heading}\u{201d} column: {why}, so nothing is imported."
                ));
            }
        }
        out
    }

    /// The rows after the heading row: (index, 1-based row number, cells).
    pub fn data_rows(&self) -> impl Iterator<Item = (usize, usize, &Vec<String>)> {
        let first = self.first_line;
        self.rows
            .iter()
            .enumerate()
            .skip(1)
            .map(move |(i, r)| (i, i + first, r))
    }

    /// Previews every row against `plan`, without changing it.
    pub fn preview(&self, plan: &Plan) -> FinancePreview {
        let mut out = FinancePreview {
            preview: Preview {
                blocking: self.blocking(),
                ..Preview::default()
            },
            ..FinancePreview::default()
        };
        if out.preview.is_blocked() {
            return out;
        }
        match self.table {
            FinanceTable::Qipp => self.preview_qipp(plan, &mut out),
            _ => self.preview_lines(plan, &mut out),
        }
        out
    }

    /// Reads the row's cells into `rec`: the problems, one per cell. A row
    /// that does not line up with the headings is not read at all.
    fn read_row(&self, index: usize, row: &[String], rec: &mut Rec) -> Vec<CellError> {
        let expected = self.rows.first().map_or(0, |r| filled_len(r));
        if let Some(b) = self.broken.iter().find(|b| b.row == index) {
            return vec![CellError {
                column: Some(b.column),
                message: b.message.clone(),
            }];
        }
        if let Some(e) = ragged(true, row, expected) {
            return vec![e];
        }
        let mut errors = Vec::new();
        for (i, c) in self.columns.iter().enumerate() {
            let Some(key) = c.key else { continue };
            if key == Key::Id || i >= row.len() {
                continue;
            }
            if let Err(message) = rec.set(key, unneutralise(&row[i]), c.unit) {
                errors.push(CellError {
                    column: Some(i),
                    message,
                });
            }
        }
        if errors.is_empty() && rec.year().trim().is_empty() {
            errors.push(CellError {
                column: self.column_of(Key::Year),
                message: format!(
                    "the year is blank: every {} belongs to a year (\u{201c}2015/16\u{201d})",
                    self.table.singular()
                ),
            });
        }
        errors
    }

    /// The cells a row holds, as (column, key).
    fn read_keys(&self, row: &[String]) -> Vec<(usize, Key)> {
        self.columns
            .iter()
            .enumerate()
            .filter(|(i, _)| *i < row.len())
            .filter_map(|(i, c)| c.key.filter(|k| *k != Key::Id).map(|k| (i, k)))
            .collect()
    }

    fn is_blank(&self, index: usize, row: &[String]) -> bool {
        !self.broken.iter().any(|b| b.row == index) && row.iter().all(|c| c.trim().is_empty())
    }

    /// Allocation lines, contributions, performance amounts: a row with
    /// the ID of a line of the table updates it, another row adds one.
    fn preview_lines(&self, plan: &Plan, out: &mut FinancePreview) {
        let table = self.table;
        let before = FinanceTables::of(plan);
        let existing = recs(&before, table);
        let index: HashMap<RecordId, usize> = existing.iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
        let mut updated = existing.clone();
        let mut added: Vec<Rec> = Vec::new();
        let id_col = self.column_of(Key::Id);
        let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
        let mut ids_left = plan.peek_id().map_or(0, |next| crate::model::limits::MAX_ID - next + 1);
        let metrics: Vec<RecordId> = plan.metrics.iter().map(|m| m.id).collect();
        let singular = table.singular();
        for (index_in_rows, line_no, row) in self.data_rows() {
            if self.is_blank(index_in_rows, row) {
                out.preview.rows.push(blank_row(line_no));
                continue;
            }
            let mut errors = Vec::new();
            let mut position = None;
            let mut changes = Vec::new();
            if let Some(c) = id_col {
                let t = row.get(c).map(|s| unneutralise(s).trim()).unwrap_or("");
                if !t.is_empty() {
                    match parse_id(t) {
                        Ok(id) => {
                            if let Some(first) = seen.get(&id.0) {
                                errors.push(CellError {
                                    column: Some(c),
                                    message: format!(
                                        "ID {} is also on row {first}: a line is updated by one row only, so \
                                         neither row is chosen over the other and this one is left out",
                                        id.0
                                    ),
                                });
                            } else {
                                seen.insert(id.0, line_no);
                            }
                            position = index.get(&id).copied();
                            if position.is_none() {
                                changes.push(format!(
                                    "ID {} is not a {singular} of the plan: added with a new ID",
                                    id.0
                                ));
                            }
                        }
                        Err(message) => errors.push(CellError {
                            column: Some(c),
                            message,
                        }),
                    }
                }
            }
            let mut rec = match position {
                Some(i) => existing[i].clone(),
                None => match table {
                    FinanceTable::Allocations => Rec::Alloc(AllocationLine::default()),
                    FinanceTable::Contributions => Rec::Contrib(Contribution::default()),
                    _ => Rec::Perf(PerformanceAmount::default()),
                },
            };
            if errors.is_empty() {
                errors = self.read_row(index_in_rows, row, &mut rec);
            }
            if errors.is_empty()
                && let Rec::Perf(p) = &rec
                && let Some(m) = p.metric_id
                && !metrics.contains(&m)
            {
                errors.push(CellError {
                    column: self.column_of(Key::MetricId),
                    message: format!(
                        "no metric of the plan has ID {}; leave it blank or name one that exists",
                        m.0
                    ),
                });
            }
            if position.is_none() && errors.is_empty() {
                match ids_left.checked_sub(1) {
                    Some(left) => ids_left = left,
                    None => errors.push(CellError {
                        column: None,
                        message: crate::model::IdsExhausted.to_string(),
                    }),
                }
            }
            let keys = self.read_keys(row);
            let label = match position {
                Some(i) => format!(
                    "{} {} \u{201c}{}\u{201d}",
                    capitalise(singular),
                    i + 1,
                    existing[i].title()
                ),
                None => format!("New {singular} \u{201c}{}\u{201d}", rec.title().trim()),
            };
            let outcome = if !errors.is_empty() {
                Outcome::Error
            } else if let Some(i) = position {
                for (c, key) in &keys {
                    let (old, new) = (existing[i].get(*key), rec.get(*key));
                    if old != new {
                        let unit = self.columns[*c].unit;
                        changes.push(format!(
                            "{} from {} to {}",
                            self.column_name(*c),
                            short(&old, unit),
                            short(&new, unit)
                        ));
                    }
                }
                updated[i] = rec;
                Outcome::Update(existing[i].id())
            } else {
                for (c, key) in &keys {
                    let v = rec.get(*key);
                    if !v.is_empty() {
                        changes.push(format!(
                            "{}: {}",
                            self.column_name(*c),
                            short(&v, self.columns[*c].unit)
                        ));
                    }
                }
                rec.set_id(RecordId(0));
                added.push(rec);
                Outcome::Add
            };
            if outcome != Outcome::Error {
                out.applied += 1;
            }
            out.preview.rows.push(RowPreview {
                line: line_no,
                outcome,
                label,
                errors,
                changes,
            });
        }
        let mut after = before.clone();
        match table {
            FinanceTable::Allocations => after.allocations.clear(),
            FinanceTable::Contributions => after.contributions.clear(),
            _ => after.performance_amounts.clear(),
        }
        put_recs(&mut after, updated);
        put_recs(&mut after, added);
        if after != before {
            out.edit = PlanEdit::SetFinanceTables(Box::new(after));
        }
    }

    /// QIPP: rows by scheme and year, each a point of delivery.
    fn preview_qipp(&self, plan: &Plan, out: &mut FinancePreview) {
        struct Group {
            first_line: usize,
            saving: Option<Amount>,
            investment: Option<Amount>,
            /// in the order of the rows (a point of delivery may be
            /// named twice, as the Finance tab allows)
            pods: Vec<PodChange>,
            /// rows of the group (index into the preview's rows)
            rows: Vec<usize>,
        }
        let id_col = self.column_of(Key::SchemeId);
        let has = |k: Key| self.column_of(k).is_some();
        let unit_of = |k: Key| self.column_of(k).map_or(self.default_unit, |c| self.columns[c].unit);
        let mut groups: Vec<((RecordId, String), Group)> = Vec::new();
        let mut group_index: HashMap<(RecordId, String), usize> = HashMap::new();
        let scheme_index: HashMap<RecordId, usize> = plan.schemes.iter().enumerate().map(|(i, s)| (s.id, i)).collect();
        let mut programmes: HashMap<RecordId, (String, usize)> = HashMap::new();
        for (index_in_rows, line_no, row) in self.data_rows() {
            if self.is_blank(index_in_rows, row) {
                out.preview.rows.push(blank_row(line_no));
                continue;
            }
            let mut rec = Rec::Qipp(QippRow::default());
            let mut errors = self.read_row(index_in_rows, row, &mut rec);
            let Rec::Qipp(q) = rec else { continue };
            let mut scheme: Option<(usize, &Scheme)> = None;
            if errors.is_empty() {
                match q.scheme_id {
                    None => errors.push(CellError {
                        column: id_col,
                        message: "the scheme ID is blank: QIPP rows are matched to their scheme by its ID".into(),
                    }),
                    Some(id) => match scheme_index.get(&id).map(|&i| (i, &plan.schemes[i])) {
                        None => errors.push(CellError {
                            column: id_col,
                            message: format!(
                                "no scheme of the plan has ID {}: QIPP rows belong to a scheme of the plan",
                                id.0
                            ),
                        }),
                        Some((i, s)) => {
                            if has(Key::Scheme) && !q.scheme.trim().is_empty() && q.scheme.trim() != s.name.trim() {
                                errors.push(CellError {
                                    column: self.column_of(Key::Scheme),
                                    message: format!(
                                        "scheme {} is \u{201c}{}\u{201d} in the plan, but the row names {}: \
                                         neither is chosen over the other, so the row is left out",
                                        id.0,
                                        s.name.trim(),
                                        quoted(&q.scheme)
                                    ),
                                });
                            }
                            scheme = Some((i, s));
                        }
                    },
                }
            }
            let has_pod = !q.pod.point_of_delivery.trim().is_empty();
            if errors.is_empty() && !has_pod && (q.pod.activity.is_some() || q.pod.finance.is_some()) {
                errors.push(CellError {
                    column: self.column_of(Key::Pod),
                    message: "an activity or finance change with no point of delivery: name the point of delivery"
                        .into(),
                });
            }
            let label = match scheme {
                Some((i, s)) => format!("Scheme {} \u{201c}{}\u{201d}, {}", i + 1, s.name.trim(), q.year.trim()),
                None => format!("QIPP row \u{201c}{}\u{201d}", q.scheme.trim()),
            };
            let mut group_at = None;
            if errors.is_empty()
                && let Some((_, s)) = scheme
            {
                let key = (s.id, q.year.clone());
                // the programme is the scheme's: every row of it says the same
                if has(Key::Programme) {
                    match programmes.get(&s.id) {
                        Some((p, first)) if p.trim() != q.programme.trim() => errors.push(CellError {
                            column: self.column_of(Key::Programme),
                            message: format!(
                                "row {first} gives this scheme the programme {}, this row {}: a scheme has one \
                                 programme, so the row is left out",
                                quoted(p),
                                quoted(&q.programme)
                            ),
                        }),
                        Some(_) => {}
                        None => {
                            programmes.insert(s.id, (q.programme.clone(), line_no));
                        }
                    }
                }
                let at = group_index.get(&key).copied();
                if errors.is_empty()
                    && let Some(g) = at.map(|i| &groups[i].1)
                {
                    for (k, mine, theirs, what) in [
                        (Key::Saving, &q.saving, &g.saving, "saving"),
                        (Key::Investment, &q.investment, &g.investment, "investment"),
                    ] {
                        if has(k) && mine != theirs {
                            errors.push(CellError {
                                column: self.column_of(k),
                                message: format!(
                                    "row {} gives this scheme's {} {what} as {}, this row as {}: a year has one \
                                     {what}, so the row is left out",
                                    g.first_line,
                                    q.year.trim(),
                                    short(&money(theirs), unit_of(k)),
                                    short(&money(mine), unit_of(k))
                                ),
                            });
                        }
                    }
                }
                if errors.is_empty() {
                    let i = match at {
                        Some(i) => i,
                        None => {
                            group_index.insert(key.clone(), groups.len());
                            groups.push((
                                key,
                                Group {
                                    first_line: line_no,
                                    saving: q.saving,
                                    investment: q.investment,
                                    pods: Vec::new(),
                                    rows: Vec::new(),
                                },
                            ));
                            groups.len() - 1
                        }
                    };
                    let g = &mut groups[i].1;
                    if has_pod {
                        g.pods.push(q.pod.clone());
                    }
                    g.rows.push(out.preview.rows.len());
                    group_at = Some(i);
                }
            }
            let outcome = match (errors.is_empty(), scheme) {
                (true, Some((_, s))) => {
                    out.applied += 1;
                    if s.qipp_year(&q.year).is_some() {
                        Outcome::Update(s.id)
                    } else {
                        Outcome::Add
                    }
                }
                _ => Outcome::Error,
            };
            let mut changes = Vec::new();
            if group_at.is_some() && has_pod {
                let mut parts = Vec::new();
                if let Some(a) = q.pod.activity {
                    parts.push(format!("activity {}", crate::calc::operating::activity_text(a.into())));
                }
                if q.pod.finance.is_some() {
                    parts.push(format!(
                        "finance {}",
                        short(&money(&q.pod.finance), unit_of(Key::Finance))
                    ));
                }
                changes.push(format!(
                    "{}{}{}",
                    quoted(&q.pod.point_of_delivery),
                    if parts.is_empty() { "" } else { ": " },
                    parts.join(", ")
                ));
            }
            out.preview.rows.push(RowPreview {
                line: line_no,
                outcome,
                label,
                errors,
                changes,
            });
        }
        // each scheme the rows name, with its years replaced
        let mut schemes: Vec<Scheme> = Vec::new();
        let mut changed_at: HashMap<RecordId, usize> = HashMap::new();
        for ((id, year), g) in &groups {
            let at = match changed_at.get(id) {
                Some(&i) => i,
                None => {
                    let Some(&i) = scheme_index.get(id) else { continue };
                    let mut s = plan.schemes[i].clone();
                    changed_at.insert(*id, schemes.len());
                    if let Some((p, _)) = programmes.get(id) {
                        s.qipp_programme = p.clone();
                    }
                    schemes.push(s);
                    schemes.len() - 1
                }
            };
            let s = &mut schemes[at];
            let old = s.qipp_year(year).cloned();
            let mut y = old.clone().unwrap_or(QippYear {
                year: year.clone(),
                ..Default::default()
            });
            if has(Key::Saving) {
                y.saving = g.saving;
            }
            if has(Key::Investment) {
                y.investment = g.investment;
            }
            if has(Key::Pod) {
                y.points_of_delivery = g.pods.clone();
            }
            let changed = old.as_ref() != Some(&y);
            match s.qipp.iter().position(|q| q.year == *year) {
                Some(i) => s.qipp[i] = y,
                None => s.qipp.push(y),
            }
            // a year that stays as it was: its rows change nothing
            if !changed {
                for &r in &g.rows {
                    if matches!(out.preview.rows[r].outcome, Outcome::Update(_)) {
                        out.preview.rows[r].changes.clear();
                    }
                }
            }
        }
        let edits: Vec<PlanEdit> = schemes
            .into_iter()
            .filter(|s| scheme_index.get(&s.id).map(|&i| &plan.schemes[i]) != Some(s))
            .map(PlanEdit::put)
            .collect();
        if !edits.is_empty() {
            out.edit = PlanEdit::Batch(edits);
        }
    }
}

fn blank_row(line: usize) -> RowPreview {
    RowPreview {
        line,
        outcome: Outcome::Skip(BLANK.into()),
        label: String::new(),
        errors: Vec::new(),
        changes: Vec::new(),
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Starts the import of a CSV file into a finance table (money in pounds
/// unless a heading says otherwise).
pub fn finance_csv_spec(table: FinanceTable, path: &std::path::Path) -> Result<FinanceSpec, String> {
    let t = crate::interop::csv::read_table(&crate::interop::csv::read_csv_text(path)?);
    if t.rows.is_empty() {
        return Err(format!("{} has no rows.", path.display()));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    Ok(FinanceSpec::new(table, t, MoneyUnit::Pounds, &name))
}
