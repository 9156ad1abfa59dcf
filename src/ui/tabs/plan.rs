//! The Plan tab: the plan's status and lifecycle (submit, agree, approve,
//! back to draft, each recorded in the history), the header form (who,
//! which years, version, dates, the pooled budget the plan must meet) and
//! plan-wide settings.

use crate::calc::CheckItem;
use crate::calc::lifecycle::{self, Request, Step};
use crate::calc::signoffs::is_placeholder;
use crate::model::date::format_date;
use crate::model::money::MoneyUnit;
use crate::model::{DateField, PlanEdit, PlanHeader, PlanStatus, Rag, Settings, YearBudget};
use crate::ui::Tab;
use crate::ui::widgets::{self, FieldChange};
use crate::ui::{Commands, TabCtx};
use chrono::Timelike;
use egui::{Align, Grid, Id, RichText, ScrollArea, Ui};

#[derive(Default)]
pub struct View {
    /// Text of the tolerance field while it does not parse.
    tolerance_text: Option<String>,
    /// The lifecycle step being prepared.
    step: Option<StepForm>,
    /// Who made the last lifecycle change, offered for the next one.
    pub who: String,
    /// A field the checklist pointed at, outlined until the time given.
    flash: Option<(&'static str, f64)>,
    show_history: bool,
    /// A field to give the keyboard focus to (and passes left to try).
    pending_focus: Option<(Id, u8)>,
}

/// The form of a lifecycle step.
struct StepForm {
    step: Step,
    who: String,
    note: String,
    date: Option<DateField>,
    anyway: bool,
    reason: String,
}

const LABEL_W: f32 = 260.0;
const FLASH_SECONDS: f64 = 3.0;

/// The id of a Plan tab field, so the checklist can focus it.
pub fn field_id(field: &str) -> Id {
    Id::unique(("plan_field", field))
}

fn row_label(ui: &mut Ui, text: &str, highlight: bool) {
    let t = RichText::new(text);
    ui.label(if highlight { t.strong().underline() } else { t });
}

/// When a lifecycle change happens: now, unless the app runs on a fixed
/// day (tests, OPPLAN_TODAY), then noon of that day.
fn change_time(today: chrono::NaiveDate) -> chrono::NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    if now.date() == today {
        now.with_nanosecond(0).unwrap_or(now)
    } else {
        today.and_hms_opt(12, 0, 0).unwrap_or(now)
    }
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let h = &plan.header;
    let now = ui.input(|i| i.time);
    let focus_field = ctx.focus.filter(|f| f.tab == Tab::Plan).and_then(|f| f.field);
    if let Some(f) = focus_field {
        view.flash = Some((f, now + FLASH_SECONDS));
        // the cursor goes into the field (text fields only)
        if !matches!(f, "status" | "years" | "budgets") {
            view.pending_focus = Some((field_id(f), 4));
        }
        if f == "budgets" {
            // the first year without a minimum, else the first year
            let year = h
                .years
                .iter()
                .find(|y| h.budget(y).is_none_or(|b| b.minimum_required.is_none()))
                .or_else(|| {
                    h.years
                        .iter()
                        .find(|y| h.budget(y).is_none_or(|b| b.declared_total.is_none()))
                })
                .or(h.years.first());
            if let Some(y) = year {
                view.pending_focus = Some((Id::unique(("plan_budget_min", y.as_str())), 4));
            }
        }
    }
    widgets::keep_focus_request(ui, &mut view.pending_focus);
    let flash = match view.flash {
        Some((f, until)) if until > now => {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(until - now));
            Some(f)
        }
        _ => None,
    };
    let flashing = |f: &str| flash == Some(f);
    let scroll = |resp: &egui::Response, f: &str| {
        if focus_field == Some(f) {
            resp.scroll_to_me(Some(Align::Center));
        }
    };
    // labels narrower in a narrow window (the checklist panel open beside)
    let label_w = (ui.available_width() * 0.3).clamp(150.0, LABEL_W);
    let field_w = (ui.available_width() - label_w - 40.0).clamp(200.0, 700.0);
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        let status = lifecycle_section(ui, ctx, view, cmds);
        if flashing("status") {
            widgets::paint_focus_ring(ui, status.rect);
        }
        scroll(&status, "status");
        ui.add_space(12.0);

        widgets::heading(ui, "Plan details");
        if ctx.locked {
            widgets::note(ui, "The plan is locked: unlock it to edit.");
        }
        ui.add_enabled_ui(!ctx.locked, |ui| {
            Grid::new("plan_header").num_columns(2).spacing([16.0, 8.0]).min_col_width(label_w).show(ui, |ui| {
                macro_rules! text_row {
                    ($label:expr, $field:ident, $key:expr, $hint:expr) => {
                        row_label(ui, $label, flashing($key));
                        let value = &h.$field;
                        let problem = (!value.trim().is_empty() && is_placeholder(value))
                            .then(|| format!("\u{201c}{}\u{201d} is a placeholder", value.trim()));
                        let (v, resp) = widgets::text_field_ext(ui, field_id($key), value, $label, field_w, $hint, problem.as_deref());
                        if flashing($key) {
                            widgets::paint_focus_ring(ui, resp.rect);
                        }
                        scroll(&resp, $key);
                        if let Some(v) = v {
                            cmds.typing(concat!("Edit ", $label), concat!("header.", $key), header_edit(h, |h| h.$field = v));
                        }
                        ui.end_row();
                    };
                }
                text_row!("Plan title", title, "title", "e.g. Kent Better Care Fund Plan 2014/15–2015/16");
                text_row!("Organisation", organisation, "organisation", "Who writes the plan");
                text_row!("Health and Wellbeing Board", hwb, "hwb", "e.g. Kent Health and Wellbeing Board");
                text_row!("Local authority", local_authority, "local_authority", "The council");
                text_row!("Plan owner", owner, "owner", "Who leads the plan");
                text_row!("Version", version, "version", "e.g. First Draft v1.0");

                row_label(ui, "CCGs covered (one per line)", flashing("ccgs"));
                let ccgs = h.ccgs.join("\n");
                let mut text = ccgs.clone();
                let resp = ui.add(
                    egui::TextEdit::multiline(&mut text)
                        .id(field_id("ccgs"))
                        .desired_width(field_w)
                        .desired_rows(3)
                        .char_limit(widgets::MAX_TEXT_CHARS),
                );
                widgets::set_name(ui, &resp, "CCGs covered");
                if flashing("ccgs") {
                    widgets::paint_focus_ring(ui, resp.rect);
                }
                scroll(&resp, "ccgs");
                if resp.changed() && text != ccgs {
                    let list: Vec<String> = text.lines().map(|l| l.to_string()).collect();
                    cmds.typing("Edit CCGs covered", "header.ccgs", header_edit(h, |h| h.ccgs = list));
                }
                ui.end_row();

                row_label(ui, "Financial years", flashing("years"));
                let years = ui.horizontal_wrapped(|ui| {
                    for y in &h.years {
                        ui.label(RichText::new(y).strong());
                    }
                    if ui.button("Add year").on_hover_text("Add the financial year after the last one").clicked() {
                        let next = next_year(h.years.last().map(String::as_str), ctx.today);
                        let edit = header_edit(h, |h| {
                            if !h.years.contains(&next) {
                                h.years.push(next.clone());
                                if h.budget(&next).is_none() {
                                    h.budgets.push(YearBudget::new(&next));
                                }
                            }
                        });
                        cmds.edit(format!("Add year {next}"), edit);
                    }
                    if h.years.len() > 1 && ui.button("Remove last year").on_hover_text("Money already entered for it is kept and flagged").clicked() {
                        cmds.edit("Remove last year", header_edit(h, |h| {
                            h.years.pop();
                        }));
                    }
                });
                if flashing("years") {
                    widgets::paint_focus_ring(ui, years.response.rect);
                }
                scroll(&years.response, "years");
                ui.end_row();

                for (key, label) in [
                    ("date_agreed_hwb", "Date agreed at the Health and Wellbeing Board"),
                    ("date_submitted", "Date submitted"),
                ] {
                    row_label(ui, label, flashing(key));
                    let value = if key == "date_submitted" { &h.date_submitted } else { &h.date_agreed_hwb };
                    let before = ui.cursor().min;
                    if let FieldChange::Set(v) = widgets::date_field(ui, field_id(key), value, label, 220.0) {
                        if key == "date_submitted" {
                            cmds.typing("Edit date submitted", "header.date_submitted", header_edit(h, |h| h.date_submitted = v));
                        } else {
                            cmds.typing("Edit date agreed", "header.date_agreed_hwb", header_edit(h, |h| h.date_agreed_hwb = v));
                        }
                    }
                    let rect = egui::Rect::from_min_max(before, egui::pos2(before.x + 260.0, ui.min_rect().bottom()));
                    if flashing(key) {
                        widgets::paint_focus_ring(ui, rect);
                    }
                    if focus_field == Some(key) {
                        ui.scroll_to_rect(rect, Some(Align::Center));
                    }
                    ui.end_row();
                }

                row_label(ui, "Notes", flashing("notes"));
                let mut notes = h.notes.clone();
                let resp = ui.add(
                    egui::TextEdit::multiline(&mut notes)
                        .id(field_id("notes"))
                        .desired_width(field_w)
                        .desired_rows(4)
                        .char_limit(widgets::MAX_TEXT_CHARS),
                );
                widgets::set_name(ui, &resp, "Notes");
                scroll(&resp, "notes");
                if resp.changed() {
                    cmds.typing("Edit notes", "header.notes", header_edit(h, |h| h.notes = notes));
                }
                ui.end_row();
            });

            ui.add_space(12.0);
            let unit = plan.settings.display_unit;
            let budget_head = ui.label(RichText::new(format!("Pooled budget ({})", unit.label())).heading().strong());
            if flashing("budgets") {
                widgets::paint_focus_ring(ui, budget_head.rect);
            }
            scroll(&budget_head, "budgets");
            widgets::note(ui, "The minimum required value of the BCF pooled budget, and the total the plan declares. The Schemes tab reconciles both against the schemes.");
            Grid::new("plan_budgets").num_columns(4).spacing([16.0, 6.0]).striped(true).show(ui, |ui| {
                ui.label(RichText::new("Year").strong());
                ui.label(RichText::new("Minimum required").strong());
                ui.label(RichText::new("Declared (agreed) total").strong());
                ui.label(RichText::new("Schemes' total").strong());
                ui.end_row();
                for year in &h.years {
                    let budget = h.budget(year).cloned().unwrap_or_else(|| YearBudget::new(year));
                    ui.label(year);
                    let y = year.clone();
                    if let FieldChange::Set(v) = widgets::money_field(ui, Id::unique(("plan_budget_min", year.as_str())), &budget.minimum_required, unit, &format!("Minimum required {year}"), 160.0) {
                        cmds.typing(format!("Edit minimum for {y}"), format!("budget.min.{y}"), header_edit(h, |h| budget_mut(h, &y).minimum_required = v));
                    }
                    let y = year.clone();
                    if let FieldChange::Set(v) = widgets::money_field(ui, Id::unique(("plan_budget_declared", year.as_str())), &budget.declared_total, unit, &format!("Declared total {year}"), 160.0) {
                        cmds.typing(format!("Edit declared total for {y}"), format!("budget.declared.{y}"), header_edit(h, |h| budget_mut(h, &y).declared_total = v));
                    }
                    ui.label(crate::model::money::format_span(&ctx.summary.finance.spend(year), unit));
                    ui.end_row();
                }
            });

            ui.add_space(12.0);
            widgets::heading(ui, "Settings");
            Grid::new("plan_settings").num_columns(2).spacing([16.0, 8.0]).min_col_width(label_w).show(ui, |ui| {
                ui.label("Show money in");
                let mut u = unit;
                let combo = egui::ComboBox::from_id_salt("display_unit").selected_text(unit_word(u)).show_ui(ui, |ui| {
                    for x in MoneyUnit::ALL {
                        ui.selectable_value(&mut u, x, unit_word(x));
                    }
                });
                widgets::set_name(ui, &combo.response, "Show money in");
                if u != unit {
                    cmds.edit("Change money unit", super::set_unit(plan, u));
                }
                ui.end_row();

                ui.label("Amber tolerance for metrics (% of target)");
                let current = plan.settings.amber_tolerance_pct;
                let mut text = view.tolerance_text.clone().unwrap_or_else(|| current.normalize().to_string());
                let resp = ui.add(egui::TextEdit::singleline(&mut text).desired_width(80.0));
                widgets::set_name(ui, &resp, "Amber tolerance for metrics");
                if resp.changed() {
                    match crate::model::value::parse_tolerance(&text) {
                        Ok(Some(d)) => {
                            view.tolerance_text = None;
                            let settings = Settings { amber_tolerance_pct: d, ..plan.settings.clone() };
                            cmds.typing("Edit tolerance", "settings.tolerance", PlanEdit::SetSettings(Box::new(settings)));
                        }
                        _ => view.tolerance_text = Some(text),
                    }
                }
                if view.tolerance_text.is_some() {
                    ui.label(RichText::new("Type a percentage from 0 to 100").color(widgets::error_color(ui)));
                }
                ui.end_row();
            });
        });
    });
}

