//! The HTML report: one self-contained file for a client, readable offline and printable on A4.
//! The page is an askama template (`templates/report.html`, checked at compile time, escaping
//! every value unless marked safe); the only values marked safe are the charts, which the SVG
//! writer escapes itself.

use askama::Template;

/// A heatmap of more dimensions than this turns its headers upright to stay on an A4 page.
const WIDE_HEATMAP_ABOVE: usize = 6;

use super::model::{format_percent, format_score, verdict_label, AnswerView, ProcessView};
use super::text::count;
use super::{plan_text, svg, Render, Report};
use crate::calendar;

pub struct Html;

impl Render for Html {
    fn render(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        page(report, false).write_into(out)?;
        // The template ends with `</html>`; the file ends with a newline.
        Ok(out.write_all(b"\n")?)
    }

    /// The plan alone (`omd plan --format html`): the same page without the scores.
    fn render_plan(&self, report: &Report, out: &mut dyn std::io::Write) -> anyhow::Result<()> {
        page(report, true).write_into(out)?;
        Ok(out.write_all(b"\n")?)
    }
}

/// The page: the report's figures, formatted as text for the template, in the order a client
/// reads them: summary, heatmap, findings per process, roadmap, go-live checklists, appendix.
#[derive(Template)]
#[template(path = "report.html", config = "src/report/askama.toml")]
struct Page<'a> {
    title: String,
    client: &'a str,
    questionnaire: String,
    date: Option<&'a str>,
    plan_line: String,
    ready_at: String,
    not_ready_below: String,
    min_coverage: String,
    disagreement_spread: usize,
    dimensions: Vec<&'a str>,
    /// More dimensions than fit side by side with their names across: the heatmap's headers
    /// turn upright (see report.css).
    wide_heatmap: bool,
    /// Only the plan (`omd plan`): no heatmap, findings or answers.
    plan_only: bool,
    summary: SummaryPage,
    archetype: ArchetypePage,
    rows: Vec<Row<'a>>,
    /// The heatmap by practice, when the questionnaire has groups.
    practices: Option<super::areas::HtmlHeatmap<'a>>,
    /// "SAMM score 0-3", when the questionnaire declares its own scale.
    native_range: Option<String>,
    /// The targets engagement.yaml sets, when it sets any.
    target_profile: Option<String>,
    processes: Vec<ProcessPage<'a>>,
    roadmap: RoadmapPage,
    checklists: Vec<ChecklistPage>,
    plan: PlanPage,
    answers: Vec<AnswersPage<'a>>,
}

struct SummaryPage {
    go_lives: Vec<SummaryRow>,
    horizon_weeks: u32,
    blockers: Vec<String>,
    more_blockers: usize,
    decisions: Vec<String>,
    more_decisions: usize,
}

struct SummaryRow {
    order: String,
    id: String,
    name: String,
    risk: &'static str,
    readiness: String,
    band: &'static str,
    verdict: &'static str,
    verdict_class: &'static str,
    go_live: String,
    late: bool,
}

/// The operating-model archetype: the advice, its reasons and what would change it, or the
/// facts that would allow advice.
struct ArchetypePage {
    /// Absent from a report saved before it existed: then the section is left out.
    shown: bool,
    /// `hub_and_spoke`, `federated`, `hybrid`, or empty without advice.
    id: &'static str,
    /// "hub-and-spoke", or "no advice".
    label: &'static str,
    headline: Vec<Span>,
    stage: String,
    /// (fact id, value, text).
    reasons: Vec<(String, String, Vec<Span>)>,
    /// (archetype id, text).
    would_change: Vec<(&'static str, Vec<Span>)>,
    needs: Vec<Vec<Span>>,
}

/// A process in the heatmap.
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    readiness: String,
    band: &'static str,
    coverage: String,
    /// With the respondents, and the stale answers in a dated report.
    confidence: String,
    evidence: String,
    cells: Vec<HeatCell>,
}

struct HeatCell {
    score: String,
    band: &'static str,
}

