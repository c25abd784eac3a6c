//! Comments (góp ý): the on-screen keyboard typed through Telex
//! ([`TelexBuffer`]), about the meeting, an item, the open paper or its page;
//! sent to the seat's outbox, which keeps it (on disk) until the controller
//! has it. The draft stays until the seat took it: nothing typed is lost to
//! a dropped connection.

use std::rc::Rc;

use kiosk_core::seat::{CommentTarget as Target, SeatError};
use kiosk_core::telex::TelexBuffer;
use protocol::message::seat::MAX_COMMENT_CHARS;
use protocol::reject::Rejection;

use super::text::{self, tr};
use super::{Ctx, Inner, Msg, State, agenda};
use crate::ui::comments_adapter::{self, CommentsView, Key};
use crate::ui::{AppWindow, CommentTarget, Page};

/// The outcome of the last send, said in the language showing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Status {
    /// Handed to the connection.
    Sent,
    /// Kept on the seat while offline.
    Kept,
    /// The controller recorded it.
    Received,
    Failed(String),
    Refused(Rejection),
}

impl Status {
    /// The words, and whether they report an error.
    fn say(&self) -> (String, bool) {
        match self {
            Self::Sent => (tr("Đã gửi góp ý.", "Comment sent."), false),
            Self::Kept => (
                tr(
                    "Mất kết nối — góp ý đã lưu trên máy này và sẽ tự gửi khi có kết nối.",
                    "No connection — the comment is saved on this seat and will be sent when the connection is back.",
                ),
                false,
            ),
            Self::Received => (
                tr(
                    "Phòng họp đã nhận góp ý.",
                    "The room has received the comment.",
                ),
                false,
            ),
            Self::Failed(why) => (
                format!(
                    "{}: {why}",
                    tr("Chưa gửi được góp ý", "The comment was not sent")
                ),
                true,
            ),
            Self::Refused(Rejection::BadText) => (text::rejection(Rejection::BadText), true),
            Self::Refused(reason) => (
                format!(
                    "{}: {}",
                    tr("Góp ý không được nhận", "The comment was refused"),
                    text::rejection(*reason)
                ),
                true,
            ),
        }
    }
}

/// The comments screen's own state.
#[derive(Debug)]
pub(crate) struct Local {
    telex: TelexBuffer,
    target: CommentTarget,
    sending: bool,
    /// The outcome of the last send.
    status: Option<Status>,
    pub(super) shown_text: Option<String>,
    pub(super) shown: Option<CommentsView>,
}

impl Default for Local {
    fn default() -> Self {
        Self {
            telex: TelexBuffer::new(),
            target: CommentTarget::Item,
            sending: false,
            status: None,
            shown_text: None,
            shown: None,
        }
    }
}

impl Local {
    /// The delegate signed out: their draft goes with them.
    pub(super) fn forget(&mut self, cx: &Ctx<'_>) {
        *self = Self::default();
        comments_adapter::set_text(cx.window, "");
    }
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    comments_adapter::on_key_pressed(window, move |key| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| self::key(st, &key));
        }
    });
    let weak = Rc::downgrade(app);
    comments_adapter::on_text_replaced(window, move |text| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| st.comments.telex.set_text(&text));
        }
    });
    let weak = Rc::downgrade(app);
    comments_adapter::on_target_selected(window, move |target| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| st.comments.target = target);
        }
    });
    let weak = Rc::downgrade(app);
    comments_adapter::on_clear(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| {
                st.comments.telex.clear();
                st.comments.status = None;
            });
        }
    });
    let weak = Rc::downgrade(app);
    comments_adapter::on_send(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(send);
        }
    });
}

fn key(st: &mut State, key: &Key) {
    let telex = &mut st.comments.telex;
    match key {
        Key::Text(keys) => {
            for c in keys.chars() {
                if telex.text().chars().count() >= MAX_COMMENT_CHARS {
                    break;
                }
                telex.push(c);
            }
        }
        Key::Backspace => telex.backspace(),
        Key::Enter => telex.push('\n'),
    }
    st.comments.status = None;
}

