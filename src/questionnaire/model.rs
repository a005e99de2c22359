//! The questionnaire file format. Every field is documented here, printed as JSON Schema by
//! `omd questionnaire schema`, and described for authors in `docs/questionnaire-format.md`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The id of the scale a question uses when it names none.
pub const DEFAULT_SCALE: &str = "maturity";

/// A versioned diagnostic: dimensions, each with questions on named answer scales.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Short identifier, e.g. `ai-operating-model`; answers files name it.
    pub id: String,
    /// Version of this questionnaire, e.g. "1.0.0"; answers files record the version they answered.
    pub version: String,
    /// Human title.
    pub title: String,
    /// What the questionnaire diagnoses and for whom.
    #[serde(default)]
    pub description: String,
    /// How many months an answer stays fresh (1 to 120; default 6). A report dated with `--date`
    /// flags answers given longer ago as stale. An engagement's `freshness_months` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness_months: Option<u32>,
    /// Named answer scales. When empty, the default `maturity` scale (levels 0 to 4) is used.
    #[serde(default)]
    pub scales: Vec<Scale>,
    /// The dimensions scored, in report order.
    pub dimensions: Vec<Dimension>,
    /// The questions, in interview order.
    pub questions: Vec<Question>,
    /// Owner roles that sit with the executive team, e.g. `Chief Operating Officer`. The
    /// report's summary lists the plan steps they own as the decisions leadership must take.
    /// Each must be the owner of at least one action. When empty, an owner whose role starts with
    /// "Chief" or names an executive, a sponsor, a director or the board counts as executive.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub executive_roles: Vec<String>,
    /// The joins between parts of the operating model where failures sit (a process and the
    /// data that feeds it, a decision and the system that records it...): each names the
    /// questions on its two sides. Reports show, per process, the seams at risk, and the plan
    /// takes up their actions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seams: Vec<super::seams::Seam>,
    /// Whether a "not applicable" answer needs a reason: `required` (the default) or
    /// `optional`, for models whose N/A is a bare choice.
    #[serde(default, skip_serializing_if = "NaReason::is_required")]
    pub na_reason: NaReason,
    /// The model's own scale, shown beside every 0-100 score of a dimension, a group and a
    /// process, e.g. a SAMM score of 0 to 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub native_score: Option<NativeScore>,
    /// The questions each side of each seam selects, by seam: worked out the first time they are
    /// asked for ([`Questionnaire::seam_sides`]), since scoring asks again for every process.
    /// What a side selects depends only on ids, practices and roles, which nothing changes after
    /// loading.
    #[serde(skip)]
    #[schemars(skip)]
    seam_sides: std::sync::OnceLock<Vec<[Vec<usize>; 2]>>,
}

impl super::yaml::Document for Questionnaire {}

/// Whether "not applicable" needs a reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NaReason {
    /// An answer marked not applicable must say why (the default).
    #[default]
    Required,
    /// Not applicable may be a bare choice; a reason, when given, is kept.
    Optional,
}

impl NaReason {
    pub fn is_required(&self) -> bool {
        *self == NaReason::Required
    }
}

/// A score on the model's own scale: `native = min + (max - min) * score / 100`. With a scale
/// whose levels are worth 0 to 3 and `min: 0, max: 3`, it is the weighted mean level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NativeScore {
    /// The label reports show, e.g. "SAMM score".
    pub name: String,
    /// The native value of a 0-100 score of 0.
    pub min: f64,
    /// The native value of a 0-100 score of 100 (above `min`).
    pub max: f64,
    /// Decimals shown, 0 to 4; default 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u32>,
}

/// The decimals a native score is shown with when the questionnaire does not say.
pub const DEFAULT_NATIVE_DECIMALS: u32 = 2;
/// The most decimals a native score may ask for.
pub const MAX_NATIVE_DECIMALS: u32 = 4;

impl NativeScore {
    pub fn decimals(&self) -> u32 {
        self.decimals.unwrap_or(DEFAULT_NATIVE_DECIMALS)
    }

    /// The native value of a 0-100 `score`, rounded to the decimals shown.
    pub fn of(&self, score: f64) -> f64 {
        let value = self.min + (self.max - self.min) * score / 100.0;
        let factor = 10f64.powi(self.decimals().min(MAX_NATIVE_DECIMALS) as i32);
        (value * factor).round() / factor
    }
}

/// What a range of scores means and what to do next. A band runs from its `from` to the next
/// band's `from` (the last one to 100).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The lowest score (0-100) in the band; the first band starts at 0.
    pub from: f64,
    /// A short name shown beside the score, e.g. "Developing".
    pub label: String,
    /// What a score in the band says about the area.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub meaning: String,
    /// What to do next from here.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next: String,
}

