//! The engagement folder: `engagement.yaml` plus `responses/<process>/<respondent>.yaml`.

use std::path::{Path, PathBuf};

use foldhash::{HashMap, HashSet};
use serde::{Deserialize, Serialize};

use super::answers::ResponseFile;
use super::store;
use crate::questionnaire::suggest;
use crate::questionnaire::validate::{is_safe_id, SAFE_ID_RULE};
use crate::questionnaire::yaml::{self, Locator, Mismatch};
use crate::questionnaire::{self, Diagnostic, Diagnostics, Level3, Questionnaire};

/// Name of the engagement description inside the folder.
pub const ENGAGEMENT_FILE: &str = "engagement.yaml";
/// Folder of answers files inside the engagement folder.
pub const RESPONSES_DIR: &str = "responses";

/// `engagement.yaml`: who the diagnostic is for and which processes are in scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementFile {
    /// Name of the engagement, e.g. "AI operating-model diagnostic, spring 2026".
    pub name: String,
    /// The client organisation.
    pub client: String,
    /// Built-in questionnaire id, or a path to a questionnaire file relative to the folder.
    pub questionnaire: String,
    /// The processes in scope, in report order.
    pub processes: Vec<ProcessSpec>,
    /// Percentage of questions (0-100) a process needs answered to be judged and planned; below
    /// it the process is `not_assessed`. `--min-coverage` overrides it; default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_coverage: Option<f64>,
    /// How many plan steps each owner role can carry at once, e.g. `Process owner: 2`. The plan
    /// delays a step rather than exceed it; a role not listed is unlimited.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub capacity: std::collections::BTreeMap<String, u32>,
    /// The first day of plan week 1, `YYYY-MM-DD`: reports then give every week its dates.
    /// `--start` overrides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// How many months an answer stays fresh (1 to 120), overriding the questionnaire's
    /// `freshness_months` (default 6). Reports dated with `--date` flag older answers as stale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freshness_months: Option<u32>,
    /// Facts about the client organisation, from which the report recommends an operating-model
    /// archetype (hub-and-spoke, federated or hybrid). Optional, as is each of its facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Organisation>,
    /// The client's target profile: levels per dimension, group or question that replace the
    /// questionnaire's targets (the most specific wins).
    #[serde(default, skip_serializing_if = "super::targets::Targets::is_empty")]
    pub targets: super::targets::Targets,
}

impl yaml::Document for EngagementFile {}

/// The organisation around the processes: how many business units it has and how far apart
/// they are, and how far along it is with AI. Each fact is optional; the report says which ones
/// it needs before it advises an archetype.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// How many business units would use AI (1 or more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_units: Option<u32>,
    /// How different the units' work, customers and domains are from one another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_distinctness: Option<Level3>,
    /// How much the rules the units work under differ (countries, sectors, regulators).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regulatory_diversity: Option<Level3>,
    /// How much AI and data-science skill the organisation has in house.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ai_talent: Option<Level3>,
    /// How established its data practice is: owned, documented, quality-checked data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_maturity: Option<Level3>,
    /// How many months the organisation has had AI in production (0 for none yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub months_in_production: Option<u32>,
}

/// A business process in scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessSpec {
    /// Safe id; its answers live in `responses/<id>/`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Who owns the process today.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// One sentence on what the process is.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The facts that drive sequencing.
    pub profile: Profile,
}

/// Facts about a process that decide where it goes in the plan.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// How many cases the process handles.
    pub volume: Level3,
    /// How well defined and documented it is.
    pub definition: Level3,
    /// How rich and usable its data is.
    pub data_richness: Level3,
    /// How willing its team is to redesign its own work.
    pub willingness: Level3,
    /// Its risk tier, which decides its control path.
    pub risk_tier: Level3,
}

/// One answers file, parsed and checked.
#[derive(Debug, Clone)]
pub struct Response {
    pub process: String,
    /// The file name without `.yaml`.
    pub respondent: String,
    pub path: PathBuf,
    pub file: ResponseFile,
}

impl Response {
    /// The name to show: the one in the file, else the id.
    pub fn display_name(&self) -> &str {
        if self.file.respondent.trim().is_empty() {
            &self.respondent
        } else {
            &self.file.respondent
        }
    }
}

