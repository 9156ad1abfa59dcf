//! Headings: what a column's heading names (a field, a figure opplan
//! computes, or nothing it knows), and whether a first row can be a
//! heading row at all.
//!
//! Headings are matched by name, case-insensitively, by the field's
//! heading and common alternatives ("Scheme Name", "Mitigating Actions",
//! "2015/16 (£000)"); a unit in a heading ("(£000)", "(£)", "£m") says
//! what the column's amounts are in.

use super::super::{COMPUTED_HEADERS, unneutralise};
use crate::model::Plan;
use crate::model::date::parse_date;
use crate::model::field::{
    Field, MitigationPart, MoneyPart, PeriodPart, RecordKind, ScoreKind, ScorePart, positional_fields, stored_fields,
};
use crate::model::money::{MoneyUnit, parse_amount};

/// What a heading matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderMatch {
    Field {
        field: Field,
        unit: Option<MoneyUnit>,
        how: String,
    },
    /// A figure opplan computes: recognised and left out.
    Computed,
    Unknown,
}

/// Lower case, punctuation as spaces, spaces collapsed.
pub(super) fn normalise(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lower case, without white space: "(£ 000)" → "(£000)".
fn compact_lower(text: &str) -> String {
    text.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect()
}

/// Thousands or millions of pounds named in compact text ("£000", "£'000",
/// "£k", "(000s)", "£m", "£million").
fn scaled_unit(compact: &str) -> Option<MoneyUnit> {
    if ["£000", "£'000", "£’000", "£k", "(000s)"]
        .iter()
        .any(|m| compact.contains(m))
    {
        Some(MoneyUnit::Thousands)
    } else if compact.contains("£m") || compact.contains("£million") {
        Some(MoneyUnit::Millions)
    } else {
        None
    }
}

/// The unit a line of text above a table states for its amounts ("All
/// figures in £000", "(£000)", "£m", "(£)"), as a heading names it; a £
/// alone states nothing there (it may be an amount in a sentence).
pub fn stated_unit(text: &str) -> Option<MoneyUnit> {
    let compact = compact_lower(text);
    scaled_unit(&compact)
        .or_else(|| (compact.contains("(£)") || compact.contains("(gbp)")).then_some(MoneyUnit::Pounds))
}

/// Finds and removes a money unit in a heading: "(£000)", "£'000", "£k",
/// "£m", "(£)".
pub(super) fn take_unit(header: &str) -> (Option<MoneyUnit>, String) {
    let compact = compact_lower(header);
    let unit = scaled_unit(&compact).or_else(|| {
        (compact.contains('£') || compact.contains("(gbp)") || compact.contains("pounds")).then_some(MoneyUnit::Pounds)
    });
    if unit.is_none() {
        return (None, header.to_string());
    }
    // drop the unit's text: everything from the £ (or the bracket before it)
    let cut = header
        .find("(£")
        .or_else(|| header.find('£'))
        .or_else(|| header.to_lowercase().find("(000s)"))
        .or_else(|| header.to_lowercase().find("(gbp)"))
        .or_else(|| header.to_lowercase().find("pounds"));
    let rest = match cut {
        Some(i) => {
            let after = &header[i..];
            let end = after.find(')').map(|j| i + j + 1).unwrap_or(header.len());
            format!("{} {}", &header[..i], &header[end..])
        }
        None => header.to_string(),
    };
    (unit, rest)
}

/// Finds a financial year in a heading ("2015/16", "2015-16", "15/16",
/// "2015/2016") and returns it as "2015/16" with the rest of the heading.
pub fn find_year(header: &str) -> Option<(String, String)> {
    let b = header.as_bytes();
    let digits_at = |i: usize, n: usize| i + n <= b.len() && b[i..i + n].iter().all(|c| c.is_ascii_digit());
    let boundary = |i: usize| i >= b.len() || !b[i].is_ascii_digit();
    for i in 0..b.len() {
        if i > 0 && b[i - 1].is_ascii_digit() {
            continue;
        }
        for first in [4usize, 2] {
            if !digits_at(i, first) {
                continue;
            }
            let mut j = i + first;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            if j >= b.len() || !(b[j] == b'/' || b[j] == b'-') {
                continue;
            }
            j += 1;
            while j < b.len() && b[j] == b' ' {
                j += 1;
            }
            for second in [4usize, 2] {
                if digits_at(j, second) && boundary(j + second) {
                    let a: i32 = header[i..i + first].parse().ok()?;
                    let start = if first == 2 { 2000 + a } else { a };
                    let z: i32 = header[j..j + second].parse().ok()?;
                    let end2 = z % 100;
                    if (start + 1) % 100 != end2 {
                        continue;
                    }
                    let rest = format!("{} {}", &header[..i], &header[j + second..]);
                    return Some((format!("{}/{:02}", start, end2), rest));
                }
            }
        }
    }
    None
}

fn money_part_of(rest: &str) -> Result<MoneyPart, ()> {
    let n = normalise(rest);
    let words: Vec<&str> = n.split(' ').collect();
    let has = |w: &str| words.contains(&w);
    let benefit = has("benefit") || has("benefits") || has("saving") || has("savings");
    let non = n.contains("non recurrent") || has("nonrecurrent") || n.contains("non rec");
    let rec = has("recurrent") || has("rec");
    if has("total") {
        return Err(());
    }
    Ok(match (benefit, non, rec) {
        (true, true, _) => MoneyPart::BenefitNonRecurrent,
        (true, false, _) => MoneyPart::BenefitRecurrent,
        (false, true, _) => MoneyPart::NonRecurrent,
        (false, false, true) => MoneyPart::Recurrent,
        _ => MoneyPart::Spend,
    })
}

fn numbered(n: &str, prefix: &str) -> Option<(usize, String)> {
    let rest = n.strip_prefix(prefix)?.trim_start();
    let end = rest.find(' ').unwrap_or(rest.len());
    let num: usize = rest[..end].parse().ok()?;
    if num == 0 || num > 200 {
        return None;
    }
    Some((num, rest[end..].trim().to_string()))
}

/// Matches a heading to a field of `kind`.
pub fn match_header(plan: &Plan, kind: RecordKind, header: &str) -> HeaderMatch {
    let raw = unneutralise(header.trim());
    if raw.is_empty() {
        return HeaderMatch::Unknown;
    }
    let (unit, rest) = take_unit(raw);
    if kind == RecordKind::Schemes
        && let Some((year, rest)) = find_year(&rest)
    {
        return match money_part_of(&rest) {
            Ok(part) => HeaderMatch::Field {
                how: format!("{year} {}", part.word()),
                field: Field::Money { year, part },
                unit,
            },
            Err(()) => HeaderMatch::Computed,
        };
    }
    let n = normalise(&rest);
    if n.is_empty() {
        return HeaderMatch::Unknown;
    }
    let field = |f: Field, how: &str| HeaderMatch::Field {
        field: f,
        unit,
        how: how.to_string(),
    };
    let mut candidates = stored_fields(plan, kind);
    // the columns the export writes only when some record uses them: read
    // whether or not the plan read into has any yet
    let optional: &[Field] = match kind {
        RecordKind::Schemes => &[Field::SchemeType],
        RecordKind::Risks => &[Field::RiskObjectives],
        _ => &[],
    };
    for f in positional_fields(plan, kind)
        .into_iter()
        .chain(optional.iter().cloned())
    {
        if !candidates.contains(&f) {
            candidates.push(f);
        }
    }
    for f in &candidates {
        if normalise(&f.header(MoneyUnit::Pounds)) == n {
            return field(f.clone(), "heading");
        }
    }
    // numbered groups: "Period 2 target", "Mitigation 3 owner"
    if kind == RecordKind::Metrics
        && let Some((num, tail)) = numbered(&n, "period")
    {
        let part = match tail.as_str() {
            "" | "label" | "name" => Some(PeriodPart::Label),
            "target" | "plan" | "planned" => Some(PeriodPart::Target),
            "actual" => Some(PeriodPart::Actual),
            "forecast" => Some(PeriodPart::Forecast),
            // as the export heads them, whether or not the plan read into
            // has any yet
            "status" => Some(PeriodPart::Status),
            "target change from baseline %" | "target change from baseline" | "target change %" => {
                Some(PeriodPart::TargetChange)
            }
            _ => None,
        };
        if let Some(part) = part {
            return field(Field::Period { n: num, part }, "numbered period");
        }
    }
    if kind == RecordKind::Risks {
        let mit = numbered(&n, "mitigation").or_else(|| {
            n.strip_prefix("mitigating actions")
                .or_else(|| n.strip_prefix("mitigating action"))
                .map(|t| (1, t.trim().to_string()))
        });
        if let Some((num, tail)) = mit {
            let part = match tail.as_str() {
                "" | "text" | "action" => Some(MitigationPart::Text),
                "owner" => Some(MitigationPart::Owner),
                "due" | "due date" => Some(MitigationPart::Due),
                "done" | "complete" => Some(MitigationPart::Done),
                _ => None,
            };
            if let Some(part) = part {
                return field(Field::Mitigation { n: num, part }, "numbered mitigation");
            }
        }
        for (word, which) in [
            ("current", ScoreKind::Current),
            ("inherent", ScoreKind::Current),
            ("residual", ScoreKind::Residual),
            ("target", ScoreKind::Target),
        ] {
            if let Some(t) = n.strip_prefix(word) {
                let part = match t.trim() {
                    "likelihood" => Some(ScorePart::Likelihood),
                    "consequence" | "impact" => Some(ScorePart::Consequence),
                    _ => None,
                };
                if let Some(part) = part {
                    return field(Field::Score { which, part }, "score");
                }
            }
        }
    }
    for f in &candidates {
        if f.aliases().iter().any(|a| normalise(a) == n) {
            return field(f.clone(), "a usual name");
        }
    }
    if COMPUTED_HEADERS.contains(&n.as_str()) {
        return HeaderMatch::Computed;
    }
    // metrics: "Q1 2015/16 target" → the period named "Q1 2015/16"
    if kind == RecordKind::Metrics {
        let lower = rest.trim().to_lowercase();
        for (word, part) in [
            ("target", PeriodPart::Target),
            ("plan", PeriodPart::Target),
            ("actual", PeriodPart::Actual),
            ("forecast", PeriodPart::Forecast),
        ] {
            if let Some(prefix) = lower.strip_suffix(word) {
                let label = rest.trim()[..prefix.len()]
                    .trim()
                    .trim_end_matches(['-', ':', '('])
                    .trim();
                if !label.is_empty() {
                    return field(
                        Field::NamedPeriod {
                            label: label.to_string(),
                            part,
                        },
                        "period named in the heading",
                    );
                }
            }
        }
    }
    HeaderMatch::Unknown
}

/// What a first row is, for a block that may or may not have a heading
/// row (a paste).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FirstRow {
    /// Headings opplan knows, and no figure or date a heading would not
    /// hold.
    Headings,
    /// It holds a figure or a date where no heading matches, so it cannot
    /// be a heading row.
    Data,
    /// Neither: no heading opplan knows, no figure or date. It could be a
    /// heading row, so it is never read as a record without asking.
    Unclear,
}

