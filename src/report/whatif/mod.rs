//! `omd whatif` as terminal text, GitHub-flavoured Markdown, JSON, an HTML page ([`html`]) or CSV
//! ([`csv`]). Like the report renderers, these only format: every figure is in the [`WhatIf`]
//! view-model. Text from users (names, titles, labels) is shown, never obeyed: control characters
//! appear as escapes.

mod csv;
mod html;

use super::markdown::{escape, prose};
use super::model::{format_score, verdict_label};
use super::text::{count, paragraph};
use crate::calendar;
use crate::style::visible_line;
use crate::whatif::{GoLiveAt, Goal, LevelChange, Outcome, Target, TargetStatus, WhatIf};

/// A what-if format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhatIfFormat {
    Table,
    Markdown,
    Json,
    Html,
    Csv,
}

/// Renders `whatif`; `width` (the terminal's, if the output is one) wraps the table's prose.
pub fn render(whatif: &WhatIf, format: WhatIfFormat, width: Option<u16>) -> anyhow::Result<String> {
    Ok(match format {
        WhatIfFormat::Table => table(whatif, width),
        WhatIfFormat::Markdown => markdown(whatif),
        WhatIfFormat::Json => {
            let mut text = serde_json::to_string_pretty(whatif)?;
            text.push('\n');
            text
        }
        WhatIfFormat::Html => html::page(whatif)?,
        WhatIfFormat::Csv => csv::rows(whatif)?,
    })
}

/// "1 (Ad hoc)", "2.5", "not answered".
fn from_level(c: &LevelChange) -> String {
    match (c.from, &c.from_label) {
        (Some(level), Some(label)) => {
            format!("{} ({})", crate::scoring::format_level(level), label)
        }
        (Some(level), None) => crate::scoring::format_level(level),
        (None, _) => match c.was {
            crate::scoring::QuestionStatus::NotApplicable => "not applicable".into(),
            _ => "not answered".into(),
        },
    }
}

fn to_level(c: &LevelChange) -> String {
    format!("{} ({})", c.to, c.to_label)
}

/// "+2", "+0.5", "-1": a change's steps.
fn signed(steps: f64) -> String {
    let text = crate::scoring::format_level(steps.abs());
    if steps < 0.0 {
        format!("-{text}")
    } else {
        format!("+{text}")
    }
}

/// "3 level steps", "1 level step", "2.5 level steps".
fn steps_text(steps: f64) -> String {
    let text = crate::scoring::format_level(steps);
    format!("{text} level step{}", if steps == 1.0 { "" } else { "s" })
}

/// "week 30 (21 Dec 2026)", or "week 30" without a start date; "beyond the 26-week horizon"
/// appended when it is.
fn go_live_text(go_live: Option<&GoLiveAt>, horizon: u32) -> String {
    let Some(g) = go_live else {
        return "none (too little answered to plan)".into();
    };
    let date = g
        .date
        .as_deref()
        .and_then(|d| calendar::parse(d, "date").ok())
        .map_or(String::new(), |d| format!(" ({})", calendar::human(d)));
    let beyond = if g.within_horizon {
        String::new()
    } else {
        format!(", beyond the {horizon}-week horizon")
    };
    format!("week {}{date}{beyond}", g.week)
}

/// "9 weeks earlier", "2 weeks later", "the same week".
fn go_live_move(before: Option<&GoLiveAt>, after: Option<&GoLiveAt>) -> Option<String> {
    let (before, after) = (before?.week, after?.week);
    Some(match after.cmp(&before) {
        std::cmp::Ordering::Less => format!(
            "{} earlier",
            count((before - after) as usize, "week", "weeks")
        ),
        std::cmp::Ordering::Greater => format!(
            "{} later",
            count((after - before) as usize, "week", "weeks")
        ),
        std::cmp::Ordering::Equal => "the same week".into(),
    })
}

