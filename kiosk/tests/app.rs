//! The wired kiosk (`kiosk::app::App`) under Slint's testing backend,
//! against a real room: the controller in its own process, its embedded
//! broker, simulated seats and a console from the `tests` harness. The
//! delegate's touches go through the screens' accessible labels, as in
//! `tests/ui.rs`; what the screens show is checked the same way.
//!
//! There is no event loop here: the app wakes the test (a channel) whenever
//! something arrives, and the test pumps it until the screen shows what it
//! waits for, with a deadline.

use std::cell::Cell;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use hardware::config::{Backend, HardwareConfig};
use hardware::sim::SimHandle;
use hardware::{Key, Leds, Uid};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use kiosk::app::{App, Papers, Parts, Settings, Wake};
use kiosk::seat_unit::SeatUnitTask;
use kiosk::ui::voting_adapter::short_receipt;
use kiosk::ui::{self, AppWindow, Language, Page, VoteStep};
use kiosk_core::render::{DEFAULT_BUDGET_BYTES, Renderer};
use kiosk_core::seat::{self, SeatHandle};
use link::mqtt::BrokerUrl;
use protocol::client::VoteState;
use protocol::ids::BallotId;
use protocol::message::{BallotRef, ConsoleCommand, RoomEvent};
use protocol::tally::BallotResult;
use slint::{ComponentHandle, Model};
use tests::{BrokerKind, Heard, Proxy, SimSeat, TestRoom, fixture};

/// The longest wait for anything in a room.
const WAIT: Duration = Duration::from_secs(30);

thread_local! {
    static BACKEND: Cell<bool> = const { Cell::new(false) };
}

/// A room of three with the controller running, and the wired kiosk of seat 1.
struct Kiosk {
    /// The simulated seat unit, for tests that press its keys.
    unit: Option<SeatUnitTask>,
    app: App,
    window: AppWindow,
    woken: mpsc::Receiver<()>,
    handle: SeatHandle,
    proxy: Proxy,
    room: TestRoom,
    rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

impl Kiosk {
    /// Seat 1's kiosk behind a proxy (so a test can cut its network), in Vietnamese.
    fn start() -> Self {
        Self::start_with(&HardwareConfig::default())
    }

    /// Seat 1's kiosk with a simulated seat unit wired as the binary wires it.
    fn with_seat_unit() -> (Self, SimHandle) {
        let config = HardwareConfig {
            backend: Backend::Sim,
            ..HardwareConfig::default()
        };
        let k = Self::start_with(&config);
        let sim = k
            .unit
            .as_ref()
            .and_then(|u| u.sim().cloned())
            .expect("a simulated seat unit");
        (k, sim)
    }

    fn start_with(hardware: &HardwareConfig) -> Self {
        BACKEND.with(|ready| {
            if !ready.get() {
                i_slint_backend_testing::init_no_event_loop();
                ready.set(true);
            }
        });
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let mut room = rt
            .block_on(TestRoom::new(
                BrokerKind::Embedded,
                3,
                tests::harness::room_controller(),
            ))
            .expect("the room is set up");
        room.start_controller().expect("the controller starts");
        let proxy = rt
            .block_on(Proxy::start(room.broker_addr().expect("a broker address")))
            .expect("the proxy starts");
        let dir = tempfile::tempdir().expect("a temp dir");
        let config = room.kiosk_config(1, BrokerUrl::local(proxy.addr), dir.path().to_path_buf());
        let handle = {
            let _in = rt.enter();
            seat::start(config.clone()).expect("the seat starts")
        };
        let renderer = Renderer::start(None, DEFAULT_BUDGET_BYTES)
            .expect("PDFium is set up (cargo xtask setup)");
        let papers = Papers::of_seat(&handle, config.papers_url.as_deref(), rt.handle().clone());
        let window = AppWindow::new().expect("the kiosk window builds");
        ui::set_language(&window, Language::Vietnamese).expect("Vietnamese is the source language");
        let (tx, woken) = mpsc::channel();
        let wake: Wake = Arc::new(move || {
            let _ = tx.send(());
        });
        let app = App::with_wake(
            &window,
            Parts {
                handle: handle.clone(),
                runtime: rt.handle().clone(),
                renderer: Some(renderer),
                papers,
                settings: Settings {
                    seat: fixture::seat_id(1),
                    seat_label: "1".into(),
                    room_name: "Phòng họp 301".into(),
                    organisation: "TỈNH ỦY BÌNH ĐỊNH".into(),
                    utc_offset_minutes: 420,
                },
            },
            wake,
        );
        let unit = kiosk::seat_unit::attach(hardware, &app, &window);
        let kiosk = Self {
            unit,
            app,
            window,
            woken,
            handle,
            proxy,
            room,
            rt,
            _dir: dir,
        };
        kiosk.until("the standby screen names the meeting", |k| {
            k.shows("Hội nghị Ban Chấp hành Đảng bộ lần thứ 12")
        });
        kiosk
    }

