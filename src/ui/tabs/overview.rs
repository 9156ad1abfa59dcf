//! The Overview tab: the plan's story on one screen. Money per year against
//! the minimum pooled budget (ranges as ranges), the plan's RAG with the
//! rule that gave it, RAG by area with counts, the metrics with their RAG
//! and direction of travel, the risk heat map in small and the worst
//! risks, sign-off and checklist progress. Everything clicks through to
//! its record.
//!
//! One function draws it everywhere: the tab ([`show`]), presentation mode
//! and the audience window ([`dashboard`] with a [`Look`]), where values
//! that just changed are highlighted.

use crate::calc::metrics::{Basis, format_pair};
use crate::calc::risks::{ScoreKind, plan_heat_summary};
use crate::calc::signoffs::SignOffState;
use crate::model::money::{MoneyUnit, format_span};
use crate::model::{Rag, RecordId, Span};
use crate::ui::Tab;
use crate::ui::heatmap::{HeatMap, heat_cell_field};
use crate::ui::present::{Glow, Highlights, counts_text, paint_glow};
use crate::ui::tabs::metrics::travel_marker;
use crate::ui::widgets;
use crate::ui::{Commands, TabCtx};
use egui::{Frame, Label, RichText, ScrollArea, Sense, TextStyle, Ui, WidgetInfo};

#[derive(Default)]
pub struct View {}

/// How the Overview is drawn.
#[derive(Clone, Copy, Default)]
pub struct Look<'a> {
    /// Presentation mode or the audience window: the plan's title, large
    /// chips, fewer rows.
    pub present: bool,
    /// What changed in the last seconds, highlighted (presentation mode and
    /// the audience window).
    pub highlights: Option<Highlights<'a>>,
}

impl Look<'_> {
    fn glow(&self, key: &str) -> Option<Glow<'_>> {
        self.highlights.as_ref().and_then(|h| h.get(key))
    }
}

/// The Overview tab.
pub fn show(ui: &mut Ui, ctx: &TabCtx, _view: &mut View, cmds: &mut Commands) {
    dashboard(ui, ctx, &Look::default(), Some(cmds));
}

/// Text sizes, from the text styles (so the projector styles make it all
/// large): the smallest is never below the Small style.
struct Sizes {
    text: f32,
    small: f32,
    chip: f32,
    big: f32,
    head: f32,
    title: f32,
}

impl Sizes {
    fn of(ui: &Ui, present: bool) -> Sizes {
        let body = TextStyle::Body.resolve(ui.style()).size;
        let small = TextStyle::Small.resolve(ui.style()).size;
        if present {
            Sizes {
                text: body,
                small: small.max(body * 0.9),
                chip: body * 1.15,
                big: body * 1.9,
                head: body * 1.2,
                title: body * 1.45,
            }
        } else {
            Sizes {
                text: body * 1.12,
                small: body,
                chip: body * 1.2,
                big: body * 2.2,
                head: body * 1.4,
                title: body * 1.7,
            }
        }
    }
}

/// Where clicks go: nowhere in the audience window.
struct Nav<'c> {
    cmds: Option<&'c mut Commands>,
    n: usize,
}

impl Nav<'_> {
    fn on(&self) -> bool {
        self.cmds.is_some()
    }
    fn go(&mut self, tab: Tab, record: Option<RecordId>, field: Option<&'static str>) {
        if let Some(c) = self.cmds.as_deref_mut() {
            c.go_to(tab, record, field);
        }
    }

    /// Draws `add` (highlighted when `glow`); when clicks go somewhere, its
    /// whole area is a link named `name` with `hover` as the tooltip.
    /// Returns true when clicked.
    fn item(&mut self, ui: &mut Ui, glow: Option<Glow>, name: &str, hover: &str, add: impl FnOnce(&mut Ui)) -> bool {
        let behind = ui.painter().add(egui::Shape::Noop);
        let rect = ui.scope(add).response.rect;
        self.n += 1;
        let mut clicked = false;
        let mut hovered = false;
        let id = ui.scope_id().with(("overview_item", self.n));
        if self.on() {
            let resp = ui.interact(rect, id, Sense::click());
            resp.widget_info(|| WidgetInfo::labeled(egui::Role::Link, true, name));
            hovered = resp.hovered();
            if hovered {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            }
            clicked = resp.on_hover_text(hover).clicked();
        } else {
            // named for screen readers (and tests), not clickable
            let resp = ui.interact(rect, id, Sense::hover());
            resp.widget_info(|| WidgetInfo::labeled(egui::Role::Group, true, name));
        }
        if let Some(g) = glow {
            paint_glow(ui, behind, rect, g.strength);
        } else if hovered {
            let fill = ui.visuals().widgets.hovered.weak_bg_fill;
            ui.painter()
                .set(behind, egui::epaint::RectShape::filled(rect.expand(3.0), 4.0, fill));
        }
        clicked
    }
}

