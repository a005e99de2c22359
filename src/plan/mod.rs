//! The sequenced redesign plan: pure functions from questionnaire, scorecard and profiles.

mod build;
pub mod model;

pub use build::{
    build, tractability, PlanError, Settings, DEFAULT_HORIZON_WEEKS, GO_LIVE_GAP_WEEKS,
    STAGGER_WEEKS,
};
pub use model::*;
