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
use crate::model::{Amount, Decimal, IncomeKind, Plan, QippYear, Rag, RecordId, Scheme, Span};
// foldhash: the group indexes are looked up once per QIPP line (hundreds
// of thousands on a large plan); SipHash's resistance to chosen keys buys
// nothing for a plan's own names
use foldhash::HashMap;
use foldhash::HashMapExt;

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

/// The position of the group `(year, name)`, created in order of
/// appearance. The index borrows its keys from the plan: a group's strings
/// are allocated once, when it is created, not for every line added to it
/// (a large operating plan adds hundreds of thousands of lines).
fn group_at<'p>(
    groups: &mut Vec<QippGroup>,
    index: &mut HashMap<(&'p str, &'p str), usize>,
    year: &'p str,
    name: &'p str,
) -> usize {
    *index.entry((year, name)).or_insert_with(|| {
        groups.push(QippGroup {
            year: year.to_string(),
            name: name.to_string(),
            ..Default::default()
        });
        groups.len() - 1
    })
}

/// One year's QIPP over every scheme.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QippYearSums {
    pub year: String,
    /// Schemes with a QIPP entry for the year.
    pub schemes: usize,
    pub saving: Span,
    pub investment: Span,
    pub net: Span,
    pub activity: i128,
    /// The points of delivery's finance change.
    pub finance: Span,
}

/// What one scheme's QIPP entry for one year adds, and where: its year
/// and groups as positions in [`QippSums`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct QippEntry {
    year: usize,
    programme: usize,
    saving: Span,
    investment: Span,
    net: Span,
    activity: i128,
    finance: Span,
    /// Per point-of-delivery line: its group, activity and finance.
    pods: Vec<(usize, i128, Span)>,
}

impl QippEntry {
    /// The figures of `q` (in year `year`, programme group `programme`);
    /// `pod` gives the group of its `j`th point-of-delivery line, named.
    fn of<'q>(
        q: &'q QippYear,
        year: usize,
        programme: usize,
        mut pod: impl FnMut(usize, &'q str) -> usize,
    ) -> QippEntry {
        let mut e = QippEntry {
            year,
            programme,
            saving: span(&q.saving),
            investment: span(&q.investment),
            net: q.net(),
            pods: Vec::with_capacity(q.points_of_delivery.len()),
            ..Default::default()
        };
        for (j, p) in q.points_of_delivery.iter().enumerate() {
            let (a, f) = (i128::from(p.activity.unwrap_or(0)), span(&p.finance));
            e.activity += a;
            e.finance.add(f);
            e.pods.push((pod(j, group_name(&p.point_of_delivery)), a, f));
        }
        e
    }
}

/// Adds `b` to `a`, or takes it back out of the sum it was added to (bound
/// by bound, exact: the sums of i64 pence in i128 never reach the bounds).
fn add_or_take(a: &mut Span, b: Span, add: bool) {
    *a = if add { a.sum(b) } else { difference(*a, b) };
}

/// The QIPP of every scheme summed by year, by programme and by point of
/// delivery, with the schemes' QIPP checks: the part of
/// [`OperatingFinance`] that grows with the plan. Kept with each scheme's
/// share ([`QippSums::new`] with `per_scheme`), a scheme's edit takes its
/// old figures out and puts the new ones in ([`QippSums::replace`]) instead
/// of summing every scheme again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QippSums {
    unit: MoneyUnit,
    /// In order of first appearance among the schemes.
    years: Vec<QippYearSums>,
    by_programme: Vec<QippGroup>,
    by_pod: Vec<QippGroup>,
    /// The schemes' checks, in the order of the schemes.
    checks: Vec<Check>,
    /// Per scheme (when kept): its entries and how many checks it has.
    schemes: Vec<(Vec<QippEntry>, usize)>,
}

impl QippSums {
    /// Sums every scheme's QIPP; keeps each scheme's share when
    /// `per_scheme` (for [`QippSums::replace`]).
    pub fn new(plan: &Plan, per_scheme: bool) -> QippSums {
        let unit = plan.settings.display_unit;
        let mut out = QippSums {
            unit,
            ..Default::default()
        };
        let mut year_index: HashMap<&str, usize> = HashMap::new();
        let mut prog_index = HashMap::new();
        let mut pod_index = HashMap::new();
        for (i, s) in plan.schemes.iter().enumerate() {
            let before = out.checks.len();
            let mut entries = Vec::new();
            for q in &s.qipp {
                let year = q.year.as_str();
                let yi = *year_index.entry(year).or_insert_with(|| {
                    out.years.push(QippYearSums {
                        year: q.year.clone(),
                        ..Default::default()
                    });
                    out.years.len() - 1
                });
                let pods = &mut out.by_pod;
                let e = QippEntry::of(q, yi, 0, |_, name| group_at(pods, &mut pod_index, year, name));
                let programme = group_at(
                    &mut out.by_programme,
                    &mut prog_index,
                    year,
                    group_name(&s.qipp_programme),
                );
                let e = QippEntry { programme, ..e };
                out.sum(&e, true);
                qipp_checks(i, s, q, e.saving, unit, &mut out.checks);
                if per_scheme {
                    entries.push(e);
                }
            }
            if per_scheme {
                out.schemes.push((entries, out.checks.len() - before));
            }
        }
        out
    }

