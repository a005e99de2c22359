//! The operating-model archetype the report recommends: hub-and-spoke, federated or hybrid, from
//! the facts `engagement.yaml` gives about the organisation (its `organisation:` section) and the
//! readiness the diagnostic measured. Logic only: every sentence is made here, once, and the
//! renderers print it.
//!
//! The rules (also in docs/reports.md):
//!
//! 1. Advice needs at least two of `months_in_production`, `ai_talent` and `data_maturity`.
//! 2. The maturity stage: each maturity fact leans early or mature (or neither): under
//!    [`FIRST_PHASE_MONTHS`] months in production early, that many or more mature; AI talent and
//!    data maturity low early, high mature; the mean readiness of the assessed processes below the
//!    `not_ready` threshold early, at or above the `ready` threshold mature. The side with more
//!    facts wins; a tie is `between`.
//! 3. Early: hub-and-spoke, whatever the units.
//! 4. Otherwise `business_units` is needed: a single unit is hub-and-spoke.
//! 5. Several units that are diverse (`regulatory_diversity` high, or the readiness of the assessed
//!    processes [`UNEVEN_SPREAD`] points apart or more): hybrid.
//! 6. Otherwise `unit_distinctness` decides: high is federated when mature, hybrid when between;
//!    low or medium is hybrid when mature, hub-and-spoke when between.
//!
//! What would change the advice is found by trying changes to the facts ([`changes`]).

mod changes;

use serde::{Deserialize, Serialize};

use super::model::{ProcessView, Thresholds};
use crate::assessment::Organisation;
use crate::questionnaire::Level3;
use crate::scoring::{round1, Verdict};

/// The first phase of AI in production, in months: the source gives hub-and-spoke the first 12
/// to 24 months.
pub const FIRST_PHASE_MONTHS: u32 = 24;
/// Readiness of the assessed processes this many points apart or more (highest minus lowest)
/// counts as uneven maturity.
pub const UNEVEN_SPREAD: f64 = 25.0;

/// The three structural archetypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    HubAndSpoke,
    Federated,
    Hybrid,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::HubAndSpoke, Kind::Federated, Kind::Hybrid];

    /// The archetype's name in prose.
    pub fn label(self) -> &'static str {
        match self {
            Kind::HubAndSpoke => "hub-and-spoke",
            Kind::Federated => "federated",
            Kind::Hybrid => "hybrid",
        }
    }

    /// What the archetype is, in a sentence.
    fn description(self) -> &'static str {
        match self {
            Kind::HubAndSpoke => {
                "AI capability sits in one central team (a centre of excellence) that serves the \
                 rest of the organisation as internal clients, pooling scarce skills and holding \
                 one standard."
            }
            Kind::Federated => {
                "Each business unit owns its AI work and builds for its own domain; a light \
                 central function sets governance, standards and tooling."
            }
            Kind::Hybrid => {
                "A central platform team owns infrastructure, security and model governance; the \
                 business units own deployment and iteration."
            }
        }
    }
}

/// How far along with AI the organisation is, by its maturity facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Early,
    /// As many facts lean early as mature (none, or some each way).
    Between,
    Mature,
}

/// The archetype section of a report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Archetype {
    /// The archetype advised; null when the facts are too few to advise one.
    pub recommendation: Option<Kind>,
    /// The first sentence: what the archetype advised means, or why there is no advice.
    pub headline: String,
    /// The maturity stage, when enough maturity facts are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// How the maturity facts lean, in a sentence; empty without a stage.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub stage_text: String,
    /// The facts that led to the advice, each with its value.
    pub reasons: Vec<Reason>,
    /// For each other archetype, the routes of fewest changes to the facts that would lead to it
    /// (at most three facts each, at most two routes; an archetype that needs more changes is
    /// left out), the other facts as they are.
    pub would_change: Vec<Change>,
    /// Without advice: the ids of the facts that would allow it.
    pub missing: Vec<String>,
    /// Without advice: what to add, a sentence each.
    pub needs: Vec<String>,
    /// Every fact the rules read, null when not given.
    pub facts: Facts,
}

