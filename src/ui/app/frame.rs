//! One frame of the window: the clock and today's date, the shortcuts,
//! the panels, the commands the frame asked for, then the ticks
//! (recovery copies, preferences, the audience window).

use super::OpplanApp;
use super::document::{Document, Summary};
use super::saving::AfterConfirm;
use crate::ui::command::{self, CommandState, Here, UiCommand};
use crate::ui::{Commands, Tab, TabCtx, Target, checklist, present, tabs, widgets};
use chrono::NaiveDate;
use egui::Ui;
use std::time::Duration;

/// The native window: its title, and closing it.
#[derive(Default)]
pub(super) struct WindowState {
    last_title: String,
    /// The user answered "Save changes?" before closing: close for real.
    pub allow_close: bool,
    /// Close at the end of this frame.
    pub close_now: bool,
    /// egui's own keyboard zoom is turned off (the command table has it).
    keys_set_up: bool,
    /// The renderer draws in software (no GPU): reduce motion is on unless
    /// the preferences say otherwise.
    software: bool,
    /// The styles were given reduced motion (last frame).
    motion_reduced: bool,
    /// eframe clears the window with the panels' colour before each frame
    /// ([`eframe::App::clear_color`]): the main panel need not fill it again.
    cleared: bool,
}

/// What tabs draw from: the one place a [`TabCtx`] is made (fields borrowed
/// apart, so the app can lend the rest of itself meanwhile).
pub(super) fn tab_ctx_of<'a>(
    doc: &'a Document,
    summary: &'a Summary,
    locked: bool,
    today: NaiveDate,
    focus: Option<&'a Target>,
) -> TabCtx<'a> {
    TabCtx {
        plan: &doc.plan,
        summary: summary.get(),
        locked,
        today,
        focus,
        generation: doc.generation,
        inserted: &doc.inserted,
        changed: summary.changed_to(doc.generation),
    }
}

impl OpplanApp {
    /// Tells the app that its window is drawn in software (no GPU), as
    /// the renderer said at start-up.
    pub fn set_software_renderer(&mut self, software: bool) {
        self.window.software = software;
        // only eframe's window calls this, and it clears with `clear_color`
        self.window.cleared = true;
    }

    /// Reduce motion: the preferences' choice, else on when the window is
    /// drawn in software.
    pub fn reduces_motion(&self) -> bool {
        self.prefs.prefs.reduce_motion.unwrap_or(self.window.software)
    }

    /// Draws the whole window and runs what the user asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        super::pointer::ui_begins(&ctx);
        self.keep_place.start_frame(&ctx);
        self.start_frame(&ctx);
        let mut cmds = Commands::default();
        self.take_dropped_files(&ctx, &mut cmds);
        // what was asked for before this frame, and the keys pressed: run
        // before drawing, so the frame shows their effect
        self.run_queued(&ctx);
        let keys = self.take_shortcuts(&ctx);
        for c in keys {
            self.run_ui(&ctx, c);
        }
        self.clipboard_keys(&ctx);
        // the Plan and Sign-offs tabs write the fingerprint into the plan
        // (a status change, a signature): they draw from a settled one
        if matches!(self.tab, Tab::Plan | Tab::SignOffs) {
            self.refresh_summary();
        } else {
            self.refresh_summary_drawing(&ctx);
        }

        let palette = if self.present.on {
            present::palette(self.prefs.prefs.projector_theme)
        } else {
            widgets::RagPalette::Screen
        };
        widgets::set_rag_palette(&ctx, palette);
        widgets::set_today(&ctx, self.clock.today);