    /// The schemes whose shares are kept.
    pub fn len(&self) -> usize {
        self.schemes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.schemes.is_empty()
    }

    /// Adds an entry's figures to its year and groups (with counts), or
    /// takes them back out.
    fn sum(&mut self, e: &QippEntry, add: bool) {
        let count = |c: &mut usize| {
            if add { *c += 1 } else { *c -= 1 }
        };
        let activity = |a: &mut i128, b: i128| {
            if add { *a += b } else { *a -= b }
        };
        let y = &mut self.years[e.year];
        count(&mut y.schemes);
        add_or_take(&mut y.saving, e.saving, add);
        add_or_take(&mut y.investment, e.investment, add);
        add_or_take(&mut y.net, e.net, add);
        activity(&mut y.activity, e.activity);
        add_or_take(&mut y.finance, e.finance, add);
        let g = &mut self.by_programme[e.programme];
        count(&mut g.count);
        add_or_take(&mut g.saving, e.saving, add);
        add_or_take(&mut g.investment, e.investment, add);
        add_or_take(&mut g.net, e.net, add);
        activity(&mut g.activity, e.activity);
        add_or_take(&mut g.finance, e.finance, add);
        for &(gi, a, f) in &e.pods {
            let g = &mut self.by_pod[gi];
            count(&mut g.count);
            activity(&mut g.activity, a);
            add_or_take(&mut g.finance, f, add);
        }
    }

    /// Follows an edit to scheme `i` (now `s`, in `plan`) when its QIPP
    /// keeps its years, programme and points of delivery (what orders the
    /// groups): its old figures out, the new ones in, its checks written
    /// again. False when the shares are not kept or the edit changed what
    /// orders the groups; then the sums are made again with
    /// [`QippSums::new`].
    pub fn replace(&mut self, i: usize, s: &Scheme) -> bool {
        let Some((old, _)) = self.schemes.get(i) else {
            return false;
        };
        let programme = group_name(&s.qipp_programme);
        let same_shape = old.len() == s.qipp.len()
            && old.iter().zip(&s.qipp).all(|(e, q)| {
                self.years[e.year].year == q.year
                    && self.by_programme[e.programme].name == programme
                    && e.pods.len() == q.points_of_delivery.len()
                    && e.pods
                        .iter()
                        .zip(&q.points_of_delivery)
                        .all(|((gi, ..), p)| self.by_pod[*gi].name == group_name(&p.point_of_delivery))
            });
        if !same_shape {
            return false;
        }
        let (old, old_checks) = std::mem::take(&mut self.schemes[i]);
        let mut entries = Vec::with_capacity(old.len());
        let mut checks = Vec::new();
        for (e, q) in old.iter().zip(&s.qipp) {
            self.sum(e, false);
            let new = QippEntry::of(q, e.year, e.programme, |j, _| e.pods[j].0);
            self.sum(&new, true);
            qipp_checks(i, s, q, new.saving, self.unit, &mut checks);
            entries.push(new);
        }
        let start: usize = self.schemes[..i].iter().map(|(_, n)| n).sum();
        let n = checks.len();
        self.checks.splice(start..start + old_checks, checks);
        self.schemes[i] = (entries, n);
        true
    }
}

/// The checks of scheme `i`'s (`s`) QIPP entry `q`: a negative saving or
/// investment, phasing that does not add up to the saving, a
/// point-of-delivery line without its point of delivery.
fn qipp_checks(i: usize, s: &Scheme, q: &QippYear, saving: Span, unit: MoneyUnit, checks: &mut Vec<Check>) {
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
    if !plan.has_operating_finance() {
        return OperatingFinance::default();
    }
    operating_finance_with(plan, finance, &QippSums::new(plan, false))
}

/// [`operating_finance`] with the QIPP sums already made (the live
/// summary keeps them, following the scheme each edit changed); `qipp`
/// must be [`QippSums::new`] of `plan`.
pub fn operating_finance_with(plan: &Plan, finance: &FinanceTotals, qipp: &QippSums) -> OperatingFinance {
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
    // the schemes' QIPP years, in order of first appearance
    for q in &qipp.years {
        note_year(&q.year);
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
    // QIPP (summed per scheme; see [`QippSums`])
    for q in &qipp.years {
        let y = &mut out.years[at[q.year.as_str()]];
        y.qipp_schemes = q.schemes;
        y.qipp_saving = q.saving;
        y.qipp_investment = q.investment;
        y.qipp_net = q.net;
        y.activity = q.activity;
        y.pod_finance = q.finance;
    }
    out.by_programme.clone_from(&qipp.by_programme);
    out.by_point_of_delivery.clone_from(&qipp.by_pod);
    checks.extend(qipp.checks.iter().cloned());

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
