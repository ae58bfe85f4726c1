//! A borrowed JSON tree for the request validators, and its one-pass parser.
//!
//! Validation runs on every keystroke and in bulk, and a request is small: building a
//! `serde_json::Value` (a hash map and a `String` per key and value) cost more than checking it.
//! Here strings point into the request text (copied only when they hold escapes) and objects are
//! short slices searched in order. The arrays, the objects and the strings that held escapes live
//! in an arena ([`Bump`]) that outlives the tree and is reused from request to request (see
//! [`with_arena`]): a tree costs no allocation of its own, and is freed all at once. The tree holds exactly what `serde_json::Value` with
//! `preserve_order` holds: numbers are `serde_json::Number`s parsed the same way, and of repeated
//! keys the last value wins in the first one's place. The parser accepts only what serde_json
//! accepts; on anything else it gives up and the caller asks serde_json, whose message is the one
//! users see (see [`crate::shape::parse_tree`]).

use std::cell::RefCell;
use std::collections::HashMap;

use bumpalo::Bump;

use serde_json::Number;

use crate::diagnostics::Diagnostic;
use crate::pointer::{Place, Pointer, Segment};

/// A JSON value borrowing its strings from the text it was parsed from. Numbers live in the
/// arena too, so a value is plain data (`Copy`): the parser moves finished members into the
/// arena with one copy, where cloning each one member by member stalled on every number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(&'a Number),
    String(&'a str),
    Array(&'a [Value<'a>]),
    Object(Map<'a>),
}

/// A JSON object: its members in document order, each key once.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Map<'a> {
    entries: &'a [(&'a str, Value<'a>)],
}

impl<'a> Map<'a> {
    #[allow(clippy::inline_always)] // The wasm is built for size, where a per-byte helper stays a call.
    #[inline(always)]
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        // A plain loop with the length test first: in the size-built wasm an iterator adapter
        // and its closure stay calls, and this runs for every member the checks look up.
        for (k, v) in self.entries {
            if same_key(k, key) {
                return Some(v);
            }
        }
        None
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn iter(&self) -> Iter<'_, 'a> {
        Iter {
            inner: self.entries.iter(),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> + '_ {
        self.entries.iter().map(|(k, _)| *k)
    }

    pub fn values(&self) -> impl Iterator<Item = &Value<'a>> + '_ {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// The members of a [`Map`] as `(key, value)`.
#[derive(Debug, Clone)]
pub struct Iter<'m, 'a> {
    inner: std::slice::Iter<'m, (&'a str, Value<'a>)>,
}

impl<'m, 'a> Iterator for Iter<'m, 'a> {
    type Item = (&'m str, &'m Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|(k, v)| (*k, v))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<'m, 'a> IntoIterator for &'m Map<'a> {
    type Item = (&'m str, &'m Value<'a>);
    type IntoIter = Iter<'m, 'a>;

    fn into_iter(self) -> Iter<'m, 'a> {
        self.iter()
    }
}

impl<'a> Value<'a> {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&Map<'a>> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Value<'a>]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }
    pub fn is_i64(&self) -> bool {
        matches!(self, Value::Number(n) if n.is_i64())
    }
    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// The member `key` of an object (`None` for other values).
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.as_object().and_then(|map| map.get(key))
    }
}

/// Nesting deeper than this is not converted from a `serde_json::Value` (the deeper levels
/// become `null`): no validator looks more than a few levels down, and a hostile value built in
/// code (parsed text never nests past serde_json's limit of 128) must not exhaust the stack.
const MAX_CONVERTED_DEPTH: usize = 256;

impl<'a> Value<'a> {
    /// The tree of a parsed `serde_json::Value`, its arrays and objects put in `arena`.
    pub fn convert(value: &'a serde_json::Value, arena: &'a Bump) -> Self {
        convert(value, arena, MAX_CONVERTED_DEPTH)
    }
}

fn convert<'a>(value: &'a serde_json::Value, arena: &'a Bump, depth: usize) -> Value<'a> {
    match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n),
        serde_json::Value::String(s) => Value::String(s),
        _ if depth == 0 => Value::Null,
        serde_json::Value::Array(items) => Value::Array(
            arena.alloc_slice_fill_iter(items.iter().map(|v| convert(v, arena, depth - 1))),
        ),
        serde_json::Value::Object(map) => Value::Object(Map {
            entries: arena.alloc_slice_fill_iter(
                map.iter()
                    .map(|(k, v)| (k.as_str(), convert(v, arena, depth - 1))),
            ),
        }),
    }
}

