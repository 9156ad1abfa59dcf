//! The app shell: menus, tab bar, status bar, file dialogs, and the one
//! place where commands change the plan.

use super::tabs::{self, TabViews};
use super::widgets::{self, rag_chip_ext};
use super::{Command, Commands, Edit, TabCtx, Target};
use crate::calc::{self, PlanSummary, Tab};
use crate::io;
use crate::model::Plan;
use chrono::NaiveDate;
use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// The open plan and where it lives.
pub struct Document {
    pub plan: Plan,
    pub path: Option<PathBuf>,
    /// Unsaved changes.
    pub dirty: bool,
    /// Bumped on every change, so caches know when to recompute.
    pub generation: u64,
}

impl Document {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        Document {
            plan,
            path,
            dirty: false,
            generation: 0,
        }
    }
    pub fn file_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "Untitled plan".to_string())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileDialogMode {
    Open,
    SaveAs,
}

/// The in-window file dialog: a typed path always works; "Browse…" opens
/// the system dialog on another thread so the window never freezes.
pub struct FileDialog {
    pub mode: FileDialogMode,
    pub path_text: String,
    pub error: Option<String>,
    browse: Option<Receiver<Option<PathBuf>>>,
}

/// What to do once the user has answered "Save changes?".
#[derive(Debug)]
pub enum AfterConfirm {
    New,
    Open,
    OpenPath(PathBuf),
    Quit,
}

const SHORTCUT_NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
const SHORTCUT_OPEN: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SHORTCUT_SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
const SHORTCUT_SAVE_AS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);

/// The application: the document, what is computed from it, and the state
/// of the window (tab, per-tab views, dialogs).
pub struct OpplanApp {
    pub doc: Document,
    pub tab: Tab,
    pub views: TabViews,
    summary: PlanSummary,
    summary_generation: u64,
    pub today: NaiveDate,
    pub locked: bool,
    /// A line in the status bar ("Saved kent.ron").
    pub status: String,
    /// An error shown in a dialog until dismissed.
    pub error: Option<String>,
    pub file_dialog: Option<FileDialog>,
    pub confirm: Option<AfterConfirm>,
    /// The record (and field) the app asked a tab to show.
    pub focus: Option<Target>,
    last_title: String,
    allow_close: bool,
    /// The Data menu's dialogs: paste, CSV import, export, compare.
    pub data: super::data::DataState,
}

impl OpplanApp {
    pub fn new(plan: Plan, path: Option<PathBuf>) -> Self {
        let today = crate::cli::today();
        let summary = calc::summarize(&plan, today);
        OpplanApp {
            doc: Document::new(plan, path),
            tab: Tab::Overview,
            views: TabViews::default(),
            summary,
            summary_generation: 0,
            today,
            locked: false,
            status: String::new(),
            error: None,
            file_dialog: None,
            confirm: None,
            focus: None,
            last_title: String::new(),
            allow_close: false,
            data: Default::default(),
        }
    }

