//! `omd whatif --format html`: one self-contained page in the report's style (the same style
//! sheet, `templates/report.css`, included by both templates). The page is an askama template
//! (`templates/whatif.html`), which escapes every value; user text is also made visible
//! ([`visible_line`]) first, as the report's HTML does, so a control character shows as an escape.

use askama::Template;

use super::{
    from_level, go_live_move, go_live_text, goal_label, readiness_delta, set_args, signed,
    steps_text, to_level,
};
use crate::report::html::{code_spans, Span};
use crate::report::model::{format_score, verdict_label};
use crate::report::text::count;
use crate::style::visible_line;
use crate::whatif::{LevelChange, Outcome, Target, TargetStatus, WhatIf};

/// The what-if as a page, ending with a newline.
pub(super) fn page(whatif: &WhatIf) -> anyhow::Result<String> {
    let mut html = Page::new(whatif).render()?;
    html.push('\n');
    Ok(html)
}

#[derive(Template)]
#[template(path = "whatif.html", config = "src/report/askama.toml")]
struct Page {
    title: String,
    client: String,
    engagement: String,
    questionnaire: String,
    date: Option<String>,
    /// The targets engagement.yaml sets, when it sets any.
    target_profile: Option<String>,
    process_id: String,
    risk: &'static str,
    respondents: String,
    /// What a change and a step are, and how many respondents the process has.
    change_unit: String,
    /// "after the smallest changes" or "with these answers".
    compared: &'static str,
    /// Now, then each target or the scenario: one line each.
    overview: Vec<OverviewRow>,
    now: OutcomePage,
    targets: Vec<TargetPage>,
    scenario: Option<ScenarioPage>,
}

struct OverviewRow {
    /// "Now", "Conditional", "Ready", "With these answers".
    label: &'static str,
    /// The section that explains the row; empty for now.
    anchor: &'static str,
    /// `now`, `conditional`, `ready` or `scenario`.
    goal: &'static str,
    /// `current`, `already`, `found`, `impossible` or `set`.
    status: &'static str,
    change: String,
    /// None for a target already met or out of reach.
    outcome: Option<OutcomePage>,
}

/// A verdict, readiness and go-live as shown, with the reasons.
struct OutcomePage {
    verdict: &'static str,
    verdict_class: &'static str,
    readiness: String,
    go_live: String,
    /// The go-live week, or empty when the process is not planned.
    week: String,
    /// The first day of that week (`YYYY-MM-DD`), or empty.
    date: String,
    /// Planned beyond the horizon.
    late: bool,
    /// ", 6 weeks earlier" than now; empty for now itself.
    moved: String,
    reasons: Vec<Vec<Span>>,
}

struct TargetPage {
    goal: &'static str,
    status: &'static str,
    heading: String,
    /// "It is conditional already." for a target already met.
    already: String,
    /// Why the target is out of reach, and what to answer first.
    impossible: Vec<Vec<Span>>,
    changes: Vec<ChangeRow>,
    outcome: Option<OutcomePage>,
    set_args: String,
}

struct ScenarioPage {
    changes: Vec<ChangeRow>,
    outcome: OutcomePage,
    /// "+3.6", or empty when either side has no readiness.
    readiness_delta: String,
}

/// One row of a changes table. The `data_` fields are the figures as in the JSON, for a reader
/// that takes the page apart.
struct ChangeRow {
    title: String,
    question: String,
    dimension: String,
    /// "needs 2" for a gate that applies to the process; empty otherwise.
    gate: String,
    from: String,
    to: String,
    /// "+2", "-1", or "—" when the question was not answered.
    steps: String,
    data_from: String,
    data_to: usize,
    data_steps: String,
}

fn text(value: &str) -> String {
    visible_line(value).into_owned()
}

fn spans(reason: &str) -> Vec<Span> {
    code_spans(&visible_line(reason))
}

fn change_rows(changes: &[LevelChange]) -> Vec<ChangeRow> {
    changes
        .iter()
        .map(|c| ChangeRow {
            title: text(&c.title),
            question: text(&c.question),
            dimension: text(&c.dimension),
            gate: c
                .gate_min_level
                .map_or(String::new(), |m| format!("needs {m}")),
            from: text(&from_level(c)),
            to: text(&to_level(c)),
            steps: c.steps.map_or("—".into(), signed),
            data_from: c.from.map_or(String::new(), crate::scoring::format_level),
            data_to: c.to,
            data_steps: c.steps.map_or(String::new(), crate::scoring::format_level),
        })
        .collect()
}

