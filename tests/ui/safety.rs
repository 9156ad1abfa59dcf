//! Never losing work, as a user meets it in the window: the close guard,
//! undo and redo of edits made in the Plan tab, Save As then continue,
//! changes on disk, failed saves, recovery copies, values refused at
//! input, preferences and recent files.

use crate::support::{self, put, run, sample_path as sample, title_edit, wait, window};
use egui::accesskit::Role;
use egui::{Key, Modifiers, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use opplan::io;
use opplan::model::{Amount, Plan};
use opplan::ui::{Command, OpplanApp, Tab, UiCommand};
use std::path::{Path, PathBuf};

use crate::support::kent_copy;

fn harness(app: OpplanApp) -> Harness<'static, OpplanApp> {
    window(app)
}

fn on_plan_tab(app: OpplanApp) -> Harness<'static, OpplanApp> {
    support::window_on(app, Tab::Plan)
}

fn request_close(h: &mut Harness<'_, OpplanApp>) {
    h.input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
    h.step();
}

fn sent(h: &Harness<'_, OpplanApp>, want: fn(&ViewportCommand) -> bool) -> bool {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| v.commands.iter().any(want))
}

/// Types `text` at the end of the Plan tab's title field, then moves the
/// focus away (as clicking elsewhere does).
fn type_in_title(h: &mut Harness<'_, OpplanApp>, text: &str) {
    let field = h.get_by_role_and_label(Role::TextInput, "Plan title");
    field.click();
    h.run();
    h.key_press(Key::End);
    h.get_by_role_and_label(Role::TextInput, "Plan title").type_text(text);
    h.run();
}

fn unfocus(h: &mut Harness<'_, OpplanApp>) {
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.ctx.text_edit_focused());
}

/// Asks for an edit of the title (applied at the next frame).
fn edit_title(app: &mut OpplanApp, title: &str) {
    let e = title_edit(app.plan(), title);
    app.run(e);
}

/// The recovery copy of a first window on `path` that edited the title,
/// wrote its copy, and died.
fn crashed_session(path: &Path, data: &Path, title: &str) -> PathBuf {
    let mut app = OpplanApp::open_or_blank(path);
    app.attach_data_dir(data.to_path_buf());
    edit_title(&mut app, title);
    let mut h = harness(app);
    // not offered its own copies: nothing was written before
    let copy = h.state_mut().write_recovery_now().unwrap();
    std::mem::forget(h.into_state());
    copy
}

// ---------------------------------------------------------------- close guard

#[test]
fn closing_a_dirty_plan_asks_and_cancel_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let mut app = OpplanApp::open_or_blank(&path);
    edit_title(&mut app, "Changed");
    let mut h = harness(app);
    assert!(h.state().is_dirty());

    request_close(&mut h);
    assert!(
        sent(&h, |c| matches!(c, ViewportCommand::CancelClose)),
        "the close is held"
    );
    h.run();
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.query_by_label("Save changes?").is_none());
    assert!(h.state().is_dirty());
    assert_eq!(h.state().plan().header.title, "Changed");
    assert!(!sent(&h, |c| matches!(c, ViewportCommand::Close)));

    // asked again: Discard closes, the file on disk untouched
    request_close(&mut h);
    h.run();
    h.get_by_label("Discard").click();
    h.step();
    assert!(
        sent(&h, |c| matches!(c, ViewportCommand::Close)),
        "Discard closes the window"
    );
    assert_eq!(
        io::load_path(&path).unwrap(),
        io::load_path(&sample("kent-bcf-2015-16.ron")).unwrap()
    );
}

#[test]
fn a_clean_plan_closes_without_asking() {
    let mut h = harness(OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron")));
    request_close(&mut h);
    assert!(!sent(&h, |c| matches!(c, ViewportCommand::CancelClose)));
    h.run();
    assert!(h.query_by_label("Save changes?").is_none());
}

#[test]
fn new_on_a_dirty_plan_asks_save_discard_cancel() {
    let mut app = OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron"));
    edit_title(&mut app, "Changed");
    let mut h = harness(app);
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Save changes?");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().plan().header.title, "Changed");
    assert_eq!(h.state().file_name(), "kent-bcf-2015-16.ron");

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert_eq!(h.state().file_name(), "Untitled plan");
    assert!(h.state().plan().schemes.is_empty());
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().history().undo_count(), 0, "undo is cleared by New");
}

