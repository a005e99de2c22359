//! Checks a parsed questionnaire and reports every problem found, each with its position.

use std::collections::HashMap;

use super::diagnostic::Diagnostic;
use super::graph;
use super::model::Questionnaire;
use super::suggest;
use super::yaml::Locator;

/// Largest weight accepted. Weights are relative, so this loses nothing; it keeps every sum of
/// weighted scores far from overflowing to infinity (and readiness from becoming NaN).
pub const MAX_WEIGHT: f64 = 1000.0;
/// The longest title a question or action may have, so that it fits a roadmap line.
pub const MAX_TITLE_CHARS: usize = 60;

/// Is `id` safe as an identifier and as a file name: `^[a-z][a-z0-9_-]*$`, at most 64 characters.
pub fn is_safe_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase())
        && id.len() <= 64
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// The rule `is_safe_id` enforces, for messages.
pub const SAFE_ID_RULE: &str =
    "ids start with a lowercase letter and use only a-z, 0-9, '_' and '-' (at most 64 characters)";

/// What collects a questionnaire's problems as they are found, each at its position.
pub(super) struct Checker<'a> {
    file: &'a str,
    locator: &'a Locator,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    pub(super) fn error(&mut self, path: &str, message: String) {
        self.found
            .push(Diagnostic::error(self.file, message).at(self.locator.find(path)));
    }

    fn warning(&mut self, path: &str, message: String) {
        self.found
            .push(Diagnostic::warning(self.file, message).at(self.locator.find(path)));
    }

    pub(super) fn id(&mut self, path: &str, kind: &str, id: &str) {
        if !is_safe_id(id) {
            self.error(
                path,
                format!("{kind} id `{id}` is not valid: {SAFE_ID_RULE}"),
            );
        }
    }

    pub(super) fn text(&mut self, path: &str, what: &str, text: &str) {
        if text.trim().is_empty() {
            self.error(path, format!("{what} is empty"));
        }
    }

    /// A short title: one line, not empty, at most [`MAX_TITLE_CHARS`] characters.
    fn title(&mut self, path: &str, what: &str, title: Option<&str>) {
        let Some(title) = title else { return };
        if title.trim().is_empty() {
            self.error(
                path,
                format!("{what} is empty; give a short title or leave it out"),
            );
        } else if title.contains(['\n', '\r']) {
            self.error(path, format!("{what} must be one line"));
        } else if title.chars().count() > MAX_TITLE_CHARS {
            self.error(
                path,
                format!(
                    "{what} has {} characters; a title is at most {MAX_TITLE_CHARS} (put the detail in the text)",
                    title.chars().count()
                ),
            );
        }
    }

    fn weight(&mut self, path: &str, what: &str, weight: f64) {
        if !(weight.is_finite() && weight > 0.0 && weight <= MAX_WEIGHT) {
            self.error(
                path,
                format!(
                    "{what} weight must be a number above 0 and at most {MAX_WEIGHT}, found {}",
                    if weight.abs() >= 1e6 {
                        format!("{weight:e}")
                    } else {
                        weight.to_string()
                    }
                ),
            );
        }
    }

    /// Records `id` as seen at `path`; reports a repeat with the first one's line.
    pub(super) fn unique(
        &mut self,
        seen: &mut HashMap<String, String>,
        path: &str,
        kind: &str,
        id: &str,
    ) {
        if let Some(first) = seen.get(id) {
            let first_line = self
                .locator
                .find(first)
                .map(|(line, _)| format!(" (first at line {line})"))
                .unwrap_or_default();
            self.error(path, format!("duplicate {kind} id `{id}`{first_line}"));
        } else {
            seen.insert(id.to_string(), path.to_string());
        }
    }
}

/// How many months an answer stays fresh when neither the questionnaire nor the engagement
/// says.
pub const DEFAULT_FRESHNESS_MONTHS: u32 = 6;
/// The longest freshness window a questionnaire or an engagement may set: ten years.
pub const MAX_FRESHNESS_MONTHS: u32 = 120;

