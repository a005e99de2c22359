//! Every call to a YAML library lives here or beside it in `yaml_update.rs` (editing a file in
//! place), so that replacing serde_yaml (archived upstream) touches these two files only.
//!
//! A sound document is read once, by serde_yaml's typed parse. Positions of nodes and repeated
//! keys, which serde_yaml cannot give, come from an event-level pass with yaml-rust2 that runs
//! only when they are needed: when the typed parse fails, when a check asks where a node is, or
//! when the document reports a repeated key (see [`Document`]).

use std::cell::OnceCell;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use serde_path_to_error::Segment;

use super::diagnostic::Diagnostic;
use super::plain_words::{self, Problem};
use super::suggest;

/// Largest YAML file we read. A questionnaire of a hundred questions is well under 1 MiB; anything
/// far larger is a mistake or an attack, and is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest nesting of mappings and sequences accepted; ours need six or so. Checked before the
/// typed parse, which slows down badly on hostile nesting.
pub const MAX_DEPTH: usize = 64;

/// Where each node of a document starts, by path (`questions[3].gate.min_level`). The positions
/// are found on first use, so a document nobody asks about costs one parse, not two.
#[derive(Debug, Default, Clone)]
pub struct Locator {
    text: String,
    index: OnceCell<Index>,
}

/// What the event-level pass finds.
#[derive(Debug, Default, Clone)]
struct Index {
    /// Where each node starts; for a mapping entry, where its key starts.
    positions: HashMap<String, (usize, usize)>,
    /// Where each value starts, for messages about the value rather than its key.
    values: HashMap<String, (usize, usize)>,
    /// Where nesting first went deeper than `MAX_DEPTH`.
    too_deep: Option<(usize, usize)>,
    duplicates: Vec<RepeatedKey>,
    /// The event parser's own error, for a document it cannot read.
    syntax: Option<(String, (usize, usize))>,
}

