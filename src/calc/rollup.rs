//! Consolidation (issue 17, part 4): many plans seen as one. Pure: plans
//! in, a [`Rollup`] out, shared by `opplan rollup` and the window's
//! Consolidation view.
//!
//! - each plan's totals by year, source, area and commissioner (ranges stay
//!   ranges), its RAG by area, its checklist progress and its conflicts;
//! - the same totals summed over every plan but the consolidated one (the
//!   consolidated plan already holds the others' money: adding it would
//!   count that money twice);
//! - the **reconciliation**: the consolidated plan's contribution of each
//!   organisation (its schemes whose CCG / programme names the
//!   organisation, matched as sign-offs match organisations: "NHS South
//!   Kent Coast CCG" is "South Kent Coast") against that organisation's own plan, year by year,
//!   spend and benefits (the organisations one plan is the own plan of
//!   together), every difference listed, with the organisations
//!   the consolidated plan names that have no plan here and the plans it
//!   has no line for.

use super::finance::{Breakdown, Dimension, FinanceTotals, Measure, Parts, parts_by_year};
use super::signoffs::org_key;
use super::{AreaRag, PlanSummary, Rag, summarize};
use crate::model::money::format_span;
use crate::model::{MoneyUnit, Plan, PlanStatus, Span};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// A plan's (or the workspace's) money: total spend and benefits by year,
/// and spend by year for each source of funding, area of spend and
/// commissioner.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub spend_by_year: BTreeMap<String, Span>,
    pub benefit_by_year: BTreeMap<String, Span>,
    pub by_source: Breakdown,
    pub by_area: Breakdown,
    pub by_commissioner: Breakdown,
}

/// The dimensions a rollup breaks money down by.
pub const DIMENSIONS: [Dimension; 3] = [Dimension::Source, Dimension::Area, Dimension::Commissioner];

impl Totals {
    pub fn of(f: &FinanceTotals) -> Totals {
        Totals {
            spend_by_year: f.spend_by_year.clone(),
            benefit_by_year: f.benefit_by_year.clone(),
            by_source: f.by_source.clone(),
            by_area: f.by_area.clone(),
            by_commissioner: f.by_commissioner.clone(),
        }
    }
    /// Adds another plan's totals (ranges add as ranges).
    pub fn add(&mut self, o: &Totals) {
        add_years(&mut self.spend_by_year, &o.spend_by_year);
        add_years(&mut self.benefit_by_year, &o.benefit_by_year);
        for d in DIMENSIONS {
            if let (Some(mine), Some(theirs)) = (self.breakdown_mut(d), o.breakdown(d)) {
                for (name, years) in theirs {
                    add_years(mine.entry(name.clone()).or_default(), years);
                }
            }
        }
    }
    /// Spend by year for each name of a dimension of [`DIMENSIONS`]
    /// (`None` for provider and programme, which a rollup does not break
    /// money down by).
    pub fn breakdown(&self, d: Dimension) -> Option<&Breakdown> {
        match d {
            Dimension::Source => Some(&self.by_source),
            Dimension::Area => Some(&self.by_area),
            Dimension::Commissioner => Some(&self.by_commissioner),
            Dimension::Provider | Dimension::Programme => None,
        }
    }
    fn breakdown_mut(&mut self, d: Dimension) -> Option<&mut Breakdown> {
        match d {
            Dimension::Source => Some(&mut self.by_source),
            Dimension::Area => Some(&mut self.by_area),
            Dimension::Commissioner => Some(&mut self.by_commissioner),
            Dimension::Provider | Dimension::Programme => None,
        }
    }
    pub fn spend(&self, year: &str) -> Span {
        self.spend_by_year.get(year).copied().unwrap_or(Span::ZERO)
    }
    pub fn benefit(&self, year: &str) -> Span {
        self.benefit_by_year.get(year).copied().unwrap_or(Span::ZERO)
    }
}

fn add_years(into: &mut BTreeMap<String, Span>, from: &BTreeMap<String, Span>) {
    for (y, s) in from {
        into.entry(y.clone()).or_insert(Span::ZERO).add(*s);
    }
}

/// One plan of the workspace, as the rollup shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanRollup {
    /// How the caller named it (a file name): the window opens the plan
    /// by it.
    pub label: String,
    pub title: String,
    pub organisation: String,
    pub ccgs: Vec<String>,
    pub status: PlanStatus,
    pub unit: MoneyUnit,
    pub schemes: usize,
    pub totals: Totals,
    /// Finance, Metrics, Risks, Schemes, Sign-offs, as the Overview rates
    /// them.
    pub areas: Vec<AreaRag>,
    pub overall: Rag,
    pub checklist_done: usize,
    pub checklist_total: usize,
    /// Merge conflicts the plan still holds.
    pub conflicts: usize,
    /// True for the consolidated plan.
    pub consolidated: bool,
}

