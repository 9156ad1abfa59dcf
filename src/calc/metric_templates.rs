//! Ready-made metrics a planning lead adds with one click: the BCF national
//! metrics of the BCF planning template Part 2 (Kent HWB agenda pack, Feb
//! 2014) and the NHS constitution standards of an operating plan (South
//! Kent Coast CCG Operational Plan 2015/16).
//!
//! Templates come without ids (`RecordId(0)`): the caller gives each a fresh
//! id with `Plan::alloc_id` when adding it.

use crate::model::{Decimal, Figure, Metric, MetricCategory, MetricPeriod, MetricUnit, Plan, Polarity};
use chrono::NaiveDate;

/// Which template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Template {
    BcfNational,
    ConstitutionStandards,
}

impl Template {
    pub fn word(self) -> &'static str {
        match self {
            Template::BcfNational => "BCF national metrics",
            Template::ConstitutionStandards => "NHS constitution standards",
        }
    }
    /// The template's metrics; `year` labels the periods of the
    /// constitution standards ("2015/16").
    pub fn metrics(self, year: &str) -> Vec<Metric> {
        match self {
            Template::BcfNational => bcf_national_metrics(),
            Template::ConstitutionStandards => constitution_standards(year),
        }
    }
}

fn period(label: &str, target: Option<&str>) -> MetricPeriod {
    MetricPeriod {
        label: label.into(),
        target: target.map(|t| Figure::Value(t.parse::<Decimal>().expect("template targets are numbers"))),
        actual: None,
        forecast: None,
        ..Default::default()
    }
}

struct Def<'a> {
    name: &'a str,
    category: MetricCategory,
    unit: MetricUnit,
    polarity: Polarity,
    description: &'a str,
    baseline_period: &'a str,
    periods: Vec<MetricPeriod>,
}

fn build(d: Def) -> Metric {
    Metric {
        name: d.name.into(),
        category: d.category,
        description: d.description.into(),
        unit: d.unit,
        polarity: d.polarity,
        baseline_period: d.baseline_period.into(),
        periods: d.periods,
        ..Default::default()
    }
}

/// The five BCF national metrics and a local metric, with their
/// definitions and the reporting periods of the payment-for-performance
/// template: no performance is asked for at the April 2015 payment for the
/// first two (N/A in the template).
pub fn bcf_national_metrics() -> Vec<Metric> {
    use MetricCategory::*;
    use MetricUnit::*;
    use Polarity::*;
    vec![
        build(Def {
            name: "Permanent admissions of older people (aged 65 and over) to residential and nursing care homes, per 100,000 population",
            category: BcfNational,
            unit: Per100k,
            polarity: LowerIsBetter,
            description: "Council-supported permanent admissions of people aged 65 and over to residential and nursing care during the year (numerator), per 100,000 population aged 65 and over (denominator). Adult Social Care Outcomes Framework measure 2A(2). No performance is asked for at the April 2015 payment.",
            baseline_period: "April 2012 - March 2013",
            periods: vec![period("October 2015 payment (April 2014 - March 2015)", None)],
        }),
        build(Def {
            name: "Proportion of older people (65 and over) who were still at home 91 days after discharge from hospital into reablement / rehabilitation services",
            category: BcfNational,
            unit: Percent,
            polarity: HigherIsBetter,
            description: "Older people (65 and over) discharged from hospital into reablement or rehabilitation services who were at home 91 days later (numerator), as a percentage of those so discharged (denominator). Adult Social Care Outcomes Framework measure 2B(1). No performance is asked for at the April 2015 payment.",
            baseline_period: "April 2012 - March 2013",
            periods: vec![period("October 2015 payment (April 2014 - March 2015)", None)],
        }),
        build(Def {
            name: "Delayed transfers of care from hospital per 100,000 population (average per month)",
            category: BcfNational,
            unit: Per100k,
            polarity: LowerIsBetter,
            description: "Delayed transfers of care from hospital (monthly situation reports, all delays) for people aged 18 and over (numerator), per 100,000 population aged 18 and over (denominator), averaged over the months of the period.",
            baseline_period: "",
            periods: vec![
                period("April 2015 payment (April - December 2014)", None),
                period("October 2015 payment (January - June 2015)", None),
            ],
        }),
        build(Def {
            name: "Avoidable emergency admissions (composite measure)",
            category: BcfNational,
            unit: Per100k,
            polarity: LowerIsBetter,
            description: "Emergency admissions that should not usually need a hospital stay (composite of ambulatory care sensitive conditions in adults; asthma, diabetes and epilepsy in under 19s; acute conditions that should not usually require admission; lower respiratory tract infections in children), per 100,000 population.",
            baseline_period: "",
            periods: vec![
                period("April 2015 payment (April - September 2014)", None),
                period("October 2015 payment (October 2014 - March 2015)", None),
            ],
        }),
        build(Def {
            name: "Patient / service user experience",
            category: BcfNational,
            unit: Score,
            polarity: HigherIsBetter,
            description: "Patient or service user experience: the national metric (under development when the template was issued) or an existing or new local metric, for the October 2015 payment. Say which measure is used and how it is scored. No performance is asked for at the April 2015 payment.",
            baseline_period: "",
            periods: vec![period("October 2015 payment", None)],
        }),
        build(Def {
            name: "Local metric (give its full description)",
            category: Local,
            unit: Percent,
            polarity: HigherIsBetter,
            description: "A local metric chosen with the Health and Wellbeing Board: give its full description, numerator and denominator, source of data, and the expected outcomes and benefits.",
            baseline_period: "",
            periods: vec![period("April 2015 payment", None), period("October 2015 payment", None)],
        }),
    ]
}

