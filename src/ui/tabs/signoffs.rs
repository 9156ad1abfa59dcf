//! The Sign-offs tab: who agreed the plan. A table of the sign-offs, each
//! with its state (signed on the current plan, changed since signed,
//! placeholders, pending, declined), and beside it the selected sign-off's
//! form: organisation, type, signatory, position, date, required, comment,
//! and the actions that sign, decline or reset it. Marking a sign-off
//! signed records a fingerprint of the plan as it is then, so a later
//! change shows as "plan changed since signed".

use crate::calc::signoffs::{
    self, SignOffState, first_problem_field, is_placeholder, join_words, placeholder_problems, standard_block,
    usual_position,
};
use crate::model::date::format_date;
use crate::model::{
    DateField, Field, OrgType, Plan, PlanEdit, Rag, RecordId, RecordKind, SignOff, SignOffStatus, Value,
};
use crate::ui::Tab;
use crate::ui::widgets::{self, FieldChange};
use crate::ui::{Commands, TabCtx};
use egui::{Align, Grid, Id, RichText, ScrollArea, Sense, Ui};
use egui_extras::{Column, TableBuilder};

#[derive(Default)]
pub struct View {
    /// The sign-off shown in the form.
    pub selected: Option<RecordId>,
    /// A field the checklist pointed at, outlined until the time given.
    flash: Option<(Option<RecordId>, &'static str, f64)>,
    /// Scroll the table to the selected row on the next frame.
    scroll_to_selected: bool,
    /// The sign-off the user asked to delete, waiting for "Delete".
    confirm_delete: Option<RecordId>,
    /// What the last "Add the standard BCF sign-off block" added.
    added_note: Option<String>,
    /// A field to give the keyboard focus to (and passes left to try).
    pending_focus: Option<(Id, u8)>,
    /// Sign-offs were asked for: the next frame selects the first the edit
    /// added.
    select_new: bool,
}

/// How long a field the checklist pointed at stays outlined (seconds).
const FLASH_SECONDS: f64 = 3.0;

/// The id of a sign-off's field in the form, so the checklist can focus it.
pub fn field_id(record: RecordId, field: &str) -> Id {
    Id::unique(("signoff_field", record.0, field))
}

/// The sign-off `id` as the tab shows it with `change` made, put back
/// whole (a change of several fields by one click). `None` when it is not
/// in the plan.
fn changed(plan: &Plan, id: RecordId, change: impl FnOnce(&mut SignOff)) -> Option<PlanEdit> {
    let mut s = plan.signoff(id)?.clone();
    change(&mut s);
    Some(PlanEdit::put(s))
}

/// Typing in a field of sign-off `id`.
fn type_signoff(cmds: &mut Commands, label: &str, key: &str, id: RecordId, field: Field, value: Value) {
    cmds.type_field(
        label,
        format!("signoff.{id}.{key}"),
        RecordKind::SignOffs,
        id,
        field,
        value,
    );
}

/// One line for a state: "Signed on 3 Feb 2014", "Plan changed since
/// signed on 3 Feb 2014 (Schemes changed)".
pub fn state_line(s: &SignOff, state: &SignOffState) -> String {
    let on = s
        .date
        .as_ref()
        .and_then(|d| d.date())
        .map(|d| format!(" on {}", format_date(d)))
        .unwrap_or_default();
    match state {
        SignOffState::Signed => format!("Signed{on}"),
        SignOffState::ChangedSince { parts } => {
            format!("Plan changed since signed{on} ({} changed)", join_words(parts))
        }
        SignOffState::Unverified => "Marked signed; which version was signed is not recorded".into(),
        SignOffState::Incomplete { problems } => format!("Marked signed but {}", problems.join(", ")),
        SignOffState::Pending => {
            let problems = placeholder_problems(s);
            if problems.is_empty() {
                "Waiting for signature".into()
            } else {
                format!("Not signed: {}", problems.join(", "))
            }
        }
        SignOffState::Declined => "Declined".into(),
    }
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let now = ui.input(|i| i.time);

    // a checklist item asked for a record (and field)
    let mut focus_field: Option<&'static str> = None;
    if let Some(f) = ctx.focus.filter(|f| f.tab == Tab::SignOffs) {
        if let Some(id) = f.record {
            view.selected = Some(id);
            view.scroll_to_selected = true;
        }
        if let Some(field) = f.field {
            view.flash = Some((f.record, field, now + FLASH_SECONDS));
            focus_field = Some(field);
        }
    }
    let flash = match view.flash {
        Some((r, f, until)) if until > now => {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(until - now));
            Some((r, f))
        }
        _ => None,
    };
    if std::mem::take(&mut view.select_new)
        && let Some(id) = ctx.first_inserted(RecordKind::SignOffs)
    {
        view.selected = Some(id);
        view.scroll_to_selected = true;
    }
    if view.selected.is_none_or(|id| plan.signoff(id).is_none()) {
        view.selected = plan.signoffs.first().map(|s| s.id);
    }

