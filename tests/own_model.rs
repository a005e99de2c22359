#![allow(clippy::unwrap_used)]
//! A maturity model of one's own: groups (practices) under dimensions, bands, a native score,
//! optional N/A reasons and the engagement's target profile, on a small questionnaire whose ids
//! share nothing with the shipped one (tests/fixtures/practices-engagement). Figures are checked
//! against sums done by hand.

mod common;

use common::{omd, process, question, stdout_of};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/practices-engagement";

fn json_report(dir: &str) -> Value {
    serde_json::from_str(&stdout_of(&["report", dir, "--format", "json"])).unwrap()
}

#[test]
fn the_fixture_questionnaire_validates_without_warnings() {
    let output = omd()
        .args([
            "questionnaire",
            "validate",
            &format!("{FIXTURE}/practice-check.yaml"),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn group_scores_are_the_weighted_mean_of_their_questions() {
    let report = json_report(FIXTURE);
    let ledger = process(&report, "ledger");
    let build = &ledger["dimensions"]["build"];
    // intake_rules: level 1 of 3 (33.33, weight 1) and level 2 of 3 (66.67, weight 3):
    // (33.33 + 200) / 4 = 58.33.
    assert_eq!(build["groups"]["intake_rules"]["score"], 58.3);
    assert_eq!(build["groups"]["intake_rules"]["name"], "Intake rules");
    assert_eq!(build["groups"]["handoffs"]["score"], 100.0);
    // The dimension stays the weighted mean of its questions, not of its groups (handoffs
    // weighs 2 as a group, which would give 86.1): (33.33 + 200 + 100) / 5 = 66.67.
    assert_eq!(build["score"], 66.7);
    let feeds = &ledger["dimensions"]["feeds"];
    assert_eq!(feeds["groups"]["lineage"]["score"], 33.3);
    assert_eq!(feeds["groups"]["quality_checks"]["score"], 66.7);
    assert!(
        ledger["dimensions"]["oversight"].get("groups").is_none(),
        "a dimension without groups has no `groups`"
    );
    // A group whose every question is not applicable has no score and says so.
    let vendor = process(&report, "vendor");
    let checks = &vendor["dimensions"]["feeds"]["groups"]["quality_checks"];
    assert_eq!(checks["score"], Value::Null);
    assert_eq!(checks["not_applicable"], true);
    assert_eq!(checks["coverage"], 1.0);
    // The questionnaire's groups, and each question's group.
    let groups = &report["dimensions"][0]["groups"];
    assert_eq!(groups[1]["id"], "handoffs");
    assert_eq!(groups[1]["weight"], 2.0);
    let question = ledger["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == "q_lineage_mapped")
        .unwrap();
    assert_eq!(question["group"], "lineage");
}

#[test]
fn a_seam_side_selects_the_questions_of_its_groups() {
    let report = json_report(FIXTURE);
    let seam = &process(&report, "ledger")["seams"][0];
    assert_eq!(seam["id"], "build_feeds");
    // Build practices: every question of intake_rules and handoffs (66.7, as the dimension);
    // Lineage: q_lineage_mapped alone (33.3), weak.
    assert_eq!(seam["sides"][0]["score"], 66.7);
    assert_eq!(seam["sides"][1]["score"], 33.3);
    assert_eq!(seam["sides"][1]["weak"], true);
}

#[test]
fn the_table_shows_a_practice_table_under_each_process() {
    let table = stdout_of(&["report", FIXTURE]);
    let ledger = table.split("Ledger close: ").nth(1).unwrap();
    let row = |name: &str| {
        ledger
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no row {name} in\n{ledger}"))
            .to_string()
    };
    assert!(ledger.contains("Dimension / practice"), "{ledger}");
    assert!(row("Intake rules").contains("58.3"));
    assert!(
        row("│   Intake rules").contains("100%"),
        "groups are indented"
    );
    assert!(row("│ Build ").contains("66.7"));
}

#[test]
fn markdown_html_and_csv_show_the_practices() {
    let markdown = stdout_of(&["report", FIXTURE, "--format", "markdown"]);
    assert!(
        markdown.contains("| &nbsp;&nbsp;Intake rules | 58.3 | 1.75 | 100% |"),
        "{markdown}"
    );
    assert!(markdown.contains("| **Build** | 66.7 | 2.00 | 100% |"));

    let html = stdout_of(&["report", FIXTURE, "--format", "html"]);
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let heads: Vec<String> = page
        .select(&select("#practices thead th"))
        .map(|th| th.text().collect())
        .collect();
    assert_eq!(
        heads,
        ["Dimension / practice", "Ledger close", "Vendor onboarding"]
    );
    let cells: Vec<String> = page
        .select(&select(r#"#practices tr[data-group="intake_rules"] td"#))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(cells, ["58.3 (1.75)", "0.0 (0.00)"]);
    let na: Vec<String> = page
        .select(&select(r#"#practices tr[data-group="quality_checks"] td"#))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(na, ["66.7 (2.00)", "n/a"]);
    assert_eq!(
        page.select(&select(r##"nav a[href="#practices"]"##))
            .count(),
        1
    );

    let csv = stdout_of(&["report", FIXTURE, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let intake = rows
        .iter()
        .find(|r| &r[column("process_id")] == "ledger" && &r[column("group_id")] == "intake_rules")
        .unwrap();
    assert_eq!(&intake[column("score")], "58.3");
    assert_eq!(&intake[column("dimension_id")], "build");
    assert_eq!(&intake[column("group_name")], "Intake rules");
    let dimension_rows = rows
        .iter()
        .filter(|r| r[column("group_id")].is_empty())
        .count();
    assert_eq!(dimension_rows, 6, "one row per process and dimension");

    let answers = stdout_of(&["export", "answers", FIXTURE]);
    let mut reader = csv::Reader::from_reader(answers.as_bytes());
    let header = reader.headers().unwrap().clone();
    let group = header.iter().position(|h| h == "group_id").unwrap();
    let question = header.iter().position(|h| h == "question_id").unwrap();
    for row in reader.records().map(Result::unwrap) {
        let expected = match &row[question] {
            "q_rules_written" | "q_rules_tested" => "intake_rules",
            "q_handoff_owner" => "handoffs",
            "q_lineage_mapped" => "lineage",
            "q_checks_auto" => "quality_checks",
            _ => "",
        };
        assert_eq!(&row[group], expected);
    }
}

#[test]
fn a_questionnaire_without_groups_shows_no_practices() {
    let example = common::example();
    let example = example.to_str().unwrap();
    let table = stdout_of(&["report", example]);
    assert!(!table.contains("Dimension / practice"));
    let html = stdout_of(&["report", example, "--format", "html"]);
    assert!(!html.contains(r#"id="practices""#));
    let json = stdout_of(&["report", example, "--format", "json"]);
    assert!(!json.contains("\"groups\""));
}

#[test]
fn the_schema_describes_the_new_keys() {
    let schema: Value = serde_json::from_str(&stdout_of(&["questionnaire", "schema"])).unwrap();
    let text = schema.to_string();
    for key in [
        "\"groups\"",
        "\"group\"",
        "\"bands\"",
        "\"native_score\"",
        "\"na_reason\"",
        "\"meaning\"",
    ] {
        assert!(text.contains(key), "schema lacks {key}");
    }
}

#[test]
fn a_score_is_shown_with_the_band_it_falls_in() {
    let report = json_report(FIXTURE);
    let ledger = process(&report, "ledger");
    // Build 66.7 lies in the band from 40 to 70.
    let band = &ledger["dimensions"]["build"]["band"];
    assert_eq!(band["label"], "Developing");
    assert_eq!(band["from"], 40.0);
    assert_eq!(band["to"], 70.0);
    assert_eq!(band["meaning"], "Rules exist but are not yet tested.");
    assert!(band["next"]
        .as_str()
        .unwrap()
        .contains("- Test the intake rules on real cases.\n"));
    // A group's bands: Lineage 33.3 is below 50.
    let lineage = &ledger["dimensions"]["feeds"]["groups"]["lineage"]["band"];
    assert_eq!(lineage["label"], "Untraced");
    assert_eq!(lineage["to"], 50.0);
    assert!(
        lineage.get("meaning").is_none(),
        "an empty text is left out"
    );
    // No bands declared, no band.
    assert!(ledger["dimensions"]["feeds"].get("band").is_none());
    let vendor = process(&report, "vendor");
    assert_eq!(
        vendor["dimensions"]["build"]["band"]["label"],
        "Foundational"
    );
    assert_eq!(
        vendor["dimensions"]["feeds"]["groups"]["lineage"]["band"]["label"],
        "Traced"
    );

    let table = stdout_of(&["report", FIXTURE]);
    let ledger_text = table.split("Ledger close: ").nth(1).unwrap();
    let build_row = ledger_text
        .lines()
        .find(|l| l.contains("│ Build "))
        .unwrap();
    assert!(build_row.contains("Developing"), "{build_row}");
    // Under the table, what the band means and what to do next, its list kept as a list.
    assert!(
        ledger_text.contains(
            "  What the scores mean:\n  - Build — Developing (66.7). Rules exist but are not yet \
             tested.\n    Next:\n      - Test the intake rules on real cases.\n      - Name an \
             owner for every handoff.\n"
        ),
        "{ledger_text}"
    );
    // On a narrow terminal the texts wrap under their item and nothing runs past the edge.
    let narrow = common::on_terminal(44, &format!("report {FIXTURE}"));
    let narrow: String = narrow.replace('\r', "");
    assert!(
        narrow
            .contains("  - Build — Developing (66.7). Rules exist\n    but are not yet tested.\n"),
        "{narrow}"
    );
    let bands = narrow.split("What the scores mean:").nth(1).unwrap();
    let bands = &bands[..bands.find("readiness 55.6").unwrap()];
    assert!(bands.lines().all(|l| l.chars().count() <= 44), "{bands}");

    let markdown = stdout_of(&["report", FIXTURE, "--format", "markdown"]);
    assert!(markdown.contains("| **Build** | 66.7 | 2.00 | 100% | Developing |"));
    assert!(markdown.contains(
        "- **Build — Developing** (66.7). Rules exist but are not yet tested. Next:\n  - Test the intake rules on real cases.\n  - Name an owner for every handoff.\n"
    ), "{markdown}");

    let html = stdout_of(&["report", FIXTURE, "--format", "html"]);
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let dt: String = page
        .select(&select(
            r#"#process-ledger dl.bands dt[data-dimension="build"]"#,
        ))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(dt, "Build 66.7: Developing");
    let next: String = page
        .select(&select(r#"#process-ledger dl.bands dd.next"#))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(next.contains("Name an owner for every handoff."), "{next}");

    let csv = stdout_of(&["report", FIXTURE, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let band_column = header.iter().position(|h| h == "band").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let bands: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| &r[0] == "ledger" && !r[band_column].is_empty())
        .map(|r| (&r[2], &r[16], &r[band_column]))
        .collect();
    assert_eq!(
        bands,
        [
            ("build", "", "Developing"),
            ("feeds", "lineage", "Untraced")
        ]
    );
}

#[test]
fn scores_are_shown_on_the_models_own_scale_too() {
    let report = json_report(FIXTURE);
    assert_eq!(
        report["questionnaire"]["native_score"],
        serde_json::json!({"name": "Practice level", "min": 0.0, "max": 3.0, "decimals": 2})
    );
    let ledger = process(&report, "ledger");
    let dimensions = &ledger["dimensions"];
    // native = 0 + 3 × score / 100: on a 0-3 scale, the weighted mean level. Intake rules:
    // levels 1 (weight 1) and 2 (weight 3): 7 / 4 = 1.75.
    assert_eq!(
        dimensions["build"]["groups"]["intake_rules"]["native"],
        1.75
    );
    assert_eq!(dimensions["build"]["groups"]["handoffs"]["native"], 3.0);
    // Build: levels 1, 2 (×3) and 3 over weight 5: 10 / 5 = 2.
    assert_eq!(dimensions["build"]["native"], 2.0);
    assert_eq!(dimensions["feeds"]["groups"]["lineage"]["native"], 1.0);
    assert_eq!(dimensions["feeds"]["native"], 1.5);
    // Oversight is on the 0-4 scale: level 2 scores 50, which is 1.5 on the 0-3 native scale.
    assert_eq!(dimensions["oversight"]["native"], 1.5);
    // Readiness (66.7 + 50 + 50) / 3 = 55.57: 1.667, shown with two decimals.
    assert_eq!(ledger["readiness_native"], 1.67);
    let vendor = process(&report, "vendor");
    assert!(
        vendor["dimensions"]["feeds"]["groups"]["quality_checks"]
            .get("native")
            .is_none(),
        "no score, no native figure"
    );
    assert_eq!(vendor["readiness_native"], 2.07);

    let table = stdout_of(&["report", FIXTURE]);
    assert!(
        table.contains("Ledger close: conditional (readiness 55.6, 1.67 on Practice level 0-3)"),
        "{table}"
    );
    let ledger_text = table.split("Ledger close: ").nth(1).unwrap();
    assert!(ledger_text.contains("Practice level 0-3"));
    let intake = ledger_text
        .lines()
        .find(|l| l.contains("Intake rules"))
        .unwrap();
    assert!(intake.contains("1.75"), "{intake}");

    let markdown = stdout_of(&["report", FIXTURE, "--format", "markdown"]);
    assert!(markdown.contains("Readiness 55.6 (1.67 on Practice level 0-3) ·"));
    assert!(markdown.contains("| &nbsp;&nbsp;Intake rules | 58.3 | 1.75 | 100% |  |"));

    let html = stdout_of(&["report", FIXTURE, "--format", "html"]);
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let native: Vec<String> = page
        .select(&select(
            r#"#process-ledger table.areas tr[data-group="intake_rules"] td.native"#,
        ))
        .map(|td| td.text().collect())
        .collect();
    assert_eq!(native, ["1.75"]);
    let cell: String = page
        .select(&select(r#"#practices tr[data-group="intake_rules"] td"#))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(cell, "58.3 (1.75)");
    assert!(html.contains("Readiness <strong>55.6 (1.67 on Practice level 0-3)</strong>"));

    let csv = stdout_of(&["report", FIXTURE, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(&first[column("native_score")], "2.00");
    assert_eq!(&first[column("readiness_native")], "1.67");
}

const TARGETS: &str = "tests/fixtures/practices-targets";

#[test]
fn the_engagements_targets_win_most_specific_first() {
    let report = json_report(TARGETS);
    let ledger = process(&report, "ledger");
    // build: 3 for the dimension; handoffs: 1 for its group; q_rules_tested: 1 and
    // q_lineage_mapped: 3 by question. The rest keep the questionnaire's targets.
    let expected = [
        ("q_rules_written", 3, "engagement"),
        ("q_rules_tested", 1, "engagement"),
        ("q_handoff_owner", 1, "engagement"),
        ("q_lineage_mapped", 3, "engagement"),
        ("q_checks_auto", 3, "questionnaire"),
        ("q_review_board", 3, "questionnaire"),
    ];
    for (id, target, source) in expected {
        let q = question(ledger, id);
        assert_eq!(
            (
                q["target"].as_u64().unwrap(),
                q["target_source"].as_str().unwrap()
            ),
            (target, source),
            "{id}"
        );
    }
    // Gaps follow: Ledger's q_rules_written (level 1) was 1 below 2, now below 3; Vendor's
    // q_handoff_owner (level 1) was below 2 and meets 1.
    assert_eq!(question(ledger, "q_rules_written")["below_target"], true);
    let vendor = process(&report, "vendor");
    assert_eq!(question(vendor, "q_handoff_owner")["below_target"], false);
    let profile: Vec<(String, String, u64, u64)> = report["target_profile"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["scope"].as_str().unwrap().to_string(),
                e["id"].as_str().unwrap().to_string(),
                e["target"].as_u64().unwrap(),
                e["questions"].as_u64().unwrap(),
            )
        })
        .collect();
    let entry = |scope: &str, id: &str, target, questions| {
        (scope.to_string(), id.to_string(), target, questions)
    };
    assert_eq!(
        profile,
        [
            entry("dimension", "build", 3, 1),
            entry("group", "handoffs", 1, 1),
            entry("question", "q_rules_tested", 1, 1),
            entry("question", "q_lineage_mapped", 3, 1),
        ]
    );
    // Without targets: every target is the questionnaire's, and there is no profile.
    let plain = json_report(FIXTURE);
    assert!(plain.get("target_profile").is_none());
    assert!(process(&plain, "ledger")["questions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|q| q["target_source"] == "questionnaire"));
    assert_eq!(
        question(process(&plain, "vendor"), "q_handoff_owner")["below_target"],
        true
    );
}

#[test]
fn the_plan_and_what_if_read_the_effective_targets() {
    let steps = |dir: &str| -> Vec<String> {
        let plan: Value =
            serde_json::from_str(&stdout_of(&["plan", dir, "--format", "json"])).unwrap();
        common::plan_steps(&plan)
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect()
    };
    let step = "a_name_handoff_owners@vendor".to_string();
    assert!(
        steps(FIXTURE).contains(&step),
        "below the questionnaire's target 2"
    );
    assert!(
        !steps(TARGETS).contains(&step),
        "meets the engagement's target 1"
    );
    for format in ["table", "json", "markdown", "html", "csv"] {
        let output = omd()
            .args(["whatif", TARGETS, "--process", "vendor", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "{format}");
        // The what-if reaches for the engagement's targets, and says which they are.
        let text = String::from_utf8(output.stdout).unwrap();
        match format {
            "json" => {
                let whatif: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(whatif["target_profile"].as_array().unwrap().len(), 4);
                assert_eq!(whatif["target_profile"][0]["id"], "build");
            }
            "markdown" => assert!(text.contains("Targets from engagement.yaml: dimension Build 3")),
            "html" => {
                let page = scraper::Html::parse_document(&text);
                let line: String = page
                    .select(&scraper::Selector::parse("p.target-profile").unwrap())
                    .next()
                    .unwrap()
                    .text()
                    .collect();
                assert!(line.starts_with("Targets from engagement.yaml: dimension Build 3"));
            }
            "table" => assert!(text.contains("Targets from engagement.yaml: dimension Build 3")),
            _ => {}
        }
    }
    let plain = stdout_of(&["whatif", FIXTURE, "--process", "vendor", "--format", "json"]);
    assert!(serde_json::from_str::<Value>(&plain)
        .unwrap()
        .get("target_profile")
        .is_none());
}

#[test]
fn every_format_says_which_targets_came_from_the_engagement() {
    let line = "Targets from engagement.yaml: dimension Build 3; group Handoffs 1; question \
                q_rules_tested 1; question q_lineage_mapped 3 (4 questions; the others keep the \
                questionnaire's)";
    let table = stdout_of(&["report", TARGETS]);
    assert!(table.lines().nth(2) == Some(line), "{table}");
    let markdown = stdout_of(&["report", TARGETS, "--format", "markdown"]);
    assert!(
        markdown.contains("question q\\_rules\\_tested 1;"),
        "{markdown}"
    );
    let html = stdout_of(&["report", TARGETS, "--format", "html"]);
    let page = scraper::Html::parse_document(&html);
    let found: String = page
        .select(&scraper::Selector::parse("header p.target-profile").unwrap())
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(found, line);
    assert!(!stdout_of(&["report", FIXTURE]).contains("Targets from engagement.yaml"));
    // `omd plan` says it too: its gaps are measured against these targets.
    for format in ["table", "markdown", "html"] {
        let plan = stdout_of(&["plan", TARGETS, "--format", format]);
        assert!(
            plan.contains("Targets from engagement.yaml: dimension Build 3"),
            "{format}"
        );
    }

    let csv = stdout_of(&["report", TARGETS, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let first = reader.records().next().unwrap().unwrap();
    assert_eq!(
        &first[column("engagement_targets")],
        "q_rules_written; q_rules_tested; q_handoff_owner"
    );
    let answers = stdout_of(&["export", "answers", TARGETS]);
    let mut reader = csv::Reader::from_reader(answers.as_bytes());
    let header = reader.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = rows
        .iter()
        .find(|r| &r[column("question_id")] == "q_handoff_owner")
        .unwrap();
    assert_eq!(
        (&row[column("target")], &row[column("target_source")]),
        ("1", "engagement")
    );
}

/// Writes a generated model in `dir`: 200 questions under 12 dimensions, three groups in each,
/// a 0-3 scale beside the default five levels, a native score, bands, optional N/A reasons, and
/// an engagement of three processes (two respondents each) with a target profile.
fn generated_model(dir: &std::path::Path) {
    use std::fmt::Write;
    const DIMENSIONS: usize = 12;
    const QUESTIONS: usize = 200;
    let roles = [
        "process",
        "decision_rights",
        "data",
        "governance",
        "capability",
    ];
    let owners = [
        "Process owner",
        "Data steward",
        "Risk lead",
        "Chief Operating Officer",
    ];
    let efforts = ["quick", "medium", "foundational"];
    let bands = |indent: &str| {
        format!(
            "{indent}bands:\n{indent}  - {{ from: 0, label: Initial, meaning: Little is in place. }}\n\
             {indent}  - from: 40\n{indent}    label: Defined\n{indent}    next: |\n\
             {indent}      - Start with the basics.\n{indent}      - Name an owner.\n\
             {indent}  - {{ from: 75, label: Optimised, next: Keep it so. }}\n"
        )
    };
    let mut y = String::from(
        "id: generated-model\nversion: \"2.0\"\ntitle: A generated model\nna_reason: optional\n\
         native_score: { name: Model level, min: 0, max: 3, decimals: 2 }\n\
         executive_roles: [Chief Operating Officer]\nscales:\n  - id: tiers\n    levels: \
         [{label: None}, {label: Partial}, {label: Managed}, {label: Optimised}]\n  - id: maturity\n    \
         levels: [{label: Absent}, {label: Ad hoc}, {label: Defined}, {label: Managed}, {label: Embedded}]\n\
         dimensions:\n",
    );
    for d in 0..DIMENSIONS {
        writeln!(y, "  - id: d{d:02}\n    name: Dimension {d} area").unwrap();
        if let Some(role) = roles.get(d % 6) {
            writeln!(y, "    role: {role}").unwrap();
        }
        y.push_str(&bands("    "));
        y.push_str("    groups:\n");
        for g in 0..3 {
            writeln!(
                y,
                "      - id: d{d:02}_g{g}\n        name: Practice {g} of area {d}"
            )
            .unwrap();
            if g == 0 {
                y.push_str(&bands("        "));
            }
        }
    }
    y.push_str("questions:\n");
    for i in 0..QUESTIONS {
        let (d, g) = (i % DIMENSIONS, (i / DIMENSIONS) % 3);
        let (scale, levels, target) = if i % 2 == 0 {
            ("tiers", "[l0, l1, l2, l3]", 2)
        } else {
            ("maturity", "[l0, l1, l2, l3, l4]", 3)
        };
        write!(
            y,
            "  - id: q{i:03}\n    dimension: d{d:02}\n    group: d{d:02}_g{g}\n    text: Question {i}?\n    \
             scale: {scale}\n    levels: {levels}\n    target: {target}\n    allow_na: {}\n",
            i % 9 == 0
        )
        .unwrap();
        if i % 40 == 3 {
            y.push_str("    gate: { min_level: 1 }\n");
        }
        let depends = if i > 0 && i % 5 == 0 {
            format!(", depends_on: [a{:03}]", i - 1)
        } else {
            String::new()
        };
        writeln!(
            y,
            "    actions:\n      - {{ id: a{i:03}, text: Act on {i}., effort: {}, weeks: {}, owner: {}{depends} }}",
            efforts[i % 3],
            1 + i % 8,
            owners[i % 4]
        )
        .unwrap();
    }
    std::fs::write(dir.join("model.yaml"), y).unwrap();
    let mut e = String::from(
        "name: Generated\nclient: Generated Ltd\nquestionnaire: model.yaml\nprocesses:\n",
    );
    for p in ["alpha", "beta", "gamma"] {
        writeln!(
            e,
            "  - {{ id: {p}, name: Process {p}, profile: {{ volume: high, definition: medium, \
             data_richness: medium, willingness: high, risk_tier: medium }} }}"
        )
        .unwrap();
    }
    e.push_str(
        "targets:\n  dimensions: { d01: 2 }\n  groups: { d02_g1: 1 }\n  questions: { q005: 1 }\n",
    );
    std::fs::write(dir.join("engagement.yaml"), e).unwrap();
    for (p, process) in ["alpha", "beta", "gamma"].iter().enumerate() {
        let folder = dir.join("responses").join(process);
        std::fs::create_dir_all(&folder).unwrap();
        for r in 0..2 {
            let mut a = format!(
                "questionnaire: generated-model\nversion: \"2.0\"\nrespondent: R{r}\nanswers:\n"
            );
            for i in 0..QUESTIONS {
                let top = if i % 2 == 0 { 4 } else { 5 };
                if i % 9 == 0 && (i + p) % 2 == 0 {
                    writeln!(a, "  q{i:03}: {{ not_applicable: '' }}").unwrap();
                } else if (i + r + p) % 11 != 0 {
                    writeln!(a, "  q{i:03}: {{ level: {} }}", (i * 7 + p * 3 + r) % top).unwrap();
                }
            }
            std::fs::write(folder.join(format!("r{r}.yaml")), a).unwrap();
        }
    }
}

#[test]
fn a_generated_model_of_200_questions_runs_through_every_command() {
    let dir = tempfile::tempdir().unwrap();
    generated_model(dir.path());
    let path = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let engagement = dir.path().to_str().unwrap();
    let output = omd()
        .args(["questionnaire", "validate", &path("model.yaml")])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for format in ["table", "markdown", "json", "html", "csv"] {
        for command in ["report", "plan"] {
            let output = omd()
                .args([command, engagement, "--format", format])
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(
                output.status.code(),
                Some(0),
                "{command} {format}: {stderr}"
            );
            assert!(!output.stdout.is_empty());
        }
        let output = omd()
            .args([
                "whatif",
                engagement,
                "--process",
                "beta",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0), "whatif {format}");
    }
    let report = json_report(engagement);
    assert_eq!(report["dimensions"].as_array().unwrap().len(), 12);
    for p in report["processes"].as_array().unwrap() {
        assert_eq!(p["questions"].as_array().unwrap().len(), 200);
        for (_, d) in p["dimensions"].as_object().unwrap() {
            assert_eq!(d["groups"].as_object().unwrap().len(), 3);
            if d["score"].is_number() {
                assert!(d["native"].is_number());
                assert!(d["band"]["label"].is_string());
            }
        }
        assert!(p["readiness_native"].is_number());
    }
    let profile = report["target_profile"].as_array().unwrap();
    assert_eq!(profile.len(), 3);
    let set: u64 = profile
        .iter()
        .map(|e| e["questions"].as_u64().unwrap())
        .sum();
    let from_engagement = report["processes"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["target_source"] == "engagement")
        .count() as u64;
    assert_eq!(set, from_engagement);
    // d01 holds every twelfth question from q001: 17 of them; group d02_g1 holds 6 (q014,
    // q050 ... q194); q005 is of d05, which has no target of its own.
    assert_eq!(from_engagement, 17 + 6 + 1);

    // On a terminal of 80 columns nothing runs past the edge, and nothing is cut: every
    // dimension's and practice's name is there in full (the heatmap turned on its side).
    #[cfg(unix)]
    for command in ["report", "plan --steps"] {
        let screen = common::on_terminal(80, &format!("{command} '{engagement}'"));
        let wide: Vec<&str> = screen.lines().filter(|l| l.chars().count() > 80).collect();
        assert!(wide.is_empty(), "{command}: {wide:#?}");
        if command == "report" {
            for d in 0..12 {
                assert!(
                    screen.contains(&format!("Dimension {d} area")),
                    "dimension {d}"
                );
                for g in 0..3 {
                    assert!(screen.contains(&format!("Practice {g} of area {d}")));
                }
            }
        }
    }
}

#[test]
fn questionnaire_show_lists_practices_bands_and_the_native_scale() {
    let shown = stdout_of(&[
        "questionnaire",
        "show",
        &format!("{FIXTURE}/practice-check.yaml"),
    ]);
    for expected in [
        "Native score: Practice level from 0 to 3 (2 decimals)\n",
        "Bands: from 0 Foundational; from 40 Developing; from 70 Established\n",
        "Practice [handoffs] Handoffs (weight 2)\n",
        "Practice [lineage] Lineage; bands: from 0 Untraced; from 50 Traced\n",
        "(target 2; group intake_rules; scale tiers; weight 3)",
    ] {
        assert!(shown.contains(expected), "{expected:?} not in\n{shown}");
    }
}
