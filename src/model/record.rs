//! The [`Record`] trait and its impls (one per record kind): each record kind's fields read
//! as typed [`Value`]s ([`Record::get`]) and set from values
//! ([`Record::set_value`]) or from the text of a cell ([`Record::set`]:
//! [`Field::parse`] then `set_value`). Pure: no I/O.

use super::field::{Field, MitigationPart, PeriodPart, RecordKind, ScoreKind, ScorePart};
use super::money::MoneyUnit;
use super::value::{self, Value, check_length};
use super::*;

/// A record whose fields can be read and set by [`Field`].
pub trait Record: Clone + Default {
    const KIND: RecordKind;
    fn id(&self) -> RecordId;
    fn set_id(&mut self, id: RecordId);
    /// "Carers Break": the name people know the record by.
    fn title(&self) -> &str;
    fn get(&self, field: &Field) -> Value;
    /// Stores a value in a field, checking it as the loader would (text
    /// within the field's length, money within ±£1tn, figures and
    /// tolerances within their bounds, ids from 1 to `limits::MAX_ID`,
    /// levels 1–5), so a record set this way always opens again. Choices
    /// (category, unit, polarity, RAG, organisation type, statuses) are
    /// given as their words, [`Value::Text`]; a money field given
    /// [`Value::Text`] keeps it as unread text (the amount stays).
    fn set_value(&mut self, field: &Field, value: Value) -> Result<(), String>;
    /// Sets a field from the text of a cell; money is read in `unit`:
    /// [`Field::parse`], then [`Record::set_value`].
    fn set(&mut self, field: &Field, text: &str, unit: MoneyUnit) -> Result<(), String> {
        check_kind::<Self>(field, unit)?;
        let v = field.parse(text, unit)?;
        self.set_value(field, v)
    }
    /// After a row's cells are set: tidies up (drops empty trailing periods
    /// and mitigations) and returns what is still wrong with the record.
    fn finish(&mut self) -> Vec<String> {
        Vec::new()
    }
    /// Prepares a new record before its cells are set (a new scheme gets an
    /// entry for each of the plan's years, as the Schemes tab gives it).
    fn prepare_new(&mut self, _plan: &Plan) {}
    /// The labels of a metric's periods (other kinds have none).
    fn period_labels(&self) -> Vec<String> {
        Vec::new()
    }
    fn all(plan: &Plan) -> &Vec<Self>;
    fn all_mut(plan: &mut Plan) -> &mut Vec<Self>;
    /// The ids of the parts the record holds that have ids of their own
    /// (a scheme's milestones): a copy of the record needs new ones.
    fn inner_ids_mut(&mut self) -> Vec<&mut RecordId> {
        Vec::new()
    }
}

/// Refuses a field of another kind of record.
fn check_kind<R: Record>(field: &Field, unit: MoneyUnit) -> Result<(), String> {
    match field.kind() {
        Some(k) if k != R::KIND => Err(format!(
            "\u{201c}{}\u{201d} is not a {} field",
            field.header(unit),
            R::KIND.singular().to_lowercase()
        )),
        _ => Ok(()),
    }
}

/// The error for a value of the wrong kind for a field.
fn wrong(field: &Field, v: &Value) -> String {
    format!(
        "\u{201c}{}\u{201d} cannot hold {}",
        field.header(MoneyUnit::Pounds),
        v.kind_words()
    )
}

/// Nothing, or only spaces: a cell that creates no period or action.
fn blank(v: &Value) -> bool {
    match v {
        Value::Text(s) => s.trim().is_empty(),
        other => other.is_empty(),
    }
}

/// Text for a text field: within the field's length.
fn text_of(field: &Field, v: Value) -> Result<String, String> {
    match v {
        Value::Empty => Ok(String::new()),
        Value::Text(s) => {
            check_length(&s, field.max_chars())?;
            Ok(s)
        }
        other => Err(wrong(field, &other)),
    }
}

