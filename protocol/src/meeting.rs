//! The meeting package: what the central system plans and the room runs.
//!
//! The same shape comes from `GET /api/v1/meetings/{id}` and from a bundle's
//! `meeting.json` (design.md §4). [`MeetingPackage::validate`] checks the
//! cross-references a room relies on before it is used.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::ballot::BallotSpec;
use crate::ids::{DelegateId, DocumentId, ItemId, MeetingId, RoomId, Sha256};

/// A whole meeting as planned by the central system.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingPackage {
    pub id: MeetingId,
    pub title: String,
    /// Planned start, RFC 3339 as the central system writes it.
    pub starts_at: String,
    pub room: RoomId,
    /// Which network the room is on; decides whether classified papers may be used.
    pub network_zone: NetworkZone,
    pub agenda: Vec<AgendaItem>,
    pub documents: Vec<Document>,
    pub delegates: Vec<Delegate>,
    /// Ballots prepared before the meeting (the console can also make new ones).
    #[serde(default)]
    pub ballots: Vec<BallotSpec>,
}

/// One item of the agenda (chương trình).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub id: ItemId,
    pub title: String,
    /// Who presents it, as free text ("Đồng chí Bí thư").
    #[serde(default)]
    pub presenter: Option<String>,
}

/// A paper of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    pub sha256: Sha256,
    pub size: u64,
    pub media_type: String,
    pub classification: Classification,
    /// The agenda item the paper belongs to; `None` for general papers.
    #[serde(default)]
    pub item: Option<ItemId>,
}

/// Security classification (độ mật) of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Classification {
    /// Thường: unclassified.
    #[serde(rename = "thuong")]
    Normal,
    /// Mật: confidential.
    #[serde(rename = "mat")]
    Confidential,
    /// Tối mật: secret.
    #[serde(rename = "toi-mat")]
    Secret,
}

impl Classification {
    /// Whether this is "Mật" or "Tối mật": internal network only, encrypted only.
    pub fn is_classified(self) -> bool {
        self != Self::Normal
    }

    /// Whether a room in `zone` may hold or serve a document of this classification.
    pub fn allowed_in(self, zone: NetworkZone) -> bool {
        !self.is_classified() || zone == NetworkZone::Internal
    }
}

/// The network a room is on (design.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum NetworkZone {
    /// The internal (closed) network: classified papers allowed, encrypted.
    Internal,
    /// A room reachable from the Internet: classified papers refused.
    Internet,
}

/// A delegate (đại biểu) of the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delegate {
    pub id: DelegateId,
    pub full_name: String,
    pub unit_name: String,
    /// Mã định danh of the unit.
    pub unit_code: String,
    pub role: DelegateRole,
    /// The seat of the seat plan.
    pub seat: crate::ids::SeatId,
    /// SHA-256 of the card UID, as [`card_hash`] computes it.
    #[serde(default)]
    pub card_hash: Option<Sha256>,
    /// SHA-256 of the PIN, as [`pin_hash`] computes it.
    #[serde(default)]
    pub pin_hash: Option<Sha256>,
}

/// What a person in the room is, for counting and voting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DelegateRole {
    /// Chủ tọa: a member who chairs.
    Chair,
    /// A voting member.
    Member,
    /// Invited, non-voting (khách mời): reads papers, may comment, never votes.
    Observer,
}

impl DelegateRole {
    /// Whether the person counts among the members and votes.
    pub fn is_member(self) -> bool {
        matches!(self, Self::Chair | Self::Member)
    }
}

/// The hash a card UID is known by: SHA-256 over a domain tag and the UID bytes.
pub fn card_hash(uid: &[u8]) -> Sha256 {
    let mut data = b"phonghop/v1 card\0".to_vec();
    data.extend_from_slice(uid);
    Sha256::of(&data)
}

