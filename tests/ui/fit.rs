//! Issue 19, finding 4: every tab fits its window at 1920×1080 (in
//! presentation mode too), at 175% and at 1366×768: no text cut
//! mid-letter, no column out of reach.

use crate::support;
use egui::Shape;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::ui::{OpplanApp, Tab, UiCommand};

const HD: egui::Vec2 = egui::vec2(1920.0, 1080.0);
const SMALL: egui::Vec2 = egui::vec2(1366.0, 768.0);

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()
}

/// `sample` on `tab` in a window of `size` physical pixels at `ppp`
/// pixels per point, in presentation mode when `present`.
fn shown(sample: &str, tab: Tab, size: egui::Vec2, ppp: f32, present: bool) -> Harness<'static, OpplanApp> {
    let mut app = support::sample(sample).with_today(today());
    app.run(UiCommand::ShowTab(tab));
    if present {
        app.run(UiCommand::TogglePresentation);
    }
    let mut h = Harness::builder()
        .with_size(size / ppp)
        .with_pixels_per_point(ppp)
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app);
    h.run();
    // past the six seconds of the "Presentation mode" note
    support::wait(&mut h, 6.5);
    h
}

/// The texts of the last frame drawn cut: shortened with "…", or running
/// past the edge they are clipped at (cut mid-letter). Text in inputs
/// scrolls inside them and is left out.
fn cut_texts(h: &Harness<'static, OpplanApp>) -> Vec<String> {
    let inputs: Vec<egui::Rect> = h.query_all_by_role(Role::TextInput).map(|n| n.rect()).collect();
    let output = h.output();
    let mut out = Vec::new();
    fn walk(shape: &Shape, clip: egui::Rect, inputs: &[egui::Rect], out: &mut Vec<String>) {
        match shape {
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, clip, inputs, out)),
            Shape::Text(t) => {
                let rect = t.galley.rect.translate(t.pos.to_vec2());
                let text = t.galley.job.text.clone();
                if text.trim().is_empty() || !rect.intersects(clip) || t.opacity_factor <= 0.0 {
                    return;
                }
                if inputs.iter().any(|r| r.expand(2.0).contains(rect.left_center())) {
                    return;
                }
                // only rows wholly in view (a table's rows scroll past its top and bottom)
                if rect.top() < clip.top() - 0.5 || rect.bottom() > clip.bottom() + 0.5 {
                    return;
                }
                if t.galley.elided {
                    out.push(format!("elided: {text}"));
                } else if rect.right() > clip.right() + 0.5 || rect.left() < clip.left() - 0.5 {
                    out.push(format!("cut: {text}"));
                }
            }
            _ => {}
        }
    }
    for c in &output.shapes {
        walk(&c.shape, c.clip_rect, &inputs, &mut out);
    }
    out
}

/// The cut texts, less the long free text shortened on purpose (with the
/// whole text on hover): the metrics' names on the Overview and the
/// organisations' names in Sign-offs.
fn cut_but_free_text(h: &Harness<'static, OpplanApp>) -> Vec<String> {
    let plan = h.state().plan();
    let free: Vec<&str> = plan
        .metrics
        .iter()
        .map(|m| m.name.as_str())
        .chain(
            plan.signoffs
                .iter()
                .flat_map(|s| [s.organisation.as_str(), s.position.as_str()]),
        )
        .collect();
    cut_texts(h)
        .into_iter()
        .filter(|t| !t.strip_prefix("elided: ").is_some_and(|t| free.contains(&t)))
        .collect()
}

/// Scrolls the table with the heading `heading` sideways as far as it
/// goes (the wheel over the middle of its headings).
fn scroll_right(h: &mut Harness<'static, OpplanApp>, heading: &str) {
    let y = h.get_by_label(heading).rect().center().y;
    h.hover_at(egui::pos2(SMALL.x / 2.0, y));
    h.run();
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(-5000.0, 0.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Wheel,
        modifiers: egui::Modifiers::NONE,
    });
    // the scroll eases in over a few frames
    h.run_steps(30);
}

const KENT: &str = "kent-bcf-2015-16.ron";
const SKC: &str = "south-kent-coast-2015-16.ron";
const SKC_2016: &str = "skc-2016-17.ron";

/// `tab` of `sample` in presentation mode at 1920×1080: no text cut, and
/// its snapshot.
fn presents_whole(sample: &str, tab: Tab, shot: &str) -> Harness<'static, OpplanApp> {
    let mut h = shown(sample, tab, HD, 1.0, true);
    assert!(h.state().is_presenting());
    h.snapshot(shot);
    assert_eq!(cut_texts(&h), Vec::<String>::new(), "{shot}");
    h
}

// issue 19, finding 4: "…" row numbers, "4/15 £000 nd", "▲ Hig", "no o…",
// "Not rate" in presentation mode while a wide strip stayed empty

#[test]
fn schemes_in_presentation_at_1920x1080_are_whole_and_fill_the_width() {
    let h = presents_whole(KENT, Tab::Schemes, "schemes_kent_present");
    let heading = h.get_by_label("2015/16 £000\nSpend").rect();
    let checks = h.get_by_label("Checks").rect();
    assert!(checks.right() <= HD.x, "the last column is in view");
    assert!(checks.left() > HD.x * 0.8, "no empty strip on the right: {checks:?}");
    assert!(heading.right() < checks.left());
}

#[test]
fn metrics_in_presentation_at_1920x1080_are_whole() {
    presents_whole(SKC, Tab::Metrics, "metrics_skc_present");
}

#[test]
fn risks_in_presentation_at_1920x1080_are_whole() {
    let h = presents_whole(KENT, Tab::Risks, "risks_kent_present");
    let actions = h.get_by_label("Actions").rect();
    assert!(actions.right() <= HD.x, "every column in view: {actions:?}");
}

#[test]
fn the_overview_fits_at_175_percent_and_1366x768() {
    // issue 19, finding 4: "Pla" at 175%; "Fina…", "Sche…" in RAG by area
    for (sample, size, ppp) in [(KENT, HD, 1.75), (SKC_2016, SMALL, 1.0), (SKC_2016, HD, 1.75)] {
        let h = shown(sample, Tab::Overview, size, ppp, false);
        assert_eq!(
            cut_but_free_text(&h),
            Vec::<String>::new(),
            "{sample} at {size:?} × {ppp}"
        );
        // every area of the strip by its whole name
        for a in ["Finance", "Metrics", "Risks", "Schemes", "Sign-offs"] {
            assert!(h.query_all_by_label_contains(&format!("{a}: ")).next().is_some(), "{a}");
        }
    }
}

#[test]
fn at_1366x768_every_column_can_be_reached() {
    // issue 19, finding 4: the Metrics rated value and Risks columns out
    // of reach; Sign-offs Type under the side panel
    for (sample, tab, last) in [
        (SKC, Tab::Metrics, "Rated value"),
        (KENT, Tab::Risks, "Actions"),
        (KENT, Tab::SignOffs, "Type"),
        (SKC_2016, Tab::Schemes, "Checks"),
    ] {
        let mut h = shown(sample, tab, SMALL, 1.0, false);
        scroll_right(&mut h, last);
        let r = h.get_by_label(last).rect();
        assert!(r.right() <= SMALL.x && r.left() >= 0.0, "{tab:?}: {last} at {r:?}");
        let cut = cut_but_free_text(&h);
        assert!(!cut.iter().any(|t| t.ends_with(last)), "{tab:?}: {cut:?}");
    }
}
