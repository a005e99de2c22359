#![allow(clippy::unwrap_used)]
//! CSV: the report and the answers export, parsed back with the csv crate.

mod common;

use common::{copy_tree, example, stdout_of};

const EXAMPLE: &str = "examples/meridian-freight";

fn parse(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn report_csv_has_a_row_per_process_and_dimension() {
    let (header, rows) = parse(&stdout_of(&["report", EXAMPLE, "--format", "csv"]));
    assert_eq!(
        header,
        [
            "process_id",
            "process_name",
            "dimension_id",
            "dimension_name",
            "score",
            "coverage",
            "readiness",
            "verdict",
            "confidence",
            "respondents",
            "disagreements",
            "date",
            "seams_at_risk",
            "evidence",
            "stale",
            "undated",
            "group_id",
            "group_name",
            "band",
            "native_score",
            "readiness_native",
            "engagement_targets"
        ]
    );
    assert_eq!(rows.len(), 4 * 5);
    let first = &rows[0];
    assert_eq!(first[0], "invoice-processing");
    assert_eq!(first[2], "process");
    assert_eq!(first[4], "80.6");
    assert_eq!(first[6], "75.7");
    assert_eq!(first[7], "ready");
    assert_eq!(first[8], "high");
    assert_eq!(first[9], "3");
    assert_eq!(first[10], "process_baseline");
    assert_eq!(first[11], "");
    let verdicts: Vec<&str> = rows.iter().step_by(5).map(|r| r[7].as_str()).collect();
    assert_eq!(verdicts, ["ready", "conditional", "not_ready", "not_ready"]);
    // The process's seams at risk, on each of its rows, as the JSON report has them.
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["report", EXAMPLE, "--format", "json"])).unwrap();
    for (p, process) in json["processes"].as_array().unwrap().iter().enumerate() {
        let expected: Vec<String> = process["seams"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                format!(
                    "{}:{}",
                    s["id"].as_str().unwrap(),
                    s["status"].as_str().unwrap()
                )
            })
            .collect();
        for row in &rows[p * 5..p * 5 + 5] {
            assert_eq!(row[12], expected.join("; "), "{}", row[0]);
        }
    }
    assert_eq!(
        rows[10][12],
        "process_data:both_weak; decision_record:both_weak; outcome_oversight:both_weak; unowned_handoffs:both_weak"
    );
    assert_eq!(rows[0][12], "", "invoice processing has no seam at risk");
    // Evidence on 16 of the 47 questions answered; staleness is not judged without a date.
    assert_eq!(first[13], "0.34");
    assert_eq!((first[14].as_str(), first[15].as_str()), ("", ""));
    let dated = stdout_of(&["report", EXAMPLE, "--format", "csv", "--date", "2026-03-31"]);
    assert!(parse(&dated).1.iter().all(|r| r[11] == "2026-03-31"));
    // Six months after 20 March, every answer given before it is stale; demand forecasting's
    // were given after it, or carry no date.
    let (_, rows) = parse(&stdout_of(&[
        "report",
        EXAMPLE,
        "--format",
        "csv",
        "--date",
        "2026-09-20",
    ]));
    let counts: Vec<(&str, &str, &str)> = rows
        .iter()
        .step_by(5)
        .map(|r| (r[0].as_str(), r[14].as_str(), r[15].as_str()))
        .collect();
    assert_eq!(
        counts,
        [
            ("invoice-processing", "130", "0"),
            ("customer-service-triage", "119", "0"),
            ("credit-approval", "124", "0"),
            ("demand-forecasting", "0", "46")
        ]
    );
}