/// Arenas kept for reuse, one per level of nesting: a request's tree, and a document parsed
/// from one of its strings while that tree is in use (the identity document of
/// RegisterContainerInstance). Deeper nesting gets a fresh arena.
const KEPT_ARENAS: usize = 2;
/// An arena that grew past this for a huge request is dropped, not kept for the next one.
const KEPT_ARENA_BYTES: usize = 1 << 20;

thread_local! {
    static ARENAS: [RefCell<Bump>; KEPT_ARENAS] = std::array::from_fn(|_| RefCell::new(Bump::new()));
}

/// Runs `work` with an empty arena for a tree. Arenas are reused from call to call: the memory a
/// tree takes is allocated once, not once per array, object and escaped string of every request.
pub fn with_arena<R>(work: impl FnOnce(&Bump) -> R) -> R {
    ARENAS.with(|arenas| {
        for cell in arenas {
            if let Ok(mut arena) = cell.try_borrow_mut() {
                arena.reset();
                let result = work(&arena);
                if arena.allocated_bytes() > KEPT_ARENA_BYTES {
                    *arena = Bump::new();
                }
                return result;
            }
        }
        work(&Bump::new())
    })
}

/// Runs `check` on the tree of a parsed `serde_json::Value`.
pub fn with_converted<R>(value: &serde_json::Value, check: impl FnOnce(&Value<'_>) -> R) -> R {
    with_arena(|arena| check(&Value::convert(value, arena)))
}

/// serde_json's nesting limit: 128 levels of arrays and objects are refused.
const MAX_DEPTH: usize = 127;
/// The room the first escaped string of a text reserves for unescaping, at the most: the
/// buffer is kept for the rest of the text, and the strings of a request are short.
const UNESCAPED_RESERVE: usize = 4096;
/// Objects up to this size look for a repeated key by scanning; larger ones use a hash map, so
/// a million keys cost linear time.
const SCAN_LIMIT: usize = 16;

/// Parses JSON text into a tree and the JSON003 findings of keys repeated within one object
/// (`duplicate` builds each finding from the key's pointer and the key). `None` when the text is
/// not JSON as serde_json reads it.
pub(crate) fn parse<'a>(
    text: &'a str,
    arena: &'a Bump,
    duplicate: fn(&Pointer, &str) -> Diagnostic,
) -> Option<(Value<'a>, Vec<Diagnostic>)> {
    let stacks = SPARE_STACKS.take().unwrap_or_default();
    let mut parser = Parser {
        text,
        arena,
        pos: 0,
        depth: 0,
        members: recycle(stacks.members),
        items: recycle(stacks.items),
        unescaped: stacks.unescaped,
        duplicates: Vec::new(),
        duplicate,
    };
    let value = parser.document();
    if parser.members.capacity() <= KEPT_STACK_ITEMS
        && parser.items.capacity() <= KEPT_STACK_ITEMS
        && parser.unescaped.capacity() <= UNESCAPED_RESERVE
    {
        SPARE_STACKS.set(Some(Stacks {
            members: recycle(parser.members),
            items: recycle(parser.items),
            unescaped: parser.unescaped,
        }));
    }
    Some((value?, parser.duplicates))
}

