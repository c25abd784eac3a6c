//! The wired console: the accounts and the session ([`ConsoleHandle`])
//! behind the Slint screens.
//!
//! [`App`] lives on the UI thread. A click becomes a local change (a page, a
//! selection), a check of the accounts (run off the UI thread: argon2 is slow
//! on purpose) or a signed command to the controller (run on the tokio
//! runtime); whatever comes back (an answer, a new [`ConsoleView`], an
//! event) wakes the UI thread, and [`App::pump`] maps the latest view onto
//! every screen. One presenter module per screen does the mapping
//! (`app/*.rs`): pure functions from the view to the adapter's view struct.
//! None decides a rule: what a role may do is `OperatorRole::permits`,
//! quorum and majority are `protocol::ballot`, passwords are [`accounts`].
//!
//! Nothing is sent without a signed-in operator, and a role's forbidden
//! commands are not sent at all (their controls are greyed out); the
//! controller refuses them anyway.
//!
//! Waking: [`App::new`] wakes through Slint's event loop and ticks every
//! second (the ballot timer, the clock); [`App::with_wake`] hands the wake to
//! the caller, who then calls [`App::pump`] (tests and headless runs).
//!
//! [`accounts`]: crate::accounts

mod agenda;
mod attendance;
mod ballots;
mod login;
mod meeting;
mod notices;
mod records;
mod seats;
mod shell;
mod speakers;
mod sync;

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use protocol::ids::{DelegateId, Timestamp};
use protocol::meeting::Delegate;
use protocol::message::{ConsoleCommand, Manifest, Operator};
use slint::ComponentHandle;
use tokio::sync::broadcast;

use crate::accounts::{Accounts, ChangeError, LoginError, SignedIn};
use crate::session::{CommandError, ConsoleEvent, ConsoleHandle, ConsoleView};
use crate::ui::{self, AppWindow, Language, Page};

/// Called from any thread when something arrived for the UI.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// What the screens say that the session does not know.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The room as the screens name it.
    pub room_name: String,
    /// Minutes east of UTC for times on screen.
    pub utc_offset_minutes: i32,
}

/// What the app drives.
#[derive(Debug)]
pub struct Parts {
    pub handle: ConsoleHandle,
    pub accounts: Accounts,
    /// Where commands and password checks run.
    pub runtime: tokio::runtime::Handle,
    pub settings: Settings,
}

/// The wired console. Dropping it stops the updates (the session runs on
/// until [`ConsoleHandle::shutdown`]).
pub struct App {
    inner: Rc<Inner>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("settings", &self.inner.settings)
            .finish_non_exhaustive()
    }
}

/// An answer arriving on the UI thread.
enum Msg {
    Login(Result<SignedIn, LoginError>),
    Changed(Result<(), ChangeError>),
    NoAccounts(bool),
    Command(ConsoleCommand, Result<(), CommandError>),
}

/// What the message strip says.
#[derive(Debug, Clone)]
enum Message {
    Sent(ConsoleCommand),
    Answered(ConsoleCommand, Result<(), CommandError>),
}

struct Inner {
    window: slint::Weak<AppWindow>,
    handle: ConsoleHandle,
    accounts: Accounts,
    runtime: tokio::runtime::Handle,
    settings: Settings,
    wake: Wake,
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
    events: RefCell<broadcast::Receiver<ConsoleEvent>>,
    state: RefCell<State>,
    bridge: tokio::task::JoinHandle<()>,
    ticker: RefCell<Option<slint::Timer>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.bridge.abort();
    }
}

/// What the screens show that the session's view does not hold.
#[derive(Default)]
pub(crate) struct State {
    operator: Option<SignedIn>,
    page: Option<Page>,
    login: login::Local,
    message: Option<Message>,
    agenda: agenda::Local,
    ballots: ballots::Local,
    notices: notices::Local,
    records: records::Local,
    shown: Shown,
}

/// What was last pushed to each screen, so only changes are pushed (and
/// lists keep their scroll position).
#[derive(Default)]
struct Shown {
    language: Option<Language>,
    shell: Option<ui::shell_adapter::ShellView>,
    login: Option<ui::login_adapter::LoginView>,
    password: Option<ui::password_adapter::PasswordView>,
    meeting: Option<ui::meeting_adapter::MeetingView>,
    seats: Option<ui::seats_adapter::SeatsView>,
    attendance: Option<ui::attendance_adapter::AttendanceView>,
    agenda: Option<ui::agenda_adapter::AgendaView>,
    records: Option<ui::records_adapter::RecordsView>,
    ballots: Option<ui::ballots_adapter::BallotsView>,
    speakers: Option<ui::speakers_adapter::SpeakersView>,
    notices: Option<ui::notices_adapter::NoticesView>,
}

