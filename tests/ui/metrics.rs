//! The Metrics tab as a user drives it: type an actual and watch the RAG
//! change, set a RAG by hand (not without a reason), add the templates,
//! add, duplicate, reorder and delete metrics, add and remove periods,
//! filter and sort.

use crate::support;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use opplan::calc::metrics::figure_value;
use opplan::model::{
    Decimal, Figure, Metric, MetricCategory, MetricPeriod, MetricUnit, Plan, Polarity, Rag, RecordId, Risk,
};
use opplan::ui::{Command, OpplanApp, Tab, Target};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 11, 2).unwrap()
}

/// A plan with two metrics: A&E (target 95% in Q1 and Q2, no actual yet)
/// and delayed transfers (lower is better).
fn small_plan() -> Plan {
    let mut p = Plan::default();
    p.header.title = "Test plan".into();
    p.header.years = vec!["2015/16".into()];
    let id = p.alloc_id().unwrap();
    p.metrics.push(Metric {
        id,
        name: "A&E within 4 hours".into(),
        category: MetricCategory::ConstitutionStandard,
        unit: MetricUnit::Percent,
        polarity: Polarity::HigherIsBetter,
        periods: vec![
            MetricPeriod {
                label: "Q1 2015/16".into(),
                target: Some(Figure::Value(d("95"))),
                ..Default::default()
            },
            MetricPeriod {
                label: "Q2 2015/16".into(),
                target: Some(Figure::Value(d("95"))),
                ..Default::default()
            },
        ],
        ..Default::default()
    });
    let id2 = p.alloc_id().unwrap();
    p.metrics.push(Metric {
        id: id2,
        name: "Delayed transfers of care".into(),
        category: MetricCategory::BcfNational,
        unit: MetricUnit::Per100k,
        polarity: Polarity::LowerIsBetter,
        periods: vec![MetricPeriod {
            label: "2015/16".into(),
            target: Some(Figure::Value(d("943"))),
            actual: Some(Figure::Value(d("900"))),
            forecast: None,
            ..Default::default()
        }],
        ..Default::default()
    });
    let rid = p.alloc_id().unwrap();
    p.risks.push(Risk {
        id: rid,
        title: "Delays rise".into(),
        metric_ids: vec![id2],
        ..Default::default()
    });
    p
}

fn harness_for(app: OpplanApp) -> Harness<'static, OpplanApp> {
    support::window_on(app.with_today(today()), Tab::Metrics)
}

fn harness(plan: Plan) -> Harness<'static, OpplanApp> {
    harness_for(OpplanApp::new(plan, None))
}

fn sample(name: &str) -> OpplanApp {
    support::sample(name)
}

