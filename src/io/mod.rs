//! Reading and writing plan files (RON), with a format version, migration
//! of older files, refusal of newer ones, validation, and atomic saves.
//!
//! Nothing a file holds can make the loader panic, hang or exhaust memory:
//! files over [`MAX_FILE_BYTES`] and anything but plain files are refused
//! before reading, text must be UTF-8, nesting is limited, the number of
//! values is bounded before they are built ([`MAX_VALUES`]), and
//! [`validate`] refuses absurd content with a sentence saying where.

pub mod appdata;
pub mod clock;
pub mod fastron;
pub mod lock;
pub mod migrate;
pub mod recovery;
mod save;
pub mod textcheck;
mod userfile;
pub mod workspace;

pub use lock::{FileLock, LOCK_WAIT, WINDOW_LOCK_WAIT};
pub use save::{
    DiskState, FileStamp, PlanUpdate, SaveError, SaveStep, UpdateError, backup_path, checked_plan_text,
    describe_io_error, disk_state, open_for_update, save_path, save_path_locked, save_path_stamped,
    save_path_without_backup, save_text, save_text_with_hook, write_file_atomic,
};
pub use userfile::{ReadError, UserFile, open_user_file, read_user_file};

use crate::model::limits::{self, MAX_FILE_TEXT_CHARS};
use crate::model::{FORMAT_VERSION_READ, Plan};
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The most bracketed values (records, amounts, dates, options...) a file
/// may hold. A plan with 5,000 schemes has about 120,000; the bound stops a
/// small file of empty records from taking gigabytes of memory.
pub const MAX_VALUES: usize = 1_000_000;

/// How deep brackets may nest. A plan nests about 6 deep.
pub const MAX_NESTING: usize = 64;

/// Why a plan file could not be opened. Every variant reads as a sentence a
/// planning lead can act on.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The operating system refused (missing file, no permission...).
    Io {
        path: PathBuf,
        reason: String,
    },
    IsDirectory {
        path: PathBuf,
    },
    TooLarge {
        size: u64,
    },
    /// The bytes are not UTF-8 text (a binary or a file in another encoding).
    NotText {
        line: usize,
        col: usize,
    },
    /// Not a valid plan: RON syntax or a value of the wrong type.
    Parse {
        line: usize,
        col: usize,
        message: String,
    },
    /// Written by a newer opplan.
    NewerVersion {
        file: u32,
        supported: u32,
    },
    /// Parsed, but the content breaks a rule (duplicate ids, absurd values).
    Invalid(String),
    /// A device, a pipe or a socket rather than a file.
    NotAFile {
        path: PathBuf,
    },
    /// More values than any plan holds.
    TooManyValues {
        line: usize,
        col: usize,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, reason } => {
                write!(f, "Could not read {}: {reason}.", path.display())
            }
            LoadError::IsDirectory { path } => {
                write!(f, "{} is a folder, not a plan file.", path.display())
            }
            LoadError::NotAFile { path } => write!(
                f,
                "{} is not a file (it is a device, a pipe or a socket), so it cannot be a plan.",
                path.display()
            ),
            LoadError::TooLarge { size } => write!(
                f,
                "The file is {:.1} MB; plan files larger than {} MB are refused (this is not a plan file, or it is damaged).",
                *size as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
            LoadError::NotText { line, col } => write!(
                f,
                "Line {line}, column {col}: the file is not text (UTF-8). It may be a binary file, a spreadsheet, a file saved in another encoding, or damaged."
            ),
            LoadError::Parse { line, col, message } => {
                write!(f, "Line {line}, column {col}: {message}.")
            }
            LoadError::NewerVersion { file, supported } => write!(
                f,
                "This plan was saved by a newer version of opplan (file format {file}); this version reads formats up to {supported}. Update opplan to open it. The file has not been changed."
            ),
            LoadError::Invalid(msg) => f.write_str(msg),
            LoadError::TooManyValues { line, col } => write!(
                f,
                "Line {line}, column {col}: the file holds more than {} values; no plan is that large (it may be damaged or malicious).",
                group(MAX_VALUES as u64)
            ),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// Line and column, where the error has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::NotText { line, col }
            | LoadError::Parse { line, col, .. }
            | LoadError::TooManyValues { line, col } => Some((*line, *col)),
            _ => None,
        }
    }
}

fn group(n: u64) -> String {
    crate::model::money::group_thousands(n as u128)
}

