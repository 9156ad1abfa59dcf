//! Which schemes the table shows and in what order: the columns, the
//! filter and the sort. View state only: the plan's order changes only
//! when the user asks ("Apply this order to the plan", move up/down).

use crate::calc::checklist::scheme_problems;
use crate::calc::scheme_rag;
use crate::calc::schemes::ChoiceField;
use crate::model::{AmountField, Plan, RecordId, Scheme, Span};
use std::cmp::Ordering;
use std::collections::HashMap;

/// The two layouts of the table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Layout {
    /// One spend column per year, as the Kent expenditure plan.
    #[default]
    Simple,
    /// Recurrent / non-recurrent spend and benefits per year, as the SKC
    /// Part 2 grid.
    Detailed,
}

/// A column of the table. Years are indices into `plan.header.years`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Col {
    /// The row's number in the plan (file order).
    Num,
    Reference,
    Name,
    Area,
    AreaOther,
    Commissioner,
    Provider,
    Source,
    Programme,
    Status,
    /// Simple layout: the year's total spend (edits the unsplit spend when
    /// the year is not split).
    Spend(usize),
    /// Detailed layout: one amount of one year.
    Money(usize, AmountField),
    /// How many risks link to the scheme.
    Risks,
    /// The row's checks.
    Checks,
}

impl Col {
    /// The header text (years are filled in by the caller).
    pub fn title(self) -> &'static str {
        match self {
            Col::Num => "#",
            Col::Reference => "Ref",
            Col::Name => "Scheme name",
            Col::Area => "Area of spend",
            Col::AreaOther => "If Other, specify",
            Col::Commissioner => "Commissioner",
            Col::Provider => "Provider",
            Col::Source => "Source of funding",
            Col::Programme => "CCG / programme",
            Col::Status => "Status",
            Col::Spend(_) => "Spend",
            Col::Money(_, f) => match f {
                AmountField::Spend => "Spend not split",
                AmountField::Recurrent => "Rec. spend",
                AmountField::NonRecurrent => "Non-rec. spend",
                AmountField::BenefitRecurrent => "Rec. benefit",
                AmountField::BenefitNonRecurrent => "Non-rec. benefit",
            },
            Col::Risks => "Risks",
            Col::Checks => "Checks",
        }
    }

    /// The choice list of a choice column.
    pub fn choice(self) -> Option<ChoiceField> {
        Some(match self {
            Col::Area => ChoiceField::Area,
            Col::Commissioner => ChoiceField::Commissioner,
            Col::Provider => ChoiceField::Provider,
            Col::Source => ChoiceField::Source,
            Col::Programme => ChoiceField::Programme,
            Col::Status => ChoiceField::Status,
            _ => return None,
        })
    }

    /// The model field a checklist item names for this column.
    pub fn field_key(self) -> Option<&'static str> {
        Some(match self {
            Col::Reference => "reference",
            Col::Name => "name",
            Col::AreaOther => "area_other",
            Col::Spend(_) | Col::Money(..) => "years",
            c => return c.choice().map(|f| f.key()),
        })
    }

    /// Columns that hold a text or money input.
    pub fn is_input(self) -> bool {
        !matches!(self, Col::Num | Col::Risks | Col::Checks)
    }

    pub fn is_money(self) -> bool {
        matches!(self, Col::Spend(_) | Col::Money(..))
    }

    /// Text columns a user can hide or show.
    pub const OPTIONAL: [Col; 10] = [
        Col::Reference,
        Col::Area,
        Col::AreaOther,
        Col::Commissioner,
        Col::Provider,
        Col::Source,
        Col::Programme,
        Col::Status,
        Col::Risks,
        Col::Checks,
    ];
}

/// Filter by free text and by area, commissioner, source and status.
/// For the four lists, `None` is any value and `Some("")` is "not set".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub text: String,
    pub area: Option<String>,
    pub commissioner: Option<String>,
    pub source: Option<String>,
    pub status: Option<String>,
    /// Only schemes with a problem (a check not met).
    pub problems_only: bool,
}

