//! The content fingerprint: a hash of everything in a plan but its
//! sign-offs, lifecycle and view settings, recorded by a sign-off so a
//! later change shows as "changed since signed"; `canonical.rs` is the
//! encoding it hashes.

mod canonical;

pub use canonical::{canonical_bytes, canonical_bytes_into};

use crate::model::{ContentFingerprint, Plan};
use serde::Serialize;
use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

/// Fingerprints of the plan's content: everything except the sign-offs,
/// the lifecycle (status, history, the dates submitted and agreed, which
/// the lifecycle records) and view settings (the display unit, the file
/// format version, the next id).
///
/// Each part is hashed (xxh3-128) over a canonical encoding of its serde
/// form in which fields holding their empty value (`""`, `None`, `[]`,
/// `false`) are left out, so the fingerprint is the same after saving,
/// loading or reformatting the file, and stays the same when a later
/// version of the app adds a field that the plan does not use yet.
pub fn content_fingerprint(plan: &Plan) -> ContentFingerprint {
    fingerprint_of_parts(
        header_hash(plan),
        settings_hash(plan),
        list_hash(&plan.schemes),
        list_hash(&plan.metrics),
        list_hash(&plan.risks),
        operating_hash(plan),
    )
}

/// The fingerprint of the objectives and the narrative sections: empty
/// while the plan has neither, so the fingerprints of plans without them
/// stay what they were.
pub fn operating_hash(plan: &Plan) -> String {
    if plan.objectives.is_empty() && plan.sections.is_empty() {
        String::new()
    } else {
        canonical_hash(&(&plan.objectives, &plan.sections))
    }
}

/// [`canonical_hash`] of a list, element by element into the hash through
/// one small buffer (no buffer the size of the whole list: on a large plan
/// that is megabytes allocated, grown and copied on every summary).
pub fn list_hash<T: Serialize>(elements: &[T]) -> String {
    let mut buf = Vec::with_capacity(4096);
    hash_list(|h| {
        for e in elements {
            canonical_bytes_into(e, &mut buf);
            h.update(&buf);
        }
    })
}

/// The hash of a list from its elements' canonical encodings (each as
/// [`canonical_bytes`] gives it): the same as [`canonical_hash`] of the
/// list, without encoding again the elements that did not change.
pub fn list_hash_of_encoded(elements: &[Vec<u8>]) -> String {
    hash_list(|h| {
        for e in elements {
            h.update(e);
        }
    })
}

/// The hash of a list's canonical encoding, its elements' encodings
/// written by `elements` between the list's opening and closing.
fn hash_list(elements: impl FnOnce(&mut Xxh3Default)) -> String {
    let mut h = Xxh3Default::new();
    h.update(&[canonical::LIST_OPEN]);
    elements(&mut h);
    h.update(&[canonical::LIST_CLOSE]);
    hex(h.digest128())
}

/// A hash as 32 hex digits.
fn hex(hash: u128) -> String {
    format!("{hash:032x}")
}

/// The fingerprint of the header: everything but the lifecycle's fields.
pub fn header_hash(plan: &Plan) -> String {
    let mut header = plan.header.clone();
    header.status = Default::default();
    header.date_submitted = None;
    header.date_agreed_hwb = None;
    let tables_empty = plan.allocations.is_empty()
        && plan.finance_years.is_empty()
        && plan.contributions.is_empty()
        && plan.performance_amounts.is_empty();
    if tables_empty {
        // as before the finance tables existed: plans signed then still match
        return canonical_hash(&header);
    }
    /// The header with the operating plan's finance tables beside it.
    #[derive(serde::Serialize)]
    struct WithFinance<'a> {
        header: &'a crate::model::PlanHeader,
        allocations: &'a [crate::model::AllocationLine],
        finance_years: &'a [crate::model::FinanceYear],
        contributions: &'a [crate::model::Contribution],
        performance_amounts: &'a [crate::model::PerformanceAmount],
    }
    canonical_hash(&WithFinance {
        header: &header,
        allocations: &plan.allocations,
        finance_years: &plan.finance_years,
        contributions: &plan.contributions,
        performance_amounts: &plan.performance_amounts,
    })
}

/// The fingerprint of the settings: everything but the display unit.
pub fn settings_hash(plan: &Plan) -> String {
    let mut settings = plan.settings.clone();
    settings.display_unit = Default::default();
    canonical_hash(&settings)
}

/// The whole fingerprint from its parts' hashes.
pub fn fingerprint_of_parts(
    header: String,
    settings: String,
    schemes: String,
    metrics: String,
    risks: String,
    operating: String,
) -> ContentFingerprint {
    let joined = format!("{header}{settings}{schemes}{metrics}{risks}{operating}");
    ContentFingerprint {
        whole: hex(xxh3_128(joined.as_bytes())),
        header,
        schemes,
        metrics,
        risks,
        operating,
    }
}

/// The xxh3-128 of a value's canonical encoding, as 32 hex digits.
pub fn canonical_hash<T: Serialize + ?Sized>(value: &T) -> String {
    hex(xxh3_128(&canonical_bytes(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The element-by-element hash of a list is the hash of the list's
    /// whole encoding (what fingerprints already in files were made with).
    #[test]
    fn a_list_hashed_element_by_element_hashes_as_the_whole_list() {
        let plan = crate::generate::generate(&crate::generate::GenerateOptions {
            schemes: 25,
            metrics: 7,
            risks: 9,
            signoffs: 3,
            years: 2,
            seed: 8,
        });
        assert_eq!(list_hash(&plan.schemes), canonical_hash(&plan.schemes));
        assert_eq!(list_hash(&plan.metrics), canonical_hash(&plan.metrics));
        assert_eq!(list_hash(&plan.risks), canonical_hash(&plan.risks));
        let none: Vec<crate::model::Risk> = Vec::new();
        assert_eq!(list_hash(&none), canonical_hash(&none));
        // and it tells lists apart
        assert_ne!(list_hash(&plan.schemes[1..]), list_hash(&plan.schemes));
    }

    #[test]
    fn canonical_encoding_tells_values_apart_and_skips_empty_fields() {
        use crate::model::{Amount, Pence, YearBudget};
        let mut a = YearBudget::new("2015/16");
        let b = a.clone();
        assert_eq!(canonical_hash(&a), canonical_hash(&b));
        // Some(0) is not None
        a.declared_total = Some(Amount::Exact(Pence(0)));
        assert_ne!(canonical_hash(&a), canonical_hash(&b));
        // strings are length-prefixed: ("ab","c") differs from ("a","bc")
        assert_ne!(canonical_hash(&("ab", "c")), canonical_hash(&("a", "bc")));
        // an empty field encodes like a missing one
        #[derive(Serialize)]
        struct Old {
            name: String,
        }
        #[derive(Serialize)]
        struct New {
            name: String,
            added_later: String,
            flag: bool,
            list: Vec<u8>,
            maybe: Option<u8>,
        }
        let old = Old { name: "x".into() };
        let new = New {
            name: "x".into(),
            added_later: String::new(),
            flag: false,
            list: vec![],
            maybe: None,
        };
        assert_eq!(canonical_bytes(&old), canonical_bytes(&new));
        let used = New {
            added_later: "y".into(),
            ..new
        };
        assert_ne!(canonical_bytes(&old), canonical_bytes(&used));
    }
}
