//! The change list presented: as lines of text (for a terminal, a note or
//! the window's "Copy as text") and as JSON.

use super::{ChangeKind, FieldChange, Move, PlanDiff, RagChange, RecordChange, TotalChange};
use crate::calc::finance::span_json;
use crate::model::Span;
use crate::model::field::RecordKind;
use crate::model::money::{MoneyUnit, format_pence, format_span};
use serde_json::{Value as Json, json};
use std::fmt::Write as _;

/// One change as a phrase: "2015/16 spend 3,443 → 3,600", "status set to
/// “On track”", "notes changed".
pub fn phrase(c: &FieldChange) -> String {
    if c.long {
        return if c.old.is_empty() {
            format!("{} added", c.field)
        } else if c.new.is_empty() {
            format!("{} cleared", c.field)
        } else {
            format!("{} changed", c.field)
        };
    }
    if c.old.is_empty() {
        format!("{} set to {}", c.field, c.new)
    } else if c.new.is_empty() {
        format!("{} cleared (was {})", c.field, c.old)
    } else {
        format!("{} {} \u{2192} {}", c.field, c.old, c.new)
    }
}

fn phrases(fields: &[FieldChange], unit: MoneyUnit) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in fields {
        let mut p = phrase(c);
        if c.money && !c.long && !c.old.starts_with('£') && !c.new.starts_with('£') {
            let _ = write!(p, " ({})", unit.label());
        }
        parts.push(p);
    }
    parts.join("; ")
}

