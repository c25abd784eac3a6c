//! The words the console makes in Rust (not in `.slint`), in both
//! languages: refusals, roles, command names, times, sizes, rules. The
//! `.slint` strings are translated by the bundled `console.po`; these are
//! chosen here by [`Language`].

use protocol::ballot::{MajorityRule, QuorumRule};
use protocol::ids::Timestamp;
use protocol::meeting::{Classification, DelegateRole, NetworkZone};
use protocol::message::record::Date;
use protocol::message::{ConsoleCommand, OperatorRole, Phase};
use protocol::reject::Rejection;

use crate::accounts::{ChangeError, LoginError, PasswordRule};
use crate::session::{CommandError, Outcome};
use crate::ui::Language;

/// Picks the Vietnamese or the English text.
fn pick<T>(language: Language, vi: T, en: T) -> T {
    match language {
        Language::Vietnamese => vi,
        Language::English => en,
    }
}

/// An operator's role.
pub fn role(role: OperatorRole, language: Language) -> &'static str {
    match role {
        OperatorRole::Secretary => pick(language, "Thư ký", "Secretary"),
        OperatorRole::Chair => pick(language, "Chủ tọa", "Chair"),
        OperatorRole::It => pick(language, "Kỹ thuật", "IT"),
    }
}

/// A delegate's role in the meeting.
pub fn delegate_role(role: DelegateRole, language: Language) -> &'static str {
    match role {
        DelegateRole::Chair => pick(language, "Chủ tọa", "Chair"),
        DelegateRole::Member => pick(language, "Ủy viên", "Member"),
        DelegateRole::Observer => pick(language, "Khách mời", "Observer"),
    }
}

/// Why a control is greyed out for a role that may not use it.
pub fn not_permitted(role_now: OperatorRole, language: Language) -> String {
    match language {
        Language::Vietnamese => format!(
            "Tài khoản vai trò {} không được điều hành phiên họp",
            role(role_now, language)
        ),
        Language::English => format!(
            "An account with the {} role may not run the session",
            role(role_now, language)
        ),
    }
}

/// Why the controller refused something, for the secretary.
pub fn rejection(r: Rejection, language: Language) -> String {
    if language == Language::English {
        let s = r.to_string();
        let mut chars = s.chars();
        return chars.next().map_or_else(String::new, |c| {
            c.to_uppercase().chain(chars).collect::<String>()
        });
    }
    match r {
        Rejection::Malformed => "Thông điệp sai định dạng",
        Rejection::TooLarge => "Thông điệp quá lớn",
        Rejection::UnsupportedVersion => "Phiên bản giao thức không được hỗ trợ",
        Rejection::UnknownSender => "Thiết bị gửi chưa được đăng ký",
        Rejection::WrongTopic => "Thiết bị gửi sai kênh",
        Rejection::BadSignature => "Chữ ký không hợp lệ",
        Rejection::Stale => "Thời gian của thông điệp lệch quá xa",
        Rejection::Replayed => "Thông điệp bị phát lại",
        Rejection::BadBody => "Nội dung không khớp kênh",
        Rejection::BadCredential => "Thẻ hoặc mã PIN không đúng",
        Rejection::WrongSeat => "Đại biểu đăng nhập sai ghế",
        Rejection::NotSignedIn => "Chưa đăng nhập tại ghế",
        Rejection::NotEligible => "Khách mời không biểu quyết",
        Rejection::NotInSession => "Phiên họp chưa khai mạc",
        Rejection::MeetingClosed => "Cuộc họp đã bế mạc",
        Rejection::BallotNotOpen => "Biểu quyết này không còn mở",
        Rejection::BallotAlreadyOpen => "Đang có một biểu quyết khác mở",
        Rejection::TooLate => "Đã hết thời gian biểu quyết",
        Rejection::AlreadyVoted => "Đại biểu đã bỏ phiếu",
        Rejection::InvalidChoice => "Lựa chọn không hợp lệ",
        Rejection::SealedRequired => "Phiếu kín phải được niêm phong",
        Rejection::PlainRequired => "Biểu quyết công khai không nhận phiếu niêm phong",
        Rejection::BadSeal => "Không mở được phiếu niêm phong",
        Rejection::QuorumNotMet => "Chưa đủ số thành viên có mặt theo quy định",
        Rejection::InvalidBallot => "Biểu quyết không hợp lệ hoặc đã có kết quả",
        Rejection::UnknownItem => "Không có mục này trong chương trình",
        Rejection::UnknownDocument => "Không có tài liệu hoặc trang này",
        Rejection::UnknownDelegate => "Không có đại biểu này",
        Rejection::AlreadyQueued => "Đại biểu đã đăng ký hoặc đang phát biểu",
        Rejection::NotQueued => "Đại biểu không có trong danh sách phát biểu",
        Rejection::QueueEmpty => "Danh sách phát biểu đang trống",
        Rejection::BadText => "Nội dung trống hoặc quá dài",
        Rejection::NotPermitted => "Vai trò của tài khoản không được làm việc này",
        Rejection::BallotStillOpen => "Còn biểu quyết đang mở",
        Rejection::RecordFull => "Đã đạt giới hạn kết luận và nhiệm vụ của cuộc họp",
        Rejection::UnknownEntry => "Không có kết luận hoặc nhiệm vụ số này",
        Rejection::MeetingInProgress => "Cuộc họp hiện tại đang diễn ra",
        Rejection::UnknownMeeting => "Bộ điều khiển không lưu cuộc họp này",
        Rejection::PapersMissing => "Cuộc họp còn thiếu tài liệu",
        Rejection::NoCentralSystem => "Chưa cấu hình hệ thống điều hành",
    }
    .to_owned()
}

