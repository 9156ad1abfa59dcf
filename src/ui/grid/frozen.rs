//! The first columns of a table (its row number and name or reference)
//! kept at the left edge, heading included, while the table scrolls
//! sideways; the scrolled columns pass under them. Shared by the
//! Schemes, Metrics and Risks tables.
//!
//! The technique: one table, its frozen cells drawn moved by the sideways
//! scroll. egui_extras draws a row's cells left to right and paints each
//! cell's stripe and selection itself, so a frozen cell moved to the left
//! edge would be painted over by the scrolled cells drawn after it. So
//! while the table is scrolled sideways (and only then) the table's `Ui`
//! is clipped to start right of the frozen band: nothing of the scrolled
//! columns (text, stripes, selection, the columns' edges) is drawn there,
//! and nothing there takes a click. Each frozen cell is then drawn at the
//! left edge with its own clip, its row's stripe or selection colour
//! under it. The cells stay the same widgets drawn in the same order, so
//! focus, Tab, clicks, block selection and row selection work as before;
//! not scrolled, nothing is moved or clipped and the table looks as it
//! did. (Two tables side by side sharing the vertical scroll would show
//! one of them a frame late when scrolled, and split every row's state.)

use super::widths::Sizing;
use crate::ui::widgets;
use egui::{Color32, Id, Rect, Ui, UiBuilder, vec2};

/// The most of the visible width the frozen columns may take: past it
/// fewer columns are frozen (the scrolled ones must stay in view).
const MAX_BAND_SHARE: f32 = 0.6;

/// The frozen columns of a table for one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Frozen {
    /// How far the table is scrolled sideways (0: not scrolled, then
    /// nothing changes).
    offset: f32,
    /// The visible left edge, on the screen.
    left: f32,
    /// Where the scrolled columns begin to show, on the screen.
    edge: f32,
    /// How many columns, from the left, are frozen.
    count: usize,
}

/// How many of the first `want` columns (of `widths`, with `spacing`
/// after each) can stay frozen in a view `visible` points wide: as many
/// as take at most [`MAX_BAND_SHARE`] of it.
pub fn frozen_count(widths: &[f32], want: usize, spacing: f32, visible: f32) -> usize {
    let mut n = want.min(widths.len());
    while n > 0 && band_width(widths, n, spacing) > visible * MAX_BAND_SHARE {
        n -= 1;
    }
    n
}

/// The width the first `count` columns take with their gaps.
pub fn band_width(widths: &[f32], count: usize, spacing: f32) -> f32 {
    widths.iter().take(count).map(|w| w + spacing).sum()
}

impl Frozen {
    /// The first `want` columns of a table drawn in a sideways scroll
    /// area: `content_left` is the left of the area's content (where the
    /// table starts), `viewport` what
    /// [`egui::ScrollArea::show_viewport`] gives, `widths` the columns'
    /// widths and `spacing` the gap after each.
    pub fn new(content_left: f32, viewport: Rect, widths: &[f32], want: usize, spacing: f32) -> Frozen {
        let offset = viewport.min.x.max(0.0);
        let count = frozen_count(widths, want, spacing, viewport.width());
        let left = content_left + offset;
        Frozen {
            offset,
            left,
            edge: left + band_width(widths, count, spacing) - spacing * 0.5,
            count,
        }
    }

    /// True while the table is scrolled sideways with columns frozen.
    pub fn is_active(&self) -> bool {
        self.offset >= 0.5 && self.count > 0
    }

    /// Clips `ui` (the table's) so that what it draws from now on shows
    /// only right of the frozen columns, while they are moved.
    pub fn clip_scrolled(&self, ui: &mut Ui) {
        if self.is_active() {
            let c = ui.clip_rect();
            let x = c.min.x.max(self.edge);
            ui.set_clip_rect(Rect::from_min_max(
                egui::pos2(x, c.min.y),
                egui::pos2(c.max.x.max(x), c.max.y),
            ));
        }
    }

    /// Where column `col`'s cell drawn at `rect` shows: moved to the left
    /// edge for a frozen column while scrolled (with the clip it takes,
    /// the band's width and `clip`'s height), else where it is.
    pub fn place(&self, col: usize, rect: Rect, clip: Rect) -> (Rect, Rect) {
        if !self.is_active() || col >= self.count {
            return (rect, clip);
        }
        let moved = rect.translate(vec2(self.offset, 0.0));
        let band = Rect::from_x_y_ranges(self.left..=self.edge, clip.y_range());
        (moved, band)
    }

    /// Draws the cell of column `col` with `add`: a frozen column's at the
    /// left edge while scrolled, over its row's stripe or selection colour
    /// (`row`: none for the heading), with the column's edge; any other
    /// where it is. Also says whether the moved cell's empty part was
    /// clicked (the table's own cell takes no click there).
    pub fn cell<R>(&self, ui: &mut Ui, col: usize, row: Option<BodyRow>, add: impl FnOnce(&mut Ui) -> R) -> (R, bool) {
        if !self.is_active() || col >= self.count {
            return (add(ui), false);
        }
        let fill = row.and_then(|r| r.fill(ui));
        let natural = ui.max_rect();
        let (rect, band) = self.place(col, natural, ui.clip_rect());
        let gapless = rect.expand2(0.5 * ui.spacing().item_spacing);
        let mut painter = ui.painter().clone();
        painter.set_clip_rect(band);
        if let Some(f) = fill {
            painter.rect_filled(gapless, 0.0, f);
        }
        // the column's edge; the band's own edge a little stronger
        let mut edge = ui.visuals().widgets.noninteractive.bg_stroke;
        if col + 1 == self.count {
            edge.width *= 2.0;
        }
        painter.vline(gapless.right(), gapless.y_range(), edge);
        let sense = ui.response().sense;
        let mut child = ui.new_child(UiBuilder::new().max_rect(rect).layout(*ui.layout()).sense(sense));
        child.set_clip_rect(rect.intersect(band));
        let out = add(&mut child);
        let clicked = child.response().clicked();
        ui.advance_cursor_after_rect(Rect::from_min_size(natural.min, child.min_rect().size()));
        (out, clicked)
    }

