//! The RAG engine for metrics, after the Kent Assurance Framework key:
//!
//! - GREEN: target achieved or exceeded;
//! - AMBER: below target but within the tolerance (10% of the target by
//!   default, relative; settable per plan and per metric), inclusive;
//! - RED: further from the target than the tolerance;
//! - not rated: no target, or nothing to compare.
//!
//! Lower-is-better metrics mirror the rule: Amber means at most the
//! tolerance *above* the target. The tolerance band is measured from the
//! target's magnitude (|target| × tolerance), so a negative target works the
//! same way; a target of zero has no band, so it is met (Green) or missed
//! (Red), never Amber.
//!
//! The rated value is the latest period with an actual; when no period has
//! an actual, the latest period with a forecast (and the rating says it is a
//! forecast). A manual override replaces the computed RAG and says so.

use crate::model::{Decimal, Figure, Metric, MetricUnit, Polarity, Rag, RagOverride};

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
    /// within the 10% tolerance → Amber".
    pub explanation: String,
}

/// Direction of travel against the previous actual; separate from RAG.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
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
    metric.tolerance_pct.unwrap_or(plan_default)
}

/// Rates one value against one target (the key above).
pub fn rate_value(value: Decimal, target: Decimal, polarity: Polarity, tolerance_pct: Decimal) -> Rag {
    let band = target.abs() * tolerance_pct.max(Decimal::ZERO) / Decimal::from(100);
    match polarity {
        Polarity::HigherIsBetter => {
            if value >= target {
                Rag::Green
            } else if value >= target - band {
                Rag::Amber
            } else {
                Rag::Red
            }
        }
        Polarity::LowerIsBetter => {
            if value <= target {
                Rag::Green
            } else if value <= target + band {
                Rag::Amber
            } else {
                Rag::Red
            }
        }
    }
}

/// The value of a figure in a metric's unit.
pub fn figure_value(f: &Option<Figure>, unit: MetricUnit) -> Option<Decimal> {
    f.as_ref().and_then(|f| f.value(unit))
}

/// Formats a metric value with its unit, one decimal for % and rates:
/// "90.5%", "1,774.9 per 100,000", "39".
pub fn format_value(v: Decimal, unit: MetricUnit) -> String {
    let dp = match unit {
        MetricUnit::Percent | MetricUnit::Per100k => 1,
        MetricUnit::Pounds => 0,
        _ => v.scale().min(2),
    };
    let r = v.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
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
    let mut out = if neg { format!("-{grouped}") } else { grouped };
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

fn pct_text(p: Decimal) -> String {
    let r = p
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    format!("{r}%")
}

/// Explains a comparison in words.
pub fn explain(c: &Comparison, basis: Basis, unit: MetricUnit) -> String {
    let v = format_value(c.value, unit);
    let t = format_value(c.target, unit);
    let tol = pct_text(c.tolerance_pct);
    let head = format!("{} {v} against target {t}", basis.word());
    let better = match c.polarity {
        Polarity::HigherIsBetter => c.value >= c.target,
        Polarity::LowerIsBetter => c.value <= c.target,
    };
    if better {
        let how = if c.value == c.target { "on target" } else { "target met" };
        return format!("{head}: {how} → Green");
    }
    let gap = (c.value - c.target).abs();
    let side = match c.polarity {
        Polarity::HigherIsBetter => "below",
        Polarity::LowerIsBetter => "above",
    };
    if c.target.is_zero() {
        return format!("{head}: {side} a target of zero (no tolerance band) → Red");
    }
    let rel = gap * Decimal::from(100) / c.target.abs();
    let within = if c.rag == Rag::Amber {
        format!("within the {tol} tolerance")
    } else {
        format!("beyond the {tol} tolerance")
    };
    format!("{head}: {} {side}, {within} → {}", pct_text(rel), c.rag.word())
}

/// Rates each period that has a target and an actual (else forecast).
pub fn period_rag(metric: &Metric, index: usize, tolerance_pct: Decimal) -> Option<(Rag, Basis)> {
    let p = metric.periods.get(index)?;
    let target = figure_value(&p.target, metric.unit)?;
    let (value, basis) = match figure_value(&p.actual, metric.unit) {
        Some(v) => (v, Basis::Actual),
        None => (figure_value(&p.forecast, metric.unit)?, Basis::Forecast),
    };
    Some((rate_value(value, target, metric.polarity, tolerance_pct), basis))
}

/// Rates a metric: the latest actual, else the latest forecast; the
/// override, when set, wins and says so.
pub fn rate_metric(metric: &Metric, plan_tolerance_pct: Decimal) -> MetricRating {
    let tol = tolerance_for(metric, plan_tolerance_pct);
    let unit = metric.unit;
    let latest = |pick: fn(&crate::model::MetricPeriod) -> &Option<Figure>| {
        metric
            .periods
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, p)| figure_value(pick(p), unit).map(|v| (i, v)))
    };
    let found = latest(|p| &p.actual)
        .map(|(i, v)| (i, v, Basis::Actual))
        .or_else(|| latest(|p| &p.forecast).map(|(i, v)| (i, v, Basis::Forecast)));
    let mut rating = MetricRating {
        rag: Rag::NotRated,
        computed: Rag::NotRated,
        period: None,
        basis: None,
        comparison: None,
        overridden: None,
        explanation: String::new(),
    };
    let has_any_target = metric.periods.iter().any(|p| figure_value(&p.target, unit).is_some());
    match found {
        None => {
            rating.explanation = if has_any_target {
                "No actual or forecast yet → not rated".into()
            } else {
                "No target and no actual → not rated".into()
            };
        }
        Some((i, value, basis)) => {
            rating.period = Some(i);
            rating.basis = Some(basis);
            let label = &metric.periods[i].label;
            match figure_value(&metric.periods[i].target, unit) {
                None => {
                    rating.explanation = format!(
                        "{} {} for {label}, but no target for that period → not rated",
                        basis.word(),
                        format_value(value, unit)
                    );
                }
                Some(target) => {
                    let rag = rate_value(value, target, metric.polarity, tol);
                    let c = Comparison {
                        value,
                        target,
                        tolerance_pct: tol,
                        polarity: metric.polarity,
                        rag,
                    };
                    rating.explanation = format!("{} ({label})", explain(&c, basis, unit));
                    rating.computed = rag;
                    rating.comparison = Some(c);
                }
            }
        }
    }
    rating.rag = rating.computed;
    if let Some(o) = &metric.rag_override {
        rating.rag = o.rag;
        rating.explanation = format!(
            "{}, set by hand: {} (the rule gives: {})",
            o.rag.word(),
            if o.reason.trim().is_empty() {
                "no reason given"
            } else {
                o.reason.trim()
            },
            rating.explanation
        );
        rating.overridden = Some(o.clone());
    }
    rating
}