/// What is wrong with a freshness window of `months`, if anything.
pub fn freshness_months_problem(months: u32) -> Option<String> {
    (!(1..=MAX_FRESHNESS_MONTHS).contains(&months)).then(|| {
        format!(
            "freshness_months is {months}; give the months an answer stays fresh, 1 to \
             {MAX_FRESHNESS_MONTHS} (or leave it out for {DEFAULT_FRESHNESS_MONTHS})"
        )
    })
}

/// Every problem in `q`, errors and warnings, in file order.
pub fn validate(q: &Questionnaire, file: &str, locator: &Locator) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        locator,
        found: Vec::new(),
    };
    c.id("id", "questionnaire", &q.id);
    c.text("version", "version", &q.version);
    c.text("title", "title", &q.title);
    if let Some(message) = q.freshness_months.and_then(freshness_months_problem) {
        c.error("freshness_months", message);
    }

    let mut scale_ids = HashMap::new();
    for (i, scale) in q.scales.iter().enumerate() {
        let path = format!("scales[{i}]");
        c.id(&format!("{path}.id"), "scale", &scale.id);
        c.unique(&mut scale_ids, &format!("{path}.id"), "scale", &scale.id);
        if scale.levels.len() < 2 {
            c.error(
                &format!("{path}.levels"),
                format!("scale `{}` needs at least two levels", scale.id),
            );
        }
        let mut previous: Option<f64> = None;
        for (l, level) in scale.levels.iter().enumerate() {
            let level_path = format!("{path}.levels[{l}]");
            c.text(&format!("{level_path}.label"), "level label", &level.label);
            let value = scale.value(l);
            if !value.is_finite() || value < 0.0 {
                c.error(
                    &format!("{level_path}.value"),
                    format!("level value must be a number of 0 or more, found {value}"),
                );
            } else if previous.is_some_and(|p| value <= p) {
                c.error(
                    &format!("{level_path}.value"),
                    format!(
                        "level values of scale `{}` must increase with the level",
                        scale.id
                    ),
                );
            }
            previous = Some(value);
        }
        if scale.levels.len() >= 2 && scale.max_value() <= 0.0 {
            c.error(
                &format!("{path}.levels"),
                format!(
                    "the top level of scale `{}` must be worth more than 0",
                    scale.id
                ),
            );
        }
    }

    if q.dimensions.is_empty() {
        c.error(
            "dimensions",
            "a questionnaire needs at least one dimension".into(),
        );
    }
    let mut dimension_ids = HashMap::new();
    for (i, dimension) in q.dimensions.iter().enumerate() {
        let path = format!("dimensions[{i}]");
        c.id(&format!("{path}.id"), "dimension", &dimension.id);
        c.unique(
            &mut dimension_ids,
            &format!("{path}.id"),
            "dimension",
            &dimension.id,
        );
        c.text(&format!("{path}.name"), "dimension name", &dimension.name);
        c.weight(&format!("{path}.weight"), "dimension", dimension.weight);
        check_bands(
            &mut c,
            &format!("{path}.bands"),
            &format!("dimension `{}`", dimension.id),
            &dimension.bands,
        );
    }
    let group_ids = check_groups(q, &mut c, &dimension_ids);
    check_native_score(q, &mut c);

    if q.questions.is_empty() {
        c.error(
            "questions",
            "a questionnaire needs at least one question".into(),
        );
    }
    let mut question_ids = HashMap::new();
    let mut action_ids: HashMap<String, String> = HashMap::new();
    for (i, question) in q.questions.iter().enumerate() {
        let path = format!("questions[{i}]");
        c.id(&format!("{path}.id"), "question", &question.id);
        c.unique(
            &mut question_ids,
            &format!("{path}.id"),
            "question",
            &question.id,
        );
        if !dimension_ids.contains_key(&question.dimension) {
            c.error(
                &format!("{path}.dimension"),
                format!(
                    "question `{}` names unknown dimension `{}`{}",
                    question.id,
                    question.dimension,
                    suggest::did_you_mean(
                        &question.dimension,
                        dimension_ids.keys().map(String::as_str)
                    )
                ),
            );
        }
        check_question_group(q, &mut c, &path, question, &group_ids);
        c.text(
            &format!("{path}.text"),
            &format!("text of question `{}`", question.id),
            &question.text,
        );
        c.title(
            &format!("{path}.title"),
            &format!("title of question `{}`", question.id),
            question.title.as_deref(),
        );
        c.weight(
            &format!("{path}.weight"),
            &format!("question `{}`", question.id),
            question.weight,
        );
        for (l, descriptor) in question.levels.iter().enumerate() {
            c.text(
                &format!("{path}.levels[{l}]"),
                &format!("descriptor of level {l} of question `{}`", question.id),
                descriptor,
            );
        }
        match q.scale(&question.scale) {
            None => c.error(
                &format!("{path}.scale"),
                format!(
                    "question `{}` names unknown scale `{}`{}",
                    question.id,
                    question.scale,
                    suggest::did_you_mean(&question.scale, q.scales.iter().map(|s| s.id.as_str()))
                ),
            ),
            Some(scale) => {
                let top = scale.levels.len().saturating_sub(1);
                if question.levels.len() != scale.levels.len() {
                    c.error(
                        &format!("{path}.levels"),
                        format!(
                            "question `{}` has {} level descriptors but scale `{}` has {} levels",
                            question.id,
                            question.levels.len(),
                            scale.id,
                            scale.levels.len()
                        ),
                    );
                }
                if question.target > top {
                    c.error(
                        &format!("{path}.target"),
                        format!(
                            "target {} of question `{}` is outside its scale (0 to {top})",
                            question.target, question.id
                        ),
                    );
                }
                if let Some(gate) = &question.gate {
                    if gate.min_level > top {
                        c.error(
                            &format!("{path}.gate.min_level"),
                            format!(
                                "gate level {} of question `{}` is outside its scale (0 to {top})",
                                gate.min_level, question.id
                            ),
                        );
                    }
                }
            }
        }
        for (a, action) in question.actions.iter().enumerate() {
            let action_path = format!("{path}.actions[{a}]");
            c.id(&format!("{action_path}.id"), "action", &action.id);
            c.unique(
                &mut action_ids,
                &format!("{action_path}.id"),
                "action",
                &action.id,
            );
            c.text(
                &format!("{action_path}.text"),
                &format!("text of action `{}`", action.id),
                &action.text,
            );
            c.title(
                &format!("{action_path}.title"),
                &format!("title of action `{}`", action.id),
                action.title.as_deref(),
            );
            c.text(
                &format!("{action_path}.owner"),
                &format!("owner of action `{}`", action.id),
                &action.owner,
            );
            if action.weeks == 0 || action.weeks > 260 {
                c.error(
                    &format!("{action_path}.weeks"),
                    format!(
                        "weeks of action `{}` must be from 1 to 260, found {}",
                        action.id, action.weeks
                    ),
                );
            }
        }
    }
    for dimension in &q.dimensions {
        if !q
            .questions
            .iter()
            .any(|question| question.dimension == dimension.id)
        {
            let path = dimension_ids
                .get(&dimension.id)
                .cloned()
                .unwrap_or_default();
            c.warning(
                &path,
                format!("dimension `{}` has no questions", dimension.id),
            );
        }
    }

    for (dimension, group) in q.groups() {
        if !q
            .questions
            .iter()
            .any(|question| question.group.as_deref() == Some(group.id.as_str()))
        {
            let path = group_ids.get(&group.id).cloned().unwrap_or_default();
            c.warning(
                &path,
                format!(
                    "group `{}` of dimension `{}` has no questions",
                    group.id, dimension.id
                ),
            );
        }
    }

    check_executive_roles(q, &mut c);
    check_dependencies(q, &mut c);
    super::seams::check(q, &mut c);
    c.found
        .sort_by_key(|d| (d.line.unwrap_or(0), d.column.unwrap_or(0)));
    c.found
}