impl Locator {
    fn new(text: &str) -> Locator {
        Locator {
            text: text.to_string(),
            index: OnceCell::new(),
        }
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| {
            // Event by event, not with the parser's `load`, which recurses once per level of
            // nesting and overflows the stack on a few thousand.
            let mut walker = Walker::default();
            let mut parser = Parser::new_from_str(&self.text);
            let syntax = loop {
                match parser.next_token() {
                    // Only the first document is read, as serde_yaml reads it.
                    Ok((Event::StreamEnd | Event::DocumentEnd, _)) => break None,
                    Ok((event, mark)) => {
                        walker.on_event(event, mark);
                        if walker.too_deep.is_some() {
                            break None;
                        }
                    }
                    Err(e) => {
                        let marker = e.marker();
                        break Some((e.info().to_string(), (marker.line(), marker.col() + 1)));
                    }
                }
            };
            Index {
                positions: walker.positions,
                values: walker.values,
                too_deep: walker.too_deep,
                duplicates: walker.duplicates,
                syntax,
            }
        })
    }

    /// Line and column of the node at `path`, or of its nearest located ancestor.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let positions = &self.index().positions;
        let mut path = path;
        loop {
            if let Some(position) = positions.get(path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// Line and column of the value at `path` (not its key), else as [`Locator::find`].
    pub fn find_value(&self, path: &str) -> Option<(usize, usize)> {
        self.index()
            .values
            .get(path)
            .copied()
            .or_else(|| self.find(path))
    }

    /// Every key repeated in one mapping, as errors naming where the first one is.
    pub fn repeated_keys(&self, label: &str) -> Vec<Diagnostic> {
        self.index()
            .duplicates
            .iter()
            .map(|repeated| {
                let place = if repeated.path.is_empty() {
                    String::new()
                } else {
                    format!(" in `{}`", repeated.path)
                };
                Diagnostic::error(
                    label,
                    format!(
                        "key `{}` repeated{place} (first at line {})",
                        repeated.key, repeated.first.0
                    ),
                )
                .at(Some(repeated.at))
            })
            .collect()
    }
}

/// A type omd reads from YAML. A struct's parse fails on a repeated field by itself; a type with
/// a map of its own that keeps every entry (answers by question id) says when a key repeats, and
/// only then is the document walked for the repeated keys' positions.
pub trait Document: DeserializeOwned {
    /// Whether a map in the value holds a key twice.
    fn has_repeated_keys(&self) -> bool {
        false
    }
}

impl Document for serde_yaml::Value {}

/// A parsed document with the positions of its nodes.
pub struct Parsed<T> {
    pub value: T,
    pub locator: Locator,
}

/// Reads a file, refusing unreadable, non-UTF-8 or oversized files with a clear message. Only a
/// regular file (or a symlink to one) is read: a named pipe would block forever and a device such
/// as `/dev/zero` never ends. A UTF-8 byte-order mark, which Windows editors write, is dropped.
pub fn read_file(path: &Path, label: &str) -> Result<String, Diagnostic> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(label, format!("cannot read file: {e}")))?;
    if metadata.is_dir() {
        return Err(Diagnostic::error(
            label,
            "is a folder, expected a YAML file",
        ));
    }
    if !metadata.is_file() {
        return Err(Diagnostic::error(
            label,
            format!(
                "is {}, not a regular file; omd reads YAML files only",
                describe_file_type(&metadata.file_type())
            ),
        ));
    }
    let too_big = |size: u64| {
        Diagnostic::error(
            label,
            format!("file is {size} bytes or more, more than the {MAX_FILE_BYTES} bytes allowed"),
        )
    };
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_big(metadata.len()));
    }
    // The cap bounds what is read, not only what the file claims: a file can grow while read.
    // Room for the size the file claims and one byte more, so a file is read in one call (and
    // a second that finds its end) rather than in growing pieces.
    let mut bytes = Vec::with_capacity(metadata.len() as usize + 1);
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Diagnostic::error(label, format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    let text = String::from_utf8(bytes)
        .map_err(|_| Diagnostic::error(label, "file is not valid UTF-8 text"))?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// What kind of file-system object this is, for messages ("a named pipe (FIFO)").
pub fn describe_file_type(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symlink"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

/// A value of the wrong type or outside its allowed values, in plain words, for a caller that
/// knows more than the file's types to say it better (an answers file knows each question's
/// scale, so "a whole number" can become "a whole number from 0 to 4").
#[derive(Debug)]
pub struct Mismatch<'a> {
    /// Path of the value, as the locator spells it: `answers.q1.level`.
    pub path: &'a str,
    /// What was found: "`two`", "a list".
    pub found: &'a str,
    /// What is allowed: "a whole number (0 or more)", "low, medium or high".
    pub allowed: &'a str,
}

/// Rephrases a mismatch in the caller's words; `None` keeps the general message.
pub type Explain<'a> = &'a dyn Fn(&Mismatch) -> Option<String>;

/// A document parsed in spite of some problems: the value with its unknown fields dropped, and
/// the errors, so that validation can go on and every problem is reported in one run.
pub struct Recovered<T> {
    pub parsed: Parsed<T>,
    /// Unknown fields and repeated keys; empty when the document is sound.
    pub errors: Vec<Diagnostic>,
}

/// Unknown fields recorded in one file before giving up on it: more is not a typo but the wrong
/// file.
pub const MAX_UNKNOWN_FIELDS: usize = 100;

/// Bytes of YAML re-parsed while looking for unknown fields, at most. Each pass re-reads the
/// whole document (one pass per kind of mapping with unknown fields, usually a handful), so a
/// large file gets fewer passes and a hostile one cannot keep omd busy.
const RECOVERY_BUDGET_BYTES: usize = 16 * 1024 * 1024;

/// Parses `text` (from the file called `label`) into `T`. Reports a syntax or type error with its
/// position, every unknown field, and every repeated mapping key (serde_yaml silently keeps the
/// last one).
pub fn parse<T: Document>(label: &str, text: &str) -> Result<Parsed<T>, Vec<Diagnostic>> {
    let recovered = parse_recovering(label, text, &|_| None)?;
    if recovered.errors.is_empty() {
        Ok(recovered.parsed)
    } else {
        Err(recovered.errors)
    }
}

/// Like [`parse`], but a document whose only faults are unknown fields or repeated keys still
/// yields its value (without the unknown fields) beside the errors, so the caller can validate
/// the rest. Type errors are phrased by `explain` where it knows better.
pub fn parse_recovering<T: Document>(
    label: &str,
    text: &str,
    explain: Explain,
) -> Result<Recovered<T>, Vec<Diagnostic>> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(
            label,
            format!("document is larger than the {MAX_FILE_BYTES} bytes allowed"),
        )]);
    }
    let locator = Locator::new(text);
    // serde_yaml slows down badly on hostile nesting, so a document that might nest too deep is
    // walked first; an ordinary one cannot, and is not.
    match nesting(text) {
        Nesting::Shallow => {}
        Nesting::Unsure => {
            if let Some(error) = unreadable(label, locator.index()) {
                return Err(vec![error]);
            }
        }
        Nesting::TooDeep(position) => return Err(vec![too_deep(label, position)]),
    }
    // The fast path: a sound document is parsed once, straight from the text.
    let error = match serde_yaml::from_str::<T>(text) {
        Ok(value) => {
            let errors = if value.has_repeated_keys() {
                locator.repeated_keys(label)
            } else {
                Vec::new()
            };
            return Ok(Recovered {
                parsed: Parsed { value, locator },
                errors,
            });
        }
        Err(error) => error,
    };
    let index = locator.index();
    if let Some(error) = unreadable(label, index) {
        return Err(vec![error]);
    }
    let mut recovery = Recovery {
        label,
        text,
        locator: &locator,
        explain,
        tree: None,
    };
    let (value, mut errors) = match recovery.run::<T>() {
        Some(Ok(recovered)) => recovered,
        Some(Err(errors)) => return Err(errors),
        // A repeated key is what a map or struct refused; say it with both places.
        None if !index.duplicates.is_empty() => return Err(locator.repeated_keys(label)),
        None => return Err(serde_error(label, &error)),
    };
    errors.extend(locator.repeated_keys(label));
    Ok(Recovered {
        parsed: Parsed { value, locator },
        errors,
    })
}

