#![allow(clippy::unwrap_used)]
//! `omd diff`: the example against a modified copy, saved JSON reports against folders,
//! snapshots of every format, and refusals of bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_tree, example, omd, process, set_level, stdout_of};
use serde_json::Value;

const EXAMPLE: &str = "examples/meridian-freight";

/// A critical gate trade credit approval fails in the example.
const GATE: &str = "human_review_checkpoints";
/// A question whose gap lies on the path to credit approval's go-live: the system-of-record
/// integration is the last piece of work before its sign-off.
const ON_THE_PATH: &str = "system_of_record_integration";

/// Credit approval's gate raised to pass by every respondent, and the work on the path to its
/// go-live done by those who answered it: both questions at their target level (3).
fn raise_credit_gate(engagement: &Path) {
    let (answering, files) = set_level(engagement, "credit-approval", GATE, 3);
    assert_eq!(answering, files, "every respondent answers {GATE}");
    let (answering, _) = set_level(engagement, "credit-approval", ON_THE_PATH, 3);
    assert!(answering > 0, "someone answers {ON_THE_PATH}");
}

/// A copy of the example with only credit approval's gate raised.
fn gate_raised(dir: &Path) -> PathBuf {
    let engagement = dir.join("gate-raised");
    copy_tree(&example(), &engagement);
    raise_credit_gate(&engagement);
    engagement
}

/// The example three months on: customer-service triage answered higher, invoice processing
/// lower, credit approval's gate raised, demand forecasting out of scope and freight audit in.
fn later(dir: &Path) -> PathBuf {
    let engagement = dir.join("later");
    copy_tree(&example(), &engagement);
    raise_credit_gate(&engagement);
    let responses = engagement.join("responses");
    for (process, from, to) in [
        ("customer-service-triage", "level: 1\n", "level: 2\n"),
        ("invoice-processing", "level: 4\n", "level: 2\n"),
    ] {
        for entry in std::fs::read_dir(responses.join(process)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, text.replace(from, to)).unwrap();
        }
    }
    std::fs::remove_dir_all(responses.join("demand-forecasting")).unwrap();
    let file = engagement.join("engagement.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let cut = text.find("  - id: demand-forecasting").unwrap();
    let text = format!(
        "{}  - id: freight-audit\n    name: Freight audit & <recovery>\n    owner: Ana Silva\n    \
         profile:\n      volume: medium\n      definition: medium\n      data_richness: medium\n      \
         willingness: high\n      risk_tier: low\n",
        &text[..cut]
    );
    std::fs::write(&file, text).unwrap();
    engagement
}

fn diff_json(old: &str, new: &str) -> Value {
    serde_json::from_str(&stdout_of(&["diff", old, new, "--format", "json"])).unwrap()
}

