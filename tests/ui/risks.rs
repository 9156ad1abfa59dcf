//! The Risks tab: word ratings from the samples, scoring by typing and by
//! the picker, the heat map and its cell filter, add / duplicate / delete /
//! reorder, filters, click-through from the checklist, and a register of
//! 300 risks drawing only the visible rows.

use crate::support::{self, labels_top_down, run, show_tab, window_on};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use opplan::calc::risks::{self, RiskBand, ScoreKind};
use opplan::model::{Plan, Risk, RiskScore, RiskStatus};
use opplan::ui::heatmap::HeatMap;
use opplan::ui::{Command, Commands, OpplanApp, Tab, TabCtx, Target, UiCommand};

const KENT: &str = "kent-bcf-2015-16.ron";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()
}

fn app_for(sample: &str) -> OpplanApp {
    support::sample(sample).with_today(today())
}

/// A plan opened as if from its file (the status bar shows the name).
fn app_of(plan: Plan, sample: &str) -> OpplanApp {
    OpplanApp::new(plan, Some(support::sample_path(sample))).with_today(today())
}

fn harness(app: OpplanApp) -> Harness<'static, OpplanApp> {
    window_on(app, Tab::Risks)
}

fn cell(kind: &str, l: u8, c: u8, n: usize) -> String {
    HeatMap::cell_label(&format!("{kind} heat map"), l, c, n)
}

/// The references of the rows the table shows, top to bottom.
fn rows(h: &Harness<'_, OpplanApp>) -> Vec<String> {
    labels_top_down(h, "Risk ", " reference")
        .into_iter()
        .map(|l| l["Risk ".len()..l.len() - " reference".len()].to_string())
        .collect()
}

/// The problems a row's flag lists when hovered (none without a flag).
fn flag_problems(h: &mut Harness<'_, OpplanApp>, risk: &str) -> String {
    let Some(flag) = h.query_by_label_contains(&format!("Risk {risk}: ")).map(|n| n.rect()) else {
        return String::new();
    };
    h.hover_at(flag.center());
    // the tooltip shows after a moment of the window's clock
    support::wait(h, 1.0);
    let tip = h
        .query_all_by_label_contains("\n•")
        .next()
        .and_then(|n| n.accesskit_node().value());
    tip.unwrap_or_default()
}

/// Types over what a text field holds.
fn retype(h: &mut Harness<'_, OpplanApp>, label: &str, text: &str) {
    h.get_by_label(label).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    if !text.is_empty() {
        h.get_by_label(label).type_text(text);
        h.run();
    }
}

#[test]
fn sample_word_ratings_show_and_can_be_scored() {
    for sample in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let mut h = harness(app_for(sample));
        let n = h.state().plan().risks.len();
        assert!(n > 0, "{sample}");
        // every sample risk is a word rating: shown as such, none on the map
        for r in &h.state().plan().risks {
            assert!(r.current.is_none(), "{sample}: {}", r.reference);
            let word = risks::band_of_word(&r.legacy_rating).expect("a band word");
            let label = format!(
                "Risk {} current score: {} (word rating)",
                r.reference.trim(),
                word.word()
            );
            assert!(h.query_by_label(&label).is_some(), "{sample}: no chip {label:?}");
        }
        assert!(h.query_by_label(&cell("Current", 4, 5, 0)).is_some(), "{sample}");
        assert!(
            h.query_by_label_contains(&format!("{n} rated by word only")).is_some(),
            "{sample}: the map says the word-rated risks are not on it"
        );

        // score the first risk by typing 4 and 5
        let first = h.state().plan().risks[0].reference.trim().to_string();
        h.get_by_label(&format!("Risk {first} current likelihood")).click();
        h.run();
        h.get_by_label(&format!("Risk {first} current likelihood"))
            .type_text("4");
        h.run();
        // half typed: nothing changes yet
        assert_eq!(h.state().plan().risks[0].current, None, "{sample}");
        h.get_by_label(&format!("Risk {first} current consequence")).click();
        h.run();
        h.get_by_label(&format!("Risk {first} current consequence"))
            .type_text("5");
        h.run();
        h.run();
        let r = &h.state().plan().risks[0];
        assert_eq!(r.current, Some(RiskScore::new(4, 5)), "{sample}");
        assert_eq!(r.legacy_rating, "High", "the source's word is kept");
        let rating = risks::rate_risk(r);
        assert_eq!(rating.band, Some(RiskBand::Extreme));
        assert!(
            h.query_by_label(&format!("Risk {first} current score: 20 Extreme"))
                .is_some(),
            "{sample}: the chip shows score and band"
        );
        assert!(
            h.query_by_label(&cell("Current", 4, 5, 1)).is_some(),
            "{sample}: the map counts it"
        );
        assert!(h.query_by_label(&cell("Current", 4, 5, 0)).is_none(), "{sample}");
        assert_eq!(h.state_mut().summary().risk_ratings[0].rag, opplan::model::Rag::Red);

        // change the consequence to 2 (typing replaces the digit): High 8
        h.get_by_label(&format!("Risk {first} current consequence")).click();
        h.run();
        h.get_by_label(&format!("Risk {first} current consequence"))
            .type_text("2");
        h.run();
        h.run();
        assert_eq!(
            h.state().plan().risks[0].current,
            Some(RiskScore::new(4, 2)),
            "{sample}"
        );
        assert!(
            h.query_by_label(&format!("Risk {first} current score: 8 High"))
                .is_some()
        );
        assert!(h.query_by_label(&cell("Current", 4, 5, 0)).is_some());
        assert!(h.query_by_label(&cell("Current", 4, 2, 1)).is_some());
    }
}

