//! Compare two versions of a plan: records added, removed and changed
//! (matched by id), field by field, with the effect on the totals and the
//! RAG, as a change list a board secretary would write:
//!
//! ```text
//! Scheme 4 “Carers Break”: 2015/16 spend 3,443 → 3,600 (£000)
//! ```
//!
//! Pure: both plans in, a [`PlanDiff`] out; [`render_text`] and
//! [`to_json`] present it. Totals and RAG come from [`super::summarize`]
//! of each plan, never recomputed here.

use super::finance::span_json;
use super::{PlanSummary, summarize};
use crate::model::fields::{Field, MitigationPart, MoneyPart, PeriodPart, Record, RecordKind, ScorePart, Value};
use crate::model::money::{MoneyUnit, format_amount, format_pence, format_span};
use crate::model::{Amount, Metric, Plan, Rag, RecordId, Risk, Scheme, SignOff, Span};
use chrono::NaiveDate;
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;
use std::fmt::Write as _;

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
    Changed,
}

impl ChangeKind {
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
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
    let mut records = Vec::new();
    records.extend(diff_kind::<Scheme>(old, new, unit, scheme_fields(old, new)));
    records.extend(diff_kind::<Metric>(old, new, unit, metric_fields(old, new)));
    records.extend(diff_kind::<Risk>(old, new, unit, risk_fields(old, new)));
    records.extend(diff_kind::<SignOff>(old, new, unit, signoff_fields()));
    PlanDiff {
        unit,
        header: header_changes(old, new, unit),
        records,
        totals: total_changes(so, sn),
        rags: rag_changes(old, so, new, sn),
        checklist: (so.checklist.incomplete_count(), sn.checklist.incomplete_count()),
    }
}

// ---------------------------------------------------------------- fields

fn union_years(old: &Plan, new: &Plan) -> Vec<String> {
    let mut v = crate::model::fields::money_years(old);
    for y in crate::model::fields::money_years(new) {
        if !v.contains(&y) {
            v.push(y);
        }
    }
    v.sort();
    v
}

fn scheme_fields(old: &Plan, new: &Plan) -> Vec<Field> {
    use Field::*;
    let mut v = vec![
        SchemeReference,
        SchemeName,
        AreaOfSpend,
        AreaOther,
        Commissioner,
        Provider,
        SourceOfFunding,
        Programme,
        SchemeStatus,
    ];
    for y in union_years(old, new) {
        for part in MoneyPart::ALL {
            v.push(Money { year: y.clone(), part });
        }
    }
    v.extend([SchemeDescription, Outcomes, SchemeNotes]);
    v
}

fn metric_fields(_old: &Plan, _new: &Plan) -> Vec<Field> {
    use Field::*;
    // periods are compared by label, per record (see `record_fields`)
    vec![
        MetricReference,
        MetricName,
        MetricCategory,
        MetricUnit,
        Polarity,
        Baseline,
        BaselinePeriod,
        TolerancePct,
        RagOverride,
        OverrideReason,
        OverrideBy,
        OverrideDate,
        MetricDescription,
        Diagnosis,
        Action,
        Trajectory,
        MetricSchemes,
    ]
}

fn risk_fields(old: &Plan, new: &Plan) -> Vec<Field> {
    use Field::*;
    let mut v = vec![
        RiskReference,
        RiskTitle,
        RiskDescription,
        RiskCategory,
        RiskOwner,
        RiskStatus,
    ];
    // scores are compared whole ("5 × 4 = 20, Extreme"), see `score_changes`
    v.push(LegacyRating);
    let n = old
        .risks
        .iter()
        .chain(&new.risks)
        .map(|r| r.mitigations.len())
        .max()
        .unwrap_or(0);
    v.extend(crate::model::fields::mitigation_fields(n));
    v.extend([DateRaised, ReviewDate, RiskSchemes, RiskMetrics]);
    v
}

fn signoff_fields() -> Vec<Field> {
    use Field::*;
    vec![
        Organisation,
        OrgType,
        Position,
        SignatoryName,
        SignOffStatus,
        SignOffDate,
        Required,
        SignOffComment,
    ]
}

