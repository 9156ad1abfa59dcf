//! The checklist's vocabulary: which part of the plan an item is about,
//! the item, and the list. Built by [`super::checklist`] and
//! [`super::lifecycle`].

use crate::model::RecordId;

/// The parts of a plan a check is about (the window has a tab for each;
/// the CLI and the exports group the checklist by them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// The plan's header: cover, dates, budgets, status.
    Plan,
    Schemes,
    /// The operating plan's money: allocation, contributions, QIPP.
    Finance,
    Metrics,
    Risks,
    SignOffs,
    /// The operating plan's objectives.
    Objectives,
    /// Narrative sections and national conditions.
    Narrative,
}

impl Section {
    pub const ALL: [Section; 8] = [
        Section::Plan,
        Section::Objectives,
        Section::Schemes,
        Section::Finance,
        Section::Metrics,
        Section::Risks,
        Section::SignOffs,
        Section::Narrative,
    ];
    pub fn word(self) -> &'static str {
        match self {
            Section::Plan => "Plan",
            Section::Schemes => "Schemes",
            Section::Finance => "Finance",
            Section::Metrics => "Metrics",
            Section::Risks => "Risks",
            Section::SignOffs => "Sign-offs",
            Section::Objectives => "Objectives",
            Section::Narrative => "Narrative",
        }
    }
}

/// One line of the checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckItem {
    pub section: Section,
    pub record: Option<RecordId>,
    /// The field to focus, by its model name ("name", "date"...).
    pub field: Option<&'static str>,
    /// What is required, as a sentence naming the record: "Scheme 4
    /// “Carers Break”: area is Other but nothing is specified".
    pub text: String,
    pub ok: bool,
}

impl CheckItem {
    pub(super) fn new(
        section: Section,
        record: Option<RecordId>,
        field: Option<&'static str>,
        ok: bool,
        text: String,
    ) -> Self {
        CheckItem {
            section,
            record,
            field,
            text,
            ok,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Checklist {
    pub items: Vec<CheckItem>,
}

impl Checklist {
    pub fn missing(&self) -> impl Iterator<Item = &CheckItem> {
        self.items.iter().filter(|i| !i.ok)
    }
    pub fn incomplete_count(&self) -> usize {
        self.items.iter().filter(|i| !i.ok).count()
    }
    pub fn is_complete(&self) -> bool {
        self.items.iter().all(|i| i.ok)
    }
    /// Items not complete for one record.
    pub fn for_record(&self, id: RecordId) -> impl Iterator<Item = &CheckItem> {
        self.items.iter().filter(move |i| !i.ok && i.record == Some(id))
    }
}