#[test]
fn save_of_an_untitled_plan_asks_where_then_closes() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = OpplanApp::new(
        Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()),
        None,
    );
    edit_title(&mut app, "Workshop draft");
    let mut h = harness(app);
    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    // Save As opens; cancelling it cancels the close
    h.get_by_label("Save the plan as");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().is_dirty());
    assert!(!sent(&h, |c| matches!(c, ViewportCommand::Close)));

    request_close(&mut h);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let target = dir.path().join("workshop");
    let field = h.get_by_role_and_label(Role::TextInput, "File path");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "File path")
        .type_text(&target.display().to_string());
    h.run();
    h.get_all_by_label("Save").last().unwrap().click();
    h.step();
    let saved = dir.path().join("workshop.ron");
    assert_eq!(io::load_path(&saved).unwrap().header.title, "Workshop draft");
    assert!(!h.state().is_dirty());
    assert!(sent(&h, |c| matches!(c, ViewportCommand::Close)), "saved, then closed");
}

// ---------------------------------------------------------------- undo / redo

#[test]
fn undo_and_redo_an_edit_made_in_the_plan_tab() {
    let mut h = on_plan_tab(OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron")));
    let original = h.state().plan().header.title.clone();
    type_in_title(&mut h, " (draft)");
    let edited = format!("{original} (draft)");
    assert_eq!(h.state().plan().header.title, edited);
    assert!(h.state().is_dirty());
    assert_eq!(h.state().history().undo_count(), 1, "typing is one step");
    unfocus(&mut h);

    // the Edit menu says what will be undone
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo edit Plan title").click();
    h.run();
    assert_eq!(h.state().plan().header.title, original);
    assert!(!h.state().is_dirty(), "undone back to the file: no unsaved changes");

    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(h.state().plan().header.title, edited);
    assert!(h.state().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().header.title, original);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().plan().header.title, edited);
    // the field shows the plan, not text from before the undo
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Plan title")
            .value()
            .as_deref(),
        Some(edited.as_str())
    );
}

#[test]
fn a_focused_text_field_keeps_ctrl_z_for_itself() {
    let mut h = on_plan_tab(OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron")));
    edit_title(h.state_mut(), "Earlier edit");
    h.run();
    type_in_title(&mut h, "!");
    assert_eq!(h.state().plan().header.title, "Earlier edit!");
    // while the field has focus, Ctrl+Z goes to the field (its own undo),
    // which never reaches back to the earlier edit
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(
        !h.state().status().starts_with("Undone"),
        "the plan's undo did not run: {}",
        h.state().status()
    );
    assert_eq!(h.state().history().redo_count(), 0, "nothing went to the redo list");
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Plan title").is_focused(),
        "the field keeps focus"
    );
    assert!(
        h.state().plan().header.title.starts_with("Earlier edit"),
        "{}",
        h.state().plan().header.title
    );
    // once the field lets go, Ctrl+Z undoes the plan's last step
    unfocus(&mut h);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(h.state().status().starts_with("Undone"), "{}", h.state().status());
}

#[test]
fn undo_of_a_money_field_shows_the_old_amount() {
    let mut h = on_plan_tab(OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron")));
    let before = h.state().plan().header.budgets[0].minimum_required;
    let field = h.get_by_role_and_label(Role::TextInput, "Minimum required 2014/15");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Minimum required 2014/15")
        .type_text("31,500");
    h.run();
    assert_eq!(
        h.state().plan().header.budgets[0].minimum_required,
        Some(Amount::thousands(31_500))
    );
    // undo from the menu while the field is still focused
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo edit minimum").click();
    h.run();
    assert_eq!(h.state().plan().header.budgets[0].minimum_required, before);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Minimum required 2014/15")
            .value()
            .as_deref(),
        Some("27,000"),
        "the field shows the amount after the undo"
    );
    // and typing nothing more does not bring the undone text back
    h.run();
    assert_eq!(h.state().plan().header.budgets[0].minimum_required, before);
}

