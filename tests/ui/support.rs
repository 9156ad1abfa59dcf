//! Setting up the window for a test, through the app's public surface
//! only: build it, run commands, draw frames, read what it shows.

#![allow(dead_code)] // each test module uses part of this

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::model::{AnyRecord, Plan, PlanEdit};
use opplan::ui::{Command, Edit, OpplanApp, Tab, UiCommand};
use std::path::{Path, PathBuf};

/// A laptop screen.
pub const LAPTOP: egui::Vec2 = egui::vec2(1600.0, 1000.0);

/// A file of the bundled samples (`assets/`).
pub fn sample_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

/// A copy of the Kent sample in `dir`, as `kent.ron`.
pub fn kent_copy(dir: &Path) -> PathBuf {
    let path = dir.join("kent.ron");
    std::fs::copy(sample_path("kent-bcf-2015-16.ron"), &path).unwrap();
    path
}

/// A bundled sample, opened.
pub fn sample(name: &str) -> OpplanApp {
    let app = OpplanApp::open_or_blank(&sample_path(name));
    assert!(app.error().is_none(), "{:?}", app.error());
    app
}

/// A bundled sample as a plan, to change before opening it.
pub fn sample_plan(name: &str) -> Plan {
    opplan::io::load_path(&sample_path(name)).unwrap()
}

/// The window at `size`, its first frames run.
pub fn window_sized(app: OpplanApp, size: egui::Vec2) -> Harness<'static, OpplanApp> {
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app);
    h.run();
    h
}

/// The window on a laptop screen, its first frames run.
pub fn window(app: OpplanApp) -> Harness<'static, OpplanApp> {
    window_sized(app, LAPTOP)
}

/// The window showing `tab`.
pub fn window_on(mut app: OpplanApp, tab: Tab) -> Harness<'static, OpplanApp> {
    app.run(UiCommand::ShowTab(tab));
    window(app)
}

/// Runs a command as the user would ask for it, then the frames after.
pub fn run(h: &mut Harness<'_, OpplanApp>, c: impl Into<Command>) {
    h.state_mut().run(c);
    h.run();
}

/// Shows a tab (as clicking it does).
pub fn show_tab(h: &mut Harness<'_, OpplanApp>, tab: Tab) {
    run(h, UiCommand::ShowTab(tab));
}

/// An edit of the plan's title, as the Plan tab's field sends it.
pub fn title_edit(plan: &Plan, title: &str) -> Edit {
    let mut h = plan.header.clone();
    h.title = title.to_string();
    Edit::new("Edit title", PlanEdit::SetHeader(Box::new(h)))
}

/// Record `i` of a list with `change` made to it, put back whole, as an
/// edit (what a tab sends for a change of several fields by one click).
pub fn put<R: Clone + Into<AnyRecord>>(label: &str, all: &[R], i: usize, change: impl FnOnce(&mut R)) -> Edit {
    let mut r = all[i].clone();
    change(&mut r);
    Edit::new(label, PlanEdit::put(r))
}

/// Lets `secs` of the window's time pass (egui's clock: the harness
/// moves it on a step each frame; nothing sleeps).
pub fn wait(h: &mut Harness<'_, OpplanApp>, secs: f64) {
    let start = h.ctx.input(|i| i.time);
    while h.ctx.input(|i| i.time) - start < secs {
        h.step();
    }
    h.run();
}

/// The labels of the nodes whose label starts with `prefix` and ends with
/// `suffix`, top to bottom as drawn (the rows of a table, in the order
/// shown).
pub fn labels_top_down(h: &Harness<'_, OpplanApp>, prefix: &str, suffix: &str) -> Vec<String> {
    let mut found: Vec<(f32, String)> = h
        .query_all(by().label_contains(prefix))
        .filter_map(|n| {
            let label = n.accesskit_node().label()?;
            (label.starts_with(prefix) && label.ends_with(suffix)).then(|| (n.rect().top(), label.to_string()))
        })
        .collect();
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found.into_iter().map(|(_, l)| l).collect()
}

/// Types `path` into the open path prompt (Data menu: import, export,
/// compare) and clicks `button`.
pub fn answer_prompt(h: &mut Harness<'_, OpplanApp>, path: &str, button: &str) {
    h.get_by_label("File path").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_label("File path").type_text(path);
    h.run();
    h.get_by_label(button).click();
    h.run();
}

/// The status line as the status bar shows it.
pub fn status(h: &Harness<'_, OpplanApp>) -> String {
    h.state().status().to_string()
}

/// The net QIPP of 2015/16 (the DGS sample's year) the window's summary gives.
pub fn net_qipp(h: &mut Harness<'static, OpplanApp>) -> opplan::model::Span {
    h.state_mut()
        .summary()
        .finance
        .operating
        .year("2015/16")
        .unwrap()
        .qipp_net
}

/// Some label of the window contains `text`.
pub fn shows(h: &Harness<'static, OpplanApp>, text: &str) -> bool {
    h.query_all(by().label_contains(text)).next().is_some()
}

/// Presses the primary button on the widget `from`, drags to `to` and lets go.
pub fn drag(h: &mut Harness<'static, OpplanApp>, from: &str, to: &str) {
    let a = h.get_by_label(from).rect().center();
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(a));
    h.event(button(a, true));
    h.run();
    // where the cell is once the press selected its row
    let b = h.get_by_label(to).rect().center();
    for k in 1..=4 {
        h.event(egui::Event::PointerMoved(a + (b - a) * (k as f32 / 4.0)));
        h.run();
    }
    h.event(button(b, false));
    h.run();
}

/// A key with modifiers, then the frames after.
pub fn keys(h: &mut Harness<'static, OpplanApp>, m: egui::Modifiers, k: egui::Key) {
    h.key_press_modifiers(m, k);
    h.run();
}

/// The label of the widget with the keyboard focus.
pub fn focused(h: &Harness<'static, OpplanApp>) -> Option<String> {
    h.query_all(by())
        .find(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label().map(|l| l.to_string()))
}

/// What the last frame put on the clipboard.
pub fn copied(h: &Harness<'static, OpplanApp>) -> Vec<String> {
    h.output()
        .platform_output
        .commands
        .iter()
        .filter_map(|c| match c {
            egui::OutputCommand::CopyText(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}
