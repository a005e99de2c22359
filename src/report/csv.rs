//! CSV: the report as one row per process and dimension, and the answers export as one row per
//! process, respondent and question. Both open cleanly in a spreadsheet: the csv crate quotes
//! fields, and a text cell that a spreadsheet would run as a formula gets a leading apostrophe.

use std::borrow::Cow;

use super::{Render, Report};

/// Column names of the report CSV. `seams_at_risk`, like readiness and verdict, is the
/// process's, repeated on each of its rows: `id:status` per seam at risk, `; ` between them.
/// A row with `group_id` gives a group (practice) of the dimension; it follows the dimension's
/// own row, whose `group_id` is empty.
pub const REPORT_HEADER: [&str; 22] = [
    "process_id",
    "process_name",
    "dimension_id",
    "dimension_name",
    "score",
    "coverage",
    "readiness",
    "verdict",
    "confidence",
    "respondents",
    "disagreements",
    "date",
    "seams_at_risk",
    "evidence",
    "stale",
    "undated",
    "group_id",
    "group_name",
    "band",
    "native_score",
    "readiness_native",
    "engagement_targets",
];

/// Column names of the answers export; `group_id` is empty when the questionnaire has no groups,
/// `target_source` says whether the question's `target` is the questionnaire's or the
/// engagement's.
pub const ANSWERS_HEADER: [&str; 18] = [
    "process_id",
    "process_name",
    "respondent_id",
    "respondent_name",
    "role",
    "dimension_id",
    "question_id",
    "question",
    "level",
    "level_label",
    "not_applicable",
    "note",
    "evidence",
    "date",
    "stale",
    "group_id",
    "target",
    "target_source",
];

/// Column names of the plan CSV (`omd plan --format csv`).
pub const PLAN_HEADER: [&str; 19] = [
    "kind",
    "wave",
    "wave_title",
    "id",
    "action",
    "processes",
    "dimension",
    "question",
    "effort",
    "owner",
    "start_week",
    "end_week",
    "depends_on",
    "within_horizon",
    "reason",
    "date",
    "title",
    "start_date",
    "end_date",
];

/// Spreadsheets run a cell starting with one of these as a formula (`=HYPERLINK(...)`, `@SUM`,
/// `+1+cmd|...`), so such a cell gets a leading apostrophe, which they show as text. No figure
/// omd writes starts with one: scores, coverage and counts are never negative.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell as written: defused when a spreadsheet would read it as a formula.
pub fn cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn score(value: Option<f64>) -> String {
    value.map_or(String::new(), |s| format!("{s:.1}"))
}

/// Questions by where they sit: (dimension, group, question id), in the order given.
type Placed<'a> = Vec<(&'a str, Option<&'a str>, &'a str)>;

/// The ids of `placed` in dimension `dimension` (and in group `group`, unless it is empty),
/// separated by `; `.
fn ids_in(placed: &Placed, dimension: &str, group: &str) -> String {
    let ids: Vec<&str> = placed
        .iter()
        .filter(|(d, g, _)| *d == dimension && (group.is_empty() || *g == Some(group)))
        .map(|(_, _, id)| *id)
        .collect();
    ids.join("; ")
}

fn finish<W: std::io::Write>(mut writer: ::csv::Writer<W>) -> anyhow::Result<()> {
    writer.flush()?;
    Ok(())
}

fn write_row<W: std::io::Write, const N: usize>(
    writer: &mut ::csv::Writer<W>,
    row: [&str; N],
) -> anyhow::Result<()> {
    writer.write_record(row.iter().map(|text| cell(text).into_owned()))?;
    Ok(())
}

/// The report CSV: one row per process and dimension, and per group of the dimension.
pub struct Csv;