/// Reads a plan file: refuses folders, devices and files over
/// [`MAX_FILE_BYTES`] before reading them, then [`load_bytes`].
pub fn load_path(path: &Path) -> Result<Plan, LoadError> {
    load_path_stamped(path).map(|(plan, _)| plan)
}

/// [`load_path`], also returning the file's [`FileStamp`] (to notice later
/// when someone else changes it).
pub fn load_path_stamped(path: &Path) -> Result<(Plan, FileStamp), LoadError> {
    let file = read_user_file(path, MAX_FILE_BYTES).map_err(|e| match e {
        ReadError::Io(e) => LoadError::Io {
            path: path.to_path_buf(),
            reason: describe_io_error(&e),
        },
        ReadError::IsDirectory => LoadError::IsDirectory {
            path: path.to_path_buf(),
        },
        // a pipe would block the read forever; /dev/zero never ends
        ReadError::NotAFile => LoadError::NotAFile {
            path: path.to_path_buf(),
        },
        ReadError::TooLarge { size } => LoadError::TooLarge { size },
    })?;
    let stamp = FileStamp::of_bytes(&file.bytes, Some(&file.meta));
    load_file_bytes(&file.bytes).map(|plan| (plan, stamp))
}

/// What [`load_path`] decides about a file holding `bytes`: the size cap,
/// then [`load_bytes`]. Saves run the text they are about to write through
/// it, so opplan never writes a file it would refuse.
pub fn load_file_bytes(bytes: &[u8]) -> Result<Plan, LoadError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    load_bytes(bytes)
}

/// Reads a plan from bytes: checks UTF-8, then [`load_str`].
pub fn load_bytes(bytes: &[u8]) -> Result<Plan, LoadError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
            let last_nl = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = 1 + String::from_utf8_lossy(&good[last_nl..]).chars().count();
            Err(LoadError::NotText { line, col })
        }
    }
}

/// Reads a plan from RON text: refuses a newer format, migrates an older
/// one, tolerates unknown fields, and validates the result.
///
/// A panic in the parser (none is known; the fuzz tests look for them)
/// becomes an error, so a damaged file can never close the window.
pub fn load_str(text: &str) -> Result<Plan, LoadError> {
    match std::panic::catch_unwind(|| load_str_inner(text)) {
        Ok(r) => r,
        Err(_) => Err(LoadError::Invalid(
            "The file could not be read: opplan met something it does not expect (please report this file). Nothing has been changed."
                .into(),
        )),
    }
}

/// [`load_str`] with `ron` alone, never the fast reader: what every load
/// gave before [`fastron`], kept for the tests that compare the two.
#[doc(hidden)]
pub fn load_str_ron_only(text: &str) -> Result<Plan, LoadError> {
    match std::panic::catch_unwind(|| load_str_with(text, Reader::RonOnly)) {
        Ok(r) => r,
        Err(_) => Err(LoadError::Invalid(
            "The file could not be read: opplan met something it does not expect (please report this file). Nothing has been changed."
                .into(),
        )),
    }
}

/// Which parser reads a plan's text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reader {
    /// [`fastron`] first; `ron` only when it gives up (the usual).
    FastFirst,
    /// `ron` alone.
    RonOnly,
}

fn load_str_inner(text: &str) -> Result<Plan, LoadError> {
    load_str_with(text, Reader::FastFirst)
}

fn load_str_with(text: &str, reader: Reader) -> Result<Plan, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Parse {
            line: 1,
            col: 1,
            message: "the file is empty".into(),
        });
    }
    if text.starts_with('\u{fffe}') || text.as_bytes().first() == Some(&0) {
        return Err(LoadError::NotText { line: 1, col: 1 });
    }
    check_shape(text)?;
    let version = match reader {
        Reader::FastFirst => migrate::detect_version(text),
        Reader::RonOnly => migrate::detect_version_ron_only(text),
    }
    .map_err(|e| not_a_plan(text, e))?;
    if version > FORMAT_VERSION_READ {
        return Err(LoadError::NewerVersion {
            file: version,
            supported: FORMAT_VERSION_READ,
        });
    }
    // the fast reader takes what opplan writes (and the usual hand edits)
    // and builds exactly what ron builds; anything else, and every error,
    // is ron's, with ron's message, line and column
    let fast = match reader {
        Reader::FastFirst => fastron::from_str::<Plan>(text, MAX_NESTING).ok(),
        Reader::RonOnly => None,
    };
    let plan: Plan = match fast {
        Some(plan) => plan,
        None => ron::Options::default()
            .with_recursion_limit(MAX_NESTING)
            .from_str(text)
            .map_err(parse_error)?,
    };
    let mut plan = migrate::migrate(plan, version);
    validate(&mut plan)?;
    Ok(plan)
}

