//! Pointer moves that change nothing draw nothing.
//!
//! egui-winit answers every `CursorMoved` with a repaint, and eframe draws
//! and presents a whole frame for it, even when the pointer moved over
//! empty background or within one button. On a software renderer (a
//! virtual desktop, a remote session, an old laptop) each of those frames
//! is a full window of pixels drawn by the CPU.
//!
//! [`QuietPointer`] sits between winit and eframe. A pointer move is held
//! back, not passed on, when the widgets under the pointer are the same at
//! the new position as at the last position egui was told (so no hover
//! colour, cursor shape or tooltip can change), no button is held (no drag
//! or selection follows the pointer), and no tooltip or transformed layer
//! is on screen; the mouse's raw motion (a device event X11 and Wayland
//! send beside each move, for which eframe also draws a frame) is dropped
//! while no button is held. The held move is passed on, before anything else, as soon
//! as any other event arrives (a click, a key, the wheel, the pointer
//! leaving, a repaint egui asked for), so egui always acts on the pointer's
//! true position. Holding is on while the app reduces motion (the default
//! on a software renderer; View › Reduce motion): the app says so every
//! frame through [`set_holding`], and reduce motion also keeps scroll bars
//! shown, so that no scroll bar appears on hover alone.
//!
//! A move that does change what is hovered draws one frame, not three:
//! egui answers any frame with input by asking for another at once, and
//! any such request with one more "to settle". After a frame whose only
//! input was the pointer moving, and in which nothing asked for a frame
//! while the app's UI ran (no animation, no widget moved, no tooltip
//! waiting), those follow-up frames would draw the same picture; they are
//! not drawn. A later request made in that frame (a tooltip's delay) is
//! kept at its own time. What was asked is counted by a repaint observer
//! ([`watch_requests`]) and the app marks where its UI begins
//! ([`ui_begins`]).

use eframe::UserEvent;
use egui::{Context, Id, Pos2, WidgetRects};
use std::cell::OnceCell;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use winit::application::ApplicationHandler;
use winit::event::{DeviceEvent, DeviceId, ElementState, StartCause, WindowEvent};
use winit::event_loop::ActiveEventLoop;
use winit::window::WindowId;

/// Where the app says, each frame, whether pointer moves may be held.
fn holding_id() -> Id {
    Id::unique("opplan-hold-pointer-moves")
}

/// Says, for the frames that follow, whether pointer moves that change
/// nothing may be held back (the app's reduce-motion setting).
pub fn set_holding(ctx: &Context, on: bool) {
    ctx.data_mut(|d| d.insert_temp(holding_id(), on));
}

fn holding(ctx: &Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(holding_id())).unwrap_or(false)
}

/// What egui was asked for: counted by the repaint observer, marked by
/// the app where its UI begins.
#[derive(Debug)]
struct Asked {
    /// Requests for a frame at once, ever.
    at_once: AtomicU64,
    /// `at_once` when the app's UI began its last pass.
    at_once_at_ui: AtomicU64,
    /// The shortest later request since the UI began, in microseconds
    /// (`u64::MAX`: none).
    later_us: AtomicU64,
}

impl Default for Asked {
    fn default() -> Self {
        Asked {
            at_once: AtomicU64::new(0),
            at_once_at_ui: AtomicU64::new(0),
            later_us: AtomicU64::new(u64::MAX),
        }
    }
}

impl Asked {
    /// Nothing asked for a frame at once since the UI began; the
    /// shortest later request, if any.
    fn quiet_since_ui(&self) -> Option<Option<Duration>> {
        let quiet = self.at_once.load(Ordering::Relaxed) == self.at_once_at_ui.load(Ordering::Relaxed);
        let later = self.later_us.load(Ordering::Relaxed);
        quiet.then_some((later != u64::MAX).then(|| Duration::from_micros(later)))
    }
}

fn asked_id() -> Id {
    Id::unique("opplan-repaints-asked")
}

fn asked(ctx: &Context) -> Option<Arc<Asked>> {
    ctx.data(|d| d.get_temp::<Arc<Asked>>(asked_id()))
}

