//! The wired kiosk: the seat's session ([`SeatHandle`]), its papers and the
//! renderer behind the Slint screens.
//!
//! [`App`] lives on the UI thread. Every adapter callback becomes a seat
//! command (run on the tokio runtime) or a change of what the screens show;
//! whatever arrives from elsewhere (a new [`SeatView`], a [`SeatEvent`], a
//! command's answer, a rendered page, paper progress) wakes the UI thread,
//! and [`App::pump`] applies it: answers and events first, then the latest
//! view is mapped onto every screen. One presenter module per screen does
//! the mapping (`app/*.rs`); none decides a rule (whether one may vote is
//! `SeatView::ability`, what a key types is `TelexBuffer`).
//!
//! Waking: [`App::new`] wakes through Slint's event loop
//! (`invoke_from_event_loop`) and ticks the clock every second;
//! [`App::with_wake`] hands the wake to the caller, who then calls
//! [`App::pump`] (tests, and headless screenshots, which have no event loop).

mod agenda;
mod comments;
mod desk;
mod notes;
mod papers;
mod results;
mod sign_in;
mod speaking;
mod status;
mod text;
mod viewer;
mod voting;

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use kiosk_core::render::Renderer;
use kiosk_core::seat::{SeatError, SeatHandle, SeatView};
use protocol::client::SeatEvent;
use protocol::ids::{SeatId, Timestamp};
use protocol::meeting::Delegate;
use protocol::message::{Manifest, RequestKind};
use slint::ComponentHandle;
use tokio::sync::broadcast;

use crate::ui::{self, AppWindow, Language, Page};

pub use papers::Papers;

/// Called from any thread when something arrived for the UI.
pub type Wake = Arc<dyn Fn() + Send + Sync>;

/// What the screens say about this seat that the session does not know.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The seat's id in the seat plan (to find who sits here).
    pub seat: SeatId,
    /// The seat as printed on the desk ("12").
    pub seat_label: String,
    /// The room as the screens name it.
    pub room_name: String,
    /// The body holding the meeting ("TỈNH ỦY BÌNH ĐỊNH").
    pub organisation: String,
    /// Minutes east of UTC for the clock.
    pub utc_offset_minutes: i32,
}

/// What the app drives.
#[derive(Debug)]
pub struct Parts {
    pub handle: SeatHandle,
    /// Where seat commands and paper downloads run.
    pub runtime: tokio::runtime::Handle,
    /// The paper renderer; `None` when PDFium is not available (the seat
    /// still votes, speaks and comments).
    pub renderer: Option<Renderer>,
    pub papers: Papers,
    pub settings: Settings,
}

/// The wired kiosk. Dropping it stops the updates (the session runs on
/// until [`SeatHandle::shutdown`]).
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

/// An answer arriving on the UI thread: of a seat command, or of the renderer.
pub(crate) enum Msg {
    SignIn(Result<(), SeatError>),
    SignOut(Result<(), SeatError>),
    Cast(Result<(), SeatError>),
    Floor(Result<(), SeatError>),
    Comment(Result<(), SeatError>),
    Follow(Result<Option<protocol::message::PageRef>, SeatError>),
    Viewer(viewer::Done),
    /// A key or card event of the seat unit.
    Desk(hardware::SeatEvent),
}

pub(crate) struct Inner {
    window: slint::Weak<AppWindow>,
    handle: SeatHandle,
    runtime: tokio::runtime::Handle,
    renderer: Option<Renderer>,
    papers: Papers,
    settings: Settings,
    wake: Wake,
    tx: mpsc::Sender<Msg>,
    rx: mpsc::Receiver<Msg>,
    events: RefCell<broadcast::Receiver<SeatEvent>>,
    state: RefCell<State>,
    bridge: tokio::task::JoinHandle<()>,
    ticker: RefCell<Option<slint::Timer>>,
}

impl Drop for Inner {
    fn drop(&mut self) {
        self.bridge.abort();
    }
}

/// What the screens show that the seat's view does not hold: where the
/// delegate is, what they typed, what is on its way.
#[derive(Default)]
pub(crate) struct State {
    /// The view last mapped onto the screens.
    shown: Option<Arc<SeatView>>,
    language: Option<Language>,
    /// Something local changed: map everything again.
    dirty: bool,
    sign_in: sign_in::Local,
    agenda: agenda::Local,
    viewer: viewer::Local,
    voting: voting::Local,
    speaking: speaking::Local,
    comments: comments::Local,
    results: results::Local,
}

impl State {
    /// Forgets what was pushed to the screens, so the next refresh pushes it all.
    fn redraw(&mut self) {
        self.sign_in.shown = None;
        self.agenda.shown = None;
        self.viewer.shown = None;
        self.speaking.shown = None;
        self.comments.shown = None;
        self.comments.shown_text = None;
        self.results.shown = None;
        self.results.notice_pushed = false;
    }
}

