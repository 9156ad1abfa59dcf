//! Atomic saving, the `.bak` copy, the check that opplan can open what it
//! writes, and what the app remembers about a file on disk to notice when
//! someone else changed it.
//!
//! **Never write what cannot be read.** A plan is turned into its text,
//! and that exact text is run through the loader ([`super::load_file_bytes`]:
//! the size cap, then [`super::load_str`] with all its checks) and compared
//! with the plan (what the loader repairs, the next id, aside) before
//! anything is written. A plan the loader would refuse is refused with the
//! loader's own sentence naming the record and field, and the plan in
//! memory stays as it is. Every plan save takes this path: the window's
//! Save and Save As, recovery copies, `fmt`, `import` and `generate`.
//!
//! **The write** ([`write_file_atomic`] and the plan saves built on it; the
//! one function every file opplan writes goes through: plans, `.bak`
//! copies, recovery copies, preferences, CSV, Excel and HTML exports):
//! 1. the lock `.NAME.opplan-lock` is taken (see [`super::lock`]); a plan
//!    that is read-only on disk is refused; temporary files of opplan's
//!    naming left by a crash are removed (under the lock none can be in
//!    use, whatever its age);
//! 2. the new text goes to a new hidden temporary file in the same folder,
//!    created exclusively (it never opens an existing file or follows a
//!    link), flushed and synced to the disk;
//! 3. plans only: the file as it is on disk is copied to a second such
//!    temporary file, synced, and renamed over `NAME.bak`;
//! 4. the temporary file is renamed over `NAME` (a rename within one folder
//!    replaces the name in one step: readers see the old file or the new
//!    one, never a mix);
//! 5. the folder is synced, so the rename itself survives a power cut; the
//!    lock is let go and its file removed.
//!
//! A failure (or a crash) before step 4 leaves `NAME` as it was; after
//! step 4 `NAME` is the new, complete file.
//!
//! **Files opplan makes beside `NAME`** (`NAME` cut to 120 bytes in the
//! hidden names, so they fit any file system):
//! - `NAME.bak`: the previous version of a plan;
//! - `.NAME.opplan-PID-N-RANDOM.tmp`: the new text before its rename (PID
//!   the process, N a counter, RANDOM 16 hex digits);
//! - `.NAME.opplan-PID-N-RANDOM.baktmp`: the copy for `NAME.bak` before
//!   its rename;
//! - `.NAME.opplan-lock`: the lock, there only while it is held (one left
//!   by a killed process is reused and removed by the next save).
//!
//! Temporary files of older opplans (`.NAME.PID.tmp`, `.NAME.PID.baktmp`,
//! `.NAME.opplan-tmp`) are removed like the current ones. Temporary files
//! are hidden and never read as plans.

use super::lock::{FileLock, LOCK_WAIT, name_part};
use super::userfile::{ReadError, read_user_file};
use super::{LoadError, MAX_FILE_BYTES, MAX_VALUES};
use crate::model::Plan;
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

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
        K::PermissionDenied => {
            "permission denied (the file or its folder is read-only, or belongs to someone else)".into()
        }
        K::StorageFull => "the disk is full".into(),
        K::QuotaExceeded => "the disk quota is used up".into(),
        K::ReadOnlyFilesystem => "the disk is read-only".into(),
        K::IsADirectory => "it is a folder".into(),
        K::NotADirectory => "a part of the path is a file, not a folder".into(),
        K::FileTooLarge => "the file is too large for this disk".into(),
        K::InvalidFilename => "the file name is not allowed here".into(),
        K::CrossesDevices => "the temporary file ended up on another disk".into(),
        _ => e.to_string(),
    }
}

/// What the app knows about a plan file on disk when it opened or saved
/// it: its size, modification time and a hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub size: u64,
    pub modified: Option<SystemTime>,
    /// xxh3 of the bytes.
    pub hash: u64,
}

impl FileStamp {
    pub fn of_bytes(bytes: &[u8], meta: Option<&fs::Metadata>) -> Self {
        FileStamp {
            size: bytes.len() as u64,
            modified: meta.and_then(|m| m.modified().ok()),
            hash: xxhash_rust::xxh3::xxh3_64(bytes),
        }
    }
}

