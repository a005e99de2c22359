//! The minimum viable operating model: per process, the short checklist that must be true
//! before its go-live, read from what the questionnaire declares. A question is on it when it is
//! a critical gate for the process's risk tier, when one of its actions names the owner of
//! outcome, exceptions and failure mode (rule 7), belongs to the governance baseline (rule 2), or
//! is a human review, audit trail or sign-off control and the process is not low-risk (rule 6).
//! Each open item names the plan steps that deliver it.

use std::sync::Arc;

use foldhash::HashMap;
use serde::{Deserialize, Serialize};

use super::model::ProcessView;
use crate::plan::{Plan, Step};
use crate::questionnaire::{ActionTag, Level3, Question, Questionnaire};
use crate::scoring::{ProcessScore, QuestionStatus, Scorecard};

/// One process's checklist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub process: String,
    pub name: String,
    pub risk_tier: Level3,
    /// The go-live week, when the process is planned.
    pub go_live_week: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live_date: Option<String>,
    pub items: Vec<ChecklistItem>,
    /// Items already true.
    pub met: usize,
}

/// Why a question is on the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A critical gate for this risk tier.
    Gate,
    /// The named owner of outcome, exceptions and failure mode (rule 7).
    Owner,
    /// Part of the governance baseline (rule 2).
    GovernanceBaseline,
    /// A control the risk tier requires (rule 6).
    Control,
    /// The senior sign-off milestone of a high-risk process (rule 6).
    Signoff,
}

impl ItemKind {
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Gate => "gate",
            ItemKind::Owner => "named owner",
            ItemKind::GovernanceBaseline => "governance baseline",
            ItemKind::Control => "risk control",
            ItemKind::Signoff => "sign-off",
        }
    }
}

/// One thing that must be true before go-live.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// The question, absent for the sign-off milestone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// The question's title, or the milestone's.
    pub title: String,
    pub kinds: Vec<ItemKind>,
    /// The level it needs: the gate's minimum for a gate alone, else the question's target.
    pub required_level: Option<usize>,
    /// The gate's minimum level, when the question is a gate for this process's tier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate_level: Option<usize>,
    /// The combined answer today; absent when unanswered.
    pub level: Option<f64>,
    /// True when already in place.
    pub met: bool,
    /// Whether the go-live waits for it: a governance baseline item waits only from the second
    /// go-live on (rule 2).
    pub before_go_live: bool,
    /// The steps that deliver it, when it is not met.
    pub steps: Vec<StepRef>,
}

/// A step as a checklist names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRef {
    /// The step's id; its texts are shared with the plan's step.
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub owner: Arc<str>,
    pub end_week: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Arc<str>>,
}

/// Every process's checklist, in go-live order; `scorecard` holds `processes`' scores, in the
/// same order.
pub fn build(
    q: &Questionnaire,
    processes: &[ProcessView],
    scorecard: &Scorecard,
    plan: &Plan,
) -> Vec<Checklist> {
    // Each process's own steps, found once: a checklist reads only those.
    let mut steps_of: HashMap<&str, Vec<&Step>> = HashMap::default();
    for step in plan.waves.iter().flat_map(|w| &w.steps) {
        for p in &step.processes {
            steps_of.entry(&**p).or_default().push(step);
        }
    }
    let views: HashMap<&str, (&ProcessView, &ProcessScore)> =
        ProcessView::with_scores(processes, scorecard)
            .map(|(p, score)| (p.id.as_str(), (p, score)))
            .collect();
    let mut rank = 0;
    plan.go_live
        .iter()
        .filter_map(|g| {
            let &(view, score) = views.get(g.process.as_str())?;
            let this_rank = g.week.map(|_| {
                rank += 1;
                rank - 1
            });
            let steps = steps_of
                .get(g.process.as_str())
                .map_or(&[][..], Vec::as_slice);
            Some(checklist(
                q,
                view,
                score,
                g.week,
                g.date.clone(),
                this_rank,
                steps,
            ))
        })
        .collect()
}

