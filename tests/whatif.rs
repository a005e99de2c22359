#![allow(clippy::unwrap_used)]
//! `omd whatif`: the smallest change to each verdict on a questionnaire small enough to check by
//! hand (tests/fixtures/whatif-engagement), a case a greedy search gets wrong, the shipped
//! example with its answer applied and read back, `--set`, refusals, that nothing is written,
//! and the HTML page and CSV rows read back against the JSON of the same run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{copy_tree, example, omd, set_level, stdout_of};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/whatif-engagement";
const EXAMPLE: &str = "examples/meridian-freight";

fn json(args: &[&str]) -> Value {
    let mut all = vec!["whatif"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    serde_json::from_str(&stdout_of(&all)).unwrap()
}

/// A target's changes as (question, from, to).
fn changes(target: &Value) -> Vec<(String, f64, u64)> {
    target["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["question"].as_str().unwrap().to_string(),
                c["from"].as_f64().unwrap(),
                c["to"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn target<'a>(whatif: &'a Value, goal: &str) -> &'a Value {
    common::entry(whatif, "targets", "goal", goal)
}

fn owned(list: &[(&str, f64, u64)]) -> Vec<(String, f64, u64)> {
    list.iter()
        .map(|(q, f, t)| (q.to_string(), *f, *t))
        .collect()
}

// The fixture's figures (its questionnaire's header has the formulas). The scorer rounds each
// dimension to one decimal, then readiness; so do these calculations.
//
// Parcel returns answers triage_rules 1, handoff_log 1, source_register 1, reconciliation 1,
// audit_notes 2: intake (3*25 + 25)/4 = 25, ledger (2*25 + 2*10 + 50)/5 = 24, readiness 24.5,
// not ready: the gate triage_rules (minimum 2) fails.
//
// To conditional (readiness 50, gate passed): triage_rules must take at least one step
// (+9.375), so one step is not enough; two are not (the best second step, triage_rules again,
// gives 24.5 + 18.75 = 43.25). With three steps, two answers reach 50:
//   triage_rules 1 -> 4: intake (300 + 25)/4 = 81.25 -> 81.3; readiness (81.3 + 24)/2 = 52.65
//     -> 52.7;
//   triage_rules 1 -> 2 and reconciliation 1 -> 3: intake 43.75 -> 43.8, ledger
//     (50 + 200 + 50)/5 = 60; readiness 51.9.
// Ties close the failing gate first and take no question past its target (3 for all five)
// when a change of the same size can avoid it: triage_rules 1 -> 4 would, so the answer is
// triage_rules 1 -> 2 and reconciliation 1 -> 3, readiness 51.9.
//
// To ready (readiness 75, both dimensions 50, gate passed): the most any five steps give is
// triage_rules to 4 and reconciliation to 3 (28.125 + 18 = 46.125, readiness 70.6), short of
// 75; six steps reach it only with one more step on source_register (+5):
//   intake 81.3, ledger (2*50 + 2*100 + 50)/5 = 70, readiness 75.65 -> 75.7.
// (The sixth step elsewhere gives at most +3.125, readiness 73.8.)
#[test]
fn the_smallest_change_is_the_one_worked_out_by_hand() {
    let w = json(&[FIXTURE, "--process", "parcel-returns"]);
    assert_eq!(w["current"]["verdict"], "not_ready");
    assert_eq!(w["current"]["readiness"], 24.5);

    let conditional = target(&w, "conditional");
    assert_eq!(conditional["status"], "found");
    assert_eq!(conditional["steps"], 3.0);
    assert_eq!(
        changes(conditional),
        owned(&[("triage_rules", 1.0, 2), ("reconciliation", 1.0, 3)])
    );
    assert_eq!(conditional["changes"][0]["gate_min_level"], 2);
    assert_eq!(conditional["outcome"]["verdict"], "conditional");
    assert_eq!(conditional["outcome"]["readiness"], 51.9);

    let ready = target(&w, "ready");
    assert_eq!(ready["status"], "found");
    assert_eq!(ready["steps"], 6.0);
    assert_eq!(
        changes(ready),
        owned(&[
            ("triage_rules", 1.0, 4),
            ("source_register", 1.0, 2),
            ("reconciliation", 1.0, 3),
        ])
    );
    assert_eq!(ready["outcome"]["verdict"], "ready");
    assert_eq!(ready["outcome"]["readiness"], 75.7);
    // The engagement starts on 4 Jan 2027: a go-live has a week and its date.
    let go_live = &ready["outcome"]["go_live"];
    assert!(go_live["week"].as_u64().unwrap() >= 1);
    assert!(go_live["date"].as_str().unwrap().starts_with("2027-"));
}

// Freight claims answers triage_rules 3, handoff_log 0, source_register 1, reconciliation 1,
// audit_notes 0: intake (225 + 0)/4 = 56.25 -> 56.3, ledger (50 + 20 + 0)/5 = 14, readiness
// 35.15 -> 35.2, not ready (below 50); the gate passes.
//
// A greedy search takes the single step that gains most: triage_rules 3 -> 4 (+9.375; intake 75,
// readiness 44.5), then source_register 1 -> 2 (+5; ledger 24, readiness 49.5), still short,
// and needs a third step. Two steps suffice: reconciliation 1 -> 3, whose first step is worth
// only 2 but whose second is worth 16: ledger (50 + 200 + 0)/5 = 50, readiness (56.3 + 50)/2 =
// 53.15 -> 53.2. No other pair reaches 50 (triage_rules and source_register, the best other
// pair, give 49.5).
//
// To ready: five steps give at most 72.5 (triage_rules to 4, source_register to 3,
// reconciliation to 3: intake 75, ledger 70). Six steps reach 75 three ways:
//   triage_rules 4, source_register 4, reconciliation 3: intake 75, ledger 80, readiness 77.5;
//   triage_rules 4, handoff_log 1, source_register 3, reconciliation 3: intake 81.25 -> 81.3,
//     ledger 70, readiness 75.65 -> 75.7;
//   triage_rules 4, source_register 3, reconciliation 3, audit_notes 1: intake 75, ledger 75,
//     readiness 75.
// Ties: the gate first (one step in each), then the quickest actions: handoff_log's (quick, 1
// week) before source_register's (quick, 2 weeks), audit_notes' (medium) and reconciliation's
// (foundational). handoff_log can take one step: the second answer.
#[test]
fn the_smallest_change_is_not_the_greedy_one() {
    let w = json(&[FIXTURE, "--process", "freight-claims"]);
    assert_eq!(w["current"]["readiness"], 35.2);
    let conditional = target(&w, "conditional");
    assert_eq!(conditional["steps"], 2.0);
    assert_eq!(changes(conditional), owned(&[("reconciliation", 1.0, 3)]));
    assert_eq!(conditional["outcome"]["verdict"], "conditional");
    assert_eq!(conditional["outcome"]["readiness"], 53.2);

    // The greedy path's first two steps leave the process not ready.
    let greedy = json(&[
        FIXTURE,
        "--process",
        "freight-claims",
        "--set",
        "triage_rules=4",
        "--set",
        "source_register=2",
    ]);
    assert_eq!(greedy["scenario"]["outcome"]["verdict"], "not_ready");
    assert_eq!(greedy["scenario"]["outcome"]["readiness"], 49.5);

    let ready = target(&w, "ready");
    assert_eq!(ready["steps"], 6.0);
    assert_eq!(
        changes(ready),
        owned(&[
            ("triage_rules", 3.0, 4),
            ("handoff_log", 0.0, 1),
            ("source_register", 1.0, 3),
            ("reconciliation", 1.0, 3),
        ])
    );
    assert_eq!(ready["outcome"]["readiness"], 75.7);
}

// Fuel cards leaves the gate unanswered and answers the rest at 2: intake (handoff_log alone)
// 50, ledger (100 + 40 + 50)/5 = 38, readiness 44. One step reaches conditional two ways:
// handoff_log 2 -> 3 (intake 75, readiness 56.5) or reconciliation 2 -> 3 (ledger 70, readiness
// 60); handoff_log's action is the quicker. Ready needs the gate answered first.
#[test]
fn quick_actions_break_ties_and_an_unanswered_gate_puts_ready_out_of_reach() {
    let w = json(&[FIXTURE, "--process", "fuel-cards"]);
    let conditional = target(&w, "conditional");
    assert_eq!(changes(conditional), owned(&[("handoff_log", 2.0, 3)]));
    assert_eq!(conditional["outcome"]["readiness"], 56.5);
    let ready = target(&w, "ready");
    assert_eq!(ready["status"], "impossible");
    assert!(ready["changes"].as_array().unwrap().is_empty());
    let reasons = ready["impossible"].to_string();
    assert!(reasons.contains("`triage_rules`"), "{reasons}");
    assert!(reasons.contains("not answered"), "{reasons}");
}

#[test]
fn too_little_answered_is_out_of_reach_with_what_to_answer() {
    let w = json(&[FIXTURE, "--process", "customs-entries"]);
    assert_eq!(w["current"]["verdict"], "not_assessed");
    assert_eq!(w["current"]["go_live"], Value::Null);
    for goal in ["conditional", "ready"] {
        let t = target(&w, goal);
        assert_eq!(t["status"], "impossible", "{goal}");
        assert!(
            t["impossible"][0]
                .as_str()
                .unwrap()
                .contains("answer 1 more"),
            "{t:#}"
        );
    }
    let text = stdout_of(&["whatif", FIXTURE, "--process", "customs-entries"]);
    assert!(
        text.contains("To make it ready: out of reach by raising answered levels"),
        "{text}"
    );
}

#[test]
fn a_ready_process_needs_nothing() {
    let w = json(&[EXAMPLE, "--process", "invoice-processing"]);
    for goal in ["conditional", "ready"] {
        assert_eq!(target(&w, goal)["status"], "already");
    }
    let text = stdout_of(&["whatif", EXAMPLE, "--process", "invoice-processing"]);
    assert!(
        text.contains("To make it ready: nothing to change, it is ready already."),
        "{text}"
    );
}

/// The `--set` arguments for a target's changes.
fn set_args(target: &Value) -> Vec<String> {
    target["changes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| {
            [
                "--set".to_string(),
                format!("{}={}", c["question"].as_str().unwrap(), c["to"]),
            ]
        })
        .collect()
}

fn whatif_set(dir: &str, process: &str, sets: &[String]) -> Value {
    let mut args = vec![dir, "--process", process];
    args.extend(sets.iter().map(String::as_str));
    json(&args)
}

#[test]
fn the_example_s_change_to_conditional_reads_back_conditional() {
    let process = "credit-approval";
    let w = json(&[EXAMPLE, "--process", process]);
    assert_eq!(w["current"]["verdict"], "not_ready");
    let conditional = target(&w, "conditional");
    assert_eq!(conditional["status"], "found");
    assert_eq!(conditional["outcome"]["verdict"], "conditional");
    let steps: f64 = conditional["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["steps"].as_f64().unwrap())
        .sum();
    assert_eq!(conditional["steps"].as_f64().unwrap(), steps);

    // Applied with --set, the change gives what the search said.
    let sets = set_args(conditional);
    let applied = whatif_set(EXAMPLE, process, &sets);
    assert_eq!(applied["scenario"]["outcome"], conditional["outcome"]);

    // And written into a copy of the answers, as every respondent giving the new level, `omd
    // report` reads the same verdict, readiness and go-live back.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("meridian");
    copy_tree(&example(), &copy);
    for c in conditional["changes"].as_array().unwrap() {
        let (answering, _) = set_level(
            &copy,
            process,
            c["question"].as_str().unwrap(),
            c["to"].as_u64().unwrap() as u32,
        );
        assert!(answering > 0);
    }
    let report: Value = serde_json::from_str(&stdout_of(&[
        "report",
        copy.to_str().unwrap(),
        "--format",
        "json",
    ]))
    .unwrap();
    let view = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == process)
        .unwrap();
    assert_eq!(view["verdict"], "conditional");
    assert_eq!(view["readiness"], conditional["outcome"]["readiness"]);
    let go_live = report["plan"]["go_live"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["process"] == process)
        .unwrap();
    assert_eq!(go_live["week"], conditional["outcome"]["go_live"]["week"]);

    // Minimal at least locally: one step (or half step) less on any question is not enough.
    for (n, c) in conditional["changes"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        let (from, to) = (c["from"].as_f64().unwrap(), c["to"].as_u64().unwrap());
        let mut fewer = sets.clone();
        if (to as f64 - 1.0) > from {
            fewer[2 * n + 1] = format!("{}={}", c["question"].as_str().unwrap(), to - 1);
        } else {
            fewer.drain(2 * n..2 * n + 2);
        }
        let less = whatif_set(EXAMPLE, process, &fewer);
        assert_eq!(
            less["scenario"]["outcome"]["verdict"], "not_ready",
            "{fewer:?} is enough: the change was not minimal"
        );
    }
}

#[test]
fn set_answers_what_if_we_fixed_these_by_number_or_label() {
    let w = json(&[
        FIXTURE,
        "--process",
        "freight-claims",
        "--set",
        "reconciliation=proven",
    ]);
    assert!(w.get("targets").is_none(), "{w:#}");
    let scenario = &w["scenario"];
    let change = &scenario["changes"][0];
    assert_eq!(change["question"], "reconciliation");
    assert_eq!(change["title"], "Reconciliation");
    assert_eq!(change["was"], "answered");
    assert_eq!(change["from"], 1.0);
    assert_eq!(change["from_label"], "Piloted");
    assert_eq!(change["to"], 3);
    assert_eq!(change["to_label"], "Proven");
    assert_eq!(change["steps"], 2.0);
    assert_eq!(w["current"]["verdict"], "not_ready");
    assert_eq!(scenario["outcome"]["verdict"], "conditional");
    assert_eq!(scenario["outcome"]["readiness"], 53.2);
    assert!(scenario["outcome"]["reasons"][0]
        .as_str()
        .unwrap()
        .contains("below 75"));
    let by_number = json(&[
        FIXTURE,
        "--process",
        "freight-claims",
        "--set",
        "reconciliation=3",
    ]);
    assert_eq!(by_number, w);

    // A lowered answer, and an unanswered question answered.
    let w = json(&[
        FIXTURE,
        "--process",
        "fuel-cards",
        "--set",
        "triage_rules=2",
        "--set",
        "handoff_log=0",
    ]);
    let changes = w["scenario"]["changes"].as_array().unwrap();
    assert_eq!(changes[0]["was"], "unanswered");
    assert_eq!(changes[0]["from"], Value::Null);
    assert_eq!(changes[0]["steps"], Value::Null);
    assert_eq!(changes[1]["steps"], -2.0);
}

#[test]
fn set_compares_with_now_in_every_format() {
    let args = [
        "whatif",
        EXAMPLE,
        "--process",
        "credit-approval",
        "--set",
        "human_review_checkpoints=3",
    ];
    let text = stdout_of(&args);
    assert!(text.contains("Verdict    not ready → not ready"), "{text}");
    assert!(
        text.contains("Human review checkpoints (gate, needs 2)  1 (Ad hoc) → 3 (Managed) (+2)"),
        "{text}"
    );
    assert!(text.contains("Go-live    week 39 (22 Feb 2027)"), "{text}");
    let mut markdown_args = args.to_vec();
    markdown_args.extend(["--format", "markdown"]);
    let markdown = stdout_of(&markdown_args);
    assert!(
        markdown.starts_with("# What if: Trade credit approval for new customers\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| Human review checkpoints | `human_review_checkpoints` | needs 2 | 1 (Ad hoc) | 3 (Managed) | +2 |"),
        "{markdown}"
    );
}

#[test]
fn output_is_deterministic_and_pinned() {
    let run = |format: &str| {
        stdout_of(&[
            "whatif",
            FIXTURE,
            "--process",
            "freight-claims",
            "--format",
            format,
        ])
    };
    for format in ["table", "markdown", "json"] {
        assert_eq!(run(format), run(format), "{format}");
    }
    insta::assert_snapshot!("whatif_table", run("table"));
    insta::assert_snapshot!("whatif_markdown", run("markdown"));
}

#[test]
fn dates_follow_start_and_date() {
    let w = json(&[
        FIXTURE,
        "--process",
        "freight-claims",
        "--start",
        "2028-01-03",
        "--date",
        "2027-12-01",
    ]);
    assert_eq!(w["date"], "2027-12-01");
    assert_eq!(w["start"], "2028-01-03");
    let week = w["current"]["go_live"]["week"].as_u64().unwrap();
    let date = w["current"]["go_live"]["date"].as_str().unwrap();
    // Week 1 is 3 Jan 2028; a go-live is on the first day of its week.
    let expected = first_day_of_week(2028, 1, 3, week - 1);
    assert_eq!(date, expected);
}

/// `YYYY-MM-DD` of the day `weeks` weeks after a date in January 2028 (a leap year), within the
/// year.
fn first_day_of_week(year: u32, month: u32, day: u32, weeks: u64) -> String {
    let days_in = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut m, mut d) = (month as usize - 1, day as u64 + weeks * 7);
    while d > days_in[m] {
        d -= days_in[m];
        m += 1;
    }
    format!("{year}-{:02}-{d:02}", m + 1)
}