/// The file on disk compared with what the app last read or wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiskState {
    /// Same bytes (the time may have moved, e.g. a sync tool touched it).
    Unchanged,
    /// Different bytes: someone else saved it.
    Changed(FileStamp),
    /// The file is gone (moved, renamed or deleted).
    Missing,
    /// It cannot be read now (permission, a folder...): the reason.
    Unreadable(String),
}

/// Compares the file at `path` with `known`. Reads and hashes the file
/// (at most [`super::MAX_FILE_BYTES`]), so an edit that keeps the size and
/// the time is still seen.
pub fn disk_state(path: &Path, known: &FileStamp) -> DiskState {
    match read_user_file(path, MAX_FILE_BYTES) {
        Ok(f) => {
            let now = FileStamp::of_bytes(&f.bytes, Some(&f.meta));
            if now.hash == known.hash && now.size == known.size {
                DiskState::Unchanged
            } else {
                DiskState::Changed(now)
            }
        }
        Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => DiskState::Missing,
        Err(ReadError::Io(e)) => DiskState::Unreadable(describe_io_error(&e)),
        Err(ReadError::IsDirectory | ReadError::NotAFile) => {
            DiskState::Unreadable("it is no longer a plain file".into())
        }
        Err(ReadError::TooLarge { size }) => DiskState::Changed(FileStamp {
            size,
            modified: fs::metadata(path).and_then(|m| m.modified()).ok(),
            hash: 0,
        }),
    }
}

/// The `.bak` path kept beside a plan: `kent.ron` → `kent.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// The steps of a save, in order. A test hook runs before each one and can
/// make it fail, to prove a failure at any step leaves the file whole.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStep {
    /// Create the temporary file.
    CreateTemp,
    /// Write the text into it.
    WriteTemp,
    /// Flush and sync it to the disk.
    SyncTemp,
    /// Copy the current file to `NAME.bak`.
    Backup,
    /// Rename the temporary file over the target.
    Rename,
    /// Sync the folder. A failure here is not an error: the file is saved;
    /// some file systems cannot sync a folder.
    SyncFolder,
}

impl SaveStep {
    pub const ALL: [SaveStep; 6] = [
        SaveStep::CreateTemp,
        SaveStep::WriteTemp,
        SaveStep::SyncTemp,
        SaveStep::Backup,
        SaveStep::Rename,
        SaveStep::SyncFolder,
    ];
}

/// Saves a plan atomically (see the module notes), keeping the previous
/// file as `NAME.bak`. Refuses, writing nothing, a plan opplan could not
/// open again.
pub fn save_path(plan: &Plan, path: &Path) -> Result<(), SaveError> {
    save_path_stamped(plan, path).map(|_| ())
}

/// [`save_path`], returning the stamp of the file written.
pub fn save_path_stamped(plan: &Plan, path: &Path) -> Result<FileStamp, SaveError> {
    // checked before the lock is taken: others wait for the write only
    let text = plan_text(plan, path)?;
    let lock = FileLock::acquire(path, LOCK_WAIT)?;
    write_locked(&lock, text.as_bytes(), true, &mut |_| Ok(()))
}

/// [`save_path`] without the `NAME.bak` copy (`opplan merge --no-backup`:
/// git's merge driver writes over git's own temporary file, and git keeps
/// the history).
pub fn save_path_without_backup(plan: &Plan, path: &Path) -> Result<FileStamp, SaveError> {
    let text = plan_text(plan, path)?;
    let lock = FileLock::acquire(path, LOCK_WAIT)?;
    write_locked(&lock, text.as_bytes(), false, &mut |_| Ok(()))
}

/// [`save_path`] under a lock already held (a read-modify-write, or the
/// window's check of the disk then its save).
pub fn save_path_locked(plan: &Plan, lock: &FileLock) -> Result<FileStamp, SaveError> {
    let text = plan_text(plan, lock.path())?;
    write_locked(lock, text.as_bytes(), true, &mut |_| Ok(()))
}

/// [`checked_plan_text`] for saving to `path`.
fn plan_text(plan: &Plan, path: &Path) -> Result<String, SaveError> {
    checked_plan_text(plan, "").map_err(|reason| SaveError {
        path: path.to_path_buf(),
        reason,
    })
}

