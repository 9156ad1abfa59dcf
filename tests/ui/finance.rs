//! The Finance tab: typing a QIPP saving changes the net QIPP in the tab
//! and on the Overview, on the keystroke; undo takes it back.

use crate::support::{sample, show_tab, window, window_on, window_sized};
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::{Queryable, by};
use opplan::model::{Amount, Span};
use opplan::ui::command::Sample;
use opplan::ui::{OpplanApp, Tab, UiCommand};

fn net_qipp(h: &mut Harness<'static, OpplanApp>) -> Span {
    h.state_mut()
        .summary()
        .finance
        .operating
        .year("2015/16")
        .unwrap()
        .qipp_net
}

fn shows(h: &Harness<'static, OpplanApp>, text: &str) -> bool {
    h.query_all(by().label_contains(text)).next().is_some()
}

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