/// Pushes `view` if it differs from what was pushed last.
fn push<T: PartialEq>(last: &mut Option<T>, view: T, show: impl FnOnce(&T)) {
    if last.as_ref() != Some(&view) {
        show(&view);
        *last = Some(view);
    }
}

/// What a presenter works with.
pub(crate) struct Cx<'a> {
    pub(crate) view: &'a ConsoleView,
    pub(crate) operator: Option<&'a SignedIn>,
    pub(crate) settings: &'a Settings,
    pub(crate) language: Language,
    pub(crate) now: Timestamp,
}

impl Cx<'_> {
    /// The meeting package, once heard.
    pub(crate) fn manifest(&self) -> Option<&Manifest> {
        self.view.manifest.as_deref()
    }

    pub(crate) fn delegate(&self, id: &DelegateId) -> Option<&Delegate> {
        self.manifest()?.meeting.delegate(id)
    }

    /// A delegate's name, or the id if unknown.
    pub(crate) fn name(&self, id: &DelegateId) -> String {
        self.delegate(id)
            .map_or_else(|| id.to_string(), |d| d.full_name.clone())
    }

    /// Whether the signed-in operator's role permits `command`.
    pub(crate) fn permits(&self, command: &ConsoleCommand) -> bool {
        self.operator.is_some_and(|o| o.role.permits(command))
    }

    /// Why a control is greyed out for this role ("" when it is not).
    pub(crate) fn why_not(&self, command: &ConsoleCommand) -> String {
        match self.operator {
            Some(o) if !o.role.permits(command) => {
                crate::text::not_permitted(o.role, self.language)
            }
            _ => String::new(),
        }
    }

    pub(crate) fn vi(&self) -> bool {
        self.language == Language::Vietnamese
    }
}

thread_local! {
    /// The app whose screens this thread's event loop drives ([`App::new`]).
    static LIVE: RefCell<Weak<Inner>> = const { RefCell::new(Weak::new()) };
}

/// A wake that pumps the app of the UI thread from Slint's event loop.
fn event_loop_wake() -> Wake {
    let pending = Arc::new(AtomicBool::new(false));
    Arc::new(move || {
        if pending.swap(true, Ordering::AcqRel) {
            return;
        }
        let pending = pending.clone();
        let queued = slint::invoke_from_event_loop(move || {
            pending.store(false, Ordering::Release);
            if let Some(app) = LIVE.with(|live| live.borrow().upgrade()) {
                app.pump();
            }
        });
        if queued.is_err() {
            tracing::debug!("the UI's event loop is gone");
        }
    })
}

impl App {
    /// Wires `window`, woken through Slint's event loop; the clock and the
    /// ballot timer tick every second.
    pub fn new(window: &AppWindow, parts: Parts) -> Self {
        let app = Self::with_wake(window, parts, event_loop_wake());
        LIVE.with(|live| *live.borrow_mut() = Rc::downgrade(&app.inner));
        let timer = slint::Timer::default();
        let weak = Rc::downgrade(&app.inner);
        timer.start(
            slint::TimerMode::Repeated,
            Duration::from_secs(1),
            move || {
                if let Some(app) = weak.upgrade() {
                    app.pump();
                }
            },
        );
        *app.inner.ticker.borrow_mut() = Some(timer);
        app
    }

