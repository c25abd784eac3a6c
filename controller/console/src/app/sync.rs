//! The controller's status on the meeting page: the meetings it holds and
//! their papers, the link to the central system and the last sync, and the
//! results uploads; "load this meeting", "sync now", "upload again".

use protocol::message::status::{CentralLink, ControllerStatus, SyncResult, UploadState};
use protocol::message::{ConsoleCommand, Phase};

use crate::text;
use crate::ui::meeting_adapter::MeetingView;
use crate::ui::{StoredRow, UploadLine};

use super::Cx;

/// How many uploads the page lists, newest first.
const UPLOADS_SHOWN: usize = 4;

/// Fills the status part of the meeting page.
pub(super) fn fill(cx: &Cx<'_>, v: &mut MeetingView) {
    let vi = cx.vi();
    let Some(status) = cx.view.status.as_deref() else {
        v.status_known = false;
        return;
    };
    v.status_known = true;
    let offset = cx.settings.utc_offset_minutes;
    let at = |t| text::clock(t, offset);
    let configured = !matches!(status.central, CentralLink::NotConfigured);
    v.central = match (&status.central, vi) {
        (CentralLink::NotConfigured, true) => {
            "Chưa cấu hình hệ thống điều hành: chỉ nạp cuộc họp từ gói dữ liệu".to_owned()
        }
        (CentralLink::NotConfigured, false) => {
            "No central system configured: meetings come from bundles only".to_owned()
        }
        (CentralLink::Unknown, true) => "Hệ thống điều hành: chưa liên lạc lần nào".to_owned(),
        (CentralLink::Unknown, false) => "Central system: not contacted yet".to_owned(),
        (CentralLink::Reachable { at: t }, true) => {
            format!("Hệ thống điều hành: liên lạc được lúc {}", at(*t))
        }
        (CentralLink::Reachable { at: t }, false) => {
            format!("Central system: reached at {}", at(*t))
        }
        (CentralLink::Unreachable { at: t, error }, true) => {
            format!(
                "Hệ thống điều hành: không liên lạc được lúc {} — {error}",
                at(*t)
            )
        }
        (CentralLink::Unreachable { at: t, error }, false) => {
            format!("Central system: unreachable at {} — {error}", at(*t))
        }
    };
    (v.last_sync, v.last_sync_ok) = match (&status.last_sync, vi) {
        (None, true) => ("Chưa đồng bộ lần nào.".to_owned(), configured),
        (None, false) => ("Not synced yet.".to_owned(), configured),
        (Some(s), _) => {
            let moved = if s.bytes_moved > 0 {
                format!(" · {}", text::size(s.bytes_moved, cx.language))
            } else {
                String::new()
            };
            let what = sync_words(s, vi);
            let line = if vi {
                format!("Đồng bộ lần cuối lúc {}: {what}{moved}", at(s.at))
            } else {
                format!("Last sync at {}: {what}{moved}", at(s.at))
            };
            (line, s.ok)
        }
    };
    let phase = cx.view.state.as_ref().map(|s| s.phase);
    let in_session = phase == Some(Phase::InSession);
    v.stored = status
        .meetings
        .iter()
        .map(|m| {
            let p = &m.papers;
            let papers = match (p.missing, vi) {
                (0, true) => format!(
                    "{}/{} tài liệu đã xác minh · {}",
                    p.verified,
                    p.total,
                    text::size(p.bytes_total, cx.language)
                ),
                (0, false) => format!(
                    "{}/{} papers verified · {}",
                    p.verified,
                    p.total,
                    text::size(p.bytes_total, cx.language)
                ),
                (n, true) => format!(
                    "{}/{} tài liệu · thiếu {n} ({})",
                    p.verified,
                    p.total,
                    text::size(p.bytes_missing, cx.language)
                ),
                (n, false) => format!(
                    "{}/{} papers · {n} missing ({})",
                    p.verified,
                    p.total,
                    text::size(p.bytes_missing, cx.language)
                ),
            };
            let load = ConsoleCommand::LoadMeeting {
                meeting: m.id.clone(),
            };
            let why_role = cx.why_not(&load);
            let why_not = if !why_role.is_empty() {
                why_role
            } else if in_session {
                rejection(protocol::reject::Rejection::MeetingInProgress, cx)
            } else if p.missing > 0 {
                rejection(protocol::reject::Rejection::PapersMissing, cx)
            } else {
                String::new()
            };
            StoredRow {
                id: m.id.as_str().into(),
                title: m.title.as_str().into(),
                starts: text::starts_at(&m.starts_at, cx.language).into(),
                source: source(m.source, vi).into(),
                papers: papers.into(),
                missing: p.missing > 0,
                current: m.current,
                can_load: cx.permits(&load) && !m.current && why_not.is_empty(),
                why_not: if m.current { String::new() } else { why_not }.into(),
            }
        })
        .collect();
    v.stored_note = if in_session && status.meetings.len() > 1 {
        if vi {
            "Cuộc họp hiện tại đang diễn ra: bế mạc trước khi nạp cuộc họp khác."
        } else {
            "The current meeting is in session: close it before loading another."
        }
        .to_owned()
    } else {
        String::new()
    };
    v.can_sync = cx.permits(&ConsoleCommand::SyncNow) && configured;
    v.why_not_sync = cx.why_not(&ConsoleCommand::SyncNow);
    if v.why_not_sync.is_empty() && !configured {
        v.why_not_sync = rejection(protocol::reject::Rejection::NoCentralSystem, cx);
    }
    let title_of = |id: &protocol::ids::MeetingId| {
        status
            .meeting(id)
            .map_or_else(|| id.to_string(), |m| m.title.clone())
    };
    v.uploads = status
        .outbox
        .iter()
        .rev()
        .take(UPLOADS_SHOWN)
        .map(|u| {
            let (state, detail) = match (u.state, vi) {
                (UploadState::Done, true) => (
                    "Đã gửi".to_owned(),
                    u.acked_at.map_or_else(
                        || "Hệ thống điều hành đã nhận".to_owned(),
                        |t| format!("Hệ thống điều hành đã nhận lúc {}", at(t)),
                    ),
                ),
                (UploadState::Done, false) => (
                    "Delivered".to_owned(),
                    u.acked_at.map_or_else(
                        || "Received by the central system".to_owned(),
                        |t| format!("Received by the central system at {}", at(t)),
                    ),
                ),
                (UploadState::Pending, true) => (
                    "Đang chờ gửi".to_owned(),
                    match (u.attempts, &u.last_error) {
                        (0, _) => format!("Xếp hàng lúc {}, chưa gửi lần nào", at(u.queued_at)),
                        (n, Some(e)) => format!("Đã thử {n} lần · lỗi gần nhất: {e}"),
                        (n, None) => format!("Đã thử {n} lần"),
                    },
                ),
                (UploadState::Pending, false) => (
                    "Pending".to_owned(),
                    match (u.attempts, &u.last_error) {
                        (0, _) => format!("Queued at {}, not tried yet", at(u.queued_at)),
                        (n, Some(e)) => format!("{n} attempts · last error: {e}"),
                        (n, None) => format!("{n} attempts"),
                    },
                ),
            };
            UploadLine {
                meeting: title_of(&u.meeting).into(),
                state: state.into(),
                detail: detail.into(),
                done: u.state == UploadState::Done,
            }
        })
        .collect();
    v.upload_note = upload_note(status, phase, configured, vi);
    let pending = status
        .outbox
        .iter()
        .any(|u| u.state == UploadState::Pending);
    v.can_retry = cx.permits(&ConsoleCommand::RetryUpload) && configured && pending;
    v.why_not_retry = cx.why_not(&ConsoleCommand::RetryUpload);
    if v.why_not_retry.is_empty() && !configured {
        v.why_not_retry = rejection(protocol::reject::Rejection::NoCentralSystem, cx);
    }
}

