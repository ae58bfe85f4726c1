//! Reads a `--cli-input-yaml` file (AWS CLI v2): the block YAML that `--generate-cli-skeleton
//! yaml-input` prints and the cli-input-yaml export writes, into the request it stands for.
//!
//! The AWS CLI reads these files as YAML 1.2 (ruamel.yaml's safe loader), so plain scalars take
//! the 1.2 core schema: `null`/`~`/nothing, `true`/`false` and numbers are typed, everything else
//! (`yes`, `on`, `007`-like text with letters) is a string. What this reader takes: block mappings
//! and sequences (a sequence may sit at its key's indentation, as the skeleton writes it), plain,
//! single- and double-quoted scalars on one line, flow collections on one line, `|` literal
//! blocks and comments. What it refuses, by name, rather than read differently from the CLI:
//! anchors, aliases, tags, folded (`>`) blocks, quoted or plain scalars over several lines,
//! several documents, repeated keys, keys YAML types as null, booleans or numbers, values that
//! start with an indicator, tabs outside quotes, and blank lines before a `|` block's first line
//! with spaces the loader reads its own way (it takes the block's indentation from those). A peer test holds it to
//! this: on thousands of generated and mutated documents, whatever it reads the loader reads the
//! same way, types included.

use serde_json::{Map, Number, Value};

/// One content line: its 1-based number, its indentation and its text without the indentation
/// (comments are removed as the line is parsed).
#[derive(Clone, Copy)]
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
    /// Only a comment, or nothing: skipped, except inside a `|` block, where it is text.
    comment: bool,
    /// Nothing but spaces (its indent is their count).
    blank: bool,
    /// A tab outside quotes, which the CLI's YAML loader refuses outside a `|` block.
    tab: bool,
}

/// Why a YAML text could not be read, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub message: &'static str,
}

type Parsed<T> = Result<T, YamlError>;

fn error<T>(line: usize, message: &'static str) -> Parsed<T> {
    Err(YamlError { line, message })
}

const SEVERAL_LINES: &str =
    "A scalar over several lines is not read; write it on one line, in quotes, with \\n escapes.";
const REPEATED_KEY: &str = "A key appears twice in one mapping; keep one.";
/// Collections nested deeper than this are refused: no request nests nearly so deep, and the
/// reader recurses per level.
const MAX_DEPTH: usize = 100;
const TOO_DEEP: &str = "The YAML nests more than 100 levels deep, which no AWS request does.";
const TAB: &str = "A tab outside quotes cannot be loaded here; use spaces, or quote the value.";

/// Parses one YAML document of the subset above into JSON.
pub fn parse_yaml(text: &str) -> Parsed<Value> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    // Whether the document began with `---`.
    let mut marked = false;
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let body = raw.trim_start_matches(' ');
        if body.trim().is_empty() && !body.contains('\t') {
            lines.push(Line {
                number,
                indent: raw.len() - body.len(),
                text: "",
                comment: true,
                blank: true,
                tab: false,
            });
            continue;
        }
        if body.starts_with('\t') {
            return error(
                number,
                "YAML indents with spaces; this line starts with a tab.",
            );
        }
        let before_comment = scan(body, '#').map_or(body, |i| body.get(..i).unwrap_or(body));
        let content = before_comment.trim_end();
        let tab = unquoted_tab(before_comment);
        let at_margin = raw.len() == body.len();
        if at_margin && (content.starts_with("--- ") || content.starts_with("... ")) {
            return error(number, "A document marker with content after it is not read; put the content on the next line.");
        }
        if at_margin && (content == "---" || content == "...") {
            if content == "---" && !tab && !marked && lines.iter().all(|l| l.comment) {
                marked = true;
                continue;
            }
            return error(
                number,
                "Only one YAML document is read; remove the document markers after the first.",
            );
        }
        if at_margin && content.starts_with('%') {
            return error(number, "YAML directives (%) are not read; remove the line.");
        }
        lines.push(Line {
            number,
            indent: raw.len() - body.len(),
            text: body,
            comment: content.is_empty(),
            blank: false,
            tab,
        });
    }
    // A document's last line without a line break ends a `|` block without one.
    let unterminated = (!text.ends_with('\n')).then(|| text.lines().count());
    let mut reader = Reader {
        lines,
        at: 0,
        depth: 0,
        unterminated,
    };
    let Some(first) = reader.peek() else {
        return Ok(Value::Null);
    };
    let value = reader.node(first.indent)?;
    match reader.peek() {
        None => Ok(value),
        Some(extra) => error(
            extra.number,
            "This line is not indented as part of what comes before it.",
        ),
    }
}

