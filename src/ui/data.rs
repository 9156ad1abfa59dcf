//! The Data menu and its dialogs: paste rows from a spreadsheet, copy a
//! table as text for Excel, import CSV or an Excel workbook, export (board report, Excel, CSV)
//! and compare with another file. The app keeps one [`DataState`] and runs
//! [`DataCommand`]s pushed by the menu or by the tabs.
//!
//! For the tabs (wired by the lead): push
//! `Command::Data(DataCommand::Paste { kind, target, start, text })` from a
//! "Paste rows" button or a Ctrl+V caught with [`take_paste_event`], and
//! `Command::Data(DataCommand::Copy { kind, ids })` for "Copy rows".

use super::command::{CommandState, UiCommand, menu_item};
use super::compare::CompareWindow;
use super::consolidation::ConsolidationWindow;
use super::merge_with::MergeWindow;
use super::notify::{self, Level, Message};
use super::paste::{FinanceImportDialog, PasteDialog, Source, finance_rows_tsv};
use super::widgets::PathButton;
use super::workbook_import::WorkbookImportDialog;
use super::{Commands, escape, widgets};
use crate::calc::PlanSummary;
use crate::interop::clipboard::rows_to_tsv;
use crate::interop::export::{ExportFormat, export_to};
use crate::interop::import::{FinanceTable, Target};
use crate::model::field::{Field, RecordKind};
use crate::model::{Plan, RecordId};
use chrono::NaiveDate;
use egui::{Key, RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// What the Data menu (and the tabs) can ask for.
#[derive(Clone, Debug, PartialEq)]
pub enum DataCommand {
    /// Open the paste preview for a table: as new rows or over selected
    /// records; `start` is the field of the first selected cell; `text` is
    /// the pasted block when the tab caught a Ctrl+V (else the dialog asks
    /// the system clipboard).
    Paste {
        kind: RecordKind,
        target: Target,
        start: Option<Field>,
        text: Option<String>,
    },
    /// Open the paste preview for a block pasted over cells of a table:
    /// row by row over the records `ids`, the block's columns into
    /// `fields` in order (a block with a heading row is read by its
    /// headings instead).
    PasteCells {
        kind: RecordKind,
        ids: Vec<RecordId>,
        fields: Vec<Field>,
        text: String,
    },
    /// Open the paste preview for cells pasted on the Finance tab into
    /// `table` (`None`: the tab cannot tell which, and the preview asks),
    /// rows without a year going into `year`, the year the tab shows;
    /// `text` as for `Paste`.
    PasteFinance {
        table: Option<FinanceTable>,
        year: String,
        text: Option<String>,
    },
    /// Copy the rows of a finance table the Finance tab shows for `year`
    /// as tab-separated text with a heading row.
    CopyFinance { table: FinanceTable, year: String },
    /// Copy records as tab-separated text with a header row (all records
    /// of the kind when `ids` is empty).
    Copy { kind: RecordKind, ids: Vec<RecordId> },
    /// Ask for a CSV file, then preview its import into a table.
    ImportCsv(RecordKind),
    /// Ask for an Excel workbook, then preview the import of its sheet
    /// that holds the table.
    ImportXlsx(RecordKind),
    /// Ask for a CSV file, then preview its import into one of the
    /// operating plan's tables.
    ImportFinanceCsv(FinanceTable),
    /// Ask for an Excel workbook, then preview the import of every sheet
    /// opplan reads (record tables, finance tables, milestones).
    ImportWorkbook,
    /// Ask where to write, then export.
    Export(ExportFormat),
    /// Ask for another plan file, then show the change list.
    Compare,
    /// Ask for another plan file, then merge it in (`ui::merge_with`).
    Merge,
    /// Ask for a folder of plans or a workspace file, then show its
    /// Consolidation view (`ui::consolidation`).
    OpenWorkspace,
    /// Show the Consolidation view of this folder or workspace file.
    ShowWorkspace(PathBuf),
}

/// What a typed-path prompt is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PromptFor {
    ImportCsv(RecordKind),
    ImportXlsx(RecordKind),
    ImportWorkbook,
    ImportFinanceCsv(FinanceTable),
    Export(ExportFormat),
    Compare,
    Merge,
    Workspace,
}

