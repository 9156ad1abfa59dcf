//! The Schemes tab as a user drives it: type into cells and see the totals
//! move, add and delete rows, filter, move with the keyboard.

use crate::support::{self, run, show_tab};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::model::{Amount, AmountField, Pence, Span};
use opplan::ui::{OpplanApp, Tab, UiCommand};

fn harness(sample: &str) -> Harness<'static, OpplanApp> {
    let app = support::sample(sample).with_today(chrono::NaiveDate::from_ymd_opt(2014, 3, 1).unwrap());
    schemes_window(app)
}

/// The window on the Schemes tab, first frames run.
fn schemes_window(app: OpplanApp) -> Harness<'static, OpplanApp> {
    support::window_on(app, Tab::Schemes)
}

/// Types text one character per frame, as a person does.
fn type_slowly(h: &mut Harness<'static, OpplanApp>, text: &str) {
    for c in text.chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
}

fn press(h: &mut Harness<'static, OpplanApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn k(thousands: i64) -> Amount {
    Amount::thousands(thousands)
}

fn total(h: &mut Harness<'static, OpplanApp>, year: &str) -> Span {
    h.state_mut().summary().finance.spend(year)
}

/// The schemes' names in the plan's order.
fn names(h: &Harness<'static, OpplanApp>) -> Vec<String> {
    h.state().plan().schemes.iter().map(|s| s.name.clone()).collect()
}

fn scheme_spend(h: &Harness<'static, OpplanApp>, index: usize, year: &str) -> Option<Amount> {
    h.state().plan().schemes[index].year(year).and_then(|y| y.spend)
}

#[test]
fn typing_an_amount_changes_the_year_total_on_every_keystroke() {
    let mut h = harness("kent-bcf-2015-16.ron");
    assert_eq!(total(&mut h, "2015/16"), Span::exact(101_404 * 100_000));
    // focus the Carers Break 2015/16 cell from the keyboard side: its text is selected
    h.get_by_label("Scheme 4 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "4");
    assert_eq!(scheme_spend(&h, 3, "2015/16"), Some(k(4)));
    assert_eq!(total(&mut h, "2015/16"), Span::exact((101_404 - 3_443 + 4) * 100_000));
    type_slowly(&mut h, ",000");
    assert_eq!(scheme_spend(&h, 3, "2015/16"), Some(k(4_000)));
    // the pinned totals row and the reconciliation show it
    h.get_by_label("101,961");
    h.get_by_label("101,961 £000");
    press(&mut h, Key::Enter);
    assert_eq!(scheme_spend(&h, 3, "2015/16"), Some(k(4_000)));
    assert!(h.state().is_dirty());
}

#[test]
fn text_that_is_not_an_amount_is_kept_marked_and_changes_no_total() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Scheme 1 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "12..3");
    // "12" parsed on the way; "12." and after did not, and the 12 read half-way is not left counted
    assert_eq!(scheme_spend(&h, 0, "2015/16"), None);
    assert_eq!(total(&mut h, "2015/16"), Span::exact((101_404 - 3_432) * 100_000));
    let y = h.state().plan().schemes[0].year("2015/16").unwrap().clone();
    assert_eq!(y.unparsed(AmountField::Spend), Some("12..3"));
    h.get_by_label("Not an amount: more than one decimal point");
    // leaving the cell keeps the text, marked, and the checklist lists it
    press(&mut h, Key::Tab);
    assert_eq!(
        h.get_by_label("Scheme 1 2015/16 spend").value().as_deref(),
        Some("12..3")
    );
    let missing: Vec<String> = h
        .state_mut()
        .summary()
        .checklist
        .missing()
        .map(|i| i.text.clone())
        .collect();
    assert!(
        missing.iter().any(|m| m.contains("“12..3” is not an amount")),
        "{missing:#?}"
    );
    // typing a real amount over it clears the mark
    h.get_by_label("Scheme 1 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "3,500");
    let y = h.state().plan().schemes[0].year("2015/16").unwrap().clone();
    assert_eq!((y.spend, y.unparsed(AmountField::Spend)), (Some(k(3_500)), None));
}