#[test]
fn amounts_beyond_a_trillion_are_refused_with_a_message() {
    let mut h = on_plan_tab(OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron")));
    let before = h.state().plan().clone();
    let field = h.get_by_role_and_label(Role::TextInput, "Declared total 2015/16");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Declared total 2015/16")
        .type_text("2,000bn");
    h.run();
    assert_eq!(h.state().plan(), &before, "refused: the plan is unchanged");
    h.get_by_label_contains("more than £1,000,000,000,000");
}

// ---------------------------------------------------------------- saving

#[test]
fn a_failed_save_says_why_and_keeps_the_changes() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone");
    std::fs::create_dir(&gone).unwrap();
    let path = kent_copy(&gone);
    let mut app = OpplanApp::open_or_blank(&path);
    edit_title(&mut app, "Changed");
    let mut h = harness(app);
    // the folder disappears (a network drive unplugged)
    std::fs::remove_dir_all(&gone).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Could not save");
    h.get_by_label_contains("does not exist");
    assert!(h.state().is_dirty());
    assert_eq!(h.state().plan().header.title, "Changed");
    h.get_by_label("OK").click();
    h.run();
    assert!(h.query_by_label("Could not save").is_none());
}

#[test]
fn save_asks_before_overwriting_a_file_changed_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let mut app = OpplanApp::open_or_blank(&path);
    edit_title(&mut app, "Mine");
    // a colleague saves the same file meanwhile
    let mut theirs = io::load_path(&path).unwrap();
    theirs.header.title = "Theirs".into();
    io::save_path(&theirs, &path).unwrap();
    let mut h = harness(app);

    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("The file was changed on disk");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(
        io::load_path(&path).unwrap().header.title,
        "Theirs",
        "Cancel wrote nothing"
    );
    assert!(h.state().is_dirty());

    // Reload shows theirs; Undo brings mine back
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Reload from disk").click();
    h.run();
    assert_eq!(h.state().plan().header.title, "Theirs");
    assert!(!h.state().is_dirty(), "the window now holds the file on disk");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().plan().header.title, "Mine");
    assert!(h.state().is_dirty());

    // the file has not changed since the reload: Save just saves
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(h.query_by_label("The file was changed on disk").is_none());
    assert_eq!(io::load_path(&path).unwrap().header.title, "Mine");

    // changed again on disk: Overwrite keeps theirs as the .bak
    io::save_path(&theirs, &path).unwrap();
    edit_title(h.state_mut(), "Mine again");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert_eq!(io::load_path(&path).unwrap().header.title, "Mine again");
    assert_eq!(io::load_path(&io::backup_path(&path)).unwrap().header.title, "Theirs");
    assert!(!h.state().is_dirty());
}

#[test]
fn save_elsewhere_keeps_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let mut app = OpplanApp::open_or_blank(&path);
    edit_title(&mut app, "Mine");
    let mut theirs = io::load_path(&path).unwrap();
    theirs.header.title = "Theirs".into();
    io::save_path(&theirs, &path).unwrap();
    let mut h = harness(app);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Save elsewhere…").click();
    h.run();
    let suggested = h.get_by_role_and_label(Role::TextInput, "File path").value().unwrap();
    assert!(suggested.ends_with("kent (2).ron"), "{suggested}");
    h.get_all_by_label("Save").last().unwrap().click();
    h.run();
    assert_eq!(
        io::load_path(&dir.path().join("kent (2).ron")).unwrap().header.title,
        "Mine"
    );
    assert_eq!(io::load_path(&path).unwrap().header.title, "Theirs");
    assert_eq!(h.state().file_name(), "kent (2).ron");
}