/// A figure: within the bounds the loader checks.
fn figure_of(field: &Field, v: Value) -> Result<Option<Figure>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Figure(f, _) => match value::figure_problem(&f) {
            Some(p) => Err(p),
            None => Ok(Some(f)),
        },
        other => Err(wrong(field, &other)),
    }
}

/// A date, or text that is not one (within the field's length).
fn date_of(field: &Field, v: Value) -> Result<Option<DateField>, String> {
    match v {
        Value::Empty => Ok(None),
        Value::Date(d) => {
            if let DateField::Text(t) = &d {
                check_length(t, field.max_chars())?;
            }
            Ok(Some(d))
        }
        other => Err(wrong(field, &other)),
    }
}

fn bool_of(field: &Field, v: Value) -> Result<bool, String> {
    match v {
        Value::Empty => Ok(false),
        Value::Bool(b) => Ok(b),
        other => Err(wrong(field, &other)),
    }
}

/// Linked record ids: each from 1 to `limits::MAX_ID`.
fn ids_of(field: &Field, v: Value) -> Result<Vec<RecordId>, String> {
    match v {
        Value::Empty => Ok(Vec::new()),
        Value::Ids(ids) => match ids.iter().find_map(|id| value::id_problem(*id)) {
            Some(p) => Err(p),
            None => Ok(ids),
        },
        other => Err(wrong(field, &other)),
    }
}

/// A choice given by its word (empty: the parser's default).
fn choice_of<T>(field: &Field, v: Value, parse: fn(&str) -> Result<T, String>) -> Result<T, String> {
    match v {
        Value::Empty => parse(""),
        Value::Text(s) => parse(&s),
        other => Err(wrong(field, &other)),
    }
}

/// A likelihood or consequence, 1–5 (0: not given).
fn level_of(field: &Field, v: Value) -> Result<u8, String> {
    match v {
        Value::Empty => Ok(0),
        Value::Int(n @ 1..=5) => Ok(n as u8),
        Value::Int(n) => Err(format!("{n} is not 1 to 5")),
        other => Err(wrong(field, &other)),
    }
}

/// The parts of a [`Record`] impl every kind writes alike: its kind, its
/// id, the field people know it by, and its list in the plan.
macro_rules! record_basics {
    ($kind:ident, $list:ident, $title:ident) => {
        const KIND: RecordKind = RecordKind::$kind;
        fn id(&self) -> RecordId {
            self.id
        }
        fn set_id(&mut self, id: RecordId) {
            self.id = id;
        }
        fn title(&self) -> &str {
            &self.$title
        }
        fn all(plan: &Plan) -> &Vec<Self> {
            &plan.$list
        }
        fn all_mut(plan: &mut Plan) -> &mut Vec<Self> {
            &mut plan.$list
        }
    };
}

