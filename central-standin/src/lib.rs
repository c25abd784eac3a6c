//! A stand-in for the national operations system (design.md §4,
//! docs/central-api.md), for end-to-end tests and the demo.
//!
//! It serves signed meeting packages and papers and takes results, in
//! process, and a test can tell it at run time to be slow, to fail or to lie
//! ([`StandIn::set_delay`], [`StandIn::set_failure`], [`StandIn::set_lie`],
//! [`StandIn::set_max_bytes_per_request`]). [`StandIn`] is a cheap handle:
//! clone it, hand one clone to [`StandIn::serve`] and keep the other to
//! steer and inspect the server.
//!
//! The stand-in serves what it is given, even a package a room must refuse
//! (a classified paper in an Internet-zone room), so tests can prove the
//! room refuses it.

mod routes;
pub mod sample;

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use anyhow::{Context as _, bail, ensure};
use ed25519_dalek::{SigningKey, VerifyingKey};
use protocol::central::{MeetingSummary, Purpose, ResultsUpload};
use protocol::ids::{MeetingId, RoomId, Sha256};
use protocol::meeting::MeetingPackage;

/// A way for the stand-in to lie, so tests can prove the room notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lie {
    /// Flip a character of every package signature.
    BadSignature,
    /// Serve other bytes (of the same length) for every document.
    BadDocumentHash,
    /// Declare the full length of a document but send only half of it, then
    /// drop the connection.
    TruncatedDocument,
    /// Answer a package request with a validly signed package of another id.
    WrongPackage,
}

/// What the stand-in has served since it started (or since [`StandIn::reset_stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Every HTTP request, including refused ones.
    pub requests: u64,
    /// Package requests answered with a package (not 304).
    pub packages_served: u64,
    /// Package requests answered 304 Not Modified.
    pub not_modified: u64,
    /// Document requests answered with bytes.
    pub document_requests: u64,
    /// Paper bytes sent in document bodies.
    pub document_bytes: u64,
    /// Results uploads accepted (duplicates included).
    pub results_posts: u64,
}

/// The stand-in central system: a cloneable handle to shared state.
#[derive(Debug, Clone)]
pub struct StandIn {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    key: SigningKey,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    meetings: BTreeMap<MeetingId, Meeting>,
    documents: HashMap<Sha256, Arc<[u8]>>,
    controller_key: Option<VerifyingKey>,
    results: Vec<ResultsUpload>,
    /// The minutes PDF of each meeting whose results carried them (checked).
    minutes: BTreeMap<MeetingId, Arc<[u8]>>,
    /// Idempotency keys already taken, with the meeting they were for.
    seen_keys: BTreeMap<String, MeetingId>,
    knobs: Knobs,
    stats: Stats,
}

#[derive(Debug, Clone)]
struct Meeting {
    package: MeetingPackage,
    signed: Arc<[u8]>,
    etag: String,
}

#[derive(Debug, Clone, Copy, Default)]
struct Knobs {
    delay: Duration,
    failure: Option<u16>,
    lie: Option<Lie>,
    max_bytes: Option<usize>,
}

impl StandIn {
    /// A stand-in that signs packages with `signing_key`.
    pub fn new(signing_key: SigningKey) -> Self {
        Self {
            shared: Arc::new(Shared {
                key: signing_key,
                state: Mutex::default(),
            }),
        }
    }