/// True for a cell that is a figure or a date: what a heading row does not
/// hold ("3,432", "(593)", "93.1%", "2015-03-31").
pub fn is_figure(text: &str) -> bool {
    let t = unneutralise(text.trim());
    let number = t.strip_suffix('%').unwrap_or(t).trim_end();
    !number.is_empty() && (matches!(parse_amount(number, MoneyUnit::Pounds), Ok(Some(_))) || parse_date(t).is_some())
}

/// Tells whether the first row of a block is a heading row: headings when
/// some cell is a heading opplan knows and none is a figure or a date (or
/// at least half are headings), data when a cell is a figure or date that
/// no heading matches, unclear otherwise.
pub fn first_row(plan: &Plan, kind: RecordKind, row: &[String]) -> FirstRow {
    let cells: Vec<&String> = row.iter().filter(|c| !c.trim().is_empty()).collect();
    let mut known = 0;
    let mut figures = 0;
    for c in &cells {
        if match_header(plan, kind, c) != HeaderMatch::Unknown {
            known += 1;
        } else if is_figure(c) {
            figures += 1;
        }
    }
    if known >= 1 && (figures == 0 || known * 2 >= cells.len()) {
        FirstRow::Headings
    } else if figures >= 1 {
        FirstRow::Data
    } else {
        FirstRow::Unclear
    }
}

