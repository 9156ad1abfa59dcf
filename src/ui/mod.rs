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
pub mod conflicts;
pub mod consolidation;
pub mod data;
pub mod escape;
pub mod find;
pub mod grid;
pub mod heatmap;
pub mod held_input;
pub mod help;
pub mod merge_with;
pub mod notify;
pub mod paste;
pub mod prefs;
pub mod present;
pub mod reading;
pub mod tab;
pub mod tabs;
pub mod undo;
pub mod widgets;
pub mod workbook_import;

use crate::calc::PlanSummary;
use crate::model::{Field, Plan, PlanEdit, RecordId, RecordKind, Value};
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
    /// The records the edits applied since the tabs were last drawn added,
    /// in order (as the edit that added them said): a tab selects the row
    /// it asked for.
    pub inserted: &'a [(RecordKind, RecordId)],
    /// How the plan came to `generation`: from the generation given by
    /// the changes given, as the edits (or undo, redo) since said (`None`:
    /// not known, e.g. another plan was opened). A cache keyed on that
    /// older generation updates only the records changed.
    pub changed: Option<(u64, &'a [crate::model::edit::Change])>,
}

impl TabCtx<'_> {
    /// What changed since generation `from`: nothing when it is this one,
    /// the changes when the plan came straight from it, `None` when not
    /// known (compute afresh).
    pub fn changes_since(&self, from: u64) -> Option<&[crate::model::edit::Change]> {
        if from == self.generation {
            return Some(&[]);
        }
        self.changed.filter(|(g, _)| *g == from).map(|(_, c)| c)
    }

    /// The first record of `kind` the last edits added.
    pub fn first_inserted(&self, kind: RecordKind) -> Option<RecordId> {
        self.inserted.iter().find(|(k, _)| *k == kind).map(|(_, id)| *id)
    }
}

/// A place in the plan: a tab, optionally a record and a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub tab: Tab,
    pub record: Option<RecordId>,
    pub field: Option<&'static str>,
}

/// A change to the plan, applied after the frame: the edit as data
/// ([`PlanEdit`], applied by [`crate::model::edit::apply`], which says
/// what it changed), what undo will call it ("Edit scheme name"), and for
/// typing the key that joins keystrokes into one undo step (edits with the
/// same `coalesce` key that follow each other merge).
#[derive(Clone, Debug, PartialEq)]
pub struct Edit {
    pub label: String,
    pub coalesce: Option<String>,
    pub edit: PlanEdit,
}

impl Edit {
    pub fn new(label: impl Into<String>, edit: PlanEdit) -> Self {
        Edit {
            label: label.into(),
            coalesce: None,
            edit,
        }
    }
    /// Typing in one field: consecutive edits with the same key merge.
    pub fn typing(label: impl Into<String>, key: impl Into<String>, edit: PlanEdit) -> Self {
        Edit {
            label: label.into(),
            coalesce: Some(key.into()),
            edit,
        }
    }
}

/// Everything the UI can ask the app to do.
#[must_use]
#[derive(Debug)]
pub enum Command {
    Edit(Edit),
    /// An edit that deletes records (a [`PlanEdit::Delete`]): applied at
    /// once when nothing links to them, else after the window asks
    /// ("Objective 3 is linked from 2 schemes and 1 risk; delete it and
    /// remove those links?"). One undo step either way.
    Delete(Edit),
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
    pub fn edit(&mut self, label: impl Into<String>, edit: PlanEdit) {
        self.0.push(Command::Edit(Edit::new(label, edit)));
    }
    /// Pushes a delete of `ids` of `kind` that asks first when other
    /// records link to them ([`Command::Delete`]).
    pub fn delete(&mut self, label: impl Into<String>, kind: RecordKind, ids: Vec<RecordId>) {
        self.0
            .push(Command::Delete(Edit::new(label, PlanEdit::Delete { kind, ids })));
    }
    /// Pushes a typing edit (coalesced by `key`).
    pub fn typing(&mut self, label: impl Into<String>, key: impl Into<String>, edit: PlanEdit) {
        self.0.push(Command::Edit(Edit::typing(label, key, edit)));
    }
    /// Pushes a typing edit of one field of one record (coalesced by `key`).
    pub fn type_field(
        &mut self,
        label: impl Into<String>,
        key: impl Into<String>,
        kind: RecordKind,
        id: RecordId,
        field: Field,
        value: Value,
    ) {
        self.typing(label, key, PlanEdit::set(kind, id, field, value));
    }
    pub fn go_to(&mut self, tab: Tab, record: Option<RecordId>, field: Option<&'static str>) {
        self.0.push(Command::GoTo(Target { tab, record, field }));
    }
}
