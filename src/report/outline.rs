//! A questionnaire as readable text, for `omd questionnaire show`.

use super::text::paragraph;
use crate::questionnaire::{Question, Questionnaire, Scale, DEFAULT_SCALE};
use crate::structured_text::{self, is_structured};

/// The questionnaire outline: dimensions, questions with level descriptors, gates and actions,
/// wrapped to `width` columns on a terminal (not at all without a width).
pub fn outline(q: &Questionnaire, width: Option<u16>) -> String {
    let mut out = format!("{} ({} {})\n", q.title, q.id, q.version);
    if !q.description.trim().is_empty() {
        out.push_str(&long_text(&q.description, width, "", ""));
    }
    out.push_str("\nScales:\n");
    for scale in &q.scales {
        scale_levels(scale, width, &mut out);
    }
    model_of_its_own(q, &mut out);
    let mut number = 0;
    for d in &q.dimensions {
        let role = d
            .role
            .map_or("no role: planned conservatively".to_string(), |r| {
                format!("plays the {} role", r.as_str())
            });
        out.push('\n');
        out.push_str(&paragraph(
            &format!("== {} ({}, weight {}; {role}) ==", d.name, d.id, d.weight),
            width,
            "",
            "   ",
        ));
        if !d.description.trim().is_empty() {
            out.push_str(&long_text(&d.description, width, "", ""));
        }
        areas(d, &mut out);
        for question in q
            .questions
            .iter()
            .filter(|question| question.dimension == d.id)
        {
            number += 1;
            let scale = q.scale(&question.scale);
            let mut facts = vec![format!("target {}", question.target)];
            if let Some(group) = &question.group {
                facts.push(format!("group {group}"));
            }
            if question.scale != DEFAULT_SCALE {
                facts.push(format!("scale {}", question.scale));
            }
            if let Some(gate) = &question.gate {
                let tiers: Vec<&str> = gate.risk_tiers.iter().map(|t| t.as_str()).collect();
                facts.push(if tiers.is_empty() {
                    format!("gate: at least {}", gate.min_level)
                } else {
                    format!(
                        "gate: at least {} for {} risk",
                        gate.min_level,
                        tiers.join("/")
                    )
                });
            }
            if question.allow_na {
                facts.push("N/A allowed".to_string());
            }
            if question.weight != 1.0 {
                facts.push(format!("weight {}", question.weight));
            }
            out.push('\n');
            out.push_str(&headed(
                &format!("{number}. [{}]", question.id),
                &question.text,
                width,
                "   ",
            ));
            out.push_str(&paragraph(
                &format!("({})", facts.join("; ")),
                width,
                "   ",
                "    ",
            ));
            question_texts(question, scale, width, &mut out);
        }
    }
    seams(q, width, &mut out);
    out
}

/// The labels of a scale: on one line, numbered and parted by ` · `, when they are short and
/// hold no comma; otherwise one per line, so that a label's commas never look like a separator.
fn scale_levels(scale: &Scale, width: Option<u16>, out: &mut String) {
    let levels: Vec<String> = scale
        .levels
        .iter()
        .enumerate()
        .map(|(i, l)| format!("{i} {}", l.label.trim()))
        .collect();
    let line = format!("  {}: {}", scale.id, levels.join(" · "));
    let fits = line.chars().count() <= usize::from(width.unwrap_or(100).min(100));
    if fits && !scale.levels.iter().any(|l| l.label.contains([',', '·'])) {
        out.push_str(&line);
        out.push('\n');
        return;
    }
    out.push_str(&format!("  {}:\n", scale.id));
    for (i, level) in scale.levels.iter().enumerate() {
        let number = format!("    {i} ");
        let hang = " ".repeat(number.chars().count());
        out.push_str(&paragraph(level.label.trim(), width, &number, &hang));
    }
}

