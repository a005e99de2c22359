//! The HTML report's charts, drawn as inline SVG by a writer of our own: a handful of shapes
//! and text, every piece of text escaped, every number printed the same way on every machine.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::model::{DimensionInfo, ProcessView, Thresholds};
use crate::plan::{Plan, Step, Wave};

/// Escapes text for XML (SVG text and attribute values alike).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML; a pasted note may hold them.
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A coordinate: at most one decimal, no trailing ".0", so output is short and stable.
fn num(x: f64) -> String {
    // Adding 0.0 turns -0 into 0.
    let rounded = (x * 10.0).round() / 10.0 + 0.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// How text sits on its x coordinate.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// An SVG drawing in progress. Shapes take a CSS class; the page's stylesheet colours them.
pub struct Svg {
    width: f64,
    height: f64,
    class: &'static str,
    label: String,
    body: String,
}

impl Svg {
    /// A drawing of `width` x `height` user units that scales to its container's width.
    pub fn new(width: f64, height: f64, class: &'static str, label: &str) -> Svg {
        Svg {
            width,
            height,
            class,
            label: label.to_string(),
            body: String::new(),
        }
    }

    pub fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, class: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}"/>"#,
            num(x),
            num(y),
            num(width.max(0.0)),
            num(height.max(0.0))
        );
    }

    pub fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), class: &str) {
        let _ = writeln!(
            self.body,
            r#"<line class="{class}" x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            num(x1),
            num(y1),
            num(x2),
            num(y2)
        );
    }

    pub fn polygon(&mut self, points: &[(f64, f64)], class: &str) {
        let points: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
            .collect();
        let _ = writeln!(
            self.body,
            r#"<polygon class="{class}" points="{}"/>"#,
            points.join(" ")
        );
    }

    pub fn text(&mut self, (x, y): (f64, f64), anchor: Anchor, class: &str, text: &str) {
        let _ = writeln!(
            self.body,
            r#"<text class="{class}" x="{}" y="{}" text-anchor="{}">{}</text>"#,
            num(x),
            num(y),
            anchor.as_str(),
            escape(text)
        );
    }

    /// Opens a group whose `<title>` is the tooltip of everything in it.
    pub fn open_group(&mut self, class: &str, title: &str) {
        let _ = writeln!(
            self.body,
            r#"<g class="{class}"><title>{}</title>"#,
            escape(title)
        );
    }

    pub fn close_group(&mut self) {
        self.body.push_str("</g>\n");
    }

    pub fn finish(self) -> String {
        format!(
            "<svg class=\"{}\" viewBox=\"0 0 {} {}\" \
             width=\"100%\" role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n{}</svg>",
            self.class,
            num(self.width),
            num(self.height),
            escape(&self.label),
            escape(&self.label),
            self.body
        )
    }
}

/// The band a score falls in, as a CSS class: the same thresholds the verdicts use.
pub fn band(score: Option<f64>, thresholds: &Thresholds) -> &'static str {
    match score {
        None => "none",
        Some(s) if s >= thresholds.ready_at => "ready",
        Some(s) if s >= thresholds.not_ready_below => "conditional",
        Some(_) => "not-ready",
    }
}

/// Text cut to `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        text
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    }
}

