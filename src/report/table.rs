//! The terminal report: a heatmap of processes by dimensions, then each verdict's reasons.

use comfy_table::{Cell, Color, ColumnConstraint, ContentArrangement, Table as ComfyTable, Width};

use super::model::{format_percent, format_score, verdict_label, ProcessView};
use super::{Render, Report};
use crate::scoring::{Verdict, NOT_READY_BELOW, READY_AT};

pub struct Table {
    /// Colour the cells (only on a terminal, never with NO_COLOR).
    pub color: bool,
    /// The terminal's width in columns, to fit the heatmap to; `None` when the output is not a
    /// terminal, which keeps the output free of wrapping and the same everywhere.
    pub width: Option<u16>,
    /// `omd plan --steps`: the checklists, owner load and every step after the roadmap.
    pub steps: bool,
}

/// The width of the terminal standard output is, when it is one.
pub fn terminal_width() -> Option<u16> {
    ComfyTable::new().width().filter(|&w| w > 0)
}

/// How much of the heatmap a terminal has room for, from most to least.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// Dimension names as headers, every column.
    Full,
    /// Dimensions as D1, D2... with a legend below; every column.
    Short,
    /// As `Short`, with coverage, confidence, evidence and respondents moved to the details.
    Narrow,
    /// As `Narrow`, with the risk tier moved to the details too.
    Narrowest,
    /// Many dimensions: dimensions as rows and processes as columns, in as many blocks of
    /// processes as the width needs; the facts of `Narrowest` in the details.
    Transposed,
}

impl Layout {
    fn short_dimensions(self) -> bool {
        matches!(self, Layout::Short | Layout::Narrow | Layout::Narrowest)
    }
    fn evidence_columns(self) -> bool {
        matches!(self, Layout::Full | Layout::Short)
    }
    fn risk_column(self) -> bool {
        matches!(self, Layout::Full | Layout::Short | Layout::Narrow)
    }
}

/// The process column may wrap its names down to this width before a smaller layout is chosen.
const PROCESS_WRAP_WIDTH: u16 = 16;

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
            Verdict::NotAssessed => Color::DarkGrey,
        })
    }

    /// The most of the heatmap that fits the terminal; everything when there is no terminal.
    fn layout(&self, report: &Report) -> Layout {
        let Some(width) = self.width else {
            return Layout::Full;
        };
        let layouts = [
            Layout::Full,
            Layout::Short,
            Layout::Narrow,
            Layout::Narrowest,
        ];
        let width = usize::from(width);
        if let Some(layout) = layouts
            .into_iter()
            .find(|&layout| needed_width(&self.heatmap_table(report, layout)) <= width)
        {
            return layout;
        }
        // Process names may wrap further, down to their longest word, before dimensions turn.
        let narrowest = self.heatmap_table(report, Layout::Narrowest);
        match least_width(&narrowest) <= width {
            true => Layout::Narrowest,
            false => Layout::Transposed,
        }
    }

    /// The heatmap turned on its side: a row per dimension, then readiness and verdict, and a
    /// column per process of `processes`.
    fn transposed_table(&self, report: &Report, processes: &[ProcessView]) -> ComfyTable {
        let mut table = self.new_table();
        let mut header = vec!["Dimension".to_string()];
        header.extend(processes.iter().map(|p| column_header(&p.name)));
        table.set_header(header);
        for (i, dimension) in report.dimensions.iter().enumerate() {
            let mut row = vec![Cell::new(&dimension.name)];
            row.extend(processes.iter().map(|p| match p.dimensions.0.get(i) {
                Some((_, d)) if d.not_applicable => Cell::new(d.shown()),
                Some((_, d)) => self.score_cell(d.score),
                None => Cell::new(""),
            }));
            table.add_row(row);
        }
        let mut readiness = vec![Cell::new("Readiness")];
        readiness.extend(processes.iter().map(|p| self.score_cell(p.readiness)));
        table.add_row(readiness);
        let mut verdicts = vec![Cell::new("Verdict")];
        verdicts.extend(processes.iter().map(|p| self.verdict_cell(p.verdict)));
        table.add_row(verdicts);
        table
    }

    /// The transposed heatmap, its processes split into blocks that each fit `width` columns
    /// (at least one process a block), every block repeating the dimension names.
    fn transposed_heatmap(&self, report: &Report, width: u16) -> String {
        in_blocks(&report.processes, width, |processes| {
            self.transposed_table(report, processes)
        })
    }

    /// A table in the house style, coloured only when asked.
    fn new_table(&self) -> ComfyTable {
        house_table(self.color)
    }

    fn heatmap_table(&self, report: &Report, layout: Layout) -> ComfyTable {
        let mut table = self.new_table();
        let mut header = vec!["Process".to_string()];
        if layout.risk_column() {
            header.push("Risk".into());
        }
        header.extend(dimension_headers(
            report.dimensions.iter().map(|d| d.name.as_str()),
            layout.short_dimensions(),
        ));
        header.extend(["Readiness", "Verdict"].map(String::from));
        if layout.evidence_columns() {
            header.extend(["Coverage", "Confidence", "Evidence", "Resp."].map(String::from));
        }
        table.set_header(header);
        for p in &report.processes {
            let mut row = vec![Cell::new(&p.name)];
            if layout.risk_column() {
                row.push(Cell::new(p.risk_tier.as_str()));
            }
            row.extend(p.dimensions.0.iter().map(|(_, d)| match d.not_applicable {
                true => Cell::new(d.shown()),
                false => self.score_cell(d.score),
            }));
            row.push(self.score_cell(p.readiness));
            row.push(self.verdict_cell(p.verdict));
            if layout.evidence_columns() {
                row.push(Cell::new(format_percent(p.coverage)));
                row.push(Cell::new(p.confidence.as_str()));
                row.push(Cell::new(super::evidence::evidence_share(p)));
                row.push(Cell::new(p.respondents));
            }
            table.add_row(row);
        }
        table
    }

    /// The heatmap of processes by dimensions, fitted to the terminal when there is one: names
    /// of processes wrap at words, other columns keep their width, and when that is not enough
    /// the dimensions become D1, D2... (with a legend) and the least needed columns move to the
    /// details below the table; when even that is too wide, dimensions become rows.
    fn fitted_heatmap(&self, report: &Report) -> (String, Layout) {
        let layout = self.layout(report);
        if let (Layout::Transposed, Some(width)) = (layout, self.width) {
            return (self.transposed_heatmap(report, width), layout);
        }
        let mut table = self.heatmap_table(report, layout);
        fit_first_column(&mut table, self.width);
        let mut out = table.to_string();
        if layout.short_dimensions() {
            let names: Vec<&str> = report.dimensions.iter().map(|d| d.name.as_str()).collect();
            out.push('\n');
            out.push_str(&dimension_legend(&names, self.width));
        }
        (out, layout)
    }

    /// The heatmap of processes by dimensions.
    pub fn heatmap(&self, report: &Report) -> String {
        self.fitted_heatmap(report).0
    }
}