/// The text before a comment (`#` at the start or after a space, outside quotes), without
/// trailing spaces.
fn strip_comment(text: &str) -> &str {
    scan(text, '#')
        .map_or(text, |i| text.get(..i).unwrap_or(text))
        .trim_end()
}

/// Whether a tab stands outside quotes.
fn unquoted_tab(text: &str) -> bool {
    scan(text, '\t').is_some()
}

/// Where `wanted` first stands outside quotes (a `#` only at the start or after a space). A
/// quote opens a quoted scalar only where a scalar starts: at the line's start, after `: `, `- `
/// or a flow indicator; inside a plain scalar it is a plain character.
fn scan(text: &str, wanted: char) -> Option<usize> {
    let mut quote = None;
    let mut escaped = false;
    let mut previous = ' ';
    let mut start = true;
    let mut closed = false;
    // `-` at a scalar's start: a list item's indicator if a space follows.
    let mut dash = false;
    // Open `[` and `{`: inside them, `,` starts a scalar too.
    let mut flow = 0_usize;
    for (i, c) in text.char_indices() {
        let just_closed = std::mem::take(&mut closed);
        match quote {
            Some(_) if escaped => escaped = false,
            Some('"') if c == '\\' => escaped = true,
            Some(q) if c == q => {
                quote = None;
                closed = true;
                start = false;
            }
            Some(_) => {}
            None if c == wanted && (c != '#' || previous == ' ') => return Some(i),
            // `''` inside '...' closes and reopens it.
            None if (c == '"' || c == '\'') && (start || c == '\'' && just_closed) => {
                quote = Some(c);
            }
            None => {
                let was_dash = std::mem::take(&mut dash);
                start = match c {
                    ' ' => start || previous == ':' || was_dash,
                    '-' => {
                        dash = start;
                        false
                    }
                    '[' | '{' if start || flow > 0 => {
                        flow += 1;
                        true
                    }
                    ']' | '}' if flow > 0 => {
                        flow -= 1;
                        false
                    }
                    ',' => flow > 0,
                    _ => false,
                };
            }
        }
        previous = c;
    }
    None
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    at: usize,
    /// How many nodes are open around the current one.
    depth: usize,
    /// The number of the last line, when the text does not end with a line break.
    unterminated: Option<usize>,
}

