//! The money side of an operating plan, computed: the allocation
//! statement's subtotals and total per year, income against planned spend
//! (the gap, rated), contributions to the pooled budget reconciled against
//! the printed totals, the plan's minimum and the schemes' spend by
//! source, and QIPP saving, investment, net, activity and finance by
//! programme and by point of delivery. Every total is computed here, once,
//! for the window, the CLI and the exports; nothing computed is stored.
//!
//! A printed total that differs from its rows is a [`Check`] that is not
//! met (the Kent Finance Summary: the 2014/15 CCG rows add to 22,061
//! against a printed 27,000), never a silent correction.

use super::finance::{Dimension, FinanceTotals, NOT_SET};
use crate::model::money::MoneyUnit;
use crate::model::{Amount, Decimal, IncomeKind, Plan, Rag, RecordId, Span};
use std::collections::HashMap;

/// One year of the operating plan's money.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperatingYear {
    pub year: String,
    /// Allocation lines for the year.
    pub lines: usize,
    pub recurrent: Span,
    pub non_recurrent: Span,
    /// Recurrent + non-recurrent.
    pub income: Span,
    /// Planned expenditure when typed, else the schemes' spend.
    pub spend: Span,
    /// True when `spend` is the typed planned expenditure.
    pub spend_is_planned: bool,
    /// Income − spend (a range when either is).
    pub gap: Span,
    /// Not rated without allocation lines.
    pub rag: Rag,
    pub rule: String,
    pub contributions: usize,
    pub minimum_contributions: Span,
    pub actual_contributions: Span,
    /// QIPP schemes with figures for the year.
    pub qipp_schemes: usize,
    pub qipp_saving: Span,
    pub qipp_investment: Span,
    /// Saving − investment.
    pub qipp_net: Span,
    /// Points of delivery: the activity change and the finance change.
    pub activity: i128,
    pub pod_finance: Span,
}

/// QIPP totals of one group (a programme or a point of delivery) in one
/// year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QippGroup {
    pub year: String,
    pub name: String,
    pub saving: Span,
    pub investment: Span,
    pub net: Span,
    pub activity: i128,
    pub finance: Span,
    /// Schemes (by programme) or point-of-delivery lines (by point of
    /// delivery) counted.
    pub count: usize,
}

/// One reconciliation or required item, met or not, naming the record
/// and field where it is fixed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    pub ok: bool,
    pub record: Option<RecordId>,
    /// The model's field name.
    pub field: &'static str,
    pub text: String,
}

/// Everything computed about an operating plan's money.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperatingFinance {
    /// The plan's years, then any other year the new tables name.
    pub years: Vec<OperatingYear>,
    /// By year, then in order of first appearance.
    pub by_programme: Vec<QippGroup>,
    pub by_point_of_delivery: Vec<QippGroup>,
    pub checks: Vec<Check>,
}

impl OperatingFinance {
    pub fn year(&self, year: &str) -> Option<&OperatingYear> {
        self.years.iter().find(|y| y.year == year)
    }
    pub fn programme(&self, year: &str, name: &str) -> Option<&QippGroup> {
        self.by_programme.iter().find(|g| g.year == year && g.name == name)
    }
    pub fn point_of_delivery(&self, year: &str, name: &str) -> Option<&QippGroup> {
        self.by_point_of_delivery
            .iter()
            .find(|g| g.year == year && g.name == name)
    }
    /// The checks not met.
    pub fn findings(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.ok)
    }
    /// True when there is nothing to show (a plan without operating
    /// content).
    pub fn is_empty(&self) -> bool {
        self.years
            .iter()
            .all(|y| y.lines == 0 && y.contributions == 0 && y.qipp_schemes == 0)
            && self.checks.is_empty()
    }
    /// Net QIPP over every year.
    pub fn net_qipp(&self) -> Span {
        let mut s = Span::ZERO;
        for y in &self.years {
            s.add(y.qipp_net);
        }
        s
    }
}

fn span(a: &Option<Amount>) -> Span {
    a.as_ref().map(Span::of).unwrap_or(Span::ZERO)
}

