//! The minutes of a small closed meeting (a motion, a secret election, a
//! cancelled ballot, an absent member, an observer), read back with the
//! real PDFium (bound as `cargo xtask setup` leaves it: `$PDFIUM_LIB`,
//! `$PDFIUM_LIB_DIR`, or `target/pdfium/` above this crate). The pages are
//! also written to `target/screenshots/minutes/` to be looked at.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use ed25519_dalek::SigningKey;
use pdfium_render::prelude::{PdfRenderConfig, Pdfium};
use protocol::ballot::{
    BallotKind, BallotSpec, Candidate, Choice, MajorityRule, MotionChoice, QuorumRule,
};
use protocol::envelope::{KeyRegistry, Signer, Verifier};
use protocol::ids::IdError;
use protocol::meeting::{
    AgendaItem, Classification, Delegate, DelegateRole, Document, MeetingPackage, NetworkZone,
};
use protocol::message::{Comment, Conclusion, Date, Notice, Task, TaskSpec, Unit};
use protocol::room::RoomSetup;
use protocol::tally::{Counts, decide};

use super::words::{LocalTime, date_long, date_time, percent};
use super::*;

/// 2026-12-08 00:00 in Vietnam (UTC+7), in milliseconds since the epoch.
const DAY: i64 = 1_796_662_800_000;

/// `hour`:`minute` on the meeting's day, Vietnam time.
fn at(hour: i64, minute: i64) -> Timestamp {
    Timestamp(DAY + (hour * 60 + minute) * 60_000)
}

fn id<T: TryFrom<String, Error = IdError>>(text: &str) -> T {
    T::try_from(text.to_owned()).expect("a valid id")
}

const MEMBERS: [(&str, &str); 6] = [
    ("Nguyễn Văn Thắng", "Tỉnh ủy Phú Lâm"),
    ("Lê Quang Huy", "Tỉnh ủy Phú Lâm"),
    ("Phạm Đức Long", "Ủy ban nhân dân tỉnh Phú Lâm"),
    ("Trần Thị Thu Hương", "Ban Tổ chức Tỉnh ủy"),
    ("Hoàng Minh Tuấn", "Ủy ban Kiểm tra Tỉnh ủy"),
    ("Đặng Thị Ngọc Ánh", "Sở Giáo dục và Đào tạo"),
];
const OBSERVER: (&str, &str) = ("Vũ Thị Hằng", "Báo Phú Lâm");
const TITLE: &str = "Hội nghị Ban Chấp hành Đảng bộ tỉnh Phú Lâm lần thứ 12 (mở rộng)";
const ITEMS: [&str; 2] = [
    "Thảo luận, thông qua Nghị quyết về phương hướng, nhiệm vụ năm 2027",
    "Công tác cán bộ: bầu bổ sung Ủy viên Ban Thường vụ Tỉnh ủy",
];
const CANDIDATES: [(&str, &str); 3] = [
    ("Trịnh Công Khánh", "Sở Nông nghiệp và Môi trường"),
    ("Cao Văn Lực", "Đảng ủy phường Phú Lâm"),
    ("Lâm Thị Bích Ngọc", "Đảng ủy xã Tân Hòa"),
];
const NOTICE: &str = "Nghỉ giải lao 15 phút; đề nghị các đồng chí trở lại đúng giờ.";
const CONCLUSIONS: [(&str, &str); 2] = [
    (
        "i1",
        "Hội nghị thống nhất cao với dự thảo Nghị quyết; giao Văn phòng Tỉnh ủy tiếp thu ý kiến, \
         hoàn chỉnh văn bản trước khi ban hành.",
    ),
    (
        "i2",
        "Hội nghị thống nhất kết quả bầu bổ sung; giao Ban Tổ chức Tỉnh ủy hoàn tất hồ sơ.",
    ),
];
/// A task the test assigns.
struct TaskRow {
    what: &'static str,
    unit: &'static str,
    code: &'static str,
    /// Year, month, day.
    deadline: (u16, u8, u8),
}
const TASKS: [TaskRow; 2] = [
    TaskRow {
        what: "Hoàn chỉnh dự thảo Nghị quyết, trình Thường trực Tỉnh ủy ký ban hành",
        unit: "Văn phòng Tỉnh ủy",
        code: "000.00.01.H45",
        deadline: (2026, 12, 15),
    },
    TaskRow {
        what: "Xây dựng kế hoạch triển khai thực hiện Nghị quyết năm 2027",
        unit: "Ủy ban nhân dân tỉnh Phú Lâm",
        code: "000.00.00.H45",
        deadline: (2027, 1, 31),
    },
];