impl<'a> Reader<'a> {
    /// The next line that is not only a comment.
    fn peek(&mut self) -> Option<Line<'a>> {
        while self.lines.get(self.at).is_some_and(|l| l.comment) {
            self.at += 1;
        }
        self.lines.get(self.at).copied()
    }

    /// The node starting at the current line, whose own lines are indented by `indent`.
    fn node(&mut self, indent: usize) -> Parsed<Value> {
        let Some(line) = self.peek() else {
            return Ok(Value::Null);
        };
        if self.depth >= MAX_DEPTH {
            return error(line.number, TOO_DEEP);
        }
        self.depth += 1;
        let value = self.node_at(line, indent);
        self.depth -= 1;
        value
    }

    fn node_at(&mut self, line: Line<'a>, indent: usize) -> Parsed<Value> {
        if line.tab {
            return error(line.number, TAB);
        }
        let text = strip_comment(line.text).trim_end();
        if text == "-" || text.starts_with("- ") {
            return self.sequence(indent);
        }
        if mapping_key(text, line.number)?.is_some() {
            return self.mapping(indent);
        }
        self.at += 1;
        let value = inline(text, line.number)?;
        if let Some(next) = self.peek().filter(|next| next.indent > indent) {
            return error(next.number, SEVERAL_LINES);
        }
        Ok(value)
    }

    fn sequence(&mut self, column: usize) -> Parsed<Value> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.tab {
                return error(line.number, TAB);
            }
            let text = strip_comment(line.text).trim_end();
            let is_item = text == "-" || text.starts_with("- ");
            if line.indent != column || !is_item {
                if line.indent > column {
                    return error(
                        line.number,
                        "This line is indented more than the list item before it expects.",
                    );
                }
                break;
            }
            let rest = text.get(1..).unwrap_or("").trim_start_matches(' ');
            if rest.is_empty() {
                self.at += 1;
                items.push(match self.peek() {
                    Some(next) if next.indent > column => self.node(next.indent)?,
                    _ => Value::Null,
                });
                continue;
            }
            // The rest of the line is the item, as if it started its own line at its column.
            let offset = line.text.len()
                - line
                    .text
                    .get(1..)
                    .unwrap_or("")
                    .trim_start_matches(' ')
                    .len();
            let item_column = column + offset;
            if let Some(slot) = self.lines.get_mut(self.at) {
                slot.indent = item_column;
                slot.text = line.text.get(offset..).unwrap_or("");
            }
            items.push(self.node(item_column)?);
        }
        Ok(Value::Array(items))
    }

    fn mapping(&mut self, own: usize) -> Parsed<Value> {
        let mut map = Map::new();
        while let Some(line) = self.peek() {
            if line.tab {
                return error(line.number, TAB);
            }
            if line.indent != own {
                if line.indent > own {
                    return error(
                        line.number,
                        "This line is indented more than the mapping it is in expects.",
                    );
                }
                break;
            }
            let text = strip_comment(line.text).trim_end();
            if is_sequence_item(text) {
                return error(
                    line.number,
                    "A list item (- ) cannot stand among a mapping's keys; indent it under a key.",
                );
            }
            let Some((key, rest)) = mapping_key(text, line.number)? else {
                return error(line.number, "Expected `key: value` here.");
            };
            if map.contains_key(&key) {
                return error(line.number, REPEATED_KEY);
            }
            self.at += 1;
            let value = if rest.is_empty() {
                match self.peek() {
                    Some(next) if next.indent > own => self.node(next.indent)?,
                    // A sequence may sit at its key's own indentation.
                    Some(next) if next.indent == own && is_sequence_item(next.text) => {
                        self.sequence(own)?
                    }
                    _ => Value::Null,
                }
            } else if rest.starts_with('|') {
                self.literal_block(rest, line.number, own)?
            } else {
                let value = inline(rest, line.number)?;
                if let Some(next) = self.peek().filter(|next| next.indent > own) {
                    return error(next.number, SEVERAL_LINES);
                }
                value
            };
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// The first blank line with spaces before a `|` block's first content line, when the CLI's
    /// loader would not read those lines as empty ones. Unlike YAML's rule, the loader takes the
    /// block's indentation from the most spaces on any of them, and fails when the first has
    /// spaces but fewer than a later line or the content (ruamel.yaml's "more indented follow up
    /// line"). So they read as empty lines only when none has more spaces than the content's
    /// indentation and the first has none or exactly that many; with a digit after `|`, or no
    /// content to take the indentation from, lines with spaces are refused.
    fn unread_leading_blank(&self, explicit: Option<usize>, base: usize) -> Option<usize> {
        let leading = self.lines.iter().skip(self.at).take_while(|l| l.blank);
        let spaced = leading.clone().find(|l| l.indent > 0)?;
        let first = leading.clone().next().map_or(0, |l| l.indent);
        let most = leading.map(|l| l.indent).max().unwrap_or(0);
        let read = explicit.is_none() && base > 0 && most <= base && (first == 0 || first == base);
        (!read).then_some(spaced.number)
    }

    /// A `|` block: the lines indented past the key, each kept as it is (`|-` drops the final
    /// line break, `|+` keeps every trailing one; a digit gives the indentation).
    fn literal_block(&mut self, header: &str, number: usize, own: usize) -> Parsed<Value> {
        let mut chomp = ' ';
        let mut explicit = None;
        for c in header.chars().skip(1) {
            match c {
                '-' | '+' if chomp == ' ' => chomp = c,
                '1'..='9' if explicit.is_none() => {
                    explicit = c.to_digit(10).and_then(|d| usize::try_from(d).ok());
                }
                _ => return error(number, "Only one of - or +, and one digit, may follow |."),
            }
        }
        // The block's indentation is its first content line's (or the digit's); the first line
        // indented less ends the block, and is the parent's again (a comment there is a comment).
        let first = self.lines.iter().skip(self.at).find(|l| !l.blank);
        let base = match (explicit, first) {
            (Some(n), _) => own + n,
            (None, Some(first)) if first.indent > own => first.indent,
            _ => 0,
        };
        if let Some(number) = self.unread_leading_blank(explicit, base) {
            return error(number, "The blank lines before the | block's first line have spaces that the AWS CLI's YAML loader reads its own way; remove them.");
        }
        let mut text = String::new();
        // Empty lines wait until a content line follows: trailing ones are chomped.
        let mut empty = String::new();
        let mut content = false;
        while let Some(line) = self.lines.get(self.at).copied() {
            if line.blank {
                let newline = if self.unterminated == Some(line.number) {
                    ""
                } else {
                    "\n"
                };
                if base != 0 && content && line.indent > base {
                    // Spaces past the indentation are text, even on a line with nothing else.
                    text.push_str(&empty);
                    empty.clear();
                    text.push_str(&" ".repeat(line.indent - base));
                    text.push_str(newline);
                } else {
                    empty.push_str(newline);
                }
                self.at += 1;
                continue;
            }
            if base == 0 || line.indent < base {
                break;
            }
            text.push_str(&empty);
            empty.clear();
            text.push_str(&" ".repeat(line.indent - base));
            text.push_str(line.text.trim_end_matches('\r'));
            if self.unterminated != Some(line.number) {
                text.push('\n');
            }
            content = true;
            self.at += 1;
        }
        match chomp {
            '-' => {
                while text.ends_with('\n') {
                    text.pop();
                }
            }
            '+' => text.push_str(&empty),
            _ => {}
        }
        Ok(Value::String(text))
    }
}

/// A value written on the rest of its line.
fn inline(text: &str, number: usize) -> Parsed<Value> {
    if text.starts_with('>') {
        return error(
            number,
            "Folded blocks (>) are not read; use a literal block (|) or a quoted string.",
        );
    }
    if text.starts_with('|') {
        return error(
            number,
            "A literal block (|) is read only as the value of a key.",
        );
    }
    let mut flow = Flow {
        text,
        at: 0,
        number,
        depth: 0,
    };
    let value = flow.value(false)?;
    flow.spaces();
    if flow.at < text.len() {
        return error(
            number,
            "Unexpected text after the value; quote the value if it is one.",
        );
    }
    Ok(value)
}

fn is_sequence_item(text: &str) -> bool {
    let text = strip_comment(text).trim_end();
    text == "-" || text.starts_with("- ")
}

/// `key: rest` when the line is a mapping entry: a plain key up to `: ` (or a final `:`), or a
/// quoted one.
fn mapping_key(text: &str, number: usize) -> Parsed<Option<(String, &str)>> {
    if text.starts_with('"') || text.starts_with('\'') {
        let mut flow = Flow {
            text,
            at: 0,
            number,
            depth: 0,
        };
        let Value::String(key) = flow.value(false)? else {
            return Ok(None);
        };
        let rest = text.get(flow.at..).unwrap_or("");
        return Ok(rest
            .strip_prefix(':')
            .filter(|r| r.is_empty() || r.starts_with(' '))
            .map(|r| (key, r.trim_start())));
    }
    if text.starts_with("? ") || text == "?" {
        return error(number, "Complex keys (?) are not read.");
    }
    if text.starts_with('[') || text.starts_with('{') {
        return Ok(None);
    }
    let split = text
        .find(": ")
        .or_else(|| text.ends_with(':').then(|| text.len() - 1));
    let Some(i) = split else {
        return Ok(None);
    };
    let key = text.get(..i).unwrap_or("").trim_end();
    if key.starts_with(INDICATORS) {
        return error(
            number,
            "A key cannot start with this character in YAML; quote the key.",
        );
    }
    // A request's keys are text; YAML would make these null, a boolean or a number.
    if !matches!(plain_scalar(key, number), Ok(Value::String(_))) {
        return error(
            number,
            "This key reads as null, a boolean or a number in YAML (or is empty); quote it.",
        );
    }
    Ok(Some((
        key.to_owned(),
        text.get(i + 1..).unwrap_or("").trim_start(),
    )))
}

/// The characters a plain scalar cannot start with: YAML's indicators (quotes, `[` and `{` are
/// read before this is asked).
const INDICATORS: [char; 13] = [
    '&', '*', '!', '|', '>', '%', '@', '`', ',', ']', '}', '#', '\t',
];

/// A value on one line: a scalar or a flow collection.
struct Flow<'t> {
    text: &'t str,
    at: usize,
    number: usize,
    /// How many `[` and `{` are open.
    depth: usize,
}

