//! Conflicts and plan values in words a person reads: where ("Scheme 4
//! “Carers Break”", "2015/16 spend"), and what each version holds
//! ("3,600 (£000)"). Used by `opplan merge`, `check`, `summary --json`,
//! the checklist, and `opplan show` (git's textconv: the whole plan as one
//! line per value).

use super::tree::{from_tree, to_tree_without};
use crate::model::field::{RecordKind, record_label};
use crate::model::money::{MoneyUnit, format_amount, group_thousands};
use crate::model::record::Record;
use crate::model::{
    Amount, ConflictKind, Figure, MergeConflict, Metric, NarrativeSection, Objective, PathStep, Plan, RecordId, Risk,
    Scheme, SignOff, Tree,
};

/// A conflict in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictWords {
    /// "Scheme 4 “Carers Break”", "The plan's details", "The schemes".
    pub record: String,
    /// "2015/16 spend", "the whole record", "order".
    pub field: String,
    pub base: String,
    pub ours: String,
    pub theirs: String,
}

/// The longest text quoted in a conflict (characters).
const QUOTE_CHARS: usize = 80;

/// How many elements of a list are named before "and N more".
const LIST_ITEMS: usize = 8;

/// A conflict in words, as the plan names its records now.
pub fn conflict_words(plan: &Plan, c: &MergeConflict) -> ConflictWords {
    let (record, field) = place_words(plan, &c.path);
    let unit = plan.settings.display_unit;
    let value = |t: &Tree| match c.kind {
        ConflictKind::Changed => value_words(t, unit, QUOTE_CHARS),
        ConflictKind::Order => order_words(t),
        ConflictKind::Removed => removal_words(&c.base, t),
    };
    ConflictWords {
        record,
        field: if c.kind == ConflictKind::Order {
            if field.is_empty() {
                "order".into()
            } else {
                format!("order of the {field}")
            }
        } else if field.is_empty() {
            "the whole record".into()
        } else {
            field
        },
        base: match c.kind {
            ConflictKind::Removed => "there".into(),
            _ => value(&c.base),
        },
        ours: value(&c.ours),
        theirs: value(&c.theirs),
    }
}

/// "1 merge conflict remains", "3 merge conflicts remain".
pub fn conflicts_remain(n: usize) -> String {
    if n == 1 {
        "1 merge conflict remains".into()
    } else {
        format!("{n} merge conflicts remain")
    }
}

/// One line for a terminal or a checklist: "Scheme 4 “Carers Break”,
/// 2015/16 spend: ours 3,600 (£000), theirs 3,700 (£000), base 3,443
/// (£000); the plan holds ours".
pub fn conflict_line(plan: &Plan, c: &MergeConflict) -> String {
    let w = conflict_words(plan, c);
    format!(
        "{}, {}: ours {}, theirs {}, base {}; the plan holds {}",
        w.record,
        w.field,
        w.ours,
        w.theirs,
        w.base,
        c.kept.word()
    )
}

/// The record (or part of the plan) and the field a path names. The field
/// is empty for a whole record or list.
pub fn place_words(plan: &Plan, path: &[PathStep]) -> (String, String) {
    match path {
        [PathStep::Field(list), PathStep::Element(key, id), rest @ ..] if key == "id" => {
            let record = match (RecordKind::ALL.into_iter().find(|k| k.key() == list), id) {
                (Some(kind), Tree::Int(n)) => label_of(plan, kind, RecordId(*n as u64)),
                _ => format!("{} with id {}", words_of(list), plain_words(id)),
            };
            (record, field_words(rest))
        }
        [PathStep::Field(part), rest @ ..] => {
            let record = match RecordKind::ALL.into_iter().find(|k| k.key() == part) {
                Some(kind) => format!("The {}", kind.word().to_lowercase()),
                None => match part.as_ref() {
                    "header" => "The plan's details".into(),
                    "settings" => "The plan's settings".into(),
                    "history" => "The plan's status history".into(),
                    other => format!("The plan's {}", words_of(other)),
                },
            };
            (record, field_words(rest))
        }
        _ => ("The plan".into(), field_words(path)),
    }
}

/// "Scheme 4 “Carers Break”" for the record of `kind` with `id`, as the
/// plan numbers it now ("Scheme with id 12" when the plan has none).
pub fn label_of(plan: &Plan, kind: RecordKind, id: RecordId) -> String {
    fn find<R: Record>(plan: &Plan, id: RecordId) -> Option<String> {
        let all = R::all(plan);
        all.iter()
            .position(|r| r.id() == id)
            .map(|i| record_label(R::KIND, i, all[i].title()))
    }
    let found = match kind {
        RecordKind::Schemes => find::<Scheme>(plan, id),
        RecordKind::Metrics => find::<Metric>(plan, id),
        RecordKind::Risks => find::<Risk>(plan, id),
        RecordKind::SignOffs => find::<SignOff>(plan, id),
        RecordKind::Objectives => find::<Objective>(plan, id),
        RecordKind::Sections => find::<NarrativeSection>(plan, id),
    };
    found.unwrap_or_else(|| format!("{} with id {id}", kind.singular()))
}