    /// After the table: a cell of a scrolled column that just got the
    /// keyboard under the frozen columns (or left of the view) is
    /// scrolled into view right of them.
    pub fn reveal_focus(&self, ui: &Ui) {
        if !self.is_active() {
            return;
        }
        let Some(id) = ui.memory(|m| m.focused()) else {
            return;
        };
        let Some(r) = ui.ctx().read_response(id) else {
            return;
        };
        // a frozen cell is drawn whole in the band; a scrolled one under
        // it is clipped there
        let hidden = r.interact_rect.width() < r.rect.width() - 0.5 || r.interact_rect.width() <= 0.0;
        if r.gained_focus() && r.layer_id == ui.layer_id() && r.rect.left() < self.edge && hidden {
            ui.scroll_to_rect(r.rect.with_min_x(r.rect.left() - (self.edge - self.left)), None);
        }
    }
}

/// A row of a table's body (the tables are striped).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BodyRow {
    pub index: usize,
    pub selected: bool,
}

impl BodyRow {
    /// The background egui_extras gives the row: the selection colour,
    /// else the stripe of every other row (from the first), else none.
    fn fill(self, ui: &Ui) -> Option<Color32> {
        if self.selected {
            Some(ui.visuals().selection.bg_fill)
        } else if self.index.is_multiple_of(2) {
            Some(ui.visuals().faint_bg_color)
        } else {
            None
        }
    }
}

/// What a table drew: egui_extras's id of it, its columns' widths and its
/// vertical scroll.
pub struct Drawn {
    pub state_id: Id,
    pub widths: Vec<f32>,
    pub scroll_y: f32,
}

/// Draws a table of `widths` (with their `key`, see
/// [`widgets::widths_key`]) in a sideways scroll area named `id_salt`,
/// its first `want` columns frozen: `table` draws it, given the frozen
/// columns and the vertical scroll to keep (see [`Sizing::scroll_to_keep`]),
/// and says what it drew (`None`: no table, e.g. no rows).
pub fn scroll_sideways(
    ui: &mut Ui,
    id_salt: &str,
    sizing: Sizing,
    widths: &[f32],
    key: i32,
    want: usize,
    table: impl FnOnce(&mut Ui, &Frozen, Option<f32>) -> Option<Drawn>,
) {
    egui::ScrollArea::horizontal()
        .id_salt(id_salt)
        .auto_shrink([false, false])
        .show_viewport(ui, |ui, viewport| {
            ui.spacing_mut().item_spacing.x = widgets::table_gap(ui);
            let spacing = ui.spacing().item_spacing.x;
            let frozen = Frozen::new(
                ui.max_rect().left(),
                viewport,
                &sizing.drawn(key, widths),
                want,
                spacing,
            );
            frozen.clip_scrolled(ui);
            if let Some(d) = table(ui, &frozen, sizing.scroll_to_keep(key)) {
                frozen.reveal_focus(ui);
                sizing.end(ui, d.state_id, key, widths, &d.widths, d.scroll_y);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_is_the_frozen_columns_with_their_gaps_and_leaves_room_for_the_rest() {
        let w = [48.0, 230.0, 110.0, 110.0];
        assert_eq!(band_width(&w, 2, 8.0), 294.0);
        assert_eq!(frozen_count(&w, 2, 8.0, 1000.0), 2);
        // 294 is more than 60% of 400: only the row number stays
        assert_eq!(frozen_count(&w, 2, 8.0, 400.0), 1);
        assert_eq!(frozen_count(&w, 2, 8.0, 50.0), 0);
        assert_eq!(frozen_count(&w, 9, 8.0, 10_000.0), 4);
    }

    #[test]
    fn frozen_cells_move_by_the_scroll_and_others_stay() {
        let w = [48.0, 230.0, 110.0];
        let view = |x: f32| Rect::from_min_size(egui::pos2(x, 0.0), vec2(600.0, 400.0));
        let clip = Rect::from_min_max(egui::pos2(10.0, 50.0), egui::pos2(610.0, 450.0));
        let cell = Rect::from_min_size(egui::pos2(-90.0, 60.0), vec2(230.0, 30.0));
        // not scrolled: nothing moves
        let still = Frozen::new(10.0, view(0.0), &w, 2, 8.0);
        assert!(!still.is_active());
        assert_eq!(still.place(1, cell, clip), (cell, clip));
        // scrolled by 156: the content starts at 10 - 156
        let f = Frozen::new(-146.0, view(156.0), &w, 2, 8.0);
        assert!(f.is_active());
        let (moved, band) = f.place(1, cell, clip);
        assert_eq!(moved.left(), 66.0);
        assert_eq!(band.left(), 10.0);
        assert_eq!(band.right(), 10.0 + 294.0 - 4.0);
        assert_eq!(band.y_range(), clip.y_range());
        // a scrolled column stays where it is
        assert_eq!(f.place(2, cell, clip), (cell, clip));
    }
}
