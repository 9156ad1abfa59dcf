//! Reduce motion: on when the window is drawn in software (no GPU), so an
//! interaction costs the frames it changes and no more: no animation, no
//! blinking cursor, highlights steady until they end instead of fading at
//! 30 frames a second.

use crate::support::{self, run};
use egui::{Theme, ViewportId};
use egui_kittest::Harness;
use opplan::model::{Amount, Pence};
use opplan::ui::{Edit, OpplanApp, UiCommand};

const KENT: &str = "kent-bcf-2015-16.ron";

fn app(software: bool) -> OpplanApp {
    let mut app = support::sample(KENT);
    app.set_software_renderer(software);
    app
}

/// Animation time and cursor blinking of both themes' styles.
fn motion(h: &Harness<'_, OpplanApp>) -> [(f32, bool); 2] {
    [Theme::Light, Theme::Dark].map(|t| {
        let s = h.ctx.style_of(t);
        (s.animation_time, s.visuals.text_cursor.blink)
    })
}

/// Motion other than egui's default and the harness's (which has none).
const ANIMATED: (f32, bool) = (0.15, true);

/// Gives the window's styles [`ANIMATED`] motion, then runs its frames.
fn animate(h: &mut Harness<'_, OpplanApp>) {
    h.ctx.all_styles_mut(|s| {
        s.animation_time = ANIMATED.0;
        s.visuals.text_cursor.blink = ANIMATED.1;
    });
    h.run();
}

#[test]
fn a_software_renderer_reduces_motion_and_a_gpu_keeps_it() {
    let normal = egui::Style::default();
    let mut h = support::window(app(true));
    assert!(h.state().reduces_motion());
    animate(&mut h);
    assert_eq!(motion(&h), [(0.0, false); 2]);
    // presentation mode sets styles of its own: still no motion
    run(&mut h, UiCommand::TogglePresentation);
    assert_eq!(motion(&h), [(0.0, false); 2]);
    run(&mut h, UiCommand::TogglePresentation);
    assert_eq!(motion(&h), [(0.0, false); 2]);

    let keep = (normal.animation_time, normal.visuals.text_cursor.blink);
    assert!(keep.0 > 0.0 && keep.1, "egui animates by default");
    // View › Reduce motion turns it off, and on again
    run(&mut h, UiCommand::ToggleReduceMotion);
    assert!(!h.state().reduces_motion());
    assert_eq!(motion(&h), [keep; 2]);
    run(&mut h, UiCommand::ToggleReduceMotion);
    assert_eq!(motion(&h), [(0.0, false); 2]);

    // with a GPU the styles are left as they are
    let mut h = support::window(app(false));
    assert!(!h.state().reduces_motion());
    animate(&mut h);
    assert_eq!(motion(&h), [ANIMATED; 2]);
    run(&mut h, UiCommand::ToggleReduceMotion);
    assert!(h.state().reduces_motion());
    assert_eq!(motion(&h), [(0.0, false); 2]);
}

/// A million pounds more for the first scheme's 2015/16, as its cell sends it.
fn add_a_million(h: &Harness<'_, OpplanApp>) -> Edit {
    support::put("Edit scheme spend", &h.state().plan().schemes, 0, |s| {
        let y = s.year_mut("2015/16");
        let now = y.spend.map(|a| a.min().0).unwrap_or(0);
        y.spend = Some(Amount::Exact(Pence(now + 100_000_000)));
    })
}

/// The delay of the next frame the window asked for after its last frame.
fn next_frame(h: &Harness<'_, OpplanApp>) -> f64 {
    h.output().viewport_output[&ViewportId::ROOT]
        .repaint_delay
        .as_secs_f64()
}

#[test]
fn highlights_fade_at_30_fps_with_motion_and_ask_for_one_frame_at_their_end_without() {
    for software in [false, true] {
        let mut h = support::window(app(software));
        run(&mut h, UiCommand::TogglePresentation);
        // the status line's note about presentation mode has gone
        support::wait(&mut h, opplan::ui::present::STATUS_SECS + 0.5);
        // the edit, and the frames until none is asked for at once
        let e = add_a_million(&h);
        run(&mut h, e);
        let delay = next_frame(&h);
        if software {
            // steady until it ends, three seconds after the edit (the
            // harness moves its clock a quarter second a frame)
            let highlight = opplan::ui::present::HIGHLIGHT_SECS;
            assert!(delay > highlight - 1.0 && delay <= highlight, "{delay}");
        } else {
            assert!(delay <= 0.034, "{delay}");
        }
    }
}
