use super::*;
use crate::assessment::testing::{process, response};
use crate::questionnaire::Level3;
use crate::scoring::score_process;

const QUESTIONNAIRE: &str = r#"
id: t
version: "1"
title: T
dimensions:
  - {id: process, name: Process}
  - {id: governance, name: Governance}
questions:
  - id: a
    dimension: process
    text: A
    levels: [a, b, c, d, e]
    target: 3
    actions:
      - {id: first, text: First., effort: foundational, weeks: 3, owner: O}
      - {id: second, text: Second., effort: quick, weeks: 1, owner: O, depends_on: [first]}
  - id: b
    dimension: process
    text: B
    levels: [a, b, c, d, e]
    target: 3
    actions:
      - {id: third, text: Third., effort: quick, weeks: 2, owner: O, depends_on: [second]}
      - {id: loose, text: Loose., effort: quick, weeks: 1, owner: O}
"#;

fn setup(q: &Questionnaire) -> (Scorecard<'_>, Vec<ProcessSpec>) {
    let spec = process(Level3::Low);
    // The score borrows the answers: they live as long as the test.
    let response = Box::leak(Box::new(response(
        "r",
        &[("a", Some(1), None), ("b", Some(1), None)],
    )));
    let score = score_process(q, &spec, &[response]);
    (
        Scorecard {
            processes: vec![score],
        },
        vec![spec],
    )
}

fn questionnaire() -> Questionnaire {
    crate::assessment::testing::questionnaire(QUESTIONNAIRE)
}

#[test]
fn dependencies_come_first_and_free_steps_start_at_once() {
    let q = questionnaire();
    let (scorecard, specs) = setup(&q);
    let plan = build(&q, &scorecard, &specs, &Settings::default()).unwrap();
    let steps: Vec<&Step> = plan.waves.iter().flat_map(|w| &w.steps).collect();
    let find = |id: &str| *steps.iter().find(|s| *s.id == *format!("{id}@p")).unwrap();
    assert_eq!((find("first").start_week, find("first").end_week), (1, 3));
    assert_eq!((find("second").start_week, find("second").end_week), (4, 4));
    assert_eq!((find("third").start_week, find("third").end_week), (5, 6));
    assert_eq!(find("loose").start_week, 1);
    assert_eq!(find("third").depends_on, [std::sync::Arc::from("second@p")]);
    assert_eq!(plan.go_live[0].week, Some(7));
    assert_eq!(plan.first_process.as_deref(), Some("p"));
    // Without roles, the dimension is planned conservatively, and the reason says so.
    assert!(
        find("loose").reason.contains("declares no role"),
        "{}",
        find("loose").reason
    );
}

#[test]
fn a_cycle_is_an_error_that_names_it() {
    let mut q = questionnaire();
    // Validation refuses cycles in files; the planner must still never loop or panic.
    q.questions[0].actions[0].depends_on = vec!["third".into()];
    let (scorecard, specs) = setup(&q);
    let error = build(&q, &scorecard, &specs, &Settings::default()).unwrap_err();
    assert_eq!(
        error,
        PlanError::Cycle("first@p -> third@p -> second@p -> first@p".into())
    );
    // A JSON report starts writing only when told the plan is ordered: a cycle never tells.
    let told = std::cell::Cell::new(false);
    let result = build_telling(&q, &scorecard, &specs, &Settings::default(), || {
        told.set(true)
    });
    assert!(result.is_err() && !told.get());
}

#[test]
fn a_plan_that_cannot_fail_says_so_once_its_steps_are_ordered() {
    let q = questionnaire();
    let (scorecard, specs) = setup(&q);
    let told = std::cell::Cell::new(0);
    let plan = build_telling(&q, &scorecard, &specs, &Settings::default(), || {
        told.set(told.get() + 1)
    })
    .unwrap();
    assert_eq!(told.get(), 1);
    assert_eq!(
        plan,
        build(&q, &scorecard, &specs, &Settings::default()).unwrap()
    );
}

