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

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    w.len() >= 3
        && WEEKDAYS
            .iter()
            .any(|d| d.starts_with(w) && (w.len() <= 4 || w.len() == d.len()))
}

/// A day of the month: "3", "03", "3rd", "21st".
fn day_of(w: &str) -> Option<u32> {
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// A year: four digits (1900–2199) or two (20xx).
fn year_of(w: &str) -> Option<i32> {
    if !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match w.len() {
        2 => Some(expand_year(w.parse().ok()?, 2)),
        4 => Some(w.parse().ok()).flatten().filter(|y| (1900..=2199).contains(y)),
        _ => None,
    }
}

fn numeric(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok()
}

/// Parses a date in the forms planners use, always day before month (UK
/// order, so `3/2/2014` is 3 February):
/// `3/2/2014`, `03/02/2014`, `3/2/14`, `3-2-2014`, `3.2.2014`,
/// `2014-02-03`, `2014/2/3`, `3 February 2014`, `3 Feb 14`, `3rd of
/// February 2014`, `Monday 3 February 2014`, `3-Feb-2014` (Excel),
/// `February 3, 2014`, `Feb 3 2014`. Anything else (`<date>`, `X March
/// 2014`, `31/2/2014`, a day and month without a year) is not a date.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let t = input.trim();
    if t.is_empty() || t.len() > 40 {
        return None;
    }
    let lower = t.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '/' | '-' | '.'))
        .filter(|w| !w.is_empty() && *w != "of" && *w != "the" && !is_weekday(w))
        .collect();
    if tokens.len() != 3 {
        return None;
    }
    let all_digits = tokens.iter().all(|w| w.bytes().all(|b| b.is_ascii_digit()));
    if all_digits {
        // the separators must be one kind, and not words
        let seps: Vec<char> = t.chars().filter(|c| matches!(c, '/' | '-' | '.')).collect();
        if seps.len() != 2 || seps[0] != seps[1] || t.split_whitespace().count() != 1 {
            return None;
        }
        if tokens[0].len() == 4 {
            let y = year_of(tokens[0])?;
            return NaiveDate::from_ymd_opt(y, numeric(tokens[1])?, numeric(tokens[2])?);
        }
        let (d, m, y) = (numeric(tokens[0])?, numeric(tokens[1])?, year_of(tokens[2])?);
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    // words: "3 February 2014", "3rd Feb 2014", "February 3, 2014", "3-Feb-14"
    if let (Some(d), Some(m), Some(y)) = (day_of(tokens[0]), month_from_word(tokens[1]), year_of(tokens[2])) {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if let (Some(m), Some(d), Some(y)) = (month_from_word(tokens[0]), day_of(tokens[1]), year_of(tokens[2])) {
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    None
}

/// A date written inside other text: "To be agreed 12 February 2014" →
/// 12 Feb 2014. Used to start a date picker near what was meant; the text
/// itself stays not a date.
pub fn date_within(text: &str) -> Option<NaiveDate> {
    if let Some(d) = parse_date(text) {
        return Some(d);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() > 40 {
        return None;
    }
    (0..words.len().saturating_sub(2))
        .find_map(|i| parse_date(&words[i..i + 3].join(" ")).or_else(|| parse_date(words[i])))
        .or_else(|| words.iter().rev().take(2).find_map(|w| parse_date(w)))
}

/// The financial year (April–March) a date falls in, as "2015/16".
pub fn financial_year_of(d: NaiveDate) -> String {
    let start = if d.month() >= 4 { d.year() } else { d.year() - 1 };
    format!("{}/{:02}", start, (start + 1) % 100)
}

/// The days a milestone's due text covers, first and last: a date
/// ("31/07/2016": that day), a month ("July 2016", "end of July 2016",
/// "by Sept 2016"), a quarter of a financial year ("Q2 2016/17": July to
/// September 2016), a season ("Autumn 2016": September to November;
/// "Winter 2016": December 2016 to February 2017) or a financial year
/// ("2016/17": April 2016 to March 2017). Anything else is `None`: the
/// text is kept as typed and the checklist asks for a date or period.
pub fn due_window(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let t = text.trim();
    if t.is_empty() || t.len() > 60 {
        return None;
    }
    if let Some(d) = parse_date(t) {
        return Some((d, d));
    }
    let lower = t.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| {
            !w.is_empty()
                && !matches!(
                    *w,
                    "by" | "end" | "of" | "the" | "in" | "during" | "from" | "early" | "late" | "mid"
                )
        })
        .collect();
    let month_range = |y: i32, m: u32, months: u32| -> Option<(NaiveDate, NaiveDate)> {
        let first = NaiveDate::from_ymd_opt(y, m, 1)?;
        let after = first.checked_add_months(chrono::Months::new(months))?;
        Some((first, after.pred_opt()?))
    };
    // "2016/17": a financial year
    let fy_start = |w: &str| -> Option<i32> {
        let (a, b) = w.split_once('/').or_else(|| w.split_once('-'))?;
        let start = year_of(a).filter(|_| a.len() == 4)?;
        let end = year_of(b)?;
        (end % 100 == (start + 1) % 100).then_some(start)
    };
    match words.as_slice() {
        [w] => fy_start(w).and_then(|y| month_range(y, 4, 12)),
        [q, fy] if q.len() == 2 && q.starts_with('q') => {
            let n: u32 = q[1..].parse().ok().filter(|n| (1..=4).contains(n))?;
            let y = fy_start(fy)?;
            // Q1 April–June … Q4 January–March of the next calendar year
            let (y, m) = if n == 4 { (y + 1, 1) } else { (y, 1 + 3 * n) };
            month_range(y, m, 3)
        }
        [first, y] => {
            let y = year_of(y)?;
            if let Some(m) = month_from_word(first) {
                return month_range(y, m, 1);
            }
            match *first {
                "spring" => month_range(y, 3, 3),
                "summer" => month_range(y, 6, 3),
                "autumn" | "fall" => month_range(y, 9, 3),
                "winter" => month_range(y, 12, 3),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The quarter of the financial year a date falls in: "Q2 2016/17".
pub fn quarter_of(d: NaiveDate) -> String {
    let q = match d.month() {
        4..=6 => 1,
        7..=9 => 2,
        10..=12 => 3,
        _ => 4,
    };
    format!("Q{q} {}", financial_year_of(d))
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
            "3/2/14",
            "03/02/14",
            "3-2-2014",
            "3-2-14",
            "3.2.2014",
            "2014-02-03",
            "2014-2-3",
            "2014/02/03",
            "3 February 2014",
            "3 february 2014",
            "3 FEBRUARY 2014",
            "3 Feb 2014",
            "3 Feb. 2014",
            "3 Feb 14",
            "03 Feb 2014",
            "3rd February 2014",
            "3rd of February 2014",
            "3rd Feb, 2014",
            "Monday 3 February 2014",
            "Mon 3 Feb 2014",
            "Monday, 3rd February 2014",
            "3-Feb-2014",
            "03-Feb-14",
            "3/Feb/2014",
            "February 3, 2014",
            "Feb 3 2014",
            "February 3rd, 2014",
            "  3/2/2014  ",
        ] {
            assert_eq!(parse_date(s), Some(d), "{s:?} should read as 3 Feb 2014");
        }
        // day before month, always (UK order)
        assert_eq!(parse_date("02/03/2014"), NaiveDate::from_ymd_opt(2014, 3, 2));
        assert_eq!(parse_date("12/1/2015"), NaiveDate::from_ymd_opt(2015, 1, 12));
        assert_eq!(parse_date("29/2/2016"), NaiveDate::from_ymd_opt(2016, 2, 29));
        assert_eq!(parse_date("1 Sept 2014"), NaiveDate::from_ymd_opt(2014, 9, 1));
        assert_eq!(parse_date("31 Dec 2015"), NaiveDate::from_ymd_opt(2015, 12, 31));
        for s in [
            "<date>",
            "X March 2014",
            "XX/XX/2014",
            "31/2/2014",
            "29/2/2015",
            "2/13/2014",
            "To be agreed 12 February 2014",
            "First draft 14 February 2014",
            "12 February (1st draft)",
            "3 February",
            "3/2",
            "February 2014",
            "2014",
            "3/2/214",
            "3/2/0014",
            "3/2-2014",
            "3 2 2014",
            "32 January 2014",
            "3 Febuary 2014",
            "TBC",
            "",
            "   ",
        ] {
            assert_eq!(parse_date(s), None, "{s:?} is not a date");
        }
        assert_eq!(format_date(d), "3 Feb 2014");
        assert_eq!(
            format_date(NaiveDate::from_ymd_opt(2015, 12, 31).unwrap()),
            "31 Dec 2015"
        );
        assert_eq!(financial_year_of(d), "2013/14");
    }

    #[test]
    fn dates_inside_text() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(date_within("To be agreed 12 February 2014"), d(2014, 2, 12));
        assert_eq!(date_within("First draft 14 February 2014"), d(2014, 2, 14));
        assert_eq!(date_within("sent 3/2/2014 by email"), d(2014, 2, 3));
        assert_eq!(date_within("3/2/2014"), d(2014, 2, 3));
        assert_eq!(date_within("X March 2014"), None);
        assert_eq!(date_within("<date>"), None);
        assert_eq!(date_within(""), None);
    }

    #[test]
    fn typed_text_that_is_not_a_date_is_kept_as_typed() {
        assert_eq!(DateField::from_input("  "), None);
        assert_eq!(
            DateField::from_input("3/2/2014"),
            Some(DateField::Date(NaiveDate::from_ymd_opt(2014, 2, 3).unwrap()))
        );
        let t = DateField::from_input("X March 2014").unwrap();
        assert_eq!(t, DateField::Text("X March 2014".into()));
        assert_eq!(t.display(), "X March 2014");
        assert_eq!(t.date(), None);
    }
}
