//! The bounds every value in a plan stays within. Files beyond them are
//! refused when opened (`io::validate`), and input widgets refuse them with
//! a message, so no total, rating or layout ever meets an absurd value.
//!
//! Money has its own bound: [`super::money::MAX_ABS_PENCE`]
//! (±£1,000,000,000,000).

use rust_decimal::Decimal;

/// The largest magnitude a metric value, target, numerator, denominator or
/// baseline may have: 1,000,000,000,000,000. No NHS metric comes near it,
/// and products of two such values stay far inside `Decimal`'s range, so
/// no calculation can overflow.
pub const MAX_ABS_DECIMAL: i64 = 1_000_000_000_000_000;

/// The most decimal places a metric figure may carry.
pub const MAX_DECIMAL_PLACES: u32 = 12;

/// The longest text a plan file may hold in one field (characters). Input
/// fields allow less (see `ui::widgets::MAX_LINE_CHARS` and
/// `MAX_TEXT_CHARS`); this bound only refuses files no person wrote.
pub const MAX_FILE_TEXT_CHARS: usize = 100_000;

/// Why a number is refused, in words for the person who typed it; `None`
/// when it is within bounds.
pub fn decimal_problem(d: &Decimal) -> Option<String> {
    if d.abs() > Decimal::from(MAX_ABS_DECIMAL) {
        return Some("more than 1,000,000,000,000,000: check the number".into());
    }
    if d.normalize().scale() > MAX_DECIMAL_PLACES {
        return Some(format!("more than {MAX_DECIMAL_PLACES} decimal places"));
    }
    None
}

/// Why a percentage tolerance is refused (it must be from 0 to 100).
pub fn tolerance_problem(d: &Decimal) -> Option<String> {
    if d.is_sign_negative() && !d.is_zero() {
        return Some("a tolerance cannot be negative".into());
    }
    if *d > Decimal::from(100) {
        return Some("a tolerance cannot be more than 100%".into());
    }
    decimal_problem(d)
}

/// Parses a number as planners type it: `95.5`, `95.5%`, `1,234.5`,
/// `-3`, `−3` (minus sign). Empty text is `Ok(None)`. Refused with the
/// reason: anything else, and numbers beyond the bounds above.
pub fn parse_decimal(input: &str) -> Result<Option<Decimal>, String> {
    let t = input.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > 60 {
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
        return Err(format!("\u{201c}{}\u{201d} is not a number", input.trim()));
    }
    if digits.len() > 19 {
        return Err("more than 1,000,000,000,000,000: check the number".into());
    }
    let text = match frac {
        Some(f) => format!("{sign}{}.{f}", if digits.is_empty() { "0" } else { &digits }),
        None => format!("{sign}{digits}"),
    };
    let d: Decimal = text
        .parse()
        .map_err(|_| format!("\u{201c}{}\u{201d} is not a number", input.trim()))?;
    match decimal_problem(&d) {
        Some(p) => Err(p),
        None => Ok(Some(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn bounds() {
        assert_eq!(decimal_problem(&Decimal::from_str("95.5").unwrap()), None);
        assert_eq!(decimal_problem(&Decimal::from(MAX_ABS_DECIMAL)), None);
        assert!(decimal_problem(&(Decimal::from(MAX_ABS_DECIMAL) + Decimal::ONE)).is_some());
        assert!(decimal_problem(&-(Decimal::from(MAX_ABS_DECIMAL) + Decimal::ONE)).is_some());
        assert!(decimal_problem(&Decimal::from_str("0.0000000000001").unwrap()).is_some());
        // trailing zeros do not count as places
        assert_eq!(
            decimal_problem(&Decimal::from_str("1.50000000000000000").unwrap()),
            None
        );
        assert_eq!(tolerance_problem(&Decimal::from(10)), None);
        assert!(tolerance_problem(&Decimal::from(-1)).is_some());
        assert!(tolerance_problem(&Decimal::from(101)).is_some());
    }

    #[test]
    fn parses_numbers_as_typed() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(parse_decimal("95.5"), Ok(Some(d("95.5"))));
        assert_eq!(parse_decimal(" 95.5% "), Ok(Some(d("95.5"))));
        assert_eq!(parse_decimal("1,234.5"), Ok(Some(d("1234.5"))));
        assert_eq!(parse_decimal("\u{2212}3"), Ok(Some(d("-3"))));
        assert_eq!(parse_decimal(".5"), Ok(Some(d("0.5"))));
        assert_eq!(parse_decimal(""), Ok(None));
        for bad in ["NaN", "inf", "1e5", "12,34", "1.2.3", "abc", "-", "."] {
            assert!(parse_decimal(bad).is_err(), "{bad}");
        }
        assert!(
            parse_decimal("1000000000000000001")
                .unwrap_err()
                .contains("check the number")
        );
        assert!(parse_decimal("99999999999999999999999999999999").is_err());
        assert!(parse_decimal("0.0000000000001").unwrap_err().contains("decimal places"));
    }
}
