//! Find and replace across the plan's text: every text field of every
//! record (scheme names, providers, descriptions, notes, metric names,
//! risk text and mitigations, objectives, sections, sign-offs). Pure: the
//! window's Find panel shows what [`find`] returns and applies
//! [`replace_edit`] as one undo step.

use crate::model::field::{Field, RecordKind, record_label, stored_fields};
use crate::model::record::Record;
use crate::model::{
    Metric, MoneyUnit, NarrativeSection, Objective, Plan, PlanEdit, RecordId, Risk, Scheme, SignOff, Value,
};

/// What to look for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub match_case: bool,
}

/// One field that holds the text looked for (perhaps more than once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub kind: RecordKind,
    pub id: RecordId,
    /// "Scheme 4 “Carers Break”".
    pub record: String,
    pub field: Field,
    /// "Provider".
    pub field_name: String,
    /// The field's text now.
    pub before: String,
    /// The field's text with every occurrence replaced.
    pub after: String,
    /// How many times the text occurs in the field.
    pub count: usize,
}

/// Where `needle` occurs in `hay` (byte ranges, not overlapping), ignoring
/// case unless `match_case`. Case is compared character by character, so
/// the ranges are always on character boundaries of `hay`.
pub fn occurrences(hay: &str, needle: &str, match_case: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let same = |a: char, b: char| {
        if match_case {
            a == b
        } else {
            a == b || a.to_lowercase().eq(b.to_lowercase())
        }
    };
    let mut from = 0;
    'outer: while from < hay.len() {
        let rest = &hay[from..];
        for (off, _) in rest.char_indices() {
            let start = from + off;
            let mut h = hay[start..].char_indices();
            let mut end = start;
            let mut ok = true;
            for n in needle.chars() {
                match h.next() {
                    Some((i, c)) if same(c, n) => end = start + i + c.len_utf8(),
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                out.push((start, end));
                from = end;
                continue 'outer;
            }
        }
        break;
    }
    out
}

/// `hay` with every occurrence of the query replaced by `with`.
pub fn replace_all(hay: &str, query: &Query, with: &str) -> String {
    let mut out = String::with_capacity(hay.len());
    let mut last = 0;
    for (a, b) in occurrences(hay, &query.text, query.match_case) {
        out.push_str(&hay[last..a]);
        out.push_str(with);
        last = b;
    }
    out.push_str(&hay[last..]);
    out
}

fn of_kind<R: Record>(plan: &Plan, kind: RecordKind, query: &Query, with: &str, out: &mut Vec<Match>) {
    let fields: Vec<Field> = stored_fields(plan, kind).into_iter().filter(Field::is_text).collect();
    for (i, r) in R::all(plan).iter().enumerate() {
        for f in &fields {
            let Value::Text(t) = r.get(f) else { continue };
            let count = occurrences(&t, &query.text, query.match_case).len();
            if count > 0 {
                out.push(Match {
                    kind,
                    id: r.id(),
                    record: record_label(kind, i, r.title()),
                    field: f.clone(),
                    field_name: f.header(MoneyUnit::Pounds),
                    after: replace_all(&t, query, with),
                    before: t,
                    count,
                });
            }
        }
    }
}

/// Every text field of the plan that holds the query's text, in the order
/// of the tabs (schemes, metrics, risks, sign-offs, objectives, sections)
/// and of the records, each with its text after replacing by `with`.
/// Nothing for an empty query.
pub fn find(plan: &Plan, query: &Query, with: &str) -> Vec<Match> {
    let mut out = Vec::new();
    if query.text.is_empty() {
        return out;
    }
    for kind in RecordKind::ALL {
        match kind {
            RecordKind::Schemes => of_kind::<Scheme>(plan, kind, query, with, &mut out),
            RecordKind::Metrics => of_kind::<Metric>(plan, kind, query, with, &mut out),
            RecordKind::Risks => of_kind::<Risk>(plan, kind, query, with, &mut out),
            RecordKind::SignOffs => of_kind::<SignOff>(plan, kind, query, with, &mut out),
            RecordKind::Objectives => of_kind::<Objective>(plan, kind, query, with, &mut out),
            RecordKind::Sections => of_kind::<NarrativeSection>(plan, kind, query, with, &mut out),
        }
    }
    out
}