/// A loaded, validated engagement folder.
#[derive(Debug, Clone)]
pub struct Engagement {
    pub dir: PathBuf,
    pub file: EngagementFile,
    pub questionnaire: Questionnaire,
    /// Sorted by process (engagement order), then respondent id.
    pub responses: Vec<Response>,
    /// Where each process's answers are in `responses`.
    by_process: HashMap<String, std::ops::Range<usize>>,
    /// Problems that do not stop the command (answers to questions that no longer exist...).
    pub warnings: Vec<Diagnostic>,
    /// The questions whose target engagement.yaml's `targets:` set (already applied to
    /// `questionnaire`), in questionnaire order.
    pub targets: Vec<super::targets::Override>,
}

impl Engagement {
    pub fn responses_for<'a>(&'a self, process: &'a str) -> impl Iterator<Item = &'a Response> {
        let range = self.by_process.get(process).cloned().unwrap_or(0..0);
        self.responses[range].iter()
    }

    pub fn process(&self, id: &str) -> Option<&ProcessSpec> {
        self.file.processes.iter().find(|p| p.id == id)
    }

    /// The files this engagement was read from: engagement.yaml, the questionnaire file when it
    /// names one, and every answers file. A command's output must never land on one of them.
    pub fn input_files(&self) -> Vec<PathBuf> {
        let mut files = vec![self.dir.join(ENGAGEMENT_FILE)];
        let questionnaire = self.dir.join(&self.file.questionnaire);
        if questionnaire.is_file() {
            files.push(questionnaire);
        }
        files.extend(self.responses.iter().map(|r| r.path.clone()));
        files
    }
}

/// The path of a respondent's answers file.
pub fn response_path(dir: &Path, process: &str, respondent: &str) -> PathBuf {
    dir.join(RESPONSES_DIR)
        .join(process)
        .join(format!("{respondent}.yaml"))
}

fn label(path: &Path) -> String {
    path.display().to_string()
}

/// Reads and checks `engagement.yaml` alone.
pub fn load_engagement_file(dir: &Path) -> Result<EngagementFile, Diagnostics> {
    read_engagement_file(dir).map(|(file, _)| file)
}

/// `engagement.yaml` with the positions of its values, for messages about what it names.
fn read_engagement_file(dir: &Path) -> Result<(EngagementFile, Locator), Diagnostics> {
    if !dir.is_dir() {
        return Err(Diagnostics(vec![Diagnostic::error(
            label(dir),
            "not a folder; an engagement is a folder holding engagement.yaml (create one with `omd init`)",
        )]));
    }
    let path = dir.join(ENGAGEMENT_FILE);
    let name = label(&path);
    if !path.exists() {
        return Err(Diagnostics(vec![Diagnostic::error(
            &name,
            "not found; an engagement folder holds engagement.yaml (create one with `omd init`)",
        )]));
    }
    let text = yaml::read_file(&path, &name).map_err(|d| Diagnostics(vec![d]))?;
    // A window is counted in whole months, at least one.
    let explain = |mismatch: &Mismatch| {
        (mismatch.path == "freshness_months").then(|| {
            format!(
                "freshness_months must be a whole number of months, 1 to {}, found {}",
                crate::questionnaire::validate::MAX_FRESHNESS_MONTHS,
                mismatch.found
            )
        })
    };
    let recovered =
        yaml::parse_recovering::<EngagementFile>(&name, &text, &explain).map_err(Diagnostics)?;
    let mut found = recovered.errors;
    found.extend(check_engagement(
        &recovered.parsed.value,
        &name,
        &recovered.parsed.locator,
    ));
    if found.is_empty() {
        Ok((recovered.parsed.value, recovered.parsed.locator))
    } else {
        Err(Diagnostics(found))
    }
}

