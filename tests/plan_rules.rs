#![allow(clippy::unwrap_used)]
//! Each sequencing rule of the plan, proven on a small scenario engagement in tests/scenarios/
//! where that rule decides the order.

mod common;

use common::stdout_of;
use serde_json::Value;

struct Plan(Value);

impl Plan {
    fn of(scenario: &str) -> Plan {
        let dir = format!("tests/scenarios/{scenario}");
        let json: Value =
            serde_json::from_str(&stdout_of(&["plan", &dir, "--format", "json"])).unwrap();
        Plan(json["plan"].clone())
    }

    fn steps(&self) -> Vec<&Value> {
        self.0["waves"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|w| w["steps"].as_array().unwrap())
            .collect()
    }

    fn step(&self, id: &str) -> &Value {
        self.steps()
            .into_iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("no step {id} in {}", self.0))
    }

    fn start(&self, id: &str) -> u64 {
        self.step(id)["start_week"].as_u64().unwrap()
    }

    fn end(&self, id: &str) -> u64 {
        self.step(id)["end_week"].as_u64().unwrap()
    }

    fn go_live(&self, process: &str) -> u64 {
        self.0["go_live"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["process"] == process)
            .and_then(|g| g["week"].as_u64())
            .unwrap_or_else(|| panic!("no go-live for {process}"))
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
    let plan = Plan::of("rule1-tooling-after-readiness");
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

#[test]
fn rule_2_governance_baseline_lands_before_the_second_go_live() {
    let plan = Plan::of("rule2-governance-before-second");
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

#[test]
fn rule_3_capability_building_runs_alongside_the_first_deployment() {
    let plan = Plan::of("rule3-capability-alongside");
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

#[test]
fn rule_4_the_most_tractable_process_goes_first_not_the_most_strategic() {
    let plan = Plan::of("rule4-most-tractable-first");
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

#[test]
fn rule_5_quick_changes_first_slow_data_early_governance_grows() {
    let plan = Plan::of("rule5-quick-first-data-early");
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

#[test]
fn rule_6_risk_tier_decides_the_control_path() {
    let plan = Plan::of("rule6-high-risk-controls");
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

#[test]
fn rule_7_no_go_live_without_a_named_owner() {
    let plan = Plan::of("rule7-owner-before-go-live");
    assert!(plan.end("name_owner@claims") < plan.go_live("claims"));
    assert!(plan.step("name_owner@claims")["reason"]
        .as_str()
        .unwrap()
        .contains("Rule 7"));
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
