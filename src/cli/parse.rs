//! Value parsers for options: times, durations, sizes. Each returns a plain value or a message clap
//! shows as a usage error (exit 2).

/// Parses `--at`: RFC 3339 (`2024-03-01T12:00:00Z`, `2024-03-01T13:00:00+01:00`) or unix seconds.
///
/// # Errors
/// A message naming both accepted forms.
pub fn timestamp(s: &str) -> Result<i64, String> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<i64>() {
        return Ok(secs);
    }
    s.parse::<jiff::Timestamp>()
        .map(|t| t.as_second())
        .map_err(|_| {
            format!("`{s}` is not a time: use RFC 3339 (2024-03-01T12:00:00Z) or unix seconds")
        })
}

/// The one duration grammar every duration option uses: plain seconds (`90`), or numbers with
/// units `ms`, `s`, `m`, `h`, `d`, `w`, combined (`500ms`, `30s`, `10m`, `1m30s`, `2h`, `7d`).
/// Millisecond precision; what an option allows on top (zero, sub-second) is checked by the
/// wrappers below.
fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim();
    let bad = || {
        format!(
            "`{s}` is not a duration: use seconds or a number with a unit ms, s, m, h, d or w \
             (500ms, 30s, 10m, 1m30s, 2h, 7d)"
        )
    };
    let too_long = || format!("`{s}` is too long a duration");
    if t.is_empty() {
        return Err(bad());
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        let secs: u64 = t.parse().map_err(|_| too_long())?;
        return secs
            .checked_mul(1000)
            .map(std::time::Duration::from_millis)
            .ok_or_else(too_long);
    }
    let mut total = 0u64;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (num, tail) = rest.split_at(digits);
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let ms_per: u64 = match unit.to_ascii_lowercase().as_str() {
            "ms" => 1,
            "s" => 1000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 7 * 86_400_000,
            _ => return Err(bad()),
        };
        if num.is_empty() {
            return Err(bad());
        }
        let n: u64 = num.parse().map_err(|_| too_long())?;
        total = n
            .checked_mul(ms_per)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(too_long)?;
        rest = tail;
    }
    Ok(std::time::Duration::from_millis(total))
}

/// Parses a duration in the common grammar, zero and sub-second values included
/// (`sessions expire --in`).
///
/// # Errors
/// A message when the number or a unit is not understood, or the value overflows.
pub fn duration(s: &str) -> Result<std::time::Duration, String> {
    parse_duration(s)
}

/// Parses a duration in the common grammar for an option that counts whole seconds (`--leeway`,
/// `--max-age`: token times are whole seconds); zero allowed. Returns seconds.
///
/// # Errors
/// As [`duration`], and a message for a value that is not a whole number of seconds.
pub fn seconds(s: &str) -> Result<u64, String> {
    let d = parse_duration(s)?;
    if d.subsec_millis() != 0 {
        return Err(format!(
            "`{}`: this option counts whole seconds (e.g. 1s, 30s, 2m)",
            s.trim()
        ));
    }
    Ok(d.as_secs())
}

/// Parses a JWS algorithm name for `--alg` (exact spelling: `RS256`, `EdDSA`, …).
///
/// # Errors
/// A message listing the supported names; `none` is refused outright.
pub fn alg(s: &str) -> Result<crate::jwt::Alg, String> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("none") {
        return Err("alg none is never accepted: it means no signature".to_string());
    }
    crate::jwt::Alg::from_name(s).ok_or_else(|| {
        let names: Vec<&str> = crate::jwt::Alg::ALL.iter().map(|a| a.name()).collect();
        format!(
            "`{s}` is not a supported algorithm: use one of {}",
            names.join(", ")
        )
    })
}

/// Parses a size: plain bytes or with a K/M/G suffix (binary units: 1K = 1024).
///
/// # Errors
/// A message when the number or the suffix is not understood, or the size is zero.
pub fn byte_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let (num, mult) = match t.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        None => (t, 1usize),
        Some((i, _)) => {
            let mult = match t[i..].to_ascii_lowercase().as_str() {
                "k" | "kb" | "kib" => 1 << 10,
                "m" | "mb" | "mib" => 1 << 20,
                "g" | "gb" | "gib" => 1 << 30,
                "b" => 1,
                _ => {
                    return Err(format!(
                        "`{s}` is not a size: use bytes or a K, M or G suffix"
                    ));
                }
            };
            (&t[..i], mult)
        }
    };
    let n: usize = num
        .parse()
        .map_err(|_| format!("`{s}` is not a size: use bytes or a K, M or G suffix"))?;
    match n.checked_mul(mult) {
        Some(0) => Err("the size must be greater than zero".to_string()),
        Some(v) => Ok(v),
        None => Err(format!("`{s}` is too large")),
    }
}

