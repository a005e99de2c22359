//! Stage 5: the seven sequencing rules of PRODUCT.md, each a unit found by its name. They read
//! the roles the questionnaire's dimensions declare and the tags of its actions, never ids.
//!
//! - rule 1, [`rule_1_tooling_after_readiness`]: tooling waits for the process and data work.
//! - rule 2, [`rule_2_governance_baseline`]: the baseline holds the second go-live and later.
//! - rule 3, [`rule_3_capability_alongside_first_go_live`]: capability runs across a go-live.
//! - rule 4, `rank::rank` and [`rule_4_stagger`]: the most tractable process's work goes first.
//! - rule 5, [`rule_5_light_start`]: quick first, slow data early, governance grows.
//! - rule 6, [`rule_6_control_path`] and [`rule_6_signoff_before_high_risk_go_live`].
//! - rule 7, [`rule_7_named_owner`]: no go-live without a named owner.
//!
//! [`holds_go_live`] combines them into what each go-live waits for.

use std::borrow::Cow;

use foldhash::HashSet;

use super::go_lives::GoLives;
use super::schedule::Calendar;
use super::steps::{Hold, Node, Steps, Timing};
use super::{index32, Context, SIGNOFF_WEEKS, STAGGER_WEEKS};
use crate::questionnaire::{graph, ActionTag, DimensionRole, Effort, Level3};

/// Why `node` must end before the go-live of process `p`, by the rules; `None` when that
/// go-live does not wait for it. Gates and the named owner come before everything else.
pub(crate) fn holds_go_live(cx: &Context<'_>, node: &Node<'_>, p: usize) -> Option<Hold> {
    if rule_7_named_owner(node) {
        return Some(Hold::Owner);
    }
    if node.gate_for(p) {
        return Some(Hold::Gate);
    }
    if node.is_control() {
        return rule_6_control_path(cx, p).then_some(Hold::RiskControl);
    }
    if node.has(ActionTag::Tooling) {
        return Some(Hold::Tooling);
    }
    if node.has(ActionTag::GovernanceBaseline) {
        return rule_2_governance_baseline(cx, p).then_some(Hold::Baseline);
    }
    if node.ongoing {
        return None;
    }
    match node.role {
        Some(role) if rule_5_light_start(role) => None,
        Some(role) => Some(Hold::Role(role)),
        None => Some(Hold::NoRole),
    }
}

/// Rule 7: a step naming the owner of outcome, exceptions and failure mode (tag `owner`) holds
/// every go-live it serves.
pub(crate) fn rule_7_named_owner(node: &Node<'_>) -> bool {
    node.has(ActionTag::Owner)
}

/// Rule 6: human review, audit trail and sign-off controls hold the go-live of a process that
/// is not low-risk; a low-risk process moves fast.
pub(crate) fn rule_6_control_path(cx: &Context<'_>, p: usize) -> bool {
    cx.processes[p].profile.risk_tier != Level3::Low
}

/// Rule 2: the governance baseline (tag `governance_baseline`) holds the second go-live and
/// every later one, not the first: governance starts light. The baseline around earlier
/// processes holds a later go-live too (see `go_lives`).
pub(crate) fn rule_2_governance_baseline(cx: &Context<'_>, p: usize) -> bool {
    cx.ranking.of(p) >= 1 && cx.ranking.of(p) != usize::MAX
}

/// Rule 5 (governance starts light and grows) and rule 3 (capability alongside deployment):
/// the go-live does not wait for the end of governance or capability work. Every other role's
/// gaps close before go-live.
pub(crate) fn rule_5_light_start(role: DimensionRole) -> bool {
    matches!(role, DimensionRole::Governance | DimensionRole::Capability)
}

/// Rule 5: among steps free to start, quick changes first, and slow data work before anything
/// else of its stage; rule 4 decides the stage. The key orders the scheduling pass.
pub(crate) fn rule_5_order_key(node: &Node<'_>, index: usize) -> (usize, bool, Effort, usize) {
    (node.stage, !node.is_slow_data(), node.effort, index)
}

/// Rule 4: the week a step's own process's work begins: a later process's work starts
/// `STAGGER_WEEKS` after the previous one's. Rule 5: slow data work is exempt and starts early.
pub(crate) fn rule_4_stagger(node: &Node<'_>) -> u32 {
    if node.is_slow_data() {
        1
    } else {
        process_turn(node.stage)
    }
}

