//! The agenda: the meeting's items with the one under discussion marked,
//! and the papers of the selected item with their classification and where
//! they stand in the seat's cache.

use std::collections::HashMap;
use std::rc::Rc;

use kiosk_core::papers::PaperStatus;
use protocol::ids::{DocumentId, ItemId, Sha256};
use protocol::meeting::{Document, MeetingPackage};

use super::{Ctx, Inner, State, viewer};
use crate::ui::agenda_adapter::{self, AgendaView, ItemView, PaperCache, PaperView};
use crate::ui::{AppWindow, ItemState};

/// The agenda screen's own state.
#[derive(Debug, Default)]
pub(crate) struct Local {
    /// The item whose papers are listed; `None`: the one under discussion.
    selected: Option<ItemId>,
    /// Page counts learnt when papers were opened.
    pub pages: HashMap<Sha256, u32>,
    pub(super) shown: Option<AgendaView>,
}

pub(super) fn connect(app: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(app);
    agenda_adapter::on_select_item(window, move |id| {
        if let Some(app) = weak.upgrade() {
            app.act(|_, st| st.agenda.selected = ItemId::new(id).ok());
        }
    });
    let weak = Rc::downgrade(app);
    agenda_adapter::on_open_paper(window, move |id| {
        if let Some(app) = weak.upgrade() {
            app.act(|cx, st| {
                if let Ok(doc) = DocumentId::new(id) {
                    viewer::open(cx, st, &doc, 1);
                }
            });
        }
    });
}

/// The item whose papers are listed.
fn selected(cx: &Ctx<'_>, st: &State, meeting: &MeetingPackage) -> Option<ItemId> {
    st.agenda
        .selected
        .clone()
        .filter(|i| meeting.agenda.iter().any(|a| &a.id == i))
        .or_else(|| cx.view.state.as_ref().and_then(|s| s.current_item.clone()))
        .or_else(|| meeting.agenda.first().map(|a| a.id.clone()))
}

/// The item in view on the agenda (and the one comments are about).
pub(super) fn selected_item(cx: &Ctx<'_>, st: &State) -> Option<ItemId> {
    selected(cx, st, &cx.manifest()?.meeting)
}

/// The papers listed under `item`: its own, then the meeting's general papers.
fn papers_of<'m>(meeting: &'m MeetingPackage, item: Option<&ItemId>) -> Vec<&'m Document> {
    let own = meeting.documents.iter().filter(|d| d.item.as_ref() == item);
    let general = meeting.documents.iter().filter(|d| d.item.is_none());
    if item.is_some() {
        own.chain(general).collect()
    } else {
        own.collect()
    }
}

/// The first paper of the item in view ("Tài liệu" with nothing open).
pub(super) fn first_paper(cx: &Ctx<'_>, st: &State) -> Option<DocumentId> {
    let meeting = &cx.manifest()?.meeting;
    let item = selected(cx, st, meeting);
    papers_of(meeting, item.as_ref())
        .first()
        .map(|d| d.id.clone())
}

fn cache(status: &PaperStatus) -> PaperCache {
    match status {
        PaperStatus::Ready => PaperCache::Cached,
        PaperStatus::Partial { have, size } => {
            #[allow(
                clippy::cast_precision_loss,
                clippy::cast_possible_truncation,
                reason = "a share for a progress bar; a few bits of precision do not show"
            )]
            let progress = if *size == 0 {
                0.0
            } else {
                (*have as f64 / *size as f64) as f32
            };
            PaperCache::Downloading { progress }
        }
        PaperStatus::Missing => PaperCache::Missing,
        PaperStatus::Failed { .. } => PaperCache::Failed,
    }
}

pub(super) fn refresh(cx: &Ctx<'_>, st: &mut State) {
    let Some(manifest) = cx.manifest() else {
        return;
    };
    let meeting = &manifest.meeting;
    let item = selected(cx, st, meeting);
    let current = cx.view.state.as_ref().and_then(|s| s.current_item.as_ref());
    let current_at = current.and_then(|c| meeting.agenda.iter().position(|a| &a.id == c));
    let items = meeting
        .agenda
        .iter()
        .enumerate()
        .map(|(i, a)| ItemView {
            id: a.id.to_string(),
            number: (i + 1).to_string(),
            title: a.title.clone(),
            presenter: a.presenter.clone(),
            state: match current_at {
                Some(c) if c == i => ItemState::Current,
                Some(c) if i < c => ItemState::Done,
                _ => ItemState::Upcoming,
            },
            selected: item.as_ref() == Some(&a.id),
            papers: u32::try_from(
                meeting
                    .documents
                    .iter()
                    .filter(|d| d.item.as_ref() == Some(&a.id))
                    .count(),
            )
            .unwrap_or(u32::MAX),
        })
        .collect();
    let papers = papers_of(meeting, item.as_ref())
        .into_iter()
        .map(|d| PaperView {
            id: d.id.to_string(),
            title: d.title.clone(),
            pages: st.agenda.pages.get(&d.sha256).copied().unwrap_or(0),
            classification: d.classification,
            cache: cache(&cx.app.papers.status(&d.sha256)),
        })
        .collect();
    let view = AgendaView {
        meeting_title: meeting.title.clone(),
        items,
        selected_title: item
            .as_ref()
            .and_then(|i| meeting.agenda.iter().find(|a| &a.id == i))
            .map(|a| a.title.clone())
            .unwrap_or_default(),
        papers,
    };
    if st.agenda.shown.as_ref() != Some(&view) {
        agenda_adapter::show(cx.window, &view);
        st.agenda.shown = Some(view);
    }
}
