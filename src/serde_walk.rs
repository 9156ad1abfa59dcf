//! One walk through any serde value, for the code that reads a plan as
//! serde sees it: the content fingerprint's canonical encoding
//! (`calc::fingerprint`) and the check for over-long text
//! (`io::textcheck`). Both walk the plan through serde, so a field added
//! to the model later is encoded and checked without changes to them.
//!
//! [`walk`] is a serde [`Serializer`](ser::Serializer) that tells a
//! [`Visitor`] what it meets: plain values, the opening and closing of
//! lists, tuples, maps, structs and variants, and each part of them (an
//! element, a field, a map key or value) on the way in and out, with
//! whether the part held its empty value. Everything is generic and
//! inlined: a visitor costs what a hand-written serializer would.

use serde::ser::{self, Serialize};
use std::fmt;

/// A value with no parts. Integers of every Rust type but `u128` come as
/// `Int`; `f32` as `F64`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scalar<'a> {
    Bool(bool),
    Int(i128),
    U128(u128),
    F64(f64),
    Char(char),
    Str(&'a str),
    Bytes(&'a [u8]),
    /// `None`.
    None,
    /// `()` and unit structs.
    Unit,
    /// A variant without data, by name.
    UnitVariant(&'static str),
}

/// A value wrapped around one other value, told before that value.
/// (Newtype structs are transparent: only their value is told.)
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wrap {
    /// `Some(value)`.
    Some,
    /// A variant holding one value, by name.
    Variant(&'static str),
}

/// A value with parts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    Seq,
    /// A tuple or a tuple struct.
    Tuple,
    Map,
    Struct,
    /// A variant holding a tuple, by name.
    TupleVariant(&'static str),
    /// A variant holding fields, by name.
    StructVariant(&'static str),
}

/// A part of a [`Container`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The n-th element of a list, tuple or tuple variant.
    Element(usize),
    /// A field of a struct or struct variant.
    Field(&'static str),
    /// A map entry's key.
    Key,
    /// The n-th map entry's value.
    Value(usize),
}

/// What a walk tells. Only [`Visitor::scalar`] must be written; the
/// others do nothing unless a visitor needs them. A visitor stops the
/// walk by returning `Err` (the walk then gives [`Error::Stop`]).
pub trait Visitor {
    /// Why a visitor stopped the walk.
    type Stop: fmt::Debug;
    /// What a visitor remembers from entering a part until leaving it
    /// (the canonical encoding: where the part's bytes begin).
    type Mark: Copy + Default;

    fn scalar(&mut self, value: Scalar<'_>) -> Result<(), Self::Stop>;

    /// Before the value inside.
    #[inline]
    fn wrap(&mut self, _wrap: Wrap) -> Result<(), Self::Stop> {
        Ok(())
    }
    /// Before the container's parts.
    #[inline]
    fn open(&mut self, _container: Container) -> Result<(), Self::Stop> {
        Ok(())
    }
    /// After the container's parts.
    #[inline]
    fn close(&mut self, _container: Container) -> Result<(), Self::Stop> {
        Ok(())
    }
    /// Before a part.
    #[inline]
    fn enter(&mut self, _part: Part) -> Result<Self::Mark, Self::Stop> {
        Ok(Self::Mark::default())
    }
    /// After a part, with the mark its `enter` gave (for a map value: the
    /// mark of its key's `enter`, since a map entry begins at its key) and
    /// whether the part held its empty value (see [`walk`]).
    #[inline]
    fn leave(&mut self, _part: Part, _mark: Self::Mark, _empty: bool) {}
}

/// Why a walk ended early.
#[derive(Debug)]
pub enum Error<S> {
    /// The visitor stopped it.
    Stop(S),
    /// The value's own `Serialize` refused (the plan's types never do).
    Custom(String),
}

impl<S: fmt::Debug> fmt::Display for Error<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Stop(s) => write!(f, "the walk stopped at {s:?}"),
            Error::Custom(m) => f.write_str(m),
        }
    }
}

impl<S: fmt::Debug> std::error::Error for Error<S> {}

impl<S: fmt::Debug> ser::Error for Error<S> {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::Custom(msg.to_string())
    }
}

/// Walks `value`, telling `visitor` what it meets. Gives whether the value
/// is empty: `""`, `None`, `()`, `false`, no bytes, or a list, tuple, map
/// or struct whose elements, fields and entries are all absent or empty
/// (a list with any element is not empty; a variant never is; numbers
/// never are).
#[inline(always)]
pub fn walk<T: Serialize + ?Sized, V: Visitor>(value: &T, visitor: &mut V) -> Result<bool, Error<V::Stop>> {
    value.serialize(Walker(visitor))
}

/// The serializer: `Ok(true)` means "this value is empty".
struct Walker<'a, V>(&'a mut V);

