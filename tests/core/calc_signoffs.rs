//! Sign-offs, content fingerprints, the lifecycle rules and the readiness
//! checklist, on the two sample plans.

use chrono::{NaiveDate, NaiveDateTime};
use opplan::calc::lifecycle::{self, Refusal, Request, Step};
use opplan::calc::signoffs::{self, content_fingerprint, standard_block};
use opplan::calc::{self, Section, SignOffState};
use opplan::io;
use opplan::model::{
    Amount, DateField, Decimal, Figure, MetricPeriod, Mitigation, MoneyUnit, OrgType, Pence, Plan, PlanStatus,
    SignOffStatus, StatusChange,
};
use std::path::Path;

fn sample(name: &str) -> Plan {
    io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).expect("sample loads")
}

fn kent() -> Plan {
    sample("kent-bcf-2015-16.ron")
}

fn skc() -> Plan {
    sample("south-kent-coast-2015-16.ron")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2014, 2, 20).unwrap()
}

/// The checklist item of one sign-off.
fn signoff_item(sum: &calc::PlanSummary, id: opplan::model::RecordId) -> &calc::CheckItem {
    sum.checklist
        .items
        .iter()
        .find(|c| c.record == Some(id) && c.text.starts_with("Sign-off "))
        .expect("the sign-off has an item")
}

fn at() -> NaiveDateTime {
    today().and_hms_opt(10, 30, 0).unwrap()
}

// ---------------------------------------------------------------- fingerprints

#[test]
fn fingerprint_is_stable_across_save_load_and_formatting() {
    for plan in [kent(), skc()] {
        let fp = content_fingerprint(&plan);
        // canonical save and load
        let text = io::to_ron_string(&plan);
        let loaded = io::load_str(&text).unwrap();
        assert_eq!(content_fingerprint(&loaded), fp);
        // compact RON (no pretty printing), loaded again
        let compact = ron::to_string(&plan).unwrap();
        assert_ne!(compact, text);
        assert_eq!(content_fingerprint(&io::load_str(&compact).unwrap()), fp);
        // reformatted by hand: other indentation, CRLF line ends
        let reindented = text.replace("    ", "  ").replace('\n', "\r\n");
        assert_eq!(content_fingerprint(&io::load_str(&reindented).unwrap()), fp);
        // the same twice
        assert_eq!(content_fingerprint(&plan), fp);
        assert_eq!(fp.whole.len(), 32);
    }
}

#[test]
fn fingerprint_encoding_does_not_change() {
    // The fingerprint is saved in plan files: a sign-off made today must
    // match the same content in every later version of the app. These
    // values pin the encoding for a small plan; if this fails, the
    // encoding (or the serde form of the model) changed and every signed
    // plan would show as changed since signed. Fields added later with an
    // empty default do not change it.
    let text = r#"(
        format_version: 2,
        header: (title: "Test plan", ccgs: ["Swale"], years: ["2015/16"], version: "v1",
                 budgets: [(year: "2015/16", minimum_required: Some(Exact(100)))]),
        schemes: [(id: 1, name: "Falls", years: [(year: "2015/16", spend: Some(Range(1, 2)))])],
        metrics: [(id: 2, name: "Admissions", baseline: Some(Value("12.5")))],
        risks: [(id: 3, title: "Workforce", current: Some((likelihood: 4, consequence: 3)))],
        next_id: 4,
    )"#;
    let fp = content_fingerprint(&io::load_str(text).unwrap());
    assert_eq!(fp.whole, "a1dbbcd8a1d235399075dd9b302caac5");
    assert_eq!(fp.schemes, "a56267fadd196fa49de13eff2b450d0e");
}

type Mutation = (&'static str, &'static str, fn(&mut Plan));

