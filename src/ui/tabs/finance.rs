//! The Finance tab: the money side of an operating plan, one financial
//! year at a time. Income against spend (the gap, rated), the allocation
//! statement (income lines with their subtotals and total computed, the
//! printed totals beside them), the planning assumptions, contributions to
//! the pooled budget, pay-for-performance and contingency amounts, and
//! QIPP: each QIPP scheme's saving and investment (net computed), the
//! selected scheme's points of delivery, and the totals by programme and
//! by point of delivery. Then every reconciliation finding.
//!
//! Money is typed as in Schemes (`widgets::money_field`: "3.9m", "£3,900k",
//! "(151)"), in the plan's display unit. Every change is a
//! [`PlanEdit`]: the tables as one value (`SetFinanceTables`), a scheme's
//! QIPP by putting the scheme back whole; undo takes either back.

use crate::calc::operating::OperatingFinance;
use crate::interop::import::FinanceTable;
use crate::model::money::{MoneyUnit, format_span};
use crate::model::operating::POINTS_OF_DELIVERY;
use crate::model::{
    AllocationLine, Contribution, FinanceTables, FinanceYear, IncomeKind, PerformanceAmount, Plan, PlanEdit, PodChange,
    RecordId, Scheme, Span,
};
use crate::ui::widgets::{self, FieldChange};
use crate::ui::{Commands, TabCtx};
use block::{FinCol, FinanceGrid};
use egui::{Grid, Id, RichText, ScrollArea, Ui};

mod block;

#[derive(Default)]
pub struct View {
    /// The year shown (the plan's first when not chosen).
    pub year: Option<String>,
    /// The QIPP scheme whose points of delivery are shown.
    pub scheme: Option<RecordId>,
    /// The page of QIPP schemes shown ([`QIPP_PAGE`] rows a page).
    pub qipp_page: usize,
    /// The table Ctrl+V pastes into and Ctrl+C copies: the one holding
    /// the keyboard focus, else the one last clicked; `None` until the
    /// user is in one (then a paste asks which).
    pub table: Option<FinanceTable>,
    /// The text the rows of every table are filtered by.
    pub filter: String,
    /// The block of cells selected in a table, and the cell with the
    /// keyboard ([`block`]).
    grid: block::FinanceSelection,
    /// What the block's keys last did, with the block and the cell with
    /// the keyboard then: said while they stay.
    grid_status: Option<block::Said>,
}

impl View {
    /// The year the tab shows: the chosen one while the plan has it, else
    /// the plan's first.
    pub fn year_shown(&self, ctx: &TabCtx) -> String {
        let years = years(ctx);
        self.year
            .clone()
            .filter(|y| years.contains(y))
            .or_else(|| years.first().cloned())
            .unwrap_or_default()
    }
}

/// The columns of a table as the tab shows them, in order, by headings
/// the import reads: where the columns of a block pasted without a
/// heading row go.
pub fn pasted_columns(table: FinanceTable) -> &'static [&'static str] {
    match table {
        FinanceTable::Allocations => &["Income line", "Recurrent or non-recurrent", "Amount", "Growth"],
        FinanceTable::Contributions => &[
            "Organisation",
            "Holds the pooled budget?",
            "Source of funding",
            "Minimum",
            "Actual",
        ],
        FinanceTable::Qipp => &["Scheme", "Programme", "Saving", "Investment", "Net saving"],
        FinanceTable::Performance => &[
            "Metric",
            "Year",
            "Pay for performance",
            "Planned savings",
            "Maximum support",
        ],
    }
}

/// True when one of `texts` holds `needle` (already lower case), or the
/// needle is empty: the tab's filter.
fn passes(needle: &str, texts: &[&str]) -> bool {
    needle.is_empty() || texts.iter().any(|t| t.to_lowercase().contains(needle))
}

/// Under a filtered table: "Shown 2 of 5".
fn shown_line(ui: &mut Ui, needle: &str, shown: usize, all: usize) {
    if !needle.is_empty() {
        ui.label(format!("Shown {}", widgets::of_count(shown, all)));
    }
}

/// Draws one of the tab's tables with `draw` and notes it as the table
/// rows are pasted into when the user clicks in it or the keyboard focus
/// is in it.
fn table_area(ui: &mut Ui, view: &mut View, table: FinanceTable, draw: impl FnOnce(&mut Ui, &mut View)) {
    let rect = ui.scope(|ui| draw(ui, view)).response.rect;
    let clicked = ui.input(|i| i.pointer.any_pressed() && i.pointer.interact_pos().is_some_and(|p| rect.contains(p)));
    let focused = ui
        .ctx()
        .memory(|m| m.focused())
        .and_then(|id| ui.ctx().read_response(id))
        .is_some_and(|r| rect.contains(r.rect.center()));
    if clicked || focused {
        view.table = Some(table);
    }
}

/// The widest a row's name (a QIPP scheme's, a performance amount's
/// metric) is drawn: a longer one is cut with "…" and shown whole on
/// hover, so the table's other columns stay in the window.
const NAME_W: f32 = 260.0;

/// A row's name, as a label at most [`NAME_W`] wide.
fn name_cell(ui: &mut Ui, name: &str) {
    ui.scope(|ui| {
        ui.set_max_width(NAME_W);
        ui.add(egui::Label::new(name).truncate());
    });
}

/// Draws a cell's input `width` wide: an `egui::Grid` offers a cell only
/// its column's width of the frame before, which an input keeps to (a
/// column of inputs as narrow as its heading, their text cut).
fn sized<R>(ui: &mut Ui, width: f32, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.scope(|ui| {
        ui.set_min_width(width);
        add(ui)
    })
    .inner
}

