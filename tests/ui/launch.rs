//! The window opens the files it is given: a plan dropped on it (through
//! the unsaved-changes guard; other files refused with a sentence), a
//! second launch on its own file, the same plan in two windows; and the
//! notification area where saves, imports, exports and recovery copies
//! say what happened and where the file is.

use crate::support::{self, answer_prompt, run, sample_path, title_edit, wait, window};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::io;
use opplan::model::RecordKind;
use opplan::ui::app::{Dropped, dropped};
use opplan::ui::data::DataCommand;
use opplan::ui::notify::{FADE_SECS, Level, SUCCESS_SECS};
use opplan::ui::{Command, OpplanApp, UiCommand};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file dropped on the window, as the windowing system hands it over.
#[derive(Debug)]
struct Dropping(PathBuf);

impl egui::DroppedFile for Dropping {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

/// Drops `paths` on the window, then runs the frames after.
fn drop_files(h: &mut Harness<'_, OpplanApp>, paths: &[&Path]) {
    for p in paths {
        h.input_mut().dropped_files.push(Arc::new(Dropping(p.to_path_buf())));
    }
    h.run();
}

/// The two samples copied into `dir`: (Kent, South Kent Coast).
fn two_plans(dir: &Path) -> (PathBuf, PathBuf) {
    let a = dir.join("kent.ron");
    let b = dir.join("south-kent.ron");
    std::fs::copy(sample_path("kent-bcf-2015-16.ron"), &a).unwrap();
    std::fs::copy(sample_path("south-kent-coast-2015-16.ron"), &b).unwrap();
    (a, b)
}

fn title(h: &Harness<'_, OpplanApp>) -> String {
    h.state().plan().header.title.clone()
}

fn notices(h: &Harness<'_, OpplanApp>) -> Vec<(Level, String)> {
    h.state().notices().iter().map(|n| (n.level, n.text.clone())).collect()
}

/// The one notification shown, which must be of `level`.
fn the_notice(h: &Harness<'_, OpplanApp>, level: Level) -> String {
    match notices(h).as_slice() {
        [(l, text)] if *l == level => text.clone(),
        other => panic!("expected one {level:?} notification, found {other:?}"),
    }
}

fn full(p: &Path) -> String {
    std::path::absolute(p).unwrap().display().to_string()
}

// -------------------------------------------------------------- dropping

#[test]
fn a_dropped_plan_opens_when_nothing_is_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_plans(dir.path());
    let mut h = window(OpplanApp::open_or_blank(&a));
    let other = io::load_path(&b).unwrap().header.title;
    assert_ne!(title(&h), other);
    drop_files(&mut h, &[&b]);
    assert_eq!(h.state().path(), Some(b.as_path()));
    assert_eq!(title(&h), other);
    assert!(h.query_by_label("Save changes?").is_none(), "nothing to ask");
}

#[test]
fn a_dropped_plan_asks_first_when_there_are_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_plans(dir.path());
    let mut h = window(OpplanApp::open_or_blank(&a));
    let e = title_edit(h.state().plan(), "Typed before the drop");
    run(&mut h, e);
    assert!(h.state().is_dirty());

    // Cancel: the plan and its changes stay
    drop_files(&mut h, &[&b]);
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().path(), Some(a.as_path()));
    assert_eq!(title(&h), "Typed before the drop");
    assert!(h.state().is_dirty());

    // Save: the changes go to their own file, then the dropped plan opens
    drop_files(&mut h, &[&b]);
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(h.state().path(), Some(b.as_path()));
    assert_eq!(io::load_path(&a).unwrap().header.title, "Typed before the drop");
    assert!(!h.state().is_dirty());
}

#[test]
fn a_dropped_plan_can_replace_unsaved_changes_only_when_told_to_discard() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_plans(dir.path());
    let before = std::fs::read(&a).unwrap();
    let mut h = window(OpplanApp::open_or_blank(&a));
    let e = title_edit(h.state().plan(), "Thrown away");
    run(&mut h, e);
    drop_files(&mut h, &[&b]);
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().path(), Some(b.as_path()));
    assert_eq!(std::fs::read(&a).unwrap(), before, "the first file is as it was");
}

