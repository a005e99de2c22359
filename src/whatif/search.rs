//! The exact search behind `omd whatif`: the fewest level steps that bring a process to a verdict.
//!
//! **What changes.** A question's combined level for the process (the median over its
//! respondents) is raised to a whole level `L`, as if every respondent now answered `L`; the
//! question then scores the scale's score of `L`. Only answered questions are raised: a question
//! nobody answered, or one marked not applicable, keeps its status, so coverage never changes.
//! What hangs on coverage (the minimum coverage for a verdict, 80% for `ready`, unanswered
//! gates, a dimension with no answers) is reported as what to answer first, not searched.
//!
//! **Cost.** The level steps added up over the questions raised. A median of an even number of
//! respondents can be a half level, and raising 2.5 to 3 is half a step, so costs are counted in
//! half steps here.
//!
//! **Why not greedy.** Raising, again and again, the question whose next step gains the most
//! readiness is not minimal: a scale's values need not be evenly spaced (a question may gain
//! little from its next level and a great deal from the one after), a step on a heavy question
//! may gain more than any other single step yet leave the goal just short where two steps
//! elsewhere would reach it, and `ready` also needs every dimension at 50. Choosing levels to
//! reach a readiness threshold at least cost is a knapsack problem, and it is solved as one.
//!
//! **The algorithm**, exact:
//!
//! 1. Each answered question gets its choices: keep its answer (cost 0; not offered for a gate
//!    that applies and fails), or any whole level above its current median up to the top of its
//!    scale (at least the gate's minimum when its gate applies), costing the levels raised.
//! 2. Per dimension, a multiple-choice knapsack over its questions, in questionnaire order: for
//!    every exact cost `c`, the largest weighted sum of question scores that costs `c`.
//! 3. Over the dimensions, in questionnaire order, the same again: for every exact total cost,
//!    the largest dimension-weighted sum of dimension scores (each the scorer's weighted mean,
//!    rounded to one decimal). For `ready`, a dimension may only take a cost at which it scores
//!    50 or more.
//! 4. The smallest total cost whose readiness (that sum over the weights, rounded) reaches the
//!    goal (50 for `conditional`, 75 for `ready`) is the minimum: the two tables cover every
//!    assignment of levels, and keeping only the largest sum per cost loses nothing, because
//!    readiness never falls when a dimension's sum rises (a weighted mean, rounding to one
//!    decimal and a weighted mean again are all non-decreasing).
//! 5. Ties: many assignments may reach the goal at that cost. The questions are taken in order of
//!    preference (gates that fail first, then gaps: questions below their target; within each,
//!    questions whose actions are quickest: the slowest effort class among their actions, then
//!    their weeks added up, a question with no actions last; then questionnaire order). First
//!    each in turn is raised as far toward its target (or its gate's minimum, if higher) as still
//!    leaves a way to reach the goal at exactly that cost, found by running the tables again with
//!    the choices made so far fixed; then, only where the goal needs more, the steps past targets
//!    go to the questions in the same order, each getting the most that still leaves a way. So
//!    the steps close failing gates first, then the gaps with the quickest fixes, and raise a
//!    question past its target only when no assignment of that cost can avoid it.
//!
//! The sums are added in the order the scorer adds them, with the same f64 operations, and f64
//! addition, multiplication and division by a positive number, and rounding, are monotone: the
//! figures here are bit for bit those the scorer prints, so a readiness of 74.95 is judged as
//! the report would judge it. The caller scores the result again with the scorer all the same.
//!
//! Size: with `n` answered questions of at most `k` levels and a total cost of at most `B` half
//! steps, one run of the tables costs O(n·k·B + d·B²) for `d` dimensions; the ties take at most
//! n·k further runs bounded by the minimum cost.

use crate::questionnaire::{Effort, Question, Questionnaire};
use crate::scoring::{
    round1, GateStatus, ProcessScore, QuestionStatus, Verdict, MIN_COVERAGE_FOR_READY,
    MIN_DIMENSION_FOR_READY, NOT_READY_BELOW, READY_AT,
};

/// The verdict a change is searched for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Goal {
    /// `conditional` or better.
    Conditional,
    Ready,
}

impl Goal {
    pub fn verdict(self) -> Verdict {
        match self {
            Goal::Conditional => Verdict::Conditional,
            Goal::Ready => Verdict::Ready,
        }
    }