    /// Pumps the app until `cond` holds, at most [`WAIT`].
    fn until(&self, what: &str, mut cond: impl FnMut(&Self) -> bool) {
        let deadline = Instant::now() + WAIT;
        loop {
            self.app.pump();
            if cond(self) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: not within {WAIT:?}\nscreen: {:?}\nseat: {:?}\ncontroller log:\n{}",
                ui::current_page(&self.window),
                self.handle.view(),
                self.room.log()
            );
            // Woken when something arrives; the timeout only catches clocks.
            let _ = self.woken.recv_timeout(Duration::from_millis(100));
        }
    }

    /// Elements with this accessible label that a screen reader sees.
    fn all(&self, label: &str) -> Vec<ElementHandle> {
        ElementHandle::find_by_accessible_label(&self.window, label)
            .filter(|e| e.accessible_role() != Some(AccessibleRole::None))
            .collect()
    }

    fn shows(&self, label: &str) -> bool {
        !self.all(label).is_empty()
    }

    /// Touches the one element with this label.
    fn press(&self, label: &str) {
        let found = self.all(label);
        assert_eq!(
            found.len(),
            1,
            "one element labelled {label:?}, found {}",
            found.len()
        );
        found[0].invoke_accessible_default_action();
    }

    fn page(&self) -> Page {
        ui::current_page(&self.window)
    }

    /// Taps delegate 1's card and waits for the agenda.
    fn sign_in(&self) {
        self.app.card_tapped(&fixture::card_uid(1));
        self.until("the agenda after the card tap", |k| {
            k.page() == Page::Agenda && k.shows("Đại biểu: Đại biểu số 1")
        });
    }

    /// The other delegates signed in at simulated seats (for the quorum)
    /// and the console, with the session open.
    fn open_session(&self) -> (SimSeat, Vec<SimSeat>) {
        self.rt.block_on(async {
            let mut others = Vec::new();
            for n in 2..=self.room.seats {
                let mut s = self.room.seat(n).await.expect("a seat connects");
                s.sign_in(&fixture::card_uid(n)).await.expect("signs in");
                others.push(s);
            }
            let mut console = self.room.console().await.expect("the console connects");
            console
                .command(ConsoleCommand::OpenSession)
                .await
                .expect("the session opens");
            (console, others)
        })
    }

    fn finish(mut self) {
        drop(self.unit.take());
        drop(self.app);
        self.rt.block_on(self.handle.shutdown());
        self.room
            .stop_controller()
            .expect("the controller stops cleanly");
    }
}

/// The result of `ballot` as the console hears it.
fn ballot_result(
    rt: &tokio::runtime::Runtime,
    console: &mut SimSeat,
    ballot: &str,
) -> BallotResult {
    let ballot: BallotId = ballot.parse().expect("an id");
    rt.block_on(console.wait_for(WAIT, |h| match h {
        Heard::Event(e) => match e.as_ref() {
            RoomEvent::BallotClosed { result } if result.ballot == ballot => Some(result.clone()),
            _ => None,
        },
        _ => None,
    }))
    .expect("the ballot's result")
}