    /// Wires `window`; `wake` is called (from any thread) when something
    /// arrived, and the caller then calls [`App::pump`] on the UI thread.
    pub fn with_wake(window: &AppWindow, parts: Parts, wake: Wake) -> Self {
        let (tx, rx) = mpsc::channel();
        let bridge = parts
            .runtime
            .spawn(bridge(parts.handle.clone(), wake.clone()));
        let inner = Rc::new(Inner {
            window: window.as_weak(),
            events: RefCell::new(parts.handle.events()),
            handle: parts.handle,
            accounts: parts.accounts,
            runtime: parts.runtime,
            settings: parts.settings,
            wake,
            tx,
            rx,
            state: RefCell::new(State::default()),
            bridge,
            ticker: RefCell::new(None),
        });
        shell::connect(&inner, window);
        login::connect(&inner, window);
        meeting::connect(&inner, window);
        attendance::connect(&inner, window);
        agenda::connect(&inner, window);
        records::connect(&inner, window);
        ballots::connect(&inner, window);
        speakers::connect(&inner, window);
        notices::connect(&inner, window);
        ui::show_page(window, Page::Login);
        inner.state.borrow_mut().login.min_length = inner.accounts.policy().min_length;
        inner.count_accounts();
        inner.pump();
        Self { inner }
    }

    /// Applies everything that arrived and maps the latest view onto the
    /// screens. Call it on the UI thread.
    pub fn pump(&self) {
        self.inner.pump();
    }

    /// The console's session.
    pub fn handle(&self) -> &ConsoleHandle {
        &self.inner.handle
    }

    /// Who is signed in, if anyone.
    pub fn operator(&self) -> Option<SignedIn> {
        self.inner.state.borrow().operator.clone()
    }
}

/// Wakes the UI whenever the view changes or an event arrives.
async fn bridge(handle: ConsoleHandle, wake: Wake) {
    let mut view = handle.watch();
    let mut events = handle.events();
    loop {
        tokio::select! {
            changed = view.changed() => {
                if changed.is_err() {
                    return;
                }
            }
            heard = events.recv() => {
                if matches!(heard, Err(broadcast::error::RecvError::Closed)) {
                    return;
                }
            }
        }
        wake();
    }
}

impl Inner {
    /// Runs `f` with the window and the local state, then maps everything again.
    fn act(self: &Rc<Self>, f: impl FnOnce(&Rc<Self>, &AppWindow, &mut State)) {
        let Some(window) = self.window.upgrade() else {
            return;
        };
        {
            let Ok(mut st) = self.state.try_borrow_mut() else {
                tracing::error!("a screen callback came while the screens were being updated");
                return;
            };
            f(self, &window, &mut st);
        }
        self.refresh(&window);
    }

    /// Sends `Msg` to the UI thread from anywhere.
    fn reply(&self) -> impl Fn(Msg) + Send + Clone + 'static {
        let tx = self.tx.clone();
        let wake = self.wake.clone();
        move |msg| {
            if tx.send(msg).is_ok() {
                wake();
            }
        }
    }

    fn count_accounts(&self) {
        let accounts = self.accounts.clone();
        let reply = self.reply();
        self.runtime.spawn_blocking(move || {
            reply(Msg::NoAccounts(accounts.is_empty().unwrap_or(false)));
        });
    }

    /// Sends `command` as the signed-in operator; the answer comes back as a [`Msg`].
    fn send(&self, st: &mut State, command: ConsoleCommand) {
        self.try_send(st, command);
    }

    /// [`Inner::send`], saying whether the command went (a role that may
    /// not give it, whose control is greyed out, sends nothing).
    fn try_send(&self, st: &mut State, command: ConsoleCommand) -> bool {
        let Some(op) = &st.operator else {
            return false;
        };
        if op.must_change_password || !op.role.permits(&command) {
            return false;
        }
        let operator = Operator {
            account: op.account.clone(),
            role: op.role,
        };
        st.message = Some(Message::Sent(command.clone()));
        let handle = self.handle.clone();
        let reply = self.reply();
        self.runtime.spawn(async move {
            let result = handle.command(operator, command.clone()).await;
            reply(Msg::Command(command, result));
        });
        true
    }

    fn pump(&self) {
        let Some(window) = self.window.upgrade() else {
            return;
        };
        {
            let Ok(mut st) = self.state.try_borrow_mut() else {
                return;
            };
            while let Ok(msg) = self.rx.try_recv() {
                Self::on_msg(&window, &mut st, msg);
            }
            loop {
                let heard = self.events.borrow_mut().try_recv();
                match heard {
                    Ok(event) => on_event(&mut st, &event),
                    Err(broadcast::error::TryRecvError::Lagged(n)) => {
                        tracing::warn!(missed = n, "the UI fell behind the console's events");
                    }
                    Err(_) => break,
                }
            }
        }
        self.refresh(&window);
    }

    fn on_msg(window: &AppWindow, st: &mut State, msg: Msg) {
        match msg {
            Msg::Login(r) => login::answered(window, st, r),
            Msg::Changed(r) => login::changed(window, st, r),
            Msg::NoAccounts(none) => st.login.no_accounts = none,
            Msg::Command(command, result) => {
                if let Err(e) = &result {
                    tracing::warn!(?command, cause = %e, "a command was not carried out");
                }
                notices::answered(window, st, &command, &result);
                records::answered(window, st, &command, &result);
                st.message = Some(Message::Answered(command, result));
            }
        }
    }

    /// Maps the latest view onto the screens (only what changed) and the page.
    fn refresh(&self, window: &AppWindow) {
        let Ok(mut st) = self.state.try_borrow_mut() else {
            return;
        };
        let view = self.handle.view();
        let now = link::clock();
        render(window, &view, &self.settings, now, &mut st);
    }
}

