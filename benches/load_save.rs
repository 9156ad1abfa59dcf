//! Opening and saving a plan: RON text to `Plan` and back, with serde_json
//! on the same `Plan` in the same run for reference.
//!
//! `cargo bench --bench load_save`

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use opplan::model::Plan;
use std::hint::black_box;

fn load_save(c: &mut Criterion) {
    let mut g = c.benchmark_group("load_save");
    g.sample_size(20);
    for (name, plan_of) in common::with_operating() {
        // lazily: `--test` and filtered runs build only what they run
        let ron_text = || match name {
            "kent" => common::kent_text(),
            "operating" => common::operating_text(),
            _ => common::large_text(),
        };
        // pretty, like the RON we write: the same document laid out alike
        let json_text = || serde_json::to_string_pretty(plan_of()).expect("a plan serializes to JSON");

        g.bench_function(BenchmarkId::new("ron_load", name), |b| {
            let text = ron_text();
            b.iter(|| opplan::io::load_str(black_box(text)).expect("loads"))
        });
        g.bench_function(BenchmarkId::new("ron_parse_only", name), |b| {
            let text = ron_text();
            b.iter(|| ron::from_str::<Plan>(black_box(text)).expect("parses"))
        });
        g.bench_function(BenchmarkId::new("json_load", name), |b| {
            let text = json_text();
            b.iter(|| serde_json::from_str::<Plan>(black_box(&text)).expect("parses"))
        });
        g.bench_function(BenchmarkId::new("ron_save", name), |b| {
            let plan = plan_of();
            b.iter(|| opplan::io::to_ron_string(black_box(plan)))
        });
        // the save's text as written: serialized, then read back by the
        // loader and compared with the plan (what every plan save does)
        g.bench_function(BenchmarkId::new("ron_save_checked", name), |b| {
            let plan = plan_of();
            b.iter(|| opplan::io::checked_plan_text(black_box(plan), "").expect("saves"))
        });
        g.bench_function(BenchmarkId::new("json_save", name), |b| {
            let plan = plan_of();
            b.iter(|| serde_json::to_string_pretty(black_box(plan)).expect("serializes"))
        });
    }
    g.finish();
}

criterion_group!(benches, load_save);
criterion_main!(benches);