    heading(ui, ctx);
    toolbar(ui, ctx, view, cmds, flash);
    ui.add_space(4.0);

    if plan.signoffs.is_empty() {
        ui.add_space(12.0);
        widgets::note(
            ui,
            "No sign-offs yet. A BCF plan is signed by each CCG it covers, the council and the Health and Wellbeing Board: \u{201c}Add the standard BCF sign-off block\u{201d} adds them from the plan details.",
        );
        return;
    }

    // the form beside the table, or below it when the window is narrow
    let width = ui.available_width();
    let form_panel = if width >= 760.0 {
        egui::Panel::right("signoff_form")
            .frame(crate::ui::widgets::inner_panel(ui.style(), false))
            .resizable(true)
            .default_size((width * 0.4).clamp(340.0, 520.0))
            .size_range(320.0..=(width * 0.6).max(320.0))
    } else {
        let height = ui.available_height();
        egui::Panel::bottom("signoff_form_below")
            .frame(crate::ui::widgets::inner_panel(ui.style(), false))
            .resizable(true)
            .default_size((height * 0.6).max(200.0))
            .size_range(160.0..=(height * 0.85).max(160.0))
    };
    form_panel.show(ui, |ui| {
        ScrollArea::vertical()
            .id_salt("signoff_form_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| form(ui, ctx, view, cmds, focus_field, flash));
    });
    egui::CentralPanel::default().frame(egui::Frame::NONE).show(ui, |ui| {
        // the columns fitted beside the form, scrolling sideways when
        // they cannot be
        let (widths, key) = widgets::table_widths(ui, &BASE_WIDTHS, &GROWS, &LEAST);
        ScrollArea::horizontal()
            .id_salt("signoffs_hscroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.spacing_mut().item_spacing.x = widgets::table_gap(ui);
                table(ui, ctx, view, &widths, key)
            });
    });
}

/// The columns' widths on the laptop screen: #, Signed on behalf of,
/// State, Signatory, Position, Date, Type. The names take the width left
/// over, and give it up first.
const BASE_WIDTHS: [f32; 7] = [30.0, 190.0, 175.0, 140.0, 140.0, 95.0, 80.0];
const GROWS: [bool; 7] = [false, true, false, true, true, false, false];
const LEAST: [f32; 7] = [0.0, 110.0, 0.0, 80.0, 80.0, 0.0, 0.0];

fn heading(ui: &mut Ui, ctx: &TabCtx) {
    let plan = ctx.plan;
    let states = &ctx.summary.signoff_states;
    let required = plan.signoffs.iter().filter(|s| s.required).count();
    let signed_required = plan
        .signoffs
        .iter()
        .zip(states)
        .filter(|(s, st)| s.required && st.is_signed())
        .count();
    widgets::heading(ui, "Sign-offs");
    ui.horizontal_wrapped(|ui| {
        if let Some(area) = ctx.summary.area(crate::calc::Section::SignOffs) {
            widgets::rag_chip_ext(ui, area.rag, area.rag.word(), false, Some(&area.rule), 16.0);
        }
        ui.label(
            RichText::new(format!(
                "{signed_required} of {required} required sign-offs signed on the plan as it is now"
            ))
            .size(widgets::text_size(ui, 16.0))
            .strong(),
        );
        let count = |f: &dyn Fn(&SignOffState) -> bool| states.iter().filter(|s| f(s)).count();
        let changed = count(&|s| matches!(s, SignOffState::ChangedSince { .. }));
        let declined = count(&|s| matches!(s, SignOffState::Declined));
        let placeholders = plan
            .signoffs
            .iter()
            .filter(|s| !placeholder_problems(s).is_empty())
            .count();
        let mut extra = Vec::new();
        if changed > 0 {
            extra.push(format!("{changed} changed since signed"));
        }
        if declined > 0 {
            extra.push(format!("{declined} declined"));
        }
        if placeholders > 0 {
            extra.push(format!("{placeholders} with placeholders or missing details"));
        }
        if !extra.is_empty() {
            ui.label(RichText::new(format!("· {}", extra.join(" · "))).size(widgets::text_size(ui, 16.0)));
        }
    });
}

