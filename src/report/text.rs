//! Prose for a terminal: paragraphs wrapped at word boundaries to the terminal's width with their
//! indentation, never inside a word (ids and hyphenated words stay whole). Without a width (the
//! output is a file or a pipe) nothing is wrapped, so the bytes are the same everywhere.

/// `text` as one paragraph: its first line starts with `first`, the others with `rest`; ends
/// with a newline.
pub fn paragraph(text: &str, width: Option<u16>, first: &str, rest: &str) -> String {
    let mut out = crate::structured_text::fill(text, width, first, rest);
    out.push('\n');
    out
}

/// "1 step", "2 steps".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_words_with_indentation() {
        let text = "Closes the gap on `data_ownership@customer-service-triage`: level 2 of target 3, well before the go-live.";
        let out = paragraph(text, Some(40), "  why: ", "       ");
        for line in out.lines() {
            assert!(
                line.chars().count() <= 40 || !line.trim().contains(' '),
                "{line:?}"
            );
        }
        assert!(out.contains("`data_ownership@customer-service-triage`:"));
        assert!(out.lines().skip(1).all(|l| l.starts_with("       ")));
        assert_eq!(
            out.split_whitespace().collect::<Vec<_>>().join(" "),
            format!("why: {text}")
        );
    }

    #[test]
    fn no_width_no_wrapping() {
        assert_eq!(paragraph("a b c", None, "- ", "  "), "- a b c\n");
        assert_eq!(count(1, "step", "steps"), "1 step");
        assert_eq!(count(0, "step", "steps"), "0 steps");
    }
}
