//! Structured plain text: the long texts of a questionnaire (guidance, level descriptors, action
//! texts) written as YAML `|` blocks, with their lines, blank-line paragraphs and `- `, `* ` or
//! `1.` lists. The text is parsed once into blocks and rendered for a terminal (wrapped, indented,
//! continuation lines aligned), Markdown (block or table cell) and HTML.
//!
//! A text on one line (every folded `>-` text) is one paragraph and renders exactly as plain
//! text always did; only a text with line breaks has structure. Inside it every line break is
//! kept, as YAML's `|` promises: a line of a paragraph stays a line, and a list item's following
//! lines, indented under its text, stay lines of that item.

use textwrap::{Options, WordSeparator, WordSplitter};

/// A text parsed into its blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructuredText {
    blocks: Vec<Part>,
}

/// A block and whether a blank line came before it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    after_blank: bool,
    block: Block,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    /// A paragraph: its lines as written, without their indentation.
    Lines(Vec<String>),
    /// A bulleted or numbered list.
    List { ordered: bool, items: Vec<Item> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    /// `-` for a bullet, `3.` for a numbered item (as numbered in the text).
    marker: String,
    /// The item's text: its first paragraph, then any nested lists or paragraphs.
    blocks: Vec<Part>,
}

/// A line of the source: its indentation in columns and its text without it.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    indent: usize,
    text: &'a str,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Whether `text` has structure: more than one line once leading and trailing blank space is
/// set aside. Text without it is one paragraph and is shown as it always was.
pub fn is_structured(text: &str) -> bool {
    text.trim().contains('\n')
}

/// `text` for a terminal (see [`StructuredText::terminal`]); text on one line exactly as a plain
/// paragraph always was, however it ends.
pub fn terminal(text: &str, width: Option<u16>, first: &str, rest: &str) -> String {
    if is_structured(text) {
        StructuredText::parse(text).terminal(width, first, rest)
    } else {
        let mut out = fill(text, width, first, rest);
        out.push('\n');
        out
    }
}

/// `text` for a Markdown table cell (see [`StructuredText::markdown_cell`]); text on one line is
/// `inline(text)`, as it always was.
pub fn markdown_cell(text: &str, inline: &dyn Fn(&str) -> String) -> String {
    if is_structured(text) {
        StructuredText::parse(text).markdown_cell(inline)
    } else {
        inline(text)
    }
}

/// `text` as HTML blocks (see [`StructuredText::html`]) when it has structure; `None` for text on
/// one line, which the caller shows as it always did.
pub fn html(text: &str) -> Option<String> {
    is_structured(text).then(|| StructuredText::parse(text).html())
}

impl StructuredText {
    pub fn parse(text: &str) -> StructuredText {
        if !is_structured(text) {
            let line = text.trim();
            let blocks = match line.is_empty() {
                true => Vec::new(),
                false => vec![Part {
                    after_blank: false,
                    block: Block::Lines(vec![line.to_string()]),
                }],
            };
            return StructuredText { blocks };
        }
        let lines: Vec<Line> = text
            .lines()
            .map(|raw| {
                let raw = raw.trim_end();
                let body = raw.trim_start();
                let indent = raw[..raw.len() - body.len()]
                    .chars()
                    .map(|c| if c == '\t' { 4 } else { 1 })
                    .sum();
                Line { indent, text: body }
            })
            .collect();
        let least = lines
            .iter()
            .filter(|l| !l.blank())
            .map(|l| l.indent)
            .min()
            .unwrap_or(0);
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|l| Line {
                indent: l.indent - least.min(l.indent),
                text: l.text,
            })
            .collect();
        StructuredText {
            blocks: parse_blocks(&lines, 0),
        }
    }

    /// Each line of the text, wrapped to `width` columns (not at all without a width): the first
    /// line starts with `first`, every other with `rest`, list items hang under their marker.
    /// Ends with a newline; empty text gives `first` alone on its line.
    pub fn terminal(&self, width: Option<u16>, first: &str, rest: &str) -> String {
        let mut out = TerminalLines {
            width,
            first: Some(first),
            lines: Vec::new(),
        };
        out.blocks(&self.blocks, rest, rest);
        if out.lines.is_empty() {
            out.lines.push(first.trim_end().to_string());
        }
        let mut text = out.lines.join("\n");
        text.push('\n');
        text
    }

    /// Markdown blocks: paragraphs with hard line breaks, real lists, a blank line where the text
    /// had one. The first line has no prefix (the caller writes it after its own, e.g. `- `);
    /// every other non-blank line starts with `indent`. `inline` escapes a line's text.
    pub fn markdown(&self, indent: &str, inline: &dyn Fn(&str) -> String) -> String {
        let mut out = String::new();
        markdown_blocks(&self.blocks, indent, inline, &mut out);
        out
    }

    /// The text for one Markdown table cell: lines joined with `<br>`, a blank line between
    /// paragraphs, list items on their own lines with their marker. `inline` escapes a line's
    /// text, and must make a line break a space.
    pub fn markdown_cell(&self, inline: &dyn Fn(&str) -> String) -> String {
        let mut lines = Vec::new();
        cell_lines(&self.blocks, 0, inline, &mut lines);
        lines.join("<br>")
    }

    /// HTML blocks: `<p>` per paragraph (its lines joined by `<br>`), `<ul>` or `<ol>` per list,
    /// every text escaped.
    pub fn html(&self) -> String {
        let mut out = String::new();
        html_blocks(&self.blocks, &mut out);
        out
    }
}

