//! Stage 2: the gaps each planned process needs closed, and the indexes every stage shares.

use std::collections::HashMap;

use super::Context;
use crate::questionnaire::{Action, DimensionRole, Questionnaire};
use crate::scoring::{GateStatus, QuestionResult, QuestionStatus};

/// Lookups built once from the questionnaire.
pub(crate) struct Index<'a> {
    /// Action id -> (question index, action index within the question).
    pub actions: HashMap<&'a str, (usize, usize)>,
    /// Per question index: the role its dimension declares.
    pub roles: Vec<Option<DimensionRole>>,
    questionnaire: &'a Questionnaire,
}

impl<'a> Index<'a> {
    pub fn action(&self, (qi, ai): (usize, usize)) -> &'a Action {
        &self.questionnaire.questions[qi].actions[ai]
    }

    pub fn new(q: &'a Questionnaire) -> Index<'a> {
        let dimension_roles: HashMap<&str, Option<DimensionRole>> = q
            .dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.role))
            .collect();
        Index {
            actions: q
                .questions
                .iter()
                .enumerate()
                .flat_map(|(qi, question)| {
                    question
                        .actions
                        .iter()
                        .enumerate()
                        .map(move |(ai, a)| (a.id.as_str(), (qi, ai)))
                })
                .collect(),
            questionnaire: q,
            roles: q
                .questions
                .iter()
                .map(|question| {
                    dimension_roles
                        .get(question.dimension.as_str())
                        .copied()
                        .flatten()
                })
                .collect(),
        }
    }
}

/// Process `p`'s combined answer to question `qi`.
pub(crate) fn result<'a>(cx: &Context<'a>, p: usize, qi: usize) -> Option<&'a QuestionResult> {
    let id = &cx.q.questions.get(qi)?.id;
    let questions = &cx.scores[p].questions;
    // The scorecard lists questions in questionnaire order; look up by id only if it does not.
    match questions.get(qi) {
        Some(r) if &r.question == id => Some(r),
        _ => questions.iter().find(|r| &r.question == id),
    }
}

/// Why a question's actions are planned for a process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum GapKind {
    /// Answered below its target level.
    Below { level: f64, target: usize },
    /// A critical gate nobody answered: for planning it counts as failed.
    UnansweredGate,
    /// Unanswered, and a planned step depends on one of its actions: planned to be safe.
    UnansweredDependency,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Gap {
    pub process: usize,
    /// Question index.
    pub question: usize,
    pub kind: GapKind,
    /// It closes a critical gate (failed or unanswered) of the process.
    pub gate: bool,
}

/// Every gap of every planned process, by question, then go-live order.
pub(crate) fn find(cx: &Context<'_>) -> Vec<Gap> {
    let questions = cx.q.questions.len();
    // Per planned process, the gate status of each question that has an open gate.
    let position: HashMap<&str, usize> =
        cx.q.questions
            .iter()
            .enumerate()
            .filter(|(_, question)| question.gate.is_some())
            .map(|(qi, question)| (question.id.as_str(), qi))
            .collect();
    let gates: Vec<Vec<Option<GateStatus>>> = cx
        .ranking
        .planned
        .iter()
        .map(|&p| {
            let mut status = vec![None; questions];
            for gate in &cx.scores[p].gates {
                if let Some(&qi) = position.get(gate.question.as_str()) {
                    status[qi] = Some(gate.status);
                }
            }
            status
        })
        .collect();
    let mut found = Vec::new();
    for (qi, question) in cx.q.questions.iter().enumerate() {
        if question.actions.is_empty() {
            continue;
        }
        for (position, &p) in cx.ranking.planned.iter().enumerate() {
            let Some(result) = result(cx, p, qi) else {
                continue;
            };
            let gate = gates[position][qi];
            let kind = match (result.status, gate) {
                (QuestionStatus::Answered, _) if result.below_target => GapKind::Below {
                    level: result.level.unwrap_or(0.0),
                    target: question.target,
                },
                (QuestionStatus::Unanswered, Some(GateStatus::Unanswered)) => {
                    GapKind::UnansweredGate
                }
                _ => continue,
            };
            found.push(Gap {
                process: p,
                question: qi,
                kind,
                gate: gate.is_some(),
            });
        }
    }
    found
}

/// The questions a process too little assessed should answer to be planned: its unanswered
/// critical gates first, then others in questionnaire order, as many as reach `min_coverage`.
pub(crate) fn to_answer(cx: &Context<'_>, p: usize) -> Vec<String> {
    let score = cx.scores[p];
    let total = score.questions.len();
    let covered = score
        .questions
        .iter()
        .filter(|r| r.status != QuestionStatus::Unanswered)
        .count();
    let needed_total = (cx.settings.min_coverage * total as f64).ceil() as usize;
    // At least one answer, so a process with nothing applicable answered learns where to start.
    let needed = needed_total.saturating_sub(covered).max(1);
    let gates = score
        .gates
        .iter()
        .filter(|g| g.status == GateStatus::Unanswered)
        .map(|g| g.question.clone());
    let mut list: Vec<String> = gates.collect();
    let room = needed.saturating_sub(list.len());
    let others: Vec<String> = score
        .questions
        .iter()
        .filter(|r| r.status == QuestionStatus::Unanswered && !list.contains(&r.question))
        .map(|r| r.question.clone())
        .take(room)
        .collect();
    list.extend(others);
    list
}
