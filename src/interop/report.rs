//! The board report: one self-contained HTML file (inline CSS, inline SVG,
//! no scripts, no fonts, images or links fetched from anywhere), printable
//! on A4 landscape.
//!
//! Contents: plan header, overall RAG, totals per year against the minimum
//! and declared budgets, RAG by area, the finance breakdowns, the schemes,
//! the metrics with their RAG, the risk heat map and the risks sorted by
//! score, the sign-off block and the checklist status. Every figure comes
//! from [`crate::calc::summarize`]; RAG is always a shape and a word as well
//! as a colour. Every text from the plan is escaped, and control characters
//! and bidi overrides in it are marked (`[U+202E]`, highlighted), never
//! written raw ([`super::html_text`]).

use super::{html_text as esc, signoff_state_text, terminal_text};
use crate::calc::finance::Dimension;
use crate::calc::metrics::{Direction, format_value, latest_target, travel};
use crate::calc::risks::{CONSEQUENCE_WORDS, LIKELIHOOD_WORDS, RiskBand, band_of_score, residual_band};
use crate::calc::{PlanSummary, Section};
use crate::model::money::{MoneyUnit, format_span};
use crate::model::{DateField, Plan, Rag, RiskStatus, Span};
use chrono::NaiveDate;
use std::fmt::Write as _;

/// Options for the report.
#[derive(Clone, Debug)]
pub struct ReportOptions {
    /// The date printed as "Produced on".
    pub today: NaiveDate,
    /// The plan file's name, printed in the footer line (none when unsaved).
    pub source: Option<String>,
}

fn rag_class(r: Rag) -> &'static str {
    match r {
        Rag::Green => "green",
        Rag::Amber => "amber",
        Rag::Red => "red",
        Rag::NotRated => "none",
    }
}

/// The RAG shape as inline SVG: Green a circle, Amber a triangle, Red a
/// square, not rated a hollow circle (as in the window).
pub fn rag_shape_svg(r: Rag, size: u32) -> String {
    let body = match r {
        Rag::Green => r#"<circle cx="6" cy="6" r="5" fill="currentColor"/>"#,
        Rag::Amber => r#"<polygon points="6,0.5 11.6,11 0.4,11" fill="currentColor"/>"#,
        Rag::Red => r#"<rect x="1" y="1" width="10" height="10" fill="currentColor"/>"#,
        Rag::NotRated => r#"<circle cx="6" cy="6" r="4.2" fill="none" stroke="currentColor" stroke-width="1.8"/>"#,
    };
    format!(r#"<svg class="shape" width="{size}" height="{size}" viewBox="0 0 12 12" aria-hidden="true">{body}</svg>"#)
}

/// A RAG chip: colour, shape and word. `text` is escaped.
pub fn chip(r: Rag, text: &str) -> String {
    format!(
        r#"<span class="rag rag-{}">{}<span>{}</span></span>"#,
        rag_class(r),
        rag_shape_svg(r, 11),
        esc(text)
    )
}

fn money(s: &Span, unit: MoneyUnit) -> String {
    esc(&format_span(s, unit))
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "<span class=\"muted\">—</span>".into()
    } else {
        esc(s.trim())
    }
}

/// A sign-off field: a placeholder ("<Name of Signatory>", "TBC") is
/// shown as such, in the warning colour.
fn placeholder_aware(s: &str) -> String {
    if s.trim().is_empty() {
        "<span class=\"warn\">not given</span>".into()
    } else if crate::calc::signoffs::is_placeholder(s) {
        format!(
            "<span class=\"warn\">{}</span> <span class=\"muted\">(placeholder)</span>",
            esc(s.trim())
        )
    } else {
        esc(s.trim())
    }
}

fn date_text(d: &Option<DateField>) -> String {
    match d {
        None => "<span class=\"muted\">not given</span>".into(),
        Some(DateField::Date(x)) => esc(&crate::model::date::format_date(*x)),
        Some(DateField::Text(t)) => format!(
            "<span class=\"warn\">{}</span> <span class=\"muted\">(not a date)</span>",
            esc(t)
        ),
    }
}

