//! Finds the first text in a plan longer than a limit, and says where it
//! is ("scheme 3, description"). It walks the plan through serde, so fields
//! added to the model later are checked without changes here.

use serde::ser::{self, Serialize};
use std::fmt;

/// A text longer than the limit: where, and how long.
#[derive(Debug, Clone, PartialEq)]
pub struct TooLong {
    /// Field names and list positions from the plan down, e.g.
    /// `["schemes", "#2", "description"]`.
    pub path: Vec<String>,
    pub chars: usize,
}

#[derive(Debug)]
enum Stop {
    TooLong(TooLong),
    Other(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::TooLong(t) => write!(f, "text of {} characters at {:?}", t.chars, t.path),
            Stop::Other(s) => f.write_str(s),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Stop::Other(msg.to_string())
    }
}

/// The first text (string or character data) in `value` longer than
/// `limit` characters.
pub fn find_too_long<T: Serialize>(value: &T, limit: usize) -> Option<TooLong> {
    let mut w = Walker {
        path: Vec::new(),
        limit,
    };
    match value.serialize(&mut w) {
        Err(Stop::TooLong(t)) => Some(t),
        _ => None,
    }
}

struct Walker {
    /// Where the walk is; made into words only when a text is too long
    /// (a large plan has hundreds of thousands of fields to walk through).
    path: Vec<Seg>,
    limit: usize,
}

/// One step of a path: a field name or a position in a list.
#[derive(Clone, Copy)]
enum Seg {
    Field(&'static str),
    Index(usize),
}

impl Seg {
    fn word(self) -> String {
        match self {
            Seg::Field(f) => f.to_string(),
            Seg::Index(i) => format!("#{i}"),
        }
    }
}

impl Walker {
    fn check(&self, s: &str) -> Result<(), Stop> {
        // bytes bound characters from above: count only when it can matter
        if s.len() > self.limit {
            let chars = s.chars().count();
            if chars > self.limit {
                return Err(Stop::TooLong(TooLong {
                    path: self.path.iter().map(|s| s.word()).collect(),
                    chars,
                }));
            }
        }
        Ok(())
    }
    fn nested<T: ?Sized + Serialize>(&mut self, seg: Seg, value: &T) -> Result<(), Stop> {
        self.path.push(seg);
        let r = value.serialize(&mut *self);
        self.path.pop();
        r
    }
}

/// Walks the parts of a list, map, tuple or struct.
struct Compound<'a> {
    w: &'a mut Walker,
    index: usize,
}

impl<'a> Compound<'a> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Stop> {
        let seg = Seg::Index(self.index);
        self.index += 1;
        self.w.nested(seg, value)
    }
}

type R = Result<(), Stop>;

impl<'a> ser::Serializer for &'a mut Walker {
    type Ok = ();
    type Error = Stop;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, _: bool) -> R {
        Ok(())
    }
    fn serialize_i8(self, _: i8) -> R {
        Ok(())
    }
    fn serialize_i16(self, _: i16) -> R {
        Ok(())
    }
    fn serialize_i32(self, _: i32) -> R {
        Ok(())
    }
    fn serialize_i64(self, _: i64) -> R {
        Ok(())
    }
    fn serialize_i128(self, _: i128) -> R {
        Ok(())
    }
    fn serialize_u8(self, _: u8) -> R {
        Ok(())
    }
    fn serialize_u16(self, _: u16) -> R {
        Ok(())
    }
    fn serialize_u32(self, _: u32) -> R {
        Ok(())
    }
    fn serialize_u64(self, _: u64) -> R {
        Ok(())
    }
    fn serialize_u128(self, _: u128) -> R {
        Ok(())
    }
    fn serialize_f32(self, _: f32) -> R {
        Ok(())
    }
    fn serialize_f64(self, _: f64) -> R {
        Ok(())
    }
    fn serialize_char(self, _: char) -> R {
        Ok(())
    }
    fn serialize_str(self, v: &str) -> R {
        self.check(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> R {
        if v.len() > self.limit {
            return Err(Stop::TooLong(TooLong {
                path: self.path.iter().map(|s| s.word()).collect(),
                chars: v.len(),
            }));
        }
        Ok(())
    }
    fn serialize_none(self) -> R {
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_unit(self) -> R {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> R {
        Ok(())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, value: &T) -> R {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        value: &T,
    ) -> R {
        value.serialize(self)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Stop> {
        Ok(Compound { w: self, index: 0 })
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Stop> {
        Ok(Compound { w: self, index: 0 })
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Stop> {
        Ok(Compound { w: self, index: 0 })
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Compound<'a>, Stop> {
        Ok(Compound { w: self, index: 0 })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Stop> {
        Ok(Compound { w: self, index: 0 })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Stop> {
        Ok(Compound { w: self, index: 0 })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Stop> {
        Ok(Compound { w: self, index: 0 })
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        self.element(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTuple for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        self.element(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleStruct for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        self.element(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeTupleVariant for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        self.element(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> R {
        self.w.nested(Seg::Field("key"), key)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> R {
        self.element(value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStruct for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> R {
        self.w.nested(Seg::Field(key), value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

impl ser::SerializeStructVariant for Compound<'_> {
    type Ok = ();
    type Error = Stop;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> R {
        self.w.nested(Seg::Field(key), value)
    }
    fn end(self) -> R {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Plan, Scheme};

    #[test]
    fn finds_the_long_text_and_its_place() {
        let mut plan = Plan::default();
        plan.schemes.push(Scheme::default());
        plan.schemes.push(Scheme {
            description: "x".repeat(11),
            ..Default::default()
        });
        assert_eq!(find_too_long(&plan, 20), None);
        let t = find_too_long(&plan, 10).expect("too long");
        assert_eq!(t.chars, 11);
        assert_eq!(t.path, vec!["schemes", "#1", "description"]);
        // characters, not bytes
        plan.schemes[1].description = "£".repeat(10);
        assert_eq!(find_too_long(&plan, 10), None);
    }
}
