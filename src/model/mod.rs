//! The plan and its four record kinds: plain serde types, no egui, no I/O.
//!
//! Field order here is the field order in the RON file, so keep related
//! fields together and add new ones at the end of a struct with
//! `#[serde(default)]` (every struct has it) so older files still load.

pub mod conflict;
pub mod date;
pub mod edit;
pub mod field;
pub mod limits;
pub mod money;
pub mod objectives;
pub mod operating;
pub mod record;
pub mod value;

use chrono::NaiveDateTime;
pub use conflict::{ConflictKind, MergeConflict, Name, PathStep, Side, Tree};
pub use date::DateField;
pub use edit::{AnyRecord, FinanceTables, PlanEdit};
pub use field::{Field, MoneyPart, RecordKind};
pub use money::{Amount, MoneyUnit, Pence, Span};
pub use objectives::{
    ConditionAnswer, ConditionMet, Milestone, MilestoneStatus, NarrativeSection, Objective, SchemeKind, SectionStatus,
};
pub use operating::{
    AllocationLine, Contribution, FinanceYear, IncomeKind, PerformanceAmount, PodChange, QippPhase, QippYear,
};
pub use record::Record;
pub use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
pub use value::{MoneyCell, Value};

/// The format version this build writes for a plan without any of the
/// newer content below (so such plans are written exactly as before).
/// See `io::migrate` for the history.
pub const FORMAT_VERSION: u32 = 2;

/// The format version of a plan that holds merge conflicts
/// ([`Plan::conflicts`]) and no operating-plan content: an older opplan
/// refuses such a file rather than dropping the conflicts (and with them
/// the other side's values) on its next save.
pub const FORMAT_VERSION_CONFLICTS: u32 = 3;

/// The format version of a plan that holds operating-plan content (the
/// money side: allocations, finance years, contributions, performance
/// amounts, a scheme's QIPP; and objectives, narrative sections,
/// initiatives and milestones, risks linked to objectives, targets as a
/// change from the baseline, text statuses of periods): an older opplan
/// would drop it silently, so such a plan is written as version 4 (see
/// [`Plan::written_version`]). Version 4 may hold conflicts too.
pub const FORMAT_VERSION_OPERATING: u32 = 4;

/// The newest format this build reads.
pub const FORMAT_VERSION_READ: u32 = FORMAT_VERSION_OPERATING;

/// A stable record id, unique within a plan. Links between records use it,
/// so they survive sorting, filtering and reordering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RecordId(pub u64);

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Red / Amber / Green, or not rated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rag {
    Red,
    Amber,
    Green,
    #[default]
    NotRated,
}

impl Rag {
    pub const ALL: [Rag; 4] = [Rag::Green, Rag::Amber, Rag::Red, Rag::NotRated];
    /// The key used in JSON and CSV: "green", "amber", "red", "not_rated".
    pub fn key(self) -> &'static str {
        match self {
            Rag::Green => "green",
            Rag::Amber => "amber",
            Rag::Red => "red",
            Rag::NotRated => "not_rated",
        }
    }
    /// The word shown to people: "Green", "Amber", "Red", "Not rated".
    pub fn word(self) -> &'static str {
        match self {
            Rag::Green => "Green",
            Rag::Amber => "Amber",
            Rag::Red => "Red",
            Rag::NotRated => "Not rated",
        }
    }
    /// Severity for "worst of": Red 3, Amber 2, Green 1, not rated 0.
    pub fn severity(self) -> u8 {
        match self {
            Rag::Red => 3,
            Rag::Amber => 2,
            Rag::Green => 1,
            Rag::NotRated => 0,
        }
    }
    /// The worse of two ratings (not rated never wins over a rating).
    pub fn worst(self, other: Rag) -> Rag {
        if other.severity() > self.severity() {
            other
        } else {
            self
        }
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

// ---------------------------------------------------------------- the plan

/// A whole operating plan or BCF plan: what one RON file holds.
///
/// In memory `format_version` is the version the plan was brought up to
/// on load ([`FORMAT_VERSION`]); a file gets [`Plan::written_version`]
/// (the hand-written `Serialize` below writes it, and leaves out the
/// operating-plan lists while they are empty, so a plan without them is
/// written byte for byte as before).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(default)]
pub struct Plan {
    pub format_version: u32,
    pub header: PlanHeader,
    pub settings: Settings,
    pub schemes: Vec<Scheme>,
    pub metrics: Vec<Metric>,
    pub risks: Vec<Risk>,
    pub signoffs: Vec<SignOff>,
    /// The allocation statement: income lines, in order, each for a year.
    pub allocations: Vec<AllocationLine>,
    /// Per year: planned spend, planning assumptions, printed totals.
    pub finance_years: Vec<FinanceYear>,
    /// Contributions to the pooled budget (the BCF Finance Summary).
    pub contributions: Vec<Contribution>,
    /// Pay-for-performance and contingency amounts per metric.
    pub performance_amounts: Vec<PerformanceAmount>,
    /// Every change of plan status, oldest first.
    pub history: Vec<StatusChange>,
    /// The next id to hand out; never reused, so a link can never point at
    /// a different record after a delete.
    pub next_id: u64,
    /// The plan's key objectives, in their order.
    pub objectives: Vec<Objective>,
    /// Narrative sections and national conditions, in their order.
    pub sections: Vec<NarrativeSection>,
    /// What a merge could not decide, until someone chooses (see
    /// [`conflict`]). Not written when empty, so plans without conflicts
    /// stay as they were.
    pub conflicts: Vec<MergeConflict>,
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            format_version: FORMAT_VERSION,
            header: PlanHeader::default(),
            settings: Settings::default(),
            schemes: Vec::new(),
            metrics: Vec::new(),
            risks: Vec::new(),
            signoffs: Vec::new(),
            allocations: Vec::new(),
            finance_years: Vec::new(),
            contributions: Vec::new(),
            performance_amounts: Vec::new(),
            history: Vec::new(),
            next_id: 1,
            objectives: Vec::new(),
            sections: Vec::new(),
            conflicts: Vec::new(),
        }
    }
}

