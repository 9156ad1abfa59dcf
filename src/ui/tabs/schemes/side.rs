//! The side panel: the selected scheme's every field (the long texts, and
//! all its money year by year), and the breakdowns of the plan's money.

use super::rows::Col;
use super::table::{remember, text_field};
use super::{Panel, View, ops};
use crate::calc::checklist::scheme_problems;
use crate::calc::finance::{Dimension, FinanceTotals, Measure, NOT_SET, Parts};
use crate::calc::schemes::ChoiceField;
use crate::model::money::format_span;
use crate::model::{AmountField, Field, RecordId, Scheme, Span};
use crate::ui::cells::{self, EditEnd};
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::{Grid, Id, RichText, ScrollArea, Ui};

/// The most groups a breakdown lists one by one.
const MAX_GROUPS: usize = 40;

fn field_id(rid: RecordId, key: &str) -> Id {
    Id::unique(("scheme_detail", rid.0, key))
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        for (p, word) in [(Panel::Details, "Scheme details"), (Panel::Breakdown, "Breakdown")] {
            if ui
                .selectable_label(view.panel == p, RichText::new(word).strong())
                .clicked()
            {
                view.panel = p;
            }
        }
    });
    ui.separator();
    ScrollArea::both()
        .id_salt("schemes_side_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| match view.panel {
            Panel::Details => {
                ui.add_enabled_ui(!ctx.locked, |ui| details(ui, ctx, view, cmds));
            }
            Panel::Breakdown => breakdown(ui, ctx, view),
        });
}

