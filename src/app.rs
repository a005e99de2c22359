//! One function per subcommand: load -> assess -> score -> plan -> render.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use clap::ValueEnum;

use crate::assessment::init::{self, NewProcess, PartialProfile, PROFILE_FACTS};
use crate::assessment::session::{End, Interrupted, NotSaved, Session};
use crate::assessment::terminal::{self, Terminal};
use crate::assessment::{engagement, lock, slug, Engagement, ProcessSpec};
use crate::calendar;
use crate::cli::{
    AssessArgs, Cli, ColorArg, Command, DiffArgs, DiffFormat, ExportAnswersArgs, ExportCommand,
    ExportFormat, InitArgs, ManArgs, PlanArgs, PlanOptions, QuestionnaireCommand, ReportArgs,
    ReportFormat, WhatIfArgs, WhatIfFormat,
};
use crate::error::{exit, Outcome};
use crate::output::{self, Destination};
use crate::plan;
use crate::progress::Progress;
use crate::questionnaire::{self, Diagnostic, Diagnostics};
use crate::report::anonymise::{Pseudonyms, Roster};
use crate::report::diff::render::DiffFormat as DiffOutput;
use crate::report::diff::Diff;
use crate::report::gate::Gate;
use crate::report::{self, Format, Report};
use crate::scoring;
use crate::shell;
use crate::style::{self, ColorChoice, Style};
use crate::whatif;

/// Runs the command; returns the exit code for a run that did not fail.
pub fn run(cli: Cli) -> Result<i32> {
    let style = Style::decide(match cli.color {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    });
    match cli.command {
        Command::Init(args) => init_command(&args, style),
        Command::Assess(args) => assess_command(&args, style),
        Command::Report(args) => report_command(&args, style),
        Command::Plan(args) => plan_command(&args, style),
        Command::Diff(args) => diff_command(&args, style),
        Command::Whatif(args) => whatif_command(&args, style),
        Command::Export(ExportCommand::Answers(args)) => export_answers_command(&args),
        Command::Questionnaire(command) => questionnaire_command(command),
        Command::Completions(args) => {
            shell::completions(args.shell)?;
            Ok(exit::SUCCESS)
        }
        Command::Man(args) => man_command(&args),
    }
}

/// Load -> score -> plan -> the report view-model, once for every format; with `anonymise`,
/// respondents by pseudonym.
fn build_report(
    dir: &Path,
    destination: &Destination,
    options: &PlanOptions,
    anonymise: bool,
    progress: &mut Progress,
) -> Result<Report> {
    let Built { report, roster } = build(dir, destination, options, anonymise, progress)?;
    if anonymise {
        Pseudonyms::new(&roster).report(&report)
    } else {
        Ok(report)
    }
}

/// A report as its engagement's answers give it, and who answered them: what `--anonymise`
/// makes pseudonyms from (left empty without it).
struct Built {
    report: Report,
    roster: Roster,
}

/// The report of an engagement folder, its warnings printed (with respondents by pseudonym
/// under `anonymise`), respondents by name.
fn build(
    dir: &Path,
    destination: &Destination,
    options: &PlanOptions,
    anonymise: bool,
    progress: &mut Progress,
) -> Result<Built> {
    build_then(
        dir,
        destination,
        options,
        anonymise,
        progress,
        |built, _| Ok(built),
    )
}

/// As [`build`], handing the report to `then`.
fn build_then<R>(
    dir: &Path,
    destination: &Destination,
    options: &PlanOptions,
    anonymise: bool,
    progress: &mut Progress,
    then: impl FnOnce(Built, &mut Progress) -> Result<R>,
) -> Result<R> {
    scored_then(
        dir,
        destination,
        options,
        anonymise,
        progress,
        Ends::Continues,
        |scored, progress| {
            let Scored {
                engagement,
                scorecard,
                settings,
                date,
                roster,
            } = scored;
            progress.stage("Planning");
            let q = &engagement.questionnaire;
            let plan = plan::build(q, scorecard, &engagement.file.processes, &settings)?;
            let report = Report::build(engagement, scorecard, plan, date, settings.min_coverage);
            then(Built { report, roster }, progress)
        },
    )
}

/// What a report is built from: the engagement read and checked, its scores, the plan's
/// settings, the report's date, and who answered (for `--anonymise`; empty without it).
struct Scored<'e> {
    engagement: &'e Engagement,
    scorecard: &'e scoring::Scorecard<'e>,
    settings: plan::Settings,
    date: Option<String>,
    roster: Roster,
}

/// Whether the process ends once a report is written: then what it was built from is left for
/// the process's end to free, since freeing every answer piece by piece would only cost time.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ends {
    Continues,
    AfterThis,
}

/// Reads, checks and scores an engagement folder, its warnings printed (with respondents by
/// pseudonym under `anonymise`), and hands what a report is built from to `then`.
fn scored_then<R>(
    dir: &Path,
    destination: &Destination,
    options: &PlanOptions,
    anonymise: bool,
    progress: &mut Progress,
    ends: Ends,
    then: impl FnOnce(Scored, &mut Progress) -> Result<R>,
) -> Result<R> {
    // Usage errors first, before anything is read.
    let date = options
        .date
        .as_deref()
        .map(report::date::parse)
        .transpose()?;
    let engagement = engagement::load_reporting(dir, &mut |done, total| {
        progress.count("Reading answers", done, total)
    })?;
    let roster = if anonymise {
        Roster::of_engagement(&engagement)
    } else {
        Roster::default()
    };
    if !engagement.warnings.is_empty() {
        progress.finish();
        if anonymise {
            print_warnings(&Pseudonyms::new(&roster).diagnostics(&engagement.warnings));
        } else {
            print_warnings(&engagement.warnings);
        }
    }
    refuse_own_inputs(destination, &engagement)?;
    if let Some(date) = &date {
        if let Some(warning) = answers_after(&engagement, date) {
            progress.finish();
            print_warnings(&[warning]);
        }
    }
    let settings = plan_settings(&engagement, options)?;
    progress.stage("Scoring");
    let mut scorecard = scoring::score(&engagement, settings.min_coverage);
    judge_freshness(&mut scorecard, &engagement, date.as_deref());
    let scored = Scored {
        engagement: &engagement,
        scorecard: &scorecard,
        settings,
        date,
        roster,
    };
    let result = then(scored, progress);
    if ends == Ends::AfterThis {
        std::mem::forget(scorecard);
        std::mem::forget(engagement);
    }
    result
}

