//! Long text and wide models, through the real binary: a questionnaire of twelve dimensions with
//! long names, a scale whose labels run to 88 characters and hold commas, and guidance, level
//! descriptors and action texts written as `|` blocks with bulleted and numbered lists
//! (tests/fixtures/wide-engagement). Multi-line text keeps its lines and lists in every format;
//! tables too wide for the terminal or the page change their layout and cut nothing.

#![allow(clippy::unwrap_used)] // a test that cannot set itself up should panic

mod common;

use common::stdout_of;
use serde_json::Value;

const ENGAGEMENT: &str = "tests/fixtures/wide-engagement";
const QUESTIONNAIRE: &str = "tests/fixtures/wide-engagement/wide-questionnaire.yaml";
/// A bullet of an action's text, too long for one line at 80 or 120 columns.
const LONG_ITEM: &str = "list every case type, including month-end, year-end and out-of-hours \
                         cases, and the ones that arrive by post or phone";

/// The report as JSON, for the names and scores the other formats must show.
fn report_json() -> Value {
    serde_json::from_str(&stdout_of(&["report", ENGAGEMENT, "--format", "json"])).unwrap()
}

/// `lines` contains `expected` as consecutive lines.
fn assert_consecutive(text: &str, expected: &[&str]) {
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines.windows(expected.len()).any(|w| w == expected),
        "expected these lines in a row:\n{}\nin:\n{text}",
        expected.join("\n")
    );
}

#[test]
fn show_keeps_the_lines_and_lists_of_multi_line_text_under_their_heading() {
    let out = stdout_of(&["questionnaire", "show", QUESTIONNAIRE]);
    assert_consecutive(
        &out,
        &[
            "   Guidance:",
            "     Ask to see the written record, then check:",
            "     - who approved it, and when it was last reviewed",
            "     - whether it covers the cases handled out of hours",
            "       and at month end",
            "",
            "     A record nobody has opened this year counts as level 1.",
        ],
    );
    assert_consecutive(
        &out,
        &[
            "   3 Measured monthly, reviewed by the owner, deviations tracked, corrected, reported upwards:",
            "     The record is measured monthly:",
            "     1. deviations are logged",
            "     2. each deviation has a named owner",
        ],
    );
    assert_consecutive(
        &out,
        &[
            "   -> wm_value_q1_write (quick, 2 wk, Process owner):",
            "      Write the record with the people who do the work:",
            "      - list every case type, including month-end, year-end and out-of-hours cases, and the ones that arrive by post or phone",
        ],
    );
    // One-paragraph text stays on its heading's line, as before.
    assert!(
        out.contains("\n   Guidance: Look for the current document and its owner.\n"),
        "{out}"
    );
    assert!(out.contains("\n   0 Absent: Not in place.\n"), "{out}");
}

#[test]
fn show_separates_scale_labels_that_hold_commas() {
    let out = stdout_of(&["questionnaire", "show", QUESTIONNAIRE]);
    // Labels with commas: one per line, numbered, so no comma reads as a separator.
    assert_consecutive(
        &out,
        &[
            "  assurance:",
            "    0 Nothing in place, nobody named, no record kept, and the topic has not yet been discussed",
            "    1 Informal, person-dependent, partly written down, applied to some cases but not to others",
        ],
    );
    // Short labels without commas stay on one line, parted by a middle dot.
    assert!(
        out.contains("\n  maturity: 0 Absent · 1 Ad hoc · 2 Defined · 3 Managed · 4 Embedded\n"),
        "{out}"
    );
}

/// Every line of `out` fits `columns`, except a line that is one word too long to break.
#[cfg(unix)]
fn assert_fits(out: &str, columns: usize) {
    for line in out.lines() {
        assert!(
            line.chars().count() <= columns || !line.trim().contains(' '),
            "{} columns: {line:?} is {} long in:\n{out}",
            columns,
            line.chars().count()
        );
    }
}

