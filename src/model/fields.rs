//! The stored fields of each record kind as flat, named columns: what a
//! spreadsheet row, a CSV file, a pasted block and a version compare see.
//!
//! Each field can be read as a typed [`Value`] and set from the text of a
//! cell ([`Record::set`]), with a reason when the text does not fit. Money
//! cells are read with [`parse_amount`] in the unit the caller gives (the
//! column's unit), dates with [`DateField::from_input`]. Pure: no I/O.

use super::money::{MoneyUnit, exact_in_unit, parse_amount};
use super::*;
use std::fmt::Write as _;

/// The four kinds of record a plan holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Schemes,
    Metrics,
    Risks,
    SignOffs,
}

impl RecordKind {
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Schemes,
        RecordKind::Metrics,
        RecordKind::Risks,
        RecordKind::SignOffs,
    ];
    /// "Schemes", "Metrics", "Risks", "Sign-offs".
    pub fn word(self) -> &'static str {
        match self {
            RecordKind::Schemes => "Schemes",
            RecordKind::Metrics => "Metrics",
            RecordKind::Risks => "Risks",
            RecordKind::SignOffs => "Sign-offs",
        }
    }
    /// "Scheme", "Metric", "Risk", "Sign-off".
    pub fn singular(self) -> &'static str {
        match self {
            RecordKind::Schemes => "Scheme",
            RecordKind::Metrics => "Metric",
            RecordKind::Risks => "Risk",
            RecordKind::SignOffs => "Sign-off",
        }
    }
    /// "schemes", "metrics", "risks", "signoffs": file names and CLI flags.
    pub fn key(self) -> &'static str {
        match self {
            RecordKind::Schemes => "schemes",
            RecordKind::Metrics => "metrics",
            RecordKind::Risks => "risks",
            RecordKind::SignOffs => "signoffs",
        }
    }
    /// "1 scheme", "3 schemes".
    pub fn count(self, n: usize) -> String {
        let one = self.singular().to_ascii_lowercase();
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    }
    /// How many records of this kind the plan holds.
    pub fn len(self, plan: &Plan) -> usize {
        match self {
            RecordKind::Schemes => plan.schemes.len(),
            RecordKind::Metrics => plan.metrics.len(),
            RecordKind::Risks => plan.risks.len(),
            RecordKind::SignOffs => plan.signoffs.len(),
        }
    }
    /// The ids of this kind's records, in plan order.
    pub fn ids(self, plan: &Plan) -> Vec<RecordId> {
        match self {
            RecordKind::Schemes => plan.schemes.iter().map(|r| r.id).collect(),
            RecordKind::Metrics => plan.metrics.iter().map(|r| r.id).collect(),
            RecordKind::Risks => plan.risks.iter().map(|r| r.id).collect(),
            RecordKind::SignOffs => plan.signoffs.iter().map(|r| r.id).collect(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MoneyPart {
    /// Spend not split into recurrent and non-recurrent.
    Spend,
    Recurrent,
    NonRecurrent,
    BenefitRecurrent,
    BenefitNonRecurrent,
}

impl MoneyPart {
    pub const ALL: [MoneyPart; 5] = [
        MoneyPart::Spend,
        MoneyPart::Recurrent,
        MoneyPart::NonRecurrent,
        MoneyPart::BenefitRecurrent,
        MoneyPart::BenefitNonRecurrent,
    ];
    /// "spend", "recurrent", ...
    pub fn word(self) -> &'static str {
        match self {
            MoneyPart::Spend => "spend",
            MoneyPart::Recurrent => "recurrent",
            MoneyPart::NonRecurrent => "non-recurrent",
            MoneyPart::BenefitRecurrent => "benefit recurrent",
            MoneyPart::BenefitNonRecurrent => "benefit non-recurrent",
        }
    }
    pub fn of(self, y: &SchemeYear) -> &Option<Amount> {
        match self {
            MoneyPart::Spend => &y.spend,
            MoneyPart::Recurrent => &y.recurrent,
            MoneyPart::NonRecurrent => &y.non_recurrent,
            MoneyPart::BenefitRecurrent => &y.benefit_recurrent,
            MoneyPart::BenefitNonRecurrent => &y.benefit_non_recurrent,
        }
    }
    pub fn of_mut(self, y: &mut SchemeYear) -> &mut Option<Amount> {
        match self {
            MoneyPart::Spend => &mut y.spend,
            MoneyPart::Recurrent => &mut y.recurrent,
            MoneyPart::NonRecurrent => &mut y.non_recurrent,
            MoneyPart::BenefitRecurrent => &mut y.benefit_recurrent,
            MoneyPart::BenefitNonRecurrent => &mut y.benefit_non_recurrent,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PeriodPart {
    Label,
    Target,
    Actual,
    Forecast,
}

impl PeriodPart {
    pub fn word(self) -> &'static str {
        match self {
            PeriodPart::Label => "label",
            PeriodPart::Target => "target",
            PeriodPart::Actual => "actual",
            PeriodPart::Forecast => "forecast",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScoreKind {
    /// Inherent, before mitigation.
    Current,
    Residual,
    Target,
}

impl ScoreKind {
    pub fn word(self) -> &'static str {
        match self {
            ScoreKind::Current => "Current",
            ScoreKind::Residual => "Residual",
            ScoreKind::Target => "Target",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ScorePart {
    Likelihood,
    Consequence,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MitigationPart {
    Text,
    Owner,
    Due,
    Done,
}

/// The fields of mitigating actions 1 to `n`, action by action.
pub fn mitigation_fields(n: usize) -> impl Iterator<Item = Field> {
    (1..=n).flat_map(|i| {
        [
            MitigationPart::Text,
            MitigationPart::Owner,
            MitigationPart::Due,
            MitigationPart::Done,
        ]
        .map(|part| Field::Mitigation { n: i, part })
    })
}

/// One stored field of a record. The order of the variants is the order
/// in which a row's cells are applied (an override before its reason, a
/// likelihood before its consequence).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// The record id: matches rows to existing records on import.
    Id,
    // schemes
    SchemeReference,
    SchemeName,
    AreaOfSpend,
    AreaOther,
    Commissioner,
    Provider,
    SourceOfFunding,
    Programme,
    SchemeStatus,
    Money {
        year: String,
        part: MoneyPart,
    },
    SchemeDescription,
    Outcomes,
    SchemeNotes,
    // metrics
    MetricReference,
    MetricName,
    MetricCategory,
    MetricDescription,
    MetricUnit,
    Polarity,
    Baseline,
    BaselinePeriod,
    /// Period `n` (from 1) of the metric, in time order.
    Period {
        n: usize,
        part: PeriodPart,
    },
    /// The period with this label (created when missing): for spreadsheet
    /// columns such as "Q1 2015/16 target".
    NamedPeriod {
        label: String,
        part: PeriodPart,
    },
    TolerancePct,
    RagOverride,
    OverrideReason,
    OverrideBy,
    OverrideDate,
    Diagnosis,
    Action,
    Trajectory,
    MetricSchemes,
    // risks
    RiskReference,
    RiskTitle,
    RiskDescription,
    RiskCategory,
    RiskOwner,
    RiskStatus,
    DateRaised,
    ReviewDate,
    Score {
        which: ScoreKind,
        part: ScorePart,
    },
    LegacyRating,
    Mitigation {
        n: usize,
        part: MitigationPart,
    },
    RiskSchemes,
    RiskMetrics,
    // sign-offs
    Organisation,
    OrgType,
    Position,
    SignatoryName,
    SignOffStatus,
    SignOffDate,
    Required,
    SignOffComment,
}

impl Field {
    /// The record kind the field belongs to (`None` for [`Field::Id`]).
    pub fn kind(&self) -> Option<RecordKind> {
        use Field::*;
        Some(match self {
            Id => return None,
            SchemeReference
            | SchemeName
            | AreaOfSpend
            | AreaOther
            | Commissioner
            | Provider
            | SourceOfFunding
            | Programme
            | SchemeStatus
            | Money { .. }
            | SchemeDescription
            | Outcomes
            | SchemeNotes => RecordKind::Schemes,
            MetricReference
            | MetricName
            | MetricCategory
            | MetricDescription
            | MetricUnit
            | Polarity
            | Baseline
            | BaselinePeriod
            | Period { .. }
            | NamedPeriod { .. }
            | TolerancePct
            | RagOverride
            | OverrideReason
            | OverrideBy
            | OverrideDate
            | Diagnosis
            | Action
            | Trajectory
            | MetricSchemes => RecordKind::Metrics,
            RiskReference
            | RiskTitle
            | RiskDescription
            | RiskCategory
            | RiskOwner
            | RiskStatus
            | DateRaised
            | ReviewDate
            | Score { .. }
            | LegacyRating
            | Mitigation { .. }
            | RiskSchemes
            | RiskMetrics => RecordKind::Risks,
            Organisation | OrgType | Position | SignatoryName | SignOffStatus | SignOffDate | Required
            | SignOffComment => RecordKind::SignOffs,
        })
    }

    /// True for money fields (their cells are read in a unit).
    pub fn is_money(&self) -> bool {
        matches!(self, Field::Money { .. })
    }

    /// The column heading a person expects. `unit` labels money columns:
    /// "2015/16 (£000)", "2015/16 recurrent (£)".
    pub fn header(&self, unit: MoneyUnit) -> String {
        use Field::*;
        let s = match self {
            Id => "ID",
            SchemeReference | MetricReference | RiskReference => "Reference",
            SchemeName => "Scheme name",
            AreaOfSpend => "Area of spend",
            AreaOther => "Please specify if Other",
            Commissioner => "Commissioner",
            Provider => "Provider",
            SourceOfFunding => "Source of funding",
            Programme => "CCG / programme",
            SchemeStatus => "Delivery status",
            Money { year, part } => {
                return match part {
                    MoneyPart::Spend => format!("{year} ({})", unit.label()),
                    p => format!("{year} {} ({})", p.word(), unit.label()),
                };
            }
            SchemeDescription | MetricDescription | RiskDescription => "Description",
            Outcomes => "Outcomes",
            SchemeNotes => "Notes",
            MetricName => "Metric",
            MetricCategory => "Category",
            MetricUnit => "Unit",
            Polarity => "Polarity",
            Baseline => "Baseline",
            BaselinePeriod => "Baseline period",
            Period { n, part } => {
                return match part {
                    PeriodPart::Label => format!("Period {n}"),
                    p => format!("Period {n} {}", p.word()),
                };
            }
            NamedPeriod { label, part } => return format!("{label} {}", part.word()),
            TolerancePct => "Amber tolerance (%)",
            RagOverride => "RAG override",
            OverrideReason => "Override reason",
            OverrideBy => "Override by",
            OverrideDate => "Override date",
            Diagnosis => "Diagnosis",
            Action => "Action",
            Trajectory => "Trajectory",
            MetricSchemes | RiskSchemes => "Linked scheme IDs",
            RiskTitle => "Risk",
            RiskCategory => "Category",
            RiskOwner => "Owner",
            RiskStatus => "Status",
            DateRaised => "Date raised",
            ReviewDate => "Review date",
            Score { which, part } => {
                return format!(
                    "{} {}",
                    which.word(),
                    match part {
                        ScorePart::Likelihood => "likelihood",
                        ScorePart::Consequence => "consequence",
                    }
                );
            }
            LegacyRating => "Risk rating",
            Mitigation { n, part } => {
                let base = if *n == 1 {
                    "Mitigating actions".to_string()
                } else {
                    format!("Mitigation {n}")
                };
                return match part {
                    MitigationPart::Text => base,
                    MitigationPart::Owner => format!("{base} owner"),
                    MitigationPart::Due => format!("{base} due"),
                    MitigationPart::Done => format!("{base} done"),
                };
            }
            RiskMetrics => "Linked metric IDs",
            Organisation => "Signed on behalf of",
            OrgType => "Organisation type",
            Position => "Position",
            SignatoryName => "Name",
            SignOffStatus => "Status",
            SignOffDate => "Date",
            Required => "Required",
            SignOffComment => "Comment",
        };
        s.to_string()
    }

    /// Other names spreadsheets use for the field (lower case), matched
    /// after the header itself.
    pub fn aliases(&self) -> &'static [&'static str] {
        use Field::*;
        match self {
            Id => &["id", "record id"],
            SchemeReference | MetricReference | RiskReference => &["ref", "reference", "scheme ref", "no", "number"],
            SchemeName => &["scheme", "name", "scheme name", "scheme title"],
            AreaOfSpend => &["area", "area of spend", "spend area"],
            AreaOther => &["please specify if other", "specify if other", "other", "if other"],
            Commissioner => &["commissioner", "lead commissioner"],
            Provider => &["provider", "lead provider"],
            SourceOfFunding => &["source of funding", "funding source", "source"],
            Programme => &["ccg", "programme", "ccg programme"],
            SchemeStatus => &["status", "delivery status", "scheme status"],
            SchemeDescription | MetricDescription | RiskDescription => &["description", "definition", "detail"],
            Outcomes => &["outcomes", "hwb outcomes", "outcomes and national conditions"],
            SchemeNotes => &["notes", "comments"],
            MetricName => &["metric", "name", "metric name", "indicator", "measure"],
            MetricCategory => &["category", "type"],
            MetricUnit => &["unit", "units"],
            Polarity => &["polarity", "direction", "good is"],
            Baseline => &["baseline", "baseline value"],
            BaselinePeriod => &["baseline period"],
            TolerancePct => &["tolerance", "amber tolerance"],
            RagOverride => &["rag override", "override"],
            OverrideReason => &["override reason", "reason"],
            OverrideBy => &["override by"],
            Diagnosis => &["diagnosis"],
            Action => &["action", "actions"],
            Trajectory => &["trajectory"],
            MetricSchemes | RiskSchemes => &["linked schemes", "scheme ids"],
            RiskTitle => &["risk", "title", "risk title", "risks", "risk description"],
            RiskCategory => &["category"],
            RiskOwner => &["owner", "risk owner", "lead"],
            RiskStatus => &["status"],
            DateRaised => &["date raised", "raised", "date identified"],
            ReviewDate => &["review date", "next review"],
            LegacyRating => &["risk rating", "rating"],
            RiskMetrics => &["linked metrics", "metric ids"],
            Organisation => &["organisation", "organization", "signed on behalf of", "on behalf of"],
            OrgType => &["organisation type", "org type"],
            Position => &["position", "job title", "role"],
            SignatoryName => &["name", "by", "signatory"],
            SignOffStatus => &["status"],
            SignOffDate => &["date", "date signed"],
            Required => &["required"],
            SignOffComment => &["comment", "comments"],
            Score { which, part } => match (which, part) {
                (ScoreKind::Current, ScorePart::Likelihood) => &["likelihood", "current likelihood", "l"],
                (ScoreKind::Current, ScorePart::Consequence) => &[
                    "consequence",
                    "impact",
                    "current consequence",
                    "current impact",
                    "c",
                    "i",
                ],
                (ScoreKind::Residual, ScorePart::Likelihood) => &["residual likelihood"],
                (ScoreKind::Residual, ScorePart::Consequence) => &["residual consequence", "residual impact"],
                (ScoreKind::Target, ScorePart::Likelihood) => &["target likelihood"],
                (ScoreKind::Target, ScorePart::Consequence) => &["target consequence", "target impact"],
            },
            Mitigation { n: 1, part } => match part {
                MitigationPart::Text => &["mitigating actions", "mitigating action", "mitigation", "mitigations"],
                MitigationPart::Owner => &["action owner", "mitigation owner"],
                MitigationPart::Due => &["due", "due date", "action due"],
                MitigationPart::Done => &["done", "complete"],
            },
            _ => &[],
        }
    }
}

/// The value of one field, typed, so each output can format it its own way
/// (CSV: pounds; clipboard: the plan's unit; Excel: numbers; people: £000).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Money(Amount),
    Figure(Figure, MetricUnit),
    Decimal(Decimal),
    Int(i64),
    Date(DateField),
    Bool(bool),
    Ids(Vec<RecordId>),
}

impl Value {
    fn text(s: &str) -> Value {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s.to_string())
        }
    }
    fn money(a: &Option<Amount>) -> Value {
        a.map(Value::Money).unwrap_or(Value::Empty)
    }
    fn figure(f: &Option<Figure>, unit: MetricUnit) -> Value {
        f.clone().map(|f| Value::Figure(f, unit)).unwrap_or(Value::Empty)
    }
    fn date(d: &Option<DateField>) -> Value {
        d.clone().map(Value::Date).unwrap_or(Value::Empty)
    }

    /// The text a cell holds when exported: money in `unit` with every
    /// penny ("3432000.00" in pounds, no separators), ranges "min - max",
    /// dates ISO, ratios "1176/1815", booleans "Yes"/"No", ids "1; 4".
    pub fn cell_text(&self, unit: MoneyUnit) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Money(a) => money_cell_text(a, unit),
            Value::Figure(f, _) => figure_text(f),
            Value::Decimal(d) => d.normalize().to_string(),
            Value::Int(i) => i.to_string(),
            Value::Date(DateField::Date(d)) => d.format("%Y-%m-%d").to_string(),
            Value::Date(DateField::Text(t)) => t.clone(),
            Value::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
            Value::Ids(ids) => ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "),
        }
    }

    /// The text shown to people: money rounded in `unit` with separators
    /// ("3,443"), dates "3 Feb 2014", metric values with their unit.
    pub fn display(&self, unit: MoneyUnit) -> String {
        match self {
            Value::Money(a) => money::format_amount(a, unit),
            Value::Figure(f, u) => match f {
                Figure::Value(_) => f.value(*u).map(|v| format_figure(v, *u)).unwrap_or_default(),
                Figure::Ratio { numerator, denominator } => match f.value(*u) {
                    Some(v) => format!("{numerator}/{denominator} = {}", format_figure(v, *u)),
                    None => format!("{numerator}/{denominator}"),
                },
            },
            Value::Date(d) => d.display(),
            other => other.cell_text(unit),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.is_empty(),
            Value::Ids(v) => v.is_empty(),
            _ => false,
        }
    }
}

/// Formats a metric figure the way people read it ("90.5%").
fn format_figure(v: Decimal, unit: MetricUnit) -> String {
    let r = v.normalize();
    let body = r.to_string();
    match unit {
        MetricUnit::Percent => format!("{body}%"),
        MetricUnit::Per100k => format!("{body} per 100,000"),
        MetricUnit::Days => format!("{body} days"),
        MetricUnit::Weeks => format!("{body} weeks"),
        MetricUnit::Pounds => format!("£{body}"),
        MetricUnit::Count | MetricUnit::Score => body,
    }
}

/// Exact text of an amount in `unit`, plain digits (no separators), two
/// decimals in pounds: 343_200_000 pence → "3432000.00" (£), "3432" (£000).
pub fn money_cell_text(a: &Amount, unit: MoneyUnit) -> String {
    let one = |p: Pence| -> String {
        if unit == MoneyUnit::Pounds {
            let neg = p.0 < 0;
            let abs = p.0.unsigned_abs();
            format!("{}{}.{:02}", if neg { "-" } else { "" }, abs / 100, abs % 100)
        } else {
            exact_in_unit(p.0 as i128, unit).replace(',', "")
        }
    };
    match a {
        Amount::Exact(p) => one(*p),
        Amount::Range(lo, hi) => format!("{} - {}", one(*lo), one(*hi)),
    }
}

fn figure_text(f: &Figure) -> String {
    match f {
        Figure::Value(v) => v.normalize().to_string(),
        Figure::Ratio { numerator, denominator } => {
            format!("{}/{}", numerator.normalize(), denominator.normalize())
        }
    }
}

// ---------------------------------------------------------------- parsing

fn quoted(s: &str) -> String {
    format!("\u{201c}{}\u{201d}", s.trim())
}

/// Reads a decimal as spreadsheets write it: "1,774.9", "95%", " -3 ".
pub fn parse_decimal(text: &str) -> Result<Option<Decimal>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let t = t.strip_suffix('%').unwrap_or(t).trim();
    let (neg, body) = match t.strip_prefix(['-', '−']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let ok_int = !int_part.is_empty() || frac.is_some_and(|f| !f.is_empty());
    let groups_ok = if int_part.contains(',') {
        let g: Vec<&str> = int_part.split(',').collect();
        (1..=3).contains(&g[0].len()) && g[1..].iter().all(|x| x.len() == 3)
    } else {
        true
    };
    let digits_ok = int_part.bytes().all(|b| b.is_ascii_digit() || b == b',')
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()));
    if !ok_int || !groups_ok || !digits_ok || body.len() > 40 {
        return Err(format!("{} is not a number", quoted(text)));
    }
    let clean = format!("{}{}", if neg { "-" } else { "" }, body.replace(',', ""));
    let clean = if clean.ends_with('.') {
        clean.trim_end_matches('.').to_string()
    } else {
        clean
    };
    clean
        .parse::<Decimal>()
        .map(Some)
        .map_err(|_| format!("{} is not a number", quoted(text)))
}

/// Reads a metric figure: a number ("88.5", "88.5%") or a ratio
/// numerator/denominator ("1176/1815").
pub fn parse_figure(text: &str) -> Result<Option<Figure>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Some((n, d)) = t.split_once('/') {
        let n = parse_decimal(n)?.ok_or_else(|| format!("{}: no numerator", quoted(t)))?;
        let d = parse_decimal(d)?.ok_or_else(|| format!("{}: no denominator", quoted(t)))?;
        return Ok(Some(Figure::Ratio {
            numerator: n,
            denominator: d,
        }));
    }
    if t.starts_with(['<', '>', '=', '≤', '≥']) {
        return Err(format!(
            "{}: give the number alone (the polarity says which way is better)",
            quoted(t)
        ));
    }
    Ok(parse_decimal(t)?.map(Figure::Value))
}