#[test]
fn opening_a_bad_file_shows_the_reason_and_keeps_the_plan() {
    let mut app = OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron"));
    edit_title(&mut app, "Unsaved work");
    let mut h = harness(app);
    let bad = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_files/truncated_half.ron");
    run(&mut h, Command::OpenPath(bad.clone()));
    // the plan has unsaved changes: asked first; Discard, then the open fails
    h.get_by_label("Discard").click();
    h.run();
    h.get_by_label("Could not open the plan");
    h.get_by_label_contains("Line 479, column 17: the file ends too early");
    assert_eq!(h.state().plan().header.title, "Unsaved work");
    assert!(h.state().is_dirty(), "the open failed: the changes are still unsaved");
}

// ---------------------------------------------------------------- recovery

#[test]
fn a_recovery_copy_is_offered_on_start_and_restored() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = kent_copy(files.path());
    // a first window edits, writes its recovery copy, and dies
    crashed_session(&path, data.path(), "Unsaved work");
    // the next start finds it, and only it
    let mut app = OpplanApp::open_or_blank(&path);
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = harness(app);
    h.get_by_label("Unsaved work found");
    assert!(h.query_by_label_contains("more copies after this one").is_none());
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().plan().header.title, "Unsaved work");
    assert!(h.state().is_dirty(), "restored changes are unsaved");
    assert_eq!(h.state().path(), Some(path.as_path()));
    // Undo shows the file as saved; Redo the recovered changes again
    h.get_by_label("Edit").click();
    h.run();
    h.get_by_label_contains("Undo restore unsaved changes").click();
    h.run();
    assert_eq!(h.state().plan(), &io::load_path(&path).unwrap());
    assert!(!h.state().is_dirty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(h.state().plan().header.title, "Unsaved work");
    assert!(h.state().is_dirty());
    // saving writes the file and removes the copy
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert_eq!(io::load_path(&path).unwrap().header.title, "Unsaved work");
    assert!(io::recovery::scan(data.path()).is_empty());
}

#[test]
fn a_recovery_copy_can_be_discarded_or_opened_side_by_side() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = kent_copy(files.path());
    let write_copy = |title: &str| crashed_session(&path, data.path(), title);
    write_copy("To discard");
    let mut app = OpplanApp::open_or_blank(&path);
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = harness(app);
    h.get_by_label("Discard").click();
    h.run();
    assert!(io::recovery::scan(data.path()).is_empty());
    assert!(!h.state().is_dirty());

    write_copy("Side by side");
    let opened = std::rc::Rc::new(std::cell::RefCell::new(Vec::<PathBuf>::new()));
    let seen = opened.clone();
    let mut app = OpplanApp::open_or_blank(&path).with_window_spawner(Box::new(move |p| {
        seen.borrow_mut().push(p.to_path_buf());
        Ok(())
    }));
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = harness(app);
    h.get_by_label("Open side by side").click();
    h.run();
    // this window keeps the saved file; the second gets the copy, moved
    // to a slot of its own
    assert_eq!(
        h.state().plan().header.title,
        io::load_path(&path).unwrap().header.title
    );
    assert!(!h.state().is_dirty());
    let copies = opened.borrow().clone();
    assert_eq!(copies.len(), 1);
    let second = OpplanApp::open_recovered(&copies[0]);
    assert_eq!(second.plan().header.title, "Side by side");
    assert!(second.is_dirty());
    assert_eq!(second.path(), None, "a new unsaved plan");
    assert_eq!(second.recovery_copy_path(), Some(copies[0].as_path()));
}

/// The recovery copy of a first window on a plan never saved that set
/// its title to `title`, wrote its copy, and died.
fn crashed_untitled_session(data: &Path, title: &str) -> PathBuf {
    let mut app = OpplanApp::new(Plan::default(), None);
    app.attach_data_dir(data.to_path_buf());
    edit_title(&mut app, title);
    let mut h = harness(app);
    let copy = h.state_mut().write_recovery_now().unwrap();
    std::mem::forget(h.into_state());
    copy
}

