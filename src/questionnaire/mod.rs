//! The questionnaire: its file format, loading with file and line, and validation.
//! Uses nothing else of ours.

pub mod builtin;
pub mod diagnostic;
pub mod graph;
pub mod model;
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

/// Parses and validates questionnaire YAML; `label` names the file in messages.
pub fn load_text(label: &str, text: &str, source: Source) -> Result<Loaded, Diagnostics> {
    let parsed = yaml::parse::<Questionnaire>(label, text).map_err(Diagnostics)?;
    let mut questionnaire = parsed.value;
    if questionnaire.scales.is_empty() {
        questionnaire.scales.push(default_maturity_scale());
    }
    let found = validate::validate(&questionnaire, label, &parsed.locator);
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
    Some(load_text(&label, text, Source::Builtin(id.to_string())))
}

/// Does `spec` name a file rather than a built-in id?
pub fn looks_like_path(spec: &str) -> bool {
    spec.contains('/') || spec.contains('\\') || spec.ends_with(".yaml") || spec.ends_with(".yml")
}

/// Loads `spec`, a built-in id or a path (relative paths from `base`).
pub fn resolve(spec: &str, base: &Path) -> Result<Loaded, Diagnostics> {
    if !looks_like_path(spec) {
        if let Some(loaded) = load_builtin(spec) {
            return loaded;
        }
        let known: Vec<&str> = builtin::BUILTIN.iter().map(|(id, ..)| *id).collect();
        return Err(Diagnostics(vec![Diagnostic::error(
            spec,
            format!(
                "no built-in questionnaire `{spec}` (built in: {}); to use a file, give its path ending in .yaml",
                known.join(", ")
            ),
        )]));
    }
    load_file(&base.join(spec))
}
