//! The summary kept up to date while someone types, at the cost of what
//! changed rather than of the whole plan.
//!
//! [`super::summarize`] computes everything from scratch: on a plan of
//! 5,000 schemes that is several milliseconds, too much for every
//! keystroke. Most edits change one record (a scheme's amount, a risk's
//! title) or the header, and say so (a [`Change`]); [`LiveSummary`] keeps,
//! besides the summary itself, what it needs to redo only the parts that
//! depend on that record:
//!
//! - the finance totals as running sums (with counts, so a group or a year
//!   disappears exactly when its last entry does): one scheme's money is
//!   taken out and put back in;
//! - each record's canonical encoding, so the content fingerprint of a list
//!   is hashed again without encoding the other records;
//! - the checklist as segments (the header's items, the finance items, one
//!   segment per scheme, metric and risk, the sign-offs'), so one record's
//!   items are replaced in place;
//! - the ratings and RAGs per record.
//!
//! Whatever is cheap (sign-off states, area RAGs, risk link counts) is
//! recomputed. When a change cannot be applied in place (a record that is
//! not where it was, new financial years, another `today`), everything is
//! rebuilt. The result is always exactly what [`super::summarize`] gives;
//! debug builds check it after every update.

use super::checklist::{finance_items, header_items, metric_items, risk_items, scheme_items, signoff_items};
use super::finance::{Dimension, FinanceTotals, NOT_SET, Parts, reconcile_years};
use super::fingerprint::{
    canonical_bytes, canonical_bytes_into, fingerprint_of_parts, header_hash, list_hash_of_encoded, settings_hash,
};
use super::{
    PlanSummary, checklist::Checklist, finance_totals, rate_areas, rate_metric, rate_risk, record_ratings, risks,
    scheme_rag, signoff_state,
};
use crate::model::{Plan, RecordId, Scheme, Span};
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// What one edit changed, when it changed nothing else.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// The plan's header (`plan.header`), nothing else.
    Header,
    /// One scheme's fields (the scheme stays where it is in the list).
    Scheme(RecordId),
    Metric(RecordId),
    Risk(RecordId),
    SignOff(RecordId),
}

impl Change {
    /// Where the record this change names is in its list (`None` for the
    /// header, or when no record has that id).
    pub fn index_in(self, plan: &Plan) -> Option<usize> {
        match self {
            Change::Header => None,
            Change::Scheme(id) => plan.schemes.iter().position(|r| r.id == id),
            Change::Metric(id) => plan.metrics.iter().position(|r| r.id == id),
            Change::Risk(id) => plan.risks.iter().position(|r| r.id == id),
            Change::SignOff(id) => plan.signoffs.iter().position(|r| r.id == id),
        }
    }
}

/// The summary of a plan and what it takes to update it in place.
pub struct LiveSummary {
    summary: PlanSummary,
    today: NaiveDate,
    /// The plan's years when the summary was computed.
    years: Vec<String>,
    /// `None` when the plan's years do not allow running sums (a scheme
    /// with money for a year outside the plan's years, a year listed
    /// twice): then the totals are computed afresh.
    finance: Option<FinanceState>,
    header_hash: String,
    settings_hash: String,
    schemes_enc: Vec<Vec<u8>>,
    metrics_enc: Vec<Vec<u8>>,
    risks_enc: Vec<Vec<u8>>,
    /// The checklist's segments, as lengths (see [`Segments`]).
    segments: Vec<usize>,
    /// How many updates were made in place, and how many rebuilt
    /// everything (for tests and measuring).
    pub in_place: u64,
    pub rebuilt: u64,
}

/// Where each segment of the checklist is (in the order of
/// [`super::checklist::segments`]): the header's items, the
/// finance items, the schemes' head, one per scheme, the metrics' head, one
/// per metric, one per risk, the sign-offs' items.
struct Segments {
    schemes: usize,
    metrics: usize,
}

impl Segments {
    const HEADER: usize = 0;
    const FINANCE: usize = 1;
    fn scheme(&self, i: usize) -> usize {
        3 + i
    }
    fn metric(&self, i: usize) -> usize {
        4 + self.schemes + i
    }
    fn risk(&self, i: usize) -> usize {
        4 + self.schemes + self.metrics + i
    }
    fn signoffs(&self, risks: usize) -> usize {
        4 + self.schemes + self.metrics + risks
    }
}

