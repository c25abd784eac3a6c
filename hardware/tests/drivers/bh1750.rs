//! The BH1750 light sensor and the backlight level it gives.

use embedded_hal::i2c::ErrorKind;
use embedded_hal_mock::eh1::i2c::{Mock as I2cMock, Transaction as T};
use hardware::bh1750::{ADDRESS_LOW, Bh1750, instruction, raw_to_lux};
use hardware::panel::{ExpanderMap, ExpanderPanel};
use hardware::{Millis, SeatEvent, SeatUnit, UnitConfig};

const ADDR: u8 = ADDRESS_LOW;

#[test]
fn a_bh1750_reading_converts_to_lux() {
    let mut i2c = I2cMock::new(&[
        T::write(ADDR, vec![instruction::POWER_ON]),
        T::write(ADDR, vec![instruction::CONTINUOUS_H_RES]),
        T::read(ADDR, vec![0x01, 0x90]),
        T::read(ADDR, vec![0x00, 0x00]),
        T::read(ADDR, vec![0xFF, 0xFF]),
    ]);
    let mut sensor = Bh1750::new(i2c.clone(), ADDR)
        .into_continuous()
        .unwrap_or_else(|e| panic!("{}", e.error));
    let lux = sensor.read_lux().unwrap_or_else(|e| panic!("{e}"));
    assert!((lux - 333.33).abs() < 0.01, "0x0190 is 333.3 lx, got {lux}");
    assert_eq!(sensor.read_lux(), Ok(0.0));
    let brightest = sensor.read_lux().unwrap_or_else(|e| panic!("{e}"));
    assert!((brightest - 54_612.5).abs() < 0.1, "{brightest}");
    assert!((raw_to_lux(12) - 10.0).abs() < f32::EPSILON);
    sensor.destroy();
    i2c.done();
}

#[test]
fn a_sensor_that_fails_to_start_is_handed_back() {
    let mut i2c = I2cMock::new(&[
        T::write(ADDR, vec![instruction::POWER_ON]).with_error(ErrorKind::Other),
        T::write(ADDR, vec![instruction::POWER_ON]),
        T::write(ADDR, vec![instruction::CONTINUOUS_H_RES]),
        T::write(ADDR, vec![instruction::POWER_DOWN]),
    ]);
    let failed = Bh1750::new(i2c.clone(), ADDR)
        .into_continuous()
        .err()
        .unwrap_or_else(|| panic!("the write failed"));
    assert_eq!(failed.error, hardware::bh1750::Error::I2c(ErrorKind::Other));
    // The same sensor, tried again, starts and stops.
    let sensor = failed
        .dev
        .into_continuous()
        .unwrap_or_else(|e| panic!("{}", e.error));
    let sensor = sensor
        .into_powered_down()
        .unwrap_or_else(|e| panic!("{}", e.error));
    sensor.destroy();
    i2c.done();
}

#[test]
fn the_backlight_follows_the_sensor_through_the_seat_unit_with_hysteresis() {
    // Keys and LEDs on an expander on the same bus, read at every poll.
    let keys_up = T::read(0x20, vec![0xFF]);
    let mut i2c = I2cMock::new(&[
        T::write(ADDR, vec![instruction::POWER_ON]),
        T::write(ADDR, vec![instruction::CONTINUOUS_H_RES]),
        // 0 ms: keys, then light 0x0132 = 255 lx → 60 %.
        keys_up.clone(),
        T::read(ADDR, vec![0x01, 0x32]),
        // 500 ms: keys only (the light is read every 1000 ms).
        keys_up.clone(),
        // 1000 ms: 0x0140 = 267 lx → 62 %: under the hysteresis, no event.
        keys_up.clone(),
        T::read(ADDR, vec![0x01, 0x40]),
        // 2000 ms: 5 lx → 20 %, the dim end.
        keys_up,
        T::read(ADDR, vec![0x00, 0x06]),
    ]);
    let sensor = Bh1750::new(i2c.clone(), ADDR)
        .into_continuous()
        .unwrap_or_else(|e| panic!("{}", e.error));
    let panel = ExpanderPanel::new(i2c.clone(), 0x20, ExpanderMap::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let card: super::NoCard = None;
    let mut unit = SeatUnit::new(panel, card, Some(sensor), UnitConfig::default());
    let mut events = Vec::new();
    for t in [0, 500, 1000, 2000] {
        unit.poll(Millis(t), |e| events.push((t, e)))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(
        events,
        vec![
            (0, SeatEvent::LightLevel(60)),
            (2000, SeatEvent::LightLevel(20))
        ]
    );
    i2c.done();
}
