//! The JSON report: the view-model as it is, pretty-printed, with a final newline; and reading
//! one back, for `omd diff`.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use super::model::SCHEMA_VERSION;
use super::{Render, Report};

/// A saved JSON report larger than this is refused rather than read into memory.
pub const MAX_REPORT_BYTES: u64 = 64 * 1024 * 1024;

pub struct Json;

impl Render for Json {
    fn render(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
        serde_json::to_writer_pretty(&mut *out, report)?;
        Ok(out.write_all(b"\n")?)
    }

    fn render_plan(&self, report: &Report, out: &mut dyn Write) -> anyhow::Result<()> {
        let plan = PlanJson {
            schema_version: report.schema_version,
            engagement: &report.engagement,
            questionnaire: &report.questionnaire,
            date: report.date.as_deref(),
            summary: &report.summary,
            roadmap: &report.roadmap,
            checklists: &report.checklists,
            plan: &report.plan,
        };
        serde_json::to_writer_pretty(&mut *out, &plan)?;
        Ok(out.write_all(b"\n")?)
    }
}

/// The plan JSON (`omd plan --format json`): the report's identification, summary, roadmap,
/// checklists and plan, borrowed from the report.
#[derive(Serialize)]
struct PlanJson<'a> {
    schema_version: u32,
    engagement: &'a super::model::EngagementView,
    questionnaire: &'a super::model::QuestionnaireView,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    summary: &'a super::summary::Summary,
    roadmap: &'a super::roadmap::Roadmap,
    checklists: &'a [super::checklist::Checklist],
    plan: &'a crate::plan::Plan,
}

/// Only the version, read first so a report from another version of omd gets a message about
/// the version rather than about whichever field changed.
#[derive(Deserialize)]
struct Versioned {
    #[serde(default)]
    schema_version: Option<serde_json::Value>,
}

/// Reads a report saved with `omd report --format json`.
pub fn read(path: &Path) -> anyhow::Result<Report> {
    let size = std::fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .len();
    if size > MAX_REPORT_BYTES {
        bail!(
            "{}: {size} bytes is larger than the {MAX_REPORT_BYTES} bytes a JSON report may be",
            path.display()
        );
    }
    // The cap bounds what is read, not only what the file claims to hold.
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_REPORT_BYTES + 1).read_to_string(&mut text))
        .with_context(|| format!("cannot read {}", path.display()))?;
    if text.len() as u64 > MAX_REPORT_BYTES {
        bail!(
            "{}: larger than the {MAX_REPORT_BYTES} bytes a JSON report may be",
            path.display()
        );
    }
    // A report that went through a Windows editor may start with a byte-order mark.
    parse(text.strip_prefix('\u{feff}').unwrap_or(&text))
        .with_context(|| path.display().to_string())
}

/// Parses a JSON report; errors name the line and column where serde_json knows them.
pub fn parse(text: &str) -> anyhow::Result<Report> {
    let versioned: Versioned = serde_json::from_str(text)
        .map_err(|e| anyhow::anyhow!("not a JSON report from `omd report --format json`: {e}"))?;
    match versioned.schema_version {
        None => bail!(
            "not an omd JSON report: it has no `schema_version` (save one with \
             `omd report DIR --format json --output FILE`)"
        ),
        Some(v) if v.as_u64() == Some(u64::from(SCHEMA_VERSION)) => {}
        Some(v) => bail!(
            "JSON report has schema_version {v}; this omd reads schema_version {SCHEMA_VERSION} \
             (make the report again with this omd, from its engagement folder)"
        ),
    }
    serde_json::from_str(text).map_err(|e| anyhow::anyhow!("not a valid omd JSON report: {e}"))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn refusals_say_what_is_wrong() {
        let not_json = parse("{\n  \"a\": tru\n}").unwrap_err().to_string();
        assert!(not_json.contains("at line 3 column"), "{not_json}");
        let no_version = parse("{\"processes\": []}").unwrap_err().to_string();
        assert!(no_version.contains("no `schema_version`"), "{no_version}");
        let other = parse("{\"schema_version\": 99}").unwrap_err().to_string();
        assert!(other.contains("schema_version 99"), "{other}");
        let wrong = parse("{\"schema_version\": 1, \"engagement\": 3}")
            .unwrap_err()
            .to_string();
        assert!(wrong.contains("line 1 column"), "{wrong}");
        let array = parse("[1, 2]").unwrap_err().to_string();
        assert!(array.contains("not a JSON report"), "{array}");
    }
}
