//! Workshop mode: presentation (F5: full screen, projector themes, zoom
//! presets, menus and side panels hidden, large RAG chips with words), and
//! "what just changed" (values that changed in the last seconds are
//! highlighted, so the room sees the effect of an edit).
//!
//! The app owns a [`PresentState`]; the styles and the change tracker are
//! pure enough to test on their own.

use super::command::{self, CommandState, UiCommand};
use super::widgets::{self, RagPalette};
use super::{Command, Commands};
use crate::calc::{MetricRating, PlanSummary, RiskRating};
use crate::model::edit::Change;
use crate::model::money::format_span;
use crate::model::{Metric, Plan, Rag, RecordKind, Risk, Scheme};
use crate::ui::prefs::ProjectorTheme;
use egui::{Color32, FontId, Rect, Response, RichText, Stroke, TextStyle, Ui, vec2};
use std::collections::HashMap;

/// The smallest text of the projector styles, in points: at 100% on a
/// 1920×1080 screen (one pixel per point), 24 pixels.
pub const PRESENT_MIN_TEXT: f32 = 24.0;

/// How long the status line shows in presentation mode, in seconds.
pub const STATUS_SECS: f64 = 6.0;

/// How long a changed value stays highlighted, fading, in seconds.
pub const HIGHLIGHT_SECS: f64 = 3.0;

/// Gives `style` egui's motion, or none when `reduce`: no animation
/// (hover colours, scroll bars, opening sections change at once), no
/// blinking text cursor, no smooth scrolling. Each of those is frames
/// drawn after the hand stopped, which a software renderer pays for.
pub fn set_motion(style: &mut egui::Style, reduce: bool) {
    let normal = egui::Style::default();
    if reduce {
        style.animation_time = 0.0;
        style.visuals.text_cursor.blink = false;
        style.scroll_animation = egui::style::ScrollAnimation::none();
        // scroll bars always shown: none appears on hover (a frame each),
        // and a room sees there is more to scroll to
        style.spacing.scroll = egui::style::ScrollStyle::solid();
    } else {
        style.animation_time = normal.animation_time;
        style.visuals.text_cursor.blink = normal.visuals.text_cursor.blink;
        style.scroll_animation = normal.scroll_animation;
        style.spacing.scroll = normal.spacing.scroll;
    }
}

/// Gives the window's styles (light and dark) the motion of
/// [`set_motion`] when they lack it (a theme or presentation mode set new
/// styles): cheap when they have it, so it can run every frame.
pub fn apply_motion(ctx: &egui::Context, reduce: bool) {
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let style = ctx.style_of(theme);
        let mut wanted = (*style).clone();
        set_motion(&mut wanted, reduce);
        let same = wanted.animation_time == style.animation_time
            && wanted.visuals.text_cursor.blink == style.visuals.text_cursor.blink
            && wanted.scroll_animation == style.scroll_animation
            && wanted.spacing.scroll == style.spacing.scroll;
        if !same {
            ctx.set_style_of(theme, wanted);
        }
    }
}

/// The next preset above (`up`) or below the zoom `z`; `z` itself at the
/// ends of the list.
pub fn zoom_step(z: f32, up: bool) -> f32 {
    let presets = command::SIZES.map(|p| p as f32 / 100.0);
    if up {
        presets.iter().copied().find(|p| *p > z + 0.001).unwrap_or(z)
    } else {
        presets.iter().rev().copied().find(|p| *p < z - 0.001).unwrap_or(z)
    }
}

/// The RAG palette of a projector theme.
pub fn palette(theme: ProjectorTheme) -> RagPalette {
    match theme {
        ProjectorTheme::Light => RagPalette::ProjectorLight,
        ProjectorTheme::Dark => RagPalette::ProjectorDark,
    }
}

