//! The command table: every action of the window is one [`UiCommand`],
//! with its name, tooltip, keyboard shortcuts, the place where the
//! shortcuts apply, and whether it can run now. Menus, the plan bar, the
//! presentation bar, the tabs' toolbars and the command palette draw their
//! entries from it, and [`take_shortcuts`] matches every shortcut of the
//! window in one place, most specific first.
//!
//! Adding a shortcut is one row: give the command a line in
//! [`UiCommand::shortcuts`] (and its [`UiCommand::scope`] if it is not
//! the whole window). The unit tests fail when two commands share a
//! shortcut where both apply.
//!
//! In the spirit of rerun's `UICommand` (`re_ui/src/command.rs`).

use super::audience::AudienceShows;
use super::prefs::{ProjectorTheme, ThemeChoice};
use super::tab::Tab;
use super::{Command, Commands, widgets};
use crate::interop::export::ExportFormat;
use crate::interop::import::FinanceTable;
use crate::model::Plan;
use crate::model::RecordKind;
use egui::{Key, KeyboardShortcut, Modifiers, Response, RichText, Ui};
use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

/// The sizes offered in presentation mode and for the audience window, in
/// percent.
pub const SIZES: [u16; 6] = [100, 125, 150, 175, 200, 250];

/// How often recovery copies are written, in seconds (0: never).
pub const RECOVERY_INTERVALS: [u16; 5] = [10, 30, 60, 300, 0];

/// The bundled sample plans (File › Open a sample plan).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sample {
    Kent,
    SouthKentCoast,
    DartfordGravesham,
    SouthKentCoast2016,
}

impl Sample {
    pub const ALL: [Sample; 4] = [
        Sample::Kent,
        Sample::SouthKentCoast,
        Sample::DartfordGravesham,
        Sample::SouthKentCoast2016,
    ];
    pub fn word(self) -> &'static str {
        match self {
            Sample::Kent => "Kent BCF plan 2014/15–2015/16",
            Sample::SouthKentCoast => "South Kent Coast CCG plan 2015/16",
            Sample::DartfordGravesham => "Dartford, Gravesham and Swanley CCG operating plan 2015/16",
            Sample::SouthKentCoast2016 => "South Kent Coast CCG operating plan 2016/17",
        }
    }
    /// The sample's file in the assets folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Sample::Kent => "kent-bcf-2015-16.ron",
            Sample::SouthKentCoast => "south-kent-coast-2015-16.ron",
            Sample::DartfordGravesham => "dgs-2015-16.ron",
            Sample::SouthKentCoast2016 => "skc-2016-17.ron",
        }
    }
}

/// Every action of the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    // ---- File
    NewPlan,
    Open,
    /// The n-th file of File › Open Recent (most recent first).
    OpenRecent(u8),
    ClearRecent,
    OpenSample(Sample),
    Save,
    SaveAs,
    /// File › Open workspace…: the Consolidation view of a folder of plans.
    OpenWorkspace,
    Quit,
    // ---- Edit
    Undo,
    Redo,
    /// Copy the rows of the tab's table (the selected one, else all) as
    /// tab-separated text; Ctrl+C where no field is being typed in.
    CopyRows,
    /// The paste preview for the tab's table, from the clipboard; Ctrl+V
    /// where no field is being typed in.
    PasteRows,
    ToggleLock,
    /// The Find panel: look for text across the plan.
    Find,
    /// The Find panel with its Replace field.
    FindReplace,
    /// The next match of the Find panel (selects its record).
    FindNext,
    /// Seconds between recovery copies (0: never).
    RecoveryEvery(u16),
    // ---- View
    ShowTab(Tab),
    /// The tab to the right (after the last, the first), and to the left.
    NextTab,
    PreviousTab,
    ToggleChecklist,
    /// View › Reduce motion: no animations (see [`crate::ui::present::set_motion`]).
    ToggleReduceMotion,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    Theme(ThemeChoice),
    TogglePresentation,
    /// The size of presentation mode, in percent.
    PresentSize(u16),
    Projector(ProjectorTheme),
    ToggleAudience,
    AudienceTab(AudienceShows),
    /// The audience window's text size, in percent.
    AudienceSize(u16),
    AudienceFullScreen,
    AudienceLarger,
    AudienceSmaller,
    AudienceResetSize,
    CommandPalette,
    // ---- Help
    ShowShortcuts,
    GettingStarted,
    // ---- Data
    Paste(RecordKind),
    Copy(RecordKind),
    ImportCsv(RecordKind),
    ImportXlsx(RecordKind),
    /// Every sheet of an Excel workbook at once: the record tables, the
    /// finance tables and the milestones (as `opplan import --xlsx`).
    ImportWorkbook,
    /// A CSV file into one of the operating plan's tables.
    ImportFinanceCsv(FinanceTable),
    Export(ExportFormat),
    Compare,
    /// Merge another version of the plan into this one (issue 17).
    MergeWith,
    // ---- The tabs' tables
    AddScheme,
    DuplicateScheme,
    DeleteScheme,
    MoveSchemeUp,
    MoveSchemeDown,
    /// The keyboard to the schemes table (the selected scheme's row, else
    /// the first), from the tab bar or anywhere else.
    FocusTable,
    /// The top cell of the selected block of the schemes table into the
    /// cells below.
    FillDown,
    PreviousMetric,
    NextMetric,
}

/// Where a command's shortcuts apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The main window, whatever tab it shows (and in presentation mode).
    Window,
    /// The main window while it shows this tab.
    Tab(Tab),
    /// The audience window.
    Audience,
}

/// What may have the keyboard focus when a shortcut applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Anything: the shortcut works even while typing in a field.
    Any,
    /// Not while a text field is being typed in (it keeps the key for
    /// itself: Ctrl+Z undoes its own typing).
    NoTextField,
    /// Only when no widget has the keyboard (the arrows move it otherwise).
    Nothing,
}

/// The context where a command's shortcuts apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub place: Place,
    pub focus: Focus,
}

