//! Stage 8: the plan as reports show it. Every step's reason says what its gap is, why a go-live
//! waits for it (or not), and what decided its start week; a rule is named only where that rule
//! placed the step.

use std::collections::HashMap;
use std::sync::Arc;

use super::gaps::{self, GapKind};
use super::go_lives::{Bound, GoLives};
use super::model::{GoLive, OwnerLoad, Plan, Step, Tractability, Wave};
use super::rules::join_and;
use super::schedule::Calendar;
use super::steps::{Hold, Node, Steps, Timing};
use super::{Context, GO_LIVE_GAP_WEEKS};
use crate::calendar::{human, iso};
use crate::questionnaire::{ActionTag, DimensionRole, Level3};
use crate::scoring::format_level;

/// The title of the senior sign-off milestone (rule 6), which no questionnaire action carries.
pub const MILESTONE_TITLE: &str = "Senior sign-off before go-live";

/// The finished plan.
pub(crate) fn assemble(
    cx: &Context<'_>,
    steps: &Steps,
    go_lives: &GoLives,
    calendar: &Calendar,
) -> Plan {
    Plan {
        first_process: cx
            .ranking
            .planned
            .first()
            .map(|&p| cx.processes[p].id.clone()),
        horizon_weeks: cx.settings.horizon_weeks,
        start: cx.settings.start.map(|w| iso(w.start())),
        tractability: cx
            .ranking
            .order
            .iter()
            .enumerate()
            .map(|(rank, &p)| Tractability {
                process: cx.processes[p].id.clone(),
                score: cx.ranking.tractability[p],
                rank: rank + 1,
            })
            .collect(),
        waves: waves(cx, steps, go_lives),
        go_live: cx
            .ranking
            .order
            .iter()
            .map(|&p| go_live(cx, steps, go_lives, p))
            .collect(),
        owner_load: owner_load(steps, calendar),
    }
}

fn name<'a>(cx: &Context<'a>, p: usize) -> &'a str {
    &cx.processes[p].name
}

/// "week 29", or "week 29 (14 Dec 2026)" when the plan has a start: a week as a start or a
/// go-live, dated by its first day.
fn starting(cx: &Context<'_>, week: u32) -> String {
    match cx.settings.start {
        Some(weeks) => format!("week {week} ({})", human(weeks.first_day(week))),
        None => format!("week {week}"),
    }
}

/// "week 6 (12 Jul 2026)": a week as an end, dated by its last day.
fn ending(cx: &Context<'_>, week: u32) -> String {
    match cx.settings.start {
        Some(weeks) => format!("week {week} ({})", human(weeks.last_day(week))),
        None => format!("week {week}"),
    }
}

/// The go-live week of `p`, dated, or "week ?" when it has none.
fn week_of(cx: &Context<'_>, go_lives: &GoLives, p: usize) -> String {
    go_lives.week[p].map_or("week ?".to_string(), |w| starting(cx, w))
}

/// Why a step is where it is.
fn reason(cx: &Context<'_>, steps: &Steps, n: usize, go_lives: &GoLives) -> String {
    let node = &steps.nodes[n];
    let mut parts = gap_sentences(cx, steps, node);
    parts.push(hold_sentence(cx, steps, node, go_lives));
    if let Some(timing) = timing_sentence(cx, steps, node) {
        parts.push(timing);
    }
    parts.join(" ")
}