/// One pass over the text before parsing: counts opening brackets (every
/// record, amount, option or list needs one) so a file of millions of
/// empty records is refused before it is built. Brackets inside texts are
/// counted too: it cannot be fooled by quotes, comments or raw strings,
/// and no real plan comes near the bound.
fn check_shape(text: &str) -> Result<(), LoadError> {
    // counted a block at a time (a sum the compiler turns into vector
    // instructions: a byte at a time was a fifth of an operating plan's
    // load); only the block where the count passes the bound is walked
    // byte by byte, to say where
    const BLOCK: usize = 1 << 16;
    let bytes = text.as_bytes();
    let is_open = |b: u8| matches!(b, b'(' | b'[' | b'{');
    let mut count = 0usize;
    for (n, block) in bytes.chunks(BLOCK).enumerate() {
        let opens = block.iter().map(|&b| u32::from(is_open(b))).sum::<u32>() as usize;
        if count + opens <= MAX_VALUES {
            count += opens;
            continue;
        }
        for (j, &b) in block.iter().enumerate() {
            if is_open(b) {
                count += 1;
                if count > MAX_VALUES {
                    let i = n * BLOCK + j;
                    let before = &text[..i];
                    let line = 1 + before.bytes().filter(|&c| c == b'\n').count();
                    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
                    let col = 1 + text[line_start..i].chars().count();
                    return Err(LoadError::TooManyValues { line, col });
                }
            }
        }
    }
    Ok(())
}

/// An error at the very start means this is some other kind of file: say
/// so, quoting how it starts.
fn not_a_plan(text: &str, e: ron::error::SpannedError) -> LoadError {
    use ron::Error as E;
    let at_start = e.span.start.line <= 1 && e.span.start.col <= 1;
    let wrong_start = matches!(
        e.code,
        E::ExpectedDifferentStructName { .. } | E::ExpectedNamedStructLike(_) | E::ExpectedStructLike
    );
    if at_start && wrong_start {
        let first: String = text.trim_start().chars().take(30).filter(|c| !c.is_control()).collect();
        return LoadError::Parse {
            line: 1,
            col: 1,
            message: format!(
                "this is not an opplan plan file: a plan starts with \u{201c}(\u{201d}, this file starts with \u{201c}{first}\u{201d}"
            ),
        };
    }
    parse_error(e)
}

fn parse_error(e: ron::error::SpannedError) -> LoadError {
    let message = describe_ron_error(&e.code);
    LoadError::Parse {
        line: e.span.start.line.max(1),
        col: e.span.start.col.max(1),
        message,
    }
}

/// What chrono says about a date or time it cannot read.
const CHRONO_MESSAGES: [&str; 7] = [
    "input contains invalid characters",
    "premature end of input",
    "input is out of range",
    "input is not enough for unique date and time",
    "trailing input",
    "no possible date and time matching input",
    "bad or unsupported format string",
];

fn describe_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early (it may have been cut off while saving or copying)".into(),
        E::ExceededRecursionLimit => {
            "the file is nested too deeply to be a plan (it may be damaged or malicious)".into()
        }
        E::ExpectedStringEnd => "a text in quotes is not closed: a closing \" is missing".into(),
        E::UnclosedBlockComment => "a comment opened with /* is never closed".into(),
        E::TrailingCharacters => {
            "there is more after the end of the plan (two plans pasted together, or stray text)".into()
        }
        E::IntegerOutOfBounds => "a number is too large (or negative where it cannot be)".into(),
        E::ExpectedIdentifier => "expected a field name (such as title:)".into(),
        E::ExpectedOption => {
            "this field holds an optional value, written Some(…) or None, and the file has something else here".into()
        }
        E::Message(m) if CHRONO_MESSAGES.contains(&m.as_str()) => {
            "not a valid date and time (written like \"2015-03-31T10:00:00\")".into()
        }
        other => {
            let s = other.to_string().replace(
                "a Decimal type representing a fixed-point number",
                "a number in quotes such as \"10.5\"",
            );
            let s = s.trim_end_matches('.');
            let mut c = s.chars();
            match c.next() {
                Some(first) => first.to_lowercase().collect::<String>() + c.as_str(),
                None => "not a valid plan file".into(),
            }
        }
    }
}

