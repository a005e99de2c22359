//! Text made safe for a terminal before a text format shows it ([`crate::style::visible`]).
//!
//! A report's names, notes and questionnaire wording are the user's. JSON escapes every
//! character by its own rules; the table, Markdown, CSV and HTML instead show a control or
//! bidirectional character as an escape such as `\x1b`, so a name cannot clear a screen or
//! reverse the text around it. Such characters are rare: [`needs_change`] looks for one without
//! copying anything, and only a report that holds one is copied, changed through a
//! `serde_json::Value` ([`make_visible`]).

use std::borrow::Cow;

use serde::ser::{self, Serialize};

use crate::style;

/// Fields whose text may run over several lines (notes, questionnaire wording). Every other field
/// is one line in a table (a name, an id, a role, a reason that quotes names), so a line break or
/// tab in it is shown as an escape too: a process name must not print a forged line of the report.
const MULTI_LINE_FIELDS: &[&str] = &[
    "action",
    "description",
    "evidence",
    "guidance",
    "meaning",
    "next",
    "not_applicable",
    "note",
    "text",
];

fn is_multi_line(key: &str) -> bool {
    MULTI_LINE_FIELDS.contains(&key)
}

/// `text` made safe: under a [multi-line field](MULTI_LINE_FIELDS) line breaks and tabs stay as
/// they are. Borrowed when nothing changes.
fn safe(text: &str, multi_line: bool) -> Cow<'_, str> {
    if multi_line {
        style::visible(text)
    } else {
        style::visible_line(text)
    }
}

/// Makes every text of `value` safe, as [`needs_change`] judges: each key as one line, each
/// value by the key it sits under.
pub fn make_visible(value: &mut serde_json::Value) {
    make_visible_in(value, false);
}

