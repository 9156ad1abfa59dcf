//! The paste and CSV-import preview: shows how the source's columns map to
//! fields (adjustable), what each row will do and which cells fail, and
//! changes the plan only when the user confirms, as one undoable edit.
//!
//! Tabs open it with [`PasteDialog::paste`] (a block from the clipboard,
//! as new rows or over selected records) or through the app with
//! `Command::Data(DataCommand::Paste { .. })`; the Data menu opens it for
//! CSV files with [`PasteDialog::csv`].

use super::Commands;
use super::widgets;
use crate::interop::cell_text;
use crate::interop::clipboard::{parse_tsv, paste_spec, tsv_cell};
use crate::interop::import::finance::{Key, match_finance_header};
use crate::interop::import::{
    ColumnNames, FinancePreview, FinanceSpec, FinanceTable, ImportSpec, Outcome, Preview, RowPreview, Target,
    column_letter, filled_len, finance_csv_spec, import_edit, rows_text,
};
use crate::model::Plan;
use crate::model::field::{Field, RecordKind};
use crate::model::money::MoneyUnit;
use egui::{RichText, Ui};
use egui_extras::{Column, TableBuilder};
use std::path::Path;

/// Where the rows come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Text pasted from a spreadsheet (editable in the dialog).
    Clipboard,
    /// A CSV file (its name).
    Csv(String),
}

/// The preview dialog. Keep it in an `Option` and call [`PasteDialog::show`]
/// each frame; it returns `false` once closed.
pub struct PasteDialog {
    pub spec: ImportSpec,
    pub source: Source,
    /// The pasted text (clipboard source).
    pub text: String,
    preview: Option<Preview>,
    /// Ask the system for the clipboard's text once the text box has focus.
    request_paste: u8,
    /// Set when the user applied: what the status bar says.
    pub applied: Option<String>,
}

fn target_text(kind: RecordKind, target: &Target) -> String {
    match target {
        Target::NewRows => format!(
            "as new {} (rows with the ID of a record update it)",
            kind.word().to_lowercase()
        ),
        Target::Records(ids) => format!(
            "over the {} selected {}, row by row",
            ids.len(),
            if ids.len() == 1 {
                kind.singular().to_lowercase()
            } else {
                kind.word().to_lowercase()
            }
        ),
    }
}

impl PasteDialog {
    /// A paste into a table. `text` is the block when the tab caught a
    /// Ctrl+V; `None` opens the dialog empty and asks the system for the
    /// clipboard (the text box also takes Ctrl+V). `start` is the field of
    /// the first selected cell (a block without a header goes there).
    pub fn paste(plan: &Plan, kind: RecordKind, target: Target, start: Option<Field>, text: Option<String>) -> Self {
        let has_text = text.is_some();
        let text = text.unwrap_or_default();
        let spec = paste_spec(plan, kind, &text, target, start);
        PasteDialog {
            spec,
            source: Source::Clipboard,
            text,
            preview: None,
            request_paste: if has_text { 0 } else { 2 },
            applied: None,
        }
    }

    /// A block pasted over cells of a table: row by row over `ids`, its
    /// columns into `fields` in order, as the table shows them (unless the
    /// block has a heading row, which is read by its headings).
    pub fn over_cells(
        plan: &Plan,
        kind: RecordKind,
        ids: Vec<crate::model::RecordId>,
        fields: &[Field],
        text: String,
    ) -> Self {
        let mut d = Self::paste(plan, kind, Target::Records(ids), fields.first().cloned(), Some(text));
        if !d.spec.has_header {
            for (i, c) in d.spec.columns.iter_mut().enumerate() {
                c.field = fields.get(i).cloned();
                c.note = match &c.field {
                    Some(_) => "the table's column where the block was pasted".into(),
                    None => "beyond the table's last column: left out".into(),
                };
            }
        }
        d
    }

    /// A CSV file into a table.
    pub fn csv(plan: &Plan, kind: RecordKind, path: &Path) -> Result<Self, String> {
        Ok(Self::file(crate::interop::csv::import_spec(plan, kind, path)?))
    }

    /// A sheet of an Excel workbook into a table (the sheet that holds
    /// `kind`), with the same preview as a CSV file.
    pub fn xlsx(plan: &Plan, kind: RecordKind, path: &Path) -> Result<Self, String> {
        Ok(Self::file(crate::interop::xlsx_read::import_spec(plan, kind, path)?))
    }

