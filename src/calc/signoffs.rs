//! Sign-offs: placeholders are not signatures, and a signature belongs to
//! the content it signed (a fingerprint of everything but the sign-offs).

use crate::model::{ContentFingerprint, DateField, OrgType, Plan, Rag, RecordId, SignOff, SignOffStatus};
use serde::Serialize;

// ---------------------------------------------------------------- placeholders

/// Words that, on their own anywhere in a value, mark it as a placeholder.
const MARKER_WORDS: [&str; 9] = [
    "tbc",
    "tba",
    "tbd",
    "tbconfirmed",
    "insert",
    "xxx",
    "lorem",
    "placeholder",
    "untitled",
];

/// Phrases that mark a value as a placeholder.
const MARKER_PHRASES: [&str; 12] = [
    "to be confirmed",
    "to be agreed",
    "to be advised",
    "to be completed",
    "to be decided",
    "to follow",
    "not known",
    "not yet known",
    "name of",
    "job title",
    "n/a",
    "dd/mm",
];

/// A field's own label typed as its value ("Name", "Date", "Position").
const LABELS: [&str; 13] = [
    "name",
    "full name",
    "signatory",
    "signature",
    "date",
    "position",
    "title",
    "role",
    "organisation",
    "organization",
    "unknown",
    "awaiting",
    "na",
];

const MONTH_PREFIXES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// True when a name, position, organisation or date is a placeholder rather
/// than a real value: empty, `<Name of Signatory>`, `[local measure]`,
/// `TBC`, `TBA`, `X March 2014`, `XX/XX/2014`, `dd/mm/yyyy`, `?`, a field's
/// own label ("Name", "Date"). Real values such as "Dr Xavier Smith" or
/// "Chair of the Health and Wellbeing Board" are not placeholders.
pub fn is_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() {
        return true;
    }
    // nothing but punctuation: "?", "-", "...", "—"
    if !t.chars().any(|c| c.is_alphanumeric()) {
        return true;
    }
    if (t.contains('<') && t.contains('>')) || (t.starts_with('[') && t.ends_with(']')) {
        return true;
    }
    let lower = t.to_lowercase();
    if MARKER_PHRASES.iter().any(|p| lower.contains(p)) {
        return true;
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if LABELS.contains(&words.join(" ").as_str()) {
        return true;
    }
    if words.iter().any(|w| MARKER_WORDS.contains(w)) {
        return true;
    }
    // "XX/XX/2014", "xxx", and "X March 2014"; a lone X only in a date
    // ("Malcolm X" is a name)
    let dateish = words
        .iter()
        .any(|w| w.bytes().all(|b| b.is_ascii_digit()) || MONTH_PREFIXES.iter().any(|m| w.starts_with(m)));
    if words
        .iter()
        .any(|w| w.chars().all(|c| c == 'x') && (w.len() >= 2 || dateish || words.len() == 1))
    {
        return true;
    }
    // "dd mm yyyy", "yyyy"
    words
        .iter()
        .any(|w| w.len() >= 2 && (w.chars().all(|c| c == 'd') || w.chars().all(|c| c == 'y')))
}

// ---------------------------------------------------------------- states

/// The state of a sign-off as the checklist sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignOffState {
    /// Signed by a real person on a real date, on the current content.
    Signed,
    /// Signed, but the plan changed since; lists what changed.
    ChangedSince {
        parts: Vec<&'static str>,
    },
    /// Marked signed, but the app does not know which content was signed
    /// (no fingerprint: a file from elsewhere or edited by hand).
    Unverified,
    /// Marked signed but the name, position or date is missing or a
    /// placeholder: says which.
    Incomplete {
        problems: Vec<String>,
    },
    Pending,
    Declined,
}

