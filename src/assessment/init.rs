//! A new engagement: `engagement.yaml` built from what `omd init` was told, by flags or prompts.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use super::engagement::{EngagementFile, ProcessSpec, Profile, ENGAGEMENT_FILE};
use super::slug::slug;
use super::store;
use crate::questionnaire::{yaml, Level3};

/// The profile facts, in the order they are asked, with the keys `--profile` accepts.
pub const PROFILE_FACTS: [(Fact, &str, &str); 5] = [
    (Fact::Volume, "volume", "Volume (cases per period)"),
    (
        Fact::Definition,
        "definition",
        "How well defined and documented",
    ),
    (
        Fact::DataRichness,
        "data",
        "How rich and usable its data is",
    ),
    (
        Fact::Willingness,
        "willingness",
        "How willing its team is to redesign its work",
    ),
    (Fact::RiskTier, "risk", "Risk tier"),
];

/// One fact of a process profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Volume,
    Definition,
    DataRichness,
    Willingness,
    RiskTier,
}

impl Fact {
    /// The `--profile` key (`data`, `risk`...).
    pub fn key(self) -> &'static str {
        PROFILE_FACTS
            .iter()
            .find(|(fact, ..)| *fact == self)
            .map_or("", |(_, key, _)| key)
    }

    fn from_key(key: &str) -> Option<Fact> {
        match key {
            "volume" => Some(Fact::Volume),
            "definition" => Some(Fact::Definition),
            "data" | "data_richness" => Some(Fact::DataRichness),
            "willingness" => Some(Fact::Willingness),
            "risk" | "risk_tier" => Some(Fact::RiskTier),
            _ => None,
        }
    }
}

/// A profile with some facts perhaps not given yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartialProfile {
    pub volume: Option<Level3>,
    pub definition: Option<Level3>,
    pub data_richness: Option<Level3>,
    pub willingness: Option<Level3>,
    pub risk_tier: Option<Level3>,
}

impl PartialProfile {
    pub fn get(&self, fact: Fact) -> Option<Level3> {
        *self.slot(fact)
    }

    pub fn set(&mut self, fact: Fact, level: Level3) {
        *self.slot_mut(fact) = Some(level);
    }

    fn slot(&self, fact: Fact) -> &Option<Level3> {
        match fact {
            Fact::Volume => &self.volume,
            Fact::Definition => &self.definition,
            Fact::DataRichness => &self.data_richness,
            Fact::Willingness => &self.willingness,
            Fact::RiskTier => &self.risk_tier,
        }
    }

    fn slot_mut(&mut self, fact: Fact) -> &mut Option<Level3> {
        match fact {
            Fact::Volume => &mut self.volume,
            Fact::Definition => &mut self.definition,
            Fact::DataRichness => &mut self.data_richness,
            Fact::Willingness => &mut self.willingness,
            Fact::RiskTier => &mut self.risk_tier,
        }
    }

    /// The facts not given.
    pub fn missing(&self) -> Vec<Fact> {
        PROFILE_FACTS
            .iter()
            .map(|(fact, ..)| *fact)
            .filter(|fact| self.get(*fact).is_none())
            .collect()
    }

    /// The profile, `medium` for every fact not given.
    pub fn or_medium(&self) -> Profile {
        let level = |fact| self.get(fact).unwrap_or(Level3::Medium);
        Profile {
            volume: level(Fact::Volume),
            definition: level(Fact::Definition),
            data_richness: level(Fact::DataRichness),
            willingness: level(Fact::Willingness),
            risk_tier: level(Fact::RiskTier),
        }
    }
}

/// `low`, `medium` or `high`.
pub fn parse_level(text: &str) -> Option<Level3> {
    match text.trim().to_ascii_lowercase().as_str() {
        "low" => Some(Level3::Low),
        "medium" => Some(Level3::Medium),
        "high" => Some(Level3::High),
        _ => None,
    }
}

/// Parses `--profile PROCESS:KEY=LEVEL,...`, e.g.
/// `invoice-processing:volume=high,definition=high,data=high,willingness=high,risk=low`.
/// Returns the process id and the facts given.
pub fn parse_profile(spec: &str) -> Result<(String, PartialProfile)> {
    const FORM: &str = "expected PROCESS-ID:KEY=LEVEL,... with keys volume, definition, data, \
                        willingness, risk and levels low, medium, high";
    let Some((process, facts)) = spec.split_once(':') else {
        bail!("--profile `{spec}`: {FORM}");
    };
    let process = process.trim().to_string();
    let mut profile = PartialProfile::default();
    for pair in facts.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((key, value)) = pair.split_once('=') else {
            bail!("--profile `{spec}`: `{pair}` is not KEY=LEVEL; {FORM}");
        };
        let Some(fact) = Fact::from_key(key.trim()) else {
            bail!("--profile `{spec}`: unknown key `{}`; {FORM}", key.trim());
        };
        let Some(level) = parse_level(value) else {
            bail!(
                "--profile `{spec}`: `{}` is not low, medium or high",
                value.trim()
            );
        };
        if profile.get(fact).is_some() {
            bail!("--profile `{spec}`: `{}` given twice", fact.key());
        }
        profile.set(fact, level);
    }
    Ok((process, profile))
}

