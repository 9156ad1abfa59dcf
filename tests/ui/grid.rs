//! Spreadsheet habits in the Schemes table (issue 19): a block of cells
//! selected from the keyboard, pasted over from Excel, filled down, and
//! find and replace across the plan, each one undo step.

use crate::support::{self, copied, drag, focused, keys};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::calc::find::{Query, find};
use opplan::model::{Amount, Plan};
use opplan::ui::{OpplanApp, Tab};

fn typed(h: &mut Harness<'static, OpplanApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

fn spend(plan: &Plan, i: usize, year: &str) -> Option<Amount> {
    plan.schemes[i].year(year).and_then(|y| y.spend)
}

fn kent() -> Harness<'static, OpplanApp> {
    support::window_sized(support::sample("kent-bcf-2015-16.ron"), egui::vec2(1600.0, 1000.0))
}

#[test]
fn paste_a_block_from_excel_fill_down_and_replace_a_provider_without_the_mouse() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    let steps = h.state().history().undo_count();

    // 1. a block of three 2015/16 amounts, selected with Shift+Down
    h.get_by_label("Scheme 6 2015/16 spend").focus();
    h.run();
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    h.get_by_label_contains("3 rows \u{d7} 1 column selected");
    assert_eq!(focused(&h).as_deref(), Some("Scheme 6 2015/16 spend"));

    // 2. amounts copied from Excel pasted over it: the preview shows old and new per cell
    h.event(Event::Paste("1,000\r\n2,000\r\n3,500\r\n".into()));
    h.run();
    h.get_by_label("Paste into Schemes");
    assert!(h.query_all(by().label_contains("to 3,500")).next().is_some());
    h.get_by_role_and_label(Role::Button, "Update 3 schemes").focus();
    h.run();
    keys(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.query_by_label("Paste into Schemes").is_none());
    let plan = h.state().plan();
    assert_eq!(spend(plan, 5, "2015/16"), Some(Amount::thousands(1_000)));
    assert_eq!(spend(plan, 6, "2015/16"), Some(Amount::thousands(2_000)));
    assert_eq!(spend(plan, 7, "2015/16"), Some(Amount::thousands(3_500)));
    assert_eq!(h.state().history().undo_count(), steps + 1);

    // 3. fill the 2015/16 column down from scheme 6 to scheme 9
    let top = spend(h.state().plan(), 5, "2015/16");
    let ninth_before = spend(h.state().plan(), 8, "2015/16");
    assert_ne!(top, ninth_before, "the rows differ, so the fill is seen");
    h.get_by_label("Scheme 6 2015/16 spend").focus();
    h.run();
    for _ in 0..3 {
        keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    }
    keys(&mut h, Modifiers::COMMAND, Key::D);
    let plan = h.state().plan();
    for i in 6..9 {
        assert_eq!(spend(plan, i, "2015/16"), top, "scheme {}", i + 1);
    }
    assert_ne!(spend(plan, 9, "2015/16"), top, "the row below the block is left alone");
    assert_eq!(plan.schemes.len(), 12, "Ctrl+D fills; it no longer duplicates");
    assert_eq!(h.state().history().undo_count(), steps + 2);

    // 4. find and replace a provider name
    keys(&mut h, Modifiers::COMMAND, Key::H);
    assert_eq!(focused(&h).as_deref(), Some("Find text"));
    typed(&mut h, "Local Authority");
    let q = Query {
        text: "Local Authority".into(),
        match_case: false,
    };
    let n = find(h.state().plan(), &q, "").len();
    assert!(n >= 4, "{n}");
    h.get_by_label_contains(&format!("in {n} fields"));
    keys(&mut h, Modifiers::NONE, Key::Tab);
    keys(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Replace with"));
    typed(&mut h, "Kent County Council");
    let previews = h
        .query_all(
            by().label_contains("Provider: \u{201c}Local Authority\u{201d} to \u{201c}Kent County Council\u{201d}"),
        )
        .count();
    assert_eq!(previews, 4, "each match shows its record, field, before and after");
    keys(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Replace all"));
    keys(&mut h, Modifiers::NONE, Key::Enter);
    let plan = h.state().plan();
    assert!(find(plan, &q, "").is_empty());
    assert_eq!(
        plan.schemes
            .iter()
            .filter(|s| s.provider == "Kent County Council")
            .count(),
        4
    );
    assert_eq!(h.state().history().undo_count(), steps + 3);
    // one undo step brings every match back
    support::run(&mut h, opplan::ui::command::UiCommand::Undo);
    assert_eq!(find(h.state().plan(), &q, "").len(), n);
}

#[test]
fn a_block_copies_tab_separated_with_plain_amounts() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    h.get_by_label("Scheme 1 2014/15 spend").focus();
    h.run();
    keys(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    h.get_by_label_contains("2 rows \u{d7} 2 columns selected");
    h.event(Event::Copy);
    h.step();
    // 2014/15 blank, 2015/16 £3,432k and £7,208k, in the plan's £000
    assert_eq!(copied(&h), vec!["\t3432\n\t7208\n".to_string()]);
    h.run();
    // Shift+Left shrinks it back to one column; the focus never left the first cell
    keys(&mut h, Modifiers::SHIFT, Key::ArrowLeft);
    h.get_by_label_contains("2 rows \u{d7} 1 column selected");
    assert_eq!(focused(&h).as_deref(), Some("Scheme 1 2014/15 spend"));
    // once typed in, Shift+arrows are the cell's own (they select text)
    typed(&mut h, "5");
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    assert_eq!(focused(&h).as_deref(), Some("Scheme 1 2014/15 spend"));
    assert!(h.query_by_label_contains("selected: Ctrl+C").is_none());
}

#[test]
fn shift_click_selects_a_block_from_the_focused_cell() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    h.get_by_label("Scheme 1 2015/16 spend").focus();
    h.run();
    h.get_by_label("Scheme 3 provider").click_modifiers(Modifiers::SHIFT);
    h.run();
    h.get_by_label_contains("3 rows \u{d7} ");
    assert_eq!(focused(&h).as_deref(), Some("Scheme 1 2015/16 spend"));
    // from the provider column to the 2015/16 amounts, rows 1 to 3
    h.event(Event::Copy);
    h.step();
    let text = copied(&h).concat();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text:?}");
    assert!(lines[0].starts_with("Local Authority\t"), "{text:?}");
    assert!(lines[0].ends_with("\t3432"), "{text:?}");
    assert!(lines[1].ends_with("\t7208"), "{text:?}");
}