fn gap_sentences(cx: &Context<'_>, steps: &Steps, node: &Node) -> Vec<String> {
    let Some((qi, _)) = node.action else {
        return Vec::new();
    };
    let question = &cx.q.questions[qi].id;
    let mut below = Vec::new();
    let mut gates = Vec::new();
    let mut needed = Vec::new();
    // Per seam, in the order met: the processes it is at risk for, with their findings.
    let mut seams: Vec<(usize, Vec<String>)> = Vec::new();
    for gap in &node.gaps {
        match gap.kind {
            GapKind::Below { level, target } => below.push(format!(
                "{} at level {} of target {target}",
                name(cx, gap.process),
                format_level(level)
            )),
            GapKind::UnansweredGate => gates.push(name(cx, gap.process).to_string()),
            GapKind::UnansweredDependency => needed.push(name(cx, gap.process).to_string()),
            GapKind::Seam { seam } => {
                let finding = seam_finding(cx, gap.process, seam);
                match seams.iter_mut().find(|(s, _)| *s == seam) {
                    Some((_, findings)) => findings.push(finding),
                    None => seams.push((seam, vec![finding])),
                }
            }
        }
    }
    let mut parts = Vec::new();
    if !below.is_empty() {
        parts.push(format!(
            "Closes the gap on `{question}`: {}.",
            below.join("; ")
        ));
    }
    if !gates.is_empty() {
        parts.push(format!(
            "`{question}` is a critical gate nobody has answered for {}, so it does not count as passed: planned as a gap until it is answered.",
            join_and(&gates)
        ));
    }
    for (seam, findings) in seams {
        let seam = &cx.q.seams[seam];
        parts.push(format!(
            "Mends the seam `{}` ({}) {}.",
            seam.id,
            one_line(&seam.name),
            findings.join("; ")
        ));
    }
    if !needed.is_empty() {
        let dependent = node.needed_by.map_or(String::new(), |d| {
            format!(" and `{}` depends on this action", steps.nodes[d].id)
        });
        parts.push(format!(
            "`{question}` is unanswered for {}{dependent}, so it is planned as a gap until the question is answered.",
            join_and(&needed)
        ));
    }
    parts
}

/// "for Claims handling: Data 31.3 is weak (below 50) while Process 75.0 is strong (75 or
/// more)": why seam `seam` is at risk for process `p`, in the figures reports print.
fn seam_finding(cx: &Context<'_>, p: usize, seam: usize) -> String {
    let finding = crate::scoring::seams::assess(cx.q, cx.scores[p])
        .into_iter()
        .find(|s| s.index == seam)
        .and_then(|s| s.finding())
        .unwrap_or_else(|| "at risk".to_string());
    format!("for {}: {finding}", name(cx, p))
}

/// `text` on one line, its runs of white space one space: a name in a sentence of the plan.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which go-live waits for the step, and the rule that says so; or why none does.
fn hold_sentence(cx: &Context<'_>, steps: &Steps, node: &Node, go_lives: &GoLives) -> String {
    let Some((rank, hold)) = node.holds else {
        return free_sentence(cx, node, go_lives);
    };
    let Some(&p) = cx.ranking.planned.get(rank) else {
        return "No go-live waits for it.".to_string();
    };
    let (who, week) = (name(cx, p), week_of(cx, go_lives, p));
    match hold {
        Hold::Owner => format!("Rule 7: no process goes live without a named owner of its outcome, exceptions and failure mode; it ends before {who} goes live in {week}."),
        Hold::Gate => format!("A critical gate for {who}: it ends before the go-live in {week}."),
        Hold::RiskControl => format!(
            "Rule 6: {who} is {}-risk, so this control ends before its go-live in {week}; only a low-risk process moves without it.",
            cx.processes[p].profile.risk_tier.as_str()
        ),
        Hold::Tooling => format!("The tool is in place before the go-live of {who} in {week}."),
        Hold::Baseline => format!("Rule 2: part of the governance baseline, which is in place before the second and every later go-live; it ends before {who} goes live in {week}."),
        Hold::Role(role) => format!(
            "A {} gap closes before go-live: it ends before {who} goes live in {week}.",
            role_name(role)
        ),
        Hold::NoRole => format!("Dimension `{}` declares no role, so its gaps close before go-live, to be safe: it ends before {who} goes live in {week}.", node.dimension),
        Hold::NeededBy(d) => format!("Needed before the go-live of {who} in {week}: `{}` depends on it.", steps.nodes[d].id),
        Hold::Signoff => format!("Rule 6: {who} is high-risk, so a senior sign-off is the last step before its go-live in {week}."),
    }
}

fn role_name(role: DimensionRole) -> &'static str {
    match role {
        DimensionRole::Process => "process-design",
        DimensionRole::DecisionRights => "decision-rights",
        DimensionRole::Data => "data-readiness",
        DimensionRole::Governance | DimensionRole::Capability => role.as_str(),
    }
}

/// Why no go-live waits for a step.
fn free_sentence(cx: &Context<'_>, node: &Node, go_lives: &GoLives) -> String {
    let who = name(cx, node.first);
    if node.is_control() {
        format!("Rule 6: {who} is low-risk, so this control does not hold up its go-live.")
    } else if node.has(ActionTag::GovernanceBaseline) {
        "Part of the governance baseline, which must be in place before a second go-live; with one process planned, no go-live waits for it.".to_string()
    } else if node.ongoing {
        "An ongoing practice: it continues after go-live, so no go-live waits for it to end."
            .to_string()
    } else if node.role == Some(DimensionRole::Capability) {
        format!(
            "Rule 3: capability building runs alongside deployment, not after it: it starts no later than the go-live of {who} in {}.",
            week_of(cx, go_lives, node.first)
        )
    } else if node.role == Some(DimensionRole::Governance) {
        "Rule 5: governance starts light and grows; no go-live waits for this.".to_string()
    } else {
        "No go-live waits for it.".to_string()
    }
}

