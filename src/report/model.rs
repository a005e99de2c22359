//! The report view-model, built once from the scorecard (and plan); every renderer formats this
//! and computes nothing, so formats cannot disagree. Its serde form is the JSON report.

use serde::{Deserialize, Serialize};
use std::sync::Arc;

use foldhash::HashMap;

use super::archetype::Archetype;
use super::checklist::Checklist;
use super::evidence::{answer_is_stale, EvidenceView, FreshnessView};
use super::roadmap::Roadmap;
use super::summary::Summary;
use crate::assessment::Engagement;
use crate::plan::Plan;
use crate::questionnaire::Level3;
use crate::scoring::{self, Confidence, GateStatus, QuestionStatus, Scorecard, Verdict};

/// Version of the JSON shape; bumped on any incompatible change. Version 2 renamed seams to
/// disagreements (which name the question and each respondent's level, and no longer repeat the
/// answers), leaves out an answer's empty fields, and gives each process the seams (the joins the
/// questionnaire declares) at risk.
pub const SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub engagement: EngagementView,
    pub questionnaire: QuestionnaireView,
    /// Only when asked for (`--date`), so reports diff cleanly in git.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Respondents appear by pseudonym and their names are replaced in notes (`--anonymise`);
    /// absent when they appear by name.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub anonymised: bool,
    /// The verdict thresholds in force.
    pub thresholds: Thresholds,
    /// The dimensions, in questionnaire order.
    pub dimensions: Vec<DimensionInfo>,
    /// The client's target profile: each entry of engagement.yaml's `targets:`, in questionnaire
    /// order (dimensions, then groups, then questions), with how many questions it sets the
    /// target of. Absent when the engagement keeps the questionnaire's targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub target_profile: Vec<TargetProfileEntry>,
    pub processes: Vec<ProcessView>,
    /// What leadership reads first: verdicts, top blockers, the go-live sequence, decisions.
    #[serde(default)]
    pub summary: Summary,
    /// The operating-model archetype advised from `organisation:` and the readiness measured,
    /// or the facts that would allow advice (absent from reports saved before it existed).
    #[serde(default)]
    pub archetype: Archetype,
    /// The plan as initiatives under workstreams, and each owner's load by month.
    #[serde(default)]
    pub roadmap: Roadmap,
    /// Per process, in go-live order: what must be true before its go-live.
    #[serde(default)]
    pub checklists: Vec<Checklist>,
    /// The sequenced redesign plan: every step (the backlog), wave by wave.
    pub plan: Plan,
    /// Process names and go-live numbers by process id, built on first use: renderers look a
    /// process up once per step, which must not cost a scan of every process.
    #[serde(skip)]
    pub(super) lookups: Lookups,
}

/// The parts of a report the plan decides ([`Report::planned`]), made apart from the rest so
/// the rest can be written while the plan is made.
pub struct Planned {
    pub summary: Summary,
    pub roadmap: Roadmap,
    pub checklists: Vec<Checklist>,
    pub plan: Plan,
}

/// What [`Report::process_name`] and [`Report::go_live_number`] read.
#[derive(Default)]
pub(super) struct Lookups(std::sync::OnceLock<Index>);

struct Index {
    names: HashMap<String, usize>,
    go_live_numbers: HashMap<String, usize>,
}

impl Clone for Lookups {
    /// A copy rebuilds its index when first asked: a report's copy may be changed.
    fn clone(&self) -> Lookups {
        Lookups::default()
    }
}

impl PartialEq for Lookups {
    /// An index says nothing the report does not: two reports are equal on their contents.
    fn eq(&self, _: &Lookups) -> bool {
        true
    }
}

impl std::fmt::Debug for Lookups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Lookups")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EngagementView {
    pub name: String,
    pub client: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireView {
    pub id: String,
    pub version: String,
    pub title: String,
    /// The model's own scale, when the questionnaire declares one: every score then has a
    /// `native` figure (`readiness_native` for a process).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_score: Option<NativeScoreView>,
}

/// The questionnaire's own scale, as the reports name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NativeScoreView {
    pub name: String,
    pub min: f64,
    pub max: f64,
    pub decimals: u32,
}

impl NativeScoreView {
    /// A native figure with the questionnaire's decimals, or "—".
    pub fn format(&self, value: Option<f64>) -> String {
        value.map_or("—".to_string(), |v| {
            format!("{v:.*}", self.decimals as usize)
        })
    }

