//! The risk heat map: the 5×5 matrix of likelihood × consequence with the
//! number of risks in each cell, each cell coloured by its band AND naming
//! it (never colour alone). One widget for every size: the Risks tab, the
//! Overview (small) and presentation (large) differ only in
//! [`HeatMap::cell_size`] / [`HeatMap::fit_width`]. Clicking a cell is
//! reported; the caller decides what it means (the Risks tab filters).

use crate::calc::risks::{
    BAND_RAG, CONSEQUENCE_WORDS, HeatCounts, LIKELIHOOD_WORDS, RiskBand, ScoreKind, band_of_score, consequence_word,
    likelihood_word,
};
use crate::ui::widgets;
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Response, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo, pos2,
    vec2,
};

/// The fill of a band's cells and the text colour on it (contrast at least
/// 4.5:1, see the test). Low and Moderate are both greens (their RAG is
/// Green), High is the amber of the RAG chips, Extreme the red.
pub fn band_colors(band: RiskBand) -> (Color32, Color32) {
    match band {
        RiskBand::Low => (Color32::from_rgb(0xA8, 0xD5, 0x9B), Color32::BLACK),
        RiskBand::Moderate => (Color32::from_rgb(0x1B, 0x6E, 0x3A), Color32::WHITE),
        RiskBand::High => (Color32::from_rgb(0xF5, 0xB3, 0x1B), Color32::BLACK),
        RiskBand::Extreme => (Color32::from_rgb(0xB4, 0x23, 0x1C), Color32::WHITE),
    }
}

/// The band colours in a palette: on a projector, the projector RAG
/// colours (Low a pale green), so the heat map and the chips agree.
pub fn band_colors_in(palette: widgets::RagPalette, band: RiskBand) -> (Color32, Color32) {
    match (palette, band) {
        (widgets::RagPalette::Screen, b) => band_colors(b),
        (_, RiskBand::Low) => (Color32::from_rgb(0xD5, 0xEF, 0xDB), Color32::BLACK),
        (_, RiskBand::Moderate) => (widgets::PROJECTOR_GREEN, Color32::BLACK),
        (_, RiskBand::High) => (widgets::PROJECTOR_AMBER, Color32::BLACK),
        (_, RiskBand::Extreme) => (widgets::PROJECTOR_RED, Color32::WHITE),
    }
}

/// A short band name for cells too narrow for the full one.
fn band_abbrev(band: RiskBand) -> &'static str {
    match band {
        RiskBand::Low => "Low",
        RiskBand::Moderate => "Mod",
        RiskBand::High => "High",
        RiskBand::Extreme => "Ext",
    }
}

/// Black or white, whichever reads better on `bg`.
fn text_on(bg: Color32) -> Color32 {
    if widgets::contrast_ratio(bg, Color32::BLACK) >= widgets::contrast_ratio(bg, Color32::WHITE) {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

fn mix(a: Color32, b: Color32, t: f32) -> Color32 {
    let l = |x: u8, y: u8| (x as f32 + (y as f32 - x as f32) * t).round() as u8;
    Color32::from_rgb(l(a.r(), b.r()), l(a.g(), b.g()), l(a.b(), b.b()))
}

/// The `field` of a [`crate::ui::Target`] that asks the Risks tab to show
/// the risks of one heat map cell: another tab (the Overview) that shows
/// the map small can send the user there with
/// `cmds.go_to(Tab::Risks, None, Some(heat_cell_field(kind, l, c)))`.
pub fn heat_cell_field(kind: ScoreKind, likelihood: u8, consequence: u8) -> &'static str {
    static FIELDS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let all = FIELDS.get_or_init(|| {
        let mut v = Vec::new();
        for k in [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target] {
            for l in 1..=5 {
                for c in 1..=5 {
                    v.push(format!("heat_cell:{}:{l}:{c}", k.field()));
                }
            }
        }
        v
    });
    let k = match kind {
        ScoreKind::Current => 0,
        ScoreKind::Residual => 1,
        ScoreKind::Target => 2,
    };
    let l = likelihood.clamp(1, 5) as usize - 1;
    let c = consequence.clamp(1, 5) as usize - 1;
    all[k * 25 + l * 5 + c].as_str()
}

/// Reads a field made by [`heat_cell_field`].
pub fn parse_heat_cell_field(field: &str) -> Option<(ScoreKind, u8, u8)> {
    let mut parts = field.strip_prefix("heat_cell:")?.split(':');
    let kind = match parts.next()? {
        "current" => ScoreKind::Current,
        "residual" => ScoreKind::Residual,
        "target" => ScoreKind::Target,
        _ => return None,
    };
    let l: u8 = parts.next()?.parse().ok()?;
    let c: u8 = parts.next()?.parse().ok()?;
    ((1..=5).contains(&l) && (1..=5).contains(&c) && parts.next().is_none()).then_some((kind, l, c))
}

/// What happened to the heat map this frame.
#[derive(Clone, Debug)]
pub struct HeatMapResponse {
    /// The cell clicked: (likelihood, consequence), each 1–5.
    pub clicked: Option<(u8, u8)>,
    /// The cell under the pointer.
    pub hovered: Option<(u8, u8)>,
    /// The whole widget (grid and axis labels).
    pub rect: Rect,
}

/// A 5×5 heat map. Likelihood runs up (5 Almost certain at the top),
/// consequence runs right (5 Catastrophic at the right), so the worst
/// cell is top right.
pub struct HeatMap<'a> {
    counts: &'a HeatCounts,
    cell: Vec2,
    fit_width: Option<f32>,
    selected: Option<(u8, u8)>,
    name: String,
    axis_words: Option<bool>,
    tooltip: Option<&'a dyn Fn(u8, u8) -> String>,
    min_font: f32,
}

