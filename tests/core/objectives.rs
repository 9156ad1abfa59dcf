//! Operating plans (issue 16): objectives and their roll-up RAG, milestones
//! against a fixed today, phased trajectories and "% change from baseline"
//! targets, links cleaned on delete (and put back on undo), the file
//! format (version 4 only with the new content, migration from 2), the
//! checklist, `summary --json`, `check`, and the SKC 2016/17 sample
//! against its seed.

use chrono::NaiveDate;
use opplan::calc::objectives::{milestone_items, milestone_state, objective_rollups, operating_items};
use opplan::calc::{self, metrics};
use opplan::io;
use opplan::model::date::{due_window, quarter_of};
use opplan::model::edit::{self, PlanEdit};
use opplan::model::value::parse_change_pct;
use opplan::model::{
    ConditionAnswer, ConditionMet, Decimal, Field, Figure, Metric, MetricPeriod, Milestone, MilestoneStatus,
    NarrativeSection, Objective, Plan, Polarity, Rag, RecordId, RecordKind, Risk, RiskScore, Scheme, SchemeKind,
    SectionStatus, Value,
};
use std::path::Path;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn sample(name: &str) -> Plan {
    io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)).unwrap()
}

/// A metric rated by one period: target and actual, higher is better.
fn metric(id: u64, name: &str, target: &str, actual: Option<&str>) -> Metric {
    Metric {
        id: RecordId(id),
        name: name.into(),
        periods: vec![MetricPeriod {
            label: "Q1 2016/17".into(),
            target: Some(Figure::Value(d(target))),
            actual: actual.map(|a| Figure::Value(d(a))),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn risk(id: u64, title: &str, l: u8, c: u8) -> Risk {
    Risk {
        id: RecordId(id),
        title: title.into(),
        current: Some(RiskScore::new(l, c)),
        ..Default::default()
    }
}

/// Metrics 1 Green (95 of 95), 2 Amber (90 of 95), 3 Red (80 of 95), 4
/// not rated; risks 5 Low (Green), 6 Extreme (Red); a scheme 7.
fn linked_plan() -> Plan {
    let mut p = Plan::default();
    p.metrics = vec![
        metric(1, "A&E 4 hours", "95", Some("95")),
        metric(2, "RTT", "95", Some("90")),
        metric(3, "Cancer 62 days", "95", Some("80")),
        metric(4, "Dementia", "66.7", None),
    ];
    p.risks = vec![risk(5, "Workforce", 1, 2), risk(6, "Capacity", 5, 5)];
    p.schemes = vec![Scheme {
        id: RecordId(7),
        name: "Constitutional Targets".into(),
        kind: SchemeKind::Initiative,
        ..Default::default()
    }];
    p.next_id = 8;
    p
}

fn objective(id: u64, metrics: &[u64], risks: &[u64]) -> Objective {
    Objective {
        id: RecordId(id),
        number: id.to_string(),
        title: format!("Objective {id}"),
        scheme_ids: vec![RecordId(7)],
        metric_ids: metrics.iter().map(|&i| RecordId(i)).collect(),
        risk_ids: risks.iter().map(|&i| RecordId(i)).collect(),
        ..Default::default()
    }
}

#[test]
fn objective_rollup_is_the_worst_of_its_metrics_and_risks() {
    // (linked metrics, linked risks, roll-up, the rule's words)
    let table: [(&[u64], &[u64], Rag, &str); 7] = [
        (
            &[1],
            &[],
            Rag::Green,
            "Green: the worst of its 1 metric (Metric “A&E 4 hours” is Green)",
        ),
        (
            &[1, 2],
            &[],
            Rag::Amber,
            "Amber: the worst of its 2 metrics (Metric “RTT” is Amber)",
        ),
        (
            &[1, 2, 3],
            &[],
            Rag::Red,
            "Red: the worst of its 3 metrics (Metric “Cancer 62 days” is Red)",
        ),
        (
            &[1],
            &[6],
            Rag::Red,
            "Red: the worst of its 1 metric and 1 risk (Risk 2 “Capacity” is Red)",
        ),
        (
            &[1],
            &[5],
            Rag::Green,
            "Green: the worst of its 1 metric and 1 risk (Metric “A&E 4 hours”, Risk 1 “Workforce” are Green)",
        ),
        (&[4], &[], Rag::NotRated, "Not rated: none of its 1 metric is rated yet"),
        (&[], &[], Rag::NotRated, "Not rated: no metric or risk is linked to it"),
    ];
    for (i, (m, r, rag, rule)) in table.iter().enumerate() {
        let mut p = linked_plan();
        p.objectives = vec![objective(100, m, r)];
        let s = calc::summarize(&p, day(2016, 6, 1));
        let roll = &s.objective_rollups[0];
        assert_eq!(roll.rag, *rag, "row {i}");
        assert_eq!(roll.rule, *rule, "row {i}");
        assert_eq!(roll.schemes, vec![RecordId(7)], "row {i}");
    }
}

#[test]
fn a_risk_that_names_an_objective_counts_in_its_rollup() {
    let mut p = linked_plan();
    p.objectives = vec![objective(100, &[1], &[])];
    let s = calc::summarize(&p, day(2016, 6, 1));
    assert_eq!(s.objective_rollups[0].rag, Rag::Green);
    p.risks[1].objective_ids = vec![RecordId(100)];
    let s = calc::summarize(&p, day(2016, 6, 1));
    assert_eq!(s.objective_rollups[0].rag, Rag::Red);
    assert_eq!(s.objective_rollups[0].risks, vec![RecordId(6)]);
    // the Overview's area follows
    let area = s.areas.iter().find(|a| a.name == "Objectives").unwrap();
    assert_eq!(area.rag, Rag::Red);
}

#[test]
fn due_texts_are_read_as_windows() {
    let cases = [
        ("31/07/2016", Some((day(2016, 7, 31), day(2016, 7, 31)))),
        ("July 2016", Some((day(2016, 7, 1), day(2016, 7, 31)))),
        ("by end of Sept 2016", Some((day(2016, 9, 1), day(2016, 9, 30)))),
        ("Q2 2016/17", Some((day(2016, 7, 1), day(2016, 9, 30)))),
        ("Q4 2016/17", Some((day(2017, 1, 1), day(2017, 3, 31)))),
        ("Autumn 2016", Some((day(2016, 9, 1), day(2016, 11, 30)))),
        ("Winter 2016", Some((day(2016, 12, 1), day(2017, 2, 28)))),
        ("2016/17", Some((day(2016, 4, 1), day(2017, 3, 31)))),
        ("soon", None),
        ("Q5 2016/17", None),
        ("2016/18", None),
        ("", None),
    ];
    for (text, want) in cases {
        assert_eq!(due_window(text), want, "{text}");
    }
    assert_eq!(quarter_of(day(2016, 9, 30)), "Q2 2016/17");
    assert_eq!(quarter_of(day(2017, 2, 1)), "Q4 2016/17");
}

#[test]
fn milestones_are_overdue_after_their_window_unless_done() {
    let m = |due: &str, status| Milestone {
        id: RecordId(1),
        description: "Specification agreed".into(),
        due: due.into(),
        status,
        ..Default::default()
    };
    // (due, status, today, overdue, at risk)
    let table = [
        ("Q2 2016/17", MilestoneStatus::OnTrack, day(2016, 9, 30), false, false),
        ("Q2 2016/17", MilestoneStatus::OnTrack, day(2016, 10, 1), true, false),
        ("Q2 2016/17", MilestoneStatus::Done, day(2016, 10, 1), false, false),
        ("Q2 2016/17", MilestoneStatus::AtRisk, day(2016, 8, 1), false, true),
        (
            "Autumn 2016",
            MilestoneStatus::NotStarted,
            day(2016, 11, 30),
            false,
            false,
        ),
        (
            "Autumn 2016",
            MilestoneStatus::NotStarted,
            day(2016, 12, 1),
            true,
            false,
        ),
        ("31/07/2016", MilestoneStatus::NotStarted, day(2016, 8, 1), true, false),
        (
            "when we can",
            MilestoneStatus::NotStarted,
            day(2030, 1, 1),
            false,
            false,
        ),
    ];
    for (due, status, today, overdue, at_risk) in table {
        let st = milestone_state(&m(due, status), today);
        assert_eq!((st.overdue, st.at_risk), (overdue, at_risk), "{due} {status:?} {today}");
    }
    // the checklist names the milestone, its scheme and the day it was due by
    let s = Scheme {
        id: RecordId(9),
        name: "Sustainability and Transformation".into(),
        milestones: vec![
            m("June 2016", MilestoneStatus::NotStarted),
            m("when we can", MilestoneStatus::AtRisk),
        ],
        ..Default::default()
    };
    let items = milestone_items(0, &s, day(2016, 7, 1));
    let missing: Vec<&str> = items.iter().filter(|i| !i.ok).map(|i| i.text.as_str()).collect();
    assert_eq!(
        missing,
        [
            "Scheme 1 “Sustainability and Transformation”, milestone 1 “Specification agreed”: overdue: due June 2016 (by 30 Jun 2016) and not done",
            "Scheme 1 “Sustainability and Transformation”, milestone 2 “Specification agreed”: the due “when we can” is not a date or a period opplan can read (such as 31/07/2016, July 2016, Q2 2016/17 or Autumn 2016)",
            "Scheme 1 “Sustainability and Transformation”, milestone 2 “Specification agreed”: is marked at risk",
        ]
    );
    // the Overview's Milestones area: Red while one is overdue
    let mut p = Plan::default();
    p.schemes = vec![s];
    let sum = calc::summarize(&p, day(2016, 7, 1));
    let area = sum.areas.iter().find(|a| a.name == "Milestones").unwrap();
    assert_eq!((area.rag, area.counts.red, area.counts.amber), (Rag::Red, 1, 1));
    assert_eq!(sum.milestones().overdue, 1);
}

#[test]
fn a_change_from_the_baseline_is_kept_and_rated_against_the_level_it_implies() {
    assert_eq!(parse_change_pct("Reduction of 3.2%").unwrap(), Some(d("-3.2")));
    assert_eq!(parse_change_pct("3.2% reduction").unwrap(), Some(d("-3.2")));
    assert_eq!(parse_change_pct("-3.2").unwrap(), Some(d("-3.2")));
    assert_eq!(parse_change_pct("increase of 5%").unwrap(), Some(d("5")));
    assert_eq!(parse_change_pct("").unwrap(), None);
    assert!(parse_change_pct("a lot").is_err());
    assert!(parse_change_pct("-2000").is_err());
    // permanent admissions, lower is better: baseline 1,000, "reduction of
    // 3.2%" implies 968; 960 meets it, 1,050 is within 10%, 1,100 is not
    let mut m = Metric {
        name: "Permanent admissions".into(),
        polarity: Polarity::LowerIsBetter,
        unit: opplan::model::MetricUnit::Per100k,
        baseline: Some(Figure::Value(d("1000"))),
        ..Default::default()
    };
    for (label, actual) in [("Q1", "960"), ("Q2", "1050"), ("Q3", "1100"), ("Q4", "")] {
        let mut p = MetricPeriod {
            label: label.into(),
            target_change_pct: Some(d("-3.2")),
            ..Default::default()
        };
        if !actual.is_empty() {
            p.actual = Some(Figure::Value(d(actual)));
        } else {
            p.status_text = "Awaiting information".into();
        }
        m.periods.push(p);
    }
    assert_eq!(metrics::period_target(&m, &m.periods[0]), Some(d("968.0")));
    let r = metrics::rate_metric(&m, d("10"));
    let rags: Vec<Rag> = r.periods.iter().map(|p| p.rag).collect();
    assert_eq!(rags, [Rag::Green, Rag::Amber, Rag::Red, Rag::NotRated]);
    assert!(
        r.periods[0].explanation.ends_with(
            "; the target is set as a 3.2% reduction from the baseline 1,000.0 per 100,000 = 968.0 per 100,000"
        ),
        "{}",
        r.periods[0].explanation
    );
    assert!(
        r.periods[3].explanation.ends_with("; status: Awaiting information"),
        "{}",
        r.periods[3].explanation
    );
    // the metric is rated on its latest actual (Q3)
    assert_eq!(r.rag, Rag::Red);
    // without a baseline there is no level to rate against
    m.baseline = None;
    assert_eq!(metrics::rate_metric(&m, d("10")).periods[0].rag, Rag::NotRated);
    // set through the one field parser, as a cell would
    let mut m2 = Metric::default();
    let field = Field::Period {
        n: 1,
        part: opplan::model::field::PeriodPart::TargetChange,
    };
    use opplan::model::record::Record;
    m2.set(&field, "Reduction of 3.2%", opplan::model::MoneyUnit::Pounds)
        .unwrap();
    assert_eq!(m2.periods[0].target_change_pct, Some(d("-3.2")));
    assert_eq!(m2.get(&field), Value::Decimal(d("-3.2")));
}

#[test]
fn deleting_a_linked_record_cleans_the_links_and_undo_puts_them_back() {
    let mut p = linked_plan();
    p.objectives = vec![objective(100, &[1, 2], &[5])];
    p.risks[0].objective_ids = vec![RecordId(100)];
    p.risks[0].metric_ids = vec![RecordId(2)];
    p.next_id = 101;
    let before = p.clone();
    let a = edit::apply(
        &mut p,
        PlanEdit::Delete {
            kind: RecordKind::Metrics,
            ids: vec![RecordId(2)],
        },
    )
    .unwrap();
    assert_eq!(p.objectives[0].metric_ids, vec![RecordId(1)]);
    assert!(p.risks[0].metric_ids.is_empty());
    edit::apply(&mut p, a.undo).unwrap();
    assert_eq!(p, before);
    // deleting the objective removes the risk's link to it
    let a = edit::apply(
        &mut p,
        PlanEdit::Delete {
            kind: RecordKind::Objectives,
            ids: vec![RecordId(100)],
        },
    )
    .unwrap();
    assert!(p.objectives.is_empty());
    assert!(p.risks[0].objective_ids.is_empty());
    edit::apply(&mut p, a.undo).unwrap();
    assert_eq!(p, before);
}

#[test]
fn milestones_get_ids_of_their_own_when_added_or_copied() {
    let mut p = linked_plan();
    let mut s = p.schemes[0].clone();
    s.milestones = vec![Milestone {
        description: "New".into(),
        ..Default::default()
    }];
    // a milestone added without an id gets one
    edit::apply(&mut p, PlanEdit::put(s)).unwrap();
    let first = p.schemes[0].milestones[0].id;
    assert_eq!(first, RecordId(8));
    // a copy of the scheme gets new ids for its milestones too
    let copy = p.schemes[0].clone();
    let a = edit::apply(&mut p, PlanEdit::append(copy)).unwrap();
    let copy = p.schemes.last().unwrap();
    assert_ne!(copy.milestones[0].id, first);
    let ids: Vec<RecordId> = p.all_ids().collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "no id twice");
    // and what opplan writes, it reads
    let text = io::to_ron_string(&p);
    assert_eq!(io::load_str(&text).unwrap(), p);
    edit::apply(&mut p, a.undo).unwrap();
    assert_eq!(p.schemes.len(), 1);
}

#[test]
fn version_four_only_while_the_plan_holds_the_new_content() {
    // a version 2 plan is written exactly as read
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/south-kent-coast-2015-16.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let plan = io::load_str(&text).unwrap();
    assert_eq!(plan.written_version(), 2);
    assert_eq!(io::to_ron_string(&plan), text);
    // with an objective: version 4, read back the same
    let mut p = plan.clone();
    let id = p.alloc_id().unwrap();
    p.objectives.push(Objective {
        id,
        number: "1".into(),
        title: "Reduce emergency admissions".into(),
        ..Default::default()
    });
    let v4 = io::to_ron_string(&p);
    assert!(v4.starts_with("(\n    format_version: 4,\n"), "{}", &v4[..40]);
    let back = io::load_str(&v4).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.written_version(), 4);
    // removed again: version 2 and the bytes of before
    p.objectives.clear();
    assert_eq!(
        io::to_ron_string(&p).replace(&format!("next_id: {}", p.next_id), ""),
        text.replace(&format!("next_id: {}", plan.next_id), "")
    );
    // a newer version is refused, naming both
    let v5 = v4.replacen("format_version: 4", "format_version: 5", 1);
    let e = io::load_str(&v5).unwrap_err().to_string();
    assert!(e.contains('5') && e.contains('4'), "{e}");
    // a text status or a change target alone also needs version 4
    let mut p = plan.clone();
    p.metrics[0].periods[0].status_text = "Awaiting information".into();
    assert_eq!(p.written_version(), 4);
    assert_eq!(io::load_str(&io::to_ron_string(&p)).unwrap(), p);
}

#[test]
fn a_version_two_file_migrates_and_keeps_its_fingerprint() {
    let kent = sample("south-kent-coast-2015-16.ron");
    let fp = calc::content_fingerprint(&kent);
    assert!(fp.operating.is_empty());
    // operating content changes the whole fingerprint and says which part
    let mut p = kent.clone();
    let id = p.alloc_id().unwrap();
    p.sections.push(NarrativeSection {
        id,
        title: "Vision".into(),
        ..Default::default()
    });
    let fp2 = calc::content_fingerprint(&p);
    assert_ne!(fp2.whole, fp.whole);
    assert_eq!(
        (fp2.header.as_str(), fp2.schemes.as_str()),
        (fp.header.as_str(), fp.schemes.as_str())
    );
    assert_eq!(
        opplan::calc::signoffs::changed_parts(&fp, &fp2),
        vec!["Objectives and narrative"]
    );
    // and a word of the section's text changes it again
    p.sections[0].text = "A healthier South Kent Coast".into();
    assert_ne!(calc::content_fingerprint(&p).whole, fp2.whole);
}

#[test]
fn sections_and_national_conditions_are_checked() {
    let mut p = Plan::default();
    p.sections = vec![
        NarrativeSection {
            id: RecordId(1),
            title: "Vision".into(),
            status: SectionStatus::Complete,
            text: "Integrated care".into(),
            condition: None,
        },
        NarrativeSection {
            id: RecordId(2),
            title: "c) Data sharing".into(),
            status: SectionStatus::Draft,
            text: "The prime identifier is the NHS number.".into(),
            condition: Some(ConditionAnswer {
                met: ConditionMet::Partly,
                assurance: String::new(),
                actions: String::new(),
            }),
        },
    ];
    p.next_id = 3;
    let missing: Vec<String> = operating_items(&p)
        .into_iter()
        .filter(|i| !i.ok)
        .map(|i| i.text)
        .collect();
    assert_eq!(
        missing,
        [
            "National condition 2 “c) Data sharing”: is draft (not complete)",
            "National condition 2 “c) Data sharing”: is only partly met, so it needs the actions that will meet it",
        ]
    );
    // an objective with no title and no linked work
    p.objectives = vec![Objective {
        id: RecordId(3),
        ..Default::default()
    }];
    let missing: Vec<String> = operating_items(&p)
        .into_iter()
        .filter(|i| !i.ok)
        .map(|i| i.text)
        .collect();
    assert_eq!(missing[0], "Objective 1 (no title): has a title");
    assert_eq!(
        missing[1],
        "Objective 1 (no title): is linked to the schemes, initiatives or metrics that serve it"
    );
    // the BCF template's four conditions, from seed 004
    let t = opplan::calc::metric_templates::national_conditions();
    let titles: Vec<&str> = t.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "a) Protecting social care services",
            "b) 7 day services to support discharge",
            "c) Data sharing",
            "d) Joint assessment and accountable lead professional",
        ]
    );
    assert!(t.iter().all(|s| s.is_condition()));
}

