//! The schemes table: only the visible rows are drawn; every cell is an
//! input named for tests and screen readers ("Scheme 3 2015/16 spend");
//! the totals rows stay pinned under it.

use super::rows::{Col, Layout};
use super::{View, cell_id, ops};
use crate::calc::checklist::scheme_problems;
use crate::calc::finance::Parts;
use crate::calc::schemes::ChoiceField;
use crate::model::money::{MoneyUnit, exact_in_unit, format_span};
use crate::model::{AmountField, Field, Plan, PlanEdit, RecordId, Scheme, Span};
use crate::ui::Tab;
use crate::ui::cells::{self, EditEnd};
use crate::ui::grid::frozen::{self, BodyRow, Drawn, Frozen};
use crate::ui::grid::widths::Sizing;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::{Align, Key, Modifiers, Response, RichText, Sense, Stroke, Ui, vec2};
use egui_extras::{Column, TableBuilder};

/// Where keyboard navigation goes from a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Next,
    Prev,
    Down,
    Up,
}

/// The initial width of a column.
pub fn col_width(col: Col) -> f32 {
    match col {
        Col::Num => 48.0,
        Col::Reference => 64.0,
        Col::Name => 230.0,
        Col::Area => 110.0,
        Col::AreaOther => 120.0,
        Col::Commissioner => 120.0,
        Col::Provider => 110.0,
        Col::Source => 190.0,
        Col::Programme => 150.0,
        Col::Status => 100.0,
        Col::Spend(_) | Col::Money(..) => 110.0,
        Col::Risks => 46.0,
        Col::Checks => 96.0,
    }
}

/// Column widths that fit `avail` when they can: the text columns share
/// any width left over (no empty strip on a wide screen) or give up width
/// (down to about a little over half, never unreadable) so that the money stays in
/// view; past that the table scrolls sideways. `natural` is the width each
/// column needs and `least` the least it takes (see `natural_widths`). Returns the widths and a key of them
/// (part of the table's id, so that the widths are worked out again when
/// the space or the text size changes).
/// Widths the user dragged (`kept`, `None` for a column that follows the
/// window) stay as they are.
pub fn fitted_widths(
    cols: &[Col],
    avail: f32,
    spacing: f32,
    natural: &[f32],
    least: &[f32],
    kept: &[Option<f32>],
) -> (Vec<f32>, i32) {
    let mut grows: Vec<bool> = cols.iter().map(|c| is_text_col(*c)).collect();
    let mut natural = natural.to_vec();
    widgets::keep_widths(&mut natural, &mut grows, kept);
    let widths = widgets::fit_columns(&natural, &grows, avail, spacing, 0.5, least);
    let key = widgets::widths_key(&widths);
    (widths, key)
}

/// A column of text (the others are numbers, money and marks): it takes
/// the width left over, and gives up width first.
fn is_text_col(c: Col) -> bool {
    !matches!(c, Col::Num | Col::Spend(_) | Col::Money(..) | Col::Risks | Col::Checks)
}

/// The text of a text column.
pub fn text_of(col: Col, s: &Scheme) -> &str {
    match col {
        Col::Reference => &s.reference,
        Col::Name => &s.name,
        Col::AreaOther => &s.area_other,
        c => c.choice().map(|f| f.of(s)).unwrap_or(""),
    }
}

/// The stored field of a text or choice column.
pub fn text_field(col: Col) -> Option<Field> {
    match col {
        Col::Reference => Some(Field::SchemeReference),
        Col::Name => Some(Field::SchemeName),
        Col::AreaOther => Some(Field::AreaOther),
        c => c.choice().map(ChoiceField::field),
    }
}

fn col_label(col: Col) -> &'static str {
    match col {
        Col::Reference => "reference",
        Col::Name => "name",
        Col::AreaOther => "area if Other",
        Col::Area => "area of spend",
        Col::Commissioner => "commissioner",
        Col::Provider => "provider",
        Col::Source => "source of funding",
        Col::Programme => "CCG / programme",
        Col::Status => "status",
        _ => "amount",
    }
}

/// The accessible name of a cell: "Scheme 3 name", "Scheme 3 2015/16 spend",
/// "Scheme 3 2015/16 recurrent spend".
pub fn cell_name(plan: &Plan, number: usize, col: Col) -> String {
    let year = |yi: usize| plan.header.years.get(yi).map(String::as_str).unwrap_or("");
    match col {
        Col::Spend(yi) => format!("Scheme {number} {} spend", year(yi)),
        Col::Money(yi, f) => format!("Scheme {number} {} {}", year(yi), f.word().to_lowercase()),
        c => format!("Scheme {number} {}", col_label(c)),
    }
}

