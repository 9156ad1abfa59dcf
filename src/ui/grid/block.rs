//! A block of cells of a table, as in a spreadsheet: one implementation
//! for every table (Schemes, Risks, Metrics, the Finance tab's tables). A table is a [`Grid`]: its
//! shown rows (records) by its shown columns, a way to read a cell as the
//! text Excel takes and to build the edit that copies one cell into
//! another. The block goes from the cell with the keyboard (`anchor`) to
//! `end`; Shift+arrows or a drag from that cell move its end; Ctrl+C copies it as tab-separated
//! text; Ctrl+V pastes over it through the paste preview (one undo step);
//! Ctrl+D fills it down from its top row (one undo step).

use crate::model::{Field, PlanEdit, RecordId, RecordKind, Value};
use crate::ui::Commands;
use crate::ui::data::DataCommand;
use egui::{Id, Key, Modifiers, Rect, Response, Stroke, Ui};

/// A table seen as a grid of shown rows × shown columns.
pub trait Grid {
    /// A column, as the block remembers it (it stays on its column when
    /// columns are hidden or shown).
    type Col: Copy + PartialEq;
    fn kind(&self) -> RecordKind;
    /// The shown columns, left to right.
    fn columns(&self) -> &[Self::Col];
    /// How many rows are shown.
    fn row_count(&self) -> usize;
    /// The record of shown row `r`.
    fn record(&self, r: usize) -> Option<RecordId>;
    /// A column that holds the record's data (not a row number, a count,
    /// a mark): a block covers only these.
    fn is_data(&self, col: Self::Col) -> bool;
    /// A cell's text as Excel takes it.
    fn text(&self, r: usize, col: Self::Col) -> String;
    /// The stored field a column sets (a paste fills it).
    fn field(&self, col: Self::Col) -> Option<Field>;
    /// The edit that gives row `r`'s cell what row `src`'s holds (`None`
    /// when either cell takes no input). By default the field set to the
    /// text.
    fn copy_cell(&self, src: usize, r: usize, col: Self::Col) -> Option<PlanEdit> {
        let value = Value::Text(self.text(src, col));
        Some(PlanEdit::set(self.kind(), self.record(r)?, self.field(col)?, value))
    }

    /// The edit that copies each `(src, r, col)`: row `r`'s cell of `col`
    /// gets what row `src`'s holds, all as one edit (`None` when no cell
    /// takes input). By default each cell's [`Grid::copy_cell`], batched;
    /// a table whose edits each put back a whole record or table (Finance)
    /// makes one edit of them instead, so that none undoes another.
    fn copy_cells(&self, cells: &[(usize, usize, Self::Col)]) -> Option<PlanEdit> {
        let edits: Vec<PlanEdit> = cells
            .iter()
            .filter_map(|&(src, r, col)| self.copy_cell(src, r, col))
            .collect();
        (!edits.is_empty()).then_some(PlanEdit::Batch(edits))
    }
    /// The paste preview for `text` (rows of tab-separated cells) pasted
    /// row by row over the records `ids`, its columns into the data
    /// columns `cols` in order. By default the records' paste preview.
    fn paste_over(&self, ids: Vec<RecordId>, cols: &[Self::Col], text: String) -> DataCommand {
        DataCommand::PasteCells {
            kind: self.kind(),
            ids,
            fields: cols.iter().filter_map(|&c| self.field(c)).collect(),
            text,
        }
    }

    /// The shown row of a record.
    fn row_of(&self, id: RecordId) -> Option<usize> {
        (0..self.row_count()).find(|&r| self.record(r) == Some(id))
    }
    /// The shown place of a column.
    fn col_of(&self, col: Self::Col) -> Option<usize> {
        self.columns().iter().position(|c| *c == col)
    }
}

/// The selected block: from the cell with the keyboard (`anchor`) to `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block<C> {
    pub anchor: (RecordId, C),
    pub end: (RecordId, C),
}

/// The block's place in the shown table: rows `r0..=r1` of the shown rows,
/// columns `c0..=c1` of the shown columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Area {
    pub r0: usize,
    pub r1: usize,
    pub c0: usize,
    pub c1: usize,
}

impl Area {
    pub fn contains(&self, r: usize, c: usize) -> bool {
        (self.r0..=self.r1).contains(&r) && (self.c0..=self.c1).contains(&c)
    }
    pub fn rows(&self) -> usize {
        self.r1 - self.r0 + 1
    }
    pub fn cols(&self) -> usize {
        self.c1 - self.c0 + 1
    }
    pub fn cells(&self) -> usize {
        self.rows() * self.cols()
    }
}