/// What a presenter works with.
pub(crate) struct Ctx<'a> {
    pub(crate) app: &'a Inner,
    pub(crate) window: &'a AppWindow,
    pub(crate) view: &'a SeatView,
    pub(crate) now: Timestamp,
}

impl Ctx<'_> {
    /// The meeting package, once heard.
    pub(crate) fn manifest(&self) -> Option<&Manifest> {
        self.view.manifest.as_deref()
    }

    /// The delegate the seat plan puts at this seat.
    pub(crate) fn seat_delegate(&self) -> Option<&Delegate> {
        self.manifest()?
            .meeting
            .delegates
            .iter()
            .find(|d| d.seat == self.app.settings.seat)
    }

    /// A delegate's name for lists ("Nguyễn Văn An"), or the id if unknown.
    pub(crate) fn delegate_name(&self, id: &protocol::ids::DelegateId) -> String {
        self.manifest()
            .and_then(|m| m.meeting.delegate(id))
            .map_or_else(|| id.to_string(), |d| d.full_name.clone())
    }

    pub(crate) fn page(&self) -> Page {
        ui::current_page(self.window)
    }

    pub(crate) fn show_page(&self, page: Page) {
        ui::show_page(self.window, page);
    }

    pub(crate) fn signed_in(&self) -> bool {
        self.view.signed_in.is_some()
    }

    /// Runs a seat command on the runtime; its answer comes back as a [`Msg`].
    pub(crate) fn command<F>(&self, make: impl FnOnce(SeatHandle) -> F + Send + 'static)
    where
        F: std::future::Future<Output = Msg> + Send + 'static,
    {
        let handle = self.app.handle.clone();
        let tx = self.app.tx.clone();
        let wake = self.app.wake.clone();
        self.app.runtime.spawn(async move {
            let msg = make(handle).await;
            if tx.send(msg).is_ok() {
                wake();
            }
        });
    }

    /// Sends `msg` to the UI thread from anywhere (the renderer's threads).
    pub(crate) fn sender(&self) -> impl Fn(Msg) + Send + Clone + 'static {
        let tx = self.app.tx.clone();
        let wake = self.app.wake.clone();
        move |msg| {
            if tx.send(msg).is_ok() {
                wake();
            }
        }
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
            // The event loop has ended: nothing to show any more.
            tracing::debug!("the UI's event loop is gone");
        }
    })
}

impl App {
    /// Wires `window` to the seat, woken through Slint's event loop; the
    /// clock and the ballot timer tick every second.
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

    /// Wires `window` to the seat; `wake` is called (from any thread) when
    /// something arrived, and the caller then calls [`App::pump`] on the UI thread.
    pub fn with_wake(window: &AppWindow, parts: Parts, wake: Wake) -> Self {
        let (tx, rx) = mpsc::channel();
        let bridge = parts
            .runtime
            .spawn(bridge(parts.handle.clone(), wake.clone()));
        let inner = Rc::new(Inner {
            window: window.as_weak(),
            events: RefCell::new(parts.handle.events()),
            handle: parts.handle,
            runtime: parts.runtime,
            renderer: parts.renderer,
            papers: parts.papers,
            settings: parts.settings,
            wake,
            tx,
            rx,
            state: RefCell::new(State {
                dirty: true,
                ..State::default()
            }),
            bridge,
            ticker: RefCell::new(None),
        });
        status::connect(&inner, window);
        sign_in::connect(&inner, window);
        agenda::connect(&inner, window);
        viewer::connect(&inner, window);
        voting::connect(&inner, window);
        speaking::connect(&inner, window);
        comments::connect(&inner, window);
        results::connect(&inner, window);
        ui::show_page(window, Page::Standby);
        inner.pump();
        Self { inner }
    }

    /// Applies everything that arrived (answers, events, the latest view)
    /// and moves the clocks on. Call it on the UI thread.
    pub fn pump(&self) {
        self.inner.pump();
    }

    /// A delegate's card was tapped on the reader: sign in with its UID.
    pub fn card_tapped(&self, uid: &[u8]) {
        let uid = uid.to_vec();
        self.inner.act(move |cx, st| sign_in::card(cx, st, uid));
    }

    /// Where the seat unit's thread hands its key and card events
    /// (`crate::seat_unit`): each is applied on the UI thread at the next
    /// pump, as a touch would be.
    pub fn desk_events(&self) -> impl Fn(hardware::SeatEvent) + Send + Sync + 'static {
        let tx = self.inner.tx.clone();
        let wake = self.inner.wake.clone();
        move |event| {
            if tx.send(Msg::Desk(event)).is_ok() {
                wake();
            }
        }
    }

    /// The seat's session.
    pub fn handle(&self) -> &SeatHandle {
        &self.inner.handle
    }
}

