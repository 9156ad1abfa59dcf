//! Editable cells for tables and forms: text, choice (with suggestions)
//! and money. Each reports how its edit ended, so the caller can put back
//! what the cell held when Escape is pressed, and move on after Enter.
//!
//! Every keystroke is reported as it happens (live totals); Escape undoes
//! the whole edit of the cell; Enter (or Tab, or a click elsewhere) keeps it.

use crate::model::limits::MAX_MONEY_CHARS;
use crate::model::money::{MoneyUnit, format_amount, format_amount_for_edit};
use crate::model::value::parse_money_cell;
use crate::model::{Amount, MoneyCell};
use crate::ui::widgets::{MAX_LINE_CHARS, error_color, set_name};
use egui::text::CCursorRange;
use egui::text_edit::TextEditState;
use egui::{Color32, CompletionPopup, Id, Key, NumExt as _, Response, RichText, Stroke, Suggestion, TextEdit, Ui};

/// How a cell's edit ended this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum EditEnd<T> {
    /// Not being edited, or still being edited.
    None,
    /// Enter, Tab or a click elsewhere: the edit stays. `enter` says
    /// whether Enter ended it (a table moves down a row).
    Committed { enter: bool, shift: bool },
    /// Escape: the value the cell held when the edit began.
    Cancelled(T),
}

impl<T> EditEnd<T> {
    pub fn is_committed(&self) -> bool {
        matches!(self, EditEnd::Committed { .. })
    }
}

/// Remembers what a cell held when it gained focus, and reports how the
/// edit ended.
fn session<T: Clone + Send + Sync + 'static>(
    ui: &Ui,
    resp: &Response,
    id: Id,
    current: impl FnOnce() -> T,
) -> EditEnd<T> {
    let orig_id = id.with("orig");
    if resp.gained_focus() {
        let v = current();
        ui.data_mut(|d| d.insert_temp(orig_id, v));
    }
    if resp.lost_focus() {
        let orig: Option<T> = ui.data(|d| d.get_temp(orig_id));
        ui.data_mut(|d| d.remove::<T>(orig_id));
        let escape = crate::ui::escape::pressed(ui);
        let (enter, shift) = ui.input(|i| (i.key_pressed(Key::Enter), i.modifiers.shift));
        if escape && let Some(o) = orig {
            return EditEnd::Cancelled(o);
        }
        return EditEnd::Committed { enter, shift };
    }
    EditEnd::None
}

/// Selects all the text of a cell that gets the keyboard this frame other
/// than by a click, before its editor reads the frame's keys, so that
/// typing replaces it (as in a spreadsheet), a key that arrives in the
/// same frame as the focus too (a slow frame; a screen reader's focus
/// then typing). A click keeps the caret where it was clicked.
fn select_all_if_focus_arrives(ui: &Ui, id: Id, text: &str) {
    let arriving = ui.memory(|m| m.has_focus(id) && !m.had_focus_last_frame(id));
    if arriving && !ui.input(|i| i.pointer.any_pressed()) {
        let mut state = TextEditState::load(ui.ctx(), id).unwrap_or_default();
        state.cursor.set_char_range(Some(CCursorRange::select_all_str(text)));
        state.store(ui.ctx(), id);
    }
}

/// Registers the cell's interest in the keyboard before it is drawn (so
/// that egui's Tab gives it the keyboard in this frame, not the next) and
/// says whether it has it.
fn takes_keyboard(ui: &Ui, id: Id) -> bool {
    ui.memory_mut(|m| {
        m.interested_in_focus(id, ui.layer_id());
        m.has_focus(id)
    })
}

/// True when a cell must be a real text editor this frame: it has the
/// keyboard (its interest in the keyboard is registered first, so a cell
/// Tab moves into is an editor in that same frame, and a key typed on it
/// lands in it), the pointer is over it (a click places the caret, a drag
/// selects), a screen reader sets its value, or the ui is disabled (drawn
/// as egui draws a disabled field). Any other cell is drawn by
/// [`still_cell`]: a table shows hundreds of cells, and a `TextEdit` each
/// (its state, layout and accessibility text) was most of a frame.
fn needs_editor(ui: &Ui, id: Id) -> bool {
    if !ui.is_enabled() {
        return true;
    }
    takes_keyboard(ui, id)
        || ui.rect_contains_pointer(ui.available_rect_before_wrap())
        || ui.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::AccessKitActionRequest(r) if r.target_node == id.accesskit_id()))
        })
}

