//! The Plan tab: the header form (who, which years, version, dates, the
//! pooled budget the plan must meet) and plan-wide settings.

use crate::model::money::MoneyUnit;
use crate::model::{Decimal, PlanStatus, YearBudget};
use crate::ui::widgets::{self, FieldChange};
use crate::ui::{Commands, TabCtx};
use egui::{Grid, RichText, ScrollArea, Ui};

#[derive(Default)]
pub struct View {
    /// Text of the tolerance field while it does not parse.
    tolerance_text: Option<String>,
}

const LABEL_W: f32 = 260.0;

fn row_label(ui: &mut Ui, text: &str, highlight: bool) {
    let t = RichText::new(text);
    ui.label(if highlight { t.strong().underline() } else { t });
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let h = &plan.header;
    let focus_field = ctx.focus.and_then(|f| f.field);
    let field_w = (ui.available_width() - LABEL_W - 40.0).clamp(200.0, 700.0);
    ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        widgets::heading(ui, "Plan details");
        if ctx.locked {
            widgets::note(ui, "The plan is locked: unlock it to edit.");
        }
        ui.add_enabled_ui(!ctx.locked, |ui| {
            Grid::new("plan_header").num_columns(2).spacing([16.0, 8.0]).min_col_width(LABEL_W).show(ui, |ui| {
                macro_rules! text_row {
                    ($label:expr, $field:ident, $key:expr) => {
                        row_label(ui, $label, focus_field == Some($key));
                        if let Some(v) = widgets::text_field(ui, &h.$field, $label, field_w) {
                            cmds.typing(concat!("Edit ", $key), concat!("header.", $key), move |p| p.header.$field = v);
                        }
                        ui.end_row();
                    };
                }
                text_row!("Plan title", title, "title");
                text_row!("Organisation", organisation, "organisation");
                text_row!("Health and Wellbeing Board", hwb, "hwb");
                text_row!("Local authority", local_authority, "local_authority");
                text_row!("Plan owner", owner, "owner");
                text_row!("Version", version, "version");

                row_label(ui, "Status", focus_field == Some("status"));
                let mut status = h.status;
                let combo = egui::ComboBox::from_id_salt("plan_status")
                    .selected_text(status.word())
                    .show_ui(ui, |ui| {
                        for s in PlanStatus::ALL {
                            ui.selectable_value(&mut status, s, s.word());
                        }
                    });
                widgets::set_name(ui, &combo.response, "Plan status");
                if status != h.status {
                    cmds.edit(format!("Set status to {}", status.word()), move |p| p.header.status = status);
                }
                ui.end_row();

                row_label(ui, "CCGs covered (one per line)", focus_field == Some("ccgs"));
                let ccgs = h.ccgs.join("\n");
                if let Some(v) = widgets::text_area(ui, &ccgs, "CCGs covered", field_w, 3) {
                    let list: Vec<String> = v.lines().map(|l| l.to_string()).collect();
                    cmds.typing("Edit CCGs covered", "header.ccgs", move |p| p.header.ccgs = list);
                }
                ui.end_row();

                row_label(ui, "Financial years", focus_field == Some("years"));
                ui.horizontal_wrapped(|ui| {
                    for y in &h.years {
                        ui.label(RichText::new(y).strong());
                    }
                    if ui.button("Add year").on_hover_text("Add the financial year after the last one").clicked() {
                        let next = next_year(h.years.last().map(String::as_str));
                        cmds.edit(format!("Add year {next}"), move |p| {
                            if !p.header.years.contains(&next) {
                                p.header.years.push(next.clone());
                                if p.header.budget(&next).is_none() {
                                    p.header.budgets.push(YearBudget::new(&next));
                                }
                            }
                        });
                    }
                    if h.years.len() > 1 && ui.button("Remove last year").on_hover_text("Money already entered for it is kept and flagged").clicked() {
                        cmds.edit("Remove last year", |p| {
                            p.header.years.pop();
                        });
                    }
                });
                ui.end_row();

                row_label(ui, "Date agreed at the Health and Wellbeing Board", focus_field == Some("date_agreed_hwb"));
                if let FieldChange::Set(v) = widgets::date_field(ui, ui.scope_id().with("date_agreed_hwb"), &h.date_agreed_hwb, "Date agreed at the Health and Wellbeing Board", 220.0) {
                    cmds.typing("Edit date agreed", "header.date_agreed_hwb", move |p| p.header.date_agreed_hwb = v);
                }
                ui.end_row();

                row_label(ui, "Date submitted", focus_field == Some("date_submitted"));
                if let FieldChange::Set(v) = widgets::date_field(ui, ui.scope_id().with("date_submitted"), &h.date_submitted, "Date submitted", 220.0) {
                    cmds.typing("Edit date submitted", "header.date_submitted", move |p| p.header.date_submitted = v);
                }
                ui.end_row();

                row_label(ui, "Notes", focus_field == Some("notes"));
                if let Some(v) = widgets::text_area(ui, &h.notes, "Notes", field_w, 4) {
                    cmds.typing("Edit notes", "header.notes", move |p| p.header.notes = v);
                }
                ui.end_row();
            });

            ui.add_space(12.0);
            let unit = plan.settings.display_unit;
            widgets::heading(ui, &format!("Pooled budget ({})", unit.label()));
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
                    if let FieldChange::Set(v) = widgets::money_field(ui, ui.scope_id().with(("min", year)), &budget.minimum_required, unit, &format!("Minimum required {year}"), 160.0) {
                        cmds.typing(format!("Edit minimum for {y}"), format!("budget.min.{y}"), move |p| budget_mut(p, &y).minimum_required = v);
                    }
                    let y = year.clone();
                    if let FieldChange::Set(v) = widgets::money_field(ui, ui.scope_id().with(("declared", year)), &budget.declared_total, unit, &format!("Declared total {year}"), 160.0) {
                        cmds.typing(format!("Edit declared total for {y}"), format!("budget.declared.{y}"), move |p| budget_mut(p, &y).declared_total = v);
                    }
                    ui.label(crate::model::money::format_span(&ctx.summary.finance.spend(year), unit));
                    ui.end_row();
                }
            });

            ui.add_space(12.0);
            widgets::heading(ui, "Settings");
            Grid::new("plan_settings").num_columns(2).spacing([16.0, 8.0]).min_col_width(LABEL_W).show(ui, |ui| {
                ui.label("Show money in");
                let mut u = unit;
                let combo = egui::ComboBox::from_id_salt("display_unit").selected_text(unit_word(u)).show_ui(ui, |ui| {
                    for x in MoneyUnit::ALL {
                        ui.selectable_value(&mut u, x, unit_word(x));
                    }
                });
                widgets::set_name(ui, &combo.response, "Show money in");
                if u != unit {
                    cmds.edit("Change money unit", move |p| p.settings.display_unit = u);
                }
                ui.end_row();

                ui.label("Amber tolerance for metrics (% of target)");
                let current = plan.settings.amber_tolerance_pct;
                let mut text = view.tolerance_text.clone().unwrap_or_else(|| current.normalize().to_string());
                let resp = ui.add(egui::TextEdit::singleline(&mut text).desired_width(80.0));
                widgets::set_name(ui, &resp, "Amber tolerance for metrics");
                if resp.changed() {
                    match text.trim().trim_end_matches('%').trim().parse::<Decimal>() {
                        Ok(d) if d >= Decimal::ZERO && d <= Decimal::from(100) => {
                            view.tolerance_text = None;
                            cmds.typing("Edit tolerance", "settings.tolerance", move |p| p.settings.amber_tolerance_pct = d);
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

fn budget_mut<'a>(p: &'a mut crate::model::Plan, year: &str) -> &'a mut YearBudget {
    if let Some(i) = p.header.budgets.iter().position(|b| b.year == year) {
        &mut p.header.budgets[i]
    } else {
        p.header.budgets.push(YearBudget::new(year));
        p.header.budgets.last_mut().expect("just pushed")
    }
}

/// "2015/16" → "2016/17"; anything unreadable → the current financial year.
pub fn next_year(last: Option<&str>) -> String {
    let start = last
        .and_then(|y| y.get(..4))
        .and_then(|s| s.parse::<i32>().ok())
        .map(|s| s + 1);
    match start {
        Some(s) => format!("{}/{:02}", s, (s + 1) % 100),
        None => crate::model::date::financial_year_of(crate::model::date::today()),
    }
}
