//! The HTML report: one self-contained file for a client, readable offline and printable on A4.
//! The page is an askama template (`templates/report.html`, checked at compile time, escaping
//! every value unless marked safe); the only values marked safe are the charts, which the SVG
//! writer escapes itself.

use std::collections::HashMap;

use askama::Template;

use super::model::{format_percent, format_score, verdict_label, AnswerView, ProcessView};
use super::svg;
use super::{Render, Report};

pub struct Html;

impl Render for Html {
    fn render(&self, report: &Report) -> anyhow::Result<String> {
        finish(page(report, false).render()?)
    }

    /// The plan alone (`omd plan --format html`): the same page without the scores.
    fn render_plan(&self, report: &Report) -> anyhow::Result<String> {
        finish(page(report, true).render()?)
    }
}

fn finish(mut text: String) -> anyhow::Result<String> {
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// The page: the report's figures, formatted as text for the template.
#[derive(Template)]
#[template(path = "report.html", config = "src/report/askama.toml")]
struct Page<'a> {
    title: String,
    client: &'a str,
    questionnaire: String,
    date: Option<&'a str>,
    ready_at: String,
    not_ready_below: String,
    min_coverage: String,
    seam_spread: usize,
    dimensions: Vec<&'a str>,
    /// Only the plan (`omd plan`): no summary, heatmap or process sections.
    plan_only: bool,
    rows: Vec<Row<'a>>,
    processes: Vec<ProcessPage<'a>>,
    plan: PlanPage,
}

/// A process in the summary and the heatmap.
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    risk: &'a str,
    readiness: String,
    band: &'static str,
    verdict: &'static str,
    verdict_class: &'static str,
    coverage: String,
    confidence: &'static str,
    respondents: usize,
    cells: Vec<HeatCell>,
}

struct HeatCell {
    score: String,
    band: &'static str,
}

struct ProcessPage<'a> {
    id: &'a str,
    name: &'a str,
    owner: &'a str,
    verdict: &'static str,
    verdict_class: &'static str,
    readiness: String,
    coverage: String,
    confidence: &'static str,
    respondents: usize,
    risk: &'a str,
    reasons: Vec<Vec<Span>>,
    chart: String,
    seams: Vec<SeamPage<'a>>,
    answers: Vec<DimensionAnswers<'a>>,
}

struct SeamPage<'a> {
    question: &'a str,
    text: &'a str,
    spread: usize,
    answers: Vec<AnswerPage<'a>>,
}

struct DimensionAnswers<'a> {
    name: &'a str,
    score: String,
    questions: Vec<QuestionPage<'a>>,
}

struct QuestionPage<'a> {
    id: &'a str,
    text: &'a str,
    combined: String,
    target: usize,
    below_target: bool,
    answers: Vec<AnswerPage<'a>>,
}

struct AnswerPage<'a> {
    respondent: &'a str,
    answer: String,
    note: Option<&'a str>,
    evidence: &'a [String],
}

struct PlanPage {
    timeline: String,
    horizon_weeks: u32,
    first_process: Option<String>,
    waves: Vec<WavePage>,
    go_live: Vec<GoLivePage>,
    /// (owner role, its peak load).
    owner_load: Vec<(String, String)>,
}

struct WavePage {
    index: usize,
    title: String,
    weeks: String,
    /// The wave's steps by week: one chart, or several for a long wave.
    charts: Vec<String>,
    steps: Vec<StepPage>,
}

struct StepPage {
    weeks: String,
    action: String,
    processes: String,
    owner: String,
    effort: &'static str,
    reason: Vec<Span>,
}

/// A piece of a reason: the planner and the verdicts quote ids between backticks, shown here
/// as `<code>`; the text stays escaped by the template.
struct Span {
    code: bool,
    text: String,
}

/// Splits `text` at backticks into plain and code spans.
fn code_spans(text: &str) -> Vec<Span> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| Span {
            code: i % 2 == 1,
            text: part.to_string(),
        })
        .collect()
}