/// serde_json's reading of user JSON text, with `-0` as 0 (see [`negative_zero_as_zero`]).
pub(crate) fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_str(&negative_zero_as_zero(text))
}

/// JSON text with every `-0` outside strings (negative zero written as an integer) turned into
/// ` 0`, for serde_json. Python's `json` reads `-0` as the integer 0, so the AWS CLI
/// (`--cli-input-json`) and boto3 send it as 0, and `JSON.stringify(-0)` is `"0"` for the JS SDK;
/// serde_json reads it as the float -0.0, which the checks of integer members would call a
/// decimal number. `-0.0` and `-0e0` stay floats, as they are to botocore, which refuses a float
/// for an integer member. A space takes the sign's place so every later byte keeps its
/// position for error messages. The borrowed tree's parser reads `-0` as 0 itself.
pub(crate) fn negative_zero_as_zero(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    if !bytes.windows(2).any(|pair| pair == b"-0") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    let mut in_string = false;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if in_string {
            match b {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'-'
            // A sign that starts a value, not an exponent's (`0e-0`).
            && (i == 0 || matches!(bytes.get(i - 1), Some(b':' | b'[' | b',' | b' ' | b'\t' | b'\n' | b'\r')))
            && bytes.get(i + 1) == Some(&b'0')
            && !matches!(bytes.get(i + 2), Some(b'0'..=b'9' | b'.' | b'e' | b'E'))
        {
            if let Some(sign) = out.get_mut(i) {
                *sign = b' ';
            }
        }
        i += 1;
    }
    // Only an ASCII sign was replaced by an ASCII space, so the bytes are still the UTF-8 text.
    String::from_utf8(out).map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
}

/// The parser's working stacks, kept from one parse to the next: with the arena also reused
/// (see [`with_arena`]), parsing a request allocates nothing. Allocating them per parse was two
/// or three of the dozen allocations a whole validation made.
struct Stacks {
    members: Vec<(&'static str, Value<'static>)>,
    items: Vec<Value<'static>>,
    unescaped: String,
}

impl Default for Stacks {
    fn default() -> Self {
        Self {
            // Room for a typical request's deepest open path at once: growing from empty took
            // three allocations and two copies per stack.
            members: Vec::with_capacity(16),
            items: Vec::with_capacity(16),
            unescaped: String::new(),
        }
    }
}

/// Stacks that grew past this for a huge request are dropped, not kept.
const KEPT_STACK_ITEMS: usize = 1024;

thread_local! {
    /// Taken by a parse and put back when it ends; a parse started meanwhile (none is, today)
    /// would make its own.
    static SPARE_STACKS: std::cell::Cell<Option<Stacks>> = const { std::cell::Cell::new(None) };
}

/// An empty vector in `items`' allocation, for values of another lifetime: the layouts are the
/// same, so the standard library's in-place collection keeps the buffer.
fn recycle<T, U>(mut items: Vec<T>) -> Vec<U> {
    items.clear();
    items.into_iter().filter_map(|_| None).collect()
}

/// Whether two keys are equal. Keys are short and mostly differ in length or in their first
/// byte, which are compared before the bytes are (a call to `memcmp` natively, a loop in wasm).
#[allow(clippy::inline_always)] // The wasm is built for size, where a per-byte helper stays a call.
#[inline(always)]
fn same_key(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.first() == b.first() && a == b
}

/// Where a parsed value goes: pushed onto the parser's item stack, or onto its member stack
/// under its key. Each value is written once, by the code that read it, onto the top of its
/// stack (nested values have left the stack by then): a value returned up the recursion instead
/// is moved out of the callee's frame, which stalls on its just-written bytes, and that cost
/// more than the rest of the parse.
#[derive(Clone, Copy)]
enum Target<'a> {
    Item,
    Member(&'a str),
}

struct Parser<'a> {
    text: &'a str,
    /// Where the tree's arrays and objects go, and its strings that held escapes.
    arena: &'a Bump,
    pos: usize,
    depth: usize,
    /// The members of the objects being parsed, innermost last: each object takes its own off
    /// the top when it closes, into an arena slice of exactly its size.
    members: Vec<(&'a str, Value<'a>)>,
    /// The same for the items of arrays (and the document itself, at the bottom).
    items: Vec<Value<'a>>,
    /// Where a string with escapes is unescaped before it is copied into the arena; kept from
    /// string to string, so only the first one allocates.
    unescaped: String,
    duplicates: Vec<Diagnostic>,
    duplicate: fn(&Pointer, &str) -> Diagnostic,
}

