//! `omd whatif`: what change in answers would move a process's verdict, and what a given change
//! would do. Pure functions over an engagement as loaded: nothing is written.
//!
//! A change sets a question's **combined answer** for the process: the median level over its
//! respondents becomes the new level, as if every respondent who answered the process now gave
//! it (a question they marked not applicable, or left unanswered, becomes answered when `--set`
//! names it). The scorer and the planner then run as they do for `omd report`, on copies of the
//! answers: the verdict, readiness and go-live shown are theirs.
//!
//! Without `--set`, [`search::smallest`] finds the fewest level steps to `conditional` and to
//! `ready`; its comment gives the algorithm.

pub mod search;

use anyhow::{bail, Result};
use serde::Serialize;

use crate::assessment::{Answer, Engagement, ProcessSpec, Response, ResponseFile};
use crate::plan::{self, Plan};
use crate::questionnaire::suggest::closest;
use crate::questionnaire::{Question, Questionnaire};
use crate::scoring::{self, ProcessScore, QuestionStatus, Verdict};

pub use search::{Found, Goal};

/// Version of the JSON shape of `omd whatif`; bumped on any incompatible change.
pub const WHATIF_SCHEMA_VERSION: u32 = 1;

/// What a change is made of, in the words every format prints.
pub const CHANGE_UNIT: &str = "A change sets a question's combined answer for the process: the \
median level of its respondents becomes the new level, as if each of them gave it. A step is one \
level; raising a median of 2.5 to 3 is half a step.";

/// One `--set QUESTION=LEVEL`, checked against the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// Index of the question in the questionnaire.
    pub question: usize,
    pub level: usize,
}

/// What `omd whatif` shows; its serde form is the JSON output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatIf {
    pub schema_version: u32,
    pub engagement: Named,
    pub questionnaire: QuestionnaireRef,
    /// Only when asked for (`--date`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub process: ProcessRef,
    /// What a change and a step are.
    pub change_unit: String,
    /// The first day of plan week 1, when the engagement or `--start` gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    pub horizon_weeks: u32,
    /// The targets engagement.yaml sets in place of the questionnaire's (the search reaches
    /// for these); left out when it sets none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target_profile: Vec<crate::report::model::TargetProfileEntry>,
    /// The process as its answers stand.
    pub current: Outcome,
    /// Without `--set`: the smallest change to `conditional`, then to `ready`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// With `--set`: the changes given and what they give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<Scenario>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    pub name: String,
    pub client: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionnaireRef {
    pub id: String,
    pub version: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessRef {
    pub id: String,
    pub name: String,
    pub risk_tier: crate::questionnaire::Level3,
    /// Respondents whose answers are combined.
    pub respondents: usize,
}

/// A verdict, its readiness and the go-live the plan gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub verdict: Verdict,
    /// 0-100, one decimal; null when nothing applicable is answered.
    pub readiness: Option<f64>,
    /// Null when the process is not assessed: the plan gives it no go-live.
    pub go_live: Option<GoLiveAt>,
    /// The verdict's reasons, as the report gives them.
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoLiveAt {
    pub week: u32,
    /// The first day of that week (`YYYY-MM-DD`), when the plan has a start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    pub within_horizon: bool,
    /// 1 for the first process to go live.
    pub order: usize,
}

/// The smallest change to one verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    /// `conditional` (or better) or `ready`.
    pub goal: Goal,
    pub status: TargetStatus,
    /// Level steps added up (may end in .5); null unless found.
    pub steps: Option<f64>,
    /// The questions to raise, in questionnaire order.
    pub changes: Vec<LevelChange>,
    /// What the answers would then give; null unless found.
    pub outcome: Option<Outcome>,
    /// Why it cannot be reached by raising levels, and what to answer first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub impossible: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The process is at that verdict or above it.
    Already,
    Found,
    Impossible,
}

/// `--set` and what it gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// In questionnaire order.
    pub changes: Vec<LevelChange>,
    pub outcome: Outcome,
}

/// One question's combined answer, before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelChange {
    pub question: String,
    /// The question's title, or its id.
    pub title: String,
    pub dimension: String,
    /// A critical gate that applies to the process, and its minimum level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate_min_level: Option<usize>,
    /// The combined answer's status before the change.
    pub was: QuestionStatus,
    /// The median level before (may be a half level); null when not answered.
    pub from: Option<f64>,
    /// The label of `from`, when it is a whole level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_label: Option<String>,
    pub to: usize,
    pub to_label: String,
    /// `to - from` (negative for a lowered answer); null when it was not answered.
    pub steps: Option<f64>,
}

