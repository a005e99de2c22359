//! Every call to a YAML library lives here or beside it in `yaml_update.rs` (editing a file in
//! place), so that replacing serde_yaml (archived upstream) touches these two files only. Typed parsing goes through serde_yaml; positions of nodes and repeated keys
//! come from a second, event-level pass with yaml-rust2, which serde_yaml cannot give.

use std::collections::HashMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

use super::diagnostic::Diagnostic;

/// Largest YAML file we read. A questionnaire of a hundred questions is well under 1 MiB; anything
/// far larger is a mistake or an attack, and is refused before parsing.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Deepest nesting of mappings and sequences accepted; ours need six or so. Checked before the
/// typed parse, which slows down badly on hostile nesting.
pub const MAX_DEPTH: usize = 64;

/// Where each node of a document starts, by path (`questions[3].gate.min_level`).
#[derive(Debug, Default, Clone)]
pub struct Locator {
    positions: HashMap<String, (usize, usize)>,
}

impl Locator {
    /// Line and column of the node at `path`, or of its nearest located ancestor.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut path = path;
        loop {
            if let Some(position) = self.positions.get(path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }
}

/// A parsed document with the positions of its nodes.
pub struct Parsed<T> {
    pub value: T,
    pub locator: Locator,
}

/// Reads a file, refusing unreadable, non-UTF-8 or oversized files with a clear message.
pub fn read_file(path: &Path, label: &str) -> Result<String, Diagnostic> {
    let metadata = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(label, format!("cannot read file: {e}")))?;
    if metadata.is_dir() {
        return Err(Diagnostic::error(
            label,
            "is a folder, expected a YAML file",
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            label,
            format!(
                "file is {} bytes, more than the {} bytes allowed",
                metadata.len(),
                MAX_FILE_BYTES
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(label, format!("cannot read file: {e}")))?;
    String::from_utf8(bytes).map_err(|_| Diagnostic::error(label, "file is not valid UTF-8 text"))
}

/// Parses `text` (from the file called `label`) into `T`. Reports a syntax or type error with its
/// position, and every repeated mapping key (serde_yaml silently keeps the last one).
pub fn parse<T: DeserializeOwned>(label: &str, text: &str) -> Result<Parsed<T>, Vec<Diagnostic>> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(
            label,
            format!("document is larger than the {MAX_FILE_BYTES} bytes allowed"),
        )]);
    }
    let mut walker = Walker::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut walker, false) {
        let marker = e.marker();
        return Err(vec![Diagnostic::error(label, e.info().to_string())
            .at(Some((marker.line(), marker.col() + 1)))]);
    }
    if let Some(position) = walker.too_deep {
        return Err(vec![Diagnostic::error(
            label,
            format!("nesting deeper than {MAX_DEPTH} levels; no omd file needs that"),
        )
        .at(Some(position))]);
    }
    let value: T = serde_yaml::from_str(text).map_err(|e| serde_error(label, &e))?;
    if !walker.duplicates.is_empty() {
        return Err(walker
            .duplicates
            .into_iter()
            .map(
                |RepeatedKey {
                     path,
                     key,
                     at,
                     first,
                 }| {
                    let place = if path.is_empty() {
                        String::new()
                    } else {
                        format!(" in `{path}`")
                    };
                    Diagnostic::error(
                        label,
                        format!("key `{key}` repeated{place} (first at line {})", first.0),
                    )
                    .at(Some(at))
                },
            )
            .collect());
    }
    Ok(Parsed {
        value,
        locator: Locator {
            positions: walker.positions,
        },
    })
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

    #[test]
    fn locates_nested_nodes() {
        let text = "a: 1\nlist:\n  - id: x\n    deep:\n      k: v\n  - id: y\n";
        let parsed: Parsed<serde_yaml::Value> = parse("t.yaml", text).unwrap();
        assert_eq!(parsed.locator.find("list[1].id"), Some((6, 5)));
        assert_eq!(parsed.locator.find("list[0].deep.k"), Some((5, 7)));
        assert_eq!(parsed.locator.find("list[0].deep.missing"), Some((4, 5)));
    }

    #[test]
    fn repeated_key_is_an_error() {
        let text = "answers:\n  q1: 1\n  q2: 2\n  q1: 3\n";
        let errors = parse::<BTreeMap<String, BTreeMap<String, u8>>>("t.yaml", text)
            .err()
            .unwrap();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(4));
        assert!(errors[0].message.contains("`q1` repeated"), "{}", errors[0]);
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
