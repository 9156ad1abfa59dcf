//! The app's own data folder (preferences, recent files, recovery copies),
//! kept apart from plans.

use std::path::{Path, PathBuf};

/// Overrides the data folder (tests, portable installs).
pub const DATA_DIR_ENV: &str = "OPPLAN_DATA_DIR";

/// The folder where opplan keeps its preferences and recovery copies:
/// `$OPPLAN_DATA_DIR` when set, else the platform's place for app data
/// (Linux `~/.local/share/opplan`, macOS `~/Library/Application
/// Support/opplan`, Windows `%APPDATA%\opplan\data`). `None` when there is
/// no home folder; the app then works without preferences or recovery.
pub fn data_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os(DATA_DIR_ENV).filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    platform_data_dir()
}

fn platform_data_dir() -> Option<PathBuf> {
    if cfg!(target_os = "windows") {
        return std::env::var_os("APPDATA")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .map(|p| p.join("opplan").join("data"));
    }
    if cfg!(target_os = "macos") {
        return std::env::home_dir().map(|h| h.join("Library").join("Application Support").join("opplan"));
    }
    std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::home_dir().map(|h| h.join(".local").join("share")))
        .map(|p| p.join("opplan"))
}

/// The bundled sample opened when no plan is named.
pub const DEFAULT_SAMPLE: &str = "assets/kent-bcf-2015-16.ron";

/// Where the bundled Kent sample is: beside the working directory when run
/// from a checkout, else where an installed opplan keeps its samples
/// ([`installed_samples_dir`]), else the path compiled in.
pub fn default_sample_path() -> PathBuf {
    let local = PathBuf::from(DEFAULT_SAMPLE);
    if local.exists() {
        return local;
    }
    let name = Path::new(DEFAULT_SAMPLE).file_name().unwrap_or_default();
    if let Some(p) = installed_samples_dir().map(|d| d.join(name)).filter(|p| p.exists()) {
        return p;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_SAMPLE)
}

/// The samples of an installed opplan, found from the program's own
/// place: `/usr/share/opplan/samples` for `/usr/bin/opplan` (the Debian
/// package), `samples` beside `opplan.exe` (Windows).
pub fn installed_samples_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let bin = exe.parent()?;
    [bin.join("../share/opplan/samples"), bin.join("samples")]
        .into_iter()
        .find(|d| d.is_dir())
}