#[test]
fn a_dropped_spreadsheet_is_refused_with_the_way_to_import_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let book = dir.path().join("returned.xlsx");
    std::fs::write(&book, b"not opened").unwrap();
    let mut h = window(OpplanApp::open_or_blank(&a));
    let plan = h.state().plan().clone();
    drop_files(&mut h, &[&book]);
    assert_eq!(h.state().path(), Some(a.as_path()));
    assert_eq!(h.state().plan(), &plan);
    let text = the_notice(&h, Level::Error);
    assert!(
        text.starts_with("returned.xlsx is an Excel workbook, not a plan, so it was not opened.")
            && text.contains("Data › Import from Excel into"),
        "{text}"
    );
    h.get_by_label(&text);

    let csv = dir.path().join("schemes.CSV");
    std::fs::write(&csv, "Scheme\n").unwrap();
    drop_files(&mut h, &[&csv]);
    assert!(
        notices(&h)
            .iter()
            .any(|(_, t)| t.contains("schemes.CSV is a CSV file") && t.contains("Data › Import CSV into")),
        "{:?}",
        notices(&h)
    );
    assert_eq!(h.state().path(), Some(a.as_path()));
}

#[test]
fn several_files_dropped_at_once_open_none() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_plans(dir.path());
    let mut h = window(OpplanApp::open_or_blank(&a));
    drop_files(&mut h, &[&b, &a]);
    assert_eq!(h.state().path(), Some(a.as_path()));
    let text = the_notice(&h, Level::Error);
    assert!(
        text.starts_with("2 files were dropped on the window, so none was opened"),
        "{text}"
    );
}

#[test]
fn a_drop_on_a_locked_plan_or_over_a_dialog_opens_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_plans(dir.path());
    let mut h = window(OpplanApp::open_or_blank(&a));
    run(&mut h, UiCommand::ToggleLock);
    drop_files(&mut h, &[&b]);
    assert_eq!(h.state().path(), Some(a.as_path()));
    assert!(
        the_notice(&h, Level::Error).starts_with("south-kent.ron was not opened. The plan is locked"),
        "{:?}",
        notices(&h)
    );
    run(&mut h, UiCommand::ToggleLock);
    // a preview open for this plan: the drop would pull the plan from under it
    run(&mut h, Command::Data(DataCommand::ImportCsv(RecordKind::Schemes)));
    drop_files(&mut h, &[&b]);
    assert_eq!(h.state().path(), Some(a.as_path()));
    assert!(
        notices(&h).iter().any(|(_, t)| t.contains("A dialog is open")),
        "{:?}",
        notices(&h)
    );
}

#[test]
fn dragging_a_file_over_the_window_says_what_dropping_it_would_do() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = two_plans(dir.path());
    let mut h = window(OpplanApp::open_or_blank(&a));
    let hover = |h: &mut Harness<'_, OpplanApp>, path: Option<&Path>| {
        h.input_mut().hovered_files = vec![egui::HoveredFile {
            path: path.map(Path::to_path_buf),
            ..Default::default()
        }];
        // egui repaints while something is dragged over the window
        h.run_steps(3);
    };
    hover(&mut h, Some(&b));
    h.get_by_label("Drop to open south-kent.ron");
    hover(&mut h, Some(&dir.path().join("book.xlsx")));
    h.get_by_label_contains("book.xlsx is an Excel workbook, not a plan");
    hover(&mut h, None);
    h.get_by_label("Drop a plan file to open it.");
    h.input_mut().hovered_files.clear();
    h.run();
    assert!(h.query_by_label("Drop a plan file to open it.").is_none());
    assert_eq!(h.state().path(), Some(a.as_path()), "hovering opens nothing");
}

