//! The RAG engine for metrics, after the Kent Assurance Framework key:
//!
//! - GREEN: target achieved or exceeded;
//! - AMBER: missed by no more than the tolerance (10% of the target by
//!   default, relative; settable per plan and per metric), inclusive;
//! - RED: missed by more than the tolerance;
//! - not rated: no target, or nothing to compare.
//!
//! Lower-is-better metrics mirror the rule: Amber means at most the
//! tolerance *above* the target. The tolerance band is measured from the
//! target's size (|target| × tolerance), so a negative target works the
//! same way; a target of zero has no band, so it is met (Green) or missed
//! (Red), never Amber.
//!
//! The rated value is the latest period with an actual; when no period has
//! an actual, the latest period with a forecast (and the rating says it is a
//! forecast). A period is rated only against its own target. A manual
//! override replaces the computed RAG and says so.
//!
//! Arithmetic is exact (`Decimal`) and never panics: a value too large to
//! compare is rated Red (missed by more than any band) rather than crash.

use crate::model::{Decimal, Figure, Metric, MetricPeriod, MetricUnit, Polarity, Rag, RagOverride};
use rust_decimal::RoundingStrategy;
use rust_decimal::prelude::ToPrimitive;

/// Whether a rating rests on an actual or a forecast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    Actual,
    Forecast,
}

impl Basis {
    pub fn word(self) -> &'static str {
        match self {
            Basis::Actual => "Actual",
            Basis::Forecast => "Forecast",
        }
    }
}

/// A comparison of one value with one target.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub value: Decimal,
    pub target: Decimal,
    pub tolerance_pct: Decimal,
    pub polarity: Polarity,
    pub rag: Rag,
}

/// The rating of one period of a metric.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodRating {
    pub rag: Rag,
    /// What was compared: the actual, else the forecast.
    pub basis: Option<Basis>,
    pub comparison: Option<Comparison>,
    /// The rule in words, ending with the period label in brackets.
    pub explanation: String,
}

/// The rating of a whole metric.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricRating {
    /// What is shown: the override when there is one, else `computed`.
    pub rag: Rag,
    /// What the rule gives.
    pub computed: Rag,
    /// The period the rating rests on.
    pub period: Option<usize>,
    pub basis: Option<Basis>,
    pub comparison: Option<Comparison>,
    pub overridden: Option<RagOverride>,
    /// The rule in words: "Actual 90.5% against target 95.0%: 4.7% below,
    /// within the 10% tolerance → Amber (2015/16)".
    pub explanation: String,
    /// Each period's own rating, in the order of `metric.periods`.
    pub periods: Vec<PeriodRating>,
    /// Direction of travel against the previous actual (separate from RAG).
    pub travel: Option<Travel>,
}

impl MetricRating {
    /// What a chip says: "Amber", "Amber, set by hand", "Amber (forecast)".
    pub fn chip_text(&self) -> String {
        if self.overridden.is_some() {
            format!("{}, set by hand", self.rag.word())
        } else if self.basis == Some(Basis::Forecast) && self.rag != Rag::NotRated {
            format!("{} (forecast)", self.rag.word())
        } else {
            self.rag.word().to_string()
        }
    }
}

/// Direction of travel against the previous actual; separate from RAG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
}

