//! Model values to [`Tree`]s and back, through serde: [`to_tree`] is a
//! serde serializer that builds the tree, [`from_tree`] a deserializer
//! that reads a model value out of one. So the merge sees every stored
//! field of every type (and of types added later) without a list of them.

use crate::model::{Name, Tree};
use serde::de::{self, DeserializeOwned, IntoDeserializer};
use serde::ser::{self, Serialize};
use std::borrow::Cow;
use std::fmt;

/// Why a value could not be turned into a tree or read out of one. Model
/// values never fail to become trees (they hold no floats, no integers
/// beyond `i64`); a tree read back fails only when it does not fit the
/// type (a file's conflict edited by hand).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeError(pub String);

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TreeError {}

impl ser::Error for TreeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TreeError(msg.to_string())
    }
}

impl de::Error for TreeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TreeError(msg.to_string())
    }
}

/// The tree of a value.
pub fn to_tree<T: Serialize + ?Sized>(value: &T) -> Result<Tree, TreeError> {
    value.serialize(TreeSerializer { skip: &[] })
}

/// The tree of a struct without the fields named in `skip` (they are not
/// walked at all: the plan without its record lists costs what its header
/// and settings cost).
pub fn to_tree_without<T: Serialize + ?Sized>(value: &T, skip: &[&str]) -> Result<Tree, TreeError> {
    value.serialize(TreeSerializer { skip })
}

/// The value a tree holds, as type `T`.
pub fn from_tree<T: DeserializeOwned>(tree: &Tree) -> Result<T, TreeError> {
    T::deserialize(tree)
}

// ---------------------------------------------------------------- serializer

struct TreeSerializer<'s> {
    /// Fields of the outermost struct to leave out.
    skip: &'s [&'s str],
}

fn int<T: TryInto<i64>>(v: T) -> Result<Tree, TreeError> {
    v.try_into()
        .map(Tree::Int)
        .map_err(|_| TreeError("a whole number beyond the range a plan holds".into()))
}

macro_rules! ints {
    ($($method:ident: $t:ty),*) => {$(
        fn $method(self, v: $t) -> Result<Tree, TreeError> {
            int(v)
        }
    )*};
}

/// A list, tuple or map being built.
struct Elements {
    items: Vec<Tree>,
    variant: Option<&'static str>,
    tuple: bool,
}

/// A struct or struct variant being built.
struct Fields<'s> {
    fields: Vec<(Name, Tree)>,
    variant: Option<&'static str>,
    skip: &'s [&'s str],
}

/// A map being built.
struct Entries {
    entries: Vec<(Tree, Tree)>,
    key: Option<Tree>,
}

impl<'s> ser::Serializer for TreeSerializer<'s> {
    type Ok = Tree;
    type Error = TreeError;
    type SerializeSeq = Elements;
    type SerializeTuple = Elements;
    type SerializeTupleStruct = Elements;
    type SerializeTupleVariant = Elements;
    type SerializeMap = Entries;
    type SerializeStruct = Fields<'s>;
    type SerializeStructVariant = Fields<'s>;

