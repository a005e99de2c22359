//! Errors that decide the exit code. Everything else is reported as invalid input (exit 2).

use thiserror::Error;

/// Exit codes, as documented in the README.
pub mod exit {
    pub const SUCCESS: i32 = 0;
    pub const THRESHOLD: i32 = 1;
    pub const INVALID: i32 = 2;
    pub const INTERRUPTED: i32 = 130;
}

/// A user-facing outcome that is not plain invalid input.
#[derive(Debug, Error)]
pub enum Outcome {
    /// A requested threshold (`--fail-under`, `--require-ready`) was not met.
    #[error("{0}")]
    ThresholdNotMet(String),
    /// An interactive session was interrupted: Ctrl-C, or SIGINT, SIGTERM or SIGHUP.
    #[error("{0}")]
    Interrupted(String),
}

/// The exit code for an error chain.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    match error.downcast_ref::<Outcome>() {
        Some(Outcome::ThresholdNotMet(_)) => exit::THRESHOLD,
        Some(Outcome::Interrupted(_)) => exit::INTERRUPTED,
        None => exit::INVALID,
    }
}
