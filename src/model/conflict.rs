//! What a three-way merge of two plans could not decide, kept in the plan
//! until a person chooses: [`MergeConflict`]. Written by `calc::merge`,
//! listed by the checklist, `opplan check` and `summary --json`, and
//! resolved by keeping one side (`calc::merge::resolve`).
//!
//! A conflict names its place by a [`PathStep`] path from the plan down
//! (the record by kind and id, then fields and keyed list elements), and
//! holds the value each version had there as a [`Tree`]: the value as
//! serde sees it, so any field of any record (and of record kinds added
//! later) can be held without a list of fields here.

use super::RecordId;
use super::field::RecordKind;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A field or variant name: borrowed from the model's types when a plan
/// is taken apart, owned when read from a file.
pub type Name = Cow<'static, str>;

/// A value of a plan as serde sees it (serde's data model, without
/// floats, which a plan never holds): what a conflict keeps of each
/// version. `calc::merge::tree` turns model values into trees and back.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tree {
    /// Not there: a record or list element one version does not have, or
    /// a field that version does not write.
    #[default]
    Absent,
    /// An empty option (`None` in a plan file).
    Null,
    /// An option holding a value (`Some(...)` in a plan file).
    Given(Box<Tree>),
    Unit,
    Bool(bool),
    Int(i64),
    Text(String),
    List(Vec<Tree>),
    Tuple(Vec<Tree>),
    /// A struct's fields, in the order the model writes them.
    Struct(Vec<(Name, Tree)>),
    Map(Vec<(Tree, Tree)>),
    /// A variant holding a value, a tuple or fields: `Exact(343200000)`.
    Variant(Name, Box<Tree>),
    UnitVariant(Name),
}

impl Tree {
    pub fn is_absent(&self) -> bool {
        matches!(self, Tree::Absent)
    }
    /// The value of a struct's field (through an option holding a struct).
    pub fn field(&self, name: &str) -> Option<&Tree> {
        match self {
            Tree::Struct(fields) => fields.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            Tree::Given(inner) => inner.field(name),
            _ => None,
        }
    }
}

/// One step of a conflict's path from the plan down.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum PathStep {
    /// A field of a struct: `Field("schemes")`, `Field("name")`.
    Field(Name),
    /// The element of a list whose field `.0` holds `.1`:
    /// `Element("id", Int(4))` is the record with id 4,
    /// `Element("year", Text("2015/16"))` a scheme's year. In a list of
    /// plain values (the CCGs, a metric's linked schemes) the field is
    /// empty and the value is the element itself.
    Element(Name, Tree),
}

/// One side of a merge: OURS is the version merged into (git's current
/// branch), THEIRS the version merged in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Side {
    #[default]
    Ours,
    Theirs,
}

impl Side {
    /// "ours", "theirs".
    pub fn word(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }
    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }
}

/// What the two sides did that could not be combined.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ConflictKind {
    /// Both changed the value differently (or both added it, differently).
    #[default]
    Changed,
    /// One side removed the record or list element, the other changed
    /// it: the changed one stays in the plan (nothing is lost); keeping
    /// the removing side removes it.
    Removed,
    /// Both reordered the list differently: the values are the lists'
    /// keys in each version's order (for records, their ids).
    Order,
}

/// A place where the two sides of a merge disagree. The plan holds the
/// value of side `kept` (ours, except where ours removed what theirs
/// changed); the conflict holds all three versions, so nothing either
/// side wrote is lost, and is resolved by keeping one side.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct MergeConflict {
    pub kind: ConflictKind,
    /// Where: from the plan down (`[Field("schemes"), Element("id",
    /// Int(4)), Field("years"), Element("year", Text("2015/16")),
    /// Field("spend")]`).
    pub path: Vec<PathStep>,
    /// The common ancestor's value ([`Tree::Absent`] when it had none).
    pub base: Tree,
    pub ours: Tree,
    pub theirs: Tree,
    /// Whose value the plan holds now.
    pub kept: Side,
}

impl MergeConflict {
    /// The value of one side.
    pub fn value(&self, side: Side) -> &Tree {
        match side {
            Side::Ours => &self.ours,
            Side::Theirs => &self.theirs,
        }
    }

    /// The record the conflict is in, by kind and id; `None` for the
    /// plan's details, settings and history, and for the order of a
    /// record list.
    pub fn record(&self) -> Option<(RecordKind, RecordId)> {
        match self.path.as_slice() {
            [PathStep::Field(list), PathStep::Element(key, Tree::Int(id)), ..] if key == "id" && *id > 0 => {
                let kind = RecordKind::ALL.into_iter().find(|k| k.key() == list)?;
                Some((kind, RecordId(*id as u64)))
            }
            _ => None,
        }
    }
}
