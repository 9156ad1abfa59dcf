//! Find and replace across the plan's text: the cover's texts (title,
//! organisations, version, owner, notes), every text field of every
//! record (scheme names, providers, descriptions, notes, metric names,
//! risk text and mitigations, sign-offs, objectives, sections) and the
//! milestones' texts, each list read from the model. Pure: the window's
//! Find panel shows what [`find`] returns and applies [`replace_edit`] as
//! one undo step.

use crate::model::field::{Field, RecordKind, record_label, stored_fields};
use crate::model::record::Record;
use crate::model::{
    HeaderText, Metric, MoneyUnit, NarrativeSection, Objective, Plan, PlanEdit, RecordId, Risk, Scheme, SignOff, Value,
};

/// What to look for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub text: String,
    pub match_case: bool,
}

/// Where a text is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// A field of a record.
    Record {
        kind: RecordKind,
        id: RecordId,
        field: Field,
    },
    /// A text of the plan's cover.
    Header(HeaderText),
    /// A text of a scheme's (an initiative's) milestone: its place in
    /// [`crate::model::Milestone::texts`].
    Milestone {
        scheme: RecordId,
        milestone: RecordId,
        text: usize,
    },
}

/// One field that holds the text looked for (perhaps more than once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Match {
    pub place: Place,
    /// "Scheme 4 “Carers Break”", "Plan".
    pub record: String,
    /// "Provider".
    pub field_name: String,
    /// The field's text now.
    pub before: String,
    /// The field's text with every occurrence replaced.
    pub after: String,
    /// How many times the text occurs in the field.
    pub count: usize,
}

impl Match {
    /// The record the text is kept in (a milestone's scheme); `None` for
    /// the cover.
    pub fn record_id(&self) -> Option<RecordId> {
        match &self.place {
            Place::Record { id, .. } => Some(*id),
            Place::Milestone { scheme, .. } => Some(*scheme),
            Place::Header(_) => None,
        }
    }
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
                    place: Place::Record {
                        kind,
                        id: r.id(),
                        field: f.clone(),
                    },
                    record: record_label(kind, i, r.title()),
                    field_name: f.header(MoneyUnit::Pounds),
                    after: replace_all(&t, query, with),
                    before: t,
                    count,
                });
            }
        }
    }
}

/// A match of `text` at `place`, if the text holds the query.
fn matched(place: Place, record: String, field_name: String, text: &str, query: &Query, with: &str) -> Option<Match> {
    let count = occurrences(text, &query.text, query.match_case).len();
    (count > 0).then(|| Match {
        place,
        record,
        field_name,
        before: text.to_string(),
        after: replace_all(text, query, with),
        count,
    })
}

/// The milestones' texts of the schemes (initiatives), in order.
fn milestones(plan: &Plan, query: &Query, with: &str, out: &mut Vec<Match>) {
    for (i, s) in plan.schemes.iter().enumerate() {
        for (k, m) in s.milestones.iter().enumerate() {
            for (text, (name, t)) in m.texts().into_iter().enumerate() {
                let place = Place::Milestone {
                    scheme: s.id,
                    milestone: m.id,
                    text,
                };
                let record = format!(
                    "{} milestone {}",
                    record_label(RecordKind::Schemes, i, s.title()),
                    k + 1
                );
                out.extend(matched(place, record, name.to_string(), t, query, with));
            }
        }
    }
}

/// Every text of the plan that holds the query's text, in the order of
/// the tabs (the cover, then schemes, metrics, risks, sign-offs,
/// objectives, sections, milestones) and of the records, each with its
/// text after replacing by `with`. Nothing for an empty query.
pub fn find(plan: &Plan, query: &Query, with: &str) -> Vec<Match> {
    let mut out = Vec::new();
    if query.text.is_empty() {
        return out;
    }
    for (t, text) in plan.header.texts() {
        out.extend(matched(Place::Header(t), "Plan".into(), t.word(), text, query, with));
    }
    for kind in RecordKind::ALL.into_iter().chain(RecordKind::OPERATING) {
        match kind {
            RecordKind::Schemes => of_kind::<Scheme>(plan, kind, query, with, &mut out),
            RecordKind::Metrics => of_kind::<Metric>(plan, kind, query, with, &mut out),
            RecordKind::Risks => of_kind::<Risk>(plan, kind, query, with, &mut out),
            RecordKind::SignOffs => of_kind::<SignOff>(plan, kind, query, with, &mut out),
            RecordKind::Objectives => of_kind::<Objective>(plan, kind, query, with, &mut out),
            RecordKind::Sections => of_kind::<NarrativeSection>(plan, kind, query, with, &mut out),
        }
    }
    milestones(plan, query, with, &mut out);
    out
}

