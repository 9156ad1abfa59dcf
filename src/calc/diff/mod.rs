//! Compare two versions of a plan: records added, removed, changed and
//! moved (matched by id), field by field, with the effect on the totals
//! and the RAG, as a change list a board secretary would write:
//!
//! ```text
//! Scheme 4 “Carers Break”: 2015/16 spend 3,443 → 3,600 (£000)
//! Scheme 1 “Care Act”: moved from position 3 to 1
//! ```
//!
//! Pure: both plans in, a [`PlanDiff`] out; [`render`] presents it as text
//! and JSON. The fields compared are the ones the model stores
//! ([`records`]); totals and RAG come from [`super::summarize`] of each
//! plan, never recomputed here.

pub mod records;
pub mod render;

pub use records::field_label;
pub use render::{movement, phrase, rag_line, record_line, render_lines, render_text, to_json, total_line};

use super::{PlanSummary, summarize};
use crate::model::field::{Field, MoneyPart, RecordKind};
use crate::model::money::{MoneyUnit, format_amount};
use crate::model::value::Value;
use crate::model::{Amount, Plan, Rag, RecordId, Span};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// One field that differs.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// "2015/16 spend", "commissioner".
    pub field: String,
    /// As shown to people; empty when there was none.
    pub old: String,
    pub new: String,
    /// True for money (the unit is said once, after the figures).
    pub money: bool,
    /// Long text: the sentence says "changed" rather than quoting it.
    pub long: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Added,
    Removed,
    /// Fields differ (and the record may have moved too).
    Changed,
    /// Only its place in the list changed.
    Moved,
}

impl ChangeKind {
    /// "added", "removed", "changed", "moved" (the JSON key and the word
    /// people read).
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
        }
    }
}

/// A record's place in its list before and after, counted from 1 as the
/// tabs number records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: usize,
    pub to: usize,
}

/// A record added, removed or changed.
#[derive(Clone, Debug, PartialEq)]
pub struct RecordChange {
    pub kind: RecordKind,
    pub id: RecordId,
    /// "Scheme 4 “Carers Break”" (position in the new plan; in the old
    /// one for a removed record).
    pub label: String,
    pub change: ChangeKind,
    /// Where it was and is, when it moved in the list (changed or moved).
    pub moved: Option<Move>,
    /// The fields that differ (changed), or the record's main figures
    /// (added, removed).
    pub fields: Vec<FieldChange>,
}

/// A total that moved.
#[derive(Clone, Debug, PartialEq)]
pub struct TotalChange {
    /// "2015/16 total spend", "2015/16 CCG Minimum Contribution".
    pub what: String,
    pub old: Span,
    pub new: Span,
}

/// A RAG that moved.
#[derive(Clone, Debug, PartialEq)]
pub struct RagChange {
    /// "Plan overall", "Metrics", "Metric 2 “A&E 4 hours”".
    pub what: String,
    pub old: Rag,
    pub new: Rag,
}

/// Everything that differs between two plans.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanDiff {
    /// The unit money is shown in (the new plan's display unit).
    pub unit: MoneyUnit,
    pub header: Vec<FieldChange>,
    pub records: Vec<RecordChange>,
    pub totals: Vec<TotalChange>,
    pub rags: Vec<RagChange>,
    /// Incomplete checklist items, old and new.
    pub checklist: (usize, usize),
}

impl PlanDiff {
    /// True when nothing a person would see differs.
    pub fn is_empty(&self) -> bool {
        self.header.is_empty() && self.records.is_empty() && self.totals.is_empty() && self.rags.is_empty()
    }
    pub fn count(&self, kind: RecordKind, change: ChangeKind) -> usize {
        self.records
            .iter()
            .filter(|r| r.kind == kind && r.change == change)
            .count()
    }
}

/// Compares `old` with `new`. `today` decides what is overdue in each
/// checklist.
pub fn diff(old: &Plan, new: &Plan, today: NaiveDate) -> PlanDiff {
    let so = summarize(old, today);
    let sn = summarize(new, today);
    diff_with(old, &so, new, &sn)
}

/// As [`diff`], with summaries already computed.
pub fn diff_with(old: &Plan, so: &PlanSummary, new: &Plan, sn: &PlanSummary) -> PlanDiff {
    let unit = new.settings.display_unit;
    PlanDiff {
        unit,
        header: header_changes(old, new, unit),
        records: records::record_changes(old, new, unit),
        totals: total_changes(so, sn),
        rags: rag_changes(old, so, new, sn),
        checklist: (so.checklist.incomplete_count(), sn.checklist.incomplete_count()),
    }
}

