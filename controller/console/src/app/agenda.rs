//! Agenda control and "show this page to everyone".

use std::rc::Rc;

use protocol::ids::{DocumentId, ItemId};
use protocol::message::ConsoleCommand;

use crate::text;
use crate::ui::agenda_adapter::{self, AgendaView};
use crate::ui::{AppWindow, DocumentChoice, ItemRow};

use super::{Cx, Inner};

/// The paper and page chosen to show, until shown.
#[derive(Default)]
pub(super) struct Local {
    document: Option<DocumentId>,
    page: Option<u32>,
}

/// The paper chosen: the one picked, or the one shown now, or the first of
/// the current item, or the first.
fn chosen(cx: &Cx<'_>, local: &Local) -> Option<DocumentId> {
    let m = cx.manifest()?;
    let state = cx.view.state.as_ref();
    local
        .document
        .clone()
        .filter(|id| m.meeting.documents.iter().any(|d| &d.id == id))
        .or_else(|| state?.presenter.as_ref().map(|p| p.document.clone()))
        .or_else(|| {
            let item = state?.current_item.as_ref()?;
            m.meeting
                .documents
                .iter()
                .find(|d| d.item.as_ref() == Some(item))
                .map(|d| d.id.clone())
        })
        .or_else(|| m.meeting.documents.first().map(|d| d.id.clone()))
}

/// The page chosen: the one picked, or the one shown now of the same paper, or 1.
fn page(cx: &Cx<'_>, local: &Local, document: Option<&DocumentId>) -> u32 {
    local.page.unwrap_or_else(|| {
        cx.view
            .state
            .as_ref()
            .and_then(|s| s.presenter.as_ref())
            .filter(|p| Some(&p.document) == document)
            .map_or(1, |p| p.page)
    })
}

pub(super) fn view(cx: &Cx<'_>, local: &Local) -> AgendaView {
    let Some(m) = cx.manifest() else {
        return AgendaView::default();
    };
    let vi = cx.vi();
    let meeting = &m.meeting;
    let state = cx.view.state.as_ref();
    let current = state.and_then(|s| s.current_item.as_ref());
    let item_number = |id: Option<&ItemId>| {
        id.and_then(|id| meeting.agenda.iter().position(|i| &i.id == id))
            .map_or_else(String::new, |n| {
                format!("{} {}", if vi { "Mục" } else { "Item" }, n + 1)
            })
    };
    let items = meeting
        .agenda
        .iter()
        .enumerate()
        .map(|(n, i)| ItemRow {
            id: i.id.as_str().into(),
            number: i32::try_from(n + 1).unwrap_or(i32::MAX),
            title: i.title.as_str().into(),
            presenter: i.presenter.as_deref().unwrap_or("").into(),
            papers: i32::try_from(
                meeting
                    .documents
                    .iter()
                    .filter(|d| d.item.as_ref() == Some(&i.id))
                    .count(),
            )
            .unwrap_or(i32::MAX),
            current: current == Some(&i.id),
        })
        .collect();
    let document = chosen(cx, local);
    let documents = meeting
        .documents
        .iter()
        .map(|d| DocumentChoice {
            id: d.id.as_str().into(),
            title: d.title.as_str().into(),
            item: item_number(d.item.as_ref()).into(),
            classification: text::classification(d.classification, cx.language).into(),
            selected: Some(&d.id) == document.as_ref(),
        })
        .collect();
    let page = page(cx, local, document.as_ref());
    let presenting = state
        .and_then(|s| s.presenter.as_ref())
        .map_or_else(String::new, |p| {
            let title = meeting
                .documents
                .iter()
                .find(|d| d.id == p.document)
                .map_or_else(|| p.document.to_string(), |d| d.title.clone());
            if vi {
                format!("{title} — trang {}", p.page)
            } else {
                format!("{title} — page {}", p.page)
            }
        });
    let sample = ConsoleCommand::StopPresenting;
    let can_run = cx.permits(&sample);
    AgendaView {
        items,
        documents,
        page,
        can_step_back: page > 1,
        can_stop: can_run && !presenting.is_empty(),
        presenting,
        can_run,
        why_not: cx.why_not(&sample),
    }
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    agenda_adapter::on_set_item(window, move |id| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(item) = ItemId::new(id) else { return };
        app.act(|app, _, st| app.send(st, ConsoleCommand::SetItem { item }));
    });
    let weak = Rc::downgrade(inner);
    agenda_adapter::on_select_document(window, move |id| {
        let Some(app) = weak.upgrade() else { return };
        let Ok(document) = DocumentId::new(id) else {
            return;
        };
        app.act(|_, _, st| {
            if st.agenda.document.as_ref() != Some(&document) {
                st.agenda.document = Some(document);
                st.agenda.page = Some(1);
            }
        });
    });
    let weak = Rc::downgrade(inner);
    agenda_adapter::on_step_page(window, move |delta| {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            let view = app.handle.view();
            let cx = app_cx(&view, &app.settings);
            let document = chosen(&cx, &st.agenda);
            let now = page(&cx, &st.agenda, document.as_ref());
            st.agenda.document = document;
            st.agenda.page = Some(now.saturating_add_signed(delta).max(1));
        });
    });
    let weak = Rc::downgrade(inner);
    agenda_adapter::on_show_page(window, move || {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            let view = app.handle.view();
            let cx = app_cx(&view, &app.settings);
            let Some(document) = chosen(&cx, &st.agenda) else {
                return;
            };
            let page = page(&cx, &st.agenda, Some(&document));
            app.send(st, ConsoleCommand::ShowPage { document, page });
        });
    });
    let weak = Rc::downgrade(inner);
    agenda_adapter::on_stop_presenting(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|app, _, st| app.send(st, ConsoleCommand::StopPresenting));
        }
    });
}

/// A context for choosing a paper and page (no operator or words needed).
fn app_cx<'a>(view: &'a crate::session::ConsoleView, settings: &'a super::Settings) -> Cx<'a> {
    Cx {
        view,
        operator: None,
        settings,
        language: crate::ui::language(),
        now: link::clock(),
    }
}
