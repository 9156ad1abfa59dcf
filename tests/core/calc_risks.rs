//! Risks in the samples and in the checklist: the word ratings load, the
//! checklist lists exactly the problems the register flags on each row,
//! and scoring a risk changes the checklist the way a user expects.

use chrono::NaiveDate;
use opplan::calc::risks::{self, RatingSource, RiskBand, ScoreKind};
use opplan::calc::{Section, summarize};
use opplan::io;
use opplan::model::{DateField, Mitigation, Plan, Rag, RiskScore, RiskStatus};
use std::path::Path;

fn load(sample: &str) -> Plan {
    io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(sample)).expect("sample loads")
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 6, 1).unwrap()
}

/// The checklist's failed risk items for one risk, without the risk's name.
fn checklist_problems(plan: &Plan, i: usize) -> Vec<(&'static str, String)> {
    let s = summarize(plan, today());
    let r = &plan.risks[i];
    let prefix = format!("{}: ", risks::risk_label(i, r));
    s.checklist
        .missing()
        .filter(|c| c.section == Section::Risks && c.record == Some(r.id))
        .map(|c| {
            let text = c
                .text
                .strip_prefix(&prefix)
                .unwrap_or_else(|| panic!("{:?} names the risk", c.text));
            (c.field.expect("a field to go to"), text.to_string())
        })
        .collect()
}

fn row_problems(plan: &Plan, i: usize) -> Vec<(&'static str, String)> {
    risks::risk_problems(&plan.risks[i], today())
        .into_iter()
        .map(|c| (c.field, c.text))
        .collect()
}

#[test]
fn sample_risks_are_word_ratings() {
    for sample in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let plan = load(sample);
        assert!(!plan.risks.is_empty());
        let s = summarize(&plan, today());
        for (r, rating) in plan.risks.iter().zip(&s.risk_ratings) {
            assert_eq!(r.current, None, "{sample} {}", r.reference);
            assert_eq!(rating.source, RatingSource::Word);
            assert_eq!(rating.band, risks::band_of_word(&r.legacy_rating));
            assert_eq!(rating.band, Some(RiskBand::High), "the sources rate every risk High");
            assert_eq!(rating.rag, Rag::Amber);
            assert_eq!(risks::rating_text(rating), "High (word rating)");
        }
        let h = risks::plan_heat_summary(&plan, ScoreKind::Current);
        assert_eq!(h.placed, 0);
        assert_eq!(h.word_only, plan.risks.len());
    }
}

#[test]
fn checklist_and_row_flags_agree() {
    for sample in ["kent-bcf-2015-16.ron", "south-kent-coast-2015-16.ron"] {
        let mut plan = load(sample);
        // make every kind of problem appear somewhere
        let n = plan.risks.len();
        plan.risks[0].current = Some(RiskScore::new(2, 2));
        plan.risks[0].residual = Some(RiskScore::new(3, 3));
        plan.risks[1].review_date = Some(DateField::Date(NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()));
        plan.risks[1].mitigations.push(Mitigation {
            text: "Late".into(),
            due: Some(DateField::Date(NaiveDate::from_ymd_opt(2015, 3, 1).unwrap())),
            ..Default::default()
        });
        plan.risks[2].legacy_rating = "Medium/High".into();
        plan.risks[n - 1].status = RiskStatus::Closed;
        for i in 0..n {
            assert_eq!(
                checklist_problems(&plan, i),
                row_problems(&plan, i),
                "{sample} risk {}",
                plan.risks[i].reference
            );
        }
        assert!(row_problems(&plan, 0).iter().any(|(f, _)| *f == "residual"));
        assert!(row_problems(&plan, 1).iter().any(|(f, _)| *f == "review_date"));
        assert!(
            row_problems(&plan, 1)
                .iter()
                .any(|(f, t)| *f == "mitigations" && t.contains("overdue"))
        );
        assert_eq!(row_problems(&plan, 2)[0].0, "current");
        assert!(row_problems(&plan, n - 1).is_empty(), "a closed risk is not checked");
    }
}

#[test]
fn giving_an_owner_completes_the_checklist_item() {
    let mut plan = load("kent-bcf-2015-16.ron");
    let before = summarize(&plan, today()).checklist.incomplete_count();
    assert!(
        row_problems(&plan, 0).contains(&("owner", "High risk has no owner".to_string())),
        "{:?}",
        row_problems(&plan, 0)
    );
    plan.risks[0].owner = "Director of Commissioning".into();
    let after = summarize(&plan, today()).checklist.incomplete_count();
    assert_eq!(after, before - 1);
    // scoring it Low takes it out of the owner and action checks altogether
    plan.risks[1].current = Some(RiskScore::new(1, 2));
    let s = summarize(&plan, today());
    assert!(
        !s.checklist
            .items
            .iter()
            .any(|c| c.record == Some(plan.risks[1].id) && c.field == Some("owner"))
    );
    assert_eq!(s.risk_ratings[1].rag, Rag::Green);
}