/// Direction of travel: the latest actual against the previous actual.
pub fn travel(metric: &Metric) -> Option<Travel> {
    let mut actuals = metric
        .periods
        .iter()
        .rev()
        .filter_map(|p| figure_value(&p.actual, metric.unit));
    let last = actuals.next()?;
    let prev = actuals.next()?;
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

/// The latest target of a metric (for summaries).
pub fn latest_target(metric: &Metric) -> Option<Decimal> {
    metric
        .periods
        .iter()
        .rev()
        .find_map(|p| figure_value(&p.target, metric.unit))
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
            }],
            ..Default::default()
        }
    }

    #[test]
    fn domain_examples() {
        let ten = Decimal::from(10);
        let hi = Polarity::HigherIsBetter;
        assert_eq!(rate_metric(&metric("95", "90.5", hi), ten).rag, Rag::Amber);
        assert_eq!(rate_metric(&metric("50", "38.7", hi), ten).rag, Rag::Red);
        assert_eq!(rate_metric(&metric("90", "94.3", hi), ten).rag, Rag::Green);
        assert_eq!(
            rate_metric(&metric("130", "120", Polarity::LowerIsBetter), ten).rag,
            Rag::Green
        );
        let r = rate_metric(&metric("95.0", "90.5", hi), ten);
        assert_eq!(
            r.explanation,
            "Actual 90.5% against target 95.0%: 4.7% below, within the 10% tolerance → Amber (2015/16)"
        );
    }

    #[test]
    fn boundaries_are_inclusive() {
        let ten = Decimal::from(10);
        assert_eq!(rate_value(d("95"), d("95"), Polarity::HigherIsBetter, ten), Rag::Green);
        assert_eq!(
            rate_value(d("85.5"), d("95"), Polarity::HigherIsBetter, ten),
            Rag::Amber
        );
        assert_eq!(rate_value(d("85.49"), d("95"), Polarity::HigherIsBetter, ten), Rag::Red);
        assert_eq!(rate_value(d("143"), d("130"), Polarity::LowerIsBetter, ten), Rag::Amber);
        assert_eq!(
            rate_value(d("143.01"), d("130"), Polarity::LowerIsBetter, ten),
            Rag::Red
        );
        assert_eq!(rate_value(d("0"), d("0"), Polarity::LowerIsBetter, ten), Rag::Green);
        assert_eq!(rate_value(d("0.1"), d("0"), Polarity::LowerIsBetter, ten), Rag::Red);
        // negative target: band from its magnitude
        assert_eq!(
            rate_value(d("-95"), d("-100"), Polarity::HigherIsBetter, ten),
            Rag::Green
        );
        assert_eq!(
            rate_value(d("-110"), d("-100"), Polarity::HigherIsBetter, ten),
            Rag::Amber
        );
        assert_eq!(
            rate_value(d("-111"), d("-100"), Polarity::HigherIsBetter, ten),
            Rag::Red
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
        let z = Figure::Ratio {
            numerator: d("1"),
            denominator: d("0"),
        };
        assert_eq!(z.value(MetricUnit::Percent), None);
    }
}
