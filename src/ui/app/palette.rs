//! The command palette (Ctrl+Shift+P): type part of a command's name, see
//! the commands that match with their shortcuts, Enter runs the one
//! marked (the arrows move the mark), Escape closes it.

use super::OpplanApp;
use crate::ui::command::{self, CommandState, UiCommand};
use crate::ui::{Command, Commands, escape, widgets};
use egui::{Key, Modifiers, RichText};

#[derive(Default)]
pub(super) struct Palette {
    open: bool,
    query: String,
    /// The row marked (Enter runs it), among the rows shown.
    marked: usize,
    /// The filter field takes the keyboard at the next frame.
    focus_field: bool,
}

impl Palette {
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Opens it empty, or closes it.
    pub fn toggle(&mut self) {
        *self = Palette {
            open: !self.open,
            focus_field: !self.open,
            ..Palette::default()
        };
    }

    fn show(&mut self, ctx: &egui::Context, s: &CommandState, cmds: &mut Commands) {
        let found: Vec<(UiCommand, String)> = UiCommand::all()
            .iter()
            .filter(|c| c.in_palette(s))
            .map(|&c| (c, c.label(s, false)))
            .filter(|(c, name)| command::matches(&self.query, name, c.group()))
            .collect();
        // the keys the palette takes before its field sees them
        let (up, down, enter) = ctx.input_mut(|i| {
            (
                i.consume_key(Modifiers::NONE, Key::ArrowUp),
                i.consume_key(Modifiers::NONE, Key::ArrowDown),
                i.consume_key(Modifiers::NONE, Key::Enter),
            )
        });
        if down {
            self.marked = (self.marked + 1).min(found.len().saturating_sub(1));
        }
        if up {
            self.marked = self.marked.saturating_sub(1);
        }
        self.marked = self.marked.min(found.len().saturating_sub(1));
        let mut run: Option<UiCommand> = None;
        if enter {
            // the marked row, or the first below it that can run
            run = found
                .iter()
                .skip(self.marked)
                .chain(found.iter())
                .find(|(c, _)| c.enabled(s))
                .map(|(c, _)| *c);
            if run.is_none() {
                self.open = false;
            }
        }
        let screen = ctx.content_rect();
        let width = (screen.width() * 0.5).clamp(360.0, 640.0);
        let id = egui::Id::unique("command_palette");
        let area =
            egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, screen.height() * 0.08));
        let modal = egui::Modal::new(id).area(area).show(ctx, |ui| {
            ui.set_width(width);
            let field = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text("Type to find a command")
                    .desired_width(width),
            );
            widgets::set_name(ui, &field, "Search commands");
            if std::mem::take(&mut self.focus_field) {
                field.request_focus();
            }
            if field.changed() {
                self.marked = 0;
            }
            ui.add_space(4.0);
            if found.is_empty() {
                ui.label(RichText::new("No command matches.").weak());
            }
            let row_h = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical()
                .max_height((screen.height() * 0.6).max(row_h * 4.0))
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for (i, (c, name)) in found.iter().enumerate() {
                        let mut button = egui::Button::selectable(i == self.marked, name.as_str());
                        if let Some(k) = c.shortcut_text(ui.ctx()) {
                            button = button.shortcut_text(k);
                        }
                        let reason = c.disabled_reason(s);
                        let resp = ui.add_enabled(reason.is_none(), button.min_size(egui::vec2(width, 0.0)));
                        let resp = match &reason {
                            Some(r) => resp.on_disabled_hover_text(r),
                            None => resp.on_hover_text(c.tooltip()),
                        };
                        if i == self.marked && (up || down) {
                            resp.scroll_to_me(None);
                        }
                        if resp.clicked() {
                            run = Some(*c);
                        }
                    }
                });
        });
        if escape::cancels_dialog(&modal) {
            self.open = false;
        }
        if let Some(c) = run {
            self.open = false;
            cmds.push(Command::Ui(c));
        }
    }
}

impl OpplanApp {
    /// Draws the palette while it is open.
    pub(super) fn palette(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        if !self.palette.is_open() {
            return;
        }
        let mut palette = std::mem::take(&mut self.palette);
        palette.show(ctx, &self.command_state(ctx), cmds);
        self.palette = palette;
    }
}
