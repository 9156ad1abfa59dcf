//! Frame time of the Schemes tab with 5,000 schemes. Not a pass/fail test
//! (timings depend on the machine): run it by hand in release mode and read
//! the figures it prints:
//!
//! `cargo test --release --test perf_schemes -- --ignored --nocapture`

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::calc::Tab;
use opplan::model::{Amount, Pence, Plan, RecordId, Scheme, SchemeYear};
use opplan::ui::OpplanApp;
use std::time::{Duration, Instant};

const AREAS: [&str; 4] = ["Social Care", "Other", "Acute", "Community Health"];
const SOURCES: [&str; 2] = ["CCG Minimum Contribution", "Local Authority Social Services"];
const COMMISSIONERS: [&str; 3] = ["Local Authority", "CCG", "Joint"];

/// A plan with `n` schemes, a mix of simple and split money and ranges.
fn big_plan(n: usize) -> Plan {
    let mut p = Plan::default();
    p.header.title = "5,000 schemes".into();
    p.header.years = vec!["2014/15".into(), "2015/16".into()];
    for i in 0..n {
        let mut y1 = SchemeYear::new("2014/15");
        let mut y2 = SchemeYear::new("2015/16");
        if i % 3 == 0 {
            y1.recurrent = Some(Amount::thousands((i % 97) as i64 * 10));
            y2.recurrent = Some(Amount::Range(
                Pence::from_thousands((i % 89) as i64),
                Pence::from_thousands((i % 89) as i64 + 50),
            ));
            y2.benefit_recurrent = Some(Amount::thousands(-((i % 7) as i64)));
        } else {
            y1.spend = Some(Amount::pounds(1_000 + i as i64 * 37));
            y2.spend = Some(Amount::pounds(2_000 + i as i64 * 41));
        }
        p.schemes.push(Scheme {
            id: RecordId(i as u64 + 1),
            reference: format!("BCF{:04}", i + 1),
            name: format!("Scheme number {} for the people of Kent", i + 1),
            area_of_spend: AREAS[i % AREAS.len()].into(),
            area_other: if i % AREAS.len() == 1 {
                "District Council".into()
            } else {
                String::new()
            },
            commissioner: COMMISSIONERS[i % COMMISSIONERS.len()].into(),
            provider: "Local Authority".into(),
            source_of_funding: SOURCES[i % SOURCES.len()].into(),
            programme: format!("CCG {}", i % 7),
            years: vec![y1, y2],
            description: "A scheme with a description long enough to search through.".into(),
            ..Default::default()
        });
    }
    p.next_id = n as u64 + 1;
    p
}

fn timed(
    h: &mut Harness<'static, OpplanApp>,
    frames: usize,
    mut before: impl FnMut(&mut Harness<'static, OpplanApp>, usize),
) -> (Duration, Duration) {
    let mut times = Vec::with_capacity(frames);
    for i in 0..frames {
        before(h, i);
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let worst = *times.last().unwrap();
    (median, worst)
}

#[test]
#[ignore = "a measurement, run by hand in release mode"]
fn frame_time_with_5000_schemes() {
    if let Ok(path) = std::env::var("OPPLAN_WRITE_BIG_PLAN") {
        // to look at it in the window too
        opplan::io::save_path(&big_plan(5_000), std::path::Path::new(&path)).unwrap();
    }
    let mut app = OpplanApp::new(big_plan(5_000), None);
    app.tab = Tab::Schemes;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app);
    for _ in 0..5 {
        h.step();
    }
    let (m, w) = timed(&mut h, 60, |_, _| {});
    println!("idle frame:                median {m:?}, worst {w:?}");

    h.hover_at(egui::pos2(600.0, 500.0));
    h.step();
    let (m, w) = timed(&mut h, 60, |h, _| {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Line,
            delta: egui::vec2(0.0, -3.0),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        })
    });
    println!("scrolling frame:           median {m:?}, worst {w:?}");

    h.run(); // let the scrolling settle
    // a money cell of a row now in view
    h.get_all_by_label_contains("2015/16 spend").next().unwrap().focus();
    h.run();
    let generation = h.state().doc.generation;
    let (m, w) = timed(&mut h, 40, |h, i| h.event(egui::Event::Text(((i % 9) + 1).to_string())));
    println!(
        "typing in a money cell:    median {m:?}, worst {w:?} (each keystroke changes the plan: summary recomputed)"
    );
    // every keystroke changed the plan (and so recomputed the summary)
    assert_eq!(h.state().doc.generation, generation + 40);

    h.get_by_label("Filter schemes").focus();
    h.step();
    let (m, w) = timed(&mut h, 10, |h, i| {
        h.event(egui::Event::Text(["4", "2"][i % 2].to_string()))
    });
    println!("typing in the filter:      median {m:?}, worst {w:?}");

    let plan = h.state().plan().clone();
    let today = chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let median = |f: &mut dyn FnMut()| {
        let mut v: Vec<Duration> = (0..21)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        v.sort();
        v[v.len() / 2]
    };
    println!(
        "calc::summarize alone:     median {:?}",
        median(&mut || {
            let _ = opplan::calc::summarize(&plan, today);
        })
    );
    println!(
        "  of which finance_totals: median {:?}",
        median(&mut || {
            let _ = opplan::calc::finance_totals(&plan);
        })
    );
    println!(
        "  of which fingerprint:    median {:?}",
        median(&mut || {
            let _ = opplan::calc::content_fingerprint(&plan);
        })
    );
    let fin = opplan::calc::finance_totals(&plan);
    let fp = opplan::calc::content_fingerprint(&plan);
    println!(
        "  of which checklist:      median {:?}",
        median(&mut || {
            let _ = opplan::calc::checklist::checklist(&plan, &fin, &fp, today);
        })
    );
}