#[cfg(unix)]
#[test]
fn show_on_a_terminal_wraps_long_text_with_its_continuation_lines_indented() {
    for columns in [80u16, 120] {
        let out = common::on_terminal(columns, &format!("questionnaire show {QUESTIONNAIRE}"));
        assert_fits(&out, usize::from(columns));
        // An 88-character label wraps under its number.
        assert!(
            out.contains("    0 Nothing in place, nobody named, no record kept, and the topic has")
                || columns > 80,
            "{out}"
        );
        // Inside a question, every line but its first is indented: nothing falls back to
        // column 0 (a dimension's heading and description, and the seams, are not questions).
        let mut in_question = false;
        for line in out.lines() {
            let digits = line.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 && line[digits..].starts_with(". [") {
                in_question = true;
            } else if line.starts_with("== ") || line.starts_with('[') {
                in_question = false;
            } else if in_question && !line.is_empty() {
                assert!(line.starts_with("   "), "{columns} columns: {line:?}");
            }
        }
    }
}

/// The transposed heatmaps in `out`: each table's rows, a row's wrapped first cell joined again,
/// as (first cell, other cells).
#[cfg(unix)]
fn table_rows(out: &str) -> Vec<(String, Vec<String>)> {
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_body = false;
    for line in out.lines() {
        if line.starts_with('╞') {
            in_body = true;
            continue;
        }
        if line.starts_with('└') {
            in_body = false;
        }
        if !in_body || !line.starts_with('│') {
            continue;
        }
        let cells: Vec<String> = line
            .trim_matches('│')
            .split('┆')
            .map(|c| c.trim().to_string())
            .collect();
        let continues = cells[1..].iter().all(String::is_empty);
        match rows.last_mut() {
            Some((first, _)) if continues => {
                first.push(' ');
                first.push_str(&cells[0]);
            }
            _ => rows.push((cells[0].clone(), cells[1..].to_vec())),
        }
    }
    rows
}