/// What a command does, in a few words.
pub fn command(c: &ConsoleCommand, language: Language) -> &'static str {
    match c {
        ConsoleCommand::OpenSession => pick(language, "Khai mạc", "Open the session"),
        ConsoleCommand::SetItem { .. } => {
            pick(language, "Chuyển mục chương trình", "Move to an item")
        }
        ConsoleCommand::ShowPage { .. } => pick(language, "Trình chiếu trang", "Show a page"),
        ConsoleCommand::StopPresenting => pick(language, "Dừng trình chiếu", "Stop presenting"),
        ConsoleCommand::MarkPresent { present: true, .. } => {
            pick(language, "Điểm danh có mặt", "Mark present")
        }
        ConsoleCommand::MarkPresent { present: false, .. } => {
            pick(language, "Bỏ điểm danh", "Unmark present")
        }
        ConsoleCommand::OpenBallot { .. } => pick(language, "Mở biểu quyết", "Open a ballot"),
        ConsoleCommand::CloseBallot { .. } => {
            pick(language, "Kết thúc biểu quyết", "Close the ballot")
        }
        ConsoleCommand::CancelBallot { .. } => {
            pick(language, "Hủy biểu quyết", "Cancel the ballot")
        }
        ConsoleCommand::GrantFloor { .. } => pick(language, "Mời phát biểu", "Give the floor"),
        ConsoleCommand::NextSpeaker => pick(language, "Mời người tiếp theo", "Next speaker"),
        ConsoleCommand::RemoveSpeaker { .. } => {
            pick(language, "Xóa khỏi danh sách phát biểu", "Remove a speaker")
        }
        ConsoleCommand::EndFloor => pick(language, "Kết thúc phát biểu", "End the floor"),
        ConsoleCommand::Notice { .. } => pick(language, "Gửi thông báo", "Send a notice"),
        ConsoleCommand::AddConclusion { .. } => pick(language, "Ghi kết luận", "Add a conclusion"),
        ConsoleCommand::RemoveConclusion { .. } => {
            pick(language, "Xóa kết luận", "Remove a conclusion")
        }
        ConsoleCommand::AssignTask { .. } => pick(language, "Giao nhiệm vụ", "Assign a task"),
        ConsoleCommand::RemoveTask { .. } => pick(language, "Xóa nhiệm vụ", "Remove a task"),
        ConsoleCommand::CloseMeeting => pick(language, "Bế mạc", "Close the meeting"),
        ConsoleCommand::LoadMeeting { .. } => pick(language, "Nạp cuộc họp", "Load a meeting"),
        ConsoleCommand::RetryUpload => pick(language, "Gửi lại kết quả", "Upload the results now"),
        ConsoleCommand::SyncNow => pick(language, "Đồng bộ ngay", "Sync now"),
    }
}

