//! Pure functions from a questionnaire and an engagement's answers to a scorecard.
//!
//! The rules (also in docs/scoring.md):
//! - a question's score is its level's value over the scale's top value, 0-100;
//! - several respondents combine per question by the median (of levels for targets and gates, of
//!   scores for the score; with an even count, the mean of the middle two); the spread (highest
//!   minus lowest level) is kept, and a spread of two levels or more is a disagreement;
//! - a question is not applicable only when nobody gave it a level and someone marked it so;
//! - a dimension's score is the weighted mean over its answered, applicable questions, and null
//!   (never 0) when there are none; coverage is the share of questions answered or marked N/A;
//! - a group's (practice's) score is figured the same way over the group's questions;
//! - a native score, when the questionnaire declares one, is `min + (max - min) * score / 100`
//!   from the unrounded score, rounded to its decimals;
//! - readiness is the dimension-weighted mean of the dimension scores that are not null;
//! - the verdict follows the thresholds below and the critical gates, and always gives reasons;
//! - a seam the questionnaire declares is at risk when one side is strong and the other weak, or
//!   both are weak ([`seams`]).

pub mod seams;

pub mod freshness;

use crate::assessment::{Answer, Engagement, ProcessSpec, Response};
use crate::questionnaire::{Level3, Question, Questionnaire};

/// Readiness at or above which a process can be `ready`.
pub const READY_AT: f64 = 75.0;
/// Readiness below which a process is `not_ready`.
pub const NOT_READY_BELOW: f64 = 50.0;
/// No dimension may score below this for `ready`.
pub const MIN_DIMENSION_FOR_READY: f64 = 50.0;
/// Share of questions answered needed for `ready`.
pub const MIN_COVERAGE_FOR_READY: f64 = 0.8;
/// Share of questions answered (or marked not applicable) below which a process is
/// `not_assessed`: too little is known to judge or plan it. `--min-coverage` and the engagement's
/// `min_coverage` override it.
pub const DEFAULT_MIN_COVERAGE: f64 = 0.5;
/// Respondents differing by this many levels or more on a question disagree: the question goes
/// on the workshop agenda.
pub const DISAGREEMENT_SPREAD: usize = 2;

/// The verdict on a process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Ready,
    Conditional,
    NotReady,
    /// Too little answered to judge: coverage below the minimum, or nothing applicable answered.
    /// The plan gives it no go-live, only the questions to answer.
    NotAssessed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Ready => "ready",
            Verdict::Conditional => "conditional",
            Verdict::NotReady => "not_ready",
            Verdict::NotAssessed => "not_assessed",
        }
    }
}

/// Share of questions answered (or marked not applicable) that high confidence needs.
pub const COVERAGE_FOR_HIGH_CONFIDENCE: f64 = 0.9;
/// Share of questions answered below which confidence is low, even with several respondents.
pub const COVERAGE_FOR_MEDIUM_CONFIDENCE: f64 = 0.6;
/// Share of the questions answered with a level that must carry evidence (an `evidence:` item
/// from at least one respondent) for high confidence.
pub const EVIDENCE_FOR_HIGH_CONFIDENCE: f64 = 1.0 / 3.0;

/// How far to trust a process's figures, from coverage, the number of respondents, and how many
/// answers carry evidence (and, in a dated report, how many are stale: see [`freshness`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    /// high: two or more respondents, 90% answered and evidence on a third of the questions
    /// answered with a level; medium: two or more and 60% (high but for the evidence included),
    /// or one respondent and 90%; low otherwise. The reasons say what keeps it from the level
    /// above.
    pub fn judge(
        coverage: f64,
        respondents: usize,
        evidence: EvidenceCount,
    ) -> (Confidence, Vec<String>) {
        let percent = |c: f64| format!("{:.0}%", c * 100.0);
        let mut reasons = Vec::new();
        let several = respondents >= 2;
        if !several {
            reasons.push(match respondents {
                0 => "no respondent yet".to_string(),
                _ => "1 respondent; high confidence needs 2 or more".to_string(),
            });
        }
        let level = if coverage >= COVERAGE_FOR_HIGH_CONFIDENCE {
            if several && evidence.share() >= EVIDENCE_FOR_HIGH_CONFIDENCE {
                Confidence::High
            } else {
                Confidence::Medium
            }
        } else if several && coverage >= COVERAGE_FOR_MEDIUM_CONFIDENCE {
            Confidence::Medium
        } else {
            Confidence::Low
        };
        if coverage < COVERAGE_FOR_HIGH_CONFIDENCE && respondents > 0 {
            let needs = if several && coverage < COVERAGE_FOR_MEDIUM_CONFIDENCE {
                format!(
                    "medium confidence needs {}",
                    percent(COVERAGE_FOR_MEDIUM_CONFIDENCE)
                )
            } else {
                format!(
                    "high confidence needs {}",
                    percent(COVERAGE_FOR_HIGH_CONFIDENCE)
                )
            };
            reasons.push(format!(
                "{} of questions answered; {needs}",
                percent(coverage)
            ));
        }
        if respondents > 0 && evidence.share() < EVIDENCE_FOR_HIGH_CONFIDENCE {
            reasons.push(format!(
                "evidence on {} of {} questions answered with a level ({}); high confidence \
                 needs a third",
                evidence.with_evidence,
                evidence.answered,
                percent(evidence.share())
            ));
        }
        (level, reasons)
    }

    /// One level lower (low stays low).
    pub fn lower(self) -> Confidence {
        match self {
            Confidence::High => Confidence::Medium,
            Confidence::Medium | Confidence::Low => Confidence::Low,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// How many of a process's questions answered with a level carry evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EvidenceCount {
    /// Questions answered with a level (by one respondent or more).
    pub answered: usize,
    /// Of those, the questions where at least one respondent listed an evidence item.
    pub with_evidence: usize,
}

impl EvidenceCount {
    /// 0-1; 0 when nothing is answered.
    pub fn share(&self) -> f64 {
        ratio(self.with_evidence, self.answered)
    }
}

/// Scores of every process in scope.
#[derive(Debug, Clone)]
pub struct Scorecard<'a> {
    pub processes: Vec<ProcessScore<'a>>,
}