#[test]
fn fill_down_is_one_undo_step_and_a_single_cell_takes_the_row_above() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    let before = h.state().plan().clone();
    // one cell: Ctrl+D copies the cell above into it (as Excel does)
    assert_ne!(before.schemes[4].provider, before.schemes[3].provider);
    h.get_by_label("Scheme 5 provider").focus();
    h.run();
    keys(&mut h, Modifiers::COMMAND, Key::D);
    assert_eq!(h.state().plan().schemes[4].provider, before.schemes[3].provider);
    // a block of names: the top one into the three below
    h.get_by_label("Scheme 1 name").focus();
    h.run();
    for _ in 0..3 {
        keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    }
    keys(&mut h, Modifiers::COMMAND, Key::D);
    let names: Vec<&str> = h.state().plan().schemes[..5].iter().map(|s| s.name.as_str()).collect();
    let top = before.schemes[0].name.as_str();
    assert_eq!(names, vec![top, top, top, top, before.schemes[4].name.as_str()]);
    // one Undo takes the whole fill back
    h.key_press(Key::Escape);
    h.run();
    support::run(&mut h, opplan::ui::command::UiCommand::Undo);
    assert_eq!(h.state().plan().schemes[1].name, before.schemes[1].name);
    assert_eq!(h.state().plan().schemes[3].name, before.schemes[3].name);
    assert_eq!(h.state().plan().schemes[4].provider, before.schemes[3].provider);
}

