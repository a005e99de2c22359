//! The planner: pure functions from questionnaire + scorecard + process profiles to a plan.
//!
//! How it works (also in the README):
//! 1. Processes are ranked by tractability (see [`tractability`]); the most tractable goes live
//!    first, the others follow in rank order (rule 4).
//! 2. Every answered question below its target yields its actions; an action several processes
//!    need is one step serving them all.
//! 3. Steps needed before a process goes live: its process, decision-rights and data work, the
//!    actions that close its failed gates, naming its owner (rule 7), tooling (rule 1), for a
//!    high-risk process its human review, audit trail and sign-off controls and a final senior
//!    sign-off (rule 6), and everything those depend on.
//! 4. Steps are scheduled as early as their dependencies allow. A later process's own work
//!    starts `STAGGER_WEEKS` after the previous one's, except slow foundational data work, which
//!    starts at once (rule 5). Tooling selection waits for the process and data work of the
//!    processes it serves (rule 1). Capability steps are placed to straddle the go-live of the
//!    first process they serve (rule 3).
//! 5. A go-live follows its steps, the previous go-live by at least `GO_LIVE_GAP_WEEKS`, and,
//!    from the second on, the end of the governance baseline (rule 2).

use std::collections::{BTreeSet, HashMap};

use thiserror::Error;

use super::model::{GoLive, Plan, Step, Tractability, Wave};
use crate::assessment::ProcessSpec;
use crate::questionnaire::graph;
use crate::questionnaire::{ActionScope, ActionTag, Effort, Level3, Questionnaire};
use crate::scoring::{format_level, GateStatus, ProcessScore, Scorecard};

/// Weeks the plan looks ahead unless told otherwise.
pub const DEFAULT_HORIZON_WEEKS: u32 = 26;
/// A later process's own work starts this many weeks after the previous process's.
pub const STAGGER_WEEKS: u32 = 4;
/// Weeks between two go-lives, so each deployment's lessons reach the next.
pub const GO_LIVE_GAP_WEEKS: u32 = 2;
/// Weeks of the senior sign-off that precedes a high-risk go-live.
pub const SIGNOFF_WEEKS: u32 = 1;

/// Planning settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub horizon_weeks: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            horizon_weeks: DEFAULT_HORIZON_WEEKS,
        }
    }
}

#[derive(Debug, Error, PartialEq)]
pub enum PlanError {
    #[error("the plan's dependencies form a cycle: {0}")]
    Cycle(String),
}

fn factor(level: Level3) -> f64 {
    match level {
        Level3::Low => 0.0,
        Level3::Medium => 0.5,
        Level3::High => 1.0,
    }
}

/// Tractability, 0-100: 60% the profile (the mean of volume, definition, data richness and
/// willingness, each low 0, medium 0.5, high 1) and 40% readiness. How strategic a process is
/// plays no part: the first process should be the one most likely to succeed.
pub fn tractability(spec: &ProcessSpec, score: &ProcessScore) -> f64 {
    let p = &spec.profile;
    let profile =
        (factor(p.volume) + factor(p.definition) + factor(p.data_richness) + factor(p.willingness))
            / 4.0;
    let value = 60.0 * profile + 0.4 * score.readiness.unwrap_or(0.0);
    (value * 10.0).round() / 10.0
}

/// Why a step is where it is; the strongest applicable rule is named in the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Placement {
    Signoff,
    Owner,
    HighRiskControl,
    Tooling,
    GovernanceBaseline,
    FoundationalData,
    Capability,
    QuickClarification,
    BeforeGoLive,
    Grows,
}

