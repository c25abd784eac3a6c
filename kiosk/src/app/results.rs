//! Results of the closed ballots (from the state, and from a ballot-closed
//! event that came before the state caught up), and the secretary's
//! notices over every screen until the delegate has seen them (held back
//! while a ballot waits for their vote).

use std::rc::Rc;

use protocol::message::Notice;
use protocol::tally::BallotResult;

use super::text::LocalTime;
use super::{Ctx, Inner, State};
use crate::ui::notice_adapter::{self, NoticeView};
use crate::ui::{AppWindow, results_adapter};

/// The results screen's and the notices' own state.
#[derive(Debug, Default)]
pub(crate) struct Local {
    /// Results heard in `BallotClosed` events, for the moment before the state has them.
    heard: Vec<BallotResult>,
    /// The tab shown; `None`: the newest.
    selected: Option<usize>,
    /// The highest notice number the delegate has dismissed.
    seen_notice: u32,
    pub(super) shown: Option<(Vec<BallotResult>, usize)>,
    pub(super) shown_notice: Option<NoticeView>,
    /// Whether `shown_notice` was pushed to the overlay at all.
    pub(super) notice_pushed: bool,
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    results_adapter::on_select_result(window, move |i| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| st.results.selected = Some(i));
        }
    });
    let weak = Rc::downgrade(app);
    notice_adapter::on_dismissed(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                if let Some(n) = cx.view.notices.iter().map(|n| n.number).max() {
                    st.results.seen_notice = st.results.seen_notice.max(n);
                }
            });
        }
    });
}

/// A ballot closed: its result shows first.
pub(super) fn closed(_cx: &Ctx<'_>, st: &mut State, result: BallotResult) {
    let local = &mut st.results;
    local.heard.retain(|r| r.ballot != result.ballot);
    local.heard.push(result);
    local.selected = None;
}

/// A notice arrived (the view keeps it; this only logs it).
pub(super) fn notice(_cx: &Ctx<'_>, _st: &mut State, notice: &Notice) {
    tracing::info!(number = notice.number, "a notice from the secretary");
}

/// The closed ballots, oldest first: the state's, then any heard but not in it yet.
fn all_results(cx: &Ctx<'_>, st: &State) -> Vec<BallotResult> {
    let mut all: Vec<BallotResult> = cx
        .view
        .state
        .as_ref()
        .map(|s| s.results.clone())
        .unwrap_or_default();
    for r in &st.results.heard {
        if !all.iter().any(|a| a.ballot == r.ballot) {
            all.push(r.clone());
        }
    }
    all
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    let results = all_results(cx, st);
    let local = &mut st.results;
    // Results the state has now need not be remembered.
    if let Some(s) = &cx.view.state {
        local
            .heard
            .retain(|r| !s.results.iter().any(|a| a.ballot == r.ballot));
    }
    let selected = local
        .selected
        .filter(|i| *i < results.len())
        .unwrap_or_else(|| results.len().saturating_sub(1));
    let shown = (results, selected);
    if local.shown.as_ref() != Some(&shown) {
        results_adapter::show(cx.window, &shown.0, shown.1);
        local.shown = Some(shown);
    }

    let newest = cx
        .view
        .notices
        .iter()
        .filter(|n| n.number > local.seen_notice)
        .max_by_key(|n| n.number)
        .map(|n| NoticeView {
            number: n.number,
            text: n.text.clone(),
            time: LocalTime::at(n.at, cx.app.settings.utc_offset_minutes).clock(),
        });
    // A ballot waiting for this delegate's vote takes the screen: the
    // notice comes back once they have voted or the ballot has closed.
    let newest = newest.filter(|_| !cx.view.awaiting_vote());
    if !local.notice_pushed || local.shown_notice != newest {
        notice_adapter::show(cx.window, newest.as_ref());
        local.shown_notice = newest;
        local.notice_pushed = true;
    }
}