fn rejection(r: protocol::reject::Rejection, cx: &Cx<'_>) -> String {
    text::rejection(r, cx.language)
}

fn source(s: protocol::message::status::PackageSource, vi: bool) -> &'static str {
    use protocol::message::status::PackageSource;
    match (s, vi) {
        (PackageSource::Central, true) => "Từ hệ thống điều hành",
        (PackageSource::Central, false) => "From the central system",
        (PackageSource::Bundle, true) => "Từ gói dữ liệu",
        (PackageSource::Bundle, false) => "From a bundle",
    }
}

/// What the upload card says when no upload is listed.
fn upload_note(
    status: &ControllerStatus,
    phase: Option<Phase>,
    configured: bool,
    vi: bool,
) -> String {
    if !status.outbox.is_empty() {
        return String::new();
    }
    match (configured, phase == Some(Phase::Closed), vi) {
        (false, _, true) => {
            "Chưa cấu hình hệ thống điều hành: kết quả và biên bản được lưu tại bộ điều khiển."
        }
        (false, _, false) => {
            "No central system configured: the results and minutes stay on the controller."
        }
        (true, true, true) => "Bộ điều khiển đang chuẩn bị kết quả và biên bản để gửi.",
        (true, true, false) => "The controller is preparing the results and minutes to send.",
        (true, false, true) => "Kết quả và biên bản được gửi về hệ thống điều hành sau khi bế mạc.",
        (true, false, false) => {
            "The results and minutes go to the central system once the meeting is closed."
        }
    }
    .to_owned()
}