fn on_event(st: &mut State, event: &ConsoleEvent) {
    if let ConsoleEvent::Room(protocol::message::RoomEvent::BallotClosed { .. }) = event {
        // Show the newest result.
        st.ballots.selected = None;
    }
}

/// Maps `view` and the local state onto every screen, and shows the page.
fn render(
    window: &AppWindow,
    view: &ConsoleView,
    settings: &Settings,
    now: Timestamp,
    st: &mut State,
) {
    let language = ui::language();
    if st.shown.language != Some(language) {
        // Words made in Rust are in the old language: push everything again.
        st.shown = Shown {
            language: Some(language),
            ..Shown::default()
        };
    }
    let operator = st.operator.clone();
    let cx = Cx {
        view,
        operator: operator.as_ref(),
        settings,
        language,
        now,
    };
    let page = match &operator {
        None => Page::Login,
        Some(o) if o.must_change_password => Page::ChangePassword,
        Some(_) => st.page.unwrap_or(Page::Meeting),
    };
    if ui::current_page(window) != page {
        ui::show_page(window, page);
    }
    let s = shell::view(&cx, st);
    push(&mut st.shown.shell, s, |v| {
        ui::shell_adapter::show(window, v);
    });
    let v = login::login_view(&cx, st);
    push(&mut st.shown.login, v, |v| {
        ui::login_adapter::show(window, v);
    });
    let v = login::password_view(&cx, st);
    push(&mut st.shown.password, v, |v| {
        ui::password_adapter::show(window, v);
    });
    let v = meeting::view(&cx);
    push(&mut st.shown.meeting, v, |v| {
        ui::meeting_adapter::show(window, v);
    });
    let v = seats::view(&cx);
    push(&mut st.shown.seats, v, |v| {
        ui::seats_adapter::show(window, v);
    });
    let v = attendance::view(&cx);
    push(&mut st.shown.attendance, v, |v| {
        ui::attendance_adapter::show(window, v);
    });
    let v = agenda::view(&cx, &st.agenda);
    push(&mut st.shown.agenda, v, |v| {
        ui::agenda_adapter::show(window, v);
    });
    let v = records::view(&cx, &st.records);
    push(&mut st.shown.records, v, |v| {
        ui::records_adapter::show(window, v);
    });
    let v = ballots::view(&cx, &st.ballots);
    push(&mut st.shown.ballots, v, |v| {
        ui::ballots_adapter::show(window, v);
    });
    let v = speakers::view(&cx);
    push(&mut st.shown.speakers, v, |v| {
        ui::speakers_adapter::show(window, v);
    });
    let v = notices::view(&cx, &st.notices);
    push(&mut st.shown.notices, v, |v| {
        ui::notices_adapter::show(window, v);
    });
}

/// Draws every screen from `view` as if `operator` were signed in, with no
/// session behind it: the screenshots and the screen tests use it.
pub fn preview(
    window: &AppWindow,
    view: &ConsoleView,
    operator: Option<&SignedIn>,
    settings: &Settings,
    now: Timestamp,
    page: Page,
) {
    let mut st = State {
        operator: operator.cloned(),
        page: Some(page),
        ..State::default()
    };
    render(window, view, settings, now, &mut st);
    // The forms' text lives in the window: empty them as the fresh state has
    // them, or a previous preview's typing would show.
    ui::records_adapter::set_conclusion_draft(window, "");
    ui::records_adapter::clear_task_draft(window);
    if ui::current_page(window) != page {
        ui::show_page(window, page);
    }
}