/// A fact and its value, and what it says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// `business_units`, `unit_distinctness`, `regulatory_diversity`, `ai_talent`,
    /// `data_maturity`, `months_in_production`, `mean_readiness` or `readiness_spread`.
    pub fact: String,
    /// The fact's value as given or measured.
    pub value: String,
    pub text: String,
}

/// Another archetype and the changes to the facts that would lead to it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub archetype: Kind,
    /// Each route is a set of changes that together lead to the archetype, the other facts as
    /// they are; routes change different facts.
    pub routes: Vec<Vec<FactValue>>,
    pub text: String,
}

/// A fact set to a value: a level, a count, or a bound such as `>= 24`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactValue {
    pub fact: String,
    pub value: String,
}

/// The facts the rules read: the organisation's, as given, and the readiness measured.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    /// Whether `engagement.yaml` has an `organisation:` section.
    pub organisation_given: bool,
    pub business_units: Option<u32>,
    pub unit_distinctness: Option<Level3>,
    pub regulatory_diversity: Option<Level3>,
    pub ai_talent: Option<Level3>,
    pub data_maturity: Option<Level3>,
    pub months_in_production: Option<u32>,
    /// Processes assessed (every verdict but `not_assessed`) with a readiness.
    pub assessed_processes: usize,
    /// Their mean readiness, one decimal.
    pub mean_readiness: Option<f64>,
    /// Highest minus lowest readiness among them, one decimal; with two or more only.
    pub readiness_spread: Option<f64>,
    /// The lowest and highest readiness among them; with two or more only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowest_readiness: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub highest_readiness: Option<f64>,
}

/// The archetype section for a report: `organisation` from `engagement.yaml`, the processes as
/// scored (those not assessed are left out) and the verdict thresholds.
pub fn build(
    organisation: Option<&Organisation>,
    processes: &[ProcessView],
    thresholds: &Thresholds,
) -> Archetype {
    let facts = facts(organisation, processes);
    let rules = Rules {
        early_below: thresholds.not_ready_below,
        mature_at: thresholds.ready_at,
    };
    let org = organisation.copied().unwrap_or_default();
    match rules.decide(&org, &facts) {
        Outcome::Advice {
            kind,
            stage,
            stage_text,
            reasons,
        } => Archetype {
            recommendation: Some(kind),
            headline: kind.description().to_string(),
            stage: Some(stage),
            stage_text,
            reasons,
            would_change: changes::alternatives(&rules, &org, &facts, kind),
            missing: Vec::new(),
            needs: Vec::new(),
            facts,
        },
        Outcome::TooFew { missing, needs } => Archetype {
            recommendation: None,
            headline: if facts.organisation_given {
                "The `organisation` section of engagement.yaml gives too few facts to advise an \
                 archetype; add:"
                    .to_string()
            } else {
                "engagement.yaml has no `organisation` section; to advise an archetype, add one \
                 with:"
                    .to_string()
            },
            stage: None,
            stage_text: String::new(),
            reasons: Vec::new(),
            would_change: Vec::new(),
            missing: missing.iter().map(|f| f.id().to_string()).collect(),
            needs,
            facts,
        },
    }
}

fn facts(organisation: Option<&Organisation>, processes: &[ProcessView]) -> Facts {
    let org = organisation.copied().unwrap_or_default();
    let readiness: Vec<f64> = processes
        .iter()
        .filter(|p| p.verdict != Verdict::NotAssessed)
        .filter_map(|p| p.readiness)
        .collect();
    let lowest = readiness.iter().copied().reduce(f64::min);
    let highest = readiness.iter().copied().reduce(f64::max);
    let mean = (!readiness.is_empty())
        .then(|| round1(readiness.iter().sum::<f64>() / readiness.len() as f64));
    let several = readiness.len() >= 2;
    Facts {
        organisation_given: organisation.is_some(),
        business_units: org.business_units,
        unit_distinctness: org.unit_distinctness,
        regulatory_diversity: org.regulatory_diversity,
        ai_talent: org.ai_talent,
        data_maturity: org.data_maturity,
        months_in_production: org.months_in_production,
        assessed_processes: readiness.len(),
        mean_readiness: mean,
        readiness_spread: lowest
            .zip(highest)
            .filter(|_| several)
            .map(|(lo, hi)| round1(hi - lo)),
        lowest_readiness: lowest.filter(|_| several),
        highest_readiness: highest.filter(|_| several),
    }
}