/// The words for a field in a change list.
pub fn field_label(f: &Field) -> String {
    use Field::*;
    match f {
        Money { year, part } => match part {
            MoneyPart::Spend => format!("{year} spend"),
            MoneyPart::Recurrent => format!("{year} recurrent spend"),
            MoneyPart::NonRecurrent => format!("{year} non-recurrent spend"),
            MoneyPart::BenefitRecurrent => format!("{year} recurrent benefit"),
            MoneyPart::BenefitNonRecurrent => format!("{year} non-recurrent benefit"),
        },
        SchemeName | MetricName => "name".into(),
        RiskTitle => "title".into(),
        SchemeReference | MetricReference | RiskReference => "reference".into(),
        SchemeStatus => "delivery status".into(),
        AreaOther => "other area".into(),
        RiskStatus | SignOffStatus => "status".into(),
        Organisation => "organisation".into(),
        SignatoryName => "signatory".into(),
        Score { which, part } => format!(
            "{} {}",
            which.word().to_lowercase(),
            match part {
                ScorePart::Likelihood => "likelihood",
                ScorePart::Consequence => "consequence",
            }
        ),
        Mitigation { n, part } => match part {
            MitigationPart::Text => format!("mitigation {n}"),
            MitigationPart::Owner => format!("mitigation {n} owner"),
            MitigationPart::Due => format!("mitigation {n} due date"),
            MitigationPart::Done => format!("mitigation {n} done"),
        },
        NamedPeriod { label, part } => format!("{label} {}", part.word()),
        LegacyRating => "risk rating".into(),
        RagOverride => "RAG override".into(),
        MetricSchemes | RiskSchemes => "linked schemes".into(),
        RiskMetrics => "linked metrics".into(),
        other => {
            let h = other.header(MoneyUnit::Pounds);
            let mut c = h.chars();
            match (c.next(), h.chars().nth(1)) {
                (Some(first), Some(second)) if second.is_lowercase() => {
                    first.to_lowercase().collect::<String>() + c.as_str()
                }
                _ => h,
            }
        }
    }
}

/// The period labels of two versions of a metric, in order of appearance.
fn period_labels<R: Record>(a: Option<&R>, b: Option<&R>) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for m in [b, a].into_iter().flatten() {
        for label in m.period_labels() {
            if !v.iter().any(|x| x.eq_ignore_ascii_case(&label)) {
                v.push(label);
            }
        }
    }
    v
}

const LONG_TEXT: usize = 80;

fn shown(v: &Value, unit: MoneyUnit) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(t) => format!("\u{201c}{}\u{201d}", t.trim()),
        other => other.display(unit),
    }
}

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
        field: field_label(field),
        old,
        new,
        money,
        long,
    })
}

fn record_fields<R: Record>(base: &[Field], a: Option<&R>, b: Option<&R>) -> Vec<Field> {
    let mut fields = base.to_vec();
    if R::KIND == RecordKind::Metrics {
        for label in period_labels(a, b) {
            for part in [PeriodPart::Target, PeriodPart::Actual, PeriodPart::Forecast] {
                fields.push(Field::NamedPeriod {
                    label: label.clone(),
                    part,
                });
            }
        }
    }
    fields
}

/// The main figures of a record, for "added" and "removed" lines.
fn key_fields<R: Record>(r: &R, base: &[Field], unit: MoneyUnit) -> Vec<FieldChange> {
    let keep = |f: &Field| match R::KIND {
        RecordKind::Schemes => matches!(f, Field::Money { .. } | Field::SourceOfFunding | Field::Commissioner),
        RecordKind::Metrics => matches!(
            f,
            Field::MetricCategory
                | Field::NamedPeriod {
                    part: PeriodPart::Target,
                    ..
                }
        ),
        RecordKind::Risks => matches!(f, Field::LegacyRating | Field::RiskOwner),
        RecordKind::SignOffs => matches!(f, Field::SignatoryName | Field::Position | Field::SignOffStatus),
    };
    let mut out: Vec<FieldChange> = record_fields::<R>(base, Some(r), None)
        .iter()
        .filter(|f| keep(f))
        .filter_map(|f| {
            let v = r.get(f);
            (!v.is_empty()).then(|| FieldChange {
                field: field_label(f),
                old: String::new(),
                new: shown(&v, unit),
                money: f.is_money(),
                long: false,
            })
        })
        .collect();
    if R::KIND == RecordKind::Risks {
        let s = score_text(r, crate::model::fields::ScoreKind::Current);
        if !s.is_empty() {
            out.insert(
                0,
                FieldChange {
                    field: "current score".into(),
                    old: String::new(),
                    new: s,
                    money: false,
                    long: false,
                },
            );
        }
    }
    out
}

