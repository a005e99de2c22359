#![allow(clippy::unwrap_used)]
//! Each sequencing rule of the plan, proven on a small scenario engagement in tests/scenarios/
//! where that rule decides the order: once with the scenario questionnaire, and once with the
//! same questionnaire whose dimensions have other ids (the rules read declared roles, not ids).

mod common;

use common::{copy_tree, go_live_of, root, stdout_of, step_of, steps_of};
use serde_json::Value;

struct Plan(Value);

/// The dimension ids of tests/scenarios/questionnaire.yaml and the ids the renamed copy uses.
const RENAMED: [(&str, &str); 5] = [
    ("process", "flow"),
    ("decision_rights", "authority"),
    ("data", "inputs"),
    ("governance", "oversight"),
    ("capability", "people"),
];

/// The scenario questionnaire with every dimension id changed; roles stay declared.
fn renamed_questionnaire() -> String {
    let mut text = std::fs::read_to_string("tests/scenarios/questionnaire.yaml").unwrap();
    for (from, to) in RENAMED {
        text = text.replace(&format!("{{ id: {from}, "), &format!("{{ id: {to}, "));
        text = text.replace(
            &format!("dimension: {from}\n"),
            &format!("dimension: {to}\n"),
        );
    }
    for (from, _) in RENAMED {
        assert!(
            !text.contains(&format!("dimension: {from}\n")),
            "{from} left"
        );
        assert!(!text.contains(&format!("{{ id: {from}, ")), "{from} left");
    }
    text
}

impl Plan {
    fn of(scenario: &str) -> Plan {
        Plan::json(&format!("tests/scenarios/{scenario}"), &[])
    }

    fn json(dir: &str, extra: &[&str]) -> Plan {
        let mut args = vec!["plan", dir, "--format", "json"];
        args.extend(extra);
        let json: Value = serde_json::from_str(&stdout_of(&args)).unwrap();
        Plan(json["plan"].clone())
    }

    /// The scenario planned with the renamed questionnaire.
    fn renamed(scenario: &str) -> Plan {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(
            &root().join("tests/scenarios").join(scenario),
            &dir.path().join(scenario),
        );
        std::fs::write(
            dir.path().join("questionnaire.yaml"),
            renamed_questionnaire(),
        )
        .unwrap();
        Plan::json(dir.path().join(scenario).to_str().unwrap(), &[])
    }

    /// The scenario with its own questionnaire, then with the renamed one.
    fn both(scenario: &str) -> [Plan; 2] {
        [Plan::of(scenario), Plan::renamed(scenario)]
    }

    fn steps(&self) -> Vec<&Value> {
        steps_of(&self.0)
    }

    fn step(&self, id: &str) -> &Value {
        step_of(&self.0, id)
    }

    fn start(&self, id: &str) -> u64 {
        self.step(id)["start_week"].as_u64().unwrap()
    }

    fn end(&self, id: &str) -> u64 {
        self.step(id)["end_week"].as_u64().unwrap()
    }

    fn go_live(&self, process: &str) -> u64 {
        go_live_of(&self.0, process)
    }

    fn wave_of(&self, id: &str) -> u64 {
        self.0["waves"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["steps"].as_array().unwrap().iter().any(|s| s["id"] == id))
            .and_then(|w| w["index"].as_u64())
            .unwrap()
    }
}

#[test]
fn rule_1_tooling_selection_follows_process_and_data_readiness() {
    for plan in Plan::both("rule1-tooling-after-readiness") {
        let tooling = plan.start("select_tool@claims");
        for prior in [
            "clarify_process@claims",
            "design_exceptions@claims",
            "validate_data@claims",
        ] {
            assert!(
                plan.end(prior) < tooling,
                "{prior} must end before tooling starts"
            );
        }
        // Tool selection would start in week 1 on its own; readiness is what holds it back.
        assert!(tooling > 1);
        assert!(plan.step("select_tool@claims")["reason"]
            .as_str()
            .unwrap()
            .contains("Rule 1"));
        assert!(plan.end("select_tool@claims") < plan.go_live("claims"));
    }
}

