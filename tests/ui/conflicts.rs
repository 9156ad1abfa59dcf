//! The Conflicts panel (issue 17, part 3): a plan holding merge conflicts
//! shows a banner with how many remain and lists each; "Take theirs" and
//! "Keep ours" are undoable; the plan cannot be submitted meanwhile.

use super::support::*;
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use opplan::calc::merge;
use opplan::model::Plan;
use opplan::ui::OpplanApp;

/// Kent with its first scheme renamed differently on two sides, merged:
/// one conflict, ours in the plan.
pub fn conflicted_kent() -> Plan {
    let base = sample_plan("kent-bcf-2015-16.ron");
    let mut ours = base.clone();
    ours.schemes[0].name = "Ours: carers".into();
    let mut theirs = base.clone();
    theirs.schemes[0].name = "Theirs: carers".into();
    let merged = merge::merge(&base, &ours, &theirs).unwrap();
    assert_eq!(merged.plan.conflicts.len(), 1);
    merged.plan
}

#[test]
fn take_theirs_in_the_conflicts_panel_then_undo_brings_the_conflict_back() {
    let mut h = window(OpplanApp::new(conflicted_kent(), None));
    h.get_by_label_contains("1 merge conflict remains");
    h.get_by_label("\u{201c}Ours: carers\u{201d} (in the plan)");
    h.get_by_label("\u{201c}Theirs: carers\u{201d}");

    h.get_by_label("Take theirs").click();
    h.run();
    assert_eq!(h.state().plan().schemes[0].name, "Theirs: carers");
    assert!(h.state().plan().conflicts.is_empty());
    assert!(h.query_by_label_contains("merge conflict remains").is_none());
    assert!(h.state().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().schemes[0].name, "Ours: carers");
    assert_eq!(h.state().plan().conflicts.len(), 1);
    h.get_by_label_contains("1 merge conflict remains");

    // Keep ours: the plan's value stays, the conflict goes
    h.get_by_label("Keep ours").click();
    h.run();
    assert_eq!(h.state().plan().schemes[0].name, "Ours: carers");
    assert!(h.state().plan().conflicts.is_empty());
}

#[test]
fn conflicts_cannot_be_resolved_while_the_plan_is_locked() {
    let mut app = OpplanApp::new(conflicted_kent(), None);
    app.run(opplan::ui::UiCommand::ToggleLock);
    let mut h = window(app);
    h.get_by_label_contains("unlock it to resolve");
    h.get_by_label("Take theirs").click();
    h.run();
    assert_eq!(h.state().plan().conflicts.len(), 1);
    assert_eq!(h.state().plan().schemes[0].name, "Ours: carers");
}

#[test]
fn edit_goes_to_the_conflicted_record() {
    let mut h = window(OpplanApp::new(conflicted_kent(), None));
    h.get_by_label("Edit…").click();
    h.run();
    assert_eq!(h.state().tab(), opplan::ui::Tab::Schemes);
}
