//! Versions of one plan edited by two people, for the merge tests of both
//! test binaries (the command line's in `tests/core`, the window's in
//! `tests/ui`).

#![allow(dead_code)] // each binary uses part of this

use opplan::model::Plan;
use std::path::Path;

/// The bundled Kent BCF sample.
pub fn kent() -> Plan {
    opplan::io::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/kent-bcf-2015-16.ron")).unwrap()
}

/// Kent (the base) and two copies of it, `ours` and `theirs` each made by
/// one of the two changes.
pub fn kent_sides(ours: impl FnOnce(&mut Plan), theirs: impl FnOnce(&mut Plan)) -> [Plan; 3] {
    let base = kent();
    let mut o = base.clone();
    ours(&mut o);
    let mut t = base.clone();
    theirs(&mut t);
    [base, o, t]
}

/// Someone else at work on the file: the plan at `path` read, changed by
/// `change` and written back by `write`.
pub fn rewrite(path: &Path, change: impl FnOnce(&mut Plan), write: impl FnOnce(&Plan, &Path)) {
    let mut plan = opplan::io::load_path(path).unwrap();
    change(&mut plan);
    write(&plan, path);
}
