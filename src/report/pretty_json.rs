//! Pretty JSON byte for byte as `serde_json::to_writer_pretty` writes it (two spaces a level,
//! `": "` between key and value), by a serialiser of omd's own. serde_json looks up every byte of
//! every string in an escape table; a report is mostly strings (a large plan writes 30 MB of
//! them), so here a string is first checked whole, in a loop the compiler turns into wide
//! compares, and written in one piece when nothing in it needs escaping, as is almost always
//! the case. Numbers are written by serde_json itself, so they read exactly as it writes them.
//! Tokens gather in a buffer of the writer's own, so writing one is a copy into a vector, and
//! reach the output 64 KiB at a time.

use std::io::Write;

use serde::ser::{self, Serialize};
use serde_json::Error;

/// Writes values to `out` as pretty JSON; [`Writer::finish`] writes out what is left.
pub struct Writer<W> {
    out: W,
    /// Written, not yet passed to `out`.
    buffer: Vec<u8>,
    /// How deep in arrays and objects the next line is.
    level: usize,
    /// Whether the array or object just closed held a value: an empty one closes on its line.
    has_value: bool,
}

/// The buffer is passed to the output once it holds this much.
const SPILL_AT: usize = 64 * 1024;

/// The most indentation written in one slice; deeper levels are written in pieces.
const ONE_SLICE: usize = 126;
/// `,`, a line break and `ONE_SLICE` spaces: every line's start is a slice of it.
const LINE_STARTS: [u8; 2 + ONE_SLICE] = {
    let mut starts = [b' '; 2 + ONE_SLICE];
    starts[0] = b',';
    starts[1] = b'\n';
    starts
};

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Self {
        Writer {
            out,
            buffer: Vec::with_capacity(SPILL_AT + 4096),
            level: 0,
            has_value: false,
        }
    }

    /// `bytes` added as they are (a report's final line break), and everything passed to the
    /// output.
    pub fn finish(mut self, bytes: &[u8]) -> Result<W, Error> {
        self.buffer.extend_from_slice(bytes);
        self.out.write_all(&self.buffer).map_err(Error::io)?;
        Ok(self.out)
    }

    fn raw(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.buffer.extend_from_slice(bytes);
        self.spill()
    }

    /// Passes the buffer to the output once it is full enough.
    fn spill(&mut self) -> Result<(), Error> {
        if self.buffer.len() >= SPILL_AT {
            self.out.write_all(&self.buffer).map_err(Error::io)?;
            self.buffer.clear();
        }
        Ok(())
    }

    /// A line break (after a comma when `comma`) and the indentation of the current level.
    fn new_line(&mut self, comma: bool) -> Result<(), Error> {
        let from = usize::from(!comma);
        let spaces = 2 * self.level;
        if spaces <= ONE_SLICE {
            return self.raw(&LINE_STARTS[from..2 + spaces]);
        }
        self.raw(&LINE_STARTS[from..2])?;
        for _ in 0..self.level {
            self.raw(b"  ")?;
        }
        Ok(())
    }

    fn open(&mut self, bracket: &[u8]) -> Result<(), Error> {
        self.level += 1;
        self.has_value = false;
        self.raw(bracket)
    }

    fn close(&mut self, bracket: &[u8]) -> Result<(), Error> {
        self.level -= 1;
        if self.has_value {
            self.new_line(false)?;
        }
        self.raw(bracket)
    }

    /// `value` quoted, escaped as serde_json escapes it.
    fn string(&mut self, value: &str) -> Result<(), Error> {
        let bytes = value.as_bytes();
        if !any_needs_escape(bytes) {
            self.buffer.reserve(bytes.len() + 2);
            self.buffer.push(b'"');
            self.buffer.extend_from_slice(bytes);
            self.buffer.push(b'"');
            return self.spill();
        }
        self.raw(b"\"")?;
        let mut start = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !needs_escape(b) {
                continue;
            }
            self.raw(&bytes[start..i])?;
            start = i + 1;
            match b {
                b'"' => self.raw(b"\\\"")?,
                b'\\' => self.raw(b"\\\\")?,
                0x08 => self.raw(b"\\b")?,
                b'\t' => self.raw(b"\\t")?,
                b'\n' => self.raw(b"\\n")?,
                0x0c => self.raw(b"\\f")?,
                b'\r' => self.raw(b"\\r")?,
                _ => {
                    const HEX: &[u8; 16] = b"0123456789abcdef";
                    let escape = [
                        b'\\',
                        b'u',
                        b'0',
                        b'0',
                        HEX[usize::from(b >> 4)],
                        HEX[usize::from(b & 0xf)],
                    ];
                    self.raw(&escape)?
                }
            }
        }
        self.raw(&bytes[start..])?;
        self.raw(b"\"")
    }

    /// A number (or anything else serde_json writes as one token) as serde_json writes it.
    fn token<T: Serialize>(&mut self, value: T) -> Result<(), Error> {
        serde_json::to_writer(&mut self.buffer, &value)?;
        self.spill()
    }

    /// A line break (after a comma when `comma`), the indentation and `"key": `: an object's
    /// entry up to its value, copied in one piece when the key needs no escaping and the
    /// indentation fits one slice, as almost always (a report writes millions of keys).
    fn key(&mut self, comma: bool, key: &str) -> Result<(), Error> {
        let spaces = 2 * self.level;
        let bytes = key.as_bytes();
        if spaces > ONE_SLICE || any_needs_escape(bytes) {
            self.new_line(comma)?;
            self.string(key)?;
            return self.raw(b": ");
        }
        let from = usize::from(!comma);
        self.buffer.reserve(2 + spaces + bytes.len() + 4);
        self.buffer
            .extend_from_slice(&LINE_STARTS[from..2 + spaces]);
        self.buffer.push(b'"');
        self.buffer.extend_from_slice(bytes);
        self.buffer.extend_from_slice(b"\": ");
        self.spill()
    }

    /// `{"variant": ` of an enum variant with content, its value to follow.
    fn variant_key(&mut self, variant: &str) -> Result<(), Error> {
        self.open(b"{")?;
        self.key(false, variant)
    }

    /// `{"variant": ` then an array or object (`bracket`): a tuple or struct variant's content.
    fn variant_compound(
        &mut self,
        variant: &str,
        bracket: &[u8],
    ) -> Result<Compound<'_, W>, Error> {
        self.variant_key(variant)?;
        self.compound(bracket, true)
    }

    /// Opens an array or object (`bracket`), inside an enum variant's object when `variant`.
    fn compound(&mut self, bracket: &[u8], variant: bool) -> Result<Compound<'_, W>, Error> {
        self.open(bracket)?;
        Ok(Compound {
            writer: self,
            first: true,
            variant,
        })
    }

    /// The closing `}` of [`Writer::variant_key`], once the value is written.
    fn variant_end(&mut self) -> Result<(), Error> {
        self.has_value = true;
        self.close(b"}")
    }
}