    /// "SAMM score 0-3".
    pub fn range(&self) -> String {
        let number = |x: f64| {
            let text = format!("{x:.4}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        format!("{} {}-{}", self.name, number(self.min), number(self.max))
    }

    /// "1.25 on SAMM score 0-3", when there is a native figure.
    pub fn on(&self, value: Option<f64>) -> Option<String> {
        value.map(|_| format!("{} on {}", self.format(value), self.range()))
    }

    /// "41.7 (1.25 on SAMM score 0-3)": a 0-100 score and its native figure; the score alone
    /// when there is no native figure.
    pub fn beside(&self, shown: &str, value: Option<f64>) -> String {
        match self.on(value) {
            Some(on) => format!("{shown} ({on})"),
            None => shown.to_string(),
        }
    }

    /// A table cell's native figure: empty without a scale or a figure.
    pub fn cell(native: Option<&NativeScoreView>, value: Option<f64>) -> String {
        native
            .filter(|_| value.is_some())
            .map_or(String::new(), |n| n.format(value))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Thresholds {
    pub ready_at: f64,
    pub not_ready_below: f64,
    pub min_dimension_for_ready: f64,
    pub min_coverage_for_ready: f64,
    /// Below this share answered a process is not assessed (absent from reports saved before it
    /// existed: the default then).
    #[serde(default = "default_min_coverage")]
    pub min_coverage: f64,
    pub disagreement_spread: usize,
    /// Share of the questions answered with a level that must carry evidence for high
    /// confidence (three decimals; absent from reports saved before it counted).
    #[serde(default = "default_evidence_for_high_confidence")]
    pub evidence_for_high_confidence: f64,
}

fn default_min_coverage() -> f64 {
    scoring::DEFAULT_MIN_COVERAGE
}

fn default_evidence_for_high_confidence() -> f64 {
    round3(scoring::EVIDENCE_FOR_HIGH_CONFIDENCE)
}

/// One entry of the engagement's target profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetProfileEntry {
    /// `dimension`, `group` or `question`.
    pub scope: crate::assessment::targets::TargetScope,
    pub id: String,
    /// The dimension's or group's name, or the question's title.
    pub name: String,
    /// The level set.
    pub target: usize,
    /// How many questions take their target from this entry (a more specific entry wins).
    pub questions: usize,
}

/// Where a question's target comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetSource {
    /// The questionnaire's `target:`.
    #[default]
    Questionnaire,
    /// engagement.yaml's `targets:`.
    Engagement,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionInfo {
    pub id: String,
    pub name: String,
    pub weight: f64,
    /// The dimension's groups (practices), in questionnaire order; absent when it has none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupInfo>,
    /// What ranges of the dimension's score mean, as the questionnaire declares them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<crate::questionnaire::Band>,
}

/// A group (practice) of a dimension, as the questionnaire declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupInfo {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub weight: f64,
    /// What ranges of the group's score mean, as the questionnaire declares them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<crate::questionnaire::Band>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProcessView {
    pub id: String,
    pub name: String,
    pub owner: String,
    pub risk_tier: Level3,
    /// 0-100 or null.
    pub readiness: Option<f64>,
    /// Readiness on the questionnaire's own scale, when it declares one (`native_score`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_native: Option<f64>,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    /// 0-1.
    pub coverage: f64,
    pub confidence: Confidence,
    /// Number of respondents.
    pub respondents: usize,
    pub respondent_details: Vec<RespondentView>,
    /// By dimension id, in questionnaire order.
    pub dimensions: DimensionScores,
    /// Critical gates failed or unanswered.
    pub gates: Vec<GateView>,
    /// Questions where respondents differ by two levels or more: the workshop agenda.
    pub disagreements: Vec<Disagreement>,
    /// The seams the questionnaire declares that are at risk for this process, in questionnaire
    /// order; absent from a report saved before omd assessed seams (then not compared by
    /// `omd diff`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seams: Option<Vec<super::seams::SeamView>>,
    /// Every question's combined answer, in questionnaire order.
    pub questions: Vec<QuestionView>,
    /// How many questions answered with a level carry evidence, which confidence counts.
    #[serde(default)]
    pub evidence: EvidenceView,
    /// What bears on the confidence: what keeps it below high, and stale answers.
    #[serde(default)]
    pub confidence_notes: Vec<String>,
    /// Stale and undated answers, in a report dated with `--date` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness: Option<FreshnessView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RespondentView {
    pub id: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScore {
    pub name: String,
    pub score: Option<f64>,
    pub coverage: f64,
    /// Every question of the dimension is marked not applicable (absent when false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
    /// The scores of the dimension's groups (practices) by group id, in questionnaire order;
    /// absent when the dimension has none.
    #[serde(default, skip_serializing_if = "GroupScores::is_empty")]
    pub groups: GroupScores,
    /// The score on the questionnaire's own scale, when it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native: Option<f64>,
    /// The band the score falls in, when the dimension declares bands and has a score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<BandView>,
}

/// The band a score falls in: its label, what it means and what to do next, and the range of
/// scores it covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BandView {
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meaning: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next: String,
    /// The lowest score in the band.
    pub from: f64,
    /// Where the next band starts, or 100 for the last.
    pub to: f64,
}

impl BandView {
    /// Whether the questionnaire says what the band means or what to do next.
    pub fn has_text(&self) -> bool {
        !self.meaning.is_empty() || !self.next.is_empty()
    }

    /// The band the printed (rounded) score falls in, so that the label agrees with the figure.
    pub fn of(bands: &[crate::questionnaire::Band], score: Option<f64>) -> Option<BandView> {
        let score = score?;
        let i = bands.iter().rposition(|b| b.from <= score)?;
        let band = &bands[i];
        Some(BandView {
            label: band.label.clone(),
            meaning: band.meaning.clone(),
            next: band.next.clone(),
            from: band.from,
            to: bands.get(i + 1).map_or(100.0, |b| b.from),
        })
    }
}

/// A group's (practice's) score for one process.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupScore {
    pub name: String,
    /// 0-100 or null, as a dimension's.
    pub score: Option<f64>,
    /// 0-1.
    pub coverage: f64,
    /// Every question of the group is marked not applicable (absent when false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_applicable: bool,
    /// The score on the questionnaire's own scale, when it declares one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native: Option<f64>,
    /// The band the score falls in, when the group declares bands and has a score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<BandView>,
}

impl GroupScore {
    /// The score as reports print it, as [`DimensionScore::shown`].
    pub fn shown(&self) -> String {
        shown_score(self.score, self.not_applicable)
    }
}

/// Group scores keyed by id, serialised as a JSON object in questionnaire order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GroupScores(#[serde(with = "in_order")] pub Vec<(String, GroupScore)>);

impl GroupScores {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl DimensionScore {
    /// The score as reports print it: one decimal, `n/a` when not applicable, `—` when unknown.
    pub fn shown(&self) -> String {
        shown_score(self.score, self.not_applicable)
    }
}

/// A dimension's or group's score as printed: one decimal, `n/a` when not applicable, `—` when
/// unknown.
fn shown_score(score: Option<f64>, not_applicable: bool) -> String {
    if not_applicable {
        "n/a".to_string()
    } else {
        format_score(score)
    }
}

/// Dimension scores keyed by id, serialised as a JSON object in questionnaire order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DimensionScores(#[serde(with = "in_order")] pub Vec<(String, DimensionScore)>);

/// Pairs serialised as a JSON object whose keys keep the pairs' order (questionnaire order for
/// dimension scores, answer order for a disagreement's levels), and read back in that order.
mod in_order {
    use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
    use serde::ser::{Serialize, Serializer};