/// The syntax error or the excessive nesting the event pass found, if any.
fn unreadable(label: &str, index: &Index) -> Option<Diagnostic> {
    if let Some((message, position)) = &index.syntax {
        return Some(Diagnostic::error(label, message).at(Some(*position)));
    }
    Some(too_deep(label, index.too_deep?))
}

fn too_deep(label: &str, position: (usize, usize)) -> Diagnostic {
    Diagnostic::error(
        label,
        format!("nesting deeper than {MAX_DEPTH} levels; no omd file needs that"),
    )
    .at(Some(position))
}

/// How deep `text` could nest, by a quick look that never underestimates.
#[derive(Debug, PartialEq, Eq)]
enum Nesting {
    /// Certainly within `MAX_DEPTH`: parse without walking first.
    Shallow,
    /// Possibly deeper: walk the events first, which measures it exactly.
    Unsure,
    /// A line opens more than `MAX_DEPTH` block sequences (`- - - … x`), at this line and
    /// column. Refused before any parser sees it: both overflow their stack on such a line.
    TooDeep((usize, usize)),
}

/// Every open bracket counts (even in quotes), and so does every column of a line's lead of
/// indentation and block indicators, at a level and a half each (a block sequence may share its
/// parent key's column). Ordinary files stay far below the bound.
fn nesting(text: &str) -> Nesting {
    let (mut flow, mut deepest_flow, mut widest_lead) = (0usize, 0usize, 0usize);
    for (number, line) in text.lines().enumerate() {
        let lead = line.len() - line.trim_start_matches([' ', '-', '?', ':']).len();
        widest_lead = widest_lead.max(lead);
        if lead > MAX_DEPTH {
            if let Some(column) = opened_sequences_beyond_limit(line) {
                return Nesting::TooDeep((number + 1, column));
            }
        }
    }
    // Most files open no bracket at all: two quick searches say so without a look at each byte.
    let bytes = text.as_bytes();
    if bytes.contains(&b'[') || bytes.contains(&b'{') {
        for &byte in bytes {
            match byte {
                b'[' | b'{' => {
                    flow += 1;
                    deepest_flow = deepest_flow.max(flow);
                }
                b']' | b'}' => flow = flow.saturating_sub(1),
                _ => {}
            }
        }
    }
    if deepest_flow + widest_lead * 3 / 2 + 1 >= MAX_DEPTH {
        Nesting::Unsure
    } else {
        Nesting::Shallow
    }
}

/// The column of the block-sequence dash that opens level `MAX_DEPTH + 1` on this line, if the
/// line opens that many (`- - - x`: each `-` followed by a space opens a sequence in the last).
fn opened_sequences_beyond_limit(line: &str) -> Option<usize> {
    let mut opened = 0;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' => i += 1,
            b'-' if bytes.get(i + 1).is_none_or(|b| *b == b' ') => {
                opened += 1;
                if opened > MAX_DEPTH {
                    return Some(i + 1);
                }
                i += 1;
            }
            _ => return None,
        }
    }
    None
}

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// The slow path, taken only when the typed parse failed: find each failing value by its path;
/// on an unknown field, drop (and record) every unknown field of that kind of mapping and parse
/// again; describe the first other error in plain words, at the position the locator has for
/// its path.
struct Recovery<'a> {
    label: &'a str,
    text: &'a str,
    locator: &'a Locator,
    explain: Explain<'a>,
    /// The document as a generic tree, built when the first unknown field is dropped.
    tree: Option<serde_yaml::Value>,
}

/// `None` to report serde_yaml's own error; else the value with the unknown fields it had, or
/// every error found.
type RecoveryOutcome<T> = Option<Result<(T, Vec<Diagnostic>), Vec<Diagnostic>>>;

