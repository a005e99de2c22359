//! The report date: only when asked for (`--date`), so the same answers give the same bytes.

use anyhow::bail;

/// `YYYY-MM-DD`, checked against the calendar, or `today` (the date in UTC, so two machines
/// agree on it).
pub fn parse(arg: &str) -> anyhow::Result<String> {
    if arg == "today" {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let (y, m, d) = civil_from_days((seconds / 86_400) as i64);
        return Ok(format!("{y:04}-{m:02}-{d:02}"));
    }
    let wrong =
        || format!("--date `{arg}` is not a date: give YYYY-MM-DD (e.g. 2026-03-31) or `today`");
    let parts: Vec<&str> = arg.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        bail!(wrong())
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        bail!(wrong());
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>())
    else {
        bail!(wrong())
    };
    if !(1..=12).contains(&month) {
        bail!("--date `{arg}`: there is no month {month}");
    }
    if day == 0 || day > days_in_month(year, month) {
        bail!("--date `{arg}`: month {month} of {year} has no day {day}");
    }
    Ok(arg.to_string())
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(parse("2026-03-31").unwrap(), "2026-03-31");
        assert_eq!(parse("2024-02-29").unwrap(), "2024-02-29");
        for bad in [
            "2026-02-29",
            "2100-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-00-10",
            "2026-1-1",
            "26-01-01",
            "tomorrow",
            "2026-01-01T00:00",
            "+026-01-01",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad} accepted");
        }
        let today = parse("today").unwrap();
        assert!(parse(&today).is_ok(), "{today}");
    }

    #[test]
    fn days_since_the_epoch_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(civil_from_days(20_543), (2026, 3, 31));
    }
}
