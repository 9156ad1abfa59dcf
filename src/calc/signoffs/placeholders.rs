//! Placeholders are not signatures: "`<Name of Signatory>`", "TBC",
//! "X March 2014" and a field's own label typed as its value.

use crate::model::{DateField, SignOff, SignOffStatus};

/// Words that, on their own anywhere in a value, mark it as a placeholder.
const MARKER_WORDS: [&str; 9] = [
    "tbc",
    "tba",
    "tbd",
    "tbconfirmed",
    "insert",
    "xxx",
    "lorem",
    "placeholder",
    "untitled",
];

/// Phrases that mark a value as a placeholder.
const MARKER_PHRASES: [&str; 12] = [
    "to be confirmed",
    "to be agreed",
    "to be advised",
    "to be completed",
    "to be decided",
    "to follow",
    "not known",
    "not yet known",
    "name of",
    "job title",
    "n/a",
    "dd/mm",
];

/// A field's own label typed as its value ("Name", "Date", "Position").
const LABELS: [&str; 13] = [
    "name",
    "full name",
    "signatory",
    "signature",
    "date",
    "position",
    "title",
    "role",
    "organisation",
    "organization",
    "unknown",
    "awaiting",
    "na",
];

const MONTH_PREFIXES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// True when a name, position, organisation or date is a placeholder rather
/// than a real value: empty, `<Name of Signatory>`, `[local measure]`,
/// `TBC`, `TBA`, `X March 2014`, `XX/XX/2014`, `dd/mm/yyyy`, `?`, a field's
/// own label ("Name", "Date"). Real values such as "Dr Xavier Smith" or
/// "Chair of the Health and Wellbeing Board" are not placeholders.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    // nothing but punctuation: "?", "-", "...", "—"
    if !t.chars().any(|c| c.is_alphanumeric()) {
        return true;
    }
    if (t.contains('<') && t.contains('>')) || (t.starts_with('[') && t.ends_with(']')) {
        return true;
    }
    let lower = t.to_lowercase();
    if MARKER_PHRASES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if LABELS.contains(&words.join(" ").as_str()) {
        return true;
    }
    if words.iter().any(|w| MARKER_WORDS.contains(w)) {
        return true;
    }
    // "XX/XX/2014", "xxx", and "X March 2014"; a lone X only in a date
    // ("Malcolm X" is a name)
    let dateish = words
        .iter()
        .any(|w| w.bytes().all(|b| b.is_ascii_digit()) || MONTH_PREFIXES.iter().any(|m| w.starts_with(m)));
    if words
        .iter()
        .any(|w| w.chars().all(|c| c == 'x') && (w.len() >= 2 || dateish || words.len() == 1))
    {
        return true;
    }
    // "dd mm yyyy", "yyyy"
    words
        .iter()
        .any(|w| w.len() >= 2 && (w.chars().all(|c| c == 'd') || w.chars().all(|c| c == 'y')))
}

/// What is wrong with a sign-off's organisation, name, position and date
/// (empty when they are all real). A pending sign-off with no date yet is
/// fine; one marked signed needs a real date.
pub fn placeholder_problems(s: &SignOff) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |value: &str, empty: &str, what: &str| {
        if value.trim().is_empty() {
            out.push(empty.to_string());
        } else if is_placeholder(value) {
            out.push(format!("{what} is \u{201c}{}\u{201d}", value.trim()));
        }
    };
    field(&s.organisation, "no organisation", "organisation");
    field(&s.name, "no signatory name", "name");
    field(&s.position, "no position", "position");
    match &s.date {
        None if s.status == SignOffStatus::Signed => out.push("no date".into()),
        None => {}
        Some(DateField::Text(t)) => out.push(format!("date is \u{201c}{}\u{201d}, not a date", t.trim())),
        Some(DateField::Date(_)) => {}
    }
    out
}