    /// Opens a file, or starts with a blank plan and the error shown.
    pub fn open_or_blank(path: &Path) -> Self {
        match io::load_path(path) {
            Ok(plan) => OpplanApp::new(plan, Some(path.to_path_buf())),
            Err(e) => {
                let mut app = OpplanApp::new(Plan::new_blank(), None);
                app.error = Some(format!("Could not open {}.\n\n{e}", path.display()));
                app
            }
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.doc.plan
    }

    /// Everything computed from the plan, recomputed only when it changed.
    pub fn summary(&mut self) -> &PlanSummary {
        self.refresh_summary();
        &self.summary
    }

    fn refresh_summary(&mut self) {
        if self.summary_generation != self.doc.generation {
            self.summary = calc::summarize(&self.doc.plan, self.today);
            self.summary_generation = self.doc.generation;
        }
    }

    /// The window title: file name, a marker when there are unsaved changes.
    pub fn title(&self) -> String {
        format!(
            "{}{} — opplan",
            if self.doc.dirty { "● " } else { "" },
            self.doc.file_name()
        )
    }

    /// Applies one edit to the plan.
    pub fn apply_edit(&mut self, edit: Edit) {
        if self.locked {
            self.status = "The plan is locked: unlock it to edit.".into();
            return;
        }
        (edit.apply)(&mut self.doc.plan);
        self.doc.dirty = true;
        self.doc.generation += 1;
    }

    /// Runs the commands collected during a frame.
    pub fn run_commands(&mut self, ctx: &egui::Context, cmds: Commands) {
        for c in cmds.0 {
            self.run_command(ctx, c);
        }
    }

    pub fn run_command(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Edit(e) => self.apply_edit(e),
            Command::GoTo(t) => {
                self.tab = t.tab;
                self.focus = Some(t);
            }
            Command::NewPlan => self.guard(AfterConfirm::New, ctx),
            Command::Open => self.guard(AfterConfirm::Open, ctx),
            Command::OpenPath(p) => self.guard(AfterConfirm::OpenPath(p), ctx),
            Command::Save => match self.doc.path.clone() {
                Some(p) => {
                    self.save_to(&p);
                }
                None => self.start_file_dialog(FileDialogMode::SaveAs),
            },
            Command::SaveAs => self.start_file_dialog(FileDialogMode::SaveAs),
            Command::SaveAsPath(p) => {
                self.save_to(&p);
            }
            Command::Quit => self.guard(AfterConfirm::Quit, ctx),
            Command::Data(d) => {
                self.refresh_summary();
                let path = self.doc.path.clone();
                if let Some(msg) = self.data.run(ctx, d, &self.doc.plan, &self.summary, path.as_deref()) {
                    self.status = msg;
                }
            }
        }
    }

    /// Runs `after` now when the plan has no unsaved changes, else asks.
    fn guard(&mut self, after: AfterConfirm, ctx: &egui::Context) {
        if self.doc.dirty {
            self.confirm = Some(after);
        } else {
            self.proceed(after, ctx);
        }
    }

    fn proceed(&mut self, after: AfterConfirm, ctx: &egui::Context) {
        match after {
            AfterConfirm::New => {
                self.replace_document(Document::new(Plan::new_blank(), None));
                self.tab = Tab::Plan;
                self.status = "New plan".into();
            }
            AfterConfirm::Open => self.start_file_dialog(FileDialogMode::Open),
            AfterConfirm::OpenPath(p) => {
                self.open_path(&p);
            }
            AfterConfirm::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn replace_document(&mut self, doc: Document) {
        let generation = self.doc.generation + 1;
        self.doc = doc;
        self.doc.generation = generation;
        self.views = TabViews::default();
        self.focus = None;
    }

    /// Opens a plan; on failure the open plan is untouched and the reason
    /// is shown.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match io::load_path(path) {
            Ok(plan) => {
                self.replace_document(Document::new(plan, Some(path.to_path_buf())));
                self.status = format!("Opened {}", path.display());
                true
            }
            Err(e) => {
                self.error = Some(format!(
                    "Could not open {}.\n\n{e}\n\nThe plan already open has not been changed.",
                    path.display()
                ));
                false
            }
        }
    }

