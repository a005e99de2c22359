//! Freshness: which answers are too old to trust as of a report's date. An answer is stale when
//! it was given (its `date:`) before the start of the freshness window, the window's length in
//! months before the report's date; an answer on the window's first day is not. An answer
//! without a date is undated: counted, never called stale. Without a report date nothing is
//! judged, so the same answers give the same report on any day.

use jiff::civil::Date;
use jiff::ToSpan;

use super::{QuestionStatus, Scorecard};
use crate::assessment::Engagement;

pub use crate::questionnaire::validate::{
    freshness_months_problem as check_months, DEFAULT_FRESHNESS_MONTHS as DEFAULT_MONTHS,
};

/// The months an answer stays fresh: `freshness_months` of engagement.yaml, else of the
/// questionnaire, else [`DEFAULT_MONTHS`].
pub fn months(engagement: &Engagement) -> u32 {
    engagement
        .file
        .freshness_months
        .or(engagement.questionnaire.freshness_months)
        .unwrap_or(DEFAULT_MONTHS)
}

/// "2 of 10 answers are", "all 5 answers are", "the only answer is": how many of `answers` a
/// count of `some` is, as the subject of a sentence.
pub fn how_many_are(some: usize, answers: usize) -> String {
    match (some, answers) {
        (1, 1) => "the only answer is".to_string(),
        (0, a) => format!("none of the {a} answers is"),
        (s, a) if s == a => format!("all {a} answers are"),
        (1, a) => format!("1 of {a} answers is"),
        (s, a) => format!("{s} of {a} answers are"),
    }
}

/// The freshness window as of a report's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The report's date (`--date`).
    pub as_of: Date,
    /// How many months before it an answer stays fresh.
    pub months: u32,
}

impl Window {
    /// The window's first day: `months` before the report's date, on the same day of the month
    /// (the month's last day when it is shorter). An answer given before it is stale.
    pub fn starts(&self) -> Date {
        self.as_of
            .checked_sub(i64::from(self.months).months())
            .unwrap_or(Date::MIN)
    }

    pub fn is_stale(&self, given: Date) -> bool {
        given < self.starts()
    }
}

/// One answer given before the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleAnswer<'a> {
    pub question: &'a str,
    pub respondent: &'a str,
    pub date: Date,
}

/// A process's answers judged against the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staleness<'a> {
    pub window: Window,
    /// Answers given (a level or "not applicable") by the process's respondents.
    pub answers: usize,
    /// Of those, the ones without a date.
    pub undated: usize,
    /// Of those, the ones given before the window, by question in questionnaire order, then by
    /// respondent.
    pub stale: Vec<StaleAnswer<'a>>,
    /// More than half the answers are stale: confidence was lowered one step.
    pub lowered_confidence: bool,
}

