#![allow(clippy::unwrap_used)]
//! The second shipped questionnaire, data-readiness, and its example engagement
//! examples/northwind-data, tested like the first: snapshots of the report and the plan, figures
//! in the JSON worked out by hand from the answers files, the HTML and CSV parsed, the interview
//! on a pseudo-terminal, `questionnaire show`, and the sequencing rules on this questionnaire.
//!
//! Each report format is run once and shared by the tests that read it.

mod common;

use std::sync::OnceLock;

use common::{copy_tree, omd, plan_steps, process, question, root, stdout_of};
use scraper::{Html, Selector};
use serde_json::Value;

const EXAMPLE: &str = "examples/northwind-data";

/// `omd report EXAMPLE --format FORMAT`, run once per format for the whole file.
fn report(format: &'static str) -> &'static str {
    static OUTPUTS: [OnceLock<String>; 5] = [const { OnceLock::new() }; 5];
    let formats = ["table", "markdown", "json", "html", "csv"];
    let at = formats.iter().position(|f| *f == format).unwrap();
    OUTPUTS[at].get_or_init(|| stdout_of(&["report", EXAMPLE, "--format", format]))
}

fn json() -> &'static Value {
    static JSON: OnceLock<Value> = OnceLock::new();
    JSON.get_or_init(|| serde_json::from_str(report("json")).unwrap())
}

fn plan_json() -> &'static Value {
    static PLAN: OnceLock<Value> = OnceLock::new();
    PLAN.get_or_init(|| {
        serde_json::from_str(&stdout_of(&["plan", EXAMPLE, "--format", "json"])).unwrap()
    })
}

/// The level each respondent of `process` gave `question`, read from the answers files.
fn levels(process: &str, question: &str) -> Vec<f64> {
    let key = format!("\n  {question}:\n    level: ");
    let mut levels = Vec::new();
    let folder = root().join(EXAMPLE).join("responses").join(process);
    for entry in std::fs::read_dir(folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        if let Some(at) = text.find(&key).map(|at| at + key.len()) {
            let end = at + text[at..].find('\n').unwrap();
            levels.push(text[at..end].trim().parse().unwrap());
        }
    }
    levels
}

/// The median of `levels` (the mean of the middle two for an even count), as scoring.md says.
fn median(mut levels: Vec<f64>) -> f64 {
    levels.sort_by(f64::total_cmp);
    let n = levels.len();
    assert!(n > 0);
    if n % 2 == 1 {
        levels[n / 2]
    } else {
        (levels[n / 2 - 1] + levels[n / 2]) / 2.0
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.051
}

#[test]
fn the_questionnaire_is_built_in_and_the_example_names_it() {
    let list = stdout_of(&["questionnaire", "list"]);
    assert!(
        list.lines().any(|l| l.starts_with("data-readiness\t")),
        "{list}"
    );
    let engagement = std::fs::read_to_string(root().join(EXAMPLE).join("engagement.yaml")).unwrap();
    assert!(engagement.contains("\nquestionnaire: data-readiness\n"));
    let report = json();
    assert_eq!(report["questionnaire"]["id"], "data-readiness");
    assert_eq!(report["processes"].as_array().unwrap().len(), 3);
    // 27 questions in 13 practices over 5 dimensions.
    let dimensions = report["dimensions"].as_array().unwrap();
    assert_eq!(dimensions.len(), 5);
    let groups: usize = dimensions
        .iter()
        .map(|d| d["groups"].as_array().unwrap().len())
        .sum();
    assert_eq!(groups, 13);
    let order = process(report, "order-intake");
    assert_eq!(order["questions"].as_array().unwrap().len(), 27);
}

#[test]
fn table_report_snapshot() {
    insta::assert_snapshot!(report("table"));
}

#[test]
fn markdown_report_snapshot() {
    insta::assert_snapshot!(report("markdown"));
}

#[test]
fn json_report_snapshot() {
    insta::assert_snapshot!(report("json"));
}

#[test]
fn plan_markdown_snapshot() {
    insta::assert_snapshot!(stdout_of(&["plan", EXAMPLE, "--format", "markdown"]));
}

#[cfg(unix)]
#[test]
fn report_on_a_100_column_terminal_snapshot() {
    let out = common::on_terminal(100, &format!("report {EXAMPLE}"));
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "wider than 100: {line:?}");
    }
    insta::assert_snapshot!(out);
}

