//! The ECS cluster query language: the expressions of `memberOf` placement constraints and of
//! ListContainerInstances `--filter`, parsed with their positions and evaluated against one
//! container instance.
//!
//! AWS documents the subjects, the operators and a handful of examples, but no grammar and no
//! evaluation rules (developerguide/cluster-query-language.html). Each point the docs leave open is
//! settled below under **Choice**, with the reason; each has a test.
//!
//! # Grammar
//!
//! ```text
//! expression := or
//! or         := and (("or" | "||") and)*
//! and        := unary (("and" | "&&") unary)*
//! unary      := ("not" | "!") unary | "(" expression ")" | predicate
//! predicate  := subject operator [argument]
//! subject    := "attribute:" NAME | "task:group" | "agentConnected" | "agentVersion"
//!             | "ec2InstanceId" | "registeredAt" | "runningTasksCount"
//! operator   := "==" | "equals" | "!=" | "not_equals" | ">" | "greater_than"
//!             | ">=" | "greater_than_equal" | "<" | "less_than" | "<=" | "less_than_equal"
//!             | "exists" | "!exists" | "not_exists" | "in" | "!in" | "not_in"
//!             | "=~" | "matches" | "!~" | "not_matches"
//! argument   := value | "[" value ("," value)* "]"      (a list for in / !in only)
//! value      := BARE | 'single quoted' | "double quoted"
//! ```
//!
//! # Syntax choices
//!
//! - **Precedence** `not` > `and` > `or`, left to right. AWS does not say; this is the order of
//!   most languages, and the docs' own `(e1 or e2) and e3` example needs parentheses only under it.
//! - **Case.** Subjects, operators and keywords are case-sensitive, spelled as AWS documents them
//!   (`and`, `not_in`, `agentConnected`). Other casings are errors that suggest the documented
//!   spelling: rejecting costs the user one edit, accepting risks passing what ECS rejects.
//! - **Spaces** are optional around symbols: `attribute:a==b&&runningTasksCount<2`. Words
//!   (`and`, `in`, `equals`) need a space or a bracket next to them. `!in` and `!exists` are one
//!   token (`! in` is an error). `not(expr)` and `!(expr)` need no space.
//! - **Bare values** end at whitespace, at one of `( ) [ ] , ' "` and at `&&` / `||`, and cannot
//!   start with `= ! < > ~ & |` (so `a === b` is an error, not the value `= b`). Anything else
//!   needs quotes.
//! - **Quotes.** Single quotes as documented; double quotes are accepted the same way (**Choice**:
//!   people coming from JSON and shells type them, and they cannot mean anything else here).
//!   There are no escapes: a backslash stays a backslash, so regexes keep theirs; to put a quote
//!   in a value, quote it with the other kind. An empty quoted value is allowed (it matches
//!   nothing, as ECS attribute values have at least one character).
//! - **Bare regexes** (after `=~` / `!~`) may also contain balanced `( )` and `[ ]`, `,` and
//!   backslash escapes, so `t2\.(micro|small)` and `[ab]{1,3}` work unquoted.
//! - **Lists** need at least one item; items are bare or quoted values; no trailing comma.
//! - **Limits:** at most [`MAX_EXPRESSION_LENGTH`] characters (checked first, so huge input is
//!   rejected at once), and at most [`MAX_NESTING_DEPTH`] nested parentheses or `not`s (so a
//!   hostile input cannot exhaust the stack). Parsing is one left-to-right pass.
//! - **Attribute names** follow the ECS Attribute rules: 1–128 of letters, digits, `-`, `_`, `.`,
//!   `/`, `\`.
//! - **Operators per subject.** `agentConnected` and `ec2InstanceId` take `==`, `!=`, `in`, `!in`,
//!   `=~`, `!~`; `agentVersion`, `registeredAt` and `runningTasksCount` take `==`, `!=`, `>`,
//!   `>=`, `<`, `<=` (the lists on the AWS page); `attribute:*` and `task:group` take all.
//!   Arguments are checked when parsed: `true`/`false`; versions `1.14.5` (dotted numbers, an
//!   optional leading `v`); whole numbers for counts; dates `2018-06-18`, `2018-06-18T22:28:28`,
//!   `…Z` or `…+00:00` (an optional `.fraction` of seconds is also accepted, as the CLI prints it).
//!
//! # Evaluation choices
//!
//! - **Absent values.** Every negated operator is exactly `not` of its positive form: `!=` is
//!   `not ==`, `!in` is `not in`, `!~` is `not =~`, `!exists` is `not exists`. So on an instance
//!   without the attribute (or without an EC2 instance ID, agent version or registration time),
//!   `==`, `in`, `=~` and `exists` are false and `!=`, `!in`, `!~`, `!exists` are true; the
//!   orderings `>`, `>=`, `<`, `<=` are false. **Choice**: users write `attribute:stack != prod`
//!   expecting untagged instances to pass.
//! - **Name-only attributes** (capabilities such as `ecs.capability.secrets.asm.environment-variables`)
//!   satisfy `exists` and otherwise behave like absent ones: they have no value to compare.
//! - **Comparisons on `attribute:*` and `task:group`.** `==` is string equality (as documented).
//!   `>`, `>=`, `<`, `<=` compare as numbers when both sides are decimal numbers (`-?\d+(\.\d+)?`),
//!   else as versions when both are dotted numbers with an optional `v` (`1.14.5 > 1.9.0`), else
//!   as strings by code point. A two-part `1.10` is a number, so `1.10 < 1.9`; write `v1.10` to
//!   compare it as a version.
//! - **`agentVersion`** compares versions component by component as numbers, missing parts
//!   counting as 0 (`1.14` == `1.14.0`). An instance version that is not dotted numbers matches
//!   `==` only when spelled the same and never satisfies an ordering.
//! - **`registeredAt`** values are instants: a date alone is midnight UTC, a time without an
//!   offset is UTC. Every comparison is in whole seconds, since ECS records milliseconds but the
//!   literals name seconds: an instance registered at 22:28:28.500 is `== 22:28:28` and not
//!   `> 22:28:28`, so `==`, `!=` and the orderings agree.
//! - **`task:group`** looks at the groups of the tasks already on the instance (task groups are
//!   `service:NAME`, `family:NAME` or custom): `==`, `in`, `=~` and orderings hold when any group
//!   satisfies them, `!=`, `!in`, `!~` when none does; `exists` holds when the instance runs any
//!   task.
//! - **Regexes** (`=~`, `!~`) follow Java's `Pattern.matches`: the whole value must match, so a
//!   pattern is compiled as `^(?:pattern)$` (after checking the pattern alone, so `a)|(b` cannot
//!   escape the group). They are compiled with `regex-lite`, which runs in linear time (patterns
//!   like `(a+)+$` cannot backtrack catastrophically) and differs from java.util.regex: no
//!   look-around, no backreferences, no possessive quantifiers or atomic groups, no `\Q..\E`,
//!   no `\p{..}` classes, no class intersection `[a-z&&[^b]]`, ASCII-only case folding. `\d`, `\w`, `\s`
//!   are ASCII in both. Patterns using those features are rejected when parsed, with the reason.

use std::cmp::Ordering;
use std::fmt;

use regex_lite::{Regex, RegexBuilder};
use serde::{Serialize, Serializer};
use serde_json::{json, Value};

use super::cluster::parse_timestamp;

/// The longest expression ECS accepts (PlacementConstraint.expression).
pub const MAX_EXPRESSION_LENGTH: usize = 2000;
/// How deep parentheses and `not`s may nest; bounds the parser's recursion.
pub const MAX_NESTING_DEPTH: usize = 100;
/// ECS Attribute.name limit.
const MAX_ATTRIBUTE_NAME_LENGTH: usize = 128;
/// Compiled-regex budget: far above any sane pattern, far below what a 2000-character
/// `(a{1000}){1000}` would need.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const REGEX_NEST_LIMIT: u32 = 100;

/// Characters that always end a bare token.
const DELIMITERS: [char; 7] = ['(', ')', '[', ']', ',', '\'', '"'];
/// Characters that end a subject or keyword, so operators may follow without a space.
const OPERATOR_CHARS: [char; 7] = ['=', '!', '<', '>', '~', '&', '|'];
/// Subjects other than `attribute:NAME`, for messages and suggestions.
const SUBJECT_NAMES: [&str; 6] = [
    "task:group",
    "agentConnected",
    "agentVersion",
    "ec2InstanceId",
    "registeredAt",
    "runningTasksCount",
];

/// A parsed expression.
///
/// Serializes as [`Expression::to_json`]. Displays as canonical text (lowercase word keywords,
/// symbol operators, values quoted only when needed) that parses back to the same tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    root: Node,
    length: usize,
}

/// A span of the source, in chars: `start` 0-based inclusive, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    fn point(at: usize) -> Self {
        Self::new(at, at)
    }

    /// 1-based column of the first character.
    pub fn column(self) -> usize {
        self.start + 1
    }

    /// 1-based column just after the last character (equal to `column` for an empty span).
    pub fn end_column(self) -> usize {
        self.end + 1
    }
}

/// Why an expression does not parse, and where.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueryError {
    pub message: String,
    /// 1-based, in chars.
    pub column: usize,
    /// 1-based column just after the bad span (equal to `column` at the end of the input).
    pub end_column: usize,
}

impl QueryError {
    fn at(span: Span, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            column: span.column(),
            end_column: span.end_column().max(span.column()),
        }
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "column {}: {}", self.column, self.message)
    }
}

impl std::error::Error for QueryError {}

/// What the evaluator needs to know about one container instance.
pub trait Facts {
    /// None = attribute absent; Some(None) = present without value (name-only, e.g.
    /// capabilities); Some(Some(v)) = value.
    fn attribute(&self, name: &str) -> Option<Option<&str>>;
    fn agent_connected(&self) -> bool;
    fn agent_version(&self) -> Option<&str>;
    fn ec2_instance_id(&self) -> Option<&str>;
    /// Seconds since the Unix epoch.
    fn registered_at(&self) -> Option<f64>;
    fn running_tasks_count(&self) -> u64;
    /// Task groups of the tasks already running on the instance (e.g. "service:web",
    /// "family:nginx").
    fn task_groups(&self) -> Vec<&str>;
}

/// A node of the syntax tree. `and` / `or` chains are flat; parentheses leave no node but widen
/// the span of what they enclose.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Or { operands: Vec<Node>, span: Span },
    And { operands: Vec<Node>, span: Span },
    Not { operand: Box<Node>, span: Span },
    Predicate(Predicate),
}

/// `subject operator [argument]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    pub subject: Subject,
    pub subject_span: Span,
    pub operator: Operator,
    pub argument: Argument,
    pub span: Span,
}

/// What a predicate looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Attribute(String),
    TaskGroup,
    AgentConnected,
    AgentVersion,
    Ec2InstanceId,
    RegisteredAt,
    RunningTasksCount,
}

/// The operators, named after their word forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Equals,
    NotEquals,
    GreaterThan,
    GreaterThanEqual,
    LessThan,
    LessThanEqual,
    Exists,
    NotExists,
    In,
    NotIn,
    Matches,
    NotMatches,
}

/// A predicate's argument, as its operator requires.
#[derive(Debug, Clone, PartialEq)]
pub enum Argument {
    /// `exists` / `!exists`.
    None,
    Value(Literal),
    /// `in` / `!in`; the span covers the brackets.
    List {
        items: Vec<Literal>,
        span: Span,
    },
    /// `=~` / `!~`.
    Pattern(Pattern),
}

/// A value as written (quotes removed), checked against its subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    pub text: String,
    /// Includes the quotes, if any.
    pub span: Span,
    typed: Typed,
}

/// A literal's meaning for its subject, decided at parse time so evaluation cannot fail.
#[derive(Debug, Clone, PartialEq)]
enum Typed {
    Text,
    Bool(bool),
    Count(u64),
    Version(Version),
    Instant(f64),
}

/// A regex argument: the source as written and the anchored, compiled form.
#[derive(Debug, Clone)]
pub struct Pattern {
    pub source: String,
    pub span: Span,
    regex: Regex,
}

impl PartialEq for Pattern {
    /// Same source, same regex.
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && self.span == other.span
    }
}

impl Pattern {
    /// Java `Pattern.matches`: the whole value must match.
    pub fn matches(&self, value: &str) -> bool {
        self.regex.is_match(value)
    }
}

/// Dotted numeric components, kept as digit strings without leading zeros so any length compares.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version(Vec<String>);

impl Version {
    fn parse(text: &str) -> Option<Self> {
        let digits = text.strip_prefix('v').unwrap_or(text);
        let mut parts = Vec::new();
        for part in digits.split('.') {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let trimmed = part.trim_start_matches('0');
            parts.push(if trimmed.is_empty() { "0" } else { trimmed }.to_owned());
        }
        Some(Self(parts))
    }

