//! A diff as a terminal table, GitHub-flavoured Markdown or JSON. Like the report renderers,
//! these only format the diff; every figure is in the view-model.

use comfy_table::{Cell, Color, Table};

use super::{
    Change, Diff, DimensionChange, GateChange, GateMove, GoLiveKind, GoLiveMove, GroupChange,
    Headline, ProcessChange, ProcessSummary, SeamChange, SeamMove, Side, StepChange, StepCounts,
    VerdictChange,
};
use crate::report::markdown::escape;
use crate::report::model::{format_score, verdict_label};
use crate::report::table::{
    column_header, dimension_headers, dimension_legend, fit_first_column, house_table, in_blocks,
    least_width, needed_width,
};

/// A diff format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Markdown,
    Json,
}

/// Renders `diff`; `color` and `width` (the terminal's, if the output is one) only matter for
/// the table.
pub fn render(
    diff: &Diff,
    format: DiffFormat,
    color: bool,
    width: Option<u16>,
) -> anyhow::Result<String> {
    Ok(match format {
        DiffFormat::Table => table(diff, color, width),
        DiffFormat::Markdown => markdown(diff),
        DiffFormat::Json => {
            let mut text = serde_json::to_string_pretty(diff)?;
            text.push('\n');
            text
        }
    })
}

/// A change of score: "+2.8", "-1.0", "0.0", or "—" when either side is unknown.
pub fn format_delta(delta: Option<f64>) -> String {
    match delta {
        Some(d) if d > 0.0 => format!("+{d:.1}"),
        Some(d) => format!("{d:.1}"),
        None => "—".to_string(),
    }
}

/// "53.3 → 61.0 (+7.7)".
fn format_change(c: Change) -> String {
    format_change_split(c, " ")
}

/// As [`format_change`], with `split` before the bracket.
fn format_change_split(c: Change, split: &str) -> String {
    match c.delta {
        Some(_) => format!(
            "{} → {}{split}({})",
            format_score(c.old),
            format_score(c.new),
            format_delta(c.delta)
        ),
        None => format!("{} → {}", format_score(c.old), format_score(c.new)),
    }
}

fn format_verdict(v: VerdictChange) -> String {
    format_verdict_split(v, " ")
}

/// "ready → conditional" or "ready (unchanged)", with `split` in place of the second space.
fn format_verdict_split(v: VerdictChange, split: &str) -> String {
    if v.changed {
        format!("{} →{split}{}", verdict_label(v.old), verdict_label(v.new))
    } else {
        format!("{}{split}(unchanged)", verdict_label(v.new))
    }
}

/// Processes by readiness, verdict and dimensions, each cell a change; `short` as in [`table`].
fn change_table(diff: &Diff, dimensions: &[(String, String)], color: bool, short: bool) -> Table {
    let mut t = house_table(color);
    let mut header = vec![
        "Process".to_string(),
        "Readiness".to_string(),
        "Verdict".to_string(),
    ];
    header.extend(dimension_headers(
        dimensions.iter().map(|(_, name)| name.as_str()),
        short,
    ));
    t.set_header(header);
    let delta_cell = |text: String, delta: Option<f64>| delta_cell(text, delta, color);
    let split = if short { "\n" } else { " " };
    for p in &diff.processes {
        let mut row = vec![
            Cell::new(&p.name),
            delta_cell(format_change_split(p.readiness, split), p.readiness.delta),
            Cell::new(format_verdict_split(p.verdict, split)),
        ];
        for (id, _) in dimensions {
            let delta = p
                .dimensions
                .iter()
                .find(|d| d.id == *id)
                .and_then(|d| d.change.delta);
            row.push(delta_cell(format_delta(delta), delta));
        }
        t.add_row(row);
    }
    t
}

