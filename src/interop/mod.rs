//! Working with the tools around opplan: CSV files, the clipboard
//! (tab-separated blocks from Excel and LibreOffice), Excel workbooks and
//! the board report.
//!
//! Every export reads the plan through the same columns ([`Column`]: the
//! stored fields of [`crate::model::field`] plus figures computed by
//! [`crate::calc::summarize`]), and every import goes through one engine
//! ([`import`]): map columns, preview each row with its errors, and apply
//! only what the user confirmed, as one edit.
//!
//! Inert output ([`inert`]): text that a spreadsheet would run as a
//! formula is written with a leading `'` ([`neutralise`]), headings
//! included; numbers are written as numbers. The import removes exactly
//! that `'` again ([`unneutralise`]), so a round trip is exact. Control
//! characters and bidi overrides in plan text are shown escaped on a
//! terminal ([`terminal_text`]) and marked in the HTML report
//! ([`html_text`]).

pub mod clipboard;
pub mod csv;
pub mod export;
pub mod import;
pub mod inert;
pub mod report;
pub mod report_objectives;
pub mod xlsx;
pub mod xlsx_read;

use crate::calc::{PlanSummary, SignOffState};
use crate::model::field::{Field, MoneyPart, RecordKind, stored_fields};
use crate::model::money::MoneyUnit;
use crate::model::record::Record;
use crate::model::value::Value;
use crate::model::{Amount, Pence, Plan, Rag, RecordId, Span};

pub use inert::{eprint_line, html_text, json_text, neutralise, print_line, terminal_text, unneutralise};

/// A figure opplan computes, exported beside the stored fields (never
/// imported back: opplan computes it again).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Computed {
    /// Unsplit + recurrent + non-recurrent spend in a year.
    SchemeTotal(String),
    SchemeRag,
    MetricRag,
    /// "2015/16 (actual)": the period and basis the rating rests on.
    MetricRatedOn,
    MetricExplanation,
    RiskScore,
    RiskBand,
    RiskRag,
    ResidualScore,
    SignOffState,
}

impl Computed {
    pub fn header(&self, unit: MoneyUnit) -> String {
        match self {
            Computed::SchemeTotal(y) => format!("{y} total spend ({})", unit.label()),
            Computed::SchemeRag => "Delivery RAG".into(),
            Computed::MetricRag => "RAG".into(),
            Computed::MetricRatedOn => "Rated on".into(),
            Computed::MetricExplanation => "RAG explanation".into(),
            Computed::RiskScore => "Current score".into(),
            Computed::RiskBand => "Band".into(),
            Computed::RiskRag => "RAG".into(),
            Computed::ResidualScore => "Residual score".into(),
            Computed::SignOffState => "Sign-off state".into(),
        }
    }
}

/// Headers of computed columns (normalised), recognised on import and
/// left out with a reason.
pub const COMPUTED_HEADERS: [&str; 10] = [
    "delivery rag",
    "rag",
    "rated on",
    "rag explanation",
    "current score",
    "score",
    "band",
    "residual score",
    "sign off state",
    "state",
];

/// One column of an export.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Stored(Field),
    Computed(Computed),
}

impl Column {
    pub fn header(&self, unit: MoneyUnit) -> String {
        match self {
            Column::Stored(f) => f.header(unit),
            Column::Computed(c) => c.header(unit),
        }
    }
    pub fn is_money(&self) -> bool {
        matches!(
            self,
            Column::Stored(Field::Money { .. }) | Column::Computed(Computed::SchemeTotal(_))
        )
    }
    /// The year of a money column.
    pub fn year(&self) -> Option<&str> {
        match self {
            Column::Stored(Field::Money { year, .. }) | Column::Computed(Computed::SchemeTotal(year)) => Some(year),
            _ => None,
        }
    }
}

