//! Stage 8: the plan as reports show it. Every step's reason says what its gap is, why a go-live
//! waits for it (or not), and what decided its start week; a rule is named only where that rule
//! placed the step.

use std::collections::BTreeSet;

use std::fmt::{self, Write as _};
use std::sync::Arc;

use foldhash::HashSet;
use smallvec::SmallVec;

use super::gaps::{self, GapKind};
use super::go_lives::{Bound, GoLives};
use super::model::{GoLive, OwnerLoad, Plan, Step, Tractability, Wave};
use super::rules::join_and;
use super::schedule::Calendar;
use super::steps::{Hold, Node, Steps, Timing};
use super::{Context, GO_LIVE_GAP_WEEKS};
use crate::calendar::{human_display, iso};
use crate::questionnaire::{ActionTag, DimensionRole, Level3};
use crate::scoring::LevelText;

/// The title of the senior sign-off milestone (rule 6), which no questionnaire action carries.
pub const MILESTONE_TITLE: &str = "Senior sign-off before go-live";

/// The finished plan.
pub(crate) fn assemble(
    cx: &Context<'_>,
    steps: &mut Steps,
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
fn starting(cx: &Context<'_>, week: u32) -> WeekText {
    WeekText {
        week: Some(week),
        day: cx.settings.start.map(|weeks| weeks.first_day(week)),
    }
}

/// "week 6 (12 Jul 2026)": a week as an end, dated by its last day.
fn ending(cx: &Context<'_>, week: u32) -> WeekText {
    WeekText {
        week: Some(week),
        day: cx.settings.start.map(|weeks| weeks.last_day(week)),
    }
}

/// The go-live week of `p`, dated, or "week ?" when it has none.
fn week_of(cx: &Context<'_>, go_lives: &GoLives, p: usize) -> WeekText {
    match go_lives.week[p] {
        Some(week) => starting(cx, week),
        None => WeekText {
            week: None,
            day: None,
        },
    }
}

/// A week as the plan's sentences name it, written where it is used rather than as a string of
/// its own: the reasons of a large plan name tens of thousands of weeks.
struct WeekText {
    week: Option<u32>,
    day: Option<jiff::civil::Date>,
}

impl fmt::Display for WeekText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.week {
            Some(week) => write!(f, "week {week}")?,
            None => f.write_str("week ?")?,
        }
        match self.day {
            Some(day) => write!(f, " ({})", human_display(day)),
            None => Ok(()),
        }
    }
}

/// Why a step is where it is: its gap, what waits for it, and what decided its start, as
/// sentences in one string.
fn reason(
    cx: &Context<'_>,
    steps: &Steps,
    n: usize,
    go_lives: &GoLives,
    scratch: &mut String,
) -> String {
    let node = &steps.nodes[n];
    scratch.clear();
    gap_sentences(scratch, cx, steps, node);
    sentence(scratch);
    hold_sentence(scratch, cx, steps, node, go_lives);
    timing_sentence(scratch, cx, steps, n);
    // Written in the buffer every reason shares, then copied once at its length: each of
    // thousands of reasons is held until the plan is written, with no room to spare.
    String::from(scratch.as_str())
}

/// Starts a new sentence in `out`: a space after the one before, if any.
fn sentence(out: &mut String) {
    if !out.is_empty() {
        out.push(' ');
    }
}

