//! Command-line arguments: clap derive types only, no logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// Score an engagement folder: readiness, verdict and coverage per process.
    Report(ReportArgs),
    /// List, show, validate questionnaires, or print their JSON Schema.
    #[command(subcommand)]
    Questionnaire(QuestionnaireCommand),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ReportFormat {
    Table,
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The engagement folder (holding engagement.yaml and responses/).
    pub dir: PathBuf,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write the report to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
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