#[test]
fn unread_text_takes_the_amounts_place_in_every_total() {
    // issue 19, finding 1: "abc" over 3,432 left 3,432 counted; "1,5OO" left the 1 read half-way counted
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Scheme 1 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "abc");
    press(&mut h, Key::Enter);
    assert_eq!(scheme_spend(&h, 0, "2015/16"), None);
    assert_eq!(total(&mut h, "2015/16"), Span::exact((101_404 - 3_432) * 100_000));
    h.get_by_label("Scheme 2 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "1,5OO");
    press(&mut h, Key::Enter);
    let y = h.state().plan().schemes[1].year("2015/16").unwrap().clone();
    assert_eq!((y.spend, y.unparsed(AmountField::Spend)), (None, Some("1,5OO")));
    assert_eq!(
        total(&mut h, "2015/16"),
        Span::exact((101_404 - 3_432 - 7_208) * 100_000)
    );
    // what is saved is what the summary and the exports read: no amount beside the text
    let text = opplan::io::to_ron_string(h.state().plan());
    let back = opplan::io::load_str(&text).unwrap();
    assert_eq!(back.schemes[1].year("2015/16").unwrap().spend, None);
    assert_eq!(
        opplan::calc::summarize(&back, h.state().today())
            .finance
            .spend("2015/16"),
        Span::exact((101_404 - 3_432 - 7_208) * 100_000)
    );
}

#[test]
fn escape_puts_back_what_the_cell_held() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Scheme 2 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "1 - 2");
    assert_eq!(
        scheme_spend(&h, 1, "2015/16"),
        Some(Amount::Range(Pence::from_thousands(1), Pence::from_thousands(2)))
    );
    press(&mut h, Key::Escape);
    assert_eq!(scheme_spend(&h, 1, "2015/16"), Some(k(7_208)));
    assert_eq!(total(&mut h, "2015/16"), Span::exact(101_404 * 100_000));

    h.get_by_label("Scheme 2 name").focus();
    h.run();
    type_slowly(&mut h, "DFG");
    assert_eq!(h.state().plan().schemes[1].name, "DFG");
    press(&mut h, Key::Escape);
    assert_eq!(h.state().plan().schemes[1].name, "Disabled facilities Grant (DFG)");
}

/// A key that arrives in the frame a cell gets the keyboard (a slow frame;
/// a screen reader's focus, then typing) replaces what the cell holds, as
/// a key typed a frame later does. Cells not being edited are drawn
/// without an editor: they keep their accessible name and value.
#[test]
fn a_key_typed_as_a_cell_gets_the_keyboard_replaces_its_text() {
    let mut h = harness("kent-bcf-2015-16.ron");
    {
        let cell = h.get_by_label("Scheme 4 2015/16 spend");
        assert_eq!(cell.value().as_deref(), Some("3,443"));
        // both in the same frame
        cell.focus();
        cell.type_text("7");
    }
    h.run();
    assert_eq!(scheme_spend(&h, 3, "2015/16"), Some(k(7)));
    assert!(h.get_by_label("Scheme 4 2015/16 spend").is_focused());
    {
        let cell = h.get_by_label("Scheme 2 name");
        assert_eq!(cell.value().as_deref(), Some("Disabled facilities Grant (DFG)"));
        cell.focus();
        cell.type_text("DFG");
    }
    h.run();
    assert_eq!(h.state().plan().schemes[1].name, "DFG");
    // the spend cell, left, shows the amount again
    assert_eq!(h.get_by_label("Scheme 4 2015/16 spend").value().as_deref(), Some("7"));
}

/// A click on a cell puts the caret where it was clicked (the text is not
/// selected): typing adds to the text.
#[test]
fn a_click_on_a_cell_places_the_caret() {
    let mut h = harness("kent-bcf-2015-16.ron");
    let before = h.state().plan().schemes[1].name.clone();
    h.get_by_label("Scheme 2 name").click();
    h.run();
    assert!(h.get_by_label("Scheme 2 name").is_focused());
    type_slowly(&mut h, "Z");
    let name = &h.state().plan().schemes[1].name;
    assert!(name.contains('Z') && name.len() == before.len() + 1, "{name}");
}

#[test]
fn tab_and_enter_move_between_cells() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Scheme 1 name").focus();
    h.run();
    press(&mut h, Key::Tab);
    assert!(h.get_by_label("Scheme 1 area of spend").is_focused());
    h.key_press_modifiers(Modifiers::SHIFT, Key::Tab);
    h.run();
    assert!(h.get_by_label("Scheme 1 name").is_focused());
    press(&mut h, Key::Enter);
    assert!(h.get_by_label("Scheme 2 name").is_focused());
    // from the last cell of a row, Tab goes to the first of the next
    h.get_by_label("Scheme 2 2015/16 spend").focus();
    h.run();
    press(&mut h, Key::Tab);
    assert!(h.get_by_label("Scheme 3 name").is_focused());
}