/// Counts the frames `ctx` is asked for (egui's repaint observer: it sees
/// every request, with its delay).
pub fn watch_requests(ctx: &Context) {
    let a = Arc::new(Asked::default());
    ctx.data_mut(|d| d.insert_temp(asked_id(), a.clone()));
    ctx.set_repaint_observer(move |info| {
        if info.delay.is_zero() {
            a.at_once.fetch_add(1, Ordering::Relaxed);
        } else {
            let us = u64::try_from(info.delay.as_micros()).unwrap_or(u64::MAX - 1);
            a.later_us.fetch_min(us, Ordering::Relaxed);
        }
    });
}

/// The app's UI begins a pass: what egui asks for from here on is the
/// frame's own (egui's request after input comes before).
pub fn ui_begins(ctx: &Context) {
    if let Some(a) = asked(ctx) {
        a.at_once_at_ui
            .store(a.at_once.load(Ordering::Relaxed), Ordering::Relaxed);
        a.later_us.store(u64::MAX, Ordering::Relaxed);
    }
}

/// The ids of the last frame's widgets whose interaction area, grown by
/// `radius` (egui's reach for clicks near a widget), holds `pos`, sorted.
fn widgets_at(widgets: &WidgetRects, pos: Pos2, radius: f32) -> Vec<Id> {
    let mut ids: Vec<Id> = widgets
        .layer_ids()
        .flat_map(|layer| widgets.get_layer(layer))
        .filter(|w| w.interact_rect.expand(radius).contains(pos))
        .map(|w| w.id)
        .collect();
    ids.sort_unstable_by_key(|id| id.value());
    ids.dedup();
    ids
}

/// True when moving the pointer from `from` to `to` (points) can change
/// nothing egui draws: the same widgets lie under both.
pub fn same_widgets_under(widgets: &WidgetRects, from: Pos2, to: Pos2, radius: f32) -> bool {
    widgets_at(widgets, from, radius) == widgets_at(widgets, to, radius)
}

/// What the gate needs to know of a window event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seen {
    /// The pointer moved to this position (physical pixels).
    Move(Pos2),
    Press,
    Release,
    /// The pointer left the window, or the window lost the keyboard.
    Leave,
    /// A raw axis of the pointer moved (X11 sends these with every move;
    /// egui ignores them): passed on without ending a hold.
    Axis,
    Other,
}

/// Decides which window events go on to eframe, and when: a pointer move
/// that `may_hold` says changes nothing is kept back until the next event
/// of any kind, which it then goes before. `E` is the event.
pub struct Gate<E> {
    /// The last pointer position passed on (physical pixels).
    told: Option<Pos2>,
    held: Option<(Pos2, E)>,
    buttons_down: usize,
}

impl<E> Default for Gate<E> {
    fn default() -> Self {
        Gate {
            told: None,
            held: None,
            buttons_down: 0,
        }
    }
}

impl<E> Gate<E> {
    /// The events to pass on now, in order, for `event` (seen as `seen`).
    /// `may_hold(from, to)`: a move from where egui thinks the pointer is
    /// to `to` changes nothing it draws.
    pub fn pass(&mut self, seen: Seen, event: E, may_hold: impl FnOnce(Pos2, Pos2) -> bool) -> Vec<E> {
        if let Seen::Move(to) = seen {
            let hold = self.buttons_down == 0 && self.told.is_some_and(|from| may_hold(from, to));
            if hold {
                self.held = Some((to, event));
                return Vec::new();
            }
            self.held = None;
            self.told = Some(to);
            return vec![event];
        }
        if seen == Seen::Axis {
            return vec![event];
        }
        let mut out = self.release();
        match seen {
            Seen::Press => self.buttons_down += 1,
            Seen::Release => self.buttons_down = self.buttons_down.saturating_sub(1),
            Seen::Leave => {
                self.told = None;
                self.buttons_down = 0;
            }
            Seen::Move(_) | Seen::Axis | Seen::Other => {}
        }
        out.push(event);
        out
    }