/// The window sent to a metric (and a field) as the checklist sends it.
fn sent_to(app: OpplanApp, record: RecordId, field: Option<&'static str>) -> Harness<'static, OpplanApp> {
    let mut app = app.with_today(today());
    app.run(Command::GoTo(Target {
        tab: Tab::Metrics,
        record: Some(record),
        field,
    }));
    support::window(app)
}

/// Scrolls a node into view (the detail scrolls), then clicks it.
fn click(h: &mut Harness<'_, OpplanApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn actual(h: &Harness<'_, OpplanApp>, metric: usize, period: usize) -> Option<Decimal> {
    let m = &h.state().plan().metrics[metric];
    figure_value(&m.periods[period].actual, m.unit)
}

#[test]
fn typing_an_actual_changes_the_chip() {
    let mut h = harness(small_plan());
    h.run();
    h.get_by_label("Metric 1 RAG: Not rated");
    h.get_by_label("Metric 1 Q1 2015/16 actual").click();
    h.run();
    h.get_by_label("Metric 1 Q1 2015/16 actual").type_text("90.5");
    h.run();
    assert_eq!(actual(&h, 0, 0), Some(d("90.5")));
    h.get_by_label("Metric 1 RAG: Amber");
    h.get_by_label("RAG of the selected metric: Amber");
    h.get_by_label("Metric 1 Q1 2015/16 RAG: Amber");
    // the rule in words is shown for the selected chip, without hovering
    h.get_by_label_contains("Actual 90.5% against target 95.0%: 4.7% below, within the 10% tolerance");

    // more keystrokes: 90.5 → 80.5 is beyond the tolerance
    h.key_press(egui::Key::Home);
    h.run();
    h.key_press(egui::Key::Delete);
    h.run();
    h.get_by_label("Metric 1 Q1 2015/16 actual").type_text("8");
    h.run();
    assert_eq!(actual(&h, 0, 0), Some(d("80.5")));
    h.get_by_label("Metric 1 RAG: Red");
    h.get_by_label_contains("beyond the 10% tolerance");

    // a numerator/denominator works too: 1900/2000 = 95% meets the target
    h.get_by_label("Metric 1 Q2 2015/16 actual").click();
    h.run();
    h.get_by_label("Metric 1 Q2 2015/16 actual").type_text("1900/2000");
    h.run();
    assert_eq!(actual(&h, 0, 1), Some(d("95")));
    h.get_by_label("Metric 1 RAG: Green");
    // the latest actual moved up from 80.5%: improving
    assert!(
        h.query_all_by_label_contains("Up improving").count() >= 2,
        "in the table and the detail"
    );

    // text that is not a number changes nothing and says why
    h.get_by_label("Metric 1 Q2 2015/16 forecast").click();
    h.run();
    h.get_by_label("Metric 1 Q2 2015/16 forecast").type_text("abc");
    h.run();
    assert_eq!(h.state().plan().metrics[0].periods[1].forecast, None);
    h.get_by_label_contains("Not changed: Q2 2015/16 forecast");
}

#[test]
fn hovering_a_chip_explains_it() {
    let mut h = harness(small_plan());
    h.run();
    // select the second metric by its chip, then hover it
    h.get_by_label("Metric 2 RAG: Green").click();
    h.run();
    h.get_by_label_contains("(lower is better): 4.6% below, target met");
    h.get_by_label("Metric 2 RAG: Green").hover();
    h.run();
    // the tooltip and the detail both say it
    assert!(
        h.query_all_by_label_contains("Actual 900.0 per 100,000 against target 943.0 per 100,000")
            .count()
            >= 2,
        "the rule is shown on hover"
    );
}

#[test]
fn a_hand_set_rag_needs_a_reason() {
    let mut h = harness(small_plan());
    h.run();
    click(&mut h, "Metric 1 RAG set by hand");
    h.get_by_label("Red").click();
    h.run();
    // no reason yet: the button does nothing
    click(&mut h, "Set Red by hand");
    assert_eq!(h.state().plan().metrics[0].rag_override, None);
    h.get_by_label_contains("A reason is required");
    click(&mut h, "Metric 1 reason for the RAG set by hand");
    h.get_by_label("Metric 1 reason for the RAG set by hand")
        .type_text("Recovery trajectory not agreed with the trust");
    h.run();
    assert_eq!(
        h.get_by_label("Metric 1 reason for the RAG set by hand")
            .value()
            .as_deref(),
        Some("Recovery trajectory not agreed with the trust")
    );
    click(&mut h, "Set Red by hand");
    let o = h.state().plan().metrics[0].rag_override.clone().expect("override set");
    assert_eq!(
        (o.rag, o.reason.as_str()),
        (Rag::Red, "Recovery trajectory not agreed with the trust")
    );
    assert_eq!(o.date.and_then(|d| d.date()), Some(today()));
    h.get_by_label("Metric 1 RAG: Red, set by hand");
    // the reason is exported
    let plan = h.state().plan().clone();
    let json = opplan::cli::summary_json(&plan, &opplan::calc::summarize(&plan, today()));
    let item = &json["metrics"]["items"][0];
    assert_eq!(item["override_reason"], "Recovery trajectory not agreed with the trust");
    assert_eq!(item["rag"], "red");
    assert_eq!(item["computed_rag"], "not_rated");
    // emptying the reason does not remove it
    click(&mut h, "Metric 1 reason for the RAG set by hand");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.key_press(egui::Key::Backspace);
    h.run();
    assert_eq!(
        h.state().plan().metrics[0]
            .rag_override
            .as_ref()
            .map(|o| o.reason.as_str()),
        Some("Recovery trajectory not agreed with the trust")
    );
    h.get_by_label_contains("A hand-set RAG needs a reason");
    // and the rule can take over again
    click(&mut h, "Use the rule again");
    assert_eq!(h.state().plan().metrics[0].rag_override, None);
    h.get_by_label("Metric 1 RAG: Not rated");
}

#[test]
fn templates_add_the_national_metrics_and_the_standards_once() {
    let mut p = Plan::default();
    p.header.years = vec!["2014/15".into(), "2015/16".into()];
    let mut h = harness(p);
    h.run();
    h.get_by_label("Add BCF national metrics").click();
    h.run();
    assert_eq!(h.state().plan().metrics.len(), 6);
    assert!(
        h.get_by_label("Add BCF national metrics")
            .accesskit_node()
            .is_disabled()
    );
    h.get_by_label("Add NHS constitution standards").click();
    h.run();
    let plan = h.state().plan();
    assert!(plan.metrics.len() > 6 + 15);
    let cdiff = plan.metrics.iter().find(|m| m.name.contains("C. difficile")).unwrap();
    assert_eq!(cdiff.polarity, Polarity::LowerIsBetter);
    assert_eq!(cdiff.periods[0].label, "2015/16");
    let mut ids: Vec<RecordId> = plan.metrics.iter().map(|m| m.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), plan.metrics.len());
    // the first added metric is selected
    h.get_by_label_contains("Metric 7: A&E waits");
}

