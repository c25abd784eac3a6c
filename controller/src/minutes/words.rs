//! The minutes' Vietnamese: times of day and dates in Vietnam's time,
//! deadlines, shares with a decimal comma, quorum rules and
//! classifications in words.

use protocol::ballot::QuorumRule;
use protocol::ids::Timestamp;
use protocol::meeting::Classification;
use protocol::message::Date;
use protocol::tally::BasisPoints;

/// Vietnam's offset from UTC (no daylight saving), in milliseconds.
const VIETNAM_OFFSET_MS: i64 = 7 * 3_600_000;

/// A moment in Vietnam's time, to the minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct LocalTime {
    pub(super) year: i64,
    pub(super) month: u32,
    pub(super) day: u32,
    pub(super) hour: i64,
    pub(super) minute: i64,
}

impl LocalTime {
    pub(super) fn of(at: Timestamp) -> Self {
        let local = at.0.saturating_add(VIETNAM_OFFSET_MS);
        let days = local.div_euclid(86_400_000);
        let minutes = local.rem_euclid(86_400_000) / 60_000;
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: minutes / 60,
            minute: minutes % 60,
        }
    }
}

/// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
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
    let small = |v: i64| u32::try_from(v).unwrap_or(0);
    (year, small(month), small(day))
}

/// "08:05".
pub(super) fn clock_time(at: Timestamp) -> String {
    let t = LocalTime::of(at);
    format!("{:02}:{:02}", t.hour, t.minute)
}

/// "08:05 ngày 08/12/2026".
pub(super) fn date_time(at: Timestamp) -> String {
    let t = LocalTime::of(at);
    format!(
        "{:02}:{:02} ngày {:02}/{:02}/{}",
        t.hour, t.minute, t.day, t.month, t.year
    )
}

/// "ngày 08 tháng 12 năm 2026", as an administrative document dates
/// itself (Decree 30/2020: a day below 10 and the months 1 and 2 take a
/// leading zero).
pub(super) fn date_long(at: Timestamp) -> String {
    let t = LocalTime::of(at);
    let month = if t.month <= 2 {
        format!("{:02}", t.month)
    } else {
        t.month.to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", t.day, t.year)
}

/// "31/01/2027": a deadline, day first.
pub(super) fn deadline_vi(date: Date) -> String {
    format!("{:02}/{:02}/{}", date.day(), date.month(), date.year())
}

/// "81,82 %": basis points with a decimal comma.
pub(super) fn percent(points: BasisPoints) -> String {
    format!("{},{:02} %", points.0 / 100, points.0 % 100)
}

/// The quorum rule of a ballot and what it asked of `members`.
pub(super) fn quorum_vi(rule: QuorumRule, members: u32) -> String {
    let required = rule.required(members);
    match rule {
        QuorumRule::None => "không quy định số thành viên có mặt tối thiểu".to_owned(),
        QuorumRule::MoreThanHalfOfMembers => {
            format!("có mặt quá nửa tổng số thành viên, tức ít nhất {required} trên {members}")
        }
        QuorumRule::TwoThirdsOfMembers => format!(
            "có mặt ít nhất hai phần ba tổng số thành viên, tức ít nhất {required} trên {members}"
        ),
    }
}

/// The mark of a classified paper ("Mật", "Tối mật"); none for others.
pub(super) fn classification_vi(classification: Classification) -> Option<&'static str> {
    match classification {
        Classification::Normal => None,
        Classification::Confidential => Some("Mật"),
        Classification::Secret => Some("Tối mật"),
    }
}