/// A process to put in scope.
#[derive(Debug, Clone)]
pub struct NewProcess {
    pub id: String,
    pub name: String,
    pub profile: Profile,
}

/// The id of a process named `name`.
pub fn process_id(name: &str) -> Result<String> {
    match slug(name) {
        Some(id) => Ok(id),
        None => bail!(
            "process name `{name}` has no letter or digit to make an id from; name it in latin letters"
        ),
    }
}

/// The engagement name used when none is given.
pub fn default_name(client: &str) -> String {
    format!("{} operating-model diagnostic", client.trim())
}

/// The path of `engagement.yaml` in `dir`, refused when it exists already.
pub fn target(dir: &Path) -> Result<PathBuf> {
    let path = dir.join(ENGAGEMENT_FILE);
    if path.exists() {
        bail!(
            "{} exists already; omd init never overwrites an engagement (edit the file, or choose another folder)",
            path.display()
        );
    }
    Ok(path)
}

/// The `engagement.yaml` of a new engagement; refuses empty names and repeated process ids.
pub fn build(
    name: &str,
    client: &str,
    questionnaire: &str,
    processes: Vec<NewProcess>,
) -> Result<EngagementFile> {
    if client.trim().is_empty() {
        bail!("the client name is empty");
    }
    if name.trim().is_empty() {
        bail!("the engagement name is empty");
    }
    if processes.is_empty() {
        bail!("no process in scope; give at least one");
    }
    for (i, process) in processes.iter().enumerate() {
        if let Some(first) = processes[..i].iter().find(|p| p.id == process.id) {
            bail!(
                "processes `{}` and `{}` would both have the id `{}`; give them distinct names",
                first.name,
                process.name,
                process.id
            );
        }
    }
    Ok(EngagementFile {
        name: name.trim().to_string(),
        client: client.trim().to_string(),
        questionnaire: questionnaire.to_string(),
        processes: processes
            .into_iter()
            .map(|p| ProcessSpec {
                id: p.id,
                name: p.name.trim().to_string(),
                owner: String::new(),
                description: String::new(),
                profile: p.profile,
            })
            .collect(),
        min_coverage: None,
        capacity: Default::default(),
        start: None,
        freshness_months: None,
        targets: Default::default(),
        organisation: None,
    })
}

/// Writes `engagement.yaml` into `dir` (created if needed), atomically, never over an existing
/// one, and the empty `responses/` folder the interviews fill, so a new engagement reads as one
/// with nothing answered yet rather than as a folder missing its answers.
pub fn write(dir: &Path, file: &EngagementFile) -> Result<PathBuf> {
    let path = target(dir)?;
    let text = yaml::to_string(file)?;
    store::write_atomic(&path, text.as_bytes())?;
    let responses = dir.join(super::engagement::RESPONSES_DIR);
    std::fs::create_dir_all(&responses)
        .with_context(|| format!("cannot create {}", responses.display()))?;
    Ok(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a test that cannot set itself up should panic
mod tests {
    use super::*;

    #[test]
    fn profile_flag_parses_every_key_and_alias() {
        let (id, p) = parse_profile(
            "invoice-processing:volume=high,definition=low,data=high,willingness=medium,risk=low",
        )
        .unwrap();
        assert_eq!(id, "invoice-processing");
        assert!(p.missing().is_empty());
        assert_eq!(p.or_medium().definition, Level3::Low);
        let (_, p) = parse_profile("x: risk_tier=HIGH, data_richness=low").unwrap();
        assert_eq!(
            (p.risk_tier, p.data_richness),
            (Some(Level3::High), Some(Level3::Low))
        );
        assert_eq!(
            p.missing(),
            [Fact::Volume, Fact::Definition, Fact::Willingness]
        );
        assert_eq!(p.or_medium().volume, Level3::Medium);
    }

    #[test]
    fn profile_flag_errors_say_what_is_wrong() {
        for (spec, expected) in [
            ("volume=high", "expected PROCESS-ID:"),
            ("x:volume", "is not KEY=LEVEL"),
            ("x:speed=high", "unknown key `speed`"),
            ("x:volume=huge", "`huge` is not low, medium or high"),
            ("x:risk=low,risk_tier=high", "`risk` given twice"),
        ] {
            let error = parse_profile(spec).unwrap_err().to_string();
            assert!(error.contains(expected), "{spec}: {error}");
        }
    }

    #[test]
    fn build_refuses_repeated_ids_and_never_overwrites() {
        let process = |name: &str| NewProcess {
            id: process_id(name).unwrap(),
            name: name.into(),
            profile: PartialProfile::default().or_medium(),
        };
        let error = build("n", "c", "q", vec![process("A b"), process("a-B")]).unwrap_err();
        assert!(
            error.to_string().contains("both have the id `a-b`"),
            "{error}"
        );

        let dir = tempfile::tempdir().unwrap();
        let file = build("n", "c", "ai-operating-model", vec![process("A b")]).unwrap();
        write(dir.path(), &file).unwrap();
        let error = write(dir.path(), &file).unwrap_err();
        assert!(error.to_string().contains("exists already"), "{error}");
    }
}
