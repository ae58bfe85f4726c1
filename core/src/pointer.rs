//! RFC 6901 JSON Pointers, the `path` of every diagnostic.

use std::fmt::{self, Write as _};

/// A JSON Pointer built segment by segment; `Pointer::root()` is the whole document (`""`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Self(String::new())
    }

    /// The pointer to a member or map key below this one; `~` and `/` are escaped as `~0` and `~1`.
    #[must_use]
    pub fn key(&self, key: &str) -> Self {
        let mut out = String::with_capacity(self.0.len() + key.len() + 1);
        out.push_str(&self.0);
        out.push('/');
        if key.bytes().any(|b| b == b'~' || b == b'/') {
            for c in key.chars() {
                match c {
                    '~' => out.push_str("~0"),
                    '/' => out.push_str("~1"),
                    _ => out.push(c),
                }
            }
        } else {
            out.push_str(key);
        }
        Self(out)
    }

    /// The pointer to an array element below this one.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut out = String::with_capacity(self.0.len() + 8);
        out.push_str(&self.0);
        // Writing to a String cannot fail.
        let _ = write!(out, "/{index}");
        Self(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
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

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> Self {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