/// The JSON report, written as it is made: each process's answers added as it is written, and,
/// on two threads or more, everything the plan does not decide written while the plan is made on
/// a second thread. Writing starts only once the plan cannot fail, so a plan that fails writes
/// nothing. Returns the report, complete.
fn write_json_report(
    scored: Scored,
    destination: &Destination,
    gate: &Gate,
    progress: &mut Progress,
) -> Result<Report> {
    let Scored {
        engagement,
        scorecard,
        settings,
        date,
        roster: _,
    } = scored;
    let views = report::AnswerViews::new(engagement, scorecard);
    let mut report = Report::lean_before_plan(&views, date, settings.min_coverage);
    // Usage errors are found before anything is written.
    gate.validate(&report)?;
    progress.stage("Planning");
    let make_plan = |ordered: &dyn Fn()| -> Result<report::Planned> {
        let q = &engagement.questionnaire;
        let processes = &engagement.file.processes;
        let plan = plan::build_telling(q, scorecard, processes, &settings, ordered)?;
        Ok(report.planned(&views, plan))
    };
    let planned = if crate::threads::available() < 2 {
        let made = make_plan(&|| {})?;
        write_json(destination, progress, &report, &views, || Ok(made))?
    } else {
        std::thread::scope(|scope| -> Result<report::Planned> {
            let (told, ordered) = std::sync::mpsc::channel();
            let making = scope.spawn(move || {
                make_plan(&|| {
                    // The receiver waits for this: it cannot be gone.
                    let _ = told.send(());
                })
            });
            let made = || {
                making
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            };
            // No word means the plan failed before it was ordered: its error, nothing written.
            if ordered.recv().is_err() {
                made()?;
                anyhow::bail!("internal error: the plan was made without being ordered");
            }
            write_json(destination, progress, &report, &views, made)
        })?
    };
    report.complete(planned);
    // The process ends soon: freeing every answer piece by piece would only cost time.
    std::mem::forget(views);
    Ok(report)
}

/// Writes a JSON report built without what the plan decides, taking that from `made` once the
/// rest is written, and returns it.
fn write_json(
    destination: &Destination,
    progress: &mut Progress,
    report: &Report,
    views: &report::AnswerViews,
    made: impl FnOnce() -> Result<report::Planned>,
) -> Result<report::Planned> {
    let mut planned = None;
    write_out(destination, progress, "Writing the report", |out| {
        planned = Some(report::json::write_streamed_while(
            report, views, out, made,
        )?);
        Ok(())
    })?;
    // Writing the report succeeded, so it took the plan's parts to write them.
    planned.context("internal error: the report was written without its plan")
}

/// In a dated report, the answers given before the freshness window are stale; without a date
/// nothing is judged, so the same answers give the same report on any day.
fn judge_freshness(
    scorecard: &mut scoring::Scorecard,
    engagement: &Engagement,
    date: Option<&str>,
) {
    let Some(as_of) = date.and_then(|d| calendar::parse_fixed(d, "--date").ok()) else {
        return;
    };
    let window = scoring::freshness::Window {
        as_of,
        months: scoring::freshness::months(engagement),
    };
    scoring::freshness::judge(scorecard, window);
}

/// A warning when answers are dated after the report's `date` (`YYYY-MM-DD`): they count as
/// fresh, and a mistyped `--date` would otherwise pass unnoticed. Names no file or respondent,
/// so it is the same with `--anonymise`.
fn answers_after(engagement: &Engagement, date: &str) -> Option<Diagnostic> {
    let (mut later, mut files) = (0, 0);
    for response in &engagement.responses {
        // Both are checked `YYYY-MM-DD`, which sorts as the calendar does.
        let n = response
            .file
            .answers
            .0
            .iter()
            .filter(|(_, a)| a.date.as_deref().is_some_and(|d| d > date))
            .count();
        later += n;
        files += usize::from(n > 0);
    }
    (later > 0).then(|| {
        let count = crate::report::text::count;
        Diagnostic::warning(
            engagement.dir.display().to_string(),
            format!(
                "{} in {} {} dated after the report's date {date} (--date) and {} as fresh; \
                 check the date",
                count(later, "answer", "answers"),
                count(files, "answers file", "answers files"),
                if later == 1 { "is" } else { "are" },
                if later == 1 { "counts" } else { "count" },
            ),
        )
    })
}

/// Where `path` really is: symlinks and `..` resolved. A file that does not exist yet is named
/// within its folder's real path (output::destination has checked the folder exists).
fn real_path(path: &Path) -> PathBuf {
    let real = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !path.exists() => real(if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        })
        .join(name),
        _ => real(path),
    }
}

/// Refuses an output file that is one of the engagement's own inputs (engagement.yaml, the
/// questionnaire, an answers file) or lies in its responses folder, where it would be read as
/// an answers file next time: a report written there would destroy what was answered.
fn refuse_own_inputs(destination: &Destination, engagement: &Engagement) -> Result<()> {
    let Destination::File(path) = destination else {
        return Ok(());
    };
    let target = real_path(path);
    if let Some(input) = engagement
        .input_files()
        .iter()
        .find(|f| real_path(f) == target)
    {
        bail!(
            "--output {} is {}, one of this engagement's own inputs; writing the report there \
             would destroy it. Choose another file",
            path.display(),
            input.display()
        );
    }
    let responses = real_path(&engagement.dir.join(engagement::RESPONSES_DIR));
    if target.starts_with(&responses) {
        bail!(
            "--output {} is inside {}, where every file is read as answers; choose a file \
             outside the responses folder",
            path.display(),
            engagement.dir.join(engagement::RESPONSES_DIR).display()
        );
    }
    Ok(())
}