impl Flow<'_> {
    fn rest(&self) -> &str {
        self.text.get(self.at..).unwrap_or("")
    }

    fn spaces(&mut self) {
        while self.rest().starts_with(' ') {
            self.at += 1;
        }
    }

    fn value(&mut self, in_flow: bool) -> Parsed<Value> {
        self.spaces();
        let rest = self.rest();
        match rest.chars().next() {
            Some('"') => self.double_quoted().map(Value::String),
            Some('\'') => self.single_quoted().map(Value::String),
            Some('[' | '{') if self.depth >= MAX_DEPTH => error(self.number, TOO_DEEP),
            Some(open @ ('[' | '{')) => {
                self.depth += 1;
                let value = if open == '[' {
                    self.flow_sequence()
                } else {
                    self.flow_mapping()
                };
                self.depth -= 1;
                value
            }
            Some('&' | '*') => error(
                self.number,
                "Anchors (&) and aliases (*) are not read; write the value out.",
            ),
            Some('!') => error(self.number, "Tags (!) are not read; remove the tag."),
            Some('@' | '`' | '%' | '|' | '>') => error(
                self.number,
                "A plain value cannot start with @, `, %, | or > here; quote it.",
            ),
            Some(',' | '#') => error(
                self.number,
                "A value cannot start with a comma or #; quote it.",
            ),
            Some(':' | '?') if in_flow => error(
                self.number,
                "A value inside [...] or {...} cannot start with : or ?; quote it.",
            ),
            Some(']' | '}') if !in_flow => {
                error(self.number, "A value cannot start with ] or }; quote it.")
            }
            _ => {
                let number = self.number;
                let text = self.plain(in_flow);
                if text.starts_with("- ")
                    || text == "-"
                    || !in_flow && (text.contains(": ") || text.ends_with(':'))
                {
                    return error(
                        number,
                        "This value reads as YAML structure (`: ` or `- `), not as one value; quote it.",
                    );
                }
                plain_scalar(text, number)
            }
        }
    }

    fn plain(&mut self, in_flow: bool) -> &str {
        let start = self.at;
        let rest = self.rest();
        let mut end = rest.len();
        for (i, c) in rest.char_indices() {
            let next_is_space = rest
                .get(i + 1..)
                .is_none_or(|r| r.is_empty() || r.starts_with(' '));
            if in_flow && matches!(c, ',' | ']' | '}' | '[' | '{')
                || in_flow && c == ':' && next_is_space
            {
                end = i;
                break;
            }
        }
        self.at = start + end;
        self.text.get(start..start + end).unwrap_or("").trim_end()
    }

    fn single_quoted(&mut self) -> Parsed<String> {
        self.at += 1;
        let mut out = String::new();
        loop {
            let rest = self.rest();
            let Some(i) = rest.find('\'') else {
                return error(
                    self.number,
                    "A '...' string is not closed on its line; write it on one line.",
                );
            };
            out.push_str(rest.get(..i).unwrap_or(""));
            self.at += i + 1;
            if self.rest().starts_with('\'') {
                out.push('\'');
                self.at += 1;
            } else {
                return Ok(out);
            }
        }
    }

    fn double_quoted(&mut self) -> Parsed<String> {
        self.at += 1;
        let mut out = String::new();
        let mut chars = self.rest().char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.at += i + 1;
                    return Ok(out);
                }
                '\\' => {
                    let Some((_, e)) = chars.next() else { break };
                    let simple = match e {
                        '0' => '\0',
                        'a' => '\u{7}',
                        'b' => '\u{8}',
                        't' | '\t' => '\t',
                        'n' => '\n',
                        'v' => '\u{b}',
                        'f' => '\u{c}',
                        'r' => '\r',
                        'e' => '\u{1b}',
                        ' ' => ' ',
                        '"' => '"',
                        '/' => '/',
                        '\\' => '\\',
                        'N' => '\u{85}',
                        '_' => '\u{a0}',
                        'L' => '\u{2028}',
                        'P' => '\u{2029}',
                        'x' | 'u' | 'U' => {
                            let digits = match e {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let hex: String = chars.by_ref().take(digits).map(|(_, d)| d).collect();
                            let code = (hex.len() == digits)
                                .then(|| u32::from_str_radix(&hex, 16).ok())
                                .flatten();
                            match code.and_then(char::from_u32) {
                                Some(c) => c,
                                None => return error(self.number, "A \\x, \\u or \\U escape here is not a character (a surrogate, or too few hex digits)."),
                            }
                        }
                        _ => {
                            return error(self.number, "This backslash escape is not one YAML has.")
                        }
                    };
                    out.push(simple);
                }
                c => out.push(c),
            }
        }
        error(
            self.number,
            "A \"...\" string is not closed on its line; write it on one line, with \\n escapes.",
        )
    }

    fn flow_sequence(&mut self) -> Parsed<Value> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.spaces();
            if self.rest().starts_with(']') {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value(true)?);
            self.spaces();
            if self.rest().starts_with(',') {
                self.at += 1;
            } else if !self.rest().starts_with(']') {
                return error(self.number, "A [...] list is not closed on its line.");
            }
        }
    }

    fn flow_mapping(&mut self) -> Parsed<Value> {
        self.at += 1;
        let mut map = Map::new();
        loop {
            self.spaces();
            if self.rest().starts_with('}') {
                self.at += 1;
                return Ok(Value::Object(map));
            }
            let key = match self.value(true)? {
                Value::String(key) => key,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            self.spaces();
            if !self.rest().starts_with(':') {
                return error(self.number, "Expected `key: value` inside {...}.");
            }
            self.at += 1;
            let value = self.value(true)?;
            if map.insert(key.clone(), value).is_some() {
                return error(self.number, REPEATED_KEY);
            }
            self.spaces();
            if self.rest().starts_with(',') {
                self.at += 1;
            } else if !self.rest().starts_with('}') {
                return error(self.number, "A {...} mapping is not closed on its line.");
            }
        }
    }
}