fn diff_kind<R: Record>(old: &Plan, new: &Plan, unit: MoneyUnit, base: Vec<Field>) -> Vec<RecordChange> {
    let olds = R::all(old);
    let news = R::all(new);
    let label = |i: usize, r: &R| crate::model::fields::record_label(R::KIND, i, r.title());
    let mut out = Vec::new();
    for (i, b) in news.iter().enumerate() {
        match olds.iter().find(|a| a.id() == b.id()) {
            None => out.push(RecordChange {
                kind: R::KIND,
                id: b.id(),
                label: label(i, b),
                change: ChangeKind::Added,
                fields: key_fields(b, &base, unit),
            }),
            Some(a) => {
                let mut fields: Vec<FieldChange> = record_fields::<R>(&base, Some(a), Some(b))
                    .iter()
                    .filter_map(|f| change_of(f, &a.get(f), &b.get(f), unit))
                    .collect();
                if R::KIND == RecordKind::Risks {
                    // after the title, description, category, owner and status
                    let at = fields
                        .iter()
                        .position(|c| c.field == "risk rating" || c.field.starts_with("mitigation"))
                        .unwrap_or(fields.len());
                    let scores = score_changes(a, b);
                    fields.splice(at..at, scores);
                }
                if !fields.is_empty() {
                    out.push(RecordChange {
                        kind: R::KIND,
                        id: b.id(),
                        label: label(i, b),
                        change: ChangeKind::Changed,
                        fields,
                    });
                }
            }
        }
    }
    for (i, a) in olds.iter().enumerate() {
        if !news.iter().any(|b| b.id() == a.id()) {
            out.push(RecordChange {
                kind: R::KIND,
                id: a.id(),
                label: label(i, a),
                change: ChangeKind::Removed,
                fields: key_fields(a, &base, unit),
            });
        }
    }
    out
}

/// A risk score as people say it: "5 × 4 = 20 (Extreme)".
fn score_text<R: Record>(r: &R, which: crate::model::fields::ScoreKind) -> String {
    let part = |p: ScorePart| match r.get(&Field::Score { which, part: p }) {
        Value::Int(n) => n as u8,
        _ => 0,
    };
    let (l, c) = (part(ScorePart::Likelihood), part(ScorePart::Consequence));
    match (l, c) {
        (0, 0) => String::new(),
        (0, c) => format!("consequence {c}, no likelihood"),
        (l, 0) => format!("likelihood {l}, no consequence"),
        (l, c) => {
            let score = l * c;
            format!(
                "{l} \u{d7} {c} = {score} ({})",
                super::risks::band_of_score(score).word()
            )
        }
    }
}

fn score_changes<R: Record>(a: &R, b: &R) -> Vec<FieldChange> {
    use crate::model::fields::ScoreKind;
    [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target]
        .into_iter()
        .filter_map(|which| {
            let (old, new) = (score_text(a, which), score_text(b, which));
            (old != new).then(|| FieldChange {
                field: format!("{} score", which.word().to_lowercase()),
                old,
                new,
                money: false,
                long: false,
            })
        })
        .collect()
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
    let label = crate::model::fields::record_label;
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

// ---------------------------------------------------------------- text

/// One change as a phrase: "2015/16 spend 3,443 → 3,600", "status set to
/// “On track”", "notes changed".
pub fn phrase(c: &FieldChange) -> String {
    if c.long {
        return if c.old.is_empty() {
            format!("{} added", c.field)
        } else if c.new.is_empty() {
            format!("{} cleared", c.field)
        } else {
            format!("{} changed", c.field)
        };
    }
    if c.old.is_empty() {
        format!("{} set to {}", c.field, c.new)
    } else if c.new.is_empty() {
        format!("{} cleared (was {})", c.field, c.old)
    } else {
        format!("{} {} \u{2192} {}", c.field, c.old, c.new)
    }
}

fn phrases(fields: &[FieldChange], unit: MoneyUnit) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in fields {
        let mut p = phrase(c);
        if c.money && !c.long && !c.old.starts_with('£') && !c.new.starts_with('£') {
            let _ = write!(p, " ({})", unit.label());
        }
        parts.push(p);
    }
    parts.join("; ")
}