const LONG_TEXT: usize = 80;

/// A value as a change list quotes it: text in quotes, money in `unit`.
fn shown(v: &Value, unit: MoneyUnit) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(t) => format!("\u{201c}{}\u{201d}", t.trim()),
        other => other.display(unit),
    }
}

/// The change of one field, when its value differs.
fn change_of(field: &Field, a: &Value, b: &Value, unit: MoneyUnit) -> Option<FieldChange> {
    if a == b || (a.is_empty() && b.is_empty()) {
        return None;
    }
    let money = field.is_money();
    let (mut old, mut new) = (shown(a, unit), shown(b, unit));
    if money && old == new {
        // the change is smaller than the display unit: show pounds
        let exact = |v: &Value| match v {
            Value::Money(x) => format!("£{}", format_amount(x, MoneyUnit::Pounds)),
            other => shown(other, unit),
        };
        old = exact(a);
        new = exact(b);
    }
    let long = matches!(a, Value::Text(t) if t.chars().count() > LONG_TEXT || t.contains('\n'))
        || matches!(b, Value::Text(t) if t.chars().count() > LONG_TEXT || t.contains('\n'));
    Some(FieldChange {
        field: records::field_label(field),
        old,
        new,
        money,
        long,
    })
}

fn opt_amount(a: &Option<Amount>) -> Value {
    a.map(Value::Money).unwrap_or(Value::Empty)
}

fn header_changes(old: &Plan, new: &Plan, unit: MoneyUnit) -> Vec<FieldChange> {
    let (a, b) = (&old.header, &new.header);
    let text = |s: &str| {
        if s.trim().is_empty() {
            Value::Empty
        } else {
            Value::Text(s.to_string())
        }
    };
    let date = |d: &Option<crate::model::DateField>| d.clone().map(Value::Date).unwrap_or(Value::Empty);
    let mut rows: Vec<(String, Value, Value, bool)> = vec![
        ("title".into(), text(&a.title), text(&b.title), false),
        (
            "organisation".into(),
            text(&a.organisation),
            text(&b.organisation),
            false,
        ),
        ("Health and Wellbeing Board".into(), text(&a.hwb), text(&b.hwb), false),
        (
            "local authority".into(),
            text(&a.local_authority),
            text(&b.local_authority),
            false,
        ),
        ("CCGs".into(), text(&a.ccgs.join(", ")), text(&b.ccgs.join(", ")), false),
        (
            "financial years".into(),
            text(&a.years.join(", ")),
            text(&b.years.join(", ")),
            false,
        ),
        ("version".into(), text(&a.version), text(&b.version), false),
        ("status".into(), text(a.status.word()), text(b.status.word()), false),
        ("owner".into(), text(&a.owner), text(&b.owner), false),
        (
            "date agreed at HWB".into(),
            date(&a.date_agreed_hwb),
            date(&b.date_agreed_hwb),
            false,
        ),
        (
            "date submitted".into(),
            date(&a.date_submitted),
            date(&b.date_submitted),
            false,
        ),
    ];
    let mut years: Vec<&str> = a.budgets.iter().map(|x| x.year.as_str()).collect();
    for y in b.budgets.iter().map(|x| x.year.as_str()) {
        if !years.contains(&y) {
            years.push(y);
        }
    }
    for y in years {
        let (ba, bb) = (a.budget(y), b.budget(y));
        rows.push((
            format!("{y} minimum pooled budget"),
            opt_amount(&ba.and_then(|x| x.minimum_required)),
            opt_amount(&bb.and_then(|x| x.minimum_required)),
            true,
        ));
        rows.push((
            format!("{y} declared pooled budget"),
            opt_amount(&ba.and_then(|x| x.declared_total)),
            opt_amount(&bb.and_then(|x| x.declared_total)),
            true,
        ));
    }
    rows.extend(finance_rows(old, new));
    rows.push(("notes".into(), text(&a.notes), text(&b.notes), false));
    rows.push((
        "money shown in".into(),
        text(old.settings.display_unit.label()),
        text(new.settings.display_unit.label()),
        false,
    ));
    rows.push((
        "amber tolerance (%)".into(),
        Value::Decimal(old.settings.amber_tolerance_pct),
        Value::Decimal(new.settings.amber_tolerance_pct),
        false,
    ));
    rows.into_iter()
        .filter_map(|(label, va, vb, money)| {
            let f = if money {
                Field::Money {
                    year: String::new(),
                    part: MoneyPart::Spend,
                }
            } else {
                Field::SchemeNotes
            };
            change_of(&f, &va, &vb, unit).map(|mut c| {
                c.field = label;
                c
            })
        })
        .collect()
}

