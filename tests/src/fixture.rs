//! The meeting the end-to-end tests hold, and the keys of everyone in it.

use ed25519_dalek::SigningKey;
use protocol::ballot::{BallotKind, BallotSpec, Candidate, MajorityRule, QuorumRule};
use protocol::ids::{DelegateId, DocumentId, ItemId, MeetingId, RoomId, SeatId, Sha256};
use protocol::meeting::{
    AgendaItem, Classification, Delegate, DelegateRole, Document, MeetingPackage, NetworkZone,
    card_hash,
};

/// The room id of the tests.
pub const ROOM: &str = "p301";
/// The meeting id of the tests.
pub const MEETING: &str = "hn-2026-11";

fn id<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().expect("a fixed valid id")
}

/// The card UID of delegate `n`.
pub fn card_uid(n: u32) -> Vec<u8> {
    format!("uid-{n:04}").into_bytes()
}

/// The seat id of seat `n`.
pub fn seat_id(n: u32) -> SeatId {
    id(&format!("s{n}"))
}

/// The delegate id of delegate `n` (who sits at seat `n`).
pub fn delegate_id(n: u32) -> DelegateId {
    id(&format!("d{n}"))
}

/// A kiosk's device key, made from its seat number.
pub fn seat_key(n: u32) -> SigningKey {
    let mut seed = [0u8; 32];
    seed[..4].copy_from_slice(&n.to_le_bytes());
    seed[31] = 0x5e;
    SigningKey::from_bytes(&seed)
}

/// The console's device key.
pub fn console_key() -> SigningKey {
    SigningKey::from_bytes(&[0xc0; 32])
}

/// The controller's device key.
pub fn controller_key() -> SigningKey {
    SigningKey::from_bytes(&[0xc7; 32])
}

/// The central system's signing key.
pub fn central_key() -> SigningKey {
    SigningKey::from_bytes(&[0xce; 32])
}

/// Two papers, real PDFs a seat can render: a public report and a
/// confidential ("Mật") draft resolution.
pub fn papers() -> Vec<(String, Vec<u8>)> {
    vec![
        (
            "Báo cáo tình hình kinh tế - xã hội".to_owned(),
            paper("BÁO CÁO tình hình kinh tế - xã hội", 6),
        ),
        (
            "Dự thảo Nghị quyết (Mật)".to_owned(),
            paper("DỰ THẢO Nghị quyết", 4),
        ),
    ]
}

/// A PDF of `pages` pages headed "`title` — trang n/N".
pub fn paper(title: &str, pages: u32) -> Vec<u8> {
    let texts: Vec<Vec<String>> = (1..=pages)
        .map(|n| {
            vec![
                format!("{title} — trang {n}/{pages}"),
                "Căn cứ Điều lệ Đảng; căn cứ Quy chế làm việc của Ban Chấp hành.".to_owned(),
                "Hội nghị thảo luận và biểu quyết thông qua các nội dung sau đây.".to_owned(),
            ]
        })
        .collect();
    typeset::lines_pdf(&texts)
}

/// The fixture's papers as a bundle or a blob store names them: by hash.
pub fn papers_by_hash() -> Vec<(Sha256, Vec<u8>)> {
    papers()
        .into_iter()
        .map(|(_, b)| (Sha256::of(&b), b))
        .collect()
}

/// A paper-like file of `size` bytes whose content depends on `name`, for a
/// test that adds a paper to the meeting.
pub fn fake_pdf(name: &str, size: usize) -> Vec<u8> {
    let mut b = format!("%PDF-1.7\n% {name}\n").into_bytes();
    let mut x: u32 = 2_463_534_242;
    while b.len() < size {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        b.push(u8::try_from(x % 251).unwrap_or(0));
    }
    b.extend_from_slice(b"\n%%EOF\n");
    b
}

/// A meeting of `seats` members (delegate 1 chairs) on the internal network,
/// with a prepared open motion and a prepared secret election.
pub fn package(seats: u32) -> MeetingPackage {
    let items = vec![
        AgendaItem {
            id: id("i1"),
            title: "Báo cáo tình hình kinh tế - xã hội năm 2026".into(),
            presenter: Some("Đồng chí Chủ tịch UBND".into()),
        },
        AgendaItem {
            id: id("i2"),
            title: "Bầu bổ sung Ủy viên Ban Thường vụ".into(),
            presenter: Some("Đồng chí Bí thư".into()),
        },
    ];
    let documents = papers()
        .into_iter()
        .enumerate()
        .map(|(i, (title, bytes))| Document {
            id: id::<DocumentId>(&format!("doc{}", i + 1)),
            title,
            sha256: Sha256::of(&bytes),
            size: bytes.len() as u64,
            media_type: "application/pdf".into(),
            classification: if i == 1 {
                Classification::Confidential
            } else {
                Classification::Normal
            },
            item: Some(id::<ItemId>("i1")),
        })
        .collect();
    let delegates = (1..=seats)
        .map(|n| Delegate {
            id: delegate_id(n),
            full_name: format!("Đại biểu số {n}"),
            unit_name: format!("Đảng ủy phường {}", n % 12 + 1),
            unit_code: format!("000.{:02}.{:02}.H01", n % 12 + 1, n % 100),
            role: if n == 1 {
                DelegateRole::Chair
            } else {
                DelegateRole::Member
            },
            seat: seat_id(n),
            card_hash: Some(card_hash(&card_uid(n))),
            pin_hash: None,
        })
        .collect();
    let candidate = |c: &str, name: &str| Candidate {
        id: id(c),
        full_name: name.into(),
        unit_name: "Ban Tuyên giáo".into(),
    };
    MeetingPackage {
        id: id::<MeetingId>(MEETING),
        title: "Hội nghị Ban Chấp hành Đảng bộ lần thứ 12".into(),
        starts_at: "2026-11-23T08:00:00+07:00".into(),
        room: id::<RoomId>(ROOM),
        network_zone: NetworkZone::Internal,
        agenda: items,
        documents,
        delegates,
        ballots: vec![
            BallotSpec {
                id: id("m1"),
                title: "Thông qua Báo cáo tình hình kinh tế - xã hội".into(),
                item: Some(id("i1")),
                kind: BallotKind::Motion,
                secret: false,
                majority: MajorityRule::MoreThanHalfOfMembers,
                quorum: QuorumRule::TwoThirdsOfMembers,
                duration_secs: None,
                allow_change: false,
            },
            BallotSpec {
                id: id("e1"),
                title: "Bầu bổ sung Ủy viên Ban Thường vụ".into(),
                item: Some(id("i2")),
                kind: BallotKind::Election {
                    candidates: vec![
                        candidate("c1", "Lê Văn Cường"),
                        candidate("c2", "Phạm Thị Dung"),
                        candidate("c3", "Hoàng Văn Em"),
                    ],
                    max_choices: 1,
                },
                secret: true,
                majority: MajorityRule::MoreThanHalfOfCast,
                quorum: QuorumRule::MoreThanHalfOfMembers,
                duration_secs: None,
                allow_change: false,
            },
        ],
    }
}
