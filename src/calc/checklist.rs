//! The readiness checklist, in the spirit of the BCF template's Checklist
//! sheet: every required item of every tab, complete or not, each pointing
//! at the tab, record and field where it is fixed.

use super::finance::FinanceTotals;
pub use super::items::{CheckItem, Checklist, Section};
use super::risks::risk_checks;
use super::signoffs::{
    SignOffState, first_problem_field, is_placeholder, placeholder_problems, signoff_state, standard_block,
};
use crate::model::{ContentFingerprint, DateField, Figure, IdsExhausted, Metric, OrgType, Plan, Risk, Scheme, SignOff};
use chrono::NaiveDate;

use super::quote_title as quote;

/// "Plan owner" → "plan owner", "Date agreed at the Health and Wellbeing
/// Board" → "date agreed at the Health and Wellbeing Board".
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn is_real_date(d: &Option<DateField>) -> bool {
    matches!(d, Some(DateField::Date(_)))
}

/// Scheme problems, also shown on the row.
pub fn scheme_problems(plan: &Plan, s: &Scheme) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if s.name.trim().is_empty() {
        v.push(("name", "no name".to_string()));
    }
    if s.area_of_spend.trim().is_empty() {
        v.push(("area_of_spend", "no area of spend".to_string()));
    } else if s.area_of_spend.trim().eq_ignore_ascii_case("other") && s.area_other.trim().is_empty() {
        v.push(("area_other", "area is Other but nothing is specified".to_string()));
    }
    if s.source_of_funding.trim().is_empty() {
        v.push(("source_of_funding", "no source of funding".to_string()));
    }
    if s.commissioner.trim().is_empty() {
        v.push(("commissioner", "no commissioner".to_string()));
    }
    let mut any_money = false;
    for y in &s.years {
        for u in &y.unparsed {
            let why = crate::model::money::parse_amount(&u.text, plan.settings.display_unit)
                .err()
                .map(|e| format!(": {e}"))
                .unwrap_or_default();
            v.push((
                "years",
                format!(
                    "{} {} \u{201c}{}\u{201d} is not an amount{why}",
                    y.year,
                    u.field.word().to_lowercase(),
                    u.text.trim()
                ),
            ));
        }
        if !plan.header.years.contains(&y.year) && !y.is_blank() {
            v.push((
                "years",
                format!("money entered for {}, a year outside the plan", y.year),
            ));
        }
        for a in y.amounts().into_iter().flatten() {
            any_money = true;
            if a.is_inverted() {
                v.push((
                    "years",
                    format!("a range for {} has its minimum above its maximum", y.year),
                ));
            }
        }
    }
    // a QIPP scheme's saving or investment is its money
    let qipp_money = s.qipp.iter().any(|q| q.saving.is_some() || q.investment.is_some());
    if !any_money && !qipp_money {
        v.push(("years", "no amount in any year".to_string()));
    }
    v
}

/// Builds the checklist. `today` decides what is overdue.
///
/// It is made of parts that depend on different things (the header, the
/// finance totals, one scheme, one metric...), so that
/// [`super::live::LiveSummary`] can rebuild only the parts an edit touched;
/// this function puts them all together, in order.
pub fn checklist(
    plan: &Plan,
    finance: &FinanceTotals,
    fingerprint: &ContentFingerprint,
    today: NaiveDate,
) -> Checklist {
    let mut items = Vec::new();
    segments(plan, finance, fingerprint, today, |part| items.extend(part));
    Checklist { items }
}

/// The checklist's items in order, segment by segment: the header's, the
/// finance items, the schemes' head, one segment per scheme, the metrics'
/// head, one per metric, one per risk, the sign-offs'. The live summary
/// keeps the segments' lengths to replace one record's items in place.
pub fn segments(
    plan: &Plan,
    finance: &FinanceTotals,
    fingerprint: &ContentFingerprint,
    today: NaiveDate,
    mut segment: impl FnMut(Vec<CheckItem>),
) {
    segment(header_items(plan, fingerprint));
    segment(finance_items(plan, finance));
    segment(schemes_head(plan));
    for (i, s) in plan.schemes.iter().enumerate() {
        segment(scheme_segment(plan, i, s, today));
    }
    segment(metrics_head(plan));
    for (i, m) in plan.metrics.iter().enumerate() {
        segment(metric_items(i, m));
    }
    for (i, r) in plan.risks.iter().enumerate() {
        segment(risk_items(i, r, today));
    }
    segment(signoff_items(plan, fingerprint, today));
    segment(super::objectives::operating_items(plan));
}