/// A text cell of a table, with a fixed id (the block follows it): the
/// new text when the user changed it, and the response.
fn text_cell(ui: &mut Ui, id: Id, value: &str, name: &str, width: f32) -> (Option<String>, egui::Response) {
    let (t, resp) = sized(ui, width, |ui| {
        widgets::text_field_ext(ui, id, value, name, width, "", None)
    });
    widgets::limit_note(
        ui,
        &resp,
        t.as_deref().unwrap_or(value),
        crate::model::limits::MAX_LINE_CHARS,
    );
    (t, resp)
}

/// QIPP schemes shown at once: a plan with thousands of them draws one
/// page, so a frame costs what a page costs.
pub const QIPP_PAGE: usize = 25;

const MONEY_W: f32 = 110.0;

/// The years the tab offers: the plan's, then any other the tables name.
fn years(ctx: &TabCtx) -> Vec<String> {
    let mut v = ctx.plan.header.years.clone();
    for y in &ctx.summary.finance.operating.years {
        if !v.contains(&y.year) {
            v.push(y.year.clone());
        }
    }
    v
}

/// The finance tables with `f` applied, as an edit.
fn tables_edit(plan: &Plan, f: impl FnOnce(&mut FinanceTables)) -> PlanEdit {
    let mut t = FinanceTables::of(plan);
    f(&mut t);
    PlanEdit::SetFinanceTables(Box::new(t))
}

/// Scheme `id` with `f` applied, put back whole.
fn scheme_edit(plan: &Plan, id: RecordId, f: impl FnOnce(&mut Scheme)) -> Option<PlanEdit> {
    let mut s = plan.scheme(id)?.clone();
    f(&mut s);
    Some(PlanEdit::put(s))
}

/// The finance year of `year` in `t`, created when missing.
fn year_mut<'a>(t: &'a mut FinanceTables, year: &str) -> &'a mut FinanceYear {
    if let Some(i) = t.finance_years.iter().position(|f| f.year == year) {
        &mut t.finance_years[i]
    } else {
        t.finance_years.push(FinanceYear {
            year: year.to_string(),
            ..Default::default()
        });
        t.finance_years.last_mut().expect("just pushed")
    }
}

fn money(s: Span, unit: MoneyUnit) -> String {
    format_span(&s, unit)
}

/// Draws the tab.
pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let op = &ctx.summary.finance.operating;
    let unit = plan.settings.display_unit;
    let years = years(ctx);
    let year = view.year_shown(ctx);
    let needle = view.filter.trim().to_lowercase();
    let needle = needle.as_str();
    block_keys(ui, ctx, &year, needle, view, cmds);
    // sideways too: a table wider than the window scrolls, no column out of reach
    ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Finance").heading().strong());
            ui.add_space(16.0);
            ui.label("Year");
            let combo = egui::ComboBox::from_id_salt("finance_year")
                .selected_text(&year)
                .show_ui(ui, |ui| {
                    for y in &years {
                        if ui.selectable_label(*y == year, y).clicked() {
                            view.year = Some(y.clone());
                        }
                    }
                });
            widgets::set_name(ui, &combo.response, "Year shown");
            ui.label(format!("Amounts in {}", unit.label()));
        });
        filter_bar(ui, view);
        widgets::note(
            ui,
            "Totals are computed from the lines, never typed; a total the plan prints is kept beside them and any difference is listed below.",
        );
        income_vs_spend(ui, op, &year, unit);
        ui.add_enabled_ui(!ctx.locked, |ui| {
            table_area(ui, view, FinanceTable::Allocations, |ui, view| {
                allocation(ui, plan, op, &year, unit, needle, view, cmds)
            });
            assumptions(ui, plan, &year, unit, cmds);
            table_area(ui, view, FinanceTable::Contributions, |ui, view| {
                contributions(ui, plan, op, &year, unit, needle, view, cmds)
            });
            table_area(ui, view, FinanceTable::Performance, |ui, view| {
                performance(ui, plan, &year, unit, needle, view, cmds)
            });
            table_area(ui, view, FinanceTable::Qipp, |ui, view| {
                qipp(ui, plan, op, &year, unit, needle, view, cmds)
            });
        });
        qipp_groups(ui, op, &year, unit);
        findings(ui, op, cmds);
    });
}

/// The block's keys (before the tables are drawn), and its line floating
/// over the tab while a block is selected or the keys did something.
fn block_keys(ui: &mut Ui, ctx: &TabCtx, year: &str, needle: &str, view: &mut View, cmds: &mut Commands) {
    if let Some(status) = block::handle_keys(ui, ctx.plan, year, needle, view, cmds, ctx.locked) {
        let at = view.grid.focused.as_ref().map(|f| f.0);
        view.grid_status = Some((status, view.grid.block, at));
    }
    let Some(focused) = view.grid.focused.clone() else {
        return;
    };
    if !ui.memory(|m| m.has_focus(focused.2)) {
        return;
    }
    // what the keys did is said until the block or the cell changes
    let said = (view.grid_status.as_ref())
        .filter(|(_, b, at)| *b == view.grid.block && *at == Some(focused.0))
        .map(|(s, ..)| s.clone());
    let g = FinanceGrid::new(ctx.plan, focused.0.1.table(), year, needle, view.qipp_page);
    if let Some(line) = said.or_else(|| view.grid.area(&g).and_then(|a| crate::ui::grid::block::status_line(&a))) {
        crate::ui::grid::block::status_overlay(ui, "finance", &line);
    }
}