/// The edit that replaces the matches, as one step: the cover's texts in
/// one change of the cover, each scheme's milestones in one change of the
/// scheme (before its fields are set), each record field set.
pub fn replace_edit(plan: &Plan, matches: &[Match]) -> PlanEdit {
    let mut edits = Vec::new();
    let mut header = plan.header.clone();
    let mut header_changed = false;
    let mut schemes: Vec<Scheme> = Vec::new();
    for m in matches {
        match &m.place {
            Place::Header(t) => {
                if let Some(text) = header.text_mut(*t) {
                    *text = m.after.clone();
                    header_changed = true;
                }
            }
            Place::Milestone {
                scheme,
                milestone,
                text,
            } => {
                if !schemes.iter().any(|s| s.id == *scheme) {
                    schemes.extend(plan.scheme(*scheme).cloned());
                }
                let target = schemes
                    .iter_mut()
                    .find(|s| s.id == *scheme)
                    .and_then(|s| s.milestones.iter_mut().find(|x| x.id == *milestone))
                    .and_then(|x| x.texts_mut().into_iter().nth(*text));
                if let Some(t) = target {
                    *t = m.after.clone();
                }
            }
            Place::Record { .. } => {}
        }
    }
    if header_changed {
        edits.push(PlanEdit::SetHeader(Box::new(header)));
    }
    edits.extend(schemes.into_iter().map(PlanEdit::put));
    edits.extend(matches.iter().filter_map(|m| match &m.place {
        Place::Record { kind, id, field } => Some(PlanEdit::set(*kind, *id, field.clone(), Value::text(&m.after))),
        _ => None,
    }));
    PlanEdit::Batch(edits)
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
        let e = replace_edit(&p, &m[..1]);
        apply(&mut p, e).unwrap();
        assert_eq!(p.schemes[0].provider, "KCC");
        assert_eq!(p.schemes[0].notes, "Kent County Council and Kent County Council");
        let m = find(&p, &q("Kent County Council", true), "");
        let e = replace_edit(&p, &m);
        apply(&mut p, e).unwrap();
        assert_eq!(p.schemes[0].notes, " and ");
        assert_eq!(p.risks[0].title, " funding");
        assert!(find(&p, &q("Kent County Council", true), "").is_empty());
        assert_eq!(p.schemes[2].provider, "kent county council");
    }

    #[test]
    fn the_cover_sections_objectives_and_milestones_are_found_and_replaced_in_one_edit() {
        use crate::model::{Milestone, SchemeKind};
        let mut p = plan();
        p.header.title = "Kent County Council BCF".into();
        p.header.notes = "Agreed with Kent County Council.".into();
        p.header.ccgs = vec!["Ashford CCG".into(), "Kent County Council (LA)".into()];
        let id = p.alloc_id().unwrap();
        p.sections.push(NarrativeSection {
            id,
            title: "Vision".into(),
            text: "Kent County Council leads.".into(),
            ..Default::default()
        });
        let id = p.alloc_id().unwrap();
        p.objectives.push(Objective {
            id,
            number: "1".into(),
            title: "With Kent County Council".into(),
            ..Default::default()
        });
        let ms = p.alloc_id().unwrap();
        let other = p.alloc_id().unwrap();
        p.schemes[1].kind = SchemeKind::Initiative;
        p.schemes[1].milestones = vec![
            Milestone {
                id: ms,
                description: "Sign with Kent County Council".into(),
                owner: "Kent County Council".into(),
                ..Default::default()
            },
            Milestone {
                id: other,
                description: "Untouched".into(),
                ..Default::default()
            },
        ];
        let m = find(&p, &q("Kent County Council", true), "KCC");
        let places: Vec<(String, String)> = m
            .iter()
            .filter(|m| {
                !matches!(
                    m.place,
                    Place::Record {
                        kind: RecordKind::Schemes | RecordKind::Risks,
                        ..
                    }
                )
            })
            .map(|m| (m.record.clone(), m.field_name.clone()))
            .collect();
        assert_eq!(
            places,
            vec![
                ("Plan".into(), "Title".into()),
                ("Plan".into(), "CCG 2".into()),
                ("Plan".into(), "Notes".into()),
                (
                    "Objective 1 \u{201c}With Kent County Council\u{201d}".into(),
                    "Objective".into()
                ),
                ("Section 1 \u{201c}Vision\u{201d}".into(), "Text".into()),
                ("Scheme 2 \u{201c}Falls\u{201d} milestone 1".into(), "Milestone".into()),
                ("Scheme 2 \u{201c}Falls\u{201d} milestone 1".into(), "Owner".into()),
            ],
            "{m:#?}"
        );
        // one edit replaces every one, the scheme's own fields too
        let e = replace_edit(&p, &m);
        apply(&mut p, e).unwrap();
        assert!(find(&p, &q("Kent County Council", true), "").is_empty());
        assert_eq!(p.header.title, "KCC BCF");
        assert_eq!(p.header.ccgs, vec!["Ashford CCG".to_string(), "KCC (LA)".into()]);
        assert_eq!(p.header.notes, "Agreed with KCC.");
        assert_eq!(p.sections[0].text, "KCC leads.");
        assert_eq!(p.objectives[0].title, "With KCC");
        let s = &p.schemes[1];
        assert_eq!(s.milestones[0].description, "Sign with KCC");
        assert_eq!(s.milestones[0].owner, "KCC");
        assert_eq!(s.milestones[1].description, "Untouched");
        assert_eq!(s.notes, "KCC and KCC", "the scheme's fields and its milestones both");
    }
}
