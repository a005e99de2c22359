//! The seams at risk of one process, as every format shows them: the two sides with their
//! scores, the questions below target on each, what goes wrong at the join, and the actions
//! that mend it. Built once from `scoring::seams`; renderers only format it.

use serde::{Deserialize, Serialize};

use crate::questionnaire::Questionnaire;
use crate::scoring::seams::{SeamScore, SeamStatus, SideScore};
use crate::scoring::{self, ProcessScore};

/// A seam at risk for one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeamView {
    pub id: String,
    pub name: String,
    /// `amplified` (one side strong, the other weak), `both_weak` or `one_weak` (one side weak,
    /// the other in between or without a score).
    pub status: SeamStatus,
    /// The two sides, as the questionnaire lists them.
    pub sides: Vec<SideView>,
    /// The figures that put it at risk, in one sentence of the scores printed here.
    pub finding: String,
    /// What goes wrong when the join is weak.
    pub risk: String,
    /// The actions that mend it, in the questionnaire's order.
    pub actions: Vec<SeamAction>,
}

/// One side of a seam for one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SideView {
    pub name: String,
    /// 0-100, one decimal; null when none of its questions is answered.
    pub score: Option<f64>,
    /// Below the not-ready threshold.
    pub weak: bool,
    /// At or above the ready threshold.
    pub strong: bool,
    /// Its questions answered below their target, in questionnaire order: the evidence.
    pub below_target: Vec<BelowTarget>,
}

/// A question of a side answered below its target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BelowTarget {
    pub question: String,
    /// The question's title, or its id.
    pub title: String,
    /// The combined (median) level; may be a half level.
    pub level: f64,
    pub target: usize,
}

/// An action that mends a seam.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeamAction {
    pub id: String,
    /// The action's title, or its id.
    pub title: String,
}

/// The seams at risk for one process, in questionnaire order.
pub fn at_risk(q: &Questionnaire, score: &ProcessScore<'_>) -> Vec<SeamView> {
    scoring::seams::at_risk(q, score)
        .iter()
        .filter_map(|s| view(q, score, s))
        .collect()
}

fn view(q: &Questionnaire, score: &ProcessScore<'_>, s: &SeamScore<'_>) -> Option<SeamView> {
    Some(SeamView {
        id: s.seam.id.clone(),
        name: one_line(&s.seam.name),
        status: s.status?,
        finding: s.finding()?,
        sides: s
            .sides
            .iter()
            .map(|side| side_view(q, score, side))
            .collect(),
        risk: one_line(&s.seam.risk),
        actions: s
            .seam
            .actions
            .iter()
            .map(|id| SeamAction {
                id: id.clone(),
                title: q
                    .actions()
                    .find(|(_, a)| a.id == *id)
                    .map_or(id.clone(), |(_, a)| a.title().to_string()),
            })
            .collect(),
    })
}

fn side_view(q: &Questionnaire, score: &ProcessScore<'_>, side: &SideScore<'_>) -> SideView {
    SideView {
        name: one_line(side.name),
        score: side.score,
        weak: side.weak(),
        strong: side.strong(),
        below_target: side
            .questions
            .iter()
            .filter_map(|&qi| {
                let question = q.questions.get(qi)?;
                let result = score.question(&question.id)?;
                if !result.below_target {
                    return None;
                }
                Some(BelowTarget {
                    question: question.id.clone(),
                    title: question.title().to_string(),
                    level: result.level?,
                    target: question.target,
                })
            })
            .collect(),
    }
}

/// A name or a sentence on one line, whatever the file's line breaks.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl SideView {
    /// "Data 31.2 (weak)": the side as a list names it.
    pub fn label(&self) -> String {
        let judgement = if self.weak {
            " (weak)"
        } else if self.strong {
            " (strong)"
        } else {
            ""
        };
        format!(
            "{} {}{judgement}",
            self.name,
            super::model::format_score(self.score)
        )
    }

    /// "`data_ownership` at level 2 of target 3, `data_quality` at level 1 of target 3": the
    /// evidence on this side.
    pub fn evidence(&self) -> String {
        self.below_target
            .iter()
            .map(|b| {
                format!(
                    "`{}` at level {} of target {}",
                    b.question,
                    scoring::format_level(b.level),
                    b.target
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl SeamView {
    /// "Hold a monthly owner review; Assign a team monitoring role".
    pub fn action_titles(&self) -> String {
        self.actions
            .iter()
            .map(|a| a.title.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }
}