impl Filter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty()
            || self.area.is_some()
            || self.commissioner.is_some()
            || self.source.is_some()
            || self.status.is_some()
            || self.problems_only
    }
    pub fn pick(&self, f: ChoiceField) -> &Option<String> {
        match f {
            ChoiceField::Area => &self.area,
            ChoiceField::Commissioner => &self.commissioner,
            ChoiceField::Source => &self.source,
            _ => &self.status,
        }
    }
    pub fn pick_mut(&mut self, f: ChoiceField) -> &mut Option<String> {
        match f {
            ChoiceField::Area => &mut self.area,
            ChoiceField::Commissioner => &mut self.commissioner,
            ChoiceField::Source => &mut self.source,
            _ => &mut self.status,
        }
    }

    /// Does a scheme pass? `needle` is the free text, lower-cased.
    pub fn matches(&self, plan: &Plan, s: &Scheme, needle: &str) -> bool {
        for (f, want) in [
            (ChoiceField::Area, &self.area),
            (ChoiceField::Commissioner, &self.commissioner),
            (ChoiceField::Source, &self.source),
            (ChoiceField::Status, &self.status),
        ] {
            if let Some(w) = want
                && !f.of(s).trim().eq_ignore_ascii_case(w.trim())
            {
                return false;
            }
        }
        if !needle.is_empty() && !text_matches(s, needle) {
            return false;
        }
        if self.problems_only && scheme_problems(plan, s).is_empty() {
            return false;
        }
        true
    }
}

fn contains_ci(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        let Some(&first) = n.first() else { return true };
        // only where the first letter is, in either case (a filter runs
        // over every scheme's long texts on each key typed)
        let (lo, up) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
        memchr::memchr2_iter(lo, up, h).any(|i| h.len() - i >= n.len() && h[i..i + n.len()].eq_ignore_ascii_case(n))
    } else {
        hay.to_lowercase().contains(needle)
    }
}

/// True when any text field of the scheme contains `needle` (lower case).
pub fn text_matches(s: &Scheme, needle: &str) -> bool {
    [
        &s.reference,
        &s.name,
        &s.area_of_spend,
        &s.area_other,
        &s.commissioner,
        &s.provider,
        &s.source_of_funding,
        &s.programme,
        &s.status,
        &s.description,
        &s.outcomes,
        &s.notes,
    ]
    .iter()
    .any(|f| contains_ci(f, needle))
}

/// A sort: a column and a direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortBy {
    pub col: Col,
    pub descending: bool,
}

/// Compares text the way people read it: "BCF2" before "BCF10", case
/// ignored, empty last.
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.trim(), b.trim());
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let mut ai = a.chars().peekable();
    let mut bi = b.chars().peekable();
    loop {
        match (ai.peek().copied(), bi.peek().copied()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let mut na = String::new();
                while let Some(c) = ai.peek().copied().filter(char::is_ascii_digit) {
                    na.push(c);
                    ai.next();
                }
                let mut nb = String::new();
                while let Some(c) = bi.peek().copied().filter(char::is_ascii_digit) {
                    nb.push(c);
                    bi.next();
                }
                let (ta, tb) = (na.trim_start_matches('0'), nb.trim_start_matches('0'));
                let o = ta.len().cmp(&tb.len()).then_with(|| ta.cmp(tb));
                if o != Ordering::Equal {
                    return o;
                }
            }
            (Some(x), Some(y)) => {
                let o = x.to_lowercase().cmp(y.to_lowercase());
                if o != Ordering::Equal {
                    return o;
                }
                ai.next();
                bi.next();
            }
        }
    }
}

/// The amount a money column shows for a scheme (None when empty).
pub fn money_of(plan: &Plan, s: &Scheme, col: Col) -> Option<Span> {
    let (yi, field) = match col {
        Col::Spend(yi) => (yi, None),
        Col::Money(yi, f) => (yi, Some(f)),
        _ => return None,
    };
    let year = plan.header.years.get(yi)?;
    let y = s.year(year)?;
    match field {
        None => {
            if y.spend.is_none() && !y.is_split() {
                None
            } else {
                Some(y.total_spend())
            }
        }
        Some(f) => y.get(f).as_ref().map(Span::of),
    }
}

fn cmp_span(a: Option<Span>, b: Option<Span>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => x.min_pence.cmp(&y.min_pence).then(x.max_pence.cmp(&y.max_pence)),
    }
}

