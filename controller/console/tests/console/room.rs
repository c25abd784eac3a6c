//! The wired console (`console::app::App`: accounts, session, screens)
//! under Slint's testing backend, against a real room: the controller in its
//! own process with its embedded broker, and simulated seats from the
//! `tests` harness. The operator's clicks and typing go through the screens'
//! accessible labels; what the screens show is checked the same way.
//!
//! There is no event loop: the app wakes the test (a channel) whenever
//! something arrives, and the test pumps it until the screen shows what it
//! waits for, with a deadline.

use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use console::accounts::{Accounts, Policy};
use console::app::{App, Parts, Settings, Wake};
use console::session::{self, CommandError, ConsoleConfig, ConsoleHandle};
use console::ui::{AppWindow, Page};
use i_slint_backend_testing::ElementHandle;
use link::mqtt::BrokerUrl;
use protocol::ballot::{Choice, MotionChoice};
use protocol::ids::{AccountId, BallotId};
use protocol::message::{BallotRef, ConsoleCommand, Operator, OperatorRole};
use protocol::reject::Rejection;
use tests::{BrokerKind, SimSeat, TestRoom, fixture};

use super::{all, control, current_page, press, shows, type_into, window};

/// The longest wait for anything in a room.
const WAIT: Duration = Duration::from_secs(30);
/// The password the operators of these tests choose.
const CHOSEN: &str = "Hội nghị lần thứ 12";

/// A room of three with its controller running, and the wired console.
struct Console {
    app: App,
    window: AppWindow,
    woken: mpsc::Receiver<()>,
    handle: ConsoleHandle,
    accounts: Accounts,
    room: TestRoom,
    rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

fn account(name: &str) -> AccountId {
    name.parse().expect("a valid account name")
}

impl Console {
    fn start() -> Self {
        Self::start_after(|_, _| {})
    }

    /// [`Console::start`], after `before` has run in the room (with the
    /// controller up, before the console's session starts).
    fn start_after(before: impl FnOnce(&TestRoom, &tokio::runtime::Runtime)) -> Self {
        let window = window();
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
        before(&room, &rt);
        let dir = tempfile::tempdir().expect("a temp dir");
        let accounts = Accounts::open(&dir.path().join("accounts.db"), Policy::default())
            .expect("the accounts file opens");
        let handle = {
            let _in = rt.enter();
            session::start(ConsoleConfig {
                room: room.room.clone(),
                device: "console-1".parse().expect("a valid device id"),
                key: fixture::console_key(),
                controller_key: fixture::controller_key().verifying_key(),
                broker: BrokerUrl::local(room.broker_addr().expect("a broker address")),
                broker_ca: None,
                reply_within: WAIT,
            })
            .expect("the session starts")
        };
        let (tx, woken) = mpsc::channel();
        let wake: Wake = Arc::new(move || {
            let _ = tx.send(());
        });
        let app = App::with_wake(
            &window,
            Parts {
                handle: handle.clone(),
                accounts: accounts.clone(),
                runtime: rt.handle().clone(),
                settings: Settings {
                    room_name: "Phòng họp 301".into(),
                    utc_offset_minutes: 420,
                },
            },
            wake,
        );
        let console = Self {
            app,
            window,
            woken,
            handle,
            accounts,
            room,
            rt,
            _dir: dir,
        };
        console.until("the console hears the meeting", |c| {
            c.handle.view().is_online() && c.shows("Hội nghị Ban Chấp hành Đảng bộ lần thứ 12")
        });
        console
    }