/// The groups of every dimension: valid ids, unique across groups and dimensions, a name, a
/// weight, bands. Returns where each group id is declared.
fn check_groups(
    q: &Questionnaire,
    c: &mut Checker<'_>,
    dimension_ids: &HashMap<String, String>,
) -> HashMap<String, String> {
    let mut group_ids = HashMap::new();
    for (i, dimension) in q.dimensions.iter().enumerate() {
        for (g, group) in dimension.groups.iter().enumerate() {
            let path = format!("dimensions[{i}].groups[{g}]");
            c.id(&format!("{path}.id"), "group", &group.id);
            if let Some(first) = dimension_ids.get(&group.id) {
                let line = c
                    .locator
                    .find(first)
                    .map(|(line, _)| format!(" (line {line})"))
                    .unwrap_or_default();
                c.error(
                    &format!("{path}.id"),
                    format!(
                        "group id `{}` is also a dimension's id{line}; ids of groups and \
                         dimensions are unique across the questionnaire",
                        group.id
                    ),
                );
            }
            c.unique(&mut group_ids, &format!("{path}.id"), "group", &group.id);
            c.text(
                &format!("{path}.name"),
                &format!("name of group `{}`", group.id),
                &group.name,
            );
            c.weight(
                &format!("{path}.weight"),
                &format!("group `{}`", group.id),
                group.weight,
            );
            check_bands(
                c,
                &format!("{path}.bands"),
                &format!("group `{}`", group.id),
                &group.bands,
            );
        }
    }
    group_ids
}