/// The operating plan's money, row by row (matched by id; a scheme's QIPP
/// by the scheme's id and the year): label, old, new, is money.
fn finance_rows(old: &Plan, new: &Plan) -> Vec<(String, Value, Value, bool)> {
    fn by_id<'a, T>(a: &'a [T], b: &'a [T], id: impl Fn(&T) -> RecordId) -> Vec<(Option<&'a T>, Option<&'a T>)> {
        let mut v: Vec<(Option<&T>, Option<&T>)> =
            a.iter().map(|x| (Some(x), b.iter().find(|y| id(y) == id(x)))).collect();
        v.extend(
            b.iter()
                .filter(|y| !a.iter().any(|x| id(x) == id(y)))
                .map(|y| (None, Some(y))),
        );
        v
    }
    let amount = |x: Option<&Option<Amount>>| opt_amount(x.unwrap_or(&None));
    let word = |s: &str| format!("\u{201c}{}\u{201d}", s.trim());
    let mut rows = Vec::new();
    for (x, y) in by_id(&old.allocations, &new.allocations, |l| l.id) {
        let l = y.or(x).expect("one side has the line");
        rows.push((
            format!("{} allocation {}", l.year, word(&l.label)),
            amount(x.map(|l| &l.amount)),
            amount(y.map(|l| &l.amount)),
            true,
        ));
    }
    for (x, y) in by_id(&old.contributions, &new.contributions, |c| c.id) {
        let c = y.or(x).expect("one side has the row");
        for (what, pick) in [
            (
                "minimum",
                (|c: &crate::model::Contribution| &c.minimum) as fn(&crate::model::Contribution) -> &Option<Amount>,
            ),
            ("actual", |c| &c.actual),
        ] {
            rows.push((
                format!("{} {what} contribution of {}", c.year, word(&c.organisation)),
                amount(x.map(pick)),
                amount(y.map(pick)),
                true,
            ));
        }
    }
    for (x, y) in by_id(&old.finance_years, &new.finance_years, |f| f.id) {
        let f = y.or(x).expect("one side has the year");
        type Pick = fn(&crate::model::FinanceYear) -> &Option<Amount>;
        let fields: [(&str, Pick); 8] = [
            ("planned expenditure", |f| &f.planned_expenditure),
            ("printed recurrent allocation", |f| &f.declared_recurrent),
            ("printed total allocation", |f| &f.declared_allocation),
            ("printed minimum contributions", |f| &f.declared_minimum_contributions),
            ("printed actual contributions", |f| &f.declared_actual_contributions),
            ("printed QIPP saving", |f| &f.declared_qipp_saving),
            ("printed QIPP investment", |f| &f.declared_qipp_investment),
            ("printed QIPP net saving", |f| &f.declared_qipp_net),
        ];
        for (what, pick) in fields {
            rows.push((
                format!("{} {what}", f.year),
                amount(x.map(pick)),
                amount(y.map(pick)),
                true,
            ));
        }
    }
    for (x, y) in by_id(&old.schemes, &new.schemes, |s| s.id) {
        let s = y.or(x).expect("one side has the scheme");
        let mut years: Vec<&str> = Vec::new();
        for q in x.iter().chain(y.iter()).flat_map(|s| &s.qipp) {
            if !years.contains(&q.year.as_str()) {
                years.push(&q.year);
            }
        }
        for year in years {
            let qa = x.and_then(|s| s.qipp_year(year));
            let qb = y.and_then(|s| s.qipp_year(year));
            for (what, pick) in [
                (
                    "saving",
                    (|q: &crate::model::QippYear| &q.saving) as fn(&crate::model::QippYear) -> &Option<Amount>,
                ),
                ("investment", |q| &q.investment),
            ] {
                rows.push((
                    format!("{year} QIPP {what} of {}", word(&s.name)),
                    amount(qa.map(pick)),
                    amount(qb.map(pick)),
                    true,
                ));
            }
            let pods = |q: Option<&crate::model::QippYear>| q.map(|q| q.points_of_delivery.clone()).unwrap_or_default();
            if pods(qa) != pods(qb) {
                let n = |q: Option<&crate::model::QippYear>, more: &str| {
                    Value::Text(format!("{} lines{more}", pods(q).len()))
                };
                rows.push((
                    format!("{year} points of delivery of {}", word(&s.name)),
                    n(qa, ""),
                    n(qb, ", changed"),
                    false,
                ));
            }
        }
    }
    rows
}

