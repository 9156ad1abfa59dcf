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

#[test]
fn scratch_shots() {
    std::fs::create_dir_all("/tmp/fit").unwrap();
    let cases: &[(&str, Tab, egui::Vec2, f32, bool, &str)] = &[
        (
            "kent-bcf-2015-16.ron",
            Tab::Schemes,
            HD,
            1.0,
            true,
            "schemes_kent_present",
        ),
        (
            "south-kent-coast-2015-16.ron",
            Tab::Metrics,
            HD,
            1.0,
            true,
            "metrics_skc_present",
        ),
        ("kent-bcf-2015-16.ron", Tab::Risks, HD, 1.0, true, "risks_kent_present"),
        ("kent-bcf-2015-16.ron", Tab::Overview, HD, 1.75, false, "overview_175"),
        (
            "skc-2016-17.ron",
            Tab::Overview,
            SMALL,
            1.0,
            false,
            "overview_skc_small",
        ),
        (
            "south-kent-coast-2015-16.ron",
            Tab::Metrics,
            SMALL,
            1.0,
            false,
            "metrics_small",
        ),
        ("kent-bcf-2015-16.ron", Tab::Risks, SMALL, 1.0, false, "risks_small"),
        (
            "kent-bcf-2015-16.ron",
            Tab::SignOffs,
            SMALL,
            1.0,
            false,
            "signoffs_small",
        ),
        ("kent-bcf-2015-16.ron", Tab::Schemes, SMALL, 1.0, false, "schemes_small"),
        ("skc-2016-17.ron", Tab::Schemes, SMALL, 1.0, false, "schemes_skc_small"),
    ];
    for (sample, tab, size, ppp, present, name) in cases {
        let mut h = shown(sample, *tab, *size, *ppp, *present);
        let img = h.render().unwrap();
        img.save(format!("/tmp/fit/{name}.png")).unwrap();
    }
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

#[test]
fn scratch_cuts() {
    let cases: &[(&str, Tab, egui::Vec2, f32, bool, &str)] = &[
        (
            "kent-bcf-2015-16.ron",
            Tab::Schemes,
            HD,
            1.0,
            true,
            "schemes_kent_present",
        ),
        (
            "south-kent-coast-2015-16.ron",
            Tab::Metrics,
            HD,
            1.0,
            true,
            "metrics_skc_present",
        ),
        ("kent-bcf-2015-16.ron", Tab::Risks, HD, 1.0, true, "risks_kent_present"),
        ("kent-bcf-2015-16.ron", Tab::Overview, HD, 1.75, false, "overview_175"),
        (
            "skc-2016-17.ron",
            Tab::Overview,
            SMALL,
            1.0,
            false,
            "overview_skc_small",
        ),
        (
            "south-kent-coast-2015-16.ron",
            Tab::Metrics,
            SMALL,
            1.0,
            false,
            "metrics_small",
        ),
        ("kent-bcf-2015-16.ron", Tab::Risks, SMALL, 1.0, false, "risks_small"),
        (
            "kent-bcf-2015-16.ron",
            Tab::SignOffs,
            SMALL,
            1.0,
            false,
            "signoffs_small",
        ),
        ("kent-bcf-2015-16.ron", Tab::Schemes, SMALL, 1.0, false, "schemes_small"),
    ];
    for (sample, tab, size, ppp, present, name) in cases {
        let h = shown(sample, *tab, *size, *ppp, *present);
        println!("== {name}: {:?}", cut_texts(&h));
    }
}
