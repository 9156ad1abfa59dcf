//! The Objectives tab: the plan's objectives as a list (number, title,
//! roll-up RAG), and the selected one's details: its fields, its linked
//! schemes and initiatives, metrics and risks (each a link to the record,
//! each with a box to unlink it and a picker to link more), and its
//! roll-up with the rule in words. Every change is a `PlanEdit`.

use super::super::{Commands, TabCtx};
use crate::calc::objectives::ROLLUP_RULE;
use crate::model::field::{Field, RecordKind};
use crate::model::value::Value;
use crate::model::{Objective, PlanEdit, RecordId};
use crate::ui::{Tab, widgets};
use egui::{RichText, ScrollArea, Ui};

/// The tab's own state: the selected objective.
#[derive(Default)]
pub struct View {
    pub selected: Option<RecordId>,
    /// The right pane shows the plan's milestones by quarter instead of
    /// the selected objective.
    pub timeline: bool,
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    if let Some(f) = ctx.focus.filter(|f| f.tab == Tab::Objectives)
        && f.record.is_some()
    {
        view.selected = f.record;
    }
    if let Some(id) = ctx.first_inserted(RecordKind::Objectives) {
        view.selected = Some(id);
    }
    if view.selected.is_none_or(|id| plan.objective(id).is_none()) {
        view.selected = plan.objectives.first().map(|o| o.id);
    }
    ui.horizontal(|ui| {
        ui.heading("Objectives");
        if !ctx.locked && ui.button("Add objective").clicked() {
            let number = (plan.objectives.len() + 1).to_string();
            cmds.edit(
                "Add objective",
                PlanEdit::append(Objective {
                    number,
                    ..Default::default()
                }),
            );
        }
        if !ctx.locked
            && let Some(id) = view.selected
            && ui.button("Delete objective").clicked()
        {
            cmds.delete("Delete objective", RecordKind::Objectives, vec![id]);
        }
    });
    ui.horizontal(|ui| {
        for (on, word) in [(false, "Objective details"), (true, "Milestones by quarter")] {
            if ui.selectable_label(view.timeline == on, word).clicked() {
                view.timeline = on;
            }
        }
    });
    ui.label(RichText::new(ROLLUP_RULE).small());
    ui.separator();
    let list_width = (ui.available_width() * 0.38).max(220.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(list_width);
            list(ui, ctx, view);
        });
        ui.separator();
        ui.vertical(|ui| {
            if view.timeline {
                crate::ui::reading::timeline_view(ui, ctx);
            } else if let Some(i) = view
                .selected
                .and_then(|id| plan.objectives.iter().position(|o| o.id == id))
            {
                detail(ui, ctx, i, cmds);
            } else {
                ui.label("No objective yet. Add one to link the schemes, metrics and risks that serve it.");
            }
        });
    });
}

fn list(ui: &mut Ui, ctx: &TabCtx, view: &mut View) {
    let row_h = ui.spacing().interact_size.y;
    let n = ctx.plan.objectives.len();
    ScrollArea::vertical()
        .id_salt("objectives_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_h, n, |ui, rows| {
            for i in rows {
                let o = &ctx.plan.objectives[i];
                let rag = ctx.summary.objective_rollups.get(i).map(|r| r.rag).unwrap_or_default();
                ui.horizontal(|ui| {
                    widgets::rag_chip(ui, rag, ctx.summary.objective_rollups.get(i).map(|r| r.rule.as_str()));
                    let selected = view.selected == Some(o.id);
                    if ui.selectable_label(selected, o.label(i)).clicked() {
                        view.selected = Some(o.id);
                    }
                });
            }
        });
}

fn text_field(ui: &mut Ui, ctx: &TabCtx, o: &Objective, field: Field, multiline: bool, cmds: &mut Commands) {
    let label = field.header(ctx.plan.settings.display_unit);
    let mut text = match o.get_text(&field) {
        Some(t) => t,
        None => return,
    };
    ui.label(&label);
    let name = format!("Objective {} {}", o.number.trim(), label.to_lowercase());
    let w = ui.available_width();
    let changed = ui
        .add_enabled_ui(!ctx.locked, |ui| {
            if multiline {
                widgets::text_area(ui, &text, &name, w, 4)
            } else {
                widgets::text_field(ui, &text, &name, w)
            }
        })
        .inner;
    if let Some(t) = changed {
        text = t;
        cmds.type_field(
            format!("Edit objective {}", label.to_lowercase()),
            format!("objective-{}-{label}", o.id),
            RecordKind::Objectives,
            o.id,
            field,
            Value::Text(text),
        );
    }
}

trait TextOf {
    fn get_text(&self, field: &Field) -> Option<String>;
}

impl TextOf for Objective {
    fn get_text(&self, field: &Field) -> Option<String> {
        match field {
            Field::ObjectiveNumber => Some(self.number.clone()),
            Field::ObjectiveTitle => Some(self.title.clone()),
            Field::ObjectiveDescription => Some(self.description.clone()),
            Field::ObjectiveOwner => Some(self.owner.clone()),
            _ => None,
        }
    }
}

