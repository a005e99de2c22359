//! One respondent's answers for one process: `responses/<process>/<respondent>.yaml`.

use std::fmt;
use std::sync::Arc;

use foldhash::HashSet;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The answers file.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ResponseFile {
    /// Id of the questionnaire answered.
    pub questionnaire: String,
    /// Version of the questionnaire answered.
    pub version: String,
    /// The respondent's name as shown in reports (the file name is the respondent's id).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub respondent: String,
    /// The respondent's role.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub role: String,
    /// Answers by question id, in questionnaire order when written by `omd`.
    #[serde(default)]
    pub answers: Answers,
}

impl crate::questionnaire::yaml::Document for ResponseFile {
    fn has_repeated_keys(&self) -> bool {
        // Sorted, a repeated id sits next to itself: cheaper than hashing every id.
        let mut ids: Vec<&str> = self.answers.0.iter().map(|(id, _)| &**id).collect();
        ids.sort_unstable();
        ids.windows(2).any(|pair| pair[0] == pair[1])
    }
}

impl ResponseFile {
    /// True when at least one question has a level or is marked not applicable: only then does
    /// the respondent count (an interview left at the first question leaves a file without).
    pub fn has_answers(&self) -> bool {
        self.answers.0.iter().any(|(_, a)| a.is_answered())
    }
}

/// A text an answer may carry and most answers do not (its note, its reason for not applying):
/// one pointer wide, so an answer without it spends 8 bytes on it rather than 16; a report holds
/// every answer of every file at once. A present text costs one more small allocation, so the
/// date, which `omd assess` writes on every answer, stays an `Option<Box<str>>`. Reads as a `str`.
#[derive(Clone, PartialEq, Eq)]
pub struct AnswerText(Box<Box<str>>);

impl std::ops::Deref for AnswerText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<&str> for AnswerText {
    fn from(text: &str) -> AnswerText {
        AnswerText(Box::new(Box::from(text)))
    }
}

impl From<String> for AnswerText {
    fn from(text: String) -> AnswerText {
        AnswerText(Box::new(text.into_boxed_str()))
    }
}

impl fmt::Debug for AnswerText {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for AnswerText {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self)
    }
}

impl Serialize for AnswerText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for AnswerText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(AnswerText::from)
    }
}

/// One answer: a level, or "not applicable" with a reason; optionally a note and evidence.
/// An entry with neither level nor reason is an unanswered question carrying a note.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// Level index on the question's scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<usize>,
    /// Why the question does not apply (instead of a level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<AnswerText>,
    /// The day the answer was given or last changed, `YYYY-MM-DD`: `omd assess` writes it, a
    /// hand-written file may leave it out. Reports dated with `--date` flag answers older than
    /// the freshness window as stale. Checked when the file is loaded ([`Answer::day`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Box<str>>,
    /// Free text from the interview.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<AnswerText>,
    /// Documents, systems or observations supporting the answer.
    #[serde(default, skip_serializing_if = "Evidence::is_empty")]
    pub evidence: Evidence,
}

/// The evidence an answer cites: one pointer wide, so an answer without any, as most are, spends
/// 8 bytes on it rather than a list's 24 (a report holds every answer of every file at once).
/// Reads as a slice of strings; written and read in files as a list.
#[derive(Clone, Default, PartialEq, Eq)]
// The box is the point: a `Vec` is three words, a box of one is one, allocated only with evidence.
#[allow(clippy::box_collection)]
pub struct Evidence(Option<Box<Vec<String>>>);

impl Evidence {
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    pub fn push(&mut self, item: String) {
        self.0.get_or_insert_with(Box::default).push(item);
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl std::ops::Deref for Evidence {
    type Target = [String];
    fn deref(&self) -> &[String] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }
}

impl From<Vec<String>> for Evidence {
    fn from(items: Vec<String>) -> Evidence {
        Evidence((!items.is_empty()).then(|| Box::new(items)))
    }
}

impl<const N: usize> PartialEq<[&str; N]> for Evidence {
    fn eq(&self, other: &[&str; N]) -> bool {
        self.iter().map(String::as_str).eq(other.iter().copied())
    }
}

impl fmt::Debug for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl Serialize for Evidence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Evidence {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<String>::deserialize(deserializer).map(Evidence::from)
    }
}

