//! How long the Risks tab takes with a register of 300 risks.
//!
//!     cargo run --release --example bench_risks
//!
//! (`BENCH_SAVE=/tmp/risks300.ron` also writes the 300-risk plan.)
//!
//! Prints the mean time of: a frame of the whole window on the Risks tab
//! with nothing changing, a frame in which one keystroke changes a risk
//! (summary and rows recomputed), the cache check alone, a full re-sort
//! and re-filter, and `calc::summarize`. Timings, not pass/fail: see the
//! report for the figures on the machine that built it.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::calc::{self, Tab};
use opplan::model::{DateField, Mitigation, Plan, Risk, RiskScore};
use opplan::ui::OpplanApp;
use opplan::ui::tabs::risks::{Cache, Filter, Sort, SortBy, content_key, content_key_of};
use std::time::Instant;

fn big_plan(n: usize) -> Plan {
    let mut plan = Plan::new_blank();
    let words = [
        "workforce",
        "capacity",
        "funding",
        "care homes",
        "discharge",
        "IT systems",
        "governance",
        "providers",
    ];
    for i in 0..n {
        let id = plan.alloc_id();
        let d = chrono::NaiveDate::from_ymd_opt(2015, 1 + (i % 12) as u32, 1 + (i % 28) as u32).unwrap();
        plan.risks.push(Risk {
            id,
            reference: format!("R{}", i + 1),
            title: format!(
                "Risk {} — {} may not deliver the planned reduction in emergency admissions across the area",
                i + 1,
                words[i % words.len()]
            ),
            description: "Cause, event and effect, as the register template asks. ".repeat(3),
            owner: format!("Owner {}", i % 17),
            category: opplan::calc::risks::RISK_CATEGORIES[i % 7].to_string(),
            review_date: Some(DateField::Date(d)),
            current: Some(RiskScore::new((i % 5) as u8 + 1, ((i / 5) % 5) as u8 + 1)),
            residual: (i % 3 == 0).then(|| RiskScore::new(1 + (i % 2) as u8, 2)),
            mitigations: (0..3)
                .map(|k| Mitigation {
                    text: format!("Action {k}: monthly review at the programme board, with escalation"),
                    owner: format!("Lead {}", (i + k) % 11),
                    due: Some(DateField::Date(d)),
                    done: k == 0,
                })
                .collect(),
            ..Default::default()
        });
    }
    plan
}

fn mean_us(n: u32, mut f: impl FnMut()) -> f64 {
    f(); // warm up
    let t = Instant::now();
    for _ in 0..n {
        f();
    }
    t.elapsed().as_secs_f64() * 1e6 / n as f64
}

fn main() {
    let n = 300;
    let plan = big_plan(n);
    // `BENCH_SAVE=/tmp/risks300.ron` also writes the plan, to open it in the window
    if let Ok(path) = std::env::var("BENCH_SAVE") {
        opplan::io::save_path(&plan, std::path::Path::new(&path)).expect("saved");
        println!("wrote {path}");
    }
    let today = chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap();

    let mut app = OpplanApp::new(plan.clone(), None);
    app.today = today;
    app.tab = Tab::Risks;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app);
    h.run();
    // sort by score, so the cache has real work to do
    h.state_mut().views.risks.sort = Sort {
        by: SortBy::Current,
        descending: true,
    };
    h.run();
    let idle = mean_us(200, || {
        h.step();
    });

    // type into the title of the top row: every frame changes the plan
    let top = {
        let app = h.state();
        let i = app.views.risks.cache.rows[0];
        format!("Risk {} title", app.plan().risks[i].reference)
    };
    h.get_by_label(&top).click();
    h.run();
    let recomputes_before = h.state().views.risks.cache.recomputes;
    let typing = mean_us(100, || {
        h.get_by_label(&top).type_text("x");
        h.step();
    });
    let recomputes = h.state().views.risks.cache.recomputes - recomputes_before;

    let mut cache = Cache::default();
    let filter = Filter::default();
    let sort = Sort {
        by: SortBy::Current,
        descending: true,
    };
    let summary = calc::summarize(&plan, today);
    // the same window with 9 risks (the Kent sample), for comparison
    let small = {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron");
        let mut app = OpplanApp::open_or_blank(&path);
        app.today = today;
        app.tab = Tab::Risks;
        let mut h = Harness::builder()
            .with_size(egui::vec2(1600.0, 1000.0))
            .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app);
        h.run();
        mean_us(200, || {
            h.step();
        })
    };
    let key = content_key(&summary);
    cache.refresh(&plan, key, today, &filter, sort, Default::default(), false);
    let check = mean_us(2000, || {
        cache.refresh(
            &plan,
            content_key(&summary),
            today,
            &filter,
            sort,
            Default::default(),
            false,
        );
    });
    let hash_all = mean_us(500, || {
        std::hint::black_box(content_key_of(&plan));
    });
    let mut k = 0u64;
    let full = mean_us(500, || {
        // a new key each time: the checks and search text are rebuilt too
        k += 1;
        cache.refresh(&plan, k, today, &filter, sort, Default::default(), true);
    });
    let search = Filter {
        text: "care homes".into(),
        ..Default::default()
    };
    let mut c2 = Cache::default();
    let searching = mean_us(500, || {
        k += 1;
        c2.refresh(&plan, k, today, &search, sort, Default::default(), true);
    });
    let summarize = mean_us(200, || {
        std::hint::black_box(calc::summarize(&plan, today));
    });

    println!("Risks tab, {n} risks, window 1600×1000 (egui_kittest, no GPU rendering):");
    println!("  frame, nothing changing:            {:>8.0} µs", idle);
    println!("  (same frame with the 9 Kent risks:   {:>8.0} µs)", small);
    println!(
        "  frame with one keystroke in a title: {:>8.0} µs  ({recomputes} row recomputes in 100 keystrokes)",
        typing
    );
    println!("  cache check per frame:               {:>8.1} µs", check);
    println!("  (hashing every risk instead:         {:>8.1} µs)", hash_all);
    println!("  full filter + sort + checks:         {:>8.1} µs", full);
    println!("  full, with a text search:            {:>8.1} µs", searching);
    println!("  calc::summarize (whole plan):        {:>8.1} µs", summarize);
}
