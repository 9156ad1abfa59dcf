//! Edits as data in the window: what an edit cannot do it says, changing
//! nothing; what undo puts back is exactly what the edit took (the row at
//! its place, the links it removed), and the totals follow.

use crate::support::{self, run};
use egui_kittest::kittest::Queryable;
use opplan::model::limits;
use opplan::ui::{OpplanApp, Tab, UiCommand};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2014, 3, 1).unwrap()
}

#[test]
fn adding_a_row_to_a_plan_with_no_id_left_says_why_and_changes_nothing() {
    let mut plan = support::sample_plan("kent-bcf-2015-16.ron");
    plan.next_id = limits::MAX_ID + 1;
    let before = plan.clone();
    let app = OpplanApp::new(plan, None).with_today(today());
    let mut h = support::window_on(app, Tab::Schemes);
    h.get_by_label("Add scheme").click();
    h.run();
    assert_eq!(h.state().plan(), &before);
    assert!(
        h.state().status().starts_with("This plan has used every record id"),
        "{}",
        h.state().status()
    );
    assert_eq!(h.state().history().undo_count(), 0, "no undo step");
    assert!(!h.state().is_dirty());
}

#[test]
fn undoing_a_delete_puts_back_the_row_its_links_and_the_totals() {
    let mut plan = support::sample_plan("kent-bcf-2015-16.ron");
    // a risk and a metric about scheme 4
    let sid = plan.schemes[3].id;
    plan.risks[0].scheme_ids = vec![sid];
    plan.metrics[0].scheme_ids = vec![sid, plan.schemes[0].id];
    let before = plan.clone();
    let app = OpplanApp::new(plan, None).with_today(today());
    let mut h = support::window_on(app, Tab::Schemes);
    let total = |h: &mut egui_kittest::Harness<'static, OpplanApp>| h.state_mut().summary().finance.spend("2015/16");
    let full = total(&mut h);
    h.get_by_label("Select scheme 4").click();
    h.run();
    run(&mut h, UiCommand::DeleteScheme);
    // linked: asked first, naming the links
    h.get_by_label_contains("is linked from 1 metric and 1 risk; delete it and remove those links?");
    assert_eq!(h.state().plan().schemes.len(), 12);
    h.get_by_label("Delete and remove links").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.schemes.len(), 11);
    assert!(plan.risks[0].scheme_ids.is_empty(), "the link went with it");
    assert_eq!(plan.metrics[0].scheme_ids, vec![before.schemes[0].id]);
    assert_ne!(total(&mut h), full);
    run(&mut h, UiCommand::Undo);
    assert_eq!(h.state().plan(), &before, "the row at its place, and the links");
    assert_eq!(total(&mut h), full);
    assert!(!h.state().is_dirty(), "back to the plan as opened");
    run(&mut h, UiCommand::Redo);
    assert!(h.state().plan().scheme(sid).is_none());
}
