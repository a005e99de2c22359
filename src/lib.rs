//! omd, the operating-model diagnostic. Data flows one way:
//! questionnaire -> assessment -> scoring -> plan -> report, with `app` calling each in turn.

// Unit tests may unwrap what they set up: a test that cannot set itself up should panic. The
// library itself is held to `unwrap_used` (Cargo.toml); this keeps the rule without a clippy.toml.
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod app;
pub mod assessment;
pub mod calendar;
pub mod cli;
pub mod error;
pub mod output;
pub mod plan;
pub mod progress;
pub mod questionnaire;
pub mod report;
pub mod scoring;
pub mod shell;
pub mod structured_text;
pub mod style;
pub mod threads;
pub mod whatif;