impl Direction {
    pub fn word(self) -> &'static str {
        match self {
            Direction::Up => "Up",
            Direction::Down => "Down",
            Direction::Same => "Unchanged",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Travel {
    pub direction: Direction,
    /// `Some(true)` improving, `Some(false)` worsening, `None` unchanged.
    pub improving: Option<bool>,
}

impl Travel {
    /// "improving", "worsening" or "no change".
    pub fn word(&self) -> &'static str {
        match self.improving {
            Some(true) => "improving",
            Some(false) => "worsening",
            None => "no change",
        }
    }
}

/// The plan's tolerance unless the metric sets its own.
pub fn tolerance_for(metric: &Metric, plan_default: Decimal) -> Decimal {
    metric.tolerance_pct.unwrap_or(plan_default).max(Decimal::ZERO)
}

fn hundred() -> Decimal {
    Decimal::from(100)
}

/// Whether `value` meets or beats `target`.
fn target_met(value: Decimal, target: Decimal, polarity: Polarity) -> bool {
    match polarity {
        Polarity::HigherIsBetter => value >= target,
        Polarity::LowerIsBetter => value <= target,
    }
}

/// Whether a miss of `gap` is within `tol`% of |target| (inclusive), in
/// exact arithmetic; on overflow it falls back to the relative gap.
fn within_band(gap: Decimal, target: Decimal, tol: Decimal) -> bool {
    let size = target.abs();
    if size.is_zero() {
        return false;
    }
    match (gap.checked_mul(hundred()), size.checked_mul(tol)) {
        (Some(a), Some(b)) => a <= b,
        _ => gap
            .checked_div(size)
            .and_then(|r| r.checked_mul(hundred()))
            .is_some_and(|r| r <= tol),
    }
}

/// Rates one value against one target (the key above).
pub fn rate_value(value: Decimal, target: Decimal, polarity: Polarity, tolerance_pct: Decimal) -> Rag {
    if target_met(value, target, polarity) {
        return Rag::Green;
    }
    let tol = tolerance_pct.max(Decimal::ZERO);
    match value.checked_sub(target) {
        Some(d) if within_band(d.abs(), target, tol) => Rag::Amber,
        _ => Rag::Red,
    }
}

/// Where Amber turns to Red: the target less (higher is better) or plus
/// (lower is better) the band. Equal to the target when the target is zero.
pub fn amber_edge(target: Decimal, polarity: Polarity, tolerance_pct: Decimal) -> Option<Decimal> {
    let band = target
        .abs()
        .checked_mul(tolerance_pct.max(Decimal::ZERO))?
        .checked_div(hundred())?;
    match polarity {
        Polarity::HigherIsBetter => target.checked_sub(band),
        Polarity::LowerIsBetter => target.checked_add(band),
    }
}

/// The value of a figure in a metric's unit.
pub fn figure_value(f: &Option<Figure>, unit: MetricUnit) -> Option<Decimal> {
    f.as_ref().and_then(|f| f.value(unit))
}

fn default_dp(v: Decimal, unit: MetricUnit) -> u32 {
    match unit {
        MetricUnit::Percent | MetricUnit::Per100k => 1,
        MetricUnit::Pounds => 0,
        _ => v.normalize().scale().min(2),
    }
}

fn format_dp(v: Decimal, unit: MetricUnit, dp: u32) -> String {
    let r = v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let mut s = format!("{:.*}", dp as usize, r);
    // thousands separators on the whole part
    let neg = s.starts_with('-');
    if neg {
        s.remove(0);
    }
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let grouped = whole
        .parse::<u128>()
        .map(crate::model::money::group_thousands)
        .unwrap_or(whole);
    // "-0.0" reads oddly: a value that rounds to zero has no sign
    let is_zero =
        grouped.chars().all(|c| c == '0' || c == ',') && frac.as_deref().is_none_or(|f| f.chars().all(|c| c == '0'));
    let mut out = if neg && !is_zero {
        format!("-{grouped}")
    } else {
        grouped
    };
    if let Some(f) = frac {
        out.push('.');
        out.push_str(&f);
    }
    match unit {
        MetricUnit::Percent => format!("{out}%"),
        MetricUnit::Per100k => format!("{out} per 100,000"),
        MetricUnit::Days => format!("{out} days"),
        MetricUnit::Weeks => format!("{out} weeks"),
        MetricUnit::Pounds => format!("£{out}"),
        MetricUnit::Count | MetricUnit::Score => out,
    }
}

/// Formats a metric value with its unit, one decimal for % and rates:
/// "90.5%", "1,774.9 per 100,000", "39".
pub fn format_value(v: Decimal, unit: MetricUnit) -> String {
    format_dp(v, unit, default_dp(v, unit))
}

/// Formats a value and a target so that two different numbers never read
/// the same ("95.0%" against "95.0%" when the actual is 94.96): more
/// decimals are shown until they differ.
pub fn format_pair(value: Decimal, target: Decimal, unit: MetricUnit) -> (String, String) {
    let mut dp = default_dp(value, unit).max(default_dp(target, unit));
    loop {
        let (a, b) = (format_dp(value, unit, dp), format_dp(target, unit, dp));
        if a != b || value == target || dp >= 8 {
            return (a, b);
        }
        dp += 1;
    }
}

/// A compact value for a chart label or an axis: "90.5%", "1,774.9".
pub fn format_short(v: Decimal, unit: MetricUnit) -> String {
    match unit {
        MetricUnit::Per100k => format_dp(v, MetricUnit::Count, 1),
        MetricUnit::Days | MetricUnit::Weeks => format_dp(v, MetricUnit::Count, default_dp(v, unit)),
        _ => format_value(v, unit),
    }
}

/// A figure as shown: "90.5%", or for a ratio "64.8% (1,176 / 1,815)".
pub fn format_figure(f: &Figure, unit: MetricUnit) -> String {
    match f {
        Figure::Value(v) => format_value(*v, unit),
        Figure::Ratio { numerator, denominator } => {
            let n = format_dp(*numerator, MetricUnit::Count, numerator.normalize().scale().min(2));
            let d = format_dp(*denominator, MetricUnit::Count, denominator.normalize().scale().min(2));
            match f.value(unit) {
                Some(v) => format!("{} ({n} / {d})", format_value(v, unit)),
                None => format!("{n} / {d} (denominator is zero)"),
            }
        }
    }
}

fn pct_round(p: Decimal, dp: u32) -> Decimal {
    p.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// A percentage in words: "10%", "4.7%".
pub fn pct_text(p: Decimal) -> String {
    format!("{}%", pct_round(p, 1))
}

/// Explains a comparison in words: "Actual 90.5% against target 95.0%:
/// 4.7% below, within the 10% tolerance → Amber". The relative gap is
/// shown with as many decimals as it takes to agree with the rating
/// (10.04% is not "10.0%, beyond the 10% tolerance").
pub fn explain(c: &Comparison, basis: Basis, unit: MetricUnit) -> String {
    let (v, t) = format_pair(c.value, c.target, unit);
    let tol = pct_text(c.tolerance_pct);
    let lower = if c.polarity == Polarity::LowerIsBetter {
        " (lower is better)"
    } else {
        ""
    };
    let head = format!("{} {v} against target {t}{lower}", basis.word());
    let gap = c.value.checked_sub(c.target).map(|g| g.abs());
    let rel = gap.and_then(|g| {
        if c.target.is_zero() {
            None
        } else {
            g.checked_mul(hundred())?.checked_div(c.target.abs())
        }
    });
    let side = if c.value > c.target { "above" } else { "below" };
    if c.value == c.target {
        return format!("{head}: on target → Green");
    }
    if target_met(c.value, c.target, c.polarity) {
        return match rel {
            Some(r) => format!("{head}: {} {side}, target met → Green", pct_text(r)),
            None => format!("{head}: target met → Green"),
        };
    }
    if c.target.is_zero() {
        return format!("{head}: {side} a target of zero (no tolerance band) → Red");
    }
    let Some(rel) = rel else {
        return format!("{head}: too far from the target to measure → {}", c.rag.word());
    };
    let amber = c.rag == Rag::Amber;
    let mut shown = None;
    for dp in 1..=4 {
        let r = pct_round(rel, dp);
        if (amber && r <= c.tolerance_pct) || (!amber && r > c.tolerance_pct) {
            shown = Some(format!("{r}%"));
            break;
        }
    }
    let shown = shown.unwrap_or_else(|| {
        if amber {
            format!("just under {tol}")
        } else {
            format!("just over {tol}")
        }
    });
    let within = if amber {
        format!("within the {tol} tolerance")
    } else {
        format!("beyond the {tol} tolerance")
    };
    format!("{head}: {shown} {side}, {within} → {}", c.rag.word())
}

fn period_label(p: &MetricPeriod, index: usize) -> String {
    if p.label.trim().is_empty() {
        format!("period {}", index + 1)
    } else {
        p.label.trim().to_string()
    }
}

/// Rates one period against its own target: the actual, else the forecast.
pub fn rate_period(metric: &Metric, index: usize, tolerance_pct: Decimal) -> PeriodRating {
    let unit = metric.unit;
    let mut out = PeriodRating {
        rag: Rag::NotRated,
        basis: None,
        comparison: None,
        explanation: String::new(),
    };
    let Some(p) = metric.periods.get(index) else {
        out.explanation = "No such period → not rated".into();
        return out;
    };
    let label = period_label(p, index);
    let target = period_target(metric, p);
    let found = match figure_value(&p.actual, unit) {
        Some(v) => Some((v, Basis::Actual)),
        None => figure_value(&p.forecast, unit).map(|v| (v, Basis::Forecast)),
    };
    match (target, found) {
        (None, None) => {
            out.explanation = format!("No target and no actual for {label} → not rated");
        }
        (Some(t), None) => {
            out.explanation = format!(
                "Target {} for {label}; no actual or forecast yet → not rated",
                format_value(t, unit)
            );
        }
        (None, Some((v, basis))) => {
            out.basis = Some(basis);
            out.explanation = format!(
                "{} {} for {label}, but no target for that period → not rated",
                basis.word(),
                format_value(v, unit)
            );
        }
        (Some(target), Some((value, basis))) => {
            let rag = rate_value(value, target, metric.polarity, tolerance_pct);
            let c = Comparison {
                value,
                target,
                tolerance_pct,
                polarity: metric.polarity,
                rag,
            };
            out.explanation = format!("{} ({label})", explain(&c, basis, unit));
            out.rag = rag;
            out.basis = Some(basis);
            out.comparison = Some(c);
        }
    }
    if let Some(c) = change_target_text(metric, p) {
        out.explanation.push_str(&format!("; the target is set as a {c}"));
    }
    if !p.status_text.trim().is_empty() {
        out.explanation.push_str(&format!("; status: {}", p.status_text.trim()));
    }
    out
}

/// Rates each period that has a target and an actual (else forecast).
pub fn period_rag(metric: &Metric, index: usize, tolerance_pct: Decimal) -> Option<(Rag, Basis)> {
    let r = rate_period(metric, index, tolerance_pct);
    r.comparison.as_ref()?;
    Some((r.rag, r.basis?))
}

/// The period a metric is rated on: the latest with an actual, else the
/// latest with a forecast.
pub fn rated_period(metric: &Metric) -> Option<(usize, Basis)> {
    let unit = metric.unit;
    let latest = |pick: fn(&MetricPeriod) -> &Option<Figure>| {
        metric
            .periods
            .iter()
            .rposition(|p| figure_value(pick(p), unit).is_some())
    };
    latest(|p| &p.actual)
        .map(|i| (i, Basis::Actual))
        .or_else(|| latest(|p| &p.forecast).map(|i| (i, Basis::Forecast)))
}

/// Rates a metric: the latest actual, else the latest forecast; the
/// override, when set, wins and says so.
pub fn rate_metric(metric: &Metric, plan_tolerance_pct: Decimal) -> MetricRating {
    let tol = tolerance_for(metric, plan_tolerance_pct);
    let unit = metric.unit;
    let periods: Vec<PeriodRating> = (0..metric.periods.len()).map(|i| rate_period(metric, i, tol)).collect();
    let mut rating = MetricRating {
        rag: Rag::NotRated,
        computed: Rag::NotRated,
        period: None,
        basis: None,
        comparison: None,
        overridden: None,
        explanation: String::new(),
        periods: Vec::new(),
        travel: travel(metric),
    };
    match rated_period(metric) {
        None => {
            rating.explanation = match latest_target(metric) {
                Some(t) => {
                    let i = metric
                        .periods
                        .iter()
                        .rposition(|p| period_target(metric, p).is_some())
                        .unwrap_or(0);
                    format!(
                        "Target {} ({}); no actual or forecast yet → not rated",
                        format_value(t, unit),
                        period_label(&metric.periods[i], i)
                    )
                }
                None => "No target and no actual → not rated".into(),
            };
        }
        Some((i, basis)) => {
            let p = &periods[i];
            rating.period = Some(i);
            rating.basis = Some(basis);
            rating.computed = p.rag;
            rating.comparison = p.comparison.clone();
            rating.explanation = p.explanation.clone();
        }
    }
    rating.rag = rating.computed;
    if let Some(o) = &metric.rag_override {
        rating.rag = o.rag;
        let reason = o.reason.trim();
        let reason = if reason.is_empty() { "no reason given" } else { reason };
        rating.explanation = format!(
            "{}, set by hand: {reason}. The rule gives {}: {}",
            o.rag.word(),
            rating.computed.word(),
            rating.explanation
        );
        rating.overridden = Some(o.clone());
    }
    rating.periods = periods;
    rating
}

/// The latest two actuals, newest first: (index, value).
fn last_two_actuals(metric: &Metric) -> Option<((usize, Decimal), (usize, Decimal))> {
    let mut actuals = metric
        .periods
        .iter()
        .enumerate()
        .rev()
        .filter_map(|(i, p)| figure_value(&p.actual, metric.unit).map(|v| (i, v)));
    let last = actuals.next()?;
    let prev = actuals.next()?;
    Some((last, prev))
}

/// Direction of travel: the latest actual against the previous actual.
pub fn travel(metric: &Metric) -> Option<Travel> {
    let ((_, last), (_, prev)) = last_two_actuals(metric)?;
    let direction = if last > prev {
        Direction::Up
    } else if last < prev {
        Direction::Down
    } else {
        Direction::Same
    };
    let improving = match (direction, metric.polarity) {
        (Direction::Same, _) => None,
        (Direction::Up, Polarity::HigherIsBetter) | (Direction::Down, Polarity::LowerIsBetter) => Some(true),
        _ => Some(false),
    };
    Some(Travel { direction, improving })
}

/// Direction of travel in words: "Up from 88.0% (Q1 2015/16) to 90.5%
/// (Q2 2015/16): improving (higher is better). Says nothing about the
/// target."
pub fn explain_travel(metric: &Metric) -> String {
    let Some(((li, last), (pi, prev))) = last_two_actuals(metric) else {
        return "Direction of travel needs two actuals: not shown".into();
    };
    let Some(t) = travel(metric) else {
        return String::new();
    };
    let unit = metric.unit;
    let (a, b) = format_pair(prev, last, unit);
    let from = format!("{a} ({})", period_label(&metric.periods[pi], pi));
    let to = format!("{b} ({})", period_label(&metric.periods[li], li));
    let pol = metric.polarity.word().to_lowercase();
    match t.direction {
        Direction::Same => format!("Unchanged at {to} since {from}: no change. Separate from RAG."),
        d => format!(
            "{} from {from} to {to}: {} ({pol}). Separate from RAG: it says nothing about the target.",
            d.word(),
            t.word()
        ),
    }
}

/// The latest target of a metric (for summaries).
pub fn latest_target(metric: &Metric) -> Option<Decimal> {
    metric.periods.iter().rev().find_map(|p| period_target(metric, p))
}

/// A period's target: the figure given, else the level a change from the
/// baseline implies (baseline × (1 + change ÷ 100): "Reduction of 3.2%"
/// from 1,000 is 968). `None` without either, or when a change has no
/// baseline to apply to.
pub fn period_target(metric: &Metric, p: &MetricPeriod) -> Option<Decimal> {
    if let Some(t) = figure_value(&p.target, metric.unit) {
        return Some(t);
    }
    let change = p.target_change_pct?;
    let base = figure_value(&metric.baseline, metric.unit)?;
    let factor = hundred().checked_add(change)?.checked_div(hundred())?;
    base.checked_mul(factor)
}

/// How a period's target is written, when it is a change from the
/// baseline: "3.2% reduction from the baseline 1,000 = 968".
pub fn change_target_text(metric: &Metric, p: &MetricPeriod) -> Option<String> {
    if p.target.is_some() {
        return None;
    }
    let change = p.target_change_pct?;
    let word = if change.is_sign_negative() {
        "reduction"
    } else {
        "increase"
    };
    let pct = pct_text(change.abs());
    match (figure_value(&metric.baseline, metric.unit), period_target(metric, p)) {
        (Some(b), Some(t)) => Some(format!(
            "{pct} {word} from the baseline {} = {}",
            format_value(b, metric.unit),
            format_value(t, metric.unit)
        )),
        _ => Some(format!("{pct} {word} from the baseline, which is not given")),
    }
}

/// The rule in words, for the legend beside the table.
pub fn rule_text(plan_tolerance_pct: Decimal) -> String {
    let tol = pct_text(plan_tolerance_pct.max(Decimal::ZERO));
    format!(
        "Green: target met or beaten. Amber: missed by no more than {tol} of the target (the plan's tolerance; a metric may set its own). \
         Red: missed by more. Not rated: no target, or no actual or forecast to compare. \
         The latest actual is rated, else the latest forecast. Lower-is-better metrics mirror the rule (Amber: at most {tol} above the target). \
         A target of zero has no band: met is Green, missed is Red. For a negative target the band is {tol} of its size."
    )
}

/// One period on a trajectory chart (values as f64 for drawing only).
#[derive(Clone, Debug, PartialEq)]
pub struct ChartPeriod {
    pub label: String,
    pub target: Option<f64>,
    /// Where Amber turns to Red.
    pub amber_edge: Option<f64>,
    pub actual: Option<f64>,
    pub forecast: Option<f64>,
    pub rag: Rag,
}

/// What a trajectory chart draws for one metric.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    pub baseline: Option<f64>,
    pub baseline_label: String,
    pub periods: Vec<ChartPeriod>,
    pub polarity: Polarity,
    pub unit: MetricUnit,
}

impl Chart {
    /// The smallest and largest value the chart must show.
    pub fn value_range(&self) -> Option<(f64, f64)> {
        let vals = self.baseline.into_iter().chain(
            self.periods
                .iter()
                .flat_map(|p| [p.target, p.amber_edge, p.actual, p.forecast])
                .flatten(),
        );
        vals.filter(|v| v.is_finite()).fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
    }
}

fn f(v: Option<Decimal>) -> Option<f64> {
    v.and_then(|d| d.to_f64())
}

/// The data of a metric's trajectory chart.
pub fn chart(metric: &Metric, plan_tolerance_pct: Decimal) -> Chart {
    let tol = tolerance_for(metric, plan_tolerance_pct);
    let unit = metric.unit;
    let periods = metric
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let target = period_target(metric, p);
            ChartPeriod {
                label: period_label(p, i),
                target: f(target),
                amber_edge: f(target.and_then(|t| amber_edge(t, metric.polarity, tol))),
                actual: f(figure_value(&p.actual, unit)),
                forecast: f(figure_value(&p.forecast, unit)),
                rag: rate_period(metric, i, tol).rag,
            }
        })
        .collect();
    Chart {
        baseline: f(figure_value(&metric.baseline, unit)),
        baseline_label: if metric.baseline_period.trim().is_empty() {
            "Baseline".into()
        } else {
            format!("Baseline ({})", metric.baseline_period.trim())
        },
        periods,
        polarity: metric.polarity,
        unit,
    }
}