/// Compares two schemes by a column (ascending; empty values last).
pub fn compare(plan: &Plan, risks: &HashMap<RecordId, usize>, col: Col, a: &Scheme, b: &Scheme) -> Ordering {
    match col {
        Col::Num => Ordering::Equal,
        Col::Reference => natural_cmp(&a.reference, &b.reference),
        Col::Name => natural_cmp(&a.name, &b.name),
        Col::AreaOther => natural_cmp(&a.area_other, &b.area_other),
        Col::Status => {
            // the worst delivery status first
            let (ra, rb) = (scheme_rag(plan, a), scheme_rag(plan, b));
            rb.severity()
                .cmp(&ra.severity())
                .then_with(|| natural_cmp(&a.status, &b.status))
        }
        Col::Spend(_) | Col::Money(..) => cmp_span(money_of(plan, a, col), money_of(plan, b, col)),
        Col::Risks => {
            let (x, y) = (
                risks.get(&a.id).copied().unwrap_or(0),
                risks.get(&b.id).copied().unwrap_or(0),
            );
            y.cmp(&x)
        }
        Col::Checks => scheme_problems(plan, b).len().cmp(&scheme_problems(plan, a).len()),
        c => match c.choice() {
            Some(f) => natural_cmp(f.of(a), f.of(b)),
            None => Ordering::Equal,
        },
    }
}

/// The indices (into `plan.schemes`) the table shows, in order. Ties keep
/// the plan's order. `always` are shown whatever the filter says (rows just
/// added, so they never vanish).
pub fn visible_rows(
    plan: &Plan,
    filter: &Filter,
    sort: Option<SortBy>,
    risks: &HashMap<RecordId, usize>,
    always: &[RecordId],
) -> Vec<usize> {
    let needle = filter.text.trim().to_lowercase();
    // looked up once per scheme: a set, not a scan of the list
    let always: std::collections::HashSet<RecordId> = always.iter().copied().collect();
    let mut rows: Vec<usize> = plan
        .schemes
        .iter()
        .enumerate()
        .filter(|(_, s)| always.contains(&s.id) || filter.matches(plan, s, &needle))
        .map(|(i, _)| i)
        .collect();
    if let Some(sort) = sort {
        sort_rows(plan, &mut rows, sort, risks);
    }
    rows
}

/// Sorts indices into `plan.schemes` (stable: ties keep the plan's order;
/// empty values stay last in both directions).
pub fn sort_rows(plan: &Plan, rows: &mut [usize], sort: SortBy, risks: &HashMap<RecordId, usize>) {
    if sort.col == Col::Num {
        if sort.descending {
            rows.sort_by(|a, b| b.cmp(a));
        } else {
            rows.sort();
        }
        return;
    }
    rows.sort_by(|&i, &j| {
        let (a, b) = (&plan.schemes[i], &plan.schemes[j]);
        let o = compare(plan, risks, sort.col, a, b);
        let o = if sort.descending && !is_empty_value(plan, sort.col, a) && !is_empty_value(plan, sort.col, b) {
            o.reverse()
        } else {
            o
        };
        o.then(i.cmp(&j))
    });
}

fn is_empty_value(plan: &Plan, col: Col, s: &Scheme) -> bool {
    match col {
        Col::Reference => s.reference.trim().is_empty(),
        Col::Name => s.name.trim().is_empty(),
        Col::AreaOther => s.area_other.trim().is_empty(),
        Col::Spend(_) | Col::Money(..) => money_of(plan, s, col).is_none(),
        c => c.choice().is_some_and(|f| f.of(s).trim().is_empty()),
    }
}

/// How many risks link to each scheme. (The Risks tab owns the links; this
/// only counts them for the table's Risks column.)
pub fn risk_counts(plan: &Plan) -> HashMap<RecordId, usize> {
    let mut m = HashMap::new();
    for r in &plan.risks {
        for id in &r.scheme_ids {
            *m.entry(*id).or_insert(0) += 1;
        }
    }
    m
}

