//! Excel export: a Summary sheet, then one sheet per tab (Plan, Schemes,
//! Metrics, Risks, Sign-offs).
//!
//! Money cells hold pounds (to the penny) with the number format
//! `#,##0,`, which shows them in £000 with separators: what is shown
//! matches the app, and the cells still add up exactly. A money column
//! with a range in it becomes two columns (min, max). Totals are live
//! formulas (`=SUM(...)`) beside the totals opplan computed, with a
//! difference row that should read 0. RAG cells are coloured and say the
//! word. Header rows are frozen; columns are as wide as their content
//! (within limits); text that a spreadsheet would run as a formula is
//! neutralised with a leading `'`, in every text cell, headings included
//! (one function writes them all).

use super::import::column_letter;
use super::import::finance::{FinanceTable, Key as FinanceKey};
use super::{Column, Computed, cell, export_columns, neutralise};
use crate::calc::PlanSummary;
use crate::calc::finance::Dimension;
use crate::model::field::{Field, MoneyPart, RecordKind};
use crate::model::money::MoneyUnit;
use crate::model::value::Value;
use crate::model::{Amount, DateField, Figure, Plan, Rag, Span};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The sheet names, in order.
pub const SHEETS: [&str; 6] = ["Summary", "Plan", "Schemes", "Metrics", "Risks", "Sign-offs"];

/// The words after a money column's heading when a range in it is written
/// as two columns ("2015/16 (£000) min", "2015/16 (£000) max").
pub const RANGE_MIN: &str = " min";
pub const RANGE_MAX: &str = " max";

/// The labels of the rows below the Schemes table: the spreadsheet's live
/// total, opplan's total and their difference (checks, never records).
pub const FOOTER_LABELS: [&str; 3] = [
    "Total (spreadsheet formula)",
    "Total (computed by opplan)",
    "Difference (should be 0)",
];

/// Shows pounds in £000 with separators (the trailing comma divides by 1,000).
pub const MONEY_FORMAT: &str = "#,##0,;-#,##0,;0";

fn sheet_of(kind: RecordKind) -> &'static str {
    match kind {
        RecordKind::Schemes => "Schemes",
        RecordKind::Metrics => "Metrics",
        RecordKind::Risks => "Risks",
        RecordKind::SignOffs => "Sign-offs",
        RecordKind::Objectives => "Objectives",
        RecordKind::Sections => "Sections",
    }
}

/// The RAG palette of the app (text on background at least 4.5:1).
pub fn rag_rgb(rag: Rag) -> (u32, u32) {
    match rag {
        Rag::Green => (0x1B6E3A, 0xFFFFFF),
        Rag::Amber => (0xF5B31B, 0x000000),
        Rag::Red => (0xB4231C, 0xFFFFFF),
        Rag::NotRated => (0x5F6368, 0xFFFFFF),
    }
}

struct Formats {
    title: Format,
    bold: Format,
    header: Format,
    money: Format,
    money_bold: Format,
    date: Format,
    text: Format,
    note: Format,
    rag: BTreeMap<Rag, Format>,
}

impl Formats {
    fn new() -> Self {
        let header = Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(Color::RGB(0xE8EAED))
            .set_border_bottom(FormatBorder::Thin);
        let mut rag = BTreeMap::new();
        for r in Rag::ALL {
            let (bg, fg) = rag_rgb(r);
            rag.insert(
                r,
                Format::new()
                    .set_bold()
                    .set_background_color(Color::RGB(bg))
                    .set_font_color(Color::RGB(fg)),
            );
        }
        Formats {
            title: Format::new().set_bold().set_font_size(16),
            bold: Format::new().set_bold(),
            header,
            money: Format::new().set_num_format(MONEY_FORMAT),
            money_bold: Format::new().set_num_format(MONEY_FORMAT).set_bold(),
            date: Format::new().set_num_format("d mmm yyyy").set_align(FormatAlign::Left),
            text: Format::new().set_align(FormatAlign::Top),
            note: Format::new().set_italic().set_font_color(Color::RGB(0x5F6368)),
            rag,
        }
    }
}

fn pounds(pence: i128) -> f64 {
    pence as f64 / 100.0
}

fn cell_ref(row: u32, col: u16) -> String {
    format!("{}{}", column_letter(col as usize), row + 1)
}

fn sheet_ref(sheet: &str, row: u32, col: u16) -> String {
    format!("'{sheet}'!{}", cell_ref(row, col))
}

/// Column widths from content: characters, within limits.
struct Widths(BTreeMap<u16, usize>);

