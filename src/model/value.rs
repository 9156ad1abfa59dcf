//! The value of a field, how it is written out, and THE parser for each
//! kind of value a plan holds: money cells, decimals, metric figures, risk
//! levels, dates, record ids, booleans, the fixed choices (category, unit,
//! polarity, RAG, organisation type, statuses) and text lengths.
//!
//! Every entry point reads values with these functions: the window's
//! fields and cells, paste and CSV import (through [`super::Record::set`]),
//! and the CLI. The bounds they check live in [`super::limits`], which the
//! loader (`io::validate`) checks too, so whatever is accepted here opens
//! again. Pure: no I/O.

use super::limits::{self, MAX_MONEY_CHARS};
use super::money::{self, MoneyUnit, exact_in_unit, parse_amount};
use super::*;
use serde::{Deserialize, Serialize};

/// The value of one field, typed, so each output can format it its own way
/// (CSV: pounds; clipboard: the plan's unit; Excel: numbers; people: £000).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    Empty,
    Text(String),
    Money(Amount),
    Figure(Figure, MetricUnit),
    Decimal(Decimal),
    Int(i64),
    Date(DateField),
    Bool(bool),
    Ids(Vec<RecordId>),
}

impl Value {
    /// A record id (ids are at most `limits::MAX_ID`, so they fit).
    pub fn id(id: RecordId) -> Value {
        Value::Int(i64::try_from(id.0).unwrap_or(i64::MAX))
    }
    /// What kind of value this is, for a message: "text", "an amount"...
    pub fn kind_words(&self) -> &'static str {
        match self {
            Value::Empty => "nothing",
            Value::Text(_) => "text",
            Value::Money(_) => "an amount",
            Value::Figure(..) => "a metric figure",
            Value::Decimal(_) => "a number",
            Value::Int(_) => "a whole number",
            Value::Date(_) => "a date",
            Value::Bool(_) => "Yes or No",
            Value::Ids(_) => "record ids",
        }
    }
    pub(crate) fn text(s: &str) -> Value {
        if s.is_empty() {
            Value::Empty
        } else {
            Value::Text(s.to_string())
        }
    }
    pub(crate) fn money(a: &Option<Amount>) -> Value {
        a.map(Value::Money).unwrap_or(Value::Empty)
    }
    pub(crate) fn figure(f: &Option<Figure>, unit: MetricUnit) -> Value {
        f.clone().map(|f| Value::Figure(f, unit)).unwrap_or(Value::Empty)
    }
    pub(crate) fn date(d: &Option<DateField>) -> Value {
        d.clone().map(Value::Date).unwrap_or(Value::Empty)
    }

    /// The text a cell holds when exported: money in `unit` with every
    /// penny ("3432000.00" in pounds, no separators), ranges "min - max",
    /// dates ISO, ratios "1176/1815", booleans "Yes"/"No", ids "1; 4".
    pub fn cell_text(&self, unit: MoneyUnit) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Text(s) => s.clone(),
            Value::Money(a) => money_cell_text(a, unit),
            Value::Figure(f, _) => figure_text(f),
            Value::Decimal(d) => d.normalize().to_string(),
            Value::Int(i) => i.to_string(),
            Value::Date(DateField::Date(d)) => d.format("%Y-%m-%d").to_string(),
            Value::Date(DateField::Text(t)) => t.clone(),
            Value::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
            Value::Ids(ids) => ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join("; "),
        }
    }

    /// The text shown to people: money rounded in `unit` with separators
    /// ("3,443"), dates "3 Feb 2014", metric values with their unit.
    pub fn display(&self, unit: MoneyUnit) -> String {
        match self {
            Value::Money(a) => money::format_amount(a, unit),
            Value::Figure(f, u) => match f {
                Figure::Value(_) => f.value(*u).map(|v| format_figure(v, *u)).unwrap_or_default(),
                Figure::Ratio { numerator, denominator } => match f.value(*u) {
                    Some(v) => format!("{numerator}/{denominator} = {}", format_figure(v, *u)),
                    None => format!("{numerator}/{denominator}"),
                },
            },
            Value::Date(d) => d.display(),
            other => other.cell_text(unit),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(s) => s.is_empty(),
            Value::Ids(v) => v.is_empty(),
            _ => false,
        }
    }
}

