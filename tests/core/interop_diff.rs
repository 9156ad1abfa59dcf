//! Compare two drafts: the fixtures differ by known changes (see the
//! comments), and the change list says exactly those, with their effect
//! on the totals and the RAG.

use opplan::calc::diff::{ChangeKind, diff, record_line, render_text, to_json};
use opplan::model::RecordId;
use opplan::model::field::RecordKind;
use std::path::Path;

fn load(name: &str) -> opplan::model::Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).unwrap()
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2015, 1, 1).unwrap()
}

// diff-new.ron is diff-old.ron (the Kent sample) with:
// - version "First Draft v1.0" → "Second Draft v1.1"
// - scheme 4 Carers Break: 2015/16 spend 3,443 → 3,600 (£000); "specify if Other" set to "Carers support"
// - scheme 12 "Schemes- West Kent CCG" (15,530) removed; scheme id 38 "Falls prevention service" (250) added
// - metric 14 (still at home 91 days): target 88.5, actual 85.0 set (→ Amber)
// - risk 19: current score 5 × 4 set (legacy High → Extreme: Amber → Red)
// - sign-off 28: position and signatory filled in
#[test]
fn known_changes_and_their_effect() {
    let (old, new) = (load("diff-old.ron"), load("diff-new.ron"));
    let d = diff(&old, &new, day());
    let text = render_text(&d, "diff-old.ron", "diff-new.ron");
    println!("{text}");
    let lines: Vec<String> = d.records.iter().map(|r| record_line(r, d.unit)).collect();
    assert_eq!(
        lines,
        vec![
            "Scheme 4 “Carers Break”: other area set to “Carers support”; 2015/16 spend 3,443 → 3,600 (£000)",
            "Scheme 12 “Falls prevention service” added: commissioner “CCG”, source of funding “CCG Minimum Contribution”, 2015/16 spend 250 (£000)",
            "Scheme 12 “Schemes- West Kent CCG” removed (was: commissioner “CCG”, source of funding “CCG Minimum Contribution”, 2015/16 spend 15,530 (£000))",
            "Metric 2 “Proportion of older people (65 and over) who were still at home 91 days after discharge from hospital into reablement / rehabilitation services”: October 2015 payment (April 2014 - March 2015) target set to 88.5%; October 2015 payment (April 2014 - March 2015) actual set to 85%",
            "Risk 1 “Shifting of resources will destabilise existing providers, particularly in the acute sector”: current score set to 5 × 4 = 20 (Extreme)",
            "Sign-off 1 “Dartford Gravesham and Swanley”: position “<Job Title>” → “Accountable Officer”; signatory “<Name of Signatory>” → “Patricia Davies”",
        ]
    );
    assert_eq!(d.count(RecordKind::Schemes, ChangeKind::Added), 1);
    assert_eq!(d.records[1].id, RecordId(38));
    assert!(
        text.contains("  version “First Draft v1.0” → “Second Draft v1.1”"),
        "{text}"
    );
    // effect on totals: 101,404 + 157 - 15,530 + 250
    assert!(
        text.contains("2015/16 total spend: 101,404 → 86,281 (£000), down 15,123"),
        "{text}"
    );
    assert!(
        text.contains("2015/16 area “Other”: 66,166 → 50,793 (£000), down 15,373"),
        "{text}"
    );
    // effect on RAG
    assert!(text.contains("Metric 2 “Proportion"), "{text}");
    assert!(text.contains("Risk 1 “Shifting of resources will destabilise existing providers, particularly in the acute sector”: Amber → Red"), "{text}");
    assert!(text.contains("Risks: Amber → Red"), "{text}");
    // JSON has the same, with figures in pence
    let j = to_json(&d, "diff-old.ron", "diff-new.ron");
    assert_eq!(j["identical"], false);
    assert_eq!(j["records"].as_array().unwrap().len(), 6);
    assert_eq!(j["totals"][0]["new"]["min_pence"], 8_628_100_000i64);
    assert_eq!(j["records"][0]["kind"], "schemes");
    // the other way round: added and removed swap
    let back = diff(&new, &old, day());
    assert_eq!(back.count(RecordKind::Schemes, ChangeKind::Added), 1);
    assert_eq!(back.count(RecordKind::Schemes, ChangeKind::Removed), 1);
    assert!(render_text(&back, "new", "old").contains("2015/16 total spend: 86,281 → 101,404 (£000), up 15,123"));
}

#[test]
fn order_changes_are_changes_with_both_positions() {
    let old = load("diff-old.ron");
    // the risks in reverse order: the fewest moves that explain it
    let mut new = old.clone();
    new.risks.reverse();
    let d = diff(&old, &new, day());
    let n = old.risks.len();
    let moved: Vec<_> = d.records.iter().filter(|r| r.change == ChangeKind::Moved).collect();
    assert_eq!(moved.len(), n - 1, "all but one moved: {:#?}", d.records);
    for r in &moved {
        let m = r.moved.unwrap();
        assert_eq!(m.from + m.to, n + 1, "{r:?}");
        let old_at = old.risks.iter().position(|x| x.id == r.id).unwrap();
        let new_at = new.risks.iter().position(|x| x.id == r.id).unwrap();
        assert_eq!((m.from, m.to), (old_at + 1, new_at + 1));
    }
    let text = render_text(&d, "a", "b");
    assert!(text.contains(&format!("Risks {} moved", n - 1)), "{text}");
    // the known changes of the fixtures move nothing
    let d = diff(&old, &load("diff-new.ron"), day());
    assert!(d.records.iter().all(|r| r.moved.is_none()));
}