impl Answer {
    /// True when the answer counts as answered (a level or not applicable).
    pub fn is_answered(&self) -> bool {
        self.level.is_some() || self.not_applicable.is_some()
    }

    /// The day the answer was given, when it has a valid one (loading refuses an invalid one).
    pub fn day(&self) -> Option<jiff::civil::Date> {
        let date = self.date.as_deref()?;
        crate::calendar::parse_fixed(date.trim(), "date").ok()
    }

    /// The same answer without its date: what the respondent said, to tell whether it changed.
    pub fn undated(&self) -> Answer {
        Answer {
            date: None,
            ..self.clone()
        }
    }
}

/// Answers keyed by question id, keeping file order. Repeated keys are caught by the YAML layer.
/// The ids are shared: a report reads thousands of files that answer the same questions, and
/// each file's ids are the same few dozen texts ([`shared_id`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers(pub Vec<(Arc<str>, Answer)>);

/// The most answers room is made for before they are read.
const MAX_EXPECTED: usize = 1024;

thread_local! {
    /// How many answers the last answers file read on this thread held.
    static LAST_COUNT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// The question ids this thread has read, each held once.
    static IDS: std::cell::RefCell<HashSet<Arc<str>>> =
        std::cell::RefCell::new(HashSet::default());
}

/// Question id `id`, sharing the text with every other answer to the same question read on this
/// thread. Only ids a questionnaire could hold are kept; an id longer than that is not shared.
fn shared_id(id: &str) -> Arc<str> {
    const LONGEST_SHARED: usize = 128;
    if id.len() > LONGEST_SHARED {
        return Arc::from(id);
    }
    IDS.with(|ids| {
        let mut ids = ids.borrow_mut();
        if let Some(shared) = ids.get(id) {
            return shared.clone();
        }
        let shared: Arc<str> = Arc::from(id);
        ids.insert(shared.clone());
        shared
    })
}

/// A question id read from an answers file, without a copy when it has been read before.
struct QuestionId(Arc<str>);

impl<'de> Deserialize<'de> for QuestionId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = QuestionId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a question id")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<QuestionId, E> {
                Ok(QuestionId(shared_id(id)))
            }
        }
        deserializer.deserialize_str(IdVisitor)
    }
}

impl Answers {
    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.0
            .iter()
            .find(|(id, _)| **id == *question)
            .map(|(_, a)| a)
    }

    /// Sets the answer to `question`, replacing any earlier one.
    pub fn set(&mut self, question: &str, answer: Answer) {
        match self.0.iter_mut().find(|(id, _)| **id == *question) {
            Some(entry) => entry.1 = answer,
            None => self.0.push((Arc::from(question), answer)),
        }
    }

    pub fn remove(&mut self, question: &str) {
        self.0.retain(|(id, _)| **id != *question);
    }
}

impl Serialize for Answers {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (id, answer) in &self.0 {
            map.serialize_entry(&**id, answer)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Answers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AnswersVisitor;
        impl<'de> Visitor<'de> for AnswersVisitor {
            type Value = Answers;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from question id to answer")
            }
            fn visit_unit<E>(self) -> Result<Answers, E> {
                Ok(Answers::default())
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Answers, M::Error> {
                // Room for as many answers as the last file this thread read: files of one
                // engagement answer the same questionnaire, so the list seldom has to grow.
                let expected = map.size_hint().unwrap_or_else(|| LAST_COUNT.get());
                let mut answers = Vec::with_capacity(expected.min(MAX_EXPECTED));
                while let Some((QuestionId(id), answer)) = map.next_entry::<QuestionId, Answer>()? {
                    answers.push((id, answer));
                }
                LAST_COUNT.set(answers.len());
                // A report holds every answers file at once: no room to spare in each.
                answers.shrink_to_fit();
                Ok(Answers(answers))
            }
        }
        deserializer.deserialize_any(AnswersVisitor)
    }
}