#[test]
fn add_a_row_type_it_and_delete_it() {
    let mut h = harness("kent-bcf-2015-16.ron");
    let ids: Vec<_> = h.state().plan().schemes.iter().map(|s| s.id).collect();
    h.get_by_label("Select scheme 12").click(); // select the last row
    h.run();
    h.get_by_label("Add scheme").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.schemes.len(), 13);
    let new = plan.schemes[12].id;
    assert!(!ids.contains(&new));
    // the new row's name has the focus: type it, Tab to the area, pick from the list
    assert!(h.get_by_label("Scheme 13 name").is_focused());
    type_slowly(&mut h, "Carers' assessments");
    press(&mut h, Key::Tab);
    type_slowly(&mut h, "soc");
    press(&mut h, Key::Enter); // accepts "Social Care"
    assert_eq!(h.state().plan().schemes[12].area_of_spend, "Social Care");
    press(&mut h, Key::Tab); // leaves the area cell
    h.get_by_label("Scheme 13 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "£250k");
    assert_eq!(scheme_spend(&h, 12, "2015/16"), Some(k(250)));
    assert_eq!(total(&mut h, "2015/16"), Span::exact((101_404 + 250) * 100_000));
    // the old rows kept their ids and order
    let after: Vec<_> = h.state().plan().schemes.iter().take(12).map(|s| s.id).collect();
    assert_eq!(after, ids);

    h.get_by_label("Select scheme 13").click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.schemes.len(), 12);
    assert_eq!(plan.schemes.iter().map(|s| s.id).collect::<Vec<_>>(), ids);
    assert_eq!(total(&mut h, "2015/16"), Span::exact(101_404 * 100_000));
}

#[test]
fn a_new_value_is_kept_in_the_plans_list() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Scheme 1 area of spend").focus();
    h.run();
    type_slowly(&mut h, "Housing");
    press(&mut h, Key::Enter);
    let plan = h.state().plan();
    assert_eq!(plan.schemes[0].area_of_spend, "Housing");
    assert_eq!(plan.settings.areas_of_spend, vec!["Housing".to_string()]);
    // the next row offers it
    h.get_by_label("Scheme 3 area of spend").focus();
    h.run();
    type_slowly(&mut h, "hou");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().plan().schemes[2].area_of_spend, "Housing");
}

#[test]
fn filter_by_text_and_by_list() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Filter schemes").click();
    h.run();
    type_slowly(&mut h, "thanet");
    // only row 11 is drawn; the plan is untouched
    assert!(h.query_by_label("Scheme 11 name").is_some());
    assert!(h.query_by_label("Scheme 1 name").is_none());
    h.get_by_label("Showing 1 of 12");
    h.get_by_label("Shown (1 of 12)");
    h.get_by_label("6,416"); // the shown row's total
    assert!(!h.state().is_dirty());
    h.get_by_label("Clear filter").click();
    h.run();
    assert!(h.query_by_label("Scheme 1 name").is_some());

    h.get_by_label("Filter by commissioner").click();
    h.run();
    h.get_by_label("Joint").click();
    h.run();
    assert!(h.query_by_label("Scheme 4 name").is_some());
    assert!(h.query_by_label("Scheme 3 name").is_none());
    h.get_by_label("Showing 1 of 12");
}

#[test]
fn sorting_the_view_keeps_the_plans_order_until_asked() {
    let mut h = harness("kent-bcf-2015-16.ron");
    let before = names(&h);
    h.get_by_label("2015/16 £000\nSpend").click();
    h.run();
    assert_eq!(names(&h), before);
    assert!(!h.state().is_dirty());
    h.get_by_label("Apply this order to the plan").click();
    h.run();
    let after = names(&h);
    assert_eq!(after[0], "Social Care Capital Grant"); // 3,432: the smallest
    assert_eq!(after[11], "Protection of social care"); // 28,254: the largest
}