/// A failed typed parse: where (`None` when a key on the way is not text), and the message
/// without its position.
struct Failure {
    steps: Option<Vec<Step>>,
    message: String,
}

impl Recovery<'_> {
    /// `None` when serde_yaml's own error says it best (the document cannot be read as a
    /// generic tree, or the first error is of no kind this explains); otherwise the value and
    /// the unknown fields dropped from it, or every error found.
    fn run<T: DeserializeOwned>(&mut self) -> RecoveryOutcome<T> {
        let mut unknown: Vec<(Diagnostic, (usize, usize))> = Vec::new();
        let mut text = self.text.to_string();
        let mut budget = RECOVERY_BUDGET_BYTES;
        // Stops with what was found; `last` is the problem that stopped it, if any.
        let give_up = |unknown: Vec<(Diagnostic, (usize, usize))>, last: Option<Diagnostic>| {
            if unknown.is_empty() && last.is_none() {
                return None;
            }
            Some(Err(in_file_order(unknown)
                .into_iter()
                .chain(last)
                .collect()))
        };
        loop {
            let failure = match typed_parse::<T>(&text) {
                Ok(value) => return Some(Ok((value, in_file_order(unknown)))),
                Err(failure) => failure,
            };
            let Some(steps) = failure.steps else {
                // A path omd cannot follow (a key that is not text): serde_yaml's words.
                if unknown.is_empty() {
                    return None;
                }
                return give_up(
                    unknown,
                    Some(Diagnostic::error(self.label, failure.message)),
                );
            };
            let path = path_string(&steps);
            match plain_words::classify(&failure.message) {
                Problem::UnknownField { allowed } => {
                    if text.len() > budget {
                        let message = "more unknown fields may follow; fix these and run again";
                        return give_up(unknown, Some(Diagnostic::error(self.label, message)));
                    }
                    budget -= text.len();
                    let Some((Step::Key(_), parent)) = steps.split_last() else {
                        return give_up(unknown, None);
                    };
                    let mut removed = Vec::new();
                    let tree = self.tree()?;
                    sweep(tree, parent, &mut Vec::new(), &allowed, &mut removed);
                    if removed.is_empty() {
                        return give_up(unknown, None);
                    }
                    let Ok(pruned) = serde_yaml::to_string(tree) else {
                        return give_up(unknown, None);
                    };
                    text = pruned;
                    let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
                    for steps in removed {
                        let Some(Step::Key(key)) = steps.last() else {
                            continue;
                        };
                        let position = self.locator.find(&path_string(&steps));
                        let diagnostic = Diagnostic::error(
                            self.label,
                            format!("unknown field `{key}`{}", unknown_field_hint(key, &names)),
                        )
                        .at(position);
                        unknown.push((diagnostic, position.unwrap_or((usize::MAX, 0))));
                    }
                    if unknown.len() > MAX_UNKNOWN_FIELDS {
                        unknown.sort_by_key(|(_, position)| *position);
                        unknown.truncate(MAX_UNKNOWN_FIELDS);
                        let message = format!(
                            "more than {MAX_UNKNOWN_FIELDS} unknown fields; is this the right file?"
                        );
                        return give_up(unknown, Some(Diagnostic::error(self.label, message)));
                    }
                }
                // A first error that is neither a type error nor an enum's value (a missing
                // field...) is serde_yaml's own, which knows its position best.
                Problem::Other(_) if unknown.is_empty() => return None,
                problem => {
                    let message = self.describe::<T>(&steps, &path, problem);
                    let last =
                        Diagnostic::error(self.label, message).at(self.locator.find_value(&path));
                    return give_up(unknown, Some(last));
                }
            }
        }
    }

    fn tree(&mut self) -> Option<&mut serde_yaml::Value> {
        if self.tree.is_none() {
            self.tree = Some(serde_yaml::from_str(self.text).ok()?);
        }
        self.tree.as_mut()
    }

    /// A type error or a value outside an enum as "FIELD must be ALLOWED, found FOUND".
    fn describe<T: DeserializeOwned>(
        &mut self,
        steps: &[Step],
        path: &str,
        problem: Problem,
    ) -> String {
        let (found, allowed, suggestion) = match problem {
            Problem::UnknownVariant { found, allowed } => {
                let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
                let suggestion = suggest::did_you_mean(&found, names.iter().copied());
                (format!("`{found}`"), suggest::one_of(&names), suggestion)
            }
            Problem::WrongType { found, expected } => {
                let allowed = match plain_words::expected_words(&expected) {
                    Some(words) => words,
                    None => self.look_up_allowed::<T>(steps, &expected),
                };
                (found, allowed, String::new())
            }
            // serde_yaml's own message, which already names the path.
            Problem::Other(message) => return message,
            Problem::UnknownField { allowed } => {
                return format!("unknown field at {path} (allowed: {})", allowed.join(", "))
            }
        };
        let mismatch = Mismatch {
            path,
            found: &found,
            allowed: &allowed,
        };
        if let Some(message) = (self.explain)(&mismatch) {
            return message;
        }
        format!(
            "{} must be {allowed}, found {found}{suggestion}",
            field_name(steps)
        )
    }

    /// What an enum or a struct accepts, found by parsing again with a stand-in value that
    /// cannot fit: serde then lists the enum's values or the struct's fields.
    fn look_up_allowed<T: DeserializeOwned>(&mut self, steps: &[Step], expected: &str) -> String {
        const STAND_IN: &str = "omd-stand-in";
        let is_struct = expected.starts_with("struct ");
        let fallback = if is_struct {
            "a mapping of `field: value` lines".to_string()
        } else {
            "one of its allowed values".to_string()
        };
        let Some(mut tree) = self.tree().cloned() else {
            return fallback;
        };
        let replacement = if is_struct {
            let mut mapping = serde_yaml::Mapping::new();
            mapping.insert(STAND_IN.into(), serde_yaml::Value::Null);
            serde_yaml::Value::Mapping(mapping)
        } else {
            STAND_IN.into()
        };
        let Some(node) = node_mut(&mut tree, steps) else {
            return fallback;
        };
        *node = replacement;
        let Some(Err(failure)) = serde_yaml::to_string(&tree)
            .ok()
            .map(|text| typed_parse::<T>(&text))
        else {
            return fallback;
        };
        let reached = failure.steps.as_deref().and_then(|s| s.get(..steps.len()));
        if reached != Some(steps) {
            return fallback;
        }
        match plain_words::classify(&failure.message) {
            Problem::UnknownVariant { allowed, .. } => {
                let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
                suggest::one_of(&names)
            }
            Problem::UnknownField { allowed } if is_struct => {
                let names: Vec<&str> = allowed.iter().map(String::as_str).collect();
                format!("a mapping with the fields {}", suggest::all_of(&names))
            }
            _ => fallback,
        }
    }
}