impl Scope {
    pub const WINDOW: Scope = Scope {
        place: Place::Window,
        focus: Focus::Any,
    };
    /// Whether the two scopes can apply at the same time.
    pub fn overlaps(self, other: Scope) -> bool {
        match (self.place, other.place) {
            (Place::Audience, Place::Audience) => true,
            (Place::Audience, _) | (_, Place::Audience) => false,
            (Place::Tab(a), Place::Tab(b)) => a == b,
            _ => true,
        }
    }
    /// Whether the scope applies where the keyboard is now.
    pub fn applies(self, here: &Here) -> bool {
        let place = match (self.place, here.window) {
            (Place::Audience, Window::Audience) => true,
            (Place::Window, Window::Main) => true,
            (Place::Tab(t), Window::Main) => t == here.tab,
            _ => false,
        };
        place
            && match self.focus {
                Focus::Any => true,
                Focus::NoTextField => !here.typing,
                Focus::Nothing => !here.focused,
            }
    }
}

/// Which window a frame's keys are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Window {
    Main,
    Audience,
}

/// Where the keyboard is, for matching shortcuts.
#[derive(Clone, Copy, Debug)]
pub struct Here {
    pub window: Window,
    pub tab: Tab,
    /// A text field is being typed in (and keeps Ctrl+Z for itself).
    pub typing: bool,
    /// Some widget has the keyboard focus.
    pub focused: bool,
}

/// What the commands' names and availability depend on, taken from the
/// app once a frame.
pub struct CommandState<'a> {
    pub plan: &'a Plan,
    pub tab: Tab,
    pub locked: bool,
    pub presenting: bool,
    /// What Undo and Redo would undo or redo ("Edit scheme name").
    pub undo: Option<&'a str>,
    pub redo: Option<&'a str>,
    /// File › Open Recent, most recent first.
    pub recent: &'a [PathBuf],
    pub recovery_secs: u64,
    pub theme: ThemeChoice,
    pub present_zoom: f32,
    pub projector_theme: ProjectorTheme,
    pub audience_open: bool,
    pub audience_shows: AudienceShows,
    pub audience_scale: f32,
    pub checklist_open: bool,
    pub reduce_motion: bool,
    /// The Schemes tab has a scheme selected; its rows are sorted.
    pub scheme_selected: bool,
    pub schemes_sorted: bool,
}

const NO_KEYS: &[KeyboardShortcut] = &[];
const NEW: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::N)];
const OPEN: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::O)];
const SAVE: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::S)];
const SAVE_AS: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S)];
const UNDO: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Z)];
const REDO: &[KeyboardShortcut] = &[
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Y),
];
const LOCK: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::L)];
const PRESENT: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::NONE, Key::F5)];
const PALETTE: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::P)];
const ZOOM_IN: &[KeyboardShortcut] = &[
    egui::gui_zoom::kb_shortcuts::ZOOM_IN,
    egui::gui_zoom::kb_shortcuts::ZOOM_IN_SECONDARY,
];
const ZOOM_OUT: &[KeyboardShortcut] = &[egui::gui_zoom::kb_shortcuts::ZOOM_OUT];
const ZOOM_RESET: &[KeyboardShortcut] = &[egui::gui_zoom::kb_shortcuts::ZOOM_RESET];
const FULL_SCREEN: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::NONE, Key::F11)];
const ADD_ROW: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter)];
const DUPLICATE_ROW: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::D)];
const FOCUS_TABLE: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::NONE, Key::F6)];
const FILL_DOWN: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::D)];
const FIND: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::F)];
const FIND_REPLACE: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::COMMAND, Key::H)];
const FIND_NEXT: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::NONE, Key::F3)];
const MOVE_UP: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowUp)];
const MOVE_DOWN: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::ALT, Key::ArrowDown)];
/// Ctrl+1 … Ctrl+9: the tabs in their order.
const TAB_KEYS: [&[KeyboardShortcut]; 9] = [
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num1)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num2)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num3)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num4)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num5)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num6)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num7)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num8)],
    &[KeyboardShortcut::new(Modifiers::COMMAND, Key::Num9)],
];
const NEXT_TAB: &[KeyboardShortcut] = &[
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Tab),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::PageDown),
];
const PREVIOUS_TAB: &[KeyboardShortcut] = &[
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Tab),
    KeyboardShortcut::new(Modifiers::COMMAND, Key::PageUp),
];
const UP: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::NONE, Key::ArrowUp)];
const DOWN: &[KeyboardShortcut] = &[KeyboardShortcut::new(Modifiers::NONE, Key::ArrowDown)];

impl<'a> CommandState<'a> {
    /// What a tab knows: its plan, itself, the lock; the rest as when the
    /// window opens. For a tab drawing its own commands.
    pub fn of_tab(plan: &'a Plan, tab: Tab, locked: bool) -> Self {
        CommandState {
            plan,
            tab,
            locked,
            presenting: false,
            undo: None,
            redo: None,
            recent: &[],
            recovery_secs: super::prefs::DEFAULT_RECOVERY_SECS,
            theme: ThemeChoice::default(),
            present_zoom: 1.0,
            projector_theme: ProjectorTheme::default(),
            audience_open: false,
            audience_shows: AudienceShows::default(),
            audience_scale: 1.0,
            checklist_open: false,
            reduce_motion: false,
            scheme_selected: false,
            schemes_sorted: false,
        }
    }
}

/// "150%".
pub fn percent_word(p: u16) -> String {
    format!("{p}%")
}

/// A zoom factor as the nearest size in percent.
pub fn percent_of(zoom: f32) -> u16 {
    (zoom * 100.0).round().clamp(0.0, u16::MAX as f32) as u16
}

/// The words of a recovery interval ("Every 30 seconds").
fn every_word(secs: u16) -> &'static str {
    match secs {
        0 => "Never",
        10 => "Every 10 seconds",
        30 => "Every 30 seconds",
        60 => "Every minute",
        300 => "Every 5 minutes",
        _ => "Every few seconds",
    }
}

/// The table a tab shows, for copy and paste of rows.
pub fn table_kind(t: Tab) -> Option<RecordKind> {
    match t {
        Tab::Schemes => Some(RecordKind::Schemes),
        Tab::Metrics => Some(RecordKind::Metrics),
        Tab::Risks => Some(RecordKind::Risks),
        Tab::SignOffs => Some(RecordKind::SignOffs),
        // the operating plan's tabs import from CSV (Data menu) but have no
        // row selection to copy or paste over yet
        Tab::Overview | Tab::Plan | Tab::Finance | Tab::Objectives | Tab::Narrative => None,
    }
}

