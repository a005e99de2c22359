//! Scores by area: each dimension of a process followed by its groups (practices), for the
//! table, Markdown and HTML renderers. Shown only when the questionnaire has groups; otherwise
//! the heatmap says it all and the reports stay as they were.

use comfy_table::Table as ComfyTable;

use super::markdown::escape;
use super::model::{format_percent, ProcessView};
use super::Report;

/// Whether a dimension's row or one of its groups' rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaKind {
    Dimension,
    Group,
}

/// One row of the scores by area, formatted.
#[derive(Debug, Clone)]
pub struct AreaRow<'a> {
    pub kind: AreaKind,
    pub id: &'a str,
    pub name: &'a str,
    /// The score as printed: one decimal, `n/a` or `—`.
    pub score: String,
    /// The score as a number, for colouring.
    pub value: Option<f64>,
    pub coverage: String,
}

/// Whether the reports show scores by area: the questionnaire has groups.
pub fn shown(report: &Report) -> bool {
    report.dimensions.iter().any(|d| !d.groups.is_empty())
}

/// The rows of process `p`: each dimension, then its groups.
pub fn rows(p: &ProcessView) -> Vec<AreaRow<'_>> {
    let mut rows = Vec::new();
    for (id, d) in &p.dimensions.0 {
        rows.push(AreaRow {
            kind: AreaKind::Dimension,
            id,
            name: &d.name,
            score: d.shown(),
            value: d.score,
            coverage: format_percent(d.coverage),
        });
        for (gid, g) in &d.groups.0 {
            rows.push(AreaRow {
                kind: AreaKind::Group,
                id: gid,
                name: &g.name,
                score: g.shown(),
                value: g.score,
                coverage: format_percent(g.coverage),
            });
        }
    }
    rows
}

/// The terminal block of process `p`: a table of its dimensions and practices, indented under
/// the process's heading. Empty when the report shows no scores by area.
pub fn table_block(report: &Report, p: &ProcessView, width: Option<u16>) -> String {
    if !shown(report) {
        return String::new();
    }
    let mut table = ComfyTable::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.force_no_tty();
    table.set_header(vec!["Dimension / practice", "Score", "Coverage"]);
    for row in rows(p) {
        let name = match row.kind {
            AreaKind::Dimension => row.name.to_string(),
            AreaKind::Group => format!("  {}", row.name),
        };
        table.add_row(vec![name, row.score, row.coverage]);
    }
    super::table::fit_first_column(&mut table, width.map(|w| w.saturating_sub(2)));
    let mut out = String::new();
    for line in table.to_string().lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The Markdown table of process `p`'s dimensions and practices, practices indented under
/// their dimension. Empty when the report shows no scores by area.
pub fn markdown(report: &Report, p: &ProcessView) -> String {
    if !shown(report) {
        return String::new();
    }
    let mut out = String::from("\n| Dimension / practice | Score | Coverage |\n|---|---:|---:|\n");
    for row in rows(p) {
        let name = match row.kind {
            AreaKind::Dimension => format!("**{}**", escape(row.name)),
            AreaKind::Group => format!("&nbsp;&nbsp;{}", escape(row.name)),
        };
        out.push_str(&format!("| {name} | {} | {} |\n", row.score, row.coverage));
    }
    out
}

/// The HTML heatmap by practice: a row per dimension and per practice, a column per process
/// (practices outnumber processes, so they run down the page).
pub struct HtmlHeatmap<'a> {
    /// (id, name) of each process.
    pub processes: Vec<(&'a str, &'a str)>,
    pub rows: Vec<HtmlRow<'a>>,
}

pub struct HtmlRow<'a> {
    /// `dimension` or `group`.
    pub kind: &'static str,
    pub id: &'a str,
    pub name: &'a str,
    /// (score as printed, colour band).
    pub cells: Vec<(String, &'static str)>,
}

/// The heatmap by practice, when the questionnaire has groups.
pub fn html_heatmap(report: &Report) -> Option<HtmlHeatmap<'_>> {
    if !shown(report) {
        return None;
    }
    let per_process: Vec<Vec<AreaRow>> = report.processes.iter().map(rows).collect();
    let template = per_process.first()?;
    let rows = template
        .iter()
        .enumerate()
        .map(|(i, row)| HtmlRow {
            kind: match row.kind {
                AreaKind::Dimension => "dimension",
                AreaKind::Group => "group",
            },
            id: row.id,
            name: row.name,
            cells: per_process
                .iter()
                .map(|rows| {
                    rows.get(i).map_or(("—".to_string(), "none"), |r| {
                        (
                            r.score.clone(),
                            super::svg::band(r.value, &report.thresholds),
                        )
                    })
                })
                .collect(),
        })
        .collect();
    Some(HtmlHeatmap {
        processes: report
            .processes
            .iter()
            .map(|p| (p.id.as_str(), p.name.as_str()))
            .collect(),
        rows,
    })
}
