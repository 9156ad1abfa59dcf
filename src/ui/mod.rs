//! The window: the app shell ([`app`]), one module per tab ([`tabs`]) and
//! shared widgets ([`widgets`]).
//!
//! Tabs never change the plan while drawing it: they read `&Plan` from a
//! [`TabCtx`] and push [`Command`]s, which the app applies after the frame
//! (one direction of data, undo points in one place).

pub mod app;
pub mod audience;
pub mod cells;
pub mod checklist;
pub mod command;
pub mod compare;
pub mod data;
pub mod escape;
pub mod heatmap;
pub mod paste;
pub mod prefs;
pub mod present;
pub mod tab;
pub mod tabs;
pub mod undo;
pub mod widgets;

use crate::calc::PlanSummary;
use crate::calc::live::Change;
use crate::model::{Plan, RecordId};
use chrono::NaiveDate;
use std::path::PathBuf;

pub use app::OpplanApp;
pub use command::UiCommand;
pub use tab::Tab;

/// What a tab needs to draw itself: the plan, everything computed from it,
/// and whether edits are allowed.
pub struct TabCtx<'a> {
    pub plan: &'a Plan,
    pub summary: &'a PlanSummary,
    /// True when the plan is locked (read-only): tabs show values, no inputs.
    pub locked: bool,
    pub today: NaiveDate,
    /// Set when the app asks a tab to bring a record (and field) into view.
    pub focus: Option<&'a Target>,
    /// Changes whenever the plan changes (edit, undo, open): tabs key their
    /// caches (sorted and filtered rows) on it.
    pub generation: u64,
}

/// A place in the plan: a tab, optionally a record and a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub tab: Tab,
    pub record: Option<RecordId>,
    pub field: Option<&'static str>,
}

/// A change to the plan, applied after the frame. `label` says what undo
/// will undo ("Edit scheme name"); edits with the same `coalesce` key that
/// follow each other (typing in one field) merge into one undo step.
///
/// `scope`, when set, says the edit changes nothing but one record (or the
/// header): undo then keeps a copy of that record only, and the summary is
/// updated for that record only, so typing costs the same on a plan of
/// 5,000 schemes as on one of 10. Debug builds check the claim on every
/// edit ([`undo::History::apply`]).
pub struct Edit {
    pub label: String,
    pub coalesce: Option<String>,
    pub apply: Box<dyn FnOnce(&mut Plan)>,
    pub scope: Option<Change>,
}

impl Edit {
    pub fn new(label: impl Into<String>, apply: impl FnOnce(&mut Plan) + 'static) -> Self {
        Edit {
            label: label.into(),
            coalesce: None,
            apply: Box::new(apply),
            scope: None,
        }
    }
    /// Typing in one field: consecutive edits with the same key merge.
    pub fn typing(label: impl Into<String>, key: impl Into<String>, apply: impl FnOnce(&mut Plan) + 'static) -> Self {
        Edit {
            label: label.into(),
            coalesce: Some(key.into()),
            apply: Box::new(apply),
            scope: None,
        }
    }
    /// Says the edit changes only this record (or the header).
    pub fn only(mut self, scope: Change) -> Self {
        self.scope = Some(scope);
        self
    }
}

impl std::fmt::Debug for Edit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Edit")
            .field("label", &self.label)
            .field("coalesce", &self.coalesce)
            .field("scope", &self.scope)
            .finish()
    }
}

/// Everything the UI can ask the app to do.
#[must_use]
#[derive(Debug)]
pub enum Command {
    Edit(Edit),
    /// Show a tab, and select a record (and field) in it.
    GoTo(Target),
    /// An action of the command table (menus, bars, shortcuts, the
    /// command palette).
    Ui(UiCommand),
    /// Open this file (asking first when there are unsaved changes).
    OpenPath(PathBuf),
    /// Save to this file (the file dialog's answer to Save As).
    SaveAsPath(PathBuf),
    /// Paste, copy, import, export, compare with what the tabs give them
    /// (the rows selected, the text pasted).
    Data(data::DataCommand),
}

impl From<Edit> for Command {
    fn from(e: Edit) -> Command {
        Command::Edit(e)
    }
}

/// Collects commands during a frame.
#[derive(Default, Debug)]
pub struct Commands(pub Vec<Command>);

impl Commands {
    pub fn push(&mut self, c: Command) {
        self.0.push(c);
    }
    /// Pushes an edit.
    pub fn edit(&mut self, label: impl Into<String>, apply: impl FnOnce(&mut Plan) + 'static) {
        self.0.push(Command::Edit(Edit::new(label, apply)));
    }
    /// Pushes a typing edit (coalesced by `key`).
    pub fn typing(
        &mut self,
        label: impl Into<String>,
        key: impl Into<String>,
        apply: impl FnOnce(&mut Plan) + 'static,
    ) {
        self.0.push(Command::Edit(Edit::typing(label, key, apply)));
    }
    /// Pushes an edit that changes only `scope` (see [`Edit::scope`]).
    pub fn edit_only(&mut self, scope: Change, label: impl Into<String>, apply: impl FnOnce(&mut Plan) + 'static) {
        self.0.push(Command::Edit(Edit::new(label, apply).only(scope)));
    }
    /// Pushes a typing edit that changes only `scope`.
    pub fn typing_only(
        &mut self,
        scope: Change,
        label: impl Into<String>,
        key: impl Into<String>,
        apply: impl FnOnce(&mut Plan) + 'static,
    ) {
        self.0.push(Command::Edit(Edit::typing(label, key, apply).only(scope)));
    }
    pub fn go_to(&mut self, tab: Tab, record: Option<RecordId>, field: Option<&'static str>) {
        self.0.push(Command::GoTo(Target { tab, record, field }));
    }
}