/// `o` as shown; `now` (the current outcome) when `o` is another, to say how the go-live moves.
fn outcome_page(w: &WhatIf, o: &Outcome, now: Option<&Outcome>) -> OutcomePage {
    let moved = now
        .and_then(|n| go_live_move(n.go_live.as_ref(), o.go_live.as_ref()))
        .map_or(String::new(), |m| format!(", {m}"));
    OutcomePage {
        verdict: verdict_label(o.verdict),
        verdict_class: o.verdict.as_str(),
        readiness: format_score(o.readiness),
        go_live: go_live_text(o.go_live.as_ref(), w.horizon_weeks),
        week: o
            .go_live
            .as_ref()
            .map_or(String::new(), |g| g.week.to_string()),
        date: o
            .go_live
            .as_ref()
            .and_then(|g| g.date.clone())
            .unwrap_or_default(),
        late: o.go_live.as_ref().is_some_and(|g| !g.within_horizon),
        moved,
        reasons: o.reasons.iter().map(|r| spans(r)).collect(),
    }
}

fn status_name(status: TargetStatus) -> &'static str {
    match status {
        TargetStatus::Already => "already",
        TargetStatus::Found => "found",
        TargetStatus::Impossible => "impossible",
    }
}

/// "2 level steps on 1 question", "nothing to change", "out of reach".
fn change_summary(t: &Target) -> String {
    match t.status {
        TargetStatus::Already => "nothing to change".into(),
        TargetStatus::Impossible => "out of reach by raising answered levels".into(),
        TargetStatus::Found => format!(
            "{} on {}",
            steps_text(t.steps.unwrap_or(0.0)),
            count(t.changes.len(), "question", "questions")
        ),
    }
}

fn target_page(w: &WhatIf, t: &Target) -> TargetPage {
    let goal = goal_label(t.goal);
    let heading = match t.status {
        TargetStatus::Found => format!("Smallest change to make it {goal}: {}", change_summary(t)),
        _ => format!("To make it {goal}"),
    };
    TargetPage {
        goal,
        status: status_name(t.status),
        heading,
        already: format!(
            "Nothing to change: it is {} already.",
            verdict_label(w.current.verdict)
        ),
        impossible: t.impossible.iter().map(|r| spans(r)).collect(),
        changes: change_rows(&t.changes),
        outcome: t
            .outcome
            .as_ref()
            .map(|o| outcome_page(w, o, Some(&w.current))),
        set_args: set_args(&t.changes),
    }
}

impl Page {
    fn new(w: &WhatIf) -> Page {
        let mut overview = vec![OverviewRow {
            label: "Now",
            anchor: "",
            goal: "now",
            status: "current",
            change: "—".into(),
            outcome: Some(outcome_page(w, &w.current, None)),
        }];
        for t in &w.targets {
            let (label, anchor) = match t.goal {
                crate::whatif::Goal::Conditional => ("Conditional", "to-conditional"),
                crate::whatif::Goal::Ready => ("Ready", "to-ready"),
            };
            overview.push(OverviewRow {
                label,
                anchor,
                goal: goal_label(t.goal),
                status: status_name(t.status),
                change: change_summary(t),
                outcome: t
                    .outcome
                    .as_ref()
                    .map(|o| outcome_page(w, o, Some(&w.current))),
            });
        }
        let scenario = w.scenario.as_ref().map(|s| {
            let changes = change_rows(&s.changes);
            overview.push(OverviewRow {
                label: "With these answers",
                anchor: "scenario",
                goal: "scenario",
                status: "set",
                change: count(s.changes.len(), "question set", "questions set"),
                outcome: Some(outcome_page(w, &s.outcome, Some(&w.current))),
            });
            ScenarioPage {
                changes,
                outcome: outcome_page(w, &s.outcome, Some(&w.current)),
                readiness_delta: readiness_delta(&w.current, &s.outcome).unwrap_or_default(),
            }
        });
        Page {
            title: format!("What if: {}", text(&w.process.name)),
            client: text(&w.engagement.client),
            engagement: text(&w.engagement.name),
            questionnaire: format!(
                "{} ({} {})",
                text(&w.questionnaire.title),
                text(&w.questionnaire.id),
                text(&w.questionnaire.version)
            ),
            date: w.date.as_deref().map(text),
            target_profile: crate::report::model::target_profile_line(&w.target_profile)
                .map(|line| text(&line)),
            process_id: text(&w.process.id),
            risk: w.process.risk_tier.as_str(),
            respondents: count(w.process.respondents, "respondent", "respondents"),
            change_unit: format!(
                "{} This process has {}.",
                text(&w.change_unit),
                count(w.process.respondents, "respondent", "respondents")
            ),
            compared: if w.scenario.is_some() {
                "with these answers"
            } else {
                "after the smallest changes"
            },
            overview,
            now: outcome_page(w, &w.current, None),
            targets: w.targets.iter().map(|t| target_page(w, t)).collect(),
            scenario,
        }
    }
}