/// What decided the start week.
fn timing_sentence(cx: &Context<'_>, steps: &Steps, node: &Node) -> Option<String> {
    let start = node.start;
    let stage_name = || {
        cx.ranking
            .planned
            .get(node.stage)
            .map_or("its process", |&p| name(cx, p))
    };
    let from = starting(cx, start);
    Some(match node.timing {
        Timing::Free => format!("Starts in {from}: nothing it depends on is outstanding."),
        Timing::After(d) if node.tooling_waits_for.contains(&d) => format!(
            "Rule 1: tooling is selected only after the process and data work of {} ends ({} of its steps, slow remediation included); the last, `{}`, ends in {}, so it starts in {from}.",
            name(cx, node.first),
            node.tooling_waits_for.len(),
            steps.nodes[d].id,
            ending(cx, steps.nodes[d].end)
        ),
        Timing::After(d) => format!(
            "Starts in {from}, after `{}` ends in {}.",
            steps.nodes[d].id,
            ending(cx, steps.nodes[d].end)
        ),
        Timing::Staggered => format!(
            "Rule 4: the most tractable process goes first; this is part of the work of {}, which starts in {from}.",
            stage_name()
        ),
        Timing::SlowDataEarly { turn } => format!(
            "Rule 5: data work is slow, so it starts early, in {from}, not at the turn of {} in {}.",
            stage_name(),
            starting(cx, turn)
        ),
        Timing::Capacity { wanted, limit } => format!(
            "Starts in {from}, not week {wanted}: {} carries at most {limit} {} at once (capacity in engagement.yaml).",
            node.owner,
            if limit == 1 { "step" } else { "steps" }
        ),
        Timing::AlongsideGoLive => format!(
            "Placed to run across that go-live (rule 3): from {from} to {}.",
            ending(cx, node.end)
        ),
        Timing::BeforeGoLive => return None,
    })
}

/// One wave per planned go-live, holding what that go-live waits for first; then capability
/// work (rule 3); then what no go-live waits for.
fn waves(cx: &Context<'_>, steps: &Steps, go_lives: &GoLives) -> Vec<Wave> {
    let planned = cx.ranking.planned.len();
    let (capability, rest) = (planned, planned + 1);
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); planned + 2];
    for (n, node) in steps.nodes.iter().enumerate() {
        let bucket = match node.holds {
            Some((rank, _)) if rank < planned => rank,
            _ if node.role == Some(DimensionRole::Capability) => capability,
            _ => rest,
        };
        buckets[bucket].push(n);
    }
    let first_go_live = go_lives.at_rank(cx, 0);
    let mut waves = Vec::new();
    let mut texts = Texts::default();
    for (b, mut bucket) in buckets.into_iter().enumerate() {
        if bucket.is_empty() {
            continue;
        }
        let nodes = &steps.nodes;
        bucket.sort_by(|&a, &b| {
            (nodes[a].start, nodes[a].end, nodes[a].effort, &nodes[a].id).cmp(&(
                nodes[b].start,
                nodes[b].end,
                nodes[b].effort,
                &nodes[b].id,
            ))
        });
        let start_week = bucket.iter().map(|&n| nodes[n].start).min().unwrap_or(1);
        let title = if b < planned {
            prepare_title(cx, go_lives, cx.ranking.planned[b])
        } else if b == capability {
            "Build capability alongside deployment: each step starts by the first go-live it serves"
                .to_string()
        } else if first_go_live.is_some_and(|w| start_week > w) {
            "After the first go-live: governance growth, ongoing practices and other work no go-live waits for".to_string()
        } else {
            "Alongside the go-lives: governance growth, ongoing practices and other work no go-live waits for".to_string()
        };
        let steps_out: Vec<Step> = bucket
            .iter()
            .map(|&n| step(cx, steps, n, go_lives, &mut texts))
            .collect();
        let end_week = steps_out.iter().map(|s| s.end_week).max().unwrap_or(1);
        waves.push(Wave {
            index: waves.len() + 1,
            title,
            start_week,
            end_week,
            start_date: cx.settings.start.map(|w| iso(w.first_day(start_week))),
            end_date: cx.settings.start.map(|w| iso(w.last_day(end_week))),
            steps: steps_out,
        });
    }
    waves
}