    /// An account of `role` that has already chosen its password [`CHOSEN`].
    fn account(&self, name: &str, role: OperatorRole) -> AccountId {
        let id = account(name);
        let otp = self
            .accounts
            .add(&id, "Nguyễn Thị Hoa", role, link::clock())
            .expect("the account is added");
        self.accounts
            .change_password(&id, otp.as_str(), CHOSEN, CHOSEN, link::clock())
            .expect("the password is chosen");
        id
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
                "{what}: not within {WAIT:?}\npage: {:?}\nconsole: {:?}\ncontroller log:\n{}",
                current_page(&self.window),
                self.handle.view(),
                self.room.log()
            );
            // Woken when something arrives; the timeout only catches clocks.
            let _ = self.woken.recv_timeout(Duration::from_millis(100));
        }
    }

    fn shows(&self, label: &str) -> bool {
        shows(&self.window, label)
    }

    fn press(&self, label: &str) {
        press(&self.window, label);
    }

    fn page(&self) -> Page {
        current_page(&self.window)
    }

    /// Types a name and password on the login page and presses "Đăng nhập".
    fn log_in(&self, name: &str, password: &str) {
        assert_eq!(self.page(), Page::Login);
        type_into(&self.window, "Tên tài khoản", name);
        type_into(&self.window, "Mật khẩu", password);
        self.press("Đăng nhập");
    }

    /// Signs delegates 2 and 3 in at their seats: 2 of 3 members, a quorum.
    fn seats_sign_in(&self) -> Vec<SimSeat> {
        self.rt.block_on(async {
            let mut seats = Vec::new();
            for n in 2..=3 {
                let mut s = self.room.seat(n).await.expect("a seat connects");
                s.sign_in(&fixture::card_uid(n)).await.expect("signs in");
                seats.push(s);
            }
            seats
        })
    }

    fn finish(mut self) {
        drop(self.app);
        self.rt.block_on(self.handle.shutdown());
        self.room
            .stop_controller()
            .expect("the controller stops cleanly");
    }
}

#[test]
fn first_login_forces_a_password_change_before_anything_else() {
    let c = Console::start();
    let otp = c
        .accounts
        .add(
            &account("thuky"),
            "Nguyễn Thị Hoa",
            OperatorRole::Secretary,
            link::clock(),
        )
        .expect("the account is added");

    c.log_in("thuky", otp.as_str());
    c.until("the forced change of password", |c| {
        c.page() == Page::ChangePassword && c.shows("Bắt buộc đổi mật khẩu")
    });
    // Nothing else is reachable: no navigation rail, no session controls.
    assert!(all(&c.window, "Biểu quyết").is_empty());
    assert!(all(&c.window, "Khai mạc").is_empty());

    // A new password that breaks a rule is refused, and the page says which.
    type_into(&c.window, "Mật khẩu hiện tại", otp.as_str());
    type_into(&c.window, "Mật khẩu mới", "ngắn");
    type_into(&c.window, "Nhập lại mật khẩu mới", "ngắn");
    c.press("Lưu mật khẩu mới");
    c.until("the rule that was broken", |c| {
        c.shows("Mật khẩu mới phải có ít nhất 10 ký tự.")
    });
    assert_eq!(c.page(), Page::ChangePassword);

    type_into(&c.window, "Mật khẩu hiện tại", otp.as_str());
    type_into(&c.window, "Mật khẩu mới", CHOSEN);
    type_into(&c.window, "Nhập lại mật khẩu mới", CHOSEN);
    c.press("Lưu mật khẩu mới");
    c.until("the meeting page after the change", |c| {
        c.page() == Page::Meeting
    });
    assert!(c.shows("Người điều hành: Nguyễn Thị Hoa (thuky)"));

    // The one-time password is spent; the chosen one signs in without a change.
    let again = c
        .accounts
        .login("thuky", CHOSEN, link::clock())
        .expect("the chosen password works");
    assert!(!again.must_change_password);
    assert!(
        c.accounts
            .login("thuky", otp.as_str(), link::clock())
            .is_err()
    );
    c.finish();
}