/// A process's findings: verdict, reasons, dimension chart, disagreements.
struct ProcessPage<'a> {
    id: &'a str,
    name: &'a str,
    owner: &'a str,
    verdict: &'static str,
    verdict_class: &'static str,
    readiness: String,
    coverage: String,
    confidence: String,
    evidence: String,
    /// What bears on the confidence, as a sentence.
    confidence_notes: Option<String>,
    /// Stale and undated answers, in a dated report.
    freshness: Option<super::evidence::HtmlFreshness>,
    respondents: usize,
    risk: &'a str,
    reasons: Vec<Vec<Span>>,
    chart: String,
    disagreements: Vec<DisagreementPage<'a>>,
    seams: Vec<SeamPage<'a>>,
    /// Its scores by dimension and practice, with native figures and bands, when the
    /// questionnaire declares groups, bands or a native score.
    areas: Option<super::areas::HtmlAreas<'a>>,
}

/// A seam at risk for one process, in its findings.
struct SeamPage<'a> {
    id: &'a str,
    name: &'a str,
    /// `amplified`, `both_weak` or `one_weak`.
    status: &'static str,
    status_label: &'static str,
    finding: &'a str,
    sides: Vec<SidePage<'a>>,
    risk: &'a str,
    actions: String,
}

struct SidePage<'a> {
    name: &'a str,
    score: String,
    /// `weak`, `strong` or empty.
    judgement: &'static str,
    /// Its questions below target: (id, "1 of 3").
    below_target: Vec<(&'a str, String)>,
}

struct DisagreementPage<'a> {
    question: &'a str,
    text: &'a str,
    spread: usize,
    answers: Vec<AnswerPage<'a>>,
}

/// Every answer of one process, by dimension: the appendix. Respondents are columns R1, R2...
/// named above the table; notes and evidence follow it, numbered.
struct AnswersPage<'a> {
    id: &'a str,
    name: &'a str,
    /// (column label, "name, role").
    respondents: Vec<(String, String)>,
    dimensions: Vec<DimensionAnswers<'a>>,
    notes: Vec<NotePage<'a>>,
    /// In a dated report, the day before which an answer is stale (marked † in the table).
    stale_before: Option<&'a str>,
}

struct NotePage<'a> {
    number: usize,
    question: &'a str,
    respondent: &'a str,
    note: Option<&'a str>,
    evidence: &'a [String],
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
    /// One cell per respondent column: the level (or "n/a", "—") and the numbers of its notes.
    cells: Vec<String>,
}

struct AnswerPage<'a> {
    respondent: &'a str,
    answer: String,
    note: Option<&'a str>,
}

struct RoadmapPage {
    /// The go-lives on the shared axis (several charts for many processes).
    go_live_charts: Vec<String>,
    horizon_weeks: u32,
    runs_past_horizon: bool,
    workstreams: Vec<WorkstreamPage>,
    /// Column labels of the owner load.
    periods: Vec<String>,
    owners: Vec<OwnerRow>,
    /// What each shade of the heat strip means, lightest first.
    heat_legend: Vec<(usize, String)>,
}

struct WorkstreamPage {
    name: String,
    weeks: String,
    charts: Vec<String>,
    initiatives: Vec<InitiativePage>,
}

struct InitiativePage {
    number: usize,
    id: String,
    title: String,
    when: String,
    /// "29 Jun – 9 Aug 2026", when the plan has a start.
    dates: String,
    processes: String,
    owners: String,
    effort: &'static str,
    holds: bool,
    actions: String,
}

struct OwnerRow {
    owner: String,
    cells: Vec<(u32, usize)>,
    peak: u32,
}

struct ChecklistPage {
    id: String,
    heading: String,
    items: Vec<ItemPage>,
}

struct ItemPage {
    title: String,
    question: String,
    kinds: String,
    now: String,
    met: bool,
    status: String,
}

struct PlanPage {
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
    steps: Vec<StepPage>,
}

struct StepPage {
    weeks: String,
    title: String,
    id: String,
    action: String,
    /// The action's lines and lists as HTML (escaped), when it has more than one line.
    action_blocks: Option<String>,
    processes: String,
    owner: String,
    effort: &'static str,
    reason: Vec<Span>,
}

/// A piece of a reason: the planner and the verdicts quote ids between backticks, shown here
/// as `<code>`; the text stays escaped by the template. The what-if page uses them too.
pub(super) struct Span {
    pub(super) code: bool,
    pub(super) text: String,
}

/// Splits `text` at backticks into plain and code spans.
pub(super) fn code_spans(text: &str) -> Vec<Span> {
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
    }
}

/// Rows per chart: a chart is an image, which a printer cannot split across pages.
const MAX_ROWS_PER_CHART: usize = 40;

