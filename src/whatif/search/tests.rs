//! The search against brute force: on many small random questionnaires and answers, every
//! assignment of levels is scored by the real scorer, and the search must find the same minimum
//! cost, a change the scorer agrees reaches the goal, and "impossible" exactly when nothing does.

use super::*;
use crate::assessment::testing::{process, questionnaire, response};
use crate::assessment::Response;
use crate::questionnaire::Level3;
use crate::scoring::score_process;

/// xorshift64: deterministic, so a failure names a case that can be run again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Scales: an even maturity scale of five levels, and a steep one whose last step is worth most.
const SCALES: &str = r#"
id: t
version: "1"
title: T
scales:
  - id: maturity
    levels: [{label: A}, {label: B}, {label: C}, {label: D}, {label: E}]
  - id: steep
    levels: [{label: N, value: 0}, {label: S, value: 1}, {label: P, value: 2}, {label: F, value: 9}]
"#;

struct Case {
    q: Questionnaire,
    tier: Level3,
    responses: Vec<Response>,
}

fn random_case(rng: &mut Rng) -> Case {
    let mut text = SCALES.to_string();
    text.push_str(&format!(
        "dimensions:\n  - {{id: one, name: One, weight: {}}}\n  - {{id: two, name: Two, weight: {}}}\nquestions:\n",
        1 + rng.below(3),
        1 + rng.below(3)
    ));
    let count = 3 + rng.below(3) as usize;
    let mut tops = Vec::new();
    for i in 0..count {
        let steep = rng.below(3) == 0;
        let (scale, levels, top) = if steep {
            ("steep", "[a, b, c, d]", 3)
        } else {
            ("maturity", "[a, b, c, d, e]", 4)
        };
        let gate = match rng.below(5) {
            0 => format!(", gate: {{min_level: {}}}", 1 + rng.below(top)),
            1 => format!(
                ", gate: {{min_level: {}, risk_tiers: [high]}}",
                1 + rng.below(top)
            ),
            _ => String::new(),
        };
        text.push_str(&format!(
            "  - {{id: q{i}, dimension: {}, text: Q{i}, scale: {scale}, levels: {levels}, target: 1, weight: {}{gate}}}\n",
            if i % 2 == 0 { "one" } else { "two" },
            1 + rng.below(4)
        ));
        tops.push(top);
    }
    let q = questionnaire(&text);
    let tier = if rng.below(2) == 0 {
        Level3::Low
    } else {
        Level3::High
    };
    let respondents = 1 + rng.below(2) as usize;
    let responses = (0..respondents)
        .map(|r| {
            let mut answers: Vec<(String, Option<usize>)> = Vec::new();
            for (i, &top) in tops.iter().enumerate() {
                if rng.below(12) != 0 {
                    answers.push((format!("q{i}"), Some(rng.below(top + 1) as usize)));
                }
            }
            let answers: Vec<(&str, Option<usize>, Option<&str>)> = answers
                .iter()
                .map(|(id, level)| (id.as_str(), *level, None))
                .collect();
            response(&format!("r{r}"), &answers)
        })
        .collect();
    Case { q, tier, responses }
}

/// The case as answered.
fn score_of(case: &Case) -> ProcessScore<'_> {
    let refs: Vec<&Response> = case.responses.iter().collect();
    score_process(&case.q, &process(case.tier), &refs)
}

/// What the case scores with changed answers.
struct Scored {
    verdict: crate::scoring::Verdict,
    readiness: Option<f64>,
    reasons: Vec<String>,
}

/// The case scored with every question in `levels` answered at that level by every respondent.
fn score_with(case: &Case, levels: &[(usize, usize)]) -> Scored {
    let mut responses = case.responses.clone();
    for &(question, level) in levels {
        let id = &case.q.questions[question].id;
        for r in &mut responses {
            r.file.answers.set(
                id,
                crate::assessment::Answer {
                    level: Some(level),
                    ..Default::default()
                },
            );
        }
    }
    let refs: Vec<&Response> = responses.iter().collect();
    let score = score_process(&case.q, &process(case.tier), &refs);
    Scored {
        verdict: score.verdict,
        readiness: score.readiness,
        reasons: score.reasons,
    }
}

