//! The interview: which question comes next, back, skip, jumping to a question by number, "not
//! applicable", resume and review, and saving every answer before the next question is shown.
//!
//! The terminal stays out of this file: questions are asked through [`Prompter`], which the real
//! terminal implements in `terminal.rs` and the tests below implement with a script.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use thiserror::Error;

use super::answers::{Answer, AnswerText, Answers, ResponseFile};
use super::engagement;
use super::store;
use crate::questionnaire::yaml_update::{self, Updated};
use crate::questionnaire::{yaml, Diagnostic, Diagnostics, Level3, Question, Questionnaire};

/// Said when "not applicable" is given no reason: the reason stands in the reports where the
/// answer would be, so an empty one is refused, and the respondent learns why.
pub const REASON_REQUIRED: &str = "A reason is required: \"not applicable\" leaves the question \
     out of the scores (and passes its gate, if it has one), so the reports show your reason in \
     place of an answer. Type why it does not apply, or press Esc to choose a level.";

/// What the respondent has answered to a question so far; preselected when it is shown again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Current {
    Unanswered,
    Level(usize),
    NotApplicable,
}

/// One level a question can be answered with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelOption {
    /// The level index written to the answers file.
    pub index: usize,
    /// The scale's label, e.g. "Defined".
    pub label: String,
    /// What the level looks like for this question, something one can observe.
    pub descriptor: String,
}

/// A question's critical gate, as it bears on the process being assessed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GateView {
    /// The lowest level that passes it.
    pub min_level: usize,
    /// The risk tiers it holds for; empty for every tier.
    pub risk_tiers: Vec<Level3>,
    /// Whether it holds for this process: `None` when the session was not given its risk tier.
    pub applies: Option<bool>,
}

/// Everything a prompter needs to show one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionView {
    pub id: String,
    /// Name of the question's dimension.
    pub dimension: String,
    /// 1-based position in the questionnaire.
    pub position: usize,
    pub total: usize,
    /// Questions answered so far (a level or "not applicable").
    pub answered: usize,
    pub text: String,
    pub guidance: String,
    pub levels: Vec<LevelOption>,
    /// Whether "not applicable" may be offered.
    pub allow_na: bool,
    /// "Not applicable" may be chosen without a reason (the questionnaire's `na_reason:
    /// optional`).
    pub na_reason_optional: bool,
    /// False at the first question.
    pub can_go_back: bool,
    pub current: Current,
    /// The level to reach before go-live, which the scores and the plan measure gaps against.
    pub target: usize,
    /// The question's critical gate, if it has one.
    pub gate: Option<GateView>,
    /// The risk tier of the process, when the session was given it.
    pub risk_tier: Option<Level3>,
    /// The questions not answered yet, as (1-based position, text), in questionnaire order.
    pub unanswered: Vec<(usize, String)>,
}

/// The respondent's choice at a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// A level index on the question's scale.
    Level(usize),
    /// "Not applicable"; a reason is asked next.
    NotApplicable,
    /// Leave the question as it is and move on.
    Skip,
    /// Go to the previous question.
    Back,
    /// Go to the question at this 1-based position.
    GoTo(usize),
    /// Stop the session; everything answered is already saved.
    Quit,
}

/// The interactive side of a session. Returning [`Interrupted`] as the error stops the session.
pub trait Prompter {
    /// A message between questions, e.g. where a resumed session starts.
    fn notice(&mut self, message: &str) -> Result<()>;
    /// Shows the question and returns the choice; `view.current` is preselected.
    fn ask_level(&mut self, view: &QuestionView) -> Result<Choice>;
    /// Why the question does not apply; `current` is the reason given before, if any. `None`
    /// goes back to the question's choices (Esc).
    fn ask_reason(&mut self, view: &QuestionView, current: Option<&str>) -> Result<Option<String>>;
    /// An optional note; empty means none. `current` is the note given before, if any. `None`
    /// goes back to the question's choices (Esc), the note left as it was.
    fn ask_note(&mut self, view: &QuestionView, current: Option<&str>) -> Result<Option<String>>;
    /// Asked after the note when the answer lists evidence already (`current`): keep, add to or
    /// replace it. `None` goes back to the question's choices (Esc).
    fn ask_evidence_choice(
        &mut self,
        view: &QuestionView,
        current: &[String],
    ) -> Result<Option<EvidenceChoice>>;
    /// One evidence item (a document, a system, an observation); an empty one ends the list.
    /// `items` are the answer's items so far. `None` goes back to the question's choices (Esc),
    /// the items given so far kept.
    fn ask_evidence_item(
        &mut self,
        view: &QuestionView,
        items: &[String],
    ) -> Result<Option<String>>;
}

/// What to do with the evidence an answer already lists, asked before more is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceChoice {
    /// Leave the items as they are and go on.
    Keep,
    /// Type more items after them.
    Add,
    /// Type new items in their place (none at all removes them).
    Replace,
}

/// The user interrupted the session (Ctrl-C). Everything answered is already on disk.
#[derive(Debug, Error)]
#[error("interrupted")]
pub struct Interrupted;

/// An answer could not be written (a read-only folder, a full disk). The session stops there:
/// showing the next question would break the promise that every answer shown as given is on disk.
#[derive(Debug, Error)]
#[error("the {what} question {position} of {total} ({id}: {text}) was not saved: {cause}")]
pub struct NotSaved {
    /// "answer to"; "note on" or "evidence on" when the level or reason was saved and only the
    /// note or the evidence was not.
    pub what: &'static str,
    /// 1-based position of the question in the questionnaire.
    pub position: usize,
    pub total: usize,
    pub id: String,
    /// The question as it was asked.
    pub text: String,
    /// Questions answered in the file on disk, without the one not saved.
    pub saved: usize,
    pub path: PathBuf,
    /// Why the write failed, e.g. "cannot write …: Permission denied (os error 13)".
    pub cause: String,
}

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The last question of the walk was passed.
    Finished,
    /// Nothing was left to ask (and no review was requested).
    AlreadyComplete,
    /// The respondent chose to stop at this question index.
    Stopped { at: usize },
}

/// One respondent's answers to one process, being filled in.
#[derive(Debug)]
pub struct Session<'q> {
    questionnaire: &'q Questionnaire,
    path: PathBuf,
    file: ResponseFile,
    /// Something the respondent should hear about the last save, shown before the next prompt.
    notice: Option<String>,
    /// The process's risk tier, which decides the gates that hold for it.
    risk_tier: Option<Level3>,
    /// The day written beside every answer given or changed: the local date.
    today: jiff::civil::Date,
}