/// `a − b` bound by bound (as the scheme reconciliation does): zero when
/// they are the same.
fn difference(a: Span, b: Span) -> Span {
    Span {
        min_pence: a.min_pence.saturating_sub(b.min_pence),
        max_pence: a.max_pence.saturating_sub(b.max_pence),
    }
}

fn group_name(s: &str) -> &str {
    let t = s.trim();
    if t.is_empty() { NOT_SET } else { t }
}

/// Adds to the group `(year, name)`, creating it in order of appearance.
/// The index borrows its keys from the plan: a group's strings are
/// allocated once, when it is created, not for every line added to it
/// (a large operating plan adds hundreds of thousands of lines on every
/// keystroke's summary).
fn group<'a, 'p>(
    groups: &'a mut Vec<QippGroup>,
    index: &mut HashMap<(&'p str, &'p str), usize>,
    year: &'p str,
    name: &'p str,
) -> &'a mut QippGroup {
    let i = *index.entry((year, name)).or_insert_with(|| {
        groups.push(QippGroup {
            year: year.to_string(),
            name: name.to_string(),
            ..Default::default()
        });
        groups.len() - 1
    });
    &mut groups[i]
}

/// `pct`% of `of`, rounded up to the penny; `None` when it cannot be
/// computed exactly within bounds.
fn percent_of(of: i128, pct: &Decimal) -> Option<i128> {
    use rust_decimal::prelude::ToPrimitive;
    let base = Decimal::try_from_i128_with_scale(of, 0).ok()?;
    base.checked_mul(*pct)?
        .checked_div(Decimal::from(100))?
        .ceil()
        .to_i128()
}

/// "Allocation line 3 “Winter resilience”" (positions from 1).
fn labelled(word: &str, i: usize, title: &str) -> String {
    let t = title.trim();
    if t.is_empty() {
        format!("{word} {}", i + 1)
    } else {
        format!("{word} {} \u{201c}{t}\u{201d}", i + 1)
    }
}