/// What a sync pass did, in the console's language: the counts the
/// controller reported, and what failed in the words it failed with (an
/// error from the network or the central system is not translated).
fn sync_words(s: &SyncResult, vi: bool) -> String {
    let Some(c) = &s.counts else {
        // It did not reach the central system (or an older controller).
        return match (s.ok, vi) {
            (true, _) => s.detail.clone(),
            (false, true) => format!("không liên lạc được — {}", s.detail),
            (false, false) => format!("could not reach it — {}", s.detail),
        };
    };
    let failed = c.failures.len();
    let line = if vi {
        format!(
            "{} cuộc họp: {} cập nhật, {} không đổi",
            c.meetings, c.updated, c.unchanged
        )
    } else {
        format!(
            "{} meeting{}: {} updated, {} unchanged",
            c.meetings,
            if c.meetings == 1 { "" } else { "s" },
            c.updated,
            c.unchanged
        )
    };
    if failed == 0 {
        return line;
    }
    let word = if vi { "lỗi" } else { "failed" };
    format!("{line}, {failed} {word} ({})", c.failures.join("; "))
}

#[cfg(test)]
mod tests {
    use protocol::ids::Timestamp;
    use protocol::message::status::{SyncCounts, SyncResult};

    use super::sync_words;

    fn pass(ok: bool, counts: Option<SyncCounts>, detail: &str) -> SyncResult {
        SyncResult {
            at: Timestamp(0),
            ok,
            detail: detail.into(),
            bytes_moved: 0,
            counts,
        }
    }

    #[test]
    fn a_sync_pass_is_worded_in_the_consoles_language_from_its_counts() {
        let counts = SyncCounts {
            meetings: 3,
            updated: 1,
            unchanged: 1,
            failures: vec!["hn-12: bad signature".into()],
        };
        let failed = pass(false, Some(counts), "3 meetings: 1 updated, …");
        assert_eq!(
            sync_words(&failed, true),
            "3 cuộc họp: 1 cập nhật, 1 không đổi, 1 lỗi (hn-12: bad signature)"
        );
        assert_eq!(
            sync_words(&failed, false),
            "3 meetings: 1 updated, 1 unchanged, 1 failed (hn-12: bad signature)"
        );
        let one = pass(
            true,
            Some(SyncCounts {
                meetings: 1,
                unchanged: 1,
                ..SyncCounts::default()
            }),
            "",
        );
        assert_eq!(sync_words(&one, false), "1 meeting: 0 updated, 1 unchanged");
    }

    #[test]
    fn a_pass_that_never_reached_the_central_system_says_so_with_the_error() {
        let down = pass(false, None, "connect timed out");
        assert_eq!(
            sync_words(&down, true),
            "không liên lạc được — connect timed out"
        );
        assert_eq!(
            sync_words(&down, false),
            "could not reach it — connect timed out"
        );
    }
}