/// "+3.6", "-1.0": how readiness moves from `now` to `then`, when both have one.
fn readiness_delta(now: &Outcome, then: &Outcome) -> Option<String> {
    let (a, b) = (now.readiness?, then.readiness?);
    Some(format!("{}{:.1}", if b >= a { "+" } else { "" }, b - a))
}

/// "conditional, readiness 50.0, go-live week 30 (21 Dec 2026)".
fn outcome_text(o: &Outcome, horizon: u32) -> String {
    format!(
        "{}, readiness {}, go-live {}",
        verdict_label(o.verdict),
        format_score(o.readiness),
        go_live_text(o.go_live.as_ref(), horizon)
    )
}

fn goal_label(goal: Goal) -> &'static str {
    match goal {
        Goal::Conditional => "conditional",
        Goal::Ready => "ready",
    }
}

/// "(gate, needs 2)" after a gate's title.
fn gate_note(c: &LevelChange) -> String {
    c.gate_min_level
        .map_or(String::new(), |min| format!(" (gate, needs {min})"))
}

/// The `--set` arguments that show a change again.
fn set_args(changes: &[LevelChange]) -> String {
    changes
        .iter()
        .map(|c| format!("--set {}={}", visible_line(&c.question), c.to))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The changes as aligned lines: title and gate, from, to.
/// The changes as aligned rows; on a terminal too narrow for them, each change takes two lines:
/// its title (wrapped), then the levels.
fn change_lines(changes: &[LevelChange], signed_steps: bool, width: Option<u16>) -> String {
    let titles: Vec<String> = changes
        .iter()
        .map(|c| format!("{}{}", visible_line(&c.title), gate_note(c)))
        .collect();
    let froms: Vec<String> = changes
        .iter()
        .map(|c| visible_line(&from_level(c)).into_owned())
        .collect();
    let title_width = titles.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let from_width = froms.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    let rows: Vec<(String, String)> = changes
        .iter()
        .zip(&froms)
        .map(|(c, from)| {
            let steps = match (signed_steps, c.steps) {
                (true, Some(s)) => format!(" ({})", signed(s)),
                _ => String::new(),
            };
            (
                from.clone(),
                format!("→ {}{steps}", visible_line(&to_level(c))),
            )
        })
        .collect();
    let widest = rows
        .iter()
        .map(|(_, to)| 2 + title_width + 2 + from_width + 1 + to.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    if width.is_some_and(|w| widest > usize::from(w)) {
        for (title, (from, to)) in titles.iter().zip(&rows) {
            out.push_str(&paragraph(title, width, "  ", "    "));
            out.push_str(&paragraph(
                &format!("{from} {to}"),
                width,
                "      ",
                "        ",
            ));
        }
        return out;
    }
    for (title, (from, to)) in titles.iter().zip(&rows) {
        out.push_str(&format!(
            "  {title:<title_width$}  {from:>from_width$} {to}\n"
        ));
    }
    out
}

fn header(w: &WhatIf, width: Option<u16>) -> String {
    let mut out = paragraph(
        &format!(
            "What if: {} ({}), {} risk",
            visible_line(&w.process.name),
            visible_line(&w.process.id),
            w.process.risk_tier.as_str(),
        ),
        width,
        "",
        "  ",
    );
    out.push_str(&paragraph(
        &format!(
            "{} — {} · questionnaire {} {}",
            visible_line(&w.engagement.client),
            visible_line(&w.engagement.name),
            visible_line(&w.questionnaire.id),
            visible_line(&w.questionnaire.version),
        ),
        width,
        "",
        "  ",
    ));
    if let Some(line) = crate::report::model::target_profile_line(&w.target_profile) {
        out.push_str(&paragraph(&visible_line(&line), width, "", "  "));
    }
    if let Some(date) = &w.date {
        out.push_str(&format!("Date: {date}\n"));
    }
    out.push_str(&paragraph(
        &format!(
            "{} This process has {}.",
            w.change_unit,
            count(w.process.respondents, "respondent", "respondents")
        ),
        width,
        "",
        "",
    ));
    out.push('\n');
    out.push_str(&paragraph(
        &format!("Now: {}", outcome_text(&w.current, w.horizon_weeks)),
        width,
        "",
        "  ",
    ));
    out
}

fn target_text(w: &WhatIf, t: &Target, width: Option<u16>) -> String {
    let goal = goal_label(t.goal);
    match t.status {
        TargetStatus::Already => {
            let mut out = String::from("\n");
            out.push_str(&paragraph(
                &format!(
                    "To make it {goal}: nothing to change, it is {} already.",
                    verdict_label(w.current.verdict)
                ),
                width,
                "",
                "  ",
            ));
            out
        }
        TargetStatus::Impossible => {
            let mut out = String::from("\n");
            out.push_str(&paragraph(
                &format!("To make it {goal}: out of reach by raising answered levels"),
                width,
                "",
                "  ",
            ));
            for reason in &t.impossible {
                out.push_str(&paragraph(&visible_line(reason), width, "  - ", "    "));
            }
            out
        }
        TargetStatus::Found => {
            let mut out = String::from("\n");
            out.push_str(&paragraph(
                &format!(
                    "Smallest change to make it {goal}: {} on {}",
                    steps_text(t.steps.unwrap_or(0.0)),
                    count(t.changes.len(), "question", "questions")
                ),
                width,
                "",
                "  ",
            ));
            out.push_str(&change_lines(&t.changes, false, width));
            if let Some(o) = &t.outcome {
                let moved = go_live_move(w.current.go_live.as_ref(), o.go_live.as_ref())
                    .map_or(String::new(), |m| format!(", {m}"));
                out.push_str(&paragraph(
                    &format!("gives {}{moved}", outcome_text(o, w.horizon_weeks)),
                    width,
                    "  ",
                    "    ",
                ));
            }
            out.push_str(&paragraph(
                &format!("to see it again: {}", set_args(&t.changes)),
                width,
                "  ",
                "    ",
            ));
            out
        }
    }
}

fn table(w: &WhatIf, width: Option<u16>) -> String {
    let mut out = header(w, width);
    for t in &w.targets {
        out.push_str(&target_text(w, t, width));
    }
    if let Some(s) = &w.scenario {
        out.push_str("\nWith these answers\n");
        out.push_str(&change_lines(&s.changes, true, width));
        let (now, then) = (&w.current, &s.outcome);
        out.push_str(&format!(
            "Verdict    {} → {}\n",
            verdict_label(now.verdict),
            verdict_label(then.verdict)
        ));
        let delta = readiness_delta(now, then).map_or(String::new(), |d| format!(" ({d})"));
        out.push_str(&format!(
            "Readiness  {} → {}{delta}\n",
            format_score(now.readiness),
            format_score(then.readiness)
        ));
        let moved = go_live_move(now.go_live.as_ref(), then.go_live.as_ref())
            .map_or(String::new(), |m| format!(", {m}"));
        out.push_str(&paragraph(
            &format!(
                "{} → {}{moved}",
                go_live_text(now.go_live.as_ref(), w.horizon_weeks),
                go_live_text(then.go_live.as_ref(), w.horizon_weeks)
            ),
            width,
            "Go-live    ",
            "           ",
        ));
        out.push_str(&format!("Why {}:\n", verdict_label(then.verdict)));
        for reason in &then.reasons {
            out.push_str(&paragraph(&visible_line(reason), width, "  - ", "    "));
        }
    }
    out
}

fn md(text: &str) -> String {
    escape(&visible_line(text))
}

fn markdown_changes(changes: &[LevelChange], signed_steps: bool) -> String {
    let mut out = String::from("| Question | Id | Gate | From | To |");
    out.push_str(if signed_steps { " Steps |\n" } else { "\n" });
    out.push_str("|---|---|---|---|---|");
    out.push_str(if signed_steps { "---:|\n" } else { "\n" });
    for c in changes {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} |",
            md(&c.title),
            visible_line(&c.question).replace('`', "'"),
            c.gate_min_level
                .map_or(String::new(), |m| format!("needs {m}")),
            md(&from_level(c)),
            md(&to_level(c)),
        ));
        if signed_steps {
            out.push_str(&format!(" {} |", c.steps.map_or("—".into(), signed)));
        }
        out.push('\n');
    }
    out
}

