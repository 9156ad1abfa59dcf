//! Atomic saving, the `.bak` copy, and what the app remembers about a file
//! on disk to notice when someone else changed it.
//!
//! The save protocol (why a crash at any moment leaves a whole plan):
//! 1. the new text goes to a hidden temporary file in the same folder
//!    (`.NAME.PID.tmp`), which is flushed and synced to the disk;
//! 2. the file as it is on disk is copied to a second temporary file,
//!    synced, and renamed over `NAME.bak`;
//! 3. the temporary file is renamed over `NAME` (a rename within one folder
//!    replaces the name in one step: readers see the old file or the new
//!    one, never a mix);
//! 4. the folder is synced, so the rename itself survives a power cut.
//!
//! A failure (or a crash) before step 3 leaves `NAME` as it was; after
//! step 3 `NAME` is the new, complete file. Leftover temporary files are
//! hidden, never read as plans, and removed by a later save.

use crate::model::Plan;
use std::fmt;
use std::fs;
use std::io::{Read, Write};
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
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return DiskState::Missing,
        Err(e) => return DiskState::Unreadable(describe_io_error(&e)),
    };
    if !meta.is_file() {
        return DiskState::Unreadable("it is no longer a plain file".into());
    }
    if meta.len() > super::MAX_FILE_BYTES {
        return DiskState::Changed(FileStamp {
            size: meta.len(),
            modified: meta.modified().ok(),
            hash: 0,
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    match fs::File::open(path).and_then(|f| f.take(super::MAX_FILE_BYTES + 1).read_to_end(&mut bytes)) {
        Ok(_) => {}
        Err(e) => return DiskState::Unreadable(describe_io_error(&e)),
    }
    let now = FileStamp::of_bytes(&bytes, Some(&meta));
    if now.hash == known.hash && now.size == known.size {
        DiskState::Unchanged
    } else {
        DiskState::Changed(now)
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

/// Saves a plan atomically (see the module notes).
pub fn save_path(plan: &Plan, path: &Path) -> Result<(), SaveError> {
    save_text(&super::to_ron_string(plan), path).map(|_| ())
}

/// Saves a plan atomically and returns the stamp of the file written.
pub fn save_path_stamped(plan: &Plan, path: &Path) -> Result<FileStamp, SaveError> {
    save_text(&super::to_ron_string(plan), path)
}

/// Writes `text` to `path` atomically, keeping the previous file as
/// `NAME.bak`. On failure the file at `path` is untouched.
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
    save_impl(text, path, true, hook)
}

/// [`save_text`] without the `.bak` copy (recovery copies, preferences).
pub fn save_text_no_backup(text: &str, path: &Path) -> Result<FileStamp, SaveError> {
    save_impl(text, path, false, &mut |_| Ok(()))
}

fn save_impl(
    text: &str,
    path: &Path,
    keep_backup: bool,
    hook: &mut dyn FnMut(SaveStep) -> std::io::Result<()>,
) -> Result<FileStamp, SaveError> {
    let fail = |reason: String| SaveError {
        path: path.to_path_buf(),
        reason,
    };
    // save through a link to the file it points at, keeping the link
    let target: PathBuf = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(|e| fail(describe_io_error(&e)))?,
        _ => path.to_path_buf(),
    };
    let existing = match fs::metadata(&target) {
        Ok(m) if m.is_dir() => return Err(fail("that is a folder".into())),
        Ok(m) if !m.is_file() => return Err(fail("that is not a plain file".into())),
        Ok(m) => Some(m),
        Err(_) => None,
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(fail(format!("the folder {} does not exist", dir.display())));
    }
    let name = target
        .file_name()
        .ok_or_else(|| fail("no file name".into()))?
        .to_string_lossy()
        .into_owned();
    remove_stale_temporaries(&dir, &name);
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let bak_tmp = dir.join(format!(".{name}.{}.baktmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        hook(SaveStep::CreateTemp)?;
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        if let Some(m) = &existing {
            // keep the file's permissions (a shared plan stays shared)
            let _ = f.set_permissions(m.permissions());
        }
        hook(SaveStep::WriteTemp)?;
        f.write_all(text.as_bytes())?;
        hook(SaveStep::SyncTemp)?;
        f.flush()?;
        f.sync_all()?;
        drop(f);
        if existing.is_some() && keep_backup {
            hook(SaveStep::Backup)?;
            fs::copy(&target, &bak_tmp)?;
            fs::File::open(&bak_tmp)?.sync_all()?;
            fs::rename(&bak_tmp, backup_path(&target))?;
        }
        hook(SaveStep::Rename)?;
        fs::rename(&tmp, &target)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        let _ = fs::remove_file(&bak_tmp);
        return Err(fail(describe_io_error(&e)));
    }
    // the file is saved; syncing the folder makes the rename durable
    if hook(SaveStep::SyncFolder).is_ok()
        && let Ok(d) = fs::File::open(&dir)
    {
        let _ = d.sync_all();
    }
    let meta = fs::metadata(&target).ok();
    Ok(FileStamp::of_bytes(text.as_bytes(), meta.as_ref()))
}

/// Removes this file's temporary files left by a save that crashed more
/// than ten minutes ago (a younger one may belong to a save in progress in
/// another window).
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.");
    let Ok(entries) = fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        let Some(rest) = n.strip_prefix(&prefix) else { continue };
        let is_temp = rest.ends_with(".tmp") || rest.ends_with(".baktmp");
        let pid_part = rest.rsplit_once('.').map(|(p, _)| p).unwrap_or("");
        if !is_temp || pid_part.is_empty() || !pid_part.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > Duration::from_secs(600));
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}