/// Parses a timeout in the common grammar (`500ms`, `5s`, `1m30s`, or plain seconds); at least
/// 1 ms.
///
/// # Errors
/// As [`duration`], and a message for zero.
pub fn timeout(s: &str) -> Result<std::time::Duration, String> {
    let d = parse_duration(s)?;
    if d.is_zero() {
        return Err(format!("`{}`: a timeout must be at least 1ms", s.trim()));
    }
    Ok(d)
}

/// Parses a user id (`revoke-user USER`, `sessions list --user`): any text but an empty or
/// all-whitespace one, which names no user (and would record a cut-off for the empty user). Kept
/// exactly as given: ids are compared as text.
///
/// # Errors
/// A message when the id is empty or only whitespace.
pub fn user_id(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err(
            "the user id is empty: give the id the sessions are stored under (e.g. 42)".into(),
        );
    }
    Ok(s.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(timestamp("1700000000"), Ok(1_700_000_000));
        assert_eq!(timestamp("2023-11-14T22:13:20Z"), Ok(1_700_000_000));
        assert_eq!(timestamp("2023-11-14T23:13:20+01:00"), Ok(1_700_000_000));
        assert_eq!(timestamp("-5"), Ok(-5));
        assert!(timestamp("yesterday").unwrap_err().contains("RFC 3339"));
    }

    #[test]
    fn one_duration_grammar() {
        use std::time::Duration;
        let ms = |n| Ok(Duration::from_millis(n));
        assert_eq!(duration("0"), ms(0));
        assert_eq!(duration("0s"), ms(0));
        assert_eq!(duration("90"), ms(90_000));
        assert_eq!(duration("500ms"), ms(500));
        assert_eq!(duration("30s"), ms(30_000));
        assert_eq!(duration("10m"), ms(600_000));
        assert_eq!(duration("1m30s"), ms(90_000));
        assert_eq!(duration("1h30m"), ms(5_400_000));
        assert_eq!(duration("2h"), ms(7_200_000));
        assert_eq!(duration("7d"), ms(604_800_000));
        assert_eq!(duration("1w"), ms(604_800_000));
        assert_eq!(duration("1s500ms"), ms(1500));
        assert_eq!(duration(" 2M "), ms(120_000));
        for bad in ["", "5x", "m", "10m5", "1.5s", "-1s", "1 m", "5mss", "ms"] {
            assert!(
                duration(bad).unwrap_err().contains("not a duration"),
                "{bad:?}"
            );
        }
        for huge in [
            "99999999999999999w",
            "99999999999999999999",
            "18446744073709552s",
        ] {
            assert!(duration(huge).unwrap_err().contains("too long"), "{huge:?}");
        }
    }

    #[test]
    fn every_wrapper_takes_the_same_grammar() {
        use std::time::Duration;
        for (text, ms) in [("90", 90_000), ("1m30s", 90_000), ("2h", 7_200_000)] {
            assert_eq!(duration(text), Ok(Duration::from_millis(ms)));
            assert_eq!(timeout(text), Ok(Duration::from_millis(ms)));
            assert_eq!(seconds(text), Ok(ms / 1000));
        }
        assert_eq!(timeout("500ms"), Ok(Duration::from_millis(500)));
        assert!(timeout("0").unwrap_err().contains("at least 1ms"));
        assert!(timeout("0ms").unwrap_err().contains("at least 1ms"));
        assert_eq!(seconds("0"), Ok(0));
        assert_eq!(seconds("2000ms"), Ok(2));
        assert!(seconds("500ms").unwrap_err().contains("whole seconds"));
    }

    #[test]
    fn sizes() {
        assert_eq!(byte_size("1M"), Ok(1 << 20));
        assert_eq!(byte_size("64k"), Ok(64 << 10));
        assert_eq!(byte_size("100"), Ok(100));
        assert!(byte_size("0").is_err());
        assert!(byte_size("12X").is_err());
        assert!(byte_size("99999999999999999999G").is_err());
    }

    #[test]
    fn user_ids() {
        assert_eq!(user_id("42"), Ok("42".to_owned()));
        assert_eq!(user_id(" 42 "), Ok(" 42 ".to_owned()));
        for blank in ["", " ", "\t\n", "\u{a0}"] {
            assert!(user_id(blank).unwrap_err().contains("empty"), "{blank:?}");
        }
    }
}
