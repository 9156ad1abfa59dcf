//! Shared widgets: RAG chips (colour + shape + word), money and date
//! fields that keep what was typed, and named text fields.

use crate::model::money::{MoneyUnit, format_amount, format_amount_for_edit, parse_amount};
use crate::model::{Amount, DateField, Rag};
use egui::{
    Color32, CornerRadius, FontId, Id, Pos2, Rect, Response, RichText, Sense, Stroke, TextEdit, Ui, Vec2, WidgetInfo,
    pos2, vec2,
};

use crate::model::limits::{MAX_DATE_CHARS, MAX_MONEY_CHARS, MAX_NUMBER_CHARS};
/// The longest texts of one-line and multi-line fields: the model's
/// limits (`model::limits`), the same for paste, import and the loader.
pub use crate::model::limits::{MAX_LINE_CHARS, MAX_TEXT_CHARS};

/// The RAG palette: background and the text/shape colour on it. Every pair
/// has a contrast ratio of at least 4.5:1 (see the unit test).
pub fn rag_colors(rag: Rag) -> (Color32, Color32) {
    match rag {
        Rag::Green => (Color32::from_rgb(0x1B, 0x6E, 0x3A), Color32::WHITE),
        Rag::Amber => (Color32::from_rgb(0xF5, 0xB3, 0x1B), Color32::BLACK),
        Rag::Red => (Color32::from_rgb(0xB4, 0x23, 0x1C), Color32::WHITE),
        Rag::NotRated => (Color32::from_rgb(0x5F, 0x63, 0x68), Color32::WHITE),
    }
}

/// Relative luminance (WCAG 2).
pub fn luminance(c: Color32) -> f64 {
    let f = |v: u8| {
        let s = v as f64 / 255.0;
        if s <= 0.03928 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * f(c.r()) + 0.7152 * f(c.g()) + 0.0722 * f(c.b())
}

/// WCAG contrast ratio of two colours (1 to 21).
pub fn contrast_ratio(a: Color32, b: Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Paints the RAG shape: Green a circle, Amber a triangle, Red a square,
/// not rated a hollow circle. The shape tells the ratings apart without
/// colour.
pub fn paint_rag_shape(painter: &egui::Painter, center: Pos2, radius: f32, rag: Rag, color: Color32) {
    match rag {
        Rag::Green => {
            painter.circle_filled(center, radius, color);
        }
        Rag::Amber => {
            let r = radius * 1.15;
            let pts = vec![
                pos2(center.x, center.y - r),
                pos2(center.x + r * 0.95, center.y + r * 0.7),
                pos2(center.x - r * 0.95, center.y + r * 0.7),
            ];
            painter.add(egui::Shape::convex_polygon(pts, color, Stroke::NONE));
        }
        Rag::Red => {
            let r = radius * 0.9;
            painter.rect_filled(Rect::from_center_size(center, Vec2::splat(2.0 * r)), 1.0, color);
        }
        Rag::NotRated => {
            painter.circle_stroke(center, radius * 0.85, Stroke::new((radius * 0.3).max(1.5), color));
        }
    }
}

/// A RAG chip: coloured background, shape and word. `text` is what it
/// says ("Amber", "Amber, set by hand"); `overridden` draws it hatched with
/// a thick border so a hand-set rating looks different. Hover shows `why`.
pub fn rag_chip_ext(
    ui: &mut Ui,
    rag: Rag,
    text: &str,
    overridden: bool,
    why: Option<&str>,
    font_size: f32,
) -> Response {
    let palette = rag_palette(ui.ctx());
    let (bg, fg) = rag_colors_in(palette, rag);
    let font_size = min_text(ui, font_size);
    let font = FontId::proportional(font_size);
    let galley = ui.painter().layout_no_wrap(text.to_string(), font, fg);
    let pad = vec2(font_size * 0.5, font_size * 0.2);
    let shape_w = font_size * 0.9;
    let size = vec2(
        chip_width(galley.size().x, font_size),
        pad.y * 2.0 + galley.size().y.max(font_size),
    );
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    resp.widget_info(|| WidgetInfo::labeled(egui::Role::Label, true, text));
    if ui.is_rect_visible(rect) {
        let p = ui.painter();
        let radius = CornerRadius::same((size.y / 2.0).min(255.0) as u8);
        p.rect_filled(rect, radius, bg);
        if let Some(page) = palette.page()
            && contrast_ratio(bg, page) < 3.0
        {
            // on a projector a chip close to the page colour gets an edge
            let w = (font_size * 0.08).max(1.5);
            p.rect_stroke(rect, radius, Stroke::new(w, palette.ink()), egui::StrokeKind::Inside);
        }
        if overridden {
            // a hand-set rating: a thick border in the text colour and stripes
            let stroke = Stroke::new(2.5, fg);
            p.rect_stroke(rect.shrink(1.5), radius, stroke, egui::StrokeKind::Inside);
        }
        let center = pos2(rect.left() + pad.x + shape_w / 2.0, rect.center().y);
        paint_rag_shape(p, center, shape_w * 0.42, rag, fg);
        let text_pos = pos2(
            rect.left() + pad.x + shape_w + font_size * 0.35,
            rect.center().y - galley.size().y / 2.0,
        );
        p.galley(text_pos, galley, fg);
    }
    match why {
        Some(w) if !w.is_empty() => resp.on_hover_text(w),
        _ => resp,
    }
}

/// The width of a RAG chip whose word is `text_w` wide at `font_size`:
/// its margins, its shape and the word.
fn chip_width(text_w: f32, font_size: f32) -> f32 {
    font_size * 0.5 * 2.0 + font_size * 0.9 + font_size * 0.35 + text_w
}

/// The width [`rag_chip_ext`] takes for `text` at `font_size`.
pub fn rag_chip_width(ui: &Ui, text: &str, font_size: f32) -> f32 {
    let font_size = min_text(ui, font_size);
    let w = ui
        .painter()
        .layout_no_wrap(text.to_string(), FontId::proportional(font_size), Color32::WHITE)
        .size()
        .x;
    chip_width(w, font_size)
}

/// A RAG chip with the rating's word.
pub fn rag_chip(ui: &mut Ui, rag: Rag, why: Option<&str>) -> Response {
    let size = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map(|f| f.size)
        .unwrap_or(14.0);
    rag_chip_ext(ui, rag, rag.word(), false, why, size)
}

/// "533 of 5,000": a part of a count, with thousands separators.
pub fn of_count(part: usize, all: usize) -> String {
    use crate::model::money::group_thousands;
    format!("{} of {}", group_thousands(part as u128), group_thousands(all as u128))
}

/// Gives a widget an accessible name (screen readers, UI tests).
pub fn set_name(ui: &Ui, resp: &Response, name: &str) {
    let name = name.to_string();
    ui.ctx().accesskit_node_builder(resp.id, |n| n.set_label(name));
}

/// A one-line text field bound to `value`; returns the new text when the
/// user changed it.
pub fn text_field(ui: &mut Ui, value: &str, name: &str, width: f32) -> Option<String> {
    let mut s = value.to_string();
    let resp = ui.add(
        TextEdit::singleline(&mut s)
            .desired_width(width)
            .char_limit(MAX_LINE_CHARS),
    );
    set_name(ui, &resp, name);
    limit_note(ui, &resp, &s, MAX_LINE_CHARS);
    resp.changed().then_some(s)
}

/// Says so, beside a focused field, when its text has reached `limit`
/// characters (the field refuses more).
pub fn limit_note(ui: &Ui, resp: &Response, text: &str, limit: usize) {
    if resp.has_focus() && text.len() >= limit && text.chars().count() >= limit {
        ui.painter().rect_stroke(
            resp.rect.expand(1.0),
            2.0,
            Stroke::new(2.0, error_color(ui)),
            egui::StrokeKind::Outside,
        );
        resp.show_tooltip_text(format!(
            "This field holds at most {} characters: nothing more can be added.",
            crate::model::money::group_thousands(limit as u128)
        ));
    }
}

/// A multi-line text field bound to `value`.
pub fn text_area(ui: &mut Ui, value: &str, name: &str, width: f32, rows: usize) -> Option<String> {
    let mut s = value.to_string();
    let resp = ui.add(
        TextEdit::multiline(&mut s)
            .desired_width(width)
            .desired_rows(rows)
            .char_limit(MAX_TEXT_CHARS),
    );
    set_name(ui, &resp, name);
    limit_note(ui, &resp, &s, MAX_TEXT_CHARS);
    resp.changed().then_some(s)
}

/// What a money or date field reports after the frame.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldChange<T> {
    None,
    /// The text parsed: the new value (None when emptied).
    Set(T),
}

/// The error colour for text that did not parse.
pub fn error_color(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(0xFF, 0x8A, 0x80)
    } else {
        Color32::from_rgb(0xB0, 0x00, 0x20)
    }
}