#[test]
fn rule_2_governance_baseline_lands_before_the_second_go_live() {
    for plan in Plan::both("rule2-governance-before-second") {
        assert_eq!(plan.0["first_process"], "invoices");
        let second = plan.go_live("payments");
        for baseline in [
            "name_owner@invoices",
            "set_thresholds@invoices",
            "define_escalation",
        ] {
            assert!(
                plan.end(baseline) < second,
                "{baseline} must end before the second go-live"
            );
        }
        // Governance starts light: only the owner holds up the first go-live, not the thresholds.
        assert!(plan.go_live("invoices") <= plan.end("set_thresholds@invoices"));
        // The second process has no gaps of its own: the baseline is what it waits for.
        let baseline_end = plan.end("set_thresholds@invoices");
        assert_eq!(second, baseline_end + 1);
        assert!(
            second > plan.go_live("invoices") + 2,
            "later than the gap between go-lives alone"
        );
        let reason = plan.0["go_live"][1]["reason"].as_str().unwrap();
        assert!(reason.contains("rule 2"), "{reason}");
        assert!(plan.step("set_thresholds@invoices")["reason"]
            .as_str()
            .unwrap()
            .contains("Rule 2"));
    }
}

#[test]
fn rule_3_capability_building_runs_alongside_the_first_deployment() {
    for plan in Plan::both("rule3-capability-alongside") {
        let go_live = plan.go_live("claims");
        let (start, end) = (plan.start("train_validators"), plan.end("train_validators"));
        assert!(
            start <= go_live,
            "capability work starts by go-live (week {start} vs {go_live})"
        );
        assert!(
            end >= go_live,
            "and is still running at go-live: alongside, not before or after"
        );
        assert!(plan.step("train_validators")["reason"]
            .as_str()
            .unwrap()
            .contains("Rule 3"));
    }
}

#[test]
fn rule_4_the_most_tractable_process_goes_first_not_the_most_strategic() {
    for plan in Plan::both("rule4-most-tractable-first") {
        // The strategic, high-risk credit process is listed first in engagement.yaml...
        let engagement =
            std::fs::read_to_string("tests/scenarios/rule4-most-tractable-first/engagement.yaml")
                .unwrap();
        assert!(engagement.find("id: credit").unwrap() < engagement.find("id: invoices").unwrap());
        // ...but the data-rich, well-defined, willing invoice process goes first.
        assert_eq!(plan.0["first_process"], "invoices");
        assert!(plan.go_live("invoices") < plan.go_live("credit"));
        let ranks: Vec<&str> = plan.0["tractability"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["process"].as_str().unwrap())
            .collect();
        assert_eq!(ranks, ["invoices", "credit"]);
        // The later process's own work is staggered behind the first's.
        assert!(plan.start("clarify_process@credit") > plan.start("clarify_process@invoices"));
    }
}

#[test]
fn rule_5_quick_changes_first_slow_data_early_governance_grows() {
    for plan in Plan::both("rule5-quick-first-data-early") {
        // Slow data quality work for the second process starts in week 1, before its quick work.
        assert_eq!(plan.start("fix_data_quality@forecasting"), 1);
        assert!(plan.start("clarify_process@forecasting") > 1);
        assert!(plan.step("fix_data_quality@forecasting")["reason"]
            .as_str()
            .unwrap()
            .contains("starts early"));
        // Quick clarification opens the first wave.
        let first_wave = &plan.0["waves"][0]["steps"][0];
        assert_eq!(first_wave["effort"], "quick");
        // Governance starts light and grows: drift monitoring comes after the thresholds, after go-live.
        assert!(plan.start("monitor_drift@invoices") > plan.end("set_thresholds@invoices"));
        let last_wave = plan.0["waves"].as_array().unwrap().len() as u64;
        assert_eq!(plan.wave_of("monitor_drift@invoices"), last_wave);
    }
}

#[test]
fn rule_6_risk_tier_decides_the_control_path() {
    for plan in Plan::both("rule6-high-risk-controls") {
        let go_live = plan.go_live("credit");
        for control in [
            "review_checkpoints@credit",
            "audit_log@credit",
            "senior_signoff@credit",
        ] {
            assert!(
                plan.end(control) < go_live,
                "{control} must precede the high-risk go-live"
            );
        }
        // Senior sign-off is the last step before go-live.
        assert_eq!(plan.end("senior_signoff@credit") + 1, go_live);
        assert_eq!(
            plan.step("senior_signoff@credit")["processes"],
            serde_json::json!(["credit"])
        );
        // The low-risk process with the same gaps moves fast: no sign-off, controls do not hold it up.
        assert!(plan
            .steps()
            .iter()
            .all(|s| s["id"] != "senior_signoff@invoices"));
        assert!(plan.go_live("invoices") <= plan.end("audit_log@invoices"));
    }
}