impl PlanRollup {
    fn of(label: &str, plan: &Plan, s: &PlanSummary, consolidated: bool) -> PlanRollup {
        let total = s.checklist.items.len();
        PlanRollup {
            label: label.to_string(),
            title: plan.header.title.clone(),
            organisation: plan.header.organisation.clone(),
            ccgs: plan.header.ccgs.clone(),
            status: plan.header.status,
            unit: plan.settings.display_unit,
            schemes: plan.schemes.len(),
            totals: Totals::of(&s.finance),
            areas: s.areas.clone(),
            overall: s.overall,
            checklist_done: total - s.checklist.incomplete_count(),
            checklist_total: total,
            conflicts: plan.conflicts.len(),
            consolidated,
        }
    }
    /// "South Kent Coast" (its one CCG), else its organisation, else its
    /// title, else its label.
    pub fn name(&self) -> String {
        let one_ccg = match self.ccgs.as_slice() {
            [one] => one.clone(),
            _ => String::new(),
        };
        [one_ccg, self.organisation.clone(), self.title.clone()]
            .into_iter()
            .find(|n| !n.trim().is_empty())
            .unwrap_or_else(|| self.label.clone())
    }
}

/// What a reconciliation line compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Figure {
    /// Total spend (unsplit + recurrent + non-recurrent) in a year.
    Spend,
    /// Benefits (savings, negative) in a year.
    Benefit,
}

impl Figure {
    pub const ALL: [Figure; 2] = [Figure::Spend, Figure::Benefit];
    pub fn word(self) -> &'static str {
        match self {
            Figure::Spend => "spend",
            Figure::Benefit => "benefits",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Figure::Spend => "spend",
            Figure::Benefit => "benefit",
        }
    }
    fn measure(self) -> Measure {
        match self {
            Figure::Spend => Measure::Spend,
            Figure::Benefit => Measure::Benefit,
        }
    }
}

/// One difference between the consolidated plan and an organisation's
/// own plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// A figure that differs: the consolidated plan's (`None`: none of its
    /// schemes for the organisation has an amount that year) against the
    /// organisation's own (`None` likewise), and consolidated minus own,
    /// bound by bound (so two equal ranges differ by zero).
    Amount {
        /// As the consolidated plan names it ("South Kent Coast"); the
        /// organisations one plan is the own plan of, joined
        /// ("Dartford Gravesham and Swanley + Swale"), their lines summed.
        organisation: String,
        /// The organisation's own plan (index into [`Rollup::plans`]).
        plan: usize,
        year: String,
        figure: Figure,
        consolidated: Option<Span>,
        own: Option<Span>,
        by: Span,
    },
    /// The consolidated plan has schemes for an organisation that has no
    /// plan in the workspace: its money cannot be checked.
    NoOwnPlan {
        organisation: String,
        spend: BTreeMap<String, Span>,
    },
    /// A plan of the workspace the consolidated plan has no line for.
    NotInConsolidated { plan: usize },
}

impl Difference {
    /// The plan of the workspace the difference is about, if any.
    pub fn plan(&self) -> Option<usize> {
        match self {
            Difference::Amount { plan, .. } | Difference::NotInConsolidated { plan } => Some(*plan),
            Difference::NoOwnPlan { .. } => None,
        }
    }
}

/// Plans seen as one.
#[derive(Clone, Debug, PartialEq)]
pub struct Rollup {
    /// In the order given.
    pub plans: Vec<PlanRollup>,
    /// Which of them is the consolidated plan.
    pub consolidated: Option<usize>,
    /// Every year of every plan: each plan's years in order, new ones
    /// appended.
    pub years: Vec<String>,
    /// Every plan but the consolidated one, summed.
    pub total: Totals,
    /// The consolidated plan against the organisations' own plans (empty
    /// without a consolidated plan).
    pub differences: Vec<Difference>,
}

impl Rollup {
    /// The unit to show money in: the consolidated plan's, else the first
    /// plan's.
    pub fn unit(&self) -> MoneyUnit {
        self.consolidated
            .or((!self.plans.is_empty()).then_some(0))
            .map_or(MoneyUnit::Thousands, |i| self.plans[i].unit)
    }