impl SignOffState {
    pub fn rag(&self) -> Rag {
        match self {
            SignOffState::Signed => Rag::Green,
            SignOffState::ChangedSince { .. } | SignOffState::Incomplete { .. } | SignOffState::Unverified => {
                Rag::Amber
            }
            SignOffState::Pending => Rag::Amber,
            SignOffState::Declined => Rag::Red,
        }
    }
    /// Signed by a real person on a real date, on the current content.
    pub fn is_signed(&self) -> bool {
        matches!(self, SignOffState::Signed)
    }
    /// A short word for a chip: "Signed", "Changed since", ...
    pub fn word(&self) -> &'static str {
        match self {
            SignOffState::Signed => "Signed",
            SignOffState::ChangedSince { .. } => "Changed since signed",
            SignOffState::Unverified => "Signed, unverified",
            SignOffState::Incomplete { .. } => "Incomplete",
            SignOffState::Pending => "Pending",
            SignOffState::Declined => "Declined",
        }
    }
}

/// What is wrong with a sign-off's organisation, name, position and date
/// (empty when they are all real). A pending sign-off with no date yet is
/// fine; one marked signed needs a real date.
pub fn placeholder_problems(s: &SignOff) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = |value: &str, empty: &str, what: &str| {
        if value.trim().is_empty() {
            out.push(empty.to_string());
        } else if is_placeholder(value) {
            out.push(format!("{what} is \u{201c}{}\u{201d}", value.trim()));
        }
    };
    field(&s.organisation, "no organisation", "organisation");
    field(&s.name, "no signatory name", "name");
    field(&s.position, "no position", "position");
    match &s.date {
        None if s.status == SignOffStatus::Signed => out.push("no date".into()),
        None => {}
        Some(DateField::Text(t)) => out.push(format!("date is \u{201c}{}\u{201d}, not a date", t.trim())),
        Some(DateField::Date(_)) => {}
    }
    out
}

/// Which field of a sign-off the first problem is in ("organisation",
/// "name", "position", "date"), for the checklist to point at.
pub fn first_problem_field(s: &SignOff) -> Option<&'static str> {
    if is_placeholder(&s.organisation) {
        Some("organisation")
    } else if is_placeholder(&s.name) {
        Some("name")
    } else if is_placeholder(&s.position) {
        Some("position")
    } else if matches!(s.date, Some(DateField::Text(_))) || (s.date.is_none() && s.status == SignOffStatus::Signed) {
        Some("date")
    } else {
        None
    }
}

/// The state of one sign-off against the plan's current content.
pub fn signoff_state(s: &SignOff, current: &ContentFingerprint) -> SignOffState {
    match s.status {
        SignOffStatus::Pending => SignOffState::Pending,
        SignOffStatus::Declined => SignOffState::Declined,
        SignOffStatus::Signed => {
            let problems = placeholder_problems(s);
            if !problems.is_empty() {
                return SignOffState::Incomplete { problems };
            }
            match &s.signed_content {
                None => SignOffState::Unverified,
                Some(signed) if signed.whole != current.whole => SignOffState::ChangedSince {
                    parts: changed_parts(signed, current),
                },
                Some(_) => SignOffState::Signed,
            }
        }
    }
}

/// Which parts differ between two fingerprints: "Plan", "Schemes",
/// "Metrics", "Risks", or "Settings" when only the plan's settings did.
/// Empty when the two are the same.
pub fn changed_parts(old: &ContentFingerprint, new: &ContentFingerprint) -> Vec<&'static str> {
    let mut v = Vec::new();
    if old.whole == new.whole {
        return v;
    }
    if old.header != new.header {
        v.push("Plan");
    }
    if old.schemes != new.schemes {
        v.push("Schemes");
    }
    if old.metrics != new.metrics {
        v.push("Metrics");
    }
    if old.risks != new.risks {
        v.push("Risks");
    }
    if v.is_empty() {
        v.push("Settings");
    }
    v
}

