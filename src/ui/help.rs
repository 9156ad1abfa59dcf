//! Help that teaches: Help › Keyboard shortcuts (drawn from the command
//! table, so it lists every shortcut there is) and Help › Getting started
//! (what each tab is for, how to start, where files go).

use super::Tab;
use super::command::UiCommand;
use egui::{RichText, Ui};

/// A page of help shown in its own window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HelpPage {
    Shortcuts,
    GettingStarted,
}

impl HelpPage {
    pub fn title(self) -> &'static str {
        match self {
            HelpPage::Shortcuts => "Keyboard shortcuts",
            HelpPage::GettingStarted => "Getting started",
        }
    }
}

/// Keys that are not commands of the table: how cells and fields take the
/// keyboard.
const FIELD_KEYS: [(&str, &str); 6] = [
    ("Tab / Shift+Tab", "The next / previous field or cell"),
    ("Enter", "Keep what was typed (in a table: the cell below)"),
    (
        "Escape",
        "Close the topmost menu or dialog, else put the field back as it was",
    ),
    (
        "Arrows",
        "Move the caret in a field; on the Metrics tab, with no field, the metric above or below",
    ),
    ("Ctrl+A", "Select all the text of the field"),
    ("Ctrl+C / Ctrl+V in a field", "Copy or paste text within the field"),
];

/// Every command that has a shortcut: (where, its name, its keys), in the
/// order of the command table.
pub fn shortcut_rows(ctx: &egui::Context) -> Vec<(&'static str, String, String)> {
    UiCommand::all()
        .iter()
        .filter_map(|&c| {
            let keys = c.shortcut_text(ctx)?;
            let more: Vec<String> = c.shortcuts().iter().skip(1).map(|k| ctx.format_shortcut(k)).collect();
            let keys = if more.is_empty() {
                keys
            } else {
                format!("{keys}, {}", more.join(", "))
            };
            Some((c.group(), c.name().into_owned(), keys))
        })
        .collect()
}

/// What each tab is for, in a sentence.
pub fn tab_purpose(t: Tab) -> &'static str {
    match t {
        Tab::Overview => {
            "The plan at a glance: totals by year against the minimum, RAG by area, what is still missing."
        }
        Tab::Plan => "Who writes the plan, its years, its minimum and declared budgets, its status and notes.",
        Tab::Schemes => "The schemes that spend the money: one row each, amounts per year, totals as you type.",
        Tab::Metrics => "What the plan promises to move: targets and actuals per period, rated Red, Amber or Green.",
        Tab::Risks => "Risks to delivery with their likelihood, impact, owner and mitigation.",
        Tab::SignOffs => "Who must sign the plan, and who has.",
        Tab::Finance => {
            "Where the money comes from and what it saves: the allocation statement, contributions to the pooled \
             budget, QIPP savings and activity."
        }
        Tab::Objectives => {
            "The plan's key objectives, the work, metrics and risks that serve each, and its milestones."
        }
        Tab::Narrative => "The plan's written sections and its answers to the national conditions.",
    }
}

/// Draws the help window while `page` is set; its close button clears it.
pub fn window(ctx: &egui::Context, page: &mut Option<HelpPage>) {
    let Some(p) = *page else { return };
    let mut open = true;
    egui::Window::new(p.title())
        .id(egui::Id::unique("opplan_help"))
        .open(&mut open)
        .default_width(620.0)
        .default_height(520.0)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| match p {
                HelpPage::Shortcuts => shortcuts(ui),
                HelpPage::GettingStarted => getting_started(ui),
            });
        });
    if !open {
        *page = None;
    }
}

fn shortcuts(ui: &mut Ui) {
    ui.label(
        "Every action is also in a menu and in the command palette (Ctrl+Shift+P). On a Mac, Cmd stands for Ctrl.",
    );
    ui.add_space(6.0);
    let rows = shortcut_rows(ui.ctx());
    egui::Grid::new("help_shortcuts")
        .num_columns(3)
        .striped(true)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            for (group, name, keys) in &rows {
                ui.label(RichText::new(keys).strong().monospace());
                ui.label(name);
                ui.label(RichText::new(*group).weak());
                ui.end_row();
            }
            for (keys, what) in FIELD_KEYS {
                ui.label(RichText::new(keys).strong().monospace());
                ui.label(what);
                ui.label(RichText::new("Fields").weak());
                ui.end_row();
            }
        });
}

fn getting_started(ui: &mut Ui) {
    ui.label(RichText::new("What each tab is for").strong());
    for t in Tab::ALL {
        ui.label(format!("{}: {}", t.word(), tab_purpose(t)));
    }
    ui.add_space(8.0);
    ui.label(RichText::new("Starting a plan").strong());
    ui.label("File › New starts a blank plan: fill in the Plan tab first (title, years, minimum budget).");
    ui.label("File › Open a sample plan opens a finished example to copy from.");
    ui.label(
        "On the Metrics tab, Add BCF national metrics and Add NHS constitution standards add the national templates.",
    );
    ui.label("Rows copied from Excel paste into a table with Ctrl+V (or Edit › Paste rows…): a preview shows every row first.");
    ui.add_space(8.0);
    ui.label(RichText::new("Where files go").strong());
    ui.label("A plan is one .ron file, saved where you choose (File › Save As…): it starts in your documents folder.");
    ui.label("Each save keeps the file before it as NAME.ron.bak beside it.");
    ui.label("While there are unsaved changes a copy is kept aside, and offered back when you open the plan again after opplan closed without saving.");
    ui.label("Data › Export writes a board report (HTML), an Excel workbook or CSV files for people without opplan.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shortcut_of_the_table_is_listed() {
        let ctx = egui::Context::default();
        let rows = shortcut_rows(&ctx);
        for c in UiCommand::all() {
            if let Some(k) = c.shortcut_text(&ctx) {
                assert!(
                    rows.iter().any(|(_, n, keys)| *n == c.name() && keys.starts_with(&k)),
                    "{c:?} is missing"
                );
            }
        }
        assert!(
            rows.iter()
                .any(|(_, n, k)| n == "Next tab" && k.contains("Ctrl+PageDown"))
        );
    }
}
