//! A fast reader and writer for the RON that opplan writes, with `ron`
//! kept as the authority.
//!
//! The `ron` crate reads a character at a time and checks for every
//! extension at every value; on a large plan it is the better part of a
//! load or a save. This module is a [`serde::Deserializer`] over the text's
//! bytes (whitespace skipped a byte at a time, strings found with
//! `memchr` and borrowed where they hold no escape, identifiers scanned as
//! ASCII) and a [`serde::Serializer`] that writes plain bytes into one
//! `String`.
//!
//! **The reader accepts a strict subset of RON, and on that subset builds
//! exactly what `ron` 0.12 builds.** Anything outside it is an error here,
//! and the loader then parses the text again with `ron`, so every error a
//! person sees, with its line and column, is still `ron`'s. The subset:
//! structs `(field: value, ...)` with an optional struct name before `(`,
//! tuples, lists `[...]`, maps `{k: v}`, `Some(x)` and `None`, enums (unit,
//! newtype, tuple and struct variants), strings with the escapes `\"`,
//! `\\`, `\'`, `\n`, `\r`, `\t`, `\0` and `\u{...}`, decimal integers
//! (`-` only on signed types), `true`/`false`, characters, trailing
//! commas, the whitespace ` `, tab, CR and LF, and `//` and (nesting)
//! `/* */` comments. Sent to `ron`: `#![...]` attributes and extensions,
//! raw strings and raw identifiers (`r"..."`, `r#name`), byte strings,
//! floats, `inf`/`NaN`, hexadecimal, octal, binary, suffixed or
//! underscored numbers, a leading `+`, string continuations (`\` at a
//! line's end), `\x` escapes, non-ASCII identifiers, Unicode whitespace
//! other than the four above, an identifier followed directly by anything
//! but whitespace or `( ) , : ] } /`, a number followed by anything but
//! whitespace or `) , : ] } /`, and the range structs. Nesting is counted
//! at the same places as `ron` counts it, against the same limit.
//!
//! One difference in kind: `ron` gives serde's private buffering type
//! (used by `#[serde(untagged)]`, `#[serde(tag = ...)]` and
//! `#[serde(flatten)]`) enum variants as maps; this reader does not know
//! that type, so it is only for types without those attributes (the plan
//! has none; a map whose visitor expects a struct, the sign of
//! `flatten`, is refused).
//!
//! **The writer writes byte for byte what `ron`'s pretty writer writes**
//! with the configuration of [`crate::io::to_ron_string`] (four-space
//! indents, `\n`, no struct names, tuples on one line, arrays and structs
//! one element a line, strings escaped with `char::escape_debug`, depth
//! limit 64). Floats, byte strings, 128-bit integers and non-ASCII
//! identifiers are errors, and the caller then writes with `ron`.

use memchr::memchr2;
use serde::de::{self, DeserializeSeed, Visitor};
use serde::ser::{self, Serialize};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::{fmt, str};

/// Why the fast reader or writer gave up: the caller falls back to `ron`,
/// so this is for tests and debugging, not for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    message: String,
    /// Byte offset in the text, where the reader knows it.
    offset: Option<usize>,
}

impl Error {
    fn at(offset: usize, message: &str) -> Error {
        Error {
            message: message.to_string(),
            offset: Some(offset),
        }
    }
    /// The byte offset in the text where reading stopped, if known.
    pub fn offset(&self) -> Option<usize> {
        self.offset
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.offset {
            Some(o) => write!(f, "{} (byte {o})", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            offset: None,
        }
    }
}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            offset: None,
        }
    }
}

type Result<T> = std::result::Result<T, Error>;

// ================================================================ reading

/// Reads a `T` from `text`, allowing `nesting` levels counted as `ron`'s
/// `Options::with_recursion_limit` counts them. An error means only that
/// the text is outside the subset this reader takes (or is not a valid
/// `T`): parse it with `ron` for the verdict.
pub fn from_str<'de, T: de::Deserialize<'de>>(text: &'de str, nesting: usize) -> Result<T> {
    let mut de = Deserializer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        budget: nesting,
    };
    de.skip_ws()?;
    let value = T::deserialize(&mut de)?;
    de.skip_ws()?;
    if de.pos != de.bytes.len() {
        return Err(de.error("more after the value"));
    }
    Ok(value)
}

/// The reader: a position in the text and the nesting budget left.
pub struct Deserializer<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    /// How many more levels may nest (`ron`'s `recursion_limit`).
    budget: usize,
}

/// Counts one level of nesting around `$e`, as `ron`'s `guard_recursion!`.
macro_rules! nested {
    ($de:expr => $e:expr) => {{
        $de.enter()?;
        let value = $e;
        $de.budget += 1;
        value
    }};
}

/// A string read from the text: borrowed when it holds no escape.
enum Text<'de> {
    Borrowed(&'de str),
    Owned(String),
}

/// The bytes of an ASCII identifier after its first: letters, digits, `_`.
static IDENTIFIER: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// Whether `b` may follow an identifier (`ron` would end the identifier
/// there too, and read the same one).
#[inline]
fn ends_identifier(b: Option<u8>) -> bool {
    matches!(
        b,
        None | Some(b' ' | b'\n' | b'\t' | b'\r' | b'(' | b')' | b',' | b':' | b']' | b'}' | b'/')
    )
}

/// Whether `b` may follow a number (`ron` would end the number there too,
/// read it as an integer, and read the same one).
#[inline]
fn ends_number(b: Option<u8>) -> bool {
    matches!(
        b,
        None | Some(b' ' | b'\n' | b'\t' | b'\r' | b')' | b',' | b':' | b']' | b'}' | b'/')
    )
}