/// Formats a metric figure the way people read it ("90.5%").
fn format_figure(v: Decimal, unit: MetricUnit) -> String {
    let r = v.normalize();
    let body = r.to_string();
    match unit {
        MetricUnit::Percent => format!("{body}%"),
        MetricUnit::Per100k => format!("{body} per 100,000"),
        MetricUnit::Days => format!("{body} days"),
        MetricUnit::Weeks => format!("{body} weeks"),
        MetricUnit::Pounds => format!("£{body}"),
        MetricUnit::Count | MetricUnit::Score => body,
    }
}

/// Exact text of an amount in `unit`, plain digits (no separators), two
/// decimals in pounds: 343_200_000 pence → "3432000.00" (£), "3432" (£000).
pub fn money_cell_text(a: &Amount, unit: MoneyUnit) -> String {
    let one = |p: Pence| -> String {
        if unit == MoneyUnit::Pounds {
            let neg = p.0 < 0;
            let abs = p.0.unsigned_abs();
            format!("{}{}.{:02}", if neg { "-" } else { "" }, abs / 100, abs % 100)
        } else {
            exact_in_unit(p.0 as i128, unit).replace(',', "")
        }
    };
    match a {
        Amount::Exact(p) => one(*p),
        Amount::Range(lo, hi) => format!("{} - {}", one(*lo), one(*hi)),
    }
}

/// The text of a figure as typed back into a field or a cell: "90.5",
/// "1176/1815" (no separators, every decimal kept).
pub fn figure_text(f: &Figure) -> String {
    match f {
        Figure::Value(v) => v.normalize().to_string(),
        Figure::Ratio { numerator, denominator } => {
            format!("{}/{}", numerator.normalize(), denominator.normalize())
        }
    }
}

// ---------------------------------------------------------------- parsing

pub(crate) fn quoted(s: &str) -> String {
    format!("\u{201c}{}\u{201d}", s.trim())
}

/// Lower case, trimmed, "-" and "_" read as spaces: how choices are matched.
fn norm(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace(['-', '_'], " ")
}

/// Refuses text longer than `max` characters, saying how long it is.
pub fn check_length(text: &str, max: usize) -> Result<(), String> {
    // counting stops just past the limit, so a huge text costs no more
    if text.chars().nth(max).is_none() {
        return Ok(());
    }
    let n = text.chars().count() as u64;
    Err(format!(
        "the text is {} characters long; this field holds at most {}",
        money::group_thousands(n.into()),
        money::group_thousands(max as u128)
    ))
}

/// THE decimal parser: a number as planners type it: `95.5`, `95.5%`,
/// `1,234.5`, `-3`, `−3` (minus sign), `.5`. Empty text is `Ok(None)`.
/// Refused with the reason: anything else (`1e5`, `12,34`, `1 000`,
/// `12.`), and numbers beyond the bounds of [`limits::decimal_problem`]
/// (the bounds the loader checks).
pub fn parse_decimal(input: &str) -> Result<Option<Decimal>, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > limits::MAX_NUMBER_CHARS {
        return Err("too long to be a number".into());
    }
    let t = t.strip_suffix('%').unwrap_or(t).trim_end();
    let t = t.replace('\u{2212}', "-");
    let (sign, body) = match t.strip_prefix('-') {
        Some(rest) => ("-", rest.trim_start()),
        None => ("", t.strip_prefix('+').unwrap_or(&t)),
    };
    let (int_part, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let groups_ok = !int_part.contains(',') || {
        let g: Vec<&str> = int_part.split(',').collect();
        (1..=3).contains(&g[0].len()) && g[1..].iter().all(|x| x.len() == 3)
    };
    let digits = int_part.replace(',', "");
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !groups_ok
        || !all_digits(&digits)
        || frac.is_some_and(|f| f.is_empty() || !all_digits(f))
        || (digits.is_empty() && frac.is_none())
    {
        return Err(format!("{} is not a number", quoted(input)));
    }
    if digits.trim_start_matches('0').len() > 19 {
        return Err(limits::TOO_LARGE_NUMBER.into());
    }
    let text = match frac {
        Some(f) => format!("{sign}{}.{f}", if digits.is_empty() { "0" } else { &digits }),
        None => format!("{sign}{digits}"),
    };
    let d: Decimal = text.parse().map_err(|_| format!("{} is not a number", quoted(input)))?;
    match limits::decimal_problem(&d) {
        Some(p) => Err(p),
        None => Ok(Some(d)),
    }
}

