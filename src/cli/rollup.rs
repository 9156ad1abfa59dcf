//! `opplan rollup DIR|FILES… [--json]`: a workspace of plans seen as one
//! (issue 17, part 4), from [`crate::calc::rollup`].

use super::{breakdown_json, by_year_json, counts_json, load_or_report};
use crate::calc::finance::span_json;
use crate::calc::rollup::{DIMENSIONS, Difference, Rollup, Totals, rollup};
use crate::interop::{eprint_line, json_text, terminal_text};
use crate::io::{self, workspace};
use crate::model::Plan;
use crate::model::money::format_span;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Reads the workspace the arguments name: a folder, workspace files and
/// plans, and `--consolidated`. Exit 2 (said on stderr) when one cannot be
/// read.
pub fn workspace_of(inputs: &[PathBuf], consolidated: Option<&Path>) -> Result<workspace::WorkspacePlans, ExitCode> {
    let fail = |e: String| {
        eprint_line(&format!("opplan: {e}"));
        ExitCode::from(2)
    };
    let mut out = workspace::WorkspacePlans::default();
    for input in inputs {
        let found = if input.is_dir() {
            workspace::folder_workspace(input).map_err(fail)?
        } else {
            match workspace::read_workspace(input).map_err(fail)? {
                Some(w) => w,
                None => workspace::WorkspacePlans {
                    plans: vec![input.clone()],
                    consolidated: None,
                },
            }
        };
        let offset = out.plans.len();
        if let Some(c) = found.consolidated {
            out.consolidated.get_or_insert(offset + c);
        }
        out.plans.extend(found.plans);
    }
    if let Some(c) = consolidated {
        let i = out.plans.iter().position(|p| same_path(p, c)).unwrap_or_else(|| {
            out.plans.insert(0, c.to_path_buf());
            out.consolidated = out.consolidated.map(|i| i + 1);
            0
        });
        out.consolidated = Some(i);
    }
    if out.plans.is_empty() {
        return Err(fail(
            "No plans to roll up: name a folder of plans, a workspace file or plans.".into(),
        ));
    }
    Ok(out)
}

