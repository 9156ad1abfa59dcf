//! The selected metric: its RAG rule in words, the fields of the metric,
//! the periods with target, actual and forecast (each with its own RAG), a
//! RAG set by hand with its reason, the schemes that deliver it, the
//! commentary, and the trajectory chart.

use super::fields::{figure_field, travel_marker};
use super::{OverrideDraft, View, changed_metric, chart, figure, set_metric, type_metric};
use crate::calc::metrics::{self, explain_travel, format_figure, pct_text};
use crate::model::field::PeriodPart;
use crate::model::limits::{MAX_LINE_CHARS, MAX_NUMBER_CHARS};
use crate::model::value::parse_change_pct;
use crate::model::{DateField, Field, Metric, MetricPeriod, PlanEdit, Rag, RecordId, RecordKind, Value};
use crate::ui::Tab;
use crate::ui::widgets::{self, FieldChange};
use crate::ui::{Commands, TabCtx};
use egui::{Grid, RichText, ScrollArea, Ui};

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    let plan = ctx.plan;
    let Some((i, m)) = view
        .selected
        .and_then(|id| plan.metrics.iter().enumerate().find(|(_, m)| m.id == id))
    else {
        widgets::note(ui, "Select a metric in the table to edit it and see its chart.");
        return;
    };
    let rating = &ctx.summary.metric_ratings[i];
    let n = i + 1;
    let id = m.id;

    // the heading: name, RAG, travel, record actions
    ui.horizontal_wrapped(|ui| {
        let name = if m.name.trim().is_empty() {
            "(no name)"
        } else {
            m.name.trim()
        };
        ui.label(
            RichText::new(format!("Metric {n}: {name}"))
                .size(widgets::text_size(ui, 19.0))
                .strong(),
        );
    });
    ui.horizontal_wrapped(|ui| {
        let chip = widgets::rag_chip_ext(
            ui,
            rating.rag,
            &rating.chip_text(),
            rating.overridden.is_some(),
            None,
            18.0,
        );
        let chip = super::fields::arrow_tooltip(chip, &rating.explanation);
        super::fields::name_chip(
            ui,
            &chip,
            &format!("RAG of the selected metric: {}", rating.chip_text()),
        );
        if chip.clicked() {
            view.selected_period = None;
        }
        travel_marker(ui, rating.travel, &explain_travel(m), 16.0);
        ui.separator();
        ui.add_enabled_ui(!ctx.locked, |ui| record_actions(ui, ctx, view, cmds, i));
    });
    // the rule worked out for the selected chip
    let (why, whose) = match view.selected_period.and_then(|p| rating.periods.get(p).map(|r| (p, r))) {
        Some((p, r)) => (
            r.explanation.clone(),
            format!("RAG of {}", period_name(&m.periods[p], p)),
        ),
        None => (rating.explanation.clone(), "RAG of the metric".to_string()),
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width() - 4.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{whose}: "))
                    .strong()
                    .size(widgets::text_size(ui, 15.0)),
            );
            super::fields::arrow_text(ui, &why, 15.0, None);
        });
        if rating.travel.is_some() {
            ui.label(RichText::new(format!("Direction of travel: {}", explain_travel(m))).weak());
        }
    });
    ui.add_space(4.0);

    // the editor on the left, the chart on the right
    let total = ui.available_width();
    let h = ui.available_height();
    let left = (total * 0.5).clamp(420.0_f32.min(total), (total - 320.0).max(300.0));
    let right = (total - left - 12.0).max(200.0);
    ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(egui::vec2(left, h), egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.set_max_width(left);
            ScrollArea::vertical()
                .id_salt("metric_detail_scroll")
                .auto_shrink([false, false])
                .max_height(h)
                .show(ui, |ui| {
                    ui.add_enabled_ui(!ctx.locked, |ui| editor(ui, ctx, view, cmds, i));
                });
        });
        ui.add_space(8.0);
        ui.allocate_ui_with_layout(egui::vec2(right, h), egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.set_max_width(right);
            let data = metrics::chart(m, plan.settings.amber_tolerance_pct);
            chart::show(ui, &data, format!("metric_chart_{id}"), h, 15.0);
        });
    });
}

