//! What would change the advice: changes to the facts are tried one at a time, then two, then
//! three, and for each other archetype the routes of fewest changes that lead to it are kept.
//! Each route is the rules' own answer for those facts, the others as they are, so every
//! sentence is true of the rules by construction.

use super::{and_list, Change, Fact, FactValue, Facts, Kind, Outcome, Rules};
use super::{FIRST_PHASE_MONTHS, UNEVEN_SPREAD};
use crate::assessment::Organisation;
use crate::questionnaire::Level3;

/// The most facts changed together in one route.
const MOST_CHANGES: usize = 3;
/// The most routes a sentence gives to one archetype.
const MOST_ROUTES: usize = 2;

/// For each archetype other than `current`, the routes of fewest changes (at most
/// [`MOST_CHANGES`] facts each, at most [`MOST_ROUTES`] routes, one per set of facts changed)
/// that lead to it, in archetype order; an archetype no such route reaches is left out.
pub(super) fn alternatives(
    rules: &Rules,
    org: &Organisation,
    facts: &Facts,
    current: Kind,
) -> Vec<Change> {
    let candidates = candidates(rules, org, facts);
    // Per archetype: the size of its shortest routes, and those routes.
    let mut found: Vec<(Kind, usize, Vec<Vec<Candidate>>)> = Vec::new();
    for size in 1..=MOST_CHANGES {
        for set in combinations(candidates.len(), size) {
            let route: Vec<Candidate> = set.iter().map(|&i| candidates[i]).collect();
            // One value per fact.
            if route
                .iter()
                .enumerate()
                .any(|(i, c)| route[..i].iter().any(|d| d.fact() == c.fact()))
            {
                continue;
            }
            let (mut changed_org, mut changed_facts) = (*org, facts.clone());
            for c in &route {
                c.apply(&mut changed_org, &mut changed_facts);
            }
            let Outcome::Advice { kind, .. } = rules.decide(&changed_org, &changed_facts) else {
                continue;
            };
            if kind == current {
                continue;
            }
            match found.iter_mut().find(|(k, _, _)| *k == kind) {
                None => found.push((kind, size, vec![route])),
                Some((_, shortest, routes)) => {
                    let same_facts = |other: &Vec<Candidate>| {
                        other
                            .iter()
                            .map(|c| c.fact())
                            .eq(route.iter().map(|c| c.fact()))
                    };
                    if *shortest == size
                        && routes.len() < MOST_ROUTES
                        && !routes.iter().any(same_facts)
                    {
                        routes.push(route);
                    }
                }
            }
        }
    }
    found.sort_by_key(|(kind, _, _)| Kind::ALL.iter().position(|k| k == kind));
    found
        .into_iter()
        .map(|(kind, _, routes)| {
            let phrases: Vec<String> = routes
                .iter()
                .map(|route| {
                    let changes: Vec<String> = route.iter().map(|c| c.phrase()).collect();
                    format!("with {}", and_list(&changes))
                })
                .collect();
            let label = kind.label();
            let mut text = label[..1].to_uppercase() + &label[1..];
            text.push_str(&format!(" would suit {}.", phrases.join(", or ")));
            Change {
                archetype: kind,
                routes: routes
                    .iter()
                    .map(|route| {
                        route
                            .iter()
                            .map(|c| FactValue {
                                fact: c.fact().id().to_string(),
                                value: c.value(),
                            })
                            .collect()
                    })
                    .collect(),
                text,
            }
        })
        .collect()
}

/// A change to one fact.
#[derive(Debug, Clone, Copy)]
enum Candidate {
    DataMaturity(Level3),
    AiTalent(Level3),
    /// `true`: [`FIRST_PHASE_MONTHS`] or more; `false`: fewer.
    Months(bool),
    /// The mean readiness of the assessed processes at this value or more.
    MeanReadiness(f64),
    /// The assessed processes' readiness less than [`UNEVEN_SPREAD`] points apart.
    EvenReadiness,
    /// `true`: two or more; `false`: one.
    SeveralUnits(bool),
    UnitDistinctness(Level3),
    RegulatoryDiversity(Level3),
}

const LEVELS: [Level3; 3] = [Level3::Low, Level3::Medium, Level3::High];

/// The changes worth trying, in the order they are preferred. What the organisation builds
/// (data maturity, AI talent, time in production, the readiness its processes reach) only
/// grows; how its units differ is a judgement a consultant may revisit, either way; a fact not
/// given may take any value. The number of business units, once given, stays.
fn candidates(rules: &Rules, org: &Organisation, facts: &Facts) -> Vec<Candidate> {
    let raised = |given: Option<Level3>| -> Vec<Level3> {
        LEVELS
            .into_iter()
            .filter(|&l| given.is_none_or(|g| l > g))
            .collect()
    };
    let other = |given: Option<Level3>| -> Vec<Level3> {
        LEVELS.into_iter().filter(|&l| Some(l) != given).collect()
    };
    let mut found: Vec<Candidate> = Vec::new();
    found.extend(
        raised(org.data_maturity)
            .into_iter()
            .map(Candidate::DataMaturity),
    );
    found.extend(raised(org.ai_talent).into_iter().map(Candidate::AiTalent));
    match org.months_in_production {
        None => found.extend([Candidate::Months(false), Candidate::Months(true)]),
        Some(m) if m < FIRST_PHASE_MONTHS => found.push(Candidate::Months(true)),
        Some(_) => {}
    }
    if let Some(mean) = facts.mean_readiness {
        found.extend(
            [rules.early_below, rules.mature_at]
                .into_iter()
                .filter(|&threshold| mean < threshold)
                .map(Candidate::MeanReadiness),
        );
    }
    if facts.readiness_spread.is_some_and(|s| s >= UNEVEN_SPREAD) {
        found.push(Candidate::EvenReadiness);
    }
    if org.business_units.is_none() {
        found.extend([
            Candidate::SeveralUnits(false),
            Candidate::SeveralUnits(true),
        ]);
    }
    found.extend(
        other(org.unit_distinctness)
            .into_iter()
            .map(Candidate::UnitDistinctness),
    );
    found.extend(
        other(org.regulatory_diversity)
            .into_iter()
            .map(Candidate::RegulatoryDiversity),
    );
    found
}