/// The filter box, and which table Ctrl+V pastes into.
fn filter_bar(ui: &mut Ui, view: &mut View) {
    ui.horizontal_wrapped(|ui| {
        ui.label("Filter:");
        let resp = ui.add(
            egui::TextEdit::singleline(&mut view.filter)
                .hint_text("line, organisation, scheme, point of delivery")
                .desired_width(260.0),
        );
        widgets::set_name(ui, &resp, "Filter finance rows");
        if crate::ui::escape::cancels_field(ui, &resp) {
            view.filter.clear();
        }
        if !view.filter.is_empty() && ui.button("Clear filter").clicked() {
            view.filter.clear();
        }
        ui.add_space(16.0);
        let target = match view.table {
            Some(t) => format!("Ctrl+V pastes rows into {}", t.word()),
            None => "Click a table, then Ctrl+V pastes rows into it".to_string(),
        };
        ui.label(RichText::new(target).weak());
    });
}

fn income_vs_spend(ui: &mut Ui, op: &OperatingFinance, year: &str, unit: MoneyUnit) {
    widgets::heading(ui, &format!("Income against spend, {year}"));
    let Some(y) = op.year(year) else {
        widgets::note(ui, "No allocation, contributions or QIPP for this year yet.");
        return;
    };
    Grid::new("finance_income_spend")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label("Income (total allocation)");
            ui.label(RichText::new(money(y.income, unit)).strong());
            ui.end_row();
            ui.label(if y.spend_is_planned {
                "Planned expenditure"
            } else {
                "Schemes' spend"
            });
            ui.label(money(y.spend, unit));
            ui.end_row();
            ui.label("Income less spend");
            ui.label(RichText::new(money(y.gap, unit)).strong());
            ui.end_row();
            ui.label("Rating");
            widgets::rag_chip(ui, y.rag, Some(&y.rule));
            ui.end_row();
            ui.label("Net QIPP saving");
            ui.label(RichText::new(money(y.qipp_net, unit)).strong());
            ui.end_row();
        });
    widgets::note(ui, &y.rule);
}

#[allow(clippy::too_many_arguments)]
fn allocation(
    ui: &mut Ui,
    plan: &Plan,
    op: &OperatingFinance,
    year: &str,
    unit: MoneyUnit,
    needle: &str,
    view: &mut View,
    cmds: &mut Commands,
) {
    let all = plan.allocations.iter().filter(|l| l.year == year).count();
    let g = FinanceGrid::new(plan, FinanceTable::Allocations, year, needle, 0);
    let area = view.grid.area(&g);
    let area = area.as_ref();
    widgets::heading(ui, &format!("Allocation statement, {year}"));
    Grid::new("finance_allocation")
        .num_columns(5)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in ["Income line", "Recurrent?", "Amount", "Growth %", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (r, &i) in g.rows.iter().enumerate() {
                let l = &plan.allocations[i];
                let id = l.id;
                let name = |what: &str| format!("Allocation line {} {what}", i + 1);
                let (t, resp) = text_cell(
                    ui,
                    Id::unique(("alloc_label", id.0)),
                    &l.label,
                    &name("description"),
                    260.0,
                );
                block::cell(ui, &mut view.grid, &g, area, r, FinCol::Label, &resp);
                if let Some(t) = t {
                    cmds.typing(
                        "Edit income line",
                        format!("alloc.{id}.label"),
                        alloc_edit(plan, id, |l| l.label = t),
                    );
                }
                let mut kind = l.kind;
                let combo = egui::ComboBox::from_id_salt(("alloc_kind", id.0))
                    .selected_text(kind.word())
                    .show_ui(ui, |ui| {
                        for k in IncomeKind::ALL {
                            ui.selectable_value(&mut kind, k, k.word());
                        }
                    });
                widgets::set_name(ui, &combo.response, &name("recurrent or non-recurrent"));
                block::cell(ui, &mut view.grid, &g, area, r, FinCol::Kind, &combo.response);
                if kind != l.kind {
                    cmds.edit("Change income line kind", alloc_edit(plan, id, |l| l.kind = kind));
                }
                let amount_id = Id::unique(("alloc_amount", id.0));
                let change = sized(ui, MONEY_W, |ui| {
                    widgets::money_field(ui, amount_id, &l.amount, unit, &name("amount"), MONEY_W)
                });
                block::cell_by_id(ui, &mut view.grid, &g, area, r, FinCol::Amount, amount_id);
                if let FieldChange::Set(v) = change {
                    cmds.typing(
                        "Edit income amount",
                        format!("alloc.{id}.amount"),
                        alloc_edit(plan, id, |l| l.amount = v),
                    );
                }
                let growth_id = Id::unique(("alloc_growth", id.0));
                let change = sized(ui, 60.0, |ui| {
                    widgets::decimal_field(ui, growth_id, &l.growth_pct, &name("growth %"), 60.0)
                });
                block::cell_by_id(ui, &mut view.grid, &g, area, r, FinCol::Growth, growth_id);
                if let FieldChange::Set(v) = change {
                    cmds.typing(
                        "Edit growth %",
                        format!("alloc.{id}.growth"),
                        alloc_edit(plan, id, |l| l.growth_pct = v),
                    );
                }
                if ui.button("Remove").on_hover_text("Remove this income line").clicked() {
                    cmds.edit(
                        "Remove income line",
                        tables_edit(plan, |t| t.allocations.retain(|l| l.id != id)),
                    );
                }
                ui.end_row();
            }
            let y = op.year(year).cloned().unwrap_or_default();
            for (label, v) in [
                ("Total recurrent allocation", y.recurrent),
                ("Total non-recurrent allocation", y.non_recurrent),
                ("Total allocation", y.income),
            ] {
                ui.label(RichText::new(label).strong());
                ui.label("");
                crate::ui::cells::money_label_sized(ui, &money(v, unit), true, MONEY_W);
                ui.end_row();
            }
        });
    shown_line(ui, needle, g.rows.len(), all);
    if ui.button("Add income line").clicked() {
        let y = year.to_string();
        cmds.edit(
            "Add income line",
            tables_edit(plan, |t| {
                t.allocations.push(AllocationLine {
                    year: y,
                    ..Default::default()
                })
            }),
        );
    }
    ui.horizontal(|ui| {
        printed_total(
            ui,
            plan,
            cmds,
            year,
            unit,
            "decl_rec",
            "Printed total recurrent allocation",
            "Printed total recurrent allocation",
            |f| &mut f.declared_recurrent,
        );
        printed_total(
            ui,
            plan,
            cmds,
            year,
            unit,
            "decl_all",
            "Printed total allocation",
            "Printed total allocation",
            |f| &mut f.declared_allocation,
        );
    });
}