/// A process's dimension scores as horizontal bars on a 0-100 axis, with the verdict thresholds
/// drawn as lines.
pub fn dimension_bars(
    process: &ProcessView,
    dimensions: &[DimensionInfo],
    thresholds: &Thresholds,
) -> String {
    const LABEL: f64 = 190.0;
    const AXIS: f64 = 380.0;
    const ROW: f64 = 26.0;
    const TOP: f64 = 22.0;
    let rows = process.dimensions.0.len().max(1) as f64;
    let height = TOP + rows * ROW + 6.0;
    let x = |score: f64| LABEL + AXIS * score.clamp(0.0, 100.0) / 100.0;
    let mut svg = Svg::new(
        LABEL + AXIS + 60.0,
        height,
        "chart",
        &format!("Dimension scores of {}", process.name),
    );
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        svg.line((x(tick), TOP - 4.0), (x(tick), height - 4.0), "grid");
        svg.text((x(tick), TOP - 8.0), Anchor::Middle, "tick", &num(tick));
    }
    for (i, (id, score)) in process.dimensions.0.iter().enumerate() {
        let y = TOP + i as f64 * ROW;
        let name = dimensions
            .iter()
            .find(|d| &d.id == id)
            .map_or(score.name.as_str(), |d| d.name.as_str());
        svg.text(
            (LABEL - 8.0, y + ROW / 2.0 + 4.0),
            Anchor::End,
            "label",
            &clip(name, 28),
        );
        match score.score {
            Some(s) => {
                svg.open_group(
                    &format!("bar {}", band(Some(s), thresholds)),
                    &format!("{name}: {s:.1}"),
                );
                svg.rect(LABEL, y + 5.0, x(s) - LABEL, ROW - 10.0, "fill");
                svg.close_group();
                svg.text(
                    (x(s) + 6.0, y + ROW / 2.0 + 4.0),
                    Anchor::Start,
                    "value",
                    &format!("{s:.1}"),
                );
            }
            None => svg.text(
                (LABEL + 6.0, y + ROW / 2.0 + 4.0),
                Anchor::Start,
                "value none",
                "no answers",
            ),
        }
    }
    // The verdict thresholds, drawn over the bars so a bar's reach past them shows.
    for t in [thresholds.not_ready_below, thresholds.ready_at] {
        svg.line((x(t), TOP - 4.0), (x(t), height - 4.0), "threshold");
    }
    svg.finish()
}

/// Most step rows in one chart: a chart is an image, which a printer cannot split across
/// pages, so a long wave is drawn as several charts that each fit an A4 page.
pub const MAX_ROWS_PER_CHART: usize = 36;

