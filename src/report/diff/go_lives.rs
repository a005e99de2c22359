//! Go-live weeks that moved between two plans, for the processes in both reports.

use serde::Serialize;

use crate::plan::{GoLive, Plan};

/// How a go-live moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GoLiveKind {
    Earlier,
    Later,
    /// Not planned before (too little answered), planned now.
    BecamePlannable,
    /// Planned before, not now.
    BecameUnplannable,
}

/// A process whose go-live week changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoLiveMove {
    /// The process's id.
    pub process: String,
    /// The process's name, as the new report gives it.
    pub name: String,
    /// Null when the old plan could not plan it.
    pub old_week: Option<u32>,
    /// Null when the new plan cannot plan it.
    pub new_week: Option<u32>,
    /// The first day of each week, when that plan has a start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_date: Option<String>,
    /// The new week minus the old: negative when earlier; null unless both are planned.
    pub delta_weeks: Option<i64>,
    pub old_within_horizon: bool,
    pub new_within_horizon: bool,
    pub kind: GoLiveKind,
}

fn go_live<'p>(plan: &'p Plan, process: &str) -> Option<&'p GoLive> {
    plan.go_live.iter().find(|g| g.process == process)
}

/// The go-lives of `kept` (id and name, in the order given) whose week differs between the two
/// plans. A week that stays put is left out even if the horizon moved past it: the diff's notes
/// say when the horizons differ.
pub fn go_live_moves(old: &Plan, new: &Plan, kept: &[(&str, &str)]) -> Vec<GoLiveMove> {
    kept.iter()
        .filter_map(|&(process, name)| {
            let (was, is) = (go_live(old, process)?, go_live(new, process)?);
            let kind = match (was.week, is.week) {
                (Some(o), Some(n)) if n < o => GoLiveKind::Earlier,
                (Some(o), Some(n)) if n > o => GoLiveKind::Later,
                (None, Some(_)) => GoLiveKind::BecamePlannable,
                (Some(_), None) => GoLiveKind::BecameUnplannable,
                _ => return None,
            };
            Some(GoLiveMove {
                process: process.to_string(),
                name: name.to_string(),
                old_week: was.week,
                new_week: is.week,
                old_date: was.date.clone(),
                new_date: is.date.clone(),
                delta_weeks: was
                    .week
                    .zip(is.week)
                    .map(|(o, n)| i64::from(n) - i64::from(o)),
                old_within_horizon: was.within_horizon,
                new_within_horizon: is.within_horizon,
                kind,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::diff::tests::plan;

    fn with_go_lives(weeks: &[(&str, Option<u32>)]) -> Plan {
        let mut p = plan(vec![]);
        // Read from JSON, so that fields other plans add take their defaults.
        p.go_live = weeks
            .iter()
            .map(|&(process, week)| {
                let within_horizon = week.is_some_and(|w| w <= p.horizon_weeks);
                serde_json::from_value(serde_json::json!({
                    "process": process, "week": week, "within_horizon": within_horizon,
                    "reason": ""
                }))
                .unwrap()
            })
            .collect();
        p
    }

    #[test]
    fn moves_are_earlier_later_or_a_change_of_plannability_in_the_order_given() {
        let old = with_go_lives(&[
            ("later", Some(1)),
            ("earlier", Some(20)),
            ("same", Some(5)),
            ("planned", None),
            ("unplanned", Some(8)),
            ("never", None),
            ("gone", Some(3)),
        ]);
        let new = with_go_lives(&[
            ("earlier", Some(9)),
            ("later", Some(11)),
            ("same", Some(5)),
            ("planned", Some(30)),
            ("unplanned", None),
            ("never", None),
            ("fresh", Some(2)),
        ]);
        let kept = [
            ("later", "Later"),
            ("earlier", "Earlier"),
            ("same", "Same"),
            ("planned", "Planned"),
            ("unplanned", "Unplanned"),
            ("never", "Never"),
        ];
        let found = go_live_moves(&old, &new, &kept);
        let moves: Vec<(&str, Option<i64>, GoLiveKind, bool, bool)> = found
            .iter()
            .map(|m| {
                (
                    m.process.as_str(),
                    m.delta_weeks,
                    m.kind,
                    m.old_within_horizon,
                    m.new_within_horizon,
                )
            })
            .collect();
        assert_eq!(
            moves,
            [
                ("later", Some(10), GoLiveKind::Later, true, true),
                ("earlier", Some(-11), GoLiveKind::Earlier, false, true),
                ("planned", None, GoLiveKind::BecamePlannable, false, false),
                (
                    "unplanned",
                    None,
                    GoLiveKind::BecameUnplannable,
                    true,
                    false
                ),
            ]
        );
    }
}