#[test]
fn a_secretary_opens_and_closes_a_ballot_and_sees_the_result() {
    let c = Console::start();
    c.account("thuky", OperatorRole::Secretary);
    let mut seats = c.seats_sign_in();

    c.log_in("thuky", CHOSEN);
    c.until("the meeting page", |c| c.page() == Page::Meeting);
    c.press("Khai mạc");
    c.until("the session open", |c| {
        c.handle
            .view()
            .state
            .as_ref()
            .is_some_and(|s| s.phase == protocol::message::Phase::InSession)
    });

    c.press("Biểu quyết");
    assert_eq!(c.page(), Page::Ballots);
    c.press("Mở biểu quyết: Thông qua Báo cáo tình hình kinh tế - xã hội");
    c.until(
        "the ballot open on the console, and the answer on the strip",
        |c| {
            c.shows("Đang biểu quyết: Thông qua Báo cáo tình hình kinh tế - xã hội")
                && c.shows("Đã bỏ phiếu: 0/2 thành viên có mặt")
                && c.shows("Mở biểu quyết: đã thực hiện")
        },
    );

    // The two delegates at their seats vote; the console counts who voted.
    let ballot: BallotId = "m1".parse().expect("an id");
    c.rt.block_on(async {
        for (n, s) in seats.iter_mut().enumerate() {
            s.wait_state(WAIT, |st| st.ballot.is_some())
                .await
                .expect("the seat sees the ballot");
            let vote_id = format!("v{n}").parse().expect("an id");
            s.vote(&ballot, &vote_id, &Choice::Motion(MotionChoice::For))
                .await
                .expect("the vote is answered");
        }
    });
    c.until("both votes counted", |c| {
        c.shows("Đã bỏ phiếu: 2/2 thành viên có mặt")
    });

    c.press("Kết thúc biểu quyết");
    c.until("the result with its rule", |c| {
        c.shows("Kết quả: Thông qua Báo cáo tình hình kinh tế - xã hội")
            && c.shows("ĐƯỢC THÔNG QUA")
    });
    assert!(c.shows("Ngưỡng: 2 phiếu (quá nửa tổng số thành viên, trên 3)"));
    assert!(c.shows("Tổng số thành viên: 3 · Có mặt: 2 · Số phiếu: 2"));
    let bar = all(&c.window, "Tán thành");
    assert_eq!(
        bar.first()
            .and_then(ElementHandle::accessible_value)
            .as_deref(),
        Some("2 phiếu, 66,67 %"),
        "two of three members"
    );
    assert!(!c.shows("Đang biểu quyết: Thông qua Báo cáo tình hình kinh tế - xã hội"));
    c.finish();
}

#[test]
fn an_it_account_cannot_open_a_ballot() {
    // The session is open and the quorum there, so only the role stands in
    // the way. (A simulated console opens it before the wired one starts: two
    // consoles sharing one device key would trip each other's replay window.)
    let mut seats = Vec::new();
    let c = Console::start_after(|room, rt| {
        rt.block_on(async {
            for n in 2..=3 {
                let mut s = room.seat(n).await.expect("a seat connects");
                s.sign_in(&fixture::card_uid(n)).await.expect("signs in");
                seats.push(s);
            }
            let mut secretary = room.console().await.expect("a console connects");
            secretary
                .command(ConsoleCommand::OpenSession)
                .await
                .expect("the session opens");
            secretary.disconnect().await;
        });
    });
    let it = c.account("kythuat", OperatorRole::It);

    c.log_in("kythuat", CHOSEN);
    c.until("the meeting page", |c| c.page() == Page::Meeting);
    c.press("Biểu quyết");
    let title = "Mở biểu quyết: Thông qua Báo cáo tình hình kinh tế - xã hội";
    c.until("the ballot listed", |c| c.shows(title));
    let open = control(&c.window, title);
    assert_eq!(open.accessible_enabled(), Some(false), "greyed out for IT");
    open.invoke_accessible_default_action();
    c.app.pump();
    assert!(
        c.handle.view().commands.is_empty(),
        "a greyed-out button sends nothing"
    );

    // Forced through the session, the controller refuses it.
    let forced = c.rt.block_on(c.handle.command(
        Operator {
            account: it.clone(),
            role: OperatorRole::It,
        },
        ConsoleCommand::OpenBallot {
            ballot: BallotRef::Prepared("m1".parse().expect("an id")),
        },
    ));
    assert_eq!(forced, Err(CommandError::Rejected(Rejection::NotPermitted)));
    assert!(
        c.handle
            .view()
            .state
            .as_ref()
            .is_some_and(|s| s.ballot.is_none())
    );

    // What IT may do, it does: a technical notice reaches the room.
    c.press("Thông báo");
    type_into(
        &c.window,
        "Nội dung thông báo",
        "Kiểm tra micro tại ghế số 2",
    );
    c.until("the notice ready to send", |c| {
        control(&c.window, "Gửi thông báo").accessible_enabled() == Some(true)
    });
    c.press("Gửi thông báo");
    c.until("the notice in the list", |c| c.shows("Thông báo số 1"));
    c.finish();
}