/// Refuses a diff's output onto one of the two reports it compares, or into a compared
/// engagement folder's engagement.yaml or responses.
fn refuse_diff_inputs(destination: &Destination, sides: &[&Path]) -> Result<()> {
    let Destination::File(path) = destination else {
        return Ok(());
    };
    let target = real_path(path);
    for side in sides {
        let side = real_path(side);
        let own = if side.is_dir() {
            target == side.join(engagement::ENGAGEMENT_FILE)
                || target.starts_with(side.join(engagement::RESPONSES_DIR))
        } else {
            target == side
        };
        if own {
            bail!(
                "--output {} would overwrite {}, which this diff reads; choose another file",
                path.display(),
                side.display()
            );
        }
    }
    Ok(())
}

/// The plan's settings from the flags and engagement.yaml: the flag wins over the file.
fn plan_settings(engagement: &Engagement, options: &PlanOptions) -> Result<plan::Settings> {
    let file = engagement.dir.join(engagement::ENGAGEMENT_FILE);
    let min_coverage = match (options.min_coverage, engagement.file.min_coverage) {
        (Some(percent), _) => f64::from(percent) / 100.0,
        (None, Some(percent)) if (0.0..=100.0).contains(&percent) => percent / 100.0,
        (None, Some(percent)) => bail!(
            "{}: min_coverage is {percent}; give a percentage from 0 to 100",
            file.display()
        ),
        (None, None) => scoring::DEFAULT_MIN_COVERAGE,
    };
    if let Some((owner, _)) = engagement.file.capacity.iter().find(|(_, &c)| c == 0) {
        bail!(
            "{}: capacity of `{owner}` is 0; give at least 1 step at once, or leave the role out",
            file.display()
        );
    }
    let start = match (options.start.as_deref(), &engagement.file.start) {
        (Some(flag), _) => Some(calendar::parse(flag, "--start").map_err(anyhow::Error::msg)?),
        // A file holds a fixed date: `today` would make the same files plan differently
        // every day.
        (None, Some(text)) if text.trim() == "today" => bail!(
            "{}: start is `today`; give the first day of week 1 as YYYY-MM-DD (or pass \
             --start today for one run)",
            file.display()
        ),
        (None, Some(text)) => Some(
            calendar::parse(text, "start")
                .map_err(|message| anyhow::anyhow!("{}: {message}", file.display()))?,
        ),
        (None, None) => None,
    };
    Ok(plan::Settings {
        horizon_weeks: options.horizon,
        min_coverage,
        capacity: engagement.file.capacity.clone(),
        start: start.map(calendar::Weeks::starting),
    })
}

fn format_of(format: ReportFormat) -> Format {
    match format {
        ReportFormat::Table => Format::Table,
        ReportFormat::Markdown => Format::Markdown,
        ReportFormat::Json => Format::Json,
        ReportFormat::Html => Format::Html,
        ReportFormat::Csv => Format::Csv,
    }
}

fn report_command(args: &ReportArgs, style: Style) -> Result<i32> {
    let mut progress = Progress::on_stderr();
    let gate = Gate {
        fail_under: args.fail_under,
        require_ready: args.require_ready.clone(),
    };
    let format = chosen_format(args.format, args.output.as_deref(), ReportFormat::Table)?;
    let destination = output::destination(args.output.as_deref())?;
    // A JSON report is written one process at a time; anonymised, it is rewritten whole.
    let lean = format == ReportFormat::Json && !args.anonymise;
    let (color, width) = terminal_output(style, &destination);
    let renderer = report::renderer(format_of(format), color, width);
    let (dir, options) = (&args.dir, &args.plan);
    let report = if lean {
        scored_then(
            dir,
            &destination,
            options,
            false,
            &mut progress,
            Ends::AfterThis,
            |scored, progress| write_json_report(scored, &destination, &gate, progress),
        )?
    } else {
        build_then(
            dir,
            &destination,
            options,
            args.anonymise,
            &mut progress,
            |built, progress| {
                let Built { report, roster } = built;
                let report = if args.anonymise {
                    Pseudonyms::new(&roster).report(&report)?
                } else {
                    report
                };
                // Usage errors are found before anything is written; a missed threshold only after.
                gate.validate(&report)?;
                write_out(&destination, progress, "Writing the report", |out| {
                    renderer.render(&report, out)
                })?;
                Ok(report)
            },
        )?
    };
    // A missed threshold is found only once the report is written.
    let failures = gate.failures(&report);
    // The process ends now: freeing a large report piece by piece would only cost time.
    std::mem::forget(report);
    if !failures.is_empty() {
        return Err(Outcome::ThresholdNotMet(format!(
            "readiness gate not met:\n  {}",
            failures.join("\n  ")
        ))
        .into());
    }
    Ok(exit::SUCCESS)
}

/// Streams the output to its destination under the progress bar's last stage; on standard output
/// the bar goes first, so it never draws over what is written.
fn write_out(
    destination: &Destination,
    progress: &mut Progress,
    stage: &'static str,
    render: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    progress.stage(stage);
    if *destination == Destination::Stdout {
        progress.finish();
    }
    output::write_with(destination, render)?;
    progress.finish();
    Ok(())
}

fn plan_command(args: &PlanArgs, style: Style) -> Result<i32> {
    let mut progress = Progress::on_stderr();
    let format = chosen_format(args.format, args.output.as_deref(), ReportFormat::Table)?;
    let destination = output::destination(args.output.as_deref())?;
    let report = build_report(
        &args.dir,
        &destination,
        &args.plan,
        args.anonymise,
        &mut progress,
    )?;
    let (color, width) = terminal_output(style, &destination);
    let renderer = report::plan_renderer(format_of(format), color, width, args.steps);
    write_out(&destination, &mut progress, "Writing the plan", |out| {
        renderer.render_plan(&report, out)
    })?;
    // The process ends now: freeing a large report piece by piece would only cost time.
    std::mem::forget(report);
    Ok(exit::SUCCESS)
}

