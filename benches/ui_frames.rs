//! One frame of the window on each tab, driven headless with egui_kittest:
//! layout (the whole `OpplanApp::show`), then tessellation of what it drew,
//! as eframe does before handing meshes to the GPU. Nothing is rendered
//! (`Harness::step` only runs the UI pass and updates the accessibility
//! tree; the wgpu renderer is built lazily on a snapshot, which never
//! happens here).
//!
//! For every tab and plan:
//! - `idle`: nothing changes between frames (hovering, a blinking cursor);
//! - `edit`: a keystroke's edit to a record the tab shows is asked for
//!   before each frame (`OpplanApp::run`, applied at the start of the
//!   frame as the UI's commands are: undo step, new generation, the record
//!   it changes), so the frame updates the summary and the tab's caches as
//!   it does while someone types.
//!
//! Also, on the Schemes tab of the large plan: typing into a money cell
//! through the keyboard, undo and redo of a typing step (one record put
//! back: updated in place), scrolling, typing in the filter; structural
//! edits (add, duplicate, delete, move a scheme, paste 20 rows); and the
//! Risks tab with a register of 300 risks; and the operating plan's tabs
//! (Objectives, the milestone timeline, Metrics, Narrative) on a plan of
//! 200 objectives, 5,000 milestones and 1,000 metrics × 12 months.
//!
//! kittest's `step` also builds the accessibility (AccessKit) tree of every
//! frame and diffs it with the last; a desktop window does that only when
//! a screen reader is connected. So the Schemes and Finance tabs' idle and
//! edit frames and the structural edits are measured twice: through kittest
//! (`frame/...`) and as eframe runs a frame without a screen reader
//! (`plain/...`: the UI pass with AccessKit off, then tessellation).
//!
//! `cargo bench --bench ui_frames`

mod common;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::model::field::PeriodPart;
use opplan::model::{Amount, Decimal, Field, Figure, MoneyPart, Pence, Plan, PlanEdit, RecordKind, Value};
use opplan::ui::{Edit, OpplanApp, Tab, UiCommand};
use std::hint::black_box;

/// The window size of every frame: a laptop screen.
const SIZE: egui::Vec2 = egui::vec2(1600.0, 1000.0);

/// The window on a plan, after `setup` (which picks the tab, or a mode),
/// with its first frames run so caches and fonts are warm.
fn harness(plan: &Plan, setup: &dyn Fn(&mut OpplanApp)) -> Harness<'static, OpplanApp> {
    let mut app = OpplanApp::new(plan.clone(), None).with_today(common::today());
    setup(&mut app);
    let mut h = Harness::builder()
        .with_size(SIZE)
        .build_ui_state(|ui, app: &mut OpplanApp| app.show(ui), app);
    for _ in 0..4 {
        h.step();
    }
    h
}

/// One frame: the UI pass, then tessellation (the CPU side of painting).
fn frame(h: &mut Harness<'static, OpplanApp>) {
    h.step();
    let shapes = h.output().shapes.clone();
    black_box(h.ctx.tessellate(shapes, h.ctx.pixels_per_point()));
}

/// One frame as a desktop window without a screen reader runs it: the UI
/// pass on the harness's context with AccessKit off (eframe builds the
/// accessibility tree only when a screen reader asks; kittest builds and
/// diffs it on every step), then tessellation. The harness's input is
/// taken as its own step takes it; its accessibility tree catches up on
/// its next step. Nothing is rendered in these benchmarks, so the font
/// atlas's updates of a plain frame are dropped.
fn plain_frame(h: &mut Harness<'static, OpplanApp>) {
    let ctx = h.ctx.clone();
    let input = h.input_mut().take();
    ctx.disable_accesskit();
    let mut out = ctx.run_ui(input, |ui| h.state_mut().show(ui));
    ctx.enable_accesskit();
    let shapes = std::mem::take(&mut out.shapes);
    black_box(ctx.tessellate(shapes, out.pixels_per_point));
    // nothing is rendered here: the font atlas's updates are not needed
    out.drop_without_applying_deltas();
}