/// Computes the operating plan's money. `finance` gives the schemes'
/// spend (by year and by source).
pub fn operating_finance(plan: &Plan, finance: &FinanceTotals) -> OperatingFinance {
    let unit = plan.settings.display_unit;
    let mut out = OperatingFinance::default();
    if !plan.has_operating_finance() {
        return out;
    }
    let mut years: Vec<String> = plan.header.years.clone();
    let mut note_year = |y: &str| {
        if !years.iter().any(|x| x == y) {
            years.push(y.to_string());
        }
    };
    for l in &plan.allocations {
        note_year(&l.year);
    }
    for f in &plan.finance_years {
        note_year(&f.year);
    }
    for c in &plan.contributions {
        note_year(&c.year);
    }
    for s in &plan.schemes {
        for q in &s.qipp {
            note_year(&q.year);
        }
    }
    let at: HashMap<&str, usize> = years.iter().enumerate().map(|(i, y)| (y.as_str(), i)).collect();
    out.years = years
        .iter()
        .map(|y| OperatingYear {
            year: y.clone(),
            ..Default::default()
        })
        .collect();
    let checks = &mut out.checks;

    // the allocation statement
    for (i, l) in plan.allocations.iter().enumerate() {
        let y = &mut out.years[at[l.year.as_str()]];
        y.lines += 1;
        match l.kind {
            IncomeKind::Recurrent => y.recurrent.add_opt(&l.amount),
            IncomeKind::NonRecurrent => y.non_recurrent.add_opt(&l.amount),
        }
        let what = labelled("Allocation line", i, &l.label);
        if l.label.trim().is_empty() {
            checks.push(Check {
                ok: false,
                record: Some(l.id),
                field: "label",
                text: format!("{what}: no description"),
            });
        }
        if l.amount.is_none() {
            checks.push(Check {
                ok: false,
                record: Some(l.id),
                field: "amount",
                text: format!("{what}: no amount for {}", l.year.trim()),
            });
        }
    }
    // contributions
    let mut holders: HashMap<&str, usize> = HashMap::new();
    let mut by_source: Vec<(String, String, Span, Span, bool)> = Vec::new();
    for (i, c) in plan.contributions.iter().enumerate() {
        let y = &mut out.years[at[c.year.as_str()]];
        y.contributions += 1;
        y.minimum_contributions.add_opt(&c.minimum);
        y.actual_contributions.add_opt(&c.actual);
        if c.holds_pooled_budget == Some(true) {
            *holders.entry(c.year.as_str()).or_default() += 1;
        }
        if c.organisation.trim().is_empty() {
            checks.push(Check {
                ok: false,
                record: Some(c.id),
                field: "organisation",
                text: format!("Contribution {}: no organisation", i + 1),
            });
        }
        let source = c.source_of_funding.trim();
        if !source.is_empty() {
            match by_source.iter_mut().find(|g| g.0 == c.year && g.1 == source) {
                Some(g) => {
                    g.2.add_opt(&c.minimum);
                    g.3.add_opt(&c.actual);
                    g.4 |= c.actual.is_some();
                }
                None => by_source.push((
                    c.year.clone(),
                    source.to_string(),
                    span(&c.minimum),
                    span(&c.actual),
                    c.actual.is_some(),
                )),
            }
        }
    }
    // QIPP
    let mut prog_index = HashMap::new();
    let mut pod_index = HashMap::new();
    for (i, s) in plan.schemes.iter().enumerate() {
        for q in &s.qipp {
            let y = &mut out.years[at[q.year.as_str()]];
            let (saving, investment, net) = (span(&q.saving), span(&q.investment), q.net());
            y.qipp_schemes += 1;
            y.qipp_saving.add(saving);
            y.qipp_investment.add(investment);
            y.qipp_net.add(net);
            let mut activity = 0i128;
            let mut finance_change = Span::ZERO;
            for p in &q.points_of_delivery {
                let a = i128::from(p.activity.unwrap_or(0));
                let f = span(&p.finance);
                activity += a;
                finance_change.add(f);
                let g = group(
                    &mut out.by_point_of_delivery,
                    &mut pod_index,
                    q.year.as_str(),
                    group_name(&p.point_of_delivery),
                );
                g.activity += a;
                g.finance.add(f);
                g.count += 1;
            }
            y.activity += activity;
            y.pod_finance.add(finance_change);
            let g = group(
                &mut out.by_programme,
                &mut prog_index,
                q.year.as_str(),
                group_name(&s.qipp_programme),
            );
            g.saving.add(saving);
            g.investment.add(investment);
            g.net.add(net);
            g.activity += activity;
            g.finance.add(finance_change);
            g.count += 1;
            // the scheme's label only when a check names it
            let what = || crate::model::field::record_label(crate::model::RecordKind::Schemes, i, &s.name);
            for (field, word, a) in [
                ("saving", "saving", &q.saving),
                ("investment", "investment", &q.investment),
            ] {
                if a.is_some_and(|a| a.min().0 < 0) {
                    checks.push(Check {
                        ok: false,
                        record: Some(s.id),
                        field,
                        text: format!(
                            "{what}: the {} QIPP {word} is negative; enter savings and investments as positive amounts (the net is saving minus investment)",
                            q.year.trim(),
                            what = what()
                        ),
                    });
                }
            }
            if !q.phasing.is_empty() {
                let mut phased = Span::ZERO;
                for p in &q.phasing {
                    phased.add_opt(&p.saving);
                }
                let ok = phased == saving;
                checks.push(Check {
                    ok,
                    record: Some(s.id),
                    field: "qipp",
                    text: if ok {
                        format!(
                            "{what}: the {} QIPP phasing adds up to the saving",
                            q.year.trim(),
                            what = what()
                        )
                    } else {
                        format!(
                            "{what}: the {} QIPP phasing adds up to {} against a saving of {} ({})",
                            q.year.trim(),
                            money(phased, unit),
                            money(saving, unit),
                            unit.label(),
                            what = what()
                        )
                    },
                });
            }
            if q.points_of_delivery
                .iter()
                .any(|p| p.point_of_delivery.trim().is_empty())
            {
                checks.push(Check {
                    ok: false,
                    record: Some(s.id),
                    field: "qipp",
                    text: format!(
                        "{what}: a {} point-of-delivery line has no point of delivery",
                        q.year.trim(),
                        what = what()
                    ),
                });
            }
        }
    }

    // per year: income against spend, printed totals, the pooled budget
    for y in &mut out.years {
        y.income = y.recurrent.sum(y.non_recurrent);
        let fy = plan.finance_year(&y.year);
        match fy.and_then(|f| f.planned_expenditure.as_ref()) {
            Some(p) => {
                y.spend = Span::of(p);
                y.spend_is_planned = true;
            }
            None => y.spend = finance.spend(&y.year),
        }
        y.gap = y.income.minus(y.spend);
        rate_year(y, fy.and_then(|f| f.surplus_pct.as_ref()), unit);
        let year = y.year.trim();
        let record = fy.map(|f| f.id);
        let mut printed =
            |field: &'static str, declared: &Option<Amount>, computed: Span, what: &str, rows: &str| {
                let Some(d) = declared else { return };
                let d = Span::of(d);
                let diff = difference(d, computed);
                checks.push(Check {
                ok: diff.is_zero(),
                record,
                field,
                text: if diff.is_zero() {
                    format!("{year} {what}: the {rows} add up to the printed total, {}", money(d, unit))
                } else {
                    format!(
                        "{year} {what}: the {rows} add to {} against a printed total of {} ({} {} than the rows; {})",
                        money(computed, unit),
                        money(d, unit),
                        money(diff.abs_bounds(), unit),
                        if diff.min_pence > 0 { "more" } else { "less" },
                        unit.label()
                    )
                },
            });
            };
        if let Some(f) = fy {
            printed(
                "declared_recurrent",
                &f.declared_recurrent,
                y.recurrent,
                "allocation",
                "recurrent lines",
            );
            printed(
                "declared_allocation",
                &f.declared_allocation,
                y.income,
                "allocation",
                "income lines",
            );
            printed(
                "declared_minimum_contributions",
                &f.declared_minimum_contributions,
                y.minimum_contributions,
                "contributions",
                "organisations' minimum contributions",
            );
            printed(
                "declared_actual_contributions",
                &f.declared_actual_contributions,
                y.actual_contributions,
                "contributions",
                "organisations' actual contributions",
            );
            printed(
                "declared_qipp_saving",
                &f.declared_qipp_saving,
                y.qipp_saving,
                "QIPP",
                "schemes' savings",
            );
            printed(
                "declared_qipp_investment",
                &f.declared_qipp_investment,
                y.qipp_investment,
                "QIPP",
                "schemes' investments",
            );
            printed(
                "declared_qipp_net",
                &f.declared_qipp_net,
                y.qipp_net,
                "QIPP",
                "schemes' net savings",
            );
            if let Some(d) = f.declared_qipp_activity {
                let ok = i128::from(d) == y.activity;
                checks.push(Check {
                    ok,
                    record,
                    field: "declared_qipp_activity",
                    text: if ok {
                        format!(
                            "{year} QIPP: the activity changes add up to the printed total, {}",
                            activity_text(d.into())
                        )
                    } else {
                        format!(
                            "{year} QIPP: the points of delivery's activity changes add to {} against a printed total of {}",
                            activity_text(y.activity),
                            activity_text(d.into())
                        )
                    },
                });
            }
        }
        if y.rag == Rag::Red {
            checks.push(Check {
                ok: false,
                record,
                field: "planned_expenditure",
                text: format!("{year}: {}", y.rule),
            });
        }
        let minimum_required = plan
            .header
            .budget(&y.year)
            .and_then(|b| b.minimum_required.as_ref())
            .map(Span::of);
        if y.contributions > 0
            && let Some(req) = minimum_required
        {
            let committed = if y.actual_contributions.is_zero() {
                y.minimum_contributions
            } else {
                y.actual_contributions
            };
            let which = if y.actual_contributions.is_zero() {
                "minimum"
            } else {
                "actual"
            };
            let ok = committed.min_pence >= req.max_pence;
            checks.push(Check {
                ok,
                record: None,
                field: "contributions",
                text: format!(
                    "{year} contributions: the organisations' {which} contributions add to {} {} the plan's minimum required pooled budget of {} ({})",
                    money(committed, unit),
                    if ok { "and meet" } else { "and fall short of" },
                    money(req, unit),
                    unit.label()
                ),
            });
        }
        if holders.get(y.year.as_str()).copied().unwrap_or(0) > 1 {
            checks.push(Check {
                ok: false,
                record: None,
                field: "holds_pooled_budget",
                text: format!(
                    "{year} contributions: {} organisations are marked as holding the pooled budget; one holds it",
                    holders[y.year.as_str()]
                ),
            });
        }
    }
    // contributions against the schemes' spend from the same source
    let sources = finance.detailed(Dimension::Source);
    for (year, source, minimum, actual, has_actual) in by_source {
        let spend = sources
            .get(&source)
            .and_then(|m| m.get(&year))
            .map(|p| p.spend())
            .unwrap_or(Span::ZERO);
        let (committed, which) = if has_actual {
            (actual, "actual")
        } else {
            (minimum, "minimum")
        };
        let ok = difference(committed, spend).is_zero();
        checks.push(Check {
            ok,
            record: None,
            field: "contributions",
            text: format!(
                "{} contributions from \u{201c}{source}\u{201d}: {which} contributions {} {} the schemes' spend from that source, {} ({})",
                year.trim(),
                money(committed, unit),
                if ok { "match" } else { "differ from" },
                money(spend, unit),
                unit.label()
            ),
        });
    }
    out
}

