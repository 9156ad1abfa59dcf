//! Escape, one rule: it closes the topmost thing open, and only that.
//!
//! 1. An open popup or menu (a list of choices, a menu of the menu bar):
//!    egui closes it.
//! 2. Else the topmost dialog (the command palette is one): it is
//!    cancelled, as its Cancel button does ([`cancels_dialog`]).
//! 3. Else the field being typed in lets go of the keyboard (egui) and
//!    puts back what it held when the edit began ([`cancels_field`]).
//!
//! In the audience window, which has no dialogs or fields, Escape leaves
//! full screen.

use egui::{Key, ModalResponse, Modifiers, Response, Ui};

/// True when Escape cancels this dialog: it is the topmost one and no
/// popup is open over it. The key is consumed, so nothing under the
/// dialog sees it.
pub fn cancels_dialog<T>(resp: &ModalResponse<T>) -> bool {
    resp.is_top_modal
        && !resp.any_popup_open
        && resp
            .response
            .ctx
            .input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
}

/// True when Escape ended the edit of this field (it lost the keyboard to
/// Escape): the field puts back what it held.
pub fn cancels_field(ui: &Ui, resp: &Response) -> bool {
    resp.lost_focus() && pressed(ui)
}

/// Escape was pressed this frame (and nothing took it yet).
pub fn pressed(ui: &Ui) -> bool {
    ui.input(|i| i.key_pressed(Key::Escape))
}

/// Where the keyboard was: after Escape let go of a field, Tab (or
/// Shift+Tab) goes on from that field, not from the top of the window
/// (the File menu).
#[derive(Debug, Default)]
pub struct KeepPlace {
    /// The widget that had the keyboard last frame.
    focused: Option<egui::Id>,
    /// The field Escape let go of, while nothing has the keyboard.
    escaped_from: Option<egui::Id>,
}

impl KeepPlace {
    /// Called at the start of each frame, before anything is drawn.
    pub fn start_frame(&mut self, ctx: &egui::Context) {
        let now = ctx.memory(|m| m.focused());
        let (escape, tab, pressed) = ctx.input(|i| {
            (
                i.key_pressed(Key::Escape),
                i.events.iter().any(|e| {
                    matches!(e, egui::Event::Key { key: Key::Tab, pressed: true, modifiers, .. }
                        if !modifiers.any() || modifiers.shift_only())
                }),
                i.pointer.any_pressed(),
            )
        });
        if now.is_some() || pressed {
            self.escaped_from = None;
        } else if escape && self.focused.is_some() {
            self.escaped_from = self.focused;
        }
        if now.is_none()
            && tab
            && let Some(id) = self.escaped_from.take()
        {
            // the field takes the keyboard back; egui's Tab, already
            // seen this frame, then moves it on from there
            ctx.memory_mut(|m| m.request_focus(id));
        }
        self.focused = ctx.memory(|m| m.focused());
    }
}
