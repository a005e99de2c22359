//! The executive summary: what leadership reads first. Readiness and verdict per process in
//! go-live order, the blockers that matter most across the engagement (failed gates, ranked by how
//! many processes they hold and how far below), and the decisions that fall to executive roles.
//! Every figure is taken from the scores and the plan; nothing is computed twice.

use foldhash::{HashMap, HashSet};
use serde::{Deserialize, Serialize};

use super::model::ProcessView;
use crate::plan::{Plan, Step};
use crate::questionnaire::{Level3, Questionnaire};
use crate::scoring::{GateStatus, Scorecard, Verdict};

/// The most blockers the summary lists; the rest are counted.
pub const MAX_BLOCKERS: usize = 5;
/// The most leadership decisions the summary lists; the rest are counted.
pub const MAX_DECISIONS: usize = 5;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Processes in go-live order; those not planned last.
    pub processes: Vec<SummaryProcess>,
    /// Steps in the plan.
    pub steps: usize,
    /// The last week any step or go-live falls in.
    pub last_week: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// The gates failed or unanswered, most processes held first, then the largest shortfall;
    /// at most [`MAX_BLOCKERS`].
    pub blockers: Vec<Blocker>,
    /// Blockers not listed.
    pub more_blockers: usize,
    /// Plan work owned by executive roles, earliest due first; at most [`MAX_DECISIONS`].
    pub decisions: Vec<Decision>,
    /// Decisions not listed.
    pub more_decisions: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryProcess {
    pub id: String,
    pub name: String,
    pub risk_tier: Level3,
    pub readiness: Option<f64>,
    pub verdict: Verdict,
    /// 1 for the first to go live; absent when not planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<usize>,
    pub go_live_week: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub go_live_date: Option<String>,
    pub within_horizon: bool,
}

/// A critical gate that holds one or more processes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Blocker {
    pub question: String,
    pub title: String,
    /// The gate's minimum level.
    pub min_level: usize,
    /// Processes where it fails or is unanswered, in engagement order.
    pub processes: Vec<String>,
    /// How many of them answered below the minimum.
    pub failed: usize,
    /// How many have not answered it.
    pub unanswered: usize,
    /// Levels below the minimum, added up over the processes that answered.
    pub shortfall: f64,
    /// The titles of the plan's actions that close it.
    pub fixed_by: Vec<String>,
    /// The week the last of those steps ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by_week: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_by_date: Option<String>,
}

/// Work owned by an executive role: one action across the processes it serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The action id, or the milestone's id without its process.
    pub id: String,
    pub title: String,
    pub owner: String,
    pub processes: Vec<String>,
    /// When it is due: the end of its step that the earliest waiting go-live needs (or of its
    /// first step, when no go-live waits for it).
    pub due_week: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    /// The earliest go-live that waits for it, when one does: the go-live it is due for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_go_live_of: Option<String>,
}

pub fn build(
    q: &Questionnaire,
    processes: &[ProcessView],
    scorecard: &Scorecard,
    plan: &Plan,
) -> Summary {
    let steps: Vec<&Step> = plan.waves.iter().flat_map(|w| &w.steps).collect();
    let views: HashMap<&str, &ProcessView> = processes.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut order = 0;
    let rows = plan
        .go_live
        .iter()
        .filter_map(|g| {
            let view = *views.get(g.process.as_str())?;
            if g.week.is_some() {
                order += 1;
            }
            Some(SummaryProcess {
                id: view.id.clone(),
                name: view.name.clone(),
                risk_tier: view.risk_tier,
                readiness: view.readiness,
                verdict: view.verdict,
                order: g.week.map(|_| order),
                go_live_week: g.week,
                go_live_date: g.date.clone(),
                within_horizon: g.within_horizon,
            })
        })
        .collect();
    let last_week = steps
        .iter()
        .map(|s| s.end_week)
        .chain(plan.go_live.iter().filter_map(|g| g.week))
        .max()
        .unwrap_or(0);
    let last_date = plan
        .weeks()
        .filter(|_| last_week > 0)
        .map(|weeks| crate::calendar::iso(weeks.last_day(last_week)));
    let mut blockers = blockers(q, processes, scorecard, &steps);
    let more_blockers = blockers.len().saturating_sub(MAX_BLOCKERS);
    blockers.truncate(MAX_BLOCKERS);
    let mut decisions = decisions(q, &steps, plan);
    let more_decisions = decisions.len().saturating_sub(MAX_DECISIONS);
    decisions.truncate(MAX_DECISIONS);
    Summary {
        processes: rows,
        steps: steps.len(),
        last_week,
        last_date,
        blockers,
        more_blockers,
        decisions,
        more_decisions,
    }
}