struct PathPrompt {
    what: PromptFor,
    text: String,
    error: Option<String>,
    browse: Option<Receiver<Option<PathBuf>>>,
}

/// The Data menu's state: at most one preview, one prompt and one compare
/// window at a time.
#[derive(Default)]
pub struct DataState {
    pub paste: Option<PasteDialog>,
    /// The preview of a CSV file's import into a finance table.
    pub finance: Option<FinanceImportDialog>,
    /// The preview of a whole workbook's import.
    pub workbook: Option<WorkbookImportDialog>,
    pub compare: Option<CompareWindow>,
    pub merge: Option<MergeWindow>,
    pub consolidation: Option<ConsolidationWindow>,
    prompt: Option<PathPrompt>,
    /// The file the open import preview reads (its notification names it).
    import_from: Option<PathBuf>,
}

/// Takes a paste (Ctrl+V) from this frame's input when no text field has
/// focus: what a table uses to paste rows. `None` when there is none.
pub fn take_paste_event(ui: &Ui) -> Option<String> {
    if ui.ctx().text_edit_focused() || ui.ctx().memory(|m| m.focused().is_some()) {
        return None;
    }
    ui.input_mut(|i| {
        let pos = i.events.iter().position(|e| matches!(e, egui::Event::Paste(_)))?;
        match i.events.remove(pos) {
            egui::Event::Paste(t) => Some(t),
            _ => None,
        }
    })
}

/// True when Ctrl+C was pressed this frame and no text field has focus:
/// what a table uses to copy its selected rows.
pub fn take_copy_event(ui: &Ui) -> bool {
    if ui.ctx().text_edit_focused() {
        return false;
    }
    ui.input_mut(|i| {
        let pos = i.events.iter().position(|e| matches!(e, egui::Event::Copy));
        pos.map(|p| i.events.remove(p)).is_some()
    })
}