/// True when the cell takes input for this scheme (a split year's total
/// in the simple layout is read-only).
pub fn is_editable(plan: &Plan, s: &Scheme, col: Col) -> bool {
    match col {
        Col::Spend(yi) => !plan
            .header
            .years
            .get(yi)
            .and_then(|y| s.year(y))
            .is_some_and(|y| y.is_split()),
        c => c.is_input(),
    }
}

/// The cell a key press moves to, if any.
pub fn target(plan: &Plan, rows: &[usize], cols: &[Col], from: (RecordId, Col), mv: Move) -> Option<(RecordId, Col)> {
    let di = rows
        .iter()
        .position(|&i| plan.schemes.get(i).map(|s| s.id) == Some(from.0))?;
    let ci = cols.iter().position(|c| *c == from.1)?;
    let scheme = |d: usize| &plan.schemes[rows[d]];
    match mv {
        Move::Next | Move::Prev => {
            let n = cols.len();
            let mut d = di;
            let mut c = ci;
            for _ in 0..(n * 3) {
                if mv == Move::Next {
                    c += 1;
                    if c == n {
                        c = 0;
                        d += 1;
                        if d >= rows.len() {
                            return None;
                        }
                    }
                } else if c == 0 {
                    if d == 0 {
                        return None;
                    }
                    d -= 1;
                    c = n - 1;
                } else {
                    c -= 1;
                }
                if is_editable(plan, scheme(d), cols[c]) {
                    return Some((scheme(d).id, cols[c]));
                }
            }
            None
        }
        Move::Down | Move::Up => {
            let mut d = di;
            for _ in 0..50 {
                if mv == Move::Down {
                    d += 1;
                    if d >= rows.len() {
                        return None;
                    }
                } else {
                    if d == 0 {
                        return None;
                    }
                    d -= 1;
                }
                if is_editable(plan, scheme(d), from.1) {
                    return Some((scheme(d).id, from.1));
                }
            }
            None
        }
    }
}

/// True when a cell of the table has the keyboard and nothing was typed
/// in it yet: then Undo and Redo are the plan's (as in a spreadsheet), not
/// the cell's. The app asks before matching shortcuts.
pub fn focused_cell_untouched(ctx: &egui::Context, plan: &Plan, view: &View) -> bool {
    let Some(from) = view.focused_cell else {
        return false;
    };
    !view.popup_open && ctx.memory(|m| m.has_focus(cell_id(from.0, from.1))) && cell_untouched(ctx, plan, from)
}

/// True when the focused cell still holds what it held when its edit
/// began (nothing typed in it yet).
fn cell_untouched(ctx: &egui::Context, plan: &Plan, (rid, col): (RecordId, Col)) -> bool {
    let Some(s) = plan.schemes.iter().find(|s| s.id == rid) else {
        return false;
    };
    let orig_id = cell_id(rid, col).with("orig");
    match col {
        Col::Spend(yi) | Col::Money(yi, _) => {
            let field = match col {
                Col::Money(_, f) => f,
                _ => AmountField::Spend,
            };
            let y = plan.header.years.get(yi).and_then(|y| s.year(y));
            let now = (
                y.and_then(|y| *y.get(field)),
                y.and_then(|y| y.unparsed(field)).map(str::to_string),
            );
            ctx.data(|d| d.get_temp::<(Option<crate::model::Amount>, Option<String>)>(orig_id))
                .is_some_and(|o| o == now)
        }
        c => ctx
            .data(|d| d.get_temp::<String>(orig_id))
            .is_some_and(|o| o == text_of(c, s)),
    }
}

/// Keys that move between cells, handled before egui moves the focus
/// itself, so that moving works across rows not drawn yet. (Ctrl+Z in a
/// cell nothing was typed in yet is the plan's Undo: see
/// [`focused_cell_untouched`].)
pub fn handle_keys(ui: &mut Ui, plan: &Plan, view: &mut View) {
    let Some(from) = view.focused_cell else {
        return;
    };
    if !ui.memory(|m| m.has_focus(cell_id(from.0, from.1))) {
        view.focused_cell = None;
        return;
    }
    if view.popup_open {
        // the list of suggestions takes the keys
        return;
    }
    let mv = ui.input_mut(|i| {
        if i.consume_key(Modifiers::SHIFT, Key::Tab) {
            Some(Move::Prev)
        } else if i.consume_key(Modifiers::NONE, Key::Tab) {
            Some(Move::Next)
        } else if i.modifiers.is_none() && i.consume_key(Modifiers::NONE, Key::ArrowDown) {
            Some(Move::Down)
        } else if i.modifiers.is_none() && i.consume_key(Modifiers::NONE, Key::ArrowUp) {
            Some(Move::Up)
        } else {
            None
        }
    });
    if let Some(mv) = mv {
        // egui would move the focus to the next widget drawn: we choose
        ui.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        go(plan, view, from, mv);
    }
}

