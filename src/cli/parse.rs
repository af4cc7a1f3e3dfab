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
    fn sizes() {
        assert_eq!(byte_size("1M"), Ok(1 << 20));
        assert_eq!(byte_size("64k"), Ok(64 << 10));
        assert_eq!(byte_size("100"), Ok(100));
        assert!(byte_size("0").is_err());
        assert!(byte_size("12X").is_err());
        assert!(byte_size("99999999999999999999G").is_err());
    }
}