impl Render for Csv {
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut writer = ::csv::Writer::from_writer(out);
        writer.write_record(REPORT_HEADER)?;
        let date = report.date.as_deref().unwrap_or("");
        for p in &report.processes {
            let readiness = score(p.readiness);
            let native = |value: Option<f64>| {
                super::model::NativeScoreView::cell(
                    report.questionnaire.native_score.as_ref(),
                    value,
                )
            };
            let readiness_native = native(p.readiness_native);
            let respondents = p.respondents.to_string();
            let seams: Vec<String> = p
                .seams_at_risk()
                .iter()
                .map(|s| format!("{}:{}", s.id, s.status.as_str()))
                .collect();
            let seams = seams.join("; ");
            let evidence = p.evidence.share.to_string();
            // Counted in a dated report only; empty without `--date`.
            let (stale, undated) = p
                .freshness
                .as_ref()
                .map_or((String::new(), String::new()), |f| {
                    (f.stale.to_string(), f.undated.to_string())
                });
            // Where the process's engagement targets and disagreements sit, found once for all
            // its rows.
            let targeted: Placed = p
                .questions
                .iter()
                .filter(|q| q.target_source == super::model::TargetSource::Engagement)
                .map(|q| (&*q.dimension, q.group.as_deref(), &*q.id))
                .collect();
            let disagreed: Placed = p
                .disagreements
                .iter()
                .map(|s| {
                    let group = p.question(&s.question).and_then(|q| q.group.as_deref());
                    (&*s.dimension, group, &*s.question)
                })
                .collect();
            for (id, d) in &p.dimensions.0 {
                // The dimension's row, then one per group (practice) of it.
                let mut areas = vec![(
                    "",
                    "",
                    d.score,
                    d.coverage,
                    super::areas::label(d.band.as_ref()),
                    d.native,
                )];
                areas.extend(d.groups.0.iter().map(|(gid, g)| {
                    (
                        gid.as_str(),
                        g.name.as_str(),
                        g.score,
                        g.coverage,
                        super::areas::label(g.band.as_ref()),
                        g.native,
                    )
                }));
                for (group_id, group_name, area_score, coverage, band, area_native) in areas {
                    write_row(
                        &mut writer,
                        [
                            &p.id,
                            &p.name,
                            id,
                            &d.name,
                            &score(area_score),
                            &coverage.to_string(),
                            &readiness,
                            p.verdict.as_str(),
                            p.confidence.as_str(),
                            &respondents,
                            &ids_in(&disagreed, id, group_id),
                            date,
                            &seams,
                            &evidence,
                            &stale,
                            &undated,
                            group_id,
                            group_name,
                            band,
                            &native(area_native),
                            &readiness_native,
                            &ids_in(&targeted, id, group_id),
                        ],
                    )?;
                }
            }
        }
        finish(writer)
    }

    /// The plan: a `step` row per step, wave by wave, then a `go_live` row per process (its
    /// week in `start_week` and `end_week`, empty when not planned).
    fn render_plan(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        let mut writer = ::csv::Writer::from_writer(out);
        writer.write_record(PLAN_HEADER)?;
        let date = report.date.as_deref().unwrap_or("");
        for wave in &report.plan.waves {
            let index = wave.index.to_string();
            for step in &wave.steps {
                write_row(
                    &mut writer,
                    [
                        "step",
                        &index,
                        &wave.title,
                        &step.id,
                        &step.action,
                        &step.processes.join("; "),
                        &step.dimension,
                        step.question.as_deref().unwrap_or(""),
                        step.effort.as_str(),
                        &step.owner,
                        &step.start_week.to_string(),
                        &step.end_week.to_string(),
                        &step.depends_on.join("; "),
                        "",
                        &step.reason,
                        date,
                        &step.title,
                        step.start_date.as_deref().unwrap_or(""),
                        step.end_date.as_deref().unwrap_or(""),
                    ],
                )?;
            }
        }
        for g in &report.plan.go_live {
            let week = g.week.map_or(String::new(), |w| w.to_string());
            write_row(
                &mut writer,
                [
                    "go_live",
                    "",
                    "",
                    &g.process,
                    &format!("Go live: {}", report.process_name(&g.process)),
                    &g.process,
                    "",
                    "",
                    "",
                    "",
                    &week,
                    &week,
                    "",
                    if g.within_horizon { "true" } else { "false" },
                    &g.reason,
                    date,
                    &format!("Go live: {}", report.process_name(&g.process)),
                    g.date.as_deref().unwrap_or(""),
                    g.date.as_deref().unwrap_or(""),
                ],
            )?;
        }
        finish(writer)
    }
}

/// The answers export: one row per process, respondent and question, unanswered questions
/// included (with empty answer cells), so a spreadsheet shows what is still to ask.
pub fn answers(report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
    let mut writer = ::csv::Writer::from_writer(out);
    writer.write_record(ANSWERS_HEADER)?;
    for p in &report.processes {
        for r in &p.respondent_details {
            for q in &p.questions {
                let answer = q.answers.iter().find(|a| *a.respondent == *r.id);
                let level = answer
                    .and_then(|a| a.level)
                    .map_or(String::new(), |l| l.to_string());
                let text = |f: fn(&super::model::AnswerView) -> Option<&str>| {
                    answer.and_then(f).unwrap_or("")
                };
                let evidence = answer.map_or(String::new(), |a| a.evidence.join("; "));
                // Judged in a dated export only, for a dated answer.
                let stale = match answer.and_then(|a| a.stale) {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                };
                write_row(
                    &mut writer,
                    [
                        &p.id,
                        &p.name,
                        &r.id,
                        &r.name,
                        &r.role,
                        &q.dimension,
                        &q.id,
                        &q.text,
                        &level,
                        text(|a| a.level_label.as_deref()),
                        text(|a| a.not_applicable.as_deref()),
                        text(|a| a.note.as_deref()),
                        &evidence,
                        text(|a| a.date.as_deref()),
                        stale,
                        q.group.as_deref().unwrap_or(""),
                        &q.target.to_string(),
                        match q.target_source {
                            super::model::TargetSource::Questionnaire => "questionnaire",
                            super::model::TargetSource::Engagement => "engagement",
                        },
                    ],
                )?;
            }
        }
    }
    finish(writer)
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formulas_are_defused_and_figures_left_alone() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell("+1+1"), "'+1+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("77.3"), "77.3");
        assert_eq!(cell("a = b"), "a = b");
        assert_eq!(cell(""), "");
    }
}
