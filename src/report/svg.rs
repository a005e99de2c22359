//! The HTML report's charts, drawn as inline SVG by a writer of our own: a handful of shapes
//! and text, every piece of text escaped, every number printed the same way on every machine.

use std::fmt::Write as _;

use super::model::{DimensionInfo, ProcessView, Thresholds};

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
    // Room for a name clipped to 24 characters at 11px (about 7px a character in the widest
    // common sans-serif fonts), right-aligned 8px before the axis.
    const LABEL: f64 = 180.0;
    const AXIS: f64 = 230.0;
    const ROW: f64 = 24.0;
    const TOP: f64 = 22.0;
    let rows = process.dimensions.0.len().max(1) as f64;
    let height = TOP + rows * ROW + 6.0;
    let x = |score: f64| LABEL + AXIS * score.clamp(0.0, 100.0) / 100.0;
    let mut svg = Svg::new(
        LABEL + AXIS + 40.0,
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
            &clip(name, 24),
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

/// The week axis every roadmap chart shares: from week 1 to the later of the plan's last week
/// and its horizon, labelled by month when the plan has a start, else every few weeks.
pub struct WeekAxis {
    /// Room for the row labels, in user units: wide enough for the longest label (up to
    /// [`MAX_LABEL_CHARS`]), so every chart of a report shares one scale.
    pub label_width: f64,
    pub weeks: u32,
    pub horizon: u32,
    /// (week where a label starts, label), e.g. (5, "Feb 2027").
    pub labels: Vec<(u32, String)>,
}

impl WeekAxis {
    /// An axis for rows whose longest label has `longest` characters.
    pub fn new(weeks: u32, horizon: u32, months: Vec<(u32, String)>, longest: usize) -> WeekAxis {
        let weeks = weeks.max(horizon).max(1);
        let labels = if months.is_empty() {
            let every = match weeks {
                0..=26 => 2,
                27..=52 => 4,
                53..=104 => 8,
                _ => 26,
            };
            (1..=weeks)
                .filter(|w| *w == 1 || w % every == 0)
                .map(|w| (w, format!("wk {w}")))
                .collect()
        } else {
            months
        };
        WeekAxis {
            label_width: (longest.min(MAX_LABEL_CHARS) as f64 * 6.0 + 30.0).clamp(180.0, 420.0),
            weeks,
            horizon,
            labels,
        }
    }
}

/// The longest row label drawn whole; a longer one is clipped, its full text in the table
/// beside the chart.
pub const MAX_LABEL_CHARS: usize = 64;
/// The width of the week axis, in user units.
const ROADMAP_AXIS: f64 = 430.0;
const ROADMAP_ROW: f64 = 17.0;

/// Draws the axis: month (or week) labels, grid lines, and the horizon line when the plan runs
/// past it. Returns the x of the start of week `w`.
fn draw_axis(svg: &mut Svg, axis: &WeekAxis, height: f64) -> impl Fn(u32) -> f64 {
    let week_width = ROADMAP_AXIS / f64::from(axis.weeks);
    let label_width = axis.label_width;
    let left = move |week: u32| label_width + f64::from(week.saturating_sub(1)) * week_width;
    // A label is drawn where the previous one has ended (about 6 units a character at the
    // ticks' size); one that would overlap it is left out, its grid line kept.
    let mut free_from = f64::MIN;
    for (week, label) in &axis.labels {
        let x = left(*week);
        svg.line((x, 14.0), (x, height - 2.0), "grid");
        if x >= free_from {
            svg.text((x + 2.0, 11.0), Anchor::Start, "tick", label);
            free_from = x + 6.0 * label.chars().count() as f64 + 6.0;
        }
    }
    if axis.horizon < axis.weeks {
        let x = left(axis.horizon + 1);
        svg.open_group(
            "horizon",
            &format!("Horizon: the end of week {}", axis.horizon),
        );
        svg.line((x, 14.0), (x, height - 2.0), "line");
        svg.close_group();
    }
    left
}

/// One roadmap row: its number in the roadmap table, its title, its weeks, whether a go-live
/// waits for it, and its tooltip.
pub struct RoadmapRow<'a> {
    pub number: usize,
    pub title: &'a str,
    pub start_week: u32,
    pub end_week: u32,
    pub holds_go_live: bool,
    pub tooltip: String,
}

