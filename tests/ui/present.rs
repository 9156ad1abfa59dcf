//! Workshop mode as a facilitator meets it: presentation mode (F5) with its
//! zoom, theme and hidden menus; the lock; the audience window showing
//! each edit in the same frame, never a half-typed cell; text sizes on a
//! 1920×1080 projector; and snapshots of the Overview.

use crate::support::{self, put, run, show_tab, title_edit, wait};
use egui::accesskit::Role;
use egui::{Key, Modifiers, Shape, ViewportCommand, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::model::{Amount, Pence, Plan};
use opplan::ui::audience::{AudienceShows, audience_view};
use opplan::ui::{Edit, OpplanApp, Tab, TabCtx, UiCommand};

const KENT: &str = "kent-bcf-2015-16.ron";
const SKC: &str = "south-kent-coast-2015-16.ron";
const HD: egui::Vec2 = egui::vec2(1920.0, 1080.0);
/// What only the readiness checklist panel shows.
const CHECKLIST_PANEL: &str = "Show completed items too";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()
}

fn app_for(sample: &str) -> OpplanApp {
    support::sample(sample).with_today(today())
}

fn harness(app: OpplanApp, size: egui::Vec2) -> Harness<'static, OpplanApp> {
    support::window_sized(app, size)
}

/// The audience view alone, drawn from the app (what the audience window
/// shows).
fn audience(app: OpplanApp) -> Harness<'static, OpplanApp> {
    let mut h = Harness::builder()
        .with_size(HD)
        .build_ui_state(|ui, app: &mut OpplanApp| app.audience_view(ui), app);
    h.run();
    h
}

fn sent(h: &Harness<'_, OpplanApp>, want: fn(&ViewportCommand) -> bool) -> bool {
    h.output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|v| v.commands.iter().any(want))
}

fn body_size(h: &Harness<'_, OpplanApp>) -> f32 {
    egui::TextStyle::Body.resolve(&h.ctx.global_style()).size
}

