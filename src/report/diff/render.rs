//! A diff as a terminal table, GitHub-flavoured Markdown or JSON. Like the report renderers,
//! these only format the diff; every figure is in the view-model.

use comfy_table::{Cell, Color, Table};

use super::{Change, Diff, ProcessSummary, Side, StepChange, VerdictChange};
use crate::report::markdown::escape;
use crate::report::model::{format_score, verdict_label};
use crate::report::table::{dimension_headers, dimension_legend, fit_first_column, needed_width};

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
    let mut t = Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    if color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
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
    let delta_cell = |text: String, delta: Option<f64>| {
        let cell = Cell::new(text);
        match (color, delta) {
            (true, Some(d)) if d > 0.0 => cell.fg(Color::Green),
            (true, Some(d)) if d < 0.0 => cell.fg(Color::Red),
            _ => cell,
        }
    };
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

fn table(diff: &Diff, color: bool, width: Option<u16>) -> String {
    let mut out = format!(
        "{} — progress\nFrom: {}\nTo:   {}\n",
        diff.new.client,
        side_label(&diff.old),
        side_label(&diff.new)
    );
    for note in &diff.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push('\n');
    let dimensions = dimension_names(diff);
    if diff.processes.is_empty() {
        out.push_str("No process is in both reports.\n");
    } else {
        // On a terminal too narrow for the whole table: dimensions as D1, D2... with a legend,
        // and the readiness and verdict changes on two lines each.
        let full = change_table(diff, &dimensions, color, false);
        let short = width.is_some_and(|w| needed_width(&full) > usize::from(w));
        let mut t = if short {
            change_table(diff, &dimensions, color, true)
        } else {
            full
        };
        fit_first_column(&mut t, width);
        out.push_str(&t.to_string());
        if short {
            let names: Vec<&str> = dimensions.iter().map(|(_, name)| name.as_str()).collect();
            out.push('\n');
            out.push_str(&dimension_legend(&names, width));
        }
        out.push_str("\n(dimension columns show the change in score)\n");
    }
    let mut list = |title: &str, lines: Vec<String>| {
        out.push_str(&format!("\n{title}:"));
        if lines.is_empty() {
            out.push_str(" none\n");
        } else {
            out.push('\n');
            for line in lines {
                out.push_str(&format!("  - {line}\n"));
            }
        }
    };
    list(
        "Processes added",
        diff.added.iter().map(summary_line).collect(),
    );
    list(
        "Processes removed",
        diff.removed.iter().map(summary_line).collect(),
    );
    list(
        "Plan steps completed",
        diff.steps_completed
            .iter()
            .map(|s| format!("{} [{}] for {}", s.action, s.id, step_processes(diff, s)))
            .collect(),
    );
    list(
        "New plan steps",
        diff.steps_added
            .iter()
            .map(|s| format!("{} [{}] for {}", s.action, s.id, step_processes(diff, s)))
            .collect(),
    );
    out
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
    out.push_str("\n## Readiness by process\n\n");
    if diff.processes.is_empty() {
        out.push_str("No process is in both reports.\n");
    } else {
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
    let mut list = |title: &str, lines: Vec<String>| {
        out.push_str(&format!("\n## {title}\n\n"));
        if lines.is_empty() {
            out.push_str("None.\n");
        }
        for line in lines {
            out.push_str(&format!("- {line}\n"));
        }
    };
    let process_line = |p: &ProcessSummary| {
        format!(
            "**{}** (`{}`): readiness {}, {}",
            escape(&p.name),
            p.id,
            format_score(p.readiness),
            verdict_label(p.verdict)
        )
    };
    let step_line = |s: &StepChange| {
        format!(
            "{} (`{}`) — for {}",
            escape(&s.action),
            s.id,
            escape(&step_processes(diff, s))
        )
    };
    list(
        "Processes added",
        diff.added.iter().map(process_line).collect(),
    );
    list(
        "Processes removed",
        diff.removed.iter().map(process_line).collect(),
    );
    list(
        "Plan steps completed",
        diff.steps_completed.iter().map(step_line).collect(),
    );
    list(
        "New plan steps",
        diff.steps_added.iter().map(step_line).collect(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::format_delta;

    #[test]
    fn deltas_carry_a_sign() {
        assert_eq!(format_delta(Some(2.8)), "+2.8");
        assert_eq!(format_delta(Some(-1.0)), "-1.0");
        assert_eq!(format_delta(Some(0.0)), "0.0");
        assert_eq!(format_delta(None), "—");
    }
}