    /// Numeric, component by component; missing components count as 0.
    fn compare(&self, other: &Self) -> Ordering {
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| {
                let a = self.0.get(i).map_or("0", String::as_str);
                let b = other.0.get(i).map_or("0", String::as_str);
                a.len().cmp(&b.len()).then_with(|| a.cmp(b))
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

// ---------------------------------------------------------------------------------------------
// Subjects and operators

impl Subject {
    fn from_name(word: &str) -> Option<Self> {
        Some(match word {
            "task:group" => Self::TaskGroup,
            "agentConnected" => Self::AgentConnected,
            "agentVersion" => Self::AgentVersion,
            "ec2InstanceId" => Self::Ec2InstanceId,
            "registeredAt" => Self::RegisteredAt,
            "runningTasksCount" => Self::RunningTasksCount,
            _ => return None,
        })
    }

    /// The operator lists of the AWS page; it gives none for attributes and task groups.
    pub fn allows(&self, operator: Operator) -> bool {
        use Operator::{
            Equals, GreaterThan, GreaterThanEqual, In, LessThan, LessThanEqual, Matches, NotEquals,
            NotIn, NotMatches,
        };
        match self {
            Self::Attribute(_) | Self::TaskGroup => true,
            Self::AgentConnected | Self::Ec2InstanceId => matches!(
                operator,
                Equals | NotEquals | In | NotIn | Matches | NotMatches
            ),
            Self::AgentVersion | Self::RegisteredAt | Self::RunningTasksCount => matches!(
                operator,
                Equals | NotEquals | GreaterThan | GreaterThanEqual | LessThan | LessThanEqual
            ),
        }
    }

    fn allowed_list(&self) -> &'static str {
        match self {
            Self::AgentConnected | Self::Ec2InstanceId => "`==`, `!=`, `in`, `!in`, `=~` and `!~`",
            _ => "`==`, `!=`, `>`, `>=`, `<` and `<=`",
        }
    }

    /// The `kind` in the JSON tree.
    fn kind(&self) -> &'static str {
        match self {
            Self::Attribute(_) => "attribute",
            Self::TaskGroup => "taskGroup",
            Self::AgentConnected => "agentConnected",
            Self::AgentVersion => "agentVersion",
            Self::Ec2InstanceId => "ec2InstanceId",
            Self::RegisteredAt => "registeredAt",
            Self::RunningTasksCount => "runningTasksCount",
        }
    }

    /// Subjects whose value changes as tasks are placed.
    fn is_dynamic(&self) -> bool {
        matches!(self, Self::TaskGroup | Self::RunningTasksCount)
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Attribute(name) => write!(f, "attribute:{name}"),
            Self::TaskGroup => f.write_str("task:group"),
            other => f.write_str(other.kind()),
        }
    }
}

/// What an operator takes after it.
enum ArgumentKind {
    None,
    Value,
    List,
    Pattern,
}

impl Operator {
    const ALL: [Self; 12] = [
        Self::Equals,
        Self::NotEquals,
        Self::GreaterThan,
        Self::GreaterThanEqual,
        Self::LessThan,
        Self::LessThanEqual,
        Self::Exists,
        Self::NotExists,
        Self::In,
        Self::NotIn,
        Self::Matches,
        Self::NotMatches,
    ];