/// "area_of_spend" → "area of spend".
fn words_of(name: &str) -> String {
    name.replace('_', " ")
}

/// The field a path names inside a record or part: its fields' names in
/// words, a keyed element by its key ("years", "2015/16", "spend" →
/// "2015/16 spend").
pub fn field_words(path: &[PathStep]) -> String {
    let mut parts: Vec<String> = Vec::new();
    for (i, step) in path.iter().enumerate() {
        match step {
            // a list's name is said by its element's key ("2015/16"), not
            // by a position ("mitigations 2")
            PathStep::Field(_) if matches!(path.get(i + 1), Some(PathStep::Element(k, _)) if !k.is_empty()) => {}
            PathStep::Field(n) => parts.push(words_of(n)),
            PathStep::Element(_, key) => parts.push(plain_words(key)),
        }
    }
    parts.join(" ")
}

/// A plain value (a key) in words, unquoted.
fn plain_words(t: &Tree) -> String {
    match t {
        Tree::Text(s) => s.clone(),
        Tree::Int(n) => n.to_string(),
        Tree::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Tree::UnitVariant(n) => variant_words(n),
        other => value_words(other, MoneyUnit::Pounds, QUOTE_CHARS),
    }
}

/// "HigherIsBetter" → "higher is better".
fn variant_words(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// A value in words: text quoted (cut to `max` characters, 0 for no
/// cut), money in `unit`, a figure as a number or a ratio, an option's
/// value or "(none)", lists and records by their parts.
pub fn value_words(t: &Tree, unit: MoneyUnit, max: usize) -> String {
    match t {
        Tree::Absent => "(not there)".into(),
        Tree::Null | Tree::Unit => "(none)".into(),
        Tree::Given(inner) => value_words(inner, unit, max),
        Tree::Bool(b) => if *b { "yes" } else { "no" }.into(),
        Tree::Int(n) => n.to_string(),
        Tree::Text(s) => quote(s, max),
        Tree::UnitVariant(n) => variant_words(n),
        Tree::Variant(name, inner) => {
            if let Ok(a) = from_tree::<Amount>(t) {
                return format!("{} ({})", format_amount(&a, unit), unit.label());
            }
            if let Ok(f) = from_tree::<Figure>(t) {
                return match f {
                    Figure::Value(v) => v.to_string(),
                    Figure::Ratio { numerator, denominator } => format!("{numerator} / {denominator}"),
                };
            }
            format!("{} {}", variant_words(name), value_words(inner, unit, max))
        }
        Tree::List(items) | Tree::Tuple(items) => {
            if items.is_empty() {
                return "(none)".into();
            }
            let mut s: Vec<String> = items
                .iter()
                .take(LIST_ITEMS)
                .map(|i| value_words(i, unit, max))
                .collect();
            if items.len() > LIST_ITEMS {
                s.push(format!(
                    "and {} more",
                    group_thousands((items.len() - LIST_ITEMS) as u128)
                ));
            }
            let sep = if items.iter().all(super::is_plain) { ", " } else { "; " };
            s.join(sep)
        }
        Tree::Struct(fields) => {
            let parts: Vec<String> = fields
                .iter()
                .filter(|(_, v)| !is_empty(v))
                .map(|(n, v)| format!("{} {}", words_of(n), value_words(v, unit, max)))
                .collect();
            if parts.is_empty() {
                "(empty)".into()
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Tree::Map(entries) => entries
            .iter()
            .map(|(k, v)| format!("{}: {}", value_words(k, unit, max), value_words(v, unit, max)))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Text in quotes, cut to `max` characters (0: whole) with the length said.
fn quote(s: &str, max: usize) -> String {
    let n = s.chars().count();
    if max > 0 && n > max {
        let cut: String = s.chars().take(max).collect();
        format!(
            "\u{201c}{}\u{2026}\u{201d} ({} characters)",
            cut.trim_end(),
            group_thousands(n as u128)
        )
    } else {
        format!("\u{201c}{s}\u{201d}")
    }
}

/// Nothing in it: `""`, none, no elements, or a struct of such.
fn is_empty(t: &Tree) -> bool {
    match t {
        Tree::Absent | Tree::Null | Tree::Unit | Tree::Bool(false) => true,
        Tree::Text(s) => s.is_empty(),
        Tree::List(v) | Tree::Tuple(v) => v.is_empty(),
        Tree::Struct(f) => f.iter().all(|(_, v)| is_empty(v)),
        _ => false,
    }
}

/// An order in words: the keys in order ("ids 3, 1, 2").
fn order_words(t: &Tree) -> String {
    match t {
        Tree::List(keys) if !keys.is_empty() => {
            let mut s: Vec<String> = keys.iter().take(LIST_ITEMS).map(plain_words).collect();
            if keys.len() > LIST_ITEMS {
                s.push(format!(
                    "and {} more",
                    group_thousands((keys.len() - LIST_ITEMS) as u128)
                ));
            }
            s.join(", ")
        }
        _ => "(none)".into(),
    }
}

/// One side of a removal conflict: "removed", or "changed: name, years"
/// (the fields that differ from the base).
fn removal_words(base: &Tree, side: &Tree) -> String {
    if side.is_absent() {
        return "removed".into();
    }
    let changed: Vec<String> = match side {
        Tree::Struct(fields) => fields
            .iter()
            .filter(|(n, v)| base.field(n) != Some(v))
            .map(|(n, _)| words_of(n))
            .collect(),
        _ => Vec::new(),
    };
    if changed.is_empty() {
        if side == base {
            "kept (a record of that side links to it)".into()
        } else {
            "changed".into()
        }
    } else {
        format!("changed ({})", changed.join(", "))
    }
}

/// The whole plan as lines of text, one per value that is not empty (a
/// value's own line breaks are the printer's to escape), each line saying
/// where the value is ("Scheme id 4: 2015/16 spend: 3,443
/// (£000)"): `opplan show`, git's textconv for plans, so `git diff` and
/// `git log -p` show a plan's changes value by value. Records are named by
/// kind and id, so renaming or moving one changes only its own lines.
pub fn plan_lines(plan: &Plan) -> Vec<String> {
    let unit = plan.settings.display_unit;
    let mut out = Vec::new();
    // everything but the records (the header as the plan's), then each record
    // (the format version and the next id are bookkeeping, not content)
    let skip = [
        "schemes",
        "metrics",
        "risks",
        "signoffs",
        "conflicts",
        "format_version",
        "next_id",
    ];
    if let Ok(Tree::Struct(parts)) = to_tree_without(plan, &skip) {
        for (name, part) in &parts {
            let prefix = match name.as_ref() {
                "header" => "Plan".to_string(),
                "settings" => "Settings".to_string(),
                "history" => "Status history".to_string(),
                other => format!("Plan {}", words_of(other)),
            };
            dump(part, &prefix, &mut Vec::new(), unit, &mut out);
        }
    }
    for kind in RecordKind::ALL {
        let records = match kind {
            RecordKind::Schemes => trees_of::<Scheme>(plan),
            RecordKind::Metrics => trees_of::<Metric>(plan),
            RecordKind::Risks => trees_of::<Risk>(plan),
            RecordKind::SignOffs => trees_of::<SignOff>(plan),
            RecordKind::Objectives => trees_of::<Objective>(plan),
            RecordKind::Sections => trees_of::<NarrativeSection>(plan),
        };
        for (id, tree) in records {
            let prefix = format!("{} id {id}", kind.singular());
            out.push(prefix.clone());
            dump(&tree, &prefix, &mut Vec::new(), unit, &mut out);
        }
    }
    for (i, c) in plan.conflicts.iter().enumerate() {
        out.push(format!("Merge conflict {}: {}", i + 1, conflict_line(plan, c)));
    }
    out
}

fn trees_of<R: Record + serde::Serialize>(plan: &Plan) -> Vec<(RecordId, Tree)> {
    R::all(plan)
        .iter()
        .filter_map(|r| super::to_tree(r).ok().map(|t| (r.id(), t)))
        .collect()
}

/// Writes a line for each value in `t` that is not empty.
fn dump(t: &Tree, prefix: &str, path: &mut Vec<PathStep>, unit: MoneyUnit, out: &mut Vec<String>) {
    if is_empty(t) {
        return;
    }
    let nested =
        |t: &Tree| matches!(t, Tree::Struct(_)) || matches!(t, Tree::Given(i) if matches!(**i, Tree::Struct(_)));
    match t {
        Tree::Struct(fields) => {
            for (n, v) in fields {
                let said = match path.last() {
                    None => n == "id",                           // in the prefix
                    Some(PathStep::Element(key, _)) => key == n, // the element's key
                    _ => false,
                };
                if said {
                    continue;
                }
                path.push(PathStep::Field(n.clone()));
                dump(v, prefix, path, unit, out);
                path.pop();
            }
        }
        Tree::Given(inner) if nested(inner) => dump(inner, prefix, path, unit, out),
        Tree::List(items) if items.iter().any(nested) => {
            let key = super::list_key(&[items]);
            for (i, item) in items.iter().enumerate() {
                let step = match key.and_then(|k| super::key_of(item, k).map(|v| (k, v))) {
                    Some((super::ListKey::Field(f), v)) => PathStep::Element(f.into(), v.clone()),
                    _ => PathStep::Element("".into(), Tree::Text(format!("{}", i + 1))),
                };
                path.push(step);
                dump(item, prefix, path, unit, out);
                path.pop();
            }
        }
        other => out.push(format!(
            "{prefix}: {}: {}",
            field_words(path),
            value_words(other, unit, 0)
        )),
    }
}