/// "Góp ý" in the viewer: a comment on the page showing.
pub(super) fn about_page(cx: &Ctx<'_>, st: &mut State) {
    st.comments.target = CommentTarget::Page;
    cx.show_page(Page::Comments);
}

/// What the comment is about, and that in words.
fn target(cx: &Ctx<'_>, st: &State) -> (CommentTarget, Target, String) {
    let meeting = cx.manifest().map(|m| &m.meeting);
    let doc = st
        .viewer
        .doc
        .as_ref()
        .and_then(|id| meeting?.documents.iter().find(|d| &d.id == id));
    let item = agenda::selected_item(cx, st);
    let item_label = item.as_ref().and_then(|i| {
        let agenda = &meeting?.agenda;
        let at = agenda.iter().position(|a| &a.id == i)?;
        Some(format!(
            "{} {} — {}",
            tr("Mục", "Item"),
            at + 1,
            agenda[at].title
        ))
    });
    let meeting_title = meeting.map(|m| m.title.clone()).unwrap_or_default();
    match (st.comments.target, doc) {
        (CommentTarget::Page, Some(d)) => (
            CommentTarget::Page,
            Target {
                item: d.item.clone(),
                document: Some(d.id.clone()),
                page: Some(st.viewer.page),
            },
            format!("{} — {} {}", d.title, tr("trang", "page"), st.viewer.page),
        ),
        (CommentTarget::Paper, Some(d)) => (
            CommentTarget::Paper,
            Target {
                item: d.item.clone(),
                document: Some(d.id.clone()),
                page: None,
            },
            d.title.clone(),
        ),
        (CommentTarget::Meeting, _) => (CommentTarget::Meeting, Target::default(), meeting_title),
        // An item, or a paper or page with no paper open.
        _ => match item_label {
            Some(label) => (
                CommentTarget::Item,
                Target {
                    item,
                    ..Target::default()
                },
                label,
            ),
            None => (CommentTarget::Meeting, Target::default(), meeting_title),
        },
    }
}

fn send(cx: &Ctx<'_>, st: &mut State) {
    if st.comments.sending {
        return;
    }
    let (_, target, _) = target(cx, st);
    let local = &mut st.comments;
    local.telex.commit();
    let body = local.telex.text();
    local.sending = true;
    local.status = None;
    cx.command(move |h| async move { Msg::Comment(h.comment(target, &body).await.map(|_| ())) });
}

/// The seat took the comment (it is in the outbox, on disk) or refused it.
pub(super) fn answered(cx: &Ctx<'_>, st: &mut State, r: Result<(), SeatError>) {
    let local = &mut st.comments;
    local.sending = false;
    match r {
        Ok(()) => {
            local.telex.clear();
            local.status = Some(if cx.view.is_online() {
                Status::Sent
            } else {
                Status::Kept
            });
        }
        Err(SeatError::Action(protocol::client::ActionError::BadText)) => {
            local.status = Some(Status::Refused(Rejection::BadText));
        }
        Err(e) => local.status = Some(Status::Failed(e.to_string())),
    }
}

/// The controller recorded a comment of this seat.
pub(super) fn recorded(_cx: &Ctx<'_>, st: &mut State) {
    let local = &mut st.comments;
    if !local.sending && local.telex.is_empty() {
        local.status = Some(Status::Received);
    }
}

pub(super) fn refused(_cx: &Ctx<'_>, st: &mut State, reason: Rejection) {
    st.comments.status = Some(Status::Refused(reason));
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    let (shown_target, _, label) = target(cx, st);
    let local = &st.comments;
    let view = CommentsView {
        target: shown_target,
        target_label: label,
        paper_available: st.viewer.doc.is_some(),
        max_chars: u32::try_from(MAX_COMMENT_CHARS).unwrap_or(u32::MAX),
        sending: local.sending,
        status: local.status.as_ref().map(Status::say),
    };
    let text = local.telex.text();
    let local = &mut st.comments;
    if local.shown.as_ref() != Some(&view) {
        comments_adapter::show(cx.window, &view);
        local.shown = Some(view);
    }
    if local.shown_text.as_ref() != Some(&text) {
        comments_adapter::set_text(cx.window, &text);
        local.shown_text = Some(text);
    }
}
