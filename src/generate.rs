//! A large, realistic plan for benchmarks and load tests:
//! `opplan generate --schemes 5000 --metrics 1000 --risks 1000 --signoffs 50
//! --years 5 --seed 1 --out big.ron`. Deterministic for a seed on every
//! machine (its own SplitMix64, no platform randomness); every field filled.

use crate::calc::SCHEME_STATUSES;
use crate::model::*;
use chrono::NaiveDate;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenerateOptions {
    pub schemes: usize,
    pub metrics: usize,
    pub risks: usize,
    pub signoffs: usize,
    pub years: usize,
    pub seed: u64,
}

impl Default for GenerateOptions {
    /// The "large plan" of the performance targets.
    fn default() -> Self {
        GenerateOptions {
            schemes: 5000,
            metrics: 1000,
            risks: 1000,
            signoffs: 50,
            years: 5,
            seed: 1,
        }
    }
}

/// Links without repeats, in the order first drawn (the same random
/// draws as before: a record linked twice to one scheme is not something
/// the editor makes, and a merge rightly finds it ambiguous).
fn distinct(mut ids: Vec<RecordId>) -> Vec<RecordId> {
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    ids
}

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..hi` (hi exclusive; `lo` when the range is empty).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % (hi - lo) as u64) as i64
    }
    fn index(&mut self, n: usize) -> usize {
        self.range(0, n as i64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.index(items.len())]
    }
    /// True with probability `pct` percent.
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

const CCGS: [&str; 8] = [
    "Ashford",
    "Canterbury and Coastal",
    "Dartford, Gravesham and Swanley",
    "South Kent Coast",
    "Swale",
    "Thanet",
    "West Kent",
    "Medway",
];
const AREAS: [&str; 7] = [
    "Social Care",
    "Community Health",
    "Acute",
    "Mental Health",
    "Primary Care",
    "Continuing Care",
    "Other",
];
const COMMISSIONERS: [&str; 4] = ["Local Authority", "CCG", "Joint", "NHS England"];
const PROVIDERS: [&str; 8] = [
    "Local Authority",
    "Kent Community Health NHS Foundation Trust",
    "East Kent Hospitals University NHS Foundation Trust",
    "Kent and Medway NHS and Social Care Partnership Trust",
    "Private sector",
    "Voluntary sector",
    "GP practices",
    "Joint",
];
const SOURCES: [&str; 5] = [
    "CCG Minimum Contribution",
    "Local Authority Social Services",
    "Disabled Facilities Grant",
    "Additional CCG Contribution",
    "Additional LA Contribution",
];
const VERBS: [&str; 8] = [
    "Integrated",
    "Enhanced",
    "Community-based",
    "Seven-day",
    "Proactive",
    "Jointly commissioned",
    "Neighbourhood",
    "Rapid response",
];
const SERVICES: [&str; 10] = [
    "discharge to assess pathway",
    "reablement and rehabilitation service",
    "falls prevention programme",
    "care home support team",
    "carers' breaks and respite",
    "dementia diagnosis and support",
    "long-term conditions care coordination",
    "hospital at home service",
    "disabled facilities adaptations",
    "mental health crisis support",
];
const PLACES: [&str; 6] = [
    "for older people across East Kent",
    "in the north Kent localities",
    "for people with complex needs",
    "around GP practice clusters",
    "for frail adults after a hospital stay",
    "with the voluntary and community sector",
];
const METRIC_NAMES: [(&str, MetricUnit, Polarity, MetricCategory); 8] = [
    (
        "Permanent admissions of older people to residential and nursing care homes",
        MetricUnit::Per100k,
        Polarity::LowerIsBetter,
        MetricCategory::BcfNational,
    ),
    (
        "Older people at home 91 days after discharge into reablement",
        MetricUnit::Percent,
        Polarity::HigherIsBetter,
        MetricCategory::BcfNational,
    ),
    (
        "Delayed transfers of care from hospital",
        MetricUnit::Per100k,
        Polarity::LowerIsBetter,
        MetricCategory::BcfNational,
    ),
    (
        "A&E: seen within 4 hours",
        MetricUnit::Percent,
        Polarity::HigherIsBetter,
        MetricCategory::ConstitutionStandard,
    ),
    (
        "RTT: incomplete pathways within 18 weeks",
        MetricUnit::Percent,
        Polarity::HigherIsBetter,
        MetricCategory::ConstitutionStandard,
    ),
    (
        "C. difficile infections",
        MetricUnit::Count,
        Polarity::LowerIsBetter,
        MetricCategory::ConstitutionStandard,
    ),
    (
        "Average length of stay for emergency admissions",
        MetricUnit::Days,
        Polarity::LowerIsBetter,
        MetricCategory::Local,
    ),
    (
        "People feeling supported to manage their condition",
        MetricUnit::Percent,
        Polarity::HigherIsBetter,
        MetricCategory::Local,
    ),
];
const RISK_CATEGORIES: [&str; 7] = [
    "Delivery of a scheme",
    "Non-delivery of a metric",
    "Financial",
    "Workforce",
    "IT",
    "Governance",
    "Other",
];
const RISK_TEXTS: [&str; 6] = [
    "Shifting of resources destabilises existing providers, particularly in the acute sector",
    "The workforce with the right skills is not in place to deliver integrated models of care",
    "Cost reductions from fewer urgent care admissions do not materialise",
    "Shared care records are not available across organisations in time",
    "Care home market capacity falls as providers leave the area",
    "Governance of the pooled budget is not agreed before the start of the year",
];
const PEOPLE: [&str; 8] = [
    "Director of Adult Social Care",
    "Chief Finance Officer",
    "Head of Commissioning",
    "Programme Director",
    "Clinical Chair",
    "Director of Nursing",
    "Head of IT",
    "Integration Lead",
];

fn year_label(start: i32) -> String {
    format!("{}/{:02}", start, (start + 1) % 100)
}

fn pounds(p: i64) -> Pence {
    Pence(p * 100)
}

fn money(rng: &mut Rng, lo: i64, hi: i64, range_pct: u64) -> Amount {
    let a = rng.range(lo, hi);
    if rng.chance(range_pct) {
        Amount::Range(pounds(a), pounds(a + rng.range(lo / 10 + 1, hi / 4 + 2)))
    } else {
        Amount::Exact(pounds(a))
    }
}

fn date(rng: &mut Rng, from: NaiveDate, days: i64) -> DateField {
    DateField::Date(from + chrono::Duration::days(rng.range(0, days)))
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    const W: [&str; 16] = [
        "the",
        "scheme",
        "will",
        "reduce",
        "avoidable",
        "admissions",
        "by",
        "coordinating",
        "care",
        "around",
        "people",
        "at",
        "home",
        "with",
        "partners",
        "across",
    ];
    let mut s: Vec<&str> = (0..words).map(|_| W[rng.index(W.len())]).collect();
    if let Some(first) = s.first_mut() {
        *first = "The";
    }
    s.join(" ") + "."
}

/// Builds the plan. Ids are handed out in order, so the same options give
/// the same file.
pub fn generate(opts: &GenerateOptions) -> Plan {
    let mut rng = Rng(opts.seed ^ 0x6F70_706C_616E);
    let first_year = 2024;
    let years: Vec<String> = (0..opts.years.max(1))
        .map(|i| year_label(first_year + i as i32))
        .collect();
    let start = NaiveDate::from_ymd_opt(first_year, 4, 1).expect("a valid date");
    let mut p = Plan {
        header: PlanHeader {
            title: format!("Generated ICS plan: {} schemes, {} years", opts.schemes, years.len()),
            organisation: "Kent and Medway Integrated Care Board".into(),
            hwb: "Kent Health and Wellbeing Board".into(),
            local_authority: "Kent County Council".into(),
            ccgs: CCGS.iter().map(|s| s.to_string()).collect(),
            years: years.clone(),
            version: "Generated v1.0".into(),
            status: PlanStatus::Draft,
            owner: "Director of Integration".into(),
            date_agreed_hwb: Some(DateField::Date(start - chrono::Duration::days(40))),
            date_submitted: Some(DateField::Date(start - chrono::Duration::days(30))),
            budgets: Vec::new(),
            notes: sentence(&mut rng, 40),
        },
        ..Default::default()
    };
    p.settings.scheme_statuses = vec![StatusOption {
        label: "Paused".into(),
        rag: Rag::Amber,
    }];
    p.settings.risk_categories = vec!["Market sustainability".into()];
    p.settings.areas_of_spend = vec!["Housing".into()];
    p.settings.commissioners = vec!["Integrated Care Board".into()];
    p.settings.funding_sources = vec!["Improved Better Care Fund".into()];

    for i in 0..opts.schemes {
        let id = p
            .alloc_id()
            .expect("a generated plan holds far fewer records than there are ids");
        let area = rng.pick(&AREAS);
        let status_idx = rng.index(SCHEME_STATUSES.len() + 1);
        let status = if status_idx == SCHEME_STATUSES.len() {
            "Paused".to_string()
        } else {
            SCHEME_STATUSES[status_idx].0.to_string()
        };
        let scheme_years = years
            .iter()
            .map(|y| {
                // most lines give spend unsplit, as the Kent plan does
                let split = rng.chance(30);
                SchemeYear {
                    year: y.clone(),
                    spend: (!split).then(|| money(&mut rng, 20_000, 3_000_000, 15)),
                    recurrent: split.then(|| money(&mut rng, 10_000, 2_000_000, 15)),
                    non_recurrent: (split && rng.chance(50)).then(|| money(&mut rng, 1_000, 400_000, 10)),
                    benefit_recurrent: rng
                        .chance(60)
                        .then(|| Amount::Exact(pounds(-rng.range(1_000, 300_000)))),
                    benefit_non_recurrent: rng.chance(20).then(|| Amount::Exact(pounds(-rng.range(1_000, 50_000)))),
                    // once in a while, text that is not an amount (kept as typed)
                    unparsed: if rng.chance(1) {
                        vec![UnparsedAmount {
                            field: AmountField::NonRecurrent,
                            text: "1,2OO".into(),
                        }]
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect();
        p.schemes.push(Scheme {
            id,
            reference: format!("GEN{:05}", i + 1),
            name: if rng.chance(5) {
                // the long names real plans have (a whole sentence)
                format!(
                    "{} {} {}, jointly commissioned under the Section 75 agreement – phase {} (‘{}’) ({})",
                    rng.pick(&VERBS),
                    rng.pick(&SERVICES),
                    rng.pick(&PLACES),
                    1 + rng.index(3),
                    rng.pick(&CCGS),
                    i + 1
                )
            } else {
                format!(
                    "{} {} {} ({})",
                    rng.pick(&VERBS),
                    rng.pick(&SERVICES),
                    rng.pick(&PLACES),
                    i + 1
                )
            },
            area_of_spend: area.to_string(),
            area_other: if area == "Other" {
                "Housing and adaptations".into()
            } else {
                String::new()
            },
            commissioner: rng.pick(&COMMISSIONERS).to_string(),
            provider: rng.pick(&PROVIDERS).to_string(),
            source_of_funding: rng.pick(&SOURCES).to_string(),
            programme: rng.pick(&CCGS).to_string(),
            status,
            years: scheme_years,
            description: sentence(&mut rng, 30),
            outcomes:
                "• Fewer avoidable admissions\n• People supported to live at home\n• Protection of social care services"
                    .into(),
            notes: sentence(&mut rng, 12),
            ..Default::default()
        });
    }

    let scheme_ids: Vec<RecordId> = p.schemes.iter().map(|s| s.id).collect();
    for i in 0..opts.metrics {
        let id = p
            .alloc_id()
            .expect("a generated plan holds far fewer records than there are ids");
        let (name, unit, polarity, category) = METRIC_NAMES[rng.index(METRIC_NAMES.len())];
        let base: i64 = match unit {
            MetricUnit::Percent => rng.range(5_000, 9_800),
            MetricUnit::Per100k => rng.range(20_000, 80_000),
            MetricUnit::Count => rng.range(2_000, 9_000),
            _ => rng.range(300, 1_500),
        };
        let scale = 2; // two decimal places
        let periods = years
            .iter()
            .enumerate()
            .map(|(k, y)| {
                let drift = rng.range(-400, 400);
                let target = base
                    + if polarity == Polarity::HigherIsBetter {
                        100
                    } else {
                        -100
                    } * k as i64;
                let actual_known = k + 2 < years.len();
                MetricPeriod {
                    label: y.clone(),
                    target: Some(Figure::Value(Decimal::new(target, scale))),
                    actual: actual_known.then(|| Figure::Value(Decimal::new(target + drift, scale))),
                    forecast: (!actual_known).then(|| Figure::Value(Decimal::new(target + drift / 2, scale))),
                    ..Default::default()
                }
            })
            .collect();
        let baseline = if unit == MetricUnit::Percent && rng.chance(30) {
            Figure::Ratio {
                numerator: Decimal::from(rng.range(800, 1_500)),
                denominator: Decimal::from(1_815),
            }
        } else {
            Figure::Value(Decimal::new(base, scale))
        };
        let links = distinct(
            (0..rng.range(1, 4))
                .filter_map(|_| scheme_ids.get(rng.index(scheme_ids.len())).copied())
                .collect(),
        );
        p.metrics.push(Metric {
            id,
            reference: format!("M{:04}", i + 1),
            name: format!("{name} ({})", rng.pick(&CCGS)),
            category,
            description: sentence(&mut rng, 25),
            unit,
            polarity,
            baseline: Some(baseline),
            baseline_period: "April 2022 - March 2023".into(),
            periods,
            tolerance_pct: rng.chance(10).then(|| Decimal::from(5)),
            rag_override: rng.chance(2).then(|| RagOverride {
                rag: Rag::Amber,
                reason: "Data quality: the quarter's figures are provisional".into(),
                by: rng.pick(&PEOPLE).to_string(),
                date: Some(date(&mut rng, start, 365)),
            }),
            diagnosis: sentence(&mut rng, 20),
            action: sentence(&mut rng, 20),
            trajectory: sentence(&mut rng, 15),
            scheme_ids: links,
        });
    }

    let metric_ids: Vec<RecordId> = p.metrics.iter().map(|m| m.id).collect();
    for i in 0..opts.risks {
        let id = p
            .alloc_id()
            .expect("a generated plan holds far fewer records than there are ids");
        let score = |rng: &mut Rng| RiskScore::new(rng.range(1, 6) as u8, rng.range(1, 6) as u8);
        let current = score(&mut rng);
        let residual = RiskScore::new(
            current.likelihood.saturating_sub(rng.range(0, 3) as u8).max(1),
            current.consequence.saturating_sub(rng.range(0, 2) as u8).max(1),
        );
        let mitigations = (0..rng.range(1, 5))
            .map(|_| Mitigation {
                text: sentence(&mut rng, 14),
                owner: rng.pick(&PEOPLE).to_string(),
                due: Some(date(&mut rng, start, 900)),
                done: rng.chance(30),
            })
            .collect();
        p.risks.push(Risk {
            id,
            reference: format!("R{}", i + 1),
            title: format!("{} ({})", rng.pick(&RISK_TEXTS), i + 1),
            description: sentence(&mut rng, 30),
            category: rng.pick(&RISK_CATEGORIES).to_string(),
            owner: rng.pick(&PEOPLE).to_string(),
            status: if rng.chance(10) {
                RiskStatus::Closed
            } else {
                RiskStatus::Open
            },
            date_raised: Some(date(&mut rng, start - chrono::Duration::days(200), 200)),
            review_date: Some(date(&mut rng, start, 900)),
            current: Some(current),
            residual: Some(residual),
            target: rng.chance(50).then(|| RiskScore::new(1, residual.consequence)),
            legacy_rating: if rng.chance(10) { "High".into() } else { String::new() },
            mitigations,
            scheme_ids: distinct(
                (0..rng.range(0, 3))
                    .filter_map(|_| scheme_ids.get(rng.index(scheme_ids.len())).copied())
                    .collect(),
            ),
            metric_ids: distinct(
                (0..rng.range(0, 2))
                    .filter_map(|_| metric_ids.get(rng.index(metric_ids.len())).copied())
                    .collect(),
            ),
            ..Default::default()
        });
    }

    for i in 0..opts.signoffs {
        let id = p
            .alloc_id()
            .expect("a generated plan holds far fewer records than there are ids");
        let org_type = OrgType::ALL[i % OrgType::ALL.len()];
        let organisation = match org_type {
            OrgType::Ccg => format!("NHS {} CCG", CCGS[i % CCGS.len()]),
            OrgType::LocalAuthority => "Kent County Council".to_string(),
            OrgType::HealthAndWellbeingBoard => "Kent Health and Wellbeing Board".to_string(),
            _ => format!("Partner organisation {}", i + 1),
        };
        p.signoffs.push(SignOff {
            id,
            organisation,
            org_type,
            position: rng.pick(&PEOPLE).to_string(),
            name: format!("Signatory {}", i + 1),
            status: SignOffStatus::Pending,
            date: None,
            comment: sentence(&mut rng, 8),
            required: rng.chance(80),
            signed_content: None,
        });
    }

    // the pooled budget: a minimum just under the year's total, a declared
    // total equal to it in most years
    let totals = crate::calc::finance::finance_totals(&p);
    p.header.budgets = years
        .iter()
        .map(|y| {
            let t = totals.spend(y).min_pence;
            let t = i64::try_from(t).unwrap_or(i64::MAX) / 100;
            YearBudget {
                year: y.clone(),
                minimum_required: Some(Amount::Exact(pounds(t - t / 50))),
                declared_total: Some(Amount::Exact(pounds(if rng.chance(70) { t } else { t + 1_000 }))),
            }
        })
        .collect();

    // half the sign-offs signed on the content as generated
    let fingerprint = crate::calc::content_fingerprint(&p);
    // submitted once, then reopened for changes (still a draft)
    let at = |days: i64| (start - chrono::Duration::days(days)).and_hms_opt(10, 30, 0);
    p.history = vec![
        StatusChange {
            at: at(30),
            from: PlanStatus::Draft,
            to: PlanStatus::Submitted,
            who: "Director of Integration".into(),
            note: "First submission to NHS England".into(),
            content: Some(fingerprint.clone()),
        },
        StatusChange {
            at: at(20),
            from: PlanStatus::Submitted,
            to: PlanStatus::Draft,
            who: "Director of Integration".into(),
            note: "Reopened: the assurance panel asked for the metric trajectories".into(),
            content: Some(fingerprint.clone()),
        },
    ];
    for (i, s) in p.signoffs.iter_mut().enumerate() {
        if i % 2 == 0 {
            s.status = SignOffStatus::Signed;
            s.date = Some(DateField::Date(start - chrono::Duration::days(10)));
            s.signed_content = Some(fingerprint.clone());
        }
    }
    p
}

/// The QIPP programmes [`add_operating_finance`] gives schemes.
const QIPP_PROGRAMMES: [&str; 7] = [
    "Integrated",
    "LTC",
    "Mental Health",
    "Planned Care",
    "Prescribing",
    "Primary Care",
    "Urgent Care",
];

/// Fills a plan with operating-plan finance, as `opplan generate
/// --operating` does: every scheme a QIPP programme and, per year, a
/// saving (an investment for about a third), and one to four points of
/// delivery with their activity and finance changes; per year an
/// allocation statement of six lines, a finance year with planned
/// expenditure and the printed totals (one year in five printed a little
/// off, as real plans are), and a contribution per CCG. The same plan for
/// the same seed.
pub fn add_operating_finance(p: &mut Plan, seed: u64) {
    use crate::model::{AllocationLine, Contribution, FinanceYear, IncomeKind, OrgType, PodChange, QippYear};
    let mut rng = Rng(seed ^ 0x5149_5050);
    let years = p.header.years.clone();
    let pods = crate::model::operating::POINTS_OF_DELIVERY;
    for s in &mut p.schemes {
        s.qipp_programme = rng.pick(&QIPP_PROGRAMMES).to_string();
        s.qipp = years
            .iter()
            .map(|y| QippYear {
                year: y.clone(),
                saving: Some(Amount::Exact(pounds(rng.range(10_000, 500_000)))),
                investment: rng.chance(30).then(|| Amount::Exact(pounds(rng.range(1_000, 100_000)))),
                points_of_delivery: (0..1 + rng.index(4))
                    .map(|_| PodChange {
                        point_of_delivery: pods[rng.index(pods.len())].to_string(),
                        activity: Some(-rng.range(1, 900)),
                        finance: Some(Amount::Exact(pounds(-rng.range(1_000, 300_000)))),
                    })
                    .collect(),
                phasing: Vec::new(),
            })
            .collect();
    }
    let alloc_id = |p: &mut Plan| {
        p.alloc_id()
            .expect("a generated plan holds far fewer records than there are ids")
    };
    for y in &years {
        let lines = [
            ("Recurrent baseline", IncomeKind::Recurrent, 2_000_000_000),
            ("Growth", IncomeKind::Recurrent, 30_000_000),
            ("Winter resilience", IncomeKind::Recurrent, 1_500_000),
            ("Distance from target", IncomeKind::Recurrent, 6_000_000),
            ("Running cost allowance", IncomeKind::Recurrent, 5_600_000),
            ("Return of surplus", IncomeKind::NonRecurrent, 3_900_000),
        ];
        let mut total = 0i64;
        for (label, kind, base) in lines {
            let amount = base + rng.range(0, base / 10);
            total += amount;
            let id = alloc_id(p);
            p.allocations.push(AllocationLine {
                id,
                year: y.clone(),
                label: label.into(),
                kind,
                amount: Some(Amount::Exact(pounds(amount))),
                growth_pct: None,
                notes: String::new(),
            });
        }
        let off = if rng.chance(20) { 100 } else { 0 };
        let id = alloc_id(p);
        p.finance_years.push(FinanceYear {
            id,
            year: y.clone(),
            planned_expenditure: Some(Amount::Exact(pounds(total - rng.range(0, total / 50)))),
            surplus_pct: Some(crate::model::Decimal::ONE),
            declared_allocation: Some(Amount::Exact(pounds(total + off))),
            ..Default::default()
        });
        for ccg in CCGS {
            let id = alloc_id(p);
            p.contributions.push(Contribution {
                id,
                organisation: ccg.to_string(),
                org_type: OrgType::Ccg,
                year: y.clone(),
                holds_pooled_budget: Some(false),
                source_of_funding: "CCG Minimum Contribution".into(),
                minimum: Some(Amount::Exact(pounds(rng.range(5_000_000, 30_000_000)))),
                actual: None,
                notes: String::new(),
            });
        }
    }
}

