//! Reading a file the user named (a plan, a CSV, the preferences) without
//! letting it hang or exhaust the app: only regular files, a size cap
//! checked before reading, and a bounded read in case the file grows
//! meanwhile. The plan loader, CSV and Excel import (command line and the
//! window's Data menu), the on-disk check before a save, the preferences and the
//! recovery copies' first lines all read through [`read_user_file`] (or
//! [`open_user_file`], its checks, to read only a file's beginning).

use std::fs;
use std::io::Read;
use std::path::Path;

/// Why a user's file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// The operating system refused (missing, no permission...).
    Io(std::io::Error),
    IsDirectory,
    /// A pipe, a device or a socket: reading it could block forever or
    /// never end (`/dev/zero`).
    NotAFile,
    /// Larger than the cap: its size (at least cap + 1 when it grew while
    /// being read).
    TooLarge {
        size: u64,
    },
}

impl ReadError {
    /// The refusal as a sentence: `what` names the kind of file expected
    /// ("a CSV file", "an Excel workbook"), `cap` is the size cap it was
    /// read with.
    pub fn describe(&self, path: &Path, what: &str, cap: u64) -> String {
        match self {
            ReadError::Io(e) => format!("Could not read {}: {}.", path.display(), super::describe_io_error(e)),
            ReadError::IsDirectory => format!("{} is a folder, not {what}.", path.display()),
            ReadError::NotAFile => format!(
                "{} is not a file (it is a device, a pipe or a socket), so it cannot be {what}.",
                path.display()
            ),
            ReadError::TooLarge { size } => format!(
                "{} is {:.1} MB; {what} over {} MB is refused.",
                path.display(),
                *size as f64 / 1_048_576.0,
                cap / 1_048_576
            ),
        }
    }
}

/// The bytes of a file and its metadata as opened.
pub struct UserFile {
    pub bytes: Vec<u8>,
    pub meta: fs::Metadata,
}

/// Reads the regular file at `path` (links are followed), refusing
/// folders, pipes, devices and sockets and files larger than `max_bytes`
/// before reading, and never reading more than `max_bytes` + 1.
pub fn read_user_file(path: &Path, max_bytes: u64) -> Result<UserFile, ReadError> {
    let (file, meta) = open_user_file(path, max_bytes)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > max_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
        });
    }
    Ok(UserFile { bytes, meta })
}

/// Opens the regular file at `path` with the checks of
/// [`read_user_file`], for a caller that reads only its beginning.
pub fn open_user_file(path: &Path, max_bytes: u64) -> Result<(fs::File, fs::Metadata), ReadError> {
    let before = fs::metadata(path).map_err(ReadError::Io)?;
    check(&before, max_bytes)?;
    let file = fs::File::open(path).map_err(ReadError::Io)?;
    // what was opened is what was checked: a file swapped for a device
    // between the two is refused
    let meta = file.metadata().map_err(ReadError::Io)?;
    check(&meta, max_bytes)?;
    if !same_file(&before, &meta) {
        return Err(ReadError::Io(std::io::Error::other(
            "the file was replaced while it was being opened; try again",
        )));
    }
    Ok((file, meta))
}

fn check(meta: &fs::Metadata, max_bytes: u64) -> Result<(), ReadError> {
    if meta.is_dir() {
        return Err(ReadError::IsDirectory);
    }
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > max_bytes {
        return Err(ReadError::TooLarge { size: meta.len() });
    }
    Ok(())
}

/// True when two metadata describe the same file (device and inode on
/// Unix; elsewhere always true).
pub(crate) fn same_file(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_and_refuses_folders_devices_and_large_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.csv");
        fs::write(&p, "12345").unwrap();
        assert_eq!(read_user_file(&p, 5).unwrap().bytes, b"12345");
        assert!(matches!(read_user_file(&p, 4), Err(ReadError::TooLarge { size: 5 })));
        assert!(matches!(read_user_file(dir.path(), 5), Err(ReadError::IsDirectory)));
        if Path::new("/dev/zero").exists() {
            assert!(matches!(
                read_user_file(Path::new("/dev/zero"), 5),
                Err(ReadError::NotAFile)
            ));
        }
        assert!(matches!(
            read_user_file(&dir.path().join("gone"), 5),
            Err(ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound
        ));
    }
}