fn summary_page(report: &Report) -> SummaryPage {
    let s = &report.summary;
    let t = &report.thresholds;
    SummaryPage {
        go_lives: s
            .processes
            .iter()
            .map(|p| SummaryRow {
                order: p.order.map_or("–".to_string(), |o| o.to_string()),
                id: p.id.clone(),
                name: p.name.clone(),
                risk: p.risk_tier.as_str(),
                readiness: format_score(p.readiness),
                band: svg::band(p.readiness, t),
                verdict: verdict_label(p.verdict),
                verdict_class: p.verdict.as_str(),
                go_live: p.go_live_week.map_or("not planned".to_string(), |w| {
                    plan_text::go_live_when(report, w)
                }),
                late: p.go_live_week.is_some() && !p.within_horizon,
            })
            .collect(),
        horizon_weeks: report.plan.horizon_weeks,
        blockers: s
            .blockers
            .iter()
            .map(|b| plan_text::blocker_line(report, b))
            .collect(),
        more_blockers: s.more_blockers,
        decisions: s
            .decisions
            .iter()
            .map(|d| plan_text::decision_line(report, d))
            .collect(),
        more_decisions: s.more_decisions,
    }
}

fn archetype_page(report: &Report) -> ArchetypePage {
    use super::archetype::Kind;
    let a = &report.archetype;
    let id = |kind: Kind| match kind {
        Kind::HubAndSpoke => "hub_and_spoke",
        Kind::Federated => "federated",
        Kind::Hybrid => "hybrid",
    };
    ArchetypePage {
        shown: !a.headline.is_empty(),
        id: a.recommendation.map_or("", id),
        label: a.recommendation.map_or("no advice", Kind::label),
        headline: code_spans(&a.headline),
        stage: a.stage_text.clone(),
        reasons: a
            .reasons
            .iter()
            .map(|r| (r.fact.clone(), r.value.clone(), code_spans(&r.text)))
            .collect(),
        would_change: a
            .would_change
            .iter()
            .map(|c| (id(c.archetype), code_spans(&c.text)))
            .collect(),
        needs: a.needs.iter().map(|n| code_spans(n)).collect(),
    }
}

/// The month labels of the axis when the plan has a start: (first week of the month, label).
fn month_labels(report: &Report, weeks: u32) -> Vec<(u32, String)> {
    let Some(cal) = plan_text::calendar_of(report) else {
        return Vec::new();
    };
    let mut labels = Vec::new();
    let mut month = cal.start().first_of_month();
    let end = cal.last_day(weeks);
    while month <= end {
        let week = cal.week_of(month).unwrap_or(1);
        let label = if labels.is_empty() || month.month() == 1 {
            calendar::month(month)
        } else {
            month.strftime("%b").to_string()
        };
        labels.push((week, label));
        month = calendar::next_month(month);
    }
    labels
}

