//! Changing the plan: the rows the preview accepted, as one edit
//! ([`import_edit`]) that the window applies as one undo step and the
//! command line applies at once ([`apply_ops`]).

use super::preview::RowOp;
use crate::model::edit::{self, AnyRecord, PlanEdit};
use crate::model::field::{Field, RecordKind};
use crate::model::record::Record;
use crate::model::{Metric, NarrativeSection, Objective, Plan, RecordId, Risk, Scheme, SignOff};
use std::collections::{HashMap, HashSet};

/// Applies previewed rows to the plan. Returns the ids of the records
/// added or updated, row by row (none when the plan refused the edit: it
/// has no record id left for the new rows, which the preview says).
pub fn apply_ops(plan: &mut Plan, kind: RecordKind, ops: &[RowOp]) -> Vec<RecordId> {
    let e = import_edit(plan, kind, ops);
    let Ok(applied) = edit::apply(plan, e) else {
        return Vec::new();
    };
    let mut added = applied.inserted(kind);
    ops.iter().filter_map(|op| op.target.or_else(|| added.next())).collect()
}

/// The edit that applies previewed rows to `plan`: each record a row
/// updates, with the row's cells set, put back whole; each new record
/// added at the end; the years the plan did not have added to its
/// header. Cells are read again exactly as in the preview, so the plan
/// gets what the preview showed; a link to a record that does not exist
/// is left out.
pub fn import_edit(plan: &Plan, kind: RecordKind, ops: &[RowOp]) -> PlanEdit {
    let mut edits = match kind {
        RecordKind::Schemes => rows::<Scheme>(plan, ops),
        RecordKind::Metrics => rows::<Metric>(plan, ops),
        RecordKind::Risks => rows::<Risk>(plan, ops),
        RecordKind::SignOffs => rows::<SignOff>(plan, ops),
        RecordKind::Objectives => rows::<Objective>(plan, ops),
        RecordKind::Sections => rows::<NarrativeSection>(plan, ops),
    };
    // years the plan did not have
    let mut years = plan.header.years.clone();
    for op in ops {
        for (f, text, _) in &op.cells {
            if let Field::Money { year, .. } = f
                && !text.trim().is_empty()
                && !years.contains(year)
            {
                years.push(year.clone());
            }
        }
    }
    if years.len() != plan.header.years.len() {
        years.sort();
        let mut header = plan.header.clone();
        header.years = years;
        edits.push(PlanEdit::SetHeader(Box::new(header)));
    }
    PlanEdit::Batch(edits)
}

fn rows<R: Record + Into<AnyRecord>>(plan: &Plan, ops: &[RowOp]) -> Vec<PlanEdit> {
    let index: HashMap<RecordId, usize> = R::all(plan).iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
    let schemes: HashSet<RecordId> = plan.schemes.iter().map(|s| s.id).collect();
    let metrics: HashSet<RecordId> = plan.metrics.iter().map(|m| m.id).collect();
    let risks: HashSet<RecordId> = plan.risks.iter().map(|m| m.id).collect();
    let objectives: HashSet<RecordId> = plan.objectives.iter().map(|m| m.id).collect();
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        let existing = op.target.and_then(|id| index.get(&id)).map(|&i| &R::all(plan)[i]);
        let mut rec = match existing {
            Some(r) => r.clone(),
            None => {
                let mut r = R::default();
                r.prepare_new(plan);
                r
            }
        };
        let mut cells = op.cells.clone();
        cells.sort_by(|a, b| a.0.cmp(&b.0));
        for (f, text, unit) in &cells {
            // checked in the preview; a cell that fails now changes nothing
            let _ = rec.set(f, text, *unit);
        }
        let _ = rec.finish();
        // links only to records that exist
        let mut rec: AnyRecord = rec.into();
        match &mut rec {
            AnyRecord::Metric(m) => m.scheme_ids.retain(|id| schemes.contains(id)),
            AnyRecord::Risk(r) => {
                r.scheme_ids.retain(|id| schemes.contains(id));
                r.metric_ids.retain(|id| metrics.contains(id));
                r.objective_ids.retain(|id| objectives.contains(id));
            }
            AnyRecord::Objective(o) => {
                o.scheme_ids.retain(|id| schemes.contains(id));
                o.metric_ids.retain(|id| metrics.contains(id));
                o.risk_ids.retain(|id| risks.contains(id));
            }
            AnyRecord::Scheme(_) | AnyRecord::SignOff(_) | AnyRecord::Section(_) => {}
        }
        out.push(match existing {
            Some(_) => PlanEdit::Put(rec),
            None => PlanEdit::Insert { at: None, record: rec },
        });
    }
    out
}