/// Content edits, each with the part it belongs to.
fn content_edits() -> Vec<Mutation> {
    vec![
        ("title", "Plan", |p| p.header.title.push('!')),
        ("organisation", "Plan", |p| {
            p.header.organisation = "Someone else".into()
        }),
        ("ccgs", "Plan", |p| p.header.ccgs.push("Medway".into())),
        ("version", "Plan", |p| p.header.version = "Final v2.0".into()),
        ("owner", "Plan", |p| p.header.owner = "Jane Smith".into()),
        ("notes", "Plan", |p| p.header.notes.push_str(" More.")),
        ("years", "Plan", |p| p.header.years.push("2016/17".into())),
        ("minimum", "Plan", |p| {
            p.header.budgets[0].minimum_required = Some(Amount::Exact(Pence(1)))
        }),
        ("tolerance", "Settings", |p| {
            p.settings.amber_tolerance_pct = Decimal::from(5)
        }),
        ("statuses", "Settings", |p| {
            p.settings.areas_of_spend.push("Carers".into())
        }),
        ("scheme name", "Schemes", |p| p.schemes[0].name.push('!')),
        ("scheme money", "Schemes", |p| {
            p.schemes[0].years[0].spend = Some(Amount::Exact(Pence(123)))
        }),
        ("scheme status", "Schemes", |p| p.schemes[1].status = "On track".into()),
        ("scheme order", "Schemes", |p| p.schemes.swap(0, 1)),
        ("scheme deleted", "Schemes", |p| {
            p.schemes.pop();
        }),
        ("metric target", "Metrics", |p| {
            p.metrics[0].periods.push(MetricPeriod {
                label: "Q1".into(),
                target: Some(Figure::Value(Decimal::from(1))),
                ..Default::default()
            })
        }),
        ("metric name", "Metrics", |p| p.metrics[0].name.push('!')),
        ("risk owner", "Risks", |p| p.risks[0].owner = "Jane Smith".into()),
        ("risk action", "Risks", |p| {
            p.risks[0].mitigations.push(Mitigation {
                text: "Do it".into(),
                ..Default::default()
            })
        }),
        ("risk link", "Risks", |p| {
            let id = p.schemes[2].id;
            p.risks[0].scheme_ids.push(id)
        }),
    ]
}

#[test]
fn any_content_edit_changes_the_fingerprint_and_names_its_part() {
    for plan in [kent(), skc()] {
        let before = content_fingerprint(&plan);
        for (what, part, edit) in content_edits() {
            let mut p = plan.clone();
            edit(&mut p);
            let after = content_fingerprint(&p);
            assert_ne!(after.whole, before.whole, "{what} should change the fingerprint");
            assert_eq!(signoffs::changed_parts(&before, &after), vec![part], "{what}");
        }
    }
}

