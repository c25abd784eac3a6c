//! Forged, replayed and tampered envelopes: dropped and counted, never
//! answered, never counted as votes.

use std::collections::BTreeMap;

use anyhow::{Context, Result, ensure};
use ed25519_dalek::SigningKey;
use protocol::ballot::MotionChoice;
use protocol::message::ConsoleCommand;
use protocol::reject::Rejection;
use tests::{BrokerKind, Heard, SimSeat, TestRoom};

use super::{
    ballot_is_open, ballot_open, ballot_result, bin, counts, explained, id, motion, receipt,
    seat_map,
};

on_both_brokers!(a_forged_envelope_is_rejected_and_counted, forged_envelopes);

async fn forged_envelopes(kind: BrokerKind) -> Result<()> {
    let mut room = TestRoom::new(kind, 5, bin()).await?;
    room.start_controller()?;
    let r = rejected_and_counted(&mut room).await;
    explained(&room, r)
}

/// `bytes` with the first `from` changed to `to` (same length).
fn tampered(bytes: &[u8], from: &str, to: &str) -> Result<Vec<u8>> {
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .with_context(|| format!("{from:?} is not in the envelope"))?;
    let mut out = bytes.to_vec();
    out[at..at + to.len()].copy_from_slice(to.as_bytes());
    Ok(out)
}

/// Waits for `ballot`'s result at `seat`, then fails if the seat heard any
/// reply before it: the controller answers a seat's messages in order, so a
/// reply to a dropped message would have come before the close.
async fn heard_no_reply(seat: &mut SimSeat, who: &str) -> Result<()> {
    ballot_result(seat, "m1")
        .await
        .with_context(|| format!("{who} never heard the ballot close"))?;
    let replies: Vec<Heard> = seat
        .take_heard()
        .into_iter()
        .filter(|h| matches!(h, Heard::Reply(_)))
        .collect();
    ensure!(replies.is_empty(), "{who} was answered: {replies:?}");
    Ok(())
}

async fn rejected_and_counted(room: &mut TestRoom) -> Result<()> {
    let (mut console, mut seats) = ballot_open(room, "m1").await?;
    let for_ = motion(MotionChoice::For);

    // A forger speaks as seat 3's kiosk with a key of its own.
    let mut forger = room
        .seat_with_key(3, SigningKey::from_bytes(&[0x66; 32]))
        .await?;
    ballot_is_open(&mut forger, "m1").await?;
    let req = forger.vote_request(&id("m1"), &id("m1-forged"), &for_)?;
    forger.send(&req).await?;

    // Seat 2 votes once; someone on the network sends its envelope again.
    let seat2 = &mut seats[1];
    ballot_is_open(seat2, "m1").await?;
    let req = seat2.vote_request(&id("m1"), &id("m1-s2"), &for_)?;
    let (topic, envelope) = seat2.seal(&req)?;
    seat2.publish_raw(&topic, envelope.clone(), false).await?;
    receipt(
        &seat2
            .wait_for(super::WAIT, |h| match h {
                Heard::Reply(r) => Some(r.clone()),
                _ => None,
            })
            .await?,
    )
    .context("seat 2's own vote")?;
    seat2.publish_raw(&topic, envelope, false).await?;

    // Seat 4's vote, changed on the way (another vote id in the signed body).
    let seat4 = &mut seats[3];
    ballot_is_open(seat4, "m1").await?;
    let req = seat4.vote_request(&id("m1"), &id("m1-s4a"), &for_)?;
    let (topic, envelope) = seat4.seal(&req)?;
    seat4
        .publish_raw(&topic, tampered(&envelope, "m1-s4a", "m1-s4b")?, false)
        .await?;

    let map = seat_map(&mut console, |m| m.dropped.values().sum::<u64>() >= 3).await?;
    ensure_eq!(
        map.dropped,
        BTreeMap::from([(Rejection::BadSignature, 2), (Rejection::Replayed, 1)]),
        "the console's count of dropped messages"
    );
    ensure!(
        map.seats.iter().filter(|s| s.voted).count() == 1,
        "only seat 2 has voted: {:?}",
        map.seats
    );

    console
        .command(ConsoleCommand::CloseBallot { ballot: id("m1") })
        .await?;
    let result = ballot_result(&mut console, "m1").await?;
    ensure_eq!(result.cast, 1, "ballots cast: {result:?}");
    ensure_eq!(counts(&result), vec![1, 0, 0]);

    heard_no_reply(&mut forger, "the forger").await?;
    heard_no_reply(&mut seats[1], "seat 2 (after its own vote)").await?;
    heard_no_reply(&mut seats[2], "seat 3").await?;
    heard_no_reply(&mut seats[3], "seat 4").await?;
    room.stop_controller()?;
    Ok(())
}