fn delegate(n: usize, (name, unit): (&str, &str), role: DelegateRole) -> Delegate {
    Delegate {
        id: id(&format!("d{n}")),
        full_name: name.to_owned(),
        unit_name: unit.to_owned(),
        unit_code: format!("000.00.{n:02}.H01"),
        role,
        seat: id(&format!("s{n}")),
        card_hash: None,
        pin_hash: None,
    }
}

fn motion() -> BallotSpec {
    BallotSpec {
        id: id("m1"),
        title: "Thông qua Nghị quyết về phương hướng, nhiệm vụ năm 2027".to_owned(),
        item: Some(id("i1")),
        kind: BallotKind::Motion,
        secret: false,
        majority: MajorityRule::MoreThanHalfOfMembers,
        quorum: QuorumRule::TwoThirdsOfMembers,
        duration_secs: None,
        allow_change: false,
    }
}

fn election() -> BallotSpec {
    BallotSpec {
        id: id("e1"),
        title: "Bầu bổ sung Ủy viên Ban Thường vụ Tỉnh ủy nhiệm kỳ 2025 - 2030".to_owned(),
        item: Some(id("i2")),
        kind: BallotKind::Election {
            candidates: CANDIDATES
                .iter()
                .enumerate()
                .map(|(i, (name, unit))| Candidate {
                    id: id(&format!("c{}", i + 1)),
                    full_name: (*name).to_owned(),
                    unit_name: (*unit).to_owned(),
                })
                .collect(),
            max_choices: 2,
        },
        secret: true,
        majority: MajorityRule::MoreThanHalfOfCast,
        quorum: QuorumRule::MoreThanHalfOfMembers,
        duration_secs: None,
        allow_change: false,
    }
}

fn cancelled() -> BallotSpec {
    BallotSpec {
        id: id("m2"),
        title: "Thông qua Chương trình kiểm tra, giám sát năm 2027".to_owned(),
        item: None,
        ..motion()
    }
}

fn package() -> MeetingPackage {
    let paper = |n: usize, title: &str, item: &str, classification| Document {
        id: id(&format!("p{n}")),
        title: title.to_owned(),
        sha256: Sha256::of(title.as_bytes()),
        size: 1000,
        media_type: "application/pdf".to_owned(),
        classification,
        item: Some(id(item)),
    };
    let mut delegates: Vec<Delegate> = MEMBERS
        .iter()
        .enumerate()
        .map(|(i, &person)| {
            let role = if i == 0 {
                DelegateRole::Chair
            } else {
                DelegateRole::Member
            };
            delegate(i + 1, person, role)
        })
        .collect();
    delegates.push(delegate(7, OBSERVER, DelegateRole::Observer));
    MeetingPackage {
        id: id("tu-phu-lam-12"),
        title: TITLE.to_owned(),
        starts_at: "2026-12-08T07:30:00+07:00".to_owned(),
        room: id("phong-hop-1"),
        network_zone: NetworkZone::Internal,
        agenda: ITEMS
            .iter()
            .enumerate()
            .map(|(i, title)| AgendaItem {
                id: id(&format!("i{}", i + 1)),
                title: (*title).to_owned(),
                presenter: Some("Đồng chí Lê Quang Huy, Phó Bí thư Thường trực Tỉnh ủy".to_owned()),
            })
            .collect(),
        documents: vec![
            paper(
                1,
                "Dự thảo Nghị quyết Hội nghị",
                "i1",
                Classification::Normal,
            ),
            paper(
                2,
                "Tờ trình về công tác cán bộ",
                "i2",
                Classification::Confidential,
            ),
        ],
        delegates,
        ballots: vec![motion(), election(), cancelled()],
    }
}

