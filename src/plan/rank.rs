//! Stage 1, rule 4: the most tractable process goes first, not the most strategic one.

use crate::assessment::ProcessSpec;
use crate::questionnaire::Level3;
use crate::scoring::{ProcessScore, Verdict};

/// The processes in go-live order.
pub(crate) struct Ranking {
    /// Every process (engagement index), planned ones first, most tractable first.
    pub order: Vec<usize>,
    /// The planned processes (not `not_assessed`), in go-live order.
    pub planned: Vec<usize>,
    /// Per process (engagement index): its position in `planned`, or `None` when not planned.
    pub rank: Vec<Option<usize>>,
    /// Per process (engagement index).
    pub tractability: Vec<f64>,
}

impl Ranking {
    /// The position of a planned process in go-live order; unplanned ones sort last.
    pub fn of(&self, process: usize) -> usize {
        self.rank[process].unwrap_or(usize::MAX)
    }
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

/// Rule 4: planned processes first; then the most tractable; between equally tractable ones the
/// lower risk tier (rule 6: a low-risk process moves fast); then by id, so the order never
/// depends on where a process is listed.
pub(crate) fn rank(processes: &[ProcessSpec], scores: &[&ProcessScore]) -> Ranking {
    let tractability: Vec<f64> = processes
        .iter()
        .zip(scores)
        .map(|(p, s)| tractability(p, s))
        .collect();
    let planned = |i: usize| scores[i].verdict != Verdict::NotAssessed;
    let mut order: Vec<usize> = (0..processes.len()).collect();
    order.sort_by(|&a, &b| {
        planned(b)
            .cmp(&planned(a))
            .then(tractability[b].total_cmp(&tractability[a]))
            .then(
                processes[a]
                    .profile
                    .risk_tier
                    .cmp(&processes[b].profile.risk_tier),
            )
            .then(processes[a].id.cmp(&processes[b].id))
            .then(a.cmp(&b))
    });
    let planned: Vec<usize> = order.iter().copied().filter(|&i| planned(i)).collect();
    let mut rank = vec![None; processes.len()];
    for (position, &p) in planned.iter().enumerate() {
        rank[p] = Some(position);
    }
    Ranking {
        order,
        planned,
        rank,
        tractability,
    }
}