/// Writes plan text to `path` atomically, keeping the previous file as
/// `NAME.bak`; refuses text the loader refuses. On failure the file at
/// `path` is untouched.
pub fn save_text(text: &str, path: &Path) -> Result<FileStamp, SaveError> {
    save_text_with_hook(text, path, &mut |_| Ok(()))
}

/// [`save_text`] with a hook run before each [`SaveStep`]; an error from
/// the hook fails that step (tests simulate a full disk or a crash).
pub fn save_text_with_hook(
    text: &str,
    path: &Path,
    hook: &mut dyn FnMut(SaveStep) -> std::io::Result<()>,
) -> Result<FileStamp, SaveError> {
    let fail = |reason: String| SaveError {
        path: path.to_path_buf(),
        reason,
    };
    if let Err(e) = super::load_file_bytes(text.as_bytes()) {
        return Err(fail(refusal(&e, None)));
    }
    let lock = FileLock::acquire(path, LOCK_WAIT)?;
    write_locked(&lock, text.as_bytes(), true, hook)
}

/// Writes `bytes` to `path` atomically, without a `.bak` copy: exports,
/// recovery copies, preferences. Takes the lock of `path` for the write.
pub fn write_file_atomic(path: &Path, bytes: &[u8]) -> Result<FileStamp, SaveError> {
    let lock = FileLock::acquire(path, LOCK_WAIT)?;
    write_locked(&lock, bytes, false, &mut |_| Ok(()))
}

/// A plan file opened to be written back (`fmt`, `import`): locked from
/// before it is read until it is saved, so no other opplan writes it in
/// between, and checked on saving to be still the file that was read (a
/// program that does not lock may have changed it).
#[derive(Debug)]
pub struct PlanUpdate {
    lock: FileLock,
    stamp: FileStamp,
}

/// Why a plan could not be opened for an update.
#[derive(Debug)]
pub enum UpdateError {
    /// It could not be locked (another opplan writes it, or its folder is
    /// read-only).
    Lock(SaveError),
    /// It could not be read.
    Load(LoadError),
}

/// Locks the plan at `path` (waiting at most `wait` for another opplan to
/// finish with it), then reads it.
pub fn open_for_update(path: &Path, wait: Duration) -> Result<(Plan, PlanUpdate), UpdateError> {
    // what is not a plan file is reported as the loader reports it, and
    // nothing is made beside it
    if !fs::metadata(path).is_ok_and(|m| m.is_file())
        && let Err(e) = super::load_path(path)
    {
        return Err(UpdateError::Load(e));
    }
    let lock = FileLock::acquire(path, wait).map_err(UpdateError::Lock)?;
    let (plan, stamp) = super::load_path_stamped(path).map_err(UpdateError::Load)?;
    Ok((plan, PlanUpdate { lock, stamp }))
}

impl PlanUpdate {
    /// The path as named.
    pub fn path(&self) -> &Path {
        self.lock.path()
    }

    /// Saves `plan` (checked as every plan save is) if the file on disk is
    /// still the one that was read; then lets go of the lock.
    pub fn save(self, plan: &Plan) -> Result<FileStamp, SaveError> {
        self.save_keeping(plan, true)
    }

    /// [`PlanUpdate::save`] without the `NAME.bak` copy (see
    /// [`save_path_without_backup`]).
    pub fn save_without_backup(self, plan: &Plan) -> Result<FileStamp, SaveError> {
        self.save_keeping(plan, false)
    }

    fn save_keeping(self, plan: &Plan, backup: bool) -> Result<FileStamp, SaveError> {
        let fail = |reason: String| SaveError {
            path: self.lock.path().to_path_buf(),
            reason,
        };
        match disk_state(self.lock.path(), &self.stamp) {
            DiskState::Unchanged => {}
            DiskState::Changed(_) => {
                return Err(fail(
                    "another program changed it since opplan read it, so writing now would lose that change; run the command again"
                        .into(),
                ));
            }
            DiskState::Missing => {
                return Err(fail(
                    "it was moved or deleted since opplan read it; run the command again".into(),
                ));
            }
            DiskState::Unreadable(reason) => return Err(fail(reason)),
        }
        let text = plan_text(plan, self.lock.path())?;
        write_locked(&self.lock, text.as_bytes(), backup, &mut |_| Ok(()))
    }
}