fn markdown(w: &WhatIf) -> String {
    let mut out = format!(
        "# What if: {}\n\nClient: {} · Process: `{}`, {} risk, {} · Questionnaire: `{}` {}",
        md(&w.process.name),
        md(&w.engagement.client),
        visible_line(&w.process.id).replace('`', "'"),
        w.process.risk_tier.as_str(),
        count(w.process.respondents, "respondent", "respondents"),
        visible_line(&w.questionnaire.id).replace('`', "'"),
        md(&w.questionnaire.version),
    );
    if let Some(date) = &w.date {
        out.push_str(&format!(" · Date: {}", md(date)));
    }
    if let Some(line) = crate::report::model::target_profile_line(&w.target_profile) {
        out.push_str(&format!("\n\n{}", md(&line)));
    }
    out.push_str(&format!(
        "\n\n> {}\n\n**Now:** {}\n",
        md(&w.change_unit),
        md(&outcome_text(&w.current, w.horizon_weeks))
    ));
    for t in &w.targets {
        let goal = goal_label(t.goal);
        match t.status {
            TargetStatus::Already => out.push_str(&format!(
                "\n## To make it {goal}\n\nNothing to change: it is {} already.\n",
                verdict_label(w.current.verdict)
            )),
            TargetStatus::Impossible => {
                out.push_str(&format!(
                    "\n## To make it {goal}\n\nOut of reach by raising answered levels:\n\n"
                ));
                for reason in &t.impossible {
                    out.push_str(&format!("- {}\n", prose(&visible_line(reason))));
                }
            }
            TargetStatus::Found => {
                out.push_str(&format!(
                    "\n## Smallest change to make it {goal}: {} on {}\n\n",
                    steps_text(t.steps.unwrap_or(0.0)),
                    count(t.changes.len(), "question", "questions")
                ));
                out.push_str(&markdown_changes(&t.changes, false));
                if let Some(o) = &t.outcome {
                    let moved = go_live_move(w.current.go_live.as_ref(), o.go_live.as_ref())
                        .map_or(String::new(), |m| format!(", {m}"));
                    out.push_str(&format!(
                        "\n**Gives:** {}{moved}\n",
                        md(&outcome_text(o, w.horizon_weeks))
                    ));
                }
                out.push_str(&format!(
                    "\nTo see it again: `{}`\n",
                    set_args(&t.changes).replace('`', "'")
                ));
            }
        }
    }
    if let Some(s) = &w.scenario {
        out.push_str("\n## With these answers\n\n");
        out.push_str(&markdown_changes(&s.changes, true));
        let (now, then) = (&w.current, &s.outcome);
        out.push_str(&format!(
            "\n| | Now | With these answers |\n|---|---|---|\n| Verdict | {} | {} |\n| Readiness | {} | {} |\n| Go-live | {} | {} |\n",
            verdict_label(now.verdict),
            verdict_label(then.verdict),
            format_score(now.readiness),
            format_score(then.readiness),
            md(&go_live_text(now.go_live.as_ref(), w.horizon_weeks)),
            md(&go_live_text(then.go_live.as_ref(), w.horizon_weeks)),
        ));
        out.push_str(&format!("\nWhy {}:\n\n", verdict_label(then.verdict)));
        for reason in &then.reasons {
            out.push_str(&format!("- {}\n", prose(&visible_line(reason))));
        }
    }
    out
}