/// A plain scalar typed as the AWS CLI's YAML loader (ruamel.yaml, YAML 1.2) types it: null,
/// booleans, integers (also `0x`, `0o`, `0b`, signed, with `_` between digits) and decimals are
/// typed; a date or time, `.inf` and `.nan` are refused, since the CLI would send a date or a
/// number JSON cannot hold where a string was meant. Anything else is a string.
fn plain_scalar(text: &str, number: usize) -> Parsed<Value> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Value::Null),
        "true" | "True" | "TRUE" => return Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Ok(Value::Bool(false)),
        // YAML's "value" key, which the loader has no constructor for.
        "=" => return error(number, "A plain = cannot be loaded; quote it."),
        _ => {}
    }
    let unsigned = text.trim_start_matches(['-', '+']);
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return error(
            number,
            "This value reads as .inf or .nan, which JSON cannot hold; quote it.",
        );
    }
    if is_date(text) {
        return error(number, "This value reads as a date in YAML, which the AWS CLI would not send as text; quote it.");
    }
    Ok(to_number(text).map_or_else(|| Value::String(text.to_owned()), Value::Number))
}

/// `YYYY-M-D`, alone or followed by a time: what YAML's timestamp type takes.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4) && bytes.get(4) == Some(&b'-')) {
        return false;
    }
    let rest = text.get(5..).unwrap_or("");
    let mut parts = rest.splitn(3, '-');
    let month = parts.next().unwrap_or("");
    let day_and_time = parts.next().unwrap_or("");
    let day: String = day_and_time
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let after = day_and_time.get(day.len()..).unwrap_or("");
    (1..=2).contains(&month.len())
        && month.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&day.len())
        && parts.next().is_none()
        && (after.is_empty() || after.starts_with(['T', 't', ' ']))
}