#[test]
fn enter_and_f3_go_to_each_match_and_select_its_record() {
    let mut h = kent();
    let q = Query {
        text: "carers".into(),
        match_case: false,
    };
    let matches = find(h.state().plan(), &q, "");
    assert!(matches.len() >= 2);
    keys(&mut h, Modifiers::COMMAND, Key::F);
    assert_eq!(focused(&h).as_deref(), Some("Find text"));
    assert!(
        h.query_by_label("Replace with").is_none(),
        "Find alone has no Replace field"
    );
    typed(&mut h, "carers");
    keys(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().tab(), Tab::Schemes);
    let first = h
        .state()
        .plan()
        .schemes
        .iter()
        .position(|s| Some(s.id) == matches[0].record_id())
        .unwrap();
    // the scheme's details show beside the table
    let title = format!("Scheme {}: {}", first + 1, h.state().plan().schemes[first].name);
    h.get_by_label(&title);
    // Enter kept the keyboard in the Find field: Enter again is the next match
    assert_eq!(focused(&h).as_deref(), Some("Find text"));
    keys(&mut h, Modifiers::NONE, Key::Enter);
    // F3 goes on, round to the first after the last
    for _ in 0..matches.len() - 1 {
        keys(&mut h, Modifiers::NONE, Key::F3);
    }
    assert_eq!(h.state().tab(), Tab::Schemes);
    h.get_by_label(&title);
}

#[test]
fn f6_takes_the_keyboard_from_the_tab_bar_to_the_table() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    h.get_by_role_and_label(Role::Button, "Schemes (12)").focus();
    h.run();
    keys(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(focused(&h).as_deref(), Some("Scheme 1 name"));
    // with a scheme selected, its row
    h.get_by_label("Select scheme 5").click();
    h.run();
    keys(&mut h, Modifiers::NONE, Key::F6);
    assert_eq!(focused(&h).as_deref(), Some("Scheme 5 name"));
}

#[test]
fn columns_hidden_in_a_plan_stay_hidden_in_that_plan_only() {
    let data = tempfile::tempdir().unwrap();
    let files = tempfile::tempdir().unwrap();
    let a = files.path().join("a.ron");
    let b = files.path().join("b.ron");
    std::fs::copy(support::sample_path("kent-bcf-2015-16.ron"), &a).unwrap();
    std::fs::copy(support::sample_path("kent-bcf-2015-16.ron"), &b).unwrap();
    let open = |path: &std::path::Path| {
        let mut app = OpplanApp::open_or_blank(path);
        app.attach_data_dir(data.path().to_path_buf());
        let mut h = support::window_sized(app, egui::vec2(1600.0, 1000.0));
        support::show_tab(&mut h, Tab::Schemes);
        h
    };
    let mut h = open(&a);
    h.get_by_label("Scheme 1 provider");
    h.get_by_label("Columns").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Provider").click();
    h.run();
    h.key_press(Key::Escape);
    h.run();
    assert!(h.query_by_label("Scheme 1 provider").is_none());
    support::wait(&mut h, 2.0);
    drop(h);
    // a.ron opens without it; b.ron, another plan, keeps the default
    let h = open(&a);
    assert!(h.query_by_label("Scheme 1 provider").is_none());
    h.get_by_label("Scheme 1 source of funding");
    drop(h);
    let h = open(&b);
    h.get_by_label("Scheme 1 provider");
}

#[test]
fn edit_fill_down_fills_the_block_the_keys_selected() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    let before = h.state().plan().clone();
    assert_ne!(before.schemes[5].provider, before.schemes[3].provider);
    h.get_by_label("Scheme 4 provider").focus();
    h.run();
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    // Edit › Fill down (the topmost "Edit": the tab has Edit buttons too)
    h.query_all(by().label("Edit"))
        .min_by(|a, b| a.rect().top().total_cmp(&b.rect().top()))
        .unwrap()
        .click();
    h.run();
    h.get_by_label_contains("Fill down").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.schemes[4].provider, before.schemes[3].provider);
    assert_eq!(plan.schemes[5].provider, before.schemes[3].provider);
    assert_eq!(plan.schemes[6].provider, before.schemes[6].provider);
}