/// Parses `QUESTION=LEVEL`: a question id of the questionnaire, and a level by its number on
/// the question's scale or by its label (any case).
pub fn parse_setting(q: &Questionnaire, text: &str) -> Result<Setting> {
    let example = q.questions.first().map_or("QUESTION", |x| x.id.as_str());
    let Some((id, level)) = text.split_once('=') else {
        bail!("--set `{text}`: give QUESTION=LEVEL, e.g. --set {example}=3");
    };
    let (id, level) = (id.trim(), level.trim());
    if id.is_empty() || level.is_empty() {
        bail!("--set `{text}`: give QUESTION=LEVEL, e.g. --set {example}=3");
    }
    let Some(index) = q.questions.iter().position(|x| x.id == id) else {
        bail!(
            "--set {text}: questionnaire `{}` has no question `{id}`{}; `omd questionnaire show \
             {}` lists its questions",
            q.id,
            maybe(closest(id, q.questions.iter().map(|x| x.id.as_str()))),
            q.id
        );
    };
    let question = &q.questions[index];
    let Some(scale) = q.scale(&question.scale) else {
        bail!(
            "--set {text}: `{id}` names scale `{}`, which the questionnaire lacks",
            question.scale
        );
    };
    let levels: Vec<String> = scale
        .levels
        .iter()
        .enumerate()
        .map(|(n, l)| format!("{n} {}", l.label))
        .collect();
    let range = format!(
        "`{id}` is answered on levels 0 to {} ({})",
        scale.levels.len().saturating_sub(1),
        levels.join(", ")
    );
    if let Ok(number) = level.parse::<usize>() {
        if number < scale.levels.len() {
            return Ok(Setting {
                question: index,
                level: number,
            });
        }
        bail!("--set {text}: there is no level {number}; {range}");
    }
    let matching: Vec<usize> = (0..scale.levels.len())
        .filter(|&n| scale.levels[n].label.eq_ignore_ascii_case(level))
        .collect();
    match matching.as_slice() {
        [only] => Ok(Setting {
            question: index,
            level: *only,
        }),
        [] => {
            bail!(
            "--set {text}: `{level}` is neither a level number nor a label of its scale{}; {range}",
            maybe(closest(level, scale.levels.iter().map(|l| l.label.as_str())))
        )
        }
        _ => bail!("--set {text}: several levels are labelled `{level}`; give its number: {range}"),
    }
}

/// " (did you mean `x`?)" when there is a close candidate.
fn maybe(candidate: Option<&str>) -> String {
    candidate.map_or(String::new(), |c| format!(" (did you mean `{c}`?)"))
}

/// Checks a list of settings: each question at most once. Returns them in questionnaire order.
pub fn settings(q: &Questionnaire, given: &[String]) -> Result<Vec<Setting>> {
    let mut settings: Vec<Setting> = Vec::with_capacity(given.len());
    for text in given {
        let setting = parse_setting(q, text)?;
        if settings.iter().any(|s| s.question == setting.question) {
            bail!(
                "--set names `{}` twice; give each question once",
                q.questions[setting.question].id
            );
        }
        settings.push(setting);
    }
    settings.sort_by_key(|s| s.question);
    Ok(settings)
}

/// What `analyse` reads.
pub struct Input<'a> {
    pub engagement: &'a Engagement,
    pub process: &'a ProcessSpec,
    pub plan: &'a plan::Settings,
    pub date: Option<String>,
}

