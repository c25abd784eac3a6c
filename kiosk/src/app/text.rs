//! What the app writes itself rather than the `.slint` files: times and
//! dates as the seat shows them, and the few sentences made in Rust (why a
//! sign-in failed, where a vote stands), in Vietnamese and English.

use protocol::ids::Timestamp;
use protocol::reject::Rejection;

use crate::ui::{self, Language};

/// Vietnamese or English, as the UI shows now.
pub(crate) fn tr(vi: &str, en: &str) -> String {
    match ui::language() {
        Language::Vietnamese => vi.to_owned(),
        Language::English => en.to_owned(),
    }
}

/// A moment on the seat's wall clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LocalTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
}

impl LocalTime {
    /// `at` on a clock `offset_minutes` east of UTC.
    pub(crate) fn at(at: Timestamp, offset_minutes: i32) -> Self {
        let secs = at.0.div_euclid(1000) + i64::from(offset_minutes) * 60;
        let days = secs.div_euclid(86_400);
        let of_day = secs.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        // 1970-01-01 was a Thursday (4).
        let weekday = u8::try_from((days + 3).rem_euclid(7) + 1).unwrap_or(1);
        Self {
            year,
            month,
            day,
            hour: u32::try_from(of_day / 3600).unwrap_or(0),
            minute: u32::try_from(of_day % 3600 / 60).unwrap_or(0),
            weekday,
        }
    }

    /// "08:42".
    pub(crate) fn clock(&self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }

    /// "25/11/2025".
    pub(crate) fn date(&self) -> String {
        format!("{:02}/{:02}/{}", self.day, self.month, self.year)
    }
}

/// Year, month, day of a count of days since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

/// The time of day of an RFC 3339 time as written ("2026-11-23T08:00:00+07:00"
/// → "08:00"); the central system writes it in the room's own zone.
pub(crate) fn starts_at(rfc3339: &str) -> String {
    rfc3339
        .split_once('T')
        .map(|(_, time)| time.chars().take(5).collect::<String>())
        .filter(|t| t.len() == 5 && t.as_bytes()[2] == b':')
        .unwrap_or_default()
}

/// Time left until `closes_at`: "01:45", "1:02:03" past an hour, "00:00" when up.
pub(crate) fn time_left(closes_at: Timestamp, now: Timestamp) -> String {
    let ms = closes_at.millis_since(now).max(0);
    // Round up: "00:01" shows until the last millisecond.
    let secs = (ms + 999) / 1000;
    let (h, m, s) = (secs / 3600, secs % 3600 / 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Why the controller refused something, in words for the delegate.
/// Why something the delegate did was not taken: the room refused it, or
/// the seat could not send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotTaken {
    Refused(Rejection),
    Failed(String),
}

impl NotTaken {
    /// "{what}: {why}." in the language showing.
    pub(crate) fn say(&self, what: &str) -> String {
        let why = match self {
            Self::Refused(reason) => rejection(*reason),
            Self::Failed(e) => e.clone(),
        };
        format!("{what}: {why}.")
    }
}

pub(crate) fn rejection(reason: Rejection) -> String {
    let (vi, en) = match reason {
        Rejection::BadCredential => (
            "Thẻ hoặc mã PIN không đúng",
            "The card or PIN is not recognised",
        ),
        Rejection::WrongSeat => ("Đồng chí được xếp ở ghế khác", "You are seated elsewhere"),
        Rejection::NotSignedIn => ("Chưa đăng nhập", "Not signed in"),
        Rejection::NotEligible => ("Khách mời không biểu quyết", "Observers do not vote"),
        Rejection::NotInSession => ("Phiên họp chưa bắt đầu", "The session has not started"),
        Rejection::MeetingClosed => ("Phiên họp đã kết thúc", "The meeting is closed"),
        Rejection::BallotNotOpen => ("Biểu quyết đã đóng", "The ballot is closed"),
        Rejection::TooLate => ("Đã hết thời gian biểu quyết", "Voting time is up"),
        Rejection::AlreadyVoted => ("Đồng chí đã bỏ phiếu", "You have already voted"),
        Rejection::InvalidChoice => ("Phiếu không hợp lệ", "The ballot paper is not valid"),
        Rejection::AlreadyQueued => ("Đã đăng ký phát biểu", "Already on the speakers list"),
        Rejection::NotQueued => ("Chưa đăng ký phát biểu", "Not on the speakers list"),
        Rejection::BadText => (
            "Nội dung trống hoặc quá dài",
            "The text is empty or too long",
        ),
        other => return other.to_string(),
    };
    tr(vi, en)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-11-25 00:42:07 UTC, a Tuesday: 07:42 in Hà Nội.
    const TUESDAY: Timestamp = Timestamp(1_764_031_327_000);

    #[test]
    fn the_clock_shows_the_time_and_date_of_the_seats_zone() {
        let t = LocalTime::at(TUESDAY, 420);
        assert_eq!(t.clock(), "07:42");
        assert_eq!(t.date(), "25/11/2025");
        assert_eq!(t.weekday, 2);
        let utc = LocalTime::at(TUESDAY, 0);
        assert_eq!(utc.clock(), "00:42");
        let before_midnight = LocalTime::at(TUESDAY, -60);
        assert_eq!(before_midnight.date(), "24/11/2025");
        assert_eq!(before_midnight.weekday, 1);
    }

    #[test]
    fn leap_days_and_the_epoch_are_dated_right() {
        let leap = LocalTime::at(Timestamp(951_782_400_000), 0);
        assert_eq!(leap.date(), "29/02/2000");
        let epoch = LocalTime::at(Timestamp(0), 0);
        assert_eq!((epoch.date(), epoch.weekday), ("01/01/1970".to_owned(), 4));
    }

    #[test]
    fn the_start_time_is_read_from_the_planned_start() {
        assert_eq!(starts_at("2026-11-23T08:00:00+07:00"), "08:00");
        assert_eq!(starts_at("2026-11-23T14:30Z"), "14:30");
        assert_eq!(starts_at("sáng 23/11"), "");
    }

    #[test]
    fn time_left_counts_down_in_whole_seconds_and_stops_at_zero() {
        let now = Timestamp(1_000_000);
        assert_eq!(time_left(now.plus_millis(105_000), now), "01:45");
        assert_eq!(time_left(now.plus_millis(1), now), "00:01");
        assert_eq!(time_left(now.plus_millis(3_723_000), now), "1:02:03");
        assert_eq!(time_left(now.plus_millis(-5), now), "00:00");
    }
}