/// The facts the rules name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fact {
    DataMaturity,
    AiTalent,
    MonthsInProduction,
    BusinessUnits,
    UnitDistinctness,
    RegulatoryDiversity,
    MeanReadiness,
    ReadinessSpread,
}

impl Fact {
    fn id(self) -> &'static str {
        match self {
            Fact::DataMaturity => "data_maturity",
            Fact::AiTalent => "ai_talent",
            Fact::MonthsInProduction => "months_in_production",
            Fact::BusinessUnits => "business_units",
            Fact::UnitDistinctness => "unit_distinctness",
            Fact::RegulatoryDiversity => "regulatory_diversity",
            Fact::MeanReadiness => "mean_readiness",
            Fact::ReadinessSpread => "readiness_spread",
        }
    }
}

/// Which way a maturity fact leans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lean {
    Early,
    Neither,
    Mature,
}

/// A maturity fact, its lean and its reason.
struct Signal {
    lean: Lean,
    reason: Reason,
}

enum Outcome {
    Advice {
        kind: Kind,
        stage: Stage,
        stage_text: String,
        reasons: Vec<Reason>,
    },
    TooFew {
        missing: Vec<Fact>,
        needs: Vec<String>,
    },
}

fn reason(fact: Fact, value: impl ToString, text: String) -> Reason {
    Reason {
        fact: fact.id().to_string(),
        value: value.to_string(),
        text,
    }
}

