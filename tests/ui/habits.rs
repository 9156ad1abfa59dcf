//! What a planner's hands expect (issue 19): keys land in the field they
//! were typed into, whatever the frame rate.

use crate::support::{self, focused, keys};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::model::Plan;
use opplan::ui::{OpplanApp, Tab};

fn key(k: Key, pressed: bool) -> Event {
    Event::Key {
        key: k,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: Modifiers::NONE,
    }
}

/// Queues `events` into ONE frame's input, as a slow frame receives them.
fn one_frame(h: &mut Harness<'static, OpplanApp>, events: Vec<Event>) {
    h.input_mut().events.extend(events);
}

/// Runs frames as the desktop window does: each frame's input first goes
/// through the app's `raw_input_hook`.
fn frames_as_the_window_runs_them(h: &mut Harness<'static, OpplanApp>) {
    let ctx = h.ctx.clone();
    for _ in 0..8 {
        let mut raw = h.input_mut().take();
        eframe::App::raw_input_hook(h.state_mut(), &ctx, &mut raw);
        *h.input_mut() = raw;
        h.step();
    }
    h.run();
}

#[test]
fn text_tab_text_in_one_frame_land_in_their_own_fields() {
    // issue 19, finding 3: "Jo Bloggs OwnerDr" and "Draft v0.1aft v0.2"
    let mut h = support::window_on(OpplanApp::new(Plan::default(), None), Tab::Plan);
    h.get_by_role_and_label(Role::TextInput, "Plan owner").focus();
    h.run();
    one_frame(
        &mut h,
        vec![
            Event::Text("Jo Bloggs Owner".into()),
            key(Key::Tab, true),
            key(Key::Tab, false),
            Event::Text("Draft v0.2".into()),
        ],
    );
    frames_as_the_window_runs_them(&mut h);
    let header = &h.state().plan().header;
    assert_eq!(header.owner, "Jo Bloggs Owner");
    assert_eq!(header.version, "Draft v0.2");
}

#[test]
fn a_click_right_after_typing_keeps_the_typing() {
    // issue 19, finding 3: a click 0–100 ms after typing dropped the last characters of Notes
    let mut h = support::window_on(OpplanApp::new(Plan::default(), None), Tab::Plan);
    h.get_by_role_and_label(Role::MultilineTextInput, "Notes").focus();
    h.run();
    h.input_mut().events.push(Event::Text("Agreed at the board".into()));
    // the click lands in the same frame as the typing
    let owner = h.get_by_role_and_label(Role::TextInput, "Plan owner").rect().center();
    one_frame(
        &mut h,
        vec![
            Event::PointerMoved(owner),
            Event::PointerButton {
                pos: owner,
                button: egui::PointerButton::Primary,
                pressed: true,
                modifiers: Modifiers::NONE,
            },
            Event::PointerButton {
                pos: owner,
                button: egui::PointerButton::Primary,
                pressed: false,
                modifiers: Modifiers::NONE,
            },
            Event::Text("Jo".into()),
        ],
    );
    frames_as_the_window_runs_them(&mut h);
    let header = &h.state().plan().header;
    assert_eq!(header.notes, "Agreed at the board");
    assert_eq!(header.owner, "Jo");
}

