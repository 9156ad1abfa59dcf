//! The Conflicts panel (issue 17, part 3): a plan holding merge conflicts
//! shows a banner with how many remain and lists each; "Take theirs" and
//! "Keep ours" are undoable; the plan cannot be submitted meanwhile.

use super::support::*;
use crate::versions::{kent_sides, rewrite};
use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use opplan::calc::merge;
use opplan::model::Plan;
use opplan::ui::OpplanApp;

/// The banner across the window with one conflict.
const BANNER_1: &str =
    "1 merge conflict remains: keep ours or take theirs for each. The plan cannot be submitted until none remain.";

/// Kent with its first scheme renamed differently on two sides, merged:
/// one conflict, ours in the plan.
pub fn conflicted_kent() -> Plan {
    let [base, ours, theirs] = kent_sides(
        |ours| ours.schemes[0].name = "Ours: carers".into(),
        |theirs| theirs.schemes[0].name = "Theirs: carers".into(),
    );
    let merged = merge::merge(&base, &ours, &theirs).unwrap();
    assert_eq!(merged.plan.conflicts.len(), 1);
    merged.plan
}

#[test]
fn take_theirs_in_the_conflicts_panel_then_undo_brings_the_conflict_back() {
    let mut h = window(OpplanApp::new(conflicted_kent(), None));
    h.get_by_label(BANNER_1);
    h.get_by_label("\u{201c}Ours: carers\u{201d} (in the plan)");
    h.get_by_label("\u{201c}Theirs: carers\u{201d}");

    h.get_by_label("Take theirs").click();
    h.run();
    assert_eq!(h.state().plan().schemes[0].name, "Theirs: carers");
    assert!(h.state().plan().conflicts.is_empty());
    assert!(h.query_by_label(BANNER_1).is_none());
    assert!(h.state().is_dirty());

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().schemes[0].name, "Ours: carers");
    assert_eq!(h.state().plan().conflicts.len(), 1);
    h.get_by_label(BANNER_1);

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

/// A second writer (another window, a sync client) saves the file with
/// `change` made to it.
fn second_writer(path: &std::path::Path, change: impl FnOnce(&mut Plan)) {
    rewrite(path, change, |p, path| opplan::io::save_path(p, path).unwrap());
}

#[test]
fn merge_their_changes_at_save_keeps_both_and_saves() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let mut app = OpplanApp::open_or_blank(&path);
    let e = title_edit(app.plan(), "Mine");
    app.run(e);
    let mut h = window(app);
    second_writer(&path, |p| p.schemes[0].name = "Theirs: carers".into());

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("The file was changed on disk");
    h.get_by_label("Merge their changes").click();
    h.run();
    let on_disk = opplan::io::load_path(&path).unwrap();
    assert_eq!(on_disk.header.title, "Mine");
    assert_eq!(on_disk.schemes[0].name, "Theirs: carers");
    assert_eq!(&on_disk, h.state().plan());
    assert!(!h.state().is_dirty());
    assert!(h.query_by_label("The file was changed on disk").is_none());

    // Undo brings back the version the window had
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().header.title, "Mine");
    assert_ne!(h.state().plan().schemes[0].name, "Theirs: carers");
}

#[test]
fn merge_their_changes_with_the_same_field_changed_lists_the_conflict_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let mut app = OpplanApp::open_or_blank(&path);
    let e = title_edit(app.plan(), "Mine");
    app.run(e);
    let mut h = window(app);
    second_writer(&path, |p| {
        p.header.title = "Theirs".into();
        p.schemes[1].name = "Renamed by them".into();
    });

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Merge their changes").click();
    h.run();
    assert_eq!(
        opplan::io::load_path(&path).unwrap().header.title,
        "Theirs",
        "nothing written"
    );
    assert!(h.state().is_dirty());
    assert_eq!(h.state().plan().header.title, "Mine");
    assert_eq!(h.state().plan().schemes[1].name, "Renamed by them");
    h.get_by_label(BANNER_1);

    h.get_by_label("Take theirs").click();
    h.run();
    assert_eq!(h.state().plan().header.title, "Theirs");
    // the window now holds their file's changes: Save just saves
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("The file was changed on disk").is_none());
    let on_disk = opplan::io::load_path(&path).unwrap();
    assert_eq!(&on_disk, h.state().plan());
    assert!(on_disk.conflicts.is_empty());
    assert!(!h.state().is_dirty());
}