/// "Schemes", "Schemes and Risks", "Plan, Schemes and Risks".
pub fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Marks a sign-off signed on the plan as it is now: records the content
/// fingerprint. `redate` sets the date to `today` (signed again); otherwise
/// only a sign-off without a real date gets `today`. Returns false when
/// there is no such sign-off.
pub fn mark_signed(plan: &mut Plan, id: RecordId, today: chrono::NaiveDate, redate: bool) -> bool {
    let fp = content_fingerprint(plan);
    let Some(s) = plan.signoffs.iter_mut().find(|s| s.id == id) else {
        return false;
    };
    s.status = SignOffStatus::Signed;
    s.signed_content = Some(fp);
    if redate || !matches!(s.date, Some(DateField::Date(_))) {
        s.date = Some(DateField::Date(today));
    }
    true
}

// ---------------------------------------------------------------- the standard block

/// A name reduced to what identifies the organisation: lower case, words
/// only, without "NHS", "CCG", "Clinical Commissioning Group", "the",
/// "and", so "NHS South Kent Coast CCG" matches "South Kent Coast" and
/// "Kent Health & Well-being Board" matches "Kent Health and Wellbeing
/// Board".
pub fn org_key(name: &str) -> String {
    const DROP: [&str; 9] = [
        "nhs",
        "ccg",
        "clinical",
        "commissioning",
        "group",
        "the",
        "and",
        "of",
        "for",
    ];
    let lower = name.to_lowercase().replace(['-', '\u{2019}', '\''], "");
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !DROP.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One sign-off the standard BCF block expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedSignOff {
    pub organisation: String,
    pub org_type: OrgType,
    /// The sign-off already in the plan for this organisation.
    pub existing: Option<RecordId>,
}

/// The standard BCF sign-off block from the plan header: one sign-off per
/// CCG covered, one for the council (local authority) and one for the
/// Health and Wellbeing Board, each with the sign-off already in the plan
/// for that organisation (matched by [`org_key`]). Blank header entries
/// are skipped; an organisation named twice appears once.
pub fn standard_block(plan: &Plan) -> Vec<ExpectedSignOff> {
    let h = &plan.header;
    let mut wanted: Vec<(String, OrgType)> = h.ccgs.iter().map(|c| (c.trim().to_string(), OrgType::Ccg)).collect();
    wanted.push((h.local_authority.trim().to_string(), OrgType::LocalAuthority));
    wanted.push((h.hwb.trim().to_string(), OrgType::HealthAndWellbeingBoard));
    let mut out: Vec<ExpectedSignOff> = Vec::new();
    for (name, org_type) in wanted {
        let key = org_key(&name);
        if key.is_empty() || is_placeholder(&name) || out.iter().any(|e| org_key(&e.organisation) == key) {
            continue;
        }
        let existing = plan
            .signoffs
            .iter()
            .find(|s| org_key(&s.organisation) == key)
            .map(|s| s.id);
        out.push(ExpectedSignOff {
            organisation: name,
            org_type,
            existing,
        });
    }
    out
}

/// Adds the sign-offs of the standard BCF block that the plan does not
/// have yet, each required and pending; returns how many were added.
/// Runs inside an edit, on the plan as it is then.
pub fn add_standard_block(plan: &mut Plan) -> usize {
    let missing: Vec<ExpectedSignOff> = standard_block(plan)
        .into_iter()
        .filter(|e| e.existing.is_none())
        .collect();
    let mut added = 0;
    for e in &missing {
        // a plan with no id left adds no more (see `Plan::alloc_id`)
        let Ok(id) = plan.alloc_id() else { break };
        added += 1;
        plan.signoffs.push(SignOff {
            id,
            organisation: e.organisation.clone(),
            org_type: e.org_type,
            required: true,
            ..Default::default()
        });
    }
    added
}

/// The position usually signing for an organisation type, as a hint (never
/// filled in as a value).
pub fn usual_position(t: OrgType) -> &'static str {
    match t {
        OrgType::Ccg => "e.g. Accountable Officer or Clinical Chair",
        OrgType::LocalAuthority => "e.g. Leader of the Council",
        OrgType::HealthAndWellbeingBoard => "e.g. Chair of the Health and Wellbeing Board",
        OrgType::NhsEngland => "e.g. Director of Commissioning Operations",
        OrgType::Provider => "e.g. Chief Executive",
        OrgType::Other => "Job title",
    }
}