    /// The canonical (symbol) spelling, used in the JSON tree and in Display.
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Equals => "==",
            Self::NotEquals => "!=",
            Self::GreaterThan => ">",
            Self::GreaterThanEqual => ">=",
            Self::LessThan => "<",
            Self::LessThanEqual => "<=",
            Self::Exists => "exists",
            Self::NotExists => "!exists",
            Self::In => "in",
            Self::NotIn => "!in",
            Self::Matches => "=~",
            Self::NotMatches => "!~",
        }
    }

    /// The word alias.
    pub fn word(self) -> &'static str {
        match self {
            Self::Equals => "equals",
            Self::NotEquals => "not_equals",
            Self::GreaterThan => "greater_than",
            Self::GreaterThanEqual => "greater_than_equal",
            Self::LessThan => "less_than",
            Self::LessThanEqual => "less_than_equal",
            Self::Exists => "exists",
            Self::NotExists => "not_exists",
            Self::In => "in",
            Self::NotIn => "not_in",
            Self::Matches => "matches",
            Self::NotMatches => "not_matches",
        }
    }

    fn from_word(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|op| op.word() == word)
    }

    /// The positive form and whether this operator negates it.
    fn split(self) -> (Self, bool) {
        match self {
            Self::NotEquals => (Self::Equals, true),
            Self::NotExists => (Self::Exists, true),
            Self::NotIn => (Self::In, true),
            Self::NotMatches => (Self::Matches, true),
            other => (other, false),
        }
    }

    fn argument_kind(self) -> ArgumentKind {
        match self {
            Self::Exists | Self::NotExists => ArgumentKind::None,
            Self::In | Self::NotIn => ArgumentKind::List,
            Self::Matches | Self::NotMatches => ArgumentKind::Pattern,
            _ => ArgumentKind::Value,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

/// Parses an expression, or says where and why it is wrong.
pub fn parse(text: &str) -> Result<Expression, QueryError> {
    let length = text.chars().count();
    if length > MAX_EXPRESSION_LENGTH {
        return Err(QueryError::at(
            Span::new(MAX_EXPRESSION_LENGTH, length),
            format!(
                "the expression is {length} characters long; ECS accepts at most \
                 {MAX_EXPRESSION_LENGTH}"
            ),
        ));
    }
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
        depth: 0,
    };
    parser.skip_whitespace();
    if parser.peek().is_none() {
        return Err(QueryError::at(
            Span::new(0, length),
            "the expression is empty; write a condition such as \
             `attribute:ecs.instance-type == t2.small`",
        ));
    }
    let root = parser.parse_or(None)?;
    parser.skip_whitespace();
    if parser.peek().is_some() {
        return Err(parser.expected_connective(&root, false));
    }
    // The cluster query language reference: "A single expression can't contain parentheses";
    // they only set precedence in compound expressions (`not(...)` is compound).
    if matches!(root, Node::Predicate(_)) && text.trim_start().starts_with('(') {
        let open = text.chars().take_while(|c| c.is_whitespace()).count();
        return Err(QueryError::at(
            Span::new(open, length),
            "a single expression can't be in parentheses (they only group the parts of a \
             compound expression); remove them",
        ));
    }
    Ok(Expression { root, length })
}

fn is_word_char(c: char) -> bool {
    !c.is_whitespace() && !DELIMITERS.contains(&c) && !OPERATOR_CHARS.contains(&c)
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.peek_nth(0)
    }

    fn peek_nth(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).copied()
    }

    fn skip_whitespace(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn text(&self, span: Span) -> String {
        self.chars
            .get(span.start..span.end)
            .map(|chars| chars.iter().collect())
            .unwrap_or_default()
    }

    /// The source of `span`, shortened for messages.
    fn snippet(&self, span: Span) -> String {
        const MAX: usize = 40;
        let text = self.text(span);
        if text.chars().count() > MAX {
            format!("{}…", text.chars().take(MAX).collect::<String>())
        } else {
            text
        }
    }

    fn at_connective_symbol(&self) -> bool {
        matches!(
            (self.peek(), self.peek_nth(1)),
            (Some('&'), Some('&')) | (Some('|'), Some('|'))
        )
    }

    fn word_end(&self, from: usize) -> usize {
        let mut end = from;
        while self.chars.get(end).is_some_and(|&c| is_word_char(c)) {
            end += 1;
        }
        end
    }

    /// A description of the token at `at` for "found …" messages, and its span.
    fn found(&self, at: usize) -> (String, Span) {
        let Some(c) = self.chars.get(at).copied() else {
            return ("the end of the expression".to_owned(), Span::point(at));
        };
        let end = if is_word_char(c) {
            self.word_end(at)
        } else if OPERATOR_CHARS.contains(&c) {
            let run = self
                .chars
                .get(at..)
                .unwrap_or_default()
                .iter()
                .take(2)
                .take_while(|c| OPERATOR_CHARS.contains(c))
                .count();
            at + run
        } else if c == '\'' || c == '"' {
            self.chars
                .get(at + 1..)
                .and_then(|rest| rest.iter().position(|&x| x == c))
                .map_or(at + 1, |close| at + close + 2)
        } else {
            at + 1
        };
        let span = Span::new(at, end);
        (format!("`{}`", self.snippet(span)), span)
    }

    fn enter(&mut self, span: Span) -> Result<(), QueryError> {
        if self.depth >= MAX_NESTING_DEPTH {
            return Err(QueryError::at(
                span,
                format!(
                    "more than {MAX_NESTING_DEPTH} nested parentheses or `not`s; simplify the \
                     expression"
                ),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// `and`/`&&` or `or`/`||` next: consumes it and returns its span.
    fn eat_connective(&mut self, and: bool) -> Option<Span> {
        self.skip_whitespace();
        let start = self.pos;
        let symbol = if and { ('&', '&') } else { ('|', '|') };
        if (self.peek(), self.peek_nth(1)) == (Some(symbol.0), Some(symbol.1)) {
            self.pos += 2;
            return Some(Span::new(start, self.pos));
        }
        let end = self.word_end(start);
        let word = self.text(Span::new(start, end));
        if word == if and { "and" } else { "or" } {
            self.pos = end;
            return Some(Span::new(start, end));
        }
        None
    }

    fn parse_or(&mut self, after: Option<Span>) -> Result<Node, QueryError> {
        let first = self.parse_and(after)?;
        let mut operands = vec![first];
        while let Some(connective) = self.eat_connective(false) {
            operands.push(self.parse_and(Some(connective))?);
        }
        Ok(chain(operands, false))
    }

    fn parse_and(&mut self, after: Option<Span>) -> Result<Node, QueryError> {
        let first = self.parse_unary(after)?;
        let mut operands = vec![first];
        while let Some(connective) = self.eat_connective(true) {
            operands.push(self.parse_unary(Some(connective))?);
        }
        Ok(chain(operands, true))
    }

    fn parse_unary(&mut self, after: Option<Span>) -> Result<Node, QueryError> {
        self.skip_whitespace();
        let start = self.pos;
        match self.peek() {
            Some('(') => self.parse_group(),
            Some('!') if !matches!(self.peek_nth(1), Some('=' | '~')) => {
                self.pos += 1;
                self.parse_not(Span::new(start, self.pos))
            }
            Some(c) if is_word_char(c) => {
                let end = self.word_end(start);
                if self.text(Span::new(start, end)) == "not" {
                    self.pos = end;
                    self.parse_not(Span::new(start, end))
                } else {
                    self.parse_predicate(after)
                }
            }
            _ => Err(self.expected_condition(after)),
        }
    }

    fn expected_condition(&self, after: Option<Span>) -> QueryError {
        let (found, span) = self.found(self.pos);
        let after = after.map_or_else(String::new, |s| format!(" after `{}`", self.snippet(s)));
        let hint = if found == "`)`" && after.ends_with("`(`") {
            "; empty parentheses are not a condition"
        } else {
            ""
        };
        QueryError::at(
            span,
            format!(
                "expected a condition such as `attribute:NAME == VALUE`{after}, found {found}{hint}"
            ),
        )
    }

    fn parse_not(&mut self, keyword: Span) -> Result<Node, QueryError> {
        self.enter(keyword)?;
        let operand = self.parse_unary(Some(keyword))?;
        self.depth -= 1;
        let span = Span::new(keyword.start, operand.span().end);
        Ok(Node::Not {
            operand: Box::new(operand),
            span,
        })
    }

    fn parse_group(&mut self) -> Result<Node, QueryError> {
        let open = Span::new(self.pos, self.pos + 1);
        self.enter(open)?;
        self.pos += 1;
        let mut inner = self.parse_or(Some(open))?;
        self.skip_whitespace();
        match self.peek() {
            Some(')') => {
                self.pos += 1;
                self.depth -= 1;
                inner.set_span(Span::new(open.start, self.pos));
                Ok(inner)
            }
            None => Err(QueryError::at(
                open,
                format!(
                    "the `(` at column {} is never closed; add a `)`",
                    open.column()
                ),
            )),
            Some(_) => Err(self.expected_connective(&inner, true)),
        }
    }

    /// The error when something other than `and`, `or` (or `)` in a group) follows `node`.
    fn expected_connective(&self, node: &Node, in_group: bool) -> QueryError {
        let (found, span) = self.found(self.pos);
        if found == "`)`" && !in_group {
            return QueryError::at(span, "this `)` has no matching `(`");
        }
        let word = found.trim_matches('`');
        let last = node.last_predicate();
        let hint = if word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or") {
            format!("; keywords are lowercase: `{}`", word.to_ascii_lowercase())
        } else if let Some(p) = last.filter(|p| matches!(p.argument, Argument::None)) {
            format!(
                "; `{}` takes no value",
                self.text(Span::new(p.subject_span.end, p.span.end)).trim()
            )
        } else if let Some(Argument::Value(value)) = last.map(|p| &p.argument) {
            let follows = value.span.end == node.span().end;
            if follows && word.chars().next().is_some_and(is_word_char) {
                format!(
                    "; quote values that contain spaces: '{} {word}'",
                    value.text
                )
            } else {
                String::new()
            }
        } else {
            String::new()
        };
        let expected = if in_group {
            " or `)`"
        } else {
            " or the end of the expression"
        };
        let message = format!(
            "expected `and`, `or`{expected} after `{}`, found {found}{hint}",
            self.snippet(node.span())
        );
        QueryError::at(span, message)
    }

    fn parse_predicate(&mut self, after: Option<Span>) -> Result<Node, QueryError> {
        let (subject, subject_span) = self.parse_subject(after)?;
        let (operator, operator_span) = self.parse_operator(&subject, subject_span)?;
        if !subject.allows(operator) {
            return Err(QueryError::at(
                operator_span,
                format!(
                    "`{subject}` does not take `{}`; the ECS docs list {} for it",
                    self.text(operator_span),
                    subject.allowed_list()
                ),
            ));
        }
        let argument = match operator.argument_kind() {
            ArgumentKind::None => Argument::None,
            ArgumentKind::Value => {
                let (text, span) = self.parse_value(operator_span, false)?;
                Argument::Value(literal(&subject, text, span)?)
            }
            ArgumentKind::List => self.parse_list(&subject, operator_span)?,
            ArgumentKind::Pattern => Argument::Pattern(self.parse_pattern(operator_span)?),
        };
        let end = match &argument {
            Argument::None => operator_span.end,
            Argument::Value(value) => value.span.end,
            Argument::List { span, .. } | Argument::Pattern(Pattern { span, .. }) => span.end,
        };
        Ok(Node::Predicate(Predicate {
            subject,
            subject_span,
            operator,
            argument,
            span: Span::new(subject_span.start, end),
        }))
    }

    fn parse_subject(&mut self, after: Option<Span>) -> Result<(Subject, Span), QueryError> {
        let start = self.pos;
        let end = self.word_end(start);
        let span = Span::new(start, end);
        let word = self.text(span);
        if word == "and" || word == "or" {
            return Err(self.expected_condition(after));
        }
        self.pos = end;
        if let Some(name) = word.strip_prefix("attribute:") {
            check_attribute_name(name, span)?;
            return Ok((Subject::Attribute(name.to_owned()), span));
        }
        if let Some(subject) = Subject::from_name(&word) {
            return Ok((subject, span));
        }
        let suggestion =
            suggest_subject(&word).map_or_else(String::new, |s| format!("did you mean `{s}`? "));
        Err(QueryError::at(
            span,
            format!(
                "unknown subject `{}`; {suggestion}subjects are `attribute:NAME`, {}",
                self.snippet(span),
                SUBJECT_NAMES.map(|s| format!("`{s}`")).join(", ")
            ),
        ))
    }

    fn parse_operator(
        &mut self,
        subject: &Subject,
        subject_span: Span,
    ) -> Result<(Operator, Span), QueryError> {
        self.skip_whitespace();
        let start = self.pos;
        let symbol = match (self.peek(), self.peek_nth(1)) {
            (Some('='), Some('=')) => Some((Operator::Equals, 2)),
            (Some('='), Some('~')) => Some((Operator::Matches, 2)),
            (Some('!'), Some('=')) => Some((Operator::NotEquals, 2)),
            (Some('!'), Some('~')) => Some((Operator::NotMatches, 2)),
            (Some('>'), Some('=')) => Some((Operator::GreaterThanEqual, 2)),
            (Some('>'), _) => Some((Operator::GreaterThan, 1)),
            (Some('<'), Some('=')) => Some((Operator::LessThanEqual, 2)),
            (Some('<'), _) => Some((Operator::LessThan, 1)),
            _ => None,
        };
        if let Some((operator, len)) = symbol {
            self.pos += len;
            return Ok((operator, Span::new(start, self.pos)));
        }
        if self.peek() == Some('!') && self.peek_nth(1).is_some_and(is_word_char) {
            let end = self.word_end(start + 1);
            let span = Span::new(start, end);
            let operator = match self.text(Span::new(start + 1, end)).as_str() {
                "in" => Operator::NotIn,
                "exists" => Operator::NotExists,
                _ => {
                    return Err(QueryError::at(
                        span,
                        format!(
                            "`{}` is not an operator; `!` goes before `=`, `~`, `in` or `exists`",
                            self.snippet(span)
                        ),
                    ))
                }
            };
            self.pos = end;
            return Ok((operator, span));
        }
        if self.peek().is_some_and(is_word_char) {
            let end = self.word_end(start);
            let span = Span::new(start, end);
            if let Some(operator) = Operator::from_word(&self.text(span)) {
                self.pos = end;
                return Ok((operator, span));
            }
        }
        Err(self.expected_operator(subject, subject_span))
    }

    fn expected_operator(&self, subject: &Subject, subject_span: Span) -> QueryError {
        let (found, span) = self.found(self.pos);
        let word = found.trim_matches('`');
        let words = Operator::ALL.map(Operator::word);
        let hint = if word == "=" {
            "; did you mean `==`?".to_owned()
        } else if word == "!" {
            "; write `!=`, `!~`, `!in` and `!exists` without a space".to_owned()
        } else if let Some(op) = closest(word, &words) {
            format!("; did you mean `{op}`?")
        } else if matches!(subject, Subject::Attribute(_)) && word.starts_with(':') {
            "; attribute names cannot contain `:`".to_owned()
        } else {
            format!(
                "; operators are {}",
                Operator::ALL
                    .map(|op| format!("`{}`", op.symbol()))
                    .join(" ")
            )
        };
        QueryError::at(
            span,
            format!(
                "expected an operator after `{}`, found {found}{hint}",
                self.snippet(subject_span)
            ),
        )
    }

    /// A bare or quoted value after `after` (an operator or a list's `[` / `,`).
    fn parse_value(&mut self, after: Span, in_list: bool) -> Result<(String, Span), QueryError> {
        self.skip_whitespace();
        let start = self.pos;
        match self.peek() {
            Some(quote @ ('\'' | '"')) => self.parse_quoted(quote),
            Some(c) if is_word_char(c) => {
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || DELIMITERS.contains(&c) || self.at_connective_symbol() {
                        break;
                    }
                    self.pos += 1;
                }
                let span = Span::new(start, self.pos);
                Ok((self.text(span), span))
            }
            next => {
                let (found, span) = self.found(start);
                let hint = if next == Some('[') && !in_list {
                    "; only `in` and `!in` take a list"
                } else if next.is_some_and(|c| OPERATOR_CHARS.contains(&c)) {
                    "; quote a value that starts with an operator character"
                } else {
                    ""
                };
                Err(QueryError::at(
                    span,
                    format!(
                        "expected a value after `{}`, found {found}{hint}",
                        self.snippet(after)
                    ),
                ))
            }
        }
    }

    /// A quoted string starting at the current quote; no escapes.
    fn parse_quoted(&mut self, quote: char) -> Result<(String, Span), QueryError> {
        let start = self.pos;
        let close = self
            .chars
            .get(start + 1..)
            .and_then(|rest| rest.iter().position(|&c| c == quote))
            .map(|offset| start + 1 + offset);
        let Some(close) = close else {
            return Err(QueryError::at(
                Span::new(start, self.chars.len()),
                format!(
                    "the `{quote}` at column {} is never closed; add a closing `{quote}` (there \
                     are no escapes: to include `{quote}`, quote with the other kind)",
                    start + 1
                ),
            ));
        };
        self.pos = close + 1;
        Ok((
            self.text(Span::new(start + 1, close)),
            Span::new(start, self.pos),
        ))
    }

    fn parse_list(&mut self, subject: &Subject, operator: Span) -> Result<Argument, QueryError> {
        self.skip_whitespace();
        let start = self.pos;
        if self.peek() != Some('[') {
            let (found, span) = self.found(start);
            let example = if span.start < span.end && self.peek().is_some_and(is_word_char) {
                format!("[{}]", self.snippet(span))
            } else {
                "[a, b]".to_owned()
            };
            return Err(QueryError::at(
                span,
                format!(
                    "`{}` takes a list such as `{example}`, found {found}",
                    self.text(operator)
                ),
            ));
        }
        let open = Span::new(start, start + 1);
        self.pos += 1;
        let mut items = Vec::new();
        let mut previous = open;
        loop {
            self.skip_whitespace();
            match self.peek() {
                None => return Err(unclosed_list(open)),
                Some(']') if items.is_empty() => {
                    return Err(QueryError::at(
                        Span::new(open.start, self.pos + 1),
                        "an empty list matches nothing; give at least one value",
                    ))
                }
                _ => {}
            }
            let (text, span) = self.parse_value(previous, true)?;
            items.push(literal(subject, text, span)?);
            self.skip_whitespace();
            match self.peek() {
                Some(',') => {
                    previous = Span::new(self.pos, self.pos + 1);
                    self.pos += 1;
                }
                Some(']') => {
                    self.pos += 1;
                    return Ok(Argument::List {
                        items,
                        span: Span::new(open.start, self.pos),
                    });
                }
                None => return Err(unclosed_list(open)),
                Some(_) => {
                    let (found, span) = self.found(self.pos);
                    return Err(QueryError::at(
                        span,
                        format!(
                            "expected `,` or `]` in the list, found {found}; quote values that \
                             contain spaces"
                        ),
                    ));
                }
            }
        }
    }

    /// A regex: quoted, or bare with balanced `( )` / `[ ]` and backslash escapes.
    fn parse_pattern(&mut self, operator: Span) -> Result<Pattern, QueryError> {
        self.skip_whitespace();
        let start = self.pos;
        let (source, span) = match self.peek() {
            Some(quote @ ('\'' | '"')) => self.parse_quoted(quote)?,
            Some(c) if is_word_char(c) || c == '(' || c == '[' => {
                self.scan_bare_pattern();
                let span = Span::new(start, self.pos);
                (self.text(span), span)
            }
            _ => {
                let (found, span) = self.found(start);
                return Err(QueryError::at(
                    span,
                    format!(
                        "expected a regular expression after `{}`, found {found}",
                        self.text(operator)
                    ),
                ));
            }
        };
        compile_pattern(source, span)
    }

    fn scan_bare_pattern(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.peek() {
            if c.is_whitespace()
                || (depth == 0
                    && (matches!(c, ')' | ']' | '\'' | '"') || self.at_connective_symbol()))
            {
                break;
            }
            match c {
                '\\' if self.peek_nth(1).is_some_and(|c| !c.is_whitespace()) => self.pos += 1,
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.pos += 1;
        }
    }
}

/// One node for a run of `and`s or `or`s, or the single operand.
fn chain(mut operands: Vec<Node>, and: bool) -> Node {
    if operands.len() == 1 {
        if let Some(only) = operands.pop() {
            return only;
        }
    }
    let start = operands.first().map_or(0, |n| n.span().start);
    let end = operands.last().map_or(0, |n| n.span().end);
    let span = Span::new(start, end);
    if and {
        Node::And { operands, span }
    } else {
        Node::Or { operands, span }
    }
}

fn unclosed_list(open: Span) -> QueryError {
    QueryError::at(
        open,
        format!(
            "the `[` at column {} is never closed; expected `,` or `]`",
            open.column()
        ),
    )
}

fn check_attribute_name(name: &str, span: Span) -> Result<(), QueryError> {
    let prefix = "attribute:".len();
    if name.is_empty() {
        return Err(QueryError::at(
            span,
            "`attribute:` needs a name, such as `attribute:ecs.instance-type`",
        ));
    }
    if let Some((i, c)) = name
        .chars()
        .enumerate()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '\\')))
    {
        let at = span.start + prefix + i;
        return Err(QueryError::at(
            Span::new(at, at + 1),
            format!(
                "`{c}` cannot appear in an attribute name; names contain letters, digits, `-`, \
                 `_`, `.`, `/` and `\\`"
            ),
        ));
    }
    let length = name.chars().count();
    if length > MAX_ATTRIBUTE_NAME_LENGTH {
        return Err(QueryError::at(
            span,
            format!(
                "the attribute name is {length} characters long; ECS allows at most \
                 {MAX_ATTRIBUTE_NAME_LENGTH}"
            ),
        ));
    }
    Ok(())
}

/// Checks a value against its subject and records what it means.
fn literal(subject: &Subject, text: String, span: Span) -> Result<Literal, QueryError> {
    let typed = match subject {
        Subject::Attribute(_) | Subject::TaskGroup | Subject::Ec2InstanceId => Typed::Text,
        Subject::AgentConnected => match text.as_str() {
            "true" => Typed::Bool(true),
            "false" => Typed::Bool(false),
            _ => {
                return Err(QueryError::at(
                    span,
                    format!("`agentConnected` is `true` or `false`, not `{text}`"),
                ))
            }
        },
        Subject::AgentVersion => Typed::Version(Version::parse(&text).ok_or_else(|| {
            QueryError::at(
                span,
                format!("`{text}` is not an agent version; write dotted numbers such as `1.14.5`"),
            )
        })?),
        Subject::RegisteredAt => Typed::Instant(parse_date(&text).map_err(|why| {
            QueryError::at(
                span,
                format!(
                    "`{text}` is not a date: {why}; write `2018-06-18`, `2018-06-18T22:28:28`, \
                     `2018-06-18T22:28:28Z` or `2018-06-18T22:28:28+00:00`"
                ),
            )
        })?),
        Subject::RunningTasksCount => Typed::Count(parse_count(&text).ok_or_else(|| {
            QueryError::at(
                span,
                format!("`runningTasksCount` compares with a whole number such as 1, not `{text}`"),
            )
        })?),
    };
    Ok(Literal { text, span, typed })
}