/// A bullet (`-`, `*` or `+`) or a number (`1.`, `2)`) and a space, then the item's text.
fn list_marker(text: &str) -> Option<(bool, &str, &str)> {
    if let Some(rest) = ["- ", "* ", "+ "]
        .iter()
        .find_map(|bullet| text.strip_prefix(bullet))
    {
        return Some((false, "-", rest));
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let after = &text[digits..];
        if let Some(rest) = after
            .strip_prefix(". ")
            .or_else(|| after.strip_prefix(") "))
        {
            return Some((true, &text[..=digits], rest));
        }
    }
    None
}

/// Lists nest at most this deep; deeper marker lines are lines of the deepest item's text, so a
/// hostile text cannot run the parser out of stack.
const MAX_DEPTH: usize = 8;

fn parse_blocks(lines: &[Line], depth: usize) -> Vec<Part> {
    let mut blocks = Vec::new();
    let mut i = 0;
    let mut after_blank = false;
    while i < lines.len() {
        let line = lines[i];
        if line.blank() {
            after_blank = !blocks.is_empty();
            i += 1;
            continue;
        }
        let marker = list_marker(line.text).filter(|_| depth < MAX_DEPTH);
        let block = match marker {
            Some((ordered, _, _)) => {
                let (items, next) = parse_list(lines, i, ordered, depth);
                i = next;
                Block::List { ordered, items }
            }
            None => {
                let mut paragraph = Vec::new();
                let starts_list = |l: &Line| depth < MAX_DEPTH && list_marker(l.text).is_some();
                while i < lines.len() && !lines[i].blank() && !starts_list(&lines[i]) {
                    paragraph.push(lines[i].text.to_string());
                    i += 1;
                }
                Block::Lines(paragraph)
            }
        };
        blocks.push(Part { after_blank, block });
        after_blank = false;
    }
    blocks
}

/// The items of the list whose first item is line `start`, and the index of the line after it.
/// A list goes on while items of its kind follow at its indentation, blank lines between them
/// allowed; an item owns the lines indented under it and the unindented lines right after it.
fn parse_list(lines: &[Line], start: usize, ordered: bool, depth: usize) -> (Vec<Item>, usize) {
    let base = lines[start].indent;
    let mut items = Vec::new();
    let mut i = start;
    while let Some((_, marker, first)) = list_marker(lines[i].text) {
        let content_column = base + marker.len() + 1;
        let mut body = vec![Line {
            indent: 0,
            text: first.trim_start(),
        }];
        i += 1;
        let mut blanks = 0;
        while i < lines.len() {
            let line = lines[i];
            if line.blank() {
                blanks += 1;
                i += 1;
                continue;
            }
            let owned = line.indent > base
                || (blanks == 0 && line.indent == base && list_marker(line.text).is_none());
            if !owned {
                break;
            }
            body.extend(std::iter::repeat_n(
                Line {
                    indent: 0,
                    text: "",
                },
                blanks,
            ));
            blanks = 0;
            body.push(Line {
                indent: line.indent.saturating_sub(content_column),
                text: line.text,
            });
            i += 1;
        }
        items.push(Item {
            marker: marker.to_string(),
            blocks: parse_blocks(&body, depth + 1),
        });
        let next_item = lines.get(i).is_some_and(|l| {
            l.indent == base && list_marker(l.text).is_some_and(|(o, _, _)| o == ordered)
        });
        if !next_item {
            // Give back the blank lines before what follows, so it knows it follows one.
            i -= blanks.min(1);
            break;
        }
    }
    (items, i)
}

