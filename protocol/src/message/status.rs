//! The retained `console/status` body: what the controller holds and how
//! its links to the central system stand, for the console's meeting and
//! sync screens. The controller gathers it; the room signs and publishes it.

use serde::{Deserialize, Serialize};

use crate::ids::{MeetingId, RoomId, Timestamp};

/// The controller's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControllerStatus {
    /// When the controller gathered it.
    pub at: Timestamp,
    /// Every meeting stored, newest start first as the store lists them.
    pub meetings: Vec<StoredMeeting>,
    /// Results uploads, oldest first.
    pub outbox: Vec<UploadRow>,
    pub central: CentralLink,
    /// The last sync pass with the central system, if any.
    pub last_sync: Option<SyncResult>,
}

impl ControllerStatus {
    /// The stored meeting `id`, if any.
    pub fn meeting(&self, id: &MeetingId) -> Option<&StoredMeeting> {
        self.meetings.iter().find(|m| &m.id == id)
    }
}

/// A meeting package the controller holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMeeting {
    pub id: MeetingId,
    pub title: String,
    pub starts_at: String,
    pub room: RoomId,
    /// The meeting the room runs now.
    pub current: bool,
    /// Where the package came from.
    pub source: PackageSource,
    /// When the package was stored (last changed).
    pub stored_at: Timestamp,
    pub papers: PaperCounts,
}

/// Where a stored package came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackageSource {
    Central,
    Bundle,
}

/// A meeting's papers in the controller's blob store. A paper on disk is
/// complete and its hash verified; a missing one cannot be served to seats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperCounts {
    pub total: u32,
    pub verified: u32,
    pub missing: u32,
    pub bytes_total: u64,
    pub bytes_verified: u64,
    pub bytes_missing: u64,
}

/// One results upload in the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadRow {
    /// The idempotency key.
    pub key: String,
    pub meeting: MeetingId,
    pub state: UploadState,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub queued_at: Timestamp,
    pub acked_at: Option<Timestamp>,
}

/// Whether the central system has acknowledged an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UploadState {
    Pending,
    Done,
}

/// How the controller's link to the central system stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum CentralLink {
    /// No central system is configured: meetings come from bundles only.
    NotConfigured,
    /// Configured, not tried yet.
    Unknown,
    /// The last call reached it.
    Reachable { at: Timestamp },
    /// The last call failed.
    Unreachable { at: Timestamp, error: String },
}

/// The outcome of a sync pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncResult {
    pub at: Timestamp,
    pub ok: bool,
    /// A one-line summary, or what failed, in English as the controller's
    /// log has it (for IT; a console words `counts` itself).
    pub detail: String,
    pub bytes_moved: u64,
    /// What a pass that reached the central system did; `None` when it could
    /// not list the room's meetings (then `detail` says why).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counts: Option<SyncCounts>,
}

/// What a sync pass did with the room's meetings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncCounts {
    /// The meetings the central system lists for the room.
    pub meetings: u32,
    /// Fetched anew (with their papers, verified).
    pub updated: u32,
    /// Unchanged since the last pass (the ETag matched).
    pub unchanged: u32,
    /// What failed, one line per meeting ("hn-12: bad signature"); the last
    /// good package of each is kept.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<String>,
}
