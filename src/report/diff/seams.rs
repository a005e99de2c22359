//! Seams that moved between two reports of a process: newly at risk, no longer at risk, or at
//! risk both times for another reason (a weak side beside a strong one became two weak sides,
//! or the other way). Seams are matched by id. A report saved before omd assessed seams holds
//! none to compare: the diff then says so and compares none.

use serde::Serialize;

use crate::report::model::ProcessView;
use crate::scoring::seams::SeamStatus;

/// How a seam moved, as the diff's sections group them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SeamMove {
    /// At risk now, not before.
    NewlyAtRisk,
    /// At risk before, not now.
    NoLongerAtRisk,
    /// At risk both times, with another status.
    StatusChanged,
}

/// A seam of a process in both reports whose state changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeamChange {
    /// The process's id.
    pub process: String,
    /// The process's name, as the new report gives it.
    pub name: String,
    /// The seam's id.
    pub seam: String,
    /// The seam's name, from the report where it is at risk (the new one when both).
    pub seam_name: String,
    /// Its status in the old report; absent when it was not at risk.
    pub old: Option<SeamStatus>,
    /// Its status in the new report; absent when it is not at risk.
    pub new: Option<SeamStatus>,
    pub kind: SeamMove,
}

/// Whether both reports of a process carry its seams.
pub fn comparable(old: &ProcessView, new: &ProcessView) -> bool {
    old.seams.is_some() && new.seams.is_some()
}

/// The seams of one process whose state changed: the new report's order, then those at risk
/// only in the old one. None when either report predates seams.
pub fn seam_changes(old: &ProcessView, new: &ProcessView) -> Vec<SeamChange> {
    if !comparable(old, new) {
        return Vec::new();
    }
    let (before, after) = (old.seams_at_risk(), new.seams_at_risk());
    let change = |seam: &str, seam_name: &str, was: Option<SeamStatus>, now: Option<SeamStatus>| {
        let kind = match (was, now) {
            (None, Some(_)) => SeamMove::NewlyAtRisk,
            (Some(_), None) => SeamMove::NoLongerAtRisk,
            (Some(a), Some(b)) if a != b => SeamMove::StatusChanged,
            _ => return None,
        };
        Some(SeamChange {
            process: new.id.clone(),
            name: new.name.clone(),
            seam: seam.to_string(),
            seam_name: seam_name.to_string(),
            old: was,
            new: now,
            kind,
        })
    };
    let mut changes: Vec<SeamChange> = after
        .iter()
        .filter_map(|s| {
            let was = before.iter().find(|b| b.id == s.id).map(|b| b.status);
            change(&s.id, &s.name, was, Some(s.status))
        })
        .collect();
    changes.extend(
        before
            .iter()
            .filter(|b| !after.iter().any(|s| s.id == b.id))
            .filter_map(|b| change(&b.id, &b.name, Some(b.status), None)),
    );
    changes
}

impl SeamChange {
    /// "both weak", "amplified → both weak", "no longer at risk (was amplified)".
    pub fn label(&self) -> String {
        match (self.old, self.new) {
            (None, Some(now)) => now.label().to_string(),
            (Some(was), None) => format!("was {}", was.label()),
            (Some(was), Some(now)) => format!("{} → {}", was.label(), now.label()),
            (None, None) => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn process(seams: Option<&[(&str, &str)]>) -> ProcessView {
        let seams = seams.map(|list| {
            list.iter()
                .map(|(id, status)| {
                    json!({
                        "id": id, "name": format!("Seam {id}"), "status": status,
                        "sides": [], "finding": "", "risk": "", "actions": []
                    })
                })
                .collect::<Vec<_>>()
        });
        let mut value = json!({
            "id": "p", "name": "P", "owner": "", "risk_tier": "low", "readiness": null,
            "verdict": "not_ready", "reasons": [], "coverage": 1.0, "confidence": "high",
            "respondents": 1, "respondent_details": [], "dimensions": {}, "gates": [],
            "disagreements": [], "questions": []
        });
        if let Some(seams) = seams {
            value["seams"] = json!(seams);
        }
        serde_json::from_value(value).unwrap()
    }

    #[test]
    fn seams_move_by_id() {
        let old = process(Some(&[
            ("a", "amplified"),
            ("b", "both_weak"),
            ("c", "both_weak"),
        ]));
        let new = process(Some(&[
            ("b", "amplified"),
            ("c", "both_weak"),
            ("d", "amplified"),
        ]));
        let changes = seam_changes(&old, &new);
        let moves: Vec<(&str, SeamMove, String)> = changes
            .iter()
            .map(|c| (c.seam.as_str(), c.kind, c.label()))
            .collect();
        assert_eq!(
            moves,
            [
                (
                    "b",
                    SeamMove::StatusChanged,
                    "both weak → amplified".to_string()
                ),
                ("d", SeamMove::NewlyAtRisk, "amplified".to_string()),
                ("a", SeamMove::NoLongerAtRisk, "was amplified".to_string()),
            ]
        );
    }

    #[test]
    fn a_report_saved_before_seams_compares_none() {
        let old = process(None);
        let new = process(Some(&[("a", "amplified")]));
        assert!(!comparable(&old, &new));
        assert!(seam_changes(&old, &new).is_empty());
    }
}
