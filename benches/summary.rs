//! Everything computed from a plan: `calc::summarize` (totals, breakdowns,
//! RAG, checklist), and its main parts on their own.
//!
//! `cargo bench --bench summary`

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use opplan::calc;
use std::hint::black_box;

fn summary(c: &mut Criterion) {
    let today = common::today();
    let mut g = c.benchmark_group("summary");
    for (name, plan_of) in common::plans() {
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

criterion_group!(benches, summary);
criterion_main!(benches);