/// Columns a table needs when its first column's text wraps down to [`PROCESS_WRAP_WIDTH`]:
/// the content widths, one space of padding each side, and a border between and around columns.
pub(super) fn needed_width(table: &ComfyTable) -> usize {
    let widths = table.column_max_content_widths();
    let first = widths.first().map_or(0, |&w| w.min(PROCESS_WRAP_WIDTH));
    usize::from(first) + around_first_column(&widths)
}

/// Columns taken by everything but the first column's text: the other columns' text, one space
/// of padding each side of every column, and a border between and around columns.
fn around_first_column(widths: &[u16]) -> usize {
    let others: usize = widths.iter().skip(1).map(|&w| usize::from(w)).sum();
    others + 3 * widths.len() + 1
}

/// A process name as the header of a column of scores: wrapped at words to the width a verdict
/// needs, or to its longest word, never inside a word.
pub(super) fn column_header(name: &str) -> String {
    let longest = name.split_whitespace().map(|w| w.chars().count()).max();
    let options = textwrap::Options::new(longest.unwrap_or(0).max(12))
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::wrap(name, options).join("\n")
}

/// Columns a table needs at the least: its first column wrapped down to its longest word.
pub(super) fn least_width(table: &ComfyTable) -> usize {
    let widths = table.column_max_content_widths();
    let first = widths.first().map_or(0, |&w| usize::from(w));
    first.min(longest_first_word(table)) + around_first_column(&widths)
}

/// The longest word in the first column (at least 1).
fn longest_first_word(table: &ComfyTable) -> usize {
    table
        .column_cells_with_header_iter(0)
        .flatten()
        .flat_map(|cell| {
            let content = cell.content();
            content
                .split_whitespace()
                .map(|word| word.chars().count())
                .collect::<Vec<_>>()
        })
        .max()
        .unwrap_or(1)
}

/// Lays `table` out without wrapping, except that on a terminal of `width` columns the first
/// column (the process names) wraps at words to the room the other columns leave, down to its
/// longest word. Without a width the output is the same on every machine.
pub(super) fn fit_first_column(table: &mut ComfyTable, width: Option<u16>) {
    table.set_content_arrangement(ContentArrangement::Disabled);
    let Some(first) = first_column_width(table, width) else {
        return;
    };
    if let Some(column) = table.column_mut(0) {
        // A fixed width counts the padding, one space each side.
        column.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(first + 2)));
    }
}

