//! Saving a YAML file that a person may have annotated: only what changed is edited, so their
//! comments and layout survive (a consultant keeps notes in answers files under git).
//!
//! Values that change in place (a level, a note, a flow entry replaced as a whole, a key
//! removed) are edited with `yaml-edit`, a lossless editor that keeps end-of-line comments and
//! block scalars. New entries of a block mapping are placed by [`insert_entry`] instead: yaml-edit
//! puts them before the comments that end the previous entry, and always indents their contents by
//! two spaces, whatever the file uses. Every edit is checked by parsing the result again; when it
//! does not hold exactly the intended value, or lost a comment it should have kept, the file is
//! written afresh, with its comments gathered at its end rather than dropped.

use std::str::FromStr;

use serde::Serialize;
use serde_yaml::{Mapping, Value};
use yaml_edit::YamlFile;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::yaml;

/// The text to write, and how it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Updated {
    /// Only what changed was edited; every other byte is as it was.
    InPlace(String),
    /// Written afresh: the file could not be edited in place, but had no comments to lose.
    Rewritten(String),
    /// Written afresh, because it could not be edited in place safely: the comments the old file
    /// started with stay at the top, the others are gathered at the end.
    CommentsMoved(String),
}

impl Updated {
    pub fn text(&self) -> &str {
        match self {
            Updated::InPlace(text) | Updated::Rewritten(text) | Updated::CommentsMoved(text) => {
                text
            }
        }
    }

    /// The same update, its text after a byte-order mark.
    fn after_bom(self) -> Updated {
        let marked = |text: String| format!("{BOM}{text}");
        match self {
            Updated::InPlace(text) => Updated::InPlace(marked(text)),
            Updated::Rewritten(text) => Updated::Rewritten(marked(text)),
            Updated::CommentsMoved(text) => Updated::CommentsMoved(marked(text)),
        }
    }
}

/// The heading of the comments kept at the end of a file that had to be written afresh.
pub const MOVED_COMMENTS_HEADING: &str =
    "# omd could not edit this file in place; its comments, kept in their order:";

/// The byte-order mark some editors put at the start of a UTF-8 file.
const BOM: char = '\u{feff}';

/// The text of `old` changed so that it holds `new`: in place when that can be done safely, else
/// written afresh (see [`Updated`]). An edit that does not parse back to `new` is never returned.
/// A byte-order mark `old` starts with is kept.
pub fn update<T>(old: &str, new: &T) -> anyhow::Result<Updated>
where
    T: Serialize + yaml::Document,
{
    // The mark is not YAML, and the editor would not find the file's first line behind it: the
    // text after it is edited, and the mark put back where it was.
    match old.strip_prefix(BOM) {
        Some(rest) => Ok(update_unmarked(rest, new)?.after_bom()),
        None => update_unmarked(old, new),
    }
}

/// [`update`] of a text that does not start with a byte-order mark.
fn update_unmarked<T>(old: &str, new: &T) -> anyhow::Result<Updated>
where
    T: Serialize + yaml::Document,
{
    if let Some(text) = edit_in_place(old, new) {
        return Ok(Updated::InPlace(text));
    }
    let fresh = yaml::to_string(new)?;
    let comments = comments(old).unwrap_or_else(|| comment_lines(old));
    if comments.is_empty() {
        return Ok(Updated::Rewritten(fresh));
    }
    // The comments the file starts with (who, when) stay at the top, where they were.
    let header: String = old
        .split_inclusive('\n')
        .take_while(|line| {
            let line = line.trim();
            line.is_empty() || line.starts_with('#')
        })
        .collect();
    let in_header = comment_lines(&header).len();
    let mut text = header;
    text.push_str(&fresh);
    if let Some(rest) = comments.get(in_header..).filter(|rest| !rest.is_empty()) {
        text.push('\n');
        text.push_str(MOVED_COMMENTS_HEADING);
        text.push('\n');
        for comment in rest {
            text.push_str(comment);
            text.push('\n');
        }
    }
    Ok(Updated::CommentsMoved(text))
}