/// A one-line cell not being edited: drawn as egui draws an inactive
/// single-line `TextEdit` of `width` (the same size, frame and text
/// position: see the test `a_still_cell_looks_like_the_editor`), with the
/// same id, sense and accessible role and value, so that the keyboard,
/// a click and a screen reader find it as they would the editor. A click
/// that reaches it without the pointer over it (a screen reader's) gives
/// it the keyboard: it is an editor from the next frame.
fn still_cell(
    ui: &mut Ui,
    id: Id,
    text: &str,
    hint: &str,
    color: Option<Color32>,
    align: egui::Align2,
    width: f32,
) -> Response {
    use egui::emath::GuiRounding as _;
    let style = ui.style().clone();
    let inactive = &style.visuals.widgets.inactive;
    let frame = egui::Frame {
        fill: style.visuals.text_edit_bg_color(),
        corner_radius: inactive.corner_radius,
        inner_margin: style.spacing.button_padding.into(),
        ..Default::default()
    }
    .apply_stroke_and_expansion_without_layout_shift(inactive.bg_stroke, inactive.expansion);
    let font_id = style
        .override_font_id
        .clone()
        .unwrap_or_else(|| egui::TextStyle::Body.resolve(&style));
    let color = color
        .or(style.visuals.override_text_color)
        .unwrap_or_else(|| inactive.text_color());
    let line_height = ui.fonts_mut(|f| f.row_height(&font_id)) + style.spacing.extra_text_line_spacing;
    let mut job = egui::text::LayoutJob::simple_singleline(text.to_owned(), font_id, color);
    job.halign = align.x();
    job.keep_trailing_whitespace = true;
    for section in &mut job.sections {
        section.format.line_height = Some(line_height);
    }
    let galley = ui.fonts_mut(|f| f.layout_job(job));
    // TextEdit's least width, and its height: the text (at least a line)
    // and the frame's margins, at least a button's height
    let width = width.at_most(ui.available_width().at_least(24.0));
    let margin = frame.total_margin();
    let text_h = galley.size().y.at_least(line_height);
    let height = (text_h + margin.sum().y).at_least(style.spacing.interact_size.y);
    let (_, rect) = ui.allocate_space(egui::vec2(width, height));
    let sense = if ui.input(|i| i.has_touch_screen()) {
        egui::Sense::click()
    } else {
        egui::Sense::click_and_drag()
    };
    let response = ui.interact(rect, id, sense);
    if response.clicked() {
        ui.memory_mut(|m| m.request_focus(id));
    }
    if ui.is_rect_visible(rect) {
        let inner = rect - margin;
        ui.painter().add(frame.paint(inner));
        // where TextEdit's layout puts the text: one growing atom in the
        // frame, aligned, the galley aligned in it
        let size = egui::vec2(galley.size().x.at_most(inner.width()), text_h);
        let block = align.align_size_within_rect(egui::vec2(inner.width(), size.y), inner);
        let grow = (inner.width() - size.x).max(0.0).floor_ui();
        let cell = egui::Rect::from_x_y_ranges(block.min.x..=block.min.x + size.x + grow, block.y_range());
        let text_rect = align.align_size_within_rect(size, cell);
        let pos = align
            .align_size_within_rect(galley.size(), text_rect)
            .intersect(text_rect)
            .min;
        ui.painter_at(text_rect.expand(1.0))
            .galley(pos - egui::vec2(galley.rect.left(), 0.0), galley, color);
    }
    response.widget_info(|| egui::WidgetInfo::text_edit(ui.is_enabled(), text, text, hint));
    ui.ctx().accesskit_node_builder(id, |b| {
        b.set_role(egui::accesskit::Role::TextInput);
        b.add_action(egui::accesskit::Action::SetValue);
        b.add_action(egui::accesskit::Action::ReplaceSelectedText);
    });
    response
}