fn period_name(p: &MetricPeriod, index: usize) -> String {
    if p.label.trim().is_empty() {
        format!("period {}", index + 1)
    } else {
        p.label.trim().to_string()
    }
}

/// The name a period's cells are known by: its label when no other period
/// of the metric has it, else "period 2".
fn period_key(m: &Metric, index: usize) -> String {
    let label = m.periods[index].label.trim();
    if label.is_empty() || m.periods.iter().filter(|p| p.label.trim() == label).count() > 1 {
        format!("period {}", index + 1)
    } else {
        label.to_string()
    }
}

fn record_actions(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands, i: usize) {
    let plan = ctx.plan;
    let m = &plan.metrics[i];
    let id = m.id;
    if ui
        .button("Duplicate")
        .on_hover_text("Add a copy of this metric below it")
        .clicked()
    {
        let mut copy = m.clone();
        copy.name = format!("{} (copy)", copy.name.trim());
        view.select_new = true;
        cmds.edit(
            format!("Duplicate metric “{}”", m.name.trim()),
            PlanEdit::Insert {
                at: Some(i + 1),
                record: copy.into(),
            },
        );
    }
    if ui
        .add_enabled(i > 0, egui::Button::new("Move up"))
        .on_hover_text("Move it up in the plan's order")
        .clicked()
    {
        view.scroll_to_selected = true;
        cmds.edit(
            "Move metric up",
            PlanEdit::Move {
                kind: RecordKind::Metrics,
                id,
                to: i - 1,
            },
        );
    }
    if ui
        .add_enabled(i + 1 < plan.metrics.len(), egui::Button::new("Move down"))
        .on_hover_text("Move it down in the plan's order")
        .clicked()
    {
        view.scroll_to_selected = true;
        cmds.edit(
            "Move metric down",
            PlanEdit::Move {
                kind: RecordKind::Metrics,
                id,
                to: i + 1,
            },
        );
    }
    if ui.button("Delete…").clicked() {
        view.confirm_delete = Some(id);
    }
}