fn parse_money(text: &str, unit: MoneyUnit) -> Result<Option<Amount>, String> {
    match parse_amount(text, unit) {
        Ok(Some(a)) if !a.in_bounds() => Err("more than £1,000,000,000,000: check the unit".into()),
        Ok(a) => Ok(a),
        Err(e) => Err(format!("{}: {e}", quoted(text))),
    }
}

/// "yes"/"no" and friends; empty is no.
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "not required" | "optional" => Ok(false),
        "yes" | "y" | "true" | "1" | "required" | "x" | "done" => Ok(true),
        _ => Err(format!("{} is not Yes or No", quoted(text))),
    }
}

/// Record ids separated by ";", "," or spaces: "1; 4".
pub fn parse_ids(text: &str) -> Result<Vec<RecordId>, String> {
    let mut out = Vec::new();
    for part in text.split([';', ',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        let p = part.trim_start_matches('#');
        match p.parse::<u64>() {
            Ok(n) if n > 0 => {
                if !out.contains(&RecordId(n)) {
                    out.push(RecordId(n));
                }
            }
            _ => return Err(format!("{} is not a record id (a whole number)", quoted(part))),
        }
    }
    Ok(out)
}

fn norm(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace(['-', '_'], " ")
}

fn parse_category(text: &str) -> Result<MetricCategory, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "" | "other" => MetricCategory::Other,
        _ if t.contains("bcf") || t.contains("national") => MetricCategory::BcfNational,
        _ if t.contains("constitution") => MetricCategory::ConstitutionStandard,
        _ if t.starts_with("local") => MetricCategory::Local,
        _ => {
            return Err(format!(
                "{} is not a category (BCF national metric, NHS constitution standard, Local metric, Other)",
                quoted(text)
            ));
        }
    })
}