#[test]
fn keys_switch_tabs() {
    // issue 19, finding 5: Ctrl+1…, Ctrl+Tab, Ctrl+PageDown did nothing
    let mut h = support::window(support::sample("kent-bcf-2015-16.ron"));
    let all = Tab::ALL;
    let last = all.len() - 1;
    keys(&mut h, Modifiers::COMMAND, Key::Num3);
    assert_eq!(h.state().tab(), all[2]);
    keys(&mut h, Modifiers::COMMAND, Key::Tab);
    assert_eq!(h.state().tab(), all[3]);
    keys(&mut h, Modifiers::COMMAND, Key::PageDown);
    assert_eq!(h.state().tab(), all[4]);
    keys(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Tab);
    assert_eq!(h.state().tab(), all[3]);
    keys(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(h.state().tab(), all[2]);
    keys(&mut h, Modifiers::COMMAND, Key::Num1);
    assert_eq!(h.state().tab(), all[0]);
    // before the first, the last
    keys(&mut h, Modifiers::COMMAND, Key::PageUp);
    assert_eq!(h.state().tab(), all[last]);
    keys(&mut h, Modifiers::COMMAND, Key::Tab);
    assert_eq!(h.state().tab(), all[0]);
}

#[test]
fn escape_in_a_cell_leaves_no_undo_step_and_tab_goes_on_from_the_cell() {
    // issue 19, finding 5: the cancelled edit stayed in the undo history,
    // and after Escape the next Tab went to the File menu
    let mut h = support::window_on(support::sample("kent-bcf-2015-16.ron"), Tab::Schemes);
    let steps = h.state().history().undo_count();
    h.get_by_label("Scheme 2 name").focus();
    h.run();
    for c in "DFG".chars() {
        h.event(Event::Text(c.to_string()));
        h.run();
    }
    assert_eq!(h.state().plan().schemes[1].name, "DFG");
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(h.state().plan().schemes[1].name, "Disabled facilities Grant (DFG)");
    assert_eq!(h.state().history().undo_count(), steps);
    assert!(!h.state().is_dirty());
    assert_eq!(focused(&h), None);
    h.key_press(Key::Tab);
    h.run();
    let now = focused(&h).unwrap_or_default();
    assert!(now.starts_with("Scheme 2 "), "the focus went to {now:?}");
}

#[test]
fn a_titled_plan_never_saved_is_named_by_its_title_and_not_called_saved() {
    // issue 19, finding 7: "Not saved yet | All changes saved" together, and
    // "Untitled plan has unsaved changes" for a titled plan
    let mut plan = Plan::default();
    plan.header.title = "Thanet plan".into();
    let mut h = support::window(OpplanApp::new(plan, None));
    h.get_by_label("Not saved yet");
    assert!(h.query_by_label("All changes saved").is_none());
    let e = support::title_edit(h.state().plan(), "Thanet plan 2");
    support::run(&mut h, e);
    assert!(
        h.state().title().contains("\u{201c}Thanet plan 2\u{201d}"),
        "{}",
        h.state().title()
    );
    keys(&mut h, Modifiers::COMMAND, Key::N);
    h.get_by_label("\u{201c}Thanet plan 2\u{201d} has unsaved changes. Save them before starting a new plan?");
}

#[test]
fn counts_of_shown_rows_have_separators() {
    // issue 19, finding 7: "Shown (533 of 5000"
    let plan = opplan::generate::generate(&opplan::generate::GenerateOptions {
        schemes: 1_200,
        metrics: 0,
        risks: 0,
        signoffs: 0,
        years: 1,
        seed: 1,
    });
    let mut h = support::window_on(OpplanApp::new(plan, None), Tab::Schemes);
    h.get_by_label("Filter schemes").click();
    h.run();
    h.event(Event::Text("Section 75".into()));
    h.run();
    let shown: Vec<String> = h
        .query_all(by().role(Role::Label))
        .filter_map(|n| n.accesskit_node().value().map(|l| l.to_string()))
        .filter(|l| l.contains(" of 1,200"))
        .collect();
    assert!(shown.iter().any(|l| l.starts_with("Showing ")), "{shown:?}");
    assert!(shown.iter().any(|l| l.starts_with("Shown (")), "{shown:?}");
    h.get_by_label("Total (1,200)");
    h.get_by_label("Schemes (1,200)");
}

#[test]
fn ctrl_v_and_ctrl_c_in_a_table_and_copy_paste_in_the_edit_menu() {
    // issue 19, finding 5: Ctrl+V in a table did nothing; the Edit menu had no Copy or Paste
    let mut h = support::window_on(support::sample("kent-bcf-2015-16.ron"), Tab::Schemes);
    h.event(Event::Paste("Scheme\t2015/16\nWinter pressures\t1,000\n".into()));
    h.run();
    h.get_by_label("Paste into Schemes");
    h.get_by_role_and_label(Role::Button, "Add 1 scheme").click();
    h.run();
    let schemes = &h.state().plan().schemes;
    assert_eq!(schemes.len(), 13);
    assert_eq!(schemes[12].name, "Winter pressures");
    h.event(Event::Copy);
    h.run();
    assert!(
        support::status(&h).starts_with("Copied 13 schemes"),
        "{}",
        support::status(&h)
    );
    // not while a field is being typed in: the field keeps the paste
    h.get_by_label("Scheme 2 name").focus();
    h.run();
    h.event(Event::Paste("DFG".into()));
    h.run();
    assert!(h.query_by_label("Paste into Schemes").is_none());
    h.key_press(Key::Escape);
    h.run();
    // the Edit menu: the topmost "Edit" (the Schemes tab has Edit buttons too)
    h.query_all(by().label("Edit"))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .click();
    h.run();
    h.get_by_label_contains("Copy rows");
    h.get_by_label_contains("Paste rows…");
}

#[test]
fn save_of_a_sample_asks_where_lists_the_folder_and_types_into_the_path() {
    // issue 19, finding 6: Save suggested the app's own assets/ folder, the
    // path field of the dialog did not have the keyboard, no files were listed
    let mut h = support::window(support::sample("kent-bcf-2015-16.ron"));
    let assets = std::path::absolute(support::sample_path("kent-bcf-2015-16.ron"))
        .unwrap()
        .parent()
        .unwrap()
        .to_path_buf();
    keys(&mut h, Modifiers::COMMAND, Key::S);
    h.get_by_label("Save the plan as");
    let field = h.get_by_label("File path");
    assert!(field.is_focused(), "the path field has the keyboard");
    let text = field.accesskit_node().value().unwrap_or_default().to_string();
    assert!(text.ends_with("kent-bcf-2015-16.ron"), "{text}");
    assert!(
        !std::path::absolute(&text).unwrap().starts_with(&assets),
        "{text} is in the app's own folder"
    );
    // typing goes into the field; the folder typed is listed
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ashford.ron"), "").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "").unwrap();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(Event::Text(format!(
        "{}{}",
        dir.path().display(),
        std::path::MAIN_SEPARATOR
    )));
    h.run();
    h.get_by_label_contains("ashford.ron");
    assert!(h.query_by_label_contains("notes.txt").is_none());
    assert!(std::fs::metadata(support::sample_path("kent-bcf-2015-16.ron")).is_ok());
}

