//! The Markdown report: GitHub-flavoured, fit for a CI job summary.

use super::model::{format_percent, format_score, verdict_label, ProcessView};
use super::{Render, Report};

pub struct Markdown;

/// Escapes user text for Markdown: HTML-significant characters become entities, so a note can
/// never inject markup, and table-breaking characters are neutralised.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '*' | '_' | '`' | '[' | ']' | '\\' | '#' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Escapes prose as [`escape`] does, except that an id quoted in backticks (`` `data_owner` ``)
/// becomes a code span rather than literal backslashes and backticks.
pub fn prose(text: &str) -> String {
    let is_id = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '@' | '.'))
    };
    let parts: Vec<&str> = text.split('`').collect();
    // Part `j` is a code span when a backtick opens it, another closes it, and it is an id.
    let code = |j: usize| j % 2 == 1 && j + 1 < parts.len() && is_id(parts[j]);
    let mut out = String::with_capacity(text.len());
    for (i, part) in parts.iter().enumerate() {
        let closes_code = i > 0 && code(i - 1);
        if code(i) {
            out.push('`');
            out.push_str(part);
        } else {
            if closes_code {
                out.push('`');
            } else if i > 0 {
                out.push_str("\\`");
            }
            out.push_str(&escape(part));
        }
    }
    out
}

fn heatmap(report: &Report, out: &mut String) {
    out.push_str("| Process | Risk |");
    for d in &report.dimensions {
        out.push_str(&format!(" {} |", escape(&d.name)));
    }
    out.push_str(" Readiness | Verdict | Coverage | Confidence | Evidence |\n|---|---|");
    for _ in &report.dimensions {
        out.push_str("---:|");
    }
    out.push_str("---:|---|---:|---|---:|\n");
    for p in &report.processes {
        out.push_str(&format!(
            "| {} | {} |",
            escape(&p.name),
            p.risk_tier.as_str()
        ));
        for (_, d) in &p.dimensions.0 {
            out.push_str(&format!(" {} |", d.shown()));
        }
        out.push_str(&format!(
            " **{}** | {} | {} | {} | {} |\n",
            format_score(p.readiness),
            verdict_label(p.verdict),
            format_percent(p.coverage),
            super::evidence::confidence_cell(p),
            super::evidence::evidence_share(p)
        ));
    }
}

/// The operating-model archetype: the advice, its reasons and what would change it, or the facts
/// that would allow advice. Nothing for a report saved before it existed.
fn archetype(report: &Report, out: &mut String) {
    let a = &report.archetype;
    if a.headline.is_empty() {
        return;
    }
    out.push_str(&format!(
        "## Operating-model archetype: {}\n\n{}\n\n",
        a.recommendation.map_or("no advice", |k| k.label()),
        prose(&a.headline)
    ));
    if !a.stage_text.is_empty() {
        out.push_str(&format!("{}\n\n", prose(&a.stage_text)));
    }
    if !a.reasons.is_empty() {
        out.push_str("**Why:**\n\n");
        for r in &a.reasons {
            out.push_str(&format!("- {}\n", prose(&r.text)));
        }
        out.push('\n');
    }
    if !a.would_change.is_empty() {
        out.push_str("**What would change it** (the other facts as they are):\n\n");
        for c in &a.would_change {
            out.push_str(&format!("- {}\n", prose(&c.text)));
        }
        out.push('\n');
    }
    if !a.needs.is_empty() {
        for need in &a.needs {
            out.push_str(&format!("- {}\n", prose(need)));
        }
        out.push('\n');
    }
}