fn parse_metric_unit(text: &str) -> Result<MetricUnit, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "" | "%" | "percent" | "percentage" | "per cent" => MetricUnit::Percent,
        "per 100,000" | "per 100000" | "per 100k" | "rate per 100,000" | "rate" | "rate per 100000" => {
            MetricUnit::Per100k
        }
        "count" | "number" | "no" | "n" => MetricUnit::Count,
        "days" | "day" => MetricUnit::Days,
        "weeks" | "week" => MetricUnit::Weeks,
        "score" => MetricUnit::Score,
        "£" | "pounds" | "gbp" => MetricUnit::Pounds,
        _ => {
            return Err(format!(
                "{} is not a unit (%, per 100,000, count, days, weeks, score, £)",
                quoted(text)
            ));
        }
    })
}

fn parse_polarity(text: &str) -> Result<Polarity, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "" | "higher is better" | "higher" | "high" | "up" | "increase" | "higher better" => Polarity::HigherIsBetter,
        "lower is better" | "lower" | "low" | "down" | "decrease" | "lower better" => Polarity::LowerIsBetter,
        _ => {
            return Err(format!(
                "{} is not “Higher is better” or “Lower is better”",
                quoted(text)
            ));
        }
    })
}

/// "Red", "Amber", "Green", "Not rated" (or empty: no rating).
pub fn parse_rag(text: &str) -> Result<Option<Rag>, String> {
    let t = norm(text);
    Ok(Some(match t.as_str() {
        "" | "none" => return Ok(None),
        "red" | "r" => Rag::Red,
        "amber" | "a" => Rag::Amber,
        "green" | "g" => Rag::Green,
        "not rated" | "not_rated" | "n/a" | "unrated" => Rag::NotRated,
        _ => return Err(format!("{} is not Red, Amber, Green or Not rated", quoted(text))),
    }))
}

