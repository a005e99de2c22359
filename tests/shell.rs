#![allow(clippy::unwrap_used)]
//! Shell integration: `omd completions SHELL` and `omd man`, checked against the command line
//! the binary really parses (read from the library's clap definition, so a new subcommand that
//! the scripts or pages miss fails here).

mod common;

use std::fs;
use std::process::{Command as Process, Stdio};

use clap::CommandFactory;
use common::{omd, stdout_of};

/// Every visible subcommand of `omd`, by name; asserted to hold the ones a user reaches first,
/// so a test over this list can never pass over an empty one.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = omd::cli::Cli::command()
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(|c| c.get_name().to_string())
        .collect();
    for expected in [
        "init",
        "assess",
        "report",
        "plan",
        "diff",
        "completions",
        "man",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    names
}

/// Every page `omd man --dir` should write: `omd` and each visible command below it, nested
/// ones included (`omd-questionnaire-show`).
fn page_names() -> Vec<String> {
    fn walk(command: &clap::Command, prefix: &str, names: &mut Vec<String>) {
        names.push(prefix.to_string());
        for sub in command.get_subcommands().filter(|c| !c.is_hide_set()) {
            walk(sub, &format!("{prefix}-{}", sub.get_name()), names);
        }
    }
    let mut command = omd::cli::Cli::command().disable_help_subcommand(true);
    command.build();
    let mut names = Vec::new();
    walk(&command, "omd", &mut names);
    names
}

fn failure(args: &[&str]) -> String {
    let output = omd().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "omd {args:?}: {stderr}");
    assert!(output.stdout.is_empty(), "omd {args:?} printed to stdout");
    stderr
}

#[test]
fn every_shell_gets_a_script_naming_the_real_commands_and_flags() {
    let shells = [
        ("bash", "complete -F _omd"),
        ("zsh", "#compdef omd"),
        ("fish", "complete -c omd"),
        (
            "powershell",
            "Register-ArgumentCompleter -Native -CommandName 'omd'",
        ),
    ];
    for (shell, marker) in shells {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for name in subcommands() {
            assert!(script.contains(&name), "{shell}: no subcommand {name}");
        }
        for word in ["format", "output", "fail-under", "require-ready", "horizon"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
    }
}

#[test]
fn the_scripts_are_deterministic() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        assert_eq!(
            stdout_of(&["completions", shell]),
            stdout_of(&["completions", shell]),
            "{shell}"
        );
    }
}

fn bash(script: &str) -> std::process::Output {
    Process::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .stdin(Stdio::null())
        .output()
        .expect("bash runs")
}

#[test]
fn the_bash_script_passes_bash_syntax_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("omd.bash");
    fs::write(&file, stdout_of(&["completions", "bash"])).unwrap();
    let output = bash(&format!("bash -n '{}'", file.display()));
    assert!(
        output.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The check itself is live: a broken script is refused.
    fs::write(&file, "_omd() {\n  if then\n}\n").unwrap();
    assert!(!bash(&format!("bash -n '{}'", file.display()))
        .status
        .success());
}

/// What the bash script offers for the words typed so far, the last one being completed.
fn bash_completes(words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("omd.bash");
    fs::write(&file, stdout_of(&["completions", "bash"])).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let current = words[cword];
    let previous = words[cword - 1];
    let script = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\n_omd omd '{current}' '{previous}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display(),
        quoted.join(" ")
    );
    let output = bash(&script);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_bash_script_completes_commands_flags_and_their_values() {
    assert_eq!(bash_completes(&["omd", "rep"]), ["report"]);
    let flags = bash_completes(&["omd", "report", "--f"]);
    assert!(flags.contains(&"--format".to_string()), "{flags:?}");
    assert!(flags.contains(&"--fail-under".to_string()), "{flags:?}");
    assert_eq!(
        bash_completes(&["omd", "plan", "--format", ""]),
        ["table", "markdown", "json", "html", "csv"]
    );
    let shells = bash_completes(&["omd", "completions", ""]);
    assert!(
        shells.ends_with(&["bash", "zsh", "fish", "powershell"].map(String::from)),
        "{shells:?}"
    );
    assert_eq!(bash_completes(&["omd", "completions", "p"]), ["powershell"]);
}

#[test]
fn engagement_folders_complete_as_folders() {
    let zsh = stdout_of(&["completions", "zsh"]);
    let folder_args = zsh
        .lines()
        .filter(|l| l.contains("The engagement folder") && l.contains("_files -/"))
        .count();
    // init, assess, report, plan, export answers.
    assert_eq!(folder_args, 5, "{zsh}");
}

#[test]
fn an_unknown_shell_is_a_usage_error_naming_the_shells() {
    let stderr = failure(&["completions", "tcsh"]);
    assert!(stderr.contains("invalid value 'tcsh'"), "{stderr}");
    assert!(
        stderr.contains("[possible values: bash, zsh, fish, powershell]"),
        "{stderr}"
    );
    let stderr = failure(&["completions"]);
    assert!(stderr.contains("<SHELL>"), "{stderr}");
}

/// Requests and escapes a page may use: the man macros clap_mangen and omd write, and the
/// string definition at the top of each page.
const REQUESTS: &[&str] = &[
    "ie", "el", "TH", "SH", "SS", "TP", "IP", "PP", "RS", "RE", "br",
];

