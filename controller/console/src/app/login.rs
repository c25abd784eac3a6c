//! Login, the forced change of password, and signing out.

use std::rc::Rc;

use crate::accounts::{ChangeError, LoginError, SignedIn};
use crate::text;
use crate::ui::AppWindow;
use crate::ui::login_adapter::{self, LoginView};
use crate::ui::password_adapter::{self, PasswordView};

use super::{Cx, Inner, Msg, State};

/// What the login and password pages show besides what was typed.
#[derive(Default)]
pub(super) struct Local {
    pub(super) busy: bool,
    pub(super) error: Option<Failure>,
    pub(super) no_accounts: bool,
    /// The accounts' shortest password (0: the default policy's).
    pub(super) min_length: usize,
}

/// The last failure, put in words when drawn (in the language of the moment).
pub(super) enum Failure {
    Login(LoginError),
    Change(ChangeError),
}

pub(super) fn login_view(cx: &Cx<'_>, st: &State) -> LoginView {
    LoginView {
        room: cx.settings.room_name.clone(),
        busy: st.login.busy && st.operator.is_none(),
        error: match &st.login.error {
            Some(Failure::Login(e)) if st.operator.is_none() => Some(text::login_error(
                e,
                cx.settings.utc_offset_minutes,
                cx.language,
            )),
            _ => None,
        },
        no_accounts: st.login.no_accounts,
    }
}

pub(super) fn password_view(cx: &Cx<'_>, st: &State) -> PasswordView {
    let Some(op) = &st.operator else {
        return PasswordView::default();
    };
    PasswordView {
        account: op.account.to_string(),
        full_name: if op.full_name.is_empty() {
            op.account.to_string()
        } else {
            op.full_name.clone()
        },
        rules: text::password_rules(
            match st.login.min_length {
                0 => crate::accounts::Policy::default().min_length,
                n => n,
            },
            cx.language,
        ),
        busy: st.login.busy,
        error: match &st.login.error {
            Some(Failure::Change(e)) => Some(text::change_error(
                e,
                cx.settings.utc_offset_minutes,
                cx.language,
            )),
            _ => None,
        },
    }
}

pub(super) fn answered(window: &AppWindow, st: &mut State, r: Result<SignedIn, LoginError>) {
    st.login.busy = false;
    login_adapter::clear(window, r.is_ok());
    match r {
        Ok(signed) => {
            tracing::info!(account = %signed.account, role = ?signed.role, "operator signed in");
            st.login.error = None;
            st.page = None;
            st.operator = Some(signed);
        }
        Err(e) => {
            tracing::warn!(cause = %e, "login refused");
            st.login.error = Some(Failure::Login(e));
        }
    }
}

pub(super) fn changed(window: &AppWindow, st: &mut State, r: Result<(), ChangeError>) {
    st.login.busy = false;
    password_adapter::clear(window);
    match r {
        Ok(()) => {
            st.login.error = None;
            if let Some(op) = &mut st.operator {
                tracing::info!(account = %op.account, "password changed");
                op.must_change_password = false;
            }
        }
        Err(e) => st.login.error = Some(Failure::Change(e)),
    }
}

pub(super) fn sign_out(window: &AppWindow, st: &mut State) {
    if let Some(op) = st.operator.take() {
        tracing::info!(account = %op.account, "operator signed out");
    }
    login_adapter::clear(window, true);
    password_adapter::clear(window);
    st.login.error = None;
    st.login.busy = false;
    st.page = None;
    st.message = None;
    st.agenda = super::agenda::Local::default();
    st.ballots = super::ballots::Local::default();
    st.notices = super::notices::Local::default();
}

pub(super) fn connect(inner: &Rc<Inner>, window: &AppWindow) {
    let weak = Rc::downgrade(inner);
    login_adapter::on_sign_in(window, move |account, password| {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            if st.login.busy || st.operator.is_some() {
                return;
            }
            st.login.busy = true;
            st.login.error = None;
            let accounts = app.accounts.clone();
            let reply = app.reply();
            app.runtime.spawn_blocking(move || {
                reply(Msg::Login(accounts.login(
                    &account,
                    &password,
                    link::clock(),
                )));
            });
        });
    });
    let weak = Rc::downgrade(inner);
    password_adapter::on_change(window, move |current, new, repeat| {
        let Some(app) = weak.upgrade() else { return };
        app.act(|app, _, st| {
            let Some(op) = &st.operator else { return };
            if st.login.busy {
                return;
            }
            st.login.busy = true;
            st.login.error = None;
            let account = op.account.clone();
            let accounts = app.accounts.clone();
            let reply = app.reply();
            app.runtime.spawn_blocking(move || {
                let r = accounts.change_password(&account, &current, &new, &repeat, link::clock());
                reply(Msg::Changed(r));
            });
        });
    });
    let weak = Rc::downgrade(inner);
    password_adapter::on_sign_out(window, move || {
        if let Some(app) = weak.upgrade() {
            app.act(|_, w, st| sign_out(w, st));
        }
    });
}
