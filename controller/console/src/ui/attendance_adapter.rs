//! Roll call and quorum (`AttendanceAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, AttendanceAdapter, DelegateRow, QuorumLine, int, model};

/// What the roll call shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttendanceView {
    pub members: u32,
    pub present: u32,
    pub signed_in: u32,
    pub quorum: Vec<QuorumLine>,
    pub delegates: Vec<DelegateRow>,
    pub can_mark: bool,
    pub why_not: String,
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &AttendanceView) {
    let a = window.global::<AttendanceAdapter>();
    a.set_members(int(v.members));
    a.set_present(int(v.present));
    a.set_signed_in(int(v.signed_in));
    a.set_quorum(model(v.quorum.clone()));
    a.set_delegates(model(v.delegates.clone()));
    a.set_can_mark(v.can_mark);
    a.set_why_not(v.why_not.as_str().into());
}

/// A delegate marked present (`true`) or the mark taken back (`false`).
pub fn on_mark(window: &AppWindow, f: impl Fn(String, bool) + 'static) {
    window
        .global::<AttendanceAdapter>()
        .on_mark(move |id, present| f(id.to_string(), present));
}
