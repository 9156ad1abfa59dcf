//! Totals, RAG and the readiness checklist: pure functions of `&Plan`.
//! The window, the CLI and the exports all call [`summarize`], so every
//! figure is computed in one place.

pub mod checklist;
pub mod diff;
pub mod finance;
pub mod find;
pub mod fingerprint;
pub mod items;
pub mod lifecycle;
pub mod live;
pub mod merge;
pub mod metric_templates;
pub mod metrics;
pub mod objectives;
pub mod operating;
pub mod risks;
pub mod rollup;
pub mod schemes;
pub mod signoffs;

use crate::model::{ContentFingerprint, Plan, Rag, Scheme};
use chrono::NaiveDate;
pub use finance::{FinanceTotals, finance_totals};
pub use fingerprint::content_fingerprint;
pub use items::{CheckItem, Checklist, Section};
pub use lifecycle::Step;
pub use metrics::{MetricRating, rate_metric};
pub use objectives::{MilestoneCounts, ObjectiveRollup, objective_rollups};
pub use risks::{RiskBand, RiskRating, rate_risk};
pub use signoffs::{SignOffState, signoff_state};

/// A title in curly quotes: “Carers Break”, or "(no name)" when empty.
pub fn quote_title(s: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        "(no name)".to_string()
    } else {
        format!("\u{201c}{t}\u{201d}")
    }
}

/// Counts of each RAG.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RagCounts {
    pub green: usize,
    pub amber: usize,
    pub red: usize,
    pub not_rated: usize,
}

impl FromIterator<Rag> for RagCounts {
    fn from_iter<I: IntoIterator<Item = Rag>>(rags: I) -> Self {
        let mut c = RagCounts::default();
        for r in rags {
            c.add(r);
        }
        c
    }
}

impl RagCounts {
    pub fn add(&mut self, r: Rag) {
        match r {
            Rag::Green => self.green += 1,
            Rag::Amber => self.amber += 1,
            Rag::Red => self.red += 1,
            Rag::NotRated => self.not_rated += 1,
        }
    }
    pub fn get(&self, r: Rag) -> usize {
        match r {
            Rag::Green => self.green,
            Rag::Amber => self.amber,
            Rag::Red => self.red,
            Rag::NotRated => self.not_rated,
        }
    }
    pub fn total(&self) -> usize {
        self.green + self.amber + self.red + self.not_rated
    }
    /// Worst rating present (not rated when nothing is rated).
    pub fn worst(&self) -> Rag {
        if self.red > 0 {
            Rag::Red
        } else if self.amber > 0 {
            Rag::Amber
        } else if self.green > 0 {
            Rag::Green
        } else {
            Rag::NotRated
        }
    }
}

/// The built-in scheme delivery statuses and what they mean.
pub const SCHEME_STATUSES: [(&str, Rag); 7] = [
    ("Planned", Rag::NotRated),
    ("Not started", Rag::NotRated),
    ("On track", Rag::Green),
    ("Delivered", Rag::Green),
    ("At risk", Rag::Amber),
    ("Delayed", Rag::Amber),
    ("Off track", Rag::Red),
];

/// A scheme's RAG from its delivery status: the plan's own statuses first,
/// then the built-in ones (case-insensitive); anything else is not rated.
pub fn scheme_rag(plan: &Plan, scheme: &Scheme) -> Rag {
    let st = scheme.status.trim();
    if st.is_empty() {
        return Rag::NotRated;
    }
    if let Some(o) = plan
        .settings
        .scheme_statuses
        .iter()
        .find(|o| o.label.trim().eq_ignore_ascii_case(st))
    {
        return o.rag;
    }
    SCHEME_STATUSES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(st))
        .map(|(_, r)| *r)
        .unwrap_or(Rag::NotRated)
}

/// One area's RAG on the Overview, with the rule in words.
#[derive(Clone, Debug, PartialEq)]
pub struct AreaRag {
    pub section: Section,
    pub name: &'static str,
    pub rag: Rag,
    pub counts: RagCounts,
    pub rule: String,
}

/// Everything computed from a plan.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanSummary {
    pub finance: FinanceTotals,
    /// In the order of `plan.metrics`.
    pub metric_ratings: Vec<MetricRating>,
    /// In the order of `plan.risks`.
    pub risk_ratings: Vec<RiskRating>,
    /// In the order of `plan.schemes`.
    pub scheme_rags: Vec<Rag>,
    /// In the order of `plan.signoffs`.
    pub signoff_states: Vec<SignOffState>,
    pub fingerprint: ContentFingerprint,
    pub checklist: Checklist,
    pub areas: Vec<AreaRag>,
    pub overall: Rag,
    pub overall_rule: String,
    /// For each scheme and metric that risks point at: how many, how many
    /// open, the worst RAG among them (absent when no risk points at it).
    pub risk_links: std::collections::HashMap<crate::model::RecordId, risks::RiskLinkCount>,
    /// In the order of `plan.objectives`.
    pub objective_rollups: Vec<ObjectiveRollup>,
    /// In the order of `plan.schemes`: its milestones overdue, at risk.
    pub milestone_counts: Vec<MilestoneCounts>,
    /// The day the summary was made for (what is overdue depends on it).
    pub today: NaiveDate,
}