/// The added-or-removed line's figures: "2015/16 spend 250 (£000), source
/// “CCG Minimum Contribution”".
fn figures(fields: &[FieldChange], unit: MoneyUnit) -> String {
    fields
        .iter()
        .map(|c| {
            if c.money {
                format!("{} {} ({})", c.field, c.new, unit.label())
            } else {
                format!("{} {}", c.field, c.new)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "up 157", "down 30", "up 10 – 20" (ranges), in `unit`.
pub fn movement(old: &Span, new: &Span, unit: MoneyUnit) -> String {
    let d = Span {
        min_pence: new.min_pence - old.min_pence,
        max_pence: new.max_pence - old.max_pence,
    };
    let word = |p: i128| if p >= 0 { "up" } else { "down" };
    let abs = |p: i128| format_pence(p.abs(), unit);
    if d.min_pence == d.max_pence {
        let shown = abs(d.min_pence);
        if shown == "0" {
            return format!(
                "{} £{}",
                word(d.min_pence),
                format_pence(d.min_pence.abs(), MoneyUnit::Pounds)
            );
        }
        format!("{} {shown}", word(d.min_pence))
    } else {
        format!(
            "minimum {} {}, maximum {} {}",
            word(d.min_pence),
            abs(d.min_pence),
            word(d.max_pence),
            abs(d.max_pence)
        )
    }
}

/// "moved from position 2 to 1".
pub fn move_phrase(m: &Move) -> String {
    format!("moved from position {} to {}", m.from, m.to)
}

/// The line for a record: "Scheme 4 “Carers Break”: 2015/16 spend 3,443
/// → 3,600 (£000)", "Scheme 1 “Care Act”: moved from position 3 to 1".
pub fn record_line(r: &RecordChange, unit: MoneyUnit) -> String {
    match r.change {
        ChangeKind::Changed | ChangeKind::Moved => {
            let mut parts: Vec<String> = r.moved.iter().map(move_phrase).collect();
            if !r.fields.is_empty() {
                parts.push(phrases(&r.fields, unit));
            }
            format!("{}: {}", r.label, parts.join("; "))
        }
        ChangeKind::Added if r.fields.is_empty() => format!("{} added", r.label),
        ChangeKind::Added => format!("{} added: {}", r.label, figures(&r.fields, unit)),
        ChangeKind::Removed if r.fields.is_empty() => format!("{} removed", r.label),
        ChangeKind::Removed => format!("{} removed (was: {})", r.label, figures(&r.fields, unit)),
    }
}

pub fn total_line(t: &TotalChange, unit: MoneyUnit) -> String {
    format!(
        "{}: {} \u{2192} {} ({}), {}",
        t.what,
        format_span(&t.old, unit),
        format_span(&t.new, unit),
        unit.label(),
        movement(&t.old, &t.new, unit)
    )
}

pub fn rag_line(r: &RagChange) -> String {
    format!("{}: {} \u{2192} {}", r.what, r.old.word(), r.new.word())
}

/// The change list as lines of text, for a terminal, a note or an e-mail.
/// `old_name` and `new_name` say what was compared ("draft-1.ron"). Each
/// line is one entry: plan text in it may hold a line break, so a
/// terminal prints each through [`crate::interop::terminal_text`].
pub fn render_lines(d: &PlanDiff, old_name: &str, new_name: &str) -> Vec<String> {
    let mut out = vec![format!("Changes from {old_name} to {new_name}")];
    if d.is_empty() {
        out.push(String::new());
        out.push("No differences.".into());
        return out;
    }
    let unit = d.unit;
    let counts: Vec<String> = RecordKind::ALL
        .iter()
        .chain(&RecordKind::OPERATING)
        .filter_map(|k| {
            let bits: Vec<String> = [
                ChangeKind::Added,
                ChangeKind::Removed,
                ChangeKind::Changed,
                ChangeKind::Moved,
            ]
            .into_iter()
            .filter_map(|c| {
                let n = d.count(*k, c);
                (n > 0).then(|| format!("{n} {}", c.key()))
            })
            .collect();
            (!bits.is_empty()).then(|| format!("{} {}", k.word(), bits.join(", ")))
        })
        .collect();
    if !counts.is_empty() {
        out.push(counts.join("; "));
    }
    if !d.totals.is_empty() {
        out.extend([String::new(), "Effect on totals".into()]);
        out.extend(d.totals.iter().map(|t| format!("  {}", total_line(t, unit))));
    }
    if !d.rags.is_empty() || d.checklist.0 != d.checklist.1 {
        out.extend([String::new(), "Effect on RAG and readiness".into()]);
        out.extend(d.rags.iter().map(|r| format!("  {}", rag_line(r))));
        if d.checklist.0 != d.checklist.1 {
            out.push(format!(
                "  Checklist: {} \u{2192} {} items incomplete",
                d.checklist.0, d.checklist.1
            ));
        }
    }
    if !d.header.is_empty() {
        out.extend([String::new(), "Plan details".into()]);
        out.extend(
            d.header
                .iter()
                .map(|c| format!("  {}", phrases(std::slice::from_ref(c), unit))),
        );
    }
    for kind in RecordKind::ALL.into_iter().chain(RecordKind::OPERATING) {
        let rs: Vec<&RecordChange> = d.records.iter().filter(|r| r.kind == kind).collect();
        if rs.is_empty() {
            continue;
        }
        out.extend([String::new(), kind.word().to_string()]);
        out.extend(rs.into_iter().map(|r| format!("  {}", record_line(r, unit))));
    }
    out
}

/// The change list as one text (see [`render_lines`]).
pub fn render_text(d: &PlanDiff, old_name: &str, new_name: &str) -> String {
    let mut out = render_lines(d, old_name, new_name).join("\n");
    out.push('\n');
    out
}

fn field_json(c: &FieldChange) -> Json {
    json!({"field": c.field, "old": c.old, "new": c.new, "money": c.money})
}

/// The change list as JSON (figures in pence, and each line's text).
pub fn to_json(d: &PlanDiff, old_name: &str, new_name: &str) -> Json {
    let unit = d.unit;
    json!({
        "old": old_name,
        "new": new_name,
        "identical": d.is_empty(),
        "unit": unit.label(),
        "header": d.header.iter().map(field_json).collect::<Vec<_>>(),
        "records": d.records.iter().map(|r| json!({
            "kind": r.kind.key(),
            "id": r.id.0,
            "label": r.label,
            "change": r.change.key(),
            "moved": r.moved.map(|m| json!({"from": m.from, "to": m.to})),
            "fields": r.fields.iter().map(field_json).collect::<Vec<_>>(),
            "text": record_line(r, unit),
        })).collect::<Vec<_>>(),
        "totals": d.totals.iter().map(|t| json!({
            "what": t.what,
            "old": span_json(&t.old),
            "new": span_json(&t.new),
            "text": total_line(t, unit),
        })).collect::<Vec<_>>(),
        "rag": d.rags.iter().map(|r| json!({
            "what": r.what,
            "old": r.old.key(),
            "new": r.new.key(),
            "text": rag_line(r),
        })).collect::<Vec<_>>(),
        "checklist_incomplete": {"old": d.checklist.0, "new": d.checklist.1},
    })
}
