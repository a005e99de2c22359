//! Stale answers in a diff: the answers the new report flags as given before its freshness
//! window, process by process, and which of them became stale since the old report (they were
//! fresh there, undated, or not yet given). Only a report dated with `--date` judges freshness,
//! so a side without a date says nothing, and the notes say what cannot be told.

use std::collections::HashSet;

use serde::Serialize;

use crate::report::model::Report;

/// A process of the new report whose answers were judged against its freshness window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleProcess {
    /// The process's id.
    pub process: String,
    /// As the new report names it.
    pub name: String,
    /// The new report's date.
    pub as_of: String,
    pub window_months: u32,
    /// The window's first day: an answer given before it is stale.
    pub stale_before: String,
    /// Answers given for the process in the new report.
    pub answers: usize,
    pub stale: usize,
    pub undated: usize,
    /// Stale answers that were not stale in the old report; null when the old report did not
    /// judge this process's freshness (it has no date, or not this process).
    pub became_stale: Option<usize>,
    /// The questions with a stale answer, in the new report's order.
    pub questions: Vec<StaleQuestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleQuestion {
    pub question: String,
    pub title: String,
    pub answers: Vec<StaleAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaleAnswer {
    /// Respondent id.
    pub respondent: String,
    pub respondent_name: String,
    /// The day it was given.
    pub date: String,
    /// Not stale in the old report; null when the old report did not judge it.
    pub became_stale: Option<bool>,
}

/// The new report's stale answers, with which became stale since the old one.
pub fn stale_answers(old: &Report, new: &Report) -> Vec<StaleProcess> {
    new.processes
        .iter()
        .filter_map(|n| {
            let f = n.freshness.as_ref()?;
            // The answers the old report already called stale, when it judged them at all.
            let was_stale: Option<HashSet<(&str, &str)>> = old
                .processes
                .iter()
                .find(|o| o.id == n.id)
                .and_then(|o| o.freshness.as_ref())
                .map(|old| {
                    old.stale_questions
                        .iter()
                        .flat_map(|q| {
                            q.answers
                                .iter()
                                .map(|a| (q.question.as_str(), a.respondent.as_str()))
                        })
                        .collect()
                });
            let questions: Vec<StaleQuestion> = f
                .stale_questions
                .iter()
                .map(|q| StaleQuestion {
                    question: q.question.clone(),
                    title: q.title.clone(),
                    answers: q
                        .answers
                        .iter()
                        .map(|a| StaleAnswer {
                            respondent: a.respondent.clone(),
                            respondent_name: a.respondent_name.clone(),
                            date: a.date.clone(),
                            became_stale: was_stale.as_ref().map(|was| {
                                !was.contains(&(q.question.as_str(), a.respondent.as_str()))
                            }),
                        })
                        .collect(),
                })
                .collect();
            let became_stale = was_stale.as_ref().map(|_| {
                questions
                    .iter()
                    .flat_map(|q| &q.answers)
                    .filter(|a| a.became_stale == Some(true))
                    .count()
            });
            Some(StaleProcess {
                process: n.id.clone(),
                name: n.name.clone(),
                as_of: f.as_of.clone(),
                window_months: f.window_months,
                stale_before: f.stale_before.clone(),
                answers: f.answers,
                stale: f.stale,
                undated: f.undated,
                became_stale,
                questions,
            })
        })
        .collect()
}

/// What the dates of the two reports leave unknown about freshness.
pub fn notes(old: &Report, new: &Report) -> Vec<String> {
    let judged = |r: &Report| r.processes.iter().any(|p| p.freshness.is_some());
    match (judged(old), judged(new)) {
        (true, false) => vec![
            "the new report has no date, so the freshness of its answers is not judged: save it \
             with --date, or pass --date to judge an engagement folder"
                .to_string(),
        ],
        (false, true) => vec![
            "the old report has no date, so which answers became stale since it is not known"
                .to_string(),
        ],
        _ => Vec::new(),
    }
}

/// How many stale questions the terminal names per process; Markdown and JSON list them all.
const TABLE_QUESTIONS: usize = 8;

/// "130 of 136 answers stale (given before 2026-03-20), 124 newly; 46 undated".
pub fn counts(p: &StaleProcess) -> String {
    let mut text = format!(
        "{} of {} answers stale (given before {})",
        p.stale, p.answers, p.stale_before
    );
    if let Some(newly) = p.became_stale {
        text.push_str(&format!(", {newly} newly"));
    }
    if p.undated > 0 {
        text.push_str(&format!("; {} undated", p.undated));
    }
    text
}

/// The terminal's line under a process's counts: the questions with an answer newly stale (or
/// every stale one, when the old report did not judge them), up to a few.
pub fn table_detail(p: &StaleProcess) -> Option<String> {
    let newly = p.became_stale.is_some();
    let titles: Vec<&str> = p
        .questions
        .iter()
        .filter(|q| !newly || q.answers.iter().any(|a| a.became_stale == Some(true)))
        .map(|q| q.title.as_str())
        .collect();
    if titles.is_empty() {
        return None;
    }
    let mut shown: Vec<&str> = titles.iter().take(TABLE_QUESTIONS).copied().collect();
    let more = format!(
        "and {} more (each: --format markdown or --format json)",
        titles.len().saturating_sub(TABLE_QUESTIONS)
    );
    if titles.len() > TABLE_QUESTIONS {
        shown.push(&more);
    }
    Some(format!(
        "{}: {}",
        if newly { "newly stale" } else { "stale" },
        shown.join(", ")
    ))
}