#[test]
fn rule_7_no_go_live_without_a_named_owner() {
    for plan in Plan::both("rule7-owner-before-go-live") {
        assert!(plan.end("name_owner@claims") < plan.go_live("claims"));
        assert!(plan.step("name_owner@claims")["reason"]
            .as_str()
            .unwrap()
            .contains("Rule 7"));
    }
}

#[test]
fn every_step_says_why_and_depends_only_on_earlier_steps() {
    for scenario in std::fs::read_dir("tests/scenarios").unwrap() {
        let path = scenario.unwrap().path();
        if !path.is_dir() {
            continue;
        }
        let plan = Plan::of(path.file_name().unwrap().to_str().unwrap());
        for step in plan.steps() {
            assert!(!step["reason"].as_str().unwrap().is_empty());
            for dep in step["depends_on"].as_array().unwrap() {
                let dep = dep.as_str().unwrap();
                assert!(
                    plan.end(dep) < step["start_week"].as_u64().unwrap(),
                    "{dep} before {}",
                    step["id"]
                );
            }
        }
    }
}

#[test]
fn the_example_plan_is_complete_and_presentable() {
    let json: Value = serde_json::from_str(&stdout_of(&[
        "plan",
        "examples/meridian-freight",
        "--format",
        "json",
    ]))
    .unwrap();
    let plan = Plan(json["plan"].clone());
    assert_eq!(plan.0["first_process"], "invoice-processing");
    let go_live: Vec<&str> = plan.0["go_live"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["process"].as_str().unwrap())
        .collect();
    assert_eq!(go_live.len(), 4);
    assert_eq!(go_live[0], "invoice-processing");
    for step in plan.steps() {
        for key in [
            "id",
            "action",
            "processes",
            "dimension",
            "effort",
            "owner",
            "start_week",
            "end_week",
            "depends_on",
            "reason",
        ] {
            assert!(step.get(key).is_some(), "step lacks {key}");
        }
        assert!(!step["owner"].as_str().unwrap().is_empty());
    }
    // The high-risk credit process is signed off right before it goes live.
    assert_eq!(
        plan.end("senior_signoff@credit-approval") + 1,
        plan.go_live("credit-approval")
    );
    // A shared action is one step serving several processes.
    assert!(plan
        .steps()
        .iter()
        .any(|s| s["processes"].as_array().unwrap().len() > 1));
    // The report carries the same plan.
    let report: Value = serde_json::from_str(&stdout_of(&[
        "report",
        "examples/meridian-freight",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(report["plan"], json["plan"]);
}

#[test]
fn horizon_flags_processes_that_cannot_be_ready_in_time() {
    let short: Value = serde_json::from_str(&stdout_of(&[
        "plan",
        "examples/meridian-freight",
        "--format",
        "json",
        "--horizon",
        "8",
    ]))
    .unwrap();
    let late: Vec<&Value> = short["plan"]["go_live"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["within_horizon"] == false)
        .collect();
    assert!(!late.is_empty());
    assert!(late
        .iter()
        .all(|g| g["reason"].as_str().unwrap().contains("8-week horizon")));
    let text = stdout_of(&["plan", "examples/meridian-freight", "--horizon", "8"]);
    assert!(text.contains("beyond the 8-week horizon"));
}

#[test]
fn plan_is_deterministic_in_every_format() {
    for format in ["table", "markdown", "json"] {
        let a = stdout_of(&["plan", "examples/meridian-freight", "--format", format]);
        assert_eq!(
            a,
            stdout_of(&["plan", "examples/meridian-freight", "--format", format])
        );
    }
}

#[test]
fn plan_markdown_snapshot() {
    insta::assert_snapshot!(stdout_of(&[
        "plan",
        "examples/meridian-freight",
        "--format",
        "markdown"
    ]));
}

/// Every scenario folder under tests/scenarios.
fn scenarios() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("tests/scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

/// (id, start, end) of every step.
type StepWeeks = Vec<(String, u64, u64)>;
/// (process, week) of every go-live.
type GoLiveWeeks = Vec<(String, Value)>;

fn shape(plan: &Plan) -> (StepWeeks, GoLiveWeeks) {
    let mut steps: Vec<(String, u64, u64)> = plan
        .steps()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["start_week"].as_u64().unwrap(),
                s["end_week"].as_u64().unwrap(),
            )
        })
        .collect();
    steps.sort();
    let go_live = plan.0["go_live"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["process"].as_str().unwrap().to_string(),
                g["week"].clone(),
            )
        })
        .collect();
    (steps, go_live)
}