    /// A difference as a sentence naming the plans, the figure and by how
    /// much: "South Kent Coast, 2015/16 spend: the consolidated plan
    /// (kent.ron) gives 8,437 (£000), South Kent Coast's own plan
    /// (south-kent-coast.ron) 13,283 – 18,863 (£000): 4,846 – 10,426
    /// (£000) less".
    pub fn sentence(&self, d: &Difference) -> String {
        let unit = self.unit();
        let consolidated = self
            .consolidated
            .map_or_else(String::new, |i| format!(" ({})", self.plans[i].label));
        let money = |s: &Option<Span>| {
            s.as_ref()
                .map_or_else(|| "nothing".to_string(), |s| format_span(s, unit))
        };
        match d {
            Difference::Amount {
                organisation,
                plan,
                year,
                figure,
                consolidated: c,
                own,
                by,
            } => {
                let p = &self.plans[*plan];
                // bound by bound, the two bounds may come in either order
                let (lo, hi) = (by.min_pence.min(by.max_pence), by.min_pence.max(by.max_pence));
                let how = if lo >= 0 {
                    format!(
                        "{} more",
                        format_span(
                            &Span {
                                min_pence: lo,
                                max_pence: hi
                            },
                            unit
                        )
                    )
                } else if hi <= 0 {
                    let less = Span {
                        min_pence: hi.saturating_neg(),
                        max_pence: lo.saturating_neg(),
                    };
                    format!("{} less", format_span(&less, unit))
                } else {
                    format!("a difference of {}", format_span(by, unit))
                };
                format!(
                    "{organisation}, {year} {}: the consolidated plan{consolidated} gives {}, {}\u{2019}s own plan ({}) {}: {how}",
                    figure.word(),
                    money(c),
                    p.name(),
                    p.label,
                    money(own),
                )
            }
            Difference::NoOwnPlan { organisation, spend } => {
                let years: Vec<String> = spend
                    .iter()
                    .map(|(y, s)| format!("{y} {}", format_span(s, unit)))
                    .collect();
                format!(
                    "{organisation}: the consolidated plan{consolidated} gives it {}, but no plan of the workspace is {organisation}\u{2019}s, so it cannot be checked",
                    if years.is_empty() {
                        "schemes with no amounts".to_string()
                    } else {
                        years.join(", ")
                    }
                )
            }
            Difference::NotInConsolidated { plan } => {
                let p = &self.plans[*plan];
                format!(
                    "{} ({}): the consolidated plan{consolidated} has no schemes for it (no scheme\u{2019}s CCG / programme names it)",
                    p.name(),
                    p.label
                )
            }
        }
    }
}

/// Rolls up `plans` (label and plan), `consolidated` naming the one that
/// consolidates the others. `today` decides what is overdue in each
/// checklist.
pub fn rollup(plans: &[(&str, &Plan)], consolidated: Option<usize>, today: NaiveDate) -> Rollup {
    let summaries = summarize_all(plans, today);
    rollup_with(plans, &summaries, consolidated)
}

/// The same from each plan's summary, computed already (the window keeps
/// a live summary of each plan it has open, so an edit to one plan costs
/// its own summary and this, not 40 summaries). `summaries[i]` is the
/// summary of `plans[i]`; the plans past the end of `summaries` are left
/// out.
pub fn rollup_with(plans: &[(&str, &Plan)], summaries: &[PlanSummary], consolidated: Option<usize>) -> Rollup {
    let plans = &plans[..plans.len().min(summaries.len())];
    let consolidated = consolidated.filter(|&i| i < plans.len());
    let rolled: Vec<PlanRollup> = plans
        .iter()
        .zip(summaries)
        .enumerate()
        .map(|(i, ((label, plan), s))| PlanRollup::of(label, plan, s, Some(i) == consolidated))
        .collect();
    let mut years: Vec<String> = Vec::new();
    let mut total = Totals::default();
    for (i, ((_, plan), s)) in plans.iter().zip(summaries).enumerate() {
        for y in plan.header.years.iter().chain(&s.finance.years) {
            if !years.contains(y) {
                years.push(y.clone());
            }
        }
        if Some(i) != consolidated {
            total.add(&rolled[i].totals);
        }
    }
    let differences = consolidated.map_or_else(Vec::new, |c| reconcile(plans, c, summaries, &years));
    Rollup {
        plans: rolled,
        consolidated,
        years,
        total,
        differences,
    }
}

/// Each plan's summary; on as many threads as there are cores (up to 8),
/// each taking every n-th plan.
fn summarize_all(plans: &[(&str, &Plan)], today: NaiveDate) -> Vec<PlanSummary> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
        .min(plans.len().max(1));
    if threads == 1 {
        return plans.iter().map(|(_, p)| summarize(p, today)).collect();
    }
    let mut out: Vec<Option<PlanSummary>> = vec![None; plans.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..plans.len())
                        .step_by(threads)
                        .map(|i| (i, summarize(plans[i].1, today)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // a summary never panics; if a thread did, its plans are
            // summarized again below, on this thread
            if let Ok(done) = h.join() {
                for (i, s) in done {
                    out[i] = Some(s);
                }
            }
        }
    });
    out.into_iter()
        .zip(plans)
        .map(|(s, (_, p))| s.unwrap_or_else(|| summarize(p, today)))
        .collect()
}

