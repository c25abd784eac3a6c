//! phonghop seat hardware: what a seat unit has besides its screen.
//!
//! Drivers over embedded-hal 1.0 traits, each handed its bus and handing it
//! back (`new(bus, …)` / `destroy()`), each with its own `Error<E>` wrapping
//! the bus error:
//!
//! - [`keys`]: a debouncer per key (Yes / No / Abstain, that is Tán thành /
//!   Không tán thành / Không biểu quyết, and the microphone key) as a pure
//!   state machine that takes the time as an input: press, release, long press;
//! - [`leds`]: the vote-open, voted, floor and mic-on indicators;
//! - [`panel`]: keys and LEDs together, on GPIO pins ([`panel::PinPanel`]) or on
//!   a PCF8574-class I2C expander ([`panel::ExpanderPanel`] over [`pcf8574`]);
//! - [`mfrc522`]: an MFRC522 card reader over `SpiDevice`: REQA/WUPA,
//!   anticollision and SELECT over the cascade levels, the UID;
//! - [`bh1750`]: a BH1750-class ambient light sensor, and [`backlight`], the
//!   pure mapping from lux to a backlight level;
//! - [`screen`] (with `config`): the screen's sysfs backlight, set in percent;
//! - [`seat_unit`]: [`SeatUnit`], the one place that polls all of the above and
//!   turns it into [`SeatEvent`]s, and takes the [`Leds`] to show.
//!
//! The drivers know nothing of meetings: the kiosk maps a [`SeatEvent`] to a
//! seat command (sign in, cast, ask for the floor).
//!
//! Without features the crate is `no_std` and allocates nothing. Features:
//! `std`; `config` (the typed `[hardware]` table, serde); `linux` (the Linux
//! backend: gpio-cdev lines, spidev, i2cdev); `sim` (a simulated seat unit
//! for desktops and tests, driven from code or a Unix socket).
//!
//! # The `[hardware]` table of kiosk.toml
//!
//! With the `config` feature, [`config::HardwareConfig`] reads this table
//! (every key has a default; a seat with no table has no hardware):
//!
//! ```toml
//! [hardware]
//! # "none" (the default), "linux" or "sim".
//! backend = "linux"
//!
//! [hardware.timing]
//! debounce_ms = 20          # a key level must hold this long to count
//! long_press_ms = 1500      # held this long, a press is a long press
//! card_poll_ms = 150        # how often the card reader looks for a card
//! card_absent_polls = 3     # polls without the card before it counts as removed
//! light_poll_ms = 1000      # how often the light sensor is read
//!
//! [hardware.backlight]
//! dark_lux = 10.0           # at or below: min_percent
//! bright_lux = 500.0        # at or above: max_percent
//! min_percent = 20
//! max_percent = 100
//! hysteresis_percent = 5    # smaller changes are not passed on
//!
//! [hardware.screen]
//! # The screen's sysfs backlight the light level is applied to (left out:
//! # the level is only logged).
//! backlight = "/sys/class/backlight/10-0045"
//!
//! # Keys and LEDs on GPIO lines (gpio-cdev chip and line offsets) ...
//! [hardware.keys]
//! chip = "/dev/gpiochip0"
//! yes = 17
//! no = 27
//! abstain = 22
//! mic = 23
//! active_low = true         # a key pulls its line to ground
//!
//! [hardware.leds]
//! chip = "/dev/gpiochip0"
//! vote_open = 5
//! voted = 6
//! floor = 13
//! mic_on = 19
//! active_low = false
//!
//! # ... or all eight on one PCF8574 (then leave out keys and leds).
//! # [hardware.expander]
//! # bus = "/dev/i2c-1"
//! # address = 0x20
//! # keys = { yes = 0, no = 1, abstain = 2, mic = 3 }
//! # leds = { vote_open = 4, voted = 5, floor = 6, mic_on = 7 }
//! # keys_active_low = true
//! # leds_active_low = true
//!
//! [hardware.card_reader]
//! spi = "/dev/spidev0.0"
//! speed_hz = 1000000
//!
//! [hardware.light_sensor]
//! bus = "/dev/i2c-1"
//! address = 0x23
//!
//! [hardware.sim]
//! # The simulated seat unit listens here for lines such as
//! # "card 04A1B2C3", "remove", "key yes|no|abstain|mic".
//! socket = "/run/phonghop/seat-sim.sock"
//! ```
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs, unsafe_code)]

pub mod backlight;
pub mod bh1750;
pub mod card;
pub mod keys;
pub mod leds;
pub mod mfrc522;
pub mod panel;
pub mod pcf8574;
pub mod seat_unit;
pub mod time;

#[cfg(feature = "config")]
pub mod config;
#[cfg(feature = "linux")]
pub mod linux;
#[cfg(feature = "config")]
pub mod screen;
#[cfg(feature = "sim")]
pub mod sim;

pub use backlight::{Backlight, BacklightCurve, LightSensor};
pub use card::{CardReader, Uid};
pub use keys::{DebounceConfig, Debouncer, Key, KeyEdge, KeyLevels, VoteKey};
pub use leds::Leds;
pub use panel::Panel;
pub use seat_unit::{MicPress, SeatEvent, SeatUnit, SeatUnitError, UnitConfig};
pub use time::Millis;