impl<'de> Deserializer<'de> {
    #[cold]
    fn error(&self, message: &str) -> Error {
        Error::at(self.pos, message)
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn enter(&mut self) -> Result<()> {
        match self.budget.checked_sub(1) {
            Some(b) => {
                self.budget = b;
                Ok(())
            }
            None => Err(self.error("nested too deeply")),
        }
    }

    /// Skips whitespace and comments. Inlined for the usual case of
    /// neither (a value right after `(` or `: `).
    #[inline]
    fn skip_ws(&mut self) -> Result<()> {
        match self.peek() {
            Some(b' ' | b'\n' | b'\t' | b'\r' | b'/') => self.skip_ws_run(),
            _ => Ok(()),
        }
    }

    /// The loop of [`Deserializer::skip_ws`]: a pretty file's newline and
    /// indentation, eight spaces at a time, with the position in a local.
    fn skip_ws_run(&mut self) -> Result<()> {
        let bytes = self.bytes;
        let mut pos = self.pos;
        loop {
            loop {
                if let Some(eight) = bytes.get(pos..pos + 8)
                    && eight == b"        "
                {
                    pos += 8;
                    continue;
                }
                match bytes.get(pos) {
                    Some(b' ' | b'\n' | b'\t' | b'\r') => pos += 1,
                    _ => break,
                }
            }
            self.pos = pos;
            if bytes.get(pos) != Some(&b'/') {
                return Ok(());
            }
            self.skip_comment()?;
            pos = self.pos;
        }
    }

    /// A `//` comment up to (not including) the end of its line, or a
    /// `/* */` comment, which nests: the same greedy scan as `ron`'s.
    fn skip_comment(&mut self) -> Result<()> {
        let rest = self.bytes.get(self.pos + 1..).unwrap_or_default();
        match rest.first() {
            Some(b'/') => {
                let from = self.pos + 2;
                self.pos = match memchr::memchr(b'\n', self.bytes.get(from..).unwrap_or_default()) {
                    Some(i) => from + i,
                    None => self.bytes.len(),
                };
                Ok(())
            }
            Some(b'*') => {
                let mut level = 1usize;
                let mut i = self.pos + 2;
                while level > 0 {
                    let rest = self.bytes.get(i..).unwrap_or_default();
                    let Some(k) = memchr2(b'/', b'*', rest) else {
                        return Err(self.error("a block comment is not closed"));
                    };
                    i += k;
                    let here = self.bytes.get(i..).unwrap_or_default();
                    if here.starts_with(b"/*") {
                        level = level
                            .checked_add(1)
                            .ok_or_else(|| self.error("comments nested too deeply"))?;
                        i += 2;
                    } else if here.starts_with(b"*/") {
                        level -= 1;
                        i += 2;
                    } else {
                        i += 1;
                    }
                }
                self.pos = i;
                Ok(())
            }
            _ => Err(self.error("a / that starts no comment")),
        }
    }

    #[inline]
    fn expect(&mut self, b: u8, what: &str) -> Result<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    /// `ron`'s `comma`: whitespace, then a comma and whitespace if there is
    /// one.
    #[inline]
    fn comma(&mut self) -> Result<bool> {
        self.skip_ws()?;
        if self.peek() == Some(b',') {
            self.pos += 1;
            self.skip_ws()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// The length of the ASCII identifier at `at`, if there is one that
    /// `ron` reads the same (see [`ends_identifier`]).
    #[inline]
    fn identifier_len_at(&self, at: usize) -> Result<usize> {
        match self.bytes.get(at) {
            Some(b) if b.is_ascii_alphabetic() || *b == b'_' => {}
            _ => return Err(Error::at(at, "expected an identifier")),
        }
        let mut end = at + 1;
        while let Some(&b) = self.bytes.get(end)
            && IDENTIFIER[usize::from(b)]
        {
            end += 1;
        }
        if !ends_identifier(self.bytes.get(end).copied()) {
            return Err(Error::at(end, "an identifier ends in a way left to ron"));
        }
        Ok(end - at)
    }

    /// Reads an identifier (a field, variant or struct name).
    #[inline]
    fn identifier(&mut self) -> Result<&'de str> {
        let len = self.identifier_len_at(self.pos)?;
        let start = self.pos;
        self.pos += len;
        self.text
            .get(start..self.pos)
            .ok_or_else(|| self.error("expected an identifier"))
    }

    /// Whether the identifier `word` is next (without consuming it).
    #[inline]
    fn at_word(&self, word: &str) -> bool {
        self.bytes
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()))
            && ends_identifier(self.bytes.get(self.pos + word.len()).copied())
    }