    /// A file whose rows were read into `spec`.
    fn file(spec: ImportSpec) -> Self {
        PasteDialog {
            source: Source::Csv(spec.source_name.clone()),
            spec,
            text: String::new(),
            preview: None,
            request_paste: 0,
            applied: None,
        }
    }

    pub fn kind(&self) -> RecordKind {
        self.spec.kind
    }

    /// The preview of the current mapping (computed when something changed).
    pub fn preview(&mut self, plan: &Plan) -> &Preview {
        if self.preview.is_none() {
            self.preview = Some(self.spec.preview(plan));
        }
        self.preview.as_ref().expect("just set")
    }

    /// Reads the text box again (after the user edited or pasted into it).
    fn reparse(&mut self, plan: &Plan) {
        let old = &self.spec;
        let mut spec = paste_spec(plan, old.kind, &self.text, old.target.clone(), old.start.clone());
        spec.match_ids = old.match_ids;
        if spec.default_unit != old.default_unit {
            spec.default_unit = old.default_unit;
            spec.remap(plan);
        }
        self.spec = spec;
        self.preview = None;
    }

    /// Applies the rows without errors as one edit; returns the status text.
    pub fn apply(&mut self, plan: &Plan, cmds: &mut Commands) -> String {
        let kind = self.spec.kind;
        let preview = self.preview(plan).clone();
        let ops = preview.ops.clone();
        let what = preview.action_text(kind);
        let label = match &self.source {
            Source::Clipboard => format!("Paste {}", kind.word().to_lowercase()),
            Source::Csv(name) => format!("Import {name}"),
        };
        cmds.edit(label, import_edit(plan, kind, &ops));
        let from = match &self.source {
            Source::Clipboard => "from the clipboard".to_string(),
            Source::Csv(name) => format!("from {name}"),
        };
        let skipped = if preview.errors() > 0 {
            format!("; {} with errors left out", rows_text(preview.errors()))
        } else {
            String::new()
        };
        let msg = format!("{what} {from}{skipped}");
        self.applied = Some(msg.clone());
        msg
    }

    /// Draws the dialog. Returns `false` when it is closed (applied or
    /// cancelled); then read [`PasteDialog::applied`].
    pub fn show(&mut self, ctx: &egui::Context, plan: &Plan, locked: bool, cmds: &mut Commands) -> bool {
        let mut open = true;
        let kind = self.spec.kind;
        let title = match &self.source {
            Source::Clipboard => format!("Paste into {}", kind.word()),
            Source::Csv(name) => format!("Import {name} into {}", kind.word()),
        };
        let screen = ctx.content_rect();
        let resp = egui::Modal::new(egui::Id::unique("opplan_paste_dialog")).show(ctx, |ui| {
            ui.set_width((screen.width() - 80.0).clamp(400.0, 1200.0));
            ui.set_max_height(screen.height() - 80.0);
            ui.label(RichText::new(&title).heading().strong());
            ui.label(format!(
                "Rows go in {}. Nothing changes until you press the button at the bottom.",
                target_text(kind, &self.spec.target)
            ));
            ui.add_space(4.0);
            if self.source == Source::Clipboard {
                self.text_box(ui, plan);
            }
            if self.spec.rows.is_empty() {
                widgets::note(
                    ui,
                    "Nothing to read yet: copy cells in Excel or LibreOffice and paste them above.",
                );
            } else {
                self.options(ui, plan);
                ui.add_space(4.0);
                self.columns(ui, plan);
                ui.add_space(4.0);
                self.rows(ui, plan);
            }
            ui.add_space(6.0);
            ui.separator();
            self.buttons(ui, plan, locked, cmds, &mut open);
        });
        if resp.should_close() {
            // a click beside it, or Escape (crate::ui::escape)
            open = false;
        }
        open
    }

    fn text_box(&mut self, ui: &mut Ui, plan: &Plan) {
        if pasted_text_box(ui, &mut self.text, &mut self.request_paste) {
            self.reparse(plan);
        }
    }