#[test]
fn typing_a_word_sets_the_level() {
    let mut h = harness(app_for("kent-bcf-2015-16.ron"));
    h.get_by_label("Risk R2 residual likelihood").click();
    h.run();
    h.get_by_label("Risk R2 residual likelihood").type_text("unlikely");
    h.run();
    h.get_by_label("Risk R2 residual consequence").click();
    h.run();
    h.get_by_label("Risk R2 residual consequence").type_text("major");
    h.run();
    h.run();
    assert_eq!(h.state().plan().risks[1].residual, Some(RiskScore::new(2, 4)));
    assert!(h.query_by_label("Risk R2 residual score: 8 High").is_some());
}

#[test]
fn the_picker_sets_both_at_once() {
    let mut h = harness(app_for("kent-bcf-2015-16.ron"));
    h.get_by_label("Risk R3 residual score: Not scored").click();
    h.run();
    h.get_by_label("Set Risk R3 residual to likelihood 2 unlikely, consequence 3 moderate")
        .click();
    h.run();
    h.run();
    assert_eq!(h.state().plan().risks[2].residual, Some(RiskScore::new(2, 3)));
    assert!(h.query_by_label("Risk R3 residual score: 6 Moderate").is_some());
}

fn scored_kent_plan() -> Plan {
    let mut plan = support::sample_plan(KENT);
    let risks = &mut plan.risks;
    risks[0].current = Some(RiskScore::new(4, 5));
    risks[1].current = Some(RiskScore::new(4, 5));
    risks[2].current = Some(RiskScore::new(2, 2));
    risks[3].current = Some(RiskScore::new(4, 5));
    risks[3].status = RiskStatus::Closed;
    risks[4].residual = Some(RiskScore::new(1, 2));
    plan
}

fn scored_kent() -> OpplanApp {
    app_of(scored_kent_plan(), KENT)
}

#[test]
fn clicking_a_heat_map_cell_filters_the_table_and_again_clears() {
    let mut h = harness(scored_kent());
    let total = h.state().plan().risks.len();
    assert_eq!(rows(&h).len(), total);
    // two open risks at 4×5 (the closed one is not on the map)
    h.get_by_label(&cell("Current", 4, 5, 2)).click();
    h.run();
    assert_eq!(rows(&h), vec!["R1", "R2"]);
    h.get_by_label("Current cell: likelihood 4 × consequence 5");
    assert!(
        h.query_by_label_contains(&format!("Showing 2 of {total} risks"))
            .is_some()
    );
    assert!(
        h.query_by_label("Risk R3 title").is_none(),
        "filtered out rows are not drawn"
    );
    // the count stays the same while the cell filters
    h.get_by_label(&cell("Current", 4, 5, 2)).click();
    h.run();
    assert_eq!(rows(&h).len(), total, "a second click shows every risk again");
    assert!(h.query_by_label_contains("cell: likelihood").is_none());

    // the residual map counts residual scores
    h.get_by_label("Residual").click();
    h.run();
    assert!(h.query_by_label(&cell("Residual", 1, 2, 1)).is_some());
    h.get_by_label(&cell("Residual", 1, 2, 1)).click();
    h.run();
    assert_eq!(rows(&h), vec!["R5"]);
}