impl Serialize for Plan {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut st = serializer.serialize_struct("Plan", 16)?;
        st.serialize_field("format_version", &self.written_version())?;
        st.serialize_field("header", &self.header)?;
        st.serialize_field("settings", &self.settings)?;
        st.serialize_field("schemes", &self.schemes)?;
        st.serialize_field("metrics", &self.metrics)?;
        st.serialize_field("risks", &self.risks)?;
        st.serialize_field("signoffs", &self.signoffs)?;
        fn list<S: SerializeStruct, T: Serialize>(st: &mut S, key: &'static str, v: &[T]) -> Result<(), S::Error> {
            if v.is_empty() {
                st.skip_field(key)
            } else {
                st.serialize_field(key, v)
            }
        }
        list(&mut st, "allocations", &self.allocations)?;
        list(&mut st, "finance_years", &self.finance_years)?;
        list(&mut st, "contributions", &self.contributions)?;
        list(&mut st, "performance_amounts", &self.performance_amounts)?;
        st.serialize_field("history", &self.history)?;
        st.serialize_field("next_id", &self.next_id)?;
        list(&mut st, "objectives", &self.objectives)?;
        list(&mut st, "sections", &self.sections)?;
        list(&mut st, "conflicts", &self.conflicts)?;
        st.end()
    }
}

impl Plan {
    /// A new, empty plan for the financial year `today` falls in and the
    /// next.
    pub fn new_blank(today: chrono::NaiveDate) -> Plan {
        let fy = date::financial_year_of(today);
        let start: i32 = fy[..4].parse().unwrap_or(2026);
        let years = vec![
            format!("{}/{:02}", start, (start + 1) % 100),
            format!("{}/{:02}", start + 1, (start + 2) % 100),
        ];
        let mut plan = Plan::default();
        plan.header.title = "Untitled plan".into();
        plan.header.version = "Draft v0.1".into();
        plan.header.budgets = years.iter().map(|y| YearBudget::new(y)).collect();
        plan.header.years = years;
        plan
    }

    /// The id [`Plan::alloc_id`] would hand out next; `None` when the plan
    /// has handed out every id up to [`limits::MAX_ID`].
    pub fn peek_id(&self) -> Option<u64> {
        let next = self.next_id.max(self.max_id().saturating_add(1)).max(1);
        (next <= limits::MAX_ID).then_some(next)
    }

    /// Hands out a fresh id: never 0, never one used before (ids are not
    /// reused, so a link can never point at a different record after a
    /// delete), never beyond [`limits::MAX_ID`]. A plan that has handed out
    /// every id refuses, with a message for the user.
    pub fn alloc_id(&mut self) -> Result<RecordId, IdsExhausted> {
        let id = self.peek_id().ok_or(IdsExhausted)?;
        // id <= MAX_ID < u64::MAX: no overflow
        self.next_id = id + 1;
        Ok(RecordId(id))
    }

    /// The largest id any record carries (0 when there are none).
    pub fn max_id(&self) -> u64 {
        self.all_ids().map(|id| id.0).max().unwrap_or(0)
    }