fn check_engagement(file: &EngagementFile, name: &str, locator: &Locator) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut error = |path: &str, message: String| {
        found.push(Diagnostic::error(name, message).at(locator.find(path)));
    };
    if file.name.trim().is_empty() {
        error("name", "engagement name is empty".into());
    }
    if file.processes.is_empty() {
        error(
            "processes",
            "no processes in scope; list at least one".into(),
        );
    }
    let mut seen: HashSet<&str> = HashSet::default();
    for (i, process) in file.processes.iter().enumerate() {
        if !is_safe_id(&process.id) {
            error(
                &format!("processes[{i}].id"),
                format!("process id `{}` is not valid: {SAFE_ID_RULE}", process.id),
            );
        }
        if seen.contains(process.id.as_str()) {
            error(
                &format!("processes[{i}].id"),
                format!("duplicate process id `{}`", process.id),
            );
        }
        seen.insert(&process.id);
        if process.name.trim().is_empty() {
            error(
                &format!("processes[{i}].name"),
                "process name is empty".into(),
            );
        }
    }
    if let Some(message) = file
        .freshness_months
        .and_then(crate::questionnaire::validate::freshness_months_problem)
    {
        error("freshness_months", message);
    }
    // `today` is refused where a plan is dated, with its own advice; anything else that is
    // not a day is refused here, where the file's line is known.
    if let Some(start) = file.start.as_deref().filter(|s| s.trim() != "today") {
        if let Err(message) = crate::calendar::parse(start, "start") {
            error("start", message);
        }
    }
    if let Some(organisation) = &file.organisation {
        if organisation.business_units == Some(0) {
            error(
                "organisation.business_units",
                "business_units is 0; give the number of business units, 1 or more (or leave it out)"
                    .into(),
            );
        }
    }
    found
}

/// Loads the folder, its questionnaire and every answers file, reporting all problems at once.
pub fn load(dir: &Path) -> Result<Engagement, Diagnostics> {
    load_reporting(dir, &mut |_, _| {})
}

/// As [`load`], telling `progress` how many process folders of how many are read, for a
/// progress bar on a large engagement.
pub fn load_reporting(
    dir: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Engagement, Diagnostics> {
    let (file, locator) = read_engagement_file(dir)?;
    let loaded = resolve_questionnaire(&file, dir, &locator)?;
    let mut questionnaire = loaded.questionnaire;
    let mut diagnostics = loaded.warnings;
    let targets = super::targets::apply(
        &file.targets,
        &mut questionnaire,
        &label(&dir.join(ENGAGEMENT_FILE)),
        &locator,
    )
    .unwrap_or_else(|problems| {
        diagnostics.extend(problems);
        Vec::new()
    });
    let mut responses = Vec::new();
    let mut jobs: Vec<Job> = Vec::new();

    // Each process's position in engagement.yaml: the answers are read and sorted by it.
    let order: HashMap<String, usize> = file
        .processes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.clone(), i))
        .collect();
    let responses_dir = dir.join(RESPONSES_DIR);
    if responses_folder_exists(&responses_dir, &mut diagnostics) {
        for entry in sorted_entries(&responses_dir, &mut diagnostics) {
            let Some(process) = entry
                .file_name()
                .and_then(|n| n.to_str())
                .map(str::to_string)
            else {
                continue;
            };
            if process.starts_with('.') {
                continue;
            }
            let is_process = order.contains_key(process.as_str());
            match std::fs::metadata(&entry) {
                Ok(meta) if meta.is_dir() => {}
                // Where a process's answers should be, anything else would silently read as
                // "nobody answered": say what is there instead.
                Ok(meta) if is_process => {
                    diagnostics.push(Diagnostic::error(
                        label(&entry),
                        format!(
                            "is {}, not a folder; the answers for process `{process}` live in \
                             responses/{process}/<respondent>.yaml",
                            yaml::describe_file_type(&meta.file_type())
                        ),
                    ));
                    continue;
                }
                Err(e) if is_process => {
                    diagnostics.push(Diagnostic::error(
                        label(&entry),
                        format!("cannot read the answers folder of process `{process}`: {e}"),
                    ));
                    continue;
                }
                _ => {
                    diagnostics.push(Diagnostic::warning(
                        label(&entry),
                        "ignored: not a folder; answers live in \
                         responses/<process-id>/<respondent>.yaml",
                    ));
                    continue;
                }
            }
            if !is_process {
                diagnostics.push(Diagnostic::error(
                    label(&entry),
                    format!("answers for unknown process `{process}`: it is not listed in engagement.yaml"),
                ));
                continue;
            }
            diagnostics.extend(
                store::sweep_leftovers(&entry)
                    .into_iter()
                    .map(leftover_warning),
            );
            for path in sorted_entries(&entry, &mut diagnostics) {
                let Some(file_name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if file_name.starts_with('.') {
                    continue; // lock files and temporary files of an interrupted write
                }
                let Some(respondent) = file_name
                    .strip_suffix(".yaml")
                    .or_else(|| file_name.strip_suffix(".yml"))
                else {
                    diagnostics.push(Diagnostic::warning(
                        label(&path),
                        "ignored: not a .yaml answers file",
                    ));
                    continue;
                };
                if !is_safe_id(respondent) {
                    diagnostics.push(Diagnostic::error(
                        label(&path),
                        format!("respondent file name `{respondent}` is not valid: {SAFE_ID_RULE}"),
                    ));
                    continue;
                }
                jobs.push(Job {
                    process: process.clone(),
                    respondent: respondent.to_string(),
                    path,
                    diagnostics: std::mem::take(&mut diagnostics),
                });
            }
        }
    }
    // The files are parsed on every core; what each says is then taken in folder order, so
    // the messages come in the same order as from one thread.
    let after_last = std::mem::take(&mut diagnostics);
    let total = jobs.len();
    let mut loaded = parse_all(&jobs, &questionnaire, &mut |done| progress(done, total));
    for (job, result) in jobs.into_iter().zip(loaded.drain(..)) {
        let Job {
            process,
            respondent,
            path,
            diagnostics: before,
        } = job;
        // What the folder walk said before reaching this file, in the order it said it.
        diagnostics.extend(before);
        match result {
            Ok((response_file, warnings)) => {
                let said_empty = warnings.iter().any(|w| w.message == EMPTY_FILE);
                diagnostics.extend(warnings);
                if !response_file.has_answers() && !said_empty {
                    diagnostics.push(Diagnostic::warning(
                        label(&path),
                        "no question answered yet, so this respondent is not counted \
                         (finish it with `omd assess`, or delete the file)",
                    ));
                }
                responses.push(Response {
                    process,
                    respondent,
                    path,
                    file: response_file,
                });
            }
            Err(errors) => diagnostics.extend(errors.0),
        }
    }
    diagnostics.extend(after_last);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(diagnostics));
    }
    let position = |id: &str| order.get(id).copied().unwrap_or(usize::MAX);
    responses.sort_by(|a, b| {
        (position(&a.process), &a.respondent).cmp(&(position(&b.process), &b.respondent))
    });
    let mut by_process: HashMap<String, std::ops::Range<usize>> = HashMap::default();
    for (i, response) in responses.iter().enumerate() {
        by_process
            .entry(response.process.clone())
            .and_modify(|range| range.end = i + 1)
            .or_insert(i..i + 1);
    }
    Ok(Engagement {
        dir: dir.to_path_buf(),
        file,
        questionnaire,
        responses,
        by_process,
        warnings: diagnostics,
        targets,
    })
}