/// An integer or decimal as ruamel.yaml's YAML 1.2 resolver reads it, as a JSON number.
fn to_number(text: &str) -> Option<Number> {
    let (negative, unsigned) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..)?),
        Some(b'+') => (false, text.get(1..)?),
        _ => (false, text),
    };
    if unsigned.is_empty() || unsigned.starts_with('_') {
        return None;
    }
    let clean: String = unsigned.chars().filter(|&c| c != '_').collect();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(digits) = clean.strip_prefix(prefix) {
            let magnitude = u64::from_str_radix(digits, radix).ok()?;
            return if negative {
                i64::try_from(magnitude).ok().map(|m| Number::from(-m))
            } else {
                Some(Number::from(magnitude))
            };
        }
    }
    let (mantissa, exponent) = match clean.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (clean.as_str(), None),
    };
    let (whole, fraction) = match mantissa.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (mantissa, None),
    };
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && all_digits(digits)
    });
    // An exponent needs a decimal point or digits before it; `.` alone is no number.
    if !all_digits(whole)
        || !fraction.is_none_or(all_digits)
        || whole.is_empty() && fraction.is_none_or(str::is_empty)
        || !exponent_ok
    {
        return None;
    }
    let whole = match whole.trim_start_matches('0') {
        "" => "0",
        digits => digits,
    };
    let mut json = String::from(if negative { "-" } else { "" });
    json.push_str(whole);
    if fraction.is_some() || exponent.is_some() {
        // A decimal stays a decimal (1. is 1.0, not the integer 1).
        json.push('.');
        json.push_str(match fraction {
            Some(f) if !f.is_empty() => f,
            _ => "0",
        });
    }
    if let Some(e) = exponent {
        json.push('e');
        json.push_str(e);
    }
    if fraction.is_none() && exponent.is_none() {
        if let Ok(n) = json.parse::<i64>() {
            return Some(Number::from(n));
        }
        if let Ok(n) = json.parse::<u64>() {
            return Some(Number::from(n));
        }
    }
    // std's parse rounds correctly (serde_json's default float parser can be off by one unit).
    json.parse::<f64>().ok().and_then(Number::from_f64)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_export_and_the_skeleton_forms() {
        let text = "ServiceId: \"srv-1\"  # the service\nInstanceId: i-1\nAttributes:\n  \"AWS_INSTANCE_PORT\": \"808\"\n  n: '007'\n  empty: \"\"\ntotalResources:\n- name: CPU\n  integerValue: 1024\n  stringSetValue: []\n- name: PORTS\n  stringSetValue:\n    - \"22\"\n    - '2376'\nversionInfo: {agentVersion: 1.80.0, x: [1, \"a, b\"]}\n";
        assert_eq!(
            parse_yaml(text).unwrap(),
            json!({
                "ServiceId": "srv-1", "InstanceId": "i-1",
                "Attributes": {"AWS_INSTANCE_PORT": "808", "n": "007", "empty": ""},
                "totalResources": [
                    {"name": "CPU", "integerValue": 1024, "stringSetValue": []},
                    {"name": "PORTS", "stringSetValue": ["22", "2376"]}
                ],
                "versionInfo": {"agentVersion": "1.80.0", "x": [1, "a, b"]}
            })
        );
    }

    #[test]
    fn plain_scalars_follow_the_core_schema() {
        let text = "a: yes\nb: on\nc: true\nd: ~\ne:\nf: 12\ng: -1.5e3\nh: 0x1F\ni: 0o17\nj: 1.80.0\nk: 'it''s'\nl: \"\\u00e9\\t\\\"\"\nm: a # c\nn: a#b\n";
        assert_eq!(
            parse_yaml(text).unwrap(),
            json!({"a": "yes", "b": "on", "c": true, "d": null, "e": null, "f": 12, "g": -1500.0,
                "h": 31, "i": 15, "j": "1.80.0", "k": "it's", "l": "é\t\"", "m": "a", "n": "a#b"})
        );
    }

    #[test]
    fn literal_blocks_keep_their_lines() {
        let text = "doc: |\n  {\n    \"a\": 1\n\n  }\nnext: |-\n  x\nlast: x\n";
        assert_eq!(
            parse_yaml(text).unwrap(),
            json!({"doc": "{\n  \"a\": 1\n\n}\n", "next": "x", "last": "x"})
        );
    }

    #[test]
    fn blank_lines_before_a_block_read_as_the_loader_reads_them() {
        // Spaces exactly to the block's indentation (or none): an empty line, as ruamel.yaml.
        for (text, expected) in [
            ("a: |\n  \n  x\n", json!({"a": "\nx\n"})),
            ("a: |-\n\n  \n  x\n", json!({"a": "\n\nx"})),
            ("a:\n  b: |\n    \n    x\n", json!({"a": {"b": "\nx\n"}})),
            // Fewer spaces after a first line with the indentation's: the loader's rule too.
            ("a: |\n    \n \n    x\n", json!({"a": "\n\nx\n"})),
            ("a: |\n\n \n  x\n", json!({"a": "\n\nx\n"})),
        ] {
            assert_eq!(parse_yaml(text).unwrap(), expected, "{text:?}");
        }
        // Any other count the loader fails on, or reads by its own rule: refused.
        for (text, line) in [
            ("a: |\n \n  x\n", 2),
            ("a: |\n   \n  x\n", 2),
            ("a: |\n  \n    \n    x\n", 2),
            ("a: |\n\n   \n  x\n", 3),
            ("a: |\n  \n", 2),
            ("a: |2\n  \n  x\n", 2),
        ] {
            let e = parse_yaml(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e:?}");
            assert!(e.message.contains("reads its own way"), "{text:?}: {e:?}");
        }
    }

    #[test]
    fn what_is_not_read_is_refused_with_its_line() {
        for (text, line, words) in [
            ("a: &x 1\nb: *x\n", 1, "Anchors"),
            ("a: !!str 1\n", 1, "Tags"),
            ("a: >\n  x\n", 1, "Folded"),
            ("a: 1\na: 2\n", 2, "twice"),
            ("a: \"x\n  y\"\n", 1, "not closed"),
            ("a: x\n  y\n", 2, "several lines"),
            ("a: 1\n---\nb: 2\n", 2, "one YAML document"),
            ("a:\n\t- x\n", 2, "tab"),
            ("a: \"\\ud800\"\n", 1, "surrogate"),
            ("- a\nb: 1\n", 2, "not indented"),
            (&format!("a: {}", "[".repeat(100_000)), 1, "100 levels"),
            (&"- ".repeat(50_000), 1, "100 levels"),
        ] {
            let e = parse_yaml(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e:?}");
            assert!(e.message.contains(words), "{text:?}: {e:?}");
        }
    }
}