    /// Saves to `path`; on failure the plan stays dirty and the reason is
    /// shown.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match io::save_path(&self.doc.plan, path) {
            Ok(()) => {
                self.doc.path = Some(path.to_path_buf());
                self.doc.dirty = false;
                self.status = format!("Saved {}", path.display());
                true
            }
            Err(e) => {
                self.error = Some(e.to_string());
                false
            }
        }
    }

    fn start_file_dialog(&mut self, mode: FileDialogMode) {
        let path_text = match (mode, &self.doc.path) {
            (_, Some(p)) => p.display().to_string(),
            (FileDialogMode::SaveAs, None) => std::env::current_dir()
                .map(|d| d.join("plan.ron").display().to_string())
                .unwrap_or_else(|_| "plan.ron".into()),
            (FileDialogMode::Open, None) => std::env::current_dir()
                .map(|d| format!("{}/", d.display()))
                .unwrap_or_default(),
        };
        self.file_dialog = Some(FileDialog {
            mode,
            path_text,
            error: None,
            browse: None,
        });
    }

    /// Draws the whole window and runs what the user asked for.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.refresh_summary();
        let mut cmds = Commands::default();
        self.shortcuts(&ctx, &mut cmds);

        egui::Panel::top("menu_bar").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| self.menu_bar(ui, &mut cmds));
        });
        egui::Panel::top("plan_bar").show(ui, |ui| self.plan_bar(ui, &mut cmds));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar(ui));
        let tab_ctx = TabCtx {
            plan: &self.doc.plan,
            summary: &self.summary,
            locked: self.locked,
            today: self.today,
            focus: self.focus.as_ref(),
            generation: self.doc.generation,
        };
        super::checklist::panel(ui, &tab_ctx, &mut cmds);
        egui::CentralPanel::default().show(ui, |ui| {
            tabs::show(ui, self.tab, &tab_ctx, &mut self.views, &mut cmds);
        });
        // a focus request is served by the frame that drew the tab
        if self.focus.as_ref().is_some_and(|f| f.tab == self.tab) {
            self.focus = None;
        }
        self.dialogs(&ctx, &mut cmds);
        let path = self.doc.path.clone();
        if let Some(msg) = self.data.show(
            &ctx,
            &self.doc.plan,
            path.as_deref(),
            self.doc.generation,
            self.today,
            self.locked,
            &mut cmds,
        ) {
            self.status = msg;
        }
        self.run_commands(&ctx, cmds);
        self.refresh_summary();

        let title = self.title();
        if title != self.last_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.last_title = title;
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        if self.file_dialog.is_some() || self.confirm.is_some() || self.error.is_some() || self.data.is_modal() {
            return;
        }
        ctx.input_mut(|i| {
            if i.consume_shortcut(&SHORTCUT_SAVE_AS) {
                cmds.push(Command::SaveAs);
            }
            if i.consume_shortcut(&SHORTCUT_SAVE) {
                cmds.push(Command::Save);
            }
            if i.consume_shortcut(&SHORTCUT_OPEN) {
                cmds.push(Command::Open);
            }
            if i.consume_shortcut(&SHORTCUT_NEW) {
                cmds.push(Command::NewPlan);
            }
        });
    }

    fn menu_bar(&mut self, ui: &mut Ui, cmds: &mut Commands) {
        let ctx = ui.ctx().clone();
        ui.menu_button("File", |ui| {
            if ui
                .add(egui::Button::new("New").shortcut_text(ctx.format_shortcut(&SHORTCUT_NEW)))
                .clicked()
            {
                cmds.push(Command::NewPlan);
            }
            if ui
                .add(egui::Button::new("Open…").shortcut_text(ctx.format_shortcut(&SHORTCUT_OPEN)))
                .clicked()
            {
                cmds.push(Command::Open);
            }
            ui.separator();
            if ui
                .add(egui::Button::new("Save").shortcut_text(ctx.format_shortcut(&SHORTCUT_SAVE)))
                .clicked()
            {
                cmds.push(Command::Save);
            }
            if ui
                .add(egui::Button::new("Save As…").shortcut_text(ctx.format_shortcut(&SHORTCUT_SAVE_AS)))
                .clicked()
            {
                cmds.push(Command::SaveAs);
            }
            ui.separator();
            ui.menu_button("Open a sample plan", |ui| {
                for (label, file) in [
                    ("Kent BCF plan 2014/15–2015/16", "kent-bcf-2015-16.ron"),
                    ("South Kent Coast CCG plan 2015/16", "south-kent-coast-2015-16.ron"),
                ] {
                    if ui.button(label).clicked() {
                        let p = crate::cli::default_sample_path().with_file_name(file);
                        cmds.push(Command::OpenPath(p));
                    }
                }
            });
            ui.separator();
            if ui.button("Quit").clicked() {
                cmds.push(Command::Quit);
            }
        });
        ui.menu_button("View", |ui| {
            for t in Tab::ALL {
                if ui.selectable_label(self.tab == t, t.word()).clicked() {
                    cmds.go_to(t, None, None);
                }
            }
        });
        ui.menu_button("Data", |ui| self.data.menu(ui, self.locked, cmds));
        ui.menu_button("Help", |ui| {
            ui.label("opplan: operating plans and BCF plans with exact money, live totals and RAG.");
            ui.label("RAG key: Green target met; Amber within the tolerance (10%); Red beyond it.");
        });
    }

    fn plan_bar(&mut self, ui: &mut Ui, cmds: &mut Commands) {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            let plan = &self.doc.plan;
            let title = if plan.header.title.trim().is_empty() {
                "Untitled plan"
            } else {
                plan.header.title.trim()
            };
            ui.label(RichText::new(title).size(20.0).strong());
            ui.label(RichText::new(format!("{} · {}", plan.header.version, plan.header.status.word())).weak());
            if let Some(w) = calc::lifecycle::status_warning(plan, &self.summary) {
                rag_chip_ext(
                    ui,
                    crate::model::Rag::Amber,
                    &w,
                    false,
                    Some("Edited after the status was set"),
                    14.0,
                );
            }
            let overall = self.summary.overall;
            rag_chip_ext(
                ui,
                overall,
                &format!("Plan {}", overall.word()),
                false,
                Some(&self.summary.overall_rule),
                14.0,
            );
            let text = super::checklist::button_text(self.summary.checklist.incomplete_count());
            let open = super::checklist::is_open(ui.ctx());
            if ui
                .add(egui::Button::new(RichText::new(text).strong()).selected(open))
                .on_hover_text("Show or hide the readiness checklist")
                .clicked()
            {
                super::checklist::toggle(ui.ctx());
            }
        });
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            for t in Tab::ALL {
                let count = match t {
                    Tab::Schemes => Some(self.doc.plan.schemes.len()),
                    Tab::Metrics => Some(self.doc.plan.metrics.len()),
                    Tab::Risks => Some(self.doc.plan.risks.len()),
                    Tab::SignOffs => Some(self.doc.plan.signoffs.len()),
                    _ => None,
                };
                let label = match count {
                    Some(c) => format!("{} ({c})", t.word()),
                    None => t.word().to_string(),
                };
                let resp = ui.selectable_label(self.tab == t, RichText::new(label).size(16.0));
                if resp.clicked() {
                    cmds.go_to(t, None, None);
                }
            }
        });
        ui.add_space(2.0);
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            match &self.doc.path {
                Some(p) => {
                    ui.label(self.doc.file_name()).on_hover_text(p.display().to_string());
                }
                None => {
                    ui.label("Not saved yet");
                }
            }
            ui.separator();
            ui.label(if self.doc.dirty {
                "Unsaved changes"
            } else {
                "All changes saved"
            });
            if !self.status.is_empty() {
                ui.separator();
                ui.label(&self.status);
            }
        });
    }

    fn dialogs(&mut self, ctx: &egui::Context, cmds: &mut Commands) {
        if let Some(msg) = self.error.clone() {
            let mut close = false;
            egui::Modal::new(egui::Id::unique("error_modal")).show(ctx, |ui| {
                ui.set_max_width(520.0);
                ui.label(RichText::new("Something went wrong").heading());
                ui.add_space(6.0);
                ui.label(&msg);
                ui.add_space(8.0);
                if ui.button("OK").clicked() || ui.input(|i| i.key_pressed(Key::Enter) || i.key_pressed(Key::Escape)) {
                    close = true;
                }
            });
            if close {
                self.error = None;
            }
            return;
        }
        if self.confirm.is_some() {
            let mut answer: Option<&str> = None;
            egui::Modal::new(egui::Id::unique("confirm_modal")).show(ctx, |ui| {
                ui.set_max_width(460.0);
                ui.label(RichText::new("Save changes?").heading());
                ui.add_space(6.0);
                ui.label(format!("{} has unsaved changes.", self.doc.file_name()));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        answer = Some("save");
                    }
                    if ui.button("Discard").clicked() {
                        answer = Some("discard");
                    }
                    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                        answer = Some("cancel");
                    }
                });
            });
            match answer {
                Some("save") => {
                    let after = self.confirm.take().expect("checked above");
                    let saved = match self.doc.path.clone() {
                        Some(p) => self.save_to(&p),
                        None => {
                            self.start_file_dialog(FileDialogMode::SaveAs);
                            false
                        }
                    };
                    if saved {
                        self.proceed(after, ctx);
                    }
                }
                Some("discard") => {
                    let after = self.confirm.take().expect("checked above");
                    self.doc.dirty = false;
                    self.proceed(after, ctx);
                }
                Some(_) => self.confirm = None,
                None => {}
            }
            return;
        }
        if let Some(fd) = &mut self.file_dialog {
            if let Some(rx) = &fd.browse
                && let Ok(result) = rx.try_recv()
            {
                fd.browse = None;
                if let Some(p) = result {
                    fd.path_text = p.display().to_string();
                }
            }
            let mut done: Option<bool> = None;
            let title = match fd.mode {
                FileDialogMode::Open => "Open a plan",
                FileDialogMode::SaveAs => "Save the plan as",
            };
            egui::Modal::new(egui::Id::unique("file_modal")).show(ctx, |ui| {
                ui.set_width(560.0);
                ui.label(RichText::new(title).heading());
                ui.add_space(6.0);
                ui.label("File path:");
                let resp = ui.add(egui::TextEdit::singleline(&mut fd.path_text).desired_width(540.0));
                widgets::set_name(ui, &resp, "File path");
                if resp.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    done = Some(true);
                }
                if let Some(e) = &fd.error {
                    ui.label(RichText::new(e).color(widgets::error_color(ui)));
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    let ok = match fd.mode {
                        FileDialogMode::Open => "Open",
                        FileDialogMode::SaveAs => "Save",
                    };
                    if ui.button(ok).clicked() {
                        done = Some(true);
                    }
                    let browsing = fd.browse.is_some();
                    if ui.add_enabled(!browsing, egui::Button::new("Browse…")).clicked() {
                        fd.browse = Some(spawn_browse(ctx, fd.mode, &fd.path_text));
                    }
                    if browsing {
                        ui.spinner();
                        ui.label("Waiting for the system file dialog…");
                    }
                    if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                        done = Some(false);
                    }
                });
            });
            match done {
                Some(true) => {
                    let text = fd.path_text.trim().to_string();
                    if text.is_empty() {
                        fd.error = Some("Type a file path.".into());
                    } else {
                        let mut path = PathBuf::from(&text);
                        let mode = fd.mode;
                        if mode == FileDialogMode::SaveAs && path.extension().is_none() {
                            path.set_extension("ron");
                        }
                        self.file_dialog = None;
                        match mode {
                            FileDialogMode::Open => {
                                if !self.open_path(&path) {
                                    // keep the dialog so the path can be corrected
                                    let error = self.error.take();
                                    self.file_dialog = Some(FileDialog {
                                        mode,
                                        path_text: text,
                                        error,
                                        browse: None,
                                    });
                                }
                            }
                            FileDialogMode::SaveAs => cmds.push(Command::SaveAsPath(path)),
                        }
                    }
                }
                Some(false) => self.file_dialog = None,
                None => {}
            }
        }
    }
}

