//! String quoting for each target language. Every function is total: any Rust string gives a
//! literal that the target reads back byte for byte (bash alone cannot carry NUL, so
//! [`bash_quote`] refuses it).

use std::fmt::Write as _;

/// Characters that need no quoting in a bash word (anywhere but the first word of a command).
fn bash_plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '_' | '@' | '%' | '+' | '=' | ':' | ',' | '.' | '/' | '-')
}

/// Quotes `text` as one bash word: unchanged when it is plain, else in single quotes with each
/// `'` written `'\''`. `None` when the text holds NUL, which no shell argument can carry.
pub fn bash_quote(text: &str) -> Option<String> {
    if text.contains('\0') {
        return None;
    }
    if !text.is_empty() && text.chars().all(bash_plain) {
        return Some(text.to_owned());
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        if c == '\'' {
            out.push_str("'\\''");
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    Some(out)
}

/// Quotes `text` as a PowerShell single-quoted string. PowerShell also ends such a string at the
/// typographic single quotes U+2018..U+201B, so those are doubled too.
pub fn powershell_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        out.push(c);
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// Characters shown as escapes in source code: controls, line and paragraph separators, the byte
/// order mark, zero-width and bidirectional formatting characters (which can disguise code), and
/// the noncharacters U+FFFE/U+FFFF that YAML readers reject.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
            | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}' | '\u{FFF9}'..='\u{FFFB}' | '\u{E0000}'..='\u{E007F}')
}

/// Serialized JSON with the characters `escape` picks written as `\u` escapes (surrogate pairs
/// above U+FFFF). Such characters only occur inside strings, so the document is unchanged.
/// (`dyn`: one copy of the loop serves every caller in the size-built wasm.)
pub fn escape_in_json(text: String, escape: &dyn Fn(char) -> bool) -> String {
    if !text.chars().any(escape) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escape(c) {
            push_utf16_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

/// Compact JSON for a command line or a request body, with the [`invisible`] characters as
/// escapes, as the code exports write them: serde_json escapes only C0 controls, and a raw
/// right-to-left override or C1 control could disguise the command the JSON is part of (or act
/// on the terminal that shows it). Any JSON reader gets the same document.
pub fn compact_json(value: &serde_json::Value) -> String {
    escape_in_json(serde_json::to_string(value).unwrap_or_default(), &invisible)
}

/// `c` as JSON and JavaScript write it escaped: `\uXXXX`, and a surrogate pair of them above
/// U+FFFF (neither has a longer form).
fn push_utf16_escape(out: &mut String, c: char) {
    let mut units = [0u16; 2];
    for unit in c.encode_utf16(&mut units) {
        let _ = write!(out, "\\u{unit:04x}");
    }
}

fn unicode_escape(out: &mut String, c: char, short: &str, long: &str) {
    let code = u32::from(c);
    if code <= 0xFFFF {
        let _ = write!(out, "{short}{code:04x}");
    } else {
        let _ = write!(out, "{long}{code:08x}");
    }
}

/// `text` in double quotes with the escapes every C-like string literal shares (`\\`, `\"`,
/// `\n`, `\r`, `\t`); `other` writes each remaining character, escaped as the language needs.
fn c_like_literal(text: &str, other: fn(&mut String, char)) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => other(&mut out, c),
        }
    }
    out.push('"');
    out
}

/// Python and YAML write an invisible Latin-1 character as `\xNN`, any other as `\uNNNN` or
/// `\UNNNNNNNN`.
fn python_escape(out: &mut String, c: char) {
    if u32::from(c) < 0x100 && invisible(c) {
        let _ = write!(out, "\\x{:02x}", u32::from(c));
    } else if invisible(c) {
        unicode_escape(out, c, "\\u", "\\U");
    } else {
        out.push(c);
    }
}

/// A Python string literal.
pub fn python_str(text: &str) -> String {
    c_like_literal(text, python_escape)
}

/// A JavaScript string literal (also valid JSON).
pub fn js_str(text: &str) -> String {
    c_like_literal(text, |out, c| {
        if invisible(c) {
            push_utf16_escape(out, c);
        } else {
            out.push(c);
        }
    })
}

/// A YAML double-quoted scalar. Escapes what YAML 1.1 and 1.2 readers treat as line breaks or
/// refuse to read (PyYAML rejects raw controls even inside quotes).
pub fn yaml_str(text: &str) -> String {
    c_like_literal(text, |out, c| match c {
        '\0' => out.push_str("\\0"),
        '\u{85}' => out.push_str("\\N"),
        '\u{2028}' => out.push_str("\\L"),
        '\u{2029}' => out.push_str("\\P"),
        c => python_escape(out, c),
    })
}

/// An HCL quoted template that evaluates to `text`: the escapes of Terraform's own `hclwrite`,
/// with `${` and `%{` doubled so no interpolation or directive starts.
pub fn hcl_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' => {
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            c if invisible(c) => unicode_escape(&mut out, c, "\\u", "\\U"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_plain_words_stay_bare() {
        assert_eq!(
            bash_quote("srv-abc_1.2:3/4").as_deref(),
            Some("srv-abc_1.2:3/4")
        );
        assert_eq!(bash_quote("").as_deref(), Some("''"));
        assert_eq!(bash_quote("it's").as_deref(), Some("'it'\\''s'"));
        assert_eq!(bash_quote("$HOME `x`").as_deref(), Some("'$HOME `x`'"));
        assert_eq!(bash_quote("~"), Some("'~'".to_owned()));
        assert_eq!(bash_quote("a\0b"), None);
    }

    #[test]
    fn powershell_doubles_every_single_quote() {
        assert_eq!(powershell_quote("it's"), "'it''s'");
        assert_eq!(powershell_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(powershell_quote(""), "''");
    }

    #[test]
    fn literals_escape_what_they_must() {
        assert_eq!(
            python_str("a\"\\\n\u{7f}\u{2028}😀"),
            "\"a\\\"\\\\\\n\\x7f\\u2028😀\""
        );
        assert_eq!(js_str("\u{E0001}"), "\"\\udb40\\udc01\"");
        assert_eq!(yaml_str("\u{85}\0\u{FEFF}"), "\"\\N\\0\\ufeff\"");
        assert_eq!(hcl_str("${a} %{b} $$ %x $${"), "\"$${a} %%{b} $$ %x $$${\"");
    }

    #[test]
    fn compact_json_escapes_what_could_disguise_a_command_and_means_the_same() {
        let value = serde_json::json!({
            "a\u{202e}b": ["\u{85}\u{7f}\u{200b}\u{2066}\u{E0001}", "é😀 plain \u{1b}[31m"],
        });
        let text = compact_json(&value);
        assert_eq!(
            text,
            r#"{"a\u202eb":["\u0085\u007f\u200b\u2066\udb40\udc01","é😀 plain \u001b[31m"]}"#
        );
        assert!(!text.chars().any(invisible));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
        // Text with nothing to escape is what serde_json writes.
        let plain = serde_json::json!({"k": "v é 😀"});
        assert_eq!(compact_json(&plain), serde_json::to_string(&plain).unwrap());
    }
}