fn alloc_edit(plan: &Plan, id: RecordId, f: impl FnOnce(&mut AllocationLine)) -> PlanEdit {
    tables_edit(plan, |t| {
        if let Some(l) = t.allocations.iter_mut().find(|l| l.id == id) {
            f(l)
        }
    })
}

/// A total as the document prints it, typed beside the computed one (a
/// field of the year's [`FinanceYear`], chosen by `slot`).
#[allow(clippy::too_many_arguments)]
fn printed_total(
    ui: &mut Ui,
    plan: &Plan,
    cmds: &mut Commands,
    year: &str,
    unit: MoneyUnit,
    key: &str,
    label: &str,
    name: &str,
    slot: fn(&mut FinanceYear) -> &mut Option<crate::model::Amount>,
) {
    let mut fy = plan.finance_year(year).cloned().unwrap_or_default();
    ui.label(label);
    if let FieldChange::Set(v) = widgets::money_field(
        ui,
        Id::unique(("fy_printed", key, year)),
        slot(&mut fy),
        unit,
        &format!("{name} {year}"),
        MONEY_W,
    ) {
        cmds.typing(
            "Edit printed total",
            format!("fy.{year}.{key}"),
            year_edit(plan, year, |f| *slot(f) = v),
        );
    }
}

fn year_edit(plan: &Plan, year: &str, f: impl FnOnce(&mut FinanceYear)) -> PlanEdit {
    tables_edit(plan, |t| f(year_mut(t, year)))
}

fn assumptions(ui: &mut Ui, plan: &Plan, year: &str, unit: MoneyUnit, cmds: &mut Commands) {
    widgets::heading(ui, &format!("Planning assumptions, {year}"));
    let fy = plan.finance_year(year).cloned().unwrap_or_default();
    Grid::new("finance_assumptions")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            ui.label("Planned expenditure");
            if let FieldChange::Set(v) = widgets::money_field(
                ui,
                Id::unique(("fy_planned", year)),
                &fy.planned_expenditure,
                unit,
                &format!("Planned expenditure {year}"),
                MONEY_W,
            ) {
                cmds.typing(
                    "Edit planned expenditure",
                    format!("fy.{year}.planned"),
                    year_edit(plan, year, |f| f.planned_expenditure = v),
                );
            }
            ui.end_row();
            type Pick = fn(&mut FinanceYear) -> &mut Option<crate::model::Decimal>;
            let rows: [(&str, &str, Option<crate::model::Decimal>, Pick); 4] = [
                ("Surplus %", "surplus", fy.surplus_pct, |f| &mut f.surplus_pct),
                ("Contingency %", "contingency", fy.contingency_pct, |f| {
                    &mut f.contingency_pct
                }),
                ("Demographic growth %", "demographic", fy.demographic_growth_pct, |f| {
                    &mut f.demographic_growth_pct
                }),
                ("Trend growth %", "trend", fy.trend_growth_pct, |f| {
                    &mut f.trend_growth_pct
                }),
            ];
            for (label, key, value, pick) in rows {
                ui.label(label);
                if let FieldChange::Set(v) = widgets::decimal_field(
                    ui,
                    Id::unique(("fy_pct", key, year)),
                    &value,
                    &format!("{label} {year}"),
                    80.0,
                ) {
                    cmds.typing(
                        format!("Edit {label}"),
                        format!("fy.{year}.{key}"),
                        year_edit(plan, year, |f| *pick(f) = v),
                    );
                }
                ui.end_row();
            }
            ui.label("Tariff");
            if let Some(t) = sized(ui, 360.0, |ui| {
                widgets::text_field(ui, &fy.tariff_note, &format!("Tariff note {year}"), 360.0)
            }) {
                cmds.typing(
                    "Edit tariff note",
                    format!("fy.{year}.tariff"),
                    year_edit(plan, year, |f| f.tariff_note = t),
                );
            }
            ui.end_row();
        });
}