/// The Overview: `cmds` is where clicks go (`None` in the audience window).
pub fn dashboard(ui: &mut Ui, ctx: &TabCtx, look: &Look, cmds: Option<&mut Commands>) {
    let mut nav = Nav { cmds, n: 0 };
    let sz = Sizes::of(ui, look.present);
    let scroll_to_checklist = ctx.focus.is_some_and(|f| f.field == Some("checklist"));
    ScrollArea::vertical()
        .id_salt("overview_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.add_space((sz.text * 0.3).round());
            header(ui, ctx, look, &sz, &mut nav);
            ui.add_space((sz.text * 0.4).round());
            let gap = (sz.text * 0.7).round();
            let avail = ui.available_width();
            let min_col = sz.text * 20.0;
            let cols = (((avail + gap) / (min_col + gap)).floor() as usize).clamp(1, 3);
            let mut checklist_rect = None;
            if cols == 3 {
                // money, RAG by area across, then the rest
                money(ui, ctx, look, &sz, &mut nav);
                operating(ui, ctx, look, &sz, &mut nav);
                areas_strip(ui, ctx, look, &sz, &mut nav);
                columns(ui, 3, gap, |c| {
                    metrics(&mut c[0], ctx, look, &sz, &mut nav);
                    risks(&mut c[1], ctx, look, &sz, &mut nav);
                    signoffs(&mut c[2], ctx, look, &sz, &mut nav);
                    checklist_rect = Some(checklist(&mut c[2], ctx, look, &sz, &mut nav));
                });
            } else if cols >= 2 {
                money(ui, ctx, look, &sz, &mut nav);
                operating(ui, ctx, look, &sz, &mut nav);
                columns(ui, 2, gap, |c| {
                    areas(&mut c[0], ctx, look, &sz, &mut nav, 0.0);
                    signoffs(&mut c[0], ctx, look, &sz, &mut nav);
                    checklist_rect = Some(checklist(&mut c[0], ctx, look, &sz, &mut nav));
                    metrics(&mut c[1], ctx, look, &sz, &mut nav);
                    risks(&mut c[1], ctx, look, &sz, &mut nav);
                });
            } else {
                money(ui, ctx, look, &sz, &mut nav);
                operating(ui, ctx, look, &sz, &mut nav);
                areas(ui, ctx, look, &sz, &mut nav, 0.0);
                metrics(ui, ctx, look, &sz, &mut nav);
                risks(ui, ctx, look, &sz, &mut nav);
                signoffs(ui, ctx, look, &sz, &mut nav);
                checklist_rect = Some(checklist(ui, ctx, look, &sz, &mut nav));
            }
            if scroll_to_checklist && let Some(r) = checklist_rect {
                ui.scroll_to_rect(r, Some(egui::Align::TOP));
            }
        });
}

/// Columns of whole-point widths `gap` apart, each laid out top-down.
fn columns(ui: &mut Ui, n: usize, gap: f32, add: impl FnOnce(&mut [Ui])) {
    let n = n.max(1);
    let avail = ui.available_width().floor();
    let w = ((avail - gap * (n as f32 - 1.0)) / n as f32).floor().max(1.0);
    let top_left = ui.cursor().min;
    let mut cols: Vec<Ui> = (0..n)
        .map(|i| {
            let x = top_left.x + i as f32 * (w + gap);
            let rect = egui::Rect::from_min_max(egui::pos2(x, top_left.y), egui::pos2(x + w, ui.max_rect().bottom()));
            let mut c = ui.new_child(
                egui::UiBuilder::new()
                    .max_rect(rect)
                    .layout(egui::Layout::top_down(egui::Align::LEFT)),
            );
            c.set_width(w);
            c
        })
        .collect();
    add(&mut cols);
    let h = cols.iter().map(|c| c.min_rect().height()).fold(0.0, f32::max);
    ui.advance_cursor_after_rect(egui::Rect::from_min_size(top_left, egui::vec2(avail, h)));
}

