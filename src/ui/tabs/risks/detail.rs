//! The selected risk in full: what it is, who owns it, its dates and
//! scores, the mitigating actions, and the schemes and initiatives,
//! metrics and objectives it threatens.

use super::score::score_input;
use super::table::paint_flag;
use super::{View, edit_risk, score_risk, set_risk, short_name, type_risk};
use crate::calc::risks::{self, ScoreKind, action_overdue, band_of_word, describe_score, rate_risk};
use crate::model::field::MitigationPart;
use crate::model::{Field, Mitigation, Plan, PlanEdit, RecordId, Risk, RiskStatus, Value};
use crate::ui::Tab;
use crate::ui::widgets::{self, FieldChange};
use crate::ui::{Commands, TabCtx};
use egui::{Grid, Id, RichText, ScrollArea, TextEdit, Ui, vec2};

const LABEL_W: f32 = 130.0;

fn row_label(ui: &mut Ui, text: &str, highlight: bool) {
    let t = RichText::new(text);
    ui.label(if highlight {
        t.strong().underline().color(ui.visuals().warn_fg_color)
    } else {
        t
    });
}

pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, id: RecordId, cmds: &mut Commands) {
    let plan = ctx.plan;
    let Some(pos) = plan.risks.iter().position(|r| r.id == id) else {
        return;
    };
    let r = &plan.risks[pos];
    let enabled = !ctx.locked;
    let focus = view.focus_field.take();
    let hl = view.highlight_field;
    let name = risks::risk_label(pos, r);
    let sname = short_name(plan, id);

    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(&name).size(widgets::text_size(ui, 17.0)).strong());
        let rating = rate_risk(r);
        let size = ui.text_style_height(&egui::TextStyle::Body) * 1.1;
        widgets::rag_chip_ext(ui, rating.rag, &risks::rating_text(&rating), false, None, size);
        if r.status == RiskStatus::Closed {
            ui.label(RichText::new("Closed").strong());
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close details").clicked() {
                view.select(None);
            }
        });
    });
    let problems = &view.cache.problems[pos];
    let mut jump: Option<&'static str> = None;
    if !problems.is_empty() {
        ui.horizontal_wrapped(|ui| {
            let (rect, _) = ui.allocate_exact_size(vec2(16.0, 18.0), egui::Sense::hover());
            paint_flag(ui, rect.center(), 14.0, widgets::error_color(ui));
            for p in problems {
                if ui
                    .link(RichText::new(&p.text).color(widgets::error_color(ui)))
                    .on_hover_text("Go to the field")
                    .clicked()
                {
                    jump = Some(p.field);
                }
            }
        });
    }
    ui.separator();
    let focus = focus.or(jump);
    if jump.is_some() {
        view.highlight_field = jump;
    }

    ScrollArea::vertical()
        .id_salt("risk_detail_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let full = ui.available_width();
            // side by side only where both halves get a usable width; a
            // narrow window (or a large text size) stacks them
            if full < 2.0 * SIDE_MIN {
                fields(ui, ctx, r, &sname, enabled, focus, hl, cmds);
                ui.separator();
                actions(ui, ctx, r, &sname, enabled, focus, hl, full, cmds);
                ui.add_space(10.0);
                links(ui, plan, r, &sname, enabled, cmds);
                return;
            }
            let left_w = (full * 0.5).clamp(SIDE_MIN, 720.0);
            ui.horizontal_top(|ui| {
                ui.allocate_ui_with_layout(vec2(left_w, 0.0), egui::Layout::top_down(egui::Align::Min), |ui| {
                    ui.set_width(left_w);
                    fields(ui, ctx, r, &sname, enabled, focus, hl, cmds);
                });
                ui.separator();
                ui.vertical(|ui| {
                    let w = ui.available_width();
                    actions(ui, ctx, r, &sname, enabled, focus, hl, w, cmds);
                    ui.add_space(10.0);
                    links(ui, plan, r, &sname, enabled, cmds);
                });
            });
        });
}

/// The least width each half of the side-by-side detail needs.
const SIDE_MIN: f32 = 380.0;