    /// True when no mouse button is held (as far as the window saw).
    pub fn buttons_up(&self) -> bool {
        self.buttons_down == 0
    }

    /// The held move, if any, to pass on now (egui is about to draw).
    pub fn release(&mut self) -> Vec<E> {
        match self.held.take() {
            Some((to, e)) => {
                self.told = Some(to);
                vec![e]
            }
            None => Vec::new(),
        }
    }
}

fn seen(event: &WindowEvent) -> Seen {
    match event {
        WindowEvent::CursorMoved { position, .. } => Seen::Move(Pos2::new(position.x as f32, position.y as f32)),
        WindowEvent::MouseInput { state, .. } => match state {
            ElementState::Pressed => Seen::Press,
            ElementState::Released => Seen::Release,
        },
        WindowEvent::CursorLeft { .. } | WindowEvent::Focused(false) => Seen::Leave,
        // X11 reports a move's raw axes after it: part of the same move
        WindowEvent::AxisMotion { .. } => Seen::Axis,
        _ => Seen::Other,
    }
}

/// True when egui may be left thinking the pointer is at `from` (physical
/// pixels) while it is at `to`: nothing under it differs, nothing is
/// dragged, no tooltip or transformed layer shows, and the app holds.
fn may_hold(ctx: &Context, from: Pos2, to: Pos2) -> bool {
    if !holding(ctx) || ctx.dragged_id().is_some() || !ctx.memory(|m| m.to_global.is_empty()) {
        return false;
    }
    let ppp = ctx.pixels_per_point();
    let radius = ctx.global_style().interaction.interact_radius;
    ctx.viewport_for(egui::ViewportId::ROOT, |vp| {
        vp.prev_pass.tooltips.widget_tooltips.is_empty()
            && same_widgets_under(&vp.prev_pass.widgets, from / ppp, to / ppp, radius)
    })
}

/// True for the mouse's raw motion (X11 and Wayland send it beside every
/// move; eframe asks for a frame for each) while moves may be held and no
/// button is held: egui uses raw motion only for drags, and the window's
/// own move events say where the pointer is.
pub fn drops_raw_motion(event: &DeviceEvent, holding: bool, buttons_up: bool) -> bool {
    matches!(event, DeviceEvent::MouseMotion { .. }) && holding && buttons_up
}

/// eframe's event handler with pointer moves that change nothing held
/// back (see the module's notes).
pub struct QuietPointer<A> {
    inner: A,
    /// egui's context, once eframe has made it (the app's creator sets it).
    ctx: Rc<OnceCell<Context>>,
    gate: Gate<(WindowId, WindowEvent)>,
    /// What was passed on since the last frame began.
    since_frame: Input,
    /// What the last frame had.
    last_frame: Input,
}

/// What a frame received.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Input {
    #[default]
    Nothing,
    /// Only pointer moves.
    PointerOnly,
    /// Anything else (keys, clicks, the wheel, a resize...).
    More,
}

impl Input {
    fn with(self, seen: Seen) -> Input {
        match (self, seen) {
            (Input::More, _) => Input::More,
            (_, Seen::Move(_) | Seen::Axis) => Input::PointerOnly,
            _ => Input::More,
        }
    }
}

/// What to do with egui's request for a frame at once, after a frame that
/// received `last_frame`, with nothing passed on since (`since_frame`):
/// `None` to let it through; `Some(None)` to drop it; `Some(Some(d))` to
/// ask for a frame after `d` instead (a later request of that frame).
pub fn settle(
    holding: bool,
    last_frame: Input,
    since_frame: Input,
    asked: Option<Option<Duration>>,
) -> Option<Option<Duration>> {
    if holding && last_frame == Input::PointerOnly && since_frame == Input::Nothing {
        asked
    } else {
        None
    }
}

impl<A: ApplicationHandler<UserEvent>> QuietPointer<A> {
    pub fn new(inner: A, ctx: Rc<OnceCell<Context>>) -> Self {
        QuietPointer {
            inner,
            ctx,
            gate: Gate::default(),
            since_frame: Input::Nothing,
            last_frame: Input::Nothing,
        }
    }

