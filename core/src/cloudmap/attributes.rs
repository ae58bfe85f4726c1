//! Checks on single RegisterInstance attribute keys and values. Each returns `None` when the
//! text is fine, or the reason it is not, phrased to follow "the value ...".

use std::net::{Ipv4Addr, Ipv6Addr};

pub const IPV4: &str = "AWS_INSTANCE_IPV4";
pub const IPV6: &str = "AWS_INSTANCE_IPV6";
pub const PORT: &str = "AWS_INSTANCE_PORT";
pub const CNAME: &str = "AWS_INSTANCE_CNAME";
pub const ALIAS: &str = "AWS_ALIAS_DNS_NAME";
pub const EC2_INSTANCE_ID: &str = "AWS_EC2_INSTANCE_ID";
pub const INIT_HEALTH_STATUS: &str = "AWS_INIT_HEALTH_STATUS";

/// The attribute keys Cloud Map gives a meaning to. Every other key is a custom attribute.
pub const RESERVED: [&str; 7] = [
    ALIAS,
    EC2_INSTANCE_ID,
    INIT_HEALTH_STATUS,
    CNAME,
    IPV4,
    IPV6,
    PORT,
];

pub fn is_reserved(key: &str) -> bool {
    key.starts_with("AWS_") && RESERVED.contains(&key)
}

/// botocore `AttrKey`: `^[a-zA-Z0-9!-~]+$`, max 255. `!-~` is the range 0x21-0x7E.
pub fn key_problem(key: &str) -> Option<String> {
    // The usual key is short printable ASCII: one pass over its bytes settles it.
    if (1..=255).contains(&key.len()) && key.bytes().all(|b| matches!(b, b'!'..=b'~')) {
        return None;
    }
    let length = key.chars().count();
    if length == 0 {
        return Some("is empty; keys need 1 to 255 characters".to_owned());
    }
    if length > 255 {
        return Some(format!("is {length} characters long; the maximum is 255"));
    }
    key.chars()
        .enumerate()
        .find(|(_, c)| !matches!(c, '!'..='~'))
        .map(|(i, c)| {
            format!(
                "contains {} at position {}; keys allow only printable ASCII without spaces",
                char_name(c),
                i + 1
            )
        })
}

/// botocore `AttrValue`: `^([a-zA-Z0-9!-~][ \ta-zA-Z0-9!-~]*){0,1}[a-zA-Z0-9!-~]{0,1}$`, max 1024:
/// printable ASCII, spaces and tabs, not starting with a space or tab. It may be empty, and it
/// may end with whitespace (the pattern allows that; Terraform once got this wrong).
pub fn value_problem(value: &str) -> Option<String> {
    // The usual value is printable ASCII not starting with whitespace: settled in one byte pass.
    if value.len() <= 1024
        && !value.starts_with([' ', '\t'])
        && value
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'!'..=b'~'))
    {
        return None;
    }
    let length = value.chars().count();
    if length > 1024 {
        return Some(format!("is {length} characters long; the maximum is 1,024"));
    }
    if let Some(first @ (' ' | '\t')) = value.chars().next() {
        return Some(format!(
            "starts with {}; values cannot start with whitespace",
            char_name(first)
        ));
    }
    value
        .chars()
        .enumerate()
        .find(|(_, c)| !matches!(c, ' ' | '\t' | '!'..='~'))
        .map(|(i, c)| {
            format!(
                "contains {} at position {}; values allow only printable ASCII, spaces and tabs",
                char_name(c),
                i + 1
            )
        })
}

/// Names a character so invisible ones show up in a message.
pub fn char_name(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\t' => "a tab".to_owned(),
        '\n' => "a line break".to_owned(),
        '\r' => "a carriage return".to_owned(),
        c if c.is_control() || c.is_whitespace() || is_invisible(c) => {
            format!("U+{:04X}", u32::from(c))
        }
        c => format!("{c:?} (U+{:04X})", u32::from(c)),
    }
}

fn is_invisible(c: char) -> bool {
    matches!(u32::from(c), 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF)
}

pub fn ipv4_problem(value: &str) -> Option<String> {
    if value.parse::<Ipv4Addr>().is_ok() {
        None
    } else {
        Some(format!("{value:?} is not an IPv4 address like 192.0.2.44 (four numbers 0-255, no leading zeros)"))
    }
}