#[test]
fn the_large_heat_map_filters_too() {
    let mut h = harness(scored_kent());
    h.get_by_label("Show large").click();
    h.run();
    // the map is drawn twice (panel and large view): both name the cell
    let cells = h.query_all_by_label(&cell("Current", 4, 5, 2)).count();
    assert_eq!(cells, 2);
    h.get_by_label("Close").click();
    h.run();
    assert_eq!(h.query_all_by_label(&cell("Current", 4, 5, 2)).count(), 1, "closed");
    // Escape closes it too
    h.get_by_label("Show large").click();
    h.run();
    assert_eq!(h.query_all_by_label(&cell("Current", 4, 5, 2)).count(), 2);
    h.key_press(Key::Escape);
    h.run();
    assert_eq!(
        h.query_all_by_label(&cell("Current", 4, 5, 2)).count(),
        1,
        "Escape closes it"
    );
    h.get_by_label("Show large").click();
    h.run();
    // the large view's switch (the panel's is behind it)
    h.query_all_by_label("Residual").last().unwrap().click();
    h.run();
    h.query_all_by_label(&cell("Residual", 1, 2, 1)).last().unwrap().click();
    h.run();
    assert_eq!(
        h.query_all_by_label(&cell("Residual", 1, 2, 1)).count(),
        1,
        "a click shows the risks in the table"
    );
    assert_eq!(rows(&h), vec!["R5"]);
}

#[test]
fn another_tab_can_send_the_user_to_a_cell() {
    let mut h = harness(scored_kent());
    retype(&mut h, "Search risks", "nothing matches this");
    assert!(rows(&h).is_empty());
    show_tab(&mut h, Tab::Overview);
    run(
        &mut h,
        Command::GoTo(Target {
            tab: Tab::Risks,
            record: None,
            field: Some(opplan::ui::heatmap::heat_cell_field(ScoreKind::Current, 4, 5)),
        }),
    );
    h.get_by_label("Current cell: likelihood 4 × consequence 5");
    assert_eq!(rows(&h), vec!["R1", "R2"], "other filters are cleared to match the map");
    assert_eq!(h.get_by_label("Search risks").value().as_deref(), Some(""));
}

#[test]
fn actions_overdue_and_done() {
    let mut h = harness(app_for("kent-bcf-2015-16.ron"));
    h.get_by_label("Risk R3 reference").click();
    h.run();
    let before = h.state().plan().risks[2].mitigations.len();
    h.get_by_label("Add action").click();
    h.run();
    let k = before + 1;
    assert_eq!(h.state().plan().risks[2].mitigations.len(), k);
    h.get_by_label(&format!("Action {k} text")).click();
    h.run();
    h.get_by_label(&format!("Action {k} text"))
        .type_text("Joint workforce plan");
    h.get_by_label(&format!("Action {k} due date")).click();
    h.run();
    h.get_by_label(&format!("Action {k} due date")).type_text("1/5/2015");
    h.run();
    h.run();
    let m = &h.state().plan().risks[2].mitigations[k - 1];
    assert_eq!(m.text, "Joint workforce plan");
    assert_eq!(
        m.due.as_ref().and_then(|d| d.date()),
        chrono::NaiveDate::from_ymd_opt(2015, 5, 1)
    );
    let overdue = format!("action {k} overdue since 1 May 2015");
    let problems = flag_problems(&mut h, "R3");
    assert!(problems.contains(&overdue), "{problems:?}");
    assert!(
        h.query_by_label("overdue since 1 May 2015").is_some(),
        "shown on the action"
    );
    h.get_by_label(&format!("Action {k} done")).click();
    h.run();
    h.run();
    assert!(h.state().plan().risks[2].mitigations[k - 1].done);
    let problems = flag_problems(&mut h, "R3");
    assert!(!problems.contains(&overdue), "{problems:?}");
}