/// Bug: after "Merge their changes", Undo then Save wrote the window's
/// old version over their file without asking. Now the window compares
/// with the file's version from before the merge again: Save asks, and
/// merging again keeps their change.
#[test]
fn save_after_undoing_merge_their_changes_asks_again_and_keeps_theirs() {
    for conflicted in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let path = kent_copy(dir.path());
        let mut app = OpplanApp::open_or_blank(&path);
        let e = title_edit(app.plan(), "Mine");
        app.run(e);
        let mut h = window(app);
        second_writer(&path, |p| {
            p.schemes[1].name = "Renamed by them".into();
            if conflicted {
                p.header.title = "Theirs".into();
            }
        });
        h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        h.run();
        h.get_by_label("Merge their changes").click();
        h.run();
        assert_eq!(h.state().plan().schemes[1].name, "Renamed by them");
        assert_eq!(h.state().is_dirty(), conflicted, "a clean merge is saved at once");

        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        h.run();
        assert_ne!(h.state().plan().schemes[1].name, "Renamed by them");
        h.key_press_modifiers(Modifiers::COMMAND, Key::S);
        h.run();
        h.get_by_label("The file was changed on disk");
        assert_eq!(
            opplan::io::load_path(&path).unwrap().schemes[1].name,
            "Renamed by them",
            "their change is still on disk (conflicted: {conflicted})"
        );
        // merging again starts from the version the window opened (a
        // clean merge saves: its notification fades over a few frames)
        h.get_by_label("Merge their changes").click();
        h.run_steps(10);
        assert_eq!(h.state().plan().schemes[1].name, "Renamed by them");
        assert_eq!(h.state().plan().header.title, "Mine");
        assert_eq!(h.state().plan().conflicts.len(), usize::from(conflicted));
    }
}

// ------------------------------------------------------- Merge with file…

/// The open plan (Kent, its title changed) and their file, made from the
/// same Kent: their second scheme renamed, the first scheme's name changed
/// as `their_first` says; their file's `.bak` is Kent as it was.
fn two_versions(dir: &std::path::Path, their_first: Option<&str>) -> (OpplanApp, std::path::PathBuf) {
    let ours_path = kent_copy(dir);
    let theirs_path = dir.join("theirs.ron");
    std::fs::copy(&ours_path, &theirs_path).unwrap();
    second_writer(&theirs_path, |p| {
        p.schemes[1].name = "Renamed by them".into();
        if let Some(n) = their_first {
            p.schemes[0].name = n.into();
        }
    });
    assert!(opplan::io::backup_path(&theirs_path).is_file());
    let mut app = OpplanApp::open_or_blank(&ours_path);
    let e = title_edit(app.plan(), "Mine");
    app.run(e);
    let mut ours = app.plan().schemes[0].clone();
    ours.name = "Ours: carers".into();
    app.run(opplan::ui::Edit::new("Rename", opplan::model::PlanEdit::put(ours)));
    (app, theirs_path)
}