/// An amber tolerance in percent: a number from 0 to 100 (`10`, `7.5%`).
pub fn parse_tolerance(input: &str) -> Result<Option<Decimal>, String> {
    let d = parse_decimal(input)?;
    match d.as_ref().and_then(limits::tolerance_problem) {
        Some(p) => Err(p),
        None => Ok(d),
    }
}

/// A target written as a change from the baseline, in percent: a signed
/// number (`-3.2`, `-3.2%`, `+5%`) or words (`Reduction of 3.2%`,
/// `3.2% reduction`, `increase of 5%`). From -1,000 to 1,000.
pub fn parse_change_pct(input: &str) -> Result<Option<Decimal>, String> {
    let lower = input.trim().to_lowercase();
    if lower.is_empty() {
        return Ok(None);
    }
    let (sign, rest) = ["reduction", "decrease", "fall", "down"]
        .iter()
        .find(|w| lower.contains(*w))
        .map(|w| (-1, lower.replace(w, "")))
        .or_else(|| {
            ["increase", "rise", "up"]
                .iter()
                .find(|w| lower.contains(*w))
                .map(|w| (1, lower.replace(w, "")))
        })
        .unwrap_or((0, lower.clone()));
    let number = rest
        .replace(" of ", " ")
        .trim()
        .trim_start_matches("of ")
        .trim_end_matches(" by")
        .trim()
        .to_string();
    let Some(d) = parse_decimal(&number).map_err(|_| {
        format!(
            "\u{201c}{}\u{201d} is not a change in percent (such as -3.2% or Reduction of 3.2%)",
            input.trim()
        )
    })?
    else {
        return Ok(None);
    };
    let d = match sign {
        -1 => -d.abs(),
        1 => d.abs(),
        _ => d,
    };
    if d.abs() > Decimal::from(1000) {
        return Err(format!("a change of {d}% is beyond 1,000%"));
    }
    Ok(Some(d))
}

/// THE metric figure parser: a number (`88.5`, `88.5%`, `1,774.9`,
/// `£1,200`, `12.5 per 100,000`) or a ratio numerator/denominator
/// (`1176/1815`, `1,176 / 1,815`). Each number is read by
/// [`parse_decimal`] with its bounds.
///
/// Refused, with the reason: a comparison (`<=39`: the metric's polarity
/// says which way is better, so the number is given alone) and a zero
/// denominator (a ratio of nothing has no value). Files may still hold a
/// zero denominator (older opplan wrote them); they load and the checklist
/// lists them.
pub fn parse_figure(text: &str) -> Result<Option<Figure>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with(['<', '>', '=', '≤', '≥']) {
        return Err(format!(
            "{}: give the number alone (the polarity says which way is better)",
            quoted(t)
        ));
    }
    if t.chars().count() > limits::MAX_FIGURE_CHARS {
        return Err("too long to be a figure".into());
    }
    let t = t
        .strip_suffix("per 100,000")
        .or_else(|| t.strip_suffix("per 100000"))
        .unwrap_or(t)
        .trim_end();
    let number = |s: &str| -> Result<Option<Decimal>, String> {
        let s = s.trim();
        parse_decimal(s.strip_prefix('£').unwrap_or(s))
    };
    if let Some((n, d)) = t.split_once('/') {
        let numerator = number(n)?.ok_or_else(|| format!("{}: no numerator", quoted(t)))?;
        let denominator = number(d)?.ok_or_else(|| format!("{}: no denominator", quoted(t)))?;
        if denominator.is_zero() {
            return Err(format!("{}: the denominator is zero", quoted(t)));
        }
        return Ok(Some(Figure::Ratio { numerator, denominator }));
    }
    Ok(number(t)?.map(Figure::Value))
}

/// Why a figure read from a file or set as a value is refused: a number
/// beyond the bounds the loader checks.
pub fn figure_problem(f: &Figure) -> Option<String> {
    match f {
        Figure::Value(v) => limits::decimal_problem(v),
        Figure::Ratio { numerator, denominator } => {
            limits::decimal_problem(numerator).or_else(|| limits::decimal_problem(denominator))
        }
    }
}

