//! The Find panel (Ctrl+F) and Find and replace (Ctrl+H): looks for text
//! in every record of the plan ([`crate::calc::find`]), lists every match
//! (record, field, before and after), goes to the next one (Enter in the
//! Find field, or F3) and replaces the current match or all of them as
//! one undo step.

use super::{Commands, escape, widgets};
use crate::calc::find::{Match, Place, Query, find, replace_edit, total};
use crate::model::Plan;
use egui::{Id, RichText, Ui};

/// The panel's state (kept by the app).
#[derive(Default)]
pub struct FindPanel {
    pub open: bool,
    /// The Replace field shows.
    pub replace: bool,
    pub query: Query,
    pub with: String,
    /// The match gone to last (an index into the matches).
    pub current: Option<usize>,
    focus_query: bool,
    cache: Option<(u64, Query, String, Vec<Match>)>,
}

/// The id of the Find field.
pub fn query_id() -> Id {
    Id::unique("find_query")
}

/// Part of a long text around its first match: "…at Kent County Council
/// and…" (at most about `width` characters).
pub fn excerpt(text: &str, query: &Query, width: usize) -> String {
    let one_line = text.replace(['\n', '\r', '\t'], " ");
    let n = one_line.chars().count();
    if n <= width {
        return one_line;
    }
    let at = crate::calc::find::occurrences(&one_line, &query.text, query.match_case)
        .first()
        .map_or(0, |(a, _)| one_line[..*a].chars().count());
    let start = at.saturating_sub(width / 3).min(n - width);
    let body: String = one_line.chars().skip(start).take(width).collect();
    format!(
        "{}{body}{}",
        if start > 0 { "\u{2026}" } else { "" },
        if start + width < n { "\u{2026}" } else { "" }
    )
}

impl FindPanel {
    /// Opens the panel (with the Replace field when `replace`), the
    /// keyboard in the Find field.
    pub fn open(&mut self, replace: bool) {
        if self.open {
            self.replace |= replace;
        } else {
            self.replace = replace;
        }
        self.open = true;
        self.focus_query = true;
    }

    /// The matches of the query in the plan as it is (computed again when
    /// the plan, the query or the replacement changed).
    pub fn matches(&mut self, plan: &Plan, generation: u64) -> &[Match] {
        let fresh = self
            .cache
            .as_ref()
            .is_some_and(|(g, q, w, _)| *g == generation && *q == self.query && *w == self.with);
        if !fresh {
            let m = find(plan, &self.query, &self.with);
            if self.current.is_some_and(|c| c >= m.len()) {
                self.current = None;
            }
            self.cache = Some((generation, self.query.clone(), self.with.clone(), m));
        }
        &self.cache.as_ref().expect("just set").3
    }

    /// Goes to the next match (after the last, the first): shows its
    /// record. Opens the panel when nothing is being looked for.
    pub fn next(&mut self, plan: &Plan, generation: u64, cmds: &mut Commands) {
        if !self.open || self.query.text.is_empty() {
            self.open(false);
            return;
        }
        let n = self.matches(plan, generation).len();
        if n == 0 {
            return;
        }
        let i = self.current.map_or(0, |c| (c + 1) % n);
        self.go(plan, generation, i, cmds);
    }

    fn go(&mut self, plan: &Plan, generation: u64, i: usize, cmds: &mut Commands) {
        self.current = Some(i);
        if let Some(m) = self.matches(plan, generation).get(i) {
            match &m.place {
                Place::Record { kind, id, .. } => cmds.go_to(super::compare::tab_of(*kind), Some(*id), None),
                Place::Header(_) => cmds.go_to(super::Tab::Plan, None, None),
                Place::Milestone { scheme, .. } => cmds.go_to(super::Tab::Schemes, Some(*scheme), None),
            }
        }
    }

    /// Draws the panel while it is open.
    pub fn show(&mut self, ctx: &egui::Context, plan: &Plan, generation: u64, locked: bool, cmds: &mut Commands) {
        if !self.open {
            return;
        }
        let mut open = true;
        let title = if self.replace { "Find and replace" } else { "Find" };
        egui::Window::new(title)
            .id(Id::unique("find_panel"))
            .open(&mut open)
            .anchor(egui::Align2::RIGHT_TOP, egui::vec2(-12.0, 64.0))
            .default_width(460.0)
            .resizable(true)
            .collapsible(false)
            .show(ctx, |ui| self.contents(ui, plan, generation, locked, cmds));
        if !open {
            self.open = false;
        }
    }