/// How a command ended, in the log.
pub fn outcome(o: Outcome, language: Language) -> String {
    match o {
        Outcome::Waiting => pick(language, "Đang chờ trả lời", "Waiting").to_owned(),
        Outcome::Done => pick(language, "Đã thực hiện", "Done").to_owned(),
        Outcome::Rejected(r) => rejection(r, language),
        Outcome::NoAnswer => pick(language, "Không có trả lời", "No answer").to_owned(),
    }
}

/// A command's result, for the message strip: "Mở biểu quyết: đã thực hiện".
pub fn command_result(
    c: &ConsoleCommand,
    result: &Result<(), CommandError>,
    language: Language,
) -> String {
    let what = command(c, language);
    match (result, language) {
        (Ok(()), Language::Vietnamese) => format!("{what}: đã thực hiện"),
        (Ok(()), Language::English) => format!("{what}: done"),
        (Err(CommandError::Rejected(r)), Language::Vietnamese) => {
            format!(
                "{what}: bộ điều khiển từ chối — {}",
                rejection(*r, language)
            )
        }
        (Err(CommandError::Rejected(r)), Language::English) => {
            format!(
                "{what}: refused by the controller — {}",
                rejection(*r, language)
            )
        }
        (Err(CommandError::Offline), Language::Vietnamese) => {
            format!("{what}: không gửi được — mất kết nối bộ điều khiển")
        }
        (Err(CommandError::Offline), Language::English) => {
            format!("{what}: not sent — no connection to the controller")
        }
        (Err(CommandError::NoAnswer(_)), Language::Vietnamese) => format!(
            "{what}: bộ điều khiển chưa trả lời; xem trạng thái phiên họp trước khi gửi lại"
        ),
        (Err(CommandError::NoAnswer(_)), Language::English) => format!(
            "{what}: no answer from the controller; check the session before sending it again"
        ),
        (Err(CommandError::Stopped), Language::Vietnamese) => {
            format!("{what}: phiên làm việc của bàn thư ký đã dừng")
        }
        (Err(CommandError::Stopped), Language::English) => {
            format!("{what}: the console's session has stopped")
        }
    }
}

/// A command on its way.
pub fn command_sent(c: &ConsoleCommand, language: Language) -> String {
    match language {
        Language::Vietnamese => format!("{}: đang gửi…", command(c, language)),
        Language::English => format!("{}: sending…", command(c, language)),
    }
}

/// Why a login failed.
pub fn login_error(e: &LoginError, offset_minutes: i32, language: Language) -> String {
    match (e, language) {
        (LoginError::BadCredentials, Language::Vietnamese) => {
            "Tên tài khoản hoặc mật khẩu không đúng.".to_owned()
        }
        (LoginError::BadCredentials, Language::English) => {
            "Wrong account name or password.".to_owned()
        }
        (LoginError::Locked { until }, Language::Vietnamese) => format!(
            "Tài khoản tạm khóa đến {} do nhập sai mật khẩu nhiều lần.",
            clock(*until, offset_minutes)
        ),
        (LoginError::Locked { until }, Language::English) => format!(
            "The account is locked until {} after too many wrong passwords.",
            clock(*until, offset_minutes)
        ),
        (LoginError::Store(err), Language::Vietnamese) => {
            format!("Không đọc được tệp tài khoản: {err}")
        }
        (LoginError::Store(err), Language::English) => format!("Cannot read the accounts: {err}"),
    }
}

