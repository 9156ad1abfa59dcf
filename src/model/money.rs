//! Exact money: integer pence, single values or min–max ranges, and the
//! parser for what planners type into a money cell.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The largest amount (in pence) the app accepts anywhere: £1,000,000,000,000.
pub const MAX_ABS_PENCE: i64 = 100_000_000_000_000;

/// An exact amount of money in pence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Pence(pub i64);

impl Pence {
    /// Whole pounds (saturating: beyond ±£92,233,720,368,547,758 the
    /// amount is out of bounds anyway, see [`Amount::in_bounds`]).
    pub fn from_pounds(pounds: i64) -> Self {
        Pence(pounds.saturating_mul(100))
    }
    /// Whole thousands of pounds (saturating, as [`Pence::from_pounds`]).
    pub fn from_thousands(k: i64) -> Self {
        Pence(k.saturating_mul(100_000))
    }
}

/// A money amount: one value, or a range "6,313,704 - 8,921,504" as the
/// sources give some figures. Totals of ranges are ranges (see [`Span`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Amount {
    Exact(Pence),
    /// (min, max). A range whose min exceeds its max is kept as typed and
    /// reported by the checks.
    Range(Pence, Pence),
}

impl Amount {
    pub fn pounds(p: i64) -> Self {
        Amount::Exact(Pence::from_pounds(p))
    }
    pub fn thousands(k: i64) -> Self {
        Amount::Exact(Pence::from_thousands(k))
    }
    pub fn min(&self) -> Pence {
        match *self {
            Amount::Exact(p) => p,
            Amount::Range(a, _) => a,
        }
    }
    pub fn max(&self) -> Pence {
        match *self {
            Amount::Exact(p) => p,
            Amount::Range(_, b) => b,
        }
    }
    pub fn is_range(&self) -> bool {
        matches!(self, Amount::Range(..))
    }
    /// True when a range's minimum exceeds its maximum.
    pub fn is_inverted(&self) -> bool {
        self.min() > self.max()
    }
    pub fn is_zero(&self) -> bool {
        self.min().0 == 0 && self.max().0 == 0
    }
    /// True when every bound is within ±[`MAX_ABS_PENCE`]. (`unsigned_abs`:
    /// `i64::MIN.abs()` wraps to itself, which once let
    /// `Exact(-9223372036854775808)` through.)
    pub fn in_bounds(&self) -> bool {
        let ok = |p: Pence| p.0.unsigned_abs() <= MAX_ABS_PENCE.unsigned_abs();
        ok(self.min()) && ok(self.max())
    }
}

/// A running total: minimum and maximum summed separately, in pence.
/// i128 so that no plan, however large, can overflow: a plan would need
/// more than 10^24 amounts of £1tn to reach its range. The operations
/// saturate all the same, so no input can make them panic.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub min_pence: i128,
    pub max_pence: i128,
}

impl Span {
    pub const ZERO: Span = Span {
        min_pence: 0,
        max_pence: 0,
    };
    pub fn exact(pence: i128) -> Self {
        Span {
            min_pence: pence,
            max_pence: pence,
        }
    }
    pub fn of(amount: &Amount) -> Self {
        Span {
            min_pence: amount.min().0 as i128,
            max_pence: amount.max().0 as i128,
        }
    }
    pub fn add_amount(&mut self, amount: &Amount) {
        self.add(Span::of(amount));
    }
    pub fn add_opt(&mut self, amount: &Option<Amount>) {
        if let Some(a) = amount {
            self.add_amount(a);
        }
    }
    pub fn add(&mut self, other: Span) {
        *self = self.sum(other);
    }
    pub fn sum(self, other: Span) -> Span {
        Span {
            min_pence: self.min_pence.saturating_add(other.min_pence),
            max_pence: self.max_pence.saturating_add(other.max_pence),
        }
    }
    pub fn minus(self, other: Span) -> Span {
        Span {
            min_pence: self.min_pence.saturating_sub(other.max_pence),
            max_pence: self.max_pence.saturating_sub(other.min_pence),
        }
    }
    pub fn is_range(&self) -> bool {
        self.min_pence != self.max_pence
    }
    pub fn is_zero(&self) -> bool {
        self.min_pence == 0 && self.max_pence == 0
    }
}