#[test]
fn a_new_category_joins_the_plan_list() {
    let mut h = harness(app_for("kent-bcf-2015-16.ron"));
    h.get_by_label("Risk R1 reference").click();
    h.run();
    h.get_by_label("Details: category").click();
    h.run();
    h.get_by_label("Details: category").type_text(" and estates");
    h.run();
    // leaving the field keeps the new category in the plan's list
    h.get_by_label("Details: owner").click();
    h.run();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.risks[0].category, "Impact on providers and estates");
    assert_eq!(
        plan.settings.risk_categories,
        vec!["Impact on providers and estates".to_string()]
    );
    assert!(risks::known_categories(plan).contains(&"Impact on providers and estates".to_string()));
}

#[test]
fn narrow_windows_hide_the_heat_map_until_asked() {
    let mut app = scored_kent();
    app.run(UiCommand::ShowTab(Tab::Risks));
    let mut h = support::window_sized(app, egui::vec2(1000.0, 800.0));
    assert!(h.query_by_label(&cell("Current", 4, 5, 2)).is_none());
    h.get_by_label("Show heat map").click();
    h.run();
    assert!(h.query_by_label(&cell("Current", 4, 5, 2)).is_some());
    h.get_by_label("Hide").click();
    h.run();
    assert!(h.query_by_label(&cell("Current", 4, 5, 2)).is_none());
}

#[test]
fn filters_by_text_band_and_flag() {
    let mut h = harness(scored_kent());
    let plan = h.state().plan().clone();
    h.get_by_label("Search risks").click();
    h.run();
    h.get_by_label("Search risks").type_text("Workforce");
    h.run();
    let expect: Vec<String> = plan
        .risks
        .iter()
        .filter(|r| {
            let all = format!(
                "{} {} {}",
                r.title,
                r.category,
                r.mitigations
                    .iter()
                    .map(|m| m.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            all.to_lowercase().contains("workforce")
        })
        .map(|r| r.reference.clone())
        .collect();
    assert!(!expect.is_empty());
    assert_eq!(rows(&h), expect);

    // band: Extreme among all (text cleared)
    retype(&mut h, "Search risks", "");
    h.get_by_label("Filter by band").click();
    h.run();
    h.get_by_label_contains(&format!("Extreme ({})", RiskBand::Extreme.range()))
        .click();
    h.run();
    assert_eq!(rows(&h), vec!["R1", "R2", "R4"]);
    // status: open only
    h.get_by_label("Filter by status").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Open").click();
    h.run();
    assert_eq!(rows(&h), vec!["R1", "R2"]);
}

#[test]
fn sorting_by_score_puts_the_worst_first_and_rows_stay_put_while_editing() {
    let mut h = harness(scored_kent());
    h.get_by_label("Current (L × C)").click();
    h.run();
    let order = rows(&h);
    assert_eq!(&order[..3], &["R1", "R2", "R4"], "the 20s first, in register order");
    assert_eq!(
        order.last().map(String::as_str),
        Some("R3"),
        "Moderate 4 below the High word ratings"
    );
    // lowering R1 does not move it until the sort is re-applied
    h.get_by_label("Risk R1 current likelihood").click();
    h.run();
    h.get_by_label("Risk R1 current likelihood").type_text("1");
    h.run();
    h.run();
    assert_eq!(h.state().plan().risks[0].current, Some(RiskScore::new(1, 5)));
    assert_eq!(rows(&h), order, "rows stay where they were");
    h.get_by_label("Re-apply sort and filters").click();
    h.run();
    assert_ne!(rows(&h)[0], "R1");
}

/// The register's inputs are drawn as text until they are edited or
/// pointed at; Tab still walks into them, and what is typed replaces what
/// they held, as a spreadsheet's cells do.
#[test]
fn tab_walks_into_the_register_inputs_drawn_as_text() {
    let mut h = harness(scored_kent());
    h.get_by_label("Risk R1 current likelihood").click();
    h.run();
    // the pointer leaves the table: only the keyboard reaches the next input
    h.hover_at(egui::pos2(5.0, 5.0));
    h.run();
    h.key_press(Key::Tab);
    h.run();
    h.event(egui::Event::Text("2".into()));
    h.run();
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(h.state().plan().risks[0].current, Some(RiskScore::new(4, 2)));
    assert!(h.query_by_label("Risk R1 current score: 8 High").is_some());
}

#[test]
fn add_duplicate_delete_and_reorder() {
    let mut h = harness(app_for("kent-bcf-2015-16.ron"));
    let n = h.state().plan().risks.len();
    let ids_before: Vec<_> = h.state().plan().risks.iter().map(|r| r.id).collect();

    h.get_by_label("Add risk").click();
    h.run();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.risks.len(), n + 1);
    let new = plan.risks.last().unwrap();
    assert_eq!(new.reference, format!("R{}", n + 1));
    assert!(!ids_before.contains(&new.id), "a fresh id");
    let new_id = new.id;
    // it is selected, its title focused: typing names it
    h.get_by_label("Details: title").type_text("Care home market fails");
    h.run();
    assert_eq!(h.state().plan().risk(new_id).unwrap().title, "Care home market fails");

    // duplicate R2: the copy comes right after it, with a new reference
    h.get_by_label("Risk R2 reference").click();
    h.run();
    h.get_by_label("Duplicate").click();
    h.run();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.risks.len(), n + 2);
    assert_eq!(plan.risks[2].title, plan.risks[1].title);
    assert_eq!(plan.risks[2].mitigations, plan.risks[1].mitigations);
    assert_eq!(plan.risks[2].reference, format!("R{}", n + 2));
    assert_ne!(plan.risks[2].id, plan.risks[1].id);
    let copy_id = plan.risks[2].id;

    // the copy is selected: move it up above R2
    h.get_by_label("Move up").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.risks[1].id, copy_id);
    assert_eq!(plan.risks[2].reference, "R2");

    // delete it: R2 is back in place and every id of the original is kept
    h.get_by_label("Delete").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.risks.len(), n + 1);
    assert!(plan.risk(copy_id).is_none());
    let ids_after: Vec<_> = plan.risks.iter().take(n).map(|r| r.id).collect();
    assert_eq!(ids_after, ids_before);
}