impl LiveSummary {
    /// Computes everything (as [`super::summarize`] does).
    pub fn new(plan: &Plan, today: NaiveDate) -> Self {
        let finance_state = FinanceState::build(plan);
        let finance = FinanceState::totals_or_afresh(&finance_state, plan);
        let (metric_ratings, risk_ratings, scheme_rags) = record_ratings(plan);

        let header_h = header_hash(plan);
        let settings_h = settings_hash(plan);
        let mut buf = Vec::with_capacity(1 << 16);
        let schemes_enc = encode_each(&plan.schemes, &mut buf);
        let metrics_enc = encode_each(&plan.metrics, &mut buf);
        let risks_enc = encode_each(&plan.risks, &mut buf);
        let fingerprint = fingerprint_of_parts(
            header_h.clone(),
            settings_h.clone(),
            list_hash_of_encoded(&schemes_enc),
            list_hash_of_encoded(&metrics_enc),
            list_hash_of_encoded(&risks_enc),
        );
        let signoff_states: Vec<_> = plan.signoffs.iter().map(|s| signoff_state(s, &fingerprint)).collect();

        // the checklist, remembering each segment's length
        let mut items = Vec::new();
        let mut segments = Vec::with_capacity(plan.schemes.len() + plan.metrics.len() + plan.risks.len() + 5);
        super::checklist::segments(plan, &finance, &fingerprint, today, |part| {
            segments.push(part.len());
            items.extend(part);
        });
        let checklist = Checklist { items };

        let summary = PlanSummary::assemble(
            plan,
            finance,
            metric_ratings,
            risk_ratings,
            scheme_rags,
            signoff_states,
            fingerprint,
            checklist,
        );
        LiveSummary {
            summary,
            today,
            years: plan.header.years.clone(),
            finance: finance_state,
            header_hash: header_h,
            settings_hash: settings_h,
            schemes_enc,
            metrics_enc,
            risks_enc,
            segments,
            in_place: 0,
            rebuilt: 0,
        }
    }

    pub fn summary(&self) -> &PlanSummary {
        &self.summary
    }

    /// The summary without the caches.
    pub fn into_summary(self) -> PlanSummary {
        self.summary
    }

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Brings the summary up to date with `plan`, which differs from the
    /// plan last seen only by `changes`. Rebuilds everything when that
    /// cannot be done in place.
    pub fn update(&mut self, plan: &Plan, today: NaiveDate, changes: &[Change]) {
        if self.try_update(plan, today, changes) {
            self.in_place += 1;
        } else {
            self.rebuild(plan, today);
        }
        #[cfg(debug_assertions)]
        {
            let fresh = super::summarize(plan, today);
            assert!(
                self.summary == fresh,
                "the live summary differs from the summary computed afresh after {changes:?}: {:?}",
                differences(&self.summary, &fresh)
            );
        }
    }

    /// Computes everything afresh (the plan changed in a way no [`Change`]
    /// describes: opened, undone, pasted...).
    pub fn rebuild(&mut self, plan: &Plan, today: NaiveDate) {
        let (in_place, rebuilt) = (self.in_place, self.rebuilt);
        *self = LiveSummary::new(plan, today);
        self.in_place = in_place;
        self.rebuilt = rebuilt + 1;
    }

    fn shape_matches(&self, plan: &Plan) -> bool {
        let s = &self.summary;
        plan.schemes.len() == s.scheme_rags.len()
            && plan.metrics.len() == s.metric_ratings.len()
            && plan.risks.len() == s.risk_ratings.len()
            && plan.signoffs.len() == s.signoff_states.len()
            && self.schemes_enc.len() == plan.schemes.len()
            && self.metrics_enc.len() == plan.metrics.len()
            && self.risks_enc.len() == plan.risks.len()
    }

    /// Replaces checklist segment `j` with `items`.
    fn set_segment(&mut self, j: usize, items: Vec<super::CheckItem>) {
        let start: usize = self.segments[..j].iter().sum();
        let old = self.segments[j];
        let all = &mut self.summary.checklist.items;
        if old == items.len() {
            for (slot, item) in all[start..start + old].iter_mut().zip(items) {
                *slot = item;
            }
        } else {
            self.segments[j] = items.len();
            all.splice(start..start + old, items);
        }
    }