/// Sends the focus from a cell in a direction (next frame if the row is
/// not drawn yet).
pub fn go(plan: &Plan, view: &mut View, from: (RecordId, Col), mv: Move) {
    let cols = view.columns_cache.clone();
    if let Some(t) = target(plan, &view.cache.rows, &cols, from, mv) {
        focus_cell(plan, view, t);
    }
}

/// Asks for a cell to get the keyboard focus, scrolling its row into view.
pub fn focus_cell(plan: &Plan, view: &mut View, t: (RecordId, Col)) {
    let row = view
        .cache
        .rows
        .iter()
        .position(|&i| plan.schemes.get(i).map(|s| s.id) == Some(t.0));
    if row.is_some() {
        view.pending_focus = Some(t);
        view.scroll_to_row = row;
    }
}

/// The width each column needs at the current text size: its screen
/// width grown with the text, its heading whole (with room for the sort
/// arrow), the row numbers and the checks whole, and the plan's totals
/// whole (the widest text of a money column, e.g. "6,903,746 – 7,175,916").
/// In steps of 10 points so the table's widths change rarely.
/// Also returns the least width of each (its heading's longest word).
fn natural_widths(ui: &Ui, ctx: &TabCtx, cols: &[Col], rows: usize) -> (Vec<f32>, Vec<f32>) {
    let fin = &ctx.summary.finance;
    let unit = ctx.plan.settings.display_unit;
    let years = &ctx.plan.header.years;
    let scale = widgets::text_scale(ui);
    let body = |t: &str| widgets::text_width(ui, t, egui::TextStyle::Body, false);
    // the cell's margins
    let pad = 10.0 * scale;
    cols.iter()
        .map(|&c| {
            let (line1, line2) = header_lines(ctx.plan, c, unit);
            // a text column's title wraps onto two lines: its longest
            // word must fit
            let heading = if is_text_col(c) {
                line2.split_whitespace().collect::<Vec<_>>()
            } else {
                vec![line1.as_str(), line2.as_str()]
            }
            .iter()
            .map(|l| widgets::text_width(ui, l, egui::TextStyle::Body, true))
            .fold(0.0, f32::max)
                + pad
                + 6.0 * scale;
            let content = match c {
                Col::Num => body(&rows.max(1).to_string()) + pad * 2.0,
                // the painted mark, then the count
                Col::Checks => ui.text_style_height(&egui::TextStyle::Body) + body("9 problems") + pad,
                Col::Spend(yi) | Col::Money(yi, _) => years.get(yi).map_or(0.0, |y| {
                    let parts = fin.parts(y);
                    let span = match c {
                        Col::Money(_, f) => parts.field(f),
                        _ => parts.spend(),
                    };
                    // room for the strong total
                    widgets::text_width(ui, &format_span(&span, unit), egui::TextStyle::Body, true) + pad
                }),
                _ => 0.0,
            };
            // the text columns start from their screen width; the others
            // are as wide as what they show
            let base = if is_text_col(c) {
                col_width(c) * scale
            } else {
                24.0 * scale
            };
            let w = base.max(heading).max(content);
            ((w / 10.0).ceil() * 10.0, heading.max(60.0 * scale).ceil())
        })
        .unzip()
}

