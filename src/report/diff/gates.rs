//! Critical gates that moved between two reports of a process. A report lists only the gates a
//! process fails or leaves unanswered; a gate it does not list is read from the question's
//! status in the same report, so "passed" means answered and no longer held back by the gate.

use serde::Serialize;

use crate::report::model::ProcessView;
use crate::scoring::{GateStatus, QuestionStatus};

/// Where a critical gate stands for a process in one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateState {
    /// Answered, and not among the process's failed or unanswered gates.
    Passing,
    Failed,
    Unanswered,
    /// The question is marked not applicable for the process.
    NotApplicable,
    /// Unanswered, and not among the process's gates: not a gate for it in this report (the
    /// gate may apply only to some risk tiers).
    NotAGate,
    /// The report's questionnaire has no such question.
    NotAsked,
}

impl GateState {
    pub fn label(self) -> &'static str {
        match self {
            GateState::Passing => "passing",
            GateState::Failed => "failed",
            GateState::Unanswered => "unanswered",
            GateState::NotApplicable => "not applicable",
            GateState::NotAGate => "not a gate for it",
            GateState::NotAsked => "not in the questionnaire",
        }
    }

    /// Failed or unanswered: the gate holds the process back.
    fn holds_back(self) -> bool {
        matches!(self, GateState::Failed | GateState::Unanswered)
    }
}

/// How a gate moved, as the diff's sections group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateMove {
    /// Failed or unanswered before, passing now.
    Passed,
    /// Failed now, and neither failed nor unanswered before.
    NewlyFailed,
    /// Any other move: unanswered to failed, failed to unanswered, passing to unanswered, or a
    /// gate that no longer applies.
    Other,
}

/// A critical gate of a process in both reports whose state changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GateChange {
    /// The process's id.
    pub process: String,
    /// The process's name, as the new report gives it.
    pub name: String,
    /// The gate's question id.
    pub question: String,
    /// The question's wording, from the new report (else the old one).
    pub text: Option<String>,
    /// The question's short title, when the questionnaire gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub old: GateState,
    pub new: GateState,
    pub kind: GateMove,
}

fn state(process: &ProcessView, question: &str) -> GateState {
    if let Some(gate) = process.gates.iter().find(|g| g.question == question) {
        return match gate.status {
            GateStatus::Failed => GateState::Failed,
            GateStatus::Unanswered => GateState::Unanswered,
        };
    }
    match process.question(question) {
        None => GateState::NotAsked,
        Some(q) => match q.status {
            QuestionStatus::Answered => GateState::Passing,
            QuestionStatus::NotApplicable => GateState::NotApplicable,
            QuestionStatus::Unanswered => GateState::NotAGate,
        },
    }
}

fn classify(old: GateState, new: GateState) -> GateMove {
    match (old.holds_back(), new) {
        (true, GateState::Passing) => GateMove::Passed,
        (false, GateState::Failed) => GateMove::NewlyFailed,
        _ => GateMove::Other,
    }
}