#[test]
fn deleting_a_risk_removes_it_and_links_stay_consistent() {
    let mut plan = support::sample_plan(KENT);
    let scheme = plan.schemes[0].id;
    plan.risks[0].scheme_ids = vec![scheme];
    let metric = plan.metrics[0].id;
    plan.risks[1].metric_ids = vec![metric];
    let counts = risks::risk_link_counts(&plan);
    assert_eq!(counts[&scheme].total, 1);
    let metric_links = counts[&metric].total;
    let mut h = harness(app_of(plan, KENT));
    h.get_by_label("Risk R1 reference").click();
    h.run();
    // the details show the link by name
    let name = h.state().plan().schemes[0].name.clone();
    assert!(h.query_by_label_contains(&name).is_some());
    h.get_by_label("Delete").click();
    h.run();
    h.get_by_label_contains("is linked from 1 scheme");
    h.get_by_label("Delete and remove links").click();
    h.run();
    let plan = h.state().plan();
    assert!(!risks::risk_link_counts(plan).contains_key(&scheme));
    assert_eq!(
        risks::risk_link_counts(plan)[&metric].total,
        metric_links,
        "R2's link is kept"
    );
}

#[test]
fn linking_a_scheme_by_name() {
    let mut h = harness(app_for("kent-bcf-2015-16.ron"));
    h.get_by_label("Risk R3 reference").click();
    h.run();
    h.get_by_label("Link a scheme or initiative…").click();
    h.run();
    let scheme = h.state().plan().schemes[1].clone();
    h.get_by_label(&scheme.name).click();
    h.run();
    let r = &h.state().plan().risks[2];
    assert_eq!(r.scheme_ids, vec![scheme.id]);
    assert_eq!(risks::risk_link_counts(h.state().plan())[&scheme.id].open, 1);
}

#[test]
fn the_checklist_goes_to_the_risk_and_field() {
    let mut h = support::window(app_for(KENT));
    // the readiness checklist panel lists every missing item
    run(&mut h, UiCommand::ToggleChecklist);
    let r4 = h.state().plan().risks[3].clone();
    let item = format!("{}: High risk has no owner", risks::risk_label(3, &r4));
    h.get_by_label(&item).scroll_to_me();
    h.run();
    h.get_by_label(&item).click();
    h.run();
    h.run();
    assert_eq!(h.state().tab(), Tab::Risks);
    // R4 is selected, its owner field has the keyboard: typing fills it in
    h.get_by_label("Details: owner").type_text("Director of Finance");
    h.run();
    assert_eq!(h.state().plan().risks[3].owner, "Director of Finance");
    h.run();
    // the check is satisfied: the item is gone from the checklist
    let still = h
        .state_mut()
        .summary()
        .checklist
        .missing()
        .any(|i| i.record == Some(r4.id) && i.field == Some("owner"));
    assert!(!still);
}