/// Lines for a terminal, the first of them starting with `first`.
struct TerminalLines<'a> {
    width: Option<u16>,
    first: Option<&'a str>,
    lines: Vec<String>,
}

impl TerminalLines<'_> {
    /// `blocks`, their first line starting with `lead` (unless the very first line of all is
    /// still to come), their other lines with `rest`.
    fn blocks(&mut self, blocks: &[Part], lead: &str, rest: &str) {
        for (n, part) in blocks.iter().enumerate() {
            if part.after_blank && !self.lines.is_empty() {
                self.lines.push(String::new());
            }
            let lead = if n == 0 { lead } else { rest };
            match &part.block {
                Block::Lines(lines) => {
                    for (l, line) in lines.iter().enumerate() {
                        let lead = self.lead(if l == 0 { lead } else { rest });
                        self.lines.extend(
                            fill(line, self.width, &lead, rest)
                                .lines()
                                .map(String::from),
                        );
                    }
                }
                Block::List { items, .. } => {
                    for (k, item) in items.iter().enumerate() {
                        let lead = self.lead(if k == 0 { lead } else { rest });
                        let hang = " ".repeat(item.marker.chars().count() + 1);
                        self.blocks(
                            &item.blocks,
                            &format!("{lead}{} ", item.marker),
                            &format!("{rest}{hang}"),
                        );
                    }
                }
            }
        }
    }

    /// The prefix of a line: `first` for the first line of all, else `lead`.
    fn lead(&mut self, lead: &str) -> String {
        match self.first.take() {
            Some(first) if self.lines.is_empty() => first.to_string(),
            _ => lead.to_string(),
        }
    }
}

/// `text` (one line) wrapped at words to `width` columns, its first line after `first`, the
/// others after `rest`; without a width, `first` and the text. Words never break, nor at hyphens.
pub fn fill(text: &str, width: Option<u16>, first: &str, rest: &str) -> String {
    match width {
        None => format!("{first}{text}"),
        Some(width) => {
            let options = Options::new(usize::from(width).max(first.len() + 10))
                .initial_indent(first)
                .subsequent_indent(rest)
                .word_separator(WordSeparator::AsciiSpace)
                .word_splitter(WordSplitter::NoHyphenation)
                .break_words(false);
            textwrap::fill(text, options)
        }
    }
}

fn markdown_blocks(
    blocks: &[Part],
    indent: &str,
    inline: &dyn Fn(&str) -> String,
    out: &mut String,
) {
    let mut previous: Option<&Block> = None;
    for part in blocks {
        if previous.is_some() {
            out.push('\n');
            // A numbered list that does not start at 1 cannot interrupt a paragraph.
            let needs_blank = match (&part.block, previous) {
                (Block::List { items, .. }, Some(Block::Lines(_))) => items
                    .first()
                    .is_some_and(|i| i.marker != "-" && i.marker != "1."),
                _ => false,
            };
            if part.after_blank || needs_blank {
                out.push('\n');
            }
            out.push_str(indent);
        }
        match &part.block {
            Block::Lines(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| inline(l)).collect();
                // A backslash at the end of a line is a hard line break.
                out.push_str(&lines.join(&format!("\\\n{indent}")));
            }
            Block::List { items, ordered } => {
                for (k, item) in items.iter().enumerate() {
                    if k > 0 {
                        out.push('\n');
                        out.push_str(indent);
                    }
                    let marker = match ordered {
                        true => item.marker.replace(')', "."),
                        false => "-".to_string(),
                    };
                    out.push_str(&marker);
                    out.push(' ');
                    let hang = " ".repeat(marker.len() + 1);
                    markdown_blocks(&item.blocks, &format!("{indent}{hang}"), inline, out);
                }
            }
        }
        previous = Some(&part.block);
    }
}

fn cell_lines(
    blocks: &[Part],
    depth: usize,
    inline: &dyn Fn(&str) -> String,
    out: &mut Vec<String>,
) {
    for part in blocks {
        if part.after_blank && !out.is_empty() {
            out.push(String::new());
        }
        match &part.block {
            Block::Lines(lines) => out.extend(lines.iter().map(|l| inline(l))),
            Block::List { items, .. } => {
                for item in items {
                    let start = out.len();
                    cell_lines(&item.blocks, depth + 1, inline, out);
                    if let Some(line) = out.get_mut(start) {
                        let nesting = "&nbsp;&nbsp;".repeat(depth);
                        *line = format!("{nesting}{} {line}", item.marker);
                    }
                }
            }
        }
    }
}