impl Widths {
    fn new() -> Self {
        Widths(BTreeMap::new())
    }
    fn see(&mut self, col: u16, text: &str) {
        let longest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        let w = self.0.entry(col).or_insert(0);
        *w = (*w).max(longest);
    }
    fn apply(&self, ws: &mut Worksheet, min: usize, max: usize) -> Result<(), XlsxError> {
        for (col, w) in &self.0 {
            ws.set_column_width(*col, ((*w).clamp(min, max) + 2) as f64)?;
        }
        Ok(())
    }
}

/// Writes one text cell: every text cell of the workbook, headings and
/// labels included, goes through here, neutralised against formulas
/// ([`neutralise`]) and cut to Excel's limit for one cell. Returns what
/// was written.
fn text_cell(ws: &mut Worksheet, row: u32, col: u16, text: impl AsRef<str>, fmt: &Format) -> Result<String, XlsxError> {
    let safe: String = neutralise(text.as_ref()).chars().take(32_000).collect();
    ws.write_string_with_format(row, col, &safe, fmt)?;
    Ok(safe)
}

fn write_text(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    col: u16,
    text: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if text.is_empty() {
        return Ok(());
    }
    let safe = text_cell(ws, row, col, text, fmt)?;
    w.see(col, &safe);
    Ok(())
}

fn write_rag(
    ws: &mut Worksheet,
    w: &mut Widths,
    f: &Formats,
    row: u32,
    col: u16,
    rag: Rag,
    word: &str,
) -> Result<(), XlsxError> {
    w.see(col, word);
    text_cell(ws, row, col, word, &f.rag[&rag])?;
    Ok(())
}

fn write_date(
    ws: &mut Worksheet,
    w: &mut Widths,
    f: &Formats,
    row: u32,
    col: u16,
    d: NaiveDate,
) -> Result<(), XlsxError> {
    match ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8) {
        Ok(x) => {
            w.see(col, "30 Sep 2015");
            ws.write_datetime_with_format(row, col, &x, &f.date)?;
            Ok(())
        }
        Err(_) => write_text(ws, w, row, col, &d.format("%Y-%m-%d").to_string(), &f.text),
    }
}

fn write_money(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    col: u16,
    pence: i128,
    fmt: &Format,
) -> Result<(), XlsxError> {
    write_money_sized(ws, w, (row, col), pence, fmt, MoneyUnit::Thousands)
}

/// Writes a typed value (not money) into a cell.
fn write_value(
    ws: &mut Worksheet,
    w: &mut Widths,
    f: &Formats,
    row: u32,
    col: u16,
    v: &Value,
) -> Result<(), XlsxError> {
    match v {
        Value::Empty => Ok(()),
        Value::Text(t) => write_text(ws, w, row, col, t, &f.text),
        Value::Int(i) => {
            w.see(col, &i.to_string());
            ws.write_number(row, col, *i as f64)?;
            Ok(())
        }
        Value::Decimal(d) => {
            let s = d.normalize().to_string();
            w.see(col, &s);
            ws.write_number(row, col, s.parse::<f64>().unwrap_or(0.0))?;
            Ok(())
        }
        Value::Figure(Figure::Value(d), _) => write_value(ws, w, f, row, col, &Value::Decimal(*d)),
        Value::Figure(fig @ Figure::Ratio { .. }, _) => write_text(
            ws,
            w,
            row,
            col,
            &Value::Figure(fig.clone(), Default::default()).cell_text(MoneyUnit::Pounds),
            &f.text,
        ),
        Value::Date(DateField::Date(d)) => write_date(ws, w, f, row, col, *d),
        Value::Date(DateField::Text(t)) => write_text(ws, w, row, col, t, &f.text),
        Value::Bool(b) => write_text(ws, w, row, col, if *b { "Yes" } else { "No" }, &f.text),
        Value::Ids(_) | Value::Money(_) => write_text(ws, w, row, col, &v.cell_text(MoneyUnit::Pounds), &f.text),
    }
}

/// Which bound of a range a sheet column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Both,
    Min,
    Max,
}

struct SheetCol {
    column: Column,
    side: Side,
    col: u16,
}

/// Where a table's money landed: for the Summary's formulas.
struct TableInfo {
    first: u32,
    last: u32,
    /// Year → (min column, max column) of the year's total spend.
    year_totals: BTreeMap<String, (u16, u16)>,
}

const LONG_TEXT_COLUMNS: [&str; 8] = [
    "Description",
    "Outcomes",
    "Notes",
    "RAG explanation",
    "Diagnosis",
    "Action",
    "Trajectory",
    "Comment",
];