/// The rows of the practice tables on a terminal: the first two cells of every row, in order.
#[cfg(unix)]
fn practice_cells(out: &str) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    let (mut header, mut inside) = (false, false);
    for line in out.lines() {
        let line = line.trim_start();
        if line.starts_with("│ Dimension / practice") {
            header = true;
        }
        if header && line.starts_with("╞") {
            (header, inside) = (false, true);
            continue;
        }
        if line.starts_with('└') {
            inside = false;
        }
        if inside && line.starts_with('│') {
            let mut row = line.trim_start_matches('│').split('┆');
            let name = row.next().unwrap().strip_prefix(' ').unwrap().trim_end();
            let score = row.next().unwrap().trim();
            cells.push((name.to_string(), score.to_string()));
        }
    }
    cells
}

#[cfg(unix)]
#[test]
fn on_narrow_terminals_practice_names_wrap_under_their_indent_and_every_line_fits() {
    let report = json();
    let order = process(report, "order-intake");
    let mut expected = Vec::new();
    for (_, d) in order["dimensions"].as_object().unwrap() {
        expected.push((0, d["name"].as_str().unwrap().to_string()));
        for (_, g) in d["groups"].as_object().unwrap() {
            expected.push((2, g["name"].as_str().unwrap().to_string()));
        }
    }
    for columns in [80u16, 100] {
        let out = common::on_terminal(columns, &format!("report {EXAMPLE}"));
        for line in out.lines() {
            assert!(
                line.chars().count() <= usize::from(columns),
                "wider than {columns}: {line:?}"
            );
        }
        // Read back, the first practice table gives each dimension's and practice's name whole:
        // a row with a score starts a name, dimensions at the margin and practices two in, and
        // the lines that continue a name (no score) are indented two further than its first.
        let mut names: Vec<(usize, String)> = Vec::new();
        for (cell, score) in practice_cells(&out) {
            let indent = cell.len() - cell.trim_start().len();
            if score.is_empty() {
                let (first, name) = names.last_mut().unwrap();
                assert_eq!(indent, *first + 2, "{cell:?} continues {name:?}");
                name.push(' ');
                name.push_str(cell.trim());
            } else {
                names.push((indent, cell.trim().to_string()));
            }
            if names.len() > expected.len() {
                break;
            }
        }
        assert_eq!(
            names[..expected.len()],
            expected[..],
            "at {columns} columns"
        );
    }
}

