//! What every table of records shares: the row a delete leaves selected,
//! (see [`block`]) a block of cells selected, copied, pasted over and
//! filled down as in a spreadsheet, (see [`frozen`]) the first columns
//! kept in view while the table scrolls sideways and (see [`widths`]) the
//! column widths the user dragged.

pub mod block;
pub mod frozen;
pub mod widths;

use crate::model::RecordId;

/// A row the user asked to delete, with the row to select once it is
/// gone. The app may ask first ("it is linked to …"): the selection moves
/// only when the delete is done, and stays where it was on Cancel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PendingDelete {
    pub deleted: RecordId,
    /// The row shown after the deleted one (else the one before it).
    pub next: Option<RecordId>,
}

impl PendingDelete {
    /// The delete of `deleted` from a table showing `shown` (row ids in
    /// table order).
    pub fn new(shown: impl IntoIterator<Item = RecordId>, deleted: RecordId) -> PendingDelete {
        let shown: Vec<RecordId> = shown.into_iter().collect();
        let next = shown.iter().position(|&id| id == deleted).and_then(|p| {
            shown
                .get(p + 1)
                .or_else(|| p.checked_sub(1).and_then(|q| shown.get(q)))
                .copied()
        });
        PendingDelete { deleted, next }
    }

    /// Once the record is gone (`exists` says whether it still is), the
    /// row to select now (`Some(next)`), and the slot is emptied. While it
    /// exists (the question is open, or was cancelled) nothing moves.
    pub fn settle(slot: &mut Option<PendingDelete>, exists: impl Fn(RecordId) -> bool) -> Option<Option<RecordId>> {
        let p = (*slot)?;
        if exists(p.deleted) {
            return None;
        }
        *slot = None;
        Some(p.next.filter(|&id| exists(id)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_selection_moves_only_once_the_record_is_gone() {
        let ids = [RecordId(1), RecordId(2), RecordId(3)];
        let p = PendingDelete::new(ids, RecordId(2));
        assert_eq!(p.next, Some(RecordId(3)));
        assert_eq!(PendingDelete::new(ids, RecordId(3)).next, Some(RecordId(2)));
        assert_eq!(PendingDelete::new([RecordId(1)], RecordId(1)).next, None);
        let mut slot = Some(p);
        // still there (asked, or cancelled): nothing moves
        assert_eq!(PendingDelete::settle(&mut slot, |_| true), None);
        assert_eq!(slot, Some(p));
        // gone: the next row
        assert_eq!(
            PendingDelete::settle(&mut slot, |id| id != RecordId(2)),
            Some(Some(RecordId(3)))
        );
        assert_eq!(slot, None);
        assert_eq!(PendingDelete::settle(&mut slot, |_| false), None);
    }
}
