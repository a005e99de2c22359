#![allow(clippy::unwrap_used)]
//! The CI gate: exit codes 0, 1 and 2 for `--fail-under` and `--require-ready`, the report
//! written in full before a missed threshold is reported, and `--date`.

mod common;

use common::{omd, stdout_of};

const EXAMPLE: &str = "examples/meridian-freight";

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = omd().args(args).output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn thresholds_met_exit_0() {
    let (code, out, err) = run(&[
        "report",
        EXAMPLE,
        "--fail-under",
        "25",
        "--require-ready",
        "invoice-processing",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out, stdout_of(&["report", EXAMPLE]));
    assert!(err.is_empty());
}

#[test]
fn fail_under_exits_1_naming_each_process_below_after_the_full_report() {
    let (code, out, err) = run(&[
        "report",
        EXAMPLE,
        "--fail-under",
        "50",
        "--format",
        "markdown",
    ]);
    assert_eq!(code, Some(1));
    assert_eq!(out, stdout_of(&["report", EXAMPLE, "--format", "markdown"]));
    assert!(
        err.contains("credit-approval: readiness 29.0 is below --fail-under 50"),
        "{err}"
    );
    assert!(err.contains("demand-forecasting: readiness 27.8"), "{err}");
    assert!(!err.contains("invoice-processing"), "{err}");
    assert!(!err.contains("customer-service-triage"), "{err}");
}

#[test]
fn fail_under_writes_the_output_file_before_failing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let (code, out, _) = run(&[
        "report",
        EXAMPLE,
        "--format",
        "json",
        "--output",
        path.to_str().unwrap(),
        "--fail-under",
        "90",
    ]);
    assert_eq!(code, Some(1));
    assert!(out.is_empty());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        stdout_of(&["report", EXAMPLE, "--format", "json"])
    );
}

#[test]
fn require_ready_exits_1_unless_every_named_process_is_ready() {
    let (code, _, err) = run(&[
        "report",
        EXAMPLE,
        "--require-ready",
        "invoice-processing",
        "--require-ready",
        "customer-service-triage",
    ]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("customer-service-triage: verdict is conditional"),
        "{err}"
    );
    assert!(!err.contains("invoice-processing"), "{err}");
}

#[test]
fn bad_gate_and_date_arguments_exit_2_before_writing() {
    for args in [
        &["--require-ready", "no-such-process"][..],
        &["--fail-under", "101"],
        &["--fail-under", "-1"],
        &["--fail-under", "NaN"],
        &["--fail-under", "high"],
        &["--date", "2026-02-30"],
        &["--date", "31/03/2026"],
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.md");
        let mut all = vec!["report", EXAMPLE, "--output", path.to_str().unwrap()];
        all.extend_from_slice(args);
        let (code, _, err) = run(&all);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(!path.exists(), "{args:?} wrote a report");
        assert!(!err.is_empty());
    }
    let (_, _, err) = run(&["report", EXAMPLE, "--require-ready", "nope"]);
    assert!(
        err.contains("no process `nope`") && err.contains("invoice-processing"),
        "{err}"
    );
}

#[test]
fn bad_input_exits_2() {
    let (code, _, err) = run(&["report", "tests/corpus/engagements/level-outside-scale"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, _, _) = run(&["export", "answers", "no/such/folder"]);
    assert_eq!(code, Some(2));
}

#[test]
fn the_date_appears_in_every_format_only_when_asked() {
    for command in ["report", "plan"] {
        for format in ["table", "markdown", "json", "html", "csv"] {
            let plain = stdout_of(&[command, EXAMPLE, "--format", format]);
            assert!(!plain.contains("2026-03-31"), "{command} {format}");
            let dated = stdout_of(&[command, EXAMPLE, "--format", format, "--date", "2026-03-31"]);
            assert!(dated.contains("2026-03-31"), "{command} {format}");
        }
    }
    let plan: serde_json::Value = serde_json::from_str(&stdout_of(&[
        "plan",
        EXAMPLE,
        "--format",
        "json",
        "--date",
        "2026-03-31",
    ]))
    .unwrap();
    assert_eq!(plan["date"], "2026-03-31");
    let (code, _, err) = run(&["plan", EXAMPLE, "--date", "2026-02-30"]);
    assert_eq!(code, Some(2), "{err}");
    let (code, out, _) = run(&["report", EXAMPLE, "--format", "json", "--date", "today"]);
    assert_eq!(code, Some(0));
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["date"].as_str().unwrap().len(), 10);
}
