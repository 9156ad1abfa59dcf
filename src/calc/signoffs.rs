//! Sign-offs: placeholders are not signatures, and a signature belongs to
//! the content it signed (a fingerprint of everything but the sign-offs).

use crate::model::{ContentFingerprint, DateField, Plan, Rag, SignOff, SignOffStatus};
use std::hash::{Hash, Hasher};

/// True when a name, position, organisation or date is a placeholder rather
/// than a real value: empty, `<...>`, `TBC`, `TBA`, `X March 2014`, `xx/xx`.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    if t.contains('<') && t.contains('>') || t.starts_with('[') && t.ends_with(']') {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '/' || c == '-' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    const MARKERS: [&str; 8] = ["tbc", "tba", "tbd", "n/a", "name", "signature", "insert", "xxx"];
    if words
        .iter()
        .any(|w| MARKERS.contains(w) || (!w.is_empty() && w.chars().all(|c| c == 'x')))
    {
        return true;
    }
    lower.contains("to be confirmed")
        || lower.contains("to be agreed")
        || lower.contains("to be completed")
        || lower.contains("name of")
        || lower.contains("job title")
}

/// The state of a sign-off as the checklist sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignOffState {
    /// Signed by a real person on a real date, on the current content.
    Signed,
    /// Signed, but the plan changed since; lists what changed.
    ChangedSince {
        parts: Vec<&'static str>,
    },
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
            SignOffState::ChangedSince { .. } | SignOffState::Incomplete { .. } => Rag::Amber,
            SignOffState::Pending => Rag::Amber,
            SignOffState::Declined => Rag::Red,
        }
    }
    pub fn is_signed(&self) -> bool {
        matches!(self, SignOffState::Signed)
    }
}

/// What is wrong with a sign-off's name, position and date (empty when
/// they are all real).
pub fn placeholder_problems(s: &SignOff) -> Vec<String> {
    let mut out = Vec::new();
    if is_placeholder(&s.organisation) {
        out.push(format!("organisation is \u{201c}{}\u{201d}", s.organisation.trim()));
    }
    if is_placeholder(&s.name) {
        out.push(if s.name.trim().is_empty() {
            "no signatory name".to_string()
        } else {
            format!("name is \u{201c}{}\u{201d}", s.name.trim())
        });
    }
    if is_placeholder(&s.position) {
        out.push(if s.position.trim().is_empty() {
            "no position".to_string()
        } else {
            format!("position is \u{201c}{}\u{201d}", s.position.trim())
        });
    }
    match &s.date {
        None => out.push("no date".into()),
        Some(DateField::Text(t)) => out.push(format!("date is \u{201c}{}\u{201d}, not a date", t.trim())),
        Some(DateField::Date(_)) => {}
    }
    out
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
                Some(signed) if signed.whole != current.whole => SignOffState::ChangedSince {
                    parts: changed_parts(signed, current),
                },
                _ => SignOffState::Signed,
            }
        }
    }
}

/// Which parts differ between two fingerprints: "Plan", "Schemes", ...
pub fn changed_parts(old: &ContentFingerprint, new: &ContentFingerprint) -> Vec<&'static str> {
    let mut v = Vec::new();
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
    if v.is_empty() {
        v.push("Settings");
    }
    v
}

/// A hasher whose output does not depend on the machine: integers are fed
/// little-endian, and xxh3-128 is a fixed, published algorithm.
struct StableHasher(xxhash_rust::xxh3::Xxh3);

impl StableHasher {
    fn new() -> Self {
        StableHasher(xxhash_rust::xxh3::Xxh3::new())
    }
    fn hex(&self) -> String {
        format!("{:032x}", self.0.digest128())
    }
}

impl Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0.digest()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn write_u8(&mut self, i: u8) {
        self.0.update(&[i]);
    }
    fn write_u16(&mut self, i: u16) {
        self.0.update(&i.to_le_bytes());
    }
    fn write_u32(&mut self, i: u32) {
        self.0.update(&i.to_le_bytes());
    }
    fn write_u64(&mut self, i: u64) {
        self.0.update(&i.to_le_bytes());
    }
    fn write_u128(&mut self, i: u128) {
        self.0.update(&i.to_le_bytes());
    }
    fn write_usize(&mut self, i: usize) {
        self.0.update(&(i as u64).to_le_bytes());
    }
    fn write_i8(&mut self, i: i8) {
        self.write_u8(i as u8);
    }
    fn write_i16(&mut self, i: i16) {
        self.write_u16(i as u16);
    }
    fn write_i32(&mut self, i: i32) {
        self.write_u32(i as u32);
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
    fn write_i128(&mut self, i: i128) {
        self.write_u128(i as u128);
    }
    fn write_isize(&mut self, i: isize) {
        self.write_u64(i as i64 as u64);
    }
}

fn hash_of<T: Hash + ?Sized>(value: &T) -> String {
    let mut h = StableHasher::new();
    value.hash(&mut h);
    h.hex()
}

/// Fingerprints of the plan's content: everything except the sign-offs,
/// the plan status and its history (the lifecycle is not content), and the
/// display unit (a view setting). Stable across saving, loading and
/// reformatting the file.
pub fn content_fingerprint(plan: &Plan) -> ContentFingerprint {
    let mut header = plan.header.clone();
    header.status = Default::default();
    let mut settings = plan.settings.clone();
    settings.display_unit = Default::default();
    let header_h = hash_of(&header);
    let settings_h = hash_of(&settings);
    let schemes = hash_of(&plan.schemes);
    let metrics = hash_of(&plan.metrics);
    let risks = hash_of(&plan.risks);
    let whole = hash_of(&(&header_h, &settings_h, &schemes, &metrics, &risks));
    ContentFingerprint {
        whole,
        header: header_h,
        schemes,
        metrics,
        risks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for p in [
            "<Name of Signatory>",
            "<Job Title>",
            "<date>",
            "TBC",
            "X March 2014",
            "",
            "  ",
            "<Name of ccg>",
            "tba",
            "XX/XX/2014",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
        for r in [
            "Roger Gough",
            "Chair of Health and Wellbeing Board",
            "Accountable Officer",
            "Dr Xavier Smith",
            "Kent County Council",
        ] {
            assert!(!is_placeholder(r), "{r:?} is real");
        }
    }
}