struct Node {
    id: String,
    /// The questionnaire action it carries out.
    action_id: String,
    action: String,
    dimension: String,
    question: Option<String>,
    effort: Effort,
    owner: String,
    weeks: u32,
    tags: Vec<ActionTag>,
    /// Process indices (engagement order) it serves.
    processes: BTreeSet<usize>,
    /// Gaps it closes: (process index, question id, level, target).
    gaps: Vec<(usize, String, f64, usize)>,
    /// Processes for which it closes a failed gate.
    gate_for: BTreeSet<usize>,
    deps: Vec<usize>,
    /// Processes whose go-live waits for it.
    pre_for: BTreeSet<usize>,
    /// For a synthetic sign-off: the process it signs off.
    signoff_for: Option<usize>,
    /// Rank of the earliest process that needs it, itself or through a step depending on it.
    stage: usize,
    start: u32,
    end: u32,
}

impl Node {
    fn has(&self, tag: ActionTag) -> bool {
        self.tags.contains(&tag)
    }
}

/// Builds the plan.
pub fn build(
    q: &Questionnaire,
    scorecard: &Scorecard,
    processes: &[ProcessSpec],
    settings: Settings,
) -> Result<Plan, PlanError> {
    let scores: Vec<&ProcessScore> = processes
        .iter()
        .map(|p| {
            scorecard
                .process(&p.id)
                .expect("scorecard covers every process")
        })
        .collect();

    // 1. Rank: most tractable first; processes with no answers cannot be planned and go last.
    let tract: Vec<f64> = processes
        .iter()
        .zip(&scores)
        .map(|(p, s)| tractability(p, s))
        .collect();
    let mut ranked: Vec<usize> = (0..processes.len()).collect();
    ranked.sort_by(|&a, &b| {
        let planned = |i: usize| scores[i].readiness.is_some();
        planned(b)
            .cmp(&planned(a))
            .then(tract[b].total_cmp(&tract[a]))
            .then(a.cmp(&b))
    });
    let plannable: Vec<usize> = ranked
        .iter()
        .copied()
        .filter(|&i| scores[i].readiness.is_some())
        .collect();
    let stage = |p: usize| plannable.iter().position(|&x| x == p).unwrap_or(usize::MAX);

    // 2. Gaps -> steps: a shared action is one step serving every process that needs it; any
    //    other action is one step per process.
    let mut nodes: Vec<Node> = Vec::new();
    let mut by_key: HashMap<(String, Option<usize>), usize> = HashMap::new();
    for question in &q.questions {
        for &p in &plannable {
            let Some(result) = scores[p].question(&question.id) else {
                continue;
            };
            if !result.below_target {
                continue;
            }
            let gate_failed = scores[p]
                .gates
                .iter()
                .any(|g| g.question == question.id && g.status == GateStatus::Failed);
            for action in &question.actions {
                let scope = match action.scope {
                    ActionScope::Shared => None,
                    ActionScope::Process => Some(p),
                };
                let index = *by_key.entry((action.id.clone(), scope)).or_insert_with(|| {
                    nodes.push(Node {
                        id: match scope {
                            None => action.id.clone(),
                            Some(p) => format!("{}@{}", action.id, processes[p].id),
                        },
                        action_id: action.id.clone(),
                        action: action.text.trim().to_string(),
                        dimension: question.dimension.clone(),
                        question: Some(question.id.clone()),
                        effort: action.effort,
                        owner: action.owner.clone(),
                        weeks: action.weeks.max(1),
                        tags: action.tags.clone(),
                        processes: BTreeSet::new(),
                        gaps: Vec::new(),
                        gate_for: BTreeSet::new(),
                        deps: Vec::new(),
                        pre_for: BTreeSet::new(),
                        signoff_for: None,
                        stage: usize::MAX,
                        start: 1,
                        end: 1,
                    });
                    nodes.len() - 1
                });
                let node = &mut nodes[index];
                node.processes.insert(p);
                node.gaps.push((
                    p,
                    question.id.clone(),
                    result.level.unwrap_or(0.0),
                    question.target,
                ));
                if gate_failed {
                    node.gate_for.insert(p);
                }
            }
        }
    }

    // 3. Dependencies among planned steps, per process where the steps are per process; an
    //    unplanned dependency is already in place.
    let actions: HashMap<&str, &crate::questionnaire::Action> =
        q.actions().map(|(_, a)| (a.id.as_str(), a)).collect();
    for node in nodes.iter_mut() {
        let Some(action) = actions.get(node.action_id.as_str()) else {
            continue;
        };
        let mut deps = Vec::new();
        for dep in &action.depends_on {
            if let Some(&d) = by_key.get(&(dep.clone(), None)) {
                deps.push(d);
            }
            // A shared step is done once, when the earliest process needing it needs it: its
            // per-process prerequisites are that process's.
            let first = node.processes.iter().copied().min_by_key(|&p| stage(p));
            let served: Vec<usize> = if node.id == node.action_id {
                first.into_iter().collect()
            } else {
                node.processes.iter().copied().collect()
            };
            for p in served {
                if let Some(&d) = by_key.get(&(dep.clone(), Some(p))) {
                    if !deps.contains(&d) {
                        deps.push(d);
                    }
                }
            }
        }
        node.deps = deps;
    }

    // 4. Rule 1: tooling after the process and data work of the processes it serves, except
    //    the steps that themselves need the tool.
    let tooling: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].has(ActionTag::Tooling))
        .collect();
    for t in tooling {
        let needs_tool = dependents_closure(&nodes, t);
        let extra: Vec<usize> = (0..nodes.len())
            .filter(|&n| {
                n != t
                    && !needs_tool.contains(&n)
                    && (nodes[n].dimension == "process" || nodes[n].dimension == "data")
                    && (nodes[n].effort != Effort::Foundational || !nodes[n].gate_for.is_empty())
                    && !nodes[n].processes.is_disjoint(&nodes[t].processes)
                    && !nodes[t].deps.contains(&n)
            })
            .collect();
        nodes[t].deps.extend(extra);
    }

    // 5. What each go-live waits for (rules 6 and 7), with everything that depends on.
    let high_risk = |p: usize| processes[p].profile.risk_tier == Level3::High;
    for node in nodes.iter_mut() {
        // Slow foundational work keeps running after go-live unless it closes a failed gate.
        // Review, audit and sign-off controls hold up a go-live only where the risk tier calls
        // for them: a low-risk process moves fast (rule 6).
        let control = node.has(ActionTag::HumanReview)
            || node.has(ActionTag::AuditTrail)
            || node.has(ActionTag::Signoff);
        let core = (matches!(
            node.dimension.as_str(),
            "process" | "decision_rights" | "data"
        ) && node.effort != Effort::Foundational
            && !control)
            || node.has(ActionTag::Owner)
            || node.has(ActionTag::Tooling);
        let pre: Vec<usize> = node
            .processes
            .iter()
            .copied()
            .filter(|&p| {
                core || node.gate_for.contains(&p)
                    || (control && processes[p].profile.risk_tier != Level3::Low)
            })
            .collect();
        node.pre_for.extend(pre);
    }
    close_over_dependencies(&mut nodes);
    for &p in plannable.iter().filter(|&&p| high_risk(p)) {
        let deps: Vec<usize> = (0..nodes.len())
            .filter(|&n| nodes[n].pre_for.contains(&p))
            .collect();
        nodes.push(Node {
            id: format!("senior_signoff@{}", processes[p].id),
            action_id: "senior_signoff".into(),
            action: format!(
                "Hold the senior sign-off of the {} go-live: review the human review checkpoints, the audit trail and the test results, and record the decision and who took it.",
                processes[p].name
            ),
            dimension: "governance".into(),
            question: None,
            effort: Effort::Quick,
            owner: "Executive sponsor".into(),
            weeks: SIGNOFF_WEEKS,
            tags: vec![ActionTag::Signoff],
            processes: BTreeSet::from([p]),
            gaps: Vec::new(),
            gate_for: BTreeSet::new(),
            deps,
            pre_for: BTreeSet::from([p]),
            signoff_for: Some(p),
            stage: usize::MAX,
            start: 1,
            end: 1,
        });
    }

    // A step needed by an earlier process's step takes that process's stage (rule 4).
    for node in nodes.iter_mut() {
        node.stage = node
            .processes
            .iter()
            .map(|&p| stage(p))
            .min()
            .unwrap_or(usize::MAX);
    }
    let mut changed = true;
    while changed {
        changed = false;
        for n in 0..nodes.len() {
            let stage = nodes[n].stage;
            for d in nodes[n].deps.clone() {
                if nodes[d].stage > stage {
                    nodes[d].stage = stage;
                    changed = true;
                }
            }
        }
    }

    // 6. Order: dependencies first; among the free, earlier processes, then slow data work,
    //    then quick before foundational, then questionnaire order.
    let deps: Vec<Vec<usize>> = nodes.iter().map(|n| n.deps.clone()).collect();
    let key = |i: usize| {
        let node = &nodes[i];
        let slow_data = node.dimension == "data" && node.effort == Effort::Foundational;
        (node.stage, !slow_data, node.effort, i)
    };
    let order = graph::topo_order_by(&deps, key).map_err(|cycle| {
        let mut names: Vec<&str> = cycle.iter().map(|&i| nodes[i].id.as_str()).collect();
        names.push(names[0]);
        PlanError::Cycle(names.join(" -> "))
    })?;

    // 7. Schedule (see the module doc), then the go-lives.
    let earliest = |nodes: &[Node], n: usize| -> u32 {
        let after_deps = nodes[n]
            .deps
            .iter()
            .map(|&d| nodes[d].end + 1)
            .max()
            .unwrap_or(1);
        let node = &nodes[n];
        let slow_data = node.dimension == "data" && node.effort == Effort::Foundational;
        let staged = if slow_data || node.stage == usize::MAX {
            1
        } else {
            1 + STAGGER_WEEKS * node.stage as u32
        };
        after_deps.max(staged)
    };
    for &n in &order {
        let start = earliest(&nodes, n);
        nodes[n].start = start;
        nodes[n].end = start + nodes[n].weeks - 1;
    }
    let mut go_live = go_lives(&nodes, &plannable, processes.len());
    // Capability work straddles the go-live of the first process it serves (rule 3).
    for &n in &order {
        let node = &nodes[n];
        if node.pre_for.is_empty() && node.signoff_for.is_none() {
            let mut start = earliest(&nodes, n);
            if node.dimension == "capability" {
                if let Some(week) = node.processes.iter().filter_map(|&p| go_live[p]).min() {
                    start = start.max(week.saturating_sub(node.weeks / 2).max(1));
                }
            }
            nodes[n].start = start;
            nodes[n].end = start + nodes[n].weeks - 1;
        }
    }
    go_live = go_lives(&nodes, &plannable, processes.len());
    // The sign-off sits right before its go-live.
    for node in nodes.iter_mut() {
        if let Some(p) = node.signoff_for {
            if let Some(week) = go_live[p] {
                node.end = week - 1;
                node.start = node.end + 1 - node.weeks;
            }
        }
    }

    // 8. Waves: one per go-live, holding what that go-live waits for and the capability work
    //    alongside it; then what grows after.
    let wave_of = |node: &Node| -> usize {
        let first_served = node.processes.iter().map(|&p| stage(p)).min();
        let slow_data = node.dimension == "data" && node.effort == Effort::Foundational;
        if let Some(stage) = node.pre_for.iter().map(|&p| stage(p)).min() {
            stage
        } else if node.has(ActionTag::GovernanceBaseline) && first_served == Some(0) {
            // The baseline around the first process gates the second go-live (rule 2).
            1.min(plannable.len())
        } else if node.dimension == "capability" || slow_data {
            first_served.unwrap_or(plannable.len())
        } else {
            plannable.len()
        }
    };
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); plannable.len() + 1];
    for (n, node) in nodes.iter().enumerate() {
        buckets[wave_of(node).min(plannable.len())].push(n);
    }
    let baseline_end = baseline_end(&nodes, plannable.first().copied());
    let first_go_live = plannable.first().and_then(|&p| go_live[p]);
    let second_go_live = plannable.get(1).and_then(|&p| go_live[p]);
    let mut waves = Vec::new();
    for (w, bucket) in buckets.iter_mut().enumerate() {
        if bucket.is_empty() {
            continue;
        }
        bucket.sort_by_key(|&n| {
            (
                nodes[n].start,
                nodes[n].end,
                nodes[n].effort,
                nodes[n].id.clone(),
            )
        });
        let title = match plannable.get(w) {
            Some(&p) => {
                let week = go_live[p].unwrap_or(0);
                let beyond = if week > settings.horizon_weeks {
                    format!(", beyond the {}-week horizon", settings.horizon_weeks)
                } else {
                    String::new()
                };
                format!(
                    "Prepare {} for go-live in week {week}{beyond}",
                    processes[p].name
                )
            }
            None => "Grow governance and capability after go-live".to_string(),
        };
        let steps: Vec<Step> = bucket
            .iter()
            .map(|&n| {
                let node = &nodes[n];
                Step {
                    id: node.id.clone(),
                    action: node.action.clone(),
                    processes: node
                        .processes
                        .iter()
                        .map(|&p| processes[p].id.clone())
                        .collect(),
                    dimension: node.dimension.clone(),
                    question: node.question.clone(),
                    effort: node.effort,
                    owner: node.owner.clone(),
                    start_week: node.start,
                    end_week: node.end,
                    depends_on: node.deps.iter().map(|&d| nodes[d].id.clone()).collect(),
                    reason: reason(
                        node,
                        &nodes,
                        processes,
                        Weeks {
                            first_go_live,
                            second_go_live,
                            baseline_end,
                            go_live: &go_live,
                        },
                    ),
                }
            })
            .collect();
        waves.push(Wave {
            index: waves.len() + 1,
            title,
            start_week: steps.iter().map(|s| s.start_week).min().unwrap_or(1),
            end_week: steps.iter().map(|s| s.end_week).max().unwrap_or(1),
            steps,
        });
    }

    let go_live_list = ranked
        .iter()
        .map(|&p| {
            let week = go_live[p];
            GoLive {
                process: processes[p].id.clone(),
                week,
                within_horizon: week.is_some_and(|w| w <= settings.horizon_weeks),
                reason: go_live_reason(
                    p,
                    &nodes,
                    &plannable,
                    &go_live,
                    baseline_end,
                    processes,
                    settings,
                ),
            }
        })
        .collect();

    Ok(Plan {
        first_process: plannable.first().map(|&p| processes[p].id.clone()),
        horizon_weeks: settings.horizon_weeks,
        tractability: ranked
            .iter()
            .enumerate()
            .map(|(rank, &p)| Tractability {
                process: processes[p].id.clone(),
                score: tract[p],
                rank: rank + 1,
            })
            .collect(),
        waves,
        go_live: go_live_list,
    })
}