    /// A struct's optional name before its `(`: when there is an
    /// identifier it must be `name` (`ron` refuses any other).
    fn struct_name(&mut self, name: &str) -> Result<()> {
        if matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_') {
            let found = self.identifier()?;
            if name.is_empty() || found != name {
                return Err(self.error("a struct name other than the type's"));
            }
        } else if matches!(self.peek(), Some(b) if b >= 0x80) {
            return Err(self.error("a non-ASCII identifier"));
        }
        Ok(())
    }

    /// An unsigned decimal integer.
    #[inline]
    fn unsigned(&mut self) -> Result<u64> {
        let start = self.pos;
        let mut v: u64 = 0;
        while let Some(b) = self.bytes.get(self.pos)
            && b.is_ascii_digit()
        {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(b - b'0')))
                .ok_or_else(|| self.error("a number too large"))?;
            self.pos += 1;
        }
        if self.pos == start || !ends_number(self.peek()) {
            return Err(self.error("expected a plain decimal number"));
        }
        Ok(v)
    }

    /// A signed decimal integer: `-` and digits, or digits.
    #[inline]
    fn signed(&mut self) -> Result<i64> {
        if self.peek() != Some(b'-') {
            let v = self.unsigned()?;
            return i64::try_from(v).map_err(|_| self.error("a number too large"));
        }
        self.pos += 1;
        let start = self.pos;
        let mut v: i64 = 0;
        while let Some(b) = self.bytes.get(self.pos)
            && b.is_ascii_digit()
        {
            v = v
                .checked_mul(10)
                .and_then(|v| v.checked_sub(i64::from(b - b'0')))
                .ok_or_else(|| self.error("a number too small"))?;
            self.pos += 1;
        }
        if self.pos == start || !ends_number(self.peek()) {
            return Err(self.error("expected a plain decimal number"));
        }
        Ok(v)
    }

    fn unsigned_as<T: TryFrom<u64>>(&mut self) -> Result<T> {
        let v = self.unsigned()?;
        T::try_from(v).map_err(|_| self.error("a number out of range"))
    }

    fn signed_as<T: TryFrom<i64>>(&mut self) -> Result<T> {
        let v = self.signed()?;
        T::try_from(v).map_err(|_| self.error("a number out of range"))
    }

    /// A string in double quotes, borrowed when it holds no escape.
    #[inline]
    fn string(&mut self) -> Result<Text<'de>> {
        if self.peek() != Some(b'"') {
            return Err(self.error("expected a string"));
        }
        let start = self.pos + 1;
        let rest = self.bytes.get(start..).unwrap_or_default();
        let Some(i) = memchr2(b'"', b'\\', rest) else {
            return Err(self.error("a string is not closed"));
        };
        if rest.get(i) == Some(&b'"') {
            self.pos = start + i + 1;
            return match self.text.get(start..start + i) {
                Some(s) => Ok(Text::Borrowed(s)),
                None => Err(self.error("a string is not closed")),
            };
        }
        self.escaped_string(start, start + i)
    }

    /// The rest of a string from its first `\` at `at`.
    #[cold]
    fn escaped_string(&mut self, start: usize, mut at: usize) -> Result<Text<'de>> {
        let mut s = String::with_capacity(at - start + 16);
        s.push_str(self.text.get(start..at).ok_or_else(|| self.error("bad string"))?);
        loop {
            // bytes[at] is a backslash
            self.pos = at + 1;
            let c = self.escape()?;
            s.push(c);
            let rest = self.bytes.get(self.pos..).unwrap_or_default();
            let Some(k) = memchr2(b'"', b'\\', rest) else {
                return Err(self.error("a string is not closed"));
            };
            s.push_str(
                self.text
                    .get(self.pos..self.pos + k)
                    .ok_or_else(|| self.error("bad string"))?,
            );
            at = self.pos + k;
            if self.bytes.get(at) == Some(&b'"') {
                self.pos = at + 1;
                return Ok(Text::Owned(s));
            }
        }
    }

    /// The escape after a backslash: those `ron`'s writer writes.
    fn escape(&mut self) -> Result<char> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'\'') => '\'',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'0') => '\0',
            Some(b'u') => {
                self.pos += 1;
                self.expect(b'{', "a \\u escape without {")?;
                let mut code: u32 = 0;
                let mut digits = 0;
                while digits < 6 {
                    let Some(b) = self.peek() else {
                        return Err(self.error("a \\u escape is not closed"));
                    };
                    if b == b'}' {
                        break;
                    }
                    let d = char::from(b)
                        .to_digit(16)
                        .ok_or_else(|| self.error("not a hex digit"))?;
                    code = (code << 4) | d;
                    digits += 1;
                    self.pos += 1;
                }
                if digits == 0 {
                    return Err(self.error("an empty \\u escape"));
                }
                self.expect(b'}', "a \\u escape is not closed")?;
                return char::from_u32(code).ok_or_else(|| self.error("not a character"));
            }
            _ => return Err(self.error("an escape left to ron")),
        };
        self.pos += 1;
        Ok(c)
    }

    /// A character in single quotes.
    fn character(&mut self) -> Result<char> {
        self.expect(b'\'', "expected a character")?;
        let c = self
            .text
            .get(self.pos..)
            .and_then(|t| t.chars().next())
            .ok_or_else(|| self.error("expected a character"))?;
        self.pos += c.len_utf8();
        let c = if c == '\\' { self.escape()? } else { c };
        self.expect(b'\'', "a character is not closed")?;
        Ok(c)
    }

    fn visit_text<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }

    /// `(` fields `)`, the name (if any) already read.
    fn struct_body<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(', "expected a struct")?;
        let value = nested!(self => visitor.visit_map(Fields { de: &mut *self, had_comma: true })?);
        self.skip_ws()?;
        self.expect(b')', "expected the end of a struct")?;
        Ok(value)
    }

    /// `(` elements `)`.
    fn tuple_body<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.expect(b'(', "expected a tuple")?;
        let value = nested!(self => visitor.visit_seq(Elements { de: &mut *self, end: b')', had_comma: true })?);
        self.skip_ws()?;
        self.expect(b')', "expected the end of a tuple")?;
        Ok(value)
    }

    /// A number where the type is not known: the smallest of `ron`'s
    /// integer kinds that holds it, as `ron` gives it.
    fn any_number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        if self.peek() == Some(b'-') {
            let v = self.signed()?;
            if let Ok(v) = i8::try_from(v) {
                visitor.visit_i8(v)
            } else if let Ok(v) = i16::try_from(v) {
                visitor.visit_i16(v)
            } else if let Ok(v) = i32::try_from(v) {
                visitor.visit_i32(v)
            } else {
                visitor.visit_i64(v)
            }
        } else {
            let v = self.unsigned()?;
            if let Ok(v) = u8::try_from(v) {
                visitor.visit_u8(v)
            } else if let Ok(v) = u16::try_from(v) {
                visitor.visit_u16(v)
            } else if let Ok(v) = u32::try_from(v) {
                visitor.visit_u32(v)
            } else {
                visitor.visit_u64(v)
            }
        }
    }

    /// `ron`'s `handle_any_struct` (for a visitor that is not serde's
    /// buffering type): after an optional identifier, a unit, a struct
    /// with named fields or a tuple, told apart by what follows its `(`.
    fn any_struct<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        if self.peek() != Some(b'(') {
            return visitor.visit_unit();
        }
        // look ahead: `( ident :` is a struct, anything else a tuple
        let back = self.pos;
        self.pos += 1;
        self.skip_ws()?;
        let named = match self.identifier_len_at(self.pos) {
            Ok(len) => {
                self.pos += len;
                self.skip_ws()?;
                self.peek() == Some(b':')
            }
            Err(_) if matches!(self.peek(), Some(b) if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80) => {
                return Err(self.error("an identifier left to ron"));
            }
            Err(_) => false,
        };
        self.pos = back;
        if named {
            self.struct_body(visitor)
        } else {
            self.tuple_body(visitor)
        }
    }
}