struct GoLivePage {
    process: String,
    week: String,
    /// Planned, but later than the horizon.
    after_horizon: bool,
    reason: Vec<Span>,
}

fn answer_page(a: &AnswerView) -> AnswerPage<'_> {
    let answer = match (a.level, &a.level_label, &a.not_applicable) {
        (Some(level), Some(label), _) => format!("{level} ({label})"),
        (Some(level), None, _) => level.to_string(),
        (None, _, Some(reason)) if reason.trim().is_empty() => "not applicable".to_string(),
        (None, _, Some(reason)) => format!("not applicable: {}", reason.trim()),
        (None, _, None) => "no answer".to_string(),
    };
    AnswerPage {
        respondent: &a.respondent_name,
        answer,
        note: a.note.as_deref().map(str::trim).filter(|n| !n.is_empty()),
        evidence: &a.evidence,
    }
}

fn weeks(start: u32, end: u32) -> String {
    if start == end {
        format!("week {start}")
    } else {
        format!("weeks {start}–{end}")
    }
}

fn plan_page(report: &Report) -> PlanPage {
    let plan = &report.plan;
    let names: HashMap<&str, &str> = report
        .processes
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str()))
        .collect();
    let name = |id: &str| names.get(id).map_or(id.to_string(), |n| n.to_string());
    PlanPage {
        timeline: svg::timeline(plan, &names),
        horizon_weeks: plan.horizon_weeks,
        first_process: plan.first_process.as_deref().map(name),
        waves: plan
            .waves
            .iter()
            .map(|w| WavePage {
                index: w.index,
                title: w.title.clone(),
                weeks: weeks(w.start_week, w.end_week),
                charts: svg::wave_timelines(plan, w, &names),
                steps: w
                    .steps
                    .iter()
                    .map(|s| StepPage {
                        weeks: weeks(s.start_week, s.end_week),
                        action: s.action.clone(),
                        processes: s
                            .processes
                            .iter()
                            .map(|p| name(p))
                            .collect::<Vec<_>>()
                            .join(", "),
                        owner: s.owner.clone(),
                        effort: s.effort.as_str(),
                        reason: code_spans(&s.reason),
                    })
                    .collect(),
            })
            .collect(),
        go_live: plan
            .go_live
            .iter()
            .map(|g| GoLivePage {
                process: name(&g.process),
                week: g
                    .week
                    .map_or("not assessed".to_string(), |w| format!("week {w}")),
                after_horizon: g.week.is_some() && !g.within_horizon,
                reason: code_spans(&g.reason),
            })
            .collect(),
        owner_load: plan
            .owner_load
            .iter()
            .map(|l| (l.owner.clone(), super::plan_text::load_label(l)))
            .collect(),
    }
}

fn process_page<'a>(p: &'a ProcessView, report: &'a Report) -> ProcessPage<'a> {
    let answers = report
        .dimensions
        .iter()
        .map(|d| DimensionAnswers {
            name: &d.name,
            score: format_score(
                p.dimensions
                    .0
                    .iter()
                    .find(|(id, _)| *id == d.id)
                    .and_then(|(_, s)| s.score),
            ),
            questions: p
                .questions
                .iter()
                .filter(|q| q.dimension == d.id)
                .map(|q| QuestionPage {
                    id: &q.id,
                    text: q.text.trim(),
                    combined: match (q.level, &q.level_label) {
                        (Some(level), Some(label)) => format!("{level} ({label})"),
                        (Some(level), None) => format!("{level}"),
                        (None, _) => match q.status {
                            crate::scoring::QuestionStatus::NotApplicable => "n/a".to_string(),
                            _ => "—".to_string(),
                        },
                    },
                    target: q.target,
                    below_target: q.below_target,
                    answers: q.answers.iter().map(answer_page).collect(),
                })
                .collect(),
        })
        .collect();
    ProcessPage {
        id: &p.id,
        name: &p.name,
        owner: &p.owner,
        verdict: verdict_label(p.verdict),
        verdict_class: p.verdict.as_str(),
        readiness: format_score(p.readiness),
        coverage: format_percent(p.coverage),
        confidence: p.confidence.as_str(),
        respondents: p.respondents,
        risk: p.risk_tier.as_str(),
        reasons: p.reasons.iter().map(|r| code_spans(r)).collect(),
        chart: svg::dimension_bars(p, &report.dimensions, &report.thresholds),
        seams: p
            .seams
            .iter()
            .map(|s| SeamPage {
                question: &s.question,
                text: s.text.trim(),
                spread: s.spread,
                answers: s.answers.iter().map(answer_page).collect(),
            })
            .collect(),
        answers,
    }
}