impl<'a> Parser<'a> {
    #[allow(clippy::inline_always)] // The wasm is built for size, where a per-byte helper stays a call.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    #[allow(clippy::inline_always)] // The wasm is built for size, where a per-byte helper stays a call.
    #[inline(always)]
    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.pos + word.len();
        (self.text.as_bytes().get(self.pos..end)? == word.as_bytes()).then(|| self.pos = end)
    }

    /// Pushes a finished value onto its stack.
    #[allow(clippy::inline_always)] // One store; as a call it would cost the move it avoids.
    #[inline(always)]
    fn put(&mut self, target: Target<'a>, value: Value<'a>) {
        match target {
            Target::Item => self.items.push(value),
            Target::Member(key) => self.members.push((key, value)),
        }
    }

    /// Reads the whole text: one value and nothing after it but whitespace.
    fn document(&mut self) -> Option<Value<'a>> {
        self.value(&Segment::Root, Target::Item)?;
        self.skip_whitespace();
        let value = self.items.pop()?;
        (self.pos == self.text.len()).then_some(value)
    }

    /// Reads one value onto `target`.
    fn value(&mut self, at: &Segment<'_>, target: Target<'a>) -> Option<()> {
        self.skip_whitespace();
        let value = match self.peek()? {
            b'{' => return self.object(at, target),
            b'[' => return self.array(at, target),
            b'"' => Value::String(self.string()?),
            b't' => self.literal("true").map(|()| Value::Bool(true))?,
            b'f' => self.literal("false").map(|()| Value::Bool(false))?,
            b'n' => self.literal("null").map(|()| Value::Null)?,
            b'-' | b'0'..=b'9' => Value::Number(self.arena.alloc(self.number()?)),
            _ => return None,
        };
        self.put(target, value);
        Some(())
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        self.pos += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// After the value of a member or item: `Some(true)` at the closing `close`, `Some(false)`
    /// after a comma.
    #[allow(clippy::inline_always)] // The wasm is built for size, where a per-byte helper stays a call.
    #[inline(always)]
    fn next_or_close(&mut self, close: u8) -> Option<bool> {
        self.skip_whitespace();
        let byte = self.peek()?;
        self.pos += 1;
        if byte == close {
            self.depth -= 1;
            Some(true)
        } else {
            (byte == b',').then_some(false)
        }
    }

    fn object(&mut self, at: &Segment<'_>, target: Target<'a>) -> Option<()> {
        self.enter()?;
        let start = self.members.len();
        // Positions (from `start`) by key, once the object is too large to scan.
        let mut index: Option<HashMap<&'a str, usize>> = None;
        self.skip_whitespace();
        if self.peek()? == b'}' {
            self.pos += 1;
            self.depth -= 1;
            self.put(target, Value::Object(Map::default()));
            return Some(());
        }
        loop {
            self.skip_whitespace();
            if self.peek()? != b'"' {
                return None;
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            let mine = self.members.get(start..)?;
            let count = mine.len();
            let seen = match &index {
                Some(index) => index.get(&key).copied(),
                None => mine.iter().position(|(k, _)| same_key(k, key)),
            };
            if seen.is_none() {
                if let Some(index) = &mut index {
                    index.insert(key, count);
                } else if count == SCAN_LIMIT {
                    let mut built: HashMap<&'a str, usize> =
                        mine.iter().enumerate().map(|(i, (k, _))| (*k, i)).collect();
                    built.insert(key, count);
                    index = Some(built);
                }
            }
            let here = Segment::Key(at, key);
            self.value(&here, Target::Member(key))?;
            if let Some(first) = seen {
                // A repeated key: the last value wins, in the first one's place.
                let (_, value) = self.members.pop()?;
                self.duplicates.push((self.duplicate)(&here.pointer(), key));
                self.members.get_mut(start + first)?.1 = value;
            }
            if self.next_or_close(b'}')? {
                // Copied at once, then cut off the stack: draining them into the arena moved
                // each member through a stack slot that stalled on its own just-written bytes.
                let entries = self.arena.alloc_slice_copy(self.members.get(start..)?);
                self.members.truncate(start);
                self.put(target, Value::Object(Map { entries }));
                return Some(());
            }
        }
    }

    fn array(&mut self, at: &Segment<'_>, target: Target<'a>) -> Option<()> {
        self.enter()?;
        let start = self.items.len();
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
            self.depth -= 1;
            self.put(target, Value::Array(&[]));
            return Some(());
        }
        loop {
            let index = self.items.len() - start;
            self.value(&Segment::Index(at, index), Target::Item)?;
            if self.next_or_close(b']')? {
                let items = self.arena.alloc_slice_copy(self.items.get(start..)?);
                self.items.truncate(start);
                self.put(target, Value::Array(items));
                return Some(());
            }
        }
    }

    /// A string at `pos` (on its opening quote): a slice of the text unless it holds escapes.
    #[allow(clippy::inline_always)] // The common case is a scan and a slice; see `value`.
    #[inline(always)]
    fn string(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let start = self.pos + 1;
        let pos = special_byte(bytes, start)?;
        if bytes.get(pos) == Some(&b'"') {
            self.pos = pos + 1;
            return self.text.get(start..pos);
        }
        self.escaped_string(start, pos)
    }

    /// The rest of a string from its first escape (or control character) at `pos`, unescaped
    /// into the arena.
    #[cold]
    fn escaped_string(&mut self, start: usize, mut pos: usize) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let owned = &mut self.unescaped;
        owned.clear();
        // The string ends before the text does; room for that (up to a point) at once.
        owned.reserve((self.text.len() - start).min(UNESCAPED_RESERVE));
        owned.push_str(self.text.get(start..pos)?);
        loop {
            match *bytes.get(pos)? {
                b'"' => {
                    self.pos = pos + 1;
                    return Some(self.arena.alloc_str(owned));
                }
                b'\\' => {
                    let escape = *bytes.get(pos + 1)?;
                    pos += 2;
                    match escape {
                        b'"' => owned.push('"'),
                        b'\\' => owned.push('\\'),
                        b'/' => owned.push('/'),
                        b'b' => owned.push('\u{8}'),
                        b'f' => owned.push('\u{c}'),
                        b'n' => owned.push('\n'),
                        b'r' => owned.push('\r'),
                        b't' => owned.push('\t'),
                        b'u' => {
                            let (c, next) = unicode_escape(bytes, pos)?;
                            owned.push(c);
                            pos = next;
                        }
                        _ => return None,
                    }
                }
                // A control character: JSON wants it escaped.
                _ => return None,
            }
            let run_end = special_byte(bytes, pos)?;
            owned.push_str(self.text.get(pos..run_end)?);
            pos = run_end;
        }
    }

    /// A number: plain integers are read here, anything else by serde_json itself so every
    /// value (and every refusal, like `1e400`) is exactly serde_json's.
    fn number(&mut self) -> Option<Number> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start;
        let negative = bytes.get(end) == Some(&b'-');
        if negative {
            end += 1;
        }
        let digits_start = end;
        let mut magnitude: u64 = 0;
        let mut overflow = false;
        while let Some(&b) = bytes.get(end) {
            if !b.is_ascii_digit() {
                break;
            }
            match magnitude
                .checked_mul(10)
                .and_then(|m| m.checked_add(u64::from(b - b'0')))
            {
                Some(m) => magnitude = m,
                None => overflow = true,
            }
            end += 1;
        }
        let digits = end - digits_start;
        if digits == 0 || (digits > 1 && bytes.get(digits_start) == Some(&b'0')) {
            return None;
        }
        let plain = !matches!(bytes.get(end), Some(b'.' | b'e' | b'E'));
        // Integers past the 64-bit ranges are serde_json's to read. `-0` is the integer 0, as
        // to Python and the AWS APIs (see [`negative_zero_as_zero`]).
        if plain && !overflow && (!negative || magnitude == 0) {
            self.pos = end;
            return Some(Number::from(magnitude));
        }
        if plain && !overflow && negative && magnitude != 0 && magnitude <= 1 << 63 {
            self.pos = end;
            let value = i64::try_from(magnitude).map_or(i64::MIN, |m| -m);
            return Some(Number::from(value));
        }
        while let Some(&b) = bytes.get(end) {
            if !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')) {
                break;
            }
            end += 1;
        }
        let number = self.text.get(start..end)?.parse::<Number>().ok()?;
        self.pos = end;
        Some(number)
    }
}

