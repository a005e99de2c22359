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

fn heatmap(report: &Report, out: &mut String) {
    out.push_str("| Process | Risk |");
    for d in &report.dimensions {
        out.push_str(&format!(" {} |", escape(&d.name)));
    }
    out.push_str(" Readiness | Verdict | Coverage | Confidence |\n|---|---|");
    for _ in &report.dimensions {
        out.push_str("---:|");
    }
    out.push_str("---:|---|---:|---|\n");
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
            " **{}** | {} | {} | {} ({} resp.) |\n",
            format_score(p.readiness),
            verdict_label(p.verdict),
            format_percent(p.coverage),
            p.confidence.as_str(),
            p.respondents
        ));
    }
}

fn process_section(p: &ProcessView, out: &mut String) {
    out.push_str(&format!(
        "\n### {} — {}\n\nReadiness {} · coverage {} · confidence {} · {} respondent(s) · risk tier {}\n\n",
        escape(&p.name),
        verdict_label(p.verdict),
        format_score(p.readiness),
        format_percent(p.coverage),
        p.confidence.as_str(),
        p.respondents,
        p.risk_tier.as_str()
    ));
    for reason in &p.reasons {
        out.push_str(&format!("- {}\n", escape(reason)));
    }
    if !p.seams.is_empty() {
        out.push_str("\nSeams (respondents two or more levels apart):\n\n");
        for seam in &p.seams {
            out.push_str(&format!(
                "- **{}** {}\n",
                escape(&seam.question),
                escape(&seam.text)
            ));
            for a in &seam.answers {
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
}

impl Render for Markdown {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
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
        out.push_str("\n## Readiness by process\n\n");
        heatmap(report, &mut out);
        out.push_str("\n## Verdicts\n");
        for p in &report.processes {
            process_section(p, &mut out);
        }
        out.push('\n');
        out.push_str(&super::plan_text::markdown(report));
        Ok(out)
    }

    fn render_plan(&self, report: &Report) -> anyhow::Result<String> {
        let date = report
            .date
            .as_ref()
            .map_or(String::new(), |d| format!(" · Date: {}", escape(d)));
        Ok(format!(
            "# Redesign plan: {}\n\nClient: {}{date}\n\n{}",
            escape(&report.engagement.name),
            escape(&report.engagement.client),
            super::plan_text::markdown(report)
        ))
    }
}
