//! The terminal table fitted to the terminal it is printed on: `omd report` and `omd diff` run
//! on a real pseudo-terminal of a given width, and every table line must fit it.

#![allow(clippy::unwrap_used)] // a test that cannot set itself up should panic
#![cfg(unix)]

mod common;

use common::on_terminal;

/// The lines of the first table in `out` (from its top border to its bottom border).
fn table_lines(out: &str) -> Vec<&str> {
    let lines: Vec<&str> = out.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with('┌'))
        .unwrap_or_else(|| panic!("no table in:\n{out}"));
    let end = lines.iter().position(|l| l.starts_with('└')).unwrap();
    lines[start..=end].to_vec()
}

/// The first column's text, row by row, with its wrapped lines joined again.
fn first_column(table: &[&str]) -> Vec<String> {
    let mut rows: Vec<String> = Vec::new();
    let body = table.iter().skip_while(|l| !l.starts_with('╞')).skip(1);
    for line in body.take_while(|l| l.starts_with('│')) {
        let cells: Vec<&str> = line.trim_matches('│').split('┆').map(str::trim).collect();
        // A row's first line fills its last cell; the lines its wrapped cells add leave it empty.
        let wraps = cells.last().is_some_and(|c| c.is_empty());
        match rows.last_mut() {
            Some(row) if wraps => {
                if !cells[0].is_empty() {
                    row.push(' ');
                    row.push_str(cells[0]);
                }
            }
            _ => rows.push(cells[0].to_string()),
        }
    }
    rows
}

const PROCESSES: [&str; 4] = [
    "Supplier invoice processing",
    "Inbound customer email and ticket triage",
    "Trade credit approval for new customers",
    "Warehouse capacity and demand forecasting",
];

fn widest(lines: &[&str]) -> usize {
    lines.iter().map(|l| l.chars().count()).max().unwrap()
}

#[test]
fn an_80_column_terminal_gets_short_headers_and_the_rest_in_the_details() {
    let out = on_terminal(80, "report examples/meridian-freight");
    let table = table_lines(&out);
    assert!(widest(&table) <= 80, "{}", table.join("\n"));
    assert!(
        table[1].contains("D1") && table[1].contains("D5"),
        "{}",
        table[1]
    );
    for moved in ["Risk", "Coverage", "Confidence", "Evidence"] {
        assert!(!table[1].contains(moved), "{}", table[1]);
    }
    // Names wrap between words, never inside one.
    assert_eq!(first_column(&table), PROCESSES);
    // The legend says what D1..D5 are; what left the table is in the details.
    assert!(
        out.contains("D1 Process design · D2 Decision rights"),
        "{out}"
    );
    assert!(
        out.contains(
            "Supplier invoice processing: ready (readiness 75.7)\n  low risk; coverage 100%, \
             confidence high, evidence 34%, 3 respondents\n"
        ),
        "{out}"
    );
    insta::assert_snapshot!("report_80_columns", table.join("\n"));
}

#[test]
fn a_wide_terminal_gets_the_whole_table_unwrapped() {
    let out = on_terminal(200, "report examples/meridian-freight");
    let table = table_lines(&out);
    assert!(widest(&table) <= 200);
    for header in ["Governance", "Coverage", "Confidence", "Evidence", "Risk"] {
        assert!(table[1].contains(header), "{}", table[1]);
    }
    assert!(!out.contains("D1 Process design"), "{out}");
    assert!(!out.contains("3 respondents"), "{out}");
    // One line per process: nothing wraps.
    for name in PROCESSES {
        assert!(table.iter().any(|l| l.contains(name)), "{name}");
    }
}

#[test]
fn every_width_from_narrow_to_wide_fits_and_keeps_the_names_whole() {
    for columns in [80, 90, 100, 110, 120, 130, 140, 150] {
        let out = on_terminal(columns, "report examples/meridian-freight");
        let table = table_lines(&out);
        assert!(
            widest(&table) <= usize::from(columns),
            "{columns} columns:\n{}",
            table.join("\n")
        );
        assert_eq!(first_column(&table), PROCESSES, "{columns} columns");
    }
}

#[test]
fn the_diff_table_fits_a_100_column_terminal() {
    let out = on_terminal(
        100,
        "diff examples/meridian-freight examples/meridian-freight",
    );
    let table = table_lines(&out);
    assert!(widest(&table) <= 100, "{}", table.join("\n"));
    assert_eq!(first_column(&table), PROCESSES);
    assert!(out.contains("D1 Process design"), "{out}");
}

#[test]
fn every_line_of_a_diff_with_gates_and_go_lives_fits_an_80_column_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let later = dir.path().join("later");
    common::copy_tree(&common::example(), &later);
    for question in ["human_review_checkpoints", "system_of_record_integration"] {
        common::set_level(&later, "credit-approval", question, 3);
    }
    let out = on_terminal(
        80,
        &format!("diff examples/meridian-freight '{}'", later.display()),
    );
    // The sections whose lines run longest: a gate's question and a go-live's move.
    assert!(
        out.contains("Gates passed:\n  - Trade credit approval for new customers:"),
        "{out}"
    );
    assert!(
        out.contains("Go-lives moved:\n  - Trade credit approval for new customers:"),
        "{out}"
    );
    let lines: Vec<&str> = out.lines().collect();
    assert!(widest(&lines) <= 80, "{out}");
    assert_eq!(first_column(&table_lines(&out)), PROCESSES);
}

#[test]
fn without_a_terminal_the_table_is_the_same_at_any_width() {
    let plain = common::omd()
        .args(["report", "examples/meridian-freight"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let table = String::from_utf8(plain.stdout).unwrap();
    // Piped: every column whole, nothing wrapped to a guessed width.
    assert!(table.contains("Confidence"), "{table}");
    assert!(
        table.contains("│ Warehouse capacity and demand forecasting ┆"),
        "{table}"
    );
}
