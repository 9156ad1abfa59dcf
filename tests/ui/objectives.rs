//! The Objectives tab as a facilitator drives it: add an objective, link a
//! scheme and a metric, type the metric's actual on the Metrics tab, and
//! see the objective's roll-up change; the Narrative tab's editor and the
//! milestones of an initiative in the scheme details.

use crate::support;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::model::{Decimal, Figure, Metric, MetricPeriod, MetricUnit, Plan, Rag, Scheme};
use opplan::ui::{OpplanApp, Tab};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2016, 10, 15).unwrap()
}

/// A scheme and a metric (A&E, target 95% in Q1, no actual yet).
fn small_plan() -> Plan {
    let mut p = Plan::default();
    p.header.title = "Test plan".into();
    p.header.years = vec!["2016/17".into()];
    let id = p.alloc_id().unwrap();
    p.schemes.push(Scheme {
        id,
        name: "Urgent care".into(),
        ..Default::default()
    });
    let id = p.alloc_id().unwrap();
    p.metrics.push(Metric {
        id,
        name: "A&E within 4 hours".into(),
        unit: MetricUnit::Percent,
        periods: vec![MetricPeriod {
            label: "Q1 2016/17".into(),
            target: Some(Figure::Value(d("95"))),
            ..Default::default()
        }],
        ..Default::default()
    });
    p
}