/// One side of a diff: an engagement folder (or its engagement.yaml), planned over the default
/// horizon and dated `date`, or a saved JSON report (with its own date); respondents by name.
fn load_side(path: &Path, anonymise: bool, date: Option<&str>) -> Result<Built> {
    let options = PlanOptions {
        date: date.map(str::to_string),
        ..PlanOptions::default()
    };
    let folder = |dir: &Path| {
        build(
            dir,
            &Destination::Stdout,
            &options,
            anonymise,
            &mut Progress::hidden(),
        )
    };
    if path.is_dir() {
        return folder(path);
    }
    let hint = "give an engagement folder or a report saved with \
                `omd report DIR --format json --output FILE`";
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(meta) => bail!(
            "{}: is {}, not an engagement folder or a report file; {hint}",
            path.display(),
            questionnaire::yaml::describe_file_type(&meta.file_type())
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("{}: no such folder or file; {hint}", path.display())
        }
        Err(e) => bail!("{}: cannot read it ({e}); {hint}", path.display()),
    }
    if path.file_name().is_some_and(|n| n == "engagement.yaml") {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
        return folder(dir.unwrap_or(Path::new(".")));
    }
    let report = report::json::read(path)?;
    let roster = if anonymise {
        Roster::of_report(&report)
    } else {
        Roster::default()
    };
    Ok(Built { report, roster })
}

fn diff_command(args: &DiffArgs, style: Style) -> Result<i32> {
    let format = chosen_format(args.format, args.output.as_deref(), DiffFormat::Table)?;
    let destination = output::destination(args.output.as_deref())?;
    refuse_diff_inputs(&destination, &[&args.old, &args.new])?;
    // A usage error before anything is read.
    if let Some(date) = args.date.as_deref() {
        report::date::parse(date)?;
    }
    let old = load_side(&args.old, args.anonymise, args.date.as_deref())?;
    let new = load_side(&args.new, args.anonymise, args.date.as_deref())?;
    let (mut old, mut new) = if args.anonymise {
        // One set of pseudonyms for both sides: the same person is called the same on each.
        let pseudonyms = Pseudonyms::new(&old.roster.merge(new.roster));
        (
            pseudonyms.report(&old.report)?,
            pseudonyms.report(&new.report)?,
        )
    } else {
        (old.report, new.report)
    };
    if format != DiffFormat::Json {
        // Text for a terminal: user text is shown, never obeyed (JSON escapes it itself).
        old = old.visible()?;
        new = new.visible()?;
    }
    let diff = Diff::build(&old, &new);
    let format = match format {
        DiffFormat::Table => DiffOutput::Table,
        DiffFormat::Markdown => DiffOutput::Markdown,
        DiffFormat::Json => DiffOutput::Json,
    };
    let (color, width) = terminal_output(style, &destination);
    let text = report::diff::render::render(&diff, format, color, width)?;
    output::write(&destination, text.as_bytes())?;
    Ok(exit::SUCCESS)
}

fn whatif_command(args: &WhatIfArgs, style: Style) -> Result<i32> {
    let format = chosen_format(args.format, args.output.as_deref(), WhatIfFormat::Table)?;
    let destination = output::destination(args.output.as_deref())?;
    let date = args
        .plan
        .date
        .as_deref()
        .map(report::date::parse)
        .transpose()?;
    let engagement = engagement::load(&args.dir)?;
    print_warnings(&engagement.warnings);
    refuse_own_inputs(&destination, &engagement)?;
    if let Some(warning) = date.as_deref().and_then(|d| answers_after(&engagement, d)) {
        print_warnings(&[warning]);
    }
    let settings = plan_settings(&engagement, &args.plan)?;
    let Some(process) = engagement.process(&args.process) else {
        let ids: Vec<&str> = engagement
            .file
            .processes
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        bail!(
            "--process {}: no such process in this engagement{}; its processes: {}",
            args.process,
            questionnaire::suggest::closest(&args.process, ids.iter().copied())
                .map_or(String::new(), |c| format!(" (did you mean `{c}`?)")),
            ids.join(", ")
        );
    };
    let changes = whatif::settings(&engagement.questionnaire, &args.set)?;
    let input = whatif::Input {
        engagement: &engagement,
        process,
        plan: &settings,
        date,
    };
    let result = whatif::analyse(&input, &changes)?;
    let format = match format {
        WhatIfFormat::Table => report::whatif::WhatIfFormat::Table,
        WhatIfFormat::Markdown => report::whatif::WhatIfFormat::Markdown,
        WhatIfFormat::Json => report::whatif::WhatIfFormat::Json,
        WhatIfFormat::Html => report::whatif::WhatIfFormat::Html,
        WhatIfFormat::Csv => report::whatif::WhatIfFormat::Csv,
    };
    // Plain text: the width only wraps prose on a terminal.
    let (_, width) = terminal_output(style, &destination);
    let text = report::whatif::render(&result, format, width)?;
    output::write(&destination, text.as_bytes())?;
    Ok(exit::SUCCESS)
}

fn export_answers_command(args: &ExportAnswersArgs) -> Result<i32> {
    let format = chosen_format(args.format, args.output.as_deref(), ExportFormat::Csv)?;
    let destination = output::destination(args.output.as_deref())?;
    let options = PlanOptions {
        date: args.date.clone(),
        ..PlanOptions::default()
    };
    let report = build_report(
        &args.dir,
        &destination,
        &options,
        args.anonymise,
        &mut Progress::hidden(),
    )?;
    let report = report.visible()?;
    output::write_with(&destination, |out| match format {
        ExportFormat::Csv => report::csv::answers(&report, out),
    })?;
    Ok(exit::SUCCESS)
}

