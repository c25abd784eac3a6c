//! The drivers against embedded-hal-mock expectations, each ending in
//! `.done()`: every expected bus transaction happened, and no other.
//!
//! One integration test binary; one module per driver.

mod bh1750;
#[cfg(feature = "config")]
mod config;
mod keys;
mod mfrc522;
mod pcf8574;
#[cfg(feature = "config")]
mod screen;
#[cfg(feature = "sim")]
mod sim;

use hardware::{Millis, Panel, SeatEvent, SeatUnit};

/// A card reader type for seat units that have none.
type NoCard = Option<
    hardware::mfrc522::Mfrc522<
        embedded_hal_mock::eh1::spi::Mock<u8>,
        embedded_hal_mock::eh1::delay::NoopDelay,
    >,
>;
/// A light sensor type for seat units that have none.
type NoLight = Option<
    hardware::bh1750::Bh1750<embedded_hal_mock::eh1::i2c::Mock, hardware::bh1750::Continuous>,
>;

/// Polls `unit` at each of `times` (ms) and returns the events with their time.
fn poll_at<P: Panel>(
    unit: &mut SeatUnit<P, NoCard, NoLight>,
    times: impl IntoIterator<Item = u64>,
) -> Vec<(u64, SeatEvent)> {
    let mut events = Vec::new();
    for t in times {
        unit.poll(Millis(t), |e| events.push((t, e)))
            .unwrap_or_else(|e| panic!("poll at {t}: {e}"));
    }
    events
}
