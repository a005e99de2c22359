//! Progress over time: two reports of an engagement compared, as a view-model built once and
//! rendered per format (`render`). Scores are compared process by process (by id) and
//! dimension by dimension (by id); critical gates by question id (`gates`); go-live weeks by
//! process (`go_lives`); plan steps by step id. Every count the headline gives is made here.

pub mod gates;
pub mod go_lives;
pub mod render;
pub mod seams;
pub mod stale;

pub use gates::{GateChange, GateMove, GateState};
pub use go_lives::{GoLiveKind, GoLiveMove};
pub use seams::{SeamChange, SeamMove};

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::model::{ProcessView, Report};
use crate::plan::Plan;
use crate::scoring::{self, Verdict};

/// Version of the JSON shape of a diff; bumped on any change of shape. Version 3 added the
/// seams that moved (`seams`, and their counts in `headline`), stale answers (`stale`, and
/// their counts in the headline).
pub const DIFF_SCHEMA_VERSION: u32 = 3;

/// What moved between an old and a new report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub old: Side,
    pub new: Side,
    /// What makes the comparison partial, e.g. a different questionnaire version.
    pub notes: Vec<String>,
    /// How many of each kind of change the sections below hold.
    pub headline: Headline,
    /// Processes in both reports whose verdict changed, in the new report's order.
    pub verdicts_changed: Vec<VerdictMove>,
    /// Processes in both reports, in the new report's order.
    pub processes: Vec<ProcessChange>,
    /// Processes only in the new report.
    pub added: Vec<ProcessSummary>,
    /// Processes only in the old report.
    pub removed: Vec<ProcessSummary>,
    /// Critical gates of processes in both reports whose state changed: by process in the new
    /// report's order, then in question order.
    pub gates: Vec<GateChange>,
    /// Seams of processes in both reports newly at risk, no longer at risk, or at risk with
    /// another status: by process in the new report's order, then in questionnaire order.
    pub seams: Vec<SeamChange>,
    /// Processes in both reports whose go-live week changed, in the new report's order.
    pub go_lives: Vec<GoLiveMove>,
    /// Steps of the old plan that the new plan no longer needs for a process still in scope:
    /// the gaps they were to close are closed.
    pub steps_completed: Vec<StepChange>,
    /// Steps the new plan has and the old one had not, for processes in both reports.
    pub steps_added: Vec<StepChange>,
    /// For each process in both reports with a step completed or added, how many: a step
    /// shared by several processes counts for each.
    pub steps_by_process: Vec<StepCounts>,
    /// The new report's stale answers, per process, when it is dated (`--date`): empty
    /// otherwise.
    pub stale: Vec<stale::StaleProcess>,
}

/// The number of entries in each section, for the line that sums the diff up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Headline {
    pub verdicts_changed: usize,
    pub gates_passed: usize,
    pub gates_newly_failed: usize,
    /// Gates that moved otherwise (e.g. unanswered to failed).
    pub gates_other: usize,
    pub go_lives_earlier: usize,
    pub go_lives_later: usize,
    pub go_lives_plannable: usize,
    pub go_lives_unplannable: usize,
    pub seams_newly_at_risk: usize,
    pub seams_no_longer_at_risk: usize,
    /// Seams at risk in both reports whose status changed.
    pub seams_status_changed: usize,
    /// Distinct steps: a step shared by several processes counts once.
    pub steps_completed: usize,
    pub steps_added: usize,
    pub processes_added: usize,
    pub processes_removed: usize,
    /// Groups (practices) of processes in both reports whose score moved.
    pub practices_moved: usize,
    /// Stale answers in the new report; null when it is not dated.
    pub answers_stale: Option<usize>,
    /// Of those, the ones not stale in the old report; null unless both reports judged them.
    pub answers_became_stale: Option<usize>,
}

/// A process whose verdict changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VerdictMove {
    /// The process's id.
    pub process: String,
    /// As the new report names it.
    pub name: String,
    pub old: Verdict,
    pub new: Verdict,
}

/// Plan steps completed and added for one process.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepCounts {
    /// The process's id.
    pub process: String,
    /// As the new report names it.
    pub name: String,
    pub completed: usize,
    pub added: usize,
}

/// One of the two reports compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Side {
    pub engagement: String,
    pub client: String,
    pub questionnaire: String,
    pub questionnaire_version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Weeks the report's plan looks ahead.
    pub horizon_weeks: u32,
}