    /// The key a room pins to verify this stand-in's packages.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.shared.key.verifying_key()
    }

    /// Adds a meeting, or replaces the one with the same id (its etag changes
    /// with its content). `documents` are the papers' bytes; together they
    /// must be exactly the package's documents (hash and size).
    pub fn add_meeting(
        &self,
        package: MeetingPackage,
        documents: Vec<Vec<u8>>,
    ) -> anyhow::Result<()> {
        let mut by_hash: HashMap<Sha256, Arc<[u8]>> = documents
            .into_iter()
            .map(|d| (Sha256::of(&d), Arc::from(d)))
            .collect();
        let mut kept = HashMap::new();
        for doc in &package.documents {
            let bytes = by_hash
                .remove(&doc.sha256)
                .or_else(|| kept.get(&doc.sha256).cloned())
                .with_context(|| {
                    format!("no bytes given for document {} ({})", doc.id, doc.sha256)
                })?;
            ensure!(
                bytes.len() as u64 == doc.size,
                "document {} is {} bytes, the package says {}",
                doc.id,
                bytes.len(),
                doc.size
            );
            kept.insert(doc.sha256, bytes);
        }
        if let Some(extra) = by_hash.keys().next() {
            bail!("document bytes {extra} are not in the package");
        }
        let signed: Arc<[u8]> =
            protocol::central::sign(&self.shared.key, Purpose::Package, &package).into();
        let etag = Sha256::of(&signed).to_hex();
        let mut state = self.state();
        state.documents.extend(kept);
        state.meetings.insert(
            package.id.clone(),
            Meeting {
                package,
                signed,
                etag,
            },
        );
        Ok(())
    }

    /// Adds the meeting of a bundle folder: `meeting.json` (a package signed
    /// by this stand-in's key) and `documents/<hex sha256>`.
    pub fn load_bundle(&self, dir: &Path) -> anyhow::Result<MeetingId> {
        let meeting_json = dir.join("meeting.json");
        let signed = std::fs::read(&meeting_json)
            .with_context(|| format!("cannot read {}", meeting_json.display()))?;
        let package = protocol::central::verify_package(&self.verifying_key(), &signed)
            .with_context(|| {
                format!(
                    "{} does not verify with the stand-in's key",
                    meeting_json.display()
                )
            })?;
        let mut documents = Vec::with_capacity(package.documents.len());
        for doc in &package.documents {
            let file = dir.join("documents").join(doc.sha256.to_hex());
            let bytes = std::fs::read(&file).with_context(|| {
                format!(
                    "cannot read document {:?} from {}",
                    doc.title,
                    file.display()
                )
            })?;
            ensure!(
                Sha256::of(&bytes) == doc.sha256,
                "document {:?} ({}) does not match its hash",
                doc.title,
                file.display()
            );
            documents.push(bytes);
        }
        let id = package.id.clone();
        self.add_meeting(package, documents)?;
        Ok(id)
    }

    /// Trusts `key` as the room controller's: results must then be signed by it.
    /// Until a key is trusted, results are read without checking the signature.
    pub fn trust_controller(&self, key: VerifyingKey) {
        self.state().controller_key = Some(key);
    }

    /// The summary `GET /api/v1/rooms/{room}/meetings` lists for a meeting.
    pub fn summary(&self, id: &MeetingId) -> Option<MeetingSummary> {
        self.state().meetings.get(id).map(Meeting::summary)
    }

    /// Every results upload taken, once per idempotency key, in arrival order.
    pub fn results(&self) -> Vec<ResultsUpload> {
        self.state().results.clone()
    }

    /// The minutes PDF taken with a meeting's results: its signature, hash
    /// and PDF header were checked when it arrived.
    pub fn minutes(&self, meeting: &MeetingId) -> Option<Arc<[u8]>> {
        self.state().minutes.get(meeting).cloned()
    }

    /// Waits this long before answering any request.
    pub fn set_delay(&self, delay: Duration) {
        self.state().knobs.delay = delay;
    }

    /// Answers every request with this HTTP status (`None`: behave).
    pub fn set_failure(&self, status: Option<u16>) {
        self.state().knobs.failure = status;
    }

    /// Tells one lie from now on (`None`: tell the truth).
    pub fn set_lie(&self, lie: Option<Lie>) {
        self.state().knobs.lie = lie;
    }

    /// Cuts every document body after this many bytes (declaring the full
    /// length, then dropping the connection), so tests can prove a download
    /// resumes. `None`: send whole bodies.
    pub fn set_max_bytes_per_request(&self, max: Option<usize>) {
        self.state().knobs.max_bytes = max;
    }

    /// What has been served so far.
    pub fn stats(&self) -> Stats {
        self.state().stats
    }

    /// Starts counting from zero.
    pub fn reset_stats(&self) {
        self.state().stats = Stats::default();
    }

    /// Serves the API on `listener` until `shutdown` completes.
    pub async fn serve(
        self,
        listener: tokio::net::TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(listener, routes::router(self))
            .with_graceful_shutdown(shutdown)
            .await
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while the lock was held leaves plain data behind; keep serving it.
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn signing_key(&self) -> &SigningKey {
        &self.shared.key
    }
}

impl Meeting {
    fn summary(&self) -> MeetingSummary {
        MeetingSummary {
            id: self.package.id.clone(),
            title: self.package.title.clone(),
            starts_at: self.package.starts_at.clone(),
            etag: self.etag.clone(),
        }
    }
}

impl State {
    fn summaries(&self, room: &RoomId) -> Vec<MeetingSummary> {
        self.meetings
            .values()
            .filter(|m| &m.package.room == room)
            .map(Meeting::summary)
            .collect()
    }
}
