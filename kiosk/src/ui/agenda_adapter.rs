//! The agenda with the papers of the selected item (`AgendaAdapter`).

use protocol::meeting::Classification;
use slint::ComponentHandle;

use super::generated::{self, AgendaItem, PaperEntry};
use super::{AgendaAdapter, AppWindow, CacheState, ItemState, int, model};

/// One agenda item.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemView {
    pub id: String,
    /// The number printed in the programme ("1", "2a").
    pub number: String,
    pub title: String,
    pub presenter: Option<String>,
    pub state: ItemState,
    /// The item whose papers are listed.
    pub selected: bool,
    pub papers: u32,
}

/// Where a paper stands in the seat's cache.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PaperCache {
    Cached,
    /// Downloading; `progress` from 0 to 1.
    Downloading {
        progress: f32,
    },
    Missing,
    Failed,
}

/// One paper of the selected item.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperView {
    pub id: String,
    pub title: String,
    pub pages: u32,
    pub classification: Classification,
    pub cache: PaperCache,
}

/// The agenda screen.
#[derive(Debug, Clone, PartialEq)]
pub struct AgendaView {
    pub meeting_title: String,
    pub items: Vec<ItemView>,
    /// The title of the selected item, over its papers.
    pub selected_title: String,
    pub papers: Vec<PaperView>,
}

/// Protocol classification to the UI's.
pub(crate) fn classification(c: Classification) -> generated::Classification {
    match c {
        Classification::Normal => generated::Classification::Normal,
        Classification::Confidential => generated::Classification::Confidential,
        Classification::Secret => generated::Classification::Secret,
    }
}

fn item(view: &ItemView) -> AgendaItem {
    AgendaItem {
        id: view.id.as_str().into(),
        number: view.number.as_str().into(),
        title: view.title.as_str().into(),
        presenter: view.presenter.as_deref().unwrap_or("").into(),
        state: view.state,
        selected: view.selected,
        papers: int(view.papers),
    }
}

fn paper(view: &PaperView) -> PaperEntry {
    let (cache, progress) = match view.cache {
        PaperCache::Cached => (CacheState::Cached, 1.0),
        PaperCache::Downloading { progress } => (CacheState::Downloading, progress.clamp(0.0, 1.0)),
        PaperCache::Missing => (CacheState::Missing, 0.0),
        PaperCache::Failed => (CacheState::Failed, 0.0),
    };
    PaperEntry {
        id: view.id.as_str().into(),
        title: view.title.as_str().into(),
        pages: int(view.pages),
        classification: classification(view.classification),
        cache,
        progress,
    }
}

/// Pushes the agenda screen.
pub fn show(window: &AppWindow, view: &AgendaView) {
    let adapter = window.global::<AgendaAdapter>();
    adapter.set_meeting_title(view.meeting_title.as_str().into());
    adapter.set_items(model(view.items.iter().map(item).collect()));
    adapter.set_selected_title(view.selected_title.as_str().into());
    adapter.set_papers(model(view.papers.iter().map(paper).collect()));
}

/// The delegate touched an agenda item (its id).
pub fn on_select_item(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<AgendaAdapter>()
        .on_select_item(move |id| f(id.to_string()));
}

/// The delegate touched a paper (its id).
pub fn on_open_paper(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<AgendaAdapter>()
        .on_open_paper(move |id| f(id.to_string()));
}