#[test]
fn nothing_answered_means_nothing_planned() {
    let q = questionnaire();
    let (mut scorecard, specs) = setup(&q);
    scorecard.processes[0] = score_process(&q, &specs[0], &[]);
    let plan = build(&q, &scorecard, &specs, &Settings::default()).unwrap();
    assert!(plan.waves.is_empty());
    assert_eq!(plan.first_process, None);
    assert_eq!(plan.go_live[0].week, None);
    assert!(plan.go_live[0].reason.contains("Not assessed"));
    assert_eq!(plan.go_live[0].answer_first, vec!["a".to_string()]);
}

#[test]
fn capacity_delays_a_step_and_says_so() {
    let q = questionnaire();
    let (scorecard, specs) = setup(&q);
    let settings = Settings {
        capacity: [("O".to_string(), 1)].into(),
        ..Settings::default()
    };
    let plan = build(&q, &scorecard, &specs, &settings).unwrap();
    let steps: Vec<&Step> = plan.waves.iter().flat_map(|w| &w.steps).collect();
    // One step at a time for owner O: nothing overlaps.
    for a in &steps {
        for b in &steps {
            if a.id != b.id {
                assert!(
                    a.end_week < b.start_week || b.end_week < a.start_week,
                    "{} {}",
                    a.id,
                    b.id
                );
            }
        }
    }
    let delayed: Vec<&&Step> = steps
        .iter()
        .filter(|s| s.reason.contains("carries at most 1 step"))
        .collect();
    assert!(!delayed.is_empty());
    assert_eq!(plan.owner_load[0].peak, 1);
    assert_eq!(plan.owner_load[0].capacity, Some(1));
    assert_eq!(plan.owner_load[0].delayed_steps as usize, delayed.len());
    // Without a capacity the peak load is reported.
    let free = build(&q, &scorecard, &specs, &Settings::default()).unwrap();
    assert_eq!(free.owner_load[0].peak, 2);
    assert_eq!(free.owner_load[0].capacity, None);
}

#[test]
fn a_process_answered_only_not_applicable_is_not_assessed_and_says_why() {
    let mut q = questionnaire();
    for question in &mut q.questions {
        question.allow_na = true;
    }
    let (mut scorecard, specs) = setup(&q);
    let na = response("r", &[("a", None, Some("no")), ("b", None, Some("no"))]);
    scorecard.processes[0] = score_process(&q, &specs[0], &[&na]);
    let plan = build(&q, &scorecard, &specs, &Settings::default()).unwrap();
    assert_eq!(plan.go_live[0].week, None);
    assert!(
        plan.go_live[0]
            .reason
            .contains("no applicable question is answered"),
        "{}",
        plan.go_live[0].reason
    );
}

#[test]
fn scores_are_matched_to_processes_by_id_in_any_order() {
    let q = questionnaire();
    let spec = |id: &str, risk_tier| ProcessSpec {
        id: id.into(),
        name: id.to_uppercase(),
        ..process(risk_tier)
    };
    let specs = vec![spec("p1", Level3::Low), spec("p2", Level3::High)];
    // Different answers, so a process planned with the other's score plans differently.
    let answers = [
        &*Box::leak(Box::new(response(
            "r",
            &[("a", Some(1), None), ("b", Some(2), None)],
        ))),
        &*Box::leak(Box::new(response(
            "r",
            &[("a", Some(0), None), ("b", Some(1), None)],
        ))),
    ];
    let score = |i: usize| score_process(&q, &specs[i], &[answers[i]]);
    let in_order = Scorecard {
        processes: vec![score(0), score(1)],
    };
    let reversed = Scorecard {
        processes: vec![score(1), score(0)],
    };
    let settings = Settings::default();
    let plan = build(&q, &in_order, &specs, &settings).unwrap();
    assert_eq!(build(&q, &reversed, &specs, &settings).unwrap(), plan);
    let missing = Scorecard {
        processes: vec![score(1)],
    };
    assert_eq!(
        build(&q, &missing, &specs, &settings),
        Err(PlanError::Unscored("p1".into()))
    );
}