/// Judges every answer of every process against `window`: counts the stale and undated ones,
/// and lowers a process's confidence one step when more than half its answers are stale (its
/// figures then describe the past). A note on confidence says how many are stale.
pub fn judge(scorecard: &mut Scorecard, window: Window) {
    for process in &mut scorecard.processes {
        let mut staleness = Staleness {
            window,
            answers: 0,
            undated: 0,
            stale: Vec::new(),
            lowered_confidence: false,
        };
        for (i, question) in process.questions.iter().enumerate() {
            if question.status == QuestionStatus::Unanswered {
                continue;
            }
            let given = process
                .answers(i)
                .filter(|a| a.level().is_some() || a.not_applicable().is_some());
            for answer in given {
                staleness.answers += 1;
                match answer.date() {
                    None => staleness.undated += 1,
                    Some(date) if window.is_stale(date) => staleness.stale.push(StaleAnswer {
                        question: question.question,
                        respondent: answer.respondent(),
                        date,
                    }),
                    Some(_) => {}
                }
            }
        }
        let stale = staleness.stale.len();
        staleness.lowered_confidence = stale * 2 > staleness.answers;
        if staleness.lowered_confidence {
            process.confidence = process.confidence.lower();
            process.confidence_reasons.push(format!(
                "{} stale, given before {}: more than half, so confidence is one step lower",
                how_many_are(stale, staleness.answers),
                crate::calendar::iso(window.starts()),
            ));
        }
        process.freshness = Some(staleness);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::testing::{process, response};
    use crate::assessment::{Response, ResponseFile};
    use crate::questionnaire::Level3;
    use crate::scoring::{score_process, Confidence};

    fn day(text: &str) -> Date {
        crate::calendar::parse_fixed(text, "test").unwrap()
    }

    fn window(as_of: &str) -> Window {
        Window {
            as_of: day(as_of),
            months: 6,
        }
    }

    #[test]
    fn the_window_starts_the_same_day_some_months_before() {
        assert_eq!(window("2026-09-30").starts(), day("2026-03-30"));
        // No 31 August in February: the month's last day.
        assert_eq!(window("2026-08-31").starts(), day("2026-02-28"));
        let w = window("2026-09-30");
        assert!(
            !w.is_stale(day("2026-03-30")),
            "on the window's first day: fresh"
        );
        assert!(w.is_stale(day("2026-03-29")), "one day before it: stale");
        assert!(
            !w.is_stale(day("2026-10-02")),
            "after the report's date: fresh"
        );
        let year = Window {
            as_of: day("2026-09-30"),
            months: 12,
        };
        assert_eq!(year.starts(), day("2025-09-30"));
        assert!(check_months(0).is_some());
        assert!(check_months(121).is_some());
        assert_eq!(check_months(6), None);
    }

    const QUESTIONNAIRE: &str = r#"
id: t
version: "1"
title: T
dimensions:
  - {id: process, name: Process}
questions:
  - {id: p1, dimension: process, text: P1, levels: [a, b, c, d, e], target: 3}
  - {id: p2, dimension: process, text: P2, levels: [a, b, c, d, e], target: 3, allow_na: true}
  - {id: p3, dimension: process, text: P3, levels: [a, b, c, d, e], target: 3}
"#;

    /// `respondent`'s answers, each (question, date) at level 2 with evidence.
    fn dated(respondent: &str, answers: &[(&str, Option<&str>)]) -> Response {
        let mut r = response(respondent, &[]);
        r.file = ResponseFile {
            questionnaire: "t".into(),
            version: "1".into(),
            ..ResponseFile::default()
        };
        for (id, date) in answers {
            r.file.answers.set(
                id,
                crate::assessment::Answer {
                    level: Some(2),
                    date: date.map(Box::from),
                    evidence: vec!["minutes".to_string()].into(),
                    ..Default::default()
                },
            );
        }
        r
    }

    #[test]
    fn stale_and_undated_answers_are_counted_and_a_stale_majority_lowers_confidence() {
        let q = crate::assessment::testing::questionnaire(QUESTIONNAIRE);
        let responses = [
            dated(
                "ann",
                &[
                    ("p1", Some("2026-03-30")), // on the window's first day
                    ("p2", Some("2026-03-29")), // one day before it
                    ("p3", None),
                ],
            ),
            dated(
                "bob",
                &[
                    ("p1", Some("2025-12-01")),
                    ("p2", Some("2026-09-01")),
                    ("p3", Some("2026-01-01")),
                ],
            ),
        ];
        let refs: Vec<&Response> = responses.iter().collect();
        let score = score_process(&q, &process(Level3::Low), &refs);
        assert_eq!(score.confidence, Confidence::High);
        let mut scorecard = Scorecard {
            processes: vec![score.clone()],
        };
        judge(&mut scorecard, window("2026-09-30"));
        let judged = &scorecard.processes[0];
        let staleness = judged.freshness.as_ref().unwrap();
        assert_eq!((staleness.answers, staleness.undated), (6, 1));
        let stale: Vec<(&str, &str)> = staleness
            .stale
            .iter()
            .map(|s| (s.question, s.respondent))
            .collect();
        assert_eq!(stale, [("p1", "bob"), ("p2", "ann"), ("p3", "bob")]);
        // Three of six is not more than half: confidence stays.
        assert!(!staleness.lowered_confidence);
        assert_eq!(judged.confidence, Confidence::High);
        assert!(judged.confidence_reasons.is_empty());

        // A month later, ann's first answer is stale too: four of six.
        let mut scorecard = Scorecard {
            processes: vec![score.clone()],
        };
        judge(&mut scorecard, window("2026-10-31"));
        let judged = &scorecard.processes[0];
        assert_eq!(judged.freshness.as_ref().unwrap().stale.len(), 4);
        assert_eq!(judged.confidence, Confidence::Medium);
        assert_eq!(
            judged.confidence_reasons,
            ["4 of 6 answers are stale, given before 2026-04-30: more than half, so confidence is one step lower"]
        );
        assert_eq!(how_many_are(1, 1), "the only answer is");
        assert_eq!(how_many_are(3, 3), "all 3 answers are");
        assert_eq!(how_many_are(1, 4), "1 of 4 answers is");
        assert_eq!(how_many_are(0, 4), "none of the 4 answers is");

        // Not judged without a date.
        assert_eq!(score.freshness, None);
    }
}