/// Every text drawn in the last frame that can be seen: (size in pixels,
/// the text).
fn texts(output: &egui::FullOutput) -> Vec<(f32, String)> {
    fn walk(shape: &Shape, clip: egui::Rect, ppp: f32, out: &mut Vec<(f32, String)>) {
        match shape {
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, ppp, out)),
            Shape::Text(t) => {
                let rect = t.galley.rect.translate(t.pos.to_vec2());
                if !rect.intersects(clip) || t.opacity_factor <= 0.0 {
                    return;
                }
                for sec in &t.galley.job.sections {
                    let text = &t.galley.job.text[sec.byte_range.start.0..sec.byte_range.end.0];
                    if !text.trim().is_empty() {
                        out.push((sec.format.font_id.size * ppp, text.to_string()));
                    }
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &output.shapes {
        walk(&c.shape, c.clip_rect, output.pixels_per_point, &mut out);
    }
    out
}

/// The smallest text of the last frame.
fn smallest(output: &egui::FullOutput) -> (f32, String) {
    texts(output)
        .into_iter()
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .expect("some text")
}

/// Presses a key once and runs one frame (its output is that frame's).
fn press_once(h: &mut Harness<'_, OpplanApp>, modifiers: Modifiers, key: Key) {
    h.input_mut().events.push(egui::Event::Key {
        key,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    });
    h.step();
}

fn enter_presentation(h: &mut Harness<'_, OpplanApp>) {
    h.key_press(Key::F5);
    h.run();
    assert!(h.state().is_presenting());
    // the status note shows for six seconds of the window's clock: not in
    // what is measured or pictured
    assert!(h.query_by_label_contains("Presentation mode: F5 leaves it").is_some());
    wait(h, 6.5);
    assert!(h.query_by_label_contains("Presentation mode: F5 leaves it").is_none());
}

#[test]
fn presentation_mode_toggles_zoom_theme_and_hides_the_menu() {
    let mut h = harness(app_for(KENT), egui::vec2(1600.0, 1000.0));
    h.ctx.set_zoom_factor(1.2);
    run(&mut h, UiCommand::ToggleChecklist);
    h.get_by_label(CHECKLIST_PANEL);
    let normal_body = body_size(&h);
    assert!(h.query_by_label("File").is_some());
    assert!(h.query_by_label("All changes saved").is_some(), "the status bar");

    press_once(&mut h, Modifiers::NONE, Key::F5);
    assert!(
        sent(&h, |c| matches!(c, ViewportCommand::Fullscreen(true))),
        "full screen"
    );
    h.run();
    assert!(h.state().is_presenting());
    assert!(
        (h.ctx.zoom_factor() - 1.0).abs() < 1e-4,
        "presentation zoom {}",
        h.ctx.zoom_factor()
    );
    assert!(h.query_by_label("File").is_none(), "the menu bar is hidden");
    assert!(
        h.query_by_label("All changes saved").is_none(),
        "the status bar is hidden"
    );
    assert!(h.query_by_label(CHECKLIST_PANEL).is_none(), "the side panel is hidden");
    assert!(h.query_by_label("Exit (F5)").is_some());
    assert!(body_size(&h) >= 24.0, "large text: {}", body_size(&h));
    assert_eq!(
        h.ctx.global_style().visuals.panel_fill,
        egui::Color32::WHITE,
        "the light projector theme"
    );

    // zoom presets: Ctrl+plus, the picker, Ctrl+minus, Ctrl+0
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert!((h.ctx.zoom_factor() - 1.25).abs() < 1e-4, "{}", h.ctx.zoom_factor());
    assert_eq!(h.state().preferences().present_zoom, 1.25);
    h.get_by_label("Presentation size").click();
    h.run();
    h.get_by_label("200%").click();
    h.run();
    assert!((h.ctx.zoom_factor() - 2.0).abs() < 1e-4, "{}", h.ctx.zoom_factor());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.run();
    assert!((h.ctx.zoom_factor() - 1.75).abs() < 1e-4, "{}", h.ctx.zoom_factor());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-4, "{}", h.ctx.zoom_factor());

    // the dark projector theme
    h.get_by_label("Dark").click();
    h.run();
    assert_eq!(h.ctx.global_style().visuals.panel_fill, egui::Color32::BLACK);

    // F5 again: the window as it was
    press_once(&mut h, Modifiers::NONE, Key::F5);
    assert!(sent(&h, |c| matches!(c, ViewportCommand::Fullscreen(false))));
    h.run();
    assert!(!h.state().is_presenting());
    assert!(
        (h.ctx.zoom_factor() - 1.2).abs() < 1e-4,
        "normal zoom back: {}",
        h.ctx.zoom_factor()
    );
    assert_eq!(body_size(&h), normal_body, "normal text back");
    assert!(h.query_by_label("File").is_some());
    h.get_by_label(CHECKLIST_PANEL);
    assert_eq!(
        h.state().preferences().present_zoom,
        1.0,
        "the presentation size is remembered"
    );
}

#[test]
fn the_toolbar_button_and_the_command_line_start_presentation() {
    let mut h = harness(app_for(KENT), egui::vec2(1600.0, 1000.0));
    h.get_by_label("Present (F5)").click();
    h.run();
    assert!(h.state().is_presenting());
    h.get_by_label("Exit (F5)").click();
    h.run();
    assert!(!h.state().is_presenting());
    // `--present` asks for it before the first frame
    let mut app = app_for(KENT);
    app.run(UiCommand::TogglePresentation);
    let h = harness(app, HD);
    assert!(h.state().is_presenting());
    assert!(h.query_by_label("File").is_none());
}

/// Roles of widgets that change values.
fn input_roles() -> [Role; 5] {
    [
        Role::TextInput,
        Role::ComboBox,
        Role::CheckBox,
        Role::SpinButton,
        Role::Slider,
    ]
}

#[test]
fn the_lock_blocks_every_edit() {
    let mut app = app_for(KENT);
    app.run(UiCommand::ShowTab(Tab::Plan));
    let mut h = harness(app, egui::vec2(1600.0, 1000.0));
    let before = h.state().plan().clone();

    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    assert!(h.state().is_locked(), "Ctrl+L locks");
    assert!(
        h.query_by_label("Unlock the plan (Ctrl+L)").is_some(),
        "the padlock says so"
    );
    // typing into the title changes nothing
    h.get_by_role_and_label(Role::TextInput, "Plan title").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Plan title")
        .type_text(" edited");
    h.run();
    assert_eq!(h.state().plan(), &before, "a locked plan does not change");

    // every tab shows its values without an input that takes edits
    let mut open = Vec::new();
    for tab in Tab::ALL {
        show_tab(&mut h, tab);
        let mut seen = 0;
        for role in input_roles() {
            for node in h.query_all(by().role(role)) {
                let n = node.accesskit_node();
                let label = n.label().unwrap_or_default();
                // finding and showing (not the plan) stay usable
                if label.starts_with("Search")
                    || label.contains("filter")
                    || label.contains("Filter")
                    || label == "Only flagged"
                    || label == "With problems only"
                    || label == "Year shown"
                {
                    continue;
                }
                seen += 1;
                if !n.is_disabled() {
                    open.push(format!("{tab:?}: {role:?} {label:?}"));
                }
            }
        }
        eprintln!("{tab:?}: {seen} inputs");
    }
    assert!(open.is_empty(), "inputs that take edits while locked: {open:#?}");

    // an edit pushed anyway is refused, and undo too, saying why
    let e = title_edit(h.state().plan(), "Changed");
    run(&mut h, e);
    assert_eq!(h.state().plan(), &before);
    assert!(h.state().status().contains("locked"), "{}", h.state().status());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().status(), "The plan is locked: unlock it to undo.");
    assert_eq!(h.state().plan(), &before);

    // the padlock unlocks, and edits work again
    show_tab(&mut h, Tab::Plan);
    h.get_by_label("Unlock the plan (Ctrl+L)").click();
    h.run();
    assert!(!h.state().is_locked());
    h.get_by_role_and_label(Role::TextInput, "Plan title").click();
    h.run();
    h.key_press(Key::End);
    h.get_by_role_and_label(Role::TextInput, "Plan title")
        .type_text(" edited");
    h.run();
    assert_eq!(h.state().plan().header.title, format!("{} edited", before.header.title));
}