/// The unit money is shown and typed in. Storage is always pence.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MoneyUnit {
    Pounds,
    #[default]
    Thousands,
    Millions,
}

impl MoneyUnit {
    pub const ALL: [MoneyUnit; 3] = [MoneyUnit::Pounds, MoneyUnit::Thousands, MoneyUnit::Millions];
    /// Pence in one unit.
    pub fn pence(self) -> i128 {
        match self {
            MoneyUnit::Pounds => 100,
            MoneyUnit::Thousands => 100_000,
            MoneyUnit::Millions => 100_000_000,
        }
    }
    /// Short label for column headers: "£", "£000", "£m".
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Pounds => "£",
            MoneyUnit::Thousands => "£000",
            MoneyUnit::Millions => "£m",
        }
    }
}

impl fmt::Display for MoneyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Groups the digits of a non-negative integer with commas: 101404 → "101,404".
pub fn group_thousands(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats pence in a unit, rounded half away from zero to whole units for
/// £000 and £ (pence are shown for pounds only when not whole), and to one
/// decimal for £m. "−" (minus sign) for negatives.
pub fn format_pence(pence: i128, unit: MoneyUnit) -> String {
    let neg = pence < 0;
    let abs = pence.unsigned_abs();
    let body = match unit {
        MoneyUnit::Pounds => {
            let pounds = abs / 100;
            let p = abs % 100;
            if p == 0 {
                group_thousands(pounds)
            } else {
                format!("{}.{:02}", group_thousands(pounds), p)
            }
        }
        MoneyUnit::Thousands => {
            let per = 100_000u128;
            group_thousands((abs + per / 2) / per)
        }
        MoneyUnit::Millions => {
            // one decimal place: tenths of a million = 10,000,000 pence
            let per = 10_000_000u128;
            let tenths = (abs + per / 2) / per;
            format!("{}.{}", group_thousands(tenths / 10), tenths % 10)
        }
    };
    if neg && body.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("−{body}")
    } else {
        body
    }
}

/// Formats an amount: "3,432" or "13,283 – 18,863".
pub fn format_amount(amount: &Amount, unit: MoneyUnit) -> String {
    format_span(&Span::of(amount), unit)
}

/// Formats a total: a range when min and max differ.
pub fn format_span(span: &Span, unit: MoneyUnit) -> String {
    span_words(span, |p| format_pence(p, unit))
}

/// A total in `unit` to the penny where the unit rounds (a printed 5,716.2
/// against rows of 5,716 must not both show as 5,716).
pub fn format_span_exact(span: &Span, unit: MoneyUnit) -> String {
    span_words(span, |p| exact_in_unit(p, unit))
}

/// A total as one figure, or "min – max" when it is a range.
fn span_words(span: &Span, figure: impl Fn(i128) -> String) -> String {
    if span.is_range() {
        format!("{} – {}", figure(span.min_pence), figure(span.max_pence))
    } else {
        figure(span.min_pence)
    }
}

/// How far a total is from a figure it is checked against, in words, from
/// `diff` (the total minus the figure, bound by bound): "5,318 – 5,818
/// less", "2,000 more", "from 300 less to 500 more". Never a minus sign
/// beside a dash ("–5,818 – –5,318").
pub fn difference_words(diff: &Span, unit: MoneyUnit) -> String {
    let (lo, hi) = (diff.min_pence.min(diff.max_pence), diff.min_pence.max(diff.max_pence));
    let span = |a: i128, b: i128| Span {
        min_pence: a,
        max_pence: b,
    };
    if hi <= 0 {
        let s = span(hi.saturating_abs(), lo.saturating_abs());
        format!("{} less", format_span(&s, unit))
    } else if lo >= 0 {
        format!("{} more", format_span(&span(lo, hi), unit))
    } else {
        format!(
            "from {} less to {} more",
            format_pence(lo.saturating_abs(), unit),
            format_pence(hi, unit)
        )
    }
}