/// What a money cell holds once typed: an amount, nothing, or text that is
/// not an amount ("TBC", "1,2OO"), kept as typed so nothing is lost. Kept
/// text is counted in no total; the amount the cell had stays until the
/// text is replaced by an amount (the window, paste and import alike).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyCell {
    Empty,
    Amount(Amount),
    /// Not an amount: the text as typed and why it is not one.
    Kept {
        text: String,
        why: String,
    },
}

/// THE money cell parser: [`parse_amount`] in `unit` (with its ±£1tn
/// bound); text that is not an amount is kept ([`MoneyCell::Kept`]). Only
/// text longer than a money cell holds is refused.
pub fn parse_money_cell(text: &str, unit: MoneyUnit) -> Result<MoneyCell, String> {
    check_length(text, MAX_MONEY_CHARS)?;
    Ok(match parse_amount(text, unit) {
        Ok(None) => MoneyCell::Empty,
        Ok(Some(a)) => MoneyCell::Amount(a),
        Err(e) => MoneyCell::Kept {
            text: text.to_string(),
            why: e.0,
        },
    })
}

/// Why an amount is refused: beyond ±£1,000,000,000,000.
pub fn amount_problem(a: &Amount) -> Option<String> {
    (!a.in_bounds()).then(|| "more than £1,000,000,000,000: check the unit".to_string())
}

/// "yes"/"no" and friends; empty is no.
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "not required" | "optional" => Ok(false),
        "yes" | "y" | "true" | "1" | "required" | "x" | "done" => Ok(true),
        _ => Err(format!("{} is not Yes or No", quoted(text))),
    }
}

/// Why a record id is refused: 0, or beyond [`limits::MAX_ID`].
pub fn id_problem(id: RecordId) -> Option<String> {
    if id.0 == 0 {
        Some("0 is not a record id (ids start at 1)".into())
    } else if id.0 > limits::MAX_ID {
        Some(format!(
            "{} is beyond the largest record id, {}",
            id.0,
            money::group_thousands(limits::MAX_ID.into())
        ))
    } else {
        None
    }
}

/// THE record id parser: a whole number from 1 to [`limits::MAX_ID`],
/// optionally written "#4".
pub fn parse_id(text: &str) -> Result<RecordId, String> {
    let t = text.trim();
    let p = t.strip_prefix('#').unwrap_or(t);
    match p.parse::<u64>() {
        Ok(n) if p.bytes().all(|b| b.is_ascii_digit()) => match id_problem(RecordId(n)) {
            None => Ok(RecordId(n)),
            Some(why) => Err(why),
        },
        _ => Err(format!("{} is not a record id (a whole number)", quoted(t))),
    }
}

/// Record ids separated by ";", "," or spaces: "1; 4". Repeats are dropped.
pub fn parse_ids(text: &str) -> Result<Vec<RecordId>, String> {
    let mut out = Vec::new();
    for part in text.split([';', ',', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        let id = parse_id(part)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// The words of the five likelihood levels, 1 to 5.
pub const LIKELIHOOD_WORDS: [&str; 5] = ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"];
/// The words of the five consequence levels, 1 to 5.
pub const CONSEQUENCE_WORDS: [&str; 5] = ["Negligible", "Minor", "Moderate", "Major", "Catastrophic"];

/// THE risk level parser (a likelihood or a consequence): a number 1–5,
/// or one of `words` or the start of one ("lik" → Likely, "cat" →
/// Catastrophic, "almost-certain"), any case. Empty text is `Ok(None)`;
/// anything else is an error that says what to type.
pub fn parse_level(text: &str, words: &[&str; 5]) -> Result<Option<u8>, String> {
    let t = norm(text);
    if t.is_empty() {
        return Ok(None);
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return match t.parse::<u8>() {
            Ok(n @ 1..=5) => Ok(Some(n)),
            _ => Err(format!("{} is not 1 to 5", quoted(text))),
        };
    }
    let hint = || format!("type 1 to 5, or a word: {}", words.join(", ").to_lowercase());
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if let Some(i) = lower.iter().position(|w| *w == t) {
        return Ok(Some(i as u8 + 1));
    }
    let matches: Vec<usize> = (0..5).filter(|&i| lower[i].starts_with(&t)).collect();
    match matches.as_slice() {
        [i] => Ok(Some(*i as u8 + 1)),
        [] => Err(format!("{}: {}", quoted(text), hint())),
        _ => Err(format!(
            "{} could be {}",
            quoted(text),
            matches.iter().map(|&i| words[i]).collect::<Vec<_>>().join(" or ")
        )),
    }
}

/// The words of a part of a score.
pub fn level_words(part: super::field::ScorePart) -> &'static [&'static str; 5] {
    match part {
        super::field::ScorePart::Likelihood => &LIKELIHOOD_WORDS,
        super::field::ScorePart::Consequence => &CONSEQUENCE_WORDS,
    }
}

/// A metric category: "BCF national metric", "NHS constitution standard",
/// "Local metric", "Other" (and close forms).
pub fn parse_category(text: &str) -> Result<MetricCategory, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "" | "other" => MetricCategory::Other,
        _ if t.contains("bcf") || t.contains("national") => MetricCategory::BcfNational,
        _ if t.contains("constitution") => MetricCategory::ConstitutionStandard,
        _ if t.starts_with("local") => MetricCategory::Local,
        _ => {
            return Err(format!(
                "{} is not a category (BCF national metric, NHS constitution standard, Local metric, Other)",
                quoted(text)
            ));
        }
    })
}