impl Record for Scheme {
    record_basics!(Schemes, schemes, name);
    fn prepare_new(&mut self, plan: &Plan) {
        for y in &plan.header.years {
            self.year_mut(y);
        }
    }
    fn inner_ids_mut(&mut self) -> Vec<&mut RecordId> {
        self.milestones.iter_mut().map(|m| &mut m.id).collect()
    }
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::id(self.id),
            SchemeReference => Value::text(&self.reference),
            SchemeName => Value::text(&self.name),
            AreaOfSpend => Value::text(&self.area_of_spend),
            AreaOther => Value::text(&self.area_other),
            Commissioner => Value::text(&self.commissioner),
            Provider => Value::text(&self.provider),
            SourceOfFunding => Value::text(&self.source_of_funding),
            Programme => Value::text(&self.programme),
            SchemeStatus => Value::text(&self.status),
            Money { year, part } => self
                .year(year)
                .map(|y| Value::money(part.of(y)))
                .unwrap_or(Value::Empty),
            SchemeDescription => Value::text(&self.description),
            Outcomes => Value::text(&self.outcomes),
            SchemeNotes => Value::text(&self.notes),
            SchemeType => Value::Text(self.kind.word().into()),
            SchemeMilestones => Value::text(&super::objectives::milestones_text(&self.milestones)),
            _ => Value::Empty,
        }
    }
    fn set_value(&mut self, field: &Field, v: Value) -> Result<(), String> {
        use Field::*;
        check_kind::<Self>(field, MoneyUnit::Pounds)?;
        let slot = match field {
            Id => return Ok(()),
            SchemeReference => &mut self.reference,
            SchemeName => &mut self.name,
            AreaOfSpend => &mut self.area_of_spend,
            AreaOther => &mut self.area_other,
            Commissioner => &mut self.commissioner,
            Provider => &mut self.provider,
            SourceOfFunding => &mut self.source_of_funding,
            Programme => &mut self.programme,
            SchemeStatus => &mut self.status,
            SchemeDescription => &mut self.description,
            Outcomes => &mut self.outcomes,
            SchemeNotes => &mut self.notes,
            SchemeType => {
                self.kind = choice_of(field, v, SchemeKind::parse)?;
                return Ok(());
            }
            SchemeMilestones => {
                // a copy of what the scheme holds changes nothing
                if v == self.get(field) {
                    return Ok(());
                }
                return Err("milestones are edited in the scheme details, one by one".into());
            }
            Money { year, part } => {
                let cell = match v {
                    Value::Empty => value::MoneyCell::Empty,
                    Value::Money(a) => match value::amount_problem(&a) {
                        Some(p) => return Err(p),
                        None => value::MoneyCell::Amount(a),
                    },
                    Value::Text(text) => {
                        check_length(&text, field.max_chars())?;
                        value::MoneyCell::Kept {
                            text,
                            why: String::new(),
                        }
                    }
                    other => return Err(wrong(field, &other)),
                };
                if cell == value::MoneyCell::Empty && self.year(year).is_none() {
                    return Ok(());
                }
                self.year_mut(year).set_cell(part.field(), cell);
                return Ok(());
            }
            other => return Err(wrong(other, &v)),
        };
        *slot = text_of(field, v)?;
        Ok(())
    }
}

fn period_mut(m: &mut Metric, n: usize) -> &mut MetricPeriod {
    while m.periods.len() < n {
        m.periods.push(MetricPeriod::default());
    }
    &mut m.periods[n - 1]
}

fn named_period_mut<'a>(m: &'a mut Metric, label: &str) -> &'a mut MetricPeriod {
    let i = match m
        .periods
        .iter()
        .position(|p| p.label.trim().eq_ignore_ascii_case(label.trim()))
    {
        Some(i) => i,
        None => {
            m.periods.push(MetricPeriod {
                label: label.trim().to_string(),
                ..Default::default()
            });
            m.periods.len() - 1
        }
    };
    &mut m.periods[i]
}

/// Checks a value for a part of a period before any period is created.
enum PeriodValue {
    Label(String),
    Status(String),
    Figure(Option<Figure>),
    Change(Option<Decimal>),
}

fn period_value_of(field: &Field, part: PeriodPart, v: Value) -> Result<PeriodValue, String> {
    Ok(match part {
        PeriodPart::Label => PeriodValue::Label(text_of(field, v)?.trim().to_string()),
        PeriodPart::Status => PeriodValue::Status(text_of(field, v)?.trim().to_string()),
        PeriodPart::TargetChange => PeriodValue::Change(match v {
            Value::Empty => None,
            Value::Decimal(d) if d.abs() <= Decimal::from(1000) => Some(d),
            Value::Decimal(d) => return Err(format!("a change of {d}% is beyond 1,000%")),
            other => return Err(wrong(field, &other)),
        }),
        PeriodPart::Target | PeriodPart::Actual | PeriodPart::Forecast => PeriodValue::Figure(figure_of(field, v)?),
    })
}

fn set_period_part(p: &mut MetricPeriod, part: PeriodPart, v: PeriodValue) {
    match (part, v) {
        (_, PeriodValue::Label(l)) => p.label = l,
        (_, PeriodValue::Status(t)) => p.status_text = t,
        (_, PeriodValue::Change(c)) => p.target_change_pct = c,
        (PeriodPart::Target, PeriodValue::Figure(f)) => p.target = f,
        (PeriodPart::Actual, PeriodValue::Figure(f)) => p.actual = f,
        (PeriodPart::Forecast, PeriodValue::Figure(f)) => p.forecast = f,
        (_, PeriodValue::Figure(_)) => {}
    }
}

