//! What tells a pasted command's Windows shell: the prompt copied with it, and cmd's `^` line
//! continuations. Import's format detection needs these in every build; the readers themselves
//! ([`super::powershell`], [`super::cmd`]) are left out of the npm package.

/// The text after a PowerShell prompt (`PS C:\> `, `PS> `) copied with the command.
pub fn without_powershell_prompt(text: &str) -> &str {
    let text = text.trim_start();
    if text.starts_with("PS ") || text.starts_with("PS>") {
        if let Some((prompt, rest)) = text.split_once('>') {
            if !prompt.contains('\n') {
                return rest.trim_start();
            }
        }
    }
    text
}

/// Whether `text` is a command prompt command: continued with `^`, or after a `C:\>` prompt.
pub fn is_cmd(text: &str) -> bool {
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let continued = lines.next().is_some_and(|l| l.ends_with('^')) && lines.next().is_some();
    continued || without_cmd_prompt(text) != text
}

/// The text after a `C:\>` or `C:\Users\me>` prompt.
pub fn without_cmd_prompt(text: &str) -> &str {
    let bytes = text.as_bytes();
    let prompt =
        bytes.first().is_some_and(u8::is_ascii_alphabetic) && bytes.get(1..3) == Some(b":\\");
    match text.split_once('>') {
        Some((before, rest)) if prompt && !before.contains(['\n', '"']) => rest.trim_start(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_prompts_and_continuations() {
        assert!(is_cmd("aws x ^\n --y z"));
        assert!(is_cmd("C:\\Users\\me> aws x"));
        assert!(!is_cmd("aws x 'a^'\n"));
        assert_eq!(without_powershell_prompt("PS C:\\> aws x"), "aws x");
        assert_eq!(without_powershell_prompt("aws x"), "aws x");
    }
}