#[test]
fn the_live_summary_follows_objective_and_section_edits() {
    let mut p = sample("skc-2016-17.ron");
    let today = day(2016, 10, 15);
    let mut live = calc::live::LiveSummary::new(&p, today);
    let o = p.objectives[4].id; // objective 5: RTT
    let m = p.metrics[1].id; // RTT incomplete pathways
    let edits = [
        PlanEdit::set(
            RecordKind::Objectives,
            o,
            Field::ObjectiveTitle,
            Value::Text("RTT".into()),
        ),
        PlanEdit::set(
            RecordKind::Metrics,
            m,
            Field::Period {
                n: 1,
                part: opplan::model::field::PeriodPart::Actual,
            },
            Value::Figure(Figure::Value(d("80")), Default::default()),
        ),
        PlanEdit::append(Objective::default()),
        PlanEdit::Delete {
            kind: RecordKind::Metrics,
            ids: vec![m],
        },
        PlanEdit::set(
            RecordKind::Sections,
            p.sections[0].id,
            Field::SectionText,
            Value::Text("New words".into()),
        ),
    ];
    for e in edits {
        let a = edit::apply(&mut p, e).unwrap();
        live.update(&p, today, &a.changes);
        assert_eq!(*live.summary(), calc::summarize(&p, today));
    }
    assert!(live.in_place >= 4, "updated in place: {}", live.in_place);
}