/// Formats an amount the way a user would type it back into a cell in `unit`
/// (plain ASCII, no rounding: every penny is kept so that editing a cell and
/// leaving it unchanged never changes the plan).
pub fn format_amount_for_edit(amount: &Amount, unit: MoneyUnit) -> String {
    let one = |p: Pence| exact_in_unit(p.0 as i128, unit);
    match amount {
        Amount::Exact(p) => one(*p),
        Amount::Range(a, b) => format!("{} - {}", one(*a), one(*b)),
    }
}

/// Exact decimal text of pence in a unit, with thousands separators and no
/// trailing zeros: 343_200_000 pence in £000 → "3,432"; 1_050 in £ → "10.5".
pub fn exact_in_unit(pence: i128, unit: MoneyUnit) -> String {
    let per = unit.pence() as u128;
    let abs = pence.unsigned_abs();
    let whole = abs / per;
    let frac = abs % per;
    let mut s = group_thousands(whole);
    if frac != 0 {
        let digits = per.ilog10() as usize;
        let mut f = format!("{:0width$}", frac, width = digits);
        while f.ends_with('0') {
            f.pop();
        }
        s.push('.');
        s.push_str(&f);
    }
    if pence < 0 { format!("-{s}") } else { s }
}

/// Why a money cell's text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoneyParseError(pub String);

impl fmt::Display for MoneyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MoneyParseError {}

fn err<T>(msg: impl Into<String>) -> Result<T, MoneyParseError> {
    Err(MoneyParseError(msg.into()))
}

/// Parses what a planner types into a money cell.
///
/// Accepted: `3,432` (in `unit`), `£3.4m`, `3432k`, `£3,432,000` (a £ sign
/// with no suffix means pounds), `1,000 - 1,500`, `1,000–1,500`,
/// `1,000 to 1,500` (ranges; the same number on both sides is one amount),
/// `-593,473`, `−593,473`, `–593,473` and `(593,473)` (negatives), `+5`,
/// `bn` for billions. Refused, with the reason: anything else (`12..3`,
/// `£`, `1e9`, `--5`, `1 000`, `1,00`), sub-penny precision, and amounts
/// beyond ±£1,000,000,000,000. Empty text is `Ok(None)`.
pub fn parse_amount(input: &str, unit: MoneyUnit) -> Result<Option<Amount>, MoneyParseError> {
    let text = input.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > super::limits::MAX_MONEY_CHARS {
        return err("too long to be an amount");
    }
    if let Some((a, b)) = split_range(text) {
        let lo = parse_single(a, unit)?;
        let hi = parse_single(b, unit)?;
        if lo == hi {
            return Ok(Some(Amount::Exact(lo)));
        }
        return Ok(Some(Amount::Range(lo, hi)));
    }
    Ok(Some(Amount::Exact(parse_single(text, unit)?)))
}

/// Finds a range separator: " to ", or a dash (hyphen, en dash, em dash)
/// that follows a number or a unit suffix, so a leading dash is a minus
/// sign ("-5", "–5") and "1 - -5" is the range from 1 to −5.
fn split_range(text: &str) -> Option<(&str, &str)> {
    let lower = text.to_ascii_lowercase();
    if let Some(i) = lower.find(" to ") {
        return Some((&text[..i], &text[i + 4..]));
    }
    for (i, c) in text.char_indices() {
        if !matches!(c, '-' | '–' | '—') || i == 0 {
            continue;
        }
        // the last non-space character before the dash
        let before = text[..i].trim_end();
        if let Some(b) = before.chars().last()
            && (b.is_ascii_alphanumeric() || b == ')' || b == '.')
        {
            return Some((&text[..i], &text[i + c.len_utf8()..]));
        }
    }
    None
}

