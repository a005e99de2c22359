#![allow(clippy::unwrap_used)]
//! The corpus of broken questionnaires and engagements: each must exit 2 with a message naming
//! the file, the line where known, and what is wrong. Never a panic.

mod common;

use std::fs;

use common::{omd, root};

fn stderr_of_failure(args: &[&str]) -> String {
    let output = omd().args(args).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(2), "omd {args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(output.stdout.is_empty() || args[0] == "questionnaire");
    stderr
}

#[test]
fn every_broken_questionnaire_is_refused_with_file_line_and_message() {
    let dir = root().join("tests/corpus/questionnaires");
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} lacks an `# expect:` first line", path.display()));
        let relative = path
            .strip_prefix(root())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let stderr = stderr_of_failure(&["questionnaire", "validate", &relative]);
        let error_line = stderr
            .lines()
            .find(|l| l.contains(": error: ") && l.contains(expected))
            .unwrap_or_else(|| panic!("{relative}: no error line with `{expected}` in:\n{stderr}"));
        let position = error_line
            .strip_prefix(&format!("{relative}:"))
            .unwrap_or_else(|| {
                panic!("{relative}: error does not start with the file: {error_line}")
            });
        let line: usize = position
            .split(':')
            .next()
            .and_then(|l| l.parse().ok())
            .unwrap_or_else(|| panic!("{relative}: no line number in {error_line}"));
        assert!(
            line > 1,
            "{relative}: line {line} should point into the document"
        );
        count += 1;
    }
    assert!(count >= 15, "corpus has only {count} files");
}

#[test]
fn every_broken_engagement_is_refused_with_file_line_and_message() {
    let dir = root().join("tests/corpus/engagements");
    let mut count = 0;
    for entry in fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let Ok(expect) = fs::read_to_string(case.join("expect.txt")) else {
            continue;
        };
        let mut lines = expect.lines();
        let location = lines.next().unwrap();
        let message = lines.next().unwrap_or("");
        let relative = case.strip_prefix(root()).unwrap().to_str().unwrap();
        for format in ["table", "json"] {
            let stderr = stderr_of_failure(&["report", relative, "--format", format]);
            let wanted = format!("{relative}/{location}");
            assert!(
                stderr.lines().any(|l| l.starts_with(&wanted) && l.contains(message)),
                "{relative}: expected a line starting `{wanted}` containing `{message}`, got:\n{stderr}"
            );
        }
        count += 1;
    }
    assert!(count >= 15, "corpus has only {count} cases");
}