fn plan_dir(plan_path: Option<&Path>) -> PathBuf {
    plan_path
        .and_then(|p| p.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

fn stem(plan_path: Option<&Path>) -> String {
    plan_path
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into())
}

/// The Data menu, drawn from the command table.
pub fn menu(ui: &mut Ui, s: &CommandState, cmds: &mut Commands) {
    ui.menu_button("Paste rows from a spreadsheet into", |ui| {
        for kind in RecordKind::ALL {
            menu_item(ui, UiCommand::Paste(kind), s, cmds);
        }
    });
    ui.menu_button("Copy a table for Excel", |ui| {
        for kind in RecordKind::ALL {
            menu_item(ui, UiCommand::Copy(kind), s, cmds);
        }
    });
    ui.separator();
    ui.menu_button("Import CSV into", |ui| {
        for kind in RecordKind::ALL {
            menu_item(ui, UiCommand::ImportCsv(kind), s, cmds);
        }
        ui.separator();
        for t in FinanceTable::ALL {
            menu_item(ui, UiCommand::ImportFinanceCsv(t), s, cmds);
        }
    });
    ui.menu_button("Import from Excel into", |ui| {
        for kind in RecordKind::ALL {
            menu_item(ui, UiCommand::ImportXlsx(kind), s, cmds);
        }
        ui.separator();
        menu_item(ui, UiCommand::ImportWorkbook, s, cmds);
    });
    ui.menu_button("Export", |ui| {
        for f in [ExportFormat::Html, ExportFormat::Xlsx, ExportFormat::Csv] {
            menu_item(ui, UiCommand::Export(f), s, cmds);
        }
    });
    ui.separator();
    menu_item(ui, UiCommand::Compare, s, cmds);
    menu_item(ui, UiCommand::MergeWith, s, cmds);
}

impl DataState {
    /// True while a dialog of the Data menu is open (the app holds its
    /// keyboard shortcuts).
    pub fn is_modal(&self) -> bool {
        self.paste.is_some() || self.finance.is_some() || self.workbook.is_some() || self.prompt.is_some()
    }

    /// Runs a command; returns what to tell the user.
    pub fn run(
        &mut self,
        ctx: &egui::Context,
        c: DataCommand,
        plan: &Plan,
        summary: &PlanSummary,
        plan_path: Option<&Path>,
    ) -> Option<Message> {
        match c {
            DataCommand::Paste {
                kind,
                target,
                start,
                text,
            } => {
                self.paste = Some(PasteDialog::paste(plan, kind, target, start, text));
                None
            }
            DataCommand::PasteCells {
                kind,
                ids,
                fields,
                text,
            } => {
                self.paste = Some(PasteDialog::over_cells(plan, kind, ids, &fields, text));
                None
            }
            DataCommand::PasteFinance { table, year, text } => {
                self.finance = Some(FinanceImportDialog::pasted(plan, table, &year, text));
                None
            }
            DataCommand::CopyFinance { table, year } => {
                let (tsv, n) = finance_rows_tsv(plan, table, &year);
                ctx.copy_text(tsv);
                Some(Message::Status(format!(
                    "Copied {} of {year} to the clipboard: paste them into Excel or LibreOffice",
                    table.count(n)
                )))
            }
            DataCommand::Copy { kind, ids } => {
                let tsv = rows_to_tsv(plan, summary, kind, &ids);
                let n = crate::interop::positions(plan, kind, &ids).len();
                ctx.copy_text(tsv);
                Some(Message::Status(format!(
                    "Copied {} to the clipboard: paste them into Excel or LibreOffice",
                    kind.count(n)
                )))
            }
            DataCommand::ImportCsv(_)
            | DataCommand::ImportXlsx(_)
            | DataCommand::ImportWorkbook
            | DataCommand::ImportFinanceCsv(_) => {
                let what = match c {
                    DataCommand::ImportXlsx(kind) => PromptFor::ImportXlsx(kind),
                    DataCommand::ImportWorkbook => PromptFor::ImportWorkbook,
                    DataCommand::ImportCsv(kind) => PromptFor::ImportCsv(kind),
                    DataCommand::ImportFinanceCsv(t) => PromptFor::ImportFinanceCsv(t),
                    _ => return None,
                };
                self.prompt = Some(PathPrompt {
                    what,
                    text: format!("{}/", plan_dir(plan_path).display()),
                    error: None,
                    browse: None,
                });
                None
            }
            DataCommand::Export(format) => {
                let dir = plan_dir(plan_path);
                let name = stem(plan_path);
                let p = match format {
                    ExportFormat::Html => dir.join(format!("{name}-board-report.html")),
                    ExportFormat::Xlsx => dir.join(format!("{name}.xlsx")),
                    ExportFormat::Csv => dir.join(format!("{name}-csv")),
                };
                self.prompt = Some(PathPrompt {
                    what: PromptFor::Export(format),
                    text: p.display().to_string(),
                    error: None,
                    browse: None,
                });
                None
            }
            DataCommand::ShowWorkspace(path) => Some(match ConsolidationWindow::open(&path, widgets::today(ctx)) {
                Ok(cw) => self.show_consolidation(cw, &path),
                Err(e) => Message::Notice(Level::Error, e),
            }),
            DataCommand::Compare | DataCommand::Merge | DataCommand::OpenWorkspace => {
                self.prompt = Some(PathPrompt {
                    what: match c {
                        DataCommand::Merge => PromptFor::Merge,
                        DataCommand::OpenWorkspace => PromptFor::Workspace,
                        _ => PromptFor::Compare,
                    },
                    text: format!("{}/", plan_dir(plan_path).display()),
                    error: None,
                    browse: None,
                });
                None
            }
        }
    }

    /// Shows the Consolidation view of the workspace read from `path`.
    fn show_consolidation(&mut self, cw: ConsolidationWindow, path: &Path) -> Message {
        self.consolidation = Some(cw);
        Message::Status(format!("Opened the workspace {}", notify::full_path(path)))
    }

    /// Draws the open dialogs and windows; returns what to tell the user.
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        plan: &Plan,
        plan_path: Option<&Path>,
        generation: u64,
        today: NaiveDate,
        locked: bool,
        cmds: &mut Commands,
    ) -> Option<Message> {
        let mut status = None;
        if let Some(cw) = &mut self.compare {
            let open_name = plan_path
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Untitled plan".into());
            if !cw.show(ctx, plan, generation, today, &open_name, cmds) {
                self.compare = None;
            }
        }
        if let Some(cw) = &self.consolidation
            && !cw.show(ctx, cmds)
        {
            self.consolidation = None;
        }
        if let Some(mw) = &mut self.merge
            && !mw.show(ctx, plan, generation, locked, cmds)
        {
            status = mw.done.take().map(Message::Status);
            self.merge = None;
        }
        if let Some(d) = &mut self.paste {
            if !d.show(ctx, plan, locked, cmds) {
                let from = self.import_from.take().filter(|_| matches!(d.source, Source::Csv(_)));
                status = applied_message(d.applied.take(), from);
                self.paste = None;
            }
            return status;
        }
        if let Some(d) = &mut self.finance {
            if !d.show(ctx, plan, locked, cmds) {
                status = applied_message(d.applied.take(), self.import_from.take());
                self.finance = None;
            }
            return status;
        }
        if let Some(d) = &mut self.workbook {
            if !d.show(ctx, plan, locked, cmds) {
                status = applied_message(d.applied.take(), self.import_from.take());
                self.workbook = None;
            }
            return status;
        }
        if self.prompt.is_some() {
            status = self.show_prompt(ctx, plan, plan_path, today);
        }
        status
    }

    fn show_prompt(
        &mut self,
        ctx: &egui::Context,
        plan: &Plan,
        plan_path: Option<&Path>,
        today: NaiveDate,
    ) -> Option<Message> {
        let pr = self.prompt.as_mut()?;
        if let Some(rx) = &pr.browse
            && let Ok(result) = rx.try_recv()
        {
            pr.browse = None;
            if let Some(p) = result {
                pr.text = p.display().to_string();
            }
        }
        let (title, ok_label, hint) = match pr.what {
            PromptFor::ImportCsv(k) => (
                format!("Import a CSV file into {}", k.word()),
                "Preview",
                "The CSV file to read (the next step shows every row before anything changes):",
            ),
            PromptFor::ImportFinanceCsv(t) => (
                format!("Import a CSV file into {}", t.word()),
                "Preview",
                "The CSV file to read (the next step shows every row before anything changes):",
            ),
            PromptFor::ImportXlsx(k) => (
                format!("Import from an Excel workbook into {}", k.word()),
                "Preview",
                "The .xlsx workbook to read: its sheet of this table is found by its name or its headings (the next \
                 step shows every row before anything changes):",
            ),
            PromptFor::ImportWorkbook => (
                "Import every sheet of an Excel workbook".to_string(),
                "Preview",
                "The .xlsx workbook to read: each sheet that holds a table, a finance table or milestones is read \
                 (the next step shows every row before anything changes):",
            ),
            PromptFor::Export(ExportFormat::Html) => (
                "Export the board report".to_string(),
                "Export",
                "The HTML file to write (one self-contained file; open it in a browser and print on A4 landscape):",
            ),
            PromptFor::Export(ExportFormat::Xlsx) => (
                "Export an Excel workbook".to_string(),
                "Export",
                "The .xlsx file to write:",
            ),
            PromptFor::Export(ExportFormat::Csv) => (
                "Export CSV files".to_string(),
                "Export",
                "The folder to write schemes.csv, metrics.csv, risks.csv and signoffs.csv into (created when missing):",
            ),
            PromptFor::Compare => (
                "Compare with another version of the plan".to_string(),
                "Compare",
                "The other plan file (.ron):",
            ),
            PromptFor::Workspace => (
                "Open a workspace".to_string(),
                "Open",
                "A folder of plans, or a workspace file naming the plans and the one that consolidates them:",
            ),
            PromptFor::Merge => (
                "Merge with another version of the plan".to_string(),
                "Next",
                "The other version's file (.ron); the next step asks for a common earlier version, or lets you pick record by record:",
            ),
        };
        let mut done: Option<bool> = None;
        let modal = egui::Modal::new(egui::Id::unique("opplan_data_prompt")).show(ctx, |ui| {
            ui.set_width(600.0);
            ui.label(RichText::new(&title).heading());
            ui.add_space(4.0);
            ui.label(hint);
            let resp = ui.add(egui::TextEdit::singleline(&mut pr.text).desired_width(580.0));
            widgets::set_name(ui, &resp, "File path");
            if resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                done = Some(true);
            }
            if let Some(e) = &pr.error {
                ui.label(RichText::new(e).color(widgets::error_color(ui)));
            }
            ui.add_space(6.0);
            match widgets::path_dialog_buttons(ui, ok_label, pr.browse.is_some()) {
                PathButton::Ok => done = Some(true),
                PathButton::Cancel => done = Some(false),
                PathButton::Browse => pr.browse = Some(spawn_browse(ctx, pr.what, &pr.text)),
                PathButton::None => {}
            }
        });
        if escape::cancels_dialog(&modal) {
            done = Some(false);
        }
        match done {
            Some(false) => {
                self.prompt = None;
                None
            }
            Some(true) => {
                let text = pr.text.trim().to_string();
                if text.is_empty()
                    || text.ends_with('/')
                        && !matches!(pr.what, PromptFor::Export(ExportFormat::Csv) | PromptFor::Workspace)
                {
                    pr.error = Some("Type the path of a file.".into());
                    return None;
                }
                let mut path = PathBuf::from(&text);
                let what = pr.what;
                match what {
                    PromptFor::ImportCsv(_) | PromptFor::ImportXlsx(_) => {
                        let dialog = match what {
                            PromptFor::ImportXlsx(kind) => PasteDialog::xlsx(plan, kind, &path),
                            PromptFor::ImportCsv(kind) => PasteDialog::csv(plan, kind, &path),
                            _ => return None,
                        };
                        match dialog {
                            Ok(d) => {
                                self.prompt = None;
                                self.paste = Some(d);
                                self.import_from = Some(path);
                            }
                            Err(e) => pr.error = Some(e),
                        }
                        None
                    }
                    PromptFor::ImportWorkbook => {
                        match crate::interop::xlsx_read::BookImport::read(plan, &path) {
                            Ok(book) => {
                                self.prompt = None;
                                self.workbook = Some(WorkbookImportDialog::new(book, &path));
                                self.import_from = Some(path);
                            }
                            Err(e) => pr.error = Some(e),
                        }
                        None
                    }
                    PromptFor::ImportFinanceCsv(t) => {
                        match FinanceImportDialog::csv(t, &path) {
                            Ok(d) => {
                                self.prompt = None;
                                self.finance = Some(d);
                                self.import_from = Some(path);
                            }
                            Err(e) => pr.error = Some(e),
                        }
                        None
                    }
                    PromptFor::Export(format) => {
                        if path.extension().is_none() {
                            match format {
                                ExportFormat::Html => {
                                    path.set_extension("html");
                                }
                                ExportFormat::Xlsx => {
                                    path.set_extension("xlsx");
                                }
                                ExportFormat::Csv => {}
                            }
                        }
                        // the notification names the full path
                        let path = notify::absolute_path(&path);
                        match export_to(plan, plan_path, format, &path, today) {
                            Ok(msg) => {
                                self.prompt = None;
                                Some(Message::Notice(Level::Success, msg))
                            }
                            Err(e) => {
                                pr.error = Some(e);
                                None
                            }
                        }
                    }
                    PromptFor::Workspace => match ConsolidationWindow::open(&path, today) {
                        Ok(cw) => {
                            self.prompt = None;
                            Some(self.show_consolidation(cw, &path))
                        }
                        Err(e) => {
                            pr.error = Some(e);
                            None
                        }
                    },
                    PromptFor::Merge => match crate::io::load_path(&path) {
                        Ok(other) => {
                            self.prompt = None;
                            let mw = MergeWindow::new(other, &path, plan_path);
                            let said = format!("Merging with {}", mw.other_name);
                            self.merge = Some(mw);
                            Some(Message::Status(said))
                        }
                        Err(e) => {
                            pr.error = Some(format!("Could not open {}: {e}", path.display()));
                            None
                        }
                    },
                    PromptFor::Compare => match crate::io::load_path(&path) {
                        Ok(other) => {
                            let name = path
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or(text);
                            self.prompt = None;
                            self.compare = Some(CompareWindow::new(other, name.clone()));
                            let _ = today;
                            Some(Message::Status(format!("Comparing with {name}")))
                        }
                        Err(e) => {
                            pr.error = Some(format!("Could not open {}: {e}", path.display()));
                            None
                        }
                    },
                }
            }
            None => None,
        }
    }
}

