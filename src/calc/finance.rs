//! Finance totals: by year, by source, area, commissioner, provider and
//! programme; recurrent / non-recurrent / unsplit; spend and benefits; and
//! reconciliation against the plan header. Ranges add as ranges.

use crate::model::{AmountField, Plan, Rag, Scheme, SchemeYear, Span};
use std::collections::BTreeMap;

/// What a breakdown groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dimension {
    Source,
    Area,
    Commissioner,
    Provider,
    Programme,
}

impl Dimension {
    pub const ALL: [Dimension; 5] = [
        Dimension::Source,
        Dimension::Area,
        Dimension::Commissioner,
        Dimension::Provider,
        Dimension::Programme,
    ];
    pub fn word(self) -> &'static str {
        match self {
            Dimension::Source => "Source of funding",
            Dimension::Area => "Area of spend",
            Dimension::Commissioner => "Commissioner",
            Dimension::Provider => "Provider",
            Dimension::Programme => "CCG / programme",
        }
    }
    /// Position in [`Dimension::ALL`].
    pub fn index(self) -> usize {
        match self {
            Dimension::Source => 0,
            Dimension::Area => 1,
            Dimension::Commissioner => 2,
            Dimension::Provider => 3,
            Dimension::Programme => 4,
        }
    }
    /// The scheme's value for this dimension.
    pub fn of(self, s: &Scheme) -> &str {
        match self {
            Dimension::Source => &s.source_of_funding,
            Dimension::Area => &s.area_of_spend,
            Dimension::Commissioner => &s.commissioner,
            Dimension::Provider => &s.provider,
            Dimension::Programme => &s.programme,
        }
    }
}

/// Money in one year, part by part: what a scheme has, or the sum over a
/// group of schemes. Ranges add as ranges.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Parts {
    /// Spend not split into recurrent and non-recurrent.
    pub unsplit: Span,
    pub recurrent: Span,
    pub non_recurrent: Span,
    pub benefit_recurrent: Span,
    pub benefit_non_recurrent: Span,
}

impl Parts {
    pub fn of_year(y: &SchemeYear) -> Parts {
        let span = |a: &Option<crate::model::Amount>| a.as_ref().map(Span::of).unwrap_or(Span::ZERO);
        Parts {
            unsplit: span(&y.spend),
            recurrent: span(&y.recurrent),
            non_recurrent: span(&y.non_recurrent),
            benefit_recurrent: span(&y.benefit_recurrent),
            benefit_non_recurrent: span(&y.benefit_non_recurrent),
        }
    }
    pub fn add(&mut self, o: &Parts) {
        self.unsplit.add(o.unsplit);
        self.recurrent.add(o.recurrent);
        self.non_recurrent.add(o.non_recurrent);
        self.benefit_recurrent.add(o.benefit_recurrent);
        self.benefit_non_recurrent.add(o.benefit_non_recurrent);
    }
    /// Total spend: unsplit + recurrent + non-recurrent.
    pub fn spend(&self) -> Span {
        self.unsplit.sum(self.recurrent).sum(self.non_recurrent)
    }
    /// Total benefits (savings, negative).
    pub fn benefit(&self) -> Span {
        self.benefit_recurrent.sum(self.benefit_non_recurrent)
    }
    /// Spend plus benefits.
    pub fn net(&self) -> Span {
        self.spend().sum(self.benefit())
    }
    pub fn field(&self, f: AmountField) -> Span {
        match f {
            AmountField::Spend => self.unsplit,
            AmountField::Recurrent => self.recurrent,
            AmountField::NonRecurrent => self.non_recurrent,
            AmountField::BenefitRecurrent => self.benefit_recurrent,
            AmountField::BenefitNonRecurrent => self.benefit_non_recurrent,
        }
    }
    pub fn measure(&self, m: Measure) -> Span {
        match m {
            Measure::Spend => self.spend(),
            Measure::Recurrent => self.recurrent,
            Measure::NonRecurrent => self.non_recurrent,
            Measure::Unsplit => self.unsplit,
            Measure::Benefit => self.benefit(),
            Measure::BenefitRecurrent => self.benefit_recurrent,
            Measure::BenefitNonRecurrent => self.benefit_non_recurrent,
            Measure::Net => self.net(),
        }
    }
    pub fn is_zero(&self) -> bool {
        *self == Parts::default()
    }
}