/// High-contrast visuals for a projector: black on white or white on
/// black, strong edges, readable links, selection and disabled values.
pub fn projector_visuals(theme: ProjectorTheme) -> egui::Visuals {
    let dark = theme == ProjectorTheme::Dark;
    let mut v = if dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    let pal = palette(theme);
    let page = pal.page().unwrap_or(Color32::WHITE);
    let ink = pal.ink();
    let gray = |light: u8, dark_: u8| Color32::from_gray(if dark { dark_ } else { light });
    v.panel_fill = page;
    v.window_fill = page;
    v.extreme_bg_color = page;
    v.faint_bg_color = gray(238, 24);
    v.code_bg_color = gray(230, 40);
    v.weak_text_color = Some(gray(0x36, 0xD2));
    v.hyperlink_color = if dark {
        Color32::from_rgb(0x9C, 0xC8, 0xFF)
    } else {
        Color32::from_rgb(0x06, 0x45, 0xAD)
    };
    v.warn_fg_color = if dark {
        Color32::from_rgb(0xFF, 0xC8, 0x5A)
    } else {
        Color32::from_rgb(0x8A, 0x4B, 0x00)
    };
    v.error_fg_color = if dark {
        Color32::from_rgb(0xFF, 0x9A, 0x90)
    } else {
        Color32::from_rgb(0xB0, 0x00, 0x20)
    };
    v.window_stroke = Stroke::new(2.0, gray(70, 190));
    v.window_shadow = egui::Shadow::NONE;
    v.popup_shadow = egui::Shadow::NONE;
    let w = &mut v.widgets;
    w.noninteractive.fg_stroke = Stroke::new(1.5, ink);
    w.noninteractive.bg_stroke = Stroke::new(1.5, gray(120, 140));
    w.noninteractive.bg_fill = page;
    w.noninteractive.weak_bg_fill = page;
    for (state, fill, edge) in [
        (&mut w.inactive, gray(226, 38), gray(90, 170)),
        (&mut w.hovered, gray(205, 62), ink),
        (&mut w.active, gray(185, 80), ink),
        (&mut w.open, gray(215, 50), ink),
    ] {
        state.bg_fill = fill;
        state.weak_bg_fill = fill;
        state.bg_stroke = Stroke::new(2.0, edge);
        state.fg_stroke = Stroke::new(2.0, ink);
        state.expansion = 0.0;
    }
    // selected rows, tabs and text: a blue that the page's ink reads on
    // (the tabs draw their own widgets, in the ink colour, on selected rows)
    v.selection.bg_fill = if dark {
        Color32::from_rgb(0x1F, 0x4E, 0x8C)
    } else {
        Color32::from_rgb(0x9C, 0xC8, 0xFF)
    };
    v.selection.stroke = Stroke::new(2.0, ink);
    // locked values stay readable
    v.disabled_alpha = 0.8;
    v.striped = false;
    v
}

/// The projector style: [`projector_visuals`] and large text (the
/// smallest [`PRESENT_MIN_TEXT`] × `scale` points), with spacing to match.
pub fn projector_style(theme: ProjectorTheme, scale: f32) -> egui::Style {
    let mut style = egui::Style {
        visuals: projector_visuals(theme),
        ..Default::default()
    };
    let s = |pt: f32| pt * scale;
    style.text_styles = [
        (TextStyle::Small, FontId::proportional(s(PRESENT_MIN_TEXT))),
        (TextStyle::Body, FontId::proportional(s(PRESENT_MIN_TEXT))),
        (TextStyle::Button, FontId::proportional(s(PRESENT_MIN_TEXT))),
        (TextStyle::Monospace, FontId::monospace(s(PRESENT_MIN_TEXT))),
        (TextStyle::Heading, FontId::proportional(s(32.0))),
    ]
    .into();
    let k = scale * PRESENT_MIN_TEXT / 12.5;
    let sp = &mut style.spacing;
    sp.item_spacing = vec2(8.0, 4.0) * k;
    sp.button_padding = vec2(6.0, 3.0) * k;
    sp.interact_size = vec2(40.0, 20.0) * k;
    sp.icon_width = 14.0 * k;
    sp.icon_width_inner = 8.0 * k;
    sp.icon_spacing = 4.0 * k;
    sp.combo_width = 100.0 * k;
    sp.combo_height = 200.0 * k;
    sp.text_edit_width = 280.0 * k;
    sp.indent = 18.0 * k;
    sp.menu_margin = egui::Margin::same((6.0 * k) as i8);
    sp.window_margin = egui::Margin::same((6.0 * k) as i8);
    sp.tooltip_width = 500.0 * k;
    sp.scroll.bar_width = 10.0 * k;
    style.interaction.tooltip_delay = 0.3;
    // large text has fractional heights: egui's debug mark for rectangles
    // off the pixel grid (debug builds only) would be drawn over the page
    #[cfg(debug_assertions)]
    {
        style.debug.show_unaligned = false;
    }
    style
}

// ------------------------------------------------------- presentation state

/// Presentation mode.
pub struct PresentState {
    pub on: bool,
    /// Asked for (F5, the toolbar, `--present`); done after the frame.
    pub pending: Option<bool>,
    /// The zoom of normal mode, given back on leaving.
    normal_zoom: f32,
    /// The egui styles of normal mode (light, dark), given back on leaving.
    saved_styles: Option<(std::sync::Arc<egui::Style>, std::sync::Arc<egui::Style>)>,
    /// Whether the checklist panel was open (hidden while presenting).
    checklist_was_open: bool,
    /// The zoom set last, until egui reports it (a zoom set now shows in
    /// the next frame): the zoom preference is not touched meanwhile.
    pub zoom_settling: Option<f32>,
    /// The status line and when it changed: shown a few seconds.
    status: (String, f64),
    /// The status shown now, if fresh.
    pub status_shown: Option<String>,
}

impl Default for PresentState {
    fn default() -> Self {
        PresentState {
            on: false,
            pending: None,
            normal_zoom: 1.0,
            saved_styles: None,
            checklist_was_open: false,
            zoom_settling: None,
            status: (String::new(), 0.0),
            status_shown: None,
        }
    }
}

