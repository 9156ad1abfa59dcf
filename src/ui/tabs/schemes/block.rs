//! A block of cells of the schemes table, as in a spreadsheet: Shift+arrows
//! (in a cell nothing was typed in yet) and Shift+click select a
//! rectangle from the focused cell; it is drawn with an outline; Ctrl+C
//! copies it as tab-separated text (amounts as plain numbers in the plan's
//! unit); Ctrl+V pastes a block over it through the paste preview; Ctrl+D
//! fills it down from its top row.

use super::rows::Col;
use super::table::{self, is_editable, text_field, text_of};
use super::{View, ops};
use crate::model::value::money_cell_text;
use crate::model::{AmountField, Field, Plan, PlanEdit, RecordId, RecordKind, Scheme};
use crate::ui::Commands;
use crate::ui::cells::MoneyChange;
use crate::ui::data::DataCommand;
use egui::{Key, Modifiers, Stroke, Ui};

/// The selected block: from the cell with the keyboard (`anchor`) to `end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub anchor: (RecordId, Col),
    pub end: (RecordId, Col),
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
}

/// A column that holds a scheme's data (not the row number, risks or checks).
fn is_data(col: Col) -> bool {
    col.is_input()
}

fn row_of(plan: &Plan, view: &View, id: RecordId) -> Option<usize> {
    view.cache
        .rows
        .iter()
        .position(|&i| plan.schemes.get(i).map(|s| s.id) == Some(id))
}

fn col_of(view: &View, col: Col) -> Option<usize> {
    view.columns_cache.iter().position(|c| *c == col)
}

/// The block's place in the table as it is shown now (`None` when there is
/// no block or one of its corners is not shown).
pub fn area(plan: &Plan, view: &View) -> Option<Area> {
    let b = view.block?;
    let (ra, rb) = (row_of(plan, view, b.anchor.0)?, row_of(plan, view, b.end.0)?);
    let (ca, cb) = (col_of(view, b.anchor.1)?, col_of(view, b.end.1)?);
    Some(Area {
        r0: ra.min(rb),
        r1: ra.max(rb),
        c0: ca.min(cb),
        c1: ca.max(cb),
    })
}

/// What the toolbar says while a block of more than one cell is selected.
pub fn status_line(plan: &Plan, view: &View) -> Option<String> {
    let a = area(plan, view).filter(|a| a.rows() * a.cols() > 1)?;
    Some(format!(
        "{} selected: Ctrl+C copies, Ctrl+V pastes over it, Ctrl+D fills down",
        size_words(&a)
    ))
}

/// The block's size in words: "3 rows × 2 columns".
pub fn size_words(a: &Area) -> String {
    let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    format!(
        "{} \u{d7} {}",
        n(a.rows(), "row", "rows"),
        n(a.cols(), "column", "columns")
    )
}

fn scheme_at<'p>(plan: &'p Plan, view: &View, r: usize) -> Option<&'p Scheme> {
    view.cache.rows.get(r).and_then(|&i| plan.schemes.get(i))
}

fn money_of(col: Col) -> Option<(usize, AmountField)> {
    match col {
        Col::Spend(yi) => Some((yi, AmountField::Spend)),
        Col::Money(yi, f) => Some((yi, f)),
        _ => None,
    }
}

/// A cell's text as Excel takes it: text as typed, an amount as a plain
/// number in the plan's unit ("3432.5"), unread text as it was typed, a
/// split year's total as its plain total.
pub fn cell_text(plan: &Plan, s: &Scheme, col: Col) -> String {
    let unit = plan.settings.display_unit;
    let Some((yi, field)) = money_of(col) else {
        return text_of(col, s).to_string();
    };
    let Some(y) = plan.header.years.get(yi).and_then(|y| s.year(y)) else {
        return String::new();
    };
    if matches!(col, Col::Spend(_)) && y.is_split() {
        let t = y.total_spend();
        let plain = |p: i128| crate::model::money::exact_in_unit(p, unit).replace(',', "");
        return if t.is_range() {
            format!("{} - {}", plain(t.min_pence), plain(t.max_pence))
        } else {
            plain(t.min_pence)
        };
    }
    match (y.get(field), y.unparsed(field)) {
        (_, Some(t)) => t.to_string(),
        (Some(a), None) => money_cell_text(a, unit),
        (None, None) => String::new(),
    }
}

