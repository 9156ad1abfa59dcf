//! The command line: `opplan [PLAN.ron]` opens the window; subcommands work
//! headless for scripts and checks ([`interop`]: export, import, diff;
//! [`merge`]: merge, resolve, show, git-setup; [`rollup`]: plans seen as
//! one).

pub mod interop;
pub mod merge;
mod objectives;
pub mod rollup;

use crate::calc::finance::span_json;
use crate::calc::{self, RagCounts};
use crate::interop::export::ExportFormat;
use crate::interop::import::FinanceTable;
use crate::interop::{eprint_line, json_text, print_line, terminal_text};
use crate::io;
use crate::model::money::format_span;
use crate::model::{Decimal, Plan, Span};
use clap::{Parser, Subcommand};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "opplan",
    version,
    about = "Write NHS operating plans and Better Care Fund plans: exact money, live totals, RAG status.",
    after_help = "Without a subcommand, opens the window on PLAN (or on the bundled Kent BCF sample)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// The plan to open in the window.
    pub plan: Option<PathBuf>,
    /// Start in presentation mode (full screen, large text).
    #[arg(long)]
    pub present: bool,
    /// Open a recovery copy as a new unsaved plan (used by "Open side by
    /// side" when unsaved work is found on start).
    #[arg(long, hide = true, value_name = "COPY")]
    pub recovered: Option<PathBuf>,
    /// What draws the window: glow (OpenGL), wgpu, or auto (the default:
    /// glow on Linux when no GPU is found, wgpu otherwise). Overrides the
    /// preferences for this run.
    #[arg(long, value_enum, value_name = "RENDERER")]
    pub renderer: Option<crate::ui::prefs::RendererChoice>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Totals, RAG and checklist of a plan.
    Summary {
        plan: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Exit 0 when the plan loads and its checklist is complete, 1 when it
    /// has errors or incomplete items (listed), 2 when it cannot be read.
    Check { plan: PathBuf },
    /// Rewrite a plan file in canonical form (the same save as the window).
    Fmt { plan: PathBuf },
    /// Write the plan as CSV (one file per table into the folder OUT), an
    /// Excel workbook, or the board report (one self-contained HTML file).
    Export {
        plan: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(long)]
        out: PathBuf,
    },
    /// Read rows from CSV files, or from the sheets of an Excel workbook,
    /// into the plan and save it. The headings are matched by name (in a
    /// CSV file the first row; in a sheet the row that holds them). Rows
    /// with the ID of a record update it; other rows are added. Money is in
    /// pounds unless a heading says otherwise ("2015/16 (£000)"); in a
    /// workbook a figure whose unit nothing states stops the import. Exit 1
    /// and write nothing when a row has errors (a missing cell, a quote
    /// never closed, an ID used twice, a value that does not read, a
    /// formula with no saved result; listed on stderr), unless
    /// --skip-errors, which skips those rows.
    Import {
        plan: PathBuf,
        #[arg(long, value_name = "FILE.csv")]
        schemes: Option<PathBuf>,
        #[arg(long, value_name = "FILE.csv")]
        metrics: Option<PathBuf>,
        #[arg(long, value_name = "FILE.csv")]
        risks: Option<PathBuf>,
        #[arg(long, value_name = "FILE.csv")]
        signoffs: Option<PathBuf>,
        /// An operating plan's objectives (as `export --format csv`
        /// writes objectives.csv).
        #[arg(long, value_name = "FILE.csv")]
        objectives: Option<PathBuf>,
        /// Narrative sections and national conditions (sections.csv).
        #[arg(long, value_name = "FILE.csv")]
        sections: Option<PathBuf>,
        /// An operating plan's allocation lines (allocations.csv).
        #[arg(long, value_name = "FILE.csv")]
        allocations: Option<PathBuf>,
        /// Contributions to the pooled budget (contributions.csv).
        #[arg(long, value_name = "FILE.csv")]
        contributions: Option<PathBuf>,
        /// QIPP by point of delivery, each row naming its scheme by ID
        /// (qipp.csv).
        #[arg(long, value_name = "FILE.csv")]
        qipp: Option<PathBuf>,
        /// Pay-for-performance and contingency amounts (performance.csv).
        #[arg(long, value_name = "FILE.csv")]
        performance: Option<PathBuf>,
        /// An Excel workbook: each sheet named after a table (as the export
        /// writes them), or whose headings fit one, is read into it.
        #[arg(long, value_name = "BOOK.xlsx", conflicts_with_all = ["schemes", "metrics", "risks", "signoffs", "objectives", "sections", "allocations", "contributions", "qipp", "performance"])]
        xlsx: Option<PathBuf>,
        /// With --xlsx: read only this sheet (repeat for more).
        #[arg(long, value_name = "NAME", requires = "xlsx")]
        sheet: Vec<String>,
        /// Apply the rows without errors and skip the others.
        #[arg(long)]
        skip_errors: bool,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// What changed from OLD to NEW: records added, removed, changed (field
    /// by field) and moved in their list, with the effect on totals and
    /// RAG. Exit 0 when the plans are the same, 1 when they differ, 2 when
    /// one cannot be read.
    Diff {
        old: PathBuf,
        new: PathBuf,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Three-way merge: combine OURS and THEIRS, two versions of the plan
    /// BASE, record by record (matched by id) and field by field. Changes
    /// made on one side are taken, the same change on both once; different
    /// changes to one value, or a change against a removal, are conflicts:
    /// the plan keeps ours and records theirs with each (listed on stderr,
    /// in `check` and in the window). Records both added under one id are
    /// both kept, theirs with a new id. Writes OUT (stdout without -o).
    /// Exit 0 clean, 1 conflicts, 2 when an input cannot be read. As git's
    /// merge driver: `opplan git-setup`.
    Merge {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        /// Where to write the merged plan (may be OURS: it is then read and
        /// written under its lock, and not written if it changed meanwhile).
        #[arg(short, long, value_name = "OUT")]
        out: Option<PathBuf>,
        /// The plan's name in messages (git's merge driver passes %P).
        #[arg(long)]
        name: Option<String>,
        /// Do not keep the previous OUT as OUT.bak (git's merge driver).
        #[arg(long)]
        no_backup: bool,
    },
    /// Resolve a plan's merge conflicts by keeping one side (all of them,
    /// or those numbered as `opplan check` lists them), and save it. Exit 0
    /// when none remains, 1 when some do, 2 on a read or write error.
    Resolve {
        plan: PathBuf,
        /// Whose value to keep.
        #[arg(long, value_enum)]
        keep: KeepSide,
        /// Only this conflict (repeat for more).
        #[arg(long = "conflict", value_name = "N")]
        only: Vec<usize>,
    },
    /// The plan as readable text, one line per value ("Scheme id 4: 2015/16
    /// spend: 3,443 (£000)"): git's textconv, so `git diff` and `git log
    /// -p` show plans value by value.
    Show { plan: PathBuf },
    /// Make git merge and diff the plans of a repository through opplan:
    /// adds "PATTERN merge=opplan diff=opplan" to its .gitattributes and
    /// the merge and diff drivers to its git config.
    GitSetup {
        /// A folder in the repository.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The plans, as a .gitattributes pattern.
        #[arg(long, default_value = "*.ron")]
        pattern: String,
    },
    /// A workspace of plans seen as one: each plan's totals by year,
    /// source, area and commissioner (ranges stay ranges), its RAG by area
    /// and checklist progress, all plans summed, and the consolidated
    /// plan's figures for each organisation against that organisation's
    /// own plan, every difference listed. Give a folder (read through its
    /// workspace.ron when it has one, else every *.ron in it), workspace
    /// files, or plans. Exit 0 when nothing differs, 1 when differences are
    /// listed, 2 when a plan cannot be read.
    Rollup {
        #[arg(required = true, value_name = "DIR|FILE")]
        inputs: Vec<PathBuf>,
        /// The plan that consolidates the others (its schemes' CCG /
        /// programme name the organisations).
        #[arg(long, value_name = "PLAN")]
        consolidated: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write a large, realistic plan for benchmarks and load tests (the
    /// same plan for the same options and seed).
    Generate {
        #[arg(long, default_value_t = 5000)]
        schemes: usize,
        #[arg(long, default_value_t = 1000)]
        metrics: usize,
        #[arg(long, default_value_t = 1000)]
        risks: usize,
        #[arg(long, default_value_t = 50)]
        signoffs: usize,
        #[arg(long, default_value_t = 5)]
        years: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also fill the operating plan's money: QIPP with points of
        /// delivery on every scheme, allocations, contributions.
        #[arg(long)]
        operating: bool,
        /// Operating plan objectives, each linked to schemes, metrics and
        /// risks.
        #[arg(long, default_value_t = 0)]
        objectives: usize,
        /// Milestones spread over the schemes (which become initiatives).
        #[arg(long, default_value_t = 0)]
        milestones: usize,
        /// Narrative sections, the BCF national conditions first.
        #[arg(long, default_value_t = 0)]
        sections: usize,
        /// Plan every metric month by month for the first year.
        #[arg(long)]
        monthly: bool,
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs a headless subcommand; `None` when the window should open instead.
pub fn run(cli: &Cli) -> Option<ExitCode> {
    let command = cli.command.as_ref()?;
    Some(match command {
        Command::Summary { plan, json } => summary(plan, *json),
        Command::Generate {
            schemes,
            metrics,
            risks,
            signoffs,
            years,
            seed,
            operating,
            objectives,
            milestones,
            sections,
            monthly,
            out,
        } => {
            let opts = crate::generate::GenerateOptions {
                schemes: *schemes,
                metrics: *metrics,
                risks: *risks,
                signoffs: *signoffs,
                years: (*years).clamp(1, 50),
                seed: *seed,
            };
            let mut plan = crate::generate::generate(&opts);
            if *operating {
                crate::generate::add_operating_finance(&mut plan, opts.seed);
            }
            crate::generate::add_operating(
                &mut plan,
                &crate::generate::OperatingOptions {
                    objectives: *objectives,
                    milestones: *milestones,
                    sections: *sections,
                    monthly: *monthly,
                    seed: *seed,
                },
            );
            match io::save_path(&plan, out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprint_line(&format!("opplan: {e}"));
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { plan } => check(plan),
        Command::Fmt { plan } => fmt_plan(plan),
        Command::Export { plan, format, out } => interop::export(plan, *format, out),
        Command::Import {
            plan,
            xlsx: Some(book),
            sheet,
            skip_errors,
            dry_run,
            ..
        } => interop::import_xlsx(plan, book, sheet, *skip_errors, *dry_run),
        Command::Import {
            plan,
            schemes,
            metrics,
            risks,
            signoffs,
            objectives,
            sections,
            allocations,
            contributions,
            qipp,
            performance,
            skip_errors,
            dry_run,
            ..
        } => interop::import(
            plan,
            &[
                (crate::model::field::RecordKind::Schemes, schemes.as_deref()),
                (crate::model::field::RecordKind::Metrics, metrics.as_deref()),
                (crate::model::field::RecordKind::Risks, risks.as_deref()),
                (crate::model::field::RecordKind::SignOffs, signoffs.as_deref()),
                (crate::model::field::RecordKind::Objectives, objectives.as_deref()),
                (crate::model::field::RecordKind::Sections, sections.as_deref()),
            ],
            &[
                (FinanceTable::Allocations, allocations.as_deref()),
                (FinanceTable::Contributions, contributions.as_deref()),
                (FinanceTable::Qipp, qipp.as_deref()),
                (FinanceTable::Performance, performance.as_deref()),
            ],
            *skip_errors,
            *dry_run,
        ),
        Command::Diff { old, new, json } => interop::diff(old, new, *json),
        Command::Merge {
            base,
            ours,
            theirs,
            out,
            name,
            no_backup,
        } => merge::merge(
            [base.as_path(), ours.as_path(), theirs.as_path()],
            out.as_deref(),
            name.as_deref(),
            *no_backup,
        ),
        Command::Resolve { plan, keep, only } => merge::resolve(plan, keep.side(), only),
        Command::Show { plan } => merge::show(plan),
        Command::GitSetup { dir, pattern } => merge::git_setup(dir, pattern),
        Command::Rollup {
            inputs,
            consolidated,
            json,
        } => rollup::run(inputs, consolidated.as_deref(), *json),
    })
}

/// `--keep ours|theirs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KeepSide {
    Ours,
    Theirs,
}

impl KeepSide {
    fn side(self) -> crate::model::Side {
        match self {
            KeepSide::Ours => crate::model::Side::Ours,
            KeepSide::Theirs => crate::model::Side::Theirs,
        }
    }
}

/// Reads a plan for a command; the error printed, exit 2, when it cannot.
fn load_or_report(path: &Path) -> Result<crate::model::Plan, ExitCode> {
    refuse_workspace(path)?;
    io::load_path(path).map_err(|e| {
        eprint_line(&format!("opplan: {}: {e}", path.display()));
        ExitCode::from(2)
    })
}

fn summary(path: &Path, json: bool) -> ExitCode {
    let plan = match load_or_report(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let summary = calc::summarize(&plan, io::clock::today());
    if json {
        let text = serde_json::to_string_pretty(&summary_json(&plan, &summary))
            .expect("JSON of plain values always serializes");
        println!("{}", json_text(&text));
    } else {
        print!("{}", summary_text(&plan, &summary));
    }
    ExitCode::SUCCESS
}

fn check(path: &Path) -> ExitCode {
    let plan = match load_or_report(path) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let summary = calc::summarize(&plan, io::clock::today());
    for (i, c) in plan.conflicts.iter().enumerate() {
        print_line(&format!(
            "Merge conflict {}: {}",
            i + 1,
            calc::merge::words::conflict_line(&plan, c)
        ));
    }
    let missing: Vec<_> = summary.checklist.missing().collect();
    if missing.is_empty() {
        print_line(&format!(
            "{}: complete ({} checklist items)",
            path.display(),
            summary.checklist.items.len()
        ));
        ExitCode::SUCCESS
    } else {
        for item in &missing {
            print_line(&format!("{}: {}", item.section.word(), item.text));
        }
        eprint_line(&format!(
            "{}: {} of {} checklist items incomplete",
            path.display(),
            missing.len(),
            summary.checklist.items.len()
        ));
        ExitCode::from(1)
    }
}

fn by_year_json(m: &BTreeMap<String, Span>) -> Value {
    Value::Object(m.iter().map(|(k, v)| (k.clone(), span_json(v))).collect())
}

fn breakdown_json(b: &calc::finance::Breakdown) -> Value {
    Value::Object(b.iter().map(|(k, v)| (k.clone(), by_year_json(v))).collect())
}

/// Every breakdown part by part: dimension → name → year → parts.
fn detailed_breakdowns_json(f: &calc::FinanceTotals) -> Value {
    use calc::finance::Dimension;
    let key = |d: Dimension| match d {
        Dimension::Source => "source",
        Dimension::Area => "area",
        Dimension::Commissioner => "commissioner",
        Dimension::Provider => "provider",
        Dimension::Programme => "programme",
    };
    Value::Object(
        Dimension::ALL
            .iter()
            .map(|&d| {
                let names = f
                    .detailed(d)
                    .iter()
                    .map(|(name, years)| {
                        let ys = years
                            .iter()
                            .map(|(y, p)| {
                                (
                                    y.clone(),
                                    json!({
                                        "spend": span_json(&p.spend()),
                                        "unsplit": span_json(&p.unsplit),
                                        "recurrent": span_json(&p.recurrent),
                                        "non_recurrent": span_json(&p.non_recurrent),
                                        "benefit": span_json(&p.benefit()),
                                        "benefit_recurrent": span_json(&p.benefit_recurrent),
                                        "benefit_non_recurrent": span_json(&p.benefit_non_recurrent),
                                    }),
                                )
                            })
                            .collect();
                        (name.clone(), Value::Object(ys))
                    })
                    .collect();
                (key(d).to_string(), Value::Object(names))
            })
            .collect(),
    )
}

fn counts_json(c: &calc::RagCounts) -> Value {
    json!({"green": c.green, "amber": c.amber, "red": c.red, "not_rated": c.not_rated})
}

/// A decimal as an exact JSON number (serde_json's `arbitrary_precision`
/// keeps every digit; no rounding through f64).
fn decimal_json(d: Option<Decimal>) -> Value {
    d.and_then(|d| d.normalize().to_string().parse::<serde_json::Number>().ok())
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// The JSON of `opplan summary --json`, from the same [`calc::summarize`]
/// the window uses.
pub fn summary_json(plan: &Plan, s: &calc::PlanSummary) -> Value {
    let f = &s.finance;
    let metric_items: Vec<Value> = plan
        .metrics
        .iter()
        .zip(&s.metric_ratings)
        .map(|(m, r)| {
            json!({
                "id": m.id.0,
                "name": m.name,
                "rag": r.rag.key(),
                "computed_rag": r.computed.key(),
                "overridden": r.overridden.is_some(),
                "override_reason": r.overridden.as_ref().map(|o| o.reason.clone()),
                "target": decimal_json(r.comparison.as_ref().map(|c| c.target).or_else(|| calc::metrics::latest_target(m))),
                "actual": decimal_json(r.comparison.as_ref().map(|c| c.value)),
                "basis": r.basis.map(|b| b.word().to_ascii_lowercase()),
                "period": r.period.map(|i| m.periods[i].label.clone()),
                "explanation": r.explanation,
                "travel": r.travel.map(|t| format!("{} {}", t.direction.word().to_lowercase(), t.word())),
                "periods": objectives::periods_json(m, r),
            })
        })
        .collect();
    let risk_items: Vec<Value> = plan
        .risks
        .iter()
        .zip(&s.risk_ratings)
        .map(|(r, rating)| {
            json!({
                "id": r.id.0,
                "title": r.title,
                "score": r.current.filter(|c| c.is_valid()).map(|c| c.score()),
                "band": rating.band.map(|b| b.word()),
                "rag": rating.rag.key(),
                "legacy_rating": if r.legacy_rating.is_empty() { Value::Null } else { Value::from(r.legacy_rating.clone()) },
                "residual_score": r.residual.filter(|c| c.is_valid()).map(|c| c.score()),
            })
        })
        .collect();
    let signoff_items: Vec<Value> = plan
        .signoffs
        .iter()
        .zip(&s.signoff_states)
        .map(|(so, st)| {
            json!({
                "id": so.id.0,
                "organisation": so.organisation,
                "required": so.required,
                "signed": st.is_signed(),
                "state": st.word(),
                "changed_parts": match st {
                    calc::SignOffState::ChangedSince { parts } => json!(parts),
                    _ => json!([]),
                },
                "rag": st.rag().key(),
            })
        })
        .collect();
    let reconciliation: Vec<Value> = f
        .reconciliation
        .iter()
        .map(|r| {
            json!({
                "year": r.year,
                "total": span_json(&r.total),
                "minimum": r.minimum.as_ref().map(span_json),
                "declared": r.declared.as_ref().map(span_json),
                "meets_minimum": r.meets_minimum,
                "declared_difference": r.declared_difference.as_ref().map(span_json),
                "rag": r.rag.key(),
            })
        })
        .collect();
    let areas: Vec<Value> = s
        .areas
        .iter()
        .map(|a| json!({"area": a.name, "rag": a.rag.key(), "counts": counts_json(&a.counts), "rule": a.rule}))
        .collect();
    let missing: Vec<&str> = s.checklist.missing().map(|i| i.text.as_str()).collect();
    let finance = operating_json(plan, &f.operating);
    let conflicts: Vec<Value> = plan.conflicts.iter().map(|c| conflict_json(plan, c)).collect();
    json!({
        "title": plan.header.title,
        "format_version": plan.written_version(),
        "status": plan.header.status.word(),
        "status_warning": calc::lifecycle::status_warning(plan, s),
        "years": plan.header.years,
        "display_unit": plan.settings.display_unit.label(),
        "overall": {"rag": s.overall.key(), "rule": s.overall_rule},
        "areas": areas,
        "schemes": {
            "count": plan.schemes.len(),
            "total_by_year": by_year_json(&f.spend_by_year),
            "recurrent_by_year": by_year_json(&f.recurrent_by_year),
            "non_recurrent_by_year": by_year_json(&f.non_recurrent_by_year),
            "unsplit_by_year": by_year_json(&f.unsplit_by_year),
            "benefit_by_year": by_year_json(&f.benefit_by_year),
            "total_by_source": breakdown_json(&f.by_source),
            "total_by_area": breakdown_json(&f.by_area),
            "total_by_commissioner": breakdown_json(&f.by_commissioner),
            "total_by_provider": breakdown_json(&f.by_provider),
            "total_by_programme": breakdown_json(&f.by_programme),
            "benefit_recurrent_by_year": by_year_json(&f.benefit_recurrent_by_year),
            "benefit_non_recurrent_by_year": by_year_json(&f.benefit_non_recurrent_by_year),
            "breakdowns": detailed_breakdowns_json(f),
            "unparsed_amounts": f.unparsed_count,
            "reconciliation": reconciliation,
            "rag": counts_json(&RagCounts::from_iter(s.scheme_rags.iter().copied())),
        },
        "metrics": {
            "count": plan.metrics.len(),
            "rag": counts_json(&RagCounts::from_iter(s.metric_ratings.iter().map(|r| r.rag))),
            "items": metric_items,
        },
        "risks": {
            "count": plan.risks.len(),
            "rag": counts_json(&RagCounts::from_iter(s.risk_ratings.iter().map(|r| r.rag))),
            "items": risk_items,
        },
        "signoffs": {
            "count": plan.signoffs.len(),
            "required": plan.signoffs.iter().filter(|x| x.required).count(),
            "signed": s.signed_count(),
            "items": signoff_items,
        },
        "finance": finance,
        "objectives": objectives::objectives_json(plan, s),
        "milestones": objectives::milestones_json(plan, s, s.today),
        "sections": objectives::sections_json(plan),
        "conflicts": conflicts,
        "checklist": {
            "complete": s.checklist.is_complete(),
            "items": s.checklist.items.len(),
            "incomplete": missing.len(),
            "missing": missing,
        },
    })
}

/// The operating plan's money for `summary --json` (README: "finance").
fn operating_json(plan: &Plan, op: &calc::operating::OperatingFinance) -> Value {
    let years: serde_json::Map<String, Value> = op
        .years
        .iter()
        .map(|y| {
            (
                y.year.clone(),
                json!({
                    "allocation_lines": y.lines,
                    "recurrent": span_json(&y.recurrent),
                    "non_recurrent": span_json(&y.non_recurrent),
                    "income": span_json(&y.income),
                    "spend": span_json(&y.spend),
                    "spend_is_planned": y.spend_is_planned,
                    "gap": span_json(&y.gap),
                    "rag": y.rag.key(),
                    "rule": y.rule,
                    "contributions": y.contributions,
                    "minimum_contributions": span_json(&y.minimum_contributions),
                    "actual_contributions": span_json(&y.actual_contributions),
                    "qipp_schemes": y.qipp_schemes,
                    "qipp_saving": span_json(&y.qipp_saving),
                    "qipp_investment": span_json(&y.qipp_investment),
                    "qipp_net": span_json(&y.qipp_net),
                    "activity": y.activity,
                    "pod_finance": span_json(&y.pod_finance),
                }),
            )
        })
        .collect();
    let opt = |a: &Option<crate::model::Amount>| a.as_ref().map(|a| span_json(&Span::of(a)));
    let group = |g: &calc::operating::QippGroup, key: &str| {
        let mut v = json!({
            "year": g.year,
            key: g.name,
            "activity": g.activity,
            "finance": span_json(&g.finance),
        });
        if key == "programme" {
            v["saving"] = span_json(&g.saving);
            v["investment"] = span_json(&g.investment);
            v["net"] = span_json(&g.net);
        }
        v
    };
    json!({
        "years": years,
        "allocation": plan.allocations.iter().map(|l| json!({
            "id": l.id.0,
            "year": l.year,
            "label": l.label,
            "kind": l.kind.word(),
            "amount": opt(&l.amount),
            "growth_pct": l.growth_pct.map(|d| d.normalize().to_string()),
        })).collect::<Vec<_>>(),
        "contributions": plan.contributions.iter().map(|c| json!({
            "id": c.id.0,
            "year": c.year,
            "organisation": c.organisation,
            "holds_pooled_budget": c.holds_pooled_budget,
            "source_of_funding": c.source_of_funding,
            "minimum": opt(&c.minimum),
            "actual": opt(&c.actual),
        })).collect::<Vec<_>>(),
        "qipp_by_programme": op.by_programme.iter().map(|g| group(g, "programme")).collect::<Vec<_>>(),
        "qipp_by_point_of_delivery": op.by_point_of_delivery.iter().map(|g| group(g, "point_of_delivery")).collect::<Vec<_>>(),
        "findings": op.findings().map(|c| c.text.clone()).collect::<Vec<_>>(),
    })
}

/// The operating plan's money as lines for `summary`: per year the
/// allocation, income against spend, contributions and QIPP, then the
/// findings.
fn operating_text(out: &mut String, op: &calc::operating::OperatingFinance, unit: crate::model::money::MoneyUnit) {
    use std::fmt::Write;
    if op.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nFinance (amounts in {}):", unit.label());
    for y in &op.years {
        let _ = writeln!(
            out,
            "  {}: income {} (recurrent {}, non-recurrent {}); {} {}; income less spend {}  [{}]",
            terminal_text(&y.year),
            format_span(&y.income, unit),
            format_span(&y.recurrent, unit),
            format_span(&y.non_recurrent, unit),
            if y.spend_is_planned {
                "planned expenditure"
            } else {
                "schemes' spend"
            },
            format_span(&y.spend, unit),
            format_span(&y.gap, unit),
            y.rag.word()
        );
        if y.contributions > 0 {
            let _ = writeln!(
                out,
                "    contributions: {} minimum, {} actual ({} rows)",
                format_span(&y.minimum_contributions, unit),
                format_span(&y.actual_contributions, unit),
                y.contributions
            );
        }
        if y.qipp_schemes > 0 {
            let _ = writeln!(
                out,
                "    QIPP: saving {}, investment {}, net {}; activity change {}",
                format_span(&y.qipp_saving, unit),
                format_span(&y.qipp_investment, unit),
                format_span(&y.qipp_net, unit),
                y.activity
            );
        }
    }
    for g in &op.by_programme {
        let _ = writeln!(
            out,
            "    {} QIPP {}: saving {}, investment {}, net {}",
            terminal_text(&g.year),
            terminal_text(&g.name),
            format_span(&g.saving, unit),
            format_span(&g.investment, unit),
            format_span(&g.net, unit)
        );
    }
    let findings: Vec<_> = op.findings().collect();
    if !findings.is_empty() {
        let _ = writeln!(out, "  Findings:");
        for c in findings {
            let _ = writeln!(out, "    {}", terminal_text(&c.text));
        }
    }
}

/// A merge conflict in `summary --json`: the record (kind and id, when it
/// is in one), where, what kind, and each version's value in words.
fn conflict_json(plan: &Plan, c: &crate::model::MergeConflict) -> Value {
    let w = calc::merge::words::conflict_words(plan, c);
    let (kind, id) = c.record().map_or((None, None), |(k, id)| (Some(k.key()), Some(id.0)));
    json!({
        "record_kind": kind,
        "id": id,
        "record": w.record,
        "field": w.field,
        "conflict": match c.kind {
            crate::model::ConflictKind::Changed => "changed",
            crate::model::ConflictKind::Removed => "removed",
            crate::model::ConflictKind::Order => "order",
        },
        "base": w.base,
        "ours": w.ours,
        "theirs": w.theirs,
        "kept": c.kept.word(),
    })
}

/// A plain-text summary for a terminal: plan text in it is inert (see
/// [`terminal_text`]), so a title cannot move the cursor or split a line.
pub fn summary_text(plan: &Plan, s: &calc::PlanSummary) -> String {
    use std::fmt::Write;
    let unit = plan.settings.display_unit;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        if plan.header.title.is_empty() {
            "(untitled plan)".into()
        } else {
            terminal_text(&plan.header.title)
        }
    );
    let _ = writeln!(
        out,
        "{} · {} · overall {}",
        terminal_text(&plan.header.version),
        plan.header.status.word(),
        s.overall.word()
    );
    let _ = writeln!(out, "\nSchemes: {} (amounts in {})", plan.schemes.len(), unit.label());
    for r in &s.finance.reconciliation {
        let mut line = format!("  {}: {}", terminal_text(&r.year), format_span(&r.total, unit));
        if let Some(m) = &r.minimum {
            let _ = write!(
                line,
                "  minimum {} ({})",
                format_span(m, unit),
                if r.meets_minimum == Some(true) {
                    "met"
                } else {
                    "NOT met"
                }
            );
        }
        if let Some(d) = &r.declared_difference {
            if d.is_zero() {
                line.push_str("  declared total agrees");
            } else {
                let _ = write!(
                    line,
                    "  {} than declared",
                    crate::model::money::difference_words(d, unit)
                );
            }
        }
        let _ = writeln!(out, "{line}  [{}]", r.rag.word());
    }
    operating_text(&mut out, &s.finance.operating, unit);
    let _ = writeln!(out, "\nRAG by area:");
    for a in &s.areas {
        let c = a.counts;
        let _ = writeln!(
            out,
            "  {:<10} {:<9} (green {}, amber {}, red {}, not rated {})",
            a.name,
            a.rag.word(),
            c.green,
            c.amber,
            c.red,
            c.not_rated
        );
    }
    let _ = writeln!(
        out,
        "\nSign-offs: {} of {} signed",
        s.signed_count(),
        plan.signoffs.len()
    );
    if !plan.conflicts.is_empty() {
        let _ = writeln!(
            out,
            "Merge conflicts: {} (run `opplan check` for the list)",
            plan.conflicts.len()
        );
    }
    let n = s.checklist.incomplete_count();
    let _ = writeln!(
        out,
        "Checklist: {} of {} items complete{}",
        s.checklist.items.len() - n,
        s.checklist.items.len(),
        if n == 0 {
            ""
        } else {
            " (run `opplan check` for the list)"
        }
    );
    out
}

/// `opplan fmt`: read, then write back in canonical form, holding the
/// plan's lock throughout so no other opplan writes it in between.
fn fmt_plan(path: &Path) -> ExitCode {
    let (plan, update) = match open_for_update(path) {
        Ok(x) => x,
        Err(code) => return code,
    };
    match update.save(&plan) {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprint_line(&format!("opplan: {e}"));
            ExitCode::from(2)
        }
    }
}

/// `--format csv|xlsx|html`: the export formats as the command line names
/// them (the format itself is the exports' own type, not the CLI's).
impl clap::ValueEnum for ExportFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &ExportFormat::ALL
    }
    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.key()).help(self.describe()))
    }
}

/// Locks and reads a plan to write it back (`fmt`, `import`); the error
/// printed, exit 2, when that is not possible.
fn open_for_update(path: &Path) -> Result<(Plan, io::PlanUpdate), ExitCode> {
    refuse_workspace(path)?;
    io::open_for_update(path, io::LOCK_WAIT).map_err(|e| {
        match e {
            io::UpdateError::Load(e) => eprint_line(&format!("opplan: {}: {e}", path.display())),
            io::UpdateError::Lock(e) => eprint_line(&format!("opplan: {e}")),
        }
        ExitCode::from(2)
    })
}

/// A workspace file named where a plan is expected: refused with a
/// sentence saying what it is (exit 2). Read as a plan it would be an
/// empty one (a plan tolerates fields it does not know), which `check`
/// would call incomplete and `fmt` would write over the workspace.
fn refuse_workspace(path: &Path) -> Result<(), ExitCode> {
    if let Ok(Some(_)) = io::workspace::read_workspace(path) {
        eprint_line(&format!(
            "opplan: {} is a workspace, not a plan: use `opplan rollup {}` to see its plans together, or name one of its plans.",
            path.display(),
            path.display()
        ));
        return Err(ExitCode::from(2));
    }
    Ok(())
}
