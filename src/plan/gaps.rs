//! Stage 2: the gaps each planned process needs closed, and the indexes every stage shares.

use foldhash::HashMap;

use super::{index32, Context};
use crate::questionnaire::{Action, DimensionRole, Questionnaire};
use crate::scoring::{GateStatus, QuestionResult, QuestionStatus};

/// Lookups built once from the questionnaire.
pub(crate) struct Index<'a> {
    /// Action id -> (question index, action index within the question).
    pub actions: HashMap<&'a str, (usize, usize)>,
    /// Per question index: the role its dimension declares.
    pub roles: Vec<Option<DimensionRole>>,
    /// Per question index: the position of its first action among all actions.
    pub first_action: Vec<usize>,
    /// How many actions the questionnaire has.
    pub action_count: usize,
    /// Per action (by [`Index::flat`] position): the actions its `depends_on` names, in that
    /// order, those the questionnaire has; found once rather than for every step of it.
    pub depends_on: Vec<Vec<(usize, usize)>>,
    questionnaire: &'a Questionnaire,
}

impl<'a> Index<'a> {
    /// The position of an action among all the questionnaire's actions.
    pub fn flat(&self, (qi, ai): (usize, usize)) -> usize {
        self.first_action[qi] + ai
    }

    pub fn action(&self, (qi, ai): (usize, usize)) -> &'a Action {
        &self.questionnaire.questions[qi].actions[ai]
    }

    pub fn new(q: &'a Questionnaire) -> Index<'a> {
        let dimension_roles: HashMap<&str, Option<DimensionRole>> = q
            .dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.role))
            .collect();
        let mut first_action = Vec::with_capacity(q.questions.len());
        let mut action_count = 0;
        for question in &q.questions {
            first_action.push(action_count);
            action_count += question.actions.len();
        }
        let actions: HashMap<&str, (usize, usize)> = q
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
            .collect();
        let depends_on = q
            .questions
            .iter()
            .flat_map(|question| &question.actions)
            .map(|action| {
                action
                    .depends_on
                    .iter()
                    .filter_map(|dep| actions.get(dep.as_str()).copied())
                    .collect()
            })
            .collect();
        Index {
            first_action,
            action_count,
            actions,
            depends_on,
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
pub(crate) fn result<'a>(cx: &Context<'a>, p: usize, qi: usize) -> Option<&'a QuestionResult<'a>> {
    cx.scores[p].question_at(qi, &cx.q.questions.get(qi)?.id)
}

/// Why a question's actions are planned for a process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum GapKind {
    /// Answered below its target level.
    Below { level: f64, target: u32 },
    /// A critical gate nobody answered: for planning it counts as failed.
    UnansweredGate,
    /// Unanswered, and a planned step depends on one of its actions: planned to be safe.
    UnansweredDependency,
    /// The action mends seam `seam` (its index in the questionnaire), at risk for the process.
    Seam { seam: u32 },
}

/// A gap of one process on one question. Its indexes are held in 32 bits: a step holds its
/// first gap inside itself, and a plan holds thousands of steps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Gap {
    process: u32,
    question: u32,
    pub kind: GapKind,
    /// It closes a critical gate (failed or unanswered) of the process.
    pub gate: bool,
}

impl Gap {
    pub fn new(process: usize, question: usize, kind: GapKind, gate: bool) -> Gap {
        Gap {
            process: index32(process),
            question: index32(question),
            kind,
            gate,
        }
    }

    /// The process (engagement index).
    pub fn process(&self) -> usize {
        self.process as usize
    }

    /// The question (questionnaire index).
    pub fn question(&self) -> usize {
        self.question as usize
    }
}

impl GapKind {
    pub fn below(level: f64, target: usize) -> GapKind {
        GapKind::Below {
            level,
            target: index32(target),
        }
    }

    pub fn seam(seam: usize) -> GapKind {
        GapKind::Seam {
            seam: index32(seam),
        }
    }
}

/// Every gap of every planned process, in go-live order, then question order. Process by
/// process, so that a process's steps lie together in memory for the stages that follow.
pub(crate) fn find(cx: &Context<'_>) -> Vec<Gap> {
    let questions = cx.q.questions.len();
    let position: HashMap<&str, usize> =
        cx.q.questions
            .iter()
            .enumerate()
            .filter(|(_, question)| question.gate.is_some())
            .map(|(qi, question)| (question.id.as_str(), qi))
            .collect();
    let mut found = Vec::new();
    let mut gates: Vec<Option<GateStatus>> = vec![None; questions];
    for &p in &cx.ranking.planned {
        gates.fill(None);
        for gate in &cx.scores[p].gates {
            if let Some(&qi) = position.get(gate.question.as_str()) {
                gates[qi] = Some(gate.status);
            }
        }
        for (qi, question) in cx.q.questions.iter().enumerate() {
            if question.actions.is_empty() {
                continue;
            }
            let Some(result) = result(cx, p, qi) else {
                continue;
            };
            let kind = match (result.status, gates[qi]) {
                (QuestionStatus::Answered, _) if result.below_target => {
                    GapKind::below(result.level.unwrap_or(0.0), question.target)
                }
                (QuestionStatus::Unanswered, Some(GateStatus::Unanswered)) => {
                    GapKind::UnansweredGate
                }
                _ => continue,
            };
            found.push(Gap::new(p, qi, kind, gates[qi].is_some()));
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
        .filter(|r| r.status == QuestionStatus::Unanswered && !list.iter().any(|q| q == r.question))
        .map(|r| r.question.to_string())
        .take(room)
        .collect();
    list.extend(others);
    list
}