/// The columns of a table's export, in the order a person reads them:
/// the stored fields with the computed figures beside them (a year's total
/// after its money columns when spend is split; the RAG after the status).
pub fn export_columns(plan: &Plan, kind: RecordKind) -> Vec<Column> {
    let fields = stored_fields(plan, kind);
    let mut out = Vec::with_capacity(fields.len() + 4);
    match kind {
        RecordKind::Schemes => {
            let split = fields
                .iter()
                .any(|f| matches!(f, Field::Money { part, .. } if *part != MoneyPart::Spend));
            let years: Vec<String> = fields
                .iter()
                .filter_map(|f| match f {
                    Field::Money { year, .. } => Some(year.clone()),
                    _ => None,
                })
                .fold(Vec::new(), |mut v, y| {
                    if !v.contains(&y) {
                        v.push(y);
                    }
                    v
                });
            let last_money = fields.iter().rposition(|f| f.is_money());
            for (i, f) in fields.into_iter().enumerate() {
                let is_status = f == Field::SchemeStatus;
                out.push(Column::Stored(f));
                if is_status {
                    out.push(Column::Computed(Computed::SchemeRag));
                }
                if split && Some(i) == last_money {
                    for y in &years {
                        out.push(Column::Computed(Computed::SchemeTotal(y.clone())));
                    }
                }
            }
        }
        RecordKind::Metrics => {
            for f in fields {
                let after = f == Field::BaselinePeriod;
                out.push(Column::Stored(f));
                if after {
                    out.push(Column::Computed(Computed::MetricRag));
                    out.push(Column::Computed(Computed::MetricRatedOn));
                    out.push(Column::Computed(Computed::MetricExplanation));
                }
            }
        }
        RecordKind::Risks => {
            for f in fields {
                let after = f == Field::RiskStatus;
                let after_residual = matches!(
                    f,
                    Field::Score {
                        which: crate::model::field::ScoreKind::Residual,
                        part: crate::model::field::ScorePart::Consequence
                    }
                );
                out.push(Column::Stored(f));
                if after {
                    out.push(Column::Computed(Computed::RiskScore));
                    out.push(Column::Computed(Computed::RiskBand));
                    out.push(Column::Computed(Computed::RiskRag));
                }
                if after_residual {
                    out.push(Column::Computed(Computed::ResidualScore));
                }
            }
        }
        RecordKind::SignOffs => {
            for f in fields {
                let after = f == Field::SignOffStatus;
                out.push(Column::Stored(f));
                if after {
                    out.push(Column::Computed(Computed::SignOffState));
                }
            }
        }
        RecordKind::Objectives | RecordKind::Sections => out.extend(fields.into_iter().map(Column::Stored)),
    }
    out
}

/// The words of a sign-off's state: "Signed", "Signed, but Schemes
/// changed since", "Marked signed but: no date".
pub fn signoff_state_text(st: &SignOffState) -> String {
    match st {
        SignOffState::Signed => "Signed".into(),
        SignOffState::ChangedSince { parts } => format!("Signed, but {} changed since", parts.join(", ")),
        SignOffState::Incomplete { problems } => format!("Marked signed but: {}", problems.join("; ")),
        SignOffState::Unverified => "Marked signed, but not in opplan: what was signed is unknown".into(),
        SignOffState::Pending => "Not signed yet".into(),
        SignOffState::Declined => "Declined".into(),
    }
}

/// What one cell of an export holds: the value, and the RAG that colours
/// it when it is a rating.
#[derive(Clone, Debug, PartialEq)]
pub struct CellOut {
    pub value: Value,
    pub rag: Option<Rag>,
}

impl CellOut {
    fn plain(value: Value) -> Self {
        CellOut { value, rag: None }
    }
    fn rag(rag: Rag, word: String) -> Self {
        CellOut {
            value: Value::Text(word),
            rag: Some(rag),
        }
    }
}

pub(crate) fn span_amount(s: Span) -> Value {
    let clamp = |v: i128| Pence(v.clamp(i64::MIN as i128, i64::MAX as i128) as i64);
    if s.is_range() {
        Value::Money(Amount::Range(clamp(s.min_pence), clamp(s.max_pence)))
    } else {
        Value::Money(Amount::Exact(clamp(s.min_pence)))
    }
}

