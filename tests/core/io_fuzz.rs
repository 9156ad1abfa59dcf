//! Throws random bytes, and random mutations of the two sample plans, at the
//! loader. Nothing may panic (the loader turns a parser panic into an error
//! whose text we refuse here, so a panic still fails the test), and what
//! loads must be a valid plan that saves and loads back the same.
//!
//! Bounded for CI: 256 cases per property by default. For a longer run:
//! `PROPTEST_CASES=20000 cargo test --release --test io_fuzz`.

use opplan::io::{self, LoadError};
use opplan::model::Plan;
use proptest::prelude::*;
use std::path::Path;
use std::sync::OnceLock;

fn samples() -> &'static [Vec<u8>; 2] {
    static S: OnceLock<[Vec<u8>; 2]> = OnceLock::new();
    S.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        [
            std::fs::read(dir.join("kent-bcf-2015-16.ron")).unwrap(),
            std::fs::read(dir.join("south-kent-coast-2015-16.ron")).unwrap(),
        ]
    })
}

/// Loads and checks the outcome: a clear error, or a plan that holds.
fn load_and_check(bytes: &[u8]) -> Result<(), TestCaseError> {
    match io::load_bytes(bytes) {
        Ok(plan) => check_plan(&plan),
        Err(e) => {
            let msg = e.to_string();
            prop_assert!(
                !msg.contains("opplan met something it does not expect"),
                "the parser panicked on this input"
            );
            prop_assert!(!msg.trim().is_empty());
            if let Some((line, col)) = e.position() {
                prop_assert!(line >= 1 && col >= 1);
                let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
                prop_assert!(line <= lines, "line {} of {}", line, lines);
            }
            if let LoadError::Parse { message, .. } = &e {
                prop_assert!(!message.is_empty());
            }
            Ok(())
        }
    }
}

fn check_plan(plan: &Plan) -> Result<(), TestCaseError> {
    // ids unique and non-zero, next_id ahead of them
    let mut ids: Vec<u64> = plan.all_ids().map(|i| i.0).collect();
    prop_assert!(ids.iter().all(|&i| i != 0));
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    prop_assert_eq!(ids.len(), n);
    prop_assert!(plan.next_id > plan.max_id());
    for s in &plan.schemes {
        for y in &s.years {
            prop_assert!(y.amounts().iter().all(|a| a.is_none_or(|a| a.in_bounds())));
        }
    }
    // what loads saves and loads back the same
    let again = io::load_str(&io::to_ron_string(plan));
    prop_assert_eq!(again.as_ref().ok(), Some(plan));
    // and everything computed from it can be computed
    let _ = opplan::calc::summarize(plan, chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
    Ok(())
}

/// Bits of RON that make interesting damage.
const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    ",",
    ":",
    "Some(",
    "None",
    "Exact(",
    "Range(",
    "-",
    "99999999999999999999",
    "-9223372036854775808",
    "\\u{",
    "/*",
    "*/",
    "//",
    "r#\"",
    "'",
    "\u{0}",
    "é",
    "£",
    "\n",
    "0.5",
    "1e400",
    "NaN",
    "inf",
    "true",
    "format_version: 3,",
    "format_version: 1,",
    "id: 1,",
    "id: 0,",
    "\u{feff}",
    "#![enable(implicit_some)]",
    "likelihood: 9,",
    "\"\"",
    "()",
    "[]",
    "b\"\\xff\"",
];

#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize, to: usize },
    Insert { at: usize, token: usize },
    Truncate { at: usize },
    Swap { a: usize, b: usize, len: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    // positions are fractions of the length, applied to whatever length
    // the text has by then
    let pos = any::<usize>();
    prop_oneof![
        (pos, any::<u8>()).prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (pos, 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (pos, 1usize..400, pos).prop_map(|(at, len, to)| Mutation::Duplicate { at, len, to }),
        (pos, 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        pos.prop_map(|at| Mutation::Truncate { at }),
        (pos, pos, 1usize..100).prop_map(|(a, b, len)| Mutation::Swap { a, b, len }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    if n == 0 {
        if let Mutation::Insert { token, .. } = m {
            bytes.extend_from_slice(TOKENS[*token].as_bytes());
        }
        return;
    }
    match *m {
        Mutation::Flip { at, byte } => bytes[at % n] = byte,
        Mutation::Delete { at, len } => {
            let a = at % n;
            bytes.drain(a..(a + len).min(n));
        }
        Mutation::Duplicate { at, len, to } => {
            let a = at % n;
            let piece = bytes[a..(a + len).min(n)].to_vec();
            let t = to % (n + 1);
            bytes.splice(t..t, piece);
        }
        Mutation::Insert { at, token } => {
            let t = at % (n + 1);
            bytes.splice(t..t, TOKENS[token].bytes());
        }
        Mutation::Truncate { at } => bytes.truncate(at % n),
        Mutation::Swap { a, b, len } => {
            let (a, b) = (a % n, b % n);
            let (lo, hi) = (a.min(b), a.max(b));
            let len = len.min(hi - lo).min(n - hi);
            for i in 0..len {
                bytes.swap(lo + i, hi + i);
            }
        }
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        load_and_check(&bytes)?;
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,2000}") {
        load_and_check(text.as_bytes())?;
    }

    #[test]
    fn random_ron_like_text_never_panics(parts in proptest::collection::vec(0..TOKENS.len(), 0..300)) {
        let text: String = parts.into_iter().map(|i| TOKENS[i]).collect();
        load_and_check(text.as_bytes())?;
        let wrapped = format!("(format_version: 2, header: ({text}))");
        load_and_check(wrapped.as_bytes())?;
    }

    #[test]
    fn mutated_samples_never_panic(which in 0usize..2, muts in proptest::collection::vec(mutation(), 1..8)) {
        let mut bytes = samples()[which].clone();
        for m in &muts {
            apply(&mut bytes, m);
        }
        load_and_check(&bytes)?;
    }
}

/// Deep nesting in every position the parser might recurse.
#[test]
fn deep_nesting_is_refused_not_overflowed() {
    for depth in [65, 200, 10_000, 100_000] {
        for (open, close) in [("(", ")"), ("[", "]"), ("Some(", ")"), ("{", "}")] {
            for template in [
                "{}",
                "(format_version: 2, extra: {})",
                "(format_version: 2, header: (ccgs: {}))",
            ] {
                let inner = format!("{}1{}", open.repeat(depth), close.repeat(depth));
                let text = template.replace("{}", &inner);
                let result = std::thread::Builder::new()
                    // a small stack, like a worker thread's, must be enough
                    .stack_size(2 * 1024 * 1024)
                    .spawn(move || io::load_str(&text).map(|_| ()))
                    .unwrap()
                    .join()
                    .expect("no stack overflow or panic");
                assert!(result.is_err(), "depth {depth} {open}");
            }
        }
    }
}