fn closed(spec: &BallotSpec, choices: &[Choice], when: Timestamp) -> Fact {
    let mut counts = Counts::new(spec);
    for choice in choices {
        counts.add(spec, choice);
    }
    Fact::BallotClosed {
        result: decide(spec, &counts, 6, 5),
        at: when,
    }
}

/// The facts of the meeting: four members sign in, one is marked present,
/// one stays away, the observer comes; the motion passes 4 to 1, the
/// election elects two of three, a third ballot is cancelled.
fn facts() -> Vec<(Timestamp, Fact)> {
    let delegate = |n: usize| id(&format!("d{n}"));
    let kept =
        |names: &[&str]| Choice::Election(names.iter().map(|n| id(n)).collect::<BTreeSet<_>>());
    let motion_votes = [
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::For,
        MotionChoice::Against,
    ]
    .map(Choice::Motion);
    let election_votes = [
        kept(&["c1", "c2"]),
        kept(&["c1", "c2"]),
        kept(&["c1", "c3"]),
        kept(&["c1", "c2"]),
        kept(&["c1", "c3"]),
    ];
    let mut facts = vec![Fact::SessionOpened { at: at(7, 32) }];
    for n in [1, 2, 3, 4, 7] {
        facts.push(Fact::SignedIn {
            delegate: delegate(n),
            seat: id(&format!("s{n}")),
            at: at(7, 25),
        });
    }
    facts.extend([
        Fact::MarkedPresent {
            delegate: delegate(6),
            present: true,
        },
        Fact::ItemChanged { item: id("i1") },
        Fact::CommentRecorded {
            seat: id("s3"),
            comment: Comment {
                comment_id: id("k1"),
                delegate: delegate(3),
                item: Some(id("i1")),
                document: Some(id("p1")),
                page: Some(2),
                text: "Đề nghị bổ sung chỉ tiêu về chuyển đổi số.".to_owned(),
            },
            at: at(8, 10),
        },
        Fact::BallotOpened {
            spec: motion(),
            at: at(9, 5),
            closes_at: None,
            secret_key: None,
        },
        closed(&motion(), &motion_votes, at(9, 12)),
        Fact::NoticeSent {
            notice: Notice {
                number: 1,
                text: NOTICE.to_owned(),
                at: at(10, 15),
            },
        },
        Fact::BallotOpened {
            spec: election(),
            at: at(10, 40),
            closes_at: None,
            secret_key: None,
        },
        closed(&election(), &election_votes, at(10, 58)),
        Fact::BallotOpened {
            spec: cancelled(),
            at: at(11, 0),
            closes_at: None,
            secret_key: None,
        },
        Fact::BallotCancelled {
            ballot: id("m2"),
            at: at(11, 2),
        },
    ]);
    for (n, (item, text)) in CONCLUSIONS.iter().enumerate() {
        facts.push(Fact::ConclusionAdded {
            item: id(item),
            conclusion: Conclusion {
                number: u32::try_from(n + 1).expect("a few"),
                text: (*text).to_owned(),
                at: at(11, 10),
            },
        });
    }
    for (n, row) in TASKS.iter().enumerate() {
        let (year, month, day) = row.deadline;
        facts.push(Fact::TaskAssigned {
            item: id("i1"),
            task: Task {
                number: u32::try_from(n + 1).expect("a few"),
                task: TaskSpec {
                    what: row.what.to_owned(),
                    unit: Unit {
                        name: row.unit.to_owned(),
                        code: row.code.to_owned(),
                    },
                    deadline: Date::new(year, month, day).expect("a real date"),
                },
                at: at(11, 20),
            },
        });
    }
    facts.push(Fact::MeetingClosed { at: at(11, 30) });
    facts
        .into_iter()
        .map(|fact| {
            let when = match &fact {
                Fact::SessionOpened { at }
                | Fact::SignedIn { at, .. }
                | Fact::BallotOpened { at, .. }
                | Fact::BallotClosed { at, .. }
                | Fact::BallotCancelled { at, .. }
                | Fact::CommentRecorded { at, .. }
                | Fact::MeetingClosed { at } => *at,
                Fact::NoticeSent { notice } => notice.at,
                Fact::ConclusionAdded { conclusion, .. } => conclusion.at,
                Fact::TaskAssigned { task, .. } => task.at,
                _ => at(7, 30),
            };
            (when, fact)
        })
        .collect()
}

