//! The Finance tab: typing a QIPP saving changes the net QIPP in the tab
//! and on the Overview, on the keystroke; undo takes it back. Rows pasted
//! from a spreadsheet go into the table the user is in, through the
//! preview, as one undo step; Ctrl+C copies that table's rows; the filter
//! hides rows but not the totals.

use crate::support::{net_qipp, sample, show_tab, shows, status, window, window_on, window_sized};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable, by};
use opplan::model::{Amount, Pence, Span};
use opplan::ui::command::Sample;
use opplan::ui::{OpplanApp, Tab, UiCommand};

#[test]
fn typing_a_saving_changes_the_net_qipp_and_the_overview() {
    let mut h = window_on(sample("dgs-2015-16.ron"), Tab::Finance);
    assert_eq!(net_qipp(&mut h), Span::exact(5_500 * 100_000));
    // the LTC programme's saving (0 in the seed): type 120 (£000) over it
    h.get_by_label("Scheme 2 QIPP saving").focus();
    h.run();
    h.key_press(Key::End);
    h.key_press(Key::Backspace);
    h.run();
    for c in "120".chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
    assert_eq!(h.state().plan().schemes[1].qipp[0].saving, Some(Amount::thousands(120)));
    assert_eq!(net_qipp(&mut h), Span::exact(5_620 * 100_000));
    // the tab shows the new net saving and the programme's line
    assert!(shows(&h, "5,620"), "the net QIPP saving in the Finance tab");
    h.key_press(Key::Enter);
    h.run();
    // the Overview says it too
    show_tab(&mut h, Tab::Overview);
    assert!(
        shows(&h, "net QIPP saving 5,620"),
        "the Overview's income, spend and QIPP card"
    );
    // undo puts the saving back, and the Overview follows
    h.state_mut().run(UiCommand::Undo);
    h.run();
    assert_eq!(net_qipp(&mut h), Span::exact(5_500 * 100_000));
    assert!(shows(&h, "net QIPP saving 5,500"));
}

#[test]
fn the_finance_tab_shows_the_kent_reconciliation_finding() {
    let mut h = window_on(sample("kent-bcf-2015-16.ron"), Tab::Finance);
    // the 2014/15 contributions (the tab opens on the plan's first year)
    assert!(shows(&h, "add to 22,061 against a printed total of 27,000"));
    h.run();
}

#[test]
fn the_dgs_plan_opens_from_the_samples() {
    let mut h = window(sample("kent-bcf-2015-16.ron"));
    h.state_mut().run(UiCommand::OpenSample(Sample::DartfordGravesham));
    h.run();
    assert_eq!(
        h.state().plan().header.title,
        "Dartford, Gravesham and Swanley CCG Annual Operating Plan 2015/16"
    );
    show_tab(&mut h, Tab::Finance);
    // the total allocation (£000), computed from the seven lines
    assert!(shows(&h, "303,100"));
}

/// QIPP phasing is edited in the window: quarters added, a saving typed in
/// one; the "does not add up" finding shows while the parts differ from
/// the year's saving and goes once they agree, on the keystroke.
#[test]
fn editing_qipp_phasing_shows_the_finding_live() {
    // tall, so the phasing below the QIPP table is drawn without scrolling
    let mut app = sample("dgs-2015-16.ron");
    app.run(UiCommand::ShowTab(Tab::Finance));
    let mut h = window_sized(app, egui::vec2(1400.0, 4000.0));
    let s = h.state().plan().schemes[0].clone();
    let saving = match s.qipp[0].saving {
        Some(Amount::Exact(p)) => p.0,
        other => panic!("{other:?}"),
    };
    assert_eq!(saving % 100_000, 0, "whole £000");
    h.get_all_by_label("Points of delivery").next().unwrap().click();
    h.run();
    h.get_by_label("Add a quarter").click();
    h.run();
    h.get_by_label("Add a quarter").click();
    h.run();
    let phases = &h.state().plan().schemes[0].qipp[0].phasing;
    assert_eq!(phases.len(), 2);
    assert_eq!((phases[0].label.as_str(), phases[1].label.as_str()), ("Q1", "Q2"));
    let against = "the 2015/16 QIPP phasing adds up to 0 against a saving of";
    assert!(shows(&h, against), "the finding, in the tab");
    // type the whole saving into Q1
    h.get_by_label("Phase 1 saving").focus();
    h.run();
    for c in (saving / 100_000).to_string().chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
    assert_eq!(
        h.state().plan().schemes[0].qipp[0].phasing[0].saving,
        Some(Amount::Exact(opplan::model::Pence(saving)))
    );
    assert!(!shows(&h, against), "the finding is gone");
    assert!(shows(&h, "the 2015/16 QIPP phasing adds up to the saving"));
    h.key_press(Key::Enter);
    h.run();
    // undo takes the typing back, and the finding returns
    h.state_mut().run(UiCommand::Undo);
    h.run();
    assert!(shows(&h, against));
}

/// The Kent sample's contributions of 2014/15 (the year the tab opens on).
fn contributions_1415(h: &Harness<'static, OpplanApp>) -> Vec<(String, Option<Amount>)> {
    h.state()
        .plan()
        .contributions
        .iter()
        .filter(|c| c.year == "2014/15")
        .map(|c| (c.organisation.clone(), c.actual))
        .collect()
}