/// A byte serde_json writes escaped: a control character, `"` or `\`.
fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// Whether any byte of `bytes` [needs escaping](needs_escape), read eight bytes at a time: in a
/// word, `(x - 0x01..01 * n) & !x & 0x80..80` is non-zero exactly when some byte of `x` is below
/// `n` (for `n` up to 0x80), and a byte equal to `c` is a zero byte of `x ^ c..c`.
/// The bytes after the last whole word are read as the last eight bytes, some read twice; a
/// string shorter than a word, byte by byte.
fn any_needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH;
    let found = |word: &[u8]| {
        let mut eight = [0; 8];
        eight.copy_from_slice(word);
        let x = u64::from_ne_bytes(eight);
        below(x, 0x20)
            | below(x ^ (ONES * u64::from(b'"')), 1)
            | below(x ^ (ONES * u64::from(b'\\')), 1)
            != 0
    };
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| needs_escape(b));
    }
    let mut words = bytes.chunks_exact(8);
    if words.any(found) {
        return true;
    }
    !words.remainder().is_empty() && found(&bytes[bytes.len() - 8..])
}

/// An array or object being written: whether its first entry is still to come.
pub struct Compound<'a, W> {
    writer: &'a mut Writer<W>,
    first: bool,
    /// Closes an enum variant's object too (tuple and struct variants).
    variant: bool,
}