    /// Every record id in the plan, in file order (milestones with their
    /// scheme's).
    pub fn all_ids(&self) -> impl Iterator<Item = RecordId> + '_ {
        self.schemes
            .iter()
            .flat_map(|r| std::iter::once(r.id).chain(r.milestones.iter().map(|m| m.id)))
            .chain(self.metrics.iter().map(|r| r.id))
            .chain(self.risks.iter().map(|r| r.id))
            .chain(self.signoffs.iter().map(|r| r.id))
            .chain(self.allocations.iter().map(|r| r.id))
            .chain(self.finance_years.iter().map(|r| r.id))
            .chain(self.contributions.iter().map(|r| r.id))
            .chain(self.performance_amounts.iter().map(|r| r.id))
            .chain(self.objectives.iter().map(|r| r.id))
            .chain(self.sections.iter().map(|r| r.id))
    }

    /// The finance year record for `year`, if the plan has one.
    pub fn finance_year(&self, year: &str) -> Option<&FinanceYear> {
        self.finance_years.iter().find(|f| f.year == year)
    }

    /// The format version this plan is written in: [`FORMAT_VERSION`];
    /// [`FORMAT_VERSION_CONFLICTS`] while it holds merge conflicts;
    /// [`FORMAT_VERSION_OPERATING`] while it holds any operating-plan
    /// content (with or without conflicts), which an older opplan would not
    /// keep.
    pub fn written_version(&self) -> u32 {
        if self.has_operating_content() {
            FORMAT_VERSION_OPERATING
        } else if !self.conflicts.is_empty() {
            FORMAT_VERSION_CONFLICTS
        } else {
            FORMAT_VERSION
        }
    }

    /// True while the plan holds any operating-plan finance: allocation
    /// lines, finance years, contributions, performance amounts, or a
    /// scheme's QIPP.
    pub fn has_operating_finance(&self) -> bool {
        !self.allocations.is_empty()
            || !self.finance_years.is_empty()
            || !self.contributions.is_empty()
            || !self.performance_amounts.is_empty()
            || self.schemes.iter().any(Scheme::has_qipp)
    }

    /// True when the plan holds any of the content of format 4 that
    /// belongs to operating plans.
    pub fn has_operating_content(&self) -> bool {
        self.has_operating_finance()
            || !self.objectives.is_empty()
            || !self.sections.is_empty()
            || self
                .schemes
                .iter()
                .any(|s| !s.kind.is_scheme() || !s.milestones.is_empty())
            || self.risks.iter().any(|r| !r.objective_ids.is_empty())
            || self
                .metrics
                .iter()
                .flat_map(|m| &m.periods)
                .any(|p| p.target_change_pct.is_some() || !p.status_text.is_empty())
    }

    pub fn scheme(&self, id: RecordId) -> Option<&Scheme> {
        self.schemes.iter().find(|s| s.id == id)
    }
    pub fn metric(&self, id: RecordId) -> Option<&Metric> {
        self.metrics.iter().find(|s| s.id == id)
    }
    pub fn risk(&self, id: RecordId) -> Option<&Risk> {
        self.risks.iter().find(|s| s.id == id)
    }
    pub fn signoff(&self, id: RecordId) -> Option<&SignOff> {
        self.signoffs.iter().find(|s| s.id == id)
    }
    pub fn objective(&self, id: RecordId) -> Option<&Objective> {
        self.objectives.iter().find(|s| s.id == id)
    }
    pub fn section(&self, id: RecordId) -> Option<&NarrativeSection> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// Every list of links from one record to others (a metric's schemes;
    /// a risk's schemes, metrics and objectives; an objective's schemes,
    /// metrics and risks).
    pub fn links_mut(&mut self) -> impl Iterator<Item = &mut Vec<RecordId>> {
        self.metrics
            .iter_mut()
            .map(|m| &mut m.scheme_ids)
            .chain(
                self.risks
                    .iter_mut()
                    .flat_map(|r| [&mut r.scheme_ids, &mut r.metric_ids, &mut r.objective_ids]),
            )
            .chain(
                self.objectives
                    .iter_mut()
                    .flat_map(|o| [&mut o.scheme_ids, &mut o.metric_ids, &mut o.risk_ids]),
            )
    }

    /// Removes every link to `id` (after the record is deleted).
    pub fn unlink(&mut self, id: RecordId) {
        for links in self.links_mut() {
            links.retain(|x| *x != id);
        }
    }
}

/// A plan has handed out every record id up to [`limits::MAX_ID`]: no
/// record can be added to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdsExhausted;

impl fmt::Display for IdsExhausted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "This plan has used every record id up to {}, so no record can be added to it. \
             Copy its records into a new plan to go on.",
            money::group_thousands(limits::MAX_ID.into())
        )
    }
}

impl std::error::Error for IdsExhausted {}

