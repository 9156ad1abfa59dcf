//! Today's date: the one place opplan asks the machine (or the
//! environment) what day it is. `calc` never asks; it is handed the date
//! (overdue checks, default years), so the same plan gives the same
//! summary whoever computes it, and tests fix the date.

use chrono::NaiveDate;

/// Set to `YYYY-MM-DD` to fix the date opplan uses (scripts, tests,
/// rehearsing a board meeting ahead of time).
pub const TODAY_ENV: &str = "OPPLAN_TODAY";

/// Today: `OPPLAN_TODAY` when it holds a date, else the local date.
pub fn today() -> NaiveDate {
    std::env::var(TODAY_ENV)
        .ok()
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}