fn parse_score_part(text: &str, part: ScorePart) -> Result<u8, String> {
    let t = norm(text);
    if t.is_empty() {
        return Ok(0);
    }
    if let Ok(n) = t.parse::<u8>() {
        if (1..=5).contains(&n) {
            return Ok(n);
        }
        return Err(format!("{} is not between 1 and 5", quoted(text)));
    }
    let words: &[&str] = match part {
        ScorePart::Likelihood => &["rare", "unlikely", "possible", "likely", "almost certain"],
        ScorePart::Consequence => &["negligible", "minor", "moderate", "major", "catastrophic"],
    };
    words
        .iter()
        .position(|w| *w == t)
        .map(|i| i as u8 + 1)
        .ok_or_else(|| format!("{} is not 1–5 or one of: {}", quoted(text), words.join(", ")))
}

fn parse_risk_status(text: &str) -> Result<RiskStatus, String> {
    match norm(text).as_str() {
        "" | "open" | "live" | "active" => Ok(RiskStatus::Open),
        "closed" | "close" => Ok(RiskStatus::Closed),
        _ => Err(format!("{} is not Open or Closed", quoted(text))),
    }
}

fn parse_org_type(text: &str) -> Result<OrgType, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "ccg" | "clinical commissioning group" => OrgType::Ccg,
        "local authority" | "la" | "council" => OrgType::LocalAuthority,
        "health and wellbeing board" | "hwb" | "health and well being board" => OrgType::HealthAndWellbeingBoard,
        "nhs england" | "nhse" => OrgType::NhsEngland,
        "provider" => OrgType::Provider,
        "" | "other" => OrgType::Other,
        _ => {
            return Err(format!(
                "{} is not an organisation type (CCG, Local authority, Health and Wellbeing Board, NHS England, Provider, Other)",
                quoted(text)
            ));
        }
    })
}