fn init_command(args: &InitArgs, style: Style) -> Result<i32> {
    let target = init::target(&args.dir)?;
    let interactive = !args.no_input && terminal::is_interactive();
    if !interactive {
        let mut missing = Vec::new();
        if args.client.is_none() {
            missing.push("--client NAME");
        }
        if args.processes.is_empty() {
            missing.push("--process NAME (once per process)");
        }
        if !missing.is_empty() {
            bail!(
                "missing {}; without a terminal{} omd init never prompts, so give every value by flag \
                 (see `omd init --help`)",
                missing.join(" and "),
                if args.no_input { " or with --no-input" } else { "" }
            );
        }
    }
    let mut flag_profiles: Vec<(String, PartialProfile)> = Vec::new();
    for spec in &args.profiles {
        let (id, profile) = init::parse_profile(spec)?;
        if flag_profiles.iter().any(|(seen, _)| *seen == id) {
            bail!("--profile for `{id}` given twice");
        }
        flag_profiles.push((id, profile));
    }
    let term = interactive.then(|| {
        terminal::set_interrupt_message("Interrupted; nothing was written.");
        terminal::install_interrupt_handler();
        Terminal::new(style.color)
    });
    let asked = |result: Result<String>| result.map_err(nothing_written);

    let client = match (&args.client, &term) {
        (Some(client), _) => client.clone(),
        (None, Some(term)) => asked(term.text("Client", None, false))?,
        (None, None) => unreachable_missing("--client")?,
    };
    let name = match (&args.name, &term) {
        (Some(name), _) => name.clone(),
        (None, Some(term)) => {
            asked(term.text("Engagement name", Some(&init::default_name(&client)), false))?
        }
        (None, None) => init::default_name(&client),
    };
    let questionnaire =
        choose_questionnaire(args.questionnaire.as_deref(), &args.dir, term.as_ref())?;

    let mut names = args.processes.clone();
    if names.is_empty() {
        if let Some(term) = &term {
            loop {
                let prompt = if names.is_empty() {
                    "Process in scope"
                } else {
                    "Another process in scope (Enter when done)"
                };
                let name = asked(term.text(prompt, None, !names.is_empty()))?;
                if name.is_empty() {
                    break;
                }
                match init::process_id(&name) {
                    Ok(_) => names.push(name),
                    Err(e) => term.line(&format!("{e:#}"))?,
                }
            }
        }
    }
    let mut processes = Vec::new();
    let mut notes = Vec::new();
    for name in &names {
        let id = init::process_id(name)?;
        let mut profile = flag_profiles
            .iter()
            .find(|(pid, _)| *pid == id)
            .map_or(PartialProfile::default(), |(_, p)| *p);
        if let Some(term) = &term {
            if !profile.missing().is_empty() {
                term.line(&format!("Profile of {name} ({id}):"))?;
            }
            for fact in profile.missing() {
                let label = PROFILE_FACTS
                    .iter()
                    .find(|(f, ..)| *f == fact)
                    .map_or("", |(_, _, label)| label);
                let levels: Vec<String> = ["low", "medium", "high"].map(String::from).into();
                let pick = term.pick(label, &levels, 1).map_err(nothing_written)?;
                let level = init::parse_level(&levels[pick])
                    .unwrap_or(crate::questionnaire::Level3::Medium);
                profile.set(fact, level);
            }
        } else if !profile.missing().is_empty() {
            let keys: Vec<&str> = profile.missing().iter().map(|f| f.key()).collect();
            notes.push(format!(
                "note: {id}: {} not given, set to medium (use --profile \"{id}:KEY=LEVEL,...\")",
                keys.join(", ")
            ));
        }
        processes.push(NewProcess {
            id,
            name: name.clone(),
            profile: profile.or_medium(),
        });
    }
    for (id, _) in &flag_profiles {
        if !processes.iter().any(|p| p.id == *id) {
            let ids: Vec<&str> = processes.iter().map(|p| p.id.as_str()).collect();
            bail!(
                "--profile names `{id}`, which is not a process given; process ids: {}",
                ids.join(", ")
            );
        }
    }
    let count = processes.len();
    let ids: Vec<String> = processes.iter().map(|p| p.id.clone()).collect();
    let file = init::build(&name, &client, &questionnaire.0, processes)?;
    let path = init::write(&args.dir, &file)?;
    terminal::set_interrupt_message(&format!("Interrupted; {} was written.", path.display()));
    debug_assert_eq!(path, target);
    for note in &notes {
        output::to_stderr(note);
    }
    let created = format!(
        "Created {} for {}: {count} process{} ({}), questionnaire {}.\nNext: omd assess {}\n",
        path.display(),
        file.client,
        if count == 1 { "" } else { "es" },
        ids.join(", "),
        questionnaire.1,
        shell_quote(&args.dir.display().to_string())
    );
    // The client and process names are the user's text, printed back to a terminal.
    print(&style::visible(&created))?;
    Ok(exit::SUCCESS)
}

/// Only reached if the check for missing flags above is wrong.
fn unreachable_missing(flag: &str) -> Result<String> {
    bail!("missing {flag}")
}

/// Ctrl-C before anything was written.
fn nothing_written(error: anyhow::Error) -> anyhow::Error {
    if error.is::<Interrupted>() {
        Outcome::Interrupted("Interrupted; nothing was written.".into()).into()
    } else {
        error
    }
}

