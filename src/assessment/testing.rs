//! Fixtures for unit tests of the modules downstream (scoring, plan): a process and a
//! respondent's answers, without files.

use std::path::PathBuf;

use super::{Answer, ProcessSpec, Profile, Response, ResponseFile};
use crate::questionnaire::Level3;

/// Process `p`, high on every profile fact, of the given risk tier.
pub fn process(risk_tier: Level3) -> ProcessSpec {
    ProcessSpec {
        id: "p".into(),
        name: "P".into(),
        owner: String::new(),
        description: String::new(),
        profile: Profile {
            volume: Level3::High,
            definition: Level3::High,
            data_richness: Level3::High,
            willingness: Level3::High,
            risk_tier,
        },
    }
}

/// `respondent`'s answers for process `p`: (question, level, not-applicable reason).
pub fn response(respondent: &str, answers: &[(&str, Option<usize>, Option<&str>)]) -> Response {
    let mut file = ResponseFile {
        questionnaire: "t".into(),
        version: "1".into(),
        ..Default::default()
    };
    for (id, level, na) in answers {
        file.answers.set(
            id,
            Answer {
                level: *level,
                not_applicable: na.map(Into::into),
                ..Default::default()
            },
        );
    }
    Response {
        process: "p".into(),
        respondent: respondent.into(),
        path: PathBuf::new(),
        file,
    }
}

/// A questionnaire from YAML text, validated as a file named `t.yaml` would be.
#[allow(clippy::unwrap_used)] // a test that cannot set itself up should panic
pub fn questionnaire(text: &str) -> crate::questionnaire::Questionnaire {
    crate::questionnaire::load_text(
        "t.yaml",
        text,
        crate::questionnaire::Source::File(PathBuf::from("t.yaml")),
    )
    .unwrap()
    .questionnaire
}