fn parse_signoff_status(text: &str) -> Result<SignOffStatus, String> {
    match norm(text).as_str() {
        "" | "pending" | "not signed" | "unsigned" => Ok(SignOffStatus::Pending),
        "signed" | "yes" => Ok(SignOffStatus::Signed),
        "declined" | "refused" => Ok(SignOffStatus::Declined),
        _ => Err(format!("{} is not Pending, Signed or Declined", quoted(text))),
    }
}

fn category_word(c: MetricCategory) -> &'static str {
    c.word()
}

fn risk_status_word(s: RiskStatus) -> &'static str {
    match s {
        RiskStatus::Open => "Open",
        RiskStatus::Closed => "Closed",
    }
}

// ---------------------------------------------------------------- records

/// A record whose fields can be read and set by [`Field`].
pub trait Record: Clone + Default {
    const KIND: RecordKind;
    fn id(&self) -> RecordId;
    fn set_id(&mut self, id: RecordId);
    /// "Carers Break": the name people know the record by.
    fn title(&self) -> &str;
    fn get(&self, field: &Field) -> Value;
    /// Sets a field from the text of a cell; money is read in `unit`.
    fn set(&mut self, field: &Field, text: &str, unit: MoneyUnit) -> Result<(), String>;
    /// After a row's cells are set: tidies up (drops empty trailing periods
    /// and mitigations) and returns what is still wrong with the record.
    fn finish(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// Prepares a new record before its cells are set (a new scheme gets an
    /// entry for each of the plan's years, as the Schemes tab gives it).
    fn prepare_new(&mut self, _plan: &Plan) {}
    /// The labels of a metric's periods (other kinds have none).
    fn period_labels(&self) -> Vec<String> {
        Vec::new()
    }
    fn all(plan: &Plan) -> &Vec<Self>;
    fn all_mut(plan: &mut Plan) -> &mut Vec<Self>;
}

fn set_text(slot: &mut String, text: &str) -> Result<(), String> {
    *slot = text.to_string();
    Ok(())
}

impl Record for Scheme {
    const KIND: RecordKind = RecordKind::Schemes;
    fn id(&self) -> RecordId {
        self.id
    }
    fn set_id(&mut self, id: RecordId) {
        self.id = id;
    }
    fn title(&self) -> &str {
        &self.name
    }
    fn prepare_new(&mut self, plan: &Plan) {
        for y in &plan.header.years {
            self.year_mut(y);
        }
    }
    fn all(plan: &Plan) -> &Vec<Self> {
        &plan.schemes
    }
    fn all_mut(plan: &mut Plan) -> &mut Vec<Self> {
        &mut plan.schemes
    }
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::Int(self.id.0 as i64),
            SchemeReference => Value::text(&self.reference),
            SchemeName => Value::text(&self.name),
            AreaOfSpend => Value::text(&self.area_of_spend),
            AreaOther => Value::text(&self.area_other),
            Commissioner => Value::text(&self.commissioner),
            Provider => Value::text(&self.provider),
            SourceOfFunding => Value::text(&self.source_of_funding),
            Programme => Value::text(&self.programme),
            SchemeStatus => Value::text(&self.status),
            Money { year, part } => self
                .year(year)
                .map(|y| Value::money(part.of(y)))
                .unwrap_or(Value::Empty),
            SchemeDescription => Value::text(&self.description),
            Outcomes => Value::text(&self.outcomes),
            SchemeNotes => Value::text(&self.notes),
            _ => Value::Empty,
        }
    }
    fn set(&mut self, field: &Field, text: &str, unit: MoneyUnit) -> Result<(), String> {
        use Field::*;
        match field {
            Id => Ok(()),
            SchemeReference => set_text(&mut self.reference, text),
            SchemeName => set_text(&mut self.name, text),
            AreaOfSpend => set_text(&mut self.area_of_spend, text),
            AreaOther => set_text(&mut self.area_other, text),
            Commissioner => set_text(&mut self.commissioner, text),
            Provider => set_text(&mut self.provider, text),
            SourceOfFunding => set_text(&mut self.source_of_funding, text),
            Programme => set_text(&mut self.programme, text),
            SchemeStatus => set_text(&mut self.status, text),
            Money { year, part } => {
                let v = parse_money(text, unit)?;
                if v.is_none() && self.year(year).is_none() {
                    return Ok(());
                }
                *part.of_mut(self.year_mut(year)) = v;
                Ok(())
            }
            SchemeDescription => set_text(&mut self.description, text),
            Outcomes => set_text(&mut self.outcomes, text),
            SchemeNotes => set_text(&mut self.notes, text),
            other => Err(format!("“{}” is not a scheme field", other.header(unit))),
        }
    }
}

fn period_mut(m: &mut Metric, n: usize) -> &mut MetricPeriod {
    while m.periods.len() < n {
        m.periods.push(MetricPeriod::default());
    }
    &mut m.periods[n - 1]
}

fn named_period_mut<'a>(m: &'a mut Metric, label: &str) -> &'a mut MetricPeriod {
    let i = match m
        .periods
        .iter()
        .position(|p| p.label.trim().eq_ignore_ascii_case(label.trim()))
    {
        Some(i) => i,
        None => {
            m.periods.push(MetricPeriod {
                label: label.trim().to_string(),
                ..Default::default()
            });
            m.periods.len() - 1
        }
    };
    &mut m.periods[i]
}

fn set_period_part(p: &mut MetricPeriod, part: PeriodPart, text: &str) -> Result<(), String> {
    match part {
        PeriodPart::Label => p.label = text.trim().to_string(),
        PeriodPart::Target => p.target = parse_figure(text)?,
        PeriodPart::Actual => p.actual = parse_figure(text)?,
        PeriodPart::Forecast => p.forecast = parse_figure(text)?,
    }
    Ok(())
}

fn period_value(p: &MetricPeriod, part: PeriodPart, unit: MetricUnit) -> Value {
    match part {
        PeriodPart::Label => Value::text(&p.label),
        PeriodPart::Target => Value::figure(&p.target, unit),
        PeriodPart::Actual => Value::figure(&p.actual, unit),
        PeriodPart::Forecast => Value::figure(&p.forecast, unit),
    }
}