/// Runs the system file dialog on another thread; the answer arrives on
/// the returned channel and wakes the window.
fn spawn_browse(ctx: &egui::Context, mode: FileDialogMode, current: &str) -> Receiver<Option<PathBuf>> {
    let (tx, rx) = channel();
    let ctx = ctx.clone();
    let current = PathBuf::from(current);
    std::thread::spawn(move || {
        let mut dialog = rfd::FileDialog::new().add_filter("opplan plan", &["ron"]);
        let dir = if current.is_dir() {
            Some(current.clone())
        } else {
            current.parent().map(Path::to_path_buf)
        };
        if let Some(d) = dir.filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(d);
        }
        let result = match mode {
            FileDialogMode::Open => dialog.pick_file(),
            FileDialogMode::SaveAs => {
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

impl eframe::App for OpplanApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.dirty && !self.allow_close {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(AfterConfirm::Quit);
        }
        self.show(ui);
    }
}

/// Opens the window.
pub fn run(path: Option<PathBuf>, present: bool) -> eframe::Result {
    let path = path.unwrap_or_else(crate::cli::default_sample_path);
    let app = OpplanApp::open_or_blank(&path);
    let _ = present;
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(app.title())
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 500.0]),
        ..Default::default()
    };
    eframe::run_native("opplan", options, Box::new(move |_cc| Ok(Box::new(app))))
}