/// A card: a framed block with a title, at least `min_h` high inside.
/// Returns its rect and the height its contents needed.
fn card_min(ui: &mut Ui, sz: &Sizes, title: &str, min_h: f32, add: impl FnOnce(&mut Ui)) -> (egui::Rect, f32) {
    let v = ui.visuals();
    let frame = Frame::new()
        .fill(v.extreme_bg_color)
        .stroke(v.widgets.noninteractive.bg_stroke)
        .corner_radius(8.0)
        .inner_margin((sz.text * 0.7).round());
    let mut natural = 0.0;
    let r = frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let top = ui.min_rect().top();
            ui.label(RichText::new(title).size(sz.head).strong());
            ui.add_space((sz.text * 0.2).round());
            add(ui);
            natural = (ui.min_rect().bottom() - top).ceil();
            let gap = ui.spacing().item_spacing.y;
            if natural + gap < min_h {
                ui.add_space(min_h - natural - gap);
            }
        })
        .response
        .rect;
    ui.add_space((sz.text * 0.6).round());
    (r, natural)
}

/// A card: a framed block with a title. Returns its rect.
fn card(ui: &mut Ui, sz: &Sizes, title: &str, add: impl FnOnce(&mut Ui)) -> egui::Rect {
    card_min(ui, sz, title, 0.0, add).0
}

/// Cards side by side are made as high as the highest: `row` remembers
/// its height from the last frame.
fn row_height(ui: &Ui, row: &str) -> (egui::Id, f32) {
    let id = ui.scope_id().with(("overview_row_height", row));
    (id, ui.data(|d| d.get_temp(id)).unwrap_or(0.0))
}

fn set_row_height(ui: &Ui, id: egui::Id, old: f32, new: f32) {
    if (new - old).abs() > 0.5 {
        ui.data_mut(|d| d.insert_temp(id, new));
        ui.ctx().request_repaint();
    }
}

fn header(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) {
    let plan = ctx.plan;
    let s = ctx.summary;
    let glow = look.glow("overall");
    let overall = |ui: &mut Ui, nav: &mut Nav, chip_size: f32| {
        let name = format!("Plan {}: {}", s.overall.word(), s.overall_rule);
        if nav.item(ui, glow, &name, "Show the readiness checklist", |ui| {
            widgets::rag_chip_ext(
                ui,
                s.overall,
                &format!("Plan {}", s.overall.word()),
                false,
                Some(&s.overall_rule),
                chip_size,
            );
        }) {
            crate::ui::checklist::set_open(ui.ctx(), true);
        }
    };
    let rule = |ui: &mut Ui| {
        ui.label(RichText::new(&s.overall_rule).size(sz.text));
        if let Some(g) = glow {
            ui.label(RichText::new(format!("(was {})", g.old)).size(sz.small).strong());
        }
    };
    if look.present {
        let title = if plan.header.title.trim().is_empty() {
            "Untitled plan"
        } else {
            plan.header.title.trim()
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(title).size(sz.title).strong());
            let v = plan.header.version.trim();
            let status = plan.header.status.word();
            let words = if v.is_empty() {
                status.to_string()
            } else {
                format!("{v} · {status}")
            };
            ui.label(RichText::new(words).size(sz.small).weak());
            ui.add_space(sz.text.round());
            overall(ui, nav, sz.chip * 1.15);
        });
        ui.horizontal_wrapped(rule);
    } else {
        ui.horizontal_wrapped(|ui| {
            overall(ui, nav, sz.chip * 1.35);
            rule(ui);
        });
    }
}

/// What a year's total says against the minimum pooled budget.
fn minimum_words(total: &Span, minimum: &Span, unit: MoneyUnit) -> String {
    let m = format_span(minimum, unit);
    if total.min_pence >= minimum.max_pence {
        let above = Span::exact(total.min_pence - minimum.max_pence);
        if above.is_zero() {
            format!("Meets the minimum of {m} exactly")
        } else {
            format!("{} above the minimum of {m}", format_span(&above, unit))
        }
    } else if total.max_pence < minimum.min_pence {
        let short = Span::exact(minimum.min_pence - total.max_pence);
        format!("{} below the minimum of {m}", format_span(&short, unit))
    } else {
        format!("The range reaches below the minimum of {m}")
    }
}