/// The block's place in the table as it is shown now (`None` when one of
/// its corners is not shown).
pub fn area<G: Grid>(g: &G, b: &Block<G::Col>) -> Option<Area> {
    let (ra, rb) = (g.row_of(b.anchor.0)?, g.row_of(b.end.0)?);
    let (ca, cb) = (g.col_of(b.anchor.1)?, g.col_of(b.end.1)?);
    Some(Area {
        r0: ra.min(rb),
        r1: ra.max(rb),
        c0: ca.min(cb),
        c1: ca.max(cb),
    })
}

/// The block if there is one, else the one cell `at`.
pub fn area_or_cell<G: Grid>(g: &G, b: Option<&Block<G::Col>>, at: (RecordId, G::Col)) -> Option<Area> {
    b.and_then(|b| area(g, b))
        .or_else(|| area(g, &Block { anchor: at, end: at }))
}

/// What the table's status says while a block of more than one cell is
/// selected.
pub fn status_line(a: &Area) -> Option<String> {
    (a.cells() > 1).then(|| {
        format!(
            "{} selected: Ctrl+C copies, Ctrl+V pastes over it, Ctrl+D fills down",
            size_words(a)
        )
    })
}

/// A line about the block (its size, what the keys did) floating at the
/// bottom left of the table's space: over the table, so that the table
/// does not move under the pointer while a drag selects.
pub fn status_overlay(ui: &Ui, id: &str, text: &str) {
    let at = ui.max_rect().left_bottom() + egui::vec2(4.0, -4.0);
    egui::Area::new(egui::Id::unique(("grid_status", id)))
        .order(egui::Order::Foreground)
        .fixed_pos(at)
        .pivot(egui::Align2::LEFT_BOTTOM)
        .interactable(false)
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                ui.label(text);
            });
        });
}