#[test]
fn answers_export_has_a_row_per_process_respondent_and_question() {
    let (header, rows) = parse(&stdout_of(&["export", "answers", EXAMPLE]));
    assert_eq!(
        header,
        [
            "process_id",
            "process_name",
            "respondent_id",
            "respondent_name",
            "role",
            "dimension_id",
            "question_id",
            "question",
            "level",
            "level_label",
            "not_applicable",
            "note",
            "evidence",
            "date",
            "stale",
            "group_id",
            "target",
            "target_source"
        ]
    );
    let report: serde_json::Value =
        serde_json::from_str(&stdout_of(&["report", EXAMPLE, "--format", "json"])).unwrap();
    let questions = report["processes"][0]["questions"]
        .as_array()
        .unwrap()
        .len();
    assert!(questions > 30);
    assert_eq!(rows.len(), 4 * 3 * questions, "4 processes x 3 respondents");
    let aisha = rows
        .iter()
        .find(|r| r[2] == "aisha-begum" && r[6] == "low_confidence_routing")
        .unwrap();
    assert_eq!(aisha[8], "1");
    assert_eq!(aisha[9], "Ad hoc");
    assert!(aisha[11].contains("<script>alert(1)</script>"));
    assert_eq!(
        aisha[12],
        "Needs-triage view screenshot, 3 March; Ticket 48213"
    );
    assert_eq!((aisha[13].as_str(), aisha[14].as_str()), ("2026-03-10", ""));

    // With a date, each dated answer is judged: stale when given before the six-month window.
    let (_, rows) = parse(&stdout_of(&[
        "export",
        "answers",
        EXAMPLE,
        "--date",
        "2026-09-20",
    ]));
    let cell = |respondent: &str, question: &str| {
        let row = rows
            .iter()
            .find(|r| r[2] == respondent && r[6] == question)
            .unwrap();
        (row[13].clone(), row[14].clone())
    };
    assert_eq!(
        cell("aisha-begum", "low_confidence_routing"),
        ("2026-03-10".into(), "true".into())
    );
    // Sent with its evidence after the interview, within the window.
    assert_eq!(
        cell("priya-raman", "low_confidence_routing"),
        ("2026-04-14".into(), "false".into())
    );
    // Typed in from paper: undated, so not judged.
    assert_eq!(
        cell("tomasz-nowak", "data_sources"),
        (String::new(), String::new())
    );
}

#[test]
fn cells_a_spreadsheet_would_run_as_formulas_are_defused() {
    let dir = tempfile::tempdir().unwrap();
    let engagement = dir.path().join("e");
    copy_tree(&example(), &engagement);
    let file = engagement.join("responses/invoice-processing/sophie-chen.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text.replacen(
        "  current_process_map:\n    level: 4\n",
        "  current_process_map:\n    level: 2\n    note: \"=HYPERLINK(\\\"http://evil\\\", \\\"click\\\")\"\n    evidence: [\"@SUM(A1)\", \"-1+2\", \"plain, with a comma\"]\n",
        1,
    );
    std::fs::write(&file, text).unwrap();
    let (_, rows) = parse(&stdout_of(&[
        "export",
        "answers",
        engagement.to_str().unwrap(),
    ]));
    let row = rows
        .iter()
        .find(|r| r[2] == "sophie-chen" && r[6] == "current_process_map")
        .unwrap();
    assert_eq!(row[11], "'=HYPERLINK(\"http://evil\", \"click\")");
    assert_eq!(row[12], "'@SUM(A1); -1+2; plain, with a comma");
}

#[test]
fn plan_csv_has_a_row_per_step_then_per_go_live() {
    let (header, rows) = parse(&stdout_of(&["plan", EXAMPLE, "--format", "csv"]));
    assert_eq!(header[0], "kind");
    assert_eq!(header.len(), 19);
    assert_eq!(header[15], "date");
    assert_eq!(header[16..], ["title", "start_date", "end_date"]);
    let json: serde_json::Value =
        serde_json::from_str(&stdout_of(&["report", EXAMPLE, "--format", "json"])).unwrap();
    let steps = common::plan_steps(&json).len();
    assert_eq!(rows.iter().filter(|r| r[0] == "step").count(), steps);
    let go_live: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| r[0] == "go_live")
        .map(|r| (r[3].as_str(), r[10].as_str(), r[13].as_str()))
        .collect();
    // Tooling waits for slow data remediation and a go-live for every process-role step
    // (system-of-record integration included), so the later go-lives fall beyond the horizon.
    assert_eq!(
        go_live,
        [
            ("invoice-processing", "1", "true"),
            ("customer-service-triage", "29", "false"),
            ("credit-approval", "39", "false"),
            ("demand-forecasting", "41", "false")
        ]
    );
    // The example's plan starts on Monday 1 June 2026: week w runs from day 7(w-1) to 7w-1.
    let start: jiff::civil::Date = "2026-06-01".parse().unwrap();
    let day = |days: u32| (start + jiff::Span::new().days(i64::from(days))).to_string();
    for row in rows.iter().filter(|r| r[0] == "step") {
        let (first, last): (u32, u32) = (row[10].parse().unwrap(), row[11].parse().unwrap());
        assert_eq!(row[17], day(7 * (first - 1)), "{row:?}");
        assert_eq!(row[18], day(7 * last - 1), "{row:?}");
        assert!(
            !row[16].is_empty() && !row[16].contains('_'),
            "a title: {row:?}"
        );
    }
    let triage = rows
        .iter()
        .find(|r| r[0] == "go_live" && r[3] == "customer-service-triage")
        .unwrap();
    assert_eq!(
        triage[17], "2026-12-14",
        "week 29 begins 28 weeks after 1 June"
    );
}
