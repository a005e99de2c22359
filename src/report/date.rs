//! The report date: only when asked for (`--date`), so the same answers give the same bytes.

/// `YYYY-MM-DD`, checked against the calendar, or `today` (the local date).
pub fn parse(arg: &str) -> anyhow::Result<String> {
    crate::calendar::parse(arg, "--date")
        .map(crate::calendar::iso)
        .map_err(anyhow::Error::msg)
}
