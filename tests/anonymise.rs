#![allow(clippy::unwrap_used)]
//! `--anonymise` on report, plan, diff and export: no respondent's name or id anywhere in any
//! format, the same pseudonyms in every run and format, and nothing else changed. Run on the
//! shipped example and on a fixture where two respondents share a role, one has no role, one has
//! answered nothing yet, and notes name other respondents in the same and the other process.

mod common;

use std::path::{Path, PathBuf};

use common::{example, omd, root};
use serde_json::Value;

fn fixture() -> PathBuf {
    root().join("tests/fixtures/anonymise")
}

/// Every way the engagement's answers files name a respondent: full names, file names (ids),
/// and their parts of three letters or more. Read from the files, so a respondent added to the
/// example is checked too.
fn identities(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for process in std::fs::read_dir(dir.join("responses")).unwrap() {
        for file in std::fs::read_dir(process.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let id = path.file_stem().unwrap().to_str().unwrap().to_string();
            let yaml: serde_yaml::Value =
                serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let name = yaml["respondent"].as_str().unwrap_or_default().to_string();
            for whole in [&name, &id] {
                let parts = whole.split(|c: char| !c.is_alphanumeric());
                found.extend(parts.filter(|p| p.len() >= 3).map(str::to_lowercase));
                if !whole.is_empty() {
                    found.push(whole.to_lowercase());
                }
            }
        }
    }
    found.sort();
    found.dedup();
    assert!(found.len() >= 6, "{found:?}");
    found
}

/// Whether `text` holds `word` as a whole word, ignoring case.
fn holds_word(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The respondent names and ids `text` holds.
fn named(text: &str, identities: &[String]) -> Vec<String> {
    identities
        .iter()
        .filter(|w| holds_word(text, w))
        .cloned()
        .collect()
}

/// Standard output and standard error of a successful run.
fn run(args: &[&str]) -> (String, String) {
    let out = omd().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const FORMATS: [&str; 5] = ["table", "markdown", "json", "html", "csv"];

/// Every command and format `--anonymise` applies to, for the engagement at `dir`.
fn commands(dir: &str, saved: &str) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for format in FORMATS {
        all.push(vec!["report", dir, "--format", format]);
        all.push(vec!["plan", dir, "--steps", "--format", format]);
    }
    for format in ["table", "markdown", "json"] {
        all.push(vec!["diff", saved, dir, "--format", format]);
        all.push(vec!["diff", dir, dir, "--format", format]);
    }
    all.push(vec!["export", "answers", dir]);
    all.into_iter()
        .map(|args| args.into_iter().map(String::from).collect())
        .collect()
}

/// A report of `dir` saved by name, as a consultant keeps one for a later `omd diff`.
fn saved_report(dir: &Path, into: &Path) -> String {
    let file = into.join("before.json");
    let (json, _) = run(&["report", dir.to_str().unwrap(), "--format", "json"]);
    std::fs::write(&file, json).unwrap();
    file.to_str().unwrap().to_string()
}

#[test]
fn no_output_names_a_respondent() {
    let temp = tempfile::tempdir().unwrap();
    for dir in [example(), fixture()] {
        let identities = identities(&dir);
        let saved = saved_report(&dir, temp.path());
        let mut named_without = 0;
        for args in commands(dir.to_str().unwrap(), &saved) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (plain, _) = run(&args);
            named_without += named(&plain, &identities).len();
            for flag in ["--anonymise", "--anonymize"] {
                let (out, err) = run(&[&args[..], &[flag]].concat());
                assert_eq!(
                    named(&out, &identities),
                    Vec::<String>::new(),
                    "{args:?} {flag}"
                );
                assert_eq!(
                    named(&err, &identities),
                    Vec::<String>::new(),
                    "{args:?} {flag}: {err}"
                );
            }
        }
        // The same commands without the flag do name them: the check above can fail.
        assert!(named_without > 0);
    }
}

#[test]
fn warnings_name_answers_files_by_pseudonym() {
    let dir = fixture();
    let dir = dir.to_str().unwrap();
    let (_, plain) = run(&["report", dir]);
    assert!(plain.contains("claims/fay-lowe.yaml: warning: no question answered"));
    let (_, anonymised) = run(&["report", dir, "--anonymise"]);
    assert!(
        anonymised.contains("claims/claims-lead.yaml: warning: no question answered"),
        "{anonymised}"
    );
}

/// Each process's respondents as (id, name), in report order.
fn respondents(report: &Value) -> Vec<Vec<(String, String)>> {
    report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p["respondent_details"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let text = |key: &str| r[key].as_str().unwrap().to_string();
                    (text("id"), text("name"))
                })
                .collect()
        })
        .collect()
}

