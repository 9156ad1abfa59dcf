//! The command table as a user meets it: the command palette, every
//! shortcut findable in a menu or a bar, a shortcut that cannot run
//! saying why, Escape closing the topmost thing only, and the date the
//! window works with following the clock.

use crate::support::{self, run, sample, show_tab, title_edit, wait, window, window_on};
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::model::DateField;
use opplan::ui::{OpplanApp, Tab, UiCommand};
use std::cell::Cell;
use std::rc::Rc;

const KENT: &str = "kent-bcf-2015-16.ron";

fn open_palette(h: &mut Harness<'_, OpplanApp>) {
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    assert!(
        h.get_by_label("Search commands").is_focused(),
        "the filter has the keyboard"
    );
}

#[test]
fn the_palette_finds_a_command_and_enter_runs_it() {
    let mut h = window(sample(KENT));
    open_palette(&mut h);
    // every command of the window is listed, with its shortcut
    h.get_by_label("Save As… Ctrl+Shift+S");
    h.get_by_label("Show the Risks tab Ctrl+7");
    h.get_by_label("Search commands").type_text("lock");
    h.run();
    // only what matches, with its shortcut in its accessible name
    h.get_by_label("Lock the plan Ctrl+L");
    assert!(h.query_by_label("Save As… Ctrl+Shift+S").is_none());
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().is_locked(), "Enter ran it");
    assert!(h.query_by_label("Search commands").is_none(), "and closed the palette");

    // words in any order, the menu's name too; the arrows move the mark
    open_palette(&mut h);
    h.get_by_label("Search commands").type_text("view risks");
    h.run();
    h.get_by_label("Show the Risks tab Ctrl+7");
    h.get_by_label("Audience window shows: risks");
    h.key_press(Key::ArrowDown);
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().tab(), Tab::Overview, "the second row ran, not the first");
    open_palette(&mut h);
    h.get_by_label("Search commands").type_text("view risks");
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().tab(), Tab::Risks);

    // nothing found; Escape closes it and changes nothing
    open_palette(&mut h);
    h.get_by_label("Search commands").type_text("no such thing");
    h.run();
    h.get_by_label("No command matches.");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Search commands").is_none());
    assert_eq!(h.state().tab(), Tab::Risks);
    assert!(h.state().is_locked());

    // a row clicked runs too; one that cannot run now is greyed out
    open_palette(&mut h);
    h.get_by_label("Search commands").type_text("undo");
    h.run();
    assert!(h.get_by_label("Undo Ctrl+Z").accesskit_node().is_disabled());
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    h.run();
    assert!(h.query_by_label("Search commands").is_none(), "its shortcut closes it");
    open_palette(&mut h);
    h.get_by_label("Search commands").type_text("unlock");
    h.run();
    h.get_by_label("Unlock the plan Ctrl+L").click();
    h.run();
    assert!(!h.state().is_locked());
}

/// Every label drawn now.
fn labels(h: &Harness<'_, OpplanApp>) -> Vec<String> {
    h.query_all(by().predicate(|_| true))
        .filter_map(|n| n.accesskit_node().label().or_else(|| n.accesskit_node().value()))
        .collect()
}

/// The labels of a menu of the menu bar and of its submenus.
fn menu_labels(h: &mut Harness<'_, OpplanApp>, menu: &str, submenus: &[&str]) -> Vec<String> {
    // the menu bar's button: the topmost of that name
    h.query_all_by_label(menu)
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .expect("the menu")
        .click();
    h.run();
    let mut out = labels(h);
    for sub in submenus {
        h.get_by_label(sub).hover();
        h.run();
        out.extend(labels(h));
    }
    h.key_press(Key::Escape);
    h.run();
    out
}

#[test]
fn every_shortcut_is_in_a_menu_or_a_bar() {
    let mut h = window_on(sample(KENT), Tab::Schemes);
    let mut seen = labels(&h); // the plan bar, the Schemes tab's toolbar
    seen.extend(menu_labels(&mut h, "File", &["Open Recent", "Open a sample plan"]));
    seen.extend(menu_labels(&mut h, "Edit", &["Recovery copies"]));
    seen.extend(menu_labels(
        &mut h,
        "View",
        &[
            "Theme",
            "Presentation size",
            "Projector theme",
            "Audience window shows",
            "Audience text size",
        ],
    ));
    seen.extend(menu_labels(
        &mut h,
        "Data",
        &[
            "Paste rows from a spreadsheet into",
            "Copy a table for Excel",
            "Import CSV into",
            "Export",
        ],
    ));
    // the Metrics tab's chart for the room has Previous and Next
    show_tab(&mut h, Tab::Metrics);
    h.get_by_label("Present chart").click();
    h.run();
    seen.extend(labels(&h));
    // the presentation bar
    run(&mut h, UiCommand::TogglePresentation);
    seen.extend(labels(&h));

    let mut missing = Vec::new();
    for &c in UiCommand::all() {
        if c.shortcuts().is_empty() {
            continue;
        }
        let name = c.short_name();
        if !seen.iter().any(|l| l.starts_with(name.as_ref())) {
            missing.push(format!("{c:?} ({name})"));
        }
    }
    assert!(missing.is_empty(), "shortcuts in no menu or bar: {missing:#?}");
    // menus show the shortcut beside the name
    for shown in [
        "Save As… Ctrl+Shift+S",
        "Redo Ctrl+Shift+Z",
        "Presentation mode F5",
        "Command palette… Ctrl+Shift+P",
    ] {
        assert!(seen.iter().any(|l| l == shown), "{shown}");
    }
}