fn write_table(
    ws: &mut Worksheet,
    plan: &Plan,
    summary: &PlanSummary,
    kind: RecordKind,
    f: &Formats,
) -> Result<TableInfo, XlsxError> {
    let n = kind.len(plan);
    let columns = export_columns(plan, kind);
    // lay out sheet columns: a money column with a range gets min and max
    let mut cols: Vec<SheetCol> = Vec::new();
    for c in columns {
        let ranged = c.is_money()
            && (0..n).any(|i| matches!(cell(plan, summary, kind, i, &c).value, Value::Money(Amount::Range(..))));
        let at = cols.len() as u16;
        if ranged {
            cols.push(SheetCol {
                column: c.clone(),
                side: Side::Min,
                col: at,
            });
            cols.push(SheetCol {
                column: c,
                side: Side::Max,
                col: at + 1,
            });
        } else {
            cols.push(SheetCol {
                column: c,
                side: Side::Both,
                col: at,
            });
        }
    }
    let mut w = Widths::new();
    for sc in &cols {
        let mut h = sc.column.header(MoneyUnit::Thousands);
        match sc.side {
            Side::Min => h.push_str(RANGE_MIN),
            Side::Max => h.push_str(RANGE_MAX),
            Side::Both => {}
        }
        w.see(sc.col, &h.chars().take(24).collect::<String>());
        text_cell(ws, 0, sc.col, &h, &f.header)?;
    }
    let first = 1u32;
    let last = n as u32; // the last data row (0-based): rows 1..=n
    // where each year's parts are, per side, for the per-row total formulas
    let part_col = |year: &str, side: Side| -> Vec<u16> {
        cols.iter()
            .filter(|sc| {
                matches!(&sc.column, Column::Stored(Field::Money { year: y, part })
                    if y == year && !matches!(part, MoneyPart::BenefitRecurrent | MoneyPart::BenefitNonRecurrent))
                    // one side of a range: that side's column, or the single column
                    && (sc.side == Side::Both || sc.side == side)
            })
            .map(|sc| sc.col)
            .collect()
    };
    for i in 0..n {
        let row = first + i as u32;
        for sc in &cols {
            let out = cell(plan, summary, kind, i, &sc.column);
            if let Some(rag) = out.rag {
                let word = out.value.cell_text(MoneyUnit::Pounds);
                write_rag(ws, &mut w, f, row, sc.col, rag, &word)?;
                continue;
            }
            match (&out.value, &sc.column) {
                (Value::Money(a), Column::Computed(Computed::SchemeTotal(year))) => {
                    let pence = match sc.side {
                        Side::Max => a.max().0 as i128,
                        _ => a.min().0 as i128,
                    };
                    let parts = part_col(year, sc.side);
                    let refs: Vec<String> = parts.iter().map(|c| cell_ref(row, *c)).collect();
                    let formula =
                        Formula::new(format!("=SUM({})", refs.join(","))).set_result(pounds(pence).to_string());
                    w.see(sc.col, &crate::model::money::format_pence(pence, MoneyUnit::Thousands));
                    ws.write_formula_with_format(row, sc.col, formula, &f.money)?;
                }
                (Value::Money(a), _) => {
                    let pence = match sc.side {
                        Side::Max => a.max().0 as i128,
                        _ => a.min().0 as i128,
                    };
                    write_money(ws, &mut w, row, sc.col, pence, &f.money)?;
                }
                (v, _) => write_value(ws, &mut w, f, row, sc.col, v)?,
            }
        }
    }
    let mut info = TableInfo {
        first,
        last,
        year_totals: BTreeMap::new(),
    };
    // totals: a live formula row, opplan's row, and the difference
    if kind == RecordKind::Schemes {
        let label_col = cols
            .iter()
            .find(|sc| sc.column == Column::Stored(Field::SchemeName))
            .map(|sc| sc.col)
            .unwrap_or(0);
        let (r_formula, r_opplan, r_diff) = (last + 2, last + 3, last + 4);
        text_cell(ws, r_formula, label_col, FOOTER_LABELS[0], &f.bold)?;
        text_cell(ws, r_opplan, label_col, FOOTER_LABELS[1], &f.bold)?;
        text_cell(ws, r_diff, label_col, FOOTER_LABELS[2], &f.note)?;
        let fin = &summary.finance;
        let get = |m: &BTreeMap<String, Span>, y: &str| m.get(y).copied().unwrap_or(Span::ZERO);
        for sc in &cols {
            let computed: Option<Span> = match &sc.column {
                Column::Stored(Field::Money { year, part }) => match part {
                    MoneyPart::Spend => Some(get(&fin.unsplit_by_year, year)),
                    MoneyPart::Recurrent => Some(get(&fin.recurrent_by_year, year)),
                    MoneyPart::NonRecurrent => Some(get(&fin.non_recurrent_by_year, year)),
                    // opplan totals benefits per year, not per part: shown
                    // when the year has only one benefit column
                    MoneyPart::BenefitRecurrent | MoneyPart::BenefitNonRecurrent => {
                        let parts = cols
                            .iter()
                            .filter(|o| {
                                matches!(&o.column, Column::Stored(Field::Money { year: y, part: p })
                                    if y == year && matches!(p, MoneyPart::BenefitRecurrent | MoneyPart::BenefitNonRecurrent))
                                    && (o.side == sc.side)
                            })
                            .count();
                        (parts == 1).then(|| get(&fin.benefit_by_year, year))
                    }
                },
                Column::Computed(Computed::SchemeTotal(year)) => Some(fin.spend(year)),
                _ => None,
            };
            if !sc.column.is_money() {
                continue;
            }
            let letter = column_letter(sc.col as usize);
            let mut sum_min: i128 = 0;
            let mut sum_max: i128 = 0;
            for i in 0..n {
                if let Value::Money(a) = cell(plan, summary, kind, i, &sc.column).value {
                    sum_min += a.min().0 as i128;
                    sum_max += a.max().0 as i128;
                }
            }
            let cached = if sc.side == Side::Max { sum_max } else { sum_min };
            let formula = if n == 0 {
                Formula::new("=0").set_result("0")
            } else {
                Formula::new(format!("=SUM({letter}{}:{letter}{})", first + 1, last + 1))
                    .set_result(pounds(cached).to_string())
            };
            w.see(sc.col, &crate::model::money::format_pence(cached, MoneyUnit::Thousands));
            ws.write_formula_with_format(r_formula, sc.col, formula, &f.money_bold)?;
            if let Some(span) = computed {
                let pence = if sc.side == Side::Max {
                    span.max_pence
                } else {
                    span.min_pence
                };
                write_money(ws, &mut w, r_opplan, sc.col, pence, &f.money_bold)?;
                let d = Formula::new(format!("={letter}{}-{letter}{}", r_formula + 1, r_opplan + 1))
                    .set_result(pounds(cached - pence).to_string());
                ws.write_formula_with_format(r_diff, sc.col, d, &f.money)?;
            }
        }
        // where each year's total spend is, for the Summary
        for y in &fin.years {
            let total_cols: Vec<&SheetCol> = cols
                .iter()
                .filter(|sc| sc.column == Column::Computed(Computed::SchemeTotal(y.clone())))
                .collect();
            let spend_cols: Vec<&SheetCol> = cols
                .iter()
                .filter(|sc| {
                    sc.column
                        == Column::Stored(Field::Money {
                            year: y.clone(),
                            part: MoneyPart::Spend,
                        })
                })
                .collect();
            let chosen = if total_cols.is_empty() { spend_cols } else { total_cols };
            let min = chosen.iter().find(|sc| sc.side != Side::Max).map(|sc| sc.col);
            let max = chosen.iter().find(|sc| sc.side != Side::Min).map(|sc| sc.col);
            if let (Some(a), Some(b)) = (min, max) {
                info.year_totals.insert(y.clone(), (a, b));
            }
        }
    }
    // widths: long text columns stay readable, not page-wide
    for sc in &cols {
        let h = sc.column.header(MoneyUnit::Thousands);
        if LONG_TEXT_COLUMNS.iter().any(|l| h.starts_with(l)) || h.starts_with("Mitigati") {
            w.0.insert(sc.col, w.0.get(&sc.col).copied().unwrap_or(10).min(60));
        }
    }
    w.apply(ws, 6, 60)?;
    // freeze the header row and the columns that name the record
    let freeze_cols = cols
        .iter()
        .position(|sc| {
            matches!(
                sc.column,
                Column::Stored(Field::SchemeName | Field::MetricName | Field::RiskTitle | Field::Organisation)
            )
        })
        .map(|i| i as u16 + 1)
        .unwrap_or(0);
    ws.set_freeze_panes(1, freeze_cols)?;
    // headings wrap onto up to three lines rather than widening the column
    let longest = cols
        .iter()
        .map(|sc| sc.column.header(MoneyUnit::Thousands).chars().count() + 4)
        .zip(
            cols.iter()
                .map(|sc| w.0.get(&sc.col).copied().unwrap_or(6).clamp(6, 60) + 2),
        )
        .map(|(h, width)| h.div_ceil(width.max(1)))
        .max()
        .unwrap_or(1)
        .clamp(1, 3);
    ws.set_row_height(0, 15.0 * longest as f64 + 3.0)?;
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_repeat_rows(0, 0)?;
    Ok(info)
}