/// What a text or choice cell reports.
pub struct TextCellOutput {
    /// The new text, when the user changed it this frame.
    pub changed: Option<String>,
    pub end: EditEnd<String>,
    pub response: Response,
    /// A suggestion was accepted with Tab: the caller moves on to the next cell.
    pub accepted_with_tab: bool,
    /// The list of suggestions is showing (it takes the arrow keys, Enter,
    /// Tab and Escape).
    pub popup_open: bool,
}

/// A one-line input of a table row: a real `TextEdit` only while it is
/// being edited or could be this frame (see [`needs_editor`]), an empty
/// input showing a hint, or a disabled one; otherwise drawn as text in
/// the editor's frame by [`still_cell`], with the same id, size and
/// accessible role and value. A row of a long table has several inputs,
/// and a `TextEdit` each was most of a frame.
pub struct LineInput<'h> {
    id: Id,
    width: f32,
    char_limit: usize,
    hint: &'h str,
    hint_color: Option<Color32>,
    /// None: the editor's own (the layout's), drawn as `LEFT_TOP`.
    align: Option<egui::Align2>,
    color: Option<Color32>,
    enabled: bool,
    select_all: bool,
}

impl<'h> LineInput<'h> {
    pub fn new(id: Id, width: f32, char_limit: usize) -> Self {
        LineInput {
            id,
            width,
            char_limit,
            hint: "",
            hint_color: None,
            align: None,
            color: None,
            enabled: true,
            select_all: false,
        }
    }

    /// What an empty input shows (an empty input is always an editor).
    pub fn hint(mut self, hint: &'h str, color: Option<Color32>) -> Self {
        self.hint = hint;
        self.hint_color = color;
        self
    }

    pub fn align(mut self, align: egui::Align2) -> Self {
        self.align = Some(align);
        self
    }

    /// The text's colour (an error's, say).
    pub fn color(mut self, color: Option<Color32>) -> Self {
        self.color = color;
        self
    }

    pub fn enabled(mut self, enabled: bool) -> Self {
        self.enabled = enabled;
        self
    }

    /// Select the whole text when the keyboard arrives other than by a
    /// click, so typing replaces it (see [`select_all_if_focus_arrives`]).
    pub fn select_all_on_arrival(mut self, yes: bool) -> Self {
        self.select_all = yes;
        self
    }

    pub fn show(self, ui: &mut Ui, text: &mut String) -> Response {
        // an enabled cell's interest in the keyboard is registered first
        let editor = !self.enabled || needs_editor(ui, self.id) || (text.is_empty() && !self.hint.is_empty());
        if !editor {
            let align = self.align.unwrap_or(egui::Align2::LEFT_TOP);
            return still_cell(ui, self.id, text, self.hint, self.color, align, self.width);
        }
        if self.select_all {
            select_all_if_focus_arrives(ui, self.id, text);
        }
        let mut edit = TextEdit::singleline(text)
            .id(self.id)
            .desired_width(self.width)
            .char_limit(self.char_limit);
        if let Some(a) = self.align {
            edit = edit.align(a);
        }
        if !self.hint.is_empty() {
            let mut hint = RichText::new(self.hint);
            if let Some(c) = self.hint_color {
                hint = hint.color(c);
            }
            edit = edit.hint_text(hint);
        }
        if let Some(c) = self.color {
            edit = edit.text_color(c);
        }
        ui.add_enabled(self.enabled, edit)
    }
}

/// A one-line text cell.
pub fn text_cell(ui: &mut Ui, id: Id, value: &str, name: &str, width: f32, hint: &str) -> TextCellOutput {
    let mut s = value.to_string();
    let response = LineInput::new(id, width, MAX_LINE_CHARS)
        .hint(hint, Some(error_color(ui).gamma_multiply(0.8)))
        .select_all_on_arrival(true)
        .show(ui, &mut s);
    set_name(ui, &response, name);
    // a value cut at the right edge: "…" there, and the whole on hover
    let response = crate::ui::widgets::mark_clipped(ui, response, value);
    let end = session(ui, &response, id, || value.to_string());
    TextCellOutput {
        changed: response.changed().then_some(s),
        end,
        response,
        accepted_with_tab: false,
        popup_open: false,
    }
}

