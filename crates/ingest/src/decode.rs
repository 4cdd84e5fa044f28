//! Character encodings: from the bytes of a feed to UTF-8 text.
//!
//! Order of evidence: a byte-order mark; the HTTP `Content-Type` charset; the XML
//! declaration's `encoding`; else detection with `chardetng`. A declared encoding
//! that does not decode the bytes cleanly is ignored (servers and feeds lie), and so
//! is a declared Latin-1/windows-1252/ASCII label when detection finds another
//! encoding for non-ASCII bytes (a common server default on Arabic feeds). When the
//! HTTP charset and the XML declaration disagree and both decode cleanly, detection
//! arbitrates between them.

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// How far into the body the XML declaration is looked for.
const DECL_SCAN: usize = 1024;

/// A decoded body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, with any byte-order mark removed.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
}

/// The `charset` parameter of a `Content-Type` value, if any.
pub fn charset_of_content_type(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(|c| c == '"' || c == '\''))
    })
}

/// The `encoding` label of an XML declaration at the start of `bytes`, read as ASCII.
pub fn xml_declared_encoding(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(DECL_SCAN)];
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = &head[start..];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let pos = decl.find("encoding")?;
    let rest = decl[pos + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let rest = &rest[1..];
    let close = rest.find(quote)?;
    Some(rest[..close].trim())
}

fn decode_clean(enc: &'static Encoding, bytes: &[u8]) -> Option<String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|c| c.into_owned())
}

fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// UTF-16 without a BOM, recognised by `<?` in either byte order.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match bytes {
        [b'<', 0, b'?', 0, ..] => Some(UTF_16LE),
        [0, b'<', 0, b'?', ..] => Some(UTF_16BE),
        _ => None,
    }
}

/// Decodes a feed body. `content_type` is the HTTP `Content-Type` header, if any.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc,
        };
    }
    if let Some(enc) = utf16_without_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(bytes);
        return Decoded {
            text: text.into_owned(),
            encoding: enc,
        };
    }

    let mut declared: Vec<&'static Encoding> = Vec::with_capacity(2);
    let http = content_type
        .and_then(charset_of_content_type)
        .and_then(|l| Encoding::for_label(l.as_bytes()));
    let xml = xml_declared_encoding(bytes).and_then(|l| Encoding::for_label(l.as_bytes()));
    for enc in [http, xml].into_iter().flatten() {
        // A UTF-16 label on bytes that had no BOM and no UTF-16 `<?`: the label is wrong.
        if enc == UTF_16LE || enc == UTF_16BE {
            continue;
        }
        if !declared.contains(&enc) {
            declared.push(enc);
        }
    }

    if bytes.is_ascii() {
        let enc = declared.first().copied().unwrap_or(UTF_8);
        // Every declared encoding left is ASCII-compatible: the text is the bytes.
        let text = String::from_utf8_lossy(bytes).into_owned();
        return Decoded {
            text,
            encoding: enc,
        };
    }

    let clean: Vec<(&'static Encoding, String)> = declared
        .iter()
        .filter_map(|&enc| decode_clean(enc, bytes).map(|t| (enc, t)))
        .collect();
    let mut detected: Option<&'static Encoding> = None;
    let mut detected_enc = || *detected.get_or_insert_with(|| detect(bytes));

    let choice = match clean.len() {
        0 => None,
        1 => Some(0),
        _ => {
            let d = detected_enc();
            Some(clean.iter().position(|(e, _)| *e == d).unwrap_or(0))
        }
    };
    if let Some(i) = choice {
        let (enc, _) = clean[i];
        let weak = enc == WINDOWS_1252;
        let override_weak = if weak {
            let d = detected_enc();
            (d != WINDOWS_1252)
                .then(|| decode_clean(d, bytes).map(|t| (d, t)))
                .flatten()
        } else {
            None
        };
        if let Some((d, text)) = override_weak {
            return Decoded { text, encoding: d };
        }
        let (enc, text) = clean.into_iter().nth(i).unwrap_or((enc, String::new()));
        return Decoded {
            text,
            encoding: enc,
        };
    }

    let enc = detected_enc();
    let (text, _) = enc.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding: enc,
    }
}

/// Replaces the XML declaration (if any) at the start of `text` by one that says
/// UTF-8, so that an XML parser given the UTF-8 bytes of `text` reads them as UTF-8.
/// A leading BOM character is dropped.
pub fn declare_utf8(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with("<?xml")
        && let Some(end) = trimmed.find("?>")
    {
        let decl = &trimmed[..end];
        let version = if decl.contains("1.1") { "1.1" } else { "1.0" };
        let mut out = String::with_capacity(text.len() + 16);
        out.push_str("<?xml version=\"");
        out.push_str(version);
        out.push_str("\" encoding=\"UTF-8\"?>");
        out.push_str(&trimmed[end + 2..]);
        return out;
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_parameter() {
        assert_eq!(
            charset_of_content_type("application/rss+xml; charset=windows-1256"),
            Some("windows-1256")
        );
        assert_eq!(
            charset_of_content_type("text/xml;Charset=\"UTF-8\""),
            Some("UTF-8")
        );
        assert_eq!(charset_of_content_type("text/xml"), None);
    }

    #[test]
    fn xml_declaration() {
        assert_eq!(
            xml_declared_encoding(b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss/>"),
            Some("windows-1256")
        );
        assert_eq!(
            xml_declared_encoding(b"  <?xml version='1.0' encoding = 'iso-8859-6' ?>"),
            Some("iso-8859-6")
        );
        assert_eq!(xml_declared_encoding(b"<?xml version=\"1.0\"?>"), None);
        assert_eq!(xml_declared_encoding(b"<rss/>"), None);
    }

    #[test]
    fn declaration_rewritten() {
        let t = declare_utf8("\u{feff}<?xml version=\"1.0\" encoding=\"windows-1256\"?>\n<rss/>");
        assert_eq!(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss/>");
        assert_eq!(declare_utf8("<rss/>"), "<rss/>");
    }

    #[test]
    fn arabic_encodings() {
        let text = "<?xml version=\"1.0\"?><rss><title>الأخبار العاجلة من العالم العربي اليوم</title></rss>";
        for enc in [encoding_rs::WINDOWS_1256, encoding_rs::ISO_8859_6, UTF_8] {
            let (bytes, _, _) = enc.encode(text);
            let d = decode(&bytes, None);
            assert_eq!(d.text, text, "{}", enc.name());
            // Mislabelled as Latin-1 or UTF-8 by the server.
            let d = decode(&bytes, Some("text/xml; charset=iso-8859-1"));
            assert_eq!(d.text, text, "{} as latin1", enc.name());
            let d = decode(&bytes, Some("text/xml; charset=utf-8"));
            assert_eq!(d.text, text, "{} as utf-8", enc.name());
        }
    }
}