impl<'a> HeatMap<'a> {
    pub fn new(counts: &'a HeatCounts) -> Self {
        HeatMap {
            counts,
            cell: vec2(84.0, 64.0),
            fit_width: None,
            selected: None,
            name: "Heat map".into(),
            axis_words: None,
            tooltip: None,
            min_font: 10.0,
        }
    }
    /// The size of one cell; everything else (fonts, labels) scales with it.
    pub fn cell_size(mut self, size: Vec2) -> Self {
        self.cell = size;
        self.fit_width = None;
        self
    }
    /// Makes the whole widget (labels included) as wide as `width`, with
    /// cells three quarters as high as they are wide.
    pub fn fit_width(mut self, width: f32) -> Self {
        self.fit_width = Some(width);
        self
    }
    /// The cell drawn as selected (a thick ring).
    pub fn selected(mut self, cell: Option<(u8, u8)>) -> Self {
        self.selected = cell;
        self
    }
    /// Names the map for screen readers and tests: "Current heat map".
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }
    /// Words on the axes ("Almost certain"); by default only when cells
    /// are at least 60 points wide.
    pub fn axis_words(mut self, on: bool) -> Self {
        self.axis_words = Some(on);
        self
    }
    /// No text smaller than `size` points (presentation mode): band names
    /// shorten to fit.
    pub fn min_font(mut self, size: f32) -> Self {
        self.min_font = size.max(1.0);
        self
    }
    /// Hover text for a cell (for example the risks in it).
    pub fn tooltip(mut self, f: &'a dyn Fn(u8, u8) -> String) -> Self {
        self.tooltip = Some(f);
        self
    }

    /// The accessible name of a cell.
    pub fn cell_label(name: &str, likelihood: u8, consequence: u8, count: usize) -> String {
        let band = band_of_score(likelihood * consequence);
        format!(
            "{name}: likelihood {likelihood} {}, consequence {consequence} {}: {}, {count} {}",
            likelihood_word(likelihood).to_lowercase(),
            consequence_word(consequence).to_lowercase(),
            band.word(),
            if count == 1 { "risk" } else { "risks" }
        )
    }

    pub fn show(self, ui: &mut Ui) -> HeatMapResponse {
        // salted by where it is drawn, so the same map can show twice
        let id = ui.scope_id().with(("opplan_heatmap", self.name.as_str()));
        let lo = widgets::min_text(ui, self.min_font);
        let fonts_for = |cell: Vec2| {
            let h = cell.y;
            (
                (h * 0.44).clamp(10.0, 96.0).max(lo), // count
                (h * 0.22).clamp(10.0, 30.0).max(lo), // band name
                (h * 0.21).clamp(10.0, 30.0).max(lo), // axis labels
                (h * 0.23).clamp(10.0, 32.0).max(lo), // axis titles
            )
        };
        let measure = |ui: &Ui, text: &str, size: f32| {
            ui.painter()
                .layout_no_wrap(text.to_string(), FontId::proportional(size), Color32::WHITE)
                .size()
        };
        // the widest likelihood label decides the left margin
        let left_label_w = |ui: &Ui, words: bool, size: f32| {
            (1..=5u8)
                .map(|l| {
                    let t = if words {
                        format!("{} {l}", likelihood_word(l))
                    } else {
                        l.to_string()
                    };
                    measure(ui, &t, size).x
                })
                .fold(0.0f32, f32::max)
        };
        let mut cell = self.cell;
        let mut words = self.axis_words.unwrap_or(cell.x >= 60.0);
        if let Some(w) = self.fit_width {
            // two passes: guess, measure the labels at that size, settle
            let mut guess = vec2(w / 6.8, w / 6.8 * 0.75);
            for _ in 0..2 {
                words = self.axis_words.unwrap_or(guess.x >= 60.0);
                let (_, _, axis, title) = fonts_for(guess);
                let margin = title * 1.3 + left_label_w(ui, words, axis) + axis * 0.6;
                let cw = ((w - margin) / 5.0).max(14.0);
                guess = vec2(cw, cw * 0.75);
            }
            cell = guess;
        }
        let (f_count, f_band, f_axis, f_title) = fonts_for(cell);
        let title_w = f_title * 1.3;
        let labels_w = left_label_w(ui, words, f_axis) + f_axis * 0.6;
        // consequence words under the columns only when they fit at the
        // smallest size allowed
        let word_lo = if lo > 10.0 { lo } else { 8.0 };
        let con_words = words
            && CONSEQUENCE_WORDS
                .iter()
                .all(|w| measure(ui, w, word_lo).x <= cell.x - 2.0);
        let bottom_h = if con_words { f_axis * 2.4 } else { f_axis * 1.3 } + f_title * 1.4;
        let grid_size = vec2(cell.x * 5.0, cell.y * 5.0);
        let total = vec2(title_w + labels_w + grid_size.x, grid_size.y + bottom_h);
        let (outer, _) = ui.allocate_exact_size(total, Sense::hover());
        let grid = Rect::from_min_size(pos2(outer.left() + title_w + labels_w, outer.top()), grid_size);
        let visuals = ui.visuals().clone();
        let text_color = visuals.strong_text_color();
        let weak = visuals.text_color();
        let bg = visuals.panel_fill;
        let palette = widgets::rag_palette(ui.ctx());

        let mut clicked = None;
        let mut hovered = None;
        let painter = ui.painter_at(outer.expand(4.0));
        let gap = (cell.x * 0.04).clamp(1.0, 4.0);
        for l in 1..=5u8 {
            for c in 1..=5u8 {
                let count = self.counts[l as usize - 1][c as usize - 1];
                let band = band_of_score(l * c);
                let min = pos2(
                    grid.left() + (c - 1) as f32 * cell.x,
                    grid.top() + (5 - l) as f32 * cell.y,
                );
                let rect = Rect::from_min_size(min, cell).shrink(gap / 2.0);
                let (full, full_fg) = band_colors_in(palette, band);
                let (fill, fg) = if count == 0 {
                    let pale = mix(bg, full, 0.30);
                    (pale, text_on(pale))
                } else {
                    (full, full_fg)
                };
                let label = Self::cell_label(&self.name, l, c, count);
                let resp: Response = ui.interact(rect, id.with((l, c)), Sense::click());
                let is_selected = self.selected == Some((l, c));
                resp.widget_info(|| WidgetInfo::selected(egui::Role::Button, true, is_selected, &label));
                let radius = CornerRadius::same((cell.y * 0.08).clamp(1.0, 8.0) as u8);
                painter.rect_filled(rect, radius, fill);
                // band name at the top, count in the middle
                let band_text = {
                    let full_w = measure(ui, band.word(), f_band).x;
                    if full_w <= rect.width() - 6.0 {
                        band.word()
                    } else {
                        band_abbrev(band)
                    }
                };
                let band_font = FontId::proportional(f_band);
                let band_pos = pos2(rect.center().x, rect.top() + f_band * 0.25);
                painter.text(band_pos, Align2::CENTER_TOP, band_text, band_font, fg);
                let count_area_top = band_pos.y + f_band * 1.05;
                let count_center = pos2(rect.center().x, (count_area_top + rect.bottom()) / 2.0);
                let count_font =
                    FontId::proportional(f_count.min((rect.bottom() - count_area_top) * 0.95).max(word_lo));
                let count_color = if count == 0 { fg.gamma_multiply(0.75) } else { fg };
                painter.text(
                    count_center,
                    Align2::CENTER_CENTER,
                    count.to_string(),
                    count_font,
                    count_color,
                );
                if is_selected {
                    let w = (cell.y * 0.07).clamp(2.5, 6.0);
                    painter.rect_stroke(rect, radius, Stroke::new(w, text_color), StrokeKind::Outside);
                    painter.rect_stroke(
                        rect.shrink(w * 0.5),
                        radius,
                        Stroke::new(w * 0.5, bg),
                        StrokeKind::Inside,
                    );
                }
                if resp.hovered() {
                    hovered = Some((l, c));
                    painter.rect_stroke(rect, radius, Stroke::new(2.0, text_color), StrokeKind::Inside);
                    ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
                }
                if resp.clicked() {
                    clicked = Some((l, c));
                }
                // the tooltip only when it can be seen or read: building
                // one can mean looking at every risk
                let wanted = resp.hovered()
                    || resp.is_tooltip_open()
                    || ui.ctx().has_accesskit_node(resp.id)
                    || ui.ctx().memory(|m| m.everything_is_visible());
                if wanted {
                    let tip = match self.tooltip {
                        Some(f) => format!("{label}\n{}", f(l, c)),
                        None => label.clone(),
                    };
                    resp.on_hover_text(tip);
                }
            }
        }

        // likelihood labels, right-aligned beside each row
        let axis_font = FontId::proportional(f_axis);
        for l in 1..=5u8 {
            let y = grid.top() + (5 - l) as f32 * cell.y + cell.y / 2.0;
            let t = if words {
                format!("{} {l}", LIKELIHOOD_WORDS[l as usize - 1])
            } else {
                l.to_string()
            };
            painter.text(
                pos2(grid.left() - f_axis * 0.4, y),
                Align2::RIGHT_CENTER,
                t,
                axis_font.clone(),
                weak,
            );
        }
        // consequence labels under each column
        for c in 1..=5u8 {
            let x = grid.left() + (c - 1) as f32 * cell.x + cell.x / 2.0;
            let top = grid.bottom() + f_axis * 0.2;
            painter.text(pos2(x, top), Align2::CENTER_TOP, c.to_string(), axis_font.clone(), weak);
            if con_words {
                let word = CONSEQUENCE_WORDS[c as usize - 1];
                let mut size = f_axis;
                while size > word_lo && measure(ui, word, size).x > cell.x - 2.0 {
                    size -= 0.5;
                }
                painter.text(
                    pos2(x, top + f_axis * 1.1),
                    Align2::CENTER_TOP,
                    word,
                    FontId::proportional(size),
                    weak,
                );
            }
        }
        // axis titles
        let title_font = FontId::proportional(f_title);
        let arrow_len = f_title * 1.6;
        let galley = ui
            .painter()
            .layout_no_wrap("Consequence".to_string(), title_font.clone(), text_color);
        let gsize = galley.size();
        let x0 = grid.center().x - (gsize.x + arrow_len + f_title * 0.4) / 2.0;
        let y0 = outer.bottom() - f_title * 0.1 - gsize.y;
        painter.galley(pos2(x0, y0), galley, text_color);
        let ay = y0 + gsize.y * 0.55;
        let ax = x0 + gsize.x + f_title * 0.4;
        paint_arrow(&painter, pos2(ax, ay), pos2(ax + arrow_len, ay), text_color, f_title);
        let galley = ui
            .painter()
            .layout_no_wrap("Likelihood".to_string(), title_font, text_color);
        let gsize = galley.size();
        // rotated a quarter turn anticlockwise, reading upwards, then an arrow up
        let span = gsize.x + f_title * 0.4 + arrow_len;
        let pos = Pos2::new(outer.left() + (title_w - gsize.y) / 2.0, grid.center().y + span / 2.0);
        painter.add(egui::epaint::TextShape::new(pos, galley, text_color).with_angle(-std::f32::consts::FRAC_PI_2));
        let ax = pos.x + gsize.y * 0.55;
        let ay = pos.y - gsize.x - f_title * 0.4;
        paint_arrow(&painter, pos2(ax, ay), pos2(ax, ay - arrow_len), text_color, f_title);

        HeatMapResponse {
            clicked,
            hovered,
            rect: outer,
        }
    }
}

