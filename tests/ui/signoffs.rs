//! The Sign-offs tab, the plan's lifecycle on the Plan tab and the
//! readiness checklist panel, driven as a user does.

use crate::support::{self, put, run, show_tab};
use chrono::NaiveDate;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use opplan::calc::SignOffState;
use opplan::model::{DateField, PlanStatus, RecordId, SignOffStatus};
use opplan::ui::{OpplanApp, Tab};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2014, 2, 20).unwrap()
}

fn harness(sample: &str) -> Harness<'static, OpplanApp> {
    support::window(support::sample(sample).with_today(today()))
}

fn open_tab(h: &mut Harness<'static, OpplanApp>, tab: Tab) {
    show_tab(h, tab);
}

fn kent_hwb() -> RecordId {
    RecordId(37)
}

/// Where the Kent HWB's sign-off is among the sign-offs.
fn hwb_index(h: &Harness<'static, OpplanApp>) -> usize {
    h.state()
        .plan()
        .signoffs
        .iter()
        .position(|s| s.id == kent_hwb())
        .unwrap()
}

/// With the fingerprint's list hashes computed on another thread while the
/// window draws (every list, here): an edit on the Schemes tab shows as
/// changed since signed once the frames settle, and a signature given in
/// the frame that applies an edit records the plan with that edit.
#[test]
fn deferred_hashes_settle_and_a_signature_records_the_edit_before_it() {
    let mut app = support::sample("kent-bcf-2015-16.ron").with_today(today());
    app.defer_hashes_from(0);
    let mut h = support::window(app);
    open_tab(&mut h, Tab::SignOffs);
    h.get_by_label("Roger Gough").click();
    h.run();
    h.get_by_label("Mark signed").click();
    h.run();
    let i = hwb_index(&h);
    assert_eq!(h.state_mut().summary().signoff_states[i], SignOffState::Signed);
    let signed_incomplete = h.state_mut().summary().checklist.incomplete_count();

    // on the Schemes tab (which draws while the hash runs)
    open_tab(&mut h, Tab::Schemes);
    let e = put("Edit scheme name", &h.state().plan().schemes, 0, |s| {
        s.name.push_str(" (revised)")
    });
    run(&mut h, e);
    let fresh = opplan::calc::summarize(h.state().plan(), today());
    assert_eq!(*h.state_mut().summary(), fresh);
    // the last frame drew it: the checklist's count has the signature's item
    let incomplete = fresh.checklist.incomplete_count();
    assert_eq!(incomplete, signed_incomplete + 1);
    h.get_by_label(&opplan::ui::checklist::button_text(incomplete));
    assert_eq!(
        fresh.signoff_states[i],
        SignOffState::ChangedSince { parts: vec!["Schemes"] }
    );

    // an edit applied in the frame whose click signs again: the signature
    // is of the plan with the edit
    open_tab(&mut h, Tab::SignOffs);
    let e = put("Edit scheme name", &h.state().plan().schemes, 1, |s| {
        s.name.push_str(" (revised)")
    });
    // the button pressed in one frame, released in the next, which
    // applies the edit first
    let pos = h.get_by_label("Signed again on the current plan").rect().center();
    let button = |pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::default(),
    };
    h.event(egui::Event::PointerMoved(pos));
    h.event(button(true));
    h.step();
    h.state_mut().run(e);
    h.event(button(false));
    h.run();
    assert!(h.state().plan().schemes[1].name.ends_with(" (revised)"));
    assert_eq!(h.state_mut().summary().signoff_states[i], SignOffState::Signed);
    assert!(h.query_by_label_contains("Plan changed since signed").is_none());
}

#[test]
fn sign_then_edit_a_scheme_shows_changed_since_signed() {
    let mut h = harness("kent-bcf-2015-16.ron");
    h.get_by_label("Sign-offs (10)").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::SignOffs);

    // select the HWB's row (Roger Gough, the only real name)
    h.get_by_label("Roger Gough").click();
    h.run();
    h.get_by_label("Sign-off 10: Kent Health and Wellbeing Board");

    h.get_by_label("Mark signed").click();
    h.run();
    let s = h.state().plan().signoff(kent_hwb()).unwrap().clone();
    assert_eq!(s.status, SignOffStatus::Signed);
    assert!(s.signed_content.is_some());
    // "<date>" was not a date: signing dated it today
    assert_eq!(s.date, Some(DateField::Date(today())));
    h.get_by_label("Signed on 20 Feb 2014");
    assert!(h.query_by_label_contains("Plan changed since signed").is_none());

    // a scheme is edited (the Schemes tab's editor sends the same command)
    let e = put("Edit scheme name", &h.state().plan().schemes, 0, |s| {
        s.name.push_str(" (revised)")
    });
    run(&mut h, e);
    h.run();
    h.get_by_label("Plan changed since signed on 20 Feb 2014 (Schemes changed)");
    assert_eq!(
        h.get_all_by_label("Changed since signed").count(),
        2,
        "chip on the row and in the form"
    );
    let i = hwb_index(&h);
    let state = h.state_mut().summary().signoff_states[i].clone();
    assert_eq!(state, SignOffState::ChangedSince { parts: vec!["Schemes"] });

    // signed again on the current plan: the warning goes
    h.get_by_label("Signed again on the current plan").click();
    h.run();
    assert!(h.query_by_label_contains("Plan changed since signed").is_none());
    h.get_by_label("Signed on 20 Feb 2014");
}