fn same_path(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// `opplan rollup`: exit 0 when the consolidated plan agrees with every
/// plan (or there is none), 1 when differences are listed, 2 when a plan
/// cannot be read.
pub fn run(inputs: &[PathBuf], consolidated: Option<&Path>, json: bool) -> ExitCode {
    let ws = match workspace_of(inputs, consolidated) {
        Ok(w) => w,
        Err(code) => return code,
    };
    let mut plans: Vec<Plan> = Vec::with_capacity(ws.plans.len());
    for p in &ws.plans {
        match load_or_report(p) {
            Ok(plan) => plans.push(plan),
            Err(code) => return code,
        }
    }
    let labels: Vec<String> = ws.plans.iter().map(|p| p.display().to_string()).collect();
    let pairs: Vec<(&str, &Plan)> = labels.iter().map(String::as_str).zip(&plans).collect();
    let r = rollup(&pairs, ws.consolidated, io::clock::today());
    if json {
        let text = serde_json::to_string_pretty(&rollup_json(&r)).expect("JSON of plain values always serializes");
        println!("{}", json_text(&text));
    } else {
        print!("{}", rollup_text(&r));
    }
    if r.differences.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn dimension_key(d: crate::calc::finance::Dimension) -> &'static str {
    use crate::calc::finance::Dimension;
    match d {
        Dimension::Source => "by_source",
        Dimension::Area => "by_area",
        Dimension::Commissioner => "by_commissioner",
        Dimension::Provider => "by_provider",
        Dimension::Programme => "by_programme",
    }
}

fn totals_json(t: &Totals) -> Value {
    let mut o = serde_json::Map::new();
    o.insert("spend_by_year".into(), by_year_json(&t.spend_by_year));
    o.insert("benefit_by_year".into(), by_year_json(&t.benefit_by_year));
    for d in DIMENSIONS {
        if let Some(b) = t.breakdown(d) {
            o.insert(dimension_key(d).into(), breakdown_json(b));
        }
    }
    Value::Object(o)
}

/// The JSON of `opplan rollup --json`: money in pence as
/// `{"min_pence", "max_pence"}` (a range stays a range).
pub fn rollup_json(r: &Rollup) -> Value {
    let plans: Vec<Value> = r
        .plans
        .iter()
        .map(|p| {
            json!({
                "label": p.label,
                "name": p.name(),
                "title": p.title,
                "organisation": p.organisation,
                "ccgs": p.ccgs,
                "status": p.status.word(),
                "consolidated": p.consolidated,
                "schemes": p.schemes,
                "totals": totals_json(&p.totals),
                "rag": {
                    "overall": p.overall.key(),
                    "areas": p.areas.iter().map(|a| json!({
                        "area": a.name,
                        "rag": a.rag.key(),
                        "counts": counts_json(&a.counts),
                    })).collect::<Vec<_>>(),
                },
                "checklist": {"complete": p.checklist_done, "items": p.checklist_total},
                "conflicts": p.conflicts,
            })
        })
        .collect();
    let differences: Vec<Value> = r
        .differences
        .iter()
        .map(|d| {
            let mut v = match d {
                Difference::Amount {
                    organisation,
                    plan,
                    year,
                    figure,
                    consolidated,
                    own,
                    by,
                } => json!({
                    "kind": "amount",
                    "organisation": organisation,
                    "plan": r.plans[*plan].label,
                    "year": year,
                    "figure": figure.key(),
                    "consolidated": consolidated.as_ref().map(span_json),
                    "own": own.as_ref().map(span_json),
                    "difference": span_json(by),
                }),
                Difference::NoOwnPlan { organisation, spend } => json!({
                    "kind": "no_own_plan",
                    "organisation": organisation,
                    "spend_by_year": by_year_json(spend),
                }),
                Difference::NotInConsolidated { plan } => json!({
                    "kind": "not_in_consolidated",
                    "plan": r.plans[*plan].label,
                }),
            };
            v["text"] = Value::String(r.sentence(d));
            v
        })
        .collect();
    json!({
        "years": r.years,
        "plans": plans,
        "consolidated": r.consolidated.map(|i| r.plans[i].label.clone()),
        "total": totals_json(&r.total),
        "differences": differences,
    })
}

/// The rollup for a terminal (plan text made inert).
pub fn rollup_text(r: &Rollup) -> String {
    use std::fmt::Write;
    let unit = r.unit();
    let mut out = String::new();
    let money = |s: Option<&crate::model::Span>| s.map_or_else(|| "–".to_string(), |s| format_span(s, unit));
    let years_line = |out: &mut String, label: &str, t: &Totals| {
        let cells: Vec<String> = r
            .years
            .iter()
            .map(|y| format!("{} {}", terminal_text(y), money(t.spend_by_year.get(y))))
            .collect();
        let _ = writeln!(out, "  {label}: {}", cells.join("; "));
    };
    let _ = writeln!(
        out,
        "{} plans (amounts in {}){}",
        r.plans.len(),
        unit.label(),
        r.consolidated.map_or_else(String::new, |i| format!(
            "; consolidated plan: {}",
            terminal_text(&r.plans[i].label)
        ))
    );
    for p in &r.plans {
        let _ = writeln!(
            out,
            "\n{}{} \u{2014} {} ({} schemes, {})",
            terminal_text(&p.label),
            if p.consolidated { " [consolidated]" } else { "" },
            terminal_text(&p.name()),
            p.schemes,
            p.status.word()
        );
        years_line(&mut out, "Spend", &p.totals);
        let rags: Vec<String> = p.areas.iter().map(|a| format!("{} {}", a.name, a.rag.word())).collect();
        let _ = writeln!(out, "  RAG: {}; overall {}", rags.join(", "), p.overall.word());
        let _ = writeln!(
            out,
            "  Checklist: {} of {} items complete{}",
            p.checklist_done,
            p.checklist_total,
            if p.conflicts > 0 {
                format!("; {} merge conflicts", p.conflicts)
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(
        out,
        "\nAll plans{}:",
        if r.consolidated.is_some() {
            " but the consolidated one"
        } else {
            ""
        }
    );
    years_line(&mut out, "Spend", &r.total);
    let benefits: Vec<String> = r
        .years
        .iter()
        .map(|y| format!("{} {}", terminal_text(y), money(r.total.benefit_by_year.get(y))))
        .collect();
    let _ = writeln!(out, "  Benefits: {}", benefits.join("; "));
    for d in DIMENSIONS {
        let _ = writeln!(out, "  {}:", d.word());
        for (name, t) in r.total.breakdown(d).into_iter().flatten() {
            let cells: Vec<String> = r
                .years
                .iter()
                .filter_map(|y| {
                    t.get(y)
                        .map(|s| format!("{} {}", terminal_text(y), format_span(s, unit)))
                })
                .collect();
            let _ = writeln!(out, "    {}: {}", terminal_text(name), cells.join("; "));
        }
    }
    if r.consolidated.is_some() {
        if r.differences.is_empty() {
            let _ = writeln!(out, "\nThe consolidated plan agrees with every plan.");
        } else {
            let _ = writeln!(
                out,
                "\nDifferences between the consolidated plan and the organisations\u{2019} own plans ({}):",
                r.differences.len()
            );
            for d in &r.differences {
                let _ = writeln!(out, "  {}", terminal_text(&r.sentence(d)));
            }
        }
    }
    out
}