/// An answers file to read, found by the walk of `responses/`.
struct Job {
    process: String,
    respondent: String,
    path: PathBuf,
    /// What the walk said since the previous file.
    diagnostics: Vec<Diagnostic>,
}

/// Fewer files than this per thread are not worth a thread.
const FILES_PER_THREAD: usize = 16;

type Loaded = Result<(ResponseFile, Vec<Diagnostic>), Diagnostics>;

/// Every job's file parsed and checked ([`load_response`]), in the jobs' order; `progress` hears
/// how many are done. The files are shared out among threads a few at a time, so one slow file
/// does not hold the others back.
fn parse_all(
    jobs: &[Job],
    questionnaire: &Questionnaire,
    progress: &mut dyn FnMut(usize),
) -> Vec<Loaded> {
    // As many threads as omd may use ([`crate::threads`]), `1` reading on the main thread alone.
    let threads = crate::threads::available()
        .min(jobs.len() / FILES_PER_THREAD)
        .max(1);
    if threads == 1 {
        return jobs
            .iter()
            .enumerate()
            .map(|(done, job)| {
                progress(done);
                load_response(&job.path, questionnaire)
            })
            .collect();
    }
    const BATCH: usize = 8;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut loaded: Vec<Option<Loaded>> = (0..jobs.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::channel::<(usize, Vec<Loaded>)>();
        for _ in 0..threads {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let start = next.fetch_add(BATCH, std::sync::atomic::Ordering::Relaxed);
                if start >= jobs.len() {
                    break;
                }
                let batch = jobs[start..(start + BATCH).min(jobs.len())]
                    .iter()
                    .map(|job| load_response(&job.path, questionnaire))
                    .collect();
                if sender.send((start, batch)).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        let mut done = 0;
        for (start, batch) in receiver {
            done += batch.len();
            progress(done);
            for (slot, result) in loaded[start..].iter_mut().zip(batch) {
                *slot = Some(result);
            }
        }
    });
    loaded
        .into_iter()
        .map(|result| result.expect("every file is parsed once"))
        .collect()
}

