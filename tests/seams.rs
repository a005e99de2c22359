#![allow(clippy::unwrap_used)]
//! Seams: the joins a questionnaire declares, at risk per process when one side is strong and
//! the other weak (amplified) or both are weak. On a small questionnaire whose ids share nothing
//! with the shipped one (tests/fixtures/seams-engagement), every format is parsed and every
//! figure checked against the answers; the plan's seam steps are checked against the figures
//! their reasons give; and the shipped questionnaire's seams are checked on the example.

mod common;

use std::path::Path;

use common::{copy_tree, process, root, set_level, stdout_of};
use scraper::{Html, Selector};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/seams-engagement";
const EXAMPLE: &str = "examples/meridian-freight";

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&stdout_of(args)).unwrap()
}

fn seams(report: &Value, process_id: &str) -> Vec<(String, String)> {
    process(report, process_id)["seams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn steps(report: &Value) -> Vec<&Value> {
    report["plan"]["waves"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["steps"].as_array().unwrap())
        .collect()
}

fn step<'a>(report: &'a Value, id: &str) -> &'a Value {
    steps(report)
        .into_iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

/// "Inputs 40.0": a side as the sentences name it, from the JSON figures.
fn figure(side: &Value) -> String {
    format!(
        "{} {:.1}",
        side["name"].as_str().unwrap(),
        side["score"].as_f64().unwrap()
    )
}

/// The sentence that says why a seam is at risk, rebuilt from its JSON figures and the
/// thresholds the report states.
fn expected_finding(report: &Value, seam: &Value) -> String {
    let (weak_below, strong_at) = (
        report["thresholds"]["not_ready_below"].as_f64().unwrap(),
        report["thresholds"]["ready_at"].as_f64().unwrap(),
    );
    let sides = seam["sides"].as_array().unwrap();
    let weak = sides.iter().find(|s| s["weak"] == true).unwrap();
    let other = sides.iter().find(|s| !std::ptr::eq(*s, weak)).unwrap();
    match seam["status"].as_str().unwrap() {
        "amplified" => format!(
            "{} is weak (below {weak_below:.0}) while {} is strong ({strong_at:.0} or more)",
            figure(weak),
            figure(other)
        ),
        "both_weak" => format!(
            "{} and {} are both weak (below {weak_below:.0})",
            figure(&sides[0]),
            figure(&sides[1])
        ),
        "one_weak" if other["score"].is_null() => format!(
            "{} is weak (below {weak_below:.0}); {} has no score",
            figure(weak),
            other["name"].as_str().unwrap()
        ),
        "one_weak" => format!(
            "{} is weak (below {weak_below:.0}) beside {}",
            figure(weak),
            figure(other)
        ),
        other => panic!("unknown status {other}"),
    }
}

