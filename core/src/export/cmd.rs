//! Reads an AWS CLI command for the Windows command prompt, as the AWS docs print one with `^`
//! continuations, in the two passes Windows makes: cmd's own (`^` escapes and continuations,
//! `"` switching its quote state, operators, `%NAME%`), then the C runtime's splitting of the
//! command line into aws.exe's arguments (`"` groups, `\"` and `""` are quotes, backslashes
//! count only before a quote). Single quotes are plain characters to both, so a value quoted
//! with them would keep them; they are refused rather than read as bash would read them.

use super::windows::without_cmd_prompt;

/// aws.exe's arguments for the command, and a note that says how it was read.
pub fn command_words(text: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let words = split_arguments(&command_line(without_cmd_prompt(text))?)?;
    Ok((
        words,
        vec!["Read as a Windows command prompt (cmd) command.".to_owned()],
    ))
}

/// What cmd passes on: the command line with its continuations joined and `^` escapes applied.
fn command_line(text: &str) -> Result<String, String> {
    let mut line = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                quoted = !quoted;
                line.push(c);
            }
            '^' if !quoted => match chars.next() {
                Some('\r' | '\n') => {
                    chars.next_if_eq(&'\n');
                }
                Some(' ' | '\t') if chars.peek().is_some_and(|&n| n == '\r' || n == '\n') => {
                    return Err("a space after the ^ at a line's end escapes the space, and the line break then ends the command; remove the space".to_owned());
                }
                Some(escaped) => line.push(escaped),
                None => {
                    return Err(
                        "a ^ ends the text; it continues a line only when a line follows"
                            .to_owned(),
                    )
                }
            },
            '\r' | '\n' => {
                if chars.any(|c| !c.is_whitespace()) {
                    return Err("the text holds more than one command; paste one (cmd continues a line with a trailing ^)".to_owned());
                }
            }
            '&' | '|' | '<' | '>' if !quoted => {
                return Err(format!("cmd reads {c} outside its double quotes as joining or redirecting commands (a \\\" inside a value also opens or closes cmd's quotes); quote the value, or paste the command for bash or PowerShell"));
            }
            '\'' => {
                return Err("single quotes are part of the value in cmd; quote with \" (and \\\" inside), or paste the command for bash or PowerShell".to_owned());
            }
            '%' => {
                let mut ahead = chars.clone();
                let name: String = std::iter::from_fn(|| ahead.next_if(|&n| n != '%')).collect();
                let closed = ahead.peek() == Some(&'%');
                if closed && !name.is_empty() && !name.contains(char::is_whitespace) {
                    return Err(format!("%{name}% is expanded by cmd, so its value is not in the text; replace it with the value"));
                }
                line.push(c);
            }
            other => line.push(other),
        }
    }
    Ok(line)
}

/// The C runtime's splitting of a command line into arguments.
fn split_arguments(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' if !quoted => words.extend(word.take()),
            '\\' => {
                let mut count = 1;
                while chars.next_if_eq(&'\\').is_some() {
                    count += 1;
                }
                let out = word.get_or_insert_with(String::new);
                if chars.peek() == Some(&'"') {
                    // 2n backslashes before a quote are n and the quote groups; 2n+1 are n
                    // and a literal quote.
                    out.extend(std::iter::repeat_n('\\', count / 2));
                    if count % 2 == 1 {
                        chars.next();
                        out.push('"');
                    }
                } else {
                    out.extend(std::iter::repeat_n('\\', count));
                }
            }
            '"' => {
                let out = word.get_or_insert_with(String::new);
                if quoted && chars.next_if_eq(&'"').is_some() {
                    out.push('"');
                } else {
                    quoted = !quoted;
                }
            }
            other => word.get_or_insert_with(String::new).push(other),
        }
    }
    if quoted {
        return Err("a \" quote is never closed".to_owned());
    }
    words.extend(word);
    Ok(words)
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
    fn reads_continuations_escapes_and_the_c_runtime_quoting() {
        assert_eq!(
            words("C:\\> aws x ^\r\n  --a \"{\\\"k\\\":\\\"a b\\\"}\" ^\n  --b \"{\"\"k\"\"}\" --c a^&b \"re=^x\" {x,y}"),
            ["aws", "x", "--a", "{\"k\":\"a b\"}", "--b", "{\"k\"}", "--c", "a&b", "re=^x", "{x,y}"]
        );
        assert_eq!(
            words("aws x C:\\dir\\ \"a\\\\\" 50%"),
            ["aws", "x", "C:\\dir\\", "a\\", "50%"]
        );
    }

    #[test]
    fn refuses_what_cmd_reads_unlike_it_looks() {
        for (text, reason) in [
            ("aws x ^\n --a \"{\\\"note\\\":\\\"a&b\\\"}\"", "&"),
            ("aws x ^ \n --y z", "space after the ^"),
            ("aws x ^\n --y 'z'", "single quotes"),
            ("aws x ^\n --y %CLUSTER%", "%CLUSTER%"),
            ("aws x ^\n --y z\naws w", "more than one command"),
            ("aws x ^\n --y \"z", "never closed"),
        ] {
            let error = command_words(text).unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
        }
    }
}