/// Takes Ctrl+C and Ctrl+V (the clipboard events they make) from this
/// frame's input when no text field is being typed in (a field keeps them
/// for its own text): the commands they ask for.
pub fn clipboard_keys(ctx: &egui::Context) -> Vec<(UiCommand, Option<String>)> {
    if ctx.text_edit_focused() {
        return Vec::new();
    }
    ctx.input_mut(|i| {
        let mut out = Vec::new();
        i.events.retain(|e| match e {
            egui::Event::Copy => {
                out.push((UiCommand::CopyRows, None));
                false
            }
            egui::Event::Paste(t) => {
                out.push((UiCommand::PasteRows, Some(t.clone())));
                false
            }
            _ => true,
        });
        out
    })
}

/// A tab's name with the number of records it holds ("Schemes (12)").
pub fn tab_label(t: Tab, plan: &Plan) -> String {
    let count = match t {
        Tab::Schemes => Some(plan.schemes.len()),
        Tab::Metrics => Some(plan.metrics.len()),
        Tab::Risks => Some(plan.risks.len()),
        Tab::SignOffs => Some(plan.signoffs.len()),
        Tab::Objectives => Some(plan.objectives.len()),
        Tab::Narrative => Some(plan.sections.len()),
        Tab::Overview | Tab::Plan | Tab::Finance => None,
    };
    match count {
        Some(c) => format!("{} ({})", t.word(), crate::model::money::group_thousands(c as u128)),
        None => t.word().to_string(),
    }
}

fn export_word(f: ExportFormat) -> &'static str {
    match f {
        ExportFormat::Html => "Board report (HTML, prints on A4)…",
        ExportFormat::Xlsx => "Excel workbook…",
        ExportFormat::Csv => "CSV files, one per table…",
    }
}