/// A money field. Shows the amount in `unit` with separators; while edited
/// it holds exactly what was typed. Each keystroke that parses changes the
/// plan (live totals); text that does not parse stays in the field, marked
/// in red with the reason beside it, and changes nothing until it parses.
/// Enter keeps the edit; Escape puts back the amount the field had when the
/// edit began (and forgets unreadable text).
pub fn money_field(
    ui: &mut Ui,
    id: Id,
    value: &Option<Amount>,
    unit: MoneyUnit,
    name: &str,
    width: f32,
) -> FieldChange<Option<Amount>> {
    let buf_id = id.with("buffer");
    let mut buffer: Option<String> = ui.data(|d| d.get_temp(buf_id));
    let focused = ui.memory(|m| m.has_focus(id));
    let mut text = match &buffer {
        Some(b) => b.clone(),
        None if focused => value
            .as_ref()
            .map(|a| format_amount_for_edit(a, unit))
            .unwrap_or_default(),
        None => value.as_ref().map(|a| format_amount(a, unit)).unwrap_or_default(),
    };
    let error = buffer.as_ref().and_then(|b| parse_amount(b, unit).err());
    let mut edit = TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(width)
        .char_limit(MAX_MONEY_CHARS)
        .align(egui::Align2::RIGHT_CENTER);
    if error.is_some() {
        edit = edit.text_color(error_color(ui));
    }
    let resp = ui.add(edit);
    set_name(ui, &resp, name);
    let mut out = FieldChange::None;
    let orig_id = id.with("orig");
    if resp.gained_focus() {
        ui.data_mut(|d| d.insert_temp(orig_id, *value));
    }
    if resp.gained_focus() && buffer.is_none() {
        let t = value
            .as_ref()
            .map(|a| format_amount_for_edit(a, unit))
            .unwrap_or_default();
        ui.data_mut(|d| d.insert_temp(buf_id, t.clone()));
        buffer = Some(t);
    }
    if crate::ui::escape::cancels_field(ui, &resp) {
        // Escape: back to the amount the field had when the edit began
        let orig: Option<Option<Amount>> = ui.data_mut(|d| d.remove_temp(orig_id));
        ui.data_mut(|d| d.remove::<String>(buf_id));
        return match orig {
            Some(o) if o != *value => FieldChange::Set(o),
            _ => FieldChange::None,
        };
    }
    if resp.changed() {
        if let Ok(v) = parse_amount(&text, unit)
            && v.is_none_or(|a| a.in_bounds())
            && v != *value
        {
            out = FieldChange::Set(v);
        }
        ui.data_mut(|d| d.insert_temp(buf_id, text.clone()));
        buffer = Some(text.clone());
    }
    if resp.lost_focus()
        && let Some(b) = &buffer
        && parse_amount(b, unit).is_ok()
    {
        ui.data_mut(|d| d.remove::<String>(buf_id));
    }
    if let Some(err) = buffer.as_ref().and_then(|b| parse_amount(b, unit).err()) {
        let painter = ui.painter();
        painter.rect_stroke(
            resp.rect.expand(1.0),
            2.0,
            Stroke::new(2.0, error_color(ui)),
            egui::StrokeKind::Outside,
        );
        resp.clone().on_hover_text(format!("Not changed: {err}"));
        ui.label(
            RichText::new(format!("Not a valid amount: {err}"))
                .color(error_color(ui))
                .small(),
        );
    }
    out
}