/// Every node that depends on `root`, directly or not.
fn dependents_closure(nodes: &[Node], root: usize) -> BTreeSet<usize> {
    let mut found = BTreeSet::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        for (i, node) in nodes.iter().enumerate() {
            if node.deps.contains(&n) && found.insert(i) {
                stack.push(i);
            }
        }
    }
    found
}

/// A go-live waits for a step's dependencies as well: spread `pre_for` down the dependencies.
fn close_over_dependencies(nodes: &mut [Node]) {
    let mut changed = true;
    while changed {
        changed = false;
        for n in 0..nodes.len() {
            let pre = nodes[n].pre_for.clone();
            for d in nodes[n].deps.clone() {
                for &p in &pre {
                    if nodes[d].pre_for.insert(p) {
                        changed = true;
                    }
                }
            }
        }
    }
}

/// When the governance baseline around the first process is complete: its governance-baseline
/// steps (owner, thresholds, escalation) must end before the second go-live (rule 2).
fn baseline_end(nodes: &[Node], first: Option<usize>) -> Option<u32> {
    let first = first?;
    nodes
        .iter()
        .filter(|n| n.has(ActionTag::GovernanceBaseline) && n.processes.contains(&first))
        .map(|n| n.end)
        .max()
}

/// Go-live week per process (engagement index): after its steps, after the previous go-live by
/// the gap, and the second and later after the governance baseline.
fn go_lives(nodes: &[Node], plannable: &[usize], count: usize) -> Vec<Option<u32>> {
    let baseline_end = baseline_end(nodes, plannable.first().copied());
    let mut weeks = vec![None; count];
    let mut previous: Option<u32> = None;
    for (rank, &p) in plannable.iter().enumerate() {
        let own = nodes
            .iter()
            .filter(|n| n.pre_for.contains(&p) && n.signoff_for.is_none())
            .map(|n| n.end + 1)
            .max()
            .unwrap_or(1);
        let signoff = nodes
            .iter()
            .filter(|n| n.signoff_for == Some(p))
            .map(|n| n.weeks)
            .sum::<u32>();
        let mut week = own + signoff;
        if let Some(prev) = previous {
            week = week.max(prev + GO_LIVE_GAP_WEEKS);
        }
        if rank >= 1 {
            if let Some(end) = baseline_end {
                week = week.max(end + 1);
            }
        }
        weeks[p] = Some(week);
        previous = Some(week);
    }
    weeks
}