fn unit_word(u: MoneyUnit) -> &'static str {
    match u {
        MoneyUnit::Pounds => "£ (pounds)",
        MoneyUnit::Thousands => "£000 (thousands)",
        MoneyUnit::Millions => "£m (millions)",
    }
}

/// The header as `change` leaves it, as an edit.
fn header_edit(h: &PlanHeader, change: impl FnOnce(&mut PlanHeader)) -> PlanEdit {
    let mut h = h.clone();
    change(&mut h);
    PlanEdit::SetHeader(Box::new(h))
}

fn budget_mut<'a>(h: &'a mut PlanHeader, year: &str) -> &'a mut YearBudget {
    if let Some(i) = h.budgets.iter().position(|b| b.year == year) {
        &mut h.budgets[i]
    } else {
        h.budgets.push(YearBudget::new(year));
        h.budgets.last_mut().expect("just pushed")
    }
}

/// "2015/16" → "2016/17"; anything unreadable → the financial year `today`
/// falls in.
pub fn next_year(last: Option<&str>, today: chrono::NaiveDate) -> String {
    let start = last
        .and_then(|y| y.get(..4))
        .and_then(|s| s.parse::<i32>().ok())
        .map(|s| s + 1);
    match start {
        Some(s) => format!("{}/{:02}", s, (s + 1) % 100),
        None => crate::model::date::financial_year_of(today),
    }
}