/// A number field (metric values, targets, tolerances): keeps what was
/// typed; each keystroke that parses changes the plan; text that does not
/// parse, or a number beyond the bounds of `model::limits` (more than
/// 1,000,000,000,000,000, more than 12 decimal places), stays in the field
/// in red with the reason, and changes nothing.
pub fn decimal_field(
    ui: &mut Ui,
    id: Id,
    value: &Option<crate::model::Decimal>,
    name: &str,
    width: f32,
) -> FieldChange<Option<crate::model::Decimal>> {
    use crate::model::value::parse_decimal;
    let buf_id = id.with("buffer");
    let buffer: Option<String> = ui.data(|d| d.get_temp(buf_id));
    let shown = || value.map(|d| d.normalize().to_string()).unwrap_or_default();
    let mut text = buffer.clone().unwrap_or_else(shown);
    let error = buffer.as_ref().and_then(|b| parse_decimal(b).err());
    let mut edit = TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(width)
        .char_limit(MAX_NUMBER_CHARS)
        .align(egui::Align2::RIGHT_CENTER);
    if error.is_some() {
        edit = edit.text_color(error_color(ui));
    }
    let resp = ui.add(edit);
    set_name(ui, &resp, name);
    let mut out = FieldChange::None;
    let mut buffer = buffer;
    if resp.changed() {
        if let Ok(v) = parse_decimal(&text)
            && v != *value
        {
            out = FieldChange::Set(v);
        }
        ui.data_mut(|d| d.insert_temp(buf_id, text.clone()));
        buffer = Some(text.clone());
    }
    if resp.lost_focus() && buffer.as_ref().is_some_and(|b| parse_decimal(b).is_ok()) {
        ui.data_mut(|d| d.remove::<String>(buf_id));
        buffer = None;
    }
    if let Some(err) = buffer.as_ref().and_then(|b| parse_decimal(b).err()) {
        ui.painter().rect_stroke(
            resp.rect.expand(1.0),
            2.0,
            Stroke::new(2.0, error_color(ui)),
            egui::StrokeKind::Outside,
        );
        resp.clone().on_hover_text(format!("Not changed: {err}"));
        ui.label(
            RichText::new(format!("Not a valid number: {err}"))
                .color(error_color(ui))
                .small(),
        );
    }
    out
}

/// A date field: shows "3 Feb 2014"; typed text that is not a date
/// ("<date>", "X March 2014") is kept as typed and marked. Typed dates are
/// read day before month (`3/2/2014` is 3 February) and, while typing, the
/// date understood is shown beside the field. A calendar button beside it
/// opens a date picker.
pub fn date_field(
    ui: &mut Ui,
    id: Id,
    value: &Option<DateField>,
    name: &str,
    width: f32,
) -> FieldChange<Option<DateField>> {
    ui.horizontal(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let buf_id = id.with("buffer");
        let buffer: Option<String> = ui.data(|d| d.get_temp(buf_id));
        let mut text = match &buffer {
            Some(b) => b.clone(),
            None => value.as_ref().map(|d| d.edit_text()).unwrap_or_default(),
        };
        let not_a_date = matches!(value, Some(DateField::Text(_)));
        let mut edit = TextEdit::singleline(&mut text)
            .id(id)
            .desired_width(width)
            .char_limit(MAX_DATE_CHARS)
            .hint_text("d/m/yyyy");
        if not_a_date {
            edit = edit.text_color(error_color(ui));
        }
        let resp = ui.add(edit);
        set_name(ui, &resp, name);
        let mut out = FieldChange::None;
        if resp.changed() {
            ui.data_mut(|d| d.insert_temp(buf_id, text.clone()));
            let v = DateField::from_input(&text);
            if v != *value {
                out = FieldChange::Set(v);
            }
        }
        if resp.lost_focus() {
            ui.data_mut(|d| d.remove::<String>(buf_id));
        }

        // the calendar
        let start = match value {
            Some(DateField::Date(d)) => *d,
            Some(DateField::Text(t)) => crate::model::date::date_within(t).unwrap_or_else(|| today(ui.ctx())),
            None => today(ui.ctx()),
        };
        let mut picked = to_jiff(start);
        let salt = format!("date_picker_{:?}", id);
        let pick = ui.add(
            egui_extras::DatePickerButton::new(&mut picked)
                .id_salt(&salt)
                .show_icon(false)
                .format("     ")
                .calendar_week(false)
                .highlight_weekends(false),
        );
        paint_calendar_icon(ui, pick.rect, ui.visuals().widgets.style(&pick).fg_stroke.color);
        set_name(ui, &pick, &format!("{name}: pick a date"));
        let pick = pick.on_hover_text("Pick a date from a calendar");
        if pick.changed()
            && let Some(d) = from_jiff(picked)
        {
            ui.data_mut(|data| data.remove::<String>(buf_id));
            let v = Some(DateField::Date(d));
            if v != *value {
                out = FieldChange::Set(v);
            }
        }

        // what was understood, while typing
        if resp.has_focus()
            && let Some(DateField::Date(d)) = DateField::from_input(&text)
        {
            let shown = crate::model::date::format_date(d);
            if shown != text.trim() {
                ui.label(RichText::new(format!("= {shown}")).weak())
                    .on_hover_text("Dates are read day first: 3/2/2014 is 3 February 2014");
            }
        }
        if not_a_date {
            ui.painter().rect_stroke(
                resp.rect.expand(1.0),
                2.0,
                Stroke::new(2.0, error_color(ui)),
                egui::StrokeKind::Outside,
            );
            resp.on_hover_text(
                "Not a date: kept as typed. Type a date such as 3/2/2014 or 3 February 2014, or pick one.",
            );
        }
        out
    })
    .inner
}