/// The questionnaire for a new engagement, as `engagement.yaml` names it, and its id and
/// version for messages. A file given relative to the current folder is named relative to the
/// engagement folder.
fn choose_questionnaire(
    given: Option<&str>,
    dir: &Path,
    term: Option<&Terminal>,
) -> Result<(String, String)> {
    let default = questionnaire::builtin::BUILTIN
        .first()
        .map_or("ai-operating-model", |(id, ..)| *id);
    loop {
        let spec = match (given, term) {
            (Some(spec), _) => spec.to_string(),
            (None, None) => default.to_string(),
            (None, Some(term)) => {
                let mut items: Vec<String> = Vec::new();
                for (id, ..) in questionnaire::builtin::BUILTIN {
                    let title = questionnaire::load_builtin(id)
                        .and_then(Result::ok)
                        .map_or(String::new(), |l| l.questionnaire.title);
                    items.push(format!("{id}: {title} (built in)"));
                }
                items.push("A questionnaire file...".into());
                let pick = term
                    .pick("Questionnaire", &items, 0)
                    .map_err(nothing_written)?;
                match questionnaire::builtin::BUILTIN.get(pick) {
                    Some((id, ..)) => id.to_string(),
                    None => term
                        .text("Path of the questionnaire file", None, false)
                        .map_err(nothing_written)?,
                }
            }
        };
        // A path is read from where the user named it (the folder may not exist yet) and
        // written relative to the engagement folder.
        let written = engagement_relative(&spec, dir);
        let in_folder = Path::new(&spec).is_relative() && dir.join(&spec).is_file();
        let base = if questionnaire::looks_like_path(&spec) && !in_folder {
            Path::new(".")
        } else {
            dir
        };
        match questionnaire::resolve(&spec, base) {
            Ok(loaded) => {
                print_warnings(&loaded.warnings);
                let q = loaded.questionnaire;
                return Ok((written, format!("{} {}", q.id, q.version)));
            }
            Err(diagnostics) => match (given, term) {
                (None, Some(term)) => term.line(&render_diagnostics(&diagnostics.0))?,
                _ => return Err(diagnostics.into()),
            },
        }
    }
}

fn engagement_relative(spec: &str, dir: &Path) -> String {
    let inside = Path::new(spec).is_relative() && dir.join(spec).is_file();
    if !questionnaire::looks_like_path(spec) || inside {
        return spec.to_string();
    }
    let Ok(file) = Path::new(spec).canonicalize() else {
        return spec.to_string();
    };
    // Relative to the engagement folder, so the folder can be moved or cloned with its
    // questionnaire beside it; absolute only where no relative path exists (another drive).
    match absolute_folder(dir).and_then(|base| relative_path(&file, &base)) {
        Some(relative) => relative.to_string_lossy().replace('\\', "/"),
        None => file.display().to_string(),
    }
}

/// `dir` as an absolute path with symlinks resolved, though it may not exist yet (`omd init`
/// creates it): the deepest existing ancestor is resolved and the rest appended.
fn absolute_folder(dir: &Path) -> Option<PathBuf> {
    let absolute = std::env::current_dir().ok()?.join(dir);
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(resolved) = existing.canonicalize() {
            let mut path = resolved;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        path.pop();
                    }
                    Component::CurDir => {}
                    other => path.push(other),
                }
            }
            return Some(path);
        }
        rest.push(existing.components().next_back()?);
        existing = existing.parent()?;
    }
}

/// The path from folder `base` to `file`, both absolute and resolved: `../cq/my.yaml`.
fn relative_path(file: &Path, base: &Path) -> Option<PathBuf> {
    let file_parts: Vec<Component> = file.components().collect();
    let base_parts: Vec<Component> = base.components().collect();
    if file_parts.first() != base_parts.first() {
        return None;
    }
    let common = file_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in common..base_parts.len() {
        relative.push("..");
    }
    for part in &file_parts[common..] {
        relative.push(part);
    }
    Some(relative)
}

fn assess_command(args: &AssessArgs, style: Style) -> Result<i32> {
    terminal::require_interactive(
        "omd assess",
        "for scripted use, write answers files (responses/<process>/<respondent>.yaml) and run `omd report`",
    )?;
    let engagement = engagement::load(&args.dir)?;
    print_warnings(&engagement.warnings);
    terminal::set_interrupt_message("Interrupted; nothing was written.");
    terminal::install_interrupt_handler();
    let mut term = Terminal::new(style.color);
    let dir = shell_quote(&args.dir.display().to_string());

    let process =
        choose_process(&engagement, args.process.as_deref(), &term).map_err(nothing_written)?;
    let (respondent, name) =
        choose_respondent(&engagement, process, args.respondent.as_deref(), &term)
            .map_err(nothing_written)?;
    let path = engagement::response_path(&args.dir, &process.id, &respondent);
    let resume = format!(
        "omd assess {dir} --process {} --respondent {respondent}",
        process.id
    );
    // A review stopped half way goes on as a review: without the flag, a rerun would ask only
    // the unanswered questions, or nothing at all.
    let resume_this = if args.review {
        format!("{resume} --review")
    } else {
        resume.clone()
    };
    let Some(held) = lock::try_acquire(&path)? else {
        let by = lock::holder(&path).map_or(String::new(), |pid| format!(" (process {pid})"));
        bail!(
            "{name}'s answers for {} are open in another omd session{by}; finish that session \
             first, or answer as another respondent (lock: {})",
            process.id,
            lock::lock_path(&path).display()
        );
    };
    let interrupted_message = {
        let (saved, resume) = (path.display().to_string(), resume_this.clone());
        move |answered: usize, total: usize| {
            format!(
                "Interrupted. {answered} of {total} questions answered, all saved in {saved}.\nResume with: {resume}"
            )
        }
    };
    terminal::set_interrupt_message(&format!(
        "Interrupted. Every answer given is saved in {}.\nResume with: {resume_this}",
        path.display()
    ));
    let q = &engagement.questionnaire;
    let mut session = if path.exists() {
        let (session, warnings) = Session::load(q, &path)?;
        print_warnings(&warnings);
        session
    } else {
        let role = term
            .text("Role (optional)", None, true)
            .map_err(nothing_written)?;
        Session::create(q, &path, &name, &role)?
    };
    session.set_risk_tier(process.profile.risk_tier);
    term.line(&format!(
        "{} for {}: answering as {name}; each answer is saved to {} at once.",
        q.title,
        process.name,
        path.display()
    ))?;
    term.interrupt_message(Box::new(interrupted_message.clone()));
    let end = match session.run(&mut term, args.review) {
        Ok(end) => end,
        Err(e) if e.is::<Interrupted>() => {
            let message = interrupted_message(session.answered(), session.total());
            return Err(Outcome::Interrupted(format!("\n{message}")).into());
        }
        Err(e) => {
            terminal::restore();
            return Err(match e.downcast_ref::<NotSaved>() {
                Some(not_saved) => anyhow!(not_saved_message(not_saved, &resume_this)),
                None => e,
            });
        }
    };
    let (answered, total) = (session.answered(), session.total());
    drop(held);
    match end {
        End::Stopped { at } => {
            term.line(&format!(
                "Stopped at question {} of {total}. {answered} answered, all saved in {}.\nResume with: {resume_this}",
                at + 1,
                path.display()
            ))?;
            return Ok(exit::SUCCESS);
        }
        End::AlreadyComplete => term.line(&format!(
            "All {total} questions are answered for {name}. To change answers: {resume} --review"
        ))?,
        End::Finished if answered < total => term.line(&format!(
            "{answered} of {total} questions answered; {} left for later: {resume}",
            total - answered
        ))?,
        End::Finished => term.line(&format!("All {total} questions answered."))?,
    }
    let mut report = build_report(
        &args.dir,
        &Destination::Stdout,
        &PlanOptions::default(),
        false,
        &mut Progress::hidden(),
    )?;
    report.processes.retain(|p| p.id == process.id);
    let (color, width) = terminal_output(style, &Destination::Stdout);
    // The table goes to the terminal: names from the answers files must be seen, not obeyed.
    let table = report::table::Table {
        color,
        width,
        steps: false,
    }
    .scores(&report.visible()?);
    print(&format!("\n{table}\nNext: omd report {dir}\n"))?;
    Ok(exit::SUCCESS)
}