    pub fn serialize<S: Serializer, K: Serialize, V: Serialize>(
        pairs: &[(K, V)],
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(pairs.iter().map(|(key, value)| (key, value)))
    }

    pub fn deserialize<'de, D, K, V>(deserializer: D) -> Result<Vec<(K, V)>, D::Error>
    where
        D: Deserializer<'de>,
        K: Deserialize<'de>,
        V: Deserialize<'de>,
    {
        struct InOrder<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for InOrder<K, V> {
            type Value = Vec<(K, V)>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object keyed by id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<K, V>()? {
                    pairs.push(pair);
                }
                Ok(pairs)
            }
        }
        deserializer.deserialize_map(InOrder(std::marker::PhantomData))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateView {
    pub question: String,
    pub status: GateStatus,
    pub reason: String,
}

/// A question the respondents of one process answered two levels or more apart. The answers
/// themselves, with notes, are the question's in [`ProcessView::questions`]. Its ids are shared
/// with the question's view and the process's other disagreements, not copied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    pub question: Arc<str>,
    pub dimension: Arc<str>,
    pub spread: usize,
    /// Each respondent's level, by respondent id, in the order of the question's answers.
    pub levels: Levels,
}

/// Levels keyed by respondent id, serialised as a JSON object in answer order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Levels(#[serde(with = "in_order")] pub Vec<(Arc<str>, usize)>);

/// The texts of every process's answers to one question are shared (`Arc<str>`) rather than
/// copied: a report holds processes x questions of these, and respondents x as many answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionView {
    pub id: Arc<str>,
    pub dimension: Arc<str>,
    /// The short title the questionnaire gives it, or its id.
    #[serde(default = "empty")]
    pub title: Arc<str>,
    pub text: Arc<str>,
    /// The group (practice) of its dimension, when the questionnaire has groups.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<Arc<str>>,
    pub status: QuestionStatus,
    /// Median level; may be a half level.
    pub level: Option<f64>,
    pub level_label: Option<Arc<str>>,
    pub target: usize,
    /// Whether the target is the questionnaire's or the engagement's (`targets:`).
    #[serde(default)]
    pub target_source: TargetSource,
    pub score: Option<f64>,
    pub spread: Option<usize>,
    pub below_target: bool,
    pub answers: Vec<AnswerView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerView {
    /// Respondent id (the answers file's name).
    pub respondent: Arc<str>,
    /// Respondent's name as written in the answers file.
    pub respondent_name: Arc<str>,
    pub level: Option<usize>,
    pub level_label: Option<Arc<str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The day it was given, when the answers file says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Given before the freshness window: in a report dated with `--date`, for a dated answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale: Option<bool>,
}

fn empty() -> Arc<str> {
    Arc::from("")
}

/// The texts every process's view of one question shares.
struct SharedQuestion {
    target_source: TargetSource,
    id: Arc<str>,
    dimension: Arc<str>,
    group: Option<Arc<str>>,
    title: Arc<str>,
    text: Arc<str>,
    /// The label of each level of the question's scale, if it has one.
    labels: Option<Vec<Arc<str>>>,
    /// What a level beyond the scale is called.
    unknown: Arc<str>,
}

impl SharedQuestion {
    fn label(&self, level: usize) -> Option<Arc<str>> {
        let labels = self.labels.as_ref()?;
        Some(labels.get(level).unwrap_or(&self.unknown).clone())
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Every process's answers, in the report's shape: what [`Report::build_lean`] leaves out and
/// [`AnswerViews::fill`] adds to one process at a time. A JSON report is written one process at a
/// time from these, so the answers exist once (in the engagement), not once more per report.
pub struct AnswerViews<'e, 's> {
    engagement: &'e Engagement,
    scorecard: &'s Scorecard<'e>,
    shared: Vec<SharedQuestion>,
}

impl<'e, 's> AnswerViews<'e, 's> {
    pub fn new(engagement: &'e Engagement, scorecard: &'s Scorecard<'e>) -> Self {
        let q = &engagement.questionnaire;
        let shared = q
            .questions
            .iter()
            .map(|question| SharedQuestion {
                target_source: if engagement.targets.iter().any(|o| o.question == question.id) {
                    TargetSource::Engagement
                } else {
                    TargetSource::Questionnaire
                },
                id: Arc::from(question.id.as_str()),
                dimension: Arc::from(question.dimension.as_str()),
                group: question.group.as_deref().map(Arc::from),
                title: Arc::from(question.title()),
                text: Arc::from(question.text.as_str()),
                labels: q.scale(&question.scale).map(|scale| {
                    (0..scale.levels.len())
                        .map(|level| Arc::from(scale.label(level)))
                        .collect()
                }),
                unknown: Arc::from(crate::questionnaire::Scale::UNKNOWN_LABEL),
            })
            .collect();
        AnswerViews {
            engagement,
            scorecard,
            shared,
        }
    }

    /// The questions of the report's `index`-th process, their answers left out.
    fn questions(&self, index: usize) -> Vec<QuestionView> {
        let q = &self.engagement.questionnaire;
        let Some(score) = self.scorecard.processes.get(index) else {
            return Vec::new();
        };
        q.questions
            .iter()
            .zip(&score.questions)
            .zip(&self.shared)
            .map(|((question, result), shared)| QuestionView {
                id: shared.id.clone(),
                dimension: shared.dimension.clone(),
                group: shared.group.clone(),
                title: shared.title.clone(),
                text: shared.text.clone(),
                status: result.status,
                level: result.level,
                level_label: result
                    .level
                    .filter(|l| l.fract() == 0.0)
                    .and_then(|l| shared.label(l as usize)),
                target: question.target,
                target_source: shared.target_source,
                score: result.score.map(scoring::round1),
                spread: result.spread,
                below_target: result.below_target,
                answers: Vec::new(),
            })
            .collect()
    }

    /// Gives `view`, the report's `index`-th process, what only its own section shows: its
    /// questions, each with its answers, its disagreements and its seams at risk.
    pub fn fill(&self, index: usize, view: &mut ProcessView) {
        let Some(score) = self.scorecard.processes.get(index) else {
            return;
        };
        view.questions = self.questions(index);
        view.seams = Some(super::seams::at_risk(&self.engagement.questionnaire, score));
        // Each respondent's id and name, shared by all their answers and levels.
        let names: Vec<(Arc<str>, Arc<str>)> = view
            .respondent_details
            .iter()
            .map(|r| (Arc::from(r.id.as_str()), Arc::from(r.name.as_str())))
            .collect();
        let respondent = |id: &str| {
            names
                .iter()
                .find(|(known, _)| &**known == id)
                .map_or_else(|| Arc::from(id), |(known, _)| known.clone())
        };
        view.disagreements = score
            .questions
            .iter()
            .zip(&self.shared)
            .enumerate()
            .filter(|(_, (result, _))| result.is_disagreement())
            .map(|(i, (result, shared))| Disagreement {
                question: shared.id.clone(),
                dimension: shared.dimension.clone(),
                spread: result.spread.unwrap_or(0),
                levels: Levels(
                    score
                        .answers(i)
                        .filter_map(|a| Some((respondent(a.respondent()), a.level()?)))
                        .collect(),
                ),
            })
            .collect();
        for (i, (question, shared)) in view.questions.iter_mut().zip(&self.shared).enumerate() {
            question.answers = score
                .answers(i)
                .map(|a| {
                    let date = a.date();
                    let (respondent, respondent_name) = names
                        .iter()
                        .find(|(id, _)| &**id == a.respondent())
                        .cloned()
                        .unwrap_or_else(|| (Arc::from(a.respondent()), Arc::from(a.respondent())));
                    AnswerView {
                        respondent,
                        respondent_name,
                        level: a.level(),
                        level_label: a.level().and_then(|level| shared.label(level)),
                        not_applicable: a.not_applicable().map(str::to_string),
                        note: a.note().map(str::to_string),
                        evidence: a.evidence().to_vec(),
                        date: date.map(crate::calendar::iso),
                        stale: answer_is_stale(score, date)
                            .filter(|_| a.level().is_some() || a.not_applicable().is_some()),
                    }
                })
                .collect();
        }
    }
}

impl Report {
    /// Builds the report from an engagement and its scorecard.
    pub fn build(
        engagement: &Engagement,
        scorecard: &Scorecard,
        plan: Plan,
        date: Option<String>,
        min_coverage: f64,
    ) -> Report {
        let views = AnswerViews::new(engagement, scorecard);
        let mut report = Report::build_lean(&views, plan, date, min_coverage);
        for (index, process) in report.processes.iter_mut().enumerate() {
            views.fill(index, process);
        }
        report
    }

    /// The report with every process's `questions`, `disagreements` and `seams` left empty, for
    /// [`AnswerViews::fill`] to add as each process is written: nothing else in the report reads
    /// them (the summary and checklists read the scorecard's figures for each question).
    pub fn build_lean(
        views: &AnswerViews,
        plan: Plan,
        date: Option<String>,
        min_coverage: f64,
    ) -> Report {
        let mut report = Report::lean_before_plan(views, date, min_coverage);
        let planned = report.planned(views, plan);
        report.complete(planned);
        report
    }

    /// What the plan decides in the report (its summary, roadmap, checklists and the plan
    /// itself), from the plan and a report [built before it](Report::lean_before_plan).
    pub fn planned(&self, views: &AnswerViews, plan: Plan) -> Planned {
        let (q, scorecard) = (&views.engagement.questionnaire, views.scorecard);
        let process_ids: Vec<String> = self.processes.iter().map(|p| p.id.clone()).collect();
        // The roadmap reads only the plan: on a large plan it is built on a second thread
        // while the summary and checklists are built on this one.
        let ((summary, checklists), roadmap) = crate::threads::join(
            plan.step_count() >= crate::threads::STEPS_FOR_TWO_THREADS,
            || {
                (
                    super::summary::build(q, &self.processes, scorecard, &plan),
                    super::checklist::build(q, &self.processes, scorecard, &plan),
                )
            },
            || super::roadmap::build(q, &plan, &process_ids),
        );
        Planned {
            summary,
            roadmap,
            checklists,
            plan,
        }
    }

    /// Adds what the plan decides to a report [built before it](Report::lean_before_plan).
    pub fn complete(&mut self, planned: Planned) {
        let Planned {
            summary,
            roadmap,
            checklists,
            plan,
        } = planned;
        self.summary = summary;
        self.roadmap = roadmap;
        self.checklists = checklists;
        self.plan = plan;
        // Go-live numbers come from the summary: anything looked up before is stale.
        self.lookups = Lookups::default();
    }

    /// As [`Report::build_lean`], without what the plan decides (an empty summary, roadmap,
    /// checklists and plan), for [`Report::complete`] to add: everything else can be written
    /// while the plan is made.
    pub fn lean_before_plan(
        views: &AnswerViews,
        date: Option<String>,
        min_coverage: f64,
    ) -> Report {
        let (engagement, scorecard, shared) = (views.engagement, views.scorecard, &views.shared);
        let q = &engagement.questionnaire;
        let processes: Vec<ProcessView> = engagement
            .file
            .processes
            .iter()
            .zip(&scorecard.processes)
            .map(|(spec, score)| {
                let respondent_details: Vec<RespondentView> = score
                    .respondents
                    .iter()
                    .map(|id| {
                        let response = engagement
                            .responses_for(&spec.id)
                            .find(|r| &r.respondent == id);
                        RespondentView {
                            id: id.clone(),
                            name: response.map_or(id.clone(), |r| r.display_name().to_string()),
                            role: response.map_or(String::new(), |r| r.file.role.clone()),
                        }
                    })
                    .collect();
                let dimensions = dimension_scores(q, score);
                ProcessView {
                    id: spec.id.clone(),
                    name: spec.name.clone(),
                    owner: spec.owner.clone(),
                    risk_tier: spec.profile.risk_tier,
                    readiness: score.readiness,
                    readiness_native: score.readiness_native,
                    verdict: score.verdict,
                    reasons: score.reasons.clone(),
                    coverage: round3(score.coverage),
                    confidence: score.confidence,
                    respondents: score.respondents.len(),
                    dimensions,
                    gates: score
                        .gates
                        .iter()
                        .map(|g| GateView {
                            question: g.question.clone(),
                            status: g.status,
                            reason: g.reason.clone(),
                        })
                        .collect(),
                    disagreements: Vec::new(),
                    seams: None,
                    evidence: EvidenceView::of(score.evidence),
                    confidence_notes: score.confidence_reasons.clone(),
                    freshness: score.freshness.as_ref().map(|staleness| {
                        let title = |id: &str| {
                            shared
                                .iter()
                                .find(|q| &*q.id == id)
                                .map_or(id.to_string(), |q| q.title.to_string())
                        };
                        let name = |id: &str| {
                            respondent_details
                                .iter()
                                .find(|r| r.id == id)
                                .map_or(id.to_string(), |r| r.name.clone())
                        };
                        FreshnessView::of(staleness, &title, &name)
                    }),
                    respondent_details,
                    questions: Vec::new(),
                }
            })
            .collect();
        let thresholds = Thresholds {
            ready_at: scoring::READY_AT,
            not_ready_below: scoring::NOT_READY_BELOW,
            min_dimension_for_ready: scoring::MIN_DIMENSION_FOR_READY,
            min_coverage_for_ready: scoring::MIN_COVERAGE_FOR_READY,
            min_coverage,
            disagreement_spread: scoring::DISAGREEMENT_SPREAD,
            evidence_for_high_confidence: default_evidence_for_high_confidence(),
        };
        Report {
            summary: Summary::default(),
            archetype: super::archetype::build(
                engagement.file.organisation.as_ref(),
                &processes,
                &thresholds,
            ),
            roadmap: Roadmap::default(),
            checklists: Vec::new(),
            schema_version: SCHEMA_VERSION,
            engagement: EngagementView {
                name: engagement.file.name.clone(),
                client: engagement.file.client.clone(),
            },
            questionnaire: QuestionnaireView {
                id: q.id.clone(),
                version: q.version.clone(),
                title: q.title.clone(),
                native_score: q.native_score.as_ref().map(|n| NativeScoreView {
                    name: n.name.clone(),
                    min: n.min,
                    max: n.max,
                    decimals: n.decimals().min(crate::questionnaire::MAX_NATIVE_DECIMALS),
                }),
            },
            date,
            anonymised: false,
            thresholds,
            dimensions: q
                .dimensions
                .iter()
                .map(|d| DimensionInfo {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    weight: d.weight,
                    groups: d
                        .groups
                        .iter()
                        .map(|g| GroupInfo {
                            id: g.id.clone(),
                            name: g.name.clone(),
                            description: g.description.clone(),
                            weight: g.weight,
                            bands: g.bands.clone(),
                        })
                        .collect(),
                    bands: d.bands.clone(),
                })
                .collect(),
            target_profile: target_profile(engagement),
            processes,
            // A placeholder, replaced by `complete`: nothing reads a report's plan before.
            plan: Plan {
                first_process: None,
                horizon_weeks: 0,
                start: None,
                tractability: Vec::new(),
                waves: Vec::new(),
                go_live: Vec::new(),
                owner_load: Vec::new(),
            },
            lookups: Lookups::default(),
        }
    }

    fn index(&self) -> &Index {
        self.lookups.0.get_or_init(|| Index {
            names: self
                .processes
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.clone(), i))
                .collect(),
            go_live_numbers: self
                .summary
                .processes
                .iter()
                .filter_map(|p| Some((p.id.clone(), p.order?)))
                .collect(),
        })
    }