#[test]
fn every_scenario_gives_the_same_plan_whatever_the_dimension_ids() {
    for scenario in scenarios() {
        let [shipped, renamed] = Plan::both(&scenario);
        assert_eq!(shape(&shipped), shape(&renamed), "{scenario}");
        assert!(
            !renamed
                .steps()
                .iter()
                .any(|s| s["reason"].as_str().unwrap().contains("declares no role")),
            "{scenario}: roles are declared"
        );
    }
}

#[test]
fn the_planner_names_no_dimension_or_action_id() {
    for entry in std::fs::read_dir("src/plan").unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let code = std::fs::read_to_string(&path).unwrap();
        for id in [
            "\"process\"",
            "\"decision_rights\"",
            "\"data\"",
            "\"governance\"",
            "\"capability\"",
            "\"select_ai_tooling\"",
            "\"name_accountable_owner\"",
        ] {
            assert!(!code.contains(id), "{} names {id}", path.display());
        }
    }
}

#[test]
fn a_process_with_too_few_answers_is_not_assessed_and_gets_no_go_live() {
    for plan in Plan::both("not-assessed") {
        let audit = plan.0["go_live"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["process"] == "audit")
            .unwrap()
            .clone();
        assert_eq!(audit["week"], Value::Null);
        assert_eq!(audit["within_horizon"], false);
        // The unanswered critical gate comes first in what to answer.
        assert_eq!(audit["answer_first"], serde_json::json!(["q_owner"]));
        let reason = audit["reason"].as_str().unwrap();
        assert!(reason.contains("Not assessed: 17%"), "{reason}");
        assert!(
            reason.contains("needs 20%"),
            "engagement.yaml sets 20: {reason}"
        );
        assert!(plan
            .steps()
            .iter()
            .all(|s| s["processes"] != serde_json::json!(["audit"])));
        assert_eq!(plan.0["first_process"], "claims");
    }
    let dir = "tests/scenarios/not-assessed";
    let report: Value =
        serde_json::from_str(&stdout_of(&["report", dir, "--format", "json"])).unwrap();
    let verdicts: Vec<&str> = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["conditional", "not_assessed"]);
    for (format, label) in [
        ("table", "not assessed"),
        ("markdown", "not assessed"),
        ("html", "not assessed"),
        ("csv", "not_assessed"),
    ] {
        let text = stdout_of(&["report", dir, "--format", format]);
        assert!(text.contains(label), "{format}");
    }
    // The flag overrides engagement.yaml: at 10% the process is planned, and its unanswered
    // gate counts as not passed, so naming the owner holds its go-live.
    let lenient = Plan::json(dir, &["--min-coverage", "10"]);
    let owner = lenient.step("name_owner@audit");
    assert!(owner["reason"]
        .as_str()
        .unwrap()
        .contains("critical gate nobody has answered"));
    assert!(lenient.end("name_owner@audit") < lenient.go_live("audit"));
}

#[test]
fn a_dependency_on_an_unanswered_question_is_planned_as_a_gap() {
    for plan in Plan::both("unanswered-dependency") {
        let clarify = plan.step("clarify_process@claims");
        assert!(clarify["reason"]
            .as_str()
            .unwrap()
            .contains("`q_process` is unanswered for Claims handling"));
        assert!(plan.end("clarify_process@claims") < plan.start("design_exceptions@claims"));
        assert!(
            plan.start("design_exceptions@claims") > 1,
            "not treated as done"
        );
        assert!(plan.end("design_exceptions@claims") < plan.go_live("claims"));
    }
}

#[test]
fn equally_tractable_processes_go_lower_risk_first_in_either_listing_order() {
    for scenario in ["risk-tie-low-first", "risk-tie-high-first"] {
        for plan in Plan::both(scenario) {
            assert_eq!(plan.0["first_process"], "beta", "{scenario}");
            assert!(plan.go_live("beta") < plan.go_live("alpha"), "{scenario}");
            let ranks = &plan.0["tractability"];
            assert_eq!(ranks[0]["score"], ranks[1]["score"], "a true tie");
        }
    }
}

