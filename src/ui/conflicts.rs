//! The Conflicts panel (issue 17, part 3): while the open plan holds
//! conflicts from a merge, a banner across the window says how many
//! remain, and a list gives each one (record, field, ours, theirs, base)
//! with "Keep ours", "Take theirs" and "Edit". Each choice is one undoable
//! edit of the plan: the plan resolved by `calc::merge::resolve`, put in
//! place whole ([`PlanEdit::ReplacePlan`]: resolving can change a record,
//! the links of others and the list of conflicts at once), so Undo brings
//! the conflict back with the value the plan held.

use super::{Command, Commands, Edit, Tab, Target, widgets};
use crate::calc::merge::resolve::resolve;
use crate::calc::merge::words::{conflict_words, conflicts_remain};
use crate::model::{MergeConflict, PathStep, Plan, PlanEdit, RecordKind, Side};
use egui::{RichText, Ui};

/// The edit that resolves conflict `index` of `plan` by keeping `side`,
/// with its undo label ("Take theirs: Scheme 4 “Carers Break”, 2015/16
/// spend"); the reason in a sentence when it cannot be resolved so.
pub fn resolve_edit(plan: &Plan, index: usize, side: Side) -> Result<Edit, String> {
    let c = plan
        .conflicts
        .get(index)
        .ok_or_else(|| format!("There is no merge conflict {}.", index + 1))?;
    let w = conflict_words(plan, c);
    let verb = match side {
        Side::Ours => "Keep ours",
        Side::Theirs => "Take theirs",
    };
    let label = format!("{verb}: {}, {}", w.record, w.field);
    let mut resolved = plan.clone();
    resolve(&mut resolved, index, side).map_err(|e| format!("{}, {}: {e}", w.record, w.field))?;
    Ok(Edit::new(label, PlanEdit::ReplacePlan(Box::new(resolved))))
}

/// The id of the panel's last refusal (shown until the next click).
fn refusal_id() -> egui::Id {
    egui::Id::unique("opplan_conflicts_refusal")
}

/// Draws the banner and the list when the plan holds conflicts.
pub fn panel(ui: &mut Ui, plan: &Plan, locked: bool, cmds: &mut Commands) {
    if plan.conflicts.is_empty() {
        return;
    }
    egui::Panel::top("merge_conflicts")
        .resizable(true)
        .show(ui, |ui| contents(ui, plan, locked, cmds));
}

fn contents(ui: &mut Ui, plan: &Plan, locked: bool, cmds: &mut Commands) {
    let n = plan.conflicts.len();
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        widgets::rag_chip_ext(ui, crate::model::Rag::Red, "Conflicts", false, None, 16.0);
        ui.label(
            RichText::new(format!(
                "{}: keep ours or take theirs for each. The plan cannot be submitted until none remain.",
                conflicts_remain(n)
            ))
            .size(widgets::text_size(ui, 16.0))
            .strong(),
        );
    });
    if locked {
        ui.label("The plan is locked: unlock it to resolve the conflicts.");
    }
    let refusal: Option<String> = ui.ctx().data(|d| d.get_temp(refusal_id()));
    if let Some(why) = &refusal {
        ui.colored_label(widgets::error_color(ui), why);
    }
    egui::ScrollArea::vertical()
        .max_height(220.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("merge_conflicts_grid")
                .striped(true)
                .num_columns(6)
                .show(ui, |ui| {
                    for h in ["Record", "Field", "Ours", "Theirs", "Base", ""] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for (i, c) in plan.conflicts.iter().enumerate() {
                        row(ui, plan, i, c, locked, cmds);
                        ui.end_row();
                    }
                });
        });
    ui.add_space(4.0);
}

fn row(ui: &mut Ui, plan: &Plan, i: usize, c: &MergeConflict, locked: bool, cmds: &mut Commands) {
    let w = conflict_words(plan, c);
    ui.label(&w.record);
    ui.label(&w.field);
    let held = |side: Side| {
        if c.kept == side { " (in the plan)" } else { "" }
    };
    ui.label(format!("{}{}", w.ours, held(Side::Ours)));
    ui.label(format!("{}{}", w.theirs, held(Side::Theirs)));
    ui.label(&w.base);
    ui.horizontal(|ui| {
        ui.add_enabled_ui(!locked, |ui| {
            let mut chosen = None;
            if ui
                .button("Keep ours")
                .on_hover_text("Keep the value of the version merged into, and close the conflict")
                .clicked()
            {
                chosen = Some(Side::Ours);
            }
            if ui
                .button("Take theirs")
                .on_hover_text("Put the value of the version merged in into the plan, and close the conflict")
                .clicked()
            {
                chosen = Some(Side::Theirs);
            }
            if let Some(side) = chosen {
                let refusal = match resolve_edit(plan, i, side) {
                    Ok(edit) => {
                        cmds.push(Command::Edit(edit));
                        None
                    }
                    Err(why) => Some(why),
                };
                ui.ctx().data_mut(|d| match refusal {
                    Some(why) => {
                        d.insert_temp(refusal_id(), why);
                    }
                    None => d.remove::<String>(refusal_id()),
                });
            }
            if ui
                .button("Edit…")
                .on_hover_text(format!(
                    "Go to the record to type another value; then \u{201c}Keep {}\u{201d} keeps what the plan holds",
                    c.kept.word()
                ))
                .clicked()
            {
                cmds.push(Command::GoTo(edit_target(c)));
            }
        });
    });
}

/// Where "Edit" goes: the conflict's record in its tab; for the order of
/// a record list, that list's tab; else the plan's details.
pub fn edit_target(c: &MergeConflict) -> Target {
    if let Some((kind, id)) = c.record() {
        return Target {
            tab: super::compare::tab_of(kind),
            record: Some(id),
            field: None,
        };
    }
    let list = match c.path.first() {
        Some(PathStep::Field(name)) => RecordKind::ALL.into_iter().find(|k| k.key() == name),
        _ => None,
    };
    Target {
        tab: list.map_or(Tab::Plan, super::compare::tab_of),
        record: None,
        field: None,
    }
}
