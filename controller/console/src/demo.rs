//! A demo room the console can draw without a controller: a party
//! committee's meeting with its agenda, papers, delegates and prepared
//! ballots, a session in progress (state and seat map) and a closed ballot's
//! result. The screenshots and the screen tests use it; it goes through the
//! same presenters as a live room.

use std::collections::BTreeMap;
use std::sync::Arc;

use protocol::ballot::{
    BallotKind, BallotSpec, Candidate, Choice, MajorityRule, MotionChoice, QuorumRule,
};
use protocol::ids::{DelegateId, RoomId, Sha256, Timestamp};
use protocol::meeting::{
    AgendaItem, Classification, Delegate, DelegateRole, Document, MeetingPackage, NetworkZone,
};
use protocol::message::status::{
    CentralLink, ControllerStatus, PackageSource, PaperCounts, StoredMeeting, SyncCounts,
    SyncResult, UploadRow, UploadState,
};
use protocol::message::{
    Attendance, BallotRef, Conclusion, ConsoleCommand, ItemRecord, Manifest, Notice,
    OpenBallotView, PageRef, Phase, SeatMap, SeatRow, Speakers, StateSnapshot, Task, TaskSpec,
    Unit,
};
use protocol::reject::Rejection;
use protocol::tally::{self, BallotResult, Counts};

use crate::session::{CommandRecord, Connection, ConsoleView, Outcome};

/// When the demo happens: 23 November 2026, 09:12 in Hà Nội.
pub const NOW: Timestamp = Timestamp(1_795_400_000_000);

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("a fixed valid id")
}

const PEOPLE: [(&str, &str, &str); 24] = [
    ("Nguyễn Văn An", "Ban Thường vụ Huyện ủy", "000.00.01.H40"),
    ("Trần Thị Bình", "Ban Tổ chức Huyện ủy", "000.00.02.H40"),
    ("Lê Văn Cường", "Ủy ban Kiểm tra Huyện ủy", "000.00.03.H40"),
    ("Phạm Thị Dung", "Ban Tuyên giáo Huyện ủy", "000.00.04.H40"),
    ("Hoàng Văn Em", "Ban Dân vận Huyện ủy", "000.00.05.H40"),
    ("Vũ Thị Giang", "Văn phòng Huyện ủy", "000.00.06.H40"),
    ("Đặng Quốc Hùng", "UBND huyện", "000.00.07.H40"),
    ("Bùi Thị Hương", "HĐND huyện", "000.00.08.H40"),
    (
        "Đỗ Minh Khang",
        "Ủy ban MTTQ Việt Nam huyện",
        "000.00.09.H40",
    ),
    ("Ngô Thị Lan", "Hội Liên hiệp Phụ nữ huyện", "000.00.10.H40"),
    ("Dương Văn Long", "Huyện đoàn", "000.00.11.H40"),
    ("Lý Thị Mai", "Đảng ủy xã Phước Hòa", "000.01.12.H40"),
    ("Trịnh Văn Nam", "Đảng ủy xã Phước Thắng", "000.01.13.H40"),
    (
        "Mai Thị Oanh",
        "Đảng ủy thị trấn Tuy Phước",
        "000.01.14.H40",
    ),
    ("Phan Văn Phúc", "Công an huyện", "000.00.15.H40"),
    ("Hồ Thị Quyên", "Ban Chỉ huy Quân sự huyện", "000.00.16.H40"),
    ("Chu Văn Sơn", "Phòng Tài chính - Kế hoạch", "000.02.17.H40"),
    ("Tạ Thị Thảo", "Phòng Giáo dục và Đào tạo", "000.02.18.H40"),
    ("Lưu Văn Uy", "Phòng Nông nghiệp và PTNT", "000.02.19.H40"),
    ("Kiều Thị Vân", "Phòng Y tế", "000.02.20.H40"),
    ("Quách Văn Xuân", "Đảng ủy xã Phước Lộc", "000.01.21.H40"),
    ("Tôn Nữ Yến", "Đảng ủy xã Phước Sơn", "000.01.22.H40"),
    ("Lâm Văn Đạt", "Phòng Văn hóa - Thông tin", "000.02.23.H40"),
    ("Thái Thị Ánh", "Báo Bình Định (khách mời)", "000.03.24.H40"),
];