impl<'q> Session<'q> {
    /// Opens an existing answers file, checked against the questionnaire; returns its warnings.
    pub fn load(
        questionnaire: &'q Questionnaire,
        path: &Path,
    ) -> Result<(Session<'q>, Vec<Diagnostic>), Diagnostics> {
        let (file, warnings) = engagement::load_response(path, questionnaire)?;
        let session = Session {
            questionnaire,
            path: path.to_path_buf(),
            file,
            notice: None,
            risk_tier: None,
            today: crate::calendar::today(),
        };
        Ok((session, warnings))
    }

    /// Starts a new answers file and writes it at once, so the respondent's name and role are kept
    /// even if nothing is answered.
    pub fn create(
        questionnaire: &'q Questionnaire,
        path: &Path,
        respondent: &str,
        role: &str,
    ) -> Result<Session<'q>> {
        let mut session = Session {
            questionnaire,
            path: path.to_path_buf(),
            notice: None,
            risk_tier: None,
            today: crate::calendar::today(),
            file: ResponseFile {
                questionnaire: questionnaire.id.clone(),
                version: questionnaire.version.clone(),
                respondent: respondent.trim().to_string(),
                role: role.trim().to_string(),
                answers: Answers::default(),
            },
        };
        session.save()?;
        Ok(session)
    }

    /// The risk tier of the process assessed: questions then say whether their gate holds for it.
    pub fn set_risk_tier(&mut self, tier: Level3) {
        self.risk_tier = Some(tier);
    }

    /// The day written beside the answers given or changed from now on (the local date unless
    /// set).
    pub fn set_today(&mut self, today: jiff::civil::Date) {
        self.today = today;
    }

    pub fn total(&self) -> usize {
        self.questionnaire.questions.len()
    }

    /// Questions of the questionnaire answered (a level or "not applicable").
    pub fn answered(&self) -> usize {
        self.questionnaire
            .questions
            .iter()
            .filter(|q| self.is_answered(q))
            .count()
    }

    fn is_answered(&self, question: &Question) -> bool {
        self.file
            .answers
            .get(&question.id)
            .is_some_and(Answer::is_answered)
    }

    /// Index of the first question the walk would show: the first unanswered one, or the first
    /// of all in a review.
    pub fn start(&self, review: bool) -> Option<usize> {
        self.questionnaire
            .questions
            .iter()
            .position(|q| review || !self.is_answered(q))
    }

    /// Walks the questions: all of them in a review, else those unanswered when it starts, in
    /// order. A jump by number goes anywhere; from there the walk goes on forward, then comes
    /// back for the questions it passed over. Every change is written before the next prompt.
    pub fn run(&mut self, prompter: &mut dyn Prompter, review: bool) -> Result<End> {
        let questionnaire: &'q Questionnaire = self.questionnaire;
        let questions = &questionnaire.questions;
        let total = questions.len();
        let pending: Vec<bool> = questions
            .iter()
            .map(|q| review || !self.is_answered(q))
            .collect();
        // Questions gone through in this session (answered, skipped or kept); one left by Back
        // or a jump is not, so the walk comes to it again.
        let mut passed = vec![false; total];
        let Some(mut index) = self.start(review) else {
            return Ok(End::AlreadyComplete);
        };
        let answered = self.answered();
        if review {
            prompter.notice(&format!(
                "Reviewing all {total} questions; {answered} answered, saved answers are preselected."
            ))?;
        } else if answered > 0 {
            prompter.notice(&format!(
                "Resuming at question {} of {total}; {answered} answered.",
                index + 1
            ))?;
        }
        loop {
            let view = self.view(index);
            let question = &questions[index];
            match prompter.ask_level(&view)? {
                Choice::Level(level) => {
                    if level >= view.levels.len() {
                        bail!("question `{}` has no level {level}", question.id);
                    }
                    self.update(&question.id, |a| {
                        a.level = Some(level);
                        a.not_applicable = None;
                    })?;
                    if !self.ask_note(prompter, index)? || !self.ask_evidence(prompter, index)? {
                        continue;
                    }
                }
                Choice::NotApplicable => {
                    if !question.allow_na {
                        prompter.notice("This question must be answered with a level.")?;
                        continue;
                    }
                    let Some(reason) = self.ask_reason(prompter, &view)? else {
                        continue;
                    };
                    self.update(&question.id, |a| {
                        a.level = None;
                        a.not_applicable = Some(reason.into());
                    })?;
                    if !self.ask_note(prompter, index)? || !self.ask_evidence(prompter, index)? {
                        continue;
                    }
                }
                Choice::Skip => {}
                Choice::Back => {
                    if index == 0 {
                        prompter.notice("This is the first question.")?;
                    } else {
                        passed[index] = false;
                        index -= 1;
                    }
                    continue;
                }
                Choice::GoTo(position) => {
                    if (1..=total).contains(&position) {
                        passed[index] = false;
                        index = position - 1;
                    } else {
                        prompter.notice(&format!(
                            "There is no question {position}: they are numbered 1 to {total}."
                        ))?;
                    }
                    continue;
                }
                Choice::Quit => return Ok(End::Stopped { at: index }),
            }
            if let Some(notice) = self.notice.take() {
                prompter.notice(&notice)?;
            }
            passed[index] = true;
            let waiting = |i: &usize| pending[*i] && !passed[*i];
            if let Some(next) = (index + 1..total).find(waiting) {
                index = next;
            } else if let Some(next) = (0..index).find(waiting) {
                prompter.notice(&format!(
                    "Back to question {} of {total}, passed over when you went ahead.",
                    next + 1
                ))?;
                index = next;
            } else {
                return Ok(End::Finished);
            }
        }
    }

    /// The question at `index` as the prompter shows it.
    pub fn view(&self, index: usize) -> QuestionView {
        let q = self.questionnaire;
        let question = &q.questions[index];
        let scale = q.scale(&question.scale);
        let answer = self.file.answers.get(&question.id);
        let current = match answer {
            Some(Answer {
                level: Some(level), ..
            }) => Current::Level(*level),
            Some(Answer {
                not_applicable: Some(_),
                ..
            }) => Current::NotApplicable,
            _ => Current::Unanswered,
        };
        QuestionView {
            id: question.id.clone(),
            dimension: match (q.dimension(&question.dimension), &question.group) {
                (Some(d), Some(group)) => match d.groups.iter().find(|g| &g.id == group) {
                    Some(g) => format!("{} · {}", d.name, g.name),
                    None => d.name.clone(),
                },
                (Some(d), None) => d.name.clone(),
                (None, _) => question.dimension.clone(),
            },
            position: index + 1,
            total: q.questions.len(),
            answered: self.answered(),
            text: question.text.clone(),
            guidance: question.guidance.clone(),
            levels: question
                .levels
                .iter()
                .enumerate()
                .map(|(i, descriptor)| LevelOption {
                    index: i,
                    label: scale.map_or(String::new(), |s| s.label(i).to_string()),
                    descriptor: descriptor.clone(),
                })
                .collect(),
            allow_na: question.allow_na,
            na_reason_optional: !q.na_reason.is_required(),
            can_go_back: index > 0,
            current,
            target: question.target,
            gate: question.gate.as_ref().map(|gate| GateView {
                min_level: gate.min_level,
                risk_tiers: gate.risk_tiers.clone(),
                applies: self.risk_tier.map(|tier| gate.applies_to(tier)),
            }),
            risk_tier: self.risk_tier,
            unanswered: q
                .questions
                .iter()
                .enumerate()
                .filter(|(_, question)| !self.is_answered(question))
                .map(|(i, question)| (i + 1, question.text.clone()))
                .collect(),
        }
    }

    /// Asks until a reason that is not blank is given, saying why a blank one is refused (a
    /// blank one is taken when the questionnaire makes reasons optional); `None` when the
    /// respondent goes back to the question's choices.
    fn ask_reason(
        &self,
        prompter: &mut dyn Prompter,
        view: &QuestionView,
    ) -> Result<Option<String>> {
        let current = self
            .file
            .answers
            .get(&view.id)
            .and_then(|a| a.not_applicable.clone());
        loop {
            let Some(reason) = prompter.ask_reason(view, current.as_deref())? else {
                return Ok(None);
            };
            let reason = reason.trim();
            if !reason.is_empty() || view.na_reason_optional {
                return Ok(Some(reason.to_string()));
            }
            prompter.notice(REASON_REQUIRED)?;
        }
    }

    /// Asks for the note and saves it; false when the respondent went back to the question's
    /// choices instead (the answer before the note is saved already).
    fn ask_note(&mut self, prompter: &mut dyn Prompter, index: usize) -> Result<bool> {
        let view = self.view(index);
        let current = self.file.answers.get(&view.id).and_then(|a| a.note.clone());
        let Some(note) = prompter.ask_note(&view, current.as_deref())? else {
            return Ok(false);
        };
        let note = note.trim();
        let note: Option<AnswerText> = (!note.is_empty()).then(|| note.into());
        self.update(&view.id, |a| a.note = note)?;
        Ok(true)
    }

    /// Asks for evidence items, one at a time, after the note, each saved as it is given; first,
    /// when the answer lists some already, whether to keep, add to or replace them (replacing
    /// with no item removes them). False when the respondent went back to the question's
    /// choices instead (what was given before is saved already).
    fn ask_evidence(&mut self, prompter: &mut dyn Prompter, index: usize) -> Result<bool> {
        let view = self.view(index);
        let items = |session: &Session| {
            session
                .file
                .answers
                .get(&view.id)
                .map_or(Vec::new(), |a| a.evidence.to_vec())
        };
        let current = items(self);
        let mut replace = false;
        if !current.is_empty() {
            match prompter.ask_evidence_choice(&view, &current)? {
                None => return Ok(false),
                Some(EvidenceChoice::Keep) => return Ok(true),
                Some(EvidenceChoice::Add) => {}
                Some(EvidenceChoice::Replace) => replace = true,
            }
        }
        loop {
            let shown = if replace { Vec::new() } else { items(self) };
            let Some(item) = prompter.ask_evidence_item(&view, &shown)? else {
                return Ok(false);
            };
            let item = item.trim().to_string();
            if item.is_empty() {
                if replace {
                    self.update(&view.id, |a| a.evidence.clear())?;
                }
                return Ok(true);
            }
            self.update(&view.id, |a| {
                if replace {
                    a.evidence.clear();
                }
                a.evidence.push(item);
            })?;
            replace = false;
        }
    }

    /// Changes the answer to `question` and saves the file if anything changed, dated today.
    /// When the save fails, the answer in memory goes back to what is on disk, and the error is
    /// [`NotSaved`].
    fn update(&mut self, question: &str, change: impl FnOnce(&mut Answer)) -> Result<()> {
        let before = self.file.answers.get(question).cloned();
        let mut answer = before.clone().unwrap_or_default();
        change(&mut answer);
        if before.as_ref() == Some(&answer) {
            return Ok(());
        }
        let what = match &before {
            Some(before)
                if (&before.level, &before.not_applicable)
                    == (&answer.level, &answer.not_applicable) =>
            {
                if before.note == answer.note {
                    "evidence on"
                } else {
                    "note on"
                }
            }
            _ => "answer to",
        };
        // An answer is dated by the day it was last given or changed; one left as it was keeps
        // its date (the comparison above).
        answer.date = Some(crate::calendar::iso(self.today).into());
        self.file.answers.set(question, answer);
        let Err(error) = self.save() else {
            return Ok(());
        };
        match before {
            Some(before) => self.file.answers.set(question, before),
            None => self.file.answers.remove(question),
        }
        let questions = &self.questionnaire.questions;
        let position = questions.iter().position(|q| q.id == question);
        Err(NotSaved {
            what,
            position: position.map_or(0, |i| i + 1),
            total: questions.len(),
            id: question.to_string(),
            text: position.map_or(String::new(), |i| questions[i].text.clone()),
            saved: self.answered(),
            path: self.path.clone(),
            cause: format!("{error:#}"),
        }
        .into())
    }

    /// Writes the file atomically. A file that exists is edited in place, so that comments and
    /// layout a person gave it survive; a new one gets the answers in questionnaire order, and
    /// answers to questions the questionnaire no longer has after the others.
    fn save(&mut self) -> Result<()> {
        let mut file = self.file.clone();
        file.answers = in_questionnaire_order(&self.file.answers, self.questionnaire);
        let updated = match std::fs::read_to_string(&self.path) {
            Ok(old) => yaml_update::update(&old, &file)?,
            Err(_) => Updated::Rewritten(yaml::to_string(&file)?),
        };
        store::write_atomic(&self.path, updated.text().as_bytes())?;
        if let Updated::CommentsMoved(_) = updated {
            self.notice = Some(format!(
                "{} could not be edited in place and was written afresh; its comments are kept, \
                 those after its first lines now at its end.",
                self.path.display()
            ));
        }
        Ok(())
    }
}