/// A table in the house style, coloured only when `color`.
pub(crate) fn house_table(color: bool) -> ComfyTable {
    let mut table = ComfyTable::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED);
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table
}

/// `items` in blocks of as many as fit `width` columns (at least one a block), each block the
/// table `make` builds of them, its first column fitted to `width`; the blocks one under the
/// other. With no items, the one table of none.
pub(crate) fn in_blocks<T>(items: &[T], width: u16, make: impl Fn(&[T]) -> ComfyTable) -> String {
    let mut blocks = Vec::new();
    let mut start = 0;
    loop {
        let mut end = (start + 1).min(items.len());
        while end < items.len() && needed_width(&make(&items[start..=end])) <= usize::from(width) {
            end += 1;
        }
        let mut table = make(&items[start..end]);
        fit_first_column(&mut table, Some(width));
        blocks.push(table.to_string());
        start = end;
        if start >= items.len() {
            break;
        }
    }
    blocks.join("\n")
}

/// The width (without padding) the first column of `table` gets on a terminal of `width`
/// columns: the room the other columns leave, at most what it needs and at least its longest
/// word. `None` without a width.
pub(super) fn first_column_width(table: &ComfyTable, width: Option<u16>) -> Option<u16> {
    let width = width?;
    let widths = table.column_max_content_widths();
    let natural = *widths.first()?;
    let room = usize::from(width).saturating_sub(around_first_column(&widths));
    // Narrower than PROCESS_WRAP_WIDTH only when nothing else fits, and never inside a word.
    let least = u16::try_from(longest_first_word(table))
        .unwrap_or(u16::MAX)
        .min(natural);
    Some(
        u16::try_from(room)
            .unwrap_or(u16::MAX)
            .clamp(least, natural),
    )
}

/// Dimension headers: each name one word per line, or `D1`, `D2`... when `short`.
pub(super) fn dimension_headers<'a>(
    names: impl IntoIterator<Item = &'a str>,
    short: bool,
) -> Vec<String> {
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            if short {
                format!("D{}", i + 1)
            } else {
                // One word per line, so that a header never breaks inside a word.
                name.split_whitespace().collect::<Vec<_>>().join("\n")
            }
        })
        .collect()
}

/// The legend for short dimension headers, wrapped at words to `width` columns.
pub(super) fn dimension_legend(names: &[&str], width: Option<u16>) -> String {
    let legend: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, name)| format!("D{} {name}", i + 1))
        .collect();
    wrap_words(&legend.join(" · "), width)
}