fn toolbar(
    ui: &mut Ui,
    ctx: &TabCtx,
    view: &mut View,
    cmds: &mut Commands,
    flash: Option<(Option<RecordId>, &'static str)>,
) {
    let plan = ctx.plan;
    ui.horizontal_wrapped(|ui| {
        ui.add_enabled_ui(!ctx.locked, |ui| {
            if ui
                .button("Add sign-off")
                .on_hover_text("Add a blank, required sign-off")
                .clicked()
            {
                view.select_new = true;
                view.added_note = None;
                cmds.edit(
                    "Add sign-off",
                    PlanEdit::append(SignOff {
                        required: true,
                        ..Default::default()
                    }),
                );
            }
            let block = standard_block(plan);
            let missing: Vec<_> = block.iter().filter(|e| e.existing.is_none()).collect();
            let describe = |e: &signoffs::ExpectedSignOff| {
                let kind = match e.org_type {
                    OrgType::Ccg => "CCG",
                    OrgType::LocalAuthority => "council",
                    OrgType::HealthAndWellbeingBoard => "HWB",
                    _ => "",
                };
                format!("{kind} \u{201c}{}\u{201d}", e.organisation)
            };
            let hover = if block.is_empty() {
                "The plan details name no CCGs, council or Health and Wellbeing Board: fill them in on the Plan tab first."
                    .to_string()
            } else if missing.is_empty() {
                "Every CCG covered, the council and the Health and Wellbeing Board already have a sign-off.".to_string()
            } else {
                format!(
                    "Adds a required, pending sign-off for: {}.\nOrganisations that already have a sign-off are skipped.",
                    missing.iter().map(|e| describe(e)).collect::<Vec<_>>().join(", ")
                )
            };
            let resp = ui
                .add_enabled(!missing.is_empty(), egui::Button::new("Add the standard BCF sign-off block"))
                .on_hover_text(&hover)
                .on_disabled_hover_text(&hover);
            if flash.is_some_and(|(_, f)| f == "standard_block") {
                widgets::paint_focus_ring(ui, resp.rect);
                resp.scroll_to_me(Some(Align::Center));
            }
            if resp.clicked() {
                let names: Vec<String> = missing.iter().map(|e| describe(e)).collect();
                view.added_note = Some(format!(
                    "Added {} required sign-off{}: {}. Fill in who signs, their position and the date.",
                    names.len(),
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                ));
                view.select_new = true;
                let adds = signoffs::missing_block(plan).into_iter().map(PlanEdit::append).collect();
                cmds.edit("Add the standard BCF sign-off block", PlanEdit::Batch(adds));
            }
        });
        if ctx.locked {
            widgets::note(ui, "The plan is locked: unlock it to edit.");
        }
    });
    if let Some(n) = &view.added_note {
        widgets::note(ui, n);
    }
}

fn table(ui: &mut Ui, ctx: &TabCtx, view: &mut View, widths: &[f32], key: i32) {
    let plan = ctx.plan;
    // a click anywhere on a row selects it (selectable text would take it)
    ui.style_mut().interaction.selectable_labels = false;
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 12.0;
    let selected_index = view
        .selected
        .and_then(|id| plan.signoffs.iter().position(|s| s.id == id));
    let mut builder = TableBuilder::new(ui)
        .id_salt(("signoffs_table", key))
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink([false, false]);
    for (i, &w) in widths.iter().enumerate() {
        builder = builder.column(if i == 0 {
            Column::exact(w)
        } else {
            Column::initial(w).at_least(w * 0.5).clip(true)
        });
    }
    if view.scroll_to_selected
        && let Some(i) = selected_index
    {
        builder = builder.scroll_to_row(i, Some(Align::Center));
        view.scroll_to_selected = false;
    }
    let mut clicked: Option<RecordId> = None;
    builder
        .header(row_h, |mut h| {
            for t in [
                "#",
                "Signed on behalf of",
                "State",
                "Signatory",
                "Position",
                "Date",
                "Type",
            ] {
                h.col(|ui| {
                    ui.strong(t);
                });
            }
        })
        .body(|body| {
            body.rows(row_h, plan.signoffs.len(), |mut row| {
                let i = row.index();
                let s = &plan.signoffs[i];
                let state = &ctx.summary.signoff_states[i];
                row.set_selected(Some(s.id) == view.selected);
                row.col(|ui| {
                    ui.label(format!("{}", i + 1));
                });
                let cell = |ui: &mut Ui, value: &str, empty: &str| {
                    if value.trim().is_empty() {
                        ui.label(RichText::new(empty).color(widgets::error_color(ui)).italics());
                    } else if is_placeholder(value) {
                        ui.label(RichText::new(value).color(widgets::error_color(ui)))
                            .on_hover_text("A placeholder, not a real value");
                    } else {
                        ui.label(value).on_hover_text(value);
                    }
                };
                row.col(|ui| cell(ui, &s.organisation, "no organisation"));
                row.col(|ui| {
                    let line = state_line(s, state);
                    let hover = if s.required {
                        line
                    } else {
                        format!("{line} (optional: approval does not wait for it)")
                    };
                    ui.horizontal(|ui| {
                        widgets::rag_chip_ext(ui, state.rag(), state.word(), false, Some(&hover), body_size(ui));
                        if !s.required {
                            widgets::note(ui, "optional");
                        }
                    });
                });
                row.col(|ui| cell(ui, &s.name, "no name"));
                row.col(|ui| cell(ui, &s.position, "no position"));
                row.col(|ui| match &s.date {
                    Some(DateField::Date(d)) => {
                        ui.label(format_date(*d));
                    }
                    Some(DateField::Text(t)) => {
                        ui.label(RichText::new(t).color(widgets::error_color(ui)))
                            .on_hover_text("Not a date");
                    }
                    None => {
                        widgets::note(ui, "no date");
                    }
                });
                row.col(|ui| {
                    ui.label(short_type(s.org_type)).on_hover_text(s.org_type.word());
                });
                if row.response().clicked() {
                    clicked = Some(s.id);
                }
            });
        });
    if let Some(id) = clicked {
        view.selected = Some(id);
        view.confirm_delete = None;
    }
}

fn body_size(ui: &Ui) -> f32 {
    ui.style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map(|f| f.size)
        .unwrap_or(14.0)
}

fn short_type(t: OrgType) -> &'static str {
    match t {
        OrgType::Ccg => "CCG",
        OrgType::LocalAuthority => "Council",
        OrgType::HealthAndWellbeingBoard => "HWB",
        OrgType::NhsEngland => "NHS England",
        OrgType::Provider => "Provider",
        OrgType::Other => "Other",
    }
}