/// Parses `text` into `T`, recording where a failure happened.
fn typed_parse<T: DeserializeOwned>(text: &str) -> Result<T, Failure> {
    serde_path_to_error::deserialize::<_, T>(serde_yaml::Deserializer::from_str(text)).map_err(
        |error| {
            let steps = error
                .path()
                .iter()
                .map(|segment| match segment {
                    Segment::Map { key } => Some(Step::Key(key.clone())),
                    Segment::Seq { index } => Some(Step::Index(*index)),
                    Segment::Enum { .. } | Segment::Unknown => None,
                })
                .collect();
            let message = clean_message(&error.into_inner().to_string());
            Failure { steps, message }
        },
    )
}

/// "; did you mean `x`?" for an unknown field, or the fields allowed where it is.
fn unknown_field_hint(key: &str, allowed: &[&str]) -> String {
    match suggest::closest(key, allowed.iter().copied()) {
        Some(close) => format!("; did you mean `{close}`?"),
        None if allowed.is_empty() => "; nothing is allowed here".to_string(),
        None => format!(" (allowed here: {})", suggest::one_of(allowed)),
    }
}

/// The unknown-field errors sorted by their position, as a reader meets them.
fn in_file_order(mut unknown: Vec<(Diagnostic, (usize, usize))>) -> Vec<Diagnostic> {
    unknown.sort_by_key(|(_, position)| *position);
    unknown.into_iter().map(|(d, _)| d).collect()
}

/// Removes from every mapping that `pattern` reaches the keys outside `allowed`, recording
/// their paths in `removed`. An index in `pattern` stands for every item of its list: the items
/// of one list have one type, so one failure names the allowed fields for all of them, and one
/// pass finds every unknown field of that type instead of one pass per field.
fn sweep(
    node: &mut serde_yaml::Value,
    pattern: &[Step],
    at: &mut Vec<Step>,
    allowed: &[String],
    removed: &mut Vec<Vec<Step>>,
) {
    let mut node = node;
    while let serde_yaml::Value::Tagged(tagged) = node {
        node = &mut tagged.value;
    }
    match (pattern.split_first(), node) {
        (None, serde_yaml::Value::Mapping(mapping)) => {
            let unknown: Vec<String> = mapping
                .keys()
                .filter_map(|k| k.as_str())
                .filter(|k| !allowed.iter().any(|a| a == k))
                .map(str::to_string)
                .collect();
            for key in unknown {
                mapping.shift_remove(key.as_str());
                let mut path = at.clone();
                path.push(Step::Key(key));
                removed.push(path);
            }
        }
        (Some((Step::Key(key), rest)), serde_yaml::Value::Mapping(mapping)) => {
            let Some(child) = find_key(mapping, key).and_then(|k| mapping.get_mut(&k)) else {
                return;
            };
            at.push(Step::Key(key.clone()));
            sweep(child, rest, at, allowed, removed);
            at.pop();
        }
        (Some((Step::Index(_), rest)), serde_yaml::Value::Sequence(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                at.push(Step::Index(i));
                sweep(item, rest, at, allowed, removed);
                at.pop();
            }
        }
        _ => {}
    }
}