fn whatif_fails(args: &[&str]) -> String {
    let mut all = vec!["whatif"];
    all.extend_from_slice(args);
    let output = omd().args(&all).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "omd {all:?}");
    assert!(output.stdout.is_empty(), "omd {all:?} printed a result");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn bad_input_is_refused_with_exit_2_and_a_clear_message() {
    let process = ["--process", "freight-claims"];
    let with = |extra: &[&'static str]| {
        let mut args = vec![FIXTURE];
        args.extend_from_slice(&process);
        args.extend_from_slice(extra);
        whatif_fails(&args)
    };
    let unknown = with(&["--set", "reconciliaton=2"]);
    assert!(
        unknown.contains("has no question `reconciliaton` (did you mean `reconciliation`?)"),
        "{unknown}"
    );
    let out_of_scale = with(&["--set", "reconciliation=4"]);
    assert!(
        out_of_scale.contains("there is no level 4; `reconciliation` is answered on levels 0 to 3 (0 Not begun, 1 Piloted, 2 Partial, 3 Proven)"),
        "{out_of_scale}"
    );
    let label = with(&["--set", "reconciliation=provn"]);
    assert!(label.contains("did you mean `Proven`?"), "{label}");
    let negative = with(&["--set", "reconciliation=-1"]);
    assert!(
        negative.contains("neither a level number nor a label"),
        "{negative}"
    );
    let shape = with(&["--set", "reconciliation"]);
    assert!(shape.contains("give QUESTION=LEVEL"), "{shape}");
    let twice = with(&["--set", "reconciliation=1", "--set", "reconciliation=2"]);
    assert!(twice.contains("names `reconciliation` twice"), "{twice}");

    let no_process = whatif_fails(&[FIXTURE, "--process", "freight-claim"]);
    assert!(
        no_process.contains("no such process in this engagement (did you mean `freight-claims`?)"),
        "{no_process}"
    );
    let missing = whatif_fails(&[FIXTURE]);
    assert!(missing.contains("--process"), "{missing}");
    let format = with(&["--format", "pdf"]);
    assert!(
        format.contains("[possible values: table, markdown, json, html, csv]"),
        "{format}"
    );
    let date = with(&["--date", "2027-02-30"]);
    assert!(date.contains("no day 30"), "{date}");
    let no_folder = whatif_fails(&["no/such/folder", "--process", "x"]);
    assert!(no_folder.contains("no/such/folder"), "{no_folder}");
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn nothing_is_written_to_the_engagement() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("engagement");
    copy_tree(&common::root().join(FIXTURE), &copy);
    let before = contents(&copy);
    let folder = copy.to_str().unwrap();
    stdout_of(&["whatif", folder, "--process", "freight-claims"]);
    stdout_of(&[
        "whatif",
        folder,
        "--process",
        "fuel-cards",
        "--set",
        "triage_rules=4",
        "--set",
        "handoff_log=Optimised",
    ]);
    // --output goes where it is told, outside the engagement, and JSON by its extension.
    let saved = dir.path().join("whatif.json");
    stdout_of(&[
        "whatif",
        folder,
        "--process",
        "parcel-returns",
        "--output",
        saved.to_str().unwrap(),
    ]);
    let written: Value = serde_json::from_slice(&std::fs::read(&saved).unwrap()).unwrap();
    assert_eq!(written["process"]["id"], "parcel-returns");
    // Never onto an answers file.
    let answers = copy.join("responses/parcel-returns/ana.yaml");
    let refused = whatif_fails(&[
        folder,
        "--process",
        "parcel-returns",
        "--format",
        "json",
        "--output",
        answers.to_str().unwrap(),
    ]);
    assert!(refused.contains("own inputs"), "{refused}");
    assert_eq!(contents(&copy), before, "the engagement folder changed");
}

