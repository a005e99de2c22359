//! omd, the operating-model diagnostic. Data flows one way:
//! questionnaire -> assessment -> scoring -> plan -> report, with `app` calling each in turn.

pub mod app;
pub mod assessment;
pub mod calendar;
pub mod cli;
pub mod error;
pub mod output;
pub mod plan;
pub mod progress;
pub mod questionnaire;
pub mod report;
pub mod scoring;
pub mod style;
