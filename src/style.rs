//! The colour and terminal decision, made once from the flag and the environment.

use std::io::IsTerminal;

/// `--color` as the user gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// What the output may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Colour escapes allowed on standard output.
    pub color: bool,
}

impl Style {
    /// The flag wins; then `NO_COLOR` (any non-empty value) and `TERM=dumb` turn colour off;
    /// otherwise colour only when standard output is a terminal.
    pub fn decide(choice: ColorChoice) -> Style {
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
                !no_color && !dumb && std::io::stdout().is_terminal()
            }
        };
        Style { color }
    }

    /// For output written to a file: never coloured.
    pub fn plain() -> Style {
        Style { color: false }
    }
}

/// `text` safe to print on a terminal: control characters (other than newline and tab), and the
/// Unicode controls that reorder text, shown as escapes such as `\x1b` instead of acting. User
/// text (names, notes, questionnaire wording) can carry escape sequences that would clear the
/// screen, retitle the window or hide words; printed this way they are seen, not obeyed.
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            let code = u32::from(c);
            if code <= 0xff {
                out.push_str(&format!("\\x{code:02x}"));
            } else {
                out.push_str(&format!("\\u{{{code:04x}}}"));
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// As [`visible`], for text that must stay on one line (a name, an id): line breaks and tabs are
/// shown as `\x0a` and `\x09` too.
pub fn visible_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| needs_escape(c) || c == '\n' || c == '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\x0a"),
            '\t' => out.push_str("\\x09"),
            _ => out.push_str(&visible(c.encode_utf8(&mut [0; 4]))),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::{visible, visible_line};

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(visible("plain\ttext\n"), "plain\ttext\n");
        assert_eq!(
            visible("a\u{1b}[2Jb\u{7}c\rd\u{9b}e\u{202e}f"),
            "a\\x1b[2Jb\\x07c\\x0dd\\x9be\\u{202e}f"
        );
        assert_eq!(visible_line("a\nb\tc\u{1b}"), "a\\x0ab\\x09c\\x1b");
        assert_eq!(visible_line("plain"), "plain");
    }
}