impl UiCommand {
    /// Every command, in the order the command palette lists them.
    pub fn all() -> &'static [UiCommand] {
        static ALL: OnceLock<Vec<UiCommand>> = OnceLock::new();
        ALL.get_or_init(|| {
            use UiCommand::*;
            let mut v = vec![NewPlan, Open];
            v.extend((0..super::prefs::MAX_RECENT as u8).map(OpenRecent));
            v.push(ClearRecent);
            v.extend(Sample::ALL.map(OpenSample));
            v.extend([
                Save,
                SaveAs,
                Quit,
                Undo,
                Redo,
                CopyRows,
                PasteRows,
                Find,
                FindReplace,
                FindNext,
                ToggleLock,
            ]);
            v.extend(RECOVERY_INTERVALS.map(RecoveryEvery));
            v.extend(Tab::ALL.map(ShowTab));
            v.extend([NextTab, PreviousTab, ToggleChecklist, ZoomIn, ZoomOut, ZoomReset]);
            v.extend(ThemeChoice::ALL.map(Theme));
            v.push(ToggleReduceMotion);
            v.push(TogglePresentation);
            v.extend(SIZES.map(PresentSize));
            v.extend(ProjectorTheme::ALL.map(UiCommand::Projector));
            v.push(ToggleAudience);
            v.extend(AudienceShows::ALL.map(UiCommand::AudienceTab));
            v.extend(SIZES.map(AudienceSize));
            v.extend([
                AudienceFullScreen,
                AudienceLarger,
                AudienceSmaller,
                AudienceResetSize,
                CommandPalette,
                ShowShortcuts,
                GettingStarted,
            ]);
            v.extend(RecordKind::ALL.map(Paste));
            v.extend(RecordKind::ALL.map(Copy));
            v.extend(RecordKind::ALL.map(ImportCsv));
            v.extend(RecordKind::ALL.map(ImportXlsx));
            v.push(ImportWorkbook);
            v.extend(FinanceTable::ALL.map(ImportFinanceCsv));
            v.extend([ExportFormat::Html, ExportFormat::Xlsx, ExportFormat::Csv].map(Export));
            v.extend([
                Compare,
                MergeWith,
                OpenWorkspace,
                AddScheme,
                DuplicateScheme,
                DeleteScheme,
                MoveSchemeUp,
                MoveSchemeDown,
                FillDown,
                FocusTable,
                PreviousMetric,
                NextMetric,
            ]);
            v
        })
    }

    /// The name in full, as the command palette shows it.
    pub fn name(self) -> Cow<'static, str> {
        use UiCommand::*;
        match self {
            NewPlan => "New plan".into(),
            OpenRecent(n) => format!("Open recent plan {}", n + 1).into(),
            ClearRecent => "Clear the list of recent plans".into(),
            OpenSample(s) => format!("Open a sample plan: {}", s.word()).into(),
            RecoveryEvery(s) => format!("Recovery copies: {}", every_word(s).to_lowercase()).into(),
            ShowTab(Tab::Overview) => "Show the Overview".into(),
            ShowTab(t) => format!("Show the {} tab", t.word()).into(),
            Theme(t) => format!("Theme: {}", t.word().to_lowercase()).into(),
            PresentSize(p) => format!("Presentation size: {}", percent_word(p)).into(),
            Projector(t) => format!("Projector theme: {}", t.word().to_lowercase()).into(),
            AudienceTab(a) => format!("Audience window shows: {}", a.word().to_lowercase()).into(),
            AudienceSize(p) => format!("Audience text size: {}", percent_word(p)).into(),
            AudienceLarger => "Audience window: larger text".into(),
            AudienceSmaller => "Audience window: smaller text".into(),
            AudienceResetSize => "Audience window: text at 100%".into(),
            Paste(k) => format!("Paste rows from a spreadsheet into {}…", k.word()).into(),
            Copy(k) => format!("Copy {} for Excel", k.word()).into(),
            ImportCsv(k) => format!("Import CSV into {}…", k.word()).into(),
            ImportXlsx(k) => format!("Import from Excel into {}…", k.word()).into(),
            ImportWorkbook => "Import every sheet of an Excel workbook…".into(),
            ImportFinanceCsv(t) => format!("Import CSV into {}…", t.word()).into(),
            Export(f) => format!("Export: {}", export_word(f)).into(),
            DuplicateScheme => "Duplicate the selected scheme".into(),
            DeleteScheme => "Delete the selected scheme".into(),
            MoveSchemeUp => "Move the selected scheme up".into(),
            MoveSchemeDown => "Move the selected scheme down".into(),
            FillDown => "Fill down the selected cells".into(),
            FocusTable => "Go to the schemes table".into(),
            Find => "Find in the plan…".into(),
            FindReplace => "Find and replace in the plan…".into(),
            FindNext => "Find the next match".into(),
            _ => self.short_name(),
        }
    }

    /// The name in its menu or bar, where the menu says the rest ("Dark"
    /// under View › Theme).
    pub fn short_name(self) -> Cow<'static, str> {
        use UiCommand::*;
        match self {
            NewPlan => "New".into(),
            Open => "Open…".into(),
            OpenRecent(n) => format!("Recent plan {}", n + 1).into(),
            ClearRecent => "Clear the list".into(),
            OpenSample(s) => s.word().into(),
            Save => "Save".into(),
            SaveAs => "Save As…".into(),
            Quit => "Quit".into(),
            Undo => "Undo".into(),
            Redo => "Redo".into(),
            CopyRows => "Copy rows".into(),
            PasteRows => "Paste rows…".into(),
            ToggleLock => "Lock the plan".into(),
            RecoveryEvery(s) => every_word(s).into(),
            ShowTab(t) => t.word().into(),
            NextTab => "Next tab".into(),
            PreviousTab => "Previous tab".into(),
            ToggleChecklist => "Readiness checklist".into(),
            ToggleReduceMotion => "Reduce motion".into(),
            ZoomIn => "Zoom in".into(),
            ZoomOut => "Zoom out".into(),
            ZoomReset => "Reset zoom".into(),
            Theme(t) => t.word().into(),
            TogglePresentation => "Presentation mode".into(),
            PresentSize(p) | AudienceSize(p) => percent_word(p).into(),
            Projector(t) => t.word().into(),
            ToggleAudience => "Open the audience window".into(),
            AudienceTab(a) => a.word().into(),
            AudienceFullScreen => "Audience window full screen".into(),
            AudienceLarger => "Larger".into(),
            AudienceSmaller => "Smaller".into(),
            AudienceResetSize => "Reset".into(),
            CommandPalette => "Command palette…".into(),
            ShowShortcuts => "Keyboard shortcuts".into(),
            GettingStarted => "Getting started".into(),
            Paste(k) | ImportCsv(k) | ImportXlsx(k) => format!("{}…", k.word()).into(),
            ImportFinanceCsv(t) => format!("{}…", t.word()).into(),
            ImportWorkbook => "Every sheet of a workbook…".into(),
            Copy(k) => k.word().into(),
            Export(f) => export_word(f).into(),
            Compare => "Compare with file…".into(),
            OpenWorkspace => "Open workspace…".into(),
            MergeWith => "Merge with file…".into(),
            AddScheme => "Add scheme".into(),
            DuplicateScheme => "Duplicate".into(),
            DeleteScheme => "Delete".into(),
            MoveSchemeUp => "Move up".into(),
            MoveSchemeDown => "Move down".into(),
            FillDown => "Fill down".into(),
            FocusTable => "Go to the table".into(),
            Find => "Find…".into(),
            FindReplace => "Find and replace…".into(),
            FindNext => "Find next".into(),
            PreviousMetric => "Previous metric".into(),
            NextMetric => "Next metric".into(),
        }
    }

    /// The name now: what Undo would undo, Lock or Unlock, a recent
    /// file's name. `short` gives the name in its menu.
    pub fn label(self, s: &CommandState, short: bool) -> String {
        use UiCommand::*;
        let name = || {
            if short {
                self.short_name().into_owned()
            } else {
                self.name().into_owned()
            }
        };
        match self {
            Undo => s.undo.map(|l| super::undo::menu_text("Undo", l)).unwrap_or_else(name),
            Redo => s.redo.map(|l| super::undo::menu_text("Redo", l)).unwrap_or_else(name),
            ToggleLock if s.locked => "Unlock the plan".into(),
            TogglePresentation if s.presenting && short => "Exit".into(),
            TogglePresentation if s.presenting => "Leave presentation mode".into(),
            ToggleAudience if s.audience_open => "Close the audience window".into(),
            OpenRecent(n) => match s.recent.get(n as usize) {
                Some(p) => {
                    let file = p
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_else(|| p.display().to_string());
                    if short { file } else { format!("Open recent: {file}") }
                }
                None => name(),
            },
            _ => name(),
        }
    }

    /// What the command does, in a sentence (the hover text).
    pub fn tooltip(self) -> &'static str {
        use UiCommand::*;
        match self {
            NewPlan => "Start a new, blank plan (asks first when there are unsaved changes)",
            Open => "Open a plan file (.ron)",
            OpenRecent(_) => "Open a plan opened or saved lately",
            ClearRecent => "Forget the recent plans (the files stay)",
            OpenSample(_) => "Open one of the plans that come with opplan",
            Save => "Save the plan to its file (the previous file is kept as NAME.ron.bak)",
            SaveAs => "Save the plan to another file, and go on working on that one",
            Quit => "Close opplan (asks first when there are unsaved changes)",
            Undo => "Undo the last change to the plan",
            Redo => "Redo the last change undone",
            CopyRows => "Copy the selected row of this tab's table (else all its rows) as text for Excel",
            PasteRows => "Preview rows copied from Excel or LibreOffice, then add them to this tab's table",
            ToggleLock => "Locked, the plan is read-only: a stray click or key changes nothing",
            RecoveryEvery(_) => "While there are unsaved changes, keep a copy aside this often",
            ShowTab(_) => "Show this part of the plan",
            NextTab => "Show the tab to the right (after the last, the first)",
            PreviousTab => "Show the tab to the left (before the first, the last)",
            ToggleChecklist => "Show or hide the readiness checklist",
            ToggleReduceMotion => {
                "No animations, no blinking cursor, highlights without fading: fewer frames to draw \
                 (on by default where the window is drawn without a GPU)"
            }
            ZoomIn => "Larger text and controls (in presentation mode: the next size)",
            ZoomOut => "Smaller text and controls (in presentation mode: the size before)",
            ZoomReset => "Text and controls at 100%",
            Theme(_) => "Colours of the window",
            TogglePresentation => "Full screen, large text, projector colours, no menus",
            PresentSize(_) => "Text size in presentation mode",
            Projector(_) => "High-contrast colours of presentation mode and the audience window",
            ToggleAudience => {
                "A second window to drag onto the projector: the plan, large, as it changes, without menus, dialogs or edits in progress"
            }
            AudienceTab(_) => "What the audience window shows",
            AudienceSize(_) => "Text size of the audience window",
            AudienceFullScreen => "The audience window full screen, or back to a window (also a double click in it)",
            AudienceLarger => "Larger text in the audience window",
            AudienceSmaller => "Smaller text in the audience window",
            AudienceResetSize => "The audience window's text at 100%",
            CommandPalette => "Find any action by typing part of its name",
            ShowShortcuts => "Every keyboard shortcut of the window, from the command table",
            GettingStarted => "What each tab is for, how to start a plan, where files go",
            Paste(_) => "Preview rows copied from Excel or LibreOffice, then add them",
            Copy(_) => "Copy the table as text with a header row, to paste into Excel or LibreOffice",
            ImportCsv(_) | ImportFinanceCsv(_) => "Preview the rows of a CSV file, then add or update them",
            ImportXlsx(_) => "Preview the rows of an Excel workbook (.xlsx), then add or update them",
            ImportWorkbook => {
                "Preview every sheet of an Excel workbook (.xlsx): tables, finance tables and milestones, then apply them as one step"
            }
            Export(_) => "Write the plan for people without opplan",
            Compare => "List what changed between this plan and another version of it",
            OpenWorkspace => {
                "See a folder of plans side by side and summed, with the differences between the consolidated plan and each organisation's own"
            }
            MergeWith => {
                "Bring another version's changes into this plan: from a common earlier version when one is known, else record by record"
            }
            AddScheme => "A new row below the selected one",
            DuplicateScheme => "Copy the selected scheme",
            DeleteScheme => "Delete the selected scheme (Undo brings it back)",
            MoveSchemeUp => "Move the selected scheme up in the plan",
            MoveSchemeDown => "Move the selected scheme down in the plan",
            FocusTable => "Put the keyboard in the table: the selected scheme's name, else the first row's",
            FillDown => "Copy the top cell of the selected block into the cells below it (Shift+arrows select a block)",
            Find => "Look for text in every record of the plan: names, providers, descriptions, risks, notes",
            FindReplace => "Replace text across the plan, with a preview of every match; one step to undo",
            FindNext => "Go to the next match of the Find panel and select its record",
            PreviousMetric => "Select the metric above",
            NextMetric => "Select the metric below",
        }
    }

    /// The keyboard shortcuts, the one shown first. One row per command:
    /// this is where a shortcut is added.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        use UiCommand::*;
        match self {
            NewPlan => NEW,
            Open => OPEN,
            Save => SAVE,
            SaveAs => SAVE_AS,
            Undo => UNDO,
            Redo => REDO,
            ToggleLock => LOCK,
            // matched as the clipboard events the keys make, not as keys
            // (see `clipboard_keys`): listed here only to be shown
            CopyRows | PasteRows => NO_KEYS,
            TogglePresentation => PRESENT,
            ZoomIn | AudienceLarger => ZOOM_IN,
            ZoomOut | AudienceSmaller => ZOOM_OUT,
            ZoomReset | AudienceResetSize => ZOOM_RESET,
            AudienceFullScreen => FULL_SCREEN,
            CommandPalette => PALETTE,
            AddScheme => ADD_ROW,
            DuplicateScheme => DUPLICATE_ROW,
            MoveSchemeUp => MOVE_UP,
            MoveSchemeDown => MOVE_DOWN,
            FillDown => FILL_DOWN,
            FocusTable => FOCUS_TABLE,
            Find => FIND,
            FindReplace => FIND_REPLACE,
            FindNext => FIND_NEXT,
            PreviousMetric => UP,
            NextMetric => DOWN,
            ShowTab(t) => Tab::ALL
                .iter()
                .position(|&x| x == t)
                .and_then(|i| TAB_KEYS.get(i).copied())
                .unwrap_or(NO_KEYS),
            NextTab => NEXT_TAB,
            PreviousTab => PREVIOUS_TAB,
            OpenRecent(_) | ClearRecent | OpenSample(_) | Quit | RecoveryEvery(_) | ToggleChecklist
            | ToggleReduceMotion | Theme(_) | PresentSize(_) | Projector(_) | ToggleAudience | AudienceTab(_)
            | AudienceSize(_) | Paste(_) | ShowShortcuts | GettingStarted | Copy(_) | ImportCsv(_) | ImportXlsx(_)
            | ImportWorkbook | ImportFinanceCsv(_) | Export(_) | Compare | MergeWith | OpenWorkspace | DeleteScheme => {
                NO_KEYS
            }
        }
    }

    /// Where the shortcuts apply.
    pub fn scope(self) -> Scope {
        use UiCommand::*;
        let at = |place, focus| Scope { place, focus };
        match self {
            Undo | Redo => at(Place::Window, Focus::NoTextField),
            AudienceFullScreen | AudienceLarger | AudienceSmaller | AudienceResetSize => {
                at(Place::Audience, Focus::Any)
            }
            AddScheme | DuplicateScheme | DeleteScheme | MoveSchemeUp | MoveSchemeDown | FillDown | FocusTable => {
                at(Place::Tab(Tab::Schemes), Focus::Any)
            }
            PreviousMetric | NextMetric => at(Place::Tab(Tab::Metrics), Focus::Nothing),
            _ => Scope::WINDOW,
        }
    }

    /// The menu or part of the window the command belongs to (the palette
    /// shows it, and matches it too: "view dark").
    pub fn group(self) -> &'static str {
        use UiCommand::*;
        match self {
            NewPlan | Open | OpenRecent(_) | ClearRecent | OpenSample(_) | Save | SaveAs | Quit => "File",
            Undo | Redo | CopyRows | PasteRows | Find | FindReplace | FindNext | ToggleLock | RecoveryEvery(_) => {
                "Edit"
            }
            Paste(_) | Copy(_) | ImportCsv(_) | ImportXlsx(_) | ImportWorkbook | ImportFinanceCsv(_) | Export(_)
            | Compare | MergeWith => "Data",
            AddScheme | DuplicateScheme | DeleteScheme | MoveSchemeUp | MoveSchemeDown | FillDown | FocusTable => {
                "Schemes"
            }
            PreviousMetric | NextMetric => "Metrics",
            ShowShortcuts | GettingStarted => "Help",
            _ => "View",
        }
    }

    /// Why the command cannot run now; `None` when it can.
    pub fn disabled_reason(self, s: &CommandState) -> Option<String> {
        use UiCommand::*;
        let locked = |what: &str| s.locked.then(|| format!("The plan is locked: unlock it to {what}."));
        let audience = || (!s.audience_open).then(|| "The audience window is not open.".to_string());
        let selected = || (!s.scheme_selected).then(|| "Select a scheme first (click its number)".to_string());
        match self {
            OpenRecent(n) => (n as usize >= s.recent.len()).then(|| "No such recent plan.".into()),
            ClearRecent => s.recent.is_empty().then(|| "No recent plans.".into()),
            Undo => locked("undo").or_else(|| s.undo.is_none().then(|| "Nothing to undo".into())),
            Redo => locked("redo").or_else(|| s.redo.is_none().then(|| "Nothing to redo".into())),
            AudienceFullScreen | AudienceLarger | AudienceSmaller | AudienceResetSize => audience(),
            Paste(_) => locked("paste"),
            CopyRows | PasteRows if table_kind(s.tab).is_none() && s.tab != Tab::Finance => {
                Some("Copy and paste rows on the Schemes, Metrics, Risks, Sign-offs or Finance tab".into())
            }
            PasteRows => locked("paste"),
            ImportCsv(_) | ImportXlsx(_) | ImportWorkbook | ImportFinanceCsv(_) => locked("import"),
            MergeWith => locked("merge"),
            AddScheme => locked("add a scheme"),
            FillDown | FocusTable if s.tab != Tab::Schemes => Some("On the Schemes tab".into()),
            FillDown => locked("fill down"),
            FindReplace => locked("replace"),
            DuplicateScheme | DeleteScheme => locked("change the schemes").or_else(selected),
            MoveSchemeUp | MoveSchemeDown => locked("move schemes").or_else(selected).or_else(|| {
                s.schemes_sorted
                    .then(|| "Clear the sort to move rows: moving changes the plan's order".into())
            }),
            _ => None,
        }
    }

    pub fn enabled(self, s: &CommandState) -> bool {
        self.disabled_reason(s).is_none()
    }

    /// For a choice or a switch: whether it is the one chosen, or on.
    pub fn checked(self, s: &CommandState) -> Option<bool> {
        use UiCommand::*;
        let same = |a: f32, p: u16| percent_of(a) == p;
        match self {
            RecoveryEvery(secs) => Some(s.recovery_secs == secs as u64),
            ShowTab(t) => Some(s.tab == t),
            ToggleChecklist => Some(s.checklist_open),
            ToggleReduceMotion => Some(s.reduce_motion),
            Theme(t) => Some(s.theme == t),
            PresentSize(p) => Some(same(s.present_zoom, p)),
            Projector(t) => Some(s.projector_theme == t),
            AudienceTab(a) => Some(s.audience_shows == a),
            AudienceSize(p) => Some(same(s.audience_scale, p)),
            ToggleLock => Some(s.locked),
            ToggleAudience => Some(s.audience_open),
            _ => None,
        }
    }

    /// Whether the palette offers the command now (a tab's commands while
    /// the tab shows, the audience window's while it is open).
    pub fn in_palette(self, s: &CommandState) -> bool {
        if let UiCommand::OpenRecent(n) = self {
            // only the recent plans there are
            return (n as usize) < s.recent.len();
        }
        match self.scope().place {
            Place::Window => !matches!(self, UiCommand::CommandPalette),
            Place::Tab(t) => t == s.tab,
            Place::Audience => s.audience_open,
        }
    }

    /// The first shortcut, as the platform writes it ("Ctrl+Shift+S").
    pub fn shortcut_text(self, ctx: &egui::Context) -> Option<String> {
        let clipboard = match self {
            UiCommand::CopyRows => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::C)),
            UiCommand::PasteRows => Some(KeyboardShortcut::new(Modifiers::COMMAND, Key::V)),
            _ => None,
        };
        self.shortcuts()
            .first()
            .copied()
            .or(clipboard)
            .map(|k| ctx.format_shortcut(&k))
    }

    /// The hover text with the shortcut: "Save the plan … (Ctrl+S)".
    pub fn hover_text(self, ctx: &egui::Context) -> String {
        match self.shortcut_text(ctx) {
            Some(k) => format!("{} ({k})", self.tooltip()),
            None => self.tooltip().to_string(),
        }
    }

    /// A name with the shortcut, for a custom widget's accessible name and
    /// for buttons that show it ("Exit (F5)").
    pub fn with_shortcut(self, ctx: &egui::Context, name: &str) -> String {
        match self.shortcut_text(ctx) {
            Some(k) => format!("{name} ({k})"),
            None => name.to_string(),
        }
    }
}