#[test]
fn what_a_drop_does_is_decided_by_the_files_alone() {
    let p = |s: &str| PathBuf::from(s);
    assert_eq!(dropped(&[]), None);
    assert_eq!(
        dropped(&[p("/plans/kent.ron")]),
        Some(Dropped::Open(p("/plans/kent.ron")))
    );
    // a plan saved under another name still opens (its reading decides)
    assert_eq!(dropped(&[p("/plans/kent")]), Some(Dropped::Open(p("/plans/kent"))));
    for name in ["a.csv", "a.tsv", "a.xlsx", "a.XLSM", "a.xls", "a.ods"] {
        assert!(
            matches!(dropped(&[p(name)]), Some(Dropped::Refused(_))),
            "{name} is refused"
        );
    }
    assert!(matches!(dropped(&[p("a.ron"), p("b.ron")]), Some(Dropped::Refused(_))));
}

#[test]
fn a_dropped_file_that_is_not_a_plan_says_why_and_keeps_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let notes = dir.path().join("notes.ron");
    std::fs::write(&notes, "not a plan at all").unwrap();
    let mut h = window(OpplanApp::open_or_blank(&a));
    drop_files(&mut h, &[&notes]);
    assert_eq!(h.state().path(), Some(a.as_path()));
    let (title, message) = h.state().error().expect("the reason is shown");
    assert_eq!(title, "Could not open the plan");
    assert!(message.contains("notes.ron"), "{message}");
}

// ------------------------------------------------- a second launch, two windows

/// Two windows are two launches: each opens its own plan and knows
/// nothing of the other (the data folder, with the preferences and recent
/// files, is shared).
#[test]
fn a_second_launch_opens_its_own_plan_beside_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (a, b) = two_plans(dir.path());
    let first = window(OpplanApp::launch(
        Some(a.clone()),
        false,
        Some(data.path().to_path_buf()),
    ));
    let second = window(OpplanApp::launch(
        Some(b.clone()),
        false,
        Some(data.path().to_path_buf()),
    ));
    assert_eq!(first.state().path(), Some(a.as_path()));
    assert_eq!(second.state().path(), Some(b.as_path()));
    assert!(first.state().error().is_none() && second.state().error().is_none());
    assert_eq!(second.state().preferences().recent.first(), Some(&b));
}

/// The same plan in two windows: the second save finds the first one's
/// on disk and asks; nothing is overwritten unasked, and each window keeps
/// its recovery copy apart.
#[test]
fn the_same_plan_in_two_windows_never_overwrites_either_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let launch = || {
        window(OpplanApp::launch(
            Some(a.clone()),
            false,
            Some(data.path().to_path_buf()),
        ))
    };
    let mut one = launch();
    let mut two = launch();
    for (h, t) in [(&mut one, "Edited in window one"), (&mut two, "Edited in window two")] {
        let e = title_edit(h.state().plan(), t);
        run(h, e);
    }
    let copy_one = one.state_mut().write_recovery_now().unwrap();
    let copy_two = two.state_mut().write_recovery_now().unwrap();
    assert_ne!(copy_one, copy_two, "each window's copy has its own file");

    run(&mut one, UiCommand::Save);
    assert_eq!(io::load_path(&a).unwrap().header.title, "Edited in window one");
    run(&mut two, UiCommand::Save);
    two.get_by_label("The file was changed on disk");
    assert_eq!(
        io::load_path(&a).unwrap().header.title,
        "Edited in window one",
        "not overwritten"
    );
    assert!(two.state().is_dirty(), "window two keeps its changes");
    assert!(copy_two.is_file(), "and its recovery copy");
    two.get_by_label("Overwrite").click();
    two.run();
    assert_eq!(io::load_path(&a).unwrap().header.title, "Edited in window two");
    assert!(!two.state().is_dirty());
}

