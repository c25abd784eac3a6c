//! The kiosk UI driven through Slint's testing backend: elements are found by
//! their accessible labels (as a screen reader finds them) and pressed; the
//! Rust callbacks must receive what the delegate did.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::path::Path;
use std::rc::Rc;

use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use kiosk::ui::comments_adapter::{self, Key};
use kiosk::ui::viewer_adapter::{self, ViewerView};
use kiosk::ui::voting_adapter::{self, BallotPaper, BallotView, CandidateView, ElectionMarks};
use kiosk::ui::{self, AppWindow, Language, Page, VoteStep, sign_in_adapter};
use protocol::ballot::MotionChoice;
use protocol::meeting::Classification;
use slint::ComponentHandle;

thread_local! {
    static BACKEND: Cell<bool> = const { Cell::new(false) };
}

/// A kiosk window on the testing backend, in Vietnamese, showing `page`.
fn window(page: Page) -> AppWindow {
    BACKEND.with(|ready| {
        if !ready.get() {
            i_slint_backend_testing::init_no_event_loop();
            ready.set(true);
        }
    });
    let window = AppWindow::new().expect("the kiosk window builds");
    ui::set_language(&window, Language::Vietnamese).expect("Vietnamese is the source language");
    ui::show_page(&window, page);
    window
}

/// Elements with this accessible label that a screen reader sees (not the
/// texts inside a button, which are marked `accessible-role: none`).
fn all(window: &AppWindow, label: &str) -> Vec<ElementHandle> {
    ElementHandle::find_by_accessible_label(window, label)
        .filter(|e| e.accessible_role() != Some(AccessibleRole::None))
        .collect()
}

/// The one element with this accessible label.
fn find(window: &AppWindow, label: &str) -> ElementHandle {
    let mut found = all(window, label);
    assert_eq!(
        found.len(),
        1,
        "expected one element labelled {label:?}, found {}",
        found.len()
    );
    found.remove(0)
}

fn press(window: &AppWindow, label: &str) {
    find(window, label).invoke_accessible_default_action();
}

/// Records every value a callback receives.
fn recorder<T: 'static>() -> (Rc<RefCell<Vec<T>>>, impl Fn(T) + 'static) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |value| sink.borrow_mut().push(value))
}

#[test]
fn typing_a_pin_and_pressing_ok_signs_in_with_that_pin() {
    let window = window(Page::SignIn);
    let (pins, record) = recorder::<String>();
    sign_in_adapter::on_sign_in_pin(&window, record);

    for digit in ["1", "9", "7", "5"] {
        press(&window, digit);
    }
    let shown = find(&window, "Mã PIN")
        .accessible_value()
        .expect("the PIN field has a value");
    assert_eq!(shown, "4 chữ số đã nhập");
    assert!(pins.borrow().is_empty(), "nothing is sent before OK");

    press(&window, "Xác nhận mã PIN");
    assert_eq!(*pins.borrow(), ["1975"]);
    let cleared = find(&window, "Mã PIN")
        .accessible_value()
        .expect("the PIN field has a value");
    assert_eq!(cleared, "0 chữ số đã nhập");
}

#[test]
fn clearing_the_pin_pad_starts_the_pin_again() {
    let window = window(Page::SignIn);
    let (pins, record) = recorder::<String>();
    sign_in_adapter::on_sign_in_pin(&window, record);

    press(&window, "4");
    press(&window, "2");
    press(&window, "Xóa mã đã nhập");
    press(&window, "7");
    press(&window, "Xác nhận mã PIN");
    assert_eq!(*pins.borrow(), ["7"]);
}

fn paper_at(page: u32) -> ViewerView {
    ViewerView {
        title: "Dự thảo Nghị quyết".into(),
        classification: Classification::Normal,
        page,
        page_count: 24,
        loading: false,
        zoom_percent: 100,
        following: false,
        presenter_page: None,
        watermark: None,
        note_count: 0,
    }
}

#[test]
fn pressing_next_asks_for_the_following_page_and_previous_for_the_one_before() {
    let window = window(Page::Viewer);
    viewer_adapter::show(&window, &paper_at(3));
    let (pages, record) = recorder::<u32>();
    viewer_adapter::on_page_requested(&window, record);

    press(&window, "Trang sau");
    press(&window, "Trang trước");
    assert_eq!(*pages.borrow(), [4, 2]);
}

