//! The plan as terminal text and as Markdown, shared by `omd plan` and `omd report`: the
//! executive summary, the roadmap of initiatives, the go-live checklists, each owner's load by
//! month, and the backlog of every step.

use super::checklist::{Checklist, ChecklistItem};
use super::markdown::{escape, prose};
use super::model::{format_score, verdict_label};
use super::roadmap::Initiative;
use super::summary::{Blocker, Decision};
use super::text::{count, paragraph};
use super::Report;
use crate::calendar::{self, Weeks};
use crate::plan::{OwnerLoad, Step};

/// The plan's calendar, when it has a start.
pub(super) fn calendar_of(report: &Report) -> Option<Weeks> {
    report.plan.weeks()
}

pub(super) fn weeks(start: u32, end: u32) -> String {
    if start == end {
        format!("week {start}")
    } else {
        format!("weeks {start}-{end}")
    }
}

/// "Feb–May 2027", "Dec 2026–Jan 2027", "Mar 2027": the months a week range touches.
pub(super) fn months(cal: Weeks, start: u32, end: u32) -> String {
    let (first, last) = (cal.first_day(start), cal.last_day(end));
    let (a, b) = (calendar::month(first), calendar::month(last));
    if a == b {
        a
    } else if first.year() == last.year() {
        format!("{}–{b}", first.strftime("%b"))
    } else {
        format!("{a}–{b}")
    }
}

/// "weeks 5-8 (1 Feb – 28 Feb 2027)", or "weeks 5-8" when the plan has no start.
pub(super) fn when(report: &Report, start: u32, end: u32) -> String {
    match calendar_of(report) {
        Some(cal) => format!(
            "{} ({})",
            weeks(start, end),
            calendar::human_range(cal.first_day(start), cal.last_day(end))
        ),
        None => weeks(start, end),
    }
}

/// "week 29 (19 Jul 2027)": a go-live, which happens at the start of its week.
pub(super) fn go_live_when(report: &Report, week: u32) -> String {
    match calendar_of(report) {
        Some(cal) => format!("week {week} ({})", calendar::human(cal.first_day(week))),
        None => format!("week {week}"),
    }
}

/// "28 Mar 2027", or "week 12" without a start: the end of a week, for a column of due dates.
fn due_cell(report: &Report, week: u32) -> String {
    match calendar_of(report) {
        Some(cal) => calendar::human(cal.last_day(week)),
        None => format!("week {week}"),
    }
}

/// "by week 12 (28 Mar 2027)": when something is due, at the end of its week.
pub(super) fn due(report: &Report, week: u32) -> String {
    match calendar_of(report) {
        Some(cal) => format!("by week {week} ({})", calendar::human(cal.last_day(week))),
        None => format!("by week {week}"),
    }
}

pub(super) fn processes_label(n: usize) -> String {
    count(n, "process", "processes")
}

/// An owner role's peak load, e.g. "5 steps at once from week 13 (capacity 2; 3 steps delayed)".
pub(super) fn load_label(load: &OwnerLoad) -> String {
    let mut label = format!(
        "{} at once from week {}",
        count(load.peak as usize, "step", "steps"),
        load.peak_week
    );
    if let Some(capacity) = load.capacity {
        label.push_str(&format!(
            " (capacity {capacity}; {} delayed by it)",
            load.delayed_steps
        ));
    }
    label
}

/// The sentence under the title: size of the plan and its span.
pub(super) fn plan_line(report: &Report) -> String {
    let s = &report.summary;
    let initiatives: usize = report
        .roadmap
        .workstreams
        .iter()
        .map(|w| w.initiatives.len())
        .sum();
    let mut line = format!(
        "{}: {}, {} in {}.\n",
        report.engagement.client,
        processes_label(s.processes.len()),
        count(s.steps, "step", "steps"),
        count(initiatives, "initiative", "initiatives"),
    );
    match calendar_of(report) {
        Some(cal) if s.last_week > 0 => line.push_str(&format!(
            "Week 1 starts on {}; the plan runs to week {} ({}); horizon {} weeks.",
            calendar::human(cal.start()),
            s.last_week,
            calendar::human(cal.last_day(s.last_week)),
            report.plan.horizon_weeks
        )),
        _ if s.last_week > 0 => line.push_str(&format!(
            "The plan runs to week {}; horizon {} weeks.",
            s.last_week, report.plan.horizon_weeks
        )),
        _ => {}
    }
    line
}