/// Checks rules serde cannot: ids unique, non-zero and at most
/// `limits::MAX_ID`, money within
/// ±£1,000,000,000,000, risk scores 1–5, metric figures and tolerances
/// sane, no text longer than [`MAX_FILE_TEXT_CHARS`]. Repairs `next_id`
/// when it is behind.
pub fn validate(plan: &mut Plan) -> Result<(), LoadError> {
    use std::collections::HashMap;
    let short = |s: &str| -> String {
        let mut t: String = s.chars().take(60).collect();
        if s.chars().count() > 60 {
            t.push('…');
        }
        t
    };
    // a record by kind (0 scheme, 1 metric, 2 risk, 3 sign-off) and
    // position, put into words only for an error
    let what = |kind: u8, i: usize| -> String {
        match kind {
            0 => format!("scheme {} \u{201c}{}\u{201d}", i + 1, short(&plan.schemes[i].name)),
            1 => format!("metric {} \u{201c}{}\u{201d}", i + 1, short(&plan.metrics[i].name)),
            2 => format!("risk {} \u{201c}{}\u{201d}", i + 1, short(&plan.risks[i].title)),
            4 => format!(
                "allocation line {} \u{201c}{}\u{201d}",
                i + 1,
                short(&plan.allocations[i].label)
            ),
            5 => format!(
                "finance year {} \u{201c}{}\u{201d}",
                i + 1,
                short(&plan.finance_years[i].year)
            ),
            6 => format!(
                "contribution {} \u{201c}{}\u{201d}",
                i + 1,
                short(&plan.contributions[i].organisation)
            ),
            7 => format!(
                "performance amount {} \u{201c}{}\u{201d}",
                i + 1,
                short(&plan.performance_amounts[i].metric)
            ),
            8 => plan.objectives[i].label(i).replacen("Objective", "objective", 1),
            9 => plan.sections[i].label(i).replacen("Section", "section", 1),
            10 => format!(
                "a milestone of scheme {} \u{201c}{}\u{201d}",
                i + 1,
                short(&plan.schemes[i].name)
            ),
            _ => format!(
                "sign-off {} \u{201c}{}\u{201d}",
                i + 1,
                short(&plan.signoffs[i].organisation)
            ),
        }
    };
    let ids = (plan
        .schemes
        .iter()
        .map(|r| r.id)
        .enumerate()
        .map(|(i, id)| (0u8, i, id)))
    .chain(plan.metrics.iter().map(|r| r.id).enumerate().map(|(i, id)| (1, i, id)))
    .chain(plan.risks.iter().map(|r| r.id).enumerate().map(|(i, id)| (2, i, id)))
    .chain(plan.signoffs.iter().map(|r| r.id).enumerate().map(|(i, id)| (3, i, id)))
    .chain(
        plan.allocations
            .iter()
            .map(|r| r.id)
            .enumerate()
            .map(|(i, id)| (4, i, id)),
    )
    .chain(
        plan.finance_years
            .iter()
            .map(|r| r.id)
            .enumerate()
            .map(|(i, id)| (5, i, id)),
    )
    .chain(
        plan.contributions
            .iter()
            .map(|r| r.id)
            .enumerate()
            .map(|(i, id)| (6, i, id)),
    )
    .chain(
        plan.performance_amounts
            .iter()
            .map(|r| r.id)
            .enumerate()
            .map(|(i, id)| (7, i, id)),
    )
    .chain(
        plan.objectives
            .iter()
            .map(|r| r.id)
            .enumerate()
            .map(|(i, id)| (8, i, id)),
    )
    .chain(plan.sections.iter().map(|r| r.id).enumerate().map(|(i, id)| (9, i, id)))
    .chain(
        plan.schemes
            .iter()
            .enumerate()
            .flat_map(|(i, s)| s.milestones.iter().map(move |m| (10, i, m.id))),
    );
    let mut seen: HashMap<u64, (u8, usize)> =
        HashMap::with_capacity(plan.schemes.len() + plan.metrics.len() + plan.risks.len() + plan.signoffs.len());
    for (kind, i, id) in ids {
        if id.0 == 0 {
            let what = what(kind, i);
            let mut w = what.chars();
            let what = w
                .next()
                .map(|c| c.to_uppercase().collect::<String>())
                .unwrap_or_default()
                + w.as_str();
            return Err(LoadError::Invalid(format!("{what} has no id (id 0).")));
        }
        if id.0 > limits::MAX_ID {
            return Err(LoadError::Invalid(format!(
                "The id of {} is {}, beyond the largest record id, {} (the file may be damaged).",
                what(kind, i),
                id.0,
                group(limits::MAX_ID)
            )));
        }
        if let Some((pk, pi)) = seen.insert(id.0, (kind, i)) {
            return Err(LoadError::Invalid(format!(
                "Two records share id {}: {} and {}. Each record needs its own id.",
                id.0,
                what(pk, pi),
                what(kind, i)
            )));
        }
    }
    let bad_amount = |a: &Option<crate::model::Amount>| a.is_some_and(|a| !a.in_bounds());
    for b in &plan.header.budgets {
        for (what, a) in [
            ("minimum required", &b.minimum_required),
            ("declared total", &b.declared_total),
        ] {
            if bad_amount(a) {
                return Err(LoadError::Invalid(format!(
                    "The {what} pooled budget for {} is beyond £1,000,000,000,000.",
                    short(&b.year)
                )));
            }
        }
    }
    for (i, s) in plan.schemes.iter().enumerate() {
        for y in &s.years {
            if y.amounts().iter().any(|a| bad_amount(a)) {
                return Err(LoadError::Invalid(format!(
                    "Scheme {} \u{201c}{}\u{201d} has an amount for {} beyond £1,000,000,000,000.",
                    i + 1,
                    short(&s.name),
                    short(&y.year)
                )));
            }
        }
    }
    if let Some(problem) = operating_problem(plan) {
        return Err(LoadError::Invalid(problem));
    }
    for (i, r) in plan.risks.iter().enumerate() {
        for (label, sc) in [
            ("current", &r.current),
            ("residual", &r.residual),
            ("target", &r.target),
        ] {
            if let Some(sc) = sc
                && !sc.is_valid()
            {
                return Err(LoadError::Invalid(format!(
                    "Risk {} \u{201c}{}\u{201d}: the {label} score needs likelihood and consequence from 1 to 5 (found {} and {}).",
                    i + 1,
                    short(&r.title),
                    sc.likelihood,
                    sc.consequence
                )));
            }
        }
    }
    if let Some(p) = limits::tolerance_problem(&plan.settings.amber_tolerance_pct) {
        return Err(LoadError::Invalid(format!(
            "The plan's amber tolerance ({}) is refused: {p}.",
            plan.settings.amber_tolerance_pct
        )));
    }
    for (i, m) in plan.metrics.iter().enumerate() {
        let what = || format!("Metric {} \u{201c}{}\u{201d}", i + 1, short(&m.name));
        if let Some(t) = &m.tolerance_pct
            && let Some(p) = limits::tolerance_problem(t)
        {
            return Err(LoadError::Invalid(format!(
                "{}: the amber tolerance ({t}) is refused: {p}.",
                what()
            )));
        }
        for p in &m.periods {
            if let Some(c) = p.target_change_pct
                && c.abs() > crate::model::Decimal::from(1000)
            {
                return Err(LoadError::Invalid(format!(
                    "{}: the target for \u{201c}{}\u{201d} is a change of {c}% from the baseline, beyond 1,000%.",
                    what(),
                    short(&p.label)
                )));
            }
        }
        // where each figure is, put into words only for an error
        let figures = m
            .baseline
            .iter()
            .map(|b| (None, "baseline", b))
            .chain(m.periods.iter().flat_map(|p| {
                [("target", &p.target), ("actual", &p.actual), ("forecast", &p.forecast)]
                    .into_iter()
                    .filter_map(move |(word, f)| f.as_ref().map(|f| (Some(&p.label), word, f)))
            }));
        for (label, word, f) in figures {
            let values = match f {
                crate::model::Figure::Value(v) => [Some(v), None],
                crate::model::Figure::Ratio { numerator, denominator } => [Some(numerator), Some(denominator)],
            };
            for v in values.into_iter().flatten() {
                if let Some(p) = limits::decimal_problem(v) {
                    let where_ = match label {
                        None => "the baseline".to_string(),
                        Some(l) => format!("the {word} for \u{201c}{}\u{201d}", short(l)),
                    };
                    return Err(LoadError::Invalid(format!(
                        "{}: {where_} ({v}) is refused: {p}.",
                        what()
                    )));
                }
            }
        }
    }
    if let Some(t) = textcheck::find_too_long(&*plan, MAX_FILE_TEXT_CHARS) {
        return Err(LoadError::Invalid(format!(
            "{} is {} characters long; a plan field holds at most {} (the file may be damaged).",
            describe_place(&t.path),
            group(t.chars as u64),
            group(MAX_FILE_TEXT_CHARS as u64)
        )));
    }
    // every id is at most MAX_ID (checked above), so this cannot wrap
    let max = plan.max_id();
    if plan.next_id <= max {
        plan.next_id = max.saturating_add(1);
    }
    Ok(())
}

