//! Keys and LEDs on a PCF8574.

use embedded_hal_mock::eh1::i2c::{Mock as I2cMock, Transaction as T};
use hardware::panel::{ExpanderMap, ExpanderPanel, Polarity};
use hardware::pcf8574::{BASE_ADDRESS, Pcf8574};
use hardware::{
    DebounceConfig, Key, KeyLevels, Leds, Panel, SeatEvent, SeatUnit, UnitConfig, VoteKey,
};

use super::poll_at;

const ADDR: u8 = BASE_ADDRESS;

#[test]
fn an_expander_write_keeps_the_input_bits_high() {
    let mut i2c = I2cMock::new(&[
        T::write(ADDR, vec![0x0F]),
        T::write(ADDR, vec![0xAF]),
        T::read(ADDR, vec![0x5A]),
    ]);
    let mut chip = Pcf8574::new(i2c.clone(), ADDR, 0x0F);
    chip.write(0x00).unwrap_or_else(|e| panic!("{e}"));
    chip.write(0xA0).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(chip.last_written(), 0xAF);
    assert_eq!(chip.read(), Ok(0x5A));
    chip.destroy();
    i2c.done();
}

#[test]
fn expander_keys_read_through_the_bit_map() {
    let mut i2c = I2cMock::new(&[
        T::read(ADDR, vec![0xFF]),
        // P0 (Yes) and P3 (Mic) pulled low; P4..P7 are LEDs, whatever they read.
        T::read(ADDR, vec![0b0101_0110]),
    ]);
    let mut panel = ExpanderPanel::new(i2c.clone(), ADDR, ExpanderMap::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(panel.read_keys(), Ok(KeyLevels::default()));
    assert_eq!(panel.read_keys(), Ok(KeyLevels([true, false, false, true])));
    panel.destroy();
    i2c.done();
}

#[test]
fn expander_leds_are_sunk_and_the_keys_stay_inputs() {
    let mut i2c = I2cMock::new(&[
        // Keys P0..P3 high (inputs); voted (P5) and mic on (P7) low = lit.
        T::write(ADDR, vec![0b0101_1111]),
        // All off.
        T::write(ADDR, vec![0xFF]),
    ]);
    let mut panel = ExpanderPanel::new(i2c.clone(), ADDR, ExpanderMap::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let leds = Leds {
        voted: true,
        mic_on: true,
        ..Leds::default()
    };
    panel.set_leds(leds).unwrap_or_else(|e| panic!("{e}"));
    panel
        .set_leds(Leds::default())
        .unwrap_or_else(|e| panic!("{e}"));
    panel.destroy();
    i2c.done();
}

#[test]
fn an_expander_wired_active_high_with_another_map_is_read_and_written_right() {
    let map = ExpanderMap {
        keys: [7, 6, 5, 4],
        leds: [0, 1, 2, 3],
        key_polarity: Polarity::ActiveHigh,
        led_polarity: Polarity::ActiveHigh,
    };
    let mut i2c = I2cMock::new(&[
        // Abstain (P5) high = pressed.
        T::read(ADDR, vec![0b0010_0000]),
        // Vote open (P0) lit = high; keys P4..P7 kept high.
        T::write(ADDR, vec![0b1111_0001]),
    ]);
    let mut panel = ExpanderPanel::new(i2c.clone(), ADDR, map).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        panel.read_keys(),
        Ok(KeyLevels([false, false, true, false]))
    );
    panel
        .set_leds(Leds {
            vote_open: true,
            ..Leds::default()
        })
        .unwrap_or_else(|e| panic!("{e}"));
    panel.destroy();
    i2c.done();
}

#[test]
fn a_bouncing_expander_key_gives_one_press_through_the_seat_unit() {
    let up = 0xFF;
    let no_down = 0xFD;
    let ports = [
        up, no_down, up, no_down, no_down, no_down, no_down, up, up, up, up,
    ];
    let reads: Vec<T> = ports.iter().map(|p| T::read(ADDR, vec![*p])).collect();
    let mut i2c = I2cMock::new(&reads);
    let panel = ExpanderPanel::new(i2c.clone(), ADDR, ExpanderMap::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let config = UnitConfig {
        debounce: DebounceConfig {
            settle_ms: 15,
            long_press_ms: 1000,
        },
        ..UnitConfig::default()
    };
    let mut unit = SeatUnit::new(panel, None, None, config);
    let events = poll_at(&mut unit, (0..11).map(|i| i * 5));
    assert_eq!(
        events,
        vec![
            (30, SeatEvent::VoteKey(VoteKey::No)),
            (50, SeatEvent::KeyReleased(Key::No)),
        ]
    );
    i2c.done();
}