// ---------------------------------------------------------------- header

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PlanStatus {
    #[default]
    Draft,
    Submitted,
    Agreed,
    Approved,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 4] = [
        PlanStatus::Draft,
        PlanStatus::Submitted,
        PlanStatus::Agreed,
        PlanStatus::Approved,
    ];
    pub fn word(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Draft",
            PlanStatus::Submitted => "Submitted",
            PlanStatus::Agreed => "Agreed",
            PlanStatus::Approved => "Approved",
        }
    }
}

impl fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.word())
    }
}

/// The plan's cover: who, what years, which version, and the budget the
/// plan must meet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanHeader {
    pub title: String,
    pub organisation: String,
    /// Health and Wellbeing Board.
    pub hwb: String,
    pub local_authority: String,
    /// The CCGs the plan covers.
    pub ccgs: Vec<String>,
    /// Financial year labels the plan spans, in order: "2014/15", "2015/16".
    pub years: Vec<String>,
    /// Version label: "First Draft v1.0".
    pub version: String,
    pub status: PlanStatus,
    pub owner: String,
    pub date_agreed_hwb: Option<DateField>,
    pub date_submitted: Option<DateField>,
    /// Per year: minimum required and declared (agreed) pooled budget.
    pub budgets: Vec<YearBudget>,
    /// Free text: boundary differences, context.
    pub notes: String,
}

impl PlanHeader {
    pub fn budget(&self, year: &str) -> Option<&YearBudget> {
        self.budgets.iter().find(|b| b.year == year)
    }

    /// Every text of the cover the user types, with its name (find and
    /// replace reads them here: a text added to the cover is added here).
    pub fn texts(&self) -> Vec<(HeaderText, &str)> {
        let mut v = vec![
            (HeaderText::Title, self.title.as_str()),
            (HeaderText::Organisation, &self.organisation),
            (HeaderText::Hwb, &self.hwb),
            (HeaderText::LocalAuthority, &self.local_authority),
        ];
        v.extend(
            self.ccgs
                .iter()
                .enumerate()
                .map(|(i, c)| (HeaderText::Ccg(i), c.as_str())),
        );
        v.extend([
            (HeaderText::Version, self.version.as_str()),
            (HeaderText::Owner, &self.owner),
            (HeaderText::Notes, &self.notes),
        ]);
        v
    }

    /// The text of the cover `t` names, to change.
    pub fn text_mut(&mut self, t: HeaderText) -> Option<&mut String> {
        Some(match t {
            HeaderText::Title => &mut self.title,
            HeaderText::Organisation => &mut self.organisation,
            HeaderText::Hwb => &mut self.hwb,
            HeaderText::LocalAuthority => &mut self.local_authority,
            HeaderText::Ccg(i) => self.ccgs.get_mut(i)?,
            HeaderText::Version => &mut self.version,
            HeaderText::Owner => &mut self.owner,
            HeaderText::Notes => &mut self.notes,
        })
    }
}

/// A text of the plan's cover ([`PlanHeader::texts`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeaderText {
    Title,
    Organisation,
    Hwb,
    LocalAuthority,
    /// The CCG at this place in the list.
    Ccg(usize),
    Version,
    Owner,
    Notes,
}