/// Why a change of password was refused.
pub fn change_error(e: &ChangeError, offset_minutes: i32, language: Language) -> String {
    match (e, language) {
        (ChangeError::WrongCurrent, Language::Vietnamese) => {
            "Mật khẩu hiện tại không đúng.".to_owned()
        }
        (ChangeError::WrongCurrent, Language::English) => {
            "The current password is wrong.".to_owned()
        }
        (ChangeError::Locked { until }, _) => login_error(
            &LoginError::Locked { until: *until },
            offset_minutes,
            language,
        ),
        (ChangeError::Rule(rule), _) => password_rule_broken(*rule, language),
        (ChangeError::Store(err), Language::Vietnamese) => {
            format!("Không lưu được mật khẩu: {err}")
        }
        (ChangeError::Store(err), Language::English) => format!("Cannot save the password: {err}"),
    }
}

fn password_rule_broken(rule: PasswordRule, language: Language) -> String {
    match (rule, language) {
        (PasswordRule::TooShort(n), Language::Vietnamese) => {
            format!("Mật khẩu mới phải có ít nhất {n} ký tự.")
        }
        (PasswordRule::TooShort(n), Language::English) => {
            format!("The new password must have at least {n} characters.")
        }
        (PasswordRule::TooLong(n), Language::Vietnamese) => {
            format!("Mật khẩu mới không được dài quá {n} ký tự.")
        }
        (PasswordRule::TooLong(n), Language::English) => {
            format!("The new password may have at most {n} characters.")
        }
        (PasswordRule::SameAsBefore, Language::Vietnamese) => {
            "Mật khẩu mới phải khác mật khẩu hiện tại.".to_owned()
        }
        (PasswordRule::SameAsBefore, Language::English) => {
            "The new password must differ from the current one.".to_owned()
        }
        (PasswordRule::SameAsName, Language::Vietnamese) => {
            "Mật khẩu mới không được trùng tên tài khoản.".to_owned()
        }
        (PasswordRule::SameAsName, Language::English) => {
            "The new password must differ from the account name.".to_owned()
        }
        (PasswordRule::Mismatch, Language::Vietnamese) => {
            "Hai lần nhập mật khẩu mới không giống nhau.".to_owned()
        }
        (PasswordRule::Mismatch, Language::English) => {
            "The two entries of the new password differ.".to_owned()
        }
    }
}

/// The rules a new password must meet, as a list.
pub fn password_rules(min_length: usize, language: Language) -> Vec<String> {
    match language {
        Language::Vietnamese => vec![
            format!("Có ít nhất {min_length} ký tự"),
            "Khác mật khẩu hiện tại".to_owned(),
            "Khác tên tài khoản".to_owned(),
        ],
        Language::English => vec![
            format!("Have at least {min_length} characters"),
            "Differ from the current password".to_owned(),
            "Differ from the account name".to_owned(),
        ],
    }
}

/// Where the session is.
pub fn phase(p: Phase, language: Language) -> &'static str {
    match p {
        Phase::Waiting => pick(language, "Chưa khai mạc", "Not opened yet"),
        Phase::InSession => pick(language, "Đang họp", "In session"),
        Phase::Closed => pick(language, "Đã bế mạc", "Closed"),
    }
}

/// The room's network.
pub fn zone(z: NetworkZone, language: Language) -> &'static str {
    match z {
        NetworkZone::Internal => pick(language, "Mạng nội bộ", "Internal network"),
        NetworkZone::Internet => pick(language, "Mạng Internet", "Internet"),
    }
}

/// A paper's classification mark ("" for an unclassified one).
pub fn classification(c: Classification, language: Language) -> &'static str {
    match c {
        Classification::Normal => "",
        Classification::Confidential => pick(language, "Mật", "Confidential"),
        Classification::Secret => pick(language, "Tối mật", "Secret"),
    }
}

