//! The menu bar, the plan bar, the status bar and the presentation bar:
//! every entry is a command of the table ([`UiCommand`]), drawn with its
//! name, shortcut, tooltip and whether it can run now.

use super::OpplanApp;
use crate::calc;
use crate::ui::audience::AudienceShows;
use crate::ui::command::{self, CommandState, RECOVERY_INTERVALS, SIZES, Sample, UiCommand, menu_item};
use crate::ui::prefs::{ProjectorTheme, ThemeChoice};
use crate::ui::{Command, Commands, Tab, checklist, present, widgets};
use egui::{RichText, Ui};
use std::time::Duration;

impl OpplanApp {
    pub(super) fn menu_bar(&self, ui: &mut Ui, s: &CommandState, cmds: &mut Commands) {
        ui.menu_button("File", |ui| {
            ui.set_min_width(command::MENU_MIN_WIDTH);
            menu_item(ui, UiCommand::NewPlan, s, cmds);
            menu_item(ui, UiCommand::Open, s, cmds);
            ui.menu_button("Open Recent", |ui| recent_menu(ui, s, cmds));
            menu_item(ui, UiCommand::OpenWorkspace, s, cmds);
            ui.separator();
            menu_item(ui, UiCommand::Save, s, cmds);
            menu_item(ui, UiCommand::SaveAs, s, cmds);
            ui.separator();
            ui.menu_button("Open a sample plan", |ui| {
                for sample in Sample::ALL {
                    menu_item(ui, UiCommand::OpenSample(sample), s, cmds);
                }
            });
            ui.separator();
            menu_item(ui, UiCommand::Quit, s, cmds);
        });
        ui.menu_button("Edit", |ui| {
            ui.set_min_width(command::MENU_MIN_WIDTH);
            menu_item(ui, UiCommand::Undo, s, cmds);
            menu_item(ui, UiCommand::Redo, s, cmds);
            ui.separator();
            menu_item(ui, UiCommand::CopyRows, s, cmds);
            menu_item(ui, UiCommand::PasteRows, s, cmds);
            ui.separator();
            menu_item(ui, UiCommand::Find, s, cmds);
            menu_item(ui, UiCommand::FindReplace, s, cmds);
            menu_item(ui, UiCommand::FindNext, s, cmds);
            ui.separator();
            menu_item(ui, UiCommand::FillDown, s, cmds);
            menu_item(ui, UiCommand::FocusTable, s, cmds);
            ui.separator();
            menu_item(ui, UiCommand::ToggleLock, s, cmds);
            ui.separator();
            ui.menu_button("Recovery copies", |ui| {
                ui.label(RichText::new("While there are unsaved changes, keep a copy aside:").weak());
                for secs in RECOVERY_INTERVALS {
                    menu_item(ui, UiCommand::RecoveryEvery(secs), s, cmds);
                }
            });
        });
        ui.menu_button("View", |ui| {
            ui.set_min_width(command::MENU_MIN_WIDTH);
            for t in Tab::ALL {
                menu_item(ui, UiCommand::ShowTab(t), s, cmds);
            }
            menu_item(ui, UiCommand::NextTab, s, cmds);
            menu_item(ui, UiCommand::PreviousTab, s, cmds);
            menu_item(ui, UiCommand::ToggleChecklist, s, cmds);
            ui.separator();
            for c in [UiCommand::ZoomIn, UiCommand::ZoomOut, UiCommand::ZoomReset] {
                menu_item(ui, c, s, cmds);
            }
            ui.menu_button("Theme", |ui| {
                for t in ThemeChoice::ALL {
                    menu_item(ui, UiCommand::Theme(t), s, cmds);
                }
            });
            menu_item(ui, UiCommand::ToggleReduceMotion, s, cmds);
            ui.separator();
            menu_item(ui, UiCommand::TogglePresentation, s, cmds);
            ui.menu_button("Presentation size", |ui| {
                for p in SIZES {
                    menu_item(ui, UiCommand::PresentSize(p), s, cmds);
                }
            });
            ui.menu_button("Projector theme", |ui| {
                for t in ProjectorTheme::ALL {
                    menu_item(ui, UiCommand::Projector(t), s, cmds);
                }
            });
            ui.separator();
            menu_item(ui, UiCommand::ToggleAudience, s, cmds);
            ui.menu_button("Audience window shows", |ui| {
                for a in AudienceShows::ALL {
                    menu_item(ui, UiCommand::AudienceTab(a), s, cmds);
                }
            });
            ui.menu_button("Audience text size", |ui| {
                for p in SIZES {
                    menu_item(ui, UiCommand::AudienceSize(p), s, cmds);
                }
                ui.separator();
                ui.label(RichText::new("In the audience window:").weak());
                for c in [
                    UiCommand::AudienceLarger,
                    UiCommand::AudienceSmaller,
                    UiCommand::AudienceResetSize,
                ] {
                    menu_item(ui, c, s, cmds);
                }
            });
            menu_item(ui, UiCommand::AudienceFullScreen, s, cmds);
            ui.separator();
            menu_item(ui, UiCommand::ShowShortcuts, s, cmds);
            menu_item(ui, UiCommand::GettingStarted, s, cmds);
            menu_item(ui, UiCommand::CommandPalette, s, cmds);
        });
        ui.menu_button("Data", |ui| crate::ui::data::menu(ui, s, cmds));
        ui.menu_button("Help", |ui| {
            ui.label("opplan: operating plans and BCF plans with exact money, live totals and RAG.");
            ui.label("RAG key: Green target met; Amber within the tolerance (10%); Red beyond it.");
            ui.separator();
            let undo = UiCommand::Undo.shortcut_text(ui.ctx()).unwrap_or_default();
            ui.label(format!("Your work is safe: {undo} undoes any change; saving keeps the previous file as NAME.ron.bak; unsaved changes are copied aside every 30 seconds and offered back if opplan closes without saving."));
            ui.separator();
            menu_item(ui, UiCommand::ShowShortcuts, s, cmds);
            menu_item(ui, UiCommand::GettingStarted, s, cmds);
            menu_item(ui, UiCommand::CommandPalette, s, cmds);
        });
    }

