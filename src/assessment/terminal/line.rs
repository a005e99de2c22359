//! A one-line text prompt that Esc leaves. dialoguer's `Input` reads Esc as no key at all, and
//! the note and reason prompts need it, to go back to the question's choices. The prompt is
//! formatted by the same dialoguer theme as the other prompts, so it looks like them.

use std::io;

use dialoguer::console::{measure_text_width, Key, Term};
use dialoguer::theme::Theme;

use crate::style;

/// Reads a line after `prompt`, starting from `initial`, which can be edited. `None` when Esc
/// was pressed: the prompt is then wiped. On Enter the prompt is left on screen with the text.
pub fn read(
    term: &Term,
    theme: &dyn Theme,
    prompt: &str,
    initial: &str,
) -> io::Result<Option<String>> {
    let mut head = String::new();
    // Writing to a String cannot fail.
    let _ = theme.format_input_prompt(&mut head, prompt, None);
    let mut line = Line::new(initial);
    let mut row = 0;
    loop {
        row = draw(term, &head, &line, row)?;
        match term.read_key()? {
            Key::Enter => {
                wipe(term, row)?;
                let text = line.text();
                let mut done = String::new();
                let _ = theme.format_input_prompt_selection(&mut done, prompt, &text);
                term.write_line(&done)?;
                return Ok(Some(text));
            }
            Key::Escape => {
                wipe(term, row)?;
                return Ok(None);
            }
            Key::Char(c) if style::visible(c.encode_utf8(&mut [0; 4])).chars().count() == 1 => {
                line.insert(c);
            }
            Key::Backspace => line.backspace(),
            Key::Del => line.delete(),
            Key::ArrowLeft => line.cursor = line.cursor.saturating_sub(1),
            Key::ArrowRight => line.cursor = (line.cursor + 1).min(line.chars.len()),
            Key::Home => line.cursor = 0,
            Key::End => line.cursor = line.chars.len(),
            _ => {}
        }
    }
}

/// The text being typed and the cursor's place in it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Line {
    chars: Vec<char>,
    /// Index into `chars` of the character the cursor is on (their count at the end).
    cursor: usize,
}

impl Line {
    fn new(initial: &str) -> Line {
        let chars: Vec<char> = initial.chars().collect();
        Line {
            cursor: chars.len(),
            chars,
        }
    }

    fn text(&self) -> String {
        self.chars.iter().collect()
    }

    fn insert(&mut self, c: char) {
        self.chars.insert(self.cursor, c);
        self.cursor += 1;
    }

    fn backspace(&mut self) {
        if self.cursor > 0 {
            self.cursor -= 1;
            self.chars.remove(self.cursor);
        }
    }

    fn delete(&mut self) {
        if self.cursor < self.chars.len() {
            self.chars.remove(self.cursor);
        }
    }
}

/// Redraws the prompt and the text from the prompt's first row, `row` being the cursor's row
/// below it now, and puts the cursor in place; returns its new row.
fn draw(term: &Term, head: &str, line: &Line, row: usize) -> io::Result<usize> {
    let columns = usize::from(term.size().1).max(1);
    wipe(term, row)?;
    let text = line.text();
    term.write_str(head)?;
    term.write_str(&text)?;
    let start = measure_text_width(head);
    let end = start + measure_text_width(&text);
    if end > 0 && end.is_multiple_of(columns) {
        // The cursor waits past the last column; a space takes it to the next row, as the
        // sums below expect.
        term.write_str(" \r")?;
    }
    let before: String = line.chars[..line.cursor].iter().collect();
    let at = start + measure_text_width(&before);
    term.move_cursor_up(end / columns - at / columns)?;
    term.write_str("\r")?;
    term.move_cursor_right(at % columns)?;
    term.flush()?;
    Ok(at / columns)
}

/// Clears from the prompt's first row to the end of the screen, `row` rows below it.
fn wipe(term: &Term, row: usize) -> io::Result<()> {
    term.move_cursor_up(row)?;
    term.clear_to_end_of_screen()
}

#[cfg(test)]
mod tests {
    use super::Line;

    #[test]
    fn editing_keys_move_and_change_the_text_at_the_cursor() {
        let mut line = Line::new("ac");
        line.cursor -= 1;
        line.insert('b');
        assert_eq!((line.text().as_str(), line.cursor), ("abc", 2));
        line.backspace();
        assert_eq!((line.text().as_str(), line.cursor), ("ac", 1));
        line.delete();
        assert_eq!((line.text().as_str(), line.cursor), ("a", 1));
        line.delete();
        line.cursor = 0;
        line.backspace();
        assert_eq!((line.text().as_str(), line.cursor), ("a", 0));
    }
}