/// The change table fitted to a terminal of `width` columns. Too narrow for the whole table:
/// dimensions as D1, D2... with a legend, and the readiness and verdict changes on two lines
/// each; too narrow even for that: the table on its side, in blocks of processes.
fn fitted_change_table(
    diff: &Diff,
    dimensions: &[(String, String)],
    color: bool,
    width: Option<u16>,
) -> String {
    let full = change_table(diff, dimensions, color, false);
    let columns_note = "\n(dimension columns show the change in score)";
    let Some(w) = width.filter(|&w| needed_width(&full) > usize::from(w)) else {
        let mut t = full;
        fit_first_column(&mut t, width);
        return format!("{t}{columns_note}");
    };
    let mut t = change_table(diff, dimensions, color, true);
    if least_width(&t) > usize::from(w) {
        let mut out = turned_change_tables(diff, dimensions, color, w);
        out.push_str("\n(dimension rows show the change in score)");
        return out;
    }
    fit_first_column(&mut t, width);
    let names: Vec<&str> = dimensions.iter().map(|(_, name)| name.as_str()).collect();
    format!("{t}\n{}{columns_note}", dimension_legend(&names, width))
}

/// The change table on its side: a row for readiness, verdict and each dimension, a column per
/// process, in blocks of as many processes as fit `width` (at least one a block).
fn turned_change_tables(
    diff: &Diff,
    dimensions: &[(String, String)],
    color: bool,
    width: u16,
) -> String {
    let table = |processes: &[ProcessChange]| {
        let mut t = house_table(color);
        let mut header = vec!["Dimension".to_string()];
        header.extend(processes.iter().map(|p| column_header(&p.name)));
        t.set_header(header);
        let mut readiness = vec![Cell::new("Readiness")];
        readiness.extend(processes.iter().map(|p| {
            delta_cell(
                format_change_split(p.readiness, "\n"),
                p.readiness.delta,
                color,
            )
        }));
        t.add_row(readiness);
        let mut verdict = vec![Cell::new("Verdict")];
        verdict.extend(
            processes
                .iter()
                .map(|p| Cell::new(format_verdict_split(p.verdict, "\n"))),
        );
        t.add_row(verdict);
        for (id, name) in dimensions {
            let mut row = vec![Cell::new(name)];
            row.extend(processes.iter().map(|p| {
                let delta = p
                    .dimensions
                    .iter()
                    .find(|d| d.id == *id)
                    .and_then(|d| d.change.delta);
                delta_cell(format_delta(delta), delta, color)
            }));
            t.add_row(row);
        }
        t
    };
    in_blocks(&diff.processes, width, table)
}

/// A change as a cell: green when the score rose, red when it fell, on a coloured terminal.
fn delta_cell(text: String, delta: Option<f64>, color: bool) -> Cell {
    let cell = Cell::new(text);
    match (color, delta) {
        (true, Some(d)) if d > 0.0 => cell.fg(Color::Green),
        (true, Some(d)) if d < 0.0 => cell.fg(Color::Red),
        _ => cell,
    }
}

fn side_label(side: &Side) -> String {
    let mut label = format!(
        "{} ({} {})",
        side.engagement, side.questionnaire, side.questionnaire_version
    );
    if let Some(date) = &side.date {
        label.push_str(&format!(", {date}"));
    }
    label
}

/// The name a step's process goes by in the diff (the new report's), else its id.
fn process_name<'d>(diff: &'d Diff, id: &'d str) -> &'d str {
    diff.processes
        .iter()
        .find(|p| p.id == id)
        .map_or(id, |p| p.name.as_str())
}

fn step_processes(diff: &Diff, step: &StepChange) -> String {
    step.processes
        .iter()
        .map(|p| process_name(diff, p))
        .collect::<Vec<_>>()
        .join(", ")
}

fn summary_line(p: &ProcessSummary) -> String {
    format!(
        "{} ({}): readiness {}, {}",
        p.name,
        p.id,
        format_score(p.readiness),
        verdict_label(p.verdict)
    )
}

/// The dimension columns: the first process's dimensions (all share the questionnaire's).
fn dimension_names(diff: &Diff) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = Vec::new();
    for p in &diff.processes {
        for d in &p.dimensions {
            if !names.iter().any(|(id, _)| *id == d.id) {
                names.push((d.id.clone(), d.name.clone()));
            }
        }
    }
    names
}

