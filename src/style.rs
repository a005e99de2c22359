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