#[test]
fn previous_does_nothing_on_the_first_page() {
    let window = window(Page::Viewer);
    viewer_adapter::show(&window, &paper_at(1));
    let (pages, record) = recorder::<u32>();
    viewer_adapter::on_page_requested(&window, record);

    let previous = find(&window, "Trang trước");
    assert_eq!(previous.accessible_enabled(), Some(false));
    previous.invoke_accessible_default_action();
    assert!(pages.borrow().is_empty());
}

fn motion(secret: bool) -> BallotView {
    BallotView {
        title: "Biểu quyết thông qua Nghị quyết về chuyển đổi số".into(),
        item: "Mục 3".into(),
        paper: BallotPaper::Motion,
        secret,
        time_left: Some("01:45".into()),
        turnout: "32/45".into(),
    }
}

#[test]
fn a_motion_vote_is_cast_only_after_it_is_confirmed() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &motion(false));
    let (votes, record) = recorder::<MotionChoice>();
    voting_adapter::on_cast_motion(&window, record);

    press(&window, "Tán thành");
    assert!(votes.borrow().is_empty(), "choosing alone casts nothing");
    assert_eq!(voting_adapter::step(&window), VoteStep::Confirm);
    find(&window, "Lựa chọn: Tán thành");

    press(&window, "Xác nhận bỏ phiếu");
    assert_eq!(*votes.borrow(), [MotionChoice::For]);
}

#[test]
fn choosing_again_from_the_confirm_step_casts_the_new_choice() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &motion(false));
    let (votes, record) = recorder::<MotionChoice>();
    voting_adapter::on_cast_motion(&window, record);

    press(&window, "Không tán thành");
    press(&window, "Chọn lại");
    press(&window, "Không biểu quyết");
    press(&window, "Xác nhận bỏ phiếu");
    assert_eq!(*votes.borrow(), [MotionChoice::Abstain]);
}

fn election() -> BallotView {
    BallotView {
        title: "Bầu bổ sung Ủy viên Ban Thường vụ".into(),
        item: "Mục 4".into(),
        paper: BallotPaper::Election(ElectionMarks {
            candidates: vec![
                CandidateView {
                    id: "c1".into(),
                    full_name: "Trần Thị Bình".into(),
                    unit_name: "Ban Dân vận".into(),
                    kept: true,
                },
                CandidateView {
                    id: "c2".into(),
                    full_name: "Lê Văn Cường".into(),
                    unit_name: "Ủy ban Kiểm tra".into(),
                    kept: false,
                },
            ],
            max_keep: 1,
            kept: 1,
            valid: true,
        }),
        secret: true,
        time_left: None,
        turnout: "0/45".into(),
    }
}

#[test]
fn a_seat_with_vote_keys_says_on_the_confirm_step_that_a_second_press_confirms() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &motion(false));
    voting_adapter::confirm(&window, MotionChoice::Against);
    find(&window, "Lựa chọn: Không tán thành");
    assert!(
        all(
            &window,
            "Hoặc bấm lại phím Không tán thành trên bàn để xác nhận."
        )
        .is_empty(),
        "a touchscreen-only seat does not mention keys"
    );
    voting_adapter::set_desk_keys(&window, true);
    find(
        &window,
        "Hoặc bấm lại phím Không tán thành trên bàn để xác nhận.",
    );
    assert_eq!(voting_adapter::chosen(&window), MotionChoice::Against);
}

/// Presses and releases `key` on the window's keyboard.
fn type_key(window: &AppWindow, key: impl Into<slint::SharedString> + Clone) {
    use slint::platform::WindowEvent;
    window.window().dispatch_event(WindowEvent::KeyPressed {
        text: key.clone().into(),
    });
    window
        .window()
        .dispatch_event(WindowEvent::KeyReleased { text: key.into() });
}

