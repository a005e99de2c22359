//! The JSON report: the view-model as it is, pretty-printed, with a final newline.

use super::{Render, Report};

pub struct Json;

impl Render for Json {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        let mut text = serde_json::to_string_pretty(report)?;
        text.push('\n');
        Ok(text)
    }

    fn render_plan(&self, report: &Report) -> anyhow::Result<String> {
        let mut text = serde_json::to_string_pretty(&serde_json::json!({ "plan": report.plan }))?;
        text.push('\n');
        Ok(text)
    }
}
