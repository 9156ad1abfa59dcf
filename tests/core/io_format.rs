//! The RON file format: round trip, versions, migration, tolerance.

use opplan::io::{self, LoadError};
use opplan::model::*;
use std::path::Path;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name)
}

#[test]
fn samples_are_in_canonical_form() {
    // `opplan fmt` would not change them: loading and writing gives the same text
    for s in [
        "kent-bcf-2015-16.ron",
        "south-kent-coast-2015-16.ron",
        "dgs-2015-16.ron",
    ] {
        let text = std::fs::read_to_string(sample(s)).unwrap();
        let plan = io::load_str(&text).unwrap();
        assert_eq!(
            io::to_ron_string(&plan),
            text,
            "{s} is not canonical: run `opplan fmt assets/{s}`"
        );
    }
}

#[test]
fn older_version_migrates_on_load() {
    let plan = io::load_path(&fixture("v1-plan.ron")).expect("a v1 file loads");
    assert_eq!(plan.format_version, FORMAT_VERSION);
    // every record got a distinct non-zero id, in file order
    let ids: Vec<u64> = plan.all_ids().map(|i| i.0).collect();
    assert_eq!(ids, vec![1, 2, 3, 4]);
    assert_eq!(plan.next_id, 5);
    // the word rating moved to its new field
    assert_eq!(plan.risks[0].legacy_rating, "HIGH");
    assert_eq!(
        plan.schemes[1].years[0].spend,
        Some(Amount::Range(Pence(20000000), Pence(30000000)))
    );
    // and it saves as the current version and loads back the same
    let again = io::load_str(&io::to_ron_string(&plan)).unwrap();
    assert_eq!(again, plan);
    assert!(io::to_ron_string(&plan).contains(&format!("format_version: {FORMAT_VERSION},")));
}

#[test]
fn newer_version_is_refused_naming_both_versions() {
    let text = std::fs::read_to_string(sample("south-kent-coast-2015-16.ron"))
        .unwrap()
        .replacen(
            &format!("format_version: {},", opplan::model::FORMAT_VERSION),
            "format_version: 99,",
            1,
        );
    let err = io::load_str(&text).unwrap_err();
    assert_eq!(
        err,
        LoadError::NewerVersion {
            file: 99,
            supported: opplan::model::FORMAT_VERSION_READ
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("99") && msg.contains(&opplan::model::FORMAT_VERSION_READ.to_string()),
        "{msg}"
    );
    // even when the newer file has fields and variants this version does not know
    let text = "(format_version: 7, header: (title: \"x\", future_field: Hologram(3)), new_list: [1, 2])";
    assert_eq!(
        io::load_str(text).unwrap_err(),
        LoadError::NewerVersion {
            file: 7,
            supported: opplan::model::FORMAT_VERSION_READ
        }
    );
}

#[test]
fn unknown_fields_are_tolerated() {
    let text = std::fs::read_to_string(sample("kent-bcf-2015-16.ron")).unwrap();
    let plain = io::load_str(&text).unwrap();
    let extended = text
        .replacen(
            "    header: (\n",
            "    written_by: \"a plug-in\",\n    header: (\n        colour: Some((1, 2, 3)),\n",
            1,
        )
        .replacen(
            "            reference: \"\",\n",
            "            reference: \"\",\n            tags: [\"x\"],\n",
            1,
        );
    assert_ne!(extended, text);
    assert_eq!(io::load_str(&extended).unwrap(), plain);
}

#[test]
fn parse_errors_say_where() {
    let text = "(\n    format_version: 2,\n    header: (\n        title: 42,\n    ),\n)";
    match io::load_str(text).unwrap_err() {
        LoadError::Parse { line, col, message } => {
            assert_eq!(line, 4, "{message}");
            assert!(col > 1);
            assert!(!message.is_empty());
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

#[test]
fn duplicate_ids_are_refused() {
    let mut plan = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
    for _ in 0..2 {
        plan.schemes.push(Scheme {
            id: RecordId(7),
            name: "Twin".into(),
            ..Default::default()
        });
    }
    let err = io::load_str(&io::to_ron_string(&plan)).unwrap_err();
    assert!(matches!(err, LoadError::Invalid(ref m) if m.contains("id 7")), "{err}");
}

// The save-then-load property over generated plans is in tests/io_roundtrip.rs.