#[test]
fn a_secretary_adds_a_conclusion_and_a_task_and_sees_them_listed() {
    let c = Console::start();
    c.account("thuky", OperatorRole::Secretary);
    c.log_in("thuky", CHOSEN);
    c.until("the meeting page", |c| c.page() == Page::Meeting);
    c.press("Khai mạc");
    c.until("the session open", |c| {
        c.handle
            .view()
            .state
            .as_ref()
            .is_some_and(|s| s.phase == protocol::message::Phase::InSession)
    });

    c.press("Kết luận, nhiệm vụ");
    assert_eq!(c.page(), Page::Records);
    let item = "Mục 1: Báo cáo tình hình kinh tế - xã hội năm 2026";
    c.until("the first item chosen", |c| {
        all(&c.window, item)
            .first()
            .is_some_and(|e| e.accessible_item_selected() == Some(true))
    });

    let said = "Hội nghị thống nhất thông qua Báo cáo, đề nghị bổ sung số liệu thu ngân sách.";
    type_into(&c.window, "Nội dung kết luận", said);
    c.until("the conclusion ready to send", |c| {
        control(&c.window, "Ghi kết luận").accessible_enabled() == Some(true)
    });
    c.press("Ghi kết luận");
    c.until("the conclusion listed", |c| c.shows("Kết luận số 1"));
    let listed = all(&c.window, "Kết luận số 1");
    assert_eq!(
        listed
            .first()
            .and_then(ElementHandle::accessible_description)
            .as_deref(),
        Some(said)
    );
    // The list follows the state; the strip follows the command's answer,
    // which may come a moment later.
    c.until("the command reported done", |c| {
        c.shows("Ghi kết luận: đã thực hiện")
    });

    type_into(
        &c.window,
        "Nội dung nhiệm vụ",
        "Hoàn chỉnh Báo cáo, gửi các đại biểu",
    );
    all(&c.window, "Đơn vị: Đảng ủy phường 3")
        .first()
        .expect("the unit of delegate 2 is offered")
        .invoke_accessible_default_action();
    type_into(&c.window, "Hạn hoàn thành", "3.1.2099");
    c.until("the task ready to send", |c| {
        control(&c.window, "Giao nhiệm vụ").accessible_enabled() == Some(true)
    });
    assert!(c.shows("Thứ Bảy, 03/01/2099"), "the date as read");
    c.press("Giao nhiệm vụ");
    c.until("the task listed", |c| c.shows("Nhiệm vụ số 1"));
    let task = all(&c.window, "Nhiệm vụ số 1");
    assert_eq!(
        task.first()
            .and_then(ElementHandle::accessible_description)
            .as_deref(),
        Some(
            "Hoàn chỉnh Báo cáo, gửi các đại biểu — Đảng ủy phường 3 (000.03.02.H01) — hạn 03/01/2099"
        )
    );
    // The controller holds them, on the item chosen.
    let view = c.handle.view();
    let records = &view.state.as_ref().expect("a state").records;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].item.as_str(), "i1");
    assert_eq!(records[0].conclusions[0].text, said);
    assert_eq!(records[0].tasks[0].task.unit.code, "000.03.02.H01");
    assert_eq!(records[0].tasks[0].task.deadline.to_string(), "2099-01-03");
    // The form is emptied once the controller has answered, ready for the next task.
    c.until("the task form emptied", |c| {
        control(&c.window, "Nội dung nhiệm vụ")
            .accessible_value()
            .unwrap_or_default()
            .is_empty()
    });

    // Taking the conclusion back asks first.
    c.press("Xóa kết luận số 1");
    c.press("Xác nhận xóa kết luận số 1");
    c.until("the conclusion gone", |c| !c.shows("Kết luận số 1"));
    assert!(c.shows("Nhiệm vụ số 1"));
    c.finish();
}