    fn options(&mut self, ui: &mut Ui, plan: &Plan) {
        ui.horizontal_wrapped(|ui| {
            // a CSV file always has its headings in the first row
            if self.source == Source::Clipboard {
                let mut header = self.spec.has_header;
                let r = ui.checkbox(&mut header, "First row is a header");
                widgets::set_name(ui, &r, "First row is a header");
                if r.changed() {
                    self.spec.set_has_header(plan, header);
                    self.preview = None;
                }
                ui.add_space(16.0);
            }
            ui.label("Money without a unit in its heading is in:");
            let mut unit = self.spec.default_unit;
            let r = egui::ComboBox::from_id_salt("paste_default_unit")
                .selected_text(unit.label())
                .show_ui(ui, |ui| {
                    for u in MoneyUnit::ALL {
                        ui.selectable_value(&mut unit, u, u.label());
                    }
                })
                .response;
            widgets::set_name(ui, &r, "Default money unit");
            if unit != self.spec.default_unit {
                self.spec.default_unit = unit;
                self.spec.remap(plan);
                self.preview = None;
            }
            if self.spec.target == Target::NewRows && self.spec.columns.iter().any(|c| c.field == Some(Field::Id)) {
                ui.add_space(16.0);
                let mut m = self.spec.match_ids;
                let r = ui.checkbox(&mut m, "Rows with a record's ID update it");
                widgets::set_name(ui, &r, "Rows with a record's ID update it");
                if r.changed() {
                    self.spec.match_ids = m;
                    self.preview = None;
                }
            }
        });
        widgets::note(ui, "A £ sign in a cell always means pounds (“£3,432,000”).");
        widgets::note(ui, &self.spec.layout_note());
    }

    fn columns(&mut self, ui: &mut Ui, plan: &Plan) {
        ui.label(RichText::new("Columns").strong());
        let choices = self.spec.field_choices(plan);
        let first_data: Vec<String> = self
            .spec
            .data_rows()
            .find(|(_, _, r)| r.iter().any(|c| !c.trim().is_empty()))
            .map(|(_, _, r)| r.clone())
            .unwrap_or_default();
        let mut change: Option<(usize, Option<Field>)> = None;
        let mut unit_change: Option<(usize, MoneyUnit)> = None;
        egui::ScrollArea::vertical()
            .id_salt("paste_columns_scroll")
            .max_height(230.0)
            .show(ui, |ui| {
                egui::Grid::new("paste_columns")
                    .striped(true)
                    .num_columns(5)
                    .show(ui, |ui| {
                        ui.strong("In the source");
                        ui.strong("First value");
                        ui.strong("Goes to");
                        ui.strong("Unit");
                        ui.strong("");
                        ui.end_row();
                        for (i, c) in self.spec.columns.iter().enumerate() {
                            ui.label(&c.source);
                            let sample = first_data.get(i).cloned().unwrap_or_default();
                            let sample: String = sample.chars().take(30).collect();
                            ui.label(RichText::new(sample.replace(['\n', '\t'], " ")).weak());
                            let selected = c
                                .field
                                .as_ref()
                                .map(|f| f.header(c.unit))
                                .unwrap_or_else(|| "(left out)".into());
                            let r = egui::ComboBox::from_id_salt(("paste_field", i))
                                .selected_text(selected)
                                .width(230.0)
                                .height(400.0)
                                .show_ui(ui, |ui| {
                                    if ui.selectable_label(c.field.is_none(), "(left out)").clicked() {
                                        change = Some((i, None));
                                    }
                                    for f in &choices {
                                        if ui
                                            .selectable_label(c.field.as_ref() == Some(f), f.header(c.unit))
                                            .clicked()
                                        {
                                            change = Some((i, Some(f.clone())));
                                        }
                                    }
                                })
                                .response;
                            widgets::set_name(ui, &r, &format!("Field for {}", c.source));
                            if c.field.as_ref().is_some_and(|f| f.is_money()) {
                                let mut u = c.unit;
                                let r = egui::ComboBox::from_id_salt(("paste_unit", i))
                                    .selected_text(u.label())
                                    .width(60.0)
                                    .show_ui(ui, |ui| {
                                        for x in MoneyUnit::ALL {
                                            ui.selectable_value(&mut u, x, x.label());
                                        }
                                    })
                                    .response;
                                widgets::set_name(ui, &r, &format!("Unit for {}", c.source));
                                if u != c.unit {
                                    unit_change = Some((i, u));
                                }
                            } else {
                                ui.label("");
                            }
                            ui.label(RichText::new(&c.note).weak().small());
                            ui.end_row();
                        }
                    });
            });
        if let Some((i, f)) = change {
            self.spec.set_field(i, f);
            self.preview = None;
        }
        if let Some((i, u)) = unit_change {
            self.spec.columns[i].unit = u;
            self.spec.columns[i].note = format!("amounts in {}, chosen by hand", u.label());
            self.preview = None;
        }
    }

    fn rows(&mut self, ui: &mut Ui, plan: &Plan) {
        let preview = self.preview(plan).clone();
        rows_table(ui, &preview, &self.spec);
    }