/// The added-or-removed line's figures: "2015/16 spend 250 (£000), source
/// “CCG Minimum Contribution”".
fn figures(fields: &[FieldChange], unit: MoneyUnit) -> String {
    fields
        .iter()
        .map(|c| {
            if c.money {
                format!("{} {} ({})", c.field, c.new, unit.label())
            } else {
                format!("{} {}", c.field, c.new)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// "up 157", "down 30", "up 10 – 20" (ranges), in `unit`.
pub fn movement(old: &Span, new: &Span, unit: MoneyUnit) -> String {
    let d = Span {
        min_pence: new.min_pence - old.min_pence,
        max_pence: new.max_pence - old.max_pence,
    };
    let word = |p: i128| if p >= 0 { "up" } else { "down" };
    let abs = |p: i128| format_pence(p.abs(), unit);
    if d.min_pence == d.max_pence {
        let shown = abs(d.min_pence);
        if shown == "0" {
            return format!(
                "{} £{}",
                word(d.min_pence),
                format_pence(d.min_pence.abs(), MoneyUnit::Pounds)
            );
        }
        format!("{} {shown}", word(d.min_pence))
    } else {
        format!(
            "minimum {} {}, maximum {} {}",
            word(d.min_pence),
            abs(d.min_pence),
            word(d.max_pence),
            abs(d.max_pence)
        )
    }
}

/// The line for a record: "Scheme 4 “Carers Break”: 2015/16 spend 3,443
/// → 3,600 (£000)".
pub fn record_line(r: &RecordChange, unit: MoneyUnit) -> String {
    match r.change {
        ChangeKind::Changed => format!("{}: {}", r.label, phrases(&r.fields, unit)),
        ChangeKind::Added if r.fields.is_empty() => format!("{} added", r.label),
        ChangeKind::Added => format!("{} added: {}", r.label, figures(&r.fields, unit)),
        ChangeKind::Removed if r.fields.is_empty() => format!("{} removed", r.label),
        ChangeKind::Removed => format!("{} removed (was: {})", r.label, figures(&r.fields, unit)),
    }
}

pub fn total_line(t: &TotalChange, unit: MoneyUnit) -> String {
    format!(
        "{}: {} \u{2192} {} ({}), {}",
        t.what,
        format_span(&t.old, unit),
        format_span(&t.new, unit),
        unit.label(),
        movement(&t.old, &t.new, unit)
    )
}

pub fn rag_line(r: &RagChange) -> String {
    format!("{}: {} \u{2192} {}", r.what, r.old.word(), r.new.word())
}

/// The change list as text, for a terminal, a note or an e-mail.
/// `old_name` and `new_name` say what was compared ("draft-1.ron").
pub fn render_text(d: &PlanDiff, old_name: &str, new_name: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Changes from {old_name} to {new_name}");
    if d.is_empty() {
        let _ = writeln!(out, "\nNo differences.");
        return out;
    }
    let unit = d.unit;
    let counts: Vec<String> = RecordKind::ALL
        .iter()
        .filter_map(|k| {
            let (a, r, c) = (
                d.count(*k, ChangeKind::Added),
                d.count(*k, ChangeKind::Removed),
                d.count(*k, ChangeKind::Changed),
            );
            if a + r + c == 0 {
                return None;
            }
            let mut bits = Vec::new();
            if a > 0 {
                bits.push(format!("{a} added"));
            }
            if r > 0 {
                bits.push(format!("{r} removed"));
            }
            if c > 0 {
                bits.push(format!("{c} changed"));
            }
            Some(format!("{} {}", k.word(), bits.join(", ")))
        })
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(out, "{}", counts.join("; "));
    }
    if !d.totals.is_empty() {
        let _ = writeln!(out, "\nEffect on totals");
        for t in &d.totals {
            let _ = writeln!(out, "  {}", total_line(t, unit));
        }
    }
    if !d.rags.is_empty() || d.checklist.0 != d.checklist.1 {
        let _ = writeln!(out, "\nEffect on RAG and readiness");
        for r in &d.rags {
            let _ = writeln!(out, "  {}", rag_line(r));
        }
        if d.checklist.0 != d.checklist.1 {
            let _ = writeln!(
                out,
                "  Checklist: {} \u{2192} {} items incomplete",
                d.checklist.0, d.checklist.1
            );
        }
    }
    if !d.header.is_empty() {
        let _ = writeln!(out, "\nPlan details");
        for c in &d.header {
            let _ = writeln!(out, "  {}", phrases(std::slice::from_ref(c), unit));
        }
    }
    for kind in RecordKind::ALL {
        let rs: Vec<&RecordChange> = d.records.iter().filter(|r| r.kind == kind).collect();
        if rs.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", kind.word());
        for r in rs {
            let _ = writeln!(out, "  {}", record_line(r, unit));
        }
    }
    out
}

fn field_json(c: &FieldChange) -> Json {
    json!({"field": c.field, "old": c.old, "new": c.new, "money": c.money})
}

/// The change list as JSON (figures in pence, and each line's text).
pub fn to_json(d: &PlanDiff, old_name: &str, new_name: &str) -> Json {
    let unit = d.unit;
    json!({
        "old": old_name,
        "new": new_name,
        "identical": d.is_empty(),
        "unit": unit.label(),
        "header": d.header.iter().map(field_json).collect::<Vec<_>>(),
        "records": d.records.iter().map(|r| json!({
            "kind": r.kind.key(),
            "id": r.id.0,
            "label": r.label,
            "change": r.change.key(),
            "fields": r.fields.iter().map(field_json).collect::<Vec<_>>(),
            "text": record_line(r, unit),
        })).collect::<Vec<_>>(),
        "totals": d.totals.iter().map(|t| json!({
            "what": t.what,
            "old": span_json(&t.old),
            "new": span_json(&t.new),
            "text": total_line(t, unit),
        })).collect::<Vec<_>>(),
        "rag": d.rags.iter().map(|r| json!({
            "what": r.what,
            "old": r.old.key(),
            "new": r.new.key(),
            "text": rag_line(r),
        })).collect::<Vec<_>>(),
        "checklist_incomplete": {"old": d.checklist.0, "new": d.checklist.1},
    })
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