/// What a breakdown adds up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Measure {
    Spend,
    Recurrent,
    NonRecurrent,
    Unsplit,
    Benefit,
    BenefitRecurrent,
    BenefitNonRecurrent,
    Net,
}

impl Measure {
    pub const ALL: [Measure; 8] = [
        Measure::Spend,
        Measure::Recurrent,
        Measure::NonRecurrent,
        Measure::Unsplit,
        Measure::Benefit,
        Measure::BenefitRecurrent,
        Measure::BenefitNonRecurrent,
        Measure::Net,
    ];
    pub fn word(self) -> &'static str {
        match self {
            Measure::Spend => "Spend (all)",
            Measure::Recurrent => "Recurrent spend",
            Measure::NonRecurrent => "Non-recurrent spend",
            Measure::Unsplit => "Spend not split",
            Measure::Benefit => "Benefits (all)",
            Measure::BenefitRecurrent => "Recurrent benefits",
            Measure::BenefitNonRecurrent => "Non-recurrent benefits",
            Measure::Net => "Net (spend + benefits)",
        }
    }
}

/// Name → year → money part by part.
pub type DetailedBreakdown = BTreeMap<String, BTreeMap<String, Parts>>;

/// Adds up the money of some schemes, year by year (the totals of a
/// filtered table use it).
pub fn parts_by_year<'a>(schemes: impl IntoIterator<Item = &'a Scheme>) -> BTreeMap<String, Parts> {
    // a handful of years: a list, tried first at the place the year had in
    // the last scheme (schemes list their years alike), then searched
    let mut acc: Vec<(&'a str, Parts)> = Vec::new();
    for s in schemes {
        for (k, y) in s.years.iter().enumerate() {
            let slot = match acc.get(k) {
                Some((year, _)) if *year == y.year => k,
                _ => match acc.iter().position(|(year, _)| *year == y.year) {
                    Some(i) => i,
                    None => {
                        acc.push((&y.year, Parts::default()));
                        acc.len() - 1
                    }
                },
            };
            acc[slot].1.add(&Parts::of_year(y));
        }
    }
    acc.into_iter().map(|(year, p)| (year.to_string(), p)).collect()
}

/// The label used for schemes with nothing in a grouping field.
pub const NOT_SET: &str = "(not set)";

/// Name → year → spend.
pub type Breakdown = BTreeMap<String, BTreeMap<String, Span>>;

/// Every total the Schemes tab, the Overview, the CLI and the exports show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FinanceTotals {
    /// The plan's years, then any other year some scheme has money in.
    pub years: Vec<String>,
    /// Total spend (unsplit + recurrent + non-recurrent) per year.
    pub spend_by_year: BTreeMap<String, Span>,
    pub unsplit_by_year: BTreeMap<String, Span>,
    pub recurrent_by_year: BTreeMap<String, Span>,
    pub non_recurrent_by_year: BTreeMap<String, Span>,
    /// Benefits (savings, negative) per year.
    pub benefit_by_year: BTreeMap<String, Span>,
    pub by_source: Breakdown,
    pub by_area: Breakdown,
    pub by_commissioner: Breakdown,
    pub by_provider: Breakdown,
    pub by_programme: Breakdown,
    pub reconciliation: Vec<YearReconciliation>,
    /// Recurrent and non-recurrent benefits per year.
    pub benefit_recurrent_by_year: BTreeMap<String, Span>,
    pub benefit_non_recurrent_by_year: BTreeMap<String, Span>,
    /// Every part per year (the same sums as the maps above).
    pub parts_by_year: BTreeMap<String, Parts>,
    /// Each breakdown part by part (spend, benefits, recurrent and
    /// non-recurrent), in the order of [`Dimension::ALL`].
    pub detailed: [DetailedBreakdown; 5],
    /// True when some scheme has spend not split into recurrent and
    /// non-recurrent in some year.
    pub has_unsplit: bool,
    /// True when some scheme has recurrent or non-recurrent spend.
    pub has_split: bool,
    /// Money cells whose text did not parse (counted in no total).
    pub unparsed_count: usize,
    /// The operating plan's money (allocation, contributions, QIPP):
    /// empty for a plan without it.
    pub operating: super::operating::OperatingFinance,
}