impl Candidate {
    fn fact(self) -> Fact {
        match self {
            Candidate::DataMaturity(_) => Fact::DataMaturity,
            Candidate::AiTalent(_) => Fact::AiTalent,
            Candidate::Months(_) => Fact::MonthsInProduction,
            Candidate::MeanReadiness(_) => Fact::MeanReadiness,
            Candidate::EvenReadiness => Fact::ReadinessSpread,
            Candidate::SeveralUnits(_) => Fact::BusinessUnits,
            Candidate::UnitDistinctness(_) => Fact::UnitDistinctness,
            Candidate::RegulatoryDiversity(_) => Fact::RegulatoryDiversity,
        }
    }

    fn apply(self, org: &mut Organisation, facts: &mut Facts) {
        match self {
            Candidate::DataMaturity(l) => org.data_maturity = Some(l),
            Candidate::AiTalent(l) => org.ai_talent = Some(l),
            Candidate::Months(true) => org.months_in_production = Some(FIRST_PHASE_MONTHS),
            Candidate::Months(false) => org.months_in_production = Some(0),
            Candidate::MeanReadiness(at_least) => facts.mean_readiness = Some(at_least),
            Candidate::EvenReadiness => facts.readiness_spread = Some(0.0),
            Candidate::SeveralUnits(true) => org.business_units = Some(2),
            Candidate::SeveralUnits(false) => org.business_units = Some(1),
            Candidate::UnitDistinctness(l) => org.unit_distinctness = Some(l),
            Candidate::RegulatoryDiversity(l) => org.regulatory_diversity = Some(l),
        }
    }

    /// The value as JSON gives it: a level, or a bound such as `>= 24`.
    fn value(self) -> String {
        match self {
            Candidate::DataMaturity(l)
            | Candidate::AiTalent(l)
            | Candidate::UnitDistinctness(l)
            | Candidate::RegulatoryDiversity(l) => l.as_str().to_string(),
            Candidate::Months(true) => format!(">= {FIRST_PHASE_MONTHS}"),
            Candidate::Months(false) => format!("< {FIRST_PHASE_MONTHS}"),
            Candidate::MeanReadiness(at_least) => format!(">= {at_least}"),
            Candidate::EvenReadiness => format!("< {UNEVEN_SPREAD}"),
            Candidate::SeveralUnits(true) => ">= 2".to_string(),
            Candidate::SeveralUnits(false) => "1".to_string(),
        }
    }

    /// The change in prose, after "with".
    fn phrase(self) -> String {
        match self {
            Candidate::DataMaturity(l) => format!("data maturity {}", l.as_str()),
            Candidate::AiTalent(l) => format!("AI talent {}", l.as_str()),
            Candidate::Months(true) => {
                format!("{FIRST_PHASE_MONTHS} or more months with AI in production")
            }
            Candidate::Months(false) => {
                format!("under {FIRST_PHASE_MONTHS} months with AI in production")
            }
            Candidate::MeanReadiness(at_least) => {
                format!("mean readiness {at_least} or more")
            }
            Candidate::EvenReadiness => {
                format!("the assessed processes' readiness less than {UNEVEN_SPREAD} points apart")
            }
            Candidate::SeveralUnits(true) => "two or more business units".to_string(),
            Candidate::SeveralUnits(false) => "a single business unit".to_string(),
            Candidate::UnitDistinctness(l) => format!("unit distinctness {}", l.as_str()),
            Candidate::RegulatoryDiversity(l) => format!("regulatory diversity {}", l.as_str()),
        }
    }
}

/// Every set of `size` indices below `n`, each ascending, in lexicographic order.
fn combinations(n: usize, size: usize) -> Vec<Vec<usize>> {
    fn extend(
        start: usize,
        n: usize,
        size: usize,
        prefix: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
    ) {
        if prefix.len() == size {
            out.push(prefix.clone());
            return;
        }
        for i in start..n {
            prefix.push(i);
            extend(i + 1, n, size, prefix, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    extend(0, n, size, &mut Vec::new(), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::combinations;

    #[test]
    fn combinations_are_every_ascending_set_in_order() {
        assert_eq!(
            combinations(4, 2),
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
        assert_eq!(combinations(2, 3), Vec::<Vec<usize>>::new());
        assert_eq!(combinations(3, 1).len(), 3);
    }
}