    fn buttons(&mut self, ui: &mut Ui, plan: &Plan, locked: bool, cmds: &mut Commands, open: &mut bool) {
        let kind = self.spec.kind;
        let preview = self.preview(plan).clone();
        for b in &preview.blocking {
            ui.label(RichText::new(b).color(widgets::error_color(ui)));
        }
        if preview.is_blocked() && self.spec.has_header {
            let untick = if self.source == Source::Clipboard {
                " or untick \u{201c}First row is a header\u{201d} if the block has no heading row"
            } else {
                ""
            };
            widgets::note(ui, &format!("Choose a field for a column above{untick}."));
        }
        summary_lines(ui, &preview, preview.action_text(kind), locked);
        ui.horizontal(|ui| {
            let n = preview.ops.len();
            let label = if n == 0 {
                "Nothing to apply".to_string()
            } else {
                preview.action_text(kind)
            };
            let ok = ui.add_enabled(n > 0 && !locked, egui::Button::new(RichText::new(label).strong()));
            if ok.clicked() {
                self.apply(plan, cmds);
                *open = false;
            }
            if ui.button("Cancel").clicked() {
                *open = false;
            }
        });
    }
}

/// What each row of an import will do: the preview's table (row, what
/// happens, record, details or problems) and its notes, for the paste and
/// CSV preview and the finance tables' import.
pub(super) fn rows_table(ui: &mut Ui, preview: &Preview, spec: &impl ColumnNames) {
    let shown: Vec<&RowPreview> = preview
        .rows
        .iter()
        .filter(|r| r.is_told_skip() || !matches!(r.outcome, Outcome::Skip(_)))
        .collect();
    ui.label(RichText::new(format!("Rows ({})", shown.len())).strong());
    let err = widgets::error_color(ui);
    let row_h = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    let height = (row_h * (shown.len() as f32 + 1.5)).clamp(60.0, 260.0);
    ui.push_id("paste_rows", |ui| {
        TableBuilder::new(ui)
            .striped(true)
            .auto_shrink([false, true])
            .max_scroll_height(height)
            .column(Column::exact(50.0))
            .column(Column::exact(150.0))
            .column(Column::initial(300.0).clip(true))
            .column(Column::remainder().clip(true))
            .header(row_h, |mut h| {
                for t in ["Row", "What happens", "Record", "Details"] {
                    h.col(|ui| {
                        ui.strong(t);
                    });
                }
            })
            .body(|body| {
                body.rows(row_h, shown.len(), |mut row| {
                    let r = shown[row.index()];
                    row.col(|ui| {
                        ui.label(r.line.to_string());
                    });
                    row.col(|ui| {
                        let (text, color) = match &r.outcome {
                            Outcome::Add => ("Add".to_string(), None),
                            Outcome::Update(_) if r.changes.is_empty() => ("No change".to_string(), None),
                            Outcome::Update(_) => ("Update".to_string(), None),
                            Outcome::Skip(_) => ("Skip".to_string(), None),
                            Outcome::Error => ("Error: left out".to_string(), Some(err)),
                        };
                        let mut t = RichText::new(text).strong();
                        if let Some(c) = color {
                            t = t.color(c);
                        }
                        ui.label(t);
                    });
                    row.col(|ui| {
                        ui.label(&r.label);
                    });
                    row.col(|ui| {
                        let text = if r.errors.is_empty() && !r.changes.is_empty() {
                            r.changes.join("; ")
                        } else {
                            r.problems_text(spec)
                        };
                        let resp = if r.outcome == Outcome::Error {
                            ui.label(RichText::new(&text).color(err))
                        } else {
                            ui.label(RichText::new(&text).weak())
                        };
                        resp.on_hover_text(text);
                    });
                });
            });
    });
    for n in &preview.notes {
        ui.label(RichText::new(n).strong());
    }
}

/// The box of pasted cells (editable; Ctrl+V in it pastes). While
/// `request_paste` counts down it takes focus, then asks the system for the
/// clipboard. True when its text changed.
fn pasted_text_box(ui: &mut Ui, text: &mut String, request_paste: &mut u8) -> bool {
    ui.label("Cells copied from a spreadsheet (Ctrl+V here to paste):");
    let resp = egui::ScrollArea::vertical()
        .id_salt("paste_text_scroll")
        .max_height(90.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(3)
                    .lock_focus(true)
                    .desired_width(f32::INFINITY)
                    .font(egui::TextStyle::Monospace)
                    .hint_text("Paste here"),
            )
        })
        .inner;
    widgets::set_name(ui, &resp, "Pasted cells");
    if *request_paste > 0 {
        // focus first, then ask for the clipboard (it goes to the focused box)
        if *request_paste == 2 {
            resp.request_focus();
        } else {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::RequestPaste);
        }
        *request_paste -= 1;
    }
    resp.changed()
}