#[test]
fn the_lock_in_presentation_mode() {
    let mut h = harness(app_for(KENT), HD);
    enter_presentation(&mut h);
    h.get_by_label("Lock the plan (Ctrl+L)").click();
    h.run();
    assert!(h.state().is_locked());
    h.get_by_label("Plan").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Plan);
    let title = h.get_by_role_and_label(Role::TextInput, "Plan title");
    assert!(title.accesskit_node().is_disabled());
}

/// Adds £1,000,000 (1,000 in £000) to the first scheme's 2015/16 spend, as
/// the Schemes tab's edit does.
fn add_a_million(plan: &Plan) -> Edit {
    put("Edit scheme spend", &plan.schemes, 0, |s| {
        let y = s.year_mut("2015/16");
        let now = y.spend.map(|a| a.min().0).unwrap_or(0);
        y.spend = Some(Amount::Exact(Pence(now + 100_000_000)));
    })
}

#[test]
fn the_audience_view_shows_an_edited_total() {
    let mut h = audience(app_for(KENT));
    h.get_by_label("2015/16 total: 101,404 (£000)");
    assert!(h.query_by_label_contains("Up 1,000").is_none());

    let e = add_a_million(h.state().plan());
    run(&mut h, e);
    h.get_by_label("2015/16 total: 102,404 (£000)");
    assert!(h.query_by_label("2015/16 total: 101,404 (£000)").is_none());
    // what just changed, in words, for the room; gone three seconds later
    // (of the main window's clock)
    h.get_by_label_contains("Up 1,000 from 101,404");
    wait(&mut h, 3.5);
    assert!(h.query_by_label_contains("Up 1,000").is_none());
    h.get_by_label("2015/16 total: 102,404 (£000)");

    // the same plan drawn by the function itself
    let mut plan = support::sample_plan(KENT);
    let y = plan.schemes[0].year_mut("2015/16");
    let now = y.spend.map(|a| a.min().0).unwrap_or(0);
    y.spend = Some(Amount::Exact(Pence(now + 100_000_000)));
    let summary = opplan::calc::summarize(&plan, today());
    let mut state = opplan::ui::audience::AudienceState::default();
    let mut h = Harness::builder().with_size(HD).build_ui(move |ui| {
        let ctx = TabCtx {
            plan: &plan,
            summary: &summary,
            locked: true,
            today: today(),
            focus: None,
            generation: 0,
            inserted: &[],
            changed: None,
        };
        audience_view(ui, &ctx, &mut state);
    });
    h.run();
    h.get_by_label("2015/16 total: 102,404 (£000)");
}