/// `answers` sorted by the questionnaire's question order, unknown questions last in file order.
fn in_questionnaire_order(answers: &Answers, questionnaire: &Questionnaire) -> Answers {
    let mut ordered: Vec<(std::sync::Arc<str>, Answer)> = questionnaire
        .questions
        .iter()
        .filter_map(|q| {
            answers
                .get(&q.id)
                .map(|a| (std::sync::Arc::from(q.id.as_str()), a.clone()))
        })
        .collect();
    ordered.extend(
        answers
            .0
            .iter()
            .filter(|(id, _)| questionnaire.question(id).is_none())
            .cloned(),
    );
    Answers(ordered)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot set itself up should panic
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use crate::questionnaire::{self, Source};

    const SMALL: &str =
        include_str!("../../tests/fixtures/small-engagement/small-questionnaire.yaml");

    fn small() -> Questionnaire {
        questionnaire::load_text("small.yaml", SMALL, Source::Builtin("small".into()))
            .unwrap()
            .questionnaire
    }

    /// What the scripted respondent answers, in order.
    #[derive(Debug)]
    enum Say {
        Pick(Choice),
        Reason(&'static str),
        Note(&'static str),
        /// What to do with the evidence the answer lists already.
        Evidence(EvidenceChoice),
        /// An evidence item; "" ends the list. A script that says nothing of evidence where it
        /// is asked keeps what there is (and ends the list).
        Item(&'static str),
        /// Esc at a reason, note or evidence prompt.
        Esc,
    }

    /// A respondent reading from a script, recording what it was shown and the answers file as
    /// it was on disk each time a question was shown.
    struct Scripted {
        script: VecDeque<Say>,
        path: PathBuf,
        shown: Vec<(usize, Current)>,
        on_disk: Vec<String>,
        notices: Vec<String>,
        note_defaults: Vec<Option<String>>,
        reason_defaults: Vec<Option<String>>,
        /// The evidence shown each time the keep-add-replace choice was asked.
        evidence_shown: Vec<Vec<String>>,
        /// Each time an evidence item was asked: the items so far, and the file on disk.
        evidence_asked: Vec<(Vec<String>, String)>,
        /// Run when the next note is asked, e.g. to make the folder unwritable.
        before_note: Option<Box<dyn FnOnce()>>,
    }

    impl Scripted {
        fn new(path: &Path, script: Vec<Say>) -> Scripted {
            Scripted {
                script: script.into(),
                path: path.to_path_buf(),
                shown: Vec::new(),
                on_disk: Vec::new(),
                notices: Vec::new(),
                note_defaults: Vec::new(),
                reason_defaults: Vec::new(),
                evidence_shown: Vec::new(),
                evidence_asked: Vec::new(),
                before_note: None,
            }
        }

        /// Questions shown, by 1-based position.
        fn positions(&self) -> Vec<usize> {
            self.shown.iter().map(|(p, _)| *p).collect()
        }
    }

    impl Prompter for Scripted {
        fn notice(&mut self, message: &str) -> Result<()> {
            self.notices.push(message.to_string());
            Ok(())
        }

        fn ask_level(&mut self, view: &QuestionView) -> Result<Choice> {
            self.shown.push((view.position, view.current));
            self.on_disk
                .push(std::fs::read_to_string(&self.path).unwrap_or_default());
            match self.script.pop_front() {
                Some(Say::Pick(choice)) => Ok(choice),
                // The script is over: behave like Ctrl-C.
                None => Err(Interrupted.into()),
                Some(other) => panic!("asked a level at {}, script says {other:?}", view.id),
            }
        }

        fn ask_reason(
            &mut self,
            view: &QuestionView,
            current: Option<&str>,
        ) -> Result<Option<String>> {
            self.reason_defaults.push(current.map(str::to_string));
            match self.script.pop_front() {
                Some(Say::Reason(reason)) => Ok(Some(reason.to_string())),
                Some(Say::Esc) => Ok(None),
                other => panic!("asked a reason at {}, script says {other:?}", view.id),
            }
        }

        fn ask_note(
            &mut self,
            view: &QuestionView,
            current: Option<&str>,
        ) -> Result<Option<String>> {
            if let Some(hook) = self.before_note.take() {
                hook();
            }
            self.note_defaults.push(current.map(str::to_string));
            match self.script.pop_front() {
                Some(Say::Note(note)) => Ok(Some(note.to_string())),
                Some(Say::Esc) => Ok(None),
                None => Err(Interrupted.into()),
                other => panic!("asked a note at {}, script says {other:?}", view.id),
            }
        }

        fn ask_evidence_choice(
            &mut self,
            _view: &QuestionView,
            current: &[String],
        ) -> Result<Option<EvidenceChoice>> {
            self.evidence_shown.push(current.to_vec());
            match self.script.front() {
                Some(Say::Evidence(choice)) => {
                    let choice = *choice;
                    self.script.pop_front();
                    Ok(Some(choice))
                }
                Some(Say::Esc) => {
                    self.script.pop_front();
                    Ok(None)
                }
                _ => Ok(Some(EvidenceChoice::Keep)),
            }
        }

        fn ask_evidence_item(
            &mut self,
            _view: &QuestionView,
            items: &[String],
        ) -> Result<Option<String>> {
            self.evidence_asked.push((
                items.to_vec(),
                std::fs::read_to_string(&self.path).unwrap_or_default(),
            ));
            match self.script.front() {
                Some(Say::Item(item)) => {
                    let item = item.to_string();
                    self.script.pop_front();
                    Ok(Some(item))
                }
                Some(Say::Esc) => {
                    self.script.pop_front();
                    Ok(None)
                }
                _ => Ok(Some(String::new())),
            }
        }
    }

    use Choice::*;
    use Say::*;

    fn level(l: usize) -> Say {
        Pick(Level(l))
    }

    fn read(path: &Path, q: &Questionnaire) -> ResponseFile {
        engagement::load_response(path, q).unwrap().0
    }

    fn day(text: &str) -> jiff::civil::Date {
        crate::calendar::parse_fixed(text, "test").unwrap()
    }

    /// When the note is asked, the answers file's folder is moved to `moved` and a file takes
    /// its place, so nothing more can be saved there.
    fn folder_goes_before_note(prompter: &mut Scripted, path: &Path, moved: PathBuf) {
        let folder = path.parent().unwrap().to_path_buf();
        prompter.before_note = Some(Box::new(move || {
            std::fs::rename(&folder, moved).unwrap();
            std::fs::write(&folder, "not a folder").unwrap();
        }));
    }

    fn setup() -> (tempfile::TempDir, PathBuf, Questionnaire) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("responses/invoices/ann.yaml");
        (dir, path, small())
    }

    #[test]
    fn new_file_is_written_before_the_first_question() {
        let (_dir, path, q) = setup();
        let session = Session::create(&q, &path, " Ann Lee ", "Clerk").unwrap();
        assert_eq!(session.start(false), Some(0));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "questionnaire: small\nversion: 1.0.0\nrespondent: Ann Lee\nrole: Clerk\nanswers: {}\n"
        );
    }

    #[test]
    fn every_answer_is_on_disk_before_the_next_question() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        session.set_today(day("2026-04-01"));
        let script = vec![
            level(2),
            Note("rule in the SOP"),
            level(1),
            Note(""),
            level(3),
            Note(""),
            level(0),
            Note(""),
            level(4),
            Note("always"),
        ];
        let mut prompter = Scripted::new(&path, script);
        assert_eq!(session.run(&mut prompter, false).unwrap(), End::Finished);
        assert_eq!(prompter.positions(), vec![1, 2, 3, 4, 5]);
        assert!(!prompter.on_disk[0].contains("exception_routing"));
        assert!(prompter.on_disk[1].contains(
            "exception_routing:\n    level: 2\n    date: 2026-04-01\n    note: rule in the SOP\n"
        ));
        assert!(
            prompter.on_disk[2].contains("process_mapped:\n    level: 1\n    date: 2026-04-01\n")
        );
        assert!(prompter.on_disk[4].contains("data_owner:\n    level: 0\n"));
        assert!(prompter.notices.is_empty(), "{:?}", prompter.notices);
        let file = read(&path, &q);
        let ids: Vec<&str> = file.answers.0.iter().map(|(id, _)| &**id).collect();
        assert_eq!(
            ids,
            [
                "exception_routing",
                "process_mapped",
                "data_source",
                "data_owner",
                "data_timeliness"
            ]
        );
        assert_eq!(
            file.answers.get("data_timeliness").unwrap().note.as_deref(),
            Some("always")
        );
        assert_eq!(file.answers.get("process_mapped").unwrap().note, None);
        assert_eq!(session.answered(), 5);
    }

    #[test]
    fn back_at_the_first_question_stays_there() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let before = std::fs::read_to_string(&path).unwrap();
        let mut prompter = Scripted::new(&path, vec![Pick(Back), level(1), Note("")]);
        assert!(session.run(&mut prompter, false).is_err()); // the script ends: interrupted
        assert_eq!(prompter.positions(), vec![1, 1, 2]);
        assert_eq!(prompter.on_disk[1], before);
        assert_eq!(prompter.notices, ["This is the first question."]);
    }

    #[test]
    fn back_shows_the_previous_answer_preselected_and_keeps_its_note() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let script = vec![
            level(2),
            Note("first"),
            Pick(Back),
            level(3),
            Note("first"),
            level(0),
            Note(""),
        ];
        let mut prompter = Scripted::new(&path, script);
        let _ = session.run(&mut prompter, false);
        assert_eq!(prompter.positions(), vec![1, 2, 1, 2, 3]);
        assert_eq!(prompter.shown[2].1, Current::Level(2));
        assert_eq!(prompter.note_defaults[1].as_deref(), Some("first"));
        let file = read(&path, &q);
        let first = file.answers.get("exception_routing").unwrap();
        assert_eq!(
            (first.level, first.note.as_deref()),
            (Some(3), Some("first"))
        );
        assert_eq!(file.answers.get("process_mapped").unwrap().level, Some(0));
    }

    #[test]
    fn skip_leaves_the_question_unanswered_and_a_rerun_resumes_there() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let script = vec![level(1), Note(""), Pick(Skip), level(2), Note("")];
        let mut prompter = Scripted::new(&path, script);
        let _ = session.run(&mut prompter, false);
        assert_eq!(prompter.positions(), vec![1, 2, 3, 4]);
        let file = read(&path, &q);
        assert!(file.answers.get("process_mapped").is_none());

        // A new session on the same file starts at the skipped question, then goes on with the
        // questions still unanswered, leaving the answered ones alone.
        let (mut session, warnings) = Session::load(&q, &path).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(session.start(false), Some(1));
        let mut prompter = Scripted::new(&path, vec![level(2), Note(""), Pick(Quit)]);
        let end = session.run(&mut prompter, false).unwrap();
        assert_eq!(end, End::Stopped { at: 3 });
        assert_eq!(
            prompter.notices,
            ["Resuming at question 2 of 5; 2 answered."]
        );
        assert_eq!(prompter.positions(), vec![2, 4]);
    }

    #[test]
    fn not_applicable_asks_a_non_blank_reason_and_only_where_allowed() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        session.set_today(day("2026-04-01"));
        let script = vec![
            Pick(NotApplicable), // question 1 does not allow it
            level(1),
            Note(""),
            level(2),
            Note(""),
            Pick(NotApplicable),
            Reason("  "),
            Reason("No data is read: the process is manual."),
            Note("check next year"),
        ];
        let mut prompter = Scripted::new(&path, script);
        let _ = session.run(&mut prompter, false);
        assert_eq!(prompter.positions(), vec![1, 1, 2, 3, 4]);
        assert_eq!(
            prompter.notices,
            [
                "This question must be answered with a level.",
                REASON_REQUIRED
            ]
        );
        assert!(prompter.on_disk[4].contains(
            "data_source:\n    not_applicable: 'No data is read: the process is manual.'\n    date: 2026-04-01\n    note: check next year\n"
        ), "{}", prompter.on_disk[4]);

        // Answering it with a level later replaces the reason.
        let (mut session, _) = Session::load(&q, &path).unwrap();
        let script = vec![Pick(Skip), Pick(Skip), level(3), Note("check next year")];
        let mut prompter = Scripted::new(&path, script);
        let _ = session.run(&mut prompter, true);
        assert_eq!(prompter.shown[2], (3, Current::NotApplicable));
        let answer = read(&path, &q).answers.get("data_source").cloned().unwrap();
        assert_eq!((answer.level, answer.not_applicable), (Some(3), None));
    }

    #[test]
    fn an_optional_reason_may_be_left_blank_and_the_file_still_loads() {
        let (_dir, path, mut q) = setup();
        q.na_reason = crate::questionnaire::NaReason::Optional;
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        session.set_today(day("2026-04-01"));
        let script = vec![
            level(1),
            Note(""),
            level(2),
            Note(""),
            Pick(NotApplicable),
            Reason("  "),
            Note(""),
        ];
        let mut prompter = Scripted::new(&path, script);
        let _ = session.run(&mut prompter, false);
        assert!(prompter.notices.is_empty(), "{:?}", prompter.notices);
        assert_eq!(prompter.positions(), vec![1, 2, 3, 4]);
        let answer = read(&path, &q).answers.get("data_source").cloned().unwrap();
        assert_eq!(
            (answer.level, answer.not_applicable.as_deref()),
            (None, Some(""))
        );
        // The same file, read with reasons required, is refused at that answer.
        q.na_reason = crate::questionnaire::NaReason::Required;
        let refused = crate::assessment::engagement::load_response(&path, &q).unwrap_err();
        assert!(
            refused
                .to_string()
                .contains("`data_source`: not_applicable needs a reason"),
            "{refused}"
        );
    }

    #[test]
    fn review_walks_everything_with_saved_answers_preselected() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let all = vec![
            level(2),
            Note(""),
            level(1),
            Note(""),
            level(3),
            Note(""),
            level(0),
            Note(""),
            level(4),
            Note(""),
        ];
        session.run(&mut Scripted::new(&path, all), false).unwrap();
        assert_eq!(session.start(false), None);
        assert_eq!(
            session
                .run(&mut Scripted::new(&path, vec![]), false)
                .unwrap(),
            End::AlreadyComplete
        );

        let before = std::fs::read_to_string(&path).unwrap();
        let script = vec![Pick(Skip), Pick(Skip), Pick(Skip), Pick(Skip), Pick(Skip)];
        let mut prompter = Scripted::new(&path, script);
        assert_eq!(session.run(&mut prompter, true).unwrap(), End::Finished);
        let preselected: Vec<Current> = prompter.shown.iter().map(|(_, c)| *c).collect();
        assert_eq!(
            preselected,
            [2, 1, 3, 0, 4].map(Current::Level),
            "saved answers are preselected"
        );
        assert_eq!(
            prompter.notices,
            ["Reviewing all 5 questions; 5 answered, saved answers are preselected."]
        );
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            before,
            "skipping changes nothing"
        );
    }

    #[test]
    fn answers_to_questions_no_longer_asked_are_kept() {
        let (_dir, path, q) = setup();
        store::write_atomic(
            &path,
            b"questionnaire: small\nversion: 1.0.0\nanswers:\n  retired_question:\n    level: 1\n    note: old\n  data_owner:\n    level: 2\n",
        )
        .unwrap();
        let (mut session, warnings) = Session::load(&q, &path).unwrap();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let mut prompter = Scripted::new(&path, vec![level(4), Note("")]);
        let _ = session.run(&mut prompter, false);
        let file = read(&path, &q);
        let ids: Vec<&str> = file.answers.0.iter().map(|(id, _)| &**id).collect();
        // The file is edited in place: its entries keep their order, and the new answer, with
        // no answered question before it, goes at the end.
        assert_eq!(ids, ["retired_question", "data_owner", "exception_routing"]);
        assert_eq!(
            file.answers
                .get("retired_question")
                .unwrap()
                .note
                .as_deref(),
            Some("old")
        );
    }

    #[test]
    fn a_file_that_cannot_be_edited_in_place_is_said_so_and_keeps_its_comments() {
        let (_dir, path, q) = setup();
        // Two answers share a node: changing one in place would change the other as well.
        let old = "# by hand\nquestionnaire: small\nversion: 1.0.0\nanswers:\n  exception_routing: &a\n    level: 1\n  data_owner: *a\n";
        store::write_atomic(&path, old.as_bytes()).unwrap();
        let (mut session, _) = Session::load(&q, &path).unwrap();
        let mut prompter = Scripted::new(&path, vec![level(3), Note("")]);
        let _ = session.run(&mut prompter, true);
        assert_eq!(prompter.notices.len(), 2, "{:?}", prompter.notices);
        assert!(
            prompter.notices[1].ends_with(
                "could not be edited in place and was written afresh; its comments are kept, those \
                 after its first lines now at its end."
            ),
            "{:?}",
            prompter.notices
        );
        let file = read(&path, &q);
        assert_eq!(
            file.answers.get("exception_routing").unwrap().level,
            Some(3)
        );
        assert_eq!(file.answers.get("data_owner").unwrap().level, Some(1));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("# by hand\nquestionnaire: small\n"),
            "{text}"
        );
    }

    #[test]
    fn an_answer_that_cannot_be_saved_stops_the_session_and_is_named() {
        let (dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let script = vec![level(2), Note(""), level(1), Note("")];
        let _ = session.run(&mut Scripted::new(&path, script), false); // ends at question 3
                                                                       // The folder is replaced by a file: no write can go through it, even as root.
        let folder = path.parent().unwrap();
        std::fs::rename(folder, dir.path().join("moved")).unwrap();
        std::fs::write(folder, "not a folder").unwrap();
        let mut prompter = Scripted::new(&path, vec![level(1), Note("")]);
        let error = session.run(&mut prompter, false).unwrap_err();
        let not_saved = error.downcast_ref::<NotSaved>().expect("a NotSaved error");
        assert_eq!(
            (not_saved.position, not_saved.total, not_saved.id.as_str()),
            (3, 5, "data_source")
        );
        assert_eq!(not_saved.text, q.questions[2].text);
        assert_eq!(not_saved.saved, 2);
        assert_eq!(session.answered(), 2, "the answer not saved is not counted");
        assert!(
            not_saved.cause.starts_with("cannot create folder"),
            "{}",
            not_saved.cause
        );
        assert!(
            error.to_string().starts_with(
                "the answer to question 3 of 5 (data_source: Is every data source of the process named?) was not saved: cannot create folder"
            ),
            "{error}"
        );
    }

    #[test]
    fn a_note_that_cannot_be_saved_is_told_apart_from_its_saved_level() {
        let (dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let mut prompter = Scripted::new(&path, vec![level(2), Note("the SOP")]);
        folder_goes_before_note(&mut prompter, &path, dir.path().join("moved"));
        let error = session.run(&mut prompter, false).unwrap_err();
        let not_saved = error.downcast_ref::<NotSaved>().expect("a NotSaved error");
        assert_eq!((not_saved.what, not_saved.saved), ("note on", 1));
        assert!(
            error
                .to_string()
                .starts_with("the note on question 1 of 5 (exception_routing"),
            "{error}"
        );
        let saved = read(&dir.path().join("moved/ann.yaml"), &q);
        assert_eq!(
            saved.answers.get("exception_routing").unwrap().level,
            Some(2)
        );
        assert_eq!(
            session.file.answers.get("exception_routing").unwrap().note,
            None
        );
    }

    #[test]
    fn a_level_outside_the_scale_is_refused() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let error = session
            .run(&mut Scripted::new(&path, vec![level(9)]), false)
            .unwrap_err();
        assert!(error.to_string().contains("no level 9"), "{error}");
    }

    #[test]
    fn a_jump_goes_on_forward_then_comes_back_for_what_it_passed_over() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let script = vec![
            level(1),
            Note(""),
            Pick(GoTo(9)), // no such question: stays
            Pick(GoTo(4)),
            level(2),
            Note(""),
            Pick(Skip), // question 5
            Pick(Skip), // question 2, left by the jump
            level(3),   // question 3, passed over by the jump
            Note(""),
        ];
        let mut prompter = Scripted::new(&path, script);
        assert_eq!(session.run(&mut prompter, false).unwrap(), End::Finished);
        assert_eq!(prompter.positions(), vec![1, 2, 2, 4, 5, 2, 3]);
        assert_eq!(
            prompter.notices,
            [
                "There is no question 9: they are numbered 1 to 5.",
                "Back to question 2 of 5, passed over when you went ahead.",
            ]
        );
        let file = read(&path, &q);
        assert_eq!(file.answers.get("data_owner").unwrap().level, Some(2));
        assert_eq!(file.answers.get("data_source").unwrap().level, Some(3));
        // Skipped questions are not asked again in the same session.
        assert!(file.answers.get("process_mapped").is_none());
        assert!(file.answers.get("data_timeliness").is_none());
    }

    #[test]
    fn a_jump_back_to_an_answered_question_shows_its_answer_then_goes_on_where_it_was() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let script = vec![
            level(2),
            Note(""),
            level(1),
            Note(""),
            Pick(GoTo(1)),
            Pick(Skip), // keep the answer
            level(0),
            Note(""),
        ];
        let mut prompter = Scripted::new(&path, script);
        let _ = session.run(&mut prompter, false);
        assert_eq!(prompter.positions(), vec![1, 2, 3, 1, 3, 4]);
        assert_eq!(prompter.shown[3].1, Current::Level(2));
        assert_eq!(prompter.notices, Vec::<String>::new());
    }

    #[test]
    fn esc_at_the_note_goes_back_to_the_choices_with_the_level_saved() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let script = vec![level(2), Esc, level(3), Note("kept"), Pick(Quit)];
        let mut prompter = Scripted::new(&path, script);
        let end = session.run(&mut prompter, false).unwrap();
        assert_eq!(end, End::Stopped { at: 1 });
        assert_eq!(prompter.positions(), vec![1, 1, 2]);
        assert_eq!(
            prompter.shown[1].1,
            Current::Level(2),
            "saved before the Esc"
        );
        assert!(prompter.on_disk[1].contains("exception_routing:\n    level: 2\n"));
        let answer = read(&path, &q).answers.get("exception_routing").cloned();
        let answer = answer.unwrap();
        assert_eq!(
            (answer.level, answer.note.as_deref()),
            (Some(3), Some("kept"))
        );
    }

    #[test]
    fn esc_at_the_reason_goes_back_to_the_choices_and_changes_nothing() {
        let (_dir, path, q) = setup();
        store::write_atomic(
            &path,
            b"questionnaire: small\nversion: 1.0.0\nanswers:\n  data_source:\n    level: 1\n",
        )
        .unwrap();
        let (mut session, _) = Session::load(&q, &path).unwrap();
        let before = std::fs::read_to_string(&path).unwrap();
        let script = vec![
            Pick(Skip),
            Pick(Skip),
            Pick(NotApplicable),
            Reason(""),
            Esc,
            Pick(Quit),
        ];
        let mut prompter = Scripted::new(&path, script);
        let _ = session.run(&mut prompter, true);
        assert_eq!(prompter.positions(), vec![1, 2, 3, 3]);
        assert_eq!(prompter.shown[3].1, Current::Level(1));
        assert_eq!(prompter.notices[1..], [REASON_REQUIRED]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    }

    #[test]
    fn a_question_shows_its_target_and_whether_its_gate_holds_for_the_process() {
        let text = SMALL.replace(
            "    target: 2\n  - id: data_timeliness",
            "    target: 2\n    gate: {min_level: 2, risk_tiers: [high]}\n  - id: data_timeliness",
        );
        let q = questionnaire::load_text("small.yaml", &text, Source::Builtin("small".into()))
            .unwrap()
            .questionnaire;
        let dir = tempfile::tempdir().unwrap();
        let mut session = Session::create(&q, &dir.path().join("a.yaml"), "Ann", "").unwrap();
        let gate = |session: &Session, i: usize| session.view(i).gate;
        assert_eq!(session.view(0).target, 3);
        assert_eq!(
            gate(&session, 0),
            Some(GateView {
                min_level: 2,
                risk_tiers: vec![],
                applies: None
            })
        );
        assert_eq!(gate(&session, 1), None);
        for (tier, applies) in [(Level3::Low, false), (Level3::High, true)] {
            session.set_risk_tier(tier);
            assert_eq!(session.view(0).gate.unwrap().applies, Some(true));
            let data_owner = gate(&session, 3).unwrap();
            assert_eq!(
                (data_owner.risk_tiers, data_owner.applies),
                (vec![Level3::High], Some(applies))
            );
            assert_eq!(session.view(3).risk_tier, Some(tier));
        }
        let unanswered: Vec<usize> = session.view(0).unanswered.iter().map(|u| u.0).collect();
        assert_eq!(unanswered, [1, 2, 3, 4, 5]);
    }

    #[test]
    fn an_answer_is_dated_when_given_or_changed_and_keeps_its_date_otherwise() {
        let (_dir, path, q) = setup();
        store::write_atomic(
            &path,
            b"# by hand\nquestionnaire: small\nversion: 1.0.0\nanswers:\n  exception_routing:\n    level: 2   # checked in the SOP\n    date: 2026-01-15\n  process_mapped:\n    level: 1\n  data_source:\n    level: 2\n    date: 2026-01-15\n",
        )
        .unwrap();
        let (mut session, _) = Session::load(&q, &path).unwrap();
        session.set_today(day("2026-05-02"));
        let script = vec![
            Pick(Skip), // kept: its date stays
            level(1),   // the same level again, no note: nothing changes
            Note(""),
            level(3), // a new level: dated today
            Note(""),
            level(2), // a new answer: dated today
            Note("the owner is named"),
            Pick(Quit),
        ];
        let mut prompter = Scripted::new(&path, script);
        session.run(&mut prompter, true).unwrap();
        let file = read(&path, &q);
        let date = |id: &str| file.answers.get(id).unwrap().date.clone();
        assert_eq!(date("exception_routing").as_deref(), Some("2026-01-15"));
        assert_eq!(
            date("process_mapped"),
            None,
            "an unchanged answer gets no date"
        );
        assert_eq!(date("data_source").as_deref(), Some("2026-05-02"));
        assert_eq!(date("data_owner").as_deref(), Some("2026-05-02"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with(
                "# by hand\nquestionnaire: small\nversion: 1.0.0\nanswers:\n  exception_routing:\n    level: 2   # checked in the SOP\n    date: 2026-01-15\n"
            ),
            "edited in place, comments kept:\n{text}"
        );
        assert!(
            text.contains("  data_source:\n    level: 3\n    date: 2026-05-02\n"),
            "{text}"
        );

        // A changed note alone dates the answer again.
        let (mut session, _) = Session::load(&q, &path).unwrap();
        session.set_today(day("2026-06-10"));
        let script = vec![Pick(Skip), level(1), Note("mapped in May"), Pick(Quit)];
        session
            .run(&mut Scripted::new(&path, script), true)
            .unwrap();
        let file = read(&path, &q);
        let answer = file.answers.get("process_mapped").unwrap();
        assert_eq!(
            (answer.level, answer.date.as_deref()),
            (Some(1), Some("2026-06-10"))
        );
    }

    #[test]
    fn evidence_is_asked_after_the_note_and_each_item_saved_as_it_is_given() {
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        session.set_today(day("2026-04-01"));
        let script = vec![
            level(2),
            Note("rule in the SOP"),
            Item("Routing SOP v3"),
            Item("  "), // blank: the list ends
            level(1),
            Note(""),
            Item("Process map, Jan 2026"),
            Esc, // back to question 2's choices, the item kept
            Pick(Skip),
            Pick(Quit),
        ];
        let mut prompter = Scripted::new(&path, script);
        assert_eq!(
            session.run(&mut prompter, false).unwrap(),
            End::Stopped { at: 2 }
        );
        assert_eq!(prompter.positions(), vec![1, 2, 2, 3]);
        assert_eq!(prompter.shown[2].1, Current::Level(1));
        // Each item is on disk before the next is asked.
        let (items, on_disk) = &prompter.evidence_asked[1];
        assert_eq!(items, &["Routing SOP v3"]);
        assert!(on_disk.contains("- Routing SOP v3\n"), "{on_disk}");
        assert!(prompter.on_disk[1].contains(
            "exception_routing:\n    level: 2\n    date: 2026-04-01\n    note: rule in the SOP\n    evidence:\n      - Routing SOP v3\n"
        ), "{}", prompter.on_disk[1]);
        let file = read(&path, &q);
        assert_eq!(
            file.answers.get("process_mapped").unwrap().evidence,
            ["Process map, Jan 2026"]
        );
    }

    #[test]
    fn evidence_on_file_is_shown_and_kept_added_to_or_replaced() {
        let (_dir, path, q) = setup();
        store::write_atomic(
            &path,
            b"questionnaire: small\nversion: 1.0.0\nanswers:\n  exception_routing:\n    level: 2\n    date: 2026-01-15\n    evidence: [SOP v3, ticket 4711]\n  process_mapped:\n    level: 1\n    evidence: [old map]\n  data_source:\n    level: 3\n    evidence: [inventory]\n  data_owner:\n    level: 2\n    evidence: [register]\n",
        )
        .unwrap();
        let (mut session, _) = Session::load(&q, &path).unwrap();
        session.set_today(day("2026-05-02"));
        let script = vec![
            level(2), // the same level: kept, so is its date
            Note(""),
            Evidence(EvidenceChoice::Keep),
            level(1),
            Note(""),
            Evidence(EvidenceChoice::Add),
            Item("new map, May"),
            Item(""),
            level(3),
            Note(""),
            Evidence(EvidenceChoice::Replace),
            Item("data catalogue"),
            Item("lineage diagram"),
            Item(""),
            level(2),
            Note(""),
            Evidence(EvidenceChoice::Replace),
            Item(""), // replaced by nothing: removed
            Pick(Quit),
        ];
        let mut prompter = Scripted::new(&path, script);
        session.run(&mut prompter, true).unwrap();
        assert_eq!(
            prompter.evidence_shown,
            [
                vec!["SOP v3".to_string(), "ticket 4711".to_string()],
                vec!["old map".to_string()],
                vec!["inventory".to_string()],
                vec!["register".to_string()],
            ]
        );
        let file = read(&path, &q);
        let answer = |id: &str| file.answers.get(id).unwrap().clone();
        assert_eq!(
            answer("exception_routing").evidence,
            ["SOP v3", "ticket 4711"]
        );
        assert_eq!(
            answer("exception_routing").date.as_deref(),
            Some("2026-01-15")
        );
        assert_eq!(
            answer("process_mapped").evidence,
            ["old map", "new map, May"]
        );
        assert_eq!(answer("process_mapped").date.as_deref(), Some("2026-05-02"));
        assert_eq!(
            answer("data_source").evidence,
            ["data catalogue", "lineage diagram"]
        );
        assert!(answer("data_owner").evidence.is_empty());
        assert_eq!(answer("data_owner").date.as_deref(), Some("2026-05-02"));
    }

    #[test]
    fn esc_at_the_evidence_choice_goes_back_and_changes_nothing() {
        let (_dir, path, q) = setup();
        store::write_atomic(
            &path,
            b"questionnaire: small\nversion: 1.0.0\nanswers:\n  exception_routing:\n    level: 2\n    evidence: [SOP v3]\n",
        )
        .unwrap();
        let (mut session, _) = Session::load(&q, &path).unwrap();
        let before = std::fs::read_to_string(&path).unwrap();
        let script = vec![level(2), Note(""), Esc, Pick(Quit)];
        let mut prompter = Scripted::new(&path, script);
        session.run(&mut prompter, true).unwrap();
        assert_eq!(prompter.positions(), vec![1, 1]);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
    }

    #[test]
    fn evidence_that_cannot_be_saved_is_told_apart_from_its_saved_answer() {
        // The folder goes once the note is asked: the level is saved, the (empty) note changes
        // nothing, and the item cannot be saved.
        let (_dir, path, q) = setup();
        let mut session = Session::create(&q, &path, "Ann", "").unwrap();
        let script = vec![level(2), Note(""), Item("SOP v3")];
        let mut prompter = Scripted::new(&path, script);
        let moved = path.parent().unwrap().parent().unwrap().join("moved");
        folder_goes_before_note(&mut prompter, &path, moved);
        let error = session.run(&mut prompter, false).unwrap_err();
        let not_saved = error.downcast_ref::<NotSaved>().expect("a NotSaved error");
        assert_eq!((not_saved.what, not_saved.saved), ("evidence on", 1));
        assert!(
            error
                .to_string()
                .starts_with("the evidence on question 1 of 5 (exception_routing"),
            "{error}"
        );
        assert!(session
            .file
            .answers
            .get("exception_routing")
            .unwrap()
            .evidence
            .is_empty());
    }
}
