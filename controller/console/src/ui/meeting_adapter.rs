//! The meeting and its sync state (`MeetingAdapter`).

use slint::ComponentHandle;

use super::{
    AppWindow, CountRow, LogRow, MeetingAdapter, PaperRow, StoredRow, SyncRow, UploadLine, int,
    model,
};

/// What the meeting page shows.
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent facts about the meeting, each shown on its own"
)]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MeetingView {
    pub loaded: bool,
    pub title: String,
    pub meeting_id: String,
    pub starts: String,
    pub zone: String,
    pub phase: String,
    pub revision: u32,
    pub controller_papers: String,
    pub papers: Vec<PaperRow>,
    pub seat_map_known: bool,
    pub seats: u32,
    pub seats_online: u32,
    pub seats_complete: u32,
    pub lagging: Vec<SyncRow>,
    pub lagging_more: String,
    pub dropped: Vec<CountRow>,
    pub refused: Vec<CountRow>,
    pub log: Vec<LogRow>,
    /// The controller's status has been heard.
    pub status_known: bool,
    /// How the link to the central system stands.
    pub central: String,
    /// The last sync pass, and whether it went well.
    pub last_sync: String,
    pub last_sync_ok: bool,
    /// The meetings the controller holds.
    pub stored: Vec<StoredRow>,
    /// Why no meeting can be loaded now; empty when one can.
    pub stored_note: String,
    pub can_sync: bool,
    pub why_not_sync: String,
    /// The results uploads, newest first.
    pub uploads: Vec<UploadLine>,
    /// What the upload card says when there is none to list.
    pub upload_note: String,
    pub can_retry: bool,
    pub why_not_retry: String,
    pub can_open: bool,
    pub can_close: bool,
    pub why_not: String,
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &MeetingView) {
    let a = window.global::<MeetingAdapter>();
    a.set_loaded(v.loaded);
    a.set_title(v.title.as_str().into());
    a.set_meeting_id(v.meeting_id.as_str().into());
    a.set_starts(v.starts.as_str().into());
    a.set_zone(v.zone.as_str().into());
    a.set_phase(v.phase.as_str().into());
    a.set_revision(int(v.revision));
    a.set_controller_papers(v.controller_papers.as_str().into());
    a.set_papers(model(v.papers.clone()));
    a.set_seat_map_known(v.seat_map_known);
    a.set_seats(int(v.seats));
    a.set_seats_online(int(v.seats_online));
    a.set_seats_complete(int(v.seats_complete));
    a.set_lagging(model(v.lagging.clone()));
    a.set_lagging_more(v.lagging_more.as_str().into());
    a.set_dropped(model(v.dropped.clone()));
    a.set_refused(model(v.refused.clone()));
    a.set_log(model(v.log.clone()));
    a.set_status_known(v.status_known);
    a.set_central(v.central.as_str().into());
    a.set_last_sync(v.last_sync.as_str().into());
    a.set_last_sync_ok(v.last_sync_ok);
    a.set_stored(model(v.stored.clone()));
    a.set_stored_note(v.stored_note.as_str().into());
    a.set_can_sync(v.can_sync);
    a.set_why_not_sync(v.why_not_sync.as_str().into());
    a.set_uploads(model(v.uploads.clone()));
    a.set_upload_note(v.upload_note.as_str().into());
    a.set_can_retry(v.can_retry);
    a.set_why_not_retry(v.why_not_retry.as_str().into());
    a.set_can_open(v.can_open);
    a.set_can_close(v.can_close);
    a.set_why_not(v.why_not.as_str().into());
}

/// "Khai mạc".
pub fn on_open_session(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<MeetingAdapter>().on_open_session(f);
}

/// "Bế mạc".
pub fn on_close_meeting(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<MeetingAdapter>().on_close_meeting(f);
}

/// "Nạp cuộc họp", with the meeting's id.
pub fn on_load_meeting(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<MeetingAdapter>()
        .on_load_meeting(move |id| f(id.to_string()));
}

/// "Đồng bộ ngay".
pub fn on_sync_now(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<MeetingAdapter>().on_sync_now(f);
}

/// "Gửi lại ngay".
pub fn on_retry_upload(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<MeetingAdapter>().on_retry_upload(f);
}
