//! The forced change of password (`PasswordAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, PasswordAdapter, strings};

/// What the change-of-password page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PasswordView {
    pub account: String,
    pub full_name: String,
    /// The rules a new password must meet, in words.
    pub rules: Vec<String>,
    pub busy: bool,
    pub error: Option<String>,
}

/// Pushes the view (what was typed stays).
pub fn show(window: &AppWindow, v: &PasswordView) {
    let a = window.global::<PasswordAdapter>();
    a.set_account(v.account.as_str().into());
    a.set_full_name(v.full_name.as_str().into());
    a.set_rules(strings(&v.rules));
    a.set_busy(v.busy);
    a.set_error(v.error.as_deref().unwrap_or("").into());
}

/// Forgets the three passwords typed.
pub fn clear(window: &AppWindow) {
    let a = window.global::<PasswordAdapter>();
    a.set_current("".into());
    a.set_new_password("".into());
    a.set_repeat("".into());
}

/// "Đổi mật khẩu": the current password, the new one, and the new one again.
pub fn on_change(window: &AppWindow, f: impl Fn(String, String, String) + 'static) {
    window
        .global::<PasswordAdapter>()
        .on_change(move |current, new, repeat| {
            f(current.to_string(), new.to_string(), repeat.to_string());
        });
}

/// "Đăng xuất" instead of changing.
pub fn on_sign_out(window: &AppWindow, f: impl Fn() + 'static) {
    window.global::<PasswordAdapter>().on_sign_out(f);
}
