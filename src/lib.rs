//! opplan: write NHS operating plans and Better Care Fund plans with exact
//! money, live totals and RAG status.
//!
//! Data flows one way: file → [`io`] → [`model::Plan`] → [`calc`] → `ui`;
//! the UI emits commands that are applied to the plan after the frame.

pub mod calc;
pub mod cli;
pub mod generate;
pub mod interop;
pub mod io;
pub mod model;
pub mod serde_walk;
pub mod ui;