impl<W: Write> Compound<'_, W> {
    /// Whether the next entry follows another (after a comma); from now on, the next does.
    fn comma(&mut self) -> bool {
        !std::mem::replace(&mut self.first, false)
    }

    fn entry(&mut self) -> Result<(), Error> {
        let comma = self.comma();
        self.writer.new_line(comma)
    }

    fn value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        value.serialize(&mut *self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &str, value: &T) -> Result<(), Error> {
        let comma = self.comma();
        self.writer.key(comma, key)?;
        self.value(value)
    }

    fn close(self, bracket: &[u8]) -> Result<(), Error> {
        self.writer.close(bracket)?;
        if self.variant {
            self.writer.variant_end()?;
        }
        Ok(())
    }

    /// Field `key` of this object, its value written by `write` with this writer: for a value
    /// written piece by piece rather than through `Serialize` alone.
    pub fn field_with(
        &mut self,
        key: &str,
        write: impl FnOnce(&mut Writer<W>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let comma = self.comma();
        self.writer.key(comma, key)?;
        write(self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }

    /// The next element of this array, written by `write`, as [`Compound::field_with`] writes
    /// a field's value.
    pub fn element_with(
        &mut self,
        write: impl FnOnce(&mut Writer<W>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        self.entry()?;
        write(self.writer)?;
        self.writer.has_value = true;
        Ok(())
    }

    /// A renderer of this array's next elements, to run apart (on another thread): it writes
    /// them as this array would.
    pub fn renderer(&self) -> Renderer {
        Renderer {
            level: self.writer.level,
        }
    }

    /// Elements a [`Renderer`] of this array wrote, added after those written so far.
    pub fn rendered(&mut self, elements: &Elements) -> Result<(), Error> {
        if elements.count > 0 {
            self.writer.raw(&elements.bytes)?;
            self.first = false;
            self.writer.has_value = true;
        }
        Ok(())
    }
}

/// Writes an array's elements into a buffer of their own, each after the separator the array
/// would write before it, for [`Compound::rendered`] to add to the array in their turn.
#[derive(Debug, Clone, Copy)]
pub struct Renderer {
    level: usize,
}

/// Elements a [`Renderer`] wrote, separators included.
pub struct Elements {
    bytes: Vec<u8>,
    count: usize,
}

impl Renderer {
    /// `items` as elements; `first` when the first of them is the array's first.
    pub fn render<'i, T: Serialize + 'i>(
        &self,
        items: impl IntoIterator<Item = &'i T>,
        first: bool,
    ) -> Result<Elements, Error> {
        let mut writer = Writer {
            out: Vec::new(),
            buffer: Vec::with_capacity(SPILL_AT + 4096),
            level: self.level,
            has_value: false,
        };
        let mut count = 0;
        for item in items {
            writer.new_line(count > 0 || !first)?;
            item.serialize(&mut writer)?;
            count += 1;
        }
        let mut bytes = writer.out;
        if bytes.is_empty() {
            bytes = writer.buffer;
        } else {
            bytes.extend_from_slice(&writer.buffer);
        }
        Ok(Elements { bytes, count })
    }
}

/// Serialiser methods for numbers, `serialize_i8(v: i8)` and so on, each writing `v` with
/// `$write` (`token`, or `quoted` for a map key).
macro_rules! numbers {
    ($write:ident: $($method:ident($ty:ty)),* $(,)?) => {
        $(
            fn $method(self, v: $ty) -> Result<(), Error> {
                self.$write(v)
            }
        )*
    };
}

impl<'a, W: Write> ser::Serializer for &'a mut Writer<W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a, W>;
    type SerializeTuple = Compound<'a, W>;
    type SerializeTupleStruct = Compound<'a, W>;
    type SerializeTupleVariant = Compound<'a, W>;
    type SerializeMap = Compound<'a, W>;
    type SerializeStruct = Compound<'a, W>;
    type SerializeStructVariant = Compound<'a, W>;

    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.raw(if v { b"true" } else { b"false" })
    }
    numbers!(token:
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_i128(i128), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_u128(u128), serialize_f32(f32), serialize_f64(f64),
    );
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<(), Error> {
        use ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for byte in v {
            seq.serialize_element(byte)?;
        }
        SerializeSeq::end(seq)
    }
    fn serialize_none(self) -> Result<(), Error> {
        self.raw(b"null")
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        self.raw(b"null")
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        self.raw(b"null")
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        self.variant_key(variant)?;
        value.serialize(&mut *self)?;
        self.variant_end()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Compound<'a, W>, Error> {
        self.compound(b"[", false)
    }
    fn serialize_tuple(self, len: usize) -> Result<Compound<'a, W>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Compound<'a, W>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>, Error> {
        self.variant_compound(variant, b"[")
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Compound<'a, W>, Error> {
        self.compound(b"{", false)
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Compound<'a, W>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Compound<'a, W>, Error> {
        self.variant_compound(variant, b"{")
    }
}

/// The serialiser traits of arrays (sequences, tuples, tuple structs and tuple variants): each
/// element on a line of its own, closed by `]`.
macro_rules! array_like {
    ($($trait:ident::$method:ident),*) => {
        $(
            impl<W: Write> ser::$trait for Compound<'_, W> {
                type Ok = ();
                type Error = Error;
                fn $method<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
                    self.entry()?;
                    self.value(value)
                }
                fn end(self) -> Result<(), Error> {
                    Compound::close(self, b"]")
                }
            }
        )*
    };
}