/// An old and a new figure (0-100 or null) and the change, when both are known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Change {
    pub old: Option<f64>,
    pub new: Option<f64>,
    pub delta: Option<f64>,
}

impl Change {
    fn new(old: Option<f64>, new: Option<f64>) -> Change {
        Change {
            old,
            new,
            // Adding 0.0 turns -0 into 0.
            delta: old.zip(new).map(|(o, n)| scoring::round1(n - o) + 0.0),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct VerdictChange {
    pub old: Verdict,
    pub new: Verdict,
    pub changed: bool,
}

/// A process in both reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessChange {
    pub id: String,
    /// As the new report names it.
    pub name: String,
    pub readiness: Change,
    pub verdict: VerdictChange,
    /// The new report's dimensions in order, then any only the old one had.
    pub dimensions: Vec<DimensionChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionChange {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub change: Change,
    /// The dimension's groups (practices) in the new report's order, then any only the old one
    /// had; left out when the questionnaire has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupChange>,
}

/// A group's (practice's) score in both reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupChange {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub change: Change,
}

impl GroupChange {
    /// Its score moved, appeared or went.
    pub fn moved(&self) -> bool {
        self.change
            .delta
            .map_or(self.change.old != self.change.new, |d| d != 0.0)
    }
}

/// A process only one of the reports has.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProcessSummary {
    pub id: String,
    pub name: String,
    pub readiness: Option<f64>,
    pub verdict: Verdict,
}

/// A plan step that appeared or went, for the processes named.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepChange {
    pub id: String,
    pub action: String,
    pub dimension: String,
    pub question: Option<String>,
    /// The processes it is completed (or added) for, in engagement order.
    pub processes: Vec<String>,
}

fn side(report: &Report) -> Side {
    Side {
        engagement: report.engagement.name.clone(),
        client: report.engagement.client.clone(),
        questionnaire: report.questionnaire.id.clone(),
        questionnaire_version: report.questionnaire.version.clone(),
        date: report.date.clone(),
        horizon_weeks: report.plan.horizon_weeks,
    }
}

fn summary(p: &ProcessView) -> ProcessSummary {
    ProcessSummary {
        id: p.id.clone(),
        name: p.name.clone(),
        readiness: p.readiness,
        verdict: p.verdict,
    }
}

/// Each group of a dimension in either report with its two scores: the new report's groups in
/// order, then any only the old one had.
fn group_changes(
    old: Option<&super::model::DimensionScore>,
    new: Option<&super::model::DimensionScore>,
) -> Vec<GroupChange> {
    let groups = |d: Option<&super::model::DimensionScore>| d.map(|d| d.groups.0.clone());
    let (old, new) = (
        groups(old).unwrap_or_default(),
        groups(new).unwrap_or_default(),
    );
    let score = |list: &[(String, super::model::GroupScore)], id: &str| {
        list.iter()
            .find(|(g, _)| g == id)
            .and_then(|(_, g)| g.score)
    };
    let mut changes: Vec<GroupChange> = new
        .iter()
        .map(|(id, g)| GroupChange {
            id: id.clone(),
            name: g.name.clone(),
            change: Change::new(score(&old, id), g.score),
        })
        .collect();
    for (id, g) in &old {
        if !new.iter().any(|(new_id, _)| new_id == id) {
            changes.push(GroupChange {
                id: id.clone(),
                name: g.name.clone(),
                change: Change::new(g.score, None),
            });
        }
    }
    changes
}

fn process_change(old: &ProcessView, new: &ProcessView) -> ProcessChange {
    let old_dimension = |id: &str| {
        old.dimensions
            .0
            .iter()
            .find(|(old_id, _)| old_id == id)
            .map(|(_, d)| d)
    };
    let mut dimensions: Vec<DimensionChange> = new
        .dimensions
        .0
        .iter()
        .map(|(id, d)| DimensionChange {
            id: id.clone(),
            name: d.name.clone(),
            change: Change::new(old_dimension(id).and_then(|o| o.score), d.score),
            groups: group_changes(old_dimension(id), Some(d)),
        })
        .collect();
    for (id, d) in &old.dimensions.0 {
        if !new.dimensions.0.iter().any(|(new_id, _)| new_id == id) {
            dimensions.push(DimensionChange {
                id: id.clone(),
                name: d.name.clone(),
                change: Change::new(d.score, None),
                groups: group_changes(Some(d), None),
            });
        }
    }
    ProcessChange {
        id: new.id.clone(),
        name: new.name.clone(),
        readiness: Change::new(old.readiness, new.readiness),
        verdict: VerdictChange {
            old: old.verdict,
            new: new.verdict,
            changed: old.verdict != new.verdict,
        },
        dimensions,
    }
}