/// The button `button` on the row of the dialog's list that shows `row`.
fn row_button<'a>(h: &'a Harness<'static, OpplanApp>, row: &str, button: &'a str) -> egui_kittest::Node<'a> {
    let at = h.get_by_label(row).rect();
    h.query_all_by_label(button)
        .find(|b| {
            let y = b.rect().center().y;
            y > at.top() && y < at.bottom()
        })
        .unwrap_or_else(|| panic!("no {button} on the row of {row}"))
}

#[test]
fn several_recovery_copies_are_listed_in_one_dialog() {
    // issue 19, finding 6: one dialog per copy
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = kent_copy(files.path());
    let first = crashed_session(&path, data.path(), "First session");
    let second = crashed_session(&path, data.path(), "Second session");
    let untitled = crashed_untitled_session(data.path(), "Never saved");
    assert_ne!(first, second);
    let mut app = OpplanApp::open_or_blank(&path);
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = harness(app);
    // one dialog lists all three: plan, time and size, each with its buttons
    assert_eq!(h.query_all_by_label("Unsaved work found").count(), 1);
    assert_eq!(h.query_all_by_label("Restore").count(), 3);
    assert_eq!(h.query_all_by_label("Discard").count(), 3);
    assert!(
        h.query_all_by_label("kent.ron").count() >= 2,
        "both copies of kent.ron are listed"
    );
    let never = "Untitled plan \u{201c}Never saved\u{201d}";
    h.get_by_label(never);
    for copy in [&first, &second, &untitled] {
        let info = io::recovery::read_info(copy).unwrap();
        let time = io::recovery::describe_time(info.written);
        assert!(h.query_all_by_label(&time).next().is_some(), "the time {time} is shown");
        let size = io::recovery::describe_size(std::fs::metadata(copy).unwrap().len());
        assert!(h.query_all_by_label(&size).next().is_some(), "the size {size} is shown");
    }
    // Discard on one row deletes that copy only
    row_button(&h, never, "Discard").click();
    h.run();
    assert!(!untitled.exists());
    assert!(first.exists() && second.exists());
    assert_eq!(h.query_all_by_label("Restore").count(), 2);
    // Restore on one row: the window holds it, and the other copy can no
    // longer replace it here
    h.query_all_by_label("Restore").next().unwrap().click();
    h.run();
    let restored = h.state().plan().header.title.clone();
    assert!(
        restored == "First session" || restored == "Second session",
        "{restored}"
    );
    assert!(h.state().is_dirty());
    assert!(h.get_by_label("Restore").accesskit_node().is_disabled());
    h.get_by_label("Decide later").click();
    h.run();
    assert!(h.query_by_label("Unsaved work found").is_none());
    assert!(first.exists() && second.exists(), "the copy left for later is kept");
    assert_eq!(h.state().plan().header.title, restored);
}

#[test]
fn discard_all_asks_then_deletes_every_copy_listed() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = kent_copy(files.path());
    let copies = [
        crashed_session(&path, data.path(), "First session"),
        crashed_untitled_session(data.path(), "Never saved"),
    ];
    let mut app = OpplanApp::open_or_blank(&path);
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = harness(app);
    h.get_by_label("Discard all…").click();
    h.run();
    // Keep them goes back; nothing is deleted
    h.get_by_label_contains("Delete all 2 copies?");
    h.get_by_label("Keep them").click();
    h.run();
    assert!(copies.iter().all(|c| c.exists()));
    h.get_by_label("Discard all…").click();
    h.run();
    h.get_by_label("Delete them").click();
    h.run();
    assert!(copies.iter().all(|c| !c.exists()));
    assert!(io::recovery::scan(data.path()).is_empty());
    assert!(h.query_by_label("Unsaved work found").is_none());
    assert!(!h.state().is_dirty());
}