fn kinds_of(question: &Question, tier: Level3) -> Vec<ItemKind> {
    let mut kinds = Vec::new();
    if let Some(gate) = &question.gate {
        if gate.applies_to(tier) {
            kinds.push(ItemKind::Gate);
        }
    }
    let tagged = |tag: ActionTag| question.actions.iter().any(|a| a.tags.contains(&tag));
    if tagged(ActionTag::Owner) {
        kinds.push(ItemKind::Owner);
    }
    if tagged(ActionTag::GovernanceBaseline) {
        kinds.push(ItemKind::GovernanceBaseline);
    }
    let control = tagged(ActionTag::HumanReview)
        || tagged(ActionTag::AuditTrail)
        || tagged(ActionTag::Signoff);
    if control && tier != Level3::Low {
        kinds.push(ItemKind::Control);
    }
    kinds
}

/// The steps of the process that close `question`'s gap: those a go-live waits for, or, when
/// no go-live waits for any (ongoing practices alone), all of them.
fn delivering(steps: &[&Step], question: &str) -> Vec<StepRef> {
    let closing: Vec<&&Step> = steps
        .iter()
        .filter(|s| s.question.as_deref() == Some(question))
        .collect();
    let held: Vec<&&Step> = closing
        .iter()
        .copied()
        .filter(|s| s.before_go_live_of.is_some())
        .collect();
    let chosen = if held.is_empty() { closing } else { held };
    chosen.into_iter().map(|s| step_ref(s)).collect()
}

fn step_ref(step: &Step) -> StepRef {
    StepRef {
        id: step.id.clone(),
        title: step.title.clone(),
        owner: step.owner.clone(),
        end_week: step.end_week,
        end_date: step.end_date.clone(),
    }
}

fn checklist(
    q: &Questionnaire,
    view: &ProcessView,
    score: &ProcessScore,
    go_live_week: Option<u32>,
    go_live_date: Option<String>,
    rank: Option<usize>,
    steps: &[&Step],
) -> Checklist {
    let mut items: Vec<ChecklistItem> = q
        .questions
        .iter()
        .zip(&score.questions)
        .filter_map(|(question, answer)| {
            let kinds = kinds_of(question, view.risk_tier);
            if kinds.is_empty() {
                return None;
            }
            // Rule 2: the first go-live does not wait for the governance baseline.
            let first = rank == Some(0);
            let binding: Vec<ItemKind> = kinds
                .iter()
                .copied()
                .filter(|k| !(first && *k == ItemKind::GovernanceBaseline))
                .collect();
            let required = if binding == [ItemKind::Gate] {
                question.gate.as_ref().map(|g| g.min_level)
            } else {
                Some(question.target)
            };
            let not_applicable = answer.status == QuestionStatus::NotApplicable;
            let met = not_applicable
                || answer
                    .level
                    .zip(required)
                    .is_some_and(|(level, required)| level >= required as f64);
            Some(ChecklistItem {
                question: Some(question.id.clone()),
                title: question.title().to_string(),
                before_go_live: !binding.is_empty(),
                gate_level: question
                    .gate
                    .as_ref()
                    .filter(|_| kinds.contains(&ItemKind::Gate))
                    .map(|g| g.min_level),
                required_level: required,
                level: answer.level,
                met,
                steps: if met {
                    Vec::new()
                } else {
                    delivering(steps, &question.id)
                },
                kinds,
            })
        })
        .collect();
    let signoffs: Vec<StepRef> = steps
        .iter()
        .filter(|s| s.action_id.is_none() && s.tags.contains(&ActionTag::Signoff))
        .map(|s| step_ref(s))
        .collect();
    if !signoffs.is_empty() {
        items.push(ChecklistItem {
            question: None,
            title: crate::plan::MILESTONE_TITLE.to_string(),
            kinds: vec![ItemKind::Signoff],
            required_level: None,
            gate_level: None,
            level: None,
            met: false,
            before_go_live: true,
            steps: signoffs,
        });
    }
    Checklist {
        process: view.id.clone(),
        name: view.name.clone(),
        risk_tier: view.risk_tier,
        go_live_week,
        go_live_date,
        met: items.iter().filter(|i| i.met).count(),
        items,
    }
}
