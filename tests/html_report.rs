#![allow(clippy::unwrap_used)]
//! The HTML report, parsed with a real HTML parser: its structure, that it is self-contained,
//! and that what respondents typed stays text.

mod common;

use common::stdout_of;
use scraper::{Html, Selector};

const EXAMPLE: &str = "examples/meridian-freight";

fn html() -> Html {
    Html::parse_document(&stdout_of(&["report", EXAMPLE, "--format", "html"]))
}

fn select<'a>(doc: &'a Html, selector: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(selector).unwrap()).collect()
}

fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

fn count(element: &scraper::ElementRef, selector: &str) -> usize {
    element.select(&Selector::parse(selector).unwrap()).count()
}

fn plan_json() -> serde_json::Value {
    serde_json::from_str(&stdout_of(&["plan", EXAMPLE, "--format", "json"])).unwrap()
}

#[test]
fn sections_come_in_reading_order_with_the_summary_first() {
    let doc = html();
    let title = select(&doc, "head > title");
    assert_eq!(
        text(&title[0]),
        "Readiness report: AI operating-model diagnostic, 2026"
    );
    let ids: Vec<&str> = select(&doc, "main section[id]")
        .iter()
        .map(|s| s.value().attr("id").unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "summary",
            "archetype",
            "heatmap",
            "findings",
            "roadmap",
            "checklists",
            "appendix",
            "backlog",
            "answers"
        ]
    );
    // Every section flows on from the one before: the example prints on 25 A4 pages only
    // without a forced break before the appendix.
    assert!(select(&doc, "section.new-page").is_empty());
}

#[test]
fn the_summary_has_verdicts_go_lives_with_dates_blockers_and_decisions() {
    let doc = html();
    let rows = select(&doc, "section#summary table.go-lives tbody tr");
    assert_eq!(rows.len(), 4, "one row per process");
    let first = text(&rows[0]);
    for expected in [
        "Supplier invoice processing",
        "75.7",
        "ready",
        "week 1 (1 Jun 2026)",
    ] {
        assert!(first.contains(expected), "{expected} not in {first}");
    }
    let verdicts: Vec<String> = select(&doc, "table.go-lives tbody .verdict")
        .iter()
        .map(text)
        .collect();
    assert_eq!(verdicts, ["ready", "conditional", "not ready", "not ready"]);
    assert!(text(&rows[1]).contains("week 29 (14 Dec 2026), after the 26-week horizon"));
    let plan = plan_json();
    let blockers = select(&doc, "section#summary ul.blockers li");
    let listed = plan["summary"]["blockers"].as_array().unwrap();
    assert_eq!(
        blockers.len(),
        listed.len() + 1,
        "each blocker and the count of the rest"
    );
    for (li, blocker) in blockers.iter().zip(listed) {
        let title = blocker["title"].as_str().unwrap();
        assert!(text(li).starts_with(title), "{} for {title}", text(li));
    }
    let decisions = select(&doc, "section#summary ul.decisions li:not(.more)");
    assert_eq!(
        decisions.len(),
        plan["summary"]["decisions"].as_array().unwrap().len()
    );
    let more = select(&doc, "section#summary ul.decisions li.more");
    let uncounted = plan["summary"]["more_decisions"].as_u64().unwrap();
    assert_eq!(
        more.len(),
        usize::from(uncounted > 0),
        "the count of the rest"
    );
    if let Some(li) = more.first() {
        assert_eq!(text(li), format!("and {uncounted} more (see the roadmap)"));
    }
    for li in &decisions {
        let line = text(li);
        assert!(
            [
                "Chief Operating Officer",
                "Executive sponsor",
                "Finance director"
            ]
            .iter()
            .any(|role| line.contains(role)),
            "an executive role owns {line}"
        );
    }
    assert!(!select(&doc, "section#summary p.legend").is_empty());
}

#[test]
fn the_heatmap_and_the_findings_per_process() {
    let doc = html();
    let header = select(&doc, "table.heatmap thead th");
    assert_eq!(
        header.len(),
        1 + 5 + 4,
        "process, five dimensions, readiness, coverage, confidence, evidence"
    );
    let cells = select(&doc, "table.heatmap tbody td.score");
    assert_eq!(cells.len(), 4 * 5, "a cell per process and dimension");
    assert_eq!(text(&cells[0]), "80.6");
    assert!(cells[0].value().classes().any(|c| c == "band-ready"));
    let low = select(
        &doc,
        "table.heatmap tr[data-process=demand-forecasting] td.score",
    );
    assert!(low
        .iter()
        .all(|c| c.value().classes().any(|c| c == "band-not-ready")));
    assert!(!select(&doc, "section#heatmap p.legend").is_empty());

    let findings = select(&doc, "section#findings div.process-findings");
    assert_eq!(findings.len(), 4);
    for f in &findings {
        assert_eq!(count(f, "svg.chart"), 1, "one chart per process");
        assert_eq!(count(f, "svg.chart g.bar"), 5, "a bar per dimension");
    }
    let disagreements = select(
        &doc,
        "#process-credit-approval ul.disagreements > li.disagreement",
    );
    let questions: Vec<&str> = disagreements
        .iter()
        .map(|s| s.value().attr("data-question").unwrap())
        .collect();
    assert_eq!(
        questions,
        [
            "human_review_checkpoints",
            "act_without_review",
            "non_delegable_decisions"
        ]
    );
    let disagreement = text(&disagreements[0]);
    assert!(
        disagreement.contains("Helen Marsh") && disagreement.contains("3 (Managed)"),
        "{disagreement}"
    );
}

