//! Every key lands in the field it was typed into, whatever the frame rate.
//!
//! When frames are slow, one frame's input can hold text, a Tab and more
//! text ("Jo Bloggs", Tab, "Draft v0.2"). egui moves the keyboard focus at
//! the end of a frame, so everything typed after the Tab would land in the
//! field being left. Likewise a click queued after typing makes the field
//! let go before it reads the typing. So a frame takes the input up to the
//! first thing that moves the focus (Tab, Enter, Escape, the release of a
//! click: up to and including it; the press of a click after typing: up to
//! just before it) and the rest is held for the next frame, in order,
//! before anything newer.

use egui::{Event, Key};

/// Events held back for the next frame.
#[derive(Debug, Default)]
pub struct HeldInput {
    events: Vec<Event>,
}

/// A key that moves the keyboard focus away from the field typed in, or
/// the end of a click (which gives the focus to what was clicked).
fn moves_focus_after(e: &Event) -> bool {
    matches!(
        e,
        Event::Key {
            key: Key::Tab | Key::Enter | Key::Escape,
            pressed: true,
            ..
        } | Event::PointerButton { pressed: false, .. }
    )
}

/// A press that moves the focus to what it lands on.
fn moves_focus_before(e: &Event) -> bool {
    matches!(e, Event::PointerButton { pressed: true, .. })
}

/// Typing that belongs to the focused field.
fn is_typing(e: &Event) -> bool {
    matches!(
        e,
        Event::Text(_) | Event::Paste(_) | Event::Key { pressed: true, .. } | Event::Ime(_)
    )
}

impl HeldInput {
    /// Puts the held events before `events`, then keeps this frame's
    /// share and holds the rest. Returns true when events are held (the
    /// caller asks for another frame).
    pub fn split(&mut self, events: &mut Vec<Event>) -> bool {
        let mut all = std::mem::take(&mut self.events);
        all.append(events);
        let mut typed = false;
        let mut cut = all.len();
        for (i, e) in all.iter().enumerate() {
            if moves_focus_before(e) && typed {
                cut = i;
                break;
            }
            if moves_focus_after(e) {
                cut = i + 1;
                break;
            }
            typed |= is_typing(e);
        }
        // what comes after the cut waits only if anything in it is typing
        // or a press (pointer moves alone need not wait)
        if all[cut..].iter().any(|e| is_typing(e) || moves_focus_before(e)) {
            self.events = all.split_off(cut);
        }
        *events = all;
        !self.events.is_empty()
    }

    /// True when events wait for the next frame.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::{Modifiers, PointerButton, pos2};

    fn key(k: Key) -> Event {
        Event::Key {
            key: k,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: Modifiers::NONE,
        }
    }

    fn text(t: &str) -> Event {
        Event::Text(t.into())
    }

    fn click() -> Event {
        Event::PointerButton {
            pos: pos2(1.0, 1.0),
            button: PointerButton::Primary,
            pressed: true,
            modifiers: Modifiers::NONE,
        }
    }

    #[test]
    fn text_after_a_tab_waits_for_the_next_frame() {
        let mut held = HeldInput::default();
        let mut frame = vec![text("Jo"), key(Key::Tab), text("Draft"), key(Key::Tab), text("x")];
        assert!(held.split(&mut frame));
        assert_eq!(frame, vec![text("Jo"), key(Key::Tab)]);
        // newer events come after the held ones
        let mut frame = vec![text("y")];
        assert!(held.split(&mut frame));
        assert_eq!(frame, vec![text("Draft"), key(Key::Tab)]);
        let mut frame = vec![];
        assert!(!held.split(&mut frame));
        assert_eq!(frame, vec![text("x"), text("y")]);
        assert!(held.is_empty());
    }

    #[test]
    fn a_click_after_typing_waits_until_the_typing_is_read() {
        let mut held = HeldInput::default();
        let mut frame = vec![text("Notes"), click(), text("z")];
        assert!(held.split(&mut frame));
        assert_eq!(frame, vec![text("Notes")]);
        let mut frame = vec![];
        assert!(!held.split(&mut frame));
        assert_eq!(frame, vec![click(), text("z")]);
    }

    #[test]
    fn a_frame_with_nothing_to_split_is_left_alone() {
        let mut held = HeldInput::default();
        let mut frame = vec![click(), text("a"), text("b"), key(Key::Tab)];
        assert!(!held.split(&mut frame));
        assert_eq!(frame, vec![click(), text("a"), text("b"), key(Key::Tab)]);
    }
}