pub fn ipv6_problem(value: &str) -> Option<String> {
    if value.contains('%') {
        return Some(format!(
            "{value:?} has a zone index (%...), which DNS records cannot carry"
        ));
    }
    if value.parse::<Ipv6Addr>().is_ok() {
        None
    } else {
        Some(format!(
            "{value:?} is not an IPv6 address like 2001:db8::abcd:1"
        ))
    }
}

/// The port as a number, or why it is not one.
pub fn parse_port(value: &str) -> Result<u16, String> {
    if value.is_empty() || value.len() > 5 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!(
            "{value:?} is not a port number; write digits only, from 0 to 65535"
        ));
    }
    value
        .parse::<u16>()
        .map_err(|_| format!("{value} is above the highest port number, 65535"))
}

/// A DNS name as Route 53 accepts it: labels of 1-63 letters, digits, `-` or `_`, at most 253
/// characters without the optional trailing dot.
pub fn domain_problem(value: &str) -> Option<String> {
    let name = value.strip_suffix('.').unwrap_or(value);
    if name.is_empty() {
        return Some("it is empty; give a domain name like example.com".to_owned());
    }
    if name.len() > 253 {
        return Some(format!(
            "it is {} characters long; a domain name has at most 253",
            name.len()
        ));
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Some("it has an empty label (two dots in a row, or a leading dot)".to_owned());
        }
        if label.len() > 63 {
            return Some(format!(
                "the label {label:?} is {} characters long; labels have at most 63",
                label.len()
            ));
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Some(format!(
                "the label {label:?} contains {}; use letters, digits, '-' and '_'",
                char_name(c)
            ));
        }
    }
    None
}

/// Whether a DNS name is an Elastic Load Balancing one (`*.elb.amazonaws.com`,
/// `*.elb.<region>.amazonaws.com`, and the China partition's `.com.cn`).
pub fn is_elb_name(value: &str) -> bool {
    let name = value
        .strip_suffix('.')
        .unwrap_or(value)
        .to_ascii_lowercase();
    (name.ends_with(".amazonaws.com") || name.ends_with(".amazonaws.com.cn"))
        && name.contains(".elb.")
}

/// `i-` and 8 or 17 lowercase hex digits.
pub fn ec2_instance_id_problem(value: &str) -> Option<String> {
    let ok = value.strip_prefix("i-").is_some_and(|hex| {
        matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    });
    if ok {
        None
    } else {
        Some(format!(
            "{value:?} is not an EC2 instance ID like i-0123456789abcdef0"
        ))
    }
}

/// Why a value (or its key) suggests a secret, if it does.
pub fn secret_reason(key: &str, value: &str) -> Option<&'static str> {
    // Cheap byte tests guard each search: this runs on every attribute of every request.
    let bytes = value.as_bytes();
    // `contains` on bytes is a word-at-a-time memchr: most values lack one of these outright.
    if bytes.contains(&b'B')
        && bytes.contains(&b'K')
        && contains_bytes(bytes, b"-----BEGIN")
        && contains_bytes(bytes, b"PRIVATE KEY")
    {
        return Some("contains a PEM private key");
    }
    if has_access_key_id(value) {
        return Some("contains an AWS access key ID");
    }
    if value.len() >= 20 && value.starts_with("eyJ") && value.matches('.').count() == 2 {
        return Some("looks like a JSON Web Token");
    }
    for prefix in [
        "ghp_",
        "gho_",
        "github_pat_",
        "xoxb-",
        "xoxp-",
        "sk_live_",
        "glpat-",
    ] {
        if value.starts_with(prefix) && value.len() >= prefix.len() + 16 {
            return Some("looks like an API token");
        }
    }
    let secret_key = names_a_secret(key);
    if secret_key && !value.is_empty() {
        return Some("is stored under a key that names a secret");
    }
    if value.len() == 40
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'/' || b == b'+')
        && value.bytes().any(|b| b.is_ascii_uppercase())
        && value.bytes().any(|b| b.is_ascii_lowercase())
        && value.bytes().any(|b| b.is_ascii_digit())
    {
        return Some("has the shape of an AWS secret access key");
    }
    None
}

