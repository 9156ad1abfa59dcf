//! The operating-plan content beyond the four tables: objectives and the
//! work linked to them, milestones of initiatives, and the narrative
//! sections with the national conditions' answers. Plain serde types, no
//! I/O. Every field that older plans lack is left out of the file while it
//! holds its empty value, so a plan without this content is written (and
//! fingerprinted) exactly as before.

use super::{DateField, RecordId};
use serde::{Deserialize, Serialize};

/// One of the plan's key objectives ("1. Improve outcomes for people with
/// long term conditions"), with the schemes or initiatives, metrics and
/// risks that serve it. Links live here only: a scheme serves an
/// objective when the objective names it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Objective {
    pub id: RecordId,
    /// As the plan numbers it: "1", "2a".
    pub number: String,
    pub title: String,
    pub description: String,
    pub owner: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scheme_ids: Vec<RecordId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub metric_ids: Vec<RecordId>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risk_ids: Vec<RecordId>,
}

impl Objective {
    /// True when it links to one of `ids`.
    pub fn links_to(&self, ids: &[RecordId]) -> bool {
        self.scheme_ids
            .iter()
            .chain(&self.metric_ids)
            .chain(&self.risk_ids)
            .any(|x| ids.contains(x))
    }
    /// Removes its links to `ids`.
    pub fn drop_links(&mut self, ids: &[RecordId]) {
        self.scheme_ids.retain(|x| !ids.contains(x));
        self.metric_ids.retain(|x| !ids.contains(x));
        self.risk_ids.retain(|x| !ids.contains(x));
    }
    /// How it is named to people: "Objective 3 “Reduce emergency
    /// admissions”" (its own number when it has one, else its place).
    pub fn label(&self, position: usize) -> String {
        let n = if self.number.trim().is_empty() {
            (position + 1).to_string()
        } else {
            self.number.trim().to_string()
        };
        let t = self.title.trim();
        if t.is_empty() {
            format!("Objective {n} (no title)")
        } else {
            format!("Objective {n} \u{201c}{t}\u{201d}")
        }
    }
}

/// What a scheme is: a line of the expenditure plan, or an initiative or
/// project of an operating plan (with milestones).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SchemeKind {
    #[default]
    Scheme,
    Initiative,
    Project,
}

impl SchemeKind {
    pub const ALL: [SchemeKind; 3] = [SchemeKind::Scheme, SchemeKind::Initiative, SchemeKind::Project];
    pub fn word(self) -> &'static str {
        match self {
            SchemeKind::Scheme => "Scheme",
            SchemeKind::Initiative => "Initiative",
            SchemeKind::Project => "Project",
        }
    }
    /// Reads the word (any case); empty is a scheme.
    pub fn parse(text: &str) -> Result<SchemeKind, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(SchemeKind::Scheme);
        }
        SchemeKind::ALL
            .into_iter()
            .find(|k| k.word().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("\u{201c}{t}\u{201d} is not Scheme, Initiative or Project"))
    }
    pub fn is_scheme(&self) -> bool {
        *self == SchemeKind::Scheme
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MilestoneStatus {
    #[default]
    NotStarted,
    OnTrack,
    AtRisk,
    Done,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 4] = [
        MilestoneStatus::NotStarted,
        MilestoneStatus::OnTrack,
        MilestoneStatus::AtRisk,
        MilestoneStatus::Done,
    ];
    pub fn word(self) -> &'static str {
        match self {
            MilestoneStatus::NotStarted => "Not started",
            MilestoneStatus::OnTrack => "On track",
            MilestoneStatus::AtRisk => "At risk",
            MilestoneStatus::Done => "Done",
        }
    }
    pub fn parse(text: &str) -> Result<MilestoneStatus, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(MilestoneStatus::NotStarted);
        }
        MilestoneStatus::ALL
            .into_iter()
            .find(|k| k.word().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("\u{201c}{t}\u{201d} is not Not started, On track, At risk or Done"))
    }
}

/// A milestone of an initiative: "Draft specification and business case
/// complete", due "July 2015". It belongs to its scheme (deleting the
/// scheme deletes it) and has its own id, so the merge and the diff match
/// it in its list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Milestone {
    pub id: RecordId,
    pub description: String,
    /// A date or a period as the plan writes it: "31/07/2016",
    /// "Q2 2016/17", "Autumn 2016" (see `date::due_window`).
    pub due: String,
    pub owner: String,
    pub status: MilestoneStatus,
    pub completed: Option<DateField>,
}