impl HeaderText {
    /// "Title", "Health and Wellbeing Board", "CCG 2".
    pub fn word(self) -> String {
        match self {
            HeaderText::Title => "Title".into(),
            HeaderText::Organisation => "Organisation".into(),
            HeaderText::Hwb => "Health and Wellbeing Board".into(),
            HeaderText::LocalAuthority => "Local authority".into(),
            HeaderText::Ccg(i) => format!("CCG {}", i + 1),
            HeaderText::Version => "Version".into(),
            HeaderText::Owner => "Owner".into(),
            HeaderText::Notes => "Notes".into(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct YearBudget {
    pub year: String,
    /// "Minimum required value of BCF pooled budget".
    pub minimum_required: Option<Amount>,
    /// "Total agreed value of pooled budget" as declared in the plan.
    pub declared_total: Option<Amount>,
}

impl YearBudget {
    pub fn new(year: &str) -> Self {
        YearBudget {
            year: year.to_string(),
            ..Default::default()
        }
    }
}

/// Plan-wide settings and the plan's own choice lists (values a user typed
/// that the built-in lists do not have).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// The unit money is shown and typed in (storage is always pence).
    pub display_unit: MoneyUnit,
    /// Amber tolerance for metrics, percent of the target (default 10).
    pub amber_tolerance_pct: Decimal,
    pub areas_of_spend: Vec<String>,
    pub commissioners: Vec<String>,
    pub funding_sources: Vec<String>,
    pub scheme_statuses: Vec<StatusOption>,
    pub risk_categories: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            display_unit: MoneyUnit::Thousands,
            amber_tolerance_pct: Decimal::from(10),
            areas_of_spend: Vec::new(),
            commissioners: Vec::new(),
            funding_sources: Vec::new(),
            scheme_statuses: Vec::new(),
            risk_categories: Vec::new(),
        }
    }
}

/// A delivery status a plan defines for its schemes, with the RAG it means.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusOption {
    pub label: String,
    pub rag: Rag,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct StatusChange {
    pub at: Option<NaiveDateTime>,
    pub from: PlanStatus,
    pub to: PlanStatus,
    pub who: String,
    pub note: String,
    /// The plan's content at the change, so the app can say what changed
    /// since the plan was submitted, agreed or approved.
    pub content: Option<ContentFingerprint>,
}

// ---------------------------------------------------------------- schemes

/// Where the money goes: one row of the expenditure plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Scheme {
    pub id: RecordId,
    /// Free text: "BCF01", "WK003", "3a".
    pub reference: String,
    pub name: String,
    pub area_of_spend: String,
    /// "Please specify if Other".
    pub area_other: String,
    pub commissioner: String,
    /// Provider or lead provider.
    pub provider: String,
    pub source_of_funding: String,
    /// The CCG or programme the scheme belongs to.
    pub programme: String,
    /// Delivery status: "Planned", "On track", "At risk"...
    pub status: String,
    /// Money per financial year.
    pub years: Vec<SchemeYear>,
    pub description: String,
    /// HWB outcomes and national conditions the scheme supports.
    pub outcomes: String,
    pub notes: String,
    /// The QIPP programme area ("Integrated", "Mental Health"). Not
    /// written when empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub qipp_programme: String,
    /// QIPP saving, investment and points of delivery per year. Not
    /// written when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub qipp: Vec<QippYear>,
    /// A line of the expenditure plan, or an initiative or project.
    #[serde(skip_serializing_if = "SchemeKind::is_scheme")]
    pub kind: SchemeKind,
    /// Its milestones, in order (each with its own id).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
}

impl Scheme {
    /// True when the scheme carries QIPP content.
    pub fn has_qipp(&self) -> bool {
        !self.qipp_programme.is_empty() || !self.qipp.is_empty()
    }
    pub fn qipp_year(&self, year: &str) -> Option<&QippYear> {
        self.qipp.iter().find(|y| y.year == year)
    }
    pub fn year(&self, year: &str) -> Option<&SchemeYear> {
        self.years.iter().find(|y| y.year == year)
    }
    /// The entry for a year, created when missing.
    pub fn year_mut(&mut self, year: &str) -> &mut SchemeYear {
        if let Some(i) = self.years.iter().position(|y| y.year == year) {
            &mut self.years[i]
        } else {
            self.years.push(SchemeYear::new(year));
            self.years.last_mut().expect("just pushed")
        }
    }
}

/// A scheme's money in one financial year. `spend` is spend not split into
/// recurrent and non-recurrent (as the Kent expenditure plan gives it);
/// benefits are savings, negative numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct SchemeYear {
    pub year: String,
    pub spend: Option<Amount>,
    pub recurrent: Option<Amount>,
    pub non_recurrent: Option<Amount>,
    pub benefit_recurrent: Option<Amount>,
    pub benefit_non_recurrent: Option<Amount>,
    /// Text typed into a money cell that is not an amount ("1,2OO"): kept
    /// as typed so nothing is lost, shown marked, listed by the checks, and
    /// counted in no total. At most one entry per field. Not written when
    /// empty, so files without any stay as they were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unparsed: Vec<UnparsedAmount>,
}

/// One of the five amounts of a [`SchemeYear`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AmountField {
    /// Spend not split into recurrent and non-recurrent.
    #[default]
    Spend,
    Recurrent,
    NonRecurrent,
    BenefitRecurrent,
    BenefitNonRecurrent,
}

impl AmountField {
    pub const ALL: [AmountField; 5] = [
        AmountField::Spend,
        AmountField::Recurrent,
        AmountField::NonRecurrent,
        AmountField::BenefitRecurrent,
        AmountField::BenefitNonRecurrent,
    ];
    /// The words shown to people: "Spend (not split)", "Recurrent spend"...
    pub fn word(self) -> &'static str {
        match self {
            AmountField::Spend => "Spend (not split)",
            AmountField::Recurrent => "Recurrent spend",
            AmountField::NonRecurrent => "Non-recurrent spend",
            AmountField::BenefitRecurrent => "Recurrent benefit",
            AmountField::BenefitNonRecurrent => "Non-recurrent benefit",
        }
    }
    /// The model's field name: "spend", "recurrent"...
    pub fn key(self) -> &'static str {
        match self {
            AmountField::Spend => "spend",
            AmountField::Recurrent => "recurrent",
            AmountField::NonRecurrent => "non_recurrent",
            AmountField::BenefitRecurrent => "benefit_recurrent",
            AmountField::BenefitNonRecurrent => "benefit_non_recurrent",
        }
    }
    /// Benefits are savings (negative numbers), not spend.
    pub fn is_benefit(self) -> bool {
        matches!(self, AmountField::BenefitRecurrent | AmountField::BenefitNonRecurrent)
    }
}