/// The demo meeting: 5 items, 6 papers (one "Mật"), 24 people (one chairs,
/// one observer), a prepared motion and a prepared secret election.
pub fn package() -> MeetingPackage {
    let items = [
        (
            "i1",
            "Khai mạc; thông qua chương trình hội nghị",
            Some("Đồng chí Bí thư Huyện ủy"),
        ),
        (
            "i2",
            "Báo cáo tình hình kinh tế - xã hội năm 2026, phương hướng năm 2027",
            Some("Đồng chí Chủ tịch UBND huyện"),
        ),
        (
            "i3",
            "Dự thảo Nghị quyết về chuyển đổi số trong hệ thống chính trị",
            Some("Đồng chí Trưởng Ban Tuyên giáo"),
        ),
        (
            "i4",
            "Bầu bổ sung Ủy viên Ban Thường vụ Huyện ủy",
            Some("Đồng chí Trưởng Ban Tổ chức"),
        ),
        ("i5", "Bế mạc hội nghị", None),
    ];
    let agenda = items
        .iter()
        .map(|(i, t, p)| AgendaItem {
            id: id(i),
            title: (*t).to_owned(),
            presenter: p.map(str::to_owned),
        })
        .collect();
    let papers = [
        (
            "doc1",
            "Chương trình hội nghị",
            "i1",
            2_u64,
            Classification::Normal,
        ),
        (
            "doc2",
            "Báo cáo tình hình kinh tế - xã hội năm 2026",
            "i2",
            48,
            Classification::Normal,
        ),
        (
            "doc3",
            "Phụ lục số liệu các xã, thị trấn",
            "i2",
            126,
            Classification::Normal,
        ),
        (
            "doc4",
            "Dự thảo Nghị quyết về chuyển đổi số",
            "i3",
            14,
            Classification::Confidential,
        ),
        (
            "doc5",
            "Tờ trình về nhân sự bầu bổ sung",
            "i4",
            6,
            Classification::Confidential,
        ),
        (
            "doc6",
            "Quy chế làm việc của Ban Chấp hành",
            "i1",
            22,
            Classification::Normal,
        ),
    ];
    let documents = papers
        .iter()
        .map(|(d, t, i, pages, c)| Document {
            id: id(d),
            title: (*t).to_owned(),
            sha256: Sha256::of(d.as_bytes()),
            size: 40_000 * pages,
            media_type: "application/pdf".into(),
            classification: *c,
            item: Some(id(i)),
        })
        .collect();
    let delegates = PEOPLE
        .iter()
        .enumerate()
        .map(|(i, (name, unit, code))| {
            let n = i + 1;
            Delegate {
                id: id(&format!("d{n}")),
                full_name: (*name).to_owned(),
                unit_name: (*unit).to_owned(),
                unit_code: (*code).to_owned(),
                role: match n {
                    1 => DelegateRole::Chair,
                    24 => DelegateRole::Observer,
                    _ => DelegateRole::Member,
                },
                seat: id(&format!("s{n}")),
                card_hash: None,
                pin_hash: None,
            }
        })
        .collect();
    let candidate = |c: &str, n: usize| Candidate {
        id: id(c),
        full_name: PEOPLE[n].0.to_owned(),
        unit_name: PEOPLE[n].1.to_owned(),
    };
    MeetingPackage {
        id: id("hnbch-2026-12"),
        title: "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12".into(),
        starts_at: "2026-11-23T08:00:00+07:00".into(),
        room: id("p301"),
        network_zone: NetworkZone::Internal,
        agenda,
        documents,
        delegates,
        ballots: vec![
            BallotSpec {
                id: id("m0"),
                title: "Thông qua chương trình hội nghị".into(),
                item: Some(id("i1")),
                kind: BallotKind::Motion,
                secret: false,
                majority: MajorityRule::MoreThanHalfOfPresent,
                quorum: QuorumRule::MoreThanHalfOfMembers,
                duration_secs: Some(60),
                allow_change: false,
            },
            BallotSpec {
                id: id("m1"),
                title: "Thông qua Nghị quyết về chuyển đổi số trong hệ thống chính trị".into(),
                item: Some(id("i3")),
                kind: BallotKind::Motion,
                secret: false,
                majority: MajorityRule::MoreThanHalfOfMembers,
                quorum: QuorumRule::TwoThirdsOfMembers,
                duration_secs: Some(120),
                allow_change: true,
            },
            BallotSpec {
                id: id("e1"),
                title: "Bầu bổ sung Ủy viên Ban Thường vụ Huyện ủy".into(),
                item: Some(id("i4")),
                kind: BallotKind::Election {
                    candidates: vec![candidate("c1", 2), candidate("c2", 3), candidate("c3", 4)],
                    max_choices: 1,
                },
                secret: true,
                majority: MajorityRule::MoreThanHalfOfCast,
                quorum: QuorumRule::TwoThirdsOfMembers,
                duration_secs: None,
                allow_change: false,
            },
        ],
    }
}