fn details(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let Some((index, s)) = view
        .selected
        .and_then(|id| view.cache.index_of(id))
        .and_then(|i| plan.schemes.get(i).map(|s| (i, s)))
    else {
        widgets::note(
            ui,
            "Select a scheme (click its number, or any of its cells) to see all its fields here.",
        );
        return;
    };
    let rid = s.id;
    let number = index + 1;
    let w = (ui.available_width() - 8.0).max(160.0);
    let title = if s.name.trim().is_empty() {
        format!("Scheme {number}")
    } else {
        format!("Scheme {number}: {}", s.name.trim())
    };
    ui.label(RichText::new(title).size(widgets::text_size(ui, 17.0)).strong());
    let problems = scheme_problems(plan, s);
    if problems.is_empty() {
        widgets::note(ui, "Every check on this scheme is met.");
    } else {
        for (_, p) in &problems {
            ui.label(RichText::new(format!("• {p}")).color(widgets::error_color(ui)));
        }
    }
    ui.add_space(6.0);
    let focus = view.side_focus.take();
    if let Some(f) = focus {
        ui.memory_mut(|m| m.request_focus(field_id(rid, f)));
    }

    let text = |ui: &mut Ui, cmds: &mut Commands, label: &str, key: &'static str, col: Col, value: &str| {
        ui.label(label);
        let out = cells::text_cell(
            ui,
            field_id(rid, key),
            value,
            &format!("Scheme {number} {} (details)", label.to_lowercase()),
            w,
            "",
        );
        let (lab, ck) = (
            format!("Edit scheme {}", label.to_lowercase()),
            format!("scheme.{rid}.{col:?}"),
        );
        let Some(field) = text_field(col) else { return };
        if let Some(v) = out.changed {
            cmds.typing(lab.clone(), ck.clone(), ops::set_text(rid, field.clone(), v));
        }
        if let EditEnd::Cancelled(o) = out.end
            && o != value
        {
            cmds.typing(lab, ck, ops::set_text(rid, field, o));
        }
    };
    text(ui, cmds, "Reference", "reference", Col::Reference, &s.reference);
    text(ui, cmds, "Name", "name", Col::Name, &s.name);
    for f in [
        ChoiceField::Area,
        ChoiceField::Commissioner,
        ChoiceField::Provider,
        ChoiceField::Source,
        ChoiceField::Programme,
        ChoiceField::Status,
    ] {
        ui.label(f.word());
        let id = field_id(rid, f.key());
        let value = f.of(s);
        let focused = ui.memory(|m| m.has_focus(id));
        let options: Vec<String> = if focused {
            view.cache.options(plan, f, Some(rid), ctx.generation).to_vec()
        } else {
            Vec::new()
        };
        let out = cells::choice_cell(
            ui,
            id,
            value,
            &options,
            &format!("Scheme {number} {} (details)", f.word().to_lowercase()),
            w,
        );
        let (lab, ck) = (
            format!("Edit scheme {}", f.word().to_lowercase()),
            format!("scheme.{rid}.{f:?}.detail"),
        );
        if let Some(v) = out.changed {
            cmds.typing(lab.clone(), ck.clone(), ops::set_text(rid, f.field(), v));
        }
        match out.end {
            EditEnd::Cancelled(o) if o != value => {
                cmds.typing(lab, ck, ops::set_text(rid, f.field(), o));
            }
            EditEnd::Committed { .. } => remember(plan, cmds, f, value),
            _ => {}
        }
        if f == ChoiceField::Area && value.trim().eq_ignore_ascii_case("other") {
            text(
                ui,
                cmds,
                "If Other, please specify",
                "area_other",
                Col::AreaOther,
                &s.area_other,
            );
        }
    }
    if !s.area_of_spend.trim().eq_ignore_ascii_case("other") && !s.area_other.trim().is_empty() {
        text(
            ui,
            cmds,
            "If Other, please specify",
            "area_other",
            Col::AreaOther,
            &s.area_other,
        );
    }

    ui.add_space(8.0);
    money(ui, ctx, view, cmds, s, number);

    ui.add_space(8.0);
    for (label, key, field, value) in [
        ("Description", "description", Field::SchemeDescription, &s.description),
        (
            "HWB outcomes and national conditions supported",
            "outcomes",
            Field::Outcomes,
            &s.outcomes,
        ),
        ("Notes", "notes", Field::SchemeNotes, &s.notes),
    ] {
        ui.label(label);
        let rows = if value.len() > 200 { 6 } else { 3 };
        if let Some(v) = widgets::text_area(
            ui,
            value,
            &format!("Scheme {number} {} (details)", label.to_lowercase()),
            w,
            rows,
        ) {
            cmds.typing(
                format!("Edit scheme {}", label.to_lowercase()),
                format!("scheme.{rid}.{key}"),
                ops::set_text(rid, field, v),
            );
        }
    }
    super::super::milestones::show(ui, ctx, s, number, cmds);
    let risks = view.cache.risks.get(&rid).copied().unwrap_or(0);
    if risks > 0 {
        ui.add_space(6.0);
        ui.label(format!("{risks} risk(s) on the Risks tab are linked to this scheme."));
    }
}

