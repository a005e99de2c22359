//! Answers, the engagement folder, crash-safe storage and the interactive session.

pub mod answers;
pub mod engagement;
pub mod init;
pub mod lock;
pub mod session;
pub mod slug;
pub mod store;
pub mod targets;
pub mod terminal;
#[cfg(test)]
pub mod testing;

pub use answers::{Answer, Answers, Evidence, ResponseFile};
pub use engagement::{Engagement, EngagementFile, Organisation, ProcessSpec, Profile, Response};