fn html_blocks(blocks: &[Part], out: &mut String) {
    for part in blocks {
        match &part.block {
            Block::Lines(lines) => {
                let lines: Vec<String> = lines.iter().map(|l| escape_html(l)).collect();
                out.push_str(&format!("<p>{}</p>", lines.join("<br>")));
            }
            Block::List { ordered, items } => {
                let tag = if *ordered { "ol" } else { "ul" };
                let start = match items.first().map(|i| i.marker.trim_end_matches(['.', ')'])) {
                    Some(n) if *ordered && n != "1" => format!(" start=\"{n}\""),
                    _ => String::new(),
                };
                out.push_str(&format!("<{tag}{start}>"));
                for item in items {
                    out.push_str("<li>");
                    match item.blocks.as_slice() {
                        // A one-paragraph item needs no <p>.
                        [Part {
                            block: Block::Lines(lines),
                            ..
                        }] => {
                            let lines: Vec<String> = lines.iter().map(|l| escape_html(l)).collect();
                            out.push_str(&lines.join("<br>"));
                        }
                        blocks => html_blocks(blocks, out),
                    }
                    out.push_str("</li>");
                }
                out.push_str(&format!("</{tag}>"));
            }
        }
    }
}

fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CRITERIA: &str = "Look for:\n- a written map, dated\n  within the last year\n* named owners\n\nThen check:\n1. the queue\n2. the fallback\n   - for AI failure\n";

    fn plain(text: &str) -> String {
        text.to_string()
    }

    #[test]
    fn one_line_is_one_paragraph_even_when_it_looks_like_a_list() {
        for text in ["- not a list", "1. nor this", "Folded text.\n"] {
            let parsed = StructuredText::parse(text);
            assert_eq!(
                parsed.terminal(None, "  ", "  "),
                format!("  {}\n", text.trim())
            );
            assert!(!is_structured(text));
        }
    }

    #[test]
    fn lines_lists_and_paragraphs_are_kept() {
        let text = StructuredText::parse(CRITERIA);
        assert_eq!(
            text.terminal(None, "> ", "  "),
            "> Look for:\n  - a written map, dated\n    within the last year\n  - named owners\n\n  Then check:\n  1. the queue\n  2. the fallback\n     - for AI failure\n"
        );
    }

    #[test]
    fn wrapped_items_hang_under_their_text() {
        let text = StructuredText::parse(
            "Check:\n- every exception type has a named role that resolves it within a day\n- ok",
        );
        let out = text.terminal(Some(30), "  ", "  ");
        assert_eq!(
            out,
            "  Check:\n  - every exception type has a\n    named role that resolves\n    it within a day\n  - ok\n"
        );
        assert!(out.lines().all(|l| l.chars().count() <= 30));
    }

    #[test]
    fn markdown_has_real_lists_indented_under_their_item() {
        let text = StructuredText::parse(CRITERIA);
        assert_eq!(
            text.markdown("  ", &plain),
            "Look for:\n  - a written map, dated\\\n    within the last year\n  - named owners\n\n  Then check:\n  1. the queue\n  2. the fallback\n     - for AI failure"
        );
        assert_eq!(
            text.markdown_cell(&plain),
            "Look for:<br>- a written map, dated<br>within the last year<br>- named owners<br><br>Then check:<br>1. the queue<br>2. the fallback<br>&nbsp;&nbsp;- for AI failure"
        );
    }

    #[test]
    fn html_has_paragraphs_and_lists_escaped() {
        let text = StructuredText::parse("A <b>\nB\n\n3. x & y\n4. z\n   - n");
        assert_eq!(
            text.html(),
            "<p>A &lt;b&gt;<br>B</p><ol start=\"3\"><li>x &amp; y</li><li><p>z</p><ul><li>n</li></ul></li></ol>"
        );
    }

    #[test]
    fn deep_nesting_and_windows_line_ends_are_safe() {
        let deep: String = (0..2000)
            .map(|i| format!("{}- level {i}\r\n", " ".repeat(2 * i)))
            .collect();
        let text = StructuredText::parse(&deep);
        let out = text.terminal(Some(80), "", "");
        assert!(out.contains("level 1999"));
        assert!(!out.contains('\r'));
        assert!(text.html().matches("<ul>").count() <= MAX_DEPTH);
    }

    #[test]
    fn a_blank_line_between_items_keeps_the_list() {
        let text = StructuredText::parse("- a\n\n- b\nafter b\n\nend");
        assert_eq!(text.terminal(None, "", ""), "- a\n- b\n  after b\n\nend\n");
        assert_eq!(
            text.html(),
            "<ul><li>a</li><li>b<br>after b</li></ul><p>end</p>"
        );
    }
}
