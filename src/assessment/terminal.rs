//! The real terminal: the only file that knows dialoguer. It draws questions on standard error,
//! reads keys, and turns Ctrl-C (and SIGINT, SIGTERM, SIGHUP) into [`Interrupted`] with the
//! terminal put back as it was.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{bail, Result};
use dialoguer::console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, Select};

use super::session::{Choice, Current, Interrupted, Prompter, QuestionView};
use crate::style;

/// Set by the Ctrl-C handler; checked before each prompt, for a Ctrl-C between two prompts, and
/// after a prompt fails, for a terminal closed (SIGHUP) while a prompt read it.
static CTRL_C: AtomicBool = AtomicBool::new(false);
/// Set by whichever ends the program after a Ctrl-C first: the session, in order, or the handler
/// after its grace period. The other one then stays silent, so the message is printed once.
static ENDING: AtomicBool = AtomicBool::new(false);
/// What to print if the handler has to end the program itself (see `install_interrupt_handler`).
static FALLBACK_MESSAGE: Mutex<String> = Mutex::new(String::new());
/// How long the handler waits for the session to end in order before ending it itself.
const GRACE: Duration = Duration::from_millis(500);
/// Exit code of an interrupted session, as `error::exit::INTERRUPTED`.
const INTERRUPTED_EXIT: i32 = crate::error::exit::INTERRUPTED;

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
    let names = match missing.as_slice() {
        [] => return Ok(()),
        [one] => format!("{one} is not a terminal"),
        [init @ .., last] => format!("{} and {last} are not terminals", init.join(", ")),
    };
    bail!("{command} is interactive and needs a terminal, but {names}; {instead}");
}

/// Installs the Ctrl-C handler. A Ctrl-C typed while a prompt reads keys is read as a key: the
/// prompt returns an "interrupted" error, which ends the session in order (exit 130).
///
/// Any other SIGINT (a Ctrl-C typed between two prompts, or in the instant before a prompt puts
/// the terminal in raw mode, or `kill -INT`), and SIGTERM and SIGHUP (`kill`, the terminal
/// window closed; ctrlc's `termination` feature), reach this handler's thread only, since the
/// main thread blocks them. One handler serves all three, and cannot tell them apart, so each
/// ends the session the same way, with exit code 130. The handler shows the cursor and raises a flag the next prompt checks;
/// if the session has not ended in order after a short grace period (the prompt is waiting for a
/// key), the handler puts the terminal back in the mode it had at the start, prints
/// `set_interrupt_message`'s text and exits with 130 itself. That is safe because every answer
/// is on disk before the next prompt, and writes are atomic.
pub fn install_interrupt_handler() {
    let saved = mode::save();
    // Only fails when a handler is installed already, which is then just as good.
    let _ = ctrlc::set_handler(move || {
        let _ = Term::stderr().show_cursor();
        CTRL_C.store(true, Ordering::SeqCst);
        std::thread::sleep(GRACE);
        if !ENDING.swap(true, Ordering::SeqCst) {
            let message = FALLBACK_MESSAGE
                .lock()
                .map(|m| m.clone())
                .unwrap_or_default();
            // The prompt that was waiting for a key had put the terminal in raw mode.
            mode::restore(saved.as_ref());
            // Standard error may be gone (the terminal closed): the exit code still tells.
            let _ = writeln!(std::io::stderr(), "\n{message}");
            std::process::exit(INTERRUPTED_EXIT);
        }
    });
    mode::signals_to_handler();
}

/// The terminal's mode (echo, line editing, signals) as it was before the first prompt, so the
/// Ctrl-C handler can put it back when it ends the program in the middle of a prompt.
#[cfg(unix)]
mod mode {
    use std::sync::OnceLock;

    use rustix::termios::{tcflush, tcgetattr, tcsetattr, OptionalActions, QueueSelector, Termios};

    /// The mode saved when the handler was installed, for [`super::restore`].
    static AT_START: OnceLock<Termios> = OnceLock::new();

    pub fn save() -> Option<Termios> {
        let saved = tcgetattr(std::io::stdin()).ok();
        if let Some(saved) = &saved {
            let _ = AT_START.set(saved.clone());
        }
        saved
    }

