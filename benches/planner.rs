//! The planner's running time as the engagement grows: a generated questionnaire of 200 actions
//! in long dependency chains, planned for 100, 200 and 400 processes, with and without shared
//! tooling actions. Prints the time per size and the ratio per doubling, which must stay at or
//! under about 2 (linear). Run: `cargo bench --bench planner`. See docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use omd::assessment::{Answer, Answers, ProcessSpec, Profile, Response, ResponseFile};
use omd::plan::{self, Settings};
use omd::questionnaire::{self, Level3, Questionnaire, Source};
use omd::scoring::{self, Scorecard};

const ROLES: [&str; 5] = [
    "process",
    "decision_rights",
    "data",
    "governance",
    "capability",
];
const QUESTIONS: usize = 100;
const ACTIONS_PER_QUESTION: usize = 2;
/// Actions at these indices select tooling.
const TOOLING: [usize; 3] = [60, 120, 180];
const OWNERS: [&str; 8] = [
    "Process owner",
    "IT lead",
    "Head of Data",
    "Data owner",
    "Risk lead",
    "Team lead",
    "HR partner",
    "Executive sponsor",
];

/// 100 questions of 2 actions each: chains of 25 actions, each action also depending on the
/// one 50 places back, so every chain hangs from the previous ones.
fn questionnaire_yaml(shared_tooling: bool) -> String {
    let mut y = String::from("id: bench\nversion: \"1\"\ntitle: Bench\ndimensions:\n");
    for (i, role) in ROLES.iter().enumerate() {
        // Ids unlike the roles: the planner must read the roles.
        writeln!(y, "  - {{ id: dim{i}, name: Dimension {i}, role: {role} }}").unwrap();
    }
    y.push_str("questions:\n");
    for q in 0..QUESTIONS {
        writeln!(
            y,
            "  - id: q{q}\n    dimension: dim{}\n    text: Q{q}\n    levels: [a, b, c, d, e]\n    target: 3",
            q * ROLES.len() / QUESTIONS
        )
        .unwrap();
        if q % 9 == 0 {
            y.push_str("    gate: { min_level: 2 }\n");
        }
        y.push_str("    actions:\n");
        for k in q * ACTIONS_PER_QUESTION..(q + 1) * ACTIONS_PER_QUESTION {
            let mut deps = Vec::new();
            if k % 25 != 0 {
                deps.push(format!("a{}", k - 1));
            }
            if k >= 50 {
                deps.push(format!("a{}", k - 50));
            }
            let mut tags = Vec::new();
            let mut shared = k % 10 == 5;
            if TOOLING.contains(&k) {
                tags.push("tooling");
                shared = shared_tooling;
            }
            if k == 7 {
                tags.push("owner");
            }
            if k % 40 == 3 {
                tags.push("governance_baseline");
            }
            if k % 33 == 4 {
                tags.push("human_review");
            }
            let effort = ["quick", "medium", "foundational"][k % 3];
            writeln!(
                y,
                "      - {{ id: a{k}, text: Do {k}., effort: {effort}, weeks: {}, owner: {}, depends_on: [{}], tags: [{}]{} }}",
                1 + k % 4,
                OWNERS[k % OWNERS.len()],
                deps.join(", "),
                tags.join(", "),
                if shared { ", scope: shared" } else { "" }
            )
            .unwrap();
        }
    }
    y
}

fn level3(i: usize) -> Level3 {
    [Level3::Low, Level3::Medium, Level3::High][i % 3]
}

fn engagement(q: &Questionnaire, processes: usize) -> (Vec<ProcessSpec>, Scorecard) {
    let specs: Vec<ProcessSpec> = (0..processes)
        .map(|p| ProcessSpec {
            id: format!("p{p}"),
            name: format!("Process {p}"),
            owner: String::new(),
            description: String::new(),
            profile: Profile {
                volume: level3(p),
                definition: level3(p / 3),
                data_richness: level3(p / 9),
                willingness: level3(p / 27),
                risk_tier: level3(p / 2),
            },
        })
        .collect();
    let scores = specs
        .iter()
        .enumerate()
        .map(|(p, spec)| {
            let answers = (0..QUESTIONS)
                .map(|q| {
                    let answer = Answer {
                        level: Some((p * 7 + q * 3) % 5),
                        ..Default::default()
                    };
                    (format!("q{q}"), answer)
                })
                .collect();
            let response = Response {
                process: spec.id.clone(),
                respondent: "r".into(),
                path: PathBuf::new(),
                file: ResponseFile {
                    questionnaire: "bench".into(),
                    version: "1".into(),
                    answers: Answers(answers),
                    ..Default::default()
                },
            };
            scoring::score_process(q, spec, &[&response])
        })
        .collect();
    (specs, Scorecard { processes: scores })
}

/// What one size measured: the fastest of a few runs.
struct Measure {
    /// Building the plan.
    plan: Duration,
    /// A deep copy of the finished plan: a linear operation over the same data, the control
    /// that shows what the memory system alone does to the ratio per doubling.
    copy: Duration,
    steps: usize,
}

fn measure(q: &Questionnaire, specs: &[ProcessSpec], scorecard: &Scorecard) -> Measure {
    let settings = Settings::default();
    let mut best = Measure {
        plan: Duration::MAX,
        copy: Duration::MAX,
        steps: 0,
    };
    for _ in 0..7 {
        let started = Instant::now();
        let plan = plan::build(q, scorecard, specs, &settings).expect("plans");
        best.plan = best.plan.min(started.elapsed());
        let started = Instant::now();
        let copy = plan.clone();
        best.copy = best.copy.min(started.elapsed());
        drop(copy);
        best.steps = plan.waves.iter().map(|w| w.steps.len()).sum();
    }
    best
}

fn main() {
    let sizes: Vec<usize> = std::env::var("OMD_BENCH_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.parse().ok()).collect())
        .unwrap_or_else(|| vec![100, 200, 400]);
    println!("planner: 200 actions in chains of 25, each also after the action 50 places back");
    println!(
        "{:<16} {:>9} {:>8} {:>10} {:>7} {:>10} {:>7}",
        "tooling", "processes", "steps", "plan", "ratio", "copy", "ratio"
    );
    for shared in [false, true] {
        let yaml = questionnaire_yaml(shared);
        let q = questionnaire::load_text("bench.yaml", &yaml, Source::File("bench.yaml".into()))
            .expect("the generated questionnaire is valid")
            .questionnaire;
        let mut previous: Option<Measure> = None;
        for &processes in &sizes {
            let (specs, scorecard) = engagement(&q, processes);
            let m = measure(&q, &specs, &scorecard);
            let ratio = |now: Duration, then: Option<Duration>| {
                then.map_or("-".to_string(), |t| {
                    format!("{:.2}", now.as_secs_f64() / t.as_secs_f64())
                })
            };
            println!(
                "{:<16} {processes:>9} {:>8} {:>8.1}ms {:>7} {:>8.1}ms {:>7}",
                if shared {
                    "shared (3)"
                } else {
                    "per process (3)"
                },
                m.steps,
                m.plan.as_secs_f64() * 1000.0,
                ratio(m.plan, previous.as_ref().map(|p| p.plan)),
                m.copy.as_secs_f64() * 1000.0,
                ratio(m.copy, previous.as_ref().map(|p| p.copy)),
            );
            previous = Some(m);
        }
    }
}
