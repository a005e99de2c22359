//! Stage 3, continued: a seam at risk is a gap like any other. For each planned process, the
//! actions of every seam at risk (`scoring::seams`) become steps for it, unless the gap of the
//! action's own question already planned them; each is then placed by the same rules as any
//! step of its question's dimension role. An action whose own question the process marked not
//! applicable is left out: it does not apply there.

use super::gaps::{self, Gap, GapKind};
use super::steps::Steps;
use super::Context;
use crate::questionnaire::ActionScope;
use crate::scoring::seams;
use crate::scoring::QuestionStatus;

/// Adds the steps that mend the seams at risk of every planned process, in go-live order.
pub(crate) fn add_steps<'a>(cx: &Context<'a>, steps: &mut Steps<'a>) {
    for &p in &cx.ranking.planned {
        for seam in seams::at_risk(cx.q, cx.scores[p]) {
            for action_id in &seam.seam.actions {
                let Some(&action) = cx.index.actions.get(action_id.as_str()) else {
                    continue;
                };
                let (qi, _) = action;
                if gaps::result(cx, p, qi)
                    .is_some_and(|r| r.status == QuestionStatus::NotApplicable)
                {
                    continue;
                }
                let gap = Gap::new(p, qi, GapKind::seam(seam.index), false);
                let scope = match cx.index.action(action).scope {
                    ActionScope::Shared => None,
                    ActionScope::Process => Some(p),
                };
                let existing = steps
                    .get(cx, action, scope)
                    .filter(|&n| steps.nodes[n].processes.contains(&p));
                match existing {
                    None => {
                        steps.add(cx, action, p, gap);
                    }
                    // Planned by another seam at risk for this process: it mends this one too.
                    Some(n) if only_other_seams_for(&steps.nodes[n].gaps, p, seam.index) => {
                        steps.nodes[n].gaps.push(gap);
                    }
                    // Planned by its own question's gap: that reason stands.
                    Some(_) => {}
                }
            }
        }
    }
}

/// Whether every gap `p` has on a step is the gap of a seam other than `seam`.
fn only_other_seams_for(gaps: &[Gap], p: usize, seam: usize) -> bool {
    gaps.iter()
        .filter(|g| g.process() == p)
        .all(|g| matches!(g.kind, GapKind::Seam { seam: other } if other as usize != seam))
}

#[cfg(test)]
mod tests {
    use crate::assessment::testing::{process, questionnaire, response};
    use crate::assessment::{ProcessSpec, Response};
    use std::sync::Arc;

    use crate::plan::{build, Settings, Step};
    use crate::questionnaire::{Level3, Questionnaire};
    use crate::scoring::{score_process, Scorecard};

    /// Two seams over the same questions, both mended by `act_c`, whose own question `qc` (on
    /// one side of each) may be marked not applicable; `shared_fix` is done once for every
    /// process.
    const QUESTIONNAIRE: &str = r#"
id: t
version: "1"
title: T
dimensions:
  - {id: a, name: A, role: process}
  - {id: b, name: B, role: data}
  - {id: c, name: C, role: governance}
questions:
  - {id: qa, dimension: a, text: A, levels: [a, b, c, d, e], target: 3, actions: [{id: act_a, text: A., effort: quick, weeks: 1, owner: O}]}
  - {id: qb, dimension: b, text: B, levels: [a, b, c, d, e], target: 0, actions: [{id: shared_fix, text: S., effort: quick, weeks: 1, owner: O, scope: shared}]}
  - {id: qc, dimension: c, text: C, levels: [a, b, c, d, e], target: 3, allow_na: true, actions: [{id: act_c, text: C., effort: quick, weeks: 2, owner: O}]}
seams:
  - {id: s1, name: First join, sides: [{name: Left, questions: [qa, qc]}, {name: Right, questions: [qb]}], risk: R., actions: [act_c, shared_fix]}
  - {id: s2, name: Second join, sides: [{name: Up, questions: [qa, qc]}, {name: Down, roles: [data]}], risk: R., actions: [act_c]}
"#;