fn detail(ui: &mut Ui, ctx: &TabCtx, i: usize, cmds: &mut Commands) {
    let plan = ctx.plan;
    let o = &plan.objectives[i];
    let roll = ctx.summary.objective_rollups.get(i);
    ScrollArea::vertical()
        .id_salt("objective_detail")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            // the title alone: the list beside it names the objective
            ui.heading(if o.title.trim().is_empty() {
                "(no title)"
            } else {
                o.title.trim()
            });
            if let Some(r) = roll {
                ui.horizontal(|ui| {
                    widgets::rag_chip(ui, r.rag, Some(&r.rule));
                    ui.label(&r.rule);
                });
            }
            for (field, multi) in [
                (Field::ObjectiveNumber, false),
                (Field::ObjectiveTitle, false),
                (Field::ObjectiveOwner, false),
                (Field::ObjectiveDescription, true),
            ] {
                text_field(ui, ctx, o, field, multi, cmds);
            }
            ui.separator();
            let linked = roll.map(|r| (r.schemes.clone(), r.metrics.clone(), r.risks.clone()));
            let (schemes, metrics, risks) = linked.unwrap_or_default();
            links(
                ui,
                ctx,
                o,
                "Schemes and initiatives",
                Field::ObjectiveSchemes,
                &o.scheme_ids,
                &schemes,
                cmds,
            );
            links(
                ui,
                ctx,
                o,
                "Metrics",
                Field::ObjectiveMetrics,
                &o.metric_ids,
                &metrics,
                cmds,
            );
            links(ui, ctx, o, "Risks", Field::ObjectiveRisks, &o.risk_ids, &risks, cmds);
        });
}

/// The name, tab and RAG of a linked record.
fn describe(ctx: &TabCtx, id: RecordId) -> Option<(String, Tab, crate::model::Rag)> {
    let plan = ctx.plan;
    let s = ctx.summary;
    if let Some(i) = plan.schemes.iter().position(|x| x.id == id) {
        let sc = &plan.schemes[i];
        let word = sc.kind.word();
        let name = format!("{word} {} {}", i + 1, crate::calc::quote_title(&sc.name));
        return Some((name, Tab::Schemes, s.scheme_rags.get(i).copied().unwrap_or_default()));
    }
    if let Some(i) = plan.metrics.iter().position(|x| x.id == id) {
        let name = format!("Metric {} {}", i + 1, crate::calc::quote_title(&plan.metrics[i].name));
        return Some((
            name,
            Tab::Metrics,
            s.metric_ratings.get(i).map(|r| r.rag).unwrap_or_default(),
        ));
    }
    if let Some(i) = plan.risks.iter().position(|x| x.id == id) {
        let name = crate::calc::risks::risk_label(i, &plan.risks[i]);
        return Some((
            name,
            Tab::Risks,
            s.risk_ratings.get(i).map(|r| r.rag).unwrap_or_default(),
        ));
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn links(
    ui: &mut Ui,
    ctx: &TabCtx,
    o: &Objective,
    title: &str,
    field: Field,
    own: &[RecordId],
    all: &[RecordId],
    cmds: &mut Commands,
) {
    ui.label(RichText::new(title).strong());
    if all.is_empty() {
        ui.label("None linked.");
    }
    for id in all {
        let Some((name, tab, rag)) = describe(ctx, *id) else {
            continue;
        };
        ui.horizontal(|ui| {
            widgets::rag_chip(ui, rag, None);
            if ui.link(&name).on_hover_text("Go to this record").clicked() {
                cmds.go_to(tab, Some(*id), None);
            }
            if own.contains(id) {
                let unlink = (!ctx.locked).then(|| {
                    let b = ui.small_button("Unlink");
                    widgets::set_name(ui, &b, &format!("Unlink {name}"));
                    b
                });
                if unlink.is_some_and(|b| b.clicked()) {
                    let keep: Vec<RecordId> = own.iter().copied().filter(|x| x != id).collect();
                    cmds.edit(
                        format!("Unlink {name}"),
                        PlanEdit::set(RecordKind::Objectives, o.id, field.clone(), Value::Ids(keep)),
                    );
                }
            } else {
                ui.label(RichText::new("(the risk names this objective)").small());
            }
        });
    }
    if ctx.locked {
        return;
    }
    let label = format!("Link {}", title.to_lowercase());
    let r = egui::ComboBox::from_id_salt((o.id, title))
        .selected_text(&label)
        .width(260.0)
        .show_ui(ui, |ui| {
            // listed only while the drop-down is open (thousands of
            // schemes: not on every frame)
            let candidates: Vec<(RecordId, String)> = match field {
                Field::ObjectiveSchemes => ctx
                    .plan
                    .schemes
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| !own.contains(&s.id))
                    .map(|(i, s)| {
                        (
                            s.id,
                            format!("{} {} {}", s.kind.word(), i + 1, crate::calc::quote_title(&s.name)),
                        )
                    })
                    .collect(),
                Field::ObjectiveMetrics => ctx
                    .plan
                    .metrics
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| !own.contains(&m.id))
                    .map(|(i, m)| (m.id, format!("Metric {} {}", i + 1, crate::calc::quote_title(&m.name))))
                    .collect(),
                _ => ctx
                    .plan
                    .risks
                    .iter()
                    .enumerate()
                    .filter(|(_, r)| !own.contains(&r.id))
                    .map(|(i, r)| (r.id, crate::calc::risks::risk_label(i, r)))
                    .collect(),
            };
            for (id, name) in candidates.iter().take(500) {
                if ui.selectable_label(false, name).clicked() {
                    let mut ids = own.to_vec();
                    ids.push(*id);
                    cmds.edit(
                        format!("Link {name}"),
                        PlanEdit::set(RecordKind::Objectives, o.id, field.clone(), Value::Ids(ids)),
                    );
                }
            }
        });
    widgets::set_name(
        ui,
        &r.response,
        &format!("Objective {} {}", o.number.trim(), label.to_lowercase()),
    );
}