fn editor(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands, i: usize) {
    let plan = ctx.plan;
    let m = &plan.metrics[i];
    let rating = &ctx.summary.metric_ratings[i];
    let n = i + 1;
    let id = m.id;
    let unit = m.unit;
    let w = (ui.available_width() - 200.0).clamp(200.0, 640.0);

    let focus_baseline = view.take_focus("baseline");
    Grid::new(("metric_fields", id))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .min_col_width(150.0)
        .show(ui, |ui| {
            ui.label("Reference");
            if let Some(v) = widgets::text_field(ui, &m.reference, &format!("Metric {n} reference"), 160.0) {
                type_metric(
                    cmds,
                    "Edit metric reference",
                    "reference",
                    id,
                    Field::MetricReference,
                    Value::Text(v),
                );
            }
            ui.end_row();

            ui.label("Definition");
            if let Some(v) = widgets::text_area(ui, &m.description, &format!("Metric {n} definition"), w, 2) {
                type_metric(
                    cmds,
                    "Edit metric definition",
                    "description",
                    id,
                    Field::MetricDescription,
                    Value::Text(v),
                );
            }
            ui.end_row();

            ui.label(if focus_baseline {
                RichText::new("Baseline").strong().underline()
            } else {
                RichText::new("Baseline")
            });
            ui.horizontal(|ui| {
                let out = figure_field(
                    ui,
                    ui.scope_id().with(("baseline", id)),
                    &m.baseline,
                    &format!("Metric {n} baseline"),
                    120.0,
                    focus_baseline,
                );
                if focus_baseline {
                    out.response.scroll_to_me(None);
                }
                if let FieldChange::Set(v) = out.change {
                    type_metric(cmds, "Edit baseline", "baseline", id, Field::Baseline, figure(v));
                }
                if let Some(f @ crate::model::Figure::Ratio { .. }) = &m.baseline {
                    ui.label(format!("= {}", format_figure(f, unit)));
                }
                ui.label("for");
                let mut s = m.baseline_period.clone();
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut s)
                        .hint_text("period, e.g. April 2012 - March 2013")
                        .desired_width(220.0)
                        .char_limit(widgets::MAX_LINE_CHARS),
                );
                widgets::set_name(ui, &resp, &format!("Metric {n} baseline period"));
                if resp.changed() {
                    type_metric(
                        cmds,
                        "Edit baseline period",
                        "baseline_period",
                        id,
                        Field::BaselinePeriod,
                        Value::Text(s),
                    );
                }
            });
            ui.end_row();

            ui.label("Amber tolerance");
            ui.horizontal(|ui| {
                let key = format!("tolerance.{id}");
                let plan_tol = plan.settings.amber_tolerance_pct;
                let mut text = view
                    .texts
                    .get(&key)
                    .cloned()
                    .unwrap_or_else(|| m.tolerance_pct.map(|t| t.normalize().to_string()).unwrap_or_default());
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut text)
                        .hint_text(plan_tol.normalize().to_string())
                        .desired_width(70.0)
                        .char_limit(20),
                );
                widgets::set_name(ui, &resp, &format!("Metric {n} amber tolerance"));
                if resp.changed() {
                    match crate::model::value::parse_tolerance(&text) {
                        Ok(None) => {
                            view.texts.remove(&key);
                            type_metric(
                                cmds,
                                "Edit tolerance",
                                "tolerance",
                                id,
                                Field::TolerancePct,
                                Value::Empty,
                            );
                        }
                        Ok(Some(d)) => {
                            view.texts.remove(&key);
                            type_metric(
                                cmds,
                                "Edit tolerance",
                                "tolerance",
                                id,
                                Field::TolerancePct,
                                Value::Decimal(d),
                            );
                        }
                        Err(_) => {
                            view.texts.insert(key.clone(), text.clone());
                        }
                    }
                }
                ui.label(match m.tolerance_pct {
                    Some(_) => format!("% of the target (the plan's is {})", pct_text(plan_tol)),
                    None => format!("% of the target: empty uses the plan's {}", pct_text(plan_tol)),
                });
                if view.texts.contains_key(&key) {
                    ui.label(RichText::new("Type a percentage from 0 to 100").color(widgets::error_color(ui)));
                }
            });
            ui.end_row();
        });

    // periods
    ui.add_space(6.0);
    let focus_periods = view.take_focus("periods");
    let head = ui.label(
        RichText::new("Periods: target, actual, forecast")
            .strong()
            .size(widgets::text_size(ui, 16.0)),
    );
    if focus_periods {
        head.scroll_to_me(Some(egui::Align::TOP));
    }
    widgets::note(
        ui,
        "Type a value (90.5) or numerator/denominator (1176/1815). A forecast is rated where there is no actual yet.",
    );
    let mut errors: Vec<String> = Vec::new();
    let mut first_missing_target = focus_periods;
    Grid::new(("metric_periods", id))
        .num_columns(6)
        .spacing([8.0, 6.0])
        .striped(true)
        .show(ui, |ui| {
            for h in ["Period", "Target", "Actual", "Forecast", "RAG", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for h in ["or its status in words", "or % change from baseline"] {
                ui.label(RichText::new(h).weak());
            }
            ui.end_row();
            for (pi, p) in m.periods.iter().enumerate() {
                let key = period_key(m, pi);
                let mut label = p.label.clone();
                let resp = ui.add_sized(
                    egui::vec2(170.0, ui.spacing().interact_size.y),
                    egui::TextEdit::singleline(&mut label)
                        .hint_text("label, e.g. Q1 2015/16")
                        .char_limit(200),
                );
                widgets::set_name(ui, &resp, &format!("Metric {n} period {} label", pi + 1));
                // the label as typed, spaces and all (the period field trims
                // what it is given, as an import wants)
                if resp.changed()
                    && let Some(e) = changed_metric(plan, id, |m| m.periods[pi].label = label)
                {
                    cmds.typing("Edit period label", format!("metric.{id}.period.{pi}.label"), e);
                }
                for (field, part, value) in [
                    ("target", PeriodPart::Target, &p.target),
                    ("actual", PeriodPart::Actual, &p.actual),
                    ("forecast", PeriodPart::Forecast, &p.forecast),
                ] {
                    let focus = first_missing_target && field == "target" && value.is_none();
                    if focus {
                        first_missing_target = false;
                    }
                    let out = figure_field(
                        ui,
                        ui.scope_id().with((id, pi, field)),
                        value,
                        &format!("Metric {n} {key} {field}"),
                        96.0,
                        focus,
                    );
                    if out.response.gained_focus() {
                        view.selected_period = Some(pi);
                    }
                    if let Some(e) = out.error {
                        errors.push(format!("{key} {field}: {e}"));
                    }
                    let shown = match value {
                        Some(f @ crate::model::Figure::Ratio { .. }) => Some(format_figure(f, unit)),
                        _ => None,
                    };
                    if let Some(s) = shown {
                        out.response.on_hover_text(format!("= {s}"));
                    }
                    if let FieldChange::Set(v) = out.change {
                        type_metric(
                            cmds,
                            format!("Edit {field} for {}", period_name(p, pi)),
                            &format!("period.{pi}.{field}"),
                            id,
                            Field::Period { n: pi + 1, part },
                            figure(v),
                        );
                    }
                }
                let pr = &rating.periods[pi];
                let text = match (pr.rag, pr.basis) {
                    (r, Some(metrics::Basis::Forecast)) if r != Rag::NotRated => format!("{} (forecast)", r.word()),
                    (r, _) => r.word().to_string(),
                };
                let chip = widgets::rag_chip_ext(ui, pr.rag, &text, false, None, 14.0);
                let chip = super::fields::arrow_tooltip(chip, &pr.explanation);
                super::fields::name_chip(ui, &chip, &format!("Metric {n} {key} RAG: {text}"));
                if chip.clicked() {
                    view.selected_period = Some(pi);
                }
                if view.selected_period == Some(pi) {
                    ui.painter().rect_stroke(
                        chip.rect.expand(2.0),
                        4.0,
                        egui::Stroke::new(2.0, ui.visuals().selection.stroke.color),
                        egui::StrokeKind::Outside,
                    );
                }
                let rm = ui
                    .button("Remove")
                    .on_hover_text(format!("Remove {} from this metric", period_name(p, pi)));
                widgets::set_name(ui, &rm, &format!("Remove metric {n} {key}"));
                if rm.clicked()
                    && let Some(e) = changed_metric(plan, id, |m| {
                        m.periods.remove(pi);
                    })
                {
                    view.selected_period = None;
                    cmds.edit(format!("Remove period {}", period_name(p, pi)), e);
                }
                ui.end_row();
                if let Some(e) = period_words_row(ui, ctx, view, cmds, i, pi) {
                    errors.push(e);
                }
                ui.end_row();
            }
        });
    for e in &errors {
        ui.label(RichText::new(format!("Not changed: {e}")).color(widgets::error_color(ui)));
    }
    ui.horizontal(|ui| {
        let labels: Vec<&str> = m.periods.iter().map(|p| p.label.as_str()).collect();
        let next = metrics::period_to_add(&plan.header.years, &labels);
        if ui
            .button(format!("Add period “{next}”"))
            .on_hover_text("Add a period to this metric (rename it in its label cell)")
            .clicked()
        {
            let label = format!("Add period {next}");
            let add = changed_metric(plan, id, |m| {
                m.periods.push(MetricPeriod {
                    label: next,
                    ..Default::default()
                })
            });
            if let Some(e) = add {
                cmds.edit(label, e);
            }
        }
    });

    // RAG set by hand
    ui.add_space(8.0);
    let focus_override = view.take_focus("rag_override");
    let head = ui.label(
        RichText::new("RAG set by hand")
            .strong()
            .size(widgets::text_size(ui, 16.0)),
    );
    if focus_override {
        head.scroll_to_me(Some(egui::Align::TOP));
    }
    override_section(ui, ctx, view, cmds, i, focus_override);

    // schemes
    ui.add_space(8.0);
    ui.label(
        RichText::new("Schemes that deliver it")
            .strong()
            .size(widgets::text_size(ui, 16.0)),
    );
    schemes_section(ui, ctx, cmds, i);

    // commentary
    ui.add_space(8.0);
    ui.label(RichText::new("Commentary").strong().size(widgets::text_size(ui, 16.0)));
    Grid::new(("metric_commentary", id))
        .num_columns(2)
        .spacing([12.0, 6.0])
        .min_col_width(150.0)
        .show(ui, |ui| {
            for (label, key, field, value) in [
                ("Diagnosis", "diagnosis", Field::Diagnosis, &m.diagnosis),
                ("Action", "action", Field::Action, &m.action),
                ("Trajectory", "trajectory", Field::Trajectory, &m.trajectory),
            ] {
                ui.label(label);
                if let Some(v) = widgets::text_area(ui, value, &format!("Metric {n} {key}"), w, 2) {
                    type_metric(cmds, format!("Edit {key}"), key, id, field, Value::Text(v));
                }
                ui.end_row();
            }
        });
}