/// Under the rows: what stops the import, what will be applied and what
/// left out, and the lock.
fn summary_lines(ui: &mut Ui, preview: &Preview, action: String, locked: bool) {
    let mut summary = action;
    if preview.errors() > 0 {
        summary.push_str(&format!(
            ". {} with errors will be left out: fix them in the source and paste again, or apply the others",
            rows_text(preview.errors())
        ));
    }
    if preview.skipped() > 0 {
        summary.push_str(&format!(". Skipped: {}", preview.skipped()));
    }
    if preview.unchanged() > 0 {
        summary.push_str(&format!(". {} change nothing", rows_text(preview.unchanged())));
    }
    ui.label(summary);
    if locked {
        ui.label(RichText::new("The plan is locked: unlock it to paste.").color(widgets::error_color(ui)));
    }
}

/// The preview of rows going into one of the operating plan's tables
/// (allocation lines, contributions, QIPP, pay for performance), from a
/// CSV file or pasted from a spreadsheet on the Finance tab: how each
/// column is read, what each row will do and which cells fail, and the
/// plan changed only when the user confirms, as one undoable edit.
pub struct FinanceImportDialog {
    pub spec: FinanceSpec,
    preview: Option<FinancePreview>,
    /// Set when the user applied: what the notification says.
    pub applied: Option<String>,
    /// The pasted cells, when the rows come from the clipboard.
    paste: Option<FinancePaste>,
    /// True while asking which table a paste goes into (the tab could not
    /// tell): nothing is read before the user chooses.
    pub choosing: bool,
}

/// Cells pasted into a finance table: the text (editable in the dialog)
/// and the year the Finance tab shows (the year of rows without a Year
/// column).
struct FinancePaste {
    text: String,
    year: String,
    /// Ask the system for the clipboard's text (see [`pasted_text_box`]).
    request_paste: u8,
}

/// Whether the first row of a block pasted into `table` is its heading
/// row: some cell names a column of the table and none is a figure or a
/// date.
pub(crate) fn is_finance_heading_row(table: FinanceTable, row: &[String]) -> bool {
    row.iter().any(|c| match_finance_header(table, c).is_some())
        && !row.iter().any(|c| crate::interop::import::is_figure(c))
}

/// A block pasted into `table` (tab-separated, as spreadsheets copy), as
/// an import: a block with a heading row is read by its headings, as a
/// CSV file is; a block without one goes into the Finance tab's columns
/// in the order the tab shows them ([`finance::pasted_columns`]). A block
/// with no Year column belongs to `year`, the year the tab shows. Money
/// without a unit in its heading is in `unit` (the plan's display unit).
///
/// [`finance::pasted_columns`]: crate::ui::tabs::finance::pasted_columns
pub fn finance_paste_spec(table: FinanceTable, text: &str, year: &str, unit: MoneyUnit) -> FinanceSpec {
    let mut rows = parse_tsv(text);
    let has_header = rows.first().is_some_and(|r| is_finance_heading_row(table, r));
    if !has_header && !rows.is_empty() {
        let width = rows.iter().map(|r| filled_len(r)).max().unwrap_or(0);
        let heads = crate::ui::tabs::finance::pasted_columns(table);
        rows.insert(0, heads.iter().take(width).map(|h| h.to_string()).collect());
    }
    let has_year = rows.first().is_some_and(|r| {
        r.iter()
            .any(|c| matches!(match_finance_header(table, c), Some((Key::Year, _))))
    });
    let add_year = !has_year && !rows.is_empty();
    if add_year {
        for (i, r) in rows.iter_mut().enumerate() {
            if i == 0 {
                r.insert(0, "Year".to_string());
            } else if r.iter().any(|c| !c.trim().is_empty()) {
                r.insert(0, year.to_string());
            }
        }
    }
    let mut spec = FinanceSpec::new(table, rows, unit, "the clipboard");
    let offset = usize::from(add_year);
    for (i, c) in spec.columns.iter_mut().enumerate() {
        if add_year && i == 0 {
            c.source = "(the year shown)".to_string();
            c.note = format!("the block has no Year column: its rows belong to {year}, the year the Finance tab shows");
        } else if !has_header {
            c.source = format!("Column {}", column_letter(i - offset));
            if c.key.is_some() {
                c.note = "no heading row: the Finance tab's column in this place".to_string();
            } else {
                c.note = "beyond the Finance tab's last column: left out".to_string();
            }
        }
    }
    if !has_header {
        // the first pasted row is row 1
        spec.first_line = 0;
    }
    spec
}