/// A row of a timeline: a wave's span (and whether it continues an earlier chart), or a step.
enum Row<'p> {
    Wave(&'p Wave, bool),
    Step(&'p Step),
}

/// The plan on a week axis: a row per wave, every process's go-live marked.
pub fn timeline(plan: &Plan, names: &HashMap<&str, &str>) -> String {
    let rows = plan.waves.iter().map(|w| Row::Wave(w, false)).collect();
    gantt(
        plan,
        names,
        rows,
        "timeline",
        "Plan timeline by week: waves and go-live markers",
    )
}

/// A wave's steps on the same week axis as `timeline`, as one chart or, for a long wave,
/// several of at most `MAX_ROWS_PER_CHART` steps.
pub fn wave_timelines(plan: &Plan, wave: &Wave, names: &HashMap<&str, &str>) -> Vec<String> {
    wave.steps
        .chunks(MAX_ROWS_PER_CHART)
        .enumerate()
        .map(|(i, steps)| {
            let mut rows = vec![Row::Wave(wave, i > 0)];
            rows.extend(steps.iter().map(Row::Step));
            gantt(
                plan,
                names,
                rows,
                "wave-timeline",
                &format!("Wave {} steps by week", wave.index),
            )
        })
        .collect()
}

/// A Gantt chart of `rows` over the whole plan's weeks (so every chart shares one scale), with
/// a labelled marker per go-live and the horizon drawn when the plan runs past it.
fn gantt(
    plan: &Plan,
    names: &HashMap<&str, &str>,
    rows: Vec<Row>,
    class: &'static str,
    label: &str,
) -> String {
    const LABEL: f64 = 250.0;
    const AXIS: f64 = 420.0;
    const ROW: f64 = 18.0;
    let name = |id: &str| names.get(id).map_or(id.to_string(), |n| n.to_string());
    let last_step = plan
        .waves
        .iter()
        .flat_map(|w| w.steps.iter().map(|s| s.end_week).chain([w.end_week]))
        .max()
        .unwrap_or(0);
    let last_go_live = plan
        .go_live
        .iter()
        .filter_map(|g| g.week)
        .max()
        .unwrap_or(0);
    let weeks = plan.horizon_weeks.max(last_step).max(last_go_live).max(1);
    let week_width = AXIS / f64::from(weeks);
    // Week w (from 1) spans [left(w), left(w + 1)).
    let left = |week: u32| LABEL + f64::from(week.saturating_sub(1)) * week_width;
    let live: Vec<(&str, u32)> = plan
        .go_live
        .iter()
        .filter_map(|g| g.week.map(|w| (g.process.as_str(), w)))
        .collect();
    let header = 20.0 + live.len() as f64 * ROW;
    let height = header + rows.len().max(1) as f64 * ROW + 8.0;
    let mut svg = Svg::new(LABEL + AXIS + 10.0, height, class, label);

    let every = match weeks {
        0..=26 => 1,
        27..=52 => 4,
        _ => 8,
    };
    for week in 1..=weeks {
        if week == 1 || week % every == 0 {
            let middle = left(week) + week_width / 2.0;
            svg.text((middle, 12.0), Anchor::Middle, "tick", &week.to_string());
            svg.line((left(week), 16.0), (left(week), height - 4.0), "grid");
        }
    }
    svg.text((LABEL - 8.0, 12.0), Anchor::End, "tick", "Week");
    if plan.horizon_weeks < weeks {
        let x = left(plan.horizon_weeks + 1);
        svg.open_group(
            "horizon",
            &format!("Plan horizon: {} weeks", plan.horizon_weeks),
        );
        svg.line((x, 16.0), (x, height - 4.0), "line");
        svg.close_group();
    }

    let mut y = header;
    for row in &rows {
        match row {
            Row::Wave(wave, continued) => {
                svg.open_group(
                    "wave",
                    &format!(
                        "Wave {}: {} (weeks {}-{}, {} steps)",
                        wave.index,
                        wave.title,
                        wave.start_week,
                        wave.end_week,
                        wave.steps.len()
                    ),
                );
                svg.rect(
                    left(wave.start_week),
                    y + 3.0,
                    left(wave.end_week + 1) - left(wave.start_week),
                    ROW - 6.0,
                    "span",
                );
                let title = if *continued {
                    format!("{}. {} (continued)", wave.index, wave.title)
                } else {
                    format!("{}. {}", wave.index, wave.title)
                };
                svg.text(
                    (4.0, y + ROW - 5.0),
                    Anchor::Start,
                    "label",
                    &clip(&title, 38),
                );
                svg.close_group();
            }
            Row::Step(step) => {
                let served: Vec<String> = step.processes.iter().map(|p| name(p)).collect();
                svg.open_group(
                    &format!("step {}", step.effort.as_str()),
                    &format!(
                        "{} (weeks {}-{}, {}, {}; for {}): {}",
                        step.action,
                        step.start_week,
                        step.end_week,
                        step.effort.as_str(),
                        step.owner,
                        served.join(", "),
                        step.reason
                    ),
                );
                svg.text(
                    (14.0, y + ROW - 5.0),
                    Anchor::Start,
                    "label",
                    &clip(&step.action, 36),
                );
                svg.rect(
                    left(step.start_week),
                    y + 4.0,
                    left(step.end_week + 1) - left(step.start_week),
                    ROW - 8.0,
                    "bar",
                );
                svg.close_group();
            }
        }
        y += ROW;
    }

    for (i, (process, week)) in live.iter().enumerate() {
        let x = left(*week) + week_width / 2.0;
        let row_y = 20.0 + i as f64 * ROW + ROW / 2.0;
        svg.open_group(
            "go-live",
            &format!("{} goes live in week {week}", name(process)),
        );
        svg.line((x, row_y), (x, height - 4.0), "marker-line");
        svg.polygon(
            &[
                (x, row_y - 5.0),
                (x + 5.0, row_y),
                (x, row_y + 5.0),
                (x - 5.0, row_y),
            ],
            "marker",
        );
        let label = format!("{} (week {week})", clip(&name(process), 40));
        // Label on whichever side of the marker has room.
        if x - LABEL > AXIS / 2.0 {
            svg.text((x - 9.0, row_y + 4.0), Anchor::End, "label", &label);
        } else {
            svg.text((x + 9.0, row_y + 4.0), Anchor::Start, "label", &label);
        }
        svg.close_group();
    }
    svg.finish()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::plan::{GoLive, Step, Wave};
    use crate::questionnaire::Effort;

    pub fn sample_plan() -> Plan {
        let step = |id: &str, start, end| Step {
            id: id.into(),
            action: format!("Do <{id}> & more"),
            processes: vec!["a".into()],
            dimension: "process".into(),
            question: Some("q".into()),
            effort: Effort::Quick,
            owner: "Owner".into(),
            start_week: start,
            end_week: end,
            depends_on: vec![],
            reason: "because".into(),
        };
        Plan {
            first_process: Some("a".into()),
            horizon_weeks: 12,
            tractability: vec![],
            waves: vec![Wave {
                index: 1,
                title: "Clarify".into(),
                start_week: 1,
                end_week: 4,
                steps: vec![step("one", 1, 2), step("two", 3, 16)],
            }],
            go_live: vec![
                GoLive {
                    process: "a".into(),
                    week: Some(5),
                    within_horizon: true,
                    reason: "r".into(),
                    answer_first: vec![],
                },
                GoLive {
                    process: "b".into(),
                    week: None,
                    within_horizon: false,
                    reason: "no answers".into(),
                    answer_first: vec![],
                },
            ],
            owner_load: vec![],
        }
    }

    #[test]
    fn text_is_escaped_and_numbers_are_stable() {
        assert_eq!(
            escape(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.04), "0");
    }

    #[test]
    fn timeline_marks_go_lives_and_extends_past_the_horizon() {
        let names = HashMap::from([("a", "Alpha <process>")]);
        let plan = sample_plan();
        let svg = timeline(&plan, &names);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches(r#"<g class="go-live">"#).count(), 1);
        assert!(svg.contains("Alpha &lt;process&gt; goes live in week 5"));
        assert!(
            svg.contains(r#"<g class="horizon">"#),
            "16 weeks > horizon 12"
        );
        assert_eq!(svg.matches(r#"<g class="wave">"#).count(), 1);
        let steps = wave_timelines(&plan, &plan.waves[0], &names);
        assert_eq!(steps.len(), 1);
        assert!(steps[0].contains("Do &lt;one&gt; &amp; more"));
        assert!(!steps[0].contains("<one>"));
        assert_eq!(steps[0].matches(r#"<g class="step quick">"#).count(), 2);
        assert_eq!(steps[0].matches(r#"<g class="go-live">"#).count(), 1);
    }

    #[test]
    fn a_long_wave_is_drawn_in_charts_that_fit_a_page() {
        let mut plan = sample_plan();
        let step = plan.waves[0].steps[0].clone();
        plan.waves[0].steps = vec![step; MAX_ROWS_PER_CHART * 2 + 1];
        let charts = wave_timelines(&plan, &plan.waves[0], &HashMap::new());
        assert_eq!(charts.len(), 3);
        assert!(charts[1].contains("Clarify (continued)"));
        let steps: usize = charts
            .iter()
            .map(|c| c.matches(r#"<g class="step"#).count())
            .sum();
        assert_eq!(steps, MAX_ROWS_PER_CHART * 2 + 1);
    }

    #[test]
    fn an_empty_plan_still_draws() {
        let plan = Plan {
            first_process: None,
            horizon_weeks: 0,
            tractability: vec![],
            waves: vec![],
            go_live: vec![],
            owner_load: vec![],
        };
        let svg = timeline(&plan, &HashMap::new());
        assert!(svg.contains("viewBox"));
    }
}