impl<'a> Scorecard<'a> {
    pub fn process(&self, id: &str) -> Option<&ProcessScore<'a>> {
        self.processes.iter().find(|p| p.process == id)
    }
}

/// A process's scores, verdict and the combined answers behind them.
#[derive(Debug, Clone)]
pub struct ProcessScore<'a> {
    pub process: String,
    pub risk_tier: Level3,
    /// Respondent ids, sorted.
    pub respondents: Vec<String>,
    /// 0-100, one decimal; None when nothing applicable was answered.
    pub readiness: Option<f64>,
    /// 0-1: share of questions answered or marked not applicable.
    pub coverage: f64,
    pub confidence: Confidence,
    /// What keeps confidence from the level above, in words (empty when nothing does).
    pub confidence_reasons: Vec<String>,
    /// How many answered questions carry evidence, which confidence counts.
    pub evidence: EvidenceCount,
    /// Stale and undated answers, when a report date judged them ([`freshness::judge`]).
    pub freshness: Option<freshness::Staleness<'a>>,
    /// Readiness on the questionnaire's native scale, when it declares one.
    pub readiness_native: Option<f64>,
    /// In questionnaire order.
    pub dimensions: Vec<DimensionScore>,
    /// Every group (practice) of every dimension, in questionnaire order; empty when the
    /// questionnaire has none.
    pub groups: Vec<GroupScore>,
    /// In questionnaire order.
    pub questions: Vec<QuestionResult<'a>>,
    /// Gates that failed or were not answered.
    pub gates: Vec<GateResult>,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    /// Each respondent's answer to each question, read by [`ProcessScore::answers`].
    table: AnswerTable<'a>,
}

/// Every respondent's answer to every question of one process, in one list: question by
/// question in questionnaire order, each question's by respondent id, a cell for each answered
/// or not. A report holds every process's at once: where respondents answer most questions, as
/// they do, one list per process costs much less than one per question.
#[derive(Debug, Clone, Default)]
struct AnswerTable<'a> {
    /// The process's answers files, by respondent id.
    responses: Vec<&'a Response>,
    /// The answer of `responses[r]` to question `q` at `q * responses.len() + r`.
    cells: Vec<Option<&'a Answer>>,
}

impl<'a> AnswerTable<'a> {
    /// Each of `responses`' first answer to each of `q`'s questions.
    fn new(q: &Questionnaire, responses: &[&'a Response]) -> AnswerTable<'a> {
        let mut responses = responses.to_vec();
        responses.sort_by(|a, b| a.respondent.cmp(&b.respondent));
        let width = responses.len();
        let mut cells = vec![None; q.questions.len() * width];
        for (r, response) in responses.iter().enumerate() {
            // One pass over each answers file. omd writes the answers in questionnaire order, so
            // each is looked for first after the one before it, and found without a search.
            let mut next = 0;
            for (id, answer) in &response.file.answers.0 {
                if let Some(i) = q.question_index(id, next) {
                    // The first answer to a question counts, as `Answers::get` reads it.
                    cells[i * width + r].get_or_insert(answer);
                    next = i + 1;
                }
            }
        }
        AnswerTable { responses, cells }
    }

    /// The answers to the questionnaire's `question`-th question, by respondent id; none for a
    /// question past the questionnaire's.
    fn column(&self, question: usize) -> impl Iterator<Item = RespondentAnswer<'a>> + '_ {
        let width = self.responses.len();
        let cells = self
            .cells
            .get(question * width..(question + 1) * width)
            .unwrap_or_default();
        self.responses
            .iter()
            .zip(cells)
            .filter_map(|(&response, &answer)| {
                Some(RespondentAnswer {
                    response,
                    answer: answer?,
                })
            })
    }
}

impl<'a> ProcessScore<'a> {
    /// Each respondent's answer to the questionnaire's `question`-th question (the scorecard's
    /// `questions[question]`), by respondent id; respondents who left it out are left out.
    pub fn answers(&self, question: usize) -> impl Iterator<Item = RespondentAnswer<'a>> + '_ {
        self.table.column(question)
    }

    pub fn question(&self, id: &str) -> Option<&QuestionResult<'a>> {
        self.questions.iter().find(|q| q.question == id)
    }

    /// The combined answer to question `id`, the questionnaire's `index`-th: found at once
    /// where the scorecard lists questions in questionnaire order, as it does, by id otherwise.
    pub fn question_at(&self, index: usize, id: &str) -> Option<&QuestionResult<'a>> {
        match self.questions.get(index) {
            Some(r) if r.question == id => Some(r),
            _ => self.question(id),
        }
    }
}