array_like!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl<W: Write> ser::SerializeMap for Compound<'_, W> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), Error> {
        self.entry()?;
        key.serialize(KeyWriter(&mut *self.writer))
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), Error> {
        self.writer.raw(b": ")?;
        self.value(value)
    }
    fn end(self) -> Result<(), Error> {
        Compound::close(self, b"}")
    }
}

/// The serialiser traits of structs and struct variants: each field on a line of its own,
/// closed by `}`.
macro_rules! struct_like {
    ($($trait:ident),*) => {
        $(
            impl<W: Write> ser::$trait for Compound<'_, W> {
                type Ok = ();
                type Error = Error;
                fn serialize_field<T: ?Sized + Serialize>(
                    &mut self,
                    key: &'static str,
                    value: &T,
                ) -> Result<(), Error> {
                    self.field(key, value)
                }
                fn end(self) -> Result<(), Error> {
                    Compound::close(self, b"}")
                }
            }
        )*
    };
}

struct_like!(SerializeStruct, SerializeStructVariant);

/// A map key: a string, or a number, boolean or character written as one, as serde_json
/// allows; any other key is refused as serde_json refuses it.
struct KeyWriter<'a, W>(&'a mut Writer<W>);

fn key_must_be_a_string() -> Error {
    ser::Error::custom("key must be a string")
}

impl<W: Write> KeyWriter<'_, W> {
    /// A key that is a number or a boolean: its JSON token, quoted.
    fn quoted<T: Serialize>(self, value: T) -> Result<(), Error> {
        self.0.raw(b"\"")?;
        self.0.token(value)?;
        self.0.raw(b"\"")
    }
}

