//! Keys on GPIO pins, through the seat unit: debouncing and long presses.

use embedded_hal_mock::eh1::digital::{Mock as Pin, State, Transaction as T};
use hardware::panel::{PinPanel, Polarity};
use hardware::{DebounceConfig, Key, MicPress, SeatEvent, SeatUnit, UnitConfig, VoteKey};

use super::poll_at;

/// Expectations for a key pin that reads `pressed[i]` at poll `i` (active low).
fn key_pin(pressed: &[bool]) -> Pin {
    let reads: Vec<T> = pressed
        .iter()
        .map(|p| T::get(if *p { State::Low } else { State::High }))
        .collect();
    Pin::new(&reads)
}

struct Bench {
    keys: [Pin; 4],
    leds: [Pin; 4],
}

impl Bench {
    /// Key pins reading as given per poll (in the order Yes, No, Abstain,
    /// Mic), LED pins untouched.
    fn new(levels: [&[bool]; 4]) -> Self {
        Bench {
            keys: levels.map(key_pin),
            leds: [(); 4].map(|()| Pin::new(&[])),
        }
    }

    fn unit(&self, debounce: DebounceConfig) -> SeatUnit<Panel, super::NoCard, super::NoLight> {
        let [yes, no, abstain, mic] = self.keys.clone();
        let [vote_open, voted, floor, mic_on] = self.leds.clone();
        let panel = PinPanel::new(
            (yes, no, abstain, mic),
            Polarity::ActiveLow,
            (vote_open, voted, floor, mic_on),
            Polarity::ActiveHigh,
        );
        let config = UnitConfig {
            debounce,
            ..UnitConfig::default()
        };
        SeatUnit::new(panel, None, None, config)
    }

    fn done(mut self) {
        for p in self.keys.iter_mut().chain(self.leds.iter_mut()) {
            p.done();
        }
    }
}

type Panel = PinPanel<Pin, Pin, Pin, Pin, Pin, Pin, Pin, Pin>;

const DEBOUNCE: DebounceConfig = DebounceConfig {
    settle_ms: 20,
    long_press_ms: 1500,
};

#[test]
fn a_bouncing_key_gives_one_press_and_one_release() {
    // Polls every 2 ms. The Yes contact bounces for 8 ms going down and
    // 4 ms coming up.
    let yes: Vec<bool> = [
        &[true, false, true, false][..], // 0..6: bounce
        &[true; 16][..],                 // 8..38: down
        &[false, true, false][..],       // 40..44: bounce
        &[false; 13][..],                // 46..70: up
    ]
    .concat();
    let n = yes.len();
    let idle = vec![false; n];
    let bench = Bench::new([&yes, &idle, &idle, &idle]);
    let mut unit = bench.unit(DEBOUNCE);
    let events = poll_at(&mut unit, (0..n as u64).map(|i| i * 2));
    assert_eq!(
        events,
        vec![
            (28, SeatEvent::VoteKey(VoteKey::Yes)),
            (64, SeatEvent::KeyReleased(Key::Yes)),
        ]
    );
    bench.done();
}

#[test]
fn a_long_press_of_the_mic_key_is_reported_and_then_its_release() {
    let times = [0, 20, 1000, 1499, 1500, 1600, 3000, 3010, 3030];
    let mic = [true, true, true, true, true, true, true, false, false];
    let idle = [false; 9];
    let bench = Bench::new([&idle, &idle, &idle, &mic]);
    let mut unit = bench.unit(DEBOUNCE);
    let events = poll_at(&mut unit, times);
    assert_eq!(
        events,
        vec![
            (20, SeatEvent::MicKey(MicPress::Pressed)),
            (1500, SeatEvent::MicKey(MicPress::Long)),
            (3030, SeatEvent::KeyReleased(Key::Mic)),
        ]
    );
    bench.done();
}

#[test]
fn a_vote_key_held_long_is_still_one_vote() {
    let times = [0, 25, 2000, 4000, 4100, 4120];
    let no = [true, true, true, true, false, false];
    let idle = [false; 6];
    let bench = Bench::new([&idle, &no, &idle, &idle]);
    let mut unit = bench.unit(DEBOUNCE);
    let events = poll_at(&mut unit, times);
    assert_eq!(
        events,
        vec![
            (25, SeatEvent::VoteKey(VoteKey::No)),
            (4120, SeatEvent::KeyReleased(Key::No)),
        ]
    );
    bench.done();
}

#[test]
fn two_keys_pressed_together_are_both_reported() {
    let times = [0, 20];
    let down = [true, true];
    let idle = [false; 2];
    let bench = Bench::new([&idle, &idle, &down, &down]);
    let mut unit = bench.unit(DEBOUNCE);
    let events = poll_at(&mut unit, times);
    assert_eq!(
        events,
        vec![
            (20, SeatEvent::VoteKey(VoteKey::Abstain)),
            (20, SeatEvent::MicKey(MicPress::Pressed)),
        ]
    );
    bench.done();
}

#[test]
fn the_leds_are_driven_on_their_pins() {
    let mut bench = Bench::new([&[], &[], &[], &[]]);
    let lit = |on: bool| T::set(if on { State::High } else { State::Low });
    for (pin, on) in bench.leds.iter_mut().zip([true, false, false, true]) {
        pin.update_expectations(&[lit(on)]);
    }
    let mut unit = bench.unit(DEBOUNCE);
    let leds = hardware::Leds {
        vote_open: true,
        mic_on: true,
        ..hardware::Leds::default()
    };
    unit.set_leds(leds).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(unit.leds(), leds);
    bench.done();
}
