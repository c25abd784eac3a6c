//! The controller's status for the console (`console/status`), gathered
//! from the database and the blob store.

use anyhow::Result;
use protocol::ids::Timestamp;
use protocol::meeting::MeetingPackage;
use protocol::message::status::{
    CentralLink, ControllerStatus, PackageSource, PaperCounts, StoredMeeting, SyncResult,
    UploadRow, UploadState,
};

use crate::blobs::BlobStore;
use crate::store::Store;

/// Gathers the status now.
pub fn gather(
    store: &Store,
    blobs: &BlobStore,
    central: &CentralLink,
    now: Timestamp,
) -> Result<ControllerStatus> {
    let mut meetings = Vec::new();
    for row in store.meetings()? {
        let Some(package) = store.package(&row.id)? else {
            continue;
        };
        meetings.push(StoredMeeting {
            papers: papers(&package, blobs),
            id: row.id,
            title: row.title,
            starts_at: row.starts_at,
            room: package.room,
            current: row.current,
            source: if row.source == "bundle" {
                PackageSource::Bundle
            } else {
                PackageSource::Central
            },
            stored_at: row.updated_at,
        });
    }
    let outbox = store
        .all_uploads()?
        .into_iter()
        .map(|r| UploadRow {
            state: if r.acked_at.is_some() {
                UploadState::Done
            } else {
                UploadState::Pending
            },
            key: r.key,
            meeting: r.meeting,
            attempts: r.attempts,
            last_error: r.last_error,
            queued_at: r.created_at,
            acked_at: r.acked_at,
        })
        .collect();
    let last_sync = store
        .recent_syncs(1)?
        .into_iter()
        .next()
        .map(|s| SyncResult {
            at: s.at,
            ok: s.ok,
            detail: s.detail,
            bytes_moved: s.bytes,
            counts: s.counts,
        });
    Ok(ControllerStatus {
        at: now,
        meetings,
        outbox,
        central: central.clone(),
        last_sync,
    })
}

/// Which of a package's papers are in the blob store (complete and verified).
pub fn papers(package: &MeetingPackage, blobs: &BlobStore) -> PaperCounts {
    let mut c = PaperCounts::default();
    for d in &package.documents {
        c.total += 1;
        c.bytes_total += d.size;
        if blobs.contains(&d.sha256) {
            c.verified += 1;
            c.bytes_verified += d.size;
        } else {
            c.missing += 1;
            c.bytes_missing += d.size;
        }
    }
    c
}
