//! A small, valid meeting package for tests and demos.

use protocol::ids::{DelegateId, DocumentId, ItemId, MeetingId, RoomId, SeatId, Sha256};
use protocol::meeting::{
    AgendaItem, Classification, Delegate, DelegateRole, Document, MeetingPackage, NetworkZone,
};

/// A meeting `id` in `room` (Internet zone) with one agenda item, two
/// members and one unclassified PDF per entry of `papers` (title, bytes).
///
/// # Panics
/// If `id` or `room` is not a valid id.
pub fn package(id: &str, room: &str, papers: &[(&str, &[u8])]) -> MeetingPackage {
    let item = ItemId::new("item-1").expect("a fixed valid id");
    let documents = papers
        .iter()
        .enumerate()
        .map(|(i, (title, bytes))| Document {
            id: DocumentId::new(format!("doc-{}", i + 1)).expect("a generated valid id"),
            title: (*title).to_owned(),
            sha256: Sha256::of(bytes),
            size: bytes.len() as u64,
            media_type: "application/pdf".into(),
            classification: Classification::Normal,
            item: Some(item.clone()),
        })
        .collect();
    let delegate = |n: u32, name: &str, role| Delegate {
        id: DelegateId::new(format!("d{n}")).expect("a generated valid id"),
        full_name: name.into(),
        unit_name: "Ủy ban nhân dân xã".into(),
        unit_code: "000.00.00.H01".into(),
        role,
        seat: SeatId::new(format!("s{n}")).expect("a generated valid id"),
        card_hash: None,
        pin_hash: None,
    };
    MeetingPackage {
        id: MeetingId::new(id).expect("a valid meeting id"),
        title: "Hội nghị Ban Chấp hành".into(),
        starts_at: "2026-11-23T08:00:00+07:00".into(),
        room: RoomId::new(room).expect("a valid room id"),
        network_zone: NetworkZone::Internet,
        agenda: vec![AgendaItem {
            id: item,
            title: "Báo cáo tình hình kinh tế - xã hội".into(),
            presenter: Some("Đồng chí Chủ tịch".into()),
        }],
        documents,
        delegates: vec![
            delegate(1, "Nguyễn Văn An", DelegateRole::Chair),
            delegate(2, "Trần Thị Bình", DelegateRole::Member),
        ],
        ballots: Vec::new(),
    }
}