/// The week the work of the process at go-live rank `stage` begins.
pub(crate) fn process_turn(stage: usize) -> u32 {
    if stage == usize::MAX {
        1
    } else {
        1 + STAGGER_WEEKS.saturating_mul(u32::try_from(stage).unwrap_or(u32::MAX))
    }
}

/// Rule 1: a tooling step starts only after the process- and data-role work that must end
/// before the go-live of the process it serves (its first, when shared), slow remediation
/// included; work that itself needs a tool is left out, so no cycle can form.
pub(crate) fn rule_1_tooling_after_readiness(cx: &Context<'_>, steps: &mut Steps) {
    let nodes = &steps.nodes;
    let tooling: Vec<usize> = (0..nodes.len())
        .filter(|&n| nodes[n].has(ActionTag::Tooling))
        .collect();
    if tooling.is_empty() {
        return;
    }
    let deps: Vec<&[usize]> = nodes.iter().map(|node| &node.deps[..]).collect();
    let needs_tool = graph::dependents_of(&deps, &tooling);
    let mut readiness: Vec<Vec<usize>> = vec![Vec::new(); cx.processes.len()];
    for (n, node) in nodes.iter().enumerate() {
        let serves_readiness = matches!(
            node.role,
            Some(DimensionRole::Process | DimensionRole::Data)
        );
        if !serves_readiness || needs_tool[n] || node.has(ActionTag::Tooling) {
            continue;
        }
        for &p in &node.processes {
            if holds_go_live(cx, node, p).is_some() {
                readiness[p].push(n);
            }
        }
    }
    for t in tooling {
        let first = steps.nodes[t].first;
        let mut present: HashSet<usize> = steps.nodes[t].deps.iter().copied().collect();
        for &n in &readiness[first] {
            if n != t && present.insert(n) {
                steps.nodes[t].deps.push(n);
                steps.tooling_waits_for.entry(t).or_default().push(n);
            }
        }
    }
}

/// Each step's stage (rule 4) and the earliest go-live it holds, in one pass against the
/// dependencies (`order` lists dependencies first): a step needed by an earlier process's
/// step takes that process's stage, and holds what its dependents hold.
pub(crate) fn assign_holds_and_stages(cx: &Context<'_>, steps: &mut Steps, order: &[usize]) {
    let second = usize::from(cx.ranking.planned.len() > 1);
    for node in steps.nodes.iter_mut() {
        node.stage = cx.ranking.of(node.first);
        node.holds = node
            .processes
            .iter()
            .filter_map(|&p| {
                holds_go_live(cx, node, p).map(|hold| (index32(cx.ranking.of(p)), hold))
            })
            .min_by_key(|(rank, _)| *rank);
        // Rule 2: the baseline around the first process holds the second go-live.
        if node.has(ActionTag::GovernanceBaseline) && node.holds.is_none() && second == 1 {
            node.holds = Some((1, Hold::Baseline));
        }
    }
    for &n in order.iter().rev() {
        let (stage, holds) = (steps.nodes[n].stage, steps.nodes[n].holds);
        for i in 0..steps.nodes[n].deps.len() {
            let d = steps.nodes[n].deps[i];
            let dep = &mut steps.nodes[d];
            dep.stage = dep.stage.min(stage);
            if let Some((rank, _)) = holds {
                if dep.holds.is_none_or(|(r, _)| rank < r) {
                    dep.holds = Some((rank, Hold::NeededBy(index32(n))));
                }
            }
        }
    }
}

/// Rule 6: a high-risk process's go-live is preceded by a senior sign-off milestone, after
/// everything that go-live waits for. Its wording names the high-risk controls this
/// questionnaire defines (the questions of actions tagged `human_review`, `audit_trail`,
/// `signoff`).
pub(crate) fn rule_6_signoff_before_high_risk_go_live<'a>(
    cx: &Context<'a>,
    steps: &mut Steps<'a>,
    go_lives: &GoLives,
) {
    let wording = SignoffWording::of(cx);
    let id_base = wording.id_base(cx);
    for &p in &cx.ranking.planned {
        if cx.processes[p].profile.risk_tier != Level3::High {
            continue;
        }
        let Some(week) = go_lives.week[p] else {
            continue;
        };
        let start = week.saturating_sub(SIGNOFF_WEEKS).max(1);
        steps.nodes.push(Node {
            id: format!("{id_base}@{}", cx.processes[p].id).into(),
            action: None,
            text: Cow::Owned(wording.text(&cx.processes[p].name)),
            dimension: wording.dimension,
            role: wording.role,
            effort: Effort::Quick,
            owner: wording.owner,
            weeks: SIGNOFF_WEEKS,
            tags: &[ActionTag::Signoff],
            ongoing: false,
            processes: smallvec::smallvec![p],
            first: p,
            gaps: smallvec::SmallVec::new(),
            gates: Default::default(),
            needed_by: None,
            deps: go_lives.holders[p].clone(),
            stage: cx.ranking.of(p),
            holds: Some((index32(cx.ranking.of(p)), Hold::Signoff)),
            start,
            end: week.saturating_sub(1).max(start),
            timing: Timing::BeforeGoLive,
        });
    }
}