/// Whether there are answers to read. No `responses/` at all is a warning (nothing answered
/// yet); a `responses` that is there but is not a readable folder is an error, never read as
/// "no answers".
fn responses_folder_exists(path: &Path, diagnostics: &mut Vec<Diagnostic>) -> bool {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => true,
        Ok(meta) => {
            diagnostics.push(Diagnostic::error(
                label(path),
                format!(
                    "is {}, not a folder; answers live in responses/<process-id>/<respondent>.yaml",
                    yaml::describe_file_type(&meta.file_type())
                ),
            ));
            false
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                && std::fs::symlink_metadata(path).is_err() =>
        {
            diagnostics.push(Diagnostic::warning(
                label(path),
                "no responses folder, so nothing is answered yet; `omd assess` writes answers to \
                 responses/<process-id>/<respondent>.yaml",
            ));
            false
        }
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                label(path),
                format!("cannot read the responses folder: {e}"),
            ));
            false
        }
    }
}

fn leftover_warning(leftover: store::Leftover) -> Diagnostic {
    let what = if leftover.removed {
        "removed"
    } else {
        "could not remove"
    };
    Diagnostic::warning(
        label(&leftover.path),
        format!(
            "{what} the temporary file of a save of {} that was interrupted (process {} has \
             ended); every answer confirmed before it is in {}",
            leftover.target, leftover.pid, leftover.target
        ),
    )
}

/// The questionnaire `engagement.yaml` names; one that is not there is reported at its
/// `questionnaire:` line.
fn resolve_questionnaire(
    file: &EngagementFile,
    dir: &Path,
    locator: &Locator,
) -> Result<questionnaire::Loaded, Diagnostics> {
    let name = label(&dir.join(ENGAGEMENT_FILE));
    let named_at = questionnaire::NamedAt {
        file: &name,
        position: &|| locator.find_value("questionnaire"),
    };
    questionnaire::resolve_named(&file.questionnaire, dir, named_at)
}

/// The entries of a folder sorted by name, so every run reads them in the same order.
fn sorted_entries(dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            paths
        }
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                label(dir),
                format!("cannot read folder: {e}"),
            ));
            Vec::new()
        }
    }
}

/// The warning for an answers file with nothing in it.
const EMPTY_FILE: &str = "the file is empty, so this respondent is not counted (an answers file \
                          holds questionnaire, version and answers; `omd assess` writes one)";

/// Reads one answers file and checks it against the questionnaire. Returns the warnings too.
pub fn load_response(
    path: &Path,
    questionnaire: &Questionnaire,
) -> Result<(ResponseFile, Vec<Diagnostic>), Diagnostics> {
    let name = label(path);
    let text = yaml::read_file(path, &name).map_err(|d| Diagnostics(vec![d]))?;
    if text.trim().is_empty() {
        // Nothing to parse and nothing lost: an empty file holds no answer, like `answers: {}`.
        let file = ResponseFile {
            questionnaire: questionnaire.id.clone(),
            version: questionnaire.version.clone(),
            ..ResponseFile::default()
        };
        return Ok((file, vec![Diagnostic::warning(&name, EMPTY_FILE)]));
    }
    let explain = |mismatch: &Mismatch| explain_answer(mismatch, questionnaire);
    let recovered =
        yaml::parse_recovering::<ResponseFile>(&name, &text, &explain).map_err(Diagnostics)?;
    let parsed = recovered.parsed;
    let mut found = recovered.errors;
    found.extend(check_response(
        &parsed.value,
        questionnaire,
        &name,
        &parsed.locator,
    ));
    if found.iter().any(Diagnostic::is_error) {
        return Err(Diagnostics(found));
    }
    Ok((parsed.value, found))
}

