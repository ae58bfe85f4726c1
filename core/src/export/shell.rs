//! Splits one pasted shell command into words the way bash does, for the parts a command line
//! copied from docs or a terminal uses: quotes (`'...'`, `"..."`, `$'...'`), backslash escapes
//! and backslash-newline continuations, comments. Anything whose value bash would compute
//! (variables, command substitution, brace expansion, `~`) or that joins commands (pipes, `;`,
//! redirections) is an error rather than a guess.

use std::fmt;

/// Why a command line could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShellError {
    /// A quote that never closes.
    Unterminated { quote: char },
    /// Something bash would expand (`$NAME`, `$(...)`, `` `...` ``, `{a,b}`, `~`).
    Expansion { text: String },
    /// An operator that joins or redirects commands.
    Operator { text: String },
    /// A second command after the first.
    SecondCommand,
    /// `$'\0'`: bash ends the word there, so the rest would be lost.
    Nul,
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShellError::Unterminated { quote } => write!(f, "a {quote} quote is never closed"),
            ShellError::Expansion { text } => write!(f, "{text} is expanded by the shell, so its value is not in the text; replace it with the value (or quote it with single quotes if it is meant literally)"),
            ShellError::Operator { text } => write!(f, "{text:?} joins or redirects commands; paste only the aws command"),
            ShellError::SecondCommand => write!(f, "the text holds more than one command; paste one (join continued lines with a trailing backslash)"),
            ShellError::Nul => write!(f, "$'\\0' cuts the word short in bash"),
        }
    }
}

impl std::error::Error for ShellError {}

/// How far an unquoted `{…,…}` (which bash would brace-expand) has got in the current word.
#[derive(Clone, Copy)]
enum Brace {
    None,
    Open,
    Comma,
}

struct Splitter<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    words: Vec<String>,
    /// The word being read; `None` between words (so `''` still makes an empty word).
    word: Option<String>,
    /// Brace-expansion tracking for the unquoted parts of the current word.
    brace: Brace,
    /// A newline ended the command; only blanks and comments may follow.
    ended: bool,
    /// Keep `$NAME` as text instead of refusing it (for curl, whose `--user "$KEY:$SECRET"`
    /// does not matter to the request).
    keep_expansions: bool,
}