impl<'a, V: Visitor> Walker<'a, V> {
    #[inline(always)]
    fn scalar(self, value: Scalar<'_>, empty: bool) -> Result<bool, Error<V::Stop>> {
        self.0.scalar(value).map_err(Error::Stop)?;
        Ok(empty)
    }
    #[inline(always)]
    fn wrap<T: Serialize + ?Sized>(self, wrap: Wrap, value: &T) -> Result<bool, Error<V::Stop>> {
        self.0.wrap(wrap).map_err(Error::Stop)?;
        value.serialize(Walker(&mut *self.0))?;
        Ok(false)
    }
    #[inline(always)]
    fn open(self, container: Container) -> Result<Compound<'a, V>, Error<V::Stop>> {
        self.0.open(container).map_err(Error::Stop)?;
        Ok(Compound {
            v: self.0,
            container,
            index: 0,
            any: false,
            entry: V::Mark::default(),
        })
    }
}

/// A container being walked.
struct Compound<'a, V: Visitor> {
    v: &'a mut V,
    container: Container,
    /// The next element's or map value's position.
    index: usize,
    /// Whether any part made the container not empty.
    any: bool,
    /// The current map entry's mark (from its key).
    entry: V::Mark,
}

impl<V: Visitor> Compound<'_, V> {
    #[inline(always)]
    fn next_index(&mut self) -> usize {
        self.index += 1;
        self.index - 1
    }
    /// Walks one part; whether it was empty.
    #[inline(always)]
    fn part<T: Serialize + ?Sized>(&mut self, part: Part, value: &T) -> Result<bool, Error<V::Stop>> {
        let entered = self.v.enter(part).map_err(Error::Stop)?;
        // a map entry begins at its key: its value leaves with the key's mark
        let mark = match part {
            Part::Key => {
                self.entry = entered;
                entered
            }
            Part::Value(_) => self.entry,
            Part::Element(_) | Part::Field(_) => entered,
        };
        let empty = value.serialize(Walker(&mut *self.v))?;
        self.v.leave(part, mark, empty);
        Ok(empty)
    }
    #[inline(always)]
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error<V::Stop>> {
        let i = self.next_index();
        self.part(Part::Element(i), value)?;
        self.any = true;
        Ok(())
    }
    #[inline(always)]
    fn field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), Error<V::Stop>> {
        self.any |= !self.part(Part::Field(key), value)?;
        Ok(())
    }
    #[inline(always)]
    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error<V::Stop>> {
        self.part(Part::Key, key)?;
        Ok(())
    }
    #[inline(always)]
    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error<V::Stop>> {
        let i = self.next_index();
        self.any |= !self.part(Part::Value(i), value)?;
        Ok(())
    }
    #[inline(always)]
    fn end(self) -> Result<bool, Error<V::Stop>> {
        self.v.close(self.container).map_err(Error::Stop)?;
        let variant = matches!(self.container, Container::TupleVariant(_) | Container::StructVariant(_));
        Ok(!self.any && !variant)
    }
}

/// The serializer's methods for the integers that fit an i128.
macro_rules! ints {
    ($($method:ident: $t:ty),*) => {$(
        #[inline]
        fn $method(self, v: $t) -> Result<bool, Self::Error> {
            self.scalar(Scalar::Int(v.into()), false)
        }
    )*};
}