#[derive(Debug, Clone)]
pub struct DimensionScore {
    pub dimension: String,
    /// 0-100, one decimal; None when no applicable question was answered.
    pub score: Option<f64>,
    /// The score on the questionnaire's native scale (from the unrounded score), when it
    /// declares one.
    pub native: Option<f64>,
    /// Every question of the dimension was marked not applicable: it has no score and does not
    /// count against the verdict.
    pub not_applicable: bool,
    /// 0-1.
    pub coverage: f64,
}

/// A group's (practice's) score: the weighted mean of its questions, as a dimension's.
#[derive(Debug, Clone)]
pub struct GroupScore {
    pub group: String,
    pub dimension: String,
    /// 0-100, one decimal; None when no applicable question was answered.
    pub score: Option<f64>,
    /// On the native scale, when the questionnaire declares one.
    pub native: Option<f64>,
    /// Every question of the group was marked not applicable.
    pub not_applicable: bool,
    /// 0-1.
    pub coverage: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    Answered,
    NotApplicable,
    Unanswered,
}

/// A question's combined answer for one process; its answers are read from the process
/// ([`ProcessScore::answers`]).
#[derive(Debug, Clone)]
pub struct QuestionResult<'a> {
    pub question: &'a str,
    pub dimension: &'a str,
    pub status: QuestionStatus,
    /// Median level (may be a half level with an even number of respondents).
    pub level: Option<f64>,
    /// 0-100.
    pub score: Option<f64>,
    /// Highest minus lowest level given, with two or more levels given.
    pub spread: Option<usize>,
    /// Answered and below the question's target level: a gap the plan closes.
    pub below_target: bool,
}

impl QuestionResult<'_> {
    /// Whether the respondents answered [`DISAGREEMENT_SPREAD`] levels or more apart.
    pub fn is_disagreement(&self) -> bool {
        self.spread.is_some_and(|s| s >= DISAGREEMENT_SPREAD)
    }
}

/// What one respondent said about one question: the answer as the engagement holds it, not a
/// copy, and the answers file it is in. Made as it is read ([`ProcessScore::answers`]): a process
/// holds one reference per question and respondent.
#[derive(Debug, Clone, Copy)]
pub struct RespondentAnswer<'a> {
    pub response: &'a Response,
    pub answer: &'a Answer,
}

impl<'a> RespondentAnswer<'a> {
    /// The respondent's id: the answers file's name.
    pub fn respondent(&self) -> &'a str {
        &self.response.respondent
    }

    /// The day the answer was given, when the file says.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        self.answer.day()
    }

    pub fn level(&self) -> Option<usize> {
        self.answer.level
    }

    pub fn not_applicable(&self) -> Option<&'a str> {
        self.answer.not_applicable.as_deref()
    }

    pub fn note(&self) -> Option<&'a str> {
        self.answer.note.as_deref()
    }

    pub fn evidence(&self) -> &'a [String] {
        &self.answer.evidence
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GateStatus {
    Failed,
    Unanswered,
}

/// A critical gate that is not passed.
#[derive(Debug, Clone)]
pub struct GateResult {
    pub question: String,
    pub status: GateStatus,
    pub reason: String,
}

/// Rounds to one decimal, so figures and verdicts agree with what reports print.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Median of a non-empty list; the mean of the middle two for an even count.
pub fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn weighted_mean(items: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (sum, weights) = items.fold((0.0, 0.0), |(s, w), (value, weight)| {
        (s + value * weight, w + weight)
    });
    // A weighted mean that is not finite would reach verdicts and gates as NaN; validation bounds
    // weights, and this makes sure of it.
    let mean = sum / weights;
    (weights > 0.0 && mean.is_finite()).then_some(mean)
}

/// Scores every process of the engagement; below `min_coverage` (0-1) a process is
/// `not_assessed`.
pub fn score(engagement: &Engagement, min_coverage: f64) -> Scorecard<'_> {
    // Processes are scored apart from one another: with many answers, the second half on a
    // second thread ([`crate::threads`]).
    let specs = &engagement.file.processes;
    let answers = engagement.responses.len() * engagement.questionnaire.questions.len();
    let processes = crate::threads::in_halves(
        answers >= crate::threads::ANSWERS_FOR_TWO_THREADS,
        specs.len(),
        |range| score_processes(engagement, &specs[range], min_coverage),
    );
    Scorecard { processes }
}

/// Scores `processes`, each from the answers the engagement holds for it.
fn score_processes<'e>(
    engagement: &'e Engagement,
    processes: &'e [ProcessSpec],
    min_coverage: f64,
) -> Vec<ProcessScore<'e>> {
    processes
        .iter()
        .map(|p| {
            let responses: Vec<&Response> = engagement
                .responses_for(&p.id)
                .filter(|r| r.file.has_answers())
                .collect();
            score_process_with(&engagement.questionnaire, p, &responses, min_coverage)
        })
        .collect()
}