#[cfg(unix)]
#[test]
fn a_twelve_dimension_report_turns_its_heatmap_on_its_side_at_80_and_120_columns() {
    let json = report_json();
    let processes = json["processes"].as_array().unwrap();
    for columns in [80u16, 120] {
        let out = common::on_terminal(columns, &format!("report {ENGAGEMENT}"));
        assert_fits(&out, usize::from(columns));
        let rows = table_rows(&out);
        // A row per dimension, then readiness and verdict; a column per process.
        for dimension in json["dimensions"].as_array().unwrap() {
            let id = dimension["id"].as_str().unwrap();
            let name = dimension["name"].as_str().unwrap();
            let (_, cells) = rows
                .iter()
                .find(|(first, _)| first == name)
                .unwrap_or_else(|| panic!("{columns} columns: no row {name:?} in:\n{out}"));
            let scores: Vec<String> = processes
                .iter()
                .map(|p| format!("{:.1}", p["dimensions"][id]["score"].as_f64().unwrap()))
                .collect();
            assert_eq!(cells, &scores, "{columns} columns, {name}");
        }
        let (_, readiness) = rows.iter().find(|(first, _)| first == "Readiness").unwrap();
        let expected: Vec<String> = processes
            .iter()
            .map(|p| format!("{:.1}", p["readiness"].as_f64().unwrap()))
            .collect();
        assert_eq!(readiness, &expected);
        // What left the table is in the details.
        assert!(
            out.contains("Refund approval: not ready (readiness 29.2)\n  high risk; coverage 100%"),
            "{out}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_terminal_too_narrow_for_every_process_gets_the_heatmap_in_blocks() {
    let out = common::on_terminal(50, &format!("report {ENGAGEMENT}"));
    let tables = out.lines().filter(|l| l.starts_with('┌')).count();
    assert!(tables >= 2, "{out}");
    let table_lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .collect();
    assert_fits(&table_lines.join("\n"), 50);
    // Every process's verdict is in some block, each block repeating the dimensions.
    let rows = table_rows(&out);
    let verdicts: Vec<String> = rows
        .iter()
        .filter(|(first, _)| first == "Verdict")
        .flat_map(|(_, cells)| cells.clone())
        .collect();
    assert_eq!(verdicts, ["ready", "conditional", "not ready"], "{out}");
    let blocks_with_first_dimension = rows
        .iter()
        .filter(|(first, _)| first == "Intake flow and exception handling across every channel")
        .count();
    assert_eq!(blocks_with_first_dimension, tables);
}

#[cfg(unix)]
#[test]
fn plan_steps_keep_an_actions_list_wrapped_and_indented() {
    for columns in [80u16, 120] {
        let out = common::on_terminal(columns, &format!("plan {ENGAGEMENT} --steps"));
        assert_fits(&out, usize::from(columns));
        // The item wraps, its second line hanging under its text, not under the dash.
        let lines: Vec<&str> = out.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.starts_with("    - list every case type, including"))
            .unwrap_or_else(|| panic!("{out}"));
        assert_eq!(
            lines[at - 1],
            "    Write the record with the people who do the work:"
        );
        assert!(
            lines[at + 1].starts_with("      ") && !lines[at + 1][6..].starts_with(' '),
            "{columns} columns: {}",
            lines[at + 1]
        );
        assert_eq!(
            format!("{} {}", lines[at], lines[at + 1].trim()),
            format!("    - {LONG_ITEM}")
        );
        assert_eq!(lines[at + 2], "    - name the owner of each case type");
        assert_consecutive(
            &out,
            &[
                "    Then:",
                "    1. agree the draft with the process owner",
                "    2. publish it where the team works",
            ],
        );
    }
}

#[test]
fn piped_plan_steps_keep_the_lines_unwrapped() {
    let out = stdout_of(&["plan", ENGAGEMENT, "--steps"]);
    assert_consecutive(
        &out,
        &[
            "    Write the record with the people who do the work:",
            &format!("    - {LONG_ITEM}"),
            "    - name the owner of each case type",
            "",
            "    Then:",
            "    1. agree the draft with the process owner",
        ],
    );
}

#[test]
fn markdown_backlog_cells_hold_the_list_on_lines_of_their_own() {
    let out = stdout_of(&["plan", ENGAGEMENT, "--format", "markdown"]);
    let row = out
        .lines()
        .find(|l| l.contains("(`wm_value_q1_write@"))
        .unwrap_or_else(|| panic!("no backlog row for wm_value_q1_write in:\n{out}"));
    assert!(
        row.contains(
            "Write the record with the people who do the work:<br>- list every case type, \
             including month-end, year-end and out-of-hours cases, and the ones that arrive by \
             post or phone<br>- name the owner of each case type<br><br>Then:<br>1. agree the draft with the process owner<br>2. publish it \
             where the team works |"
        ),
        "{row}"
    );
    // Every step is one whole row of six cells: the text's line breaks never split one.
    let steps: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("| week") && l.contains("@"))
        .collect();
    assert!(steps.len() > 20, "{out}");
    for line in steps {
        assert_eq!(line.replace("\\|", "").matches('|').count(), 7, "{line}");
    }
}

