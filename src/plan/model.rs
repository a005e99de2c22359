//! The plan as reports show it: waves of steps with weeks and reasons, and a go-live per process.
//! Weeks are numbered from 1; a step runs from `start_week` to `end_week`, both included.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::questionnaire::{ActionTag, DimensionRole, Effort};

/// The sequenced redesign plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The most tractable process, which goes live first; None when nothing is in scope.
    pub first_process: Option<String>,
    /// Weeks the plan looks ahead; a go-live later than this is flagged.
    pub horizon_weeks: u32,
    /// The first day of week 1 (`YYYY-MM-DD`), when the engagement or `--start` gives one; every
    /// week range then carries dates too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Every process's tractability, most tractable first.
    pub tractability: Vec<Tractability>,
    pub waves: Vec<Wave>,
    /// One per process, in go-live order.
    pub go_live: Vec<GoLive>,
    /// Each owner role's peak load: the most steps it carries at once, and its capacity when
    /// engagement.yaml sets one. By owner.
    #[serde(default)]
    pub owner_load: Vec<OwnerLoad>,
}

impl Plan {
    /// How many steps its waves hold.
    pub fn step_count(&self) -> usize {
        self.waves.iter().map(|w| w.steps.len()).sum()
    }

    /// The dates of the plan's weeks, when it has a start: one reading of `start` for every
    /// view and renderer.
    pub fn weeks(&self) -> Option<crate::calendar::Weeks> {
        let start = crate::calendar::parse(self.start.as_deref()?, "start").ok()?;
        Some(crate::calendar::Weeks::starting(start))
    }
}

/// How many steps an owner role carries at once at its busiest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerLoad {
    pub owner: String,
    /// The most steps running at once.
    pub peak: u32,
    /// The first week of that peak.
    pub peak_week: u32,
    /// The capacity engagement.yaml sets for the role, if any.
    pub capacity: Option<u32>,
    /// Steps the capacity pushed later than their dependencies allowed.
    pub delayed_steps: u32,
}

/// How tractable a process is: the formula is in docs/planning.md and `plan::tractability`.
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
    /// The first day of `start_week` and the last of `end_week`, when the plan has a start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    pub steps: Vec<Step>,
}

fn empty() -> Arc<str> {
    Arc::from("")
}

fn no_tags(tags: &Arc<[ActionTag]>) -> bool {
    tags.is_empty()
}

/// One piece of work, serving one or more processes. The texts every process's step of one
/// action shares are shared (`Arc<str>`), not copied per step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// The action id (or a generated id for a milestone such as a sign-off), with `@process`
    /// for an action done per process. Ids, process ids and dates are shared (`Arc<str>`) with
    /// every step that names them.
    pub id: Arc<str>,
    /// The questionnaire action it carries out; absent for a milestone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_id: Option<Arc<str>>,
    /// Short title: the action's `title` (or its id); for a milestone, what it is.
    #[serde(default = "empty")]
    pub title: Arc<str>,
    /// What to do.
    pub action: Arc<str>,
    /// The processes it serves, in engagement order.
    pub processes: Vec<Arc<str>>,
    pub dimension: Arc<str>,
    /// The role its dimension declares, when it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<DimensionRole>,
    /// What the action establishes, for the sequencing rules; shared by every step of the
    /// action.
    #[serde(default, skip_serializing_if = "no_tags")]
    pub tags: Arc<[ActionTag]>,
    /// The question whose gap it closes, when it closes one; for a step a seam put in the plan,
    /// the question its action belongs to.
    pub question: Option<Arc<str>>,
    /// The seams at risk that put it in the plan (by id), when the gap of its own question did
    /// not.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seams: Vec<String>,
    pub effort: Effort,
    pub owner: Arc<str>,
    pub start_week: u32,
    pub end_week: u32,
    /// The first day of `start_week` and the last of `end_week`, when the plan has a start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Arc<str>>,
    /// The process whose go-live (the earliest) waits for this step to end; absent when no
    /// go-live waits for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_go_live_of: Option<Arc<str>>,
    /// Steps that must finish first.
    pub depends_on: Vec<Arc<str>>,
    /// Why the step is where it is: the gap it closes and the rule that placed it.
    pub reason: String,
}

/// When a process can go live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoLive {
    pub process: String,
    /// The week it can go live; None when it is not assessed (too little answered to plan).
    pub week: Option<u32>,
    /// The first day of that week, when the plan has a start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// False when the go-live falls after the horizon.
    pub within_horizon: bool,
    /// What the go-live waits for.
    pub reason: String,
    /// For a process too little assessed to plan: the questions to answer before it can be
    /// planned, critical gates first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_first: Vec<String>,
}