/// All the money of a scheme: every part, every year (those outside the
/// plan too, flagged, with a way to remove them).
fn money(ui: &mut Ui, ctx: &TabCtx, _view: &mut View, cmds: &mut Commands, s: &Scheme, number: usize) {
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    let rid = s.id;
    let mut years: Vec<String> = plan.header.years.clone();
    for y in &s.years {
        if !years.contains(&y.year) && !y.is_blank() {
            years.push(y.year.clone());
        }
    }
    ui.label(RichText::new(format!("Money ({})", unit.label())).strong());
    let cell_w = 104.0;
    Grid::new(("scheme_money", rid.0))
        .num_columns(years.len() + 1)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            for y in &years {
                let outside = !plan.header.years.contains(y);
                if outside {
                    ui.vertical(|ui| {
                        ui.label(RichText::new(y).strong().color(widgets::error_color(ui)))
                            .on_hover_text("Not a year of the plan: its money is counted apart and the checks list it");
                        if ui
                            .small_button("Remove")
                            .on_hover_text(format!("Remove this scheme's {y} money"))
                            .clicked()
                            && let Some(e) = ops::remove_year(plan, rid, y)
                        {
                            cmds.edit(format!("Remove {y} money"), e);
                        }
                    });
                } else {
                    cells::money_label_sized(ui, y, true, cell_w);
                }
            }
            ui.end_row();
            for field in AmountField::ALL {
                ui.label(field.word());
                for year in &years {
                    let sy = s.year(year);
                    let value = sy.and_then(|y| *y.get(field));
                    let unparsed = sy.and_then(|y| y.unparsed(field));
                    let out = cells::money_cell(
                        ui,
                        Id::unique(("scheme_detail_money", rid.0, year, field)),
                        &value,
                        unparsed,
                        unit,
                        &format!("Scheme {number} {year} {} (details)", field.word().to_lowercase()),
                        cell_w,
                    );
                    let key = format!("scheme.{rid}.{year}.{}", field.key());
                    let label = format!("Edit {year} {}", field.word().to_lowercase());
                    if let Some(e) = ops::set_money(rid, year, field, out.change) {
                        cmds.typing(label, key, e);
                    }
                }
                ui.end_row();
            }
            ui.label(RichText::new("Total spend").strong());
            for year in &years {
                let t = s.year(year).map(|y| y.total_spend()).unwrap_or(Span::ZERO);
                cells::money_label_sized(ui, &format_span(&t, unit), true, cell_w);
            }
            ui.end_row();
            ui.label(RichText::new("Total benefits").strong());
            for year in &years {
                let t = s.year(year).map(|y| y.total_benefit()).unwrap_or(Span::ZERO);
                cells::money_label_sized(ui, &format_span(&t, unit), true, cell_w);
            }
            ui.end_row();
        });
    widgets::note(
        ui,
        "Benefits are savings: type them as negative numbers (-129,506 or (129,506)).",
    );
}

/// Totals by kind, and by source, area, commissioner, provider or
/// programme, for every year.
fn breakdown(ui: &mut Ui, ctx: &TabCtx, view: &mut View) {
    let plan = ctx.plan;
    let fin = &ctx.summary.finance;
    let unit = plan.settings.display_unit;
    let years = &fin.years;
    ui.label(RichText::new(format!("Totals by kind ({})", unit.label())).strong());
    Grid::new("schemes_kinds")
        .num_columns(years.len() + 1)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            for y in years {
                cells::money_label_sized(ui, y, true, 100.0);
            }
            ui.end_row();
            for m in [
                Measure::Unsplit,
                Measure::Recurrent,
                Measure::NonRecurrent,
                Measure::Spend,
                Measure::BenefitRecurrent,
                Measure::BenefitNonRecurrent,
                Measure::Benefit,
                Measure::Net,
            ] {
                let strong = matches!(m, Measure::Spend | Measure::Benefit | Measure::Net);
                let mut t = RichText::new(m.word());
                if strong {
                    t = t.strong();
                }
                ui.label(t);
                for y in years {
                    cells::money_label_sized(ui, &format_span(&fin.parts(y).measure(m), unit), strong, 100.0);
                }
                ui.end_row();
            }
        });
    ui.add_space(10.0);
    ui.horizontal_wrapped(|ui| {
        let c = egui::ComboBox::from_id_salt("breakdown_dim")
            .selected_text(view.breakdown_dim.word())
            .show_ui(ui, |ui| {
                for d in Dimension::ALL {
                    ui.selectable_value(&mut view.breakdown_dim, d, d.word());
                }
            });
        widgets::set_name(ui, &c.response, "Break down by");
        let c = egui::ComboBox::from_id_salt("breakdown_measure")
            .selected_text(view.breakdown_measure.word())
            .show_ui(ui, |ui| {
                for m in Measure::ALL {
                    ui.selectable_value(&mut view.breakdown_measure, m, m.word());
                }
            });
        widgets::set_name(ui, &c.response, "Amount to break down");
    });
    let m = view.breakdown_measure;
    let key = (ctx.generation, view.breakdown_dim, m);
    if view.breakdown_cache.as_ref().is_none_or(|c| c.0 != key) {
        view.breakdown_cache = Some((key, breakdown_rows(fin, view.breakdown_dim, m)));
    }
    let rows = &view.breakdown_cache.as_ref().expect("just set").1;
    let name_w = (ui.available_width() - years.len() as f32 * 112.0 - 8.0).clamp(100.0, 300.0);
    Grid::new(("schemes_breakdown", view.breakdown_dim.index()))
        .num_columns(years.len() + 1)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new(view.breakdown_dim.word()).strong());
            for y in years {
                cells::money_label_sized(ui, y, true, 100.0);
            }
            ui.end_row();
            for (name, values) in rows {
                ui.add_sized([name_w, 18.0], egui::Label::new(name.as_str()).truncate())
                    .on_hover_text(name.as_str());
                for v in values {
                    cells::money_label_sized(ui, &format_span(v, unit), false, 100.0);
                }
                ui.end_row();
            }
            ui.label(RichText::new("Total").strong());
            for y in years {
                cells::money_label_sized(ui, &format_span(&fin.parts(y).measure(m), unit), true, 100.0);
            }
            ui.end_row();
        });
    if rows.is_empty() {
        widgets::note(ui, "No money entered yet.");
    }
}