#[test]
fn the_json_holds_the_figures_the_answers_give() {
    let report = json();
    let order = process(report, "order-intake");

    // Lineage and change, for order intake: its two questions, each the median of three
    // respondents on the 0-4 scale, both weight 1.
    let lineage = median(levels("order-intake", "output_lineage"));
    let change = median(levels("order-intake", "upstream_change_control"));
    assert_eq!(levels("order-intake", "output_lineage").len(), 3);
    assert_eq!((lineage, change), (2.0, 1.0));
    let score = (lineage / 4.0 * 100.0 + change / 4.0 * 100.0) / 2.0;
    assert_eq!(score, 37.5);
    let group = &order["dimensions"]["stewardship"]["groups"]["lineage"];
    assert_eq!(group["name"], "Lineage and change");
    assert_eq!(group["score"].as_f64().unwrap(), score);
    // On the model's own 0-4 scale: the mean level.
    assert_eq!(group["native"].as_f64().unwrap(), 4.0 * score / 100.0);
    assert_eq!(group["native"].as_f64().unwrap(), (lineage + change) / 2.0);
    // The band: this practice's bands start at 0, 40 and 70.
    assert_eq!(group["band"]["label"], "Untraceable");
    assert_eq!(group["band"]["from"].as_f64().unwrap(), 0.0);
    assert_eq!(group["band"]["to"].as_f64().unwrap(), 40.0);
    let native = &report["questionnaire"]["native_score"];
    assert_eq!(native["name"], "Data readiness level");
    assert_eq!(native["max"].as_f64().unwrap(), 4.0);

    // The dimension: the weighted mean of all six of its questions, not of its groups.
    let stewardship = [
        "domain_ownership",
        "data_issue_handling",
        "output_lineage",
        "upstream_change_control",
        "access_approval",
        "retention_rules",
    ];
    let mean = stewardship
        .iter()
        .map(|q| median(levels("order-intake", q)) * 25.0)
        .sum::<f64>()
        / 6.0;
    let dimension = &order["dimensions"]["stewardship"];
    assert!(close(dimension["score"].as_f64().unwrap(), mean), "{mean}");
    assert_eq!(dimension["band"]["label"], "Named");
    assert!(close(
        order["readiness_native"].as_f64().unwrap(),
        4.0 * order["readiness"].as_f64().unwrap() / 100.0
    ));

    // Effective targets, most specific first: question, group, dimension, questionnaire.
    let target = |q: &str| {
        let q = question(order, q);
        (
            q["target"].as_u64().unwrap(),
            q["target_source"].as_str().unwrap().to_string(),
        )
    };
    assert_eq!(target("output_lineage"), (4, "engagement".into()));
    assert_eq!(target("retention_rules"), (3, "engagement".into()));
    assert_eq!(target("retrieval_quality"), (3, "engagement".into()));
    assert_eq!(target("entity_identifiers"), (2, "engagement".into()));
    assert_eq!(target("steward_capacity"), (2, "engagement".into()));
    assert_eq!(
        target("upstream_change_control"),
        (3, "questionnaire".into())
    );
    assert!(question(order, "output_lineage")["below_target"]
        .as_bool()
        .unwrap());
    let profile = report["target_profile"].as_array().unwrap();
    assert_eq!(profile.len(), 5);
    assert!(profile
        .iter()
        .any(|t| t["scope"] == "group" && t["id"] == "entities" && t["target"] == 2));

    // Go-lives, most tractable first: 60% profile (low 0, medium 0.5, high 1) and 40% readiness.
    let profile_share = |id: &str, facts: [f64; 4]| {
        let readiness = process(report, id)["readiness"].as_f64().unwrap();
        60.0 * facts.iter().sum::<f64>() / 4.0 + 0.4 * readiness
    };
    let mut expected = [
        (
            "order-intake",
            profile_share("order-intake", [1.0, 1.0, 0.5, 1.0]),
        ),
        (
            "product-specifications",
            profile_share("product-specifications", [0.5, 0.5, 0.0, 0.5]),
        ),
        (
            "branch-replenishment",
            profile_share("branch-replenishment", [1.0, 0.5, 1.0, 0.5]),
        ),
    ];
    expected.sort_by(|a, b| b.1.total_cmp(&a.1));
    let go_lives: Vec<&str> = report["plan"]["go_live"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["process"].as_str().unwrap())
        .collect();
    assert_eq!(
        go_lives,
        expected.iter().map(|e| e.0).collect::<Vec<_>>(),
        "{expected:?}"
    );
    assert_eq!(
        go_lives,
        [
            "order-intake",
            "branch-replenishment",
            "product-specifications"
        ]
    );
}

#[test]
fn a_practice_answered_not_applicable_has_no_score_and_no_band() {
    let branch = process(json(), "branch-replenishment");
    let retrieval = &branch["dimensions"]["supply"]["groups"]["retrieval"];
    assert!(retrieval["score"].is_null(), "{retrieval}");
    assert!(retrieval.get("band").is_none_or(Value::is_null));
    assert_eq!(
        question(branch, "document_sources")["status"],
        "not_applicable"
    );
}

fn html() -> Html {
    Html::parse_document(report("html"))
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(selector).unwrap()).collect()
}

fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

