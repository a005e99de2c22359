//! Stage 3: gaps become steps. A shared action is one step serving every process that needs
//! it; any other action is one step per process.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::Arc;

use foldhash::HashMap;
use smallvec::SmallVec;

use super::gaps::{Gap, GapKind};
use super::{index32, Context};
use crate::questionnaire::{ActionScope, ActionTag, DimensionRole, Effort};

/// What placed a step's start week, for its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Timing {
    /// Nothing held it back: it starts in week 1.
    Free,
    /// It waits for this step (the last of its dependencies to end).
    After(u32),
    /// Rule 4: it serves a later process, whose own work starts later.
    Staggered,
    /// Rule 5: slow data work, exempt from the stagger, starts before its process's turn.
    SlowDataEarly { turn: u32 },
    /// The owner role's capacity pushed it from `wanted` to its start.
    Capacity { wanted: u32, limit: u32 },
    /// Rule 3: placed to run across the first go-live it serves.
    AlongsideGoLive,
    /// Rule 6: the sign-off right before its process's go-live.
    BeforeGoLive,
}

/// Why a step holds up a go-live: the rule that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hold {
    /// Rule 7: names the owner of outcome, exceptions and failure mode.
    Owner,
    /// It closes a critical gate of the process (failed, or unanswered and so not passed).
    Gate,
    /// Rule 6: a human review, audit trail or sign-off control of a process that is not low-risk.
    RiskControl,
    /// Rule 1: the tool is selected before deployment.
    Tooling,
    /// Rule 2: part of the governance baseline, before the second go-live.
    Baseline,
    /// A gap in a process, decision-rights or data role closes before go-live.
    Role(DimensionRole),
    /// Its dimension declares no role: planned conservatively, before go-live.
    NoRole,
    /// A step that holds the go-live depends on it.
    NeededBy(u32),
    /// Rule 6: the senior sign-off milestone.
    Signoff,
}

/// One step of the plan as the stages build it.
#[derive(Debug, Clone)]
pub(crate) struct Node<'a> {
    /// Shared with the plan's step and every step that depends on it.
    pub id: Arc<str>,
    /// The questionnaire action it carries out: (question index, action index).
    pub action: Option<(usize, usize)>,
    /// Borrowed from the questionnaire; a milestone's own.
    pub text: Cow<'a, str>,
    pub dimension: &'a str,
    pub role: Option<DimensionRole>,
    pub effort: Effort,
    pub owner: &'a str,
    pub weeks: u32,
    /// The action's own tags, borrowed (a milestone's, a fixed list).
    pub tags: &'a [ActionTag],
    /// The action continues after go-live: a go-live does not wait for it.
    pub ongoing: bool,
    /// Processes (engagement index) it serves; in engagement order once `dependencies` ends.
    /// Held in the step itself up to two: most steps serve one process.
    pub processes: SmallVec<[usize; 2]>,
    /// The served process that goes live first.
    pub first: usize,
    /// The gaps it closes; one, for most steps, held in the step itself.
    pub gaps: SmallVec<[Gap; 1]>,
    /// Processes for which it closes a critical gate (failed, or unanswered).
    pub gates: BTreeSet<usize>,
    /// For a step planned because another depends on it: that step.
    pub needed_by: Option<u32>,
    pub deps: Vec<usize>,
    /// Rule 4: the go-live rank of the earliest process whose work it is part of.
    pub stage: usize,
    /// The earliest go-live (rank) it holds up, and why.
    pub holds: Option<(u32, Hold)>,
    pub start: u32,
    pub end: u32,
    pub timing: Timing,
}

impl Node<'_> {
    pub fn has(&self, tag: ActionTag) -> bool {
        self.tags.contains(&tag)
    }

    pub fn is_control(&self) -> bool {
        self.has(ActionTag::HumanReview)
            || self.has(ActionTag::AuditTrail)
            || self.has(ActionTag::Signoff)
    }

    /// Rule 5: slow data work, which starts early.
    pub fn is_slow_data(&self) -> bool {
        self.role == Some(DimensionRole::Data) && self.effort == Effort::Foundational
    }

    /// Whether the gap it closes for `p` is a critical gate.
    pub fn gate_for(&self, p: usize) -> bool {
        self.gates.contains(&p)
    }

    /// Frees what only this step's own entry in the plan reads (its gaps, gates, processes and
    /// dependencies), once that entry is made: the plan is built while the working steps are
    /// still held, and other steps' entries read only a step's id and weeks.
    pub fn release(&mut self) {
        self.gaps = SmallVec::new();
        self.gates = BTreeSet::new();
        self.processes = SmallVec::new();
        self.deps = Vec::new();
    }
}

