//! Everything but the window, in one test binary (one link instead of one
//! per file): calc against the golden figures, the file format, saving,
//! the command line, imports and exports.
#![allow(clippy::field_reassign_with_default)]

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/versions.rs"]
mod versions;

mod calc_finance;
mod calc_fingerprint;
mod calc_golden;
mod calc_metrics;
mod calc_risks;
mod calc_signoffs;
mod cli;
mod edits;
mod interop_cli;
mod interop_csv;
mod interop_diff;
mod interop_finance;
mod interop_import;
mod interop_inert;
mod interop_paste;
mod interop_report;
mod interop_xlsx;
mod interop_xlsx_read;
mod io_bad_files;
mod io_fastron;
mod io_format;
mod io_fuzz;
mod io_roundtrip;
mod io_save;
mod io_writes;
mod merge;
mod merge_cli;
mod model_values;
mod objectives;
mod operating;
mod operating_live;
mod packaging;
mod renderer;
mod rollup;

/// The child side of [`common::cli_command`]: the command line run in a
/// child process of this test binary.
#[test]
fn cli_child() {
    common::cli_child();
}