fn write_plan_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    let h = &plan.header;
    let mut w = Widths::new();
    let mut row = 0u32;
    let mut put = |ws: &mut Worksheet, w: &mut Widths, label: &str, v: Value| -> Result<(), XlsxError> {
        w.see(0, label);
        text_cell(ws, row, 0, label, &f.bold)?;
        write_value(ws, w, f, row, 1, &v)?;
        row += 1;
        Ok(())
    };
    let text = |s: &str| Value::Text(s.to_string());
    let date = |d: &Option<DateField>| d.clone().map(Value::Date).unwrap_or(Value::Empty);
    put(ws, &mut w, "Title", text(&h.title))?;
    put(ws, &mut w, "Organisation", text(&h.organisation))?;
    put(ws, &mut w, "Health and Wellbeing Board", text(&h.hwb))?;
    put(ws, &mut w, "Local authority", text(&h.local_authority))?;
    put(ws, &mut w, "CCGs", text(&h.ccgs.join(", ")))?;
    put(ws, &mut w, "Financial years", text(&h.years.join(", ")))?;
    put(ws, &mut w, "Version", text(&h.version))?;
    put(ws, &mut w, "Status", text(h.status.word()))?;
    put(ws, &mut w, "Owner", text(&h.owner))?;
    put(ws, &mut w, "Date agreed at HWB", date(&h.date_agreed_hwb))?;
    put(ws, &mut w, "Date submitted", date(&h.date_submitted))?;
    put(ws, &mut w, "Money shown in", text(plan.settings.display_unit.label()))?;
    put(
        ws,
        &mut w,
        "Amber tolerance (%)",
        Value::Decimal(plan.settings.amber_tolerance_pct),
    )?;
    row += 1;
    for (c, t) in ["Year", "Minimum required (£000)", "Declared total (£000)"]
        .iter()
        .enumerate()
    {
        text_cell(ws, row, c as u16, *t, &f.header)?;
        w.see(c as u16, t);
    }
    row += 1;
    for b in &h.budgets {
        write_text(ws, &mut w, row, 0, &b.year, &f.text)?;
        for (c, a) in [(1u16, &b.minimum_required), (2, &b.declared_total)] {
            if let Some(a) = a {
                if a.is_range() {
                    write_text(
                        ws,
                        &mut w,
                        row,
                        c,
                        &crate::model::money::format_amount(a, MoneyUnit::Thousands),
                        &f.text,
                    )?;
                } else {
                    write_money(ws, &mut w, row, c, a.min().0 as i128, &f.money)?;
                }
            }
        }
        row += 1;
    }
    row += 1;
    text_cell(ws, row, 0, "Notes", &f.bold)?;
    write_text(ws, &mut w, row, 1, &h.notes, &f.text.clone().set_text_wrap())?;
    w.0.insert(1, w.0.get(&1).copied().unwrap_or(10).min(100));
    w.apply(ws, 8, 100)?;
    Ok(())
}

