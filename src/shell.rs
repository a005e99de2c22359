//! Shell integration: completion scripts (clap_complete) and manual pages (clap_mangen), both
//! generated from the command line that `cli.rs` declares, so they never fall behind it.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use crate::cli::{Cli, Shell};
use crate::output::{self, Destination};

/// The name the scripts complete and the pages describe.
const BIN: &str = "omd";

/// Writes the completion script for `shell` to standard output.
pub fn completions(shell: Shell) -> Result<()> {
    let target = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
    };
    let mut command = Cli::command();
    output::write_with(&Destination::Stdout, |out| {
        clap_complete::generate(target, &mut command, BIN, out);
        Ok(())
    })
}

/// Writes the manual page of omd, or of the command named by `path` (`["questionnaire",
/// "show"]`), to standard output.
pub fn man_page(path: &[String]) -> Result<()> {
    let mut command = manual_command();
    let mut typed = vec![BIN.to_string()];
    for name in path {
        let Some(sub) = command.find_subcommand(name).cloned() else {
            let known: Vec<&str> = command.get_subcommands().map(|c| c.get_name()).collect();
            if known.is_empty() {
                bail!("`{}` has no subcommands", typed.join(" "));
            }
            bail!(
                "`{} {}` is not a command; the commands of `{}` are: {}",
                typed.join(" "),
                name,
                typed.join(" "),
                known.join(", ")
            );
        };
        typed.push(name.clone());
        command = sub;
    }
    let page = page(command, path.is_empty());
    output::write(&Destination::Stdout, &page)
}

/// Writes one page per command (omd.1, omd-report.1, omd-questionnaire-show.1, ...) into the
/// folder `dir`, which must exist; returns the file names written.
pub fn man_pages(dir: &Path) -> Result<Vec<String>> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => bail!("--dir {}: is not a folder", dir.display()),
        Err(_) => bail!(
            "--dir {}: no such folder; create it first (omd does not create folders for its \
             output)",
            dir.display()
        ),
    }
    let mut pages = Vec::new();
    collect_pages(manual_command(), true, &mut pages);
    // Every path is checked before anything is written: a refused one leaves the folder as it was.
    let mut checked = Vec::with_capacity(pages.len());
    for (name, contents) in pages {
        let path = dir.join(&name);
        if path.is_dir() {
            bail!(
                "{}: is a folder, where the page {name} would go; move it away first",
                path.display()
            );
        }
        let destination = output::destination(Some(&path))?;
        checked.push((name, destination, contents));
    }
    for (_, destination, contents) in &checked {
        output::write(destination, contents)?;
    }
    Ok(checked.into_iter().map(|(name, _, _)| name).collect())
}

/// The command line as the pages describe it: built (so every subcommand has its full name,
/// `omd-report`), without clap's `help` subcommand, which needs no page, and with a description
/// longer than `--help` needs.
fn manual_command() -> clap::Command {
    let mut command = Cli::command()
        .disable_help_subcommand(true)
        .long_about(DESCRIPTION);
    command.build();
    command
}

/// The top page's DESCRIPTION: what omd is for and the order its commands are used in.
const DESCRIPTION: &str = "\
omd finds out which business processes are ready for AI, what blocks the others, and in which \
order to fix the operating model around each: how the work flows, who may act on an AI \
recommendation, what data feeds the process, how it is governed, and which skills its roles need.

An engagement is a folder of plain text files, fit for git. omd init creates it; omd assess \
interviews one respondent about one process, saving every answer before the next question; \
omd report scores every process (readiness, verdict, coverage, confidence, failed gates) and \
omd plan sequences the redesign into go-lives and a roadmap; omd diff shows what moved between \
two reports. The questionnaire behind it is built in, or a YAML file of your own (omd \
questionnaire).

Output to a file or a pipe is plain and deterministic: the same answers give the same bytes. \
Nothing leaves the machine.";

/// The page of `command` and of each of its visible subcommands, depth first, named as `man`
/// looks them up.
fn collect_pages(command: clap::Command, top: bool, pages: &mut Vec<(String, Vec<u8>)>) {
    let name = format!("{}.1", page_name(&command));
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .cloned()
        .collect();
    pages.push((name, page(command, top)));
    for sub in subcommands {
        collect_pages(sub, false, pages);
    }
}

/// `omd`, `omd-report`, `omd-questionnaire-show`.
fn page_name(command: &clap::Command) -> String {
    command
        .get_display_name()
        .unwrap_or(command.get_name())
        .to_string()
}

/// One page in roff. The top page also says what the exit codes and the environment mean.
fn page(command: clap::Command, top: bool) -> Vec<u8> {
    let mut roff = Vec::new();
    // Rendering into memory cannot fail.
    let source = format!("{BIN} {}", env!("CARGO_PKG_VERSION"));
    let _ = Man::new(command).source(source).render(&mut roff);
    if top {
        let _ = roff.write_all(TOP_PAGE_SECTIONS.as_bytes());
    }
    roff
}

/// Sections clap does not know about, in roff, for omd.1.
const TOP_PAGE_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
Success; warnings, if any, are on standard error.
.TP
\fB1\fR
A threshold asked for (\fB\-\-fail\-under\fR, \fB\-\-require\-ready\fR) was not met.
.TP
\fB2\fR
Invalid input or usage: the message names the file, the line where known, and what is wrong.
.TP
\fB130\fR
An interactive session was interrupted (Ctrl\-C, SIGINT, SIGTERM or SIGHUP); everything answered is saved.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
When set, \fB\-\-color auto\fR prints no colour.
.TP
\fBTERM\fR
\fBdumb\fR means no colour with \fB\-\-color auto\fR.
"#;