/// The standard error of a report on an engagement that loads with warnings only.
fn warnings_of(case: &str) -> String {
    let output = omd()
        .args(["report", case, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn answers_to_removed_questions_are_warnings_not_errors() {
    let stderr = warnings_of("tests/corpus/engagements/warning-unknown-question");
    assert!(
        stderr.contains("ana.yaml:10:3: warning: answer to `retired_question`"),
        "{stderr}"
    );
    // ...and the answer is still in the file: reporting never rewrites it.
    let file = fs::read_to_string(
        root()
            .join("tests/corpus/engagements/warning-unknown-question/responses/invoices/ana.yaml"),
    )
    .unwrap();
    assert!(file.contains("retired_question"));
}

/// The error lines of `stderr` as (line number, message), in order.
fn errors_with_lines(stderr: &str, file: &str) -> Vec<(usize, String)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{file}:")))
        .filter_map(|rest| {
            let (position, message) = rest.split_once(": error: ")?;
            let line = position.split(':').next()?.parse().ok()?;
            Some((line, message.to_string()))
        })
        .collect()
}

#[test]
fn a_questionnaire_shows_every_unknown_field_and_validation_error_in_one_run() {
    let file = "tests/corpus/questionnaires/unknown-fields-and-validation.yaml";
    let stderr = stderr_of_failure(&["questionnaire", "validate", file]);
    let errors = errors_with_lines(&stderr, file);
    assert_eq!(
        errors,
        [
            (5, "unknown field `titel`; did you mean `title`?".to_string()),
            (9, "unknown field `wieght`; did you mean `weight`?".to_string()),
            (
                26,
                "unknown field `color` (allowed here: id, text, title, effort, weeks, owner, depends_on, tags, scope or continues_after_go_live)"
                    .to_string()
            ),
            (
                28,
                "question `data_owner` names unknown dimension `dta`; did you mean `data`?"
                    .to_string()
            ),
        ],
        "{stderr}"
    );
    assert!(stderr.ends_with("4 errors\n"), "{stderr}");
}

#[test]
fn engagement_and_answers_files_show_every_problem_in_one_run() {
    let case = "tests/corpus/engagements/engagement-all-problems";
    let stderr = stderr_of_failure(&["report", case]);
    let lines: Vec<usize> = errors_with_lines(&stderr, &format!("{case}/engagement.yaml"))
        .into_iter()
        .map(|(line, _)| line)
        .collect();
    assert_eq!(lines, [4, 8, 10], "{stderr}");
    assert!(
        stderr.contains("unknown field `clinet_contact` (allowed here: name, client, questionnaire, processes, min_coverage, capacity, start, freshness_months, organisation or targets)"),
        "{stderr}"
    );

    let case = "tests/corpus/engagements/answers-all-problems";
    let stderr = stderr_of_failure(&["report", case]);
    let errors = errors_with_lines(&stderr, &format!("{case}/responses/invoices/ana.yaml"));
    assert_eq!(
        errors,
        [
            (
                7,
                "unknown field `evidnce`; did you mean `evidence`?".to_string()
            ),
            (
                9,
                "level 9 for `data_owner` is outside its scale (0 to 4)".to_string()
            ),
        ],
        "{stderr}"
    );
}

#[test]
fn a_misspelt_question_id_gets_a_suggestion() {
    let stderr = warnings_of("tests/corpus/engagements/warning-misspelt-question");
    assert!(
        stderr.contains("ana.yaml:5:3: warning: answer to `exeptions`")
            && stderr.contains("did you mean `exceptions`?"),
        "{stderr}"
    );
}

#[test]
fn the_questionnaire_schema_still_refuses_unknown_fields() {
    let output = omd().args(["questionnaire", "schema"]).output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["definitions"]["Question"]["additionalProperties"],
        false
    );
}

#[test]
fn missing_folder_and_missing_engagement_file_are_clear() {
    let stderr = stderr_of_failure(&["report", "no/such/folder"]);
    assert!(
        stderr.contains("no/such/folder: error: not a folder"),
        "{stderr}"
    );
    let empty = tempfile::tempdir().unwrap();
    let stderr = stderr_of_failure(&["report", empty.path().to_str().unwrap()]);
    assert!(
        stderr.contains("engagement.yaml: error: not found"),
        "{stderr}"
    );
}

#[test]
fn huge_files_are_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let mut text = String::from("id: huge\nversion: '1'\ntitle: Huge\ndescription: \"");
    text.push_str(&"x".repeat(5 * 1024 * 1024));
    text.push_str("\"\ndimensions: []\nquestions: []\n");
    fs::write(&path, text).unwrap();
    let stderr = stderr_of_failure(&["questionnaire", "validate", path.to_str().unwrap()]);
    assert!(
        stderr.contains("more than the 4194304 bytes allowed"),
        "{stderr}"
    );
}

#[test]
fn alias_bombs_and_deep_nesting_are_refused_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let bomb = dir.path().join("bomb.yaml");
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (i, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        text.push_str(&format!(
            "{i}: &{i} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    fs::write(&bomb, text).unwrap();
    stderr_of_failure(&["questionnaire", "validate", bomb.to_str().unwrap()]);

    let deep = dir.path().join("deep.yaml");
    fs::write(
        &deep,
        format!("id: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
    )
    .unwrap();
    stderr_of_failure(&["questionnaire", "validate", deep.to_str().unwrap()]);

    let binary = dir.path().join("binary.yaml");
    fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let stderr = stderr_of_failure(&["questionnaire", "validate", binary.to_str().unwrap()]);
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    let output = omd().args(["report"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = omd()
        .args(["report", "examples/meridian-freight", "--format", "pdf"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = omd().args(["no-such-command"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