/// The value of the input named `label`.
fn value_of(h: &Harness<'static, OpplanApp>, label: &str) -> String {
    h.get_by_label(label).accesskit_node().value().unwrap_or_default()
}

#[test]
fn a_cancelled_delete_leaves_the_risk_selected_and_a_done_one_selects_the_next() {
    let mut plan = support::sample_plan("kent-bcf-2015-16.ron");
    plan.risks[0].scheme_ids = vec![plan.schemes[0].id];
    let (r1, r2) = (plan.risks[0].reference.clone(), plan.risks[1].reference.clone());
    let mut h = support::window_on(
        OpplanApp::new(plan, Some(support::sample_path("kent-bcf-2015-16.ron"))),
        Tab::Risks,
    );
    h.get_by_label(&format!("Risk {r1} reference")).click();
    h.run();
    assert_eq!(value_of(&h, "Details: reference"), r1);
    h.get_by_label("Delete").click();
    h.run();
    h.get_by_label_contains("is linked from 1 scheme");
    // asked, not answered: the selection has not moved
    assert_eq!(value_of(&h, "Details: reference"), r1);
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().plan().risks[0].reference, r1, "not deleted");
    assert_eq!(value_of(&h, "Details: reference"), r1, "Cancel leaves it selected");
    h.get_by_label("Delete").click();
    h.run();
    h.get_by_label("Delete and remove links").click();
    h.run();
    assert_eq!(h.state().plan().risks[0].reference, r2);
    assert_eq!(value_of(&h, "Details: reference"), r2, "the row below once deleted");
}

#[test]
fn a_cancelled_delete_leaves_the_scheme_selected_and_a_done_one_selects_the_next() {
    let mut plan = support::sample_plan("kent-bcf-2015-16.ron");
    plan.risks[0].scheme_ids = vec![plan.schemes[0].id];
    let (n1, n2) = (plan.schemes[0].name.clone(), plan.schemes[1].name.clone());
    let mut h = support::window_sized(
        OpplanApp::new(plan, Some(support::sample_path("kent-bcf-2015-16.ron"))),
        egui::vec2(1600.0, 1000.0),
    );
    support::show_tab(&mut h, Tab::Schemes);
    h.get_by_label("Select scheme 1").click();
    h.run();
    assert_eq!(value_of(&h, "Scheme 1 name (details)"), n1);
    h.get_by_label("Delete").click();
    h.run();
    h.get_by_label("Delete and remove links");
    assert_eq!(value_of(&h, "Scheme 1 name (details)"), n1, "asked: not moved");
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().plan().schemes.len(), 12);
    assert_eq!(value_of(&h, "Scheme 1 name (details)"), n1, "Cancel leaves it selected");
    assert!(!support::status(&h).contains("Deleted"), "{}", support::status(&h));
    h.get_by_label("Delete").click();
    h.run();
    h.get_by_label("Delete and remove links").click();
    h.run();
    assert_eq!(h.state().plan().schemes.len(), 11);
    // the old scheme 2 is scheme 1 now, and selected
    assert_eq!(value_of(&h, "Scheme 1 name (details)"), n2);
}