fn total_changes(so: &PlanSummary, sn: &PlanSummary) -> Vec<TotalChange> {
    let mut out = Vec::new();
    let (fo, fnew) = (&so.finance, &sn.finance);
    let mut years = fo.years.clone();
    for y in &fnew.years {
        if !years.contains(y) {
            years.push(y.clone());
        }
    }
    let get = |m: &std::collections::BTreeMap<String, Span>, y: &str| m.get(y).copied().unwrap_or(Span::ZERO);
    for y in &years {
        for (what, a, b) in [
            ("total spend", fo.spend(y), fnew.spend(y)),
            (
                "recurrent spend",
                get(&fo.recurrent_by_year, y),
                get(&fnew.recurrent_by_year, y),
            ),
            (
                "non-recurrent spend",
                get(&fo.non_recurrent_by_year, y),
                get(&fnew.non_recurrent_by_year, y),
            ),
            ("benefits", get(&fo.benefit_by_year, y), get(&fnew.benefit_by_year, y)),
        ] {
            if a != b {
                out.push(TotalChange {
                    what: format!("{y} {what}"),
                    old: a,
                    new: b,
                });
            }
        }
    }
    for (dim, bo, bn) in [
        ("source", &fo.by_source, &fnew.by_source),
        ("area", &fo.by_area, &fnew.by_area),
        ("commissioner", &fo.by_commissioner, &fnew.by_commissioner),
    ] {
        let names: BTreeSet<&String> = bo.keys().chain(bn.keys()).collect();
        for name in names {
            for y in &years {
                let a = bo.get(name).map(|m| get(m, y)).unwrap_or(Span::ZERO);
                let b = bn.get(name).map(|m| get(m, y)).unwrap_or(Span::ZERO);
                if a != b {
                    out.push(TotalChange {
                        what: format!("{y} {dim} \u{201c}{name}\u{201d}"),
                        old: a,
                        new: b,
                    });
                }
            }
        }
    }
    out
}