/// Text typed into a scheme's money cell that could not be read as an
/// amount, kept as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct UnparsedAmount {
    pub field: AmountField,
    pub text: String,
}

impl SchemeYear {
    pub fn new(year: &str) -> Self {
        SchemeYear {
            year: year.to_string(),
            ..Default::default()
        }
    }
    /// Total spend: unsplit + recurrent + non-recurrent.
    pub fn total_spend(&self) -> Span {
        let mut s = Span::ZERO;
        s.add_opt(&self.spend);
        s.add_opt(&self.recurrent);
        s.add_opt(&self.non_recurrent);
        s
    }
    pub fn total_benefit(&self) -> Span {
        let mut s = Span::ZERO;
        s.add_opt(&self.benefit_recurrent);
        s.add_opt(&self.benefit_non_recurrent);
        s
    }
    pub fn amounts(&self) -> [&Option<Amount>; 5] {
        [
            &self.spend,
            &self.recurrent,
            &self.non_recurrent,
            &self.benefit_recurrent,
            &self.benefit_non_recurrent,
        ]
    }
    pub fn is_empty(&self) -> bool {
        self.amounts().iter().all(|a| a.is_none())
    }
    pub fn get(&self, field: AmountField) -> &Option<Amount> {
        match field {
            AmountField::Spend => &self.spend,
            AmountField::Recurrent => &self.recurrent,
            AmountField::NonRecurrent => &self.non_recurrent,
            AmountField::BenefitRecurrent => &self.benefit_recurrent,
            AmountField::BenefitNonRecurrent => &self.benefit_non_recurrent,
        }
    }
    pub fn get_mut(&mut self, field: AmountField) -> &mut Option<Amount> {
        match field {
            AmountField::Spend => &mut self.spend,
            AmountField::Recurrent => &mut self.recurrent,
            AmountField::NonRecurrent => &mut self.non_recurrent,
            AmountField::BenefitRecurrent => &mut self.benefit_recurrent,
            AmountField::BenefitNonRecurrent => &mut self.benefit_non_recurrent,
        }
    }
    /// The text kept for a field that did not parse, if any.
    pub fn unparsed(&self, field: AmountField) -> Option<&str> {
        self.unparsed.iter().find(|u| u.field == field).map(|u| u.text.as_str())
    }
    /// Keeps (or with `None` forgets) the unreadable text of a field.
    pub fn set_unparsed(&mut self, field: AmountField, text: Option<String>) {
        self.unparsed.retain(|u| u.field != field);
        if let Some(text) = text {
            self.unparsed.push(UnparsedAmount { field, text });
            self.unparsed.sort_by_key(|u| u.field);
        }
    }
    /// True when the year has recurrent or non-recurrent spend (so its
    /// spend is split).
    pub fn is_split(&self) -> bool {
        self.recurrent.is_some() || self.non_recurrent.is_some()
    }
    /// Stores what a money cell holds: an amount (or nothing) replaces the
    /// amount and forgets any text kept for the field; text that is not an
    /// amount replaces the amount too: it is kept as typed and the field
    /// counts in no total (what the cell shows is what the totals count, and
    /// an amount read half-way through typing is not left behind). The one
    /// rule for the window's cells, paste and import.
    pub fn set_cell(&mut self, field: AmountField, cell: MoneyCell) {
        match cell {
            MoneyCell::Empty => {
                *self.get_mut(field) = None;
                self.set_unparsed(field, None);
            }
            MoneyCell::Amount(a) => {
                *self.get_mut(field) = Some(a);
                self.set_unparsed(field, None);
            }
            MoneyCell::Kept { text, .. } => {
                *self.get_mut(field) = None;
                self.set_unparsed(field, Some(text));
            }
        }
    }
    /// True when nothing at all was entered: no amount and no unread text.
    pub fn is_blank(&self) -> bool {
        self.is_empty() && self.unparsed.is_empty()
    }
}

// ---------------------------------------------------------------- metrics

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MetricCategory {
    BcfNational,
    ConstitutionStandard,
    Local,
    #[default]
    Other,
}