impl Record for Metric {
    const KIND: RecordKind = RecordKind::Metrics;
    fn id(&self) -> RecordId {
        self.id
    }
    fn set_id(&mut self, id: RecordId) {
        self.id = id;
    }
    fn title(&self) -> &str {
        &self.name
    }
    fn period_labels(&self) -> Vec<String> {
        self.periods.iter().map(|p| p.label.trim().to_string()).collect()
    }
    fn all(plan: &Plan) -> &Vec<Self> {
        &plan.metrics
    }
    fn all_mut(plan: &mut Plan) -> &mut Vec<Self> {
        &mut plan.metrics
    }
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::Int(self.id.0 as i64),
            MetricReference => Value::text(&self.reference),
            MetricName => Value::text(&self.name),
            MetricCategory => Value::Text(category_word(self.category).into()),
            MetricDescription => Value::text(&self.description),
            MetricUnit => Value::Text(self.unit.word().into()),
            Polarity => Value::Text(self.polarity.word().into()),
            Baseline => Value::figure(&self.baseline, self.unit),
            BaselinePeriod => Value::text(&self.baseline_period),
            Period { n, part } => match self.periods.get(n.wrapping_sub(1)) {
                Some(p) => period_value(p, *part, self.unit),
                None => Value::Empty,
            },
            NamedPeriod { label, part } => {
                match self
                    .periods
                    .iter()
                    .find(|p| p.label.trim().eq_ignore_ascii_case(label.trim()))
                {
                    Some(p) => period_value(p, *part, self.unit),
                    None => Value::Empty,
                }
            }
            TolerancePct => self.tolerance_pct.map(Value::Decimal).unwrap_or(Value::Empty),
            RagOverride => match &self.rag_override {
                Some(o) => Value::Text(o.rag.word().into()),
                None => Value::Empty,
            },
            OverrideReason => self
                .rag_override
                .as_ref()
                .map(|o| Value::text(&o.reason))
                .unwrap_or(Value::Empty),
            OverrideBy => self
                .rag_override
                .as_ref()
                .map(|o| Value::text(&o.by))
                .unwrap_or(Value::Empty),
            OverrideDate => self
                .rag_override
                .as_ref()
                .map(|o| Value::date(&o.date))
                .unwrap_or(Value::Empty),
            Diagnosis => Value::text(&self.diagnosis),
            Action => Value::text(&self.action),
            Trajectory => Value::text(&self.trajectory),
            MetricSchemes => Value::Ids(self.scheme_ids.clone()),
            _ => Value::Empty,
        }
    }
    fn set(&mut self, field: &Field, text: &str, unit: MoneyUnit) -> Result<(), String> {
        use Field::*;
        match field {
            Id => Ok(()),
            MetricReference => set_text(&mut self.reference, text),
            MetricName => set_text(&mut self.name, text),
            MetricCategory => {
                self.category = parse_category(text)?;
                Ok(())
            }
            MetricDescription => set_text(&mut self.description, text),
            MetricUnit => {
                self.unit = parse_metric_unit(text)?;
                Ok(())
            }
            Polarity => {
                self.polarity = parse_polarity(text)?;
                Ok(())
            }
            Baseline => {
                self.baseline = parse_figure(text)?;
                Ok(())
            }
            BaselinePeriod => set_text(&mut self.baseline_period, text),
            Period { n, part } => {
                if *n == 0 || *n > 200 {
                    return Err("period number out of range".into());
                }
                if text.trim().is_empty() && self.periods.len() < *n {
                    return Ok(());
                }
                set_period_part(period_mut(self, *n), *part, text)
            }
            NamedPeriod { label, part } => {
                if text.trim().is_empty() && !self.periods.iter().any(|p| p.label.trim().eq_ignore_ascii_case(label)) {
                    return Ok(());
                }
                set_period_part(named_period_mut(self, label), *part, text)
            }
            TolerancePct => {
                self.tolerance_pct = parse_decimal(text)?;
                if self
                    .tolerance_pct
                    .is_some_and(|t| t < Decimal::ZERO || t > Decimal::from(100))
                {
                    return Err("a tolerance is between 0 and 100 (%)".into());
                }
                Ok(())
            }
            RagOverride => {
                match parse_rag(text)? {
                    None => self.rag_override = None,
                    Some(rag) => self.rag_override.get_or_insert_with(Default::default).rag = rag,
                }
                Ok(())
            }
            OverrideReason | OverrideBy | OverrideDate => {
                match &mut self.rag_override {
                    Some(o) => match field {
                        OverrideReason => o.reason = text.to_string(),
                        OverrideBy => o.by = text.to_string(),
                        _ => o.date = DateField::from_input(text),
                    },
                    None if text.trim().is_empty() => {}
                    None => return Err("given without a RAG override".into()),
                }
                Ok(())
            }
            Diagnosis => set_text(&mut self.diagnosis, text),
            Action => set_text(&mut self.action, text),
            Trajectory => set_text(&mut self.trajectory, text),
            MetricSchemes => {
                self.scheme_ids = parse_ids(text)?;
                Ok(())
            }
            other => Err(format!("“{}” is not a metric field", other.header(unit))),
        }
    }
    fn finish(&mut self) -> Vec<String> {
        while self.periods.last().is_some_and(|p| *p == MetricPeriod::default()) {
            self.periods.pop();
        }
        let mut out = Vec::new();
        if let Some(o) = &self.rag_override
            && o.reason.trim().is_empty()
        {
            out.push("a RAG override needs a reason (“Override reason”)".into());
        }
        out
    }
}

fn score_slot(r: &mut Risk, which: ScoreKind) -> &mut Option<RiskScore> {
    match which {
        ScoreKind::Current => &mut r.current,
        ScoreKind::Residual => &mut r.residual,
        ScoreKind::Target => &mut r.target,
    }
}

fn score_of(r: &Risk, which: ScoreKind) -> Option<RiskScore> {
    match which {
        ScoreKind::Current => r.current,
        ScoreKind::Residual => r.residual,
        ScoreKind::Target => r.target,
    }
}

fn mitigation_mut(r: &mut Risk, n: usize) -> &mut Mitigation {
    while r.mitigations.len() < n {
        r.mitigations.push(Mitigation::default());
    }
    &mut r.mitigations[n - 1]
}