fn parse_count(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// The documented date forms, strictly (plus fractional seconds), as epoch seconds.
fn parse_date(text: &str) -> Result<f64, String> {
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let byte = |i: usize| text.as_bytes().get(i).copied();
    let shape = "the form is YYYY-MM-DD with an optional Thh:mm:ss and offset";
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(shape.to_owned());
    };
    if byte(4) != Some(b'-') || byte(7) != Some(b'-') {
        return Err(shape.to_owned());
    }
    if !(1..=12).contains(&month) {
        return Err(format!("there is no month {month}"));
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if day == 0 || day > days {
        return Err(format!("month {month} of {year} has {days} days"));
    }
    if text.len() > 10 {
        check_time(text)?;
    }
    parse_timestamp(text).ok_or_else(|| shape.to_owned())
}

/// `Thh:mm:ss[.fff][Z|±hh:mm]` after the date.
fn check_time(text: &str) -> Result<(), String> {
    let shape = "the time is Thh:mm:ss, then optionally Z or an offset such as +00:00";
    let number = |range: std::ops::Range<usize>, max: u32| -> Result<(), String> {
        match text.get(range) {
            Some(part) if part.bytes().all(|b| b.is_ascii_digit()) => match part.parse::<u32>() {
                Ok(n) if n <= max => Ok(()),
                Ok(n) => Err(format!("{n} is out of range (at most {max})")),
                Err(_) => Err(shape.to_owned()),
            },
            _ => Err(shape.to_owned()),
        }
    };
    let byte = |i: usize| text.as_bytes().get(i).copied();
    if byte(10) != Some(b'T') || byte(13) != Some(b':') || byte(16) != Some(b':') {
        return Err(shape.to_owned());
    }
    number(11..13, 23)?;
    number(14..16, 59)?;
    number(17..19, 59)?;
    let mut zone = text.get(19..).unwrap_or_default();
    if let Some(fraction) = zone.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(shape.to_owned());
        }
        zone = fraction.get(digits..).unwrap_or_default();
    }
    match zone.as_bytes() {
        [] | [b'Z'] => Ok(()),
        [b'+' | b'-', h1, h2, b':', m1, m2]
            if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()) =>
        {
            let offset = zone.get(1..).unwrap_or_default();
            let hours: u32 = offset.get(..2).and_then(|h| h.parse().ok()).unwrap_or(99);
            let minutes: u32 = offset.get(3..).and_then(|m| m.parse().ok()).unwrap_or(99);
            if hours <= 23 && minutes <= 59 {
                Ok(())
            } else {
                Err(format!("the offset {zone} is out of range"))
            }
        }
        _ => Err(shape.to_owned()),
    }
}

fn compile_pattern(source: String, span: Span) -> Result<Pattern, QueryError> {
    let build = |pattern: &str| {
        RegexBuilder::new(pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .nest_limit(REGEX_NEST_LIMIT)
            .build()
    };
    if posix_class(&source) {
        return Err(QueryError::at(
            span,
            format!(
                "`{source}`: Java reads a POSIX class such as `[[:alpha:]]` as the characters \
                 in it (`:alph`); write them out instead, such as `[a-zA-Z]`"
            ),
        ));
    }
    if possessive_quantifier(&source) {
        return Err(QueryError::at(
            span,
            format!(
                "`{source}` is not a valid regular expression here: possessive quantifiers \
                 (`*+`, `++`, `?+`, `{{n}}+`) are Java-only; drop the last `+`"
            ),
        ));
    }
    // Check the pattern alone first: `a)|(b` must not close the anchoring group.
    let anchored = build(&source).and_then(|_| build(&format!("^(?:{source})$")));
    match anchored {
        Ok(regex) => Ok(Pattern {
            source,
            span,
            regex,
        }),
        Err(error) => {
            let why = error.to_string();
            let note = if ["not supported", "unsupported", "unrecognized"]
                .iter()
                .any(|w| why.contains(w))
            {
                " (muster checks regexes with a linear-time engine: no look-around, \
                 backreferences, atomic groups, possessive quantifiers, \\Q..\\E or \\p{..} \
                 classes)"
            } else {
                ""
            };
            Err(QueryError::at(
                span,
                format!("`{source}` is not a valid regular expression: {why}{note}"),
            ))
        }
    }
}

/// A POSIX class such as `[:alpha:]` (not escaped): regex-lite reads it as the class, Java as a
/// nested set of its characters, so the two would match different values.
fn posix_class(pattern: &str) -> bool {
    let bytes = pattern.as_bytes();
    bytes.windows(2).enumerate().any(|(i, pair)| {
        let escaped = i > 0 && bytes.get(i - 1) == Some(&b'\\');
        let rest = bytes.get(i + 2..).unwrap_or_default();
        let name = rest.iter().take_while(|b| b.is_ascii_lowercase()).count();
        pair == b"[:" && !escaped && name > 0 && rest.get(name..name + 2) == Some(b":]".as_slice())
    })
}

/// Java's possessive quantifiers (`a*+`, `a{2}+`) parse in regex-lite as a repetition of a
/// repetition, which matches differently (`a*+a` never matches in Java), so they are refused.
fn possessive_quantifier(pattern: &str) -> bool {
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    let mut previous = None;
    let mut after_quantifier = false;
    while let Some(c) = chars.next() {
        if c == '\\' {
            // `\p{L}`, `\P{..}` and `\x{..}` are one atom: their braces are no `{n}` quantifier.
            if matches!(chars.next(), Some('p' | 'P' | 'x')) && chars.next_if_eq(&'{').is_some() {
                for inner in chars.by_ref() {
                    if inner == '}' {
                        break;
                    }
                }
            }
            (previous, after_quantifier) = (Some('a'), false);
            continue;
        }
        if in_class {
            in_class = c != ']';
            continue;
        }
        if c == '+' && after_quantifier {
            return true;
        }
        if c == '[' {
            in_class = true;
            // A `]` first in a class (after an optional `^`) is literal.
            chars.next_if_eq(&'^');
            chars.next_if_eq(&']');
        }
        after_quantifier =
            matches!(c, '*' | '+' | '}') || (c == '?' && !matches!(previous, Some('(' | '?')));
        previous = Some(c);
    }
    false
}

/// Levenshtein distance, for "did you mean".
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != *cb));
            let delete = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insert = current.last().map_or(usize::MAX, |d| d + 1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// The candidate equal ignoring case, else the nearest within a couple of edits.
fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    if word.is_empty() || word.chars().count() > 64 {
        return None;
    }
    if let Some(same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(word)) {
        return Some(same);
    }
    let lower = word.to_ascii_lowercase();
    let limit = if word.chars().count() < 5 { 1 } else { 2 };
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

fn suggest_subject(word: &str) -> Option<String> {
    if let Some((prefix, rest)) = word.split_once(':') {
        if !rest.is_empty() && closest(prefix, &["attribute"]).is_some() {
            return Some(format!("attribute:{rest}"));
        }
    }
    let mut candidates = SUBJECT_NAMES.to_vec();
    candidates.extend(["not", "attribute"]);
    if let Some(name) = closest(word, &candidates) {
        return Some(if name == "attribute" {
            "attribute:NAME".to_owned()
        } else {
            name.to_owned()
        });
    }
    let plain_name = word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '\\'));
    plain_name.then(|| format!("attribute:{word}"))
}

// ---------------------------------------------------------------------------------------------
// Evaluation

/// A subject's value on one instance, as a literal compares with it.
#[derive(Clone, Copy)]
enum Candidate<'a> {
    Text(&'a str),
    Bool(bool),
    Version(&'a str),
    Instant(f64),
    Count(u64),
}

impl<'a> Candidate<'a> {
    /// The text a regex sees.
    fn text(self) -> Option<&'a str> {
        match self {
            Self::Text(s) | Self::Version(s) => Some(s),
            Self::Bool(true) => Some("true"),
            Self::Bool(false) => Some("false"),
            Self::Instant(_) | Self::Count(_) => None,
        }
    }
}

impl Literal {
    fn equals(&self, candidate: Candidate<'_>) -> bool {
        match (&self.typed, candidate) {
            (Typed::Text, Candidate::Text(value)) => value == self.text,
            (Typed::Bool(b), Candidate::Bool(value)) => *b == value,
            (Typed::Version(v), Candidate::Version(value)) => {
                Version::parse(value).map_or(value == self.text, |parsed| parsed.compare(v).is_eq())
            }
            (Typed::Instant(t), Candidate::Instant(value)) => {
                (value.floor() - t.floor()).abs() < 0.5
            }
            (Typed::Count(n), Candidate::Count(value)) => *n == value,
            _ => false,
        }
    }

    /// How the instance's value orders against this literal.
    fn order(&self, candidate: Candidate<'_>) -> Option<Ordering> {
        match (&self.typed, candidate) {
            (Typed::Text, Candidate::Text(value)) => Some(loose_compare(value, &self.text)),
            (Typed::Version(v), Candidate::Version(value)) => {
                Version::parse(value).map(|parsed| parsed.compare(v))
            }
            (Typed::Instant(t), Candidate::Instant(value)) => value.floor().partial_cmp(&t.floor()),
            (Typed::Count(n), Candidate::Count(value)) => Some(value.cmp(n)),
            _ => None,
        }
    }
}

/// A plain decimal: `-?\d+(\.\d+)?`.
fn decimal(text: &str) -> Option<f64> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(whole) && all_digits(fraction) {
        crate::text::parse_decimal(text)
    } else {
        None
    }
}

/// Numbers as numbers, versions as versions, anything else as strings.
fn loose_compare(a: &str, b: &str) -> Ordering {
    if let (Some(x), Some(y)) = (decimal(a), decimal(b)) {
        return x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    }
    if let (Some(x), Some(y)) = (Version::parse(a), Version::parse(b)) {
        return x.compare(&y);
    }
    a.cmp(b)
}

impl Predicate {
    /// Whether the instance satisfies this predicate.
    pub fn evaluate(&self, facts: &dyn Facts) -> bool {
        let (positive, negated) = self.operator.split();
        self.holds(positive, facts) != negated
    }

    /// The positive operator's result: false whenever the value is absent.
    fn holds(&self, operator: Operator, facts: &dyn Facts) -> bool {
        let exists = operator == Operator::Exists;
        match &self.subject {
            Subject::Attribute(name) => match facts.attribute(name) {
                None => false,
                Some(_) if exists => true,
                Some(value) => value.is_some_and(|v| self.test(operator, Candidate::Text(v))),
            },
            Subject::TaskGroup => {
                let groups = facts.task_groups();
                if exists {
                    !groups.is_empty()
                } else {
                    groups
                        .into_iter()
                        .any(|group| self.test(operator, Candidate::Text(group)))
                }
            }
            Subject::AgentConnected => {
                self.test(operator, Candidate::Bool(facts.agent_connected()))
            }
            Subject::AgentVersion => facts
                .agent_version()
                .is_some_and(|v| self.test(operator, Candidate::Version(v))),
            Subject::Ec2InstanceId => facts
                .ec2_instance_id()
                .is_some_and(|id| self.test(operator, Candidate::Text(id))),
            Subject::RegisteredAt => facts
                .registered_at()
                .is_some_and(|t| self.test(operator, Candidate::Instant(t))),
            Subject::RunningTasksCount => {
                self.test(operator, Candidate::Count(facts.running_tasks_count()))
            }
        }
    }

    fn test(&self, operator: Operator, candidate: Candidate<'_>) -> bool {
        match (&self.argument, operator) {
            (Argument::Value(value), Operator::Equals) => value.equals(candidate),
            (Argument::Value(value), Operator::GreaterThan) => {
                value.order(candidate) == Some(Ordering::Greater)
            }
            (Argument::Value(value), Operator::GreaterThanEqual) => {
                matches!(
                    value.order(candidate),
                    Some(Ordering::Greater | Ordering::Equal)
                )
            }
            (Argument::Value(value), Operator::LessThan) => {
                value.order(candidate) == Some(Ordering::Less)
            }
            (Argument::Value(value), Operator::LessThanEqual) => {
                matches!(
                    value.order(candidate),
                    Some(Ordering::Less | Ordering::Equal)
                )
            }
            (Argument::List { items, .. }, Operator::In) => {
                items.iter().any(|item| item.equals(candidate))
            }
            (Argument::Pattern(pattern), Operator::Matches) => {
                candidate.text().is_some_and(|text| pattern.matches(text))
            }
            _ => false,
        }
    }