fn period_value(p: &MetricPeriod, part: PeriodPart, unit: MetricUnit) -> Value {
    match part {
        PeriodPart::Label => Value::text(&p.label),
        PeriodPart::Target => Value::figure(&p.target, unit),
        PeriodPart::Actual => Value::figure(&p.actual, unit),
        PeriodPart::Forecast => Value::figure(&p.forecast, unit),
        PeriodPart::TargetChange => p.target_change_pct.map(Value::Decimal).unwrap_or(Value::Empty),
        PeriodPart::Status => Value::text(&p.status_text),
    }
}

/// The most periods or mitigations a cell may address by number.
const MAX_NUMBERED: usize = 200;

impl Record for Metric {
    record_basics!(Metrics, metrics, name);
    fn period_labels(&self) -> Vec<String> {
        self.periods.iter().map(|p| p.label.trim().to_string()).collect()
    }
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::id(self.id),
            MetricReference => Value::text(&self.reference),
            MetricName => Value::text(&self.name),
            MetricCategory => Value::Text(self.category.word().into()),
            MetricDescription => Value::text(&self.description),
            MetricUnit => Value::Text(self.unit.word().into()),
            Polarity => Value::Text(self.polarity.word().into()),
            Baseline => Value::figure(&self.baseline, self.unit),
            BaselinePeriod => Value::text(&self.baseline_period),
            Period { n, part } => match self.periods.get(n.wrapping_sub(1)) {
                Some(p) => period_value(p, *part, self.unit),
                None => Value::Empty,
            },
            NamedPeriod { label, part } => {
                match self
                    .periods
                    .iter()
                    .find(|p| p.label.trim().eq_ignore_ascii_case(label.trim()))
                {
                    Some(p) => period_value(p, *part, self.unit),
                    None => Value::Empty,
                }
            }
            TolerancePct => self.tolerance_pct.map(Value::Decimal).unwrap_or(Value::Empty),
            RagOverride => match &self.rag_override {
                Some(o) => Value::Text(o.rag.word().into()),
                None => Value::Empty,
            },
            OverrideReason => self
                .rag_override
                .as_ref()
                .map(|o| Value::text(&o.reason))
                .unwrap_or(Value::Empty),
            OverrideBy => self
                .rag_override
                .as_ref()
                .map(|o| Value::text(&o.by))
                .unwrap_or(Value::Empty),
            OverrideDate => self
                .rag_override
                .as_ref()
                .map(|o| Value::date(&o.date))
                .unwrap_or(Value::Empty),
            Diagnosis => Value::text(&self.diagnosis),
            Action => Value::text(&self.action),
            Trajectory => Value::text(&self.trajectory),
            MetricSchemes => Value::Ids(self.scheme_ids.clone()),
            _ => Value::Empty,
        }
    }
    fn set_value(&mut self, field: &Field, v: Value) -> Result<(), String> {
        use Field::*;
        check_kind::<Self>(field, MoneyUnit::Pounds)?;
        let slot = match field {
            Id => return Ok(()),
            MetricReference => &mut self.reference,
            MetricName => &mut self.name,
            MetricDescription => &mut self.description,
            BaselinePeriod => &mut self.baseline_period,
            Diagnosis => &mut self.diagnosis,
            Action => &mut self.action,
            Trajectory => &mut self.trajectory,
            MetricCategory => {
                self.category = choice_of(field, v, value::parse_category)?;
                return Ok(());
            }
            MetricUnit => {
                self.unit = choice_of(field, v, value::parse_metric_unit)?;
                return Ok(());
            }
            Polarity => {
                self.polarity = choice_of(field, v, value::parse_polarity)?;
                return Ok(());
            }
            Baseline => {
                self.baseline = figure_of(field, v)?;
                return Ok(());
            }
            Period { n, part } => {
                if *n == 0 || *n > MAX_NUMBERED {
                    return Err("period number out of range".into());
                }
                let empty = blank(&v);
                let pv = period_value_of(field, *part, v)?;
                if empty && self.periods.len() < *n {
                    return Ok(());
                }
                set_period_part(period_mut(self, *n), *part, pv);
                return Ok(());
            }
            NamedPeriod { label, part } => {
                check_length(label, limits::MAX_LINE_CHARS)?;
                let empty = blank(&v);
                let pv = period_value_of(field, *part, v)?;
                if empty
                    && !self
                        .periods
                        .iter()
                        .any(|p| p.label.trim().eq_ignore_ascii_case(label.trim()))
                {
                    return Ok(());
                }
                set_period_part(named_period_mut(self, label), *part, pv);
                return Ok(());
            }
            TolerancePct => {
                self.tolerance_pct = match v {
                    Value::Empty => None,
                    Value::Decimal(d) => match limits::tolerance_problem(&d) {
                        Some(p) => return Err(p),
                        None => Some(d),
                    },
                    other => return Err(wrong(field, &other)),
                };
                return Ok(());
            }
            RagOverride => {
                match choice_of(field, v, value::parse_rag)? {
                    None => self.rag_override = None,
                    Some(rag) => self.rag_override.get_or_insert_with(Default::default).rag = rag,
                }
                return Ok(());
            }
            OverrideReason | OverrideBy | OverrideDate => {
                let empty = blank(&v);
                match &mut self.rag_override {
                    Some(o) => match field {
                        OverrideReason => o.reason = text_of(field, v)?,
                        OverrideBy => o.by = text_of(field, v)?,
                        _ => o.date = date_of(field, v)?,
                    },
                    None if empty => {}
                    None => return Err("given without a RAG override".into()),
                }
                return Ok(());
            }
            MetricSchemes => {
                self.scheme_ids = ids_of(field, v)?;
                return Ok(());
            }
            other => return Err(wrong(other, &v)),
        };
        *slot = text_of(field, v)?;
        Ok(())
    }
    fn finish(&mut self) -> Vec<String> {
        while self.periods.last().is_some_and(|p| *p == MetricPeriod::default()) {
            self.periods.pop();
        }
        let mut out = Vec::new();
        if let Some(o) = &self.rag_override
            && o.reason.trim().is_empty()
        {
            out.push("a RAG override needs a reason (“Override reason”)".into());
        }
        out
    }
}

