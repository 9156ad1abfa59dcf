//! The register table: one row per risk, only the visible rows drawn.

use super::block::{self, RiskCol, cell_id};
use super::score::{self, score_input};
use super::{Sort, SortBy, View, score_risk, set_risk, short_name, type_risk};
use crate::calc::risks::{self, ScoreKind, action_overdue};
use crate::model::{Field, Value};
use crate::ui::cells::LineInput;
use crate::ui::grid::block as grid;
use crate::ui::grid::frozen::{self, BodyRow, Drawn, Frozen};
use crate::ui::grid::widths::Sizing;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::{Color32, Id, Pos2, RichText, Sense, Stroke, Ui, WidgetInfo, pos2, vec2};
use egui_extras::{Column, TableBuilder};

/// A small flag on a pole, painted (no glyph needed).
pub(super) fn paint_flag(ui: &Ui, center: Pos2, size: f32, color: Color32) {
    let p = ui.painter();
    let top = center.y - size * 0.5;
    let bottom = center.y + size * 0.5;
    let x = center.x - size * 0.3;
    p.line_segment(
        [pos2(x, top), pos2(x, bottom)],
        Stroke::new((size * 0.12).max(1.5), color),
    );
    let pts = vec![
        pos2(x, top),
        pos2(x + size * 0.7, top + size * 0.22),
        pos2(x, top + size * 0.45),
    ];
    p.add(egui::Shape::convex_polygon(pts, color, Stroke::NONE));
}

fn header_button(ui: &mut Ui, view: &mut View, text: &str, by: SortBy) {
    let active = view.sort.by == by;
    let resp = ui.add(egui::Button::new(RichText::new(text).strong()).frame(false));
    let hint = if active {
        "Click to reverse the order"
    } else if by == SortBy::Register {
        "Sort in register order (rows can then be moved)"
    } else {
        "Click to sort by this column"
    };
    let resp = resp.on_hover_text(hint);
    resp.context_menu(|ui| crate::ui::grid::widths::reset_item(ui, WIDTHS_TABLE));
    if active {
        // a small triangle: pointing down when descending
        let r = resp.rect;
        let s = 5.0;
        let c = pos2(r.right() + s + 3.0, r.center().y);
        let color = ui.visuals().strong_text_color();
        let pts = if view.sort.descending {
            vec![
                pos2(c.x - s, c.y - s * 0.6),
                pos2(c.x + s, c.y - s * 0.6),
                pos2(c.x, c.y + s * 0.7),
            ]
        } else {
            vec![
                pos2(c.x - s, c.y + s * 0.6),
                pos2(c.x + s, c.y + s * 0.6),
                pos2(c.x, c.y - s * 0.7),
            ]
        };
        ui.painter().add(egui::Shape::convex_polygon(pts, color, Stroke::NONE));
    }
    if resp.clicked() {
        view.sort = if active {
            Sort {
                by,
                descending: !view.sort.descending,
            }
        } else {
            Sort {
                by,
                descending: by.descending_by_default(),
            }
        };
        view.notice = None;
    }
}

/// The columns' widths on the laptop screen: #, Ref, Risk, Category,
/// Owner, Current, Residual, Actions. The risk's title and owner take
/// the width left over, and give it up first.
const BASE_WIDTHS: [f32; 8] = [50.0, 50.0, 300.0, 104.0, 104.0, 218.0, 184.0, 80.0];
/// The L and C inputs of a score column, before its chip, on the laptop
/// screen.
const SCORE_INPUTS_WIDTH: f32 = 88.0;
const GROWS: [bool; 8] = [false, false, true, false, true, false, false, false];
/// The least width of the title and the owner, on the laptop screen.
const LEAST: [f32; 8] = [0.0, 0.0, 85.0, 0.0, 88.0, 0.0, 0.0, 0.0];