fn rag_changes(old: &Plan, so: &PlanSummary, new: &Plan, sn: &PlanSummary) -> Vec<RagChange> {
    let mut out = Vec::new();
    if so.overall != sn.overall {
        out.push(RagChange {
            what: "Plan overall".into(),
            old: so.overall,
            new: sn.overall,
        });
    }
    for a in &sn.areas {
        if let Some(o) = so.areas.iter().find(|x| x.name == a.name)
            && o.rag != a.rag
        {
            out.push(RagChange {
                what: a.name.to_string(),
                old: o.rag,
                new: a.rag,
            });
        }
    }
    let label = crate::model::field::record_label;
    for (i, m) in new.metrics.iter().enumerate() {
        if let Some(j) = old.metrics.iter().position(|x| x.id == m.id) {
            let (a, b) = (so.metric_ratings[j].rag, sn.metric_ratings[i].rag);
            if a != b {
                out.push(RagChange {
                    what: label(RecordKind::Metrics, i, &m.name),
                    old: a,
                    new: b,
                });
            }
        }
    }
    for (i, r) in new.risks.iter().enumerate() {
        if let Some(j) = old.risks.iter().position(|x| x.id == r.id) {
            let (a, b) = (so.risk_ratings[j].rag, sn.risk_ratings[i].rag);
            if a != b {
                out.push(RagChange {
                    what: label(RecordKind::Risks, i, &r.title),
                    old: a,
                    new: b,
                });
            }
        }
    }
    for (i, s) in new.schemes.iter().enumerate() {
        if let Some(j) = old.schemes.iter().position(|x| x.id == s.id) {
            let (a, b) = (so.scheme_rags[j], sn.scheme_rags[i]);
            if a != b {
                out.push(RagChange {
                    what: label(RecordKind::Schemes, i, &s.name),
                    old: a,
                    new: b,
                });
            }
        }
    }
    for (i, s) in new.signoffs.iter().enumerate() {
        if let Some(j) = old.signoffs.iter().position(|x| x.id == s.id) {
            let (a, b) = (so.signoff_states[j].rag(), sn.signoff_states[i].rag());
            if a != b {
                out.push(RagChange {
                    what: label(RecordKind::SignOffs, i, &s.organisation),
                    old: a,
                    new: b,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pence;

    fn kent() -> Plan {
        crate::io::load_path(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron"))
            .unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
    }

    #[test]
    fn identical_plans_have_no_differences() {
        let p = kent();
        let d = diff(&p, &p, day());
        assert!(d.is_empty());
        assert!(render_text(&d, "a", "b").contains("No differences."));
    }

    #[test]
    fn a_moved_record_is_a_change_with_both_positions() {
        let old = kent();
        let mut new = old.clone();
        new.schemes.swap(0, 1);
        let d = diff(&old, &new, day());
        assert!(!d.is_empty(), "a swap is a difference");
        assert_eq!(d.records.len(), 1, "{:#?}", d.records);
        assert_eq!(d.records[0].change, ChangeKind::Moved);
        assert_eq!(d.records[0].moved, Some(Move { from: 2, to: 1 }));
        assert_eq!(
            record_line(&d.records[0], d.unit),
            "Scheme 1 \u{201c}Disabled facilities Grant (DFG)\u{201d}: moved from position 2 to 1"
        );
        // the last record put first: only it moved, the others shifted
        let mut new = old.clone();
        let last = new.schemes.pop().unwrap();
        new.schemes.insert(0, last);
        let d = diff(&old, &new, day());
        assert_eq!(d.records.len(), 1);
        assert_eq!(d.records[0].moved, Some(Move { from: 12, to: 1 }));
        // a record removed shifts the others, but moves none
        let mut new = old.clone();
        new.schemes.remove(0);
        let d = diff(&old, &new, day());
        assert!(d.records.iter().all(|r| r.moved.is_none()));
        // moved and changed: one line says both
        let mut new = old.clone();
        new.schemes.swap(0, 1);
        new.schemes[0].name = "DFG".into();
        let d = diff(&old, &new, day());
        assert_eq!(d.records[0].change, ChangeKind::Changed);
        assert_eq!(
            record_line(&d.records[0], d.unit),
            "Scheme 1 \u{201c}DFG\u{201d}: moved from position 2 to 1; name \u{201c}Disabled facilities Grant (DFG)\u{201d} \u{2192} \u{201c}DFG\u{201d}"
        );
    }

    #[test]
    fn compared_fields_come_from_the_model() {
        // a mitigation and a money part only the old plan has are compared
        let old = crate::io::load_path(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/south-kent-coast-2015-16.ron"),
        )
        .unwrap();
        let mut new = old.clone();
        for r in &mut new.risks {
            r.mitigations.truncate(1);
        }
        let d = diff(&old, &new, day());
        assert!(
            d.records
                .iter()
                .any(|r| r.fields.iter().any(|f| f.field.starts_with("mitigation 2"))),
            "{:#?}",
            d.records
        );
    }

    #[test]
    fn a_spend_change_reads_like_a_change_list() {
        let old = kent();
        let mut new = old.clone();
        new.schemes[3].year_mut("2015/16").spend = Some(Amount::thousands(3_600));
        let d = diff(&old, &new, day());
        assert_eq!(d.records.len(), 1);
        assert_eq!(
            record_line(&d.records[0], d.unit),
            "Scheme 4 \u{201c}Carers Break\u{201d}: 2015/16 spend 3,443 \u{2192} 3,600 (£000)"
        );
        assert_eq!(
            total_line(&d.totals[0], d.unit),
            "2015/16 total spend: 101,404 \u{2192} 101,561 (£000), up 157"
        );
        // a change smaller than £1,000 is shown in pounds
        let mut small = old.clone();
        small.schemes[3].year_mut("2015/16").spend = Some(Amount::Exact(Pence(344_300_000 + 40_000)));
        let d = diff(&old, &small, day());
        assert_eq!(
            record_line(&d.records[0], d.unit),
            "Scheme 4 \u{201c}Carers Break\u{201d}: 2015/16 spend £3,443,000 \u{2192} £3,443,400"
        );
        assert_eq!(
            total_line(&d.totals[0], d.unit),
            "2015/16 total spend: 101,404 \u{2192} 101,404 (£000), up £400"
        );
    }
}