/// The action a step carries out: its id without the `@process` the planner adds to an action
/// done once per process, so a step matches whether it is shared or per process.
fn action_of(step_id: &str) -> &str {
    step_id.split('@').next().unwrap_or(step_id)
}

/// Steps of `from` that `to` lacks for processes in `kept`: matched by action and process, so a
/// step serving several processes counts for each it no longer serves. Processes are listed in
/// `kept`'s order, so the result does not depend on how either plan ordered them.
fn steps_missing(from: &Plan, to: &Plan, kept: &[&str]) -> Vec<StepChange> {
    // Which processes each action still serves in `to`: built once, not per step.
    let mut still: HashMap<&str, HashSet<&str>> = HashMap::new();
    for s in to.waves.iter().flat_map(|w| &w.steps) {
        still
            .entry(action_of(&s.id))
            .or_default()
            .extend(s.processes.iter().map(|p| &**p));
    }
    let mut out: Vec<StepChange> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for step in from.waves.iter().flat_map(|w| &w.steps) {
        let served = still.get(action_of(&step.id));
        let processes: Vec<String> = kept
            .iter()
            .filter(|p| {
                step.processes.iter().any(|sp| **sp == ***p)
                    && !served.is_some_and(|set| set.contains(*p))
            })
            .map(|p| p.to_string())
            .collect();
        if processes.is_empty() {
            continue;
        }
        match index.get(&*step.id).map(|&i| &mut out[i]) {
            // The same action in two steps of one plan: one line, the processes merged.
            Some(seen) => {
                for p in processes {
                    if !seen.processes.contains(&p) {
                        seen.processes.push(p);
                    }
                }
                seen.processes
                    .sort_by_key(|p| kept.iter().position(|k| k == p));
            }
            None => {
                index.insert(&step.id, out.len());
                out.push(StepChange {
                    id: step.id.to_string(),
                    action: step.action.to_string(),
                    dimension: step.dimension.to_string(),
                    question: step.question.as_deref().map(str::to_string),
                    processes,
                });
            }
        }
    }
    out
}

/// What makes the comparison partial: a different questionnaire, client, horizon, or a
/// process's risk tier (which decides the gates that apply to it).
fn notes(old: &Report, new: &Report) -> Vec<String> {
    let mut notes = Vec::new();
    if old.questionnaire.id != new.questionnaire.id {
        notes.push(format!(
            "the reports use different questionnaires ({} then {}): dimensions are compared by id, and only where both have them",
            old.questionnaire.id, new.questionnaire.id
        ));
    } else if old.questionnaire.version != new.questionnaire.version {
        notes.push(format!(
            "questionnaire {} changed from version {} to {}: questions may have changed",
            new.questionnaire.id, old.questionnaire.version, new.questionnaire.version
        ));
    }
    if old.engagement.client != new.engagement.client {
        notes.push(format!(
            "the reports are for different clients ({} then {})",
            old.engagement.client, new.engagement.client
        ));
    }
    if old.plan.horizon_weeks != new.plan.horizon_weeks {
        notes.push(format!(
            "the plans look ahead over different horizons ({} then {} weeks): each go-live is within or beyond its own plan's",
            old.plan.horizon_weeks, new.plan.horizon_weeks
        ));
    }
    let pairs = || {
        new.processes
            .iter()
            .filter_map(|n| Some((old.processes.iter().find(|o| o.id == n.id)?, n)))
    };
    if pairs().any(|(o, n)| !seams::comparable(o, n)) {
        let which = if pairs().any(|(o, _)| o.seams.is_none()) {
            "the old report was"
        } else {
            "the new report was"
        };
        notes.push(format!(
            "{which} saved before omd assessed seams: seams at risk are not compared"
        ));
    }
    for (o, n) in pairs() {
        if o.risk_tier != n.risk_tier {
            notes.push(format!(
                "{} changed risk tier from {} to {}: gates that apply only to some tiers may have come or gone",
                n.name,
                o.risk_tier.as_str(),
                n.risk_tier.as_str()
            ));
        }
    }
    notes
}

