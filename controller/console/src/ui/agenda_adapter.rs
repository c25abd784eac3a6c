//! Agenda control and "show this page to everyone" (`AgendaAdapter`).

use slint::ComponentHandle;

use super::{AgendaAdapter, AppWindow, DocumentChoice, ItemRow, int, model};

/// What the agenda page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AgendaView {
    pub items: Vec<ItemRow>,
    pub documents: Vec<DocumentChoice>,
    pub page: u32,
    pub can_step_back: bool,
    /// What every seat is shown now; empty: nothing.
    pub presenting: String,
    pub can_run: bool,
    pub can_stop: bool,
    pub why_not: String,
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &AgendaView) {
    let a = window.global::<AgendaAdapter>();
    a.set_items(model(v.items.clone()));
    a.set_documents(model(v.documents.clone()));
    a.set_page(int(v.page));
    a.set_can_step_back(v.can_step_back);
    a.set_presenting(v.presenting.as_str().into());
    a.set_can_run(v.can_run);
    a.set_can_stop(v.can_stop);
    a.set_why_not(v.why_not.as_str().into());
}

/// "Chuyển đến mục này", with the item's id.
pub fn on_set_item(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<AgendaAdapter>()
        .on_set_item(move |id| f(id.to_string()));
}

/// A paper was chosen to show.
pub fn on_select_document(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<AgendaAdapter>()
        .on_select_document(move |id| f(id.to_string()));
}

/// The page to show, one back (-1) or on (+1).
pub fn on_step_page(window: &AppWindow, f: impl Fn(i32) + 'static) {
    window.global::<AgendaAdapter>().on_step_page(f);
}

/// "Trình chiếu trang này".
pub fn on_show_page(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<AgendaAdapter>().on_show_page(f);
}

/// "Dừng trình chiếu".
pub fn on_stop_presenting(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<AgendaAdapter>().on_stop_presenting(f);
}