    /// False when the change cannot be made in place.
    fn try_update(&mut self, plan: &Plan, today: NaiveDate, changes: &[Change]) -> bool {
        // other years change every scheme's checks and the running sums
        if today != self.today || !self.shape_matches(plan) || plan.header.years != self.years {
            return false;
        }
        let seg = Segments {
            schemes: plan.schemes.len(),
            metrics: plan.metrics.len(),
        };
        let (mut schemes, mut metrics, mut risks, mut header) = (false, false, false, false);
        let tol = plan.settings.amber_tolerance_pct;
        for (k, &change) in changes.iter().enumerate() {
            if changes[..k].contains(&change) {
                continue;
            }
            match change {
                Change::Header => header = true,
                Change::Scheme(_) => {
                    let Some(i) = change.index_in(plan) else {
                        return false;
                    };
                    let s = &plan.schemes[i];
                    if let Some(f) = &mut self.finance
                        && !f.replace(i, s, &plan.header.years)
                    {
                        // money for a year outside the plan's: no running sums
                        self.finance = None;
                    }
                    self.schemes_enc[i] = canonical_bytes(s);
                    self.summary.scheme_rags[i] = scheme_rag(plan, s);
                    self.set_segment(seg.scheme(i), scheme_items(plan, i, s));
                    schemes = true;
                }
                Change::Metric(_) => {
                    let Some(i) = change.index_in(plan) else {
                        return false;
                    };
                    let m = &plan.metrics[i];
                    self.metrics_enc[i] = canonical_bytes(m);
                    self.summary.metric_ratings[i] = rate_metric(m, tol);
                    self.set_segment(seg.metric(i), metric_items(i, m));
                    metrics = true;
                }
                Change::Risk(_) => {
                    let Some(i) = change.index_in(plan) else {
                        return false;
                    };
                    let r = &plan.risks[i];
                    self.risks_enc[i] = canonical_bytes(r);
                    self.summary.risk_ratings[i] = rate_risk(r);
                    self.set_segment(seg.risk(i), risk_items(i, r, today));
                    risks = true;
                }
                Change::SignOff(_) => {
                    if change.index_in(plan).is_none() {
                        return false;
                    }
                }
            }
        }
        if header {
            self.header_hash = header_hash(plan);
        }
        if schemes || header {
            self.summary.finance = FinanceState::totals_or_afresh(&self.finance, plan);
            let fin = finance_items(plan, &self.summary.finance);
            self.set_segment(Segments::FINANCE, fin);
        }
        let fp = &mut self.summary.fingerprint;
        let mut fp_changed = header;
        if schemes {
            fp.schemes = list_hash_of_encoded(&self.schemes_enc);
            fp_changed = true;
        }
        if metrics {
            fp.metrics = list_hash_of_encoded(&self.metrics_enc);
            fp_changed = true;
        }
        if risks {
            fp.risks = list_hash_of_encoded(&self.risks_enc);
            fp_changed = true;
        }
        if fp_changed {
            let (s, m, r) = (fp.schemes.clone(), fp.metrics.clone(), fp.risks.clone());
            *fp = fingerprint_of_parts(self.header_hash.clone(), self.settings_hash.clone(), s, m, r);
        }
        // cheap, and hang on the fingerprint or the header
        let fingerprint = &self.summary.fingerprint;
        self.summary.signoff_states = plan.signoffs.iter().map(|s| signoff_state(s, fingerprint)).collect();
        let head = header_items(plan, fingerprint);
        let so = signoff_items(plan, fingerprint, today);
        self.set_segment(Segments::HEADER, head);
        self.set_segment(seg.signoffs(plan.risks.len()), so);
        if risks {
            self.summary.risk_links = risks::risk_link_counts(plan);
        }
        let s = &self.summary;
        let (areas, overall, overall_rule) = rate_areas(
            plan,
            &s.finance,
            &s.metric_ratings,
            &s.risk_ratings,
            &s.scheme_rags,
            &s.signoff_states,
        );
        self.summary.areas = areas;
        self.summary.overall = overall;
        self.summary.overall_rule = overall_rule;
        true
    }
}

