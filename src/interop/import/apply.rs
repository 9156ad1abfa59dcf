//! Changing the plan: the rows the preview accepted, applied inside the
//! edit the user confirmed.

use super::preview::RowOp;
use crate::model::field::{Field, RecordKind};
use crate::model::record::Record;
use crate::model::{Metric, Plan, RecordId, Risk, Scheme, SignOff};

/// Applies previewed rows to the plan (inside the edit the user
/// confirmed). Returns the ids of the records added or updated.
pub fn apply_ops(plan: &mut Plan, kind: RecordKind, ops: &[RowOp]) -> Vec<RecordId> {
    let touched = match kind {
        RecordKind::Schemes => apply_typed::<Scheme>(plan, ops),
        RecordKind::Metrics => apply_typed::<Metric>(plan, ops),
        RecordKind::Risks => apply_typed::<Risk>(plan, ops),
        RecordKind::SignOffs => apply_typed::<SignOff>(plan, ops),
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
        plan.header.years = years;
    }
    // links only to records that exist
    let scheme_ids: Vec<RecordId> = plan.schemes.iter().map(|s| s.id).collect();
    let metric_ids: Vec<RecordId> = plan.metrics.iter().map(|m| m.id).collect();
    for m in plan.metrics.iter_mut().filter(|m| touched.contains(&m.id)) {
        m.scheme_ids.retain(|id| scheme_ids.contains(id));
    }
    for r in plan.risks.iter_mut().filter(|r| touched.contains(&r.id)) {
        r.scheme_ids.retain(|id| scheme_ids.contains(id));
        r.metric_ids.retain(|id| metric_ids.contains(id));
    }
    touched
}

fn apply_typed<R: Record>(plan: &mut Plan, ops: &[RowOp]) -> Vec<RecordId> {
    let mut touched = Vec::with_capacity(ops.len());
    for op in ops {
        let position = op.target.and_then(|id| R::all(plan).iter().position(|r| r.id() == id));
        let mut rec = match position {
            Some(i) => R::all(plan)[i].clone(),
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
        match position {
            Some(i) => {
                touched.push(rec.id());
                R::all_mut(plan)[i] = rec;
            }
            None => {
                // the preview refused the rows beyond the ids the plan has left
                let Ok(id) = plan.alloc_id() else { break };
                rec.set_id(id);
                touched.push(id);
                R::all_mut(plan).push(rec);
            }
        }
    }
    touched
}