fn prepare_title(cx: &Context<'_>, go_lives: &GoLives, p: usize) -> String {
    let week = go_lives.week[p].unwrap_or(0);
    let beyond = if week > cx.settings.horizon_weeks {
        format!(", beyond the {}-week horizon", cx.settings.horizon_weeks)
    } else {
        String::new()
    };
    format!(
        "Prepare {} for go-live in {}{beyond}",
        name(cx, p),
        starting(cx, week)
    )
}

/// One copy of each text steps repeat: an action's id, title and wording, its question,
/// dimension and owner are the same in every process's step of that action.
#[derive(Default)]
struct Texts(std::collections::HashSet<Arc<str>>);

impl Texts {
    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.0.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.0.insert(shared.clone());
        shared
    }
}

fn step(cx: &Context<'_>, steps: &Steps, n: usize, go_lives: &GoLives, texts: &mut Texts) -> Step {
    let node = &steps.nodes[n];
    let dates = cx.settings.start.map(|weeks| {
        (
            iso(weeks.first_day(node.start)),
            iso(weeks.last_day(node.end)),
        )
    });
    Step {
        id: node.id.clone(),
        action_id: node
            .action
            .map(|(qi, ai)| texts.get(&cx.q.questions[qi].actions[ai].id)),
        title: texts.get(match node.action {
            Some((qi, ai)) => cx.q.questions[qi].actions[ai].title(),
            None => MILESTONE_TITLE,
        }),
        action: texts.get(&node.text),
        processes: node
            .processes
            .iter()
            .map(|&p| cx.processes[p].id.clone())
            .collect(),
        dimension: texts.get(&node.dimension),
        role: node.role,
        tags: node.tags.clone(),
        question: node.action.map(|(qi, _)| texts.get(&cx.q.questions[qi].id)),
        seams: seams_of(cx, node),
        effort: node.effort,
        owner: texts.get(&node.owner),
        start_week: node.start,
        end_week: node.end,
        start_date: dates.as_ref().map(|d| d.0.clone()),
        end_date: dates.map(|d| d.1),
        before_go_live_of: node
            .holds
            .and_then(|(rank, _)| cx.ranking.planned.get(rank))
            .map(|&p| cx.processes[p].id.clone()),
        depends_on: node
            .deps
            .iter()
            .map(|&d| steps.nodes[d].id.clone())
            .collect(),
        reason: reason(cx, steps, n, go_lives),
    }
}