/// Which field of a sign-off the first problem is in ("organisation",
/// "name", "position", "date"), for the checklist to point at.
pub fn first_problem_field(s: &SignOff) -> Option<&'static str> {
    if is_placeholder(&s.organisation) {
        Some("organisation")
    } else if is_placeholder(&s.name) {
        Some("name")
    } else if is_placeholder(&s.position) {
        Some("position")
    } else if matches!(s.date, Some(DateField::Text(_))) || (s.date.is_none() && s.status == SignOffStatus::Signed) {
        Some("date")
    } else {
        None
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::model::{OrgType, RecordId};

    #[test]
    fn placeholders() {
        for p in [
            "<Name of Signatory>",
            "<Job Title>",
            "<date>",
            "<Name of ccg>",
            "[local measure - please give full description]",
            "TBC",
            "tbc",
            "(TBC)",
            "TBC.",
            "tba",
            "TBD",
            "To be confirmed",
            "To be agreed 12 February 2014",
            "X March 2014",
            "x",
            "XX/XX/2014",
            "xxx",
            "dd/mm/yyyy",
            "N/A",
            "n/a",
            "?",
            "-",
            "...",
            "\u{2014}",
            "",
            "  ",
            "Name",
            "Date",
            "Position",
            "Job title",
            "Signature",
            "Insert name here",
            "Name of Chair",
            "Unknown",
            "Untitled plan",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
        for r in [
            "Roger Gough",
            "Chair of Health and Wellbeing Board",
            "Chair of the Health and Wellbeing Board",
            "Accountable Officer",
            "Clinical Chair",
            "Dr Xavier Smith",
            "Malcolm X",
            "Kent County Council",
            "Dartford Gravesham and Swanley",
            "NHS South Kent Coast CCG",
            "Director of Adult Social Services",
            "Hazel Carpenter",
            "Dr Darren Cocker",
            "Leader of the Council",
            "Corporate Director, Social Care, Health and Wellbeing",
            "Dr Nadia Names",
        ] {
            assert!(!is_placeholder(r), "{r:?} is real");
        }
    }

    /// A sign-off of Swale CCG with these name, position, date and status.
    pub(in crate::calc::signoffs) fn signoff(
        name: &str,
        position: &str,
        date: Option<&str>,
        status: SignOffStatus,
    ) -> SignOff {
        SignOff {
            id: RecordId(1),
            organisation: "Swale".into(),
            org_type: OrgType::Ccg,
            name: name.into(),
            position: position.into(),
            date: date.and_then(DateField::from_input),
            status,
            required: true,
            ..Default::default()
        }
    }

    #[test]
    fn placeholder_problems_say_which_field() {
        let s = signoff(
            "<Name of Signatory>",
            "<Job Title>",
            Some("<date>"),
            SignOffStatus::Pending,
        );
        assert_eq!(
            placeholder_problems(&s),
            vec![
                "name is \u{201c}<Name of Signatory>\u{201d}".to_string(),
                "position is \u{201c}<Job Title>\u{201d}".to_string(),
                "date is \u{201c}<date>\u{201d}, not a date".to_string(),
            ]
        );
        assert_eq!(first_problem_field(&s), Some("name"));
        // pending with no date yet is fine
        let s = signoff("Roger Gough", "Chair", None, SignOffStatus::Pending);
        assert!(placeholder_problems(&s).is_empty());
        assert_eq!(first_problem_field(&s), None);
        // signed with no date is not
        let s = signoff("Roger Gough", "Chair", None, SignOffStatus::Signed);
        assert_eq!(placeholder_problems(&s), vec!["no date".to_string()]);
        assert_eq!(first_problem_field(&s), Some("date"));
        let s = signoff("", "Chair", Some("X March 2014"), SignOffStatus::Signed);
        assert_eq!(
            placeholder_problems(&s),
            vec![
                "no signatory name".to_string(),
                "date is \u{201c}X March 2014\u{201d}, not a date".to_string()
            ]
        );
    }
}
