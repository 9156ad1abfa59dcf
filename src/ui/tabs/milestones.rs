//! An initiative's part of the scheme details: what the scheme is (a line
//! of the expenditure plan, an initiative or a project), the objectives
//! it serves (links to them), and its milestones, each with what will be
//! done, when (a date or a period such as "Q2 2016/17"), who, its status
//! and when it was done. A milestone's change puts its scheme back whole
//! (`PlanEdit::Put`), which gives a new milestone an id of its own.

use super::super::{Commands, TabCtx};
use crate::calc::objectives::milestone_state;
use crate::model::field::{Field, RecordKind};
use crate::model::value::Value;
use crate::model::{DateField, Milestone, MilestoneStatus, PlanEdit, Scheme, SchemeKind};
use crate::ui::{Tab, widgets};
use egui::{RichText, Ui};

/// Draws the part for scheme `s` (number `number` in the plan).
pub fn show(ui: &mut Ui, ctx: &TabCtx, s: &Scheme, number: usize, cmds: &mut Commands) {
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label("Type");
        for k in SchemeKind::ALL {
            if ui.selectable_label(s.kind == k, k.word()).clicked() && s.kind != k {
                cmds.edit(
                    format!("Mark scheme {number} as {}", k.word().to_lowercase()),
                    PlanEdit::set(
                        RecordKind::Schemes,
                        s.id,
                        Field::SchemeType,
                        Value::Text(k.word().into()),
                    ),
                );
            }
        }
    });
    let serves: Vec<(usize, &crate::model::Objective)> = ctx
        .plan
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| o.scheme_ids.contains(&s.id))
        .collect();
    if !serves.is_empty() {
        ui.label("Serves");
        for (i, o) in serves {
            if ui.link(o.label(i)).on_hover_text("Go to this objective").clicked() {
                cmds.go_to(Tab::Objectives, Some(o.id), None);
            }
        }
    }
    if s.kind.is_scheme() && s.milestones.is_empty() {
        return;
    }
    ui.label(RichText::new("Milestones").strong());
    let w = (ui.available_width() - 8.0).max(160.0);
    let put = |cmds: &mut Commands, label: String, key: Option<String>, f: &dyn Fn(&mut Scheme)| {
        let mut new = s.clone();
        f(&mut new);
        match key {
            Some(k) => cmds.typing(label, k, PlanEdit::put(new)),
            None => cmds.edit(label, PlanEdit::put(new)),
        }
    };
    for (n, m) in s.milestones.iter().enumerate() {
        let name = format!("Scheme {number} milestone {}", n + 1);
        let st = milestone_state(m, ctx.today);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{}.", n + 1)).strong());
            if st.overdue {
                ui.label(RichText::new("Overdue").color(widgets::error_color(ui)));
            } else if st.at_risk {
                ui.label("At risk");
            }
            if ui
                .small_button("Remove")
                .on_hover_text(format!("Remove {name}"))
                .clicked()
            {
                put(cmds, format!("Remove {name}"), None, &|x| {
                    x.milestones.remove(n);
                });
            }
        });
        let text_part = |ui: &mut Ui, cmds: &mut Commands, word: &str, value: &str, set: fn(&mut Milestone, String)| {
            ui.label(word);
            if let Some(v) = widgets::text_field(ui, value, &format!("{name} {}", word.to_lowercase()), w) {
                put(
                    cmds,
                    format!("Edit milestone {}", word.to_lowercase()),
                    Some(format!("milestone.{}.{n}.{word}", s.id)),
                    &|x| set(&mut x.milestones[n], v.clone()),
                );
            }
        };
        text_part(ui, cmds, "What will be done", &m.description, |m, v| m.description = v);
        text_part(
            ui,
            cmds,
            "Due (a date, or a period such as Q2 2016/17)",
            &m.due,
            |m, v| m.due = v,
        );
        if !m.due.trim().is_empty() && st.window.is_none() {
            ui.label(
                RichText::new(
                    "Not a date or period opplan can read: such as 31/07/2016, July 2016, Q2 2016/17 or Autumn 2016",
                )
                .color(widgets::error_color(ui)),
            );
        }
        text_part(ui, cmds, "Owner", &m.owner, |m, v| m.owner = v);
        ui.horizontal(|ui| {
            ui.label("Status");
            for status in MilestoneStatus::ALL {
                if ui.selectable_label(m.status == status, status.word()).clicked() && m.status != status {
                    put(
                        cmds,
                        format!("Mark {name} {}", status.word().to_lowercase()),
                        None,
                        &|x| {
                            x.milestones[n].status = status;
                        },
                    );
                }
            }
        });
        let done = m.completed.as_ref().map(|d| d.edit_text()).unwrap_or_default();
        ui.label("Completed on");
        if let Some(v) = widgets::text_field(ui, &done, &format!("{name} completed on"), w) {
            put(
                cmds,
                "Edit milestone completion date".into(),
                Some(format!("milestone.{}.{n}.done", s.id)),
                &|x| x.milestones[n].completed = DateField::from_input(&v),
            );
        }
        ui.add_space(4.0);
    }
    if ui.button("Add milestone").clicked() {
        put(cmds, format!("Add a milestone to scheme {number}"), None, &|x| {
            x.milestones.push(Milestone::default())
        });
    }
}