#[test]
fn names_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("engagement");
    copy_tree(&common::root().join(FIXTURE), &copy);
    let file = copy.join("engagement.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "name: Freight claims",
        "name: \"Freight \\x1b[2J claims | <b>\"",
    );
    std::fs::write(&file, text).unwrap();
    let folder = copy.to_str().unwrap();
    let table = stdout_of(&["whatif", folder, "--process", "freight-claims"]);
    assert!(!table.contains('\x1b'), "{table:?}");
    assert!(
        table.starts_with("What if: Freight \\x1b[2J claims | <b> (freight-claims)"),
        "{table}"
    );
    let markdown = stdout_of(&[
        "whatif",
        folder,
        "--process",
        "freight-claims",
        "-f",
        "markdown",
    ]);
    assert!(
        !markdown.contains('\x1b') && !markdown.contains("<b>"),
        "{markdown:?}"
    );
    let json = json(&[folder, "--process", "freight-claims"]);
    assert_eq!(json["process"]["name"], "Freight \x1b[2J claims | <b>");
}

// HTML and CSV: the same run as JSON and as the other format, compared figure by figure.

/// `omd whatif ARGS --format FORMAT`.
fn formatted(args: &[&str], format: &str) -> String {
    let mut all = vec!["whatif"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", format]);
    stdout_of(&all)
}

fn select<'a>(element: ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    element
        .select(&Selector::parse(selector).unwrap())
        .collect()
}