/// A wrong value in an answers file in the questionnaire's terms: the level of a question must
/// lie on that question's scale, and an answer is a mapping (writing the level alone is the
/// usual slip).
fn explain_answer(mismatch: &Mismatch, questionnaire: &Questionnaire) -> Option<String> {
    let answer = mismatch.path.strip_prefix("answers.")?;
    if let Some(id) = answer.strip_suffix(".date") {
        return Some(format!(
            "date of `{id}` must be a day written YYYY-MM-DD (e.g. 2026-03-31), found {}",
            mismatch.found
        ));
    }
    if let Some(id) = answer.strip_suffix(".level") {
        let top = questionnaire
            .question(id)
            .and_then(|q| questionnaire.scale(&q.scale))
            .map(|s| s.levels.len().saturating_sub(1))?;
        return Some(format!(
            "level of `{id}` must be a whole number from 0 to {top}, found {}",
            mismatch.found
        ));
    }
    if questionnaire.question(answer).is_some() {
        return Some(format!(
            "the answer to `{answer}` must be a mapping such as `level: 2` (with optional note and evidence), found {}",
            mismatch.found
        ));
    }
    None
}

/// Every problem of an answers file measured against the questionnaire.
pub fn check_response(
    file: &ResponseFile,
    questionnaire: &Questionnaire,
    name: &str,
    locator: &Locator,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if file.questionnaire != questionnaire.id {
        found.push(
            Diagnostic::error(
                name,
                format!(
                    "answers questionnaire `{}` but the engagement uses `{}`",
                    file.questionnaire, questionnaire.id
                ),
            )
            .at(locator.find("questionnaire")),
        );
        return found;
    }
    if file.version != questionnaire.version {
        found.push(
            Diagnostic::warning(
                name,
                format!(
                    "answers version {} of `{}`; the engagement uses version {}",
                    file.version, questionnaire.id, questionnaire.version
                ),
            )
            .at(locator.find("version")),
        );
    }
    // Where the next answer's question is looked for first: a file omd wrote answers in
    // questionnaire order, so each question is found at once rather than by a search.
    let mut next = 0;
    for (id, answer) in &file.answers.0 {
        let at = |field: &str| locator.find(&format!("answers.{id}.{field}"));
        let place = questionnaire.question_index(id, next);
        if let Some(index) = place {
            next = index + 1;
        }
        let Some(question) = place.map(|index| &questionnaire.questions[index]) else {
            let suggestion =
                suggest::did_you_mean(id, questionnaire.questions.iter().map(|q| q.id.as_str()));
            found.push(
                Diagnostic::warning(
                    name,
                    format!("answer to `{id}`, which questionnaire `{}` {} does not have; it is kept in the file but not scored{suggestion}", questionnaire.id, questionnaire.version),
                )
                .at(locator.find(&format!("answers.{id}"))),
            );
            continue;
        };
        if let Some(message) = answer.date.as_deref().and_then(|d| date_problem(id, d)) {
            found.push(
                Diagnostic::error(name, message)
                    .at(locator.find_value(&format!("answers.{id}.date"))),
            );
        }
        if let Some(level) = answer.level {
            let levels = questionnaire
                .scale(&question.scale)
                .map_or(0, |s| s.levels.len());
            if level >= levels {
                found.push(
                    Diagnostic::error(
                        name,
                        format!(
                            "level {level} for `{id}` is outside its scale (0 to {})",
                            levels.saturating_sub(1)
                        ),
                    )
                    .at(at("level")),
                );
            }
            if answer.not_applicable.is_some() {
                found.push(
                    Diagnostic::error(
                        name,
                        format!("`{id}` has both a level and not_applicable; keep one"),
                    )
                    .at(at("not_applicable")),
                );
            }
        }
        if let Some(reason) = &answer.not_applicable {
            if !question.allow_na {
                found.push(
                    Diagnostic::error(
                        name,
                        format!("`{id}` does not allow \"not applicable\"; give a level"),
                    )
                    .at(at("not_applicable")),
                );
            } else if reason.trim().is_empty() && questionnaire.na_reason.is_required() {
                found.push(
                    Diagnostic::error(name, format!("`{id}`: not_applicable needs a reason"))
                        .at(at("not_applicable")),
                );
            }
        }
    }
    found
}

/// What is wrong with the date of the answer to `id`, if anything: it must be a day of the
/// calendar written `YYYY-MM-DD`; `today` would be another day at every run.
fn date_problem(id: &str, date: &str) -> Option<String> {
    if date.trim() == "today" {
        return Some(format!(
            "date of `{id}` is `today`; an answers file holds the day itself, as YYYY-MM-DD \
             (omd assess writes it)"
        ));
    }
    crate::calendar::parse_fixed(date.trim(), &format!("date of `{id}`")).err()
}