#[test]
fn add_duplicate_reorder_and_delete() {
    let mut h = harness(small_plan());
    h.run();
    // issue 19, finding 7: no unit or polarity is guessed; the metric is
    // added once both are chosen
    h.get_by_label("Add metric…").click();
    h.run();
    h.get_by_label("Add metric").click();
    h.run();
    assert_eq!(h.state().plan().metrics.len(), 2, "nothing chosen yet: nothing added");
    h.get_by_label("days").click();
    h.run();
    h.get_by_label("Lower is better").click();
    h.run();
    h.get_by_label("Add metric").click();
    h.run();
    h.run();
    assert_eq!(h.state().plan().metrics.len(), 3);
    let m = &h.state().plan().metrics[2];
    assert_eq!((m.unit, m.polarity), (MetricUnit::Days, Polarity::LowerIsBetter));
    let new_id = h.state().plan().metrics[2].id;
    assert!(new_id.0 > 3, "a fresh id");
    // the new metric's name field has the keyboard
    assert!(h.get_by_label("Metric 3 name").is_focused());
    h.get_by_label("Metric 3 name").type_text("Falls admissions");
    h.run();
    assert_eq!(h.state().plan().metrics[2].name, "Falls admissions");

    h.get_by_label("Duplicate").click();
    h.run();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.metrics.len(), 4);
    assert_eq!(plan.metrics[3].name, "Falls admissions (copy)");
    assert_ne!(plan.metrics[3].id, new_id);

    h.get_by_label("Move up").click();
    h.run();
    assert_eq!(h.state().plan().metrics[2].name, "Falls admissions (copy)");

    // delete the second metric: the risk pointing at it loses the link
    h.get_by_label("Metric 2 RAG: Green").click();
    h.run();
    h.get_by_label("Delete…").click();
    h.run();
    h.get_by_label("Metric 2 “Delayed transfers of care” is linked from 1 risk; delete it and remove those links?");
    h.get_by_label("Delete").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.metrics.len(), 3);
    assert!(plan.metrics.iter().all(|m| m.name != "Delayed transfers of care"));
    assert!(plan.risks[0].metric_ids.is_empty());
}