    /// The name of process `id`, or the id itself.
    pub fn process_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.index()
            .names
            .get(id)
            .map_or(id, |&i| self.processes[i].name.as_str())
    }

    /// The go-live number of process `id` in the summary (1 for the first to go live), when it
    /// is planned.
    pub fn go_live_number(&self, id: &str) -> Option<usize> {
        self.index().go_live_numbers.get(id).copied()
    }
}

/// The engagement's target profile, entry by entry, in questionnaire order.
pub fn target_profile(engagement: &Engagement) -> Vec<TargetProfileEntry> {
    use crate::assessment::targets::TargetScope;
    let q = &engagement.questionnaire;
    let targets = &engagement.file.targets;
    let entry = |scope: TargetScope, id: &str, name: &str, target: usize| TargetProfileEntry {
        scope,
        id: id.to_string(),
        name: name.to_string(),
        target,
        questions: engagement
            .targets
            .iter()
            .filter(|o| o.scope == scope && o.id == id)
            .count(),
    };
    let dimensions = q.dimensions.iter().filter_map(|d| {
        let &t = targets.dimensions.get(&d.id)?;
        Some(entry(TargetScope::Dimension, &d.id, &d.name, t))
    });
    let groups = q.groups().filter_map(|(_, g)| {
        let &t = targets.groups.get(&g.id)?;
        Some(entry(TargetScope::Group, &g.id, &g.name, t))
    });
    let questions = q.questions.iter().filter_map(|x| {
        let &t = targets.questions.get(&x.id)?;
        Some(entry(TargetScope::Question, &x.id, x.title(), t))
    });
    dimensions.chain(groups).chain(questions).collect()
}

/// A process's dimension scores, each with its groups' scores.
fn dimension_scores(
    q: &crate::questionnaire::Questionnaire,
    score: &scoring::ProcessScore,
) -> DimensionScores {
    DimensionScores(
        q.dimensions
            .iter()
            .zip(&score.dimensions)
            .map(|(d, s)| {
                let groups = d
                    .groups
                    .iter()
                    .filter_map(|g| {
                        let s = score.groups.iter().find(|s| s.group == g.id)?;
                        Some((
                            g.id.clone(),
                            GroupScore {
                                name: g.name.clone(),
                                score: s.score,
                                coverage: round3(s.coverage),
                                not_applicable: s.not_applicable,
                                native: s.native,
                                band: BandView::of(&g.bands, s.score),
                            },
                        ))
                    })
                    .collect();
                (
                    d.id.clone(),
                    DimensionScore {
                        name: d.name.clone(),
                        score: s.score,
                        coverage: round3(s.coverage),
                        not_applicable: s.not_applicable,
                        groups: GroupScores(groups),
                        native: s.native,
                        band: BandView::of(&d.bands, s.score),
                    },
                )
            })
            .collect(),
    )
}

/// "Targets from engagement.yaml: dimension Build 3; ... (4 questions; the others keep the
/// questionnaire's)" for a target profile, or nothing for an empty one.
pub fn target_profile_line(profile: &[TargetProfileEntry]) -> Option<String> {
    if profile.is_empty() {
        return None;
    }
    let entries: Vec<String> = profile
        .iter()
        .map(|e| format!("{} {} {}", e.scope.as_str(), e.name, e.target))
        .collect();
    let set: usize = profile.iter().map(|e| e.questions).sum();
    Some(format!(
        "Targets from engagement.yaml: {} ({}; the others keep the questionnaire's)",
        entries.join("; "),
        super::text::count(set, "question", "questions")
    ))
}

impl Report {
    /// "Targets from engagement.yaml: dimension Build 3; group Lineage 3 (4 questions; the
    /// others keep the questionnaire's)", or nothing when the engagement sets no target.
    pub fn target_profile_line(&self) -> Option<String> {
        target_profile_line(&self.target_profile)
    }
}

impl ProcessView {
    /// Each of `processes` with its score: the scorecard the report was built from scores the
    /// processes in the report's order (checked in debug builds).
    pub(crate) fn with_scores<'r, 'a>(
        processes: &'r [ProcessView],
        scorecard: &'r Scorecard<'a>,
    ) -> impl Iterator<Item = (&'r ProcessView, &'r scoring::ProcessScore<'a>)> {
        processes
            .iter()
            .zip(&scorecard.processes)
            .inspect(|(p, score)| {
                debug_assert_eq!(p.id, score.process, "processes and scores in one order");
            })
    }