#[test]
fn signoff_lifecycle_and_view_edits_do_not_change_the_fingerprint() {
    type Edit = (&'static str, fn(&mut Plan));
    let edits: Vec<Edit> = vec![
        ("sign-off name", |p| p.signoffs[0].name = "Jane Smith".into()),
        ("sign-off status", |p| p.signoffs[0].status = SignOffStatus::Signed),
        ("sign-off date", |p| {
            p.signoffs[0].date = Some(DateField::Text("3/2/2014".into()))
        }),
        ("sign-off added", |p| {
            let id = p.alloc_id().unwrap();
            p.signoffs.push(opplan::model::SignOff {
                id,
                ..Default::default()
            })
        }),
        ("sign-offs removed", |p| p.signoffs.clear()),
        ("plan status", |p| p.header.status = PlanStatus::Approved),
        ("history", |p| {
            p.history.push(StatusChange {
                who: "Jane".into(),
                ..Default::default()
            })
        }),
        ("date submitted", |p| {
            p.header.date_submitted = Some(DateField::Date(NaiveDate::from_ymd_opt(2014, 2, 14).unwrap()))
        }),
        ("date agreed", |p| p.header.date_agreed_hwb = None),
        ("display unit", |p| p.settings.display_unit = MoneyUnit::Millions),
        ("next id", |p| p.next_id += 10),
    ];
    for plan in [kent(), skc()] {
        let before = content_fingerprint(&plan);
        for (what, edit) in &edits {
            let mut p = plan.clone();
            edit(&mut p);
            assert_eq!(
                content_fingerprint(&p),
                before,
                "{what} must not change the fingerprint"
            );
        }
    }
}

// ---------------------------------------------------------------- sign-off states

#[test]
fn signing_then_editing_shows_changed_since() {
    let mut plan = kent();
    let hwb = plan
        .signoffs
        .iter()
        .find(|s| s.org_type == OrgType::HealthAndWellbeingBoard)
        .unwrap()
        .id;
    assert!(signoffs::mark_signed(&mut plan, hwb, today(), false));
    let s = plan.signoff(hwb).unwrap();
    assert_eq!(s.status, SignOffStatus::Signed);
    // "<date>" is not a date: signing dates it today
    assert_eq!(s.date, Some(DateField::Date(today())));
    let sum = calc::summarize(&plan, today());
    let i = plan.signoffs.iter().position(|s| s.id == hwb).unwrap();
    assert_eq!(sum.signoff_states[i], SignOffState::Signed);

    // the signature survives saving and loading
    let plan = io::load_str(&io::to_ron_string(&plan)).unwrap();
    assert_eq!(calc::summarize(&plan, today()).signoff_states[i], SignOffState::Signed);

    let mut edited = plan.clone();
    edited.schemes[0].name = "Integrated care".into();
    edited.risks[1].owner = "Jane".into();
    let sum = calc::summarize(&edited, today());
    assert_eq!(
        sum.signoff_states[i],
        SignOffState::ChangedSince {
            parts: vec!["Schemes", "Risks"]
        }
    );
    let item = signoff_item(&sum, hwb);
    assert!(!item.ok);
    assert_eq!(
        item.text,
        "Sign-off 10 \u{201c}Kent Health and Wellbeing Board\u{201d}: plan changed since signed on 20 Feb 2014 (Schemes and Risks changed)"
    );
    assert_eq!(item.section, Section::SignOffs);
}

#[test]
fn a_signature_without_a_name_or_date_is_incomplete() {
    let mut plan = kent();
    let id = plan.signoffs[0].id; // "<Name of Signatory>"
    signoffs::mark_signed(&mut plan, id, today(), false);
    let sum = calc::summarize(&plan, today());
    match &sum.signoff_states[0] {
        SignOffState::Incomplete { problems } => {
            assert!(
                problems.iter().any(|p| p.contains("<Name of Signatory>")),
                "{problems:?}"
            );
            assert!(problems.iter().any(|p| p.contains("<Job Title>")), "{problems:?}");
        }
        other => panic!("expected incomplete, got {other:?}"),
    }
    let item = signoff_item(&sum, id);
    assert!(!item.ok);
    assert_eq!(item.field, Some("name"));
    assert!(
        item.text
            .contains("marked signed but name is \u{201c}<Name of Signatory>\u{201d}"),
        "{}",
        item.text
    );
}

// ---------------------------------------------------------------- checklist

#[test]
fn kent_checklist_lists_every_placeholder_signoff() {
    let plan = kent();
    let sum = calc::summarize(&plan, today());
    assert!(!sum.checklist.is_complete());
    let missing: Vec<_> = sum
        .checklist
        .missing()
        .filter(|i| i.section == Section::SignOffs)
        .collect();
    for (i, s) in plan.signoffs.iter().enumerate() {
        let item = missing
            .iter()
            .find(|c| c.record == Some(s.id))
            .unwrap_or_else(|| panic!("sign-off {} is not listed", i + 1));
        assert!(item.text.starts_with(&format!("Sign-off {} ", i + 1)), "{}", item.text);
        // the placeholders are named in the item
        assert!(
            item.text.contains("date is \u{201c}<date>\u{201d}, not a date"),
            "{}",
            item.text
        );
        if s.name.contains('<') {
            assert!(
                item.text.contains("name is \u{201c}<Name of Signatory>\u{201d}"),
                "{}",
                item.text
            );
            assert_eq!(
                item.field,
                Some(if s.organisation.contains('<') {
                    "organisation"
                } else {
                    "name"
                })
            );
        }
        if s.position.contains('<') {
            assert!(
                item.text.contains("position is \u{201c}<Job Title>\u{201d}"),
                "{}",
                item.text
            );
        }
    }
    let ccg = missing
        .iter()
        .find(|c| c.text.contains("organisation is \u{201c}<Name of ccg>\u{201d}"))
        .expect("the unnamed CCG");
    assert_eq!(ccg.field, Some("organisation"));
    // the HWB chair is named: only the date is missing
    assert_eq!(
        missing
            .iter()
            .find(|c| c.text.contains("Kent Health and Wellbeing Board"))
            .unwrap()
            .text,
        "Sign-off 10 \u{201c}Kent Health and Wellbeing Board\u{201d}: not signed (date is \u{201c}<date>\u{201d}, not a date)"
    );
    // every CCG covered, the council and the HWB have a sign-off
    for e in standard_block(&plan) {
        assert!(e.existing.is_some(), "{e:?}");
    }
    // the header's dates are text, not dates
    let texts: Vec<&str> = sum.checklist.missing().map(|i| i.text.as_str()).collect();
    assert!(texts.contains(
        &"Date agreed at the Health and Wellbeing Board: \u{201c}To be agreed 12 February 2014\u{201d} is not a date"
    ));
    assert!(texts.contains(&"No plan owner"));
    // every open risk needs an owner
    assert_eq!(
        sum.checklist
            .missing()
            .filter(|i| i.section == Section::Risks && i.field == Some("owner"))
            .count(),
        plan.risks.len()
    );
}

#[test]
fn skc_checklist_asks_for_signatures_and_the_rest_of_the_block() {
    let plan = skc();
    let sum = calc::summarize(&plan, today());
    let texts: Vec<&str> = sum.checklist.missing().map(|i| i.text.as_str()).collect();
    assert!(
        texts.contains(&"Sign-off 1 \u{201c}NHS South Kent Coast CCG\u{201d}: not signed yet"),
        "{texts:#?}"
    );
    assert!(texts.contains(&"Sign-off 2 \u{201c}NHS South Kent Coast CCG\u{201d}: not signed yet"));
    // the CCG is matched to "NHS South Kent Coast CCG"; the council and
    // the HWB have no sign-off yet
    assert!(!texts.iter().any(|t| t.contains("for CCG")), "{texts:#?}");
    assert!(texts.contains(&"No sign-off for the council \u{201c}Kent County Council\u{201d}"));
    assert!(
        texts.contains(
            &"No sign-off for the Health and Wellbeing Board \u{201c}Kent Health and Wellbeing Board\u{201d}"
        )
    );
    assert!(texts.contains(&"No version label"));
    // and the standard block adds exactly those two
    let mut p = plan.clone();
    assert_eq!(signoffs::add_standard_block(&mut p), 2);
    let added = &p.signoffs[plan.signoffs.len()..];
    assert_eq!(added[0].organisation, "Kent County Council");
    assert_eq!(added[0].org_type, OrgType::LocalAuthority);
    assert_eq!(added[1].org_type, OrgType::HealthAndWellbeingBoard);
    assert!(added.iter().all(|s| s.required && s.status == SignOffStatus::Pending));
    assert_ne!(added[0].id, added[1].id);
    assert!(plan.all_ids().all(|id| id != added[0].id && id != added[1].id));
    // a second time adds nothing
    assert_eq!(signoffs::add_standard_block(&mut p), 0);
    let sum = calc::summarize(&p, today());
    assert!(!sum.checklist.missing().any(|i| i.text.starts_with("No sign-off for")));
}

#[test]
fn the_standard_block_for_a_blank_plan_follows_the_header() {
    let mut plan = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
    assert!(standard_block(&plan).is_empty());
    plan.header.ccgs = vec!["Swale".into(), "  ".into(), "NHS Swale CCG".into(), "Thanet".into()];
    plan.header.local_authority = "Kent County Council".into();
    plan.header.hwb = "<Name of HWB>".into();
    let block = standard_block(&plan);
    let names: Vec<(&str, OrgType)> = block.iter().map(|e| (e.organisation.as_str(), e.org_type)).collect();
    // blank and placeholder names are skipped, the same CCG written twice is one
    assert_eq!(
        names,
        vec![
            ("Swale", OrgType::Ccg),
            ("Thanet", OrgType::Ccg),
            ("Kent County Council", OrgType::LocalAuthority)
        ]
    );
    assert_eq!(signoffs::add_standard_block(&mut plan), 3);
    assert_eq!(plan.signoffs.len(), 3);
}

#[test]
fn cli_lists_the_same_missing_items_as_the_checklist() {
    for plan in [kent(), skc()] {
        let sum = calc::summarize(&plan, today());
        let json = opplan::cli::summary_json(&plan, &sum);
        let missing: Vec<String> = json["checklist"]["missing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let expected: Vec<String> = sum.checklist.missing().map(|i| i.text.clone()).collect();
        assert_eq!(missing, expected);
        assert_eq!(json["checklist"]["incomplete"], sum.checklist.incomplete_count());
    }
}

// ---------------------------------------------------------------- lifecycle

fn request(step: Step) -> Request {
    Request::new(step, "Jane Smith")
}

#[test]
fn submitting_needs_a_complete_checklist_or_a_reason() {
    let mut plan = kent();
    let sum = calc::summarize(&plan, today());
    let n = sum.checklist.incomplete_count();
    assert!(n > 0);

    // nobody named
    let r = Request::new(Step::Submit, "  ");
    assert_eq!(lifecycle::apply(&mut plan, &r, at(), today()), Err(Refusal::NoWho));
    // incomplete, no reason
    let mut r = request(Step::Submit);
    r.date = Some(today());
    // the date submitted is recorded by the step: one item fewer
    assert_eq!(
        lifecycle::apply(&mut plan, &r, at(), today()),
        Err(Refusal::NoReason { count: n - 1 })
    );
    r.anyway_reason = Some("   ".into());
    assert_eq!(
        lifecycle::apply(&mut plan, &r, at(), today()),
        Err(Refusal::NoReason { count: n - 1 })
    );
    // the plan was not touched by the refusals
    assert_eq!(plan, kent());
    // wrong steps from Draft
    for step in [Step::Agree, Step::Approve, Step::Reopen] {
        assert_eq!(
            lifecycle::apply(&mut plan, &request(step), at(), today()),
            Err(Refusal::WrongStatus {
                from: PlanStatus::Draft,
                step
            })
        );
    }

    r.anyway_reason = Some("First draft for the HWB on 12 February".into());
    r.note = "Sent to NHS England".into();
    lifecycle::apply(&mut plan, &r, at(), today()).unwrap();
    assert_eq!(plan.header.status, PlanStatus::Submitted);
    assert_eq!(plan.header.date_submitted, Some(DateField::Date(today())));
    let change = plan.history.last().unwrap();
    assert_eq!(change.from, PlanStatus::Draft);
    assert_eq!(change.to, PlanStatus::Submitted);
    assert_eq!(change.who, "Jane Smith");
    assert_eq!(change.at, Some(at()));
    assert!(
        change.note.starts_with(&format!(
            "Submitted anyway with {} of {} checklist items incomplete. Reason: First draft for the HWB on 12 February",
            n - 1,
            sum.checklist.items.len()
        )),
        "{}",
        change.note
    );
    assert!(change.note.ends_with("\nSent to NHS England"));
    assert_eq!(change.content.as_ref(), Some(&content_fingerprint(&plan)));
    // the history is saved
    let again = io::load_str(&io::to_ron_string(&plan)).unwrap();
    assert_eq!(again.history, plan.history);
}

#[test]
fn a_complete_plan_submits_without_a_reason() {
    let mut plan = complete_plan();
    let sum = calc::summarize(&plan, today());
    assert!(
        sum.checklist.is_complete(),
        "{:#?}",
        sum.checklist.missing().collect::<Vec<_>>()
    );
    let g = lifecycle::gate(&plan, &sum, Step::Submit, None);
    assert!(g.is_clear());
    lifecycle::apply(&mut plan, &request(Step::Submit), at(), today()).unwrap();
    assert_eq!(plan.header.status, PlanStatus::Submitted);
    assert_eq!(plan.history.last().unwrap().note, "");
}

/// The Kent plan filled in: placeholders replaced, everything signed.
fn complete_plan() -> Plan {
    let mut plan = kent();
    let d = NaiveDate::from_ymd_opt(2014, 2, 12).unwrap();
    plan.header.owner = "Jane Smith".into();
    plan.header.date_agreed_hwb = Some(DateField::Date(d));
    plan.header.date_submitted = Some(DateField::Date(NaiveDate::from_ymd_opt(2014, 2, 14).unwrap()));
    let sum = calc::summarize(&plan, today());
    for (r, y) in sum.finance.reconciliation.iter().zip(plan.header.budgets.iter_mut()) {
        y.declared_total = Some(Amount::Exact(Pence(r.total.min_pence as i64)));
    }
    for s in &mut plan.schemes {
        if s.area_of_spend.eq_ignore_ascii_case("other") && s.area_other.is_empty() {
            s.area_other = "Carers".into();
        }
    }
    // the Finance Summary (contributions whose rows differ from the
    // printed totals: the seed's own findings) left out of the filled-in plan
    plan.contributions.clear();
    plan.finance_years.clear();
    plan.performance_amounts.clear();
    for m in &mut plan.metrics {
        if m.name.contains('[') {
            m.name = "Local metric".into();
        }
        m.baseline = Some(Figure::Value(Decimal::from(100)));
        m.periods.push(MetricPeriod {
            label: "2015/16".into(),
            target: Some(Figure::Value(Decimal::from(90))),
            ..Default::default()
        });
    }
    // the national conditions answered and complete
    for c in &mut plan.sections {
        c.status = opplan::model::SectionStatus::Complete;
        if let Some(a) = &mut c.condition {
            a.met = opplan::model::ConditionMet::Yes;
        }
    }
    for r in &mut plan.risks {
        r.owner = "Jane Smith".into();
        if r.mitigations.iter().all(|m| m.text.trim().is_empty()) {
            r.mitigations.push(Mitigation {
                text: "Monitor".into(),
                ..Default::default()
            });
        }
        r.review_date = None;
        for m in &mut r.mitigations {
            m.due = None;
        }
    }
    plan.signoffs.retain(|s| !s.organisation.contains('<'));
    for (i, s) in plan.signoffs.iter_mut().enumerate() {
        s.name = format!("Signatory {}", i + 1);
        s.position = "Accountable Officer".into();
        s.date = Some(DateField::Date(d));
    }
    let ids: Vec<_> = plan.signoffs.iter().map(|s| s.id).collect();
    for id in ids {
        signoffs::mark_signed(&mut plan, id, today(), false);
    }
    plan
}

#[test]
fn approval_needs_every_required_signoff_signed_on_the_current_content() {
    let mut plan = kent();
    let mut r = request(Step::Submit);
    r.anyway_reason = Some("draft".into());
    lifecycle::apply(&mut plan, &r, at(), today()).unwrap();
    lifecycle::apply(&mut plan, &request(Step::Agree), at(), today()).unwrap();
    assert_eq!(plan.header.status, PlanStatus::Agreed);

    // nothing signed: refused, and an override does not help
    let mut r = request(Step::Approve);
    r.anyway_reason = Some("please".into());
    assert_eq!(
        lifecycle::apply(&mut plan, &r, at(), today()),
        Err(Refusal::Blocked { count: 10 })
    );

    // fill in and sign all but one
    plan.signoffs.retain(|s| !s.organisation.contains('<'));
    for (i, s) in plan.signoffs.iter_mut().enumerate() {
        s.name = format!("Signatory {}", i + 1);
        s.position = "Chair".into();
    }
    let ids: Vec<_> = plan.signoffs.iter().map(|s| s.id).collect();
    for id in &ids[1..] {
        signoffs::mark_signed(&mut plan, *id, today(), false);
    }
    let sum = calc::summarize(&plan, today());
    let g = lifecycle::gate(&plan, &sum, Step::Approve, None);
    assert_eq!(g.blockers.len(), 1);
    assert_eq!(g.blockers[0].record, Some(ids[0]));
    assert!(!g.can_override);
    assert_eq!(
        lifecycle::apply(&mut plan, &request(Step::Approve), at(), today()),
        Err(Refusal::Blocked { count: 1 })
    );
    // an optional sign-off does not hold approval up
    plan.signoffs[0].required = false;
    let sum = calc::summarize(&plan, today());
    assert!(lifecycle::gate(&plan, &sum, Step::Approve, None).is_clear());
    plan.signoffs[0].required = true;

    // signed, then the plan changes: refused again
    signoffs::mark_signed(&mut plan, ids[0], today(), false);
    let mut changed = plan.clone();
    changed.metrics[0].name.push_str(" (revised)");
    let sum = calc::summarize(&changed, today());
    let g = lifecycle::gate(&changed, &sum, Step::Approve, None);
    assert_eq!(g.blockers.len(), ids.len());
    assert!(
        g.blockers[0].text.contains("the plan changed since (Metrics changed)"),
        "{}",
        g.blockers[0].text
    );

    // on the current content: approved
    lifecycle::apply(&mut plan, &request(Step::Approve), at(), today()).unwrap();
    assert_eq!(plan.header.status, PlanStatus::Approved);
    let sum = calc::summarize(&plan, today());
    assert_eq!(lifecycle::status_warning(&plan, &sum), None);
    assert_eq!(sum.area(Section::SignOffs).unwrap().rag, opplan::model::Rag::Green);

    // editing after approval is flagged at once
    plan.schemes[3].area_other = "Carers".into();
    let sum = calc::summarize(&plan, today());
    assert_eq!(
        lifecycle::status_warning(&plan, &sum).as_deref(),
        Some("Changed since approved on 20 Feb 2014: Schemes")
    );
    assert!(sum.checklist.missing().any(|i| i.section == Section::Plan
        && i.field == Some("status")
        && i.text == "The plan is Approved but changed since on 20 Feb 2014 (Schemes changed)"));
    assert!(
        sum.signoff_states
            .iter()
            .all(|s| matches!(s, SignOffState::ChangedSince { .. }))
    );

    // back to draft, from any status past it
    lifecycle::apply(&mut plan, &request(Step::Reopen), at(), today()).unwrap();
    assert_eq!(plan.header.status, PlanStatus::Draft);
    assert_eq!(plan.history.len(), 4);
    let sum = calc::summarize(&plan, today());
    assert_eq!(lifecycle::status_warning(&plan, &sum), None);
    let from: Vec<_> = plan.history.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        from,
        vec![
            (PlanStatus::Draft, PlanStatus::Submitted),
            (PlanStatus::Submitted, PlanStatus::Agreed),
            (PlanStatus::Agreed, PlanStatus::Approved),
            (PlanStatus::Approved, PlanStatus::Draft)
        ]
    );
}

#[test]
fn the_done_when_path_fill_in_sign_approve() {
    let mut plan = complete_plan();
    for step in [Step::Submit, Step::Agree, Step::Approve] {
        let mut r = request(step);
        r.date = Some(today());
        lifecycle::apply(&mut plan, &r, at(), today()).unwrap_or_else(|e| panic!("{step:?}: {e}"));
    }
    assert_eq!(plan.header.status, PlanStatus::Approved);
    // the dates recorded by the steps do not unsign anything
    let sum = calc::summarize(&plan, today());
    assert!(
        sum.checklist.is_complete(),
        "{:#?}",
        sum.checklist.missing().collect::<Vec<_>>()
    );
    assert_eq!(plan.header.date_agreed_hwb, Some(DateField::Date(today())));
}

#[test]
fn a_signed_date_in_the_future_is_flagged() {
    let mut plan = complete_plan();
    plan.signoffs[0].date = Some(DateField::Date(NaiveDate::from_ymd_opt(2099, 1, 1).unwrap()));
    let sum = calc::summarize(&plan, today());
    let item = signoff_item(&sum, plan.signoffs[0].id);
    assert!(!item.ok);
    assert_eq!(item.field, Some("date"));
    assert!(
        item.text.ends_with("signed with a date in the future (1 Jan 2099)"),
        "{}",
        item.text
    );
}

#[test]
fn a_signature_from_elsewhere_must_be_confirmed() {
    let mut plan = complete_plan();
    plan.signoffs[0].signed_content = None;
    let sum = calc::summarize(&plan, today());
    assert_eq!(sum.signoff_states[0], SignOffState::Unverified);
    assert!(!sum.signoff_states[0].is_signed());
    let item = signoff_item(&sum, plan.signoffs[0].id);
    assert!(!item.ok);
}
