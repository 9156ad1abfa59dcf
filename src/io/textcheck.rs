//! Finds the first text in a plan longer than a limit, and says where it
//! is ("scheme 3, description"). It walks the plan through serde (the
//! walk the content fingerprint uses too, [`crate::serde_walk`]), so
//! fields added to the model later are checked without changes here.

use crate::serde_walk::{self, Error, Part, Scalar, Visitor};
use serde::Serialize;

/// A text longer than the limit: where, and how long.
#[derive(Debug, Clone, PartialEq)]
pub struct TooLong {
    /// Field names and list positions from the plan down, e.g.
    /// `["schemes", "#2", "description"]`.
    pub path: Vec<String>,
    pub chars: usize,
}

/// The first text (string or character data) in `value` longer than
/// `limit` characters.
pub fn find_too_long<T: Serialize>(value: &T, limit: usize) -> Option<TooLong> {
    let mut finder = Finder {
        path: Vec::new(),
        limit,
    };
    match serde_walk::walk(value, &mut finder) {
        Err(Error::Stop(t)) => Some(t),
        _ => None,
    }
}

/// Stops the walk at the first text longer than the limit.
struct Finder {
    /// Where the walk is; made into words only when a text is too long
    /// (a large plan has hundreds of thousands of fields to walk through).
    path: Vec<Part>,
    limit: usize,
}

impl Finder {
    #[cold]
    fn too_long(&self, chars: usize) -> TooLong {
        TooLong {
            path: self.path.iter().map(|&p| word(p)).collect(),
            chars,
        }
    }
}

/// One step of a path as a word: a field's name, `#3` for the fourth
/// element of a list or the fourth value of a map, `key` for a map's key.
fn word(part: Part) -> String {
    match part {
        Part::Field(f) => f.to_string(),
        Part::Element(i) | Part::Value(i) => format!("#{i}"),
        Part::Key => "key".to_string(),
    }
}

impl Visitor for Finder {
    type Stop = TooLong;
    type Mark = ();

    // inlined into the walk: it runs for every value of the plan
    #[inline(always)]
    fn scalar(&mut self, value: Scalar<'_>) -> Result<(), TooLong> {
        match value {
            // bytes bound characters from above: count only when it can matter
            Scalar::Str(s) if s.len() > self.limit => {
                let chars = s.chars().count();
                if chars > self.limit {
                    return Err(self.too_long(chars));
                }
            }
            Scalar::Bytes(b) if b.len() > self.limit => return Err(self.too_long(b.len())),
            _ => {}
        }
        Ok(())
    }
    #[inline(always)]
    fn enter(&mut self, part: Part) -> Result<(), TooLong> {
        self.path.push(part);
        Ok(())
    }
    #[inline(always)]
    fn leave(&mut self, _part: Part, _mark: (), _empty: bool) {
        self.path.pop();
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