    fn contents(&mut self, ui: &mut Ui, plan: &Plan, generation: u64, locked: bool, cmds: &mut Commands) {
        let mut go_next = false;
        egui::Grid::new("find_fields")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label("Find");
                ui.horizontal(|ui| {
                    let resp = ui.add(
                        egui::TextEdit::singleline(&mut self.query.text)
                            .id(query_id())
                            .hint_text("text in any record")
                            .desired_width(260.0),
                    );
                    widgets::set_name(ui, &resp, "Find text");
                    if std::mem::take(&mut self.focus_query) {
                        resp.request_focus();
                    }
                    if escape::cancels_field(ui, &resp) {
                        self.open = false;
                    }
                    if resp.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                        go_next = true;
                        resp.request_focus();
                    }
                    let next = egui::Button::new("Next");
                    let hint = super::command::UiCommand::FindNext.hover_text(ui.ctx());
                    if ui.add(next).on_hover_text(hint).clicked() {
                        go_next = true;
                    }
                });
                ui.end_row();
                if self.replace {
                    ui.label("Replace with");
                    ui.horizontal(|ui| {
                        let resp = ui.add(
                            egui::TextEdit::singleline(&mut self.with)
                                .id(Id::unique("find_with"))
                                .hint_text("nothing: the text is removed")
                                .desired_width(260.0),
                        );
                        widgets::set_name(ui, &resp, "Replace with");
                        if escape::cancels_field(ui, &resp) {
                            self.open = false;
                        }
                        self.replace_buttons(ui, plan, generation, locked, cmds);
                    });
                    ui.end_row();
                }
                ui.label("");
                ui.horizontal(|ui| {
                    ui.checkbox(&mut self.query.match_case, "Match case");
                    if !self.replace && ui.button("Replace…").clicked() {
                        self.replace = true;
                    }
                });
                ui.end_row();
            });
        if go_next {
            self.next(plan, generation, cmds);
        }
        self.list(ui, plan, generation, cmds);
    }

    fn replace_buttons(&mut self, ui: &mut Ui, plan: &Plan, generation: u64, locked: bool, cmds: &mut Commands) {
        let query = self.query.clone();
        let with = self.with.clone();
        let current = self.current;
        let matches = self.matches(plan, generation).to_vec();
        let matches = &matches[..];
        let why = if locked {
            Some("The plan is locked: unlock it to replace.")
        } else if matches.is_empty() {
            Some("Nothing matches")
        } else {
            None
        };
        let all = ui
            .add_enabled(why.is_none(), egui::Button::new("Replace all"))
            .on_disabled_hover_text(why.unwrap_or_default())
            .on_hover_text("Replace every match listed below, as one step (Undo takes it all back)");
        if all.clicked() {
            let n = total(matches);
            let fields = matches.len();
            cmds.edit(
                format!(
                    "Replace \u{201c}{}\u{201d} with \u{201c}{with}\u{201d} ({n} in {fields} field{})",
                    query.text,
                    if fields == 1 { "" } else { "s" }
                ),
                replace_edit(plan, matches),
            );
            self.current = None;
        }
        let one = current.and_then(|c| matches.get(c)).cloned();
        let resp = ui
            .add_enabled(why.is_none() && one.is_some(), egui::Button::new("Replace"))
            .on_hover_text("Replace in the current match's field only (Next or F3 chooses it)");
        if resp.clicked()
            && let Some(m) = one
        {
            cmds.edit(
                format!("Replace \u{201c}{}\u{201d} in {}", query.text, m.record),
                replace_edit(plan, std::slice::from_ref(&m)),
            );
        }
    }

    fn list(&mut self, ui: &mut Ui, plan: &Plan, generation: u64, cmds: &mut Commands) {
        if self.query.text.is_empty() {
            widgets::note(ui, "Type the text to look for: every record's text is searched.");
            return;
        }
        let replace = self.replace;
        let query = self.query.clone();
        let current = self.current;
        let matches = self.matches(plan, generation);
        let summary = match (matches.len(), total(matches)) {
            (0, _) => "No match".to_string(),
            (1, 1) => "1 match".to_string(),
            (f, n) => format!("{n} matches in {f} field{}", if f == 1 { "" } else { "s" }),
        };
        ui.separator();
        ui.label(RichText::new(summary).strong());
        let mut clicked = None;
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            for (i, m) in matches.iter().enumerate() {
                let what = if replace {
                    format!(
                        "{}: \u{201c}{}\u{201d} to \u{201c}{}\u{201d}",
                        m.field_name,
                        excerpt(&m.before, &query, 60),
                        excerpt(&m.after, &Query::default(), 60)
                    )
                } else {
                    format!("{}: \u{201c}{}\u{201d}", m.field_name, excerpt(&m.before, &query, 80))
                };
                let text = format!("{} \u{b7} {what}", m.record);
                let resp = ui.selectable_label(current == Some(i), text);
                if resp.clicked() {
                    clicked = Some(i);
                }
            }
        });
        if let Some(i) = clicked {
            self.go(plan, generation, i, cmds);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_centre_on_the_match() {
        let q = Query {
            text: "needle".into(),
            match_case: false,
        };
        assert_eq!(excerpt("short\ntext", &q, 20), "short text");
        let long = format!("{}Needle{}", "a".repeat(100), "b".repeat(100));
        let e = excerpt(&long, &q, 30);
        assert!(e.starts_with('\u{2026}') && e.ends_with('\u{2026}'), "{e}");
        assert!(e.contains("Needle"), "{e}");
        assert_eq!(e.chars().count(), 32);
    }
}