#[test]
fn html_shows_multi_line_actions_as_lists_and_a_wide_heatmap_with_wrapping_headers() {
    let html = stdout_of(&["report", ENGAGEMENT, "--format", "html"]);
    let page = scraper::Html::parse_document(&html);
    let select = |css: &str| scraper::Selector::parse(css).unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>();
    // The action's paragraphs, bullets and numbered items.
    let step = page
        .select(&select("div.step"))
        .find(|s| text(*s).contains("wm_value_q1_write@"))
        .expect("a step for wm_value_q1_write");
    let bullets: Vec<String> = step.select(&select(".action ul > li")).map(text).collect();
    assert_eq!(bullets, [LONG_ITEM, "name the owner of each case type"]);
    let numbered: Vec<String> = step.select(&select(".action ol > li")).map(text).collect();
    assert_eq!(
        numbered,
        [
            "agree the draft with the process owner",
            "publish it where the team works"
        ]
    );
    let paragraphs: Vec<String> = step.select(&select(".action > p")).map(text).collect();
    assert_eq!(
        paragraphs,
        ["Write the record with the people who do the work:", "Then:"]
    );
    // A one-paragraph action stays inline in its paragraph, as before.
    assert!(page
        .select(&select("p.step"))
        .any(|s| text(s).contains("Review benefit tracking against the original business case")));
    // The heatmap: twelve dimension headers that wrap, in a table marked wide, in a scroll box.
    let headers: Vec<String> = page
        .select(&select(
            "div.table-scroll > table.heatmap.wide thead th.dim",
        ))
        .map(text)
        .collect();
    let json = report_json();
    let names: Vec<&str> = json["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(headers, names);
    // The shipped example's five dimensions keep their headers across.
    let example = stdout_of(&["report", "examples/meridian-freight", "--format", "html"]);
    let example = scraper::Html::parse_document(&example);
    assert_eq!(example.select(&select("table.heatmap th.dim")).count(), 5);
    assert_eq!(example.select(&select("table.heatmap.wide")).count(), 0);
}

/// `text` without the terminal's control sequences (ESC `[` ... a letter) and carriage returns.
#[cfg(unix)]
fn plain_screen(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\x1b' => {
                if chars.peek() == Some(&'[') {
                    for c in chars.by_ref() {
                        if c.is_ascii_alphabetic() {
                            break;
                        }
                    }
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(unix)]
#[test]
fn assess_keeps_the_lines_of_guidance_and_descriptors_and_caps_the_label_column() {
    use expectrl::Expect;
    const LABEL: &str =
        "Nothing in place, nobody named, no record kept, and the topic has not yet been discussed";
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join(ENGAGEMENT), dir.path());
    // The window size is set before the program starts (see common::on_terminal).
    let script = format!(
        "read go && exec '{}' assess '{}' --process refund-approval --respondent 'Ann Lee'",
        env!("CARGO_BIN_EXE_omd"),
        dir.path().display()
    );
    let mut command = std::process::Command::new("sh");
    command
        .args(["-c", &script])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm");
    let mut pty = expectrl::Session::spawn(command).unwrap();
    pty.set_expect_timeout(Some(std::time::Duration::from_secs(30)));
    pty.get_process_mut().set_window_size(80, 50).unwrap();
    pty.send_line("go").unwrap();
    pty.expect("Role (optional)").unwrap();
    pty.send("\r").unwrap();
    let found = pty.expect("Esc stops (answers are saved)").unwrap();
    let screen = plain_screen(&String::from_utf8_lossy(found.before()));
    let _ = pty
        .get_process_mut()
        .kill(expectrl::process::unix::Signal::SIGKILL);
    let screen = &screen[screen.find("question 1 of 24").unwrap_or(0)..];
    assert_fits(screen, 80);
    assert_consecutive(
        screen,
        &[
            "  Ask to see the written record, then check:",
            "  - who approved it, and when it was last reviewed",
            "  - whether it covers the cases handled out of hours",
            "    and at month end",
            "",
            "  A record nobody has opened this year counts as level 1.",
        ],
    );
    let lines: Vec<&str> = screen.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("  0 ")).unwrap();
    let second = lines.iter().position(|l| l.starts_with("  1 ")).unwrap();
    // The descriptors start within the first third of the terminal, whatever the label's length.
    let column = lines[first].find("Nothing is written down.").unwrap();
    assert!(column <= 80 / 3 + 6, "{column}: {}", lines[first]);
    // The label wraps inside its column, whole.
    let label: Vec<&str> = lines[first..second]
        .iter()
        .map(|l| l.get(4..column.min(l.len())).unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(label.join(" "), LABEL);
    // A multi-line descriptor keeps its lines, beside the label.
    assert!(
        lines[second].ends_with("Some of it is written down:"),
        "{screen}"
    );
    assert_eq!(lines[second + 1].get(column..), Some("- in personal notes"));
    assert_eq!(lines[second + 2].get(column..), Some("- in old slides"));
}

#[cfg(unix)]
#[test]
fn the_turned_heatmap_at_80_columns_snapshot() {
    let out = common::on_terminal(80, &format!("report {ENGAGEMENT}"));
    let table: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with('┌'))
        .take_while(|l| !l.is_empty())
        .collect();
    insta::assert_snapshot!("turned_heatmap_80_columns", table.join("\n"));
}