fn to_jiff(d: chrono::NaiveDate) -> jiff::civil::Date {
    use chrono::Datelike;
    jiff::civil::Date::new(d.year().clamp(-9999, 9999) as i16, d.month() as i8, d.day() as i8)
        .unwrap_or_else(|_| jiff::civil::date(2000, 1, 1))
}

fn from_jiff(d: jiff::civil::Date) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(d.year() as i32, d.month() as u32, d.day() as u32)
}

/// Paints a small calendar (binding rings, a header bar and a grid of
/// days) centred in `rect`.
pub fn paint_calendar_icon(ui: &Ui, rect: Rect, color: Color32) {
    let h = (rect.height() * 0.55).clamp(10.0, 18.0);
    let w = h * 1.1;
    let r = Rect::from_center_size(rect.center(), vec2(w, h));
    let p = ui.painter();
    let stroke = Stroke::new(1.3, color);
    p.rect_stroke(r, 1.5, stroke, egui::StrokeKind::Middle);
    p.rect_filled(Rect::from_min_max(r.min, pos2(r.max.x, r.min.y + h * 0.25)), 1.5, color);
    for fx in [0.3, 0.7] {
        let x = r.min.x + w * fx;
        p.line_segment([pos2(x, r.min.y - h * 0.15), pos2(x, r.min.y + h * 0.1)], stroke);
    }
    for row in 0..2 {
        for col in 0..3 {
            let c = pos2(
                r.min.x + w * (0.25 + 0.25 * col as f32),
                r.min.y + h * (0.5 + 0.25 * row as f32),
            );
            p.circle_filled(c, (h * 0.06).max(1.0), color);
        }
    }
}

/// A section heading.
pub fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(4.0);
    ui.label(RichText::new(text).heading().strong());
    ui.add_space(2.0);
}

/// A muted note.
pub fn note(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).weak());
}

/// A one-line text field with a fixed `id` (so the checklist can focus it)
/// and a hint shown when empty. `problem` marks the field in red with the
/// reason on hover (a placeholder such as "<Name of Signatory>"). Returns
/// the new text when the user changed it, and the response.
pub fn text_field_ext(
    ui: &mut Ui,
    id: Id,
    value: &str,
    name: &str,
    width: f32,
    hint: &str,
    problem: Option<&str>,
) -> (Option<String>, Response) {
    let mut s = value.to_string();
    let mut edit = TextEdit::singleline(&mut s)
        .id(id)
        .desired_width(width)
        .char_limit(MAX_LINE_CHARS)
        .hint_text(hint);
    if problem.is_some() {
        edit = edit.text_color(error_color(ui));
    }
    let resp = ui.add(edit);
    set_name(ui, &resp, name);
    let changed = resp.changed().then_some(s);
    let resp = match problem {
        Some(why) => {
            ui.painter().rect_stroke(
                resp.rect.expand(1.0),
                2.0,
                Stroke::new(2.0, error_color(ui)),
                egui::StrokeKind::Outside,
            );
            resp.on_hover_text(why)
        }
        None => resp,
    };
    (changed, resp)
}

/// Gives keyboard focus to a widget that may not be drawn yet, and keeps
/// asking for a few passes: a grid shown for the first time lays itself
/// out in a hidden, disabled pass that would drop the focus. `pending` is
/// the widget's id and the passes left; it is cleared once the widget has
/// the focus.
pub fn keep_focus_request(ui: &Ui, pending: &mut Option<(Id, u8)>) {
    if let Some((id, left)) = *pending {
        if ui.memory(|m| m.has_focus(id)) || left == 0 {
            *pending = None;
        } else {
            ui.memory_mut(|m| m.request_focus(id));
            *pending = Some((id, left - 1));
        }
    }
}

/// Draws attention to a widget the checklist pointed at: a thick outline
/// in the selection colour.
pub fn paint_focus_ring(ui: &Ui, rect: Rect) {
    let color = ui.visuals().selection.stroke.color;
    ui.painter().rect_stroke(
        rect.expand(4.0),
        4.0,
        Stroke::new(3.0, color),
        egui::StrokeKind::Outside,
    );
}

/// "Yes" (green circle) or "No" (red square) as a chip: the checklist's
/// answer, never colour alone.
pub fn yes_no_chip(ui: &mut Ui, ok: bool) -> Response {
    let size = ui
        .style()
        .text_styles
        .get(&egui::TextStyle::Body)
        .map(|f| f.size)
        .unwrap_or(14.0);
    if ok {
        rag_chip_ext(ui, Rag::Green, "Yes", false, None, size)
    } else {
        rag_chip_ext(ui, Rag::Red, "No", false, None, size)
    }
}

// ------------------------------------------------------------- palettes

/// Which RAG colours chips and heat maps are drawn with. The screen palette
/// is the laptop's; presentation mode and the audience window use the
/// projector palettes, whose colours stay apart in lightness for people
/// with red-green colour blindness (see the tests) and whose "not rated"
/// chip is the page colour with an edge: no colour, not rated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RagPalette {
    #[default]
    Screen,
    ProjectorLight,
    ProjectorDark,
}

impl RagPalette {
    pub const ALL: [RagPalette; 3] = [
        RagPalette::Screen,
        RagPalette::ProjectorLight,
        RagPalette::ProjectorDark,
    ];
    /// The page colour of a projector theme (`None` on screen, where the
    /// page follows the egui theme).
    pub fn page(self) -> Option<Color32> {
        match self {
            RagPalette::Screen => None,
            RagPalette::ProjectorLight => Some(Color32::WHITE),
            RagPalette::ProjectorDark => Some(Color32::BLACK),
        }
    }
    /// The text colour on the page of a projector theme.
    pub fn ink(self) -> Color32 {
        match self {
            RagPalette::ProjectorDark => Color32::WHITE,
            _ => Color32::BLACK,
        }
    }
}