/// "before go-live 2 (Inbound customer email and ticket triage)".
fn before_go_live(report: &Report, id: &str) -> String {
    match report.go_live_number(id) {
        Some(order) => format!("before go-live {order}"),
        None => format!("before {} goes live", report.process_name(id)),
    }
}

/// The go-live table: order, week, date, verdict, readiness, then the name (last, so only the
/// name wraps on a narrow terminal).
fn go_live_rows(report: &Report, width: Option<u16>) -> String {
    let s = &report.summary;
    let cal = calendar_of(report);
    let mut rows: Vec<[String; 5]> = vec![[
        "#".into(),
        "week".into(),
        if cal.is_some() {
            "date".into()
        } else {
            String::new()
        },
        "verdict".into(),
        "score".into(),
    ]];
    for p in &s.processes {
        let week = p.go_live_week.map_or("–".to_string(), |w| {
            if p.within_horizon {
                w.to_string()
            } else {
                format!("{w}*")
            }
        });
        let date = match (cal, p.go_live_week) {
            (Some(cal), Some(w)) => calendar::human(cal.first_day(w)),
            _ => String::new(),
        };
        rows.push([
            p.order.map_or("–".to_string(), |o| o.to_string()),
            week,
            date,
            verdict_label(p.verdict).to_string(),
            format_score(p.readiness),
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let name = if i == 0 {
            "process"
        } else {
            s.processes[i - 1].name.as_str()
        };
        let mut line = format!(
            "  {:>w0$}  {:>w1$}  ",
            row[0],
            row[1],
            w0 = widths[0],
            w1 = widths[1]
        );
        if cal.is_some() {
            line.push_str(&format!("{:<w$}  ", row[2], w = widths[2]));
        }
        line.push_str(&format!(
            "{:<w3$}  {:>w4$}  ",
            row[3],
            row[4],
            w3 = widths[3],
            w4 = widths[4]
        ));
        let indent = " ".repeat(line.chars().count());
        out.push_str(&paragraph(name, width, &line, &indent));
    }
    out
}

/// "go-live 3", "go-lives 2, 3 and 4", and processes not planned by name.
fn go_live_refs(report: &Report, ids: &[String]) -> String {
    let mut orders: Vec<usize> = Vec::new();
    let mut others: Vec<&str> = Vec::new();
    for id in ids {
        match report.go_live_number(id) {
            Some(o) => orders.push(o),
            None => others.push(report.process_name(id)),
        }
    }
    orders.sort_unstable();
    let mut parts = Vec::new();
    if !orders.is_empty() {
        let numbers: Vec<String> = orders.iter().map(|o| o.to_string()).collect();
        parts.push(format!(
            "{} {}",
            if orders.len() == 1 {
                "go-live"
            } else {
                "go-lives"
            },
            crate::plan::join_and(&numbers)
        ));
    }
    if !others.is_empty() {
        parts.push(others.join(", "));
    }
    parts.join(" and ")
}

fn blocker_row(report: &Report, b: &Blocker) -> (String, String) {
    let mut how = Vec::new();
    if b.failed > 0 {
        let levels = crate::scoring::format_level(b.shortfall);
        how.push(format!(
            "{levels} {} short of level {}",
            if b.shortfall == 1.0 {
                "level"
            } else {
                "levels"
            },
            b.min_level
        ));
    }
    if b.unanswered > 0 {
        how.push(format!("unanswered for {}", processes_label(b.unanswered)));
    }
    (
        b.closed_by_week
            .map_or("no step".to_string(), |w| due_cell(report, w)),
        format!(
            "{} holds {}: {}",
            b.title,
            go_live_refs(report, &b.processes),
            how.join(", ")
        ),
    )
}

pub(super) fn blocker_line(report: &Report, b: &Blocker) -> String {
    let (closed, what) = blocker_row(report, b);
    match b.closed_by_week {
        Some(week) => format!("{what}; closed {}", due(report, week)),
        None => format!("{what}; {closed} in the plan closes it"),
    }
}

fn decision_row(report: &Report, d: &Decision) -> (String, String) {
    let before = d.before_go_live_of.as_deref().map_or(String::new(), |p| {
        format!(", {}", before_go_live(report, p))
    });
    (
        due_cell(report, d.due_week),
        format!("{} — {}{before}", d.title, d.owner),
    )
}

pub(super) fn decision_line(report: &Report, d: &Decision) -> String {
    let before = d.before_go_live_of.as_deref().map_or(String::new(), |p| {
        format!(", {}", before_go_live(report, p))
    });
    format!(
        "{}: {} — {}, {}{before}",
        due(report, d.due_week),
        d.title,
        d.owner,
        processes_label(d.processes.len())
    )
}

/// "1 more gate", "2 more gates".
fn more_gates(n: usize) -> String {
    format!("{n} more {}", if n == 1 { "gate" } else { "gates" })
}

/// The executive summary as terminal text.
pub fn summary_text(report: &Report, width: Option<u16>, in_report: bool) -> String {
    let s = &report.summary;
    let mut out = String::from("Go-lives, most tractable first");
    if s.processes
        .iter()
        .any(|p| p.go_live_week.is_some() && !p.within_horizon)
    {
        out.push_str(&format!(
            " (* beyond the {}-week horizon)",
            report.plan.horizon_weeks
        ));
    }
    out.push('\n');
    out.push_str(&go_live_rows(report, width));
    if !s.blockers.is_empty() {
        out.push_str(&paragraph(
            "Blockers, most processes held first: critical gates not passed, and when the plan closes each",
            width,
            "",
            "  ",
        ));
        let cells: Vec<(String, String)> =
            s.blockers.iter().map(|b| blocker_row(report, b)).collect();
        out.push_str(&rows(&cells, width));
        if s.more_blockers > 0 {
            out.push_str(&format!(
                "  and {} not passed ({})\n",
                more_gates(s.more_blockers),
                if in_report {
                    "each process's reasons below name them"
                } else {
                    "omd report names them"
                }
            ));
        }
    }
    if !s.decisions.is_empty() {
        out.push_str(&paragraph(
            "Decisions for leadership: plan work owned by executive roles, and when it is due",
            width,
            "",
            "  ",
        ));
        let cells: Vec<(String, String)> = s
            .decisions
            .iter()
            .map(|d| decision_row(report, d))
            .collect();
        out.push_str(&rows(&cells, width));
        if s.more_decisions > 0 {
            out.push_str(&format!("  and {} more\n", s.more_decisions));
        }
    }
    out
}

/// Rows of a left column (padded to its widest cell) and a text that wraps under itself.
fn rows(cells: &[(String, String)], width: Option<u16>) -> String {
    let left = cells
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0);
    let indent = " ".repeat(left + 4);
    let mut out = String::new();
    for (l, text) in cells {
        let pad = " ".repeat(left - l.chars().count());
        out.push_str(&paragraph(text, width, &format!("  {l}{pad}  "), &indent));
    }
    out
}

fn initiative_row(report: &Report, i: &Initiative, compact: bool) -> (String, String) {
    // On the one-screen roadmap a dated plan gives months alone; weeks are in the workstream's
    // heading and in --steps.
    let span = match calendar_of(report) {
        Some(cal) if compact => months(cal, i.start_week, i.end_week),
        Some(cal) => format!(
            "{:<11} {}",
            weeks(i.start_week, i.end_week),
            months(cal, i.start_week, i.end_week)
        ),
        None => weeks(i.start_week, i.end_week),
    };
    let owners = match i.owners.as_slice() {
        [lead, rest @ ..] if compact && !rest.is_empty() => format!("{lead} +{}", rest.len()),
        all => all.join(", "),
    };
    (
        span,
        format!(
            "{} — {}, {owners}",
            i.title,
            processes_label(i.processes.len()),
        ),
    )
}

/// The roadmap as terminal text. `compact`: the initiatives no go-live waits for are counted
/// rather than listed, so the example's roadmap fits a screen.
pub fn roadmap_text(
    report: &Report,
    width: Option<u16>,
    compact: bool,
    steps_hint: &str,
) -> String {
    let mut out = String::new();
    for w in &report.roadmap.workstreams {
        let (listed, counted): (Vec<&Initiative>, Vec<&Initiative>) = w
            .initiatives
            .iter()
            .partition(|i| i.holds_go_live || !compact);
        let mut heading = format!(
            "{}, {}: {}",
            w.name,
            weeks(w.start_week, w.end_week),
            count(w.initiatives.len(), "initiative", "initiatives")
        );
        if !counted.is_empty() {
            // "Alongside": no go-live waits for them (the roadmap legend's word too).
            heading.push_str(&if counted.len() == w.initiatives.len() {
                format!(", all alongside the go-lives ({steps_hint} lists them)")
            } else {
                format!(
                    ", {} of them alongside the go-lives ({steps_hint} lists those)",
                    counted.len()
                )
            });
        }
        out.push_str(&paragraph(&heading, width, "", "  "));
        let cells: Vec<(String, String)> = listed
            .iter()
            .map(|i| initiative_row(report, i, compact))
            .collect();
        out.push_str(&rows(&cells, width));
    }
    out
}

/// A checklist item's parts: why it is on the list, where it stands ("level 2, needs 3") and
/// what delivers it ("by week 6 (14 Feb 2027): Appoint data owners"), or "in place".
pub(super) struct ItemParts {
    pub kinds: String,
    pub now: String,
    pub status: String,
}

pub(super) fn item_parts(report: &Report, item: &ChecklistItem) -> ItemParts {
    let kinds: Vec<&str> = item.kinds.iter().map(|k| k.label()).collect();
    let mut kinds = kinds.join(", ");
    if !item.before_go_live {
        kinds.push_str(", due by the second go-live");
    }
    let level = item.level.map_or("unanswered".to_string(), |l| {
        format!("level {}", crate::scoring::format_level(l))
    });
    // A gate's minimum and the question's target can differ: say which one the item needs.
    let gate = item.gate_level.filter(|g| Some(*g) != item.required_level);
    let now = match (item.required_level, gate) {
        (Some(required), Some(gate)) => {
            format!("{level}; the gate needs {gate}, this go-live {required}")
        }
        (Some(required), None) => format!("{level}, needs {required}"),
        (None, _) => String::new(),
    };
    let status = if item.met {
        "in place".to_string()
    } else if item.steps.is_empty() {
        "open, and no step of the plan closes it".to_string()
    } else {
        let last = item.steps.iter().map(|s| s.end_week).max().unwrap_or(0);
        let mut titles: Vec<&str> = Vec::new();
        for step in &item.steps {
            if !titles.contains(&&*step.title) {
                titles.push(&step.title);
            }
        }
        format!("{}: {}", due(report, last), titles.join("; "))
    };
    ItemParts { kinds, now, status }
}

pub(super) fn item_line(report: &Report, item: &ChecklistItem) -> String {
    let parts = item_parts(report, item);
    let now = if parts.now.is_empty() {
        String::new()
    } else {
        format!(": {}", parts.now)
    };
    format!("{} ({}){now} — {}", item.title, parts.kinds, parts.status)
}

pub(super) fn checklist_heading(report: &Report, c: &Checklist) -> String {
    let go_live = c.go_live_week.map_or("no go-live yet".to_string(), |w| {
        format!("goes live {}", go_live_when(report, w))
    });
    format!(
        "{}, {} risk, {go_live}: {} of {} in place",
        c.name,
        c.risk_tier.as_str(),
        c.met,
        c.items.len()
    )
}

/// The minimum viable operating model of each process as terminal text.
pub fn checklists_text(report: &Report, width: Option<u16>) -> String {
    let mut out = String::new();
    for c in &report.checklists {
        out.push_str(&paragraph(&checklist_heading(report, c), width, "", "  "));
        for item in &c.items {
            let mark = if item.met { "  [x] " } else { "  [ ] " };
            out.push_str(&paragraph(&item_line(report, item), width, mark, "      "));
        }
    }
    out
}

/// Steps per owner role per month as a small table; on a narrow terminal, in blocks of as many
/// months as fit.
pub fn owner_load_text(report: &Report, width: Option<u16>) -> String {
    let load = &report.roadmap.owner_load;
    if load.owners.is_empty() {
        return String::new();
    }
    let owner_width = load
        .owners
        .iter()
        .map(|o| o.owner.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let cell = load
        .periods
        .iter()
        .map(|p| short_period(&p.label).chars().count())
        .max()
        .unwrap_or(3)
        .max(3);
    let per_block = match width {
        Some(w) => (usize::from(w).saturating_sub(owner_width) / (cell + 1)).max(1),
        None => load.periods.len().max(1),
    };
    let mut out = String::new();
    let indices: Vec<usize> = (0..load.periods.len()).collect();
    for (b, block) in indices.chunks(per_block).enumerate() {
        if b > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{:<owner_width$}", "Owner"));
        for &i in block {
            out.push_str(&format!(" {:>cell$}", short_period(&load.periods[i].label)));
        }
        out.push('\n');
        for o in &load.owners {
            let pad = owner_width.saturating_sub(o.owner.chars().count());
            out.push_str(&o.owner);
            out.push_str(&" ".repeat(pad));
            for &i in block {
                let n = o.steps.get(i).copied().unwrap_or(0);
                let shown = if n == 0 {
                    "·".to_string()
                } else {
                    n.to_string()
                };
                out.push_str(&format!(" {shown:>cell$}"));
            }
            out.push('\n');
        }
    }
    out
}

/// "Jan 2027" -> "Jan27"; "weeks 1-4" -> "1-4": a column header.
fn short_period(label: &str) -> String {
    match label
        .strip_prefix("weeks ")
        .or_else(|| label.strip_prefix("week "))
    {
        Some(range) => range.to_string(),
        None => {
            let mut parts = label.split(' ');
            let month = parts.next().unwrap_or("");
            let year = parts.next().unwrap_or("");
            format!("{month}{}", year.get(2..).unwrap_or(year))
        }
    }
}

/// Every step, wave by wave, with what it does and why it is there.
pub fn backlog_text(report: &Report, width: Option<u16>) -> String {
    let mut out = String::new();
    for wave in &report.plan.waves {
        out.push_str(&paragraph(
            &format!(
                "Wave {}: {} — {}, {}",
                wave.index,
                wave.title,
                when(report, wave.start_week, wave.end_week),
                count(wave.steps.len(), "step", "steps")
            ),
            width,
            "",
            "  ",
        ));
        for step in &wave.steps {
            out.push_str(&step_text(report, step, width));
        }
    }
    out
}

fn step_text(report: &Report, step: &Step, width: Option<u16>) -> String {
    let serves: Vec<&str> = step
        .processes
        .iter()
        .map(|p| report.process_name(p))
        .collect();
    let mut out = paragraph(
        &format!(
            "{}: {} [{}, {}, {}; {}]",
            when(report, step.start_week, step.end_week),
            step.title,
            step.id,
            step.effort.as_str(),
            step.owner,
            serves.join(", ")
        ),
        width,
        "  ",
        "    ",
    );
    out.push_str(&crate::structured_text::terminal(
        &step.action,
        width,
        "    ",
        "    ",
    ));
    out.push_str(&paragraph(&step.reason, width, "    why: ", "    "));
    out
}

/// `omd plan` on a terminal: the summary and the roadmap (the example fits a screen); with
/// `steps`, the owner load, the go-live checklists and every step too.
pub fn text(report: &Report, width: Option<u16>, steps: bool) -> String {
    let mut out = String::from("Plan for ");
    out.push_str(&paragraph(&plan_line(report), width, "", ""));
    if let Some(date) = &report.date {
        out.push_str(&format!("Date: {date}\n"));
    }
    if let Some(line) = report.target_profile_line() {
        out.push_str(&paragraph(&line, width, "", "  "));
    }
    if report.plan.first_process.is_none() {
        out.push_str("Nothing to plan: no process is assessed enough to plan.\n");
    }
    out.push_str(&summary_text(report, width, false));
    out.push_str(&paragraph(
        &format!(
            "Roadmap by workstream{}",
            if steps {
                ""
            } else {
                " (the go-live checklists, owner load and every step: add --steps)"
            }
        ),
        width,
        "",
        "  ",
    ));
    out.push_str(&roadmap_text(report, width, !steps, "--steps"));
    if let Some(busiest) = report.roadmap.owner_load.owners.first() {
        if !steps {
            let peak_period = busiest
                .steps
                .iter()
                .position(|&n| n == busiest.peak)
                .and_then(|i| report.roadmap.owner_load.periods.get(i))
                .map_or(String::new(), |p| format!(" during {}", p.label));
            out.push_str(&paragraph(
                &format!(
                    "Busiest owner: {}, with {} under way{peak_period}.",
                    busiest.owner,
                    count(busiest.peak as usize, "step", "steps")
                ),
                width,
                "",
                "  ",
            ));
        }
    }
    if steps {
        out.push_str("\nGo-live checklists: what must be true before each go-live\n");
        out.push_str(&checklists_text(report, width));
        out.push_str("\nSteps running per owner role\n");
        out.push_str(&owner_load_text(report, width));
        if !report.plan.owner_load.is_empty() {
            out.push_str("Peak load:\n");
            for load in &report.plan.owner_load {
                out.push_str(&paragraph(
                    &format!("{}: {}", load.owner, load_label(load)),
                    width,
                    "  ",
                    "    ",
                ));
            }
        }
        out.push_str("\nWhy each go-live falls where it does\n");
        for g in &report.plan.go_live {
            let week = g
                .week
                .map_or("not planned".to_string(), |w| go_live_when(report, w));
            out.push_str(&paragraph(
                &format!("{}, {week}: {}", report.process_name(&g.process), g.reason),
                width,
                "  ",
                "    ",
            ));
        }
        out.push_str("\nBacklog: every step, wave by wave\n");
        out.push_str(&backlog_text(report, width));
    }
    out
}

/// The summary, roadmap, checklists, owner load and backlog in GitHub-flavoured Markdown.
pub fn markdown(report: &Report) -> String {
    let mut out = String::from("## Plan\n\n");
    out.push_str(&markdown_roadmap(report));
    out.push_str(&markdown_checklists(report));
    out.push_str(&markdown_owner_load(report));
    out.push_str(&markdown_backlog(report));
    out
}

/// The executive summary in Markdown.
pub fn markdown_summary(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::from("## Summary\n\n");
    out.push_str(&escape(&plan_line(report)));
    out.push_str("\n\n| Order | Process | Risk | Readiness | Verdict | Go-live |\n|---:|---|---|---:|---|---|\n");
    for p in &s.processes {
        let go_live = match p.go_live_week {
            Some(w) if p.within_horizon => go_live_when(report, w),
            Some(w) => format!("{} — beyond the horizon", go_live_when(report, w)),
            None => "not planned".to_string(),
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            p.order.map_or("–".to_string(), |o| o.to_string()),
            escape(&p.name),
            p.risk_tier.as_str(),
            format_score(p.readiness),
            verdict_label(p.verdict),
            go_live
        ));
    }
    if !s.blockers.is_empty() {
        out.push_str("\n**Blockers** (critical gates not passed, most processes held first):\n\n");
        for b in &s.blockers {
            out.push_str(&format!("- {}\n", escape(&blocker_line(report, b))));
        }
        if s.more_blockers > 0 {
            out.push_str(&format!("- and {}\n", more_gates(s.more_blockers)));
        }
    }
    if !s.decisions.is_empty() {
        out.push_str("\n**Decisions for leadership** (plan work owned by executive roles):\n\n");
        for d in &s.decisions {
            out.push_str(&format!("- {}\n", escape(&decision_line(report, d))));
        }
        if s.more_decisions > 0 {
            out.push_str(&format!("- and {} more\n", s.more_decisions));
        }
    }
    out.push('\n');
    out
}

fn markdown_roadmap(report: &Report) -> String {
    let mut out = String::from("### Roadmap\n\n");
    for w in &report.roadmap.workstreams {
        out.push_str(&format!(
            "**{}** ({})\n\n| When | Initiative | For | Owner | Go-live waits |\n|---|---|---|---|---|\n",
            escape(&w.name),
            weeks(w.start_week, w.end_week)
        ));
        for i in &w.initiatives {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                when(report, i.start_week, i.end_week),
                escape(&i.title),
                escape(&go_live_refs(report, &i.processes)),
                escape(&i.owners.join(", ")),
                if i.holds_go_live { "yes" } else { "no" }
            ));
        }
        out.push('\n');
    }
    out
}

