//! What each command does: the one place where [`Command`]s (edits,
//! places to go, files) and the actions of the command table
//! ([`UiCommand`]) change the app.

use super::OpplanApp;
use super::frame::tab_ctx_of;
use super::modes::surrender_focus;
use super::saving::AfterConfirm;
use crate::ui::command::{Sample, UiCommand};
use crate::ui::data::DataCommand;
use crate::ui::{Command, Commands, Tab, Target, checklist, tabs};

impl OpplanApp {
    /// Runs the commands collected during a frame.
    pub(super) fn run_commands(&mut self, ctx: &egui::Context, cmds: Commands) {
        for c in cmds.0 {
            self.run_command(ctx, c);
        }
    }

    fn run_command(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Edit(e) => self.apply_edit(e),
            Command::Delete(e) => self.delete_asking(e),
            Command::GoTo(t) => self.go_to(t),
            Command::Ui(c) => self.run_ui(ctx, c),
            Command::OpenPath(p) => self.guard(AfterConfirm::OpenPath(p)),
            Command::SaveAsPath(p) => self.save_as_path(&p),
            Command::Data(d) => self.run_data(ctx, d),
        }
    }

    fn go_to(&mut self, t: Target) {
        self.tab = t.tab;
        self.focus = Some(t);
    }

    fn run_data(&mut self, ctx: &egui::Context, d: DataCommand) {
        self.refresh_summary();
        let path = self.doc.path.clone();
        if let Some(msg) = self
            .data
            .run(ctx, d, &self.doc.plan, self.summary.get(), path.as_deref())
        {
            self.say(msg);
        }
    }

    /// Runs an action of the command table. One that cannot run now says
    /// why in the status line (a shortcut pressed while the plan is
    /// locked, say).
    /// Ctrl+C and Ctrl+V where no field is being typed in: copy the rows
    /// of the tab's table, or open the paste preview with what was pasted.
    pub(super) fn clipboard_keys(&mut self, ctx: &egui::Context) {
        for (c, text) in crate::ui::command::clipboard_keys(ctx) {
            if crate::ui::command::table_kind(self.tab).is_some() || self.tab == Tab::Finance {
                self.rows_of_tab(ctx, c == UiCommand::PasteRows, text);
            }
        }
    }

    /// Copy (or paste, with `text` or else the clipboard) the rows of the
    /// tab's table: the selected scheme on the Schemes tab, else all.
    fn rows_of_tab(&mut self, ctx: &egui::Context, paste: bool, text: Option<String>) {
        if self.tab == Tab::Finance {
            self.finance_rows(ctx, paste, text);
            return;
        }
        let Some(kind) = crate::ui::command::table_kind(self.tab) else {
            return;
        };
        if paste {
            if let Some(why) = UiCommand::PasteRows.disabled_reason(&self.command_state(ctx)) {
                self.status = why;
                return;
            }
            self.run_data(
                ctx,
                DataCommand::Paste {
                    kind,
                    target: crate::interop::import::Target::NewRows,
                    start: None,
                    text,
                },
            );
        } else {
            let ids = match (kind, self.views.schemes.selected) {
                (crate::model::RecordKind::Schemes, Some(id)) => vec![id],
                _ => Vec::new(),
            };
            self.run_data(ctx, DataCommand::Copy { kind, ids });
        }
    }

    /// Copy or paste the rows of the Finance tab's table the user is in
    /// (`tabs::finance::View::table`), of the year it shows; a paste with
    /// no such table asks which.
    fn finance_rows(&mut self, ctx: &egui::Context, paste: bool, text: Option<String>) {
        self.refresh_summary();
        let tab_ctx = tab_ctx_of(&self.doc, &self.summary, self.locked, self.clock.today, None);
        let year = self.views.finance.year_shown(&tab_ctx);
        let table = self.views.finance.table;
        if paste {
            if let Some(why) = UiCommand::PasteRows.disabled_reason(&self.command_state(ctx)) {
                self.status = why;
                return;
            }
            self.run_data(ctx, DataCommand::PasteFinance { table, year, text });
        } else if let Some(table) = table {
            self.run_data(ctx, DataCommand::CopyFinance { table, year });
        } else {
            self.status = "Click in a table of the Finance tab first: Ctrl+C copies the rows of that table".into();
        }
    }

    pub(super) fn run_ui(&mut self, ctx: &egui::Context, c: UiCommand) {
        if let Some(why) = c.disabled_reason(&self.command_state(ctx)) {
            self.status = why;
            return;
        }
        use UiCommand::*;
        match c {
            NewPlan => self.guard(AfterConfirm::New),
            Open => self.guard(AfterConfirm::Open),
            OpenRecent(n) => {
                if let Some(p) = self.prefs.prefs.recent.get(n as usize).cloned() {
                    self.guard(AfterConfirm::OpenPath(p));
                }
            }
            ClearRecent => {
                self.prefs.prefs.recent.clear();
                self.note_prefs_change();
            }
            OpenSample(s) => self.guard(AfterConfirm::OpenPath(sample_path(s))),
            Save => self.save(),
            SaveAs => self.start_file_dialog(super::file_dialog::FileDialogMode::SaveAs),
            Quit => self.guard(AfterConfirm::Quit),
            Undo | Redo => {
                if self.undo_redo(c == Redo) {
                    // a field being edited would hold text from before the
                    // undo: let it go, so it shows the plan again
                    surrender_focus(ctx);
                }
            }
            ToggleLock => self.set_locked(ctx, !self.locked),
            RecoveryEvery(secs) => {
                self.prefs.prefs.recovery_interval_secs = secs as u64;
                self.note_prefs_change();
            }
            ShowTab(t) => self.go_to(Target {
                tab: t,
                record: None,
                field: None,
            }),
            NextTab | PreviousTab => {
                let n = Tab::ALL.len();
                let i = Tab::ALL.iter().position(|&t| t == self.tab).unwrap_or(0);
                let next = if c == NextTab { (i + 1) % n } else { (i + n - 1) % n };
                self.run_ui(ctx, ShowTab(Tab::ALL[next]));
            }
            ToggleChecklist => checklist::toggle(ctx),
            ToggleReduceMotion => {
                self.prefs.prefs.reduce_motion = Some(!self.reduces_motion());
                self.note_prefs_change();
            }
            ZoomIn | ZoomOut | ZoomReset if self.present.on => {
                // the presentation sizes, not egui's 10% steps
                let step = match c {
                    ZoomIn => Some(true),
                    ZoomOut => Some(false),
                    _ => None,
                };
                self.step_present_zoom(ctx, step);
            }
            ZoomIn => egui::gui_zoom::zoom_in(ctx),
            ZoomOut => egui::gui_zoom::zoom_out(ctx),
            ZoomReset => ctx.set_zoom_factor(1.0),
            Theme(t) => self.set_theme(ctx, t),
            TogglePresentation => self.present.pending = Some(!self.present.on),
            PresentSize(p) => self.set_present_zoom(ctx, p as f32 / 100.0),
            Projector(t) => self.set_projector_theme(ctx, t),
            ToggleAudience => self.audience.open = !self.audience.open,
            AudienceTab(a) => self.audience.shows = a,
            AudienceSize(p) => self.set_audience_scale(p as f32 / 100.0),
            AudienceFullScreen => self.toggle_audience_full_screen(ctx),
            AudienceLarger => self.set_audience_scale(crate::ui::present::zoom_step(self.audience.scale, true)),
            AudienceSmaller => self.set_audience_scale(crate::ui::present::zoom_step(self.audience.scale, false)),
            AudienceResetSize => self.set_audience_scale(1.0),
            CommandPalette => self.palette.toggle(),
            ShowShortcuts => self.help = Some(crate::ui::help::HelpPage::Shortcuts),
            GettingStarted => self.help = Some(crate::ui::help::HelpPage::GettingStarted),
            Paste(kind) => self.run_data(
                ctx,
                DataCommand::Paste {
                    kind,
                    target: crate::interop::import::Target::NewRows,
                    start: None,
                    text: None,
                },
            ),
            Copy(kind) => self.run_data(ctx, DataCommand::Copy { kind, ids: Vec::new() }),
            CopyRows | PasteRows => self.rows_of_tab(ctx, c == PasteRows, None),
            Find | FindReplace => self.find.open(c == FindReplace),
            FindNext => {
                let mut out = Commands::default();
                self.find.next(&self.doc.plan, self.doc.generation, &mut out);
                self.run_commands(ctx, out);
            }
            ImportCsv(kind) => self.run_data(ctx, DataCommand::ImportCsv(kind)),
            ImportXlsx(kind) => self.run_data(ctx, DataCommand::ImportXlsx(kind)),
            ImportWorkbook => self.run_data(ctx, DataCommand::ImportWorkbook),
            ImportFinanceCsv(t) => self.run_data(ctx, DataCommand::ImportFinanceCsv(t)),
            Export(f) => self.run_data(ctx, DataCommand::Export(f)),
            Compare => self.run_data(ctx, DataCommand::Compare),
            MergeWith => self.run_data(ctx, DataCommand::Merge),
            OpenWorkspace => self.run_data(ctx, DataCommand::OpenWorkspace),
            AddScheme | DuplicateScheme | DeleteScheme | MoveSchemeUp | MoveSchemeDown | FillDown | FocusTable
            | PreviousMetric | NextMetric => {
                // the tab's own action, on the rows it shows
                let mut out = Commands::default();
                let tab_ctx = tab_ctx_of(&self.doc, &self.summary, self.locked, self.clock.today, None);
                tabs::run_command(c, &tab_ctx, &mut self.views, &mut out);
                self.run_commands(ctx, out);
            }
        }
    }
}

/// A bundled sample's file.
fn sample_path(s: Sample) -> std::path::PathBuf {
    crate::io::appdata::default_sample_path().with_file_name(s.file_name())
}