/// An arrow from `from` to `to`, sized for text of `font_size`.
pub fn paint_arrow(painter: &egui::Painter, from: Pos2, to: Pos2, color: Color32, font_size: f32) {
    let dir = (to - from).normalized();
    let head = (font_size * 0.45).max(4.0);
    let base = to - dir * head;
    let side = vec2(-dir.y, dir.x) * head * 0.6;
    painter.line_segment([from, base], Stroke::new((font_size * 0.1).max(1.5), color));
    painter.add(egui::Shape::convex_polygon(
        vec![to, base + side, base - side],
        color,
        Stroke::NONE,
    ));
}

/// The legend: each band's colour, its scores, and the RAG it means, from
/// the one table in `calc` ([`BAND_RAG`]).
pub fn legend(ui: &mut Ui, font_size: f32) {
    let font_size = widgets::min_text(ui, font_size);
    egui::Grid::new(ui.scope_id().with("heatmap_legend"))
        .num_columns(4)
        .spacing([font_size * 0.6, font_size * 0.35])
        .show(ui, |ui| {
            for (band, rag) in BAND_RAG {
                let (fill, fg) = band_colors_in(widgets::rag_palette(ui.ctx()), band);
                let sw = vec2(font_size * 4.8, font_size * 1.5);
                let (rect, _) = ui.allocate_exact_size(sw, Sense::hover());
                ui.painter().rect_filled(rect, 3.0, fill);
                ui.painter().text(
                    rect.center(),
                    Align2::CENTER_CENTER,
                    band.word(),
                    FontId::proportional(widgets::min_text(ui, font_size * 0.9)),
                    fg,
                );
                ui.label(egui::RichText::new(band.range()).size(font_size));
                let (rect, _) = ui.allocate_exact_size(vec2(font_size * 1.6, font_size), Sense::hover());
                let color = ui.visuals().text_color();
                paint_arrow(ui.painter(), rect.left_center(), rect.right_center(), color, font_size);
                widgets::rag_chip_ext(ui, rag, rag.word(), false, None, font_size * 0.9);
                ui.end_row();
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_colours_meet_contrast() {
        for palette in widgets::RagPalette::ALL {
            for b in RiskBand::ALL {
                let (bg, fg) = band_colors_in(palette, b);
                let ratio = widgets::contrast_ratio(bg, fg);
                assert!(ratio >= 4.5, "{palette:?} {b:?} cell text contrast {ratio:.2} < 4.5");
                assert_eq!(text_on(bg), fg, "{palette:?} {b:?}");
            }
        }
    }

    #[test]
    fn cell_fields_round_trip() {
        for k in [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target] {
            for l in 1..=5 {
                for c in 1..=5 {
                    let f = heat_cell_field(k, l, c);
                    assert_eq!(parse_heat_cell_field(f), Some((k, l, c)), "{f}");
                }
            }
        }
        assert_eq!(heat_cell_field(ScoreKind::Residual, 4, 5), "heat_cell:residual:4:5");
        for bad in [
            "owner",
            "heat_cell:current:0:1",
            "heat_cell:current:1:6",
            "heat_cell:x:1:1",
            "heat_cell:current:1:1:1",
        ] {
            assert_eq!(parse_heat_cell_field(bad), None, "{bad}");
        }
    }

    #[test]
    fn cell_labels_say_band_and_count() {
        assert_eq!(
            HeatMap::cell_label("Current heat map", 4, 5, 2),
            "Current heat map: likelihood 4 likely, consequence 5 catastrophic: Extreme, 2 risks"
        );
        assert_eq!(
            HeatMap::cell_label("Residual heat map", 1, 1, 1),
            "Residual heat map: likelihood 1 rare, consequence 1 negligible: Low, 1 risk"
        );
    }
}