#[test]
fn placeholders_show_on_the_row_and_signing_them_is_incomplete() {
    let mut h = harness("kent-bcf-2015-16.ron");
    open_tab(&mut h, Tab::SignOffs);
    // the first sign-off is selected; its placeholders are listed
    h.get_by_label_contains("Before it can be signed: name is \u{201c}<Name of Signatory>\u{201d}");
    assert_eq!(h.get_all_by_label("<Name of Signatory>").count(), 9);
    h.get_by_label("Mark signed").click();
    h.run();
    h.get_by_label("Marked signed, but not complete");
    let first = &h.state().plan().signoffs[0];
    assert_eq!(first.status, SignOffStatus::Signed);
    let state = h.state_mut().summary().signoff_states[0].clone();
    assert!(matches!(state, SignOffState::Incomplete { .. }), "{state:?}");

    // typing the real name clears that placeholder
    let name = h.get_by_label("Signatory name");
    name.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_label("Signatory name").type_text("Dr Bob Bowes");
    h.run();
    assert_eq!(h.state().plan().signoffs[0].name, "Dr Bob Bowes");
    // and one undo step would take the whole name back
    h.get_by_label("Back to pending").click();
    h.run();
    assert_eq!(h.state().plan().signoffs[0].status, SignOffStatus::Pending);
    assert_eq!(h.state().plan().signoffs[0].signed_content, None);
}

#[test]
fn the_standard_block_adds_the_council_and_the_hwb_to_the_skc_plan() {
    let mut h = harness("south-kent-coast-2015-16.ron");
    open_tab(&mut h, Tab::SignOffs);
    assert_eq!(h.state().plan().signoffs.len(), 2);
    h.get_by_label("Add the standard BCF sign-off block").click();
    h.run();
    let plan = h.state().plan();
    assert_eq!(plan.signoffs.len(), 4);
    assert_eq!(plan.signoffs[2].organisation, "Kent County Council");
    assert_eq!(plan.signoffs[3].organisation, "Kent Health and Wellbeing Board");
    // the first one added is selected
    h.get_by_label("Sign-off 3: Kent County Council");
    h.get_by_label_contains("Added 2 required sign-offs");
    // nothing more to add
    h.get_by_label("Add the standard BCF sign-off block").click();
    h.run();
    assert_eq!(h.state().plan().signoffs.len(), 4);
}

#[test]
fn the_checklist_panel_opens_and_goes_to_the_field() {
    let mut h = harness("kent-bcf-2015-16.ron");
    // the Risks tab: nothing on it repeats the checklist's words
    open_tab(&mut h, Tab::Risks);
    let n = h.state_mut().summary().checklist.incomplete_count();
    h.get_by_label(&format!("Incomplete: {n} items")).click();
    h.run();
    h.get_by_label("Readiness checklist");
    let total = h.state_mut().summary().checklist.items.len();
    h.get_by_label(&format!("{n} of {total} items incomplete"));

    // the unnamed CCG's sign-off: goes to the tab, selects it, focuses the organisation
    h.get_by_label_contains("Sign-off 3 \u{201c}<Name of ccg>\u{201d}")
        .scroll_to_me();
    h.run();
    h.get_by_label_contains("Sign-off 3 \u{201c}<Name of ccg>\u{201d}")
        .click();
    h.run();
    assert_eq!(h.state().tab(), Tab::SignOffs);
    h.get_by_label("Sign-off 3: <Name of ccg>");
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Signed on behalf of")
            .is_focused()
    );

    // a Plan tab field
    h.get_by_label("No plan owner").scroll_to_me();
    h.run();
    h.get_by_label("No plan owner").click();
    h.run();
    assert_eq!(h.state().tab(), Tab::Plan);
    assert!(h.get_by_role_and_label(Role::TextInput, "Plan owner").is_focused());
    h.get_by_role_and_label(Role::TextInput, "Plan owner")
        .type_text("Jane Smith");
    h.run();
    assert_eq!(h.state().plan().header.owner, "Jane Smith");
    assert_eq!(h.state_mut().summary().checklist.incomplete_count(), n - 1);
    h.get_by_label(&format!("Incomplete: {} items", n - 1));

    // closing
    h.get_by_label("Close").click();
    h.run();
    assert!(h.query_by_label("Readiness checklist").is_none());
}