    /// The seams at risk; none for a report saved before omd assessed seams.
    pub fn seams_at_risk(&self) -> &[super::seams::SeamView] {
        self.seams.as_deref().unwrap_or_default()
    }

    /// The combined answer to question `id`.
    pub fn question(&self, id: &str) -> Option<&QuestionView> {
        self.questions.iter().find(|q| &*q.id == id)
    }

    /// A respondent's name as the answers file gives it, or the id.
    pub fn respondent_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.respondent_details
            .iter()
            .find(|r| r.id == id)
            .map_or(id, |r| r.name.as_str())
    }
}

/// A score as printed: one decimal, or "—" when there is none.
pub fn format_score(score: Option<f64>) -> String {
    score.map_or("—".to_string(), |s| format!("{s:.1}"))
}

/// A 0-1 share as a whole percentage.
pub fn format_percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

pub fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Ready => "ready",
        Verdict::Conditional => "conditional",
        Verdict::NotReady => "not ready",
        Verdict::NotAssessed => "not assessed",
    }
}

impl Report {
    /// A copy with every text made safe for a terminal ([`crate::style::visible`]), for the text
    /// formats. Names, notes and questionnaire wording are the user's; JSON escapes them by its
    /// own rules, the table, Markdown, CSV and HTML would pass them through to a terminal or a
    /// printout. Only needed when [`super::visible::needs_change`] finds such a text.
    pub fn visible(&self) -> anyhow::Result<Report> {
        let mut value = serde_json::to_value(self)?;
        super::visible::make_visible(&mut value);
        Ok(serde_json::from_value(value)?)
    }
}

#[cfg(test)]
mod tests {
    use super::BandView;
    use crate::questionnaire::Band;

    #[test]
    fn a_score_falls_in_the_last_band_that_starts_at_or_below_it() {
        let band = |from: f64, label: &str| Band {
            from,
            label: label.into(),
            meaning: String::new(),
            next: String::new(),
        };
        let bands = [band(0.0, "low"), band(40.0, "mid"), band(70.0, "high")];
        let label = |score: Option<f64>| BandView::of(&bands, score).map(|b| b.label);
        assert_eq!(label(Some(0.0)).as_deref(), Some("low"));
        assert_eq!(label(Some(39.9)).as_deref(), Some("low"));
        assert_eq!(
            label(Some(40.0)).as_deref(),
            Some("mid"),
            "from is inclusive"
        );
        assert_eq!(label(Some(100.0)).as_deref(), Some("high"));
        assert_eq!(label(None), None, "no score, no band");
        let high = BandView::of(&bands, Some(80.0)).unwrap();
        assert_eq!((high.from, high.to), (70.0, 100.0));
        assert_eq!(BandView::of(&[], Some(50.0)), None);
    }
}