/// Where the checklist sends the user for a scheme field.
pub fn col_for_field(field: &str, layout: Layout, years: usize) -> Option<Col> {
    Some(match field {
        "reference" => Col::Reference,
        "name" => Col::Name,
        "area_of_spend" => Col::Area,
        "area_other" => Col::AreaOther,
        "commissioner" => Col::Commissioner,
        "provider" => Col::Provider,
        "source_of_funding" => Col::Source,
        "programme" => Col::Programme,
        "status" => Col::Status,
        "years" if years > 0 => match layout {
            Layout::Simple => Col::Spend(0),
            Layout::Detailed => Col::Money(0, AmountField::Recurrent),
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, SchemeYear};

    fn plan() -> Plan {
        let mut p = Plan::default();
        p.header.years = vec!["2015/16".into()];
        for (i, (r, name, area, k)) in [
            ("BCF10", "Falls", "Social Care", Some(5)),
            ("BCF2", "Carers", "Other", None),
            ("", "care homes", "Social Care", Some(50)),
            ("bcf1", "", "", Some(7)),
        ]
        .into_iter()
        .enumerate()
        {
            let mut y = SchemeYear::new("2015/16");
            y.spend = k.map(Amount::thousands);
            p.schemes.push(Scheme {
                id: RecordId(10 + i as u64),
                reference: r.into(),
                name: name.into(),
                area_of_spend: area.into(),
                source_of_funding: "CCG Minimum Contribution".into(),
                commissioner: "CCG".into(),
                years: vec![y],
                ..Default::default()
            });
        }
        p
    }

    fn rows(p: &Plan, f: &Filter, sort: Option<SortBy>) -> Vec<usize> {
        visible_rows(p, f, sort, &HashMap::new(), &[])
    }

    #[test]
    fn rows_added_in_the_view_show_whatever_the_filter_says_once_each() {
        let p = plan();
        let f = Filter {
            text: "falls".into(),
            ..Default::default()
        };
        assert_eq!(rows(&p, &f, None), vec![0]);
        // listed twice (added, undone, added again): still one row, in the
        // plan's order
        let always = [p.schemes[3].id, p.schemes[2].id, p.schemes[3].id];
        assert_eq!(visible_rows(&p, &f, None, &HashMap::new(), &always), vec![0, 2, 3]);
    }

    #[test]
    fn natural_order() {
        let mut v = vec!["BCF10", "", "bcf1", "BCF2", "3a", "10", "2"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["2", "3a", "10", "bcf1", "BCF2", "BCF10", ""]);
    }

    #[test]
    fn sorts_without_touching_the_plan_and_keeps_empty_last() {
        let p = plan();
        let by = |col, descending| Some(SortBy { col, descending });
        let f = Filter::default();
        assert_eq!(rows(&p, &f, None), vec![0, 1, 2, 3]);
        assert_eq!(rows(&p, &f, by(Col::Reference, false)), vec![3, 1, 0, 2]);
        assert_eq!(rows(&p, &f, by(Col::Reference, true)), vec![0, 1, 3, 2]);
        assert_eq!(rows(&p, &f, by(Col::Name, false)), vec![2, 1, 0, 3]);
        assert_eq!(rows(&p, &f, by(Col::Spend(0), false)), vec![0, 3, 2, 1]);
        assert_eq!(rows(&p, &f, by(Col::Spend(0), true)), vec![2, 3, 0, 1]);
        assert_eq!(rows(&p, &f, by(Col::Num, true)), vec![3, 2, 1, 0]);
        // ties keep the plan's order
        assert_eq!(rows(&p, &f, by(Col::Commissioner, false)), vec![0, 1, 2, 3]);
    }

    #[test]
    fn filters_by_text_and_lists() {
        let p = plan();
        let f = Filter {
            text: "CARE".into(),
            ..Default::default()
        };
        // "Carers", "care homes", and the two in "Social Care"
        assert_eq!(rows(&p, &f, None), vec![0, 1, 2]);
        let f = Filter {
            area: Some("social care".into()),
            ..Default::default()
        };
        assert_eq!(rows(&p, &f, None), vec![0, 2]);
        let f = Filter {
            area: Some(String::new()),
            ..Default::default()
        };
        assert_eq!(rows(&p, &f, None), vec![3]);
        let f = Filter {
            problems_only: true,
            ..Default::default()
        };
        // no name and no area; "Carers" has no amount
        assert_eq!(rows(&p, &f, None), vec![1, 3]);
        assert!(f.is_active());
        assert!(!Filter::default().is_active());
        let f = Filter {
            text: "zzz".into(),
            ..Default::default()
        };
        assert!(rows(&p, &f, None).is_empty());
        // a row just added is shown whatever the filter
        assert_eq!(visible_rows(&p, &f, None, &HashMap::new(), &[RecordId(11)]), vec![1]);
    }

    #[test]
    fn text_search_ignores_case_anywhere_in_the_text() {
        for (hay, needle, found) in [
            ("Integrated Care Teams", "care", true),
            ("Integrated Care Teams", "integrated", true),
            ("Integrated Care Teams", "teams", true),
            ("Integrated Care Teams", "CARE T", true),
            ("Integrated Care Teams", "cares", false),
            ("Integrated Care Teams", "", true),
            ("Ca", "care", false),
            ("", "a", false),
            ("aaab", "aab", true),
            ("3,432 (£000)", "(£000)", true),
            ("Équipe de soins", "équipe", true),
            ("Équipe de soins", "soins", true),
            ("Équipe de soins", "care", false),
        ] {
            assert_eq!(contains_ci(hay, &needle.to_lowercase()), found, "{needle:?} in {hay:?}");
        }
    }
}