fn score_slot(r: &mut Risk, which: ScoreKind) -> &mut Option<RiskScore> {
    match which {
        ScoreKind::Current => &mut r.current,
        ScoreKind::Residual => &mut r.residual,
        ScoreKind::Target => &mut r.target,
    }
}

fn score_of(r: &Risk, which: ScoreKind) -> Option<RiskScore> {
    match which {
        ScoreKind::Current => r.current,
        ScoreKind::Residual => r.residual,
        ScoreKind::Target => r.target,
    }
}

fn mitigation_mut(r: &mut Risk, n: usize) -> &mut Mitigation {
    while r.mitigations.len() < n {
        r.mitigations.push(Mitigation::default());
    }
    &mut r.mitigations[n - 1]
}

impl Record for Risk {
    record_basics!(Risks, risks, title);
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::id(self.id),
            RiskReference => Value::text(&self.reference),
            RiskTitle => Value::text(&self.title),
            RiskDescription => Value::text(&self.description),
            RiskCategory => Value::text(&self.category),
            RiskOwner => Value::text(&self.owner),
            RiskStatus => Value::Text(self.status.word().into()),
            DateRaised => Value::date(&self.date_raised),
            ReviewDate => Value::date(&self.review_date),
            Score { which, part } => match score_of(self, *which) {
                Some(s) => {
                    let v = match part {
                        ScorePart::Likelihood => s.likelihood,
                        ScorePart::Consequence => s.consequence,
                    };
                    if v == 0 { Value::Empty } else { Value::Int(v.into()) }
                }
                None => Value::Empty,
            },
            LegacyRating => Value::text(&self.legacy_rating),
            Mitigation { n, part } => match self.mitigations.get(n.wrapping_sub(1)) {
                Some(m) => match part {
                    MitigationPart::Text => Value::text(&m.text),
                    MitigationPart::Owner => Value::text(&m.owner),
                    MitigationPart::Due => Value::date(&m.due),
                    MitigationPart::Done => Value::Bool(m.done),
                },
                None => Value::Empty,
            },
            RiskSchemes => Value::Ids(self.scheme_ids.clone()),
            RiskMetrics => Value::Ids(self.metric_ids.clone()),
            RiskObjectives => Value::Ids(self.objective_ids.clone()),
            _ => Value::Empty,
        }
    }
    fn set_value(&mut self, field: &Field, v: Value) -> Result<(), String> {
        use Field::*;
        check_kind::<Self>(field, MoneyUnit::Pounds)?;
        let slot = match field {
            Id => return Ok(()),
            RiskReference => &mut self.reference,
            RiskTitle => &mut self.title,
            RiskDescription => &mut self.description,
            RiskCategory => &mut self.category,
            RiskOwner => &mut self.owner,
            LegacyRating => &mut self.legacy_rating,
            RiskStatus => {
                self.status = choice_of(field, v, value::parse_risk_status)?;
                return Ok(());
            }
            DateRaised => {
                self.date_raised = date_of(field, v)?;
                return Ok(());
            }
            ReviewDate => {
                self.review_date = date_of(field, v)?;
                return Ok(());
            }
            Score { which, part } => {
                let level = level_of(field, v)?;
                let slot = score_slot(self, *which);
                if level == 0 && slot.is_none() {
                    return Ok(());
                }
                let s = slot.get_or_insert(RiskScore::new(0, 0));
                match part {
                    ScorePart::Likelihood => s.likelihood = level,
                    ScorePart::Consequence => s.consequence = level,
                }
                return Ok(());
            }
            Mitigation { n, part } => {
                if *n == 0 || *n > MAX_NUMBERED {
                    return Err("mitigation number out of range".into());
                }
                let empty = blank(&v);
                enum Part {
                    Text(String),
                    Owner(String),
                    Due(Option<DateField>),
                    Done(bool),
                }
                let p = match part {
                    MitigationPart::Text => Part::Text(text_of(field, v)?),
                    MitigationPart::Owner => Part::Owner(text_of(field, v)?),
                    MitigationPart::Due => Part::Due(date_of(field, v)?),
                    MitigationPart::Done => Part::Done(bool_of(field, v)?),
                };
                if empty && self.mitigations.len() < *n {
                    return Ok(());
                }
                let m = mitigation_mut(self, *n);
                match p {
                    Part::Text(t) => m.text = t,
                    Part::Owner(t) => m.owner = t,
                    Part::Due(d) => m.due = d,
                    Part::Done(b) => m.done = b,
                }
                return Ok(());
            }
            RiskSchemes => {
                self.scheme_ids = ids_of(field, v)?;
                return Ok(());
            }
            RiskMetrics => {
                self.metric_ids = ids_of(field, v)?;
                return Ok(());
            }
            RiskObjectives => {
                self.objective_ids = ids_of(field, v)?;
                return Ok(());
            }
            other => return Err(wrong(other, &v)),
        };
        *slot = text_of(field, v)?;
        Ok(())
    }
    fn finish(&mut self) -> Vec<String> {
        while self.mitigations.last().is_some_and(|m| *m == Mitigation::default()) {
            self.mitigations.pop();
        }
        let mut out = Vec::new();
        for which in [ScoreKind::Current, ScoreKind::Residual, ScoreKind::Target] {
            let slot = score_slot(self, which);
            if let Some(s) = *slot {
                match (s.likelihood, s.consequence) {
                    (0, 0) => *slot = None,
                    (0, _) => out.push(format!("{} score has a consequence but no likelihood", which.word())),
                    (_, 0) => out.push(format!("{} score has a likelihood but no consequence", which.word())),
                    _ => {}
                }
            }
        }
        out
    }
}