/// The band a score falls in: the last whose `from` is at or below it.
pub fn band_for(bands: &[Band], score: f64) -> Option<&Band> {
    bands.iter().rev().find(|b| b.from <= score)
}

/// A practice: the level between a dimension and its questions (a SAMM practice, a DSOMM
/// sub-dimension). Scored as the weighted mean of its questions, as a dimension is.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Identifier questions use in `group:`; unique across groups and dimensions.
    pub id: String,
    /// Human name.
    pub name: String,
    /// What the group covers.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Weight of the group within its dimension (positive; default 1). Shown in JSON for
    /// tools that weigh practices; a dimension's score stays the weighted mean of its questions.
    #[serde(default = "one")]
    pub weight: f64,
    /// What ranges of the group's score mean and what to do next.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
}

/// An answer scale: ordered levels, the first the lowest.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Identifier questions use in `scale:`.
    pub id: String,
    /// Human name of the scale.
    #[serde(default)]
    pub name: String,
    /// The levels, lowest first. A level's index (0, 1, 2, ...) is what answers record.
    pub levels: Vec<ScaleLevel>,
}

/// One level of a scale.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScaleLevel {
    /// Short label shown beside the level, e.g. "Defined".
    pub label: String,
    /// What the level is worth; defaults to its index. Values must increase with the level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
}

/// A scored area of the operating model, e.g. data or governance.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Identifier questions use in `dimension:`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// What the dimension covers.
    #[serde(default)]
    pub description: String,
    /// Weight in overall readiness (positive).
    #[serde(default = "one")]
    pub weight: f64,
    /// What the dimension stands for in the plan's sequencing rules. The planner reads roles,
    /// never dimension ids; a dimension without a role is planned conservatively (its gaps close
    /// before go-live).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<DimensionRole>,
    /// What ranges of the dimension's score mean and what to do next.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bands: Vec<Band>,
    /// The practices of the dimension. When there are any, every question of the dimension
    /// names one in `group:`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
}

/// The part of the operating model a dimension assesses, as the sequencing rules know it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DimensionRole {
    /// Process design and exception handling: its gaps close before go-live (rules 1, 5).
    Process,
    /// Who may act on AI output: its gaps close before go-live.
    DecisionRights,
    /// Data feeding the process: its gaps close before go-live; slow work starts early (rule 5).
    Data,
    /// Governance: the baseline before the second go-live (rule 2), gates before any go-live,
    /// the rest grows after.
    Governance,
    /// Capability and roles: starts no later than the first go-live (rule 3).
    Capability,
}

impl DimensionRole {
    pub fn as_str(self) -> &'static str {
        match self {
            DimensionRole::Process => "process",
            DimensionRole::DecisionRights => "decision_rights",
            DimensionRole::Data => "data",
            DimensionRole::Governance => "governance",
            DimensionRole::Capability => "capability",
        }
    }
}

/// One question, its scale descriptors, target, gate and improvement actions.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Identifier answers files use as their key.
    pub id: String,
    /// The dimension this question scores.
    pub dimension: String,
    /// The group (practice) of its dimension it belongs to: required when the dimension
    /// declares groups, not allowed otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The question as asked.
    pub text: String,
    /// A short name for what the question assesses, e.g. "Data ownership" (one line, at most 60
    /// characters). Reports use it where the question's text does not fit: roadmap initiatives,
    /// blockers, go-live checklists. Defaults to the question's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Help for answering: what to look for, what evidence to ask for.
    #[serde(default)]
    pub guidance: String,
    /// The scale it is answered on; defaults to `maturity`.
    #[serde(default = "default_scale")]
    pub scale: String,
    /// One observable descriptor per level of the scale, lowest first.
    pub levels: Vec<String>,
    /// Weight within its dimension (positive).
    #[serde(default = "one")]
    pub weight: f64,
    /// Whether "not applicable" (with a reason) is an allowed answer.
    #[serde(default)]
    pub allow_na: bool,
    /// The level to reach before go-live; an answer below it is a gap and yields the actions.
    pub target: usize,
    /// A critical gate: below its minimum level the process is not ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gate: Option<Gate>,
    /// What to do when the answer is below target.
    #[serde(default)]
    pub actions: Vec<Action>,
}

impl Question {
    /// The short name reports show: the title, or the id.
    pub fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}

impl Action {
    /// The short title reports show: the title, or the id.
    pub fn title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}

