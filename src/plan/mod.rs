//! The sequenced redesign plan: pure functions from questionnaire, scorecard and profiles, as a
//! pipeline (each stage a module):
//!
//! 1. [`rank`]: processes by tractability; `not_assessed` ones are not planned (rule 4).
//! 2. [`gaps`]: per process, the questions whose actions it needs: answered below target, and
//!    unanswered critical gates (an unanswered gate never counts as passed).
//! 3. [`steps`]: one step per action and process, or one for all when the action is shared;
//!    [`seams`]: the actions of each seam at risk, for its process, unless already planned.
//! 4. [`dependencies`]: `depends_on` between steps; a dependency on an action of an unanswered
//!    question is planned as a gap of its own.
//! 5. [`rules`]: the seven sequencing rules, each a named function, reading dimension roles and
//!    action tags, never ids.
//! 6. [`schedule`]: one topological pass, within each owner role's capacity.
//! 7. [`go_lives`]: each process's go-live week, then the sign-off milestones and the capability
//!    steps placed around it.
//! 8. [`reasons`]: why each step is where it is, the waves, the go-live explanations.
//!
//! Every stage is linear in the steps and their dependencies: indexes are built once.

mod dependencies;
mod gaps;
mod go_lives;
pub mod model;
mod rank;
mod reasons;
mod rules;
mod schedule;
mod seams;
mod steps;

use std::collections::BTreeMap;

use thiserror::Error;

use crate::assessment::ProcessSpec;
use crate::questionnaire::Questionnaire;
use crate::scoring::{ProcessScore, Scorecard, DEFAULT_MIN_COVERAGE};

pub use model::*;
pub use rank::tractability;
pub use reasons::MILESTONE_TITLE;
pub(crate) use rules::join_and;

/// Weeks the plan looks ahead unless told otherwise.
pub const DEFAULT_HORIZON_WEEKS: u32 = 26;
/// A later process's own work starts this many weeks after the previous process's (rule 4).
pub const STAGGER_WEEKS: u32 = 4;
/// Weeks between two go-lives, so each deployment's lessons reach the next.
pub const GO_LIVE_GAP_WEEKS: u32 = 2;
/// Weeks of the senior sign-off that precedes a high-risk go-live (rule 6).
pub const SIGNOFF_WEEKS: u32 = 1;

/// An index a step holds in 32 bits (of a step, process, question, seam or level, or a go-live's
/// rank): a plan holds thousands of steps, each holding several, and no plan or questionnaire
/// has four billion of any. The largest values, `usize::MAX` among them (the rank of a process
/// that is not planned), become `u32::MAX`, which stays out of range wherever it is looked up.
pub(crate) fn index32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Planning settings.
#[derive(Debug, Clone)]
pub struct Settings {
    pub horizon_weeks: u32,
    /// Share of questions (0-1) a process needs answered to be planned; the scorecard's verdicts
    /// already apply it, the plan uses it to say how many more answers are needed.
    pub min_coverage: f64,
    /// Steps each owner role can carry at once; a role not listed is unlimited.
    pub capacity: BTreeMap<String, u32>,
    /// The first day of week 1, when known: steps and go-lives then carry dates.
    pub start: Option<crate::calendar::Weeks>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            horizon_weeks: DEFAULT_HORIZON_WEEKS,
            min_coverage: DEFAULT_MIN_COVERAGE,
            capacity: BTreeMap::new(),
            start: None,
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum PlanError {
    #[error("the plan's dependencies form a cycle: {0}")]
    Cycle(String),
    #[error("the scorecard has no scores for process `{0}`")]
    Unscored(String),
}

/// What every stage reads: the inputs, and the indexes built once from them.
pub(crate) struct Context<'a> {
    pub q: &'a Questionnaire,
    pub processes: &'a [ProcessSpec],
    /// Per process, in engagement order.
    pub scores: Vec<&'a ProcessScore<'a>>,
    pub index: gaps::Index<'a>,
    pub ranking: rank::Ranking,
    pub settings: &'a Settings,
}

/// Builds the plan.
pub fn build(
    q: &Questionnaire,
    scorecard: &Scorecard,
    processes: &[ProcessSpec],
    settings: &Settings,
) -> Result<Plan, PlanError> {
    build_telling(q, scorecard, processes, settings, || {})
}

/// As [`build`], calling `ordered` as soon as the plan can no longer fail (every step is
/// scored and ordered, with no cycle): from then on the steps are only placed, dated and
/// explained. A report can start being written then.
pub fn build_telling(
    q: &Questionnaire,
    scorecard: &Scorecard,
    processes: &[ProcessSpec],
    settings: &Settings,
    ordered: impl FnOnce(),
) -> Result<Plan, PlanError> {
    // The scorecard scores the processes in engagement order: each is found at its own place,
    // and searched for only when it is not there (a search for each would grow with the square
    // of the processes).
    let scores = processes
        .iter()
        .enumerate()
        .map(|(i, p)| {
            scorecard
                .processes
                .get(i)
                .filter(|score| score.process == p.id)
                .or_else(|| scorecard.process(&p.id))
                .ok_or_else(|| PlanError::Unscored(p.id.clone()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let ranking = rank::rank(processes, &scores);
    let cx = Context {
        q,
        processes,
        index: gaps::Index::new(q),
        scores,
        ranking,
        settings,
    };
    let gaps = gaps::find(&cx);
    let mut steps = steps::from_gaps(&cx, &gaps);
    // Each step holds the gaps it closes: the list goes before the plan grows.
    drop(gaps);
    seams::add_steps(&cx, &mut steps);
    dependencies::resolve(&cx, &mut steps);
    rules::rule_1_tooling_after_readiness(&cx, &mut steps);
    let order = schedule::order(&cx, &mut steps)?;
    ordered();
    let mut calendar = schedule::Calendar::new(&settings.capacity);
    schedule::run(&mut steps, &order, &mut calendar);
    let go_lives = go_lives::compute(&cx, &steps);
    rules::rule_6_signoff_before_high_risk_go_live(&cx, &mut steps, &go_lives);
    rules::rule_3_capability_alongside_first_go_live(&mut steps, &go_lives, &mut calendar);
    Ok(reasons::assemble(&cx, &mut steps, &go_lives, &calendar))
}

#[cfg(test)]
mod tests;