/// The gates either report lists for the process (`new` is the later report of the same
/// process) whose state differs, in the new report's question order, then the old one's.
pub fn gate_changes(old: &ProcessView, new: &ProcessView) -> Vec<GateChange> {
    let mut questions: Vec<&str> = Vec::new();
    for gate in old.gates.iter().chain(&new.gates) {
        if !questions.contains(&gate.question.as_str()) {
            questions.push(&gate.question);
        }
    }
    let position = |id: &str| {
        let in_new = new.questions.iter().position(|q| *q.id == *id);
        let in_old = || {
            old.questions
                .iter()
                .position(|q| *q.id == *id)
                .map(|i| new.questions.len() + i)
        };
        in_new.or_else(in_old).unwrap_or(usize::MAX)
    };
    questions.sort_by_key(|id| position(id));
    questions
        .into_iter()
        .filter_map(|question| {
            let (was, is) = (state(old, question), state(new, question));
            if was == is {
                return None;
            }
            let view = new
                .questions
                .iter()
                .chain(&old.questions)
                .find(|q| *q.id == *question);
            let text = view.map(|q| q.text.to_string());
            let title = view
                .map(|q| q.title.to_string())
                .filter(|t| !t.is_empty() && t != question);
            Some(GateChange {
                process: new.id.clone(),
                name: new.name.clone(),
                question: question.to_string(),
                text,
                title,
                old: was,
                new: is,
                kind: classify(was, is),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use GateStatus::{Failed, Unanswered};
    use QuestionStatus::{Answered, NotApplicable};

    /// A process with `gates` failed or unanswered and `questions` of the given statuses, read
    /// from its JSON form so that fields other reports add take their defaults.
    fn process(gates: &[(&str, GateStatus)], questions: &[(&str, QuestionStatus)]) -> ProcessView {
        let gates: Vec<_> = gates
            .iter()
            .map(|(question, status)| json!({"question": question, "status": status, "reason": ""}))
            .collect();
        let questions: Vec<_> = questions
            .iter()
            .map(|(id, status)| {
                json!({
                    "id": id, "dimension": "d", "text": format!("Text of {id}?"), "status": status,
                    "level": null, "level_label": null, "target": 3, "score": null, "spread": null,
                    "below_target": false, "answers": []
                })
            })
            .collect();
        serde_json::from_value(json!({
            "id": "p", "name": "P", "owner": "", "risk_tier": "high", "readiness": null,
            "verdict": "not_ready", "reasons": [], "coverage": 1.0, "confidence": "high",
            "respondents": 1, "respondent_details": [], "dimensions": {}, "gates": gates,
            "disagreements": [], "questions": questions
        }))
        .unwrap()
    }

    fn moves(changes: &[GateChange]) -> Vec<(&str, GateState, GateState, GateMove)> {
        changes
            .iter()
            .map(|c| (c.question.as_str(), c.old, c.new, c.kind))
            .collect()
    }

    #[test]
    fn every_move_of_a_gate_is_named_and_grouped() {
        let questions = [
            ("raised", Answered),
            ("lowered", Answered),
            ("answered_low", Answered),
            ("forgotten", QuestionStatus::Unanswered),
            ("waived", NotApplicable),
            ("still_failing", Answered),
        ];
        let old = process(
            &[
                ("raised", Failed),
                ("answered_low", Unanswered),
                ("waived", Failed),
                ("still_failing", Failed),
            ],
            &[
                ("raised", Answered),
                ("lowered", Answered),
                ("answered_low", QuestionStatus::Unanswered),
                ("forgotten", Answered),
                ("waived", Answered),
                ("still_failing", Answered),
            ],
        );
        let new = process(
            &[
                ("lowered", Failed),
                ("answered_low", Failed),
                ("forgotten", Unanswered),
                ("still_failing", Failed),
            ],
            &questions,
        );
        let changes = gate_changes(&old, &new);
        assert_eq!(
            moves(&changes),
            [
                (
                    "raised",
                    GateState::Failed,
                    GateState::Passing,
                    GateMove::Passed
                ),
                (
                    "lowered",
                    GateState::Passing,
                    GateState::Failed,
                    GateMove::NewlyFailed
                ),
                (
                    "answered_low",
                    GateState::Unanswered,
                    GateState::Failed,
                    GateMove::Other
                ),
                (
                    "forgotten",
                    GateState::Passing,
                    GateState::Unanswered,
                    GateMove::Other
                ),
                (
                    "waived",
                    GateState::Failed,
                    GateState::NotApplicable,
                    GateMove::Other
                ),
            ]
        );
        assert_eq!(changes[0].text.as_deref(), Some("Text of raised?"));
        assert_eq!(changes[0].process, "p");
    }

    #[test]
    fn an_unanswered_gate_answered_well_enough_is_passed() {
        let old = process(&[("q", Unanswered)], &[("q", QuestionStatus::Unanswered)]);
        let new = process(&[], &[("q", Answered)]);
        assert_eq!(
            moves(&gate_changes(&old, &new)),
            [(
                "q",
                GateState::Unanswered,
                GateState::Passing,
                GateMove::Passed
            )]
        );
    }

    #[test]
    fn a_gate_of_a_question_the_old_questionnaire_lacked_is_newly_failed_and_keeps_its_text() {
        let old = process(&[], &[]);
        let new = process(&[("new_q", Failed)], &[("new_q", Answered)]);
        let changes = gate_changes(&old, &new);
        assert_eq!(
            moves(&changes),
            [(
                "new_q",
                GateState::NotAsked,
                GateState::Failed,
                GateMove::NewlyFailed
            )]
        );
        assert_eq!(changes[0].text.as_deref(), Some("Text of new_q?"));
    }

    #[test]
    fn a_gate_dropped_from_the_questionnaire_is_ordered_last_with_its_old_text() {
        let old = process(
            &[("gone", Failed), ("kept", Failed)],
            &[("gone", Answered), ("kept", Answered)],
        );
        let new = process(&[], &[("kept", Answered)]);
        let changes = gate_changes(&old, &new);
        assert_eq!(
            moves(&changes),
            [
                (
                    "kept",
                    GateState::Failed,
                    GateState::Passing,
                    GateMove::Passed
                ),
                (
                    "gone",
                    GateState::Failed,
                    GateState::NotAsked,
                    GateMove::Other
                ),
            ]
        );
        assert_eq!(changes[1].text.as_deref(), Some("Text of gone?"));
    }
}