fn palette_id() -> Id {
    Id::unique("opplan_rag_palette")
}

fn today_id() -> egui::Id {
    Id::unique("opplan_today")
}

/// The date the app works with (see [`crate::io::clock::today`]), set by
/// the app every frame so widgets (a date picker's first month) never ask
/// the machine themselves.
pub fn set_today(ctx: &egui::Context, today: chrono::NaiveDate) {
    ctx.data_mut(|d| d.insert_temp(today_id(), today));
}

/// The date set by [`set_today`] (the machine's, before the app set one).
pub fn today(ctx: &egui::Context) -> chrono::NaiveDate {
    ctx.data(|d| d.get_temp(today_id()))
        .unwrap_or_else(crate::io::clock::today)
}

/// The palette chips and heat maps are drawn with now.
pub fn rag_palette(ctx: &egui::Context) -> RagPalette {
    ctx.data(|d| d.get_temp(palette_id())).unwrap_or_default()
}

/// Sets the palette for what is drawn next (presentation mode sets it for
/// the frame, the audience window while it draws).
pub fn set_rag_palette(ctx: &egui::Context, palette: RagPalette) {
    ctx.data_mut(|d| d.insert_temp(palette_id(), palette));
}

/// True while drawing for a projector (presentation mode, the audience
/// window): the projector palette is set.
pub fn projecting(ctx: &egui::Context) -> bool {
    rag_palette(ctx) != RagPalette::Screen
}

/// How much larger the body text is than the laptop screen's 14 points:
/// a table's column widths, chosen for the screen, grow by it (on a
/// projector the text is larger, and a column as wide as on the screen
/// cuts it).
pub fn text_scale(ui: &Ui) -> f32 {
    (egui::TextStyle::Body.resolve(ui.style()).size / 14.0).max(1.0)
}

/// The width of `text` on one line in `style` (strong when `strong`),
/// without the widget's margins.
pub fn text_width(ui: &Ui, text: &str, style: egui::TextStyle, strong: bool) -> f32 {
    let color = if strong {
        ui.visuals().strong_text_color()
    } else {
        ui.visuals().text_color()
    };
    ui.painter()
        .layout_no_wrap(text.to_string(), style.resolve(ui.style()), color)
        .size()
        .x
}

/// Widths for a table's columns from the width each needs (`natural`):
/// when the table is narrower than `avail`, the columns that can grow
/// (`grows`) share what is left, so no strip stays empty; when it is
/// wider, they give up width down to `shrink` of theirs (and never under
/// their `least`), and the table scrolls sideways for the rest.
/// `spacing` is the space after each column.
pub fn fit_columns(natural: &[f32], grows: &[bool], avail: f32, spacing: f32, shrink: f32, least: &[f32]) -> Vec<f32> {
    let total: f32 = natural.iter().map(|w| w + spacing).sum();
    let flexible: f32 = natural.iter().zip(grows).filter(|(_, g)| **g).map(|(w, _)| w).sum();
    if flexible <= 0.0 {
        return natural.to_vec();
    }
    // grow or shrink the flexible columns by one factor
    let fit = ((avail - (total - flexible)) / flexible).max(shrink);
    natural
        .iter()
        .zip(grows)
        .enumerate()
        .map(|(i, (&w, &g))| {
            if g {
                let least = least.get(i).copied().unwrap_or(0.0);
                (w * fit).max(least.min(w)).floor()
            } else {
                w
            }
        })
        .collect()
}

/// Puts the widths the user chose (`kept`, `None` where the column
/// follows the window) in place of the columns' natural widths, and keeps
/// those columns from growing or shrinking with the window (see
/// [`fit_columns`]).
pub fn keep_widths(natural: &mut [f32], grows: &mut [bool], kept: &[Option<f32>]) {
    for (i, k) in kept.iter().enumerate() {
        if let (Some(w), Some(n), Some(g)) = (k, natural.get_mut(i), grows.get_mut(i)) {
            *n = *w;
            *g = false;
        }
    }
}

/// The gap between a table's columns: the screen's, also on a projector
/// (where the larger style's gaps would cost a column). A table sets it
/// on its `ui` before it is drawn.
pub fn table_gap(ui: &Ui) -> f32 {
    ui.spacing().item_spacing.x.min(8.0)
}

/// The room a table leaves for its vertical scroll bar.
pub fn scroll_bar_room(ui: &Ui) -> f32 {
    let s = &ui.spacing().scroll;
    (s.bar_inner_margin + s.bar_width + s.bar_outer_margin).max(s.floating_allocated_width) + 8.0
}

/// A key of a table's column widths, for the table's id: egui keeps a
/// table's widths by id, so new widths (another window size or text
/// size) need another id.
pub fn widths_key(widths: &[f32]) -> i32 {
    widths
        .iter()
        .fold(0i32, |k, w| k.wrapping_mul(31).wrapping_add(*w as i32))
}

/// Widths for a table whose columns were chosen for the laptop screen
/// (`base`), grown with the text and fitted to the width available (see
/// [`fit_columns`]; the columns in `grows` share what is left or give up
/// width down to their `least`, in the screen's points), with their key
/// (see [`widths_key`]).
pub fn table_widths(ui: &Ui, base: &[f32], grows: &[bool], least: &[f32]) -> (Vec<f32>, i32) {
    table_widths_kept(ui, base, grows, least, &[])
}