impl PlanSummary {
    pub fn area(&self, section: Section) -> Option<&AreaRag> {
        self.areas.iter().find(|a| a.section == section)
    }
    pub fn signed_count(&self) -> usize {
        self.signoff_states.iter().filter(|s| s.is_signed()).count()
    }
    /// The milestones of the whole plan, counted.
    pub fn milestones(&self) -> MilestoneCounts {
        let mut c = MilestoneCounts::default();
        for m in &self.milestone_counts {
            c.add(m);
        }
        c
    }
}

/// Computes every total, RAG and checklist item of a plan. `today` decides
/// what is overdue.
pub fn summarize(plan: &Plan, today: NaiveDate) -> PlanSummary {
    summarize_on(plan, today, worth_a_thread(plan))
}

/// [`summarize`], on two threads when `beside` (the same summary either way).
fn summarize_on(plan: &Plan, today: NaiveDate, beside: bool) -> PlanSummary {
    let (finance, (metric_ratings, risk_ratings, scheme_rags), fingerprint) = if beside {
        // the fingerprint and the QIPP sums need nothing else worked out:
        // on a second core they cost the load of a large plan next to nothing
        std::thread::scope(|scope| {
            let beside = scope.spawn(|| {
                let qipp = plan
                    .has_operating_finance()
                    .then(|| operating::QippSums::new(plan, false));
                (content_fingerprint(plan), qipp)
            });
            let mut finance = finance::scheme_totals(plan);
            let ratings = record_ratings(plan);
            let (fingerprint, qipp) = match beside.join() {
                Ok(done) => done,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            if let Some(qipp) = qipp {
                finance.operating = operating::operating_finance_with(plan, &finance, &qipp);
            }
            (finance, ratings, fingerprint)
        })
    } else {
        (finance_totals(plan), record_ratings(plan), content_fingerprint(plan))
    };
    let signoff_states: Vec<_> = plan.signoffs.iter().map(|s| signoff_state(s, &fingerprint)).collect();
    let checklist = checklist::checklist(plan, &finance, &fingerprint, today);
    let milestone_counts = plan
        .schemes
        .iter()
        .map(|s| objectives::milestone_counts(s, today))
        .collect();
    PlanSummary::assemble(
        plan,
        finance,
        metric_ratings,
        risk_ratings,
        scheme_rags,
        signoff_states,
        fingerprint,
        checklist,
        milestone_counts,
        today,
    )
}

/// A plan large enough that a second thread saves more than it costs to
/// start (about 50 µs, against about 7 µs a scheme for the fingerprint
/// and the QIPP together).
fn worth_a_thread(plan: &Plan) -> bool {
    plan.schemes.len() + plan.metrics.len() + plan.risks.len() >= 200
}

/// Every metric's rating, every risk's rating and every scheme's RAG, in
/// plan order.
pub(crate) fn record_ratings(plan: &Plan) -> (Vec<MetricRating>, Vec<RiskRating>, Vec<Rag>) {
    let tol = plan.settings.amber_tolerance_pct;
    (
        plan.metrics.iter().map(|m| rate_metric(m, tol)).collect(),
        plan.risks.iter().map(rate_risk).collect(),
        plan.schemes.iter().map(|s| scheme_rag(plan, s)).collect(),
    )
}

impl PlanSummary {
    /// The summary from its computed parts: adds the area and overall RAGs
    /// and the risk link counts, which follow from them and the plan.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn assemble(
        plan: &Plan,
        finance: FinanceTotals,
        metric_ratings: Vec<MetricRating>,
        risk_ratings: Vec<RiskRating>,
        scheme_rags: Vec<Rag>,
        signoff_states: Vec<SignOffState>,
        fingerprint: ContentFingerprint,
        checklist: Checklist,
        milestone_counts: Vec<MilestoneCounts>,
        today: NaiveDate,
    ) -> PlanSummary {
        let objective_rollups = objective_rollups(plan, &metric_ratings, &risk_ratings);
        let (areas, overall, overall_rule) = rate_areas(
            plan,
            &finance,
            &metric_ratings,
            &risk_ratings,
            &scheme_rags,
            &signoff_states,
            &objective_rollups,
            &milestone_counts,
        );
        PlanSummary {
            finance,
            metric_ratings,
            risk_ratings,
            scheme_rags,
            signoff_states,
            fingerprint,
            checklist,
            areas,
            overall,
            overall_rule,
            risk_links: risks::risk_link_counts(plan),
            objective_rollups,
            milestone_counts,
            today,
        }
    }
}

