//! Seams scored for one process: each side's score, whether it is weak or strong, and whether
//! the seam is at risk. Reads only the seams the questionnaire declares.
//!
//! - a side's score is the weighted mean (question weights) of its answered, applicable
//!   questions' scores, 0-100 like a dimension, rounded to one decimal; null when none is
//!   answered;
//! - a side is weak below [`NOT_READY_BELOW`] and strong at or above [`READY_AT`], judged on the
//!   rounded score, so what reports print agrees with the judgement;
//! - a seam is at risk when one side is weak, whatever the other side's score (the product
//!   brief's rule): `amplified` when the other side is strong (it pushes volume and speed across
//!   the weak join), `both_weak` when both are, `one_weak` when the other is in between or has no
//!   score. Two sides that are not weak put nothing at risk.

use serde::{Deserialize, Serialize};

use super::{round1, weighted_mean, ProcessScore, NOT_READY_BELOW, READY_AT};
use crate::questionnaire::seams::Seam;
use crate::questionnaire::Questionnaire;

/// Why a seam is at risk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeamStatus {
    /// One side strong, the other weak: the strong side will amplify whatever the weak join
    /// lets through.
    Amplified,
    /// Both sides weak.
    BothWeak,
    /// One side weak, the other in between or without a score.
    OneWeak,
}

impl SeamStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SeamStatus::Amplified => "amplified",
            SeamStatus::BothWeak => "both_weak",
            SeamStatus::OneWeak => "one_weak",
        }
    }

    /// As reports print it.
    pub fn label(self) -> &'static str {
        match self {
            SeamStatus::Amplified => "amplified",
            SeamStatus::BothWeak => "both weak",
            SeamStatus::OneWeak => "one side weak",
        }
    }
}

/// One side of a seam for one process.
#[derive(Debug, Clone, PartialEq)]
pub struct SideScore<'a> {
    pub name: &'a str,
    /// 0-100, one decimal; None when none of its questions is answered.
    pub score: Option<f64>,
    /// The indices of the questions it selects, in questionnaire order.
    pub questions: &'a [usize],
}

impl SideScore<'_> {
    /// Below the not-ready threshold.
    pub fn weak(&self) -> bool {
        self.score.is_some_and(|s| s < NOT_READY_BELOW)
    }

    /// At or above the ready threshold.
    pub fn strong(&self) -> bool {
        self.score.is_some_and(|s| s >= READY_AT)
    }
}

/// A seam for one process.
#[derive(Debug, Clone)]
pub struct SeamScore<'a> {
    /// The seam's index in the questionnaire.
    pub index: usize,
    pub seam: &'a Seam,
    pub sides: [SideScore<'a>; 2],
    /// None when the seam is not at risk.
    pub status: Option<SeamStatus>,
}

impl SeamScore<'_> {
    /// The sides as the finding reads them: the weak side first when one side is strong.
    pub fn weak_then_other(&self) -> (&SideScore<'_>, &SideScore<'_>) {
        let [a, b] = &self.sides;
        if b.weak() && !a.weak() {
            (b, a)
        } else {
            (a, b)
        }
    }

    /// The figures that put the seam at risk, in one sentence of rounded figures as reports
    /// print them: "Data 31.2 is weak (below 50) while Process design 78.0 is strong (75 or
    /// more)", "Process design 29.2 and Data 45.0 are both weak (below 50)", "Data 31.2 is weak
    /// (below 50) beside Process design 62.5" or "Data 31.2 is weak (below 50); Process design
    /// has no score". None when it is not at risk.
    pub fn finding(&self) -> Option<String> {
        let (weak, other) = self.weak_then_other();
        let figure = |side: &SideScore| format!("{} {:.1}", side.name, side.score.unwrap_or(0.0));
        Some(match self.status? {
            SeamStatus::Amplified => format!(
                "{} is weak (below {NOT_READY_BELOW:.0}) while {} is strong ({READY_AT:.0} or more)",
                figure(weak),
                figure(other)
            ),
            SeamStatus::BothWeak => format!(
                "{} and {} are both weak (below {NOT_READY_BELOW:.0})",
                figure(weak),
                figure(other)
            ),
            SeamStatus::OneWeak => match other.score {
                Some(_) => format!(
                    "{} is weak (below {NOT_READY_BELOW:.0}) beside {}",
                    figure(weak),
                    figure(other)
                ),
                None => format!(
                    "{} is weak (below {NOT_READY_BELOW:.0}); {} has no score",
                    figure(weak),
                    other.name
                ),
            },
        })
    }
}

/// The seams of `q` scored for one process, in questionnaire order, at risk or not.
pub fn assess<'a>(q: &'a Questionnaire, process: &ProcessScore<'_>) -> Vec<SeamScore<'a>> {
    q.seams
        .iter()
        .enumerate()
        .filter_map(|(index, seam)| {
            let [first, second] = seam.sides.as_slice() else {
                // Validation requires two sides; a seam without them cannot be judged.
                return None;
            };
            let selected = q.seam_sides(index);
            let sides = [(first, &selected[0]), (second, &selected[1])].map(|(side, questions)| {
                let score = side_score(q, questions, process);
                SideScore {
                    name: side.name.trim(),
                    score,
                    questions,
                }
            });
            let status = status(&sides);
            Some(SeamScore {
                index,
                seam,
                sides,
                status,
            })
        })
        .collect()
}

/// The seams of `q` at risk for one process, in questionnaire order.
pub fn at_risk<'a>(q: &'a Questionnaire, process: &ProcessScore<'_>) -> Vec<SeamScore<'a>> {
    assess(q, process)
        .into_iter()
        .filter(|s| s.status.is_some())
        .collect()
}

