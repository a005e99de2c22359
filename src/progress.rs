//! A progress bar on standard error for a report or plan that takes a while (indicatif): it
//! appears only when standard error is a terminal and the work has already taken half a second,
//! so a quick run, a pipe, a file or a CI log never sees it, and it is cleared before the
//! command ends.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long the work runs before the bar appears.
const DEFAULT_DELAY: Duration = Duration::from_millis(500);

/// `OMD_PROGRESS_AFTER_MS` changes the delay (the tests set 0 to see the bar on a small
/// engagement).
const DELAY_VARIABLE: &str = "OMD_PROGRESS_AFTER_MS";

pub struct Progress {
    started: Instant,
    delay: Duration,
    /// Whether a bar may be drawn at all: standard error is a terminal.
    allowed: bool,
    bar: Option<ProgressBar>,
    /// What is being done, and how far (done, total) when counted.
    stage: &'static str,
    count: Option<(usize, usize)>,
}

impl Progress {
    /// A bar that may appear on standard error when it is a terminal and `TERM` is not `dumb`.
    pub fn on_stderr() -> Progress {
        let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let delay = std::env::var(DELAY_VARIABLE)
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(DEFAULT_DELAY, Duration::from_millis);
        Progress {
            started: Instant::now(),
            delay,
            allowed: std::io::stderr().is_terminal() && !dumb,
            bar: None,
            stage: "",
            count: None,
        }
    }

    /// A progress that never shows: for commands that build a report only to compare or export.
    pub fn hidden() -> Progress {
        let mut progress = Progress::on_stderr();
        progress.allowed = false;
        progress
    }

    /// `done` of `total` items of `stage` are finished.
    pub fn count(&mut self, stage: &'static str, done: usize, total: usize) {
        self.stage = stage;
        self.count = Some((done, total));
        self.draw();
    }

    /// A stage whose items are not counted.
    pub fn stage(&mut self, stage: &'static str) {
        self.stage = stage;
        self.count = None;
        self.draw();
    }

    /// Removes the bar, if it was shown.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    fn draw(&mut self) {
        if !self.allowed || self.started.elapsed() < self.delay {
            return;
        }
        let bar = self.bar.get_or_insert_with(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            // Redraws on its own, so a long stage still shows time passing.
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        let template = match self.count {
            Some(_) => "{msg} {wide_bar} {pos}/{len} ({elapsed})",
            None => "{msg}… ({elapsed})",
        };
        bar.set_style(
            ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        if let Some((done, total)) = self.count {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
        if bar.message() != self.stage {
            bar.set_message(self.stage);
            // A new stage is shown at once, however many counts were just drawn: the bar's
            // rate limit would otherwise skip a short stage.
            bar.force_draw();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
