//! Reads an AWS CLI command written for PowerShell: what muster's PowerShell export writes, and
//! what the AWS documentation prints for Windows. That is backtick line continuations,
//! single-quoted strings (a quote doubled inside), double-quoted strings with backtick escapes,
//! and the here-string (`@'...'@`) the export writes a `--cli-input-json` file from. Anything
//! PowerShell would compute (`$variables`, subexpressions, script blocks, splatting) or that
//! joins commands is an error rather than a guess, as in [`super::shell`] for bash.

use super::windows::without_powershell_prompt;

/// More here-strings than a script for one command needs (muster's export writes one).
const MAX_HERE_STRINGS: usize = 8;

/// The words of the command, with each `file://` argument naming a file the script wrote from a
/// here-string replaced by that here-string's text, and notes on the arguments older PowerShell
/// passes differently.
pub fn command_words(text: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut strings: Vec<(&str, String)> = Vec::new();
    let mut files: Vec<(String, String)> = Vec::new();
    let mut at = 0;
    while let Some(line) = lines.get(at) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            at += 1;
        } else if let Some((name, quote)) = here_string_start(line) {
            let end = lines
                .iter()
                .skip(at + 1)
                .position(|l| l.starts_with(if quote == '"' { "\"@" } else { "'@" }))
                .ok_or_else(|| format!("the here-string ${name} = @{quote} is never closed"))?;
            let body = lines
                .get(at + 1..at + 1 + end)
                .unwrap_or_default()
                .join("\n");
            if quote == '"' && body.contains(['$', '`']) {
                return Err(format!("the here-string ${name} = @\"...\"@ expands $ and ` in PowerShell; write it as @'...'@"));
            }
            strings.push((name, body));
            // Each later line is looked up among them: a bound keeps hostile text linear.
            if strings.len() > MAX_HERE_STRINGS {
                return Err(format!("the script holds more than {MAX_HERE_STRINGS} here-strings; paste the aws command and the one it reads"));
            }
            at += end + 2;
        } else if let Some((name, body)) = strings.iter().find(|(name, _)| {
            mentions(line, name) && !without_powershell_prompt(line).starts_with("aws")
        }) {
            let file = first_quoted(line).ok_or_else(|| {
                format!("muster reads a line that writes ${name} to a file only when the file's name is quoted: {line}")
            })?;
            files.push((file, body.clone()));
            at += 1;
        } else {
            break;
        }
    }
    let rest = lines.get(at..).unwrap_or_default().join("\n");
    let mut words = split(without_powershell_prompt(&rest))?;
    // Windows PowerShell 5.1 and PowerShell before 7.3 drop empty arguments to native programs
    // and strip the double quotes inside them (aws-cli issue 3994); 7.3 and later pass them as
    // written, which is how they are read here.
    let mut notes = Vec::new();
    if words.iter().any(|w| w.is_empty() || w.contains('"')) {
        notes.push("Read as PowerShell 7.3 and later pass the arguments; Windows PowerShell 5.1 and PowerShell before 7.3 would drop the empty ones and strip the double quotes inside the others (the export writes such requests through a --cli-input-json file).".to_owned());
    }
    for word in &mut words {
        let path = word.strip_prefix("file://").map(|p| {
            p.trim_start_matches("./")
                .trim_start_matches(".\\")
                .to_owned()
        });
        if let Some((_, body)) = path.and_then(|p| files.iter().find(|(file, _)| *file == p)) {
            word.clone_from(body);
        }
    }
    Ok((words, notes))
}

/// `$name = @'` (or `@"`): a variable and the quote of the here-string it is given.
fn here_string_start(line: &str) -> Option<(&str, char)> {
    let (name, value) = line.strip_prefix('$')?.split_once('=')?;
    let name = name.trim_end();
    let quote = match value.trim() {
        "@'" => '\'',
        "@\"" => '"',
        _ => return None,
    };
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some((name, quote))
}

