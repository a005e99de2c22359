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

#[test]
fn the_page_has_a_summary_heatmap_charts_seams_and_answers() {
    let doc = html();
    let title = select(&doc, "head > title");
    assert_eq!(title.len(), 1);
    assert_eq!(
        text(&title[0]),
        "Readiness report: AI operating-model diagnostic, 2026"
    );

    let rows = select(&doc, "table.summary tbody tr");
    assert_eq!(rows.len(), 4, "one summary row per process");
    let first = text(&rows[0]);
    for expected in [
        "Supplier invoice processing",
        "77.3",
        "ready",
        "100%",
        "high (3 resp.)",
    ] {
        assert!(first.contains(expected), "{expected} not in {first}");
    }
    let verdicts: Vec<String> = select(&doc, "table.summary tbody .verdict")
        .iter()
        .map(text)
        .collect();
    assert_eq!(verdicts, ["ready", "conditional", "not ready", "not ready"]);

    let header = select(&doc, "table.heatmap thead th");
    assert_eq!(
        header.len(),
        1 + 5 + 1,
        "process, five dimensions, readiness"
    );
    let cells = select(&doc, "table.heatmap tbody td.score");
    assert_eq!(cells.len(), 4 * 5, "a cell per process and dimension");
    assert_eq!(text(&cells[0]), "80.6");
    assert!(cells[0].value().classes().any(|c| c == "band-ready"));
    let low = select(&doc, "tr[data-process=demand-forecasting] td.score");
    assert!(low
        .iter()
        .all(|c| c.value().classes().any(|c| c == "band-not-ready")));

    let sections = select(&doc, "section.process");
    assert_eq!(sections.len(), 4);
    for section in &sections {
        let charts: Vec<_> = section
            .select(&Selector::parse("svg.chart").unwrap())
            .collect();
        assert_eq!(charts.len(), 1, "one chart per process");
        let bars = charts[0].select(&Selector::parse("g.bar").unwrap()).count();
        assert_eq!(bars, 5, "a bar per dimension");
    }
    assert_eq!(select(&doc, "svg.chart").len(), 4);

    let seams = select(&doc, "#process-credit-approval ul.seams > li.seam");
    let questions: Vec<&str> = seams
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
    let seam = text(&seams[0]);
    assert!(
        seam.contains("Helen Marsh") && seam.contains("3 (Managed)"),
        "{seam}"
    );

    let timeline = select(&doc, "section#plan svg.timeline");
    assert_eq!(timeline.len(), 1, "the plan as a timeline");
    let markers: Vec<String> = timeline[0]
        .select(&Selector::parse("g.go-live > title").unwrap())
        .map(|t| text(&t))
        .collect();
    assert_eq!(
        markers,
        [
            "Supplier invoice processing goes live in week 1",
            "Inbound customer email and ticket triage goes live in week 29",
            "Trade credit approval for new customers goes live in week 39",
            "Warehouse capacity and demand forecasting goes live in week 41"
        ]
    );
    assert_eq!(
        timeline[0]
            .select(&Selector::parse("g.wave").unwrap())
            .count(),
        select(&doc, "section#plan h3.wave").len(),
        "a row per wave"
    );
    assert_eq!(
        timeline[0]
            .select(&Selector::parse("g.horizon").unwrap())
            .count(),
        1,
        "go-lives after the 26-week horizon show it"
    );
    let steps: usize = select(&doc, "section#plan svg.wave-timeline")
        .iter()
        .map(|chart| chart.select(&Selector::parse("g.step").unwrap()).count())
        .sum();
    let rows = select(&doc, "section#plan table.steps tbody tr").len();
    assert!(
        steps > 20 && steps == rows,
        "a bar and a table row per step: {steps}, {rows}"
    );
    assert_eq!(select(&doc, "section#plan table.go-live tbody tr").len(), 4);

    let details = select(&doc, "#process-invoice-processing details.dimension");
    assert_eq!(details.len(), 5, "answers collapsible per dimension");
    assert!(
        select(&doc, "details .note").len() > 10,
        "notes shown beside answers"
    );
    let evidence = select(&doc, "ul.evidence li");
    assert!(evidence.iter().any(|e| text(e) == "Ticket 48213"));
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
    assert_eq!(select(&doc, "svg.timeline").len(), 1);
    assert!(select(&doc, "table.summary, table.heatmap, section.process").is_empty());
    assert!(select(&doc, "script").is_empty());
}

#[test]
fn ids_quoted_in_reasons_are_code_not_backticks() {
    let doc = html();
    let step_reasons = select(&doc, "table.steps td code");
    assert!(
        !step_reasons.is_empty(),
        "plan reasons quote question ids as <code>"
    );
    let verdict_reasons = select(&doc, "ul.reasons li code");
    assert!(
        !verdict_reasons.is_empty(),
        "gate reasons quote question ids as <code>"
    );
    for cell in select(&doc, "table.steps td")
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
