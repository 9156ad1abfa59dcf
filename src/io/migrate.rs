//! File format versions and migration.
//!
//! History:
//! - **1** (pre-release drafts): records had no `id`, a risk's word rating
//!   was called `rating`, and there was no `next_id`.
//! - **2**: every record has a stable `id` (links use it), `next_id`, and
//!   `legacy_rating` for word ratings.
//! - **3**: version 2 with `conflicts`, the merge conflicts a plan holds
//!   until they are resolved. Only a plan that holds some is written as 3
//!   (an older opplan would drop them); in memory every plan is version 2,
//!   and is written as 2 again once its conflicts are resolved.
//! - **4**: operating plans: the money side (`allocations`,
//!   `finance_years`, `contributions`, `performance_amounts` and a
//!   scheme's `qipp_programme` and `qipp`) and objectives, narrative
//!   sections and national conditions, schemes marked as initiatives with
//!   milestones, risks linked to objectives, period targets as a change
//!   from the baseline and text statuses. Written only while a plan holds
//!   such content ([`crate::model::Plan::written_version`]); a plan without
//!   it is still written as 2, byte for byte as before. A version 2 file
//!   needs nothing done: it has none of the new content. In memory every
//!   plan is version 2 plus what it holds.
//!
//! A file with no `format_version` is read as version 1.

use crate::model::{FORMAT_VERSION, Plan};
use serde::Deserialize;

/// The file's `format_version`. Fast path: our writer puts it first, so a
/// scan of the text before any string finds it; otherwise the file is
/// parsed once, ignoring every other field.
pub fn detect_version(text: &str) -> Result<u32, ron::error::SpannedError> {
    if let Some(v) = scan_version(text) {
        return Ok(v);
    }
    // the probe with the fast reader first (a file starting with a comment
    // would otherwise be parsed twice by ron); ron decides when it gives up
    if let Ok(probe) = super::fastron::from_str::<Probe>(text, super::MAX_NESTING) {
        return Ok(probe.format_version);
    }
    detect_version_ron_only(text)
}

/// A plain number (not an Option, which RON would want as `Some(2)`);
/// absent means version 1.
fn one() -> u32 {
    1
}

/// The plan's `format_version`, every other field ignored.
#[derive(Deserialize)]
#[serde(rename = "Plan")]
struct Probe {
    #[serde(default = "one")]
    format_version: u32,
}

/// [`detect_version`] with `ron` alone (the scan, then `ron`'s probe).
pub fn detect_version_ron_only(text: &str) -> Result<u32, ron::error::SpannedError> {
    if let Some(v) = scan_version(text) {
        return Ok(v);
    }
    let probe: Probe = ron::Options::default()
        .with_recursion_limit(super::MAX_NESTING)
        .from_str(text)?;
    Ok(probe.format_version)
}

fn scan_version(text: &str) -> Option<u32> {
    let key = "format_version";
    let at = text.find(key)?;
    let before = &text[..at];
    // only trust it when it is a field of the outer struct: no string or
    // comment before it and exactly one open bracket
    if before.contains('"') || before.contains("//") || before.contains("/*") {
        return None;
    }
    let opens = before.chars().filter(|c| *c == '(').count();
    if opens != 1 || before.contains(['[', '{', ')']) {
        return None;
    }
    let rest = text[at + key.len()..].trim_start().strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 9 {
        return None;
    }
    let after = rest[digits.len()..].trim_start();
    if !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    digits.parse().ok()
}

/// Brings a plan read from a file of `from` version up to the current one.
pub fn migrate(mut plan: Plan, from: u32) -> Plan {
    if from < 2 {
        // v1 → v2: give every record an id, in file order.
        let mut next = plan.max_id() + 1;
        let mut give = |id: &mut crate::model::RecordId| {
            if id.0 == 0 {
                id.0 = next;
                next += 1;
            }
        };
        for s in &mut plan.schemes {
            give(&mut s.id);
        }
        for m in &mut plan.metrics {
            give(&mut m.id);
        }
        for r in &mut plan.risks {
            give(&mut r.id);
        }
        for s in &mut plan.signoffs {
            give(&mut s.id);
        }
        plan.next_id = next;
    }
    plan.format_version = FORMAT_VERSION;
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_the_version_our_writer_puts_first() {
        assert_eq!(scan_version("(\n    format_version: 2,\n    header: ()"), Some(2));
        assert_eq!(scan_version("(format_version:7)"), Some(7));
        // inside a string or a nested struct: not trusted
        assert_eq!(scan_version("(header: (title: \"format_version: 9\"))"), None);
        assert_eq!(scan_version("(header: (format_version: 9))"), None);
    }

    #[test]
    fn probes_the_version_when_the_scan_cannot() {
        // a comment first: the scan does not trust it, the probe reads it
        assert_eq!(detect_version("// note\n(format_version: 7, header: ())").unwrap(), 7);
        assert_eq!(detect_version("// note\n(header: ())").unwrap(), 1);
    }
}
