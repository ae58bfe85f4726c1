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
    /// `$'\303\251'`-style escapes whose bytes are not UTF-8 text.
    NotUtf8,
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShellError::Unterminated { quote } => write!(f, "a {quote} quote is never closed"),
            ShellError::Expansion { text } => write!(f, "{text} is expanded by the shell, so its value is not in the text; replace it with the value (or quote it with single quotes if it is meant literally)"),
            ShellError::Operator { text } => write!(f, "{text:?} joins or redirects commands; paste only the aws command"),
            ShellError::SecondCommand => write!(f, "the text holds more than one command; paste one (join continued lines with a trailing backslash)"),
            ShellError::Nul => write!(f, "$'\\0' cuts the word short in bash"),
            ShellError::NotUtf8 => write!(f, "the \\NNN or \\xHH escapes of a $'...' make bytes that are not UTF-8 text"),
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
    /// The first expansion kept in the current word, and for each word read so far.
    kept: Option<String>,
    kept_per_word: Vec<Option<String>>,
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
            self.kept_per_word.push(self.kept.take());
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
            let starts = self.chars.peek().is_some_and(|&c| {
                c.is_ascii_alphanumeric()
                    || matches!(c, '_' | '{' | '(' | '@' | '*' | '#' | '?' | '$' | '!' | '-')
            });
            if starts && self.kept.is_none() {
                let name = self
                    .chars
                    .clone()
                    .take_while(|c| {
                        c.is_ascii_alphanumeric() || matches!(c, '_' | '{' | '}' | '(' | ')')
                    })
                    .take(40);
                self.kept = Some(std::iter::once('$').chain(name).collect());
            }
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

    /// `$'...'`: bash's ANSI-C quoting. `\NNN` and `\xHH` make bytes, which bash passes on as
    /// they are (`$'caf\303\251'` is "café" in UTF-8), so the quoted text is gathered as bytes
    /// and read as UTF-8 at the closing quote.
    fn ansi_c_quoted(&mut self) -> Result<(), ShellError> {
        self.start()?;
        let mut bytes = Vec::new();
        let push = |bytes: &mut Vec<u8>, c: char| {
            bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        };
        loop {
            match self.chars.next() {
                None => return Err(ShellError::Unterminated { quote: '\'' }),
                Some('\'') => break,
                Some('\\') => {
                    let Some(c) = self.chars.next() else {
                        return Err(ShellError::Unterminated { quote: '\'' });
                    };
                    let decoded = match c {
                        'a' => '\u{7}',
                        'b' => '\u{8}',
                        'e' | 'E' => '\u{1b}',
                        'f' => '\u{c}',
                        'n' => '\n',
                        'r' => '\r',
                        't' => '\t',
                        'v' => '\u{b}',
                        '\\' | '\'' | '"' | '?' => c,
                        '0'..='7' | 'x' | 'u' | 'U' => {
                            let (radix, max) = match c {
                                'x' => (16, 2),
                                'u' => (16, 4),
                                'U' => (16, 8),
                                _ => (8, 2),
                            };
                            let mut code = c.to_digit(8).unwrap_or(0);
                            let mut digits = 0;
                            while digits < max {
                                match self.chars.peek().and_then(|d| d.to_digit(radix)) {
                                    Some(d) => {
                                        code = code.saturating_mul(radix).saturating_add(d);
                                        digits += 1;
                                        self.chars.next();
                                    }
                                    None => break,
                                }
                            }
                            if radix == 16 && digits == 0 {
                                // `\x` with no digits stays as written.
                                push(&mut bytes, '\\');
                                c
                            } else if matches!(c, 'u' | 'U') {
                                // A surrogate or a code above U+10FFFF: bash writes its bytes
                                // anyway, which are not UTF-8.
                                char::from_u32(code).ok_or(ShellError::NotUtf8)?
                            } else {
                                match (code & 0xFF).to_le_bytes()[0] {
                                    0 => return Err(ShellError::Nul),
                                    b => {
                                        bytes.push(b);
                                        continue;
                                    }
                                }
                            }
                        }
                        'c' => {
                            if self.control_character(&mut bytes)? {
                                continue;
                            }
                            // `\c` just before the closing quote stays as written, as in bash.
                            push(&mut bytes, '\\');
                            'c'
                        }
                        other => {
                            push(&mut bytes, '\\');
                            other
                        }
                    };
                    if decoded == '\0' {
                        return Err(ShellError::Nul);
                    }
                    push(&mut bytes, decoded);
                }
                Some(c) => push(&mut bytes, c),
            }
        }
        let text = String::from_utf8(bytes).map_err(|_| ShellError::NotUtf8)?;
        self.word.get_or_insert_with(String::new).push_str(&text);
        Ok(())
    }

    /// Writes the bytes bash makes of `\cX` in `$'...'` (strtrans.c, TOCTRL): X's first byte
    /// with its top three bits cleared, `?` giving DEL; a backslash as X pairs with the character
    /// after it, as bash lexes; the other bytes of a multi-byte X follow as they are (the caller
    /// refuses text that is then not UTF-8). False when the string ends instead: bash keeps the
    /// `\c`, and the closing quote is not taken as X.
    fn control_character(&mut self, bytes: &mut Vec<u8>) -> Result<bool, ShellError> {
        let Some(&x) = self.chars.peek().filter(|&&x| x != '\'') else {
            return Ok(false);
        };
        self.chars.next();
        let mut after = None;
        if x == '\\' {
            // bash's lexer read `\c`, then this backslash and the next character as a pair: a
            // second backslash is dropped, anything else (a quote too) is a plain character.
            match self.chars.next() {
                Some('\\') => {}
                Some(y) => after = Some(y),
                None => return Err(ShellError::Unterminated { quote: '\'' }),
            }
        }
        let mut utf8 = [0; 4];
        let (first, rest) = x.encode_utf8(&mut utf8).as_bytes().split_at(1);
        let control = match first {
            [b'?'] => 0x7F,
            [b] => b & 0x1F,
            _ => 0,
        };
        if control == 0 {
            return Err(ShellError::Nul);
        }
        bytes.push(control);
        bytes.extend_from_slice(rest);
        if let Some(y) = after {
            bytes.extend_from_slice(y.encode_utf8(&mut [0; 4]).as_bytes());
        }
        Ok(true)
    }

    fn run(mut self) -> Result<Split, ShellError> {
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
                    || self.word.as_deref().is_some_and(assignment_tilde) =>
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
        Ok((self.words, self.kept_per_word))
    }
}