/// The serde traits of a container: each method walks a part with one of
/// [`Compound`]'s methods (a struct's fields with their names).
macro_rules! compound {
    ($($serde:ident { $($method:ident($($arg:ident: $t:ty)?) => $part:ident),* })*) => {$(
        impl<V: Visitor> ser::$serde for Compound<'_, V> {
            type Ok = bool;
            type Error = Error<V::Stop>;
            $(#[inline]
            fn $method<T: Serialize + ?Sized>(&mut self, $($arg: $t,)? value: &T) -> Result<(), Self::Error> {
                self.$part($($arg,)? value)
            })*
            #[inline]
            fn end(self) -> Result<bool, Self::Error> {
                Compound::end(self)
            }
        }
    )*};
}

impl<'a, V: Visitor> ser::Serializer for Walker<'a, V> {
    type Ok = bool;
    type Error = Error<V::Stop>;
    type SerializeSeq = Compound<'a, V>;
    type SerializeTuple = Compound<'a, V>;
    type SerializeTupleStruct = Compound<'a, V>;
    type SerializeTupleVariant = Compound<'a, V>;
    type SerializeMap = Compound<'a, V>;
    type SerializeStruct = Compound<'a, V>;
    type SerializeStructVariant = Compound<'a, V>;

    #[inline]
    fn serialize_bool(self, v: bool) -> Result<bool, Self::Error> {
        self.scalar(Scalar::Bool(v), !v)
    }
    ints!(
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64
    );
    #[inline]
    fn serialize_u128(self, v: u128) -> Result<bool, Self::Error> {
        self.scalar(Scalar::U128(v), false)
    }
    #[inline]
    fn serialize_f32(self, v: f32) -> Result<bool, Self::Error> {
        self.scalar(Scalar::F64(v.into()), false)
    }
    #[inline]
    fn serialize_f64(self, v: f64) -> Result<bool, Self::Error> {
        self.scalar(Scalar::F64(v), false)
    }
    #[inline]
    fn serialize_char(self, v: char) -> Result<bool, Self::Error> {
        self.scalar(Scalar::Char(v), false)
    }
    #[inline]
    fn serialize_str(self, v: &str) -> Result<bool, Self::Error> {
        self.scalar(Scalar::Str(v), v.is_empty())
    }
    #[inline]
    fn serialize_bytes(self, v: &[u8]) -> Result<bool, Self::Error> {
        self.scalar(Scalar::Bytes(v), v.is_empty())
    }
    #[inline]
    fn serialize_none(self) -> Result<bool, Self::Error> {
        self.scalar(Scalar::None, true)
    }
    #[inline]
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, Self::Error> {
        self.wrap(Wrap::Some, value)
    }
    #[inline]
    fn serialize_unit(self) -> Result<bool, Self::Error> {
        self.scalar(Scalar::Unit, true)
    }
    #[inline]
    fn serialize_unit_struct(self, _name: &'static str) -> Result<bool, Self::Error> {
        self.scalar(Scalar::Unit, true)
    }
    #[inline]
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<bool, Self::Error> {
        self.scalar(Scalar::UnitVariant(variant), false)
    }
    #[inline]
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<bool, Self::Error> {
        value.serialize(self)
    }
    #[inline]
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<bool, Self::Error> {
        self.wrap(Wrap::Variant(variant), value)
    }
    #[inline]
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, V>, Self::Error> {
        self.open(Container::Seq)
    }
    #[inline]
    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a, V>, Self::Error> {
        self.open(Container::Tuple)
    }
    #[inline]
    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, V>, Self::Error> {
        self.open(Container::Tuple)
    }
    #[inline]
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, V>, Self::Error> {
        self.open(Container::TupleVariant(variant))
    }
    #[inline]
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, V>, Self::Error> {
        self.open(Container::Map)
    }
    #[inline]
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a, V>, Self::Error> {
        self.open(Container::Struct)
    }
    #[inline]
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, V>, Self::Error> {
        self.open(Container::StructVariant(variant))
    }
}