/// The rows of `table` the Finance tab shows for `year` (pay for
/// performance: that year's and the ongoing ones) as tab-separated text
/// for the clipboard, and how many: a heading row (the import's headings,
/// money in the plan's display unit, which the headings name, so pasting
/// the block back reads it right), then one row per line, money exact,
/// text neutralised against formulas. The line ID column is left out, so
/// a block pasted back adds lines.
pub fn finance_rows_tsv(plan: &Plan, table: FinanceTable, year: &str) -> (String, usize) {
    let unit = plan.settings.display_unit;
    let cols = table.columns();
    let keep: Vec<usize> = (0..cols.len()).filter(|&i| cols[i].key != Key::Id).collect();
    let year_at = cols.iter().position(|c| c.key == Key::Year);
    let heading = |i: usize| {
        let c = &cols[i];
        let h = if c.key.is_money() {
            format!("{} ({})", c.heading.trim_end_matches(" (£)"), unit.label())
        } else {
            c.heading.to_string()
        };
        tsv_cell(&crate::interop::inert::neutralise(&h))
    };
    let mut out = keep.iter().map(|&i| heading(i)).collect::<Vec<_>>().join("\t");
    out.push('\n');
    let mut n = 0;
    for row in table.rows(plan) {
        let y = year_at.map(|i| cell_text(&row[i], unit)).unwrap_or_default();
        let ongoing = table == FinanceTable::Performance && y.eq_ignore_ascii_case("ongoing");
        if y != year && !ongoing {
            continue;
        }
        n += 1;
        let cells: Vec<String> = keep.iter().map(|&i| tsv_cell(&cell_text(&row[i], unit))).collect();
        out.push_str(&cells.join("\t"));
        out.push('\n');
    }
    (out, n)
}

impl FinanceImportDialog {
    /// A CSV file into `table`.
    pub fn csv(table: FinanceTable, path: &Path) -> Result<Self, String> {
        Ok(Self::new(finance_csv_spec(table, path)?))
    }

    pub fn new(spec: FinanceSpec) -> Self {
        FinanceImportDialog {
            spec,
            preview: None,
            applied: None,
            paste: None,
            choosing: false,
        }
    }

    /// Cells pasted on the Finance tab into `table` (`None`: the tab could
    /// not tell which table, so the dialog asks first), rows without a
    /// year going into `year`. `text` is the block when the tab caught a
    /// Ctrl+V; `None` asks the system for the clipboard.
    pub fn pasted(plan: &Plan, table: Option<FinanceTable>, year: &str, text: Option<String>) -> Self {
        let request_paste = if text.is_some() { 0 } else { 2 };
        let text = text.unwrap_or_default();
        let unit = plan.settings.display_unit;
        let spec = finance_paste_spec(table.unwrap_or(FinanceTable::Allocations), &text, year, unit);
        FinanceImportDialog {
            spec,
            preview: None,
            applied: None,
            paste: Some(FinancePaste {
                text,
                year: year.to_string(),
                request_paste,
            }),
            choosing: table.is_none(),
        }
    }

    /// Sends the pasted cells into `table` (the user's answer to "which
    /// table?").
    pub fn choose(&mut self, table: FinanceTable) {
        self.spec.table = table;
        self.choosing = false;
        self.reread();
    }

    /// Reads the rows again (after the text, the table or the default
    /// unit changed).
    fn reread(&mut self) {
        match &self.paste {
            Some(p) => self.spec = finance_paste_spec(self.spec.table, &p.text, &p.year, self.spec.default_unit),
            None => self.spec.remap(),
        }
        self.preview = None;
    }

    /// The preview (computed when something changed).
    pub fn preview(&mut self, plan: &Plan) -> &FinancePreview {
        if self.preview.is_none() {
            self.preview = Some(self.spec.preview(plan));
        }
        self.preview.as_ref().expect("just set")
    }