/// Whether a `~` after `word` starts a tilde expansion: bash expands `~` after the `=` of a
/// word that looks like an assignment (`key=~/x`, even as a command's argument) and after each
/// `:` in it (`PATH=a:~/bin`).
fn assignment_tilde(word: &str) -> bool {
    let Some((name, _)) = word.split_once('=') else {
        return false;
    };
    let identifier = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    identifier && (word.ends_with('=') || word.ends_with(':'))
}

/// Splits one command line into words as bash would.
pub fn split_words(text: &str) -> Result<Vec<String>, ShellError> {
    Ok(split(text, false)?.0)
}

/// [`split_words`], but `$NAME` stays as written instead of being an error: each word comes
/// with the first expansion it holds, so the caller can refuse the words whose value matters.
pub fn split_words_keeping_variables(
    text: &str,
) -> Result<Vec<(String, Option<String>)>, ShellError> {
    let (words, kept) = split(text, true)?;
    Ok(words.into_iter().zip(kept).collect())
}

type Split = (Vec<String>, Vec<Option<String>>);

fn split(text: &str, keep_expansions: bool) -> Result<Split, ShellError> {
    Splitter {
        chars: text.chars().peekable(),
        words: Vec::new(),
        word: None,
        brace: Brace::None,
        ended: false,
        keep_expansions,
        kept: None,
        kept_per_word: Vec::new(),
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

    #[test]
    fn ansi_c_byte_escapes_are_utf8() {
        // What `printf %q` writes in the C locale: the bytes of "café" and "日".
        assert_eq!(
            words("a $'caf\\303\\251' $'\\xe6\\x97\\xa5'"),
            vec!["a", "café", "日"]
        );
        assert_eq!(words("a $'\\x41\\u00e9\\101'"), vec!["a", "AéA"]);
        assert_eq!(words("a $'\\x' $'x\\q'"), vec!["a", "\\x", "x\\q"]);
        assert_eq!(split_words("a $'\\303'"), Err(ShellError::NotUtf8));
        assert_eq!(split_words("a $'\\x00'"), Err(ShellError::Nul));
    }

    #[test]
    fn ansi_c_control_escapes_are_read_as_bash_reads_them() {
        // Each as bash 5.2 passes it: `\c` before the closing quote stays, a backslash as X pairs
        // with the next character (a quote there is text), `?` is DEL.
        assert_eq!(
            words("a $'x\\c' $'\\cA\\c?\\c[' $'\\c\\\\y' $'\\c\\'z' $'\\c\\n'"),
            vec![
                "a",
                "x\\c",
                "\u{1}\u{7f}\u{1b}",
                "\u{1c}y",
                "\u{1c}'z",
                "\u{1c}n"
            ]
        );
        assert_eq!(split_words("a $'\\c@'"), Err(ShellError::Nul));
        // Bytes that are not UTF-8: a control made of a multi-byte character, a surrogate.
        assert_eq!(split_words("a $'\\c\u{e9}'"), Err(ShellError::NotUtf8));
        assert_eq!(split_words("a $'\\uD800'"), Err(ShellError::NotUtf8));
        assert_eq!(
            split_words("a $'\\c\\"),
            Err(ShellError::Unterminated { quote: '\'' })
        );
    }

    #[test]
    fn tildes_bash_expands_are_errors() {
        // After the `=` or a `:` of a word that looks like an assignment, even as an argument.
        for text in ["a k=~/x", "a k=~", "a k=a:~/x", "a ~root", "a ~"] {
            assert!(
                matches!(split_words(text), Err(ShellError::Expansion { .. })),
                "{text}"
            );
        }
        // Anywhere else a tilde is a tilde.
        assert_eq!(
            words("a --x=~/y k-1=~ k=a~ 'k=~' k=\\~"),
            vec!["a", "--x=~/y", "k-1=~", "k=a~", "k=~", "k=~"]
        );
    }

    #[test]
    fn kept_variables_are_reported_per_word() {
        let split =
            split_words_keeping_variables("curl -u \"$K:$S\" -d '$X' -d \"$BODY\"").unwrap();
        let kept: Vec<Option<&str>> = split.iter().map(|(_, k)| k.as_deref()).collect();
        assert_eq!(
            kept,
            vec![None, None, Some("$K"), None, None, None, Some("$BODY")]
        );
    }
}