/// "Up 1,000 from 101,404" for a total that changed: `old` is what it
/// showed, `old_exact` its pence ("min:max").
fn change_words(old: &str, old_exact: Option<&str>, new: &Span, unit: MoneyUnit) -> String {
    let parsed = old_exact.and_then(|t| {
        let (a, b) = t.split_once(':')?;
        Some(Span {
            min_pence: a.parse().ok()?,
            max_pence: b.parse().ok()?,
        })
    });
    match parsed {
        Some(o) if !new.is_range() && !o.is_range() => {
            let d = new.min_pence - o.min_pence;
            let amount = format_span(&Span::exact(d.abs()), unit);
            if d > 0 {
                format!("Up {amount} from {old}")
            } else if d < 0 {
                format!("Down {amount} from {old}")
            } else {
                format!("Was {old}")
            }
        }
        _ => format!("Was {old}"),
    }
}

fn money(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) {
    let plan = ctx.plan;
    let unit = plan.settings.display_unit;
    let fin = &ctx.summary.finance;
    let years = &fin.reconciliation;
    if years.is_empty() {
        card(ui, sz, "Money", |ui| {
            ui.label(RichText::new("The plan has no financial years yet: add them in the Plan tab.").size(sz.text));
        });
        return;
    }
    let gap = (sz.text * 0.7).round();
    let per_row =
        (((ui.available_width() + gap) / (sz.text * 16.0 + gap)).floor() as usize).clamp(1, years.len().clamp(1, 3));
    let (row_id, min_h) = row_height(ui, "money");
    let mut tallest = 0.0f32;
    for chunk in years.chunks(per_row) {
        columns(ui, per_row, gap, |cols| {
            for (r, ui) in chunk.iter().zip(cols.iter_mut()) {
                let benefit = fin.benefit_by_year.get(&r.year).copied();
                tallest = tallest.max(year_card(ui, r, look, sz, nav, unit, benefit, min_h));
            }
        });
    }
    set_row_height(ui, row_id, min_h, tallest);
}

/// The operating plan's money, when the plan has an allocation or QIPP:
/// per year, income against spend (rated) and the net QIPP saving. A click
/// shows the Finance tab.
fn operating(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) {
    let op = &ctx.summary.finance.operating;
    let unit = ctx.plan.settings.display_unit;
    let years: Vec<_> = op.years.iter().filter(|y| y.lines > 0 || y.qipp_schemes > 0).collect();
    if years.is_empty() {
        return;
    }
    card(ui, sz, &format!("Income, spend and QIPP ({})", unit.label()), |ui| {
        for y in years {
            let text = format!(
                "{}: income {}, {} {}, income less spend {}; net QIPP saving {}",
                y.year,
                format_span(&y.income, unit),
                if y.spend_is_planned {
                    "planned spend"
                } else {
                    "schemes' spend"
                },
                format_span(&y.spend, unit),
                format_span(&y.gap, unit),
                format_span(&y.qipp_net, unit)
            );
            let glow = look.glow(&format!("operating:{}", y.year));
            ui.horizontal_wrapped(|ui| {
                if nav.item(ui, glow, &text, "Show the Finance tab", |ui| {
                    ui.add(Label::new(RichText::new(&text).size(sz.text)).wrap());
                }) {
                    nav.go(Tab::Finance, None, None);
                }
                widgets::rag_chip_ext(ui, y.rag, y.rag.word(), false, Some(&y.rule), sz.chip);
            });
        }
    });
}