/// Whether a key contains, in any case, a word that names a secret. One pass: only where the
/// key holds the first two letters of a word (`pa`, `se`, `to`, ...) are the words compared.
#[allow(clippy::needless_bitwise_bool)] // On purpose: see below.
fn names_a_secret(key: &str) -> bool {
    let mut rest = key.as_bytes();
    // `| 0x20` lower-cases ASCII letters and turns no other byte into one, so the pairs below
    // match exactly the letters they name, in either case.
    while let [first, second, ..] = *rest {
        let pair = [first | 0x20, second | 0x20];
        // Tested without branching first: nearly every position starts no word, and a `match`
        // alone becomes a jump table that mispredicts on each byte.
        let starts_a_word = (pair == *b"pa")
            | (pair == *b"pr")
            | (pair == *b"se")
            | (pair == *b"to")
            | (pair == *b"ap")
            | (pair == *b"cr");
        if starts_a_word {
            let words: &[&[u8]] = match pair {
                [b'p', b'a'] => &[b"password", b"passwd"],
                [b'p', b'r'] => &[b"private_key"],
                [b's', b'e'] => &[b"secret"],
                [b't', b'o'] => &[b"token"],
                [b'a', b'p'] => &[b"apikey", b"api_key", b"api-key"],
                _ => &[b"credential"],
            };
            if words.iter().any(|word| {
                rest.get(..word.len())
                    .is_some_and(|w| w.eq_ignore_ascii_case(word))
            }) {
                return true;
            }
        }
        rest = rest.get(1..).unwrap_or_default();
    }
    false
}

fn has_access_key_id(value: &str) -> bool {
    let bytes = value.as_bytes();
    // Only the positions holding an `A` can start one; most values hold none (memchr).
    bytes.contains(&b'A')
        && bytes.iter().enumerate().any(|(i, &first)| {
            first == b'A'
                && bytes.get(i..i + 20).is_some_and(|w| {
                    matches!(w.get(..4), Some(b"AKIA" | b"ASIA" | b"ABIA" | b"ACCA"))
                        && w.iter()
                            .skip(4)
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                })
                && (i == 0 || bytes.get(i - 1).is_some_and(|b| !b.is_ascii_alphanumeric()))
                && bytes.get(i + 20).is_none_or(|b| !b.is_ascii_alphanumeric())
        })
}

