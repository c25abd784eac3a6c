//! What the meeting concluded (kết luận) and which tasks it assigned (giao
//! nhiệm vụ) on each agenda item: part of the retained `state`, the results
//! upload and the minutes.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::ids::{ItemId, Timestamp};

/// The longest conclusion accepted, in characters.
pub const MAX_CONCLUSION_CHARS: usize = 2000;
/// The longest task description accepted, in characters.
pub const MAX_TASK_CHARS: usize = 1000;
/// The longest unit name accepted, in characters.
pub const MAX_UNIT_NAME_CHARS: usize = 200;
/// The longest unit code (mã định danh) accepted, in characters.
pub const MAX_UNIT_CODE_CHARS: usize = 40;
/// The most the conclusions and tasks of a meeting may weigh together, as
/// JSON bytes. They travel in every retained `state`, which must stay well
/// under the envelope limit (256 KiB) beside the ballot results.
pub const MAX_RECORD_BYTES: usize = 96 * 1024;

/// The conclusions and tasks of one agenda item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRecord {
    pub item: ItemId,
    /// Oldest first.
    #[serde(default)]
    pub conclusions: Vec<Conclusion>,
    /// Oldest first.
    #[serde(default)]
    pub tasks: Vec<Task>,
}

impl ItemRecord {
    /// An item with nothing recorded yet.
    pub fn new(item: ItemId) -> Self {
        Self {
            item,
            conclusions: Vec::new(),
            tasks: Vec::new(),
        }
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.conclusions.is_empty() && self.tasks.is_empty()
    }
}

/// A conclusion of the meeting on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conclusion {
    /// Numbered from 1 within the meeting; a removed number is not reused.
    pub number: u32,
    pub text: String,
    pub at: Timestamp,
}

/// A task assigned on an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// Numbered from 1 within the meeting; a removed number is not reused.
    pub number: u32,
    pub task: TaskSpec,
    pub at: Timestamp,
}

/// What is to be done, by which unit, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskSpec {
    pub what: String,
    pub unit: Unit,
    pub deadline: Date,
}

/// A unit (đơn vị) as the meeting package names delegates' units: a name
/// and its identifier code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub name: String,
    pub code: String,
}

/// Whether `text` is non-blank and at most `max` characters.
pub(crate) fn text_fits(text: &str, max: usize) -> bool {
    let chars = text.trim().chars().count();
    chars > 0 && text.chars().count() <= max
}

impl TaskSpec {
    /// Whether every text of the task is non-blank and within its limit.
    pub fn texts_fit(&self) -> bool {
        text_fits(&self.what, MAX_TASK_CHARS)
            && text_fits(&self.unit.name, MAX_UNIT_NAME_CHARS)
            && text_fits(&self.unit.code, MAX_UNIT_CODE_CHARS)
    }
}

/// A calendar date, written `YYYY-MM-DD` (a deadline; no time, no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Text that is not a real `YYYY-MM-DD` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a date (YYYY-MM-DD): {0:?}")]
pub struct DateError(String);

impl Date {
    /// A date, if it exists (years 1900 to 9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=9999).contains(&year) && (1..=days).contains(&day)).then_some(Self {
            year,
            month,
            day,
        })
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;

    fn from_str(text: &str) -> Result<Self, DateError> {
        let err = || DateError(text.chars().take(40).collect());
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(err());
        }
        let digits = |range: std::ops::Range<usize>| {
            text.get(range)
                .filter(|part| part.bytes().all(|c| c.is_ascii_digit()))
                .and_then(|part| part.parse::<u16>().ok())
        };
        let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
        else {
            return Err(err());
        };
        let month = u8::try_from(month).map_err(|_| err())?;
        let day = u8::try_from(day).map_err(|_| err())?;
        Self::new(year, month, day).ok_or_else(err)
    }
}

impl TryFrom<String> for Date {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, DateError> {
        s.parse()
    }
}

impl From<Date> for String {
    fn from(d: Date) -> String {
        d.to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// How much an entry weighs in the state, as JSON bytes.
pub(crate) fn json_weight<T: Serialize>(entry: &T) -> usize {
    serde_json::to_vec(entry).map_or(0, |v| v.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_reads_and_writes_as_year_month_day() {
        let d: Date = "2026-12-31".parse().expect("a date");
        assert_eq!((d.year(), d.month(), d.day()), (2026, 12, 31));
        assert_eq!(d.to_string(), "2026-12-31");
        assert_eq!(serde_json::to_string(&d).expect("json"), "\"2026-12-31\"");
        assert!("2028-02-29".parse::<Date>().is_ok());
    }

    #[test]
    fn text_that_is_not_a_real_date_is_refused() {
        for s in [
            "",
            "2026-2-3",
            "2026-02-30",
            "2027-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-01-00",
            "20260101",
            "2026-01-01T00:00",
            "+026-01-01",
            "1800-01-01",
        ] {
            assert!(s.parse::<Date>().is_err(), "{s}");
            assert!(
                serde_json::from_str::<Date>(&format!("{s:?}")).is_err(),
                "{s}"
            );
        }
    }

    #[test]
    fn blank_or_long_texts_do_not_fit() {
        assert!(text_fits("Giao Văn phòng", 20));
        assert!(!text_fits("   ", 20));
        assert!(!text_fits(&"ă".repeat(21), 20));
        assert!(text_fits(&"ă".repeat(20), 20));
    }
}
