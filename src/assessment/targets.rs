//! The client's target profile: `targets:` in engagement.yaml sets the level each question must
//! reach, per question, per group or per dimension, over the questionnaire's `target:`. The most
//! specific wins: question, then group, then dimension, then the questionnaire. Applied once when
//! the engagement loads, so the verdict, the gaps, the plan and what-if all read the effective
//! targets; the record of what the engagement set goes to the reports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::questionnaire::suggest;
use crate::questionnaire::yaml::Locator;
use crate::questionnaire::{Diagnostic, Questionnaire};

/// `targets:` in engagement.yaml: levels by dimension, group and question id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Targets {
    /// A level index for every question of the dimension.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub dimensions: BTreeMap<String, usize>,
    /// A level index for every question of the group (practice).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, usize>,
    /// A level index for the question.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<String, usize>,
}

impl Targets {
    pub fn is_empty(&self) -> bool {
        self.dimensions.is_empty() && self.groups.is_empty() && self.questions.is_empty()
    }
}

/// What an entry of the target profile names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetScope {
    Dimension,
    Group,
    Question,
}

impl TargetScope {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetScope::Dimension => "dimension",
            TargetScope::Group => "group",
            TargetScope::Question => "question",
        }
    }

    /// The key of its map in `targets:`.
    fn key(self) -> &'static str {
        match self {
            TargetScope::Dimension => "dimensions",
            TargetScope::Group => "groups",
            TargetScope::Question => "questions",
        }
    }
}

/// One question whose target the engagement set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Override {
    pub question: String,
    /// The target the questionnaire gives it.
    pub questionnaire_target: usize,
    /// The target in force.
    pub target: usize,
    /// The entry that set it: its scope and id.
    pub scope: TargetScope,
    pub id: String,
}

/// Applies `targets` to `q`'s questions, returning what it changed (in questionnaire order), or
/// every problem: an id the questionnaire does not have, a level beyond a question's scale.
/// `file` names engagement.yaml in messages.
pub fn apply(
    targets: &Targets,
    q: &mut Questionnaire,
    file: &str,
    locator: &Locator,
) -> Result<Vec<Override>, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let at = |scope: TargetScope, id: &str| locator.find(&format!("targets.{}.{id}", scope.key()));
    let dimension_ids: Vec<&str> = q.dimensions.iter().map(|d| d.id.as_str()).collect();
    let group_ids: Vec<&str> = q.groups().map(|(_, g)| g.id.as_str()).collect();
    let question_ids: Vec<&str> = q.questions.iter().map(|x| x.id.as_str()).collect();
    for (scope, map, known) in [
        (TargetScope::Dimension, &targets.dimensions, &dimension_ids),
        (TargetScope::Group, &targets.groups, &group_ids),
        (TargetScope::Question, &targets.questions, &question_ids),
    ] {
        for id in map.keys() {
            if !known.contains(&id.as_str()) {
                let listed = if known.is_empty() {
                    format!(" (it has no {})", scope.key())
                } else {
                    suggest::did_you_mean(id, known.iter().copied())
                };
                problems.push(
                    Diagnostic::error(
                        file,
                        format!(
                            "targets names unknown {} `{id}`: questionnaire `{}` has no such {}{listed}",
                            scope.as_str(),
                            q.id,
                            scope.as_str()
                        ),
                    )
                    .at(at(scope, id)),
                );
            }
        }
    }
    let mut overrides = Vec::new();
    for question in &q.questions {
        let chosen = targets
            .questions
            .get(&question.id)
            .map(|&t| (t, TargetScope::Question, question.id.as_str()))
            .or_else(|| {
                let group = question.group.as_deref()?;
                let &t = targets.groups.get(group)?;
                Some((t, TargetScope::Group, group))
            })
            .or_else(|| {
                let &t = targets.dimensions.get(&question.dimension)?;
                Some((t, TargetScope::Dimension, question.dimension.as_str()))
            });
        let Some((target, scope, id)) = chosen else {
            continue;
        };
        let top = q
            .scale(&question.scale)
            .map_or(0, |s| s.levels.len().saturating_sub(1));
        if target > top {
            let message = match scope {
                TargetScope::Question => {
                    format!("target {target} for question `{id}` is outside its scale (0 to {top})")
                }
                _ => format!(
                    "target {target} for {} `{id}` is outside the scale of its question `{}` \
                     (0 to {top}); give a lower level, or give `{}` its own target under \
                     `questions:`",
                    scope.as_str(),
                    question.id,
                    question.id
                ),
            };
            problems.push(
                Diagnostic::error(file, message)
                    .at(locator.find_value(&format!("targets.{}.{id}", scope.key()))),
            );
            continue;
        }
        overrides.push(Override {
            question: question.id.clone(),
            questionnaire_target: question.target,
            target,
            scope,
            id: id.to_string(),
        });
    }
    if !problems.is_empty() {
        problems.sort_by_key(|d| (d.line.unwrap_or(0), d.column.unwrap_or(0)));
        return Err(problems);
    }
    for o in &overrides {
        if let Some(question) = q.questions.iter_mut().find(|x| x.id == o.question) {
            question.target = o.target;
        }
    }
    Ok(overrides)
}