#[test]
fn rule_1_tooling_waits_for_slow_data_remediation_and_go_live_for_both() {
    for plan in Plan::both("rule1-tooling-after-data-remediation") {
        let remediation = plan.end("fix_data_quality@claims");
        assert!(plan.start("select_tool@claims") > remediation);
        assert!(plan.go_live("claims") > plan.end("select_tool@claims"));
        let reason = plan.step("select_tool@claims")["reason"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(reason.contains("Rule 1"), "{reason}");
        assert!(reason.contains("`fix_data_quality@claims`"), "{reason}");
    }
}

#[test]
fn capacity_delays_a_step_and_the_step_says_so() {
    for plan in Plan::both("capacity-delays-a-step") {
        let owned: Vec<&Value> = plan
            .steps()
            .into_iter()
            .filter(|s| s["owner"] == "Process owner")
            .collect();
        assert!(owned.len() >= 2);
        for a in &owned {
            for b in &owned {
                if a["id"] != b["id"] {
                    assert!(
                        a["end_week"].as_u64() < b["start_week"].as_u64()
                            || b["end_week"].as_u64() < a["start_week"].as_u64(),
                        "{} overlaps {}",
                        a["id"],
                        b["id"]
                    );
                }
            }
        }
        assert!(owned.iter().any(|s| s["reason"]
            .as_str()
            .unwrap()
            .contains("Process owner carries at most 1 step at once")));
        let load = plan.0["owner_load"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["owner"] == "Process owner")
            .unwrap()
            .clone();
        assert_eq!(load["capacity"], 1);
        assert_eq!(load["peak"], 1);
        assert!(load["delayed_steps"].as_u64().unwrap() >= 1);
    }
}

/// The numbers after `marker` in `text`.
fn weeks_after(text: &str, marker: &str) -> Vec<u64> {
    text.match_indices(marker)
        .filter_map(|(i, _)| {
            let digits: String = text[i + marker.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect()
}

/// Checks every reason and wave title of a plan against the weeks it has.
fn check_reasons(plan: &Plan, label: &str) {
    let go_lives: Vec<u64> = plan.0["go_live"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|g| g["week"].as_u64())
        .collect();
    let first_go_live = go_lives.first().copied();
    for step in plan.steps() {
        let id = step["id"].as_str().unwrap();
        let (start, end) = (
            step["start_week"].as_u64().unwrap(),
            step["end_week"].as_u64().unwrap(),
        );
        let reason = step["reason"].as_str().unwrap();
        let at = format!("{label}: {id} (weeks {start}-{end}): {reason}");
        for sentence in reason.split(". ") {
            for marker in ["tarts in week ", "starts early, in week "] {
                for week in weeks_after(sentence, marker) {
                    if !sentence.contains("which starts in week") || sentence.contains("Rule 4") {
                        assert_eq!(week, start, "start: {at}");
                    }
                }
            }
            for marker in ["goes live in week ", "go-live in week "] {
                for week in weeks_after(sentence, marker) {
                    if sentence.contains("no later than") {
                        assert!(start <= week, "starts by the go-live: {at}");
                    } else if sentence.contains("before") {
                        assert!(end < week, "ends before the go-live: {at}");
                        assert!(go_lives.contains(&week), "a real go-live: {at}");
                    }
                }
            }
            if sentence.contains("last step before its go-live") {
                let week = weeks_after(sentence, "go-live in week ")[0];
                assert_eq!(end + 1, week, "right before: {at}");
            }
            if let Some((_, tail)) = sentence.split_once("after `") {
                let (dep, rest) = tail.split_once('`').unwrap();
                let ends = weeks_after(rest, "ends in week ");
                assert_eq!(plan.end(dep), ends[0], "{at}");
                assert_eq!(ends[0] + 1, start, "{at}");
            }
            if let Some((_, tail)) = sentence.split_once("the last, `") {
                let (dep, rest) = tail.split_once('`').unwrap();
                assert_eq!(plan.end(dep), weeks_after(rest, "ends in week ")[0], "{at}");
            }
            if sentence.contains("comes first") || sentence.contains("go first") {
                assert!(first_go_live.is_none_or(|w| start <= w), "{at}");
            }
        }
        if reason.contains("Rule 1") {
            for dep in step["depends_on"].as_array().unwrap() {
                assert!(plan.end(dep.as_str().unwrap()) < start, "{at}");
            }
        }
    }
    for wave in plan.0["waves"].as_array().unwrap() {
        let title = wave["title"].as_str().unwrap();
        let steps = wave["steps"].as_array().unwrap();
        let starts = steps.iter().map(|s| s["start_week"].as_u64().unwrap());
        let ends = steps.iter().map(|s| s["end_week"].as_u64().unwrap());
        assert_eq!(
            wave["start_week"].as_u64(),
            starts.clone().min(),
            "{label}: {title}"
        );
        assert_eq!(
            wave["end_week"].as_u64(),
            ends.clone().max(),
            "{label}: {title}"
        );
        if let Some(week) = weeks_after(title, "for go-live in week ").first() {
            assert!(ends.clone().all(|e| e < *week), "{label}: {title}");
        }
        if title.starts_with("After the first go-live") {
            let first = first_go_live.unwrap();
            assert!(starts.clone().all(|s| s > first), "{label}: {title}");
        }
    }
    for g in plan.0["go_live"].as_array().unwrap() {
        let reason = g["reason"].as_str().unwrap();
        if let Some(week) = g["week"].as_u64() {
            if let Some((_, tail)) = reason.split_once("the last, `") {
                let (dep, rest) = tail.split_once('`').unwrap();
                let end = weeks_after(rest, "ends in week ")[0];
                assert_eq!(plan.end(dep), end, "{label}: {reason}");
                assert!(end < week, "{label}: {reason}");
            }
            for end in weeks_after(reason, "complete by week ") {
                assert!(end < week, "{label}: {reason}");
            }
        }
    }
}

#[test]
fn every_reason_agrees_with_the_weeks_of_its_step() {
    for scenario in scenarios() {
        for plan in Plan::both(&scenario) {
            check_reasons(&plan, &scenario);
        }
    }
    for horizon in ["8", "26"] {
        let plan = Plan::json("examples/meridian-freight", &["--horizon", horizon]);
        check_reasons(&plan, "meridian-freight");
    }
}

#[test]
fn bad_plan_settings_exit_2_with_a_clear_message() {
    let cases = [
        (
            "min_coverage: 150\n",
            "min_coverage is 150; give a percentage from 0 to 100",
        ),
        (
            "capacity:\n  Process owner: 0\n",
            "capacity of `Process owner` is 0",
        ),
        ("capacity:\n  Process owner: -1\n", "engagement.yaml"),
        ("min_coverage: lots\n", "engagement.yaml"),
    ];
    for (setting, message) in cases {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("e");
        copy_tree(
            &root().join("tests/scenarios/rule7-owner-before-go-live"),
            &folder,
        );
        std::fs::write(
            dir.path().join("questionnaire.yaml"),
            renamed_questionnaire(),
        )
        .unwrap();
        let engagement = folder.join("engagement.yaml");
        let text = std::fs::read_to_string(&engagement).unwrap();
        std::fs::write(&engagement, format!("{text}{setting}")).unwrap();
        let output = common::omd().args(["plan"]).arg(&folder).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{setting}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{setting}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    for flag in ["101", "-5", "half"] {
        let output = common::omd()
            .args([
                "plan",
                "tests/scenarios/rule7-owner-before-go-live",
                "--min-coverage",
                flag,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "--min-coverage {flag}");
    }
}

#[test]
fn the_example_gives_the_same_plan_with_the_shipped_questionnaire_renamed() {
    let mut text = std::fs::read_to_string("questionnaires/ai-operating-model.yaml").unwrap();
    for (from, to) in RENAMED {
        text = text.replace(
            &format!("  - id: {from}\n    role: {from}\n"),
            &format!("  - id: {to}\n    role: {from}\n"),
        );
        text = text.replace(
            &format!("    dimension: {from}\n"),
            &format!("    dimension: {to}\n"),
        );
        assert!(
            !text.contains(&format!("    dimension: {from}\n")),
            "{from} left"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("meridian");
    copy_tree(&root().join("examples/meridian-freight"), &folder);
    std::fs::write(dir.path().join("renamed.yaml"), text).unwrap();
    let engagement = folder.join("engagement.yaml");
    let original = std::fs::read_to_string(&engagement).unwrap();
    let pointed = original.replace(
        "questionnaire: ai-operating-model",
        "questionnaire: ../renamed.yaml",
    );
    assert_ne!(original, pointed);
    std::fs::write(&engagement, pointed).unwrap();
    let renamed = Plan::json(folder.to_str().unwrap(), &[]);
    let shipped = Plan::json("examples/meridian-freight", &[]);
    assert_eq!(shape(&shipped), shape(&renamed));
    check_reasons(&renamed, "meridian-freight, renamed");
}