fn text_of(element: &ElementRef) -> String {
    element.text().collect::<String>()
}

/// The text of the one element `selector` finds in `element`.
fn one(element: ElementRef, selector: &str) -> String {
    let found = select(element, selector);
    assert_eq!(found.len(), 1, "{selector}: {}", element.html());
    text_of(&found[0])
}

/// "1 (Piloted)", "2.5", "not answered": a change's level before, as every format shows it.
fn level_text(level: &Value, label: &Value, was: &Value) -> String {
    match (level.as_f64(), label.as_str()) {
        (Some(l), Some(label)) => format!("{} ({label})", number(l)),
        (Some(l), None) => number(l),
        (None, _) if was == "not_applicable" => "not applicable".into(),
        (None, _) => "not answered".into(),
    }
}

/// 2.0 as "2", 2.5 as "2.5": levels and steps as omd prints them.
fn number(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// Checks a changes table row by row against a list of changes from the JSON.
fn assert_changes_table(table: ElementRef, changes: &Value) {
    let rows = select(table, "tbody > tr");
    let changes = changes.as_array().unwrap();
    assert_eq!(rows.len(), changes.len(), "{}", table.html());
    for (row, c) in rows.iter().zip(changes) {
        let attr = |name: &str| row.value().attr(name).unwrap().to_string();
        assert_eq!(attr("data-question"), c["question"].as_str().unwrap());
        assert_eq!(
            one(*row, "td.question code.id"),
            c["question"].as_str().unwrap()
        );
        assert_eq!(
            one(*row, "td.question .title"),
            c["title"].as_str().unwrap()
        );
        assert_eq!(attr("data-dimension"), c["dimension"].as_str().unwrap());
        assert_eq!(
            attr("data-from"),
            c["from"].as_f64().map_or(String::new(), number)
        );
        assert_eq!(attr("data-to"), c["to"].to_string());
        assert_eq!(
            attr("data-steps"),
            c["steps"].as_f64().map_or(String::new(), number)
        );
        assert_eq!(
            one(*row, "td.from"),
            level_text(&c["from"], &c["from_label"], &c["was"])
        );
        assert_eq!(
            one(*row, "td.to"),
            format!("→ {} ({})", c["to"], c["to_label"].as_str().unwrap())
        );
        let steps = one(*row, "td.steps");
        match c["steps"].as_f64() {
            Some(s) if s < 0.0 => assert_eq!(steps, number(s)),
            Some(s) => assert_eq!(steps, format!("+{}", number(s))),
            None => assert_eq!(steps, "—"),
        }
        let gate = one(*row, "td.gate");
        match c["gate_min_level"].as_u64() {
            Some(min) => assert_eq!(gate, format!("needs {min}")),
            None => assert_eq!(gate, ""),
        }
    }
}

/// Checks the verdict, readiness and go-live shown in `element` against an outcome.
fn assert_outcome(element: ElementRef, outcome: &Value) {
    let verdict = outcome["verdict"].as_str().unwrap();
    let badge = &select(element, ".verdict")[0];
    assert!(
        badge.value().classes().any(|c| c == verdict),
        "{verdict}: {}",
        element.html()
    );
    assert_eq!(text_of(badge), verdict.replace('_', " "));
    let readiness = format!("{:.1}", outcome["readiness"].as_f64().unwrap());
    assert!(text_of(&element).contains(&readiness), "{}", element.html());
    let go_live = &select(element, ".go-live")[0];
    match outcome["go_live"]["week"].as_u64() {
        Some(week) => {
            assert_eq!(go_live.value().attr("data-week"), Some(&*week.to_string()));
            assert_eq!(
                go_live.value().attr("data-date"),
                outcome["go_live"]["date"].as_str()
            );
            assert!(text_of(go_live).starts_with(&format!("week {week} (")));
        }
        None => assert_eq!(go_live.value().attr("data-week"), None),
    }
}

/// The items of a list of reasons, as text (ids quoted as `<code>` read back as plain text).
fn reasons_of(list: ElementRef) -> Vec<String> {
    select(list, "li").iter().map(text_of).collect()
}

/// The JSON's reasons with their backticks dropped, as the page shows them.
fn plain(reasons: &Value) -> Vec<String> {
    reasons
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().replace('`', ""))
        .collect()
}