/// The lines of a breakdown: the largest first (by the last year),
/// "(not set)" last, at most [`MAX_GROUPS`] and one line for the rest.
pub fn breakdown_rows(fin: &FinanceTotals, dim: Dimension, m: Measure) -> Vec<(String, Vec<Span>)> {
    let b = fin.detailed(dim);
    let years = &fin.years;
    let last = years.last().cloned().unwrap_or_default();
    let mut names: Vec<(&String, Span)> = b
        .iter()
        .map(|(n, ys)| (n, ys.get(&last).map(|p| p.measure(m)).unwrap_or(Span::ZERO)))
        .collect();
    names.sort_by(|a, b| {
        (a.0 == NOT_SET)
            .cmp(&(b.0 == NOT_SET))
            .then(b.1.max_pence.cmp(&a.1.max_pence))
            .then(a.0.cmp(b.0))
    });
    let values = |name: &String| -> Vec<Span> {
        years
            .iter()
            .map(|y| b[name].get(y).map(|p: &Parts| p.measure(m)).unwrap_or(Span::ZERO))
            .collect()
    };
    let mut out: Vec<(String, Vec<Span>)> = names
        .iter()
        .take(MAX_GROUPS)
        .map(|(n, _)| ((*n).clone(), values(n)))
        .collect();
    if names.len() > MAX_GROUPS {
        let rest = &names[MAX_GROUPS..];
        let mut sum = vec![Span::ZERO; years.len()];
        for (n, _) in rest {
            for (acc, v) in sum.iter_mut().zip(values(n)) {
                acc.add(v);
            }
        }
        out.push((format!("{} others", rest.len()), sum));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::finance::finance_totals;
    use crate::model::{Amount, Plan, RecordId, SchemeYear};

    #[test]
    fn a_long_tail_of_groups_is_summed_in_one_line() {
        let mut p = Plan::default();
        p.header.years = vec!["2015/16".into()];
        for i in 0..(MAX_GROUPS + 10) {
            let mut y = SchemeYear::new("2015/16");
            y.spend = Some(Amount::thousands(i as i64 + 1));
            p.schemes.push(Scheme {
                id: RecordId(i as u64 + 1),
                provider: format!("Provider {i}"),
                years: vec![y],
                ..Default::default()
            });
        }
        let fin = finance_totals(&p);
        let rows = breakdown_rows(&fin, Dimension::Provider, Measure::Spend);
        assert_eq!(rows.len(), MAX_GROUPS + 1);
        // the largest first
        assert_eq!(rows[0].0, format!("Provider {}", MAX_GROUPS + 9));
        assert_eq!(rows[MAX_GROUPS].0, "10 others");
        // the ten smallest, 1 to 10 (£000)
        assert_eq!(rows[MAX_GROUPS].1, vec![Span::exact(55 * 100_000)]);
        let sum = rows.iter().fold(Span::ZERO, |a, r| a.sum(r.1[0]));
        assert_eq!(sum, fin.spend("2015/16"));
    }
}
