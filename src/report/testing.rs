//! Reports for unit tests: the shipped example engagement, built as `omd report` builds it.

use std::path::Path;

use super::Report;
use crate::{assessment, plan, scoring};

/// The example engagement's report (examples/meridian-freight), with its plan.
pub fn example_report() -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/meridian-freight");
    let engagement = assessment::engagement::load(&dir).expect("the example loads");
    let start = engagement
        .file
        .start
        .as_deref()
        .map(|s| crate::calendar::parse(s, "start").expect("the example's start is a date"));
    let settings = plan::Settings {
        start: start.map(crate::calendar::Weeks::starting),
        ..plan::Settings::default()
    };
    let scorecard = scoring::score(&engagement, settings.min_coverage);
    let plan = plan::build(
        &engagement.questionnaire,
        &scorecard,
        &engagement.file.processes,
        &settings,
    )
    .expect("the example plans");
    Report::build(&engagement, &scorecard, plan, None, settings.min_coverage)
}