fn controller_key() -> SigningKey {
    SigningKey::from_bytes(&[42; 32])
}

fn room(facts: &[(Timestamp, Fact)]) -> Room {
    let setup = RoomSetup {
        package: package(),
        signer: Signer::new(id("controller"), controller_key(), 1),
        verifier: Verifier::new(KeyRegistry::new()),
        seed: [0; 32],
    };
    Room::restore(setup, facts.iter().map(|(_, fact)| fact), 0).expect("a valid package")
}

fn package_hash() -> Sha256 {
    Sha256::of(b"the package as the central system signed it")
}

fn minutes() -> Vec<u8> {
    let facts = facts();
    render(
        &room(&facts),
        &facts,
        &controller_key().verifying_key(),
        &package_hash(),
    )
}

static PDFIUM: LazyLock<Pdfium> = LazyLock::new(|| {
    let library = pdfium_library();
    let bindings = Pdfium::bind_to_library(&library)
        .unwrap_or_else(|err| panic!("binding {}: {err:?}", library.display()));
    Pdfium::new(bindings)
});

/// Where the PDFium library is: run `cargo xtask setup` if it is nowhere.
fn pdfium_library() -> PathBuf {
    let var = |name| std::env::var_os(name).filter(|value| !value.is_empty());
    if let Some(file) = var("PDFIUM_LIB") {
        return file.into();
    }
    if let Some(dir) = var("PDFIUM_LIB_DIR") {
        return PathBuf::from(dir).join("libpdfium.so");
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("target/pdfium/libpdfium.so"))
        .find(|file| file.is_file())
        .expect("PDFium is in target/pdfium/ (cargo xtask setup puts it there)")
}

/// The text of the minutes as PDFium extracts it, each page without its
/// number, whitespace made single spaces.
fn text_of(pdf: &[u8]) -> String {
    let document = PDFIUM
        .load_pdf_from_byte_slice(pdf, None)
        .expect("PDFium opens the minutes");
    let pages = document.pages();
    let total = pages.len();
    let mut text = String::new();
    for (i, page) in pages.iter().enumerate() {
        let page_text = page.text().expect("a text layer").all();
        let page_text = page_text.split_whitespace().collect::<Vec<_>>().join(" ");
        let number = format!("Trang {}/{total}", i + 1);
        let body = page_text
            .strip_suffix(&number)
            .unwrap_or_else(|| panic!("page {} ends with its number: {page_text}", i + 1));
        text.push_str(body.trim_end());
        text.push(' ');
    }
    text
}