/// The gates that hold processes; `scorecard` holds `processes`' scores, in the same order.
fn blockers(
    q: &Questionnaire,
    processes: &[ProcessView],
    scorecard: &Scorecard,
    steps: &[&Step],
) -> Vec<Blocker> {
    let mut found: Vec<Blocker> = Vec::new();
    for (qi, question) in q.questions.iter().enumerate() {
        let Some(gate) = &question.gate else { continue };
        let mut blocker = Blocker {
            question: question.id.clone(),
            title: question.title().to_string(),
            min_level: gate.min_level,
            processes: Vec::new(),
            failed: 0,
            unanswered: 0,
            shortfall: 0.0,
            fixed_by: Vec::new(),
            closed_by_week: None,
            closed_by_date: None,
        };
        // A process too little answered to plan has no go-live for a gate to hold: its
        // blocker is the missing answers, which its verdict says.
        for (process, score) in ProcessView::with_scores(processes, scorecard)
            .filter(|(p, _)| p.verdict != Verdict::NotAssessed)
        {
            let Some(status) = process
                .gates
                .iter()
                .find(|g| g.question == question.id)
                .map(|g| g.status)
            else {
                continue;
            };
            blocker.processes.push(process.id.clone());
            match status {
                GateStatus::Failed => {
                    blocker.failed += 1;
                    let level = score.questions.get(qi).and_then(|r| r.level).unwrap_or(0.0);
                    blocker.shortfall += (gate.min_level as f64 - level).max(0.0);
                }
                GateStatus::Unanswered => blocker.unanswered += 1,
            }
        }
        if blocker.processes.is_empty() {
            continue;
        }
        let held: HashSet<&str> = blocker.processes.iter().map(String::as_str).collect();
        let closing: Vec<&&Step> = steps
            .iter()
            .filter(|s| s.question.as_deref() == Some(question.id.as_str()))
            .filter(|s| s.processes.iter().any(|p| held.contains(&**p)))
            .collect();
        for step in &closing {
            if !blocker.fixed_by.iter().any(|t| *t == *step.title) {
                blocker.fixed_by.push(step.title.to_string());
            }
        }
        if let Some(last) = closing.iter().max_by_key(|s| s.end_week) {
            blocker.closed_by_week = Some(last.end_week);
            blocker.closed_by_date = last.end_date.as_deref().map(str::to_string);
        }
        found.push(blocker);
    }
    // Then the one the plan closes last, which holds its go-lives longest (one it does not
    // close, first); stable, so questionnaire order breaks the remaining ties.
    found.sort_by(|a, b| {
        b.processes
            .len()
            .cmp(&a.processes.len())
            .then(b.shortfall.total_cmp(&a.shortfall))
            .then(
                b.closed_by_week
                    .unwrap_or(u32::MAX)
                    .cmp(&a.closed_by_week.unwrap_or(u32::MAX)),
            )
    });
    found
}

fn decisions(q: &Questionnaire, steps: &[&Step], plan: &Plan) -> Vec<Decision> {
    let weeks: HashMap<&str, u32> = plan
        .go_live
        .iter()
        .filter_map(|g| Some((g.process.as_str(), g.week?)))
        .collect();
    let go_live_week = |process: &str| weeks.get(process).copied().unwrap_or(u32::MAX);
    // The steps of each executive action (or milestone), in plan order.
    let mut groups: Vec<(String, Vec<&Step>)> = Vec::new();
    // Whether each owner is an executive role, decided once per owner rather than per step.
    let mut executive: HashMap<&str, bool> = HashMap::default();
    for step in steps.iter().filter(|s| {
        *executive
            .entry(&s.owner)
            .or_insert_with(|| q.is_executive(&s.owner))
    }) {
        let id = step.action_id.as_deref().map_or_else(
            || step.id.split('@').next().unwrap_or(&step.id).to_string(),
            str::to_string,
        );
        match groups
            .iter_mut()
            .find(|(g, members)| *g == id && members[0].owner == step.owner)
        {
            Some((_, members)) => members.push(step),
            None => groups.push((id, vec![step])),
        }
    }
    let mut found: Vec<Decision> = groups
        .into_iter()
        .map(|(id, members)| {
            // Due when the first go-live that waits for it needs it; when no go-live waits,
            // when its first step ends.
            let due = members
                .iter()
                .filter_map(|s| {
                    let p = s.before_go_live_of.as_deref()?;
                    Some((go_live_week(p), s.end_week, *s))
                })
                .min_by_key(|(week, end, _)| (*week, *end))
                .map(|(_, _, s)| s)
                .or_else(|| members.iter().min_by_key(|s| s.end_week).copied())
                .unwrap_or(members[0]);
            // Each process once, in the order met: an action done per process has a step for
            // every process, so a search of the list for each would grow with their square.
            let mut seen: HashSet<&str> = HashSet::default();
            let processes: Vec<String> = members
                .iter()
                .flat_map(|s| &s.processes)
                .filter(|p| seen.insert(&***p))
                .map(|p| p.to_string())
                .collect();
            Decision {
                id,
                title: due.title.to_string(),
                owner: due.owner.to_string(),
                processes,
                due_week: due.end_week,
                due_date: due.end_date.as_deref().map(str::to_string),
                before_go_live_of: due.before_go_live_of.as_deref().map(str::to_string),
            }
        })
        .collect();
    found.sort_by(|a, b| (a.due_week, &a.title).cmp(&(b.due_week, &b.title)));
    found
}