fn write_summary(
    ws: &mut Worksheet,
    plan: &Plan,
    summary: &PlanSummary,
    schemes: &TableInfo,
    today: NaiveDate,
    f: &Formats,
) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    let h = &plan.header;
    let title = if h.title.trim().is_empty() {
        "Untitled plan"
    } else {
        h.title.trim()
    };
    write_text(ws, &mut Widths::new(), 0, 0, title, &f.title)?;
    let line = [h.organisation.as_str(), h.version.as_str(), h.status.word()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    write_text(ws, &mut Widths::new(), 1, 0, &line, &f.text)?;
    text_cell(
        ws,
        2,
        0,
        format!(
            "Produced by opplan on {}. Money in £000 (cells hold pounds).",
            today.format("%-d %b %Y")
        ),
        &f.note,
    )?;
    let mut row = 4u32;
    text_cell(ws, row, 0, "Plan overall", &f.bold)?;
    w.see(0, "Plan overall");
    write_rag(ws, &mut w, f, row, 1, summary.overall, summary.overall.word())?;
    write_text(ws, &mut Widths::new(), row, 2, &summary.overall_rule, &f.text)?;
    row += 2;

    // totals per year: opplan's figure, the live formula, the difference
    let ranged = summary.finance.reconciliation.iter().any(|r| r.total.is_range())
        || schemes.year_totals.values().any(|(a, b)| a != b);
    let heads: Vec<&str> = if ranged {
        vec![
            "Year",
            "Total min (opplan)",
            "Total max (opplan)",
            "Total min (formula)",
            "Total max (formula)",
            "Minimum required",
            "Declared total",
            "Finance RAG",
        ]
    } else {
        vec![
            "Year",
            "Total (computed by opplan)",
            "Total (spreadsheet formula)",
            "Difference",
            "Minimum required",
            "Declared total",
            "Finance RAG",
        ]
    };
    text_cell(ws, row, 0, "Total spend (£000)", &f.bold)?;
    row += 1;
    ws.set_row_height(row, 33.0)?;
    for (c, t) in heads.iter().enumerate() {
        text_cell(ws, row, c as u16, *t, &f.header)?;
        w.see(c as u16, &t.chars().take(16).collect::<String>());
    }
    row += 1;
    for r in &summary.finance.reconciliation {
        write_text(ws, &mut w, row, 0, &r.year, &f.text)?;
        let formula_for = |col: u16, cached: i128| -> Formula {
            Formula::new(format!(
                "=SUM({}:{})",
                sheet_ref("Schemes", schemes.first, col),
                cell_ref(schemes.last, col)
            ))
            .set_result(pounds(cached).to_string())
        };
        let cols = schemes.year_totals.get(&r.year).copied();
        let mut c = 1u16;
        if ranged {
            write_money(ws, &mut w, row, c, r.total.min_pence, &f.money)?;
            write_money(ws, &mut w, row, c + 1, r.total.max_pence, &f.money)?;
            if let Some((a, b)) = cols.filter(|_| !plan.schemes.is_empty()) {
                ws.write_formula_with_format(row, c + 2, formula_for(a, r.total.min_pence), &f.money)?;
                ws.write_formula_with_format(row, c + 3, formula_for(b, r.total.max_pence), &f.money)?;
            }
            c += 4;
        } else {
            write_money(ws, &mut w, row, c, r.total.min_pence, &f.money)?;
            if let Some((a, _)) = cols.filter(|_| !plan.schemes.is_empty()) {
                ws.write_formula_with_format(row, c + 1, formula_for(a, r.total.min_pence), &f.money)?;
                let d = Formula::new(format!("={}-{}", cell_ref(row, c + 1), cell_ref(row, c))).set_result("0");
                ws.write_formula_with_format(row, c + 2, d, &f.money)?;
            }
            c += 3;
        }
        for s in [&r.minimum, &r.declared] {
            if let Some(s) = s {
                if s.is_range() {
                    write_text(
                        ws,
                        &mut w,
                        row,
                        c,
                        &crate::model::money::format_span(s, MoneyUnit::Thousands),
                        &f.text,
                    )?;
                } else {
                    write_money(ws, &mut w, row, c, s.min_pence, &f.money)?;
                }
            }
            c += 1;
        }
        write_rag(ws, &mut w, f, row, c, r.rag, r.rag.word())?;
        row += 1;
    }
    row += 1;

    // RAG by area
    text_cell(ws, row, 0, "RAG by area", &f.bold)?;
    row += 1;
    for (c, t) in ["Area", "RAG", "Green", "Amber", "Red", "Not rated", "Rule"]
        .iter()
        .enumerate()
    {
        text_cell(ws, row, c as u16, *t, &f.header)?;
    }
    row += 1;
    for a in &summary.areas {
        write_text(ws, &mut w, row, 0, a.name, &f.text)?;
        write_rag(ws, &mut w, f, row, 1, a.rag, a.rag.word())?;
        for (c, n) in [a.counts.green, a.counts.amber, a.counts.red, a.counts.not_rated]
            .iter()
            .enumerate()
        {
            ws.write_number(row, 2 + c as u16, *n as f64)?;
        }
        write_text(ws, &mut Widths::new(), row, 6, &a.rule, &f.text)?;
        row += 1;
    }
    row += 1;

    // breakdowns
    let years = &summary.finance.years;
    for dim in [Dimension::Source, Dimension::Area, Dimension::Commissioner] {
        let b = summary.finance.breakdown(dim);
        if b.is_empty() {
            continue;
        }
        text_cell(ws, row, 0, format!("By {} (£000)", dim.word().to_lowercase()), &f.bold)?;
        row += 1;
        text_cell(ws, row, 0, dim.word(), &f.header)?;
        for (i, y) in years.iter().enumerate() {
            text_cell(ws, row, 1 + i as u16, y, &f.header)?;
        }
        row += 1;
        for (name, by_year) in b {
            write_text(ws, &mut w, row, 0, name, &f.text)?;
            for (i, y) in years.iter().enumerate() {
                if let Some(s) = by_year.get(y) {
                    if s.is_range() {
                        write_text(
                            ws,
                            &mut w,
                            row,
                            1 + i as u16,
                            &crate::model::money::format_span(s, MoneyUnit::Thousands),
                            &f.text,
                        )?;
                    } else {
                        write_money(ws, &mut w, row, 1 + i as u16, s.min_pence, &f.money)?;
                    }
                }
            }
            row += 1;
        }
        row += 1;
    }

    // checklist
    let cl = &summary.checklist;
    text_cell(
        ws,
        row,
        0,
        format!(
            "Checklist: {} of {} items complete",
            cl.items.len() - cl.incomplete_count(),
            cl.items.len()
        ),
        &f.bold,
    )?;
    row += 1;
    if cl.incomplete_count() > 0 {
        text_cell(ws, row, 0, "Tab", &f.header)?;
        text_cell(ws, row, 1, "Still to do", &f.header)?;
        row += 1;
        for item in cl.missing() {
            write_text(ws, &mut w, row, 0, item.section.word(), &f.text)?;
            write_text(ws, &mut Widths::new(), row, 1, &item.text, &f.text)?;
            row += 1;
        }
    }
    w.apply(ws, 10, 40)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// Shows pounds to the penny, with separators: the finance sheets'
/// amounts, under headings in pounds ("Amount (£)") as in their CSV files.
pub const POUNDS_FORMAT: &str = "#,##0.00";

/// The endings of the labels of the rows below a finance sheet, one set
/// per year ("2015/16 total (spreadsheet formula)"): checks, never rows.
pub const FINANCE_FOOTER_ENDINGS: [&str; 3] = [
    " total (spreadsheet formula)",
    " total (computed by opplan)",
    " difference (should be 0)",
];

/// One of the operating plan's tables on its own sheet, in the columns
/// of its CSV file, and below it, per year, a live `SUMIF` of each amount
/// (and activity) column beside the total opplan computes and their
/// difference. A QIPP saving and investment repeat on each point of
/// delivery of their scheme, so only the points of delivery's finance and
/// activity changes are summed there.
fn write_finance_sheet(ws: &mut Worksheet, plan: &Plan, table: FinanceTable, f: &Formats) -> Result<(), XlsxError> {
    let cols = table.columns();
    let rows = table.rows(plan);
    let pounds_fmt = Format::new().set_num_format(POUNDS_FORMAT);
    let pounds_bold = Format::new().set_num_format(POUNDS_FORMAT).set_bold();
    let count_fmt = Format::new().set_num_format("#,##0");
    let mut w = Widths::new();
    for (c, col) in cols.iter().enumerate() {
        let t = text_cell(ws, 0, c as u16, col.heading, &f.header)?;
        w.see(c as u16, &t);
    }
    ws.set_freeze_panes(1, 0)?;
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, v) in r.iter().enumerate() {
            let c = c as u16;
            match v {
                Value::Money(Amount::Exact(p)) => write_money_as(ws, &mut w, row, c, p.0 as i128, &pounds_fmt)?,
                other => write_value(ws, &mut w, f, row, c, other)?,
            }
        }
    }
    // per year: the spreadsheet's SUMIF, opplan's total, the difference
    let year_col = cols.iter().position(|c| c.key == FinanceKey::Year);
    let summed: Vec<usize> = cols
        .iter()
        .enumerate()
        .filter(|(_, c)| match table {
            FinanceTable::Qipp => matches!(c.key, FinanceKey::Finance | FinanceKey::Activity),
            _ => c.key.is_money(),
        })
        .map(|(i, _)| i)
        .collect();
    if let (Some(yc), false, false) = (year_col, rows.is_empty(), summed.is_empty()) {
        let mut years: Vec<String> = Vec::new();
        for r in &rows {
            if let Value::Text(y) = &r[yc]
                && !years.contains(y)
            {
                years.push(y.clone());
            }
        }
        let (first, last) = (2u32, rows.len() as u32 + 1);
        let ycl = column_letter(yc);
        let mut at = last + 1;
        for y in &years {
            for (k, ending) in FINANCE_FOOTER_ENDINGS.iter().enumerate() {
                let t = text_cell(
                    ws,
                    at + k as u32,
                    0,
                    format!("{y}{ending}"),
                    if k == 2 { &f.note } else { &f.bold },
                )?;
                w.see(0, &t);
            }
            for &c in &summed {
                let money = cols[c].key.is_money();
                let mut sum: i128 = 0;
                for r in rows.iter().filter(|r| matches!(&r[yc], Value::Text(t) if t == y)) {
                    match &r[c] {
                        Value::Money(a) => sum += a.min().0 as i128,
                        Value::Int(n) => sum += *n as i128,
                        _ => {}
                    }
                }
                let l = column_letter(c);
                // the year is a text cell: the criterion quotes it
                let criterion = y.replace('"', "\"\"");
                let cached = if money {
                    pounds(sum).to_string()
                } else {
                    sum.to_string()
                };
                let formula = Formula::new(format!(
                    "=SUMIF(${ycl}${first}:${ycl}${last},\"{criterion}\",{l}{first}:{l}{last})"
                ))
                .set_result(&cached);
                let fmt = if money { &pounds_bold } else { &count_fmt };
                ws.write_formula_with_format(at, c as u16, formula, fmt)?;
                if money {
                    write_money_as(ws, &mut w, at + 1, c as u16, sum, &pounds_bold)?;
                } else {
                    ws.write_number_with_format(at + 1, c as u16, sum as f64, &count_fmt)?;
                }
                let d = Formula::new(format!("={l}{}-{l}{}", at + 1, at + 2)).set_result("0");
                ws.write_formula_with_format(at + 2, c as u16, d, fmt)?;
            }
            at += 4;
        }
    }
    w.apply(ws, 8, 60)?;
    Ok(())
}