#[allow(clippy::too_many_arguments)]
fn contributions(
    ui: &mut Ui,
    plan: &Plan,
    op: &OperatingFinance,
    year: &str,
    unit: MoneyUnit,
    needle: &str,
    view: &mut View,
    cmds: &mut Commands,
) {
    let all = plan.contributions.iter().filter(|c| c.year == year).count();
    let g = FinanceGrid::new(plan, FinanceTable::Contributions, year, needle, 0);
    let area = view.grid.area(&g);
    let area = area.as_ref();
    widgets::heading(ui, &format!("Contributions to the pooled budget, {year}"));
    let edit = |id: RecordId, f: &dyn Fn(&mut Contribution)| {
        tables_edit(plan, |t| {
            if let Some(c) = t.contributions.iter_mut().find(|c| c.id == id) {
                f(c)
            }
        })
    };
    Grid::new("finance_contributions")
        .num_columns(6)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "Organisation",
                "Holds the pooled budget?",
                "Source of funding",
                "Minimum",
                "Actual",
                "",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (r, &i) in g.rows.iter().enumerate() {
                let c = &plan.contributions[i];
                let id = c.id;
                let name = |what: &str| format!("Contribution {} {what}", i + 1);
                let (t, resp) = text_cell(
                    ui,
                    Id::unique(("contrib_org", id.0)),
                    &c.organisation,
                    &name("organisation"),
                    220.0,
                );
                block::cell(ui, &mut view.grid, &g, area, r, FinCol::Organisation, &resp);
                if let Some(t) = t {
                    cmds.typing(
                        "Edit organisation",
                        format!("contrib.{id}.org"),
                        edit(id, &|c| c.organisation = t.clone()),
                    );
                }
                let word = |h: Option<bool>| match h {
                    Some(true) => "Yes",
                    Some(false) => "No",
                    None => "(blank)",
                };
                let mut holds = c.holds_pooled_budget;
                let combo = egui::ComboBox::from_id_salt(("contrib_holds", id.0))
                    .selected_text(word(holds))
                    .show_ui(ui, |ui| {
                        for h in [Some(true), Some(false), None] {
                            ui.selectable_value(&mut holds, h, word(h));
                        }
                    });
                widgets::set_name(ui, &combo.response, &name("holds the pooled budget"));
                block::cell(ui, &mut view.grid, &g, area, r, FinCol::Holds, &combo.response);
                if holds != c.holds_pooled_budget {
                    cmds.edit(
                        "Edit holds the pooled budget",
                        edit(id, &|c| c.holds_pooled_budget = holds),
                    );
                }
                let (t, resp) = text_cell(
                    ui,
                    Id::unique(("contrib_src", id.0)),
                    &c.source_of_funding,
                    &name("source of funding"),
                    200.0,
                );
                block::cell(ui, &mut view.grid, &g, area, r, FinCol::Source, &resp);
                if let Some(t) = t {
                    cmds.typing(
                        "Edit source of funding",
                        format!("contrib.{id}.src"),
                        edit(id, &|c| c.source_of_funding = t.clone()),
                    );
                }
                let min_id = Id::unique(("contrib_min", id.0));
                let change = sized(ui, MONEY_W, |ui| {
                    widgets::money_field(ui, min_id, &c.minimum, unit, &name("minimum"), MONEY_W)
                });
                block::cell_by_id(ui, &mut view.grid, &g, area, r, FinCol::Minimum, min_id);
                if let FieldChange::Set(v) = change {
                    cmds.typing(
                        "Edit minimum contribution",
                        format!("contrib.{id}.min"),
                        edit(id, &|c| c.minimum = v),
                    );
                }
                let act_id = Id::unique(("contrib_act", id.0));
                let change = sized(ui, MONEY_W, |ui| {
                    widgets::money_field(ui, act_id, &c.actual, unit, &name("actual"), MONEY_W)
                });
                block::cell_by_id(ui, &mut view.grid, &g, area, r, FinCol::Actual, act_id);
                if let FieldChange::Set(v) = change {
                    cmds.typing(
                        "Edit actual contribution",
                        format!("contrib.{id}.act"),
                        edit(id, &|c| c.actual = v),
                    );
                }
                if ui.button("Remove").on_hover_text("Remove this contribution").clicked() {
                    cmds.edit(
                        "Remove contribution",
                        tables_edit(plan, |t| t.contributions.retain(|c| c.id != id)),
                    );
                }
                ui.end_row();
            }
            let y = op.year(year).cloned().unwrap_or_default();
            ui.label(RichText::new("Total").strong());
            ui.label("");
            ui.label("");
            crate::ui::cells::money_label_sized(ui, &money(y.minimum_contributions, unit), true, MONEY_W);
            crate::ui::cells::money_label_sized(ui, &money(y.actual_contributions, unit), true, MONEY_W);
            ui.end_row();
        });
    shown_line(ui, needle, g.rows.len(), all);
    if ui.button("Add contribution").clicked() {
        let y = year.to_string();
        cmds.edit(
            "Add contribution",
            tables_edit(plan, |t| {
                t.contributions.push(Contribution {
                    year: y,
                    ..Default::default()
                })
            }),
        );
    }
    ui.horizontal(|ui| {
        printed_total(
            ui,
            plan,
            cmds,
            year,
            unit,
            "decl_min",
            "Printed total, minimum",
            "Printed total of minimum contributions",
            |f| &mut f.declared_minimum_contributions,
        );
        printed_total(
            ui,
            plan,
            cmds,
            year,
            unit,
            "decl_act",
            "Printed total, actual",
            "Printed total of actual contributions",
            |f| &mut f.declared_actual_contributions,
        );
    });
}

fn performance(
    ui: &mut Ui,
    plan: &Plan,
    year: &str,
    unit: MoneyUnit,
    needle: &str,
    view: &mut View,
    cmds: &mut Commands,
) {
    let all = (plan.performance_amounts.iter())
        .filter(|p| block::is_performance_of(p, year))
        .count();
    let g = FinanceGrid::new(plan, FinanceTable::Performance, year, needle, 0);
    let area = view.grid.area(&g);
    let area = area.as_ref();
    let shown = g.rows.len();
    widgets::heading(ui, &format!("Pay for performance and contingency, {year} and ongoing"));
    let edit = |id: RecordId, f: &dyn Fn(&mut PerformanceAmount)| {
        tables_edit(plan, |t| {
            if let Some(p) = t.performance_amounts.iter_mut().find(|p| p.id == id) {
                f(p)
            }
        })
    };
    Grid::new("finance_performance")
        .num_columns(5)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "Metric",
                "Year",
                "Pay for performance",
                "Planned savings",
                "Maximum support",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (r, &i) in g.rows.iter().enumerate() {
                let p = &plan.performance_amounts[i];
                let id = p.id;
                let name = |what: &str| format!("Performance amount {} {what}", i + 1);
                name_cell(ui, &p.metric);
                ui.label(&p.year);
                type Pick = fn(&mut PerformanceAmount) -> &mut Option<crate::model::Amount>;
                let cells: [(&str, FinCol, &Option<crate::model::Amount>, Pick); 3] = [
                    (
                        "pay for performance",
                        FinCol::PayForPerformance,
                        &p.pay_for_performance,
                        |p| &mut p.pay_for_performance,
                    ),
                    ("planned savings", FinCol::PlannedSavings, &p.planned_savings, |p| {
                        &mut p.planned_savings
                    }),
                    ("maximum support", FinCol::MaximumSupport, &p.maximum_support, |p| {
                        &mut p.maximum_support
                    }),
                ];
                for (what, col, value, pick) in cells {
                    let cell_id = Id::unique(("perf", what, id.0));
                    let change = sized(ui, MONEY_W, |ui| {
                        widgets::money_field(ui, cell_id, value, unit, &name(what), MONEY_W)
                    });
                    block::cell_by_id(ui, &mut view.grid, &g, area, r, col, cell_id);
                    if let FieldChange::Set(v) = change {
                        cmds.typing(
                            format!("Edit {what}"),
                            format!("perf.{id}.{what}"),
                            edit(id, &|p| *pick(p) = v),
                        );
                    }
                }
                ui.end_row();
            }
        });
    shown_line(ui, needle, shown, all);
}