    fn serialize_bool(self, v: bool) -> Result<Tree, TreeError> {
        Ok(Tree::Bool(v))
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
        serialize_u64: u64,
        serialize_u128: u128
    );
    fn serialize_f32(self, _v: f32) -> Result<Tree, TreeError> {
        Err(TreeError("a plan holds no floating-point numbers".into()))
    }
    fn serialize_f64(self, _v: f64) -> Result<Tree, TreeError> {
        Err(TreeError("a plan holds no floating-point numbers".into()))
    }
    fn serialize_char(self, v: char) -> Result<Tree, TreeError> {
        Ok(Tree::Text(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Tree, TreeError> {
        Ok(Tree::Text(v.to_string()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Tree, TreeError> {
        Ok(Tree::List(v.iter().map(|&b| Tree::Int(b.into())).collect()))
    }
    fn serialize_none(self) -> Result<Tree, TreeError> {
        Ok(Tree::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Tree, TreeError> {
        Ok(Tree::Given(Box::new(to_tree(value)?)))
    }
    fn serialize_unit(self) -> Result<Tree, TreeError> {
        Ok(Tree::Unit)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Tree, TreeError> {
        Ok(Tree::Unit)
    }
    fn serialize_unit_variant(self, _name: &'static str, _i: u32, variant: &'static str) -> Result<Tree, TreeError> {
        Ok(Tree::UnitVariant(Cow::Borrowed(variant)))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Tree, TreeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Tree, TreeError> {
        Ok(Tree::Variant(Cow::Borrowed(variant), Box::new(to_tree(value)?)))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Elements, TreeError> {
        Ok(Elements {
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
            tuple: false,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Elements, TreeError> {
        Ok(Elements {
            items: Vec::with_capacity(len),
            variant: None,
            tuple: true,
        })
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Elements, TreeError> {
        self.serialize_tuple(len)
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Elements, TreeError> {
        Ok(Elements {
            items: Vec::with_capacity(len),
            variant: Some(variant),
            tuple: true,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Entries, TreeError> {
        Ok(Entries {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Fields<'s>, TreeError> {
        Ok(Fields {
            fields: Vec::with_capacity(len),
            variant: None,
            skip: self.skip,
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _i: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Fields<'s>, TreeError> {
        Ok(Fields {
            fields: Vec::with_capacity(len),
            variant: Some(variant),
            skip: &[],
        })
    }
}

impl Elements {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        self.items.push(to_tree(value)?);
        Ok(())
    }
    fn finish(self) -> Tree {
        let inner = if self.tuple {
            Tree::Tuple(self.items)
        } else {
            Tree::List(self.items)
        };
        match self.variant {
            Some(v) => Tree::Variant(Cow::Borrowed(v), Box::new(inner)),
            None => inner,
        }
    }
}

macro_rules! elements {
    ($($serde:ident :: $method:ident),*) => {$(
        impl ser::$serde for Elements {
            type Ok = Tree;
            type Error = TreeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
                self.push(value)
            }
            fn end(self) -> Result<Tree, TreeError> {
                Ok(self.finish())
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl Fields<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), TreeError> {
        if !self.skip.contains(&key) {
            self.fields.push((Cow::Borrowed(key), to_tree(value)?));
        }
        Ok(())
    }
    fn finish(self) -> Tree {
        let inner = Tree::Struct(self.fields);
        match self.variant {
            Some(v) => Tree::Variant(Cow::Borrowed(v), Box::new(inner)),
            None => inner,
        }
    }
}

impl ser::SerializeStruct for Fields<'_> {
    type Ok = Tree;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), TreeError> {
        self.push(key, value)
    }
    fn skip_field(&mut self, _key: &'static str) -> Result<(), TreeError> {
        Ok(())
    }
    fn end(self) -> Result<Tree, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeStructVariant for Fields<'_> {
    type Ok = Tree;
    type Error = TreeError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), TreeError> {
        self.push(key, value)
    }
    fn end(self) -> Result<Tree, TreeError> {
        Ok(self.finish())
    }
}

impl ser::SerializeMap for Entries {
    type Ok = Tree;
    type Error = TreeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), TreeError> {
        self.key = Some(to_tree(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), TreeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| TreeError("a map value without its key".into()))?;
        self.entries.push((key, to_tree(value)?));
        Ok(())
    }
    fn end(self) -> Result<Tree, TreeError> {
        Ok(Tree::Map(self.entries))
    }
}

// ---------------------------------------------------------------- deserializer

fn unexpected(tree: &Tree) -> de::Unexpected<'_> {
    match tree {
        Tree::Absent => de::Unexpected::Other("nothing"),
        Tree::Null => de::Unexpected::Option,
        Tree::Given(_) => de::Unexpected::Option,
        Tree::Unit => de::Unexpected::Unit,
        Tree::Bool(b) => de::Unexpected::Bool(*b),
        Tree::Int(i) => de::Unexpected::Signed(*i),
        Tree::Text(s) => de::Unexpected::Str(s),
        Tree::List(_) | Tree::Tuple(_) => de::Unexpected::Seq,
        Tree::Struct(_) | Tree::Map(_) => de::Unexpected::Map,
        Tree::Variant(..) | Tree::UnitVariant(_) => de::Unexpected::Enum,
    }
}

impl<'de> de::Deserializer<'de> for &'de Tree {
    type Error = TreeError;

    fn deserialize_any<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        match self {
            Tree::Absent | Tree::Unit => visitor.visit_unit(),
            Tree::Null => visitor.visit_none(),
            Tree::Given(inner) => visitor.visit_some(&**inner),
            Tree::Bool(b) => visitor.visit_bool(*b),
            Tree::Int(i) if *i >= 0 => visitor.visit_u64(*i as u64),
            Tree::Int(i) => visitor.visit_i64(*i),
            Tree::Text(s) => visitor.visit_str(s),
            Tree::List(items) | Tree::Tuple(items) => visitor.visit_seq(de::value::SeqDeserializer::new(items.iter())),
            Tree::Struct(fields) => visitor.visit_map(de::value::MapDeserializer::new(
                fields.iter().map(|(k, v)| (k.as_ref(), v)),
            )),
            Tree::Map(entries) => {
                visitor.visit_map(de::value::MapDeserializer::new(entries.iter().map(|(k, v)| (k, v))))
            }
            Tree::Variant(..) | Tree::UnitVariant(_) => visitor.visit_enum(self),
        }
    }

    fn deserialize_option<V: de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, TreeError> {
        match self {
            Tree::Null | Tree::Absent => visitor.visit_none(),
            Tree::Given(inner) => visitor.visit_some(&**inner),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_enum<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        match self {
            Tree::Variant(..) | Tree::UnitVariant(_) => visitor.visit_enum(self),
            // a unit variant may come as its name
            Tree::Text(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            other => Err(de::Error::invalid_type(unexpected(other), &"a variant")),
        }
    }

    fn deserialize_newtype_struct<V: de::Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, TreeError> for &'de Tree {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::EnumAccess<'de> for &'de Tree {
    type Error = TreeError;
    type Variant = Self;
    fn variant_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), TreeError> {
        let name = match self {
            Tree::Variant(name, _) | Tree::UnitVariant(name) => name.as_ref(),
            other => return Err(de::Error::invalid_type(unexpected(other), &"a variant")),
        };
        let v = seed.deserialize(name.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for &'de Tree {
    type Error = TreeError;
    fn unit_variant(self) -> Result<(), TreeError> {
        match self {
            Tree::UnitVariant(_) => Ok(()),
            other => Err(de::Error::invalid_type(unexpected(other), &"a variant without a value")),
        }
    }
    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, TreeError> {
        match self {
            Tree::Variant(_, inner) => seed.deserialize(&**inner),
            other => Err(de::Error::invalid_type(unexpected(other), &"a variant with a value")),
        }
    }
    fn tuple_variant<V: de::Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, TreeError> {
        match self {
            Tree::Variant(_, inner) => de::Deserializer::deserialize_any(&**inner, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &"a variant with a tuple")),
        }
    }
    fn struct_variant<V: de::Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TreeError> {
        match self {
            Tree::Variant(_, inner) => de::Deserializer::deserialize_any(&**inner, visitor),
            other => Err(de::Error::invalid_type(unexpected(other), &"a variant with fields")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, Figure, Pence, Plan, Scheme};

    #[test]
    fn every_kind_of_model_value_comes_back_from_its_tree() {
        let plan = crate::generate::generate(&crate::generate::GenerateOptions {
            schemes: 30,
            metrics: 10,
            risks: 10,
            signoffs: 4,
            years: 3,
            seed: 5,
        });
        let tree = to_tree(&plan).unwrap();
        let back: Plan = from_tree(&tree).unwrap();
        assert_eq!(back, plan);
        // money is a variant holding pence, a range a variant holding a tuple
        let a = Amount::Range(Pence(-5), Pence(7));
        assert_eq!(
            to_tree(&a).unwrap(),
            Tree::Variant("Range".into(), Box::new(Tree::Tuple(vec![Tree::Int(-5), Tree::Int(7)])))
        );
        let f = Figure::Ratio {
            numerator: "1176".parse().unwrap(),
            denominator: "1815".parse().unwrap(),
        };
        assert_eq!(from_tree::<Figure>(&to_tree(&f).unwrap()).unwrap(), f);
    }

    #[test]
    fn skipped_fields_are_left_out_and_come_back_as_their_defaults() {
        let mut plan = Plan::default();
        plan.header.title = "T".into();
        plan.schemes.push(Scheme::default());
        let tree = to_tree_without(&plan, &["schemes"]).unwrap();
        assert!(tree.field("schemes").is_none());
        assert!(tree.field("header").is_some());
        let back: Plan = from_tree(&tree).unwrap();
        assert!(back.schemes.is_empty());
        assert_eq!(back.header.title, "T");
    }

    #[test]
    fn a_tree_of_the_wrong_shape_is_an_error_not_a_panic() {
        assert!(from_tree::<Amount>(&Tree::Text("x".into())).is_err());
        assert!(from_tree::<u8>(&Tree::Int(300)).is_err());
        assert!(from_tree::<Plan>(&Tree::Text("plan".into())).is_err());
    }
}