/// "1 gate passed", "2 gates passed".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The line that sums the diff up, from the view-model's counts: what changed for the better
/// and the worse, with the rarer kinds only when there are any.
pub fn headline(h: &Headline) -> String {
    let mut parts = vec![
        count(h.verdicts_changed, "verdict changed", "verdicts changed"),
        count(h.gates_passed, "gate passed", "gates passed"),
        format!("{} newly failed", h.gates_newly_failed),
    ];
    if h.gates_other > 0 {
        parts.push(count(
            h.gates_other,
            "other gate change",
            "other gate changes",
        ));
    }
    parts.push(count(
        h.go_lives_earlier,
        "go-live earlier",
        "go-lives earlier",
    ));
    parts.push(format!("{} later", h.go_lives_later));
    if h.go_lives_plannable > 0 {
        parts.push(format!("{} newly plannable", h.go_lives_plannable));
    }
    if h.go_lives_unplannable > 0 {
        parts.push(format!("{} no longer plannable", h.go_lives_unplannable));
    }
    if h.seams_newly_at_risk > 0 {
        parts.push(count(
            h.seams_newly_at_risk,
            "seam newly at risk",
            "seams newly at risk",
        ));
    }
    if h.seams_no_longer_at_risk > 0 {
        parts.push(if h.seams_newly_at_risk > 0 {
            format!("{} no longer at risk", h.seams_no_longer_at_risk)
        } else {
            count(
                h.seams_no_longer_at_risk,
                "seam no longer at risk",
                "seams no longer at risk",
            )
        });
    }
    if h.seams_status_changed > 0 {
        parts.push(count(
            h.seams_status_changed,
            "seam at risk otherwise",
            "seams at risk otherwise",
        ));
    }
    parts.push(count(
        h.steps_completed,
        "plan step completed",
        "plan steps completed",
    ));
    parts.push(format!("{} added", h.steps_added));
    if h.practices_moved > 0 {
        parts.push(count(
            h.practices_moved,
            "practice moved",
            "practices moved",
        ));
    }
    if h.processes_added > 0 {
        parts.push(count(h.processes_added, "process added", "processes added"));
    }
    if h.processes_removed > 0 {
        parts.push(if h.processes_added > 0 {
            format!("{} removed", h.processes_removed)
        } else {
            count(h.processes_removed, "process removed", "processes removed")
        });
    }
    if let Some(stale) = h.answers_stale {
        parts.push(count(stale, "stale answer", "stale answers"));
        if let Some(newly) = h.answers_became_stale {
            parts.push(format!("{newly} newly stale"));
        }
    }
    parts.join(", ")
}

/// "week 31", or "not planned" for a process too little assessed to plan.
fn week(week: Option<u32>) -> String {
    week.map_or("not planned".to_string(), |w| format!("week {w}"))
}

/// "week 39 (22 Feb 2027)" when the plan has a start, else "week 39".
fn dated_week(week_number: Option<u32>, date: Option<&str>) -> String {
    match date.and_then(|d| crate::calendar::parse(d, "date").ok()) {
        Some(date) => format!("{} ({})", week(week_number), crate::calendar::human(date)),
        None => week(week_number),
    }
}

/// How a go-live moved: "8 weeks earlier", with a crossing of the new plan's horizon.
fn go_live_change(m: &GoLiveMove, horizon_weeks: u32) -> String {
    let weeks = |word: &str| {
        let n = m.delta_weeks.map_or(0, i64::unsigned_abs);
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        count(n, &format!("week {word}"), &format!("weeks {word}"))
    };
    let mut text = match m.kind {
        GoLiveKind::Earlier => weeks("earlier"),
        GoLiveKind::Later => weeks("later"),
        GoLiveKind::BecamePlannable => return "plannable now".to_string(),
        GoLiveKind::BecameUnplannable => {
            return "no longer plannable: too little answered".to_string()
        }
    };
    if m.old_within_horizon != m.new_within_horizon {
        let side = if m.new_within_horizon {
            "within"
        } else {
            "beyond"
        };
        text.push_str(&format!(", now {side} the {horizon_weeks}-week horizon"));
    }
    text
}

