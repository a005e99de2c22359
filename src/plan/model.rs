//! The plan as reports show it: waves of steps with weeks and reasons, and a go-live per process.
//! Weeks are numbered from 1; a step runs from `start_week` to `end_week`, both included.

use serde::{Deserialize, Serialize};

use crate::questionnaire::Effort;

/// The sequenced redesign plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The most tractable process, which goes live first; None when nothing is in scope.
    pub first_process: Option<String>,
    /// Weeks the plan looks ahead; a go-live later than this is flagged.
    pub horizon_weeks: u32,
    /// Every process's tractability, most tractable first.
    pub tractability: Vec<Tractability>,
    pub waves: Vec<Wave>,
    /// One per process, in go-live order.
    pub go_live: Vec<GoLive>,
}

/// How tractable a process is: the formula is in the README and `plan::tractability`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tractability {
    pub process: String,
    /// 0-100.
    pub score: f64,
    /// 1 for the most tractable.
    pub rank: usize,
}

/// A group of steps with a common purpose and a week range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Wave {
    /// 1-based.
    pub index: usize,
    pub title: String,
    pub start_week: u32,
    pub end_week: u32,
    pub steps: Vec<Step>,
}

/// One piece of work, serving one or more processes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The action id (or a generated id for a milestone such as a sign-off).
    pub id: String,
    /// What to do.
    pub action: String,
    /// The processes it serves, in engagement order.
    pub processes: Vec<String>,
    pub dimension: String,
    /// The question whose gap it closes, when it closes one.
    pub question: Option<String>,
    pub effort: Effort,
    pub owner: String,
    pub start_week: u32,
    pub end_week: u32,
    /// Steps that must finish first.
    pub depends_on: Vec<String>,
    /// Why the step is where it is: the gap it closes and the rule that placed it.
    pub reason: String,
}

/// When a process can go live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoLive {
    pub process: String,
    /// The week it can go live; None when it has no answers to plan from.
    pub week: Option<u32>,
    /// False when the go-live falls after the horizon.
    pub within_horizon: bool,
    /// What the go-live waits for.
    pub reason: String,
}