fn roadmap_page(report: &Report) -> RoadmapPage {
    let roadmap = &report.roadmap;
    let last = report.summary.last_week.max(1);
    let longest = report
        .summary
        .processes
        .iter()
        .map(|p| p.name.chars().count())
        .chain(
            roadmap
                .workstreams
                .iter()
                .flat_map(|w| &w.initiatives)
                .map(|i| i.title.chars().count()),
        )
        .max()
        .unwrap_or(0)
        + 4;
    let axis = svg::WeekAxis::new(
        last,
        report.plan.horizon_weeks,
        month_labels(report, last),
        longest,
    );
    let go_lives: Vec<(usize, &str, u32)> = report
        .summary
        .processes
        .iter()
        .filter_map(|p| Some((p.order?, p.name.as_str(), p.go_live_week?)))
        .collect();
    let mut number = 0;
    let workstreams = roadmap
        .workstreams
        .iter()
        .map(|w| {
            let initiatives: Vec<InitiativePage> = w
                .initiatives
                .iter()
                .map(|i| {
                    number += 1;
                    InitiativePage {
                        number,
                        id: i.id.clone(),
                        title: i.title.clone(),
                        when: plan_text::weeks(i.start_week, i.end_week),
                        dates: plan_text::calendar_of(report).map_or(String::new(), |cal| {
                            calendar::human_range(
                                cal.first_day(i.start_week),
                                cal.last_day(i.end_week),
                            )
                        }),
                        processes: go_live_numbers(report, &i.processes),
                        owners: i.owners.join(", "),
                        effort: i.effort.as_str(),
                        holds: i.holds_go_live,
                        actions: i.actions.join("; "),
                    }
                })
                .collect();
            let rows: Vec<svg::RoadmapRow> = w
                .initiatives
                .iter()
                .zip(&initiatives)
                .map(|(i, page)| svg::RoadmapRow {
                    number: page.number,
                    title: &i.title,
                    start_week: i.start_week,
                    end_week: i.end_week,
                    holds_go_live: i.holds_go_live,
                    tooltip: format!("{}: {} {}, {}", i.title, page.when, page.dates, page.owners),
                })
                .collect();
            WorkstreamPage {
                name: w.name.clone(),
                weeks: plan_text::when(report, w.start_week, w.end_week),
                charts: rows
                    .chunks(MAX_ROWS_PER_CHART)
                    .map(|chunk| svg::roadmap_chart(&w.name, chunk, &axis))
                    .collect(),
                initiatives,
            }
        })
        .collect();
    let load = &roadmap.owner_load;
    let max = load.owners.iter().map(|o| o.peak).max().unwrap_or(0);
    // Five shades: none, then quarters of the busiest month.
    let shade = |n: u32| -> usize {
        if n == 0 || max == 0 {
            0
        } else {
            (((n * 4).div_ceil(max)) as usize).clamp(1, 4)
        }
    };
    let heat_legend = (0..=4usize)
        .filter_map(|level| {
            let counts: Vec<u32> = (0..=max).filter(|&n| shade(n) == level).collect();
            let (first, last) = (counts.first()?, counts.last()?);
            let label = if first == last {
                count(*first as usize, "step", "steps")
            } else {
                format!("{first}-{last} steps")
            };
            Some((level, label))
        })
        .collect();
    RoadmapPage {
        go_live_charts: go_lives
            .chunks(MAX_ROWS_PER_CHART)
            .map(|chunk| svg::go_live_chart(chunk, &axis))
            .collect(),
        horizon_weeks: report.plan.horizon_weeks,
        runs_past_horizon: axis.weeks > report.plan.horizon_weeks,
        workstreams,
        periods: load.periods.iter().map(|p| p.label.clone()).collect(),
        owners: load
            .owners
            .iter()
            .map(|o| OwnerRow {
                owner: o.owner.clone(),
                cells: o.steps.iter().map(|&n| (n, shade(n))).collect(),
                peak: o.peak,
            })
            .collect(),
        heat_legend,
    }
}

/// "2, 3, 4": the processes by their go-live number in the summary; a process that is not
/// planned by name.
fn go_live_numbers<S: AsRef<str>>(report: &Report, ids: &[S]) -> String {
    let mut numbers: Vec<(usize, String)> = ids
        .iter()
        .map(|id| {
            let id = id.as_ref();
            let order = report.go_live_number(id);
            match order {
                Some(o) => (o, o.to_string()),
                None => (usize::MAX, report.process_name(id).to_string()),
            }
        })
        .collect();
    numbers.sort();
    numbers
        .into_iter()
        .map(|(_, n)| n)
        .collect::<Vec<_>>()
        .join(", ")
}

fn checklist_pages(report: &Report) -> Vec<ChecklistPage> {
    report
        .checklists
        .iter()
        .map(|c| ChecklistPage {
            id: c.process.clone(),
            heading: plan_text::checklist_heading(report, c),
            items: c
                .items
                .iter()
                .map(|item| {
                    let parts = plan_text::item_parts(report, item);
                    ItemPage {
                        title: item.title.clone(),
                        question: item.question.clone().unwrap_or_default(),
                        kinds: parts.kinds,
                        now: parts.now,
                        met: item.met,
                        status: parts.status,
                    }
                })
                .collect(),
        })
        .collect()
}

