//! The content fingerprint's bytes are pinned: a sign-off records the
//! fingerprint of the content it signed, so the same content must give the
//! same fingerprint in every later version of the app.

use opplan::calc::content_fingerprint;
use opplan::calc::signoffs::{canonical_bytes, canonical_hash};
use opplan::io;
use opplan::model::ContentFingerprint;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::path::Path;

fn sample_fingerprint(name: &str) -> ContentFingerprint {
    content_fingerprint(&sample_plan(name))
}

fn sample_plan(name: &str) -> opplan::model::Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets").join(name);
    io::load_path(&path).expect("sample loads")
}

/// The samples' content when their fingerprints were pinned: the Kent
/// sample has had its national conditions as sections since.
fn pinned_content_fingerprint(name: &str) -> ContentFingerprint {
    let mut plan = sample_plan(name);
    // the content the samples gained after the pins: Kent's national
    // conditions (its Finance Summary is in the pins above)
    plan.sections.clear();
    content_fingerprint(&plan)
}

/// Bytes serialized as bytes (serde's `serialize_bytes`), not as a list.
struct Bytes(&'static [u8]);
impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

#[derive(Serialize)]
struct Unit;
#[derive(Serialize)]
struct Newtype(u16);
#[derive(Serialize)]
struct TupleStruct(i8, &'static str);
#[derive(Serialize, Default)]
struct Empty {
    text: String,
    flag: bool,
    list: Vec<u8>,
    maybe: Option<u8>,
}
#[derive(Serialize)]
enum Shape {
    Plain,
    Wrapped(i32),
    Pair(u8, u8),
    Named { x: i64, blank: String },
}

/// A value of every kind serde has, empty and not.
#[derive(Serialize)]
struct Everything {
    yes: bool,
    no: bool,
    ints: (i8, i16, i32, i64, i128),
    uints: (u8, u16, u32, u64, u128),
    floats: (f32, f64),
    letter: char,
    text: &'static str,
    blank: &'static str,
    bytes: Bytes,
    no_bytes: Bytes,
    none: Option<u8>,
    zero: Option<u8>,
    unit: (),
    unit_struct: Unit,
    newtype: Newtype,
    tuple_struct: TupleStruct,
    shapes: Vec<Shape>,
    empty_list: Vec<Shape>,
    map: BTreeMap<&'static str, Vec<u8>>,
    empty: Empty,
    nested_empty: Vec<Empty>,
}

fn everything() -> Everything {
    Everything {
        yes: true,
        no: false,
        ints: (-8, -16, -32, i64::MIN, i128::MIN),
        uints: (8, 16, 32, u64::MAX, u128::MAX),
        floats: (1.5, -0.25),
        letter: 'é',
        text: "Carers Break £",
        blank: "",
        bytes: Bytes(b"\x00\xff"),
        no_bytes: Bytes(b""),
        none: None,
        zero: Some(0),
        unit: (),
        unit_struct: Unit,
        newtype: Newtype(7),
        tuple_struct: TupleStruct(-1, "t"),
        shapes: vec![
            Shape::Plain,
            Shape::Wrapped(0),
            Shape::Pair(1, 2),
            Shape::Named {
                x: 0,
                blank: String::new(),
            },
        ],
        empty_list: vec![],
        map: BTreeMap::from([("kept", vec![1]), ("dropped", vec![])]),
        empty: Empty::default(),
        nested_empty: vec![Empty::default()],
    }
}

/// The fingerprints of the two samples, as the app computed them when
/// this test was written (before the fingerprint moved to its own
/// module). If this fails, every plan signed until now would show as
/// "changed since signed": the encoding, or the serde form of the model,
/// changed. Fields added later with an empty default do not change it.
#[test]
fn the_samples_fingerprints_are_pinned() {
    let pinned = [
        (
            "kent-bcf-2015-16.ron",
            [
                "e6f4d737319e827e8d06cd7f79bc0f25",
                "45166e6678a4f41a40a1a2ec57cec10f",
                "7559d87fc6a642aeb4292e5e2833c527",
                "7ad7fa13dd3e365bbf184854e64af6a4",
                "87d8f015a0569c41a45b9e61811a94b3",
            ],
        ),
        (
            "south-kent-coast-2015-16.ron",
            [
                "1a7b711416ba7dc8eed501fb02409677",
                "a4a67f86b80c511016fd91f74da853c9",
                "7c8d85732e85442a057eca13b877f80b",
                "b29e40d490634bdb79d0c527b828ebd7",
                "800646bb1c7353dfdc033333e8e9b49c",
            ],
        ),
    ];
    for (name, [whole, header, schemes, metrics, risks]) in pinned {
        let expected = ContentFingerprint {
            whole: whole.into(),
            header: header.into(),
            schemes: schemes.into(),
            metrics: metrics.into(),
            risks: risks.into(),
            operating: String::new(),
        };
        assert_eq!(pinned_content_fingerprint(name), expected, "{name}");
    }
    // the Kent sample with its national conditions: the parts as before,
    // the whole and the objectives-and-narrative part pinned too
    let kent = sample_fingerprint("kent-bcf-2015-16.ron");
    let before = pinned_content_fingerprint("kent-bcf-2015-16.ron");
    assert_eq!(
        (&kent.header, &kent.schemes, &kent.metrics, &kent.risks),
        (&before.header, &before.schemes, &before.metrics, &before.risks)
    );
    // (re-pinned when the conditions took ids 68-71, after the Finance Summary's)
    assert_eq!(
        (kent.whole.as_str(), kent.operating.as_str()),
        ("1f773c53777a8648bca756fc5f8b2767", "42c0c771e4efd4c86e37e05ead756801")
    );
}

/// The canonical encoding of every kind of serde value is pinned too, so a
/// kind the samples do not hold (a variant with fields, a map, bytes,
/// 128-bit integers) cannot change unnoticed when the model starts to use
/// it.
#[test]
fn the_canonical_encoding_of_every_kind_of_value_is_pinned() {
    let bytes = canonical_bytes(&everything());
    assert_eq!(bytes.len(), 680);
    assert_eq!(canonical_hash(&everything()), "731c1914696164b54b78c2e1ce79b294");
    // readable pieces: tag, then little-endian i128; strings length-prefixed
    assert_eq!(
        canonical_bytes(&Some(1u8)),
        [b"Si".as_slice(), &1i128.to_le_bytes()].concat()
    );
    assert_eq!(
        canonical_bytes("ab"),
        [b"s".as_slice(), &2u64.to_le_bytes(), b"ab"].concat()
    );
    // an empty field is left out, an empty struct is still written
    assert_eq!(canonical_bytes(&Empty::default()), b"{}");
    assert_eq!(
        canonical_bytes(&Shape::Plain),
        [b"v".as_slice(), &5u64.to_le_bytes(), b"Plain"].concat()
    );
}

/// The text-length check walks values with the same serde walker as the
/// fingerprint: where it says the long text is, in every kind of value
/// (a list's position, a map's key or its n-th value, a variant's fields).
#[test]
fn the_text_check_names_the_place_in_every_kind_of_value() {
    use opplan::io::textcheck::find_too_long;
    #[derive(Serialize)]
    enum V {
        N(&'static str),
        T(u8, &'static str),
        S { inner: Option<&'static str> },
    }
    #[derive(Serialize)]
    struct W {
        a: Vec<V>,
        m: BTreeMap<&'static str, &'static str>,
        t: (u8, TupleStruct),
        b: Bytes,
    }
    let long = "abcdefghijk";
    let cases: Vec<W> = vec![
        W {
            a: vec![V::N("x"), V::N(long)],
            m: BTreeMap::new(),
            t: (1, TupleStruct(1, "")),
            b: Bytes(b""),
        },
        W {
            a: vec![V::T(1, long)],
            m: BTreeMap::new(),
            t: (1, TupleStruct(1, "")),
            b: Bytes(b""),
        },
        W {
            a: vec![V::S { inner: Some(long) }],
            m: BTreeMap::new(),
            t: (1, TupleStruct(1, "")),
            b: Bytes(b""),
        },
        W {
            a: vec![],
            m: BTreeMap::from([("k", "v"), (long, "v")]),
            t: (1, TupleStruct(1, "")),
            b: Bytes(b""),
        },
        W {
            a: vec![],
            m: BTreeMap::from([("k", "v"), ("l", long)]),
            t: (1, TupleStruct(1, "")),
            b: Bytes(b""),
        },
        W {
            a: vec![],
            m: BTreeMap::new(),
            t: (1, TupleStruct(1, long)),
            b: Bytes(b""),
        },
        W {
            a: vec![],
            m: BTreeMap::new(),
            t: (1, TupleStruct(1, "")),
            b: Bytes(b"0123456789ab"),
        },
    ];
    let expected: [(&[&str], usize); 7] = [
        (&["a", "#1"], 11),
        (&["a", "#0", "#1"], 11),
        (&["a", "#0", "inner"], 11),
        (&["m", "key"], 11),
        (&["m", "#1"], 11),
        (&["t", "#1", "#1"], 11),
        (&["b"], 12),
    ];
    for (c, (path, chars)) in cases.iter().zip(expected) {
        let t = find_too_long(c, 10).expect("a text is too long");
        let words: Vec<&str> = t.path.iter().map(String::as_str).collect();
        assert_eq!((words, t.chars), (path.to_vec(), chars));
        assert_eq!(find_too_long(c, chars), None);
    }
}