impl Splitter<'_> {
    fn push(&mut self, c: char) {
        self.word.get_or_insert_with(String::new).push(c);
    }

    fn start(&mut self) -> Result<(), ShellError> {
        if self.ended {
            return Err(ShellError::SecondCommand);
        }
        self.word.get_or_insert_with(String::new);
        Ok(())
    }

    fn finish(&mut self) {
        if let Some(word) = self.word.take() {
            self.words.push(word);
        }
        self.brace = Brace::None;
    }

    fn single_quoted(&mut self) -> Result<(), ShellError> {
        self.start()?;
        loop {
            match self.chars.next() {
                None => return Err(ShellError::Unterminated { quote: '\'' }),
                Some('\'') => return Ok(()),
                Some(c) => self.push(c),
            }
        }
    }

    fn dollar_expansion(&mut self) -> Result<(), ShellError> {
        if self.keep_expansions {
            self.push('$');
            return Ok(());
        }
        match self.chars.peek().copied() {
            Some(c)
                if c.is_ascii_alphanumeric()
                    || matches!(c, '_' | '{' | '(' | '@' | '*' | '#' | '?' | '$' | '!' | '-') =>
            {
                let mut text = String::from('$');
                while let Some(&c) = self.chars.peek() {
                    if c.is_ascii_alphanumeric() || matches!(c, '_' | '{' | '}' | '(' | ')') {
                        text.push(c);
                        self.chars.next();
                        if c == '}' || c == ')' || text.len() > 40 {
                            break;
                        }
                    } else {
                        if text.len() == 1 {
                            text.push(c);
                        }
                        break;
                    }
                }
                Err(ShellError::Expansion { text })
            }
            _ => {
                self.push('$');
                Ok(())
            }
        }
    }

    fn double_quoted(&mut self) -> Result<(), ShellError> {
        self.start()?;
        loop {
            match self.chars.next() {
                None => return Err(ShellError::Unterminated { quote: '"' }),
                Some('"') => return Ok(()),
                Some('\\') => match self.chars.next() {
                    None => return Err(ShellError::Unterminated { quote: '"' }),
                    Some('\n') => {}
                    Some(c @ ('$' | '`' | '"' | '\\')) => self.push(c),
                    Some(c) => {
                        self.push('\\');
                        self.push(c);
                    }
                },
                Some('$') => self.dollar_expansion()?,
                Some('`') => {
                    return Err(ShellError::Expansion {
                        text: "`...`".to_owned(),
                    })
                }
                Some(c) => self.push(c),
            }
        }
    }

    /// `$'...'`: bash's ANSI-C quoting.
    fn ansi_c_quoted(&mut self) -> Result<(), ShellError> {
        self.start()?;
        loop {
            match self.chars.next() {
                None => return Err(ShellError::Unterminated { quote: '\'' }),
                Some('\'') => return Ok(()),
                Some('\\') => {
                    let Some(c) = self.chars.next() else {
                        return Err(ShellError::Unterminated { quote: '\'' });
                    };
                    let decoded = match c {
                        'a' => Some('\u{7}'),
                        'b' => Some('\u{8}'),
                        'e' | 'E' => Some('\u{1b}'),
                        'f' => Some('\u{c}'),
                        'n' => Some('\n'),
                        'r' => Some('\r'),
                        't' => Some('\t'),
                        'v' => Some('\u{b}'),
                        '\\' | '\'' | '"' | '?' => Some(c),
                        '0'..='7' => {
                            let mut code = c.to_digit(8).unwrap_or(0);
                            for _ in 0..2 {
                                match self.chars.peek().and_then(|d| d.to_digit(8)) {
                                    Some(d) => {
                                        code = code * 8 + d;
                                        self.chars.next();
                                    }
                                    None => break,
                                }
                            }
                            char::from_u32(code & 0xFF)
                        }
                        'x' | 'u' | 'U' => {
                            let max = match c {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let mut code = 0u32;
                            let mut digits = 0;
                            while digits < max {
                                match self.chars.peek().and_then(|d| d.to_digit(16)) {
                                    Some(d) => {
                                        code = code.saturating_mul(16).saturating_add(d);
                                        digits += 1;
                                        self.chars.next();
                                    }
                                    None => break,
                                }
                            }
                            if digits == 0 {
                                self.push('\\');
                                Some(c)
                            } else {
                                char::from_u32(code)
                            }
                        }
                        'c' => self
                            .chars
                            .next()
                            .and_then(|x| char::from_u32(u32::from(x) & 0x1F)),
                        other => {
                            self.push('\\');
                            Some(other)
                        }
                    };
                    match decoded {
                        Some('\0') | None => return Err(ShellError::Nul),
                        Some(d) => self.push(d),
                    }
                }
                Some(c) => self.push(c),
            }
        }
    }

    fn run(mut self) -> Result<Vec<String>, ShellError> {
        while let Some(c) = self.chars.next() {
            match c {
                ' ' | '\t' | '\r' => self.finish(),
                '\n' => {
                    self.finish();
                    if !self.words.is_empty() {
                        self.ended = true;
                    }
                }
                '#' if self.word.is_none() => {
                    while self.chars.peek().is_some_and(|&c| c != '\n') {
                        self.chars.next();
                    }
                }
                '\\' => match self.chars.next() {
                    Some('\n') | None => {}
                    Some('\r') if self.chars.peek() == Some(&'\n') => {
                        self.chars.next();
                    }
                    Some(next) => {
                        self.start()?;
                        self.push(next);
                    }
                },
                '\'' => self.single_quoted()?,
                '"' => self.double_quoted()?,
                '$' => match self.chars.peek() {
                    Some('\'') => {
                        self.chars.next();
                        self.ansi_c_quoted()?;
                    }
                    Some('"') => {
                        self.chars.next();
                        self.double_quoted()?;
                    }
                    _ => {
                        self.start()?;
                        self.dollar_expansion()?;
                    }
                },
                '`' => {
                    return Err(ShellError::Expansion {
                        text: "`...`".to_owned(),
                    })
                }
                ';' | '&' | '|' | '<' | '>' | '(' | ')' => {
                    return Err(ShellError::Operator {
                        text: c.to_string(),
                    })
                }
                '~' if self.word.is_none()
                    && self
                        .chars
                        .peek()
                        .is_none_or(|&n| n == '/' || n.is_whitespace()) =>
                {
                    return Err(ShellError::Expansion {
                        text: "~ (the home directory)".to_owned(),
                    })
                }
                _ => {
                    self.start()?;
                    match (c, self.brace) {
                        ('{', _) => self.brace = Brace::Open,
                        (',', Brace::Open) => self.brace = Brace::Comma,
                        ('}', Brace::Comma) => {
                            return Err(ShellError::Expansion {
                                text: "an unquoted {…,…}".to_owned(),
                            })
                        }
                        _ => {}
                    }
                    self.push(c);
                }
            }
        }
        self.finish();
        Ok(self.words)
    }
}

/// Splits one command line into words as bash would.
pub fn split_words(text: &str) -> Result<Vec<String>, ShellError> {
    split(text, false)
}

/// [`split_words`], but `$NAME` stays as written instead of being an error.
pub fn split_words_keeping_variables(text: &str) -> Result<Vec<String>, ShellError> {
    split(text, true)
}

fn split(text: &str, keep_expansions: bool) -> Result<Vec<String>, ShellError> {
    Splitter {
        chars: text.chars().peekable(),
        words: Vec::new(),
        word: None,
        brace: Brace::None,
        ended: false,
        keep_expansions,
    }
    .run()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        split_words(text).unwrap()
    }

    #[test]
    fn quotes_escapes_and_continuations() {
        assert_eq!(
            words("aws  sd \\\n  --x 'a b'\"c\\\"d\"e\\ f '' $'\\n\\x41\\u00e9'"),
            vec!["aws", "sd", "--x", "a bc\"de f", "", "\nAé"]
        );
        assert_eq!(words("a 'it'\\''s' # comment\n\n"), vec!["a", "it's"]);
        assert_eq!(words("a \"$\" 'x'$ \"\\q\""), vec!["a", "$", "x$", "\\q"]);
    }

    #[test]
    fn expansions_and_operators_are_errors() {
        for text in [
            "a $HOME",
            "a \"${X}\"",
            "a $(id)",
            "a `id`",
            "a | jq",
            "a; b",
            "a\nb",
            "a {x,y}",
            "a ~/f",
            "$'\\0'",
        ] {
            assert!(split_words(text).is_err(), "{text}");
        }
        assert!(split_words("a 'unterminated").is_err());
        assert_eq!(words("a {x} b~"), vec!["a", "{x}", "b~"]);
    }
}
