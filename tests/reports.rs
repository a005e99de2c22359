#![allow(clippy::unwrap_used)]
//! Reports of the shipped example: snapshots, the JSON shape, determinism, and shipped content.

mod common;

use common::{example, omd, root, stdout_of};
use serde_json::Value;

const EXAMPLE: &str = "examples/meridian-freight";

#[test]
fn every_shipped_questionnaire_validates() {
    let mut count = 0;
    for entry in std::fs::read_dir(root().join("questionnaires")).unwrap() {
        let path = entry.unwrap().path();
        let out = stdout_of(&["questionnaire", "validate", path.to_str().unwrap()]);
        assert!(out.contains(": ok ("), "{out}");
        count += 1;
    }
    assert!(count >= 1);
}

#[test]
fn every_example_reports_in_every_format() {
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if !path.join("engagement.yaml").exists() {
            continue;
        }
        for format in ["table", "markdown", "json", "html", "csv"] {
            let output = omd()
                .args(["report", path.to_str().unwrap(), "--format", format])
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                output.stderr.is_empty(),
                "warnings on a shipped example: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn json_report_has_the_documented_shape() {
    let report: Value =
        serde_json::from_str(&stdout_of(&["report", EXAMPLE, "--format", "json"])).unwrap();
    assert_eq!(report["schema_version"], 2);
    assert_eq!(report["questionnaire"]["id"], "ai-operating-model");
    assert!(report["questionnaire"]["version"].is_string());
    let processes = report["processes"].as_array().unwrap();
    assert_eq!(processes.len(), 4);
    for p in processes {
        for key in [
            "id",
            "name",
            "readiness",
            "verdict",
            "coverage",
            "respondents",
            "dimensions",
            "gates",
        ] {
            assert!(p.get(key).is_some(), "process lacks {key}: {p}");
        }
        let readiness = p["readiness"].as_f64().unwrap();
        assert!((0.0..=100.0).contains(&readiness));
        let coverage = p["coverage"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&coverage));
        assert!(["ready", "conditional", "not_ready"].contains(&p["verdict"].as_str().unwrap()));
        for dimension in [
            "process",
            "decision_rights",
            "data",
            "governance",
            "capability",
        ] {
            let d = &p["dimensions"][dimension];
            assert!(
                d["score"].is_number() || d["score"].is_null(),
                "{dimension}: {d}"
            );
            assert!(d["coverage"].is_number());
        }
        for gate in p["gates"].as_array().unwrap() {
            assert!(gate["question"].is_string() && gate["reason"].is_string());
        }
    }
    // The example is built to span the verdicts.
    let verdicts: Vec<&str> = processes
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["ready", "conditional", "not_ready", "not_ready"]);
    let credit = &processes[2];
    assert_eq!(credit["id"], "credit-approval");
    assert!(!credit["gates"].as_array().unwrap().is_empty());
}

#[test]
fn reports_are_deterministic() {
    for format in ["table", "markdown", "json", "html", "csv"] {
        let a = stdout_of(&["report", EXAMPLE, "--format", format]);
        let b = stdout_of(&["report", EXAMPLE, "--format", format]);
        assert_eq!(a, b, "{format} differs between runs");
    }
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!(stdout_of(&["report", EXAMPLE, "--format", "markdown"]));
}

#[test]
fn json_report_snapshot() {
    insta::assert_snapshot!(stdout_of(&["report", EXAMPLE, "--format", "json"]));
}

#[test]
fn table_report_snapshot() {
    insta::assert_snapshot!(stdout_of(&["report", EXAMPLE]));
}

#[test]
fn csv_report_snapshot() {
    insta::assert_snapshot!(stdout_of(&["report", EXAMPLE, "--format", "csv"]));
}

#[test]
fn html_report_snapshot() {
    insta::assert_snapshot!(stdout_of(&["report", EXAMPLE, "--format", "html"]));
}

#[test]
fn answers_export_snapshot() {
    insta::assert_snapshot!(stdout_of(&["export", "answers", EXAMPLE]));
}

#[test]
fn a_saved_json_report_reads_back_as_the_same_report() {
    let text = stdout_of(&[
        "report",
        EXAMPLE,
        "--format",
        "json",
        "--date",
        "2026-03-31",
    ]);
    let report = omd::report::json::parse(&text).unwrap();
    assert_eq!(report.date.as_deref(), Some("2026-03-31"));
    assert_eq!(report.processes.len(), 4);
    let again = serde_json::to_string_pretty(&report).unwrap() + "\n";
    assert_eq!(again, text);
}