#[allow(clippy::too_many_arguments)]
fn year_card(
    ui: &mut Ui,
    r: &crate::calc::finance::YearReconciliation,
    look: &Look,
    sz: &Sizes,
    nav: &mut Nav,
    unit: MoneyUnit,
    benefit: Option<Span>,
    min_h: f32,
) -> f32 {
    let glow = look.glow(&format!("total:{}", r.year));
    // what just changed, in words, beside the title
    let change = glow.map(|g| {
        let exact = look.glow(&format!("total_pence:{}", r.year)).map(|g| g.old);
        change_words(g.old, exact, &r.total, unit)
    });
    let title = match &change {
        Some(c) => format!("{} ({}): {c}", r.year, unit.label()),
        None => format!("{} ({})", r.year, unit.label()),
    };
    card_min(ui, sz, &title, min_h, |ui| {
        let total = format_span(&r.total, unit);
        let name = format!("{} total: {total} ({})", r.year, unit.label());
        let why = match (r.meets_minimum, &r.declared_difference) {
            (Some(false), _) => "Below the minimum pooled budget",
            (_, Some(d)) if !d.is_zero() => "Differs from the declared total",
            (Some(true), _) => "Meets the minimum pooled budget",
            _ => "Nothing to check it against",
        };
        let minimum = match &r.minimum {
            Some(m) => minimum_words(&r.total, m, unit),
            None => "No minimum pooled budget set".into(),
        };
        let declared = match (&r.declared, &r.declared_difference) {
            (Some(d), Some(diff)) if diff.is_zero() => {
                format!("Matches the declared total of {}", format_span(d, unit))
            }
            (Some(d), Some(diff)) => format!(
                "Declared total {}: the schemes total {}",
                format_span(d, unit),
                crate::model::money::difference_words(diff, unit)
            ),
            _ => "No declared total".into(),
        };
        let mut lines = vec![minimum, declared];
        if let Some(b) = benefit.filter(|b| !b.is_zero()) {
            lines.push(format!("Benefits (savings) {}", format_span(&b, unit)));
        }
        // the lines beside the total when they fit, else under it
        let measure = |ui: &Ui, t: &str, size: f32| {
            ui.painter()
                .layout_no_wrap(t.to_string(), egui::FontId::proportional(size), egui::Color32::WHITE)
                .size()
                .x
        };
        let widest = lines.iter().map(|l| measure(ui, l, sz.small)).fold(0.0, f32::max);
        let beside = measure(ui, &total, sz.big) + sz.chip * 6.0 + sz.text + widest <= ui.available_width();
        ui.horizontal(|ui| {
            if nav.item(ui, glow, &name, "Show the schemes", |ui| {
                ui.label(RichText::new(&total).size(sz.big).strong());
            }) {
                nav.go(Tab::Schemes, None, None);
            }
            ui.add_space((sz.text * 0.4).round());
            let glow_recon = look.glow(&format!("recon:{}", r.year));
            let name = format!("{} reconciliation: {}, {why}", r.year, r.rag.word());
            if nav.item(ui, glow_recon, &name, "Show the budgets in the Plan tab", |ui| {
                widgets::rag_chip_ext(ui, r.rag, r.rag.word(), false, Some(why), sz.chip);
            }) {
                nav.go(Tab::Plan, None, Some("budgets"));
            }
            if beside {
                ui.add_space((sz.text * 0.6).round());
                ui.vertical(|ui| {
                    for l in &lines {
                        ui.add(Label::new(RichText::new(l).size(sz.small)).wrap());
                    }
                });
            }
        });
        if !beside {
            for l in &lines {
                ui.add(Label::new(RichText::new(l).size(sz.small)).wrap());
            }
        }
    })
    .1
}

fn areas(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav, min_h: f32) -> f32 {
    let s = ctx.summary;
    card_min(ui, sz, "RAG by area", min_h, |ui| {
        for a in &s.areas {
            let glow = look
                .glow(&format!("area:{}", a.name))
                .or(look.glow(&format!("area_counts:{}", a.name)));
            let counts = counts_text(&a.counts);
            let name = format!("{}: {}, {counts}", a.name, a.rag.word());
            if nav.item(ui, glow, &name, &format!("Show {}", a.section.word()), |ui| {
                ui.horizontal(|ui| {
                    let size = if look.present { sz.text } else { sz.chip };
                    let chip = widgets::rag_chip_ext(ui, a.rag, a.rag.word(), false, Some(&a.rule), size);
                    // the words line up after chips of different widths
                    let w = size * 6.2 - chip.rect.width();
                    if w > 0.0 {
                        ui.add_space(w.round());
                    }
                    ui.label(RichText::new(a.name).size(sz.text).strong());
                    ui.add(Label::new(RichText::new(&counts).size(sz.small).weak()).truncate());
                });
            }) {
                nav.go(a.section.into(), None, None);
            }
        }
    })
    .1
}

