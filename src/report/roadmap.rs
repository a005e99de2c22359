//! The roadmap: the plan's steps grouped into initiatives (the work on one question's gap, across
//! every process it serves) under workstreams (the roles the questionnaire's dimensions declare),
//! and each owner role's load month by month. A view of the plan: it computes no week of its own.

use std::collections::hash_map::Entry;
use std::collections::BTreeMap;

use std::sync::Arc;

use foldhash::{HashMap, HashSet};
use serde::{Deserialize, Serialize};

use crate::calendar::{self, Weeks};
use crate::plan::{Plan, Step};
use crate::questionnaire::{DimensionRole, Effort, Questionnaire};

/// The plan as initiatives under workstreams.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Roadmap {
    /// In the order of the roles (process, decision rights, data, governance, capability), then
    /// dimensions without a role in questionnaire order.
    pub workstreams: Vec<Workstream>,
    /// Steps per owner role per month.
    pub owner_load: OwnerLoadByMonth,
}

/// The initiatives of one role (or one dimension without a role).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workstream {
    /// The name of its dimensions, e.g. "Data" or "Process design and exceptions".
    pub name: String,
    /// The role, when its dimensions declare one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<DimensionRole>,
    pub start_week: u32,
    pub end_week: u32,
    /// Earliest start first.
    pub initiatives: Vec<Initiative>,
}

/// The work that closes one question's gap across every process it serves: one line of the
/// roadmap. The sign-off milestones of high-risk processes form one initiative too.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    /// The question id, or the milestone's id without its process.
    pub id: String,
    /// The question's title (or id); for the milestones, what they are.
    pub title: String,
    /// Processes served, in engagement order.
    pub processes: Vec<String>,
    pub start_week: u32,
    pub end_week: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Owner roles, the one with most steps first.
    pub owners: Vec<String>,
    /// The largest effort among its steps.
    pub effort: Effort,
    /// The titles of its actions, in the order they start.
    pub actions: Vec<String>,
    /// Its steps' ids, for the backlog (shared with the plan's steps).
    pub steps: Vec<Arc<str>>,
    /// Whether some go-live waits for one of its steps.
    pub holds_go_live: bool,
}

/// How many steps each owner role has running, period by period: calendar months when the plan
/// has a start, else blocks of four weeks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OwnerLoadByMonth {
    pub periods: Vec<Period>,
    /// Owners with the highest peak first, then by name.
    pub owners: Vec<OwnerMonths>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Period {
    /// "Jan 2027", or "weeks 1-4".
    pub label: String,
    pub start_week: u32,
    pub end_week: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnerMonths {
    pub owner: String,
    /// Steps running at some time in each period, in the order of `periods`.
    pub steps: Vec<u32>,
    /// The largest of `steps`.
    pub peak: u32,
}

/// Weeks in a period when the plan has no start date.
const PERIOD_WEEKS: u32 = 4;

/// The roadmap of `plan`.
pub fn build(q: &Questionnaire, plan: &Plan, process_order: &[String]) -> Roadmap {
    let steps: Vec<&Step> = plan.waves.iter().flat_map(|w| &w.steps).collect();
    let weeks = plan.weeks();
    let process_order: HashMap<&str, usize> = process_order
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();
    Roadmap {
        workstreams: workstreams(q, &steps, &process_order, weeks),
        owner_load: owner_load(&steps, weeks),
    }
}

/// Which workstream a step belongs to: its role, or its dimension when that declares none.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Stream {
    Role(DimensionRole),
    Dimension(usize),
}

fn workstreams(
    q: &Questionnaire,
    steps: &[&Step],
    process_order: &HashMap<&str, usize>,
    weeks: Option<Weeks>,
) -> Vec<Workstream> {
    let dimension_index = |id: &str| q.dimensions.iter().position(|d| d.id == id);
    // Initiatives by (stream, key), in first-seen order within the stream.
    let mut streams: BTreeMap<Stream, Vec<(&str, Vec<&Step>)>> = BTreeMap::new();
    let mut position: HashMap<(Stream, &str), usize> = HashMap::default();
    for step in steps {
        let stream = match step.role {
            Some(role) => Stream::Role(role),
            None => Stream::Dimension(dimension_index(&step.dimension).unwrap_or(usize::MAX)),
        };
        let key: &str = match &step.question {
            Some(question) => question,
            None => step.id.split('@').next().unwrap_or(&step.id),
        };
        let initiatives = streams.entry(stream.clone()).or_default();
        match position.entry((stream, key)) {
            Entry::Occupied(at) => initiatives[*at.get()].1.push(step),
            Entry::Vacant(at) => {
                at.insert(initiatives.len());
                initiatives.push((key, vec![step]));
            }
        }
    }
    streams
        .into_iter()
        .map(|(stream, groups)| {
            let mut initiatives: Vec<Initiative> = groups
                .into_iter()
                .map(|(key, group)| initiative(q, key.to_string(), &group, process_order, weeks))
                .collect();
            initiatives.sort_by(|a, b| {
                (a.start_week, a.end_week, &a.title).cmp(&(b.start_week, b.end_week, &b.title))
            });
            let name = match &stream {
                Stream::Role(role) => join_names(
                    q.dimensions
                        .iter()
                        .filter(|d| d.role == Some(*role))
                        .map(|d| d.name.as_str()),
                ),
                Stream::Dimension(i) => q
                    .dimensions
                    .get(*i)
                    .map_or("Other work".to_string(), |d| d.name.clone()),
            };
            Workstream {
                name,
                role: match stream {
                    Stream::Role(role) => Some(role),
                    Stream::Dimension(_) => None,
                },
                start_week: initiatives.iter().map(|i| i.start_week).min().unwrap_or(1),
                end_week: initiatives.iter().map(|i| i.end_week).max().unwrap_or(1),
                initiatives,
            }
        })
        .collect()
}

fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let names: Vec<&str> = names.collect();
    match names.as_slice() {
        [] => "Other work".to_string(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn initiative(
    q: &Questionnaire,
    key: String,
    group: &[&Step],
    process_order: &HashMap<&str, usize>,
    weeks: Option<Weeks>,
) -> Initiative {
    let start_week = group.iter().map(|s| s.start_week).min().unwrap_or(1);
    let end_week = group.iter().map(|s| s.end_week).max().unwrap_or(1);
    let mut processes: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::default();
    for p in group.iter().flat_map(|s| &s.processes) {
        if seen.insert(p) {
            processes.push(p);
        }
    }
    processes.sort_by_cached_key(|p| process_order.get(p).copied().unwrap_or(usize::MAX));
    let processes: Vec<String> = processes.into_iter().map(str::to_string).collect();
    let mut owners: Vec<(String, usize, u32)> = Vec::new();
    for step in group {
        match owners.iter_mut().find(|(o, _, _)| **o == *step.owner) {
            Some(entry) => entry.1 += 1,
            None => owners.push((step.owner.to_string(), 1, step.start_week)),
        }
    }
    owners.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)));
    let mut by_start: Vec<&&Step> = group.iter().collect();
    by_start.sort_by_key(|s| (s.start_week, s.end_week));
    let mut actions: Vec<String> = Vec::new();
    for step in by_start {
        if !actions.iter().any(|a| *a == *step.title) {
            actions.push(step.title.to_string());
        }
    }
    let first = group[0];
    let title = match &first.question {
        Some(id) => q
            .question(id)
            .map_or(id.to_string(), |question| question.title().to_string()),
        None => first.title.to_string(),
    };
    Initiative {
        id: key,
        title,
        processes,
        start_week,
        end_week,
        start_date: weeks.map(|w| calendar::iso(w.first_day(start_week))),
        end_date: weeks.map(|w| calendar::iso(w.last_day(end_week))),
        owners: owners.into_iter().map(|(o, _, _)| o).collect(),
        effort: group
            .iter()
            .map(|s| s.effort)
            .max()
            .unwrap_or(Effort::Quick),
        actions,
        steps: group.iter().map(|s| s.id.clone()).collect(),
        holds_go_live: group.iter().any(|s| s.before_go_live_of.is_some()),
    }
}

/// The periods from week 1 to the plan's last week: calendar months when the plan has a start,
/// else blocks of [`PERIOD_WEEKS`] weeks.
fn periods(last_week: u32, weeks: Option<Weeks>) -> Vec<Period> {
    let mut periods = Vec::new();
    match weeks {
        Some(weeks) => {
            let mut month = weeks.start().first_of_month();
            let end = weeks.last_day(last_week);
            while month <= end {
                let next = calendar::next_month(month);
                let last_day = next.yesterday().unwrap_or(next);
                let start_week = weeks.week_of(month).unwrap_or(1);
                let end_week = weeks.week_of(last_day).unwrap_or(1).min(last_week);
                periods.push(Period {
                    label: calendar::month(month),
                    start_week,
                    end_week,
                });
                month = next;
            }
        }
        None => {
            let mut start = 1;
            while start <= last_week {
                let end = (start + PERIOD_WEEKS - 1).min(last_week);
                periods.push(Period {
                    label: if start == end {
                        format!("week {start}")
                    } else {
                        format!("weeks {start}-{end}")
                    },
                    start_week: start,
                    end_week: end,
                });
                start = end + 1;
            }
        }
    }
    periods
}

fn owner_load(steps: &[&Step], weeks: Option<Weeks>) -> OwnerLoadByMonth {
    let last_week = steps.iter().map(|s| s.end_week).max().unwrap_or(0);
    let periods = periods(last_week, weeks);
    let mut by_owner: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for step in steps {
        let counts = by_owner
            .entry(&*step.owner)
            .or_insert_with(|| vec![0; periods.len()]);
        // The periods run in order without gaps: a step counts in the ones from the first that
        // ends in or after its start week to the last that starts by its end week. A plan of
        // more processes is both more steps and more periods: counting a step in every period
        // would grow with the square of the processes.
        let first = periods.partition_point(|p| p.end_week < step.start_week);
        for (count, period) in counts[first..].iter_mut().zip(&periods[first..]) {
            if period.start_week > step.end_week {
                break;
            }
            *count += 1;
        }
    }
    let mut owners: Vec<OwnerMonths> = by_owner
        .into_iter()
        .map(|(owner, steps)| OwnerMonths {
            owner: owner.to_string(),
            peak: steps.iter().copied().max().unwrap_or(0),
            steps,
        })
        .collect();
    owners.sort_by(|a, b| b.peak.cmp(&a.peak).then(a.owner.cmp(&b.owner)));
    OwnerLoadByMonth { periods, owners }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> jiff::civil::Date {
        calendar::parse(text, "--start").unwrap()
    }

    #[test]
    fn four_week_periods_without_a_start() {
        let p = periods(9, None);
        let labels: Vec<&str> = p.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["weeks 1-4", "weeks 5-8", "week 9"]);
    }

    #[test]
    fn calendar_months_cross_the_year_end() {
        // Week 1 starts on 21 Dec 2026; week 7 ends on 7 Feb 2027.
        let p = periods(7, Some(Weeks::starting(date("2026-12-21"))));
        let shown: Vec<(&str, u32, u32)> = p
            .iter()
            .map(|p| (p.label.as_str(), p.start_week, p.end_week))
            .collect();
        assert_eq!(
            shown,
            [("Dec 2026", 1, 2), ("Jan 2027", 2, 6), ("Feb 2027", 7, 7)]
        );
    }
}