/// The second line of a period: its status in words ("Awaiting
/// information") under the label, and its target as a change from the
/// baseline ("-3.2%", "Reduction of 3.2%") under the target, with the level
/// that change implies. Returns why a typed change was not taken.
fn period_words_row(
    ui: &mut Ui,
    ctx: &TabCtx,
    view: &mut View,
    cmds: &mut Commands,
    i: usize,
    pi: usize,
) -> Option<String> {
    let m = &ctx.plan.metrics[i];
    let p = &m.periods[pi];
    let (n, id) = (i + 1, m.id);
    let key = period_key(m, pi);
    let h = ui.spacing().interact_size.y;

    let mut status = p.status_text.clone();
    let resp = ui.add_sized(
        egui::vec2(170.0, h),
        egui::TextEdit::singleline(&mut status)
            .hint_text("status, e.g. Awaiting information")
            .char_limit(MAX_LINE_CHARS),
    );
    widgets::set_name(ui, &resp, &format!("Metric {n} {key} status"));
    if resp.gained_focus() {
        view.selected_period = Some(pi);
    }
    // as typed, spaces and all (the period field trims what it is given)
    if resp.changed()
        && let Some(e) = changed_metric(ctx.plan, id, |m| m.periods[pi].status_text = status)
    {
        cmds.typing(
            format!("Edit status of {}", period_name(p, pi)),
            format!("metric.{id}.period.{pi}.status"),
            e,
        );
    }

    // the change keeps what is typed while the field has focus
    let buf = format!("change.{id}.{pi}");
    let mut text = view
        .texts
        .get(&buf)
        .cloned()
        .unwrap_or_else(|| p.target_change_pct.map(change_text).unwrap_or_default());
    let resp = ui.add_sized(
        egui::vec2(96.0, h),
        egui::TextEdit::singleline(&mut text)
            .hint_text("e.g. -3.2%")
            .char_limit(MAX_NUMBER_CHARS)
            .align(egui::Align2::RIGHT_CENTER),
    );
    widgets::set_name(ui, &resp, &format!("Metric {n} {key} target change from baseline"));
    if resp.gained_focus() {
        view.selected_period = Some(pi);
    }
    if resp.changed() {
        if let Ok(v) = parse_change_pct(&text)
            && v != p.target_change_pct
        {
            type_metric(
                cmds,
                format!("Edit target change for {}", period_name(p, pi)),
                &format!("period.{pi}.change"),
                id,
                Field::Period {
                    n: pi + 1,
                    part: PeriodPart::TargetChange,
                },
                v.map(Value::Decimal).unwrap_or(Value::Empty),
            );
        }
        view.texts.insert(buf.clone(), text.clone());
    }
    if resp.lost_focus() && parse_change_pct(&text).is_ok() {
        view.texts.remove(&buf);
    }
    let error = view.texts.get(&buf).and_then(|t| parse_change_pct(t).err());
    if error.is_some() {
        ui.painter().rect_stroke(
            resp.rect.expand(1.0),
            2.0,
            egui::Stroke::new(2.0, widgets::error_color(ui)),
            egui::StrokeKind::Outside,
        );
    }
    // what the change comes to
    if let Some(full) = metrics::change_target_text(m, p) {
        let short = match metrics::period_target(m, p) {
            Some(t) => format!("= {}", metrics::format_value(t, m.unit)),
            None => "no baseline".to_string(),
        };
        ui.label(short).on_hover_text(full);
    } else if p.target.is_some() && p.target_change_pct.is_some() {
        ui.label(RichText::new("the target wins").weak())
            .on_hover_text("A target typed in this period wins over its change from the baseline");
    }
    error.map(|e| format!("{key} target change from baseline: {e}"))
}