/// The first operating-plan figure beyond the limits, in a sentence: an
/// amount beyond ±£1,000,000,000,000, a percentage that is not a sane
/// number, an activity change beyond ±1,000,000,000,000.
fn operating_problem(plan: &Plan) -> Option<String> {
    use crate::model::{Amount, Decimal, operating::MAX_ABS_ACTIVITY};
    // each record's name in words (`what`) is made only for an error: a
    // large operating plan has tens of thousands of records to look at
    let short = |s: &str| -> String { s.chars().take(60).collect() };
    let amount = |a: &Option<Amount>| a.is_some_and(|a| !a.in_bounds());
    let beyond = |what: String, field: &str| format!("{what}: the {field} is beyond £1,000,000,000,000.");
    let pct = |what: &dyn Fn() -> String, field: &str, d: &Option<Decimal>| {
        d.as_ref()
            .and_then(|d| limits::decimal_problem(d).map(|p| format!("{}: the {field} ({d}) is refused: {p}.", what())))
    };
    for (i, l) in plan.allocations.iter().enumerate() {
        let what = || format!("Allocation line {} \u{201c}{}\u{201d}", i + 1, short(&l.label));
        if amount(&l.amount) {
            return Some(beyond(what(), "amount"));
        }
        if let Some(p) = pct(&what, "growth percentage", &l.growth_pct) {
            return Some(p);
        }
    }
    for f in &plan.finance_years {
        let what = || format!("The finance of {}", short(&f.year));
        for (field, a) in [
            ("planned expenditure", &f.planned_expenditure),
            ("printed recurrent allocation", &f.declared_recurrent),
            ("printed total allocation", &f.declared_allocation),
            (
                "printed total of minimum contributions",
                &f.declared_minimum_contributions,
            ),
            (
                "printed total of actual contributions",
                &f.declared_actual_contributions,
            ),
            ("printed QIPP saving", &f.declared_qipp_saving),
            ("printed QIPP investment", &f.declared_qipp_investment),
            ("printed QIPP net saving", &f.declared_qipp_net),
        ] {
            if amount(a) {
                return Some(beyond(what(), field));
            }
        }
        for (field, d) in [
            ("surplus percentage", &f.surplus_pct),
            ("contingency percentage", &f.contingency_pct),
            ("demographic growth percentage", &f.demographic_growth_pct),
            ("trend growth percentage", &f.trend_growth_pct),
        ] {
            if let Some(p) = pct(&what, field, d) {
                return Some(p);
            }
        }
        if f.declared_qipp_activity
            .is_some_and(|a| a.unsigned_abs() > MAX_ABS_ACTIVITY.unsigned_abs())
        {
            return Some(format!(
                "{}: the printed QIPP activity change is beyond 1,000,000,000,000.",
                what()
            ));
        }
    }
    for (i, c) in plan.contributions.iter().enumerate() {
        let what = || format!("Contribution {} \u{201c}{}\u{201d}", i + 1, short(&c.organisation));
        for (field, a) in [("minimum contribution", &c.minimum), ("actual contribution", &c.actual)] {
            if amount(a) {
                return Some(beyond(what(), field));
            }
        }
    }
    for (i, p) in plan.performance_amounts.iter().enumerate() {
        let what = || format!("Performance amount {} \u{201c}{}\u{201d}", i + 1, short(&p.metric));
        for (field, a) in [
            ("pay-for-performance amount", &p.pay_for_performance),
            ("planned saving", &p.planned_savings),
            ("maximum support", &p.maximum_support),
        ] {
            if amount(a) {
                return Some(beyond(what(), field));
            }
        }
    }
    for (i, s) in plan.schemes.iter().enumerate() {
        for y in &s.qipp {
            let what = || {
                format!(
                    "Scheme {} \u{201c}{}\u{201d}, QIPP {}",
                    i + 1,
                    short(&s.name),
                    short(&y.year)
                )
            };
            for (field, a) in [("saving", &y.saving), ("investment", &y.investment)] {
                if amount(a) {
                    return Some(beyond(what(), field));
                }
            }
            for p in &y.points_of_delivery {
                if amount(&p.finance) {
                    return Some(beyond(what(), "finance change of a point of delivery"));
                }
                if p.activity
                    .is_some_and(|a| a.unsigned_abs() > MAX_ABS_ACTIVITY.unsigned_abs())
                {
                    return Some(format!(
                        "{}: the activity change at \u{201c}{}\u{201d} is beyond 1,000,000,000,000.",
                        what(),
                        short(&p.point_of_delivery)
                    ));
                }
            }
            if y.phasing.iter().any(|p| amount(&p.saving)) {
                return Some(beyond(what(), "saving of a month or quarter"));
            }
        }
    }
    None
}