/// A scheme's segment of the checklist: its own items, then its
/// milestones'.
pub fn scheme_segment(plan: &Plan, i: usize, s: &Scheme, today: NaiveDate) -> Vec<CheckItem> {
    let mut items = scheme_items(plan, i, s);
    items.extend(super::objectives::milestone_items(i, s, today));
    items
}

/// The plan header's items and the lifecycle's (content changed since the
/// plan was submitted, agreed or approved).
pub fn header_items(plan: &Plan, fingerprint: &ContentFingerprint) -> Vec<CheckItem> {
    header_items_with(plan, fingerprint, plan.peek_id().is_none())
}

/// [`header_items`], told whether the plan has handed out every id
/// (`plan.peek_id().is_none()`, which looks at every record's id).
pub fn header_items_with(plan: &Plan, fingerprint: &ContentFingerprint, ids_out: bool) -> Vec<CheckItem> {
    let mut items = Vec::new();
    if ids_out {
        items.push(CheckItem::new(
            Section::Plan,
            None,
            None,
            false,
            IdsExhausted.to_string(),
        ));
    }
    if let Some(first) = plan.conflicts.first() {
        items.push(conflicts_item(plan, first));
    }
    let h = &plan.header;
    let mut req = |field: &'static str, ok: bool, done: &str, missing: &str| {
        items.push(CheckItem::new(
            Section::Plan,
            None,
            Some(field),
            ok,
            if ok { done } else { missing }.to_string(),
        ));
    };
    // a header text: present and not a placeholder ("<Name of ccg>", "TBC")
    let text_req = |value: &str, what: &str| -> (bool, String) {
        let v = value.trim();
        if v.is_empty() {
            (false, format!("No {}", lower_first(what)))
        } else if is_placeholder(v) {
            (false, format!("{what}: \u{201c}{v}\u{201d} is a placeholder"))
        } else {
            (true, what.to_string())
        }
    };
    for (field, value, what) in [
        ("title", &h.title, "Plan title"),
        ("organisation", &h.organisation, "Organisation"),
        ("hwb", &h.hwb, "Health and Wellbeing Board"),
        ("local_authority", &h.local_authority, "Local authority"),
    ] {
        let (ok, text) = text_req(value, what);
        req(field, ok, what, &text);
    }
    let named_ccgs: Vec<&String> = h.ccgs.iter().filter(|c| !c.trim().is_empty()).collect();
    req("ccgs", !named_ccgs.is_empty(), "CCGs covered", "No CCGs covered");
    for (i, c) in named_ccgs.iter().enumerate() {
        if is_placeholder(c) {
            req(
                "ccgs",
                false,
                "",
                &format!("CCG {} covered: \u{201c}{}\u{201d} is a placeholder", i + 1, c.trim()),
            );
        }
    }
    req("years", !h.years.is_empty(), "Financial years", "No financial years");
    for (field, value, what) in [
        ("version", &h.version, "Version label"),
        ("owner", &h.owner, "Plan owner"),
    ] {
        let (ok, text) = text_req(value, what);
        req(field, ok, what, &text);
    }
    let date_missing = |what: &str, d: &Option<DateField>| match d {
        Some(DateField::Text(t)) => format!("{what}: \u{201c}{}\u{201d} is not a date", t.trim()),
        _ => format!("No {}", lower_first(what)),
    };
    let agreed = "Date agreed at the Health and Wellbeing Board";
    req(
        "date_agreed_hwb",
        is_real_date(&h.date_agreed_hwb),
        agreed,
        &date_missing(agreed, &h.date_agreed_hwb),
    );
    req(
        "date_submitted",
        is_real_date(&h.date_submitted),
        "Date submitted",
        &date_missing("Date submitted", &h.date_submitted),
    );
    for y in &h.years {
        let has_min = h.budget(y).is_some_and(|b| b.minimum_required.is_some());
        req(
            "budgets",
            has_min,
            &format!("Minimum required pooled budget for {y}"),
            &format!("No minimum required pooled budget for {y}"),
        );
        let has_declared = h.budget(y).is_some_and(|b| b.declared_total.is_some());
        req(
            "budgets",
            has_declared,
            &format!("Declared (agreed) pooled budget for {y}"),
            &format!("No declared (agreed) pooled budget for {y}"),
        );
    }
    // the lifecycle: content changed since the plan was submitted, agreed or approved
    if let Some((change, parts)) = super::lifecycle::changed_since_status(plan, fingerprint) {
        let when = change
            .at
            .map(|t| format!(" on {}", crate::model::date::format_date(t.date())))
            .unwrap_or_default();
        req(
            "status",
            false,
            "",
            &format!(
                "The plan is {} but changed since{when} ({} changed)",
                h.status.word(),
                super::signoffs::join_words(&parts)
            ),
        );
    }

    items
}

