//! Command-line arguments: clap derive types only, no logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};

/// omd: how ready is each business process for AI, and in what order to fix its operating model.
#[derive(Debug, Parser)]
#[command(name = "omd", version, about, long_about = None)]
pub struct Cli {
    /// When to colour output: auto (terminal only, honours NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true)]
    pub color: ColorArg,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an engagement: client, questionnaire, processes in scope and their profiles.
    Init(InitArgs),
    /// Interview one respondent about one process, in the terminal; resumable at any time.
    Assess(AssessArgs),
    /// Score an engagement folder: readiness, verdict and coverage per process; optionally fail
    /// (exit 1) when readiness is below a threshold.
    Report(ReportArgs),
    /// The sequenced redesign plan: summary, go-lives, roadmap by workstream; --steps for the
    /// go-live checklists, owner load and every step.
    Plan(PlanArgs),
    /// Compare two reports of an engagement (folders or saved JSON reports): what moved.
    Diff(DiffArgs),
    /// What change in answers would make a process conditional or ready (the fewest level
    /// steps), or what answers given with --set would do to its verdict, readiness and go-live.
    Whatif(WhatIfArgs),
    /// Export an engagement's raw answers, for spreadsheets.
    #[command(subcommand)]
    Export(ExportCommand),
    /// List, show, validate questionnaires, or print their JSON Schema.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
    /// Print a completion script for bash, zsh, fish or PowerShell.
    Completions(CompletionsArgs),
    /// Print omd's manual page (roff), or write one page per command into a folder.
    Man(ManArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Without a terminal (or with --no-input), every value comes from flags:\n  \
omd init acme --client \"Acme Ltd\" --process \"Invoice processing\" \\\n    \
--profile \"invoice-processing:volume=high,definition=high,data=high,willingness=high,risk=low\""
)]
pub struct InitArgs {
    /// The engagement folder to create (it may exist, but must not hold engagement.yaml).
    #[arg(value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,
    /// The client organisation.
    #[arg(long)]
    pub client: Option<String>,
    /// The engagement's name [default: "<client> operating-model diagnostic"].
    #[arg(long)]
    pub name: Option<String>,
    /// A built-in questionnaire id or a questionnaire file [default: the first built-in one].
    #[arg(long, value_name = "ID|PATH")]
    pub questionnaire: Option<String>,
    /// A process in scope, by name; repeat for each. Its id is derived from the name
    /// ("Invoice processing" -> invoice-processing).
    #[arg(long = "process", value_name = "NAME")]
    pub processes: Vec<String>,
    /// A process's profile: PROCESS-ID:KEY=LEVEL,... with keys volume, definition, data,
    /// willingness, risk and levels low|medium|high; facts not given are medium.
    #[arg(long = "profile", value_name = "ID:KEY=LEVEL,...")]
    pub profiles: Vec<String>,
    /// Never prompt, even on a terminal: missing values are an error.
    #[arg(long)]
    pub no_input: bool,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The engagement folder.
    #[arg(default_value = ".", value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,
    /// The process to assess (its id); asked when not given.
    #[arg(long, value_name = "ID")]
    pub process: Option<String>,
    /// Who is answering (a name; the answers file is named after it); asked when not given.
    #[arg(long, value_name = "NAME")]
    pub respondent: Option<String>,
    /// Walk every question again, saved answers preselected.
    #[arg(long)]
    pub review: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Table,
    Markdown,
    Json,
    Html,
    Csv,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 success; 1 a threshold (--fail-under, --require-ready) \
was not met, after the report is written in full; 2 invalid input or usage."
)]
pub struct ReportArgs {
    /// The engagement folder (holding engagement.yaml and responses/).
    #[arg(value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,
    /// Output format [default: table, or what the --output file's extension names:
    /// .html, .md, .json, .csv, .txt].
    #[arg(long, short, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the report to this file (`-`: standard output). A regular file is replaced
    /// atomically; a device or named pipe is written in place; the folder must exist.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Exit with code 1 when any process's readiness is below N (0-100) or unknown; the report
    /// is still written in full first.
    #[arg(long, value_name = "N")]
    pub fail_under: Option<f64>,
    /// Exit with code 1 unless the process with this id is `ready`; repeat for several.
    #[arg(long = "require-ready", value_name = "ID")]
    pub require_ready: Vec<String>,
    /// Show each respondent as their role (numbered when several share it), or R1, R2… when
    /// they have none, their names and ids replaced wherever they appear (notes, evidence, the
    /// process owner), for sharing candid interviews; nothing else changes.
    #[arg(long, visible_alias = "anonymize")]
    pub anonymise: bool,
    #[command(flatten)]
    pub plan: PlanOptions,
}