#[test]
fn the_html_page_shows_what_the_json_says() {
    for process in [
        "freight-claims",
        "parcel-returns",
        "fuel-cards",
        "customs-entries",
    ] {
        let args = [FIXTURE, "--process", process];
        let w = json(&args);
        let page = Html::parse_document(&formatted(&args, "html"));
        let root = page.root_element();
        assert_eq!(
            one(root, "head > title"),
            format!("What if: {}", w["process"]["name"].as_str().unwrap())
        );
        let unit = one(root, "p.change-unit");
        assert!(
            unit.starts_with(w["change_unit"].as_str().unwrap()),
            "{unit}"
        );
        assert!(unit.ends_with("This process has 1 respondent."), "{unit}");

        // Now: its outcome in the overview and its own section, with the reasons.
        let now_row = select(root, r#"table.outcomes tr[data-goal="now"]"#);
        assert_outcome(now_row[0], &w["current"]);
        let now = select(root, "section#now")[0];
        assert_outcome(now, &w["current"]);
        assert_eq!(
            reasons_of(select(now, "ul.reasons")[0]),
            plain(&w["current"]["reasons"])
        );

        // Each target: a row of the overview and a section, as the JSON has it.
        for t in w["targets"].as_array().unwrap() {
            let goal = t["goal"].as_str().unwrap();
            let status = t["status"].as_str().unwrap();
            let row = select(root, &format!(r#"table.outcomes tr[data-goal="{goal}"]"#))[0];
            assert_eq!(row.value().attr("data-status"), Some(status));
            let section = select(root, &format!("section#to-{goal}"))[0];
            assert_eq!(
                section.value().attr("data-status"),
                Some(status),
                "{process}"
            );
            let tables = select(section, "table.changes");
            match status {
                "found" => {
                    assert_changes_table(tables[0], &t["changes"]);
                    assert_outcome(row, &t["outcome"]);
                    assert_outcome(select(section, "p.gives")[0], &t["outcome"]);
                    assert_eq!(
                        reasons_of(select(section, "ul.reasons")[0]),
                        plain(&t["outcome"]["reasons"])
                    );
                    let steps = number(t["steps"].as_f64().unwrap());
                    assert!(one(row, "td.change").starts_with(&format!("{steps} level step")));
                    let set: Vec<String> =
                        set_args(t).chunks(2).map(|pair| pair.join(" ")).collect();
                    assert_eq!(one(section, "p.set-args code"), set.join(" "));
                }
                "impossible" => {
                    assert!(tables.is_empty());
                    assert_eq!(
                        reasons_of(select(section, "ul.impossible")[0]),
                        plain(&t["impossible"])
                    );
                }
                other => panic!("{process}: the fixture has no target {other}"),
            }
        }
    }

    // A ready process needs nothing, for either verdict.
    let page = Html::parse_document(&formatted(
        &[EXAMPLE, "--process", "invoice-processing"],
        "html",
    ));
    for goal in ["conditional", "ready"] {
        let section = select(page.root_element(), &format!("section#to-{goal}"))[0];
        assert_eq!(section.value().attr("data-status"), Some("already"));
        assert_eq!(
            one(section, "p.already"),
            "Nothing to change: it is ready already."
        );
    }
}

#[test]
fn the_html_page_of_set_compares_with_now() {
    let args = [
        FIXTURE,
        "--process",
        "fuel-cards",
        "--set",
        "triage_rules=2",
        "--set",
        "handoff_log=0",
        "--set",
        "reconciliation=Proven",
    ];
    let w = json(&args);
    let page = Html::parse_document(&formatted(&args, "html"));
    let root = page.root_element();
    assert!(select(root, "section.target").is_empty());
    let scenario = select(root, "section#scenario")[0];
    assert_changes_table(
        select(scenario, "table.changes")[0],
        &w["scenario"]["changes"],
    );
    let outcome = &w["scenario"]["outcome"];
    assert_outcome(select(scenario, "p.gives")[0], outcome);
    assert_eq!(
        reasons_of(select(scenario, "ul.reasons")[0]),
        plain(&outcome["reasons"])
    );
    let row = select(root, r#"table.outcomes tr[data-goal="scenario"]"#)[0];
    assert_outcome(row, outcome);
    assert_eq!(one(row, "td.change"), "3 questions set");
    assert_eq!(
        one(root, "section#overview h2"),
        "Now and with these answers"
    );
}

#[test]
fn the_html_page_is_self_contained_in_the_report_s_style() {
    let page = Html::parse_document(&formatted(
        &[FIXTURE, "--process", "freight-claims"],
        "html",
    ));
    let root = page.root_element();
    assert!(select(root, "script, link, iframe, object, embed, img").is_empty());
    for element in select(root, "[src], [href]") {
        for attribute in ["src", "href"] {
            if let Some(url) = element.value().attr(attribute) {
                assert!(url.starts_with('#'), "external reference {attribute}={url}");
            }
        }
    }
    // Every anchor the page links to is on the page.
    for link in select(root, "a[href]") {
        let id = &link.value().attr("href").unwrap()[1..];
        assert_eq!(select(root, &format!("#{id}")).len(), 1, "#{id}");
    }
    // The report's whole style sheet, so the two pages look alike and print alike on A4.
    let style = one(root, "head > style");
    let report = Html::parse_document(&stdout_of(&["report", FIXTURE, "--format", "html"]));
    let report_style = one(report.root_element(), "head > style");
    assert!(
        style.contains(report_style.trim()),
        "the report's CSS is not shared"
    );
    assert!(style.contains("@media print") && style.contains("size: A4"));
}

/// `dir`'s copy of the fixture with hostile text in the process's name, a question's title and
/// a level's label.
fn hostile_fixture(dir: &Path) -> PathBuf {
    let copy = dir.join("engagement");
    copy_tree(&common::root().join(FIXTURE), &copy);
    let edit = |file: &str, from: &str, to: &str| {
        let path = copy.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}: {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit(
        "engagement.yaml",
        "name: Freight claims",
        "name: \"Freight <b>claims</b> & \\x1b[2J co\"",
    );
    edit(
        "whatif-questionnaire.yaml",
        "title: Reconciliation",
        "title: \"=HYPERLINK(\\\"x\\\") <script>alert(1)</script>\"",
    );
    edit(
        "whatif-questionnaire.yaml",
        "label: Proven",
        "label: \"<i>Proven</i>\"",
    );
    copy
}

#[test]
fn hostile_names_are_text_in_html_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let copy = hostile_fixture(dir.path());
    let args = [copy.to_str().unwrap(), "--process", "freight-claims"];
    let raw = formatted(&args, "html");
    for markup in ["<b>", "<script>", "<i>", "\x1b"] {
        assert!(!raw.contains(markup), "{markup:?} in the page");
    }
    let page = Html::parse_document(&raw);
    let root = page.root_element();
    assert_eq!(
        one(root, "h1"),
        "What if: Freight <b>claims</b> & \\x1b[2J co"
    );
    let row = select(
        root,
        r#"section#to-conditional tr[data-question="reconciliation"]"#,
    )[0];
    assert_eq!(
        one(row, ".title"),
        "=HYPERLINK(\"x\") <script>alert(1)</script>"
    );
    assert_eq!(one(row, "td.to"), "→ 3 (<i>Proven</i>)");

    let csv = formatted(&args, "csv");
    assert!(!csv.contains('\x1b'), "{csv:?}");
    let rows = csv_rows(&csv);
    let change = rows.iter().find(|r| r["goal"] == "conditional").unwrap();
    // A title a spreadsheet would run as a formula is defused; the rest is as typed.
    assert_eq!(
        change["question"],
        "'=HYPERLINK(\"x\") <script>alert(1)</script>"
    );
    assert_eq!(change["to_label"], "<i>Proven</i>");
}

/// CSV text as rows of named cells, the header checked.
fn csv_rows(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "process_id",
            "goal",
            "status",
            "total_steps",
            "question_id",
            "question",
            "dimension",
            "gate_min_level",
            "was",
            "from_level",
            "from_label",
            "to_level",
            "to_label",
            "steps",
            "verdict",
            "readiness",
            "go_live_week",
            "go_live_date",
            "within_horizon",
            "reasons",
            "date",
        ]
    );
    reader
        .records()
        .map(|r| {
            let record = r.unwrap();
            assert_eq!(record.len(), header.len());
            header
                .iter()
                .cloned()
                .zip(record.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

/// A JSON value as its CSV cell: empty for null, text unquoted, numbers as omd prints them.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or(n.to_string(), number),
        other => other.to_string(),
    }
}

/// Checks a row's outcome columns against an outcome of the JSON (null: all empty).
fn assert_csv_outcome(row: &BTreeMap<String, String>, outcome: &Value, reasons: &Value) {
    assert_eq!(row["verdict"], cell(&outcome["verdict"]));
    assert_eq!(
        row["readiness"],
        outcome["readiness"]
            .as_f64()
            .map_or(String::new(), |r| format!("{r:.1}"))
    );
    assert_eq!(row["go_live_week"], cell(&outcome["go_live"]["week"]));
    assert_eq!(row["go_live_date"], cell(&outcome["go_live"]["date"]));
    assert_eq!(
        row["within_horizon"],
        cell(&outcome["go_live"]["within_horizon"])
    );
    let reasons: Vec<&str> = reasons.as_array().map_or(Vec::new(), |r| {
        r.iter().map(|x| x.as_str().unwrap()).collect()
    });
    assert_eq!(row["reasons"], reasons.join("; "));
}

/// Checks a row's question columns against a change of the JSON.
fn assert_csv_change(row: &BTreeMap<String, String>, change: &Value) {
    for (column, field) in [
        ("question_id", "question"),
        ("question", "title"),
        ("dimension", "dimension"),
        ("gate_min_level", "gate_min_level"),
        ("was", "was"),
        ("from_level", "from"),
        ("from_label", "from_label"),
        ("to_level", "to"),
        ("to_label", "to_label"),
        ("steps", "steps"),
    ] {
        assert_eq!(row[column], cell(&change[field]), "{column}: {change}");
    }
}

#[test]
fn csv_rows_are_the_json_s_changes_with_their_outcome() {
    for (process, sets) in [
        ("freight-claims", &[][..]),
        ("fuel-cards", &[][..]),
        ("customs-entries", &[][..]),
        (
            "fuel-cards",
            &["--set", "triage_rules=2", "--set", "handoff_log=0"][..],
        ),
    ] {
        let mut args = vec![FIXTURE, "--process", process, "--date", "2027-01-15"];
        args.extend_from_slice(sets);
        let w = json(&args);
        let rows = csv_rows(&formatted(&args, "csv"));
        assert!(rows.iter().all(|r| r["process_id"] == process));
        assert!(rows.iter().all(|r| r["date"] == "2027-01-15"));

        // First the process as it stands.
        let now = &rows[0];
        assert_eq!((&*now["goal"], &*now["status"]), ("now", "current"));
        assert_eq!(now["question_id"], "");
        assert_csv_outcome(now, &w["current"], &w["current"]["reasons"]);

        // Then each target, or the scenario, in the JSON's order.
        let mut expected = 1;
        for t in w["targets"].as_array().into_iter().flatten() {
            let goal = t["goal"].as_str().unwrap();
            match t["status"].as_str().unwrap() {
                "found" => {
                    for c in t["changes"].as_array().unwrap() {
                        let row = &rows[expected];
                        assert_eq!((&*row["goal"], &*row["status"]), (goal, "found"));
                        assert_eq!(row["total_steps"], cell(&t["steps"]));
                        assert_csv_change(row, c);
                        assert_csv_outcome(row, &t["outcome"], &t["outcome"]["reasons"]);
                        expected += 1;
                    }
                }
                status => {
                    let row = &rows[expected];
                    assert_eq!((&*row["goal"], &*row["status"]), (goal, status));
                    assert_eq!(row["question_id"], "");
                    assert_csv_outcome(row, &Value::Null, &t["impossible"]);
                    expected += 1;
                }
            }
        }
        if let Some(s) = w.get("scenario") {
            for c in s["changes"].as_array().unwrap() {
                let row = &rows[expected];
                assert_eq!((&*row["goal"], &*row["status"]), ("scenario", "set"));
                assert_csv_change(row, c);
                assert_csv_outcome(row, &s["outcome"], &s["outcome"]["reasons"]);
                expected += 1;
            }
        }
        assert_eq!(rows.len(), expected, "{process} {sets:?}: rows left over");
    }
}

#[test]
fn html_and_csv_are_pinned_and_chosen_by_the_output_file_s_extension() {
    let args = [FIXTURE, "--process", "freight-claims"];
    let (html, csv) = (formatted(&args, "html"), formatted(&args, "csv"));
    assert_eq!(html, formatted(&args, "html"));
    assert_eq!(csv, formatted(&args, "csv"));
    // The page from `<body>` on: the head holds the report's style sheet, pinned by the report's
    // own snapshot and checked as shared above.
    let body = &html[html.find("<body>").unwrap()..];
    insta::assert_snapshot!("whatif_html", body);
    insta::assert_snapshot!("whatif_csv", csv);

    let dir = tempfile::tempdir().unwrap();
    for (file, expected) in [("w.html", &html), ("w.csv", &csv), ("w.htm", &html)] {
        let path = dir.path().join(file);
        let mut all = vec!["whatif"];
        all.extend_from_slice(&args);
        all.extend_from_slice(&["--output", path.to_str().unwrap()]);
        assert_eq!(stdout_of(&all), "", "{file}");
        assert_eq!(&std::fs::read_to_string(&path).unwrap(), expected, "{file}");
    }
    let path = dir.path().join("w.csv");
    let contradicts = whatif_fails(&[
        FIXTURE,
        "--process",
        "freight-claims",
        "--format",
        "html",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(
        contradicts.contains("--format html contradicts the output file"),
        "{contradicts}"
    );
}

#[cfg(unix)]
#[test]
fn on_a_narrow_terminal_every_line_fits_and_nothing_is_lost() {
    let shown = common::on_terminal(40, &format!("whatif {FIXTURE} --process parcel-returns"));
    for line in shown.lines() {
        assert!(
            line.chars().count() <= 40,
            "{} columns: {line}",
            line.chars().count()
        );
    }
    // The changes take two lines each at this width: title, then levels.
    assert!(
        shown.contains("  Reconciliation\n      1 (Piloted) → 3 (Proven)"),
        "{shown}"
    );
    let piped = stdout_of(&["whatif", FIXTURE, "--process", "parcel-returns"]);
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(words(&shown), words(&piped));
}