impl PresentState {
    /// Enters presentation: full screen, the projector style, its zoom.
    pub fn enter(&mut self, ctx: &egui::Context, normal_zoom: f32, zoom: f32, theme: ProjectorTheme) {
        if self.on {
            return;
        }
        self.on = true;
        self.normal_zoom = normal_zoom;
        self.saved_styles = Some((ctx.style_of(egui::Theme::Light), ctx.style_of(egui::Theme::Dark)));
        self.apply_theme(ctx, theme);
        self.set_zoom(ctx, zoom);
        self.checklist_was_open = super::checklist::is_open(ctx);
        super::checklist::set_open(ctx, false);
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(true));
    }

    /// Leaves presentation: the window, styles, theme and zoom as before.
    pub fn exit(&mut self, ctx: &egui::Context, theme: egui::ThemePreference) {
        if !self.on {
            return;
        }
        self.on = false;
        if let Some((light, dark)) = self.saved_styles.take() {
            ctx.set_style_of(egui::Theme::Light, light);
            ctx.set_style_of(egui::Theme::Dark, dark);
        }
        ctx.set_theme(theme);
        let z = self.normal_zoom;
        self.set_zoom(ctx, z);
        if self.checklist_was_open {
            super::checklist::set_open(ctx, true);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(false));
    }

    /// Draws with a projector theme (while presenting).
    pub fn apply_theme(&self, ctx: &egui::Context, theme: ProjectorTheme) {
        let style = projector_style(theme, 1.0);
        ctx.set_style_of(egui::Theme::Light, style.clone());
        ctx.set_style_of(egui::Theme::Dark, style);
        ctx.set_theme(match theme {
            ProjectorTheme::Light => egui::Theme::Light,
            ProjectorTheme::Dark => egui::Theme::Dark,
        });
    }

    pub fn set_zoom(&mut self, ctx: &egui::Context, zoom: f32) {
        ctx.set_zoom_factor(zoom);
        self.zoom_settling = Some(zoom);
    }

    /// True while a zoom just set has not reached egui yet.
    pub fn zoom_settling(&mut self, current: f32) -> bool {
        match self.zoom_settling {
            Some(z) if (z - current).abs() < 0.001 => {
                self.zoom_settling = None;
                false
            }
            Some(_) => true,
            None => false,
        }
    }

    /// The status line while it is fresh ([`STATUS_SECS`] after it
    /// changed).
    pub fn fresh_status(&mut self, status: &str, now: f64) -> Option<String> {
        if self.status.0 != status {
            self.status = (status.to_string(), now);
        }
        (!status.is_empty() && now - self.status.1 < STATUS_SECS).then(|| status.to_string())
    }

    /// Seconds until the status line stops being fresh (0 once it is not).
    pub fn status_left(&self, now: f64) -> f64 {
        (self.status.1 + STATUS_SECS - now).max(0.0)
    }
}

// ------------------------------------------------------ what just changed

/// One value that changed: what it was, and when (seconds of the main
/// window's egui time: the one clock of every window).
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    pub old: String,
    pub at: f64,
}

/// Remembers the values the room watches (totals, RAGs, counts) and which
/// of them changed in the last [`HIGHLIGHT_SECS`].
#[derive(Default, Debug)]
pub struct Changes {
    generation: Option<u64>,
    values: HashMap<String, String>,
    changed: HashMap<String, Changed>,
    /// Reduce motion: highlights stay at full strength until they end,
    /// instead of fading (no frames drawn meanwhile).
    steady: bool,
}

/// Frames a second while a highlight fades.
const FADE_FPS: f64 = 30.0;

impl Changes {
    /// Looks at the plan when its generation moved: every watched value
    /// that differs from last time is marked changed now. The first look
    /// (and the first after [`Self::reset`]) marks nothing.
    pub fn observe(&mut self, generation: u64, plan: &Plan, summary: &PlanSummary, now: f64) {
        self.observe_since(generation, None, plan, summary, now);
    }

    /// [`Self::observe`], told what changed: `since` is the generation the
    /// plan had before and the records the edits since changed (each edit
    /// said so). When this tracker last looked at exactly that generation,
    /// only the plan-wide values and those of the changed records are
    /// looked at again, so a keystroke costs the same on a plan of 5,000
    /// schemes as on one of 10; else everything is.
    pub fn observe_since(
        &mut self,
        generation: u64,
        since: Option<(u64, &[Change])>,
        plan: &Plan,
        summary: &PlanSummary,
        now: f64,
    ) {
        self.changed.retain(|_, c| now - c.at < HIGHLIGHT_SECS);
        if self.generation == Some(generation) {
            return;
        }
        let before = self.generation.replace(generation);
        match since {
            Some((from, changes)) if before == Some(from) => {
                let mut v = Vec::new();
                watched_plan_wide(plan, summary, &mut v);
                for c in changes {
                    watched_record(plan, summary, c, &mut v);
                }
                for (k, value) in v {
                    self.note(&k, &value, now);
                    self.values.insert(k, value);
                }
            }
            _ => {
                let values: HashMap<String, String> = watched(plan, summary).into_iter().collect();
                if before.is_some() {
                    for (k, v) in &values {
                        self.note(k, v, now);
                    }
                }
                self.values = values;
            }
        }
    }