/// The result of the agenda motion `m0`: 19 for, 1 against, 1 abstaining
/// of 22 members, 21 present.
pub fn agenda_result(package: &MeetingPackage) -> BallotResult {
    let spec = &package.ballots[0];
    let mut counts = Counts::new(spec);
    for (n, choice) in [
        (19, MotionChoice::For),
        (1, MotionChoice::Against),
        (1, MotionChoice::Abstain),
    ] {
        for _ in 0..n {
            counts.add(spec, &Choice::Motion(choice));
        }
    }
    tally::decide(spec, &counts, package.member_count(), 21)
}

/// Which seats the demo shows online, signed in, voted, and with all papers.
fn seat_row(n: usize, package: &MeetingPackage, voting: bool) -> SeatRow {
    let d = &package.delegates[n - 1];
    let total = u32::try_from(package.documents.len()).unwrap_or(0);
    let online = !matches!(n, 7 | 18);
    let signed_in = online && !matches!(n, 4 | 22);
    SeatRow {
        seat: d.seat.clone(),
        delegate: d.id.clone(),
        online,
        signed_in,
        present: signed_in || n == 7,
        voted: voting && signed_in && n % 5 != 3 && d.role.is_member(),
        papers_cached: match n {
            7 | 18 => 0,
            11 => 3,
            _ => total,
        },
        papers_total: total,
    }
}

/// The demo room in session: item 3 under way, page 4 of its paper shown to
/// everyone, two speakers waiting and one speaking, the agenda motion
/// decided; with `voting`, the motion on the resolution open and counting.
pub fn view(voting: bool) -> ConsoleView {
    let package = package();
    let result = agenda_result(&package);
    let seats: Vec<SeatRow> = (1..=package.delegates.len())
        .map(|n| seat_row(n, &package, voting))
        .collect();
    let present = u32::try_from(
        seats
            .iter()
            .zip(&package.delegates)
            .filter(|(s, d)| s.present && d.role.is_member())
            .count(),
    )
    .unwrap_or(0);
    let voted = u32::try_from(seats.iter().filter(|s| s.voted).count()).unwrap_or(0);
    let notice = Notice {
        number: 2,
        text: "Đề nghị các đồng chí đại biểu về chỗ ngồi để chuẩn bị biểu quyết.".into(),
        at: NOW.plus_millis(-120_000),
    };
    let state = StateSnapshot {
        revision: 184,
        meeting: package.id.clone(),
        phase: Phase::InSession,
        current_item: Some(id("i3")),
        presenter: Some(PageRef {
            document: id("doc4"),
            page: 4,
        }),
        ballot: voting.then(|| OpenBallotView {
            spec: package.ballots[1].clone(),
            opened_at: NOW.plus_millis(-35_000),
            closes_at: Some(NOW.plus_millis(85_000)),
            public_key: None,
            voted,
        }),
        speakers: Speakers {
            floor: Some(id::<DelegateId>("d12")),
            queue: vec![id("d5"), id("d17"), id("d21")],
        },
        attendance: Attendance {
            members: package.member_count(),
            present,
            signed_in: u32::try_from(seats.iter().filter(|s| s.signed_in).count()).unwrap_or(0),
        },
        results: vec![result],
        last_notice: Some(notice.clone()),
        records: records(),
    };
    let mut dropped = BTreeMap::new();
    dropped.insert(Rejection::BadSignature, 2);
    let mut refused = BTreeMap::new();
    refused.insert(Rejection::AlreadyVoted, 1);
    ConsoleView {
        connection: Connection::Online,
        manifest: Some(Arc::new(Manifest {
            meeting: package.public_view(),
        })),
        state: Some(state),
        seat_map: Some(Arc::new(SeatMap {
            revision: 184,
            seats,
            dropped,
            refused,
        })),
        status: Some(Arc::new(status(&package, false))),
        notices: vec![
            Notice {
                number: 1,
                text: "Hội nghị bắt đầu lúc 08 giờ 00. Đề nghị đại biểu đăng nhập tại ghế.".into(),
                at: NOW.plus_millis(-4_300_000),
            },
            notice,
        ],
        commands: commands(),
        dropped: 0,
        at: NOW,
    }
}