#[allow(clippy::too_many_arguments)]
fn fields(
    ui: &mut Ui,
    ctx: &TabCtx,
    r: &Risk,
    sname: &str,
    enabled: bool,
    focus: Option<&'static str>,
    hl: Option<&'static str>,
    cmds: &mut Commands,
) {
    let plan = ctx.plan;
    let id = r.id;
    let field_w = (ui.available_width() - LABEL_W - 20.0).max(160.0);
    let chip_size = ui.text_style_height(&egui::TextStyle::Body);
    Grid::new(("risk_detail_grid", id))
        .num_columns(2)
        .spacing([10.0, 6.0])
        .min_col_width(LABEL_W)
        .show(ui, |ui| {
            row_label(ui, "Reference", hl == Some("reference"));
            let mut t = r.reference.clone();
            let resp = ui.add_enabled(
                enabled,
                TextEdit::singleline(&mut t).desired_width(120.0).char_limit(40),
            );
            widgets::set_name(ui, &resp, "Details: reference");
            if resp.changed() {
                type_risk(
                    cmds,
                    format!("Edit reference of risk {sname}"),
                    "reference",
                    id,
                    Field::RiskReference,
                    Value::Text(t),
                );
            }
            ui.end_row();

            row_label(ui, "Title", hl == Some("title"));
            let mut t = r.title.clone();
            let resp = ui.add_enabled(
                enabled,
                TextEdit::multiline(&mut t)
                    .desired_width(field_w)
                    .desired_rows(2)
                    .char_limit(widgets::MAX_LINE_CHARS)
                    .hint_text("What could happen"),
            );
            widgets::set_name(ui, &resp, "Details: title");
            if focus == Some("title") {
                resp.request_focus();
                resp.scroll_to_me(None);
            }
            if resp.changed() {
                type_risk(
                    cmds,
                    format!("Edit title of risk {sname}"),
                    "title",
                    id,
                    Field::RiskTitle,
                    Value::Text(t),
                );
            }
            ui.end_row();

            row_label(ui, "Description", hl == Some("description"));
            let mut t = r.description.clone();
            let resp = ui.add_enabled(
                enabled,
                TextEdit::multiline(&mut t)
                    .desired_width(field_w)
                    .desired_rows(2)
                    .char_limit(widgets::MAX_TEXT_CHARS)
                    .hint_text("Cause and effect"),
            );
            widgets::set_name(ui, &resp, "Details: description");
            if resp.changed() {
                type_risk(
                    cmds,
                    format!("Edit description of risk {sname}"),
                    "description",
                    id,
                    Field::RiskDescription,
                    Value::Text(t),
                );
            }
            ui.end_row();

            row_label(ui, "Category", hl == Some("category"));
            ui.horizontal(|ui| {
                let mut t = r.category.clone();
                let resp = ui.add_enabled(
                    enabled,
                    TextEdit::singleline(&mut t)
                        .desired_width((field_w - 90.0).max(120.0))
                        .char_limit(200)
                        .hint_text("Type or choose"),
                );
                widgets::set_name(ui, &resp, "Details: category");
                if resp.changed() {
                    type_risk(
                        cmds,
                        format!("Edit category of risk {sname}"),
                        "category",
                        id,
                        Field::RiskCategory,
                        Value::Text(t),
                    );
                }
                // a new category joins the plan's own list once typed
                if resp.lost_focus() {
                    let c = r.category.trim().to_string();
                    let known = risks::RISK_CATEGORIES.iter().any(|k| k.eq_ignore_ascii_case(&c))
                        || plan
                            .settings
                            .risk_categories
                            .iter()
                            .any(|k| k.trim().eq_ignore_ascii_case(&c));
                    if enabled && !c.is_empty() && !known {
                        let mut settings = plan.settings.clone();
                        settings.risk_categories.push(c.clone());
                        cmds.edit(
                            format!("Add risk category “{c}”"),
                            PlanEdit::SetSettings(Box::new(settings)),
                        );
                    }
                }
                ui.add_enabled_ui(enabled, |ui| {
                    ui.menu_button("Choose", |ui| {
                        for c in risks::known_categories(plan) {
                            if ui.selectable_label(r.category.trim() == c, &c).clicked() {
                                set_risk(
                                    cmds,
                                    format!("Set category of risk {sname}"),
                                    id,
                                    Field::RiskCategory,
                                    Value::Text(c),
                                );
                                ui.close();
                            }
                        }
                    });
                });
            });
            ui.end_row();

            row_label(ui, "Owner", hl == Some("owner"));
            ui.horizontal(|ui| {
                let mut t = r.owner.clone();
                let resp = ui.add_enabled(
                    enabled,
                    TextEdit::singleline(&mut t)
                        .desired_width((field_w - 90.0).max(120.0))
                        .char_limit(200)
                        .hint_text("Who manages the risk"),
                );
                widgets::set_name(ui, &resp, "Details: owner");
                if focus == Some("owner") {
                    resp.request_focus();
                    resp.scroll_to_me(None);
                }
                if resp.changed() {
                    type_risk(
                        cmds,
                        format!("Edit owner of risk {sname}"),
                        "owner",
                        id,
                        Field::RiskOwner,
                        Value::Text(t),
                    );
                }
                let owners = known_owners(plan);
                if !owners.is_empty() {
                    ui.add_enabled_ui(enabled, |ui| {
                        ui.menu_button("Choose", |ui| {
                            for o in owners {
                                if ui.selectable_label(r.owner.trim() == o, &o).clicked() {
                                    set_risk(
                                        cmds,
                                        format!("Set owner of risk {sname}"),
                                        id,
                                        Field::RiskOwner,
                                        Value::Text(o),
                                    );
                                    ui.close();
                                }
                            }
                        });
                    });
                }
            });
            ui.end_row();

            row_label(ui, "Status", hl == Some("status"));
            let mut st = r.status;
            let combo = ui
                .add_enabled_ui(enabled, |ui| {
                    egui::ComboBox::from_id_salt(("risk_detail_status", id))
                        .selected_text(st.word())
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut st, RiskStatus::Open, "Open");
                            ui.selectable_value(&mut st, RiskStatus::Closed, "Closed");
                        })
                })
                .inner;
            widgets::set_name(ui, &combo.response, "Details: status");
            if enabled && st != r.status {
                let status = Value::Text(st.word().into());
                set_risk(
                    cmds,
                    format!("Set status of risk {sname}"),
                    id,
                    Field::RiskStatus,
                    status,
                );
            }
            ui.end_row();

            row_label(ui, "Date raised", hl == Some("date_raised"));
            ui.add_enabled_ui(enabled, |ui| {
                if let FieldChange::Set(v) = widgets::date_field(
                    ui,
                    Id::unique(("risk_date_raised", id)),
                    &r.date_raised,
                    "Details: date raised",
                    160.0,
                ) {
                    type_risk(
                        cmds,
                        format!("Edit date raised of risk {sname}"),
                        "date_raised",
                        id,
                        Field::DateRaised,
                        Value::date(&v),
                    );
                }
            });
            ui.end_row();

            row_label(ui, "Next review", hl == Some("review_date"));
            ui.horizontal(|ui| {
                ui.add_enabled_ui(enabled, |ui| {
                    let fid = Id::unique(("risk_review_date", id));
                    if focus == Some("review_date") {
                        ui.memory_mut(|m| m.request_focus(fid));
                    }
                    if let FieldChange::Set(v) =
                        widgets::date_field(ui, fid, &r.review_date, "Details: next review date", 160.0)
                    {
                        type_risk(
                            cmds,
                            format!("Edit review date of risk {sname}"),
                            "review_date",
                            id,
                            Field::ReviewDate,
                            Value::date(&v),
                        );
                    }
                });
                if let Some(d) = r.review_date.as_ref().and_then(|d| d.date())
                    && d < ctx.today
                    && r.status == RiskStatus::Open
                {
                    ui.label(RichText::new("passed").color(widgets::error_color(ui)).strong());
                }
            });
            ui.end_row();

            for kind in ScoreKind::ALL {
                let label = match kind {
                    ScoreKind::Current => "Current score",
                    ScoreKind::Residual => "Residual score",
                    ScoreKind::Target => "Target score",
                };
                row_label(ui, label, hl == Some(kind.field()));
                ui.horizontal(|ui| {
                    let out = score_input(
                        ui,
                        Id::unique(("risk_detail_score", id, kind)),
                        r,
                        kind,
                        &format!("Details: {}", kind.word().to_lowercase()),
                        enabled,
                        focus == Some(kind.field()),
                        chip_size,
                    );
                    if let Some(v) = out.set {
                        let label = format!("Score risk {sname} ({})", kind.word().to_lowercase());
                        score_risk(plan, cmds, label, id, kind, v, out.picked);
                    }
                    if let Some(s) = kind.of(r) {
                        widgets::note(ui, &describe_score(&s));
                    }
                });
                ui.end_row();
            }

            if !r.legacy_rating.trim().is_empty() || hl == Some("legacy_rating") {
                row_label(ui, "Word rating", hl == Some("legacy_rating"));
                ui.horizontal(|ui| {
                    let mut t = r.legacy_rating.clone();
                    let resp = ui.add_enabled(
                        enabled,
                        TextEdit::singleline(&mut t).desired_width(100.0).char_limit(40),
                    );
                    widgets::set_name(ui, &resp, "Details: word rating");
                    if resp.changed() {
                        type_risk(
                            cmds,
                            format!("Edit word rating of risk {sname}"),
                            "legacy_rating",
                            id,
                            Field::LegacyRating,
                            Value::Text(t),
                        );
                    }
                    let note = match (ScoreKind::Current.of(r), band_of_word(&r.legacy_rating)) {
                        (Some(_), _) => "From the source plan; the current score is used instead.".to_string(),
                        (None, Some(b)) => format!(
                            "From the source plan: counts as {}. A current score replaces it.",
                            b.word()
                        ),
                        (None, None) => "Not a band (Low, Moderate, High, Extreme): give a current score.".to_string(),
                    };
                    widgets::note(ui, &note);
                });
                ui.end_row();
            }
        });
}