fn form(
    ui: &mut Ui,
    ctx: &TabCtx,
    view: &mut View,
    cmds: &mut Commands,
    focus_field: Option<&'static str>,
    flash: Option<(Option<RecordId>, &'static str)>,
) {
    let plan = ctx.plan;
    let Some((index, s)) = view
        .selected
        .and_then(|id| plan.signoffs.iter().enumerate().find(|(_, s)| s.id == id))
    else {
        widgets::note(ui, "Select a sign-off in the table to edit it.");
        return;
    };
    let id = s.id;
    let state = &ctx.summary.signoff_states[index];
    let org_title = if s.organisation.trim().is_empty() {
        "(no organisation)".to_string()
    } else {
        s.organisation.trim().to_string()
    };
    ui.label(
        RichText::new(format!("Sign-off {}: {org_title}", index + 1))
            .heading()
            .strong(),
    );
    ui.add_space(4.0);
    state_banner(ui, ctx, s, state, cmds);
    ui.add_space(8.0);

    // requesting focus before the field is drawn gives it the cursor
    if let Some(field) = focus_field
        && matches!(field, "organisation" | "name" | "position" | "date" | "comment")
    {
        view.pending_focus = Some((field_id(id, field), 4));
    }
    widgets::keep_focus_request(ui, &mut view.pending_focus);
    let flashing = |field: &str| flash.is_some_and(|(r, f)| (r.is_none() || r == Some(id)) && f == field);
    let field_w = (ui.available_width() - 170.0).clamp(160.0, 420.0);
    let problems_of = |value: &str, what: &str| -> Option<String> {
        if value.trim().is_empty() {
            Some(format!("No {what}"))
        } else if is_placeholder(value) {
            Some(format!(
                "\u{201c}{}\u{201d} is a placeholder, not a real {what}",
                value.trim()
            ))
        } else {
            None
        }
    };
    ui.add_enabled_ui(!ctx.locked, |ui| {
        Grid::new("signoff_form_grid")
            .num_columns(2)
            .spacing([12.0, 10.0])
            .min_col_width(140.0)
            .show(ui, |ui| {
                // organisation
                ui.label("Signed on behalf of");
                let problem = problems_of(&s.organisation, "organisation");
                let (v, resp) = widgets::text_field_ext(
                    ui,
                    field_id(id, "organisation"),
                    &s.organisation,
                    "Signed on behalf of",
                    field_w,
                    "Organisation",
                    problem.as_deref(),
                );
                ring(ui, &resp, flashing("organisation"), focus_field == Some("organisation"));
                if let Some(v) = v {
                    type_signoff(
                        cmds,
                        "Edit sign-off organisation",
                        "organisation",
                        id,
                        Field::Organisation,
                        Value::Text(v),
                    );
                }
                ui.end_row();

                ui.label("Organisation type");
                let mut t = s.org_type;
                let combo = egui::ComboBox::from_id_salt(("signoff_type", id.0))
                    .selected_text(t.word())
                    .width(field_w.min(280.0))
                    .show_ui(ui, |ui| {
                        for x in OrgType::ALL {
                            ui.selectable_value(&mut t, x, x.word());
                        }
                    });
                widgets::set_name(ui, &combo.response, "Organisation type");
                if t != s.org_type {
                    let e = PlanEdit::set(RecordKind::SignOffs, id, Field::OrgType, Value::Text(t.word().into()));
                    cmds.edit(format!("Set sign-off type to {}", t.word()), e);
                }
                ui.end_row();

                ui.label("Signatory (name)");
                let problem = problems_of(&s.name, "name");
                let (v, resp) = widgets::text_field_ext(
                    ui,
                    field_id(id, "name"),
                    &s.name,
                    "Signatory name",
                    field_w,
                    "Full name of who signs",
                    problem.as_deref(),
                );
                ring(ui, &resp, flashing("name"), focus_field == Some("name"));
                if let Some(v) = v {
                    type_signoff(
                        cmds,
                        "Edit signatory name",
                        "name",
                        id,
                        Field::SignatoryName,
                        Value::Text(v),
                    );
                }
                ui.end_row();

                ui.label("Position");
                let problem = problems_of(&s.position, "position");
                let (v, resp) = widgets::text_field_ext(
                    ui,
                    field_id(id, "position"),
                    &s.position,
                    "Position",
                    field_w,
                    usual_position(s.org_type),
                    problem.as_deref(),
                );
                ring(ui, &resp, flashing("position"), focus_field == Some("position"));
                if let Some(v) = v {
                    type_signoff(
                        cmds,
                        "Edit signatory position",
                        "position",
                        id,
                        Field::Position,
                        Value::Text(v),
                    );
                }
                ui.end_row();

                ui.label("Date signed");
                let before = ui.cursor().min;
                if let FieldChange::Set(v) =
                    widgets::date_field(ui, field_id(id, "date"), &s.date, "Date signed", 150.0)
                {
                    type_signoff(
                        cmds,
                        "Edit sign-off date",
                        "date",
                        id,
                        Field::SignOffDate,
                        Value::date(&v),
                    );
                }
                if flashing("date") {
                    let r = egui::Rect::from_min_size(before, egui::vec2(190.0, ui.min_rect().bottom() - before.y));
                    widgets::paint_focus_ring(ui, r);
                }
                ui.end_row();

                ui.label("Required");
                let mut required = s.required;
                let resp = ui.checkbox(&mut required, "Required for approval");
                widgets::set_name(ui, &resp, "Required for approval");
                if required != s.required {
                    cmds.edit(
                        if required {
                            "Make sign-off required"
                        } else {
                            "Make sign-off optional"
                        },
                        PlanEdit::set(RecordKind::SignOffs, id, Field::Required, Value::Bool(required)),
                    );
                }
                ui.end_row();

                ui.label("Comment");
                let mut c = s.comment.clone();
                let resp = ui.add(
                    egui::TextEdit::multiline(&mut c)
                        .id(field_id(id, "comment"))
                        .desired_width(field_w)
                        .desired_rows(3)
                        .char_limit(widgets::MAX_TEXT_CHARS),
                );
                widgets::set_name(ui, &resp, "Sign-off comment");
                if resp.changed() {
                    type_signoff(
                        cmds,
                        "Edit sign-off comment",
                        "comment",
                        id,
                        Field::SignOffComment,
                        Value::Text(c),
                    );
                }
                ui.end_row();
            });

        ui.add_space(10.0);
        let status_flash = flashing("status");
        let actions = ui.horizontal_wrapped(|ui| {
            actions(ui, ctx, s, cmds);
        });
        if status_flash {
            widgets::paint_focus_ring(ui, actions.response.rect);
            if focus_field == Some("status") {
                actions.response.scroll_to_me(Some(Align::Center));
            }
        }

        ui.add_space(16.0);
        ui.separator();
        if view.confirm_delete == Some(id) {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("Delete the sign-off for {org_title}?"));
                if ui.button("Delete").clicked() {
                    view.confirm_delete = None;
                    view.selected = None;
                    cmds.edit(
                        format!("Delete sign-off for {org_title}"),
                        PlanEdit::Delete {
                            kind: RecordKind::SignOffs,
                            ids: vec![id],
                        },
                    );
                }
                if ui.button("Cancel").clicked() {
                    view.confirm_delete = None;
                }
            });
        } else if ui.button("Delete sign-off…").clicked() {
            view.confirm_delete = Some(id);
        }
    });
}