/// The plan's status: where it is in the lifecycle, what changed since,
/// the steps it can take (each with its rules shown before it is taken),
/// and the history of changes.
fn lifecycle_section(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) -> egui::Response {
    let plan = ctx.plan;
    let status = plan.header.status;
    egui::Frame::group(ui.style())
        .inner_margin(10.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new("Status").heading().strong());
                ui.add_space(8.0);
                for (i, s) in PlanStatus::ALL.into_iter().enumerate() {
                    if i > 0 {
                        paint_arrow(ui);
                    }
                    if s == status {
                        egui::Frame::new()
                            .fill(ui.visuals().selection.bg_fill)
                            .corner_radius(4.0)
                            .inner_margin(egui::Margin::symmetric(8, 2))
                            .show(ui, |ui| {
                                ui.label(
                                    RichText::new(s.word())
                                        .size(widgets::text_size(ui, 18.0))
                                        .strong()
                                        .color(ui.visuals().selection.stroke.color),
                                );
                            });
                    } else {
                        ui.label(RichText::new(s.word()).size(widgets::text_size(ui, 18.0)).weak());
                    }
                }
            });
            if let Some(w) = lifecycle::status_warning(plan, ctx.summary) {
                ui.horizontal_wrapped(|ui| {
                    widgets::rag_chip_ext(ui, Rag::Amber, "Changed", false, None, 16.0);
                    ui.label(RichText::new(&w).size(widgets::text_size(ui, 16.0)).strong());
                });
                widgets::note(
                    ui,
                    "The plan's content changed after this status was set. Move it back to draft and through the steps again, or undo the change.",
                );
            }
            if let Some(last) = plan.history.last() {
                ui.label(history_line(last));
            } else {
                widgets::note(ui, "No status changes recorded yet.");
            }

            // the steps
            if !ctx.locked {
                ui.horizontal_wrapped(|ui| {
                    for step in lifecycle::steps_from(status) {
                        let open = view.step.as_ref().is_some_and(|f| f.step == step);
                        let text = format!("{}\u{2026}", step.verb());
                        let resp = ui.add_enabled(!open, egui::Button::new(RichText::new(text).strong()));
                        if resp.on_hover_text(step.explain()).clicked() {
                            view.step = Some(new_form(ctx, view, step));
                        }
                    }
                    if !plan.history.is_empty() {
                        let label = if view.show_history {
                            "Hide history".to_string()
                        } else {
                            format!("History ({})", plan.history.len())
                        };
                        if ui.button(label).clicked() {
                            view.show_history = !view.show_history;
                        }
                    }
                });
            } else if !plan.history.is_empty() {
                ui.checkbox(&mut view.show_history, "Show history");
            }

            if view.step.is_some() {
                ui.add_space(6.0);
                step_form(ui, ctx, view, cmds);
            }
            if view.show_history && !plan.history.is_empty() {
                ui.add_space(6.0);
                history_table(ui, ctx);
            }
        })
        .response
}

