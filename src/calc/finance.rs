//! Finance totals: by year, by source, area, commissioner, provider and
//! programme; recurrent / non-recurrent / unsplit; spend and benefits; and
//! reconciliation against the plan header. Ranges add as ranges.

use crate::model::{Plan, Rag, Scheme, Span};
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

fn add_to(map: &mut BTreeMap<String, Span>, year: &str, span: Span) {
    if let Some(s) = map.get_mut(year) {
        s.add(span);
    } else {
        map.insert(year.to_string(), span);
    }
}

fn add_breakdown(b: &mut Breakdown, name: &str, year: &str, span: Span) {
    let key = if name.trim().is_empty() { NOT_SET } else { name.trim() };
    if let Some(m) = b.get_mut(key) {
        add_to(m, year, span);
    } else {
        let mut m = BTreeMap::new();
        m.insert(year.to_string(), span);
        b.insert(key.to_string(), m);
    }
}

/// Computes every finance total of a plan.
pub fn finance_totals(plan: &Plan) -> FinanceTotals {
    let mut t = FinanceTotals {
        years: plan.header.years.clone(),
        ..Default::default()
    };
    for y in &plan.header.years {
        t.spend_by_year.insert(y.clone(), Span::ZERO);
    }
    for s in &plan.schemes {
        for y in &s.years {
            let spend = y.total_spend();
            let mut unsplit = Span::ZERO;
            unsplit.add_opt(&y.spend);
            let mut rec = Span::ZERO;
            rec.add_opt(&y.recurrent);
            let mut non = Span::ZERO;
            non.add_opt(&y.non_recurrent);
            add_to(&mut t.spend_by_year, &y.year, spend);
            add_to(&mut t.unsplit_by_year, &y.year, unsplit);
            add_to(&mut t.recurrent_by_year, &y.year, rec);
            add_to(&mut t.non_recurrent_by_year, &y.year, non);
            add_to(&mut t.benefit_by_year, &y.year, y.total_benefit());
            if y.is_empty() {
                continue;
            }
            add_breakdown(&mut t.by_source, &s.source_of_funding, &y.year, spend);
            add_breakdown(&mut t.by_area, &s.area_of_spend, &y.year, spend);
            add_breakdown(&mut t.by_commissioner, &s.commissioner, &y.year, spend);
            add_breakdown(&mut t.by_provider, &s.provider, &y.year, spend);
            add_breakdown(&mut t.by_programme, &s.programme, &y.year, spend);
            if !t.years.contains(&y.year) {
                t.years.push(y.year.clone());
            }
        }
    }
    t.reconciliation = plan
        .header
        .years
        .iter()
        .map(|year| {
            let total = t.spend(year);
            let budget = plan.header.budget(year);
            let minimum = budget.and_then(|b| b.minimum_required.as_ref()).map(Span::of);
            let declared = budget.and_then(|b| b.declared_total.as_ref()).map(Span::of);
            reconcile(year, total, minimum, declared)
        })
        .collect();
    t
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
