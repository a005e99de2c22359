//! The planner's stress questionnaire, shared by `benches/planner.rs` and `benches/report.rs`:
//! 100 questions of 2 actions each in long dependency chains, with dimension ids unlike their
//! roles, gates, shared actions and the tags the sequencing rules read.

use std::fmt::Write as _;

const ROLES: [&str; 5] = [
    "process",
    "decision_rights",
    "data",
    "governance",
    "capability",
];
pub const QUESTIONS: usize = 100;
const ACTIONS_PER_QUESTION: usize = 2;
/// Actions at these indices select tooling.
const TOOLING: [usize; 3] = [60, 120, 180];
const OWNERS: [&str; 8] = [
    "Process owner",
    "IT lead",
    "Head of Data",
    "Data owner",
    "Risk lead",
    "Team lead",
    "HR partner",
    "Executive sponsor",
];

/// 100 questions of 2 actions each: chains of 25 actions, each action also depending on the
/// one 50 places back, so every chain hangs from the previous ones.
pub fn questionnaire_yaml(shared_tooling: bool) -> String {
    let mut y = String::from("id: bench\nversion: \"1\"\ntitle: Bench\ndimensions:\n");
    for (i, role) in ROLES.iter().enumerate() {
        // Ids unlike the roles: the planner must read the roles.
        writeln!(y, "  - {{ id: dim{i}, name: Dimension {i}, role: {role} }}").unwrap();
    }
    y.push_str("questions:\n");
    for q in 0..QUESTIONS {
        writeln!(
            y,
            "  - id: q{q}\n    dimension: dim{}\n    text: Q{q}\n    levels: [a, b, c, d, e]\n    target: 3",
            q * ROLES.len() / QUESTIONS
        )
        .unwrap();
        if q % 9 == 0 {
            y.push_str("    gate: { min_level: 2 }\n");
        }
        y.push_str("    actions:\n");
        for k in q * ACTIONS_PER_QUESTION..(q + 1) * ACTIONS_PER_QUESTION {
            let mut deps = Vec::new();
            if k % 25 != 0 {
                deps.push(format!("a{}", k - 1));
            }
            if k >= 50 {
                deps.push(format!("a{}", k - 50));
            }
            let mut tags = Vec::new();
            let mut shared = k % 10 == 5;
            if TOOLING.contains(&k) {
                tags.push("tooling");
                shared = shared_tooling;
            }
            if k == 7 {
                tags.push("owner");
            }
            if k % 40 == 3 {
                tags.push("governance_baseline");
            }
            if k % 33 == 4 {
                tags.push("human_review");
            }
            let effort = ["quick", "medium", "foundational"][k % 3];
            writeln!(
                y,
                "      - {{ id: a{k}, text: Do {k}., effort: {effort}, weeks: {}, owner: {}, depends_on: [{}], tags: [{}]{} }}",
                1 + k % 4,
                OWNERS[k % OWNERS.len()],
                deps.join(", "),
                tags.join(", "),
                if shared { ", scope: shared" } else { "" }
            )
            .unwrap();
        }
    }
    y
}