/// The NHS constitution standards and mental health targets of the SKC
/// operating plan, with the right polarity: percentages within a waiting
/// time are higher-is-better; C. difficile infections (a count) are
/// lower-is-better.
pub fn constitution_standards(year: &str) -> Vec<Metric> {
    use MetricUnit::*;
    use Polarity::*;
    let std = |name: &str, unit: MetricUnit, polarity: Polarity, target: &str, description: &str| {
        build(Def {
            name,
            category: MetricCategory::ConstitutionStandard,
            unit,
            polarity,
            description,
            baseline_period: "",
            periods: vec![period(year, Some(target))],
        })
    };
    vec![
        std(
            "A&E waits: admitted, transferred or discharged within 4 hours of arrival",
            Percent,
            HigherIsBetter,
            "95",
            "Patients should be admitted, transferred or discharged within 4 hours of their arrival at an A&E department.",
        ),
        std(
            "Category A calls: emergency response within 8 minutes – Red 1",
            Percent,
            HigherIsBetter,
            "75",
            "Category A (Red 1) calls resulting in an emergency response arriving within 8 minutes.",
        ),
        std(
            "Category A calls: emergency response within 8 minutes – Red 2",
            Percent,
            HigherIsBetter,
            "75",
            "Category A (Red 2) calls resulting in an emergency response arriving within 8 minutes.",
        ),
        std(
            "Category A calls: ambulance at the scene within 19 minutes",
            Percent,
            HigherIsBetter,
            "95",
            "Category A calls resulting in an ambulance arriving at the scene within 19 minutes.",
        ),
        std(
            "RTT: admitted patients starting treatment within 18 weeks",
            Percent,
            HigherIsBetter,
            "90",
            "Referral to treatment: admitted patients to start treatment within a maximum of 18 weeks from referral.",
        ),
        std(
            "RTT: non-admitted patients starting treatment within 18 weeks",
            Percent,
            HigherIsBetter,
            "95",
            "Referral to treatment: non-admitted patients to start treatment within a maximum of 18 weeks from referral.",
        ),
        std(
            "RTT: incomplete pathways waiting no more than 18 weeks",
            Percent,
            HigherIsBetter,
            "92",
            "Patients on incomplete non-emergency pathways (yet to start treatment) should have been waiting no more than 18 weeks from referral.",
        ),
        std(
            "Diagnostic tests: waiting less than 6 weeks from referral",
            Percent,
            HigherIsBetter,
            "99",
            "Patients waiting for a diagnostic test should have been waiting less than 6 weeks from referral: recorded as the percentage waiting less than 6 weeks (no more than 1% waiting 6 weeks or more).",
        ),
        std(
            "Cancer: two-week wait for first outpatient appointment",
            Percent,
            HigherIsBetter,
            "93",
            "Maximum two-week wait for first outpatient appointment for patients referred urgently with suspected cancer, or urgently with breast symptoms (where cancer was not initially suspected).",
        ),
        std(
            "Cancer: 31-day wait from diagnosis to first definitive treatment",
            Percent,
            HigherIsBetter,
            "96",
            "Maximum one month (31-day) wait from diagnosis to first definitive treatment (all cancers).",
        ),
        std(
            "Cancer: 31-day wait for subsequent treatment – surgery",
            Percent,
            HigherIsBetter,
            "94",
            "Maximum 31-day wait for subsequent treatment where that treatment is surgery.",
        ),
        std(
            "Cancer: 31-day wait for subsequent treatment – anti-cancer drug",
            Percent,
            HigherIsBetter,
            "98",
            "Maximum 31-day wait for subsequent treatment where that treatment is an anti-cancer drug regimen.",
        ),
        std(
            "Cancer: 62-day wait from urgent GP referral to first definitive treatment",
            Percent,
            HigherIsBetter,
            "85",
            "Maximum two-month (62-day) wait from urgent GP referral to first definitive treatment for cancer.",
        ),
        std(
            "Cancer: 62-day wait from NHS screening referral to first definitive treatment",
            Percent,
            HigherIsBetter,
            "90",
            "Maximum two-month (62-day) wait from referral from an NHS screening service to first definitive treatment for cancer.",
        ),
        std(
            "Number of C. difficile infections",
            Count,
            LowerIsBetter,
            "39",
            "Cases of C. difficile infection in the year: at most the objective (printed “<=39” in the South Kent Coast plan). The objective is set for each CCG: change 39 to yours.",
        ),
        std(
            "Dementia diagnosis rate",
            Percent,
            HigherIsBetter,
            "66.7",
            "People diagnosed with dementia as a percentage of the estimated number with dementia (the national ambition of two thirds).",
        ),
        std(
            "IAPT access proportion",
            Percent,
            HigherIsBetter,
            "15",
            "Improving Access to Psychological Therapies: people entering treatment as a percentage of those estimated to have anxiety or depression.",
        ),
        std(
            "IAPT recovery rate",
            Percent,
            HigherIsBetter,
            "50",
            "Improving Access to Psychological Therapies: people moving to recovery as a percentage of those completing treatment.",
        ),
        std(
            "IAPT: treated within 6 weeks of referral",
            Percent,
            HigherIsBetter,
            "75",
            "Improving Access to Psychological Therapies: people starting treatment within 6 weeks of referral.",
        ),
        std(
            "IAPT: treated within 18 weeks of referral",
            Percent,
            HigherIsBetter,
            "95",
            "Improving Access to Psychological Therapies: people starting treatment within 18 weeks of referral.",
        ),
        std(
            "Early Intervention in Psychosis: treated within 2 weeks of referral",
            Percent,
            HigherIsBetter,
            "50",
            "People with a first episode of psychosis starting treatment within 2 weeks of referral.",
        ),
        std(
            "Mental health in-patients followed up within 7 days of discharge",
            Percent,
            HigherIsBetter,
            "95",
            "Patients on the Care Programme Approach followed up within 7 days after discharge from psychiatric in-patient care.",
        ),
    ]
}

