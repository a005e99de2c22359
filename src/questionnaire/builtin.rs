//! The questionnaires shipped in `questionnaires/`, compiled into the binary so `omd` works with
//! no files at hand.

/// (id, file name, YAML text) of each built-in questionnaire.
pub const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "ai-operating-model",
        "ai-operating-model.yaml",
        include_str!("../../questionnaires/ai-operating-model.yaml"),
    ),
    (
        "data-readiness",
        "data-readiness.yaml",
        include_str!("../../questionnaires/data-readiness.yaml"),
    ),
];

/// What `omd questionnaire list` shows of each built-in questionnaire, in `BUILTIN`'s order:
/// (id, version, title, dimensions, questions). Kept here so listing parses nothing; a test
/// checks every entry against its parsed file.
pub const SUMMARIES: &[(&str, &str, &str, usize, usize)] = &[
    (
        "ai-operating-model",
        "1.1.0",
        "AI operating-model readiness",
        5,
        47,
    ),
    ("data-readiness", "1.0.0", "Data readiness for AI", 5, 27),
];

/// The YAML text of the built-in questionnaire `id`.
pub fn find(id: &str) -> Option<(&'static str, &'static str)> {
    BUILTIN
        .iter()
        .find(|(builtin_id, ..)| *builtin_id == id)
        .map(|(_, file, text)| (*file, *text))
}