/// A question's `group:`: required when its dimension declares groups, one of that
/// dimension's groups, and absent when it declares none.
fn check_question_group(
    q: &Questionnaire,
    c: &mut Checker<'_>,
    path: &str,
    question: &super::model::Question,
    group_ids: &HashMap<String, String>,
) {
    let Some(dimension) = q.dimension(&question.dimension) else {
        return; // an unknown dimension is reported on its own
    };
    let own: Vec<&str> = dimension.groups.iter().map(|g| g.id.as_str()).collect();
    match &question.group {
        None if !own.is_empty() => c.error(
            &format!("{path}.id"),
            format!(
                "question `{}` names no group, but its dimension `{}` has groups; add \
                 `group:` with one of {}",
                question.id,
                dimension.id,
                suggest::one_of(
                    &own.iter()
                        .map(|g| format!("`{g}`"))
                        .collect::<Vec<_>>()
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                )
            ),
        ),
        None => {}
        Some(group) if own.contains(&group.as_str()) => {}
        Some(group) if own.is_empty() => c.error(
            &format!("{path}.group"),
            format!(
                "question `{}` names group `{group}`, but its dimension `{}` declares no groups",
                question.id, dimension.id
            ),
        ),
        Some(group) => match q.group(group) {
            Some((other, _)) if group_ids.contains_key(group) => c.error(
                &format!("{path}.group"),
                format!(
                    "question `{}` is in dimension `{}` but names group `{group}` of dimension \
                     `{}`; a question's group belongs to its dimension",
                    question.id, dimension.id, other.id
                ),
            ),
            _ => c.error(
                &format!("{path}.group"),
                format!(
                    "question `{}` names unknown group `{group}`{}",
                    question.id,
                    suggest::did_you_mean(group, own.iter().copied())
                ),
            ),
        },
    }
}

/// Bands: the first from 0, `from`s strictly increasing and below 100, each with a label.
fn check_bands(c: &mut Checker<'_>, path: &str, owner: &str, bands: &[super::model::Band]) {
    let mut previous: Option<f64> = None;
    for (b, band) in bands.iter().enumerate() {
        let band_path = format!("{path}[{b}]");
        let from = band.from;
        if b == 0 && from != 0.0 {
            c.error(
                &format!("{band_path}.from"),
                format!(
                    "the first band of {owner} starts at {from}; bands cover every score, so \
                     the first starts at 0"
                ),
            );
        } else if !from.is_finite() || !(0.0..100.0).contains(&from) {
            c.error(
                &format!("{band_path}.from"),
                format!("band `from` of {owner} must be from 0 to below 100, found {from}"),
            );
        } else if previous.is_some_and(|p| from <= p) {
            c.error(
                &format!("{band_path}.from"),
                format!(
                    "bands of {owner} must start at increasing scores: {from} follows {}",
                    previous.unwrap_or_default()
                ),
            );
        }
        previous = Some(from);
        let what = format!("label of a band of {owner}");
        if band.label.trim().is_empty() {
            c.error(&format!("{band_path}.label"), format!("{what} is empty"));
        } else {
            c.title(&format!("{band_path}.label"), &what, Some(&band.label));
        }
    }
}