#[test]
fn a_card_tap_signs_the_delegate_in_and_shows_the_agenda_with_its_papers() {
    let k = Kiosk::start();
    assert_eq!(k.page(), Page::Standby);
    k.sign_in();
    // The agenda lists the items, and the first item's papers with their classification.
    assert!(k.shows("1. Báo cáo tình hình kinh tế - xã hội năm 2026"));
    assert!(k.shows("Báo cáo tình hình kinh tế - xã hội"));
    assert!(k.shows("Dự thảo Nghị quyết (Mật)"));
    // The papers arrive from the controller and the status bar counts them.
    k.until("both papers in the cache", |k| k.shows("Tài liệu 2/2"));
    // Signing out goes back to standby.
    k.press("Đăng xuất");
    k.until("standby after signing out", |k| {
        k.page() == Page::Standby && !k.shows("Đại biểu: Đại biểu số 1")
    });
    k.finish();
}

#[test]
fn a_wrong_pin_is_refused_and_the_sign_in_screen_says_so() {
    let k = Kiosk::start();
    k.press("Đăng nhập");
    assert_eq!(k.page(), Page::SignIn);
    for digit in ["1", "2", "3", "4"] {
        k.press(digit);
    }
    k.press("Xác nhận mã PIN");
    k.until("the refusal on the sign-in screen", |k| {
        k.shows("Mã PIN không đúng. Đồng chí vui lòng nhập lại.")
    });
    assert_eq!(k.page(), Page::SignIn);
    assert!(k.handle.view().signed_in.is_none());
    k.finish();
}

#[test]
fn a_vote_cast_with_the_buttons_shows_its_receipt_and_counts_at_the_console() {
    let k = Kiosk::start();
    k.sign_in();
    let (mut console, _others) = k.open_session();
    k.rt.block_on(console.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared("m1".parse().expect("an id")),
    }))
    .expect("the ballot opens");
    // The voting screen comes up by itself when the ballot opens.
    k.until("the voting screen with the motion", |k| {
        k.page() == Page::Voting && k.shows("Tán thành")
    });
    assert!(k.shows("Thông qua Báo cáo tình hình kinh tế - xã hội"));

    k.press("Tán thành");
    k.press("Xác nhận bỏ phiếu");
    k.until("the vote recorded on screen", |k| {
        k.shows("Đã ghi nhận phiếu")
    });
    let ballot: BallotId = "m1".parse().expect("an id");
    let Some(VoteState::Recorded { receipt }) = k.handle.view().vote(&ballot).cloned() else {
        panic!("the seat has no receipt: {:?}", k.handle.view().votes);
    };
    assert!(k.shows(&format!("Mã biên nhận: {}", short_receipt(&receipt))));

    let voted = k
        .rt
        .block_on(console.wait_state(WAIT, |s| s.ballot.as_ref().is_some_and(|b| b.voted == 1)));
    assert!(voted.is_ok(), "the console never counted the vote");
    k.rt.block_on(console.command(ConsoleCommand::CloseBallot {
        ballot: ballot.clone(),
    }))
    .expect("the ballot closes");
    let result = ballot_result(&k.rt, &mut console, "m1");
    let counts: Vec<u32> = result.options.iter().map(|o| o.votes).collect();
    assert_eq!(counts, [1, 0, 0], "one vote for, as cast on the screen");

    // The screen says the ballot closed and the results show it.
    k.until("the ballot closed on screen", |k| {
        ui::voting_adapter::step(&k.window) == VoteStep::Closed
    });
    k.press("Xem kết quả");
    assert_eq!(k.page(), Page::Results);
    k.finish();
}