#[test]
fn a_later_folder_shows_what_moved() {
    let dir = tempfile::tempdir().unwrap();
    let later = later(dir.path());
    let diff = diff_json(EXAMPLE, later.to_str().unwrap());
    assert_eq!(diff["schema_version"], 3);

    let triage = process(&diff, "customer-service-triage");
    assert_eq!(triage["readiness"]["old"], 50.9);
    assert_eq!(triage["readiness"]["new"], 58.7);
    assert_eq!(triage["readiness"]["delta"], 7.8);
    assert_eq!(triage["verdict"]["changed"], false);
    let capability = triage["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "capability")
        .unwrap();
    assert_eq!(capability["delta"], 12.5);

    let invoices = process(&diff, "invoice-processing");
    assert!(invoices["readiness"]["delta"].as_f64().unwrap() < 0.0);
    assert_eq!(invoices["verdict"]["old"], "ready");
    assert_eq!(invoices["verdict"]["new"], "conditional");
    assert_eq!(invoices["verdict"]["changed"], true);

    let credit = process(&diff, "credit-approval");
    assert!(credit["readiness"]["delta"].as_f64().unwrap() > 0.0);
    assert_eq!(credit["verdict"]["changed"], false);
    let changed: Vec<&Value> = diff["verdicts_changed"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["process"], "invoice-processing");
    assert_eq!(changed[0]["old"], "ready");
    assert_eq!(changed[0]["new"], "conditional");

    let ids = |key: &str| -> Vec<String> {
        diff[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids("added"), ["freight-audit"]);
    assert_eq!(ids("removed"), ["demand-forecasting"]);
    assert_eq!(diff["processes"].as_array().unwrap().len(), 3);

    // Steps completed: (action, process) pairs in the old plan and not in the new, for the
    // processes in both; steps added the other way round. Checked against the two plans.
    let pairs = |report: &Value| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for wave in report["plan"]["waves"].as_array().unwrap() {
            for step in wave["steps"].as_array().unwrap() {
                let action = step["id"].as_str().unwrap().split('@').next().unwrap();
                for p in step["processes"].as_array().unwrap() {
                    out.push((action.to_string(), p.as_str().unwrap().to_string()));
                }
            }
        }
        out
    };
    let report = |dir: &str| -> Value {
        serde_json::from_str(&stdout_of(&["report", dir, "--format", "json"])).unwrap()
    };
    let (old_pairs, new_pairs) = (
        pairs(&report(EXAMPLE)),
        pairs(&report(later.to_str().unwrap())),
    );
    let kept = [
        "invoice-processing",
        "customer-service-triage",
        "credit-approval",
    ];
    let listed = |key: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for step in diff[key].as_array().unwrap() {
            let action = step["id"].as_str().unwrap().split('@').next().unwrap();
            for p in step["processes"].as_array().unwrap() {
                out.push((action.to_string(), p.as_str().unwrap().to_string()));
            }
        }
        out.sort();
        out
    };
    let mut completed: Vec<(String, String)> = old_pairs
        .iter()
        .filter(|pair| kept.contains(&pair.1.as_str()) && !new_pairs.contains(pair))
        .cloned()
        .collect();
    completed.sort();
    completed.dedup();
    let mut added: Vec<(String, String)> = new_pairs
        .iter()
        .filter(|pair| kept.contains(&pair.1.as_str()) && !old_pairs.contains(pair))
        .cloned()
        .collect();
    added.sort();
    added.dedup();
    assert!(
        completed
            .iter()
            .any(|(_, p)| p == "customer-service-triage"),
        "raising triage's answers closes gaps: {completed:?}"
    );
    assert!(
        completed.iter().any(|(_, p)| p == "credit-approval"),
        "raising credit approval's answers closes gaps: {completed:?}"
    );
    assert!(
        completed
            .iter()
            .all(|(_, p)| p == "customer-service-triage" || p == "credit-approval"),
        "{completed:?}"
    );
    assert!(
        !added.is_empty(),
        "lowering invoice processing's answers opens gaps"
    );
    assert!(
        added.iter().all(|(_, p)| p == "invoice-processing"),
        "{added:?}"
    );
    assert_eq!(listed("steps_completed"), completed);
    assert_eq!(listed("steps_added"), added);

    // Per process, the steps listed for it; in the headline, the steps listed.
    for counts in diff["steps_by_process"].as_array().unwrap() {
        let id = counts["process"].as_str().unwrap();
        let listing = |key: &str| {
            diff[key]
                .as_array()
                .unwrap()
                .iter()
                .filter(|s| s["processes"].as_array().unwrap().iter().any(|p| p == id))
                .count()
        };
        assert_eq!(counts["completed"], listing("steps_completed"), "{id}");
        assert_eq!(counts["added"], listing("steps_added"), "{id}");
    }
    let headline = &diff["headline"];
    let len = |key: &str| diff[key].as_array().unwrap().len();
    assert_eq!(headline["steps_completed"], len("steps_completed"));
    assert_eq!(headline["steps_added"], len("steps_added"));
    assert_eq!(headline["verdicts_changed"], 1);
    assert_eq!(headline["processes_added"], 1);
    assert_eq!(headline["processes_removed"], 1);
}

fn report_json(dir: &str) -> Value {
    serde_json::from_str(&stdout_of(&["report", dir, "--format", "json"])).unwrap()
}