fn gap_sentences(out: &mut String, cx: &Context<'_>, steps: &Steps, node: &Node) {
    let Some((qi, _)) = node.action else {
        return;
    };
    let question = &cx.q.questions[qi].id;
    // Most steps close one gap: the gaps below target stay in place for up to two.
    let mut below: SmallVec<[_; 2]> = SmallVec::new();
    let mut gates = Vec::new();
    let mut needed = Vec::new();
    // Per seam, in the order met: the processes it is at risk for, with their findings.
    let mut seams: Vec<(usize, Vec<String>)> = Vec::new();
    for gap in &node.gaps {
        match gap.kind {
            GapKind::Below { level, target } => below.push((gap.process(), level, target)),
            GapKind::UnansweredGate => gates.push(name(cx, gap.process()).to_string()),
            GapKind::UnansweredDependency => needed.push(name(cx, gap.process()).to_string()),
            GapKind::Seam { seam } => {
                let seam = seam as usize;
                let finding = seam_finding(cx, gap.process(), seam);
                match seams.iter_mut().find(|(s, _)| *s == seam) {
                    Some((_, findings)) => findings.push(finding),
                    None => seams.push((seam, vec![finding])),
                }
            }
        }
    }
    if !below.is_empty() {
        sentence(out);
        let _ = write!(out, "Closes the gap on `{question}`: ");
        for (i, &(p, level, target)) in below.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            let _ = write!(
                out,
                "{} at level {} of target {target}",
                name(cx, p),
                LevelText(level)
            );
        }
        out.push('.');
    }
    if !gates.is_empty() {
        sentence(out);
        let _ = write!(
            out,
            "`{question}` is a critical gate nobody has answered for {}, so it does not count as passed: planned as a gap until it is answered.",
            join_and(&gates)
        );
    }
    for (seam, findings) in seams {
        let seam = &cx.q.seams[seam];
        sentence(out);
        let _ = write!(
            out,
            "Mends the seam `{}` ({}) {}.",
            seam.id,
            one_line(&seam.name),
            findings.join("; ")
        );
    }
    if !needed.is_empty() {
        sentence(out);
        let _ = write!(out, "`{question}` is unanswered for {}", join_and(&needed));
        if let Some(d) = node.needed_by {
            let _ = write!(
                out,
                " and `{}` depends on this action",
                steps.nodes[d as usize].id
            );
        }
        out.push_str(", so it is planned as a gap until the question is answered.");
    }
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
fn hold_sentence(
    out: &mut String,
    cx: &Context<'_>,
    steps: &Steps,
    node: &Node,
    go_lives: &GoLives,
) {
    let Some((rank, hold)) = node.holds else {
        return free_sentence(out, cx, node, go_lives);
    };
    let rank = rank as usize;
    let Some(&p) = cx.ranking.planned.get(rank) else {
        out.push_str("No go-live waits for it.");
        return;
    };
    let (who, week) = (name(cx, p), week_of(cx, go_lives, p));
    let _ = match hold {
        Hold::Owner => write!(out, "Rule 7: no process goes live without a named owner of its outcome, exceptions and failure mode; it ends before {who} goes live in {week}."),
        Hold::Gate => write!(out, "A critical gate for {who}: it ends before the go-live in {week}."),
        Hold::RiskControl => write!(
            out,
            "Rule 6: {who} is {}-risk, so this control ends before its go-live in {week}; only a low-risk process moves without it.",
            cx.processes[p].profile.risk_tier.as_str()
        ),
        Hold::Tooling => write!(out, "The tool is in place before the go-live of {who} in {week}."),
        Hold::Baseline => write!(out, "Rule 2: part of the governance baseline, which is in place before the second and every later go-live; it ends before {who} goes live in {week}."),
        Hold::Role(role) => write!(
            out,
            "A {} gap closes before go-live: it ends before {who} goes live in {week}.",
            role_name(role)
        ),
        Hold::NoRole => write!(out, "Dimension `{}` declares no role, so its gaps close before go-live, to be safe: it ends before {who} goes live in {week}.", node.dimension),
        Hold::NeededBy(d) => write!(out, "Needed before the go-live of {who} in {week}: `{}` depends on it.", steps.nodes[d as usize].id),
        Hold::Signoff => write!(out, "Rule 6: {who} is high-risk, so a senior sign-off is the last step before its go-live in {week}."),
    };
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
fn free_sentence(out: &mut String, cx: &Context<'_>, node: &Node, go_lives: &GoLives) {
    let who = name(cx, node.first);
    let _ = if node.is_control() {
        write!(
            out,
            "Rule 6: {who} is low-risk, so this control does not hold up its go-live."
        )
    } else if node.has(ActionTag::GovernanceBaseline) {
        out.write_str("Part of the governance baseline, which must be in place before a second go-live; with one process planned, no go-live waits for it.")
    } else if node.ongoing {
        out.write_str(
            "An ongoing practice: it continues after go-live, so no go-live waits for it to end.",
        )
    } else if node.role == Some(DimensionRole::Capability) {
        write!(
            out,
            "Rule 3: capability building runs alongside deployment, not after it: it starts no later than the go-live of {who} in {}.",
            week_of(cx, go_lives, node.first)
        )
    } else if node.role == Some(DimensionRole::Governance) {
        out.write_str("Rule 5: governance starts light and grows; no go-live waits for this.")
    } else {
        out.write_str("No go-live waits for it.")
    };
}

/// What decided the start week, as a sentence of its own; nothing for a sign-off placed right
/// before its go-live.
fn timing_sentence(out: &mut String, cx: &Context<'_>, steps: &Steps, n: usize) {
    let node = &steps.nodes[n];
    let waits_for = steps
        .tooling_waits_for
        .get(&n)
        .map_or(&[][..], Vec::as_slice);
    let start = node.start;
    let stage_name = || {
        cx.ranking
            .planned
            .get(node.stage)
            .map_or("its process", |&p| name(cx, p))
    };
    if node.timing == Timing::BeforeGoLive {
        return;
    }
    let from = starting(cx, start);
    sentence(out);
    let _ = match node.timing {
        Timing::Free => write!(out, "Starts in {from}: nothing it depends on is outstanding."),
        Timing::After(d) if waits_for.contains(&(d as usize)) => write!(
            out,
            "Rule 1: tooling is selected only after the process and data work of {} ends ({} of its steps, slow remediation included); the last, `{}`, ends in {}, so it starts in {from}.",
            name(cx, node.first),
            waits_for.len(),
            steps.nodes[d as usize].id,
            ending(cx, steps.nodes[d as usize].end)
        ),
        Timing::After(d) => write!(
            out,
            "Starts in {from}, after `{}` ends in {}.",
            steps.nodes[d as usize].id,
            ending(cx, steps.nodes[d as usize].end)
        ),
        Timing::Staggered => write!(
            out,
            "Rule 4: the most tractable process goes first; this is part of the work of {}, which starts in {from}.",
            stage_name()
        ),
        Timing::SlowDataEarly { turn } => write!(
            out,
            "Rule 5: data work is slow, so it starts early, in {from}, not at the turn of {} in {}.",
            stage_name(),
            starting(cx, turn)
        ),
        Timing::Capacity { wanted, limit } => write!(
            out,
            "Starts in {from}, not week {wanted}: {} carries at most {limit} {} at once (capacity in engagement.yaml).",
            node.owner,
            if limit == 1 { "step" } else { "steps" }
        ),
        Timing::AlongsideGoLive => write!(
            out,
            "Placed to run across that go-live (rule 3): from {from} to {}.",
            ending(cx, node.end)
        ),
        Timing::BeforeGoLive => Ok(()),
    };
}

/// One wave per planned go-live, holding what that go-live waits for first; then capability
/// work (rule 3); then what no go-live waits for. A working step's own details are freed as its
/// entry is made ([`Node::release`]).
fn waves(cx: &Context<'_>, steps: &mut Steps, go_lives: &GoLives) -> Vec<Wave> {
    let planned = cx.ranking.planned.len();
    let (capability, rest) = (planned, planned + 1);
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); planned + 2];
    for (n, node) in steps.nodes.iter().enumerate() {
        let bucket = match node.holds {
            Some((rank, _)) if (rank as usize) < planned => rank as usize,
            _ if node.role == Some(DimensionRole::Capability) => capability,
            _ => rest,
        };
        buckets[bucket].push(n);
    }
    let first_go_live = go_lives.at_rank(cx, 0);
    let mut reasons = all_reasons(cx, steps, go_lives);
    let mut waves = Vec::new();
    let mut texts = Texts::new(cx);
    for (b, mut bucket) in buckets.into_iter().enumerate() {
        if bucket.is_empty() {
            continue;
        }
        let nodes = &steps.nodes;
        // Each step's key read once, side by side, rather than from two steps per comparison.
        bucket.sort_by_cached_key(|&n| {
            let node = &nodes[n];
            (node.start, node.end, node.effort, &*node.id)
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
        let mut steps_out: Vec<Step> = Vec::with_capacity(bucket.len());
        for &n in &bucket {
            let reason = std::mem::take(&mut reasons[n]);
            steps_out.push(step(cx, steps, n, reason, &mut texts));
            steps.nodes[n].release();
        }
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

/// Every step's reason, by step: the two halves of the steps on two threads when the plan is
/// large enough and omd may use two ([`crate::threads`]). A reason only reads the steps.
fn all_reasons(cx: &Context<'_>, steps: &Steps, go_lives: &GoLives) -> Vec<String> {
    let count = steps.nodes.len();
    crate::threads::in_halves(
        count >= crate::threads::STEPS_FOR_TWO_THREADS,
        count,
        |range| {
            // Where each reason is written before it is copied at its length.
            let mut scratch = String::with_capacity(512);
            range
                .map(|n| reason(cx, steps, n, go_lives, &mut scratch))
                .collect()
        },
    )
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
/// dimension and owner are the same in every process's step of that action. An action's texts
/// are found once and kept by its place in the questionnaire, so a step of it looks nothing up.
struct Texts {
    shared: HashSet<Arc<str>>,
    /// Where each question's actions start in `actions`.
    first: Vec<usize>,
    /// By action, in questionnaire order, once a step of it is met.
    actions: Vec<Option<ActionTexts>>,
    /// By week: its first and last day, `YYYY-MM-DD`, once a step starting or ending in it is
    /// met (a plan with a start dates every step).
    days: Vec<Option<(Arc<str>, Arc<str>)>>,
    /// By process (engagement index): its id, once a step serving it is met.
    processes: Vec<Option<Arc<str>>>,
}

#[derive(Clone)]
struct ActionTexts {
    action_id: Arc<str>,
    tags: Arc<[ActionTag]>,
    title: Arc<str>,
    action: Arc<str>,
    dimension: Arc<str>,
    question: Arc<str>,
    owner: Arc<str>,
}

impl Texts {
    fn new(cx: &Context<'_>) -> Texts {
        let mut first = Vec::with_capacity(cx.q.questions.len());
        let mut count = 0;
        for question in &cx.q.questions {
            first.push(count);
            count += question.actions.len();
        }
        Texts {
            shared: HashSet::default(),
            first,
            actions: vec![None; count],
            days: Vec::new(),
            processes: vec![None; cx.processes.len()],
        }
    }

    /// The id of process `p`.
    fn process(&mut self, cx: &Context<'_>, p: usize) -> Arc<str> {
        self.processes[p]
            .get_or_insert_with(|| Arc::from(cx.processes[p].id.as_str()))
            .clone()
    }

    /// The first and last day of `week`, `YYYY-MM-DD`.
    fn days(&mut self, weeks: crate::calendar::Weeks, week: u32) -> &(Arc<str>, Arc<str>) {
        let at = week as usize;
        if self.days.len() <= at {
            self.days.resize(at + 1, None);
        }
        self.days[at].get_or_insert_with(|| {
            let day = |date| Arc::from(iso(date));
            (day(weeks.first_day(week)), day(weeks.last_day(week)))
        })
    }

    fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.shared.get(text) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(text);
        self.shared.insert(shared.clone());
        shared
    }

    /// The texts of action `ai` of question `qi`, as `node`, a step of it, words them: an
    /// action's steps take their wording, dimension and owner from the questionnaire alone.
    fn of_action(&mut self, cx: &Context<'_>, node: &Node, qi: usize, ai: usize) -> ActionTexts {
        let slot = self.first[qi] + ai;
        if let Some(texts) = &self.actions[slot] {
            return texts.clone();
        }
        let (question, action) = (&cx.q.questions[qi], &cx.q.questions[qi].actions[ai]);
        let texts = ActionTexts {
            action_id: self.get(&action.id),
            tags: Arc::from(node.tags),
            title: self.get(action.title()),
            action: self.get(&node.text),
            dimension: self.get(node.dimension),
            question: self.get(&question.id),
            owner: self.get(node.owner),
        };
        self.actions[slot] = Some(texts.clone());
        texts
    }
}

fn step(cx: &Context<'_>, steps: &Steps, n: usize, reason: String, texts: &mut Texts) -> Step {
    let node = &steps.nodes[n];
    let (start_date, end_date) = cx
        .settings
        .start
        .map(|weeks| {
            (
                texts.days(weeks, node.start).0.clone(),
                texts.days(weeks, node.end).1.clone(),
            )
        })
        .unzip();
    let (action_id, title, action, dimension, question, owner, tags) = match node.action {
        Some((qi, ai)) => {
            let t = texts.of_action(cx, node, qi, ai);
            (
                Some(t.action_id),
                t.title,
                t.action,
                t.dimension,
                Some(t.question),
                t.owner,
                t.tags,
            )
        }
        None => (
            None,
            texts.get(MILESTONE_TITLE),
            texts.get(&node.text),
            texts.get(node.dimension),
            None,
            texts.get(node.owner),
            Arc::from(node.tags),
        ),
    };
    Step {
        id: node.id.clone(),
        action_id,
        title,
        action,
        processes: node
            .processes
            .iter()
            .map(|&p| texts.process(cx, p))
            .collect(),
        dimension,
        role: node.role,
        tags,
        question,
        seams: seams_of(cx, node),
        effort: node.effort,
        owner,
        start_week: node.start,
        end_week: node.end,
        start_date,
        end_date,
        before_go_live_of: node
            .holds
            .and_then(|(rank, _)| cx.ranking.planned.get(rank as usize))
            .map(|&p| texts.process(cx, p)),
        depends_on: node
            .deps
            .iter()
            .map(|&d| steps.nodes[d].id.clone())
            .collect(),
        reason,
    }
}

/// The ids of the seams that put `node` in the plan, each once, in the order met.
fn seams_of(cx: &Context<'_>, node: &Node) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for gap in &node.gaps {
        if let GapKind::Seam { seam } = gap.kind {
            let id = &cx.q.seams[seam as usize].id;
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
                last.map_or("", |n| &*n.id),
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

/// A step starting or ending for its owner, in the sweep that finds each owner's busiest week.
#[derive(Debug)]
struct OwnerEvent {
    /// The owner's place among the plan's owners, sorted by name.
    owner: usize,
    week: u32,
    /// +1 as a step starts, -1 in the week after it ends.
    delta: i64,
}

impl OwnerEvent {
    /// Bits of the key below the owner: the week and, below it, the start bit.
    const OWNER_SHIFT: u32 = 34;

    /// The event as one number that sorts as (owner, week, ending before starting) does. An
    /// ending is in the week after the step's last, so the week may be one past `u32::MAX`:
    /// 33 bits. A plan has far fewer than 2^30 owners, one per step at most.
    fn key(owner: usize, week: u64, starts: bool) -> u64 {
        debug_assert!(owner < 1 << 30 && week <= u64::from(u32::MAX) + 1);
        ((owner as u64) << Self::OWNER_SHIFT) | (week << 1) | u64::from(starts)
    }

    fn from_key(key: u64) -> OwnerEvent {
        let week = (key >> 1) & ((1 << (Self::OWNER_SHIFT - 1)) - 1);
        OwnerEvent {
            owner: (key >> Self::OWNER_SHIFT) as usize,
            // Past `u32::MAX` only for an ending, which never sets a peak's week.
            week: u32::try_from(week).unwrap_or(u32::MAX),
            delta: if key & 1 == 1 { 1 } else { -1 },
        }
    }
}

/// Each owner's peak load, by owner: a sweep over the steps' start and end weeks.
fn owner_load(steps: &Steps, calendar: &Calendar) -> Vec<OwnerLoad> {
    // Owners by name, so that the sweep sorts numbers rather than names.
    let owners: Vec<&str> = steps
        .nodes
        .iter()
        .map(|n| n.owner)
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .collect();
    let mut events: Vec<u64> = Vec::with_capacity(steps.nodes.len() * 2);
    let mut delayed: Vec<u32> = vec![0; owners.len()];
    for node in &steps.nodes {
        // Always found: `owners` holds every step's owner.
        let owner = owners.binary_search(&node.owner).unwrap_or_else(|at| at);
        if matches!(node.timing, Timing::Capacity { .. }) {
            delayed[owner] += 1;
        }
        events.push(OwnerEvent::key(owner, u64::from(node.start), true));
        events.push(OwnerEvent::key(owner, u64::from(node.end) + 1, false));
    }
    // By owner, then week; a step ending frees its slot before one starting that week. Each
    // event is one number ordered so ([`OwnerEvent`]): a large plan's events sort several times
    // faster than as tuples.
    events.sort_unstable();
    let mut loads: Vec<OwnerLoad> = Vec::new();
    let mut running: i64 = 0;
    let mut current = None;
    for OwnerEvent { owner, week, delta } in events.into_iter().map(OwnerEvent::from_key) {
        if current != Some(owner) {
            current = Some(owner);
            running = 0;
            let name = owners[owner];
            loads.push(OwnerLoad {
                owner: name.to_string(),
                peak: 0,
                peak_week: week,
                capacity: calendar.capacity(name),
                delayed_steps: delayed[owner],
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

#[cfg(test)]
mod tests {
    use super::OwnerEvent;

    /// The events' keys sort as (owner, week, delta) does, the order the sweep was written for,
    /// and read back as the events they were made from, up to the largest weeks.
    #[test]
    fn owner_events_sort_by_key_as_by_owner_week_and_delta() {
        let weeks = [
            0,
            1,
            2,
            7,
            52,
            1 << 20,
            u64::from(u32::MAX),
            u64::from(u32::MAX) + 1,
        ];
        let mut events = Vec::new();
        for owner in [0, 1, 2, 9, 1 << 20, (1 << 30) - 1] {
            for &week in &weeks {
                for starts in [true, false] {
                    // A start is never past the last week; only an ending is.
                    if starts && week > u64::from(u32::MAX) {
                        continue;
                    }
                    events.push((owner, week, if starts { 1_i64 } else { -1 }));
                }
            }
        }
        // Reversed, so that the sort has work to do.
        let mut keys: Vec<u64> = events
            .iter()
            .rev()
            .map(|&(owner, week, delta)| OwnerEvent::key(owner, week, delta == 1))
            .collect();
        keys.sort_unstable();
        events.sort_unstable();
        let read: Vec<(usize, u64, i64)> = keys
            .into_iter()
            .map(OwnerEvent::from_key)
            .map(|e| (e.owner, u64::from(e.week), e.delta))
            .collect();
        let expected: Vec<(usize, u64, i64)> = events
            .iter()
            .map(|&(owner, week, delta)| (owner, week.min(u64::from(u32::MAX)), delta))
            .collect();
        assert_eq!(read, expected);
        // An ending sorts before a start in the same week.
        assert!(OwnerEvent::key(3, 10, false) < OwnerEvent::key(3, 10, true));
        assert!(OwnerEvent::key(3, 10, true) < OwnerEvent::key(3, 11, false));
        assert!(OwnerEvent::key(3, u64::from(u32::MAX) + 1, false) < OwnerEvent::key(4, 0, false));
    }
}