/// "The description of scheme 3" from `["schemes", "#2", "description"]`.
fn describe_place(path: &[String]) -> String {
    let index = |s: &String| s.strip_prefix('#').and_then(|n| n.parse::<usize>().ok());
    let field = |p: &[String]| -> String {
        p.iter()
            .filter(|s| !s.starts_with('#'))
            .map(|s| s.replace('_', " "))
            .collect::<Vec<_>>()
            .join(" ")
    };
    match path {
        [kind, i, rest @ ..] if index(i).is_some() => {
            let n = index(i).unwrap_or(0) + 1;
            let record = match kind.as_str() {
                "schemes" => format!("scheme {n}"),
                "metrics" => format!("metric {n}"),
                "risks" => format!("risk {n}"),
                "signoffs" => format!("sign-off {n}"),
                "history" => format!("status change {n}"),
                "allocations" => format!("allocation line {n}"),
                "finance_years" => format!("finance year {n}"),
                "contributions" => format!("contribution {n}"),
                "performance_amounts" => format!("performance amount {n}"),
                other => format!("{} {n}", other.replace('_', " ")),
            };
            if rest.is_empty() {
                format!("The text of {record}")
            } else {
                format!("The {} of {record}", field(rest))
            }
        }
        _ if path.is_empty() => "A text".into(),
        _ => format!("The {}", field(path)),
    }
}

