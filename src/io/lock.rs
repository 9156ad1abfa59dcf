//! The advisory lock that keeps two opplan processes (windows or commands)
//! from writing one file at once: an exclusive `flock` on the hidden file
//! `.NAME.opplan-lock` beside `NAME` (never on `NAME` itself, which a save
//! replaces by a rename). See the notes of [`super::save`] for every file
//! name opplan makes beside a plan.
//!
//! The lock file is removed by its holder when it lets go; whoever was
//! waiting on it then finds it gone or replaced and locks the new one, so
//! two processes never both believe they hold the lock.

use super::save::{SaveError, describe_io_error};
use super::userfile::same_file;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The end of a lock file's name: `.kent.ron.opplan-lock`.
pub const LOCK_SUFFIX: &str = ".opplan-lock";

/// How long a command (or a library save) waits for another opplan to
/// finish writing the same file before refusing.
pub const LOCK_WAIT: Duration = Duration::from_secs(30);

/// How long the window waits (it must not freeze for long).
pub const WINDOW_LOCK_WAIT: Duration = Duration::from_secs(2);

/// Names made beside a file are kept short enough for any file system
/// (255 bytes a name) whatever the file's own name.
const MAX_NAME_PART: usize = 120;

/// `name`, cut to [`MAX_NAME_PART`] bytes (at a character boundary): the
/// part of a lock or temporary file's name that says whose it is.
pub(crate) fn name_part(name: &str) -> &str {
    if name.len() <= MAX_NAME_PART {
        return name;
    }
    let mut end = MAX_NAME_PART;
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    &name[..end]
}

/// An exclusive lock on writing one file, held until dropped.
#[derive(Debug)]
pub struct FileLock {
    file: fs::File,
    lock_path: PathBuf,
    /// The path as named (messages say this).
    path: PathBuf,
    /// The file written: `path`, or the file a link at `path` points at.
    target: PathBuf,
    dir: PathBuf,
    name: String,
}

impl FileLock {
    /// Locks writing `path` (the file a link at `path` points at), waiting
    /// at most `wait` for another opplan to finish. The file itself need
    /// not exist; its folder must.
    pub fn acquire(path: &Path, wait: Duration) -> Result<FileLock, SaveError> {
        let fail = |reason: String| SaveError {
            path: path.to_path_buf(),
            reason,
        };
        // save through a link to the file it points at, keeping the link
        let target: PathBuf = match fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path).map_err(|e| fail(describe_io_error(&e)))?,
            _ => path.to_path_buf(),
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
        let lock_path = dir.join(format!(".{}{LOCK_SUFFIX}", name_part(&name)));
        let busy = || {
            fail(
                "another opplan (a window or a command) is saving it, or reading it to save it, and has not finished; try again in a moment"
                    .into(),
            )
        };
        let deadline = Instant::now() + wait;
        loop {
            let file = open_lock_file(&lock_path).map_err(|e| {
                fail(format!(
                    "could not create its lock file {}: {}",
                    lock_path.display(),
                    describe_io_error(&e)
                ))
            })?;
            loop {
                match file.try_lock() {
                    Ok(()) => break,
                    Err(fs::TryLockError::WouldBlock) => {
                        if Instant::now() >= deadline {
                            return Err(busy());
                        }
                        std::thread::sleep(Duration::from_millis(10));
                    }
                    Err(fs::TryLockError::Error(e)) => {
                        return Err(fail(format!(
                            "could not lock it against other opplan windows and commands: {}",
                            describe_io_error(&e)
                        )));
                    }
                }
            }
            // the holder before us removes the lock file as it lets go:
            // the lock counts only if our file is still the one in place
            if let (Ok(now), Ok(mine)) = (fs::symlink_metadata(&lock_path), file.metadata())
                && now.is_file()
                && same_file(&now, &mine)
            {
                return Ok(FileLock {
                    file,
                    lock_path,
                    path: path.to_path_buf(),
                    target,
                    dir,
                    name,
                });
            }
            if Instant::now() >= deadline {
                return Err(busy());
            }
        }
    }

    /// The path as named.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file written (where a link at [`Self::path`] points).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// The target's folder.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// The target's file name.
    pub(crate) fn name(&self) -> &str {
        &self.name
    }

    /// The lock file.
    pub fn lock_path(&self) -> &Path {
        &self.lock_path
    }
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // removed while still held, so nobody locks a file that is gone
        if let (Ok(now), Ok(mine)) = (fs::symlink_metadata(&self.lock_path), self.file.metadata())
            && same_file(&now, &mine)
        {
            let _ = fs::remove_file(&self.lock_path);
        }
        let _ = self.file.unlock();
    }
}

/// Opens the lock file, creating it when missing. Never follows a link
/// (one planted at this name is removed: the name is opplan's) and never
/// opens anything but a plain file.
fn open_lock_file(lock_path: &Path) -> std::io::Result<fs::File> {
    for _ in 0..32 {
        match fs::OpenOptions::new().write(true).create_new(true).open(lock_path) {
            Ok(f) => return Ok(f),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        let seen = match fs::symlink_metadata(lock_path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if seen.file_type().is_symlink() {
            let _ = fs::remove_file(lock_path);
            continue;
        }
        if !seen.is_file() {
            return Err(std::io::Error::other(
                "something that is not a plain file is in the way; remove it",
            ));
        }
        // reading is enough to lock, and works on a lock file another
        // user created
        let f = match fs::File::open(lock_path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if same_file(&f.metadata()?, &seen) {
            return Ok(f);
        }
    }
    Err(std::io::Error::other("it keeps changing"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_refuses_and_the_lock_file_goes_with_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        let first = FileLock::acquire(&plan, Duration::ZERO).unwrap();
        assert_eq!(first.lock_path(), dir.path().join(".plan.ron.opplan-lock"));
        assert!(first.lock_path().is_file());
        let err = FileLock::acquire(&plan, Duration::from_millis(30)).unwrap_err();
        assert!(err.reason.contains("another opplan"), "{err}");
        let lock_path = first.lock_path().to_path_buf();
        drop(first);
        assert!(!lock_path.exists(), "removed on release");
        let again = FileLock::acquire(&plan, Duration::ZERO).unwrap();
        drop(again);
    }

    #[test]
    fn a_waiting_lock_gets_it_when_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let plan = dir.path().join("plan.ron");
        let first = FileLock::acquire(&plan, Duration::ZERO).unwrap();
        let p = plan.clone();
        let waiter =
            std::thread::spawn(move || FileLock::acquire(&p, Duration::from_secs(30)).map(|l| l.lock_path().is_file()));
        drop(first);
        assert!(waiter.join().unwrap().unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_lock_name_is_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim.txt");
        fs::write(&victim, "keep me").unwrap();
        let lock_name = dir.path().join(".plan.ron.opplan-lock");
        std::os::unix::fs::symlink(&victim, &lock_name).unwrap();
        let lock = FileLock::acquire(&dir.path().join("plan.ron"), Duration::ZERO).unwrap();
        assert!(!fs::symlink_metadata(&lock_name).unwrap().file_type().is_symlink());
        drop(lock);
        assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary() {
        let long = "é".repeat(100);
        let part = name_part(&long);
        assert!(part.len() <= MAX_NAME_PART && long.starts_with(part));
        assert_eq!(name_part("kent.ron"), "kent.ron");
    }
}
