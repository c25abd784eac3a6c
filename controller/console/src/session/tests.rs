//! The console's protocol client against the room's state machine itself
//! (`protocol::room::Room`), with no broker and a fixed clock.

use ed25519_dalek::SigningKey;
use protocol::envelope::{KeyRegistry, Principal, Signer, Verifier};
use protocol::ids::{DeviceId, Timestamp};
use protocol::message::{ConsoleCommand, Operator, OperatorRole, Phase, SeatStatus, StateSnapshot};
use protocol::reject::Rejection;
use protocol::room::{Room, RoomSetup, Step};
use protocol::topic::Topic;

use super::client::{ConsoleClient, ConsoleEvent};
use crate::demo;

const T0: Timestamp = demo::NOW;

fn controller_key() -> SigningKey {
    SigningKey::from_bytes(&[0xc7; 32])
}

fn console_key() -> SigningKey {
    SigningKey::from_bytes(&[0xc0; 32])
}

fn device(s: &str) -> DeviceId {
    s.parse().expect("a valid device id")
}

fn room() -> Room {
    let mut keys = KeyRegistry::new();
    keys.insert(
        device("console-1"),
        console_key().verifying_key(),
        Principal::Console,
    );
    Room::new(RoomSetup {
        package: demo::package(),
        signer: Signer::new(device("controller"), controller_key(), 1),
        verifier: Verifier::new(keys),
        seed: [7; 32],
    })
    .expect("the demo package is valid")
}

fn console() -> ConsoleClient {
    let mut keys = KeyRegistry::new();
    keys.insert(
        device("controller"),
        controller_key().verifying_key(),
        Principal::Controller,
    );
    ConsoleClient::new(
        demo::room(),
        Signer::new(device("console-1"), console_key(), 1),
        Verifier::new(keys),
    )
}

/// Everything the room published in `step`, heard by the console.
fn hear(console: &mut ConsoleClient, step: &Step) -> Vec<ConsoleEvent> {
    step.publish
        .iter()
        .flat_map(|p| console.receive(T0, &p.topic, &p.payload))
        .collect()
}

fn operator(role: OperatorRole) -> Operator {
    Operator {
        account: "thuky".parse().expect("a valid account"),
        role,
    }
}

#[test]
fn a_command_reaches_the_room_and_the_answer_names_it() {
    let mut room = room();
    let mut console = console();
    let heard = hear(&mut console, &room.announce(T0));
    assert!(heard.contains(&ConsoleEvent::ManifestChanged));
    assert!(heard.contains(&ConsoleEvent::SeatMapChanged));
    assert_eq!(console.state().map(|s| s.phase), Some(Phase::Waiting));

    let (id, out) = console.request(
        T0,
        operator(OperatorRole::Secretary),
        ConsoleCommand::OpenSession,
    );
    let heard = hear(&mut console, &room.receive(T0, &out.topic, &out.payload));
    assert!(heard.contains(&ConsoleEvent::Replied {
        command_id: id,
        outcome: Ok(()),
    }));
    assert_eq!(console.state().map(|s| s.phase), Some(Phase::InSession));
}

#[test]
fn the_room_refuses_an_it_operator_what_its_role_does_not_permit() {
    let mut room = room();
    let mut console = console();
    let _ = hear(&mut console, &room.announce(T0));
    let (id, out) = console.request(T0, operator(OperatorRole::It), ConsoleCommand::OpenSession);
    let heard = hear(&mut console, &room.receive(T0, &out.topic, &out.payload));
    assert!(heard.contains(&ConsoleEvent::Replied {
        command_id: id,
        outcome: Err(Rejection::NotPermitted),
    }));
    let notice = ConsoleCommand::Notice {
        text: "Kiểm tra hệ thống âm thanh".into(),
    };
    let (id, out) = console.request(T0, operator(OperatorRole::It), notice);
    let heard = hear(&mut console, &room.receive(T0, &out.topic, &out.payload));
    assert!(heard.contains(&ConsoleEvent::Replied {
        command_id: id,
        outcome: Ok(()),
    }));
    assert_eq!(console.notices().len(), 1, "the notice is kept");
}

#[test]
fn commands_get_ids_of_their_own() {
    let mut console = console();
    let (a, _) = console.request(
        T0,
        operator(OperatorRole::Chair),
        ConsoleCommand::NextSpeaker,
    );
    let (b, _) = console.request(
        T0,
        operator(OperatorRole::Chair),
        ConsoleCommand::NextSpeaker,
    );
    assert_ne!(a, b);
}

#[test]
fn a_state_signed_by_another_key_is_dropped() {
    let mut console = console();
    let mut forger = Signer::new(device("controller"), SigningKey::from_bytes(&[9; 32]), 1);
    let topic = Topic::State(demo::room());
    let state: StateSnapshot = demo::view(false).state.expect("a state");
    let bytes = forger.seal(&topic, T0, &state);
    let heard = console.receive(T0, &topic.to_string(), &bytes);
    assert_eq!(heard, [ConsoleEvent::Dropped(Rejection::BadSignature)]);
    assert!(console.state().is_none());
}

#[test]
fn an_older_state_does_not_replace_a_newer_one() {
    let mut console = console();
    let mut controller = Signer::new(device("controller"), controller_key(), 1);
    let topic = Topic::State(demo::room());
    let newer: StateSnapshot = demo::view(false).state.expect("a state");
    let mut older = newer.clone();
    older.revision -= 1;
    older.current_item = None;
    let new_bytes = controller.seal(&topic, T0, &newer);
    let old_bytes = controller.seal(&topic, T0, &older);
    let _ = console.receive(T0, &topic.to_string(), &new_bytes);
    assert!(
        console
            .receive(T0, &topic.to_string(), &old_bytes)
            .is_empty()
    );
    assert_eq!(console.state(), Some(&newer));
}

#[test]
fn seat_statuses_are_left_to_the_controllers_seat_map() {
    let mut console = console();
    let mut seat = Signer::new(device("kiosk-s1"), SigningKey::from_bytes(&[1; 32]), 1);
    let topic = Topic::SeatStatus(demo::room(), "s1".parse().expect("a seat"));
    let status = SeatStatus {
        online: true,
        version: "test".into(),
        papers_cached: 1,
        papers_total: 6,
        delegate: None,
    };
    let bytes = seat.seal(&topic, T0, &status);
    assert!(console.receive(T0, &topic.to_string(), &bytes).is_empty());
}

#[test]
fn the_console_keeps_the_controllers_status_as_announced() {
    let mut room = room();
    let _ = room.announce(T0);
    let status = demo::status(&demo::package(), true);
    let _ = room.update_status(T0, status.clone());
    // A console that connects now hears the retained messages at once.
    let mut console = console();
    let heard = hear(&mut console, &room.announce(T0));
    assert!(heard.contains(&ConsoleEvent::StatusChanged));
    assert!(heard.contains(&ConsoleEvent::SeatMapChanged));
    assert_eq!(console.status(), Some(&status));
    assert!(console.seat_map().is_some());
}