/// `old` edited to hold `new`, if that can be done and checks out.
fn edit_in_place<T>(old: &str, new: &T) -> Option<String>
where
    T: Serialize + yaml::Document,
{
    // The old file as omd reads it, normalised: entries equal here are left alone even where
    // their text differs from what omd would write (`note: null`, quoted numbers...).
    let before: T = yaml::parse::<T>("", old).ok()?.value;
    let (Value::Mapping(before), Value::Mapping(after)) = (
        serde_yaml::to_value(&before).ok()?,
        serde_yaml::to_value(new).ok()?,
    ) else {
        return None;
    };
    let file = YamlFile::from_str(old).ok()?;
    let mut documents = file.documents();
    let document = documents.next()?;
    if documents.next().is_some() {
        return None;
    }
    let root = document.as_mapping()?;
    let mut edits = Edits::default();
    sync(&root, &before, &after, &mut Vec::new(), &mut edits)?;
    let mut text = file.to_string();
    for insert in &edits.inserts {
        text = insert_entry(
            &text,
            &insert.path,
            &insert.key,
            &insert.value,
            insert.after.as_deref(),
        )?;
    }
    // Compared as YAML values, whose mappings are equal whatever their order: the file keeps the
    // order its entries have.
    let parsed: T = yaml::parse::<T>("", &text).ok()?.value;
    let same = serde_yaml::to_value(&parsed).ok()? == Value::Mapping(after);
    if !same || !comments_kept(&comments(old)?, &comments(&text)?, edits.may_lose) {
        return None;
    }
    Some(text)
}

/// A new entry for a block mapping, placed once the in-place edits are done.
struct Insert {
    /// Keys leading to the mapping, from the top.
    path: Vec<String>,
    key: String,
    value: Value,
    /// The entry to put it after; the mapping's last entry when `None`.
    after: Option<String>,
}

#[derive(Default)]
struct Edits {
    inserts: Vec<Insert>,
    /// Comments inside values replaced or removed: those went with what omd changed.
    may_lose: Vec<String>,
}

/// Edits `map` (whose values omd reads as `before`) to hold `after`, key by key.
fn sync(
    map: &yaml_edit::Mapping,
    before: &Mapping,
    after: &Mapping,
    path: &mut Vec<String>,
    edits: &mut Edits,
) -> Option<()> {
    let mut previous: Option<String> = None;
    for (key, value) in after {
        let key_text = key.as_str()?;
        match before.get(key) {
            Some(old) if old == value => {}
            Some(old) => {
                let nested = map
                    .get_mapping(key_text)
                    .filter(|m| !m.is_flow_style() && !m.is_empty());
                match (nested, old, value) {
                    // Edited key by key only while one of its keys stays: removing them all
                    // first would leave nothing to place the new ones by.
                    (Some(nested), Value::Mapping(old), Value::Mapping(new))
                        if old.keys().any(|key| new.contains_key(key)) =>
                    {
                        path.push(key_text.to_string());
                        sync(&nested, old, new, path, edits)?;
                        path.pop();
                    }
                    _ => replace(map, key_text, value, edits)?,
                }
            }
            // In the file, but read as absent (`note: null`): replaced where it is.
            None if map.contains_key(key_text) => replace(map, key_text, value, edits)?,
            None if map.is_flow_style() => match &previous {
                Some(previous) => put(value, |v| {
                    map.insert_after(previous.as_str(), key_text, v);
                })?,
                None => put(value, |v| map.set(key_text, v))?,
            },
            None => edits.inserts.push(Insert {
                path: path.clone(),
                key: key_text.to_string(),
                value: value.clone(),
                after: previous.clone(),
            }),
        }
        previous = Some(key_text.to_string());
    }
    for key in before.keys().filter(|key| !after.contains_key(*key)) {
        let key_text = key.as_str()?;
        edits.may_lose.extend(entry_comments(map, key_text));
        map.remove(key_text);
    }
    Some(())
}