    pub fn restore_at_start() {
        restore(AT_START.get());
    }

    /// Drops keys typed but not read yet, which the shell would otherwise run once omd exits.
    pub fn discard_typed_ahead() {
        let _ = tcflush(std::io::stdin(), QueueSelector::IFlush);
    }

    pub fn restore(saved: Option<&Termios>) {
        if let Some(saved) = saved {
            let _ = tcsetattr(std::io::stdin(), OptionalActions::Now, saved);
        }
    }

    /// Whether the terminal has hung up (its window closed): its mode can no longer be read.
    pub fn hung_up() -> bool {
        tcgetattr(std::io::stdin()).is_err()
    }

    /// Blocks SIGINT, SIGTERM and SIGHUP on the calling (main) thread, so that they always reach
    /// the handler's thread and never cut a prompt's wait short: a Ctrl-C typed at a prompt is
    /// read as a key, and any of these signals from outside ends the session through the
    /// handler, one way every time.
    pub fn signals_to_handler() {
        use nix::sys::signal::{pthread_sigmask, SigSet, SigmaskHow, Signal};
        let mut set = SigSet::empty();
        for signal in [Signal::SIGINT, Signal::SIGTERM, Signal::SIGHUP] {
            set.add(signal);
        }
        let _ = pthread_sigmask(SigmaskHow::SIG_BLOCK, Some(&set), None);
    }
}

#[cfg(not(unix))]
mod mode {
    pub fn save() -> Option<()> {
        None
    }

    pub fn restore_at_start() {}

    pub fn discard_typed_ahead() {}

    pub fn restore(_saved: Option<&()>) {}

    pub fn hung_up() -> bool {
        false
    }

    pub fn signals_to_handler() {}
}

/// Puts the terminal back as it was before the first prompt, cursor shown, and drops the keys
/// typed ahead, for an error that ends a session (an answer that cannot be saved): the respondent
/// gets a usable shell, and what they typed for the next question does not run as a command.
pub fn restore() {
    let _ = Term::stderr().show_cursor();
    mode::restore_at_start();
    mode::discard_typed_ahead();
}

/// What the Ctrl-C handler prints when it has to end the program itself: where the answers are
/// and how to resume.
pub fn set_interrupt_message(message: &str) {
    if let Ok(mut fallback) = FALLBACK_MESSAGE.lock() {
        *fallback = message.to_string();
    }
}

/// The message for an interrupted session, from the questions answered and the total.
pub type ProgressMessage = Box<dyn Fn(usize, usize) -> String>;

