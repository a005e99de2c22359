//! The questionnaire: its file format, loading with file and line, and validation.
//! Uses nothing else of ours.

pub mod builtin;
pub mod diagnostic;
pub mod graph;
pub mod model;
pub mod plain_words;
pub mod seams;
pub mod suggest;
pub mod validate;
pub mod yaml;
pub mod yaml_update;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use model::*;

/// Where a questionnaire came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Built into the binary, by id.
    Builtin(String),
    /// Read from this file.
    File(PathBuf),
}

/// A questionnaire that passed validation, with its warnings.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub questionnaire: Questionnaire,
    pub source: Source,
    pub warnings: Vec<Diagnostic>,
}

/// Parses and validates questionnaire YAML; `label` names the file in messages. Unknown fields
/// do not stop validation: an author sees every problem of the file in one run.
pub fn load_text(label: &str, text: &str, source: Source) -> Result<Loaded, Diagnostics> {
    load_with(label, text, source, true)
}

fn load_with(label: &str, text: &str, source: Source, check: bool) -> Result<Loaded, Diagnostics> {
    let recovered =
        yaml::parse_recovering::<Questionnaire>(label, text, &|_| None).map_err(Diagnostics)?;
    let parsed = recovered.parsed;
    let mut questionnaire = parsed.value;
    if questionnaire.scales.is_empty() {
        questionnaire.scales.push(default_maturity_scale());
    }
    let mut found = recovered.errors;
    if check {
        found.extend(validate::validate(&questionnaire, label, &parsed.locator));
    }
    if found.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(found));
    }
    Ok(Loaded {
        questionnaire,
        source,
        warnings: found,
    })
}

/// Loads and validates a questionnaire file.
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostics> {
    let label = path.display().to_string();
    let text = yaml::read_file(path, &label).map_err(|d| Diagnostics(vec![d]))?;
    load_text(&label, &text, Source::File(path.to_path_buf()))
}

/// Loads a built-in questionnaire by id; `None` when there is no such id.
pub fn load_builtin(id: &str) -> Option<Result<Loaded, Diagnostics>> {
    let (file, text) = builtin::find(id)?;
    let label = format!("{file} (built in)");
    // Validated by the test suite (`builtin_questionnaires_are_valid`), not at every start.
    Some(load_with(
        &label,
        text,
        Source::Builtin(id.to_string()),
        false,
    ))
}

/// Does `spec` name a file rather than a built-in id?
pub fn looks_like_path(spec: &str) -> bool {
    spec.contains('/') || spec.contains('\\') || spec.ends_with(".yaml") || spec.ends_with(".yml")
}

/// Loads `spec`, a built-in id or a path (relative paths from `base`).
pub fn resolve(spec: &str, base: &Path) -> Result<Loaded, Diagnostics> {
    if !looks_like_path(spec) {
        return load_builtin(spec).unwrap_or_else(|| {
            Err(Diagnostics(vec![Diagnostic::error(
                spec,
                unknown_builtin(spec),
            )]))
        });
    }
    load_file(&base.join(spec))
}

/// Where a file names a questionnaire: the file and the position of the name in it.
#[derive(Clone, Copy)]
pub struct NamedAt<'a> {
    pub file: &'a str,
    /// Where in `file` the name is: asked only when there is something to report, since
    /// finding it reads the file's YAML a second time.
    pub position: &'a dyn Fn() -> Option<(usize, usize)>,
}

/// Loads `spec` as [`resolve`] does, for a file that names it (`named_at`): a questionnaire that
/// is not there is reported at that name, where the user can fix it, with the path it was
/// looked for at (relative paths are relative to `base`, which is easy to forget).
pub fn resolve_named(spec: &str, base: &Path, named_at: NamedAt) -> Result<Loaded, Diagnostics> {
    let not_there = |message: String| {
        Err(Diagnostics(vec![
            Diagnostic::error(named_at.file, message).at((named_at.position)())
        ]))
    };
    if !looks_like_path(spec) {
        return match load_builtin(spec) {
            Some(loaded) => loaded,
            None => not_there(unknown_builtin(spec)),
        };
    }
    let path = base.join(spec);
    if matches!(path.try_exists(), Ok(false)) {
        return not_there(format!(
            "questionnaire file {spec} not found (looked for {})",
            path.display()
        ));
    }
    load_file(&path)
}

/// What is wrong with `spec` when no built-in questionnaire has that id.
fn unknown_builtin(spec: &str) -> String {
    let known: Vec<&str> = builtin::BUILTIN.iter().map(|(id, ..)| *id).collect();
    format!(
        "no built-in questionnaire `{spec}` (built in: {}){}; to use a file, give its path ending in .yaml",
        known.join(", "),
        suggest::did_you_mean(spec, known.iter().copied()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_questionnaires_are_valid() {
        for (id, file, text) in builtin::BUILTIN {
            let loaded = load_text(file, text, Source::Builtin(id.to_string()));
            match loaded {
                Ok(loaded) => assert!(loaded.warnings.is_empty(), "{file}: {:?}", loaded.warnings),
                Err(e) => panic!("{file}: {e:?}"),
            }
        }
    }

    #[test]
    fn builtin_summaries_match_their_files() {
        assert_eq!(builtin::SUMMARIES.len(), builtin::BUILTIN.len());
        for ((id, file, text), summary) in builtin::BUILTIN.iter().zip(builtin::SUMMARIES) {
            let q = load_text(file, text, Source::Builtin(id.to_string()))
                .unwrap_or_else(|e| panic!("{file}: {e:?}"))
                .questionnaire;
            let parsed = (
                q.id.as_str(),
                q.version.as_str(),
                q.title.as_str(),
                q.dimensions.len(),
                q.questions.len(),
            );
            assert_eq!(parsed, *summary, "update builtin::SUMMARIES for {file}");
        }
    }
}
