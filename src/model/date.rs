//! Dates as planners write them. A date field holds either a real date or,
//! when what was typed is not a date ("<date>", "X March 2014", "To be agreed
//! 12 February 2014"), the text exactly as typed, so nothing is lost and the
//! checks can say what is wrong.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DateField {
    Date(NaiveDate),
    /// Text that is not a date, kept as typed.
    Text(String),
}

impl DateField {
    /// Reads typed text: a date when it parses (UK day-month order), else
    /// the text as typed. Empty text gives `None`.
    pub fn from_input(input: &str) -> Option<DateField> {
        let t = input.trim();
        if t.is_empty() {
            return None;
        }
        Some(match parse_date(t) {
            Some(d) => DateField::Date(d),
            None => DateField::Text(input.to_string()),
        })
    }
    pub fn date(&self) -> Option<NaiveDate> {
        match self {
            DateField::Date(d) => Some(*d),
            DateField::Text(_) => None,
        }
    }
    /// Unambiguous display: "3 Feb 2014", or the text as typed.
    pub fn display(&self) -> String {
        match self {
            DateField::Date(d) => format_date(*d),
            DateField::Text(t) => t.clone(),
        }
    }
    /// What goes back into a text box for editing.
    pub fn edit_text(&self) -> String {
        self.display()
    }
}

impl fmt::Display for DateField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

impl Serialize for DateField {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DateField::Date(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
            DateField::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for DateField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match NaiveDate::parse_from_str(&s, "%Y-%m-%d") {
            Ok(date) if s.len() == 10 => DateField::Date(date),
            _ => DateField::Text(s),
        })
    }
}

pub fn format_date(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_from_word(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w) && (w.len() == 3 || w.len() == m.len()))
        .map(|i| i as u32 + 1)
}

fn expand_year(y: i32, digits: usize) -> i32 {
    if digits == 2 { 2000 + y } else { y }
}

/// Parses a date in the forms planners use, day before month:
/// `3/2/2014`, `03/02/2014`, `3-2-14`, `3.2.2014`, `3 February 2014`,
/// `3 Feb 2014`, `3rd February 2014`, `February 3, 2014`, `2014-02-03`.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let t = input.trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    // ISO first (four-digit year: "3-2-14" is 3 February 2014, not year 3)
    if t.split('-').next().is_some_and(|y| y.len() == 4)
        && let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d")
    {
        return Some(d);
    }
    // numeric d/m/y with / - or .
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        {
            if parts[0].len() == 4 {
                let (y, m, d) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?);
                return NaiveDate::from_ymd_opt(y, m, d);
            }
            if parts[2].len() != 2 && parts[2].len() != 4 {
                return None;
            }
            let d: u32 = parts[0].parse().ok()?;
            let m: u32 = parts[1].parse().ok()?;
            let y: i32 = expand_year(parts[2].parse().ok()?, parts[2].len());
            return NaiveDate::from_ymd_opt(y, m, d);
        }
    }
    // words: "3 February 2014", "3rd Feb 2014", "February 3, 2014"
    let cleaned = t.replace(',', " ");
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() != 3 {
        return None;
    }
    let day_of = |w: &str| -> Option<u32> {
        let w = w.to_ascii_lowercase();
        let digits = w
            .trim_end_matches("st")
            .trim_end_matches("nd")
            .trim_end_matches("rd")
            .trim_end_matches("th");
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    };
    let year_of = |w: &str| -> Option<i32> {
        if (w.len() == 4 || w.len() == 2) && w.bytes().all(|b| b.is_ascii_digit()) {
            Some(expand_year(w.parse().ok()?, w.len()))
        } else {
            None
        }
    };
    if let (Some(d), Some(m), Some(y)) = (day_of(words[0]), month_from_word(words[1]), year_of(words[2])) {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if let (Some(m), Some(d), Some(y)) = (month_from_word(words[0]), day_of(words[1]), year_of(words[2])) {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    None
}

/// Today's date on this machine.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The financial year (April–March) a date falls in, as "2015/16".
pub fn financial_year_of(d: NaiveDate) -> String {
    let start = if d.month() >= 4 { d.year() } else { d.year() - 1 };
    format!("{}/{:02}", start, (start + 1) % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_planners_use() {
        let d = NaiveDate::from_ymd_opt(2014, 2, 3).unwrap();
        for s in [
            "3/2/2014",
            "03/02/2014",
            "3 February 2014",
            "3 Feb 2014",
            "2014-02-03",
            "3rd February 2014",
            "February 3, 2014",
            "3.2.2014",
            "3-2-14",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s}");
        }
        for s in [
            "<date>",
            "X March 2014",
            "31/2/2014",
            "To be agreed 12 February 2014",
            "2014",
            "",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(format_date(d), "3 Feb 2014");
        assert_eq!(financial_year_of(d), "2013/14");
    }
}
