//! The window driven as a user drives it (egui_kittest), in one test
//! binary: wgpu and egui are linked once, not once per file. Tests reach
//! the app only through its public surface ([`opplan::ui::OpplanApp`]:
//! commands in, the plan, summary, tab, status and history out) and the
//! accessible labels of what it draws.

#[path = "../common/versions.rs"]
mod versions;

mod commands;
mod conflicts;
mod edits;
mod finance;
mod finance_grid;
mod fit;
mod frozen;
mod grid;
mod habits;
mod interop;
mod launch;
mod metrics;
mod motion;
mod objectives;
mod operating_caches;
mod present;
mod risks;
mod safety;
mod schemes;
mod shell;
mod signoffs;
mod support;
mod workbook_import;