/// [`table_widths`] with the widths the user chose (`kept`, in points;
/// `None` for a column that follows the window): those stay as they are.
pub fn table_widths_kept(
    ui: &Ui,
    base: &[f32],
    grows: &[bool],
    least: &[f32],
    kept: &[Option<f32>],
) -> (Vec<f32>, i32) {
    let scale = text_scale(ui);
    let mut natural: Vec<f32> = base.iter().map(|w| (w * scale).ceil()).collect();
    let mut grows = grows.to_vec();
    keep_widths(&mut natural, &mut grows, kept);
    let widths = fit_columns(
        &natural,
        &grows,
        ui.available_width() - scroll_bar_room(ui),
        table_gap(ui),
        0.25,
        &least.iter().map(|w| w * scale).collect::<Vec<_>>(),
    );
    let key = widths_key(&widths);
    (widths, key)
}

/// A text size chosen for the laptop screen, on a projector grown with
/// the body text and never under the Small text style (24 points there).
/// Unchanged on screen.
pub fn text_size(ui: &Ui, size: f32) -> f32 {
    if !projecting(ui.ctx()) {
        return size;
    }
    let style = ui.style();
    let body = egui::TextStyle::Body.resolve(style).size;
    let small = egui::TextStyle::Small.resolve(style).size;
    (size * body / 14.0).max(small)
}

/// A text size not under the Small text style on a projector (sizes
/// already taken from the text styles stay as they are).
pub fn min_text(ui: &Ui, size: f32) -> f32 {
    if projecting(ui.ctx()) {
        size.max(egui::TextStyle::Small.resolve(ui.style()).size)
    } else {
        size
    }
}

/// The projector RAG colours (shared by both projector themes).
pub const PROJECTOR_GREEN: Color32 = Color32::from_rgb(0x2B, 0xAB, 0x4B);
pub const PROJECTOR_AMBER: Color32 = Color32::from_rgb(0xFF, 0xC6, 0x0A);
pub const PROJECTOR_RED: Color32 = Color32::from_rgb(0xB8, 0x1F, 0x14);

/// Background and text colour of a RAG chip in `palette`.
pub fn rag_colors_in(palette: RagPalette, rag: Rag) -> (Color32, Color32) {
    match (palette, rag) {
        (RagPalette::Screen, _) => rag_colors(rag),
        (_, Rag::Green) => (PROJECTOR_GREEN, Color32::BLACK),
        (_, Rag::Amber) => (PROJECTOR_AMBER, Color32::BLACK),
        (_, Rag::Red) => (PROJECTOR_RED, Color32::WHITE),
        (p, Rag::NotRated) => (p.page().unwrap_or(Color32::WHITE), p.ink()),
    }
}

/// A kind of colour vision deficiency, simulated with the matrices of
/// Machado, Oliveira and Fernandes (2009) at full severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColourVision {
    Typical,
    /// No green cones (about 1 man in 20 has some form of deuteranomaly).
    Deuteranopia,
    /// No red cones.
    Protanopia,
}

fn to_linear(v: u8) -> f64 {
    let s = v as f64 / 255.0;
    if s <= 0.04045 {
        s / 12.92
    } else {
        ((s + 0.055) / 1.055).powf(2.4)
    }
}

fn from_linear(v: f64) -> u8 {
    let v = v.clamp(0.0, 1.0);
    let s = if v <= 0.0031308 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    };
    (s * 255.0).round() as u8
}

/// How `c` looks to someone with `vision` (applied in linear RGB).
pub fn simulate_vision(c: Color32, vision: ColourVision) -> Color32 {
    const DEUTERANOPIA: [[f64; 3]; 3] = [
        [0.367322, 0.860646, -0.227968],
        [0.280085, 0.672501, 0.047413],
        [-0.011820, 0.042940, 0.968881],
    ];
    const PROTANOPIA: [[f64; 3]; 3] = [
        [0.152286, 1.052583, -0.204868],
        [0.114503, 0.786281, 0.099216],
        [-0.003882, -0.048116, 1.051998],
    ];
    let m = match vision {
        ColourVision::Typical => return c,
        ColourVision::Deuteranopia => &DEUTERANOPIA,
        ColourVision::Protanopia => &PROTANOPIA,
    };
    let rgb = [to_linear(c.r()), to_linear(c.g()), to_linear(c.b())];
    let out: Vec<u8> = m
        .iter()
        .map(|row| from_linear(row[0] * rgb[0] + row[1] * rgb[1] + row[2] * rgb[2]))
        .collect();
    Color32::from_rgb(out[0], out[1], out[2])
}

/// CIE L* lightness (0 black to 100 white) of a colour.
pub fn lightness(c: Color32) -> f64 {
    let y = 0.2126 * to_linear(c.r()) + 0.7152 * to_linear(c.g()) + 0.0722 * to_linear(c.b());
    if y > 216.0 / 24389.0 {
        116.0 * y.cbrt() - 16.0
    } else {
        y * 24389.0 / 27.0
    }
}

// ------------------------------------------------------------- the lock

/// Paints a padlock in `rect`: the shackle closed when `locked`, lifted
/// and open on one side when not. The keyhole is cut out in `behind`.
pub fn paint_padlock(painter: &egui::Painter, rect: Rect, locked: bool, color: Color32, behind: Color32) {
    let h = rect.height().min(rect.width() * 1.25);
    let w = h * 0.78;
    let c = rect.center();
    let body = Rect::from_min_max(pos2(c.x - w / 2.0, c.y - h * 0.05), pos2(c.x + w / 2.0, c.y + h / 2.0));
    let stroke = Stroke::new((h * 0.11).max(1.5), color);
    // the shackle: two legs and a half circle over them
    let r = w * 0.3;
    let lift = if locked { 0.0 } else { h * 0.16 };
    let top = body.top() - h * 0.2 - lift;
    let (lx, rx) = (c.x - r, c.x + r);
    let mut pts = vec![pos2(lx, body.top())];
    pts.push(pos2(lx, top));
    for i in 1..16 {
        let a = std::f32::consts::PI * (1.0 - i as f32 / 16.0);
        pts.push(pos2(c.x + r * a.cos(), top - r * a.sin()));
    }
    pts.push(pos2(rx, top));
    // open: the right leg stops short of the body
    pts.push(pos2(rx, if locked { body.top() } else { top + h * 0.08 }));
    painter.add(egui::Shape::line(pts, stroke));
    painter.rect_filled(body, h * 0.08, color);
    // the keyhole, cut out in the page colour
    let hole = pos2(c.x, body.center().y - h * 0.03);
    let bg = behind;
    painter.circle_filled(hole, h * 0.07, bg);
    painter.rect_filled(
        Rect::from_center_size(pos2(hole.x, hole.y + h * 0.08), vec2(h * 0.06, h * 0.13)),
        0.0,
        bg,
    );
}