/// "Merge conflicts remain": a plan holding conflicts from a merge is not
/// ready until someone keeps one side of each (`first` is named).
fn conflicts_item(plan: &Plan, first: &crate::model::MergeConflict) -> CheckItem {
    let n = plan.conflicts.len();
    let w = super::merge::words::conflict_words(plan, first);
    CheckItem::new(
        Section::Plan,
        None,
        Some("conflicts"),
        false,
        format!(
            "{}: keep ours or take theirs for each (the first: {}, {})",
            super::merge::words::conflicts_remain(n),
            w.record,
            w.field
        ),
    )
}

/// The finance reconciliation: each year's total against the minimum and
/// the declared pooled budget.
pub fn finance_items(plan: &Plan, finance: &FinanceTotals) -> Vec<CheckItem> {
    let mut items = Vec::new();
    let unit = plan.settings.display_unit;
    for r in &finance.reconciliation {
        if let (Some(ok), Some(min)) = (r.meets_minimum, r.minimum) {
            items.push(CheckItem::new(
                Section::Schemes,
                None,
                None,
                ok,
                format!(
                    "{}: schemes' total {} {} {} the minimum pooled budget of {} {}",
                    r.year,
                    crate::model::money::format_span(&r.total, unit),
                    unit.label(),
                    if ok { "meets" } else { "is below" },
                    crate::model::money::format_span(&min, unit),
                    unit.label()
                ),
            ));
        }
        if let (Some(diff), Some(decl)) = (r.declared_difference, r.declared) {
            items.push(CheckItem::new(
                Section::Plan,
                None,
                Some("budgets"),
                diff.is_zero(),
                format!(
                    "{}: declared pooled budget {} {} {} the schemes' total {} {}",
                    r.year,
                    crate::model::money::format_span(&decl, unit),
                    unit.label(),
                    if diff.is_zero() { "matches" } else { "does not match" },
                    crate::model::money::format_span(&r.total, unit),
                    unit.label()
                ),
            ));
        }
    }
    for c in &finance.operating.checks {
        items.push(CheckItem::new(
            Section::Finance,
            c.record,
            Some(c.field),
            c.ok,
            c.text.clone(),
        ));
    }
    items
}

/// "At least one scheme".
pub(crate) fn schemes_head(plan: &Plan) -> Vec<CheckItem> {
    vec![CheckItem::new(
        Section::Schemes,
        None,
        None,
        !plan.schemes.is_empty(),
        if plan.schemes.is_empty() {
            "No schemes yet"
        } else {
            "At least one scheme"
        }
        .into(),
    )]
}

/// The problems of scheme `i` (position in the plan, from 0).
pub fn scheme_items(plan: &Plan, i: usize, s: &Scheme) -> Vec<CheckItem> {
    scheme_problems(plan, s)
        .into_iter()
        .map(|(field, problem)| {
            CheckItem::new(
                Section::Schemes,
                Some(s.id),
                Some(field),
                false,
                format!("Scheme {} {}: {problem}", i + 1, quote(&s.name)),
            )
        })
        .collect()
}

/// "At least one metric".
pub(crate) fn metrics_head(plan: &Plan) -> Vec<CheckItem> {
    vec![CheckItem::new(
        Section::Metrics,
        None,
        None,
        !plan.metrics.is_empty(),
        if plan.metrics.is_empty() {
            "No metrics yet"
        } else {
            "At least one metric"
        }
        .into(),
    )]
}