/// `questions[1].txet`, as the locator spells paths.
fn path_string(steps: &[Step]) -> String {
    let mut path = String::new();
    for step in steps {
        match step {
            Step::Key(key) => path = join_key(&path, key),
            Step::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// The name a message gives the value at `steps`: its key, "entries of KEY" for a list's item,
/// "the file" for the whole document.
fn field_name(steps: &[Step]) -> String {
    match steps {
        [] => "the file".to_string(),
        [.., Step::Key(key)] => key.clone(),
        [.., Step::Key(key), Step::Index(_)] => format!("entries of {key}"),
        [.., Step::Index(_)] => "entries".to_string(),
    }
}

/// The key of `mapping` that reads as `key` (YAML keys may be numbers or booleans).
fn find_key(mapping: &serde_yaml::Mapping, key: &str) -> Option<serde_yaml::Value> {
    mapping
        .keys()
        .find(|k| match k {
            serde_yaml::Value::String(s) => s == key,
            serde_yaml::Value::Number(n) => n.to_string() == key,
            serde_yaml::Value::Bool(b) => b.to_string() == key,
            _ => false,
        })
        .cloned()
}

fn node_mut<'t>(
    tree: &'t mut serde_yaml::Value,
    steps: &[Step],
) -> Option<&'t mut serde_yaml::Value> {
    let mut node = tree;
    for step in steps {
        while let serde_yaml::Value::Tagged(tagged) = node {
            node = &mut tagged.value;
        }
        node = match (step, node) {
            (Step::Key(key), serde_yaml::Value::Mapping(mapping)) => {
                let key = find_key(mapping, key)?;
                mapping.get_mut(&key)?
            }
            (Step::Index(index), serde_yaml::Value::Sequence(items)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

fn serde_error(label: &str, error: &serde_yaml::Error) -> Vec<Diagnostic> {
    let position = error.location().map(|l| (l.line(), l.column()));
    vec![Diagnostic::error(label, clean_message(&error.to_string())).at(position)]
}

/// Serialises `value` as YAML text.
pub fn to_string<T: Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_yaml::to_string(value)?)
}

/// serde_yaml puts " at line L column C" into its messages; we print the position up front.
fn clean_message(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(start) = out.find(" at line ") {
        let rest = &out[start + 9..];
        let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
        let line_len = digits(rest);
        let Some(after_line) = rest[line_len..].strip_prefix(" column ") else {
            break;
        };
        let column_len = digits(after_line);
        if line_len == 0 || column_len == 0 {
            break;
        }
        let end = start + 9 + line_len + " column ".len() + column_len;
        out.replace_range(start..end, "");
    }
    out
}

enum Frame {
    Map {
        path: String,
        key: Option<String>,
        seen: HashMap<String, (usize, usize)>,
    },
    Seq {
        path: String,
        index: usize,
    },
}

/// A key seen twice in one mapping.
#[derive(Debug, Clone)]
struct RepeatedKey {
    /// Path of the mapping.
    path: String,
    key: String,
    at: (usize, usize),
    first: (usize, usize),
}

/// Records the position of every node by path, and repeated keys, from parser events.
#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    positions: HashMap<String, (usize, usize)>,
    values: HashMap<String, (usize, usize)>,
    /// Where nesting first went deeper than `MAX_DEPTH`.
    too_deep: Option<(usize, usize)>,
    duplicates: Vec<RepeatedKey>,
}

fn join_key(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Walker {
    /// Called for every node in value position; returns the node's path.
    fn value_path(&mut self, position: (usize, usize)) -> String {
        let path = match self.stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { path, key, .. }) => match key.take() {
                Some(key) => join_key(path, &key),
                None => path.clone(),
            },
            Some(Frame::Seq { path, index }) => {
                let p = format!("{path}[{index}]");
                *index += 1;
                p
            }
        };
        self.positions.entry(path.clone()).or_insert(position);
        self.values.entry(path.clone()).or_insert(position);
        path
    }

    fn note_depth(&mut self, position: (usize, usize)) {
        if self.stack.len() >= MAX_DEPTH && self.too_deep.is_none() {
            self.too_deep = Some(position);
        }
    }

    /// True when the next scalar of the innermost mapping is a key.
    fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let position = (mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(text, ..) if self.expects_key() => {
                if let Some(Frame::Map { path, key, seen }) = self.stack.last_mut() {
                    let key_path = join_key(path, &text);
                    if seen.is_empty() {
                        // A block mapping's start is marked at its first `:`; its first key is
                        // where a reader sees it begin.
                        for map in [&mut self.positions, &mut self.values] {
                            if let Some(start) = map.get_mut(path.as_str()) {
                                *start = (*start).min(position);
                            }
                        }
                    }
                    if let Some(first) = seen.get(&text) {
                        self.duplicates.push(RepeatedKey {
                            path: path.clone(),
                            key: text.clone(),
                            at: position,
                            first: *first,
                        });
                    } else {
                        seen.insert(text.clone(), position);
                    }
                    self.positions.entry(key_path).or_insert(position);
                    *key = Some(text);
                }
            }
            Event::Scalar(..) | Event::Alias(_) => {
                self.value_path(position);
            }
            Event::MappingStart(..) => {
                // A mapping used as a key is legal YAML but never valid for us; serde rejects it.
                let path = if self.expects_key() {
                    "?".to_string()
                } else {
                    self.value_path(position)
                };
                self.note_depth(position);
                self.stack.push(Frame::Map {
                    path,
                    key: None,
                    seen: HashMap::new(),
                });
            }
            Event::SequenceStart(..) => {
                let path = if self.expects_key() {
                    "?".to_string()
                } else {
                    self.value_path(position)
                };
                self.note_depth(position);
                self.stack.push(Frame::Seq { path, index: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// A plain map keeps the last of repeated keys; these tests use it for type errors only.
    impl<V: DeserializeOwned> Document for BTreeMap<String, V> {}

    #[test]
    fn locates_nested_nodes() {
        let text = "a: 1\nlist:\n  - id: x\n    deep:\n      k: v\n  - id: y\n";
        let parsed: Parsed<serde_yaml::Value> = parse("t.yaml", text).unwrap();
        assert_eq!(parsed.locator.find("list[1].id"), Some((6, 5)));
        assert_eq!(parsed.locator.find("list[0].deep.k"), Some((5, 7)));
        assert_eq!(parsed.locator.find("list[0].deep.missing"), Some((4, 5)));
        assert_eq!(parsed.locator.find_value("list[0].deep"), Some((5, 7)));
        assert_eq!(parsed.locator.find_value(""), Some((1, 1)));
    }

    #[test]
    fn ordinary_files_are_not_walked_before_parsing_and_deep_ones_are() {
        let shipped = include_str!("../../questionnaires/ai-operating-model.yaml");
        assert_eq!(nesting(shipped), Nesting::Shallow);
        let flow = format!("a: {}{}", "[".repeat(70), "]".repeat(70));
        assert_eq!(nesting(&flow), Nesting::Unsure);
        assert_eq!(
            nesting(&format!("a:\n{}x\n", "- ".repeat(40))),
            Nesting::Unsure
        );
        let block: String = (0..60)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(nesting(&block), Nesting::Unsure);
        let dashes = format!("a:\n{}x\n", "- ".repeat(100_000));
        assert_eq!(nesting(&dashes), Nesting::TooDeep((2, 129)));
    }

    #[test]
    fn thousands_of_levels_are_refused_without_overflowing_the_stack() {
        let stairs: String = (0..2500)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let keys = format!("a:\n{}x\n", "? ".repeat(50_000));
        let mixed = format!("a:\n{}x\n", "- ? ".repeat(50_000));
        for text in [stairs, keys, mixed] {
            let errors = parse::<serde_yaml::Value>("t.yaml", &text).err().unwrap();
            assert!(
                errors[0].message.contains("nesting deeper than"),
                "{}",
                errors[0]
            );
        }
    }

    #[test]
    fn a_sound_document_is_parsed_without_walking_it() {
        let parsed: Parsed<serde_yaml::Value> = parse("t.yaml", "a: 1\nb: [2, 3]\n").unwrap();
        assert!(parsed.locator.index.get().is_none(), "walked without need");
        assert_eq!(parsed.locator.find("b"), Some((2, 1)));
        assert!(parsed.locator.index.get().is_some());
    }

    #[test]
    fn repeated_key_is_an_error() {
        let text = "answers:\n  q1: 1\n  q2: 2\n  q1: 3\n";
        let errors = parse::<serde_yaml::Value>("t.yaml", text).err().unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(4));
        assert!(errors[0].message.contains("`q1` repeated"), "{}", errors[0]);
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Profile {
        name: String,
        tier: Tier,
        #[serde(default)]
        weeks: Vec<u32>,
    }

    impl Document for Profile {}

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Tier {
        Low,
        High,
    }

    fn errors_of(text: &str) -> Vec<String> {
        match parse_recovering::<Profile>("t.yaml", text, &|_| None) {
            Ok(recovered) => recovered.errors.iter().map(|e| e.to_string()).collect(),
            Err(errors) => errors.iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn every_unknown_field_is_reported_and_the_rest_still_parses() {
        let text = "nmae: x\nname: 3\ntier: low\nextra: 1\n";
        let recovered = parse_recovering::<Profile>("t.yaml", text, &|_| None).unwrap();
        // A number where text is wanted is text, as on the fast path: dropping fields must not
        // make the rest of the file stricter.
        assert_eq!(recovered.parsed.value.name, "3");
        let errors: Vec<String> = recovered.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            errors,
            [
                "t.yaml:1:1: error: unknown field `nmae`; did you mean `name`?",
                "t.yaml:4:1: error: unknown field `extra` (allowed here: name, tier or weeks)",
            ]
        );
        assert!(parse::<Profile>("t.yaml", text).is_err());
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
        #[serde(default)]
        owner: Option<Item>,
    }

    impl Document for Doc {}

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
    }

    #[test]
    fn unknown_fields_in_every_item_of_a_list_are_found_in_file_order() {
        let text = "owner: {id: o, idd: 1}\nitems:\n  - id: a\n    x: 1\n  - id: b\n  - id: c\n    y: 2\nz: 3\n";
        let recovered = parse_recovering::<Doc>("t.yaml", text, &|_| None).unwrap();
        assert_eq!(recovered.parsed.value.items.len(), 3);
        let lines: Vec<String> = recovered
            .errors
            .iter()
            .map(|e| format!("{}:{}", e.line.unwrap_or(0), e.message))
            .collect();
        assert_eq!(
            lines,
            [
                "1:unknown field `idd`; did you mean `id`?",
                "4:unknown field `x` (allowed here: id)",
                "7:unknown field `y` (allowed here: id)",
                "8:unknown field `z` (allowed here: items or owner)",
            ]
        );
    }

    #[test]
    fn unknown_fields_are_bounded() {
        let mut text = String::from("name: x\ntier: low\n");
        for i in 0..150 {
            text.push_str(&format!("junk{i}: 1\n"));
        }
        let errors = errors_of(&text);
        assert_eq!(errors.len(), MAX_UNKNOWN_FIELDS + 1);
        assert!(errors[MAX_UNKNOWN_FIELDS].contains("is this the right file?"));
    }

    #[test]
    fn wrong_values_are_told_in_plain_words() {
        assert_eq!(
            errors_of("name: x\ntier: hihg\n"),
            ["t.yaml:2:7: error: tier must be low or high, found `hihg`; did you mean `high`?"]
        );
        assert_eq!(
            errors_of("name: x\ntier: [low]\n"),
            ["t.yaml:2:7: error: tier must be low or high, found a list"]
        );
        assert_eq!(
            errors_of("name: x\ntier: low\nweeks: [1, two]\n"),
            ["t.yaml:3:12: error: entries of weeks must be a whole number (0 or more), found `two`"]
        );
        assert_eq!(
            errors_of("name: [x]\ntier: low\n"),
            ["t.yaml:1:7: error: name must be text, found a list"]
        );
        assert_eq!(
            errors_of("- x\n"),
            ["t.yaml:1:1: error: the file must be a mapping with the fields name, tier and weeks, found a list"]
        );
    }

    #[test]
    fn unknown_field_and_type_error_are_reported_together() {
        assert_eq!(
            errors_of("name: x\nextra: 1\ntier: 7\n"),
            [
                "t.yaml:2:1: error: unknown field `extra` (allowed here: name, tier or weeks)",
                "t.yaml:3:7: error: tier must be low or high, found `7`",
            ]
        );
    }

    #[test]
    fn explain_rephrases_a_mismatch() {
        let explain =
            |m: &Mismatch| Some(format!("{} wants {}, not {}", m.path, m.allowed, m.found));
        let errors =
            parse_recovering::<Profile>("t.yaml", "name: x\ntier: low\nweeks: [x]\n", &explain)
                .err()
                .unwrap();
        assert_eq!(
            errors[0].message,
            "weeks[0] wants a whole number (0 or more), not `x`"
        );
    }

    #[test]
    fn type_error_has_position() {
        let errors = parse::<BTreeMap<String, u8>>("t.yaml", "a: 1\nb: nope\n")
            .err()
            .unwrap();
        assert_eq!(errors[0].line, Some(2));
        assert!(!errors[0].message.contains("at line"));
    }
}