#[test]
fn the_skc_sample_holds_the_seed_objectives_initiatives_and_links() {
    let p = sample("skc-2016-17.ron");
    assert_eq!(p.written_version(), 4);
    assert_eq!(p.objectives.len(), 9);
    assert_eq!(
        p.objectives[3].title,
        "Recover and maintain the access standards for A&E and ambulance pathways"
    );
    assert_eq!(
        p.objectives[6].title,
        "Achieve and maintain the two new mental health access standards"
    );
    let initiatives: Vec<&Scheme> = p.schemes.iter().filter(|s| s.kind == SchemeKind::Initiative).collect();
    assert_eq!(initiatives.len(), 7);
    // "Objective Link" of each initiative (seed 002 lines 49, 74, 154, 331,
    // 449, 493, 574): the objectives that name it
    let links: Vec<Vec<String>> = initiatives
        .iter()
        .map(|s| {
            p.objectives
                .iter()
                .filter(|o| o.scheme_ids.contains(&s.id))
                .map(|o| o.number.clone())
                .collect()
        })
        .collect();
    let want: [&[&str]; 7] = [&["1"], &["2"], &["4", "5", "6", "7"], &["3"], &["8"], &["9"], &["9"]];
    for (got, want) in links.iter().zip(want) {
        assert_eq!(got, want);
    }
    assert_eq!(initiatives[2].name, "Constitutional Targets / Access Standards");
    // milestones with their due periods: the STP by June 2016, consultation
    // late summer / autumn 2016, RTT 92% by September 2016
    let stp = &initiatives[0].milestones;
    assert_eq!(
        stp.iter().map(|m| m.due.as_str()).collect::<Vec<_>>(),
        ["June 2016", "Autumn 2016"]
    );
    assert!(
        initiatives[2].milestones[0]
            .description
            .contains("from an average of 89% to 92%")
    );
    assert_eq!(initiatives[2].milestones[0].due, "September 2016");
    // risks "mitigated by", linked to their initiative and its objectives
    let r = &p.risks[0];
    assert_eq!(
        r.title,
        "Risk that providers will not engage with the CCG around Sustainability and Transformation"
    );
    assert_eq!(
        r.mitigations[0].text,
        "Work streams encompassing leadership, cultural change and stakeholder engagement"
    );
    assert_eq!(r.scheme_ids, vec![initiatives[0].id]);
    assert_eq!(r.objective_ids, vec![p.objectives[0].id]);
    assert_eq!(p.risks.len(), 14);
    assert_eq!(p.risks.iter().filter(|r| !r.mitigations.is_empty()).count(), 8);
    // constitution standards phased: RTT 92% each month of 2016/17, met
    // from September 2016
    let rtt = p.metrics.iter().find(|m| m.name.starts_with("RTT")).unwrap();
    assert_eq!(rtt.periods.len(), 12);
    assert_eq!(rtt.periods[0].label, "April 2016");
    assert_eq!(rtt.periods[11].label, "March 2017");
    assert!(rtt.periods.iter().all(|x| x.target == Some(Figure::Value(d("92")))));
    assert_eq!(rtt.periods[4].status_text, "Achievement forecast from September 2016");
    assert_eq!(rtt.periods[5].status_text, "");
    assert_eq!(rtt.baseline, Some(Figure::Value(d("89"))));
    let ae = p.metrics.iter().find(|m| m.name.starts_with("A&E")).unwrap();
    assert_eq!(
        ae.periods.iter().map(|x| x.label.as_str()).collect::<Vec<_>>(),
        ["Q1 2016/17", "Q2 2016/17", "Q3 2016/17", "Q4 2016/17"]
    );
    assert_eq!(ae.periods[0].target, Some(Figure::Value(d("95"))));
    // finance assumptions kept as notes, with the seed's figures
    for words in [
        "1 per cent planned surplus and 1.5 per cent contingency",
        "0.44 per cent ONS population growth and 3.3 per cent overall trend growth",
    ] {
        assert!(p.header.notes.contains(words), "{words}");
    }
    // every figure and text above is in the seed
    let seed = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds"))
        .ok()
        .and_then(|mut d| d.find_map(|e| e.ok().filter(|e| e.file_name().to_string_lossy().starts_with("002_"))))
        .map(|e| std::fs::read_to_string(e.path()).unwrap());
    if let Some(seed) = seed {
        for o in &p.objectives {
            assert!(seed.replace('*', "").contains(&o.title), "{}", o.title);
        }
        for r in &p.risks {
            assert!(seed.contains(&r.title), "{}", r.title);
        }
    }
}