    /// Marks `key` changed now if its value differs from the one last seen.
    fn note(&mut self, key: &str, value: &str, now: f64) {
        match self.values.get(key) {
            Some(old) if old != value => {
                // a value typed over several keystrokes keeps what it was
                // before the first
                let old = match self.changed.get(key) {
                    Some(c) => c.old.clone(),
                    None => old.clone(),
                };
                if old == value {
                    self.changed.remove(key);
                } else {
                    self.changed.insert(key.to_string(), Changed { old, at: now });
                }
            }
            _ => {}
        }
    }

    /// Forgets everything (another plan opened): nothing is highlighted.
    pub fn reset(&mut self) {
        *self = Changes {
            steady: self.steady,
            ..Changes::default()
        };
    }

    /// True when reduce motion is on (see [`Self::set_steady`]).
    pub fn steady(&self) -> bool {
        self.steady
    }

    /// Reduce motion on or off: steady highlights, or fading ones.
    pub fn set_steady(&mut self, steady: bool) {
        self.steady = steady;
    }

    /// When the highlights next look different, in seconds from `now`:
    /// the next fading step, or (steady) the end of the first to end;
    /// `None` when nothing is highlighted.
    pub fn next_change(&self, now: f64) -> Option<f64> {
        let first_end = self
            .changed
            .values()
            .map(|c| c.at + HIGHLIGHT_SECS - now)
            .filter(|left| *left > 0.0)
            .min_by(f64::total_cmp)?;
        Some(if self.steady {
            first_end
        } else {
            first_end.min(1.0 / FADE_FPS)
        })
    }

    /// Asks for a frame when the highlights next look different.
    pub fn request_repaint(&self, ctx: &egui::Context, now: f64) {
        if let Some(secs) = self.next_change(now) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(secs));
        }
    }

    /// How strongly `key` is highlighted now (1 just changed, fading to 0
    /// over [`HIGHLIGHT_SECS`]) and what it was.
    pub fn glow(&self, key: &str, now: f64) -> Option<Glow<'_>> {
        let c = self.changed.get(key)?;
        let age = now - c.at;
        (0.0..HIGHLIGHT_SECS).contains(&age).then(|| Glow {
            strength: if self.steady {
                1.0
            } else {
                (1.0 - age / HIGHLIGHT_SECS) as f32
            },
            old: c.old.as_str(),
        })
    }

    /// True while something is highlighted (keep repainting to fade it).
    pub fn active(&self, now: f64) -> bool {
        self.changed.values().any(|c| now - c.at < HIGHLIGHT_SECS)
    }

    /// The keys highlighted now.
    pub fn keys(&self, now: f64) -> Vec<&str> {
        let mut k: Vec<&str> = self
            .changed
            .iter()
            .filter(|(_, c)| now - c.at < HIGHLIGHT_SECS)
            .map(|(k, _)| k.as_str())
            .collect();
        k.sort();
        k
    }
}

/// A highlight being drawn.
#[derive(Clone, Copy, Debug)]
pub struct Glow<'a> {
    pub strength: f32,
    pub old: &'a str,
}

/// The change tracker and the time, for views that highlight.
#[derive(Clone, Copy)]
pub struct Highlights<'a> {
    pub changes: &'a Changes,
    pub now: f64,
}

impl<'a> Highlights<'a> {
    pub fn get(&self, key: &str) -> Option<Glow<'a>> {
        self.changes.glow(key, self.now)
    }
}

/// Every value the room watches, keyed: the plan-wide ones, then those
/// of each metric, risk and scheme.
pub fn watched(plan: &Plan, s: &PlanSummary) -> Vec<(String, String)> {
    let mut v = Vec::new();
    watched_plan_wide(plan, s, &mut v);
    for (m, r) in plan.metrics.iter().zip(&s.metric_ratings) {
        watched_metric(m, r, &mut v);
    }
    for (r, rating) in plan.risks.iter().zip(&s.risk_ratings) {
        watched_risk(r, rating, &mut v);
    }
    for (sc, rag) in plan.schemes.iter().zip(&s.scheme_rags) {
        watched_scheme(plan, sc, *rag, &mut v);
    }
    v
}

/// The watched values any edit can change: totals, area RAGs and counts,
/// the overall RAG, progress, the plan's status, and every sign-off's
/// state (a sign-off goes stale when any content changes).
fn watched_plan_wide(plan: &Plan, s: &PlanSummary, v: &mut Vec<(String, String)>) {
    let unit = plan.settings.display_unit;
    v.extend([
        ("overall".to_string(), s.overall.word().to_string()),
        (
            "signed".into(),
            format!("{} of {}", s.signed_count(), plan.signoffs.len()),
        ),
        (
            "checklist".into(),
            format!(
                "{} of {}",
                s.checklist.items.len() - s.checklist.incomplete_count(),
                s.checklist.items.len()
            ),
        ),
        ("plan:status".into(), plan.header.status.word().to_string()),
    ]);
    for r in &s.finance.reconciliation {
        v.push((format!("total:{}", r.year), format_span(&r.total, unit)));
        // exact, for "up 1,000 from 101,404"
        v.push((
            format!("total_pence:{}", r.year),
            format!("{}:{}", r.total.min_pence, r.total.max_pence),
        ));
        v.push((format!("recon:{}", r.year), r.rag.word().to_string()));
        if let Some(m) = &r.minimum {
            v.push((format!("minimum:{}", r.year), format_span(m, unit)));
        }
    }
    for a in &s.areas {
        v.push((format!("area:{}", a.name), a.rag.word().to_string()));
        v.push((format!("area_counts:{}", a.name), counts_text(&a.counts)));
    }
    for (so, st) in plan.signoffs.iter().zip(&s.signoff_states) {
        v.push((format!("signoff:{}", so.id), st.word().to_string()));
    }
}

