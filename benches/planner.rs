//! The planner's running time as the engagement grows: a generated questionnaire of 200 actions
//! in long dependency chains, planned for 100, 200 and 400 processes, with and without shared
//! tooling actions. Prints the time per size and the ratio per doubling, which must stay at or
//! under about 2 (linear). Run: `cargo bench --bench planner`. See docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use omd::assessment::{Answer, Answers, ProcessSpec, Profile, Response, ResponseFile};
use omd::plan::{self, Settings};
use omd::questionnaire::{self, Level3, Questionnaire, Source};
use omd::scoring::{self, Scorecard};

#[path = "common/stress.rs"]
mod stress;

use stress::{questionnaire_yaml, QUESTIONS};

fn level3(i: usize) -> Level3 {
    [Level3::Low, Level3::Medium, Level3::High][i % 3]
}

/// The processes and one answers file for each (the scorecard borrows the answers).
fn engagement(processes: usize) -> (Vec<ProcessSpec>, Vec<Response>) {
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
    let responses = specs
        .iter()
        .enumerate()
        .map(|(p, spec)| {
            let answers = (0..QUESTIONS)
                .map(|q| {
                    let answer = Answer {
                        level: Some((p * 7 + q * 3) % 5),
                        ..Default::default()
                    };
                    (format!("q{q}").into(), answer)
                })
                .collect();
            Response {
                process: spec.id.clone(),
                respondent: "r".into(),
                path: PathBuf::new(),
                file: ResponseFile {
                    questionnaire: "bench".into(),
                    version: "1".into(),
                    answers: Answers(answers),
                    ..Default::default()
                },
            }
        })
        .collect();
    (specs, responses)
}

fn scorecard<'a>(
    q: &'a Questionnaire,
    specs: &[ProcessSpec],
    responses: &'a [Response],
) -> Scorecard<'a> {
    let processes = specs
        .iter()
        .zip(responses)
        .map(|(spec, response)| scoring::score_process(q, spec, &[response]))
        .collect();
    Scorecard { processes }
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
            let (specs, responses) = engagement(processes);
            let scorecard = scorecard(&q, &specs, &responses);
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