/// A majority rule in words, as the results and the minutes say it.
pub fn majority(rule: MajorityRule, language: Language) -> &'static str {
    match language {
        Language::Vietnamese => rule.describe_vi(),
        Language::English => match rule {
            MajorityRule::MoreThanHalfOfMembers => "more than half of all members",
            MajorityRule::MoreThanHalfOfPresent => "more than half of the members present",
            MajorityRule::MoreThanHalfOfCast => "more than half of the votes cast",
            MajorityRule::TwoThirdsOfMembers => "at least two-thirds of all members",
        },
    }
}

/// A quorum rule in words; `None` for no quorum check.
pub fn quorum(rule: QuorumRule, language: Language) -> Option<&'static str> {
    match rule {
        QuorumRule::None => None,
        QuorumRule::MoreThanHalfOfMembers => Some(pick(
            language,
            "Quá nửa tổng số thành viên",
            "More than half of all members",
        )),
        QuorumRule::TwoThirdsOfMembers => Some(pick(
            language,
            "Ít nhất hai phần ba tổng số thành viên",
            "At least two-thirds of all members",
        )),
    }
}

/// The first letter in upper case ("quá nửa…" → "Quá nửa…").
pub fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// A time of day, "09:12", at `offset_minutes` east of UTC.
pub fn clock(t: Timestamp, offset_minutes: i32) -> String {
    let local = t.0.div_euclid(1000) + i64::from(offset_minutes) * 60;
    let minutes = local.div_euclid(60).rem_euclid(24 * 60);
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A span of milliseconds as "mm:ss" (or "h:mm:ss"), never negative.
pub fn mmss(ms: i64) -> String {
    let s = ms.max(0).div_euclid(1000);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{:02}:{:02}", s / 60, s % 60)
    }
}