fn known_owners(plan: &Plan) -> Vec<String> {
    let mut v: Vec<String> = plan
        .risks
        .iter()
        .flat_map(|r| std::iter::once(&r.owner).chain(r.mitigations.iter().map(|m| &m.owner)))
        .map(|o| o.trim().to_string())
        .filter(|o| !o.is_empty())
        .collect();
    v.sort_by_key(|o| o.to_lowercase());
    v.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
    v
}

#[allow(clippy::too_many_arguments)]
fn actions(
    ui: &mut Ui,
    ctx: &TabCtx,
    r: &Risk,
    sname: &str,
    enabled: bool,
    focus: Option<&'static str>,
    hl: Option<&'static str>,
    width: f32,
    cmds: &mut Commands,
) {
    let id = r.id;
    ui.horizontal(|ui| {
        let head = ui.label({
            let t = RichText::new(format!("Mitigating actions ({})", r.mitigations.len()))
                .strong()
                .size(widgets::text_size(ui, 16.0));
            if hl == Some("mitigations") { t.underline() } else { t }
        });
        if focus == Some("mitigations") {
            head.scroll_to_me(Some(egui::Align::TOP));
        }
        if enabled && ui.button("Add action").clicked() {
            let label = format!("Add action to risk {sname}");
            edit_risk(ctx.plan, cmds, label, id, |r| r.mitigations.push(Mitigation::default()));
        }
    });
    if r.mitigations.is_empty() {
        widgets::note(ui, "No actions yet. A High or Extreme risk needs at least one.");
    }
    let n = r.mitigations.len();
    for (k, m) in r.mitigations.iter().enumerate() {
        let overdue = action_overdue(m, ctx.today);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width((width - 16.0).max(0.0));
            ui.horizontal(|ui| {
                let mut done = m.done;
                let resp = ui.add_enabled(enabled, egui::Checkbox::new(&mut done, "Done"));
                widgets::set_name(ui, &resp, &format!("Action {} done", k + 1));
                if done != m.done {
                    set_risk(
                        cmds,
                        format!(
                            "Mark action {} of risk {sname} {}",
                            k + 1,
                            if done { "done" } else { "not done" }
                        ),
                        id,
                        action(k, MitigationPart::Done),
                        Value::Bool(done),
                    );
                }
                ui.label(RichText::new(format!("Action {}", k + 1)).strong());
                if overdue {
                    let d = m.due.as_ref().map(|d| d.display()).unwrap_or_default();
                    ui.label(
                        RichText::new(format!("overdue since {d}"))
                            .color(widgets::error_color(ui))
                            .strong(),
                    );
                }
                if enabled {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        if ui
                            .button("Remove")
                            .on_hover_text(format!("Remove action {}", k + 1))
                            .clicked()
                        {
                            let label = format!("Remove action {} of risk {sname}", k + 1);
                            edit_risk(ctx.plan, cmds, label, id, |r| {
                                r.mitigations.remove(k);
                            });
                        }
                        if ui
                            .add_enabled(k + 1 < n, egui::Button::new("Down"))
                            .on_hover_text(format!("Move action {} down", k + 1))
                            .clicked()
                        {
                            let label = format!("Move action {} of risk {sname}", k + 1);
                            edit_risk(ctx.plan, cmds, label, id, |r| r.mitigations.swap(k, k + 1));
                        }
                        if ui
                            .add_enabled(k > 0, egui::Button::new("Up"))
                            .on_hover_text(format!("Move action {} up", k + 1))
                            .clicked()
                        {
                            let label = format!("Move action {} of risk {sname}", k + 1);
                            edit_risk(ctx.plan, cmds, label, id, |r| r.mitigations.swap(k, k - 1));
                        }
                    });
                }
            });
            let mut t = m.text.clone();
            let resp = ui.add_enabled(
                enabled,
                TextEdit::multiline(&mut t)
                    .desired_width(f32::INFINITY)
                    .desired_rows(1)
                    .char_limit(widgets::MAX_TEXT_CHARS)
                    .hint_text("What will be done"),
            );
            widgets::set_name(ui, &resp, &format!("Action {} text", k + 1));
            if resp.changed() {
                type_risk(
                    cmds,
                    format!("Edit action {} of risk {sname}", k + 1),
                    &format!("action{k}.text"),
                    id,
                    action(k, MitigationPart::Text),
                    Value::Text(t),
                );
            }
            ui.horizontal(|ui| {
                ui.label("Owner");
                let mut o = m.owner.clone();
                let resp = ui.add_enabled(
                    enabled,
                    TextEdit::singleline(&mut o).desired_width(160.0).char_limit(200),
                );
                widgets::set_name(ui, &resp, &format!("Action {} owner", k + 1));
                if resp.changed() {
                    type_risk(
                        cmds,
                        format!("Edit action {} owner of risk {sname}", k + 1),
                        &format!("action{k}.owner"),
                        id,
                        action(k, MitigationPart::Owner),
                        Value::Text(o),
                    );
                }
                ui.label("Due");
                ui.add_enabled_ui(enabled, |ui| {
                    if let FieldChange::Set(v) = widgets::date_field(
                        ui,
                        Id::unique(("risk_action_due", id, k)),
                        &m.due,
                        &format!("Action {} due date", k + 1),
                        120.0,
                    ) {
                        type_risk(
                            cmds,
                            format!("Edit action {} due date of risk {sname}", k + 1),
                            &format!("action{k}.due"),
                            id,
                            action(k, MitigationPart::Due),
                            Value::date(&v),
                        );
                    }
                });
            });
        });
    }
}