/// What `omd report` and `omd plan` both take to build the plan.
#[derive(Debug, Args)]
pub struct PlanOptions {
    /// Date the output: YYYY-MM-DD, or `today` (the local date). Without it the output carries
    /// no date, so the same answers give the same bytes.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// The first day of plan week 1: YYYY-MM-DD, or `today`. Every week then shows its dates
    /// [default: the engagement's `start:`; without either, weeks only].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub start: Option<String>,
    /// Weeks the plan looks ahead; a later go-live is flagged.
    #[arg(long, default_value_t = crate::plan::DEFAULT_HORIZON_WEEKS, value_parser = clap::value_parser!(u32).range(1..=520))]
    pub horizon: u32,
    /// Percentage of questions (0-100) a process needs answered to be judged and planned; below
    /// it the process is `not_assessed` and gets no go-live [default: the engagement's
    /// `min_coverage`, else 50].
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub min_coverage: Option<u8>,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The engagement folder (holding engagement.yaml and responses/).
    #[arg(value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,
    /// Output format [default: table, or what the --output file's extension names:
    /// .html, .md, .json, .csv, .txt].
    #[arg(long, short, value_enum)]
    pub format: Option<ReportFormat>,
    /// Write the plan to this file (`-`: standard output). A regular file is replaced
    /// atomically; a device or named pipe is written in place; the folder must exist.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// After the roadmap, add the go-live checklists, the owner load by month and every step of
    /// the backlog with its reason (the table format; the others always hold them).
    #[arg(long)]
    pub steps: bool,
    /// Show each respondent as their role (numbered when several share it), or R1, R2… when
    /// they have none, their names and ids replaced wherever they appear (notes, evidence, the
    /// process owner), for sharing candid interviews; nothing else changes.
    #[arg(long, visible_alias = "anonymize")]
    pub anonymise: bool,
    #[command(flatten)]
    pub plan: PlanOptions,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier side: an engagement folder, or a report saved with
    /// `omd report DIR --format json --output FILE`.
    pub old: PathBuf,
    /// The later side: an engagement folder or a saved JSON report.
    pub new: PathBuf,
    /// Output format [default: table, or what the --output file's extension names:
    /// .html, .md, .json, .csv, .txt].
    #[arg(long, short, value_enum)]
    pub format: Option<DiffFormat>,
    /// Write the comparison to this file (`-`: standard output). A regular file is replaced
    /// atomically; a device or named pipe is written in place; the folder must exist.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Show each respondent as their role (numbered when several share it), or R1, R2… when
    /// they have none, their names and ids replaced wherever they appear (notes, evidence, the
    /// process owner); both sides get the same pseudonyms, and nothing else changes.
    #[arg(long, visible_alias = "anonymize")]
    pub anonymise: bool,
    /// Date each side given as an engagement folder (YYYY-MM-DD, or `today`), which judges its
    /// answers' freshness: the diff then flags the new side's stale answers. A saved report
    /// keeps the date it was saved with.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum WhatIfFormat {
    Table,
    Markdown,
    Json,
    Html,
    Csv,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Nothing is written to the engagement folder: the answers are changed \
in memory only. Exit codes: 0 success (also when a verdict is out of reach); 2 invalid input or \
usage."
)]
pub struct WhatIfArgs {
    /// The engagement folder (holding engagement.yaml and responses/).
    pub dir: PathBuf,
    /// The process to look at (its id).
    #[arg(long, value_name = "ID")]
    pub process: String,
    /// Set a question's combined answer for the process, as if every respondent gave LEVEL (a
    /// number on the question's scale, or its label); repeat for several. Without --set, omd
    /// finds the smallest change to `conditional` and to `ready`.
    #[arg(long = "set", value_name = "QUESTION=LEVEL")]
    pub set: Vec<String>,
    /// Output format [default: table, or what the --output file's extension names:
    /// .html, .md, .json, .csv, .txt].
    #[arg(long, short, value_enum)]
    pub format: Option<WhatIfFormat>,
    /// Write the result to this file (`-`: standard output). A regular file is replaced
    /// atomically; a device or named pipe is written in place; the folder must exist.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub plan: PlanOptions,
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every answer: one row per process, respondent and question, with level, label,
    /// not-applicable reason, note and evidence.
    Answers(ExportAnswersArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportAnswersArgs {
    /// The engagement folder.
    #[arg(value_hint = ValueHint::DirPath)]
    pub dir: PathBuf,
    /// Output format [default: csv, or what the --output file's extension names:
    /// .html, .md, .json, .csv, .txt].
    #[arg(long, short, value_enum)]
    pub format: Option<ExportFormat>,
    /// Write the export to this file (`-`: standard output). A regular file is replaced
    /// atomically; a device or named pipe is written in place; the folder must exist.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Show each respondent as their role (numbered when several share it), or R1, R2… when
    /// they have none, their names and ids replaced wherever they appear (notes, evidence, the
    /// process owner), for sharing candid interviews; nothing else changes.
    #[arg(long, visible_alias = "anonymize")]
    pub anonymise: bool,
    /// Judge each dated answer's freshness as of this day (YYYY-MM-DD, or `today`): the `stale`
    /// column says whether it was given before the freshness window. Without it the column is
    /// empty, so the same answers give the same bytes.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum QuestionnaireCommand {
    /// List the built-in questionnaires.
    List,
    /// Show a questionnaire (built-in id or file): dimensions, questions, levels, gates, actions.
    Show {
        /// A built-in id (see `omd questionnaire list`) or a path to a YAML file.
        questionnaire: String,
        /// Print the YAML source instead of the readable outline.
        #[arg(long)]
        yaml: bool,
    },
    /// Validate questionnaire files, reporting every problem with file, line and column.
    Validate {
        /// Questionnaire YAML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Print the JSON Schema (draft-07) of the questionnaire format, for editors.
    Schema,
}

/// The shells `omd completions` writes a script for.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Load the script at every start of the shell, for example:
  bash: omd completions bash > ~/.local/share/bash-completion/completions/omd
  zsh:  omd completions zsh > ~/.zfunc/_omd
        (and in ~/.zshrc, before compinit: fpath=(~/.zfunc $fpath))
  fish: omd completions fish > ~/.config/fish/completions/omd.fish
  PowerShell, in $PROFILE: omd completions powershell | Out-String | Invoke-Expression"
)]
pub struct CompletionsArgs {
    /// The shell to complete omd's commands and flags in.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Read omd's page with `omd man | man -l -`, a command's with \
`omd man report | man -l -`.
Install every page: omd man --dir ~/.local/share/man/man1 (the folder must exist)."
)]
pub struct ManArgs {
    /// The command whose page to print, as typed after `omd` (`report`, `questionnaire show`)
    /// [default: omd's own page].
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,
    /// Write every page (omd.1, omd-report.1, ...) into this folder instead, which must exist;
    /// a page already there is replaced.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

impl Default for PlanOptions {
    /// What a command that takes none of these flags plans with (`diff`, `export`, `assess`).
    fn default() -> PlanOptions {
        PlanOptions {
            date: None,
            start: None,
            horizon: crate::plan::DEFAULT_HORIZON_WEEKS,
            min_coverage: None,
        }
    }
}