#[test]
fn the_viewer_follows_the_presenter_to_the_page_they_show() {
    let k = Kiosk::start();
    k.sign_in();
    k.until("both papers in the cache", |k| k.shows("Tài liệu 2/2"));
    let (mut console, _others) = k.open_session();
    k.rt.block_on(console.command(ConsoleCommand::ShowPage {
        document: "doc1".parse().expect("an id"),
        page: 3,
    }))
    .expect("the presenter shows page 3");
    k.until("page 3 of the report in the viewer", |k| {
        k.page() == Page::Viewer
            && k.shows("Trang 3/6")
            && !k.window.global::<ui::ViewerAdapter>().get_loading()
    });
    // The page came from PDFium: a real image, not the blank sheet.
    let image = k.window.global::<ui::ViewerAdapter>().get_page_image();
    assert!(
        image.size().width > 100,
        "a rendered page: {:?}",
        image.size()
    );
    // Turning on alone, then the thumbnails.
    k.press("Trang sau");
    k.until("page 4", |k| k.shows("Trang 4/6"));
    k.until("six thumbnails", |k| {
        k.window
            .global::<ui::ViewerAdapter>()
            .get_thumbnails()
            .row_count()
            == 6
    });
    k.finish();
}

#[test]
fn offline_is_said_plainly_and_a_comment_typed_offline_is_kept_and_sent_when_back() {
    let k = Kiosk::start();
    k.sign_in();
    k.proxy.cut();
    k.until("offline on the status bar", |k| {
        k.shows("Mất kết nối — dùng bản lưu")
    });

    k.press("Góp ý");
    assert_eq!(k.page(), Page::Comments);
    // Telex: "d d a a n g" types "đang".
    for key in ["d", "d", "a", "a", "n", "g"] {
        k.press(key);
    }
    k.until("the Telex text on screen", |k| {
        k.all("Nội dung góp ý")
            .first()
            .and_then(ElementHandle::accessible_value)
            .is_some_and(|v| v == "đâng")
    });
    k.press("Gửi góp ý");
    k.until("the comment kept on the seat", |k| {
        k.shows("Mất kết nối — góp ý đã lưu trên máy này và sẽ tự gửi khi có kết nối.")
    });
    assert_eq!(k.handle.view().outbox, 1, "the comment waits in the outbox");

    k.proxy.restore();
    k.until("online again and the comment received", |k| {
        k.shows("Đã kết nối") && k.shows("Phòng họp đã nhận góp ý.")
    });
    assert_eq!(k.handle.view().outbox, 0);
    k.finish();
}

#[test]
fn a_card_on_the_reader_signs_in_and_the_desk_keys_choose_confirm_and_cast_a_counted_vote() {
    let (k, sim) = Kiosk::with_seat_unit();
    let card = Uid::new(&fixture::card_uid(1)).expect("the fixture's card fits a UID");
    sim.present_card(card);
    k.until("the agenda after the card on the reader", |k| {
        k.page() == Page::Agenda && k.shows("Đại biểu: Đại biểu số 1")
    });
    // Without a ballot the vote keys do nothing.
    sim.tap(Key::Yes);
    k.until("the key seen", |_| !sim.is_down(Key::Yes));
    k.app.pump();
    assert_eq!(k.page(), Page::Agenda, "the key was ignored");
    assert_eq!(sim.leds(), Leds::default(), "nothing to show yet");

    let (mut console, _others) = k.open_session();
    k.rt.block_on(console.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared("m1".parse().expect("an id")),
    }))
    .expect("the ballot opens");
    k.until("the vote-open LED", |_| sim.leds().vote_open);
    // The delegate reads a paper; the No key brings the ballot up at the
    // confirm step, with the choice and the key's hint.
    ui::show_page(&k.window, Page::Agenda);
    sim.tap(Key::No);
    k.until("the confirm step for the No key", |k| {
        k.page() == Page::Voting
            && ui::voting_adapter::step(&k.window) == VoteStep::Confirm
            && k.shows("Lựa chọn: Không tán thành")
    });
    assert!(k.shows("Hoặc bấm lại phím Không tán thành trên bàn để xác nhận."));
    // Another key changes the choice; nothing is cast yet.
    sim.tap(Key::Yes);
    k.until("the confirm step for the Yes key", |k| {
        k.shows("Lựa chọn: Tán thành")
    });
    let ballot: BallotId = "m1".parse().expect("an id");
    assert_eq!(
        k.handle.view().vote(&ballot),
        None,
        "not cast before the second press"
    );
    // The same key again confirms.
    sim.tap(Key::Yes);
    k.until("the vote recorded on screen", |k| {
        k.shows("Đã ghi nhận phiếu")
    });
    k.until("the voted LED, and vote-open out", |_| {
        let leds = sim.leds();
        leds.voted && !leds.vote_open
    });
    k.rt.block_on(console.command(ConsoleCommand::CloseBallot {
        ballot: ballot.clone(),
    }))
    .expect("the ballot closes");
    let result = ballot_result(&k.rt, &mut console, "m1");
    let counts: Vec<u32> = result.options.iter().map(|o| o.votes).collect();
    assert_eq!(counts, [1, 0, 0], "one vote for, as the Yes key confirmed");
    k.until("the vote LEDs out once the ballot closed", |_| {
        let leds = sim.leds();
        !leds.voted && !leds.vote_open
    });
    k.finish();
}