/// The period "Add period" offers a metric: while its periods are whole
/// years ("2015/16"), the first of the plan's years it has no period for
/// (never a year outside the plan while one inside is missing); else the
/// one after its last period ([`next_period_label`]).
pub fn period_to_add(plan_years: &[String], labels: &[&str]) -> String {
    let is_year = |l: &str| {
        let b = l.trim().as_bytes();
        b.len() == 7 && b[4] == b'/' && b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
    };
    if labels.iter().all(|l| is_year(l))
        && let Some(y) = plan_years.iter().find(|y| !labels.iter().any(|l| l.trim() == y.trim()))
    {
        return y.clone();
    }
    next_period_label(labels.last().copied(), labels.len())
}

/// A label for the next period after `last`: "Q2 2015/16" after
/// "Q1 2015/16", "Q1 2016/17" after "Q4 2015/16", "2016/17" after
/// "2015/16"; otherwise "Period n".
pub fn next_period_label(last: Option<&str>, count: usize) -> String {
    let fallback = format!("Period {}", count + 1);
    let Some(last) = last.map(str::trim) else {
        return fallback;
    };
    let next_year = |y: &str| -> Option<String> {
        let (a, _) = y.split_once('/')?;
        let a: i32 = a.parse().ok()?;
        Some(format!("{}/{:02}", a + 1, (a + 2) % 100))
    };
    if let Some(rest) = last.strip_prefix('Q')
        && let Some((q, year)) = rest.split_once(' ')
        && let Ok(q) = q.parse::<u8>()
        && (1..=4).contains(&q)
    {
        if q < 4 {
            return format!("Q{} {year}", q + 1);
        }
        if let Some(y) = next_year(year) {
            return format!("Q1 {y}");
        }
    }
    if last.len() == 7
        && last.as_bytes()[4] == b'/'
        && let Some(y) = next_year(last)
    {
        return y;
    }
    fallback
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::MetricPeriod;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn metric(target: &str, actual: &str, polarity: Polarity) -> Metric {
        Metric {
            name: "m".into(),
            unit: MetricUnit::Percent,
            polarity,
            periods: vec![MetricPeriod {
                label: "2015/16".into(),
                target: Some(Figure::Value(d(target))),
                actual: Some(Figure::Value(d(actual))),
                forecast: None,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn ten() -> Decimal {
        Decimal::from(10)
    }

    #[test]
    fn domain_examples() {
        let hi = Polarity::HigherIsBetter;
        assert_eq!(rate_metric(&metric("95", "90.5", hi), ten()).rag, Rag::Amber);
        assert_eq!(rate_metric(&metric("50", "38.7", hi), ten()).rag, Rag::Red);
        assert_eq!(rate_metric(&metric("90", "94.3", hi), ten()).rag, Rag::Green);
        let mut res = metric("130", "120", Polarity::LowerIsBetter);
        res.unit = MetricUnit::Per100k;
        assert_eq!(rate_metric(&res, ten()).rag, Rag::Green);
        let r = rate_metric(&metric("95.0", "90.5", hi), ten());
        assert_eq!(
            r.explanation,
            "Actual 90.5% against target 95.0%: 4.7% below, within the 10% tolerance → Amber (2015/16)"
        );
        let r = rate_metric(&metric("50", "38.7", hi), ten());
        assert_eq!(
            r.explanation,
            "Actual 38.7% against target 50.0%: 22.6% below, beyond the 10% tolerance → Red (2015/16)"
        );
        let r = rate_metric(&metric("90", "94.3", hi), ten());
        assert_eq!(
            r.explanation,
            "Actual 94.3% against target 90.0%: 4.8% above, target met → Green (2015/16)"
        );
        let r = rate_metric(&res, ten());
        assert_eq!(
            r.explanation,
            "Actual 120.0 per 100,000 against target 130.0 per 100,000 (lower is better): 7.7% below, target met → Green (2015/16)"
        );
    }

    #[test]
    fn boundaries_are_inclusive() {
        let hi = Polarity::HigherIsBetter;
        let lo = Polarity::LowerIsBetter;
        // exactly at target
        assert_eq!(rate_value(d("95"), d("95"), hi, ten()), Rag::Green);
        assert_eq!(rate_value(d("130"), d("130"), lo, ten()), Rag::Green);
        // exactly at the tolerance: 95 − 9.5 = 85.5
        assert_eq!(rate_value(d("85.5"), d("95"), hi, ten()), Rag::Amber);
        assert_eq!(rate_value(d("85.4999"), d("95"), hi, ten()), Rag::Red);
        assert_eq!(rate_value(d("94.9999"), d("95"), hi, ten()), Rag::Amber);
        // lower is better: 130 + 13 = 143
        assert_eq!(rate_value(d("143"), d("130"), lo, ten()), Rag::Amber);
        assert_eq!(rate_value(d("143.0001"), d("130"), lo, ten()), Rag::Red);
        assert_eq!(rate_value(d("130.0001"), d("130"), lo, ten()), Rag::Amber);
        assert_eq!(rate_value(d("129.9999"), d("130"), lo, ten()), Rag::Green);
        // zero tolerance: any miss is Red
        assert_eq!(rate_value(d("94.9"), d("95"), hi, Decimal::ZERO), Rag::Red);
        // a per-metric tolerance wins over the plan's
        let mut m = metric("95", "83", hi);
        assert_eq!(rate_metric(&m, ten()).rag, Rag::Red);
        m.tolerance_pct = Some(d("15"));
        assert_eq!(rate_metric(&m, ten()).rag, Rag::Amber);
        assert!(rate_metric(&m, ten()).explanation.contains("within the 15% tolerance"));
    }

    #[test]
    fn explanation_agrees_with_the_rating_at_the_edge() {
        // 10.04% below rounds to 10.0%: the text must not say "10.0%, beyond 10%"
        let c = Comparison {
            value: d("89.96"),
            target: d("100"),
            tolerance_pct: ten(),
            polarity: Polarity::HigherIsBetter,
            rag: rate_value(d("89.96"), d("100"), Polarity::HigherIsBetter, ten()),
        };
        assert_eq!(c.rag, Rag::Red);
        let e = explain(&c, Basis::Actual, MetricUnit::Percent);
        assert!(e.contains("10.04% below, beyond the 10% tolerance → Red"), "{e}");
        // an actual that rounds to the target is shown with more decimals
        let m = metric("95", "94.96", Polarity::HigherIsBetter);
        let r = rate_metric(&m, ten());
        assert_eq!(r.rag, Rag::Amber);
        assert!(
            r.explanation.starts_with("Actual 94.96% against target 95.00%"),
            "{}",
            r.explanation
        );
    }

    #[test]
    fn zero_and_negative_targets() {
        let hi = Polarity::HigherIsBetter;
        let lo = Polarity::LowerIsBetter;
        assert_eq!(rate_value(d("0"), d("0"), lo, ten()), Rag::Green);
        assert_eq!(rate_value(d("0.1"), d("0"), lo, ten()), Rag::Red);
        assert_eq!(rate_value(d("-0.1"), d("0"), hi, ten()), Rag::Red);
        assert_eq!(rate_value(d("3"), d("0"), hi, ten()), Rag::Green);
        let mut m = metric("0", "2", lo);
        m.unit = MetricUnit::Count;
        let r = rate_metric(&m, ten());
        assert_eq!(r.rag, Rag::Red);
        assert!(
            r.explanation.contains("a target of zero (no tolerance band) → Red"),
            "{}",
            r.explanation
        );
        // negative target: band from its size
        assert_eq!(rate_value(d("-95"), d("-100"), hi, ten()), Rag::Green);
        assert_eq!(rate_value(d("-110"), d("-100"), hi, ten()), Rag::Amber);
        assert_eq!(rate_value(d("-110.01"), d("-100"), hi, ten()), Rag::Red);
        assert_eq!(rate_value(d("-90"), d("-100"), lo, ten()), Rag::Amber);
        assert_eq!(rate_value(d("-89"), d("-100"), lo, ten()), Rag::Red);
        assert_eq!(amber_edge(d("-100"), hi, ten()), Some(d("-110")));
        assert_eq!(amber_edge(d("0"), hi, ten()), Some(d("0")));
    }

    #[test]
    fn huge_values_never_panic() {
        let max = Decimal::MAX;
        let min = Decimal::MIN;
        for (v, t) in [(max, min), (min, max), (max, d("1")), (min, d("0.0000001"))] {
            for pol in [Polarity::HigherIsBetter, Polarity::LowerIsBetter] {
                let _ = rate_value(v, t, pol, Decimal::from(100));
                let _ = amber_edge(t, pol, Decimal::from(100));
                let c = Comparison {
                    value: v,
                    target: t,
                    tolerance_pct: ten(),
                    polarity: pol,
                    rag: rate_value(v, t, pol, ten()),
                };
                let _ = explain(&c, Basis::Actual, MetricUnit::Per100k);
            }
        }
        assert_eq!(rate_value(max, min, Polarity::LowerIsBetter, ten()), Rag::Red);
        let r = Figure::Ratio {
            numerator: max,
            denominator: d("0.5"),
        };
        assert_eq!(r.value(MetricUnit::Per100k), None);
    }

    #[test]
    fn missing_actual_and_forecast_only() {
        let mut m = metric("95", "90", Polarity::HigherIsBetter);
        m.periods[0].actual = None;
        let r = rate_metric(&m, ten());
        assert_eq!(r.rag, Rag::NotRated);
        assert_eq!(r.period, None);
        assert_eq!(
            r.explanation,
            "Target 95.0% (2015/16); no actual or forecast yet → not rated"
        );
        // forecast only: rated, and marked as a forecast
        m.periods[0].forecast = Some(Figure::Value(d("80")));
        let r = rate_metric(&m, ten());
        assert_eq!(r.rag, Rag::Red);
        assert_eq!(r.basis, Some(Basis::Forecast));
        assert_eq!(r.chip_text(), "Red (forecast)");
        assert!(
            r.explanation.starts_with("Forecast 80.0% against target 95.0%"),
            "{}",
            r.explanation
        );
        // an actual beats a later forecast
        m.periods.push(MetricPeriod {
            label: "Q2".into(),
            target: Some(Figure::Value(d("95"))),
            actual: None,
            forecast: Some(Figure::Value(d("99"))),
            ..Default::default()
        });
        m.periods[0].actual = Some(Figure::Value(d("90")));
        let r = rate_metric(&m, ten());
        assert_eq!((r.rag, r.period, r.basis), (Rag::Amber, Some(0), Some(Basis::Actual)));
        // every period has its own RAG
        assert_eq!(r.periods.len(), 2);
        assert_eq!(r.periods[1].rag, Rag::Green);
        assert_eq!(r.periods[1].basis, Some(Basis::Forecast));
        assert_eq!(period_rag(&m, 1, ten()), Some((Rag::Green, Basis::Forecast)));
        // no target at all
        let empty = Metric::default();
        assert_eq!(rate_metric(&empty, ten()).rag, Rag::NotRated);
        assert_eq!(
            rate_metric(&empty, ten()).explanation,
            "No target and no actual → not rated"
        );
        // an actual in a period without a target is not rated
        let mut m2 = metric("95", "90", Polarity::HigherIsBetter);
        m2.periods[0].target = None;
        let r = rate_metric(&m2, ten());
        assert_eq!(r.rag, Rag::NotRated);
        assert!(r.explanation.contains("no target for that period"), "{}", r.explanation);
    }

    #[test]
    fn override_wins_and_says_so() {
        let mut m = metric("95", "80", Polarity::HigherIsBetter);
        assert_eq!(rate_metric(&m, ten()).rag, Rag::Red);
        m.rag_override = Some(RagOverride {
            rag: Rag::Amber,
            reason: "Recovery plan agreed with the trust".into(),
            by: String::new(),
            date: None,
        });
        let r = rate_metric(&m, ten());
        assert_eq!(r.rag, Rag::Amber);
        assert_eq!(r.computed, Rag::Red);
        assert_eq!(r.chip_text(), "Amber, set by hand");
        assert!(
            r.explanation.starts_with(
                "Amber, set by hand: Recovery plan agreed with the trust. The rule gives Red: Actual 80.0%"
            ),
            "{}",
            r.explanation
        );
        assert_eq!(
            r.overridden.as_ref().map(|o| o.reason.as_str()),
            Some("Recovery plan agreed with the trust")
        );
    }

    #[test]
    fn ratio_values() {
        let f = Figure::Ratio {
            numerator: d("1176"),
            denominator: d("1815"),
        };
        assert_eq!(
            format_value(f.value(MetricUnit::Percent).unwrap(), MetricUnit::Percent),
            "64.8%"
        );
        assert_eq!(format_figure(&f, MetricUnit::Percent), "64.8% (1,176 / 1,815)");
        let t = Figure::Ratio {
            numerator: d("1271"),
            denominator: d("1815"),
        };
        assert_eq!(
            format_value(t.value(MetricUnit::Percent).unwrap(), MetricUnit::Percent),
            "70.0%"
        );
        // per 100,000: 543 admissions in 30,593 people aged 65+
        let r = Figure::Ratio {
            numerator: d("543"),
            denominator: d("30593"),
        };
        assert_eq!(
            format_value(r.value(MetricUnit::Per100k).unwrap(), MetricUnit::Per100k),
            "1,774.9 per 100,000"
        );
        let z = Figure::Ratio {
            numerator: d("1"),
            denominator: d("0"),
        };
        assert_eq!(z.value(MetricUnit::Percent), None);
        // the local metric of the SKC plan: 64.8% against 70.0% is 7.5% below → Amber
        let m = Metric {
            unit: MetricUnit::Percent,
            periods: vec![MetricPeriod {
                label: "October 2015 payment".into(),
                target: Some(t),
                actual: Some(f),
                forecast: None,
                ..Default::default()
            }],
            ..Default::default()
        };
        let r = rate_metric(&m, ten());
        assert_eq!(r.rag, Rag::Amber);
        assert!(
            r.explanation
                .starts_with("Actual 64.8% against target 70.0%: 7.5% below"),
            "{}",
            r.explanation
        );
    }

    #[test]
    fn travel_respects_polarity() {
        let mut m = metric("95", "90", Polarity::HigherIsBetter);
        assert_eq!(travel(&m), None);
        m.periods.insert(
            0,
            MetricPeriod {
                label: "Q1".into(),
                actual: Some(Figure::Value(d("88"))),
                ..Default::default()
            },
        );
        let t = travel(&m).unwrap();
        assert_eq!((t.direction, t.word()), (Direction::Up, "improving"));
        assert_eq!(
            explain_travel(&m),
            "Up from 88.0% (Q1) to 90.0% (2015/16): improving (higher is better). Separate from RAG: it says nothing about the target."
        );
        m.polarity = Polarity::LowerIsBetter;
        assert_eq!(travel(&m).unwrap().word(), "worsening");
        m.periods[0].actual = Some(Figure::Value(d("90")));
        assert_eq!(travel(&m).unwrap().direction, Direction::Same);
        assert_eq!(travel(&m).unwrap().word(), "no change");
        // travel is part of the rating but never changes the RAG
        assert_eq!(rate_metric(&m, ten()).travel, travel(&m));
    }

    #[test]
    fn chart_data() {
        let mut m = metric("95", "90.5", Polarity::HigherIsBetter);
        m.baseline = Some(Figure::Value(d("80")));
        m.periods.push(MetricPeriod {
            label: "Q2".into(),
            target: Some(Figure::Value(d("96"))),
            actual: None,
            forecast: Some(Figure::Value(d("97"))),
            ..Default::default()
        });
        let c = chart(&m, ten());
        assert_eq!(c.baseline, Some(80.0));
        assert_eq!(c.periods[0].amber_edge, Some(85.5));
        assert_eq!(c.periods[0].rag, Rag::Amber);
        assert_eq!(c.periods[1].rag, Rag::Green);
        assert_eq!(c.value_range(), Some((80.0, 97.0)));
        m.polarity = Polarity::LowerIsBetter;
        assert_eq!(chart(&m, ten()).periods[0].amber_edge, Some(104.5));
    }

    #[test]
    fn the_period_offered_is_a_missing_plan_year_first() {
        let years = vec!["2014/15".to_string(), "2015/16".to_string()];
        // issue 19: a metric with 2015/16 was offered 2016/17, outside the plan
        assert_eq!(period_to_add(&years, &["2015/16"]), "2014/15");
        assert_eq!(period_to_add(&years, &[]), "2014/15");
        assert_eq!(period_to_add(&years, &["2014/15", "2015/16"]), "2016/17");
        assert_eq!(period_to_add(&years, &["Q1 2015/16"]), "Q2 2015/16");
    }

    #[test]
    fn next_period_labels() {
        assert_eq!(next_period_label(Some("Q1 2015/16"), 1), "Q2 2015/16");
        assert_eq!(next_period_label(Some("Q4 2015/16"), 4), "Q1 2016/17");
        assert_eq!(next_period_label(Some("2015/16"), 1), "2016/17");
        assert_eq!(next_period_label(Some("2099/00"), 1), "2100/01");
        assert_eq!(next_period_label(Some("October 2015 payment"), 2), "Period 3");
        assert_eq!(next_period_label(None, 0), "Period 1");
    }

    #[test]
    fn formatting() {
        assert_eq!(format_value(d("-0.04"), MetricUnit::Percent), "0.0%");
        assert_eq!(format_value(d("1774.9"), MetricUnit::Per100k), "1,774.9 per 100,000");
        assert_eq!(format_value(d("39"), MetricUnit::Count), "39");
        assert_eq!(format_value(d("72.25"), MetricUnit::Score), "72.25");
        assert_eq!(format_value(d("1200.5"), MetricUnit::Pounds), "£1,201");
        assert_eq!(format_short(d("1774.94"), MetricUnit::Per100k), "1,774.9");
        assert_eq!(
            format_pair(d("94.96"), d("95"), MetricUnit::Percent),
            ("94.96%".to_string(), "95.00%".to_string())
        );
    }
}