#[test]
fn detailed_layout_edits_recurrent_spend_and_benefits() {
    let mut h = harness("south-kent-coast-2015-16.ron");
    h.get_by_label("Detailed").click();
    h.run();
    let t0 = total(&mut h, "2015/16");
    h.get_by_label("Scheme 6 2015/16 non-recurrent spend").focus();
    h.run();
    type_slowly(&mut h, "£10,000");
    assert_eq!(
        total(&mut h, "2015/16"),
        Span {
            min_pence: t0.min_pence + 1_000_000,
            max_pence: t0.max_pence + 1_000_000
        }
    );
    h.get_by_label("Scheme 6 2015/16 non-recurrent benefit").focus();
    h.run();
    type_slowly(&mut h, "(5k)");
    let fin = h.state_mut().summary().finance.clone();
    assert_eq!(fin.benefit_by_year["2015/16"], Span::exact(-59_347_300 - 500_000));
    // in the simple layout the split year is a total, not an input
    h.get_by_label("Simple").click();
    h.run();
    assert!(h.query_by_label("Scheme 6 2015/16 spend").is_none());
}

#[test]
fn a_checklist_item_opens_the_cell_to_fix() {
    let mut h = harness("kent-bcf-2015-16.ron");
    show_tab(&mut h, Tab::Overview);
    let before = h.state_mut().summary().checklist.incomplete_count();
    // the readiness checklist panel lists every missing item
    run(&mut h, UiCommand::ToggleChecklist);
    h.get_by_label("Scheme 4 “Carers Break”: area is Other but nothing is specified")
        .click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Schemes);
    assert!(h.get_by_label("Scheme 4 area if Other").is_focused());
    type_slowly(&mut h, "Carers' organisations");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().plan().schemes[3].area_other, "Carers' organisations");
    assert_eq!(h.state_mut().summary().checklist.incomplete_count(), before - 1);
}

#[test]
fn duplicate_and_move_keep_ids_and_follow_the_shown_rows() {
    let mut h = harness("kent-bcf-2015-16.ron");
    let ids: Vec<_> = h.state().plan().schemes.iter().map(|s| s.id).collect();
    h.get_by_label("Select scheme 2").click();
    h.run();
    h.get_by_label("Duplicate").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.schemes.len(), 13);
    assert_eq!(plan.schemes[2].name, "Disabled facilities Grant (DFG) (copy)");
    assert_eq!(plan.schemes[2].years, plan.schemes[1].years);
    assert!(!ids.contains(&plan.schemes[2].id));
    assert_eq!(total(&mut h, "2015/16"), Span::exact((101_404 + 7_208) * 100_000));
    // the copy is selected: move it up past the original
    press_modified(&mut h, Modifiers::ALT, Key::ArrowUp);
    let names: Vec<String> = h.state().plan().schemes.iter().map(|s| s.name.clone()).collect();
    assert_eq!(names[1], "Disabled facilities Grant (DFG) (copy)");
    assert_eq!(names[2], "Disabled facilities Grant (DFG)");
    // with a filter, moving skips the hidden rows
    h.get_by_label("Filter schemes").click();
    h.run();
    type_slowly(&mut h, "local authority");
    // shown: 1-4 and 6; "Carers Break" (5, Joint) is hidden
    assert!(h.query_by_label("Scheme 5 name").is_none());
    let sel = h.state().plan().schemes[5].id;
    h.get_by_label("Select scheme 6").click(); // "Protection of social care"
    h.run();
    h.get_by_label("Move up").click();
    h.run();
    let names: Vec<String> = h.state().plan().schemes.iter().map(|s| s.name.clone()).collect();
    // it moved above "Care Act", past the hidden "Carers Break"
    assert_eq!(h.state().plan().schemes[3].id, sel);
    assert_eq!(&names[3..6], &["Protection of social care", "Care Act", "Carers Break"]);
}

#[test]
fn a_locked_plan_shows_values_without_inputs() {
    let mut h = harness("kent-bcf-2015-16.ron");
    run(&mut h, UiCommand::ToggleLock);
    assert!(h.query_by_label("Scheme 1 name").is_none());
    assert!(h.query_by_label("Add scheme").is_none());
    h.get_by_label("Social Care Capital Grant");
    h.get_by_label("101,404");
}

fn press_modified(h: &mut Harness<'static, OpplanApp>, m: Modifiers, key: Key) {
    h.key_press_modifiers(m, key);
    h.run();
}

#[test]
fn snapshot_kent_simple_with_details() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Select scheme 4").click();
    h.run();
    h.snapshot("schemes_kent_simple_details");
}