fn parse_single(raw: &str, unit: MoneyUnit) -> Result<Pence, MoneyParseError> {
    let mut s = raw.trim();
    if s.is_empty() {
        return err("a range needs a number on each side of the dash");
    }
    const MINUS: [char; 4] = ['-', '−', '–', '—'];
    let mut negative = false;
    let mut signed = false;
    if s.starts_with('(') && s.ends_with(')') {
        negative = true;
        signed = true;
        s = s[1..s.len() - 1].trim();
    }
    if let Some(rest) = s.strip_prefix(MINUS).or_else(|| s.strip_prefix('+')) {
        if signed {
            return err("two signs in one number");
        }
        negative = s.starts_with(MINUS);
        signed = true;
        s = rest.trim_start();
    }
    let mut pound_sign = false;
    if let Some(rest) = s.strip_prefix('£') {
        pound_sign = true;
        s = rest.trim_start();
    }
    if let Some(rest) = s.strip_prefix(MINUS).or_else(|| s.strip_prefix('+')) {
        // "£-5"
        if signed {
            return err("two signs in one number");
        }
        negative = s.starts_with(MINUS);
        s = rest.trim_start();
    }
    if s.starts_with(MINUS) || s.starts_with('+') {
        return err("two signs in one number");
    }
    // suffix
    let lower = s.to_ascii_lowercase();
    let (num, mult_pence): (&str, i128) = if let Some(n) = lower.strip_suffix("bn") {
        (&s[..n.len()], 100_000_000_000)
    } else if let Some(n) = lower.strip_suffix('m') {
        (&s[..n.len()], 100_000_000)
    } else if let Some(n) = lower.strip_suffix('k') {
        (&s[..n.len()], 100_000)
    } else if pound_sign {
        (s, 100)
    } else {
        (s, unit.pence())
    };
    let num = num.trim_end();
    if num.is_empty() {
        return err(format!("no number in \u{201c}{}\u{201d}", raw.trim()));
    }
    let (int_part, frac_part) = match num.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (num, None),
    };
    if int_part.is_empty() && frac_part.is_none() {
        return err("no number");
    }
    let int_digits = check_grouping(int_part)?;
    let frac_digits = match frac_part {
        Some(f) => {
            if f.contains('.') {
                return err("more than one decimal point");
            }
            if f.is_empty() {
                return err("no digits after the decimal point");
            }
            if !f.bytes().all(|b| b.is_ascii_digit()) {
                return err(format!("\u{201c}{f}\u{201d} after the decimal point is not all digits"));
            }
            f
        }
        None => "",
    };
    if int_digits.is_empty() && frac_digits.is_empty() {
        return err("no number");
    }
    if int_digits.len() + frac_digits.len() > 30 {
        return err("too many digits");
    }
    let scale = 10i128.pow(frac_digits.len() as u32);
    let int_val: i128 = if int_digits.is_empty() {
        0
    } else {
        int_digits.parse().map_err(|_| MoneyParseError("not a number".into()))?
    };
    let frac_val: i128 = if frac_digits.is_empty() {
        0
    } else {
        frac_digits
            .parse()
            .map_err(|_| MoneyParseError("not a number".into()))?
    };
    let scaled = int_val
        .checked_mul(scale)
        .and_then(|v| v.checked_add(frac_val))
        .and_then(|v| v.checked_mul(mult_pence))
        .ok_or_else(|| MoneyParseError("too large".into()))?;
    if scaled % scale != 0 {
        return err("more precise than a penny");
    }
    let pence = scaled / scale;
    if pence > MAX_ABS_PENCE as i128 {
        return err("more than £1,000,000,000,000: check the unit");
    }
    Ok(Pence(if negative { -(pence as i64) } else { pence as i64 }))
}