/// The items of metric `i` (position in the plan, from 0).
pub fn metric_items(i: usize, m: &Metric) -> Vec<CheckItem> {
    let mut items = Vec::new();
    let label = format!("Metric {} {}", i + 1, quote(&m.name));
    if m.name.trim().is_empty() {
        items.push(CheckItem::new(
            Section::Metrics,
            Some(m.id),
            Some("name"),
            false,
            format!("{label}: no name"),
        ));
    }
    let has_target = m.periods.iter().any(|p| p.target.is_some());
    items.push(CheckItem::new(
        Section::Metrics,
        Some(m.id),
        Some("periods"),
        has_target,
        format!("{label}: {}", if has_target { "has a target" } else { "no target" }),
    ));
    let has_base = m.baseline.is_some();
    items.push(CheckItem::new(
        Section::Metrics,
        Some(m.id),
        Some("baseline"),
        has_base,
        format!("{label}: {}", if has_base { "has a baseline" } else { "no baseline" }),
    ));
    if let Some(o) = &m.rag_override
        && o.reason.trim().is_empty()
    {
        items.push(CheckItem::new(
            Section::Metrics,
            Some(m.id),
            Some("rag_override"),
            false,
            format!("{label}: RAG set by hand without a reason"),
        ));
    }
    // typed input refuses a zero denominator; a file may still hold one
    let zero = |f: &Option<Figure>| matches!(f, Some(Figure::Ratio { denominator, .. }) if denominator.is_zero());
    if zero(&m.baseline) {
        items.push(CheckItem::new(
            Section::Metrics,
            Some(m.id),
            Some("baseline"),
            false,
            format!("{label}: the baseline is a ratio whose denominator is zero"),
        ));
    }
    for p in &m.periods {
        for (word, f) in [("target", &p.target), ("actual", &p.actual), ("forecast", &p.forecast)] {
            if zero(f) {
                items.push(CheckItem::new(
                    Section::Metrics,
                    Some(m.id),
                    Some("periods"),
                    false,
                    format!(
                        "{label}: the {word} for {} is a ratio whose denominator is zero",
                        quote(&p.label)
                    ),
                ));
            }
        }
    }
    items
}

/// The items of a record written when it was at position `from`, made to
/// name position `to`: each starts "Scheme 4 " ([`scheme_items`],
/// [`metric_items`], [`risks::risk_label`](super::risks::risk_label)), so
/// a record that only moved along needs no checking again.
fn renumber(items: &mut [CheckItem], word: &str, from: usize, to: usize) {
    if items.is_empty() {
        return;
    }
    let old = format!("{word} {} ", from + 1);
    let new = format!("{word} {} ", to + 1);
    for item in items {
        if let Some(rest) = item.text.strip_prefix(&old) {
            item.text = format!("{new}{rest}");
        }
    }
}

/// [`scheme_items`] of a scheme that moved from `from` to `to`.
pub fn renumber_scheme_items(items: &mut [CheckItem], from: usize, to: usize) {
    renumber(items, "Scheme", from, to);
}

/// [`metric_items`] of a metric that moved from `from` to `to`.
pub fn renumber_metric_items(items: &mut [CheckItem], from: usize, to: usize) {
    renumber(items, "Metric", from, to);
}

/// [`risk_items`] of risk `r` that moved from `from` to `to` (a risk with
/// a reference is named by it, not by its position).
pub fn renumber_risk_items(items: &mut [CheckItem], r: &Risk, from: usize, to: usize) {
    if r.reference.trim().is_empty() {
        renumber(items, "Risk", from, to);
    }
}

/// The items of risk `i` (position in the plan, from 0): the same checks
/// the register flags on each row.
pub fn risk_items(i: usize, r: &Risk, today: NaiveDate) -> Vec<CheckItem> {
    let label = super::risks::risk_label(i, r);
    risk_checks(r, today)
        .into_iter()
        .map(|c| {
            CheckItem::new(
                Section::Risks,
                Some(r.id),
                Some(c.field),
                c.ok,
                format!("{label}: {}", c.text),
            )
        })
        .collect()
}

/// The sign-offs' items: a required one at least, the standard BCF block,
/// and each sign-off's state.
pub fn signoff_items(plan: &Plan, fingerprint: &ContentFingerprint, today: NaiveDate) -> Vec<CheckItem> {
    let mut items = signoff_head_items(plan);
    for (i, s) in plan.signoffs.iter().enumerate() {
        items.extend(signoff_item(i, s, &signoff_state(s, fingerprint), today));
    }
    items
}

