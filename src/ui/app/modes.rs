//! The workshop modes: the lock (read-only), presentation mode, and the
//! audience window with the highlights of what just changed.

use super::OpplanApp;
use super::frame::tab_ctx_of;
use super::prefs::theme_preference;
use crate::ui::audience;
use crate::ui::command::UiCommand;
use crate::ui::prefs::ProjectorTheme;
use crate::ui::present;
use egui::Ui;

/// The plan as it was before the field being typed in took its first
/// keystroke: what the room sees (the audience window, and what just
/// changed) until the field lets go, so a cell half typed ("9" on the way
/// to "9,000") never reaches the projector.
pub(super) struct Committed {
    /// The plan and its summary as they were, kept only while the audience
    /// window is open (the one view that draws them): in presentation mode
    /// alone the facilitator's window is the projector and shows the field
    /// as typed, and what just changed waits for the field to let go.
    /// Cloning a 5,000-scheme plan on a field's first keystroke and
    /// dropping it when the field lets go took about 9 ms of that frame.
    snapshot: Option<Box<(crate::model::Plan, crate::calc::PlanSummary)>>,
    generation: u64,
    /// The field being typed in.
    focus: Option<egui::Id>,
}

/// What the room sees: the plan committed, read-only.
fn audience_tab_ctx<'a>(
    committed: Option<&'a Committed>,
    doc: &'a super::document::Document,
    summary: &'a super::document::Summary,
    today: chrono::NaiveDate,
) -> crate::ui::TabCtx<'a> {
    match committed.and_then(|c| Some((c, c.snapshot.as_deref()?))) {
        Some((c, (plan, summary))) => crate::ui::TabCtx {
            plan,
            summary,
            locked: true,
            today,
            focus: None,
            generation: c.generation,
            inserted: &[],
            changed: None,
        },
        None => tab_ctx_of(doc, summary, true, today, None),
    }
}

impl OpplanApp {
    /// Draws the audience view into `ui` from this window's plan and state
    /// (what the audience window shows).
    pub fn audience_view(&mut self, ui: &mut Ui) {
        self.clock.now = ui.input(|i| i.time);
        self.run_queued(ui.ctx());
        self.refresh_summary();
        self.release_committed(ui.ctx());
        self.observe_changes();
        self.audience.main_tab = self.tab;
        self.audience.now = self.clock.now;
        let tab_ctx = audience_tab_ctx(self.committed.as_deref(), &self.doc, &self.summary, self.clock.today);
        audience::audience_view(ui, &tab_ctx, &mut self.audience);
    }

    /// Before a keystroke's edit: while the room watches, keeps the plan
    /// as it was before the field being typed in changed it.
    pub(super) fn hold_committed(&mut self) {
        if self.committed.is_some() || !(self.present.on || self.audience.open) {
            return;
        }
        let snapshot = self.audience.open.then(|| {
            self.refresh_summary();
            Box::new((self.doc.plan.clone(), self.summary.get().clone()))
        });
        self.committed = Some(Box::new(Committed {
            snapshot,
            generation: self.doc.generation,
            focus: self.clock.keyboard_focus,
        }));
    }

    /// The field let go (Enter, Tab, a click, Escape): the room sees the plan.
    fn release_committed(&mut self, ctx: &egui::Context) {
        let focus = ctx.memory(|m| m.focused());
        if self
            .committed
            .as_ref()
            .is_some_and(|c| c.focus.is_none() || c.focus != focus)
        {
            self.committed = None;
        }
    }

    /// Locks (read-only) or unlocks the plan.
    pub(super) fn set_locked(&mut self, ctx: &egui::Context, locked: bool) {
        if locked == self.locked {
            return;
        }
        self.locked = locked;
        if locked {
            // a field being typed in lets go: nothing more reaches the plan
            surrender_focus(ctx);
            let key = UiCommand::ToggleLock.shortcut_text(ctx).unwrap_or_default();
            self.status = format!("Locked: the plan is read-only until it is unlocked ({key})");
        } else {
            self.status = "Unlocked: the plan can be edited".into();
        }
    }