/// Writes under `lock` (see the module notes for the steps).
fn write_locked(
    lock: &FileLock,
    bytes: &[u8],
    keep_backup: bool,
    hook: &mut dyn FnMut(SaveStep) -> std::io::Result<()>,
) -> Result<FileStamp, SaveError> {
    let fail = |reason: String| SaveError {
        path: lock.path().to_path_buf(),
        reason,
    };
    let target = lock.target();
    let existing = match fs::metadata(target) {
        Ok(m) if m.is_dir() => return Err(fail("that is a folder".into())),
        Ok(m) if !m.is_file() => return Err(fail("that is not a plain file".into())),
        Ok(m) => Some(m),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(fail(describe_io_error(&e))),
    };
    if let Some(m) = &existing
        && !may_write(target, m)
    {
        return Err(fail(
            "it is read-only on disk (its permissions do not let you change it): make it writable first, or save under another name"
                .into(),
        ));
    }
    let (dir, name) = (lock.dir(), lock.name());
    remove_stale_temporaries(dir, name);
    let mut made: Vec<PathBuf> = Vec::new();
    let result = (|| -> std::io::Result<()> {
        hook(SaveStep::CreateTemp)?;
        let (tmp, mut f) = create_temp(dir, name, "tmp")?;
        made.push(tmp.clone());
        if let Some(m) = &existing {
            // keep the file's permissions (a shared plan stays shared)
            let _ = f.set_permissions(m.permissions());
        }
        hook(SaveStep::WriteTemp)?;
        f.write_all(bytes)?;
        hook(SaveStep::SyncTemp)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        if let Some(m) = existing.as_ref().filter(|_| keep_backup) {
            hook(SaveStep::Backup)?;
            let (bak_tmp, mut out) = create_temp(dir, name, "baktmp")?;
            made.push(bak_tmp.clone());
            let _ = out.set_permissions(m.permissions());
            std::io::copy(&mut fs::File::open(target)?, &mut out)?;
            out.sync_all()?;
            drop(out);
            fs::rename(&bak_tmp, backup_path(target))?;
            made.pop();
        }
        hook(SaveStep::Rename)?;
        fs::rename(&tmp, target)?;
        made.clear();
        Ok(())
    })();
    if let Err(e) = result {
        for t in &made {
            let _ = fs::remove_file(t);
        }
        return Err(fail(describe_io_error(&e)));
    }
    // the file is saved; syncing the folder makes the rename durable
    if hook(SaveStep::SyncFolder).is_ok()
        && let Ok(d) = fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    let meta = fs::metadata(target).ok();
    Ok(FileStamp::of_bytes(bytes, meta.as_ref()))
}

/// False when the file is read-only on disk: no write permission bit at
/// all (refused even for an administrator, who could write it anyway), or
/// the permissions do not let this user open it for writing (the rename
/// would replace it, since that needs only the folder to be writable).
fn may_write(target: &Path, meta: &fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return false;
    }
    // opening for writing without truncating changes nothing
    !matches!(
        fs::OpenOptions::new().write(true).open(target),
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied
    )
}

/// Creates a file that did not exist (`O_EXCL`: never an existing file,
/// never through a link).
pub(crate) fn create_exclusive(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new().write(true).create_new(true).open(path)
}

/// Creates a new temporary file `.NAME.opplan-PID-N-RANDOM.KIND` in `dir`.
fn create_temp(dir: &Path, name: &str, kind: &str) -> std::io::Result<(PathBuf, fs::File)> {
    use std::hash::BuildHasher;
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut last = None;
    for _ in 0..8 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        // randomly keyed per process: a name nobody can plant in advance
        let random = std::collections::hash_map::RandomState::new().hash_one((n, SystemTime::now()));
        let path = dir.join(format!(
            ".{}.opplan-{}-{n}-{random:016x}.{kind}",
            name_part(name),
            std::process::id()
        ));
        match create_exclusive(&path) {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no temporary file could be made")))
}

/// True for the name of a temporary file opplan makes (or made, in older
/// versions) while writing `name`.
fn is_our_temporary(file: &str, name: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    let strip_kind = |s: &'_ str| -> Option<String> {
        s.strip_suffix(".tmp")
            .or_else(|| s.strip_suffix(".baktmp"))
            .map(str::to_string)
    };
    let owned = |part: &str| -> Option<String> {
        file.strip_prefix('.')?
            .strip_prefix(part)?
            .strip_prefix('.')
            .map(str::to_string)
    };
    if let Some(rest) = owned(name_part(name))
        && let Some(r) = rest.strip_prefix("opplan-")
        && let Some(stem) = strip_kind(r)
    {
        let parts: Vec<&str> = stem.split('-').collect();
        if let [pid, n, random] = parts[..]
            && digits(pid)
            && digits(n)
            && hex(random)
        {
            return true;
        }
    }
    // older opplans: `.NAME.PID.tmp`, `.NAME.PID.baktmp`, `.NAME.opplan-tmp`
    owned(name).is_some_and(|rest| rest == "opplan-tmp" || strip_kind(&rest).is_some_and(|pid| digits(&pid)))
}