/// The sign-offs' items before each sign-off's own: at least one
/// required, and the standard BCF block (each CCG, the council, the HWB).
pub fn signoff_head_items(plan: &Plan) -> Vec<CheckItem> {
    let mut items = Vec::new();
    let required: Vec<_> = plan.signoffs.iter().filter(|s| s.required).collect();
    items.push(CheckItem::new(
        Section::SignOffs,
        None,
        None,
        !required.is_empty(),
        if required.is_empty() {
            "No required sign-offs"
        } else {
            "At least one required sign-off"
        }
        .into(),
    ));
    // the standard BCF block: each CCG covered, the council and the HWB
    for e in standard_block(plan) {
        let what = match e.org_type {
            OrgType::Ccg => "CCG",
            OrgType::LocalAuthority => "the council",
            OrgType::HealthAndWellbeingBoard => "the Health and Wellbeing Board",
            _ => "",
        };
        let ok = e.existing.is_some();
        items.push(CheckItem::new(
            Section::SignOffs,
            e.existing,
            if ok { None } else { Some("standard_block") },
            ok,
            format!(
                "{} sign-off for {what} {}",
                if ok { "A" } else { "No" },
                quote(&e.organisation)
            ),
        ));
    }
    items
}

/// Sign-off `i`'s item, in its `state`: none for an optional sign-off
/// that claims no signature, or a good one.
pub fn signoff_item(i: usize, s: &SignOff, state: &SignOffState, today: NaiveDate) -> Option<CheckItem> {
    let label = format!("Sign-off {} {}", i + 1, quote(&s.organisation));
    let signed_on = match s.date.as_ref().and_then(|d| d.date()) {
        Some(d) => format!(" on {}", crate::model::date::format_date(d)),
        None => String::new(),
    };
    let (ok, what, field) = match state {
        SignOffState::Signed => match s.date.as_ref().and_then(|d| d.date()).filter(|d| *d > today) {
            Some(d) => (
                false,
                format!(
                    "signed with a date in the future ({})",
                    crate::model::date::format_date(d)
                ),
                "date",
            ),
            None => (true, format!("signed{signed_on}"), "status"),
        },
        SignOffState::Pending => {
            let problems = placeholder_problems(s);
            if problems.is_empty() {
                (false, "not signed yet".to_string(), "status")
            } else {
                (
                    false,
                    format!("not signed ({})", problems.join(", ")),
                    first_problem_field(s).unwrap_or("status"),
                )
            }
        }
        SignOffState::Declined => (false, "declined".to_string(), "status"),
        SignOffState::Incomplete { problems } => (
            false,
            format!("marked signed but {}", problems.join(", ")),
            first_problem_field(s).unwrap_or("status"),
        ),
        SignOffState::ChangedSince { parts } => (
            false,
            format!(
                "plan changed since signed{signed_on} ({} changed)",
                super::signoffs::join_words(parts)
            ),
            "status",
        ),
        SignOffState::Unverified => (
            false,
            "marked signed, but which version of the plan was signed is not recorded".to_string(),
            "status",
        ),
    };
    // an optional sign-off only counts when it claims a signature
    // that is not good
    if !s.required && (ok || !matches!(s.status, crate::model::SignOffStatus::Signed)) {
        return None;
    }
    Some(CheckItem::new(
        Section::SignOffs,
        Some(s.id),
        Some(field),
        ok,
        format!("{label}{}: {what}", if s.required { "" } else { " (optional)" }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};

    /// Renumbered items are the items written afresh at the new place.
    #[test]
    fn renumbered_items_are_those_written_at_the_new_place() {
        let mut plan = generate(&GenerateOptions {
            schemes: 12,
            metrics: 12,
            risks: 12,
            signoffs: 1,
            years: 2,
            seed: 4,
        });
        let today = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
        // risks with and without a reference, schemes with and without a name
        plan.risks[3].reference.clear();
        plan.risks[4].reference = "R9".into();
        plan.schemes[5].name.clear();
        for (from, to) in [(3, 10), (4, 11), (5, 0), (11, 4)] {
            let mut items = scheme_items(&plan, from, &plan.schemes[from]);
            renumber_scheme_items(&mut items, from, to);
            assert_eq!(items, scheme_items(&plan, to, &plan.schemes[from]));
            let mut items = metric_items(from, &plan.metrics[from]);
            renumber_metric_items(&mut items, from, to);
            assert_eq!(items, metric_items(to, &plan.metrics[from]));
            let r = &plan.risks[from];
            let mut items = risk_items(from, r, today);
            renumber_risk_items(&mut items, r, from, to);
            assert_eq!(items, risk_items(to, r, today));
        }
    }
}