/// An amount in pounds, to the penny, in `fmt`.
fn write_money_as(
    ws: &mut Worksheet,
    w: &mut Widths,
    row: u32,
    col: u16,
    pence: i128,
    fmt: &Format,
) -> Result<(), XlsxError> {
    write_money_sized(ws, w, (row, col), pence, fmt, MoneyUnit::Pounds)
}

/// An amount written in pounds in `fmt`, its column sized for the amount
/// as shown in `width_unit`.
fn write_money_sized(
    ws: &mut Worksheet,
    w: &mut Widths,
    (row, col): (u32, u16),
    pence: i128,
    fmt: &Format,
    width_unit: MoneyUnit,
) -> Result<(), XlsxError> {
    w.see(col, &crate::model::money::format_pence(pence, width_unit));
    ws.write_number_with_format(row, col, pounds(pence), fmt)?;
    Ok(())
}

/// The headings of the Milestones sheet: a row per milestone, under the
/// ID of its scheme or initiative (read back by
/// [`super::xlsx_read`]).
pub const MILESTONE_HEADINGS: [&str; 8] = [
    "Scheme ID",
    "Scheme",
    "Milestone ID",
    "Milestone",
    "Due",
    "Owner",
    "Status",
    "Completed",
];

/// The plan's milestones, scheme by scheme, each in its scheme's order.
fn write_milestones_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    let mut w = Widths::new();
    for (c, h) in MILESTONE_HEADINGS.iter().enumerate() {
        write_text(ws, &mut w, 0, c as u16, h, &f.header)?;
    }
    let mut row = 1u32;
    for s in &plan.schemes {
        for m in &s.milestones {
            let completed = m.completed.as_ref().map(|d| d.display()).unwrap_or_default();
            let cells = [
                s.id.to_string(),
                s.name.clone(),
                m.id.to_string(),
                m.description.clone(),
                m.due.clone(),
                m.owner.clone(),
                m.status.word().to_string(),
                completed,
            ];
            for (c, text) in cells.iter().enumerate() {
                write_text(ws, &mut w, row, c as u16, text, &f.text)?;
            }
            row += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    w.apply(ws, 8, 60)
}

/// Builds the workbook.
pub fn workbook(plan: &Plan, summary: &PlanSummary, today: NaiveDate) -> Result<Workbook, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let mut sheets: BTreeMap<&str, Worksheet> = BTreeMap::new();
    let mut infos = BTreeMap::new();
    for kind in RecordKind::tables(plan) {
        let mut ws = Worksheet::new();
        ws.set_name(sheet_of(kind))?;
        let info = write_table(&mut ws, plan, summary, kind, &f)?;
        infos.insert(kind, info);
        sheets.insert(sheet_of(kind), ws);
    }
    let mut summary_ws = Worksheet::new();
    summary_ws.set_name("Summary")?;
    write_summary(&mut summary_ws, plan, summary, &infos[&RecordKind::Schemes], today, &f)?;
    let mut plan_ws = Worksheet::new();
    plan_ws.set_name("Plan")?;
    write_plan_sheet(&mut plan_ws, plan, &f)?;
    summary_ws.set_active(true);
    wb.push_worksheet(summary_ws);
    wb.push_worksheet(plan_ws);
    for name in ["Schemes", "Metrics", "Risks", "Sign-offs", "Objectives", "Sections"] {
        if let Some(ws) = sheets.remove(name) {
            wb.push_worksheet(ws);
        }
        if name == "Schemes" && plan.schemes.iter().any(|s| !s.milestones.is_empty()) {
            let mut ws = Worksheet::new();
            ws.set_name(super::xlsx_read::MILESTONES_SHEET)?;
            write_milestones_sheet(&mut ws, plan, &f)?;
            wb.push_worksheet(ws);
        }
    }
    for table in FinanceTable::ALL {
        if !table.rows(plan).is_empty() {
            let mut ws = Worksheet::new();
            ws.set_name(table.word())?;
            write_finance_sheet(&mut ws, plan, table, &f)?;
            wb.push_worksheet(ws);
        }
    }
    let title = if plan.header.title.trim().is_empty() {
        "Untitled plan".to_string()
    } else {
        plan.header.title.trim().to_string()
    };
    wb.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(&title)
            .set_author("opplan"),
    );
    Ok(wb)
}

/// The workbook as bytes.
pub fn xlsx_bytes(plan: &Plan, summary: &PlanSummary, today: NaiveDate) -> Result<Vec<u8>, String> {
    workbook(plan, summary, today)
        .and_then(|mut wb| wb.save_to_buffer())
        .map_err(|e| format!("Could not build the Excel workbook: {e}."))
}

/// Writes the workbook to `path` atomically.
pub fn write_xlsx(plan: &Plan, summary: &PlanSummary, today: NaiveDate, path: &Path) -> Result<(), String> {
    let bytes = xlsx_bytes(plan, summary, today)?;
    super::csv::write_export(path, &bytes)
}