/// Removes the temporary files of opplan's naming left beside `name` by a
/// write that crashed. Called under the lock, so none is in use.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        if !is_our_temporary(n, name) {
            continue;
        }
        // a file or a link (removing a link leaves what it points at)
        if entry.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The text `plan` is saved as (after `first_line`, which recovery copies
/// use), once the loader has read that exact text back as this plan.
/// Else why not, as the end of "Could not save PATH: …".
pub fn checked_plan_text(plan: &Plan, first_line: &str) -> Result<String, String> {
    let mut text = String::from(first_line);
    text.push_str(&super::to_ron_string(plan));
    match super::load_file_bytes(text.as_bytes()) {
        Ok(back) => match difference(plan, &back) {
            None => Ok(text),
            Some(part) => Err(format!(
                "reading the file back would not give this plan exactly ({part} would differ); this is a fault in opplan, please report it"
            )),
        },
        Err(e) => Err(refusal(&e, Some(plan))),
    }
}

/// Why a text the loader refuses is not written, as a sentence a
/// planning lead can act on.
fn refusal(e: &LoadError, plan: Option<&Plan>) -> String {
    let holds = plan
        .map(|p| format!(" (it has {})", record_counts(p)))
        .unwrap_or_default();
    match e {
        LoadError::TooLarge { size } => format!(
            "the plan would make a file of {:.1} MB, and opplan opens plan files of at most {} MB; split it into smaller plans or remove records{holds}",
            *size as f64 / 1_048_576.0,
            MAX_FILE_BYTES / 1_048_576
        ),
        LoadError::TooManyValues { .. } => format!(
            "the plan would hold more than {} values (records, amounts, dates and lists), more than opplan opens; split it into smaller plans or remove records{holds}",
            crate::model::money::group_thousands(MAX_VALUES as u128)
        ),
        LoadError::Invalid(msg) => {
            let msg = msg.trim_end_matches('.').trim_end_matches(" (the file may be damaged)");
            format!("{}, so opplan could not open the file again", lower_first(msg))
        }
        other => format!(
            "opplan could not read the file back ({}); this is a fault in opplan, please report it",
            other.to_string().trim_end_matches('.')
        ),
    }
}

/// "5,000 schemes, 1,000 metrics, 1,000 risks and 50 sign-offs".
fn record_counts(plan: &Plan) -> String {
    let n = |len: usize, one: &str, many: &str| {
        format!(
            "{} {}",
            crate::model::money::group_thousands(len as u128),
            if len == 1 { one } else { many }
        )
    };
    format!(
        "{}, {}, {} and {}",
        n(plan.schemes.len(), "scheme", "schemes"),
        n(plan.metrics.len(), "metric", "metrics"),
        n(plan.risks.len(), "risk", "risks"),
        n(plan.signoffs.len(), "sign-off", "sign-offs")
    )
}

/// "The description…" → "the description…" (a word in capitals stays).
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match (c.next(), c.clone().next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().collect::<String>() + c.as_str()
        }
        _ => s.to_string(),
    }
}

