//! Reading and writing plan files (RON), with a format version, migration
//! of older files, refusal of newer ones, validation, and atomic saves.

pub mod migrate;

use crate::model::{FORMAT_VERSION, Plan};
use std::fmt;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

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
            LoadError::TooLarge { size } => write!(
                f,
                "The file is {:.1} MB; plan files larger than {} MB are refused (this is not a plan file, or it is damaged).",
                *size as f64 / 1_048_576.0,
                MAX_FILE_BYTES / 1_048_576
            ),
            LoadError::NotText { line, col } => write!(
                f,
                "Line {line}, column {col}: the file is not text (UTF-8). It may be a binary file, a spreadsheet, or damaged."
            ),
            LoadError::Parse { line, col, message } => {
                write!(f, "Line {line}, column {col}: {message}.")
            }
            LoadError::NewerVersion { file, supported } => write!(
                f,
                "This plan was saved by a newer version of opplan (file format {file}); this version reads formats up to {supported}. Update opplan to open it. The file has not been changed."
            ),
            LoadError::Invalid(msg) => f.write_str(msg),
        }
    }
}

impl std::error::Error for LoadError {}

impl LoadError {
    /// Line and column, where the error has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            LoadError::NotText { line, col } | LoadError::Parse { line, col, .. } => Some((*line, *col)),
            _ => None,
        }
    }
}

/// Reads a plan file: refuses folders and files over [`MAX_FILE_BYTES`]
/// before reading them, then [`load_bytes`].
pub fn load_path(path: &Path) -> Result<Plan, LoadError> {
    let io_err = |e: std::io::Error| LoadError::Io {
        path: path.to_path_buf(),
        reason: describe_io_error(&e),
    };
    let meta = fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(LoadError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge { size: meta.len() });
    }
    let file = fs::File::open(path).map_err(io_err)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // never read more than the limit, even if the file grows meanwhile
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_err)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    load_bytes(&bytes)
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
pub fn load_str(text: &str) -> Result<Plan, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(LoadError::Parse {
            line: 1,
            col: 1,
            message: "the file is empty".into(),
        });
    }
    let version = migrate::detect_version(text).map_err(parse_error)?;
    if version > FORMAT_VERSION {
        return Err(LoadError::NewerVersion {
            file: version,
            supported: FORMAT_VERSION,
        });
    }
    let plan: Plan = ron::Options::default()
        .with_recursion_limit(64)
        .from_str(text)
        .map_err(parse_error)?;
    let mut plan = migrate::migrate(plan, version);
    validate(&mut plan)?;
    Ok(plan)
}

fn parse_error(e: ron::error::SpannedError) -> LoadError {
    let message = describe_ron_error(&e.code);
    LoadError::Parse {
        line: e.span.start.line.max(1),
        col: e.span.start.col.max(1),
        message,
    }
}

fn describe_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::Eof => "the file ends too early (it may have been cut off while saving or copying)".into(),
        E::ExceededRecursionLimit => {
            "the file is nested too deeply to be a plan (it may be damaged or malicious)".into()
        }
        other => {
            let s = other.to_string();
            let s = s.trim_end_matches('.');
            let mut c = s.chars();
            match c.next() {
                Some(first) => first.to_lowercase().collect::<String>() + c.as_str(),
                None => "not a valid plan file".into(),
            }
        }
    }
}