impl<W: Write> ser::Serializer for KeyWriter<'_, W> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = ser::Impossible<(), Error>;
    type SerializeTuple = ser::Impossible<(), Error>;
    type SerializeTupleStruct = ser::Impossible<(), Error>;
    type SerializeTupleVariant = ser::Impossible<(), Error>;
    type SerializeMap = ser::Impossible<(), Error>;
    type SerializeStruct = ser::Impossible<(), Error>;
    type SerializeStructVariant = ser::Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.0.string(v)
    }
    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.0.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), Error> {
        self.0.string(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_bool(self, v: bool) -> Result<(), Error> {
        self.quoted(v)
    }
    numbers!(quoted:
        serialize_i8(i8), serialize_i16(i16), serialize_i32(i32), serialize_i64(i64),
        serialize_i128(i128), serialize_u8(u8), serialize_u16(u16), serialize_u32(u32),
        serialize_u64(u64), serialize_u128(u128),
    );
    fn serialize_f32(self, v: f32) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(ser::Error::custom("float key must be finite"));
        }
        self.quoted(v)
    }
    fn serialize_f64(self, v: f64) -> Result<(), Error> {
        if !v.is_finite() {
            return Err(ser::Error::custom("float key must be finite"));
        }
        self.quoted(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<(), Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_must_be_a_string())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_must_be_a_string())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    fn ours<T: Serialize>(value: &T) -> String {
        let mut writer = super::Writer::new(Vec::new());
        value.serialize(&mut writer).unwrap();
        String::from_utf8(writer.finish(b"").unwrap()).unwrap()
    }

    fn same<T: Serialize>(value: &T) {
        let theirs = serde_json::to_string_pretty(value).unwrap();
        assert_eq!(ours(value), theirs);
    }

    /// `items` as a list `depth` objects deep (each holding the next under `"inner"`), the list
    /// written in turns of `turn` elements, the turns whose parity is `rendered` made apart by a
    /// [`super::Renderer`] and added in their place.
    fn in_turns(
        writer: &mut super::Writer<Vec<u8>>,
        items: &[serde_json::Value],
        depth: usize,
        turn: usize,
        rendered: usize,
    ) {
        use serde::ser::{SerializeSeq, SerializeStruct, Serializer};
        if depth > 0 {
            let mut object = writer.serialize_struct("Level", 1).unwrap();
            object
                .field_with("inner", |inner| {
                    in_turns(inner, items, depth - 1, turn, rendered);
                    Ok(())
                })
                .unwrap();
            SerializeStruct::end(object).unwrap();
            return;
        }
        let mut list = writer.serialize_seq(Some(items.len())).unwrap();
        let renderer = list.renderer();
        for (n, chunk) in items.chunks(turn).enumerate() {
            if n % 2 == rendered {
                let elements = renderer.render(chunk, n == 0).unwrap();
                list.rendered(&elements).unwrap();
            } else {
                for item in chunk {
                    list.serialize_element(item).unwrap();
                }
            }
        }
        SerializeSeq::end(list).unwrap();
    }

    #[test]
    fn a_list_written_partly_by_a_renderer_is_the_list_written_whole() {
        let item =
            |i: usize| serde_json::json!({"n": i, "empty": [], "nested": {"a": [i, "x"], "b": {}}});
        for count in [0, 1, 2, 3, 5, 8] {
            let items: Vec<serde_json::Value> = (0..count).map(item).collect();
            for depth in [0, 1, 4] {
                let mut whole = serde_json::Value::Array(items.clone());
                for _ in 0..depth {
                    whole = serde_json::json!({ "inner": whole });
                }
                let theirs = serde_json::to_string_pretty(&whole).unwrap();
                for turn in [1, 2, 3] {
                    for rendered in [0, 1] {
                        let mut writer = super::Writer::new(Vec::new());
                        in_turns(&mut writer, &items, depth, turn, rendered);
                        let ours = String::from_utf8(writer.finish(b"").unwrap()).unwrap();
                        assert_eq!(ours, theirs, "{count} items, {depth} deep, turns of {turn}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_ascii_byte_anywhere_in_a_string_is_escaped_as_serde_json_escapes_it() {
        for byte in 0u8..0x80 {
            let c = char::from(byte);
            // At every place of strings of every length up to three words: shorter than a word,
            // in whole words, and in the tail read again with the last word.
            for length in 0..24 {
                for at in 0..=length {
                    let mut text: String =
                        "abcdefghijklmnopqrstuvwx".chars().take(length).collect();
                    text.insert(at, c);
                    same(&text);
                }
            }
        }
        for text in [
            "",
            "naïve café – 東京 🙂",
            "\"quoted\" and \\backslashed\\",
            "line\nbreak\ttab\r\u{7f}\u{1f}\u{0}",
            "é\"ü\\",
        ] {
            same(&text);
        }
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype(u32),
        Tuple(i8, String),
        EmptyTuple(),
        Struct { a: Option<f64>, b: Vec<u8> },
        EmptyStruct {},
    }

    #[derive(Serialize)]
    struct Unit;

    /// Keys that need escaping: a struct's (written by `Writer::key`) shorter than a word, a
    /// word long and longer, the escape in the tail read with the last word; and a map's, at
    /// every even length up to 38 bytes.
    #[derive(Serialize)]
    struct OddKeys {
        #[serde(rename = "quote\"d")]
        quoted: u8,
        #[serde(rename = "seven\\")]
        backslash: u8,
        #[serde(rename = "abcdefg\"")]
        eight: u8,
        #[serde(rename = "abcdefg\"x")]
        nine: u8,
        #[serde(rename = "abcdefghijklmn\n")]
        fifteen: u8,
        #[serde(rename = "tab\tin a key longer than eight")]
        tab: u8,
        plain: BTreeMap<String, u8>,
    }

    #[test]
    fn keys_are_escaped_as_serde_json_escapes_them() {
        let plain = (0..20)
            .map(|length| ("k\"".repeat(length), 1))
            .chain([("new\nline".to_string(), 2), ("\u{1}".to_string(), 3)])
            .collect();
        same(&OddKeys {
            quoted: 1,
            backslash: 2,
            eight: 3,
            nine: 4,
            fifteen: 5,
            tab: 6,
            plain,
        });
    }

    /// Objects nested deeper than one slice of indentation writes.
    #[derive(Serialize)]
    struct Nested {
        depth: usize,
        inner: Option<Box<Nested>>,
    }

    #[test]
    fn keys_deeper_than_one_slice_of_indentation_are_indented_as_serde_json_does() {
        let mut nested = Nested {
            depth: 0,
            inner: None,
        };
        for depth in 1..=80 {
            nested = Nested {
                depth,
                inner: Some(Box::new(nested)),
            };
        }
        same(&nested);
    }

    #[derive(Serialize)]
    struct Wrapper(String);

    #[derive(Serialize)]
    struct Everything {
        shapes: Vec<Shape>,
        numbers: (i64, u64, i128, u128, f32, f64, f64, f64),
        nothing: Option<u8>,
        unit: (),
        unit_struct: Unit,
        wrapper: Wrapper,
        flag: bool,
        letter: char,
        #[serde(with = "serde_bytes_as_seq")]
        bytes: Vec<u8>,
        by_number: BTreeMap<u32, &'static str>,
        by_flag: BTreeMap<bool, Vec<()>>,
        by_letter: BTreeMap<char, BTreeMap<String, String>>,
        empty_list: Vec<String>,
        empty_map: BTreeMap<String, u8>,
    }

    mod serde_bytes_as_seq {
        pub fn serialize<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(v)
        }
    }

    #[test]
    fn every_kind_of_value_is_laid_out_as_serde_json_lays_it_out() {
        let value = Everything {
            shapes: vec![
                Shape::Unit,
                Shape::Newtype(7),
                Shape::Tuple(-3, "x".into()),
                Shape::EmptyTuple(),
                Shape::Struct {
                    a: Some(0.1),
                    b: vec![1, 2],
                },
                Shape::Struct { a: None, b: vec![] },
                Shape::EmptyStruct {},
            ],
            numbers: (
                i64::MIN,
                u64::MAX,
                i128::MIN,
                u128::MAX,
                0.1,
                1e300,
                f64::NAN,
                72.857_142_857,
            ),
            nothing: None,
            unit: (),
            unit_struct: Unit,
            wrapper: Wrapper("w\"".into()),
            flag: true,
            letter: '\n',
            bytes: vec![0, 255],
            by_number: [(1, "one"), (20, "twenty")].into(),
            by_flag: [(false, vec![]), (true, vec![(), ()])].into(),
            by_letter: [('k', [("a".to_string(), "b".to_string())].into())].into(),
            empty_list: vec![],
            empty_map: BTreeMap::new(),
        };
        same(&value);
    }

    #[test]
    fn a_key_that_is_not_a_string_or_number_is_refused() {
        let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
        let err = map
            .serialize(&mut super::Writer::new(Vec::new()))
            .unwrap_err();
        assert!(err.to_string().contains("key must be a string"), "{err}");
    }
}