/// The hash a PIN is known by, bound to the meeting and the delegate.
///
/// A short PIN can be found from its hash by trying them all; the hash keeps
/// the PIN out of logs and packages, not away from a determined attacker, so
/// brokers must be on the internal network with TLS (ARCHITECTURE.md).
pub fn pin_hash(meeting: &MeetingId, delegate: &DelegateId, pin: &str) -> Sha256 {
    let data = format!("phonghop/v1 pin\0{meeting}\0{delegate}\0{pin}");
    Sha256::of(data.as_bytes())
}

/// A broken cross-reference or rule in a meeting package.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    #[error("duplicate {kind} id {id}")]
    Duplicate { kind: &'static str, id: String },
    #[error("document {document} names unknown agenda item {item}")]
    UnknownItem { document: String, item: String },
    #[error("two delegates ({0} and {1}) share seat {2}")]
    SharedSeat(String, String, String),
    #[error("document {0} is classified but the room is in the Internet zone")]
    ClassifiedInInternetZone(String),
    #[error("ballot {ballot}: {problem}")]
    Ballot { ballot: String, problem: String },
    #[error("the meeting has no voting members")]
    NoMembers,
    #[error("the meeting is planned for room {0}")]
    OtherRoom(String),
}

impl MeetingPackage {
    /// Checks ids are unique, references resolve, seats are not shared,
    /// classified papers fit the network zone, and prepared ballots are sound.
    pub fn validate(&self) -> Result<(), PackageError> {
        unique("agenda item", self.agenda.iter().map(|i| i.id.as_str()))?;
        unique("document", self.documents.iter().map(|d| d.id.as_str()))?;
        unique("delegate", self.delegates.iter().map(|d| d.id.as_str()))?;
        unique("ballot", self.ballots.iter().map(|b| b.id.as_str()))?;
        let items: BTreeSet<&ItemId> = self.agenda.iter().map(|i| &i.id).collect();
        for d in &self.documents {
            if let Some(item) = &d.item
                && !items.contains(item)
            {
                return Err(PackageError::UnknownItem {
                    document: d.id.to_string(),
                    item: item.to_string(),
                });
            }
            if !d.classification.allowed_in(self.network_zone) {
                return Err(PackageError::ClassifiedInInternetZone(d.id.to_string()));
            }
        }
        let mut seats = std::collections::BTreeMap::new();
        for d in &self.delegates {
            if let Some(other) = seats.insert(&d.seat, &d.id) {
                return Err(PackageError::SharedSeat(
                    other.to_string(),
                    d.id.to_string(),
                    d.seat.to_string(),
                ));
            }
        }
        if !self.delegates.iter().any(|d| d.role.is_member()) {
            return Err(PackageError::NoMembers);
        }
        for b in &self.ballots {
            b.validate().map_err(|problem| PackageError::Ballot {
                ballot: b.id.to_string(),
                problem: problem.to_string(),
            })?;
            if let Some(item) = &b.item
                && !items.contains(item)
            {
                return Err(PackageError::Ballot {
                    ballot: b.id.to_string(),
                    problem: format!("unknown agenda item {item}"),
                });
            }
        }
        Ok(())
    }

    /// The delegate with this id.
    pub fn delegate(&self, id: &DelegateId) -> Option<&Delegate> {
        self.delegates.iter().find(|d| &d.id == id)
    }

    /// The number of voting members (tổng số thành viên).
    pub fn member_count(&self) -> u32 {
        count(self.delegates.iter().filter(|d| d.role.is_member()))
    }

    /// The package without sign-in secrets: what seats may see (the manifest).
    #[must_use]
    pub fn public_view(&self) -> Self {
        let mut p = self.clone();
        for d in &mut p.delegates {
            d.card_hash = None;
            d.pin_hash = None;
        }
        p
    }
}

fn unique<'a>(kind: &'static str, ids: impl Iterator<Item = &'a str>) -> Result<(), PackageError> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(PackageError::Duplicate {
                kind,
                id: id.to_owned(),
            });
        }
    }
    Ok(())
}

/// Counts an iterator into a `u32`, saturating (rooms hold thousands, not billions).
pub(crate) fn count<T>(it: impl Iterator<Item = T>) -> u32 {
    u32::try_from(it.count()).unwrap_or(u32::MAX)
}