    /// Whether a process with `verdict` is at the goal or above it.
    pub fn reached_by(self, verdict: Verdict) -> bool {
        match self {
            Goal::Conditional => matches!(verdict, Verdict::Conditional | Verdict::Ready),
            Goal::Ready => verdict == Verdict::Ready,
        }
    }

    fn threshold(self) -> f64 {
        match self {
            Goal::Conditional => NOT_READY_BELOW,
            Goal::Ready => READY_AT,
        }
    }

    fn dimension_floor(self) -> Option<f64> {
        match self {
            Goal::Conditional => None,
            Goal::Ready => Some(MIN_DIMENSION_FOR_READY),
        }
    }
}

/// One question raised: its index in the questionnaire and its new level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raise {
    pub question: usize,
    pub to: usize,
}

/// What the search found.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// The process is at the goal or above it already.
    Already,
    /// The smallest change: the questions raised, in questionnaire order, and its cost in half
    /// steps.
    Change { raises: Vec<Raise>, half_steps: u32 },
    /// No raise of answered levels reaches the goal; why, and what to answer first.
    Impossible(Vec<String>),
}

/// The smallest change that brings the process scored `score` to `goal`; `min_coverage` (0-1)
/// is the coverage a verdict needs.
pub fn smallest(q: &Questionnaire, score: &ProcessScore, min_coverage: f64, goal: Goal) -> Found {
    if goal.reached_by(score.verdict) {
        return Found::Already;
    }
    let blockers = answer_first(q, score, min_coverage, goal);
    if !blockers.is_empty() {
        return Found::Impossible(blockers);
    }
    let model = match Model::new(q, score, goal) {
        Ok(model) => model,
        Err(reason) => return Found::Impossible(vec![reason]),
    };
    let budget = model.budget();
    let free = vec![None; model.items.len()];
    let sums = model.readiness_sums(&free, budget);
    // Every answered question at the top of its scale scores 100, and so then do every scored
    // dimension and readiness: once `answer_first` finds nothing, some cost always reaches the
    // goal. This stays a refusal rather than a panic should that ever change.
    let Some(cost) = (0..=budget).find(|&c| model.reaches(sums[c])) else {
        return Found::Impossible(vec![
            "no raise of the answered levels reaches it, even every one to the top of its scale"
                .into(),
        ]);
    };
    let chosen = model.break_ties(q, cost);
    let raises = model
        .items
        .iter()
        .zip(&chosen)
        .filter_map(|(item, &k)| {
            item.choices[k].to.map(|to| Raise {
                question: item.question,
                to,
            })
        })
        .collect();
    Found::Change {
        raises,
        half_steps: cost as u32,
    }
}

/// What raising levels cannot change: too little answered for a verdict, and for `ready` too
/// little answered, an unanswered gate, a dimension nobody answered.
fn answer_first(
    q: &Questionnaire,
    score: &ProcessScore,
    min_coverage: f64,
    goal: Goal,
) -> Vec<String> {
    let mut reasons = Vec::new();
    if score.readiness.is_none() {
        reasons.push("no applicable question is answered yet: answer the questions first".into());
        return reasons;
    }
    let total = score.questions.len();
    let covered = score
        .questions
        .iter()
        .filter(|r| r.status != QuestionStatus::Unanswered)
        .count();
    let more_for = |share: f64| {
        (covered..=total)
            .find(|&n| n as f64 / total as f64 >= share)
            .map_or(0, |n| n - covered)
    };
    if score.coverage < min_coverage {
        reasons.push(format!(
            "only {:.0}% of questions are answered and a verdict needs {:.0}%: answer {} more \
             first (raising levels does not change what is answered)",
            score.coverage * 100.0,
            min_coverage * 100.0,
            more_for(min_coverage)
        ));
    }
    if goal == Goal::Ready {
        if score.coverage < MIN_COVERAGE_FOR_READY && score.coverage >= min_coverage {
            reasons.push(format!(
                "only {:.0}% of questions are answered and ready needs {:.0}%: answer {} more \
                 first",
                score.coverage * 100.0,
                MIN_COVERAGE_FOR_READY * 100.0,
                more_for(MIN_COVERAGE_FOR_READY)
            ));
        }
        for gate in score
            .gates
            .iter()
            .filter(|g| g.status == GateStatus::Unanswered)
        {
            let title = q.question(&gate.question).map_or("", Question::title);
            reasons.push(format!(
                "critical question `{}` ({title}) is not answered: answer it first",
                gate.question
            ));
        }
        for (d, s) in q.dimensions.iter().zip(&score.dimensions) {
            if s.score.is_none() && !s.not_applicable {
                reasons.push(format!(
                    "{} has no answers: answer its questions first",
                    d.name
                ));
            }
        }
    }
    reasons
}

