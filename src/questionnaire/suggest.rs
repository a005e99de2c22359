//! "Did you mean" for misspelt names, and lists of allowed names in plain words. Shared by every
//! message that tells a user which values would have been accepted.

/// The one candidate close to `found`, if exactly one is closest: a small edit distance (a typo,
/// a swapped pair of letters) or a prefix either way (`lo` for `low`). Case is ignored, so `Low`
/// suggests `low`. Two equally close candidates suggest neither: a guess between them would be
/// as likely wrong as right.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found = found.trim().to_lowercase();
    if found.is_empty() {
        return None;
    }
    let allowed = match found.chars().count() {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    let mut tied = false;
    for candidate in candidates {
        let lower = candidate.to_lowercase();
        let distance = strsim::damerau_levenshtein(&found, &lower);
        let prefix = lower.starts_with(&found) || found.starts_with(&lower);
        if distance > allowed && !prefix {
            continue;
        }
        // A prefix is as good a match as any, however much longer the candidate is.
        let distance = if prefix { 0 } else { distance };
        match best {
            Some((d, _)) if d < distance => {}
            Some((d, _)) if d == distance => tied = true,
            _ => {
                best = Some((distance, candidate));
                tied = false;
            }
        }
    }
    if tied {
        None
    } else {
        best.map(|(_, c)| c)
    }
}

/// `"; did you mean `x`?"` when one candidate is close to `found`, else nothing.
pub fn did_you_mean<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(found, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

/// `a`, `a or b`, `a, b or c`: how a sentence lists the allowed values.
pub fn one_of(names: &[&str]) -> String {
    listed(names, "or")
}

/// `a, b and c`: how a sentence lists what is all there.
pub fn all_of(names: &[&str]) -> String {
    listed(names, "and")
}

fn listed(names: &[&str], conjunction: &str) -> String {
    match names {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} {conjunction} {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_prefixes_and_typos() {
        let tiers = ["low", "medium", "high"];
        assert_eq!(closest("lo", tiers), Some("low"));
        assert_eq!(closest("hgh", tiers), Some("high"));
        assert_eq!(closest("Low", tiers), Some("low"));
        assert_eq!(closest("huge", tiers), None);
        assert_eq!(closest("", tiers), None);
        assert_eq!(closest("txet", ["id", "text", "levels"]), Some("text"));
        assert_eq!(
            closest("exeptions", ["exceptions", "data_owner"]),
            Some("exceptions")
        );
    }

    #[test]
    fn equally_close_candidates_suggest_nothing() {
        assert_eq!(closest("d", ["definition", "data_richness"]), None);
    }

    #[test]
    fn lists_read_as_a_sentence() {
        assert_eq!(one_of(&["low", "medium", "high"]), "low, medium or high");
        assert_eq!(one_of(&["process", "shared"]), "process or shared");
        assert_eq!(one_of(&["yes"]), "yes");
        assert_eq!(all_of(&["name", "tier", "weeks"]), "name, tier and weeks");
    }
}
