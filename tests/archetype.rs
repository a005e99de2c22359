#![allow(clippy::unwrap_used)]
//! The operating-model archetype, through the real binary on small engagements built in a
//! temporary folder: each of the three outcomes and the no-facts case, in JSON, HTML, table and
//! Markdown, with the reasons checked against the facts; a bad value in `organisation:` exits 2.

mod common;

use std::path::Path;

use common::{omd, root, stdout_of};
use scraper::{Html, Selector};
use serde_json::Value;

/// One answers file for the small questionnaire: every question at `level` (the yes/partly/no
/// question at the matching point of its shorter scale), or only the first question when
/// `level` is `None` (too little answered: the process is not assessed).
fn answers(level: Option<u32>) -> String {
    let mut text =
        String::from("questionnaire: small\nversion: \"1.0.0\"\nrespondent: Ana Reyes\nanswers:\n");
    match level {
        None => text.push_str("  exception_routing:\n    level: 0\n"),
        Some(level) => {
            let mapped = match level {
                0 | 1 => 0,
                2 => 1,
                _ => 2,
            };
            for question in [
                "exception_routing",
                "data_source",
                "data_owner",
                "data_timeliness",
            ] {
                text.push_str(&format!("  {question}:\n    level: {level}\n"));
            }
            text.push_str(&format!("  process_mapped:\n    level: {mapped}\n"));
        }
    }
    text
}

/// An engagement of the small questionnaire with one process per entry of `levels` (see
/// [`answers`]) and `organisation` (YAML lines under `organisation:`) when given.
fn engagement(organisation: Option<&str>, levels: &[Option<u32>]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/small-engagement/small-questionnaire.yaml"),
        dir.path().join("small-questionnaire.yaml"),
    )
    .unwrap();
    let mut yaml = String::from(
        "name: Archetype test\nclient: Test Client Ltd\nquestionnaire: small-questionnaire.yaml\nprocesses:\n",
    );
    for (i, level) in levels.iter().enumerate() {
        yaml.push_str(&format!(
            "  - id: p{i}\n    name: Process {i}\n    profile: {{volume: high, definition: high, \
             data_richness: high, willingness: high, risk_tier: low}}\n"
        ));
        let folder = dir.path().join(format!("responses/p{i}"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("ana.yaml"), answers(*level)).unwrap();
    }
    if let Some(organisation) = organisation {
        yaml.push_str("organisation:\n");
        for line in organisation.lines() {
            yaml.push_str(&format!("  {}\n", line.trim()));
        }
    }
    std::fs::write(dir.path().join("engagement.yaml"), yaml).unwrap();
    dir
}

fn report(dir: &Path, format: &str) -> String {
    stdout_of(&["report", dir.to_str().unwrap(), "--format", format])
}

fn json(dir: &Path) -> Value {
    serde_json::from_str(&report(dir, "json")).unwrap()
}

/// A fact's value as the reasons write it: a level, a count, or readiness with one decimal.
fn shown(facts: &Value, fact: &str) -> String {
    match &facts[fact] {
        Value::String(level) => level.clone(),
        Value::Number(n) if fact.ends_with("readiness") || fact.ends_with("spread") => {
            format!("{:.1}", n.as_f64().unwrap())
        }
        Value::Number(n) => n.to_string(),
        other => panic!("fact {fact} is {other}"),
    }
}