#[test]
fn summary_json_and_check_speak_of_objectives_milestones_and_sections() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/skc-2016-17.ron");
    let run = |cmd: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_opplan"))
            .args([cmd, path.to_str().unwrap()])
            .args(if cmd == "summary" { &["--json"][..] } else { &[][..] })
            .env("OPPLAN_TODAY", "2016-10-15")
            .output()
            .unwrap()
    };
    let out = run("summary");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format_version"], 4);
    assert_eq!(v["objectives"]["count"], 9);
    assert_eq!(v["objectives"]["items"][2]["scheme_ids"].as_array().unwrap().len(), 1);
    assert!(
        v["objectives"]["items"][0]["rule"]
            .as_str()
            .unwrap()
            .starts_with("Not rated")
    );
    // on 15 October 2016 the June, September and "late summer / autumn"
    // milestones: June and September ones are overdue
    assert_eq!(v["milestones"]["count"], 10);
    assert_eq!(v["milestones"]["overdue"], 4);
    assert_eq!(v["milestones"]["items"][0]["due"], "June 2016");
    assert_eq!(v["milestones"]["items"][0]["quarter"], "Q1 2016/17");
    assert_eq!(v["sections"]["count"], 2);
    let rtt = v["metrics"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"].as_str().unwrap().starts_with("RTT"))
        .unwrap();
    assert_eq!(rtt["periods"].as_array().unwrap().len(), 12);
    assert_eq!(rtt["periods"][0]["status"], "Achievement forecast from September 2016");
    // check lists the overdue milestones and exits 1
    let out = run("check");
    assert_eq!(out.status.code(), Some(1));
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("Schemes: Scheme 1 “Sustainability and Transformation”, milestone 1 “The STP published”: overdue: due June 2016 (by 30 Jun 2016) and not done"),
        "{out}"
    );
    // before June 2016 ends it is not overdue
    let p = sample("skc-2016-17.ron");
    let s = calc::summarize(&p, day(2016, 6, 30));
    assert_eq!(s.milestones().overdue, 0);
    assert_eq!(objective_rollups(&p, &s.metric_ratings, &s.risk_ratings).len(), 9);
}