/// Draws the table and its totals.
pub fn show(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands, cols: &[Col]) {
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    let text_h = ui.text_style_height(&egui::TextStyle::Body);
    let row_h = (text_h + 12.0).max(ui.spacing().interact_size.y + 4.0);
    let header_h = text_h * 2.0 + 10.0;
    let filtered = view.filter.is_active();
    let totals_rows = if filtered { 2.0 } else { 1.0 };
    let totals_h = totals_rows * (row_h + 2.0) + 10.0;
    let avail_h = ui.available_height();
    let body_h = (avail_h - header_h - totals_h - 24.0).max(row_h * 3.0);

    let avail_w = ui.available_width();
    let block_area = super::block::area(plan, view);
    let rows = std::mem::take(&mut view.cache.rows);

    let spacing = widgets::table_gap(ui);
    let scale = widgets::text_scale(ui);
    let sizing = Sizing::begin(
        ui,
        super::remember::WIDTHS_TABLE,
        super::remember::width_names(view.layout, cols),
    );
    let (natural, least) = natural_widths(ui, ctx, cols, plan.schemes.len());
    // room for the vertical scroll bar
    let avail = avail_w - widgets::scroll_bar_room(ui);
    let (widths, key) = fitted_widths(cols, avail, spacing, &natural, &least, sizing.kept());
    // the row number, the reference and the name stay at the left edge
    let want = cols.iter().position(|c| *c == Col::Name).map_or(1, |i| i + 1);
    frozen::scroll_sideways(ui, "schemes_hscroll", sizing, &widths, key, want, |ui, frozen, keep| {
        ui.vertical(|ui| {
            let salt = ("schemes_table", view.layout == Layout::Simple, cols.len(), key);
            let state_id = ui.scope_id().with(egui::IdSalt::new(salt));
            let mut table = TableBuilder::new(ui)
                .id_salt(salt)
                .striped(true)
                .resizable(true)
                .cell_layout(egui::Layout::left_to_right(Align::Center))
                .min_scrolled_height(body_h)
                .max_scroll_height(body_h)
                .auto_shrink([true, false]);
            for (&c, &w) in cols.iter().zip(&widths) {
                table = table.column(match c {
                    Col::Num => Column::exact(w),
                    Col::Name => Column::initial(w).at_least(100.0 * scale).clip(true),
                    _ => Column::initial(w).at_least(40.0 * scale).clip(true),
                });
            }
            if let Some(r) = view.scroll_to_row.take() {
                table = table.scroll_to_row(r, None);
            } else if let Some(y) = keep {
                table = table.vertical_scroll_offset(y);
            }
            let out = table
                .header(header_h, |mut h| {
                    for (ci, &c) in cols.iter().enumerate() {
                        h.col(|ui| {
                            frozen.cell(ui, ci, None, |ui| header_cell(ui, plan, view, c, unit));
                        });
                    }
                })
                .body(|body| {
                    view.widths = body.widths().to_vec();
                    body.rows(row_h, rows.len(), |mut row| {
                        let di = row.index();
                        let Some(s) = rows.get(di).and_then(|&i| plan.schemes.get(i)) else {
                            return;
                        };
                        let file_index = rows[di];
                        let selected = view.selected == Some(s.id);
                        row.set_selected(selected);
                        let problems = scheme_problems(plan, s);
                        let look = Some(BodyRow { index: di, selected });
                        for (ci, &c) in cols.iter().enumerate() {
                            row.col(|ui| {
                                frozen.cell(ui, ci, look, |ui| {
                                    body_cell(ui, ctx, view, cmds, s, file_index, c, &problems);
                                    if let Some(a) = &block_area {
                                        crate::ui::grid::block::paint_cell(ui, a, di, ci);
                                    }
                                });
                            });
                        }
                    });
                });
            totals(ui, ctx, view, cols, row_h, filtered, rows.len(), frozen);
            Some(Drawn {
                state_id,
                widths: view.widths.clone(),
                scroll_y: out.state.clamped_offset().y,
            })
        })
        .inner
    });
    view.cache.rows = rows;
    if let Some((from, mv)) = view.nav_request.take() {
        go(plan, view, from, mv);
    }
}

/// A column's heading: the year and unit of a money column, and its title.
fn header_lines(plan: &Plan, col: Col, unit: MoneyUnit) -> (String, String) {
    let year = |yi: usize| {
        format!(
            "{} {}",
            plan.header.years.get(yi).map(String::as_str).unwrap_or(""),
            unit.label()
        )
    };
    match col {
        Col::Spend(yi) => (year(yi), "Spend".to_string()),
        Col::Money(yi, _) => (year(yi), col.title().to_string()),
        c => (String::new(), c.title().to_string()),
    }
}