/// The register, scrolling sideways when the window is too narrow for it.
pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands) {
    // narrow windows drop the category column (it stays in the details and the filter)
    let wide = ui.available_width() >= 1080.0 * widgets::text_scale(ui);
    let cols: Vec<usize> = (0..BASE_WIDTHS.len()).filter(|&i| wide || i != 3).collect();
    // the score columns as wide as their widest chip, after the L × C inputs
    let (reference, chips) = row_widths(ui, ctx.plan, &mut view.cache);
    let base: Vec<f32> = cols
        .iter()
        .map(|&i| match i {
            1 => reference,
            5 | 6 => BASE_WIDTHS[i].max(SCORE_INPUTS_WIDTH + chips[i - 5]),
            _ => BASE_WIDTHS[i],
        })
        .collect();
    let grows: Vec<bool> = cols.iter().map(|&i| GROWS[i]).collect();
    let least: Vec<f32> = cols.iter().map(|&i| LEAST[i]).collect();
    let grid_cols = RiskCol::shown(wide);
    let names = grid_cols.iter().map(|c| format!("{WIDTHS_TABLE}/{c:?}")).collect();
    let sizing = Sizing::begin(ui, WIDTHS_TABLE, names);
    let (widths, key) = widgets::table_widths_kept(ui, &base, &grows, &least, sizing.kept());
    block::handle_keys(ui, ctx.plan, view, cmds, &grid_cols, ctx.locked);
    if let Some(line) = block::area(ctx.plan, view, &grid_cols).and_then(|a| grid::status_line(&a)) {
        grid::status_overlay(ui, "risks", &line);
    }
    // the row number, the reference and the title stay at the left edge
    frozen::scroll_sideways(ui, "risks_hscroll", sizing, &widths, key, 3, |ui, frozen, keep| {
        table(ui, ctx, view, cmds, &grid_cols, &widths, key, frozen, keep)
    });
}

/// The widest reference (in its input) and the widest chips of the
/// Current and Residual columns among the rows shown, at text scale 1.
/// Each risk is measured once, and again only when it changed (the cache
/// forgets its widths then) or the text size did.
fn row_widths(ui: &Ui, plan: &crate::model::Plan, cache: &mut super::Cache) -> (f32, [f32; 2]) {
    let scale = widgets::text_scale(ui);
    let chip_size = egui::TextStyle::Body.resolve(ui.style()).size;
    let sizes = [
        scale.to_bits(),
        chip_size.to_bits(),
        ui.ctx().pixels_per_point().to_bits(),
    ];
    if cache.widths_for != sizes || cache.widths.len() != plan.risks.len() {
        cache.widths_for = sizes;
        cache.widths.clear();
        cache.widths.resize(plan.risks.len(), None);
    }
    let mut chips = [0.0f32; 2];
    // the references as wide as the widest, in their inputs
    let mut reference = 30.0f32;
    for &i in &cache.rows {
        let (Some(r), Some(slot)) = (plan.risks.get(i), cache.widths.get_mut(i)) else {
            continue;
        };
        let [w_ref, w_current, w_residual] = *slot.get_or_insert_with(|| {
            let w = widgets::text_width(ui, r.reference.trim(), egui::TextStyle::Body, false);
            let chip = |kind| widgets::rag_chip_width(ui, &score::chip_for(r, kind).0, chip_size) / scale;
            [
                w.min(200.0 * scale) / scale + 20.0,
                chip(ScoreKind::Current),
                chip(ScoreKind::Residual),
            ]
        });
        reference = reference.max(w_ref);
        chips[0] = chips[0].max(w_current);
        chips[1] = chips[1].max(w_residual);
    }
    (reference, chips)
}

/// The name of the Risks table among the remembered column widths (see
/// [`crate::ui::grid::widths`]).
const WIDTHS_TABLE: &str = "Risks";