#[test]
fn the_microphone_key_asks_for_the_floor_and_a_second_press_withdraws() {
    let (k, sim) = Kiosk::with_seat_unit();
    k.sign_in();
    let (_console, _others) = k.open_session();
    sim.tap(Key::Mic);
    k.until("the request on the speakers list and the floor LED", |k| {
        matches!(
            k.handle.view().floor,
            kiosk_core::seat::Floor::Queued { .. }
        ) && sim.leds().floor
    });
    assert_eq!(k.page(), Page::Agenda, "the key does not take the screen");
    sim.tap(Key::Mic);
    k.until("the request withdrawn and the floor LED out", |k| {
        k.handle.view().floor == kiosk_core::seat::Floor::Idle && !sim.leds().floor
    });
    k.finish();
}

#[test]
fn a_ballot_opening_takes_the_screen_from_a_notice_which_comes_back_after_the_vote() {
    let k = Kiosk::start();
    k.sign_in();
    let (mut console, _others) = k.open_session();
    let notice_shown = |k: &Kiosk| k.window.global::<ui::NoticeAdapter>().get_visible();
    k.rt.block_on(console.command(ConsoleCommand::Notice {
        text: "Đề nghị các đồng chí tắt chuông điện thoại.".into(),
    }))
    .expect("the notice is sent");
    k.until("the notice over the screen", |k| {
        notice_shown(k)
            && k.window.global::<ui::NoticeAdapter>().get_text()
                == "Đề nghị các đồng chí tắt chuông điện thoại."
    });

    k.rt.block_on(console.command(ConsoleCommand::OpenBallot {
        ballot: BallotRef::Prepared("m1".parse().expect("an id")),
    }))
    .expect("the ballot opens");
    k.until("the ballot on screen, the notice held back", |k| {
        k.page() == Page::Voting && k.shows("Tán thành") && !notice_shown(k)
    });
    k.press("Tán thành");
    k.press("Xác nhận bỏ phiếu");
    k.until("the notice back once the vote is recorded", |k| {
        k.shows("Đã ghi nhận phiếu") && notice_shown(k)
    });
    k.finish();
}

#[test]
fn a_microphone_key_press_the_room_refuses_brings_up_the_speaking_screen_saying_why() {
    let (k, sim) = Kiosk::with_seat_unit();
    k.sign_in();
    // The session has not been opened.
    sim.tap(Key::Mic);
    k.until("the refusal on the speaking screen", |k| {
        k.page() == Page::Speaking && k.shows("Yêu cầu chưa được ghi nhận: Phiên họp chưa bắt đầu.")
    });
    assert_eq!(k.handle.view().floor, kiosk_core::seat::Floor::Idle);
    assert!(!sim.leds().floor, "no floor LED for a refused request");
    k.finish();
}