impl Record for SignOff {
    record_basics!(SignOffs, signoffs, organisation);
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::id(self.id),
            Organisation => Value::text(&self.organisation),
            OrgType => Value::Text(self.org_type.word().into()),
            Position => Value::text(&self.position),
            SignatoryName => Value::text(&self.name),
            SignOffStatus => Value::Text(self.status.word().into()),
            SignOffDate => Value::date(&self.date),
            Required => Value::Bool(self.required),
            SignOffComment => Value::text(&self.comment),
            _ => Value::Empty,
        }
    }
    fn set_value(&mut self, field: &Field, v: Value) -> Result<(), String> {
        use Field::*;
        check_kind::<Self>(field, MoneyUnit::Pounds)?;
        let slot = match field {
            Id => return Ok(()),
            Organisation => &mut self.organisation,
            Position => &mut self.position,
            SignatoryName => &mut self.name,
            SignOffComment => &mut self.comment,
            OrgType => {
                self.org_type = choice_of(field, v, value::parse_org_type)?;
                return Ok(());
            }
            SignOffStatus => {
                self.status = choice_of(field, v, value::parse_signoff_status)?;
                return Ok(());
            }
            SignOffDate => {
                self.date = date_of(field, v)?;
                return Ok(());
            }
            Required => {
                self.required = bool_of(field, v)?;
                return Ok(());
            }
            other => return Err(wrong(other, &v)),
        };
        *slot = text_of(field, v)?;
        Ok(())
    }
}