/// A launch while another opplan is running with unsaved changes does
/// not offer that window's recovery copy (it is in use); once that opplan
/// has gone, the copy is offered. The other opplan is a child process
/// here (its id is what matters).
#[cfg(target_os = "linux")]
#[test]
fn a_second_launch_never_offers_a_running_windows_recovery_copy() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let mut first = OpplanApp::launch(Some(a.clone()), false, Some(data.path().to_path_buf()));
    first.run(title_edit(first.plan(), "Not saved yet"));
    let mut first = window(first);
    let copy = first.state_mut().write_recovery_now().unwrap();
    // the copy as a running process other than this one wrote it
    let mut other = std::process::Command::new("cat")
        .stdin(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read_to_string(&copy).unwrap();
    let me = format!("\"pid\":{}", std::process::id());
    assert!(text.lines().next().unwrap().contains(&me), "{text:.200}");
    std::fs::write(&copy, text.replacen(&me, &format!("\"pid\":{}", other.id()), 1)).unwrap();

    let second = window(OpplanApp::launch(
        Some(a.clone()),
        false,
        Some(data.path().to_path_buf()),
    ));
    assert!(
        second.query_by_label("Unsaved work found").is_none(),
        "a running window's copy is not offered"
    );
    other.kill().unwrap();
    other.wait().unwrap();
    let third = window(OpplanApp::launch(
        Some(a.clone()),
        false,
        Some(data.path().to_path_buf()),
    ));
    third.get_by_label("Unsaved work found");
}

// ------------------------------------------------------------ notifications

#[test]
fn a_save_says_where_the_file_went_then_fades_by_the_clock() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let mut h = window(OpplanApp::open_or_blank(&a));
    let e = title_edit(h.state().plan(), "Saved title");
    run(&mut h, e);
    run(&mut h, UiCommand::Save);
    let text = the_notice(&h, Level::Success);
    assert!(
        text.starts_with("Saved kent.ron at ") && text.ends_with(&format!(" to {}", full(&a))),
        "{text}"
    );
    h.get_by_label(&text);
    assert!(!h.state().status().starts_with("Saved"), "not in the status line too");

    // (the frames after a wait run on while something moves: the fading)
    wait(&mut h, SUCCESS_SECS - FADE_SECS - 1.5);
    h.get_by_label(&text);
    wait(&mut h, 1.5 + FADE_SECS);
    assert!(notices(&h).is_empty(), "{:?}", notices(&h));
    assert!(h.query_by_label(&text).is_none(), "gone from the window");
}

#[test]
fn a_plan_saved_under_a_relative_path_is_named_by_its_full_path() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let relative = relative_to_cwd(&a);
    let mut h = window(OpplanApp::open_or_blank(&relative));
    run(&mut h, UiCommand::Save);
    let text = the_notice(&h, Level::Success);
    assert!(text.ends_with(&format!(" to {}", full(&a))), "{text}");
}

/// `p` relative to the folder the tests run in.
fn relative_to_cwd(p: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap();
    let ups = cwd.components().count() - 1;
    let mut rel = PathBuf::new();
    for _ in 0..ups {
        rel.push("..");
    }
    rel.join(p.strip_prefix("/").unwrap())
}

#[test]
fn an_export_says_where_the_file_went() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let mut h = window(OpplanApp::open_or_blank(&a));
    run(
        &mut h,
        Command::Data(DataCommand::Export(opplan::interop::export::ExportFormat::Xlsx)),
    );
    let out = dir.path().join("for finance.xlsx");
    answer_prompt(&mut h, &out.display().to_string(), "Export");
    assert!(out.is_file());
    let text = the_notice(&h, Level::Success);
    assert_eq!(text, format!("Wrote the Excel workbook {}", full(&out)));
    h.get_by_label(&text);

    // a path typed relative to the folder opplan started in, going up
    let report = dir.path().join("board.html");
    run(
        &mut h,
        Command::Data(DataCommand::Export(opplan::interop::export::ExportFormat::Html)),
    );
    answer_prompt(&mut h, &relative_to_cwd(&report).display().to_string(), "Export");
    assert!(report.is_file());
    assert!(
        notices(&h).contains(&(Level::Success, format!("Wrote the board report {}", full(&report)))),
        "{:?}",
        notices(&h)
    );
}

