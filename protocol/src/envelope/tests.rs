use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::ids::RoomId;

const NOW: Timestamp = Timestamp(1_764_000_000_000);

fn room() -> RoomId {
    RoomId::new("p301").expect("valid id")
}
fn seat(s: &str) -> SeatId {
    SeatId::new(s).expect("valid id")
}
fn up(s: &str) -> Topic {
    Topic::SeatUp(room(), seat(s))
}
fn key(n: u8) -> SigningKey {
    SigningKey::from_bytes(&[n; 32])
}
fn device(s: &str) -> DeviceId {
    DeviceId::new(s).expect("valid id")
}

/// Seat 12's signer and a verifier that knows it.
fn pair() -> (Signer, Verifier) {
    let signer = Signer::new(device("kiosk-12"), key(12), 1);
    let mut reg = KeyRegistry::new();
    reg.insert(
        device("kiosk-12"),
        signer.verifying_key(),
        Principal::Seat(seat("12")),
    );
    (signer, Verifier::new(reg))
}

fn open(v: &mut Verifier, topic: &Topic, bytes: &[u8]) -> Result<Value, Rejection> {
    v.open::<Value>(topic, NOW, bytes).map(|o| o.body)
}

#[test]
fn a_message_signed_by_a_known_seat_opens_with_its_body() {
    let (mut s, mut v) = pair();
    let bytes = s.seal(&up("12"), NOW, &json!({"hello": "xin chào"}));
    let opened = v.open::<Value>(&up("12"), NOW, &bytes).expect("opens");
    assert_eq!(opened.body, json!({"hello": "xin chào"}));
    assert_eq!(opened.from, device("kiosk-12"));
    assert_eq!(opened.principal, Principal::Seat(seat("12")));
    assert_eq!(opened.seq, 1);
}

#[test]
fn a_body_changed_in_transit_fails_the_signature() {
    let (mut s, mut v) = pair();
    let bytes = s.seal(&up("12"), NOW, &json!({"choice": "for"}));
    let forged = String::from_utf8(bytes)
        .expect("utf-8")
        .replace("for", "against");
    assert_eq!(
        open(&mut v, &up("12"), forged.as_bytes()),
        Err(Rejection::BadSignature)
    );
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let (_, mut v) = pair();
    let mut impostor = Signer::new(device("kiosk-12"), key(99), 1);
    let bytes = impostor.seal(&up("12"), NOW, &json!({}));
    assert_eq!(
        open(&mut v, &up("12"), &bytes),
        Err(Rejection::BadSignature)
    );
}

#[test]
fn a_seat_cannot_publish_on_another_seats_topic() {
    let (mut s, mut v) = pair();
    let bytes = s.seal(&up("13"), NOW, &json!({}));
    assert_eq!(open(&mut v, &up("13"), &bytes), Err(Rejection::WrongTopic));
    let bytes = s.seal(&Topic::State(room()), NOW, &json!({}));
    assert_eq!(
        open(&mut v, &Topic::State(room()), &bytes),
        Err(Rejection::WrongTopic)
    );
}

#[test]
fn a_message_moved_to_another_topic_of_the_same_seat_fails_the_signature() {
    let (mut s, mut v) = pair();
    let bytes = s.seal(&up("12"), NOW, &json!({}));
    let status = Topic::SeatStatus(room(), seat("12"));
    assert_eq!(open(&mut v, &status, &bytes), Err(Rejection::BadSignature));
}

#[test]
fn an_unknown_sender_is_refused() {
    let (_, mut v) = pair();
    let mut stranger = Signer::new(device("kiosk-77"), key(77), 1);
    let bytes = stranger.seal(&up("12"), NOW, &json!({}));
    assert_eq!(
        open(&mut v, &up("12"), &bytes),
        Err(Rejection::UnknownSender)
    );
}

#[test]
fn the_same_message_twice_is_a_replay() {
    let (mut s, mut v) = pair();
    let bytes = s.seal(&up("12"), NOW, &json!({"vote": 1}));
    assert!(open(&mut v, &up("12"), &bytes).is_ok());
    assert_eq!(open(&mut v, &up("12"), &bytes), Err(Rejection::Replayed));
}

#[test]
fn reordered_messages_within_the_window_are_each_accepted_once() {
    let (mut s, mut v) = pair();
    let msgs: Vec<_> = (0..5).map(|i| s.seal(&up("12"), NOW, &json!(i))).collect();
    for i in [4, 0, 2, 1, 3] {
        assert!(open(&mut v, &up("12"), &msgs[i]).is_ok(), "message {i}");
    }
    for m in &msgs {
        assert_eq!(open(&mut v, &up("12"), m), Err(Rejection::Replayed));
    }
}

