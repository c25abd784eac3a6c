//! Sign-in by card tap or PIN (`SignInAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, SignInAdapter, int};

/// What the sign-in screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignInView {
    /// The delegate the seat plan puts at this seat, if known.
    pub delegate_name: Option<String>,
    pub delegate_unit: String,
    pub max_pin_length: u32,
    /// A sign-in is on its way to the controller.
    pub busy: bool,
    /// Why the last attempt failed, in the UI's language.
    pub error: Option<String>,
}

impl Default for SignInView {
    fn default() -> Self {
        Self {
            delegate_name: None,
            delegate_unit: String::new(),
            max_pin_length: 8,
            busy: false,
            error: None,
        }
    }
}

/// Pushes the sign-in view.
pub fn show(window: &AppWindow, view: &SignInView) {
    let adapter = window.global::<SignInAdapter>();
    adapter.set_delegate_name(view.delegate_name.as_deref().unwrap_or("").into());
    adapter.set_delegate_unit(view.delegate_unit.as_str().into());
    adapter.set_max_pin_length(int(view.max_pin_length));
    adapter.set_busy(view.busy);
    adapter.set_error(view.error.as_deref().unwrap_or("").into());
}

/// Shows that a sign-in is under way, or that it failed and why.
pub fn set_progress(window: &AppWindow, busy: bool, error: Option<&str>) {
    let adapter = window.global::<SignInAdapter>();
    adapter.set_busy(busy);
    adapter.set_error(error.unwrap_or("").into());
}

/// The delegate typed a PIN and touched OK. The pad is already cleared.
pub fn on_sign_in_pin(window: &AppWindow, f: impl Fn(String) + 'static) {
    window
        .global::<SignInAdapter>()
        .on_sign_in_pin(move |pin| f(pin.to_string()));
}

/// The delegate touched "Quay lại".
pub fn on_cancel(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<SignInAdapter>().on_cancel(f);
}
