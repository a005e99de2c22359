#![allow(clippy::unwrap_used)]
//! Evidence and freshness in every report format: confidence counts the answers that carry
//! evidence, and a report dated with `--date` flags the answers given before the freshness
//! window as stale, and counts those without a date. Driven through the real binary on a small
//! engagement written here; JSON parsed with serde_json, HTML with scraper.

mod common;

use std::path::{Path, PathBuf};

use common::{omd, process, root};
use scraper::{Html, Selector};
use serde_json::Value;

/// Ann's answers to the invoices process, dated around the window's first day for a report
/// dated 2026-09-30 with the default six months: 2026-03-30.
const ANN: &str = "\
questionnaire: small
version: 1.0.0
respondent: Ann Lee
answers:
  exception_routing:
    level: 3
    date: 2026-03-30   # the window's first day: fresh
    evidence: [Routing SOP v3]
  process_mapped:
    level: 2
    date: 2026-03-29   # a day before it: stale
  data_source:
    level: 3           # undated
  data_owner:
    level: 2
    date: 2026-09-01
    evidence: [Data owner register]
  data_timeliness:
    level: 2
    date: 2026-01-01
";

const BOB: &str = "\
questionnaire: small
version: 1.0.0
respondent: Bob Stone
answers:
  exception_routing: {level: 3, date: 2026-09-01}
  process_mapped: {level: 2, date: 2026-09-01}
  data_source: {level: 3, date: 2026-09-01}
  data_owner: {level: 3, date: 2026-09-01}
  data_timeliness: {level: 2, date: 2026-09-01}
";

/// One respondent, every answer a year old.
const CAL: &str = "\
questionnaire: small
version: 1.0.0
respondent: Cal Reyes
answers:
  exception_routing: {level: 2, date: 2025-09-01}
  process_mapped: {level: 2, date: 2025-09-01}
  data_source: {level: 2, date: 2025-09-01}
  data_owner: {level: 2, date: 2025-09-01}
  data_timeliness: {level: 2, date: 2025-09-01}
";

/// The small fixture engagement with the answers above, in a temporary folder.
fn engagement() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fixture = root().join("tests/fixtures/small-engagement");
    for file in ["engagement.yaml", "small-questionnaire.yaml"] {
        std::fs::copy(fixture.join(file), dir.path().join(file)).unwrap();
    }
    for (process, respondent, text) in [
        ("invoices", "ann-lee", ANN),
        ("invoices", "bob-stone", BOB),
        ("claims", "cal-reyes", CAL),
    ] {
        let folder = dir.path().join("responses").join(process);
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join(format!("{respondent}.yaml")), text).unwrap();
    }
    let path = dir.path().to_path_buf();
    (dir, path)
}

fn report(dir: &Path, extra: &[&str]) -> String {
    let output = omd().arg("report").arg(dir).args(extra).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["--format", "json"];
    args.extend(extra);
    serde_json::from_str(&report(dir, &args)).unwrap()
}