#[test]
fn a_message_delayed_behind_many_on_another_topic_is_not_a_replay() {
    // The controller numbers all its messages with one counter; a seat hears
    // its own replies and the broadcasts, and MQTT orders only within a topic.
    let ctrl = Signer::new(device("controller"), key(200), 1);
    let mut reg = KeyRegistry::new();
    reg.insert(
        device("controller"),
        ctrl.verifying_key(),
        Principal::Controller,
    );
    let mut v = Verifier::new(reg);
    let mut ctrl = ctrl;
    let down = Topic::SeatDown(room(), seat("12"));
    let state = Topic::State(room());
    let reply = ctrl.seal(&down, NOW, &json!({"type": "vote-recorded"}));
    for i in 0..(REPLAY_WINDOW + 10) {
        let s = ctrl.seal(&state, NOW, &json!({"revision": i}));
        assert!(v.open::<Value>(&state, NOW, &s).is_ok());
    }
    assert!(
        v.open::<Value>(&down, NOW, &reply).is_ok(),
        "the reply arrives late but is new"
    );
    assert_eq!(
        v.open::<Value>(&down, NOW, &reply).map(|o| o.body),
        Err(Rejection::Replayed)
    );
}

#[test]
fn a_message_older_than_the_window_is_a_replay() {
    let (mut s, mut v) = pair();
    let old = s.seal(&up("12"), NOW, &json!("old"));
    for _ in 0..REPLAY_WINDOW {
        let m = s.seal(&up("12"), NOW, &json!("new"));
        assert!(open(&mut v, &up("12"), &m).is_ok());
    }
    assert_eq!(open(&mut v, &up("12"), &old), Err(Rejection::Replayed));
}

#[test]
fn a_message_from_far_in_the_past_or_future_is_stale() {
    let (mut s, mut v) = pair();
    let past = s.seal(
        &up("12"),
        NOW.plus_millis(-DEFAULT_MAX_SKEW_MS - 1),
        &json!({}),
    );
    assert_eq!(open(&mut v, &up("12"), &past), Err(Rejection::Stale));
    let future = s.seal(
        &up("12"),
        NOW.plus_millis(DEFAULT_MAX_SKEW_MS + 1),
        &json!({}),
    );
    assert_eq!(open(&mut v, &up("12"), &future), Err(Rejection::Stale));
}

#[test]
fn another_envelope_version_is_refused() {
    let (mut s, mut v) = pair();
    let bytes = s.seal(&up("12"), NOW, &json!({}));
    let mut wire: Value = serde_json::from_slice(&bytes).expect("json");
    wire["v"] = json!(2);
    let bytes = serde_json::to_vec(&wire).expect("json");
    assert_eq!(
        open(&mut v, &up("12"), &bytes),
        Err(Rejection::UnsupportedVersion)
    );
}

#[test]
fn a_body_of_the_wrong_shape_is_refused_after_the_signature_checks() {
    let (mut s, mut v) = pair();
    let bytes = s.seal(&up("12"), NOW, &json!({"not": "a number"}));
    assert_eq!(
        v.open::<u32>(&up("12"), NOW, &bytes).map(|o| o.body),
        Err(Rejection::BadBody)
    );
}

#[test]
fn an_oversized_message_is_refused_before_parsing() {
    let (_, mut v) = pair();
    let big = vec![b' '; MAX_ENVELOPE_BYTES + 1];
    assert_eq!(open(&mut v, &up("12"), &big), Err(Rejection::TooLarge));
}

#[test]
fn malformed_envelopes_are_refused() {
    let (_, mut v) = pair();
    for bad in [
        &b""[..],
        b"null",
        b"{}",
        b"{\"v\":1}",
        b"{\"v\":1,\"from\":\"a/b\",\"seq\":1,\"time\":0,\"body\":{},\"sig\":\"\"}",
        b"\xff\xfe",
    ] {
        assert_eq!(open(&mut v, &up("12"), bad), Err(Rejection::Malformed));
    }
}

#[test]
fn a_seat_status_may_arrive_after_newer_messages() {
    let (mut s, mut v) = pair();
    let status = Topic::SeatStatus(room(), seat("12"));
    let will = s.seal(&status, NOW, &json!({"online": false}));
    let online = s.seal(&status, NOW, &json!({"online": true}));
    assert!(open(&mut v, &status, &online).is_ok());
    assert!(open(&mut v, &status, &will).is_ok());
}

proptest! {
    #[test]
    fn opening_arbitrary_bytes_returns_an_error_and_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let (_, mut v) = pair();
        prop_assert!(v.open::<Value>(&up("12"), NOW, &bytes).is_err());
    }

    #[test]
    fn opening_a_mangled_real_envelope_never_panics(pos in 0usize..400, byte in any::<u8>()) {
        let (mut s, mut v) = pair();
        let mut bytes = s.seal(&up("12"), NOW, &json!({"cast": {"ballot": "b1", "choice": "for"}}));
        let i = pos % bytes.len();
        let changed = bytes[i] != byte;
        bytes[i] = byte;
        let r = v.open::<Value>(&up("12"), NOW, &bytes);
        // Compact JSON has no insignificant bytes and base64 refuses
        // non-canonical padding bits, so every changed byte must be refused.
        prop_assert_eq!(r.is_err(), changed);
    }

    #[test]
    fn the_replay_window_accepts_each_sequence_number_at_most_once(seqs in prop::collection::vec(1u64..200, 0..300)) {
        let mut w = ReplayWindow::default();
        let mut accepted = std::collections::HashSet::new();
        for s in seqs {
            if w.accept(s) {
                prop_assert!(accepted.insert(s), "sequence {} accepted twice", s);
            }
        }
    }
}
