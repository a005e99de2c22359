//! Stage 6: one topological pass places every step as early as its dependencies, its process's
//! turn (rule 4), and its owner role's capacity allow.

use std::collections::BTreeMap;

use foldhash::HashMap;

use super::rules;
use super::steps::{Steps, Timing};
use super::{index32, Context, PlanError};
use crate::questionnaire::graph;

/// Dependencies first; among steps free to start, the order rule 5 gives. Also assigns each
/// step's stage and the go-live it holds, which need an order to be computed in one pass.
pub(crate) fn order(cx: &Context<'_>, steps: &mut Steps<'_>) -> Result<Vec<usize>, PlanError> {
    // The dependencies are read where the steps hold them, not copied. Among steps free, the
    // lowest index first (the heap breaks ties of the key by index).
    let plain = {
        let deps: Vec<&[usize]> = steps.nodes.iter().map(|n| &n.deps[..]).collect();
        graph::topo_order_by(&deps, |_| ()).map_err(|c| cycle(steps, &c))?
    };
    rules::assign_holds_and_stages(cx, steps, &plain);
    let nodes = &steps.nodes;
    let deps: Vec<&[usize]> = nodes.iter().map(|n| &n.deps[..]).collect();
    // Each step's key read once, in the steps' order, rather than as each step comes free.
    let keys: Vec<_> = nodes
        .iter()
        .enumerate()
        .map(|(i, node)| rules::rule_5_order_key(node, i))
        .collect();
    graph::topo_order_by(&deps, |i| keys[i]).map_err(|c| cycle(steps, &c))
}

/// The error naming a dependency cycle, from its first step back to it.
fn cycle(steps: &Steps<'_>, cycle: &[usize]) -> PlanError {
    let mut names: Vec<&str> = cycle.iter().map(|&i| &*steps.nodes[i].id).collect();
    if let Some(&first) = names.first() {
        names.push(first);
    }
    PlanError::Cycle(names.join(" -> "))
}

/// Schedules the steps in `order`: after their dependencies, not before their process's turn
/// (slow data work excepted), and where their owner has room.
pub(crate) fn run(steps: &mut Steps, order: &[usize], calendar: &mut Calendar) {
    for &n in order {
        let node = &steps.nodes[n];
        let last_dep = node
            .deps
            .iter()
            .copied()
            .max_by_key(|&d| (steps.nodes[d].end, std::cmp::Reverse(d)));
        let (mut start, mut timing) = match last_dep {
            Some(d) => (steps.nodes[d].end + 1, Timing::After(index32(d))),
            None => (1, Timing::Free),
        };
        let turn = rules::rule_4_stagger(node);
        if turn > start {
            start = turn;
            timing = Timing::Staggered;
        } else if node.is_slow_data() {
            let own_turn = rules::process_turn(node.stage);
            if start < own_turn {
                timing = Timing::SlowDataEarly { turn: own_turn };
            }
        }
        let booked = calendar.earliest(node.owner, start, node.weeks);
        if booked > start {
            timing = Timing::Capacity {
                wanted: start,
                limit: calendar.capacity(node.owner).unwrap_or(0),
            };
            start = booked;
        }
        calendar.book(node.owner, start, node.weeks);
        let node = &mut steps.nodes[n];
        node.start = start;
        node.end = start + node.weeks - 1;
        node.timing = timing;
    }
}

/// Each owner role's load per week, for the roles engagement.yaml gives a capacity.
pub(crate) struct Calendar {
    capacity: BTreeMap<String, u32>,
    /// Owner -> steps running in each week (index 0 is week 1).
    load: HashMap<String, Vec<u32>>,
}

impl Calendar {
    pub fn new(capacity: &BTreeMap<String, u32>) -> Calendar {
        Calendar {
            capacity: capacity.clone(),
            load: HashMap::default(),
        }
    }

    pub fn capacity(&self, owner: &str) -> Option<u32> {
        self.capacity.get(owner).copied()
    }

    /// The first week from `from` on when `owner` has room for `weeks` weeks.
    pub fn earliest(&self, owner: &str, from: u32, weeks: u32) -> u32 {
        let Some(limit) = self.capacity(owner) else {
            return from;
        };
        let Some(load) = self.load.get(owner) else {
            return from;
        };
        let busy = |week: u32| load.get(week as usize - 1).copied().unwrap_or(0) >= limit.max(1);
        // Slide past the last busy week inside the window until the window is free.
        let mut start = from;
        while let Some(week) = (start..start + weeks).rev().find(|&w| busy(w)) {
            start = week + 1;
        }
        start
    }

    pub fn book(&mut self, owner: &str, start: u32, weeks: u32) {
        self.adjust(owner, start, weeks, true);
    }

    pub fn unbook(&mut self, owner: &str, start: u32, weeks: u32) {
        self.adjust(owner, start, weeks, false);
    }

    fn adjust(&mut self, owner: &str, start: u32, weeks: u32, add: bool) {
        if self.capacity(owner).is_none() {
            return;
        }
        let load = self.load.entry(owner.to_string()).or_default();
        let end = (start + weeks - 1) as usize;
        if load.len() < end {
            load.resize(end, 0);
        }
        for slot in &mut load[start as usize - 1..end] {
            *slot = if add {
                *slot + 1
            } else {
                slot.saturating_sub(1)
            };
        }
    }
}
