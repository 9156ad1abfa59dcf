//! The notification area: one place, in the corner of the main window,
//! where saves, imports, exports and recovery copies say what happened
//! and where the file is (its full path). It never blocks: the window goes
//! on working under it. A success fades after [`SUCCESS_SECS`] of egui's
//! time (the window's one clock, so tests move it on without sleeping);
//! an error stays until it is dismissed.
//!
//! The main window draws it, in presentation mode too (the projector
//! style and zoom make it large); the audience window never does. Other
//! messages (a shortcut that cannot run now, undo) stay in the status
//! line.
//!
//! Written here rather than with egui-notify (which supports egui 0.37):
//! egui-notify paints its text with a painter, so screen readers and
//! the window tests cannot read it, counts its time in frame deltas rather
//! than egui's input time, and repaints every frame while a toast shows.

use egui::{Align2, Color32, RichText, vec2};
use std::path::{Path, PathBuf};

/// How long a success stays, in seconds of egui's time (the last
/// [`FADE_SECS`] of it fading out).
pub const SUCCESS_SECS: f64 = 6.0;

/// The fading at the end of a success's time, in seconds.
pub const FADE_SECS: f64 = 1.0;

/// At most this many notifications are kept: past it the oldest success
/// goes first, then the oldest error.
pub const MAX_SHOWN: usize = 6;

/// What kind of news a notification brings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Done: fades by itself.
    Success,
    /// Not done: stays until dismissed.
    Error,
}

/// A file's full path as a notification names it: a path typed or given
/// on the command line may be relative to the folder opplan started in,
/// or go up (`../plans`); its folder is named as it is on disk, the file
/// by the name it was given.
pub fn full_path(p: &Path) -> String {
    absolute_path(p).display().to_string()
}

/// The same file as `p`, named from the root (see [`full_path`]).
pub fn absolute_path(p: &Path) -> PathBuf {
    let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let folder = absolute.parent().and_then(|d| std::fs::canonicalize(d).ok());
    match (folder, absolute.file_name()) {
        (Some(d), Some(name)) => d.join(name),
        _ => absolute,
    }
}

/// What a part of the window has to tell the user: a line for the status
/// bar, or a notification.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    Status(String),
    Notice(Level, String),
}

/// One notification.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub level: Level,
    /// A plain sentence: what happened, and where the file is.
    pub text: String,
    /// When it was raised (seconds of egui's time).
    pub at: f64,
    id: u64,
}

impl Notice {
    /// How visible it is at `now`: 1 until its fading starts, then down to
    /// 0 (errors stay at 1).
    pub fn opacity(&self, now: f64) -> f32 {
        match self.level {
            Level::Error => 1.0,
            Level::Success => {
                let left = SUCCESS_SECS - (now - self.at);
                (left / FADE_SECS).clamp(0.0, 1.0) as f32
            }
        }
    }

    fn expired(&self, now: f64) -> bool {
        // a clock that went back (a new harness) keeps it for a full spell
        self.level == Level::Success && now >= self.at && now - self.at >= SUCCESS_SECS
    }
}

/// The notifications shown, newest last.
#[derive(Debug, Default)]
pub struct Notices {
    shown: Vec<Notice>,
    next_id: u64,
}

impl Notices {
    /// Says that something worked.
    pub fn success(&mut self, text: impl Into<String>, now: f64) {
        self.push(Level::Success, text.into(), now);
    }

    /// Says that something failed; stays until dismissed.
    pub fn error(&mut self, text: impl Into<String>, now: f64) {
        self.push(Level::Error, text.into(), now);
    }

    fn push(&mut self, level: Level, text: String, now: f64) {
        // the same news again (a recovery copy failing every minute) is
        // one notification, raised again
        self.shown.retain(|n| !(n.level == level && n.text == text));
        self.next_id += 1;
        self.shown.push(Notice {
            level,
            text,
            at: now,
            id: self.next_id,
        });
        while self.shown.len() > MAX_SHOWN {
            let oldest = self.shown.iter().position(|n| n.level == Level::Success).unwrap_or(0);
            self.shown.remove(oldest);
        }
    }

    /// The notifications shown now, oldest first.
    pub fn shown(&self) -> &[Notice] {
        &self.shown
    }

    /// Removes the successes whose time is over; returns how many seconds
    /// until the next one starts to fade or goes (`None`: nothing will
    /// change by itself).
    pub fn tick(&mut self, now: f64) -> Option<f64> {
        self.shown.retain(|n| !n.expired(now));
        self.shown
            .iter()
            .filter(|n| n.level == Level::Success)
            .map(|n| {
                let age = (now - n.at).max(0.0);
                let fade_from = SUCCESS_SECS - FADE_SECS;
                if age < fade_from { fade_from - age } else { 0.0 }
            })
            .min_by(f64::total_cmp)
    }