/// One answered question and the levels it may take.
struct Item {
    /// Index in the questionnaire.
    question: usize,
    weight: f64,
    /// The gate applies to the process.
    gate: bool,
    /// Answered below its target: a gap.
    below_target: bool,
    /// The level a tie may raise it to before any question goes past its own: its target, or
    /// its gate's minimum when that is higher.
    cap: usize,
    /// By cost, cheapest first.
    choices: Vec<Choice>,
}

#[derive(Debug, Clone, Copy)]
struct Choice {
    /// The new level; None keeps the answer as it is.
    to: Option<usize>,
    /// In half steps.
    cost: usize,
    /// The question's score with this choice, 0-100.
    score: f64,
}

/// A dimension with at least one answered question: only those have a score.
struct Dim {
    weight: f64,
    /// Indexes into `Model::items`, in questionnaire order.
    items: Vec<usize>,
    /// Its questions' weights added up, in the scorer's order.
    weights: f64,
}

struct Model {
    goal: Goal,
    /// Every answered question, in questionnaire order.
    items: Vec<Item>,
    dims: Vec<Dim>,
    /// The scored dimensions' weights added up, in the scorer's order.
    weights: f64,
}

impl Model {
    fn new(q: &Questionnaire, score: &ProcessScore, goal: Goal) -> Result<Model, String> {
        let tier = score.risk_tier;
        let mut items = Vec::new();
        for (index, (question, result)) in q.questions.iter().zip(&score.questions).enumerate() {
            let (Some(level), Some(current), QuestionStatus::Answered) =
                (result.level, result.score, result.status)
            else {
                continue;
            };
            let Some(scale) = q.scale(&question.scale) else {
                continue;
            };
            let gate = question.gate.as_ref().filter(|g| g.applies_to(tier));
            let floor = gate.map_or(0, |g| g.min_level);
            let mut choices = Vec::new();
            if level >= floor as f64 {
                choices.push(Choice {
                    to: None,
                    cost: 0,
                    score: current,
                });
            }
            let top = scale.levels.len().saturating_sub(1);
            let first = (level.floor() as usize + 1).max(floor);
            for to in first..=top {
                choices.push(Choice {
                    to: Some(to),
                    // Twice a whole level less twice a median: a whole number of half steps.
                    cost: (2.0 * (to as f64 - level)).round() as usize,
                    score: scale.score(to),
                });
            }
            if choices.is_empty() {
                return Err(format!(
                    "critical question `{}` needs level {floor}, above the top of its scale",
                    question.id
                ));
            }
            items.push(Item {
                question: index,
                weight: question.weight,
                gate: gate.is_some(),
                below_target: result.below_target,
                cap: question.target.max(floor),
                choices,
            });
        }
        let mut dims = Vec::new();
        for d in &q.dimensions {
            let members: Vec<usize> = (0..items.len())
                .filter(|&i| q.questions[items[i].question].dimension == d.id)
                .collect();
            if members.is_empty() {
                continue;
            }
            let weights = members.iter().fold(0.0, |w, &i| w + items[i].weight);
            dims.push(Dim {
                weight: d.weight,
                items: members,
                weights,
            });
        }
        let weights = dims.iter().fold(0.0, |w, d| w + d.weight);
        Ok(Model {
            goal,
            items,
            dims,
            weights,
        })
    }

    /// The cost of raising every answered question to the top of its scale.
    fn budget(&self) -> usize {
        self.items
            .iter()
            .map(|i| i.choices.iter().map(|c| c.cost).max().unwrap_or(0))
            .sum()
    }

    /// Per exact cost up to `budget`, the largest sum of question score × weight over the
    /// dimension's questions; `fixed` pins an item to one of its choices.
    fn dimension_sums(
        &self,
        dim: &Dim,
        fixed: &[Option<usize>],
        budget: usize,
    ) -> Vec<Option<f64>> {
        let mut best = vec![None; budget + 1];
        best[0] = Some(0.0);
        for &i in &dim.items {
            let item = &self.items[i];
            let mut next: Vec<Option<f64>> = vec![None; budget + 1];
            for (cost, sum) in best.iter().enumerate() {
                let Some(sum) = *sum else { continue };
                for (k, choice) in item.choices.iter().enumerate() {
                    if fixed[i].is_some_and(|f| f != k) {
                        continue;
                    }
                    let at = cost + choice.cost;
                    if at > budget {
                        break;
                    }
                    // As the scorer's weighted mean adds: sum + value * weight.
                    let value = sum + choice.score * item.weight;
                    if next[at].is_none_or(|b| value > b) {
                        next[at] = Some(value);
                    }
                }
            }
            best = next;
        }
        best
    }