/// One workstream's initiatives as bars on the shared axis. Each label carries the row's number
/// in the roadmap table below the chart, where the full title is.
pub fn roadmap_chart(workstream: &str, rows: &[RoadmapRow], axis: &WeekAxis) -> String {
    let height = 18.0 + rows.len().max(1) as f64 * ROADMAP_ROW + 4.0;
    let mut svg = Svg::new(
        axis.label_width + ROADMAP_AXIS + 10.0,
        height,
        "roadmap",
        &format!("{workstream}: initiatives by week"),
    );
    let left = draw_axis(&mut svg, axis, height);
    for (i, row) in rows.iter().enumerate() {
        let y = 18.0 + i as f64 * ROADMAP_ROW;
        let class = if row.holds_go_live {
            "initiative holds"
        } else {
            "initiative alongside"
        };
        svg.open_group(class, &row.tooltip);
        svg.text(
            (4.0, y + ROADMAP_ROW - 5.0),
            Anchor::Start,
            "label",
            &format!("{}. {}", row.number, clip(row.title, MAX_LABEL_CHARS)),
        );
        svg.rect(
            left(row.start_week),
            y + 3.0,
            left(row.end_week + 1) - left(row.start_week),
            ROADMAP_ROW - 6.0,
            "bar",
        );
        svg.close_group();
    }
    svg.finish()
}

/// The go-lives on the shared axis: one numbered marker per process, in one row per go-live so
/// no two labels meet; the number matches the go-live table.
pub fn go_live_chart(go_lives: &[(usize, &str, u32)], axis: &WeekAxis) -> String {
    let height = 18.0 + go_lives.len().max(1) as f64 * ROADMAP_ROW + 4.0;
    let mut svg = Svg::new(
        axis.label_width + ROADMAP_AXIS + 10.0,
        height,
        "go-lives",
        "Go-lives by week",
    );
    let week_width = ROADMAP_AXIS / f64::from(axis.weeks);
    let left = draw_axis(&mut svg, axis, height);
    for (i, (number, name, week)) in go_lives.iter().enumerate() {
        let y = 18.0 + i as f64 * ROADMAP_ROW + ROADMAP_ROW / 2.0;
        let x = left(*week) + week_width / 2.0;
        svg.open_group(
            "go-live",
            &format!("{number}. {name}: goes live in week {week}"),
        );
        svg.text(
            (4.0, y + 4.0),
            Anchor::Start,
            "label",
            &format!("{number}. {}", clip(name, MAX_LABEL_CHARS)),
        );
        svg.polygon(
            &[(x, y - 5.0), (x + 5.0, y), (x, y + 5.0), (x - 5.0, y)],
            "marker",
        );
        svg.close_group();
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn row(number: usize, title: &str, start_week: u32, end_week: u32) -> RoadmapRow<'_> {
        RoadmapRow {
            number,
            title,
            start_week,
            end_week,
            holds_go_live: number % 2 == 1,
            tooltip: format!("{title}: weeks {start_week}-{end_week}"),
        }
    }

    #[test]
    fn roadmap_rows_are_numbered_escaped_and_past_the_horizon() {
        let axis = WeekAxis::new(16, 12, vec![], 20);
        let svg = roadmap_chart(
            "Data",
            &[row(1, "Do <one> & more", 1, 2), row(2, "Two", 3, 16)],
            &axis,
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("1. Do &lt;one&gt; &amp; more"));
        assert!(!svg.contains("<one>"));
        assert_eq!(svg.matches(r#"<g class="initiative holds">"#).count(), 1);
        assert_eq!(
            svg.matches(r#"<g class="initiative alongside">"#).count(),
            1
        );
        assert!(
            svg.contains(r#"<g class="horizon">"#),
            "16 weeks > horizon 12"
        );
        let within = roadmap_chart(
            "Data",
            &[row(1, "One", 1, 2)],
            &WeekAxis::new(10, 12, vec![], 20),
        );
        assert!(!within.contains(r#"class="horizon""#));
    }

    #[test]
    fn long_titles_are_clipped_with_their_number() {
        let title = "A very long initiative title that goes on and on and on, well past the label";
        let svg = roadmap_chart(
            "X",
            &[row(7, title, 1, 2)],
            &WeekAxis::new(4, 4, vec![], 80),
        );
        let label = svg
            .lines()
            .find(|l| l.contains(r#"class="label""#))
            .unwrap();
        assert!(
            label.contains("7. A very long initiative title") && label.contains("…</text>"),
            "{label}"
        );
        assert!(svg.contains(&format!("<title>{title}: weeks 1-2</title>")));
    }

    #[test]
    fn go_lives_each_have_a_row_and_a_marker() {
        let axis = WeekAxis::new(
            41,
            26,
            vec![(1, "Jan 2027".into()), (9, "Feb 2027".into())],
            20,
        );
        let svg = go_live_chart(&[(1, "Alpha", 1), (2, "Beta <b>", 29)], &axis);
        assert_eq!(svg.matches(r#"<g class="go-live">"#).count(), 2);
        assert!(svg.contains("2. Beta &lt;b&gt;: goes live in week 29"));
        assert!(svg.contains("Feb 2027"));
    }
}