/// A date as people write it here: "31/12/2026".
pub fn date(d: Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// A date with its day of the week: "Thứ Ba, 15/12/2026".
pub fn date_long(d: Date, language: Language) -> String {
    const VI: [&str; 7] = [
        "Chủ nhật",
        "Thứ Hai",
        "Thứ Ba",
        "Thứ Tư",
        "Thứ Năm",
        "Thứ Sáu",
        "Thứ Bảy",
    ];
    const EN: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    // 1970-01-01 was a Thursday.
    let weekday = usize::try_from((days_from_civil(d) + 4).rem_euclid(7)).unwrap_or(0);
    format!("{}, {}", pick(language, VI, EN)[weekday], date(d))
}

/// The calendar date at `t`, `offset_minutes` east of UTC.
pub fn local_date(t: Timestamp, offset_minutes: i32) -> Option<Date> {
    let seconds = t.0.div_euclid(1000) + i64::from(offset_minutes) * 60;
    // Howard Hinnant's civil_from_days.
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date::new(
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
}

/// Days from 1970-01-01 to `d` (Howard Hinnant's days_from_civil).
fn days_from_civil(d: Date) -> i64 {
    let (m, day) = (i64::from(d.month()), i64::from(d.day()));
    let y = i64::from(d.year()) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date as typed at the console: day, month and four-digit year, apart
/// by "/", "." or "-" ("15/12/2026", "5.1.2027"); `None` if it is not a
/// real date.
pub fn parse_date(typed: &str) -> Option<Date> {
    fn digits(s: &str, len: std::ops::RangeInclusive<usize>) -> Option<&str> {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then_some(s)
    }
    let parts: Vec<&str> = typed.trim().split(['/', '.', '-']).collect();
    let [d, m, y] = parts.as_slice() else {
        return None;
    };
    Date::new(
        digits(y, 4..=4)?.parse().ok()?,
        digits(m, 1..=2)?.parse().ok()?,
        digits(d, 1..=2)?.parse().ok()?,
    )
}

/// The planned start as the central system writes it (RFC 3339), for
/// people: "08:00 ngày 23/11/2026"; the text as it is if it is not RFC 3339.
pub fn starts_at(rfc3339: &str, language: Language) -> String {
    let parts = (
        rfc3339.get(0..4),
        rfc3339.get(5..7),
        rfc3339.get(8..10),
        rfc3339.get(11..16),
    );
    let (Some(y), Some(m), Some(d), Some(hm)) = parts else {
        return rfc3339.to_owned();
    };
    match language {
        Language::Vietnamese => format!("{hm} ngày {d}/{m}/{y}"),
        Language::English => format!("{hm}, {d}/{m}/{y}"),
    }
}

/// A size in bytes, "560 KB" or "4,8 MB".
pub fn size(bytes: u64, language: Language) -> String {
    let sep = pick(language, ",", ".");
    if bytes < 1000 * 1000 {
        format!("{} KB", bytes.div_ceil(1000))
    } else {
        let tenths = bytes.div_ceil(100_000);
        format!("{}{sep}{} MB", tenths / 10, tenths % 10)
    }
}

/// How long a ballot stays open.
pub fn duration(secs: Option<u32>, language: Language) -> String {
    match (secs, language) {
        (None, Language::Vietnamese) => "Không hẹn giờ".to_owned(),
        (None, Language::English) => "No timer".to_owned(),
        (Some(s), Language::Vietnamese) if s % 60 == 0 => format!("{} phút", s / 60),
        (Some(s), Language::English) if s % 60 == 0 => format!("{} min", s / 60),
        (Some(s), Language::Vietnamese) => format!("{s} giây"),
        (Some(s), Language::English) => format!("{s} s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_local_and_spans_never_negative() {
        // 2026-11-23 02:13:20 UTC is 09:13 in Hà Nội.
        assert_eq!(clock(Timestamp(1_795_400_000_000), 420), "09:13");
        assert_eq!(clock(Timestamp(0), -60), "23:00");
        assert_eq!(mmss(85_400), "01:25");
        assert_eq!(mmss(-5), "00:00");
        assert_eq!(mmss(3_725_000), "1:02:05");
    }

    #[test]
    fn the_planned_start_is_written_for_people() {
        let at = "2026-11-23T08:00:00+07:00";
        assert_eq!(starts_at(at, Language::Vietnamese), "08:00 ngày 23/11/2026");
        assert_eq!(starts_at("soon", Language::English), "soon");
    }

    #[test]
    fn every_refusal_has_vietnamese_words() {
        for r in Rejection::ALL {
            let vi = rejection(r, Language::Vietnamese);
            let en = rejection(r, Language::English);
            assert!(!vi.is_empty() && vi != en, "{r:?}");
        }
    }

    #[test]
    fn dates_are_typed_and_shown_day_first() {
        let d = parse_date(" 5/1/2027 ").expect("a date");
        assert_eq!(date(d), "05/01/2027");
        assert_eq!(
            parse_date("15.12.2026").map(date).as_deref(),
            Some("15/12/2026")
        );
        assert_eq!(date_long(d, Language::Vietnamese), "Thứ Ba, 05/01/2027");
        assert_eq!(
            date_long(parse_date("23/11/2026").expect("a date"), Language::English),
            "Monday, 23/11/2026"
        );
        for bad in [
            "",
            "31/11/2026",
            "29/02/2027",
            "12/2026",
            "1/1/26",
            "a/b/cdef",
            "1/1/2026/1",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_local_date_follows_the_offset() {
        // 2026-11-23 02:13:20 UTC.
        let t = Timestamp(1_795_400_000_000);
        assert_eq!(local_date(t, 420).map(date).as_deref(), Some("23/11/2026"));
        assert_eq!(local_date(t, -180).map(date).as_deref(), Some("22/11/2026"));
        assert_eq!(
            local_date(Timestamp(0), 0).map(date).as_deref(),
            Some("01/01/1970")
        );
        assert_eq!(
            local_date(Timestamp(951_782_400_000), 0)
                .map(date)
                .as_deref(),
            Some("29/02/2000")
        );
    }

    #[test]
    fn sizes_use_the_decimal_separator_of_the_language() {
        assert_eq!(size(560_000, Language::Vietnamese), "560 KB");
        assert_eq!(size(4_800_000, Language::Vietnamese), "4,8 MB");
        assert_eq!(size(4_800_000, Language::English), "4.8 MB");
    }
}
