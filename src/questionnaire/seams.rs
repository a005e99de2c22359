//! Seams: the joins between two parts of the operating model where failures sit (a process and
//! the data that feeds it; the person who decides and the system that records the decision; the
//! team that owns an outcome and the governance that monitors it; handoffs nobody owns). A
//! questionnaire declares them in its optional `seams:` list; this module holds their file
//! format, which questions each side selects, and their validation.

use std::collections::{BTreeSet, HashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{DimensionRole, Questionnaire};
use super::suggest;
use super::validate::Checker;

/// A join between two parts of the operating model. AI amplifies what happens there: a strong
/// side pushes volume and speed across a weak join.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seam {
    /// Identifier, unique among the seams; reports and the plan refer to it.
    pub id: String,
    /// Human name, e.g. "Process and the data that feeds it".
    pub name: String,
    /// Exactly two sides, each selecting the questions that measure it.
    #[schemars(length(min = 2, max = 2))]
    pub sides: Vec<SeamSide>,
    /// What goes wrong when the join is weak, in one or two sentences.
    pub risk: String,
    /// Ids of actions defined under questions that mend the join; the plan takes them up for a
    /// process where the seam is at risk.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<String>,
}

/// One side of a seam: the questions given by id, every question of the groups named, and every
/// question of the dimensions that declare one of the roles.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SeamSide {
    /// Human name of this side, e.g. "Data feeding the process".
    pub name: String,
    /// Question ids on this side.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<String>,
    /// Dimension roles on this side: every question of every dimension declaring one of them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<DimensionRole>,
    /// Group (practice) ids on this side: every question of each group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<String>,
}

impl SeamSide {
    /// The indices of the questions this side selects, in questionnaire order, each once.
    pub fn select(&self, q: &Questionnaire) -> Vec<usize> {
        let roles: HashMap<&str, Option<DimensionRole>> = q
            .dimensions
            .iter()
            .map(|d| (d.id.as_str(), d.role))
            .collect();
        q.questions
            .iter()
            .enumerate()
            .filter(|(_, question)| {
                self.questions.contains(&question.id)
                    || question
                        .group
                        .as_ref()
                        .is_some_and(|g| self.groups.contains(g))
                    || roles
                        .get(question.dimension.as_str())
                        .copied()
                        .flatten()
                        .is_some_and(|role| self.roles.contains(&role))
            })
            .map(|(i, _)| i)
            .collect()
    }
}