        if self.present.on {
            self.presentation_bar(ui, &mut cmds);
        } else {
            let state = self.command_state(&ctx);
            egui::Panel::top("menu_bar").show(ui, |ui| {
                egui::MenuBar::new().ui(ui, |ui| self.menu_bar(ui, &state, &mut cmds));
            });
            egui::Panel::top("plan_bar").show(ui, |ui| self.plan_bar(ui, &state, &mut cmds));
            egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
            crate::ui::conflicts::panel(ui, &self.doc.plan, self.locked, &mut cmds);
        }
        let tab_ctx = tab_ctx_of(
            &self.doc,
            &self.summary,
            self.locked,
            self.clock.today,
            self.focus.as_ref(),
        );
        checklist::panel(ui, &tab_ctx, &mut cmds);
        let presenting_overview = self.present.on && self.tab == Tab::Overview;
        let central = if self.window.cleared {
            widgets::inner_panel(ui.style(), true)
        } else {
            egui::Frame::central_panel(ui.style())
        };
        egui::CentralPanel::default().frame(central).show(ui, |ui| {
            if presenting_overview {
                let look = tabs::overview::Look {
                    present: true,
                    highlights: Some(present::Highlights {
                        changes: &self.audience.changes,
                        now: self.clock.now,
                    }),
                };
                tabs::overview::dashboard(ui, &tab_ctx, &look, Some(&mut cmds));
            } else if self.present.on && self.tab == Tab::Objectives {
                // projector reading views: no inputs, large text
                crate::ui::reading::objectives_view(ui, &tab_ctx);
            } else if self.present.on && self.tab == Tab::Narrative {
                crate::ui::reading::narrative_view(ui, &tab_ctx);
            } else {
                tabs::show(ui, self.tab, &tab_ctx, &mut self.views, &mut cmds);
            }
        });
        // a focus request is served by the frame that drew the tab, and
        // so are the rows the last edits added
        if self.focus.as_ref().is_some_and(|f| f.tab == self.tab) {
            self.focus = None;
        }
        self.doc.inserted.clear();
        self.dialogs(&ctx, &mut cmds);
        let path = self.doc.path.clone();
        if let Some(msg) = self.data.show(
            &ctx,
            &self.doc.plan,
            path.as_deref(),
            self.doc.generation,
            self.clock.today,
            self.locked,
            &mut cmds,
        ) {
            self.say(msg);
        }
        if !self.present.on {
            self.find
                .show(&ctx, &self.doc.plan, self.doc.generation, self.locked, &mut cmds);
        }
        self.palette(&ctx, &mut cmds);
        self.run_commands(&ctx, cmds);
        self.refresh_summary_drawing(&ctx);
        let asked = self.tick_workshop(&ctx);
        for c in asked {
            self.run_ui(&ctx, c);
        }
        self.tick_recovery(&ctx);
        self.tick_prefs(&ctx);
        if let Some(on) = self.present.pending.take() {
            self.set_presenting(&ctx, on);
        }
        // last: what this frame's commands and ticks said shows in it
        self.notices.show(&ctx, self.clock.now);
        self.drop_hint(&ctx);
        self.end_frame(&ctx);
    }

    /// Runs the commands asked for with [`OpplanApp::run`].
    pub(super) fn run_queued(&mut self, ctx: &egui::Context) {
        let queued = Commands(std::mem::take(&mut self.queued));
        self.run_commands(ctx, queued);
    }

    /// The clock, today's date, the close button, and the end of a typing
    /// step.
    fn start_frame(&mut self, ctx: &egui::Context) {
        if !std::mem::replace(&mut self.window.keys_set_up, true) {
            // Ctrl+plus and Ctrl+minus are commands of the table
            ctx.options_mut(|o| o.zoom_with_keyboard = false);
        }
        self.clock.now = ctx.input(|i| i.time);
        self.clock.keyboard_focus = ctx.memory(|m| m.focused());
        self.tick_today(ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.window.allow_close && self.doc.dirty {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(AfterConfirm::Quit);
        }
        let state = self.history.state();
        self.history
            .tick(&self.doc.plan, self.clock.now, self.clock.keyboard_focus);
        if self.history.state() != state {
            self.update_dirty();
        }
        self.refresh_summary();
    }

    /// Asks what day it is once a minute (of egui's time), so overdue
    /// checks follow midnight; everything that depends on the date is
    /// computed again when it changed.
    fn tick_today(&mut self, ctx: &egui::Context) {
        let now = self.clock.now;
        let due = self
            .clock
            .today_checked
            .is_none_or(|t| now - t >= super::TODAY_EVERY_SECS || now < t);
        if due {
            self.clock.today_checked = Some(now);
            let today = self.clock.today_source.as_ref()();
            self.set_today(today);
        }
        ctx.request_repaint_after(Duration::from_secs_f64(super::TODAY_EVERY_SECS));
    }

    fn end_frame(&mut self, ctx: &egui::Context) {
        // after this frame's commands (the menu's switch, presentation
        // mode's styles): the next frame moves as asked
        // styles are left as they are unless motion is reduced, or was
        let reduce = self.reduces_motion();
        if reduce || std::mem::take(&mut self.window.motion_reduced) {
            present::apply_motion(ctx, reduce);
        }
        self.window.motion_reduced = reduce;
        super::pointer::set_holding(ctx, reduce);
        self.audience.changes.set_steady(reduce);
        let title = self.title();
        if title != self.window.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window.last_title = title;
        }
        if std::mem::take(&mut self.window.close_now) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// A dialog of the app or of the Data menu is open: it has the keys.
    pub(super) fn dialog_open(&self) -> bool {
        self.file_dialog.is_some()
            || self.confirm.is_some()
            || self.ask_delete.is_some()
            || self.error.is_some()
            || self.conflict.is_some()
            || !self.recovery.offers.is_empty()
            || self.data.is_modal()
    }

    /// This frame's shortcuts, from the command table: none while a dialog
    /// is open (it has the keys), only its own while the command palette
    /// is (its shortcut closes it).
    fn take_shortcuts(&mut self, ctx: &egui::Context) -> Vec<UiCommand> {
        if self.dialog_open() {
            return Vec::new();
        }
        // a cell of the Schemes table nothing was typed in yet gives
        // Ctrl+Z to the plan's undo, as a spreadsheet does
        let yields = tabs::schemes::table::focused_cell_untouched(ctx, &self.doc.plan, &self.views.schemes);
        let here = Here {
            window: command::Window::Main,
            tab: self.tab,
            typing: ctx.text_edit_focused() && !yields,
            focused: ctx.memory(|m| m.focused().is_some()),
        };
        let mut found = command::take_shortcuts(ctx, &here);
        if self.palette.is_open() {
            found.retain(|&c| c == UiCommand::CommandPalette);
        }
        found
    }

    /// What the command table's names and availability depend on now.
    pub(super) fn command_state(&self, ctx: &egui::Context) -> CommandState<'_> {
        let prefs = &self.prefs.prefs;
        CommandState {
            plan: &self.doc.plan,
            tab: self.tab,
            locked: self.locked,
            presenting: self.present.on,
            undo: self.history.undo_label(),
            redo: self.history.redo_label(),
            recent: &prefs.recent,
            recovery_secs: prefs.recovery_interval_secs,
            theme: prefs.theme,
            present_zoom: prefs.present_zoom,
            projector_theme: prefs.projector_theme,
            audience_open: self.audience.open,
            audience_shows: self.audience.shows,
            audience_scale: self.audience.scale,
            checklist_open: checklist::is_open(ctx),
            reduce_motion: self.reduces_motion(),
            scheme_selected: self.views.schemes.selected.is_some(),
            schemes_sorted: self.views.schemes.sort.is_some(),
        }
    }
}

impl eframe::App for OpplanApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    /// One frame takes the input up to the first thing that moves the
    /// focus; the rest waits for the next frame ([`crate::ui::held_input`]).
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        if self.held.split(&mut raw_input.events) {
            ctx.request_repaint();
        }
    }

    /// The panels' colour: the window's main panel is not filled again
    /// over it (one full window of pixels fewer a frame).
    fn clear_color(&self, visuals: &egui::Visuals) -> [f32; 4] {
        visuals.panel_fill.to_normalized_gamma_f32()
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if self.prefs_unsaved() {
            self.save_prefs();
        }
        self.wait_for_recovery_write();
    }
}