#[test]
fn the_copy_is_written_while_dirty_and_removed_when_clean() {
    let data = tempfile::tempdir().unwrap();
    let mut app = OpplanApp::open_or_blank(&sample("kent-bcf-2015-16.ron"));
    app.attach_data_dir(data.path().to_path_buf());
    app.run(UiCommand::RecoveryEvery(10));
    let mut h = harness(app);
    let e = title_edit(h.state().plan(), "Changed");
    run(&mut h, e);
    // the first copy comes one interval (of the window's clock) after the
    // first change, not before
    wait(&mut h, 8.0);
    assert_eq!(h.state().recovery_copy_path(), None, "not yet");
    wait(&mut h, 3.0);
    let copy = h
        .state()
        .recovery_copy_path()
        .expect("written after 10 seconds")
        .to_path_buf();
    // it is written on another thread: frames go on until it is there
    for _ in 0..10_000 {
        if io::recovery::load_copy(&copy).is_ok() {
            break;
        }
        h.step();
    }
    assert_eq!(io::recovery::load_copy(&copy).unwrap().header.title, "Changed");
    // undo back to the file: nothing unsaved, the copy goes
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert!(!h.state().is_dirty());
    assert!(!copy.exists());
}

// ---------------------------------------------------------------- preferences

#[test]
fn recent_files_and_preferences_persist_apart_from_plans() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let a = kent_copy(files.path());
    let b = files.path().join("skc.ron");
    std::fs::copy(sample("south-kent-coast-2015-16.ron"), &b).unwrap();
    let mut app = OpplanApp::open_or_blank(&a);
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = harness(app);
    run(&mut h, Command::OpenPath(b.clone()));
    run(&mut h, Command::OpenPath(a.clone()));
    run(&mut h, UiCommand::ShowTab(Tab::Risks));
    h.state_mut().save_prefs();
    let prefs = opplan::ui::prefs::Preferences::load(data.path());
    assert_eq!(
        prefs.recent,
        vec![std::path::absolute(&a).unwrap(), std::path::absolute(&b).unwrap()]
    );
    assert_eq!(
        prefs.last_folder.as_deref(),
        Some(std::path::absolute(files.path()).unwrap().as_path())
    );
    assert_eq!(prefs.last_tab, "Risks");

    // zoom from the View menu
    h.get_by_label("View").click();
    h.run();
    h.get_by_label_contains("Zoom in").click();
    h.run();
    h.state_mut().save_prefs();
    let zoom = opplan::ui::prefs::Preferences::load(data.path()).zoom;
    assert!((zoom - 1.1).abs() < 1e-4, "{zoom}");
    // written by itself a second (of the window's clock) after a change
    run(&mut h, UiCommand::ZoomReset);
    wait(&mut h, 1.5);
    let zoom = opplan::ui::prefs::Preferences::load(data.path()).zoom;
    assert!((zoom - 1.0).abs() < 1e-4, "{zoom}");

    // a recent file that disappears is dropped at the next start
    std::fs::remove_file(&b).unwrap();
    let mut next = OpplanApp::open_or_blank(&a);
    next.attach_data_dir(data.path().to_path_buf());
    assert_eq!(next.preferences().recent, vec![std::path::absolute(&a).unwrap()]);
    assert_eq!(next.tab(), Tab::Risks);
    // the recent list is in the File menu
    let mut h = harness(next);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open Recent").hover();
    h.run();
    // the file's name, its folder beside it
    h.get_by_label(&format!(
        "kent.ron {}",
        std::path::absolute(files.path()).unwrap().display()
    ));
    // no plan was written into the data folder, nothing else either
    let names: Vec<String> = std::fs::read_dir(data.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["preferences.ron".to_string()]);
}

#[test]
fn numbers_beyond_the_bounds_are_refused_with_a_message() {
    use opplan::model::Decimal;
    use opplan::ui::widgets::{FieldChange, decimal_field};
    let mut h = Harness::builder().with_size(egui::vec2(500.0, 200.0)).build_ui_state(
        |ui, value: &mut Option<Decimal>| {
            if let FieldChange::Set(v) = decimal_field(ui, egui::Id::unique("target"), value, "Target", 200.0) {
                *value = v;
            }
        },
        None,
    );
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Target").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Target").type_text("95.5%");
    h.run();
    assert_eq!(*h.state(), Some(Decimal::new(955, 1)));
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Target").type_text("1e400");
    h.run();
    assert_eq!(*h.state(), Some(Decimal::new(955, 1)), "not a number: unchanged");
    h.get_by_label_contains("Not a valid number");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "Target")
        .type_text("5,000,000,000,000,000");
    h.run();
    assert_eq!(*h.state(), Some(Decimal::new(955, 1)), "absurd: unchanged");
    h.get_by_label_contains("check the number");
}