/// The lock button: a painted padlock and "Locked" / "Unlocked". Returns
/// the response; the caller toggles the lock when it is clicked.
pub fn lock_button(ui: &mut Ui, locked: bool, font_size: f32, name: &str) -> Response {
    let word = if locked { "Locked" } else { "Unlocked" };
    let text_color = ui.visuals().strong_text_color();
    let galley = ui
        .painter()
        .layout_no_wrap(word.to_string(), FontId::proportional(font_size), text_color);
    let pad = vec2(font_size * 0.45, font_size * 0.25);
    let icon = font_size * 1.1;
    let size = vec2(
        pad.x * 2.0 + icon + font_size * 0.3 + galley.size().x,
        pad.y * 2.0 + galley.size().y.max(icon),
    );
    let (rect, resp) = ui.allocate_exact_size(size, Sense::click());
    resp.widget_info(|| WidgetInfo::selected(egui::Role::Button, ui.is_enabled(), locked, name));
    if ui.is_rect_visible(rect) {
        let v = ui.style().interact_selectable(&resp, locked);
        let p = ui.painter();
        p.rect(
            rect,
            v.corner_radius,
            v.weak_bg_fill,
            v.bg_stroke,
            egui::StrokeKind::Inside,
        );
        let fg = if locked { v.fg_stroke.color } else { text_color };
        let icon_rect = Rect::from_center_size(
            pos2(rect.left() + pad.x + icon / 2.0, rect.center().y),
            Vec2::splat(icon),
        );
        paint_padlock(p, icon_rect, locked, fg, v.weak_bg_fill);
        p.galley_with_override_text_color(
            pos2(
                rect.left() + pad.x + icon + font_size * 0.3,
                rect.center().y - galley.size().y / 2.0,
            ),
            galley,
            fg,
        );
    }
    resp
}