compound! {
    SerializeSeq { serialize_element() => element }
    SerializeTuple { serialize_element() => element }
    SerializeTupleStruct { serialize_field() => element }
    SerializeTupleVariant { serialize_field() => element }
    SerializeMap { serialize_key() => key, serialize_value() => value }
    SerializeStruct { serialize_field(key: &'static str) => field }
    SerializeStructVariant { serialize_field(key: &'static str) => field }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    /// Writes down what the walk tells, one line per event.
    #[derive(Default)]
    struct Record(Vec<String>);

    impl Visitor for Record {
        type Stop = String;
        type Mark = usize;
        fn scalar(&mut self, value: Scalar<'_>) -> Result<(), String> {
            if value == Scalar::Str("stop") {
                return Err("stopped".into());
            }
            self.0.push(format!("{value:?}"));
            Ok(())
        }
        fn wrap(&mut self, wrap: Wrap) -> Result<(), String> {
            self.0.push(format!("{wrap:?}"));
            Ok(())
        }
        fn open(&mut self, c: Container) -> Result<(), String> {
            self.0.push(format!("open {c:?}"));
            Ok(())
        }
        fn close(&mut self, c: Container) -> Result<(), String> {
            self.0.push(format!("close {c:?}"));
            Ok(())
        }
        fn enter(&mut self, part: Part) -> Result<usize, String> {
            self.0.push(format!("enter {part:?}"));
            Ok(self.0.len())
        }
        fn leave(&mut self, part: Part, mark: usize, empty: bool) {
            self.0.push(format!("leave {part:?} from {mark} empty {empty}"));
        }
    }

    #[derive(Serialize)]
    enum E {
        Unit,
        One(i8),
        Fields { x: Option<u8> },
    }

    #[derive(Serialize)]
    struct S {
        name: &'static str,
        list: Vec<E>,
        map: BTreeMap<&'static str, bool>,
    }

    #[test]
    fn the_walk_tells_each_value_part_and_whether_it_was_empty() {
        let value = S {
            name: "",
            list: vec![E::Unit, E::One(-1), E::Fields { x: None }],
            map: BTreeMap::from([("k", false)]),
        };
        let mut r = Record::default();
        assert!(!walk(&value, &mut r).unwrap());
        let expected = [
            "open Struct",
            "enter Field(\"name\")",
            "Str(\"\")",
            "leave Field(\"name\") from 2 empty true",
            "enter Field(\"list\")",
            "open Seq",
            "enter Element(0)",
            "UnitVariant(\"Unit\")",
            "leave Element(0) from 7 empty false",
            "enter Element(1)",
            "Variant(\"One\")",
            "Int(-1)",
            "leave Element(1) from 10 empty false",
            "enter Element(2)",
            "open StructVariant(\"Fields\")",
            "enter Field(\"x\")",
            "None",
            "leave Field(\"x\") from 16 empty true",
            "close StructVariant(\"Fields\")",
            "leave Element(2) from 14 empty false",
            "close Seq",
            "leave Field(\"list\") from 5 empty false",
            "enter Field(\"map\")",
            "open Map",
            "enter Key",
            "Str(\"k\")",
            "leave Key from 25 empty false",
            "enter Value(0)",
            "Bool(false)",
            // a map's value leaves with its key's mark
            "leave Value(0) from 25 empty true",
            "close Map",
            // a map whose entries are all empty is empty
            "leave Field(\"map\") from 23 empty true",
            "close Struct",
        ];
        assert_eq!(r.0, expected);
        // empty: the things that hold nothing, and nothing else
        let mut r = Record::default();
        for empty in [
            walk(&None::<u8>, &mut r),
            walk("", &mut r),
            walk(&false, &mut r),
            walk(&(), &mut r),
        ] {
            assert!(empty.unwrap());
        }
        assert!(walk(&Vec::<u8>::new(), &mut r).unwrap());
        // a tuple or list with elements is not, whatever they hold
        assert!(!walk(&(None::<u8>, ""), &mut r).unwrap());
        assert!(
            walk(
                &S {
                    name: "",
                    list: vec![],
                    map: BTreeMap::new()
                },
                &mut r
            )
            .unwrap()
        );
        assert!(!walk(&vec![0u8], &mut r).unwrap());
        assert!(!walk(&0u8, &mut r).unwrap());
        assert!(!walk(&E::Fields { x: None }, &mut r).unwrap());
        // a visitor stops the walk
        assert!(matches!(walk(&vec!["a", "stop", "b"], &mut Record::default()), Err(Error::Stop(s)) if s == "stopped"));
    }
}