/// The archetype of a report, checked against the report's own figures: the readiness facts
/// are those of the assessed processes, and every reason names a fact with the value it has.
fn archetype(report: &Value) -> &Value {
    let a = &report["archetype"];
    let facts = &a["facts"];
    let assessed: Vec<f64> = report["processes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["verdict"] != "not_assessed")
        .filter_map(|p| p["readiness"].as_f64())
        .collect();
    assert_eq!(facts["assessed_processes"], assessed.len());
    if !assessed.is_empty() {
        let mean = assessed.iter().sum::<f64>() / assessed.len() as f64;
        let mean_shown = facts["mean_readiness"].as_f64().unwrap();
        assert!((mean - mean_shown).abs() <= 0.05, "{mean} vs {mean_shown}");
    }
    if assessed.len() >= 2 {
        let spread = assessed.iter().copied().fold(f64::MIN, f64::max)
            - assessed.iter().copied().fold(f64::MAX, f64::min);
        let spread_shown = facts["readiness_spread"].as_f64().unwrap();
        assert!(
            (spread - spread_shown).abs() <= 0.05,
            "{spread} vs {spread_shown}"
        );
    }
    for reason in a["reasons"].as_array().unwrap() {
        let fact = reason["fact"].as_str().unwrap();
        let value = reason["value"].as_str().unwrap();
        assert_eq!(value, shown(facts, fact), "{reason}");
        assert!(reason["text"].as_str().unwrap().contains(value), "{reason}");
    }
    a
}

/// The reasons as (fact, value) pairs.
fn reasons(a: &Value) -> Vec<(String, String)> {
    a["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["fact"].as_str().unwrap().to_string(),
                r["value"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(f, v)| (f.to_string(), v.to_string()))
        .collect()
}

/// The archetype section of the HTML report: its recommendation and each reason's fact.
fn html_archetype(dir: &Path) -> (Option<String>, Vec<(String, String)>, Vec<String>) {
    let doc = Html::parse_document(&report(dir, "html"));
    let section = Selector::parse("section#archetype").unwrap();
    let section = doc.select(&section).next().expect("an archetype section");
    let reasons = section
        .select(&Selector::parse("ul.archetype-reasons li").unwrap())
        .map(|li| {
            (
                li.value().attr("data-fact").unwrap().to_string(),
                li.text().collect::<String>(),
            )
        })
        .collect();
    let needs = section
        .select(&Selector::parse("ul.needs li").unwrap())
        .map(|li| li.text().collect::<String>())
        .collect();
    (
        section
            .value()
            .attr("data-recommendation")
            .map(str::to_string),
        reasons,
        needs,
    )
}

/// Every format shows the same advice: the JSON's recommendation and reasons appear in the
/// table, the Markdown and the HTML.
fn assert_every_format_agrees(dir: &Path, a: &Value) {
    let label = match a["recommendation"].as_str() {
        Some("hub_and_spoke") => "hub-and-spoke",
        Some("federated") => "federated",
        Some("hybrid") => "hybrid",
        _ => "no advice",
    };
    let table = report(dir, "table");
    let markdown = report(dir, "markdown");
    assert!(
        table.contains(&format!("\nOperating-model archetype: {label}\n")),
        "{table}"
    );
    assert!(
        markdown.contains(&format!("\n## Operating-model archetype: {label}\n")),
        "{markdown}"
    );
    let (recommendation, html_reasons, _) = html_archetype(dir);
    assert_eq!(recommendation.as_deref(), a["recommendation"].as_str());
    let texts: Vec<&Value> = a["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .chain(a["would_change"].as_array().unwrap())
        .collect();
    for item in texts {
        let text = item["text"].as_str().unwrap();
        assert!(table.contains(text), "table lacks {text}");
        assert!(markdown.contains(text), "markdown lacks {text}");
    }
    assert_eq!(
        html_reasons,
        a["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (
                r["fact"].as_str().unwrap().to_string(),
                r["text"].as_str().unwrap().to_string()
            ))
            .collect::<Vec<_>>()
    );
    // The archetype follows the summary, before the scores.
    let at = |text: &str, heading: &str| text.find(heading).unwrap();
    assert!(at(&table, "Operating-model archetype") < at(&table, "┌"));
    assert!(at(&markdown, "## Summary") < at(&markdown, "## Operating-model archetype"));
    assert!(at(&markdown, "## Operating-model archetype") < at(&markdown, "## Readiness by"));
}

/// Makes each change offered, in engagement.yaml, and checks the report then advises what the
/// sentence said. Changes to the measured readiness cannot be written, and are skipped.
fn assert_changes_come_true(organisation: &str, levels: &[Option<u32>], a: &Value) -> usize {
    let mut made = 0;
    let routes = a["would_change"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|change| {
            let routes = change["routes"].as_array().unwrap();
            routes.iter().map(move |route| (change, route))
        });
    for (change, route) in routes {
        let mut facts: Vec<(String, String)> = organisation
            .lines()
            .filter_map(|l| l.trim().split_once(": "))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut writable = true;
        for c in route.as_array().unwrap() {
            let fact = c["fact"].as_str().unwrap();
            let value = match (fact, c["value"].as_str().unwrap()) {
                ("mean_readiness" | "readiness_spread", _) => {
                    writable = false;
                    break;
                }
                ("months_in_production", ">= 24") => "24".to_string(),
                ("months_in_production", "< 24") => "23".to_string(),
                ("business_units", ">= 2") => "2".to_string(),
                (_, v) => v.to_string(),
            };
            facts.retain(|(k, _)| k != fact);
            facts.push((fact.to_string(), value));
        }
        if !writable {
            continue;
        }
        let changed: Vec<String> = facts.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        let dir = engagement(Some(&changed.join("\n")), levels);
        assert_eq!(
            json(dir.path())["archetype"]["recommendation"],
            change["archetype"],
            "{route} with {changed:?}: {}",
            change["text"]
        );
        made += 1;
    }
    made
}

const EARLY: &str = "business_units: 3
    unit_distinctness: high
    regulatory_diversity: low
    ai_talent: low
    data_maturity: low
    months_in_production: 6";

#[test]
fn an_early_organisation_gets_hub_and_spoke() {
    let levels = [Some(1), Some(1)];
    let dir = engagement(Some(EARLY), &levels);
    let report = json(dir.path());
    let a = archetype(&report);
    assert_eq!(a["recommendation"], "hub_and_spoke");
    assert_eq!(a["stage"], "early");
    let mean = shown(&a["facts"], "mean_readiness");
    assert!(mean.parse::<f64>().unwrap() < 50.0);
    assert_eq!(
        reasons(a),
        pairs(&[
            ("months_in_production", "6"),
            ("ai_talent", "low"),
            ("data_maturity", "low"),
            ("mean_readiness", &mean),
        ])
    );
    assert_eq!(
        a["stage_text"],
        "Maturity: early — 4 facts point to an early stage, none to a mature one."
    );
    assert!(a["missing"].as_array().unwrap().is_empty());
    // Growing talent and data is not enough by itself while months and readiness stay early;
    // every change offered is to another archetype and comes true when made.
    let offered: Vec<&str> = a["would_change"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["archetype"].as_str().unwrap())
        .collect();
    assert!(!offered.is_empty() && !offered.contains(&"hub_and_spoke"));
    assert!(assert_changes_come_true(EARLY, &levels, a) >= 1);
    assert_every_format_agrees(dir.path(), a);
}

const MATURE: &str = "business_units: 4
    unit_distinctness: high
    regulatory_diversity: low
    ai_talent: high
    data_maturity: high
    months_in_production: 36";

#[test]
fn a_mature_organisation_with_distinct_units_gets_federated() {
    // The third process is too little answered to judge: its readiness of 0 is left out, or the
    // spread would make the advice hybrid.
    let levels = [Some(4), Some(4), None];
    let dir = engagement(Some(MATURE), &levels);
    let report = json(dir.path());
    assert_eq!(report["processes"][2]["verdict"], "not_assessed");
    assert_eq!(report["processes"][2]["readiness"], 0.0);
    let a = archetype(&report);
    assert_eq!(a["recommendation"], "federated");
    assert_eq!(a["stage"], "mature");
    assert_eq!(a["facts"]["assessed_processes"], 2);
    assert_eq!(a["facts"]["mean_readiness"], 100.0);
    assert_eq!(a["facts"]["readiness_spread"], 0.0);
    assert_eq!(
        reasons(a),
        pairs(&[
            ("business_units", "4"),
            ("unit_distinctness", "high"),
            ("months_in_production", "36"),
            ("ai_talent", "high"),
            ("data_maturity", "high"),
            ("mean_readiness", "100.0"),
        ])
    );
    // Hybrid is one change away, by either of two facts; each route is named in the sentence.
    let hybrid = a["would_change"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["archetype"] == "hybrid")
        .unwrap();
    assert_eq!(
        hybrid["routes"],
        serde_json::json!([
            [{"fact": "unit_distinctness", "value": "low"}],
            [{"fact": "regulatory_diversity", "value": "high"}]
        ])
    );
    assert_eq!(
        hybrid["text"],
        "Hybrid would suit with unit distinctness low, or with regulatory diversity high."
    );
    assert_eq!(assert_changes_come_true(MATURE, &levels, a), 2);
    assert_every_format_agrees(dir.path(), a);
}

#[test]
fn diverse_regulation_or_uneven_readiness_gets_hybrid() {
    // Regulation that differs between units.
    let diverse = MATURE.replace("regulatory_diversity: low", "regulatory_diversity: high");
    let levels = [Some(4), Some(4)];
    let dir = engagement(Some(&diverse), &levels);
    let a = json(dir.path())["archetype"].clone();
    assert_eq!(a["recommendation"], "hybrid");
    assert_eq!(
        reasons(&a)[..2],
        pairs(&[("business_units", "4"), ("regulatory_diversity", "high")])
    );
    assert_every_format_agrees(dir.path(), &a);
    assert!(assert_changes_come_true(&diverse, &levels, &a) >= 1);

    // Readiness far apart between processes, with the same organisation as the federated case.
    let levels = [Some(4), Some(1)];
    let dir = engagement(Some(MATURE), &levels);
    let report = json(dir.path());
    let a = archetype(&report);
    assert_eq!(a["recommendation"], "hybrid");
    let spread = a["facts"]["readiness_spread"].as_f64().unwrap();
    assert!(spread >= 25.0, "{spread}");
    let spread_reason = a["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["fact"] == "readiness_spread")
        .unwrap();
    assert_eq!(spread_reason["value"], format!("{spread:.1}"));
    assert!(spread_reason["text"]
        .as_str()
        .unwrap()
        .contains("maturity is uneven"));
    // Bringing readiness together would make it federated; the other facts stay as they are.
    assert!(a["would_change"].as_array().unwrap().iter().any(|c| {
        c["archetype"] == "federated"
            && c["routes"][0] == serde_json::json!([{"fact": "readiness_spread", "value": "< 25"}])
    }));
    assert_every_format_agrees(dir.path(), a);
}

#[test]
fn without_enough_facts_no_archetype_is_advised() {
    // No section at all.
    let dir = engagement(None, &[Some(4), Some(3)]);
    let report = json(dir.path());
    let a = archetype(&report);
    assert!(a["recommendation"].is_null());
    assert!(a.get("stage").is_none());
    assert_eq!(a["facts"]["organisation_given"], false);
    assert!(a["reasons"].as_array().unwrap().is_empty());
    assert!(a["would_change"].as_array().unwrap().is_empty());
    assert_eq!(
        a["missing"],
        serde_json::json!([
            "months_in_production",
            "ai_talent",
            "data_maturity",
            "business_units",
            "unit_distinctness"
        ])
    );
    assert!(a["headline"]
        .as_str()
        .unwrap()
        .contains("no `organisation` section"));
    assert_every_format_agrees(dir.path(), a);
    let table = report_text(dir.path());
    for need in a["needs"].as_array().unwrap() {
        assert!(table.contains(need.as_str().unwrap()), "{table}");
    }
    let (recommendation, html_reasons, needs) = html_archetype(dir.path());
    assert_eq!(recommendation, None);
    assert!(html_reasons.is_empty());
    assert_eq!(needs.len(), a["needs"].as_array().unwrap().len());
    assert!(needs[0].contains("months_in_production"), "{needs:?}");

    // A section too thin to advise from: one maturity fact, and the units.
    let dir = engagement(Some("ai_talent: high\nbusiness_units: 2"), &[Some(4)]);
    let a = json(dir.path())["archetype"].clone();
    assert!(a["recommendation"].is_null());
    assert_eq!(a["facts"]["organisation_given"], true);
    assert_eq!(
        a["missing"],
        serde_json::json!(["months_in_production", "data_maturity", "unit_distinctness"])
    );
    assert!(a["needs"][0]
        .as_str()
        .unwrap()
        .contains("(given: `ai_talent`)"));
    assert_every_format_agrees(dir.path(), &a);
}

fn report_text(dir: &Path) -> String {
    report(dir, "table")
}

#[test]
fn the_archetype_is_in_the_report_not_the_plan() {
    let dir = engagement(Some(EARLY), &[Some(1)]);
    let path = dir.path().to_str().unwrap();
    let plan: Value =
        serde_json::from_str(&stdout_of(&["plan", path, "--format", "json"])).unwrap();
    assert!(plan.get("archetype").is_none());
    assert!(!stdout_of(&["plan", path]).contains("archetype"));
    assert!(!stdout_of(&["plan", path, "--format", "html"]).contains("id=\"archetype\""));
    // The CSV holds process and dimension rows only.
    assert!(!stdout_of(&["report", path, "--format", "csv"]).contains("hub"));
}

#[test]
fn a_bad_value_in_organisation_exits_2_naming_file_and_line() {
    let cases = [
        (
            "ai_talent: hgh",
            "ai_talent must be low, medium or high, found `hgh`; did you mean `high`?",
        ),
        (
            "business_units: 0",
            "business_units is 0; give the number of business units",
        ),
        (
            "months_in_production: six",
            "months_in_production must be a whole number",
        ),
        ("headcount: 40", "unknown field `headcount`"),
    ];
    for (line, message) in cases {
        let dir = engagement(Some(&format!("data_maturity: low\n{line}")), &[Some(2)]);
        let output = omd()
            .args(["report", dir.path().to_str().unwrap()])
            .output()
            .unwrap();
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(output.status.code(), Some(2), "{line}: {stderr}");
        assert!(output.stdout.is_empty());
        // The organisation section starts after the process; its second line is the bad one.
        let wanted = format!(
            "{}:10:",
            dir.path().join("engagement.yaml").to_str().unwrap()
        );
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(&wanted) && l.contains(message)),
            "{line}: expected `{wanted}` and `{message}` in:\n{stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn on_a_narrow_terminal_the_archetype_wraps_between_words() {
    let out = common::on_terminal(60, "report examples/meridian-freight");
    let section: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("Operating-model archetype: "))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(section.len() >= 8, "{out}");
    for line in &section {
        assert!(line.chars().count() <= 60, "{line:?}");
    }
    // Every sentence of the JSON is there, whole, once the wrapping is undone.
    let a = json(&common::example())["archetype"].clone();
    let joined = section
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let sentences = a["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .chain(a["would_change"].as_array().unwrap())
        .map(|x| x["text"].as_str().unwrap())
        .chain([a["headline"].as_str().unwrap()]);
    for sentence in sentences {
        assert!(joined.contains(sentence), "{sentence} not in {joined}");
    }
}

#[test]
fn a_report_saved_before_the_archetype_existed_still_diffs() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = json(&common::example());
    old.as_object_mut().unwrap().remove("archetype").unwrap();
    let saved = dir.path().join("old.json");
    std::fs::write(&saved, serde_json::to_string(&old).unwrap()).unwrap();
    let out = stdout_of(&["diff", saved.to_str().unwrap(), "examples/meridian-freight"]);
    assert!(out.contains("0 verdicts changed"), "{out}");
}