/// Each record's canonical encoding, each in a vector of its own size.
fn encode_each<T: serde::Serialize>(records: &[T], buf: &mut Vec<u8>) -> Vec<Vec<u8>> {
    records
        .iter()
        .map(|r| {
            canonical_bytes_into(r, buf);
            buf.as_slice().to_vec()
        })
        .collect()
}

/// The parts of two summaries that differ (for the debug check's message).
#[cfg(debug_assertions)]
fn differences(a: &PlanSummary, b: &PlanSummary) -> Vec<String> {
    let mut out = Vec::new();
    macro_rules! cmp {
        ($($f:ident),*) => {$(
            if a.$f != b.$f {
                out.push(format!("{}: {:?} against {:?}", stringify!($f), a.$f, b.$f).chars().take(2000).collect());
            }
        )*};
    }
    cmp!(
        finance,
        metric_ratings,
        risk_ratings,
        scheme_rags,
        signoff_states,
        fingerprint,
        areas,
        overall,
        overall_rule,
        risk_links
    );
    if a.checklist != b.checklist {
        let first = a
            .checklist
            .items
            .iter()
            .zip(&b.checklist.items)
            .position(|(x, y)| x != y);
        out.push(format!(
            "checklist: {} items against {}, first difference at {first:?}: {:?} against {:?}",
            a.checklist.items.len(),
            b.checklist.items.len(),
            first.map(|i| &a.checklist.items[i]),
            first.map(|i| &b.checklist.items[i])
        ));
    }
    out
}

impl std::ops::Deref for LiveSummary {
    type Target = PlanSummary;
    fn deref(&self) -> &PlanSummary {
        &self.summary
    }
}

// ---------------------------------------------------------------- finance

/// One scheme's money in one year of the plan.
#[derive(Clone, Debug)]
struct YearMoney {
    /// Position in the plan's years.
    yi: usize,
    parts: Parts,
    /// Some amount given (only such years count in the breakdowns).
    nonempty: bool,
    has_spend: bool,
    split: bool,
    unparsed: usize,
}

/// What one scheme adds to the totals.
#[derive(Clone, Debug, Default)]
struct SchemeMoney {
    /// The group it falls in, per [`Dimension`].
    keys: [String; 5],
    years: Vec<YearMoney>,
}

/// One group's money in one year, and how many scheme-years make it.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    count: usize,
    parts: Parts,
}

/// The finance totals as running sums.
struct FinanceState {
    header_years: Vec<String>,
    year_parts: Vec<Parts>,
    /// Scheme-year entries per year (empty ones too).
    entered: Vec<usize>,
    groups: [HashMap<String, Vec<Slot>>; 5],
    unsplit: usize,
    split: usize,
    unparsed: usize,
    schemes: Vec<SchemeMoney>,
}

fn group_key(name: &str) -> &str {
    if name.trim().is_empty() { NOT_SET } else { name.trim() }
}

/// Takes `b` back out of a sum it was added to: bound by bound (not
/// `Span::minus`, which is the difference of two ranges).
fn sub_parts(a: &mut Parts, b: &Parts) {
    fn take(a: &mut Span, b: Span) {
        a.min_pence -= b.min_pence;
        a.max_pence -= b.max_pence;
    }
    take(&mut a.unsplit, b.unsplit);
    take(&mut a.recurrent, b.recurrent);
    take(&mut a.non_recurrent, b.non_recurrent);
    take(&mut a.benefit_recurrent, b.benefit_recurrent);
    take(&mut a.benefit_non_recurrent, b.benefit_non_recurrent);
}

impl FinanceState {
    /// The totals from the running sums when there are some, else
    /// computed from the plan.
    fn totals_or_afresh(state: &Option<FinanceState>, plan: &Plan) -> FinanceTotals {
        match state {
            Some(f) => f.totals(plan),
            None => finance_totals(plan),
        }
    }

    /// `None` when the plan lists a year twice or a scheme has an entry
    /// for a year outside the plan's.
    fn build(plan: &Plan) -> Option<FinanceState> {
        let years = &plan.header.years;
        if years.iter().enumerate().any(|(i, y)| years[..i].contains(y)) {
            return None;
        }
        let n = years.len();
        let mut f = FinanceState {
            header_years: years.clone(),
            year_parts: vec![Parts::default(); n],
            entered: vec![0; n],
            groups: Default::default(),
            unsplit: 0,
            split: 0,
            unparsed: 0,
            schemes: Vec::with_capacity(plan.schemes.len()),
        };
        for s in &plan.schemes {
            let m = money_of(s, years)?;
            f.apply(&m, true);
            f.schemes.push(m);
        }
        Some(f)
    }