impl FinanceTotals {
    pub fn breakdown(&self, dim: Dimension) -> &Breakdown {
        match dim {
            Dimension::Source => &self.by_source,
            Dimension::Area => &self.by_area,
            Dimension::Commissioner => &self.by_commissioner,
            Dimension::Provider => &self.by_provider,
            Dimension::Programme => &self.by_programme,
        }
    }
    /// A breakdown part by part.
    pub fn detailed(&self, dim: Dimension) -> &DetailedBreakdown {
        &self.detailed[dim.index()]
    }
    /// Every part of a year's total.
    pub fn parts(&self, year: &str) -> Parts {
        self.parts_by_year.get(year).copied().unwrap_or_default()
    }
    pub fn spend(&self, year: &str) -> Span {
        self.spend_by_year.get(year).copied().unwrap_or(Span::ZERO)
    }
    /// Worst reconciliation RAG over the years (not rated when no year has
    /// a minimum or a declared total).
    pub fn rag(&self) -> Rag {
        self.reconciliation
            .iter()
            .fold(Rag::NotRated, |acc, r| acc.worst(r.rag))
    }
}

/// A year's computed total against the header's minimum and declared total.
#[derive(Clone, Debug, PartialEq)]
pub struct YearReconciliation {
    pub year: String,
    pub total: Span,
    pub minimum: Option<Span>,
    pub declared: Option<Span>,
    /// `Some(false)` when even the top of the total is below the minimum.
    pub meets_minimum: Option<bool>,
    /// Computed minus declared, bound by bound (min − min, max − max), so
    /// identical ranges differ by zero; `None` when nothing is declared.
    pub declared_difference: Option<Span>,
    /// Red below the minimum; Amber when the declared total differs; Green
    /// when the minimum is met and the declared total (if any) agrees.
    pub rag: Rag,
}

fn group_key(name: &str) -> &str {
    if name.trim().is_empty() { NOT_SET } else { name.trim() }
}

/// Computes every finance total of a plan. One pass over the schemes;
/// years and groups are looked up by index, so 5,000 schemes take about a
/// millisecond.
/// The JSON of a total, `{"min_pence", "max_pence"}`, exact for every
/// i128 (serde_json's `arbitrary_precision`): `summary --json` and
/// `diff --json` write totals with it.
pub fn span_json(s: &Span) -> serde_json::Value {
    serde_json::json!({"min_pence": s.min_pence, "max_pence": s.max_pence})
}

pub fn finance_totals(plan: &Plan) -> FinanceTotals {
    let mut t = scheme_totals(plan);
    t.operating = super::operating::operating_finance(plan, &t);
    t
}