/// One kind of record a risk links to, as its details list it.
struct LinkKind<'a> {
    title: &'static str,
    /// What the risk names.
    ids: &'a [RecordId],
    tab: Tab,
    field: Field,
    button: &'static str,
    find: &'static str,
    /// Every record of the kind, with the name it is shown by.
    all: Vec<(RecordId, String)>,
}

/// The schemes and initiatives, metrics and objectives this risk
/// threatens: click a name to go there; "Link a scheme or initiative…"
/// picks one by name. Objectives that name the risk themselves are listed
/// too (they count for the objective's roll-up), each a link.
fn links(ui: &mut Ui, plan: &Plan, r: &Risk, sname: &str, enabled: bool, cmds: &mut Commands) {
    let id = r.id;
    let kinds = [
        LinkKind {
            title: "Schemes and initiatives at risk",
            ids: &r.scheme_ids,
            tab: Tab::Schemes,
            field: Field::RiskSchemes,
            button: "Link a scheme or initiative…",
            find: "Find a scheme or initiative",
            all: plan
                .schemes
                .iter()
                .map(|s| {
                    let n = record_name(&s.reference, &s.name);
                    let n = if s.kind.is_scheme() {
                        n
                    } else {
                        format!("{n} ({})", s.kind.word())
                    };
                    (s.id, n)
                })
                .collect(),
        },
        LinkKind {
            title: "Metrics at risk",
            ids: &r.metric_ids,
            tab: Tab::Metrics,
            field: Field::RiskMetrics,
            button: "Link a metric…",
            find: "Find a metric",
            all: plan
                .metrics
                .iter()
                .map(|m| (m.id, record_name(&m.reference, &m.name)))
                .collect(),
        },
        LinkKind {
            title: "Objectives at risk",
            ids: &r.objective_ids,
            tab: Tab::Objectives,
            field: Field::RiskObjectives,
            button: "Link an objective…",
            find: "Find an objective",
            all: plan
                .objectives
                .iter()
                .enumerate()
                .map(|(i, o)| (o.id, o.label(i)))
                .collect(),
        },
    ];
    for (k, kind) in kinds.into_iter().enumerate() {
        let ids = kind.ids;
        let name_of = |rid: RecordId| kind.all.iter().find(|(x, _)| *x == rid).map(|(_, n)| n.clone());
        ui.label(
            RichText::new(format!("{} ({})", kind.title, ids.len()))
                .strong()
                .size(widgets::text_size(ui, 16.0)),
        );
        ui.horizontal_wrapped(|ui| {
            if ids.is_empty() {
                widgets::note(ui, "None linked.");
            }
            for &rid in ids {
                let Some(n) = name_of(rid) else { continue };
                egui::Frame::group(ui.style()).inner_margin(4).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        if ui
                            .link(risks::short_title(&n, 60))
                            .on_hover_text(format!("Go to {n}"))
                            .clicked()
                        {
                            cmds.go_to(kind.tab, Some(rid), None);
                        }
                        if enabled && ui.small_button("×").on_hover_text(format!("Unlink {n}")).clicked() {
                            let left = ids.iter().copied().filter(|x| *x != rid).collect();
                            set_risk(
                                cmds,
                                format!("Unlink risk {sname} from {}", risks::short_title(&n, 30)),
                                id,
                                kind.field.clone(),
                                Value::Ids(left),
                            );
                        }
                    });
                });
            }
        });
        if kind.tab == Tab::Objectives {
            named_by_objectives(ui, plan, r, cmds);
        }
        if enabled {
            let candidates: Vec<&(RecordId, String)> = kind.all.iter().filter(|(x, _)| !ids.contains(x)).collect();
            ui.add_enabled_ui(!candidates.is_empty(), |ui| {
                ui.menu_button(kind.button, |ui| {
                    let search_id = Id::unique(("risk_link_search", id, k));
                    let mut q: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
                    let resp = ui.add(
                        TextEdit::singleline(&mut q)
                            .hint_text("Type to find")
                            .desired_width(320.0),
                    );
                    widgets::set_name(ui, &resp, kind.find);
                    ui.data_mut(|d| d.insert_temp(search_id, q.clone()));
                    let ql = q.trim().to_lowercase();
                    ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
                        for (rid, n) in &candidates {
                            if !ql.is_empty() && !n.to_lowercase().contains(&ql) {
                                continue;
                            }
                            if ui.button(risks::short_title(n, 70)).on_hover_text(n).clicked() {
                                let mut linked = ids.to_vec();
                                linked.push(*rid);
                                set_risk(
                                    cmds,
                                    format!("Link risk {sname} to {}", risks::short_title(n, 30)),
                                    id,
                                    kind.field.clone(),
                                    Value::Ids(linked),
                                );
                                ui.close();
                            }
                        }
                    });
                });
            });
        }
        ui.add_space(8.0);
    }
}

