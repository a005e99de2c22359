//! A questionnaire as readable text, for `omd questionnaire show`.

use crate::questionnaire::{Questionnaire, DEFAULT_SCALE};

/// The questionnaire outline: dimensions, questions with level descriptors, gates and actions.
pub fn outline(q: &Questionnaire) -> String {
    let mut out = format!("{} ({} {})\n", q.title, q.id, q.version);
    if !q.description.trim().is_empty() {
        out.push_str(&format!("{}\n", q.description.trim()));
    }
    out.push_str("\nScales:\n");
    for scale in &q.scales {
        let levels: Vec<String> = scale
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{i} {}", l.label))
            .collect();
        out.push_str(&format!("  {}: {}\n", scale.id, levels.join(", ")));
    }
    model_of_its_own(q, &mut out);
    let mut number = 0;
    for d in &q.dimensions {
        let role = d
            .role
            .map_or("no role: planned conservatively".to_string(), |r| {
                format!("plays the {} role", r.as_str())
            });
        out.push_str(&format!(
            "\n== {} ({}, weight {}; {role}) ==\n",
            d.name, d.id, d.weight
        ));
        if !d.description.trim().is_empty() {
            out.push_str(&format!("{}\n", d.description.trim()));
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
            out.push_str(&format!(
                "\n{number}. [{}] {}\n   ({})\n",
                question.id,
                question.text.trim(),
                facts.join("; ")
            ));
            if !question.guidance.trim().is_empty() {
                out.push_str(&format!("   Guidance: {}\n", question.guidance.trim()));
            }
            for (level, descriptor) in question.levels.iter().enumerate() {
                let label = scale.map_or("", |s| s.label(level));
                out.push_str(&format!("   {level} {label}: {}\n", descriptor.trim()));
            }
            for action in &question.actions {
                let mut line = format!(
                    "   -> {} ({}, {} wk, {}): {}",
                    action.id,
                    action.effort.as_str(),
                    action.weeks,
                    action.owner,
                    action.text.trim()
                );
                if !action.depends_on.is_empty() {
                    line.push_str(&format!(" [after {}]", action.depends_on.join(", ")));
                }
                if !action.tags.is_empty() {
                    let tags: Vec<&str> = action.tags.iter().map(|t| t.as_str()).collect();
                    line.push_str(&format!(" [tags {}]", tags.join(", ")));
                }
                if action.continues_after_go_live {
                    line.push_str(" [continues after go-live]");
                }
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    seams(q, &mut out);
    out
}

/// The questionnaire's own scale and whether N/A needs a reason, when it says.
fn model_of_its_own(q: &Questionnaire, out: &mut String) {
    if let Some(native) = &q.native_score {
        out.push_str(&format!(
            "Native score: {} from {} to {} ({} decimals)\n",
            native.name,
            native.min,
            native.max,
            native.decimals()
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
fn seams(q: &Questionnaire, out: &mut String) {
    if q.seams.is_empty() {
        return;
    }
    out.push_str("\n== Seams: the joins between parts of the operating model ==\n");
    for seam in &q.seams {
        let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        out.push_str(&format!("\n[{}] {}\n", seam.id, one_line(&seam.name)));
        for side in &seam.sides {
            let ids: Vec<&str> = side
                .select(q)
                .into_iter()
                .map(|qi| q.questions[qi].id.as_str())
                .collect();
            out.push_str(&format!(
                "   side {}: {}\n",
                one_line(&side.name),
                ids.join(", ")
            ));
        }
        out.push_str(&format!("   Risk: {}\n", one_line(&seam.risk)));
        if !seam.actions.is_empty() {
            out.push_str(&format!("   -> {}\n", seam.actions.join(", ")));
        }
    }
}