    /// Plans processes `p` and `q` from their answers (qa, qb, qc; `None` for not applicable).
    fn plan(q: &Questionnaire, answers: &[[Option<usize>; 3]]) -> Vec<Step> {
        let specs: Vec<ProcessSpec> = ["p", "q"]
            .iter()
            .take(answers.len())
            .map(|id| ProcessSpec {
                id: id.to_string(),
                name: id.to_uppercase(),
                ..process(Level3::Low)
            })
            .collect();
        let processes = answers
            .iter()
            .zip(&specs)
            .map(|(levels, spec)| {
                let qc = match levels[2] {
                    Some(level) => ("qc", Some(level), None),
                    None => ("qc", None, Some("no such step")),
                };
                let answers = [("qa", levels[0], None), ("qb", levels[1], None), qc];
                // The score borrows the answers: they live as long as the test.
                let response: &'static Response = Box::leak(Box::new(response("r", &answers)));
                score_process(q, spec, &[response])
            })
            .collect();
        let scorecard = Scorecard { processes };
        build(q, &scorecard, &specs, &Settings::default())
            .unwrap()
            .waves
            .into_iter()
            .flat_map(|w| w.steps)
            .collect()
    }

    fn find<'a>(steps: &'a [Step], id: &str) -> Option<&'a Step> {
        steps.iter().find(|s| *s.id == *id)
    }

    #[test]
    fn an_action_of_two_seams_at_risk_is_one_step_naming_both() {
        let q = questionnaire(QUESTIONNAIRE);
        // qa 100 and qc 75 (87.5, strong), qb 0 (weak): both seams amplified; qc at its target.
        let steps = plan(&q, &[[Some(4), Some(0), Some(3)]]);
        let step = find(&steps, "act_c@p").unwrap();
        assert_eq!(step.seams, ["s1", "s2"]);
        assert_eq!(step.processes, [Arc::from("p")]);
        assert!(step.reason.starts_with(
            "Mends the seam `s1` (First join) for P: Right 0.0 is weak (below 50) while Left 87.5 is strong (75 or more). \
             Mends the seam `s2` (Second join) for P: Down 0.0 is weak (below 50) while Up 87.5 is strong (75 or more)."
        ), "{}", step.reason);
        assert_eq!(
            steps.iter().filter(|s| s.id.starts_with("act_c")).count(),
            1
        );
    }

    #[test]
    fn an_action_whose_own_question_does_not_apply_is_left_out() {
        let q = questionnaire(QUESTIONNAIRE);
        let steps = plan(&q, &[[Some(4), Some(0), None]]);
        assert!(find(&steps, "act_c@p").is_none());
        assert!(find(&steps, "shared_fix").is_some(), "the seam is at risk");
    }

    #[test]
    fn an_action_its_own_gap_planned_keeps_its_reason() {
        let q = questionnaire(QUESTIONNAIRE);
        let steps = plan(&q, &[[Some(4), Some(0), Some(1)]]);
        let step = find(&steps, "act_c@p").unwrap();
        assert!(step.seams.is_empty());
        assert!(
            step.reason.starts_with("Closes the gap on `qc`"),
            "{}",
            step.reason
        );
    }

    #[test]
    fn a_shared_action_serves_every_process_the_seam_is_at_risk_for() {
        let q = questionnaire(QUESTIONNAIRE);
        // p: amplified; q: both weak (Left (25 + 0) / 2 = 12.5, Right 0).
        let steps = plan(
            &q,
            &[[Some(4), Some(0), Some(3)], [Some(1), Some(0), Some(0)]],
        );
        let step = find(&steps, "shared_fix").unwrap();
        assert_eq!(step.processes, [Arc::from("p"), Arc::from("q")]);
        assert_eq!(step.seams, ["s1"]);
        assert!(step.reason.starts_with(
            "Mends the seam `s1` (First join) for P: Right 0.0 is weak (below 50) while Left 87.5 is strong (75 or more); \
             for Q: Left 12.5 and Right 0.0 are both weak (below 50)."
        ), "{}", step.reason);
    }
}