#[test]
fn objectives_and_sections_go_through_csv_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let p = sample("skc-2016-17.ron");
    let s = calc::summarize(&p, day(2016, 10, 15));
    let files = opplan::interop::csv::write_folder(&p, &s, dir.path()).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "schemes.csv",
            "metrics.csv",
            "risks.csv",
            "signoffs.csv",
            "objectives.csv",
            "sections.csv"
        ]
    );
    let kent = sample("kent-bcf-2015-16.ron");
    let ks = calc::summarize(&kent, day(2016, 10, 15));
    let written = opplan::interop::csv::write_folder(&kent, &ks, &dir.path().join("kent")).unwrap();
    assert!(written.iter().any(|p| p.ends_with("sections.csv")), "{written:?}");
    assert!(
        !written.iter().any(|p| p.ends_with("objectives.csv")),
        "Kent has its national conditions as sections, no objectives: {written:?}"
    );
    // the same plan without them takes them back from the files
    let mut bare = p.clone();
    bare.objectives.clear();
    bare.sections.clear();
    let path = dir.path().join("bare.ron");
    io::save_path(&bare, &path).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_opplan"))
        .arg("import")
        .arg(&path)
        .arg("--objectives")
        .arg(dir.path().join("objectives.csv"))
        .arg("--sections")
        .arg(dir.path().join("sections.csv"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let back = io::load_path(&path).unwrap();
    let strip = |o: &Objective| Objective {
        id: RecordId(0),
        ..o.clone()
    };
    assert_eq!(
        back.objectives.iter().map(strip).collect::<Vec<_>>(),
        p.objectives.iter().map(strip).collect::<Vec<_>>()
    );
    let texts = |p: &Plan| {
        p.sections
            .iter()
            .map(|s| (s.title.clone(), s.status, s.text.clone(), s.condition.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(texts(&back), texts(&p));
}

#[test]
fn diff_and_report_cover_objectives_milestones_and_conditions() {
    let old = sample("skc-2016-17.ron");
    let mut new = old.clone();
    new.objectives[4].title = "Recover RTT".into();
    new.schemes[0].milestones[0].status = MilestoneStatus::Done;
    new.metrics[1].periods[5].status_text = "Met".into();
    let d = calc::diff::diff(&old, &new, day(2016, 10, 15));
    let text = calc::diff::render_text(&d, "old", "new");
    assert!(text.contains("Objective 5 “Recover RTT”"), "{text}");
    assert!(text.contains("milestones"), "{text}");
    assert!(text.contains("September 2016 status"), "{text}");
    // the board report: objectives with their status, the timeline, the
    // national conditions
    let s = calc::summarize(&old, day(2016, 10, 15));
    let html = opplan::interop::report::board_report_html(
        &old,
        &s,
        &opplan::interop::report::ReportOptions {
            today: day(2016, 10, 15),
            source: None,
        },
    );
    assert!(html.contains("<h2>Objectives (9)</h2>"));
    assert!(
        html.contains("Milestones by quarter (0 of 10 done, 4 overdue, 0 at risk on 15 October 2016)"),
        "timeline"
    );
    assert!(html.contains("<b>Q1 2016/17</b>"));
    let kent = sample("kent-bcf-2015-16.ron");
    let ks = calc::summarize(&kent, day(2016, 10, 15));
    let html = opplan::interop::report::board_report_html(
        &kent,
        &ks,
        &opplan::interop::report::ReportOptions {
            today: day(2016, 10, 15),
            source: None,
        },
    );
    assert!(html.contains("<h2>National conditions (4)</h2>"));
    assert!(html.contains("c) Data sharing"));
}

#[test]
fn kent_answers_the_national_conditions_in_prose() {
    let kent = sample("kent-bcf-2015-16.ron");
    let titles: Vec<&str> = kent.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        opplan::calc::metric_templates::national_conditions()
            .iter()
            .map(|s| s.title.as_str())
            .collect::<Vec<_>>()
    );
    // seed 004 line 927; no yes or no is given, so none is guessed
    assert!(
        kent.sections[2]
            .text
            .contains("The prime identifier across health and social care in Kent is the NHS number.")
    );
    assert!(
        kent.sections
            .iter()
            .all(|s| s.condition.as_ref().unwrap().met == ConditionMet::NotAnswered)
    );
    // the page break of the source is not in the text
    assert!(
        !kent
            .sections
            .iter()
            .any(|s| s.text.contains("Appendix A Kent Submission"))
    );
    assert!(
        kent.sections[1]
            .text
            .contains("enhanced rapid response and urgent care services")
    );
}

#[test]
fn generate_adds_an_operating_plan_that_opens_again() {
    use opplan::generate::{GenerateOptions, OperatingOptions, add_operating, generate};
    let make = || {
        let mut p = generate(&GenerateOptions {
            schemes: 40,
            metrics: 12,
            risks: 15,
            signoffs: 2,
            years: 2,
            seed: 3,
        });
        add_operating(
            &mut p,
            &OperatingOptions {
                objectives: 10,
                milestones: 120,
                sections: 6,
                monthly: true,
                seed: 3,
            },
        );
        p
    };
    let p = make();
    assert_eq!(p, make(), "the same options give the same plan");
    assert_eq!(p.objectives.len(), 10);
    assert_eq!(p.schemes.iter().map(|s| s.milestones.len()).sum::<usize>(), 120);
    assert_eq!(p.sections.iter().filter(|s| s.is_condition()).count(), 4);
    assert!(p.metrics.iter().all(|m| m.periods.len() == 12));
    // what it writes, opplan reads
    let text = io::to_ron_string(&p);
    assert!(text.starts_with("(\n    format_version: 4,"));
    assert_eq!(io::load_str(&text).unwrap(), p);
    let s = calc::summarize(&p, day(2025, 1, 1));
    assert_eq!(s.objective_rollups.len(), 10);
    assert_eq!(s.milestones().total, 120);
    assert!(s.metric_ratings.iter().all(|r| r.periods.len() == 12));
}
