//! Reports: the view-model built once, and one renderer per format.

pub mod anonymise;
pub mod archetype;
pub mod areas;
pub mod checklist;
pub mod csv;
pub mod date;
pub mod diff;
pub mod evidence;
pub mod gate;
pub mod html;
pub mod json;
pub mod markdown;
pub mod model;
pub mod outline;
pub mod plan_text;
pub mod pretty_json;
pub mod roadmap;
pub mod seams;
pub mod summary;
pub mod svg;
pub mod table;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
pub mod visible;
pub mod whatif;

use std::io::Write;

pub use model::{AnswerViews, Planned, Report};

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Markdown,
    Json,
    Html,
    Csv,
}

/// Formats a report into `out` as it goes (a report is never held whole as text); renderers
/// only format, they never compute figures.
pub trait Render {
    /// The whole report: scores, verdicts, disagreements and the plan.
    fn render(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()>;
    /// The plan alone, for `omd plan`.
    fn render_plan(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()>;
}

/// The renderer for `format`; `color` and `width` (the terminal's, if the output is one) only
/// matter for the table.
pub fn renderer(format: Format, color: bool, width: Option<u16>) -> Box<dyn Render> {
    plan_renderer(format, color, width, false)
}

/// As [`renderer`]; `steps` (`omd plan --steps`) adds every step to the terminal plan, which
/// otherwise shows the summary and the roadmap only. The other formats always hold every step.
pub fn plan_renderer(
    format: Format,
    color: bool,
    width: Option<u16>,
    steps: bool,
) -> Box<dyn Render> {
    match format {
        Format::Table => Box::new(Visible(table::Table {
            color,
            width,
            steps,
        })),
        Format::Markdown => Box::new(Visible(markdown::Markdown)),
        Format::Json => Box::new(json::Json),
        // A report file may be printed or opened anywhere: only JSON, whose own escapes make
        // every character safe, carries user text as it was typed.
        Format::Html => Box::new(Visible(html::Html)),
        Format::Csv => Box::new(Visible(self::csv::Csv)),
    }
}

/// A text renderer given a report whose every text is safe for a terminal: the report itself
/// when no text needs a change, as is almost always the case, or a copy made safe.
struct Visible<R>(R);

impl<R: Render> Render for Visible<R> {
    fn render(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
        if visible::needs_change(report) {
            self.0.render(&report.visible()?, out)
        } else {
            self.0.render(report, out)
        }
    }
    fn render_plan(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
        if visible::needs_change(report) {
            self.0.render_plan(&report.visible()?, out)
        } else {
            self.0.render_plan(report, out)
        }
    }
}
