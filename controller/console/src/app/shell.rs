//! The frame: top bar, navigation rail, message strip.

use std::rc::Rc;

use crate::session::Connection;
use crate::text;
use crate::ui::shell_adapter::{self, ShellView};
use crate::ui::{self, AppWindow, ConnectionState, Page, Tone};

use super::{Cx, Inner, Message, State};

pub(super) fn view(cx: &Cx<'_>, st: &State) -> ShellView {
    let vi = cx.vi();
    let state = cx.view.state.as_ref();
    let meeting = cx.manifest().map_or_else(
        || {
            if vi {
                "Chưa có cuộc họp"
            } else {
                "No meeting yet"
            }
            .to_owned()
        },
        |m| m.meeting.title.clone(),
    );
    let phase = match state {
        None => if vi {
            "Chờ trạng thái từ bộ điều khiển"
        } else {
            "Waiting for the controller's state"
        }
        .to_owned(),
        Some(s) => {
            let item = s.current_item.as_ref().and_then(|id| {
                let agenda = &cx.manifest()?.meeting.agenda;
                let n = agenda.iter().position(|i| &i.id == id)?;
                Some(format!(
                    "{} {}: {}",
                    if vi { "Mục" } else { "Item" },
                    n + 1,
                    agenda[n].title
                ))
            });
            match item {
                Some(item) => format!("{} · {item}", text::phase(s.phase, cx.language)),
                None => text::phase(s.phase, cx.language).to_owned(),
            }
        }
    };
    let connection = match cx.view.connection {
        Connection::Connecting => ConnectionState::Connecting,
        Connection::Online => ConnectionState::Online,
        Connection::Offline { .. } => ConnectionState::Offline,
    };
    let offline = cx
        .view
        .seat_map
        .as_ref()
        .map_or(0, |m| m.seats.iter().filter(|s| !s.online).count());
    let queue = state.map_or(0, |s| s.speakers.queue.len());
    let (message, tone) = match &st.message {
        None => (String::new(), Tone::Neutral),
        Some(Message::Sent(c)) => (text::command_sent(c, cx.language), Tone::Busy),
        Some(Message::Answered(c, r)) => (
            text::command_result(c, r, cx.language),
            if r.is_ok() {
                Tone::Positive
            } else {
                Tone::Negative
            },
        ),
    };
    let revision = state.map_or(0, |s| s.revision);
    let counters = match (cx.view.dropped, vi) {
        (0, true) => format!("Trạng thái số {revision}"),
        (0, false) => format!("State revision {revision}"),
        (n, true) => format!("Trạng thái số {revision} · {n} thông điệp không xác thực bị loại"),
        (n, false) => format!("State revision {revision} · {n} unverified messages dropped"),
    };
    ShellView {
        room: cx.settings.room_name.clone(),
        meeting,
        phase,
        connection,
        clock: text::clock(cx.now, cx.settings.utc_offset_minutes),
        operator_name: cx.operator.map_or_else(String::new, |o| {
            if o.full_name.is_empty() {
                o.account.to_string()
            } else {
                format!("{} ({})", o.full_name, o.account)
            }
        }),
        operator_role: cx
            .operator
            .map_or("", |o| text::role(o.role, cx.language))
            .to_owned(),
        seats_mark: if offline > 0 {
            offline.to_string()
        } else {
            String::new()
        },
        ballot_mark: if state.is_some_and(|s| s.ballot.is_some()) {
            if vi { "Mở" } else { "Open" }.to_owned()
        } else {
            String::new()
        },
        speakers_mark: if queue > 0 {
            queue.to_string()
        } else {
            String::new()
        },
        message,
        tone,
        counters,
    }
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    shell_adapter::on_navigate(window, move |page| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| {
                // Only a signed-in operator with a chosen password moves between pages.
                if st
                    .operator
                    .as_ref()
                    .is_some_and(|o| !o.must_change_password)
                    && !matches!(page, Page::Login | Page::ChangePassword)
                {
                    st.page = Some(page);
                }
            });
        }
    });
    let weak = Rc::downgrade(inner);
    shell_adapter::on_sign_out(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|_, w, st| super::login::sign_out(w, st));
        }
    });
    let weak = Rc::downgrade(inner);
    shell_adapter::on_language_requested(window, move |language| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, w, _| {
                if let Err(e) = ui::set_language(w, language) {
                    tracing::error!(cause = %e, "cannot switch the language");
                }
            });
        }
    });
}