/// The edit that replaces the matches (one field each), as one step.
pub fn replace_edit(matches: &[Match]) -> PlanEdit {
    PlanEdit::Batch(
        matches
            .iter()
            .map(|m| PlanEdit::set(m.kind, m.id, m.field.clone(), Value::text(&m.after)))
            .collect(),
    )
}

/// The total number of occurrences in the matches.
pub fn total(matches: &[Match]) -> usize {
    matches.iter().map(|m| m.count).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::edit::apply;

    fn plan() -> Plan {
        let mut p = Plan::default();
        for (name, provider) in [
            ("Carers Break", "Kent County Council"),
            ("Falls", "KCC"),
            ("Café", "kent county council"),
        ] {
            let id = p.alloc_id().unwrap();
            p.schemes.push(Scheme {
                id,
                name: name.into(),
                provider: provider.into(),
                notes: "Kent County Council and Kent County Council".into(),
                ..Default::default()
            });
        }
        let id = p.alloc_id().unwrap();
        p.risks.push(Risk {
            id,
            title: "Kent County Council funding".into(),
            ..Default::default()
        });
        p
    }

    fn q(text: &str, match_case: bool) -> Query {
        Query {
            text: text.into(),
            match_case,
        }
    }

    #[test]
    fn occurrences_respect_case_and_characters() {
        assert_eq!(occurrences("abcABCabc", "abc", true), vec![(0, 3), (6, 9)]);
        assert_eq!(occurrences("abcABCabc", "ABC", false), vec![(0, 3), (3, 6), (6, 9)]);
        assert_eq!(occurrences("aaaa", "aa", true), vec![(0, 2), (2, 4)]);
        // multi-byte characters: ranges on character boundaries
        assert_eq!(occurrences("Café café", "CAFÉ", false), vec![(0, 5), (6, 11)]);
        assert!(occurrences("abc", "", false).is_empty());
        assert!(occurrences("ab", "abc", false).is_empty());
        assert_eq!(replace_all("Café café", &q("café", false), "Tea"), "Tea Tea");
        assert_eq!(replace_all("Café café", &q("café", true), "Tea"), "Café Tea");
    }

    #[test]
    fn finds_every_text_field_and_says_where() {
        let p = plan();
        let m = find(&p, &q("kent county council", false), "KCC");
        let places: Vec<(String, String, usize)> = m
            .iter()
            .map(|m| (m.record.clone(), m.field_name.clone(), m.count))
            .collect();
        assert_eq!(
            places,
            vec![
                ("Scheme 1 \u{201c}Carers Break\u{201d}".into(), "Provider".into(), 1),
                ("Scheme 1 \u{201c}Carers Break\u{201d}".into(), "Notes".into(), 2),
                ("Scheme 2 \u{201c}Falls\u{201d}".into(), "Notes".into(), 2),
                ("Scheme 3 \u{201c}Café\u{201d}".into(), "Provider".into(), 1),
                ("Scheme 3 \u{201c}Café\u{201d}".into(), "Notes".into(), 2),
                (
                    "Risk 1 \u{201c}Kent County Council funding\u{201d}".into(),
                    "Risk".into(),
                    1
                ),
            ],
            "{m:#?}"
        );
        assert_eq!(total(&m), 9);
        assert_eq!(m[1].after, "KCC and KCC");
        let cased = find(&p, &q("kent county council", true), "KCC");
        assert_eq!(cased.len(), 1);
        assert!(find(&p, &q("", false), "x").is_empty());
    }

    #[test]
    fn replacing_is_one_edit_of_exactly_the_matches() {
        let mut p = plan();
        let m = find(&p, &q("Kent County Council", true), "KCC");
        let e = replace_edit(&m[..1]);
        apply(&mut p, e).unwrap();
        assert_eq!(p.schemes[0].provider, "KCC");
        assert_eq!(p.schemes[0].notes, "Kent County Council and Kent County Council");
        let m = find(&p, &q("Kent County Council", true), "");
        apply(&mut p, replace_edit(&m)).unwrap();
        assert_eq!(p.schemes[0].notes, " and ");
        assert_eq!(p.risks[0].title, " funding");
        assert!(find(&p, &q("Kent County Council", true), "").is_empty());
        assert_eq!(p.schemes[2].provider, "kent county council");
    }
}