/// RAG by area in one band across the page: the title, then each area's
/// chip and name over its counts.
fn areas_strip(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) {
    let s = ctx.summary;
    let v = ui.visuals();
    let gap = (sz.text * 0.6).round();
    Frame::new()
        .fill(v.extreme_bg_color)
        .stroke(v.widgets.noninteractive.bg_stroke)
        .corner_radius(8.0)
        .inner_margin((sz.text * 0.7).round())
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            let size = if look.present { sz.text } else { sz.chip };
            // as many areas on a row as fit whole (the heading takes a
            // column's width), the rest on the rows under them
            let item_w = s
                .areas
                .iter()
                .map(|a| {
                    let name = ui
                        .painter()
                        .layout_no_wrap(
                            a.name.to_string(),
                            egui::FontId::proportional(sz.text),
                            egui::Color32::WHITE,
                        )
                        .size()
                        .x;
                    widgets::rag_chip_width(ui, a.rag.word(), size) + ui.spacing().item_spacing.x + name
                })
                .fold(0.0, f32::max);
            let fit = ((ui.available_width() + gap) / (item_w + gap)).floor() as usize;
            let per_row = fit.saturating_sub(1).clamp(1, s.areas.len().max(1));
            for (row, areas) in s.areas.chunks(per_row).enumerate() {
                columns(ui, per_row + 1, gap, |c| {
                    if row == 0 {
                        c[0].add(Label::new(RichText::new("RAG by area").size(sz.head).strong()).wrap());
                    }
                    area_items(&mut c[1..], areas, look, sz, size, nav);
                });
            }
        });
    ui.add_space((sz.text * 0.6).round());
}

/// The areas of the strip, one to a column.
fn area_items(c: &mut [Ui], areas: &[crate::calc::AreaRag], look: &Look, sz: &Sizes, size: f32, nav: &mut Nav) {
    for (a, ui) in areas.iter().zip(c.iter_mut()) {
        let glow = look
            .glow(&format!("area:{}", a.name))
            .or(look.glow(&format!("area_counts:{}", a.name)));
        let counts = counts_text(&a.counts);
        let name = format!("{}: {}, {counts}", a.name, a.rag.word());
        if nav.item(ui, glow, &name, &format!("Show {}", a.section.word()), |ui| {
            ui.horizontal(|ui| {
                widgets::rag_chip_ext(ui, a.rag, a.rag.word(), false, Some(&a.rule), size);
                ui.add(Label::new(RichText::new(a.name).size(sz.text).strong()).truncate());
            });
            ui.add(Label::new(RichText::new(&counts).size(sz.small).weak()).truncate());
        }) {
            nav.go(a.section.into(), None, None);
        }
    }
}

fn signoffs(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) {
    let plan = ctx.plan;
    let s = ctx.summary;
    card(ui, sz, "Sign-offs", |ui| {
        let total = plan.signoffs.len();
        if total == 0 {
            ui.label(RichText::new("No sign-offs listed yet.").size(sz.text));
            return;
        }
        let signed = s.signed_count();
        let text = format!("{signed} of {total} signed");
        let w = ui.available_width();
        let name = format!("Sign-offs: {text}");
        if nav.item(ui, look.glow("signed"), &name, "Show the sign-offs", |ui| {
            widgets::progress_bar(ui, signed, total, &text, w, sz.text);
        }) {
            nav.go(Tab::SignOffs, None, None);
        }
        // who the plan is waiting for
        let waiting: Vec<(usize, &crate::model::SignOff, &SignOffState)> = plan
            .signoffs
            .iter()
            .zip(&s.signoff_states)
            .enumerate()
            .filter(|(_, (so, st))| so.required && !st.is_signed())
            .map(|(i, (so, st))| (i, so, st))
            .collect();
        if !waiting.is_empty() {
            ui.label(RichText::new("Waiting for:").size(sz.small).weak());
        }
        let limit = if look.present { 2 } else { 5 };
        for (_, so, st) in waiting.iter().take(limit) {
            let org = if so.organisation.trim().is_empty() {
                "(no organisation)"
            } else {
                so.organisation.trim()
            };
            let glow = look.glow(&format!("signoff:{}", so.id));
            let name = format!("Sign-off {org}: {}", st.word());
            if nav.item(ui, glow, &name, "Show this sign-off", |ui| {
                ui.horizontal(|ui| {
                    widgets::rag_chip_ext(ui, st.rag(), st.word(), false, None, sz.small);
                    ui.add(Label::new(RichText::new(org).size(sz.small)).truncate());
                });
            }) {
                nav.go(Tab::SignOffs, Some(so.id), None);
            }
        }
        if waiting.len() > limit {
            let more = format!("and {} more", waiting.len() - limit);
            if nav.item(ui, None, &more, "Show the sign-offs", |ui| {
                ui.label(RichText::new(&more).size(sz.small).weak());
            }) {
                nav.go(Tab::SignOffs, None, None);
            }
        }
    });
}