/// Whether a QIPP scheme passes the filter: its name, its programme or a
/// point of delivery of the year.
fn qipp_passes(needle: &str, s: &Scheme, year: &str) -> bool {
    passes(needle, &[&s.name, &s.qipp_programme])
        || s.qipp_year(year).is_some_and(|q| {
            q.points_of_delivery
                .iter()
                .any(|p| passes(needle, &[&p.point_of_delivery]))
        })
}

#[allow(clippy::too_many_arguments)]
fn qipp(
    ui: &mut Ui,
    plan: &Plan,
    op: &OperatingFinance,
    year: &str,
    unit: MoneyUnit,
    needle: &str,
    view: &mut View,
    cmds: &mut Commands,
) {
    widgets::heading(ui, &format!("QIPP savings and investment, {year}"));
    widgets::note(
        ui,
        "Savings and investments are positive amounts; the net saving is the saving less the investment.",
    );
    let all = plan.schemes.iter().filter(|s| s.has_qipp()).count();
    let rows = block::qipp_rows(plan, year, needle);
    let qy = |s: &Scheme| s.qipp_year(year).cloned().unwrap_or_default();
    let pages = rows.len().div_ceil(QIPP_PAGE).max(1);
    let (page, shown) = block::page_range(rows.len(), view.qipp_page);
    view.qipp_page = page;
    let first = shown.start;
    let shown = &rows[shown];
    let g = FinanceGrid {
        plan,
        table: FinanceTable::Qipp,
        year,
        rows: shown.to_vec(),
    };
    let area = view.grid.area(&g);
    let area = area.as_ref();
    if pages > 1 {
        ui.horizontal(|ui| {
            if ui
                .add_enabled(view.qipp_page > 0, egui::Button::new("Previous"))
                .clicked()
            {
                view.qipp_page -= 1;
            }
            ui.label(format!(
                "QIPP schemes {} to {} of {}",
                first + 1,
                first + shown.len(),
                rows.len()
            ));
            if ui
                .add_enabled(view.qipp_page + 1 < pages, egui::Button::new("Next"))
                .clicked()
            {
                view.qipp_page += 1;
            }
        });
    }
    Grid::new("finance_qipp")
        .num_columns(6)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in ["Scheme", "Programme", "Saving", "Investment", "Net saving", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (r, &i) in shown.iter().enumerate() {
                let s = &plan.schemes[i];
                let id = s.id;
                let q = qy(s);
                let name = |what: &str| format!("Scheme {} QIPP {what}", i + 1);
                name_cell(ui, &s.name);
                let (t, resp) = text_cell(
                    ui,
                    Id::unique(("qipp_programme", id.0)),
                    &s.qipp_programme,
                    &name("programme"),
                    160.0,
                );
                block::cell(ui, &mut view.grid, &g, area, r, FinCol::Programme, &resp);
                if let Some(t) = t
                    && let Some(e) = scheme_edit(plan, id, |s| s.qipp_programme = t)
                {
                    cmds.typing("Edit QIPP programme", format!("qipp.{id}.programme"), e);
                }
                let saving_id = Id::unique(("qipp_saving", id.0, year));
                let change = sized(ui, MONEY_W, |ui| {
                    widgets::money_field(ui, saving_id, &q.saving, unit, &name("saving"), MONEY_W)
                });
                block::cell_by_id(ui, &mut view.grid, &g, area, r, FinCol::Saving, saving_id);
                if let FieldChange::Set(v) = change
                    && let Some(e) = scheme_edit(plan, id, |s| qipp_year_mut(s, year).saving = v)
                {
                    cmds.typing("Edit QIPP saving", format!("qipp.{id}.{year}.saving"), e);
                }
                let investment_id = Id::unique(("qipp_investment", id.0, year));
                let change = sized(ui, MONEY_W, |ui| {
                    widgets::money_field(ui, investment_id, &q.investment, unit, &name("investment"), MONEY_W)
                });
                block::cell_by_id(ui, &mut view.grid, &g, area, r, FinCol::Investment, investment_id);
                if let FieldChange::Set(v) = change
                    && let Some(e) = scheme_edit(plan, id, |s| qipp_year_mut(s, year).investment = v)
                {
                    cmds.typing("Edit QIPP investment", format!("qipp.{id}.{year}.investment"), e);
                }
                let net = q.net();
                crate::ui::cells::money_label_sized(ui, &money(net, unit), false, MONEY_W);
                let open = view.scheme == Some(id);
                if ui.selectable_label(open, "Points of delivery").clicked() {
                    view.scheme = if open { None } else { Some(id) };
                }
                ui.end_row();
            }
            let y = op.year(year).cloned().unwrap_or_default();
            ui.label(RichText::new("Total").strong());
            ui.label("");
            crate::ui::cells::money_label_sized(ui, &money(y.qipp_saving, unit), true, MONEY_W);
            crate::ui::cells::money_label_sized(ui, &money(y.qipp_investment, unit), true, MONEY_W);
            crate::ui::cells::money_label_sized(ui, &money(y.qipp_net, unit), true, MONEY_W);
            ui.end_row();
        });
    shown_line(ui, needle, rows.len(), all);
    let combo = egui::ComboBox::from_id_salt("qipp_add")
        .selected_text("Add QIPP figures to a scheme…")
        .show_ui(ui, |ui| {
            for s in plan.schemes.iter().filter(|s| !s.has_qipp()).take(500) {
                if ui.selectable_label(false, &s.name).clicked()
                    && let Some(e) = scheme_edit(plan, s.id, |s| {
                        qipp_year_mut(s, year);
                    })
                {
                    cmds.edit("Add QIPP figures", e);
                    view.scheme = Some(s.id);
                }
            }
        });
    widgets::set_name(ui, &combo.response, "Add QIPP figures to a scheme");
    if let Some(id) = view.scheme
        && let Some(s) = plan.scheme(id)
    {
        points_of_delivery(ui, plan, s, year, unit, cmds);
        phasing(ui, plan, op, s, year, unit, cmds);
    }
}

