//! The real terminal: the only file that knows dialoguer. It draws questions on standard error,
//! reads keys, and turns Ctrl-C into [`Interrupted`] with the cursor shown again.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{bail, Result};
use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, Select};

use super::session::{Choice, Current, Interrupted, Prompter, QuestionView};

/// Set by the Ctrl-C handler; checked before each prompt, for a Ctrl-C between two prompts.
static CTRL_C: AtomicBool = AtomicBool::new(false);

/// Are standard input, output and error all terminals? (dialoguer itself only checks stderr.)
pub fn is_interactive() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal()
}

/// Refuses at once, naming what is not a terminal, when a session cannot be interactive.
pub fn require_interactive(command: &str, instead: &str) -> Result<()> {
    let missing: Vec<&str> = [
        ("standard input", std::io::stdin().is_terminal()),
        ("standard output", std::io::stdout().is_terminal()),
        ("standard error", std::io::stderr().is_terminal()),
    ]
    .into_iter()
    .filter(|(_, is_terminal)| !is_terminal)
    .map(|(name, _)| name)
    .collect();
    if !missing.is_empty() {
        bail!(
            "{command} is interactive and needs a terminal, but {} {} not one; {instead}",
            missing.join(" and "),
            if missing.len() == 1 { "is" } else { "are" }
        );
    }
    Ok(())
}

/// Installs the Ctrl-C handler: it only shows the cursor again and records the interrupt; the
/// prompt being read returns an "interrupted" error, which ends the session in order.
pub fn install_interrupt_handler() {
    // Only fails when a handler is installed already, which is then just as good.
    let _ = ctrlc::set_handler(|| {
        let _ = Term::stderr().show_cursor();
        CTRL_C.store(true, Ordering::SeqCst);
    });
}

/// Prompts on standard error.
pub struct Terminal {
    term: Term,
    theme: Box<dyn Theme>,
}

impl Terminal {
    /// `color`: whether prompts may be coloured (the `--color` / `NO_COLOR` decision).
    pub fn new(color: bool) -> Terminal {
        let theme: Box<dyn Theme> = if color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Terminal {
            term: Term::stderr(),
            theme,
        }
    }

    /// Writes a line of text.
    pub fn line(&self, text: &str) -> Result<()> {
        self.term.write_line(text).map_err(interrupted)
    }

    /// Asks for a line of text; `initial` is editable, `allow_empty` accepts an empty line.
    pub fn text(&self, prompt: &str, initial: Option<&str>, allow_empty: bool) -> Result<String> {
        check_ctrl_c()?;
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(allow_empty);
        if let Some(initial) = initial.filter(|s| !s.is_empty()) {
            input = input.with_initial_text(initial);
        }
        let text = input.interact_text_on(&self.term).map_err(dialog_error)?;
        Ok(text.trim().to_string())
    }

    /// Asks to pick one of `items`; `default` is preselected. Esc or q give `None`.
    pub fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<Option<usize>> {
        check_ctrl_c()?;
        Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default.min(items.len().saturating_sub(1)))
            .interact_on_opt(&self.term)
            .map_err(dialog_error)
    }

    /// Like [`Terminal::select`], but Esc and q do nothing: an answer is needed.
    pub fn pick(&self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        loop {
            if let Some(index) = self.select(prompt, items, default)? {
                return Ok(index);
            }
        }
    }
}

impl Prompter for Terminal {
    fn notice(&mut self, message: &str) -> Result<()> {
        self.line(message)
    }

    fn ask_level(&mut self, view: &QuestionView) -> Result<Choice> {
        let width = 30;
        let filled = width * view.answered / view.total.max(1);
        self.line("")?;
        self.line(&format!(
            "{} · question {} of {} · {} answered [{}{}]",
            view.dimension,
            view.position,
            view.total,
            view.answered,
            "#".repeat(filled),
            "-".repeat(width - filled)
        ))?;
        self.line(&view.text)?;
        if !view.guidance.trim().is_empty() {
            self.line(&format!("  {}", view.guidance.trim()))?;
        }
        let mut items: Vec<String> = view
            .levels
            .iter()
            .map(|l| format!("{} {}: {}", l.index, l.label, l.descriptor))
            .collect();
        let mut choices: Vec<Choice> = view.levels.iter().map(|l| Choice::Level(l.index)).collect();
        if view.allow_na {
            items.push("Not applicable (give a reason)".into());
            choices.push(Choice::NotApplicable);
        }
        items.push(match view.current {
            Current::Unanswered => "Skip for now".into(),
            _ => "Keep this answer and go on".into(),
        });
        choices.push(Choice::Skip);
        if view.can_go_back {
            items.push("Back to the previous question".into());
            choices.push(Choice::Back);
        }
        let default = match view.current {
            Current::Level(level) => level,
            Current::NotApplicable => view.levels.len(),
            Current::Unanswered => 0,
        };
        let prompt = "Answer (↑/↓, Enter; Esc stops, answers are saved)";
        Ok(match self.select(prompt, &items, default)? {
            Some(index) => choices.get(index).copied().unwrap_or(Choice::Skip),
            None => Choice::Quit,
        })
    }

    fn ask_reason(&mut self, _view: &QuestionView, current: Option<&str>) -> Result<String> {
        self.text("Why does it not apply?", current, false)
    }

    fn ask_note(&mut self, _view: &QuestionView, current: Option<&str>) -> Result<String> {
        self.text("Note (optional, Enter to go on)", current, true)
    }
}

/// Fails with [`Interrupted`] when Ctrl-C was pressed since the last prompt.
fn check_ctrl_c() -> Result<()> {
    if CTRL_C.load(Ordering::SeqCst) {
        let _ = Term::stderr().show_cursor();
        return Err(Interrupted.into());
    }
    Ok(())
}

/// A dialoguer error: Ctrl-C becomes [`Interrupted`], with the cursor shown again (the prompt
/// hid it and gave up without showing it).
fn dialog_error(error: dialoguer::Error) -> anyhow::Error {
    let dialoguer::Error::IO(io) = error;
    interrupted(io)
}

fn interrupted(error: std::io::Error) -> anyhow::Error {
    if error.kind() == std::io::ErrorKind::Interrupted {
        let _ = Term::stderr().show_cursor();
        return Interrupted.into();
    }
    anyhow::Error::new(error).context("cannot use the terminal")
}