/// A question's guidance, level descriptors and actions, each under its heading.
fn question_texts(
    question: &Question,
    scale: Option<&Scale>,
    width: Option<u16>,
    out: &mut String,
) {
    if !question.guidance.trim().is_empty() {
        out.push_str(&headed("   Guidance:", &question.guidance, width, "     "));
    }
    for (level, descriptor) in question.levels.iter().enumerate() {
        let label = scale.map_or("", |s| s.label(level));
        out.push_str(&headed(
            &format!("   {level} {label}:"),
            descriptor,
            width,
            "     ",
        ));
    }
    for action in &question.actions {
        let mut facts = String::new();
        if !action.depends_on.is_empty() {
            facts.push_str(&format!(" [after {}]", action.depends_on.join(", ")));
        }
        if !action.tags.is_empty() {
            let tags: Vec<&str> = action.tags.iter().map(|t| t.as_str()).collect();
            facts.push_str(&format!(" [tags {}]", tags.join(", ")));
        }
        if action.continues_after_go_live {
            facts.push_str(" [continues after go-live]");
        }
        let head = format!(
            "   -> {} ({}, {} wk, {})",
            action.id,
            action.effort.as_str(),
            action.weeks,
            action.owner
        );
        if is_structured(&action.text) {
            // The facts stay on the heading line, the text's lines go under it.
            out.push_str(&headed(
                &format!("{head}{facts}:"),
                &action.text,
                width,
                "      ",
            ));
        } else {
            let line = format!("{head}: {}{facts}", action.text.trim());
            out.push_str(&paragraph(&line, width, "", "      "));
        }
    }
}

/// `heading` and a long text: on one line when the text is one paragraph (its wrapped lines
/// indented by `indent`), else the heading alone and the text's lines under it at `indent`.
fn headed(heading: &str, text: &str, width: Option<u16>, indent: &str) -> String {
    if is_structured(text) {
        let mut out = paragraph(heading, width, "", indent);
        out.push_str(&long_text(text, width, indent, indent));
        out
    } else {
        paragraph(&format!("{heading} {}", text.trim()), width, "", indent)
    }
}

/// A long text wrapped to `width`, its lines and lists kept.
fn long_text(text: &str, width: Option<u16>, first: &str, rest: &str) -> String {
    structured_text::terminal(text.trim(), width, first, rest)
}

/// The questionnaire's own scale and whether N/A needs a reason, when it says.
fn model_of_its_own(q: &Questionnaire, out: &mut String) {
    if let Some(native) = &q.native_score {
        out.push_str(&format!(
            "Native score: {} from {} to {} ({})\n",
            native.name,
            native.min,
            native.max,
            crate::report::text::count(
                usize::try_from(native.decimals()).unwrap_or(usize::MAX),
                "decimal",
                "decimals"
            )
        ));
    }
    if !q.na_reason.is_required() {
        out.push_str("Not applicable: a reason is optional\n");
    }
}

/// A dimension's bands and groups (practices), each group with its own bands.
fn areas(d: &crate::questionnaire::Dimension, out: &mut String) {
    let bands = |bands: &[crate::questionnaire::Band]| -> String {
        let listed: Vec<String> = bands
            .iter()
            .map(|b| format!("from {} {}", b.from, b.label))
            .collect();
        listed.join("; ")
    };
    if !d.bands.is_empty() {
        out.push_str(&format!("Bands: {}\n", bands(&d.bands)));
    }
    for g in &d.groups {
        let mut line = format!("Practice [{}] {}", g.id, g.name);
        if g.weight != 1.0 {
            line.push_str(&format!(" (weight {})", g.weight));
        }
        if !g.bands.is_empty() {
            line.push_str(&format!("; bands: {}", bands(&g.bands)));
        }
        out.push_str(&line);
        out.push('\n');
    }
}

/// The seams: each join's two sides with the questions they select, its risk and its actions.
fn seams(q: &Questionnaire, width: Option<u16>, out: &mut String) {
    if q.seams.is_empty() {
        return;
    }
    out.push_str("\n== Seams: the joins between parts of the operating model ==\n");
    for seam in &q.seams {
        let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push('\n');
        out.push_str(&paragraph(
            &format!("[{}] {}", seam.id, one_line(&seam.name)),
            width,
            "",
            "   ",
        ));
        for side in &seam.sides {
            let ids: Vec<&str> = side
                .select(q)
                .into_iter()
                .map(|qi| q.questions[qi].id.as_str())
                .collect();
            out.push_str(&paragraph(
                &format!("side {}: {}", one_line(&side.name), ids.join(", ")),
                width,
                "   ",
                "     ",
            ));
        }
        out.push_str(&paragraph(
            &format!("Risk: {}", one_line(&seam.risk)),
            width,
            "   ",
            "     ",
        ));
        if !seam.actions.is_empty() {
            out.push_str(&paragraph(
                &format!("-> {}", seam.actions.join(", ")),
                width,
                "   ",
                "      ",
            ));
        }
    }
}
