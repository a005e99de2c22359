//! Stage 7: each planned process's go-live week.

use super::rules;
use super::steps::Steps;
use super::{Context, GO_LIVE_GAP_WEEKS, SIGNOFF_WEEKS};
use crate::questionnaire::{DimensionRole, Level3};

/// What decided a go-live's week, for its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// Nothing: week 1.
    Nothing,
    /// The last step it waits for (and, for a high-risk process, the sign-off after it).
    Steps,
    /// Rule 3: a capability step serving it starts then.
    Capability(usize),
    /// The previous go-live, plus the gap between go-lives.
    Previous,
    /// Rule 2: the governance baseline ends the week before.
    Baseline,
}

pub(crate) struct GoLives {
    /// Per process (engagement index); None when not planned.
    pub week: Vec<Option<u32>>,
    pub bound: Vec<Bound>,
    /// Per process: the steps its go-live waits for directly (their dependencies end earlier).
    pub holders: Vec<Vec<usize>>,
    /// Per process: the last of those to end.
    pub last: Vec<Option<usize>>,
    /// Per go-live rank: when the governance baseline of the processes up to it ends.
    pub baseline_end: Vec<Option<u32>>,
}

impl GoLives {
    /// The go-live of the process at rank `rank`.
    pub fn at_rank(&self, cx: &Context<'_>, rank: usize) -> Option<u32> {
        cx.ranking.planned.get(rank).and_then(|&p| self.week[p])
    }
}

/// Go-lives in rank order: after the steps each waits for (and a high-risk sign-off), no earlier
/// than its capability steps start (rule 3), `GO_LIVE_GAP_WEEKS` after the previous go-live, and
/// from the second on after the governance baseline (rule 2).
pub(crate) fn compute(cx: &Context<'_>, steps: &Steps) -> GoLives {
    let count = cx.processes.len();
    let mut holders: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut last: Vec<Option<usize>> = vec![None; count];
    let mut capability: Vec<Option<usize>> = vec![None; count];
    let mut baseline_by_rank: Vec<Option<u32>> = vec![None; cx.ranking.planned.len()];
    for (n, node) in steps.nodes.iter().enumerate() {
        for &p in &node.processes {
            if rules::holds_go_live(cx, node, p).is_some() {
                holders[p].push(n);
                if last[p].is_none_or(|l| steps.nodes[l].end < node.end) {
                    last[p] = Some(n);
                }
            }
        }
        if node.role == Some(DimensionRole::Capability) && node.holds.is_none() {
            let p = node.first;
            if capability[p].is_none_or(|c| steps.nodes[c].start < node.start) {
                capability[p] = Some(n);
            }
        }
        if node.has(crate::questionnaire::ActionTag::GovernanceBaseline) {
            if let Some(slot) = baseline_by_rank.get_mut(cx.ranking.of(node.first)) {
                *slot = (*slot).max(Some(node.end));
            }
        }
    }
    let mut baseline_end = Vec::with_capacity(baseline_by_rank.len());
    let mut running = None;
    for end in baseline_by_rank {
        running = running.max(end);
        baseline_end.push(running);
    }
    let mut week = vec![None; count];
    let mut bound = vec![Bound::Nothing; count];
    let mut previous: Option<u32> = None;
    for (rank, &p) in cx.ranking.planned.iter().enumerate() {
        let signoff = if cx.processes[p].profile.risk_tier == Level3::High {
            SIGNOFF_WEEKS
        } else {
            0
        };
        let mut at = (1 + signoff, Bound::Nothing);
        let mut raise = |candidate: u32, why: Bound| {
            if candidate > at.0 {
                at = (candidate, why);
            }
        };
        if let Some(l) = last[p] {
            raise(steps.nodes[l].end + 1 + signoff, Bound::Steps);
        }
        if let Some(c) = capability[p] {
            raise(steps.nodes[c].start, Bound::Capability(c));
        }
        if let Some(prev) = previous {
            raise(prev + GO_LIVE_GAP_WEEKS, Bound::Previous);
        }
        if rank >= 1 {
            if let Some(end) = baseline_end[rank] {
                raise(end + 1, Bound::Baseline);
            }
        }
        week[p] = Some(at.0);
        bound[p] = at.1;
        previous = Some(at.0);
    }
    GoLives {
        week,
        bound,
        holders,
        last,
        baseline_end,
    }
}
