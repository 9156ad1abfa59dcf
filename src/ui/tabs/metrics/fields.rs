//! Small widgets of the Metrics tab: a field for a metric figure (a value
//! or numerator/denominator), the painted direction-of-travel marker and
//! sortable column headers.

use crate::calc::metrics::{Direction, Travel};
use crate::model::Figure;
use crate::model::limits::MAX_FIGURE_CHARS;
use crate::model::value::{figure_text, parse_figure};
use crate::ui::widgets::{self, FieldChange};
use egui::{Color32, Id, Pos2, Response, Sense, Stroke, TextEdit, Ui, pos2, vec2};

/// What a figure field reports.
pub struct FigureOutput {
    pub change: FieldChange<Option<Figure>>,
    pub response: Response,
    /// Why the typed text was not taken, while it does not parse.
    pub error: Option<String>,
}

/// A number with thousands separators, every typed decimal kept.
fn group_number(v: &crate::model::Decimal) -> String {
    let s = v.normalize().to_string();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, s),
    };
    let (w, f) = match s.split_once('.') {
        Some((w, f)) => (w.to_string(), Some(f.to_string())),
        None => (s.clone(), None),
    };
    let g = w.parse::<u128>().map(crate::model::money::group_thousands).unwrap_or(w);
    format!(
        "{}{g}{}",
        if neg { "-" } else { "" },
        f.map(|f| format!(".{f}")).unwrap_or_default()
    )
}

fn display_text(f: &Figure) -> String {
    match f {
        Figure::Value(v) => group_number(v),
        Figure::Ratio { numerator, denominator } => {
            format!("{} / {}", group_number(numerator), group_number(denominator))
        }
    }
}

/// A field for a figure: "90.5", "1,774.9", or "1176/1815". While edited
/// it keeps what was typed; each keystroke that parses changes the plan
/// (live RAG); text that does not parse is marked in red with the reason on
/// hover and changes nothing.
pub fn figure_field(
    ui: &mut Ui,
    id: Id,
    value: &Option<Figure>,
    name: &str,
    width: f32,
    request_focus: bool,
) -> FigureOutput {
    let buf_id = id.with("buffer");
    let mut buffer: Option<String> = ui.data(|d| d.get_temp(buf_id));
    let focused = ui.memory(|m| m.has_focus(id));
    let mut text = match &buffer {
        Some(b) => b.clone(),
        None if focused => value.as_ref().map(figure_text).unwrap_or_default(),
        None => value.as_ref().map(display_text).unwrap_or_default(),
    };
    let error = buffer.as_ref().and_then(|b| parse_figure(b).err());
    let mut edit = TextEdit::singleline(&mut text)
        .id(id)
        .desired_width(width)
        .char_limit(MAX_FIGURE_CHARS)
        .align(egui::Align2::RIGHT_CENTER);
    if error.is_some() {
        edit = edit.text_color(widgets::error_color(ui));
    }
    let h = ui.spacing().interact_size.y;
    let resp = ui.add_sized(vec2(width, h), edit);
    widgets::set_name(ui, &resp, name);
    if request_focus {
        resp.request_focus();
    }
    let mut change = FieldChange::None;
    if resp.gained_focus() && buffer.is_none() {
        let t = value.as_ref().map(figure_text).unwrap_or_default();
        ui.data_mut(|d| d.insert_temp(buf_id, t.clone()));
        buffer = Some(t);
    }
    if resp.changed() {
        if let Ok(v) = parse_figure(&text)
            && v != *value
        {
            change = FieldChange::Set(v);
        }
        ui.data_mut(|d| d.insert_temp(buf_id, text.clone()));
        buffer = Some(text.clone());
    }
    if resp.lost_focus()
        && let Some(b) = &buffer
        && parse_figure(b).is_ok()
    {
        ui.data_mut(|d| d.remove::<String>(buf_id));
        buffer = None;
    }
    let error = buffer.as_ref().and_then(|b| parse_figure(b).err());
    let response = if let Some(err) = &error {
        ui.painter().rect_stroke(
            resp.rect.expand(1.0),
            2.0,
            Stroke::new(2.0, widgets::error_color(ui)),
            egui::StrokeKind::Outside,
        );
        resp.on_hover_text(format!(
            "Not changed: {err}. Type a number such as 90.5 or 1,774.9, or numerator/denominator such as 1176/1815."
        ))
    } else {
        resp
    };
    FigureOutput {
        change,
        response,
        error,
    }
}

/// Paints an arrow for a direction of travel in a square of side `size`.
pub fn paint_arrow(painter: &egui::Painter, center: Pos2, size: f32, direction: Direction, color: Color32) {
    let h = size * 0.42;
    let stroke = Stroke::new((size * 0.13).max(2.0), color);
    let head = size * 0.28;
    let (from, to) = match direction {
        Direction::Up => (pos2(center.x, center.y + h), pos2(center.x, center.y - h)),
        Direction::Down => (pos2(center.x, center.y - h), pos2(center.x, center.y + h)),
        Direction::Same => (pos2(center.x - h, center.y), pos2(center.x + h, center.y)),
    };
    let dir = (to - from).normalized();
    let shaft_end = to - dir * head * 0.8;
    painter.line_segment([from, shaft_end], stroke);
    let perp = vec2(-dir.y, dir.x);
    let pts = vec![
        to,
        to - dir * head * 1.3 + perp * head,
        to - dir * head * 1.3 - perp * head,
    ];
    painter.add(egui::Shape::convex_polygon(pts, color, Stroke::NONE));
}