impl From<UiCommand> for Command {
    fn from(c: UiCommand) -> Command {
        Command::Ui(c)
    }
}

// --------------------------------------------------------------- matching

/// Every (shortcut, command) of the table, the most specific first (with
/// Shift or Alt before without): Ctrl+Shift+S is Save As, not Save, since
/// egui matches Ctrl+S when Shift is held too.
fn shortcut_table() -> &'static [(KeyboardShortcut, UiCommand)] {
    static TABLE: OnceLock<Vec<(KeyboardShortcut, UiCommand)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v: Vec<(KeyboardShortcut, UiCommand)> = UiCommand::all()
            .iter()
            .flat_map(|&c| c.shortcuts().iter().map(move |&k| (k, c)))
            .collect();
        v.sort_by_key(|(k, _)| std::cmp::Reverse(k.modifiers.shift as u8 + k.modifiers.alt as u8));
        v
    })
}

/// Takes this frame's shortcuts out of the input: every command whose
/// shortcut was pressed where it applies (most specific first), its key
/// consumed. The one place where the window's shortcuts are matched.
pub fn take_shortcuts(ctx: &egui::Context, here: &Here) -> Vec<UiCommand> {
    let table = shortcut_table();
    ctx.input_mut(|i| {
        let mut out = Vec::new();
        for &(k, c) in table {
            if c.scope().applies(here) {
                while i.consume_shortcut(&k) {
                    out.push(c);
                }
            }
        }
        out
    })
}