#[test]
fn the_minutes_name_the_meeting_everyone_present_and_absent_and_each_ballot_by_its_rule() {
    let text = text_of(&minutes());
    let expect = |phrase: &str| {
        assert!(
            text.contains(phrase),
            "the minutes say {phrase:?}; they say:\n{text}"
        );
    };
    expect("BIÊN BẢN");
    expect(TITLE);
    expect("TỈNH ỦY PHÚ LÂM");
    expect("Ngày 08 tháng 12 năm 2026");
    expect("Địa điểm: phòng họp phong-hop-1 (mã cuộc họp tu-phu-lam-12).");
    expect("Thời gian: mở lúc 09:05, đóng lúc 09:12.");
    expect("Thời gian: mở lúc 10:40, đóng lúc 10:58.");
    expect("Khai mạc: 07:32 ngày 08/12/2026.");
    expect("Bế mạc: 11:30 ngày 08/12/2026.");
    expect("1. Thảo luận, thông qua Nghị quyết");
    expect("Tài liệu: Tờ trình về công tác cán bộ (Mật).");
    expect("Tổng số thành viên: 6; có mặt: 5; vắng mặt: 1.");
    for (n, (name, unit)) in MEMBERS.iter().enumerate() {
        let here = if n == 4 { "Vắng mặt" } else { "Có mặt" };
        let name = if n == 0 {
            format!("{name} (chủ trì)")
        } else {
            (*name).to_owned()
        };
        expect(&format!("{} {name} {unit} {here}", n + 1));
    }
    expect(&format!("1 {} {} Có mặt", OBSERVER.0, OBSERVER.1));

    expect("Hình thức: biểu quyết công khai.");
    expect(
        "Điều kiện tiến hành: có mặt ít nhất hai phần ba tổng số thành viên, tức ít nhất 4 trên 6.",
    );
    expect(
        "Nguyên tắc quyết định: quá nửa tổng số thành viên, tức ít nhất 4 trên 6 tổng số thành viên.",
    );
    expect("Tán thành: 4 phiếu, bằng 66,67 % so với tổng số thành viên.");
    expect("Không tán thành: 1 phiếu, bằng 16,67 % so với tổng số thành viên.");
    expect("Kết quả: THÔNG QUA (4 phiếu tán thành; cần ít nhất 4 trên 6 tổng số thành viên).");

    expect("Hình thức: bầu cử, bỏ phiếu kín; bầu 2 trong số 3 người ứng cử.");
    expect("Nguyên tắc quyết định: quá nửa số phiếu biểu quyết, tức ít nhất 3 trên 5 số phiếu.");
    expect(
        "Trịnh Công Khánh (Sở Nông nghiệp và Môi trường): 5 phiếu, bằng 100,00 % so với số phiếu: trúng cử.",
    );
    expect(
        "Cao Văn Lực (Đảng ủy phường Phú Lâm): 3 phiếu, bằng 60,00 % so với số phiếu: trúng cử.",
    );
    expect(
        "Lâm Thị Bích Ngọc (Đảng ủy xã Tân Hòa): 2 phiếu, bằng 40,00 % so với số phiếu: không trúng cử.",
    );
    expect("Kết quả: trúng cử: Trịnh Công Khánh, Cao Văn Lực (cần ít nhất 3 trên 5 số phiếu).");
    expect("Phiếu “Thông qua Chương trình kiểm tra, giám sát năm 2027” (m2) đã hủy lúc 11:02");

    expect(&format!("Kết luận số 1: {}", CONCLUSIONS[0].1));
    expect(&format!("Kết luận số 2: {}", CONCLUSIONS[1].1));
    expect("Số Nhiệm vụ được giao Đơn vị thực hiện Thời hạn");
    expect(&format!(
        "1 {} {} ({}) 15/12/2026",
        TASKS[0].what, TASKS[0].unit, TASKS[0].code
    ));
    expect(&format!(
        "2 {} {} ({}) 31/01/2027",
        TASKS[1].what, TASKS[1].unit, TASKS[1].code
    ));
    expect(&format!("Thông báo số 1 (10:15): {NOTICE}"));
    expect("Số ý kiến đại biểu gửi từ thiết bị tại chỗ ngồi: 1.");
    expect("Ký số bởi bộ điều khiển phòng họp phong-hop-1");
    expect(&format!(
        "Khóa công khai của bộ điều khiển (hex): {}",
        hex::encode(controller_key().verifying_key().as_bytes())
    ));
    expect(&format!("(SHA-256): {}", package_hash()));
}