/// What the sign-off milestone says, read from the questionnaire's control actions.
struct SignoffWording<'a> {
    /// "the human review checkpoints", ... in questionnaire order, for the controls the
    /// questionnaire's tagged actions establish.
    controls: Vec<String>,
    owner: &'a str,
    dimension: &'a str,
    role: Option<DimensionRole>,
}

impl<'a> SignoffWording<'a> {
    fn of(cx: &Context<'a>) -> SignoffWording<'a> {
        let mut controls = Vec::new();
        let mut signoff_owner = None;
        let mut any_owner = None;
        let mut home = None;
        for (qi, question) in cx.q.questions.iter().enumerate() {
            for action in &question.actions {
                let kinds: Vec<&str> = action
                    .tags
                    .iter()
                    .filter_map(|tag| match tag {
                        ActionTag::HumanReview => Some("the human review checkpoints"),
                        ActionTag::AuditTrail => Some("the decision audit trail"),
                        ActionTag::Signoff => Some("the sign-off rules"),
                        _ => None,
                    })
                    .collect();
                if kinds.is_empty() {
                    continue;
                }
                for kind in kinds {
                    if !controls.iter().any(|c| c == kind) {
                        controls.push(kind.to_string());
                    }
                }
                any_owner.get_or_insert(action.owner.as_str());
                if action.tags.contains(&ActionTag::Signoff) {
                    signoff_owner.get_or_insert(action.owner.as_str());
                    home.get_or_insert(qi);
                }
                home.get_or_insert(qi);
            }
        }
        let home = home.map(|qi| (cx.q.questions[qi].dimension.as_str(), cx.index.roles[qi]));
        let (dimension, role) = home.unwrap_or_default();
        SignoffWording {
            controls,
            owner: signoff_owner.or(any_owner).unwrap_or("Senior leader"),
            dimension,
            role,
        }
    }

    fn text(&self, process: &str) -> String {
        // A sentence of the plan: the name on one line whatever the file holds.
        let process = process.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.controls.is_empty() {
            return format!(
                "Hold the senior sign-off of the {process} go-live: review the test results, and record the decision and who took it."
            );
        }
        format!(
            "Hold the senior sign-off of the {process} go-live: check that {} are in place, review the test results, and record the decision and who took it.",
            join_and(&self.controls)
        )
    }

    /// `senior_signoff`, lengthened in the unlikely case an action already has that id.
    fn id_base(&self, cx: &Context<'_>) -> String {
        let mut base = String::from("senior_signoff");
        while cx.index.actions.contains_key(base.as_str()) {
            base.push('_');
        }
        base
    }
}

/// "a", "a and b", "a, b and c".
pub(crate) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Rule 3: a capability step that nothing else waits for is placed to run across the first
/// go-live it serves, starting no later than that go-live (the go-live waits for its start, see
/// `go_lives`), when its owner's capacity allows; otherwise it stays where it was.
pub(crate) fn rule_3_capability_alongside_first_go_live(
    steps: &mut Steps,
    go_lives: &GoLives,
    calendar: &mut Calendar,
) {
    let mut has_dependents = vec![false; steps.nodes.len()];
    for node in &steps.nodes {
        for &d in &node.deps {
            has_dependents[d] = true;
        }
    }
    for (n, node) in steps.nodes.iter_mut().enumerate() {
        if node.role != Some(DimensionRole::Capability) || node.holds.is_some() || has_dependents[n]
        {
            continue;
        }
        let Some(go_live) = go_lives.week[node.first] else {
            continue;
        };
        let target = go_live.saturating_sub(node.weeks / 2).max(1);
        if target <= node.start {
            continue;
        }
        calendar.unbook(node.owner, node.start, node.weeks);
        let start = calendar.earliest(node.owner, target, node.weeks);
        if start <= go_live {
            node.start = start;
            node.end = start + node.weeks - 1;
            node.timing = Timing::AlongsideGoLive;
        }
        calendar.book(node.owner, node.start, node.weeks);
    }
}
