//! The money side of an operating plan (issue 15): the allocation
//! statement (income lines per year), the planning assumptions and the
//! totals the plan prints (per year), contributions to a pooled budget
//! (the BCF "Finance Summary"), pay-for-performance and contingency
//! amounts per metric, and a scheme's QIPP (saving, investment, point of
//! delivery, phasing). Plain serde types: totals are computed in
//! `calc::operating`, never stored.
//!
//! Sign conventions (the seeds differ between tables; one is chosen here
//! and entries are converted to it): a QIPP saving and an investment are
//! positive amounts (net = saving − investment); a point of delivery's
//! activity change and finance change are signed, negative for fewer
//! attendances or less spend (Appendix B of the DGS plan prints them in
//! brackets).

use super::{Amount, Decimal, OrgType, RecordId};
use serde::{Deserialize, Serialize};

/// Whether an income line recurs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum IncomeKind {
    #[default]
    Recurrent,
    NonRecurrent,
}

impl IncomeKind {
    pub const ALL: [IncomeKind; 2] = [IncomeKind::Recurrent, IncomeKind::NonRecurrent];
    /// "Recurrent", "Non-recurrent".
    pub fn word(self) -> &'static str {
        match self {
            IncomeKind::Recurrent => "Recurrent",
            IncomeKind::NonRecurrent => "Non-recurrent",
        }
    }
}

/// One line of the allocation statement: "1.4% Growth £3.9m, recurrent".
/// Lines keep the order they are given in; subtotals and the total are
/// computed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct AllocationLine {
    pub id: RecordId,
    pub year: String,
    /// "Recurrent Baseline 14-15", "Winter resilience".
    pub label: String,
    pub kind: IncomeKind,
    pub amount: Option<Amount>,
    /// The growth percentage the line stands for ("1.4% Growth"), as
    /// given; not used to compute the amount.
    pub growth_pct: Option<Decimal>,
    pub notes: String,
}

/// One financial year of an operating plan's finance: planned spend, the
/// planning assumptions, and the totals the plan prints (kept to show the
/// variance against the computed ones, never used as totals).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct FinanceYear {
    pub id: RecordId,
    pub year: String,
    /// Planned expenditure; when absent, income is set against the
    /// schemes' spend for the year.
    pub planned_expenditure: Option<Amount>,
    pub surplus_pct: Option<Decimal>,
    pub contingency_pct: Option<Decimal>,
    pub demographic_growth_pct: Option<Decimal>,
    pub trend_growth_pct: Option<Decimal>,
    /// "PbR tariff for 15/16 not yet published".
    pub tariff_note: String,
    /// "Total Recurrent Allocation" as printed.
    pub declared_recurrent: Option<Amount>,
    /// "Total Allocation" as printed.
    pub declared_allocation: Option<Amount>,
    /// The contributions table's printed total of minimum contributions.
    pub declared_minimum_contributions: Option<Amount>,
    /// The contributions table's printed total of actual contributions
    /// (or of spending on BCF schemes, for a year before the pool).
    pub declared_actual_contributions: Option<Amount>,
    /// The QIPP table's printed totals.
    pub declared_qipp_saving: Option<Amount>,
    pub declared_qipp_investment: Option<Amount>,
    pub declared_qipp_net: Option<Amount>,
    /// The point-of-delivery table's printed total activity change.
    pub declared_qipp_activity: Option<i64>,
    pub notes: String,
}

/// One organisation's contribution to the pooled budget in one year (a
/// row of the BCF "Finance Summary").
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Contribution {
    pub id: RecordId,
    pub organisation: String,
    pub org_type: OrgType,
    pub year: String,
    /// "Holds the pooled budget? (Y/N)": `None` when left blank.
    pub holds_pooled_budget: Option<bool>,
    /// The schemes' source of funding this contribution pays for
    /// ("CCG Minimum Contribution"): the contributions are reconciled
    /// against the schemes' spend from that source.
    pub source_of_funding: String,
    pub minimum: Option<Amount>,
    /// The actual contribution (for a year before the pool: the spending
    /// on BCF schemes the template asks for).
    pub actual: Option<Amount>,
    pub notes: String,
}