/// Outlines a field the checklist pointed at and brings it into view.
fn ring(ui: &Ui, resp: &egui::Response, flashing: bool, scroll: bool) {
    if flashing {
        widgets::paint_focus_ring(ui, resp.rect);
    }
    if scroll {
        resp.scroll_to_me(Some(Align::Center));
    }
}

fn state_banner(ui: &mut Ui, ctx: &TabCtx, s: &SignOff, state: &SignOffState, cmds: &mut Commands) {
    let today = ctx.today;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            widgets::rag_chip_ext(ui, state.rag(), state.word(), false, None, 18.0);
            let headline = match state {
                SignOffState::Pending => "Not signed yet".to_string(),
                SignOffState::Incomplete { .. } => "Marked signed, but not complete".to_string(),
                _ => state_line(s, state),
            };
            ui.label(RichText::new(headline).size(widgets::text_size(ui, 16.0)).strong());
        });
        let who = if s.name.trim().is_empty() || is_placeholder(&s.name) {
            "the signatory".to_string()
        } else {
            s.name.trim().to_string()
        };
        match state {
            SignOffState::Signed => {
                ui.label(format!("{who} signed the plan as it is now."));
            }
            SignOffState::ChangedSince { parts } => {
                ui.label(
                    RichText::new(format!(
                        "The plan changed after {who} signed it ({} changed). The signature is for an earlier version of the plan, so it does not count for approval.",
                        join_words(parts)
                    ))
                    .color(widgets::error_color(ui)),
                );
                if !ctx.locked
                    && ui
                        .button("Signed again on the current plan")
                        .on_hover_text(format!(
                            "Record that {who} signed the plan as it is now, dated {}",
                            format_date(today)
                        ))
                        .clicked()
                {
                    cmds.edit("Record sign-off on the current plan", sign(ctx, s, true));
                }
            }
            SignOffState::Unverified => {
                ui.label("This sign-off was marked signed outside the app, so it is not known which version of the plan was signed.");
                if !ctx.locked
                    && ui
                        .button("Confirm signed on the current plan")
                        .on_hover_text("Record the plan as it is now as what was signed; the date stays as it is")
                        .clicked()
                {
                    cmds.edit("Confirm sign-off on the current plan", sign(ctx, s, false));
                }
            }
            SignOffState::Incomplete { problems } => {
                ui.label(
                    RichText::new(format!(
                        "A placeholder is not a signature: {}. Fill in the real details.",
                        problems.join(", ")
                    ))
                    .color(widgets::error_color(ui)),
                );
            }
            SignOffState::Pending => {
                let problems = placeholder_problems(s);
                if !problems.is_empty() {
                    ui.label(
                        RichText::new(format!(
                            "Before it can be signed: {}.",
                            problems.join(", ")
                        ))
                        .color(widgets::error_color(ui)),
                    );
                }
                if !s.required {
                    widgets::note(ui, "Optional: approval does not wait for it.");
                }
            }
            SignOffState::Declined => {
                if !s.comment.trim().is_empty() {
                    ui.label(format!("Comment: {}", s.comment.trim()));
                }
            }
        }
    });
}