impl<'de> de::Deserializer<'de> for &mut Deserializer<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek() {
            Some(b'(') => {
                if self.bytes.get(self.pos + 1) == Some(&b')') {
                    self.pos += 2;
                    visitor.visit_unit()
                } else {
                    self.any_struct(visitor)
                }
            }
            Some(b'[') => self.deserialize_seq(visitor),
            Some(b'{') => self.deserialize_map(visitor),
            Some(b'"') => self.visit_text(visitor),
            Some(b'\'') => visitor.visit_char(self.character()?),
            Some(b'0'..=b'9' | b'-') => self.any_number(visitor),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' => {
                let len = self.identifier_len_at(self.pos)?;
                let word = self.bytes.get(self.pos..self.pos + len).unwrap_or_default();
                match word {
                    b"true" => {
                        self.pos += len;
                        visitor.visit_bool(true)
                    }
                    b"false" => {
                        self.pos += len;
                        visitor.visit_bool(false)
                    }
                    b"Some" => self.deserialize_option(visitor),
                    b"None" => {
                        self.pos += len;
                        visitor.visit_none()
                    }
                    b"inf" | b"inff32" | b"inff64" | b"NaN" | b"NaNf32" | b"NaNf64" => {
                        Err(self.error("a float left to ron"))
                    }
                    _ => {
                        self.pos += len;
                        self.skip_ws()?;
                        self.any_struct(visitor)
                    }
                }
            }
            _ => Err(self.error("a value left to ron")),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.at_word("true") {
            self.pos += 4;
            visitor.visit_bool(true)
        } else if self.at_word("false") {
            self.pos += 5;
            visitor.visit_bool(false)
        } else {
            Err(self.error("expected true or false"))
        }
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i8(self.signed_as()?)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i16(self.signed_as()?)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i32(self.signed_as()?)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_i64(self.signed()?)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u8(self.unsigned_as()?)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u16(self.unsigned_as()?)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u32(self.unsigned_as()?)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_u64(self.unsigned()?)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.error("a float left to ron"))
    }
    fn deserialize_f64<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.error("a float left to ron"))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_char(self.character()?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_text(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.visit_text(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.error("bytes left to ron"))
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(self.error("bytes left to ron"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.at_word("None") {
            self.pos += 4;
            return visitor.visit_none();
        }
        if !self.at_word("Some") {
            return Err(self.error("expected Some(...) or None"));
        }
        self.pos += 4;
        self.skip_ws()?;
        self.expect(b'(', "expected ( after Some")?;
        self.skip_ws()?;
        let value = nested!(self => visitor.visit_some(&mut *self)?);
        self.comma()?;
        self.expect(b')', "expected the end of Some(...)")?;
        Ok(value)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.bytes.get(self.pos..).is_some_and(|r| r.starts_with(b"()")) {
            self.pos += 2;
            visitor.visit_unit()
        } else {
            Err(self.error("expected ()"))
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80) {
            self.struct_name(name)?;
            visitor.visit_unit()
        } else {
            self.deserialize_unit(visitor)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value> {
        if name.starts_with('$') {
            // ron's RawValue
            return Err(self.error("a raw value left to ron"));
        }
        self.struct_name(name)?;
        self.skip_ws()?;
        self.expect(b'(', "expected a newtype struct")?;
        self.skip_ws()?;
        let value = nested!(self => visitor.visit_newtype_struct(&mut *self)?);
        self.comma()?;
        self.expect(b')', "expected the end of a newtype struct")?;
        Ok(value)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'[', "expected a list")?;
        let value = nested!(self => visitor.visit_seq(Elements { de: &mut *self, end: b']', had_comma: true })?);
        self.skip_ws()?;
        self.expect(b']', "expected the end of a list")?;
        Ok(value)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.tuple_body(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.struct_name(name)?;
        self.tuple_body(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // ron reads the keys of a map whose visitor expects a struct (the
        // sign of #[serde(flatten)]) differently: leave those to it
        struct Expecting<'a, V>(&'a V);
        impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.expecting(f)
            }
        }
        if Expecting(&visitor).to_string().starts_with("struct ") {
            return Err(self.error("a flattened struct left to ron"));
        }
        self.expect(b'{', "expected a map")?;
        let value = nested!(self => visitor.visit_map(Entries { de: &mut *self, had_comma: true })?);
        self.skip_ws()?;
        self.expect(b'}', "expected the end of a map")?;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        if matches!(
            name,
            "Range" | "RangeInclusive" | "RangeFrom" | "RangeTo" | "RangeToInclusive"
        ) {
            return Err(self.error("a range left to ron"));
        }
        self.struct_name(name)?;
        self.skip_ws()?;
        self.struct_body(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        nested!(self => visitor.visit_enum(Enum { de: &mut *self }))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.identifier()?)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }
}

/// The elements of a list or tuple, up to `end`.
struct Elements<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    end: u8,
    had_comma: bool,
}

/// `ron`'s `CommaSeparated::has_element`: after a comma anything but the
/// end is an element; without one, only the end may follow.
#[inline]
fn has_element(de: &mut Deserializer<'_>, end: u8, had_comma: bool) -> Result<bool> {
    de.skip_ws()?;
    let at_end = de.peek() == Some(end);
    if had_comma {
        Ok(!at_end)
    } else if at_end {
        Ok(false)
    } else {
        Err(de.error("expected a comma"))
    }
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !has_element(self.de, self.end, self.had_comma)? {
            return Ok(None);
        }
        let value = nested!(self.de => seed.deserialize(&mut *self.de)?);
        self.had_comma = self.de.comma()?;
        Ok(Some(value))
    }
}

/// The fields of a struct: `name: value` pairs up to `)`.
struct Fields<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    had_comma: bool,
}

impl<'de> de::MapAccess<'de> for Fields<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !has_element(self.de, b')', self.had_comma)? {
            return Ok(None);
        }
        let key = nested!(self.de => seed.deserialize(FieldName { de: &mut *self.de })?);
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        value_after_colon(self.de, seed, &mut self.had_comma)
    }
}

/// `: value` and what follows it, for a field or a map entry.
#[inline]
fn value_after_colon<'de, V: DeserializeSeed<'de>>(
    de: &mut Deserializer<'de>,
    seed: V,
    had_comma: &mut bool,
) -> Result<V::Value> {
    de.skip_ws()?;
    de.expect(b':', "expected a colon")?;
    de.skip_ws()?;
    let value = nested!(de => seed.deserialize(&mut *de)?);
    *had_comma = de.comma()?;
    Ok(value)
}

/// The entries of a map: `key: value` pairs up to `}`.
struct Entries<'a, 'de> {
    de: &'a mut Deserializer<'de>,
    had_comma: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !has_element(self.de, b'}', self.had_comma)? {
            return Ok(None);
        }
        let key = nested!(self.de => seed.deserialize(&mut *self.de)?);
        Ok(Some(key))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        value_after_colon(self.de, seed, &mut self.had_comma)
    }
}

/// The methods of [`FieldName`] for what a field name cannot be.
macro_rules! not_a_field_name {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* _visitor: V) -> Result<V::Value> {
                Err(self.de.error("expected a field name"))
            }
        )*
    };
}