fn process_section(report: &Report, p: &ProcessView, out: &mut String) {
    out.push_str(&format!(
        "\n### {} — {}\n\nReadiness {} · coverage {} · confidence {} · evidence {} · {} · risk tier {}\n\n",
        escape(&p.name),
        verdict_label(p.verdict),
        super::areas::readiness(report, p),
        format_percent(p.coverage),
        super::evidence::confidence_label(p),
        super::evidence::evidence_share(p),
        super::text::count(p.respondents, "respondent", "respondents"),
        p.risk_tier.as_str()
    ));
    for reason in &p.reasons {
        out.push_str(&format!("- {}\n", prose(reason)));
    }
    out.push_str(&super::areas::markdown(report, p));
    super::evidence::markdown_details(p, out);
    if !p.disagreements.is_empty() {
        out.push_str("\nDisagreements (respondents two or more levels apart):\n\n");
        for disagreement in &p.disagreements {
            let Some(question) = p.question(&disagreement.question) else {
                continue;
            };
            out.push_str(&format!(
                "- **{}** {}\n",
                escape(&question.id),
                escape(&question.text)
            ));
            for a in question.answers.iter().filter(|a| a.level.is_some()) {
                let level = a.level.map_or(String::new(), |l| l.to_string());
                let note = a
                    .note
                    .as_deref()
                    .map_or(String::new(), |n| format!(": {}", escape(n)));
                out.push_str(&format!(
                    "  - {} — level {level}{note}\n",
                    escape(&a.respondent_name)
                ));
            }
        }
    }
    seams_section(p, out);
}

/// The seams at risk: the join, the figures, the questions below target on each side, the
/// risk and the actions that mend it.
fn seams_section(p: &ProcessView, out: &mut String) {
    let seams = p.seams_at_risk();
    if seams.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\nSeams at risk (joins with a side below {:.0}, where AI amplifies the weakness):\n\n",
        crate::scoring::NOT_READY_BELOW
    ));
    for seam in seams {
        out.push_str(&format!(
            "- **{}** (`{}`): {}.\n",
            escape(&seam.name),
            seam.id,
            escape(&seam.finding)
        ));
        for side in seam.sides.iter().filter(|s| !s.below_target.is_empty()) {
            out.push_str(&format!(
                "  - Below target on {}: {}\n",
                escape(&side.name),
                prose(&side.evidence())
            ));
        }
        out.push_str(&format!("  - Risk: {}\n", escape(&seam.risk)));
        if !seam.actions.is_empty() {
            out.push_str(&format!(
                "  - To mend it: {}\n",
                escape(&seam.action_titles())
            ));
        }
    }
}

impl Render for Markdown {
    fn render(&self, report: &Report, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut out = format!(
            "# Readiness report: {}\n\nClient: {} · Questionnaire: `{}` {}\n",
            escape(&report.engagement.name),
            escape(&report.engagement.client),
            report.questionnaire.id,
            escape(&report.questionnaire.version)
        );
        if let Some(date) = &report.date {
            out.push_str(&format!("· Date: {}\n", escape(date)));
        }
        if let Some(line) = report.target_profile_line() {
            out.push_str(&format!("\n{}\n", escape(&line)));
        }
        out.push('\n');
        out.push_str(&super::plan_text::markdown_summary(report));
        archetype(report, &mut out);
        out.push_str("## Readiness by process\n\n");
        heatmap(report, &mut out);
        out.push_str("\n## Verdicts\n");
        for p in &report.processes {
            process_section(report, p, &mut out);
        }
        out.push('\n');
        sink.write_all(out.as_bytes())?;
        Ok(sink.write_all(super::plan_text::markdown(report).as_bytes())?)
    }

    fn render_plan(&self, report: &Report, sink: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let date = report
            .date
            .as_ref()
            .map_or(String::new(), |d| format!(" · Date: {}", escape(d)));
        let targets = report
            .target_profile_line()
            .map_or(String::new(), |line| format!("{}\n\n", escape(&line)));
        write!(
            sink,
            "# Redesign plan: {}\n\nClient: {}{date}\n\n{targets}{}",
            escape(&report.engagement.name),
            escape(&report.engagement.client),
            super::plan_text::markdown_summary(report),
        )?;
        Ok(sink.write_all(super::plan_text::markdown(report).as_bytes())?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_backticks_become_code_spans() {
        assert_eq!(
            prose("after `appoint_data_owner@x` ends in week 6"),
            "after `appoint_data_owner@x` ends in week 6"
        );
        assert_eq!(prose("a `b c` d"), "a \\`b c\\` d");
        assert_eq!(prose("one ` alone"), "one \\` alone");
        assert_eq!(prose("`<x>`"), "\\`&lt;x&gt;\\`");
    }
}