/// [`finance_totals`] but for the operating plan's money (`operating` left
/// empty): what [`crate::calc::summarize`] works out while the QIPP is
/// summed beside it.
pub(crate) fn scheme_totals(plan: &Plan) -> FinanceTotals {
    use foldhash::HashMap;
    let mut t = FinanceTotals {
        years: plan.header.years.clone(),
        ..Default::default()
    };
    // every year seen: the plan's first, then others as they come
    let mut years: Vec<&str> = plan.header.years.iter().map(String::as_str).collect();
    let mut year_parts: Vec<Parts> = vec![Parts::default(); years.len()];
    // a year some scheme has an entry for (the part maps list only those)
    let mut entered: Vec<bool> = vec![false; years.len()];
    // per dimension: group name → index, and each group's parts per year
    type Groups<'a> = (HashMap<&'a str, usize>, Vec<(&'a str, Vec<Option<Parts>>)>);
    let mut groups: [Groups; 5] = Default::default();
    for s in &plan.schemes {
        let mut gidx: [Option<usize>; 5] = [None; 5];
        for y in &s.years {
            let yi = match years.iter().position(|x| *x == y.year) {
                Some(i) => i,
                None => {
                    years.push(&y.year);
                    year_parts.push(Parts::default());
                    entered.push(false);
                    years.len() - 1
                }
            };
            let parts = Parts::of_year(y);
            year_parts[yi].add(&parts);
            entered[yi] = true;
            t.unparsed_count += y.unparsed.len();
            t.has_unsplit |= y.spend.is_some();
            t.has_split |= y.is_split();
            if y.is_empty() {
                continue;
            }
            if !t.years.contains(&y.year) {
                t.years.push(y.year.clone());
            }
            for dim in Dimension::ALL {
                let d = dim.index();
                let (index, list) = &mut groups[d];
                let gi = *gidx[d].get_or_insert_with(|| {
                    let key = group_key(dim.of(s));
                    *index.entry(key).or_insert_with(|| {
                        list.push((key, Vec::new()));
                        list.len() - 1
                    })
                });
                let slots = &mut list[gi].1;
                if slots.len() <= yi {
                    slots.resize(yi + 1, None);
                }
                slots[yi].get_or_insert_with(Parts::default).add(&parts);
            }
        }
    }
    for (i, (year, p)) in years.iter().zip(&year_parts).enumerate() {
        let year = year.to_string();
        t.parts_by_year.insert(year.clone(), *p);
        t.spend_by_year.insert(year.clone(), p.spend());
        if entered[i] {
            t.unsplit_by_year.insert(year.clone(), p.unsplit);
            t.recurrent_by_year.insert(year.clone(), p.recurrent);
            t.non_recurrent_by_year.insert(year.clone(), p.non_recurrent);
            t.benefit_by_year.insert(year.clone(), p.benefit());
            t.benefit_recurrent_by_year.insert(year.clone(), p.benefit_recurrent);
            t.benefit_non_recurrent_by_year.insert(year, p.benefit_non_recurrent);
        }
    }
    for dim in Dimension::ALL {
        let (_, list) = &groups[dim.index()];
        let mut detailed = DetailedBreakdown::new();
        for (name, slots) in list {
            let m: BTreeMap<String, Parts> = slots
                .iter()
                .enumerate()
                .filter_map(|(yi, p)| p.map(|p| (years[yi].to_string(), p)))
                .collect();
            detailed.insert(name.to_string(), m);
        }
        t.set_breakdown(dim, detailed);
    }
    t.reconciliation = reconcile_years(plan, &t);
    t
}

impl FinanceTotals {
    /// Sets one dimension's breakdown, part by part (`detailed`) and as
    /// spend (`by_source`, `by_area`...).
    pub(crate) fn set_breakdown(&mut self, dim: Dimension, detailed: BTreeMap<String, BTreeMap<String, Parts>>) {
        let spend: Breakdown = detailed
            .iter()
            .map(|(name, ys)| (name.clone(), ys.iter().map(|(y, p)| (y.clone(), p.spend())).collect()))
            .collect();
        match dim {
            Dimension::Source => self.by_source = spend,
            Dimension::Area => self.by_area = spend,
            Dimension::Commissioner => self.by_commissioner = spend,
            Dimension::Provider => self.by_provider = spend,
            Dimension::Programme => self.by_programme = spend,
        }
        self.detailed[dim.index()] = detailed;
    }
}

/// Each of the plan's years reconciled: the schemes' total in `t` against
/// the minimum and the declared pooled budget.
pub(crate) fn reconcile_years(plan: &Plan, t: &FinanceTotals) -> Vec<YearReconciliation> {
    plan.header
        .years
        .iter()
        .map(|year| {
            let total = t.spend(year);
            let budget = plan.header.budget(year);
            let minimum = budget.and_then(|b| b.minimum_required.as_ref()).map(Span::of);
            let declared = budget.and_then(|b| b.declared_total.as_ref()).map(Span::of);
            reconcile(year, total, minimum, declared)
        })
        .collect()
}

/// The rule for one year (see [`YearReconciliation::rag`]). A range total
/// meets the minimum only when its lower bound does.
pub fn reconcile(year: &str, total: Span, minimum: Option<Span>, declared: Option<Span>) -> YearReconciliation {
    let meets_minimum = minimum.map(|m| total.min_pence >= m.max_pence);
    let declared_difference = declared.map(|d| Span {
        min_pence: total.min_pence - d.min_pence,
        max_pence: total.max_pence - d.max_pence,
    });
    let mut rag = Rag::NotRated;
    if let Some(ok) = meets_minimum {
        rag = if ok { Rag::Green } else { Rag::Red };
    }
    if let Some(diff) = declared_difference {
        let differs = !diff.is_zero();
        if differs {
            rag = rag.worst(Rag::Amber);
        } else if rag == Rag::NotRated {
            rag = Rag::Green;
        }
    }
    YearReconciliation {
        year: year.to_string(),
        total,
        minimum,
        declared,
        meets_minimum,
        declared_difference,
        rag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, Pence, RecordId, SchemeYear, YearBudget};

    fn k(thousands: i128) -> Span {
        Span::exact(thousands * 100_000)
    }

    fn scheme(id: u64, source: &str, years: Vec<SchemeYear>) -> Scheme {
        Scheme {
            id: RecordId(id),
            name: format!("Scheme {id}"),
            source_of_funding: source.into(),
            years,
            ..Default::default()
        }
    }

    fn year(y: &str, f: impl FnOnce(&mut SchemeYear)) -> SchemeYear {
        let mut sy = SchemeYear::new(y);
        f(&mut sy);
        sy
    }

    fn plan() -> Plan {
        let mut p = Plan::default();
        p.header.years = vec!["2015/16".into()];
        p.schemes = vec![
            scheme(
                1,
                "A",
                vec![year("2015/16", |y| {
                    y.spend = Some(Amount::thousands(100));
                })],
            ),
            scheme(
                2,
                "B",
                vec![year("2015/16", |y| {
                    y.recurrent = Some(Amount::Range(Pence::from_thousands(10), Pence::from_thousands(30)));
                    y.non_recurrent = Some(Amount::thousands(5));
                    y.benefit_recurrent = Some(Amount::thousands(-7));
                    y.benefit_non_recurrent = Some(Amount::thousands(-1));
                })],
            ),
            scheme(
                3,
                "",
                vec![
                    year("2015/16", |y| {
                        y.benefit_recurrent = Some(Amount::thousands(-2));
                        y.unparsed.push(crate::model::UnparsedAmount {
                            field: AmountField::Spend,
                            text: "12..3".into(),
                        });
                    }),
                    year("2016/17", |y| y.spend = Some(Amount::thousands(9))),
                ],
            ),
        ];
        p
    }

    #[test]
    fn parts_add_up_part_by_part_and_ranges_stay_ranges() {
        let t = finance_totals(&plan());
        let p = t.parts("2015/16");
        assert_eq!(p.unsplit, k(100));
        assert_eq!(
            p.recurrent,
            Span {
                min_pence: 1_000_000,
                max_pence: 3_000_000
            }
        );
        assert_eq!(p.non_recurrent, k(5));
        assert_eq!(p.benefit(), k(-10));
        assert_eq!(
            p.spend(),
            Span {
                min_pence: 11_500_000,
                max_pence: 13_500_000
            }
        );
        assert_eq!(
            p.net(),
            Span {
                min_pence: 10_500_000,
                max_pence: 12_500_000
            }
        );
        assert_eq!(t.spend("2015/16"), p.spend());
        assert_eq!(t.benefit_recurrent_by_year["2015/16"], k(-9));
        assert_eq!(t.benefit_non_recurrent_by_year["2015/16"], k(-1));
        // the year outside the plan is still counted, and listed after the plan's years
        assert_eq!(t.years, vec!["2015/16", "2016/17"]);
        assert_eq!(t.spend("2016/17"), k(9));
        assert_eq!(t.unparsed_count, 1);
        assert!(t.has_unsplit && t.has_split);
    }

    #[test]
    fn detailed_breakdowns_agree_with_the_totals() {
        let t = finance_totals(&plan());
        for dim in Dimension::ALL {
            let mut sum = Parts::default();
            for years in t.detailed(dim).values() {
                if let Some(p) = years.get("2015/16") {
                    sum.add(p);
                }
            }
            assert_eq!(sum, t.parts("2015/16"), "{dim:?}");
            // the spend-only breakdown is the same numbers
            for (name, years) in t.breakdown(dim) {
                for (y, span) in years {
                    assert_eq!(t.detailed(dim)[name][y].spend(), *span, "{dim:?} {name} {y}");
                }
            }
        }
        let by_source = t.detailed(Dimension::Source);
        assert_eq!(by_source["B"]["2015/16"].benefit(), k(-8));
        assert_eq!(by_source[NOT_SET]["2015/16"].benefit(), k(-2));
        assert_eq!(by_source[NOT_SET]["2015/16"].spend(), Span::ZERO);
    }

    #[test]
    fn parts_of_some_schemes() {
        let p = plan();
        let shown = parts_by_year(p.schemes.iter().filter(|s| s.id != RecordId(1)));
        assert_eq!(shown["2015/16"].unsplit, Span::ZERO);
        assert_eq!(shown["2015/16"].benefit(), k(-10));
        assert_eq!(shown["2016/17"].spend(), k(9));
    }

    #[test]
    fn reconciliation_rules() {
        let r = reconcile("y", k(100), Some(k(101)), None);
        assert_eq!((r.meets_minimum, r.rag), (Some(false), Rag::Red));
        let r = reconcile("y", k(101), Some(k(101)), Some(k(101)));
        assert_eq!((r.meets_minimum, r.rag), (Some(true), Rag::Green));
        assert_eq!(r.declared_difference, Some(Span::ZERO));
        // a difference from the declared total is Amber, with the amount
        let r = reconcile("y", k(101_404), Some(k(101_000)), Some(Span::ZERO));
        assert_eq!((r.rag, r.declared_difference), (Rag::Amber, Some(k(101_404))));
        // below the minimum stays Red whatever is declared
        let r = reconcile("y", k(5), Some(k(101)), Some(k(7)));
        assert_eq!(r.rag, Rag::Red);
        // a range total meets the minimum only when its lower bound does
        let range = Span {
            min_pence: 9_000_000,
            max_pence: 20_000_000,
        };
        assert_eq!(reconcile("y", range, Some(k(100)), None).rag, Rag::Red);
        assert_eq!(reconcile("y", range, Some(k(90)), Some(range)).rag, Rag::Green);
        // nothing to reconcile against
        let r = reconcile("y", k(5), None, None);
        assert_eq!(
            (r.meets_minimum, r.declared_difference, r.rag),
            (None, None, Rag::NotRated)
        );
    }

    #[test]
    fn reconciles_every_plan_year_from_the_header() {
        let mut p = plan();
        p.header.budgets = vec![YearBudget {
            year: "2015/16".into(),
            minimum_required: Some(Amount::thousands(200)),
            declared_total: None,
        }];
        let t = finance_totals(&p);
        assert_eq!(t.reconciliation.len(), 1);
        assert_eq!(t.reconciliation[0].rag, Rag::Red);
        assert_eq!(t.rag(), Rag::Red);
    }
}