fn header_cell(ui: &mut Ui, plan: &Plan, view: &mut View, col: Col, unit: MoneyUnit) {
    let (line1, line2) = header_lines(plan, col, unit);
    let sorted = view.sort.filter(|s| s.col == col);
    let text = if line1.is_empty() {
        line2.clone()
    } else {
        format!("{line1}\n{line2}")
    };
    let align = if col.is_money() { Align::Max } else { Align::Min };
    let resp = ui
        .with_layout(egui::Layout::top_down(align), |ui| {
            ui.add(
                egui::Button::new(RichText::new(text).strong())
                    .frame(false)
                    // a text column's title may take two lines; money
                    // headings are as wide as their column
                    .wrap_mode(if col.is_money() {
                        egui::TextWrapMode::Extend
                    } else {
                        egui::TextWrapMode::Wrap
                    }),
            )
        })
        .inner;
    if let Some(s) = sorted {
        // a painted arrow: up for ascending, down for descending (left of
        // right-aligned money headers)
        let r = resp.rect;
        let c = if col.is_money() {
            egui::pos2(r.left() - 8.0, r.bottom() - 7.0)
        } else {
            egui::pos2(r.right() + 7.0, r.bottom() - 7.0)
        };
        let color = ui.visuals().strong_text_color();
        let pts = if s.descending {
            vec![
                egui::pos2(c.x - 4.0, c.y - 3.0),
                egui::pos2(c.x + 4.0, c.y - 3.0),
                egui::pos2(c.x, c.y + 3.0),
            ]
        } else {
            vec![
                egui::pos2(c.x - 4.0, c.y + 3.0),
                egui::pos2(c.x + 4.0, c.y + 3.0),
                egui::pos2(c.x, c.y - 3.0),
            ]
        };
        ui.painter().add(egui::Shape::convex_polygon(pts, color, Stroke::NONE));
    }
    let what = match col {
        Col::Num => "the plan's order".to_string(),
        Col::Status => "status (the worst first)".to_string(),
        Col::Risks => "the number of linked risks".to_string(),
        Col::Checks => "the number of problems".to_string(),
        _ => line2.to_lowercase(),
    };
    let hint = match sorted {
        None => format!("Sort by {what}"),
        Some(s) if !s.descending => format!("Sorted by {what}, ascending: click for descending"),
        Some(_) => format!("Sorted by {what}, descending: click for the plan's order"),
    };
    let resp = resp.on_hover_text(hint);
    if resp.clicked() {
        view.sort = match sorted {
            None => Some(super::rows::SortBy { col, descending: false }),
            Some(s) if !s.descending => Some(super::rows::SortBy { col, descending: true }),
            Some(_) => None,
        };
    }
}

/// Marks a cell whose value a check complains about: a red border, and
/// the problem on hover.
fn mark_problem(ui: &Ui, resp: &Response, problem: &str) {
    ui.painter().rect_stroke(
        resp.rect,
        2.0,
        Stroke::new(2.0, widgets::error_color(ui)),
        egui::StrokeKind::Inside,
    );
    if !resp.has_focus() {
        let _ = resp.clone().on_hover_text(problem.to_string());
    }
}

/// After any input cell: selection, focus tracking, scrolling, and where
/// Enter sends the focus.
fn after_input(view: &mut View, rid: RecordId, col: Col, resp: &Response, enter: Option<bool>, popup_open: bool) {
    super::block::shift_click(view, (rid, col), resp);
    if resp.gained_focus() {
        view.selected = Some(rid);
        resp.scroll_to_me(None);
    }
    if resp.has_focus() {
        view.focused_cell = Some((rid, col));
        view.focused_rect = Some(resp.rect);
        view.popup_open = popup_open;
    }
    super::block::drag_over(view, (rid, col), resp);
    if let Some(shift) = enter {
        view.nav_request = Some(((rid, col), if shift { Move::Up } else { Move::Down }));
    }
}