// ----------------------------------------------------------------- drawing

/// The narrowest a menu of commands is: room between a name and its
/// shortcut.
pub const MENU_MIN_WIDTH: f32 = 240.0;

/// A menu entry for a command: its name, its shortcut on the right, its
/// tooltip; greyed out with the reason when it cannot run. A choice or a
/// switch shows as selected when it is. Pushes the command when clicked.
pub fn menu_item(ui: &mut Ui, c: UiCommand, s: &CommandState, cmds: &mut Commands) -> Response {
    let label = c.label(s, true);
    let mut button = match c.checked(s) {
        Some(on) if !matches!(c, UiCommand::ToggleLock | UiCommand::ToggleAudience) => {
            egui::Button::selectable(on, label)
        }
        _ => egui::Button::new(label),
    };
    if let Some(k) = c.shortcut_text(ui.ctx()) {
        button = button.shortcut_text(k);
    }
    clicked(ui, c, s, cmds, button)
}

/// A button in a bar for a command (its name, or `name`).
pub fn bar_button(
    ui: &mut Ui,
    c: UiCommand,
    s: &CommandState,
    cmds: &mut Commands,
    name: Option<RichText>,
) -> Response {
    let text = name.unwrap_or_else(|| RichText::new(c.label(s, true)));
    let button = match c.checked(s) {
        // a button that opens a panel keeps its frame; a choice (a tab, a
        // theme) shows its frame only when chosen
        Some(on) if c == UiCommand::ToggleChecklist => egui::Button::new(text).selected(on),
        Some(on) => egui::Button::selectable(on, text),
        None => egui::Button::new(text),
    };
    clicked(ui, c, s, cmds, button)
}

