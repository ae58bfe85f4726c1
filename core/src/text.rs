//! Small text rules shared across the crate: numbers and counts as people read them in notes and messages,
//! and the shape of a Region code.

use std::fmt::Display;

/// An integer with thousands separators: `5000` → `5,000`, `-2048` → `-2,048`. Any integer type
/// will do (its `Display` form is grouped), so counts, sizes and signed amounts share one rule.
pub fn grouped(n: impl Display) -> String {
    let text = n.to_string();
    let (sign, digits) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |digits| ("-", digits));
    let mut out = String::with_capacity(text.len() + digits.len() / 3);
    out.push_str(sign);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A decimal number as Rust's `f64` parse reads it (`[+-]digits[.digits][e[+-]digits]`, with
/// either side of the point possibly empty, not both; no `inf` or `nan`), read by serde_json:
/// the request JSON goes through serde_json's float reading already, so a number reads the
/// same whether it came as JSON, as shorthand, in a query or in a timestamp, and the npm wasm
/// carries one float reader, not two (the standard library's cost 13 KB of gzip). Up to 15
/// significant digits and a power of ten within ±22 (what people write) the value is exactly
/// the standard parse's; beyond that serde_json's reading, like the request JSON's, may be one
/// unit off in the last place. Beyond the `f64` range it is infinite, as Rust's parse makes it.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, text.get(1..)?),
        b'+' => (false, text.get(1..)?),
        _ => (false, text),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at)?, Some(unsigned.get(at + 1..)?)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !digits(whole) || !digits(fraction) {
        return None;
    }
    let mut json = String::with_capacity(text.len() + 3);
    if negative {
        json.push('-');
    }
    let whole = whole.trim_start_matches('0');
    json.push_str(if whole.is_empty() { "0" } else { whole });
    if !fraction.is_empty() {
        json.push('.');
        json.push_str(fraction);
    }
    if let Some(exponent) = exponent {
        let power = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if power.is_empty() || !digits(power) {
            return None;
        }
        json.push('e');
        json.push_str(exponent);
    }
    // The text is JSON now, so serde_json refuses it only for its size: infinite when any digit
    // is not zero, zero otherwise.
    serde_json::from_str::<f64>(&json).ok().or_else(|| {
        let zero = !whole.bytes().chain(fraction.bytes()).any(|b| b != b'0');
        let size = if zero { 0.0 } else { f64::INFINITY };
        Some(if negative { -size } else { size })
    })
}

/// A count and its noun, as a person writes it: `1 error`, `3 errors`, `5,000 tasks`. Every
/// count in a message goes through here, so they all read alike and group thousands alike.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// Whether `text` is an AWS account ID: exactly 12 ASCII digits.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The partition of a Region (botocore's partitions.json): `aws-cn` for China, `aws-us-gov` for
/// GovCloud (US), the isolated partitions by their prefixes, `aws` for every other.
pub fn partition_of(region: &str) -> &'static str {
    const PREFIXES: [(&str, &str); 7] = [
        ("cn-", "aws-cn"),
        ("us-gov-", "aws-us-gov"),
        ("us-isob-", "aws-iso-b"),
        ("us-isof-", "aws-iso-f"),
        ("us-iso-", "aws-iso"),
        ("eu-isoe-", "aws-iso-e"),
        ("eusc-", "aws-eusc"),
    ];
    PREFIXES
        .iter()
        .find(|(prefix, _)| region.starts_with(prefix))
        .map_or("aws", |(_, partition)| partition)
}