struct Weeks<'a> {
    first_go_live: Option<u32>,
    second_go_live: Option<u32>,
    baseline_end: Option<u32>,
    go_live: &'a [Option<u32>],
}

fn names(processes: &[ProcessSpec], set: impl Iterator<Item = usize>) -> String {
    set.map(|p| processes[p].name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn reason(node: &Node, nodes: &[Node], processes: &[ProcessSpec], weeks: Weeks<'_>) -> String {
    let mut parts = Vec::new();
    // The gap it closes.
    if let Some(question) = &node.question {
        let gaps: Vec<String> = node
            .gaps
            .iter()
            .map(|(p, _, level, target)| {
                format!(
                    "{} at level {} of target {target}",
                    processes[*p].name,
                    format_level(*level)
                )
            })
            .collect();
        parts.push(format!(
            "Closes the gap on `{question}`: {}.",
            gaps.join("; ")
        ));
    }
    if !node.gate_for.is_empty() {
        parts.push(format!(
            "A critical gate for {}: required before go-live.",
            names(processes, node.gate_for.iter().copied())
        ));
    }
    // The rule that placed it.
    let high_risk: Vec<usize> = node
        .pre_for
        .iter()
        .copied()
        .filter(|&p| processes[p].profile.risk_tier == Level3::High)
        .collect();
    let placement = placement(node, !high_risk.is_empty());
    let go_live_of = |p: usize| weeks.go_live[p].map_or("?".to_string(), |w| w.to_string());
    let rule = match placement {
        Placement::Signoff => {
            let p = node.signoff_for.unwrap_or(0);
            format!(
                "Rule 6: {} is high-risk, so senior sign-off is the last step before its go-live in week {}.",
                processes[p].name,
                go_live_of(p)
            )
        }
        Placement::Owner => "Rule 7: no process goes live without a named owner of its outcome, exceptions and failure mode.".to_string(),
        Placement::HighRiskControl => format!(
            "Rule 6: {} is high-risk and needs human review checkpoints, an audit trail and senior sign-off before go-live.",
            names(processes, high_risk.iter().copied())
        ),
        Placement::Tooling => {
            let prior = node.deps.iter().filter(|&&d| matches!(nodes[d].dimension.as_str(), "process" | "data")).count();
            format!("Rule 1: tooling is selected only after the process and data work it serves ({prior} steps).")
        }
        Placement::GovernanceBaseline => match (weeks.baseline_end, weeks.second_go_live) {
            (Some(end), Some(second)) => format!(
                "Rule 2: part of the governance baseline, which is complete by week {end}, before the second go-live in week {second}."
            ),
            _ => "Rule 2: part of the governance baseline, which must exist before a second process goes live.".to_string(),
        },
        Placement::FoundationalData => format!(
            "Rule 5: data quality work is slow, so it starts early (week {}).",
            node.start
        ),
        Placement::Capability => match weeks.first_go_live {
            Some(week) => format!(
                "Rule 3: capability building runs alongside deployment (first go-live in week {week}), not after it."
            ),
            None => "Rule 3: capability building runs alongside deployment, not after it.".to_string(),
        },
        Placement::QuickClarification => "Rule 5: quick clarification comes first; it needs decisions and documents, not technology.".to_string(),
        Placement::BeforeGoLive => format!(
            "Needed before the go-live of {}.",
            names(processes, node.pre_for.iter().copied())
        ),
        Placement::Grows => "Rule 5: governance starts light and grows after go-live.".to_string(),
    };
    parts.push(rule);
    let first_stage = node.stage;
    let after: Vec<&str> = node.deps.iter().map(|&d| nodes[d].id.as_str()).collect();
    if after.len() > 4 {
        let last = node
            .deps
            .iter()
            .max_by_key(|&&d| (nodes[d].end, nodes[d].id.as_str()))
            .map_or("", |&d| nodes[d].id.as_str());
        parts.push(format!(
            "Starts after {} steps, the last to finish `{last}`.",
            after.len()
        ));
    } else if !after.is_empty() {
        parts.push(format!("Starts after {}.", after.join(", ")));
    } else if first_stage > 0
        && first_stage != usize::MAX
        && placement != Placement::FoundationalData
        && node.start > 1
    {
        parts.push(format!(
            "Rule 4: the most tractable process goes first; this serves a later one, so it starts in week {}.",
            node.start
        ));
    }
    parts.join(" ")
}

fn placement(node: &Node, serves_high_risk: bool) -> Placement {
    if node.signoff_for.is_some() {
        Placement::Signoff
    } else if node.has(ActionTag::Owner) {
        Placement::Owner
    } else if (node.has(ActionTag::HumanReview)
        || node.has(ActionTag::AuditTrail)
        || node.has(ActionTag::Signoff))
        && serves_high_risk
    {
        Placement::HighRiskControl
    } else if node.has(ActionTag::Tooling) {
        Placement::Tooling
    } else if node.has(ActionTag::GovernanceBaseline) {
        Placement::GovernanceBaseline
    } else if node.dimension == "data" && node.effort == Effort::Foundational {
        Placement::FoundationalData
    } else if node.dimension == "capability" {
        Placement::Capability
    } else if node.effort == Effort::Quick
        && matches!(node.dimension.as_str(), "process" | "decision_rights")
    {
        Placement::QuickClarification
    } else if !node.pre_for.is_empty() {
        Placement::BeforeGoLive
    } else {
        Placement::Grows
    }
}

fn go_live_reason(
    p: usize,
    nodes: &[Node],
    plannable: &[usize],
    go_live: &[Option<u32>],
    baseline_end: Option<u32>,
    processes: &[ProcessSpec],
    settings: Settings,
) -> String {
    let Some(week) = go_live[p] else {
        return "No answers yet: answer the questionnaire for this process before it can be planned.".to_string();
    };
    let rank = plannable.iter().position(|&x| x == p).unwrap_or(0);
    let waits: Vec<&Node> = nodes.iter().filter(|n| n.pre_for.contains(&p)).collect();
    let mut parts = vec![if rank == 0 {
        "First to go live: the most tractable process (rule 4).".to_string()
    } else {
        format!(
            "Goes live after {} (rule 4: most tractable first).",
            processes[plannable[rank - 1]].name
        )
    }];
    if waits.is_empty() {
        parts.push("No step stands before its go-live.".to_string());
    } else {
        let last = waits
            .iter()
            .max_by_key(|n| (n.end, n.id.clone()))
            .map_or("", |n| n.id.as_str());
        parts.push(format!(
            "Waits for {} steps, the last `{last}`.",
            waits.len()
        ));
    }
    if rank >= 1 {
        if let Some(end) = baseline_end {
            parts.push(format!(
                "The governance baseline is complete by week {end} (rule 2)."
            ));
        }
    }
    if processes[p].profile.risk_tier == Level3::High {
        parts.push(
            "High-risk: human review, audit trail and senior sign-off come first (rule 6)."
                .to_string(),
        );
    }
    if week > settings.horizon_weeks {
        parts.push(format!(
            "Cannot be made ready within the {}-week horizon.",
            settings.horizon_weeks
        ));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::testing::{process, response};
    use crate::questionnaire::{self, Source};
    use crate::scoring::score_process;
    use std::path::PathBuf;

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

    fn setup(q: &Questionnaire) -> (Scorecard, Vec<ProcessSpec>) {
        let spec = process(Level3::Low);
        let response = response("r", &[("a", Some(1), None), ("b", Some(1), None)]);
        let score = score_process(q, &spec, &[&response]);
        (
            Scorecard {
                processes: vec![score],
            },
            vec![spec],
        )
    }

    fn questionnaire() -> Questionnaire {
        questionnaire::load_text(
            "t.yaml",
            QUESTIONNAIRE,
            Source::File(PathBuf::from("t.yaml")),
        )
        .unwrap()
        .questionnaire
    }

    #[test]
    fn dependencies_come_first_and_free_steps_start_at_once() {
        let q = questionnaire();
        let (scorecard, specs) = setup(&q);
        let plan = build(&q, &scorecard, &specs, Settings::default()).unwrap();
        let steps: Vec<&Step> = plan.waves.iter().flat_map(|w| &w.steps).collect();
        let find = |id: &str| *steps.iter().find(|s| s.id == format!("{id}@p")).unwrap();
        assert_eq!((find("first").start_week, find("first").end_week), (1, 3));
        assert_eq!((find("second").start_week, find("second").end_week), (4, 4));
        assert_eq!((find("third").start_week, find("third").end_week), (5, 6));
        assert_eq!(find("loose").start_week, 1);
        assert_eq!(find("third").depends_on, vec!["second@p".to_string()]);
        assert_eq!(plan.go_live[0].week, Some(7));
        assert_eq!(plan.first_process.as_deref(), Some("p"));
    }

    #[test]
    fn a_cycle_is_an_error_that_names_it() {
        let mut q = questionnaire();
        // Validation refuses cycles in files; the planner must still never loop or panic.
        q.questions[0].actions[0].depends_on = vec!["third".into()];
        let (scorecard, specs) = setup(&q);
        let error = build(&q, &scorecard, &specs, Settings::default()).unwrap_err();
        assert_eq!(
            error,
            PlanError::Cycle("first@p -> third@p -> second@p -> first@p".into())
        );
    }

    #[test]
    fn nothing_answered_means_nothing_planned() {
        let q = questionnaire();
        let (mut scorecard, specs) = setup(&q);
        scorecard.processes[0] = score_process(&q, &specs[0], &[]);
        let plan = build(&q, &scorecard, &specs, Settings::default()).unwrap();
        assert!(plan.waves.is_empty());
        assert_eq!(plan.first_process, None);
        assert_eq!(plan.go_live[0].week, None);
        assert!(plan.go_live[0].reason.contains("No answers yet"));
    }
}