#[test]
fn merge_with_file_from_the_common_version_takes_both_and_lists_conflicts() {
    let dir = tempfile::tempdir().unwrap();
    let (app, theirs) = two_versions(dir.path(), Some("Theirs: carers"));
    let mut h = window(app);
    run(&mut h, opplan::ui::UiCommand::MergeWith);
    answer_prompt(&mut h, &theirs.display().to_string(), "Next");
    // the other file's .bak is offered as the common version
    let offered = h.get_by_label("Common earlier version").value().unwrap();
    assert_eq!(offered, opplan::io::backup_path(&theirs).display().to_string());
    h.get_by_label("Merge from this version").click();
    h.run();
    let p = h.state().plan();
    assert_eq!(p.header.title, "Mine");
    assert_eq!(p.schemes[1].name, "Renamed by them");
    assert_eq!(p.schemes[0].name, "Ours: carers");
    assert_eq!(p.conflicts.len(), 1);
    h.get_by_label(BANNER_1);
    assert_eq!(h.state().history().undo_label(), Some("Merge with theirs.ron"));

    // one step: Undo takes the whole merge out
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_ne!(h.state().plan().schemes[1].name, "Renamed by them");
    assert!(h.state().plan().conflicts.is_empty());
    assert_eq!(h.state().plan().header.title, "Mine");
}

#[test]
fn merge_with_file_without_a_common_version_takes_the_records_picked() {
    let dir = tempfile::tempdir().unwrap();
    let (app, theirs) = two_versions(dir.path(), None);
    let mut h = window(app);
    run(&mut h, opplan::ui::UiCommand::MergeWith);
    answer_prompt(&mut h, &theirs.display().to_string(), "Next");
    // the differing records are listed: ours renamed scheme 1, theirs scheme 2
    h.get_by_label_contains("Scheme 1 \u{201c}Ours: carers\u{201d}: changed");
    h.get_by_label_contains("Scheme 2 ").click();
    h.run();
    h.get_by_label("Take the 1 chosen").click();
    h.run();
    let p = h.state().plan();
    assert_eq!(p.schemes[1].name, "Renamed by them");
    assert_eq!(p.schemes[0].name, "Ours: carers", "not picked: ours stays");
    assert!(p.conflicts.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_ne!(h.state().plan().schemes[1].name, "Renamed by them");
}

// ------------------------------------------------- the Consolidation view

#[test]
fn open_workspace_shows_the_kent_plans_side_by_side_summed_and_reconciled() {
    use opplan::ui::consolidation::ConsolidationWindow;
    let kent_dir = sample_path("kent");
    let mut h = window(OpplanApp::open_or_blank(&sample_path("kent-bcf-2015-16.ron")));
    run(&mut h, opplan::ui::UiCommand::OpenWorkspace);
    answer_prompt(&mut h, &kent_dir.display().to_string(), "Open");
    h.get_by_label("Consolidation: kent");
    // what the window shows is the rollup of the workspace
    let cw = ConsolidationWindow::open(&kent_dir, h.state().today()).unwrap();
    let r = &cw.rollup;
    assert!(r.plans.len() >= 3, "the Kent plan and the area plans");
    assert!(r.consolidated.is_some());
    for p in &r.plans {
        let name = if p.consolidated {
            format!("{} (consolidated)", p.name())
        } else {
            p.name()
        };
        h.get_by_label(&name);
        let progress = format!("{} of {} complete", p.checklist_done, p.checklist_total);
        assert!(h.query_all_by_label(&progress).next().is_some(), "{progress}");
    }
    h.get_by_label("All plans but the consolidated one");
    let unit = r.unit();
    for y in &r.years {
        let total = opplan::model::money::format_span(&r.total.spend(y), unit);
        assert!(h.query_all_by_label(&total).next().is_some(), "{y} total {total}");
    }
    assert!(!r.differences.is_empty(), "the Kent plan and SKC's own differ");
    for d in &r.differences {
        h.get_by_label(&format!("\u{2022} {}", r.sentence(d)));
    }

    // a plan is one click away, through "Save changes?"
    let e = title_edit(h.state().plan(), "Unsaved");
    run(&mut h, e);
    let i = r.plans.iter().position(|p| !p.consolidated).unwrap();
    h.get_by_label(&r.plans[i].name()).click();
    h.run();
    h.get_by_label("Save changes?");
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().path(), Some(cw.paths[i].as_path()));
    assert_eq!(
        h.state().plan().header.title,
        opplan::io::load_path(&cw.paths[i]).unwrap().header.title
    );
}
