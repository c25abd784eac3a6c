//! Login (`LoginAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, LoginAdapter};

/// What the login page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginView {
    pub room: String,
    /// The password is being checked.
    pub busy: bool,
    /// Why the last attempt failed, in the UI's language.
    pub error: Option<String>,
    /// No account exists yet: IT must add one on the command line.
    pub no_accounts: bool,
}

/// Pushes the login view (what was typed stays).
pub fn show(window: &AppWindow, v: &LoginView) {
    let a = window.global::<LoginAdapter>();
    a.set_room(v.room.as_str().into());
    a.set_busy(v.busy);
    a.set_error(v.error.as_deref().unwrap_or("").into());
    a.set_no_accounts(v.no_accounts);
}

/// Forgets the password typed (after every attempt), and the name too when `all`.
pub fn clear(window: &AppWindow, all: bool) {
    let a = window.global::<LoginAdapter>();
    a.set_password("".into());
    if all {
        a.set_account("".into());
    }
}

/// "Đăng nhập" with the name and the password typed.
pub fn on_sign_in(window: &AppWindow, f: impl Fn(String, String) + 'static) {
    window
        .global::<LoginAdapter>()
        .on_sign_in(move |account, password| f(account.trim().to_owned(), password.to_string()));
}