impl Milestone {
    /// Every text of a milestone the user types, by name: "Milestone",
    /// "Due", "Owner" (find and replace reads them here).
    pub fn texts(&self) -> [(&'static str, &str); 3] {
        [
            ("Milestone", &self.description),
            ("Due", &self.due),
            ("Owner", &self.owner),
        ]
    }

    /// The same texts, to change (in the same order).
    pub fn texts_mut(&mut self) -> [&mut String; 3] {
        [&mut self.description, &mut self.due, &mut self.owner]
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SectionStatus {
    #[default]
    NotStarted,
    Draft,
    Complete,
}

impl SectionStatus {
    pub const ALL: [SectionStatus; 3] = [SectionStatus::NotStarted, SectionStatus::Draft, SectionStatus::Complete];
    pub fn word(self) -> &'static str {
        match self {
            SectionStatus::NotStarted => "Not started",
            SectionStatus::Draft => "Draft",
            SectionStatus::Complete => "Complete",
        }
    }
    pub fn parse(text: &str) -> Result<SectionStatus, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(SectionStatus::NotStarted);
        }
        SectionStatus::ALL
            .into_iter()
            .find(|k| k.word().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("\u{201c}{t}\u{201d} is not Not started, Draft or Complete"))
    }
}

/// Whether a national condition is met.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConditionMet {
    #[default]
    NotAnswered,
    Yes,
    Partly,
    No,
}

impl ConditionMet {
    pub const ALL: [ConditionMet; 4] = [
        ConditionMet::NotAnswered,
        ConditionMet::Yes,
        ConditionMet::Partly,
        ConditionMet::No,
    ];
    pub fn word(self) -> &'static str {
        match self {
            ConditionMet::NotAnswered => "Not answered",
            ConditionMet::Yes => "Yes",
            ConditionMet::Partly => "Partly",
            ConditionMet::No => "No",
        }
    }
    pub fn parse(text: &str) -> Result<ConditionMet, String> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(ConditionMet::NotAnswered);
        }
        ConditionMet::ALL
            .into_iter()
            .find(|k| k.word().eq_ignore_ascii_case(t))
            .ok_or_else(|| format!("\u{201c}{t}\u{201d} is not Yes, Partly, No or Not answered"))
    }
}

/// The structured answer behind a national condition's prose.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ConditionAnswer {
    pub met: ConditionMet,
    /// How the plan assures it is met.
    pub assurance: String,
    /// What will be done, and by when, where it is not (yet) met.
    pub actions: String,
}

/// One titled part of the plan's narrative (vision, case for change,
/// engagement, governance...), or a national condition, which carries an
/// answer as well.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct NarrativeSection {
    pub id: RecordId,
    pub title: String,
    pub status: SectionStatus,
    pub text: String,
    /// Present for a national condition.
    pub condition: Option<ConditionAnswer>,
}

impl NarrativeSection {
    pub fn is_condition(&self) -> bool {
        self.condition.is_some()
    }
    /// "Section 2 “Vision”", "National condition 3 “Data sharing”"
    /// (numbered by place in the plan's list).
    pub fn label(&self, position: usize) -> String {
        let kind = if self.is_condition() {
            "National condition"
        } else {
            "Section"
        };
        let t = self.title.trim();
        if t.is_empty() {
            format!("{kind} {} (no title)", position + 1)
        } else {
            format!("{kind} {} \u{201c}{t}\u{201d}", position + 1)
        }
    }
}

/// Words in a text, as a word processor counts them (runs of characters
/// between white space).
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A scheme's milestones as one text, a line each: "1. Specification
/// agreed; due Q2 2016/17; owner Jo Bloggs; On track; completed
/// 01/09/2016". For comparing versions.
pub fn milestones_text(ms: &[Milestone]) -> String {
    ms.iter()
        .enumerate()
        .map(|(i, m)| {
            let mut s = format!("{}. {}", i + 1, m.description.trim());
            if !m.due.trim().is_empty() {
                s.push_str(&format!("; due {}", m.due.trim()));
            }
            if !m.owner.trim().is_empty() {
                s.push_str(&format!("; owner {}", m.owner.trim()));
            }
            s.push_str(&format!("; {}", m.status.word()));
            if let Some(d) = &m.completed {
                s.push_str(&format!("; completed {}", d.display()));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("\n")
}