/// The cell of record `index` (position in the plan) in `column`.
pub fn cell(plan: &Plan, summary: &PlanSummary, kind: RecordKind, index: usize, column: &Column) -> CellOut {
    match column {
        Column::Stored(f) => CellOut::plain(match kind {
            RecordKind::Schemes => plan.schemes[index].get(f),
            RecordKind::Metrics => plan.metrics[index].get(f),
            RecordKind::Risks => plan.risks[index].get(f),
            RecordKind::SignOffs => plan.signoffs[index].get(f),
            RecordKind::Objectives => plan.objectives[index].get(f),
            RecordKind::Sections => plan.sections[index].get(f),
        }),
        Column::Computed(c) => computed_cell(plan, summary, index, c),
    }
}

fn computed_cell(plan: &Plan, summary: &PlanSummary, index: usize, c: &Computed) -> CellOut {
    match c {
        Computed::SchemeTotal(year) => {
            let s = &plan.schemes[index];
            match s.year(year) {
                Some(y) if !y.is_empty() => CellOut::plain(span_amount(y.total_spend())),
                _ => CellOut::plain(Value::Empty),
            }
        }
        Computed::SchemeRag => {
            let rag = summary.scheme_rags.get(index).copied().unwrap_or_default();
            CellOut::rag(rag, rag.word().into())
        }
        Computed::MetricRag => {
            let r = &summary.metric_ratings[index];
            let word = if r.overridden.is_some() {
                format!("{} (set by hand)", r.rag.word())
            } else {
                r.rag.word().to_string()
            };
            CellOut::rag(r.rag, word)
        }
        Computed::MetricRatedOn => {
            let r = &summary.metric_ratings[index];
            let m = &plan.metrics[index];
            match (r.period, r.basis) {
                (Some(p), Some(b)) => CellOut::plain(Value::Text(format!(
                    "{} ({})",
                    m.periods[p].label,
                    b.word().to_ascii_lowercase()
                ))),
                _ => CellOut::plain(Value::Empty),
            }
        }
        Computed::MetricExplanation => CellOut::plain(Value::Text(summary.metric_ratings[index].explanation.clone())),
        Computed::RiskScore => {
            let r = &plan.risks[index];
            CellOut::plain(match r.current.filter(|s| s.is_valid()) {
                Some(s) => Value::Int(s.score() as i64),
                None => Value::Empty,
            })
        }
        Computed::RiskBand => {
            let r = &summary.risk_ratings[index];
            CellOut::plain(r.band.map(|b| Value::Text(b.word().into())).unwrap_or(Value::Empty))
        }
        Computed::RiskRag => {
            let r = &summary.risk_ratings[index];
            CellOut::rag(r.rag, r.rag.word().into())
        }
        Computed::ResidualScore => {
            let r = &plan.risks[index];
            CellOut::plain(match r.residual.filter(|s| s.is_valid()) {
                Some(s) => Value::Int(s.score() as i64),
                None => Value::Empty,
            })
        }
        Computed::SignOffState => {
            let st = &summary.signoff_states[index];
            CellOut::rag(st.rag(), signoff_state_text(st))
        }
    }
}

/// Text of a cell for a delimited file or the clipboard: money in `unit`
/// with every penny, and text neutralised against formulas. Numbers (money,
/// decimals, whole numbers) are never changed.
pub fn cell_text(value: &Value, unit: MoneyUnit) -> String {
    let t = value.cell_text(unit);
    match value {
        Value::Money(_) | Value::Decimal(_) | Value::Int(_) | Value::Bool(_) | Value::Empty => t,
        Value::Figure(crate::model::Figure::Value(_), _) => t,
        _ => neutralise(&t).into_owned(),
    }
}

/// Positions (in plan order) of the records with these ids; all records
/// when `ids` is empty.
pub fn positions(plan: &Plan, kind: RecordKind, ids: &[RecordId]) -> Vec<usize> {
    let all = kind.ids(plan);
    if ids.is_empty() {
        return (0..all.len()).collect();
    }
    all.iter()
        .enumerate()
        .filter(|(_, id)| ids.contains(id))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_text_neutralises_text_not_numbers() {
        assert_eq!(
            cell_text(&Value::Money(Amount::Exact(Pence(-100))), MoneyUnit::Pounds),
            "-1.00"
        );
        assert_eq!(
            cell_text(&Value::Text("=HYPERLINK(\"x\")".into()), MoneyUnit::Pounds),
            "'=HYPERLINK(\"x\")"
        );
    }
}
