//! The real terminal: the only place that knows dialoguer (with `line`, its one-line prompt
//! that Esc leaves). It draws questions on standard error, reads keys, and turns Ctrl-C (and
//! SIGINT, SIGTERM, SIGHUP) into [`Interrupted`] with the terminal put back as it was.

mod line;

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{bail, Result};
use dialoguer::console::{truncate_str, Term};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Input, Select};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

use super::session::{
    Choice, Current, EvidenceChoice, GateView, Interrupted, Prompter, QuestionView,
};
use crate::questionnaire::Level3;
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
    /// Whether prompts and the progress bar may be coloured.
    color: bool,
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
            color,
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

    /// A line of text that Esc leaves (`None`); `initial` is editable. Text from a file is shown
    /// with its control characters as escapes; given back unedited, it is returned as it was.
    fn line_or_esc(&self, prompt: &str, initial: Option<&str>) -> Result<Option<String>> {
        check_ctrl_c()?;
        let initial = initial.unwrap_or_default();
        let shown = style::visible_line(initial);
        let text = line::read(
            &self.term,
            self.theme.as_ref(),
            &style::visible(prompt),
            &shown,
        )
        .map_err(interrupted)?;
        Ok(text.map(|text| {
            if text == shown {
                initial.to_string()
            } else {
                text
            }
        }))
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

/// The help line under a question, naming its keys.
const KEYS_HELP: &str =
    "↑/↓ move, Enter chooses, \"Go to question…\" jumps, Esc stops (answers are saved)";

impl Prompter for Terminal {
    fn notice(&mut self, message: &str) -> Result<()> {
        let width = self.width();
        let lines: Vec<String> = message.lines().map(|l| wrap(l, width, "")).collect();
        self.line(&lines.join("\n"))
    }

    fn ask_level(&mut self, view: &QuestionView) -> Result<Choice> {
        self.progress(view);
        let width = self.width();
        self.line("")?;
        self.term
            .write_line(&progress_line(view, self.color))
            .map_err(interrupted)?;
        self.line(&long_text(&view.text, width, ""))?;
        if !view.guidance.trim().is_empty() {
            self.line(&long_text(view.guidance.trim(), width, "  "))?;
        }
        self.line("")?;
        // Descriptors are printed in full here; the list to choose from stays one line per entry,
        // because dialoguer miscounts wrapped entries when it redraws.
        for line in level_lines(view, width) {
            self.line(&line)?;
        }
        self.line(&wrap(&target_line(view), width, ""))?;
        let (items, choices) = choices(view);
        // The full labels are above; an entry longer than the terminal would break the redraw.
        let items: Vec<String> = items
            .iter()
            .map(|item| truncate_str(item, width.saturating_sub(4), "…").into_owned())
            .collect();
        let default = match view.current {
            Current::Level(level) => level,
            Current::NotApplicable => view.levels.len(),
            Current::Unanswered => 0,
        };
        self.line(&wrap(KEYS_HELP, width, ""))?;
        match self.select("Answer", &items, default)? {
            Some(index) => match choices.get(index).copied().unwrap_or(Choice::Skip) {
                Choice::GoTo(_) => self.ask_position(view),
                choice => Ok(choice),
            },
            None => Ok(Choice::Quit),
        }
    }

    fn ask_reason(&mut self, view: &QuestionView, current: Option<&str>) -> Result<Option<String>> {
        self.progress(view);
        let prompt = if view.na_reason_optional {
            "Why does it not apply? (optional, Enter to go on, Esc to go back)"
        } else {
            "Why does it not apply? (Esc to go back)"
        };
        self.line_or_esc(prompt, current)
    }

    fn ask_note(&mut self, view: &QuestionView, current: Option<&str>) -> Result<Option<String>> {
        self.progress(view);
        self.line_or_esc("Note (optional, Enter to go on, Esc to go back)", current)
    }

    fn ask_evidence_choice(
        &mut self,
        view: &QuestionView,
        current: &[String],
    ) -> Result<Option<EvidenceChoice>> {
        self.progress(view);
        let width = self.width();
        self.line("Evidence given:")?;
        for item in current {
            self.line(
                &wrap(&style::visible_line(item), width, "    ").replacen("    ", "  - ", 1),
            )?;
        }
        let items = [
            match current.len() {
                1 => "Keep it and go on".to_string(),
                n => format!("Keep these {n} and go on"),
            },
            "Add more".to_string(),
            match current.len() {
                1 => "Replace it".to_string(),
                _ => "Replace them".to_string(),
            },
        ];
        let choice = self.select("Evidence (Esc to go back)", &items, 0)?;
        Ok(choice.map(|index| match index {
            1 => EvidenceChoice::Add,
            2 => EvidenceChoice::Replace,
            _ => EvidenceChoice::Keep,
        }))
    }

    fn ask_evidence_item(
        &mut self,
        view: &QuestionView,
        _items: &[String],
    ) -> Result<Option<String>> {
        self.progress(view);
        self.line_or_esc(EVIDENCE_PROMPT, None)
    }
}

/// The prompt for one evidence item.
const EVIDENCE_PROMPT: &str =
    "Evidence (one item; Enter on an empty line to go on, Esc to go back)";

impl Terminal {
    /// Lists the unanswered questions and asks which one to go to; Esc or an empty line stay
    /// at this question.
    fn ask_position(&self, view: &QuestionView) -> Result<Choice> {
        let width = self.width();
        match view.unanswered.len() {
            0 => self.line(&format!("All {} questions are answered.", view.total))?,
            count => {
                self.line(&format!("Unanswered, {count} of {}:", view.total))?;
                let digits = view.total.to_string().len();
                for (position, text) in &view.unanswered {
                    let entry = format!("  {position:>digits$}  {}", style::visible_line(text));
                    self.line(&truncate_str(&entry, width, "…"))?;
                }
            }
        }
        let prompt = format!(
            "Go to question (1 to {}; Esc: stay at {})",
            view.total, view.position
        );
        loop {
            let Some(text) = self.line_or_esc(&prompt, None)? else {
                return Ok(Choice::GoTo(view.position));
            };
            match text.trim().parse::<usize>() {
                _ if text.trim().is_empty() => return Ok(Choice::GoTo(view.position)),
                Ok(position) if (1..=view.total).contains(&position) => {
                    return Ok(Choice::GoTo(position))
                }
                _ => self.line(&format!(
                    "\"{}\" is not a question number: type one from 1 to {}.",
                    style::visible_line(text.trim()),
                    view.total
                ))?,
            }
        }
    }
}

/// The entries of a question's list and what each one chooses.
fn choices(view: &QuestionView) -> (Vec<String>, Vec<Choice>) {
    let mut items: Vec<String> = view
        .levels
        .iter()
        .map(|l| format!("{} {}", l.index, l.label))
        .collect();
    let mut choices: Vec<Choice> = view.levels.iter().map(|l| Choice::Level(l.index)).collect();
    if view.allow_na {
        items.push(if view.na_reason_optional {
            "Not applicable".into()
        } else {
            "Not applicable (give a reason)".into()
        });
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
    items.push(format!(
        "Go to question… ({} unanswered)",
        view.unanswered.len()
    ));
    choices.push(Choice::GoTo(view.position));
    (items, choices)
}

/// The line above a question: its dimension and place, and a progress bar of the questions
/// answered. indicatif draws the bar into a string, which is printed as a plain line: a bar
/// drawn on the terminal would move the cursor under the prompts that follow it.
fn progress_line(view: &QuestionView, color: bool) -> String {
    let drawn = Drawn::default();
    let target = ProgressDrawTarget::term_like(Box::new(drawn.clone()));
    let bar = ProgressBar::with_draw_target(Some(view.total as u64), target);
    let template = if color {
        "{msg} [{bar:30.cyan/blue}] {pos}/{len} answered"
    } else {
        "{msg} [{bar:30}] {pos}/{len} answered"
    };
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("#-");
    bar.set_style(style);
    bar.set_message(format!(
        "{} · question {} of {}",
        style::visible_line(&view.dimension),
        view.position,
        view.total
    ));
    bar.set_position(view.answered as u64);
    bar.force_draw();
    let line = drawn.0.lock().map(|l| l.clone()).unwrap_or_default();
    line.trim_end().to_string()
}

/// A terminal for indicatif that keeps what was last drawn.
#[derive(Debug, Clone, Default)]
struct Drawn(Arc<Mutex<String>>);

impl TermLike for Drawn {
    fn width(&self) -> u16 {
        // Wide enough that indicatif never wraps the line itself.
        1000
    }

    fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
        Ok(())
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.write_str(s)
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        if let Ok(mut drawn) = self.0.lock() {
            drawn.push_str(s);
        }
        Ok(())
    }

    /// A redraw starts by clearing the line: what was drawn before is gone.
    fn clear_line(&self) -> std::io::Result<()> {
        if let Ok(mut drawn) = self.0.lock() {
            drawn.clear();
        }
        Ok(())
    }

    fn flush(&self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The question's target, and its gate: the minimum, the risk tiers it holds for, and whether it
/// holds for this process.
fn target_line(view: &QuestionView) -> String {
    let level = |index: usize| match view.levels.get(index) {
        Some(level) if !level.label.is_empty() => format!("{index} {}", level.label),
        _ => format!("level {index}"),
    };
    let target = format!("Target: {}", level(view.target));
    let Some(GateView {
        min_level,
        risk_tiers,
        applies,
    }) = &view.gate
    else {
        return target;
    };
    let gate = format!("critical gate: at least {}", level(*min_level));
    if risk_tiers.is_empty() {
        return format!("{target} · {gate}, at every risk tier");
    }
    let tiers = tiers(risk_tiers);
    match (applies, view.risk_tier) {
        (Some(applies), Some(tier)) => format!(
            "{target} · {gate} at {tiers} risk (this process is {} risk: {})",
            tier.as_str(),
            if *applies {
                "it applies"
            } else {
                "it does not apply"
            }
        ),
        _ => format!("{target} · {gate} at {tiers} risk"),
    }
}

/// Risk tiers in words: "high", "medium or high".
fn tiers(tiers: &[Level3]) -> String {
    let names: Vec<&str> = tiers.iter().map(|t| t.as_str()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
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

/// The scale's levels, each as its number, its label and its descriptor beside it. The label
/// column is as wide as the longest label, up to a third of the terminal: a longer label wraps
/// inside it, so that the descriptors keep most of the width.
fn level_lines(view: &QuestionView, width: usize) -> Vec<String> {
    let longest = view
        .levels
        .iter()
        .map(|l| l.label.chars().count())
        .max()
        .unwrap_or(0);
    let column = longest.min((width / 3).max(12));
    let mut lines = Vec::new();
    for level in &view.levels {
        let number = format!("  {} ", level.index);
        let labels: Vec<String> = if level.label.chars().count() <= column {
            vec![level.label.clone()]
        } else {
            textwrap::wrap(
                &level.label,
                textwrap::Options::new(column)
                    .word_splitter(textwrap::WordSplitter::NoHyphenation)
                    .break_words(true),
            )
            .into_iter()
            .map(|l| l.into_owned())
            .collect()
        };
        let indent = " ".repeat(number.chars().count() + column + 2);
        let body = long_text(&level.descriptor, width, &indent);
        let body: Vec<&str> = body.split('\n').collect();
        for row in 0..labels.len().max(body.len()) {
            let lead = if row == 0 { number.as_str() } else { "" };
            let label = labels.get(row).map_or("", String::as_str);
            let text = body.get(row).copied().unwrap_or("");
            let text = if row == 0 {
                text.trim_start()
            } else if row < labels.len() {
                text.strip_prefix(indent.as_str()).unwrap_or(text)
            } else {
                lines.push(text.to_string());
                continue;
            };
            let head = format!(
                "{lead:width$}{label:column$}  ",
                width = number.chars().count()
            );
            lines.push(if text.is_empty() && row > 0 {
                head.trim_end().to_string()
            } else {
                format!("{head}{text}")
            });
        }
    }
    lines
}

/// A long text from the questionnaire at `indent`, wrapped to `width`: one paragraph as
/// [`wrap`] does, or, written over several lines, its lines and lists kept.
fn long_text(text: &str, width: usize, indent: &str) -> String {
    if crate::structured_text::is_structured(text) {
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        let out = crate::structured_text::terminal(text.trim(), Some(width), indent, indent);
        out.trim_end_matches('\n').to_string()
    } else {
        wrap(text, width, indent)
    }
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
    use super::{choices, level_lines, progress_line, target_line, wrap};
    use crate::assessment::session::{Choice, Current, GateView, LevelOption, QuestionView};
    use crate::questionnaire::Level3;

    fn view() -> QuestionView {
        QuestionView {
            id: "q".into(),
            dimension: "Data \x1b[2J".into(),
            position: 2,
            total: 5,
            answered: 1,
            text: "Q?".into(),
            guidance: String::new(),
            levels: ["Absent", "Ad hoc", "Defined"]
                .iter()
                .enumerate()
                .map(|(index, label)| LevelOption {
                    index,
                    label: (*label).into(),
                    descriptor: String::new(),
                })
                .collect(),
            allow_na: true,
            na_reason_optional: false,
            can_go_back: true,
            current: Current::Unanswered,
            target: 2,
            gate: None,
            risk_tier: Some(Level3::Low),
            unanswered: vec![(2, "Q?".into()), (4, "R?".into())],
        }
    }

    #[test]
    fn the_progress_line_is_drawn_by_indicatif_as_plain_text() {
        let line = progress_line(&view(), false);
        assert_eq!(
            line,
            "Data \\x1b[2J · question 2 of 5 [######------------------------] 1/5 answered"
        );
        let mut all = view();
        all.answered = 5;
        assert!(progress_line(&all, false).contains(&format!("[{}] 5/5", "#".repeat(30))));
    }

    #[test]
    fn the_target_line_says_where_a_gate_holds() {
        let mut view = view();
        assert_eq!(target_line(&view), "Target: 2 Defined");
        let gate = |risk_tiers: Vec<Level3>, applies| GateView {
            min_level: 1,
            risk_tiers,
            applies,
        };
        view.gate = Some(gate(vec![], Some(true)));
        assert_eq!(
            target_line(&view),
            "Target: 2 Defined · critical gate: at least 1 Ad hoc, at every risk tier"
        );
        view.gate = Some(gate(vec![Level3::Medium, Level3::High], Some(false)));
        assert_eq!(
            target_line(&view),
            "Target: 2 Defined · critical gate: at least 1 Ad hoc at medium or high risk (this \
             process is low risk: it does not apply)"
        );
        view.risk_tier = Some(Level3::High);
        view.gate = Some(gate(vec![Level3::High], Some(true)));
        assert_eq!(
            target_line(&view),
            "Target: 2 Defined · critical gate: at least 1 Ad hoc at high risk (this process is \
             high risk: it applies)"
        );
        view.risk_tier = None;
        view.gate = Some(gate(vec![Level3::High], None));
        assert!(target_line(&view).ends_with("at least 1 Ad hoc at high risk"));
    }

    #[test]
    fn go_to_question_is_the_last_entry_and_counts_the_unanswered() {
        let (items, choices) = choices(&view());
        assert_eq!(items.last().unwrap(), "Go to question… (2 unanswered)");
        assert_eq!(choices.last(), Some(&Choice::GoTo(2)));
        assert_eq!(items.len(), choices.len());
        assert_eq!(choices[3..5], [Choice::NotApplicable, Choice::Skip]);
    }

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

    #[test]
    fn short_labels_make_a_column_as_wide_as_the_longest() {
        let mut view = view();
        view.levels[0].descriptor = "Nothing is written down anywhere at all, by anyone.".into();
        view.levels[1].descriptor = "Notes:\n- personal\n- old".into();
        assert_eq!(
            level_lines(&view, 40),
            [
                "  0 Absent   Nothing is written down",
                "             anywhere at all, by anyone.",
                "  1 Ad hoc   Notes:",
                "             - personal",
                "             - old",
                "  2 Defined  ",
            ]
        );
    }

    #[test]
    fn a_long_label_wraps_inside_a_column_a_third_of_the_width() {
        let mut view = view();
        view.levels[1].label = "Informal, person-dependent, partly written down".into();
        view.levels[1].descriptor = "Some of it.".into();
        let lines = level_lines(&view, 60);
        assert_eq!(
            lines[1..4],
            [
                "  1 Informal,             Some of it.",
                "    person-dependent,",
                "    partly written down",
            ]
        );
    }
}