#[test]
fn submit_anyway_with_a_reason_then_back_to_draft() {
    let mut h = harness("kent-bcf-2015-16.ron");
    open_tab(&mut h, Tab::Plan);
    h.get_by_label("Submit\u{2026}").click();
    h.run();
    h.get_by_label_contains("checklist items are incomplete");
    // nobody named yet: the step cannot be taken
    h.get_by_label("Type the name of who is making this change.");

    h.get_by_role_and_label(Role::TextInput, "Who is making this change")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Who is making this change")
        .type_text("Jane Smith");
    h.run();
    h.get_by_label_contains("complete them or submit anyway with a reason");
    h.get_by_label("Submit anyway").click();
    h.run();
    h.get_by_label("Reason for submitting anyway").focus();
    h.run();
    h.get_by_label("Reason for submitting anyway")
        .type_text("First draft for the HWB");
    h.run();
    h.get_by_label("Submit").click();
    h.run();

    let plan = h.state().plan();
    assert_eq!(plan.header.status, PlanStatus::Submitted);
    assert_eq!(plan.header.date_submitted, Some(DateField::Date(today())));
    let c = plan.history.last().unwrap();
    assert_eq!(c.who, "Jane Smith");
    assert!(c.note.contains("Reason: First draft for the HWB"), "{}", c.note);
    h.get_by_label_contains("Last change: Draft to Submitted by Jane Smith on 20 Feb 2014");

    // editing after submission is flagged at once, in the top bar too
    let e = put("Edit risk owner", &h.state().plan().risks, 0, |r| {
        r.owner = "Jane Smith".into()
    });
    run(&mut h, e);
    h.run();
    assert!(
        h.get_all_by_label("Changed since submitted on 20 Feb 2014: Risks")
            .count()
            >= 2
    );

    // back to draft: who is remembered
    h.get_by_label("Back to draft\u{2026}").click();
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Who is making this change")
            .value()
            .as_deref(),
        Some("Jane Smith")
    );
    h.get_by_label("Back to draft").click();
    h.run();
    assert_eq!(h.state().plan().header.status, PlanStatus::Draft);
    assert_eq!(h.state().plan().history.len(), 2);
    assert!(h.query_by_label_contains("Changed since submitted").is_none());
}

#[test]
fn date_fields_have_a_picker_and_read_uk_dates() {
    let mut h = harness("kent-bcf-2015-16.ron");
    open_tab(&mut h, Tab::Plan);
    h.get_by_label("Date submitted: pick a date");
    let field = h.get_by_role_and_label(Role::TextInput, "Date submitted");
    field.focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Date submitted")
        .type_text("3/2/2014");
    h.run();
    assert_eq!(
        h.state().plan().header.date_submitted,
        Some(DateField::Date(NaiveDate::from_ymd_opt(2014, 2, 3).unwrap()))
    );
    // what was understood is shown while typing
    h.get_by_label("= 3 Feb 2014");
    // text that is not a date is kept as typed
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(Role::TextInput, "Date submitted")
        .type_text("X March 2014");
    h.run();
    assert_eq!(
        h.state().plan().header.date_submitted,
        Some(DateField::Text("X March 2014".into()))
    );
}

#[test]
fn signoffs_snapshot() {
    // the HWB signed, then a scheme edited: the warning as users see it
    let mut h = harness("kent-bcf-2015-16.ron");
    open_tab(&mut h, Tab::SignOffs);
    h.get_by_label("Roger Gough").click();
    h.run();
    h.get_by_label("Mark signed").click();
    h.run();
    let e = put("Edit scheme name", &h.state().plan().schemes, 0, |s| {
        s.name.push_str(" (revised)")
    });
    run(&mut h, e);
    h.run();
    h.snapshot("signoffs_kent");
}

#[test]
fn checklist_snapshot() {
    let mut h = harness("south-kent-coast-2015-16.ron");
    open_tab(&mut h, Tab::Plan);
    let n = h.state_mut().summary().checklist.incomplete_count();
    h.get_by_label(&format!("Incomplete: {n} items")).click();
    h.run();
    h.snapshot("checklist_skc");
}