fn json_report(dir: &Path, anonymise: bool) -> Value {
    let dir = dir.to_str().unwrap();
    let mut args = vec!["report", dir, "--format", "json"];
    if anonymise {
        args.push("--anonymise");
    }
    serde_json::from_str(&run(&args).0).unwrap()
}

#[test]
fn the_fixture_gets_the_pseudonyms_of_the_documented_rule() {
    let report = json_report(&fixture(), true);
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(id, name)| (id.to_string(), name.to_string()))
            .collect()
    };
    assert_eq!(
        respondents(&report),
        [
            // A shared role numbered in id order, spelled as the first holder spells it; a
            // unique role as it is; no role: the place in the process.
            pairs(&[
                ("analyst-1", "Analyst 1"),
                ("analyst-2", "Analyst 2"),
                ("invoice-manager", "Invoice Manager"),
                ("r4", "R4"),
            ]),
            pairs(&[("invoice-manager", "Invoice Manager"), ("r2", "R2")]),
        ]
    );
    assert_eq!(report["anonymised"], true);
    let process = |i: usize| &report["processes"][i];
    assert_eq!(process(0)["owner"], "Invoice Manager");
    assert_eq!(process(1)["owner"], "R2");
    let answer = |p: usize, question: &str, who: usize| {
        let q = process(p)["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["id"] == question)
            .unwrap();
        q["answers"][who].clone()
    };
    let first = answer(0, "exception_routing", 0);
    assert_eq!(first["respondent"], "analyst-1");
    assert_eq!(first["respondent_name"], "Analyst 1");
    assert_eq!(
        first["note"],
        "Analyst 2 keeps the routing rule; ask Analyst 2, not me, and Invoice Manager signs it off."
    );
    assert_eq!(
        first["evidence"][0],
        "Routing rule v2, agreed with Invoice Manager"
    );
    assert_eq!(
        answer(0, "exception_routing", 1)["note"],
        "Analyst 1's rule is on paper only; in practice exceptions wait for Analyst 1."
    );
    // Someone of the other process: their pseudonym there, and where, when it is a number.
    assert_eq!(
        answer(0, "process_mapped", 2)["note"],
        "The map R4 drew last spring is still right. R2 (Claims handling) in claims wants a copy."
    );
    assert_eq!(
        answer(0, "data_source", 2)["not_applicable"],
        "R4 says the process reads no outside data."
    );
    assert_eq!(
        answer(0, "data_owner", 3)["note"],
        "Invoice Manager owns the data, and Analyst 1 checks it."
    );
    // A respondent with no answer yet is named by pseudonym too.
    let claims = answer(1, "exception_routing", 1);
    assert_eq!(
        claims["note"],
        "Analyst 2 (Invoice processing) said the same about invoices. Claims Lead has the claims log."
    );
    assert_eq!(claims["evidence"][0], "R2's claims log");
}