/// A struct's field name: an identifier, whatever the key's type asks
/// for (`ron`'s `id::Deserializer`).
struct FieldName<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'de> de::Deserializer<'de> for FieldName<'_, 'de> {
    type Error = Error;

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_borrowed_str(self.de.identifier()?)
    }
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_identifier(visitor)
    }
    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_identifier(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_identifier(visitor)
    }
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_identifier(visitor)
    }

    not_a_field_name! {
        deserialize_bool(),
        deserialize_i8(),
        deserialize_i16(),
        deserialize_i32(),
        deserialize_i64(),
        deserialize_u8(),
        deserialize_u16(),
        deserialize_u32(),
        deserialize_u64(),
        deserialize_f32(),
        deserialize_f64(),
        deserialize_char(),
        deserialize_bytes(),
        deserialize_byte_buf(),
        deserialize_option(),
        deserialize_unit(),
        deserialize_unit_struct(_name: &'static str),
        deserialize_newtype_struct(_name: &'static str),
        deserialize_seq(),
        deserialize_tuple(_len: usize),
        deserialize_tuple_struct(_name: &'static str, _len: usize),
        deserialize_map(),
        deserialize_struct(_name: &'static str, _fields: &'static [&'static str]),
        deserialize_enum(_name: &'static str, _variants: &'static [&'static str]),
    }
}

/// An enum value: its variant's name, then what the variant holds.
struct Enum<'a, 'de> {
    de: &'a mut Deserializer<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for Enum<'a, 'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        self.de.skip_ws()?;
        let variant = nested!(self.de => seed.deserialize(&mut *self.de)?);
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for Enum<'_, 'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        let de = self.de;
        de.skip_ws()?;
        de.expect(b'(', "expected ( after a variant")?;
        de.skip_ws()?;
        let value = nested!(de => seed.deserialize(&mut *de)?);
        de.comma()?;
        de.expect(b')', "expected the end of a variant")?;
        Ok(value)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.de.skip_ws()?;
        self.de.tuple_body(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(self, _fields: &'static [&'static str], visitor: V) -> Result<V::Value> {
        self.de.skip_ws()?;
        self.de.struct_body(visitor)
    }
}

// ================================================================ writing

/// How deep `ron`'s writer lays values out on lines of their own (the
/// `depth_limit` of [`crate::io::to_ron_string`]'s configuration).
const DEPTH_LIMIT: usize = 64;
const INDENT: &str = "    ";
/// How deep values may nest before the writer gives up (and `ron` is
/// asked instead): `ron`'s default recursion limit.
const WRITE_NESTING: usize = 128;

/// Writes `value` as [`crate::io::to_ron_string`]'s configuration of
/// `ron`'s pretty writer does (without the final newline). An error means
/// the value holds something this writer leaves to `ron`.
pub fn to_string<T: ?Sized + Serialize>(value: &T) -> Result<String> {
    // the text is as long as the last one written, give or take: a plan is
    // saved again and again, and a buffer grown by doubling to tens of
    // megabytes is copied and faulted in page by page on every save
    let hint = LAST_LENGTH.load(Ordering::Relaxed);
    let mut ser = Serializer {
        out: String::with_capacity(hint.saturating_add(hint / 16).max(1 << 16)),
        indent: 0,
        is_empty: None,
        budget: WRITE_NESTING,
    };
    value.serialize(&mut ser)?;
    let mut out = ser.out;
    LAST_LENGTH.store(out.len(), Ordering::Relaxed);
    if out.len() < out.capacity() / 2 {
        // a much smaller text than the last: keep only what it needs
        out.shrink_to_fit();
    }
    Ok(out)
}

/// The length of the last text [`to_string`] wrote (a capacity hint).
static LAST_LENGTH: AtomicUsize = AtomicUsize::new(0);

/// The writer. `indent` and `is_empty` follow `ron`'s `Pretty::indent` and
/// `Serializer::is_empty`, which decide where newlines and indents go.
pub struct Serializer {
    out: String,
    indent: usize,
    is_empty: Option<bool>,
    budget: usize,
}

/// Whether `name` may be written as it is (else `ron` writes `r#name`),
/// for an ASCII name; `None` for a name `ron` must judge. One pass over
/// the name: a field name is checked for every field written.
fn plain_identifier(name: &str) -> Option<bool> {
    let bytes = name.as_bytes();
    let (&first, rest) = bytes.split_first()?;
    if (first.is_ascii_alphabetic() || first == b'_') && rest.iter().all(|&b| IDENTIFIER[usize::from(b)]) {
        let reserved = matches!(first, b't' | b'f' | b'S' | b'N' | b'i')
            && matches!(
                name,
                "true" | "false" | "Some" | "None" | "inf" | "inff32" | "inff64" | "NaN" | "NaNf32" | "NaNf64"
            );
        return Some(!reserved);
    }
    // a name ron writes raw, or (not ASCII) one it must judge
    bytes
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-'))
        .then_some(false)
}

/// The bytes a string holds that `ron` writes as they are: printable ASCII
/// but the quotes and the backslash (`char::escape_debug` escapes those).
static PLAIN: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0x20;
    while b < 0x7f {
        t[b] = !matches!(b as u8, b'"' | b'\\' | b'\'');
        b += 1;
    }
    t
};

/// Whether all eight bytes are [`PLAIN`], tested at once (SWAR): all
/// below 0x80, none below 0x20, none 0x7f, none a quote or a backslash.
#[inline]
fn plain_word(word: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let Ok(bytes) = <[u8; 8]>::try_from(word) else {
        return false;
    };
    let w = u64::from_le_bytes(bytes);
    // whether some byte of v is zero (exact as a yes or no)
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    // with every byte below 0x80 no sum below carries into the next byte:
    // b + 0x60 reaches 0x80 exactly when b >= 0x20, b + 1 when b == 0x7f
    w & HIGH == 0
        && w.wrapping_add(ONES * 0x60) & HIGH == HIGH
        && w.wrapping_add(ONES) & HIGH == 0
        && !has_zero(w ^ (ONES * u64::from(b'"')))
        && !has_zero(w ^ (ONES * u64::from(b'\\')))
        && !has_zero(w ^ (ONES * u64::from(b'\'')))
}

impl Serializer {
    fn enter(&mut self) -> Result<()> {
        self.budget = self.budget.checked_sub(1).ok_or_else(|| Error {
            message: "nested too deeply".into(),
            offset: None,
        })?;
        Ok(())
    }

    fn leave(&mut self) {
        self.budget += 1;
    }

    fn write_indent(&mut self) {
        if self.indent <= DEPTH_LIMIT {
            self.spaces(self.indent);
        }
    }

    /// `levels` indents (at most [`DEPTH_LIMIT`], the most ever written).
    fn spaces(&mut self, levels: usize) {
        const SPACES: &str = match str::from_utf8(&[b' '; DEPTH_LIMIT * INDENT.len()]) {
            Ok(s) => s,
            Err(_) => "",
        };
        match SPACES.get(..levels * INDENT.len()) {
            Some(s) => self.out.push_str(s),
            None => {
                for _ in 0..levels {
                    self.out.push_str(INDENT);
                }
            }
        }
    }

    fn start_indent(&mut self) {
        self.indent += 1;
        if self.indent <= DEPTH_LIMIT && !self.is_empty.unwrap_or(false) {
            self.out.push('\n');
        }
    }

    fn end_indent(&mut self) {
        if self.indent <= DEPTH_LIMIT && !self.is_empty.unwrap_or(false) {
            self.spaces(self.indent.saturating_sub(1));
        }
        self.indent = self.indent.saturating_sub(1);
        self.is_empty = None;
    }

    /// The separator before every element but the first of a list, map or
    /// struct: a comma and a newline (or a space past the depth limit).
    fn separate(&mut self) {
        self.out.push(',');
        if self.indent <= DEPTH_LIMIT {
            self.out.push('\n');
        } else {
            self.out.push(' ');
        }
    }

    /// After the last element of a list, map or struct.
    fn close(&mut self, first: bool) {
        if !first && self.indent <= DEPTH_LIMIT {
            self.out.push_str(",\n");
        }
        self.end_indent();
    }

    fn identifier(&mut self, name: &str) -> Result<()> {
        match plain_identifier(name) {
            Some(true) => self.out.push_str(name),
            Some(false) => {
                self.out.push_str("r#");
                self.out.push_str(name);
            }
            None => return Err(ser::Error::custom("an identifier left to ron")),
        }
        Ok(())
    }

    fn validate(&self, name: &str) -> Result<()> {
        match plain_identifier(name) {
            Some(_) => Ok(()),
            None => Err(ser::Error::custom("a type name left to ron")),
        }
    }

    fn unsigned(&mut self, mut v: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.out.extend(buf[i..].iter().map(|&b| char::from(b)));
    }

    fn signed(&mut self, v: i64) {
        if v < 0 {
            self.out.push('-');
        }
        self.unsigned(v.unsigned_abs());
    }

    /// A string in double quotes, each character as `char::escape_debug`
    /// gives it (what `ron` writes); runs of plain ASCII copied at once.
    fn string(&mut self, s: &str) -> Result<()> {
        self.out.push('"');
        let bytes = s.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if let Some(word) = bytes.get(i..i + 8)
                && plain_word(word)
            {
                i += 8;
                continue;
            }
            if PLAIN[usize::from(b)] {
                i += 1;
                continue;
            }
            let (Some(run), Some(c)) = (s.get(start..i), s.get(i..).and_then(|t| t.chars().next())) else {
                return Err(ser::Error::custom("not at a character"));
            };
            self.out.push_str(run);
            self.out.extend(c.escape_debug());
            i += c.len_utf8();
            start = i;
        }
        let run = s.get(start..).ok_or_else(|| ser::Error::custom("not at a character"))?;
        self.out.push_str(run);
        self.out.push('"');
        Ok(())
    }
}

/// A list, tuple, map or struct being written: whether its first element
/// is still to come.
pub struct Compound<'a> {
    ser: &'a mut Serializer,
    first: bool,
}

impl<'a> ser::Serializer for &'a mut Serializer {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i16(self, v: i16) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i32(self, v: i32) -> Result<()> {
        self.signed(v.into());
        Ok(())
    }
    fn serialize_i64(self, v: i64) -> Result<()> {
        self.signed(v);
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u16(self, v: u16) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u32(self, v: u32) -> Result<()> {
        self.unsigned(v.into());
        Ok(())
    }
    fn serialize_u64(self, v: u64) -> Result<()> {
        self.unsigned(v);
        Ok(())
    }
    fn serialize_f32(self, _v: f32) -> Result<()> {
        Err(ser::Error::custom("a float left to ron"))
    }
    fn serialize_f64(self, _v: f64) -> Result<()> {
        Err(ser::Error::custom("a float left to ron"))
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.out.push('\'');
        if v == '\\' || v == '\'' {
            self.out.push('\\');
        }
        self.out.push(v);
        self.out.push('\'');
        Ok(())
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v)
    }

    fn serialize_bytes(self, _v: &[u8]) -> Result<()> {
        Err(ser::Error::custom("bytes left to ron"))
    }

    fn serialize_none(self) -> Result<()> {
        self.out.push_str("None");
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<()> {
        self.out.push_str("Some(");
        self.enter()?;
        value.serialize(&mut *self)?;
        self.leave();
        self.out.push(')');
        Ok(())
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.push_str("()");
        Ok(())
    }

    fn serialize_unit_struct(self, name: &'static str) -> Result<()> {
        self.validate(name)?;
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, name: &'static str, _index: u32, variant: &'static str) -> Result<()> {
        self.validate(name)?;
        self.identifier(variant)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, name: &'static str, value: &T) -> Result<()> {
        if name.starts_with('$') {
            return Err(ser::Error::custom("a raw value left to ron"));
        }
        self.validate(name)?;
        self.out.push('(');
        self.enter()?;
        value.serialize(&mut *self)?;
        self.leave();
        self.out.push(')');
        Ok(())
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.validate(name)?;
        self.identifier(variant)?;
        self.out.push('(');
        self.enter()?;
        value.serialize(&mut *self)?;
        self.leave();
        self.out.push(')');
        Ok(())
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('[');
        if let Some(len) = len {
            self.is_empty = Some(len == 0);
        }
        self.start_indent();
        Ok(Compound { ser: self, first: true })
    }

    fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>> {
        self.out.push('(');
        Ok(Compound { ser: self, first: true })
    }

    fn serialize_tuple_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>> {
        self.validate(name)?;
        self.serialize_tuple(len)
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a>> {
        self.validate(name)?;
        self.identifier(variant)?;
        self.out.push('(');
        Ok(Compound { ser: self, first: true })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Compound<'a>> {
        self.out.push('{');
        if let Some(len) = len {
            self.is_empty = Some(len == 0);
        }
        self.start_indent();
        Ok(Compound { ser: self, first: true })
    }

    fn serialize_struct(self, name: &'static str, len: usize) -> Result<Compound<'a>> {
        if matches!(
            name,
            "Range" | "RangeInclusive" | "RangeFrom" | "RangeTo" | "RangeToInclusive"
        ) {
            return Err(ser::Error::custom("a range left to ron"));
        }
        self.validate(name)?;
        self.out.push('(');
        self.is_empty = Some(len == 0);
        self.start_indent();
        Ok(Compound { ser: self, first: true })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Compound<'a>> {
        self.validate(name)?;
        self.identifier(variant)?;
        self.out.push('(');
        self.is_empty = Some(len == 0);
        self.start_indent();
        Ok(Compound { ser: self, first: true })
    }

    fn serialize_i128(self, _v: i128) -> Result<()> {
        Err(ser::Error::custom("i128 left to ron"))
    }

    fn serialize_u128(self, _v: u128) -> Result<()> {
        Err(ser::Error::custom("u128 left to ron"))
    }
}

impl Compound<'_> {
    /// One element of a list: on a line of its own.
    fn line_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if self.first {
            self.first = false;
        } else {
            self.ser.separate();
        }
        self.ser.write_indent();
        self.ser.enter()?;
        value.serialize(&mut *self.ser)?;
        self.ser.leave();
        Ok(())
    }

    /// One element of a tuple: on the same line, after `, `.
    fn tuple_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        if self.first {
            self.first = false;
        } else {
            self.ser.out.push_str(", ");
        }
        self.ser.enter()?;
        value.serialize(&mut *self.ser)?;
        self.ser.leave();
        Ok(())
    }

    /// One field of a struct: `name: value` on a line of its own.
    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<()> {
        if self.first {
            self.first = false;
        } else {
            self.ser.separate();
        }
        self.ser.write_indent();
        self.ser.identifier(key)?;
        self.ser.out.push_str(": ");
        self.ser.enter()?;
        value.serialize(&mut *self.ser)?;
        self.ser.leave();
        Ok(())
    }
}

impl ser::SerializeSeq for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.line_element(value)
    }
    fn end(self) -> Result<()> {
        self.ser.close(self.first);
        self.ser.out.push(']');
        Ok(())
    }
}

/// A tuple, a tuple struct and a tuple variant: members on one line,
/// closed by `)`.
macro_rules! tuple_like {
    ($($serde:ident :: $method:ident),*) => {$(
        impl ser::$serde for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
                self.tuple_element(value)
            }
            fn end(self) -> Result<()> {
                self.ser.out.push(')');
                Ok(())
            }
        }
    )*};
}