#[test]
fn row_flags_say_what_is_wrong() {
    let mut plan = support::sample_plan(KENT);
    let r = &mut plan.risks[0];
    r.owner = "Accountable Officer".into();
    r.review_date = Some(opplan::model::DateField::Date(
        chrono::NaiveDate::from_ymd_opt(2015, 5, 1).unwrap(),
    ));
    let mut h = harness(app_of(plan, KENT));
    // R1 has an owner and actions, but its review date has passed
    assert!(h.query_by_label("Risk R1: 1 problem").is_some());
    let problems = flag_problems(&mut h, "R1");
    assert!(
        problems.ends_with("Risk R1: 1 problem\n• review date 1 May 2015 has passed"),
        "{problems:?}"
    );
    // and the checklist says the same
    let checklist = opplan::calc::summarize(h.state().plan(), today()).checklist;
    assert!(
        checklist
            .missing()
            .any(|i| i.text.ends_with("review date 1 May 2015 has passed"))
    );
}

fn big_plan(n: usize) -> Plan {
    let mut plan = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
    for i in 0..n {
        let id = plan.alloc_id().unwrap();
        plan.risks.push(Risk {
            id,
            reference: format!("R{}", i + 1),
            title: format!("Risk number {} about delivery", i + 1),
            owner: format!("Owner {}", i % 7),
            category: risks::RISK_CATEGORIES[i % 7].to_string(),
            current: Some(RiskScore::new((i % 5) as u8 + 1, ((i / 5) % 5) as u8 + 1)),
            ..Default::default()
        });
    }
    plan
}

#[test]
fn a_register_of_300_draws_only_visible_rows() {
    let mut h = harness(OpplanApp::new(big_plan(300), None).with_today(today()));
    assert!(h.query_by_label("Risk R1 title").is_some());
    assert!(
        h.query_by_label("Risk R300 title").is_none(),
        "rows out of view are not drawn"
    );
    let drawn = (1..=300)
        .filter(|i| h.query_by_label(&format!("Risk R{i} title")).is_some())
        .count();
    assert!(drawn < 40, "{drawn} rows drawn");
    // the heat map counts every risk: 12 in each of the 25 cells
    for l in 1..=5 {
        for c in 1..=5 {
            h.get_by_label(&cell("Current", l, c, 12));
        }
    }
    // every word must match: R29, R129, R229 and R290 to R299
    retype(&mut h, "Search risks", "number 29");
    assert_eq!(rows(&h).len(), 13);
}

/// The Risks tab on its own (its public `show`, a plan and a summary):
/// frames without a change do not recompute its rows; a filter does.
#[test]
fn the_risks_tab_caches_its_rows() {
    use opplan::ui::tabs::risks;
    let plan = big_plan(300);
    let summary = opplan::calc::summarize(&plan, today());
    let mut h = Harness::builder().with_size(support::LAPTOP).build_ui_state(
        move |ui, view: &mut risks::View| {
            let ctx = TabCtx {
                plan: &plan,
                summary: &summary,
                locked: false,
                today: today(),
                focus: None,
                generation: 1,
                inserted: &[],
                changed: None,
            };
            let mut cmds = Commands::default();
            risks::show(ui, &ctx, view, &mut cmds);
        },
        risks::View::default(),
    );
    h.run();
    let total: usize = h.state().cache.heat.counts.iter().flatten().sum();
    assert_eq!(total, 300);
    let before = h.state().cache.recomputes;
    for _ in 0..5 {
        h.run();
    }
    assert_eq!(h.state().cache.recomputes, before);
    h.state_mut().filter.text = "number 29".into();
    h.run();
    assert!(h.state().cache.recomputes > before);
    assert_eq!(h.state().cache.rows.len(), 13);
}