#[test]
fn the_function_keys_press_the_simulated_desk_keys_down_and_up() {
    use hardware::Key as D;
    use kiosk::ui::desk_keys_adapter;
    use slint::platform::Key as K;
    let window = window(Page::Agenda);
    window.show().expect("the window shows");
    // A real seat unit (or none): the function keys are not desk keys.
    let heard = Rc::new(Cell::new(false));
    let flag = heard.clone();
    window
        .global::<kiosk::ui::generated::DeskKeysAdapter>()
        .on_key(move |_, _| flag.set(true));
    type_key(&window, K::F1);
    assert!(!heard.get(), "not simulated: F1 is no desk key");

    let (keys, record) = recorder::<(hardware::Key, bool)>();
    desk_keys_adapter::simulate(&window, move |key, down| record((key, down)));
    type_key(&window, K::F1);
    type_key(&window, K::F2);
    type_key(&window, K::F3);
    type_key(&window, K::F4);
    type_key(&window, "a");
    assert_eq!(
        *keys.borrow(),
        [
            (D::Yes, true),
            (D::Yes, false),
            (D::No, true),
            (D::No, false),
            (D::Abstain, true),
            (D::Abstain, false),
            (D::Mic, true),
            (D::Mic, false),
        ]
    );
}

#[test]
fn an_observer_is_told_a_ballot_is_open_that_guests_do_not_vote_on() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &motion(false));
    voting_adapter::observing(&window);
    find(&window, "Đang biểu quyết");
    assert!(
        !all(&window, &motion(false).title).is_empty(),
        "the observer sees which ballot is open"
    );
    assert!(all(&window, "Chưa có biểu quyết").is_empty());
    voting_adapter::idle(&window);
    find(&window, "Chưa có biểu quyết");
}

#[test]
fn a_secret_ballot_shows_its_banner_and_an_open_one_does_not() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &election());
    let banner = find(&window, "Bỏ phiếu kín");
    assert!(
        banner
            .accessible_description()
            .is_some_and(|d| d.contains("niêm phong")),
        "the banner says the choice is sealed"
    );

    voting_adapter::open(&window, &motion(false));
    assert!(all(&window, "Bỏ phiếu kín").is_empty());
}

#[test]
fn touching_a_candidate_asks_rust_to_keep_or_strike_and_shows_its_answer() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &election());
    let (toggled, record) = recorder::<String>();
    voting_adapter::on_toggle_candidate(&window, record);

    let struck = find(&window, "Lê Văn Cường");
    assert_eq!(struck.accessible_checked(), Some(false));
    struck.invoke_accessible_default_action();
    assert_eq!(*toggled.borrow(), ["c2"]);
    // The screen does not flip the mark itself: the core decides.
    assert_eq!(
        find(&window, "Lê Văn Cường").accessible_checked(),
        Some(false)
    );

    let (cast, record) = recorder::<()>();
    voting_adapter::on_cast_election(&window, move || record(()));
    press(&window, "Tiếp tục");
    press(&window, "Xác nhận bỏ phiếu");
    assert_eq!(cast.borrow().len(), 1);
}

#[test]
fn a_recorded_vote_shows_the_receipt_code() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &motion(false));
    voting_adapter::recorded(&window, "7F3A-92CD", false);
    find(&window, "Đã ghi nhận phiếu");
    find(&window, "Mã biên nhận: 7F3A-92CD");
}

#[test]
fn keyboard_keys_reach_rust_as_typed() {
    let window = window(Page::Comments);
    let (keys, record) = recorder::<Key>();
    comments_adapter::on_key_pressed(&window, record);

    press(&window, "a");
    press(&window, "Chữ hoa");
    press(&window, "B");
    press(&window, "Dấu cách");
    press(&window, "Xóa lùi");
    press(&window, "Xuống dòng");
    assert_eq!(
        *keys.borrow(),
        [
            Key::Text("a".into()),
            Key::Text("B".into()),
            Key::Text(" ".into()),
            Key::Backspace,
            Key::Enter,
        ]
    );
}

#[test]
fn the_comment_shown_is_the_text_rust_gives_back() {
    let window = window(Page::Comments);
    comments_adapter::set_text(&window, "Đề nghị bổ sung");
    let area = find(&window, "Nội dung góp ý");
    assert_eq!(area.accessible_value().as_deref(), Some("Đề nghị bổ sung"));
}

#[test]
fn english_replaces_the_vietnamese_labels() {
    let window = window(Page::Voting);
    voting_adapter::open(&window, &motion(false));
    ui::set_language(&window, Language::English).expect("English is bundled");
    find(&window, "In favour");
    assert!(all(&window, "Tán thành").is_empty());
    ui::set_language(&window, Language::Vietnamese).expect("Vietnamese is the source");
    find(&window, "Tán thành");
}