/// Draws the register; once drawn, its id, the widths it drew and its
/// vertical scroll.
#[allow(clippy::too_many_arguments)]
fn table(
    ui: &mut Ui,
    ctx: &TabCtx,
    view: &mut View,
    cmds: &mut Commands,
    cols: &[RiskCol],
    widths: &[f32],
    key: i32,
    frozen: &Frozen,
    keep_scroll: Option<f32>,
) -> Option<Drawn> {
    let wide = cols.contains(&RiskCol::Category);
    let block_area = block::area(ctx.plan, view, cols);
    let col_at = |c: RiskCol| cols.iter().position(|x| *x == c).unwrap_or(usize::MAX);
    let plan = ctx.plan;
    let body_h = ui.text_style_height(&egui::TextStyle::Body);
    let row_h = (ui.spacing().interact_size.y + 8.0).max(body_h + 12.0);
    let chip_size = egui::TextStyle::Body.resolve(ui.style()).size;
    let enabled = !ctx.locked;
    let scroll_row = view
        .scroll_to
        .take()
        .and_then(|id| view.cache.rows.iter().position(|&i| plan.risks[i].id == id));
    let rows = view.cache.rows.clone();
    if rows.is_empty() {
        ui.add_space(8.0);
        if plan.risks.is_empty() {
            ui.label(RichText::new("No risks yet. “Add risk” starts the register.").size(widgets::text_size(ui, 16.0)));
        } else {
            ui.label(RichText::new("No risk matches the filters.").size(widgets::text_size(ui, 16.0)));
        }
        return None;
    }
    let salt = ("risk_register", wide, key);
    let state_id = ui.scope_id().with(egui::IdSalt::new(salt));
    let mut table = TableBuilder::new(ui)
        .id_salt(salt)
        .striped(true)
        .resizable(true)
        .sense(Sense::click())
        .auto_shrink([false, false])
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center));
    for (i, &w) in widths.iter().enumerate() {
        table = table.column(if i == 0 {
            Column::exact(w)
        } else {
            Column::initial(w).at_least(w * 0.5).clip(true)
        });
    }
    if let Some(r) = scroll_row {
        table = table.scroll_to_row(r, Some(egui::Align::Center));
    } else if let Some(y) = keep_scroll {
        table = table.vertical_scroll_offset(y);
    }
    let mut drawn = Vec::new();
    let out = table
        .header(row_h, |mut h| {
            for (ci, (text, by)) in [
                ("#", SortBy::Register),
                ("Ref", SortBy::Reference),
                ("Risk", SortBy::Title),
            ]
            .into_iter()
            .enumerate()
            {
                h.col(|ui| {
                    frozen.cell(ui, ci, None, |ui| header_button(ui, view, text, by));
                });
            }
            if wide {
                h.col(|ui| header_button(ui, view, "Category", SortBy::Category));
            }
            h.col(|ui| header_button(ui, view, "Owner", SortBy::Owner));
            h.col(|ui| header_button(ui, view, "Current (L × C)", SortBy::Current));
            h.col(|ui| header_button(ui, view, "Residual (L × C)", SortBy::Residual));
            h.col(|ui| header_button(ui, view, "Actions", SortBy::Actions));
        })
        .body(|body| {
            drawn = body.widths().to_vec();
            body.rows(row_h, rows.len(), |mut row| {
                let ri = row.index();
                let i = rows[ri];
                let r = &plan.risks[i];
                let paint = |ui: &Ui, c: RiskCol| {
                    if let Some(a) = &block_area {
                        grid::paint_cell(ui, a, ri, col_at(c));
                    }
                };
                let id = r.id;
                let name = if r.reference.trim().is_empty() {
                    format!("Risk {}", i + 1)
                } else {
                    format!("Risk {}", r.reference.trim())
                };
                let selected = view.selected == Some(id);
                row.set_selected(selected);
                let mut touched = false;
                let mut want_focus: Option<&'static str> = None;
                let problems = &view.cache.problems[i];

                // a click on a moved frozen cell's empty part selects the row
                let look = Some(BodyRow { index: ri, selected });
                // flag: the failed checks, on hover
                row.col(|ui| {
                    let (_, clicked) = frozen.cell(ui, 0, look, |ui| {
                        ui.label(RichText::new(format!("{}", i + 1)).weak());
                        if !problems.is_empty() {
                            let (rect, resp) = ui.allocate_exact_size(vec2(18.0, row_h - 6.0), Sense::click());
                            let label = format!(
                                "{name}: {} {}",
                                problems.len(),
                                if problems.len() == 1 { "problem" } else { "problems" }
                            );
                            resp.widget_info(|| WidgetInfo::labeled(egui::Role::Button, true, &label));
                            paint_flag(ui, rect.center(), 14.0, widgets::error_color(ui));
                            let lines: Vec<String> = problems.iter().map(|p| format!("• {}", p.text)).collect();
                            let resp = resp.on_hover_text(format!("{label}\n{}", lines.join("\n")));
                            if resp.clicked() {
                                touched = true;
                                want_focus = problems.first().map(|p| p.field);
                            }
                        }
                    });
                    touched |= clicked;
                });
                row.col(|ui| {
                    let (_, clicked) = frozen.cell(ui, 1, look, |ui| {
                        paint(ui, RiskCol::Reference);
                        let mut t = r.reference.clone();
                        let resp = LineInput::new(cell_id(id, RiskCol::Reference), ui.available_width(), 40)
                            .enabled(enabled)
                            .show(ui, &mut t);
                        widgets::set_name(ui, &resp, &format!("{name} reference"));
                        view.grid.follow(&resp, (id, RiskCol::Reference), &r.reference);
                        let resp = widgets::mark_clipped(ui, resp, &r.reference);
                        touched |= resp.gained_focus();
                        if resp.changed() {
                            type_risk(
                                cmds,
                                format!("Edit reference of risk {}", short_name(plan, id)),
                                "reference",
                                id,
                                Field::RiskReference,
                                Value::Text(t),
                            );
                        }
                    });
                    touched |= clicked;
                });
                row.col(|ui| {
                    let (_, clicked) = frozen.cell(ui, 2, look, |ui| {
                        paint(ui, RiskCol::Title);
                        let mut t = r.title.clone();
                        let resp = LineInput::new(
                            cell_id(id, RiskCol::Title),
                            ui.available_width(),
                            widgets::MAX_LINE_CHARS,
                        )
                        .hint("Title of the risk", None)
                        .enabled(enabled)
                        .show(ui, &mut t);
                        widgets::set_name(ui, &resp, &format!("{name} title"));
                        view.grid.follow(&resp, (id, RiskCol::Title), &r.title);
                        touched |= resp.gained_focus();
                        let resp = widgets::mark_clipped(ui, resp, &r.title);
                        if resp.changed() {
                            type_risk(
                                cmds,
                                format!("Edit title of risk {}", short_name(plan, id)),
                                "title",
                                id,
                                Field::RiskTitle,
                                Value::Text(t),
                            );
                        }
                    });
                    touched |= clicked;
                });
                if wide {
                    row.col(|ui| {
                        paint(ui, RiskCol::Category);
                        let mut cat = r.category.clone();
                        let before = cat.clone();
                        let shown = if cat.trim().is_empty() {
                            "—".to_string()
                        } else {
                            cat.clone()
                        };
                        let w = ui.available_width() - 8.0;
                        let combo = ui
                            .add_enabled_ui(enabled, |ui| {
                                egui::ComboBox::from_id_salt(("risk_cat", id))
                                    .selected_text(shown)
                                    .width(w)
                                    .truncate()
                                    .show_ui(ui, |ui| {
                                        for c in risks::known_categories(plan) {
                                            ui.selectable_value(&mut cat, c.clone(), c);
                                        }
                                    })
                            })
                            .inner;
                        widgets::set_name(ui, &combo.response, &format!("{name} category"));
                        let combo_resp = if r.category.chars().count() > 14 {
                            combo.response.on_hover_text(&r.category)
                        } else {
                            combo.response
                        };
                        touched |= combo_resp.clicked();
                        view.grid.follow(&combo_resp, (id, RiskCol::Category), &r.category);
                        if enabled && cat != before {
                            set_risk(
                                cmds,
                                format!("Set category of risk {}", short_name(plan, id)),
                                id,
                                Field::RiskCategory,
                                Value::Text(cat),
                            );
                        }
                    });
                }
                row.col(|ui| {
                    paint(ui, RiskCol::Owner);
                    let mut t = r.owner.clone();
                    let resp = LineInput::new(cell_id(id, RiskCol::Owner), ui.available_width(), 200)
                        .hint("no owner", None)
                        .enabled(enabled)
                        .show(ui, &mut t);
                    widgets::set_name(ui, &resp, &format!("{name} owner"));
                    view.grid.follow(&resp, (id, RiskCol::Owner), &r.owner);
                    let resp = widgets::mark_clipped(ui, resp, &r.owner);
                    touched |= resp.gained_focus();
                    if resp.changed() {
                        type_risk(
                            cmds,
                            format!("Edit owner of risk {}", short_name(plan, id)),
                            "owner",
                            id,
                            Field::RiskOwner,
                            Value::Text(t),
                        );
                    }
                });
                for kind in [ScoreKind::Current, ScoreKind::Residual] {
                    row.col(|ui| {
                        let out = score_input(
                            ui,
                            Id::unique(("risk_table_score", id, kind)),
                            r,
                            kind,
                            &format!("{name} {}", kind.word().to_lowercase()),
                            enabled,
                            false,
                            chip_size,
                        );
                        touched |= out.touched;
                        if let Some(v) = out.set {
                            let label = format!("Score risk {} ({})", short_name(plan, id), kind.word().to_lowercase());
                            score_risk(plan, cmds, label, id, kind, v, out.picked);
                        }
                    });
                }
                row.col(|ui| {
                    let open = r.mitigations.iter().filter(|m| !m.done).count();
                    let overdue = r.mitigations.iter().filter(|m| action_overdue(m, ctx.today)).count();
                    let total = r.mitigations.len();
                    let text = if total == 0 {
                        "none".to_string()
                    } else if open == 0 {
                        "all done".to_string()
                    } else {
                        format!("{open} open")
                    };
                    let resp = ui.add(egui::Label::new(text).sense(Sense::click()));
                    let mut tip = format!("{open} open, {} done", total - open);
                    if overdue > 0 {
                        let (rect, _) = ui.allocate_exact_size(vec2(18.0, row_h - 6.0), Sense::hover());
                        paint_flag(ui, rect.center(), 14.0, widgets::error_color(ui));
                        tip.push_str(&format!(", {overdue} overdue"));
                    }
                    if resp.on_hover_text(tip).clicked() {
                        touched = true;
                        want_focus = Some("mitigations");
                    }
                });
                if touched || row.response().clicked() {
                    view.select(Some(id));
                }
                if want_focus.is_some() {
                    view.focus_field = want_focus;
                    view.highlight_field = want_focus;
                }
            });
        });
    Some(Drawn {
        state_id,
        widths: drawn,
        scroll_y: out.state.clamped_offset().y,
    })
}