/// The months or quarters a scheme's QIPP saving of `year` is phased
/// over: each part's label and saving, added and removed here, and the
/// finding, live, when the parts do not add up to the year's saving.
fn phasing(
    ui: &mut Ui,
    plan: &Plan,
    op: &OperatingFinance,
    s: &Scheme,
    year: &str,
    unit: MoneyUnit,
    cmds: &mut Commands,
) {
    let id = s.id;
    widgets::heading(
        ui,
        &format!("Phasing of the saving of \u{201c}{}\u{201d}, {year}", s.name),
    );
    let q = s.qipp_year(year).cloned().unwrap_or_default();
    let phase_edit = |f: &dyn Fn(&mut Vec<crate::model::QippPhase>)| {
        scheme_edit(plan, id, |s| f(&mut qipp_year_mut(s, year).phasing))
    };
    if q.phasing.is_empty() {
        widgets::note(ui, "Not phased: add months or quarters to say when the saving comes.");
    }
    Grid::new(("finance_phasing", id.0))
        .num_columns(3)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for (j, p) in q.phasing.iter().enumerate() {
                let name = |what: &str| format!("Phase {} {what}", j + 1);
                if let Some(t) = sized(ui, 140.0, |ui| {
                    widgets::text_field(ui, &p.label, &name("month or quarter"), 140.0)
                }) && let Some(e) = phase_edit(&|v| {
                    if let Some(p) = v.get_mut(j) {
                        p.label = t.clone()
                    }
                }) {
                    cmds.typing("Edit phasing", format!("phase.{id}.{year}.{j}.label"), e);
                }
                if let FieldChange::Set(a) = widgets::money_field(
                    ui,
                    Id::unique(("phase_saving", id.0, year, j)),
                    &p.saving,
                    unit,
                    &name("saving"),
                    MONEY_W,
                ) && let Some(e) = phase_edit(&|v| {
                    if let Some(p) = v.get_mut(j) {
                        p.saving = a
                    }
                }) {
                    cmds.typing("Edit phasing", format!("phase.{id}.{year}.{j}.saving"), e);
                }
                if ui.button("Remove").clicked()
                    && let Some(e) = phase_edit(&|v| {
                        if j < v.len() {
                            v.remove(j);
                        }
                    })
                {
                    cmds.edit("Remove phase", e);
                }
                ui.end_row();
            }
        });
    ui.horizontal(|ui| {
        let add = |label: String| {
            phase_edit(&|v| {
                v.push(crate::model::QippPhase {
                    label: label.clone(),
                    saving: None,
                })
            })
        };
        if ui.button("Add a month").clicked()
            && let Some(e) = add(format!("Month {}", q.phasing.len() + 1))
        {
            cmds.edit("Add a month", e);
        }
        if ui.button("Add a quarter").clicked()
            && let Some(e) = add(format!("Q{}", q.phasing.len() + 1))
        {
            cmds.edit("Add a quarter", e);
        }
    });
    // the finding, as the checklist says it, for this scheme and year
    let prefix = format!("the {} QIPP phasing", year.trim());
    for c in op
        .checks
        .iter()
        .filter(|c| c.record == Some(id) && c.text.contains(&prefix))
    {
        if c.ok {
            ui.label(RichText::new(&c.text).weak());
        } else {
            ui.label(RichText::new(&c.text).color(widgets::error_color(ui)));
        }
    }
}

/// The QIPP figures of `year` of a scheme, created when missing.
fn qipp_year_mut<'a>(s: &'a mut Scheme, year: &str) -> &'a mut crate::model::QippYear {
    if let Some(i) = s.qipp.iter().position(|q| q.year == year) {
        &mut s.qipp[i]
    } else {
        s.qipp.push(crate::model::QippYear {
            year: year.to_string(),
            ..Default::default()
        });
        s.qipp.last_mut().expect("just pushed")
    }
}