impl Record for Objective {
    record_basics!(Objectives, objectives, title);
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        match field {
            Id => Value::id(self.id),
            ObjectiveNumber => Value::text(&self.number),
            ObjectiveTitle => Value::text(&self.title),
            ObjectiveDescription => Value::text(&self.description),
            ObjectiveOwner => Value::text(&self.owner),
            ObjectiveSchemes => Value::Ids(self.scheme_ids.clone()),
            ObjectiveMetrics => Value::Ids(self.metric_ids.clone()),
            ObjectiveRisks => Value::Ids(self.risk_ids.clone()),
            _ => Value::Empty,
        }
    }
    fn set_value(&mut self, field: &Field, v: Value) -> Result<(), String> {
        use Field::*;
        check_kind::<Self>(field, MoneyUnit::Pounds)?;
        let slot = match field {
            Id => return Ok(()),
            ObjectiveNumber => &mut self.number,
            ObjectiveTitle => &mut self.title,
            ObjectiveDescription => &mut self.description,
            ObjectiveOwner => &mut self.owner,
            ObjectiveSchemes => {
                self.scheme_ids = ids_of(field, v)?;
                return Ok(());
            }
            ObjectiveMetrics => {
                self.metric_ids = ids_of(field, v)?;
                return Ok(());
            }
            ObjectiveRisks => {
                self.risk_ids = ids_of(field, v)?;
                return Ok(());
            }
            other => return Err(wrong(other, &v)),
        };
        *slot = text_of(field, v)?;
        Ok(())
    }
}