#[test]
fn the_audience_window_follows_each_edit_in_the_same_frame_and_never_shows_a_half_typed_cell() {
    let mut app = app_for(KENT);
    app.run(UiCommand::ShowTab(Tab::Plan));
    app.run(UiCommand::ToggleAudience);
    let mut h = harness(app, HD);
    // the audience window (embedded here: no second native window in tests)
    h.get_by_label("Close the audience window");
    h.get_by_label_contains("2015/16 reconciliation: Amber");

    // type a minimum above the total: while the field is being typed in
    // the room sees the plan as it was (issue 19, finding 2); Enter shows
    // Red in the frame the edit is committed
    let field = "Minimum required 2015/16";
    h.get_by_role_and_label(Role::TextInput, field).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, field).type_text("200,000");
    h.run();
    assert!(h.state().is_dirty(), "the keystrokes changed the plan");
    h.get_by_label_contains("2015/16 reconciliation: Amber");
    assert!(h.query_by_label_contains("below the minimum of 200,000").is_none());
    h.event(egui::Event::Key {
        key: Key::Enter,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::NONE,
    });
    h.step();
    h.get_by_label_contains("2015/16 reconciliation: Red, Below the minimum pooled budget");
    h.get_by_label_contains("98,596 below the minimum of 200,000");
    h.run();

    // text that is not an amount stays in the field, never on the projector
    h.get_by_role_and_label(Role::TextInput, field).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, field).type_text("12,3x");
    h.run();
    let field_value = h.get_by_role_and_label(Role::TextInput, field).accesskit_node().value();
    assert_eq!(field_value.as_deref(), Some("12,3x"), "the field keeps what was typed");
    if let Some(node) = h.query_all(by().label_contains("12,3x")).next() {
        panic!(
            "the typed text is shown outside its field: {:?}",
            node.accesskit_node().label()
        );
    }
    h.get_by_label_contains("below the minimum of 200,000");

    // closing the audience window leaves the main window as it was
    let tab = h.state().tab();
    let zoom = h.ctx.zoom_factor();
    let plan = h.state().plan().clone();
    h.get_by_label("Close the audience window").click();
    h.run();
    assert_eq!(h.state().tab(), tab);
    assert_eq!(h.ctx.zoom_factor(), zoom);
    assert_eq!(h.state().plan(), &plan);
    assert!(h.query_by_label("Close the audience window").is_none());
    assert!(h.query_by_label("File").is_some());
}

#[test]
fn a_money_cell_half_typed_never_reaches_the_audience_window() {
    // issue 19, finding 2: typing "9" into a £000 cell showed "Plan Red" and
    // "Down 7,199 from 102,404" on the projector before the cell was committed
    let mut app = app_for(KENT);
    app.run(UiCommand::ShowTab(Tab::Schemes));
    app.run(UiCommand::ToggleAudience);
    app.run(UiCommand::AudienceTab(AudienceShows::Tab(Tab::Overview)));
    let mut h = harness(app, HD);
    h.get_by_label("2015/16 total: 101,404 (£000)");
    h.get_by_label("Scheme 2 2015/16 spend").focus();
    h.run();
    h.event(egui::Event::Text("9".into()));
    h.run();
    assert_eq!(
        h.state().plan().schemes[1].year("2015/16").unwrap().spend,
        Some(Amount::thousands(9)),
        "the main window counts the keystroke"
    );
    h.get_by_label("2015/16 total: 101,404 (£000)");
    assert!(h.query_by_label_contains("Down ").is_none());
    // Tab commits: the room sees the new total, and what changed, at once
    h.key_press(Key::Tab);
    h.run();
    h.get_by_label("2015/16 total: 94,205 (£000)");
    h.get_by_label_contains("Down 7,199 from 101,404");
}