impl Record for Risk {
    const KIND: RecordKind = RecordKind::Risks;
    fn id(&self) -> RecordId {
        self.id
    }
    fn set_id(&mut self, id: RecordId) {
        self.id = id;
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn all(plan: &Plan) -> &Vec<Self> {
        &plan.risks
    }
    fn all_mut(plan: &mut Plan) -> &mut Vec<Self> {
        &mut plan.risks
    }
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::Int(self.id.0 as i64),
            RiskReference => Value::text(&self.reference),
            RiskTitle => Value::text(&self.title),
            RiskDescription => Value::text(&self.description),
            RiskCategory => Value::text(&self.category),
            RiskOwner => Value::text(&self.owner),
            RiskStatus => Value::Text(risk_status_word(self.status).into()),
            DateRaised => Value::date(&self.date_raised),
            ReviewDate => Value::date(&self.review_date),
            Score { which, part } => match score_of(self, *which) {
                Some(s) => {
                    let v = match part {
                        ScorePart::Likelihood => s.likelihood,
                        ScorePart::Consequence => s.consequence,
                    };
                    if v == 0 { Value::Empty } else { Value::Int(v as i64) }
                }
                None => Value::Empty,
            },
            LegacyRating => Value::text(&self.legacy_rating),
            Mitigation { n, part } => match self.mitigations.get(n.wrapping_sub(1)) {
                Some(m) => match part {
                    MitigationPart::Text => Value::text(&m.text),
                    MitigationPart::Owner => Value::text(&m.owner),
                    MitigationPart::Due => Value::date(&m.due),
                    MitigationPart::Done => Value::Bool(m.done),
                },
                None => Value::Empty,
            },
            RiskSchemes => Value::Ids(self.scheme_ids.clone()),
            RiskMetrics => Value::Ids(self.metric_ids.clone()),
            _ => Value::Empty,
        }
    }
    fn set(&mut self, field: &Field, text: &str, unit: MoneyUnit) -> Result<(), String> {
        use Field::*;
        match field {
            Id => Ok(()),
            RiskReference => set_text(&mut self.reference, text),
            RiskTitle => set_text(&mut self.title, text),
            RiskDescription => set_text(&mut self.description, text),
            RiskCategory => set_text(&mut self.category, text),
            RiskOwner => set_text(&mut self.owner, text),
            RiskStatus => {
                self.status = parse_risk_status(text)?;
                Ok(())
            }
            DateRaised => {
                self.date_raised = DateField::from_input(text);
                Ok(())
            }
            ReviewDate => {
                self.review_date = DateField::from_input(text);
                Ok(())
            }
            Score { which, part } => {
                let v = parse_score_part(text, *part)?;
                let slot = score_slot(self, *which);
                if v == 0 && slot.is_none() {
                    return Ok(());
                }
                let s = slot.get_or_insert(RiskScore::new(0, 0));
                match part {
                    ScorePart::Likelihood => s.likelihood = v,
                    ScorePart::Consequence => s.consequence = v,
                }
                Ok(())
            }
            LegacyRating => set_text(&mut self.legacy_rating, text),
            Mitigation { n, part } => {
                if *n == 0 || *n > 200 {
                    return Err("mitigation number out of range".into());
                }
                if text.trim().is_empty() && self.mitigations.len() < *n {
                    return Ok(());
                }
                let m = mitigation_mut(self, *n);
                match part {
                    MitigationPart::Text => m.text = text.to_string(),
                    MitigationPart::Owner => m.owner = text.to_string(),
                    MitigationPart::Due => m.due = DateField::from_input(text),
                    MitigationPart::Done => m.done = parse_bool(text)?,
                }
                Ok(())
            }
            RiskSchemes => {
                self.scheme_ids = parse_ids(text)?;
                Ok(())
            }
            RiskMetrics => {
                self.metric_ids = parse_ids(text)?;
                Ok(())
            }
            other => Err(format!("“{}” is not a risk field", other.header(unit))),
        }
    }
    fn finish(&mut self) -> Vec<String> {
        while self.mitigations.last().is_some_and(|m| *m == Mitigation::default()) {
            self.mitigations.pop();
        }
        let mut out = Vec::new();
        for which in [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target] {
            let slot = score_slot(self, which);
            if let Some(s) = *slot {
                match (s.likelihood, s.consequence) {
                    (0, 0) => *slot = None,
                    (0, _) => out.push(format!("{} score has a consequence but no likelihood", which.word())),
                    (_, 0) => out.push(format!("{} score has a likelihood but no consequence", which.word())),
                    _ => {}
                }
            }
        }
        out
    }
}

impl Record for SignOff {
    const KIND: RecordKind = RecordKind::SignOffs;
    fn id(&self) -> RecordId {
        self.id
    }
    fn set_id(&mut self, id: RecordId) {
        self.id = id;
    }
    fn title(&self) -> &str {
        &self.organisation
    }
    fn all(plan: &Plan) -> &Vec<Self> {
        &plan.signoffs
    }
    fn all_mut(plan: &mut Plan) -> &mut Vec<Self> {
        &mut plan.signoffs
    }
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::Int(self.id.0 as i64),
            Organisation => Value::text(&self.organisation),
            OrgType => Value::Text(self.org_type.word().into()),
            Position => Value::text(&self.position),
            SignatoryName => Value::text(&self.name),
            SignOffStatus => Value::Text(self.status.word().into()),
            SignOffDate => Value::date(&self.date),
            Required => Value::Bool(self.required),
            SignOffComment => Value::text(&self.comment),
            _ => Value::Empty,
        }
    }
    fn set(&mut self, field: &Field, text: &str, unit: MoneyUnit) -> Result<(), String> {
        use Field::*;
        match field {
            Id => Ok(()),
            Organisation => set_text(&mut self.organisation, text),
            OrgType => {
                self.org_type = parse_org_type(text)?;
                Ok(())
            }
            Position => set_text(&mut self.position, text),
            SignatoryName => set_text(&mut self.name, text),
            SignOffStatus => {
                self.status = parse_signoff_status(text)?;
                Ok(())
            }
            SignOffDate => {
                self.date = DateField::from_input(text);
                Ok(())
            }
            Required => {
                self.required = parse_bool(text)?;
                Ok(())
            }
            SignOffComment => set_text(&mut self.comment, text),
            other => Err(format!("“{}” is not a sign-off field", other.header(unit))),
        }
    }
}

/// Reads a field of the record with `id`, whatever its kind.
pub fn get(plan: &Plan, kind: RecordKind, id: RecordId, field: &Field) -> Option<Value> {
    fn find<R: Record>(plan: &Plan, id: RecordId, field: &Field) -> Option<Value> {
        R::all(plan).iter().find(|r| r.id() == id).map(|r| r.get(field))
    }
    match kind {
        RecordKind::Schemes => find::<Scheme>(plan, id, field),
        RecordKind::Metrics => find::<Metric>(plan, id, field),
        RecordKind::Risks => find::<Risk>(plan, id, field),
        RecordKind::SignOffs => find::<SignOff>(plan, id, field),
    }
}

/// The years money columns are given for: the plan's years, then any other
/// year a scheme has money in.
pub fn money_years(plan: &Plan) -> Vec<String> {
    let mut years = plan.header.years.clone();
    for s in &plan.schemes {
        for y in &s.years {
            if !years.contains(&y.year) && !y.is_empty() {
                years.push(y.year.clone());
            }
        }
    }
    years
}