#[test]
fn the_roadmap_draws_every_initiative_numbered_to_its_table() {
    let doc = html();
    let plan = plan_json();
    let workstreams = plan["roadmap"]["workstreams"].as_array().unwrap();
    let blocks = select(&doc, "section#roadmap div.workstream");
    assert_eq!(blocks.len(), workstreams.len());
    let mut number = 0;
    for (block, workstream) in blocks.iter().zip(workstreams) {
        let initiatives = workstream["initiatives"].as_array().unwrap();
        assert_eq!(count(block, "svg.roadmap g.initiative"), initiatives.len());
        let rows: Vec<_> = block
            .select(&Selector::parse("table.initiatives tbody tr").unwrap())
            .collect();
        assert_eq!(rows.len(), initiatives.len());
        for (row, initiative) in rows.iter().zip(initiatives) {
            number += 1;
            let label = format!("{number}. ");
            let cells: Vec<String> = row
                .select(&Selector::parse("td").unwrap())
                .map(|c| text(&c))
                .collect();
            assert_eq!(cells[0], number.to_string());
            assert!(cells[1].starts_with(initiative["title"].as_str().unwrap()));
            // The chart's label carries the same number.
            assert!(
                block
                    .select(&Selector::parse("svg.roadmap text.label").unwrap())
                    .any(|t| text(&t).starts_with(&label)),
                "no chart label {label}"
            );
            let holds = initiative["holds_go_live"].as_bool().unwrap();
            assert_eq!(cells[1].contains("(runs alongside)"), !holds);
        }
    }
    // One axis for every chart: the same width.
    let widths: Vec<&str> = select(&doc, "section#roadmap svg")
        .iter()
        .map(|s| {
            s.value()
                .attr("viewBox")
                .unwrap()
                .split(' ')
                .nth(2)
                .unwrap()
        })
        .collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "{widths:?}");
    let markers: Vec<String> = select(&doc, "svg.go-lives g.go-live > title")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        markers,
        [
            "1. Supplier invoice processing: goes live in week 1",
            "2. Inbound customer email and ticket triage: goes live in week 29",
            "3. Trade credit approval for new customers: goes live in week 39",
            "4. Warehouse capacity and demand forecasting: goes live in week 41"
        ]
    );
    assert!(
        select(&doc, "section#roadmap svg g.horizon").len() > 1,
        "go-lives after the 26-week horizon show it on every chart"
    );
    let legend = text(&select(&doc, "section#roadmap p.legend")[0]);
    for entry in [
        "a go-live waits for it",
        "runs alongside",
        "go-live, numbered",
        "26-week horizon",
    ] {
        assert!(
            legend.contains(entry),
            "{entry} not in the legend: {legend}"
        );
    }
    // Month labels, since the example starts on 1 June 2026.
    assert!(select(&doc, "svg.go-lives text.tick")
        .iter()
        .any(|t| text(t) == "Jun 2026"));
}

