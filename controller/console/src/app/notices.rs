//! Notices.

use std::rc::Rc;

use protocol::message::ConsoleCommand;
use protocol::message::console::MAX_NOTICE_CHARS;

use crate::session::CommandError;
use crate::text;
use crate::ui::AppWindow;
use crate::ui::NoticeRow;
use crate::ui::notices_adapter::{self, NoticesView};

use super::{Cx, Inner, State};

/// The draft as typed, and whether it is on its way.
#[derive(Default)]
pub(super) struct Local {
    draft: String,
    sending: bool,
}

pub(super) fn view(cx: &Cx<'_>, local: &Local) -> NoticesView {
    let chars = local.draft.trim().chars().count();
    let sample = ConsoleCommand::Notice {
        text: String::new(),
    };
    NoticesView {
        count: if cx.vi() {
            format!("{chars}/{MAX_NOTICE_CHARS} ký tự")
        } else {
            format!("{chars}/{MAX_NOTICE_CHARS} characters")
        },
        draft_ok: (1..=MAX_NOTICE_CHARS).contains(&chars),
        sending: local.sending,
        sent: cx
            .view
            .notices
            .iter()
            .rev()
            .map(|n| NoticeRow {
                number: i32::try_from(n.number).unwrap_or(i32::MAX),
                at: text::clock(n.at, cx.settings.utc_offset_minutes).into(),
                text: n.text.as_str().into(),
            })
            .collect(),
        can_send: cx.permits(&sample),
        why_not: cx.why_not(&sample),
    }
}

/// A notice was answered: a sent one empties the draft.
pub(super) fn answered(
    window: &AppWindow,
    st: &mut State,
    command: &ConsoleCommand,
    result: &Result<(), CommandError>,
) {
    if let ConsoleCommand::Notice { .. } = command {
        st.notices.sending = false;
        if result.is_ok() {
            st.notices.draft.clear();
            notices_adapter::set_draft(window, "");
        }
    }
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    notices_adapter::on_draft_edited(window, move |text| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, _, st| st.notices.draft = text);
        }
    });
    let weak = Rc::downgrade(inner);
    notices_adapter::on_send(window, move |text| {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            if st.notices.sending || st.operator.is_none() {
                return;
            }
            st.notices.draft.clone_from(&text);
            st.notices.sending = app.try_send(st, ConsoleCommand::Notice { text });
        });
    });
}
