//! The simulated seat unit: the same events as real parts, driven from
//! code or from lines on a Unix socket.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};

use hardware::sim::{SimSeatUnit, serve};
use hardware::{Key, Leds, MicPress, Millis, SeatEvent, Uid, UnitConfig, VoteKey};

/// Polls every 5 ms from `from` to `to` (inclusive) and returns the events.
fn run(unit: &mut SimSeatUnit, from: u64, to: u64) -> Vec<SeatEvent> {
    let mut events = Vec::new();
    for t in (from..=to).step_by(5) {
        unit.poll(Millis(t), |e| events.push(e));
    }
    events
}

fn uid(hex: &str) -> Uid {
    hex.parse().unwrap_or_else(|e| panic!("{hex}: {e}"))
}

#[test]
fn a_simulated_tap_gives_one_press_and_one_release() {
    let mut unit = SimSeatUnit::new(UnitConfig::default());
    let seat = unit.handle();
    assert_eq!(run(&mut unit, 0, 100), vec![]);
    seat.tap(Key::Yes);
    assert_eq!(
        run(&mut unit, 105, 300),
        vec![
            SeatEvent::VoteKey(VoteKey::Yes),
            SeatEvent::KeyReleased(Key::Yes)
        ]
    );
}

#[test]
fn simulated_taps_in_a_row_are_each_a_press_even_before_the_key_is_seen_up() {
    let mut unit = SimSeatUnit::new(UnitConfig::default());
    let seat = unit.handle();
    seat.tap(Key::Yes);
    // The press is reported; the key is let up but not yet seen up.
    let first = run(&mut unit, 0, 30);
    assert_eq!(first, vec![SeatEvent::VoteKey(VoteKey::Yes)]);
    assert!(!seat.is_down(Key::Yes));
    // Two more taps at once: each waits for the key to come up.
    seat.tap(Key::Yes);
    seat.tap(Key::Yes);
    let presses = run(&mut unit, 35, 500)
        .into_iter()
        .filter(|e| *e == SeatEvent::VoteKey(VoteKey::Yes))
        .count();
    assert_eq!(presses, 2, "three taps, three presses");
    assert!(!seat.is_down(Key::Yes));
}

#[test]
fn a_key_let_up_before_the_debounce_time_is_still_one_press() {
    let mut unit = SimSeatUnit::new(UnitConfig::default());
    let seat = unit.handle();
    // A keyboard's key down and up within a few milliseconds.
    seat.press(Key::Mic);
    assert_eq!(run(&mut unit, 0, 5), vec![]);
    seat.let_up(Key::Mic);
    assert!(seat.is_down(Key::Mic), "held until the unit sees the press");
    assert_eq!(
        run(&mut unit, 10, 300),
        vec![
            SeatEvent::MicKey(MicPress::Pressed),
            SeatEvent::KeyReleased(Key::Mic)
        ]
    );
    // Let up after the press was seen: at once.
    seat.press(Key::No);
    assert_eq!(
        run(&mut unit, 305, 400),
        vec![SeatEvent::VoteKey(VoteKey::No)]
    );
    seat.let_up(Key::No);
    assert!(!seat.is_down(Key::No));
    assert_eq!(
        run(&mut unit, 405, 500),
        vec![SeatEvent::KeyReleased(Key::No)]
    );
}

#[test]
fn a_simulated_mic_key_held_down_is_a_long_press() {
    let mut unit = SimSeatUnit::new(UnitConfig::default());
    let seat = unit.handle();
    seat.press(Key::Mic);
    let held = run(&mut unit, 0, 2000);
    assert_eq!(
        held,
        vec![
            SeatEvent::MicKey(MicPress::Pressed),
            SeatEvent::MicKey(MicPress::Long)
        ]
    );
    seat.release(Key::Mic);
    assert_eq!(
        run(&mut unit, 2005, 2100),
        vec![SeatEvent::KeyReleased(Key::Mic)]
    );
}

#[test]
fn a_simulated_card_is_presented_once_and_removed_once_it_is_gone() {
    let mut unit = SimSeatUnit::new(UnitConfig::default());
    let seat = unit.handle();
    let card = uid("04A1B2C3");
    seat.present_card(card);
    assert_eq!(
        run(&mut unit, 0, 1000),
        vec![SeatEvent::CardPresented(card)]
    );
    seat.remove_card();
    assert_eq!(run(&mut unit, 1005, 2000), vec![SeatEvent::CardRemoved]);
}

#[test]
fn the_simulated_light_and_leds_go_through_the_unit() {
    let mut unit = SimSeatUnit::new(UnitConfig::default());
    let seat = unit.handle();
    seat.set_lux(Some(500.0));
    assert_eq!(run(&mut unit, 0, 10), vec![SeatEvent::LightLevel(100)]);
    let leds = Leds {
        floor: true,
        ..Leds::default()
    };
    unit.set_leds(leds);
    assert_eq!(seat.leds(), leds);
}

#[test]
fn lines_on_the_unix_socket_drive_the_simulated_unit() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("seat.sock");
    let listener = UnixListener::bind(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut unit = SimSeatUnit::new(UnitConfig::default());
    let seat = unit.handle();
    // The server thread ends with the test process.
    std::thread::spawn(move || serve(&listener, &seat));

    let stream = UnixStream::connect(&path).unwrap_or_else(|e| panic!("{e}"));
    let mut lines = BufReader::new(stream.try_clone().unwrap_or_else(|e| panic!("{e}"))).lines();
    let mut say = |line: &str| {
        writeln!(&stream, "{line}").unwrap_or_else(|e| panic!("{e}"));
        lines
            .next()
            .and_then(Result::ok)
            .unwrap_or_else(|| panic!("no answer to {line:?}"))
    };
    assert_eq!(say("card 04A1B2C3D4E5F6"), "ok");
    assert_eq!(say("key abstain"), "ok");
    assert_eq!(
        say("key maybe"),
        "error: no key \"maybe\": yes, no, abstain or mic"
    );
    let events = run(&mut unit, 0, 200);
    assert_eq!(
        events,
        vec![
            SeatEvent::CardPresented(uid("04A1B2C3D4E5F6")),
            SeatEvent::VoteKey(VoteKey::Abstain),
            SeatEvent::KeyReleased(Key::Abstain),
        ]
    );
    assert_eq!(say("remove"), "ok");
    assert_eq!(run(&mut unit, 205, 1000), vec![SeatEvent::CardRemoved]);
    // The LEDs the kiosk lit, by name.
    assert_eq!(say("leds"), "ok");
    unit.set_leds(Leds {
        voted: true,
        floor: true,
        ..Leds::default()
    });
    assert_eq!(say("leds"), "ok voted floor");
}
