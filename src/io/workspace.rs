//! A workspace (issue 17, part 4): the plans seen together, and which of
//! them consolidates the others. Either a folder of plans (every `*.ron`
//! in it but the workspace file, by name) or a small RON file:
//!
//! ```ron
//! (
//!     plans: ["south-kent-coast.ron", "thanet.ron"],
//!     consolidated: Some("kent.ron"),
//! )
//! ```
//!
//! Paths are relative to the workspace file's folder. A folder holding a
//! file named [`WORKSPACE_FILE`] is read through it.

use super::{ReadError, read_user_file};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The workspace file a folder is read through when it has one.
pub const WORKSPACE_FILE: &str = "workspace.ron";

/// A workspace file is small: a list of names.
pub const MAX_WORKSPACE_BYTES: u64 = 1024 * 1024;

/// What a workspace file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workspace {
    /// The plans, in the order they are shown.
    pub plans: Vec<PathBuf>,
    /// The plan that consolidates the others (it may be listed in `plans`
    /// too, or not).
    #[serde(default)]
    pub consolidated: Option<PathBuf>,
}

/// The plans of a workspace, as paths to read, and the consolidated one
/// (also in `plans`, first when it was not listed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspacePlans {
    pub plans: Vec<PathBuf>,
    pub consolidated: Option<usize>,
}

impl Workspace {
    /// The text of a workspace file (what [`parse_workspace`] reads).
    pub fn to_ron(&self) -> String {
        ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::default()).expect("a list of paths always serializes")
    }

    /// The paths, relative to `dir` (the workspace file's folder).
    pub fn resolve(&self, dir: &Path) -> WorkspacePlans {
        let mut plans: Vec<PathBuf> = self.plans.iter().map(|p| joined(dir, p)).collect();
        let consolidated = self.consolidated.as_ref().map(|c| {
            let c = joined(dir, c);
            match plans.iter().position(|p| *p == c) {
                Some(i) => i,
                None => {
                    plans.insert(0, c);
                    0
                }
            }
        });
        WorkspacePlans { plans, consolidated }
    }
}

/// `dir` joined with `path`, "name/.." steps taken out
/// ("kent/../all.ron" is "all.ron"), as people write paths.
fn joined(dir: &Path, path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in dir.join(path).components() {
        match c {
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// Reads workspace text; `None` when it is not a workspace (a plan, say).
pub fn parse_workspace(text: &str) -> Option<Workspace> {
    ron::from_str(text).ok()
}

/// Reads the workspace file at `path`, or `Ok(None)` when the file is not a
/// workspace (a plan, say); an error sentence when it cannot be read.
pub fn read_workspace(path: &Path) -> Result<Option<WorkspacePlans>, String> {
    let file = read_user_file(path, MAX_WORKSPACE_BYTES);
    let file = match file {
        Ok(f) => f,
        // a large file is not a workspace (it may be a plan): not an error here
        Err(ReadError::TooLarge { .. }) => return Ok(None),
        Err(e) => return Err(e.describe(path, "a workspace or a plan", MAX_WORKSPACE_BYTES)),
    };
    let Ok(text) = std::str::from_utf8(&file.bytes) else {
        return Ok(None);
    };
    let dir = path.parent().unwrap_or(Path::new(""));
    Ok(parse_workspace(text).map(|w| w.resolve(dir)))
}

/// The plans of a folder: through its workspace file when it has one,
/// else every `*.ron` file in it, by name, none consolidated.
pub fn folder_workspace(dir: &Path) -> Result<WorkspacePlans, String> {
    let file = dir.join(WORKSPACE_FILE);
    if file.is_file() {
        return match read_workspace(&file)? {
            Some(w) => Ok(w),
            None => Err(format!(
                "{} is not a workspace: it should hold (plans: [\"a.ron\", \"b.ron\"], consolidated: Some(\"all.ron\")).",
                file.display()
            )),
        };
    }
    let entries = std::fs::read_dir(dir).map_err(|e| format!("Could not read the folder {}: {e}.", dir.display()))?;
    let mut plans: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron") && p.is_file())
        .collect();
    plans.sort();
    Ok(WorkspacePlans {
        plans,
        consolidated: None,
    })
}
