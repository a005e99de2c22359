//! The CI gate: which processes miss a threshold the caller asked for (`--fail-under`,
//! `--require-ready`). It reads the report's figures; it computes none.

use anyhow::bail;

use super::model::{format_score, verdict_label};
use super::Report;
use crate::scoring::Verdict;

/// What the caller requires of every process, or of named ones.
#[derive(Debug, Clone, Default)]
pub struct Gate {
    /// Every process's readiness must be at least this (0-100); an unknown readiness fails.
    pub fail_under: Option<f64>,
    /// These processes (ids) must be `ready`.
    pub require_ready: Vec<String>,
}

impl Gate {
    /// Checks the settings against the report before anything is written: a threshold outside
    /// 0-100 or a process id the engagement does not have is a usage error, not a failed gate.
    pub fn validate(&self, report: &Report) -> anyhow::Result<()> {
        if let Some(n) = self.fail_under {
            if !(0.0..=100.0).contains(&n) {
                bail!("--fail-under {n}: give a readiness from 0 to 100");
            }
        }
        for id in &self.require_ready {
            if !report.processes.iter().any(|p| &p.id == id) {
                let ids: Vec<&str> = report.processes.iter().map(|p| p.id.as_str()).collect();
                bail!(
                    "--require-ready {id}: no process `{id}` in this engagement; its processes: {}",
                    ids.join(", ")
                );
            }
        }
        Ok(())
    }

    /// One line per process that misses the gate, in report order; empty when all pass.
    pub fn failures(&self, report: &Report) -> Vec<String> {
        let mut out = Vec::new();
        for p in &report.processes {
            if let Some(n) = self.fail_under {
                match p.readiness {
                    Some(r) if r >= n => {}
                    Some(r) => out.push(format!(
                        "{}: readiness {} is below --fail-under {n}",
                        p.id,
                        format_score(Some(r))
                    )),
                    None => out.push(format!(
                        "{}: readiness unknown (nothing applicable answered), so not at least --fail-under {n}",
                        p.id
                    )),
                }
            }
            if self.require_ready.contains(&p.id) && p.verdict != Verdict::Ready {
                out.push(format!(
                    "{}: verdict is {}, and --require-ready asks for ready",
                    p.id,
                    verdict_label(p.verdict)
                ));
            }
        }
        out
    }
}