    fn to_json(&self) -> Value {
        let mut subject = json!({ "kind": self.subject.kind() });
        if let (Subject::Attribute(name), Value::Object(map)) = (&self.subject, &mut subject) {
            map.insert("name".to_owned(), Value::String(name.clone()));
        }
        if let Value::Object(map) = &mut subject {
            map.insert("column".to_owned(), self.subject_span.column().into());
            map.insert(
                "endColumn".to_owned(),
                self.subject_span.end_column().into(),
            );
        }
        let mut node = json!({
            "type": "predicate",
            "subject": subject,
            "operator": self.operator.symbol(),
        });
        if let Value::Object(map) = &mut node {
            match &self.argument {
                Argument::None => {}
                Argument::Value(value) => {
                    map.insert("value".to_owned(), Value::String(value.text.clone()));
                }
                Argument::Pattern(pattern) => {
                    map.insert("value".to_owned(), Value::String(pattern.source.clone()));
                }
                Argument::List { items, .. } => {
                    let values = items
                        .iter()
                        .map(|i| Value::String(i.text.clone()))
                        .collect();
                    map.insert("values".to_owned(), Value::Array(values));
                }
            }
            map.insert("column".to_owned(), self.span.column().into());
            map.insert("endColumn".to_owned(), self.span.end_column().into());
        }
        node
    }
}

impl Node {
    /// The source span, including enclosing parentheses.
    pub fn span(&self) -> Span {
        match self {
            Self::Or { span, .. } | Self::And { span, .. } | Self::Not { span, .. } => *span,
            Self::Predicate(p) => p.span,
        }
    }

    fn set_span(&mut self, new: Span) {
        match self {
            Self::Or { span, .. } | Self::And { span, .. } | Self::Not { span, .. } => *span = new,
            Self::Predicate(p) => p.span = new,
        }
    }

    /// The predicate that ends this node's text.
    fn last_predicate(&self) -> Option<&Predicate> {
        match self {
            Self::Or { operands, .. } | Self::And { operands, .. } => {
                operands.last().and_then(Self::last_predicate)
            }
            Self::Not { operand, .. } => operand.last_predicate(),
            Self::Predicate(p) => Some(p),
        }
    }

    /// Whether the instance satisfies this node.
    pub fn evaluate(&self, facts: &dyn Facts) -> bool {
        match self {
            Self::Or { operands, .. } => operands.iter().any(|n| n.evaluate(facts)),
            Self::And { operands, .. } => operands.iter().all(|n| n.evaluate(facts)),
            Self::Not { operand, .. } => !operand.evaluate(facts),
            Self::Predicate(p) => p.evaluate(facts),
        }
    }

    fn is_dynamic(&self) -> bool {
        match self {
            Self::Or { operands, .. } | Self::And { operands, .. } => {
                operands.iter().any(Self::is_dynamic)
            }
            Self::Not { operand, .. } => operand.is_dynamic(),
            Self::Predicate(p) => p.subject.is_dynamic(),
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Self::Or { operands, span } => binary_json("or", operands, *span),
            Self::And { operands, span } => binary_json("and", operands, *span),
            Self::Not { operand, span } => json!({
                "type": "not",
                "operand": operand.to_json(),
                "column": span.column(),
                "endColumn": span.end_column(),
            }),
            Self::Predicate(p) => p.to_json(),
        }
    }
}

/// A flat chain as left-nested binary nodes; the outermost takes the chain's own span.
fn binary_json(kind: &str, operands: &[Node], span: Span) -> Value {
    let mut iter = operands.iter();
    let Some(first) = iter.next() else {
        return Value::Null;
    };
    let start = first.span().start;
    let mut tree = first.to_json();
    let mut rest = iter.peekable();
    while let Some(next) = rest.next() {
        let here = if rest.peek().is_some() {
            Span::new(start, next.span().end)
        } else {
            span
        };
        tree = json!({
            "type": kind,
            "left": tree,
            "right": next.to_json(),
            "column": here.column(),
            "endColumn": here.end_column(),
        });
    }
    tree
}

impl Expression {
    /// Whether the instance satisfies the expression.
    pub fn evaluate(&self, facts: &dyn Facts) -> bool {
        self.root.evaluate(facts)
    }

    /// True when the result can change as tasks are placed (mentions task:group or
    /// runningTasksCount), so callers can cache static results per instance.
    pub fn is_dynamic(&self) -> bool {
        self.root.is_dynamic()
    }

    /// The root of the syntax tree.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The source length in chars.
    pub fn source_length(&self) -> usize {
        self.length
    }

    /// The syntax tree as JSON, for the npm `parseClusterQuery` export. Every node carries
    /// `column` and `endColumn`: 1-based char columns, `endColumn` just past the node's text
    /// (which includes any parentheses around it).
    ///
    /// ```text
    /// {"type":"or"|"and", "left":NODE, "right":NODE, ...}   a chain is left-nested: a and b and c
    ///                                                        = and(and(a, b), c)
    /// {"type":"not", "operand":NODE, ...}
    /// {"type":"predicate",
    ///  "subject":{"kind":"attribute","name":"ecs.instance-type","column":1,"endColumn":28},
    ///  "operator":"==",            always the symbol form: == != > >= < <= exists !exists in !in =~ !~
    ///  "value":"t2.small",         comparisons and =~ / !~ (the regex as written); absent for exists
    ///  "values":["a","b"],         in / !in, instead of "value"
    ///  "column":1, "endColumn":40}
    /// ```
    ///
    /// Subject kinds: `attribute` (with `name`), `taskGroup`, `agentConnected`, `agentVersion`,
    /// `ec2InstanceId`, `registeredAt`, `runningTasksCount`. Values are always strings, quotes
    /// removed. Parentheses leave no node.
    pub fn to_json(&self) -> Value {
        self.root.to_json()
    }
}