fn history_line(c: &crate::model::StatusChange) -> String {
    let when =
        c.at.map(|t| format!(" on {} at {}", format_date(t.date()), t.format("%H:%M")))
            .unwrap_or_default();
    let who = if c.who.trim().is_empty() {
        String::new()
    } else {
        format!(" by {}", c.who.trim())
    };
    format!("Last change: {} to {}{who}{when}", c.from.word(), c.to.word())
}

fn history_table(ui: &mut Ui, ctx: &TabCtx) {
    Grid::new("plan_history")
        .num_columns(4)
        .striped(true)
        .spacing([16.0, 6.0])
        .show(ui, |ui| {
            for t in ["When", "Change", "Who", "Note"] {
                ui.label(RichText::new(t).strong());
            }
            ui.end_row();
            for c in ctx.plan.history.iter().rev() {
                ui.label(
                    c.at.map(|t| format!("{} {}", format_date(t.date()), t.format("%H:%M")))
                        .unwrap_or_else(|| "unknown".into()),
                );
                ui.label(format!("{} to {}", c.from.word(), c.to.word()));
                ui.label(&c.who);
                ui.add(egui::Label::new(&c.note).wrap());
                ui.end_row();
            }
        });
}

fn new_form(ctx: &TabCtx, view: &View, step: Step) -> StepForm {
    let h = &ctx.plan.header;
    let existing = match step {
        Step::Submit => h.date_submitted.as_ref(),
        Step::Agree => h.date_agreed_hwb.as_ref(),
        _ => None,
    };
    let date = step.date_field().map(|_| match existing {
        Some(DateField::Date(d)) => DateField::Date(*d),
        _ => DateField::Date(ctx.today),
    });
    let who = if !view.who.trim().is_empty() {
        view.who.clone()
    } else if !is_placeholder(&h.owner) {
        h.owner.trim().to_string()
    } else {
        String::new()
    };
    StepForm {
        step,
        who,
        note: String::new(),
        date,
        anyway: false,
        reason: String::new(),
    }
}