/// The block's size in words: "3 rows × 2 columns".
pub fn size_words(a: &Area) -> String {
    format!("{} \u{d7} {}", plural(a.rows(), "row"), plural(a.cols(), "column"))
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// Tab-separated text of the block (rows by line breaks), as Excel puts a
/// block on the clipboard.
pub fn tsv<G: Grid>(g: &G, a: &Area) -> String {
    let mut out = String::new();
    for r in a.r0..=a.r1.min(g.row_count().saturating_sub(1)) {
        let cells: Vec<String> = (a.c0..=a.c1)
            .filter_map(|c| g.columns().get(c))
            .map(|&col| crate::interop::clipboard::tsv_cell(&g.text(r, col)))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// The block's new end after Shift+`key` from `from` (the block, if any,
/// starts there): one cell, staying on data columns and shown rows; with
/// the shown row of the end (to scroll to).
pub fn extend<G: Grid>(
    g: &G,
    block: Option<Block<G::Col>>,
    from: (RecordId, G::Col),
    key: Key,
) -> Option<(Block<G::Col>, usize)> {
    let b = match block {
        Some(b) if b.anchor == from => b,
        _ => Block {
            anchor: from,
            end: from,
        },
    };
    let (mut r, mut c) = (g.row_of(b.end.0)?, g.col_of(b.end.1)?);
    let cols = g.columns();
    match key {
        Key::ArrowUp => r = r.saturating_sub(1),
        Key::ArrowDown => r = (r + 1).min(g.row_count().saturating_sub(1)),
        Key::ArrowLeft => {
            if let Some(p) = (0..c).rev().find(|&i| g.is_data(cols[i])) {
                c = p;
            }
        }
        _ => {
            if let Some(n) = (c + 1..cols.len()).find(|&i| g.is_data(cols[i])) {
                c = n;
            }
        }
    }
    let end = (g.record(r)?, *cols.get(c)?);
    Some((Block { anchor: b.anchor, end }, r))
}

/// Shift+arrow pressed this frame, taken from egui (so the cell does not
/// select text with it).
pub fn take_shift_arrow(ui: &mut Ui) -> Option<Key> {
    ui.input_mut(|i| {
        [Key::ArrowUp, Key::ArrowDown, Key::ArrowLeft, Key::ArrowRight]
            .into_iter()
            .find(|&k| i.consume_key(Modifiers::SHIFT, k))
    })
}

/// This frame's Ctrl+C (taken when a block of several cells is selected,
/// else left to the cell) and Ctrl+V (taken when `can_paste` and the
/// text is a block or a block is selected, else left to the cell).
pub fn take_copy_paste(ui: &mut Ui, many: bool, can_paste: bool) -> (bool, Option<String>) {
    ui.input_mut(|i| {
        let mut copy = false;
        let mut paste = None;
        i.events.retain(|e| match e {
            egui::Event::Copy if many => {
                copy = true;
                false
            }
            egui::Event::Paste(t) if can_paste && (many || t.trim_end().contains(['\t', '\n'])) => {
                paste = Some(t.clone());
                false
            }
            _ => true,
        });
        (copy, paste)
    })
}

/// The paste preview for a block pasted over `a`: the rows from the
/// block's top row, the fields of the shown data columns from its left
/// column. One cell pasted over a larger block fills it (as Excel does).
pub fn paste_command<G: Grid>(g: &G, a: &Area, text: &str) -> DataCommand {
    let table = crate::interop::clipboard::parse_tsv(text);
    let single = table.len() == 1 && table[0].len() == 1;
    let text = if single && a.cells() > 1 {
        let v = crate::interop::clipboard::tsv_cell(&table[0][0]);
        let line = vec![v; a.cols()].join("\t");
        format!("{}\n", vec![line; a.rows()].join("\n"))
    } else {
        text.to_string()
    };
    let height = crate::interop::clipboard::parse_tsv(&text).len().max(a.rows());
    let ids: Vec<RecordId> = (a.r0..a.r0 + height).filter_map(|r| g.record(r)).collect();
    let cols = g.columns();
    let data: Vec<G::Col> = cols[a.c0.min(cols.len())..]
        .iter()
        .copied()
        .filter(|&c| g.is_data(c))
        .collect();
    g.paste_over(ids, &data, text)
}

/// Fill down: each column of the block gets its top cell's value in the
/// cells below (a one-row block takes the row above), as one edit, with
/// the number of cells filled. Cells that take no input are left as they
/// are. `None` when there is nothing to fill.
pub fn fill_down_edit<G: Grid>(g: &G, a: &Area) -> Option<(PlanEdit, usize)> {
    let (src, first) = if a.rows() == 1 {
        (a.r0.checked_sub(1)?, a.r0)
    } else {
        (a.r0, a.r0 + 1)
    };
    let mut copies = Vec::new();
    for c in a.c0..=a.c1 {
        let Some(&col) = g.columns().get(c) else {
            continue;
        };
        if !g.is_data(col) {
            continue;
        }
        copies.extend((first..=a.r1).map(|r| (src, r, col)));
    }
    let cells = (first..=a.r1).count() * a.cols();
    g.copy_cells(&copies).map(|e| (e, cells))
}

/// Undo's name for a fill and what the status says after it.
pub fn fill_words(cells: usize) -> (String, String) {
    let n = plural(cells, "cell");
    (
        format!("Fill down {n}"),
        format!("Filled down {n} (Undo takes it back)"),
    )
}

/// True while the primary button, pressed in `from` (the cell with the
/// keyboard), is held over `rect`: a drag from that cell to this one.
pub fn dragged_onto(ctx: &egui::Context, from: Rect, rect: Rect) -> bool {
    ctx.input(|i| {
        i.pointer.primary_down()
            && i.pointer.press_origin().is_some_and(|o| from.contains(o))
            && i.pointer.latest_pos().is_some_and(|p| rect.contains(p))
    })
}

/// True when `resp` was clicked (or pressed, taking the keyboard) with
/// Shift held, now or as the button went down or up this frame: what
/// extends a block to the cell.
pub fn shift_clicked(resp: &Response) -> bool {
    let shift = resp.ctx.input(|i| {
        i.modifiers.shift
            || i.events
                .iter()
                .any(|e| matches!(e, egui::Event::PointerButton { modifiers, .. } if modifiers.shift))
    });
    // a cell takes the keyboard as the button goes down
    let pressed = resp.gained_focus() && resp.ctx.input(|i| i.pointer.any_pressed() || i.pointer.any_down());
    shift && (pressed || resp.clicked())
}

/// A table's block and the cell with the keyboard, for the tables whose
/// cells pass the keyboard the usual way (Tab, a click): Risks, Metrics.
#[derive(Clone, Debug)]
pub struct Selection<C> {
    pub block: Option<Block<C>>,
    /// The cell with the keyboard, with its text when it took it and
    /// its widget's id.
    pub focused: Option<((RecordId, C), String, Id)>,
    /// Where the cell with the keyboard was drawn (a drag starts there).
    pub focused_rect: Option<Rect>,
    /// The cell a Shift+click gives the keyboard back to.
    pub returning: Option<Id>,
}

impl<C> Default for Selection<C> {
    fn default() -> Self {
        Selection {
            block: None,
            focused: None,
            focused_rect: None,
            returning: None,
        }
    }
}

impl<C: Copy + PartialEq> Selection<C> {
    /// Follows the keyboard: called with each data cell's response as it
    /// is drawn, and the text it shows.
    /// A drag from that cell over this one selects the block between them.
    /// A Shift+click on this cell while another has the keyboard selects
    /// the block between them (the keyboard goes back to the first).
    pub fn follow(&mut self, resp: &Response, at: (RecordId, C), text: &str) {
        if let Some((from, _, from_id)) = &self.focused
            && *from != at
            && resp.ctx.memory(|m| m.has_focus(*from_id) || m.has_focus(resp.id))
            && shift_clicked(resp)
        {
            self.block = Some(Block { anchor: *from, end: at });
            resp.ctx.memory_mut(|m| m.request_focus(*from_id));
            // asked again as the next frame starts: the click takes the
            // keyboard from it as the button is let go
            self.returning = Some(*from_id);
            return;
        }
        if resp.gained_focus() || (resp.has_focus() && self.focused.as_ref().is_none_or(|f| f.0 != at)) {
            self.focused = Some((at, text.to_string(), resp.id));
        }
        // where it was when pressed (the table may move as a row is selected)
        if resp.drag_started() || resp.gained_focus() {
            self.focused_rect = Some(resp.rect);
        }
        if let (Some((from, ..)), Some(r)) = (&self.focused, self.focused_rect)
            && dragged_onto(&resp.ctx, r, resp.rect)
        {
            self.block = Some(Block { anchor: *from, end: at });
        }
    }

    /// The block's place in the table as `g` shows it.
    pub fn area<G: Grid<Col = C>>(&self, g: &G) -> Option<Area> {
        area(g, self.block.as_ref()?)
    }
}

/// The block's keys for a table with a [`Selection`], before the table is
/// drawn: Shift+arrows from a cell nothing was typed in yet move the
/// block's end; Ctrl+C copies a block of several cells; Ctrl+V pastes a
/// block (or over a block) through the paste preview; Ctrl+D fills down
/// (each one undo step). Typing in a cell, or another cell taking the
/// keyboard, ends the block. Returns what the table's status line says, if anything.
pub fn handle_keys<G: Grid>(
    ui: &mut Ui,
    g: &G,
    sel: &mut Selection<G::Col>,
    cmds: &mut Commands,
    locked: bool,
) -> Option<String> {
    if let Some(back) = sel.returning.take()
        && !ui.memory(|m| m.has_focus(back))
    {
        ui.memory_mut(|m| m.request_focus(back));
    }
    let (from, orig, id) = sel.focused.clone()?;
    if !ui.memory(|m| m.has_focus(id)) {
        return None;
    }
    let untouched = g.row_of(from.0).is_some_and(|r| g.text(r, from.1) == orig);
    if sel.block.is_some_and(|b| b.anchor != from) || !untouched {
        sel.block = None;
    }
    if untouched && let Some(k) = take_shift_arrow(ui) {
        if let Some((b, _)) = extend(g, sel.block, from, k) {
            sel.block = Some(b);
        }
        return None;
    }
    let a = area_or_cell(g, sel.block.as_ref(), from)?;
    if !locked && ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::D)) {
        let Some((e, cells)) = fill_down_edit(g, &a) else {
            return Some("Nothing to fill down: select a block of more than one row".into());
        };
        let (label, status) = fill_words(cells);
        cmds.edit(label, e);
        return Some(status);
    }
    let (copy, paste) = take_copy_paste(ui, a.cells() > 1, untouched && !locked);
    if let Some(text) = paste {
        cmds.push(crate::ui::Command::Data(paste_command(g, &a, &text)));
    }
    copy.then(|| {
        ui.ctx().copy_text(tsv(g, &a));
        format!("Copied {} cells ({})", a.cells(), size_words(&a))
    })
}

/// Draws the block's part in a cell: a light fill, and the outline on the
/// block's outer edges (not colour alone: the outline shows the block).
pub fn paint_cell(ui: &Ui, a: &Area, r: usize, c: usize) {
    paint_cell_at(ui, ui.max_rect(), a, r, c);
}

/// [`paint_cell`] for a cell drawn at `rect` in a ui that holds the whole
/// table (an `egui::Grid`, whose cells have no ui of their own).
pub fn paint_cell_at(ui: &Ui, rect: Rect, a: &Area, r: usize, c: usize) {
    if !a.contains(r, c) {
        return;
    }
    let rect = rect.expand2(egui::vec2(ui.spacing().item_spacing.x / 2.0, 1.0));
    let sel = ui.visuals().selection;
    let painter = ui.painter().with_clip_rect(rect.expand(2.0));
    painter.rect_filled(rect, 0.0, sel.bg_fill.gamma_multiply(0.25));
    let stroke = Stroke::new(2.0, sel.stroke.color);
    if r == a.r0 {
        painter.hline(rect.x_range(), rect.top(), stroke);
    }
    if r == a.r1 {
        painter.hline(rect.x_range(), rect.bottom(), stroke);
    }
    if c == a.c0 {
        painter.vline(rect.left(), rect.y_range(), stroke);
    }
    if c == a.c1 {
        painter.vline(rect.right(), rect.y_range(), stroke);
    }
}