/// Every stored field of a kind, in the order a person reads them, sized to
/// the plan: a money column per year (spend always; the recurrent,
/// non-recurrent and benefit columns when some scheme uses them), as many
/// period columns as the longest metric has, as many mitigation columns as
/// the risk with most mitigations (at least one).
pub fn stored_fields(plan: &Plan, kind: RecordKind) -> Vec<Field> {
    use Field::*;
    match kind {
        RecordKind::Schemes => {
            let mut v = vec![
                Id,
                SchemeReference,
                SchemeName,
                AreaOfSpend,
                AreaOther,
                Commissioner,
                Provider,
                SourceOfFunding,
                Programme,
                SchemeStatus,
            ];
            let years = money_years(plan);
            let used = |part: MoneyPart| plan.schemes.iter().flat_map(|s| &s.years).any(|y| part.of(y).is_some());
            let parts: Vec<MoneyPart> = MoneyPart::ALL
                .into_iter()
                .filter(|p| *p == MoneyPart::Spend || used(*p))
                .collect();
            for part in &parts {
                for y in &years {
                    v.push(Money {
                        year: y.clone(),
                        part: *part,
                    });
                }
            }
            v.extend([SchemeDescription, Outcomes, SchemeNotes]);
            v
        }
        RecordKind::Metrics => {
            let mut v = vec![
                Id,
                MetricReference,
                MetricName,
                MetricCategory,
                MetricUnit,
                Polarity,
                Baseline,
                BaselinePeriod,
            ];
            let n = plan.metrics.iter().map(|m| m.periods.len()).max().unwrap_or(0).max(1);
            for i in 1..=n {
                for part in [
                    PeriodPart::Label,
                    PeriodPart::Target,
                    PeriodPart::Actual,
                    PeriodPart::Forecast,
                ] {
                    v.push(Period { n: i, part });
                }
            }
            v.extend([
                TolerancePct,
                RagOverride,
                OverrideReason,
                OverrideBy,
                OverrideDate,
                MetricDescription,
                Diagnosis,
                Action,
                Trajectory,
                MetricSchemes,
            ]);
            v
        }
        RecordKind::Risks => {
            let mut v = vec![
                Id,
                RiskReference,
                RiskTitle,
                RiskDescription,
                RiskCategory,
                RiskOwner,
                RiskStatus,
            ];
            for which in [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target] {
                for part in [ScorePart::Likelihood, ScorePart::Consequence] {
                    v.push(Score { which, part });
                }
            }
            v.push(LegacyRating);
            let n = plan.risks.iter().map(|r| r.mitigations.len()).max().unwrap_or(0).max(1);
            v.extend(mitigation_fields(n));
            v.extend([DateRaised, ReviewDate, RiskSchemes, RiskMetrics]);
            v
        }
        RecordKind::SignOffs => vec![
            Id,
            Organisation,
            OrgType,
            Position,
            SignatoryName,
            SignOffStatus,
            SignOffDate,
            Required,
            SignOffComment,
        ],
    }
}

/// The columns a spreadsheet block without a header row is read as, in
/// order: the layout of the source templates (the Kent expenditure plan:
/// Scheme Name, Area of Spend, Please specify if Other, Commissioner,
/// Provider, Source of Funding, then one money column per year; risks:
/// Risk, Risk rating, Mitigating actions).
pub fn positional_fields(plan: &Plan, kind: RecordKind) -> Vec<Field> {
    use Field::*;
    match kind {
        RecordKind::Schemes => {
            let mut v = vec![
                SchemeName,
                AreaOfSpend,
                AreaOther,
                Commissioner,
                Provider,
                SourceOfFunding,
            ];
            for y in &plan.header.years {
                v.push(Money {
                    year: y.clone(),
                    part: MoneyPart::Spend,
                });
            }
            v.extend([SchemeStatus, SchemeReference, SchemeDescription]);
            v
        }
        RecordKind::Metrics => {
            let mut v = vec![MetricName, MetricUnit, Polarity, Baseline, BaselinePeriod];
            for part in [PeriodPart::Label, PeriodPart::Target, PeriodPart::Actual] {
                v.push(Period { n: 1, part });
            }
            v
        }
        RecordKind::Risks => vec![
            RiskTitle,
            LegacyRating,
            Mitigation {
                n: 1,
                part: MitigationPart::Text,
            },
            RiskOwner,
        ],
        RecordKind::SignOffs => vec![Organisation, SignatoryName, Position, SignOffDate],
    }
}

/// A one-line description of a record: "Scheme 4 “Carers Break”", where 4
/// is its position in the plan (as the tabs and the checklist number them).
pub fn record_label(kind: RecordKind, position: usize, title: &str) -> String {
    let mut s = format!("{} {}", kind.singular(), position + 1);
    let t = title.trim();
    if t.is_empty() {
        s.push_str(" (no name)");
    } else {
        let _ = write!(s, " \u{201c}{t}\u{201d}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_cells_are_exact() {
        let a = Amount::Exact(Pence(343_200_000));
        assert_eq!(money_cell_text(&a, MoneyUnit::Pounds), "3432000.00");
        assert_eq!(money_cell_text(&a, MoneyUnit::Thousands), "3432");
        let r = Amount::Range(Pence(631_370_400), Pence(892_150_450));
        assert_eq!(money_cell_text(&r, MoneyUnit::Pounds), "6313704.00 - 8921504.50");
        assert_eq!(money_cell_text(&Amount::Exact(Pence(-5)), MoneyUnit::Pounds), "-0.05");
        for a in [a, r, Amount::Exact(Pence(-12_950_600)), Amount::Exact(Pence(1))] {
            for unit in MoneyUnit::ALL {
                let text = money_cell_text(&a, unit);
                assert_eq!(parse_amount(&text, unit).unwrap(), Some(a), "{text} in {unit}");
            }
        }
    }

    #[test]
    fn decimals_and_figures() {
        assert_eq!(parse_decimal("1,774.9").unwrap(), Some("1774.9".parse().unwrap()));
        assert_eq!(parse_decimal(" 95% ").unwrap(), Some(Decimal::from(95)));
        assert_eq!(parse_decimal("-3").unwrap(), Some(Decimal::from(-3)));
        assert!(parse_decimal("1,77").is_err());
        assert!(parse_decimal("abc").is_err());
        assert_eq!(
            parse_figure("1176/1815").unwrap(),
            Some(Figure::Ratio {
                numerator: Decimal::from(1176),
                denominator: Decimal::from(1815)
            })
        );
        assert!(parse_figure("<=39").unwrap_err().contains("number alone"));
    }

    #[test]
    fn risk_scores_need_both_parts() {
        let mut r = Risk::default();
        r.set(
            &Field::Score {
                which: ScoreKind::Current,
                part: ScorePart::Likelihood,
            },
            "4",
            MoneyUnit::Pounds,
        )
        .unwrap();
        assert_eq!(
            r.finish(),
            vec!["Current score has a likelihood but no consequence".to_string()]
        );
        r.set(
            &Field::Score {
                which: ScoreKind::Current,
                part: ScorePart::Consequence,
            },
            "Major",
            MoneyUnit::Pounds,
        )
        .unwrap();
        assert!(r.finish().is_empty());
        assert_eq!(r.current, Some(RiskScore::new(4, 4)));
    }

    #[test]
    fn every_stored_field_reads_back_what_was_set() {
        let plan = Plan::default();
        for kind in RecordKind::ALL {
            for f in stored_fields(&plan, kind) {
                assert_eq!(f.kind().unwrap_or(kind), kind, "{f:?}");
                assert!(!f.header(MoneyUnit::Pounds).is_empty());
            }
        }
    }
}
