//! Scores by area: each dimension of a process followed by its groups (practices), with the band
//! each score falls in, for the table, Markdown and HTML renderers. Shown only when the
//! questionnaire has groups or bands; otherwise the heatmap says it all and the reports stay as
//! they were.

use comfy_table::Table as ComfyTable;

use super::markdown::escape;
use super::model::{format_percent, BandView, NativeScoreView, ProcessView};
use super::Report;

/// Whether a dimension's row or one of its groups' rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AreaKind {
    Dimension,
    Group,
}

impl AreaKind {
    /// `dimension` or `group`, as the HTML's `data-` attributes and classes name it.
    pub fn as_str(self) -> &'static str {
        match self {
            AreaKind::Dimension => "dimension",
            AreaKind::Group => "group",
        }
    }
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
    /// The band the score falls in, when the area declares bands.
    pub band: Option<&'a BandView>,
    /// The score on the questionnaire's own scale, when it declares one.
    pub native: Option<f64>,
}

/// Whether the reports show scores by area: the questionnaire has groups, bands or a native
/// score.
pub fn shown(report: &Report) -> bool {
    report.dimensions.iter().any(|d| !d.groups.is_empty())
        || has_bands(report)
        || report.questionnaire.native_score.is_some()
}

/// Readiness as printed: "55.6", or "55.6 (1.67 on SAMM score 0-3)" when the questionnaire
/// declares its own scale.
pub fn readiness(report: &Report, p: &ProcessView) -> String {
    let shown = super::model::format_score(p.readiness);
    match &report.questionnaire.native_score {
        Some(native) => native.beside(&shown, p.readiness_native),
        None => shown,
    }
}

/// Readiness inside brackets already: "55.6, 1.67 on SAMM score 0-3", or "55.6".
pub fn readiness_in_brackets(report: &Report, p: &ProcessView) -> String {
    let shown = super::model::format_score(p.readiness);
    let native = report.questionnaire.native_score.as_ref();
    match native.and_then(|n| n.on(p.readiness_native)) {
        Some(on) => format!("{shown}, {on}"),
        None => shown,
    }
}

/// Whether the questionnaire declares bands for any dimension or group.
pub fn has_bands(report: &Report) -> bool {
    report
        .dimensions
        .iter()
        .any(|d| !d.bands.is_empty() || d.groups.iter().any(|g| !g.bands.is_empty()))
}

/// A band's label, or nothing.
pub(super) fn label(band: Option<&BandView>) -> &str {
    band.map_or("", |b| b.label.as_str())
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
            band: d.band.as_ref(),
            native: d.native,
        });
        for (gid, g) in &d.groups.0 {
            rows.push(AreaRow {
                kind: AreaKind::Group,
                id: gid,
                name: &g.name,
                score: g.shown(),
                value: g.score,
                coverage: format_percent(g.coverage),
                band: g.band.as_ref(),
                native: g.native,
            });
        }
    }
    rows
}

/// The header of the names' column of the terminal table.
const NAME_HEADER: &str = "Dimension / practice";

/// The terminal block of process `p`: a table of its dimensions and practices, indented under
/// the process's heading. Empty when the report shows no scores by area. On a terminal too
/// narrow for it, the native score's header wraps at words, then the names wrap at words to the
/// room left, each keeping its indentation (a practice's continuation lines stay under it).
pub fn table_block(report: &Report, p: &ProcessView, width: Option<u16>) -> String {
    if !shown(report) {
        return String::new();
    }
    let inner = width.map(|w| w.saturating_sub(2));
    let natural = |table: &ComfyTable| table.column_max_content_widths().first().copied();
    let narrower = |table: &ComfyTable| {
        super::table::first_column_width(table, inner).filter(|&first| Some(first) < natural(table))
    };
    let rows = rows(p);
    let mut table = area_table(report, &rows, false, None);
    if narrower(&table).is_some() {
        table = area_table(report, &rows, true, None);
        if let Some(first) = narrower(&table) {
            // Never narrower than the column's own header, which does not wrap.
            let names = first.max(NAME_HEADER.chars().count() as u16);
            table = area_table(report, &rows, true, Some(names));
        }
    }
    let mut out = String::new();
    for line in table.to_string().lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&band_texts(&rows, width));
    out
}

