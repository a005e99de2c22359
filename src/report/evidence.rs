//! Evidence and freshness in the report: how many of a process's answered questions carry
//! evidence (which confidence counts), and, in a report dated with `--date`, which answers are
//! stale (given before the freshness window) and how many are undated. Built once here from the
//! scorecard; the phrases at the end are shared by the text renderers, which only format them.

use serde::{Deserialize, Serialize};

use super::model::{format_percent, ProcessView};
use crate::scoring::freshness::Staleness;
use crate::scoring::{EvidenceCount, ProcessScore};

/// How many of a process's questions answered with a level carry an evidence item.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct EvidenceView {
    /// Questions answered with a level.
    pub answered: usize,
    /// Of those, the questions at least one respondent backed with an evidence item.
    pub with_evidence: usize,
    /// `with_evidence` over `answered`, 0-1 (three decimals); 0 when nothing is answered.
    pub share: f64,
}

/// A process's answers judged against the freshness window, in a report dated with `--date`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FreshnessView {
    /// The report's date, which the window ends on.
    pub as_of: String,
    /// How many months an answer stays fresh.
    pub window_months: u32,
    /// The window's first day: an answer given before it is stale.
    pub stale_before: String,
    /// Answers given (a level or "not applicable") by the process's respondents.
    pub answers: usize,
    /// Of those, how many were given before the window.
    pub stale: usize,
    /// Of those, how many carry no date.
    pub undated: usize,
    /// More than half the answers are stale, so confidence is one step lower.
    pub lowered_confidence: bool,
    /// The questions with a stale answer, in questionnaire order.
    pub stale_questions: Vec<StaleQuestion>,
}

/// A question some respondents answered before the freshness window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaleQuestion {
    pub question: String,
    /// The question's short title, or its id.
    pub title: String,
    /// The stale answers, by respondent.
    pub answers: Vec<StaleAnswer>,
}

/// One answer given before the freshness window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaleAnswer {
    /// Respondent id (the answers file's name).
    pub respondent: String,
    pub respondent_name: String,
    /// The day it was given.
    pub date: String,
}

impl EvidenceView {
    pub fn of(count: EvidenceCount) -> EvidenceView {
        EvidenceView {
            answered: count.answered,
            with_evidence: count.with_evidence,
            share: (count.share() * 1000.0).round() / 1000.0,
        }
    }
}

impl FreshnessView {
    /// The view of `staleness`; `title` names a question by id, `name` a respondent by id.
    pub fn of(
        staleness: &Staleness,
        title: &dyn Fn(&str) -> String,
        name: &dyn Fn(&str) -> String,
    ) -> FreshnessView {
        let mut stale_questions: Vec<StaleQuestion> = Vec::new();
        for answer in &staleness.stale {
            let entry = StaleAnswer {
                respondent: answer.respondent.to_string(),
                respondent_name: name(answer.respondent),
                date: crate::calendar::iso(answer.date),
            };
            match stale_questions.last_mut() {
                Some(last) if last.question == answer.question => last.answers.push(entry),
                _ => stale_questions.push(StaleQuestion {
                    question: answer.question.to_string(),
                    title: title(answer.question),
                    answers: vec![entry],
                }),
            }
        }
        FreshnessView {
            as_of: crate::calendar::iso(staleness.window.as_of),
            window_months: staleness.window.months,
            stale_before: crate::calendar::iso(staleness.window.starts()),
            answers: staleness.answers,
            stale: staleness.stale.len(),
            undated: staleness.undated,
            lowered_confidence: staleness.lowered_confidence,
            stale_questions,
        }
    }
}

/// Whether an answer given on `date` is stale, in a report that judged freshness; `None` when
/// it did not, or when the answer has no date.
pub fn answer_is_stale(score: &ProcessScore, date: Option<jiff::civil::Date>) -> Option<bool> {
    let window = score.freshness.as_ref()?.window;
    date.map(|date| window.is_stale(date))
}

/// "medium", or "medium (2 stale answers)": the confidence as a process's figures show it.
pub fn confidence_label(p: &ProcessView) -> String {
    match &p.freshness {
        Some(f) if f.stale > 0 => format!(
            "{} ({})",
            p.confidence.as_str(),
            super::text::count(f.stale, "stale answer", "stale answers")
        ),
        _ => p.confidence.as_str().to_string(),
    }
}

/// "medium (3 resp.)", or "low (1 resp., 5 stale)": the confidence in a heatmap's cell.
pub fn confidence_cell(p: &ProcessView) -> String {
    match &p.freshness {
        Some(f) if f.stale > 0 => format!(
            "{} ({} resp., {} stale)",
            p.confidence.as_str(),
            p.respondents,
            f.stale
        ),
        _ => format!("{} ({} resp.)", p.confidence.as_str(), p.respondents),
    }
}

/// "23%": the share of answered questions with evidence.
pub fn evidence_share(p: &ProcessView) -> String {
    format_percent(p.evidence.share)
}