fn page(report: &Report, plan_only: bool) -> Page<'_> {
    let t = &report.thresholds;
    Page {
        title: format!(
            "{}: {}",
            if plan_only {
                "Plan"
            } else {
                "Readiness report"
            },
            report.engagement.name
        ),
        client: &report.engagement.client,
        questionnaire: format!(
            "{} ({} {})",
            report.questionnaire.title, report.questionnaire.id, report.questionnaire.version
        ),
        date: report.date.as_deref(),
        ready_at: format!("{}", t.ready_at),
        not_ready_below: format!("{}", t.not_ready_below),
        min_coverage: format_percent(t.min_coverage),
        seam_spread: t.seam_spread,
        dimensions: report.dimensions.iter().map(|d| d.name.as_str()).collect(),
        plan_only,
        rows: report
            .processes
            .iter()
            .map(|p| Row {
                id: &p.id,
                name: &p.name,
                risk: p.risk_tier.as_str(),
                readiness: format_score(p.readiness),
                band: svg::band(p.readiness, t),
                verdict: verdict_label(p.verdict),
                verdict_class: p.verdict.as_str(),
                coverage: format_percent(p.coverage),
                confidence: p.confidence.as_str(),
                respondents: p.respondents,
                cells: p
                    .dimensions
                    .0
                    .iter()
                    .map(|(_, d)| HeatCell {
                        score: d.shown(),
                        band: svg::band(d.score, t),
                    })
                    .collect(),
            })
            .collect(),
        processes: if plan_only {
            Vec::new()
        } else {
            report
                .processes
                .iter()
                .map(|p| process_page(p, report))
                .collect()
        },
        plan: plan_page(report),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::model::{EngagementView, QuestionnaireView, Thresholds};

    fn report(plan: crate::plan::Plan) -> Report {
        Report {
            schema_version: 1,
            engagement: EngagementView {
                name: "E".into(),
                client: "C".into(),
            },
            questionnaire: QuestionnaireView {
                id: "q".into(),
                version: "1".into(),
                title: "Q".into(),
            },
            date: None,
            thresholds: Thresholds {
                ready_at: 75.0,
                not_ready_below: 50.0,
                min_dimension_for_ready: 50.0,
                min_coverage_for_ready: 0.8,
                min_coverage: 0.5,
                seam_spread: 2,
            },
            dimensions: vec![],
            processes: vec![],
            plan,
        }
    }

    #[test]
    fn the_plan_section_draws_the_timeline_and_lists_the_steps() {
        let report = report(svg::tests::sample_plan());
        let html = page(&report, false).render().unwrap();
        assert!(html.contains(r#"<svg class="timeline""#), "{html}");
        assert!(html.contains(r#"<g class="go-live">"#));
        assert!(html.contains("Do &lt;one&gt; &amp; more"));
        assert!(html.contains("not assessed"));
        assert!(html.contains(r#"id="summary""#));
        let plan_only = page(&report, true).render().unwrap();
        assert!(plan_only.contains(r#"<svg class="timeline""#));
        assert!(!plan_only.contains(r#"id="summary""#));
    }

    #[test]
    fn an_empty_plan_says_so() {
        let mut plan = svg::tests::sample_plan();
        plan.first_process = None;
        plan.waves.clear();
        plan.go_live.clear();
        let html = page(&report(plan), true).render().unwrap();
        assert!(html.contains("Nothing to plan"));
        assert!(!html.contains("<svg"));
    }
}