/// The table of `table_block`: the native score's header wrapped at words when `wrap_header`,
/// names wrapped at words to `names` columns when given.
fn area_table(
    report: &Report,
    rows: &[AreaRow],
    wrap_header: bool,
    names: Option<u16>,
) -> ComfyTable {
    let mut table = ComfyTable::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    table.force_no_tty();
    table.set_content_arrangement(comfy_table::ContentArrangement::Disabled);
    let bands = has_bands(report);
    let native = report.questionnaire.native_score.as_ref();
    let mut header = vec![NAME_HEADER.to_string(), "Score".to_string()];
    if let Some(native) = native {
        header.push(if wrap_header {
            super::table::column_header(&native.range())
        } else {
            native.range()
        });
    }
    header.push("Coverage".to_string());
    if bands {
        header.push("Band".to_string());
    }
    table.set_header(header);
    for row in rows {
        let (first, rest) = match row.kind {
            AreaKind::Dimension => ("", "  "),
            AreaKind::Group => ("  ", "    "),
        };
        let name = crate::structured_text::fill(row.name, names, first, rest);
        let mut cells = vec![name, row.score.clone()];
        if let Some(native) = native {
            cells.push(native.format(row.native));
        }
        cells.push(row.coverage.clone());
        if bands {
            cells.push(label(row.band).to_string());
        }
        table.add_row(cells);
    }
    table
}

/// What each band of a process's areas means and what to do next, where the questionnaire
/// says: the terminal's form of Markdown's "What the scores mean", wrapped to `width`.
fn band_texts(rows: &[AreaRow], width: Option<u16>) -> String {
    use crate::structured_text::{is_structured, terminal};
    let mut out = String::new();
    for row in rows {
        let Some(band) = row.band.filter(|b| b.has_text()) else {
            continue;
        };
        if out.is_empty() {
            out.push_str("  What the scores mean:\n");
        }
        let head = format!("{} — {} ({}).", row.name, band.label, row.score);
        let meaning = band.meaning.trim();
        if meaning.is_empty() || is_structured(meaning) {
            out.push_str(&terminal(&head, width, "  - ", "    "));
            if !meaning.is_empty() {
                out.push_str(&terminal(meaning, width, "    ", "    "));
            }
        } else {
            out.push_str(&terminal(
                &format!("{head} {meaning}"),
                width,
                "  - ",
                "    ",
            ));
        }
        let next = band.next.trim();
        if is_structured(next) {
            out.push_str("    Next:\n");
            out.push_str(&terminal(next, width, "      ", "      "));
        } else if !next.is_empty() {
            out.push_str(&terminal(&format!("Next: {next}"), width, "    ", "      "));
        }
    }
    out
}

/// The Markdown table of process `p`'s dimensions and practices, practices indented under
/// their dimension. Empty when the report shows no scores by area.
pub fn markdown(report: &Report, p: &ProcessView) -> String {
    if !shown(report) {
        return String::new();
    }
    let bands = has_bands(report);
    let native = report.questionnaire.native_score.as_ref();
    let mut out = String::from("\n| Dimension / practice | Score |");
    let mut rule = String::from("|---|---:|");
    if let Some(native) = native {
        out.push_str(&format!(" {} |", escape(&native.range())));
        rule.push_str("---:|");
    }
    out.push_str(" Coverage |");
    rule.push_str("---:|");
    if bands {
        out.push_str(" Band |");
        rule.push_str("---|");
    }
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    let rows = rows(p);
    for row in &rows {
        let name = match row.kind {
            AreaKind::Dimension => format!("**{}**", escape(row.name)),
            AreaKind::Group => format!("&nbsp;&nbsp;{}", escape(row.name)),
        };
        out.push_str(&format!("| {name} | {} |", row.score));
        if let Some(native) = native {
            out.push_str(&format!(" {} |", native.format(row.native)));
        }
        out.push_str(&format!(" {} |", row.coverage));
        if bands {
            out.push_str(&format!(" {} |", escape(label(row.band))));
        }
        out.push('\n');
    }
    // What each band means and what to do next, where the questionnaire says.
    let mut explained = false;
    for row in &rows {
        let Some(band) = row.band.filter(|b| b.has_text()) else {
            continue;
        };
        if !explained {
            out.push_str("\nWhat the scores mean:\n\n");
            explained = true;
        }
        out.push_str(&format!(
            "- **{} — {}** ({}).",
            escape(row.name),
            escape(&band.label),
            row.score
        ));
        if !band.meaning.is_empty() {
            out.push_str(&markdown_text("", &band.meaning));
        }
        if !band.next.is_empty() {
            out.push_str(&markdown_text("Next:", &band.next));
        }
        out.push('\n');
    }
    out
}