/// The canonical RON text of a plan: pretty, stable field order, one record
/// per block, four-space indents, a trailing newline; the format version
/// is [`Plan::written_version`] (a plan holding merge conflicts is written
/// as format 3, which older opplans refuse instead of dropping them).
///
/// Written by [`fastron`]'s writer, which writes byte for byte what `ron`'s
/// writer writes with the configuration of `ron_writer` below, or by
/// `ron`'s for anything the fast one leaves to it.
pub fn to_ron_string(plan: &Plan) -> String {
    // no copy with the version set: `Plan`'s `Serialize` writes
    // `written_version()` whatever `format_version` holds (the copy cost an
    // operating plan's save a third of its time)
    match fastron::to_string(plan) {
        Ok(mut out) => {
            out.push('\n');
            out
        }
        Err(_) => ron_writer(plan),
    }
}

/// [`to_ron_string`] with `ron`'s writer alone, never the fast one: kept
/// for the tests that compare the two.
#[doc(hidden)]
pub fn to_ron_string_ron_only(plan: &Plan) -> String {
    if plan.format_version != plan.written_version() {
        let mut copy = plan.clone();
        copy.format_version = plan.written_version();
        return ron_writer(&copy);
    }
    ron_writer(plan)
}

/// The canonical layout for `ron`'s pretty writer (what
/// [`fastron`] writes byte for byte).
pub(crate) fn canonical_config() -> ron::ser::PrettyConfig {
    ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
        .depth_limit(64)
}

/// `ron`'s pretty writer with the canonical layout: four-space indents,
/// `\n`, no struct names, a trailing newline.
fn ron_writer(plan: &Plan) -> String {
    let mut out = ron::ser::to_string_pretty(plan, canonical_config())
        .expect("a Plan always serializes: it holds only strings, integers and decimals");
    out.push('\n');
    out
}
