//! Crash recovery: while a plan has unsaved changes the app writes a copy
//! of it, every 30 seconds by default, to `DATA/recovery/`. A copy is a
//! normal plan file whose first line is a comment saying where the plan
//! lives and when the copy was written:
//!
//! ```text
//! // opplan recovery copy {"original":"/plans/kent.ron","pid":4711,"written":1767225600,"title":"Kent BCF"}
//! (
//!     format_version: 2,
//!     ...
//! ```
//!
//! A plan with a file has one slot named after a hash of its path, so
//! copies of the same plan replace each other; an untitled plan gets a slot
//! of its own. The copy is removed when the plan is saved or its changes
//! are discarded. On start, copies newer than their file are offered.

use super::{LoadError, SaveError};
use crate::model::Plan;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The sub-folder of the data folder holding recovery copies.
pub const FOLDER: &str = "recovery";
const MARK: &str = "// opplan recovery copy ";

/// What the first line of a copy says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CopyInfo {
    /// The plan's file; `None` for a plan never saved.
    pub original: Option<PathBuf>,
    /// The process that wrote it (a copy of a window still open is not
    /// offered to another window).
    pub pid: u32,
    /// Seconds since 1970 when it was written.
    pub written: u64,
    /// The plan's title, to recognise it.
    pub title: String,
}

/// A copy found on start.
#[derive(Clone, Debug, PartialEq)]
pub struct RecoveryCopy {
    /// The copy's own file.
    pub path: PathBuf,
    pub info: CopyInfo,
    /// When the plan's file was last changed, when it still exists.
    pub original_modified: Option<SystemTime>,
    /// The copy's size on disk.
    pub bytes: u64,
}

impl RecoveryCopy {
    /// "kent.ron" or "Untitled plan “Kent BCF”".
    pub fn name(&self) -> String {
        match &self.info.original {
            Some(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| p.display().to_string()),
            None => format!("Untitled plan \u{201c}{}\u{201d}", self.info.title),
        }
    }
    /// True when the plan's file still exists.
    pub fn original_exists(&self) -> bool {
        self.info.original.as_ref().is_some_and(|p| p.is_file())
    }
}

pub fn folder(data_dir: &Path) -> PathBuf {
    data_dir.join(FOLDER)
}

/// The slot of a plan: by its file's path, or a new one for an untitled
/// plan.
pub fn slot_for(data_dir: &Path, original: Option<&Path>) -> PathBuf {
    let dir = folder(data_dir);
    match original {
        Some(p) => {
            let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
            let hash = xxhash_rust::xxh3::xxh3_64(abs.as_os_str().as_encoded_bytes());
            dir.join(format!("plan-{hash:016x}.ron"))
        }
        None => {
            let nanos = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0);
            dir.join(format!("untitled-{}-{nanos}.ron", std::process::id()))
        }
    }
}

/// A slot of its own for a plan whose usual slot is taken (a copy the
/// user chose to decide about later, or another window on the same file).
pub fn unique_slot_for(data_dir: &Path, original: Option<&Path>) -> PathBuf {
    let usual = slot_for(data_dir, original);
    let stem = usual
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    usual.with_file_name(format!("{stem}-{}-{nanos}.ron", std::process::id()))
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The first line of a copy, saying whose it is.
fn info_line(plan: &Plan, original: Option<&Path>) -> String {
    let info = CopyInfo {
        original: original.map(|p| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())),
        pid: std::process::id(),
        written: now_secs(),
        title: plan.header.title.chars().take(200).collect(),
    };
    let line = serde_json::to_string(&info).unwrap_or_else(|_| "{}".into());
    format!("{MARK}{line}\n")
}

/// Writes a copy of `plan` to `slot` atomically (creating the folder),
/// once the loader has read its text back as this plan, like every plan
/// save: a copy that could not be opened again is refused, not written.
pub fn write_copy(slot: &Path, plan: &Plan, original: Option<&Path>) -> Result<(), SaveError> {
    let text = super::checked_plan_text(plan, &info_line(plan, original)).map_err(|reason| SaveError {
        path: slot.to_path_buf(),
        reason,
    })?;
    if let Some(dir) = slot.parent() {
        fs::create_dir_all(dir).map_err(|e| SaveError {
            path: dir.to_path_buf(),
            reason: super::describe_io_error(&e),
        })?;
    }
    super::write_file_atomic(slot, text.as_bytes()).map(|_| ())
}