/// What the meeting has recorded so far: a conclusion on the agenda, one
/// on the report with a task, and on the resolution under discussion two
/// conclusions and three tasks for units of the delegates.
pub fn records() -> Vec<ItemRecord> {
    let conclusion = |number, minutes_ago: i64, text: &str| Conclusion {
        number,
        text: text.to_owned(),
        at: NOW.plus_millis(-minutes_ago * 60_000),
    };
    let task = |number, minutes_ago: i64, what: &str, person: usize, deadline: &str| Task {
        number,
        task: TaskSpec {
            what: what.to_owned(),
            unit: Unit {
                name: PEOPLE[person].1.to_owned(),
                code: PEOPLE[person].2.to_owned(),
            },
            deadline: deadline.parse().expect("a fixed valid date"),
        },
        at: NOW.plus_millis(-minutes_ago * 60_000),
    };
    vec![
        ItemRecord {
            item: id("i1"),
            conclusions: vec![conclusion(
                1,
                65,
                "Hội nghị thống nhất thông qua chương trình hội nghị với 19/21 đại biểu có mặt tán thành.",
            )],
            tasks: Vec::new(),
        },
        ItemRecord {
            item: id("i2"),
            conclusions: vec![conclusion(
                2,
                30,
                "Hội nghị cơ bản thống nhất với Báo cáo tình hình kinh tế - xã hội năm 2026; đề nghị bổ sung đánh giá về thu ngân sách và giải ngân vốn đầu tư công.",
            )],
            tasks: vec![task(
                1,
                28,
                "Tiếp thu ý kiến đại biểu, hoàn chỉnh Báo cáo trình kỳ họp HĐND huyện",
                6,
                "2026-12-05",
            )],
        },
        ItemRecord {
            item: id("i3"),
            conclusions: vec![
                conclusion(
                    3,
                    8,
                    "Hội nghị thống nhất cao với sự cần thiết ban hành Nghị quyết về chuyển đổi số trong hệ thống chính trị của huyện.",
                ),
                conclusion(
                    4,
                    3,
                    "Giao Ban Tuyên giáo Huyện ủy chủ trì, phối hợp với các cơ quan liên quan tiếp thu đầy đủ ý kiến tại hội nghị để hoàn chỉnh Dự thảo.",
                ),
            ],
            tasks: vec![
                task(
                    2,
                    3,
                    "Tiếp thu ý kiến, hoàn chỉnh Dự thảo Nghị quyết, trình Ban Thường vụ Huyện ủy",
                    3,
                    "2026-12-15",
                ),
                task(
                    3,
                    2,
                    "Xây dựng kế hoạch triển khai thực hiện Nghị quyết",
                    5,
                    "2026-12-31",
                ),
                task(
                    4,
                    1,
                    "Cân đối, bố trí kinh phí chuyển đổi số năm 2027",
                    16,
                    "2027-01-15",
                ),
            ],
        },
    ]
}