    fn forward(&mut self, event_loop: &ActiveEventLoop, events: Vec<(WindowId, WindowEvent)>) {
        for (window, event) in events {
            if event == WindowEvent::RedrawRequested {
                self.last_frame = std::mem::take(&mut self.since_frame);
            } else {
                self.since_frame = self.since_frame.with(seen(&event));
            }
            self.inner.window_event(event_loop, window, event);
        }
    }

    /// egui's request for a frame, unless it would draw what is on screen.
    fn request(&self, event: UserEvent) -> Option<UserEvent> {
        let UserEvent::RequestRepaint {
            viewport_id,
            when,
            cumulative_pass_nr,
        } = event
        else {
            return Some(event);
        };
        let now = Instant::now();
        let ctx = self.ctx.get()?;
        let decision = if when <= now {
            settle(
                holding(ctx),
                self.last_frame,
                self.since_frame,
                asked(ctx).and_then(|a| a.quiet_since_ui()),
            )
        } else {
            None
        };
        match decision {
            None => Some(event),
            Some(None) => None,
            Some(Some(later)) => Some(UserEvent::RequestRepaint {
                viewport_id,
                when: now + later,
                cumulative_pass_nr,
            }),
        }
    }
}

impl<A: ApplicationHandler<UserEvent>> ApplicationHandler<UserEvent> for QuietPointer<A> {
    fn resumed(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.resumed(event_loop);
    }

    fn window_event(&mut self, event_loop: &ActiveEventLoop, window_id: WindowId, event: WindowEvent) {
        let ctx = self.ctx.get();
        let events = self.gate.pass(seen(&event), (window_id, event), |from, to| {
            ctx.is_some_and(|c| may_hold(c, from, to))
        });
        self.forward(event_loop, events);
    }

    fn new_events(&mut self, event_loop: &ActiveEventLoop, cause: StartCause) {
        self.inner.new_events(event_loop, cause);
    }

    fn user_event(&mut self, event_loop: &ActiveEventLoop, event: UserEvent) {
        // egui asked for a frame (a timer, a tooltip's delay): it will be
        // drawn, so let it see where the pointer is
        let Some(event) = self.request(event) else {
            return;
        };
        let held = self.gate.release();
        self.forward(event_loop, held);
        self.inner.user_event(event_loop, event);
    }

    fn device_event(&mut self, event_loop: &ActiveEventLoop, device_id: DeviceId, event: DeviceEvent) {
        let holding = self.ctx.get().is_some_and(holding);
        if drops_raw_motion(&event, holding, self.gate.buttons_up()) {
            return;
        }
        self.inner.device_event(event_loop, device_id, event);
    }

    fn about_to_wait(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.about_to_wait(event_loop);
    }

    fn suspended(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.suspended(event_loop);
    }

    fn exiting(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.exiting(event_loop);
    }