/// Whether `needle` occurs in `haystack`. A plain scan on the first byte: the needles are short
/// and the haystacks attribute values, where setting up a substring search costs more.
fn contains_bytes(haystack: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    haystack
        .iter()
        .enumerate()
        .any(|(i, &b)| b == first && haystack.get(i + 1..i + needle.len()) == Some(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_search_finds_needles_anywhere_and_nothing_past_the_end() {
        assert!(contains_bytes(b"x-----BEGIN", b"-----BEGIN"));
        assert!(contains_bytes(b"-----BEGIN x", b"-----BEGIN"));
        assert!(!contains_bytes(b"x-----BEGI", b"-----BEGIN"));
        assert!(!contains_bytes(b"", b"a"));
        assert!(has_access_key_id("key=AKIAIOSFODNN7EXAMPLE"));
        assert!(!has_access_key_id("AKIAIOSFODNN7EXAMPL"));
        assert!(!has_access_key_id("xAKIAIOSFODNN7EXAMPLE"));
    }

    #[test]
    fn every_reserved_key_starts_with_aws() {
        // near_reserved in validate.rs skips every other key before comparing.
        assert!(RESERVED.iter().all(|key| key.starts_with("AWS_")));
    }

    #[test]
    fn ascii_fast_paths_agree_with_the_character_checks() {
        assert!(value_problem(&"x".repeat(1024)).is_none());
        assert!(value_problem(&"x".repeat(1025)).unwrap().contains("1025"));
        assert!(value_problem("\tx").unwrap().contains("start"));
        assert!(value_problem("x \t").is_none());
        assert!(value_problem("x\u{7f}").unwrap().contains("position 2"));
        assert!(key_problem(&"k".repeat(255)).is_none());
        assert!(key_problem(&"k".repeat(256)).unwrap().contains("256"));
        assert!(key_problem("é").unwrap().contains("position 1"));
    }

    #[test]
    fn key_pattern_is_the_printable_range() {
        assert_eq!(key_problem("a~!"), None);
        assert!(key_problem("").is_some());
        assert!(key_problem("a b").unwrap().contains("a space"));
        assert!(key_problem("é").is_some());
        assert!(key_problem(&"k".repeat(256)).is_some());
        assert_eq!(key_problem(&"k".repeat(255)), None);
    }

    #[test]
    fn value_pattern_allows_empty_and_trailing_whitespace() {
        assert_eq!(value_problem(""), None);
        assert_eq!(value_problem("a b\tc "), None);
        assert!(value_problem(" a").is_some());
        assert!(value_problem("\ta").is_some());
        assert!(value_problem("a\nb").unwrap().contains("line break"));
        assert!(value_problem("a\u{200b}").unwrap().contains("U+200B"));
        assert_eq!(value_problem(&"v".repeat(1024)), None);
        assert!(value_problem(&"v".repeat(1025)).is_some());
    }

    #[test]
    fn addresses_and_ports() {
        assert_eq!(ipv4_problem("172.2.1.3"), None);
        assert!(ipv4_problem("256.1.1.1").is_some());
        assert!(ipv4_problem("01.2.3.4").is_some());
        assert_eq!(
            ipv6_problem("2001:0db8:85a3:0000:0000:abcd:0001:2345"),
            None
        );
        assert!(ipv6_problem("fe80::1%eth0").is_some());
        assert!(ipv6_problem("10.0.0.1").is_some());
        assert_eq!(parse_port("808"), Ok(808));
        assert_eq!(parse_port("0"), Ok(0));
        assert!(parse_port("65536").is_err());
        assert!(parse_port("-1").is_err());
        assert!(parse_port("80 ").is_err());
    }

    #[test]
    fn domains_and_ids() {
        assert_eq!(domain_problem("example.com."), None);
        assert!(domain_problem("a..b").is_some());
        assert!(domain_problem(&format!("{}.com", "a".repeat(64))).is_some());
        assert!(is_elb_name("my-lb-1234.us-east-1.elb.amazonaws.com"));
        assert!(is_elb_name("my-nlb-1234.elb.us-east-1.amazonaws.com."));
        assert!(!is_elb_name("example.com"));
        assert_eq!(ec2_instance_id_problem("i-0123456789abcdef0"), None);
        assert_eq!(ec2_instance_id_problem("i-12345678"), None);
        assert!(ec2_instance_id_problem("i-XYZ").is_some());
    }

    #[test]
    fn secrets() {
        assert!(secret_reason("k", "AKIAIOSFODNN7EXAMPLE").is_some());
        assert!(secret_reason("k", "x=AKIAIOSFODNN7EXAMPLE;").is_some());
        assert!(secret_reason("k", "XAKIAIOSFODNN7EXAMPLE").is_none());
        assert!(secret_reason("DB_PASSWORD", "hunter2").is_some());
        assert!(secret_reason("GitHubToken", "x").is_some());
        assert!(secret_reason("tok", "x").is_none());
        assert!(secret_reason("k", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").is_some());
        assert!(secret_reason("k", "-----BEGIN RSA PRIVATE KEY-----").is_some());
        assert!(secret_reason("stage", "production").is_none());
    }

    #[test]
    fn secret_words_are_found_in_any_case_at_any_position() {
        // The plain definition: the lower-cased key contains one of the words.
        let words = [
            "password",
            "passwd",
            "private_key",
            "secret",
            "token",
            "apikey",
            "api_key",
            "api-key",
            "credential",
        ];
        let reference = |key: &str| {
            let lower = key.to_ascii_lowercase();
            words.iter().any(|w| lower.contains(w))
        };
        let cased = |word: &str, mask: usize| -> String {
            word.chars()
                .enumerate()
                .map(|(i, c)| {
                    if mask >> (i % 8) & 1 == 1 {
                        c.to_ascii_uppercase()
                    } else {
                        c
                    }
                })
                .collect()
        };
        // Bytes around the words that must neither hide nor fake one: the characters one bit
        // away from their letters, non-ASCII text and the key's own separators.
        let around = [
            "", "x", "P", "0", "@", "`", "_", "-", "é", "中", "pa", "Se", "TO",
        ];
        for (n, word) in words.iter().enumerate() {
            for before in around {
                for after in around {
                    let key = format!("{before}{}{after}", cased(word, n * 37 + before.len()));
                    assert!(names_a_secret(&key), "{key:?}");
                    // One letter short of the word is not it (unless the rest spells another).
                    let cut = &key[..key.len() - after.len() - 1];
                    assert_eq!(names_a_secret(cut), reference(cut), "{cut:?}");
                }
            }
        }
        for key in [
            "AWS_INSTANCE_IPV4",
            "stage",
            "tok",
            "p",
            "",
            "PASSWOR",
            "\u{0}pa",
            "apike",
        ] {
            assert_eq!(names_a_secret(key), reference(key), "{key:?}");
        }
    }
}