/// The suggestions for what is typed in a choice cell: values that start
/// with it first (the first is picked by Enter or Tab, as a spreadsheet
/// completes a value), then values that contain it. When no value starts
/// with it, the typed text itself comes first, so Enter keeps a new value.
pub fn suggestions(options: &[String], typed: &str) -> Vec<String> {
    let t = typed.trim().to_lowercase();
    if t.is_empty() || options.iter().any(|o| o.trim().to_lowercase() == t) {
        return Vec::new();
    }
    let mut starts: Vec<String> = Vec::new();
    let mut contains: Vec<String> = Vec::new();
    for o in options {
        let l = o.to_lowercase();
        if l.starts_with(&t) {
            starts.push(o.clone());
        } else if l.contains(&t) {
            contains.push(o.clone());
        }
    }
    if starts.is_empty() && contains.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if starts.is_empty() {
        out.push(typed.trim().to_string());
    }
    out.extend(starts);
    out.extend(contains);
    out
}

/// A text cell that suggests values from `options` as the user types
/// (arrow keys choose, Enter or Tab accept, Escape closes the list and a
/// second Escape cancels the edit). Any other value is accepted too.
pub fn choice_cell(ui: &mut Ui, id: Id, value: &str, options: &[String], name: &str, width: f32) -> TextCellOutput {
    let focused = takes_keyboard(ui, id);
    if !focused {
        // the same text field without the suggestion machinery (a table
        // draws many of these; only the focused one can suggest)
        return text_cell(ui, id, value, name, width, "");
    }
    let mut s = value.to_string();
    let tab = ui.input(|i| i.key_pressed(Key::Tab) && !i.modifiers.any());
    select_all_if_focus_arrives(ui, id, value);
    let out = CompletionPopup::new(id)
        .word_boundary(|_| false)
        .max_height(260.0)
        .show(
            ui,
            TextEdit::singleline(&mut s)
                .desired_width(width)
                .char_limit(MAX_LINE_CHARS),
            |q| {
                if !focused {
                    return Vec::new();
                }
                let typed = q.text;
                suggestions(options, typed)
                    .into_iter()
                    .map(|o| {
                        if o == typed.trim() && !options.contains(&o) {
                            Suggestion::new(o.clone()).description("new value")
                        } else {
                            Suggestion::new(o)
                        }
                    })
                    .collect()
            },
        );
    let response = out.text_edit.response.response.clone();
    set_name(ui, &response, name);
    let end = session(ui, &response, id, || value.to_string());
    let accepted = out.accepted.is_some();
    let changed = (response.changed() || accepted) && s != value;
    TextCellOutput {
        changed: changed.then_some(s),
        end,
        response,
        accepted_with_tab: accepted && tab,
        popup_open: out.is_open,
    }
}

/// What a money cell reports.
#[derive(Clone, Debug, PartialEq)]
pub enum MoneyChange {
    None,
    /// The text parsed: the new amount (None when emptied). Any text kept
    /// because it did not parse is dropped.
    Set(Option<Amount>),
    /// The text does not parse: keep it as typed in the amount's place
    /// (the field then counts in no total).
    Unparsed(String),
    /// Escape: put back the amount and the kept text the cell had before.
    Restore(Option<Amount>, Option<String>),
}

pub struct MoneyCellOutput {
    pub change: MoneyChange,
    pub end: EditEnd<(Option<Amount>, Option<String>)>,
    pub response: Response,
}

/// Why a money cell's text is not an amount (`None` when it is one, or is
/// empty): the model's rule ([`parse_money_cell`]).
fn not_an_amount(text: &str, unit: MoneyUnit) -> Option<String> {
    match parse_money_cell(text, unit) {
        Ok(MoneyCell::Kept { why, .. }) => Some(why),
        Ok(_) => None,
        Err(e) => Some(e),
    }
}