#[test]
fn every_vietnamese_word_of_the_meeting_comes_back_from_the_minutes() {
    let text = text_of(&minutes());
    let found: BTreeSet<&str> = text
        .split(|c: char| c.is_whitespace() || ",.;:()“”".contains(c))
        .collect();
    let package = package();
    let mut written: Vec<String> = vec![TITLE.to_owned(), NOTICE.to_owned()];
    written.extend(package.agenda.iter().map(|i| i.title.clone()));
    written.extend(package.documents.iter().map(|d| d.title.clone()));
    written.extend(package.delegates.iter().map(|d| d.full_name.clone()));
    written.extend(package.delegates.iter().map(|d| d.unit_name.clone()));
    written.extend(package.ballots.iter().map(|b| b.title.clone()));
    written.extend(
        CANDIDATES
            .iter()
            .map(|(name, unit)| format!("{name} {unit}")),
    );
    written.extend(CONCLUSIONS.iter().map(|(_, text)| (*text).to_owned()));
    written.extend(TASKS.iter().map(|row| format!("{} {}", row.what, row.unit)));
    let mut checked = 0;
    for phrase in &written {
        for word in phrase.split(|c: char| c.is_whitespace() || ",.;:()".contains(c)) {
            if word.is_empty() || word.is_ascii() {
                continue;
            }
            checked += 1;
            assert!(
                found.contains(word),
                "{word:?} (from {phrase:?}) is in the minutes"
            );
        }
    }
    assert!(checked > 100, "{checked} words with Vietnamese letters");
}

#[test]
fn the_same_meeting_gives_the_same_minutes() {
    let first = minutes();
    assert_eq!(first, minutes());
    assert!(first.starts_with(b"%PDF-"));
    let facts = facts();
    let other_key = SigningKey::from_bytes(&[7; 32]).verifying_key();
    let other = render(&room(&facts), &facts, &other_key, &package_hash());
    assert_ne!(first, other, "the key is part of the minutes");
}

#[test]
fn every_page_is_drawn_and_written_out_to_be_looked_at() {
    let pdf = minutes();
    let document = PDFIUM
        .load_pdf_from_byte_slice(&pdf, None)
        .expect("PDFium opens the minutes");
    let pages = document.pages();
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/screenshots/minutes");
    std::fs::create_dir_all(&dir).expect("makes the screenshot folder");
    let config = PdfRenderConfig::new().set_target_width(1240);
    for (i, page) in pages.iter().enumerate() {
        let bitmap = page.render_with_config(&config).expect("renders");
        let (width, height) = (bitmap.width(), bitmap.height());
        let rgba = bitmap.as_rgba_bytes();
        let dark = rgba
            .chunks_exact(4)
            .filter(|px| u16::from(px[0]) + u16::from(px[1]) + u16::from(px[2]) < 300)
            .count();
        assert!(dark > 10_000, "page {} has ink: {dark} dark pixels", i + 1);
        let path = dir.join(format!("page-{}.png", i + 1));
        let file = std::fs::File::create(&path).expect("creates the PNG");
        let mut encoder = png::Encoder::new(
            std::io::BufWriter::new(file),
            u32::try_from(width).expect("a positive width"),
            u32::try_from(height).expect("a positive height"),
        );
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder
            .write_header()
            .and_then(|mut writer| writer.write_image_data(&rgba))
            .expect("writes the PNG");
    }
}

#[test]
fn times_are_vietnams_and_shares_have_a_decimal_comma() {
    assert_eq!(
        LocalTime::of(at(7, 5)),
        LocalTime {
            year: 2026,
            month: 12,
            day: 8,
            hour: 7,
            minute: 5
        }
    );
    // 23:30 UTC on 31 December is already the new year in Hà Nội.
    assert_eq!(
        date_time(Timestamp(1_798_759_800_000)),
        "06:30 ngày 01/01/2027"
    );
    assert_eq!(
        date_long(Timestamp(1_798_759_800_000)),
        "ngày 01 tháng 01 năm 2027"
    );
    assert_eq!(date_long(at(9, 0)), "ngày 08 tháng 12 năm 2026");
    assert_eq!(percent(protocol::tally::BasisPoints(6667)), "66,67 %");
    assert_eq!(percent(protocol::tally::BasisPoints(10_000)), "100,00 %");
    assert_eq!(percent(protocol::tally::BasisPoints(5)), "0,05 %");
}