#[test]
fn add_period_offers_a_missing_plan_year_not_one_outside_the_plan() {
    // issue 19, finding 7: "Add period" offered a year outside the plan
    let mut p = small_plan();
    p.header.years = vec!["2014/15".into(), "2015/16".into()];
    p.metrics[0].periods.truncate(1);
    p.metrics[0].periods[0].label = "2015/16".into();
    let mut h = harness(p);
    h.run();
    h.get_by_label("Add period \u{201c}2014/15\u{201d}");
    assert!(h.query_by_label("Add period \u{201c}2016/17\u{201d}").is_none());
}

#[test]
fn periods_for_one_metric_and_for_all() {
    let mut h = harness(small_plan());
    h.run();
    h.get_by_label("Add period “Q3 2015/16”").click();
    h.run();
    assert_eq!(h.state().plan().metrics[0].periods.len(), 3);
    assert_eq!(h.state().plan().metrics[0].periods[2].label, "Q3 2015/16");
    h.get_by_label("Remove metric 1 Q1 2015/16").click();
    h.run();
    let labels: Vec<_> = h.state().plan().metrics[0]
        .periods
        .iter()
        .map(|p| p.label.clone())
        .collect();
    assert_eq!(labels, ["Q2 2015/16", "Q3 2015/16"]);

    h.get_by_label("Periods of every metric").click();
    h.run();
    let field = h.get_by_label("New period label for every metric");
    field.click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("New period label for every metric").type_text("2016/17");
    h.run();
    h.get_by_label("Add").click();
    h.run();
    assert!(
        h.state()
            .plan()
            .metrics
            .iter()
            .all(|m| m.periods.last().map(|p| p.label.as_str()) == Some("2016/17"))
    );
    h.get_by_label("Periods of every metric").click();
    h.run();
    h.get_by_label_contains("Remove “2016/17” (2 metrics)").click();
    h.run();
    assert!(
        h.state()
            .plan()
            .metrics
            .iter()
            .all(|m| m.periods.iter().all(|p| p.label != "2016/17"))
    );
}

#[test]
fn filter_and_sort() {
    let mut h = harness(small_plan());
    h.run();
    h.get_by_label("Filter by RAG").click();
    h.run();
    h.get_by_label("Green").click();
    h.run();
    assert!(h.query_by_label("Metric 1 RAG: Not rated").is_none());
    h.get_by_label("Metric 2 RAG: Green");
    h.get_by_label("Clear filters").click();
    h.run();
    h.get_by_label("Metric 1 RAG: Not rated");
    // sort by RAG: worst first puts Green above Not rated
    h.get_by_label("Sort by RAG").click();
    h.run();
    let y = |h: &Harness<'_, OpplanApp>, l: &str| h.get_by_label(l).rect().top();
    assert!(y(&h, "Metric 2 RAG: Green") < y(&h, "Metric 1 RAG: Not rated"));
    h.get_by_label("Sort by #").click();
    h.run();
    assert!(y(&h, "Metric 1 RAG: Not rated") < y(&h, "Metric 2 RAG: Green"));
}

#[test]
fn a_checklist_item_selects_the_metric() {
    let app = sample("south-kent-coast-2015-16.ron");
    let id = app.plan().metrics[20].id;
    let mut h = sent_to(app, id, Some("baseline"));
    h.run();
    h.get_by_label_contains("Metric 21: ");
    assert!(h.get_by_label("Metric 21 baseline").is_focused());
}