fn plan_page(report: &Report) -> PlanPage {
    let plan = &report.plan;
    let name = |id: &str| report.process_name(id).to_string();
    PlanPage {
        horizon_weeks: plan.horizon_weeks,
        first_process: plan.first_process.as_deref().map(name),
        waves: plan
            .waves
            .iter()
            .map(|w| WavePage {
                index: w.index,
                title: w.title.clone(),
                weeks: plan_text::when(report, w.start_week, w.end_week),
                steps: w
                    .steps
                    .iter()
                    .map(|s| StepPage {
                        weeks: plan_text::when(report, s.start_week, s.end_week),
                        title: s.title.to_string(),
                        id: s.id.to_string(),
                        action: s.action.to_string(),
                        action_blocks: crate::structured_text::html(&s.action),
                        processes: go_live_numbers(report, &s.processes),
                        owner: s.owner.to_string(),
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
                week: g.week.map_or("not assessed".to_string(), |w| {
                    plan_text::go_live_when(report, w)
                }),
                after_horizon: g.week.is_some() && !g.within_horizon,
                reason: code_spans(&g.reason),
            })
            .collect(),
        owner_load: plan
            .owner_load
            .iter()
            .map(|l| (l.owner.clone(), plan_text::load_label(l)))
            .collect(),
    }
}

fn answers_page<'a>(p: &'a ProcessView, report: &'a Report) -> AnswersPage<'a> {
    let respondents: Vec<(String, String)> = p
        .respondent_details
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let column = format!("R{}", i + 1);
            let who = if r.role.trim().is_empty() {
                r.name.clone()
            } else {
                format!("{}, {}", r.name, r.role.trim())
            };
            // An anonymised respondent without a role is called by their column already.
            let who = if who == column { String::new() } else { who };
            (column, who)
        })
        .collect();
    let mut notes: Vec<NotePage<'a>> = Vec::new();
    let mut dimensions = Vec::new();
    for d in &report.dimensions {
        let mut questions = Vec::new();
        for q in p.questions.iter().filter(|q| *q.dimension == *d.id) {
            let mut cells = Vec::new();
            for r in &p.respondent_details {
                let Some(a) = q.answers.iter().find(|a| *a.respondent == *r.id) else {
                    cells.push("—".to_string());
                    continue;
                };
                let mut cell = match (a.level, &a.not_applicable) {
                    (Some(level), _) => level.to_string(),
                    (None, Some(_)) => "n/a".to_string(),
                    (None, None) => "—".to_string(),
                };
                if a.stale == Some(true) {
                    cell.push('†');
                }
                let note = a.note.as_deref().map(str::trim).filter(|n| !n.is_empty());
                let reason = a
                    .not_applicable
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty());
                if note.is_some() || reason.is_some() || !a.evidence.is_empty() {
                    notes.push(NotePage {
                        number: notes.len() + 1,
                        question: &q.id,
                        respondent: &a.respondent_name,
                        note: note.or(reason),
                        evidence: &a.evidence,
                    });
                    cell.push_str(&format!(" [{}]", notes.len()));
                }
                cells.push(cell);
            }
            let title = if q.title.is_empty() || q.title == q.id {
                q.text.trim()
            } else {
                &q.title
            };
            questions.push(QuestionPage {
                id: &q.id,
                text: title,
                combined: match q.level {
                    Some(level) => crate::scoring::format_level(level),
                    None => match q.status {
                        crate::scoring::QuestionStatus::NotApplicable => "n/a".to_string(),
                        _ => "—".to_string(),
                    },
                },
                target: q.target,
                below_target: q.below_target,
                cells,
            });
        }
        dimensions.push(DimensionAnswers {
            name: &d.name,
            score: p
                .dimensions
                .0
                .iter()
                .find(|(id, _)| *id == d.id)
                .map_or("—".to_string(), |(_, s)| s.shown()),
            questions,
        });
    }
    AnswersPage {
        id: &p.id,
        name: &p.name,
        respondents,
        dimensions,
        notes,
        stale_before: p.freshness.as_ref().map(|f| f.stale_before.as_str()),
    }
}

fn process_page<'a>(p: &'a ProcessView, report: &'a Report) -> ProcessPage<'a> {
    ProcessPage {
        id: &p.id,
        name: &p.name,
        owner: &p.owner,
        verdict: verdict_label(p.verdict),
        verdict_class: p.verdict.as_str(),
        readiness: readiness_shown(report, p),
        coverage: format_percent(p.coverage),
        confidence: super::evidence::confidence_label(p),
        evidence: super::evidence::evidence_share(p),
        confidence_notes: super::evidence::html_confidence(p),
        freshness: super::evidence::html_freshness(p),
        respondents: p.respondents,
        risk: p.risk_tier.as_str(),
        reasons: p.reasons.iter().map(|r| code_spans(r)).collect(),
        chart: svg::dimension_bars(p, &report.dimensions, &report.thresholds),
        disagreements: p
            .disagreements
            .iter()
            .filter_map(|d| {
                let question = p.question(&d.question)?;
                Some(DisagreementPage {
                    question: &question.id,
                    text: question.text.trim(),
                    spread: d.spread,
                    answers: question
                        .answers
                        .iter()
                        .filter(|a| a.level.is_some())
                        .map(answer_page)
                        .collect(),
                })
            })
            .collect(),
        seams: p.seams_at_risk().iter().map(seam_page).collect(),
        areas: super::areas::html_areas(report, p),
    }
}