/// Scores one process from its respondents' answers, with the default minimum coverage.
pub fn score_process<'a>(
    q: &'a Questionnaire,
    process: &ProcessSpec,
    responses: &[&'a Response],
) -> ProcessScore<'a> {
    score_process_with(q, process, responses, DEFAULT_MIN_COVERAGE)
}

/// Scores one process; below `min_coverage` (0-1) it is `not_assessed`.
pub fn score_process_with<'a>(
    q: &'a Questionnaire,
    process: &ProcessSpec,
    responses: &[&'a Response],
    min_coverage: f64,
) -> ProcessScore<'a> {
    let table = AnswerTable::new(q, responses);
    let respondents: Vec<String> = table
        .responses
        .iter()
        .map(|r| r.respondent.clone())
        .collect();
    let mut scratch = Scratch::default();
    let questions: Vec<QuestionResult> = q
        .questions
        .iter()
        .enumerate()
        .map(|(i, question)| combine(q, question, table.column(i), &mut scratch))
        .collect();

    let dimensions: Vec<DimensionScore> = q
        .dimensions
        .iter()
        .map(|d| {
            let area = score_area(q, &questions, |question| question.dimension == d.id);
            DimensionScore {
                dimension: d.id.clone(),
                score: area.score.map(round1),
                native: native(q, area.score),
                not_applicable: area.not_applicable,
                coverage: area.coverage,
            }
        })
        .collect();
    let groups: Vec<GroupScore> = q
        .groups()
        .map(|(d, g)| {
            let area = score_area(q, &questions, |question| {
                question.group.as_deref() == Some(g.id.as_str())
            });
            GroupScore {
                group: g.id.clone(),
                dimension: d.id.clone(),
                score: area.score.map(round1),
                native: native(q, area.score),
                not_applicable: area.not_applicable,
                coverage: area.coverage,
            }
        })
        .collect();

    let unrounded = weighted_mean(
        q.dimensions
            .iter()
            .zip(&dimensions)
            .filter_map(|(d, s)| s.score.map(|score| (score, d.weight))),
    );
    let readiness = unrounded.map(round1);
    let readiness_native = native(q, unrounded);
    let covered = questions
        .iter()
        .filter(|r| r.status != QuestionStatus::Unanswered)
        .count();
    let coverage = ratio(covered, questions.len());
    let gates = check_gates(q, process.profile.risk_tier, &questions);
    let (verdict, reasons) = decide(q, readiness, coverage, min_coverage, &dimensions, &gates);
    let evidence = count_evidence(&questions, &table);
    let (confidence, confidence_reasons) = Confidence::judge(coverage, respondents.len(), evidence);
    ProcessScore {
        process: process.id.clone(),
        risk_tier: process.profile.risk_tier,
        confidence,
        confidence_reasons,
        evidence,
        freshness: None,
        respondents,
        readiness,
        readiness_native,
        coverage,
        dimensions,
        groups,
        questions,
        gates,
        verdict,
        reasons,
        table,
    }
}

/// What a dimension and a group are scored by: the weighted mean over their answered,
/// applicable questions, and the share covered.
struct AreaScore {
    score: Option<f64>,
    not_applicable: bool,
    coverage: f64,
}

/// Scores the questions `selected` picks: unrounded, so that the native score is figured from
/// the exact mean.
fn score_area(
    q: &Questionnaire,
    results: &[QuestionResult],
    selected: impl Fn(&Question) -> bool,
) -> AreaScore {
    let in_area: Vec<(&Question, &QuestionResult)> = q
        .questions
        .iter()
        .zip(results)
        .filter(|(question, _)| selected(question))
        .collect();
    let covered = in_area
        .iter()
        .filter(|(_, r)| r.status != QuestionStatus::Unanswered)
        .count();
    AreaScore {
        score: weighted_mean(
            in_area
                .iter()
                .filter_map(|(question, r)| r.score.map(|s| (s, question.weight))),
        ),
        not_applicable: !in_area.is_empty()
            && in_area
                .iter()
                .all(|(_, r)| r.status == QuestionStatus::NotApplicable),
        coverage: ratio(covered, in_area.len()),
    }
}

/// A 0-100 score on the questionnaire's own scale, when it declares one.
fn native(q: &Questionnaire, score: Option<f64>) -> Option<f64> {
    Some(q.native_score.as_ref()?.of(score?))
}