/// The direction of travel: a painted arrow and "improving" / "worsening"
/// / "no change", with the comparison on hover. Neutral colour: it is not
/// a RAG.
pub fn travel_marker(ui: &mut Ui, travel: Option<Travel>, why: &str, font_size: f32) -> Response {
    let font_size = widgets::min_text(ui, font_size);
    let color = ui.visuals().text_color();
    let Some(t) = travel else {
        return ui
            .label(egui::RichText::new("–").size(font_size).weak())
            .on_hover_text(why);
    };
    let galley = ui
        .painter()
        .layout_no_wrap(t.word().to_string(), egui::FontId::proportional(font_size), color);
    let arrow = font_size * 1.1;
    let size = vec2(arrow + 4.0 + galley.size().x, arrow.max(galley.size().y));
    let (rect, resp) = ui.allocate_exact_size(size, Sense::hover());
    let word = format!("{} {}", t.direction.word(), t.word());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &word));
    if ui.is_rect_visible(rect) {
        let p = ui.painter();
        paint_arrow(
            p,
            pos2(rect.left() + arrow / 2.0, rect.center().y),
            arrow,
            t.direction,
            color,
        );
        p.galley(
            pos2(rect.left() + arrow + 4.0, rect.center().y - galley.size().y / 2.0),
            galley,
            color,
        );
    }
    resp.on_hover_text(why)
}

/// A column header that sorts: the label, with a painted triangle when it
/// is the sort column. Returns true when clicked.
pub fn sort_header(ui: &mut Ui, label: &str, active: bool, ascending: bool) -> bool {
    let resp = ui
        .add(egui::Button::new(egui::RichText::new(label).strong()).frame(false))
        .on_hover_text(format!("Sort by {}", label.to_lowercase()));
    widgets::set_name(ui, &resp, &format!("Sort by {label}"));
    if active {
        let r = resp.rect;
        let c = pos2(r.right() + 8.0, r.center().y);
        let s = 5.0;
        let pts = if ascending {
            vec![
                pos2(c.x, c.y - s),
                pos2(c.x + s, c.y + s * 0.7),
                pos2(c.x - s, c.y + s * 0.7),
            ]
        } else {
            vec![
                pos2(c.x, c.y + s),
                pos2(c.x - s, c.y - s * 0.7),
                pos2(c.x + s, c.y - s * 0.7),
            ]
        };
        ui.painter().add(egui::Shape::convex_polygon(
            pts,
            ui.visuals().strong_text_color(),
            Stroke::NONE,
        ));
    }
    resp.clicked()
}

/// Paints a right arrow "→" (the bundled fonts have no glyph for it).
pub fn paint_right_arrow(painter: &egui::Painter, center: Pos2, size: f32, color: Color32) {
    paint_arrow(painter, center, size, Direction::Same, color);
}

/// A text that may hold "→" (as the RAG explanations do), drawn with the
/// arrows painted: the bundled fonts have no glyph for it.
pub fn arrow_text(ui: &mut Ui, text: &str, size: f32, color: Option<Color32>) {
    let size = widgets::text_size(ui, size);
    let color = color.unwrap_or_else(|| ui.visuals().text_color());
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 0.0;
        let mut parts = text.split('→').peekable();
        while let Some(part) = parts.next() {
            if !part.is_empty() {
                ui.label(egui::RichText::new(part).size(size).color(color));
            }
            if parts.peek().is_some() {
                let (rect, _) = ui.allocate_exact_size(vec2(size * 1.3, size * 1.2), Sense::hover());
                paint_right_arrow(ui.painter(), rect.center(), size * 0.9, color);
            }
        }
    });
}

/// Shows `text` (with painted arrows) when `resp` is hovered.
pub fn arrow_tooltip(resp: Response, text: &str) -> Response {
    if text.is_empty() {
        return resp;
    }
    let text = text.to_string();
    resp.on_hover_ui(move |ui| {
        ui.set_max_width(520.0);
        arrow_text(ui, &text, 14.0, None);
    })
}

/// Names a RAG chip for screen readers and tests: a chip is a button (a
/// click selects it and shows its rule), named "Metric 3 RAG: Amber".
pub fn name_chip(ui: &Ui, resp: &Response, name: &str) {
    let name = name.to_string();
    ui.ctx().accesskit_node_builder(resp.id, |n| {
        n.set_role(egui::accesskit::Role::Button);
        n.set_label(name);
    });
}

/// Names a chip that only shows (the key of the RAG colours).
pub fn name_image(ui: &Ui, resp: &Response, name: &str) {
    let name = name.to_string();
    ui.ctx().accesskit_node_builder(resp.id, |n| {
        n.set_role(egui::accesskit::Role::Image);
        n.set_label(name);
    });
}
