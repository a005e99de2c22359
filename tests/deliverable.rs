#![allow(clippy::unwrap_used)]
//! The plan as a consultant presents it: the summary, roadmap and go-live checklists in the
//! terminal, Markdown and JSON, their dates, and the same on a questionnaire with other ids.

mod common;

use common::{copy_tree, example, omd, root, stdout_of};
use serde_json::Value;

const EXAMPLE: &str = "examples/meridian-freight";

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

#[cfg(unix)]
#[test]
fn the_terminal_plan_wraps_at_80_columns_without_splitting_a_word() {
    let piped = stdout_of(&["plan", EXAMPLE]);
    let on_80 = common::on_terminal(80, &format!("plan {EXAMPLE}"));
    for line in on_80.lines() {
        assert!(
            line.chars().count() <= 80,
            "{} wide: {line}",
            line.chars().count()
        );
    }
    // Wrapping only moves line breaks and indentation: every word is whole, in order.
    same_words(&on_80, &piped);
    assert!(
        piped.lines().any(|l| l.chars().count() > 80),
        "the pipe is unwrapped"
    );
    let steps = common::on_terminal(80, &format!("plan {EXAMPLE} --steps"));
    assert!(steps.lines().all(|l| l.chars().count() <= 80));
    // The owner-load table is split into blocks of months on a narrow terminal: compare around it.
    let without_load = |text: &str| {
        let start = text.find("Steps running per owner role").unwrap();
        let end = text.find("Peak load:").unwrap();
        format!("{}{}", &text[..start], &text[end..])
    };
    same_words(
        &without_load(&steps),
        &without_load(&stdout_of(&["plan", EXAMPLE, "--steps"])),
    );
}

/// The same words in the same order, reporting the first place they differ.
fn same_words(wrapped: &str, piped: &str) {
    let (a, b) = (words(wrapped), words(piped));
    if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
        panic!(
            "word {i} differs: {:?} on the terminal, {:?} piped",
            &a[i.saturating_sub(3)..(i + 3).min(a.len())],
            &b[i.saturating_sub(3)..(i + 3).min(b.len())]
        );
    }
}

#[cfg(unix)]
#[test]
fn the_example_plan_fits_a_screen() {
    let out = common::on_terminal(100, &format!("plan {EXAMPLE}"));
    let lines = out.lines().count();
    assert!(lines <= 60, "{lines} lines:\n{out}");
    // It is the roadmap, not the backlog: initiatives, and no reasons.
    assert!(out.contains("Roadmap by workstream"));
    assert!(!out.contains("why:"));
}

#[test]
fn plan_steps_lists_checklists_owner_load_and_every_step() {
    let out = stdout_of(&["plan", EXAMPLE, "--steps"]);
    let plan = json(&["plan", EXAMPLE, "--format", "json"]);
    let steps = common::plan_steps(&plan).len();
    assert_eq!(out.matches("\n    why: ").count(), steps);
    assert!(out.contains("Go-live checklists: what must be true before each go-live"));
    assert!(out.contains("Steps running per owner role"));
    for checklist in plan["checklists"].as_array().unwrap() {
        let items = checklist["items"].as_array().unwrap();
        let met = items.iter().filter(|i| i["met"] == true).count();
        let heading = format!("{} of {} in place", met, items.len());
        assert!(out.contains(&heading), "{heading}");
    }
}