/// The system file dialog on another thread (the window never freezes).
fn spawn_browse(ctx: &egui::Context, what: PromptFor, current: &str) -> Receiver<Option<PathBuf>> {
    let (tx, rx) = channel();
    let ctx = ctx.clone();
    let current = PathBuf::from(current);
    std::thread::spawn(move || {
        let mut dialog = rfd::FileDialog::new();
        dialog = match what {
            PromptFor::ImportCsv(_) | PromptFor::ImportFinanceCsv(_) => dialog.add_filter("CSV file", &["csv", "txt"]),
            PromptFor::ImportXlsx(_) | PromptFor::ImportWorkbook => dialog.add_filter("Excel workbook", &["xlsx"]),
            PromptFor::Export(ExportFormat::Html) => dialog.add_filter("Web page", &["html"]),
            PromptFor::Export(ExportFormat::Xlsx) => dialog.add_filter("Excel workbook", &["xlsx"]),
            PromptFor::Export(ExportFormat::Csv) | PromptFor::Workspace => dialog,
            PromptFor::Compare | PromptFor::Merge => dialog.add_filter("opplan plan", &["ron"]),
        };
        let dir = if current.is_dir() {
            Some(current.clone())
        } else {
            current.parent().map(Path::to_path_buf)
        };
        if let Some(d) = dir.filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(d);
        }
        let result = match what {
            PromptFor::ImportCsv(_)
            | PromptFor::ImportXlsx(_)
            | PromptFor::ImportWorkbook
            | PromptFor::ImportFinanceCsv(_)
            | PromptFor::Compare
            | PromptFor::Merge => dialog.pick_file(),
            PromptFor::Export(ExportFormat::Csv) | PromptFor::Workspace => dialog.pick_folder(),
            PromptFor::Export(_) => {
                if let Some(name) = current.file_name() {
                    dialog = dialog.set_file_name(name.to_string_lossy());
                }
                dialog.save_file()
            }
        };
        let _ = tx.send(result);
        ctx.request_repaint();
    });
    rx
}

/// What an import dialog that closed after applying says: where the rows
/// were read from, when they came from a file.
fn applied_message(applied: Option<String>, from: Option<std::path::PathBuf>) -> Option<Message> {
    applied.map(|msg| match from {
        Some(file) => Message::Notice(Level::Success, format!("{msg}, read from {}", notify::full_path(&file))),
        None => Message::Status(msg),
    })
}
