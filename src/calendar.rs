//! Plan weeks as calendar dates. A plan counts weeks from 1; given the first day of week 1 (the
//! engagement's `start:` or `--start`), week `w` runs from `start + 7(w-1)` days to
//! `start + 7w - 1` days, both included. Dates come from jiff, not a calendar of our own.

use jiff::civil::Date;
use jiff::ToSpan;

/// `YYYY-MM-DD` checked against the calendar, or `today` (the local date). `what` names where
/// the value came from, for the message: `--start`, `--date`, `start in engagement.yaml`.
pub fn parse(arg: &str, what: &str) -> Result<Date, String> {
    if arg == "today" {
        return Ok(today());
    }
    parse_ymd(arg, what, " or `today`")
}

/// The local date, as `--date today` reads it and `omd assess` dates answers.
pub fn today() -> Date {
    jiff::Zoned::now().date()
}

/// `YYYY-MM-DD` checked against the calendar, and nothing else: a date written in a file, where
/// `today` would mean another day at every run.
pub fn parse_fixed(arg: &str, what: &str) -> Result<Date, String> {
    parse_ymd(arg, what, "")
}

/// `YYYY-MM-DD`; `or` ends the message that says what to give instead.
fn parse_ymd(arg: &str, what: &str, or: &str) -> Result<Date, String> {
    let wrong = || format!("{what} `{arg}` is not a date: give YYYY-MM-DD (e.g. 2026-03-31){or}");
    let parts: Vec<&str> = arg.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(wrong());
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !(digits(y, 4) && digits(m, 2) && digits(d, 2)) {
        return Err(wrong());
    }
    let (Ok(year), Ok(month), Ok(day)) = (y.parse::<i16>(), m.parse::<i8>(), d.parse::<i8>())
    else {
        return Err(wrong());
    };
    if !(1..=12).contains(&month) {
        return Err(format!("{what} `{arg}`: there is no month {month}"));
    }
    Date::new(year, month, day)
        .map_err(|_| format!("{what} `{arg}`: month {month} of {year} has no day {day}"))
}

/// The dates of plan weeks, from the first day of week 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weeks {
    start: Date,
}

impl Weeks {
    pub fn starting(start: Date) -> Weeks {
        Weeks { start }
    }

    pub fn start(&self) -> Date {
        self.start
    }

    /// The first day of week `week` (1-based; week 0 is taken as week 1).
    pub fn first_day(&self, week: u32) -> Date {
        self.offset(7 * i64::from(week.max(1) - 1))
    }

    /// The last day of week `week`.
    pub fn last_day(&self, week: u32) -> Date {
        self.offset(7 * i64::from(week.max(1)) - 1)
    }

    /// The week (1-based) that holds `date`, or None before week 1.
    pub fn week_of(&self, date: Date) -> Option<u32> {
        let days = (date - self.start).get_days();
        (days >= 0).then(|| u32::try_from(days / 7 + 1).unwrap_or(u32::MAX))
    }

    fn offset(&self, days: i64) -> Date {
        // The plan's weeks are bounded (horizons of at most 520 weeks, actions of at most 260),
        // so this stays far inside jiff's range; saturate rather than fail if it ever did not.
        self.start
            .checked_add(days.days())
            .unwrap_or(if days < 0 { Date::MIN } else { Date::MAX })
    }
}

/// `2027-01-04`: for JSON, CSV and project tools.
pub fn iso(date: Date) -> String {
    date.strftime("%Y-%m-%d").to_string()
}

/// `4 Jan 2027`: for people.
pub fn human(date: Date) -> String {
    human_display(date).to_string()
}

/// [`human`] written where it is displayed, without a string of its own.
pub fn human_display(date: Date) -> impl std::fmt::Display {
    date.strftime("%-d %b %Y")
}

/// `4 Jan – 17 Jan 2027`, or `28 Dec 2026 – 10 Jan 2027` across a year end.
pub fn human_range(first: Date, last: Date) -> String {
    if first == last {
        return human(first);
    }
    if first.year() == last.year() {
        format!("{} – {}", first.strftime("%-d %b"), human(last))
    } else {
        format!("{} – {}", human(first), human(last))
    }
}

/// `Jan 2027`: a calendar month's label.
pub fn month(date: Date) -> String {
    date.strftime("%b %Y").to_string()
}

/// The first day of the month after `date`'s.
pub fn next_month(date: Date) -> Date {
    let first = date.first_of_month();
    first.checked_add(1.month()).unwrap_or(Date::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse(text, "--start").unwrap()
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(iso(date("2026-03-31")), "2026-03-31");
        assert_eq!(iso(date("2024-02-29")), "2024-02-29");
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
            assert!(parse(bad, "--start").is_err(), "{bad} accepted");
        }
        assert_eq!(
            parse("2026-02-29", "--start").unwrap_err(),
            "--start `2026-02-29`: month 2 of 2026 has no day 29"
        );
        let today = parse("today", "--date").unwrap();
        assert_eq!(parse(&iso(today), "--date").unwrap(), today);
    }

    #[test]
    fn weeks_cross_month_and_year_ends() {
        let weeks = Weeks::starting(date("2026-12-21"));
        assert_eq!(iso(weeks.first_day(1)), "2026-12-21");
        assert_eq!(iso(weeks.last_day(1)), "2026-12-27");
        assert_eq!(iso(weeks.first_day(2)), "2026-12-28");
        assert_eq!(iso(weeks.last_day(2)), "2027-01-03");
        assert_eq!(iso(weeks.first_day(11)), "2027-03-01");
        assert_eq!(weeks.week_of(date("2027-01-03")), Some(2));
        assert_eq!(weeks.week_of(date("2027-01-04")), Some(3));
        assert_eq!(weeks.week_of(date("2026-12-20")), None);
        // A leap February: week 10 from 2024-01-01 holds 29 Feb.
        let leap = Weeks::starting(date("2024-01-01"));
        assert_eq!(iso(leap.last_day(9)), "2024-03-03");
        assert_eq!(leap.week_of(date("2024-02-29")), Some(9));
    }

    #[test]
    fn ranges_read_as_people_write_them() {
        assert_eq!(
            human_range(date("2027-01-04"), date("2027-01-17")),
            "4 Jan – 17 Jan 2027"
        );
        assert_eq!(
            human_range(date("2026-12-28"), date("2027-01-10")),
            "28 Dec 2026 – 10 Jan 2027"
        );
        assert_eq!(
            human_range(date("2027-01-04"), date("2027-01-04")),
            "4 Jan 2027"
        );
        assert_eq!(month(date("2027-02-14")), "Feb 2027");
        assert_eq!(iso(next_month(date("2026-12-31"))), "2027-01-01");
    }
}