/// A money cell whose unreadable text is kept in the plan (`unparsed`).
/// Not being edited, it shows the amount in `unit` with separators, or the
/// kept text in red with the reason on hover. Being edited, it holds
/// exactly what was typed; each keystroke that parses changes the amount,
/// the others keep the text as typed and change no amount.
pub fn money_cell(
    ui: &mut Ui,
    id: Id,
    value: &Option<Amount>,
    unparsed: Option<&str>,
    unit: MoneyUnit,
    name: &str,
    width: f32,
) -> MoneyCellOutput {
    let buf_id = id.with("buffer");
    let focused = ui.memory(|m| m.has_focus(id));
    let buffer: Option<String> = if focused { ui.data(|d| d.get_temp(buf_id)) } else { None };
    let edit_text = || {
        unparsed.map(str::to_string).unwrap_or_else(|| {
            value
                .as_ref()
                .map(|a| format_amount_for_edit(a, unit))
                .unwrap_or_default()
        })
    };
    let mut text = match &buffer {
        Some(b) => b.clone(),
        None if focused => edit_text(),
        None => unparsed
            .map(str::to_string)
            .unwrap_or_else(|| value.as_ref().map(|a| format_amount(a, unit)).unwrap_or_default()),
    };
    let shown_error = not_an_amount(&text, unit);
    let color = shown_error.is_some().then(|| error_color(ui));
    let response = LineInput::new(id, width, MAX_MONEY_CHARS)
        .align(egui::Align2::RIGHT_CENTER)
        .color(color)
        .select_all_on_arrival(buffer.is_none())
        .show(ui, &mut text);
    set_name(ui, &response, name);
    if response.gained_focus() && buffer.is_none() {
        ui.data_mut(|d| d.insert_temp(buf_id, edit_text()));
    }
    let end = session(ui, &response, id, || (*value, unparsed.map(str::to_string)));
    let mut change = MoneyChange::None;
    if response.changed() {
        ui.data_mut(|d| d.insert_temp(buf_id, text.clone()));
        let amount = |v: Option<Amount>| (v != *value || unparsed.is_some()).then_some(MoneyChange::Set(v));
        change = match parse_money_cell(&text, unit) {
            Ok(MoneyCell::Empty) => amount(None),
            Ok(MoneyCell::Amount(a)) => amount(Some(a)),
            Ok(MoneyCell::Kept { text, .. }) => {
                (unparsed != Some(text.as_str())).then_some(MoneyChange::Unparsed(text))
            }
            // longer than a cell holds: cannot be typed (the cell's limit)
            Err(_) => None,
        }
        .unwrap_or(MoneyChange::None);
    }
    match &end {
        EditEnd::Cancelled((v, u)) => {
            ui.data_mut(|d| d.remove::<String>(buf_id));
            if v != value || u.as_deref() != unparsed {
                change = MoneyChange::Restore(*v, u.clone());
            }
        }
        EditEnd::Committed { .. } => ui.data_mut(|d| d.remove::<String>(buf_id)),
        EditEnd::None => {}
    }
    let error = if response.changed() {
        not_an_amount(&text, unit)
    } else {
        shown_error
    };
    let response = if let Some(err) = error {
        let color = error_color(ui);
        ui.painter()
            .rect_stroke(response.rect, 2.0, Stroke::new(2.0, color), egui::StrokeKind::Inside);
        let msg = format!("Not an amount: {err}. Kept as typed; counted in no total.");
        if response.has_focus() {
            // the reason beside the cell while it is being edited
            egui::Popup::from_response(&response)
                .id(id.with("reason"))
                .open(true)
                .align(egui::RectAlign::BOTTOM_END)
                .show(|ui| {
                    ui.set_max_width(320.0);
                    ui.label(RichText::new(format!("Not an amount: {err}")).color(color));
                });
            response
        } else {
            response.on_hover_text(msg)
        }
    } else {
        response
    };
    MoneyCellOutput { change, end, response }
}

/// A money total right-aligned in a box of a given width (for grids).
pub fn money_label_sized(ui: &mut Ui, text: &str, strong: bool, width: f32) -> Response {
    let h = ui.spacing().interact_size.y;
    ui.allocate_ui_with_layout(
        egui::vec2(width, h),
        egui::Layout::right_to_left(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            let mut t = RichText::new(text);
            if strong {
                t = t.strong();
            }
            ui.label(t)
        },
    )
    .inner
}