#[test]
fn rows_pasted_into_contributions_go_there_through_the_preview_and_undo_in_one_step() {
    let mut h = window_on(sample("kent-bcf-2015-16.ron"), Tab::Finance);
    let before = contributions_1415(&h);
    assert_eq!(before.len(), 8);
    // click in the contributions table: Ctrl+V pastes there
    h.get_by_label("Contributions to the pooled budget, 2014/15").click();
    h.run();
    assert!(shows(&h, "Ctrl+V pastes rows into Contributions"));
    // two rows from Excel, no heading row: the tab's columns, in order, in £000
    h.event(egui::Event::Paste(
        "Medway Council\tN\tLocal authority\t100\t120\r\nKent Fire and Rescue\tN\tOther\t5\t7.5\r\n".into(),
    ));
    h.run();
    h.get_by_label("Paste into Contributions");
    h.get_by_role_and_label(Role::Button, "Add 2 contributions").click();
    h.run();
    assert!(
        h.query_by_label("Paste into Contributions").is_none(),
        "the preview closed"
    );
    let after = contributions_1415(&h);
    assert_eq!(after.len(), 10);
    assert_eq!(after[..8], before[..]);
    assert_eq!(
        after[8..],
        [
            ("Medway Council".to_string(), Some(Amount::thousands(120))),
            ("Kent Fire and Rescue".to_string(), Some(Amount::Exact(Pence(750_000)))),
        ]
    );
    let all = &h.state().plan().contributions;
    let n = all.len();
    let added = &all[n - 2..];
    assert!(
        added
            .iter()
            .all(|c| c.year == "2014/15" && c.holds_pooled_budget == Some(false))
    );
    assert_eq!(added[0].source_of_funding, "Local authority");
    assert_eq!(added[1].minimum, Some(Amount::thousands(5)));
    // the rows are in the table
    let first_added = format!("Contribution {} organisation", n - 1);
    let value = |h: &Harness<'static, OpplanApp>| {
        h.query_by_label(&first_added)
            .and_then(|f| f.accesskit_node().value().map(|v| v.to_string()))
    };
    assert_eq!(value(&h).as_deref(), Some("Medway Council"));
    // one undo takes both away
    h.state_mut().run(UiCommand::Undo);
    h.run();
    assert_eq!(contributions_1415(&h), before);
    assert_eq!(value(&h), None);
}

#[test]
fn a_paste_when_the_tab_cannot_tell_the_table_asks_which() {
    let mut h = window_on(sample("kent-bcf-2015-16.ron"), Tab::Finance);
    assert!(shows(&h, "Click a table, then Ctrl+V pastes rows into it"));
    h.event(egui::Event::Paste(
        "Organisation\tActual contribution (£000)\nMedway Council\t1,000\n".into(),
    ));
    h.run();
    // nothing is read before the user says where
    h.get_by_label("Paste into which table?");
    assert!(h.query_by_label("Paste into Contributions").is_none());
    h.get_by_role_and_label(Role::Button, "Contributions").click();
    h.run();
    h.get_by_label("Paste into Contributions");
    h.get_by_role_and_label(Role::Button, "Add 1 contribution").click();
    h.run();
    let after = contributions_1415(&h);
    assert_eq!(after.len(), 9);
    // read by its headings: the £000 heading says the unit
    assert_eq!(after[8], ("Medway Council".to_string(), Some(Amount::thousands(1_000))));
}

#[test]
fn ctrl_c_copies_the_rows_of_the_table_the_user_is_in() {
    let mut h = window_on(sample("kent-bcf-2015-16.ron"), Tab::Finance);
    h.event(egui::Event::Copy);
    h.run();
    assert!(
        status(&h).starts_with("Click in a table of the Finance tab first"),
        "{}",
        status(&h)
    );
    h.get_by_label("Contributions to the pooled budget, 2014/15").click();
    h.run();
    h.event(egui::Event::Copy);
    h.run();
    assert!(
        status(&h).starts_with("Copied 8 contributions of 2014/15"),
        "{}",
        status(&h)
    );
}

#[test]
fn the_filter_hides_rows_and_says_how_many_while_the_totals_stay() {
    let mut h = window_on(sample("kent-bcf-2015-16.ron"), Tab::Finance);
    // the total of the 2014/15 actual contributions (£000), a cell of its own
    let total = |h: &Harness<'static, OpplanApp>| h.query_all(by().label("22,061")).count();
    assert_eq!(total(&h), 1);
    assert!(h.query_by_label("Contribution 2 organisation").is_some());
    h.get_by_label("Filter finance rows").focus();
    h.run();
    for c in "kent".chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
    // Kent County Council, West Kent, South Kent Coast
    assert!(shows(&h, "Shown 3 of 8"));
    assert!(h.query_by_label("Contribution 1 organisation").is_some());
    assert!(
        h.query_by_label("Contribution 2 organisation").is_none(),
        "Dartford is hidden"
    );
    assert_eq!(total(&h), 1, "the total is the whole table's");
    assert_eq!(contributions_1415(&h).len(), 8, "the plan is untouched");
    // cleared, every row is back and the line goes
    h.get_by_role_and_label(Role::Button, "Clear filter").click();
    h.run();
    assert!(h.query_by_label("Contribution 2 organisation").is_some());
    assert!(!shows(&h, "Shown 3 of 8"));
}