/// Every problem of the questionnaire's seams: unique and valid ids, a name and a risk, exactly
/// two sides, each selecting at least one question and none the other side selects, every
/// question, role and action known.
pub(super) fn check(q: &Questionnaire, c: &mut Checker<'_>) {
    let question_ids: Vec<&str> = q.questions.iter().map(|x| x.id.as_str()).collect();
    let action_ids: Vec<&str> = q.actions().map(|(_, a)| a.id.as_str()).collect();
    let declared: BTreeSet<DimensionRole> = q.dimensions.iter().filter_map(|d| d.role).collect();
    let mut seen = HashMap::new();
    for (i, seam) in q.seams.iter().enumerate() {
        let path = format!("seams[{i}]");
        c.id(&format!("{path}.id"), "seam", &seam.id);
        c.unique(&mut seen, &format!("{path}.id"), "seam", &seam.id);
        c.text(
            &format!("{path}.name"),
            &format!("name of seam `{}`", seam.id),
            &seam.name,
        );
        c.text(
            &format!("{path}.risk"),
            &format!("risk of seam `{}`", seam.id),
            &seam.risk,
        );
        if seam.sides.len() != 2 {
            c.error(
                &format!("{path}.sides"),
                format!(
                    "seam `{}` has {} {}; a seam joins exactly two",
                    seam.id,
                    seam.sides.len(),
                    if seam.sides.len() == 1 {
                        "side"
                    } else {
                        "sides"
                    }
                ),
            );
        }
        let mut selections: Vec<Option<Vec<usize>>> = Vec::new();
        for (j, side) in seam.sides.iter().enumerate() {
            let side_path = format!("{path}.sides[{j}]");
            selections.push(check_side(
                q,
                c,
                (&seam.id, &side_path),
                side,
                (&question_ids, &declared),
            ));
        }
        if let [Some(first), Some(second)] = selections.as_slice() {
            let both: Vec<String> = first
                .iter()
                .filter(|qi| second.contains(qi))
                .map(|&qi| format!("`{}`", q.questions[qi].id))
                .collect();
            if !both.is_empty() {
                c.error(
                    &format!("{path}.sides[1]"),
                    format!(
                        "both sides of seam `{}` select {}; a question belongs to one side of a join",
                        seam.id,
                        suggest::all_of(&both.iter().map(String::as_str).collect::<Vec<_>>())
                    ),
                );
            }
        }
        for (k, action) in seam.actions.iter().enumerate() {
            if !action_ids.contains(&action.as_str()) {
                c.error(
                    &format!("{path}.actions[{k}]"),
                    format!(
                        "seam `{}` names unknown action `{action}`{}",
                        seam.id,
                        suggest::did_you_mean(action, action_ids.iter().copied())
                    ),
                );
                continue;
            }
            // The plan places a seam's action by its own question and says it closes that
            // question's gap: the question must be on one side of the join.
            let owner = q
                .questions
                .iter()
                .position(|x| x.actions.iter().any(|a| a.id == *action));
            if let ([Some(first), Some(second)], Some(qi)) = (selections.as_slice(), owner) {
                if !first.contains(&qi) && !second.contains(&qi) {
                    c.error(
                        &format!("{path}.actions[{k}]"),
                        format!(
                            "action `{action}` of seam `{}` belongs to question `{}`, on neither \
                             side of the seam; a seam's actions mend one of its sides",
                            seam.id, q.questions[qi].id
                        ),
                    );
                }
            }
        }
    }
}

/// Checks one side; its selection when every id and role it names is known.
fn check_side(
    q: &Questionnaire,
    c: &mut Checker<'_>,
    (seam, path): (&str, &str),
    side: &SeamSide,
    (question_ids, declared): (&[&str], &BTreeSet<DimensionRole>),
) -> Option<Vec<usize>> {
    c.text(
        &format!("{path}.name"),
        &format!("name of a side of seam `{seam}`"),
        &side.name,
    );
    let mut known = true;
    for (k, id) in side.questions.iter().enumerate() {
        if !question_ids.contains(&id.as_str()) {
            known = false;
            c.error(
                &format!("{path}.questions[{k}]"),
                format!(
                    "seam `{seam}` names unknown question `{id}`{}",
                    suggest::did_you_mean(id, question_ids.iter().copied())
                ),
            );
        }
    }
    let group_ids: Vec<&str> = q.groups().map(|(_, g)| g.id.as_str()).collect();
    for (k, id) in side.groups.iter().enumerate() {
        if !group_ids.contains(&id.as_str()) {
            known = false;
            c.error(
                &format!("{path}.groups[{k}]"),
                format!(
                    "seam `{seam}` names unknown group `{id}`{}",
                    suggest::did_you_mean(id, group_ids.iter().copied())
                ),
            );
        }
    }
    for (k, role) in side.roles.iter().enumerate() {
        if !declared.contains(role) {
            known = false;
            let names: Vec<&str> = declared.iter().map(|r| r.as_str()).collect();
            c.error(
                &format!("{path}.roles[{k}]"),
                format!(
                    "seam `{seam}` names role `{}`, which no dimension declares{}",
                    role.as_str(),
                    if names.is_empty() {
                        " (no dimension declares a role)".to_string()
                    } else {
                        format!(" (declared: {})", names.join(", "))
                    }
                ),
            );
        }
    }
    if !known {
        return None;
    }
    let selected = side.select(q);
    if selected.is_empty() {
        c.error(
            path,
            format!(
                "side `{}` of seam `{seam}` selects no question: give `questions:` ids, `groups:` with questions or `roles:` of dimensions that have questions",
                side.name.trim()
            ),
        );
        return None;
    }
    Some(selected)
}