    /// Takes scheme `i` out of the sums and puts it back as `s` is now.
    /// False when `s` has an entry for a year outside the plan's.
    fn replace(&mut self, i: usize, s: &Scheme, years: &[String]) -> bool {
        if years != self.header_years.as_slice() || i >= self.schemes.len() {
            return false;
        }
        let Some(new) = money_of(s, years) else {
            return false;
        };
        let old = std::mem::take(&mut self.schemes[i]);
        self.apply(&old, false);
        self.apply(&new, true);
        self.schemes[i] = new;
        true
    }

    fn apply(&mut self, m: &SchemeMoney, add: bool) {
        let n = self.header_years.len();
        for y in &m.years {
            if add {
                self.year_parts[y.yi].add(&y.parts);
                self.entered[y.yi] += 1;
                self.unsplit += usize::from(y.has_spend);
                self.split += usize::from(y.split);
                self.unparsed += y.unparsed;
            } else {
                sub_parts(&mut self.year_parts[y.yi], &y.parts);
                self.entered[y.yi] -= 1;
                self.unsplit -= usize::from(y.has_spend);
                self.split -= usize::from(y.split);
                self.unparsed -= y.unparsed;
            }
            if !y.nonempty {
                continue;
            }
            for (d, key) in m.keys.iter().enumerate() {
                let slots = self.groups[d]
                    .entry(key.clone())
                    .or_insert_with(|| vec![Slot::default(); n]);
                let slot = &mut slots[y.yi];
                if add {
                    slot.count += 1;
                    slot.parts.add(&y.parts);
                } else {
                    slot.count -= 1;
                    sub_parts(&mut slot.parts, &y.parts);
                }
            }
        }
    }

    /// The totals, exactly as [`finance_totals`] gives them.
    fn totals(&self, plan: &Plan) -> FinanceTotals {
        let mut t = FinanceTotals {
            years: self.header_years.clone(),
            ..Default::default()
        };
        for (i, year) in self.header_years.iter().enumerate() {
            let p = self.year_parts[i];
            t.parts_by_year.insert(year.clone(), p);
            t.spend_by_year.insert(year.clone(), p.spend());
            if self.entered[i] > 0 {
                t.unsplit_by_year.insert(year.clone(), p.unsplit);
                t.recurrent_by_year.insert(year.clone(), p.recurrent);
                t.non_recurrent_by_year.insert(year.clone(), p.non_recurrent);
                t.benefit_by_year.insert(year.clone(), p.benefit());
                t.benefit_recurrent_by_year.insert(year.clone(), p.benefit_recurrent);
                t.benefit_non_recurrent_by_year
                    .insert(year.clone(), p.benefit_non_recurrent);
            }
        }
        for dim in Dimension::ALL {
            let mut detailed: BTreeMap<String, BTreeMap<String, Parts>> = BTreeMap::new();
            for (name, slots) in &self.groups[dim.index()] {
                let m: BTreeMap<String, Parts> = slots
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| s.count > 0)
                    .map(|(yi, s)| (self.header_years[yi].clone(), s.parts))
                    .collect();
                if !m.is_empty() {
                    detailed.insert(name.clone(), m);
                }
            }
            t.set_breakdown(dim, detailed);
        }
        t.reconciliation = reconcile_years(plan, &t);
        t.has_unsplit = self.unsplit > 0;
        t.has_split = self.split > 0;
        t.unparsed_count = self.unparsed;
        t
    }
}