fn clicked(ui: &mut Ui, c: UiCommand, s: &CommandState, cmds: &mut Commands, button: egui::Button) -> Response {
    let reason = c.disabled_reason(s);
    let resp = ui.add_enabled(reason.is_none(), button);
    let resp = match &reason {
        Some(r) => resp.on_disabled_hover_text(r),
        None => resp.on_hover_text(c.hover_text(ui.ctx())),
    };
    if resp.clicked() {
        cmds.push(Command::Ui(c));
    }
    resp
}

/// The padlock: locks or unlocks the plan.
pub fn lock_button(ui: &mut Ui, s: &CommandState, cmds: &mut Commands, size: f32) {
    let c = UiCommand::ToggleLock;
    let name = c.with_shortcut(ui.ctx(), &c.label(s, true));
    let keys = c.shortcut_text(ui.ctx()).unwrap_or_default();
    let hover = if s.locked {
        format!("The plan is locked: nothing can be changed. Click (or {keys}) to unlock it.")
    } else {
        format!("Lock the plan ({keys}): values stay on screen, and a stray click or key changes nothing.")
    };
    if widgets::lock_button(ui, s.locked, size, &name)
        .on_hover_text(hover)
        .clicked()
    {
        cmds.push(Command::Ui(c));
    }
}

/// A button per tab, with the number of records it holds.
pub fn tab_buttons(ui: &mut Ui, s: &CommandState, cmds: &mut Commands, size: Option<f32>) {
    for t in Tab::ALL {
        let mut text = RichText::new(tab_label(t, s.plan));
        if let Some(size) = size {
            text = text.size(size);
        }
        bar_button(ui, UiCommand::ShowTab(t), s, cmds, Some(text));
    }
}

