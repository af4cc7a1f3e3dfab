//! Compression that django-redis (and others) may apply, recognised by magic bytes: zlib, gzip,
//! xz/lzma, lz4 frame, zstd. Output is capped: a value that inflates past the limit is an error,
//! not an allocation.

use std::io::Read;

/// The compression `bytes` start with, by its magic bytes: `zlib`, `gzip`, `xz`, `lz4`, `zstd`.
pub fn magic(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x78, b1, ..] if (0x7800u16 | u16::from(*b1)).is_multiple_of(31) => Some("zlib"),
        [0x1f, 0x8b, ..] => Some("gzip"),
        [0xfd, b'7', b'z', b'X', b'Z', 0x00, ..] => Some("xz"),
        [0x04, 0x22, 0x4d, 0x18, ..] => Some("lz4"),
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Some("zstd"),
        _ => None,
    }
}

/// Decompresses `bytes` when they start with a recognised magic; `Ok(None)` when they don't.
///
/// # Errors
/// Corrupt data, or output beyond `max` bytes.
pub fn decompress(bytes: &[u8], max: usize) -> Result<Option<Vec<u8>>, String> {
    let Some(kind) = magic(bytes) else {
        return Ok(None);
    };
    let result = match kind {
        "zlib" => read_capped(flate2::read::ZlibDecoder::new(bytes), max),
        "gzip" => read_capped(flate2::read::GzDecoder::new(bytes), max),
        "lz4" => read_capped(lz4_flex::frame::FrameDecoder::new(bytes), max),
        "zstd" => match ruzstd::decoding::StreamingDecoder::new(bytes) {
            Ok(d) => read_capped(d, max),
            Err(e) => Err(e.to_string()),
        },
        _ => match liblzma::stream::Stream::new_stream_decoder(XZ_MEMLIMIT, 0) {
            Ok(stream) => read_capped(liblzma::bufread::XzDecoder::new_stream(bytes, stream), max),
            Err(e) => Err(e.to_string()),
        },
    };
    match result {
        Ok(out) => Ok(Some(out)),
        // django-redis stores short values uncompressed and falls back when decompression fails:
        // a pickle or JSON value that merely starts like a magic is not an error.
        Err(_) if kind == "zlib" && bytes.len() < 16 => Ok(None),
        Err(e) => Err(format!("{kind} data: {e}")),
    }
}

/// Memory the xz decoder may use (mostly its dictionary): every preset up to `xz -9` (64 MiB) fits;
/// a header asking for more is refused before anything is allocated.
const XZ_MEMLIMIT: u64 = 80 << 20;

fn read_capped(r: impl Read, max: usize) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.take(max as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| e.to_string())?;
    if out.len() > max {
        return Err(format!("more than {max} bytes once decompressed"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write as _;

    #[test]
    fn zlib_and_gzip_round_trip() {
        let data = b"{\"a\":\"hello hello hello hello\"}".repeat(10);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&data).unwrap();
        let z = z.finish().unwrap();
        assert_eq!(decompress(&z, 1 << 20).unwrap().unwrap(), data);
        let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        g.write_all(&data).unwrap();
        let g = g.finish().unwrap();
        assert_eq!(decompress(&g, 1 << 20).unwrap().unwrap(), data);
        assert!(
            decompress(&g, 10)
                .unwrap_err()
                .contains("more than 10 bytes")
        );
    }

    #[test]
    fn lz4_round_trip() {
        let data = b"session data ".repeat(50);
        let mut w = lz4_flex::frame::FrameEncoder::new(Vec::new());
        w.write_all(&data).unwrap();
        let c = w.finish().unwrap();
        assert_eq!(decompress(&c, 1 << 20).unwrap().unwrap(), data);
    }

    #[test]
    fn xz_is_streamed_and_capped() {
        let data = b"{\"_auth_user_id\": \"42\"} ".repeat(100);
        let mut w = liblzma::write::XzEncoder::new(Vec::new(), 6);
        w.write_all(&data).unwrap();
        let c = w.finish().unwrap();
        assert_eq!(decompress(&c, 1 << 20).unwrap().unwrap(), data);
        // 16 MiB of zeros compress to a few KB: inflating stops at the cap, not at the end.
        let mut w = liblzma::write::XzEncoder::new(Vec::new(), 1);
        for _ in 0..16 {
            w.write_all(&vec![0u8; 1 << 20]).unwrap();
        }
        let bomb = w.finish().unwrap();
        assert!(bomb.len() < 64 << 10, "{}", bomb.len());
        let err = decompress(&bomb, 1 << 20).unwrap_err();
        assert!(err.contains("more than 1048576 bytes"), "{err}");
    }

    #[test]
    fn plain_values_are_left_alone() {
        assert_eq!(decompress(b"{\"a\":1}", 100).unwrap(), None);
        assert_eq!(decompress(b"\x80\x05\x95", 100).unwrap(), None);
        assert!(decompress(b"\x1f\x8bgarbage", 100).is_err());
    }
}