    fn memory_warning(&mut self, event_loop: &ActiveEventLoop) {
        self.inner.memory_warning(event_loop);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{LayerId, Rect, Sense, WidgetRect, pos2, vec2};

    fn widget(id: &str, min: Pos2, size: egui::Vec2) -> WidgetRect {
        let rect = Rect::from_min_size(min, size);
        WidgetRect {
            id: Id::unique(id),
            parent_id: Id::NULL,
            layer_id: LayerId::background(),
            rect,
            interact_rect: rect,
            sense: Sense::click(),
            enabled: true,
            visible: true,
        }
    }

    /// Two buttons side by side with a gap, on a panel.
    fn two_buttons() -> WidgetRects {
        let mut w = WidgetRects::default();
        w.insert(
            LayerId::background(),
            widget("panel", pos2(0.0, 0.0), vec2(400.0, 300.0)),
            Default::default(),
        );
        w.insert(
            LayerId::background(),
            widget("a", pos2(10.0, 10.0), vec2(80.0, 20.0)),
            Default::default(),
        );
        w.insert(
            LayerId::background(),
            widget("b", pos2(200.0, 10.0), vec2(80.0, 20.0)),
            Default::default(),
        );
        w
    }

    #[test]
    fn a_move_within_one_button_or_over_background_changes_nothing() {
        let w = two_buttons();
        assert!(same_widgets_under(&w, pos2(20.0, 15.0), pos2(60.0, 25.0), 5.0));
        assert!(same_widgets_under(&w, pos2(120.0, 100.0), pos2(150.0, 200.0), 5.0));
    }

    #[test]
    fn a_held_move_goes_on_first_when_anything_else_happens() {
        let mut g = Gate::default();
        let never = |_: Pos2, _: Pos2| false;
        let always = |_: Pos2, _: Pos2| true;
        // the first move is always passed on: egui must know where it is
        assert_eq!(g.pass(Seen::Move(pos2(1.0, 1.0)), "m1", always), vec!["m1"]);
        // moves that change nothing wait; the latest replaces the earlier
        assert!(g.pass(Seen::Move(pos2(2.0, 1.0)), "m2", always).is_empty());
        assert!(g.pass(Seen::Move(pos2(3.0, 1.0)), "m3", always).is_empty());
        // the raw axes X11 sends after a move do not end the hold
        assert_eq!(g.pass(Seen::Axis, "axis", never), vec!["axis"]);
        // a click: the pointer's true position first, then the click
        assert_eq!(g.pass(Seen::Press, "press", never), vec!["m3", "press"]);
        // while a button is held every move goes on (a drag, a selection)
        assert_eq!(g.pass(Seen::Move(pos2(9.0, 1.0)), "m4", always), vec!["m4"]);
        assert_eq!(g.pass(Seen::Release, "release", never), vec!["release"]);
        // a move that changes something goes on at once, dropping a held one
        assert!(g.pass(Seen::Move(pos2(10.0, 1.0)), "m5", always).is_empty());
        assert_eq!(g.pass(Seen::Move(pos2(50.0, 1.0)), "m6", never), vec!["m6"]);
        // egui asking for a frame releases the held move
        assert!(g.pass(Seen::Move(pos2(51.0, 1.0)), "m7", always).is_empty());
        assert_eq!(g.release(), vec!["m7"]);
        assert!(g.release().is_empty());
        // after the pointer left, the next move is passed on whatever
        assert_eq!(g.pass(Seen::Leave, "left", always), vec!["left"]);
        assert_eq!(g.pass(Seen::Move(pos2(5.0, 5.0)), "back", always), vec!["back"]);
    }

    #[test]
    fn the_hold_asks_from_where_egui_was_last_told() {
        let mut g = Gate::default();
        g.pass(Seen::Move(pos2(1.0, 1.0)), 1, |_, _| true);
        let mut asked = None;
        g.pass(Seen::Move(pos2(2.0, 2.0)), 2, |from, to| {
            asked = Some((from, to));
            true
        });
        assert_eq!(asked, Some((pos2(1.0, 1.0), pos2(2.0, 2.0))));
        g.pass(Seen::Move(pos2(3.0, 3.0)), 3, |from, to| {
            asked = Some((from, to));
            true
        });
        // the held move at (2, 2) was never passed on: egui still thinks (1, 1)
        assert_eq!(asked, Some((pos2(1.0, 1.0), pos2(3.0, 3.0))));
    }

    #[test]
    fn only_a_frame_of_pointer_moves_that_asked_nothing_is_not_followed_by_more() {
        use Input::*;
        let quiet = Some(None);
        let tooltip = Some(Some(Duration::from_millis(500)));
        let busy = None;
        // a hover: drop egui's echo, or move it to the tooltip's time
        assert_eq!(settle(true, PointerOnly, Nothing, quiet), Some(None));
        assert_eq!(settle(true, PointerOnly, Nothing, tooltip), tooltip);
        // something asked for a frame at once while the UI ran: let it be
        assert_eq!(settle(true, PointerOnly, Nothing, busy), None);
        // a key, a click, the wheel in the frame: let it be
        assert_eq!(settle(true, More, Nothing, quiet), None);
        // an event has come since: a frame is coming anyway, let it be
        assert_eq!(settle(true, PointerOnly, More, quiet), None);
        // motion not reduced: egui's way
        assert_eq!(settle(false, PointerOnly, Nothing, quiet), None);
        // nothing counted (no observer): let it be
        assert_eq!(settle(true, PointerOnly, Nothing, None), None);
    }

    #[test]
    fn raw_mouse_motion_is_dropped_only_while_holding_with_no_button_down() {
        let motion = DeviceEvent::MouseMotion { delta: (3.0, 2.0) };
        assert!(drops_raw_motion(&motion, true, true));
        // a drag needs it
        assert!(!drops_raw_motion(&motion, true, false));
        // motion not reduced: egui's way
        assert!(!drops_raw_motion(&motion, false, true));
        // other device events always go on
        let wheel = DeviceEvent::MouseWheel {
            delta: winit::event::MouseScrollDelta::LineDelta(0.0, 1.0),
        };
        assert!(!drops_raw_motion(&wheel, true, true));
    }

    #[test]
    fn what_a_frame_received() {
        assert_eq!(Input::Nothing.with(Seen::Move(pos2(1.0, 1.0))), Input::PointerOnly);
        assert_eq!(Input::PointerOnly.with(Seen::Axis), Input::PointerOnly);
        assert_eq!(Input::PointerOnly.with(Seen::Press), Input::More);
        assert_eq!(Input::More.with(Seen::Move(pos2(1.0, 1.0))), Input::More);
        assert_eq!(Input::Nothing.with(Seen::Other), Input::More);
    }

    #[test]
    fn egui_echoes_a_pointer_move_before_the_ui_and_the_observer_sees_what_the_ui_asks() {
        let ctx = Context::default();
        watch_requests(&ctx);
        let input = |x: f32| egui::RawInput {
            events: vec![egui::Event::PointerMoved(pos2(x, 10.0))],
            ..Default::default()
        };
        // the first passes load fonts and lay out: they ask for more
        for x in [3.0, 4.0] {
            ctx.run_ui(input(x), |ui| {
                ui_begins(ui.ctx());
                ui.label("a");
            })
            .drop_without_applying_deltas();
        }
        ctx.run_ui(input(5.0), |ui| {
            ui_begins(ui.ctx());
            ui.label("a");
        })
        .drop_without_applying_deltas();
        // egui asked for a frame at once after the move, before the UI
        // began: the frame itself asked for nothing
        let a = asked(&ctx).expect("counted");
        assert!(a.at_once.load(Ordering::Relaxed) > 0, "egui echoes input");
        assert_eq!(a.quiet_since_ui(), Some(None));
        // a UI that asks for a frame at once is not quiet; a later request is kept
        ctx.run_ui(input(6.0), |ui| {
            ui_begins(ui.ctx());
            ui.label("a");
            ui.ctx().request_repaint();
        })
        .drop_without_applying_deltas();
        assert_eq!(a.quiet_since_ui(), None);
        ctx.run_ui(input(7.0), |ui| {
            ui_begins(ui.ctx());
            ui.label("a");
            ui.ctx().request_repaint_after(Duration::from_millis(500));
        })
        .drop_without_applying_deltas();
        assert_eq!(a.quiet_since_ui(), Some(Some(Duration::from_millis(500))));
    }

    #[test]
    fn a_move_onto_off_or_between_buttons_is_passed_on() {
        let w = two_buttons();
        // background onto a
        assert!(!same_widgets_under(&w, pos2(50.0, 100.0), pos2(50.0, 20.0), 5.0));
        // a onto b
        assert!(!same_widgets_under(&w, pos2(50.0, 20.0), pos2(220.0, 20.0), 5.0));
        // near a's edge (within egui's click reach) from far away
        assert!(!same_widgets_under(&w, pos2(95.0, 100.0), pos2(93.0, 20.0), 5.0));
        // leaving the window's widgets altogether
        assert!(!same_widgets_under(&w, pos2(120.0, 100.0), pos2(500.0, 100.0), 5.0));
    }
}