// ---------------------------------------------------------------- fingerprints

/// Fingerprints of the plan's content: everything except the sign-offs,
/// the lifecycle (status, history, the dates submitted and agreed, which
/// the lifecycle records) and view settings (the display unit, the file
/// format version, the next id).
///
/// Each part is hashed (xxh3-128) over a canonical encoding of its serde
/// form in which fields holding their empty value (`""`, `None`, `[]`,
/// `false`) are left out, so the fingerprint is the same after saving,
/// loading or reformatting the file, and stays the same when a later
/// version of the app adds a field that the plan does not use yet.
pub fn content_fingerprint(plan: &Plan) -> ContentFingerprint {
    fingerprint_of_parts(
        header_hash(plan),
        settings_hash(plan),
        list_hash(&plan.schemes),
        list_hash(&plan.metrics),
        list_hash(&plan.risks),
    )
}

/// [`canonical_hash`] of a list, element by element into the hash through
/// one small buffer (no buffer the size of the whole list: on a large plan
/// that is megabytes allocated, grown and copied on every summary).
pub fn list_hash<T: Serialize>(elements: &[T]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    let mut buf = Vec::with_capacity(4096);
    h.update(b"[");
    for e in elements {
        canonical_bytes_into(e, &mut buf);
        h.update(&buf);
    }
    h.update(b"]");
    format!("{:032x}", h.digest128())
}

/// The fingerprint of the header: everything but the lifecycle's fields.
pub fn header_hash(plan: &Plan) -> String {
    let mut header = plan.header.clone();
    header.status = Default::default();
    header.date_submitted = None;
    header.date_agreed_hwb = None;
    canonical_hash(&header)
}

/// The fingerprint of the settings: everything but the display unit.
pub fn settings_hash(plan: &Plan) -> String {
    let mut settings = plan.settings.clone();
    settings.display_unit = Default::default();
    canonical_hash(&settings)
}

/// The whole fingerprint from its parts' hashes.
pub fn fingerprint_of_parts(
    header: String,
    settings: String,
    schemes: String,
    metrics: String,
    risks: String,
) -> ContentFingerprint {
    let whole = {
        let joined = format!("{header}{settings}{schemes}{metrics}{risks}");
        format!("{:032x}", xxhash_rust::xxh3::xxh3_128(joined.as_bytes()))
    };
    ContentFingerprint {
        whole,
        header,
        schemes,
        metrics,
        risks,
    }
}

/// The hash of a list from its elements' canonical encodings (each as
/// [`canonical_bytes`] gives it): the same as [`canonical_hash`] of the
/// list, without encoding again the elements that did not change.
pub fn list_hash_of_encoded(elements: &[Vec<u8>]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    h.update(b"[");
    for e in elements {
        h.update(e);
    }
    h.update(b"]");
    format!("{:032x}", h.digest128())
}

/// The xxh3-128 of a value's canonical encoding, as 32 hex digits.
pub fn canonical_hash<T: Serialize + ?Sized>(value: &T) -> String {
    let bytes = canonical_bytes(value);
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(&bytes))
}

/// The canonical encoding: type-tagged and length-prefixed, so two
/// different values never encode alike; integers as i128 little-endian
/// whatever their Rust type; struct and map entries with an empty value
/// left out.
pub fn canonical_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(4096);
    canonical_bytes_into(value, &mut out);
    out
}

/// [`canonical_bytes`] written into `out` (cleared first), to reuse one
/// buffer for many values.
pub fn canonical_bytes_into<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    out.clear();
    let mut c = canon::Canon {
        out: std::mem::take(out),
    };
    // the model holds only strings, integers, decimals (as strings) and
    // dates (as strings): serializing it cannot fail
    let _ = value.serialize(&mut c);
    *out = c.out;
}