#[test]
fn a_recovery_copy_is_offered_only_with_its_own_plan() {
    // issue 19, finding 6: the recovery prompt appeared on every launch, whatever file was opened
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let a = files.path().join("a.ron");
    let b = files.path().join("b.ron");
    std::fs::copy(support::sample_path("kent-bcf-2015-16.ron"), &a).unwrap();
    std::fs::copy(support::sample_path("kent-bcf-2015-16.ron"), &b).unwrap();
    // a first window on a.ron edits, writes its copy, and dies
    let mut first = OpplanApp::open_or_blank(&a);
    first.attach_data_dir(data.path().to_path_buf());
    let e = support::title_edit(first.plan(), "Unsaved work on a");
    first.run(e);
    let mut h = support::window(first);
    h.state_mut().write_recovery_now().unwrap();
    std::mem::forget(h.into_state());
    // the next start on b.ron does not ask about a.ron's copy
    let mut app = OpplanApp::open_or_blank(&b);
    app.attach_data_dir(data.path().to_path_buf());
    let mut h = support::window(app);
    assert!(h.query_by_label("Unsaved work found").is_none());
    // opening a.ron offers it
    support::run(&mut h, opplan::ui::Command::OpenPath(a.clone()));
    h.get_by_label("Unsaved work found");
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().plan().header.title, "Unsaved work on a");
}

#[test]
fn help_lists_every_shortcut_and_gets_a_new_user_started() {
    let mut h = support::window(support::sample("kent-bcf-2015-16.ron"));
    support::run(&mut h, opplan::ui::UiCommand::ShowShortcuts);
    h.get_by_label("Keyboard shortcuts");
    let ctx = h.ctx.clone();
    for c in opplan::ui::UiCommand::all() {
        if c.shortcut_text(&ctx).is_some() {
            assert!(h.query_all(by().label(&c.name())).next().is_some(), "{c:?} not listed");
        }
    }
    h.get_by_label("Ctrl+Tab, Ctrl+PageDown");
    support::run(&mut h, opplan::ui::UiCommand::GettingStarted);
    h.get_by_label("Getting started");
    h.get_by_label_contains("Schemes: The schemes that spend the money");
}

#[test]
fn a_damaged_file_is_explained_in_words_and_its_bak_named() {
    // issue 19, finding 7: "expected option", and no word of the .bak copy
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kent.ron");
    let good = std::fs::read_to_string(support::sample_path("kent-bcf-2015-16.ron")).unwrap();
    std::fs::write(dir.path().join("kent.ron.bak"), &good).unwrap();
    let damaged = good.replacen("spend: Some(Exact(343200000))", "spend: Exact(343200000)", 1);
    assert_ne!(damaged, good);
    std::fs::write(&path, damaged).unwrap();
    let mut h = support::window(support::sample("kent-bcf-2015-16.ron"));
    support::run(&mut h, opplan::ui::Command::OpenPath(path.clone()));
    h.get_by_label("Could not open the plan");
    let msg = h.state().error().map(|(_, m)| m.to_string()).unwrap_or_default();
    assert!(msg.contains("written Some(…) or None"), "{msg}");
    assert!(!msg.to_lowercase().contains("expected option"), "{msg}");
    assert!(msg.contains("kent.ron.bak"), "{msg}");
}

#[test]
fn the_paste_preview_shows_the_amounts_read_and_a_name_the_plan_has() {
    // issue 19, finding 7: the preview showed names only, and not that a row matches a scheme
    let mut h = support::window_on(support::sample("kent-bcf-2015-16.ron"), Tab::Schemes);
    h.event(Event::Paste(
        "Scheme\t2015/16\nCarers Break\t1,250\nWinter pressures\t300\n".into(),
    ));
    h.run();
    h.get_by_label_contains("same name as Scheme 4 \u{201c}Carers Break\u{201d}");
    assert!(h.query_all(by().label_contains("2015/16: 1,250")).next().is_some());
    assert!(h.query_all(by().label_contains("2015/16: 300")).next().is_some());
}