/// What a respondent needs when an answer could not be written: which one, what is safe on disk,
/// why, and how to go on once the cause is fixed.
fn not_saved_message(not_saved: &NotSaved, resume: &str) -> String {
    format!(
        "{not_saved}\n{} of {} questions answered are saved in {}; the session stopped there.\n\
         Once the file can be written again, resume with: {resume}",
        not_saved.saved,
        not_saved.total,
        not_saved.path.display()
    )
}

fn choose_process<'e>(
    engagement: &'e Engagement,
    given: Option<&str>,
    term: &Terminal,
) -> Result<&'e ProcessSpec> {
    let processes = &engagement.file.processes;
    if let Some(id) = given {
        return engagement.process(id).with_context(|| {
            let ids: Vec<&str> = processes.iter().map(|p| p.id.as_str()).collect();
            format!(
                "no process `{id}` in this engagement; its processes: {}",
                ids.join(", ")
            )
        });
    }
    if let [only] = processes.as_slice() {
        return Ok(only);
    }
    let items: Vec<String> = processes
        .iter()
        .map(|p| {
            let respondents = engagement.responses_for(&p.id).count();
            format!(
                "{} ({}), {respondents} respondent{}",
                p.name,
                p.id,
                if respondents == 1 { "" } else { "s" }
            )
        })
        .collect();
    let index = term.pick("Process", &items, 0)?;
    processes.get(index).context("no such process")
}

/// The respondent's id (the answers file name) and display name.
fn choose_respondent(
    engagement: &Engagement,
    process: &ProcessSpec,
    given: Option<&str>,
    term: &Terminal,
) -> Result<(String, String)> {
    let existing: Vec<_> = engagement.responses_for(&process.id).collect();
    let known = |id: &str| {
        existing
            .iter()
            .find(|r| r.respondent == id)
            .map(|r| (r.respondent.clone(), r.display_name().to_string()))
    };
    if let Some(name) = given {
        let id = slug::slug(name).with_context(|| {
            format!("respondent name `{name}` has no letter or digit to name a file after")
        })?;
        return Ok(known(&id).unwrap_or((id, name.trim().to_string())));
    }
    let total = engagement.questionnaire.questions.len();
    let mut items: Vec<String> = existing
        .iter()
        .map(|r| {
            let answered = engagement
                .questionnaire
                .questions
                .iter()
                .filter(|q| r.file.answers.get(&q.id).is_some_and(|a| a.is_answered()))
                .count();
            let role = if r.file.role.is_empty() {
                String::new()
            } else {
                format!(", {}", r.file.role)
            };
            format!("{}{role}: {answered} of {total} answered", r.display_name())
        })
        .collect();
    items.push("New respondent".into());
    let index = term.pick("Respondent", &items, 0)?;
    if let Some(r) = existing.get(index) {
        return Ok((r.respondent.clone(), r.display_name().to_string()));
    }
    loop {
        let name = term.text("Respondent's name", None, false)?;
        match slug::slug(&name) {
            Some(id) => {
                if let Some(found) = known(&id) {
                    term.line(&format!(
                        "{} has answers already; continuing them.",
                        found.1
                    ))?;
                    return Ok(found);
                }
                return Ok((id, name));
            }
            None => term.line("The name needs a letter or a digit, to name the answers file.")?,
        }
    }
}