/// Pay-for-performance and contingency money tied to a metric in one
/// year (the BCF template's contingency plan: "Planned savings (if
/// targets fully achieved)" and "Maximum support needed for other services
/// (if targets not achieved)").
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PerformanceAmount {
    pub id: RecordId,
    /// The metric as the table names it.
    pub metric: String,
    /// The plan's metric it is about, when linked.
    pub metric_id: Option<RecordId>,
    /// "2015/16", or "Ongoing".
    pub year: String,
    pub pay_for_performance: Option<Amount>,
    pub planned_savings: Option<Amount>,
    pub maximum_support: Option<Amount>,
    pub notes: String,
}

/// A QIPP scheme's figures for one year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct QippYear {
    pub year: String,
    /// Positive: money saved.
    pub saving: Option<Amount>,
    /// Positive: money invested to make the saving.
    pub investment: Option<Amount>,
    pub points_of_delivery: Vec<PodChange>,
    /// Optional phasing of the saving by month or quarter; the parts must
    /// add up to the year's saving.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub phasing: Vec<QippPhase>,
}

impl QippYear {
    /// Saving − investment (a range when either is one).
    pub fn net(&self) -> super::Span {
        let span = |a: &Option<Amount>| a.as_ref().map(super::Span::of).unwrap_or(super::Span::ZERO);
        span(&self.saving).minus(span(&self.investment))
    }
}

/// The change a QIPP scheme makes at one point of delivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PodChange {
    /// "Accident and Emergency", "Long Stay Emergency Admission"…
    pub point_of_delivery: String,
    /// Change in activity (a count; negative for fewer).
    pub activity: Option<i64>,
    /// Change in spend (negative for less).
    pub finance: Option<Amount>,
}

/// One month's or quarter's part of a QIPP saving.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct QippPhase {
    /// "Q1", "April 2015".
    pub label: String,
    pub saving: Option<Amount>,
}

/// The points of delivery the DGS plan's Appendix B names, offered as
/// choices (any other text is allowed).
pub const POINTS_OF_DELIVERY: [&str; 14] = [
    "Accident and Emergency",
    "Elective",
    "Long Stay Emergency Admission",
    "Short Stay Emergency Admission",
    "Long Stay Emergency Excess bed days",
    "Outpatient First Single Professional",
    "Outpatient First Outpatient Procedure",
    "Outpatient Follow-up Single Professional",
    "Outpatient Follow-up Non Face to Face",
    "Block - community",
    "Contacts - community",
    "Prescribing",
    "Investment",
    "Block",
];

/// The largest activity change one point of delivery may hold (a count).
pub const MAX_ABS_ACTIVITY: i64 = 1_000_000_000_000;

/// THE activity-change parser: a whole number as planners type it
/// ("-120", "1,200", "(8,038)" for a fall, "−120"); blank is none. Refused
/// with the reason: anything else, and a change beyond
/// ±[`MAX_ABS_ACTIVITY`].
pub fn parse_activity(text: &str) -> Result<Option<i64>, String> {
    let t = text.trim().replace(',', "").replace('\u{2212}', "-");
    if t.is_empty() {
        return Ok(None);
    }
    let (negative, digits) = match t.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
        Some(inner) => (true, inner.trim().to_string()),
        None => match t.strip_prefix('-') {
            Some(rest) => (true, rest.trim().to_string()),
            None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
        },
    };
    let not_a_count = || {
        format!(
            "\u{201c}{}\u{201d} is not an activity change (a whole number, negative for fewer)",
            text.trim()
        )
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(not_a_count());
    }
    match digits.parse::<i64>() {
        Ok(n) if n <= MAX_ABS_ACTIVITY => Ok(Some(if negative { -n } else { n })),
        _ => Err("more than 1,000,000,000,000: check the number".to_string()),
    }
}