#[test]
fn output_file_gets_the_same_bytes_as_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    let output = omd()
        .args([
            "report",
            EXAMPLE,
            "--format",
            "json",
            "--output",
            path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, stdout_of(&["report", EXAMPLE, "--format", "json"]));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal_and_never_with_no_color() {
    let plain = stdout_of(&["report", EXAMPLE]);
    assert!(
        !plain.contains('\x1b'),
        "colour escapes when not a terminal"
    );
    let forced = omd()
        .args(["--color", "always", "report", EXAMPLE])
        .output()
        .unwrap();
    assert!(String::from_utf8(forced.stdout).unwrap().contains('\x1b'));
    let no_color = omd()
        .env("NO_COLOR", "1")
        .args(["report", EXAMPLE])
        .output()
        .unwrap();
    assert!(!String::from_utf8(no_color.stdout).unwrap().contains('\x1b'));
}

#[test]
fn markdown_escapes_what_respondents_typed() {
    let md = stdout_of(&["report", EXAMPLE, "--format", "markdown"]);
    assert!(
        !md.contains("<script>"),
        "raw markup from a note reached the Markdown report"
    );
}

#[test]
fn questionnaire_commands() {
    let list = stdout_of(&["questionnaire", "list"]);
    assert!(list.starts_with("ai-operating-model\t"), "{list}");
    let show = stdout_of(&["questionnaire", "show", "ai-operating-model"]);
    assert!(show.contains("== Process design (process"));
    assert!(show.contains("gate: at least"));
    let by_path = stdout_of(&[
        "questionnaire",
        "show",
        "questionnaires/ai-operating-model.yaml",
    ]);
    assert_eq!(show, by_path);
    let yaml = stdout_of(&["questionnaire", "show", "ai-operating-model", "--yaml"]);
    assert_eq!(
        yaml,
        std::fs::read_to_string(root().join("questionnaires/ai-operating-model.yaml")).unwrap()
    );
    let schema: Value = serde_json::from_str(&stdout_of(&["questionnaire", "schema"])).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema["properties"]["questions"].is_object());
    assert_eq!(schema["additionalProperties"], false);
    let unknown = omd()
        .args(["questionnaire", "show", "nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn example_folder_exists() {
    assert!(example().join("engagement.yaml").exists());
}

/// Answers files are parsed on several threads; what omd says of them, and the report, must be
/// the same as from one thread, in the same order, however the files were shared out.
#[test]
fn answers_read_on_several_threads_say_the_same_as_on_one() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::example(), dir.path());
    // Enough files that four threads each get some: each respondent's answers 24 times over.
    let responses = dir.path().join("responses");
    for process in std::fs::read_dir(&responses).unwrap() {
        let process = process.unwrap().path();
        let originals: Vec<_> = std::fs::read_dir(&process)
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        for (i, original) in originals.iter().enumerate() {
            for copy in 0..24 {
                let name = format!("copy-{i}-{copy:02}.yaml");
                std::fs::copy(original, process.join(name)).unwrap();
            }
        }
    }
    let run = |threads: &str| {
        let out = omd()
            .args(["report", dir.path().to_str().unwrap(), "--format", "json"])
            .env("OMD_THREADS", threads)
            .output()
            .unwrap();
        (
            out.status.code(),
            out.stdout,
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let one = run("1");
    assert_eq!(one.0, Some(0), "{}", one.2);
    let report: serde_json::Value = serde_json::from_slice(&one.1).unwrap();
    assert_eq!(report["processes"][0]["respondents"], 75);
    assert!(
        run("4") == one,
        "four threads and one differ on good answers"
    );

    // Warnings and errors scattered through the folders come out in folder order.
    let triage = responses.join("customer-service-triage");
    std::fs::write(triage.join("copy-0-05.yaml"), "").unwrap();
    std::fs::write(triage.join("notes.txt"), "not answers").unwrap();
    let credit = responses.join("credit-approval");
    let broken = std::fs::read_to_string(credit.join("copy-1-10.yaml"))
        .unwrap()
        .replacen("level: ", "level: 9", 1);
    std::fs::write(credit.join("copy-1-10.yaml"), broken).unwrap();
    std::fs::write(
        responses.join("invoice-processing/copy-2-20.yaml"),
        "answers: [",
    )
    .unwrap();
    let one = run("1");
    assert_eq!(one.0, Some(2), "{}", one.2);
    let said: Vec<&str> = one.2.lines().collect();
    let at = |needle: &str| {
        said.iter()
            .position(|line| line.contains(needle))
            .unwrap_or_else(|| panic!("no line about {needle}: {said:#?}"))
    };
    // engagement.yaml lists invoices, triage, credit, forecasting: messages follow that order
    // only as far as the folders sort by name (credit, triage, invoices).
    assert!(at("credit-approval/copy-1-10.yaml") < at("customer-service-triage/copy-0-05.yaml"));
    assert!(at("customer-service-triage/copy-0-05.yaml") < at("notes.txt"));
    assert!(at("notes.txt") < at("invoice-processing/copy-2-20.yaml"));
    for threads in ["2", "3", "4", "16"] {
        assert!(
            run(threads) == one,
            "{threads} threads and one differ on broken answers"
        );
    }
}

/// A large engagement is scored, and its plan's reasons and roadmap made, on two threads (omd
/// decides so above a size), and its JSON report written while the plan is made: the report
/// and the plan must be the same byte for byte as from one thread.
#[test]
fn a_large_plan_made_on_two_threads_is_the_same_as_on_one() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::example(), dir.path());
    // Each of the example's processes 15 times over, each copy with its own id and answers.
    let path = dir.path().join("engagement.yaml");
    let mut engagement: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let originals = engagement["processes"].as_sequence().unwrap().clone();
    let responses = dir.path().join("responses");
    for copy in 1..15 {
        for original in &originals {
            let mut process = original.clone();
            let id = format!("{}-{copy:02}", original["id"].as_str().unwrap());
            process["id"] = id.clone().into();
            process["name"] = format!("{} {copy}", original["name"].as_str().unwrap()).into();
            engagement["processes"]
                .as_sequence_mut()
                .unwrap()
                .push(process);
            let from = responses.join(original["id"].as_str().unwrap());
            common::copy_tree(&from, &responses.join(&id));
        }
    }
    std::fs::write(&path, serde_yaml::to_string(&engagement).unwrap()).unwrap();
    let run = |command: &str, threads: &str| {
        let out = omd()
            .args([command, dir.path().to_str().unwrap(), "--format", "json"])
            .env("OMD_THREADS", threads)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = run("report", "1");
    let report: Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(report["processes"].as_array().unwrap().len(), 60);
    // Above the sizes at which scoring (4,096 answers: files times questions) and the plan's
    // reasons, roadmap and JSON (2,048 steps) get a second thread.
    let files: u64 = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["respondents"].as_u64().unwrap())
        .sum();
    let questions = report["processes"][0]["questions"]
        .as_array()
        .unwrap()
        .len() as u64;
    assert!(
        files * questions >= 4096,
        "{files} files x {questions} questions"
    );
    assert!(common::plan_steps(&report).len() > 2048);
    assert!(run("report", "2") == one, "two threads and one differ");
    assert!(
        run("plan", "2") == run("plan", "1"),
        "two threads and one differ"
    );

    // A full disk met while the plan is being made, or while its steps are written in turns,
    // is a message and exit 2, not a hang.
    #[cfg(target_os = "linux")]
    for command in ["report", "plan"] {
        let out = omd()
            .args([command, dir.path().to_str().unwrap(), "--format", "json"])
            .args(["--output", "/dev/full"])
            .env("OMD_THREADS", "2")
            .timeout(std::time::Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{command}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains("cannot write /dev/full"), "{command}: {said}");
    }
}

/// The summary's blockers are ranked as docs/planning.md says: most processes held, then most
/// levels short, then closed latest by the plan; on both shipped examples.
#[test]
fn blockers_are_ranked_by_processes_held_then_levels_short_then_the_latest_closed() {
    for dir in [EXAMPLE, "examples/northwind-data"] {
        let report: Value =
            serde_json::from_str(&stdout_of(&["report", dir, "--format", "json"])).unwrap();
        let blockers = report["summary"]["blockers"].as_array().unwrap();
        assert!(blockers.len() >= 3, "{dir}");
        let key = |b: &Value| {
            (
                b["processes"].as_array().unwrap().len(),
                b["shortfall"].as_f64().unwrap(),
                b["closed_by_week"].as_u64().unwrap_or(u64::MAX),
            )
        };
        for pair in blockers.windows(2) {
            let (a, b) = (key(&pair[0]), key(&pair[1]));
            assert!(
                a.0 > b.0 || (a.0 == b.0 && (a.1 > b.1 || (a.1 == b.1 && a.2 >= b.2))),
                "{dir}: {a:?} before {b:?}"
            );
        }
    }
}
