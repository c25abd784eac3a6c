//! Requests to speak and the speakers queue (`SpeakingAdapter`).

use slint::{ComponentHandle, SharedString};

use super::{AppWindow, FloorState, SpeakingAdapter, int, model};

/// The speaking screen.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeakingView {
    pub state: FloorState,
    /// This seat's place in the queue, from 1, while queued.
    pub position: Option<u32>,
    /// Who has the floor, as shown to everyone.
    pub floor_holder: Option<String>,
    /// The queue in order.
    pub queue: Vec<String>,
    /// A request or withdrawal is on its way.
    pub pending: bool,
    /// Why the last request or withdrawal was not taken.
    pub problem: Option<String>,
}

/// Pushes the speaking screen.
pub fn show(window: &AppWindow, view: &SpeakingView) {
    let adapter = window.global::<SpeakingAdapter>();
    adapter.set_state(view.state);
    adapter.set_position(view.position.map_or(0, int));
    adapter.set_floor_holder(view.floor_holder.as_deref().unwrap_or("").into());
    adapter.set_queue(model(
        view.queue
            .iter()
            .map(|n| SharedString::from(n.as_str()))
            .collect(),
    ));
    adapter.set_pending(view.pending);
    adapter.set_problem(view.problem.as_deref().unwrap_or("").into());
}

/// The delegate touched "Xin phát biểu".
pub fn on_request_floor(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<SpeakingAdapter>().on_request_floor(f);
}

/// The delegate touched "Rút đăng ký" or "Kết thúc phát biểu".
pub fn on_withdraw_floor(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<SpeakingAdapter>().on_withdraw_floor(f);
}