    /// Per exact total cost up to `budget`, the largest sum of rounded dimension score ×
    /// dimension weight; for `ready`, only with every dimension at 50 or more.
    fn readiness_sums(&self, fixed: &[Option<usize>], budget: usize) -> Vec<Option<f64>> {
        let mut best = vec![None; budget + 1];
        best[0] = Some(0.0);
        for dim in &self.dims {
            let scores: Vec<Option<f64>> = self
                .dimension_sums(dim, fixed, budget)
                .into_iter()
                .map(|sum| {
                    sum.map(|s| round1(s / dim.weights))
                        .filter(|&s| self.goal.dimension_floor().is_none_or(|f| s >= f))
                })
                .collect();
            let mut next: Vec<Option<f64>> = vec![None; budget + 1];
            for (cost, sum) in best.iter().enumerate() {
                let Some(sum) = *sum else { continue };
                for (spent, score) in scores.iter().enumerate().take(budget + 1 - cost) {
                    let Some(score) = *score else { continue };
                    let value = sum + score * dim.weight;
                    let at = cost + spent;
                    if next[at].is_none_or(|b| value > b) {
                        next[at] = Some(value);
                    }
                }
            }
            best = next;
        }
        best
    }

    /// Whether a readiness sum reaches the goal, rounded as the scorer rounds it.
    fn reaches(&self, sum: Option<f64>) -> bool {
        sum.is_some_and(|s| round1(s / self.weights) >= self.goal.threshold())
    }

    /// Among the assignments that reach the goal at exactly `cost`, the one that closes gaps
    /// first: per item, the index of its choice. The questions are taken in order of preference
    /// (failing gates, then gaps, then the rest; quickest actions first; then questionnaire
    /// order). First each is raised as far toward its target as still leaves a way to the goal
    /// at `cost`; then, only if the goal needs more, the steps past targets go to the same order.
    fn break_ties(&self, q: &Questionnaire, cost: usize) -> Vec<usize> {
        let mut fixed: Vec<Option<usize>> = vec![None; self.items.len()];
        let mut order: Vec<usize> = (0..self.items.len())
            .filter(|&i| self.items[i].choices.len() > 1)
            .collect();
        order.sort_by_key(|&i| {
            let item = &self.items[i];
            // A gate that fails has no choice that keeps its answer.
            let failing_gate = item.gate && item.choices[0].to.is_some();
            (
                !failing_gate,
                !item.below_target,
                quickness(&q.questions[item.question]),
                item.question,
            )
        });
        let settle = |i: usize, within: &dyn Fn(&Choice) -> bool, fixed: &mut Vec<_>| {
            let found = (0..self.items[i].choices.len())
                .rev()
                .filter(|&k| within(&self.items[i].choices[k]))
                .find(|&k| {
                    fixed[i] = Some(k);
                    self.reaches(self.readiness_sums(fixed, cost)[cost])
                });
            fixed[i] = found;
        };
        for &i in &order {
            let cap = self.items[i].cap;
            // None when the goal needs this question past its target: left open for below.
            settle(i, &|c: &Choice| c.to.is_none_or(|to| to <= cap), &mut fixed);
        }
        for &i in &order {
            if fixed[i].is_none() {
                // The assignment so far can be completed at `cost`, so some choice here works.
                settle(i, &|_: &Choice| true, &mut fixed);
            }
        }
        fixed.into_iter().map(|k| k.unwrap_or(0)).collect()
    }
}

/// How quick a question's fix is, quickest first: the slowest effort class among its actions,
/// then their weeks added up; a question without actions comes after every one with some.
pub fn quickness(question: &Question) -> (bool, Option<Effort>, u32) {
    let slowest = question.actions.iter().map(|a| a.effort).max();
    let weeks = question.actions.iter().map(|a| a.weeks).sum();
    (slowest.is_none(), slowest, weeks)
}

#[cfg(test)]
mod tests;
