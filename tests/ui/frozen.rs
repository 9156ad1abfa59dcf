//! Issue 19: the first columns of a table stay in view while it scrolls
//! sideways, and the column widths the user dragged are remembered per
//! plan.

use crate::support;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::ui::{OpplanApp, Tab};
use std::path::Path;

/// Where the node named `label` is drawn.
fn rect_of(h: &Harness<'static, OpplanApp>, label: &str) -> Rect {
    h.get_by_label(label).rect()
}

/// The input cells of a row, named "`prefix`…", left to right.
fn row_cells(h: &Harness<'static, OpplanApp>, prefix: &str) -> Vec<(String, Rect)> {
    let mut cells: Vec<(String, Rect)> = h
        .query_all(by().label_contains(prefix))
        .filter_map(|n| {
            let label = n.accesskit_node().label()?.to_string();
            label.starts_with(prefix).then(|| (label, n.rect()))
        })
        .collect();
    cells.sort_by(|a, b| a.1.left().total_cmp(&b.1.left()));
    cells
}

/// Turns the mouse wheel sideways over `at` (negative: the content moves
/// left, showing what is on the right).
fn wheel_sideways(h: &mut Harness<'static, OpplanApp>, at: Pos2, dx: f32) {
    h.hover_at(at);
    h.run();
    h.event(Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: vec2(dx, 0.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    });
    // the scroll is animated
    h.run_steps(20);
    h.run();
}

fn generated(years: usize) -> OpplanApp {
    let plan = opplan::generate::generate(&opplan::generate::GenerateOptions {
        schemes: 300,
        metrics: 0,
        risks: 0,
        signoffs: 0,
        years,
        seed: 1,
    });
    OpplanApp::new(plan, None)
}