/// "1 month", "30 months".
fn months(n: u32) -> String {
    format!("{n} month{}", if n == 1 { "" } else { "s" })
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The thresholds the stage reads.
struct Rules {
    early_below: f64,
    mature_at: f64,
}

impl Rules {
    /// Each given maturity fact with its lean, in a fixed order.
    fn maturity_signals(&self, org: &Organisation, facts: &Facts) -> Vec<Signal> {
        let mut signals = Vec::new();
        if let Some(m) = org.months_in_production {
            let (lean, text) = if m < FIRST_PHASE_MONTHS {
                (
                    Lean::Early,
                    format!(
                        "{} with AI in production: under {FIRST_PHASE_MONTHS}, the first phase",
                        months(m)
                    ),
                )
            } else {
                (
                    Lean::Mature,
                    format!(
                        "{} with AI in production: past the first {FIRST_PHASE_MONTHS}",
                        months(m)
                    ),
                )
            };
            signals.push(Signal {
                lean,
                reason: reason(Fact::MonthsInProduction, m, text),
            });
        }
        let level = |fact: Fact, value: Level3, early: &str, mature: &str| {
            let (lean, meaning) = match value {
                Level3::Low => (Lean::Early, early),
                Level3::Medium => (Lean::Neither, "neither early nor mature"),
                Level3::High => (Lean::Mature, mature),
            };
            let name = match fact {
                Fact::AiTalent => "AI talent",
                _ => "data maturity",
            };
            Signal {
                lean,
                reason: reason(
                    fact,
                    value.as_str(),
                    format!("{name} {}: {meaning}", value.as_str()),
                ),
            }
        };
        if let Some(talent) = org.ai_talent {
            signals.push(level(
                Fact::AiTalent,
                talent,
                "scarce skills, best pooled in one team",
                "units can staff their own AI work",
            ));
        }
        if let Some(data) = org.data_maturity {
            signals.push(level(
                Fact::DataMaturity,
                data,
                "fragmented data that needs central work first",
                "an established data practice units can build on",
            ));
        }
        if let Some(mean) = facts.mean_readiness {
            let processes = super::text::count(
                facts.assessed_processes,
                "assessed process",
                "assessed processes",
            );
            let (lean, meaning) = if mean < self.early_below {
                (Lean::Early, format!("below {}, early", self.early_below))
            } else if mean >= self.mature_at {
                (Lean::Mature, format!("{} or more, mature", self.mature_at))
            } else {
                (
                    Lean::Neither,
                    format!(
                        "from {} to under {}, neither early nor mature",
                        self.early_below, self.mature_at
                    ),
                )
            };
            signals.push(Signal {
                lean,
                reason: reason(
                    Fact::MeanReadiness,
                    format!("{mean:.1}"),
                    format!("mean readiness {mean:.1} over {processes}: {meaning}"),
                ),
            });
        }
        signals
    }

    /// The archetype the rules give for these facts, or what they lack.
    fn decide(&self, org: &Organisation, facts: &Facts) -> Outcome {
        let given = [
            org.months_in_production.is_some(),
            org.ai_talent.is_some(),
            org.data_maturity.is_some(),
        ]
        .iter()
        .filter(|&&g| g)
        .count();
        if given < 2 {
            return too_few(org, facts, None);
        }
        let signals = self.maturity_signals(org, facts);
        let leaning = |lean: Lean| signals.iter().filter(|s| s.lean == lean).count();
        let (early, mature) = (leaning(Lean::Early), leaning(Lean::Mature));
        let stage = match early.cmp(&mature) {
            std::cmp::Ordering::Greater => Stage::Early,
            std::cmp::Ordering::Less => Stage::Mature,
            std::cmp::Ordering::Equal => Stage::Between,
        };
        let stage_text = stage_text(stage, early, mature);
        // The facts that decided the stage: the winning side's, or every one when balanced.
        let stage_reasons: Vec<Reason> = signals
            .iter()
            .filter(|s| match stage {
                Stage::Early => s.lean == Lean::Early,
                Stage::Mature => s.lean == Lean::Mature,
                Stage::Between => true,
            })
            .map(|s| s.reason.clone())
            .collect();
        let advice = |kind: Kind, reasons: Vec<Reason>| Outcome::Advice {
            kind,
            stage,
            stage_text: stage_text.clone(),
            reasons,
        };
        let single_unit = || {
            reason(
                Fact::BusinessUnits,
                1,
                "1 business unit: no unit to hand AI ownership to, so one central team serves it"
                    .to_string(),
            )
        };
        if stage == Stage::Early {
            let mut reasons = stage_reasons;
            if org.business_units == Some(1) {
                reasons.push(single_unit());
            }
            return advice(Kind::HubAndSpoke, reasons);
        }
        let Some(units) = org.business_units else {
            return too_few(org, facts, Some(stage));
        };
        if units == 1 {
            return advice(Kind::HubAndSpoke, vec![single_unit()]);
        }
        let units_reason = reason(
            Fact::BusinessUnits,
            units,
            format!("{units} business units"),
        );
        let diverse = diverse_reasons(org, facts);
        if !diverse.is_empty() {
            let mut reasons = vec![units_reason];
            reasons.extend(diverse);
            reasons.extend(stage_reasons);
            return advice(Kind::Hybrid, reasons);
        }
        let Some(distinctness) = org.unit_distinctness else {
            return too_few(org, facts, Some(stage));
        };
        let value = distinctness.as_str();
        let (kind, text) = match (distinctness, stage) {
            (Level3::High, Stage::Mature) => (
                Kind::Federated,
                "unit distinctness high: each unit needs solutions built for its own domain"
                    .to_string(),
            ),
            (Level3::High, _) => (
                Kind::Hybrid,
                "unit distinctness high, with maturity between early and mature: the units own \
                 deployment while the platform and its governance stay central"
                    .to_string(),
            ),
            (_, Stage::Mature) => (
                Kind::Hybrid,
                format!(
                    "unit distinctness {value}: the units are alike enough to share one \
                     platform, and mature enough to deploy on it themselves"
                ),
            ),
            (_, _) => (
                Kind::HubAndSpoke,
                format!(
                    "unit distinctness {value}, with maturity between early and mature: one \
                     central team can serve units this alike"
                ),
            ),
        };
        let mut reasons = vec![units_reason, reason(Fact::UnitDistinctness, value, text)];
        reasons.extend(stage_reasons);
        advice(kind, reasons)
    }
}

/// "Maturity: early — 3 facts point to an early stage, 1 to a mature one."
fn stage_text(stage: Stage, early: usize, mature: usize) -> String {
    let name = match stage {
        Stage::Early => "early",
        Stage::Between => "between early and mature",
        Stage::Mature => "mature",
    };
    let how = match (early, mature) {
        (0, 0) => "no fact points to an early or a mature stage".to_string(),
        (0, m) => format!("none of the facts points to an early stage, {m} to a mature one"),
        (1, m) => format!(
            "1 fact points to an early stage, {} to a mature one",
            none(m)
        ),
        (e, m) => format!(
            "{e} facts point to an early stage, {} to a mature one",
            none(m)
        ),
    };
    format!("Maturity: {name} — {how}.")
}

fn none(n: usize) -> String {
    if n == 0 {
        "none".to_string()
    } else {
        n.to_string()
    }
}

/// The facts that make several units diverse: regulation that differs, readiness far apart.
fn diverse_reasons(org: &Organisation, facts: &Facts) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if org.regulatory_diversity == Some(Level3::High) {
        reasons.push(reason(
            Fact::RegulatoryDiversity,
            "high",
            "regulatory diversity high: the units work under different rules, so each deploys \
             for itself on a shared, governed platform"
                .to_string(),
        ));
    }
    if let (Some(spread), Some(lo), Some(hi)) = (
        facts.readiness_spread,
        facts.lowest_readiness,
        facts.highest_readiness,
    ) {
        if spread >= UNEVEN_SPREAD {
            reasons.push(reason(
                Fact::ReadinessSpread,
                format!("{spread:.1}"),
                format!(
                    "readiness from {lo:.1} to {hi:.1} over {} assessed processes, {spread:.1} \
                     points apart ({UNEVEN_SPREAD} or more): maturity is uneven",
                    facts.assessed_processes
                ),
            ));
        }
    }
    reasons
}