fn step_form(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let Some(form) = view.step.as_mut() else {
        return;
    };
    let step = form.step;
    if !step.allowed_from(ctx.plan.header.status) {
        view.step = None;
        return;
    }
    let date = form.date.as_ref().and_then(|d| d.date());
    let gate = lifecycle::gate(ctx.plan, ctx.summary, step, date);
    let mut close = false;
    egui::Frame::group(ui.style()).inner_margin(10.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(step.undo_label())
                .size(widgets::text_size(ui, 18.0))
                .strong(),
        );
        widgets::note(ui, step.explain());
        ui.add_space(4.0);

        // what stands in the way
        match step {
            Step::Submit | Step::Approve => {
                if gate.is_clear() {
                    ui.horizontal(|ui| {
                        widgets::yes_no_chip(ui, true);
                        ui.label(if step == Step::Submit {
                            "The readiness checklist is complete."
                        } else {
                            "Every required sign-off is signed on the plan as it is now."
                        });
                    });
                } else {
                    let n = gate.blockers.len();
                    ui.label(
                        RichText::new(if step == Step::Submit {
                            format!("{n} checklist item{} incomplete:", if n == 1 { " is" } else { "s are" })
                        } else {
                            format!(
                                "{n} required sign-off{} not signed on the plan as it is now:",
                                if n == 1 { " is" } else { "s are" }
                            )
                        })
                        .strong()
                        .color(widgets::error_color(ui)),
                    );
                    blocker_list(ui, &gate.blockers, cmds);
                }
            }
            Step::Agree | Step::Reopen => {}
        }
        ui.add_space(6.0);

        Grid::new(("step_form", step.verb()))
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                ui.label("Who is making this change");
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut form.who)
                        .desired_width(320.0)
                        .char_limit(200)
                        .hint_text("Your name"),
                );
                widgets::set_name(ui, &resp, "Who is making this change");
                ui.end_row();

                if let Some((_, label)) = step.date_field() {
                    ui.label(label);
                    let id = Id::unique(("step_date", step.verb()));
                    if let FieldChange::Set(v) = widgets::date_field(ui, id, &form.date, label, 160.0) {
                        form.date = v;
                    }
                    ui.end_row();
                }

                ui.label("Note");
                let resp = ui.add(
                    egui::TextEdit::multiline(&mut form.note)
                        .desired_width(420.0)
                        .desired_rows(2)
                        .char_limit(widgets::MAX_TEXT_CHARS)
                        .hint_text("Optional: what this version is, who it goes to"),
                );
                widgets::set_name(ui, &resp, "Status change note");
                ui.end_row();

                if gate.can_override && !gate.is_clear() {
                    ui.label("");
                    let resp = ui.checkbox(&mut form.anyway, "Submit anyway, with the items above incomplete");
                    widgets::set_name(ui, &resp, "Submit anyway");
                    ui.end_row();
                    if form.anyway {
                        ui.label("Reason (recorded)");
                        let resp = ui.add(
                            egui::TextEdit::singleline(&mut form.reason)
                                .desired_width(420.0)
                                .char_limit(1_000)
                                .hint_text("e.g. First draft for the Health and Wellbeing Board on 12 February"),
                        );
                        widgets::set_name(ui, &resp, "Reason for submitting anyway");
                        ui.end_row();
                    }
                }
            });

        let req = Request {
            step: Some(step),
            who: form.who.clone(),
            note: form.note.clone(),
            date: form.date.as_ref().and_then(|d| d.date()),
            anyway_reason: form.anyway.then(|| form.reason.clone()),
        };
        let verdict = lifecycle::check(ctx.plan, ctx.summary, &req);
        let date_problem = step.date_field().is_some() && form.date.is_some() && req.date.is_none();
        ui.add_space(6.0);
        ui.horizontal_wrapped(|ui| {
            let ok = verdict.is_ok() && !date_problem;
            let confirm = ui.add_enabled(ok, egui::Button::new(RichText::new(step.verb()).strong()));
            if confirm.clicked() {
                let today = ctx.today;
                let at = change_time(today);
                view.who = req.who.trim().to_string();
                // refused only as the verdict beside the button says
                if let Ok(e) = lifecycle::edit(ctx.plan, ctx.summary, &req, at) {
                    cmds.edit(step.undo_label(), e);
                }
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
            match &verdict {
                Err(why) => {
                    ui.label(RichText::new(why.to_string()).color(widgets::error_color(ui)));
                }
                Ok(_) if date_problem => {
                    ui.label(RichText::new("The date is not a date.").color(widgets::error_color(ui)));
                }
                Ok(_) => {}
            }
        });
    });
    if close {
        view.step = None;
    }
}