/// The watched values of the record `change` changed or added (none for
/// the header: its values are plan-wide; none for a record removed or
/// moved: its values did not change).
fn watched_record(plan: &Plan, s: &PlanSummary, change: &Change, v: &mut Vec<(String, String)>) {
    let Some((kind, id)) = change.record() else { return };
    match kind {
        RecordKind::SignOffs | RecordKind::Objectives | RecordKind::Sections => {}
        RecordKind::Metrics => {
            if let Some(i) = plan.metrics.iter().position(|m| m.id == id)
                && let Some(r) = s.metric_ratings.get(i)
            {
                watched_metric(&plan.metrics[i], r, v);
            }
        }
        RecordKind::Risks => {
            if let Some(i) = plan.risks.iter().position(|r| r.id == id)
                && let Some(r) = s.risk_ratings.get(i)
            {
                watched_risk(&plan.risks[i], r, v);
            }
        }
        RecordKind::Schemes => {
            if let Some(i) = plan.schemes.iter().position(|sc| sc.id == id)
                && let Some(rag) = s.scheme_rags.get(i)
            {
                watched_scheme(plan, &plan.schemes[i], *rag, v);
            }
        }
    }
}

fn watched_metric(m: &Metric, r: &MetricRating, v: &mut Vec<(String, String)>) {
    v.push((format!("metric:{}", m.id), r.chip_text()));
    if let Some(t) = r.travel {
        v.push((format!("metric_travel:{}", m.id), t.word().to_string()));
    }
}

fn watched_risk(r: &Risk, rating: &RiskRating, v: &mut Vec<(String, String)>) {
    let band = rating.band.map(|b| b.word()).unwrap_or("not rated");
    v.push((format!("risk:{}", r.id), format!("{band} {}", rating.rag.word())));
}

fn watched_scheme(plan: &Plan, sc: &Scheme, rag: Rag, v: &mut Vec<(String, String)>) {
    let unit = plan.settings.display_unit;
    v.push((format!("scheme_rag:{}", sc.id), rag.word().to_string()));
    for y in &sc.years {
        v.push((
            format!("scheme:{}:{}", sc.id, y.year),
            format_span(&y.total_spend(), unit),
        ));
    }
}