fn checklist(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) -> egui::Rect {
    let list = &ctx.summary.checklist;
    card(ui, sz, "Readiness checklist", |ui| {
        let total = list.items.len();
        let done = total - list.incomplete_count();
        let text = format!("{done} of {total} complete");
        let w = ui.available_width();
        let name = format!("Readiness checklist: {text}");
        if nav.item(
            ui,
            look.glow("checklist"),
            &name,
            "Show the readiness checklist",
            |ui| {
                widgets::progress_bar(ui, done, total, &text, w, sz.text);
            },
        ) {
            crate::ui::checklist::set_open(ui.ctx(), true);
        }
        if done == total {
            ui.label(RichText::new("Every required item is complete.").size(sz.small));
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Still to do:").size(sz.small).weak());
            for tab in Tab::ALL {
                let mut missing = list.missing().filter(|i| Tab::from(i.section) == tab);
                let Some(first) = missing.next() else { continue };
                let n = 1 + missing.count();
                let word = format!("{} {n}", tab.word());
                let name = format!("Checklist: {} incomplete in {}", n, tab.word());
                let hover = format!("Go to the first: {}", first.text);
                let t = RichText::new(&word).size(sz.small);
                // a button moves to the next line whole when the line is full
                let resp = if nav.on() {
                    let t = t.color(ui.visuals().hyperlink_color).underline();
                    ui.add(egui::Button::new(t).frame(false).wrap_mode(egui::TextWrapMode::Extend))
                } else {
                    ui.add(
                        egui::Button::new(t)
                            .frame(false)
                            .wrap_mode(egui::TextWrapMode::Extend)
                            .sense(Sense::hover()),
                    )
                };
                widgets::set_name(ui, &resp, &name);
                if resp.on_hover_text(hover).clicked() {
                    nav.go(first.section.into(), first.record, first.field);
                }
            }
        });
    })
}

fn metrics(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) {
    let plan = ctx.plan;
    let s = ctx.summary;
    let title = match s.area(crate::calc::Section::Metrics) {
        Some(a) => format!("Metrics: {}", counts_text(&a.counts)),
        None => "Metrics".into(),
    };
    card(ui, sz, &title, |ui| {
        if plan.metrics.is_empty() {
            ui.label(RichText::new("No metrics yet.").size(sz.text));
            return;
        }
        // worst first, then in the plan's order
        let mut order: Vec<usize> = (0..plan.metrics.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(s.metric_ratings[i].rag.severity()), i));
        // on a projector as many as the screen has room for (a row's
        // height is measured the frame before)
        let row_key = ui.scope_id().with("overview_metric_row_height");
        let row_h: f32 = ui.data(|d| d.get_temp(row_key)).unwrap_or(sz.text * 3.2);
        let limit = if look.present {
            let room = ui.clip_rect().bottom() - ui.cursor().top() - sz.text * 3.0;
            ((room / row_h.max(1.0)).floor().max(0.0) as usize).clamp(3, 12)
        } else {
            12
        };
        let limit = if order.len() == limit + 1 { limit + 1 } else { limit };
        let mut tallest = 0.0f32;
        for &i in order.iter().take(limit) {
            let top = ui.cursor().top();
            let m = &plan.metrics[i];
            let r = &s.metric_ratings[i];
            let name_text = if m.name.trim().is_empty() {
                format!("Metric {}", i + 1)
            } else {
                m.name.trim().to_string()
            };
            let glow = look
                .glow(&format!("metric:{}", m.id))
                .or(look.glow(&format!("metric_travel:{}", m.id)));
            let travel = r.travel.map(|t| t.word()).unwrap_or("no direction of travel yet");
            let link = format!("Metric {} {name_text}: {}, {travel}", i + 1, r.chip_text());
            if nav.item(ui, glow, &link, "Show this metric", |ui| {
                ui.add(Label::new(RichText::new(&name_text).size(sz.text)).truncate())
                    .on_hover_text(&name_text);
                let line = match (&r.comparison, r.basis, r.period) {
                    (Some(c), Some(basis), Some(p)) => {
                        let (v, t) = format_pair(c.value, c.target, m.unit);
                        let period = m.periods.get(p).map(|p| p.label.trim()).unwrap_or("");
                        let b = if basis == Basis::Actual { "Actual" } else { "Forecast" };
                        if period.is_empty() {
                            format!("{b} {v}, target {t}")
                        } else {
                            format!("{b} {v}, target {t} ({period})")
                        }
                    }
                    _ if r.overridden.is_some() => "Rating set by hand".into(),
                    _ => "No target or no value yet".into(),
                };
                ui.horizontal(|ui| {
                    widgets::rag_chip_ext(
                        ui,
                        r.rag,
                        &r.chip_text(),
                        r.overridden.is_some(),
                        Some(&r.explanation),
                        sz.small,
                    );
                    travel_marker(ui, r.travel, &crate::calc::metrics::explain_travel(m), sz.small);
                    ui.add(Label::new(RichText::new(line).size(sz.small).weak()).truncate());
                });
            }) {
                nav.go(Tab::Metrics, Some(m.id), None);
            }
            tallest = tallest.max(ui.cursor().top() - top);
        }
        if tallest > 0.0 && (tallest - row_h).abs() > 0.5 {
            ui.data_mut(|d| d.insert_temp(row_key, tallest));
            ui.ctx().request_repaint();
        }
        if order.len() > limit {
            let rest: Vec<Rag> = order[limit..].iter().map(|&i| s.metric_ratings[i].rag).collect();
            let more = format!(
                "and {} more: {}",
                rest.len(),
                counts_text(&crate::calc::RagCounts::from_iter(rest))
            );
            if nav.item(ui, None, &more, "Show the metrics", |ui| {
                ui.label(RichText::new(&more).size(sz.small).weak());
            }) {
                nav.go(Tab::Metrics, None, None);
            }
        }
    });
}

