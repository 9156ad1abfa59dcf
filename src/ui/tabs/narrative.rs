//! The Narrative tab: the plan's sections and national conditions in
//! order (title, status, words), and the selected one in a large editor
//! with its word count; a national condition has its answer (met yes /
//! partly / no), assurance statement and actions beside the prose. Every
//! change is a `PlanEdit`.

use super::super::{Commands, TabCtx};
use crate::calc::objectives::section_words;
use crate::model::field::{Field, RecordKind};
use crate::model::value::Value;
use crate::model::{ConditionAnswer, ConditionMet, NarrativeSection, PlanEdit, RecordId, SectionStatus};
use crate::ui::{Tab, widgets};
use egui::{RichText, ScrollArea, Ui};

#[derive(Default)]
pub struct View {
    pub selected: Option<RecordId>,
    /// The list's line of each section ("Section 2 “Vision” · Draft · 640
    /// words") and the words of its text, kept until the plan changes (not
    /// counted again on every frame).
    lines: Option<(u64, Vec<(String, usize)>)>,
}

impl View {
    /// The list's lines, made again only when the plan's generation changed.
    fn lines(&mut self, plan: &crate::model::Plan, generation: u64) -> &[(String, usize)] {
        if self.lines.as_ref().is_none_or(|(g, _)| *g != generation) {
            let lines = plan
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let line = format!("{} · {} · {} words", s.label(i), s.status.word(), section_words(s));
                    (line, crate::model::objectives::word_count(&s.text))
                })
                .collect();
            self.lines = Some((generation, lines));
        }
        self.lines.as_ref().map(|(_, l)| l.as_slice()).unwrap_or_default()
    }
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    if let Some(f) = ctx.focus.filter(|f| f.tab == Tab::Narrative)
        && f.record.is_some()
    {
        view.selected = f.record;
    }
    if let Some(id) = ctx.first_inserted(RecordKind::Sections) {
        view.selected = Some(id);
    }
    if view.selected.is_none_or(|id| plan.section(id).is_none()) {
        view.selected = plan.sections.first().map(|o| o.id);
    }
    ui.horizontal(|ui| {
        ui.heading("Narrative and national conditions");
        if !ctx.locked {
            if ui.button("Add section").clicked() {
                cmds.edit("Add section", PlanEdit::append(NarrativeSection::default()));
            }
            if ui.button("Add national condition").clicked() {
                cmds.edit(
                    "Add national condition",
                    PlanEdit::append(NarrativeSection {
                        condition: Some(ConditionAnswer::default()),
                        ..Default::default()
                    }),
                );
            }
            if plan.sections.iter().all(|s| !s.is_condition())
                && ui
                    .button("Add the BCF national conditions")
                    .on_hover_text("The six national conditions of the BCF Part 1 template, to answer")
                    .clicked()
            {
                let edits = crate::calc::metric_templates::national_conditions()
                    .into_iter()
                    .map(PlanEdit::append)
                    .collect();
                cmds.edit("Add the BCF national conditions", PlanEdit::Batch(edits));
            }
            if let Some(id) = view.selected
                && ui.button("Delete section").clicked()
            {
                cmds.delete("Delete section", RecordKind::Sections, vec![id]);
            }
        }
    });
    ui.separator();
    let list_width = (ui.available_width() * 0.3).max(200.0);
    let mut selected = view.selected;
    let lines = view.lines(plan, ctx.generation);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(list_width);
            ScrollArea::vertical().id_salt("sections_list").show(ui, |ui| {
                for (s, (text, _)) in plan.sections.iter().zip(lines) {
                    if ui.selectable_label(selected == Some(s.id), text).clicked() {
                        selected = Some(s.id);
                    }
                }
            });
        });
        ui.separator();
        ui.vertical(
            |ui| match selected.and_then(|id| plan.sections.iter().position(|s| s.id == id)) {
                Some(i) => detail(ui, ctx, i, lines.get(i).map(|(_, w)| *w).unwrap_or_default(), cmds),
                None => {
                    ui.label("No section yet.");
                }
            },
        );
    });
    view.selected = selected;
}

fn set(cmds: &mut Commands, s: &NarrativeSection, field: Field, value: Value, typing: bool) {
    let label = format!(
        "Edit section {}",
        field.header(crate::model::MoneyUnit::Pounds).to_lowercase()
    );
    let edit = PlanEdit::set(RecordKind::Sections, s.id, field.clone(), value);
    if typing {
        cmds.typing(label, format!("section-{}-{field:?}", s.id), edit);
    } else {
        cmds.edit(label, edit);
    }
}

/// The selected section's editor; `words`: its text's word count.
fn detail(ui: &mut Ui, ctx: &TabCtx, i: usize, words: usize, cmds: &mut Commands) {
    let s = &ctx.plan.sections[i];
    let enabled = !ctx.locked;
    let label = s.label(i);
    ui.heading(&label);
    ui.horizontal(|ui| {
        ui.label("Title");
        let changed = ui
            .add_enabled_ui(enabled, |ui| {
                widgets::text_field(ui, &s.title, &format!("{label} title"), 400.0)
            })
            .inner;
        if let Some(t) = changed {
            set(cmds, s, Field::SectionTitle, Value::Text(t), true);
        }
        ui.label("Status");
        for st in SectionStatus::ALL {
            if ui
                .add_enabled(enabled, egui::Button::selectable(s.status == st, st.word()))
                .clicked()
                && s.status != st
            {
                set(cmds, s, Field::SectionProgress, Value::Text(st.word().into()), false);
            }
        }
    });
    if let Some(c) = &s.condition {
        ui.horizontal(|ui| {
            ui.label("Met");
            for m in [ConditionMet::Yes, ConditionMet::Partly, ConditionMet::No] {
                if ui
                    .add_enabled(enabled, egui::Button::selectable(c.met == m, m.word()))
                    .clicked()
                {
                    set(cmds, s, Field::ConditionIsMet, Value::Text(m.word().into()), false);
                }
            }
        });
        for (field, text) in [
            (Field::ConditionAssurance, &c.assurance),
            (Field::ConditionActions, &c.actions),
        ] {
            let head = field.header(crate::model::MoneyUnit::Pounds);
            ui.label(&head);
            let w = ui.available_width();
            let changed = ui
                .add_enabled_ui(enabled, |ui| {
                    widgets::text_area(ui, text, &format!("{label} {head}"), w, 3)
                })
                .inner;
            if let Some(t) = changed {
                set(cmds, s, field, Value::Text(t), true);
            }
        }
    }
    ui.label(RichText::new(format!("Text: {words} words")));
    ScrollArea::vertical().id_salt(("section_text", s.id)).show(ui, |ui| {
        let w = ui.available_width();
        let changed = ui
            .add_enabled_ui(enabled, |ui| {
                widgets::text_area(ui, &s.text, &format!("{label} text"), w, 24)
            })
            .inner;
        if let Some(t) = changed {
            set(cmds, s, Field::SectionText, Value::Text(t), true);
        }
    });
}