/// What the rules lack, each with a sentence on what to add. `stage` is the maturity stage when
/// it is known (and then not early).
fn too_few(org: &Organisation, facts: &Facts, stage: Option<Stage>) -> Outcome {
    let mut missing = Vec::new();
    let mut needs = Vec::new();
    if stage.is_none() {
        let maturity = [
            (Fact::MonthsInProduction, org.months_in_production.is_some()),
            (Fact::AiTalent, org.ai_talent.is_some()),
            (Fact::DataMaturity, org.data_maturity.is_some()),
        ];
        let given: Vec<String> = maturity
            .iter()
            .filter(|(_, g)| *g)
            .map(|(f, _)| format!("`{}`", f.id()))
            .collect();
        missing.extend(maturity.iter().filter(|(_, g)| !g).map(|(f, _)| *f));
        needs.push(format!(
            "at least two of `months_in_production`, `ai_talent` and `data_maturity` (given: {})",
            if given.is_empty() {
                "none".to_string()
            } else {
                and_list(&given)
            }
        ));
    }
    if org.business_units.is_none() {
        missing.push(Fact::BusinessUnits);
        needs.push(match stage {
            None => "`business_units`, unless the maturity facts point to an early stage".into(),
            Some(_) => "`business_units`: the maturity facts do not point to an early stage, so \
                        the advice depends on the units"
                .into(),
        });
    }
    // How distinct the units are only decides when nothing makes them diverse.
    let decided = org.business_units == Some(1) || !diverse_reasons(org, facts).is_empty();
    if org.unit_distinctness.is_none() && !decided {
        missing.push(Fact::UnitDistinctness);
        needs.push(format!(
            "`unit_distinctness`, unless {}there is a single business unit or \
             `regulatory_diversity` is high",
            if stage.is_none() {
                "the maturity facts point to an early stage, "
            } else {
                ""
            }
        ));
    }
    Outcome::TooFew { missing, needs }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: Rules = Rules {
        early_below: 50.0,
        mature_at: 75.0,
    };

    /// Facts with readiness `mean` over two processes `spread` points apart.
    fn measured(mean: f64, spread: f64) -> Facts {
        Facts {
            organisation_given: true,
            assessed_processes: 2,
            mean_readiness: Some(mean),
            readiness_spread: Some(spread),
            lowest_readiness: Some(mean - spread / 2.0),
            highest_readiness: Some(mean + spread / 2.0),
            ..Facts::default()
        }
    }

    fn org(months: u32, talent: Level3, data: Level3) -> Organisation {
        Organisation {
            months_in_production: Some(months),
            ai_talent: Some(talent),
            data_maturity: Some(data),
            ..Organisation::default()
        }
    }

    fn kind(org: &Organisation, facts: &Facts) -> Option<Kind> {
        match RULES.decide(org, facts) {
            Outcome::Advice { kind, .. } => Some(kind),
            Outcome::TooFew { .. } => None,
        }
    }

    /// The table in docs/reports.md: stage by units, every cell.
    #[test]
    fn the_documented_table_holds_cell_by_cell() {
        use Level3::{High, Low, Medium};
        let early = org(6, Low, Low);
        let between = org(6, High, Medium); // 1 early, 1 mature, readiness neither
        let mature = org(30, High, High);
        let even = measured(60.0, 10.0);
        let uneven = measured(60.0, 30.0);
        let units = |o: &Organisation, n: u32, distinct: Level3, regulation: Level3| Organisation {
            business_units: Some(n),
            unit_distinctness: Some(distinct),
            regulatory_diversity: Some(regulation),
            ..*o
        };
        let cases = [
            // (stage, units, distinctness, regulation, readiness, expected)
            (early, 1, Low, Low, &even, Kind::HubAndSpoke),
            (early, 5, High, High, &uneven, Kind::HubAndSpoke),
            (early, 5, High, Low, &even, Kind::HubAndSpoke),
            (between, 1, High, High, &uneven, Kind::HubAndSpoke),
            (between, 5, Low, High, &even, Kind::Hybrid),
            (between, 5, Low, Low, &uneven, Kind::Hybrid),
            (between, 5, High, Low, &even, Kind::Hybrid),
            (between, 5, Medium, Low, &even, Kind::HubAndSpoke),
            (mature, 1, High, Low, &even, Kind::HubAndSpoke),
            (mature, 5, High, High, &even, Kind::Hybrid),
            (mature, 5, High, Medium, &uneven, Kind::Hybrid),
            (mature, 5, High, Medium, &even, Kind::Federated),
            (mature, 5, Low, Low, &even, Kind::Hybrid),
        ];
        for (i, (stage, n, distinct, regulation, readiness, expected)) in cases.iter().enumerate() {
            let o = units(stage, *n, *distinct, *regulation);
            assert_eq!(kind(&o, readiness), Some(*expected), "case {i}: {o:?}");
        }
    }

    #[test]
    fn readiness_leans_by_the_verdict_thresholds() {
        // Two facts early, one mature: readiness decides between a tie and early.
        let o = Organisation {
            business_units: Some(3),
            unit_distinctness: Some(Level3::High),
            ..org(6, Level3::High, Level3::Medium)
        };
        assert_eq!(kind(&o, &measured(49.9, 0.0)), Some(Kind::HubAndSpoke));
        assert_eq!(kind(&o, &measured(50.0, 0.0)), Some(Kind::Hybrid));
        assert_eq!(kind(&o, &measured(75.0, 0.0)), Some(Kind::Federated));
        // Spread at the threshold is uneven; just below it is not.
        assert_eq!(kind(&o, &measured(75.0, 24.9)), Some(Kind::Federated));
        assert_eq!(kind(&o, &measured(75.0, 25.0)), Some(Kind::Hybrid));
    }

    #[test]
    fn too_few_facts_give_no_advice_and_say_what_is_missing() {
        let facts = measured(80.0, 0.0);
        let thin = Organisation {
            ai_talent: Some(Level3::High),
            business_units: Some(4),
            ..Organisation::default()
        };
        let Outcome::TooFew { missing, needs } = RULES.decide(&thin, &facts) else {
            panic!("advice from one maturity fact");
        };
        assert_eq!(
            missing,
            [
                Fact::MonthsInProduction,
                Fact::DataMaturity,
                Fact::UnitDistinctness
            ]
        );
        assert!(needs[0].contains("(given: `ai_talent`)"), "{needs:?}");
        // Mature without the units: business_units is what is missing.
        let Outcome::TooFew { missing, .. } =
            RULES.decide(&org(30, Level3::High, Level3::High), &facts)
        else {
            panic!("advice without business units");
        };
        assert_eq!(missing, [Fact::BusinessUnits, Fact::UnitDistinctness]);
        // Early needs nothing more.
        assert_eq!(
            kind(&org(3, Level3::Low, Level3::Low), &facts),
            Some(Kind::HubAndSpoke)
        );
    }

    /// A change as JSON gives it, applied: read back from its fact and value alone.
    fn apply(change: &FactValue, org: &mut Organisation, facts: &mut Facts) {
        let level = || match change.value.as_str() {
            "low" => Level3::Low,
            "medium" => Level3::Medium,
            "high" => Level3::High,
            other => panic!("not a level: {other}"),
        };
        let bound =
            |v: &str| -> f64 { v.trim_start_matches(['<', '>', '=', ' ']).parse().unwrap() };
        match (change.fact.as_str(), change.value.as_str()) {
            ("data_maturity", _) => org.data_maturity = Some(level()),
            ("ai_talent", _) => org.ai_talent = Some(level()),
            ("unit_distinctness", _) => org.unit_distinctness = Some(level()),
            ("regulatory_diversity", _) => org.regulatory_diversity = Some(level()),
            ("months_in_production", v) if v.starts_with(">=") => {
                org.months_in_production = Some(bound(v) as u32);
            }
            ("months_in_production", v) => org.months_in_production = Some(bound(v) as u32 - 1),
            ("business_units", "1") => org.business_units = Some(1),
            ("business_units", v) => org.business_units = Some(bound(v) as u32 + 5),
            ("mean_readiness", v) => facts.mean_readiness = Some(bound(v)),
            ("readiness_spread", v) => facts.readiness_spread = Some(bound(v) - 0.1),
            other => panic!("unknown change {other:?}"),
        }
    }

    #[test]
    fn every_change_offered_leads_where_it_says() {
        use Level3::{High, Low, Medium};
        let facts = [
            measured(30.0, 40.0),
            measured(60.0, 10.0),
            measured(90.0, 5.0),
        ];
        let mut checked = 0;
        for months in [0, 30] {
            for talent in [Low, Medium, High] {
                for data in [Low, Medium, High] {
                    for distinct in [None, Some(Low), Some(High)] {
                        for f in &facts {
                            let o = Organisation {
                                business_units: Some(3),
                                unit_distinctness: distinct,
                                ..org(months, talent, data)
                            };
                            let Some(current) = kind(&o, f) else { continue };
                            for change in changes::alternatives(&RULES, &o, f, current) {
                                assert_ne!(change.archetype, current);
                                assert!((1..=2).contains(&change.routes.len()));
                                for route in &change.routes {
                                    assert!((1..=3).contains(&route.len()));
                                    let (mut o2, mut f2) = (o, f.clone());
                                    for c in route {
                                        apply(c, &mut o2, &mut f2);
                                    }
                                    assert_eq!(
                                        kind(&o2, &f2),
                                        Some(change.archetype),
                                        "{change:?}"
                                    );
                                    checked += 1;
                                }
                                let label = change.archetype.label();
                                assert!(
                                    change.text.to_lowercase().starts_with(label)
                                        && change.text.contains(" would suit with "),
                                    "{}",
                                    change.text
                                );
                            }
                        }
                    }
                }
            }
        }
        assert!(checked >= 100, "only {checked} changes checked");
    }
}
