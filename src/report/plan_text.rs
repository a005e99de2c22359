//! The plan as plain text (terminal) and as Markdown; shared by `omd plan` and `omd report`.

use super::markdown::escape;
use super::Report;

fn weeks(start: u32, end: u32) -> String {
    if start == end {
        format!("week {start}")
    } else {
        format!("weeks {start}-{end}")
    }
}

fn go_live_label(report: &Report, week: Option<u32>, within: bool) -> String {
    match week {
        None => "not assessed".to_string(),
        Some(w) if within => format!("week {w}"),
        Some(w) => format!(
            "week {w} (beyond the {}-week horizon)",
            report.plan.horizon_weeks
        ),
    }
}

fn tractability_of(report: &Report, process: &str) -> f64 {
    report
        .plan
        .tractability
        .iter()
        .find(|t| t.process == process)
        .map_or(0.0, |t| t.score)
}

/// An owner role's peak load, e.g. "5 steps at once from week 13 (capacity 2; 3 steps delayed)".
pub(super) fn load_label(load: &crate::plan::OwnerLoad) -> String {
    let mut label = format!(
        "{} {} at once from week {}",
        load.peak,
        if load.peak == 1 { "step" } else { "steps" },
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

/// The plan in brief, for the end of `omd report`: go-lives and waves, with the command that
/// shows every step.
pub fn summary(report: &Report) -> String {
    let plan = &report.plan;
    let mut out = String::from("Plan (every step with owner, weeks and reason: omd plan DIR)\n");
    if let Some(first) = &plan.first_process {
        out.push_str(&format!(
            "First process: {} (the most tractable).\n",
            report.process_name(first)
        ));
    }
    for g in &plan.go_live {
        out.push_str(&format!(
            "  go-live {:<10} {}\n",
            go_live_label(report, g.week, g.within_horizon),
            report.process_name(&g.process)
        ));
    }
    for wave in &plan.waves {
        out.push_str(&format!(
            "  wave {} ({}, {} steps): {}\n",
            wave.index,
            weeks(wave.start_week, wave.end_week),
            wave.steps.len(),
            wave.title
        ));
    }
    out
}

/// The plan for a terminal: go-lives first, then each wave's steps with owner, weeks and why.
pub fn text(report: &Report) -> String {
    let plan = &report.plan;
    let mut out = match &report.date {
        Some(date) => format!("Plan · {date}\n"),
        None => String::from("Plan\n"),
    };
    match &plan.first_process {
        Some(first) => out.push_str(&format!(
            "First process: {} (the most tractable). Horizon: {} weeks.\n",
            report.process_name(first),
            plan.horizon_weeks
        )),
        None => out.push_str("Nothing to plan: no process is assessed enough to plan.\n"),
    }
    out.push_str("\nGo-live, in order:\n");
    for g in &plan.go_live {
        let tractability = tractability_of(report, &g.process);
        out.push_str(&format!(
            "  {:<10} {} (tractability {tractability:.1})\n             {}\n",
            go_live_label(report, g.week, g.within_horizon),
            report.process_name(&g.process),
            g.reason
        ));
    }
    for wave in &plan.waves {
        out.push_str(&format!(
            "\nWave {}: {} ({})\n",
            wave.index,
            wave.title,
            weeks(wave.start_week, wave.end_week)
        ));
        for step in &wave.steps {
            let serves: Vec<&str> = step
                .processes
                .iter()
                .map(|p| report.process_name(p))
                .collect();
            out.push_str(&format!(
                "  {:<12} {} [{}, {}; {}]\n",
                weeks(step.start_week, step.end_week),
                step.id,
                step.effort.as_str(),
                step.owner,
                serves.join(", ")
            ));
            out.push_str(&format!("               {}\n", step.action));
            out.push_str(&format!("               why: {}\n", step.reason));
        }
    }
    if !plan.owner_load.is_empty() {
        out.push_str("\nOwner load at its peak:\n");
        for load in &plan.owner_load {
            out.push_str(&format!("  {}: {}\n", load.owner, load_label(load)));
        }
    }
    out
}

/// The plan in GitHub-flavoured Markdown.
pub fn markdown(report: &Report) -> String {
    let plan = &report.plan;
    let mut out = String::from("## Plan\n\n");
    match &plan.first_process {
        Some(first) => out.push_str(&format!(
            "First process: **{}** (the most tractable). Horizon: {} weeks.\n\n",
            escape(report.process_name(first)),
            plan.horizon_weeks
        )),
        None => out.push_str("Nothing to plan: no process is assessed enough to plan.\n\n"),
    }
    out.push_str(
        "| Order | Process | Tractability | Go-live | Why then |\n|---:|---|---:|---|---|\n",
    );
    for (i, g) in plan.go_live.iter().enumerate() {
        let tractability = tractability_of(report, &g.process);
        out.push_str(&format!(
            "| {} | {} | {tractability:.1} | {} | {} |\n",
            i + 1,
            escape(report.process_name(&g.process)),
            go_live_label(report, g.week, g.within_horizon),
            escape(&g.reason)
        ));
    }
    for wave in &plan.waves {
        out.push_str(&format!(
            "\n### Wave {}: {} ({})\n\n| Weeks | Step | Serves | Effort | Owner | Why here |\n|---|---|---|---|---|---|\n",
            wave.index,
            escape(&wave.title),
            weeks(wave.start_week, wave.end_week)
        ));
        for step in &wave.steps {
            let serves: Vec<String> = step
                .processes
                .iter()
                .map(|p| escape(report.process_name(p)))
                .collect();
            out.push_str(&format!(
                "| {} | **{}** {} | {} | {} | {} | {} |\n",
                weeks(step.start_week, step.end_week),
                escape(&step.id),
                escape(&step.action),
                serves.join(", "),
                step.effort.as_str(),
                escape(&step.owner),
                escape(&step.reason)
            ));
        }
    }
    if !plan.owner_load.is_empty() {
        out.push_str("\n### Owner load at its peak\n\n| Owner | Peak |\n|---|---|\n");
        for load in &plan.owner_load {
            out.push_str(&format!(
                "| {} | {} |\n",
                escape(&load.owner),
                load_label(load)
            ));
        }
    }
    out
}
