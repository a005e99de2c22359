//! `omd whatif --format csv`: one row per change, for a spreadsheet. A `now` row comes first with
//! the process as its answers stand; then, per target, one row per change (or one row saying it
//! is met already or out of reach), or one row per `--set` change. Each row repeats its outcome
//! (verdict, readiness, go-live) so a filter on any column keeps what it means. Text cells are
//! made visible and defused as in the report's CSV; figures are written as numbers.

use crate::report::csv::cell;
use crate::scoring::{format_level, QuestionStatus};
use crate::style::visible_line;
use crate::whatif::{LevelChange, Outcome, TargetStatus, WhatIf};

use super::goal_label;

/// Column names of the what-if CSV.
pub const WHATIF_HEADER: [&str; 21] = [
    "process_id",
    "goal",
    "status",
    "total_steps",
    "question_id",
    "question",
    "dimension",
    "gate_min_level",
    "was",
    "from_level",
    "from_label",
    "to_level",
    "to_label",
    "steps",
    "verdict",
    "readiness",
    "go_live_week",
    "go_live_date",
    "within_horizon",
    "reasons",
    "date",
];

/// The what-if as CSV text.
pub(super) fn rows(w: &WhatIf) -> anyhow::Result<String> {
    let mut writer = ::csv::Writer::from_writer(Vec::new());
    writer.write_record(WHATIF_HEADER)?;
    let row = Row { whatif: w };
    writer.write_record(row.record(
        "now",
        "current",
        None,
        None,
        Some(&w.current),
        &w.current.reasons,
    ))?;
    for t in &w.targets {
        let goal = goal_label(t.goal);
        let total = t.steps.map(format_level);
        match t.status {
            TargetStatus::Already => {
                writer.write_record(row.record(goal, "already", None, None, None, &[]))?;
            }
            TargetStatus::Impossible => {
                writer.write_record(row.record(
                    goal,
                    "impossible",
                    None,
                    None,
                    None,
                    &t.impossible,
                ))?;
            }
            TargetStatus::Found => {
                for change in &t.changes {
                    let reasons = t.outcome.as_ref().map_or(&[][..], |o| &o.reasons[..]);
                    writer.write_record(row.record(
                        goal,
                        "found",
                        total.as_deref(),
                        Some(change),
                        t.outcome.as_ref(),
                        reasons,
                    ))?;
                }
            }
        }
    }
    if let Some(s) = &w.scenario {
        for change in &s.changes {
            writer.write_record(row.record(
                "scenario",
                "set",
                None,
                Some(change),
                Some(&s.outcome),
                &s.outcome.reasons,
            ))?;
        }
    }
    writer.flush()?;
    Ok(String::from_utf8(writer.into_inner()?)?)
}

struct Row<'a> {
    whatif: &'a WhatIf,
}

/// User text as a cell: control characters shown as escapes, formulas defused.
fn text(value: &str) -> String {
    cell(&visible_line(value)).into_owned()
}

fn was(status: QuestionStatus) -> &'static str {
    match status {
        QuestionStatus::Answered => "answered",
        QuestionStatus::NotApplicable => "not_applicable",
        QuestionStatus::Unanswered => "unanswered",
    }
}

impl Row<'_> {
    /// One row. A `None` change leaves the question columns empty, a `None` outcome the
    /// outcome's; `reasons` are the outcome's, or why a target is out of reach.
    fn record(
        &self,
        goal: &str,
        status: &str,
        total_steps: Option<&str>,
        change: Option<&LevelChange>,
        outcome: Option<&Outcome>,
        reasons: &[String],
    ) -> Vec<String> {
        let w = self.whatif;
        let go_live = outcome.and_then(|o| o.go_live.as_ref());
        let mut record = vec![
            text(&w.process.id),
            goal.to_string(),
            status.to_string(),
            total_steps.unwrap_or("").to_string(),
        ];
        match change {
            Some(c) => record.extend([
                text(&c.question),
                text(&c.title),
                text(&c.dimension),
                c.gate_min_level.map_or(String::new(), |m| m.to_string()),
                was(c.was).to_string(),
                c.from.map_or(String::new(), format_level),
                text(c.from_label.as_deref().unwrap_or("")),
                c.to.to_string(),
                text(&c.to_label),
                c.steps.map_or(String::new(), format_level),
            ]),
            None => record.extend(std::iter::repeat_n(String::new(), 10)),
        }
        record.extend([
            outcome.map_or(String::new(), |o| o.verdict.as_str().to_string()),
            outcome
                .and_then(|o| o.readiness)
                .map_or(String::new(), |r| format!("{r:.1}")),
            go_live.map_or(String::new(), |g| g.week.to_string()),
            go_live
                .and_then(|g| g.date.as_deref())
                .unwrap_or("")
                .to_string(),
            go_live.map_or(String::new(), |g| g.within_horizon.to_string()),
            text(&reasons.join("; ")),
            w.date.as_deref().map_or(String::new(), text),
        ]);
        record
    }
}
