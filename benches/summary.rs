//! Everything computed from a plan: `calc::summarize` (totals, breakdowns,
//! RAG, checklist), its main parts on their own, and the live summary the
//! window keeps (built once, then updated for the record an edit changed).
//!
//! `cargo bench --bench summary`

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use opplan::calc;
use opplan::calc::live::{Change, LiveSummary};
use opplan::model::{Amount, AmountField, Decimal, Figure, Pence, Plan, RecordKind};
use std::hint::black_box;

fn summary(c: &mut Criterion) {
    let today = common::today();
    let mut g = c.benchmark_group("summary");
    for (name, plan_of) in common::with_operating() {
        g.bench_function(BenchmarkId::new("summarize", name), |b| {
            let plan = plan_of();
            b.iter(|| calc::summarize(black_box(plan), today))
        });
        g.bench_function(BenchmarkId::new("finance_totals", name), |b| {
            let plan = plan_of();
            b.iter(|| calc::finance_totals(black_box(plan)))
        });
        g.bench_function(BenchmarkId::new("content_fingerprint", name), |b| {
            let plan = plan_of();
            b.iter(|| calc::content_fingerprint(black_box(plan)))
        });
        g.bench_function(BenchmarkId::new("checklist", name), |b| {
            let plan = plan_of();
            let fin = calc::finance_totals(plan);
            let fp = calc::content_fingerprint(plan);
            b.iter(|| calc::checklist::checklist(black_box(plan), &fin, &fp, today))
        });
    }
    g.finish();
}

/// The summary the window keeps: built once, then updated for the record
/// an edit changed (here the first scheme's first QIPP saving and first
/// amount, the first metric's first target, the first risk's title, the
/// plan's title), on the operating plan too.
fn live(c: &mut Criterion) {
    let today = common::today();
    let mut g = c.benchmark_group("live_summary");
    for (name, plan_of) in common::with_operating() {
        g.bench_function(BenchmarkId::new("build", name), |b| {
            let plan = plan_of();
            b.iter(|| LiveSummary::new(black_box(plan), today))
        });
        type Edit = fn(&mut Plan, bool) -> Change;
        let edits: [(&str, Edit); 5] = [
            // the Finance tab's keystroke: the first scheme's first QIPP
            // saving (on a plan without QIPP, one is added, then changed)
            ("update_qipp", |p, odd| {
                let year = p.header.years[0].clone();
                let s = &mut p.schemes[0];
                let saving = Some(Amount::Exact(Pence(if odd { 1_234_500 } else { 1_234_000 })));
                match s.qipp.iter_mut().find(|q| q.year == year) {
                    Some(q) => q.saving = saving,
                    None => s.qipp.push(opplan::model::QippYear {
                        year,
                        saving,
                        ..Default::default()
                    }),
                }
                Change::Record {
                    kind: RecordKind::Schemes,
                    id: s.id,
                    at: 0,
                }
            }),
            ("update_scheme", |p, odd| {
                let year = p.header.years[0].clone();
                let s = &mut p.schemes[0];
                *s.year_mut(&year).get_mut(AmountField::Spend) =
                    Some(Amount::Exact(Pence(if odd { 1_234_500 } else { 1_234_000 })));
                Change::Record {
                    kind: RecordKind::Schemes,
                    id: s.id,
                    at: 0,
                }
            }),
            ("update_metric", |p, odd| {
                let m = &mut p.metrics[0];
                m.periods[0].target = Some(Figure::Value(Decimal::new(if odd { 955 } else { 950 }, 1)));
                Change::Record {
                    kind: RecordKind::Metrics,
                    id: m.id,
                    at: 0,
                }
            }),
            ("update_risk", |p, odd| {
                let r = &mut p.risks[0];
                if odd {
                    r.title.push('x')
                } else {
                    r.title.pop();
                }
                Change::Record {
                    kind: RecordKind::Risks,
                    id: r.id,
                    at: 0,
                }
            }),
            ("update_header", |p, odd| {
                if odd {
                    p.header.title.push('x')
                } else {
                    p.header.title.pop();
                }
                Change::Header
            }),
        ];
        for (what, edit) in edits {
            g.bench_function(BenchmarkId::new(what, name), |b| {
                let mut plan = plan_of().clone();
                let mut live = LiveSummary::new(&plan, today);
                let mut odd = false;
                b.iter(|| {
                    odd = !odd;
                    let change = edit(&mut plan, odd);
                    live.update(&plan, today, &[change]);
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, summary, live);
criterion_main!(benches);