/// Prompts on standard error.
pub struct Terminal {
    term: Term,
    theme: Box<dyn Theme>,
    on_interrupt: Option<ProgressMessage>,
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
            on_interrupt: None,
        }
    }

    /// Before each question's prompts, the Ctrl-C handler's message becomes `message(answered,
    /// total)`: the same words whether the session or the handler ends the program.
    pub fn interrupt_message(&mut self, message: ProgressMessage) {
        self.on_interrupt = Some(message);
    }

    fn progress(&self, view: &QuestionView) {
        if let Some(message) = &self.on_interrupt {
            set_interrupt_message(&message(view.answered, view.total));
        }
    }

    /// Columns to wrap text to: the terminal's width, at most 100.
    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(40, 100)
    }

    /// Writes a line of text.
    pub fn line(&self, text: &str) -> Result<()> {
        self.term
            .write_line(&style::visible(text))
            .map_err(interrupted)
    }

    /// Asks for a line of text; `initial` is editable, `allow_empty` accepts an empty line.
    pub fn text(&self, prompt: &str, initial: Option<&str>, allow_empty: bool) -> Result<String> {
        check_ctrl_c()?;
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(style::visible(prompt))
            .allow_empty(allow_empty);
        if let Some(initial) = initial.filter(|s| !s.is_empty()) {
            input = input.with_initial_text(style::visible(initial));
        }
        let text = input.interact_text_on(&self.term).map_err(dialog_error)?;
        Ok(text.trim().to_string())
    }

    /// Asks to pick one of `items`; `default` is preselected. Esc or q give `None`.
    pub fn select(&self, prompt: &str, items: &[String], default: usize) -> Result<Option<usize>> {
        check_ctrl_c()?;
        let items: Vec<String> = items
            .iter()
            .map(|item| style::visible(item).into_owned())
            .collect();
        Select::with_theme(self.theme.as_ref())
            .with_prompt(style::visible(prompt))
            .items(&items)
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
        self.progress(view);
        let width = self.width();
        let bar = 30;
        let filled = bar * view.answered / view.total.max(1);
        self.line("")?;
        self.line(&format!(
            "{} · question {} of {} · {} answered [{}{}]",
            view.dimension,
            view.position,
            view.total,
            view.answered,
            "#".repeat(filled),
            "-".repeat(bar - filled)
        ))?;
        self.line(&wrap(&view.text, width, ""))?;
        if !view.guidance.trim().is_empty() {
            self.line(&wrap(view.guidance.trim(), width, "  "))?;
        }
        self.line("")?;
        // Descriptors are printed in full here; the list to choose from stays one line per entry,
        // because dialoguer miscounts wrapped entries when it redraws.
        let label_width = view
            .levels
            .iter()
            .map(|l| l.label.chars().count())
            .max()
            .unwrap_or(0);
        for level in &view.levels {
            let head = format!("  {} {:label_width$}  ", level.index, level.label);
            let indent = " ".repeat(head.chars().count());
            let body = wrap(&level.descriptor, width, &indent);
            self.line(&format!("{head}{}", body.trim_start()))?;
        }
        let mut items: Vec<String> = view
            .levels
            .iter()
            .map(|l| format!("{} {}", l.index, l.label))
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
        self.line("↑/↓ move, Enter chooses, Esc stops (answers are saved)")?;
        Ok(match self.select("Answer", &items, default)? {
            Some(index) => choices.get(index).copied().unwrap_or(Choice::Skip),
            None => Choice::Quit,
        })
    }

    fn ask_reason(&mut self, view: &QuestionView, current: Option<&str>) -> Result<String> {
        self.progress(view);
        self.text("Why does it not apply?", current, false)
    }

    fn ask_note(&mut self, view: &QuestionView, current: Option<&str>) -> Result<String> {
        self.progress(view);
        self.text("Note (optional, Enter to go on)", current, true)
    }
}

/// Fails with [`Interrupted`] when Ctrl-C was pressed since the last prompt.
fn check_ctrl_c() -> Result<()> {
    if CTRL_C.load(Ordering::SeqCst) {
        end_in_order();
        let _ = Term::stderr().show_cursor();
        return Err(Interrupted.into());
    }
    Ok(())
}

/// Claims the ending of an interrupted program for the session. If the Ctrl-C handler claimed it
/// first, it is printing the message and exiting; waiting for that keeps the message single.
fn end_in_order() {
    if ENDING.swap(true, Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
}

/// A dialoguer error: Ctrl-C becomes [`Interrupted`], with the cursor shown again (the prompt
/// hid it and gave up without showing it).
fn dialog_error(error: dialoguer::Error) -> anyhow::Error {
    let dialoguer::Error::IO(io) = error;
    interrupted(io)
}

/// A terminal error: Ctrl-C becomes [`Interrupted`], and so does any error once a signal has
/// come, or once the terminal has hung up. A closed terminal window fails the prompt's read and
/// sends SIGHUP at about the same time; whichever comes first, the session ends the same way.
fn interrupted(error: std::io::Error) -> anyhow::Error {
    let signalled = CTRL_C.load(Ordering::SeqCst) || mode::hung_up();
    if error.kind() == std::io::ErrorKind::Interrupted || signalled {
        end_in_order();
        let _ = Term::stderr().show_cursor();
        return Interrupted.into();
    }
    anyhow::Error::new(error).context("cannot use the terminal")
}

/// `text` wrapped at word boundaries to `width` columns, every line starting with `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> String {
    let room = width.saturating_sub(indent.chars().count()).max(20);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
        .iter()
        .map(|l| format!("{indent}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_word_boundaries_with_indent() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let wrapped = wrap(text, 30, "  ");
        assert_eq!(
            wrapped,
            "  one two three four five six\n  seven eight nine ten eleven\n  twelve"
        );
        assert!(wrapped.lines().all(|l| l.chars().count() <= 30));
        assert_eq!(wrap("", 30, "  "), "  ");
    }
}
