//! RFC 6901 JSON Pointers, the `path` of every diagnostic.

use std::fmt;

/// A JSON Pointer built segment by segment; `Pointer::root()` is the whole document (`""`).
///
/// Validators make a pointer for each member they look at and keep few (only those of findings),
/// so short pointers live inline and cost no allocation.
#[derive(Clone)]
pub struct Pointer(Repr);

/// Pointers up to this many bytes are kept inline (nearly all: `/totalResources/12/stringSetValue`
/// is 32).
const INLINE: usize = 54;

#[derive(Clone)]
enum Repr {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(String),
}

impl Pointer {
    pub fn root() -> Self {
        Self(Repr::Inline {
            len: 0,
            bytes: [0; INLINE],
        })
    }

    /// This pointer followed by `/` and `segment` (already escaped).
    fn joined(&self, segment: &str) -> Self {
        // The prefix is copied as bytes: reading it as `&str` would check its UTF-8 every time.
        let prefix = match &self.0 {
            Repr::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            Repr::Heap(text) => text.as_bytes(),
        };
        let total = prefix.len() + 1 + segment.len();
        if let (Ok(len), true) = (u8::try_from(total), total <= INLINE) {
            let mut bytes = [0; INLINE];
            let parts = [prefix, b"/", segment.as_bytes()];
            let mut at = 0;
            for part in parts {
                if let Some(slot) = bytes.get_mut(at..at + part.len()) {
                    slot.copy_from_slice(part);
                }
                at += part.len();
            }
            return Self(Repr::Inline { len, bytes });
        }
        let mut out = String::with_capacity(total);
        out.push_str(self.as_str());
        out.push('/');
        out.push_str(segment);
        Self(Repr::Heap(out))
    }

    /// The pointer to a member or map key below this one; `~` and `/` are escaped as `~0` and `~1`.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        if key.bytes().any(|b| b == b'~' || b == b'/') {
            self.joined(&key.replace('~', "~0").replace('/', "~1"))
        } else {
            self.joined(key)
        }
    }

    /// The pointer to an array element below this one.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        let mut rest = index;
        loop {
            start -= 1;
            if let (Some(slot), Ok(digit)) = (digits.get_mut(start), u8::try_from(rest % 10)) {
                *slot = b'0' + digit;
            }
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        let digits = digits.get(start..).unwrap_or_default();
        self.joined(std::str::from_utf8(digits).unwrap_or_default())
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            // Inline bytes are always whole UTF-8 strings: they are copied from `&str`s.
            Repr::Inline { len, bytes } => {
                std::str::from_utf8(bytes.get(..usize::from(*len)).unwrap_or_default())
                    .unwrap_or_default()
            }
            Repr::Heap(text) => text,
        }
    }

    /// Splits a pointer string into unescaped segments; `None` if it is not a valid pointer.
    pub fn parse_segments(pointer: &str) -> Option<Vec<String>> {
        if pointer.is_empty() {
            return Some(Vec::new());
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/')
            .map(|raw| {
                let mut out = String::with_capacity(raw.len());
                let mut chars = raw.chars();
                while let Some(c) = chars.next() {
                    if c == '~' {
                        match chars.next() {
                            Some('0') => out.push('~'),
                            Some('1') => out.push('/'),
                            _ => return None,
                        }
                    } else {
                        out.push(c);
                    }
                }
                Some(out)
            })
            .collect()
    }
}

impl Default for Pointer {
    fn default() -> Self {
        Self::root()
    }
}

impl PartialEq for Pointer {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Pointer {}

impl std::hash::Hash for Pointer {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Pointer").field(&self.as_str()).finish()
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> Self {
        match p.0 {
            Repr::Heap(text) => text,
            Repr::Inline { .. } => p.as_str().to_owned(),
        }
    }
}

/// Where a checked value is. Checks look at every element of a list and report on few, so an
/// element's place is kept as a [`Segment`] chain, and its pointer is built only for a finding.
/// Checks take it as `&dyn Place`: it is asked for only when reporting, and one copy of each
/// check keeps the wasm small.
pub trait Place {
    fn pointer(&self) -> Pointer;

    /// The pointer to a member below this place.
    fn key(&self, key: &str) -> Pointer {
        self.pointer().key(key)
    }

    /// The pointer to an array element below this place.
    fn index(&self, index: usize) -> Pointer {
        self.pointer().index(index)
    }

    /// Whether this is the whole document.
    fn is_root(&self) -> bool {
        false
    }
}

impl Place for Pointer {
    fn pointer(&self) -> Pointer {
        self.clone()
    }

    fn is_root(&self) -> bool {
        self.as_str().is_empty()
    }
}

/// A place as a chain back to the root: built as checks and the parser descend, for nothing,
/// and turned into a pointer only for a finding.
#[derive(Clone, Copy)]
pub enum Segment<'s> {
    Root,
    Key(&'s Segment<'s>, &'s str),
    Index(&'s Segment<'s>, usize),
}

impl Place for Segment<'_> {
    fn pointer(&self) -> Pointer {
        match self {
            Segment::Root => Pointer::root(),
            Segment::Key(parent, key) => parent.pointer().key(key),
            Segment::Index(parent, index) => parent.pointer().index(*index),
        }
    }

    fn is_root(&self) -> bool {
        matches!(self, Segment::Root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_pointers_leave_the_inline_buffer_intact() {
        let mut p = Pointer::root();
        let mut expected = String::new();
        for i in 0..40 {
            p = if i % 2 == 0 {
                p.key("segment")
            } else {
                p.index(i * 997)
            };
            let segment = if i % 2 == 0 {
                "segment".to_owned()
            } else {
                (i * 997).to_string()
            };
            expected = expected + "/" + &segment;
            assert_eq!(p.as_str(), expected);
        }
        assert_eq!(String::from(p.clone()), expected);
        assert_eq!(Pointer::root().index(0).as_str(), "/0");
        assert_eq!(
            Pointer::root().index(usize::MAX).as_str(),
            format!("/{}", usize::MAX)
        );
        assert_eq!(Pointer::root().key("é/中~").as_str(), "/é~1中~0");
    }

    #[test]
    fn escapes_tilde_and_slash() {
        let p = Pointer::root().key("Attributes").key("a/b~c");
        assert_eq!(p.as_str(), "/Attributes/a~1b~0c");
        assert_eq!(
            Pointer::parse_segments(p.as_str()),
            Some(vec!["Attributes".to_owned(), "a/b~c".to_owned()])
        );
    }

    #[test]
    fn index_and_root() {
        assert_eq!(Pointer::root().as_str(), "");
        assert_eq!(Pointer::root().key("x").index(3).as_str(), "/x/3");
        assert_eq!(Pointer::parse_segments("x"), None);
        assert_eq!(Pointer::parse_segments("/a~2"), None);
    }

    #[test]
    fn places_build_the_pointers_they_stand_for() {
        let list = Segment::Key(&Segment::Root, "totalResources");
        let element = Segment::Index(&list, 12);
        let field = Segment::Key(&element, "a/b");
        assert_eq!(element.pointer().as_str(), "/totalResources/12");
        assert_eq!(element.key("name").as_str(), "/totalResources/12/name");
        assert_eq!(field.index(0).as_str(), "/totalResources/12/a~1b/0");
        assert!(!element.is_root() && !list.is_root());
        assert!(Segment::Root.is_root() && Pointer::root().is_root());
        assert!(!Pointer::root().key("x").is_root());
    }
}