impl Serialize for Expression {
    /// The same tree as [`Expression::to_json`], so there is one JSON shape.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

// ---------------------------------------------------------------------------------------------
// Canonical text

/// A value as it must be written to parse back: bare when possible, else quoted.
fn render_value(text: &str) -> String {
    let bare = text.chars().next().is_some_and(is_word_char)
        && !text
            .chars()
            .any(|c| c.is_whitespace() || DELIMITERS.contains(&c))
        && !text.contains("&&")
        && !text.contains("||");
    if bare {
        text.to_owned()
    } else if text.contains('\'') {
        format!("\"{text}\"")
    } else {
        format!("'{text}'")
    }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.subject, self.operator.symbol())?;
        match &self.argument {
            Argument::None => Ok(()),
            Argument::Value(value) => write!(f, " {}", render_value(&value.text)),
            Argument::Pattern(pattern) => write!(f, " {}", render_value(&pattern.source)),
            Argument::List { items, .. } => {
                let items: Vec<String> = items.iter().map(|i| render_value(&i.text)).collect();
                write!(f, " [{}]", items.join(", "))
            }
        }
    }
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let chained = |f: &mut fmt::Formatter<'_>, operands: &[Node], and: bool| {
            for (i, operand) in operands.iter().enumerate() {
                if i > 0 {
                    f.write_str(if and { " and " } else { " or " })?;
                }
                // Keep the tree's shape: nested chains come from parentheses.
                let parens = match operand {
                    Node::Or { .. } => true,
                    Node::And { .. } => and,
                    _ => false,
                };
                if parens {
                    write!(f, "({operand})")?;
                } else {
                    write!(f, "{operand}")?;
                }
            }
            Ok(())
        };
        match self {
            Self::Or { operands, .. } => chained(f, operands, false),
            Self::And { operands, .. } => chained(f, operands, true),
            Self::Not { operand, .. } => match **operand {
                Self::Or { .. } | Self::And { .. } => write!(f, "not ({operand})"),
                _ => write!(f, "not {operand}"),
            },
            Self::Predicate(p) => p.fmt(f),
        }
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use proptest::prelude::*;
    use serde_json::json;

    use super::*;

    /// A hand-built container instance.
    #[derive(Debug, Clone, Default)]
    struct Host {
        attributes: Vec<(String, Option<String>)>,
        connected: bool,
        version: Option<String>,
        ec2: Option<String>,
        registered: Option<f64>,
        running: u64,
        groups: Vec<String>,
    }

    impl Host {
        fn new() -> Self {
            Self {
                connected: true,
                ..Self::default()
            }
        }
        fn attr(mut self, name: &str, value: &str) -> Self {
            self.attributes.push((name.into(), Some(value.into())));
            self
        }
        fn flag(mut self, name: &str) -> Self {
            self.attributes.push((name.into(), None));
            self
        }
        fn version(mut self, version: &str) -> Self {
            self.version = Some(version.into());
            self
        }
        fn ec2(mut self, id: &str) -> Self {
            self.ec2 = Some(id.into());
            self
        }
        fn registered(mut self, date: &str) -> Self {
            self.registered = Some(parse_timestamp(date).unwrap());
            self
        }
        fn running(mut self, count: u64) -> Self {
            self.running = count;
            self
        }
        fn groups(mut self, groups: &[&str]) -> Self {
            self.groups = groups.iter().map(|g| (*g).to_owned()).collect();
            self
        }
        fn disconnected(mut self) -> Self {
            self.connected = false;
            self
        }
    }

    impl Facts for Host {
        fn attribute(&self, name: &str) -> Option<Option<&str>> {
            self.attributes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_deref())
        }
        fn agent_connected(&self) -> bool {
            self.connected
        }
        fn agent_version(&self) -> Option<&str> {
            self.version.as_deref()
        }
        fn ec2_instance_id(&self) -> Option<&str> {
            self.ec2.as_deref()
        }
        fn registered_at(&self) -> Option<f64> {
            self.registered
        }
        fn running_tasks_count(&self) -> u64 {
            self.running
        }
        fn task_groups(&self) -> Vec<&str> {
            self.groups.iter().map(String::as_str).collect()
        }
    }

    fn eval(text: &str, host: &Host) -> bool {
        parse(text)
            .unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
            .evaluate(host)
    }

    fn error(text: &str) -> QueryError {
        match parse(text) {
            Ok(e) => panic!("{text:?} should not parse, got {e}"),
            Err(e) => e,
        }
    }

    /// Asserts the error's column and that its message contains `needle`.
    fn assert_error(text: &str, column: usize, needle: &str) -> QueryError {
        let e = error(text);
        assert_eq!(e.column, column, "{text:?}: {e}");
        assert!(e.message.contains(needle), "{text:?}: {e} lacks {needle:?}");
        assert!(e.end_column >= e.column);
        e
    }

    // ---- Every verbatim example of the AWS page, matching and not -------------------------

    #[test]
    fn example_instance_type_equals() {
        let q = "attribute:ecs.instance-type == t2.small";
        assert!(eval(q, &Host::new().attr("ecs.instance-type", "t2.small")));
        assert!(!eval(
            q,
            &Host::new().attr("ecs.instance-type", "t2.medium")
        ));
        assert!(!eval(q, &Host::new()));
    }

    #[test]
    fn example_availability_zone_in() {
        let q = "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]";
        assert!(eval(
            q,
            &Host::new().attr("ecs.availability-zone", "us-east-1b")
        ));
        assert!(!eval(
            q,
            &Host::new().attr("ecs.availability-zone", "us-east-1d")
        ));
    }

    #[test]
    fn example_regex_and_not_equals() {
        let q =
            "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d";
        let host = |t, z| {
            Host::new()
                .attr("ecs.instance-type", t)
                .attr("ecs.availability-zone", z)
        };
        assert!(eval(q, &host("g2.2xlarge", "us-east-1a")));
        assert!(!eval(q, &host("g2.2xlarge", "us-east-1d")));
        assert!(!eval(q, &host("t2.small", "us-east-1a")));
    }

    #[test]
    fn example_task_group_equals() {
        let q = "task:group == service:production";
        assert!(eval(
            q,
            &Host::new().groups(&["family:nginx", "service:production"])
        ));
        assert!(!eval(q, &Host::new().groups(&["service:staging"])));
        assert!(!eval(q, &Host::new()));
    }

    #[test]
    fn example_not_task_group() {
        let q = "not(task:group == database)";
        assert!(eval(q, &Host::new()));
        assert!(eval(q, &Host::new().groups(&["web"])));
        assert!(!eval(q, &Host::new().groups(&["web", "database"])));
    }

    #[test]
    fn example_running_tasks_count() {
        let q = "runningTasksCount == 1";
        assert!(eval(q, &Host::new().running(1)));
        assert!(!eval(q, &Host::new().running(0)));
    }

    #[test]
    fn example_agent_version_less_than() {
        let q = "agentVersion < 1.14.5";
        assert!(eval(q, &Host::new().version("1.9.0")));
        assert!(!eval(q, &Host::new().version("1.14.5")));
        assert!(!eval(q, &Host::new().version("1.20.0")));
        assert!(!eval(q, &Host::new()));
    }

    #[test]
    fn example_registered_at_less_than() {
        let q = "registeredAt < 2018-02-13";
        assert!(eval(q, &Host::new().registered("2018-02-12T23:59:59Z")));
        assert!(!eval(q, &Host::new().registered("2018-02-13T00:00:00Z")));
        assert!(!eval(q, &Host::new()));
    }

    #[test]
    fn example_ec2_instance_id_in_quoted_list() {
        let q = "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']";
        assert!(eval(q, &Host::new().ec2("i-wxyx7890")));
        assert!(!eval(q, &Host::new().ec2("i-00000000")));
        assert!(!eval(q, &Host::new()));
    }

    #[test]
    fn example_stack_not_equals_includes_untagged() {
        let q = "attribute:stack != prod";
        assert!(eval(q, &Host::new().attr("stack", "staging")));
        assert!(eval(q, &Host::new()));
        assert!(!eval(q, &Host::new().attr("stack", "prod")));
    }

    #[test]
    fn example_parentheses_set_precedence() {
        let q = "(attribute:a exists or attribute:b exists) and attribute:c exists";
        assert!(eval(q, &Host::new().flag("b").flag("c")));
        assert!(!eval(q, &Host::new().flag("a")));
    }

    // ---- Syntax ------------------------------------------------------------------------------

    #[test]
    fn not_binds_tighter_than_and_tighter_than_or() {
        let a = Host::new().flag("a");
        // a or (b and c)
        assert!(eval(
            "attribute:a exists or attribute:b exists and attribute:c exists",
            &a
        ));
        // (not a) and b
        assert!(!eval(
            "not attribute:a exists and attribute:b exists",
            &Host::new()
        ));
        assert!(eval(
            "not attribute:a exists and attribute:b exists",
            &Host::new().flag("b")
        ));
        let tree = parse("attribute:a exists or attribute:b exists and attribute:c exists")
            .unwrap()
            .to_json();
        assert_eq!(tree["type"], "or");
        assert_eq!(tree["right"]["type"], "and");
    }

    #[test]
    fn chains_are_left_nested_in_json() {
        let tree = parse("attribute:a exists and attribute:b exists and attribute:c exists")
            .unwrap()
            .to_json();
        assert_eq!(tree["type"], "and");
        assert_eq!(tree["left"]["type"], "and");
        assert_eq!(tree["right"]["subject"]["name"], "c");
        assert_eq!(tree["left"]["column"], 1);
        assert_eq!(tree["left"]["endColumn"], 42);
        assert_eq!(tree["endColumn"], 65);
    }

    #[test]
    fn word_and_symbol_forms_are_the_same() {
        let pairs = [
            ("attribute:a == b", "attribute:a equals b"),
            ("attribute:a != b", "attribute:a not_equals b"),
            ("attribute:a > 1", "attribute:a greater_than 1"),
            ("attribute:a >= 1", "attribute:a greater_than_equal 1"),
            ("attribute:a < 1", "attribute:a less_than 1"),
            ("attribute:a <= 1", "attribute:a less_than_equal 1"),
            ("attribute:a !exists", "attribute:a not_exists"),
            ("attribute:a !in [b]", "attribute:a not_in [b]"),
            ("attribute:a =~ b", "attribute:a matches b"),
            ("attribute:a !~ b", "attribute:a not_matches b"),
            (
                "attribute:a exists && attribute:b exists || !attribute:c exists",
                "attribute:a exists and attribute:b exists or not attribute:c exists",
            ),
        ];
        for (symbol, word) in pairs {
            let (s, w) = (parse(symbol).unwrap(), parse(word).unwrap());
            assert_eq!(s.to_string(), w.to_string(), "{symbol} / {word}");
        }
    }

    #[test]
    fn spaces_are_optional_around_symbols() {
        let host = Host::new().attr("a", "b").running(1);
        assert!(eval("attribute:a==b&&runningTasksCount<2", &host));
        assert!(eval("attribute:a!=c||task:group exists", &host));
        assert!(eval("!(attribute:a==c)", &host));
        assert!(eval("not(attribute:a==c)", &host));
        assert!(eval("attribute:a in[b,c]", &host));
        assert!(eval("attribute:a=~'b'&&attribute:a!~c", &host));
    }

    #[test]
    fn not_forms_nest() {
        let host = Host::new().flag("a");
        assert!(eval("not not attribute:a exists", &host));
        assert!(eval("!!attribute:a exists", &host));
        assert!(eval("! attribute:b exists", &host));
        assert!(!eval(
            "not (attribute:a exists or attribute:b exists)",
            &host
        ));
    }

    #[test]
    fn keywords_are_case_sensitive_with_a_suggestion() {
        assert_error(
            "attribute:a exists AND attribute:b exists",
            20,
            "keywords are lowercase: `and`",
        );
        assert_error("attribute:a EQUALS b", 13, "did you mean `equals`?");
        assert_error("attribute:a IN [b]", 13, "did you mean `in`?");
        assert_error("NOT attribute:a exists", 1, "did you mean `not`?");
        let e = assert_error(
            "AgentConnected == true",
            1,
            "did you mean `agentConnected`?",
        );
        assert_eq!(e.end_column, 15);
    }

    #[test]
    fn unknown_subjects_point_at_the_subject_with_suggestions() {
        assert_error("agentconnected == true", 1, "`agentConnected`");
        assert_error("runingTasksCount == 1", 1, "`runningTasksCount`");
        assert_error("attributes:stack == prod", 1, "`attribute:stack`");
        assert_error(
            "ecs.instance-type == t2.small",
            1,
            "`attribute:ecs.instance-type`",
        );
        assert_error("task:groups == x", 1, "`task:group`");
        assert_error(
            "attribute:a exists and foo:bar == 1",
            24,
            "unknown subject `foo:bar`",
        );
    }

    #[test]
    fn attribute_names_follow_ecs_rules() {
        assert!(parse(r"attribute:a-b_c.d/e\f exists").is_ok());
        assert_error("attribute:a@b exists", 12, "`@` cannot appear");
        assert_error("attribute: exists", 1, "needs a name");
        let long = format!("attribute:{} exists", "a".repeat(129));
        assert_error(&long, 1, "at most 128");
    }

    #[test]
    fn operators_outside_the_documented_lists_are_rejected() {
        let e = assert_error("agentConnected > true", 16, "does not take `>`");
        assert!(e.message.contains("`==`, `!=`, `in`, `!in`, `=~` and `!~`"));
        assert_error("agentVersion =~ x", 14, "does not take `=~`");
        assert_error("agentVersion in [1.0.0]", 14, "does not take `in`");
        assert_error("runningTasksCount in [1]", 19, "does not take `in`");
        assert_error("registeredAt exists", 14, "does not take `exists`");
        assert_error("ec2InstanceId > i-1", 15, "does not take `>`");
        assert_error(
            "ec2InstanceId greater_than i-1",
            15,
            "does not take `greater_than`",
        );
        // attribute:* and task:group take everything.
        for op in Operator::ALL {
            let arg = match op.argument_kind() {
                ArgumentKind::None => "",
                ArgumentKind::List => " [a]",
                _ => " a",
            };
            assert!(parse(&format!("attribute:x {}{arg}", op.symbol())).is_ok());
            assert!(parse(&format!("task:group {}{arg}", op.word())).is_ok());
        }
    }

    #[test]
    fn operator_errors() {
        assert_error("attribute:a = b", 13, "did you mean `==`?");
        assert_error("attribute:a ! in [b]", 13, "without a space");
        assert_error("attribute:a !foo b", 13, "`!foo` is not an operator");
        assert_error("attribute:a", 12, "found the end of the expression");
        assert_error("attribute:a contains b", 13, "operators are");
        assert_error(
            "attribute:a === b",
            15,
            "expected a value after `==`, found `=`",
        );
        assert_error("attribute:a == [b]", 16, "only `in` and `!in` take a list");
        assert_error("attribute:a in b", 16, "takes a list such as `[b]`");
    }

    #[test]
    fn values_bare_single_and_double_quoted() {
        let host = Host::new()
            .attr("a", "x y")
            .attr("q", "it's")
            .attr("b", "[c]");
        assert!(eval("attribute:a == 'x y'", &host));
        assert!(eval("attribute:a == \"x y\"", &host));
        assert!(eval("attribute:q == \"it's\"", &host));
        assert!(eval("attribute:b in ['a, b', \"[c]\"]", &host));
        assert!(!eval("attribute:a == ''", &host));
        assert!(eval("attribute:a != ''", &host));
        let e = assert_error("attribute:a == x y", 18, "quote values that contain spaces");
        assert!(e.message.contains("'x y'"));
    }

    #[test]
    fn unclosed_things_point_at_their_opening() {
        let e = assert_error("attribute:a == 'abc", 16, "never closed");
        assert_eq!(e.end_column, 20);
        assert_error("(attribute:a exists", 1, "`(` at column 1 is never closed");
        assert_error(
            "attribute:a exists and (attribute:b exists or (attribute:c exists)",
            24,
            "never closed",
        );
        assert_error(
            "attribute:a in [b, c",
            16,
            "`[` at column 16 is never closed",
        );
        assert_error("attribute:a in [b c]", 19, "expected `,` or `]`");
        assert_error("attribute:a in []", 16, "empty list");
        assert_error("attribute:a in [b,]", 19, "expected a value after `,`");
        assert_error("attribute:a exists)", 19, "no matching `(`");
        assert_error("()", 2, "empty parentheses");
    }

    #[test]
    fn trailing_garbage_and_missing_operands() {
        assert_error("attribute:a exists foo", 20, "`exists` takes no value");
        assert_error("attribute:a exists and", 23, "after `and`, found the end");
        assert_error(
            "attribute:a exists or or attribute:b exists",
            23,
            "after `or`, found `or`",
        );
        assert_error("and attribute:a exists", 1, "expected a condition");
        assert_error(
            "attribute:a exists &&& attribute:b exists",
            22,
            "expected a condition",
        );
        assert_error(
            "(attribute:a exists attribute:b exists)",
            21,
            "expected `and`, `or` or `)`",
        );
        assert_error("not", 4, "after `not`, found the end");
    }

    #[test]
    fn empty_and_too_long() {
        assert_error("", 1, "empty");
        let e = assert_error("  \t ", 1, "empty");
        assert_eq!(e.end_column, 5);
        let at_limit = format!("attribute:a == {}", "x".repeat(MAX_EXPRESSION_LENGTH - 15));
        assert_eq!(at_limit.chars().count(), MAX_EXPRESSION_LENGTH);
        assert!(parse(&at_limit).is_ok());
        let over = format!("{at_limit}x");
        let e = assert_error(&over, 2001, "2001 characters long");
        assert_eq!(e.end_column, 2002);
        // Characters, not bytes.
        let wide = format!("attribute:a == '{}'", "é".repeat(1900));
        assert!(parse(&wide).is_ok());
    }

    #[test]
    fn huge_input_fails_fast() {
        let start = Instant::now();
        let huge = "(".repeat(10_000);
        assert_error(&huge, 2001, "at most 2000");
        let huge = format!("attribute:a == {}", "(".repeat(10_000));
        assert_error(&huge, 2001, "at most 2000");
        assert!(start.elapsed() < Duration::from_millis(200));
    }

    #[test]
    fn largest_inputs_parse_fast() {
        let fill = |unit: &str| {
            let mut text = unit.repeat(MAX_EXPRESSION_LENGTH / unit.len());
            text.truncate(MAX_EXPRESSION_LENGTH);
            text
        };
        let inputs = [
            fill("attribute:a==b&&"),
            fill("(!attribute:a exists||"),
            format!("attribute:a in [{}]", fill("x,")),
            format!("attribute:a =~ '{}'", fill("(a|b)*")),
            format!("attribute:a == '{}", fill("x")),
            fill("x"),
            fill("'"),
        ];
        let start = Instant::now();
        for input in &inputs {
            let input: String = input.chars().take(MAX_EXPRESSION_LENGTH).collect();
            let _ = parse(&input);
        }
        assert!(
            start.elapsed() < Duration::from_millis(500),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn nesting_is_bounded() {
        let nested = |n: usize| {
            format!(
                "{}attribute:a exists{} or attribute:b exists",
                "(".repeat(n),
                ")".repeat(n)
            )
        };
        assert!(parse(&nested(MAX_NESTING_DEPTH)).is_ok());
        assert_error(&nested(MAX_NESTING_DEPTH + 1), 101, "more than 100 nested");
        assert_error(&nested(900), 101, "more than 100 nested");
        assert_error(
            &format!("{}attribute:a exists", "!".repeat(1500)),
            101,
            "nested",
        );
        assert_error(
            &format!("{}attribute:a exists", "not ".repeat(400)),
            401,
            "nested",
        );
        assert!(parse(&format!("{}attribute:a exists", "!".repeat(100))).is_ok());
        // Long flat chains are not nesting.
        let chain = vec!["attribute:a==b"; 120].join("&&");
        assert!(parse(&chain).is_ok());
    }

    // ---- Values per subject -----------------------------------------------------------------

    #[test]
    fn agent_connected() {
        assert!(eval("agentConnected == true", &Host::new()));
        assert!(!eval("agentConnected == true", &Host::new().disconnected()));
        assert!(eval("agentConnected != true", &Host::new().disconnected()));
        assert!(eval(
            "agentConnected in [false]",
            &Host::new().disconnected()
        ));
        assert!(eval("agentConnected =~ tr.*", &Host::new()));
        assert!(eval("agentConnected !~ tr.*", &Host::new().disconnected()));
        assert_error("agentConnected == yes", 19, "`true` or `false`");
        assert_error("agentConnected == True", 19, "`true` or `false`");
        assert_error("agentConnected in [true, 1]", 26, "`true` or `false`");
    }

    #[test]
    fn running_tasks_count_is_a_number() {
        let host = Host::new().running(10);
        assert!(eval("runningTasksCount > 9", &host));
        assert!(eval("runningTasksCount >= 10", &host));
        assert!(!eval("runningTasksCount < 10", &host));
        assert!(eval("runningTasksCount <= 10", &host));
        assert!(eval("runningTasksCount != 2", &host));
        assert!(eval("runningTasksCount == 010", &host));
        assert_error("runningTasksCount > -1", 21, "whole number");
        assert_error("runningTasksCount == 1.5", 22, "whole number");
        assert_error("runningTasksCount == +1", 22, "whole number");
        assert_error(
            "runningTasksCount == 99999999999999999999999",
            22,
            "whole number",
        );
    }

    #[test]
    fn agent_version_compares_numerically() {
        let host = Host::new().version("1.14.5");
        assert!(!eval("agentVersion < 1.9.0", &host));
        assert!(eval("agentVersion > 1.9.0", &host));
        assert!(eval("agentVersion >= v1.14.5", &host));
        assert!(eval("agentVersion == 1.14.5", &host));
        assert!(eval("agentVersion == 1.14.5.0", &host));
        assert!(eval("agentVersion == 1.14", &Host::new().version("1.14.0")));
        assert!(eval("agentVersion < 1.100", &Host::new().version("1.99.9")));
        assert!(eval(
            "agentVersion > 1.2.3",
            &Host::new().version("v1.20.0")
        ));
        // An instance version that is not dotted numbers never orders.
        let odd = Host::new().version("1.2.3-beta");
        assert!(!eval("agentVersion < 9.0.0", &odd));
        assert!(!eval("agentVersion > 0.0.1", &odd));
        assert!(eval("agentVersion != 1.2.3", &odd));
        assert!(eval("agentVersion != 1.0.0", &Host::new()));
        assert_error("agentVersion < 1.x", 16, "not an agent version");
        assert_error("agentVersion < 1..2", 16, "not an agent version");
        assert_error("agentVersion < latest", 16, "not an agent version");
    }

    #[test]
    fn registered_at_accepts_the_documented_forms() {
        let host = Host::new().registered("2018-06-18T22:28:28Z");
        for form in [
            "2018-06-18T22:28:28+00:00",
            "2018-06-18T22:28:28Z",
            "2018-06-18T22:28:28",
            "2018-06-18T22:28:28.000Z",
        ] {
            assert!(eval(&format!("registeredAt == {form}"), &host), "{form}");
        }
        assert!(eval("registeredAt > 2018-06-18", &host));
        assert!(eval("registeredAt < 2018-06-19", &host));
        // Date-only is midnight UTC.
        let midnight = Host::new().registered("2018-06-18T00:00:00Z");
        assert!(eval("registeredAt == 2018-06-18", &midnight));
        assert!(eval("registeredAt >= 2018-06-18", &midnight));
        // Offsets move the instant: 22:28:28+02:00 is 20:28:28Z.
        assert!(eval("registeredAt > 2018-06-18T22:28:28+02:00", &host));
        assert!(eval("registeredAt < 2018-06-18T22:28:28-02:00", &host));
        // Every comparison is in whole seconds, so they agree with each other.
        let fractional = Host {
            registered: Some(parse_timestamp("2018-06-18T22:28:28Z").unwrap() + 0.731),
            ..Host::new()
        };
        for holds in ["==", ">=", "<="] {
            assert!(
                eval(
                    &format!("registeredAt {holds} 2018-06-18T22:28:28Z"),
                    &fractional
                ),
                "{holds}"
            );
        }
        for fails in ["!=", ">", "<"] {
            assert!(
                !eval(
                    &format!("registeredAt {fails} 2018-06-18T22:28:28Z"),
                    &fractional
                ),
                "{fails}"
            );
        }
        assert!(eval("registeredAt > 2018-06-18T22:28:27Z", &fractional));
        assert!(eval("registeredAt != 2018-06-18", &Host::new()));
        assert!(!eval("registeredAt < 2030-01-01", &Host::new()));
    }

    #[test]
    fn registered_at_rejects_invalid_dates_at_their_column() {
        assert_error(
            "registeredAt < 2018-02-30",
            16,
            "month 2 of 2018 has 28 days",
        );
        assert!(parse("registeredAt < 2020-02-29").is_ok());
        assert_error("registeredAt < 2018-13-01", 16, "no month 13");
        assert_error(
            "registeredAt < 2018-06-18T25:00:00",
            16,
            "25 is out of range",
        );
        assert_error("registeredAt < 2018-06-18T22:28", 16, "Thh:mm:ss");
        assert_error("registeredAt < '2018-06-18 22:28:28'", 16, "not a date");
        assert_error("registeredAt < 2018-06-18T22:28:28+0000", 16, "not a date");
        assert_error(
            "registeredAt < 2018-06-18T22:28:28+24:00",
            16,
            "out of range",
        );
        assert_error("registeredAt < 18-06-18", 16, "YYYY-MM-DD");
        assert_error("registeredAt < yesterday", 16, "not a date");
        assert_error("registeredAt < 2018-06-18T22:28:28.Z", 16, "not a date");
    }

    #[test]
    fn attribute_orderings_numbers_then_versions_then_strings() {
        let cores = Host::new().attr("cores", "16");
        assert!(eval("attribute:cores > 8", &cores));
        assert!(eval("attribute:cores < 16.5", &cores));
        assert!(eval("attribute:cores >= -3", &cores));
        let version = Host::new().attr("v", "1.14.5");
        assert!(eval("attribute:v > 1.9.0", &version));
        assert!(eval("attribute:v > 2", &Host::new().attr("v", "v10")));
        // Two parts read as a decimal number: 1.10 < 1.9 (documented).
        assert!(eval("attribute:v < 1.9", &Host::new().attr("v", "1.10")));
        assert!(eval("attribute:v > v1.9", &Host::new().attr("v", "v1.10")));
        let text = Host::new().attr("n", "c");
        assert!(eval("attribute:n > b", &text));
        assert!(eval("attribute:n <= c", &text));
        assert!(eval("attribute:n < 10", &text) == ("c" < "10"));
        // == is string equality: 1.0 is not 1.
        assert!(!eval("attribute:n == 1", &Host::new().attr("n", "1.0")));
        // Orderings on an absent attribute are false.
        assert!(!eval("attribute:missing > 1", &Host::new()));
        assert!(!eval("attribute:missing <= 1", &Host::new()));
    }

    #[test]
    fn absent_attributes() {
        let host = Host::new();
        assert!(!eval("attribute:a == x", &host));
        assert!(eval("attribute:a != x", &host));
        assert!(!eval("attribute:a in [x]", &host));
        assert!(eval("attribute:a !in [x]", &host));
        assert!(!eval("attribute:a =~ .*", &host));
        assert!(eval("attribute:a !~ .*", &host));
        assert!(!eval("attribute:a exists", &host));
        assert!(eval("attribute:a !exists", &host));
    }

    #[test]
    fn name_only_attributes_exist_without_a_value() {
        let host = Host::new().flag("ecs.capability.secrets.asm.environment-variables");
        let name = "attribute:ecs.capability.secrets.asm.environment-variables";
        assert!(eval(&format!("{name} exists"), &host));
        assert!(!eval(&format!("{name} not_exists"), &host));
        assert!(!eval(&format!("{name} == x"), &host));
        assert!(eval(&format!("{name} != x"), &host));
        assert!(!eval(&format!("{name} =~ '.*'"), &host));
        assert!(!eval(&format!("{name} in [x]"), &host));
    }

    #[test]
    fn task_group_any_and_none() {
        let host = Host::new().groups(&["service:web", "family:nginx"]);
        assert!(eval("task:group == family:nginx", &host));
        assert!(!eval("task:group != family:nginx", &host));
        assert!(eval("task:group != service:db", &host));
        assert!(eval("task:group in [service:db, service:web]", &host));
        assert!(!eval("task:group !in [service:db, service:web]", &host));
        assert!(eval("task:group =~ service:.*", &host));
        assert!(!eval("task:group !~ service:.*", &host));
        assert!(eval("task:group exists", &host));
        assert!(!eval("task:group exists", &Host::new()));
        assert!(eval("task:group !exists", &Host::new()));
        assert!(eval("task:group != x", &Host::new()));
        assert!(!eval("task:group == x", &Host::new()));
    }

    #[test]
    fn ec2_instance_id() {
        let host = Host::new().ec2("i-0abc");
        assert!(eval("ec2InstanceId == i-0abc", &host));
        assert!(eval("ec2InstanceId =~ 'i-0.*'", &host));
        assert!(eval("ec2InstanceId !in [i-1]", &host));
        // External instances have no EC2 instance ID.
        assert!(eval("ec2InstanceId != i-0abc", &Host::new()));
        assert!(eval("ec2InstanceId !~ '.*'", &Host::new()));
    }

    // ---- Regexes -----------------------------------------------------------------------------

    #[test]
    fn regexes_match_the_whole_value() {
        let host = Host::new().attr("t", "g2.2xlarge");
        assert!(!eval("attribute:t =~ g2", &host));
        assert!(eval("attribute:t =~ g2.*", &host));
        assert!(!eval("attribute:t =~ 2x", &host));
        assert!(eval("attribute:t =~ .*2x.*", &host));
        assert!(eval("attribute:t =~ '(?i)G2\\..*'", &host));
        // The pattern cannot escape the anchoring group.
        assert_error(
            "attribute:t =~ 'a)|(b'",
            16,
            "not a valid regular expression",
        );
        // Alternation is inside the anchors: `a|g2.*` must match all of the value.
        assert!(eval("attribute:t =~ 'x|g2.*'", &host));
        assert!(!eval("attribute:t =~ 'x|g2'", &host));
    }

    #[test]
    fn bare_regexes_take_balanced_groups_and_classes() {
        let host = Host::new().attr("t", "t2.micro");
        assert!(eval(r"attribute:t =~ t2\.(micro|small)", &host));
        assert!(eval(r"not(attribute:t =~ t3\.(micro|small))", &host));
        assert!(eval("attribute:t =~ [st]2.[a-z]{1,5}", &host));
        assert!(eval(
            "(attribute:t =~ (t2|t3).*) and attribute:t exists",
            &host
        ));
        assert!(eval("attribute:t =~ t2.*&&attribute:t !~ t3.*", &host));
        let tree = parse(r"attribute:t =~ t2\.(micro|small) and attribute:t exists")
            .unwrap()
            .to_json();
        assert_eq!(tree["left"]["value"], r"t2\.(micro|small)");
    }

    #[test]
    fn invalid_regexes_fail_at_their_column() {
        let e = assert_error(
            "attribute:a exists and attribute:t =~ 'a(b'",
            39,
            "not a valid",
        );
        assert_eq!(e.end_column, 44);
        assert_error("attribute:t =~ '(?=a)b'", 16, "linear-time engine");
        assert_error(r"attribute:t =~ '(a)\1'", 16, "linear-time engine");
        assert_error(r"attribute:t =~ '\p{Alpha}+'", 16, "not a valid");
        assert_error("attribute:t =~ 'a{100000}{100000}'", 16, "not a valid");
        assert_error("attribute:t =~ ", 16, "expected a regular expression");
        assert_error("attribute:t =~ t2.(", 16, "not a valid");
    }

    #[test]
    fn java_only_regex_features_are_refused() {
        for java in ["a*+", "a++b", "a?+", "a{2}+", "(ab)*+", "[ab]++"] {
            let e = assert_error(&format!("attribute:t =~ '{java}'"), 16, "possessive");
            assert_eq!(e.end_column, 16 + java.chars().count() + 2);
        }
        for fine in [
            r"a+?", r"[+]+", r"\++", r"(?i)a+", r"a{2}?", r"[]+]+", r"(?:a)+",
        ] {
            assert!(parse(&format!("attribute:t =~ '{fine}'")).is_ok(), "{fine}");
        }
        assert_error("attribute:t =~ '(?>a)'", 16, "atomic groups");
        assert_error(r"attribute:t =~ '\Qa.b\E'", 16, "\\Q..\\E");
        // A Unicode class with `+` is refused for the class, not taken for a possessive `}+`.
        for class in [r"\p{L}+", r"\p{Lu}+", r"\P{IsAlphabetic}+"] {
            let e = parse(&format!("attribute:t =~ '{class}'")).unwrap_err();
            assert!(
                !e.message.contains("drop the last"),
                "{class}: {}",
                e.message
            );
        }
        assert_error(r"attribute:t =~ '\p{L}+'", 16, "\\p{..}");
        // `\x{41}` is one character in Java and here alike.
        assert!(parse(r"attribute:t =~ '\x{41}+'").is_ok());
    }

    #[test]
    fn posix_classes_are_refused_because_java_reads_them_as_characters() {
        for java in ["[[:alpha:]]+", "a[[:digit:]]", "[x[:upper:]]"] {
            assert_error(&format!("attribute:t =~ '{java}'"), 16, "POSIX class");
        }
        for fine in [r"\[:alpha:]", "[:]", "[a:b]"] {
            assert!(parse(&format!("attribute:t =~ '{fine}'")).is_ok(), "{fine}");
        }
    }

    #[test]
    fn a_single_expression_cannot_be_in_parentheses() {
        for text in [
            "(attribute:a == 1)",
            "((attribute:a exists))",
            " (task:group == web) ",
        ] {
            let e = assert_error(text, text.find('(').unwrap() + 1, "parentheses");
            assert!(e.message.contains("remove them"), "{}", e.message);
        }
        for compound in [
            "not(task:group == database)",
            "(attribute:a == 1) and attribute:b == 2",
            "(attribute:a == 1 or attribute:b == 2) and attribute:c exists",
        ] {
            assert!(parse(compound).is_ok(), "{compound}");
        }
    }

    #[test]
    fn catastrophic_patterns_run_in_linear_time() {
        let value = format!("{}b", "a".repeat(10_000));
        let host = Host::new().attr("x", &value);
        let start = Instant::now();
        assert!(!eval("attribute:x =~ '(a+)+$'", &host));
        assert!(!eval("attribute:x =~ '(a|aa)+'", &host));
        assert!(eval("attribute:x =~ '(a+)+b'", &host));
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "{:?}",
            start.elapsed()
        );
    }

    // ---- API ---------------------------------------------------------------------------------

    #[test]
    fn is_dynamic_mentions_task_group_or_running_count() {
        assert!(!parse("attribute:a exists and agentVersion > 1.0.0")
            .unwrap()
            .is_dynamic());
        assert!(parse("attribute:a exists or not(task:group == db)")
            .unwrap()
            .is_dynamic());
        assert!(parse("runningTasksCount < 2").unwrap().is_dynamic());
    }

    #[test]
    fn json_tree() {
        let e = parse("attribute:ecs.instance-type =~ g2.* and not(attribute:ecs.availability-zone in [us-east-1a, 'us east']) or task:group exists").unwrap();
        let expected = json!({
            "type": "or",
            "left": {
                "type": "and",
                "left": {
                    "type": "predicate",
                    "subject": {"kind": "attribute", "name": "ecs.instance-type", "column": 1, "endColumn": 28},
                    "operator": "=~",
                    "value": "g2.*",
                    "column": 1,
                    "endColumn": 36
                },
                "right": {
                    "type": "not",
                    "operand": {
                        "type": "predicate",
                        "subject": {"kind": "attribute", "name": "ecs.availability-zone", "column": 45, "endColumn": 76},
                        "operator": "in",
                        "values": ["us-east-1a", "us east"],
                        "column": 44,
                        "endColumn": 104
                    },
                    "column": 41,
                    "endColumn": 104
                },
                "column": 1,
                "endColumn": 104
            },
            "right": {
                "type": "predicate",
                "subject": {"kind": "taskGroup", "column": 108, "endColumn": 118},
                "operator": "exists",
                "column": 108,
                "endColumn": 125
            },
            "column": 1,
            "endColumn": 125
        });
        assert_eq!(e.to_json(), expected);
        assert_eq!(serde_json::to_value(&e).unwrap(), expected);
        assert_eq!(e.source_length(), 124);
    }

    #[test]
    fn json_uses_symbol_operators_and_string_values() {
        let tree = parse("runningTasksCount greater_than 1").unwrap().to_json();
        assert_eq!(tree["operator"], ">");
        assert_eq!(tree["value"], "1");
        assert_eq!(
            tree["subject"],
            json!({"kind": "runningTasksCount", "column": 1, "endColumn": 18})
        );
    }

    #[test]
    fn display_is_canonical_and_reparses() {
        let cases = [
            (
                "attribute:a==b&&(attribute:c exists||!task:group in[x,'y z'])",
                "attribute:a == b and (attribute:c exists or not task:group in [x, 'y z'])",
            ),
            (
                "not(attribute:a equals \"it's\")",
                "not attribute:a == \"it's\"",
            ),
            (
                "(attribute:a exists and attribute:b exists) and attribute:c exists",
                "(attribute:a exists and attribute:b exists) and attribute:c exists",
            ),
            (
                "attribute:a exists or attribute:b exists and attribute:c exists",
                "attribute:a exists or attribute:b exists and attribute:c exists",
            ),
            (
                "!(attribute:a == '' or registeredAt < 2018-02-13)",
                "not (attribute:a == '' or registeredAt < 2018-02-13)",
            ),
            (
                r"attribute:t matches t2\.(a|b)",
                r"attribute:t =~ 't2\.(a|b)'",
            ),
        ];
        for (input, canonical) in cases {
            let e = parse(input).unwrap();
            assert_eq!(e.to_string(), canonical);
            assert_eq!(parse(canonical).unwrap().to_string(), canonical);
        }
    }

    #[test]
    fn error_display_and_serialization() {
        let e = error("attribute:x exists foo");
        assert_eq!(
            e.to_string(),
            "column 20: expected `and`, `or` or the end of the expression after \
             `attribute:x exists`, found `foo`; `exists` takes no value"
        );
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"message": e.message, "column": 20, "endColumn": 23})
        );
        let e = error("attribute:x == a b");
        assert!(
            e.to_string().starts_with("column 18: expected `and`"),
            "{e}"
        );
    }

    #[test]
    fn columns_count_chars() {
        assert_error("attribute:é == x", 11, "`é` cannot appear");
        assert_error("attribute:a == 'ü' bogus", 20, "found `bogus`");
    }

    // ---- Properties --------------------------------------------------------------------------

    fn check_error_span(text: &str) {
        if let Err(e) = parse(text) {
            let len = text.chars().count();
            assert!(
                e.column >= 1 && e.column <= len.max(MAX_EXPRESSION_LENGTH) + 1,
                "{e}"
            );
            assert!(
                e.end_column >= e.column && e.end_column <= len + 1,
                "{text:?}: {e:?}"
            );
        }
    }

    fn token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "attribute:a",
            "attribute:",
            "task:group",
            "agentConnected",
            "agentVersion",
            "ec2InstanceId",
            "registeredAt",
            "runningTasksCount",
            "==",
            "!=",
            ">",
            ">=",
            "<",
            "<=",
            "=~",
            "!~",
            "exists",
            "!exists",
            "in",
            "!in",
            "not_in",
            "and",
            "or",
            "not",
            "&&",
            "||",
            "!",
            "(",
            ")",
            "[",
            "]",
            ",",
            "'",
            "\"",
            "x",
            "1",
            "1.2.3",
            "2018-06-18",
            "true",
            " ",
            "\\",
            "é",
            "(a+)+",
            "[a-",
            "AND",
            "Equals",
        ])
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9][a-z0-9.:@/_-]{0,8}",
            "[a-z ]{1,6}".prop_map(|v| format!("'{v}'")),
            "[a-z' ]{1,6}".prop_map(|v| format!("\"{v}\"")),
        ]
    }

    fn list() -> impl Strategy<Value = String> {
        prop::collection::vec(value(), 1..4).prop_map(|items| format!("[{}]", items.join(", ")))
    }

    fn predicate() -> impl Strategy<Value = String> {
        let cmp = prop::sample::select(vec![
            "==",
            "!=",
            ">",
            ">=",
            "<",
            "<=",
            "equals",
            "not_equals",
            "greater_than",
            "greater_than_equal",
            "less_than",
            "less_than_equal",
        ]);
        let eq = prop::sample::select(vec!["==", "!=", "equals", "not_equals"]);
        let inn = prop::sample::select(vec!["in", "!in", "not_in"]);
        let exists = prop::sample::select(vec!["exists", "!exists", "not_exists"]);
        let matches = prop::sample::select(vec!["=~", "!~", "matches", "not_matches"]);
        let regex = prop::sample::select(vec![
            "g2.*",
            "'t2\\.(micro|small)'",
            "t2\\.(micro|small)",
            "[a-c]{1,3}",
            "'a b'",
            "\"x|y\"",
        ]);
        let subject = prop_oneof![
            "[a-zA-Z0-9_./-]{1,12}".prop_map(|n| format!("attribute:{n}")),
            Just("task:group".to_owned()),
        ];
        prop_oneof![
            (subject.clone(), cmp.clone(), value()).prop_map(|(s, o, v)| format!("{s} {o} {v}")),
            (subject.clone(), inn.clone(), list()).prop_map(|(s, o, l)| format!("{s} {o} {l}")),
            (subject.clone(), exists).prop_map(|(s, o)| format!("{s} {o}")),
            (subject, matches.clone(), regex.clone()).prop_map(|(s, o, r)| format!("{s} {o} {r}")),
            (eq.clone(), any::<bool>()).prop_map(|(o, b)| format!("agentConnected {o} {b}")),
            (inn.clone(), any::<bool>()).prop_map(|(o, b)| format!("agentConnected {o} [{b}]")),
            (cmp.clone(), "v?[0-9]{1,3}(\\.[0-9]{1,3}){0,3}")
                .prop_map(|(o, v)| format!("agentVersion {o} {v}")),
            (
                cmp.clone(),
                1970u32..2100,
                1u32..13,
                1u32..29,
                prop::option::of((0u32..24, 0u32..60))
            )
                .prop_map(|(o, y, m, d, t)| match t {
                    None => format!("registeredAt {o} {y:04}-{m:02}-{d:02}"),
                    Some((h, mi)) =>
                        format!("registeredAt {o} {y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:00Z"),
                }),
            (cmp, any::<u32>()).prop_map(|(o, n)| format!("runningTasksCount {o} {n}")),
            (eq, "i-[0-9a-f]{8}").prop_map(|(o, v)| format!("ec2InstanceId {o} {v}")),
            (inn, list()).prop_map(|(o, l)| format!("ec2InstanceId {o} {l}")),
            (matches, regex).prop_map(|(o, r)| format!("ec2InstanceId {o} {r}")),
        ]
    }

    fn expression() -> impl Strategy<Value = String> {
        predicate().prop_recursive(5, 48, 3, |inner| {
            let connective =
                prop::sample::select(vec![" and ", " or ", " && ", " || ", "&&", "||"]);
            let not = prop::sample::select(vec!["not ", "not", "!", "! "]);
            prop_oneof![
                (inner.clone(), connective, inner.clone())
                    .prop_map(|(a, c, b)| format!("{a}{c}{b}")),
                (not, inner.clone()).prop_map(|(n, e)| {
                    if n == "not" {
                        format!("not({e})")
                    } else {
                        format!("{n}({e})")
                    }
                }),
                // A lone predicate in parentheses is refused, so groups join another part.
                inner
                    .clone()
                    .prop_map(|e| format!("( {e} ) or attribute:g exists")),
                (inner.clone(), inner).prop_map(|(a, b)| format!("not ({a}) and !{b}")),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn parse_never_panics_on_any_string(text in any::<String>()) {
            check_error_span(&text);
        }

        #[test]
        fn parse_never_panics_on_token_soup(tokens in prop::collection::vec(token(), 0..40)) {
            check_error_span(&tokens.concat());
            check_error_span(&tokens.join(" "));
        }

        #[test]
        fn generated_expressions_parse_and_print_canonically(text in expression()) {
            prop_assume!(text.chars().count() <= MAX_EXPRESSION_LENGTH);
            let parsed = parse(&text).map_err(|e| TestCaseError::fail(format!("{text:?}: {e}")))?;
            let canonical = parsed.to_string();
            let reparsed = parse(&canonical)
                .map_err(|e| TestCaseError::fail(format!("{canonical:?}: {e}")))?;
            prop_assert_eq!(reparsed.to_string(), canonical.clone());
            // Same tree, so same verdict, on a few instances.
            for host in [
                Host::new(),
                Host::new().attr("a", "x").groups(&["task:group"]).version("1.2.3").running(3),
                Host::new().disconnected().ec2("i-0123abcd").registered("2020-01-01"),
            ] {
                prop_assert_eq!(parsed.evaluate(&host), reparsed.evaluate(&host));
            }
            let json = parsed.to_json();
            prop_assert_eq!(json["column"].as_u64(), Some(1 + text.chars().take_while(|c| c.is_whitespace()).count() as u64));
        }
    }
}