/// The consolidated plan's money per organisation against each
/// organisation's own plan.
fn reconcile(plans: &[(&str, &Plan)], c: usize, summaries: &[PlanSummary], years: &[String]) -> Vec<Difference> {
    let consolidated = plans[c].1;
    // the consolidated plan's schemes by organisation, in first-seen order
    let mut orgs: Vec<(String, String, Vec<&crate::model::Scheme>)> = Vec::new();
    for s in &consolidated.schemes {
        let name = s.programme.trim();
        if name.is_empty() {
            continue;
        }
        let key = org_key(name);
        match orgs.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, list)) => list.push(s),
            None => orgs.push((key, name.to_string(), vec![s])),
        }
    }
    // each other plan's keys: its CCGs, else its organisation
    let keys: Vec<Vec<String>> = plans
        .iter()
        .map(|(_, p)| {
            let ccgs: Vec<String> = p
                .header
                .ccgs
                .iter()
                .map(|n| org_key(n))
                .filter(|k| !k.is_empty())
                .collect();
            if ccgs.is_empty() {
                vec![org_key(&p.header.organisation)]
            } else {
                ccgs
            }
        })
        .collect();
    let owners_of = |key: &str| -> Vec<usize> {
        (0..plans.len())
            .filter(|&i| i != c && keys[i].iter().any(|k| k == key))
            .collect()
    };
    // organisations whose own plans are the same plans are compared
    // together: one plan for two CCGs (North Kent's, for Dartford
    // Gravesham and Swanley and for Swale) against both its lines summed,
    // not against each line alone
    let mut groups: Vec<(Vec<usize>, String, Vec<&crate::model::Scheme>)> = Vec::new();
    for (key, name, schemes) in &orgs {
        let owners = owners_of(key);
        match groups.iter_mut().find(|(o, _, _)| !owners.is_empty() && *o == owners) {
            Some((_, names, list)) => {
                names.push_str(" + ");
                names.push_str(name);
                list.extend(schemes.iter().copied());
            }
            None => groups.push((owners, name.clone(), schemes.clone())),
        }
    }
    let mut out = Vec::new();
    let mut matched = vec![false; plans.len()];
    for (owners, name, schemes) in &groups {
        let contribution = parts_by_year(schemes.iter().copied());
        if owners.is_empty() {
            out.push(Difference::NoOwnPlan {
                organisation: name.clone(),
                spend: contribution
                    .iter()
                    .filter(|(_, p)| !p.spend().is_zero())
                    .map(|(y, p)| (y.clone(), p.spend()))
                    .collect(),
            });
            continue;
        }
        for &i in owners {
            matched[i] = true;
            let own = &summaries[i].finance.parts_by_year;
            for year in years {
                for figure in Figure::ALL {
                    let theirs = figure_of(&contribution, schemes.iter().copied(), year, figure);
                    let mine = figure_of(own, &plans[i].1.schemes, year, figure);
                    let by = bounds_minus(theirs.unwrap_or(Span::ZERO), mine.unwrap_or(Span::ZERO));
                    if !by.is_zero() {
                        out.push(Difference::Amount {
                            organisation: name.clone(),
                            plan: i,
                            year: year.clone(),
                            figure,
                            consolidated: theirs,
                            own: mine,
                            by,
                        });
                    }
                }
            }
        }
    }
    for (i, m) in matched.iter().enumerate() {
        if i != c && !m {
            out.push(Difference::NotInConsolidated { plan: i });
        }
    }
    out
}

/// A figure of some schemes in a year: `None` when none of them has an
/// amount for it that year (so "nothing given" and "0 given" differ in
/// words, not in the arithmetic).
fn figure_of<'a>(
    parts: &BTreeMap<String, Parts>,
    schemes: impl IntoIterator<Item = &'a crate::model::Scheme>,
    year: &str,
    figure: Figure,
) -> Option<Span> {
    let given = schemes.into_iter().any(|s| {
        s.year(year).is_some_and(|y| match figure {
            Figure::Spend => y.spend.is_some() || y.recurrent.is_some() || y.non_recurrent.is_some(),
            Figure::Benefit => y.benefit_recurrent.is_some() || y.benefit_non_recurrent.is_some(),
        })
    });
    given.then(|| parts.get(year).map_or(Span::ZERO, |p| p.measure(figure.measure())))
}

/// `a − b` bound by bound (min − min, max − max): two equal ranges differ
/// by zero.
pub fn bounds_minus(a: Span, b: Span) -> Span {
    Span {
        min_pence: a.min_pence.saturating_sub(b.min_pence),
        max_pence: a.max_pence.saturating_sub(b.max_pence),
    }
}