/// Replaces the value of `key` in `map` as a whole.
fn replace(map: &yaml_edit::Mapping, key: &str, value: &Value, edits: &mut Edits) -> Option<()> {
    edits.may_lose.extend(entry_comments(map, key));
    put(value, |v| map.set(key, v))
}

/// Hands `value`, as yaml-edit takes it, to `set`. Null and tagged values are not ours to write.
fn put(value: &Value, set: impl FnOnce(&dyn yaml_edit::AsYaml)) -> Option<()> {
    match value {
        Value::Bool(b) => set(b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), ..) => set(&u),
            (None, Some(i), _) => set(&i),
            (None, None, Some(f)) => set(&f),
            _ => return None,
        },
        Value::String(s) => set(&s.as_str()),
        Value::Mapping(_) | Value::Sequence(_) => {
            let file = YamlFile::from_str(&serde_yaml::to_string(value).ok()?).ok()?;
            let document = file.document()?;
            match value {
                Value::Mapping(_) => set(&document.as_mapping()?),
                _ => set(&document.as_sequence()?),
            }
        }
        Value::Null | Value::Tagged(_) => return None,
    }
    Some(())
}

/// The comments inside the entry `key` of `map`, which may go when its value is replaced.
fn entry_comments(map: &yaml_edit::Mapping, key: &str) -> Vec<String> {
    map.find_entry_by_key(key)
        .and_then(|entry| comments(&entry.to_string()))
        .unwrap_or_default()
}

/// Every comment of `text`, in order, with its `#`; `None` when the text does not parse.
pub fn comments(text: &str) -> Option<Vec<String>> {
    let file = YamlFile::from_str(text).ok()?;
    Some(file.comments().map(|c| c.text().to_string()).collect())
}

/// Lines that look like comments, for a text too broken to parse: better kept than lost.
fn comment_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| line.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// True when `after` holds the comments of `before` in order, except some of `may_lose`.
fn comments_kept(before: &[String], after: &[String], mut may_lose: Vec<String>) -> bool {
    let mut kept = after.iter().peekable();
    for comment in before {
        if kept.peek() == Some(&comment) {
            kept.next();
        } else if let Some(i) = may_lose.iter().position(|c| c == comment) {
            may_lose.swap_remove(i);
        } else {
            return false;
        }
    }
    kept.next().is_none()
}

/// `text` with the entry `key: value` added to the block mapping at `path`: after the entry
/// `after` (else the last one) and the lines that belong to it (its deeper comments too), before
/// any blank line or comment at the mapping's own column, which belong to what follows. The
/// entry's keys are indented as the mapping's, its fields as the entry before it has them.
fn insert_entry(
    text: &str,
    path: &[String],
    key: &str,
    value: &Value,
    after: Option<&str>,
) -> Option<String> {
    let entries = block_mapping_entries(text, path)?;
    let anchor = after
        .and_then(|after| entries.iter().find(|e| e.key == after))
        .or(entries.last())?;
    let column = anchor.column;
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = anchor.line.checked_sub(1)?;
    lines.get(first)?;
    let mut last = first;
    let mut step = None;
    for (i, line) in lines.iter().enumerate().skip(first + 1) {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            continue;
        }
        let indent = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[indent..];
        if rest.starts_with('#') {
            // A deeper comment is the entry's; a shallower one is the next entry's, unless more
            // of this entry follows it.
            if indent > column {
                last = i;
            }
            continue;
        }
        let sequence_item = indent == column && (rest == "-" || rest.starts_with("- "));
        if indent <= column && !sequence_item {
            break;
        }
        if step.is_none() {
            step = Some(indent.saturating_sub(column).max(1));
        }
        last = i;
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let entry = render_entry(key, value, column, step.unwrap_or(2), newline)?;
    let mut before: String = lines.drain(..=last).collect();
    if !before.ends_with('\n') {
        before.push_str(newline);
    }
    let rest: String = lines.concat();
    Some(format!("{before}{entry}{rest}"))
}