/// A change in percent as typed back into its field: "-3.2%".
fn change_text(d: crate::model::Decimal) -> String {
    format!("{}%", d.normalize())
}

fn override_section(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands, i: usize, focus: bool) {
    let m = &ctx.plan.metrics[i];
    let rating = &ctx.summary.metric_ratings[i];
    let n = i + 1;
    let id = m.id;
    let rags = [Rag::Green, Rag::Amber, Rag::Red, Rag::NotRated];
    match &m.rag_override {
        Some(o) => {
            ui.horizontal_wrapped(|ui| {
                let text = format!("{}, set by hand", o.rag.word());
                let chip = widgets::rag_chip_ext(ui, o.rag, &text, true, None, 15.0);
                super::fields::arrow_tooltip(chip, &rating.explanation);
                let mut r = o.rag;
                let combo = egui::ComboBox::from_id_salt(("override_rag", id))
                    .selected_text(r.word())
                    .show_ui(ui, |ui| {
                        for x in rags {
                            ui.selectable_value(&mut r, x, x.word());
                        }
                    });
                widgets::set_name(ui, &combo.response, &format!("Metric {n} RAG set by hand"));
                if r != o.rag {
                    let label = format!("Set RAG by hand to {}", r.word());
                    set_metric(cmds, label, id, Field::RagOverride, Value::Text(r.word().into()));
                }
                let mut who = Vec::new();
                if !o.by.trim().is_empty() {
                    who.push(format!("by {}", o.by.trim()));
                }
                if let Some(d) = &o.date {
                    who.push(format!("on {}", d.display()));
                }
                ui.label(
                    format!("{} The rule gives {}.", who.join(" "), rating.computed.word())
                        .trim()
                        .to_string(),
                );
                if ui
                    .button("Use the rule again")
                    .on_hover_text("Remove the hand-set RAG: the RAG follows the rule")
                    .clicked()
                {
                    set_metric(cmds, "Remove RAG set by hand", id, Field::RagOverride, Value::Empty);
                }
            });
            let key = format!("reason.{id}");
            let mut text = view.texts.get(&key).cloned().unwrap_or_else(|| o.reason.clone());
            ui.label("Reason (required)");
            let resp = ui.add(
                egui::TextEdit::multiline(&mut text)
                    .desired_width(ui.available_width().min(640.0))
                    .desired_rows(2)
                    .char_limit(widgets::MAX_TEXT_CHARS),
            );
            widgets::set_name(ui, &resp, &format!("Metric {n} reason for the RAG set by hand"));
            if focus {
                resp.request_focus();
            }
            if resp.changed() {
                if text.trim().is_empty() {
                    view.texts.insert(key.clone(), text.clone());
                } else {
                    view.texts.remove(&key);
                    type_metric(
                        cmds,
                        "Edit reason for the RAG set by hand",
                        "override.reason",
                        id,
                        Field::OverrideReason,
                        Value::Text(text),
                    );
                }
            }
            if view.texts.contains_key(&key) || o.reason.trim().is_empty() {
                ui.label(
                    RichText::new("A hand-set RAG needs a reason: the last reason given is kept until you type one.")
                        .color(widgets::error_color(ui)),
                );
            }
        }
        None => {
            let mut draft = view.draft.take().filter(|d| d.metric == id).unwrap_or(OverrideDraft {
                metric: id,
                rag: None,
                reason: String::new(),
                by: String::new(),
            });
            let mut keep = true;
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "The RAG follows the rule ({}). Set it by hand:",
                    rating.computed.word()
                ));
                let mut r = draft.rag;
                let combo = egui::ComboBox::from_id_salt(("override_new", id))
                    .selected_text(r.map(|r| r.word()).unwrap_or("choose…"))
                    .show_ui(ui, |ui| {
                        for x in rags {
                            ui.selectable_value(&mut r, Some(x), x.word());
                        }
                    });
                widgets::set_name(ui, &combo.response, &format!("Metric {n} RAG set by hand"));
                if focus {
                    combo.response.request_focus();
                }
                draft.rag = r;
            });
            if let Some(rag) = draft.rag {
                ui.label("Reason (required)");
                let resp = ui.add(
                    egui::TextEdit::multiline(&mut draft.reason)
                        .hint_text("Why the rule's RAG does not fit, e.g. the trust's recovery plan is agreed")
                        .desired_width(ui.available_width().min(640.0))
                        .desired_rows(2)
                        .char_limit(widgets::MAX_TEXT_CHARS),
                );
                widgets::set_name(ui, &resp, &format!("Metric {n} reason for the RAG set by hand"));
                ui.horizontal(|ui| {
                    ui.label("Set by");
                    let resp = ui.add(
                        egui::TextEdit::singleline(&mut draft.by)
                            .hint_text("name (optional)")
                            .desired_width(200.0)
                            .char_limit(200),
                    );
                    widgets::set_name(ui, &resp, &format!("Metric {n} RAG set by"));
                    let ok = !draft.reason.trim().is_empty();
                    let apply = ui
                        .add_enabled(ok, egui::Button::new(format!("Set {} by hand", rag.word())))
                        .on_disabled_hover_text("Type a reason first: a hand-set RAG must say why");
                    if apply.clicked() && ok {
                        let set = |field, value| PlanEdit::set(RecordKind::Metrics, id, field, value);
                        let edit = PlanEdit::Batch(vec![
                            set(Field::RagOverride, Value::Text(rag.word().into())),
                            set(Field::OverrideReason, Value::Text(draft.reason.trim().to_string())),
                            set(Field::OverrideBy, Value::Text(draft.by.trim().to_string())),
                            set(Field::OverrideDate, Value::Date(DateField::Date(ctx.today))),
                        ]);
                        cmds.edit(format!("Set RAG by hand to {}", rag.word()), edit);
                        keep = false;
                    }
                    if ui.button("Cancel").clicked() {
                        keep = false;
                    }
                });
                if draft.reason.trim().is_empty() {
                    ui.label(
                        RichText::new("A reason is required before the RAG is set by hand.")
                            .color(widgets::error_color(ui)),
                    );
                }
            }
            if keep {
                view.draft = Some(draft);
            }
        }
    }
}