#[test]
fn a_question_with_multi_line_text_in_show_snapshot() {
    let out = stdout_of(&["questionnaire", "show", QUESTIONNAIRE]);
    let question: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("1. ["))
        .take_while(|l| !l.starts_with("2. ["))
        .collect();
    insta::assert_snapshot!("show_multi_line_question", question.join("\n"));
}

#[cfg(unix)]
#[test]
fn a_twelve_dimension_diff_turns_its_table_on_its_side_at_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join(ENGAGEMENT), dir.path());
    common::set_level(dir.path(), "refund-approval", "wm_value_q2", 4);
    let out = common::on_terminal(80, &format!("diff {ENGAGEMENT} '{}'", dir.path().display()));
    assert_fits(&out, 80);
    let rows = table_rows(&out);
    let value = rows
        .iter()
        .find(|(first, _)| first == "Benefit tracking against the original business case")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(value.1[0], "0.0", "{out}");
    assert!(value.1[2].starts_with('+'), "{out}");
    for dimension in report_json()["dimensions"].as_array().unwrap() {
        let name = dimension["name"].as_str().unwrap();
        assert!(rows.iter().any(|(first, _)| first == name), "{name}: {out}");
    }
    assert!(
        out.contains("(dimension rows show the change in score)"),
        "{out}"
    );
}

/// Every line of the turned change table's row whose first cell is `label`: that line and the
/// lines after it whose first cell is blank.
#[cfg(unix)]
fn turned_row_lines<'a>(out: &'a str, label: &str) -> Vec<&'a str> {
    let mut lines = out
        .lines()
        .skip_while(|l| !l.starts_with(&format!("│ {label} ")));
    let Some(first) = lines.next() else {
        return Vec::new();
    };
    let blank_first_cell = |l: &&str| {
        l.strip_prefix('│')
            .and_then(|rest| rest.split('┆').next())
            .is_some_and(|cell| cell.trim().is_empty())
    };
    std::iter::once(first)
        .chain(lines.take_while(blank_first_cell))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_coloured_turned_diff_colours_the_readiness_row_as_the_full_table_does() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(&common::root().join(ENGAGEMENT), dir.path());
    common::set_level(dir.path(), "refund-approval", "wm_value_q2", 4);
    let args = format!(
        "--color always diff {ENGAGEMENT} '{}'",
        dir.path().display()
    );
    let out = common::on_terminal(80, &args);
    assert!(
        out.contains("(dimension rows show the change in score)"),
        "{out}"
    );
    // The raised answer lifts one process's readiness: its cell is green, as in the full table.
    let readiness = turned_row_lines(&out, "Readiness");
    assert!(!readiness.is_empty(), "{out}");
    assert_eq!(readiness.len(), 2, "{out}");
    assert!(
        readiness.iter().all(|l| l.contains("\u{1b}[")),
        "{}",
        readiness.join("\n")
    );
    // A verdict is not a score: it is not coloured, in either table.
    let verdict = turned_row_lines(&out, "Verdict");
    assert!(!verdict.is_empty(), "{out}");
    assert!(!verdict.iter().any(|l| l.contains('\u{1b}')), "{out}");
    let full = common::on_terminal(400, &args);
    let full_readiness = full
        .lines()
        .find(|l| l.contains("Refund"))
        .unwrap_or_else(|| panic!("{full}"));
    assert!(full_readiness.contains("\u{1b}["), "{full}");
}
