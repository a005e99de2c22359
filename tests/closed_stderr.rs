#![allow(clippy::unwrap_used)]
//! Standard error closed before omd writes to it (`omd ... 2>&1 | head -c0`): omd must not
//! panic (exit 101), and its exit code must say how the run ended, as documented.

mod common;

use std::process::Stdio;

use common::omd;

/// omd's exit code when run with `args`, standard output discarded and standard error a pipe
/// whose reading end is already closed, so every write to it fails with a broken pipe.
fn exit_code_with_stderr_closed(args: &[&str]) -> Option<i32> {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut command = std::process::Command::new(omd().get_program());
    command
        .args(args)
        .current_dir(common::root())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(writer);
    command.status().unwrap().code()
}

#[test]
fn an_error_to_a_closed_stderr_still_exits_2() {
    assert_eq!(
        exit_code_with_stderr_closed(&["report", "/nonexistent"]),
        Some(2)
    );
}

#[test]
fn a_missed_threshold_to_a_closed_stderr_still_exits_1() {
    assert_eq!(
        exit_code_with_stderr_closed(&[
            "report",
            "examples/meridian-freight",
            "--fail-under",
            "90"
        ]),
        Some(1)
    );
}

#[test]
fn a_warning_to_a_closed_stderr_still_exits_0() {
    assert_eq!(
        exit_code_with_stderr_closed(&[
            "report",
            "tests/corpus/engagements/warning-unknown-question"
        ]),
        Some(0)
    );
}

#[test]
fn a_note_of_init_to_a_closed_stderr_still_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("acme");
    assert_eq!(
        exit_code_with_stderr_closed(&[
            "init",
            target.to_str().unwrap(),
            "--client",
            "Acme",
            "--process",
            "Invoices",
            "--no-input"
        ]),
        Some(0)
    );
}