/// "Human review checkpoints (human_review_checkpoints), failed → passing", or the id alone
/// when the questionnaire gives no title.
fn gate_move(g: &GateChange) -> String {
    let name = match &g.title {
        Some(title) => format!("{title} ({})", g.question),
        None => g.question.clone(),
    };
    format!("{name}, {} → {}", g.old.label(), g.new.label())
}

/// "4 completed, 2 added", leaving out a zero.
fn step_counts(c: &StepCounts) -> String {
    let mut parts = Vec::new();
    if c.completed > 0 {
        parts.push(format!("{} completed", c.completed));
    }
    if c.added > 0 {
        parts.push(format!("{} added", c.added));
    }
    parts.join(", ")
}

/// `text` after `first`, wrapped at words to `width` columns with the lines after the first
/// starting with `rest`; on one line without a width. Runs of spaces and line breaks in the
/// text become one space, so user text cannot break the list apart. Ends in a line break.
fn wrapped(text: &str, first: &str, rest: &str, width: Option<u16>) -> String {
    let width = width.map_or(usize::MAX, usize::from);
    let mut out = String::new();
    let mut line = first.to_string();
    let mut has_word = false;
    for word in text.split_whitespace() {
        if has_word && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            has_word = false;
        }
        if has_word {
            line.push(' ');
        }
        line.push_str(word);
        has_word = true;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A list item of the terminal output: its line, and optionally a detail below it.
struct Item {
    line: String,
    detail: Option<String>,
}

impl Item {
    fn line(line: String) -> Item {
        Item { line, detail: None }
    }
}

/// A titled list of the terminal output, each item wrapped to `width`; "none" when empty.
fn list(out: &mut String, title: &str, items: Vec<Item>, width: Option<u16>) {
    out.push_str(&format!("\n{title}:"));
    if items.is_empty() {
        out.push_str(" none\n");
        return;
    }
    out.push('\n');
    for item in items {
        out.push_str(&wrapped(&item.line, "  - ", "    ", width));
        if let Some(detail) = item.detail {
            out.push_str(&wrapped(&detail, "    ", "    ", width));
        }
    }
}

fn gate_items(diff: &Diff, kind: GateMove) -> Vec<Item> {
    diff.gates
        .iter()
        .filter(|g| g.kind == kind)
        .map(|g| Item {
            line: format!("{}: {}", g.name, gate_move(g)),
            detail: g.text.as_ref().map(|text| format!("“{text}”")),
        })
        .collect()
}

fn table(diff: &Diff, color: bool, width: Option<u16>) -> String {
    let mut out = format!(
        "{} — progress\nFrom: {}\nTo:   {}\n",
        diff.new.client,
        side_label(&diff.old),
        side_label(&diff.new)
    );
    for note in &diff.notes {
        out.push_str(&wrapped(note, "note: ", "  ", width));
    }
    out.push('\n');
    out.push_str(&wrapped(&headline(&diff.headline), "", "", width));
    list(
        &mut out,
        "Verdicts changed",
        diff.verdicts_changed
            .iter()
            .map(|v| {
                Item::line(format!(
                    "{}: {} → {}",
                    v.name,
                    verdict_label(v.old),
                    verdict_label(v.new)
                ))
            })
            .collect(),
        width,
    );
    out.push('\n');
    let dimensions = dimension_names(diff);
    if diff.processes.is_empty() {
        out.push_str("No process is in both reports.\n");
    } else {
        out.push_str(&fitted_change_table(diff, &dimensions, color, width));
        out.push('\n');
    }
    let practices: Vec<Item> = diff
        .practices_moved()
        .map(|(p, d, g)| Item::line(practice_line(p, d, g)))
        .collect();
    if !practices.is_empty() {
        list(&mut out, "Practices moved", practices, width);
    }
    list(
        &mut out,
        "Gates passed",
        gate_items(diff, GateMove::Passed),
        width,
    );
    list(
        &mut out,
        "Gates newly failed",
        gate_items(diff, GateMove::NewlyFailed),
        width,
    );
    let others = gate_items(diff, GateMove::Other);
    if !others.is_empty() {
        list(&mut out, "Other gate changes", others, width);
    }
    if !diff.seams.is_empty() {
        for (title, kind) in SEAM_SECTIONS {
            let items: Vec<Item> = diff
                .seams
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| Item::line(seam_line(c)))
                .collect();
            if !items.is_empty() || kind != SeamMove::StatusChanged {
                list(&mut out, title, items, width);
            }
        }
    }
    list(
        &mut out,
        "Go-lives moved",
        diff.go_lives
            .iter()
            .map(|m| {
                Item::line(format!(
                    "{}: {} → {}, {}",
                    m.name,
                    dated_week(m.old_week, m.old_date.as_deref()),
                    dated_week(m.new_week, m.new_date.as_deref()),
                    go_live_change(m, diff.new.horizon_weeks)
                ))
            })
            .collect(),
        width,
    );
    list(
        &mut out,
        "Processes added",
        diff.added
            .iter()
            .map(|p| Item::line(summary_line(p)))
            .collect(),
        width,
    );
    list(
        &mut out,
        "Processes removed",
        diff.removed
            .iter()
            .map(|p| Item::line(summary_line(p)))
            .collect(),
        width,
    );
    // Counts only: the steps themselves are long sentences, and Markdown and JSON list them.
    list(
        &mut out,
        "Plan steps completed and added, by process",
        diff.steps_by_process
            .iter()
            .map(|c| Item::line(format!("{}: {}", c.name, step_counts(c))))
            .collect(),
        width,
    );
    if !diff.steps_by_process.is_empty() {
        out.push_str("(each step in full: --format markdown or --format json)\n");
    }
    if !diff.stale.is_empty() {
        list(
            &mut out,
            "Stale answers in the new report",
            diff.stale
                .iter()
                .map(|p| Item {
                    line: format!("{}: {}", p.name, super::stale::counts(p)),
                    detail: super::stale::table_detail(p),
                })
                .collect(),
            width,
        );
    }
    out
}