/// Checks thousands separators ("1,000", "12,345,678") and returns the
/// digits alone. Commas must sit between groups of three.
fn check_grouping(int_part: &str) -> Result<String, MoneyParseError> {
    if int_part.is_empty() {
        return Ok(String::new());
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        let bad = int_part
            .chars()
            .find(|c| !c.is_ascii_digit() && *c != ',' && *c != ' ')
            .unwrap_or(' ');
        return err(match bad {
            ' ' => "a space inside the number: write 1,000 or 1000".to_string(),
            'e' | 'E' if int_part.chars().any(|c| c.is_ascii_digit()) => {
                "powers of ten (1e9) are not accepted: write 1bn or 1,000,000,000".to_string()
            }
            _ => format!("unexpected \u{201c}{bad}\u{201d} in an amount"),
        });
    }
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = (1..=3).contains(&groups[0].len());
        let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
        if !first_ok || !rest_ok {
            return err("thousands separators must sit between groups of three digits");
        }
    }
    Ok(int_part.replace(',', ""))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_difference_reads_as_less_or_more_without_minus_signs() {
        let u = MoneyUnit::Thousands;
        let d = |a: i64, b: i64| Span {
            min_pence: a as i128 * 100_000,
            max_pence: b as i128 * 100_000,
        };
        // issue 19: "differs by –5,818 – –5,318"
        assert_eq!(difference_words(&d(-5_818, -5_318), u), "5,318 – 5,818 less");
        assert_eq!(difference_words(&d(2_000, 2_000), u), "2,000 more");
        assert_eq!(difference_words(&d(-300, 500), u), "from 300 less to 500 more");
        assert_eq!(difference_words(&d(700, 100), u), "100 – 700 more");
    }

    use super::*;

    #[test]
    fn formats_thousands_and_ranges() {
        assert_eq!(format_pence(10_140_400_000, MoneyUnit::Thousands), "101,404");
        let r = Amount::Range(Pence::from_pounds(13_283_000), Pence::from_pounds(18_862_575));
        assert_eq!(format_amount(&r, MoneyUnit::Thousands), "13,283 – 18,863");
        assert_eq!(format_pence(-59_347_300, MoneyUnit::Thousands), "−593");
        assert_eq!(format_pence(10_140_400_000, MoneyUnit::Millions), "101.4");
        assert_eq!(format_pence(123_456, MoneyUnit::Pounds), "1,234.56");
        assert_eq!(format_pence(0, MoneyUnit::Thousands), "0");
        assert_eq!(format_pence(-10, MoneyUnit::Thousands), "0");
    }

    fn k(thousands: i64) -> Amount {
        Amount::thousands(thousands)
    }
    fn p(pence: i64) -> Pence {
        Pence(pence)
    }

    /// Every form the issue lists, in the default unit (£000) unless said.
    #[test]
    fn parses_what_planners_type() {
        use MoneyUnit::*;
        let cases: Vec<(&str, MoneyUnit, Option<Amount>)> = vec![
            ("", Thousands, None),
            ("   ", Thousands, None),
            ("3,432", Thousands, Some(k(3_432))),
            (" 3,432 ", Thousands, Some(k(3_432))),
            ("3432", Thousands, Some(k(3_432))),
            ("3,432", Pounds, Some(Amount::pounds(3_432))),
            ("3,432", Millions, Some(Amount::Exact(p(343_200_000_000)))),
            ("3,432.5", Thousands, Some(Amount::pounds(3_432_500))),
            ("0.5", Thousands, Some(Amount::pounds(500))),
            (".5", Thousands, Some(Amount::pounds(500))),
            ("£3.4m", Thousands, Some(Amount::pounds(3_400_000))),
            ("£3.4M", Pounds, Some(Amount::pounds(3_400_000))),
            ("3.4 m", Thousands, Some(Amount::pounds(3_400_000))),
            ("3432k", Thousands, Some(Amount::pounds(3_432_000))),
            ("3432K", Millions, Some(Amount::pounds(3_432_000))),
            ("£3,432,000", Thousands, Some(Amount::pounds(3_432_000))),
            ("£ 3,432,000", Thousands, Some(Amount::pounds(3_432_000))),
            ("£3,432,000.50", Thousands, Some(Amount::Exact(p(343_200_050)))),
            ("£1.2bn", Thousands, Some(Amount::pounds(1_200_000_000))),
            (
                "1,000 - 1,500",
                Thousands,
                Some(Amount::Range(p(100_000_000), p(150_000_000))),
            ),
            (
                "1,000–1,500",
                Thousands,
                Some(Amount::Range(p(100_000_000), p(150_000_000))),
            ),
            (
                "1,000 — 1,500",
                Thousands,
                Some(Amount::Range(p(100_000_000), p(150_000_000))),
            ),
            (
                "1,000 to 1,500",
                Thousands,
                Some(Amount::Range(p(100_000_000), p(150_000_000))),
            ),
            (
                "1,000 -1,500",
                Thousands,
                Some(Amount::Range(p(100_000_000), p(150_000_000))),
            ),
            (
                "£1m - £1.5m",
                Thousands,
                Some(Amount::Range(p(100_000_000), p(150_000_000))),
            ),
            (
                "6,313,704 - 8,921,504",
                Pounds,
                Some(Amount::Range(p(631_370_400), p(892_150_400))),
            ),
            // the same number on both sides is one amount
            ("1,000 - 1,000", Thousands, Some(k(1_000))),
            // kept as typed: the checks report a minimum above the maximum
            (
                "1,500 - 1,000",
                Thousands,
                Some(Amount::Range(p(150_000_000), p(100_000_000))),
            ),
            // negatives, for benefits
            ("-593,473", Pounds, Some(Amount::pounds(-593_473))),
            ("−593,473", Pounds, Some(Amount::pounds(-593_473))),
            ("–593,473", Pounds, Some(Amount::pounds(-593_473))),
            ("(593,473)", Pounds, Some(Amount::pounds(-593_473))),
            ("-£593,473", Thousands, Some(Amount::pounds(-593_473))),
            ("£-593,473", Thousands, Some(Amount::pounds(-593_473))),
            ("- 593", Thousands, Some(k(-593))),
            ("-593k", Pounds, Some(Amount::pounds(-593_000))),
            ("+593", Thousands, Some(k(593))),
            ("1 - -5", Thousands, Some(Amount::Range(p(100_000), p(-500_000)))),
            ("-5 - -1", Thousands, Some(Amount::Range(p(-500_000), p(-100_000)))),
            ("0", Thousands, Some(k(0))),
            // the largest amount accepted
            ("£1,000,000,000,000", Pounds, Some(Amount::Exact(p(MAX_ABS_PENCE)))),
        ];
        for (text, unit, want) in cases {
            assert_eq!(parse_amount(text, unit), Ok(want), "{text:?} in {unit}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        let cases: Vec<(&str, &str)> = vec![
            ("12..3", "decimal point"),
            ("12.3.4", "decimal point"),
            ("12.", "no digits after"),
            ("£", "no number"),
            ("£ ", "no number"),
            ("k", "no number"),
            ("-", "no number"),
            ("1e9", "powers of ten"),
            ("1E9", "powers of ten"),
            ("--5", "two signs"),
            ("+-5", "two signs"),
            ("-(5)", "unexpected"),
            ("(-5)", "two signs"),
            ("£--5", "two signs"),
            ("1 000", "space inside"),
            ("1,00", "groups of three"),
            ("1,0000", "groups of three"),
            (",100", "groups of three"),
            ("100,", "groups of three"),
            ("1,,000", "groups of three"),
            ("abc", "unexpected"),
            ("NaN", "unexpected"),
            ("inf", "unexpected"),
            ("0x10", "unexpected"),
            ("１２", "unexpected"),
            ("3.4x", "not all digits"),
            ("1,000 -", "a number on each side"),
            ("1,000 to", "unexpected"),
            ("1-2-3", "unexpected"),
            ("0.001p", "not all digits"),
            ("0.000001", "more precise than a penny"),
            ("£0.001", "more precise than a penny"),
            ("£1,000,000,000,001", "£1,000,000,000,000"),
            ("2bn bn", "unexpected"),
            ("99999999999999999999999999999", "£1,000,000,000,000"),
            ("999999999999999999999999999999bn", "too large"),
            ("1234567890123456789012345678901", "too many digits"),
        ];
        for (text, why) in cases {
            match parse_amount(text, MoneyUnit::Thousands) {
                Err(e) => assert!(e.0.contains(why), "{text:?}: {e} (expected {why:?})"),
                Ok(v) => panic!("{text:?} should not parse, got {v:?}"),
            }
        }
        let long = "1".repeat(81);
        assert!(parse_amount(&long, MoneyUnit::Thousands).is_err());
    }

    #[test]
    fn edit_text_round_trips() {
        for (pence, unit) in [
            (343_200_000i64, MoneyUnit::Thousands),
            (123_456, MoneyUnit::Thousands),
            (-59_347_300, MoneyUnit::Pounds),
            (1, MoneyUnit::Millions),
        ] {
            let a = Amount::Exact(Pence(pence));
            let text = format_amount_for_edit(&a, unit);
            assert_eq!(parse_amount(&text, unit).unwrap(), Some(a), "{text}");
        }
    }
}