fn points_of_delivery(ui: &mut Ui, plan: &Plan, s: &Scheme, year: &str, unit: MoneyUnit, cmds: &mut Commands) {
    let id = s.id;
    widgets::heading(ui, &format!("Points of delivery of \u{201c}{}\u{201d}, {year}", s.name));
    let q = s.qipp_year(year).cloned().unwrap_or_default();
    Grid::new(("finance_pods", id.0))
        .num_columns(4)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in ["Point of delivery", "Activity change", "Finance change", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for (j, p) in q.points_of_delivery.iter().enumerate() {
                let name = |what: &str| format!("Point of delivery {} {what}", j + 1);
                let pod_edit = |f: &dyn Fn(&mut PodChange)| {
                    scheme_edit(plan, id, |s| {
                        if let Some(p) = qipp_year_mut(s, year).points_of_delivery.get_mut(j) {
                            f(p)
                        }
                    })
                };
                if let Some(t) = sized(ui, 260.0, |ui| {
                    widgets::text_field(ui, &p.point_of_delivery, &name("name"), 260.0)
                }) && let Some(e) = pod_edit(&|p| p.point_of_delivery = t.clone())
                {
                    cmds.typing("Edit point of delivery", format!("pod.{id}.{year}.{j}.name"), e);
                }
                let shown = p.activity.map(|a| a.to_string()).unwrap_or_default();
                if let Some(t) = sized(ui, 90.0, |ui| {
                    widgets::text_field(ui, &shown, &name("activity change"), 90.0)
                }) && let Ok(v) = crate::model::operating::parse_activity(&t)
                    && let Some(e) = pod_edit(&|p| p.activity = v)
                {
                    cmds.typing("Edit activity change", format!("pod.{id}.{year}.{j}.activity"), e);
                }
                if let FieldChange::Set(v) = widgets::money_field(
                    ui,
                    Id::unique(("pod_fin", id.0, year, j)),
                    &p.finance,
                    unit,
                    &name("finance change"),
                    MONEY_W,
                ) && let Some(e) = pod_edit(&|p| p.finance = v)
                {
                    cmds.typing("Edit finance change", format!("pod.{id}.{year}.{j}.finance"), e);
                }
                if ui.button("Remove").clicked()
                    && let Some(e) = scheme_edit(plan, id, |s| {
                        let q = qipp_year_mut(s, year);
                        if j < q.points_of_delivery.len() {
                            q.points_of_delivery.remove(j);
                        }
                    })
                {
                    cmds.edit("Remove point of delivery", e);
                }
                ui.end_row();
            }
        });
    let combo = egui::ComboBox::from_id_salt(("pod_add", id.0))
        .selected_text("Add a point of delivery…")
        .show_ui(ui, |ui| {
            for name in POINTS_OF_DELIVERY {
                if ui.selectable_label(false, name).clicked()
                    && let Some(e) = scheme_edit(plan, id, |s| {
                        qipp_year_mut(s, year).points_of_delivery.push(PodChange {
                            point_of_delivery: name.to_string(),
                            ..Default::default()
                        })
                    })
                {
                    cmds.edit("Add point of delivery", e);
                }
            }
        });
    widgets::set_name(ui, &combo.response, "Add a point of delivery");
}

fn qipp_groups(ui: &mut Ui, op: &OperatingFinance, year: &str, unit: MoneyUnit) {
    widgets::heading(ui, &format!("QIPP by programme, {year}"));
    Grid::new("finance_qipp_programmes")
        .num_columns(6)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in [
                "Programme",
                "Saving",
                "Investment",
                "Net saving",
                "Activity change",
                "Finance change",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for g in op.by_programme.iter().filter(|g| g.year == year) {
                ui.label(&g.name);
                for v in [g.saving, g.investment, g.net] {
                    crate::ui::cells::money_label_sized(ui, &money(v, unit), false, MONEY_W);
                }
                crate::ui::cells::money_label_sized(
                    ui,
                    &crate::calc::operating::activity_text(g.activity),
                    false,
                    MONEY_W,
                );
                crate::ui::cells::money_label_sized(ui, &money(g.finance, unit), false, MONEY_W);
                ui.end_row();
            }
        });
    widgets::heading(ui, &format!("QIPP by point of delivery, {year}"));
    Grid::new("finance_qipp_pods")
        .num_columns(3)
        .spacing([12.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            for h in ["Point of delivery", "Activity change", "Finance change"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for g in op.by_point_of_delivery.iter().filter(|g| g.year == year) {
                ui.label(&g.name);
                crate::ui::cells::money_label_sized(
                    ui,
                    &crate::calc::operating::activity_text(g.activity),
                    false,
                    MONEY_W,
                );
                crate::ui::cells::money_label_sized(ui, &money(g.finance, unit), false, MONEY_W);
                ui.end_row();
            }
        });
}

fn findings(ui: &mut Ui, op: &OperatingFinance, cmds: &mut Commands) {
    widgets::heading(ui, "Reconciliation");
    if op.checks.is_empty() {
        widgets::note(ui, "Nothing to reconcile yet.");
        return;
    }
    for c in &op.checks {
        ui.horizontal(|ui| {
            widgets::yes_no_chip(ui, c.ok);
            let resp = ui.link(&c.text);
            if resp.clicked() && c.record.is_some() {
                cmds.go_to(crate::ui::Tab::Finance, c.record, Some(c.field));
            }
        });
    }
}

/// The tab as the audience window shows it: income against spend and net
/// QIPP per year, then the findings.
pub fn summary_view(ui: &mut Ui, ctx: &TabCtx) {
    let op = &ctx.summary.finance.operating;
    let unit = ctx.plan.settings.display_unit;
    if op.is_empty() {
        widgets::note(ui, "This plan has no allocation, contributions or QIPP.");
        return;
    }
    Grid::new("audience_finance")
        .num_columns(6)
        .spacing([24.0, 8.0])
        .show(ui, |ui| {
            for h in ["Year", "Income", "Spend", "Income less spend", "Rating", "Net QIPP"] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for y in &op.years {
                ui.label(&y.year);
                ui.label(money(y.income, unit));
                ui.label(money(y.spend, unit));
                ui.label(money(y.gap, unit));
                widgets::rag_chip(ui, y.rag, Some(&y.rule));
                ui.label(money(y.qipp_net, unit));
                ui.end_row();
            }
        });
    for c in op.findings() {
        ui.label(&c.text);
    }
}