fn click(h: &mut Harness<'_, OpplanApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

fn shows(h: &Harness<'_, OpplanApp>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

#[test]
fn add_an_objective_link_work_and_see_its_rollup_follow_the_metric() {
    let app = OpplanApp::new(small_plan(), None).with_today(today());
    let mut h = support::window_on(app, Tab::Objectives);
    click(&mut h, "Add objective");
    assert_eq!(h.state().plan().objectives.len(), 1);
    assert!(shows(&h, "Not rated: no metric or risk is linked to it"));

    click(&mut h, "Objective 1 link schemes and initiatives");
    click(&mut h, "Scheme 1 “Urgent care”");
    click(&mut h, "Objective 1 link metrics");
    click(&mut h, "Metric 1 “A&E within 4 hours”");
    let o = &h.state().plan().objectives[0];
    assert_eq!(o.scheme_ids.len(), 1);
    assert_eq!(o.metric_ids.len(), 1);
    assert!(shows(&h, "Not rated: none of its 1 metric is rated yet"));

    // the link goes to the metric; its actual typed there
    click(&mut h, "Metric 1 “A&E within 4 hours”");
    assert_eq!(h.state().tab(), Tab::Metrics);
    click(&mut h, "Metric 1 Q1 2016/17 actual");
    h.get_by_label("Metric 1 Q1 2016/17 actual").type_text("90.5");
    h.run();
    assert_eq!(h.state_mut().summary().objective_rollups[0].rag, Rag::Amber);

    support::show_tab(&mut h, Tab::Objectives);
    assert!(shows(
        &h,
        "Amber: the worst of its 1 metric (Metric “A&E within 4 hours” is Amber)"
    ));
    // undo takes the link back, and the roll-up with it
    click(&mut h, "Unlink Metric 1 “A&E within 4 hours”");
    assert!(h.state().plan().objectives[0].metric_ids.is_empty());
    assert!(shows(&h, "Not rated: no metric or risk is linked to it"));
    support::run(&mut h, opplan::ui::UiCommand::Undo);
    assert_eq!(h.state().plan().objectives[0].metric_ids.len(), 1);
    assert_eq!(h.state_mut().summary().objective_rollups[0].rag, Rag::Amber);
}

#[test]
fn the_skc_sample_walks_from_objectives_to_milestones() {
    let app = support::sample("skc-2016-17.ron").with_today(today());
    let mut h = support::window_on(app, Tab::Objectives);
    // objective 5 (RTT) is served by initiative 3
    click(
        &mut h,
        "Objective 5 “Recover and maintain the NHS Constitution standards for referral to treatment”",
    );
    click(&mut h, "Initiative 3 “Constitutional Targets / Access Standards”");
    assert_eq!(h.state().tab(), Tab::Schemes);
    // its milestones are in the scheme details, the overdue one flagged
    h.get_by_label("Scheme 3 milestone 1 what will be done");
    assert!(shows(&h, "Overdue"));
    // the timeline by quarter, in the window too
    support::show_tab(&mut h, Tab::Objectives);
    click(&mut h, "Milestones by quarter");
    assert!(shows(&h, "Q1 2016/17"));
    assert!(shows(&h, "Overdue"));
    // the narrative sections, with their words counted
    support::show_tab(&mut h, Tab::Narrative);
    assert!(
        h.query_all_by_label_contains("Section 1 “Introduction/context” · Complete ·")
            .next()
            .is_some()
    );
}

const HD: egui::Vec2 = egui::vec2(1920.0, 1080.0);

fn presenting(app: OpplanApp, tab: Tab) -> Harness<'static, OpplanApp> {
    let mut app = app.with_today(today());
    app.run(opplan::ui::UiCommand::ShowTab(tab));
    app.run(opplan::ui::UiCommand::TogglePresentation);
    let mut h = support::window_sized(app, HD);
    // past the six seconds of the "Presentation mode" note
    support::wait(&mut h, 6.5);
    assert!(h.state().is_presenting());
    h
}

#[test]
fn the_milestone_timeline_in_presentation_mode() {
    let mut h = presenting(support::sample("skc-2016-17.ron"), Tab::Objectives);
    // a reading view: no inputs, the quarters in time order
    assert!(h.query_all_by_label("Add objective").next().is_none());
    assert!(shows(&h, "Milestones by quarter"));
    assert!(shows(&h, "Q1 2016/17"));
    h.snapshot("objectives_timeline_skc_present");
}

#[test]
fn a_national_condition_in_presentation_mode() {
    let mut h = presenting(support::sample("kent-bcf-2015-16.ron"), Tab::Narrative);
    assert!(h.query_all_by_label("Add section").next().is_none());
    assert!(shows(&h, "National condition 1 “a) Protecting social care services”"));
    assert!(shows(&h, "Status: Draft · Met: Not answered"));
    h.snapshot("narrative_kent_present");
}

/// Objective 3 served by two schemes (which it names) and named by a risk.
fn linked_plan() -> Plan {
    use opplan::model::{Objective, Risk};
    let mut p = small_plan();
    let id = p.alloc_id().unwrap();
    p.schemes.push(Scheme {
        id,
        name: "Frailty pathway".into(),
        ..Default::default()
    });
    let scheme_ids = p.schemes.iter().map(|s| s.id).collect();
    let oid = p.alloc_id().unwrap();
    p.objectives.push(Objective {
        id: oid,
        number: "3".into(),
        title: "Reduce emergency admissions".into(),
        scheme_ids,
        ..Default::default()
    });
    let rid = p.alloc_id().unwrap();
    p.risks.push(Risk {
        id: rid,
        title: "Winter pressures".into(),
        objective_ids: vec![oid],
        ..Default::default()
    });
    p
}

#[test]
fn deleting_a_linked_objective_asks_then_cleans_the_links_in_one_undo_step() {
    use egui::{Key, Modifiers};
    let app = OpplanApp::new(linked_plan(), None).with_today(today());
    let mut h = support::window_on(app, Tab::Objectives);
    let before = h.state().plan().clone();

    // asked, naming what links to it; Cancel keeps everything
    click(&mut h, "Delete objective");
    let question = "Objective 3 “Reduce emergency admissions” is linked from 2 schemes and 1 risk; \
                    delete it and remove those links?";
    h.get_by_label(question);
    click(&mut h, "Cancel");
    assert!(!shows(&h, question));
    assert_eq!(*h.state().plan(), before);

    // confirmed: the objective and the risk's link to it go
    click(&mut h, "Delete objective");
    click(&mut h, "Delete and remove links");
    assert!(!shows(&h, question));
    let plan = h.state().plan();
    assert!(plan.objectives.is_empty());
    assert!(plan.risks[0].objective_ids.is_empty());
    assert_eq!(plan.schemes.len(), 2, "the schemes stay");

    // one Ctrl+Z puts the objective and the link back
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(*h.state().plan(), before);
}

#[test]
fn deleting_a_record_nothing_links_to_does_not_ask() {
    let mut plan = small_plan();
    let id = plan.alloc_id().unwrap();
    plan.objectives.push(opplan::model::Objective {
        id,
        number: "1".into(),
        title: "Alone".into(),
        ..Default::default()
    });
    let app = OpplanApp::new(plan, None).with_today(today());
    let mut h = support::window_on(app, Tab::Objectives);
    click(&mut h, "Delete objective");
    assert!(h.state().plan().objectives.is_empty());
    assert!(!shows(&h, "Delete and remove links"));
}

#[test]
fn deleting_a_linked_risk_from_the_risks_tab_asks() {
    let app = OpplanApp::new(linked_plan(), None).with_today(today());
    let mut h = support::window_on(app, Tab::Risks);
    let risk = h.state().plan().risks[0].id;
    h.state_mut().run(opplan::ui::Command::GoTo(opplan::ui::Target {
        tab: Tab::Risks,
        record: Some(risk),
        field: None,
    }));
    h.run();
    click(&mut h, "Delete");
    h.get_by_label("Risk 1 “Winter pressures” is linked from 1 objective; delete it and remove those links?");
    click(&mut h, "Delete and remove links");
    assert!(h.state().plan().risks.is_empty());
    support::run(&mut h, opplan::ui::UiCommand::Undo);
    assert_eq!(h.state().plan().risks.len(), 1);
    assert_eq!(h.state().plan().risks[0].objective_ids.len(), 1);
}

#[test]
fn a_risk_links_to_objectives_and_initiatives_and_each_link_goes_there() {
    use opplan::model::{Objective, Risk, SchemeKind};
    let mut p = small_plan();
    let iid = p.alloc_id().unwrap();
    p.schemes.push(Scheme {
        id: iid,
        name: "Frailty pathway".into(),
        kind: SchemeKind::Initiative,
        ..Default::default()
    });
    for (number, title) in [("1", "Improve outcomes"), ("3", "Reduce emergency admissions")] {
        let id = p.alloc_id().unwrap();
        p.objectives.push(Objective {
            id,
            number: number.into(),
            title: title.into(),
            ..Default::default()
        });
    }
    let rid = p.alloc_id().unwrap();
    p.risks.push(Risk {
        id: rid,
        title: "Winter pressures".into(),
        ..Default::default()
    });
    let oid = p.objectives[1].id;
    let mut app = OpplanApp::new(p, None).with_today(today());
    app.run(opplan::ui::Command::GoTo(opplan::ui::Target {
        tab: Tab::Risks,
        record: Some(rid),
        field: None,
    }));
    let mut h = support::window(app);
    assert!(shows(&h, "Objectives at risk (0)"));

    click(&mut h, "Link an objective…");
    click(&mut h, "Objective 3 “Reduce emergency admissions”");
    click(&mut h, "Link a scheme or initiative…");
    click(&mut h, "Frailty pathway (Initiative)");
    let r = &h.state().plan().risks[0];
    assert_eq!(r.objective_ids, vec![oid]);
    assert_eq!(r.scheme_ids, vec![iid]);
    assert!(shows(&h, "Objectives at risk (1)"));
    assert!(shows(&h, "Schemes and initiatives at risk (1)"));
    // the objective now counts the risk in its roll-up
    assert_eq!(h.state_mut().summary().objective_rollups[1].risks, vec![rid]);

    // each link goes to its record
    click(&mut h, "Objective 3 “Reduce emergency admissions”");
    assert_eq!(h.state().tab(), Tab::Objectives);
    assert!(shows(&h, "Objective 3 number"), "objective 3 is the one selected");
    assert!(!shows(&h, "Objective 1 number"));

    support::show_tab(&mut h, Tab::Risks);
    click(&mut h, "Frailty pathway (Initiative)");
    assert_eq!(h.state().tab(), Tab::Schemes);

    // one undo step each
    support::run(&mut h, opplan::ui::UiCommand::Undo);
    assert!(h.state().plan().risks[0].scheme_ids.is_empty());
    assert_eq!(h.state().plan().risks[0].objective_ids, vec![oid]);
}