/// A process's failed and unanswered gates in a report: (question, status).
fn gates_of(report: &Value, id: &str) -> Vec<(String, String)> {
    process(report, id)["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["question"].as_str().unwrap().to_string(),
                g["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Each process's go-live week in a report's plan (None when not planned).
fn go_live_weeks(report: &Value) -> Vec<(String, Option<u64>)> {
    report["plan"]["go_live"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["process"].as_str().unwrap().to_string(),
                g["week"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn a_gate_raised_to_pass_is_named_and_the_go_live_it_brings_forward_moves() {
    let dir = tempfile::tempdir().unwrap();
    let raised = gate_raised(dir.path());
    let raised = raised.to_str().unwrap();
    let (old, new) = (report_json(EXAMPLE), report_json(raised));
    assert!(
        gates_of(&old, "credit-approval").contains(&(GATE.into(), "failed".into())),
        "the example fails {GATE} for credit approval"
    );
    assert!(gates_of(&new, "credit-approval")
        .iter()
        .all(|(q, _)| q != GATE));

    let diff = diff_json(EXAMPLE, raised);
    assert_eq!(diff["schema_version"], 3);

    // The one gate that moved, named with its question's wording from the report.
    let gates = diff["gates"].as_array().unwrap();
    assert_eq!(gates.len(), 1, "{gates:?}");
    let gate = &gates[0];
    assert_eq!(gate["process"], "credit-approval");
    assert_eq!(gate["question"], GATE);
    assert_eq!(gate["old"], "failed");
    assert_eq!(gate["new"], "passing");
    assert_eq!(gate["kind"], "passed");
    let question = process(&new, "credit-approval")["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == GATE)
        .unwrap();
    assert_eq!(gate["text"], question["text"]);
    // Every other gate is as it was.
    for p in new["processes"].as_array().unwrap() {
        let id = p["id"].as_str().unwrap();
        let mut before = gates_of(&old, id);
        if id == "credit-approval" {
            before.retain(|(q, _)| q != GATE);
        }
        assert_eq!(gates_of(&new, id), before, "{id}");
    }

    // Go-lives: every process whose week differs between the two plans, with both weeks and
    // the difference; credit approval's is among them, and earlier.
    let (weeks_before, weeks_after) = (go_live_weeks(&old), go_live_weeks(&new));
    let mut expected: Vec<(String, u64, u64)> = Vec::new();
    for (id, after) in &weeks_after {
        let before = weeks_before.iter().find(|(p, _)| p == id).unwrap().1;
        if before != *after {
            expected.push((id.clone(), before.unwrap(), after.unwrap()));
        }
    }
    let moves = diff["go_lives"].as_array().unwrap();
    let mut listed: Vec<(String, u64, u64)> = moves
        .iter()
        .map(|m| {
            (
                m["process"].as_str().unwrap().to_string(),
                m["old_week"].as_u64().unwrap(),
                m["new_week"].as_u64().unwrap(),
            )
        })
        .collect();
    let order = |id: &str| weeks_after.iter().position(|(p, _)| p == id);
    expected.sort_by_key(|(id, _, _)| order(id));
    listed.sort_by_key(|(id, _, _)| order(id));
    assert_eq!(listed, expected);
    for m in moves {
        let delta = m["new_week"].as_i64().unwrap() - m["old_week"].as_i64().unwrap();
        assert_eq!(m["delta_weeks"], delta, "{m}");
        assert_eq!(
            m["kind"],
            if delta < 0 { "earlier" } else { "later" },
            "{m}"
        );
    }
    let credit = moves
        .iter()
        .find(|m| m["process"] == "credit-approval")
        .expect("raising the gate and the work on its path brings credit approval forward");
    let (from, to) = (
        credit["old_week"].as_u64().unwrap(),
        credit["new_week"].as_u64().unwrap(),
    );
    assert!(to < from, "{credit}");

    let headline = &diff["headline"];
    assert_eq!(headline["gates_passed"], 1);
    assert_eq!(headline["gates_newly_failed"], 0);
    assert_eq!(headline["verdicts_changed"], 0);
    let earlier = moves.iter().filter(|m| m["kind"] == "earlier").count();
    assert_eq!(headline["go_lives_earlier"], earlier);

    // The text formats say the same, in words.
    let table = stdout_of(&["diff", EXAMPLE, raised]);
    let weeks = match from - to {
        1 => "1 week".to_string(),
        n => format!("{n} weeks"),
    };
    // The example's plan starts on Monday 1 June 2026: each week shows its first day.
    let first_day = |week: u64| {
        let start: jiff::civil::Date = "2026-06-01".parse().unwrap();
        let day = start + jiff::Span::new().days(7 * (week as i64 - 1));
        day.strftime("%-d %b %Y").to_string()
    };
    let go_live = format!(
        "Trade credit approval for new customers: week {from} ({}) → week {to} ({}), {weeks} earlier",
        first_day(from),
        first_day(to)
    );
    assert!(table.contains(&go_live), "{table}");
    assert!(
        table.contains(&format!(
            "Trade credit approval for new customers: Human review checkpoints ({GATE}), failed → passing"
        )),
        "{table}"
    );
    let go_lives = match earlier {
        1 => "1 go-live earlier".to_string(),
        n => format!("{n} go-lives earlier"),
    };
    assert!(
        table.contains(&format!(
            "0 verdicts changed, 1 gate passed, 0 newly failed, {go_lives}"
        )),
        "{table}"
    );
    let markdown = stdout_of(&["diff", EXAMPLE, raised, "--format", "markdown"]);
    assert!(
        markdown.contains(&format!(
            "| Trade credit approval for new customers | week {from} ({}) | week {to} ({}) | {weeks} earlier |",
            first_day(from),
            first_day(to)
        )),
        "{markdown}"
    );
}

#[test]
fn a_saved_json_report_compares_with_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let later = later(dir.path());
    let saved = dir.path().join("march.json");
    stdout_of(&[
        "report",
        EXAMPLE,
        "--format",
        "json",
        "--date",
        "2026-03-01",
        "--output",
        saved.to_str().unwrap(),
    ]);
    let from_json = diff_json(saved.to_str().unwrap(), later.to_str().unwrap());
    let mut from_folder = diff_json(EXAMPLE, later.to_str().unwrap());
    assert_eq!(from_json["old"]["date"], "2026-03-01");
    from_folder["old"]["date"] = "2026-03-01".into();
    // The dated old report judged its answers' freshness; the folder, without --date, did not.
    assert_eq!(
        from_json["notes"],
        serde_json::json!([
            "the new report has no date, so the freshness of its answers is not \
            judged: save it with --date, or pass --date to judge an engagement folder"
        ])
    );
    from_folder["notes"] = from_json["notes"].clone();
    assert_eq!(
        from_json, from_folder,
        "a saved report diffs like its folder"
    );

    // Both sides saved, and a folder named by its engagement.yaml.
    let saved_later = dir.path().join("june.json");
    stdout_of(&[
        "report",
        later.to_str().unwrap(),
        "--format",
        "json",
        "--output",
        saved_later.to_str().unwrap(),
    ]);
    let both = diff_json(saved.to_str().unwrap(), saved_later.to_str().unwrap());
    assert_eq!(both, from_json);
    let by_file = diff_json(
        saved.to_str().unwrap(),
        later.join("engagement.yaml").to_str().unwrap(),
    );
    assert_eq!(by_file, from_json);
}

#[test]
fn a_different_horizon_or_risk_tier_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("long.json");
    stdout_of(&[
        "report",
        EXAMPLE,
        "--horizon",
        "52",
        "--format",
        "json",
        "--output",
        saved.to_str().unwrap(),
    ]);
    let engagement = dir.path().join("retiered");
    copy_tree(&example(), &engagement);
    let file = engagement.join("engagement.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // Credit approval is the only high-risk process.
    assert_eq!(text.matches("risk_tier: high").count(), 1);
    std::fs::write(&file, text.replace("risk_tier: high", "risk_tier: medium")).unwrap();

    let diff = diff_json(saved.to_str().unwrap(), engagement.to_str().unwrap());
    assert_eq!(diff["old"]["horizon_weeks"], 52);
    assert_eq!(diff["new"]["horizon_weeks"], 26);
    let notes: Vec<&str> = diff["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("(52 then 26 weeks)"), "{notes:?}");
    assert!(
        notes[1].starts_with(
            "Trade credit approval for new customers changed risk tier from high to medium"
        ),
        "{notes:?}"
    );
}

#[test]
fn a_report_against_itself_shows_no_change() {
    let diff = diff_json(EXAMPLE, EXAMPLE);
    for p in diff["processes"].as_array().unwrap() {
        assert_eq!(p["readiness"]["delta"], 0.0, "{p}");
        assert_eq!(p["verdict"]["changed"], false);
    }
    assert!(diff["added"].as_array().unwrap().is_empty());
    assert!(diff["removed"].as_array().unwrap().is_empty());
    assert!(diff["steps_completed"].as_array().unwrap().is_empty());
    for section in ["verdicts_changed", "gates", "go_lives", "steps_by_process"] {
        assert!(diff[section].as_array().unwrap().is_empty(), "{section}");
    }
    for (key, count) in diff["headline"].as_object().unwrap() {
        // Staleness is not judged without a date: not counted at all.
        let expected = if key.starts_with("answers_") {
            Value::Null
        } else {
            0.into()
        };
        assert_eq!(*count, expected, "{key}");
    }
    assert!(diff["stale"].as_array().unwrap().is_empty());
    let table = stdout_of(&["diff", EXAMPLE, EXAMPLE]);
    assert!(
        table.contains(
            "0 verdicts changed, 0 gates passed, 0 newly failed, 0 go-lives earlier, 0 later, \
             0 plan steps completed, 0 added\n"
        ),
        "{table}"
    );
}

fn snapshot_args(format: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let later = later(dir.path());
    let args = vec![
        "diff".to_string(),
        EXAMPLE.to_string(),
        later.to_str().unwrap().to_string(),
        "--format".to_string(),
        format.to_string(),
    ];
    (dir, args)
}

fn diff_output(format: &str) -> String {
    let (_dir, args) = snapshot_args(format);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    stdout_of(&args)
}

#[test]
fn diff_table_snapshot() {
    insta::assert_snapshot!(diff_output("table"));
}

#[test]
fn diff_markdown_snapshot() {
    let markdown = diff_output("markdown");
    assert!(markdown.contains("Freight audit &amp; &lt;recovery&gt;"));
    insta::assert_snapshot!(markdown);
}

#[test]
fn diff_json_snapshot() {
    insta::assert_snapshot!(diff_output("json"));
}

#[test]
fn diff_is_deterministic() {
    for format in ["table", "markdown", "json"] {
        assert_eq!(diff_output(format), diff_output(format), "{format}");
    }
}

fn refused(old: &Path, new: &str) -> String {
    let output = omd()
        .args(["diff", old.to_str().unwrap(), new])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn what_is_not_a_report_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"schema_version\": 1,\n  \"engagement\": [\n",
    )
    .unwrap();
    let message = refused(&broken, EXAMPLE);
    assert!(message.contains("broken.json"), "{message}");
    assert!(message.contains("line 4 column 0"), "{message}");

    let other = dir.path().join("other.json");
    std::fs::write(&other, "{\"name\": \"not a report\"}").unwrap();
    let message = refused(&other, EXAMPLE);
    assert!(
        message.contains("other.json") && message.contains("schema_version"),
        "{message}"
    );

    let future = dir.path().join("future.json");
    std::fs::write(&future, "{\"schema_version\": 3}").unwrap();
    let message = refused(&future, EXAMPLE);
    assert!(
        message.contains("future.json") && message.contains("schema_version 3"),
        "{message}"
    );

    let wrong_shape = dir.path().join("shape.json");
    std::fs::write(&wrong_shape, "{\"schema_version\": 2,\n\"processes\": 7}").unwrap();
    let message = refused(&wrong_shape, EXAMPLE);
    assert!(
        message.contains("shape.json") && message.contains("line"),
        "{message}"
    );

    let message = refused(&dir.path().join("missing"), EXAMPLE);
    assert!(message.contains("no such folder or file"), "{message}");

    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let message = refused(&empty, EXAMPLE);
    assert!(message.contains("engagement.yaml"), "{message}");
}

#[test]
fn a_process_that_can_no_longer_be_planned_has_completed_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later");
    copy_tree(&example(), &later);
    // Its answers gone: the process stays in scope but is no longer assessed.
    std::fs::remove_dir_all(later.join("responses/demand-forecasting")).unwrap();
    let diff = diff_json(EXAMPLE, later.to_str().unwrap());
    let moves = diff["go_lives"].as_array().unwrap();
    assert!(moves
        .iter()
        .any(|m| m["process"] == "demand-forecasting" && m["kind"] == "became_unplannable"));
    for step in diff["steps_completed"].as_array().unwrap() {
        assert!(
            !step["processes"].to_string().contains("demand-forecasting"),
            "{step}"
        );
    }
    // The counts agree: the headline counts each step once, as the list holds it.
    assert_eq!(
        diff["headline"]["steps_completed"],
        diff["steps_completed"].as_array().unwrap().len()
    );
}

/// `omd report EXAMPLE --format json --date DATE` saved in `dir`.
fn saved_on(dir: &Path, date: &str) -> PathBuf {
    let path = dir.join(format!("report-{date}.json"));
    stdout_of(&[
        "report",
        EXAMPLE,
        "--format",
        "json",
        "--date",
        date,
        "--output",
        path.to_str().unwrap(),
    ]);
    path
}

#[test]
fn a_dated_diff_flags_the_new_sides_stale_answers_and_those_that_became_stale() {
    let dir = tempfile::tempdir().unwrap();
    // On 12 September the window starts on 12 March: the interviews of 3 to 11 March are stale
    // already; on 20 September credit approval's, of 17 and 18 March, are too.
    let old = saved_on(dir.path(), "2026-09-12");
    let text = stdout_of(&[
        "diff",
        old.to_str().unwrap(),
        EXAMPLE,
        "--date",
        "2026-09-20",
        "--format",
        "json",
    ]);
    let diff: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(diff["new"]["date"], "2026-09-20");
    assert_eq!(diff["headline"]["answers_stale"], 130 + 119 + 124);
    assert_eq!(diff["headline"]["answers_became_stale"], 124);
    let counts: Vec<(&str, u64, u64, u64)> = diff["stale"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["process"].as_str().unwrap(),
                p["stale"].as_u64().unwrap(),
                p["became_stale"].as_u64().unwrap(),
                p["undated"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        counts,
        [
            ("invoice-processing", 130, 0, 0),
            ("customer-service-triage", 119, 0, 0),
            ("credit-approval", 124, 124, 0),
            ("demand-forecasting", 0, 0, 46)
        ]
    );
    let credit = &diff["stale"][2];
    assert_eq!(credit["stale_before"], "2026-03-20");
    let first = &credit["questions"][0]["answers"][0];
    assert_eq!(first["became_stale"], true);
    assert_eq!(first["date"], "2026-03-18");

    let table = stdout_of(&[
        "diff",
        old.to_str().unwrap(),
        EXAMPLE,
        "--date",
        "2026-09-20",
    ]);
    assert!(
        table.contains(", 373 stale answers, 124 newly stale\n"),
        "{table}"
    );
    assert!(
        table.contains(
            "Stale answers in the new report:\n  - Supplier invoice processing: 130 of 136 answers \
             stale (given before 2026-03-20), 0 newly\n"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "  - Trade credit approval for new customers: 124 of 124 answers stale (given before \
             2026-03-20), 124 newly\n    newly stale: Current process map,"
        ),
        "{table}"
    );
    let markdown = stdout_of(&[
        "diff",
        old.to_str().unwrap(),
        EXAMPLE,
        "--date",
        "2026-09-20",
        "--format",
        "markdown",
    ]);
    assert!(
        markdown.contains(
            "## Stale answers in the new report\n\n| Process | Stale | Newly stale | Undated | Given before |"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "| Trade credit approval for new customers | 124 of 124 | 124 | 0 | 2026-03-20 |"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("Claire Whitfield 2026-03-18 (newly stale)"),
        "{markdown}"
    );

    // Anonymised, the stale answers name nobody.
    let anonymised = stdout_of(&[
        "diff",
        old.to_str().unwrap(),
        EXAMPLE,
        "--date",
        "2026-09-20",
        "--format",
        "markdown",
        "--anonymise",
    ]);
    assert!(anonymised.contains("(newly stale)"));
    for name in ["Claire", "Whitfield", "Priya", "Helen"] {
        assert!(!anonymised.contains(name), "{name}");
    }
}

#[test]
fn what_cannot_be_told_about_freshness_is_noted() {
    let dir = tempfile::tempdir().unwrap();
    // An old report without a date: the new side's stale answers, none known to be new.
    let undated = dir.path().join("undated.json");
    stdout_of(&[
        "report",
        EXAMPLE,
        "--format",
        "json",
        "--output",
        undated.to_str().unwrap(),
    ]);
    let diff: Value = serde_json::from_str(&stdout_of(&[
        "diff",
        undated.to_str().unwrap(),
        EXAMPLE,
        "--date",
        "2026-09-20",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(diff["headline"]["answers_stale"], 373);
    assert_eq!(diff["headline"]["answers_became_stale"], Value::Null);
    assert_eq!(diff["stale"][0]["became_stale"], Value::Null);
    assert!(diff["notes"].as_array().unwrap().contains(
        &"the old report has no date, so which answers became stale since it is not known".into()
    ));
    let table = stdout_of(&[
        "diff",
        undated.to_str().unwrap(),
        EXAMPLE,
        "--date",
        "2026-09-20",
    ]);
    assert!(table.contains(", 373 stale answers\n"), "{table}");
    assert!(table.contains("    stale: Current process map,"), "{table}");

    // Two folders dated alike: nothing became stale between them.
    let same: Value = serde_json::from_str(&stdout_of(&[
        "diff",
        EXAMPLE,
        EXAMPLE,
        "--date",
        "2026-09-20",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(same["headline"]["answers_became_stale"], 0);
    assert_eq!(same["old"]["date"], "2026-09-20");

    // A bad date is a usage error, before anything is read.
    let output = omd()
        .args(["diff", EXAMPLE, EXAMPLE, "--date", "2026-09-31"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

/// On a questionnaire with practices, the diff compares each practice's score too: in the JSON
/// under its dimension, and as a "Practices moved" list in the table and Markdown.
#[test]
fn practices_that_moved_are_listed() {
    let dir = tempfile::tempdir().unwrap();
    let before = dir.path().join("before.json");
    let now = dir.path().join("now");
    common::copy_tree(&common::root().join("examples/northwind-data"), &now);
    omd()
        .args([
            "report",
            "examples/northwind-data",
            "--format",
            "json",
            "--output",
        ])
        .arg(&before)
        .assert()
        .success();
    // Every order-intake respondent now puts the output lineage at level 3.
    for file in std::fs::read_dir(now.join("responses/order-intake")).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let at = text.find("  output_lineage:\n    level: ").unwrap() + 29;
        let changed = format!("{}3{}", &text[..at], &text[at + 1..]);
        std::fs::write(&path, changed).unwrap();
    }
    let run = |format: &str| {
        let out = omd()
            .arg("diff")
            .arg(&before)
            .arg(&now)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let json = diff_json(before.to_str().unwrap(), now.to_str().unwrap());
    assert_eq!(json["headline"]["practices_moved"], 1);
    let stewardship = json["processes"][0]["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "stewardship")
        .unwrap();
    let lineage = stewardship["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["id"] == "lineage")
        .unwrap();
    // Medians 2 and 1 of its two questions were 37.5; output_lineage at 3 gives (75 + 25) / 2.
    assert_eq!(
        (lineage["old"].as_f64(), lineage["new"].as_f64()),
        (Some(37.5), Some(50.0))
    );
    assert_eq!(lineage["delta"], 12.5);
    let line = "Customer order intake from email and EDI: Lineage and change (Ownership and \
                control) 37.5 → 50.0 (+12.5)";
    let table = run("table");
    assert!(
        table.contains(&format!("Practices moved:\n  - {line}\n")),
        "{table}"
    );
    assert!(table.contains(", 1 practice moved"), "{table}");
    let markdown = run("markdown");
    assert!(
        markdown.contains(&format!("## Practices moved\n\n- {line}\n")),
        "{markdown}"
    );
    // Without practices there is nothing to list.
    let plain = diff_json(EXAMPLE, EXAMPLE);
    assert_eq!(plain["headline"]["practices_moved"], 0);
    assert!(plain["processes"][0]["dimensions"][0]
        .get("groups")
        .is_none());
}