/// Wakes the UI whenever the seat's view changes (paper progress included)
/// or an event arrives.
async fn bridge(handle: SeatHandle, wake: Wake) {
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
    /// Runs `f` with the screens and the local state, then maps everything again.
    fn act(&self, f: impl FnOnce(&Ctx<'_>, &mut State)) {
        let Some(window) = self.window.upgrade() else {
            return;
        };
        let view = self.handle.view();
        {
            let Ok(mut st) = self.state.try_borrow_mut() else {
                tracing::error!("a screen callback came while the screens were being updated");
                return;
            };
            let cx = Ctx {
                app: self,
                window: &window,
                view: &view,
                now: link::clock(),
            };
            f(&cx, &mut st);
            st.dirty = true;
        }
        self.refresh(&window);
    }

    fn pump(&self) {
        let Some(window) = self.window.upgrade() else {
            return;
        };
        {
            let Ok(mut st) = self.state.try_borrow_mut() else {
                return;
            };
            let view = self.handle.view();
            let cx = Ctx {
                app: self,
                window: &window,
                view: &view,
                now: link::clock(),
            };
            while let Ok(msg) = self.rx.try_recv() {
                on_msg(&cx, &mut st, msg);
            }
            loop {
                let heard = self.events.borrow_mut().try_recv();
                match heard {
                    Ok(event) => on_event(&cx, &mut st, event),
                    Err(broadcast::error::TryRecvError::Lagged(n)) => {
                        // The view still holds the outcome of what was missed.
                        tracing::warn!(missed = n, "the UI fell behind the seat's events");
                        st.dirty = true;
                    }
                    Err(_) => break,
                }
            }
        }
        self.refresh(&window);
    }

    /// Maps the latest view onto the screens if anything changed, and ticks.
    fn refresh(&self, window: &AppWindow) {
        let Ok(mut st) = self.state.try_borrow_mut() else {
            return;
        };
        let view = self.handle.view();
        let cx = Ctx {
            app: self,
            window,
            view: &view,
            now: link::clock(),
        };
        let language = ui::language();
        let changed = st.dirty
            || st.language != Some(language)
            || !st.shown.as_ref().is_some_and(|v| Arc::ptr_eq(v, &view));
        if changed {
            st.dirty = false;
            if st.language != Some(language) {
                // Words made in Rust are in the old language: push everything again.
                st.redraw();
            }
            status::refresh(&cx, &mut st);
            sign_in::refresh(&cx, &mut st);
            agenda::refresh(&cx, &mut st);
            viewer::refresh(&cx, &mut st);
            voting::refresh(&cx, &mut st);
            speaking::refresh(&cx, &mut st);
            comments::refresh(&cx, &mut st);
            results::refresh(&cx, &mut st);
            st.shown = Some(view.clone());
            st.language = Some(language);
        }
        status::tick(&cx, &mut st);
        voting::tick(&cx, &mut st);
    }
}

fn on_msg(cx: &Ctx<'_>, st: &mut State, msg: Msg) {
    st.dirty = true;
    match msg {
        Msg::SignIn(r) => sign_in::answered(cx, st, r),
        Msg::SignOut(r) => {
            if let Err(e) = r {
                tracing::warn!(cause = %e, "sign-out failed");
            }
        }
        Msg::Cast(r) => voting::answered(cx, st, r),
        Msg::Floor(r) => speaking::answered(cx, st, r),
        Msg::Comment(r) => comments::answered(cx, st, r),
        Msg::Follow(r) => viewer::followed(cx, st, r),
        Msg::Viewer(done) => viewer::done(cx, st, done),
        Msg::Desk(event) => desk::event(cx, st, event),
    }
}

fn on_event(cx: &Ctx<'_>, st: &mut State, event: SeatEvent) {
    st.dirty = true;
    match event {
        SeatEvent::SignedIn { .. } => sign_in::signed_in(cx, st),
        SeatEvent::SignedOut => status::signed_out(cx, st),
        SeatEvent::Refused { request, reason } => match request {
            RequestKind::SignIn => sign_in::refused(cx, st, reason),
            RequestKind::CastVote => voting::refused(cx, st, reason),
            RequestKind::RequestFloor | RequestKind::WithdrawFloor => {
                speaking::refused(cx, st, reason);
            }
            RequestKind::Comment => comments::refused(cx, st, reason),
            RequestKind::SignOut => tracing::warn!(?reason, "sign-out refused"),
        },
        SeatEvent::FloorQueued { .. } | SeatEvent::FloorWithdrawn => speaking::settled(st),
        SeatEvent::CommentRecorded { .. } => comments::recorded(cx, st),
        SeatEvent::BallotOpened { ballot } => voting::opened(cx, st, &ballot),
        SeatEvent::BallotClosed(result) => {
            voting::closed(cx, st, &result);
            results::closed(cx, st, *result);
        }
        SeatEvent::BallotCancelled { ballot } => voting::cancelled(cx, st, &ballot),
        SeatEvent::Notice(notice) => results::notice(cx, st, &notice),
        SeatEvent::TurnTo(page) => viewer::turn_to(cx, st, &page),
        SeatEvent::VoteRecorded { .. }
        | SeatEvent::ManifestChanged
        | SeatEvent::StateChanged { .. }
        | SeatEvent::Dropped(_) => {}
    }
}