tuple_like!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<()> {
        self.line_element(key)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<()> {
        self.ser.out.push_str(": ");
        self.ser.enter()?;
        value.serialize(&mut *self.ser)?;
        self.ser.leave();
        Ok(())
    }
    fn end(self) -> Result<()> {
        self.ser.close(self.first);
        self.ser.out.push('}');
        Ok(())
    }
}

/// A struct and a struct variant are written alike: named fields, one a
/// line, between parentheses.
macro_rules! struct_like {
    ($($serde:ident),*) => {$(
        impl ser::$serde for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result<()> {
                self.field(key, value)
            }
            fn end(self) -> Result<()> {
                self.ser.close(self.first);
                self.ser.out.push(')');
                Ok(())
            }
        }
    )*};
}

struct_like!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;

    /// What a visitor was given, as a string: the visit method and its
    /// value, nested values inside. Tells apart what the value alone does
    /// not (an `u8` from an `u64`, a borrowed string from an owned one, a
    /// unit from an empty tuple).
    #[derive(Debug, PartialEq)]
    struct Seen(String);

    struct SeenVisitor;

    // a plain value: its type and its text
    macro_rules! seen {
        ($($method:ident($t:ty)),*) => {$(
            fn $method<E: de::Error>(self, v: $t) -> std::result::Result<Seen, E> {
                Ok(Seen(format!(concat!(stringify!($t), " {}"), v)))
            }
        )*};
    }

    impl<'de> Visitor<'de> for SeenVisitor {
        type Value = Seen;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("anything")
        }
        seen!(
            visit_bool(bool),
            visit_i8(i8),
            visit_i16(i16),
            visit_i32(i32),
            visit_i64(i64),
            visit_u8(u8),
            visit_u16(u16),
            visit_u32(u32),
            visit_u64(u64)
        );
        fn visit_char<E: de::Error>(self, v: char) -> std::result::Result<Seen, E> {
            Ok(Seen(format!("char {v:?}")))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Seen, E> {
            Ok(Seen(format!("str {v:?}")))
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> std::result::Result<Seen, E> {
            Ok(Seen(format!("borrowed {v:?}")))
        }
        fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Seen, E> {
            Ok(Seen(format!("string {v:?}")))
        }
        fn visit_none<E: de::Error>(self) -> std::result::Result<Seen, E> {
            Ok(Seen("none".into()))
        }
        fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<Seen, D::Error> {
            Ok(Seen(format!("some({})", d.deserialize_any(SeenVisitor)?.0)))
        }
        fn visit_unit<E: de::Error>(self) -> std::result::Result<Seen, E> {
            Ok(Seen("unit".into()))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> std::result::Result<Seen, A::Error> {
            let mut parts = Vec::new();
            while let Some(Seen(s)) = a.next_element()? {
                parts.push(s);
            }
            Ok(Seen(format!("seq[{}]", parts.join(", "))))
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> std::result::Result<Seen, A::Error> {
            let mut parts = Vec::new();
            while let Some(Seen(k)) = a.next_key()? {
                let Seen(v) = a.next_value()?;
                parts.push(format!("{k} => {v}"));
            }
            Ok(Seen(format!("map{{{}}}", parts.join(", "))))
        }
    }

    impl<'de> de::Deserialize<'de> for Seen {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Seen, D::Error> {
            d.deserialize_any(SeenVisitor)
        }
    }

    /// Values of unknown type (what an unknown field holds) reach the
    /// visitor exactly as `ron` gives them.
    #[test]
    fn any_value_is_visited_as_ron_visits_it() {
        for text in [
            "0",
            "255",
            "256",
            "65536",
            "4294967296",
            "18446744073709551615",
            "-0",
            "-128",
            "-129",
            "-32769",
            "-2147483649",
            "-9223372036854775808",
            "007",
            "true",
            "false",
            "None",
            "Some(1)",
            "Some ( Some(\"x\") , )",
            "()",
            "( )",
            "(1)",
            "(1,)",
            "(1, \"two\", [3])",
            "(a: 1, b: (c: 2))",
            "(a : 1,)",
            "Thing",
            "Thing(1)",
            "Thing (1, 2)",
            "Thing(a: 1)",
            "Thing ( a: Other , )",
            "(Thing, 1)",
            "(Thing)",
            "(Thing(1))",
            "[]",
            "[1, [2], (3, 4), Some(5),]",
            "{}",
            "{\"k\": 1, 2: [3], Thing: (a: 1)}",
            "\"plain\"",
            "\"esc\\\"aped\\\\ \\u{e9} \\n\"",
            "'c'",
            "'\\''",
            "'é'",
            "/* c */ [ // line\n 1 /* two */ , ] // end",
        ] {
            let fast = from_str::<Seen>(text, 64).unwrap_or_else(|e| panic!("{text:?}: {e}"));
            let ron = ron::Options::default()
                .with_recursion_limit(64)
                .from_str::<Seen>(text)
                .unwrap_or_else(|e| panic!("ron {text:?}: {e}"));
            assert_eq!(fast, ron, "{text:?}");
        }
    }

    /// Outside the subset: refused here (ron decides).
    #[test]
    fn forms_outside_the_subset_are_refused() {
        for text in [
            "1.5",
            "1e3",
            "0x1F",
            "1_000",
            "+1",
            "5u8",
            "inf",
            "NaN",
            "r\"raw\"",
            "r#ident",
            "b\"bytes\"",
            "b'x'",
            "\"\\x41\"",
            "\"cont\\\n  inued\"",
            "\"\\q\"",
            "1..2",
            "#![enable(implicit_some)] 1",
            "Thing\u{2028}",
            "ünicode",
            "Thing-1",
            "(a: 1, 2)",
            "[1 2]",
            "/ 1",
            "1 /* open",
            "\"open",
            "18446744073709551616",
            "-9223372036854775809",
        ] {
            assert!(from_str::<Seen>(text, 64).is_err(), "{text:?} was read");
        }
    }

    #[test]
    fn strings_without_escapes_are_borrowed() {
        let fast = from_str::<Seen>("\"plain é\"", 64).unwrap();
        assert_eq!(fast.0, "borrowed \"plain é\"");
        let fast = from_str::<Seen>("\"a\\nb\"", 64).unwrap();
        assert_eq!(fast.0, "string \"a\\nb\"");
    }

    #[test]
    fn block_comments_nest_and_end_as_rons_do() {
        for text in ["/**/1", "/*/ */1", "/* /* */ */1", "/***/1", "/*/**/*/1", "1/* * / */"] {
            let fast = from_str::<Seen>(text, 64).ok();
            let ron = ron::from_str::<Seen>(text).ok();
            assert_eq!(fast, ron, "{text:?}");
            assert!(fast.is_some(), "{text:?}");
        }
        for text in ["/*/ 1", "/* /* */ 1", "/*", "1 /*/"] {
            assert!(from_str::<Seen>(text, 64).is_err(), "{text:?}");
            assert!(ron::from_str::<Seen>(text).is_err(), "{text:?}");
        }
    }

    /// Random RON values of every shape, with random gaps (whitespace and
    /// comments) between their tokens, some of them outside the subset.
    fn ron_value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let gap = prop_oneof![
            Just(""),
            Just(" "),
            Just("\n    "),
            Just("\r\n"),
            Just("\t"),
            Just("/* c */"),
            Just("/* a /* b */ */"),
            Just("// line\n"),
            Just("\u{2028}"),
        ];
        let ident = prop_oneof![
            Just("A"),
            Just("Thing"),
            Just("_x"),
            Just("r#raw"),
            Just("Some"),
            Just("None"),
            Just("true"),
            Just("inf"),
            Just("b"),
            Just("é"),
        ];
        let leaf = prop_oneof![
            any::<i64>().prop_map(|v| v.to_string()),
            any::<u64>().prop_map(|v| v.to_string()),
            (0u8..=255).prop_map(|v| v.to_string()),
            Just("1.5".to_string()),
            Just("0x1F".to_string()),
            Just("+3".to_string()),
            Just("()".to_string()),
            "[a-z\\\\\"'é\n]{0,6}".prop_map(|s| format!("{s:?}")),
            Just("\"\\u{e9}\\t\\0\\'\"".to_string()),
            Just("r\"raw\"".to_string()),
            Just("'c'".to_string()),
            Just("'\\''".to_string()),
            ident.clone().prop_map(str::to_string),
        ];
        leaf.prop_recursive(4, 40, 4, move |inner| {
            let items = proptest::collection::vec((inner.clone(), gap.clone(), gap.clone()), 0..4);
            let join = |open: &str, close: &str, items: Vec<(String, &str, &str)>, trailing: bool| {
                let mut out = open.to_string();
                let n = items.len();
                for (i, (v, g1, g2)) in items.into_iter().enumerate() {
                    out.push_str(g1);
                    out.push_str(&v);
                    out.push_str(g2);
                    if i + 1 < n || trailing {
                        out.push(',');
                    }
                }
                out.push_str(close);
                out
            };
            prop_oneof![
                (items.clone(), any::<bool>()).prop_map(move |(v, t)| join("[", "]", v, t)),
                (items.clone(), any::<bool>()).prop_map(move |(v, t)| join("(", ")", v, t)),
                (ident.clone(), gap.clone(), items.clone(), any::<bool>())
                    .prop_map(move |(id, g, v, t)| format!("{id}{g}{}", join("(", ")", v, t))),
                (
                    proptest::collection::vec((ident.clone(), gap.clone(), inner.clone()), 0..4),
                    any::<bool>()
                )
                    .prop_map(move |(fields, t)| {
                        let v = fields
                            .into_iter()
                            .map(|(k, g, v)| (format!("{k}{g}:{g}{v}"), "", ""))
                            .collect();
                        join("(", ")", v, t)
                    }),
                (
                    proptest::collection::vec((inner.clone(), inner.clone()), 0..3),
                    any::<bool>()
                )
                    .prop_map(move |(entries, t)| {
                        let v = entries
                            .into_iter()
                            .map(|(k, v)| (format!("{k}: {v}"), " ", ""))
                            .collect();
                        join("{", "}", v, t)
                    }),
                (gap.clone(), inner.clone()).prop_map(|(g, v)| format!("Some{g}({g}{v}{g})")),
            ]
        })
    }

    proptest::proptest! {
        /// Whatever value the reader takes untyped, ron takes and gives
        /// the visitor alike; nested too deeply, both refuse.
        #[test]
        fn random_values_are_visited_as_ron_visits_them(text in ron_value(), limit in 3usize..20) {
            let ron = ron::Options::default().with_recursion_limit(limit).from_str::<Seen>(&text);
            if let Ok(fast) = from_str::<Seen>(&text, limit) {
                proptest::prop_assert_eq!(Some(fast), ron.ok(), "{:?}", text);
            }
        }
    }

    #[test]
    fn eight_bytes_at_once_are_plain_as_each_is() {
        let mut word = *b"abcdefgh";
        for b in 0..=255u8 {
            for at in 0..8 {
                word[at] = b;
                assert_eq!(
                    plain_word(&word),
                    word.iter().all(|&c| PLAIN[usize::from(c)]),
                    "{word:?}"
                );
                word[at] = b'a';
            }
        }
        assert!(plain_word(b" ~~ ~ ~ "));
        assert!(!plain_word(b"short"));
    }

    #[test]
    fn the_writer_writes_what_ron_writes_for_every_shape() {
        use serde::Serialize;
        #[derive(Serialize)]
        struct Unit;
        #[derive(Serialize)]
        struct Newtype(u8);
        #[derive(Serialize)]
        struct Pair(i8, String);
        #[derive(Serialize)]
        struct Empty {}
        #[derive(Serialize)]
        enum E {
            A,
            B(i64),
            C(u8, u8),
            D { x: Option<bool>, y: Vec<u8> },
        }
        #[derive(Serialize)]
        struct All {
            unit: (),
            unit_struct: Unit,
            newtype: Newtype,
            pair: Pair,
            empty: Empty,
            empty_list: Vec<u8>,
            list: Vec<Vec<u8>>,
            tuple: (u8, (i16, char), [u8; 0]),
            chars: Vec<char>,
            some: Option<Option<E>>,
            enums: Vec<E>,
            map: std::collections::BTreeMap<String, Vec<E>>,
            empty_map: std::collections::BTreeMap<u8, u8>,
            ints: (i8, i16, i32, i64, u8, u16, u32, u64),
            text: String,
        }
        let all = All {
            unit: (),
            unit_struct: Unit,
            newtype: Newtype(7),
            pair: Pair(-1, "x".into()),
            empty: Empty {},
            empty_list: vec![],
            list: vec![vec![], vec![1, 2]],
            tuple: (1, (-2, '\''), []),
            chars: vec!['a', '\\', '\n', 'é', '\u{301}'],
            some: Some(Some(E::D { x: None, y: vec![3] })),
            enums: vec![
                E::A,
                E::B(i64::MIN),
                E::C(0, 255),
                E::D {
                    x: Some(true),
                    y: vec![],
                },
            ],
            map: [("k".to_string(), vec![E::A]), ("".to_string(), vec![])]
                .into_iter()
                .collect(),
            empty_map: Default::default(),
            ints: (
                i8::MIN,
                i16::MIN,
                i32::MIN,
                i64::MIN,
                u8::MAX,
                u16::MAX,
                u32::MAX,
                u64::MAX,
            ),
            text: "\"q\" \\ ' \t\r\n\0\u{7f}\u{80}\u{a0}é\u{301}\u{200b}\u{2028}\u{feff}東京 🦀".into(),
        };
        let config = crate::io::canonical_config();
        let ron = ron::ser::to_string_pretty(&all, config.clone()).unwrap();
        assert_eq!(to_string(&all).unwrap(), ron);
        // past the depth limit ron lays values out on one line
        #[derive(Serialize)]
        #[serde(transparent)]
        struct Deep(Vec<Deep>);
        let mut v = Deep(vec![]);
        for _ in 0..70 {
            v = Deep(vec![v, Deep(vec![])]);
        }
        let ron = ron::ser::to_string_pretty(&v, config).unwrap();
        assert_eq!(to_string(&v).unwrap(), ron);
    }
}
