//! The readiness checklist panel, opened from "Incomplete: N items" in the
//! top bar: every required item of every tab, Yes or No, grouped by tab.
//! Clicking an item goes to the tab and selects the record (and the field
//! when there is one). The panel sits at the right of the window, so the
//! place being fixed stays visible beside the list.

use super::widgets;
use super::{Commands, TabCtx};
use crate::calc::CheckItem;
use crate::calc::lifecycle::{self, Step};
use crate::model::{PlanStatus, Rag};
use crate::ui::Tab;
use egui::{Id, RichText, ScrollArea, Ui};

fn open_id() -> Id {
    Id::unique("readiness_checklist_open")
}

fn show_done_id() -> Id {
    Id::unique("readiness_checklist_show_done")
}

/// Whether the checklist panel is open.
pub fn is_open(ctx: &egui::Context) -> bool {
    ctx.data(|d| d.get_temp::<bool>(open_id())).unwrap_or(false)
}

pub fn set_open(ctx: &egui::Context, open: bool) {
    ctx.data_mut(|d| d.insert_temp(open_id(), open));
}

/// Opens the panel, or closes it when open.
pub fn toggle(ctx: &egui::Context) {
    set_open(ctx, !is_open(ctx));
}

/// "Incomplete: 7 items" or "Checklist complete".
pub fn button_text(incomplete: usize) -> String {
    match incomplete {
        0 => "Checklist complete".to_string(),
        1 => "Incomplete: 1 item".to_string(),
        n => format!("Incomplete: {n} items"),
    }
}

/// Draws the panel when open. Call before the central panel.
pub fn panel(ui: &mut Ui, ctx: &TabCtx, cmds: &mut Commands) {
    if !is_open(ui.ctx()) {
        return;
    }
    let width = ui.available_width();
    egui::Panel::right("readiness_checklist")
        .resizable(true)
        .default_size((width * 0.34).clamp(300.0, 480.0))
        .size_range(280.0..=(width * 0.7).max(280.0))
        .show(ui, |ui| contents(ui, ctx, cmds));
}

fn contents(ui: &mut Ui, ctx: &TabCtx, cmds: &mut Commands) {
    let list = &ctx.summary.checklist;
    let total = list.items.len();
    let missing = list.incomplete_count();
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new("Readiness checklist").heading().strong());
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close").on_hover_text("Hide the checklist").clicked() {
                set_open(ui.ctx(), false);
            }
        });
    });
    ui.horizontal_wrapped(|ui| {
        if missing == 0 {
            widgets::rag_chip_ext(ui, Rag::Green, "Complete", false, None, 16.0);
        } else {
            widgets::rag_chip_ext(ui, Rag::Amber, "Incomplete", false, None, 16.0);
        }
        ui.label(
            RichText::new(if missing == 0 {
                format!("All {total} items complete")
            } else {
                format!("{missing} of {total} items incomplete")
            })
            .size(widgets::text_size(ui, 16.0))
            .strong(),
        );
    });
    let status = ctx.plan.header.status;
    let advice = if status == PlanStatus::Draft {
        if missing == 0 {
            "Ready to submit (Plan tab).".to_string()
        } else {
            "Submitting needs every item done, or \u{201c}submit anyway\u{201d} with a reason (Plan tab).".to_string()
        }
    } else if status == PlanStatus::Agreed {
        let g = lifecycle::gate(ctx.plan, ctx.summary, Step::Approve, None);
        if g.is_clear() {
            "Ready to approve (Plan tab).".to_string()
        } else {
            format!(
                "Approval waits for {} required sign-off{}.",
                g.blockers.len(),
                if g.blockers.len() == 1 { "" } else { "s" }
            )
        }
    } else {
        format!("The plan is {}.", status.word())
    };
    widgets::note(ui, &advice);
    let mut show_done = ui.data(|d| d.get_temp::<bool>(show_done_id())).unwrap_or(false);
    let resp = ui.checkbox(&mut show_done, "Show completed items too");
    widgets::set_name(ui, &resp, "Show completed items too");
    if resp.changed() {
        ui.data_mut(|d| d.insert_temp(show_done_id(), show_done));
    }
    ui.separator();

    ScrollArea::vertical()
        .id_salt("readiness_checklist_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for tab in Tab::ALL {
                let items: Vec<&CheckItem> = list.items.iter().filter(|i| Tab::from(i.section) == tab).collect();
                if items.is_empty() {
                    continue;
                }
                let n_missing = items.iter().filter(|i| !i.ok).count();
                let shown: Vec<&&CheckItem> = items.iter().filter(|i| show_done || !i.ok).collect();
                let title = if n_missing == 0 {
                    format!("{}: all {} complete", tab.word(), items.len())
                } else {
                    format!("{}: {n_missing} of {} incomplete", tab.word(), items.len())
                };
                let header =
                    egui::CollapsingHeader::new(RichText::new(title).size(widgets::text_size(ui, 16.0)).strong())
                        .id_salt(("checklist_tab", tab))
                        .default_open(true);
                header.show(ui, |ui| {
                    if shown.is_empty() {
                        widgets::note(ui, "Nothing missing here.");
                    }
                    for item in shown {
                        item_row(ui, item, cmds);
                    }
                });
            }
        });
}

fn item_row(ui: &mut Ui, item: &CheckItem, cmds: &mut Commands) {
    ui.horizontal_top(|ui| {
        widgets::yes_no_chip(ui, item.ok);
        ui.vertical(|ui| {
            let text = RichText::new(&item.text);
            let resp = ui
                .add(egui::Link::new(if item.ok { text.weak() } else { text }))
                .on_hover_text(format!("Go to {}", item.section.word()));
            if resp.clicked() {
                cmds.go_to(item.section.into(), item.record, item.field);
            }
        });
    });
    ui.add_space(2.0);
}