/// A band's text inside a list item, after `lead`: one line stays on the item's line; a text
/// of several lines starts a line indented under the item, its lines and lists kept
/// ([`StructuredText::markdown`](crate::structured_text::StructuredText::markdown)).
fn markdown_text(lead: &str, text: &str) -> String {
    let lead = if lead.is_empty() {
        String::new()
    } else {
        format!(" {lead}")
    };
    let text = text.trim();
    if crate::structured_text::is_structured(text) {
        let structured = crate::structured_text::StructuredText::parse(text);
        format!("{lead}\n  {}", structured.markdown("  ", &escape))
    } else {
        format!("{lead} {}", escape(text))
    }
}

/// A band as the HTML findings show it: the area, its score and the band's texts.
pub struct HtmlBand<'a> {
    pub kind: &'static str,
    pub id: &'a str,
    pub name: &'a str,
    pub score: String,
    pub label: &'a str,
    pub meaning: &'a str,
    pub next: &'a str,
    /// `meaning` as HTML blocks (paragraphs and lists) when it runs over several lines.
    pub meaning_blocks: Option<String>,
    /// "Next: " and `next` as HTML blocks when `next` runs over several lines.
    pub next_blocks: Option<String>,
}

/// A process's scores by area in its HTML findings: a table, then what its bands mean.
pub struct HtmlAreas<'a> {
    /// The native scale's column header, when the questionnaire declares one.
    pub native: Option<String>,
    pub band_column: bool,
    pub rows: Vec<HtmlAreaRow<'a>>,
    pub bands: Vec<HtmlBand<'a>>,
}

pub struct HtmlAreaRow<'a> {
    /// `dimension` or `group`.
    pub kind: &'static str,
    pub id: &'a str,
    pub name: &'a str,
    pub score: String,
    pub native: String,
    pub coverage: String,
    pub band: String,
}

/// Process `p`'s scores by area for its HTML findings, when the report shows them.
pub fn html_areas<'a>(report: &Report, p: &'a ProcessView) -> Option<HtmlAreas<'a>> {
    if !shown(report) {
        return None;
    }
    let native = report.questionnaire.native_score.as_ref();
    let rows = rows(p);
    Some(HtmlAreas {
        native: native.map(|n| n.range()),
        band_column: has_bands(report),
        bands: html_bands(&rows),
        rows: rows
            .into_iter()
            .map(|row| HtmlAreaRow {
                kind: row.kind.as_str(),
                id: row.id,
                name: row.name,
                native: native.map_or(String::new(), |n| n.format(row.native)),
                coverage: row.coverage.clone(),
                band: label(row.band).to_string(),
                score: row.score,
            })
            .collect(),
    })
}

/// The bands process `p`'s scores fall in, for its HTML findings.
fn html_bands<'a>(rows: &[AreaRow<'a>]) -> Vec<HtmlBand<'a>> {
    rows.iter()
        .filter_map(|row| {
            let band = row.band?;
            Some(HtmlBand {
                kind: row.kind.as_str(),
                id: row.id,
                name: row.name,
                score: row.score.clone(),
                label: &band.label,
                meaning: band.meaning.trim(),
                next: band.next.trim(),
                meaning_blocks: crate::structured_text::html(band.meaning.trim()),
                next_blocks: crate::structured_text::is_structured(&band.next).then(|| {
                    crate::structured_text::StructuredText::parse(&format!(
                        "Next: {}",
                        band.next.trim()
                    ))
                    .html()
                }),
            })
        })
        .collect()
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
    /// (score as printed, colour band, the band's label or nothing, the native figure or
    /// nothing).
    pub cells: Vec<(String, &'static str, String, String)>,
}

/// The heatmap by practice, when the questionnaire has groups.
pub fn html_heatmap(report: &Report) -> Option<HtmlHeatmap<'_>> {
    if !report.dimensions.iter().any(|d| !d.groups.is_empty()) {
        return None;
    }
    let per_process: Vec<Vec<AreaRow>> = report.processes.iter().map(rows).collect();
    let native = report.questionnaire.native_score.as_ref();
    let template = per_process.first()?;
    let rows = template
        .iter()
        .enumerate()
        .map(|(i, row)| HtmlRow {
            kind: row.kind.as_str(),
            id: row.id,
            name: row.name,
            cells: per_process
                .iter()
                .map(|rows| {
                    rows.get(i).map_or(
                        ("—".to_string(), "none", String::new(), String::new()),
                        |r| {
                            (
                                r.score.clone(),
                                super::svg::band(r.value, &report.thresholds),
                                label(r.band).to_string(),
                                NativeScoreView::cell(native, r.native),
                            )
                        },
                    )
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