fn risks(ui: &mut Ui, ctx: &TabCtx, look: &Look, sz: &Sizes, nav: &mut Nav) {
    let plan = ctx.plan;
    let s = ctx.summary;
    let title = match s.area(crate::calc::Section::Risks) {
        Some(a) => format!("Risks: {}", counts_text(&a.counts)),
        None => "Risks".into(),
    };
    card(ui, sz, &title, |ui| {
        let heat = plan_heat_summary(plan, ScoreKind::Current);
        let mut w = ui
            .available_width()
            .min(sz.text * if look.present { 21.0 } else { 24.0 });
        if look.present {
            // on a projector, small enough to stay on the screen: the map
            // with its axes is about 0.8 of its width high, then a note
            let room = ui.clip_rect().bottom() - ui.cursor().top() - sz.text * 2.6;
            w = w.min(room / 0.8).max(sz.text * 14.0);
        }
        let mut map = HeatMap::new(&heat.counts).name("Overview heat map").fit_width(w);
        if look.present {
            map = map.min_font(sz.small).axis_words(false);
        }
        let resp = map.show(ui);
        if let Some((l, c)) = resp.clicked
            && nav.on()
        {
            nav.go(Tab::Risks, None, Some(heat_cell_field(ScoreKind::Current, l, c)));
        }
        let mut notes = Vec::new();
        if heat.word_only > 0 {
            notes.push(format!("{} rated by word only, not on the map", heat.word_only));
        }
        if heat.unscored > 0 {
            notes.push(format!("{} not scored", heat.unscored));
        }
        if heat.closed > 0 {
            notes.push(format!("{} closed", heat.closed));
        }
        if !notes.is_empty() {
            ui.label(RichText::new(notes.join(" · ")).size(sz.small).weak());
        }
        // the worst open risks
        let mut order: Vec<usize> = (0..plan.risks.len())
            .filter(|&i| s.risk_ratings[i].rag != Rag::NotRated)
            .collect();
        order.sort_by_key(|&i| {
            (
                std::cmp::Reverse(crate::calc::risks::severity_key(&plan.risks[i], ScoreKind::Current)),
                i,
            )
        });
        let limit = if look.present { 0 } else { 4 };
        if !order.is_empty() && limit > 0 {
            ui.label(RichText::new("Highest rated:").size(sz.small).weak());
        }
        for &i in order.iter().take(limit) {
            let r = &plan.risks[i];
            let rating = &s.risk_ratings[i];
            let band = rating.band.map(|b| b.word()).unwrap_or("Not rated");
            let title = if r.title.trim().is_empty() {
                "(no title)"
            } else {
                r.title.trim()
            };
            let label = format!("{} {}", r.reference.trim(), title);
            let glow = look.glow(&format!("risk:{}", r.id));
            let name = format!("Risk {}: {band}", label.trim());
            if nav.item(ui, glow, &name, "Show this risk", |ui| {
                ui.horizontal(|ui| {
                    widgets::rag_chip_ext(ui, rating.rag, band, false, None, sz.small);
                    ui.add(Label::new(RichText::new(label.trim()).size(sz.small)).truncate())
                        .on_hover_text(title);
                });
            }) {
                nav.go(Tab::Risks, Some(r.id), None);
            }
        }
    });
}