/// Every `@tr("…")` string of the `.slint` files, unescaped.
fn tr_strings(dir: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("the ui folder is readable") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            tr_strings(&path, out);
        } else if path.extension().is_some_and(|e| e == "slint") {
            let text = std::fs::read_to_string(&path).expect("a .slint file is UTF-8");
            for (start, _) in text.match_indices("@tr(\"") {
                let mut s = String::new();
                let mut chars = text[start + 5..].chars();
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => s.push(chars.next().unwrap_or('\\')),
                        c => s.push(c),
                    }
                }
                out.insert(s);
            }
        }
    }
}

/// `msgid` → `msgstr` of a simple .po file (no plurals, no contexts).
fn po_entries(po: &str) -> Vec<(String, String)> {
    let unquote = |line: &str, key: &str| -> Option<String> {
        let rest = line.strip_prefix(key)?.trim();
        let inner = rest.strip_prefix('"')?.strip_suffix('"')?;
        Some(
            inner
                .replace("\\\"", "\"")
                .replace("\\n", "\n")
                .replace("\\\\", "\\"),
        )
    };
    let mut entries = Vec::new();
    let mut id: Option<String> = None;
    for line in po.lines() {
        if let Some(s) = unquote(line, "msgid") {
            id = Some(s);
        } else if let Some(s) = unquote(line, "msgstr")
            && let Some(id) = id.take()
        {
            entries.push((id, s));
        }
    }
    entries
}

#[test]
fn every_vietnamese_string_has_an_english_translation() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut strings = BTreeSet::new();
    tr_strings(&root.join("ui"), &mut strings);
    assert!(strings.len() > 50, "found only {} strings", strings.len());
    let po = std::fs::read_to_string(root.join("../assets/translations/en/LC_MESSAGES/kiosk.po"))
        .expect("the English translation exists");
    let entries = po_entries(&po);
    let missing: Vec<_> = strings
        .iter()
        .filter(|s| !entries.iter().any(|(id, tr)| id == *s && !tr.is_empty()))
        .collect();
    assert!(missing.is_empty(), "untranslated: {missing:#?}");
    let unused: Vec<_> = entries
        .iter()
        .filter(|(id, _)| !id.is_empty() && !strings.contains(id))
        .map(|(id, _)| id)
        .collect();
    assert!(unused.is_empty(), "translated but not used: {unused:#?}");
}

#[test]
fn typing_telex_on_the_notes_keyboard_shows_vietnamese_and_saves_it() {
    use kiosk::ui::notes_adapter::{self, NotesView};
    use kiosk_core::telex::TelexBuffer;
    use slint::ComponentHandle;

    let window = window(Page::Viewer);
    viewer_adapter::show(&window, &paper_at(3));
    notes_adapter::show(
        &window,
        &NotesView {
            open: true,
            page_label: "Trang 3".into(),
            pen: false,
            status: String::new(),
        },
    );
    notes_adapter::set_text(&window, "");
    // The app's part, as it does it: keys through Telex, the text shown back.
    let telex = Rc::new(RefCell::new(TelexBuffer::new()));
    let weak = window.as_weak();
    notes_adapter::on_key_pressed(&window, move |key| {
        let mut telex = telex.borrow_mut();
        match key {
            Key::Text(keys) => telex.push_str(&keys),
            Key::Backspace => telex.backspace(),
            Key::Enter => telex.push('\n'),
        }
        if let Some(window) = weak.upgrade() {
            notes_adapter::set_text(&window, &telex.text());
        }
    });
    let (saved, record) = recorder::<String>();
    notes_adapter::on_save(&window, record);

    // "Ghi chus": s puts the acute tone on u ("chuws" would be "chứ").
    press(&window, "Chữ hoa");
    for key in ["G", "h", "i", "Dấu cách", "c", "h", "u", "s"] {
        press(&window, key);
    }
    let note = find(&window, "Nội dung ghi chú");
    assert_eq!(note.accessible_value().as_deref(), Some("Ghi chú"));
    assert!(saved.borrow().is_empty(), "nothing is saved before asked");

    press(&window, "Lưu và đóng");
    assert_eq!(*saved.borrow(), ["Ghi chú"]);
}