/// What a scheme adds; `None` when it has an entry for a year outside
/// `years`.
fn money_of(s: &Scheme, years: &[String]) -> Option<SchemeMoney> {
    let mut out = SchemeMoney {
        keys: Dimension::ALL.map(|d| group_key(d.of(s)).to_string()),
        years: Vec::with_capacity(s.years.len()),
    };
    for y in &s.years {
        let yi = years.iter().position(|x| *x == y.year)?;
        out.years.push(YearMoney {
            yi,
            parts: Parts::of_year(y),
            nonempty: !y.is_empty(),
            has_spend: y.spend.is_some(),
            split: y.is_split(),
            unparsed: y.unparsed.len(),
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};
    use crate::model::{Amount, AmountField, DateField, Decimal, Figure, Pence, RiskScore, SignOffStatus};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
    }

    fn plan() -> Plan {
        generate(&GenerateOptions {
            schemes: 30,
            metrics: 10,
            risks: 12,
            signoffs: 6,
            years: 3,
            seed: 11,
        })
    }

    /// Applies `f` to the plan, updates the live summary with `change`,
    /// and checks it against a summary computed afresh.
    fn check(live: &mut LiveSummary, plan: &mut Plan, change: Change, f: impl FnOnce(&mut Plan)) {
        f(plan);
        live.update(plan, today(), &[change]);
        assert_eq!(
            *live.summary(),
            crate::calc::summarize(plan, today()),
            "after {change:?}"
        );
    }

    #[test]
    fn the_same_as_computed_afresh() {
        let mut p = plan();
        let mut live = LiveSummary::new(&p, today());
        assert_eq!(*live.summary(), crate::calc::summarize(&p, today()));
        let y0 = p.header.years[0].clone();
        let sid = p.schemes[3].id;
        let rebuilt = live.rebuilt;
        // money typed into a scheme, then its area changed to a new group
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            *p.schemes[3].year_mut(&y0).get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(12_345_600)));
        });
        // a range, then an exact amount again: the range comes out bound by bound
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            *p.schemes[3].year_mut(&y0).get_mut(AmountField::Spend) =
                Some(Amount::Range(Pence(100_000), Pence(200_000)));
        });
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            *p.schemes[3].year_mut(&y0).get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(720_800)));
        });
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            p.schemes[3].area_of_spend = "A brand new area".into();
        });
        // every amount of a scheme gone: its groups lose it
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            for y in &mut p.schemes[3].years {
                for f in AmountField::ALL {
                    *y.get_mut(f) = None;
                }
            }
        });
        // unread text, and a name gone (checklist items come and go)
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            p.schemes[3].years[0].set_unparsed(AmountField::Spend, Some("1,2OO".into()));
            p.schemes[3].name.clear();
        });
        // a metric's target, a risk's score and title, a sign-off signed
        let mid = p.metrics[2].id;
        check(&mut live, &mut p, Change::Metric(mid), |p| {
            p.metrics[2].periods[0].target = None;
        });
        let rid = p.risks[4].id;
        check(&mut live, &mut p, Change::Risk(rid), |p| {
            p.risks[4].current = Some(RiskScore::new(5, 5));
            p.risks[4].title.push_str(" (updated)");
        });
        let so = p.signoffs[1].id;
        check(&mut live, &mut p, Change::SignOff(so), |p| {
            p.signoffs[1].status = SignOffStatus::Signed;
            p.signoffs[1].date = Some(DateField::Date(today()));
        });
        // the header: a budget and the title
        check(&mut live, &mut p, Change::Header, |p| {
            p.header.budgets[0].minimum_required = Some(Amount::Exact(Pence(1)));
            p.header.title = "TBC".into();
        });
        assert_eq!(live.rebuilt, rebuilt, "every change above was made in place");
        // the content the sign-offs signed changed: they say so
        assert!(
            live.summary()
                .signoff_states
                .iter()
                .any(|s| matches!(s, crate::calc::SignOffState::ChangedSince { .. }))
        );
    }

    #[test]
    fn rebuilds_what_it_cannot_update() {
        let mut p = plan();
        let mut live = LiveSummary::new(&p, today());
        // money for a year outside the plan's: the totals are computed
        // afresh from then on, and still right
        let sid = p.schemes[0].id;
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            *p.schemes[0].year_mut("2031/32").get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(500)));
        });
        check(&mut live, &mut p, Change::Scheme(sid), |p| {
            p.schemes[0].years.retain(|y| y.year != "2031/32");
        });
        // the plan's years changed
        let before = live.rebuilt;
        check(&mut live, &mut p, Change::Header, |p| {
            p.header.years.push("2027/28".into())
        });
        assert_eq!(live.rebuilt, before + 1);
        // a record that is not there any more, another day
        live.update(&p, today(), &[Change::Risk(RecordId(999_999))]);
        assert_eq!(live.rebuilt, before + 2);
        let tomorrow = today().succ_opt().unwrap();
        live.update(&p, tomorrow, &[]);
        assert_eq!(*live.summary(), crate::calc::summarize(&p, tomorrow));
    }

    use proptest::prelude::*;

    /// One edit to one record (or the header), picked by numbers.
    fn random_edit(p: &mut Plan, kind: u8, pick: usize, n: i64) -> Change {
        let texts = [
            "",
            "Acute",
            "TBC",
            "Social Care",
            "  Acute ",
            "<Name of Signatory>",
            "Integrated care",
        ];
        let text = texts[pick % texts.len()].to_string();
        let years = p.header.years.clone();
        let year = years[pick % years.len()].clone();
        match kind % 9 {
            0 | 1 => {
                let i = pick % p.schemes.len();
                let field = AmountField::ALL[pick % AmountField::ALL.len()];
                *p.schemes[i].year_mut(&year).get_mut(field) = match n % 4 {
                    0 => None,
                    1 => Some(Amount::Range(Pence(n), Pence(n + 7_000))),
                    _ => Some(Amount::Exact(Pence(n * 100))),
                };
                Change::Scheme(p.schemes[i].id)
            }
            2 => {
                let i = pick % p.schemes.len();
                let s = &mut p.schemes[i];
                match n % 5 {
                    0 => s.area_of_spend = text,
                    1 => s.commissioner = text,
                    2 => s.source_of_funding = text,
                    3 => s.status = text,
                    _ => s.name = text,
                }
                Change::Scheme(s.id)
            }
            3 => {
                let i = pick % p.schemes.len();
                p.schemes[i].years[0].set_unparsed(AmountField::Spend, (n % 2 == 0).then(|| "1,2OO".to_string()));
                Change::Scheme(p.schemes[i].id)
            }
            4 => {
                let i = pick % p.metrics.len();
                let m = &mut p.metrics[i];
                let at = pick % m.periods.len().max(1);
                if let Some(period) = m.periods.get_mut(at) {
                    let v = Some(Figure::Value(Decimal::new(n % 2_000, 1)));
                    if n % 2 == 0 {
                        period.actual = v
                    } else {
                        period.target = v
                    }
                } else {
                    m.name = text;
                }
                Change::Metric(m.id)
            }
            5 => {
                let i = pick % p.risks.len();
                let r = &mut p.risks[i];
                match n % 3 {
                    0 => r.current = Some(RiskScore::new((n % 5 + 1) as u8, (pick % 5 + 1) as u8)),
                    1 => r.owner = text,
                    _ => r.residual = None,
                }
                Change::Risk(r.id)
            }
            6 => {
                let i = pick % p.signoffs.len();
                let so = &mut p.signoffs[i];
                match n % 3 {
                    0 => so.status = SignOffStatus::Signed,
                    1 => so.name = text,
                    _ => so.date = Some(DateField::Date(today())),
                }
                Change::SignOff(so.id)
            }
            7 => {
                let b = pick % p.header.budgets.len().max(1);
                if let Some(b) = p.header.budgets.get_mut(b) {
                    b.declared_total = Some(Amount::Exact(Pence(n * 1_000)));
                }
                Change::Header
            }
            _ => {
                p.header.title = text;
                Change::Header
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        /// Whatever single-record edits follow each other, the live
        /// summary is the summary computed afresh.
        #[test]
        fn any_run_of_edits_gives_the_summary_computed_afresh(
            seed in 0u64..1_000,
            edits in proptest::collection::vec((0u8..9, 0usize..1_000, 0i64..10_000_000), 1..25),
        ) {
            let mut p = generate(&GenerateOptions { schemes: 14, metrics: 5, risks: 6, signoffs: 3, years: 2, seed });
            let mut live = LiveSummary::new(&p, today());
            for (kind, pick, n) in edits {
                let change = random_edit(&mut p, kind, pick, n);
                live.update(&p, today(), &[change]);
                prop_assert_eq!(live.summary(), &crate::calc::summarize(&p, today()), "after {:?}", change);
            }
        }
    }
}