/// Reads the info line of a copy (`None` when it is not a copy).
pub fn read_info(path: &Path) -> Option<CopyInfo> {
    let (f, _) = super::open_user_file(path, super::MAX_FILE_BYTES).ok()?;
    let mut head = Vec::new();
    f.take(64 * 1024).read_to_end(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    let line = text.lines().next()?;
    let json = line.strip_prefix(MARK)?;
    serde_json::from_str(json).ok()
}

/// Reads the plan a copy holds.
pub fn load_copy(path: &Path) -> Result<Plan, LoadError> {
    super::load_path(path)
}

/// Removes a copy (missing is fine).
pub fn remove(path: &Path) {
    let _ = fs::remove_file(path);
}

/// True when process `pid` is running (Linux; elsewhere always false, so
/// copies are offered).
pub fn pid_alive(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
}

/// The copies to offer on start, newest first. Copies older than their
/// plan's file (it was saved since) are removed; copies of windows still
/// open are left alone.
pub fn scan(data_dir: &Path) -> Vec<RecoveryCopy> {
    let Ok(entries) = fs::read_dir(folder(data_dir)) else {
        return Vec::new();
    };
    let me = std::process::id();
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("ron") || !path.is_file() {
            continue;
        }
        let Some(info) = read_info(&path) else { continue };
        if info.pid != me && pid_alive(info.pid) {
            continue;
        }
        let meta = entry.metadata().ok();
        let copy_time = meta.as_ref().and_then(|m| m.modified().ok());
        let original_modified = info
            .original
            .as_ref()
            .and_then(|p| fs::metadata(p).ok())
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok());
        if let (Some(copy), Some(orig)) = (copy_time, original_modified)
            && orig > copy
        {
            // the plan was saved after the copy was written
            remove(&path);
            continue;
        }
        out.push(RecoveryCopy {
            path,
            info,
            original_modified,
            bytes: meta.map_or(0, |m| m.len()),
        });
    }
    out.sort_by_key(|c| std::cmp::Reverse(c.info.written));
    out
}

/// "14:03 on 3 Feb 2026" in local time.
pub fn describe_time(secs: u64) -> String {
    use chrono::TimeZone;
    match chrono::Local.timestamp_opt(secs as i64, 0).single() {
        Some(t) => format!(
            "{} on {}",
            t.format("%H:%M"),
            crate::model::date::format_date(t.date_naive())
        ),
        None => "an unknown time".into(),
    }
}

/// "850 bytes", "12 KB", "3.4 MB": a copy's size in words.
pub fn describe_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * KB;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        // one decimal, rounded up, in whole numbers
        let tenths = (bytes.saturating_mul(10)).div_ceil(MB);
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_loads_as_a_plan_and_carries_its_info() {
        let dir = tempfile::tempdir().unwrap();
        let mut plan = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
        plan.header.title = "Kent \"BCF\"\nplan".into();
        let orig = dir.path().join("kent.ron");
        let slot = slot_for(dir.path(), Some(&orig));
        assert_eq!(slot, slot_for(dir.path(), Some(&orig)), "one slot per file");
        write_copy(&slot, &plan, Some(&orig)).unwrap();
        let info = read_info(&slot).unwrap();
        assert_eq!(info.original.as_deref(), Some(orig.as_path()));
        assert_eq!(info.pid, std::process::id());
        assert_eq!(load_copy(&slot).unwrap(), plan);
        let found = scan(dir.path());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name(), "kent.ron");
        assert!(!found[0].original_exists());
    }

    #[test]
    fn a_copy_older_than_its_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let plan = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
        let orig = dir.path().join("kent.ron");
        let slot = slot_for(dir.path(), Some(&orig));
        write_copy(&slot, &plan, Some(&orig)).unwrap();
        // the plan is saved afterwards
        let later = SystemTime::now() + std::time::Duration::from_secs(5);
        crate::io::save_path(&plan, &orig).unwrap();
        fs::File::options()
            .write(true)
            .open(&orig)
            .unwrap()
            .set_modified(later)
            .unwrap();
        assert!(scan(dir.path()).is_empty());
        assert!(!slot.exists());
    }

    #[test]
    fn sizes_read_as_words() {
        assert_eq!(describe_size(0), "0 bytes");
        assert_eq!(describe_size(1023), "1023 bytes");
        assert_eq!(describe_size(1024), "1 KB");
        assert_eq!(describe_size(12 * 1024 + 1), "13 KB");
        assert_eq!(describe_size(1024 * 1024), "1.0 MB");
        assert_eq!(describe_size(3 * 1024 * 1024 + 1), "3.1 MB");
        assert!(describe_size(u64::MAX).ends_with(" MB"), "no overflow");
    }
}