/// A metric's name as templates compare it: words in lower case, one
/// space apart ("A&E  4 Hours" and "a&e 4 hours" are the same metric).
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for w in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(&w.to_lowercase());
    }
    key
}

/// The year a template's periods are labelled with: the plan's last
/// financial year, else the one `today` falls in.
pub fn template_year(plan: &Plan, today: NaiveDate) -> String {
    plan.header
        .years
        .last()
        .cloned()
        .unwrap_or_else(|| crate::model::date::financial_year_of(today))
}

/// The template's metrics that the plan does not have yet (same name,
/// ignoring case and spacing).
pub fn missing_from(plan: &Plan, template: Template, today: NaiveDate) -> Vec<Metric> {
    // the plan's names once, not once per template metric (a large plan
    // has a thousand metrics, and the Metrics tab asks after each edit)
    let have: std::collections::HashSet<String> = plan.metrics.iter().map(|m| name_key(&m.name)).collect();
    template
        .metrics(&template_year(plan, today))
        .into_iter()
        .filter(|t| !have.contains(&name_key(&t.name)))
        .collect()
}

/// Adds the template's metrics the plan does not have yet, each with a
/// fresh id; returns how many were added (fewer when the plan runs out of
/// ids: see `Plan::alloc_id`).
pub fn add_template(plan: &mut Plan, template: Template, today: NaiveDate) -> usize {
    let mut n = 0;
    for mut m in missing_from(plan, template, today) {
        let Ok(id) = plan.alloc_id() else { break };
        m.id = id;
        plan.metrics.push(m);
        n += 1;
    }
    n
}