/// Whether `line` uses the variable `$name` (not a longer name that starts with it).
fn mentions(line: &str, name: &str) -> bool {
    line.match_indices('$').any(|(i, _)| {
        let after = line.get(i + 1..).unwrap_or("");
        after.starts_with(name)
            && !after
                .get(name.len()..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The text of the first single- or double-quoted string in `line` (a file name), read as
/// [`split`] reads quoted text.
fn first_quoted(line: &str) -> Option<String> {
    let start = line.find(|c| single_quote(c) || double_quote(c))?;
    let mut chars = line.get(start..)?.chars().peekable();
    let open = chars.next()?;
    let mut out = String::new();
    if single_quote(open) {
        single_quoted(&mut chars, &mut out).ok()?;
    } else {
        double_quoted(&mut chars, &mut out).ok()?;
    }
    (!out.is_empty()).then_some(out)
}

fn single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

fn double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// Splits one PowerShell command into its arguments.
fn split(text: &str) -> Result<Vec<String>, String> {
    let mut chars = text.chars().peekable();
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut ended = false;
    while let Some(c) = chars.next() {
        if ended && !(c.is_whitespace() || c == '#') {
            return Err("the text holds more than one command; paste one (PowerShell continues a line with a trailing backtick)".to_owned());
        }
        match c {
            // PowerShell splits on every Unicode space, a no-break space included.
            c if c.is_whitespace() => {
                words.extend(word.take());
                if c == '\n' && !words.is_empty() {
                    ended = true;
                }
            }
            // The call operator, before the program's name.
            '&' if words.is_empty() && word.is_none() => {}
            '#' if word.is_none() => while chars.next_if(|&c| c != '\n').is_some() {},
            '`' => {
                match chars.next() {
                    Some('\n') => words.extend(word.take()),
                    Some('\r') if chars.next_if_eq(&'\n').is_some() => words.extend(word.take()),
                    Some(escaped) => word.get_or_insert_with(String::new).push(escaped),
                    None => return Err(
                        "a backtick ends the text; it continues a line only when a line follows"
                            .to_owned(),
                    ),
                }
            }
            c if single_quote(c) => {
                single_quoted(&mut chars, word.get_or_insert_with(String::new))?;
            }
            c if double_quote(c) => {
                double_quoted(&mut chars, word.get_or_insert_with(String::new))?;
            }
            '$' if chars.peek().is_some_and(|&n| expands(n)) => {
                return Err(expansion(&mut chars));
            }
            ';' | '|' | '&' | '<' | '>' => {
                return Err(format!(
                    "{c:?} joins or redirects commands in PowerShell; paste only the aws command"
                ));
            }
            // The AWS CLI guide quotes shorthand for PowerShell: --option "key1=value1,key2=value2".
            ',' => {
                return Err("PowerShell reads an unquoted comma as a list separator; quote the value, as the AWS CLI guide does for PowerShell ('name=CPU,type=INTEGER')".to_owned());
            }
            '(' | '{' | '@' if word.is_none() => {
                return Err(format!("PowerShell computes an argument that starts with {c}; replace it with its value, quoted"));
            }
            other => word.get_or_insert_with(String::new).push(other),
        }
        if word.as_deref() == Some("--%") && chars.peek().is_none_or(|c| c.is_whitespace()) {
            return Err("--% (stop parsing) passes the rest of the line as cmd.exe would read it; muster does not read it".to_owned());
        }
    }
    words.extend(word);
    Ok(words)
}

/// Whether a `$` followed by `next` is a variable or expression PowerShell expands.
fn expands(next: char) -> bool {
    next.is_alphanumeric() || matches!(next, '_' | '{' | '(' | '?' | '^' | '$' | ':')
}

fn expansion(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let name: String =
        std::iter::from_fn(|| chars.next_if(|c| c.is_alphanumeric() || *c == '_')).collect();
    format!("${name} is expanded by PowerShell, so its value is not in the text; replace it with the value in single quotes")
}

/// The rest of a single-quoted string: verbatim, a doubled quote for a quote.
fn single_quoted(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    out: &mut String,
) -> Result<(), String> {
    loop {
        match chars.next() {
            Some(q) if single_quote(q) => match chars.next_if(|&n| single_quote(n)) {
                Some(doubled) => out.push(doubled),
                None => return Ok(()),
            },
            Some(other) => out.push(other),
            None => return Err("a ' quote is never closed".to_owned()),
        }
    }
}

/// The rest of a double-quoted string: backtick escapes, `""` for a quote, `$` expansions refused.
fn double_quoted(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    out: &mut String,
) -> Result<(), String> {
    loop {
        match chars.next() {
            Some(q) if double_quote(q) => match chars.next_if(|&n| double_quote(n)) {
                Some(doubled) => out.push(doubled),
                None => return Ok(()),
            },
            Some('`') => match chars.next() {
                Some(e) => out.push(match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    'e' => '\u{1b}',
                    'f' => '\u{c}',
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    'v' => '\u{b}',
                    'u' => unicode_escape(chars)?,
                    other => other,
                }),
                None => return Err("a \" quote is never closed".to_owned()),
            },
            Some('$') if chars.peek().is_some_and(|&n| expands(n)) => {
                return Err(expansion(chars));
            }
            Some(other) => out.push(other),
            None => return Err("a \" quote is never closed".to_owned()),
        }
    }
}

/// `` `u{XXXX} ``, after the `u`.
fn unicode_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Result<char, String> {
    let bad = || "`u must be followed by {hex digits} naming a character".to_owned();
    if chars.next() != Some('{') {
        return Err(bad());
    }
    let hex: String = std::iter::from_fn(|| chars.next_if(char::is_ascii_hexdigit)).collect();
    if chars.next() != Some('}') || hex.is_empty() || hex.len() > 6 {
        return Err(bad());
    }
    u32::from_str_radix(&hex, 16)
        .ok()
        .and_then(char::from_u32)
        .ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        command_words(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .0
    }

    #[test]
    fn reads_quotes_escapes_and_continuations() {
        assert_eq!(
            words("aws ecs update-container-instances-state `\n  --cluster 'prod' `\r\n  --container-instances 'a' \"b\" `\n  --status DRAINING"),
            ["aws", "ecs", "update-container-instances-state", "--cluster", "prod", "--container-instances", "a", "b", "--status", "DRAINING"]
        );
        assert_eq!(
            words("aws x 'it''s' \u{2018}q\u{2019}\u{2019}d\u{2019}"),
            ["aws", "x", "it's", "q\u{2019}d"]
        );
        assert_eq!(
            words(r#"aws x "say ""hi""" "a`tb`u{e9}" "cost `$5" "$ alone""#),
            ["aws", "x", "say \"hi\"", "a\tb\u{e9}", "cost $5", "$ alone"]
        );
        assert_eq!(
            words("aws x '' # a comment\n\n# and another"),
            ["aws", "x", ""]
        );
        assert_eq!(
            words("& \"C:\\Program Files\\aws.exe\" x\u{a0}--y"),
            ["C:\\Program Files\\aws.exe", "x", "--y"]
        );
        let (_, notes) = command_words("aws x '{\"a\":1}'").unwrap();
        assert!(notes[0].contains("PowerShell before 7.3"), "{notes:?}");
        assert!(command_words("aws x 'a'").unwrap().1.is_empty());
    }

    #[test]
    fn refuses_what_powershell_would_compute_or_join() {
        for text in [
            "aws x $name",
            "aws x \"$env:REGION\"",
            "aws x $(Get-Date)",
            "aws x @args",
            "aws x {a}",
            "aws x a,b",
            "aws x; aws y",
            "aws x | Out-File f",
            "aws x\naws y",
            "aws x 'open",
            "aws x \"open",
            "aws x `",
            "aws x --% a b",
            "aws x \"`u{zz}\"",
        ] {
            assert!(command_words(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_here_string_written_to_a_file_stands_for_the_file() {
        let text = "$request = @'\n{\n  \"a\": \"it's `$x\"\n}\n'@\n[System.IO.File]::WriteAllText((Join-Path $PWD 'req.json'), $request)\naws x y --cli-input-json 'file://req.json' --region 'us-east-1'\n";
        assert_eq!(
            words(text),
            [
                "aws",
                "x",
                "y",
                "--cli-input-json",
                "{\n  \"a\": \"it's `$x\"\n}",
                "--region",
                "us-east-1"
            ]
        );
        let set_content = "$body = @'\n{}\n'@\nSet-Content -Path \"req.json\" -Value $body\naws x y --cli-input-json file://./req.json";
        assert_eq!(
            words(set_content),
            ["aws", "x", "y", "--cli-input-json", "{}"]
        );
        // Another file is left for the importer to refuse as a file it cannot read.
        assert_eq!(
            words(
                "$r = @'\n{}\n'@\n$r | Set-Content 'a.json'\naws x --cli-input-json file://b.json"
            ),
            ["aws", "x", "--cli-input-json", "file://b.json"]
        );
        assert!(command_words("$r = @'\n{}\naws x").is_err());
        // The command itself using the variable is PowerShell's to expand, not a file write.
        let inline = command_words("$r = @'\n{}\n'@\naws x --cli-input-json $r 'y'").unwrap_err();
        assert!(inline.contains("$r is expanded"), "{inline}");
        let many = "$r = @'\n{}\n'@\n".repeat(MAX_HERE_STRINGS + 1) + "aws x";
        assert!(command_words(&many).unwrap_err().contains("here-strings"));
        assert!(command_words("$r = @\"\n{\"a\": \"$x\"}\n\"@\naws x").is_err());
    }
}
