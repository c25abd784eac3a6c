//! The screens drawn from the demo room (`console::demo`), with no controller:
//! what each role may touch, and the words in both languages.

use std::collections::BTreeSet;
use std::path::Path;

use console::accounts::SignedIn;
use console::app::{self, Settings};
use console::demo;
use console::session::ConsoleView;
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
    shown_view(role, page, &demo::view(voting))
}

/// `view` on `page` as `role` sees it.
fn shown_view(role: OperatorRole, page: Page, view: &ConsoleView) -> ui::AppWindow {
    let w = window();
    let who = operator(role);
    app::preview(&w, view, Some(&who), &settings(), demo::NOW, page);
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

#[test]
fn the_records_page_shows_what_the_item_under_discussion_concluded_and_assigned() {
    let w = shown(OperatorRole::Secretary, Page::Records, false);
    let item = all(
        &w,
        "Mục 3: Dự thảo Nghị quyết về chuyển đổi số trong hệ thống chính trị",
    );
    assert_eq!(
        item.first()
            .and_then(ElementHandle::accessible_item_selected),
        Some(true),
        "the item under discussion is chosen"
    );
    assert!(shows(&w, "Kết luận số 3") && shows(&w, "Kết luận số 4"));
    assert!(
        !shows(&w, "Kết luận số 1"),
        "item 1's conclusion is not listed"
    );
    let task = all(&w, "Nhiệm vụ số 2");
    assert_eq!(
        task.first()
            .and_then(ElementHandle::accessible_description)
            .as_deref(),
        Some(
            "Tiếp thu ý kiến, hoàn chỉnh Dự thảo Nghị quyết, trình Ban Thường vụ Huyện ủy — Ban Tuyên giáo Huyện ủy (000.00.04.H40) — hạn 15/12/2026"
        )
    );
    // Units come from the delegates (the first ones, not scrolled away).
    assert_eq!(all(&w, "Đơn vị: Ban Tổ chức Huyện ủy").len(), 1);
    assert_eq!(
        control(&w, "Xóa kết luận số 3").accessible_enabled(),
        Some(true)
    );
}

#[test]
fn an_it_account_cannot_add_a_conclusion_or_assign_a_task() {
    let w = shown(OperatorRole::It, Page::Records, false);
    for label in [
        "Ghi kết luận",
        "Giao nhiệm vụ",
        "Nội dung kết luận",
        "Xóa kết luận số 3",
    ] {
        let c = control(&w, label);
        assert_eq!(c.accessible_enabled(), Some(false), "{label}");
    }
    let add = control(&w, "Ghi kết luận");
    assert!(
        add.accessible_description()
            .is_some_and(|d| d.contains("Kỹ thuật")),
        "the button says why: {:?}",
        add.accessible_description()
    );
    // What is recorded is still shown.
    assert!(shows(&w, "Kết luận số 3"));
}

#[test]
fn another_meeting_is_loaded_only_once_the_session_is_over_and_its_papers_are_in() {
    let last = "Nạp cuộc họp: Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 11";
    let next = "Nạp cuộc họp: Hội nghị Ban Thường vụ Huyện ủy tháng 12/2026";
    let w = shown(OperatorRole::Secretary, Page::Meeting, false);
    assert!(shows(
        &w,
        "Cuộc họp hiện tại đang diễn ra: bế mạc trước khi nạp cuộc họp khác."
    ));
    let load = control(&w, last);
    assert_eq!(load.accessible_enabled(), Some(false));
    assert_eq!(
        load.accessible_description().as_deref(),
        Some("Cuộc họp hiện tại đang diễn ra")
    );
    // The running meeting has no button, only its mark.
    assert!(
        all(
            &w,
            "Nạp cuộc họp: Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12"
        )
        .is_empty()
    );

    let w = shown_view(OperatorRole::Secretary, Page::Meeting, &demo::closed_view());
    assert_eq!(control(&w, last).accessible_enabled(), Some(true));
    let missing = control(&w, next);
    assert_eq!(missing.accessible_enabled(), Some(false));
    assert_eq!(
        missing.accessible_description().as_deref(),
        Some("Cuộc họp còn thiếu tài liệu")
    );
    let row = all(&w, "Hội nghị Ban Thường vụ Huyện ủy tháng 12/2026");
    assert_eq!(
        row.first()
            .and_then(ElementHandle::accessible_description)
            .as_deref(),
        Some("3/4 tài liệu · thiếu 1 (2,1 MB)")
    );
}

#[test]
fn a_closed_meeting_shows_its_upload_waiting_and_any_operator_may_push_it() {
    let w = shown_view(OperatorRole::It, Page::Meeting, &demo::closed_view());
    let upload = all(
        &w,
        "Gửi kết quả: Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12",
    );
    assert_eq!(
        upload
            .first()
            .and_then(ElementHandle::accessible_description)
            .as_deref(),
        Some(
            "Đang chờ gửi — Đã thử 3 lần · lỗi gần nhất: connect timed out (hethong.tinhuy.vn:443)"
        )
    );
    assert_eq!(control(&w, "Gửi lại ngay").accessible_enabled(), Some(true));
    assert_eq!(control(&w, "Đồng bộ ngay").accessible_enabled(), Some(true));
    // IT may not load a meeting.
    assert_eq!(
        control(
            &w,
            "Nạp cuộc họp: Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 11"
        )
        .accessible_enabled(),
        Some(false)
    );
}

#[test]
fn without_the_controllers_status_the_meeting_page_says_so() {
    let mut view = demo::view(false);
    view.status = None;
    let w = shown_view(OperatorRole::Secretary, Page::Meeting, &view);
    assert!(shows(&w, "Chưa nhận được trạng thái từ bộ điều khiển."));
    assert!(all(&w, "Đồng bộ ngay").is_empty());
    assert!(all(&w, "Gửi lại ngay").is_empty());
}