/// "9 amber · 3 not rated" (the counts that are not zero, worst first).
pub fn counts_text(c: &crate::calc::RagCounts) -> String {
    let parts: Vec<String> = [
        (c.red, "red"),
        (c.amber, "amber"),
        (c.green, "green"),
        (c.not_rated, "not rated"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect();
    if parts.is_empty() {
        "none yet".into()
    } else {
        parts.join(" · ")
    }
}

/// The highlight colours: a fill behind the value and an edge, in blue (not
/// a RAG colour).
pub fn glow_colors(ui: &Ui) -> (Color32, Color32) {
    if ui.visuals().dark_mode {
        (Color32::from_rgb(0x12, 0x3A, 0x66), Color32::from_rgb(0x8C, 0xC4, 0xFF))
    } else {
        (Color32::from_rgb(0xD4, 0xE6, 0xFF), Color32::from_rgb(0x0B, 0x4F, 0x9C))
    }
}

/// Draws `add` (laid out left to right, one line high) with the highlight
/// of `glow` behind it (nothing when `None`): a tinted background and a
/// thick edge that fade out.
pub fn marked<R>(ui: &mut Ui, glow: Option<Glow>, add: impl FnOnce(&mut Ui) -> R) -> egui::InnerResponse<R> {
    let behind = ui.painter().add(egui::Shape::Noop);
    let inner = ui.horizontal(add);
    if let Some(g) = glow {
        paint_glow(ui, behind, inner.response.rect, g.strength);
    }
    inner
}

/// Paints a highlight of `strength` (0–1) around `rect` into the shape
/// slot `behind` (added before what it highlights).
pub fn paint_glow(ui: &Ui, behind: egui::layers::ShapeIdx, rect: Rect, strength: f32) {
    let (fill, edge) = glow_colors(ui);
    let pad = ui.spacing().item_spacing.y.max(3.0);
    let r = rect.expand(pad);
    let a = strength.clamp(0.0, 1.0);
    let w = (ui.text_style_height(&TextStyle::Body) * 0.14).max(2.0);
    ui.painter().set(
        behind,
        egui::epaint::RectShape::new(
            r,
            pad * 1.5,
            fill.gamma_multiply(a),
            Stroke::new(w, edge.gamma_multiply(a)),
            egui::StrokeKind::Outside,
        ),
    );
}

// ------------------------------------------------------------- the toolbar

/// The one bar of presentation mode, drawn from the command table: the
/// tabs, then the lock, the size, the theme, the audience window and the
/// way out.
pub fn toolbar(ui: &mut Ui, s: &CommandState, cmds: &mut Commands) {
    let size = TextStyle::Button.resolve(ui.style()).size;
    ui.horizontal_wrapped(|ui| {
        command::tab_buttons(ui, s, cmds, None);
        ui.add_space(size * 0.5);
        ui.separator();
        command::lock_button(ui, s, cmds, size);
        let current = command::percent_of(s.present_zoom);
        let mut chosen = current;
        let combo = egui::ComboBox::from_id_salt("present_zoom")
            .selected_text(command::percent_word(current))
            .width(size * 4.2)
            .show_ui(ui, |ui| {
                for p in command::SIZES {
                    ui.selectable_value(&mut chosen, p, command::percent_word(p));
                }
            });
        widgets::set_name(ui, &combo.response, "Presentation size");
        let sizes = [UiCommand::ZoomIn, UiCommand::ZoomOut, UiCommand::ZoomReset]
            .map(|c| c.shortcut_text(ui.ctx()).unwrap_or_default())
            .join(", ");
        combo.response.on_hover_text(format!("Text size ({sizes})"));
        if chosen != current {
            cmds.push(Command::Ui(UiCommand::PresentSize(chosen)));
        }
        for t in ProjectorTheme::ALL {
            let c = UiCommand::Projector(t);
            if s.projector_theme != t {
                command::bar_button(ui, c, s, cmds, None);
            } else {
                // the theme shown: nothing to ask for
                let _ = ui.add(egui::Button::selectable(true, c.label(s, true)));
            }
        }
        let audience = if s.audience_open {
            "Close audience window"
        } else {
            "Audience window"
        };
        command::bar_button(ui, UiCommand::ToggleAudience, s, cmds, Some(RichText::new(audience)));
        let exit = UiCommand::TogglePresentation;
        let name = exit.with_shortcut(ui.ctx(), &exit.label(s, true));
        if ui.button(name).on_hover_text("Leave presentation mode").clicked() {
            cmds.push(Command::Ui(exit));
        }
    });
}

/// The status line as a note at the bottom of the screen for a few
/// seconds ("Locked: …"): it never moves what is on the screen.
pub fn status_toast(ctx: &egui::Context, text: &str) {
    egui::Area::new(egui::Id::unique("present_status_toast"))
        .anchor(egui::Align2::CENTER_BOTTOM, vec2(0.0, -24.0))
        .interactable(false)
        .order(egui::Order::Foreground)
        .show(ctx, |ui| {
            let v = ui.visuals();
            egui::Frame::new()
                .fill(v.window_fill)
                .stroke(v.window_stroke)
                .corner_radius(8.0)
                .inner_margin(egui::Margin::symmetric(16, 8))
                .show(ui, |ui| {
                    ui.label(RichText::new(text).strong());
                });
        });
}

/// A "present" icon: a screen on a stand, painted in `rect`.
pub fn paint_screen_icon(painter: &egui::Painter, rect: Rect, color: Color32) {
    let h = rect.height().min(rect.width());
    let c = rect.center();
    let w = h * 1.1;
    let screen = Rect::from_center_size(egui::pos2(c.x, c.y - h * 0.1), vec2(w, h * 0.62));
    let stroke = Stroke::new((h * 0.1).max(1.3), color);
    painter.rect_stroke(screen, h * 0.06, stroke, egui::StrokeKind::Middle);
    let foot = egui::pos2(c.x, screen.bottom() + h * 0.28);
    painter.line_segment([egui::pos2(c.x, screen.bottom()), foot], stroke);
    painter.line_segment(
        [egui::pos2(c.x - h * 0.25, foot.y), egui::pos2(c.x + h * 0.25, foot.y)],
        stroke,
    );
    // a small play triangle in the screen
    let t = screen.center();
    let s = h * 0.14;
    painter.add(egui::Shape::convex_polygon(
        vec![
            egui::pos2(t.x - s * 0.8, t.y - s),
            egui::pos2(t.x + s, t.y),
            egui::pos2(t.x - s * 0.8, t.y + s),
        ],
        color,
        Stroke::NONE,
    ));
}

/// The "Present" button of normal mode: icon and word; `name` is its
/// accessible name ("Present (F5)").
pub fn present_button(ui: &mut Ui, font_size: f32, name: &str) -> Response {
    let color = ui.visuals().strong_text_color();
    let galley = ui
        .painter()
        .layout_no_wrap("Present".to_string(), FontId::proportional(font_size), color);
    let pad = vec2(font_size * 0.45, font_size * 0.25);
    let icon = font_size * 1.1;
    let size = vec2(
        pad.x * 2.0 + icon + font_size * 0.3 + galley.size().x,
        pad.y * 2.0 + galley.size().y.max(icon),
    );
    let (rect, resp) = ui.allocate_exact_size(size, egui::Sense::click());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, ui.is_enabled(), name));
    if ui.is_rect_visible(rect) {
        let v = ui.style().interact(&resp);
        let p = ui.painter();
        p.rect(
            rect,
            v.corner_radius,
            v.weak_bg_fill,
            v.bg_stroke,
            egui::StrokeKind::Inside,
        );
        let icon_rect = Rect::from_center_size(
            egui::pos2(rect.left() + pad.x + icon / 2.0, rect.center().y),
            egui::Vec2::splat(icon),
        );
        paint_screen_icon(p, icon_rect, color);
        p.galley(
            egui::pos2(
                rect.left() + pad.x + icon + font_size * 0.3,
                rect.center().y - galley.size().y / 2.0,
            ),
            galley,
            color,
        );
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, Pence};

    fn kent() -> Plan {
        crate::io::load_path(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron"))
            .unwrap()
    }

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()
    }

    #[test]
    fn zoom_presets_step_and_stop_at_the_ends() {
        assert_eq!(zoom_step(1.0, true), 1.25);
        assert_eq!(zoom_step(1.25, false), 1.0);
        assert_eq!(zoom_step(1.0, false), 1.0);
        assert_eq!(zoom_step(2.5, true), 2.5);
        assert_eq!(zoom_step(1.1, true), 1.25);
        assert_eq!(zoom_step(1.1, false), 1.0);
        assert_eq!(command::percent_word(command::percent_of(1.75)), "175%");
    }

    #[test]
    fn projector_text_is_at_least_24_points() {
        for theme in ProjectorTheme::ALL {
            let style = projector_style(theme, 1.0);
            for (ts, font) in &style.text_styles {
                assert!(font.size >= PRESENT_MIN_TEXT, "{theme:?} {ts:?} {}", font.size);
            }
            // text and weak text on the page
            let v = &style.visuals;
            for c in [
                v.text_color(),
                v.weak_text_color(),
                v.hyperlink_color,
                v.strong_text_color(),
            ] {
                let r = widgets::contrast_ratio(c, v.panel_fill);
                assert!(r >= 7.0, "{theme:?}: {c:?} on the page {r:.2}");
            }
            // selected tabs and buttons
            let r = widgets::contrast_ratio(v.selection.stroke.color, v.selection.bg_fill);
            assert!(r >= 4.5, "{theme:?} selection {r:.2}");
            // a locked (disabled) value is still readable
            let disabled = v.text_color().gamma_multiply(v.disabled_alpha);
            let blended = blend(disabled, v.panel_fill);
            let r = widgets::contrast_ratio(blended, v.panel_fill);
            assert!(r >= 4.5, "{theme:?} disabled text {r:.2}");
        }
    }

    /// `fg` (with alpha, premultiplied) over an opaque `bg`.
    fn blend(fg: Color32, bg: Color32) -> Color32 {
        let a = fg.a() as f32 / 255.0;
        let ch = |f: u8, b: u8| (f as f32 + b as f32 * (1.0 - a)).round().min(255.0) as u8;
        Color32::from_rgb(ch(fg.r(), bg.r()), ch(fg.g(), bg.g()), ch(fg.b(), bg.b()))
    }

    /// Told which records changed, the tracker marks exactly what it
    /// marks when it looks at everything, over a run of edits to schemes,
    /// metrics, risks, sign-offs and the header.
    #[test]
    fn changes_told_what_changed_mark_the_same_as_looking_at_everything() {
        use crate::model::{AmountField, SignOffStatus};
        let mut plan = crate::generate::generate(&crate::generate::GenerateOptions {
            schemes: 40,
            metrics: 12,
            risks: 15,
            signoffs: 6,
            years: 3,
            seed: 5,
        });
        let (mut told, mut full) = (Changes::default(), Changes::default());
        let mut s = crate::calc::summarize(&plan, today());
        told.observe(1, &plan, &s, 0.0);
        full.observe(1, &plan, &s, 0.0);
        let y0 = plan.header.years[0].clone();
        type Step = Box<dyn Fn(&Plan) -> crate::model::PlanEdit>;
        use crate::model::PlanEdit;
        let steps: Vec<Step> = vec![
            Box::new(move |p| {
                let mut sc = p.schemes[7].clone();
                *sc.year_mut(&y0).get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(9_900_000)));
                PlanEdit::put(sc)
            }),
            Box::new(|p| {
                let mut sc = p.schemes[7].clone();
                sc.status = "Not started".into();
                PlanEdit::put(sc)
            }),
            Box::new(|p| {
                let mut m = p.metrics[3].clone();
                m.periods[0].target = None;
                PlanEdit::put(m)
            }),
            Box::new(|p| {
                let mut r = p.risks[2].clone();
                r.current = Some(crate::model::RiskScore::new(5, 5));
                PlanEdit::put(r)
            }),
            Box::new(|p| {
                let mut so = p.signoffs[0].clone();
                so.status = SignOffStatus::Declined;
                PlanEdit::put(so)
            }),
            Box::new(|p| {
                let mut h = p.header.clone();
                h.status = crate::model::PlanStatus::Submitted;
                PlanEdit::SetHeader(Box::new(h))
            }),
            // a scheme copied, one deleted: the totals move
            Box::new(|p| PlanEdit::append(p.schemes[3].clone())),
            Box::new(|p| PlanEdit::Delete {
                kind: crate::model::RecordKind::Schemes,
                ids: vec![p.schemes[9].id],
            }),
        ];
        for (i, step) in steps.iter().enumerate() {
            let g = i as u64 + 1;
            let now = g as f64 * 0.5;
            let edit = step(&plan);
            let changes = crate::model::edit::apply(&mut plan, edit).unwrap().changes;
            s = crate::calc::summarize(&plan, today());
            told.observe_since(g + 1, Some((g, &changes)), &plan, &s, now);
            full.observe(g + 1, &plan, &s, now);
            assert_eq!(told.keys(now), full.keys(now), "after {changes:?}");
            assert!(!full.keys(now).is_empty(), "{changes:?} changed something watched");
            for k in full.keys(now) {
                assert_eq!(
                    told.glow(k, now).map(|g| g.old),
                    full.glow(k, now).map(|g| g.old),
                    "{k}"
                );
            }
        }
        // told about edits since another generation than the one it saw
        // last: it looks at everything (here a scheme it was not told of)
        let y = plan.header.years[1].clone();
        *plan.schemes[1].year_mut(&y).get_mut(AmountField::Spend) = Some(Amount::Exact(Pence(1)));
        s = crate::calc::summarize(&plan, today());
        told.observe_since(99, Some((50, &[])), &plan, &s, 9.0);
        let key = format!("scheme:{}:{y}", plan.schemes[1].id);
        assert!(told.keys(9.0).contains(&key.as_str()), "{:?}", told.keys(9.0));
    }

    #[test]
    fn changes_mark_what_moved_and_fade() {
        let mut plan = kent();
        let mut ch = Changes::default();
        let s = crate::calc::summarize(&plan, today());
        ch.observe(1, &plan, &s, 10.0);
        assert!(!ch.active(10.0), "the first look marks nothing");
        // add £1,000,000 (1,000 in £000) to the first scheme's 2015/16 spend
        let y = plan.schemes[0].year_mut("2015/16");
        let before = y.spend.map(|a| a.min().0).unwrap_or(0);
        y.spend = Some(Amount::Exact(Pence(before + 100_000_000)));
        let s2 = crate::calc::summarize(&plan, today());
        ch.observe(2, &plan, &s2, 11.0);
        let keys = ch.keys(11.0);
        assert!(keys.contains(&"total:2015/16"), "{keys:?}");
        assert!(!keys.contains(&"total:2014/15"), "{keys:?}");
        let g = ch.glow("total:2015/16", 11.0).unwrap();
        assert_eq!(g.old, "101,404");
        assert!((g.strength - 1.0).abs() < 1e-6);
        let half = ch.glow("total:2015/16", 11.0 + HIGHLIGHT_SECS / 2.0).unwrap();
        assert!((half.strength - 0.5).abs() < 1e-3);
        assert!(ch.glow("total:2015/16", 11.0 + HIGHLIGHT_SECS).is_none());
        assert!(!ch.active(11.0 + HIGHLIGHT_SECS + 0.1));
        // the same generation again changes nothing
        ch.observe(2, &plan, &s2, 12.0);
        assert_eq!(ch.glow("total:2015/16", 12.0).unwrap().old, "101,404");
        // typed back to what it was: no longer marked
        plan.schemes[0].year_mut("2015/16").spend = Some(Amount::Exact(Pence(before)));
        let s3 = crate::calc::summarize(&plan, today());
        ch.observe(3, &plan, &s3, 12.5);
        assert!(ch.glow("total:2015/16", 12.5).is_none());
        // reduce motion: full strength until the end, one frame then
        let mut steady = Changes::default();
        steady.set_steady(true);
        steady.observe(1, &plan, &s, 20.0);
        steady.observe(2, &plan, &s2, 21.0);
        assert!(steady.steady());
        let g = steady.glow("total:2015/16", 21.0 + HIGHLIGHT_SECS / 2.0).unwrap();
        assert!((g.strength - 1.0).abs() < 1e-6);
        let next = steady.next_change(21.0 + 1.0).unwrap();
        assert!((next - (HIGHLIGHT_SECS - 1.0)).abs() < 1e-9, "{next}");
        assert_eq!(steady.next_change(21.0 + HIGHLIGHT_SECS), None);
        let mut fading = Changes::default();
        fading.observe(1, &plan, &s, 20.0);
        fading.observe(2, &plan, &s2, 21.0);
        let next = fading.next_change(21.0 + 1.0).unwrap();
        assert!((next - 1.0 / FADE_FPS).abs() < 1e-9, "{next}");
        steady.reset();
        assert!(steady.steady(), "another plan keeps reduce motion");
        // reset: a new plan marks nothing
        ch.reset();
        ch.observe(9, &plan, &s2, 13.0);
        assert!(!ch.active(13.0));
    }
}