    /// Applies the rows without errors as one edit; returns the message.
    pub fn apply(&mut self, plan: &Plan, cmds: &mut Commands) -> String {
        let table = self.spec.table;
        let fp = self.preview(plan).clone();
        let what = fp.action_text(table);
        let label = match self.paste {
            Some(_) => format!("Paste {}", table.word().to_lowercase()),
            None => format!("Import {}", self.spec.source_name),
        };
        cmds.edit(label, fp.edit);
        let skipped = if fp.preview.errors() > 0 {
            format!("; {} with errors left out", rows_text(fp.preview.errors()))
        } else {
            String::new()
        };
        let msg = format!("{what} from {}{skipped}", self.spec.source_name);
        self.applied = Some(msg.clone());
        msg
    }

    /// Asks which table the pasted cells go into.
    fn choice(&mut self, ui: &mut Ui, open: &mut bool) {
        ui.label(RichText::new("Paste into which table?").heading().strong());
        ui.label(
            "The Finance tab cannot tell which of its tables you are in (click a table, then paste, to skip this \
             question). Choose the table the rows go into:",
        );
        ui.horizontal_wrapped(|ui| {
            for t in FinanceTable::ALL {
                if ui.button(t.word()).clicked() {
                    self.choose(t);
                }
            }
        });
        ui.separator();
        if ui.button("Cancel").clicked() {
            *open = false;
        }
    }