    /// Enters or leaves presentation mode (full screen, projector theme and
    /// size, no menus or side panels); leaving gives back the window as it
    /// was.
    pub(super) fn set_presenting(&mut self, ctx: &egui::Context, on: bool) {
        if on == self.present.on {
            return;
        }
        let prefs = &self.prefs.prefs;
        if on {
            let normal = if self.prefs.data_dir.is_some() {
                prefs.zoom
            } else {
                ctx.zoom_factor()
            };
            self.present
                .enter(ctx, normal, prefs.present_zoom, prefs.projector_theme);
            let exit = UiCommand::TogglePresentation.shortcut_text(ctx).unwrap_or_default();
            let lock = UiCommand::ToggleLock.shortcut_text(ctx).unwrap_or_default();
            self.status = format!("Presentation mode: {exit} leaves it, {lock} locks the plan");
        } else {
            self.present.exit(ctx, theme_preference(prefs.theme));
            self.status = "Left presentation mode".into();
        }
    }

    /// The size of presentation mode.
    pub(super) fn set_present_zoom(&mut self, ctx: &egui::Context, zoom: f32) {
        self.prefs.prefs.present_zoom = zoom;
        if self.present.on {
            self.present.set_zoom(ctx, zoom);
        }
        self.note_prefs_change();
    }

    /// The next size of presentation mode up or down (`None`: 100%).
    pub(super) fn step_present_zoom(&mut self, ctx: &egui::Context, up: Option<bool>) {
        let z = match up {
            Some(up) => present::zoom_step(self.prefs.prefs.present_zoom, up),
            None => 1.0,
        };
        self.set_present_zoom(ctx, z);
    }

    pub(super) fn set_projector_theme(&mut self, ctx: &egui::Context, theme: ProjectorTheme) {
        self.prefs.prefs.projector_theme = theme;
        self.audience.theme = theme;
        if self.present.on {
            self.present.apply_theme(ctx, theme);
        }
        self.note_prefs_change();
    }

    /// The audience window's text size.
    pub(super) fn set_audience_scale(&mut self, scale: f32) {
        self.audience.scale = scale;
        self.prefs.prefs.audience_scale = scale;
        self.note_prefs_change();
    }

    /// Notes which watched values changed since the last look (only those
    /// of the records the last edits changed, when they said which).
    fn observe_changes(&mut self) {
        if self.committed.is_some() {
            // nothing changed for the room while a field is being typed in
            return;
        }
        // what the room sees changed is looked at once per generation:
        // with the fingerprint's parts in
        self.refresh_summary();
        let since = self.summary.since.as_ref().map(|(g, c)| (*g, c.as_slice()));
        self.audience.changes.observe_since(
            self.doc.generation,
            since,
            &self.doc.plan,
            self.summary.get(),
            self.clock.now,
        );
    }

    /// Every frame, once the frame's edits are applied: notes what just
    /// changed, draws the audience window (so it shows this frame's edit),
    /// and keeps repainting while highlights fade. Returns what was asked
    /// for in the audience window.
    pub(super) fn tick_workshop(&mut self, ctx: &egui::Context) -> Vec<UiCommand> {
        let now = self.clock.now;
        let watched = self.present.on || self.audience.open;
        self.release_committed(ctx);
        if watched {
            self.observe_changes();
        } else {
            // nobody watches: nothing to highlight (the first look when
            // the room comes back marks nothing)
            self.audience.changes.reset();
        }
        if watched {
            self.audience.changes.request_repaint(ctx, now);
        }
        self.audience.main_tab = self.tab;
        self.audience.now = now;
        // the audience window is read-only whatever the lock
        let tab_ctx = audience_tab_ctx(self.committed.as_deref(), &self.doc, &self.summary, self.clock.today);
        audience::show_window(ctx, &tab_ctx, &mut self.audience)
    }

    /// The audience window full screen, or back to a window.
    pub(super) fn toggle_audience_full_screen(&mut self, ctx: &egui::Context) {
        let id = audience::viewport_id();
        let full = ctx.input_for(id, |i| i.viewport().fullscreen).unwrap_or(false);
        ctx.send_viewport_cmd_to(id, egui::ViewportCommand::Fullscreen(!full));
    }
}

/// The field being typed in lets go of the keyboard (its text is then
/// drawn from the plan again).
pub(super) fn surrender_focus(ctx: &egui::Context) {
    ctx.memory_mut(|m| {
        if let Some(id) = m.focused() {
            m.surrender_focus(id);
        }
    });
}