/// Where the first quote, backslash or control character is at or after `from`: eight bytes
/// at a time (a byte is zero in `word ^ pattern` where it matches; `x - 0x01..` borrows into
/// the top bit of the first zero byte, and of the first byte under 0x20 for `x - 0x20..`).
#[allow(clippy::inline_always)] // The wasm is built for size, where a per-byte helper stays a call.
#[inline(always)]
fn special_byte(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const TOPS: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(chunk.try_into().ok()?);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (word.wrapping_sub(ONES * 0x20) & !word))
            & TOPS;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The character of a `\u` escape whose hex digits start at `pos` (a surrogate pair takes two
/// escapes), and where the text goes on. Lone surrogates are refused, as serde_json does.
fn unicode_escape(bytes: &[u8], pos: usize) -> Option<(char, usize)> {
    let first = hex4(bytes, pos)?;
    match first {
        0xD800..=0xDBFF => {
            if bytes.get(pos + 4..pos + 6)? != b"\\u" {
                return None;
            }
            let second = hex4(bytes, pos + 6)?;
            if !(0xDC00..=0xDFFF).contains(&second) {
                return None;
            }
            let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            Some((char::from_u32(code)?, pos + 10))
        }
        0xDC00..=0xDFFF => None,
        _ => Some((char::from_u32(first)?, pos + 4)),
    }
}

fn hex4(bytes: &[u8], pos: usize) -> Option<u32> {
    let digits = bytes.get(pos..pos + 4)?;
    digits.iter().try_fold(0u32, |acc, &b| {
        let digit = char::from(b).to_digit(16)?;
        Some(acc * 16 + digit)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::rules;

    fn dup(pointer: &Pointer, key: &str) -> Diagnostic {
        Diagnostic::new(&rules::JSON003, pointer, key.to_owned())
    }

    /// The tree of `text` in a leaked arena, so tests can hold it.
    fn tree(text: &str) -> Option<Value<'_>> {
        parse(text, Box::leak(Box::new(Bump::new())), dup).map(|(v, _)| v)
    }

    /// Parsing to a tree and converting serde_json's value (of the text with `-0` read as 0, as
    /// every serde_json parse of a request is) give the same tree, and the parser refuses
    /// exactly what serde_json refuses.
    fn agrees(text: &str) {
        let ours = tree(text);
        let theirs = from_text::<serde_json::Value>(text).ok();
        match (&ours, &theirs) {
            (Some(a), Some(b)) => with_converted(b, |b| assert_eq!(a, b, "{text}")),
            (None, None) => {}
            _ => panic!("{text}: ours {ours:?}, serde_json {theirs:?}"),
        }
    }

    #[test]
    fn parses_reuse_their_stacks() {
        let recycled: Vec<(&str, Value<'_>)> =
            recycle(Vec::<(&'static str, Value<'static>)>::with_capacity(40));
        assert!(recycled.is_empty());
        assert_eq!(
            recycled.capacity(),
            40,
            "the buffer is kept, not reallocated"
        );
        // A parse leaves its stacks for the next one, which starts from the grown stacks.
        let many = format!("[{}]", vec!["1"; 100].join(","));
        assert!(tree(&many).is_some());
        let kept = SPARE_STACKS.take().map(|stacks| stacks.items.capacity());
        assert!(kept.is_some_and(|capacity| capacity >= 100), "{kept:?}");
        // A huge one's stacks are dropped.
        let huge = format!("[{}]", vec!["1"; KEPT_STACK_ITEMS + 1].join(","));
        assert!(tree(&huge).is_some());
        assert!(SPARE_STACKS.take().is_none());
    }

    #[test]
    fn agrees_with_serde_json() {
        for text in [
            "{}",
            "[]",
            " {\"a\" : [1, -2, 3.5, -0, 0, -0.0, 1e3, 1E-2, 18446744073709551615, 18446744073709551616, -9223372036854775808, -9223372036854775809] } ",
            "-77777777777777777777777777777",
            "[-18446744073709551616, -18446744073709551615, 99999999999999999999999]",
            r#"{"s": "plain", "e": "tab\tquote\"slash\/back\\uni\u00e9\ud83d\ude00", "n": null, "t": true, "f": false}"#,
            r#"{"a": 1, "a": 2, "b": {"c": [1, {"d": "x"}]}}"#,
            "1e400",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "+1",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            "{a:1}",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"\\x\"",
            "\"a\u{1}b\"",
            "\"\\u00\"",
            "[1] x",
            "",
            "nul",
            "truex",
            "\u{feff}{}",
            "\"é ü 中 \u{202e}\"",
            "-0",
            "[-0,-0.0,-0e1,-0E1,\"-0\",\"\\\"-0\", {\"-0\": -0}]",
            "-00",
            "-01",
            "[-0-0]",
            "[0e-0, 1E-0, 2e-00, -0e-0]",
            "{\"a\":-0}",
        ] {
            agrees(text);
        }
    }

    #[test]
    fn negative_zero_is_the_integer_zero_as_python_reads_it() {
        let text =
            r#"{"a": -0, "b": [-0], "c": -0.0, "d": -0e1, "e": "-0", "f": "\"-0", "g": -01}"#;
        let normalized = negative_zero_as_zero(text);
        assert_eq!(
            normalized,
            r#"{"a":  0, "b": [ 0], "c": -0.0, "d": -0e1, "e": "-0", "f": "\"-0", "g": -01}"#
        );
        assert_eq!(
            normalized.len(),
            text.len(),
            "every byte keeps its position"
        );
        let value = tree(r#"{"a": -0, "c": -0.0}"#).unwrap();
        assert_eq!(value.get("a").and_then(Value::as_u64), Some(0));
        assert!(!value.get("c").is_some_and(Value::is_i64));
        assert!(matches!(
            negative_zero_as_zero("[1, -2]"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn nesting_stops_where_serde_json_stops() {
        for depth in [126, 127, 128, 129] {
            agrees(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)));
            agrees(&format!(
                "{}1{}",
                "{\"a\":".repeat(depth),
                "}".repeat(depth)
            ));
        }
        assert!(tree(&"[".repeat(100_000)).is_none());
    }

    #[test]
    fn repeated_keys_keep_the_first_place_and_the_last_value() {
        let arena = Bump::new();
        let (value, dups) = parse(r#"{"a": 1, "b": 2, "a": 3}"#, &arena, dup).unwrap();
        let keys: Vec<&str> = value.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(value.get("a").and_then(Value::as_i64), Some(3));
        assert_eq!(dups.len(), 1);
        assert_eq!(dups[0].path.as_str(), "/a");
    }

    #[test]
    fn large_objects_find_repeats_through_the_index() {
        let mut text = String::from("{");
        for i in 0..100 {
            text += &["\"k", &i.to_string(), "\": ", &i.to_string(), ", "].concat();
        }
        text.push_str("\"k3\": 0, \"k99\": 1}");
        let arena = Bump::new();
        let (value, dups) = parse(&text, &arena, dup).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 100);
        let paths: Vec<&str> = dups.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["/k3", "/k99"]);
        assert_eq!(value.get("k3").and_then(Value::as_i64), Some(0));
    }

    #[test]
    fn escapes_and_control_characters_are_found_at_every_offset() {
        for at in 0..20 {
            let plain = "a".repeat(at);
            for (inside, parsed) in [("\\n", Some("\n")), ("\\\"", Some("\"")), ("\u{1}", None)] {
                let text = format!("\"{plain}{inside}{plain}\"");
                let expected = parsed.map(|p| format!("{plain}{p}{plain}"));
                assert_eq!(
                    tree(&text).and_then(|v| v.as_str().map(str::to_owned)),
                    expected,
                    "{text:?}"
                );
                agrees(&text);
            }
        }
    }

    #[test]
    fn strings_without_escapes_are_slices_of_the_text() {
        let text = r#"{"plain": "abc", "escaped": "a\nb"}"#;
        let value = tree(text).unwrap();
        let within = |s: &str| text.as_bytes().as_ptr_range().contains(&s.as_ptr());
        assert!(matches!(value.get("plain"), Some(Value::String(s)) if *s == "abc" && within(s)));
        assert!(
            matches!(value.get("escaped"), Some(Value::String(s)) if *s == "a\nb" && !within(s))
        );
    }

    #[test]
    fn deep_values_built_in_code_convert_without_exhausting_the_stack() {
        let mut value = serde_json::Value::Null;
        for _ in 0..100_000 {
            value = serde_json::Value::Array(vec![value]);
        }
        // (A closure: `Value::is_array` names one lifetime, not every one.)
        #[allow(clippy::redundant_closure_for_method_calls)]
        let is_array = with_converted(&value, |tree| tree.is_array());
        assert!(is_array);
        // serde_json's own drop of such a value recurses; leak it in the test.
        std::mem::forget(value);
    }

    #[test]
    fn arenas_are_reused_nested_and_dropped_when_huge() {
        // Nested uses get arenas of their own, even past the kept ones.
        with_arena(|outer| {
            let kept = outer.alloc_str("outer");
            with_arena(|inner| {
                with_arena(|innermost| {
                    assert!(!std::ptr::eq(inner, innermost));
                    innermost.alloc_str("innermost");
                });
                assert!(!std::ptr::eq(outer, inner));
                inner.alloc_str("inner");
            });
            assert_eq!(kept, "outer");
        });
        // A huge tree's memory is not kept for the next request; a small one's is.
        with_arena(|arena| {
            arena.alloc_slice_fill_copy(2 * KEPT_ARENA_BYTES, 0_u8);
        });
        with_arena(|arena| {
            assert!(arena.allocated_bytes() < KEPT_ARENA_BYTES);
            arena.alloc_slice_fill_copy(1000, 0_u8);
        });
        with_arena(|arena| assert!(arena.allocated_bytes() >= 1000));
    }

    proptest::proptest! {
        #[test]
        fn any_text_agrees(text in ".{0,40}") {
            agrees(&text);
        }

        #[test]
        fn json_like_text_agrees(text in r#"[\[\]{}",:0-9.eE+\- a-z\\u]{0,40}"#) {
            agrees(&text);
        }
    }
}