/// The ids of the seams that put `node` in the plan, each once, in the order met.
fn seams_of(cx: &Context<'_>, node: &Node) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for gap in &node.gaps {
        if let GapKind::Seam { seam } = gap.kind {
            let id = &cx.q.seams[seam].id;
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    ids
}

/// A process's go-live entry: its week and what decided it, or for a process not assessed, the
/// questions to answer.
fn go_live(cx: &Context<'_>, steps: &Steps, go_lives: &GoLives, p: usize) -> GoLive {
    let Some(week) = go_lives.week[p] else {
        let answer_first = gaps::to_answer(cx, p);
        return GoLive {
            process: cx.processes[p].id.clone(),
            week: None,
            date: None,
            within_horizon: false,
            reason: not_assessed_reason(cx, p, &answer_first),
            answer_first,
        };
    };
    let rank = cx.ranking.of(p);
    let mut parts = vec![if rank == 0 {
        "First to go live: the most tractable process (rule 4).".to_string()
    } else {
        let previous = cx.ranking.planned[rank - 1];
        let tie = cx.ranking.tractability[previous] == cx.ranking.tractability[p];
        let same_tier =
            cx.processes[previous].profile.risk_tier == cx.processes[p].profile.risk_tier;
        format!(
            "Goes live after {} (rule 4: most tractable first{}).",
            name(cx, previous),
            match (tie, same_tier) {
                (false, _) => "",
                (true, false) => "; equally tractable, so the lower risk tier first",
                (true, true) => "; equally tractable and of the same risk tier, so by id",
            }
        )
    }];
    let high_risk = cx.processes[p].profile.risk_tier == Level3::High;
    parts.push(match go_lives.bound[p] {
        Bound::Nothing => "No step stands before its go-live.".to_string(),
        Bound::Steps => {
            let last = go_lives.last[p].map(|l| &steps.nodes[l]);
            let count = go_lives.holders[p].len();
            format!(
                "Waits for {count} {} (and what they depend on); the last, `{}`, ends in {}.",
                if count == 1 { "step" } else { "steps" },
                last.map_or("", |n| n.id.as_str()),
                ending(cx, last.map_or(0, |n| n.end))
            )
        }
        Bound::Capability(c) => format!(
            "Waits for capability step `{}` to start in {} (rule 3: capability runs alongside the first go-live).",
            steps.nodes[c].id,
            starting(cx, steps.nodes[c].start)
        ),
        Bound::Previous => format!(
            "Comes {GO_LIVE_GAP_WEEKS} weeks after the previous go-live, so its lessons reach this one."
        ),
        Bound::Baseline => format!(
            "Waits for the governance baseline, complete by {} (rule 2).",
            ending(cx, go_lives.baseline_end[rank].unwrap_or(0))
        ),
    });
    if high_risk {
        parts
            .push("High-risk: its controls and a senior sign-off come first (rule 6).".to_string());
    }
    if week > cx.settings.horizon_weeks {
        parts.push(format!(
            "Cannot be made ready within the {}-week horizon.",
            cx.settings.horizon_weeks
        ));
    }
    GoLive {
        process: cx.processes[p].id.clone(),
        week: Some(week),
        date: cx.settings.start.map(|w| iso(w.first_day(week))),
        within_horizon: week <= cx.settings.horizon_weeks,
        reason: parts.join(" "),
        answer_first: Vec::new(),
    }
}

fn not_assessed_reason(cx: &Context<'_>, p: usize, answer_first: &[String]) -> String {
    let score = cx.scores[p];
    let percent = |share: f64| format!("{:.0}%", share * 100.0);
    if score.coverage >= cx.settings.min_coverage {
        return "Not assessed: no applicable question is answered (every answer so far is \"not applicable\"), so it has no go-live yet.".to_string();
    }
    let gates: Vec<String> = score
        .gates
        .iter()
        .filter(|g| answer_first.contains(&g.question))
        .map(|g| format!("`{}`", g.question))
        .collect();
    let others: Vec<String> = answer_first
        .iter()
        .filter(|q| !score.gates.iter().any(|g| &&g.question == q))
        .map(|q| format!("`{q}`"))
        .collect();
    let mut list = Vec::new();
    if !gates.is_empty() {
        let noun = if gates.len() == 1 { "gate" } else { "gates" };
        list.push(format!("the critical {noun} {}", join_and(&gates)));
    }
    if !others.is_empty() {
        list.push(join_and(&others));
    }
    format!(
        "Not assessed: {} of its questions are answered and planning needs {}, so it has no go-live yet. Answer {}.",
        percent(score.coverage),
        percent(cx.settings.min_coverage),
        if list.is_empty() {
            "its questions".to_string()
        } else {
            list.join(", then ")
        }
    )
}

/// Each owner's peak load, by owner: a sweep over the steps' start and end weeks.
fn owner_load(steps: &Steps, calendar: &Calendar) -> Vec<OwnerLoad> {
    let mut events: Vec<(&str, u32, i64)> = Vec::with_capacity(steps.nodes.len() * 2);
    let mut delayed: HashMap<&str, u32> = HashMap::new();
    for node in &steps.nodes {
        if matches!(node.timing, Timing::Capacity { .. }) {
            *delayed.entry(node.owner.as_ref()).or_default() += 1;
        }
        events.push((node.owner.as_ref(), node.start, 1));
        events.push((node.owner.as_ref(), node.end + 1, -1));
    }
    // By owner, then week; a step ending frees its slot before one starting that week.
    events.sort_unstable();
    let mut loads: Vec<OwnerLoad> = Vec::new();
    let mut running: i64 = 0;
    for (owner, week, delta) in events {
        if loads.last().is_none_or(|l| l.owner != owner) {
            running = 0;
            loads.push(OwnerLoad {
                owner: owner.to_string(),
                peak: 0,
                peak_week: week,
                capacity: calendar.capacity(owner),
                delayed_steps: delayed.get(owner).copied().unwrap_or(0),
            });
        }
        running += delta;
        if let Some(load) = loads.last_mut() {
            if running > i64::from(load.peak) {
                load.peak = u32::try_from(running).unwrap_or(u32::MAX);
                load.peak_week = week;
            }
        }
    }
    loads
}