    /// The plan's title and state, the checklist, the lock, Present, and
    /// the tabs.
    pub(super) fn plan_bar(&self, ui: &mut Ui, s: &CommandState, cmds: &mut Commands) {
        let summary = self.summary.get();
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            let plan = &self.doc.plan;
            let title = if plan.header.title.trim().is_empty() {
                "Untitled plan"
            } else {
                plan.header.title.trim()
            };
            ui.label(RichText::new(title).size(20.0).strong());
            ui.label(RichText::new(format!("{} · {}", plan.header.version, plan.header.status.word())).weak());
            if let Some(w) = calc::lifecycle::status_warning(plan, summary) {
                widgets::rag_chip_ext(
                    ui,
                    crate::model::Rag::Amber,
                    &w,
                    false,
                    Some("Edited after the status was set"),
                    14.0,
                );
            }
            let overall = summary.overall;
            widgets::rag_chip_ext(
                ui,
                overall,
                &format!("Plan {}", overall.word()),
                false,
                Some(&summary.overall_rule),
                14.0,
            );
            let text = checklist::button_text(summary.checklist.incomplete_count());
            command::bar_button(
                ui,
                UiCommand::ToggleChecklist,
                s,
                cmds,
                Some(RichText::new(text).strong()),
            );
            command::lock_button(ui, s, cmds, 14.0);
            let name = UiCommand::TogglePresentation.with_shortcut(ui.ctx(), "Present");
            if present::present_button(ui, 14.0, &name)
                .on_hover_text(UiCommand::TogglePresentation.hover_text(ui.ctx()))
                .clicked()
            {
                cmds.push(Command::Ui(UiCommand::TogglePresentation));
            }
        });
        ui.add_space(2.0);
        ui.horizontal(|ui| command::tab_buttons(ui, s, cmds, Some(16.0)));
        ui.add_space(2.0);
    }

    pub(super) fn status_bar(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            match &self.doc.path {
                Some(p) => {
                    ui.label(self.doc.file_name()).on_hover_text(p.display().to_string());
                }
                None => {
                    ui.label("Not saved yet");
                }
            }
            // a plan never saved has no saved state to agree with
            if self.doc.path.is_some() {
                ui.separator();
                ui.label(if self.doc.dirty {
                    "Unsaved changes"
                } else {
                    "All changes saved"
                });
            }
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    /// The one bar of presentation mode (no menus, no status bar, no side
    /// panels), and the status line as a note for a few seconds.
    pub(super) fn presentation_bar(&mut self, ui: &mut Ui, cmds: &mut Commands) {
        let ctx = ui.ctx().clone();
        self.present.status_shown = self.present.fresh_status(&self.status, self.clock.now);
        if self.present.status_shown.is_some() {
            // one frame when it goes, none meanwhile
            ctx.request_repaint_after(Duration::from_secs_f64(self.present.status_left(self.clock.now)));
        }
        let s = self.command_state(&ctx);
        egui::Panel::top("present_bar").show(ui, |ui| {
            ui.add_space(4.0);
            present::toolbar(ui, &s, cmds);
            ui.add_space(2.0);
        });
        if let Some(text) = &self.present.status_shown {
            present::status_toast(&ctx, text);
        }
    }
}

/// File › Open Recent: the recent plans that still exist, their folders
/// beside them.
fn recent_menu(ui: &mut Ui, s: &CommandState, cmds: &mut Commands) {
    let mut any = false;
    for (i, p) in s.recent.iter().enumerate().filter(|(_, p)| p.is_file()) {
        any = true;
        let c = UiCommand::OpenRecent(i as u8);
        let folder = p.parent().map(|d| d.display().to_string()).unwrap_or_default();
        if ui
            .add(egui::Button::new(c.label(s, true)).right_text(RichText::new(folder).weak()))
            .on_hover_text(p.display().to_string())
            .clicked()
        {
            cmds.push(Command::Ui(c));
        }
    }
    if !any {
        ui.label(RichText::new("No recent plans").weak());
    } else {
        ui.separator();
        menu_item(ui, UiCommand::ClearRecent, s, cmds);
    }
}