#[test]
fn the_row_number_and_name_stay_at_the_left_edge_and_can_be_edited_while_scrolled_sideways() {
    let mut h = support::window_sized(generated(5), vec2(1366.0, 768.0));
    support::show_tab(&mut h, Tab::Schemes);
    h.get_by_label("Detailed").click();
    h.run();
    let name = rect_of(&h, "Scheme 2 name");
    let number = rect_of(&h, "Select scheme 2");
    let before = row_cells(&h, "Scheme 2 ");
    let (last_label, last) = before.last().cloned().unwrap();
    assert!(
        last.right() > 1366.0,
        "five years in the Detailed layout do not fit 1366 points: {last_label} at {last:?}"
    );
    // the first cell right of the name
    let (next_label, next) = before.iter().find(|(_, r)| r.left() > name.right()).cloned().unwrap();

    wheel_sideways(&mut h, name.center() + vec2(name.width(), 0.0), -3000.0);
    let moved = rect_of(&h, &last_label);
    let scrolled = last.left() - moved.left();
    assert!(scrolled > 100.0, "the table scrolled sideways: {last:?} -> {moved:?}");
    assert!(
        rect_of(&h, &next_label).left() < next.left() - 100.0,
        "{next_label} scrolled"
    );
    // the frozen columns stayed where they were
    let still = rect_of(&h, "Scheme 2 name");
    assert!((still.left() - name.left()).abs() < 1.0, "{name:?} -> {still:?}");
    assert!((rect_of(&h, "Select scheme 2").left() - number.left()).abs() < 1.0);
    // and the heading with them
    assert!(
        h.query_all(by().label("Scheme name"))
            .any(|n| n.rect().left() >= number.left() && n.rect().right() <= still.right() + 1.0),
        "the Name heading is over the frozen name"
    );

    // the name is clicked and typed into there
    h.get_by_label("Scheme 2 name").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(Event::Text("Frozen in place".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().plan().schemes[1].name, "Frozen in place");
    // the table did not jump back
    assert!((rect_of(&h, &last_label).left() - moved.left()).abs() < 1.0);
    assert!((rect_of(&h, "Scheme 2 name").left() - name.left()).abs() < 1.0);

    // Tab from the name goes to the next column, scrolled back into view
    // right of the frozen ones (it was under them)
    h.get_by_label("Scheme 3 name").click();
    h.run();
    h.key_press(Key::Tab);
    h.run();
    let focused = h
        .query_all(by().label_contains("Scheme 3 "))
        .find(|n| n.accesskit_node().is_focused())
        .map(|n| (n.accesskit_node().label().unwrap().to_string(), n.rect()))
        .expect("a cell of scheme 3 has the keyboard");
    assert_eq!(focused.0, next_label.replace("Scheme 2 ", "Scheme 3 "));
    assert!(
        focused.1.left() > still.right(),
        "{focused:?} is right of the name at {still:?}"
    );

    // (the column after the name is next to it when not scrolled)
    assert!((focused.1.left() - next.left()).abs() < 1.0);

    // scrolled again, the row number is still a button that stays put
    h.key_press(Key::Escape);
    h.run();
    wheel_sideways(&mut h, name.center() + vec2(name.width(), 0.0), -3000.0);
    let here = rect_of(&h, &last_label).left();
    assert!(here < last.left() - 100.0, "scrolled sideways");
    h.get_by_label("Select scheme 4").click();
    h.run();
    assert!((rect_of(&h, "Select scheme 4").left() - number.left()).abs() < 1.0);
    assert!((rect_of(&h, &last_label).left() - here).abs() < 1.0);
}

#[test]
fn a_table_that_fits_is_not_moved_and_keeps_its_columns_where_they_were() {
    // Kent in the Simple layout fits a laptop screen: a sideways wheel does nothing
    let mut h = support::window_on(support::sample("kent-bcf-2015-16.ron"), Tab::Schemes);
    let before = row_cells(&h, "Scheme 1 ");
    let at = rect_of(&h, "Scheme 1 name").center();
    wheel_sideways(&mut h, at, -3000.0);
    assert_eq!(row_cells(&h, "Scheme 1 "), before);
}

/// The x of the edge between the cells named `left` and `right`, where
/// the edge is dragged.
fn edge_between(h: &Harness<'static, OpplanApp>, left: &str, right: &str) -> Pos2 {
    let (a, b) = (rect_of(h, left), rect_of(h, right));
    Pos2::new((a.right() + b.left()) / 2.0, a.center().y)
}

fn drag(h: &mut Harness<'static, OpplanApp>, from: Pos2, dx: f32) {
    h.hover_at(from);
    h.run();
    h.drag_at(from);
    h.run();
    for step in 1..=4 {
        h.hover_at(from + vec2(dx * step as f32 / 4.0, 0.0));
        h.run();
    }
    h.drop_at(from + vec2(dx, 0.0));
    h.run();
}

fn open_with_prefs(path: &Path, data: &Path) -> Harness<'static, OpplanApp> {
    open_sized(path, data, support::LAPTOP)
}

fn open_sized(path: &Path, data: &Path, size: egui::Vec2) -> Harness<'static, OpplanApp> {
    let mut app = OpplanApp::open_or_blank(path);
    app.attach_data_dir(data.to_path_buf());
    let mut h = support::window_sized(app, size);
    support::show_tab(&mut h, Tab::Schemes);
    h
}

