//! serde's error messages retold in the user's words.
//!
//! serde hands a format's error type only text (its `Error::invalid_type`, `unknown_variant`...
//! build a message and drop the parts), so the parts are read back from that text here. The
//! shapes read are serde's own, unchanged for years: "invalid type: X, expected Y", "invalid
//! value: X, expected Y", "unknown variant `v`, expected one of `a`, `b`", "unknown field `f`,
//! expected `a` or `b`". A message of another shape is passed through as it is.

/// What went wrong with one value, as far as the message tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A mapping key the type does not have; `allowed` are the keys it has.
    UnknownField { allowed: Vec<String> },
    /// A value outside an enum; `allowed` are its values.
    UnknownVariant { found: String, allowed: Vec<String> },
    /// A value of the wrong kind: `found` in plain words ("`two`", "a list"), `expected` as serde
    /// put it ("usize", "a sequence", "struct Profile").
    WrongType { found: String, expected: String },
    /// Anything else (a missing field...), already readable.
    Other(String),
}

/// Reads `message` (without its position) back into its parts.
pub fn classify(message: &str) -> Problem {
    if let Some(start) = message.find("unknown field `") {
        return Problem::UnknownField {
            allowed: expected_names(&message[start..]),
        };
    }
    if let Some(start) = message.find("unknown variant `") {
        let rest = &message[start + "unknown variant `".len()..];
        let end = rest
            .rfind("`, expected")
            .or_else(|| rest.rfind("`, there are no"))
            .unwrap_or(rest.len());
        return Problem::UnknownVariant {
            found: rest[..end].to_string(),
            allowed: expected_names(&rest[end..]),
        };
    }
    for marker in ["invalid type: ", "invalid value: "] {
        if let Some(start) = message.find(marker) {
            let rest = &message[start + marker.len()..];
            if let Some(split) = rest.rfind(", expected ") {
                return Problem::WrongType {
                    found: found_words(&rest[..split]),
                    expected: rest[split + ", expected ".len()..].to_string(),
                };
            }
        }
    }
    Problem::Other(message.to_string())
}

/// The backticked names after "expected" (`one of `a`, `b``, `` `a` or `b` ``).
fn expected_names(message: &str) -> Vec<String> {
    let Some(start) = message.find("expected") else {
        return Vec::new();
    };
    message[start..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// serde's `Unexpected` in plain words: `string "two"` is `` `two` ``, `sequence` is "a list".
fn found_words(found: &str) -> String {
    if let Some(text) = found
        .strip_prefix("string \"")
        .and_then(|s| s.strip_suffix('"'))
    {
        return format!("`{text}`");
    }
    if let Some((_, rest)) = found.split_once('`') {
        if let Some((value, _)) = rest.split_once('`') {
            return format!("`{value}`");
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a mapping".into(),
        "unit value" => "nothing (an empty value)".into(),
        other => other.to_string(),
    }
}

/// What serde expected, in plain words, for types that need no further lookup; `None` for enums
/// and structs, whose allowed values or fields must be looked up.
pub fn expected_words(expected: &str) -> Option<String> {
    let words = match expected {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a whole number (0 or more)",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" | "a character" => "text",
        "a sequence" => "a list",
        "a boolean" => "true or false",
        other if other.starts_with("struct ") || is_enum(other) => return None,
        other => return Some(other.replace("a map ", "a mapping ")),
    };
    Some(words.to_string())
}

/// Does serde's "expected" text describe an enum? serde_yaml asks for a tag when an enum gets
/// a list or a mapping.
fn is_enum(expected: &str) -> bool {
    expected.starts_with("enum ") || expected.contains("YAML tag") || expected.contains("Tagged")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_serde_messages_back() {
        assert_eq!(
            classify("processes[0].profile.risk_tier: unknown variant `lo`, expected one of `low`, `medium`, `high`"),
            Problem::UnknownVariant {
                found: "lo".into(),
                allowed: vec!["low".into(), "medium".into(), "high".into()],
            }
        );
        assert_eq!(
            classify("scope: unknown variant `shard`, expected `process` or `shared`"),
            Problem::UnknownVariant {
                found: "shard".into(),
                allowed: vec!["process".into(), "shared".into()],
            }
        );
        assert_eq!(
            classify("answers.q1: unknown field `notes`, expected one of `level`, `note`"),
            Problem::UnknownField {
                allowed: vec!["level".into(), "note".into()],
            }
        );
        assert_eq!(
            classify("answers.q1.level: invalid type: string \"two\", expected usize"),
            Problem::WrongType {
                found: "`two`".into(),
                expected: "usize".into(),
            }
        );
        assert_eq!(
            classify("invalid value: integer `-1`, expected usize"),
            Problem::WrongType {
                found: "`-1`".into(),
                expected: "usize".into(),
            }
        );
        assert_eq!(
            classify("invalid type: integer `99999999999999999999999` as u128, expected u32"),
            Problem::WrongType {
                found: "`99999999999999999999999`".into(),
                expected: "u32".into(),
            }
        );
        assert_eq!(
            classify("name: invalid type: sequence, expected a string"),
            Problem::WrongType {
                found: "a list".into(),
                expected: "a string".into(),
            }
        );
        assert_eq!(
            classify("missing field `client`"),
            Problem::Other("missing field `client`".into())
        );
    }

    #[test]
    fn names_types_in_plain_words() {
        assert_eq!(
            expected_words("usize").as_deref(),
            Some("a whole number (0 or more)")
        );
        assert_eq!(expected_words("f64").as_deref(), Some("a number"));
        assert_eq!(expected_words("a string").as_deref(), Some("text"));
        assert_eq!(expected_words("a sequence").as_deref(), Some("a list"));
        assert_eq!(
            expected_words("a boolean").as_deref(),
            Some("true or false")
        );
        assert_eq!(expected_words("struct Profile"), None);
        assert_eq!(expected_words("a YAML tag starting with '!'"), None);
    }
}