fn markdown_checklists(report: &Report) -> String {
    let mut out = String::from("### Go-live checklists\n\n");
    for c in &report.checklists {
        out.push_str(&format!(
            "**{}**\n\n",
            escape(&checklist_heading(report, c))
        ));
        for item in &c.items {
            out.push_str(&format!(
                "- [{}] {}\n",
                if item.met { "x" } else { " " },
                escape(&item_line(report, item))
            ));
        }
        out.push('\n');
    }
    out
}

fn markdown_owner_load(report: &Report) -> String {
    let load = &report.roadmap.owner_load;
    if load.owners.is_empty() {
        return String::new();
    }
    let mut out = String::from("### Steps running per owner role\n\n| Owner |");
    for p in &load.periods {
        out.push_str(&format!(" {} |", escape(&p.label)));
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|".repeat(load.periods.len()));
    out.push('\n');
    for o in &load.owners {
        out.push_str(&format!("| {} |", escape(&o.owner)));
        for n in &o.steps {
            out.push_str(&format!(" {n} |"));
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

fn markdown_backlog(report: &Report) -> String {
    let mut out = String::from(
        "### Backlog\n\n#### Go-lives and what decides them\n\n| Order | Process | Tractability | Go-live | Why then |\n|---:|---|---:|---|---|\n",
    );
    for (i, g) in report.plan.go_live.iter().enumerate() {
        let tractability = report
            .plan
            .tractability
            .iter()
            .find(|t| t.process == g.process)
            .map_or(0.0, |t| t.score);
        out.push_str(&format!(
            "| {} | {} | {tractability:.1} | {} | {} |\n",
            i + 1,
            escape(report.process_name(&g.process)),
            g.week
                .map_or("not planned".to_string(), |w| go_live_when(report, w)),
            prose(&g.reason)
        ));
    }
    for wave in &report.plan.waves {
        out.push_str(&format!(
            "\n#### Wave {}: {} — {}\n\n| When | Step | Serves | Effort | Owner | Why here |\n|---|---|---|---|---|---|\n",
            wave.index,
            escape(&wave.title),
            when(report, wave.start_week, wave.end_week)
        ));
        for step in &wave.steps {
            let serves: Vec<String> = step
                .processes
                .iter()
                .map(|p| escape(report.process_name(p)))
                .collect();
            out.push_str(&format!(
                "| {} | **{}** (`{}`): {} | {} | {} | {} | {} |\n",
                when(report, step.start_week, step.end_week),
                escape(&step.title),
                step.id.replace('`', ""),
                crate::structured_text::markdown_cell(&step.action, &escape),
                serves.join(", "),
                step.effort.as_str(),
                escape(&step.owner),
                prose(&step.reason)
            ));
        }
    }
    if !report.plan.owner_load.is_empty() {
        out.push_str("\n#### Owner load at its peak\n\n| Owner | Peak |\n|---|---|\n");
        for load in &report.plan.owner_load {
            out.push_str(&format!(
                "| {} | {} |\n",
                escape(&load.owner),
                load_label(load)
            ));
        }
    }
    out
}