/// For each process in `kept` (in that order) with a step completed or added, how many.
fn steps_by_process(
    kept: &[(&str, &str)],
    completed: &[StepChange],
    added: &[StepChange],
) -> Vec<StepCounts> {
    let count = |steps: &[StepChange], process: &str| {
        steps
            .iter()
            .filter(|s| s.processes.iter().any(|p| p == process))
            .count()
    };
    kept.iter()
        .map(|&(process, name)| StepCounts {
            process: process.to_string(),
            name: name.to_string(),
            completed: count(completed, process),
            added: count(added, process),
        })
        .filter(|c| c.completed + c.added > 0)
        .collect()
}

impl Diff {
    /// Every practice whose score moved, with its process and dimension, in the new report's
    /// order.
    pub fn practices_moved(
        &self,
    ) -> impl Iterator<Item = (&ProcessChange, &DimensionChange, &GroupChange)> {
        self.processes.iter().flat_map(|p| {
            p.dimensions.iter().flat_map(move |d| {
                d.groups
                    .iter()
                    .filter(|g| g.moved())
                    .map(move |g| (p, d, g))
            })
        })
    }
}

impl Headline {
    fn of(diff: &Diff) -> Headline {
        let gates = |kind: GateMove| diff.gates.iter().filter(|g| g.kind == kind).count();
        let go_lives = |kind: GoLiveKind| diff.go_lives.iter().filter(|g| g.kind == kind).count();
        let seams = |kind: SeamMove| diff.seams.iter().filter(|s| s.kind == kind).count();
        Headline {
            verdicts_changed: diff.verdicts_changed.len(),
            gates_passed: gates(GateMove::Passed),
            gates_newly_failed: gates(GateMove::NewlyFailed),
            gates_other: gates(GateMove::Other),
            go_lives_earlier: go_lives(GoLiveKind::Earlier),
            go_lives_later: go_lives(GoLiveKind::Later),
            go_lives_plannable: go_lives(GoLiveKind::BecamePlannable),
            go_lives_unplannable: go_lives(GoLiveKind::BecameUnplannable),
            seams_newly_at_risk: seams(SeamMove::NewlyAtRisk),
            seams_no_longer_at_risk: seams(SeamMove::NoLongerAtRisk),
            seams_status_changed: seams(SeamMove::StatusChanged),
            steps_completed: diff.steps_completed.len(),
            steps_added: diff.steps_added.len(),
            processes_added: diff.added.len(),
            processes_removed: diff.removed.len(),
            practices_moved: diff.practices_moved().count(),
            answers_stale: (!diff.stale.is_empty())
                .then(|| diff.stale.iter().map(|p| p.stale).sum()),
            answers_became_stale: {
                let known: Vec<usize> = diff.stale.iter().filter_map(|p| p.became_stale).collect();
                (!known.is_empty()).then(|| known.iter().sum())
            },
        }
    }
}

