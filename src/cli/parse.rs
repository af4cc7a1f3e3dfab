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

/// Parses a duration: seconds (`90`), or numbers with units `s`, `m`, `h`, `d`, `w`, combined
/// (`30s`, `10m`, `1h30m`, `7d`). Returns whole seconds.
///
/// # Errors
/// A message when the number or a unit is not understood, or the value overflows.
pub fn duration(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let bad =
        || format!("`{s}` is not a duration: use seconds or units s, m, h, d, w (30s, 10m, 1h30m)");
    if t.is_empty() {
        return Err(bad());
    }
    if let Ok(n) = t.parse::<u64>() {
        return Ok(n);
    }
    let mut total = 0u64;
    let mut num = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let unit = match c.to_ascii_lowercase() {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86400,
            'w' => 7 * 86400,
            _ => return Err(bad()),
        };
        let n: u64 = num.parse().map_err(|_| bad())?;
        num.clear();
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("`{s}` is too long a duration"))?;
    }
    if !num.is_empty() {
        return Err(bad());
    }
    Ok(total)
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

/// Parses a timeout: `500ms`, `5s`, `2m`, `1h`, or plain seconds; at least 1 ms.
///
/// # Errors
/// A message naming the accepted forms.
pub fn timeout(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let err = || format!("`{s}` is not a duration: use e.g. 500ms, 5s, 2m or 1h");
    let n: u64 = num.parse().map_err(|_| err())?;
    let ms = match unit {
        "ms" => n,
        "" | "s" => n.saturating_mul(1000),
        "m" => n.saturating_mul(60_000),
        "h" => n.saturating_mul(3_600_000),
        _ => return Err(err()),
    };
    if ms == 0 {
        return Err(format!("`{s}`: a timeout must be at least 1ms"));
    }
    Ok(std::time::Duration::from_millis(ms))
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
    fn durations() {
        assert_eq!(duration("0"), Ok(0));
        assert_eq!(duration("90"), Ok(90));
        assert_eq!(duration("30s"), Ok(30));
        assert_eq!(duration("10m"), Ok(600));
        assert_eq!(duration("1h30m"), Ok(5400));
        assert_eq!(duration("2d"), Ok(172_800));
        assert!(duration("").is_err());
        assert!(duration("5x").is_err());
        assert!(duration("m").is_err());
        assert!(duration("10m5").is_err());
        assert!(duration("99999999999999999w").is_err());
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
