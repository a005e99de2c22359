//! The terminal report: a heatmap of processes by dimensions, then each verdict's reasons.

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table as ComfyTable, Width};

use super::model::{format_percent, format_score, verdict_label, ProcessView};
use super::{Render, Report};
use crate::scoring::{Verdict, NOT_READY_BELOW, READY_AT};

pub struct Table {
    /// Colour the cells (only on a terminal, never with NO_COLOR).
    pub color: bool,
}

impl Table {
    fn score_cell(&self, score: Option<f64>) -> Cell {
        let cell = Cell::new(format_score(score));
        match (self.color, score) {
            (false, _) | (_, None) => cell,
            (true, Some(s)) if s >= READY_AT => cell.fg(Color::Green),
            (true, Some(s)) if s >= NOT_READY_BELOW => cell.fg(Color::Yellow),
            (true, Some(_)) => cell.fg(Color::Red),
        }
    }

    fn verdict_cell(&self, verdict: Verdict) -> Cell {
        let cell = Cell::new(verdict_label(verdict));
        if !self.color {
            return cell;
        }
        cell.fg(match verdict {
            Verdict::Ready => Color::Green,
            Verdict::Conditional => Color::Yellow,
            Verdict::NotReady => Color::Red,
        })
    }

    fn new_table(&self) -> ComfyTable {
        let mut table = ComfyTable::new();
        table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
        if self.color {
            table
                .enforce_styling()
                .set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            // Not a terminal: no styling and no wrapping to a guessed width, so output is stable.
            table
                .force_no_tty()
                .set_content_arrangement(ContentArrangement::Disabled);
        }
        table
    }

    /// The heatmap of processes by dimensions. Header words go one per line, so a narrow
    /// terminal wraps between words rather than inside them.
    pub fn heatmap(&self, report: &Report) -> String {
        let mut table = self.new_table();
        let stacked = |name: &str| name.split_whitespace().collect::<Vec<_>>().join("\n");
        let mut header = vec!["Process".to_string(), "Risk".to_string()];
        header.extend(report.dimensions.iter().map(|d| stacked(&d.name)));
        header
            .extend(["Readiness", "Verdict", "Coverage", "Confidence", "Resp."].map(String::from));
        table.set_header(header);
        for p in &report.processes {
            let mut row = vec![Cell::new(&p.name), Cell::new(p.risk_tier.as_str())];
            row.extend(p.dimensions.0.iter().map(|(_, d)| self.score_cell(d.score)));
            row.push(self.score_cell(p.readiness));
            row.push(self.verdict_cell(p.verdict));
            row.push(Cell::new(format_percent(p.coverage)));
            row.push(Cell::new(p.confidence.as_str()));
            row.push(Cell::new(p.respondents));
            table.add_row(row);
        }
        if let Some(column) = table.column_mut(0) {
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(12)));
        }
        table.to_string()
    }
}

fn process_details(p: &ProcessView, out: &mut String) {
    out.push_str(&format!(
        "\n{}: {} (readiness {})\n",
        p.name,
        verdict_label(p.verdict),
        format_score(p.readiness)
    ));
    for reason in &p.reasons {
        out.push_str(&format!("  - {reason}\n"));
    }
    for seam in &p.seams {
        let levels: Vec<String> = seam
            .answers
            .iter()
            .filter_map(|a| a.level.map(|l| format!("{} {l}", a.respondent_name)))
            .collect();
        out.push_str(&format!(
            "  seam: `{}` respondents differ ({})\n",
            seam.question,
            levels.join(", ")
        ));
    }
}

impl Table {
    /// Scores, verdicts and seams, without the plan (the end of an `omd assess` session).
    pub fn scores(&self, report: &Report) -> String {
        let mut out = format!(
            "{} — {}\nQuestionnaire: {} {}\n\n",
            report.engagement.client,
            report.engagement.name,
            report.questionnaire.id,
            report.questionnaire.version
        );
        if let Some(date) = &report.date {
            out.push_str(&format!("Date: {date}\n\n"));
        }
        out.push_str(&self.heatmap(report));
        out.push('\n');
        for p in &report.processes {
            process_details(p, &mut out);
        }
        out
    }
}

impl Render for Table {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        Ok(format!(
            "{}\n{}",
            self.scores(report),
            super::plan_text::summary(report)
        ))
    }

    fn render_plan(&self, report: &Report) -> anyhow::Result<String> {
        Ok(super::plan_text::text(report))
    }
}