/// Checks `page` is roff a man reader takes: its first request after the string definitions is
/// `.TH NAME 1`, every request is a known man macro, indents balance, and every escape is one
/// that groff knows. Returns the section names.
fn check_roff(page: &str, name: &str) -> Vec<String> {
    let requests: Vec<&str> = page
        .lines()
        .filter(|l| l.starts_with('.') || l.starts_with('\''))
        .collect();
    let first = requests
        .iter()
        .find(|l| !l.starts_with(".ie") && !l.starts_with(".el"))
        .unwrap();
    assert!(
        first.starts_with(&format!(".TH {name} 1 ")),
        "{name}: {first}"
    );
    assert_eq!(
        page.matches("\n.TH ").count() + usize::from(page.starts_with(".TH ")),
        1,
        "{name}: one title"
    );
    let mut depth = 0i32;
    for line in &requests {
        let request = line[1..].split_whitespace().next().unwrap_or("");
        assert!(
            REQUESTS.contains(&request),
            "{name}: unknown request {line}"
        );
        depth += match request {
            "RS" => 1,
            "RE" => -1,
            _ => 0,
        };
        assert!(depth >= 0, "{name}: .RE without .RS");
    }
    assert_eq!(depth, 0, "{name}: .RS without .RE");
    let mut rest = page;
    while let Some(at) = rest.find('\\') {
        let escape = &rest[at + 1..];
        let known = [
            "-", "fB", "fI", "fR", "(aq", "(bu", "*(Aq", "n(.g", "\\", "&", "e",
        ];
        let found = known.iter().find(|k| escape.starts_with(**k));
        assert!(
            found.is_some(),
            "{name}: unknown escape \\{}",
            &escape[..escape.len().min(6)]
        );
        rest = &escape[found.unwrap().len()..];
    }
    requests
        .iter()
        .filter_map(|l| l.strip_prefix(".SH "))
        .map(|s| s.trim_matches('"').to_string())
        .collect()
}

#[test]
fn the_man_page_is_roff_naming_every_command() {
    let page = stdout_of(&["man"]);
    let sections = check_roff(&page, "omd");
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "SUBCOMMANDS",
        "EXIT STATUS",
    ] {
        assert!(sections.iter().any(|s| s == section), "{sections:?}");
    }
    for name in subcommands() {
        assert!(
            page.contains(&format!("omd\\-{name}(1)")),
            "no omd-{name}(1)"
        );
    }
    assert!(
        !page.contains("omd\\-help"),
        "the help subcommand needs no page"
    );
    assert!(page.contains("\\fB2\\fR"), "exit code 2 is documented");
    assert!(
        page.contains(&format!("\"omd {}\"", env!("CARGO_PKG_VERSION"))),
        "the title names the version"
    );
    assert_eq!(page, stdout_of(&["man"]), "the page is deterministic");
}

#[test]
fn a_command_has_its_own_page() {
    let page = stdout_of(&["man", "report"]);
    check_roff(&page, "omd-report");
    assert!(page.contains("\\-\\-format"), "{page}");
    assert!(page.contains("\\-\\-fail\\-under"), "{page}");
    let page = stdout_of(&["man", "questionnaire", "show"]);
    check_roff(&page, "omd-questionnaire-show");
    assert!(page.contains("\\-\\-yaml"), "{page}");
}

#[test]
fn an_unknown_command_has_no_page() {
    let stderr = failure(&["man", "nope"]);
    assert!(
        stderr.contains("`omd nope` is not a command") && stderr.contains("report, plan"),
        "{stderr}"
    );
    let stderr = failure(&["man", "questionnaire", "nope"]);
    assert!(
        stderr.contains("the commands of `omd questionnaire` are: list, show"),
        "{stderr}"
    );
    let stderr = failure(&["man", "report", "--dir", "."]);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let stdout = stdout_of(&["man", "--dir", dir.path().to_str().unwrap()]);
    let expected = page_names();
    assert!(
        expected.len() > subcommands().len(),
        "nested commands counted"
    );
    let mut written: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    let mut files: Vec<String> = expected.iter().map(|n| format!("{n}.1")).collect();
    files.sort();
    assert_eq!(written, files);
    for name in &expected {
        let page = fs::read_to_string(dir.path().join(format!("{name}.1"))).unwrap();
        check_roff(&page, name);
        assert!(stdout.contains(&format!("{name}.1")), "{stdout}");
    }
    assert_eq!(
        fs::read_to_string(dir.path().join("omd.1")).unwrap(),
        stdout_of(&["man"]),
        "the folder's omd.1 is the page `omd man` prints"
    );
}

#[test]
fn man_dir_refuses_a_missing_folder_or_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("man1");
    let stderr = failure(&["man", "--dir", missing.to_str().unwrap()]);
    assert!(stderr.contains("no such folder"), "{stderr}");
    assert!(!missing.exists(), "omd created the folder");
    let file = dir.path().join("notes.txt");
    fs::write(&file, "mine").unwrap();
    let stderr = failure(&["man", "--dir", file.to_str().unwrap()]);
    assert!(stderr.contains("is not a folder"), "{stderr}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine");
}

#[test]
fn man_dir_writes_nothing_when_one_page_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("omd.1"), "an old page").unwrap();
    fs::create_dir(dir.path().join("omd-plan.1")).unwrap();
    let stderr = failure(&["man", "--dir", dir.path().to_str().unwrap()]);
    assert!(stderr.contains("omd-plan.1: is a folder"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("omd.1")).unwrap(),
        "an old page"
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[cfg(unix)]
#[test]
fn man_dir_follows_a_symlinked_page() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    fs::create_dir(&pages).unwrap();
    let elsewhere = dir.path().join("report-page");
    fs::write(&elsewhere, "old").unwrap();
    let link = pages.join("omd-report.1");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    stdout_of(&["man", "--dir", pages.to_str().unwrap()]);
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(
        fs::read_to_string(&elsewhere).unwrap(),
        stdout_of(&["man", "report"])
    );
}