/// The first items in the way, each a link to where it is fixed.
fn blocker_list(ui: &mut Ui, items: &[CheckItem], cmds: &mut Commands) {
    const SHOWN: usize = 8;
    for item in items.iter().take(SHOWN) {
        ui.horizontal(|ui| {
            widgets::yes_no_chip(ui, false);
            ui.label(RichText::new(format!("{}:", item.section.word())).weak());
            if ui
                .link(&item.text)
                .on_hover_text(format!("Go to {}", item.section.word()))
                .clicked()
            {
                cmds.go_to(item.section.into(), item.record, item.field);
            }
        });
    }
    if items.len() > SHOWN {
        widgets::note(
            ui,
            &format!(
                "and {} more: the readiness checklist (top bar) lists them all.",
                items.len() - SHOWN
            ),
        );
    }
}

/// A small arrow between the lifecycle's statuses (painted: the default
/// fonts have no arrow glyph).
fn paint_arrow(ui: &mut Ui) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(22.0, 18.0), egui::Sense::hover());
    let color = ui.visuals().weak_text_color();
    let y = rect.center().y;
    let (l, r) = (rect.left() + 3.0, rect.right() - 3.0);
    let p = ui.painter();
    p.line_segment(
        [egui::pos2(l, y), egui::pos2(r - 4.0, y)],
        egui::Stroke::new(2.0, color),
    );
    p.add(egui::Shape::convex_polygon(
        vec![
            egui::pos2(r, y),
            egui::pos2(r - 7.0, y - 5.0),
            egui::pos2(r - 7.0, y + 5.0),
        ],
        color,
        egui::Stroke::NONE,
    ));
}