/// Readiness as a process's findings print it: with its native figure when the questionnaire
/// declares its own scale.
fn readiness_shown(report: &Report, p: &ProcessView) -> String {
    let shown = format_score(p.readiness);
    match &report.questionnaire.native_score {
        Some(native) => native.beside(&shown, p.readiness_native),
        None => shown,
    }
}

fn seam_page(s: &super::seams::SeamView) -> SeamPage<'_> {
    SeamPage {
        id: &s.id,
        name: &s.name,
        status: s.status.as_str(),
        status_label: s.status.label(),
        finding: &s.finding,
        sides: s
            .sides
            .iter()
            .map(|side| SidePage {
                name: &side.name,
                score: format_score(side.score),
                judgement: if side.weak {
                    "weak"
                } else if side.strong {
                    "strong"
                } else {
                    ""
                },
                below_target: side
                    .below_target
                    .iter()
                    .map(|b| {
                        (
                            b.question.as_str(),
                            format!("{} of {}", crate::scoring::format_level(b.level), b.target),
                        )
                    })
                    .collect(),
            })
            .collect(),
        risk: &s.risk,
        actions: s.action_titles(),
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
        plan_line: plan_text::plan_line(report).replace('\n', " "),
        ready_at: format!("{}", t.ready_at),
        not_ready_below: format!("{}", t.not_ready_below),
        min_coverage: format_percent(t.min_coverage),
        disagreement_spread: t.disagreement_spread,
        dimensions: report.dimensions.iter().map(|d| d.name.as_str()).collect(),
        wide_heatmap: report.dimensions.len() > WIDE_HEATMAP_ABOVE,
        plan_only,
        summary: summary_page(report),
        archetype: archetype_page(report),
        rows: report
            .processes
            .iter()
            .map(|p| Row {
                id: &p.id,
                name: &p.name,
                readiness: format_score(p.readiness),
                band: svg::band(p.readiness, t),
                coverage: format_percent(p.coverage),
                confidence: super::evidence::confidence_cell(p),
                evidence: super::evidence::evidence_share(p),
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
        practices: super::areas::html_heatmap(report).filter(|_| !plan_only),
        native_range: report
            .questionnaire
            .native_score
            .as_ref()
            .map(|n| n.range()),
        target_profile: report.target_profile_line(),
        processes: if plan_only {
            Vec::new()
        } else {
            report
                .processes
                .iter()
                .map(|p| process_page(p, report))
                .collect()
        },
        roadmap: roadmap_page(report),
        checklists: checklist_pages(report),
        plan: plan_page(report),
        answers: if plan_only {
            Vec::new()
        } else {
            report
                .processes
                .iter()
                .map(|p| answers_page(p, report))
                .collect()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Report {
        crate::report::testing::example_report()
    }

    #[test]
    fn sections_come_in_the_order_a_client_reads_them() {
        let html = page(&example(), false).render().unwrap();
        let order = [
            r#"id="summary""#,
            r#"id="archetype""#,
            r#"id="heatmap""#,
            r#"id="findings""#,
            r#"id="roadmap""#,
            r#"id="checklists""#,
            r#"id="appendix""#,
            r#"id="backlog""#,
            r#"id="answers""#,
        ];
        let positions: Vec<usize> = order
            .iter()
            .map(|id| html.find(id).unwrap_or_else(|| panic!("{id} missing")))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
        let plan_only = page(&example(), true).render().unwrap();
        assert!(plan_only.contains(r#"id="roadmap""#));
        assert!(!plan_only.contains(r#"id="heatmap""#));
        assert!(!plan_only.contains(r#"id="archetype""#));
        assert!(!plan_only.contains(r#"id="answers""#));
    }
}