impl MetricCategory {
    pub const ALL: [MetricCategory; 4] = [
        MetricCategory::BcfNational,
        MetricCategory::ConstitutionStandard,
        MetricCategory::Local,
        MetricCategory::Other,
    ];
    pub fn word(self) -> &'static str {
        match self {
            MetricCategory::BcfNational => "BCF national metric",
            MetricCategory::ConstitutionStandard => "NHS constitution standard",
            MetricCategory::Local => "Local metric",
            MetricCategory::Other => "Other",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MetricUnit {
    #[default]
    Percent,
    /// Rate per 100,000 population.
    Per100k,
    Count,
    Days,
    Weeks,
    Score,
    Pounds,
}

impl MetricUnit {
    pub const ALL: [MetricUnit; 7] = [
        MetricUnit::Percent,
        MetricUnit::Per100k,
        MetricUnit::Count,
        MetricUnit::Days,
        MetricUnit::Weeks,
        MetricUnit::Score,
        MetricUnit::Pounds,
    ];
    pub fn word(self) -> &'static str {
        match self {
            MetricUnit::Percent => "%",
            MetricUnit::Per100k => "per 100,000",
            MetricUnit::Count => "count",
            MetricUnit::Days => "days",
            MetricUnit::Weeks => "weeks",
            MetricUnit::Score => "score",
            MetricUnit::Pounds => "£",
        }
    }
    /// What a numerator/denominator ratio is multiplied by to give a value
    /// in this unit.
    pub fn ratio_scale(self) -> Decimal {
        match self {
            MetricUnit::Percent => Decimal::from(100),
            MetricUnit::Per100k => Decimal::from(100_000),
            _ => Decimal::ONE,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Polarity {
    #[default]
    HigherIsBetter,
    LowerIsBetter,
}

impl Polarity {
    pub fn word(self) -> &'static str {
        match self {
            Polarity::HigherIsBetter => "Higher is better",
            Polarity::LowerIsBetter => "Lower is better",
        }
    }
}

/// A metric value: given directly, or as numerator / denominator from which
/// the value follows (scaled by the unit: ×100 for %, ×100,000 per 100,000).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Figure {
    Value(Decimal),
    Ratio { numerator: Decimal, denominator: Decimal },
}

impl Figure {
    /// The value in `unit`; `None` for a ratio with a zero denominator.
    pub fn value(&self, unit: MetricUnit) -> Option<Decimal> {
        match self {
            Figure::Value(v) => Some(*v),
            Figure::Ratio { numerator, denominator } => {
                if denominator.is_zero() {
                    None
                } else {
                    numerator.checked_mul(unit.ratio_scale())?.checked_div(*denominator)
                }
            }
        }
    }
}

/// One reporting period of a metric: "Q1 2015/16", "October 2015 payment".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct MetricPeriod {
    pub label: String,
    pub target: Option<Figure>,
    pub actual: Option<Figure>,
    /// Expected value where there is no actual yet.
    pub forecast: Option<Figure>,
    /// A target written as a change from the metric's baseline, in
    /// percent ("Reduction of 3.2%" is -3.2): kept as such, and rated
    /// against the level it implies. A `target` given as well wins.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_change_pct: Option<Decimal>,
    /// A status in words where there is no figure ("Awaiting
    /// information"): kept and shown, never read as a value.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub status_text: String,
}

/// A RAG set by hand: it must carry a reason, and shows as an override.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct RagOverride {
    pub rag: Rag,
    pub reason: String,
    pub by: String,
    pub date: Option<DateField>,
}

/// What the plan promises to change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Metric {
    pub id: RecordId,
    pub reference: String,
    pub name: String,
    pub category: MetricCategory,
    /// Definition: what is counted, source of data.
    pub description: String,
    pub unit: MetricUnit,
    pub polarity: Polarity,
    pub baseline: Option<Figure>,
    /// "April 2012 - March 2013".
    pub baseline_period: String,
    /// In time order.
    pub periods: Vec<MetricPeriod>,
    /// Amber tolerance in percent of the target; `None` uses the plan's.
    pub tolerance_pct: Option<Decimal>,
    pub rag_override: Option<RagOverride>,
    pub diagnosis: String,
    pub action: String,
    pub trajectory: String,
    /// Schemes that deliver this metric.
    pub scheme_ids: Vec<RecordId>,
}

impl Metric {
    /// True when it links to one of `ids`.
    pub fn links_to(&self, ids: &[RecordId]) -> bool {
        self.scheme_ids.iter().any(|x| ids.contains(x))
    }
    /// Removes its links to `ids`.
    pub fn drop_links(&mut self, ids: &[RecordId]) {
        self.scheme_ids.retain(|x| !ids.contains(x));
    }
}