/// A metric unit: "%", "per 100,000", "count", "days", "weeks", "score", "£".
pub fn parse_metric_unit(text: &str) -> Result<MetricUnit, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "" | "%" | "percent" | "percentage" | "per cent" => MetricUnit::Percent,
        "per 100,000" | "per 100000" | "per 100k" | "rate per 100,000" | "rate" | "rate per 100000" => {
            MetricUnit::Per100k
        }
        "count" | "number" | "no" | "n" => MetricUnit::Count,
        "days" | "day" => MetricUnit::Days,
        "weeks" | "week" => MetricUnit::Weeks,
        "score" => MetricUnit::Score,
        "£" | "pounds" | "gbp" => MetricUnit::Pounds,
        _ => {
            return Err(format!(
                "{} is not a unit (%, per 100,000, count, days, weeks, score, £)",
                quoted(text)
            ));
        }
    })
}

/// "Higher is better" or "Lower is better" (and close forms).
pub fn parse_polarity(text: &str) -> Result<Polarity, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "" | "higher is better" | "higher" | "high" | "up" | "increase" | "higher better" => Polarity::HigherIsBetter,
        "lower is better" | "lower" | "low" | "down" | "decrease" | "lower better" => Polarity::LowerIsBetter,
        _ => {
            return Err(format!(
                "{} is not “Higher is better” or “Lower is better”",
                quoted(text)
            ));
        }
    })
}

/// "Red", "Amber", "Green", "Not rated" (or empty: no rating).
pub fn parse_rag(text: &str) -> Result<Option<Rag>, String> {
    let t = norm(text);
    Ok(Some(match t.as_str() {
        "" | "none" => return Ok(None),
        "red" | "r" => Rag::Red,
        "amber" | "a" => Rag::Amber,
        "green" | "g" => Rag::Green,
        "not rated" | "n/a" | "unrated" => Rag::NotRated,
        _ => return Err(format!("{} is not Red, Amber, Green or Not rated", quoted(text))),
    }))
}

/// "Open" or "Closed".
pub fn parse_risk_status(text: &str) -> Result<RiskStatus, String> {
    match norm(text).as_str() {
        "" | "open" | "live" | "active" => Ok(RiskStatus::Open),
        "closed" | "close" => Ok(RiskStatus::Closed),
        _ => Err(format!("{} is not Open or Closed", quoted(text))),
    }
}

/// An organisation type: "CCG", "Local authority", "Health and Wellbeing
/// Board", "NHS England", "Provider", "Other" (and close forms).
pub fn parse_org_type(text: &str) -> Result<OrgType, String> {
    let t = norm(text);
    Ok(match t.as_str() {
        "ccg" | "clinical commissioning group" => OrgType::Ccg,
        "local authority" | "la" | "council" => OrgType::LocalAuthority,
        "health and wellbeing board" | "hwb" | "health and well being board" => OrgType::HealthAndWellbeingBoard,
        "nhs england" | "nhse" => OrgType::NhsEngland,
        "provider" => OrgType::Provider,
        "" | "other" => OrgType::Other,
        _ => {
            return Err(format!(
                "{} is not an organisation type (CCG, Local authority, Health and Wellbeing Board, NHS England, Provider, Other)",
                quoted(text)
            ));
        }
    })
}

