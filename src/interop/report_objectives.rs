//! The operating plan's parts of the board report: the objectives with
//! their roll-up status and linked work, the milestones by quarter (the
//! timeline), and the narrative sections with the national conditions'
//! answers. Written only when the plan has them; every text escaped.

use super::html_text as esc;
use super::report::chip;
use crate::calc::PlanSummary;
use crate::calc::objectives::{ROLLUP_RULE, section_words, timeline};
use crate::model::{MilestoneStatus, Plan, Rag};
use std::fmt::Write as _;

/// Appends the three sections to `o` (each only when the plan has its
/// records).
pub fn write_operating(o: &mut String, plan: &Plan, s: &PlanSummary) {
    objectives(o, plan, s);
    milestones(o, plan, s);
    narrative(o, plan);
}

fn objectives(o: &mut String, plan: &Plan, s: &PlanSummary) {
    if plan.objectives.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<section><h2>Objectives ({})</h2><p class=\"small muted\">{}</p><table><thead><tr><th class=\"num\">#</th><th>Objective</th><th>Owner</th><th>Linked work</th><th>Status</th></tr></thead><tbody>",
        plan.objectives.len(),
        esc(ROLLUP_RULE)
    );
    for (i, (ob, r)) in plan.objectives.iter().zip(&s.objective_rollups).enumerate() {
        let mut work: Vec<String> = Vec::new();
        for id in &r.schemes {
            if let Some((si, sc)) = plan.schemes.iter().enumerate().find(|(_, x)| x.id == *id) {
                work.push(format!("{} {}: {}", sc.kind.word(), si + 1, esc(sc.name.trim())));
            }
        }
        for id in &r.metrics {
            if let Some(m) = plan.metric(*id) {
                work.push(format!("Metric: {}", esc(m.name.trim())));
            }
        }
        for id in &r.risks {
            if let Some(k) = plan.risk(*id) {
                work.push(format!("Risk: {}", esc(k.title.trim())));
            }
        }
        let number = if ob.number.trim().is_empty() {
            (i + 1).to_string()
        } else {
            ob.number.trim().to_string()
        };
        let _ = write!(
            o,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"small\">{}</td><td>{}<div class=\"small\">{}</div></td></tr>",
            esc(&number),
            esc(ob.title.trim()),
            esc(ob.owner.trim()),
            if work.is_empty() {
                "none linked".to_string()
            } else {
                work.join("<br>")
            },
            chip(r.rag, r.rag.word()),
            esc(&r.rule)
        );
    }
    o.push_str("</tbody></table></section>");
}

fn milestones(o: &mut String, plan: &Plan, s: &PlanSummary) {
    let entries = timeline(plan, s.today);
    if entries.is_empty() {
        return;
    }
    let c = s.milestones();
    let _ = write!(
        o,
        "<section><h2>Milestones by quarter ({} of {} done, {} overdue, {} at risk on {})</h2><table><thead><tr><th>Quarter</th><th>Milestone</th><th>Initiative</th><th>Due</th><th>Owner</th><th>Status</th></tr></thead><tbody>",
        c.done,
        c.total,
        c.overdue,
        c.at_risk,
        s.today.format("%-d %B %Y")
    );
    let mut last = None;
    for e in &entries {
        let sc = &plan.schemes[e.scheme];
        let m = &sc.milestones[e.milestone];
        let quarter = if e.quarter.is_empty() {
            "No readable date"
        } else {
            &e.quarter
        };
        let shown = if last == Some(quarter) { "" } else { quarter };
        last = Some(quarter);
        let (rag, word) = if e.state.overdue {
            (Rag::Red, format!("Overdue ({})", m.status.word()))
        } else if e.state.at_risk {
            (Rag::Amber, m.status.word().to_string())
        } else if m.status == MilestoneStatus::Done {
            (Rag::Green, m.status.word().to_string())
        } else {
            (Rag::NotRated, m.status.word().to_string())
        };
        let _ = write!(
            o,
            "<tr><td><b>{}</b></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(shown),
            esc(m.description.trim()),
            esc(sc.name.trim()),
            esc(m.due.trim()),
            esc(m.owner.trim()),
            chip(rag, &word)
        );
    }
    o.push_str("</tbody></table></section>");
}

fn narrative(o: &mut String, plan: &Plan) {
    if plan.sections.is_empty() {
        return;
    }
    let conditions: Vec<_> = plan.sections.iter().filter(|x| x.is_condition()).collect();
    if !conditions.is_empty() {
        let _ = write!(
            o,
            "<section><h2>National conditions ({})</h2><table><thead><tr><th>Condition</th><th>Met</th><th>Status</th><th>Assurance</th><th>Actions if not met</th></tr></thead><tbody>",
            conditions.len()
        );
        for x in &conditions {
            let c = x
                .condition
                .as_ref()
                .map(|c| (c.met.word(), c.assurance.trim(), c.actions.trim()));
            let (met, assurance, actions) = c.unwrap_or_default();
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"small\">{}</td><td class=\"small\">{}</td></tr>",
                esc(x.title.trim()),
                esc(met),
                esc(x.status.word()),
                esc(assurance),
                esc(actions)
            );
        }
        o.push_str("</tbody></table></section>");
    }
    let _ = write!(o, "<section><h2>Narrative ({} sections)</h2>", plan.sections.len());
    for x in &plan.sections {
        let _ = write!(
            o,
            "<h3>{} <span class=\"small muted\">({}, {} words)</span></h3>",
            esc(x.title.trim()),
            esc(x.status.word()),
            section_words(x)
        );
        for p in x.text.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = write!(o, "<p class=\"small\">{}</p>", esc(p.trim()).replace('\n', "<br>"));
        }
    }
    o.push_str("</section>");
}