/// The stored field a column sets (`None` for the row number, risks, checks).
pub fn field_of(plan: &Plan, col: Col) -> Option<Field> {
    match money_of(col) {
        Some((yi, f)) => plan.header.years.get(yi).map(|y| ops::money_field(y, f)),
        None => text_field(col),
    }
}

/// Tab-separated text of the block (rows by line breaks), as Excel puts a
/// block on the clipboard.
pub fn block_tsv(plan: &Plan, view: &View, a: &Area) -> String {
    let mut out = String::new();
    for r in a.r0..=a.r1 {
        let Some(s) = scheme_at(plan, view, r) else { continue };
        let cells: Vec<String> = (a.c0..=a.c1)
            .filter_map(|c| view.columns_cache.get(c))
            .map(|&col| crate::interop::clipboard::tsv_cell(&cell_text(plan, s, col)))
            .collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    out
}

/// Moves the block's end one cell, staying on data columns and shown rows.
fn extend(plan: &Plan, view: &mut View, from: (RecordId, Col), key: Key) {
    let b = match view.block {
        Some(b) if b.anchor == from => b,
        _ => Block {
            anchor: from,
            end: from,
        },
    };
    let (Some(mut r), Some(mut c)) = (row_of(plan, view, b.end.0), col_of(view, b.end.1)) else {
        return;
    };
    let cols = &view.columns_cache;
    match key {
        Key::ArrowUp => r = r.saturating_sub(1),
        Key::ArrowDown => r = (r + 1).min(view.cache.rows.len().saturating_sub(1)),
        Key::ArrowLeft => {
            if let Some(p) = (0..c).rev().find(|&i| is_data(cols[i])) {
                c = p;
            }
        }
        _ => {
            if let Some(n) = (c + 1..cols.len()).find(|&i| is_data(cols[i])) {
                c = n;
            }
        }
    }
    let (Some(s), Some(&col)) = (scheme_at(plan, view, r), cols.get(c)) else {
        return;
    };
    view.block = Some(Block {
        anchor: b.anchor,
        end: (s.id, col),
    });
    view.scroll_to_row = Some(r);
}

/// Shift+click on a cell while another has the keyboard: the block runs
/// from that one to this one (the keyboard goes back to the first).
/// (Drag to select is not done: a drag in a cell selects its text.)
pub fn shift_click(view: &mut View, at: (RecordId, Col), resp: &egui::Response) {
    // Shift held now, or when the button was let go (a click within one frame)
    let shift = resp.ctx.input(|i| {
        i.modifiers.shift
            || i.events
                .iter()
                .any(|e| matches!(e, egui::Event::PointerButton { pressed: false, modifiers, .. } if modifiers.shift))
    });
    // the cell takes the keyboard as the button goes down: the block is
    // made then, from the cell that had it
    let pressed = resp.gained_focus() && resp.ctx.input(|i| i.pointer.any_pressed() || i.pointer.any_down());
    if !(pressed || resp.clicked()) || !shift || !is_data(at.1) {
        return;
    }
    let anchor = match (view.block, view.block_home.filter(|h| *h != at)) {
        // the button let go after the block was made on its press
        (Some(b), _) if b.end == at => b.anchor,
        (b, Some(home)) => b.filter(|b| b.anchor == home).map_or(home, |b| b.anchor),
        _ => return,
    };
    view.block = Some(Block { anchor, end: at });
    view.pending_focus = Some(anchor);
    view.block_returning = true;
}

/// The block's keys, before the table is drawn: Shift+arrows extend it
/// (when nothing was typed in the cell yet), Ctrl+C copies a block of
/// more than one cell, Ctrl+V pastes over it (and a pasted block of
/// several cells pastes from the focused cell) through the paste preview.
/// A block whose anchor lost the keyboard is forgotten.
pub fn handle_keys(ui: &mut Ui, plan: &Plan, view: &mut View, cmds: &mut Commands, locked: bool) {
    let focused = view
        .focused_cell
        .filter(|f| ui.memory(|m| m.has_focus(super::cell_id(f.0, f.1))));
    let before = std::mem::replace(&mut view.block_home, focused);
    if let Some(b) = view.block {
        // another cell took the keyboard, or the anchor took it back from
        // outside the table (not sent back by the block itself): a new
        // start. Focus elsewhere (a button, a menu) keeps the block.
        let other_cell = focused.is_some_and(|f| f != b.anchor) && view.pending_focus != Some(b.anchor);
        let retaken = focused == Some(b.anchor) && before != focused && !view.block_returning;
        if other_cell || retaken {
            view.block = None;
        }
        if focused == Some(b.anchor) {
            view.block_returning = false;
        }
    }
    let Some(from) = focused else { return };
    if view.popup_open || !is_data(from.1) {
        return;
    }
    let untouched = table::focused_cell_untouched(ui.ctx(), plan, view);
    if !untouched && view.pending_focus.is_none() {
        // typing in the cell: the block is over (as in a spreadsheet)
        view.block = None;
    }
    if untouched {
        let key = ui.input_mut(|i| {
            [Key::ArrowUp, Key::ArrowDown, Key::ArrowLeft, Key::ArrowRight]
                .into_iter()
                .find(|&k| i.consume_key(Modifiers::SHIFT, k))
        });
        if let Some(k) = key {
            extend(plan, view, from, k);
            return;
        }
    }
    let a = area(plan, view).unwrap_or(Area {
        r0: row_of(plan, view, from.0).unwrap_or(0),
        r1: row_of(plan, view, from.0).unwrap_or(0),
        c0: col_of(view, from.1).unwrap_or(0),
        c1: col_of(view, from.1).unwrap_or(0),
    });
    let many = a.rows() * a.cols() > 1;
    let (copy, paste) = ui.input_mut(|i| {
        let mut copy = false;
        let mut paste = None;
        i.events.retain(|e| match e {
            egui::Event::Copy if many => {
                copy = true;
                false
            }
            egui::Event::Paste(t) if untouched && !locked && (many || t.trim_end().contains(['\t', '\n'])) => {
                paste = Some(t.clone());
                false
            }
            _ => true,
        });
        (copy, paste)
    });
    if copy {
        ui.ctx().copy_text(block_tsv(plan, view, &a));
        view.status = format!("Copied {} cells ({})", a.rows() * a.cols(), size_words(&a));
    }
    if let Some(text) = paste {
        cmds.push(crate::ui::Command::Data(paste_command(plan, view, &a, &text)));
    }
}

/// The paste preview for a block pasted over `a`: the rows from the
/// block's top row, the fields of the shown columns from its left column.
/// One cell pasted over a larger block fills it (as Excel does).
pub fn paste_command(plan: &Plan, view: &View, a: &Area, text: &str) -> DataCommand {
    let table = crate::interop::clipboard::parse_tsv(text);
    let single = table.len() == 1 && table[0].len() == 1;
    let text = if single && a.rows() * a.cols() > 1 {
        let v = crate::interop::clipboard::tsv_cell(&table[0][0]);
        let line = vec![v; a.cols()].join("\t");
        format!("{}\n", vec![line; a.rows()].join("\n"))
    } else {
        text.to_string()
    };
    let height = crate::interop::clipboard::parse_tsv(&text).len().max(a.rows());
    let ids: Vec<RecordId> = (a.r0..a.r0 + height)
        .filter_map(|r| scheme_at(plan, view, r))
        .map(|s| s.id)
        .collect();
    let fields: Vec<Field> = view.columns_cache[a.c0.min(view.columns_cache.len())..]
        .iter()
        .filter(|c| is_data(**c))
        .filter_map(|&c| field_of(plan, c))
        .collect();
    DataCommand::PasteCells {
        kind: RecordKind::Schemes,
        ids,
        fields,
        text,
    }
}

/// Fill down: each column of the block gets its top cell's value in the
/// cells below (a one-row block takes the row above), as one edit. Cells
/// that take no input (a split year's total) are left as they are.
/// `None` when there is nothing to fill.
pub fn fill_down_edit(plan: &Plan, view: &View, a: &Area) -> Option<PlanEdit> {
    let (src, first) = if a.rows() == 1 {
        (a.r0.checked_sub(1)?, a.r0)
    } else {
        (a.r0, a.r0 + 1)
    };
    let top = scheme_at(plan, view, src)?;
    let mut edits = Vec::new();
    for c in a.c0..=a.c1 {
        let Some(&col) = view.columns_cache.get(c) else {
            continue;
        };
        if !is_data(col) || !is_editable(plan, top, col) {
            continue;
        }
        for r in first..=a.r1 {
            let Some(s) = scheme_at(plan, view, r) else { continue };
            if !is_editable(plan, s, col) {
                continue;
            }
            let e = match money_of(col) {
                Some((yi, f)) => {
                    let Some(year) = plan.header.years.get(yi) else {
                        continue;
                    };
                    let y = top.year(year);
                    let change = MoneyChange::Restore(
                        y.and_then(|y| *y.get(f)),
                        y.and_then(|y| y.unparsed(f)).map(str::to_string),
                    );
                    ops::set_money(s.id, year, f, change)
                }
                None => text_field(col).map(|f| ops::set_text(s.id, f, text_of(col, top).to_string())),
            };
            edits.extend(e);
        }
    }
    (!edits.is_empty()).then_some(PlanEdit::Batch(edits))
}

/// Ctrl+D: fills the block down (see [`fill_down_edit`]); the block moves
/// its anchor to its top row, so the cell with the keyboard is never one
/// the fill changed.
pub fn fill_down(plan: &Plan, view: &mut View, cmds: &mut Commands) {
    let Some(from) = view.block.map(|b| b.anchor).or(view.focused_cell) else {
        view.status = "Select the cells to fill first (Shift+arrows from a cell)".into();
        return;
    };
    let a = area(plan, view).or_else(|| {
        let r = row_of(plan, view, from.0)?;
        let c = col_of(view, from.1)?;
        Some(Area {
            r0: r,
            r1: r,
            c0: c,
            c1: c,
        })
    });
    let Some(a) = a else { return };
    let Some(e) = fill_down_edit(plan, view, &a) else {
        view.status = "Nothing to fill down: select a block of more than one row".into();
        return;
    };
    let cells = if a.rows() == 1 {
        a.cols()
    } else {
        (a.rows() - 1) * a.cols()
    };
    cmds.edit(
        format!("Fill down {cells} cell{}", if cells == 1 { "" } else { "s" }),
        e,
    );
    view.status = format!(
        "Filled down {cells} cell{} (Undo takes it back)",
        if cells == 1 { "" } else { "s" }
    );
    if let (Some(b), Some(top)) = (view.block, scheme_at(plan, view, a.r0)) {
        let bottom = scheme_at(plan, view, a.r1).map_or(top.id, |s| s.id);
        let anchor = (top.id, b.anchor.1);
        view.block = Some(Block {
            anchor,
            end: (bottom, b.end.1),
        });
        if anchor != from {
            view.pending_focus = Some(anchor);
            view.block_returning = true;
        }
    }
}

/// F6: the keyboard to the table, in the selected scheme's name (else the
/// first shown row's), from the tab bar or anywhere else.
pub fn focus_table(plan: &Plan, view: &mut View) {
    let row = view
        .selected
        .and_then(|id| row_of(plan, view, id))
        .or((!view.cache.rows.is_empty()).then_some(0));
    let Some(s) = row.and_then(|r| scheme_at(plan, view, r)) else {
        view.status = "No scheme is shown: Ctrl+Enter adds one".into();
        return;
    };
    table::focus_cell(plan, view, (s.id, Col::Name));
}

/// Draws the block's part in a cell: a light fill, and the outline on the
/// block's outer edges (not colour alone: the outline shows the block).
pub fn paint_cell(ui: &Ui, a: &Area, r: usize, c: usize) {
    if !a.contains(r, c) {
        return;
    }
    let rect = ui
        .max_rect()
        .expand2(egui::vec2(ui.spacing().item_spacing.x / 2.0, 1.0));
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
