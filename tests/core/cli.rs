//! The headless CLI: summary, check, fmt. It never panics, whatever the bytes.

use std::path::{Path, PathBuf};
use std::process::Output;

fn opplan(args: &[&str]) -> Output {
    crate::common::opplan_on("2014-03-01", args)
}

fn sample(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets")
        .join(name)
        .display()
        .to_string()
}

fn no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.status.code().is_some(), "killed by a signal: {out:?}");
}

#[test]
fn summary_json_has_the_documented_keys_and_golden_figures() {
    let out = opplan(&["summary", &sample("kent-bcf-2015-16.ron"), "--json"]);
    assert!(out.status.success(), "{out:?}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["years"], serde_json::json!(["2014/15", "2015/16"]));
    assert!(v["title"].as_str().unwrap().contains("Kent"));
    let s = &v["schemes"];
    assert_eq!(s["count"], 12);
    assert_eq!(s["total_by_year"]["2015/16"]["min_pence"], 10_140_400_000i64);
    assert_eq!(s["total_by_year"]["2015/16"]["max_pence"], 10_140_400_000i64);
    assert_eq!(s["total_by_year"]["2014/15"]["min_pence"], 2_825_400_000i64);
    assert_eq!(
        s["total_by_source"]["CCG Minimum Contribution"]["2015/16"]["min_pence"],
        9_076_400_000i64
    );
    assert_eq!(
        s["total_by_area"]["Social Care"]["2015/16"]["max_pence"],
        3_523_800_000i64
    );
    assert_eq!(
        s["total_by_commissioner"]["Joint"]["2015/16"]["min_pence"],
        344_300_000i64
    );
    for key in ["metrics", "risks"] {
        let rag = &v[key]["rag"];
        let sum: u64 = ["green", "amber", "red", "not_rated"]
            .iter()
            .map(|k| rag[k].as_u64().unwrap())
            .sum();
        assert_eq!(sum, v[key]["count"].as_u64().unwrap(), "{key}");
        for item in v[key]["items"].as_array().unwrap() {
            assert!(["green", "amber", "red", "not_rated"].contains(&item["rag"].as_str().unwrap()));
            assert!(item["id"].is_u64());
        }
    }
    assert_eq!(v["risks"]["items"][0]["band"], "High");
    assert_eq!(v["risks"]["items"][0]["score"], serde_json::Value::Null);
    assert_eq!(v["signoffs"]["count"], 10);
    assert_eq!(v["signoffs"]["signed"], 0);
    assert_eq!(v["checklist"]["complete"], false);
    assert!(v["checklist"]["missing"].as_array().unwrap().len() > 5);
}

#[test]
fn check_lists_what_is_missing_and_exits_1() {
    let out = opplan(&["check", &sample("kent-bcf-2015-16.ron")]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().count() > 5);
    assert!(text.contains("Carers Break"), "{text}");
}

/// Writes a file in a fresh temporary folder (removed when the guard drops).
fn temp_file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    (dir, p)
}

#[test]
fn check_on_truncated_and_garbage_files_exits_2_with_a_position() {
    let text = std::fs::read(sample("kent-bcf-2015-16.ron")).unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("truncated.ron", text[..text.len() / 2].to_vec()),
        ("garbage.ron", b"this is not a plan at all }}}".to_vec()),
        ("binary.ron", (0..=255u8).cycle().take(4096).collect()),
        ("empty.ron", Vec::new()),
        ("nested.ron", "(".repeat(10_000).into_bytes()),
    ];
    for (name, bytes) in cases {
        let (_dir, p) = temp_file(name, &bytes);
        let out = opplan(&["check", &p.display().to_string()]);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(2), "{name}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(name), "{name}: the message names the file: {err}");
        assert!(
            err.contains("Line ") || err.contains("not text"),
            "{name}: says where: {err}"
        );
    }
    let out = opplan(&["check", "/no/such/plan.ron"]);
    no_panic(&out);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn fmt_rewrites_in_canonical_form() {
    let text = std::fs::read_to_string(sample("south-kent-coast-2015-16.ron")).unwrap();
    // squash the layout: same content, different text
    let squashed: String = text.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    let (_dir, p) = temp_file("skc.ron", squashed.as_bytes());
    let out = opplan(&["fmt", &p.display().to_string()]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn summary_text_shows_totals() {
    let out = opplan(&["summary", &sample("kent-bcf-2015-16.ron")]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("101,404"), "{text}");
    assert!(text.contains("28,254"), "{text}");
}
