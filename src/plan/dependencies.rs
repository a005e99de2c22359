//! Stage 4: `depends_on` between steps. A dependency on an action that is not planned is in
//! place, unless its question is unanswered for the process: then nobody knows, and it is
//! planned as a gap of its own (conservative), saying so.

use super::gaps::{self, Gap, GapKind};
use super::steps::Steps;
use super::{index32, Context};
use crate::questionnaire::ActionScope;
use crate::scoring::QuestionStatus;

/// Resolves every step's dependencies, adding the steps of unanswered questions they need; the
/// added steps' own dependencies are resolved in the same pass.
pub(crate) fn resolve<'a>(cx: &Context<'a>, steps: &mut Steps<'a>) {
    let mut next = 0;
    while next < steps.nodes.len() {
        let n = next;
        next += 1;
        let Some(action) = steps.nodes[n].action else {
            continue;
        };
        // A shared step is done once, when the first process needing it needs it: its
        // per-process prerequisites are that process's.
        let p = steps.nodes[n].first;
        let needs = &cx.index.depends_on[cx.index.flat(action)];
        let mut deps: Vec<usize> = Vec::with_capacity(needs.len());
        for &(qi, ai) in needs {
            let scope = match cx.index.action((qi, ai)).scope {
                ActionScope::Shared => None,
                ActionScope::Process => Some(p),
            };
            let d = match steps.get(cx, (qi, ai), scope) {
                Some(d) => d,
                None if unanswered(cx, p, qi) => {
                    let gap = Gap::new(p, qi, GapKind::UnansweredDependency, false);
                    let d = steps.add(cx, (qi, ai), p, gap);
                    steps.nodes[d].needed_by = Some(index32(n));
                    d
                }
                None => continue,
            };
            if d != n && !deps.contains(&d) {
                deps.push(d);
            }
        }
        steps.nodes[n].deps = deps;
    }
    for node in &mut steps.nodes {
        node.processes.sort_unstable();
    }
}

fn unanswered(cx: &Context<'_>, p: usize, qi: usize) -> bool {
    gaps::result(cx, p, qi).is_some_and(|r| r.status == QuestionStatus::Unanswered)
}