#[test]
fn a_dragged_width_is_kept_for_the_plan_and_reset_forgets_it() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let a = support::kent_copy(files.path());
    let other = files.path().join("other.ron");
    std::fs::copy(&a, &other).unwrap();

    let mut h = open_with_prefs(&a, data.path());
    let fitted = rect_of(&h, "Scheme 1 name").width();
    let edge = edge_between(&h, "Scheme 1 name", "Scheme 1 area of spend");
    drag(&mut h, edge, 90.0);
    let dragged = rect_of(&h, "Scheme 1 name").width();
    assert!((dragged - fitted - 90.0).abs() < 3.0, "{fitted} -> {dragged}");
    support::wait(&mut h, 2.0);
    // a few frames later the width is what the user left
    assert!((rect_of(&h, "Scheme 1 name").width() - dragged).abs() < 1.0);
    let kept = h
        .state()
        .preferences()
        .columns_for(&std::path::absolute(&a).unwrap())
        .cloned();
    let kept = kept.expect("the plan's columns are in the preferences");
    assert!(kept.widths.contains_key("Schemes/Simple/Name"), "{:?}", kept.widths);
    drop(h);

    // the plan opens with it; another plan does not
    let h = open_with_prefs(&a, data.path());
    assert!((rect_of(&h, "Scheme 1 name").width() - dragged).abs() < 1.0);
    drop(h);
    // in a window too narrow for it too: the table scrolls sideways instead
    let h = open_sized(&a, data.path(), vec2(1000.0, 700.0));
    assert!((rect_of(&h, "Scheme 1 name").width() - dragged).abs() < 1.0);
    let small = open_sized(&other, data.path(), vec2(1000.0, 700.0));
    assert!(rect_of(&small, "Scheme 1 name").width() < dragged - 50.0);
    drop((h, small));
    let h = open_with_prefs(&other, data.path());
    assert!((rect_of(&h, "Scheme 1 name").width() - fitted).abs() < 1.0);
    drop(h);

    // Columns › Reset column widths: the columns fit the window again, for good
    let mut h = open_with_prefs(&a, data.path());
    h.get_by_label("Columns").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Reset column widths").click();
    h.run();
    assert!((rect_of(&h, "Scheme 1 name").width() - fitted).abs() < 1.0);
    support::wait(&mut h, 2.0);
    drop(h);
    let h = open_with_prefs(&a, data.path());
    assert!((rect_of(&h, "Scheme 1 name").width() - fitted).abs() < 1.0);
}

#[test]
fn a_double_click_on_a_column_edge_forgets_its_width() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let a = support::kent_copy(files.path());
    let mut h = open_with_prefs(&a, data.path());
    let fitted = rect_of(&h, "Scheme 1 name").width();
    let edge = edge_between(&h, "Scheme 1 name", "Scheme 1 area of spend");
    drag(&mut h, edge, 60.0);
    support::wait(&mut h, 0.5);
    assert!(rect_of(&h, "Scheme 1 name").width() > fitted + 50.0);
    let edge = edge_between(&h, "Scheme 1 name", "Scheme 1 area of spend");
    h.hover_at(edge);
    h.run();
    // the harness's frames are a quarter of a second apart
    h.ctx.options_mut(|o| o.input_options.max_double_click_delay = 2.0);
    for pressed in [true, false, true, false] {
        h.event(Event::PointerButton {
            pos: edge,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run();
    support::wait(&mut h, 2.0);
    // the name fits the window again (around the widths still kept)
    let now = rect_of(&h, "Scheme 1 name").width();
    assert!(now < fitted + 10.0, "{fitted} -> {now}");
    let kept = h
        .state()
        .preferences()
        .columns_for(&std::path::absolute(&a).unwrap())
        .cloned();
    let widths = kept.expect("the plan's columns are in the preferences").widths;
    assert!(!widths.contains_key("Schemes/Simple/Name"), "{widths:?}");
    assert!(widths.contains_key("Schemes/Simple/Area"), "{widths:?}");
}

#[test]
fn the_risk_reference_and_title_stay_at_the_left_edge_of_a_narrow_window() {
    let mut h = support::window_sized(support::sample("kent-bcf-2015-16.ron"), vec2(780.0, 700.0));
    support::show_tab(&mut h, Tab::Risks);
    let title = rect_of(&h, "Risk R1 title");
    let reference = rect_of(&h, "Risk R1 reference");
    let before = row_cells(&h, "Risk R1 ");
    let (last_label, last) = before.last().cloned().unwrap();
    wheel_sideways(&mut h, title.center(), -3000.0);
    assert!(
        rect_of(&h, &last_label).left() < last.left() - 50.0,
        "the register scrolled"
    );
    let still = rect_of(&h, "Risk R1 title");
    assert!((still.left() - title.left()).abs() < 1.0, "{title:?} -> {still:?}");
    assert!((rect_of(&h, "Risk R1 reference").left() - reference.left()).abs() < 1.0);
    h.get_by_label("Risk R1 title").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.event(Event::Text("Still in view".into()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().plan().risks[0].title, "Still in view");
    assert!((rect_of(&h, "Risk R1 title").left() - title.left()).abs() < 1.0);
}