/// `text` wrapped at words to `width` columns (not at all without a width).
fn wrap_words(text: &str, width: Option<u16>) -> String {
    let Some(width) = width.map(usize::from) else {
        return text.to_string();
    };
    let mut lines: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

fn process_details(
    report: &Report,
    p: &ProcessView,
    layout: Layout,
    width: Option<u16>,
    out: &mut String,
) {
    out.push('\n');
    out.push_str(&super::text::paragraph(
        &format!(
            "{}: {} (readiness {})",
            p.name,
            verdict_label(p.verdict),
            super::areas::readiness_in_brackets(report, p)
        ),
        width,
        "",
        "  ",
    ));
    // What the heatmap had no room for.
    let mut facts = Vec::new();
    if !layout.risk_column() {
        facts.push(format!("{} risk", p.risk_tier.as_str()));
    }
    if !layout.evidence_columns() {
        let respondents = match p.respondents {
            1 => "1 respondent".to_string(),
            n => format!("{n} respondents"),
        };
        facts.push(format!(
            "coverage {}, confidence {}, evidence {}, {respondents}",
            format_percent(p.coverage),
            p.confidence.as_str(),
            super::evidence::evidence_share(p)
        ));
    }
    if !facts.is_empty() {
        out.push_str(&format!("  {}\n", facts.join("; ")));
    }
    out.push_str(&super::areas::table_block(report, p, width));
    for reason in &p.reasons {
        out.push_str(&super::text::paragraph(reason, width, "  - ", "    "));
    }
    for disagreement in &p.disagreements {
        let levels: Vec<String> = disagreement
            .levels
            .0
            .iter()
            .map(|(respondent, level)| format!("{} {level}", p.respondent_name(respondent)))
            .collect();
        out.push_str(&super::text::paragraph(
            &format!(
                "disagreement: `{}` respondents differ ({})",
                disagreement.question,
                levels.join(", ")
            ),
            width,
            "  ",
            "    ",
        ));
    }
    for seam in p.seams_at_risk() {
        seam_details(seam, width, out);
    }
    out.push_str(&super::evidence::table_details(p, width));
}

/// A seam at risk: its name, the figures, the questions below target on each side, the risk
/// and the actions that mend it, each wrapped like the reasons.
fn seam_details(seam: &super::seams::SeamView, width: Option<u16>, out: &mut String) {
    use super::text::paragraph;
    out.push_str(&paragraph(
        &format!("seam at risk: {} (`{}`)", seam.name, seam.id),
        width,
        "  ",
        "    ",
    ));
    out.push_str(&paragraph(&seam.finding, width, "    ", "      "));
    for side in seam.sides.iter().filter(|s| !s.below_target.is_empty()) {
        out.push_str(&paragraph(
            &format!("below target on {}: {}", side.name, side.evidence()),
            width,
            "    ",
            "      ",
        ));
    }
    out.push_str(&paragraph(
        &format!("risk: {}", seam.risk),
        width,
        "    ",
        "      ",
    ));
    if !seam.actions.is_empty() {
        out.push_str(&paragraph(
            &format!("to mend it: {}", seam.action_titles()),
            width,
            "    ",
            "      ",
        ));
    }
}

impl Table {
    /// Scores, verdicts and disagreements, without the plan (the end of an `omd assess` session).
    pub fn scores(&self, report: &Report) -> String {
        let mut out = title_lines(report);
        out.push('\n');
        if let Some(date) = &report.date {
            out.push_str(&format!("Date: {date}\n\n"));
        }
        out.push_str(&self.findings(report));
        out
    }

    /// The heatmap, then each process's verdict with its reasons and disagreements.
    fn findings(&self, report: &Report) -> String {
        let (heatmap, layout) = self.fitted_heatmap(report);
        let mut out = heatmap;
        out.push('\n');
        for p in &report.processes {
            process_details(report, p, layout, self.width, &mut out);
        }
        out
    }

    /// The summary first, then the heatmap and each verdict's reasons, then the roadmap.
    fn report_text(&self, report: &Report) -> String {
        use super::plan_text;
        let mut out = title_lines(report);
        if let Some(date) = &report.date {
            out.push_str(&format!("Date: {date}\n"));
        }
        if let Some(line) = report.target_profile_line() {
            out.push_str(&super::text::paragraph(&line, self.width, "", "  "));
        }
        out.push_str(&super::text::paragraph(
            &plan_text::plan_line(report),
            self.width,
            "",
            "",
        ));
        out.push('\n');
        out.push_str(&plan_text::summary_text(report, self.width, true));
        out.push('\n');
        let archetype = archetype_text(report, self.width);
        if !archetype.is_empty() {
            out.push_str(&archetype);
            out.push('\n');
        }
        out.push_str(&self.findings(report));
        out.push('\n');
        out.push_str(&super::text::paragraph(
            "Roadmap by workstream (the go-live checklists, owner load and every step: omd plan DIR --steps)",
            self.width,
            "",
            "  ",
        ));
        out.push_str(&plan_text::roadmap_text(
            report,
            self.width,
            true,
            "omd plan DIR --steps",
        ));
        out
    }
}

/// The operating-model archetype: the advice with its reasons and what would change it, or the
/// facts that would allow advice. Empty for a report saved before it existed.
fn archetype_text(report: &Report, width: Option<u16>) -> String {
    use super::text::paragraph;
    let a = &report.archetype;
    if a.headline.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "Operating-model archetype: {}\n",
        a.recommendation.map_or("no advice", |k| k.label())
    );
    out.push_str(&paragraph(&a.headline, width, "  ", "  "));
    if !a.stage_text.is_empty() {
        out.push_str(&paragraph(&a.stage_text, width, "  ", "  "));
    }
    if !a.reasons.is_empty() {
        out.push_str("  Why:\n");
        for r in &a.reasons {
            out.push_str(&paragraph(&r.text, width, "  - ", "    "));
        }
    }
    if !a.would_change.is_empty() {
        out.push_str("  What would change it (the other facts as they are):\n");
        for c in &a.would_change {
            out.push_str(&paragraph(&c.text, width, "  - ", "    "));
        }
    }
    for need in &a.needs {
        out.push_str(&paragraph(need, width, "  - ", "    "));
    }
    out
}

/// "Client — engagement" and the questionnaire, each on its line.
fn title_lines(report: &Report) -> String {
    format!(
        "{} — {}\nQuestionnaire: {} {}\n",
        report.engagement.client,
        report.engagement.name,
        report.questionnaire.id,
        report.questionnaire.version
    )
}

impl Render for Table {
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        Ok(out.write_all(self.report_text(report).as_bytes())?)
    }

    fn render_plan(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let text = super::plan_text::text(report, self.width, self.steps);
        Ok(out.write_all(text.as_bytes())?)
    }
}