/// What an operating plan adds to a generated plan (all none by default,
/// so the large plan of the other benchmarks stays as it was).
#[derive(Clone, Debug, Default)]
pub struct OperatingOptions {
    pub objectives: usize,
    pub milestones: usize,
    pub sections: usize,
    /// Each metric planned month by month for the first year (12
    /// periods), with actuals for the first half.
    pub monthly: bool,
    pub seed: u64,
}

/// Adds objectives (each linked to schemes, metrics and risks), milestones
/// (spread over schemes, which become initiatives), narrative sections (the
/// BCF national conditions first) and monthly trajectories to `p`. The
/// same options give the same plan.
pub fn add_operating(p: &mut Plan, o: &OperatingOptions) {
    let mut rng = Rng(o.seed ^ 0x6F62_6A65_6374);
    let year = p.header.years.first().cloned().unwrap_or_else(|| "2024/25".into());
    let start: i32 = year[..4].parse().unwrap_or(2024);
    let quarter = |rng: &mut Rng| {
        let q = rng.range(1, 5);
        let y = start + rng.range(0, 2) as i32;
        format!("Q{q} {}/{:02}", y, (y + 1) % 100)
    };
    let n = p.schemes.len();
    for i in 0..o.milestones {
        if n == 0 {
            break;
        }
        let s = i.wrapping_mul(7919) % n;
        let Ok(id) = p.alloc_id() else { return };
        let due = quarter(&mut rng);
        let status = MilestoneStatus::ALL[rng.index(4)];
        let description = sentence(&mut rng, 8);
        let sc = &mut p.schemes[s];
        sc.kind = SchemeKind::Initiative;
        sc.milestones.push(Milestone {
            id,
            description,
            due,
            owner: rng.pick(&PEOPLE).to_string(),
            status,
            completed: None,
        });
    }
    let pick_ids = |rng: &mut Rng, ids: &[RecordId], k: i64| -> Vec<RecordId> {
        let mut v: Vec<RecordId> = (0..rng.range(0, k))
            .filter_map(|_| ids.get(rng.index(ids.len())).copied())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let schemes: Vec<RecordId> = p.schemes.iter().map(|s| s.id).collect();
    let metrics: Vec<RecordId> = p.metrics.iter().map(|s| s.id).collect();
    let risks: Vec<RecordId> = p.risks.iter().map(|s| s.id).collect();
    for i in 0..o.objectives {
        let Ok(id) = p.alloc_id() else { return };
        let objective = Objective {
            id,
            number: (i + 1).to_string(),
            title: sentence(&mut rng, 7),
            description: sentence(&mut rng, 20),
            owner: rng.pick(&PEOPLE).to_string(),
            scheme_ids: pick_ids(&mut rng, &schemes, 6),
            metric_ids: pick_ids(&mut rng, &metrics, 4),
            risk_ids: pick_ids(&mut rng, &risks, 3),
        };
        p.objectives.push(objective);
    }
    let objectives: Vec<RecordId> = p.objectives.iter().map(|o| o.id).collect();
    if !objectives.is_empty() {
        for r in p.risks.iter_mut().step_by(5) {
            r.objective_ids = pick_ids(&mut rng, &objectives, 2);
        }
    }
    let mut templates = crate::calc::metric_templates::national_conditions().into_iter();
    for _ in 0..o.sections {
        let Ok(id) = p.alloc_id() else { return };
        let mut s = templates.next().unwrap_or_else(|| NarrativeSection {
            title: sentence(&mut rng, 4),
            ..Default::default()
        });
        s.id = id;
        s.status = SectionStatus::ALL[rng.index(3)];
        s.text = (0..rng.range(3, 12))
            .map(|_| sentence(&mut rng, 60))
            .collect::<Vec<_>>()
            .join("\n\n");
        if let Some(c) = &mut s.condition {
            c.met = ConditionMet::ALL[rng.index(4)];
            c.assurance = sentence(&mut rng, 30);
        }
        p.sections.push(s);
    }
    if o.monthly {
        const MONTHS: [&str; 12] = [
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
            "January",
            "February",
            "March",
        ];
        for m in &mut p.metrics {
            let target = m
                .periods
                .first()
                .and_then(|x| x.target.clone())
                .unwrap_or(Figure::Value(Decimal::from(90)));
            let base = target.value(m.unit).unwrap_or(Decimal::from(90));
            m.periods = MONTHS
                .iter()
                .enumerate()
                .map(|(k, month)| {
                    let y = if k < 9 { start } else { start + 1 };
                    let drift = Decimal::new(rng.range(-500, 500), 2);
                    MetricPeriod {
                        label: format!("{month} {y}"),
                        target: Some(target.clone()),
                        actual: (k < 6).then(|| Figure::Value(base + drift)),
                        status_text: if k == 6 {
                            "Awaiting information".into()
                        } else {
                            String::new()
                        },
                        ..Default::default()
                    }
                })
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> GenerateOptions {
        GenerateOptions {
            schemes: 40,
            metrics: 12,
            risks: 15,
            signoffs: 6,
            years: 3,
            seed: 7,
        }
    }

    /// A metric or risk linked twice to one record made the merge
    /// properties fail for some seeds (merge::properties, seed 45 of the
    /// small plan: links `[4, 4, 7]`).
    #[test]
    fn no_record_is_linked_twice() {
        let twice = |ids: &[RecordId]| ids.len() != ids.iter().collect::<std::collections::HashSet<_>>().len();
        for seed in 0..1000 {
            let p = generate(&GenerateOptions {
                schemes: 8,
                metrics: 4,
                risks: 4,
                signoffs: 2,
                years: 2,
                seed,
            });
            for m in &p.metrics {
                assert!(!twice(&m.scheme_ids), "seed {seed}: metric {:?}", m.scheme_ids);
            }
            for r in &p.risks {
                assert!(
                    !twice(&r.scheme_ids) && !twice(&r.metric_ids),
                    "seed {seed}: risk {r:?}"
                );
            }
        }
    }

    #[test]
    fn same_seed_same_plan_and_counts_as_asked() {
        let a = generate(&small());
        assert_eq!(a, generate(&small()));
        assert_ne!(a, generate(&GenerateOptions { seed: 8, ..small() }));
        assert_eq!(
            (a.schemes.len(), a.metrics.len(), a.risks.len(), a.signoffs.len()),
            (40, 12, 15, 6)
        );
        assert_eq!(a.header.years, vec!["2024/25", "2025/26", "2026/27"]);
        // it is a valid plan file
        assert_eq!(crate::io::load_str(&crate::io::to_ron_string(&a)).unwrap(), a);
    }

    #[test]
    fn realistic_values() {
        let p = generate(&small());
        assert!(
            p.schemes
                .iter()
                .any(|s| s.years.iter().any(|y| y.recurrent.is_some_and(|a| a.is_range())))
        );
        assert!(
            p.schemes
                .iter()
                .all(|s| !s.name.is_empty() && !s.description.is_empty())
        );
        assert!(p.risks.iter().all(|r| r.current.is_some_and(|c| c.is_valid())));
        let s = crate::calc::summarize(&p, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        assert!(s.metric_ratings.iter().any(|r| r.rag != Rag::NotRated));
        assert!(
            s.signed_count() > 0,
            "signed sign-offs are signed on the generated content"
        );
        assert!(s.finance.reconciliation.iter().all(|r| r.meets_minimum == Some(true)));
        assert_eq!(p.history.len(), 2, "submitted, then reopened");
    }

    #[test]
    fn a_mix_like_real_plans() {
        let p = generate(&GenerateOptions {
            schemes: 400,
            ..small()
        });
        let years: Vec<_> = p.schemes.iter().flat_map(|s| &s.years).collect();
        let split = years.iter().filter(|y| y.is_split()).count();
        // mostly unsplit spend (as in the Kent plan), a good share split
        assert!(
            split * 100 > years.len() * 20 && split * 100 < years.len() * 40,
            "{split} of {}",
            years.len()
        );
        // some long names with typographic characters, some text that is not an amount
        assert!(
            p.schemes
                .iter()
                .any(|s| s.name.chars().count() > 120 && s.name.contains('–'))
        );
        assert!(years.iter().any(|y| !y.unparsed.is_empty()));
        let s = crate::calc::summarize(&p, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap());
        assert!(s.checklist.missing().any(|i| i.text.contains("is not an amount")));
    }
}
