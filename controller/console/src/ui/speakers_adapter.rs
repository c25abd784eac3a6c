//! The speakers queue (`SpeakersAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, SpeakerRow, SpeakersAdapter, model};

/// Who has the floor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FloorView {
    pub name: String,
    pub unit: String,
    pub seat: String,
}

/// What the speakers page shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpeakersView {
    pub floor: Option<FloorView>,
    pub queue: Vec<SpeakerRow>,
    pub can_run: bool,
    pub can_next: bool,
    pub can_end: bool,
    pub why_not: String,
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &SpeakersView) {
    let a = window.global::<SpeakersAdapter>();
    let floor = v.floor.clone().unwrap_or_default();
    a.set_floor_taken(v.floor.is_some());
    a.set_floor_name(floor.name.as_str().into());
    a.set_floor_unit(floor.unit.as_str().into());
    a.set_floor_seat(floor.seat.as_str().into());
    a.set_queue(model(v.queue.clone()));
    a.set_can_run(v.can_run);
    a.set_can_next(v.can_next);
    a.set_can_end(v.can_end);
    a.set_why_not(v.why_not.as_str().into());
}

/// "Mời phát biểu", with the delegate's id.
pub fn on_grant(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<SpeakersAdapter>()
        .on_grant(move |id| f(id.to_string()));
}

/// "Xóa", with the delegate's id.
pub fn on_remove(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<SpeakersAdapter>()
        .on_remove(move |id| f(id.to_string()));
}

/// "Mời người tiếp theo".
pub fn on_next(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<SpeakersAdapter>().on_next(f);
}

/// "Kết thúc phát biểu".
pub fn on_end_floor(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<SpeakersAdapter>().on_end_floor(f);
}
