//! The operating plan's computed state kept up to date edit by edit
//! (issue 16's performance): the objectives' roll-ups worked out again
//! only for the objectives an edit touches, and the milestone timeline
//! read again only for the schemes whose milestones changed, always the
//! same as computed afresh.

use chrono::NaiveDate;
use opplan::calc::live::LiveSummary;
use opplan::calc::objectives::{Timeline, timeline};
use opplan::generate::{GenerateOptions, OperatingOptions, add_operating, generate};
use opplan::model::edit::{self, PlanEdit};
use opplan::model::{Decimal, Figure, MilestoneStatus, Plan, Rag};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 1).unwrap()
}

fn plan() -> Plan {
    let mut p = generate(&GenerateOptions {
        schemes: 40,
        metrics: 12,
        risks: 15,
        signoffs: 2,
        years: 2,
        seed: 5,
    });
    add_operating(
        &mut p,
        &OperatingOptions {
            objectives: 10,
            milestones: 120,
            sections: 4,
            monthly: true,
            seed: 5,
        },
    );
    p
}

/// Applies `edit`, updates the live summary with what it says it changed,
/// and checks it against the summary computed afresh.
fn check(live: &mut LiveSummary, plan: &mut Plan, edit: PlanEdit) {
    let changes = edit::apply(plan, edit).unwrap().changes;
    live.update(plan, today(), &changes);
    assert_eq!(
        *live.summary(),
        opplan::calc::summarize(plan, today()),
        "after {changes:?}"
    );
}

#[test]
fn objective_rollups_follow_edits_of_objectives_metrics_and_risks() {
    let mut p = plan();
    let mut live = LiveSummary::new(&p, today());
    // an objective linked to a metric and a risk: the metric turns Red
    let o = p.objectives[0].clone();
    let metric = p.metrics[3].id;
    let risk = p.risks[4].id;
    let mut linked = o.clone();
    linked.metric_ids = vec![metric];
    linked.risk_ids = vec![risk];
    check(&mut live, &mut p, PlanEdit::put(linked));
    let mut m = p.metrics[3].clone();
    for per in &mut m.periods {
        per.target = Some(Figure::Value(Decimal::new(100, 0)));
        per.actual = Some(Figure::Value(Decimal::new(1, 0)));
    }
    m.polarity = opplan::model::Polarity::HigherIsBetter;
    m.rag_override = None;
    m.name = "Renamed metric".into();
    check(&mut live, &mut p, PlanEdit::put(m));
    let r = &live.summary().objective_rollups[0];
    assert_eq!(r.rag, Rag::Red, "{}", r.rule);
    assert!(r.rule.contains("Renamed metric"), "{}", r.rule);
    // the risk renamed: the rule names it as it is now
    let mut rk = p.risks[4].clone();
    rk.title = "Renamed risk".into();
    rk.residual = None;
    check(&mut live, &mut p, PlanEdit::put(rk));
    // a risk that names another objective, then stops naming it: that
    // objective's roll-up loses it
    let other = p.objectives[5].id;
    let mut rk = p.risks[7].clone();
    rk.objective_ids = vec![other];
    check(&mut live, &mut p, PlanEdit::put(rk));
    assert!(live.summary().objective_rollups[5].risks.contains(&p.risks[7].id));
    let mut rk = p.risks[7].clone();
    rk.objective_ids.clear();
    check(&mut live, &mut p, PlanEdit::put(rk));
    assert!(!live.summary().objective_rollups[5].risks.contains(&p.risks[7].id));
    // the objective unlinked from the metric; a section's text; a title
    let mut unlinked = p.objectives[0].clone();
    unlinked.metric_ids.clear();
    check(&mut live, &mut p, PlanEdit::put(unlinked));
    let mut s = p.sections[0].clone();
    s.text.push_str(" More words.");
    check(&mut live, &mut p, PlanEdit::put(s));
    let mut t = p.objectives[2].clone();
    t.title.push('x');
    check(&mut live, &mut p, PlanEdit::put(t));
}

#[test]
fn the_timeline_kept_between_plans_is_the_timeline_afresh() {
    let mut p = plan();
    let mut kept = Timeline::default();
    assert_eq!(*kept.update(&p, today()), timeline(&p, today()));
    // a milestone's due moved, another done
    let (i, _) = p
        .schemes
        .iter()
        .enumerate()
        .find(|(_, s)| s.milestones.len() > 1)
        .unwrap();
    p.schemes[i].milestones[0].due = "Q4 2030/31".into();
    p.schemes[i].milestones[1].status = MilestoneStatus::Done;
    let after = kept.update(&p, today());
    assert_eq!(*after, timeline(&p, today()));
    assert_eq!(after.last().map(|e| e.quarter.as_str()), Some("Q4 2030/31"));
    // schemes removed and moved, another day
    p.schemes.remove(0);
    p.schemes.swap(1, 3);
    assert_eq!(*kept.update(&p, today()), timeline(&p, today()));
    let later = NaiveDate::from_ymd_opt(2031, 6, 1).unwrap();
    assert_eq!(*kept.update(&p, later), timeline(&p, later));
}