/// The national conditions of the BCF Part 1 template (seed 004, from
/// line 893: "2) NATIONAL CONDITIONS"), as sections to answer: each
/// titled as the template titles it, with an empty answer.
pub fn national_conditions() -> Vec<crate::model::NarrativeSection> {
    [
        "a) Protecting social care services",
        "b) 7 day services to support discharge",
        "c) Data sharing",
        "d) Joint assessment and accountable lead professional",
    ]
    .into_iter()
    .map(|title| crate::model::NarrativeSection {
        title: title.to_string(),
        condition: Some(crate::model::ConditionAnswer::default()),
        ..Default::default()
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()
    }

    #[test]
    fn bcf_template_has_five_national_metrics_and_a_local_one() {
        let ms = bcf_national_metrics();
        assert_eq!(ms.len(), 6);
        assert_eq!(
            ms.iter().filter(|m| m.category == MetricCategory::BcfNational).count(),
            5
        );
        assert_eq!(ms.iter().filter(|m| m.category == MetricCategory::Local).count(), 1);
        // admissions and delays are lower-is-better
        for m in &ms[..4] {
            if m.name.contains("Proportion") {
                assert_eq!(m.polarity, Polarity::HigherIsBetter);
            } else {
                assert_eq!(m.polarity, Polarity::LowerIsBetter, "{}", m.name);
            }
        }
        // delayed transfers and avoidable admissions report at both payments
        assert_eq!(ms[2].periods.len(), 2);
        assert_eq!(ms[3].periods.len(), 2);
        assert!(ms.iter().all(|m| !m.description.is_empty() && !m.periods.is_empty()));
    }

    #[test]
    fn constitution_standards_carry_targets_and_polarity() {
        let ms = constitution_standards("2015/16");
        let find = |s: &str| ms.iter().find(|m| m.name.contains(s)).expect(s);
        let target = |m: &Metric| m.periods[0].target.as_ref().and_then(|t| t.value(m.unit));
        assert_eq!(target(find("A&E")), Some(Decimal::from(95)));
        assert_eq!(target(find("incomplete pathways")), Some(Decimal::from(92)));
        assert_eq!(target(find("62-day wait from urgent GP")), Some(Decimal::from(85)));
        assert_eq!(target(find("Diagnostic")), Some(Decimal::from(99)));
        assert_eq!(target(find("Dementia")), Some("66.7".parse().unwrap()));
        assert_eq!(target(find("IAPT access")), Some(Decimal::from(15)));
        let cdiff = find("C. difficile");
        assert_eq!(target(cdiff), Some(Decimal::from(39)));
        assert_eq!(
            (cdiff.polarity, cdiff.unit),
            (Polarity::LowerIsBetter, MetricUnit::Count)
        );
        assert!(
            ms.iter()
                .filter(|m| m.unit == MetricUnit::Percent)
                .all(|m| m.polarity == Polarity::HigherIsBetter)
        );
        assert!(ms.iter().all(|m| m.periods[0].label == "2015/16"));
    }

    #[test]
    fn adding_twice_adds_nothing_new_and_ids_are_fresh() {
        let mut plan = Plan::default();
        plan.header.years = vec!["2015/16".into()];
        let n = add_template(&mut plan, Template::BcfNational, day());
        assert_eq!(n, 6);
        assert_eq!(add_template(&mut plan, Template::BcfNational, day()), 0);
        let n2 = add_template(&mut plan, Template::ConstitutionStandards, day());
        assert_eq!(plan.metrics.len(), 6 + n2);
        let mut ids: Vec<_> = plan.metrics.iter().map(|m| m.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), plan.metrics.len());
        assert!(ids.iter().all(|id| id.0 > 0));
    }

    #[test]
    fn a_metric_already_in_the_plan_is_known_whatever_its_case_and_spacing() {
        let mut plan = Plan::new_blank(day());
        let all = missing_from(&plan, Template::BcfNational, day());
        let first = all[0].name.clone();
        // typed by hand: other case, doubled and trailing spaces
        let typed = format!("  {}  ", first.to_uppercase().replace(' ', "  "));
        plan.metrics.push(Metric {
            name: typed,
            ..Default::default()
        });
        let missing = missing_from(&plan, Template::BcfNational, day());
        assert_eq!(missing.len(), all.len() - 1);
        assert!(missing.iter().all(|m| m.name != first));
        // a name that only starts the same is another metric
        plan.metrics[0].name = format!("{first} (local)");
        assert_eq!(missing_from(&plan, Template::BcfNational, day()).len(), all.len());
    }
}
