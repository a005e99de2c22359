#![allow(clippy::unwrap_used)]
//! Inputs that are not what they seem: pipes, devices, symlinks, byte-order marks, empty answers
//! files, leftovers of a killed save, control characters. omd never hangs, never balloons, never
//! silently reads nothing, and never lets user text act on the terminal.

mod common;

use std::fs;
use std::path::PathBuf;
use std::time::Duration;

use common::{copy_tree, example, mkfifo, omd, root};

/// Long enough for any run of omd; short enough that a hang fails the test instead of CI.
const HANG: Duration = Duration::from_secs(20);

fn quirk(name: &str) -> PathBuf {
    root().join("tests/corpus/quirks").join(name)
}

/// Runs omd, expecting exit 2 within `HANG`; returns stderr.
fn refused(args: &[&str]) -> String {
    let output = omd().args(args).timeout(HANG).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "omd {args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// Runs omd, expecting success; returns (stdout, stderr).
fn succeeds(args: &[&str]) -> (String, String) {
    let output = omd().args(args).timeout(HANG).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(0), "omd {args:?}: {stderr}");
    (String::from_utf8(output.stdout).unwrap(), stderr)
}

fn copy_of_example() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("engagement");
    copy_tree(&example(), &copy);
    (dir, copy)
}

#[test]
fn a_named_pipe_is_refused_wherever_a_file_is_read() {
    let (_dir, copy) = copy_of_example();
    let answers = copy.join("responses/credit-approval/zed.yaml");
    mkfifo(&answers);
    let stderr = refused(&["report", copy.to_str().unwrap()]);
    assert!(
        stderr.contains("zed.yaml: error: is a named pipe (FIFO), not a regular file"),
        "{stderr}"
    );
    fs::remove_file(&answers).unwrap();

    let engagement = copy.join("engagement.yaml");
    fs::remove_file(&engagement).unwrap();
    mkfifo(&engagement);
    let stderr = refused(&["report", copy.to_str().unwrap()]);
    assert!(
        stderr.contains("engagement.yaml: error: is a named pipe"),
        "{stderr}"
    );

    let questionnaire = copy.join("q.yaml");
    mkfifo(&questionnaire);
    let stderr = refused(&["questionnaire", "validate", questionnaire.to_str().unwrap()]);
    assert!(
        stderr.contains("q.yaml: error: is a named pipe"),
        "{stderr}"
    );
    let stderr = refused(&[
        "diff",
        questionnaire.to_str().unwrap(),
        copy.to_str().unwrap(),
    ]);
    assert!(
        stderr.contains("is a named pipe (FIFO), not an engagement folder"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_to_an_endless_device_is_refused_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("zero.yaml");
    std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
    let stderr = refused(&["questionnaire", "validate", link.to_str().unwrap()]);
    assert!(stderr.contains("is a character device"), "{stderr}");
    let stderr = refused(&["diff", link.to_str().unwrap(), link.to_str().unwrap()]);
    assert!(stderr.contains("is a character device"), "{stderr}");
}

#[test]
fn a_responses_path_that_is_not_a_folder_is_an_error_and_a_missing_one_a_warning() {
    let (_dir, copy) = copy_of_example();
    let responses = copy.join("responses");
    fs::remove_dir_all(&responses).unwrap();
    let (_, stderr) = succeeds(&["report", copy.to_str().unwrap()]);
    assert!(
        stderr.contains("responses: warning: no responses folder, so nothing is answered yet"),
        "{stderr}"
    );

    fs::write(&responses, "not a folder").unwrap();
    let stderr = refused(&["report", copy.to_str().unwrap()]);
    assert!(
        stderr.contains("responses: error: is a regular file, not a folder"),
        "{stderr}"
    );
    fs::remove_file(&responses).unwrap();

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("responses", &responses).unwrap();
        let stderr = refused(&["report", copy.to_str().unwrap()]);
        assert!(
            stderr.contains("responses: error: cannot read the responses folder"),
            "{stderr}"
        );
        fs::remove_file(&responses).unwrap();
        std::os::unix::fs::symlink("elsewhere", &responses).unwrap();
        let stderr = refused(&["report", copy.to_str().unwrap()]);
        assert!(stderr.contains("responses: error"), "{stderr}");
    }
}

#[test]
fn an_answers_file_without_answers_is_a_warning_and_no_respondent() {
    let dir = quirk("empty-answers-file");
    let (json, stderr) = succeeds(&["report", dir.to_str().unwrap(), "--format", "json"]);
    assert!(
        stderr.contains(
            "ben.yaml: warning: no question answered yet, so this respondent is not counted"
        ),
        "{stderr}"
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let process = &report["processes"][0];
    assert_eq!(process["respondents"], 1);
    assert_eq!(process["respondent_details"][0]["id"], "ana");
    assert_eq!(
        process["confidence"], "medium",
        "one respondent, all answered"
    );
}

#[test]
fn a_byte_order_mark_is_accepted_in_every_file() {
    let dir = quirk("byte-order-mark");
    for file in [
        "engagement.yaml",
        "questionnaire.yaml",
        "responses/invoices/ana.yaml",
    ] {
        let bytes = fs::read(dir.join(file)).unwrap();
        assert!(bytes.starts_with(b"\xef\xbb\xbf"), "{file} lost its BOM");
    }
    let (json, _) = succeeds(&["report", dir.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["engagement"]["client"], "Example Ltd");
    assert_eq!(report["processes"][0]["readiness"], 75.0);
    succeeds(&[
        "questionnaire",
        "validate",
        dir.join("questionnaire.yaml").to_str().unwrap(),
    ]);
}

#[test]
fn a_dimension_all_not_applicable_is_shown_so_and_blocks_nothing() {
    let dir = quirk("all-na-dimension");
    let (json, _) = succeeds(&["report", dir.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let process = &report["processes"][0];
    assert_eq!(process["verdict"], "ready", "{process}");
    assert_eq!(process["dimensions"]["data"]["not_applicable"], true);
    assert!(process["dimensions"]["data"]["score"].is_null());
    assert!(!process["reasons"].to_string().contains("has no answers"));
    let (table, _) = succeeds(&["report", dir.to_str().unwrap()]);
    let row = table
        .lines()
        .find(|l| l.contains("Invoice processing") && l.contains('│'))
        .unwrap();
    assert!(row.contains("n/a"), "{row}");
    let (markdown, _) = succeeds(&["report", dir.to_str().unwrap(), "--format", "markdown"]);
    assert!(markdown.contains("| n/a |"), "{markdown}");
}

#[test]
fn the_leftover_of_a_killed_save_is_removed_and_reported() {
    let (_dir, copy) = copy_of_example();
    let folder = copy.join("responses/credit-approval");
    // Linux process ids stay below 2^22, so no process has this one.
    let leftover = folder.join(".raj-patel.yaml.4194303.tmp");
    fs::write(
        &leftover,
        "questionnaire: ai-operating-model\nversion: '1.0.0'\nansw",
    )
    .unwrap();
    let before = fs::read_to_string(folder.join("raj-patel.yaml")).unwrap();
    let (_, stderr) = succeeds(&["report", copy.to_str().unwrap()]);
    assert!(
        stderr.contains(".raj-patel.yaml.4194303.tmp: warning: removed the temporary file of a save of raj-patel.yaml that was interrupted"),
        "{stderr}"
    );
    assert!(!leftover.exists());
    assert_eq!(
        fs::read_to_string(folder.join("raj-patel.yaml")).unwrap(),
        before
    );
    let (_, stderr) = succeeds(&["report", copy.to_str().unwrap()]);
    assert!(!stderr.contains("temporary"), "reported once: {stderr}");
}

/// Escape, bell, carriage return and the C1 CSI: what a terminal would act on.
fn has_raw_controls(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' || c == '\u{202e}')
}

#[test]
fn control_characters_in_user_text_are_shown_not_obeyed() {
    let dir = quirk("control-characters");
    let dir = dir.to_str().unwrap();
    for args in [
        vec!["report", dir],
        vec!["report", dir, "--format", "markdown"],
        vec!["plan", dir],
        vec!["plan", dir, "--format", "markdown"],
        vec!["diff", dir, dir],
        vec!["diff", dir, dir, "--format", "markdown"],
        vec!["report", dir, "--color", "always"],
    ] {
        let (stdout, stderr) = succeeds(&args);
        assert!(!has_raw_controls(&stderr), "{args:?}: {stderr:?}");
        let without_our_colours = stdout.replace("\u{1b}[", "");
        if args.contains(&"always") {
            // Our own colour codes are the only escapes: every user escape is made visible.
            assert!(!has_raw_controls(
                &without_our_colours.replace('\u{1b}', "")
            ));
            assert!(stdout.contains("\\x1b[31m"), "{stdout}");
        } else {
            assert!(!has_raw_controls(&stdout), "{args:?}: {stdout:?}");
        }
        if args.len() == 2 && args[0] == "report" {
            assert!(
                stdout.contains("Evil \\x1b]0;pwned\\x07 Ltd\\x0d"),
                "{stdout}"
            );
            assert!(
                stdout.contains("Invoice \\x1b[31mprocessing\\x1b[0m \\x9b1m"),
                "{stdout}"
            );
        }
    }
    // JSON keeps the text as it was, escaped by JSON's own rules (C0 controls as \u001b...).
    let (json, _) = succeeds(&["report", dir, "--format", "json"]);
    assert!(!json.contains(['\u{1b}', '\u{7}', '\r']));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        report["engagement"]["client"],
        "Evil \u{1b}]0;pwned\u{7} Ltd\r"
    );
}

#[test]
fn control_characters_in_the_client_named_to_init_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("acme");
    let (stdout, stderr) = succeeds(&[
        "init",
        target.to_str().unwrap(),
        "--client",
        "Cl\u{1b}[2Jient",
        "--process",
        "In\u{7}voices",
        "--no-input",
    ]);
    assert!(stdout.contains("for Cl\\x1b[2Jient:"), "{stdout:?}");
    assert!(!has_raw_controls(&stdout), "{stdout:?}");
    assert!(!has_raw_controls(&stderr), "{stderr:?}");
}

#[test]
fn thousands_of_nesting_levels_are_refused_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let stairs: String = (0..2800)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    for (name, text) in [
        ("stairs.yaml", format!("id:\n{stairs}")),
        ("dashes.yaml", format!("id:\n{}x\n", "- ".repeat(100_000))),
        ("keys.yaml", format!("id:\n{}x\n", "? ".repeat(100_000))),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        let stderr = refused(&["questionnaire", "validate", path.to_str().unwrap()]);
        assert!(
            stderr.contains("nesting deeper than 64 levels"),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn a_line_break_in_a_name_cannot_forge_report_lines() {
    let (_dir, copy) = copy_of_example();
    let path = copy.join("engagement.yaml");
    let text = fs::read_to_string(&path).unwrap().replace(
        "name: Trade credit approval for new customers",
        "name: \"Trade credit\\nTrade credit: ready (readiness 91.0)\\tX\"",
    );
    fs::write(&path, text).unwrap();
    for command in ["report", "plan"] {
        for format in ["table", "markdown", "csv", "html"] {
            let (stdout, _) = succeeds(&[command, copy.to_str().unwrap(), "--format", format]);
            assert!(
                !stdout.contains("\nTrade credit: ready"),
                "{command} {format}: forged line"
            );
            assert!(!stdout.contains("91.0)\tX"), "{command} {format}: raw tab");
        }
    }
    let (table, _) = succeeds(&["report", copy.to_str().unwrap()]);
    assert!(
        table.contains("Trade credit\\x0aTrade credit: ready"),
        "{table}"
    );
}

#[test]
fn csv_and_html_carry_no_raw_control_characters() {
    let dir = quirk("control-characters");
    let dir = dir.to_str().unwrap();
    for args in [
        vec!["report", dir, "--format", "csv"],
        vec!["report", dir, "--format", "html"],
        vec!["plan", dir, "--format", "csv"],
        vec!["export", "answers", dir],
    ] {
        let (stdout, _) = succeeds(&args);
        assert!(!has_raw_controls(&stdout), "{args:?}");
        assert!(stdout.contains("\\x1b"), "{args:?}: escapes shown");
    }
}

#[test]
fn a_process_folder_that_is_not_a_folder_is_an_error() {
    let (_dir, copy) = copy_of_example();
    let folder = copy.join("responses/credit-approval");
    fs::remove_dir_all(&folder).unwrap();
    fs::write(&folder, "").unwrap();
    let stderr = refused(&["report", copy.to_str().unwrap()]);
    assert!(
        stderr.contains("credit-approval: error: is a regular file, not a folder; the answers for process `credit-approval`"),
        "{stderr}"
    );
    #[cfg(unix)]
    {
        fs::remove_file(&folder).unwrap();
        std::os::unix::fs::symlink("credit-approval", &folder).unwrap();
        let stderr = refused(&["report", copy.to_str().unwrap()]);
        assert!(
            stderr.contains("cannot read the answers folder of process `credit-approval`"),
            "{stderr}"
        );
    }
}

#[test]
fn an_empty_answers_file_is_a_warning_that_says_so() {
    let (_dir, copy) = copy_of_example();
    let folder = copy.join("responses/credit-approval");
    fs::write(folder.join("empty.yaml"), "").unwrap();
    fs::write(folder.join("blank.yaml"), "  \n\t\n").unwrap();
    let (json, stderr) = succeeds(&["report", copy.to_str().unwrap(), "--format", "json"]);
    for file in ["empty.yaml", "blank.yaml"] {
        assert!(
            stderr.contains(&format!(
                "{file}: warning: the file is empty, so this respondent is not counted"
            )),
            "{stderr}"
        );
    }
    assert!(!stderr.contains("no question answered yet"), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let credit = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "credit-approval")
        .unwrap();
    assert_eq!(credit["respondents"], 3);
}

#[test]
fn a_saved_report_with_a_byte_order_mark_can_be_compared() {
    let dir = tempfile::tempdir().unwrap();
    let (json, _) = succeeds(&["report", example().to_str().unwrap(), "--format", "json"]);
    let saved = dir.path().join("old.json");
    fs::write(&saved, format!("\u{feff}{json}")).unwrap();
    succeeds(&["diff", saved.to_str().unwrap(), example().to_str().unwrap()]);
}