#[test]
fn an_import_says_which_file_it_read() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let csv = dir.path().join("new schemes.csv");
    std::fs::write(&csv, "Scheme Name\nFalls Car Service\n").unwrap();
    let mut h = window(OpplanApp::open_or_blank(&a));
    let before = h.state().plan().schemes.len();
    run(&mut h, Command::Data(DataCommand::ImportCsv(RecordKind::Schemes)));
    answer_prompt(&mut h, &csv.display().to_string(), "Preview");
    h.get_by_role_and_label(egui::accesskit::Role::Button, "Add 1 scheme")
        .click();
    h.run();
    assert_eq!(h.state().plan().schemes.len(), before + 1);
    let text = the_notice(&h, Level::Success);
    assert!(
        text.starts_with("Add 1 scheme from new schemes.csv") && text.ends_with(&format!(", read from {}", full(&csv))),
        "{text}"
    );
}

#[test]
fn a_restored_recovery_copy_says_which_copy_and_where_save_writes() {
    let dir = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let plan = io::load_path(&a).unwrap();
    let slot = io::recovery::slot_for(data.path(), Some(&a));
    io::recovery::write_copy(&slot, &plan, Some(&a)).unwrap();
    let mut h = window(OpplanApp::launch(
        Some(a.clone()),
        false,
        Some(data.path().to_path_buf()),
    ));
    h.get_by_label("Restore").click();
    h.run();
    let text = the_notice(&h, Level::Success);
    assert!(
        text.contains(&format!("(the copy {})", full(&slot)))
            && text.ends_with(&format!("Save writes them to {}.", full(&a))),
        "{text}"
    );
}

#[test]
fn a_failed_recovery_copy_stays_until_dismissed() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    // a data "folder" that is a file: no copy can be written under it
    let data = dir.path().join("not-a-folder");
    std::fs::write(&data, "").unwrap();
    let mut app = OpplanApp::open_or_blank(&a);
    app.attach_data_dir(data.clone());
    app.run(UiCommand::RecoveryEvery(10));
    let mut h = window(app);
    let e = title_edit(h.state().plan(), "Unsaved");
    run(&mut h, e);
    wait(&mut h, 10.5);
    // the copy is written on another thread: frames go on until it answers
    for _ in 0..10_000 {
        if !notices(&h).is_empty() {
            break;
        }
        h.step();
    }
    // no more tries, so that the one notification is this one
    run(&mut h, UiCommand::RecoveryEvery(0));
    let text = the_notice(&h, Level::Error);
    assert!(
        text.starts_with("Could not write the recovery copy of kent.ron to ")
            && text.contains(&data.display().to_string()),
        "{text}"
    );
    wait(&mut h, SUCCESS_SECS * 3.0);
    assert_eq!(the_notice(&h, Level::Error), text, "an error stays");
    h.get_by_label(&format!("Dismiss: {text}")).click();
    h.run();
    assert!(notices(&h).is_empty(), "{:?}", notices(&h));
    assert!(h.query_by_label(&text).is_none());
}

#[test]
fn notifications_show_in_presentation_mode_and_never_in_the_audience_window() {
    let dir = tempfile::tempdir().unwrap();
    let (a, _) = two_plans(dir.path());
    let mut h = support::window_sized(OpplanApp::open_or_blank(&a), egui::vec2(1920.0, 1080.0));
    run(&mut h, UiCommand::TogglePresentation);
    assert!(h.state().is_presenting());
    run(&mut h, UiCommand::Save);
    let text = the_notice(&h, Level::Success);
    h.get_by_label(&text);
    // one line of it is as large as presentation mode's text (at least
    // 24 px at 1920x1080; a line of the window's own text is under 20)
    assert_eq!(h.output().pixels_per_point, 1.0);
    let line = h.get_by_label("Done").rect().height();
    assert!(line >= 24.0, "a line of the notification is {line} px high");

    let audience = Harness::builder()
        .with_size(egui::vec2(1920.0, 1080.0))
        .build_ui_state(|ui, app: &mut OpplanApp| app.audience_view(ui), h.into_state());
    assert_eq!(audience.state().notices().len(), 1, "still raised in the main window");
    assert!(audience.query_by_label(&text).is_none(), "not in the audience window");
}