#[test]
fn the_html_has_a_practice_heatmap_and_shows_the_bands() {
    let doc = html();
    let heatmap = select(&doc, "section#practices table.heatmap.by-practice");
    assert_eq!(heatmap.len(), 1);
    let rows = select(&doc, "table.by-practice tbody tr");
    assert_eq!(rows.len(), 5 + 13);
    let lineage = select(&doc, "table.by-practice tr[data-group=lineage] td");
    assert_eq!(lineage.len(), 3);
    // Order intake first, as listed: score, native figure and band label.
    let cell = text(&lineage[0]);
    assert!(cell.contains("37.5"), "{cell}");
    assert!(cell.contains("(1.5)"), "{cell}");
    assert!(cell.contains("Untraceable"), "{cell}");
    // A practice not applicable shows so, with no band.
    let retrieval = select(&doc, "table.by-practice tr[data-group=retrieval] td");
    assert_eq!(text(&retrieval[2]).trim(), "n/a");

    // Each process's findings: a table by area with a band column, then what the bands mean.
    let areas = select(&doc, "table.areas");
    assert_eq!(areas.len(), 3);
    let header: Vec<String> = areas[0]
        .select(&Selector::parse("thead th").unwrap())
        .map(|th| text(&th))
        .collect();
    assert_eq!(
        header,
        [
            "Dimension / practice",
            "Score",
            "Data readiness level 0-4",
            "Coverage",
            "Band"
        ]
    );
    let bands = select(&doc, "dl.bands");
    assert_eq!(bands.len(), 3);
    let lineage_band = select(&doc, "dl.bands dt[data-group=lineage]");
    assert!(text(&lineage_band[0]).contains("Untraceable"));
    // A multi-line next step keeps its list as a list.
    let lists = select(&doc, "dl.bands dd.next ul li");
    assert!(!lists.is_empty());
    assert!(select(&doc, "dl.bands dd.next")
        .iter()
        .all(|dd| text(dd).starts_with("Next: ")));
    // Which targets came from the engagement.
    assert!(report("html").contains("Targets from engagement.yaml"));
    // Each dimension's name beside its bar has room left of the axis: about 7px a character at
    // 11px, right-aligned at `x` ("Feedback and learning data" is clipped to 24 characters).
    let labels = select(&doc, "svg.chart text.label");
    assert_eq!(labels.len(), 3 * 5);
    for label in labels {
        let x: f64 = label.value().attr("x").unwrap().parse().unwrap();
        let chars = text(&label).chars().count();
        assert!(
            chars as f64 * 7.0 <= x,
            "{:?} needs {chars} characters left of x={x}",
            text(&label)
        );
    }
}

#[test]
fn the_csv_has_a_row_per_dimension_and_practice_with_bands_and_native_scores() {
    let mut reader = csv::Reader::from_reader(report("csv").as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 3 * (5 + 13));
    let lineage = rows
        .iter()
        .find(|r| r[column("process_id")] == "order-intake" && r[column("group_id")] == "lineage")
        .unwrap();
    assert_eq!(lineage[column("dimension_id")], "stewardship");
    assert_eq!(lineage[column("group_name")], "Lineage and change");
    assert_eq!(lineage[column("score")], "37.5");
    assert_eq!(lineage[column("band")], "Untraceable");
    assert_eq!(lineage[column("native_score")], "1.5");
    assert_eq!(lineage[column("engagement_targets")], "output_lineage");
    let dimension = rows
        .iter()
        .find(|r| {
            r[column("process_id")] == "order-intake"
                && r[column("dimension_id")] == "stewardship"
                && r[column("group_id")].is_empty()
        })
        .unwrap();
    assert_eq!(dimension[column("band")], "Named");
    assert_eq!(dimension[column("readiness_native")], "2.0");
}

#[test]
fn questionnaire_show_lists_practices_and_bands() {
    let shown = stdout_of(&["questionnaire", "show", "data-readiness"]);
    for expected in [
        "Data readiness for AI (data-readiness 1.0.0)\n",
        "Native score: Data readiness level from 0 to 4 (1 decimal)\n",
        "== Ownership and control (stewardship, weight 1; plays the governance role) ==\n",
        "Bands: from 0 Nobody's job; from 40 Named; from 70 Accountable\n",
        "Practice [lineage] Lineage and change; bands: from 0 Untraceable; from 40 Partly traceable; from 70 Traceable\n",
        "(target 3; group lineage; gate: at least 2 for high risk)",
    ] {
        assert!(shown.contains(expected), "{expected:?} not in show");
    }
    assert_eq!(shown.matches("\nPractice [").count(), 13);
    let by_path = stdout_of(&[
        "questionnaire",
        "show",
        "questionnaires/data-readiness.yaml",
    ]);
    assert_eq!(shown, by_path);
}

