//! Sign-offs: placeholders are not signatures, and a signature belongs to
//! the content it signed (a fingerprint of everything but the sign-offs).
//!
//! Here: a sign-off's state and marking one signed. `placeholders.rs`
//! tells a placeholder from a real value; `block.rs` is the standard BCF
//! sign-off block. The fingerprint itself is in [`crate::calc::fingerprint`].

mod block;
mod placeholders;

pub use block::{ExpectedSignOff, add_standard_block, missing_block, org_key, standard_block, usual_position};
pub use placeholders::{first_problem_field, is_placeholder, placeholder_problems};
// The fingerprint was here; its paths under `signoffs` keep working.
pub use super::fingerprint::{
    canonical_bytes, canonical_bytes_into, canonical_hash, content_fingerprint, fingerprint_of_parts, header_hash,
    list_hash, list_hash_of_encoded, settings_hash,
};

use crate::model::{ContentFingerprint, DateField, Plan, Rag, RecordId, SignOff, SignOffStatus};

/// The state of a sign-off as the checklist sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignOffState {
    /// Signed by a real person on a real date, on the current content.
    Signed,
    /// Signed, but the plan changed since; lists what changed.
    ChangedSince {
        parts: Vec<&'static str>,
    },
    /// Marked signed, but the app does not know which content was signed
    /// (no fingerprint: a file from elsewhere or edited by hand).
    Unverified,
    /// Marked signed but the name, position or date is missing or a
    /// placeholder: says which.
    Incomplete {
        problems: Vec<String>,
    },
    Pending,
    Declined,
}

impl SignOffState {
    pub fn rag(&self) -> Rag {
        match self {
            SignOffState::Signed => Rag::Green,
            SignOffState::ChangedSince { .. } | SignOffState::Incomplete { .. } | SignOffState::Unverified => {
                Rag::Amber
            }
            SignOffState::Pending => Rag::Amber,
            SignOffState::Declined => Rag::Red,
        }
    }
    /// Signed by a real person on a real date, on the current content.
    pub fn is_signed(&self) -> bool {
        matches!(self, SignOffState::Signed)
    }
    /// A short word for a chip: "Signed", "Changed since", ...
    pub fn word(&self) -> &'static str {
        match self {
            SignOffState::Signed => "Signed",
            SignOffState::ChangedSince { .. } => "Changed since signed",
            SignOffState::Unverified => "Signed, unverified",
            SignOffState::Incomplete { .. } => "Incomplete",
            SignOffState::Pending => "Pending",
            SignOffState::Declined => "Declined",
        }
    }
}

/// The state of one sign-off against the plan's current content.
pub fn signoff_state(s: &SignOff, current: &ContentFingerprint) -> SignOffState {
    match s.status {
        SignOffStatus::Pending => SignOffState::Pending,
        SignOffStatus::Declined => SignOffState::Declined,
        SignOffStatus::Signed => {
            let problems = placeholder_problems(s);
            if !problems.is_empty() {
                return SignOffState::Incomplete { problems };
            }
            match &s.signed_content {
                None => SignOffState::Unverified,
                Some(signed) if signed.whole != current.whole => SignOffState::ChangedSince {
                    parts: changed_parts(signed, current),
                },
                Some(_) => SignOffState::Signed,
            }
        }
    }
}

/// Which parts differ between two fingerprints: "Plan", "Schemes",
/// "Metrics", "Risks", or "Settings" when only the plan's settings did.
/// Empty when the two are the same.
pub fn changed_parts(old: &ContentFingerprint, new: &ContentFingerprint) -> Vec<&'static str> {
    let mut v = Vec::new();
    if old.whole == new.whole {
        return v;
    }
    if old.header != new.header {
        v.push("Plan");
    }
    if old.schemes != new.schemes {
        v.push("Schemes");
    }
    if old.metrics != new.metrics {
        v.push("Metrics");
    }
    if old.risks != new.risks {
        v.push("Risks");
    }
    if old.operating != new.operating {
        v.push("Objectives and narrative");
    }
    if v.is_empty() {
        v.push("Settings");
    }
    v
}

/// "Schemes", "Schemes and Risks", "Plan, Schemes and Risks".
pub fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Marks a sign-off signed on the plan as it is now: records the content
/// fingerprint. `redate` sets the date to `today` (signed again); otherwise
/// only a sign-off without a real date gets `today`. Returns false when
/// there is no such sign-off.
pub fn mark_signed(plan: &mut Plan, id: RecordId, today: chrono::NaiveDate, redate: bool) -> bool {
    let fp = content_fingerprint(plan);
    let Some(s) = plan.signoffs.iter_mut().find(|s| s.id == id) else {
        return false;
    };
    *s = signed(s, &fp, today, redate);
    true
}

/// The sign-off [`mark_signed`] makes of `s`, on a plan whose content
/// fingerprint is `fp` (the sign-offs are no part of it).
pub fn signed(s: &SignOff, fp: &ContentFingerprint, today: chrono::NaiveDate, redate: bool) -> SignOff {
    let mut s = s.clone();
    s.status = SignOffStatus::Signed;
    s.signed_content = Some(fp.clone());
    if redate || !matches!(s.date, Some(DateField::Date(_))) {
        s.date = Some(DateField::Date(today));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::placeholders::tests::signoff;
    use super::*;

    #[test]
    fn states() {
        let plan = Plan::default();
        let fp = content_fingerprint(&plan);
        let mut s = signoff("Roger Gough", "Chair", Some("3/2/2014"), SignOffStatus::Pending);
        assert_eq!(signoff_state(&s, &fp), SignOffState::Pending);
        s.status = SignOffStatus::Declined;
        assert_eq!(signoff_state(&s, &fp), SignOffState::Declined);
        s.status = SignOffStatus::Signed;
        assert_eq!(signoff_state(&s, &fp), SignOffState::Unverified);
        s.signed_content = Some(fp.clone());
        assert_eq!(signoff_state(&s, &fp), SignOffState::Signed);
        let mut changed = plan.clone();
        changed.schemes.push(Default::default());
        let fp2 = content_fingerprint(&changed);
        assert_eq!(
            signoff_state(&s, &fp2),
            SignOffState::ChangedSince { parts: vec!["Schemes"] }
        );
        s.name = "TBC".into();
        assert!(matches!(signoff_state(&s, &fp), SignOffState::Incomplete { .. }));
    }

    #[test]
    fn parts_are_joined_as_words() {
        assert_eq!(join_words(&[]), "");
        assert_eq!(join_words(&["Schemes"]), "Schemes");
        assert_eq!(join_words(&["Schemes", "Risks"]), "Schemes and Risks");
        assert_eq!(join_words(&["Plan", "Schemes", "Risks"]), "Plan, Schemes and Risks");
    }
}