/// The questions answered with a level, and those of them with an evidence item from anyone.
fn count_evidence(questions: &[QuestionResult], table: &AnswerTable) -> EvidenceCount {
    let answered = questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.status == QuestionStatus::Answered);
    let has_evidence = |&(i, _): &(usize, &QuestionResult)| {
        table
            .column(i)
            .any(|a| a.evidence().iter().any(|item| !item.trim().is_empty()))
    };
    EvidenceCount {
        answered: answered.clone().count(),
        with_evidence: answered.filter(has_evidence).count(),
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Room for one question's levels and scores, used again for the next question.
#[derive(Default)]
struct Scratch {
    levels: Vec<f64>,
    scores: Vec<f64>,
}

/// Combines the respondents' `answers` to `question`, gathering levels and scores in `scratch`.
fn combine<'a>(
    q: &Questionnaire,
    question: &'a Question,
    answers: impl Iterator<Item = RespondentAnswer<'a>>,
    scratch: &mut Scratch,
) -> QuestionResult<'a> {
    let scale = q.scale(&question.scale);
    let Scratch { levels, scores } = scratch;
    levels.clear();
    scores.clear();
    let (mut lowest, mut highest) = (usize::MAX, 0);
    let mut not_applicable = false;
    for answer in answers {
        not_applicable |= answer.not_applicable().is_some();
        let Some(given) = answer.level() else {
            continue;
        };
        levels.push(given as f64);
        scores.push(scale.map_or(0.0, |s| s.score(given)));
        (lowest, highest) = (lowest.min(given), highest.max(given));
    }
    let level = median(levels);
    let status = if level.is_some() {
        QuestionStatus::Answered
    } else if not_applicable {
        QuestionStatus::NotApplicable
    } else {
        QuestionStatus::Unanswered
    };
    let spread = (levels.len() >= 2).then(|| highest - lowest);
    QuestionResult {
        question: &question.id,
        dimension: &question.dimension,
        status,
        level,
        score: median(scores),
        spread,
        below_target: level.is_some_and(|l| l < question.target as f64),
    }
}

/// The gates that apply to a process of `tier` and are not passed.
fn check_gates(q: &Questionnaire, tier: Level3, results: &[QuestionResult]) -> Vec<GateResult> {
    let mut gates = Vec::new();
    for (question, result) in q.questions.iter().zip(results) {
        let Some(gate) = &question.gate else { continue };
        if !gate.applies_to(tier) {
            continue;
        }
        let label = |level: usize| {
            q.scale(&question.scale)
                .map_or(String::new(), |s| format!(" ({})", s.label(level)))
        };
        match result.status {
            QuestionStatus::NotApplicable => {}
            QuestionStatus::Unanswered => gates.push(GateResult {
                question: question.id.clone(),
                status: GateStatus::Unanswered,
                reason: format!("critical question `{}` is not answered", question.id),
            }),
            QuestionStatus::Answered => {
                let level = result.level.unwrap_or(0.0);
                if level < gate.min_level as f64 {
                    gates.push(GateResult {
                        question: question.id.clone(),
                        status: GateStatus::Failed,
                        reason: format!(
                            "`{}` is at level {}{}, below the gate minimum {}{}",
                            question.id,
                            format_level(level),
                            if level.fract() == 0.0 {
                                label(level as usize)
                            } else {
                                String::new()
                            },
                            gate.min_level,
                            label(gate.min_level)
                        ),
                    });
                }
            }
        }
    }
    gates
}

/// A level as written in messages: `2`, or `1.5` for a median between two levels.
pub fn format_level(level: f64) -> String {
    LevelText(level).to_string()
}

/// [`format_level`] written where it is displayed: a plan's reasons name tens of thousands of
/// levels. A whole level is written as the integer it is, without float formatting.
pub struct LevelText(pub f64);

impl std::fmt::Display for LevelText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = self.0;
        if level.fract() != 0.0 {
            write!(f, "{level:.1}")
        } else if level.is_sign_positive() && level < 1e15 {
            // Exact: a whole number this small converts without loss.
            write!(f, "{}", level as u64)
        } else {
            write!(f, "{level:.0}")
        }
    }
}