/// `key: value` as lines at `column`, nested values `step` further in, each line ending in
/// `newline`.
fn render_entry(
    key: &str,
    value: &Value,
    column: usize,
    step: usize,
    newline: &str,
) -> Option<String> {
    let key = serde_yaml::to_string(key).ok()?;
    let key = key.trim_end();
    let body = serde_yaml::to_string(value).ok()?;
    let indent = |width: usize, lines: &mut dyn Iterator<Item = &str>| -> String {
        lines
            .map(|line| {
                if line.is_empty() {
                    newline.to_string()
                } else {
                    format!("{}{line}{newline}", " ".repeat(width))
                }
            })
            .collect()
    };
    let pad = " ".repeat(column);
    let block = match value {
        Value::Mapping(m) => !m.is_empty(),
        Value::Sequence(s) => !s.is_empty(),
        _ => false,
    };
    let mut lines = body.lines();
    if block {
        Some(format!(
            "{pad}{key}:{newline}{}",
            indent(column + step, &mut lines)
        ))
    } else {
        let head = lines.next()?;
        Some(format!(
            "{pad}{key}: {head}{newline}{}",
            indent(column, &mut lines)
        ))
    }
}

/// A key of a block mapping and where it starts (1-based line, 0-based column).
struct EntryAt {
    key: String,
    line: usize,
    column: usize,
}

/// The entries of the block mapping at `path`; `None` if there is none there, it is a flow
/// mapping, or it has no entries.
fn block_mapping_entries(text: &str, path: &[String]) -> Option<Vec<EntryAt>> {
    let mut finder = MappingFinder {
        target: path.to_vec(),
        ..MappingFinder::default()
    };
    Parser::new_from_str(text).load(&mut finder, false).ok()?;
    let (start, entries) = finder.found?;
    let opening = text
        .lines()
        .nth(start.line().checked_sub(1)?)?
        .chars()
        .nth(start.col());
    if opening == Some('{') || entries.is_empty() {
        return None;
    }
    Some(entries)
}

enum Frame {
    Map {
        path: Vec<String>,
        key: Option<String>,
    },
    Seq,
}

/// Finds a mapping by the keys leading to it, and the keys of its entries.
#[derive(Default)]
struct MappingFinder {
    target: Vec<String>,
    stack: Vec<Frame>,
    /// The depth in `stack` of the target mapping while inside it.
    inside: Option<usize>,
    found: Option<(Marker, Vec<EntryAt>)>,
}

impl MappingFinder {
    /// The path of a node starting now in value position, `None` inside a sequence.
    fn value_path(&mut self) -> Option<Vec<String>> {
        match self.stack.last_mut() {
            None => Some(Vec::new()),
            Some(Frame::Map { path, key }) => {
                let mut path = path.clone();
                path.push(key.take()?);
                Some(path)
            }
            Some(Frame::Seq) => None,
        }
    }
}

impl MarkedEventReceiver for MappingFinder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let expects_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
        match event {
            Event::Scalar(text, ..) if expects_key => {
                if self.inside == Some(self.stack.len()) {
                    if let Some((_, entries)) = &mut self.found {
                        entries.push(EntryAt {
                            key: text.clone(),
                            line: mark.line(),
                            column: mark.col(),
                        });
                    }
                }
                if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
                    *key = Some(text);
                }
            }
            Event::Scalar(..) | Event::Alias(_) => {
                let _ = self.value_path();
            }
            Event::MappingStart(..) => {
                let path = if expects_key { None } else { self.value_path() };
                let path = path.unwrap_or_else(|| vec!["?".to_string()]);
                if path == self.target && self.found.is_none() {
                    self.found = Some((mark, Vec::new()));
                    self.inside = Some(self.stack.len() + 1);
                }
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                if !expects_key {
                    let _ = self.value_path();
                }
                self.stack.push(Frame::Seq);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if self.inside == Some(self.stack.len()) {
                    self.inside = None;
                }
                self.stack.pop();
            }
            _ => {}
        }
    }
}
