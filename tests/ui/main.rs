//! The window driven as a user drives it (egui_kittest), in one test
//! binary: wgpu and egui are linked once, not once per file.

mod interop;
mod metrics;
mod present;
mod risks;
mod safety;
mod schemes;
mod shell;
mod signoffs;