/// The objectives that name this risk where the risk does not name them:
/// each a link to the objective (unlinked there).
fn named_by_objectives(ui: &mut Ui, plan: &Plan, r: &Risk, cmds: &mut Commands) {
    let naming: Vec<(RecordId, String)> = plan
        .objectives
        .iter()
        .enumerate()
        .filter(|(_, o)| o.risk_ids.contains(&r.id) && !r.objective_ids.contains(&o.id))
        .map(|(i, o)| (o.id, o.label(i)))
        .collect();
    if naming.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        widgets::note(ui, "Named by:");
        for (oid, n) in naming {
            if ui
                .link(risks::short_title(&n, 60))
                .on_hover_text(format!("Go to {n} (it names this risk; unlink it there)"))
                .clicked()
            {
                cmds.go_to(Tab::Objectives, Some(oid), None);
            }
        }
    });
}

fn record_name(reference: &str, name: &str) -> String {
    let n = if name.trim().is_empty() {
        "(no name)"
    } else {
        name.trim()
    };
    if reference.trim().is_empty() {
        n.to_string()
    } else {
        format!("{} {n}", reference.trim())
    }
}

/// A field of action `k` (from 0) of a risk.
fn action(k: usize, part: MitigationPart) -> Field {
    Field::Mitigation { n: k + 1, part }
}