/// The answer of `respondent` to `question` in a process of the JSON report.
fn answer<'a>(process: &'a Value, question: &str, respondent: &str) -> &'a Value {
    let question = process["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == question)
        .unwrap();
    question["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["respondent"] == respondent)
        .unwrap()
}

const AS_OF: [&str; 2] = ["--date", "2026-09-30"];

#[test]
fn without_a_date_nothing_is_judged_and_no_format_mentions_staleness() {
    let (_dir, dir) = engagement();
    let report = json(&dir, &[]);
    for p in report["processes"].as_array().unwrap() {
        assert!(p.get("freshness").is_none(), "{}", p["id"]);
        assert!(p["confidence_notes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| !n.as_str().unwrap().contains("stale")));
    }
    let invoices = process(&report, "invoices");
    // The answers keep their dates as data; only their freshness is not judged.
    let routing = answer(invoices, "exception_routing", "ann-lee");
    assert_eq!(routing["date"], "2026-03-30");
    assert!(routing.get("stale").is_none());
    assert!(answer(invoices, "data_source", "ann-lee")
        .get("date")
        .is_none());
    for format in ["table", "markdown"] {
        let text = report_text(&dir, format, &[]);
        assert!(!text.to_lowercase().contains("stale"), "{format}:\n{text}");
    }
    // The CSV's stale and undated columns are there, and empty.
    let csv = report_text(&dir, "csv", &[]);
    assert!(csv.lines().skip(1).all(|row| row.ends_with(",,")), "{csv}");
    let html = Html::parse_document(&report_text(&dir, "html", &[]));
    let body = html
        .select(&Selector::parse("body").unwrap())
        .flat_map(|b| b.text())
        .collect::<String>();
    assert!(!body.to_lowercase().contains("stale"), "{body}");
    assert!(!body.contains('†'));
}

fn report_text(dir: &Path, format: &str, extra: &[&str]) -> String {
    let mut args = vec!["--format", format];
    args.extend(extra);
    report(dir, &args)
}

#[test]
fn a_dated_report_counts_stale_and_undated_answers_from_the_window_edge() {
    let (_dir, dir) = engagement();
    let report = json(&dir, &AS_OF);
    let invoices = process(&report, "invoices");
    let f = &invoices["freshness"];
    assert_eq!(f["as_of"], "2026-09-30");
    assert_eq!(f["window_months"], 6);
    assert_eq!(f["stale_before"], "2026-03-30");
    assert_eq!(
        (f["answers"].as_u64(), f["stale"].as_u64()),
        (Some(10), Some(2))
    );
    assert_eq!(f["undated"], 1);
    assert_eq!(f["lowered_confidence"], false);
    let stale: Vec<(&str, &str, &str)> = f["stale_questions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|q| {
            q["answers"].as_array().unwrap().iter().map(move |a| {
                (
                    q["question"].as_str().unwrap(),
                    a["respondent_name"].as_str().unwrap(),
                    a["date"].as_str().unwrap(),
                )
            })
        })
        .collect();
    assert_eq!(
        stale,
        [
            ("process_mapped", "Ann Lee", "2026-03-29"),
            ("data_timeliness", "Ann Lee", "2026-01-01")
        ]
    );
    // Each answer says whether it is stale: the window's first day is not, the day before it
    // is, and an undated answer is not judged.
    assert_eq!(
        answer(invoices, "exception_routing", "ann-lee")["stale"],
        false
    );
    assert_eq!(answer(invoices, "process_mapped", "ann-lee")["stale"], true);
    assert!(answer(invoices, "data_source", "ann-lee")
        .get("stale")
        .is_none());
    // Two of ten stale does not lower confidence.
    assert_eq!(invoices["confidence"], "high");
    assert_eq!(invoices["confidence_notes"], serde_json::json!([]));

    // Every answer of claims is stale: its confidence (one respondent: medium) is one lower.
    let claims = process(&report, "claims");
    assert_eq!(claims["freshness"]["stale"], 5);
    assert_eq!(claims["freshness"]["lowered_confidence"], true);
    assert_eq!(claims["confidence"], "low");
    assert!(claims["confidence_notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n
            == "all 5 answers are stale, given before 2026-03-30: more than half, so confidence is one step lower"));
    assert_eq!(process(&json(&dir, &[]), "claims")["confidence"], "medium");
}

#[test]
fn every_text_format_flags_the_stale_answers() {
    let (_dir, dir) = engagement();
    let table = report_text(&dir, "table", &AS_OF);
    assert!(
        table.contains(
            "  2 of 10 answers are stale: given before 2026-03-30, more than 6 months before the \
             report's 2026-09-30; 1 undated\n  stale questions: process_mapped, data_timeliness\n"
        ),
        "{table}"
    );
    assert!(
        table.contains(
            "  confidence low: 1 respondent; high confidence needs 2 or more; evidence on 0 of 5 \
             questions answered with a level (0%); high confidence needs a third; all 5 answers \
             are stale, given before 2026-03-30: more than half, so confidence is one step lower\n  \
             all 5 answers are stale: given before 2026-03-30"
        ),
        "{table}"
    );
    let markdown = report_text(&dir, "markdown", &AS_OF);
    assert!(
        markdown.contains("**Freshness**: 2 of 10 answers are stale: given before 2026-03-30"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- **process\\_mapped** `process_mapped` — Ann Lee 2026-03-29\n"),
        "{markdown}"
    );
    // The heatmap's confidence says how many answers are stale.
    assert!(
        markdown.contains("| high (2 resp., 2 stale) | 40% |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| low (1 resp., 5 stale) | 0% |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("· confidence low (5 stale answers) · evidence 0% ·"),
        "{markdown}"
    );

    let html = Html::parse_document(&report_text(&dir, "html", &AS_OF));
    let select = |css: &str| {
        html.select(&Selector::parse(css).unwrap())
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let block = html
        .select(&Selector::parse("#process-invoices div.freshness").unwrap())
        .next()
        .expect("a freshness block in the invoices findings");
    assert_eq!(block.value().attr("data-stale"), Some("2"));
    assert_eq!(block.value().attr("data-undated"), Some("1"));
    let items = select("#process-invoices ul.stale li");
    assert_eq!(
        items,
        [
            "process_mapped process_mapped: Ann Lee 2026-03-29",
            "data_timeliness data_timeliness: Ann Lee 2026-01-01"
        ]
    );
    // The answers appendix marks a stale answer, and says what the mark means.
    let row = select("section#answers tr[data-question=process_mapped] td");
    assert!(row.iter().any(|c| c == "2†"), "{row:?}");
    assert!(select("section#answers p.stale-legend")[0].contains("2026-03-30"));
    let heading = select("table.heatmap thead th");
    assert_eq!(heading.last().map(String::as_str), Some("Evidence"));
}

#[test]
fn confidence_needs_evidence_on_a_third_of_the_answered_questions() {
    let (_dir, dir) = engagement();
    let invoices = |report: &Value| process(report, "invoices").clone();
    let with = invoices(&json(&dir, &[]));
    assert_eq!(with["confidence"], "high");
    assert_eq!(
        with["evidence"],
        serde_json::json!({"answered": 5, "with_evidence": 2, "share": 0.4})
    );
    assert_eq!(with["confidence_notes"], serde_json::json!([]));

    // Without the data owner register, one question of five has evidence: not enough.
    let ann = dir.join("responses/invoices/ann-lee.yaml");
    let text = std::fs::read_to_string(&ann).unwrap();
    std::fs::write(
        &ann,
        text.replace("    evidence: [Data owner register]\n", ""),
    )
    .unwrap();
    let report = json(&dir, &[]);
    let without = invoices(&report);
    assert_eq!(without["confidence"], "medium");
    assert_eq!(without["evidence"]["with_evidence"], 1);
    assert_eq!(
        without["confidence_notes"],
        serde_json::json!([
            "evidence on 1 of 5 questions answered with a level (20%); high confidence needs a third"
        ])
    );
    assert!(
        (report["thresholds"]["evidence_for_high_confidence"]
            .as_f64()
            .unwrap()
            - 0.333)
            .abs()
            < 1e-9
    );
    let table = report_text(&dir, "table", &[]);
    assert!(
        table.contains(
            "  confidence medium: evidence on 1 of 5 questions answered with a level (20%); high \
             confidence needs a third\n"
        ),
        "{table}"
    );
    let csv = report_text(&dir, "csv", &[]);
    assert!(
        csv.lines().nth(1).unwrap().ends_with(",0.2,,,,,,,,"),
        "{csv}"
    );
}

#[test]
fn the_engagement_window_overrides_the_questionnaires_and_both_are_checked() {
    let (_dir, dir) = engagement();
    let stale = |dir: &Path| process(&json(dir, &AS_OF), "invoices")["freshness"]["stale"].clone();
    // The questionnaire's three months: everything before 30 June is stale, Bob's September
    // answers are not.
    let questionnaire = dir.join("small-questionnaire.yaml");
    let text = std::fs::read_to_string(&questionnaire).unwrap();
    std::fs::write(
        &questionnaire,
        text.replace(
            "title: Small test questionnaire\n",
            "title: Small test questionnaire\nfreshness_months: 3\n",
        ),
    )
    .unwrap();
    assert_eq!(stale(&dir), 3);
    // The engagement's twelve months win: nothing is stale.
    let file = dir.join("engagement.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}freshness_months: 12\n")).unwrap();
    assert_eq!(stale(&dir), 0);
    let table = report_text(&dir, "table", &AS_OF);
    assert!(
        table.contains("  no stale answer: none of the 10 was given before 2025-09-30, 12 months before the report's 2026-09-30; 1 undated\n"),
        "{table}"
    );

    std::fs::write(&file, format!("{text}freshness_months: 0\n")).unwrap();
    let output = omd().arg("report").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("engagement.yaml:21:1: error: freshness_months is 0; give the months an answer stays fresh, 1 to 120"),
        "{stderr}"
    );
}

#[test]
fn a_bad_answer_date_stops_every_command_with_its_file_and_line() {
    let (_dir, dir) = engagement();
    let ann = dir.join("responses/invoices/ann-lee.yaml");
    let text = std::fs::read_to_string(&ann).unwrap();
    std::fs::write(&ann, text.replace("date: 2026-09-01", "date: 2026-09-31")).unwrap();
    for command in ["report", "plan"] {
        let output = omd().arg(command).arg(&dir).output().unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(
                "ann-lee.yaml:16:11: error: date of `data_owner` `2026-09-31`: month 9 of 2026 has no day 31"
            ),
            "{stderr}"
        );
    }
    let output = omd()
        .args(["export", "answers"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn anonymised_stale_answers_name_no_respondent() {
    let (_dir, dir) = engagement();
    let mut args = AS_OF.to_vec();
    args.push("--anonymise");
    for format in ["json", "markdown", "html", "table"] {
        let text = report_text(&dir, format, &args);
        let listed = if format == "table" {
            "process_mapped"
        } else {
            "2026-03-29"
        };
        assert!(
            text.contains(listed),
            "{format}: the stale answer is listed"
        );
        for name in ["Ann", "ann-lee", "Bob", "Cal"] {
            assert!(!text.contains(name), "{format}: {name} in\n{text}");
        }
    }
}

#[test]
fn answers_dated_after_the_report_date_are_warned_about_without_names() {
    let (_dir, path) = engagement();
    // Ann's answer to data_owner and all five of Bob's are of 2026-09-01: a report dated before
    // them warns, naming no one.
    for anonymise in [false, true] {
        let mut command = omd();
        command
            .arg("report")
            .arg(&path)
            .args(["--format", "json", "--date", "2026-06-30"]);
        if anonymise {
            command.arg("--anonymise");
        }
        let output = command.output().unwrap();
        assert!(output.status.success());
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains(
                "6 answers in 2 answers files are dated after the report's date 2026-06-30 \
                 (--date) and count as fresh"
            ),
            "{stderr}"
        );
        for name in ["Ann", "ann-lee", "Bob", "bob-stone"] {
            assert!(!stderr.contains(name), "{name}: {stderr}");
        }
    }
    // The plan and the what-if are dated the same way, and say the same.
    for command in [vec!["plan"], vec!["whatif", "--process", "invoices"]] {
        let output = omd()
            .args(&command[..1])
            .arg(&path)
            .args(&command[1..])
            .args(["--format", "json", "--date", "2026-06-30"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{command:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(
            stderr.contains("6 answers in 2 answers files are dated after"),
            "{command:?}: {stderr}"
        );
    }
    // Dated after every answer: nothing to say.
    let output = omd()
        .arg("report")
        .arg(&path)
        .args(["--format", "json", "--date", "2026-09-30"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("dated after"), "{stderr}");
}