#[test]
fn a_shortcut_that_cannot_run_now_says_why() {
    let mut h = window_on(sample(KENT), Tab::Schemes);
    let before = h.state().plan().clone();
    // no scheme selected
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run();
    assert_eq!(h.state().status(), "Select a scheme first (click its number)");
    assert_eq!(h.state().plan(), &before);
    // with one, it duplicates
    h.get_by_label("Select scheme 2").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run();
    assert_eq!(h.state().plan().schemes.len(), before.schemes.len() + 1);
    // a tab's shortcut is that tab's only
    show_tab(&mut h, Tab::Risks);
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run();
    assert_eq!(h.state().plan().schemes.len(), before.schemes.len() + 1);
}

#[test]
fn escape_closes_the_topmost_thing_only() {
    let mut h = window(sample(KENT));
    let e = title_edit(h.state().plan(), "Changed");
    run(&mut h, e);
    // a dialog: Escape cancels it, as its Cancel button does
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Save changes?");
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Save changes?").is_none());
    assert_eq!(h.state().plan().header.title, "Changed");
    assert!(h.state().is_dirty());

    // a menu over the window: Escape closes the menu, nothing else
    h.get_by_label("View").click();
    h.run();
    assert!(h.query_by_label_contains("Presentation mode").is_some());
    h.key_press(Key::Escape);
    h.run();
    assert!(
        h.query_by_label_contains("Presentation mode").is_none(),
        "the menu closed"
    );

    // a field being typed in: Escape puts back what it held
    show_tab(&mut h, Tab::Plan);
    h.get_by_role_and_label(Role::TextInput, "Plan title").click();
    h.run();
    h.key_press(Key::End);
    h.get_by_role_and_label(Role::TextInput, "Plan title")
        .type_text(" and more");
    h.run();
    assert_eq!(h.state().plan().header.title, "Changed and more");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.get_by_role_and_label(Role::TextInput, "Plan title").is_focused());
}

/// A plan whose first risk is due for review on 1 May 2015.
fn review_due_1_may() -> OpplanApp {
    let mut plan = support::sample_plan(KENT);
    let r = &mut plan.risks[0];
    r.owner = "Accountable Officer".into();
    r.review_date = Some(DateField::Date(NaiveDate::from_ymd_opt(2015, 5, 1).unwrap()));
    OpplanApp::new(plan, None)
}

fn review_passed(h: &mut Harness<'_, OpplanApp>) -> bool {
    h.state_mut()
        .summary()
        .checklist
        .missing()
        .any(|i| i.text.ends_with("review date 1 May 2015 has passed"))
}

/// The window asks what day it is once a minute of its clock: at
/// midnight, overdue checks follow (the flags on the rows too).
#[test]
fn the_date_is_looked_at_again_every_minute() {
    let day = Rc::new(Cell::new(NaiveDate::from_ymd_opt(2015, 4, 30).unwrap()));
    let today = day.clone();
    let mut app = review_due_1_may().with_today_source(move || today.get());
    app.run(UiCommand::ShowTab(Tab::Risks));
    let mut h = Harness::builder()
        .with_size(support::LAPTOP)
        .with_step_dt(5.0)
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app);
    h.run();
    assert_eq!(h.state().today(), day.get());
    assert!(!review_passed(&mut h));
    assert!(h.query_by_label("Risk R1: 1 problem").is_none());
    // midnight passes: not noticed before the minute is up
    day.set(NaiveDate::from_ymd_opt(2015, 5, 2).unwrap());
    h.run();
    assert!(!review_passed(&mut h));
    wait(&mut h, 60.0);
    assert_eq!(h.state().today(), day.get());
    assert!(review_passed(&mut h));
    h.get_by_label("Risk R1: 1 problem");
}
