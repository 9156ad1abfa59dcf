//! The bounds every value in a plan stays within: the one home of limits.
//! The parsers of [`super::value`] refuse input beyond them (the window,
//! paste, CSV import and the CLI), `Record::set_value` checks them, and
//! files beyond them are refused when opened (`io::validate`), so no
//! total, rating or layout ever meets an absurd value and whatever opplan
//! accepts, it opens again.
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

/// What a number beyond [`MAX_ABS_DECIMAL`] is told.
pub const TOO_LARGE_NUMBER: &str = "more than 1,000,000,000,000,000: check the number";

/// The largest record id: 2^53 − 1, so that ids stay exact in JSON (whose
/// readers often hold numbers as doubles). Files with a larger id are
/// refused; a plan that has handed out every id refuses to add a record.
pub const MAX_ID: u64 = (1 << 53) - 1;

/// The longest text of a one-line field (names, references, owners...).
pub const MAX_LINE_CHARS: usize = 1_000;
/// The longest text of a multi-line field (descriptions, notes...).
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The longest text a money cell holds (an amount, or text kept as typed).
pub const MAX_MONEY_CHARS: usize = 80;
/// The longest text a number field (a tolerance, a decimal) holds.
pub const MAX_NUMBER_CHARS: usize = 60;
/// The longest text a metric figure field holds ("1,176 / 1,815").
pub const MAX_FIGURE_CHARS: usize = 80;
/// The longest text a date field holds (a date, or text kept as typed).
pub const MAX_DATE_CHARS: usize = 100;
/// The longest text of a likelihood or consequence ("Almost certain").
pub const MAX_LEVEL_CHARS: usize = 20;

/// The longest text a plan file may hold in one field (characters). Every
/// field's own limit above is smaller, so whatever is typed, pasted or
/// imported opens again; this bound only refuses files no person wrote
/// (and keeps opening files written before fields had their own limits).
pub const MAX_FILE_TEXT_CHARS: usize = 100_000;

// Checked when compiling: every field's limit fits in what a file may hold.
const _: () = assert!(
    MAX_FILE_TEXT_CHARS >= MAX_TEXT_CHARS
        && MAX_TEXT_CHARS >= MAX_LINE_CHARS
        && MAX_LINE_CHARS >= MAX_DATE_CHARS
        && MAX_DATE_CHARS >= MAX_MONEY_CHARS
);

/// Why a number is refused, in words for the person who typed it; `None`
/// when it is within bounds.
pub fn decimal_problem(d: &Decimal) -> Option<String> {
    if d.abs() > Decimal::from(MAX_ABS_DECIMAL) {
        return Some(TOO_LARGE_NUMBER.into());
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
}
