//! One function per subcommand: load -> assess -> score -> plan -> render.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::assessment::{engagement, store};
use crate::cli::{Cli, ColorArg, Command, QuestionnaireCommand, ReportArgs, ReportFormat};
use crate::error::exit;
use crate::questionnaire::{self, Diagnostic, Diagnostics};
use crate::report::{self, Format, Report};
use crate::scoring;
use crate::style::{ColorChoice, Style};

/// Runs the command; returns the exit code for a run that did not fail.
pub fn run(cli: Cli) -> Result<i32> {
    let style = Style::decide(match cli.color {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    });
    match cli.command {
        Command::Report(args) => report_command(&args, style),
        Command::Questionnaire(command) => questionnaire_command(command),
    }
}

fn report_command(args: &ReportArgs, style: Style) -> Result<i32> {
    let engagement = engagement::load(&args.dir)?;
    print_warnings(&engagement.warnings);
    let scorecard = scoring::score(&engagement);
    let report = Report::build(&engagement, &scorecard, None);
    let format = match args.format {
        ReportFormat::Table => Format::Table,
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::Json => Format::Json,
    };
    let color = style.color && args.output.is_none();
    let text = report::renderer(format, color).render(&report)?;
    emit(args.output.as_deref(), &text)?;
    Ok(exit::SUCCESS)
}

fn questionnaire_command(command: QuestionnaireCommand) -> Result<i32> {
    match command {
        QuestionnaireCommand::List => {
            let mut out = String::new();
            for (id, file, _) in questionnaire::builtin::BUILTIN {
                let loaded = questionnaire::load_builtin(id)
                    .with_context(|| format!("built-in questionnaire {id} missing"))??;
                let q = &loaded.questionnaire;
                out.push_str(&format!(
                    "{id}\t{}\t{}\t{} dimensions, {} questions\t(questionnaires/{file})\n",
                    q.version,
                    q.title,
                    q.dimensions.len(),
                    q.questions.len()
                ));
            }
            emit(None, &out)?;
        }
        QuestionnaireCommand::Show {
            questionnaire,
            yaml,
        } => {
            let loaded = questionnaire::resolve(&questionnaire, Path::new("."))?;
            print_warnings(&loaded.warnings);
            let text = if yaml {
                match &loaded.source {
                    questionnaire::Source::File(path) => std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read {}", path.display()))?,
                    questionnaire::Source::Builtin(id) => questionnaire::builtin::find(id)
                        .map(|(_, text)| text.to_string())
                        .unwrap_or_default(),
                }
            } else {
                report::outline::outline(&loaded.questionnaire)
            };
            emit(None, &text)?;
        }
        QuestionnaireCommand::Validate { files } => {
            let mut failed = false;
            let mut out = String::new();
            for file in &files {
                match questionnaire::load_file(file) {
                    Ok(loaded) => {
                        print_warnings(&loaded.warnings);
                        let q = &loaded.questionnaire;
                        out.push_str(&format!(
                            "{}: ok ({} {}: {} dimensions, {} questions, {} actions)\n",
                            file.display(),
                            q.id,
                            q.version,
                            q.dimensions.len(),
                            q.questions.len(),
                            q.actions().count()
                        ));
                    }
                    Err(diagnostics) => {
                        failed = true;
                        eprintln!("{}", render_diagnostics(&diagnostics.0));
                    }
                }
            }
            emit(None, &out)?;
            if failed {
                return Ok(exit::INVALID);
            }
        }
        QuestionnaireCommand::Schema => {
            let schema = schemars::schema_for!(questionnaire::Questionnaire);
            let mut text = serde_json::to_string_pretty(&schema)?;
            text.push('\n');
            emit(None, &text)?;
        }
    }
    Ok(exit::SUCCESS)
}

/// Writes `text` to `output` atomically (never a partial file), or to standard output.
fn emit(output: Option<&Path>, text: &str) -> Result<()> {
    match output {
        Some(path) => store::write_atomic(path, text.as_bytes()),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(text.as_bytes())
                .and_then(|_| stdout.flush())
            {
                // A closed pipe (`omd report | head`) is the reader's choice, not an error.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to standard output"),
            }
        }
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    if !warnings.is_empty() {
        eprintln!("{}", render_diagnostics(warnings));
    }
}

/// Diagnostics as `file:line:column: error: message`, each followed by the offending source
/// line and a caret where the file can be read.
pub fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut sources: HashMap<&str, Option<String>> = HashMap::new();
    let mut out = Vec::new();
    for d in diagnostics {
        out.push(d.to_string());
        let Some(line) = d.line else { continue };
        let source = sources
            .entry(d.file.as_str())
            .or_insert_with(|| std::fs::read_to_string(&d.file).ok());
        let Some(text) = source.as_deref().and_then(|s| s.lines().nth(line - 1)) else {
            continue;
        };
        let gutter = line.to_string();
        out.push(format!("{gutter} | {text}"));
        if let Some(column) = d.column {
            let pad: String = text
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push(format!("{} | {pad}^", " ".repeat(gutter.len())));
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    if errors > 1 {
        out.push(format!("{errors} errors"));
    }
    out.join("\n")
}

/// The message for a failed run: diagnostics as they are, anything else with its causes.
pub fn describe_error(error: &anyhow::Error) -> String {
    match error.downcast_ref::<Diagnostics>() {
        Some(diagnostics) => render_diagnostics(&diagnostics.0),
        None => format!("omd: error: {error:#}"),
    }
}