/// "Pending", "Signed" or "Declined" (and close forms).
pub fn parse_signoff_status(text: &str) -> Result<SignOffStatus, String> {
    match norm(text).as_str() {
        "" | "pending" | "not signed" | "unsigned" => Ok(SignOffStatus::Pending),
        "signed" | "yes" => Ok(SignOffStatus::Signed),
        "declined" | "refused" => Ok(SignOffStatus::Declined),
        _ => Err(format!("{} is not Pending, Signed or Declined", quoted(text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn money_cells_are_exact() {
        let a = Amount::Exact(Pence(343_200_000));
        assert_eq!(money_cell_text(&a, MoneyUnit::Pounds), "3432000.00");
        assert_eq!(money_cell_text(&a, MoneyUnit::Thousands), "3432");
        let r = Amount::Range(Pence(631_370_400), Pence(892_150_450));
        assert_eq!(money_cell_text(&r, MoneyUnit::Pounds), "6313704.00 - 8921504.50");
        assert_eq!(money_cell_text(&Amount::Exact(Pence(-5)), MoneyUnit::Pounds), "-0.05");
        for a in [a, r, Amount::Exact(Pence(-12_950_600)), Amount::Exact(Pence(1))] {
            for unit in MoneyUnit::ALL {
                let text = money_cell_text(&a, unit);
                assert_eq!(parse_amount(&text, unit).unwrap(), Some(a), "{text} in {unit}");
            }
        }
    }

    #[test]
    fn parses_numbers_as_typed() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(parse_decimal("95.5"), Ok(Some(d("95.5"))));
        assert_eq!(parse_decimal(" 95.5% "), Ok(Some(d("95.5"))));
        assert_eq!(parse_decimal("1,234.5"), Ok(Some(d("1234.5"))));
        assert_eq!(parse_decimal("1,774.9"), Ok(Some(d("1774.9"))));
        assert_eq!(parse_decimal("\u{2212}3"), Ok(Some(d("-3"))));
        assert_eq!(parse_decimal(" -3 "), Ok(Some(d("-3"))));
        assert_eq!(parse_decimal(".5"), Ok(Some(d("0.5"))));
        assert_eq!(parse_decimal(""), Ok(None));
        // leading zeros are not digits of magnitude
        assert_eq!(parse_decimal("000000000000000000001"), Ok(Some(d("1"))));
        for bad in [
            "NaN", "inf", "1e5", "12,34", "1,77", "1.2.3", "abc", "-", ".", "12.", "1 000",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad}");
        }
        assert!(
            parse_decimal("1000000000000000001")
                .unwrap_err()
                .contains("check the number")
        );
        assert!(parse_decimal("99999999999999999999999999999999").is_err());
        assert!(parse_decimal("0.0000000000001").unwrap_err().contains("decimal places"));
        assert_eq!(parse_tolerance("7.5%"), Ok(Some(d("7.5"))));
        assert!(parse_tolerance("-1").unwrap_err().contains("negative"));
        assert!(parse_tolerance("101").unwrap_err().contains("100"));
    }

    #[test]
    fn figures() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(parse_figure(""), Ok(None));
        assert_eq!(parse_figure("  "), Ok(None));
        assert_eq!(parse_figure("90.5"), Ok(Some(Figure::Value(d("90.5")))));
        assert_eq!(parse_figure("90.5%"), Ok(Some(Figure::Value(d("90.5")))));
        assert_eq!(parse_figure("1,774.9"), Ok(Some(Figure::Value(d("1774.9")))));
        assert_eq!(parse_figure("-5"), Ok(Some(Figure::Value(d("-5")))));
        assert_eq!(parse_figure("£1,200"), Ok(Some(Figure::Value(d("1200")))));
        assert_eq!(parse_figure("12.5 per 100,000"), Ok(Some(Figure::Value(d("12.5")))));
        let ratio = Some(Figure::Ratio {
            numerator: d("1176"),
            denominator: d("1815"),
        });
        assert_eq!(parse_figure("1176/1815"), Ok(ratio.clone()));
        assert_eq!(parse_figure("1,176 / 1,815"), Ok(ratio));
        assert!(parse_figure("<=39").unwrap_err().contains("number alone"));
        assert!(parse_figure("≥ 90").unwrap_err().contains("number alone"));
        assert!(parse_figure("1176/0").unwrap_err().contains("denominator is zero"));
        assert!(parse_figure("1/").unwrap_err().contains("no denominator"));
        assert!(parse_figure("/5").unwrap_err().contains("no numerator"));
        for bad in ["abc", "1e30", "1e5", "99999999999999999999999999999999", "1/2/3"] {
            assert!(parse_figure(bad).is_err(), "{bad}");
        }
        for f in [
            Figure::Value(d("90.5")),
            Figure::Value(d("-0.000000000001")),
            Figure::Ratio {
                numerator: d("1176"),
                denominator: d("1815"),
            },
        ] {
            assert_eq!(parse_figure(&figure_text(&f)), Ok(Some(f.clone())), "{f:?}");
        }
    }

    #[test]
    fn levels_as_typed() {
        let l = &LIKELIHOOD_WORDS;
        let c = &CONSEQUENCE_WORDS;
        assert_eq!(parse_level("", l), Ok(None));
        assert_eq!(parse_level("  ", l), Ok(None));
        for n in 1..=5u8 {
            assert_eq!(parse_level(&n.to_string(), l), Ok(Some(n)));
            assert_eq!(parse_level(l[n as usize - 1], l), Ok(Some(n)));
            assert_eq!(parse_level(&c[n as usize - 1].to_uppercase(), c), Ok(Some(n)));
        }
        assert_eq!(parse_level("likely", l), Ok(Some(4)));
        assert_eq!(parse_level("almost-certain", l), Ok(Some(5)));
        assert_eq!(parse_level("un", l), Ok(Some(2)));
        assert_eq!(parse_level("almost", l), Ok(Some(5)));
        assert_eq!(parse_level("cat", c), Ok(Some(5)));
        assert_eq!(parse_level("mi", c), Ok(Some(2)));
        assert!(parse_level("m", c).unwrap_err().contains("Minor or Moderate or Major"));
        for bad in ["0", "6", "256", "99999999999999999999", "-1", "1.5"] {
            assert!(parse_level(bad, l).is_err(), "{bad}");
        }
        assert!(parse_level("x", l).unwrap_err().contains("1 to 5"));
    }

    #[test]
    fn ids_are_never_zero_nor_beyond_the_largest() {
        assert_eq!(parse_ids("1; 4, #7 4"), Ok(vec![RecordId(1), RecordId(4), RecordId(7)]));
        assert_eq!(parse_ids(""), Ok(vec![]));
        assert!(parse_ids("0").is_err());
        assert!(parse_ids("-1").is_err());
        assert!(parse_ids("+3").is_err());
        assert_eq!(parse_id(&limits::MAX_ID.to_string()), Ok(RecordId(limits::MAX_ID)));
        assert!(
            parse_id(&(limits::MAX_ID + 1).to_string())
                .unwrap_err()
                .contains("largest record id")
        );
        assert!(parse_id("18446744073709551615").is_err());
        assert!(parse_id("18446744073709551616").is_err());
    }

    #[test]
    fn money_cells_keep_text_that_is_not_an_amount() {
        let k = MoneyUnit::Thousands;
        assert_eq!(parse_money_cell("", k), Ok(MoneyCell::Empty));
        assert_eq!(
            parse_money_cell("3,432", k),
            Ok(MoneyCell::Amount(Amount::thousands(3_432)))
        );
        for kept in ["TBC", "1,2OO", "£2,000,000,000,000", "1e9"] {
            match parse_money_cell(kept, k) {
                Ok(MoneyCell::Kept { text, why }) => {
                    assert_eq!(text, kept);
                    assert!(!why.is_empty());
                }
                other => panic!("{kept}: {other:?}"),
            }
        }
        let long = "x".repeat(MAX_MONEY_CHARS + 1);
        assert!(parse_money_cell(&long, k).unwrap_err().contains("at most 80"));
        assert!(check_length(&"é".repeat(5), 5).is_ok());
        assert!(check_length(&"é".repeat(6), 5).unwrap_err().contains("6 characters"));
    }
}