/// The fewest half steps to the goal by trying every raise of every answered question.
fn brute_force(case: &Case, score: &ProcessScore, goal: Goal) -> Option<usize> {
    // Per answered question: None (kept) or a whole level above its median.
    let options: Vec<(usize, Vec<Option<usize>>)> = score
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let level = r.level?;
            let top = case.q.scale(&case.q.questions[i].scale)?.levels.len() - 1;
            let mut choices = vec![None];
            choices.extend((level.floor() as usize + 1..=top).map(Some));
            Some((i, choices))
        })
        .collect();
    let mut best: Option<usize> = None;
    let mut pick = vec![0usize; options.len()];
    loop {
        let levels: Vec<(usize, usize)> = options
            .iter()
            .zip(&pick)
            .filter_map(|((i, choices), &k)| choices[k].map(|l| (*i, l)))
            .collect();
        let cost: usize = levels
            .iter()
            .map(|&(i, l)| (2.0 * (l as f64 - score.questions[i].level.unwrap_or(0.0))) as usize)
            .sum();
        if best.is_none_or(|b| cost < b) && goal.reached_by(score_with(case, &levels).verdict) {
            best = Some(cost);
        }
        // The next combination, like an odometer.
        let mut n = 0;
        loop {
            if n == pick.len() {
                return best;
            }
            pick[n] += 1;
            if pick[n] < options[n].1.len() {
                break;
            }
            pick[n] = 0;
            n += 1;
        }
    }
}

/// The greedy answer: failed gates raised to their minimum, then again and again the one level
/// step that gains the most readiness; its cost in half steps, or None when it runs out of steps.
fn greedy(case: &Case, score: &ProcessScore, goal: Goal) -> Option<usize> {
    let mut levels: Vec<(usize, f64)> = score
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.level.map(|l| (i, l)))
        .collect();
    let mut cost = 0;
    for (i, level) in &mut levels {
        let question = &case.q.questions[*i];
        if let Some(gate) = question.gate.as_ref().filter(|g| g.applies_to(case.tier)) {
            if *level < gate.min_level as f64 {
                cost += (2.0 * (gate.min_level as f64 - *level)) as usize;
                *level = gate.min_level as f64;
            }
        }
    }
    let whole = |levels: &[(usize, f64)]| -> Vec<(usize, usize)> {
        levels
            .iter()
            .zip(&score.questions)
            .filter(|(&(i, l), _)| Some(l) != score.questions[i].level)
            .map(|(&(i, l), _)| (i, l as usize))
            .collect()
    };
    loop {
        let now = score_with(case, &whole(&levels));
        if goal.reached_by(now.verdict) {
            return Some(cost);
        }
        let mut best: Option<(f64, usize, f64)> = None;
        for (n, &(i, level)) in levels.iter().enumerate() {
            let top = case.q.scale(&case.q.questions[i].scale)?.levels.len() - 1;
            let next = level.floor() + 1.0;
            if next > top as f64 {
                continue;
            }
            let mut trial = levels.clone();
            trial[n].1 = next;
            let after = score_with(case, &whole(&trial)).readiness.unwrap_or(0.0);
            let gain = (after - now.readiness.unwrap_or(0.0)) / (next - level);
            if best.is_none_or(|(g, ..)| gain > g) {
                best = Some((gain, n, next));
            }
        }
        let (_, n, next) = best?;
        cost += (2.0 * (next - levels[n].1)) as usize;
        levels[n].1 = next;
    }
}

#[test]
fn the_search_finds_the_brute_force_minimum_and_the_scorer_agrees() {
    let mut rng = Rng(0x5eed_0fa1);
    let (mut found, mut impossible, mut already, mut greedy_worse) = (0, 0, 0, 0);
    for case_number in 0..300 {
        let case = random_case(&mut rng);
        let score = score_of(&case);
        for goal in [Goal::Conditional, Goal::Ready] {
            let result = smallest(&case.q, &score, crate::scoring::DEFAULT_MIN_COVERAGE, goal);
            if goal.reached_by(score.verdict) {
                assert_eq!(result, Found::Already, "case {case_number}");
                already += 1;
                continue;
            }
            let expected = brute_force(&case, &score, goal);
            match result {
                Found::Change { raises, half_steps } => {
                    found += 1;
                    assert_eq!(
                        Some(half_steps as usize),
                        expected,
                        "case {case_number} {goal:?}"
                    );
                    if greedy(&case, &score, goal).is_none_or(|g| g > half_steps as usize) {
                        greedy_worse += 1;
                    }
                    let levels: Vec<(usize, usize)> =
                        raises.iter().map(|r| (r.question, r.to)).collect();
                    let after = score_with(&case, &levels);
                    assert!(
                        goal.reached_by(after.verdict),
                        "case {case_number} {goal:?}: {raises:?} gives {:?} {:?}",
                        after.verdict,
                        after.reasons
                    );
                }
                Found::Impossible(reasons) => {
                    impossible += 1;
                    assert_eq!(expected, None, "case {case_number} {goal:?}: {reasons:?}");
                    assert!(!reasons.is_empty());
                }
                Found::Already => panic!("case {case_number}: not there yet"),
            }
        }
    }
    // The cases exercise every outcome, so the assertions above were reached; and in some of
    // them the greedy answer takes more steps than the minimum.
    eprintln!(
        "{found} found, {impossible} impossible, {already} already, greedy worse in {greedy_worse}"
    );
    assert!(
        found > 100 && impossible > 10 && already > 10,
        "{found} {impossible} {already}"
    );
    assert!(greedy_worse > 0, "no case where greedy is beaten");
}