/// Signs `s` on the plan as the tab shows it (its content fingerprint is
/// the summary's: the sign-offs are no part of it): the status, what was
/// signed and, when `redate` or it has no date, today's date, by one click.
fn sign(ctx: &TabCtx, s: &SignOff, redate: bool) -> PlanEdit {
    PlanEdit::put(signoffs::signed(s, &ctx.summary.fingerprint, ctx.today, redate))
}

fn actions(ui: &mut Ui, ctx: &TabCtx, s: &SignOff, cmds: &mut Commands) {
    let id = s.id;
    let today = ctx.today;
    let org = if s.organisation.trim().is_empty() {
        "sign-off".to_string()
    } else {
        s.organisation.trim().to_string()
    };
    let has_date = matches!(s.date, Some(DateField::Date(_)));
    let sign_hover = if has_date {
        "Record that the plan as it is now is what was signed".to_string()
    } else {
        format!(
            "Record that the plan as it is now is what was signed, dated today ({}); change the date if it was signed on another day",
            format_date(today)
        )
    };
    let can_sign = s.status != SignOffStatus::Signed;
    if ui
        .add_enabled(
            can_sign,
            egui::Button::new(RichText::new("Mark signed").strong()).fill(if can_sign {
                widgets::rag_colors(Rag::Green).0
            } else {
                ui.visuals().widgets.inactive.weak_bg_fill
            }),
        )
        .on_hover_text(sign_hover)
        .clicked()
    {
        cmds.edit(format!("Mark {org} signed"), sign(ctx, s, false));
    }
    if ui
        .add_enabled(s.status != SignOffStatus::Declined, egui::Button::new("Mark declined"))
        .on_hover_text("The organisation declined to sign; say why in the comment")
        .clicked()
    {
        let declined = changed(ctx.plan, id, |s| {
            s.status = SignOffStatus::Declined;
            s.signed_content = None;
        });
        if let Some(e) = declined {
            cmds.edit(format!("Mark {org} declined"), e);
        }
    }
    if ui
        .add_enabled(s.status != SignOffStatus::Pending, egui::Button::new("Back to pending"))
        .on_hover_text("Not signed yet; what was signed is forgotten")
        .clicked()
    {
        let pending = changed(ctx.plan, id, |s| {
            s.status = SignOffStatus::Pending;
            s.signed_content = None;
        });
        if let Some(e) = pending {
            cmds.edit(format!("Mark {org} pending"), e);
        }
    }
    if let Some(f) = first_problem_field(s)
        && s.status == SignOffStatus::Signed
    {
        ui.label(RichText::new(format!("Check the {f}")).color(widgets::error_color(ui)));
    }
}
