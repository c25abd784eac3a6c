//! The meeting and its sync state.

use std::rc::Rc;

use protocol::ids::MeetingId;
use protocol::message::{ConsoleCommand, Phase};

use crate::session::Outcome;
use crate::text;
use crate::ui::meeting_adapter::{self, MeetingView};
use crate::ui::{AppWindow, CountRow, LogRow, PaperRow, SyncRow, int};

use super::{Cx, Inner};

/// How many seats missing papers are listed by name.
const LAGGING_SHOWN: usize = 8;
/// How many commands the log shows.
const LOG_SHOWN: usize = 8;

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(super) fn view(cx: &Cx<'_>) -> MeetingView {
    let vi = cx.vi();
    let language = cx.language;
    let mut v = MeetingView::default();
    if let Some(m) = cx.manifest() {
        let meeting = &m.meeting;
        let item_label = |id: &Option<protocol::ids::ItemId>| {
            id.as_ref()
                .and_then(|id| meeting.agenda.iter().position(|i| &i.id == id))
                .map_or_else(String::new, |n| {
                    format!("{} {}", if vi { "Mục" } else { "Item" }, n + 1)
                })
        };
        v.loaded = true;
        v.title.clone_from(&meeting.title);
        v.meeting_id = meeting.id.to_string();
        v.starts = text::starts_at(&meeting.starts_at, language);
        text::zone(meeting.network_zone, language).clone_into(&mut v.zone);
        v.papers = meeting
            .documents
            .iter()
            .map(|d| PaperRow {
                title: d.title.as_str().into(),
                item: item_label(&d.item).into(),
                classification: text::classification(d.classification, language).into(),
                size: text::size(d.size, language).into(),
            })
            .collect();
        let n = meeting.documents.len();
        // The controller announces a meeting only once every paper is on its
        // disk and its hash checked (controller::central::sync_meeting).
        v.controller_papers = if vi {
            format!("{n}/{n} tài liệu đã tải về và xác minh tại bộ điều khiển")
        } else {
            format!("{n}/{n} papers downloaded and verified at the controller")
        };
    }
    let state = cx.view.state.as_ref();
    v.phase = state.map_or_else(String::new, |s| text::phase(s.phase, language).to_owned());
    v.revision = state.map_or(0, |s| u32::try_from(s.revision).unwrap_or(u32::MAX));
    if let Some(map) = &cx.view.seat_map {
        v.seat_map_known = true;
        v.seats = count(map.seats.len());
        v.seats_online = count(map.seats.iter().filter(|s| s.online).count());
        let complete = |s: &protocol::message::SeatRow| {
            s.papers_total > 0 && s.papers_cached >= s.papers_total
        };
        v.seats_complete = count(map.seats.iter().filter(|s| complete(s)).count());
        let lagging: Vec<_> = map.seats.iter().filter(|s| !complete(s)).collect();
        v.lagging = lagging
            .iter()
            .take(LAGGING_SHOWN)
            .map(|s| SyncRow {
                seat: s.seat.as_str().into(),
                name: cx.name(&s.delegate).into(),
                online: s.online,
                cached: int(s.papers_cached),
                total: int(s.papers_total),
            })
            .collect();
        let more = lagging.len().saturating_sub(LAGGING_SHOWN);
        if more > 0 {
            v.lagging_more = if vi {
                format!("và {more} ghế khác")
            } else {
                format!("and {more} more seats")
            };
        }
        let rows = |m: &std::collections::BTreeMap<protocol::reject::Rejection, u64>| {
            m.iter()
                .map(|(r, n)| CountRow {
                    label: text::rejection(*r, language).into(),
                    count: i32::try_from(*n).unwrap_or(i32::MAX),
                })
                .collect()
        };
        v.dropped = rows(&map.dropped);
        v.refused = rows(&map.refused);
    }
    v.log = cx
        .view
        .commands
        .iter()
        .rev()
        .take(LOG_SHOWN)
        .map(|c| LogRow {
            at: text::clock(c.sent_at, cx.settings.utc_offset_minutes).into(),
            who: c.account.as_str().into(),
            what: text::command(&c.command, language).into(),
            outcome: text::outcome(c.outcome, language).into(),
            ok: matches!(c.outcome, Outcome::Done | Outcome::Waiting),
        })
        .collect();
    let phase = state.map(|s| s.phase);
    v.can_open = cx.permits(&ConsoleCommand::OpenSession) && phase == Some(Phase::Waiting);
    v.can_close = cx.permits(&ConsoleCommand::CloseMeeting) && phase == Some(Phase::InSession);
    v.why_not = cx.why_not(&ConsoleCommand::OpenSession);
    super::sync::fill(cx, &mut v);
    v
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    meeting_adapter::on_open_session(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|app, _, st| app.send(st, ConsoleCommand::OpenSession));
        }
    });
    let weak = Rc::downgrade(inner);
    meeting_adapter::on_close_meeting(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|app, _, st| app.send(st, ConsoleCommand::CloseMeeting));
        }
    });
    let weak = Rc::downgrade(inner);
    meeting_adapter::on_load_meeting(window, move |id| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(meeting) = MeetingId::new(id) else {
            return;
        };
        app.act(|app, _, st| app.send(st, ConsoleCommand::LoadMeeting { meeting }));
    });
    let weak = Rc::downgrade(inner);
    meeting_adapter::on_sync_now(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|app, _, st| app.send(st, ConsoleCommand::SyncNow));
        }
    });
    let weak = Rc::downgrade(inner);
    meeting_adapter::on_retry_upload(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|app, _, st| app.send(st, ConsoleCommand::RetryUpload));
        }
    });
}
