//! Meeting results: built from the facts when the meeting closes, signed by
//! the controller, queued in the outbox and pushed to the central system
//! until it acknowledges them.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use ed25519_dalek::SigningKey;
use protocol::central::{AttendanceRow, CommentRow, Purpose, ResultsUpload};
use protocol::ids::{DelegateId, MeetingId, Sha256, Timestamp};
use protocol::message::Phase;
use protocol::room::{Fact, Room};

use crate::store::Store;

/// The idempotency key of a meeting's results.
pub fn results_key(meeting: &MeetingId) -> String {
    format!("results-{meeting}")
}

/// Builds the results of a closed meeting from its facts.
pub fn build(room: &Room, facts: &[(Timestamp, Fact)]) -> Option<ResultsUpload> {
    let session = room.session();
    if session.phase != Phase::Closed {
        return None;
    }
    let package = room.package();
    let mut first_in: BTreeMap<&DelegateId, Timestamp> = BTreeMap::new();
    let mut marked: BTreeMap<&DelegateId, bool> = BTreeMap::new();
    let mut comments = Vec::new();
    let mut notices = Vec::new();
    let mut closed_at = Timestamp(0);
    for (at, fact) in facts {
        match fact {
            Fact::SignedIn { delegate, .. } => {
                first_in.entry(delegate).or_insert(*at);
            }
            Fact::MarkedPresent { delegate, present } => {
                marked.insert(delegate, *present);
            }
            Fact::CommentRecorded { seat, comment, at } => comments.push(CommentRow {
                seat: seat.clone(),
                at: *at,
                comment: comment.clone(),
            }),
            Fact::NoticeSent { notice } => notices.push(notice.clone()),
            Fact::MeetingClosed { at } => closed_at = *at,
            _ => {}
        }
    }
    let attendance = package
        .delegates
        .iter()
        .map(|d| AttendanceRow {
            delegate: d.id.clone(),
            present: first_in.contains_key(&d.id) || marked.get(&d.id).copied().unwrap_or(false),
            first_signed_in: first_in.get(&d.id).copied(),
        })
        .collect();
    Some(ResultsUpload {
        idempotency_key: results_key(&package.id),
        meeting: package.id.clone(),
        room: package.room.clone(),
        closed_at,
        attendance,
        ballots: session.results.clone(),
        comments,
        notices,
        records: room.records(),
        minutes_pdf: None,
        minutes_sha256: None,
    })
}

/// Makes the minutes of a closed meeting as a PDF from the room, its facts,
/// the key that signs the results and the SHA-256 of the signed package.
/// The minutes travel inside the signed results, so the results' signature
/// covers them.
pub type MinutesWriter = fn(&Room, &[(Timestamp, Fact)], &SigningKey, &Sha256) -> Vec<u8>;

/// The minutes writer the controller uses: [`crate::minutes::render`].
pub const MINUTES: Option<MinutesWriter> = Some(|room, facts, key, package| {
    crate::minutes::render(room, facts, &key.verifying_key(), package)
});

/// Builds the results and puts in the minutes `writer` makes.
pub fn build_with_minutes(
    room: &Room,
    facts: &[(Timestamp, Fact)],
    key: &SigningKey,
    package_sha256: &Sha256,
    writer: Option<MinutesWriter>,
) -> Option<ResultsUpload> {
    let mut upload = build(room, facts)?;
    if let Some(write) = writer {
        upload.set_minutes(&write(room, facts, key, package_sha256));
    }
    Some(upload)
}

/// Queues the signed results if the meeting is closed and they are not queued
/// yet. Safe to call again: after a crash between the closing fact and the
/// queueing, the next start queues them.
pub fn queue_if_closed(
    store: &mut Store,
    room: &Room,
    key: &SigningKey,
    now: Timestamp,
) -> Result<()> {
    let meeting = &room.package().id;
    if room.session().phase != Phase::Closed {
        return Ok(());
    }
    let k = results_key(meeting);
    if store.all_uploads()?.iter().any(|r| r.key == k) {
        return Ok(());
    }
    let facts = store.facts_with_time(meeting)?;
    let signed = store
        .package_signed(meeting)?
        .context("the closed meeting's package is stored")?;
    let upload = build_with_minutes(room, &facts, key, &Sha256::of(&signed), MINUTES)
        .context("a closed meeting has results")?;
    let body = protocol::central::sign(key, Purpose::Results, &upload);
    store.enqueue(&k, meeting, &body, now)?;
    tracing::info!(%meeting, key = %k, "results queued for upload");
    Ok(())
}

#[cfg(test)]
mod tests {
    use ed25519_dalek::SigningKey;
    use protocol::central::{Purpose, ResultsUpload};
    use protocol::envelope::{KeyRegistry, Signer, Verifier};
    use protocol::ids::{DeviceId, Sha256, Timestamp};
    use protocol::room::{Fact, Room, RoomSetup};

    use super::{MinutesWriter, build_with_minutes};

    const T: Timestamp = Timestamp(1_795_000_000_000);

    fn closed_room() -> (Room, Vec<(Timestamp, Fact)>) {
        let package = central_standin::sample::package("m1", "p301", &[("Báo cáo", b"%PDF-1.4")]);
        let facts = vec![
            (T, Fact::SessionOpened { at: T }),
            (T, Fact::MeetingClosed { at: T }),
        ];
        let setup = RoomSetup {
            package,
            signer: Signer::new(
                DeviceId::new("controller").expect("valid id"),
                SigningKey::from_bytes(&[9; 32]),
                1,
            ),
            verifier: Verifier::new(KeyRegistry::new()),
            seed: [0; 32],
        };
        let room = Room::restore(setup, facts.iter().map(|(_, f)| f), 0).expect("valid package");
        (room, facts)
    }

    fn fake_minutes(room: &Room, _: &[(Timestamp, Fact)], _: &SigningKey, _: &Sha256) -> Vec<u8> {
        format!("%PDF-1.7 biên bản {}", room.package().id).into_bytes()
    }

    #[test]
    fn the_minutes_travel_inside_the_signed_results_with_their_hash() {
        let (room, facts) = closed_room();
        let key = SigningKey::from_bytes(&[9; 32]);
        let writer: MinutesWriter = fake_minutes;
        let upload = build_with_minutes(&room, &facts, &key, &Sha256::of(b"p"), Some(writer))
            .expect("closed");
        let body = protocol::central::sign(&key, Purpose::Results, &upload);
        let back: ResultsUpload =
            protocol::central::verify(&key.verifying_key(), Purpose::Results, &body)
                .expect("verifies");
        let pdf = back
            .minutes()
            .expect("sound minutes")
            .expect("some minutes");
        assert_eq!(pdf, "%PDF-1.7 biên bản m1".as_bytes());

        // The signature covers the minutes: another PDF does not verify.
        let mut json: serde_json::Value = serde_json::from_slice(&body).expect("json");
        json["signed"]["minutes_pdf"] = serde_json::json!("JVBERi0xLjcgb3RoZXI=");
        let changed = serde_json::to_vec(&json).expect("json");
        assert!(
            protocol::central::verify::<ResultsUpload>(
                &key.verifying_key(),
                Purpose::Results,
                &changed
            )
            .is_err()
        );
    }

    #[test]
    fn without_a_writer_the_results_carry_no_minutes() {
        let (room, facts) = closed_room();
        let key = SigningKey::from_bytes(&[9; 32]);
        let upload =
            build_with_minutes(&room, &facts, &key, &Sha256::of(b"p"), None).expect("closed");
        assert_eq!(upload.minutes(), Ok(None));
    }
}