/// A read-only cell showing a money total, right-aligned.
pub fn money_label(ui: &mut Ui, text: &str, strong: bool, color: Option<Color32>) -> Response {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let mut t = RichText::new(text);
        if strong {
            t = t.strong();
        }
        if let Some(c) = color {
            t = t.color(c);
        }
        ui.label(t)
    })
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Vec<String> {
        ["Social Care", "Other", "Community Health", "Primary Care"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    /// What one frame paints (the second: the first loads the fonts)
    /// when `draw` fills a 400 × 100 area, and the response it returns.
    fn painted(
        style: &egui::Style,
        ppp: f32,
        mut draw: impl FnMut(&mut Ui) -> Response,
    ) -> (Vec<egui::epaint::ClippedShape>, egui::Rect) {
        let ctx = egui::Context::default();
        ctx.set_global_style(style.clone());
        ctx.set_zoom_factor(ppp);
        let input = || egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(400.0, 100.0))),
            ..Default::default()
        };
        let mut rect = egui::Rect::NOTHING;
        let mut shapes = Vec::new();
        for _ in 0..2 {
            let mut out = ctx.run_ui(input(), |ui| {
                ui.horizontal(|ui| rect = draw(ui).rect);
            });
            shapes = std::mem::take(&mut out.shapes);
            // nothing is rendered: the font atlas's updates are not needed
            out.textures_delta.clear();
        }
        (shapes, rect)
    }

    #[test]
    fn a_still_cell_looks_like_the_editor() {
        let id = Id::unique("cell");
        let red = Some(Color32::RED);
        let cases = [
            ("Carers Break", None, egui::Align2::LEFT_TOP, 150.0),
            ("", None, egui::Align2::LEFT_TOP, 150.0),
            ("3,443", None, egui::Align2::RIGHT_CENTER, 110.0),
            ("about 3k", red, egui::Align2::RIGHT_CENTER, 110.0),
            // a risk's likelihood and consequence
            ("4", None, egui::Align2::CENTER_CENTER, 26.0),
            ("often", red, egui::Align2::CENTER_CENTER, 26.0),
            // longer than the cell: clipped where the editor clips it
            (
                "Integrated Care Teams (Community Health and Social Care)",
                None,
                egui::Align2::LEFT_TOP,
                90.0,
            ),
            ("6,903,746 – 7,175,916", None, egui::Align2::RIGHT_CENTER, 60.0),
        ];
        // the desktop's style, and the projector's at 1.5 pixels a point
        let projector = crate::ui::present::projector_style(crate::ui::prefs::ProjectorTheme::default(), 1.3);
        for ((text, color, align, width), (style, ppp)) in cases
            .into_iter()
            .flat_map(|c| [(c, (egui::Style::default(), 1.0)), (c, (projector.clone(), 1.5))])
        {
            let editor = painted(&style, ppp, |ui| {
                let mut t = text.to_string();
                let mut edit = TextEdit::singleline(&mut t).id(id).desired_width(width).align(align);
                if let Some(c) = color {
                    edit = edit.text_color(c);
                }
                ui.add(edit)
            });
            let still = painted(&style, ppp, |ui| still_cell(ui, id, text, "", color, align, width));
            assert_eq!(still.1, editor.1, "{text:?}: the same place and size");
            assert_eq!(still.0, editor.0, "{text:?}: the same shapes");
        }
    }

    #[test]
    fn suggestions_complete_a_prefix_first() {
        assert_eq!(suggestions(&opts(), "soc"), vec!["Social Care"]);
        assert_eq!(
            suggestions(&opts(), "c"),
            vec!["Community Health", "Social Care", "Primary Care"]
        );
    }

    #[test]
    fn a_new_value_comes_first_when_nothing_starts_with_it() {
        assert_eq!(
            suggestions(&opts(), "care"),
            vec!["care", "Social Care", "Primary Care"]
        );
    }

    #[test]
    fn nothing_to_suggest_for_empty_or_exact_or_unknown_text() {
        assert!(suggestions(&opts(), "").is_empty());
        assert!(suggestions(&opts(), "social care").is_empty());
        assert!(suggestions(&opts(), "Housing").is_empty());
    }
}
