//! The stored fields of each record kind as flat, named columns: what a
//! spreadsheet row, a CSV file, a pasted block and a version compare see.
//! [`RecordKind`], [`Field`] and its metadata (headings, aliases, limits),
//! and the field lists of a plan ([`stored_fields`], [`positional_fields`]).
//!
//! [`Field::parse`] reads the text of a cell into the field's typed
//! [`Value`] with the one parser of its kind (see [`super::value`]);
//! `Record::set_value` stores it. Pure: no I/O.

use super::limits::{
    MAX_DATE_CHARS, MAX_FIGURE_CHARS, MAX_LEVEL_CHARS, MAX_LINE_CHARS, MAX_MONEY_CHARS, MAX_NUMBER_CHARS,
    MAX_TEXT_CHARS,
};
use super::money::MoneyUnit;
use super::value::{self, MoneyCell, Value, check_length};
use super::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The kinds of record a plan holds: the four tables, and the operating
/// plan's objectives and narrative sections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RecordKind {
    Schemes,
    Metrics,
    Risks,
    SignOffs,
    Objectives,
    Sections,
}

impl RecordKind {
    /// The four tables (the kinds the CSV files, the Excel sheets and the
    /// import have had from the start).
    pub const ALL: [RecordKind; 4] = [
        RecordKind::Schemes,
        RecordKind::Metrics,
        RecordKind::Risks,
        RecordKind::SignOffs,
    ];
    /// The operating plan's kinds.
    pub const OPERATING: [RecordKind; 2] = [RecordKind::Objectives, RecordKind::Sections];
    /// "Schemes", "Metrics", "Risks", "Sign-offs", "Objectives", "Sections".
    pub fn word(self) -> &'static str {
        match self {
            RecordKind::Schemes => "Schemes",
            RecordKind::Metrics => "Metrics",
            RecordKind::Risks => "Risks",
            RecordKind::SignOffs => "Sign-offs",
            RecordKind::Objectives => "Objectives",
            RecordKind::Sections => "Sections",
        }
    }
    /// "Scheme", "Metric", "Risk", "Sign-off", "Objective", "Section".
    pub fn singular(self) -> &'static str {
        match self {
            RecordKind::Schemes => "Scheme",
            RecordKind::Metrics => "Metric",
            RecordKind::Risks => "Risk",
            RecordKind::SignOffs => "Sign-off",
            RecordKind::Objectives => "Objective",
            RecordKind::Sections => "Section",
        }
    }
    /// "schemes", "metrics", "risks", "signoffs", "objectives",
    /// "sections": file names and CLI flags.
    pub fn key(self) -> &'static str {
        match self {
            RecordKind::Schemes => "schemes",
            RecordKind::Metrics => "metrics",
            RecordKind::Risks => "risks",
            RecordKind::SignOffs => "signoffs",
            RecordKind::Objectives => "objectives",
            RecordKind::Sections => "sections",
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
    /// The tables a plan's exports hold: the four, then objectives and
    /// sections when the plan has some (so the exports of other plans
    /// stay as they were).
    pub fn tables(plan: &Plan) -> Vec<RecordKind> {
        RecordKind::ALL
            .into_iter()
            .chain(RecordKind::OPERATING.into_iter().filter(|k| k.len(plan) > 0))
            .collect()
    }
    /// How many records of this kind the plan holds.
    pub fn len(self, plan: &Plan) -> usize {
        match self {
            RecordKind::Schemes => plan.schemes.len(),
            RecordKind::Metrics => plan.metrics.len(),
            RecordKind::Risks => plan.risks.len(),
            RecordKind::SignOffs => plan.signoffs.len(),
            RecordKind::Objectives => plan.objectives.len(),
            RecordKind::Sections => plan.sections.len(),
        }
    }
    /// The ids of this kind's records, in plan order.
    pub fn ids(self, plan: &Plan) -> Vec<RecordId> {
        match self {
            RecordKind::Schemes => plan.schemes.iter().map(|r| r.id).collect(),
            RecordKind::Metrics => plan.metrics.iter().map(|r| r.id).collect(),
            RecordKind::Risks => plan.risks.iter().map(|r| r.id).collect(),
            RecordKind::SignOffs => plan.signoffs.iter().map(|r| r.id).collect(),
            RecordKind::Objectives => plan.objectives.iter().map(|r| r.id).collect(),
            RecordKind::Sections => plan.sections.iter().map(|r| r.id).collect(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    /// The amount of a [`SchemeYear`] this column holds.
    pub fn field(self) -> AmountField {
        match self {
            MoneyPart::Spend => AmountField::Spend,
            MoneyPart::Recurrent => AmountField::Recurrent,
            MoneyPart::NonRecurrent => AmountField::NonRecurrent,
            MoneyPart::BenefitRecurrent => AmountField::BenefitRecurrent,
            MoneyPart::BenefitNonRecurrent => AmountField::BenefitNonRecurrent,
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PeriodPart {
    Label,
    Target,
    Actual,
    Forecast,
    /// The target as a change from the baseline, in percent.
    TargetChange,
    /// A status in words ("Awaiting information").
    Status,
}

impl PeriodPart {
    pub fn word(self) -> &'static str {
        match self {
            PeriodPart::Label => "label",
            PeriodPart::Target => "target",
            PeriodPart::Actual => "actual",
            PeriodPart::Forecast => "forecast",
            PeriodPart::TargetChange => "target change from baseline (%)",
            PeriodPart::Status => "status",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ScorePart {
    Likelihood,
    Consequence,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
    // operating plans: a scheme's kind, a risk's objectives
    SchemeType,
    RiskObjectives,
    // objectives
    ObjectiveNumber,
    ObjectiveTitle,
    ObjectiveDescription,
    ObjectiveOwner,
    ObjectiveSchemes,
    ObjectiveMetrics,
    ObjectiveRisks,
    // narrative sections and national conditions
    SectionTitle,
    SectionProgress,
    SectionText,
    /// True makes the section a national condition (with an answer).
    SectionIsCondition,
    ConditionIsMet,
    ConditionAssurance,
    ConditionActions,
    /// A scheme's milestones as one text, for comparing versions (they
    /// are edited in the scheme details, not by a column).
    SchemeMilestones,
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
            | RiskMetrics
            | RiskObjectives => RecordKind::Risks,
            SchemeType | SchemeMilestones => RecordKind::Schemes,
            ObjectiveNumber | ObjectiveTitle | ObjectiveDescription | ObjectiveOwner | ObjectiveSchemes
            | ObjectiveMetrics | ObjectiveRisks => RecordKind::Objectives,
            SectionTitle | SectionProgress | SectionText | SectionIsCondition | ConditionIsMet | ConditionAssurance
            | ConditionActions => RecordKind::Sections,
            Organisation | OrgType | Position | SignatoryName | SignOffStatus | SignOffDate | Required
            | SignOffComment => RecordKind::SignOffs,
        })
    }

    /// True for fields that hold free text (not a number, date, list or
    /// choice).
    pub fn is_text(&self) -> bool {
        use Field::*;
        matches!(
            self,
            SchemeReference
                | SchemeName
                | AreaOfSpend
                | AreaOther
                | Commissioner
                | Provider
                | SourceOfFunding
                | Programme
                | SchemeStatus
                | SchemeDescription
                | Outcomes
                | SchemeNotes
                | MetricReference
                | MetricName
                | MetricDescription
                | BaselinePeriod
                | OverrideReason
                | OverrideBy
                | Diagnosis
                | Action
                | Trajectory
                | RiskReference
                | RiskTitle
                | RiskDescription
                | RiskCategory
                | RiskOwner
                | LegacyRating
                | Organisation
                | Position
                | SignatoryName
                | SignOffComment
                | ObjectiveNumber
                | ObjectiveTitle
                | ObjectiveDescription
                | ObjectiveOwner
                | SectionTitle
                | SectionText
                | ConditionAssurance
                | ConditionActions
        ) || matches!(
            self,
            Period {
                part: PeriodPart::Label | PeriodPart::Status,
                ..
            } | NamedPeriod {
                part: PeriodPart::Label | PeriodPart::Status,
                ..
            } | Mitigation {
                part: MitigationPart::Text | MitigationPart::Owner,
                ..
            }
        )
    }

    /// The longest text the field holds, in characters: the one limit of
    /// the field, for the window's text box, paste, import and the CLI
    /// alike. Multi-line text (descriptions, notes, reasons) holds
    /// [`MAX_TEXT_CHARS`], other text [`MAX_LINE_CHARS`].
    pub fn max_chars(&self) -> usize {
        use Field::*;
        match self {
            SchemeDescription
            | Outcomes
            | SchemeNotes
            | MetricDescription
            | OverrideReason
            | Diagnosis
            | Action
            | Trajectory
            | RiskDescription
            | SignOffComment
            | MetricSchemes
            | RiskSchemes
            | RiskMetrics
            | RiskObjectives
            | ObjectiveDescription
            | ObjectiveSchemes
            | ObjectiveMetrics
            | ObjectiveRisks
            | SectionText
            | ConditionAssurance
            | ConditionActions
            | Mitigation {
                part: MitigationPart::Text,
                ..
            } => MAX_TEXT_CHARS,
            Money { .. } => MAX_MONEY_CHARS,
            Baseline
            | Period {
                part: PeriodPart::Target | PeriodPart::Actual | PeriodPart::Forecast,
                ..
            }
            | NamedPeriod {
                part: PeriodPart::Target | PeriodPart::Actual | PeriodPart::Forecast,
                ..
            } => MAX_FIGURE_CHARS,
            TolerancePct
            | Period {
                part: PeriodPart::TargetChange,
                ..
            }
            | NamedPeriod {
                part: PeriodPart::TargetChange,
                ..
            } => MAX_NUMBER_CHARS,
            OverrideDate
            | DateRaised
            | ReviewDate
            | SignOffDate
            | Mitigation {
                part: MitigationPart::Due,
                ..
            } => MAX_DATE_CHARS,
            Score { .. } => MAX_LEVEL_CHARS,
            _ => MAX_LINE_CHARS,
        }
    }

    /// THE entry by field: reads the text of a cell into the field's
    /// value with the parser of its kind, money in `unit`. Refused with
    /// the reason (without the field's name: the caller says which record
    /// and field): text that is not of the field's kind, or is longer
    /// than [`Field::max_chars`]. A money cell's text that is not an
    /// amount ("TBC") is kept: [`Value::Text`].
    pub fn parse(&self, text: &str, unit: MoneyUnit) -> Result<Value, String> {
        use Field::*;
        check_length(text, self.max_chars())?;
        let word = |w: &str| Value::Text(w.to_string());
        Ok(match self {
            Id => match text.trim() {
                "" => Value::Empty,
                t => Value::id(value::parse_id(t)?),
            },
            f if f.is_text() => Value::text(text),
            Money { .. } => match value::parse_money_cell(text, unit)? {
                MoneyCell::Empty => Value::Empty,
                MoneyCell::Amount(a) => Value::Money(a),
                MoneyCell::Kept { text, .. } => Value::Text(text),
            },
            Period {
                part: PeriodPart::TargetChange,
                ..
            }
            | NamedPeriod {
                part: PeriodPart::TargetChange,
                ..
            } => value::parse_change_pct(text)?
                .map(Value::Decimal)
                .unwrap_or(Value::Empty),
            Baseline | Period { .. } | NamedPeriod { .. } => match value::parse_figure(text)? {
                Some(f) => Value::Figure(f, super::MetricUnit::default()),
                None => Value::Empty,
            },
            TolerancePct => value::parse_tolerance(text)?
                .map(Value::Decimal)
                .unwrap_or(Value::Empty),
            OverrideDate
            | DateRaised
            | ReviewDate
            | SignOffDate
            | Mitigation {
                part: MitigationPart::Due,
                ..
            } => Value::date(&DateField::from_input(text)),
            Score { part, .. } => match value::parse_level(text, value::level_words(*part))? {
                Some(n) => Value::Int(n.into()),
                None => Value::Empty,
            },
            MetricSchemes | RiskSchemes | RiskMetrics | RiskObjectives | ObjectiveSchemes | ObjectiveMetrics
            | ObjectiveRisks => Value::Ids(value::parse_ids(text)?),
            SchemeType => word(super::SchemeKind::parse(text)?.word()),
            SectionProgress => word(super::SectionStatus::parse(text)?.word()),
            // blank is no answer (and makes no section a condition)
            ConditionIsMet if text.trim().is_empty() => Value::Empty,
            ConditionIsMet => word(super::ConditionMet::parse(text)?.word()),
            SectionIsCondition => Value::Bool(value::parse_bool(text)?),
            Required
            | Mitigation {
                part: MitigationPart::Done,
                ..
            } => Value::Bool(value::parse_bool(text)?),
            MetricCategory => word(value::parse_category(text)?.word()),
            MetricUnit => word(value::parse_metric_unit(text)?.word()),
            Polarity => word(value::parse_polarity(text)?.word()),
            RagOverride => match value::parse_rag(text)? {
                Some(r) => word(r.word()),
                None => Value::Empty,
            },
            RiskStatus => word(value::parse_risk_status(text)?.word()),
            OrgType => word(value::parse_org_type(text)?.word()),
            SignOffStatus => word(value::parse_signoff_status(text)?.word()),
            // every text field is matched above
            _ => Value::text(text),
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
            SchemeType => "Type",
            RiskObjectives => "Linked objective IDs",
            ObjectiveNumber => "Number",
            ObjectiveTitle => "Objective",
            ObjectiveDescription => "Description",
            ObjectiveOwner => "Owner",
            ObjectiveSchemes => "Linked scheme IDs",
            ObjectiveMetrics => "Linked metric IDs",
            ObjectiveRisks => "Linked risk IDs",
            SectionTitle => "Section",
            SectionProgress => "Status",
            SectionText => "Text",
            SectionIsCondition => "National condition",
            ConditionIsMet => "Met",
            ConditionAssurance => "Assurance",
            ConditionActions => "Actions if not met",
            SchemeMilestones => "Milestones",
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
            SchemeName => &["scheme", "name", "scheme name", "scheme title", "bcf investment"],
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
            if plan.schemes.iter().any(|s| !s.kind.is_scheme()) {
                v.push(SchemeType);
            }
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
            let periods = || plan.metrics.iter().flat_map(|m| &m.periods);
            let change = periods().any(|p| p.target_change_pct.is_some());
            let status = periods().any(|p| !p.status_text.is_empty());
            for i in 1..=n {
                for part in [
                    PeriodPart::Label,
                    PeriodPart::Target,
                    PeriodPart::Actual,
                    PeriodPart::Forecast,
                ] {
                    v.push(Period { n: i, part });
                }
                if change {
                    v.push(Period {
                        n: i,
                        part: PeriodPart::TargetChange,
                    });
                }
                if status {
                    v.push(Period {
                        n: i,
                        part: PeriodPart::Status,
                    });
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
            if plan.risks.iter().any(|r| !r.objective_ids.is_empty()) {
                v.push(RiskObjectives);
            }
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
        RecordKind::Objectives => vec![
            Id,
            ObjectiveNumber,
            ObjectiveTitle,
            ObjectiveDescription,
            ObjectiveOwner,
            ObjectiveSchemes,
            ObjectiveMetrics,
            ObjectiveRisks,
        ],
        RecordKind::Sections => vec![
            Id,
            SectionTitle,
            SectionProgress,
            SectionIsCondition,
            ConditionIsMet,
            ConditionAssurance,
            ConditionActions,
            SectionText,
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
        RecordKind::Objectives => vec![ObjectiveNumber, ObjectiveTitle, ObjectiveDescription, ObjectiveOwner],
        RecordKind::Sections => vec![SectionTitle, SectionText],
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
    fn every_stored_field_has_a_kind_and_a_heading() {
        let plan = Plan::default();
        for kind in RecordKind::ALL {
            for f in stored_fields(&plan, kind) {
                assert_eq!(f.kind().unwrap_or(kind), kind, "{f:?}");
                assert!(!f.header(MoneyUnit::Pounds).is_empty());
            }
        }
    }
}
