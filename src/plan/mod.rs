//! The sequenced redesign plan: pure functions from questionnaire, scorecard and profiles.

pub mod model;

pub use model::*;
