//! What the operating tabs keep between frames (issue 16's performance:
//! not worked out again on every frame) follows an edit: the Narrative
//! list's and editor's word counts, the Metrics table's column widths, the
//! milestone timeline, an objective's roll-up.

use crate::support;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::model::{Decimal, Figure, Metric, MetricUnit, Milestone, NarrativeSection, Plan, Scheme};
use opplan::ui::{OpplanApp, Tab};

fn plan() -> Plan {
    let mut p = Plan::default();
    p.header.title = "Test plan".into();
    p.header.years = vec!["2016/17".into()];
    let id = p.alloc_id().unwrap();
    p.schemes.push(Scheme {
        id,
        name: "Urgent care".into(),
        milestones: vec![Milestone {
            description: "Specification agreed".into(),
            due: "Q1 2016/17".into(),
            ..Default::default()
        }],
        ..Default::default()
    });
    let id = p.alloc_id().unwrap();
    p.metrics.push(Metric {
        id,
        name: "Admissions".into(),
        unit: MetricUnit::Count,
        baseline: Some(Figure::Value(Decimal::new(1, 0))),
        ..Default::default()
    });
    let id = p.alloc_id().unwrap();
    p.sections.push(NarrativeSection {
        id,
        title: "Vision".into(),
        text: "one two three".into(),
        ..Default::default()
    });
    p
}

fn window(tab: Tab) -> Harness<'static, OpplanApp> {
    let today = chrono::NaiveDate::from_ymd_opt(2016, 5, 1).unwrap();
    support::window_on(OpplanApp::new(plan(), None).with_today(today), tab)
}

fn shows_containing(h: &Harness<'_, OpplanApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn the_narrative_word_counts_follow_an_edit_of_the_text() {
    let mut h = window(Tab::Narrative);
    assert!(shows_containing(&h, "Vision” · Not started · 3 words"));
    assert!(shows_containing(&h, "Text: 3 words"));
    let edit = support::put("Edit text", &h.state().plan().sections, 0, |s| {
        s.text = "one two three four five".into()
    });
    support::run(&mut h, edit);
    assert!(shows_containing(&h, "Vision” · Not started · 5 words"));
    assert!(shows_containing(&h, "Text: 5 words"));
    assert!(!shows_containing(&h, "3 words"));
}

#[test]
fn the_metrics_table_widens_a_column_for_a_longer_value() {
    let mut h = window(Tab::Metrics);
    let long = Decimal::new(123_456_789_012_345, 0);
    let text = opplan::calc::metrics::format_value(long, MetricUnit::Count);
    assert!(h.query_by_label(&text).is_none());
    let edit = support::put("Edit baseline", &h.state().plan().metrics, 0, |m| {
        m.baseline = Some(Figure::Value(long))
    });
    support::run(&mut h, edit);
    // the baseline cell shows the new value, whole: it ends before the
    // Target cell of its row begins
    let baseline = h.get_by_label(&text).rect();
    let target = h
        .query_all_by_label("no target")
        .map(|n| n.rect())
        .find(|r| (r.center().y - baseline.center().y).abs() < 4.0)
        .expect("the row's Target cell");
    assert!(
        baseline.right() <= target.left(),
        "baseline {baseline:?}, target {target:?}"
    );
    // undone: the column is measured again for the value put back and
    // narrows, and the metric's name (which takes the width left over)
    // widens; redone: as it was
    let name_width = |h: &Harness<'_, OpplanApp>| h.get_by_label("Metric 1 name").rect().width();
    let narrow = name_width(&h);
    support::run(&mut h, opplan::ui::UiCommand::Undo);
    assert!(h.query_by_label(&text).is_none());
    assert!(
        name_width(&h) > narrow,
        "{} after undo, {narrow} before",
        name_width(&h)
    );
    support::run(&mut h, opplan::ui::UiCommand::Redo);
    assert_eq!(name_width(&h), narrow);
}

#[test]
fn the_timeline_follows_an_edit_of_a_milestone() {
    let mut h = window(Tab::Objectives);
    h.get_by_label("Milestones by quarter").click();
    h.run();
    assert!(shows_containing(&h, "Q1 2016/17"));
    // an edit elsewhere (the plan's title), then the milestone's due moved
    let edit = support::title_edit(h.state().plan(), "Another title");
    support::run(&mut h, edit);
    assert!(shows_containing(&h, "Q1 2016/17"));
    let edit = support::put("Edit milestone", &h.state().plan().schemes, 0, |s| {
        s.milestones[0].due = "Q3 2016/17".into()
    });
    support::run(&mut h, edit);
    assert!(shows_containing(&h, "Q3 2016/17"));
    assert!(!shows_containing(&h, "Q1 2016/17"));
}