#[test]
fn the_audience_window_shows_a_tab_the_facilitator_picks() {
    let mut app = app_for(KENT);
    app.run(UiCommand::AudienceTab(AudienceShows::Tab(Tab::Schemes)));
    let h = harness(app, HD);
    let h = audience(h.into_state());
    h.get_by_label("Scheme (12 schemes, £000)");
    h.get_by_label("101,404");
    // following the main window's tab
    let app = h.into_state();
    let mut h = harness(app, HD);
    run(&mut h, UiCommand::AudienceTab(AudienceShows::Follow));
    run(&mut h, UiCommand::ShowTab(Tab::SignOffs));
    let h = audience(h.into_state());
    h.get_by_label("0 of 10 signed");
    // the menu offers every choice
    let mut h = harness(app_for(KENT), egui::vec2(1600.0, 1000.0));
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Audience window shows").hover();
    h.run();
    for a in AudienceShows::ALL {
        assert!(h.query_all_by_label(a.word()).next().is_some(), "{}", a.word());
    }
    h.get_by_label("The tab shown here");
}

#[test]
fn presentation_text_is_at_least_24_px_at_1920x1080() {
    for sample in [KENT, SKC] {
        let mut h = harness(app_for(sample), HD);
        enter_presentation(&mut h);
        assert_eq!(h.output().pixels_per_point, 1.0);
        // every tab, as it first shows
        for tab in Tab::ALL {
            show_tab(&mut h, tab);
            let (px, text) = smallest(h.output());
            assert!(px >= 24.0, "{sample} {tab:?}: text {text:?} at {px} px");
        }
        // a larger preset only makes it larger
        show_tab(&mut h, Tab::Overview);
        let (px, _) = smallest(h.output());
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
        let (px2, text) = smallest(h.output());
        assert!(px2 >= px, "{sample}: {text:?} at {px2} px");
    }
    // every view of the audience window
    for shows in AudienceShows::ALL {
        let mut app = app_for(KENT);
        app.run(UiCommand::AudienceTab(shows));
        let h = harness(app, HD);
        let h = audience(h.into_state());
        let (px, text) = smallest(h.output());
        assert!(px >= 24.0, "audience {shows:?}: {text:?} at {px} px");
    }
}

#[test]
fn overview_clicks_through_to_records() {
    let mut h = harness(app_for(KENT), HD);
    h.get_by_label_contains("Metric 1 Permanent admissions").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Metrics);
    // the metric is selected: its detail shows
    h.get_by_label_contains("Metric 1: Permanent admissions");

    show_tab(&mut h, Tab::Overview);
    h.get_by_label("2015/16 total: 101,404 (£000)").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Schemes);

    show_tab(&mut h, Tab::Overview);
    let org = h.state().plan().signoffs[0].organisation.trim().to_string();
    h.get_by_label_contains(&format!("Sign-off {org}:")).click();
    h.run();
    assert_eq!(h.state().tab(), Tab::SignOffs);
    h.get_by_label(&format!("Sign-off 1: {org}"));

    show_tab(&mut h, Tab::Overview);
    h.get_by_label("Overview heat map: likelihood 4 likely, consequence 5 catastrophic: Extreme, 0 risks")
        .click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Risks);

    show_tab(&mut h, Tab::Overview);
    h.get_by_label_contains("Risks: Amber").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Risks);

    show_tab(&mut h, Tab::Overview);
    h.get_by_label("Readiness checklist: 48 of 98 complete").click();
    h.run();
    h.get_by_label(CHECKLIST_PANEL);
    h.get_by_label("Checklist: 5 incomplete in Plan").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Plan);
}

#[test]
fn overview_snapshots() {
    let mut h = harness(app_for(KENT), HD);
    h.snapshot("overview_kent");
    enter_presentation(&mut h);
    h.snapshot("overview_kent_present");
}