/// "confidence medium: evidence on 11 of 47 questions answered with a level (23%); high
/// confidence needs a third": what bears on the confidence, when anything does.
pub fn confidence_sentence(p: &ProcessView) -> Option<String> {
    (!p.confidence_notes.is_empty()).then(|| {
        format!(
            "confidence {}: {}",
            p.confidence.as_str(),
            p.confidence_notes.join("; ")
        )
    })
}

/// "12 of 136 answers are stale: given before 2026-03-30, more than 6 months before the report's
/// 2026-09-30; 3 undated", or that none is.
pub fn freshness_sentence(f: &FreshnessView) -> String {
    let mut text = match f.stale {
        0 => format!(
            "no stale answer: none of the {} was given before {}, {} months before the report's {}",
            f.answers, f.stale_before, f.window_months, f.as_of
        ),
        stale => format!(
            "{} stale: given before {}, more than {} months before the report's {}",
            crate::scoring::freshness::how_many_are(stale, f.answers),
            f.stale_before,
            f.window_months,
            f.as_of
        ),
    };
    if f.undated > 0 {
        text.push_str(&format!("; {} undated", f.undated));
    }
    text
}

/// "Priya Raman 2026-01-10, Gareth Lewis 2026-01-11": who gave a stale answer to a question,
/// and when; `name` formats a name for the output.
pub fn stale_answers(q: &StaleQuestion, name: &dyn Fn(&str) -> String) -> String {
    q.answers
        .iter()
        .map(|a| format!("{} {}", name(&a.respondent_name), a.date))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How many stale questions the terminal lists by name; the other formats list them all.
const TABLE_STALE_QUESTIONS: usize = 8;

/// The lines under a process's verdict in the terminal report: what bears on its confidence,
/// and, in a dated report, its stale and undated answers with the questions they answer.
pub fn table_details(p: &ProcessView, width: Option<u16>) -> String {
    use super::text::paragraph;
    let mut out = String::new();
    if let Some(sentence) = confidence_sentence(p) {
        out.push_str(&paragraph(&sentence, width, "  ", "    "));
    }
    let Some(f) = &p.freshness else {
        return out;
    };
    out.push_str(&paragraph(&freshness_sentence(f), width, "  ", "    "));
    if f.stale_questions.is_empty() {
        return out;
    }
    let mut titles: Vec<&str> = f
        .stale_questions
        .iter()
        .take(TABLE_STALE_QUESTIONS)
        .map(|q| q.title.as_str())
        .collect();
    let more = f
        .stale_questions
        .len()
        .saturating_sub(TABLE_STALE_QUESTIONS);
    let more_text =
        format!("and {more} more (every one, with who and when: --format markdown, html or json)");
    if more > 0 {
        titles.push(&more_text);
    }
    out.push_str(&paragraph(
        &format!("stale questions: {}", titles.join(", ")),
        width,
        "  ",
        "    ",
    ));
    out
}

/// The Markdown under a process's verdict: what bears on its confidence, and, in a dated
/// report, its stale answers, each question with who answered it when.
pub fn markdown_details(p: &ProcessView, out: &mut String) {
    use super::markdown::{escape, prose};
    if let Some(sentence) = confidence_sentence(p) {
        out.push_str(&format!("\n{}.\n", capitalised(&prose(&sentence))));
    }
    let Some(f) = &p.freshness else {
        return;
    };
    out.push_str(&format!(
        "\n**Freshness**: {}.\n",
        prose(&freshness_sentence(f))
    ));
    if f.stale_questions.is_empty() {
        return;
    }
    out.push_str("\nStale answers:\n\n");
    for q in &f.stale_questions {
        out.push_str(&format!(
            "- **{}** `{}` — {}\n",
            escape(&q.title),
            q.question,
            stale_answers(q, &|name| escape(name))
        ));
    }
}

/// `text` with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A process's freshness as the HTML report shows it under its verdict.
pub struct HtmlFreshness {
    pub stale: usize,
    pub undated: usize,
    pub sentence: String,
    /// (question id, title, who answered it when).
    pub questions: Vec<(String, String, String)>,
}

/// The HTML report's freshness block of a process, in a dated report.
pub fn html_freshness(p: &ProcessView) -> Option<HtmlFreshness> {
    let f = p.freshness.as_ref()?;
    Some(HtmlFreshness {
        stale: f.stale,
        undated: f.undated,
        sentence: capitalised(&freshness_sentence(f)) + ".",
        questions: f
            .stale_questions
            .iter()
            .map(|q| {
                (
                    q.question.clone(),
                    q.title.clone(),
                    stale_answers(q, &|name| name.to_string()),
                )
            })
            .collect(),
    })
}

/// What bears on a process's confidence, as a sentence for the HTML report.
pub fn html_confidence(p: &ProcessView) -> Option<String> {
    confidence_sentence(p).map(|s| capitalised(&s) + ".")
}