#[test]
fn snapshot_skc_detailed_with_breakdown() {
    let mut h = harness("south-kent-coast-2015-16.ron");
    h.get_by_label("Detailed").click();
    h.run();
    h.get_by_label("Breakdown").click();
    h.run();
    h.snapshot("schemes_skc_detailed_breakdown");
}

/// The "done when" of the issue: re-key rows of the Kent expenditure plan
/// into an empty plan with the keyboard alone.
#[test]
fn rekey_kent_rows_with_the_keyboard_only() {
    let mut plan = opplan::model::Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
    plan.header.years = vec!["2014/15".into(), "2015/16".into()];
    let mut h = schemes_window(OpplanApp::new(plan, None));
    let rows = [
        // name, area, if other, commissioner, provider, source, 2014/15, 2015/16
        [
            "Social Care Capital Grant",
            "soc",
            "",
            "loc",
            "loc",
            "local",
            "",
            "3,432",
        ],
        [
            "Carers Break",
            "oth",
            "Carers' organisations",
            "joi",
            "joi",
            "ccg",
            "",
            "3,443",
        ],
        [
            "Protection of social care",
            "soc",
            "",
            "loc",
            "loc",
            "ccg",
            "28,254",
            "28,254",
        ],
    ];
    for row in rows {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter); // a new row, its name focused
        h.run();
        for (i, cell) in row.iter().enumerate() {
            type_slowly(&mut h, cell);
            if i + 1 < row.len() {
                press(&mut h, Key::Tab); // a suggestion is accepted and the focus moves on
            }
        }
        press(&mut h, Key::Enter);
    }
    let plan = h.state().plan().clone();
    assert_eq!(plan.schemes.len(), 3);
    let s = &plan.schemes[1];
    assert_eq!(
        (
            s.name.as_str(),
            s.area_of_spend.as_str(),
            s.area_other.as_str(),
            s.commissioner.as_str(),
            s.provider.as_str(),
            s.source_of_funding.as_str()
        ),
        (
            "Carers Break",
            "Other",
            "Carers' organisations",
            "Joint",
            "Joint",
            "CCG Minimum Contribution"
        )
    );
    assert_eq!(plan.schemes[0].source_of_funding, "Local Authority Social Services");
    let fin = h.state_mut().summary().finance.clone();
    assert_eq!(fin.spend("2015/16"), Span::exact((3_432 + 3_443 + 28_254) * 100_000));
    assert_eq!(fin.spend("2014/15"), Span::exact(28_254 * 100_000));
    assert_eq!(
        fin.by_source["CCG Minimum Contribution"]["2015/16"],
        Span::exact((3_443 + 28_254) * 100_000)
    );
    // nothing typed landed in the plan's own lists: every value was offered
    assert!(plan.settings.areas_of_spend.is_empty() && plan.settings.funding_sources.is_empty());
}

/// The shared money field (the Plan tab's pooled budget): Escape puts back
/// the amount the field had, Enter keeps the new one.
#[test]
fn money_field_escape_and_enter() {
    let mut h = harness("kent-bcf-2015-16.ron");
    show_tab(&mut h, Tab::Plan);
    let min = |h: &Harness<'static, OpplanApp>| h.state().plan().header.budget("2015/16").unwrap().minimum_required;
    assert_eq!(min(&h), Some(k(101_000)));
    h.get_by_label("Minimum required 2015/16").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_slowly(&mut h, "99");
    assert_eq!(min(&h), Some(k(99)));
    press(&mut h, Key::Escape);
    assert_eq!(min(&h), Some(k(101_000)));
    h.get_by_label("Minimum required 2015/16").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_slowly(&mut h, "£102m");
    press(&mut h, Key::Enter);
    assert_eq!(min(&h), Some(k(102_000)));
    assert!(!h.get_by_label("Minimum required 2015/16").is_focused());
}

#[test]
fn the_row_menu_moves_inserts_and_deletes() {
    let mut h = harness("kent-bcf-2015-16.ron");
    let before = names(&h);
    h.get_by_label("Select scheme 3").click_secondary();
    h.run();
    h.get_by_label("Move this scheme up").click();
    h.run();
    let after = names(&h);
    assert_eq!(
        (after[1].as_str(), after[2].as_str()),
        ("Care Act", "Disabled facilities Grant (DFG)")
    );
    h.get_by_label("Select scheme 1").click_secondary();
    h.run();
    h.get_by_label("Insert a scheme above").click();
    h.run();
    assert_eq!(h.state().plan().schemes.len(), 13);
    assert_eq!(h.state().plan().schemes[0].name, "");
    assert!(h.get_by_label("Scheme 1 name").is_focused());
    press(&mut h, Key::Escape);
    h.get_by_label("Select scheme 1").click_secondary();
    h.run();
    h.get_by_label("Delete this scheme").click();
    h.run();
    assert_eq!(h.state().plan().schemes.len(), 12);
    assert_eq!(names(&h)[0], before[0]);
}