fn schemes_section(ui: &mut Ui, ctx: &TabCtx, cmds: &mut Commands, i: usize) {
    let plan = ctx.plan;
    let m = &plan.metrics[i];
    let n = i + 1;
    let id = m.id;
    let scheme_name = |sid: RecordId| -> Option<String> {
        plan.scheme(sid).map(|s| {
            let name = if s.name.trim().is_empty() {
                "(no name)"
            } else {
                s.name.trim()
            };
            if s.reference.trim().is_empty() {
                name.to_string()
            } else {
                format!("{} {name}", s.reference.trim())
            }
        })
    };
    if m.scheme_ids.is_empty() {
        widgets::note(ui, "No scheme linked yet.");
    }
    for &sid in &m.scheme_ids {
        ui.horizontal(|ui| {
            match scheme_name(sid) {
                Some(name) => {
                    if ui.link(&name).on_hover_text("Go to this scheme").clicked() {
                        cmds.go_to(Tab::Schemes, Some(sid), None);
                    }
                }
                None => {
                    ui.label(
                        RichText::new(format!("A scheme that no longer exists (id {sid})"))
                            .color(widgets::error_color(ui)),
                    );
                }
            }
            let b = ui.small_button("Unlink");
            widgets::set_name(ui, &b, &format!("Unlink scheme {sid} from metric {n}"));
            if b.clicked() {
                let ids = m.scheme_ids.iter().copied().filter(|x| *x != sid).collect();
                set_metric(cmds, "Unlink scheme", id, Field::MetricSchemes, Value::Ids(ids));
            }
        });
    }
    let unlinked: Vec<_> = plan.schemes.iter().filter(|s| !m.scheme_ids.contains(&s.id)).collect();
    if !unlinked.is_empty() {
        let mut pick: Option<RecordId> = None;
        let combo = egui::ComboBox::from_id_salt(("link_scheme", id))
            .selected_text("Link a scheme…")
            .width(360.0)
            .height(400.0)
            .show_ui(ui, |ui| {
                for s in unlinked {
                    let name = scheme_name(s.id).unwrap_or_default();
                    ui.selectable_value(&mut pick, Some(s.id), name);
                }
            });
        widgets::set_name(ui, &combo.response, &format!("Metric {n} link a scheme"));
        if let Some(sid) = pick {
            let mut ids = m.scheme_ids.clone();
            ids.push(sid);
            set_metric(cmds, "Link scheme to metric", id, Field::MetricSchemes, Value::Ids(ids));
        }
    }
}