/// The what-if for one process: with `settings`, what they give; without, the smallest changes
/// to `conditional` and to `ready`.
pub fn analyse(input: &Input<'_>, settings: &[Setting]) -> Result<WhatIf> {
    let engagement = input.engagement;
    let q = &engagement.questionnaire;
    let min_coverage = input.plan.min_coverage;
    let scorecard = scoring::score(engagement, min_coverage);
    let Some(position) = scorecard
        .processes
        .iter()
        .position(|p| p.process == input.process.id)
    else {
        bail!(
            "the scorecard has no scores for process `{}`",
            input.process.id
        );
    };
    let score = &scorecard.processes[position];
    let current_plan = plan::build(q, &scorecard, &engagement.file.processes, input.plan)?;
    let current = outcome(score, &current_plan);
    let rescored = |changes: &[Setting]| -> Result<Outcome> {
        let responses = changed_responses(input, changes);
        let refs: Vec<&Response> = responses.iter().collect();
        let changed = scoring::score_process_with(q, input.process, &refs, min_coverage);
        let mut card = scorecard.clone();
        card.processes[position] = changed.clone();
        let plan = plan::build(q, &card, &engagement.file.processes, input.plan)?;
        Ok(outcome(&changed, &plan))
    };
    let (targets, scenario) = if settings.is_empty() {
        let mut targets = Vec::new();
        for goal in [Goal::Conditional, Goal::Ready] {
            targets.push(match search::smallest(q, score, min_coverage, goal) {
                Found::Already => Target {
                    goal,
                    status: TargetStatus::Already,
                    steps: None,
                    changes: Vec::new(),
                    outcome: None,
                    impossible: Vec::new(),
                },
                Found::Impossible(reasons) => Target {
                    goal,
                    status: TargetStatus::Impossible,
                    steps: None,
                    changes: Vec::new(),
                    outcome: None,
                    impossible: reasons,
                },
                Found::Change { raises, half_steps } => {
                    let changes: Vec<Setting> = raises
                        .iter()
                        .map(|r| Setting {
                            question: r.question,
                            level: r.to,
                        })
                        .collect();
                    Target {
                        goal,
                        status: TargetStatus::Found,
                        steps: Some(f64::from(half_steps) / 2.0),
                        changes: level_changes(q, score, &changes),
                        outcome: Some(rescored(&changes)?),
                        impossible: Vec::new(),
                    }
                }
            });
        }
        (targets, None)
    } else {
        let scenario = Scenario {
            changes: level_changes(q, score, settings),
            outcome: rescored(settings)?,
        };
        (Vec::new(), Some(scenario))
    };
    Ok(WhatIf {
        schema_version: WHATIF_SCHEMA_VERSION,
        engagement: Named {
            name: engagement.file.name.clone(),
            client: engagement.file.client.clone(),
        },
        questionnaire: QuestionnaireRef {
            id: q.id.clone(),
            version: q.version.clone(),
            title: q.title.clone(),
        },
        date: input.date.clone(),
        process: ProcessRef {
            id: input.process.id.clone(),
            name: input.process.name.clone(),
            risk_tier: input.process.profile.risk_tier,
            respondents: score.respondents.len(),
        },
        change_unit: CHANGE_UNIT.to_string(),
        start: current_plan.start.clone(),
        horizon_weeks: current_plan.horizon_weeks,
        target_profile: crate::report::model::target_profile(engagement),
        current,
        targets,
        scenario,
    })
}

/// Copies of the process's answers with `changes` applied, to score again.
fn changed_responses(input: &Input<'_>, changes: &[Setting]) -> Vec<Response> {
    let engagement = input.engagement;
    let q = &engagement.questionnaire;
    let mut responses: Vec<Response> = engagement
        .responses_for(&input.process.id)
        .filter(|r| r.file.has_answers())
        .cloned()
        .collect();
    if responses.is_empty() && !changes.is_empty() {
        // Nobody has answered yet: the change is one respondent's answer.
        responses.push(Response {
            process: input.process.id.clone(),
            respondent: "what-if".into(),
            path: std::path::PathBuf::new(),
            file: ResponseFile {
                questionnaire: q.id.clone(),
                version: q.version.clone(),
                ..Default::default()
            },
        });
    }
    for change in changes {
        let id = &q.questions[change.question].id;
        for response in &mut responses {
            let mut answer = response.file.answers.get(id).cloned().unwrap_or_default();
            answer = Answer {
                level: Some(change.level),
                not_applicable: None,
                ..answer
            };
            response.file.answers.set(id, answer);
        }
    }
    responses
}

fn outcome(score: &ProcessScore, plan: &Plan) -> Outcome {
    let go_live = plan
        .go_live
        .iter()
        .enumerate()
        .find(|(_, g)| g.process == score.process)
        .and_then(|(n, g)| {
            g.week.map(|week| GoLiveAt {
                week,
                date: g.date.clone(),
                within_horizon: g.within_horizon,
                order: n + 1,
            })
        });
    Outcome {
        verdict: score.verdict,
        readiness: score.readiness,
        go_live,
        reasons: score.reasons.clone(),
    }
}

fn level_changes(q: &Questionnaire, score: &ProcessScore, changes: &[Setting]) -> Vec<LevelChange> {
    changes
        .iter()
        .map(|change| {
            let question: &Question = &q.questions[change.question];
            let result = &score.questions[change.question];
            let scale = q.scale(&question.scale);
            let label = |level: usize| scale.map_or(String::new(), |s| s.label(level).to_string());
            let gate_min_level = question
                .gate
                .as_ref()
                .filter(|g| g.applies_to(score.risk_tier))
                .map(|g| g.min_level);
            LevelChange {
                question: question.id.clone(),
                title: question.title().to_string(),
                dimension: question.dimension.clone(),
                gate_min_level,
                was: result.status,
                from: result.level,
                from_label: result
                    .level
                    .filter(|l| l.fract() == 0.0)
                    .map(|l| label(l as usize)),
                to: change.level,
                to_label: label(change.level),
                steps: result.level.map(|l| change.level as f64 - l),
            }
        })
        .collect()
}