/// The report JSON without what says who answered: what must not change.
fn without_respondents(mut report: Value) -> Value {
    fn strip(value: &mut Value) {
        match value {
            Value::Object(map) => {
                for key in [
                    "respondent",
                    "respondent_name",
                    "respondent_details",
                    "note",
                    "evidence",
                    "not_applicable",
                    "owner",
                    "anonymised",
                ] {
                    map.remove(key);
                }
                // A disagreement's levels are keyed by respondent id: keep the levels alone.
                if let Some(Value::Object(levels)) = map.get("levels") {
                    let levels: Vec<Value> = levels.values().cloned().collect();
                    map.insert("levels".into(), Value::Array(levels));
                }
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    // Plan steps have owners too, which are roles: keep them out of the stripping.
    let plan = report["plan"].take();
    let roadmap = report["roadmap"].take();
    let checklists = report["checklists"].take();
    strip(&mut report);
    report["plan"] = plan;
    report["roadmap"] = roadmap;
    report["checklists"] = checklists;
    report
}

/// Every string of the users' text fields of a report, in order.
fn user_texts(report: &Value) -> Vec<String> {
    let mut texts = Vec::new();
    for process in report["processes"].as_array().unwrap() {
        for question in process["questions"].as_array().unwrap() {
            for answer in question["answers"].as_array().unwrap() {
                for key in ["note", "not_applicable"] {
                    texts.push(answer[key].as_str().unwrap_or_default().to_string());
                }
                for evidence in answer["evidence"].as_array().into_iter().flatten() {
                    texts.push(evidence.as_str().unwrap().to_string());
                }
            }
        }
    }
    texts
}

#[test]
fn nothing_but_the_names_changes() {
    for dir in [example(), fixture()] {
        let identities = identities(&dir);
        let (plain, anonymised) = (json_report(&dir, false), json_report(&dir, true));
        assert_eq!(plain.get("anonymised"), None);
        // Same respondents in the same order, each one's answers where they were.
        let (before, after) = (respondents(&plain), respondents(&anonymised));
        assert_eq!(
            before.iter().map(Vec::len).collect::<Vec<_>>(),
            after.iter().map(Vec::len).collect::<Vec<_>>()
        );
        // Text without a name in it is as it was; text with one has changed.
        let (texts, anonymised_texts) = (user_texts(&plain), user_texts(&anonymised));
        assert_eq!(texts.len(), anonymised_texts.len());
        let mut changed = 0;
        for (text, anonymised_text) in texts.iter().zip(&anonymised_texts) {
            if named(text, &identities).is_empty() {
                assert_eq!(text, anonymised_text);
            } else {
                assert_ne!(text, anonymised_text);
                changed += 1;
            }
        }
        assert!(changed > 0, "{}", dir.display());
        assert_eq!(without_respondents(plain), without_respondents(anonymised));
    }
}

#[test]
fn every_text_format_differs_only_on_lines_that_name_someone() {
    let temp = tempfile::tempdir().unwrap();
    for dir in [example(), fixture()] {
        let identities = identities(&dir);
        let saved = saved_report(&dir, temp.path());
        for args in commands(dir.to_str().unwrap(), &saved) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (plain, _) = run(&args);
            let (anonymised, _) = run(&[&args[..], &["--anonymise"]].concat());
            if args[0] == "plan" || args[0] == "diff" {
                // Neither shows a respondent: not one byte changes.
                assert_eq!(plain, anonymised, "{args:?}");
                continue;
            }
            if args.contains(&"json") {
                continue; // nothing_but_the_names_changes compares it field by field
            }
            let (plain, anonymised): (Vec<&str>, Vec<&str>) =
                (plain.lines().collect(), anonymised.lines().collect());
            assert_eq!(plain.len(), anonymised.len(), "{args:?}");
            for (before, after) in plain.iter().zip(&anonymised) {
                if named(before, &identities).is_empty() {
                    assert_eq!(before, after, "{args:?}");
                }
            }
        }
    }
}

#[test]
fn pseudonyms_are_the_same_in_every_run_and_format() {
    for dir in [example(), fixture()] {
        let report = json_report(&dir, true);
        assert_eq!(report, json_report(&dir, true));
        let expected = respondents(&report);
        let dir = dir.to_str().unwrap();

        // The answers export: one row per respondent and question, in report order.
        let (csv, _) = run(&["export", "answers", dir, "--anonymise"]);
        let mut rows = ::csv::Reader::from_reader(csv.as_bytes());
        let mut exported: Vec<Vec<(String, String)>> = Vec::new();
        let mut last_process = String::new();
        for row in rows.records() {
            let row = row.unwrap();
            if row[0] != last_process {
                last_process = row[0].to_string();
                exported.push(Vec::new());
            }
            let pair = (row[2].to_string(), row[3].to_string());
            let process = exported.last_mut().unwrap();
            if process.last() != Some(&pair) {
                process.push(pair);
            }
        }
        assert_eq!(exported, expected);

        // The HTML answers pages: R1, R2… columns, each with its pseudonym.
        let (html, _) = run(&["report", dir, "--format", "html", "--anonymise"]);
        let document = scraper::Html::parse_document(&html);
        let legend = scraper::Selector::parse("p.respondents").unwrap();
        let respondent = scraper::Selector::parse("span.respondent").unwrap();
        let shown: Vec<Vec<String>> = document
            .select(&legend)
            .map(|p| p.select(&respondent).map(|s| s.text().collect()).collect())
            .collect();
        let wanted: Vec<Vec<String>> = expected
            .iter()
            .map(|process| {
                process
                    .iter()
                    .enumerate()
                    .map(|(i, (_, name))| match format!("R{}", i + 1) {
                        column if column == *name => column,
                        column => format!("{column} {name}"),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(shown, wanted);

        // Markdown and the table list the pseudonyms beside the answers that differ.
        let (markdown, _) = run(&["report", dir, "--format", "markdown", "--anonymise"]);
        let (table, _) = run(&["report", dir, "--anonymise"]);
        for (_, name) in expected.iter().flatten() {
            assert!(markdown.contains(&format!("  - {name} — level")), "{name}");
            assert!(table.contains(&format!("{name} ")), "{name}");
        }
    }
}