/// The plan's steps, and lookups by step id.
struct Plan(&'static Value);

impl Plan {
    fn get() -> Plan {
        Plan(&plan_json()["plan"])
    }

    fn steps(&self) -> Vec<&'static Value> {
        common::steps_of(self.0)
    }

    fn step(&self, id: &str) -> &'static Value {
        common::step_of(self.0, id)
    }

    fn end(&self, id: &str) -> u64 {
        self.step(id)["end_week"].as_u64().unwrap()
    }

    fn go_live(&self, process: &str) -> u64 {
        common::go_live_of(self.0, process)
    }

    /// Steps serving `process` whose go-live waits for them.
    fn holding(&self, process: &str) -> Vec<&'static Value> {
        self.steps()
            .into_iter()
            .filter(|s| s["before_go_live_of"] == process)
            .collect()
    }
}

fn tagged(step: &Value, tag: &str) -> bool {
    step["tags"]
        .as_array()
        .is_some_and(|tags| tags.iter().any(|t| t == tag))
}

#[test]
fn the_plan_obeys_the_sequencing_rules_on_this_questionnaire_too() {
    let plan = Plan::get();
    let processes = [
        "order-intake",
        "branch-replenishment",
        "product-specifications",
    ];
    // Rule 4: the go-live order is the tractability order.
    let ranks: Vec<&str> = plan.0["tractability"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["process"].as_str().unwrap())
        .collect();
    assert_eq!(ranks, processes);
    assert_eq!(plan.0["first_process"], "order-intake");
    for pair in processes.windows(2) {
        assert!(
            plan.go_live(pair[0]) + 2 <= plan.go_live(pair[1]),
            "{pair:?}"
        );
    }

    for process in processes {
        let go_live = plan.go_live(process);
        let holding = plan.holding(process);
        assert!(!holding.is_empty());
        for step in &holding {
            assert!(
                step["end_week"].as_u64().unwrap() < go_live,
                "{} ends after the go-live of {process}",
                step["id"]
            );
        }
        // Rule 1: the retrieval component is chosen only once the process and data work its
        // go-live waits for is done.
        // Branch replenishment reads no documents, so it has no retrieval component to choose.
        let tooling: Vec<&&Value> = holding.iter().filter(|s| tagged(s, "tooling")).collect();
        let expected = usize::from(process != "branch-replenishment");
        assert_eq!(tooling.len(), expected, "{process}");
        let Some(chosen) = tooling.first().map(|t| t["start_week"].as_u64().unwrap()) else {
            continue;
        };
        for step in holding.iter().filter(|s| {
            ["data", "process"].contains(&s["role"].as_str().unwrap())
                && !tagged(s, "tooling")
                && !tagged(s, "signoff")
                && s["processes"].as_array().unwrap().len() == 1
        }) {
            assert!(
                step["end_week"].as_u64().unwrap() < chosen,
                "{} must end before the tool for {process} is chosen",
                step["id"]
            );
        }
        // Rule 7: the named domain owners come before every go-live.
        assert!(plan.end("appoint_domain_owners") < go_live);
    }
    let owners = plan.step("appoint_domain_owners");
    assert!(tagged(owners, "owner"));
    assert_eq!(owners["processes"].as_array().unwrap().len(), 3);

    // Rule 2: from the second go-live on, the governance baseline of the processes live by then
    // is in place; the first go-live does not wait for all of it.
    let second = plan.go_live("branch-replenishment");
    let baseline: Vec<&Value> = plan
        .steps()
        .into_iter()
        .filter(|s| {
            tagged(s, "governance_baseline")
                && s["processes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p == "order-intake")
        })
        .collect();
    assert!(baseline.len() >= 2);
    for step in &baseline {
        assert!(
            step["end_week"].as_u64().unwrap() < second,
            "{}",
            step["id"]
        );
    }
    assert!(plan
        .holding("order-intake")
        .iter()
        .all(|s| s["id"] != "define_data_incident_path"));

    // Rule 5: foundational data work starts in week 1, and governance beyond the baseline and
    // the gates holds no go-live.
    assert_eq!(
        plan.step("replace_manual_extracts@order-intake")["start_week"],
        1
    );
    let last_wave = plan.0["waves"].as_array().unwrap().last().unwrap();
    assert!(last_wave["steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["id"] == "set_retention_rules" && s.get("before_go_live_of").is_none()));

    // Rule 6: the high-risk process ends its path with a senior sign-off the week before, after
    // its review and audit-trail controls; the low-risk one has no sign-off step.
    let high = plan.go_live("product-specifications");
    let signoff = plan.step("senior_signoff@product-specifications");
    assert_eq!(signoff["end_week"].as_u64().unwrap() + 1, high);
    for control in [
        "route_held_records@product-specifications",
        "record_input_lineage@product-specifications",
    ] {
        assert!(plan.end(control) < signoff["start_week"].as_u64().unwrap());
    }
    assert!(plan
        .steps()
        .iter()
        .all(|s| s["id"] != "senior_signoff@branch-replenishment"
            && s["id"] != "senior_signoff@order-intake"));
    let reason = plan.go_live_reason("product-specifications");
    assert!(reason.contains("rule 6"), "{reason}");

    // Rule 3: capability work for the first process runs alongside its go-live or before it.
    let first = plan.go_live("order-intake");
    for step in plan.steps().into_iter().filter(|s| {
        s["role"] == "capability"
            && s["processes"].as_array().unwrap() == &[Value::from("order-intake")]
    }) {
        assert!(
            step["start_week"].as_u64().unwrap() <= first,
            "{}",
            step["id"]
        );
    }

    // Every dependency ends before its step starts.
    for step in plan_steps(plan_json()) {
        for dep in step["depends_on"].as_array().unwrap() {
            assert!(
                plan.end(dep.as_str().unwrap()) < step["start_week"].as_u64().unwrap(),
                "{dep} before {}",
                step["id"]
            );
        }
    }
}

impl Plan {
    fn go_live_reason(&self, process: &str) -> String {
        self.0["go_live"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["process"] == process)
            .map(|g| g["reason"].as_str().unwrap().to_string())
            .unwrap()
    }
}

#[test]
fn the_report_and_the_plan_agree() {
    let report = json();
    assert_eq!(report["plan"], plan_json()["plan"]);
}

#[test]
fn init_starts_an_engagement_on_the_questionnaire() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("acme-data");
    let output = omd()
        .args([
            "init",
            folder.to_str().unwrap(),
            "--client",
            "Acme Ltd",
            "--questionnaire",
            "data-readiness",
            "--process",
            "Invoice processing",
            "--no-input",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let engagement = std::fs::read_to_string(folder.join("engagement.yaml")).unwrap();
    assert!(
        engagement.contains("questionnaire: data-readiness"),
        "{engagement}"
    );
}

#[cfg(unix)]
mod interview {
    //! `omd assess` on a new process of a copy of the example, through a pseudo-terminal.

    use std::path::Path;
    use std::process::Command;
    use std::time::Duration;

    use expectrl::process::unix::WaitStatus;
    use expectrl::{Expect, Session};

    use super::{copy_tree, root, EXAMPLE};

    const ENTER: &str = "\r";
    const DOWN: &str = "\x1b[B";
    const ANSWER_PROMPT: &str = "Esc stops (answers are saved)";
    const EVIDENCE_PROMPT: &str =
        "Evidence (one item; Enter on an empty line to go on, Esc to go back)";

    type Pty = expectrl::session::OsSession;

    /// A copy of the example with one more process in scope, nobody's answers yet.
    fn engagement() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&root().join(EXAMPLE), dir.path());
        let path = dir.path().join("engagement.yaml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(
            "  - id: supplier-invoices\n    name: Supplier invoice matching\n    \
             owner: Ana Costa, Accounts Payable Lead\n    profile:\n      volume: high\n      \
             definition: high\n      data_richness: medium\n      willingness: high\n      \
             risk_tier: medium\n",
        );
        std::fs::write(&path, text).unwrap();
        dir
    }

    fn assess(dir: &Path, extra: &[&str]) -> Pty {
        let mut command = Command::new(env!("CARGO_BIN_EXE_omd"));
        command
            .arg("assess")
            .arg(dir)
            .args([
                "--process",
                "supplier-invoices",
                "--respondent",
                "Ana Costa",
            ])
            .args(extra)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm");
        let mut pty = Session::spawn(command).unwrap();
        pty.set_expect_timeout(Some(Duration::from_secs(30)));
        pty
    }

    fn see(pty: &mut Pty, text: &str) -> String {
        match pty.expect(text) {
            Ok(found) => String::from_utf8_lossy(found.before()).replace("\r\n", "\n"),
            Err(e) => panic!("did not see {text:?}: {e}"),
        }
    }

    fn keys(pty: &mut Pty, keys: &str) {
        pty.send(keys).unwrap();
    }

    /// At question `n`, moves down `down` times, presses Enter, and leaves the note and the
    /// evidence empty; returns what was drawn before the answers.
    fn answer(pty: &mut Pty, n: usize, down: usize) -> String {
        let mut screen = see(pty, &format!("question {n} of 27"));
        screen.push_str(&see(pty, ANSWER_PROMPT));
        keys(pty, &format!("{}{ENTER}", DOWN.repeat(down)));
        see(pty, "Note (optional");
        keys(pty, ENTER);
        see(pty, EVIDENCE_PROMPT);
        keys(pty, ENTER);
        screen
    }

    fn exit_code(pty: &Pty) -> i32 {
        match pty.get_process().wait().unwrap() {
            WaitStatus::Exited(_, code) => code,
            other => panic!("omd did not exit normally: {other:?}"),
        }
    }

    #[test]
    fn a_new_process_is_interviewed_by_practice_and_reviewed() {
        let dir = engagement();
        let mut pty = assess(dir.path(), &[]);
        see(&mut pty, "Role (optional)");
        keys(&mut pty, ENTER);
        let first = answer(&mut pty, 1, 2);
        assert!(
            first.contains("Sources and flows · Sources and systems of record"),
            "{first}"
        );
        assert!(first.contains("Inventory of inputs") || first.contains("input"));
        answer(&mut pty, 2, 1);
        let third = answer(&mut pty, 3, 3);
        assert!(
            third.contains("Sources and flows · Pipelines and timeliness"),
            "{third}"
        );
        see(&mut pty, "question 4 of 27");
        see(&mut pty, ANSWER_PROMPT);
        keys(&mut pty, "q");
        see(&mut pty, "--process supplier-invoices");
        assert_eq!(exit_code(&pty), 0);

        let answers = dir
            .path()
            .join("responses/supplier-invoices/ana-costa.yaml");
        let saved = std::fs::read_to_string(&answers).unwrap();
        assert!(saved.contains("questionnaire: data-readiness"), "{saved}");
        for (question, level) in [
            ("input_inventory", 2),
            ("systems_of_record", 1),
            ("repeatable_pipelines", 3),
        ] {
            assert!(
                saved.contains(&format!("  {question}:\n    level: {level}\n")),
                "{question} {level} in\n{saved}"
            );
        }

        // A review starts at question 1 with the saved answer chosen.
        let mut pty = assess(dir.path(), &["--review"]);
        see(&mut pty, "Reviewing all 27 questions");
        see(&mut pty, "question 1 of 27");
        see(&mut pty, "> 2 Defined");
        keys(&mut pty, ENTER);
        see(&mut pty, "Note (optional");
        keys(&mut pty, ENTER);
        see(&mut pty, EVIDENCE_PROMPT);
        keys(&mut pty, ENTER);
        see(&mut pty, "question 2 of 27");
        see(&mut pty, "> 1 Ad hoc");
        keys(&mut pty, "q");
        see(&mut pty, "--review");
        assert_eq!(exit_code(&pty), 0);
    }
}