#[test]
fn a_sorted_row_stays_put_while_it_is_edited() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("2015/16 £000\nSpend").click(); // ascending: Social Care Capital Grant (3,432) first
    h.run();
    let top = |h: &Harness<'static, OpplanApp>, n: usize| h.get_by_label(&format!("Scheme {n} name")).rect().top();
    assert!(top(&h, 1) < top(&h, 4));
    h.get_by_label("Scheme 1 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "99,999");
    // the largest now, but it stays where it was while being typed in
    assert!(top(&h, 1) < top(&h, 4));
    press(&mut h, Key::Escape);
    press(&mut h, Key::Escape);
    // the edit is undone by Escape; the order is the same
    assert!(top(&h, 1) < top(&h, 4));
    h.get_by_label("Scheme 1 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "99,999");
    press(&mut h, Key::Enter); // kept; the focus goes down a row
    assert!(top(&h, 1) < top(&h, 4));
    press(&mut h, Key::Escape); // leave the table
    // re-sorted once the edit is over
    assert!(top(&h, 1) > top(&h, 4));
}

#[test]
fn the_unit_changes_what_cells_show_and_how_typing_is_read() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Money unit").click();
    h.run();
    h.get_by_label("£").click();
    h.run();
    assert_eq!(h.state().plan().settings.display_unit, opplan::model::MoneyUnit::Pounds);
    h.get_by_label("101,404,000");
    h.get_by_label("Scheme 4 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "3,500");
    assert_eq!(scheme_spend(&h, 3, "2015/16"), Some(Amount::pounds(3_500)));
}

/// Typing in one cell is one undo step; Ctrl+Z in the next cell (nothing
/// typed there yet) undoes it, as in a spreadsheet.
#[test]
fn enter_then_ctrl_z_undoes_the_cell() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Scheme 4 2015/16 spend").focus();
    h.run();
    type_slowly(&mut h, "5,000");
    press(&mut h, Key::Enter);
    assert_eq!(scheme_spend(&h, 3, "2015/16"), Some(k(5_000)));
    assert!(h.get_by_label("Scheme 5 2015/16 spend").is_focused());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(scheme_spend(&h, 3, "2015/16"), Some(k(3_443)));
    assert_eq!(total(&mut h, "2015/16"), Span::exact(101_404 * 100_000));
}

/// Totals of a large plan (ranges of hundreds of millions shown in
/// pounds, five years side by side) show whole: each money column is as wide as its
/// total, so no total runs into its neighbour and is cut to a wrong-looking
/// figure ("03,746 – 7,175,916").
#[test]
fn wide_range_totals_show_whole() {
    let plan = opplan::generate::generate(&opplan::generate::GenerateOptions {
        schemes: 600,
        metrics: 2,
        risks: 2,
        signoffs: 2,
        years: 5,
        seed: 4,
    });
    let mut plan = plan;
    plan.settings.display_unit = opplan::model::MoneyUnit::Pounds;
    let mut h = schemes_window(OpplanApp::new(plan, None));
    let (years, unit) = {
        let p = h.state().plan();
        (p.header.years.clone(), p.settings.display_unit)
    };
    let mut rects = Vec::new();
    for y in &years {
        let span = h.state_mut().summary().finance.spend(y);
        assert!(span.is_range(), "the generated plan has range totals");
        let text = opplan::model::money::format_span(&span, unit);
        assert!(text.len() >= 20, "a wide total: {text}");
        // the total of the year in the Total row (the last of its label)
        let node = h.get_all_by_label(&text).last().expect("the year's total is shown");
        rects.push((text.clone(), node.rect()));
    }
    for pair in rects.windows(2) {
        let ((a, ra), (b, rb)) = (&pair[0], &pair[1]);
        assert!(ra.max.x <= rb.min.x, "the total {a} ({ra:?}) runs into {b} ({rb:?})");
    }
    // the first year's total does not run into the name column's "Total"
    let label = h.get_by_label("Total").rect();
    assert!(label.max.x <= rects[0].1.min.x);
}