#[test]
fn risks_take_a_block_copy_paste_over_it_and_fill_down() {
    let mut h = support::window_on(support::sample("kent-bcf-2015-16.ron"), Tab::Risks);
    let before = h.state().plan().clone();
    let steps = h.state().history().undo_count();
    let refs: Vec<String> = before.risks.iter().map(|r| r.reference.trim().to_string()).collect();
    h.get_by_label(&format!("Risk {} title", refs[0])).focus();
    h.run();
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    h.get_by_label_contains("2 rows \u{d7} 3 columns selected");
    // Ctrl+C: the block, tab-separated (title, category, owner)
    h.event(Event::Copy);
    h.step();
    let want: String = before.risks[..2]
        .iter()
        .map(|r| format!("{}\t{}\t{}\n", r.title, r.category, r.owner))
        .collect();
    assert_eq!(copied(&h), vec![want]);
    h.run();
    assert_eq!(h.state().plan(), &before, "copying changes nothing");

    // Ctrl+V of a block: the preview, then every cell in one undo step
    h.event(Event::Paste("Staff\tWorkforce\tJo\r\nBeds\tCapacity\tAl\r\n".into()));
    h.run();
    h.get_by_label("Paste into Risks");
    h.get_by_role_and_label(Role::Button, "Update 2 risks").click();
    h.run();
    let plan = h.state().plan();
    let cells = |i: usize| {
        let r = &plan.risks[i];
        (r.title.as_str(), r.category.as_str(), r.owner.as_str())
    };
    assert_eq!(cells(0), ("Staff", "Workforce", "Jo"));
    assert_eq!(cells(1), ("Beds", "Capacity", "Al"));
    assert_eq!(plan.risks[2], before.risks[2]);
    assert_eq!(h.state().history().undo_count(), steps + 1);

    // Ctrl+D: the owner of the first risk down three rows, one undo step
    h.get_by_label(&format!("Risk {} owner", refs[0])).focus();
    h.run();
    for _ in 0..3 {
        keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    }
    keys(&mut h, Modifiers::COMMAND, Key::D);
    let plan = h.state().plan();
    for i in 1..4 {
        assert_eq!(plan.risks[i].owner, "Jo", "risk {}", i + 1);
    }
    assert_eq!(plan.risks[4].owner, before.risks[4].owner);
    assert_eq!(plan.risks[1].title, "Beds", "only the block's column");
    assert_eq!(h.state().history().undo_count(), steps + 2);
    support::run(&mut h, opplan::ui::command::UiCommand::Undo);
    assert_eq!(h.state().plan().risks[2].owner, before.risks[2].owner);
}

#[test]
fn metrics_take_a_block_copy_paste_over_it_and_fill_down() {
    use opplan::model::Polarity;
    let mut plan = support::sample_plan("south-kent-coast-2015-16.ron");
    // metric 1 lower is better, the next three higher: the fill is seen
    plan.metrics[0].polarity = Polarity::LowerIsBetter;
    for m in &mut plan.metrics[1..4] {
        m.polarity = Polarity::HigherIsBetter;
    }
    let app = OpplanApp::new(plan, Some(support::sample_path("south-kent-coast-2015-16.ron")));
    let mut h = support::window_on(app, Tab::Metrics);
    let before = h.state().plan().clone();
    let steps = h.state().history().undo_count();
    h.get_by_label("Metric 1 name").focus();
    h.run();
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowRight);
    h.get_by_label_contains("2 rows \u{d7} 2 columns selected");
    h.event(Event::Copy);
    h.step();
    let want: String = before.metrics[..2]
        .iter()
        .map(|m| format!("{}\t{}\n", m.name, m.category.word()))
        .collect();
    assert_eq!(copied(&h), vec![want]);
    h.run();

    // a block of names pasted over the block, through the preview
    h.event(Event::Paste("Falls\r\nBeds\r\n".into()));
    h.run();
    h.get_by_label("Paste into Metrics");
    h.get_by_role_and_label(Role::Button, "Update 2 metrics").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(
        (plan.metrics[0].name.as_str(), plan.metrics[1].name.as_str()),
        ("Falls", "Beds")
    );
    assert_eq!(plan.metrics[0].category, before.metrics[0].category);
    assert_eq!(plan.metrics[2], before.metrics[2]);
    assert_eq!(h.state().history().undo_count(), steps + 1);

    // Ctrl+D from a choice cell: the polarity of metric 1 down two rows
    let want = Polarity::LowerIsBetter;
    h.get_by_label("Metric 1 polarity").focus();
    h.run();
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    keys(&mut h, Modifiers::SHIFT, Key::ArrowDown);
    keys(&mut h, Modifiers::COMMAND, Key::D);
    let plan = h.state().plan();
    for i in 1..3 {
        assert_eq!(plan.metrics[i].polarity, want, "metric {}", i + 1);
    }
    assert_eq!(plan.metrics[3].polarity, Polarity::HigherIsBetter, "below the block");
    assert_eq!(h.state().history().undo_count(), steps + 2);
}