mod canon {
    //! A serde serializer that writes the canonical encoding.
    use serde::ser::{self, Serialize};
    use std::fmt;

    #[derive(Debug)]
    pub struct Error(String);
    impl fmt::Display for Error {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }
    impl std::error::Error for Error {}
    impl ser::Error for Error {
        fn custom<T: fmt::Display>(msg: T) -> Self {
            Error(msg.to_string())
        }
    }

    pub struct Canon {
        pub out: Vec<u8>,
    }

    impl Canon {
        fn tag(&mut self, t: u8) {
            self.out.push(t);
        }
        fn str(&mut self, s: &str) {
            self.out.extend_from_slice(&(s.len() as u64).to_le_bytes());
            self.out.extend_from_slice(s.as_bytes());
        }
        fn int(&mut self, v: i128) -> Result<bool, Error> {
            self.tag(b'i');
            self.out.extend_from_slice(&v.to_le_bytes());
            Ok(false)
        }
    }

    /// A sequence, tuple, map or struct being written. `Ok(true)` from a
    /// serializer means "this value is empty".
    pub struct Compound<'a> {
        c: &'a mut Canon,
        any: bool,
        /// Where the current map entry starts, to drop it when its value
        /// is empty.
        mark: usize,
        /// A variant: never empty.
        variant: bool,
    }

    impl Compound<'_> {
        fn element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
            v.serialize(&mut *self.c)?;
            self.any = true;
            Ok(())
        }
        fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), Error> {
            let mark = self.c.out.len();
            self.c.tag(b'k');
            self.c.str(key);
            if v.serialize(&mut *self.c)? {
                self.c.out.truncate(mark);
            } else {
                self.any = true;
            }
            Ok(())
        }
        fn end(self, close: u8) -> Result<bool, Error> {
            self.c.tag(close);
            Ok(!self.any && !self.variant)
        }
    }

    impl<'a> ser::Serializer for &'a mut Canon {
        type Ok = bool;
        type Error = Error;
        type SerializeSeq = Compound<'a>;
        type SerializeTuple = Compound<'a>;
        type SerializeTupleStruct = Compound<'a>;
        type SerializeTupleVariant = Compound<'a>;
        type SerializeMap = Compound<'a>;
        type SerializeStruct = Compound<'a>;
        type SerializeStructVariant = Compound<'a>;

        fn serialize_bool(self, v: bool) -> Result<bool, Error> {
            self.tag(b'b');
            self.out.push(v as u8);
            Ok(!v)
        }
        fn serialize_i8(self, v: i8) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_i16(self, v: i16) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_i32(self, v: i32) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_i64(self, v: i64) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_i128(self, v: i128) -> Result<bool, Error> {
            self.int(v)
        }
        fn serialize_u8(self, v: u8) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_u16(self, v: u16) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_u32(self, v: u32) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_u64(self, v: u64) -> Result<bool, Error> {
            self.int(v as i128)
        }
        fn serialize_u128(self, v: u128) -> Result<bool, Error> {
            self.tag(b'u');
            self.out.extend_from_slice(&v.to_le_bytes());
            Ok(false)
        }
        fn serialize_f32(self, v: f32) -> Result<bool, Error> {
            self.serialize_f64(v as f64)
        }
        fn serialize_f64(self, v: f64) -> Result<bool, Error> {
            self.tag(b'f');
            self.out.extend_from_slice(&v.to_bits().to_le_bytes());
            Ok(false)
        }
        fn serialize_char(self, v: char) -> Result<bool, Error> {
            let mut buf = [0u8; 4];
            self.serialize_str(v.encode_utf8(&mut buf))
        }
        fn serialize_str(self, v: &str) -> Result<bool, Error> {
            self.tag(b's');
            self.str(v);
            Ok(v.is_empty())
        }
        fn serialize_bytes(self, v: &[u8]) -> Result<bool, Error> {
            self.tag(b'y');
            self.out.extend_from_slice(&(v.len() as u64).to_le_bytes());
            self.out.extend_from_slice(v);
            Ok(v.is_empty())
        }
        fn serialize_none(self) -> Result<bool, Error> {
            self.tag(b'n');
            Ok(true)
        }
        fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<bool, Error> {
            // Some(x) is x: a present value is told from None by its tag
            self.tag(b'S');
            value.serialize(&mut *self)?;
            Ok(false)
        }
        fn serialize_unit(self) -> Result<bool, Error> {
            self.tag(b'n');
            Ok(true)
        }
        fn serialize_unit_struct(self, _name: &'static str) -> Result<bool, Error> {
            self.serialize_unit()
        }
        fn serialize_unit_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
        ) -> Result<bool, Error> {
            self.tag(b'v');
            self.str(variant);
            Ok(false)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            value: &T,
        ) -> Result<bool, Error> {
            value.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            value: &T,
        ) -> Result<bool, Error> {
            self.tag(b'V');
            self.str(variant);
            value.serialize(&mut *self)?;
            Ok(false)
        }
        fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
            self.tag(b'[');
            Ok(Compound {
                c: self,
                any: false,
                mark: 0,
                variant: false,
            })
        }
        fn serialize_tuple(self, _len: usize) -> Result<Compound<'a>, Error> {
            self.tag(b'(');
            Ok(Compound {
                c: self,
                any: false,
                mark: 0,
                variant: false,
            })
        }
        fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a>, Error> {
            self.serialize_tuple(len)
        }
        fn serialize_tuple_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            _len: usize,
        ) -> Result<Compound<'a>, Error> {
            self.tag(b'T');
            self.str(variant);
            Ok(Compound {
                c: self,
                any: false,
                mark: 0,
                variant: true,
            })
        }
        fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a>, Error> {
            self.tag(b'{');
            Ok(Compound {
                c: self,
                any: false,
                mark: 0,
                variant: false,
            })
        }
        fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Compound<'a>, Error> {
            self.tag(b'{');
            Ok(Compound {
                c: self,
                any: false,
                mark: 0,
                variant: false,
            })
        }
        fn serialize_struct_variant(
            self,
            _name: &'static str,
            _index: u32,
            variant: &'static str,
            _len: usize,
        ) -> Result<Compound<'a>, Error> {
            self.tag(b'W');
            self.str(variant);
            Ok(Compound {
                c: self,
                any: false,
                mark: 0,
                variant: true,
            })
        }
    }

    impl ser::SerializeSeq for Compound<'_> {
        type Ok = bool;
        type Error = Error;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
            self.element(v)
        }
        fn end(self) -> Result<bool, Error> {
            Compound::end(self, b']')
        }
    }
    impl ser::SerializeTuple for Compound<'_> {
        type Ok = bool;
        type Error = Error;
        fn serialize_element<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
            self.element(v)
        }
        fn end(self) -> Result<bool, Error> {
            Compound::end(self, b')')
        }
    }
    impl ser::SerializeTupleStruct for Compound<'_> {
        type Ok = bool;
        type Error = Error;
        fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
            self.element(v)
        }
        fn end(self) -> Result<bool, Error> {
            Compound::end(self, b')')
        }
    }
    impl ser::SerializeTupleVariant for Compound<'_> {
        type Ok = bool;
        type Error = Error;
        fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
            self.element(v)
        }
        fn end(self) -> Result<bool, Error> {
            Compound::end(self, b')')
        }
    }
    impl ser::SerializeMap for Compound<'_> {
        type Ok = bool;
        type Error = Error;
        fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
            self.mark = self.c.out.len();
            self.c.tag(b'k');
            key.serialize(&mut *self.c)?;
            Ok(())
        }
        fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
            if v.serialize(&mut *self.c)? {
                self.c.out.truncate(self.mark);
            } else {
                self.any = true;
            }
            Ok(())
        }
        fn end(self) -> Result<bool, Error> {
            Compound::end(self, b'}')
        }
    }
    impl ser::SerializeStruct for Compound<'_> {
        type Ok = bool;
        type Error = Error;
        fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
            self.field(key, v)
        }
        fn end(self) -> Result<bool, Error> {
            Compound::end(self, b'}')
        }
    }
    impl ser::SerializeStructVariant for Compound<'_> {
        type Ok = bool;
        type Error = Error;
        fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, v: &T) -> Result<(), Error> {
            self.field(key, v)
        }
        fn end(self) -> Result<bool, Error> {
            Compound::end(self, b'}')
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The element-by-element hash of a list is the hash of the list's
    /// whole encoding (what fingerprints already in files were made with).
    #[test]
    fn a_list_hashed_element_by_element_hashes_as_the_whole_list() {
        let plan = crate::generate::generate(&crate::generate::GenerateOptions {
            schemes: 25,
            metrics: 7,
            risks: 9,
            signoffs: 3,
            years: 2,
            seed: 8,
        });
        assert_eq!(list_hash(&plan.schemes), canonical_hash(&plan.schemes));
        assert_eq!(list_hash(&plan.metrics), canonical_hash(&plan.metrics));
        assert_eq!(list_hash(&plan.risks), canonical_hash(&plan.risks));
        let none: Vec<crate::model::Risk> = Vec::new();
        assert_eq!(list_hash(&none), canonical_hash(&none));
        // and it tells lists apart
        assert_ne!(list_hash(&plan.schemes[1..]), list_hash(&plan.schemes));
    }

    #[test]
    fn placeholders() {
        for p in [
            "<Name of Signatory>",
            "<Job Title>",
            "<date>",
            "<Name of ccg>",
            "[local measure - please give full description]",
            "TBC",
            "tbc",
            "(TBC)",
            "TBC.",
            "tba",
            "TBD",
            "To be confirmed",
            "To be agreed 12 February 2014",
            "X March 2014",
            "x",
            "XX/XX/2014",
            "xxx",
            "dd/mm/yyyy",
            "N/A",
            "n/a",
            "?",
            "-",
            "...",
            "\u{2014}",
            "",
            "  ",
            "Name",
            "Date",
            "Position",
            "Job title",
            "Signature",
            "Insert name here",
            "Name of Chair",
            "Unknown",
            "Untitled plan",
        ] {
            assert!(is_placeholder(p), "{p:?} should be a placeholder");
        }
        for r in [
            "Roger Gough",
            "Chair of Health and Wellbeing Board",
            "Chair of the Health and Wellbeing Board",
            "Accountable Officer",
            "Clinical Chair",
            "Dr Xavier Smith",
            "Malcolm X",
            "Kent County Council",
            "Dartford Gravesham and Swanley",
            "NHS South Kent Coast CCG",
            "Director of Adult Social Services",
            "Hazel Carpenter",
            "Dr Darren Cocker",
            "Leader of the Council",
            "Corporate Director, Social Care, Health and Wellbeing",
            "Dr Nadia Names",
        ] {
            assert!(!is_placeholder(r), "{r:?} is real");
        }
    }

    fn signoff(name: &str, position: &str, date: Option<&str>, status: SignOffStatus) -> SignOff {
        SignOff {
            id: RecordId(1),
            organisation: "Swale".into(),
            org_type: OrgType::Ccg,
            name: name.into(),
            position: position.into(),
            date: date.and_then(DateField::from_input),
            status,
            required: true,
            ..Default::default()
        }
    }

    #[test]
    fn placeholder_problems_say_which_field() {
        let s = signoff(
            "<Name of Signatory>",
            "<Job Title>",
            Some("<date>"),
            SignOffStatus::Pending,
        );
        assert_eq!(
            placeholder_problems(&s),
            vec![
                "name is \u{201c}<Name of Signatory>\u{201d}".to_string(),
                "position is \u{201c}<Job Title>\u{201d}".to_string(),
                "date is \u{201c}<date>\u{201d}, not a date".to_string(),
            ]
        );
        assert_eq!(first_problem_field(&s), Some("name"));
        // pending with no date yet is fine
        let s = signoff("Roger Gough", "Chair", None, SignOffStatus::Pending);
        assert!(placeholder_problems(&s).is_empty());
        assert_eq!(first_problem_field(&s), None);
        // signed with no date is not
        let s = signoff("Roger Gough", "Chair", None, SignOffStatus::Signed);
        assert_eq!(placeholder_problems(&s), vec!["no date".to_string()]);
        assert_eq!(first_problem_field(&s), Some("date"));
        let s = signoff("", "Chair", Some("X March 2014"), SignOffStatus::Signed);
        assert_eq!(
            placeholder_problems(&s),
            vec![
                "no signatory name".to_string(),
                "date is \u{201c}X March 2014\u{201d}, not a date".to_string()
            ]
        );
    }

    #[test]
    fn states() {
        let plan = Plan::default();
        let fp = content_fingerprint(&plan);
        let mut s = signoff("Roger Gough", "Chair", Some("3/2/2014"), SignOffStatus::Pending);
        assert_eq!(signoff_state(&s, &fp), SignOffState::Pending);
        s.status = SignOffStatus::Declined;
        assert_eq!(signoff_state(&s, &fp), SignOffState::Declined);
        s.status = SignOffStatus::Signed;
        assert_eq!(signoff_state(&s, &fp), SignOffState::Unverified);
        s.signed_content = Some(fp.clone());
        assert_eq!(signoff_state(&s, &fp), SignOffState::Signed);
        let mut changed = plan.clone();
        changed.schemes.push(Default::default());
        let fp2 = content_fingerprint(&changed);
        assert_eq!(
            signoff_state(&s, &fp2),
            SignOffState::ChangedSince { parts: vec!["Schemes"] }
        );
        s.name = "TBC".into();
        assert!(matches!(signoff_state(&s, &fp), SignOffState::Incomplete { .. }));
    }

    #[test]
    fn org_keys_match_the_ways_organisations_are_written() {
        assert_eq!(org_key("NHS South Kent Coast CCG"), org_key("South Kent Coast"));
        assert_eq!(
            org_key("Kent Health & Well-being Board"),
            org_key("Kent Health and Wellbeing Board")
        );
        assert_eq!(org_key("Swale Clinical Commissioning Group"), org_key("NHS Swale CCG"));
        assert_ne!(
            org_key("Kent County Council"),
            org_key("Kent Health and Wellbeing Board")
        );
        assert_ne!(org_key("West Kent"), org_key("Kent"));
        assert_eq!(join_words(&["Schemes"]), "Schemes");
        assert_eq!(join_words(&["Plan", "Schemes", "Risks"]), "Plan, Schemes and Risks");
    }

    #[test]
    fn canonical_encoding_tells_values_apart_and_skips_empty_fields() {
        use crate::model::{Amount, Pence, YearBudget};
        let mut a = YearBudget::new("2015/16");
        let b = a.clone();
        assert_eq!(canonical_hash(&a), canonical_hash(&b));
        // Some(0) is not None
        a.declared_total = Some(Amount::Exact(Pence(0)));
        assert_ne!(canonical_hash(&a), canonical_hash(&b));
        // strings are length-prefixed: ("ab","c") differs from ("a","bc")
        assert_ne!(canonical_hash(&("ab", "c")), canonical_hash(&("a", "bc")));
        // an empty field encodes like a missing one
        #[derive(Serialize)]
        struct Old {
            name: String,
        }
        #[derive(Serialize)]
        struct New {
            name: String,
            added_later: String,
            flag: bool,
            list: Vec<u8>,
            maybe: Option<u8>,
        }
        let old = Old { name: "x".into() };
        let new = New {
            name: "x".into(),
            added_later: String::new(),
            flag: false,
            list: vec![],
            maybe: None,
        };
        assert_eq!(canonical_bytes(&old), canonical_bytes(&new));
        let used = New {
            added_later: "y".into(),
            ..new
        };
        assert_ne!(canonical_bytes(&old), canonical_bytes(&used));
    }
}
