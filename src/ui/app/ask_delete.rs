//! Deleting records other records link to: the window asks first, naming
//! what links to them, then deletes them and removes those links in one
//! undo step ([`crate::model::edit`] does the clean-up).

use super::OpplanApp;
use crate::model::PlanEdit;
use crate::ui::{Edit, escape};
use egui::RichText;

impl OpplanApp {
    /// Runs a delete at once when nothing links to what it deletes, else
    /// holds it and asks.
    pub(super) fn delete_asking(&mut self, e: Edit) {
        let question = match &e.edit {
            PlanEdit::Delete { kind, ids } => crate::calc::objectives::delete_question(&self.doc.plan, *kind, ids),
            _ => None,
        };
        match question {
            Some(q) if !self.locked => self.ask_delete = Some((q, e)),
            _ => self.apply_edit(e),
        }
    }

    pub(super) fn delete_dialog(&mut self, ctx: &egui::Context) {
        let Some((question, _)) = &self.ask_delete else { return };
        let question = question.clone();
        let mut answer: Option<bool> = None;
        let modal = egui::Modal::new(egui::Id::unique("ask_delete_modal")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.label(RichText::new("Delete linked records?").heading());
            ui.add_space(6.0);
            ui.label(&question);
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui
                    .button("Delete and remove links")
                    .on_hover_text("Undo (Ctrl+Z) puts the records and their links back")
                    .clicked()
                {
                    answer = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(false);
                }
            });
        });
        if escape::cancels_dialog(&modal) {
            answer = Some(false);
        }
        match answer {
            Some(true) => {
                if let Some((_, e)) = self.ask_delete.take() {
                    self.apply_edit(e);
                }
            }
            Some(false) => self.ask_delete = None,
            None => {}
        }
    }
}
