//! The operating plan's part of `summary --json`: objectives with their
//! roll-up, milestones against today, narrative sections and national
//! conditions, and each metric's periods with their own RAG.

use crate::calc::{self, RagCounts, objectives};
use crate::model::{Metric, Plan};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// `objectives`: count, RAG counts, and per objective its number, title,
/// owner, roll-up RAG with the rule, and the ids of its linked work.
pub fn objectives_json(plan: &Plan, s: &calc::PlanSummary) -> Value {
    let items: Vec<Value> = plan
        .objectives
        .iter()
        .zip(&s.objective_rollups)
        .map(|(o, r)| {
            json!({
                "id": o.id.0,
                "number": o.number,
                "title": o.title,
                "owner": o.owner,
                "rag": r.rag.key(),
                "rule": r.rule,
                "scheme_ids": r.schemes.iter().map(|i| i.0).collect::<Vec<_>>(),
                "metric_ids": r.metrics.iter().map(|i| i.0).collect::<Vec<_>>(),
                "risk_ids": r.risks.iter().map(|i| i.0).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "count": plan.objectives.len(),
        "rag": super::counts_json(&RagCounts::from_iter(s.objective_rollups.iter().map(|r| r.rag))),
        "rule": objectives::ROLLUP_RULE,
        "items": items,
    })
}

/// `milestones`: counts (overdue, at risk, done) and every milestone in
/// time order with its scheme, due text, quarter and state on `today`.
pub fn milestones_json(plan: &Plan, s: &calc::PlanSummary, today: NaiveDate) -> Value {
    let c = s.milestones();
    let items: Vec<Value> = objectives::timeline(plan, today)
        .into_iter()
        .map(|e| {
            let sc = &plan.schemes[e.scheme];
            let m = &sc.milestones[e.milestone];
            json!({
                "id": m.id.0,
                "scheme_id": sc.id.0,
                "scheme": sc.name,
                "scheme_kind": sc.kind.word(),
                "description": m.description,
                "due": m.due,
                "due_from": e.state.window.map(|w| w.0.to_string()),
                "due_by": e.state.window.map(|w| w.1.to_string()),
                "quarter": if e.quarter.is_empty() { Value::Null } else { Value::from(e.quarter.clone()) },
                "owner": m.owner,
                "status": m.status.word(),
                "overdue": e.state.overdue,
                "at_risk": e.state.at_risk,
            })
        })
        .collect();
    json!({
        "count": c.total,
        "overdue": c.overdue,
        "at_risk": c.at_risk,
        "done": c.done,
        "initiatives": plan.schemes.iter().filter(|x| !x.kind.is_scheme()).count(),
        "items": items,
    })
}

/// `sections`: every narrative section in order, with its status, word
/// count and, for a national condition, its answer.
pub fn sections_json(plan: &Plan) -> Value {
    let items: Vec<Value> = plan
        .sections
        .iter()
        .map(|x| {
            json!({
                "id": x.id.0,
                "title": x.title,
                "status": x.status.word(),
                "words": objectives::section_words(x),
                "national_condition": x.condition.as_ref().map(|c| json!({
                    "met": c.met.word(),
                    "assurance": c.assurance,
                    "actions": c.actions,
                })),
            })
        })
        .collect();
    json!({
        "count": plan.sections.len(),
        "national_conditions": plan.sections.iter().filter(|x| x.is_condition()).count(),
        "complete": plan.sections.iter().filter(|x| x.status == crate::model::SectionStatus::Complete).count(),
        "items": items,
    })
}

/// A metric's periods, each with its own target (given, or implied by a
/// change from the baseline), actual, RAG and status words.
pub fn periods_json(m: &Metric, r: &calc::MetricRating) -> Value {
    let periods: Vec<Value> = m
        .periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let pr = r.periods.get(i);
            json!({
                "label": p.label,
                "target": super::decimal_json(calc::metrics::period_target(m, p)),
                "target_change_pct": super::decimal_json(p.target_change_pct),
                "actual": super::decimal_json(calc::metrics::figure_value(&p.actual, m.unit)),
                "rag": pr.map(|x| x.rag.key()),
                "status": if p.status_text.is_empty() { Value::Null } else { Value::from(p.status_text.clone()) },
            })
        })
        .collect();
    Value::Array(periods)
}