// ---------------------------------------------------------------- risks

/// A score on the NHS 5×5 matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RiskScore {
    /// 1 rare … 5 almost certain.
    pub likelihood: u8,
    /// 1 negligible … 5 catastrophic.
    pub consequence: u8,
}

impl RiskScore {
    pub fn new(likelihood: u8, consequence: u8) -> Self {
        RiskScore {
            likelihood,
            consequence,
        }
    }
    pub fn is_valid(&self) -> bool {
        (1..=5).contains(&self.likelihood) && (1..=5).contains(&self.consequence)
    }
    pub fn score(&self) -> u8 {
        self.likelihood.saturating_mul(self.consequence)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RiskStatus {
    #[default]
    Open,
    Closed,
}

impl RiskStatus {
    pub fn word(self) -> &'static str {
        match self {
            RiskStatus::Open => "Open",
            RiskStatus::Closed => "Closed",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Mitigation {
    pub text: String,
    pub owner: String,
    pub due: Option<DateField>,
    pub done: bool,
}

/// What could stop delivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Risk {
    pub id: RecordId,
    pub reference: String,
    pub title: String,
    pub description: String,
    /// Open list: "Delivery of a scheme", "Financial", "Workforce"...
    pub category: String,
    pub owner: String,
    pub status: RiskStatus,
    pub date_raised: Option<DateField>,
    pub review_date: Option<DateField>,
    /// Inherent score, before mitigation.
    pub current: Option<RiskScore>,
    /// Expected after mitigation.
    pub residual: Option<RiskScore>,
    pub target: Option<RiskScore>,
    /// A word rating from a legacy plan ("High"), used where no score is given.
    #[serde(alias = "rating")]
    pub legacy_rating: String,
    pub mitigations: Vec<Mitigation>,
    pub scheme_ids: Vec<RecordId>,
    pub metric_ids: Vec<RecordId>,
    /// Objectives this risk threatens.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub objective_ids: Vec<RecordId>,
}

impl Risk {
    /// True when it links to one of `ids`.
    pub fn links_to(&self, ids: &[RecordId]) -> bool {
        self.scheme_ids
            .iter()
            .chain(&self.metric_ids)
            .chain(&self.objective_ids)
            .any(|x| ids.contains(x))
    }
    /// Removes its links to `ids`.
    pub fn drop_links(&mut self, ids: &[RecordId]) {
        self.scheme_ids.retain(|x| !ids.contains(x));
        self.metric_ids.retain(|x| !ids.contains(x));
        self.objective_ids.retain(|x| !ids.contains(x));
    }
}

// ---------------------------------------------------------------- sign-offs

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrgType {
    Ccg,
    LocalAuthority,
    HealthAndWellbeingBoard,
    NhsEngland,
    Provider,
    #[default]
    Other,
}

impl OrgType {
    pub const ALL: [OrgType; 6] = [
        OrgType::Ccg,
        OrgType::LocalAuthority,
        OrgType::HealthAndWellbeingBoard,
        OrgType::NhsEngland,
        OrgType::Provider,
        OrgType::Other,
    ];
    pub fn word(self) -> &'static str {
        match self {
            OrgType::Ccg => "CCG",
            OrgType::LocalAuthority => "Local authority",
            OrgType::HealthAndWellbeingBoard => "Health and Wellbeing Board",
            OrgType::NhsEngland => "NHS England",
            OrgType::Provider => "Provider",
            OrgType::Other => "Other",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SignOffStatus {
    #[default]
    Pending,
    Signed,
    Declined,
}

impl SignOffStatus {
    pub fn word(self) -> &'static str {
        match self {
            SignOffStatus::Pending => "Pending",
            SignOffStatus::Signed => "Signed",
            SignOffStatus::Declined => "Declined",
        }
    }
}

/// Fingerprints of the plan's content when a sign-off was signed: the whole
/// and each part, so the app can say which parts changed since.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ContentFingerprint {
    pub whole: String,
    pub header: String,
    pub schemes: String,
    pub metrics: String,
    pub risks: String,
    /// The objectives and narrative sections (empty while the plan has
    /// none, and then not written).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub operating: String,
}

/// "Signed on behalf of <organisation> / By <name> / Position / Date".
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct SignOff {
    pub id: RecordId,
    pub organisation: String,
    pub org_type: OrgType,
    pub position: String,
    pub name: String,
    pub status: SignOffStatus,
    pub date: Option<DateField>,
    pub comment: String,
    pub required: bool,
    /// The content that was signed (set when marked signed).
    pub signed_content: Option<ContentFingerprint>,
}