fn decide(
    q: &Questionnaire,
    readiness: Option<f64>,
    coverage: f64,
    min_coverage: f64,
    dimensions: &[DimensionScore],
    gates: &[GateResult],
) -> (Verdict, Vec<String>) {
    let percent = |c: f64| format!("{:.0}%", c * 100.0);
    let Some(readiness) = readiness else {
        return (
            Verdict::NotAssessed,
            vec!["no applicable question has been answered yet".to_string()],
        );
    };
    if coverage < min_coverage {
        let mut reasons = vec![format!(
            "only {} of questions answered; a verdict needs at least {}",
            percent(coverage),
            percent(min_coverage)
        )];
        reasons.extend(
            gates
                .iter()
                .filter(|g| g.status == GateStatus::Unanswered)
                .map(|g| g.reason.clone()),
        );
        return (Verdict::NotAssessed, reasons);
    }
    let mut blocking = Vec::new();
    for gate in gates.iter().filter(|g| g.status == GateStatus::Failed) {
        blocking.push(format!("gate failed: {}", gate.reason));
    }
    if readiness < NOT_READY_BELOW {
        blocking.push(format!(
            "readiness {readiness:.1} is below {NOT_READY_BELOW:.0}"
        ));
    }
    if !blocking.is_empty() {
        return (Verdict::NotReady, blocking);
    }

    let mut conditions = Vec::new();
    if readiness < READY_AT {
        conditions.push(format!("readiness {readiness:.1} is below {READY_AT:.0}"));
    }
    for (d, s) in q.dimensions.iter().zip(dimensions) {
        match s.score {
            Some(score) if score < MIN_DIMENSION_FOR_READY => conditions.push(format!(
                "{} scores {score:.1}, below {MIN_DIMENSION_FOR_READY:.0}",
                d.name
            )),
            None if s.not_applicable => {}
            None => conditions.push(format!("{} has no answers", d.name)),
            _ => {}
        }
    }
    if coverage < MIN_COVERAGE_FOR_READY {
        conditions.push(format!(
            "only {} of questions answered; ready needs {}",
            percent(coverage),
            percent(MIN_COVERAGE_FOR_READY)
        ));
    }
    for gate in gates.iter().filter(|g| g.status == GateStatus::Unanswered) {
        conditions.push(gate.reason.clone());
    }
    if conditions.is_empty() {
        (
            Verdict::Ready,
            vec![
                format!("readiness {readiness:.1} is at or above {READY_AT:.0}"),
                "every critical gate that applies is passed".to_string(),
                format!("every dimension scores {MIN_DIMENSION_FOR_READY:.0} or more"),
            ],
        )
    } else {
        (Verdict::Conditional, conditions)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::testing::{process, response};

    #[test]
    fn a_level_reads_as_float_formatting_would_write_it() {
        for level in [
            0.0_f64, 1.0, 2.0, 4.0, 1.5, 2.25, 3.75, 10.0, -0.0, -1.0, 1e16,
        ] {
            let expected = if level.fract() == 0.0 {
                format!("{level:.0}")
            } else {
                format!("{level:.1}")
            };
            assert_eq!(format_level(level), expected, "{level}");
        }
    }

    #[test]
    fn a_weighted_mean_that_overflows_is_no_score_not_nan() {
        let huge = [(100.0, 1e308), (50.0, 1e308)];
        assert_eq!(weighted_mean(huge.into_iter()), None);
        assert_eq!(
            weighted_mean([(100.0, 1.0), (50.0, 3.0)].into_iter()),
            Some(62.5)
        );
    }

    const QUESTIONNAIRE: &str = r#"
id: t
version: "1"
title: T
scales:
  - id: maturity
    levels: [{label: A}, {label: B}, {label: C}, {label: D}, {label: E}]
  - id: ynp
    levels: [{label: "No", value: 0}, {label: Partly, value: 0.25}, {label: "Yes", value: 1}]
dimensions:
  - {id: process, name: Process}
  - {id: data, name: Data, weight: 3}
questions:
  - {id: p1, dimension: process, text: P1, levels: [a, b, c, d, e], target: 3, gate: {min_level: 2}}
  - {id: p2, dimension: process, text: P2, levels: [a, b, c, d, e], target: 3, weight: 3, allow_na: true}
  - {id: d1, dimension: data, text: D1, scale: ynp, levels: [n, p, y], target: 2}
  - {id: d2, dimension: data, text: D2, levels: [a, b, c, d, e], target: 3, gate: {min_level: 3, risk_tiers: [high]}}
"#;

    fn questionnaire() -> Questionnaire {
        crate::assessment::testing::questionnaire(QUESTIONNAIRE)
    }

    /// Scores `responses`; what the score borrows lives as long as the test.
    fn run(risk: Level3, responses: &[Response]) -> ProcessScore<'static> {
        let responses: &'static [Response] = Box::leak(responses.to_vec().into_boxed_slice());
        let refs: Vec<&Response> = responses.iter().collect();
        score_process(Box::leak(Box::new(questionnaire())), &process(risk), &refs)
    }

    #[test]
    fn no_answers_gives_null_scores_not_zero() {
        let s = run(Level3::Low, &[]);
        assert_eq!(s.readiness, None);
        assert!(s.dimensions.iter().all(|d| d.score.is_none()));
        assert_eq!(s.coverage, 0.0);
        assert_eq!(s.verdict, Verdict::NotAssessed);
        assert_eq!(s.confidence, Confidence::Low);
        assert!(!s.reasons.is_empty());
    }

    #[test]
    fn dimension_is_weighted_mean_of_answered_questions_and_readiness_weights_dimensions() {
        // process: p1 = 4/4 = 100 (weight 1), p2 = 2/4 = 50 (weight 3) -> 62.5
        // data: d1 = partly = 25 (only answered question) -> 25
        // readiness = (62.5 * 1 + 25 * 3) / 4 = 34.375 -> 34.4
        let s = run(
            Level3::Low,
            &[response(
                "a",
                &[
                    ("p1", Some(4), None),
                    ("p2", Some(2), None),
                    ("d1", Some(1), None),
                ],
            )],
        );
        assert_eq!(s.dimensions[0].score, Some(62.5));
        assert_eq!(s.dimensions[1].score, Some(25.0));
        assert_eq!(s.readiness, Some(34.4));
        assert_eq!(s.coverage, 0.75);
        assert_eq!(s.dimensions[1].coverage, 0.5);
    }

    #[test]
    fn dimension_with_only_unanswered_questions_is_null_and_left_out_of_readiness() {
        let s = run(Level3::Low, &[response("a", &[("p1", Some(4), None)])]);
        assert_eq!(s.dimensions[1].score, None);
        assert_eq!(s.readiness, Some(100.0));
        assert_eq!(
            s.verdict,
            Verdict::NotAssessed,
            "25% coverage is too little"
        );
        assert!(
            s.reasons[0].contains("needs at least 50%"),
            "{:?}",
            s.reasons
        );
        let (q, answers) = (questionnaire(), response("a", &[("p1", Some(4), None)]));
        let lenient = score_process_with(&q, &process(Level3::Low), &[&answers], 0.25);
        assert_ne!(
            lenient.verdict,
            Verdict::NotAssessed,
            "the threshold is a setting"
        );
    }

    #[test]
    fn not_applicable_is_covered_but_not_scored() {
        let s = run(
            Level3::Low,
            &[response(
                "a",
                &[("p1", Some(2), None), ("p2", None, Some("no such step"))],
            )],
        );
        assert_eq!(s.questions[1].status, QuestionStatus::NotApplicable);
        assert_eq!(s.dimensions[0].score, Some(50.0));
        assert_eq!(s.dimensions[0].coverage, 1.0);
    }

    #[test]
    fn a_level_from_anyone_outweighs_not_applicable_from_others() {
        let s = run(
            Level3::Low,
            &[
                response("a", &[("p2", None, Some("n/a"))]),
                response("b", &[("p2", Some(1), None)]),
            ],
        );
        assert_eq!(s.questions[1].status, QuestionStatus::Answered);
        assert_eq!(s.questions[1].level, Some(1.0));
    }

    /// Each question's answers are read from the process's table: by respondent id whatever
    /// order the files came in, the first of a repeated answer, nobody for a question left out,
    /// and nothing for an id the questionnaire does not have or a question past its last.
    #[test]
    fn a_process_gives_each_questions_answers_by_respondent() {
        let mut a = response(
            "a",
            &[("p1", Some(1), None), ("p2", None, Some("not here"))],
        );
        for (id, level) in [("p2", Some(4)), ("zz", Some(2))] {
            a.file.answers.0.push((
                id.into(),
                crate::assessment::Answer {
                    level,
                    ..Default::default()
                },
            ));
        }
        let s = run(
            Level3::Low,
            &[
                response("c", &[("p1", Some(3), None), ("d1", Some(2), None)]),
                a,
                // Out of questionnaire order, as a hand-written file may be.
                response("b", &[("d1", Some(1), None), ("p1", Some(2), None)]),
            ],
        );
        // Two answers files of one respondent id (one folder cannot hold them, but responses
        // built in code can): they keep the order they were given in.
        let twice = run(
            Level3::Low,
            &[
                response("x", &[("p1", Some(4), None)]),
                response("w", &[("p1", Some(0), None)]),
                response("x", &[("p1", Some(1), None)]),
            ],
        );
        let levels: Vec<(&str, Option<usize>)> = twice
            .answers(0)
            .map(|a| (a.respondent(), a.level()))
            .collect();
        assert_eq!(levels, [("w", Some(0)), ("x", Some(4)), ("x", Some(1))]);
        let answers = |i: usize| -> Vec<(String, Option<usize>, Option<String>)> {
            s.answers(i)
                .map(|a| {
                    let na = a.not_applicable().map(str::to_string);
                    (a.respondent().to_string(), a.level(), na)
                })
                .collect()
        };
        let given = |r: &str, level: Option<usize>| (r.to_string(), level, None);
        assert_eq!(s.respondents, ["a", "b", "c"]);
        assert_eq!(
            answers(0),
            [
                given("a", Some(1)),
                given("b", Some(2)),
                given("c", Some(3))
            ]
        );
        assert_eq!(
            answers(1),
            [("a".to_string(), None, Some("not here".to_string()))]
        );
        assert_eq!(answers(2), [given("b", Some(1)), given("c", Some(2))]);
        assert_eq!(answers(3), []);
        assert_eq!(answers(4), []);
        assert_eq!(s.questions[1].status, QuestionStatus::NotApplicable);
        assert_eq!(s.questions[0].spread, Some(2));
    }

    #[test]
    fn respondents_combine_by_median_and_keep_spread() {
        let s = run(
            Level3::Low,
            &[
                response("a", &[("p1", Some(1), None)]),
                response("b", &[("p1", Some(4), None)]),
                response("c", &[("p1", Some(2), None)]),
            ],
        );
        assert_eq!(s.questions[0].level, Some(2.0));
        assert_eq!(s.questions[0].score, Some(50.0));
        assert_eq!(s.questions[0].spread, Some(3));
        assert_eq!(
            s.questions.iter().filter(|q| q.is_disagreement()).count(),
            1
        );
        // Even count: mean of the middle two.
        let s = run(
            Level3::Low,
            &[
                response("a", &[("p1", Some(1), None)]),
                response("b", &[("p1", Some(2), None)]),
            ],
        );
        assert_eq!(s.questions[0].level, Some(1.5));
        assert_eq!(s.questions[0].spread, Some(1));
        assert_eq!(
            s.questions.iter().filter(|q| q.is_disagreement()).count(),
            0
        );
    }

    #[test]
    fn failed_gate_makes_not_ready_with_reason_even_when_scores_are_high() {
        let s = run(
            Level3::Low,
            &[response(
                "a",
                &[
                    ("p1", Some(1), None),
                    ("p2", Some(4), None),
                    ("d1", Some(2), None),
                    ("d2", Some(4), None),
                ],
            )],
        );
        assert!(s.readiness.unwrap() > 75.0);
        assert_eq!(s.verdict, Verdict::NotReady);
        assert_eq!(s.gates.len(), 1);
        assert_eq!(s.gates[0].question, "p1");
        assert_eq!(s.gates[0].status, GateStatus::Failed);
        assert!(s.reasons[0].contains("gate failed"), "{:?}", s.reasons);
    }

    #[test]
    fn risk_tier_decides_which_gates_apply() {
        let answers = [
            ("p1", Some(3), None),
            ("p2", Some(4), None),
            ("d1", Some(2), None),
            ("d2", Some(2), None),
        ];
        let low = run(Level3::Low, &[response("a", &answers)]);
        assert!(low.gates.is_empty());
        assert_eq!(low.verdict, Verdict::Ready, "{:?}", low.reasons);
        let high = run(Level3::High, &[response("a", &answers)]);
        assert_eq!(high.verdict, Verdict::NotReady);
        assert_eq!(high.gates[0].question, "d2");
    }

    #[test]
    fn unanswered_gate_or_low_readiness_gives_conditional_with_reasons() {
        let s = run(
            Level3::Low,
            &[response(
                "a",
                &[
                    ("p2", Some(3), None),
                    ("d1", Some(2), None),
                    ("d2", Some(2), None),
                ],
            )],
        );
        assert_eq!(s.verdict, Verdict::Conditional);
        assert!(
            s.reasons.iter().any(|r| r.contains("`p1` is not answered")),
            "{:?}",
            s.reasons
        );
        let s = run(
            Level3::Low,
            &[response(
                "a",
                &[
                    ("p1", Some(2), None),
                    ("p2", Some(2), None),
                    ("d1", Some(1), None),
                    ("d2", Some(4), None),
                ],
            )],
        );
        // process 50, data (25*1 + 100*1)/2 = 62.5 -> readiness (50 + 187.5)/4 = 59.4
        assert_eq!(s.readiness, Some(59.4));
        assert_eq!(s.verdict, Verdict::Conditional);
        assert!(s.reasons[0].contains("below 75"));
    }

    #[test]
    fn low_readiness_is_not_ready() {
        let s = run(
            Level3::Low,
            &[response(
                "a",
                &[
                    ("p1", Some(2), None),
                    ("p2", Some(0), None),
                    ("d1", Some(0), None),
                    ("d2", Some(1), None),
                ],
            )],
        );
        assert_eq!(s.verdict, Verdict::NotReady);
        assert!(
            s.reasons.iter().any(|r| r.contains("below 50")),
            "{:?}",
            s.reasons
        );
    }

    #[test]
    fn confidence_grows_with_coverage_respondents_and_evidence() {
        let evidence = |with_evidence, answered| EvidenceCount {
            answered,
            with_evidence,
        };
        let level = |coverage, respondents, e| Confidence::judge(coverage, respondents, e).0;
        let (full, none) = (evidence(30, 30), evidence(0, 30));
        assert_eq!(level(1.0, 2, full), Confidence::High);
        assert_eq!(level(0.7, 3, full), Confidence::Medium);
        assert_eq!(level(1.0, 1, full), Confidence::Medium);
        assert_eq!(level(0.8, 1, full), Confidence::Low);
        assert_eq!(level(0.0, 0, none), Confidence::Low);
        // High needs evidence on a third of the questions answered with a level: 10 of 30 is
        // enough, 9 is not.
        assert_eq!(level(1.0, 2, evidence(10, 30)), Confidence::High);
        assert_eq!(level(1.0, 2, evidence(9, 30)), Confidence::Medium);
        assert_eq!(level(1.0, 2, none), Confidence::Medium);
        assert_eq!(level(0.5, 3, full), Confidence::Low);
        let (_, reasons) = Confidence::judge(0.95, 3, evidence(9, 30));
        assert_eq!(
            reasons,
            ["evidence on 9 of 30 questions answered with a level (30%); high confidence needs a third"]
        );
        assert!(Confidence::judge(1.0, 2, full).1.is_empty());
        let (_, reasons) = Confidence::judge(0.8, 1, full);
        assert_eq!(
            reasons,
            [
                "1 respondent; high confidence needs 2 or more",
                "80% of questions answered; high confidence needs 90%"
            ]
        );
        assert_eq!(
            Confidence::judge(0.5, 2, full).1,
            ["50% of questions answered; medium confidence needs 60%"]
        );
        assert_eq!(Confidence::High.lower(), Confidence::Medium);
        assert_eq!(Confidence::Low.lower(), Confidence::Low);
    }

    #[test]
    fn evidence_counts_the_questions_answered_with_a_level_that_anyone_backed() {
        let mut with_evidence = response("a", &[("p1", Some(3), None), ("p2", None, Some("n/a"))]);
        for id in ["p1", "p2"] {
            let mut answer = with_evidence.file.answers.get(id).cloned().unwrap();
            answer.evidence = vec!["SOP v3".to_string()].into();
            with_evidence.file.answers.set(id, answer);
        }
        let blank = {
            let mut r = response("b", &[("d1", Some(1), None)]);
            let mut answer = r.file.answers.get("d1").cloned().unwrap();
            answer.evidence = vec!["  ".to_string()].into();
            r.file.answers.set("d1", answer);
            r
        };
        let s = run(Level3::Low, &[with_evidence, blank]);
        // p1 and d1 are answered with a level; p2 is not applicable, so its evidence is not
        // counted; d1's only item is blank.
        assert_eq!(
            s.evidence,
            EvidenceCount {
                answered: 2,
                with_evidence: 1
            }
        );
        assert_eq!(s.evidence.share(), 0.5);
    }

    #[test]
    fn median_handles_odd_even_and_empty() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0]), Some(2.5));
    }
}
