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