/// Whether `query` finds the command: every word of it is in the
/// command's name or group, whatever the case.
pub fn matches(query: &str, name: &str, group: &str) -> bool {
    let hay = format!("{group} {name}").to_lowercase();
    query.split_whitespace().all(|w| hay.contains(&w.to_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::os::OperatingSystem;

    /// A shortcut and where it applies, for finding clashes.
    type Row = (UiCommand, KeyboardShortcut, Scope);

    fn rows() -> Vec<Row> {
        UiCommand::all()
            .iter()
            .flat_map(|&c| c.shortcuts().iter().map(move |&k| (c, k, c.scope())))
            .collect()
    }

    /// The same keys: the same key with the same Shift, Alt and Ctrl (or
    /// Cmd on a Mac).
    fn same_keys(a: KeyboardShortcut, b: KeyboardShortcut) -> bool {
        a.logical_key == b.logical_key
            && a.modifiers.shift == b.modifiers.shift
            && a.modifiers.alt == b.modifiers.alt
            && (a.modifiers.command || a.modifiers.ctrl || a.modifiers.mac_cmd)
                == (b.modifiers.command || b.modifiers.ctrl || b.modifiers.mac_cmd)
    }

    /// Pairs of different commands with the same keys where both apply.
    fn clashes(rows: &[Row]) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                if a.0 != b.0 && same_keys(a.1, b.1) && a.2.overlaps(b.2) {
                    out.push(format!(
                        "{:?} and {:?} share {}",
                        a.0,
                        b.0,
                        a.1.format(&egui::ModifierNames::NAMES, false)
                    ));
                }
            }
        }
        out
    }

    #[test]
    fn no_two_commands_share_a_shortcut_where_both_apply() {
        let found = clashes(&rows());
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn a_shortcut_given_twice_in_one_place_is_found() {
        // the check itself: Save's keys given to Open as well clash; the
        // zoom keys of the audience window and the main window do not
        let mut r = rows();
        r.push((UiCommand::Open, SAVE[0], Scope::WINDOW));
        assert_eq!(clashes(&r).len(), 1, "{:?}", clashes(&r));
        let tab = Scope {
            place: Place::Tab(Tab::Risks),
            focus: Focus::Nothing,
        };
        let mut r = rows();
        r.push((UiCommand::NewPlan, UP[0], tab));
        assert!(
            clashes(&r).is_empty(),
            "Up on the Risks tab is not Up on the Metrics tab"
        );
        r.push((UiCommand::NewPlan, ADD_ROW[0], Scope::WINDOW));
        assert_eq!(clashes(&r).len(), 1, "Ctrl+Enter everywhere clashes with Add scheme");
    }

    #[test]
    fn every_command_is_listed_once_and_has_words() {
        let all = UiCommand::all();
        for (i, a) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(a), "{a:?} twice");
            assert!(!a.name().is_empty() && !a.short_name().is_empty() && !a.tooltip().is_empty());
        }
        // every variant of the enum is there (a sample of each kind)
        for c in [
            UiCommand::OpenRecent(9),
            UiCommand::ShowTab(Tab::SignOffs),
            UiCommand::PresentSize(250),
            UiCommand::AudienceTab(AudienceShows::Follow),
            UiCommand::Export(ExportFormat::Csv),
            UiCommand::NextMetric,
        ] {
            assert!(all.contains(&c), "{c:?}");
        }
    }

    fn state(plan: &Plan) -> CommandState<'_> {
        CommandState::of_tab(plan, Tab::Overview, false)
    }

    /// The commands one key press with `modifiers` gives `here`.
    fn press_in(ctx: &egui::Context, here: &Here, modifiers: egui::Modifiers, key: egui::Key) -> Vec<UiCommand> {
        let mut input = egui::RawInput::default();
        input.events.push(egui::Event::Key {
            key,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers,
        });
        let mut got = Vec::new();
        let mut out = ctx.run_ui(input, |ui| got = take_shortcuts(ui.ctx(), here));
        out.textures_delta.clear();
        got
    }

    #[test]
    fn the_most_specific_shortcut_wins() {
        let ctx = egui::Context::default();
        let here = Here {
            window: Window::Main,
            tab: Tab::Overview,
            typing: false,
            focused: false,
        };
        let press = |modifiers, key| press_in(&ctx, &here, modifiers, key);
        let cs = Modifiers::COMMAND | Modifiers::SHIFT;
        assert_eq!(press(cs, Key::S), vec![UiCommand::SaveAs]);
        assert_eq!(press(Modifiers::COMMAND, Key::S), vec![UiCommand::Save]);
        assert_eq!(press(cs, Key::Z), vec![UiCommand::Redo]);
        assert_eq!(press(Modifiers::COMMAND, Key::Z), vec![UiCommand::Undo]);
        assert_eq!(press(cs, Key::P), vec![UiCommand::CommandPalette]);
        // the tabs from the keyboard (issue 19, finding 5)
        assert_eq!(
            press(Modifiers::COMMAND, Key::Num3),
            vec![UiCommand::ShowTab(Tab::ALL[2])]
        );
        assert_eq!(press(Modifiers::COMMAND, Key::Tab), vec![UiCommand::NextTab]);
        assert_eq!(press(cs, Key::Tab), vec![UiCommand::PreviousTab]);
        assert_eq!(press(Modifiers::COMMAND, Key::PageDown), vec![UiCommand::NextTab]);
        assert_eq!(press(Modifiers::COMMAND, Key::PageUp), vec![UiCommand::PreviousTab]);
        // a tab's shortcut only on that tab
        assert_eq!(press(Modifiers::COMMAND, Key::D), vec![]);
        assert_eq!(press(cs, Key::D), vec![]);
        assert_eq!(press(Modifiers::NONE, Key::ArrowDown), vec![]);
    }

    #[test]
    fn ctrl_d_fills_down_and_ctrl_shift_d_duplicates_on_the_schemes_tab() {
        // issue 19: Ctrl+D is Excel's fill down; Duplicate moved to Ctrl+Shift+D
        let ctx = egui::Context::default();
        let here = Here {
            window: Window::Main,
            tab: Tab::Schemes,
            typing: true,
            focused: true,
        };
        let press = |modifiers, key| press_in(&ctx, &here, modifiers, key);
        assert_eq!(press(Modifiers::COMMAND, Key::D), vec![UiCommand::FillDown]);
        let cs = Modifiers::COMMAND | Modifiers::SHIFT;
        assert_eq!(press(cs, Key::D), vec![UiCommand::DuplicateScheme]);
        assert_eq!(press(Modifiers::COMMAND, Key::F), vec![UiCommand::Find]);
        assert_eq!(press(Modifiers::COMMAND, Key::H), vec![UiCommand::FindReplace]);
        assert_eq!(press(Modifiers::NONE, Key::F3), vec![UiCommand::FindNext]);
        assert_eq!(press(Modifiers::NONE, Key::F6), vec![UiCommand::FocusTable]);
    }

    #[test]
    fn where_shortcuts_apply() {
        let main = |tab, typing, focused| Here {
            window: Window::Main,
            tab,
            typing,
            focused,
        };
        assert!(UiCommand::Save.scope().applies(&main(Tab::Plan, true, true)));
        assert!(!UiCommand::Undo.scope().applies(&main(Tab::Plan, true, true)));
        assert!(UiCommand::Undo.scope().applies(&main(Tab::Plan, false, true)));
        assert!(UiCommand::AddScheme.scope().applies(&main(Tab::Schemes, true, true)));
        assert!(!UiCommand::AddScheme.scope().applies(&main(Tab::Risks, false, false)));
        assert!(!UiCommand::NextMetric.scope().applies(&main(Tab::Metrics, false, true)));
        assert!(UiCommand::NextMetric.scope().applies(&main(Tab::Metrics, false, false)));
        let audience = Here {
            window: Window::Audience,
            ..main(Tab::Overview, false, false)
        };
        assert!(UiCommand::AudienceLarger.scope().applies(&audience));
        assert!(!UiCommand::ZoomIn.scope().applies(&audience));
        assert!(
            !UiCommand::AudienceLarger
                .scope()
                .applies(&main(Tab::Overview, false, false))
        );
    }

    #[test]
    fn names_follow_the_state_and_say_why_not() {
        let plan = Plan::default();
        let mut s = state(&plan);
        assert_eq!(UiCommand::ToggleLock.label(&s, true), "Lock the plan");
        assert_eq!(UiCommand::Undo.disabled_reason(&s).as_deref(), Some("Nothing to undo"));
        s.undo = Some("Edit plan title");
        assert_eq!(UiCommand::Undo.label(&s, true), "Undo edit plan title");
        assert!(UiCommand::Undo.enabled(&s));
        s.locked = true;
        assert_eq!(UiCommand::ToggleLock.label(&s, true), "Unlock the plan");
        assert_eq!(
            UiCommand::Undo.disabled_reason(&s).as_deref(),
            Some("The plan is locked: unlock it to undo.")
        );
        assert!(!UiCommand::Paste(RecordKind::Schemes).enabled(&s));
        assert!(UiCommand::Copy(RecordKind::Schemes).enabled(&s));
        s.presenting = true;
        assert_eq!(UiCommand::TogglePresentation.label(&s, true), "Exit");
        assert_eq!(UiCommand::PresentSize(100).checked(&s), Some(true));
        assert_eq!(UiCommand::PresentSize(150).checked(&s), Some(false));
        let recent = [PathBuf::from("/plans/kent.ron")];
        s.recent = &recent;
        assert_eq!(UiCommand::OpenRecent(0).label(&s, true), "kent.ron");
        assert!(!UiCommand::OpenRecent(1).enabled(&s));
    }

    #[test]
    fn the_palette_finds_commands_by_any_words() {
        assert!(matches("save as", "Save As…", "File"));
        assert!(matches("file new", "New plan", "File"));
        assert!(matches("DARK proj", "Projector theme: dark", "View"));
        assert!(!matches("save dark", "Save As…", "File"));
        assert!(matches("", "Quit", "File"));
    }

    #[test]
    fn shortcut_text_per_platform() {
        let ctx = egui::Context::default();
        ctx.set_os(OperatingSystem::Nix);
        assert_eq!(UiCommand::SaveAs.shortcut_text(&ctx).as_deref(), Some("Ctrl+Shift+S"));
        assert_eq!(UiCommand::TogglePresentation.shortcut_text(&ctx).as_deref(), Some("F5"));
        assert_eq!(UiCommand::Quit.shortcut_text(&ctx), None);
    }
}