/// The headings opplan reads for a kind of record, as a person would write
/// them (money in `unit`), for a message that lists them.
pub fn known_headings(plan: &Plan, kind: RecordKind, unit: MoneyUnit) -> Vec<String> {
    let mut fields = stored_fields(plan, kind);
    for f in positional_fields(plan, kind) {
        if !fields.contains(&f) {
            fields.push(f);
        }
    }
    let mut out: Vec<String> = Vec::new();
    for f in fields {
        let h = f.header(unit);
        if !out.contains(&h) {
            out.push(h);
        }
    }
    if kind == RecordKind::Schemes && !out.iter().any(|h| h.starts_with("20")) {
        out.push(format!("2015/16 ({})", unit.label()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_row_with_figures_is_data_and_one_without_is_never_a_record() {
        let mut plan = Plan::default();
        plan.header.years = vec!["2014/15".into(), "2015/16".into()];
        let row = |s: &str| s.split('\t').map(str::to_string).collect::<Vec<_>>();
        let k = RecordKind::Schemes;
        assert_eq!(
            first_row(&plan, k, &row("Scheme Name\tArea of Spend\t2015/16 (£000)")),
            FirstRow::Headings
        );
        assert_eq!(
            first_row(
                &plan,
                k,
                &row("Carers Break\tOther\t\tJoint\tJoint\tCCG Minimum Contribution\t\t3,443")
            ),
            FirstRow::Data
        );
        assert_eq!(first_row(&plan, k, &row("Code\tTitle\tValue")), FirstRow::Unclear);
        assert_eq!(
            first_row(&plan, RecordKind::Risks, &row("Workforce\tHigh\tRecruit early")),
            FirstRow::Unclear
        );
        assert_eq!(
            first_row(
                &plan,
                RecordKind::SignOffs,
                &row("Kent CC\tA Person\tLeader\t2015-03-31")
            ),
            FirstRow::Data
        );
        assert!(is_figure("(593)") && is_figure("£3,432,000") && is_figure("2015-03-31") && is_figure("93.1%"));
        assert!(!is_figure("Carers Break") && !is_figure("") && !is_figure("%"));
        let known = known_headings(&plan, k, MoneyUnit::Pounds);
        assert!(
            known.contains(&"Scheme name".to_string()) && known.contains(&"2015/16 (£)".to_string()),
            "{known:?}"
        );
    }

    #[test]
    fn years_in_headings() {
        assert_eq!(find_year("2015/16 (£000)").map(|y| y.0), Some("2015/16".into()));
        assert_eq!(find_year("14/15").map(|y| y.0), Some("2014/15".into()));
        assert_eq!(find_year("Spend 2015-2016").map(|y| y.0), Some("2015/16".into()));
        assert_eq!(find_year("2015/17"), None);
        assert_eq!(find_year("Scheme name"), None);
    }

    #[test]
    fn kent_headings_match() {
        let plan = Plan::default();
        let m = |h: &str| match match_header(&plan, RecordKind::Schemes, h) {
            HeaderMatch::Field { field, unit, .. } => Some((field, unit)),
            _ => None,
        };
        assert_eq!(m("Scheme Name").unwrap().0, Field::SchemeName);
        assert_eq!(m("Please specify if Other").unwrap().0, Field::AreaOther);
        assert_eq!(m("SOURCE OF FUNDING").unwrap().0, Field::SourceOfFunding);
        assert_eq!(
            m("2015/16 (£000)").unwrap(),
            (
                Field::Money {
                    year: "2015/16".into(),
                    part: MoneyPart::Spend
                },
                Some(MoneyUnit::Thousands)
            )
        );
        assert_eq!(
            m("2014/15 non-recurrent (£)").unwrap(),
            (
                Field::Money {
                    year: "2014/15".into(),
                    part: MoneyPart::NonRecurrent
                },
                Some(MoneyUnit::Pounds)
            )
        );
        assert_eq!(
            match_header(&plan, RecordKind::Schemes, "2015/16 total spend (£)"),
            HeaderMatch::Computed
        );
        assert_eq!(
            match_header(&plan, RecordKind::Schemes, "Favourite colour"),
            HeaderMatch::Unknown
        );
        let r = |h: &str| match match_header(&plan, RecordKind::Risks, h) {
            HeaderMatch::Field { field, .. } => Some(field),
            _ => None,
        };
        assert_eq!(r("Risks"), Some(Field::RiskTitle));
        assert_eq!(r("Risk Rating"), Some(Field::LegacyRating));
        assert_eq!(
            r("Mitigating Actions"),
            Some(Field::Mitigation {
                n: 1,
                part: MitigationPart::Text
            })
        );
        assert_eq!(
            r("Mitigation 3 owner"),
            Some(Field::Mitigation {
                n: 3,
                part: MitigationPart::Owner
            })
        );
        let mt = |h: &str| match match_header(&plan, RecordKind::Metrics, h) {
            HeaderMatch::Field { field, .. } => Some(field),
            _ => None,
        };
        assert_eq!(
            mt("Q1 2015/16 target"),
            Some(Field::NamedPeriod {
                label: "Q1 2015/16".into(),
                part: PeriodPart::Target
            })
        );
        assert_eq!(
            mt("Period 2 actual"),
            Some(Field::Period {
                n: 2,
                part: PeriodPart::Actual
            })
        );
    }
}