/// Whether `text` has the shape of a Region code (us-east-1, us-gov-west-1, cn-north-1):
/// lower-case letters, digits and dashes, at most 64 of them. The shape is checked, not a list:
/// AWS adds Regions, and a list would refuse the newest.
pub fn is_region_code(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Why `text` is not a Region code, for a message that goes on (no final full stop).
pub fn region_code_problem(text: &str) -> Option<String> {
    (!is_region_code(text)).then(|| {
        format!(
            "{text:?} is not a Region code: lower-case letters, digits and dashes, like us-east-1"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{count, grouped, is_region_code, parse_decimal, partition_of};

    #[test]
    fn partitions_follow_the_region() {
        for (region, partition) in [
            ("us-east-1", "aws"),
            ("eu-west-3", "aws"),
            ("cn-north-1", "aws-cn"),
            ("cn-northwest-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
        ] {
            assert_eq!(partition_of(region), partition, "{region}");
        }
    }

    #[test]
    fn region_codes_are_lower_case_letters_digits_and_dashes() {
        for region in ["us-east-1", "us-gov-west-1", "cn-north-1", "eu-central-2"] {
            assert!(is_region_code(region), "{region}");
        }
        let too_long = "a".repeat(65);
        for not in [
            "",
            "US-EAST-1",
            "us east 1",
            "us_east_1",
            "us-east-1\n",
            too_long.as_str(),
        ] {
            assert!(!is_region_code(not), "{not:?}");
        }
    }

    #[test]
    fn decimals_read_as_the_standard_parse_reads_them() {
        for text in [
            "0",
            "7",
            "-7",
            "+7",
            "007",
            "1.5",
            "-0.25",
            ".5",
            "5.",
            "-.5e-3",
            "1e5",
            "1E+5",
            "2.5e-3",
            "0.1",
            "123456.789",
            "1e308",
            "1e-320",
            "4.9e-324",
            "1e400",
            "-1e400",
            "0e99999",
            "00.00",
            "3.14159265358979",
            "9007199254740993",
            "0.30000000000000004",
        ] {
            let ours = parse_decimal(text);
            let std = text.parse::<f64>().ok();
            assert_eq!(ours.map(f64::to_bits), std.map(f64::to_bits), "{text}");
        }
        for text in [
            "", "-", "+", ".", "e5", ".e5", "1e", "1e+", "1.2.3", "1,5", " 1", "1 ", "inf", "nan",
            "0x10", "--1", "1e5.5",
        ] {
            assert_eq!(parse_decimal(text), None, "{text:?}");
            assert!(
                text.parse::<f64>().is_err()
                    || text.eq_ignore_ascii_case("inf")
                    || text.eq_ignore_ascii_case("nan"),
                "{text:?}"
            );
        }
    }

    #[test]
    fn short_decimals_read_exactly_as_the_standard_parse() {
        // Up to 15 significant digits and a power of ten within ±22: exact, as the standard
        // parse (a deterministic sweep of digits, point positions and exponents).
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let digits = 1 + next() % 15;
            let mantissa = next() % 10_u64.pow(u32::try_from(digits).unwrap());
            let text = mantissa.to_string();
            let point = usize::try_from(next() % (text.len() as u64 + 1)).unwrap();
            let exponent = i64::try_from(next() % 45).unwrap() - 22;
            let shifted = exponent - i64::try_from(text.len() - point).unwrap();
            if !(-22..=22).contains(&shifted) {
                continue;
            }
            let written = format!("{}.{}e{exponent}", &text[..point], &text[point..]);
            let ours = parse_decimal(&written).map(f64::to_bits);
            assert_eq!(
                ours,
                written.parse::<f64>().ok().map(f64::to_bits),
                "{written}"
            );
        }
    }

    #[test]
    fn counts_take_the_singular_only_for_one_and_group_thousands() {
        assert_eq!(count(0, "error", "errors"), "0 errors");
        assert_eq!(count(1, "error", "errors"), "1 error");
        assert_eq!(count(2, "task", "tasks"), "2 tasks");
        assert_eq!(count(5000, "task", "tasks"), "5,000 tasks");
    }

    #[test]
    fn groups_thousands_of_any_integer() {
        assert_eq!(grouped(0_u8), "0");
        assert_eq!(grouped(999_usize), "999");
        assert_eq!(grouped(1000_u64), "1,000");
        assert_eq!(grouped(1_234_567_u32), "1,234,567");
        assert_eq!(grouped(-2048_i64), "-2,048");
        assert_eq!(grouped(-999_i64), "-999");
        assert_eq!(grouped(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(grouped(i64::MIN), "-9,223,372,036,854,775,808");
    }
}