/// Each area's RAG (finance, metrics, risks, schemes, sign-offs, and for
/// an operating plan its objectives and milestones) and the plan's overall
/// RAG with its rule, from the ratings.
#[allow(clippy::too_many_arguments)]
pub fn rate_areas(
    plan: &Plan,
    finance: &FinanceTotals,
    metric_ratings: &[MetricRating],
    risk_ratings: &[RiskRating],
    scheme_rags: &[Rag],
    signoff_states: &[SignOffState],
    objective_rollups: &[ObjectiveRollup],
    milestone_counts: &[MilestoneCounts],
) -> (Vec<AreaRag>, Rag, String) {
    let mut areas = Vec::new();
    // finance
    let fin_rag = finance.rag();
    let fin_counts = RagCounts::from_iter(finance.reconciliation.iter().map(|r| r.rag));
    areas.push(AreaRag {
        section: Section::Schemes,
        name: "Finance",
        rag: fin_rag,
        counts: fin_counts,
        rule: "Red when a year's total is below the minimum pooled budget; Amber when it differs from the declared total; else Green".into(),
    });
    let m_counts = RagCounts::from_iter(metric_ratings.iter().map(|r| r.rag));
    areas.push(AreaRag {
        section: Section::Metrics,
        name: "Metrics",
        rag: m_counts.worst(),
        counts: m_counts,
        rule: "The worst RAG of the rated metrics".into(),
    });
    let r_counts = RagCounts::from_iter(risk_ratings.iter().map(|r| r.rag));
    areas.push(AreaRag {
        section: Section::Risks,
        name: "Risks",
        rag: r_counts.worst(),
        counts: r_counts,
        rule: "The worst band of the open risks: Extreme is Red, High Amber, Moderate and Low Green".into(),
    });
    let s_counts = RagCounts::from_iter(scheme_rags.iter().copied());
    areas.push(AreaRag {
        section: Section::Schemes,
        name: "Schemes",
        rag: s_counts.worst(),
        counts: s_counts,
        rule: "The worst delivery status of the schemes".into(),
    });
    let required: Vec<_> = plan
        .signoffs
        .iter()
        .zip(signoff_states.iter())
        .filter(|(s, _)| s.required)
        .map(|(_, st)| st)
        .collect();
    let so_counts = RagCounts::from_iter(signoff_states.iter().map(|s| s.rag()));
    let so_rag = if required.is_empty() {
        Rag::NotRated
    } else if required.iter().all(|s| s.is_signed()) {
        Rag::Green
    } else if required.iter().any(|s| matches!(s, SignOffState::Declined)) {
        Rag::Red
    } else {
        Rag::Amber
    };
    areas.push(AreaRag {
        section: Section::SignOffs,
        name: "Sign-offs",
        rag: so_rag,
        counts: so_counts,
        rule:
            "Green when every required sign-off is signed on the current content; Red when one is declined; else Amber"
                .into(),
    });
    if !plan.objectives.is_empty() {
        let counts = RagCounts::from_iter(objective_rollups.iter().map(|o| o.rag));
        areas.push(AreaRag {
            section: Section::Objectives,
            name: "Objectives",
            rag: counts.worst(),
            counts,
            rule: "The worst roll-up of the objectives (each the worst of its linked metrics and risks)".into(),
        });
    }
    let mut ms = MilestoneCounts::default();
    for m in milestone_counts {
        ms.add(m);
    }
    if ms.total > 0 {
        let counts = RagCounts {
            green: ms.total - ms.overdue - ms.at_risk,
            amber: ms.at_risk,
            red: ms.overdue,
            not_rated: 0,
        };
        areas.push(AreaRag {
            section: Section::Schemes,
            name: "Milestones",
            rag: ms.rag(),
            counts,
            rule: "Red when a milestone is overdue (its due date or period has passed and it is not done); Amber when one is at risk; else Green".into(),
        });
    }
    let overall = areas.iter().fold(Rag::NotRated, |acc, a| acc.worst(a.rag));
    let worst_areas: Vec<&str> = areas
        .iter()
        .filter(|a| a.rag == overall && overall != Rag::NotRated)
        .map(|a| a.name)
        .collect();
    let overall_rule = if overall == Rag::NotRated {
        "Nothing is rated yet".to_string()
    } else {
        format!(
            "{}: the worst of the areas ({} {} {})",
            overall.word(),
            worst_areas.join(", "),
            if worst_areas.len() == 1 { "is" } else { "are" },
            overall.word()
        )
    };
    (areas, overall, overall_rule)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, add_operating_finance, generate};

    /// The fingerprint and the QIPP summed on a second thread give the
    /// summary worked out on one, for a plan with and without operating
    /// money (the QIPP's checks, groups and totals included).
    #[test]
    fn the_summary_is_the_same_on_one_thread_or_two() {
        let opts = GenerateOptions {
            schemes: 150,
            metrics: 40,
            risks: 30,
            signoffs: 5,
            years: 3,
            seed: 7,
        };
        let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let mut plan = generate(&opts);
        assert!(worth_a_thread(&plan), "the plan takes the two-thread path");
        let one = summarize_on(&plan, today, false);
        assert_eq!(summarize_on(&plan, today, true), one);
        add_operating_finance(&mut plan, opts.seed);
        let one = summarize_on(&plan, today, false);
        assert!(!one.finance.operating.by_programme.is_empty(), "the QIPP is summed");
        assert_eq!(summarize_on(&plan, today, true), one);
        assert_eq!(summarize(&plan, today), one);
    }
}