/// `text` as one shell word, quoted when needed, for commands we print.
fn shell_quote(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@,=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn questionnaire_command(command: QuestionnaireCommand) -> Result<i32> {
    match command {
        QuestionnaireCommand::List => {
            let mut out = String::new();
            // From the summaries checked at test time: listing parses nothing.
            let builtin = questionnaire::builtin::BUILTIN;
            for ((id, file, _), (_, version, title, dimensions, questions)) in
                builtin.iter().zip(questionnaire::builtin::SUMMARIES)
            {
                out.push_str(&format!(
                    "{id}\t{version}\t{title}\t{dimensions} dimensions, {questions} questions\t(questionnaires/{file})\n",
                ));
            }
            print(&out)?;
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
                report::outline::outline(&loaded.questionnaire, report::table::terminal_width())
            };
            print(&style::visible(&text))?;
        }
        QuestionnaireCommand::Validate { files } => {
            let mut failed = false;
            let mut out = String::new();
            for file in &files {
                match questionnaire::load_file(file) {
                    Ok(loaded) => {
                        print_warnings(&loaded.warnings);
                        let q = &loaded.questionnaire;
                        let count = crate::report::text::count;
                        out.push_str(&format!(
                            "{}: ok ({} {}: {}, {}, {})\n",
                            file.display(),
                            q.id,
                            q.version,
                            count(q.dimensions.len(), "dimension", "dimensions"),
                            count(q.questions.len(), "question", "questions"),
                            count(q.actions().count(), "action", "actions")
                        ));
                    }
                    Err(diagnostics) => {
                        failed = true;
                        output::to_stderr(&style::visible(&render_diagnostics(&diagnostics.0)));
                    }
                }
            }
            print(&out)?;
            if failed {
                return Ok(exit::INVALID);
            }
        }
        QuestionnaireCommand::Schema => {
            let schema = schemars::schema_for!(questionnaire::Questionnaire);
            let mut text = serde_json::to_string_pretty(&schema)?;
            text.push('\n');
            print(&text)?;
        }
    }
    Ok(exit::SUCCESS)
}

fn man_command(args: &ManArgs) -> Result<i32> {
    let Some(dir) = &args.dir else {
        shell::man_page(&args.command)?;
        return Ok(exit::SUCCESS);
    };
    let pages = shell::man_pages(dir)?;
    let written = format!(
        "Wrote {} manual pages to {}: {}.\n",
        pages.len(),
        dir.display(),
        pages.join(", ")
    );
    // The folder is the user's text, printed back to a terminal.
    print(&style::visible(&written))?;
    Ok(exit::SUCCESS)
}

/// Colour and the terminal's width for output that goes to `destination`: only standard output
/// can be a terminal; a file, device or pipe named by `--output` gets neither.
fn terminal_output(style: Style, destination: &Destination) -> (bool, Option<u16>) {
    match destination {
        Destination::Stdout => (style.color, report::table::terminal_width()),
        _ => (false, None),
    }
}

/// Writes `text` to standard output.
fn print(text: &str) -> Result<()> {
    output::write(&Destination::Stdout, text.as_bytes())
}

/// The usual file extension of a format named as on the command line.
fn extension_of(format: &str) -> &str {
    match format {
        "markdown" => "md",
        "table" => "txt",
        other => other,
    }
}

/// The format asked for: `--format` when given, else the one the output file's extension names
/// (`report.html`), else `default`. A `--format` that contradicts the extension is a usage error,
/// and so is an extension naming a format this command does not write.
fn chosen_format<F: ValueEnum + Copy>(
    given: Option<F>,
    output: Option<&Path>,
    default: F,
) -> Result<F> {
    let name = |format: F| {
        format
            .to_possible_value()
            .map_or(String::new(), |v| v.get_name().to_string())
    };
    let names: Vec<String> = F::value_variants().iter().map(|f| name(*f)).collect();
    let writable = || {
        names
            .iter()
            .map(|n| format!(".{}", extension_of(n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((path, implied)) = output.and_then(|p| output::implied_format(p).map(|f| (p, f)))
    else {
        // `-o report.pdf` must not quietly write a text table under a PDF's name.
        if let (None, Some(path)) = (given, output) {
            if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
                bail!(
                    "{}: omd cannot tell a format from the extension .{extension}; name the file \
                     for a format this command writes ({}), or give --format{}",
                    path.display(),
                    writable(),
                    if extension.eq_ignore_ascii_case("pdf") {
                        " (for a PDF, write HTML and print it: see docs/reports.md)"
                    } else {
                        ""
                    }
                );
            }
        }
        return Ok(given.unwrap_or(default));
    };
    match given {
        Some(format) if name(format) != implied => bail!(
            "--format {} contradicts the output file {}, whose extension means {implied}; \
             drop --format or name the file for the format",
            name(format),
            path.display()
        ),
        Some(format) => Ok(format),
        None => F::value_variants()
            .iter()
            .copied()
            .find(|f| name(*f) == implied)
            .with_context(|| {
                format!(
                    "{}: the extension means {implied}, which this command does not write; \
                     name the file for a format it writes ({})",
                    path.display(),
                    writable()
                )
            }),
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    if !warnings.is_empty() {
        output::to_stderr(&style::visible(&render_diagnostics(warnings)));
    }
}

/// Diagnostics as `file:line:column: error: message`, each followed by the offending source
/// line and a caret where the file can be read.
pub fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    // Each file's lines, read and split once: a file with thousands of problems must not be
    // scanned from its start for each.
    let mut sources: HashMap<&str, Option<Vec<String>>> = HashMap::new();
    let mut out = Vec::new();
    for d in diagnostics {
        out.push(d.to_string());
        let Some(line) = d.line else { continue };
        let source = sources.entry(d.file.as_str()).or_insert_with(|| {
            let text = std::fs::read_to_string(&d.file).ok()?;
            Some(text.lines().map(str::to_string).collect())
        });
        let Some(text) = source
            .as_ref()
            .and_then(|lines| lines.get(line.checked_sub(1)?))
        else {
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
    match error.downcast_ref::<Outcome>() {
        Some(Outcome::Interrupted(message)) => return message.clone(),
        Some(Outcome::ThresholdNotMet(message)) => return format!("omd: {message}"),
        None => {}
    }
    match error.downcast_ref::<Diagnostics>() {
        Some(diagnostics) => render_diagnostics(&diagnostics.0),
        None => format!("omd: error: {error:#}"),
    }
}