#[allow(clippy::too_many_arguments)]
fn body_cell(
    ui: &mut Ui,
    ctx: &TabCtx,
    view: &mut View,
    cmds: &mut Commands,
    s: &Scheme,
    file_index: usize,
    col: Col,
    problems: &[(&'static str, String)],
) {
    let plan = ctx.plan;
    let rid = s.id;
    let number = file_index + 1;
    let id = cell_id(rid, col);
    if view.pending_focus == Some((rid, col)) {
        ui.memory_mut(|m| m.request_focus(id));
        view.pending_focus = None;
    }
    let problem = col
        .field_key()
        .filter(|k| *k != "years")
        .and_then(|k| problems.iter().find(|(f, _)| *f == k))
        .map(|(_, p)| p.clone());
    match col {
        Col::Num => {
            let selected = view.selected == Some(rid);
            let resp = ui
                .add(egui::Button::selectable(selected, number.to_string()).min_size(vec2(ui.available_width(), 0.0)))
                .on_hover_text("Select this scheme (right-click for row actions)");
            widgets::set_name(ui, &resp, &format!("Select scheme {number}"));
            if resp.clicked() {
                view.selected = Some(rid);
                if !view.show_panel {
                    view.show_panel = true;
                    view.panel = super::Panel::Details;
                }
            }
            if !ctx.locked {
                resp.context_menu(|ui| super::row_menu(ui, view, rid));
            }
        }
        Col::Risks => {
            let n = view.cache.risks.get(&rid).copied().unwrap_or(0);
            let text = if n == 0 { "–".to_string() } else { n.to_string() };
            let resp = ui.add(egui::Button::new(text).frame(false)).on_hover_text(if n == 0 {
                "No risk is linked to this scheme".to_string()
            } else {
                format!("{n} risk(s) linked to this scheme: open the Risks tab")
            });
            widgets::set_name(ui, &resp, &format!("Scheme {number} linked risks: {n}"));
            if resp.clicked() && n > 0 {
                cmds.go_to(Tab::Risks, None, None);
            }
        }
        Col::Checks => {
            if problems.is_empty() {
                ui.label(RichText::new("OK").weak())
                    .on_hover_text("Every check on this scheme is met");
            } else {
                let text = if problems.len() == 1 {
                    "1 problem".to_string()
                } else {
                    format!("{} problems", problems.len())
                };
                let color = widgets::error_color(ui);
                let list = problems
                    .iter()
                    .map(|(_, p)| format!("• {p}"))
                    .collect::<Vec<_>>()
                    .join("\n");
                let resp = ui
                    .horizontal(|ui| {
                        let (r, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                        let c = r.center();
                        ui.painter().add(egui::Shape::convex_polygon(
                            vec![
                                egui::pos2(c.x, c.y - 6.0),
                                egui::pos2(c.x + 6.0, c.y + 5.0),
                                egui::pos2(c.x - 6.0, c.y + 5.0),
                            ],
                            color,
                            Stroke::NONE,
                        ));
                        ui.add(egui::Button::new(RichText::new(text).color(color)).frame(false))
                    })
                    .inner
                    .on_hover_text(format!("{list}\n\nClick to see the scheme's details"));
                if resp.clicked() {
                    view.selected = Some(rid);
                    view.show_panel = true;
                    view.panel = super::Panel::Details;
                }
            }
        }
        Col::Spend(_) | Col::Money(..) => money_cell(ui, ctx, view, cmds, s, number, col),
        _ if ctx.locked => {
            let resp = ui.label(text_of(col, s));
            if let Some(p) = &problem {
                mark_problem(ui, &resp, p);
            }
        }
        Col::Reference | Col::Name | Col::AreaOther => {
            let value = text_of(col, s);
            let hint = match col {
                Col::Name => "name needed",
                Col::AreaOther if s.area_of_spend.trim().eq_ignore_ascii_case("other") => "please specify",
                _ => "",
            };
            let out = cells::text_cell(ui, id, value, &cell_name(plan, number, col), ui.available_width(), hint);
            let (key, label) = typing_names(rid, col);
            if let Some(f) = text_field(col) {
                if let Some(v) = out.changed {
                    cmds.typing(label(), key(), ops::set_text(rid, f.clone(), v));
                }
                if let EditEnd::Cancelled(orig) = &out.end
                    && orig != value
                {
                    cmds.typing(label(), key(), ops::set_text(rid, f, orig.clone()));
                }
            }
            if let Some(p) = &problem {
                mark_problem(ui, &out.response, p);
            }
            let enter = match out.end {
                EditEnd::Committed { enter: true, shift } => Some(shift),
                _ => None,
            };
            after_input(view, rid, col, &out.response, enter, false);
        }
        _ => {
            let Some(field) = col.choice() else {
                return;
            };
            let value = field.of(s);
            let focused = ui.memory(|m| m.has_focus(id));
            let options: &[String] = if focused {
                view.cache.options(plan, field, Some(rid), ctx.generation)
            } else {
                &[]
            };
            let out = cells::choice_cell(
                ui,
                id,
                value,
                options,
                &cell_name(plan, number, col),
                ui.available_width(),
            );
            let (key, label) = typing_names(rid, col);
            if let Some(v) = out.changed {
                cmds.typing(label(), key(), ops::set_text(rid, field.field(), v));
            }
            match &out.end {
                EditEnd::Cancelled(orig) if orig != value => {
                    cmds.typing(label(), key(), ops::set_text(rid, field.field(), orig.clone()));
                }
                EditEnd::Committed { .. } => remember(plan, cmds, field, value),
                _ => {}
            }
            if let Some(p) = &problem {
                mark_problem(ui, &out.response, p);
            }
            if field == ChoiceField::Status && !value.trim().is_empty() && !out.response.has_focus() {
                // the RAG the status means, as a shape at the cell's right
                let rag = crate::calc::scheme_rag(plan, s);
                let r = out.response.rect;
                let (bg, _) = widgets::rag_colors(rag);
                widgets::paint_rag_shape(ui.painter(), egui::pos2(r.right() - 10.0, r.center().y), 5.0, rag, bg);
            }
            let enter = match out.end {
                EditEnd::Committed { enter: true, shift } => Some(shift),
                _ => None,
            };
            after_input(view, rid, col, &out.response, enter, out.popup_open);
            if out.accepted_with_tab {
                view.nav_request = Some(((rid, col), Move::Next));
            }
        }
    }
}

/// The typing key (keystrokes with the same key make one undo step) and
/// the undo label of a text or choice cell, made only when the cell
/// changes (a frame draws hundreds of cells and changes at most one).
fn typing_names(rid: RecordId, col: Col) -> (impl Fn() -> String, impl Fn() -> String) {
    (
        move || format!("scheme.{rid}.{col:?}"),
        move || format!("Edit scheme {}", col_label(col)),
    )
}

/// Adds a value typed into a choice field to the plan's own list, so the
/// next row offers it too.
pub fn remember(plan: &Plan, cmds: &mut Commands, field: ChoiceField, value: &str) {
    if let Some(settings) = field.remembered(plan, value) {
        cmds.edit(
            format!(
                "Add \u{201c}{}\u{201d} to the {} list",
                value.trim(),
                field.word().to_lowercase()
            ),
            PlanEdit::SetSettings(Box::new(settings)),
        );
    }
}

fn money_cell(ui: &mut Ui, ctx: &TabCtx, view: &mut View, cmds: &mut Commands, s: &Scheme, number: usize, col: Col) {
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    let rid = s.id;
    let (yi, field) = match col {
        Col::Spend(yi) => (yi, AmountField::Spend),
        Col::Money(yi, f) => (yi, f),
        _ => return,
    };
    let Some(year) = plan.header.years.get(yi) else {
        return;
    };
    let sy = s.year(year);
    let split = matches!(col, Col::Spend(_)) && sy.is_some_and(|y| y.is_split());
    if split || ctx.locked {
        let (text, hover) = match sy {
            Some(y) if split => {
                let part = |a: &Option<crate::model::Amount>| {
                    a.as_ref()
                        .map(|a| format_span(&Span::of(a), unit))
                        .unwrap_or_else(|| "none".into())
                };
                let mut h = format!(
                    "Total spend of {year}: recurrent {}, non-recurrent {}",
                    part(&y.recurrent),
                    part(&y.non_recurrent)
                );
                if y.spend.is_some() {
                    h.push_str(&format!(", not split {}", part(&y.spend)));
                }
                h.push_str(&format!(
                    " ({}).\nThis scheme's spend is split: edit the parts in the Detailed layout or in the details panel.",
                    unit.label()
                ));
                (format_span(&y.total_spend(), unit), h)
            }
            Some(y) => (
                y.get(field)
                    .as_ref()
                    .map(|a| format_span(&Span::of(a), unit))
                    .or_else(|| y.unparsed(field).map(str::to_string))
                    .unwrap_or_default(),
                String::new(),
            ),
            None => (String::new(), String::new()),
        };
        let resp = cells::money_label(ui, &text, false, None);
        if !hover.is_empty() {
            let resp = resp.interact(Sense::click()).on_hover_text(hover);
            if resp.clicked() {
                view.selected = Some(rid);
                view.show_panel = true;
                view.panel = super::Panel::Details;
            }
        }
        return;
    }
    let value = sy.and_then(|y| *y.get(field));
    let unparsed = sy.and_then(|y| y.unparsed(field));
    let id = cell_id(rid, col);
    let out = cells::money_cell(
        ui,
        id,
        &value,
        unparsed,
        unit,
        &cell_name(plan, number, col),
        ui.available_width(),
    );
    if let Some(a) = value
        && a.is_inverted()
        && unparsed.is_none()
    {
        mark_problem(
            ui,
            &out.response,
            "The minimum of this range is above its maximum: swap them (the totals add them as typed)",
        );
    } else if let Some(a) = value
        && unparsed.is_none()
        && !out.response.has_focus()
    {
        // the exact amount (the cell rounds to the unit)
        let _ = out.response.clone().on_hover_ui(|ui| {
            let span = Span::of(&a);
            if a.is_range() {
                ui.label(format!(
                    "A range: {} (totals add minimum and maximum separately)",
                    exact_pounds(&span)
                ));
            } else {
                ui.label(exact_pounds(&span));
            }
        });
    }
    if let Some(e) = ops::set_money(rid, year, field, out.change) {
        let key = format!("scheme.{rid}.{year}.{}", field.key());
        let label = format!("Edit {year} {}", field.word().to_lowercase());
        cmds.typing(label, key, e);
    }
    let enter = match out.end {
        EditEnd::Committed { enter: true, shift } => Some(shift),
        _ => None,
    };
    after_input(view, rid, col, &out.response, enter, false);
}

/// The totals pinned under the table: all schemes, and the shown ones when
/// a filter hides some.
#[allow(clippy::too_many_arguments)]
fn totals(
    ui: &mut Ui,
    ctx: &TabCtx,
    view: &View,
    cols: &[Col],
    row_h: f32,
    filtered: bool,
    shown: usize,
    frozen: &Frozen,
) {
    let plan = ctx.plan;
    let fin = &ctx.summary.finance;
    let unit = plan.settings.display_unit;
    let spacing = ui.spacing().item_spacing.x;
    ui.add_space(2.0);
    let line_color = ui.visuals().widgets.noninteractive.bg_stroke.color;
    let (r, _) = ui.allocate_exact_size(
        vec2(view.widths.iter().map(|w| w + spacing).sum::<f32>(), 2.0),
        Sense::hover(),
    );
    ui.painter()
        .hline(r.x_range(), r.center().y, Stroke::new(2.0, line_color));
    let row = |ui: &mut Ui, label: String, hover: String, parts: &dyn Fn(&str) -> Parts, strong: bool| {
        ui.horizontal(|ui| {
            ui.spacing_mut().item_spacing.x = spacing;
            let label_col = cols.iter().position(|c| *c == Col::Name).unwrap_or(0);
            for (i, &c) in cols.iter().enumerate() {
                let w = view.widths.get(i).copied().unwrap_or(col_width(c));
                let (rect, _) = ui.allocate_exact_size(vec2(w, row_h), Sense::hover());
                // the label stays in view with the frozen name column
                let (rect, clip) = frozen.place(i, rect, ui.clip_rect());
                let mut cell = ui.new_child(
                    egui::UiBuilder::new()
                        .max_rect(rect)
                        .layout(egui::Layout::left_to_right(Align::Center)),
                );
                cell.set_clip_rect(rect.intersect(clip));
                if i == label_col {
                    let mut t = RichText::new(&label);
                    if strong {
                        t = t.strong();
                    }
                    cell.label(t).on_hover_text(&hover);
                    continue;
                }
                let span = match c {
                    Col::Spend(yi) => plan.header.years.get(yi).map(|y| parts(y).spend()),
                    Col::Money(yi, f) => plan.header.years.get(yi).map(|y| parts(y).field(f)),
                    _ => None,
                };
                if let Some(span) = span {
                    let text = format_span(&span, unit);
                    let resp = cells::money_label(&mut cell, &text, strong, None);
                    let _ = resp.on_hover_text(format!("{} {}", exact_pounds(&span), ""));
                }
            }
        });
    };
    let n = plan.schemes.len();
    let all_label = if filtered {
        format!("Total ({})", crate::model::money::group_thousands(n as u128))
    } else {
        "Total".to_string()
    };
    let mut hover = format!(
        "Adds all {n} scheme{} of the plan; ranges add as ranges (minimum and maximum separately).",
        if n == 1 { "" } else { "s" }
    );
    if fin.unparsed_count > 0 {
        hover.push_str(&format!(
            "\n{} amount(s) could not be read and are not counted: see the Checks column.",
            fin.unparsed_count
        ));
    }
    if filtered {
        let shown_parts = &view.cache.shown;
        row(
            ui,
            format!("Shown ({})", widgets::of_count(shown, n)),
            "Adds the schemes the filter shows".into(),
            &|y: &str| shown_parts.get(y).copied().unwrap_or_default(),
            false,
        );
    }
    row(ui, all_label, hover, &|y: &str| fin.parts(y), true);
    if fin.unparsed_count > 0 {
        ui.label(
            RichText::new(format!(
                "{} amount{} not read (kept as typed, not counted)",
                fin.unparsed_count,
                if fin.unparsed_count == 1 { "" } else { "s" }
            ))
            .color(widgets::error_color(ui)),
        );
    }
}

/// "£101,404,000.00" style exact text for a total's hover.
fn exact_pounds(span: &Span) -> String {
    let p = |v: i128| format!("£{}", exact_in_unit(v, MoneyUnit::Pounds));
    if span.is_range() {
        format!("{} to {}", p(span.min_pence), p(span.max_pence))
    } else {
        p(span.min_pence)
    }
}