/// Rates income against spend: not rated without allocation lines; Red
/// when spend is more than income; Amber when income covers spend but
/// leaves less than the planned surplus; Green otherwise. A range counts
/// by its worst bound.
fn rate_year(y: &mut OperatingYear, surplus_pct: Option<&Decimal>, unit: MoneyUnit) {
    let spend_word = if y.spend_is_planned {
        "planned expenditure"
    } else {
        "the schemes' spend"
    };
    if y.lines == 0 {
        y.rag = Rag::NotRated;
        y.rule = "No allocation lines: income is not rated".into();
        return;
    }
    if !y.spend_is_planned && y.spend.is_zero() {
        y.rag = Rag::NotRated;
        y.rule = "No planned expenditure, and no scheme spends in the year: income is not rated".into();
        return;
    }
    let gap = y.gap.min_pence;
    let required = surplus_pct.and_then(|p| percent_of(y.income.min_pence, p));
    let (rag, rule) = if gap < 0 {
        (
            Rag::Red,
            format!(
                "{} of {} is more than income of {} by {} ({})",
                upper_first(spend_word),
                money(y.spend, unit),
                money(y.income, unit),
                money(Span::exact(-gap), unit),
                unit.label()
            ),
        )
    } else if let (Some(req), Some(p)) = (required, surplus_pct)
        && gap < req
    {
        (
            Rag::Amber,
            format!(
                "Income of {} covers {spend_word} of {} but leaves {}, less than the planned surplus of {p}% ({}; {})",
                money(y.income, unit),
                money(y.spend, unit),
                money(Span::exact(gap), unit),
                money(Span::exact(req), unit),
                unit.label()
            ),
        )
    } else {
        (
            Rag::Green,
            format!(
                "Income of {} covers {spend_word} of {}, leaving {} ({})",
                money(y.income, unit),
                money(y.spend, unit),
                money(y.gap, unit),
                unit.label()
            ),
        )
    };
    y.rag = rag;
    y.rule = rule;
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// An amount in `unit`, exact (a printed 5,716.2 against rows of 5,716
/// must not both show as 5,716).
fn money(s: Span, unit: MoneyUnit) -> String {
    crate::model::money::format_span_exact(&s, unit)
}

/// An activity count with separators and a minus sign: "−1,552".
pub fn activity_text(n: i128) -> String {
    let body = crate::model::money::group_thousands(n.unsigned_abs());
    if n < 0 { format!("\u{2212}{body}") } else { body }
}

trait AbsBounds {
    fn abs_bounds(self) -> Span;
}

impl AbsBounds for Span {
    /// Both bounds made non-negative, in order.
    fn abs_bounds(self) -> Span {
        let (a, b) = (self.min_pence.saturating_abs(), self.max_pence.saturating_abs());
        Span {
            min_pence: a.min(b),
            max_pence: a.max(b),
        }
    }
}