/// The first part of `back` (the plan read back) that differs from
/// `plan`, in words; `None` when they are the same, apart from what the
/// loader repairs (a next id behind the ids in use).
fn difference(plan: &Plan, back: &Plan) -> Option<String> {
    fn first<T: PartialEq>(a: &[T], b: &[T], word: &str) -> Option<String> {
        if a.len() != b.len() {
            return Some(format!("the number of {word}s"));
        }
        a.iter()
            .zip(b)
            .position(|(x, y)| x != y)
            .map(|i| format!("{word} {}", i + 1))
    }
    if plan.format_version != back.format_version {
        return Some("the format version".into());
    }
    if plan.header != back.header {
        return Some("the plan's details".into());
    }
    if plan.settings != back.settings {
        return Some("the plan's settings".into());
    }
    first(&plan.schemes, &back.schemes, "scheme")
        .or_else(|| first(&plan.metrics, &back.metrics, "metric"))
        .or_else(|| first(&plan.risks, &back.risks, "risk"))
        .or_else(|| first(&plan.signoffs, &back.signoffs, "sign-off"))
        .or_else(|| first(&plan.allocations, &back.allocations, "allocation line"))
        .or_else(|| first(&plan.finance_years, &back.finance_years, "finance year"))
        .or_else(|| first(&plan.contributions, &back.contributions, "contribution"))
        .or_else(|| {
            first(
                &plan.performance_amounts,
                &back.performance_amounts,
                "performance amount",
            )
        })
        .or_else(|| first(&plan.history, &back.history, "status change"))
        .or_else(|| first(&plan.conflicts, &back.conflicts, "merge conflict"))
        .or_else(|| (plan.next_id != back.next_id && plan.next_id > plan.max_id()).then(|| "the next record id".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporaries_of_our_naming_are_told_apart() {
        for ours in [
            ".plan.ron.opplan-4711-3-00ff12ab34cd56ef.tmp",
            ".plan.ron.opplan-1-0-a.baktmp",
            ".plan.ron.4711.tmp",
            ".plan.ron.4711.baktmp",
            ".plan.ron.opplan-tmp",
        ] {
            assert!(is_our_temporary(ours, "plan.ron"), "{ours}");
        }
        for theirs in [
            "plan.ron",
            ".plan.ron.opplan-lock",
            ".plan.ron.notes.tmp",
            ".plan.ron.opplan-1-2.tmp",
            ".plan.ron.opplan-1-2-xyz.tmp",
            ".plan.ron.opplan-1-2-ab.txt",
            ".other.ron.4711.tmp",
            ".plan.ron.bak.4711.tmp",
            ".plan.ron..tmp",
        ] {
            assert!(!is_our_temporary(theirs, "plan.ron"), "{theirs}");
        }
        let long = "p".repeat(200);
        let temp = format!(".{}.opplan-1-2-ab.tmp", name_part(&long));
        assert!(is_our_temporary(&temp, &long));
    }

    #[cfg(unix)]
    #[test]
    fn an_exclusive_create_never_follows_a_planted_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        fs::write(&victim, "keep").unwrap();
        let planted = dir.path().join(".plan.ron.opplan-1-1-ab.tmp");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let err = create_exclusive(&planted).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        // a dangling link too: O_EXCL never creates through it
        let dangling = dir.path().join(".plan.ron.opplan-1-2-ab.tmp");
        let nowhere = dir.path().join("made-through-the-link");
        std::os::unix::fs::symlink(&nowhere, &dangling).unwrap();
        assert!(create_exclusive(&dangling).is_err());
        assert!(!nowhere.exists());
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
    }

    #[test]
    fn the_first_difference_is_named() {
        let mut a = Plan::new_blank(chrono::NaiveDate::from_ymd_opt(2015, 6, 1).unwrap());
        a.schemes.push(Default::default());
        a.schemes.push(Default::default());
        let mut b = a.clone();
        assert_eq!(difference(&a, &b), None);
        b.schemes[1].name = "Falls".into();
        assert_eq!(difference(&a, &b).as_deref(), Some("scheme 2"));
        b = a.clone();
        b.next_id = a.next_id + 5;
        assert_eq!(difference(&a, &b).as_deref(), Some("the next record id"));
        // a next id behind the ids in use is what the loader repairs
        a.schemes[0].id = crate::model::RecordId(a.next_id + 10);
        b.schemes[0].id = a.schemes[0].id;
        assert_eq!(difference(&a, &b), None);
    }

    #[test]
    fn sentences_start_in_lower_case_unless_a_capital_word() {
        assert_eq!(lower_first("The description"), "the description");
        assert_eq!(lower_first("CCG name"), "CCG name");
        assert_eq!(lower_first(""), "");
    }
}