#[test]
fn each_status_and_each_case_short_of_risk_on_a_questionnaire_with_other_ids() {
    let report = json(&["report", FIXTURE, "--format", "json"]);
    // A strong workflow (87.5) beside weak inputs (40.0).
    assert_eq!(
        seams(&report, "intake"),
        [("feed".to_string(), "amplified".to_string())]
    );
    // Two weak sides (25.0 each); the inputs at 60 beside a strong workflow are neither.
    assert_eq!(
        seams(&report, "refunds"),
        [("record".to_string(), "both_weak".to_string())]
    );
    // A weak workflow beside inputs at 60: a weak side is at risk whatever the other's score.
    assert_eq!(
        seams(&report, "collections"),
        [("feed".to_string(), "one_weak".to_string())]
    );
    // A weak owner beside monitoring marked not applicable: at risk, the other side unscored.
    assert_eq!(
        seams(&report, "disputes"),
        [("watch".to_string(), "one_weak".to_string())]
    );
    for p in ["intake", "refunds", "collections", "disputes"] {
        for seam in process(&report, p)["seams"].as_array().unwrap() {
            assert_eq!(seam["finding"], expected_finding(&report, seam), "{p}");
        }
    }

    let feed = &process(&report, "intake")["seams"][0];
    assert_eq!(feed["name"], "Workflow and its inputs");
    assert_eq!(
        feed["risk"],
        "Bad inputs travel at the speed of the new workflow."
    );
    let actions: Vec<&str> = feed["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["automate_checks", "list_sources"]);
    let sides = feed["sides"].as_array().unwrap();
    assert_eq!(
        (
            sides[0]["name"].as_str(),
            sides[0]["score"].as_f64(),
            &sides[0]["strong"],
            &sides[0]["weak"]
        ),
        (
            Some("Workflow"),
            Some(87.5),
            &Value::Bool(true),
            &Value::Bool(false)
        )
    );
    assert_eq!(
        (
            sides[1]["name"].as_str(),
            sides[1]["score"].as_f64(),
            &sides[1]["strong"],
            &sides[1]["weak"]
        ),
        (
            Some("Inputs"),
            Some(40.0),
            &Value::Bool(false),
            &Value::Bool(true)
        )
    );
    // Sides given by roles score as the dimensions of those roles do.
    let dimensions = &process(&report, "intake")["dimensions"];
    assert_eq!(sides[0]["score"], dimensions["flow"]["score"]);
    assert_eq!(sides[1]["score"], dimensions["inputs"]["score"]);
    // The evidence: the questions below target on each side, with level and target.
    assert!(sides[0]["below_target"].as_array().unwrap().is_empty());
    assert_eq!(
        sides[1]["below_target"],
        serde_json::json!([{"question": "in_source", "title": "in_source", "level": 0.0, "target": 3}])
    );
    for p in report["processes"].as_array().unwrap() {
        for seam in p["seams"].as_array().unwrap() {
            assert_eq!(seam["finding"], expected_finding(&report, seam).as_str());
        }
    }
}

#[test]
fn every_format_shows_the_seams_at_risk_per_process() {
    let table = stdout_of(&["report", FIXTURE]);
    let section = |text: &str, from: &str, to: &str| -> String {
        let start = text.find(from).unwrap();
        let end = text[start..].find(to).map_or(text.len(), |e| start + e);
        text[start..end].to_string()
    };
    let intake = section(&table, "Claims intake: conditional", "\nRefunds:");
    assert!(
        intake.contains("seam at risk: Workflow and its inputs (`feed`)"),
        "{intake}"
    );
    assert!(intake
        .contains("Inputs 40.0 is weak (below 50) while Workflow 87.5 is strong (75 or more)"));
    assert!(intake.contains("below target on Inputs: `in_source` at level 0 of target 3"));
    assert!(intake.contains("risk: Bad inputs travel at the speed of the new workflow."));
    assert!(intake.contains("to mend it: automate_checks; list_sources"));
    let refunds = section(&table, "Refunds: conditional", "\nCollections:");
    assert!(refunds.contains("Who decides 25.0 and The record 25.0 are both weak (below 50)"));
    let rest = section(&table, "Collections: conditional", "Roadmap by workstream");
    assert!(
        rest.contains("Workflow 25.0 is weak (below 50) beside Inputs 60.0"),
        "{rest}"
    );
    assert!(
        rest.contains("Owner 25.0 is weak (below 50); Monitoring has no score"),
        "{rest}"
    );

    let markdown = stdout_of(&["report", FIXTURE, "--format", "markdown"]);
    let intake = section(&markdown, "### Claims intake", "### Refunds");
    assert!(intake.contains(
        "- **Workflow and its inputs** (`feed`): Inputs 40.0 is weak (below 50) while Workflow 87.5 is strong (75 or more)."
    ), "{intake}");
    assert!(intake.contains("  - Below target on Inputs: `in_source` at level 0 of target 3"));
    assert!(
        section(&markdown, "### Collections", "## Plan")
            .contains("Workflow 25.0 is weak (below 50) beside Inputs 60.0"),
        "{markdown}"
    );

    let csv_text = stdout_of(&["report", FIXTURE, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let column = header.iter().position(|h| h == "seams_at_risk").unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        let expected = match &row[0] {
            "intake" => "feed:amplified",
            "refunds" => "record:both_weak",
            "collections" => "feed:one_weak",
            "disputes" => "watch:one_weak",
            _ => "",
        };
        assert_eq!(&row[column], expected, "{}", &row[0]);
    }

    let doc = Html::parse_document(&stdout_of(&["report", FIXTURE, "--format", "html"]));
    let select = |selector: &str| -> Vec<scraper::ElementRef<'_>> {
        doc.select(&Selector::parse(selector).unwrap()).collect()
    };
    let seam = select("#process-intake li.seam");
    assert_eq!(seam.len(), 1);
    assert_eq!(seam[0].value().attr("data-seam"), Some("feed"));
    assert_eq!(seam[0].value().attr("data-status"), Some("amplified"));
    let sides: Vec<(Option<&str>, Option<&str>)> = select("#process-intake li.seam span.side")
        .iter()
        .map(|s| {
            (
                s.value().attr("data-score"),
                s.value().attr("data-judgement"),
            )
        })
        .collect();
    assert_eq!(
        sides,
        [(Some("87.5"), Some("strong")), (Some("40.0"), Some("weak"))]
    );
    let text: String = seam[0].text().collect();
    assert!(text.contains("Bad inputs travel at the speed of the new workflow."));
    assert!(text.contains("in_source 0 of 3"), "{text}");
    assert_eq!(
        select("#process-refunds li.seam")[0]
            .value()
            .attr("data-status"),
        Some("both_weak")
    );
    for p in ["collections", "disputes"] {
        let seam = select(&format!("#process-{p} li.seam"));
        assert_eq!(seam.len(), 1, "{p}");
        assert_eq!(seam[0].value().attr("data-status"), Some("one_weak"), "{p}");
    }
}

#[test]
fn a_seam_at_risk_plans_its_actions_and_the_reason_gives_its_figures() {
    let report = json(&["report", FIXTURE, "--format", "json"]);
    let feed = &process(&report, "intake")["seams"][0];
    // in_checks is at its target (level 2 of 2): only the seam puts its action in the plan.
    let checks = step(&report, "automate_checks@intake");
    assert_eq!(checks["seams"], serde_json::json!(["feed"]));
    assert_eq!(checks["question"], "in_checks");
    let reason = checks["reason"].as_str().unwrap();
    assert!(
        reason.starts_with(&format!(
            "Mends the seam `feed` (Workflow and its inputs) for Claims intake: {}.",
            expected_finding(&report, feed)
        )),
        "{reason}"
    );
    // Placed by the rules of its own question's dimension role: data work holds the go-live.
    assert_eq!(checks["role"], "data");
    assert_eq!(checks["before_go_live_of"], "intake");
    assert!(reason.contains("A data-readiness gap closes before go-live"));
    // in_source is below its target: its own gap planned the action, and that reason stands.
    let sources = step(&report, "list_sources@intake");
    assert!(sources.get("seams").is_none());
    assert!(sources["reason"]
        .as_str()
        .unwrap()
        .starts_with("Closes the gap on `in_source`"));

    let record = &process(&report, "refunds")["seams"][0];
    let log = step(&report, "log_decisions@refunds");
    assert_eq!(log["seams"], serde_json::json!(["record"]));
    let reason = log["reason"].as_str().unwrap();
    assert!(
        reason.contains(&format!(
            "for Refunds: {}.",
            expected_finding(&report, record)
        )),
        "{reason}"
    );
    assert_eq!(
        expected_finding(&report, record),
        "Who decides 25.0 and The record 25.0 are both weak (below 50)"
    );
    // An audit-trail control of a medium-risk process: rule 6 holds its go-live.
    assert!(
        reason.contains("Rule 6: Refunds is medium-risk"),
        "{reason}"
    );
    assert_eq!(log["before_go_live_of"], "refunds");

    // A seam step serves processes for which that seam is at risk, and says so.
    for s in steps(&report) {
        let seamed = s.get("seams").is_some();
        for seam in s["seams"].as_array().into_iter().flatten() {
            for p in s["processes"].as_array().unwrap() {
                assert!(
                    seams(&report, p.as_str().unwrap())
                        .iter()
                        .any(|(id, _)| seam == id.as_str()),
                    "{} mends {seam}, not at risk for {p}",
                    s["id"]
                );
            }
        }
        assert_eq!(
            seamed,
            s["reason"].as_str().unwrap().contains("Mends the seam"),
            "{}",
            s["id"]
        );
    }

    // The roadmap groups a seam step with its action's question; the checklists still hold.
    let initiative = report["roadmap"]["workstreams"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|w| w["initiatives"].as_array().unwrap())
        .find(|i| i["id"] == "in_checks")
        .unwrap();
    // The feed seam is at risk for intake and collections: one initiative, both steps.
    assert_eq!(
        initiative["steps"],
        serde_json::json!(["automate_checks@intake", "automate_checks@collections"])
    );
    assert_eq!(
        initiative["processes"],
        serde_json::json!(["intake", "collections"])
    );
    assert_eq!(report["checklists"].as_array().unwrap().len(), 4);

    // The step list of `omd plan --steps` gives the same reason.
    let text = stdout_of(&["plan", FIXTURE, "--steps"]);
    assert!(text.contains("why: Mends the seam `feed` (Workflow and its inputs) for Claims intake"));
}

#[test]
fn the_shipped_questionnaire_declares_the_joins_the_sources_name() {
    let text =
        std::fs::read_to_string(root().join("questionnaires/ai-operating-model.yaml")).unwrap();
    let q: Value = serde_yaml::from_str(&text).unwrap();
    let ids: Vec<&str> = q["seams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "process_data",
            "decision_record",
            "outcome_oversight",
            "unowned_handoffs"
        ]
    );
    let report = json(&["report", EXAMPLE, "--format", "json"]);
    // Invoice processing is ready: no join has a weak side. Triage's record of decisions is weak
    // beside who may decide at 56.3. Credit approval and forecasting are weak on both sides of
    // every join.
    assert!(seams(&report, "invoice-processing").is_empty());
    assert_eq!(
        seams(&report, "customer-service-triage"),
        [("decision_record".to_string(), "one_weak".to_string())]
    );
    for p in ["credit-approval", "demand-forecasting"] {
        let found: Vec<String> = seams(&report, p)
            .into_iter()
            .map(|(id, s)| format!("{id}:{s}"))
            .collect();
        assert_eq!(
            found,
            ids.iter()
                .map(|id| format!("{id}:both_weak"))
                .collect::<Vec<_>>(),
            "{p}"
        );
    }
    // Every side's score is the weighted mean of its answered questions' scores, from the
    // questionnaire's own declaration and the report's answers.
    let dimension_role = |dimension: &str| -> Option<String> {
        q["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == dimension)
            .and_then(|d| d["role"].as_str().map(String::from))
    };
    for p in report["processes"].as_array().unwrap() {
        for seam in p["seams"].as_array().unwrap() {
            let declared = q["seams"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["id"] == seam["id"])
                .unwrap();
            for (side, declared) in seam["sides"]
                .as_array()
                .unwrap()
                .iter()
                .zip(declared["sides"].as_array().unwrap())
            {
                let named = |key: &str| -> Vec<String> {
                    declared[key]
                        .as_array()
                        .map(|a| a.iter().map(|v| v.as_str().unwrap().to_string()).collect())
                        .unwrap_or_default()
                };
                let (questions, roles) = (named("questions"), named("roles"));
                let (mut sum, mut weights) = (0.0, 0.0);
                let mut below = Vec::new();
                for question in q["questions"].as_array().unwrap() {
                    let id = question["id"].as_str().unwrap();
                    let role = dimension_role(question["dimension"].as_str().unwrap());
                    if !questions.iter().any(|x| x == id)
                        && !role.is_some_and(|r| roles.contains(&r))
                    {
                        continue;
                    }
                    let answer = p["questions"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["id"] == id)
                        .unwrap();
                    if let Some(score) = answer["score"].as_f64() {
                        let weight = question["weight"].as_f64().unwrap_or(1.0);
                        sum += score * weight;
                        weights += weight;
                    }
                    if answer["below_target"] == true {
                        below.push(id.to_string());
                    }
                }
                let score = (sum / weights * 10.0).round() / 10.0;
                assert_eq!(
                    side["score"].as_f64(),
                    Some(score),
                    "{} {}",
                    p["id"],
                    side["name"]
                );
                assert_eq!(side["weak"], score < 50.0);
                let listed: Vec<&str> = side["below_target"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|b| b["question"].as_str().unwrap())
                    .collect();
                assert_eq!(listed, below);
            }
            assert_eq!(seam["finding"], expected_finding(&report, seam).as_str());
        }
    }
    // Credit approval's owner is at target, yet the outcome join is weak on both sides: the
    // monthly owner review enters its plan for that seam.
    let review = step(&report, "set_owner_review_cadence@credit-approval");
    assert_eq!(review["seams"], serde_json::json!(["outcome_oversight"]));
    let seam = process(&report, "credit-approval")["seams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "outcome_oversight")
        .unwrap();
    assert!(review["reason"]
        .as_str()
        .unwrap()
        .contains(&expected_finding(&report, seam)));
}

/// The fixture with intake's inputs mended and collections' inputs worse.
fn moved(dir: &Path) -> std::path::PathBuf {
    let engagement = dir.join("later");
    copy_tree(&root().join(FIXTURE), &engagement);
    // Inputs (75 + 4 x 50) / 5 = 55: neither weak nor strong, so the join is no longer at risk.
    assert_eq!(set_level(&engagement, "intake", "in_source", 3), (1, 1));
    // Inputs (100 + 4 x 25) / 5 = 40 beside a workflow at 75: amplified, newly at risk.
    assert_eq!(set_level(&engagement, "refunds", "in_checks", 1), (1, 1));
    // Inputs 40 beside a workflow at 25: one side weak before, both weak now.
    assert_eq!(
        set_level(&engagement, "collections", "in_checks", 1),
        (1, 1)
    );
    engagement
}

#[test]
fn diff_shows_seams_newly_at_risk_and_no_longer_at_risk() {
    let dir = tempfile::tempdir().unwrap();
    let later = moved(dir.path());
    let later = later.to_str().unwrap();
    let diff = json(&["diff", FIXTURE, later, "--format", "json"]);
    assert_eq!(diff["schema_version"], 3);
    let moves: Vec<(String, String, String)> = diff["seams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["process"].as_str().unwrap().to_string(),
                s["seam"].as_str().unwrap().to_string(),
                s["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            ("intake".into(), "feed".into(), "no_longer_at_risk".into()),
            ("refunds".into(), "feed".into(), "newly_at_risk".into()),
            ("collections".into(), "feed".into(), "status_changed".into()),
        ]
    );
    assert_eq!(diff["seams"][0]["old"], "amplified");
    assert_eq!(diff["seams"][0]["new"], Value::Null);
    assert_eq!(diff["seams"][1]["new"], "amplified");
    assert_eq!(diff["seams"][2]["old"], "one_weak");
    assert_eq!(diff["seams"][2]["new"], "both_weak");
    assert_eq!(diff["headline"]["seams_newly_at_risk"], 1);
    assert_eq!(diff["headline"]["seams_no_longer_at_risk"], 1);
    assert_eq!(diff["headline"]["seams_status_changed"], 1);

    let table = stdout_of(&["diff", FIXTURE, later]);
    assert!(
        table.contains("1 seam newly at risk, 1 no longer at risk, 1 seam at risk otherwise"),
        "{table}"
    );
    assert!(table.contains(
        "Seams newly at risk:\n  - Refunds: Workflow and its inputs (feed), amplified\n"
    ));
    assert!(table.contains(
        "Seams no longer at risk:\n  - Claims intake: Workflow and its inputs (feed), was amplified\n"
    ));
    let markdown = stdout_of(&["diff", FIXTURE, later, "--format", "markdown"]);
    assert!(
        markdown.contains(
            "### Seams newly at risk\n\n- **Refunds**: Workflow and its inputs `feed`, amplified\n"
        ),
        "{markdown}"
    );

    // Against itself, nothing moved and no seam section is shown.
    let same = stdout_of(&["diff", FIXTURE, FIXTURE]);
    assert!(!same.contains("Seams"), "{same}");
}

#[test]
fn a_saved_report_from_before_seams_compares_no_seams_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = json(&["report", FIXTURE, "--format", "json"]);
    for p in old["processes"].as_array_mut().unwrap() {
        p.as_object_mut().unwrap().remove("seams");
    }
    let saved = dir.path().join("old.json");
    std::fs::write(&saved, old.to_string()).unwrap();
    let later = moved(dir.path());
    let diff = json(&[
        "diff",
        saved.to_str().unwrap(),
        later.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(diff["seams"].as_array().unwrap().is_empty());
    assert!(diff["notes"].as_array().unwrap().iter().any(|n| n
        .as_str()
        .unwrap()
        .contains("saved before omd assessed seams")));
}

#[test]
fn the_schema_and_the_outline_carry_seams() {
    let schema = json(&["questionnaire", "schema"]);
    assert_eq!(
        schema["properties"]["seams"]["items"]["$ref"],
        "#/definitions/Seam"
    );
    let seam = &schema["definitions"]["Seam"];
    assert_eq!(seam["properties"]["sides"]["minItems"], 2);
    assert_eq!(seam["properties"]["sides"]["maxItems"], 2);
    assert_eq!(seam["additionalProperties"], false);
    let required: Vec<&str> = seam["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(required, ["id", "name", "risk", "sides"]);
    let side = &schema["definitions"]["SeamSide"]["properties"];
    assert!(side["questions"].is_object() && side["roles"].is_object());

    let outline = stdout_of(&[
        "questionnaire",
        "show",
        "tests/fixtures/seams-engagement/joins-questionnaire.yaml",
    ]);
    assert!(outline.contains("[feed] Workflow and its inputs\n   side Workflow: flow_map, flow_exceptions\n   side Inputs: in_source, in_checks\n"), "{outline}");
}