impl Diff {
    /// Compares `old` with `new`, plans included.
    pub fn build(old: &Report, new: &Report) -> Diff {
        // Processes in both reports, old and new, in the new report's order.
        let pairs: Vec<(&ProcessView, &ProcessView)> = new
            .processes
            .iter()
            .filter_map(|n| Some((old.processes.iter().find(|o| o.id == n.id)?, n)))
            .collect();
        let processes: Vec<ProcessChange> =
            pairs.iter().map(|(o, n)| process_change(o, n)).collect();
        let verdicts_changed = processes
            .iter()
            .filter(|p| p.verdict.changed)
            .map(|p| VerdictMove {
                process: p.id.clone(),
                name: p.name.clone(),
                old: p.verdict.old,
                new: p.verdict.new,
            })
            .collect();
        let gates = pairs
            .iter()
            .flat_map(|(o, n)| gates::gate_changes(o, n))
            .collect();
        let seams = pairs
            .iter()
            .flat_map(|(o, n)| seams::seam_changes(o, n))
            .collect();
        let added = new
            .processes
            .iter()
            .filter(|n| !old.processes.iter().any(|o| o.id == n.id))
            .map(summary)
            .collect();
        let removed = old
            .processes
            .iter()
            .filter(|o| !new.processes.iter().any(|n| n.id == o.id))
            .map(summary)
            .collect();
        let kept: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(_, n)| (n.id.as_str(), n.name.as_str()))
            .collect();
        // Steps are compared for the processes planned in both reports: a process that can no
        // longer be planned (too little answered) has completed nothing, it has dropped out.
        let planned = |plan: &Plan, id: &str| {
            plan.go_live
                .iter()
                .any(|g| g.process == id && g.week.is_some())
        };
        let kept_ids: Vec<&str> = kept
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| planned(&old.plan, id) && planned(&new.plan, id))
            .collect();
        let steps_completed = steps_missing(&old.plan, &new.plan, &kept_ids);
        let steps_added = steps_missing(&new.plan, &old.plan, &kept_ids);
        let mut notes = notes(old, new);
        notes.extend(stale::notes(old, new));
        let mut diff = Diff {
            schema_version: DIFF_SCHEMA_VERSION,
            old: side(old),
            new: side(new),
            notes,
            headline: Headline::default(),
            verdicts_changed,
            processes,
            gates,
            seams,
            go_lives: go_lives::go_live_moves(&old.plan, &new.plan, &kept),
            added,
            removed,
            steps_by_process: steps_by_process(&kept, &steps_completed, &steps_added),
            steps_completed,
            steps_added,
            stale: stale::stale_answers(old, new),
        };
        diff.headline = Headline::of(&diff);
        diff
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::{Step, Wave};
    use crate::questionnaire::Effort;

    pub fn step(id: &str, processes: &[&str]) -> Step {
        Step {
            id: id.into(),
            action_id: Some(id.into()),
            title: format!("Title {id}").into(),
            action: format!("Action {id}").into(),
            processes: processes.iter().map(|&p| p.into()).collect(),
            dimension: "data".into(),
            role: None,
            tags: Default::default(),
            question: Some(format!("q_{id}").into()),
            seams: vec![],
            effort: Effort::Medium,
            owner: "Owner".into(),
            start_week: 1,
            end_week: 2,
            start_date: None,
            end_date: None,
            before_go_live_of: None,
            depends_on: vec![],
            reason: "r".into(),
        }
    }

    pub fn plan(steps: Vec<Step>) -> Plan {
        Plan {
            first_process: None,
            horizon_weeks: 12,
            start: None,
            tractability: vec![],
            waves: vec![Wave {
                index: 1,
                title: "W".into(),
                start_week: 1,
                end_week: 2,
                start_date: None,
                end_date: None,
                steps,
            }],
            go_live: vec![],
            owner_load: vec![],
        }
    }

    #[test]
    fn steps_gone_from_the_new_plan_are_completed_for_processes_still_in_scope() {
        let old = plan(vec![
            step("owner", &["a", "b"]),
            step("lineage", &["a"]),
            step("only_removed", &["gone"]),
            step("kept", &["a"]),
        ]);
        let new = plan(vec![
            step("owner", &["b"]),
            step("kept", &["a"]),
            step("fresh", &["b", "new"]),
        ]);
        let kept = ["a", "b"];
        let done = steps_missing(&old, &new, &kept);
        let ids: Vec<(&str, Vec<String>)> = done
            .iter()
            .map(|s| (s.id.as_str(), s.processes.clone()))
            .collect();
        assert_eq!(
            ids,
            [
                ("owner", vec!["a".to_string()]),
                ("lineage", vec!["a".to_string()])
            ]
        );
        let added = steps_missing(&new, &old, &kept);
        assert_eq!(added.len(), 1);
        assert_eq!(added[0].id, "fresh");
        assert_eq!(added[0].processes, ["b"]);
    }

    #[test]
    fn a_shared_step_matches_its_per_process_form() {
        let old = plan(vec![step("owner", &["a", "b"]), step("map@a", &["a"])]);
        let new = plan(vec![step("owner@b", &["b"]), step("map", &["a", "b"])]);
        let kept = ["a", "b"];
        let done = steps_missing(&old, &new, &kept);
        assert_eq!(done.len(), 1);
        assert_eq!(
            (done[0].id.as_str(), done[0].processes.clone()),
            ("owner", vec!["a".to_string()])
        );
        let added = steps_missing(&new, &old, &kept);
        assert_eq!(added.len(), 1);
        assert_eq!(
            (added[0].id.as_str(), added[0].processes.clone()),
            ("map", vec!["b".to_string()])
        );
    }

    #[test]
    fn changes_are_rounded_and_never_negative_zero() {
        let c = Change::new(Some(53.3), Some(53.3));
        assert_eq!(c.delta, Some(0.0));
        assert!(c.delta.unwrap().is_sign_positive());
        assert_eq!(Change::new(Some(28.0), Some(41.7)).delta, Some(13.7));
        assert_eq!(Change::new(None, Some(41.7)).delta, None);
    }
}