#[test]
fn a_text_field_at_its_limit_says_so() {
    use opplan::ui::widgets::{MAX_LINE_CHARS, text_field};
    let mut h = Harness::builder().with_size(egui::vec2(600.0, 300.0)).build_ui_state(
        |ui, value: &mut String| {
            if let Some(v) = text_field(ui, value, "Scheme name", 400.0) {
                *value = v;
            }
        },
        "x".repeat(MAX_LINE_CHARS - 1),
    );
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Scheme name").click();
    h.run();
    h.key_press(Key::End);
    h.get_by_role_and_label(Role::TextInput, "Scheme name").type_text("abc");
    h.run();
    assert_eq!(h.state().chars().count(), MAX_LINE_CHARS, "the field refuses more");
    h.get_by_label_contains("holds at most 1,000 characters");
}

#[test]
fn a_copy_left_for_later_is_never_overwritten() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let path = kent_copy(files.path());
    let first = crashed_session(&path, data.path(), "First session");
    let mut app = OpplanApp::open_or_blank(&path);
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = harness(app);
    h.get_by_label("Decide later").click();
    h.run();
    edit_title(h.state_mut(), "Second session");
    h.run();
    let second = h.state_mut().write_recovery_now().unwrap();
    assert_ne!(first, second);
    assert_eq!(io::recovery::load_copy(&first).unwrap().header.title, "First session");
    // both are offered next time
    assert_eq!(io::recovery::scan(data.path()).len(), 2);
}

// ---------------------------------------------------------------- writes that are refused

/// Saves with Ctrl+S and checks the save was refused with a message
/// containing `says`, the changes kept and the file as it was.
fn save_is_refused(h: &mut Harness<'_, OpplanApp>, path: &Path, before: &[u8], says: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    h.get_by_label("Could not save");
    h.get_by_label_contains(says);
    assert!(h.state().is_dirty(), "the changes are still unsaved");
    assert_eq!(std::fs::read(path).unwrap(), before, "the file is as it was");
    h.get_by_label("OK").click();
    h.run();
}

#[test]
fn save_refuses_a_plan_opplan_could_not_open_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut app = OpplanApp::open_or_blank(&path);
    // a text longer than a field holds, as no field of the window would
    // send it (a record put whole is not checked field by field)
    let e = put("Paste a long text", &app.plan().schemes, 2, |s| {
        s.description = "x".repeat(200_000)
    });
    app.run(e);
    let mut h = harness(app);
    save_is_refused(&mut h, &path, &before, "scheme 3");
    assert_eq!(
        h.state().plan().schemes[2].description.len(),
        200_000,
        "kept in the window"
    );
}

#[cfg(unix)]
#[test]
fn save_refuses_a_read_only_plan() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let mut app = OpplanApp::open_or_blank(&path);
    edit_title(&mut app, "Changed");
    let mut h = harness(app);
    save_is_refused(&mut h, &path, &before, "read-only");
    assert_eq!(h.state().plan().header.title, "Changed");
}

#[test]
fn save_while_another_opplan_writes_the_plan_refuses_then_works() {
    let dir = tempfile::tempdir().unwrap();
    let path = kent_copy(dir.path());
    let before = std::fs::read(&path).unwrap();
    let mut app = OpplanApp::open_or_blank(&path);
    edit_title(&mut app, "Changed");
    let mut h = harness(app);
    let held = io::FileLock::acquire(&path, std::time::Duration::ZERO).unwrap();
    save_is_refused(&mut h, &path, &before, "another opplan");
    drop(held);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(io::load_path(&path).unwrap().header.title, "Changed");
}
