//! The canonical encoding the fingerprint hashes: type-tagged and
//! length-prefixed, so two different values never encode alike; integers
//! as i128 little-endian whatever their Rust type; struct and map entries
//! with an empty value left out.
//!
//! Its bytes are pinned (`tests/core/calc_fingerprint.rs`): sign-offs
//! saved in plan files hold hashes of them.

use crate::serde_walk::{self, Container, Part, Scalar, Visitor, Wrap};
use serde::Serialize;
use std::convert::Infallible;

/// The tags around a list's elements (the fingerprint hashes a list's
/// elements one by one between them).
pub(super) const LIST_OPEN: u8 = b'[';
pub(super) const LIST_CLOSE: u8 = b']';

/// The canonical encoding of a value.
pub fn canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    canonical_bytes_into(value, &mut out);
    out
}

/// [`canonical_bytes`] written into `out` (cleared first), to reuse one
/// buffer for many values.
pub fn canonical_bytes_into<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    out.clear();
    let mut c = Canonical {
        out: std::mem::take(out),
    };
    // the model holds only strings, integers, decimals (as strings) and
    // dates (as strings): serializing it cannot fail
    let _ = serde_walk::walk(value, &mut c);
    *out = c.out;
}

/// Writes the encoding as the walk goes.
struct Canonical {
    out: Vec<u8>,
}

impl Canonical {
    #[inline(always)]
    fn tag(&mut self, t: u8) {
        self.out.push(t);
    }
    #[inline(always)]
    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }
    #[inline(always)]
    fn bytes(&mut self, b: &[u8]) {
        self.out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.out.extend_from_slice(b);
    }
}

// The hooks are inlined always: `scalar`'s match then folds away at each
// of the walk's call sites, and the walk costs what a hand-written
// serializer would (the fingerprint runs on every summary).
impl Visitor for Canonical {
    type Stop = Infallible;
    /// Where a struct field or map entry begins, to drop it when its value
    /// is empty.
    type Mark = usize;

    #[inline(always)]
    fn scalar(&mut self, value: Scalar<'_>) -> Result<(), Infallible> {
        match value {
            Scalar::Bool(v) => {
                self.tag(b'b');
                self.out.push(v as u8);
            }
            Scalar::Int(v) => {
                self.tag(b'i');
                self.out.extend_from_slice(&v.to_le_bytes());
            }
            Scalar::U128(v) => {
                self.tag(b'u');
                self.out.extend_from_slice(&v.to_le_bytes());
            }
            Scalar::F64(v) => {
                self.tag(b'f');
                self.out.extend_from_slice(&v.to_bits().to_le_bytes());
            }
            // a character is the string of it
            Scalar::Char(v) => {
                self.tag(b's');
                self.str(v.encode_utf8(&mut [0u8; 4]));
            }
            Scalar::Str(v) => {
                self.tag(b's');
                self.str(v);
            }
            Scalar::Bytes(v) => {
                self.tag(b'y');
                self.bytes(v);
            }
            Scalar::None | Scalar::Unit => self.tag(b'n'),
            Scalar::UnitVariant(name) => {
                self.tag(b'v');
                self.str(name);
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn wrap(&mut self, wrap: Wrap) -> Result<(), Infallible> {
        match wrap {
            // Some(x) is x: a present value is told from None by its tag
            Wrap::Some => self.tag(b'S'),
            Wrap::Variant(name) => {
                self.tag(b'V');
                self.str(name);
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn open(&mut self, container: Container) -> Result<(), Infallible> {
        match container {
            Container::Seq => self.tag(LIST_OPEN),
            Container::Tuple => self.tag(b'('),
            Container::Map | Container::Struct => self.tag(b'{'),
            Container::TupleVariant(name) => {
                self.tag(b'T');
                self.str(name);
            }
            Container::StructVariant(name) => {
                self.tag(b'W');
                self.str(name);
            }
        }
        Ok(())
    }

    #[inline(always)]
    fn close(&mut self, container: Container) -> Result<(), Infallible> {
        self.tag(match container {
            Container::Seq => LIST_CLOSE,
            Container::Tuple | Container::TupleVariant(_) => b')',
            Container::Map | Container::Struct | Container::StructVariant(_) => b'}',
        });
        Ok(())
    }

    #[inline(always)]
    fn enter(&mut self, part: Part) -> Result<usize, Infallible> {
        let mark = self.out.len();
        match part {
            Part::Element(_) | Part::Value(_) => {}
            // a field's name is written bare, a map's key as the value it is
            Part::Field(name) => {
                self.tag(b'k');
                self.str(name);
            }
            Part::Key => self.tag(b'k'),
        }
        Ok(mark)
    }

    #[inline(always)]
    fn leave(&mut self, part: Part, mark: usize, empty: bool) {
        // an entry holding its empty value is left out, so a field added
        // later and not used yet encodes as before
        if empty && matches!(part, Part::Field(_) | Part::Value(_)) {
            self.out.truncate(mark);
        }
    }
}