const CSS: &str = r#"
@page { size: A4 landscape; margin: 11mm 12mm 12mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", sans-serif; font-size: 9.5pt; color: #1f1f1f; margin: 0; line-height: 1.35; }
main { max-width: 273mm; margin: 0 auto; padding: 4mm 0; }
h1 { font-size: 19pt; margin: 0 0 1mm 0; }
h2 { font-size: 13pt; margin: 5mm 0 2mm 0; padding-bottom: 1mm; border-bottom: 1.5pt solid #1f1f1f; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1.5mm 0; break-after: avoid; }
p { margin: 1mm 0; }
.muted { color: #5f6368; }
.warn { color: #9a1c14; font-weight: 600; }
mark.hidden-char { background: #fde293; color: #3c2a00; border: 0.6pt solid #9a1c14; border-radius: 2px; padding: 0 0.5mm; font-family: monospace; font-size: 0.85em; }
.sub { font-size: 10.5pt; color: #3c4043; }
.header { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; border-bottom: 2.5pt solid #1f1f1f; padding-bottom: 2mm; }
.header .overall { text-align: right; min-width: 70mm; }
.header .overall .rag { font-size: 13pt; padding: 1.2mm 3mm; }
.meta { display: grid; grid-template-columns: repeat(4, auto); gap: 0.5mm 6mm; margin-top: 2mm; font-size: 9pt; }
.meta b { font-weight: 600; color: #3c4043; }
.cards { display: flex; flex-wrap: wrap; gap: 3mm; margin: 2mm 0; }
.card { border: 1pt solid #bdc1c6; border-radius: 2mm; padding: 2mm 3mm; min-width: 62mm; break-inside: avoid; }
.card .big { font-size: 17pt; font-weight: 700; }
.card .label { font-size: 8.5pt; color: #5f6368; text-transform: uppercase; letter-spacing: 0.03em; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm 0; }
table.fixed { table-layout: fixed; }
table.auto { width: auto; min-width: 120mm; }
td { overflow-wrap: anywhere; }
th, td { text-align: left; vertical-align: top; padding: 0.9mm 1.6mm; border-bottom: 0.6pt solid #dadce0; }
th { background: #e8eaed; font-weight: 600; font-size: 8.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.val { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 1.2pt solid #1f1f1f; border-bottom: none; }
.rag { display: inline-flex; align-items: center; gap: 1.2mm; padding: 0.3mm 2mm; border-radius: 3mm; font-weight: 700; white-space: nowrap; font-size: 8.5pt; }
.rag .shape { flex: none; }
.rag-green { background: #1B6E3A; color: #ffffff; }
.rag-amber { background: #F5B31B; color: #000000; }
.rag-red { background: #B4231C; color: #ffffff; }
.rag-none { background: #5F6368; color: #ffffff; }
.override { outline: 1.2pt dashed #1f1f1f; outline-offset: 0.4mm; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
.heat { display: flex; gap: 6mm; align-items: flex-start; break-inside: avoid; }
.heat svg text { font-family: inherit; }
.signoffs { display: grid; grid-template-columns: repeat(3, 1fr); gap: 3mm; }
.signoff { border: 1pt solid #bdc1c6; border-radius: 2mm; padding: 2mm 3mm; break-inside: avoid; }
.signoff dl { display: grid; grid-template-columns: auto 1fr; gap: 0.3mm 3mm; margin: 1mm 0; }
.signoff dt { color: #5f6368; }
.signoff dd { margin: 0; font-weight: 600; }
.check { column-count: 2; column-gap: 8mm; }
.check h3 { break-after: avoid; }
.check li { margin: 0.4mm 0; break-inside: avoid; }
.check ul { margin: 0 0 2mm 0; padding-left: 4mm; }
.small { font-size: 8.5pt; }
section { margin-bottom: 2mm; }
.keep { break-inside: avoid; }
footer { margin-top: 5mm; padding-top: 1.5mm; border-top: 0.6pt solid #bdc1c6; font-size: 8pt; color: #5f6368; }
@media screen { body { background: #f1f3f4; } main { background: #fff; padding: 10mm 12mm; margin: 6mm auto; box-shadow: 0 1px 4px rgba(0,0,0,.2); } }
"#;

/// The board report as one HTML document.
pub fn board_report_html(plan: &Plan, s: &PlanSummary, opts: &ReportOptions) -> String {
    let unit = plan.settings.display_unit;
    let h = &plan.header;
    let title = if h.title.trim().is_empty() {
        "Untitled plan"
    } else {
        h.title.trim()
    };
    let mut o = String::with_capacity(64 * 1024);
    let _ = write!(
        o,
        r#"<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{}</title>
<style>{CSS}</style>
</head>
<body>
<main>
"#,
        // a <title> shows markup as text: its hidden characters are escaped as on a terminal
        esc(&terminal_text(title))
    );

    // ---------------------------------------------------------------- header
    let sub: Vec<String> = [h.organisation.as_str(), h.hwb.as_str()]
        .iter()
        .filter(|x| !x.trim().is_empty())
        .map(|x| esc(x.trim()))
        .collect();
    let _ = write!(
        o,
        r#"<header class="header"><div><h1>{}</h1><div class="sub">{}</div>
<div class="meta"><span><b>Version</b> {}</span><span><b>Status</b> {}</span><span><b>Agreed at HWB</b> {}</span><span><b>Submitted</b> {}</span>
<span><b>Owner</b> {}</span><span><b>Years</b> {}</span><span><b>Money in</b> {}</span><span><b>CCGs</b> {}</span></div></div>
<div class="overall"><div class="label muted">Plan overall</div>{}<p class="small">{}</p></div></header>
"#,
        esc(title),
        sub.join(" · "),
        or_dash(&h.version),
        esc(h.status.word()),
        date_text(&h.date_agreed_hwb),
        date_text(&h.date_submitted),
        or_dash(&h.owner),
        or_dash(&h.years.join(", ")),
        esc(unit.label()),
        or_dash(&h.ccgs.join(", ")),
        chip(s.overall, &format!("Plan {}", s.overall.word())),
        esc(&s.overall_rule)
    );

    // ---------------------------------------------------------------- totals
    let fin = &s.finance;
    o.push_str(&format!(
        "<section><h2>Totals ({})</h2><div class=\"cards\">",
        esc(unit.label())
    ));
    for r in &fin.reconciliation {
        let _ = write!(
            o,
            r#"<div class="card"><div class="label">{} total spend</div><div class="big">{}</div>"#,
            esc(&r.year),
            money(&r.total, unit)
        );
        match (&r.minimum, r.meets_minimum) {
            (Some(m), Some(ok)) => {
                let _ = write!(
                    o,
                    "<p>Minimum pooled budget {}: <b>{}</b></p>",
                    money(m, unit),
                    if ok { "met" } else { "NOT met" }
                );
            }
            _ => o.push_str("<p class=\"muted\">No minimum set</p>"),
        }
        match (&r.declared, &r.declared_difference) {
            (Some(d), Some(diff)) if diff.is_zero() => {
                let _ = write!(o, "<p>Declared total {}: agrees</p>", money(d, unit));
            }
            (Some(d), Some(diff)) => {
                let _ = write!(
                    o,
                    "<p>Declared total {}: <b>the schemes total {}</b></p>",
                    money(d, unit),
                    esc(&crate::model::money::difference_words(diff, unit))
                );
            }
            _ => o.push_str("<p class=\"muted\">No declared total</p>"),
        }
        let _ = write!(o, "<p>{}</p></div>", chip(r.rag, &format!("Finance {}", r.rag.word())));
    }
    o.push_str("</div>");
    // recurrent / non-recurrent / benefits, when the plan uses them
    let used = |m: &std::collections::BTreeMap<String, Span>| m.values().any(|v| !v.is_zero());
    if used(&fin.recurrent_by_year) || used(&fin.non_recurrent_by_year) || used(&fin.benefit_by_year) {
        o.push_str("<table class=\"keep auto\"><thead><tr><th></th>");
        for y in &fin.years {
            let _ = write!(o, "<th class=\"num\">{}</th>", esc(y));
        }
        o.push_str("</tr></thead><tbody>");
        for (label, m) in [
            ("Spend not split", &fin.unsplit_by_year),
            ("Recurrent spend", &fin.recurrent_by_year),
            ("Non-recurrent spend", &fin.non_recurrent_by_year),
            ("Benefits (savings)", &fin.benefit_by_year),
        ] {
            if !used(m) {
                continue;
            }
            let _ = write!(o, "<tr><td>{label}</td>");
            for y in &fin.years {
                let v = m.get(y).copied().unwrap_or(Span::ZERO);
                let _ = write!(o, "<td class=\"num\">{}</td>", money(&v, unit));
            }
            o.push_str("</tr>");
        }
        o.push_str("<tr class=\"total\"><td>Total spend</td>");
        for y in &fin.years {
            let _ = write!(o, "<td class=\"num\">{}</td>", money(&fin.spend(y), unit));
        }
        o.push_str("</tr></tbody></table>");
    }
    o.push_str("</section>");

    // ---------------------------------------------------------------- RAG summary
    o.push_str(
        "<section class=\"keep\"><h2>RAG summary</h2><table><thead><tr><th>Area</th><th>RAG</th>\
<th class=\"num\">Green</th><th class=\"num\">Amber</th><th class=\"num\">Red</th><th class=\"num\">Not rated</th><th>Rule</th></tr></thead><tbody>",
    );
    for a in &s.areas {
        let c = a.counts;
        let _ = write!(
            o,
            "<tr><td><b>{}</b></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"small\">{}</td></tr>",
            esc(a.name),
            chip(a.rag, a.rag.word()),
            c.green,
            c.amber,
            c.red,
            c.not_rated,
            esc(&a.rule)
        );
    }
    o.push_str("</tbody></table></section>");

    // ---------------------------------------------------------------- breakdowns
    o.push_str(&format!(
        "<section><h2>Where the money goes ({})</h2><div class=\"two\">",
        esc(unit.label())
    ));
    for dim in [Dimension::Source, Dimension::Area, Dimension::Commissioner] {
        let b = fin.breakdown(dim);
        if b.is_empty() {
            continue;
        }
        let _ = write!(
            o,
            "<div class=\"keep\"><h3>By {}</h3><table><thead><tr><th>{}</th>",
            esc(&dim.word().to_lowercase()),
            esc(dim.word())
        );
        for y in &fin.years {
            let _ = write!(o, "<th class=\"num\">{}</th>", esc(y));
        }
        o.push_str("</tr></thead><tbody>");
        for (name, by_year) in b {
            let _ = write!(o, "<tr><td>{}</td>", esc(name));
            for y in &fin.years {
                let v = by_year.get(y).copied();
                let _ = write!(
                    o,
                    "<td class=\"num\">{}</td>",
                    v.map(|v| money(&v, unit)).unwrap_or_default()
                );
            }
            o.push_str("</tr>");
        }
        o.push_str("<tr class=\"total\"><td>Total</td>");
        for y in &fin.years {
            let _ = write!(o, "<td class=\"num\">{}</td>", money(&fin.spend(y), unit));
        }
        o.push_str("</tr></tbody></table></div>");
    }
    o.push_str("</div></section>");

    // ---------------------------------------------------------------- operating plan
    operating_section(&mut o, &fin.operating, unit);

    // ---------------------------------------------------------------- schemes
    let _ = write!(
        o,
        "<section><h2>Schemes ({}, amounts in {})</h2><table class=\"fixed\"><colgroup><col style=\"width:7mm\"><col style=\"width:13mm\"><col style=\"width:62mm\"><col style=\"width:40mm\"><col style=\"width:26mm\"><col style=\"width:38mm\">{}<col style=\"width:29mm\"></colgroup><thead><tr><th class=\"num\">#</th><th>Ref</th><th>Scheme</th><th>Area of spend</th><th>Commissioner</th><th>Source of funding</th>",
        plan.schemes.len(),
        esc(unit.label()),
        "<col>".repeat(fin.years.len())
    );
    for y in &fin.years {
        let _ = write!(o, "<th class=\"num\">{}</th>", esc(y));
    }
    o.push_str("<th>Delivery</th></tr></thead><tbody>");
    for (i, sc) in plan.schemes.iter().enumerate() {
        let area = if sc.area_of_spend.trim().eq_ignore_ascii_case("other") && !sc.area_other.trim().is_empty() {
            format!("Other: {}", sc.area_other.trim())
        } else {
            sc.area_of_spend.trim().to_string()
        };
        let _ = write!(
            o,
            "<tr><td class=\"num\">{}</td><td>{}</td><td><b>{}</b></td><td>{}</td><td>{}</td><td>{}</td>",
            i + 1,
            esc(&sc.reference),
            or_dash(&sc.name),
            or_dash(&area),
            or_dash(&sc.commissioner),
            or_dash(&sc.source_of_funding)
        );
        for y in &fin.years {
            let v = sc.year(y).filter(|x| !x.is_empty()).map(|x| x.total_spend());
            let _ = write!(
                o,
                "<td class=\"num\">{}</td>",
                v.map(|v| money(&v, unit)).unwrap_or_default()
            );
        }
        let rag = s.scheme_rags.get(i).copied().unwrap_or_default();
        let status = if sc.status.trim().is_empty() {
            "Not rated".to_string()
        } else {
            sc.status.trim().to_string()
        };
        let _ = write!(o, "<td>{}</td></tr>", chip(rag, &status));
    }
    o.push_str("<tr class=\"total\"><td></td><td></td><td>Total</td><td></td><td></td><td></td>");
    for y in &fin.years {
        let _ = write!(o, "<td class=\"num\">{}</td>", money(&fin.spend(y), unit));
    }
    o.push_str("<td></td></tr></tbody></table></section>");

    // ---------------------------------------------------------------- metrics
    let _ = write!(
        o,
        "<section><h2>Metrics ({})</h2><p class=\"small muted\">RAG key: Green target met or exceeded; Amber short of the target by no more than the tolerance ({}% unless the metric sets its own); Red further than that; Not rated without a target or a value. A dashed outline marks a rating set by hand.</p>\
<table class=\"fixed\"><colgroup><col style=\"width:7mm\"><col style=\"width:68mm\"><col style=\"width:15mm\"><col style=\"width:22mm\"><col style=\"width:22mm\"><col style=\"width:30mm\"><col style=\"width:22mm\"><col style=\"width:29mm\"><col></colgroup><thead><tr><th class=\"num\">#</th><th>Metric</th><th>Better</th><th class=\"num\">Baseline</th><th class=\"num\">Target</th><th class=\"num\">Latest</th><th>Travel</th><th>RAG</th><th>Why</th></tr></thead><tbody>",
        plan.metrics.len(),
        esc(&plan.settings.amber_tolerance_pct.normalize().to_string())
    );
    for (i, m) in plan.metrics.iter().enumerate() {
        let r = &s.metric_ratings[i];
        let baseline = m
            .baseline
            .as_ref()
            .and_then(|b| b.value(m.unit))
            .map(|v| format_value(v, m.unit))
            .unwrap_or_default();
        let target = r
            .comparison
            .as_ref()
            .map(|c| c.target)
            .or_else(|| latest_target(m))
            .map(|v| format_value(v, m.unit))
            .unwrap_or_default();
        let latest = match (r.period, r.basis) {
            (Some(p), Some(b)) => {
                let v = match b {
                    crate::calc::metrics::Basis::Actual => m.periods[p].actual.as_ref(),
                    crate::calc::metrics::Basis::Forecast => m.periods[p].forecast.as_ref(),
                }
                .and_then(|f| f.value(m.unit))
                .map(|v| format_value(v, m.unit))
                .unwrap_or_default();
                format!(
                    "{}<br><span class=\"muted small\">{} {}</span>",
                    esc(&v),
                    esc(&b.word().to_lowercase()),
                    esc(&m.periods[p].label)
                )
            }
            _ => String::new(),
        };
        let trav = travel(m)
            .map(|t| {
                let arrow = match t.direction {
                    Direction::Up => "\u{2191}",
                    Direction::Down => "\u{2193}",
                    Direction::Same => "\u{2194}",
                };
                format!("{arrow} {}", t.word())
            })
            .unwrap_or_default();
        let chip_html = if r.overridden.is_some() {
            format!(
                "<span class=\"override\">{}</span>",
                chip(r.rag, &format!("{} (set by hand)", r.rag.word()))
            )
        } else {
            chip(r.rag, r.rag.word())
        };
        let better = match m.polarity {
            crate::model::Polarity::HigherIsBetter => "Higher",
            crate::model::Polarity::LowerIsBetter => "Lower",
        };
        let _ = write!(
            o,
            "<tr><td class=\"num\">{}</td><td><b>{}</b><br><span class=\"muted small\">{}</span></td><td>{better}</td><td class=\"val\">{}</td><td class=\"val\">{}</td><td class=\"val\">{}</td><td>{}</td><td>{chip_html}</td><td class=\"small\">{}</td></tr>",
            i + 1,
            or_dash(&m.name),
            esc(m.category.word()),
            esc(&baseline),
            esc(&target),
            latest,
            esc(&trav),
            esc(&r.explanation)
        );
    }
    o.push_str("</tbody></table></section>");

    // ---------------------------------------------------------------- risks
    let open: Vec<usize> = (0..plan.risks.len())
        .filter(|i| plan.risks[*i].status == RiskStatus::Open)
        .collect();
    let mut grid = [[0usize; 5]; 5];
    let mut word_only: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for &i in &open {
        let r = &plan.risks[i];
        match r.current.filter(|c| c.is_valid()) {
            Some(c) => grid[(c.likelihood - 1) as usize][(c.consequence - 1) as usize] += 1,
            None => {
                if let Some(b) = s.risk_ratings[i].band {
                    *word_only.entry(b.word()).or_default() += 1;
                }
            }
        }
    }
    let _ = write!(
        o,
        "<section><h2>Risks ({} open of {})</h2><div class=\"heat\">{}<div><h3>How to read the map</h3><p class=\"small\">Each square counts the open risks with that current score (likelihood \u{d7} consequence, 1\u{2013}25). Bands: Low 1\u{2013}3 and Moderate 4\u{2013}6 (Green), High 8\u{2013}12 (Amber), Extreme 15\u{2013}25 (Red).</p>",
        open.len(),
        plan.risks.len(),
        heat_map_svg(&grid)
    );
    if !word_only.is_empty() {
        let parts: Vec<String> = word_only.iter().map(|(w, n)| format!("{n} {w}")).collect();
        let _ = write!(
            o,
            "<p class=\"small\"><b>Rated by word only</b> (no likelihood and consequence yet, so not on the map): {}.</p>",
            esc(&parts.join(", "))
        );
    }
    o.push_str("</div></div>");
    // sorted by score: band, then score, then word ratings; closed last
    let mut order: Vec<usize> = (0..plan.risks.len()).collect();
    let key = |i: usize| {
        let r = &plan.risks[i];
        let closed = r.status == RiskStatus::Closed;
        let band = s.risk_ratings[i].band.map(|b| b as u8 + 1).unwrap_or(0);
        let score = r.current.filter(|c| c.is_valid()).map(|c| c.score()).unwrap_or(0);
        (closed, std::cmp::Reverse(band), std::cmp::Reverse(score), i)
    };
    order.sort_by_key(|i| key(*i));
    o.push_str("<table class=\"fixed\"><colgroup><col style=\"width:7mm\"><col style=\"width:78mm\"><col style=\"width:26mm\"><col style=\"width:22mm\"><col style=\"width:26mm\"><col style=\"width:24mm\"><col></colgroup><thead><tr><th class=\"num\">#</th><th>Risk</th><th>Owner</th><th class=\"num\">Score</th><th>Rating</th><th>After mitigation</th><th>Mitigating actions</th></tr></thead><tbody>");
    for i in order {
        let r = &plan.risks[i];
        let rating = &s.risk_ratings[i];
        let score = match r.current.filter(|c| c.is_valid()) {
            Some(c) => format!("{} \u{d7} {} = <b>{}</b>", c.likelihood, c.consequence, c.score()),
            None if !r.legacy_rating.trim().is_empty() => "<span class=\"muted\">word only</span>".into(),
            None => "<span class=\"muted\">not scored</span>".into(),
        };
        let band_word = match (rating.band, r.status) {
            (_, RiskStatus::Closed) => "Closed".to_string(),
            (Some(b), _) => b.word().to_string(),
            (None, _) => "Not rated".to_string(),
        };
        let residual = match (r.residual.filter(|c| c.is_valid()), residual_band(r)) {
            (Some(c), Some(b)) => format!("{} ({})", c.score(), b.word()),
            _ => String::new(),
        };
        let mits: Vec<String> = r
            .mitigations
            .iter()
            .filter(|m| !m.text.trim().is_empty())
            .map(|m| {
                let mut t = esc(m.text.trim());
                let mut extra = Vec::new();
                if !m.owner.trim().is_empty() {
                    extra.push(esc(m.owner.trim()));
                }
                if let Some(d) = &m.due {
                    extra.push(format!("due {}", esc(&d.display())));
                }
                if m.done {
                    extra.push("done".into());
                }
                if !extra.is_empty() {
                    let _ = write!(t, " <span class=\"muted\">({})</span>", extra.join(", "));
                }
                format!("<li>{t}</li>")
            })
            .collect();
        let _ = write!(
            o,
            "<tr><td class=\"num\">{}</td><td><b>{}</b></td><td>{}</td><td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"small\">{}</td></tr>",
            i + 1,
            or_dash(&r.title),
            or_dash(&r.owner),
            score,
            chip(rating.rag, &band_word),
            esc(&residual),
            if mits.is_empty() {
                "<span class=\"warn\">none recorded</span>".to_string()
            } else {
                format!("<ul style=\"margin:0;padding-left:4mm\">{}</ul>", mits.join(""))
            }
        );
    }
    o.push_str("</tbody></table></section>");

    // ---------------------------------------------------------------- sign-offs
    let _ = write!(
        o,
        "<section><h2>Sign-off ({} of {} signed)</h2><div class=\"signoffs\">",
        s.signed_count(),
        plan.signoffs.len()
    );
    for (i, so) in plan.signoffs.iter().enumerate() {
        let st = &s.signoff_states[i];
        let _ = write!(
            o,
            "<div class=\"signoff\"><dl><dt>Signed on behalf of</dt><dd>{}</dd><dt>By</dt><dd>{}</dd><dt>Position</dt><dd>{}</dd><dt>Date</dt><dd>{}</dd></dl>{}{}</div>",
            placeholder_aware(&so.organisation),
            placeholder_aware(&so.name),
            placeholder_aware(&so.position),
            date_text(&so.date),
            chip(st.rag(), &signoff_state_text(st)),
            if so.required {
                ""
            } else {
                " <span class=\"muted small\">(optional)</span>"
            }
        );
    }
    o.push_str("</div></section>");

    // ---------------------------------------------------------------- operating plan
    super::report_objectives::write_operating(&mut o, plan, s);

    // ---------------------------------------------------------------- checklist
    let cl = &s.checklist;
    let done = cl.items.len() - cl.incomplete_count();
    let _ = write!(
        o,
        "<section><h2>Readiness checklist: {done} of {} complete</h2>",
        cl.items.len()
    );
    if cl.is_complete() {
        o.push_str("<p>Every item is complete.</p>");
    } else {
        o.push_str("<div class=\"check small\">");
        for section in Section::ALL {
            let items: Vec<_> = cl.missing().filter(|i| i.section == section).collect();
            if items.is_empty() {
                continue;
            }
            let _ = write!(o, "<h3>{} ({} to do)</h3><ul>", esc(section.word()), items.len());
            for it in items {
                let _ = write!(o, "<li>{}</li>", esc(&it.text));
            }
            o.push_str("</ul>");
        }
        o.push_str("</div>");
    }
    o.push_str("</section>");

    let _ = write!(
        o,
        "<footer>Produced by opplan on {}{}. Figures computed by opplan from the plan; money in {} unless stated.</footer>\n</main>\n</body>\n</html>\n",
        esc(&crate::model::date::format_date(opts.today)),
        opts.source
            .as_ref()
            .map(|n| format!(" from {}", esc(n)))
            .unwrap_or_default(),
        esc(unit.label())
    );
    o
}

/// The 5×5 heat map as inline SVG: likelihood up the side (5 at the top),
/// consequence along the bottom; each square coloured by its band, with
/// the count of open risks on it.
/// The operating plan's money: income against spend and QIPP per year,
/// QIPP by programme and by point of delivery, and the findings. Nothing
/// for a plan without it.
fn operating_section(o: &mut String, op: &crate::calc::operating::OperatingFinance, unit: MoneyUnit) {
    use crate::calc::operating::activity_text;
    if op.is_empty() {
        return;
    }
    let _ = write!(
        o,
        "<section class=\"keep\"><h2>Income, spend and QIPP ({})</h2><table><thead><tr><th>Year</th><th class=\"num\">Income</th><th class=\"num\">Spend</th><th class=\"num\">Income less spend</th><th>RAG</th><th class=\"num\">QIPP saving</th><th class=\"num\">Investment</th><th class=\"num\">Net QIPP</th><th class=\"num\">Activity change</th></tr></thead><tbody>",
        esc(unit.label())
    );
    for y in &op.years {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            esc(&y.year),
            money(&y.income, unit),
            money(&y.spend, unit),
            money(&y.gap, unit),
            chip(y.rag, y.rag.word()),
            money(&y.qipp_saving, unit),
            money(&y.qipp_investment, unit),
            money(&y.qipp_net, unit),
            esc(&activity_text(y.activity))
        );
    }
    o.push_str("</tbody></table>");
    if !op.by_programme.is_empty() {
        o.push_str("<h3>QIPP by programme</h3><table><thead><tr><th>Year</th><th>Programme</th><th class=\"num\">Saving</th><th class=\"num\">Investment</th><th class=\"num\">Net</th><th class=\"num\">Activity</th><th class=\"num\">Finance</th></tr></thead><tbody>");
        for g in &op.by_programme {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&g.year),
                esc(&g.name),
                money(&g.saving, unit),
                money(&g.investment, unit),
                money(&g.net, unit),
                esc(&activity_text(g.activity)),
                money(&g.finance, unit)
            );
        }
        o.push_str("</tbody></table>");
    }
    if !op.by_point_of_delivery.is_empty() {
        o.push_str("<h3>QIPP by point of delivery</h3><table><thead><tr><th>Year</th><th>Point of delivery</th><th class=\"num\">Activity</th><th class=\"num\">Finance</th></tr></thead><tbody>");
        for g in &op.by_point_of_delivery {
            let _ = write!(
                o,
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                esc(&g.year),
                esc(&g.name),
                esc(&activity_text(g.activity)),
                money(&g.finance, unit)
            );
        }
        o.push_str("</tbody></table>");
    }
    let findings: Vec<_> = op.findings().collect();
    if !findings.is_empty() {
        o.push_str("<h3>Reconciliation findings</h3><ul>");
        for c in findings {
            let _ = write!(o, "<li>{}</li>", esc(&c.text));
        }
        o.push_str("</ul>");
    }
    o.push_str("</section>");
}

pub fn heat_map_svg(grid: &[[usize; 5]; 5]) -> String {
    let cell = 15.0; // mm
    let left = 30.0;
    let top = 4.0;
    let w = left + 5.0 * cell + 2.0;
    let hgt = top + 5.0 * cell + 22.0;
    let mut o = format!(
        r##"<svg width="{w}mm" height="{hgt}mm" viewBox="0 0 {w} {hgt}" role="img" aria-label="Risk heat map: open risks by likelihood and consequence">"##
    );
    for l in 1..=5u8 {
        for c in 1..=5u8 {
            let band = band_of_score(l * c);
            let (fill, ink) = match band.rag() {
                Rag::Green => ("#1B6E3A", "#ffffff"),
                Rag::Amber => ("#F5B31B", "#000000"),
                Rag::Red => ("#B4231C", "#ffffff"),
                Rag::NotRated => ("#5F6368", "#ffffff"),
            };
            let x = left + (c - 1) as f64 * cell;
            let y = top + (5 - l) as f64 * cell;
            let n = grid[(l - 1) as usize][(c - 1) as usize];
            let _ = write!(
                o,
                r##"<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#ffffff" stroke-width="0.6"/>"##
            );
            // band initial in the corner, so the map reads without colour
            let initial = match band {
                RiskBand::Low => "L",
                RiskBand::Moderate => "M",
                RiskBand::High => "H",
                RiskBand::Extreme => "E",
            };
            let _ = write!(
                o,
                r##"<text x="{}" y="{}" font-size="2.6" fill="{ink}">{}·{initial}</text>"##,
                x + 1.0,
                y + 3.2,
                l * c
            );
            if n > 0 {
                let _ = write!(
                    o,
                    r##"<circle cx="{}" cy="{}" r="4.4" fill="#ffffff" stroke="#1f1f1f" stroke-width="0.5"/><text x="{}" y="{}" font-size="5" font-weight="700" text-anchor="middle" fill="#1f1f1f">{n}</text>"##,
                    x + cell / 2.0,
                    y + cell / 2.0 + 1.0,
                    x + cell / 2.0,
                    y + cell / 2.0 + 2.8
                );
            }
        }
    }
    for l in 1..=5u8 {
        let y = top + (5 - l) as f64 * cell + cell / 2.0 + 1.0;
        let _ = write!(
            o,
            r##"<text x="{}" y="{y}" font-size="3" text-anchor="end">{} {l}</text>"##,
            left - 1.5,
            LIKELIHOOD_WORDS[(l - 1) as usize]
        );
    }
    for c in 1..=5u8 {
        let x = left + (c - 1) as f64 * cell + cell / 2.0;
        let y = top + 5.0 * cell + 4.0;
        let _ = write!(
            o,
            r##"<text x="{x}" y="{y}" font-size="3" text-anchor="middle">{c}</text><text x="{x}" y="{}" font-size="2.6" text-anchor="middle">{}</text>"##,
            y + 3.4,
            CONSEQUENCE_WORDS[(c - 1) as usize]
        );
    }
    let _ = write!(
        o,
        r##"<text x="{}" y="{}" font-size="3.2" font-weight="700" text-anchor="middle">Consequence</text><text x="4" y="{}" font-size="3.2" font-weight="700" transform="rotate(-90 4 {})" text-anchor="middle">Likelihood</text></svg>"##,
        left + 2.5 * cell,
        top + 5.0 * cell + 14.0,
        top + 2.5 * cell,
        top + 2.5 * cell
    );
    o
}

/// Writes the report to `path` atomically.
pub fn write_report(
    plan: &Plan,
    summary: &PlanSummary,
    opts: &ReportOptions,
    path: &std::path::Path,
) -> Result<(), String> {
    super::csv::write_export(path, board_report_html(plan, summary, opts).as_bytes())
}