/// The seam sections, in order; the last only when it has entries.
const SEAM_SECTIONS: [(&str, SeamMove); 3] = [
    ("Seams newly at risk", SeamMove::NewlyAtRisk),
    ("Seams no longer at risk", SeamMove::NoLongerAtRisk),
    ("Seams at risk otherwise", SeamMove::StatusChanged),
];

/// "Trade credit approval: The process and the data that feeds it (process_data), both weak".
/// "Order intake: Lineage and change (Ownership and control) 37.5 → 50.0 (+12.5)".
fn practice_line(p: &ProcessChange, d: &DimensionChange, g: &GroupChange) -> String {
    format!(
        "{}: {} ({}) {}",
        p.name,
        g.name,
        d.name,
        format_change(g.change)
    )
}

fn seam_line(c: &SeamChange) -> String {
    format!("{}: {} ({}), {}", c.name, c.seam_name, c.seam, c.label())
}

/// Seams newly at risk and no longer at risk, and any at risk with another status; nothing
/// when no seam moved.
fn markdown_seams(diff: &Diff, out: &mut String) {
    if diff.seams.is_empty() {
        return;
    }
    out.push_str("\n## Seams\n");
    for (title, kind) in SEAM_SECTIONS {
        let changes: Vec<&SeamChange> = diff.seams.iter().filter(|c| c.kind == kind).collect();
        if changes.is_empty() && kind == SeamMove::StatusChanged {
            continue;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        if changes.is_empty() {
            out.push_str("None.\n");
        }
        for c in changes {
            out.push_str(&format!(
                "- **{}**: {} `{}`, {}\n",
                escape(&c.name),
                escape(&c.seam_name),
                c.seam,
                c.label()
            ));
        }
    }
}

fn markdown(diff: &Diff) -> String {
    let mut out = format!(
        "# Progress: {}\n\nClient: {}\n\n- From: {}\n- To: {}\n",
        escape(&diff.new.engagement),
        escape(&diff.new.client),
        escape(&side_label(&diff.old)),
        escape(&side_label(&diff.new))
    );
    for note in &diff.notes {
        out.push_str(&format!("\n> Note: {}\n", escape(note)));
    }
    out.push_str(&format!("\n**{}.**\n", headline(&diff.headline)));
    let list = |out: &mut String, title: &str, lines: Vec<String>| {
        out.push_str(&format!("\n## {title}\n\n"));
        if lines.is_empty() {
            out.push_str("None.\n");
        }
        for line in lines {
            out.push_str(&format!("- {line}\n"));
        }
    };
    list(
        &mut out,
        "Verdicts changed",
        diff.verdicts_changed
            .iter()
            .map(|v| {
                format!(
                    "**{}**: {} → {}",
                    escape(&v.name),
                    verdict_label(v.old),
                    verdict_label(v.new)
                )
            })
            .collect(),
    );
    out.push_str("\n## Readiness by process\n\n");
    if diff.processes.is_empty() {
        out.push_str("No process is in both reports.\n");
    } else {
        markdown_scores(diff, &mut out);
    }
    let practices: Vec<String> = diff
        .practices_moved()
        .map(|(p, d, g)| escape(&practice_line(p, d, g)))
        .collect();
    if !practices.is_empty() {
        list(&mut out, "Practices moved", practices);
    }
    markdown_gates(diff, &mut out);
    markdown_seams(diff, &mut out);
    markdown_go_lives(diff, &mut out);
    let process_line = |p: &ProcessSummary| {
        format!(
            "**{}** (`{}`): readiness {}, {}",
            escape(&p.name),
            p.id,
            format_score(p.readiness),
            verdict_label(p.verdict)
        )
    };
    list(
        &mut out,
        "Processes added",
        diff.added.iter().map(process_line).collect(),
    );
    list(
        &mut out,
        "Processes removed",
        diff.removed.iter().map(process_line).collect(),
    );
    out.push_str("\n## Plan steps by process\n\n");
    if diff.steps_by_process.is_empty() {
        out.push_str("None completed or added.\n");
    } else {
        out.push_str("| Process | Completed | Added |\n|---|---:|---:|\n");
        for c in &diff.steps_by_process {
            out.push_str(&format!(
                "| {} | {} | {} |\n",
                escape(&c.name),
                c.completed,
                c.added
            ));
        }
    }
    let step_line = |s: &StepChange| {
        format!(
            "{} (`{}`) — for {}",
            crate::structured_text::markdown_cell(&s.action, &escape),
            s.id,
            escape(&step_processes(diff, s))
        )
    };
    list(
        &mut out,
        "Plan steps completed",
        diff.steps_completed.iter().map(step_line).collect(),
    );
    list(
        &mut out,
        "New plan steps",
        diff.steps_added.iter().map(step_line).collect(),
    );
    markdown_stale(diff, &mut out);
    out
}

/// The new report's stale answers: counts per process, then each stale answer, the ones that
/// became stale since the old report marked. Nothing when the new report is not dated.
fn markdown_stale(diff: &Diff, out: &mut String) {
    if diff.stale.is_empty() {
        return;
    }
    out.push_str(
        "\n## Stale answers in the new report\n\n| Process | Stale | Newly stale | Undated | Given before |\n|---|---:|---:|---:|---|\n",
    );
    for p in &diff.stale {
        out.push_str(&format!(
            "| {} | {} of {} | {} | {} | {} |\n",
            escape(&p.name),
            p.stale,
            p.answers,
            p.became_stale.map_or("—".to_string(), |n| n.to_string()),
            p.undated,
            p.stale_before
        ));
    }
    for p in diff.stale.iter().filter(|p| !p.questions.is_empty()) {
        out.push_str(&format!("\n### {}\n\n", escape(&p.name)));
        for q in &p.questions {
            let answers: Vec<String> = q
                .answers
                .iter()
                .map(|a| {
                    let newly = if a.became_stale == Some(true) {
                        " (newly stale)"
                    } else {
                        ""
                    };
                    format!("{} {}{newly}", escape(&a.respondent_name), a.date)
                })
                .collect();
            out.push_str(&format!(
                "- **{}** `{}` — {}\n",
                escape(&q.title),
                q.question,
                answers.join(", ")
            ));
        }
    }
}

/// Readiness and dimension scores, process by process.
fn markdown_scores(diff: &Diff, out: &mut String) {
    out.push_str("| Process | Old | New | Change | Verdict |\n|---|---:|---:|---:|---|\n");
    for p in &diff.processes {
        out.push_str(&format!(
            "| {} | {} | {} | **{}** | {} |\n",
            escape(&p.name),
            format_score(p.readiness.old),
            format_score(p.readiness.new),
            format_delta(p.readiness.delta),
            format_verdict(p.verdict)
        ));
    }
    let dimensions = dimension_names(diff);
    out.push_str("\n## Dimension scores\n\n| Process |");
    for (_, name) in &dimensions {
        out.push_str(&format!(" {} |", escape(name)));
    }
    out.push_str("\n|---|");
    for _ in &dimensions {
        out.push_str("---:|");
    }
    out.push('\n');
    for p in &diff.processes {
        out.push_str(&format!("| {} |", escape(&p.name)));
        for (id, _) in &dimensions {
            let cell = p
                .dimensions
                .iter()
                .find(|d| d.id == *id)
                .map_or("—".to_string(), |d| format_change(d.change));
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
}

/// Gates passed, newly failed, and any other move, each with its question's wording.
fn markdown_gates(diff: &Diff, out: &mut String) {
    out.push_str("\n## Critical gates\n");
    let mut group = |title: &str, kind: GateMove, always: bool| {
        let gates: Vec<&GateChange> = diff.gates.iter().filter(|g| g.kind == kind).collect();
        if gates.is_empty() && !always {
            return;
        }
        out.push_str(&format!("\n### {title}\n\n"));
        if gates.is_empty() {
            out.push_str("None.\n");
        }
        for g in gates {
            let title = g
                .title
                .as_ref()
                .map_or(String::new(), |t| format!("{} ", escape(t)));
            out.push_str(&format!(
                "- **{}**: {title}`{}`, {} → {}",
                escape(&g.name),
                g.question,
                g.old.label(),
                g.new.label()
            ));
            if let Some(text) = &g.text {
                out.push_str(&format!(" — {}", escape(text)));
            }
            out.push('\n');
        }
    };
    group("Passed", GateMove::Passed, true);
    group("Newly failed", GateMove::NewlyFailed, true);
    group("Other gate changes", GateMove::Other, false);
}

fn markdown_go_lives(diff: &Diff, out: &mut String) {
    out.push_str("\n## Go-lives moved\n\n");
    if diff.go_lives.is_empty() {
        out.push_str("None.\n");
        return;
    }
    out.push_str("| Process | Old | New | Change |\n|---|---|---|---|\n");
    for m in &diff.go_lives {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            escape(&m.name),
            dated_week(m.old_week, m.old_date.as_deref()),
            dated_week(m.new_week, m.new_date.as_deref()),
            go_live_change(m, diff.new.horizon_weeks)
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_carry_a_sign() {
        assert_eq!(format_delta(Some(2.8)), "+2.8");
        assert_eq!(format_delta(Some(-1.0)), "-1.0");
        assert_eq!(format_delta(Some(0.0)), "0.0");
        assert_eq!(format_delta(None), "—");
    }

    #[test]
    fn the_headline_counts_in_words_with_plurals_and_the_rarer_kinds_only_when_there_are_any() {
        let one = Headline {
            verdicts_changed: 1,
            gates_passed: 1,
            gates_newly_failed: 1,
            gates_other: 1,
            go_lives_earlier: 1,
            go_lives_later: 1,
            go_lives_plannable: 1,
            go_lives_unplannable: 1,
            seams_newly_at_risk: 1,
            seams_no_longer_at_risk: 1,
            seams_status_changed: 1,
            steps_completed: 1,
            steps_added: 1,
            processes_added: 1,
            processes_removed: 1,
            practices_moved: 1,
            answers_stale: Some(3),
            answers_became_stale: Some(1),
        };
        assert_eq!(
            headline(&one),
            "1 verdict changed, 1 gate passed, 1 newly failed, 1 other gate change, \
             1 go-live earlier, 1 later, 1 newly plannable, 1 no longer plannable, \
             1 seam newly at risk, 1 no longer at risk, 1 seam at risk otherwise, \
             1 plan step completed, 1 added, 1 practice moved, 1 process added, 1 removed, \
             3 stale answers, 1 newly stale"
        );
        let two = Headline {
            verdicts_changed: 2,
            gates_passed: 2,
            gates_newly_failed: 2,
            gates_other: 2,
            go_lives_earlier: 2,
            go_lives_later: 2,
            seams_no_longer_at_risk: 2,
            steps_completed: 14,
            steps_added: 3,
            processes_removed: 2,
            ..Headline::default()
        };
        assert_eq!(
            headline(&two),
            "2 verdicts changed, 2 gates passed, 2 newly failed, 2 other gate changes, \
             2 go-lives earlier, 2 later, 2 seams no longer at risk, 14 plan steps completed, \
             3 added, 2 processes removed"
        );
        assert_eq!(
            headline(&Headline::default()),
            "0 verdicts changed, 0 gates passed, 0 newly failed, 0 go-lives earlier, 0 later, \
             0 plan steps completed, 0 added"
        );
    }

    fn moved(old: Option<u32>, new: Option<u32>, kind: GoLiveKind) -> GoLiveMove {
        GoLiveMove {
            process: "p".into(),
            name: "P".into(),
            old_week: old,
            new_week: new,
            old_date: None,
            new_date: None,
            delta_weeks: old.zip(new).map(|(o, n)| i64::from(n) - i64::from(o)),
            old_within_horizon: old.is_some_and(|w| w <= 26),
            new_within_horizon: new.is_some_and(|w| w <= 26),
            kind,
        }
    }

    #[test]
    fn a_go_live_says_how_far_it_moved_and_when_it_crossed_the_horizon() {
        let text = |m: GoLiveMove| go_live_change(&m, 26);
        assert_eq!(
            text(moved(Some(39), Some(31), GoLiveKind::Earlier)),
            "8 weeks earlier"
        );
        assert_eq!(
            text(moved(Some(10), Some(11), GoLiveKind::Later)),
            "1 week later"
        );
        assert_eq!(
            text(moved(Some(29), Some(21), GoLiveKind::Earlier)),
            "8 weeks earlier, now within the 26-week horizon"
        );
        assert_eq!(
            text(moved(Some(20), Some(30), GoLiveKind::Later)),
            "10 weeks later, now beyond the 26-week horizon"
        );
        assert_eq!(
            text(moved(None, Some(12), GoLiveKind::BecamePlannable)),
            "plannable now"
        );
        assert_eq!(
            text(moved(Some(12), None, GoLiveKind::BecameUnplannable)),
            "no longer plannable: too little answered"
        );
        assert_eq!(week(Some(3)), "week 3");
        assert_eq!(week(None), "not planned");
    }

    #[test]
    fn list_items_wrap_at_words_under_their_first_line_and_only_with_a_width() {
        let text = "Where in the process does a person\nreview AI output";
        assert_eq!(
            wrapped(text, "  - ", "    ", None),
            "  - Where in the process does a person review AI output\n"
        );
        assert_eq!(
            wrapped(text, "  - ", "    ", Some(24)),
            "  - Where in the process\n    does a person review\n    AI output\n"
        );
        // A word longer than the line is not broken.
        assert_eq!(
            wrapped("a human_review_checkpoints", "- ", "  ", Some(10)),
            "- a\n  human_review_checkpoints\n"
        );
    }
}