#[test]
fn owner_load_is_a_heat_strip_with_its_legend() {
    let doc = html();
    let plan = plan_json();
    let load = &plan["roadmap"]["owner_load"];
    let periods = load["periods"].as_array().unwrap().len();
    let rows = select(&doc, "table.owner-load tbody tr");
    assert_eq!(rows.len(), load["owners"].as_array().unwrap().len());
    for (row, owner) in rows.iter().zip(load["owners"].as_array().unwrap()) {
        let cells: Vec<String> = row
            .select(&Selector::parse("td.num").unwrap())
            .map(|c| text(&c))
            .collect();
        assert_eq!(cells.len(), periods + 1, "a cell per month and the peak");
        let steps: Vec<String> = owner["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(cells[..periods], steps[..]);
    }
    let busiest = rows[0]
        .select(&Selector::parse("td.heat-4").unwrap())
        .count();
    assert!(busiest >= 1, "the busiest month is the darkest shade");
    assert!(text(&select(&doc, "section#roadmap p.legend")[1]).starts_with("Shade:"));
}

#[test]
fn checklists_name_the_step_that_delivers_each_open_item() {
    let doc = html();
    let plan = plan_json();
    let checklists = plan["checklists"].as_array().unwrap();
    let tables = select(&doc, "section#checklists table.checklist");
    assert_eq!(tables.len(), checklists.len());
    for (table, checklist) in tables.iter().zip(checklists) {
        let rows: Vec<_> = table
            .select(&Selector::parse("tbody tr").unwrap())
            .collect();
        let items = checklist["items"].as_array().unwrap();
        assert_eq!(rows.len(), items.len());
        for (row, item) in rows.iter().zip(items) {
            let line = text(row);
            if item["met"].as_bool().unwrap() {
                assert!(line.contains("in place"), "{line}");
            } else {
                for step in item["steps"].as_array().unwrap() {
                    assert!(line.contains(step["title"].as_str().unwrap()), "{line}");
                }
            }
        }
    }
}

#[test]
fn the_appendix_holds_every_step_and_every_answer() {
    let doc = html();
    let plan = plan_json();
    let steps = common::plan_steps(&plan).len();
    assert_eq!(select(&doc, "section#backlog p.step").len(), steps);
    assert_eq!(
        select(&doc, "section#backlog table.go-live tbody tr").len(),
        4
    );
    let tables = select(&doc, "section#answers table.answers");
    assert_eq!(tables.len(), 4);
    assert_eq!(count(&tables[0], "tbody tr[data-question]"), 47);
    assert!(
        select(&doc, "ol.notes .note").len() > 10,
        "notes listed under their table"
    );
    let evidence = select(&doc, "ol.notes .evidence");
    assert!(evidence.iter().any(|e| text(e).contains("Ticket 48213")));
}

#[test]
fn the_page_is_self_contained_and_scriptless() {
    let doc = html();
    assert!(select(&doc, "script").is_empty(), "a <script> element");
    assert!(select(&doc, "link").is_empty(), "a <link> element");
    assert!(select(&doc, "iframe, object, embed, img").is_empty());
    for element in select(&doc, "[src], [href]") {
        for attribute in ["src", "href"] {
            if let Some(url) = element.value().attr(attribute) {
                assert!(url.starts_with('#'), "external reference {attribute}={url}");
            }
        }
    }
    let style: String = select(&doc, "style").iter().map(text).collect();
    assert!(!style.contains("@import") && !style.contains("url("));
    assert!(style.contains("@media print") && style.contains("size: A4"));
}

#[test]
fn what_respondents_typed_is_text_never_markup() {
    let doc = html();
    let notes: Vec<String> = select(&doc, ".note").iter().map(text).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("One ticket was just <script>alert(1)</script> pasted")),
        "the note is shown as text"
    );
    let raw = stdout_of(&["report", EXAMPLE, "--format", "html"]);
    assert!(!raw.contains("<script>"));
}

#[test]
fn the_date_is_shown_when_asked_for() {
    let plain = stdout_of(&["report", EXAMPLE, "--format", "html"]);
    assert!(!plain.contains("<time"));
    let dated = Html::parse_document(&stdout_of(&[
        "report",
        EXAMPLE,
        "--format",
        "html",
        "--date",
        "2026-03-31",
    ]));
    let time = select(&dated, "time.date");
    assert_eq!(time.len(), 1);
    assert_eq!(time[0].value().attr("datetime"), Some("2026-03-31"));
}

#[test]
fn omd_plan_as_html_is_the_plan_alone() {
    let doc = Html::parse_document(&stdout_of(&["plan", EXAMPLE, "--format", "html"]));
    assert_eq!(
        text(&select(&doc, "head > title")[0]),
        "Plan: AI operating-model diagnostic, 2026"
    );
    assert_eq!(select(&doc, "svg.go-lives").len(), 1);
    assert!(!select(&doc, "section#roadmap svg.roadmap").is_empty());
    assert!(!select(&doc, "section#checklists table.checklist").is_empty());
    assert!(select(&doc, "table.heatmap, #findings, #answers").is_empty());
    assert!(select(&doc, "script").is_empty());
}

#[test]
fn ids_quoted_in_reasons_are_code_not_backticks() {
    let doc = html();
    let step_reasons = select(&doc, "p.step .why code");
    assert!(
        !step_reasons.is_empty(),
        "plan reasons quote question ids as <code>"
    );
    let verdict_reasons = select(&doc, "ul.reasons li code");
    assert!(
        !verdict_reasons.is_empty(),
        "gate reasons quote question ids as <code>"
    );
    for cell in select(&doc, "p.step .why")
        .iter()
        .chain(select(&doc, "ul.reasons li").iter())
    {
        assert!(
            !text(cell).contains('`'),
            "a backtick reached the page: {}",
            text(cell)
        );
    }
}