/// The largest magnitude a native score's `min` or `max` may have: far beyond any model's
/// scale, and far from overflowing when scores are converted.
pub const MAX_NATIVE_BOUND: f64 = 1_000_000.0;

/// `native_score:`: a name, a range that grows, and at most four decimals.
fn check_native_score(q: &Questionnaire, c: &mut Checker<'_>) {
    let Some(native) = &q.native_score else {
        return;
    };
    c.text("native_score.name", "name of native_score", &native.name);
    let bounded = |x: f64| x.is_finite() && x.abs() <= MAX_NATIVE_BOUND;
    let shown = |x: f64| {
        if x.abs() >= 1e6 {
            format!("{x:e}")
        } else {
            x.to_string()
        }
    };
    if !bounded(native.min) || !bounded(native.max) {
        let at = if bounded(native.min) { "max" } else { "min" };
        c.error(
            &format!("native_score.{at}"),
            format!(
                "native_score min and max must be numbers from -1000000 to 1000000, found {} \
                 and {}",
                shown(native.min),
                shown(native.max)
            ),
        );
    } else if native.max <= native.min {
        c.error(
            "native_score.max",
            format!(
                "native_score runs from min {} to max {}; max must be a number above min",
                native.min, native.max
            ),
        );
    }
    if native
        .decimals
        .is_some_and(|d| d > super::model::MAX_NATIVE_DECIMALS)
    {
        c.error(
            "native_score.decimals",
            format!(
                "native_score decimals must be from 0 to {}, found {}",
                super::model::MAX_NATIVE_DECIMALS,
                native.decimals.unwrap_or_default()
            ),
        );
    }
}

/// Every executive role owns at least one action: a misspelt role would silently leave the
/// summary's leadership decisions empty.
fn check_executive_roles(q: &Questionnaire, c: &mut Checker<'_>) {
    let owners: Vec<&str> = q.actions().map(|(_, a)| a.owner.as_str()).collect();
    for (i, role) in q.executive_roles.iter().enumerate() {
        if !owners.contains(&role.as_str()) {
            c.error(
                &format!("executive_roles[{i}]"),
                format!(
                    "executive role `{role}` owns no action{}",
                    suggest::did_you_mean(role, owners.iter().copied())
                ),
            );
        }
    }
}

fn check_dependencies(q: &Questionnaire, c: &mut Checker<'_>) {
    let actions: Vec<(String, &super::model::Action)> = q
        .questions
        .iter()
        .enumerate()
        .flat_map(|(i, question)| {
            question
                .actions
                .iter()
                .enumerate()
                .map(move |(a, action)| (format!("questions[{i}].actions[{a}]"), action))
        })
        .collect();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, (_, action)) in actions.iter().enumerate() {
        index.entry(action.id.as_str()).or_insert(i);
    }
    let mut deps = vec![Vec::new(); actions.len()];
    for (i, (path, action)) in actions.iter().enumerate() {
        for (d, dep) in action.depends_on.iter().enumerate() {
            let dep_path = format!("{path}.depends_on[{d}]");
            match index.get(dep.as_str()) {
                None => c.error(
                    &dep_path,
                    format!(
                        "action `{}` depends on unknown action `{dep}`{}",
                        action.id,
                        suggest::did_you_mean(dep, index.keys().copied())
                    ),
                ),
                Some(&j) if j == i => c.error(
                    &dep_path,
                    format!("action `{}` depends on itself", action.id),
                ),
                Some(&j) => deps[i].push(j),
            }
        }
    }
    for cycle in graph::cycles(&deps) {
        let mut names: Vec<&str> = cycle.iter().map(|&i| actions[i].1.id.as_str()).collect();
        names.push(names[0]);
        let first = &actions[cycle[0]].0;
        c.error(
            &format!("{first}.depends_on"),
            format!("dependency cycle: {}", names.join(" -> ")),
        );
    }
}