/// How a measured frame is run: through kittest (`frame`), or as a window
/// without a screen reader (`plain_frame`).
type FrameFn = fn(&mut Harness<'static, OpplanApp>);

/// An edit like one keystroke in a field the tab shows: `odd` alternates
/// between two values so the plan keeps changing without growing.
fn keystroke(plan: &Plan, tab: Tab, odd: bool) -> Edit {
    let text = |t: &str| {
        let mut t = t.to_string();
        if odd {
            t.push('x');
        } else {
            t.pop();
        }
        Value::Text(t)
    };
    let set = |kind, id, field, value| Edit::typing("Type", "bench", PlanEdit::set(kind, id, field, value));
    match tab {
        Tab::Plan => {
            let mut h = plan.header.clone();
            h.title = match text(&h.title) {
                Value::Text(t) => t,
                _ => String::new(),
            };
            Edit::typing("Edit plan title", "bench-title", PlanEdit::SetHeader(Box::new(h)))
        }
        Tab::Metrics => set(
            RecordKind::Metrics,
            plan.metrics[0].id,
            Field::Period {
                n: 1,
                part: PeriodPart::Target,
            },
            Value::Figure(
                Figure::Value(Decimal::new(if odd { 955 } else { 950 }, 1)),
                Default::default(),
            ),
        ),
        Tab::Risks => set(
            RecordKind::Risks,
            plan.risks[0].id,
            Field::RiskTitle,
            text(&plan.risks[0].title),
        ),
        Tab::SignOffs => set(
            RecordKind::SignOffs,
            plan.signoffs[0].id,
            Field::SignOffComment,
            text(&plan.signoffs[0].comment),
        ),
        // the Finance tab: a QIPP saving of the first scheme
        Tab::Finance => {
            let mut s = plan.schemes[0].clone();
            let year = plan.header.years[0].clone();
            let saving = Some(Amount::Exact(Pence(if odd { 1_234_500 } else { 1_234_000 })));
            match s.qipp.iter_mut().find(|q| q.year == year) {
                Some(q) => q.saving = saving,
                None => s.qipp.push(opplan::model::QippYear {
                    year,
                    saving,
                    ..Default::default()
                }),
            }
            Edit::typing("Edit QIPP saving", "bench-qipp", PlanEdit::put(s))
        }
        // an objective's title, a section's text (the plan needs one)
        Tab::Objectives if !plan.objectives.is_empty() => set(
            RecordKind::Objectives,
            plan.objectives[0].id,
            Field::ObjectiveTitle,
            text(&plan.objectives[0].title),
        ),
        Tab::Narrative if !plan.sections.is_empty() => set(
            RecordKind::Sections,
            plan.sections[0].id,
            Field::SectionText,
            text(&plan.sections[0].text),
        ),
        // the Overview and the Schemes tab show money: change an amount
        // (and on the operating tabs of a plan without their records)
        Tab::Overview | Tab::Schemes | Tab::Objectives | Tab::Narrative => set(
            RecordKind::Schemes,
            plan.schemes[0].id,
            Field::Money {
                year: plan.header.years[0].clone(),
                part: MoneyPart::Spend,
            },
            Value::Money(Amount::Exact(Pence(if odd { 1_234_500 } else { 1_234_000 }))),
        ),
    }
}

/// Benchmarks the idle and the editing frame of one view of the window on
/// each plan. `setup` puts the app in that view; `tab` says which record
/// the keystroke edits; `group` is the benchmark group's first word
/// ("frame" through kittest, "plain" without a screen reader), `run` the
/// matching frame.
fn view_frames(
    c: &mut Criterion,
    (group, run): (&str, FrameFn),
    view: &str,
    tab: Tab,
    plans: &[(&'static str, common::PlanOf)],
    setup: &dyn Fn(&mut OpplanApp),
) {
    let mut g = c.benchmark_group(format!("{group}/{view}"));
    g.sample_size(30);
    for &(name, plan_of) in plans {
        // criterion calls each routine many times: build the window once,
        // on first use (a filtered-out benchmark builds nothing)
        let mut idle = None;
        g.bench_function(BenchmarkId::new("idle", name), |b| {
            let h = idle.get_or_insert_with(|| harness(plan_of(), setup));
            assert_eq!(
                h.state().is_presenting(),
                view == "presentation",
                "the view is the one named"
            );
            b.iter(|| run(h))
        });
        drop(idle);
        let mut edit = None;
        let mut odd = false;
        g.bench_function(BenchmarkId::new("edit", name), |b| {
            let h = edit.get_or_insert_with(|| harness(plan_of(), setup));
            b.iter(|| {
                odd = !odd;
                let edit = keystroke(h.state().plan(), tab, odd);
                h.state_mut().run(edit);
                run(h)
            })
        });
    }
    g.finish();
}

/// Through kittest (the figures of the README's table).
const KITTEST: (&str, FrameFn) = ("frame", frame);
/// As a desktop window without a screen reader runs a frame.
const PLAIN: (&str, FrameFn) = ("plain", plain_frame);

fn tab_frames(c: &mut Criterion) {
    for tab in Tab::ALL {
        // the Finance tab also on the operating plan (issue 15: under 4 ms)
        let plans: &[(&'static str, common::PlanOf)] = if tab == Tab::Finance {
            &common::with_operating()
        } else {
            &common::plans()
        };
        view_frames(c, KITTEST, &tab.word().to_lowercase(), tab, plans, &move |app| {
            app.run(UiCommand::ShowTab(tab))
        });
    }
    // presentation mode on the Overview (as `--present` asks for it: the
    // first frames enter it), a keystroke to a scheme's money between frames
    view_frames(c, KITTEST, "presentation", Tab::Overview, &common::plans(), &|app| {
        app.run(UiCommand::ShowTab(Tab::Overview));
        app.run(UiCommand::TogglePresentation);
    });
    // every tab again without the accessibility tree: what the desktop
    // app spends on a frame when no screen reader is connected (the
    // Finance tab on the operating plan too, issue 15)
    for tab in Tab::ALL {
        let plans: &[(&'static str, common::PlanOf)] = if tab == Tab::Finance {
            &common::with_operating()
        } else {
            &common::plans()
        };
        view_frames(c, PLAIN, &tab.word().to_lowercase(), tab, plans, &move |app| {
            app.run(UiCommand::ShowTab(tab))
        });
    }
}

/// The Schemes tab of the large plan: typing digits into the first
/// editable money cell through the keyboard (alternately a digit and
/// Backspace: the widget parses, the command applies, the summary and the
/// rows are recomputed), scrolling the table, and typing in the filter.
fn schemes_interaction(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame/schemes");
    g.sample_size(30);
    let schemes = |app: &mut OpplanApp| app.run(UiCommand::ShowTab(Tab::Schemes));

    let mut typing = None;
    g.bench_function(BenchmarkId::new("typing_money", "large"), |b| {
        let (h, keys, i, before) = typing.get_or_insert_with(|| {
            let plan = common::large();
            let mut h = harness(plan, &schemes);
            // the first row (in view) whose first year is not split: its
            // spend cell takes input
            let year = &plan.header.years[0];
            let i = plan
                .schemes
                .iter()
                .position(|s| s.year(year).is_some_and(|y| !y.is_split()))
                .expect("a scheme with unsplit spend");
            assert!(i < 10, "the cell is in view");
            h.get_by_label(&format!("Scheme {} {year} spend", i + 1)).focus();
            h.step();
            let before = plan.schemes[i].year(year).and_then(|y| y.spend);
            (h, 0u64, i, before)
        });
        let mut typed = 0;
        b.iter(|| {
            // "7" over the selected amount, then Backspace, in turn
            if (*keys + typed) % 2 == 0 {
                h.event(egui::Event::Text("7".into()));
            } else {
                h.key_press(egui::Key::Backspace);
            }
            typed += 1;
            frame(h)
        });
        *keys += typed;
        // every keystroke reached the plan (so this measured edits): after
        // a "7" the cell holds a new amount, after Backspace none
        let year = &common::large().header.years[0];
        let spend = h.state().plan().schemes[*i].year(year).and_then(|y| y.spend);
        if *keys % 2 == 1 {
            assert!(spend.is_some() && spend != *before, "{spend:?}");
        } else if *keys > 0 {
            assert_eq!(spend, None);
        }
    });
    drop(typing);

    // undo and redo of a typing step, alternately (each puts one scheme
    // back as it was: the summary follows that record)
    let mut undoing = None;
    let mut back = false;
    g.bench_function(BenchmarkId::new("undo_redo_typing", "large"), |b| {
        let h = undoing.get_or_insert_with(|| {
            let mut h = harness(common::large(), &schemes);
            let edit = keystroke(h.state().plan(), Tab::Schemes, true);
            h.state_mut().run(edit);
            h.step();
            h
        });
        b.iter(|| {
            back = !back;
            h.state_mut().run(if back { UiCommand::Undo } else { UiCommand::Redo });
            frame(h);
            // there was a step to undo or redo
            assert_eq!(h.state().history().redo_count(), usize::from(back));
        })
    });
    drop(undoing);

    let mut scrolling = None;
    g.bench_function(BenchmarkId::new("scrolling", "large"), |b| {
        let (h, down) = scrolling.get_or_insert_with(|| {
            let h = harness(common::large(), &schemes);
            h.hover_at(egui::pos2(SIZE.x / 2.0, SIZE.y / 2.0));
            (h, 0u32)
        });
        b.iter(|| {
            // three lines at a time, 200 down then back up
            *down = (*down + 1) % 400;
            let dy = if *down < 200 { -3.0 } else { 3.0 };
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Line,
                delta: egui::vec2(0.0, dy),
                modifiers: egui::Modifiers::NONE,
                phase: egui::TouchPhase::Move,
                source: egui::MouseWheelSource::Wheel,
            });
            frame(h)
        })
    });
    drop(scrolling);

    let mut filtering = None;
    g.bench_function(BenchmarkId::new("typing_filter", "large"), |b| {
        let (h, keys) = filtering.get_or_insert_with(|| {
            let mut h = harness(common::large(), &schemes);
            h.get_by_label("Filter schemes").focus();
            h.step();
            (h, 0u64)
        });
        b.iter(|| {
            // "care", then back to nothing: the rows are filtered again on
            // every key
            let k = *keys % 8;
            *keys += 1;
            if k < 4 {
                h.event(egui::Event::Text(["c", "a", "r", "e"][k as usize].into()));
            } else {
                h.key_press(egui::Key::Backspace);
            }
            frame(h)
        })
    });
    g.finish();
}

/// A structural edit on the Schemes tab of the large plan, as the user
/// asks for it: add a scheme below the selected one, duplicate it, delete
/// it, move it up (the command table's actions, on the third row), and
/// paste 20 new rows through the paste dialog. Each measured frame applies
/// the edit (undo step, summary, the tab's caches) and draws the result;
/// between frames, untimed, the edit is undone and the third row selected
/// again, so every frame starts from the same 5,000 schemes.
/// Measured through kittest (`frame/structural`) and as a window without
/// a screen reader (`plain/structural`).
fn structural_edits(c: &mut Criterion) {
    for (group, run) in [KITTEST, PLAIN] {
        structural_edits_by(c, group, run);
    }
}

fn structural_edits_by(c: &mut Criterion, group: &str, run: FrameFn) {
    let mut g = c.benchmark_group(format!("{group}/structural"));
    g.sample_size(20);
    let schemes = |app: &mut OpplanApp| app.run(UiCommand::ShowTab(Tab::Schemes));
    let paste_text = |plan: &Plan| {
        let year = &plan.header.years[0];
        let mut t = format!("Scheme name\tArea of spend\tCommissioner\t{year} (£000)\n");
        for i in 0..20 {
            t.push_str(&format!("Pasted scheme {i}\tSocial Care\tCCG\t{}\n", 100 + i));
        }
        t
    };
    for (name, grows) in [
        ("add", 1isize),
        ("duplicate", 1),
        ("delete", -1),
        ("move", 0),
        ("paste_20", 20),
    ] {
        let mut state = None;
        g.bench_function(BenchmarkId::new(name, "large"), |b| {
            let h = state.get_or_insert_with(|| harness(common::large(), &schemes));
            let n = common::large().schemes.len();
            b.iter_custom(|iters| {
                let mut total = std::time::Duration::ZERO;
                for _ in 0..iters {
                    // untimed: back to the plan as it was, the third row selected
                    while h.state().history().undo_count() > 0 {
                        h.state_mut().run(UiCommand::Undo);
                        h.step();
                    }
                    assert_eq!(h.state().plan().schemes.len(), n);
                    h.get_by_label("Select scheme 3").click();
                    h.step();
                    let mut asked = opplan::ui::Commands::default();
                    if name == "paste_20" {
                        let plan = h.state().plan();
                        let mut d = opplan::ui::paste::PasteDialog::paste(
                            plan,
                            opplan::model::field::RecordKind::Schemes,
                            opplan::interop::import::Target::NewRows,
                            None,
                            Some(paste_text(plan)),
                        );
                        assert_eq!(d.preview(plan).adds(), 20);
                        let start = std::time::Instant::now();
                        d.apply(h.state().plan(), &mut asked);
                        for c in asked.0 {
                            h.state_mut().run(c);
                        }
                        run(h);
                        total += start.elapsed();
                    } else {
                        let command = match name {
                            "add" => UiCommand::AddScheme,
                            "duplicate" => UiCommand::DuplicateScheme,
                            "delete" => UiCommand::DeleteScheme,
                            _ => UiCommand::MoveSchemeUp,
                        };
                        let start = std::time::Instant::now();
                        h.state_mut().run(command);
                        run(h);
                        total += start.elapsed();
                    }
                    assert_eq!(h.state().plan().schemes.len() as isize, n as isize + grows);
                    assert_eq!(h.state().history().undo_count(), 1, "one undo step");
                }
                total
            })
        });
    }
    g.finish();
}

/// The Risks tab with a register of 300 risks (issue 5's target).
fn risks_300(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame/risks");
    g.sample_size(30);
    let setup = |app: &mut OpplanApp| app.run(UiCommand::ShowTab(Tab::Risks));
    let mut idle = None;
    g.bench_function(BenchmarkId::new("idle", "risks300"), |b| {
        let h = idle.get_or_insert_with(|| harness(common::risks300(), &setup));
        b.iter(|| frame(h))
    });
    drop(idle);
    let mut edit = None;
    let mut odd = false;
    g.bench_function(BenchmarkId::new("edit", "risks300"), |b| {
        let h = edit.get_or_insert_with(|| harness(common::risks300(), &setup));
        b.iter(|| {
            odd = !odd;
            let edit = keystroke(h.state().plan(), Tab::Risks, odd);
            h.state_mut().run(edit);
            frame(h)
        })
    });
    g.finish();
}

/// The Consolidation view (File › Open workspace…) over the Kent plan,
/// idle: the bundled Kent workspace and 40 plans of 500 schemes (issue
/// 17's target: under 4 ms), through kittest (`frame/consolidation`) and
/// as a window without a screen reader (`plain/consolidation`). The
/// rollup is computed when the workspace is read, not by the frames.
fn consolidation_view(c: &mut Criterion) {
    use opplan::ui::Command;
    use opplan::ui::data::DataCommand;
    let kent = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent");
    let forty = common::workspace_folder();
    for (group, run) in [KITTEST, PLAIN] {
        let mut g = c.benchmark_group(format!("{group}/consolidation"));
        g.sample_size(30);
        for (name, path) in [("kent", kent.as_path()), ("40_plans_500_schemes", forty.path())] {
            let show = |app: &mut OpplanApp| app.run(Command::Data(DataCommand::ShowWorkspace(path.to_path_buf())));
            let mut h = harness(common::kent(), &show);
            assert!(
                h.query_by_label_contains("Consolidation: ").is_some(),
                "the view is open: {}",
                h.state().status()
            );
            g.bench_function(BenchmarkId::new("idle", name), |b| b.iter(|| run(&mut h)));
        }
        g.finish();
    }
}

/// Every tab on the plan of issue 16's target (200 objectives, 5,000
/// milestones, 1,000 metrics × 12 monthly periods), the Objectives tab
/// twice (an objective's details, and the milestone timeline, which lays
/// out only the rows in view), idle and with a keystroke's edit before
/// each frame.
/// Measured through kittest (`frame/operating`) and as a window without a
/// screen reader (`plain/operating`).
fn operating_frames(c: &mut Criterion) {
    for (group, run) in [KITTEST, PLAIN] {
        operating_frames_by(c, group, run);
    }
}

fn operating_frames_by(c: &mut Criterion, group: &str, run: FrameFn) {
    let mut g = c.benchmark_group(format!("{group}/operating"));
    g.sample_size(30);
    let views: [(&str, Tab, bool); 10] = [
        ("overview", Tab::Overview, false),
        ("plan", Tab::Plan, false),
        ("objectives", Tab::Objectives, false),
        ("timeline", Tab::Objectives, true),
        ("schemes", Tab::Schemes, false),
        ("finance", Tab::Finance, false),
        ("metrics", Tab::Metrics, false),
        ("risks", Tab::Risks, false),
        ("sign-offs", Tab::SignOffs, false),
        ("narrative", Tab::Narrative, false),
    ];
    for (view, tab, timeline) in views {
        let open = || {
            let mut h = harness(common::objectives(), &|app: &mut OpplanApp| {
                app.run(UiCommand::ShowTab(tab))
            });
            if timeline {
                h.get_by_label("Milestones by quarter").click();
                for _ in 0..4 {
                    h.step();
                }
                assert!(
                    h.query_all_by_label("Milestones by quarter").count() > 1,
                    "the timeline is shown"
                );
            }
            h
        };
        let mut idle = None;
        g.bench_function(BenchmarkId::new("idle", view), |b| {
            let h = idle.get_or_insert_with(open);
            b.iter(|| run(h))
        });
        drop(idle);
        let mut edit = None;
        let mut odd = false;
        g.bench_function(BenchmarkId::new("edit", view), |b| {
            let h = edit.get_or_insert_with(open);
            b.iter(|| {
                odd = !odd;
                let edit = keystroke(h.state().plan(), tab, odd);
                h.state_mut().run(edit);
                run(h)
            })
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    tab_frames,
    schemes_interaction,
    structural_edits,
    risks_300,
    consolidation_view,
    operating_frames
);
criterion_main!(benches);