    /// Draws the dialog; `false` once it is closed (then read
    /// [`FinanceImportDialog::applied`]).
    pub fn show(&mut self, ctx: &egui::Context, plan: &Plan, locked: bool, cmds: &mut Commands) -> bool {
        let mut open = true;
        let screen = ctx.content_rect();
        let resp = egui::Modal::new(egui::Id::unique("opplan_finance_import_dialog")).show(ctx, |ui| {
            ui.set_width((screen.width() - 80.0).clamp(400.0, 1200.0));
            ui.set_max_height(screen.height() - 80.0);
            if self.choosing {
                self.choice(ui, &mut open);
                return;
            }
            let table = self.spec.table;
            let title = match self.paste {
                Some(_) => format!("Paste into {}", table.word()),
                None => format!("Import {} into {}", self.spec.source_name, table.word()),
            };
            ui.label(RichText::new(title).heading().strong());
            let how = match table {
                FinanceTable::Qipp => {
                    "Each row is a point of delivery of the scheme its Scheme ID names; the rows of a scheme and \
                     year replace that year's QIPP"
                }
                _ => "Rows with the ID of a line update it; the others are added",
            };
            ui.label(format!(
                "{how}. Nothing changes until you press the button at the bottom."
            ));
            ui.add_space(4.0);
            if let Some(p) = &mut self.paste
                && pasted_text_box(ui, &mut p.text, &mut p.request_paste)
            {
                self.reread();
            }
            if self.spec.rows.is_empty() {
                widgets::note(
                    ui,
                    "Nothing to read yet: copy cells in Excel or LibreOffice and paste them above.",
                );
            } else if self.paste.is_some() {
                widgets::note(
                    ui,
                    "A first row that names the table's columns is read as headings; without one, the columns go \
                     in the order the Finance tab shows them.",
                );
            }
            ui.horizontal_wrapped(|ui| {
                ui.label("Money without a unit in its heading is in:");
                let mut unit = self.spec.default_unit;
                let r = egui::ComboBox::from_id_salt("finance_import_unit")
                    .selected_text(unit.label())
                    .show_ui(ui, |ui| {
                        for u in MoneyUnit::ALL {
                            ui.selectable_value(&mut unit, u, u.label());
                        }
                    })
                    .response;
                widgets::set_name(ui, &r, "Default money unit");
                if unit != self.spec.default_unit {
                    self.spec.default_unit = unit;
                    self.reread();
                }
            });
            ui.label(RichText::new("Columns").strong());
            let first: Vec<String> = self
                .spec
                .data_rows()
                .find(|(_, _, r)| r.iter().any(|c| !c.trim().is_empty()))
                .map(|(_, _, r)| r.clone())
                .unwrap_or_default();
            egui::ScrollArea::vertical()
                .id_salt("finance_import_columns")
                .max_height(200.0)
                .show(ui, |ui| {
                    egui::Grid::new("finance_import_columns_grid")
                        .striped(true)
                        .num_columns(4)
                        .show(ui, |ui| {
                            for h in ["In the source", "First value", "Goes to", ""] {
                                ui.strong(h);
                            }
                            ui.end_row();
                            for (i, c) in self.spec.columns.iter().enumerate() {
                                ui.label(&c.source);
                                let sample: String =
                                    first.get(i).map(|v| v.chars().take(30).collect()).unwrap_or_default();
                                ui.label(RichText::new(sample.replace(['\n', '\t'], " ")).weak());
                                ui.label(c.key.map_or("(left out)", |k| self.spec.heading_of(k)));
                                ui.label(RichText::new(&c.note).weak().small());
                                ui.end_row();
                            }
                        });
                });
            ui.add_space(4.0);
            let fp = self.preview(plan).clone();
            rows_table(ui, &fp.preview, &self.spec);
            ui.add_space(6.0);
            ui.separator();
            for b in &fp.preview.blocking {
                ui.label(RichText::new(b).color(widgets::error_color(ui)));
            }
            summary_lines(ui, &fp.preview, fp.action_text(table), locked);
            ui.horizontal(|ui| {
                let n = fp.applied;
                let label = if n == 0 || fp.preview.is_blocked() {
                    "Nothing to apply".to_string()
                } else {
                    fp.action_text(table)
                };
                let ok = ui.add_enabled(
                    n > 0 && !fp.preview.is_blocked() && !locked,
                    egui::Button::new(RichText::new(label).strong()),
                );
                if ok.clicked() {
                    self.apply(plan, cmds);
                    open = false;
                }
                if ui.button("Cancel").clicked() {
                    open = false;
                }
            });
        });
        if resp.should_close() {
            open = false;
        }
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlanEdit;

    fn sample(name: &str) -> Plan {
        crate::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
    }

    /// What Ctrl+C copies from a finance table, pasted back into it, reads
    /// without an error: every line again (added, as the ID is left out),
    /// or (QIPP, matched by scheme ID) the same figures.
    #[test]
    fn copied_finance_rows_paste_back_without_errors() {
        let mut tried = std::collections::HashSet::new();
        for name in ["kent-bcf-2015-16.ron", "dgs-2015-16.ron"] {
            let plan = sample(name);
            let unit = plan.settings.display_unit;
            for year in &plan.header.years {
                for table in FinanceTable::ALL {
                    let (tsv, n) = finance_rows_tsv(&plan, table, year);
                    if n == 0 {
                        continue;
                    }
                    tried.insert(table);
                    let spec = finance_paste_spec(table, &tsv, year, unit);
                    let fp = spec.preview(&plan);
                    let what = format!("{name} {year} {table:?}");
                    assert!(fp.preview.blocking.is_empty(), "{what}: {:?}", fp.preview.blocking);
                    assert_eq!(fp.preview.errors(), 0, "{what}: {:?}", fp.preview.rows);
                    if table != FinanceTable::Qipp {
                        assert_eq!(fp.preview.adds(), n, "{what}");
                    }
                }
            }
        }
        assert_eq!(tried.len(), FinanceTable::ALL.len(), "every table copied: {tried:?}");
    }

    #[test]
    fn copied_contributions_paste_back_as_the_same_lines() {
        let plan = sample("kent-bcf-2015-16.ron");
        let (tsv, n) = finance_rows_tsv(&plan, FinanceTable::Contributions, "2014/15");
        assert_eq!(n, 8);
        let fp = finance_paste_spec(FinanceTable::Contributions, &tsv, "2014/15", MoneyUnit::Thousands).preview(&plan);
        let PlanEdit::SetFinanceTables(t) = fp.edit else {
            panic!("{:?}", fp.edit)
        };
        let old: Vec<_> = plan.contributions.iter().filter(|c| c.year == "2014/15").collect();
        let new = &t.contributions[plan.contributions.len()..];
        assert_eq!(new.len(), 8);
        for (o, c) in old.iter().zip(new) {
            let mut c = c.clone();
            c.id = o.id;
            assert_eq!(&c, *o);
        }
    }

    /// A first row with a figure is data, not headings, even when a cell
    /// names a column; a block without a Year column gets the shown year.
    #[test]
    fn a_block_without_headings_goes_into_the_tabs_columns_and_year() {
        let spec = finance_paste_spec(
            FinanceTable::Contributions,
            "Source\tN\tCCG\t1\t2\n",
            "2015/16",
            MoneyUnit::Pounds,
        );
        assert_eq!(spec.first_line, 0);
        assert_eq!(spec.rows[0][0], "Year");
        assert_eq!(spec.rows[1], ["2015/16", "Source", "N", "CCG", "1", "2"]);
        let spec = finance_paste_spec(
            FinanceTable::Contributions,
            "Year\tOrganisation\n2014/15\tSwale\n",
            "2015/16",
            MoneyUnit::Pounds,
        );
        assert_eq!(spec.first_line, 1);
        assert_eq!(spec.rows[1], ["2014/15", "Swale"]);
    }
}
