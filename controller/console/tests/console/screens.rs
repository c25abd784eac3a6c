//! The screens drawn from the demo room (`console::demo`), with no controller:
//! what each role may touch, and the words in both languages.

use std::collections::BTreeSet;
use std::path::Path;

use console::accounts::SignedIn;
use console::app::{self, Settings};
use console::demo;
use console::ui::{self, Language, Page};
use i_slint_backend_testing::ElementHandle;
use protocol::message::OperatorRole;

use super::{all, control, current_page, shows, window};

fn operator(role: OperatorRole) -> SignedIn {
    SignedIn {
        account: "nguoidung".parse().expect("a valid account"),
        full_name: "Nguyễn Thị Hoa".into(),
        role,
        must_change_password: false,
    }
}

fn settings() -> Settings {
    Settings {
        room_name: "Phòng họp 301".into(),
        utc_offset_minutes: 420,
    }
}

/// The demo room on `page` as `role` sees it; `voting`: a ballot is open.
fn shown(role: OperatorRole, page: Page, voting: bool) -> ui::AppWindow {
    let w = window();
    let who = operator(role);
    app::preview(
        &w,
        &demo::view(voting),
        Some(&who),
        &settings(),
        demo::NOW,
        page,
    );
    w
}

#[test]
fn an_it_account_sees_the_ballot_controls_greyed_out_and_why() {
    let w = shown(OperatorRole::It, Page::Ballots, false);
    let open = control(
        &w,
        "Mở biểu quyết: Bầu bổ sung Ủy viên Ban Thường vụ Huyện ủy",
    );
    assert_eq!(open.accessible_enabled(), Some(false));
    assert!(
        open.accessible_description()
            .is_some_and(|d| d.contains("Kỹ thuật")),
        "the button says why: {:?}",
        open.accessible_description()
    );
}

#[test]
fn a_secretary_may_open_a_prepared_ballot_when_none_is_open() {
    let w = shown(OperatorRole::Secretary, Page::Ballots, false);
    let open = control(
        &w,
        "Mở biểu quyết: Bầu bổ sung Ủy viên Ban Thường vụ Huyện ủy",
    );
    assert_eq!(open.accessible_enabled(), Some(true));
    // A decided ballot offers no button at all.
    assert!(all(&w, "Mở biểu quyết: Thông qua chương trình hội nghị").is_empty());
}

#[test]
fn an_open_ballot_shows_its_timer_its_count_and_who_has_not_voted() {
    let w = shown(OperatorRole::Chair, Page::Ballots, true);
    let timer = all(&w, "Thời gian còn lại");
    assert_eq!(
        timer
            .first()
            .and_then(ElementHandle::accessible_value)
            .as_deref(),
        Some("01:25"),
        "85 seconds left at the demo's time"
    );
    assert!(shows(&w, "Đã bỏ phiếu: 15/20 thành viên có mặt"));
    assert!(shows(
        &w,
        "Chưa bỏ phiếu: Lê Văn Cường, Đặng Quốc Hùng, Bùi Thị Hương, Trịnh Văn Nam, Lâm Văn Đạt"
    ));
    // Every other prepared ballot waits while one is open.
    let other = control(
        &w,
        "Mở biểu quyết: Bầu bổ sung Ủy viên Ban Thường vụ Huyện ủy",
    );
    assert_eq!(other.accessible_enabled(), Some(false));
}

#[test]
fn the_seat_map_says_who_voted_but_never_what() {
    let w = shown(OperatorRole::Secretary, Page::Seats, true);
    let tile = all(&w, "Ghế s1: Nguyễn Văn An");
    let description = tile
        .first()
        .and_then(ElementHandle::accessible_description)
        .expect("the tile describes the seat");
    assert_eq!(
        description,
        "trực tuyến, đã đăng nhập, tài liệu 6/6, đã bỏ phiếu"
    );
    assert!(!description.contains("Tán thành"));
}

#[test]
fn the_roll_call_offers_marks_only_for_delegates_not_at_their_seat() {
    let w = shown(OperatorRole::Secretary, Page::Attendance, false);
    assert!(
        all(&w, "Điểm danh có mặt: Nguyễn Văn An").is_empty(),
        "signed in at s1"
    );
    assert_eq!(
        control(&w, "Điểm danh có mặt: Phạm Thị Dung").accessible_enabled(),
        Some(true)
    );
    assert_eq!(
        control(&w, "Bỏ điểm danh: Đặng Quốc Hùng").accessible_enabled(),
        Some(true)
    );
    let quorum = all(&w, "Ít nhất hai phần ba tổng số thành viên");
    assert_eq!(
        quorum
            .first()
            .and_then(ElementHandle::accessible_value)
            .as_deref(),
        Some("đủ: cần 16")
    );
}

#[test]
fn the_navigation_rail_is_hidden_until_a_password_is_chosen() {
    let w = window();
    let mut who = operator(OperatorRole::Secretary);
    who.must_change_password = true;
    app::preview(
        &w,
        &demo::view(false),
        Some(&who),
        &settings(),
        demo::NOW,
        Page::ChangePassword,
    );
    assert_eq!(current_page(&w), Page::ChangePassword);
    assert!(all(&w, "Biểu quyết").is_empty());
    assert!(shows(&w, "Bắt buộc đổi mật khẩu"));
}

#[test]
fn english_replaces_the_vietnamese_labels() {
    let w = shown(OperatorRole::Secretary, Page::Ballots, true);
    ui::set_language(&w, Language::English).expect("English is bundled");
    app::preview(
        &w,
        &demo::view(true),
        Some(&operator(OperatorRole::Secretary)),
        &settings(),
        demo::NOW,
        Page::Ballots,
    );
    assert!(shows(&w, "Close the ballot"));
    assert!(shows(&w, "Voted: 15 of 20 members present"));
    assert!(all(&w, "Kết thúc biểu quyết").is_empty());
    ui::set_language(&w, Language::Vietnamese).expect("Vietnamese is the source");
    assert!(shows(&w, "Kết thúc biểu quyết"));
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
    assert!(strings.len() > 100, "found only {} strings", strings.len());
    let po =
        std::fs::read_to_string(root.join("../../assets/translations/en/LC_MESSAGES/console.po"))
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