/// The controller's status: the demo meeting running, the next one
/// still missing a paper, last month's meeting delivered; with `closed`,
/// the demo meeting's results waiting after failed attempts.
pub fn status(package: &MeetingPackage, closed: bool) -> ControllerStatus {
    let total = u32::try_from(package.documents.len()).unwrap_or(0);
    let bytes: u64 = package.documents.iter().map(|d| d.size).sum();
    let counts = |total: u32, missing: u32, bytes_total: u64, bytes_missing: u64| PaperCounts {
        total,
        verified: total - missing,
        missing,
        bytes_total,
        bytes_verified: bytes_total - bytes_missing,
        bytes_missing,
    };
    let stored =
        |meeting: &str, title: &str, starts: &str, current, papers, hours_ago: i64| StoredMeeting {
            id: id(meeting),
            title: title.to_owned(),
            starts_at: starts.to_owned(),
            room: package.room.clone(),
            current,
            source: PackageSource::Central,
            stored_at: NOW.plus_millis(-hours_ago * 3_600_000),
            papers,
        };
    let mut outbox = vec![UploadRow {
        key: "hnbch-2026-11-results".into(),
        meeting: id("hnbch-2026-11"),
        state: UploadState::Done,
        attempts: 1,
        last_error: None,
        queued_at: NOW.plus_millis(-30 * 24 * 3_600_000),
        acked_at: Some(NOW.plus_millis(-30 * 24 * 3_600_000 + 40_000)),
    }];
    if closed {
        outbox.push(UploadRow {
            key: "hnbch-2026-12-results".into(),
            meeting: package.id.clone(),
            state: UploadState::Pending,
            attempts: 3,
            last_error: Some("connect timed out (hethong.tinhuy.vn:443)".into()),
            queued_at: NOW.plus_millis(-600_000),
            acked_at: None,
        });
    }
    ControllerStatus {
        at: NOW,
        meetings: vec![
            stored(
                "btv-2026-48",
                "Hội nghị Ban Thường vụ Huyện ủy tháng 12/2026",
                "2026-12-02T14:00:00+07:00",
                false,
                counts(4, 1, 3_400_000, 2_100_000),
                2,
            ),
            stored(
                package.id.as_str(),
                &package.title,
                &package.starts_at,
                true,
                counts(total, 0, bytes, 0),
                20,
            ),
            stored(
                "hnbch-2026-11",
                "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 11",
                "2026-10-20T08:00:00+07:00",
                false,
                counts(5, 0, 7_200_000, 0),
                34 * 24,
            ),
        ],
        outbox,
        central: if closed {
            CentralLink::Unreachable {
                at: NOW.plus_millis(-60_000),
                error: "connect timed out".into(),
            }
        } else {
            CentralLink::Reachable {
                at: NOW.plus_millis(-420_000),
            }
        },
        last_sync: Some(SyncResult {
            at: NOW.plus_millis(-420_000),
            ok: true,
            detail: "3 meetings: 1 updated, 2 unchanged, 0 failed; 1300000 paper bytes moved"
                .into(),
            bytes_moved: 1_300_000,
            counts: Some(SyncCounts {
                meetings: 3,
                updated: 1,
                unchanged: 2,
                failures: Vec::new(),
            }),
        }),
    }
}

/// The demo room after the meeting closed: the session over, its results
/// and minutes waiting for the central system, which does not answer.
pub fn closed_view() -> ConsoleView {
    let mut v = view(false);
    if let Some(s) = &mut v.state {
        s.phase = Phase::Closed;
        s.presenter = None;
        s.speakers = Speakers::default();
    }
    v.status = Some(Arc::new(status(&package(), true)));
    v
}

/// A few commands of the secretary "thuky" this morning, and how they went.
fn commands() -> Vec<CommandRecord> {
    let made = [
        (-4_300_000, ConsoleCommand::OpenSession, Outcome::Done),
        (
            -3_900_000,
            ConsoleCommand::OpenBallot {
                ballot: BallotRef::Prepared(id("m0")),
            },
            Outcome::Rejected(Rejection::QuorumNotMet),
        ),
        (
            -3_600_000,
            ConsoleCommand::OpenBallot {
                ballot: BallotRef::Prepared(id("m0")),
            },
            Outcome::Done,
        ),
        (
            -3_500_000,
            ConsoleCommand::CloseBallot { ballot: id("m0") },
            Outcome::Done,
        ),
        (
            -900_000,
            ConsoleCommand::SetItem { item: id("i3") },
            Outcome::Done,
        ),
        (
            -300_000,
            ConsoleCommand::ShowPage {
                document: id("doc4"),
                page: 4,
            },
            Outcome::Done,
        ),
    ];
    made.into_iter()
        .enumerate()
        .map(|(n, (ago, command, outcome))| CommandRecord {
            command_id: id(&format!("console-1-1-{}", n + 1)),
            account: id("thuky"),
            command,
            sent_at: NOW.plus_millis(ago),
            outcome,
        })
        .collect()
}

/// The room of the demo.
pub fn room() -> RoomId {
    id("p301")
}