fn make_visible_in(value: &mut serde_json::Value, multi_line: bool) {
    use serde_json::Value;
    match value {
        Value::String(text) => {
            if let Cow::Owned(safe) = safe(text, multi_line) {
                *text = safe;
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| make_visible_in(item, multi_line)),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                make_visible_in(&mut item, is_multi_line(&key));
                map.insert(style::visible_line(&key).into_owned(), item);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Whether [`make_visible`] would change anything in `value` serialised as JSON: every text and
/// every key is looked at where it is, nothing is copied, and the search stops at the first
/// text that would change. A value that cannot be serialised counts as needing the change, so
/// the caller takes the path that reports the error.
pub fn needs_change<T: Serialize + ?Sized>(value: &T) -> bool {
    value.serialize(Check { multi_line: false }).is_err()
}

/// Stops the search: a text would change (or serialising failed).
#[derive(Debug)]
pub struct Found;

impl std::fmt::Display for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a text to make visible")
    }
}

impl std::error::Error for Found {}

impl ser::Error for Found {
    fn custom<M: std::fmt::Display>(_: M) -> Found {
        Found
    }
}

/// Walks a value as `serde_json::to_value` would build it. `multi_line` is the context of the
/// next text: set by the key it sits under, kept through arrays, options and newtypes.
#[derive(Clone, Copy)]
struct Check {
    multi_line: bool,
}

impl Check {
    fn text(self, text: &str) -> Result<(), Found> {
        match safe(text, self.multi_line) {
            Cow::Borrowed(_) => Ok(()),
            Cow::Owned(_) => Err(Found),
        }
    }

    /// A key (or a variant's name, which keys its content): always one line.
    fn key(key: &str) -> Result<(), Found> {
        Check { multi_line: false }.text(key)
    }

    /// The context of what sits under `key`.
    fn under(key: &str) -> Check {
        Check {
            multi_line: is_multi_line(key),
        }
    }

    /// An object entry under `key`: the key is one line, its value takes its context from it.
    fn entry<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<(), Found> {
        Check::key(key)?;
        value.serialize(Check::under(key))
    }
}

/// Serializer methods for values that hold no text: nothing to check.
macro_rules! nothing_to_check {
    ($($method:ident: $type:ty),*) => {$(
        fn $method(self, _: $type) -> Result<(), Found> {
            Ok(())
        }
    )*};
}

impl ser::Serializer for Check {
    type Ok = ();
    type Error = Found;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = MapCheck;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    nothing_to_check!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_bytes: &[u8]
    );
    fn serialize_f32(self, v: f32) -> Result<(), Found> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<(), Found> {
        // A Value holds no NaN or infinity: the copy would read it back as null and fail.
        if v.is_finite() {
            Ok(())
        } else {
            Err(Found)
        }
    }
    fn serialize_char(self, v: char) -> Result<(), Found> {
        self.text(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Found> {
        self.text(v)
    }
    fn serialize_none(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Found> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Found> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Found> {
        Check::entry(variant, value)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Found> {
        Check::key(variant)?;
        Ok(Check::under(variant))
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapCheck, Found> {
        Ok(MapCheck { next: self })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Found> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Found> {
        Check::key(variant)?;
        Ok(self)
    }
}

/// Sequences, tuples and tuple variants: every element in the context they were opened in (a
/// tuple variant's, its name's).
macro_rules! elements {
    ($($kind:ident :: $method:ident),*) => {$(
        impl ser::$kind for Check {
            type Ok = ();
            type Error = Found;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
                value.serialize(*self)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        }
    )*};
}

elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Structs and struct variants: each field takes its context from its own key.
macro_rules! fields {
    ($($kind:ident),*) => {$(
        impl ser::$kind for Check {
            type Ok = ();
            type Error = Found;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), Found> {
                Check::entry(key, value)
            }
            fn end(self) -> Result<(), Found> {
                Ok(())
            }
        }
    )*};
}

fields!(SerializeStruct, SerializeStructVariant);

/// A map's entries: each key as the text a `Value` would key the entry by.
pub struct MapCheck {
    /// The context of the value whose key was just checked.
    next: Check,
}

impl ser::SerializeMap for MapCheck {
    type Ok = ();
    type Error = Found;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Found> {
        // The key as serde_json writes it (a string, or a number as its digits); anything it
        // cannot key by takes the copying path, which reports it.
        let key = serde_json::to_value(key).map_err(|_| Found)?;
        let key = match key {
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(n) => n.to_string(),
            serde_json::Value::Bool(b) => b.to_string(),
            _ => return Err(Found),
        };
        Check::key(&key)?;
        self.next = Check::under(&key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Found> {
        value.serialize(self.next)
    }
    fn end(self) -> Result<(), Found> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::{make_visible, needs_change};

    /// What the copy makes of `value`, and whether the check said it would change it.
    fn judged<T: Serialize>(value: &T) -> (bool, bool) {
        let before = serde_json::to_value(value).unwrap();
        let mut after = before.clone();
        make_visible(&mut after);
        (needs_change(value), after != before)
    }

    #[derive(Serialize)]
    struct Step {
        title: String,
        note: Option<String>,
        evidence: Vec<String>,
        tags: BTreeMap<String, String>,
        kind: Kind,
    }

    #[derive(Serialize)]
    enum Kind {
        Plain,
        Named(String),
        Pair(String, String),
        Shaped { text: String, id: String },
    }

    fn step() -> Step {
        Step {
            title: "Appoint owners".into(),
            note: Some("two\nlines\tand a tab".into()),
            evidence: vec!["minutes\nof the board".into()],
            tags: BTreeMap::from([("owner".into(), "Head of data".into())]),
            kind: Kind::Plain,
        }
    }

    #[test]
    fn line_breaks_in_multi_line_fields_need_no_change() {
        assert_eq!(judged(&step()), (false, false));
    }

    /// A change made to the plain step.
    type Change = fn(&mut Step);

    /// `change` made to the plain step: whether the check and the copy agree that it changes.
    fn changed(change: Change) -> (bool, bool) {
        let mut value = step();
        change(&mut value);
        judged(&value)
    }

    #[test]
    fn every_place_a_text_can_sit_is_looked_at() {
        let cases: [(&str, Change); 8] = [
            ("a line break in a one-line field", |s| {
                s.title = "Appoint\nowners".into()
            }),
            ("an escape in a note", |s| s.note = Some("\u{1b}[2J".into())),
            ("a bidirectional override in a list", |s| {
                s.evidence.push("\u{202e}gnp.exe".into())
            }),
            ("a map key", |s| {
                s.tags.insert("own\ner".into(), "x".into());
            }),
            ("a map value", |s| {
                s.tags.insert("owner".into(), "a\u{7}b".into());
            }),
            ("a newtype variant", |s| s.kind = Kind::Named("x\ny".into())),
            ("a tuple variant", |s| {
                s.kind = Kind::Pair("x".into(), "\u{0}".into())
            }),
            ("a struct variant's one-line field", |s| {
                s.kind = Kind::Shaped {
                    text: "fine\nhere".into(),
                    id: "not\there".into(),
                }
            }),
        ];
        for (what, change) in cases {
            assert_eq!(changed(change), (true, true), "{what}");
        }
        let fine = |s: &mut Step| {
            s.kind = Kind::Shaped {
                text: "fine\nhere".into(),
                id: "id".into(),
            }
        };
        assert_eq!(
            changed(fine),
            (false, false),
            "a struct variant's text field"
        );
    }

    #[test]
    fn the_example_report_needs_no_copy() {
        let report = crate::report::testing::example_report();
        assert!(!needs_change(&report));
        let copy = report.visible().unwrap();
        assert_eq!(
            serde_json::to_value(&copy).unwrap(),
            serde_json::to_value(&report).unwrap()
        );
    }
}