impl Record for NarrativeSection {
    record_basics!(Sections, sections, title);
    fn get(&self, field: &Field) -> Value {
        use Field::*;
        let c = self.condition.as_ref();
        match field {
            Id => Value::id(self.id),
            SectionTitle => Value::text(&self.title),
            SectionProgress => Value::Text(self.status.word().into()),
            SectionText => Value::text(&self.text),
            SectionIsCondition => Value::Bool(c.is_some()),
            ConditionIsMet => c.map(|c| Value::Text(c.met.word().into())).unwrap_or(Value::Empty),
            ConditionAssurance => c.map(|c| Value::text(&c.assurance)).unwrap_or(Value::Empty),
            ConditionActions => c.map(|c| Value::text(&c.actions)).unwrap_or(Value::Empty),
            _ => Value::Empty,
        }
    }
    fn set_value(&mut self, field: &Field, v: Value) -> Result<(), String> {
        use Field::*;
        check_kind::<Self>(field, MoneyUnit::Pounds)?;
        match field {
            Id => {}
            SectionTitle => self.title = text_of(field, v)?,
            SectionText => self.text = text_of(field, v)?,
            SectionProgress => self.status = choice_of(field, v, SectionStatus::parse)?,
            SectionIsCondition => {
                if bool_of(field, v)? {
                    self.condition.get_or_insert_with(ConditionAnswer::default);
                } else if self
                    .condition
                    .as_ref()
                    .is_some_and(|c| *c != ConditionAnswer::default())
                {
                    return Err("the answer to the national condition would be lost: clear it first".into());
                } else {
                    self.condition = None;
                }
            }
            ConditionIsMet | ConditionAssurance | ConditionActions => {
                let empty = blank(&v);
                enum Part {
                    Met(ConditionMet),
                    Text(String),
                }
                let part = match field {
                    ConditionIsMet => Part::Met(choice_of(field, v, ConditionMet::parse)?),
                    _ => Part::Text(text_of(field, v)?),
                };
                if empty && self.condition.is_none() {
                    return Ok(());
                }
                let c = self.condition.get_or_insert_with(ConditionAnswer::default);
                match (field, part) {
                    (_, Part::Met(m)) => c.met = m,
                    (ConditionAssurance, Part::Text(t)) => c.assurance = t,
                    (_, Part::Text(t)) => c.actions = t,
                }
            }
            other => return Err(wrong(other, &v)),
        }
        Ok(())
    }
}

/// Reads a field of the record with `id`, whatever its kind.
pub fn get(plan: &Plan, kind: RecordKind, id: RecordId, field: &Field) -> Option<Value> {
    fn find<R: Record>(plan: &Plan, id: RecordId, field: &Field) -> Option<Value> {
        R::all(plan).iter().find(|r| r.id() == id).map(|r| r.get(field))
    }
    match kind {
        RecordKind::Schemes => find::<Scheme>(plan, id, field),
        RecordKind::Metrics => find::<Metric>(plan, id, field),
        RecordKind::Risks => find::<Risk>(plan, id, field),
        RecordKind::SignOffs => find::<SignOff>(plan, id, field),
        RecordKind::Objectives => find::<Objective>(plan, id, field),
        RecordKind::Sections => find::<NarrativeSection>(plan, id, field),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_scores_need_both_parts() {
        let mut r = Risk::default();
        r.set(
            &Field::Score {
                which: ScoreKind::Current,
                part: ScorePart::Likelihood,
            },
            "4",
            MoneyUnit::Pounds,
        )
        .unwrap();
        assert_eq!(
            r.finish(),
            vec!["Current score has a likelihood but no consequence".to_string()]
        );
        r.set(
            &Field::Score {
                which: ScoreKind::Current,
                part: ScorePart::Consequence,
            },
            "Major",
            MoneyUnit::Pounds,
        )
        .unwrap();
        assert!(r.finish().is_empty());
        assert_eq!(r.current, Some(RiskScore::new(4, 4)));
    }

    #[test]
    fn blank_cells_create_no_action_or_period() {
        let mut r = Risk::default();
        let owner = Field::Mitigation {
            n: 2,
            part: MitigationPart::Owner,
        };
        r.set(&owner, "   ", MoneyUnit::Pounds).unwrap();
        assert!(r.mitigations.is_empty());
        r.set(&owner, "Jo", MoneyUnit::Pounds).unwrap();
        assert_eq!(r.mitigations.len(), 2);
        let mut m = Metric::default();
        let label = Field::Period {
            n: 3,
            part: PeriodPart::Label,
        };
        m.set(&label, " ", MoneyUnit::Pounds).unwrap();
        assert!(m.periods.is_empty());
        m.set(&Field::OverrideReason, "  ", MoneyUnit::Pounds).unwrap();
        assert!(m.set(&Field::OverrideReason, "why", MoneyUnit::Pounds).is_err());
    }
}