/// A critical gate on a question.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Gate {
    /// The lowest level that passes the gate.
    pub min_level: usize,
    /// The risk tiers the gate applies to; all tiers when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risk_tiers: Vec<Level3>,
}

impl Gate {
    /// Whether the gate holds for a process of `tier`: it names that tier, or names none.
    pub fn applies_to(&self, tier: Level3) -> bool {
        self.risk_tiers.is_empty() || self.risk_tiers.contains(&tier)
    }
}

/// An improvement action.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// Identifier, unique across the questionnaire; `depends_on` refers to it.
    pub id: String,
    /// What to do, as a recommendation.
    pub text: String,
    /// A short imperative title, e.g. "Appoint data owners" (one line, at most 60 characters).
    /// Reports show it in place of the id; ids stay in JSON, CSV and the backlog. Defaults to
    /// the action's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// How big a change it is.
    pub effort: Effort,
    /// Typical duration in weeks (at least 1).
    pub weeks: u32,
    /// The role that owns the action.
    pub owner: String,
    /// Actions that must be finished before this one starts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
    /// What the action establishes, for the plan's sequencing rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<ActionTag>,
    /// `process` (the default): done for each process that needs it, e.g. mapping a process.
    /// `shared`: done once for the organisation, serving every process that needs it, e.g. an
    /// escalation path or a data-ownership model.
    #[serde(default, skip_serializing_if = "ActionScope::is_process")]
    pub scope: ActionScope,
    /// An ongoing practice (a monthly review, a quarterly test) that starts before go-live and
    /// continues after it: a go-live does not wait for it to end. Default false: the action is
    /// finished before the go-live of a process whose gap it closes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub continues_after_go_live: bool,
}

/// Whether an action is done per process or once for all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionScope {
    /// One step per process that needs it.
    #[default]
    Process,
    /// One step for the organisation, serving every process that needs it.
    Shared,
}

impl ActionScope {
    pub fn is_process(&self) -> bool {
        *self == ActionScope::Process
    }
}

/// Effort class of an action.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Effort {
    /// Clarification and documentation: days to a few weeks.
    Quick,
    /// A few weeks of design and change.
    Medium,
    /// Slow, structural work: data quality, platforms, role redesign.
    Foundational,
}

/// What an action establishes; the planner places tagged actions by the sequencing rules.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ActionTag {
    /// Names the owner of a process's outcome, exceptions and failure mode: before any go-live.
    Owner,
    /// Part of the governance baseline (owner, thresholds, escalation): before the second go-live.
    GovernanceBaseline,
    /// Human review checkpoints: before a high-risk go-live.
    HumanReview,
    /// Decision audit trail: before a high-risk go-live.
    AuditTrail,
    /// Senior sign-off: before a high-risk go-live.
    Signoff,
    /// Tooling selection: only after process and data readiness.
    Tooling,
}

/// low | medium | high, used for profile facts and risk tiers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level3 {
    Low,
    Medium,
    High,
}

impl Level3 {
    pub fn as_str(self) -> &'static str {
        match self {
            Level3::Low => "low",
            Level3::Medium => "medium",
            Level3::High => "high",
        }
    }
}

impl ActionTag {
    /// The tag as written in a questionnaire file.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionTag::Owner => "owner",
            ActionTag::GovernanceBaseline => "governance_baseline",
            ActionTag::HumanReview => "human_review",
            ActionTag::AuditTrail => "audit_trail",
            ActionTag::Signoff => "signoff",
            ActionTag::Tooling => "tooling",
        }
    }
}

impl Effort {
    pub fn as_str(self) -> &'static str {
        match self {
            Effort::Quick => "quick",
            Effort::Medium => "medium",
            Effort::Foundational => "foundational",
        }
    }
}

fn one() -> f64 {
    1.0
}

fn default_scale() -> String {
    DEFAULT_SCALE.to_string()
}

/// The scale used when a questionnaire defines none: five maturity levels.
pub fn default_maturity_scale() -> Scale {
    Scale {
        id: DEFAULT_SCALE.to_string(),
        name: "Maturity".to_string(),
        levels: ["Absent", "Ad hoc", "Defined", "Managed", "Embedded"]
            .iter()
            .map(|label| ScaleLevel {
                label: label.to_string(),
                value: None,
            })
            .collect(),
    }
}

impl Scale {
    /// The value of level `index` (its index unless set).
    pub fn value(&self, index: usize) -> f64 {
        self.levels
            .get(index)
            .and_then(|l| l.value)
            .unwrap_or(index as f64)
    }