#[test]
fn replace_reaches_the_plan_title_and_notes() {
    let mut h = kent();
    let title = h.state().plan().header.title.clone();
    let word = title.split_whitespace().next().unwrap().to_string();
    assert!(!word.is_empty());
    keys(&mut h, Modifiers::COMMAND, Key::H);
    typed(&mut h, &word);
    let q = Query {
        text: word.clone(),
        match_case: false,
    };
    let n = find(h.state().plan(), &q, "").len();
    h.get_by_label_contains(&format!("in {n} fields"));
    assert!(
        h.query_all(by().label_contains("Plan \u{b7} Title")).next().is_some(),
        "the cover's title is listed"
    );
    keys(&mut h, Modifiers::NONE, Key::Tab);
    keys(&mut h, Modifiers::NONE, Key::Tab);
    assert_eq!(focused(&h).as_deref(), Some("Replace with"));
    typed(&mut h, "Zed");
    keys(&mut h, Modifiers::NONE, Key::Tab);
    keys(&mut h, Modifiers::NONE, Key::Enter);
    let plan = h.state().plan();
    assert_eq!(plan.header.title, opplan::calc::find::replace_all(&title, &q, "Zed"));
    assert!(find(plan, &q, "").is_empty());
}

#[test]
fn a_drag_selects_a_block_in_every_table() {
    let mut h = kent();
    support::show_tab(&mut h, Tab::Schemes);
    drag(&mut h, "Scheme 2 2014/15 spend", "Scheme 4 2015/16 spend");
    h.get_by_label_contains("3 rows \u{d7} 2 columns selected");
    assert_eq!(focused(&h).as_deref(), Some("Scheme 2 2014/15 spend"));
    h.event(Event::Copy);
    h.step();
    let plan = h.state().plan().clone();
    let want: String = (1..4)
        .map(|i| {
            let s = &plan.schemes[i];
            let cell = |y: &str| {
                opplan::ui::tabs::schemes::block::cell_text(
                    &plan,
                    s,
                    opplan::ui::tabs::schemes::rows::Col::Spend(plan.header.years.iter().position(|x| x == y).unwrap()),
                )
            };
            format!("{}\t{}\n", cell("2014/15"), cell("2015/16"))
        })
        .collect();
    assert_eq!(copied(&h), vec![want]);
    h.run();

    support::show_tab(&mut h, Tab::Risks);
    let refs: Vec<String> = plan.risks.iter().map(|r| r.reference.trim().to_string()).collect();
    drag(
        &mut h,
        &format!("Risk {} title", refs[1]),
        &format!("Risk {} owner", refs[3]),
    );
    h.get_by_label_contains("3 rows \u{d7} 3 columns selected");

    support::show_tab(&mut h, Tab::Metrics);
    drag(&mut h, "Metric 1 name", "Metric 2 name");
    h.get_by_label_contains("2 rows \u{d7} 1 column selected");
}

#[test]
fn a_long_value_cut_at_the_box_edge_shows_in_full_on_hover() {
    let mut plan = support::sample_plan("kent-bcf-2015-16.ron");
    let long = "Director of Adult Social Care and Health, Kent County Council, with the seven CCG accountable officers";
    plan.risks[0].owner = long.into();
    plan.risks[1].owner = "Jo".into();
    let (r1, r2) = (plan.risks[0].reference.clone(), plan.risks[1].reference.clone());
    let app = OpplanApp::new(plan, Some(support::sample_path("kent-bcf-2015-16.ron")));
    let mut h = support::window_on(app, Tab::Risks);
    let shown = |h: &Harness<'static, OpplanApp>, t: &str| h.query_all(by().label(t)).count();
    assert_eq!(shown(&h, long), 0);
    h.get_by_label(&format!("Risk {r1} owner")).hover();
    h.run();
    assert_eq!(shown(&h, long), 1, "the whole owner on hover");
    // a value that fits has no hover
    h.get_by_label(&format!("Risk {r2} owner")).hover();
    h.run();
    assert_eq!(shown(&h, "Jo"), 0);
    assert_eq!(shown(&h, long), 0);
}
