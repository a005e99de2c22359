//! `omd assess` and `omd init` without a terminal: refusals, and engagements made by flags.

#![allow(clippy::unwrap_used)] // a test that cannot set itself up should panic

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use predicates::prelude::*;

fn omd() -> Command {
    let mut command = Command::cargo_bin("omd").unwrap();
    command
        .timeout(Duration::from_secs(20))
        .env("NO_COLOR", "1");
    command
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small-engagement")
}

#[test]
fn assess_without_a_terminal_refuses_at_once() {
    omd()
        .args(["assess"])
        .arg(fixture())
        .write_stdin("")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "omd assess is interactive and needs a terminal",
        ))
        .stderr(predicate::str::contains("omd report"));
}

#[test]
fn init_by_flags_writes_an_engagement_that_report_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("acme");
    omd()
        .arg("init")
        .arg(&target)
        .args(["--client", "Acme Ltd", "--name", "Spring diagnostic"])
        .args([
            "--process",
            "Invoice processing",
            "--process",
            "Claims handling",
        ])
        .args([
            "--profile",
            "invoice-processing:volume=high,definition=high,data=high,willingness=high,risk=low",
            "--profile",
            "claims-handling:risk=high",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("Created"))
        .stdout(predicate::str::contains(
            "invoice-processing, claims-handling",
        ))
        .stdout(predicate::str::contains("Next: omd assess"))
        .stderr(predicate::str::contains(
            "claims-handling: volume, definition, data, willingness not given, set to medium",
        ));
    let text = std::fs::read_to_string(target.join("engagement.yaml")).unwrap();
    assert_eq!(
        text,
        "name: Spring diagnostic\nclient: Acme Ltd\nquestionnaire: ai-operating-model\nprocesses:\n\
         - id: invoice-processing\n  name: Invoice processing\n  profile:\n    volume: high\n    \
         definition: high\n    data_richness: high\n    willingness: high\n    risk_tier: low\n\
         - id: claims-handling\n  name: Claims handling\n  profile:\n    volume: medium\n    \
         definition: medium\n    data_richness: medium\n    willingness: medium\n    risk_tier: high\n"
    );
    // The interviews' folder is there from the start: nothing answered, nothing missing.
    assert!(target.join("responses").is_dir());
    omd()
        .arg("report")
        .arg(&target)
        .assert()
        .success()
        .stdout(predicate::str::contains("Claims handling"))
        .stderr(predicate::str::contains("no responses folder").not());
}

#[test]
fn init_refuses_to_overwrite_an_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let before = "name: x\n";
    std::fs::write(dir.path().join("engagement.yaml"), before).unwrap();
    omd()
        .arg("init")
        .arg(dir.path())
        .args(["--client", "Acme", "--process", "Billing"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("engagement.yaml exists already"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("engagement.yaml")).unwrap(),
        before
    );
}

#[test]
fn init_without_a_terminal_names_the_missing_flags() {
    let dir = tempfile::tempdir().unwrap();
    omd()
        .arg("init")
        .arg(dir.path())
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "missing --client NAME and --process NAME",
        ));
    omd()
        .arg("init")
        .arg(dir.path())
        .args(["--client", "Acme"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing --process"))
        .stderr(predicate::str::contains("--client").not());
    assert!(!dir.path().join("engagement.yaml").exists());
}

#[test]
fn init_rejects_bad_profiles_and_questionnaires() {
    let dir = tempfile::tempdir().unwrap();
    let base = || {
        let mut command = omd();
        command
            .arg("init")
            .arg(dir.path())
            .args(["--client", "Acme", "--process", "Billing"]);
        command
    };
    base()
        .args(["--profile", "billing:volume=huge"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`huge` is not low, medium or high",
        ));
    base()
        .args(["--profile", "payroll:risk=high"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`payroll`, which is not a process given; process ids: billing",
        ));
    base()
        .args(["--questionnaire", "no-such-one"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no built-in questionnaire `no-such-one`",
        ));
    assert!(!dir.path().join("engagement.yaml").exists());
}

#[test]
fn init_with_a_questionnaire_file_inside_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture().join("small-questionnaire.yaml"),
        dir.path().join("small-questionnaire.yaml"),
    )
    .unwrap();
    omd()
        .current_dir(dir.path())
        .args(["init", "."])
        .args([
            "--client",
            "Acme",
            "--process",
            "Billing",
            "--questionnaire",
        ])
        .arg("small-questionnaire.yaml")
        .assert()
        .success()
        .stdout(predicate::str::contains("questionnaire small 1.0.0"))
        .stderr(predicate::str::contains(
            "billing: volume, definition, data, willingness, risk not given",
        ));
    let text = std::fs::read_to_string(dir.path().join("engagement.yaml")).unwrap();
    assert!(
        text.contains("questionnaire: small-questionnaire.yaml\n"),
        "{text}"
    );
    omd().arg("report").arg(dir.path()).assert().success();
}

#[test]
fn init_names_a_questionnaire_outside_the_folder_relative_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("cq");
    std::fs::create_dir(&shared).unwrap();
    std::fs::copy(
        fixture().join("small-questionnaire.yaml"),
        shared.join("my.yaml"),
    )
    .unwrap();
    omd()
        .current_dir(dir.path())
        .args([
            "init",
            "clients/acme",
            "--client",
            "Acme",
            "--process",
            "Billing",
        ])
        .args(["--questionnaire", "cq/my.yaml"])
        .assert()
        .success();
    let engagement = dir.path().join("clients/acme");
    let text = std::fs::read_to_string(engagement.join("engagement.yaml")).unwrap();
    assert!(text.contains("questionnaire: ../../cq/my.yaml\n"), "{text}");
    // Moved together, the engagement still finds its questionnaire.
    let moved = tempfile::tempdir().unwrap();
    std::fs::rename(dir.path().join("cq"), moved.path().join("cq")).unwrap();
    std::fs::create_dir(moved.path().join("clients")).unwrap();
    std::fs::rename(&engagement, moved.path().join("clients/acme")).unwrap();
    omd()
        .arg("report")
        .arg(moved.path().join("clients/acme"))
        .assert()
        .success();
}

#[test]
fn init_derives_ids_from_names_in_any_script() {
    let dir = tempfile::tempdir().unwrap();
    omd()
        .current_dir(dir.path())
        .args(["init", "e", "--client", "Acme", "--process", "发票处理"])
        .assert()
        .success()
        .stdout(predicate::str::contains("(fa-piao-chu-li)"));
}

#[test]
fn init_names_a_questionnaire_given_by_absolute_path_relative_to_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cq").join("my.yaml");
    std::fs::create_dir(dir.path().join("cq")).unwrap();
    std::fs::copy(fixture().join("small-questionnaire.yaml"), &file).unwrap();
    omd()
        .current_dir(dir.path())
        .args(["init", "acme", "--client", "Acme", "--process", "Billing"])
        .arg("--questionnaire")
        .arg(&file)
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.path().join("acme/engagement.yaml")).unwrap();
    assert!(text.contains("questionnaire: ../cq/my.yaml\n"), "{text}");
}