    /// The largest value on the scale.
    pub fn max_value(&self) -> f64 {
        self.levels
            .len()
            .checked_sub(1)
            .map_or(0.0, |i| self.value(i))
    }

    /// The score of level `index`, 0-100.
    pub fn score(&self, index: usize) -> f64 {
        let max = self.max_value();
        if max <= 0.0 {
            0.0
        } else {
            self.value(index) / max * 100.0
        }
    }

    /// What a level beyond the scale is called.
    pub const UNKNOWN_LABEL: &'static str = "?";

    pub fn label(&self, index: usize) -> &str {
        self.levels
            .get(index)
            .map_or(Self::UNKNOWN_LABEL, |l| l.label.as_str())
    }
}

impl Questionnaire {
    /// The scale named `id`. Loading adds the default scale when a file declares none.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// Where question `id` is, looked for at `hint` first: ids read in questionnaire order are
    /// each found without a search.
    pub fn question_index(&self, id: &str, hint: usize) -> Option<usize> {
        match self.questions.get(hint) {
            Some(question) if question.id == id => Some(hint),
            _ => self.questions.iter().position(|q| q.id == id),
        }
    }

    pub fn dimension(&self, id: &str) -> Option<&Dimension> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// Every group with its dimension, in questionnaire order.
    pub fn groups(&self) -> impl Iterator<Item = (&Dimension, &Group)> {
        self.dimensions
            .iter()
            .flat_map(|d| d.groups.iter().map(move |g| (d, g)))
    }

    /// The group named `id`, with its dimension.
    pub fn group(&self, id: &str) -> Option<(&Dimension, &Group)> {
        self.groups().find(|(_, g)| g.id == id)
    }

    /// Whether any dimension declares groups.
    pub fn has_groups(&self) -> bool {
        self.dimensions.iter().any(|d| !d.groups.is_empty())
    }

    /// Whether `owner` is an executive role: listed in `executive_roles`, or, when none are
    /// listed, named as one ("Chief ...", an executive, a sponsor, a director, the board).
    pub fn is_executive(&self, owner: &str) -> bool {
        if !self.executive_roles.is_empty() {
            return self.executive_roles.iter().any(|r| r == owner);
        }
        let lower = owner.to_lowercase();
        lower.starts_with("chief ")
            || ["executive", "sponsor", "director", "board"]
                .iter()
                .any(|word| {
                    lower
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| w == *word)
                })
    }

    /// The indices of the questions each of the two sides of seam `index` selects, in
    /// questionnaire order (empty for a seam without two sides, which validation refuses).
    pub fn seam_sides(&self, index: usize) -> &[Vec<usize>; 2] {
        const NONE: &[Vec<usize>; 2] = &[Vec::new(), Vec::new()];
        self.seam_sides
            .get_or_init(|| {
                self.seams
                    .iter()
                    .map(|seam| match seam.sides.as_slice() {
                        [first, second] => [first.select(self), second.select(self)],
                        _ => [Vec::new(), Vec::new()],
                    })
                    .collect()
            })
            .get(index)
            .unwrap_or(NONE)
    }

    /// Every action with the question it belongs to.
    pub fn actions(&self) -> impl Iterator<Item = (&Question, &Action)> {
        self.questions
            .iter()
            .flat_map(|q| q.actions.iter().map(move |a| (q, a)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_roles(roles: &[&str]) -> Questionnaire {
        Questionnaire {
            id: "q".into(),
            version: "1".into(),
            title: "Q".into(),
            description: String::new(),
            freshness_months: None,
            scales: vec![],
            dimensions: vec![],
            questions: vec![],
            executive_roles: roles.iter().map(|r| r.to_string()).collect(),
            seams: vec![],
            na_reason: NaReason::Required,
            native_score: None,
            seam_sides: Default::default(),
        }
    }

    #[test]
    fn executive_roles_are_declared_or_named_so() {
        let declared = with_roles(&["Head of Operations"]);
        assert!(declared.is_executive("Head of Operations"));
        assert!(
            !declared.is_executive("Chief Operating Officer"),
            "the list decides"
        );
        let undeclared = with_roles(&[]);
        for role in [
            "Chief Operating Officer",
            "Executive sponsor",
            "Finance director",
            "Board risk committee",
            "Programme sponsor",
        ] {
            assert!(undeclared.is_executive(role), "{role}");
        }
        for role in [
            "Process owner",
            "Head of Data",
            "Chiefly IT",
            "Directorate clerk",
        ] {
            assert!(!undeclared.is_executive(role), "{role}");
        }
    }
}