    fn dismiss(&mut self, id: u64) {
        self.shown.retain(|n| n.id != id);
    }

    /// Draws the notifications in the bottom right corner of the main
    /// window (above the status bar), each with a Dismiss button, and asks
    /// for the frames their fading needs.
    pub fn show(&mut self, ctx: &egui::Context, now: f64) {
        if let Some(secs) = self.tick(now) {
            if secs <= 0.0 {
                ctx.request_repaint();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(secs));
            }
        }
        if self.shown.is_empty() {
            return;
        }
        let mut dismissed = None;
        egui::Area::new(egui::Id::unique("opplan_notifications"))
            .anchor(Align2::RIGHT_BOTTOM, vec2(-16.0, -40.0))
            .order(egui::Order::Foreground)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                for n in &self.shown {
                    ui.scope(|ui| {
                        ui.multiply_opacity(n.opacity(now));
                        if notice_frame(ui, n) {
                            dismissed = Some(n.id);
                        }
                    });
                    ui.add_space(6.0);
                }
            });
        if let Some(id) = dismissed {
            self.dismiss(id);
        }
    }
}

/// One notification; true when its Dismiss button was clicked.
fn notice_frame(ui: &mut egui::Ui, n: &Notice) -> bool {
    let v = ui.visuals();
    let (accent, word) = match n.level {
        Level::Success => (success_color(ui), "Done"),
        Level::Error => (super::widgets::error_color(ui), "Not done"),
    };
    let mut clicked = false;
    egui::Frame::new()
        .fill(v.window_fill)
        .stroke(egui::Stroke::new(2.0, accent))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                ui.vertical(|ui| {
                    ui.set_max_width(440.0);
                    // the word too: never colour alone
                    ui.label(RichText::new(word).strong().color(accent));
                    ui.add(egui::Label::new(RichText::new(&n.text)).wrap());
                });
                let b = ui.button("Dismiss");
                super::widgets::set_name(ui, &b, &format!("Dismiss: {}", n.text));
                clicked = b.clicked();
            });
        });
    clicked
}

/// A green that reads on the window's background, light or dark.
fn success_color(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0x6c, 0xd3, 0x86)
    } else {
        Color32::from_rgb(0x1e, 0x7a, 0x34)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_fades_by_the_clock_and_an_error_stays() {
        let mut n = Notices::default();
        n.success("Saved kent.ron to /plans/kent.ron", 10.0);
        n.error("Could not write the recovery copy", 10.0);
        assert_eq!(n.tick(10.0), Some(SUCCESS_SECS - FADE_SECS));
        assert_eq!(n.shown()[0].opacity(10.0 + SUCCESS_SECS - FADE_SECS), 1.0);
        assert!(n.shown()[0].opacity(10.0 + SUCCESS_SECS - FADE_SECS / 2.0) < 1.0);
        n.tick(10.0 + SUCCESS_SECS - 0.01);
        assert_eq!(n.shown().len(), 2, "still fading");
        n.tick(10.0 + SUCCESS_SECS);
        assert_eq!(n.shown().len(), 1);
        assert_eq!(n.shown()[0].level, Level::Error);
        assert_eq!(n.tick(1000.0), None);
        assert_eq!(n.shown().len(), 1, "an error stays until dismissed");
    }

    #[test]
    fn the_same_news_again_is_one_notification_and_old_successes_make_room() {
        let mut n = Notices::default();
        n.error("Could not write the recovery copy", 1.0);
        n.error("Could not write the recovery copy", 2.0);
        assert_eq!(n.shown().len(), 1);
        assert_eq!(n.shown()[0].at, 2.0);
        for i in 0..MAX_SHOWN {
            n.success(format!("Saved {i}"), 3.0);
        }
        assert_eq!(n.shown().len(), MAX_SHOWN);
        assert!(n.shown().iter().any(|s| s.level == Level::Error), "the error is kept");
        assert_eq!(n.shown().last().unwrap().text, format!("Saved {}", MAX_SHOWN - 1));
        assert!(
            !n.shown().iter().any(|s| s.text == "Saved 0"),
            "the oldest success went"
        );
    }

    #[test]
    fn a_clock_that_went_back_keeps_a_success_for_its_time() {
        let mut n = Notices::default();
        n.success("Saved", 100.0);
        n.tick(5.0);
        assert_eq!(n.shown().len(), 1);
    }
}