/// The steps, and where to find the step of an action for a process.
pub(crate) struct Steps<'a> {
    pub nodes: Vec<Node<'a>>,
    /// The step of each per-process action, at `process * action_count + action`: a dense table
    /// (processes x actions, the size of the answers), so a lookup is one index, not a hash.
    per_process: Vec<u32>,
    /// The step of each shared action, by action.
    shared: Vec<u32>,
    action_count: usize,
    /// Where a per-process step's id is written before it is shared.
    id: String,
    /// By tooling step: the process and data work rule 1 made it wait for. Few steps are
    /// tooling steps, so the list is kept here rather than in every step.
    pub tooling_waits_for: HashMap<usize, Vec<usize>>,
}

/// No step yet.
const NONE: u32 = u32::MAX;

impl<'a> Steps<'a> {
    /// The step of `action`, shared (`scope` None) or for process `scope`.
    pub fn get(
        &self,
        cx: &Context<'_>,
        action: (usize, usize),
        scope: Option<usize>,
    ) -> Option<usize> {
        let flat = cx.index.flat(action);
        let stored = match scope {
            None => self.shared[flat],
            Some(p) => self.per_process[p * self.action_count + flat],
        };
        (stored != NONE).then_some(stored as usize)
    }

    /// The step carrying out `action` for `p`, created when missing.
    pub fn add(&mut self, cx: &Context<'a>, action: (usize, usize), p: usize, gap: Gap) -> usize {
        let a = cx.index.action(action);
        let scope = match a.scope {
            ActionScope::Shared => None,
            ActionScope::Process => Some(p),
        };
        let index = match self.get(cx, action, scope) {
            Some(index) => index,
            None => {
                let question = &cx.q.questions[action.0];
                self.nodes.push(Node {
                    id: match scope {
                        None => Arc::from(a.id.as_str()),
                        Some(p) => {
                            // `action@process`, pieced together: thousands of steps get one.
                            self.id.clear();
                            self.id.push_str(&a.id);
                            self.id.push('@');
                            self.id.push_str(&cx.processes[p].id);
                            Arc::from(self.id.as_str())
                        }
                    },
                    action: Some(action),
                    text: Cow::Borrowed(a.text.trim()),
                    dimension: &question.dimension,
                    role: cx.index.roles[action.0],
                    effort: a.effort,
                    owner: &a.owner,
                    weeks: a.weeks.max(1),
                    tags: &a.tags,
                    ongoing: a.continues_after_go_live,
                    processes: SmallVec::new(),
                    first: p,
                    gaps: SmallVec::new(),
                    gates: BTreeSet::new(),
                    needed_by: None,
                    deps: Vec::new(),
                    stage: usize::MAX,
                    holds: None,
                    start: 1,
                    end: 1,
                    timing: Timing::Free,
                });
                let index = self.nodes.len() - 1;
                let stored = index32(index);
                let flat = cx.index.flat(action);
                match scope {
                    None => self.shared[flat] = stored,
                    Some(p) => self.per_process[p * self.action_count + flat] = stored,
                }
                index
            }
        };
        let node = &mut self.nodes[index];
        // A step carries out one question's action, so a process reaches it once: by its gap
        // on that question, or (for a new step) as the process of the step needing it.
        node.processes.push(p);
        if cx.ranking.of(p) < cx.ranking.of(node.first) {
            node.first = p;
        }
        if gap.gate {
            node.gates.insert(p);
        }
        node.gaps.push(gap);
        index
    }
}

/// One step per action of each gap (per process, or one for all when shared).
pub(crate) fn from_gaps<'a>(cx: &Context<'a>, gaps: &[Gap]) -> Steps<'a> {
    let action_count = cx.index.action_count;
    let mut steps = Steps {
        nodes: Vec::with_capacity(gaps.len()),
        per_process: vec![NONE; cx.processes.len() * action_count],
        shared: vec![NONE; action_count],
        action_count,
        id: String::new(),
        tooling_waits_for: HashMap::default(),
    };
    for gap in gaps {
        debug_assert!(matches!(
            gap.kind,
            GapKind::Below { .. } | GapKind::UnansweredGate
        ));
        for ai in 0..cx.q.questions[gap.question()].actions.len() {
            steps.add(cx, (gap.question(), ai), gap.process(), *gap);
        }
    }
    steps
}