/// The Risks tab on its own, told by its context what an edit changed:
/// only the risk edited is checked again (its flag follows), and a change
/// it is not told about checks them all.
#[test]
fn an_edit_checks_again_only_the_risk_it_changed() {
    use opplan::model::RecordKind;
    use opplan::model::edit::Change;
    struct State {
        view: risks_tab::View,
        plan: Plan,
        generation: u64,
        changed: Option<(u64, Vec<Change>)>,
    }
    use opplan::ui::tabs::risks as risks_tab;
    let plan = big_plan(300);
    let summary = opplan::calc::summarize(&plan, today());
    let state = State {
        view: risks_tab::View::default(),
        plan,
        generation: 1,
        changed: None,
    };
    let mut h = Harness::builder().with_size(support::LAPTOP).build_ui_state(
        move |ui, s: &mut State| {
            let ctx = TabCtx {
                plan: &s.plan,
                summary: &summary,
                locked: false,
                today: today(),
                focus: None,
                generation: s.generation,
                inserted: &[],
                changed: s.changed.as_ref().map(|(g, c)| (*g, c.as_slice())),
            };
            let mut cmds = Commands::default();
            risks_tab::show(ui, &ctx, &mut s.view, &mut cmds);
        },
        state,
    );
    h.run();
    assert_eq!(h.state().view.cache.checked, 300);
    let flags_before = h.state().view.cache.problems[5].len();
    // risk 6 loses its score: generation 2, from 1 by that edit
    let st = h.state_mut();
    st.plan.risks[5].current = None;
    let id = st.plan.risks[5].id;
    st.generation = 2;
    st.changed = Some((
        1,
        vec![Change::Record {
            kind: RecordKind::Risks,
            id,
            at: 5,
        }],
    ));
    h.run();
    assert_eq!(h.state().view.cache.checked, 301, "one risk checked again");
    let now = opplan::calc::risks::risk_problems(&h.state().plan.risks[5], today());
    assert!(now.len() > flags_before, "not rated is a failed check");
    assert_eq!(h.state().view.cache.problems[5], now);
    // another generation the context cannot account for: all again
    let st = h.state_mut();
    st.generation = 5;
    st.changed = None;
    h.run();
    assert_eq!(h.state().view.cache.checked, 601);
}

#[test]
fn locked_plan_shows_values_without_edits() {
    let mut app = scored_kent();
    app.run(UiCommand::ToggleLock);
    let mut h = harness(app);
    assert!(h.query_by_label("Add risk").is_none());
    let before = h.state().plan().clone();
    h.get_by_label("Risk R1 current likelihood").click();
    h.run();
    h.get_by_label("Risk R1 current likelihood").type_text("2");
    h.run();
    assert_eq!(*h.state().plan(), before);
    // filtering still works
    h.get_by_label(&cell("Current", 4, 5, 2)).click();
    h.run();
    assert_eq!(rows(&h).len(), 2);
}

#[test]
fn risks_tab_snapshot() {
    let mut plan = scored_kent_plan();
    plan.risks[0].residual = Some(RiskScore::new(2, 5));
    plan.risks[2].owner = "Head of Primary Care".into();
    let mut h = harness(app_of(plan, KENT));
    h.get_by_label("Risk R1 reference").click();
    h.run();
    h.snapshot("risks_kent");
}

#[test]
fn heat_map_large_snapshot() {
    let mut plan = scored_kent_plan();
    let risks = &mut plan.risks;
    risks[5].current = Some(RiskScore::new(3, 4));
    risks[6].current = Some(RiskScore::new(5, 5));
    risks[7].current = Some(RiskScore::new(1, 1));
    risks[8].current = Some(RiskScore::new(2, 4));
    let mut h = harness(app_of(plan, KENT));
    h.get_by_label(&cell("Current", 4, 5, 2)).click();
    h.run();
    h.get_by_label("Show large").click();
    h.run();
    h.snapshot("risks_heatmap_large");
}

/// In a window too narrow for the fields and the actions side by side, the
/// detail stacks them: nothing panics, and an action is as wide as the pane.
#[test]
fn a_narrow_window_stacks_the_risk_detail() {
    let mut app = app_for(KENT);
    app.run(UiCommand::ShowTab(Tab::Risks));
    let mut h = support::window_sized(app, egui::vec2(640.0, 700.0));
    h.get_by_label("Risk R3 reference").click();
    h.run();
    h.get_by_label("Add action").click();
    h.run();
    let k = h.state().plan().risks[2].mitigations.len();
    let text = h.get_by_label(&format!("Action {k} text")).rect();
    let title = h.get_by_label("Details: title").rect();
    assert!(
        text.top() > title.bottom(),
        "actions below the fields: {text:?} {title:?}"
    );
    assert!(text.width() > 300.0, "the action's text is usable: {text:?}");
}