/// Checks rules serde cannot: ids unique and non-zero, money within bounds,
/// risk scores 1–5, metric values sane. Repairs `next_id` when it is behind.
pub fn validate(plan: &mut Plan) -> Result<(), LoadError> {
    use std::collections::HashMap;
    let mut seen: HashMap<u64, String> = HashMap::new();
    let mut check_id = |id: u64, what: String| -> Result<(), LoadError> {
        if id == 0 {
            return Err(LoadError::Invalid(format!("{what} has no id (id 0).")));
        }
        if let Some(prev) = seen.insert(id, what.clone()) {
            return Err(LoadError::Invalid(format!(
                "Two records share id {id}: {prev} and {what}. Each record needs its own id."
            )));
        }
        Ok(())
    };
    for (i, s) in plan.schemes.iter().enumerate() {
        check_id(s.id.0, format!("scheme {} \u{201c}{}\u{201d}", i + 1, s.name))?;
    }
    for (i, m) in plan.metrics.iter().enumerate() {
        check_id(m.id.0, format!("metric {} \u{201c}{}\u{201d}", i + 1, m.name))?;
    }
    for (i, r) in plan.risks.iter().enumerate() {
        check_id(r.id.0, format!("risk {} \u{201c}{}\u{201d}", i + 1, r.title))?;
    }
    for (i, s) in plan.signoffs.iter().enumerate() {
        check_id(s.id.0, format!("sign-off {} \u{201c}{}\u{201d}", i + 1, s.organisation))?;
    }
    let bad_amount = |a: &Option<crate::model::Amount>| a.is_some_and(|a| !a.in_bounds());
    for b in &plan.header.budgets {
        if bad_amount(&b.minimum_required) || bad_amount(&b.declared_total) {
            return Err(LoadError::Invalid(format!(
                "The pooled budget for {} is beyond £1,000,000,000,000.",
                b.year
            )));
        }
    }
    for (i, s) in plan.schemes.iter().enumerate() {
        for y in &s.years {
            if y.amounts().iter().any(|a| bad_amount(a)) {
                return Err(LoadError::Invalid(format!(
                    "Scheme {} \u{201c}{}\u{201d} has an amount for {} beyond £1,000,000,000,000.",
                    i + 1,
                    s.name,
                    y.year
                )));
            }
        }
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
                    r.title,
                    sc.likelihood,
                    sc.consequence
                )));
            }
        }
    }
    let max = plan.max_id();
    if plan.next_id <= max {
        plan.next_id = max + 1;
    }
    Ok(())
}

/// The canonical RON text of a plan: pretty, stable field order, one record
/// per block, four-space indents, a trailing newline.
pub fn to_ron_string(plan: &Plan) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(false)
        .separate_tuple_members(false)
        .enumerate_arrays(false)
        .compact_arrays(false)
        .depth_limit(64);
    let mut out = ron::ser::to_string_pretty(plan, config)
        .expect("a Plan always serializes: it holds only strings, integers and decimals");
    out.push('\n');
    out
}

/// Why a save failed. The file on disk is left as it was.
#[derive(Debug, Clone, PartialEq)]
pub struct SaveError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for SaveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Could not save {}: {}. The file on disk has not been changed.",
            self.path.display(),
            self.reason
        )
    }
}

impl std::error::Error for SaveError {}

/// Plain words for the I/O errors people meet.
pub fn describe_io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "the file or folder does not exist".into(),
        K::PermissionDenied => "permission denied".into(),
        K::StorageFull => "the disk is full".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        K::IsADirectory => "it is a folder".into(),
        _ => e.to_string(),
    }
}

/// Saves atomically: writes a temporary file in the same folder, flushes
/// and syncs it, keeps the previous file as `NAME.bak`, then renames the
/// temporary file over the target. On failure the target is untouched.
pub fn save_path(plan: &Plan, path: &Path) -> Result<(), SaveError> {
    save_text(&to_ron_string(plan), path)
}

/// The `.bak` path kept beside a plan: `kent.ron` → `kent.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// Writes `text` to `path` atomically (see [`save_path`]).
pub fn save_text(text: &str, path: &Path) -> Result<(), SaveError> {
    let fail = |reason: String| SaveError {
        path: path.to_path_buf(),
        reason,
    };
    if path.is_dir() {
        return Err(fail("that is a folder".into()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("the folder {} does not exist", dir.display())));
    }
    let name = path
        .file_name()
        .ok_or_else(|| fail("no file name".into()))?
        .to_string_lossy()
        .into_owned();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        if path.exists() {
            let bak = backup_path(path);
            let bak_tmp = dir.join(format!(".{name}.{}.baktmp", std::process::id()));
            fs::copy(path, &bak_tmp)?;
            fs::File::open(&bak_tmp)?.sync_all()?;
            fs::rename(&bak_tmp, &bak)?;
        }
        fs::rename(&tmp, path)?;
        if let Ok(d) = fs::File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    match result {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(fail(describe_io_error(&e)))
        }
    }
}