/// A progress bar `done` of `total`, with the words on it ("3 of 10
/// signed"). Neutral colours: it is not a RAG.
pub fn progress_bar(ui: &mut Ui, done: usize, total: usize, text: &str, width: f32, font_size: f32) -> Response {
    let h = font_size * 1.6;
    let (rect, resp) = ui.allocate_exact_size(vec2(width, h), Sense::click());
    resp.widget_info(|| WidgetInfo::labeled(egui::Role::ProgressIndicator, true, text));
    if ui.is_rect_visible(rect) {
        let v = ui.visuals();
        let p = ui.painter();
        let radius = CornerRadius::same((h * 0.2) as u8);
        p.rect_filled(rect, radius, v.extreme_bg_color);
        let frac = if total == 0 { 0.0 } else { done as f32 / total as f32 };
        let fill = v.selection.bg_fill;
        if frac > 0.0 {
            let r = Rect::from_min_size(rect.min, vec2(rect.width() * frac, h));
            p.rect_filled(r, radius, fill);
        }
        p.rect_stroke(
            rect,
            radius,
            v.widgets.noninteractive.bg_stroke,
            egui::StrokeKind::Inside,
        );
        // the words, readable on both parts of the bar
        let font = FontId::proportional(font_size);
        let text_pos = pos2(rect.left() + font_size * 0.5, rect.center().y);
        let filled_to = rect.left() + rect.width() * frac;
        let on_fill = v.selection.stroke.color;
        let on_empty = v.strong_text_color();
        let clip_fill = Rect::from_min_max(rect.min, pos2(filled_to, rect.max.y));
        let clip_empty = Rect::from_min_max(pos2(filled_to, rect.min.y), rect.max);
        p.with_clip_rect(clip_empty)
            .text(text_pos, egui::Align2::LEFT_CENTER, text, font.clone(), on_empty);
        p.with_clip_rect(clip_fill)
            .text(text_pos, egui::Align2::LEFT_CENTER, text, font, on_fill);
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_the_user_chose_stay_and_the_others_fit_around_them() {
        let mut natural = vec![40.0, 200.0, 100.0];
        let mut grows = vec![false, true, true];
        keep_widths(&mut natural, &mut grows, &[None, Some(500.0)]);
        assert_eq!(natural, vec![40.0, 500.0, 100.0]);
        assert_eq!(grows, vec![false, false, true]);
        // a window too narrow: the kept width stays (the table scrolls)
        let w = fit_columns(&natural, &grows, 300.0, 0.0, 0.5, &[0.0; 3]);
        assert_eq!(w, vec![40.0, 500.0, 50.0]);
        // a wide one: only the others grow
        let w = fit_columns(&natural, &grows, 1000.0, 0.0, 0.5, &[0.0; 3]);
        assert_eq!(w, vec![40.0, 500.0, 460.0]);
    }

    #[test]
    fn rag_palette_meets_contrast() {
        for rag in Rag::ALL {
            let (bg, fg) = rag_colors(rag);
            let ratio = contrast_ratio(bg, fg);
            assert!(ratio >= 4.5, "{rag:?} chip text contrast {ratio:.2} < 4.5");
        }
        // the projector themes: text on every chip, and the page's text
        for palette in RagPalette::ALL {
            for rag in Rag::ALL {
                let (bg, fg) = rag_colors_in(palette, rag);
                let ratio = contrast_ratio(bg, fg);
                assert!(ratio >= 4.5, "{palette:?} {rag:?} chip text contrast {ratio:.2} < 4.5");
            }
            if let Some(page) = palette.page() {
                assert!(contrast_ratio(page, palette.ink()) >= 15.0, "{palette:?}");
            }
        }
    }

    /// Red-green colour blindness: simulated with Machado et al. (2009),
    /// the four projector chips (not rated is the page colour) stay at
    /// least 15 L* apart from each other, so they differ in lightness even
    /// when their hues look alike; the shapes and words tell them apart in
    /// any case.
    #[test]
    fn projector_palette_stays_apart_for_colour_blind_viewers() {
        const MIN_DELTA_L: f64 = 15.0;
        for palette in [RagPalette::ProjectorLight, RagPalette::ProjectorDark] {
            for vision in [
                ColourVision::Typical,
                ColourVision::Deuteranopia,
                ColourVision::Protanopia,
            ] {
                let l: Vec<(Rag, f64)> = Rag::ALL
                    .iter()
                    .map(|&r| (r, lightness(simulate_vision(rag_colors_in(palette, r).0, vision))))
                    .collect();
                for (i, (ra, la)) in l.iter().enumerate() {
                    for (rb, lb) in &l[i + 1..] {
                        let d = (la - lb).abs();
                        assert!(
                            d >= MIN_DELTA_L,
                            "{palette:?} {vision:?}: {ra:?} L*{la:.1} and {rb:?} L*{lb:.1} only {d:.1} apart"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn vision_simulation_matches_known_values() {
        // white and black are unchanged; pure red goes dark for protanopes
        for v in [ColourVision::Deuteranopia, ColourVision::Protanopia] {
            assert_eq!(simulate_vision(Color32::WHITE, v), Color32::from_rgb(255, 255, 255));
            assert_eq!(simulate_vision(Color32::BLACK, v), Color32::BLACK);
        }
        let red = Color32::from_rgb(255, 0, 0);
        assert!(lightness(simulate_vision(red, ColourVision::Protanopia)) < lightness(red) - 10.0);
        assert!((lightness(Color32::WHITE) - 100.0).abs() < 0.01);
        assert!(lightness(Color32::BLACK).abs() < 0.01);
        assert!((lightness(Color32::from_gray(119)) - 50.0).abs() < 0.5);
    }
}

/// What was clicked among a path dialog's buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathButton {
    None,
    Ok,
    Browse,
    Cancel,
}

/// The buttons of a dialog that asks for a file path, in a row: `ok`,
/// Browse… (off, with a spinner and a word, while the system's file dialog
/// is open) and Cancel.
pub fn path_dialog_buttons(ui: &mut Ui, ok: &str, browsing: bool) -> PathButton {
    let mut clicked = PathButton::None;
    ui.horizontal(|ui| {
        if ui.button(ok).clicked() {
            clicked = PathButton::Ok;
        }
        if ui.add_enabled(!browsing, egui::Button::new("Browse…")).clicked() {
            clicked = PathButton::Browse;
        }
        if browsing {
            ui.spinner();
            ui.label("Waiting for the system file dialog…");
        }
        if ui.button("Cancel").clicked() {
            clicked = PathButton::Cancel;
        }
    });
    clicked
}

/// True when `text` does not fit on one line in an input `width` wide
/// (its margins taken off).
pub fn input_clips(ui: &Ui, text: &str, width: f32) -> bool {
    // a single-line TextEdit's margins, left and right: the style's button
    // padding (its frame's stroke drawn inside it)
    let margins = 2.0 * ui.spacing().button_padding.x;
    !text.is_empty() && text_width(ui, text, egui::TextStyle::Body, false) > width - margins
}

/// A single-line input that cannot show all its text while it does not
/// have the keyboard: an ellipsis at its right edge, over the text cut
/// there, and the whole text on hover (in full while it is edited).
pub fn mark_clipped(ui: &Ui, resp: Response, text: &str) -> Response {
    if paint_clip_mark(ui, &resp, text) {
        resp.on_hover_text(text)
    } else {
        resp
    }
}

/// The ellipsis of [`mark_clipped`] alone (for an input whose hover says
/// more); true when the text is cut.
pub fn paint_clip_mark(ui: &Ui, resp: &Response, text: &str) -> bool {
    if resp.has_focus() || !input_clips(ui, text, resp.rect.width()) {
        return false;
    }
    let font = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().text_color();
    let w = text_width(ui, "\u{2026}", egui::TextStyle::Body, false) + 6.0;
    // inside the input's frame: its stroke (thicker on a projector) and
    // its rounded right corners stay whole
    let frame = &ui.visuals().widgets.inactive;
    let r = resp.rect.shrink(frame.bg_stroke.width.max(1.0));
    let patch = egui::Rect::from_min_max(egui::pos2(r.right() - w, r.top()), r.max);
    let round = frame
        .corner_radius
        .ne
        .saturating_sub(frame.bg_stroke.width.ceil() as u8);
    let corners = egui::CornerRadius {
        ne: round,
        se: round,
        ..Default::default()
    };
    let painter = ui.painter().with_clip_rect(resp.rect);
    painter.rect_filled(patch, corners, ui.visuals().text_edit_bg_color());
    painter.text(patch.center(), egui::Align2::CENTER_CENTER, "\u{2026}", font, color);
    true
}

/// The frame of a panel inside another panel (a side or bottom panel of a
/// tab, a tab's own central panel): its margins, no fill. The panel around
/// it has already filled the area with the same colour, and on a software
/// renderer every fill is pixels the CPU draws again.
pub fn inner_panel(style: &egui::Style, central: bool) -> egui::Frame {
    let frame = if central {
        egui::Frame::central_panel(style)
    } else {
        egui::Frame::side_top_panel(style)
    };
    frame.fill(egui::Color32::TRANSPARENT)
}