/// The structure of a JSON value: every key path, with arrays collapsed to their first item.
fn shape(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let path = format!("{path}.{key}");
                out.push(path.clone());
                shape(item, &path, out);
            }
        }
        Value::Array(items) => {
            if let Some(first) = items.first() {
                shape(first, &format!("{path}[]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn plan_json_shape_is_pinned() {
    let plan = json(&["plan", EXAMPLE, "--format", "json"]);
    assert_eq!(plan["schema_version"], 2);
    assert_eq!(plan["engagement"]["client"], "Meridian Freight Ltd");
    let mut paths = Vec::new();
    shape(&plan, "", &mut paths);
    paths.sort();
    paths.dedup();
    insta::assert_snapshot!(paths.join("\n"));
}

#[test]
fn weeks_map_to_dates_from_the_engagement_or_the_flag() {
    let plan = json(&["plan", EXAMPLE, "--format", "json"]);
    assert_eq!(plan["plan"]["start"], "2026-06-01");
    let go_lives = plan["plan"]["go_live"].as_array().unwrap();
    assert_eq!(go_lives[1]["week"], 29);
    assert_eq!(go_lives[1]["date"], "2026-12-14");
    // Across a year end: week 1 from 21 Dec 2026 puts week 2 on 28 Dec and week 3 in 2027.
    let moved = json(&["plan", EXAMPLE, "--format", "json", "--start", "2026-12-21"]);
    let step = moved["plan"]["waves"][0]["steps"][0].clone();
    let start_week = step["start_week"].as_u64().unwrap();
    let first: jiff::civil::Date = "2026-12-21".parse().unwrap();
    let expected = first + jiff::Span::new().days(7 * (start_week as i64 - 1));
    assert_eq!(step["start_date"], expected.to_string());
    assert_eq!(
        moved["summary"]["processes"][0]["go_live_date"],
        "2026-12-21"
    );
    let text = stdout_of(&["plan", EXAMPLE, "--start", "2026-12-21"]);
    assert!(text.contains("Week 1 starts on 21 Dec 2026"), "{text}");
    // Without a start, weeks only.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("e");
    copy_tree(&example(), &copy);
    let yaml = std::fs::read_to_string(copy.join("engagement.yaml")).unwrap();
    std::fs::write(
        copy.join("engagement.yaml"),
        yaml.replace("start: 2026-06-01\n", ""),
    )
    .unwrap();
    let undated = json(&["plan", copy.to_str().unwrap(), "--format", "json"]);
    assert!(undated["plan"].get("start").is_none());
    assert!(undated["plan"]["go_live"][0].get("date").is_none());
    let text = stdout_of(&["plan", copy.to_str().unwrap()]);
    assert!(text.contains("The plan runs to week 42"), "{text}");
    assert!(!text.contains("2026"), "no dates without a start: {text}");
}

#[test]
fn a_start_that_is_not_a_date_is_refused() {
    omd()
        .args(["plan", EXAMPLE, "--start", "2026-02-30"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "--start `2026-02-30`: month 2 of 2026 has no day 30",
        ));
    // A start in engagement.yaml that is not a fixed date names the file and its line.
    for (start, message) in [
        (
            "next monday",
            "engagement.yaml:5:1: error: start `next monday` is not a date",
        ),
        ("today", "start is `today`; give the first day"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("e");
        copy_tree(&example(), &copy);
        let yaml = std::fs::read_to_string(copy.join("engagement.yaml")).unwrap();
        std::fs::write(
            copy.join("engagement.yaml"),
            yaml.replace("start: 2026-06-01", &format!("start: {start}")),
        )
        .unwrap();
        omd()
            .args(["plan", copy.to_str().unwrap()])
            .assert()
            .code(2)
            .stderr(predicates::str::contains(message));
    }
    // On the command line, today is fine: it is one run.
    omd()
        .args(["plan", EXAMPLE, "--start", "today"])
        .assert()
        .success();
}

/// A scenario engagement planned with the scenario questionnaire and with a copy whose
/// dimension, question and action ids are all different: the summary, the roadmap and the
/// checklists must say the same things.
fn with_other_ids(scenario: &str) -> [Value; 2] {
    let own = json(&[
        "plan",
        &format!("tests/scenarios/{scenario}"),
        "--format",
        "json",
    ]);
    let mut text =
        std::fs::read_to_string(root().join("tests/scenarios/questionnaire.yaml")).unwrap();
    for (from, to) in [
        ("decision_rights", "authority"),
        ("capability", "people"),
        ("governance", "oversight"),
        ("process", "flow"),
        ("data", "inputs"),
    ] {
        text = text.replace(&format!("{{ id: {from}, "), &format!("{{ id: {to}, "));
        text = text.replace(
            &format!("dimension: {from}\n"),
            &format!("dimension: {to}\n"),
        );
    }
    text = text.replace("id: q_", "id: question_");
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &root().join("tests/scenarios").join(scenario),
        &dir.path().join(scenario),
    );
    std::fs::write(dir.path().join("questionnaire.yaml"), text).unwrap();
    // Answers name the questions: rename them too.
    for entry in walk(&dir.path().join(scenario).join("responses")) {
        let answers = std::fs::read_to_string(&entry).unwrap();
        std::fs::write(&entry, answers.replace("  q_", "  question_")).unwrap();
    }
    let other = json(&[
        "plan",
        dir.path().join(scenario).to_str().unwrap(),
        "--format",
        "json",
    ]);
    [own, other]
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn checklists_follow_declared_tags_and_tiers_whatever_the_ids() {
    for plan in with_other_ids("rule6-high-risk-controls") {
        let checklists = plan["checklists"].as_array().unwrap();
        let credit = checklists
            .iter()
            .find(|c| c["process"] == "credit")
            .unwrap();
        let kinds: Vec<(String, Vec<String>)> = credit["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let title = i["title"].as_str().unwrap().replace("question_", "q_");
                let kinds = i["kinds"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|k| k.as_str().unwrap().to_string())
                    .collect();
                (title, kinds)
            })
            .collect();
        // The high-risk process: its two tier gates, which are controls too; the named owner,
        // a gate for every tier and part of the baseline; the other baseline items; sign-off.
        let expected: Vec<(String, Vec<String>)> = [
            ("q_review", vec!["gate", "control"]),
            ("q_audit", vec!["gate", "control"]),
            ("q_owner", vec!["gate", "owner", "governance_baseline"]),
            ("q_thresholds", vec!["governance_baseline"]),
            ("q_escalation", vec!["governance_baseline"]),
            ("Senior sign-off before go-live", vec!["signoff"]),
        ]
        .into_iter()
        .map(|(t, k)| (t.to_string(), k.into_iter().map(String::from).collect()))
        .collect();
        assert_eq!(kinds, expected);
        // The low-risk process needs no control and no sign-off.
        let invoices = checklists
            .iter()
            .find(|c| c["process"] == "invoices")
            .unwrap();
        assert!(invoices["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !i["kinds"].to_string().contains("control")
                && !i["kinds"].to_string().contains("signoff")));
        // Every open item names the step that delivers it, and that step serves the process.
        let steps = common::plan_steps(&plan);
        for item in credit["items"].as_array().unwrap() {
            if item["met"] == false {
                let refs = item["steps"].as_array().unwrap();
                assert!(!refs.is_empty(), "{item}");
                for r in refs {
                    let step = steps.iter().find(|s| s["id"] == r["id"]).unwrap();
                    assert!(step["processes"].to_string().contains("credit"));
                    assert_eq!(step["end_week"], r["end_week"]);
                }
            }
        }
    }
}

#[test]
fn the_summary_ranks_blockers_and_finds_leadership_decisions_whatever_the_ids() {
    let [own, other] = with_other_ids("rule7-owner-before-go-live");
    for plan in [&own, &other] {
        let summary = &plan["summary"];
        let blockers = summary["blockers"].as_array().unwrap();
        // Ranked by processes held, then by the levels short.
        let keys: Vec<(usize, f64)> = blockers
            .iter()
            .map(|b| {
                (
                    b["processes"].as_array().unwrap().len(),
                    b["shortfall"].as_f64().unwrap(),
                )
            })
            .collect();
        assert!(
            keys.windows(2)
                .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 >= w[1].1)),
            "{keys:?}"
        );
        for blocker in blockers {
            assert!(blocker["closed_by_week"].as_u64().is_some(), "{blocker}");
        }
        // Without executive_roles, "Executive sponsor" reads as an executive role.
        let decisions = summary["decisions"].as_array().unwrap();
        assert!(!decisions.is_empty());
        assert!(
            decisions.iter().all(|d| d["owner"] == "Executive sponsor"),
            "{decisions:?}"
        );
        decisions_name_their_processes_in_plan_order(plan);
    }
    let count = |plan: &Value, key: &str| plan["summary"][key].as_array().unwrap().len();
    assert_eq!(count(&own, "blockers"), count(&other, "blockers"));
    assert_eq!(count(&own, "decisions"), count(&other, "decisions"));
}

/// Each leadership decision of `plan` (a plan or report JSON) names every process its steps
/// serve, once each, in the order the plan meets them.
fn decisions_name_their_processes_in_plan_order(plan: &Value) {
    for decision in plan["summary"]["decisions"].as_array().unwrap() {
        let mut expected: Vec<&str> = Vec::new();
        for step in common::plan_steps(plan) {
            let id = step["id"].as_str().unwrap();
            let action = step["action_id"]
                .as_str()
                .unwrap_or_else(|| id.split('@').next().unwrap());
            if action != decision["id"] || step["owner"] != decision["owner"] {
                continue;
            }
            for p in step["processes"].as_array().unwrap() {
                let p = p.as_str().unwrap();
                if !expected.contains(&p) {
                    expected.push(p);
                }
            }
        }
        let named: Vec<&str> = decision["processes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        assert!(!named.is_empty(), "{decision}");
        assert_eq!(named, expected, "{decision}");
    }
}

#[test]
fn a_decision_names_the_processes_of_its_steps_in_plan_order() {
    for example in [EXAMPLE, "examples/northwind-data"] {
        let plan = json(&["plan", example, "--format", "json"]);
        let decisions = plan["summary"]["decisions"].as_array().unwrap();
        // The examples hold decisions that serve several processes, met out of engagement order.
        assert!(
            decisions
                .iter()
                .any(|d| d["processes"].as_array().unwrap().len() > 2),
            "{example}: {decisions:?}"
        );
        decisions_name_their_processes_in_plan_order(&plan);
    }
}

#[test]
fn the_roadmap_groups_every_step_once() {
    let plan = json(&["plan", EXAMPLE, "--format", "json"]);
    let mut in_roadmap: Vec<String> = plan["roadmap"]["workstreams"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["initiatives"].as_array().unwrap())
        .flat_map(|i| i["steps"].as_array().unwrap())
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let mut in_plan: Vec<String> = common::plan_steps(&plan)
        .into_iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    in_roadmap.sort();
    in_plan.sort();
    assert_eq!(in_roadmap, in_plan);
    // An initiative spans its steps' weeks exactly.
    for w in plan["roadmap"]["workstreams"].as_array().unwrap() {
        for i in w["initiatives"].as_array().unwrap() {
            let weeks: Vec<(u64, u64)> = common::plan_steps(&plan)
                .into_iter()
                .filter(|s| i["steps"].as_array().unwrap().contains(&s["id"]))
                .map(|s| {
                    (
                        s["start_week"].as_u64().unwrap(),
                        s["end_week"].as_u64().unwrap(),
                    )
                })
                .collect();
            assert_eq!(i["start_week"], weeks.iter().map(|w| w.0).min().unwrap());
            assert_eq!(i["end_week"], weeks.iter().map(|w| w.1).max().unwrap());
        }
    }
}

#[test]
fn markdown_shows_ids_as_code_and_no_escaped_backticks() {
    let report = stdout_of(&["report", EXAMPLE, "--format", "markdown"]);
    assert!(!report.contains("\\`"), "an escaped backtick in the report");
    assert!(report.contains("gate failed: `decision_audit_trail`"));
    let md = stdout_of(&["plan", EXAMPLE, "--format", "markdown"]);
    assert!(!md.contains("\\`"), "an escaped backtick");
    assert!(
        md.contains("(`appoint_data_owner`)"),
        "step ids as code spans"
    );
    let summary = md.find("## Summary").unwrap();
    let roadmap = md.find("### Roadmap").unwrap();
    let checklists = md.find("### Go-live checklists").unwrap();
    let backlog = md.find("### Backlog").unwrap();
    assert!(summary < roadmap && roadmap < checklists && checklists < backlog);
    for plural in ["1 processes", "1 steps", "1 gates", "1 initiatives"] {
        let wrong = md.match_indices(plural).any(|(at, _)| {
            !md[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit() || c == '.')
        });
        assert!(!wrong, "{plural}");
    }
}

#[cfg(unix)]
#[test]
fn a_long_report_shows_progress_on_a_terminal_and_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    // The bar waits half a second; the test asks for it at once.
    let screen = common::on_terminal_with(
        100,
        &format!("report {EXAMPLE} --output {}", out.display()),
        &[("OMD_PROGRESS_AFTER_MS", "0")],
    );
    assert!(screen.contains("Reading answers"), "{screen:?}");
    assert!(screen.contains("Writing the report"), "{screen:?}");
    // Cleared: the last thing on the screen is not the bar.
    let last = screen.rsplit('\r').next().unwrap_or_default();
    assert!(!last.contains("Writing the report"), "{screen:?}");
    let report: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(report["schema_version"], 2);
    // Never when standard error is not a terminal, however long it takes.
    omd()
        .args(["report", EXAMPLE, "--format", "json"])
        .env("OMD_PROGRESS_AFTER_MS", "0")
        .assert()
        .success()
        .stderr("");
}

#[test]
fn every_dated_week_in_a_reason_is_that_week() {
    let plan = json(&["plan", EXAMPLE, "--format", "json"]);
    let start: jiff::civil::Date = "2026-06-01".parse().unwrap();
    let day = |days: i64| {
        (start + jiff::Span::new().days(days))
            .strftime("%-d %b %Y")
            .to_string()
    };
    let mut reasons: Vec<String> = common::plan_steps(&plan)
        .into_iter()
        .map(|s| s["reason"].as_str().unwrap().to_string())
        .collect();
    reasons.extend(
        plan["plan"]["go_live"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["reason"].as_str().unwrap().to_string()),
    );
    let mut checked = 0;
    for reason in &reasons {
        for (at, _) in reason.match_indices("week ") {
            let rest = &reason[at + 5..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let Some(date) = rest[digits.len()..].strip_prefix(" (") else {
                continue;
            };
            let date = &date[..date.find(')').unwrap()];
            let week: i64 = digits.parse().unwrap();
            let (first, last) = (day(7 * (week - 1)), day(7 * week - 1));
            if reason[..at].ends_with("ends in ") || reason[..at].ends_with("complete by ") {
                assert_eq!(date, last, "an end is the week's last day: {reason}");
            } else {
                assert!(
                    date == first || date == last,
                    "week {week} is not {date}: {reason}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} dated weeks");
}

#[test]
fn a_wave_that_prepares_a_go_live_names_its_week_and_date() {
    let plan = json(&["plan", EXAMPLE, "--format", "json"]);
    let go_lives = plan["plan"]["go_live"].as_array().unwrap();
    let mut prepared = 0;
    for wave in plan["plan"]["waves"].as_array().unwrap() {
        let title = wave["title"].as_str().unwrap();
        let Some(rest) = title.strip_prefix("Prepare ") else {
            continue;
        };
        let go_live = go_lives
            .iter()
            .find(|g| {
                let name = plan["summary"]["processes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|p| p["id"] == g["process"])
                    .unwrap()["name"]
                    .as_str()
                    .unwrap()
                    .to_string();
                rest.starts_with(&name)
            })
            .unwrap();
        let week = go_live["week"].as_u64().unwrap();
        assert!(
            title.contains(&format!("for go-live in week {week} (")),
            "{title}"
        );
        prepared += 1;
    }
    assert_eq!(prepared, 3);
}