#[test]
fn present_mode_and_snapshot() {
    let app = sample("south-kent-coast-2015-16.ron");
    let i = app
        .plan()
        .metrics
        .iter()
        .position(|m| m.name == "IAPT: treated within 6 weeks of referral")
        .unwrap();
    let id = app.plan().metrics[i].id;
    let mut h = sent_to(app, id, None);
    h.run();
    h.get_by_label(&format!("Metric {} RAG: Green", i + 1));
    h.snapshot("metrics_skc");
    h.get_by_label("Present chart").click();
    h.run();
    h.get_by_label("RAG of the selected metric: Green");
    h.get_by_label("Next metric").click();
    h.run();
    h.get_by_label_contains(&format!("Metric {}: IAPT: treated within 18 weeks", i + 2));
}

/// A metric planned as a change from its baseline: delayed transfers,
/// baseline 1,000, lower is better, one period with an actual of 970 and
/// no target yet.
fn change_plan() -> Plan {
    let mut p = Plan::default();
    p.header.title = "Test plan".into();
    p.header.years = vec!["2016/17".into()];
    let id = p.alloc_id().unwrap();
    p.metrics.push(Metric {
        id,
        name: "Delayed transfers of care".into(),
        category: MetricCategory::BcfNational,
        unit: MetricUnit::Count,
        polarity: Polarity::LowerIsBetter,
        baseline: Some(Figure::Value(d("1000"))),
        periods: vec![MetricPeriod {
            label: "2016/17".into(),
            actual: Some(Figure::Value(d("970"))),
            ..Default::default()
        }],
        ..Default::default()
    });
    p
}

#[test]
fn typing_a_change_from_baseline_target_shows_its_level_and_rag() {
    let mut h = harness(change_plan());
    click(&mut h, "Metric 1 RAG: Not rated");
    h.get_by_label("Metric 1 2016/17 RAG: Not rated");
    let field = "Metric 1 2016/17 target change from baseline";
    click(&mut h, field);
    h.get_by_label(field).type_text("-3.2%");
    h.run();
    let m = &h.state().plan().metrics[0];
    assert_eq!(m.periods[0].target_change_pct, Some(d("-3.2")));
    assert_eq!(
        m.periods[0].target, None,
        "the change is kept as such, not turned into a target"
    );
    // 1,000 less 3.2% is 968; 970 is 0.2% above it: Amber
    h.get_by_label("= 968");
    h.get_by_label_contains("the target is set as a 3.2% reduction from the baseline 1,000 = 968");
    h.get_by_label("Metric 1 2016/17 RAG: Amber");
    h.get_by_label("Metric 1 RAG: Amber");
    // the field keeps what was typed, and the typing is one undo step
    assert_eq!(h.get_by_label(field).value().as_deref(), Some("-3.2%"));
    support::run(&mut h, opplan::ui::UiCommand::Undo);
    assert_eq!(h.state().plan().metrics[0].periods[0].target_change_pct, None);

    // text that is not a change is shown as not taken and changes nothing
    click(&mut h, field);
    h.get_by_label(field).type_text("soon");
    h.run();
    h.get_by_label_contains("Not changed: 2016/17 target change from baseline");
    assert_eq!(h.state().plan().metrics[0].periods[0].target_change_pct, None);
}

#[test]
fn a_period_status_in_words_is_kept_as_typed() {
    let mut h = harness(change_plan());
    click(&mut h, "Metric 1 RAG: Not rated");
    let field = "Metric 1 2016/17 status";
    click(&mut h, field);
    h.get_by_label(field).type_text("Awaiting information");
    h.run();
    assert_eq!(
        h.state().plan().metrics[0].periods[0].status_text,
        "Awaiting information",
        "the space between the words survives typing"
    );
    h.get_by_label("Metric 1 2016/17 RAG: Not rated").click();
    h.run();
    h.get_by_label_contains("status: Awaiting information");
    support::run(&mut h, opplan::ui::UiCommand::Undo);
    assert_eq!(h.state().plan().metrics[0].periods[0].status_text, "");
}