fn side_score(q: &Questionnaire, questions: &[usize], process: &ProcessScore<'_>) -> Option<f64> {
    weighted_mean(questions.iter().filter_map(|&qi| {
        let question = q.questions.get(qi)?;
        let result = process.question_at(qi, &question.id)?;
        result.score.map(|s| (s, question.weight))
    }))
    .map(round1)
}

fn status(sides: &[SideScore; 2]) -> Option<SeamStatus> {
    let [a, b] = sides;
    match (a.weak(), b.weak()) {
        (true, true) => Some(SeamStatus::BothWeak),
        (true, false) if b.strong() => Some(SeamStatus::Amplified),
        (false, true) if a.strong() => Some(SeamStatus::Amplified),
        (true, false) | (false, true) => Some(SeamStatus::OneWeak),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::testing::{process, response};
    use crate::assessment::Response;
    use crate::questionnaire::Level3;

    /// Two dimensions, each side a role or questions; `w` weighs 3.
    const QUESTIONNAIRE: &str = r#"
id: t
version: "1"
title: T
dimensions:
  - {id: flow, name: Flow, role: process}
  - {id: inputs, name: Inputs, role: data}
questions:
  - {id: p1, dimension: flow, text: P1, levels: [a, b, c, d, e], target: 3, actions: [{id: fix_p1, text: Fix, effort: quick, weeks: 1, owner: O}]}
  - {id: p2, dimension: flow, text: P2, levels: [a, b, c, d, e], target: 3}
  - {id: d1, dimension: inputs, text: D1, levels: [a, b, c, d, e], target: 3, allow_na: true}
  - {id: w, dimension: inputs, text: W, levels: [a, b, c, d, e], target: 3, weight: 3}
seams:
  - id: feed
    name: Process and data
    sides:
      - {name: Process, roles: [process]}
      - {name: Data, questions: [d1, w]}
    risk: Bad data at speed.
    actions: [fix_p1]
"#;

    fn scored(
        answers: &[(&str, Option<usize>, Option<&str>)],
    ) -> (Option<SeamStatus>, [Option<f64>; 2]) {
        let q = Box::leak(Box::new(crate::assessment::testing::questionnaire(
            QUESTIONNAIRE,
        )));
        let responses: &'static [Response] =
            Box::leak(vec![response("a", answers)].into_boxed_slice());
        let refs: Vec<&Response> = responses.iter().collect();
        let score = crate::scoring::score_process(q, &process(Level3::Low), &refs);
        let seams = assess(q, &score);
        assert_eq!(seams.len(), 1);
        let s = &seams[0];
        (s.status, [s.sides[0].score, s.sides[1].score])
    }

    #[test]
    fn a_side_is_the_weighted_mean_of_its_answered_questions() {
        // Data: d1 level 4 (100, weight 1), w level 1 (25, weight 3) -> 43.75 -> 43.8.
        let (status, scores) = scored(&[
            ("p1", Some(3), None),
            ("p2", Some(3), None),
            ("d1", Some(4), None),
            ("w", Some(1), None),
        ]);
        assert_eq!(scores, [Some(75.0), Some(43.8)]);
        assert_eq!(status, Some(SeamStatus::Amplified));
    }

    #[test]
    fn both_weak_one_weak_and_neither() {
        let (status, _) = scored(&[
            ("p1", Some(1), None),
            ("p2", Some(1), None),
            ("w", Some(1), None),
        ]);
        assert_eq!(status, Some(SeamStatus::BothWeak));
        // A side at 62.5 is neither weak nor strong: the weak side beside it is at risk all the
        // same, one side weak.
        let (status, scores) = scored(&[
            ("p1", Some(3), None),
            ("p2", Some(2), None),
            ("w", Some(1), None),
        ]);
        assert_eq!(scores, [Some(62.5), Some(25.0)]);
        assert_eq!(status, Some(SeamStatus::OneWeak));
        // Neither side weak, one in between: not at risk.
        let (status, scores) = scored(&[
            ("p1", Some(3), None),
            ("p2", Some(2), None),
            ("w", Some(2), None),
        ]);
        assert_eq!(scores, [Some(62.5), Some(50.0)]);
        assert_eq!(status, None);
        // Both strong: not at risk.
        let (status, _) = scored(&[("p1", Some(4), None), ("w", Some(3), None)]);
        assert_eq!(status, None);
    }

    #[test]
    fn thresholds_are_judged_on_the_rounded_figure() {
        // Data: d1 2 (50) and w 1 (25) x3 -> 31.25 -> 31.3 weak; process 50 exactly is not weak.
        let (status, scores) = scored(&[
            ("p1", Some(2), None),
            ("d1", Some(2), None),
            ("w", Some(1), None),
        ]);
        assert_eq!(scores, [Some(50.0), Some(31.3)]);
        assert_eq!(
            status,
            Some(SeamStatus::OneWeak),
            "50 is not below 50: not both weak"
        );
    }

    #[test]
    fn a_side_with_nothing_answered_is_null_and_the_weak_side_beside_it_is_at_risk() {
        let (status, scores) = scored(&[("p1", Some(0), None), ("d1", None, Some("no such data"))]);
        assert_eq!(scores, [Some(0.0), None]);
        assert_eq!(status, Some(SeamStatus::OneWeak));
        // Nothing weak: a null side alone puts nothing at risk.
        let (status, scores) = scored(&[("p1", Some(3), None), ("d1", None, Some("no such data"))]);
        assert_eq!(scores, [Some(75.0), None]);
        assert_eq!(status, None);
    }
}
