//! The `[hardware]` table of kiosk.toml, typed (see the crate docs for a
//! commented example).

use std::path::PathBuf;

use serde::Deserialize;

use crate::backlight::BacklightCurve;
use crate::keys::DebounceConfig;
use crate::panel::{ExpanderMap, Polarity};
use crate::seat_unit::UnitConfig;

/// The whole `[hardware]` table.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HardwareConfig {
    /// Which seat unit the kiosk drives.
    pub backend: Backend,
    /// Debouncing and poll intervals.
    pub timing: Timing,
    /// The lux-to-backlight curve.
    pub backlight: BacklightCurve,
    /// The screen whose backlight follows the light.
    pub screen: ScreenConfig,
    /// Keys on GPIO lines.
    pub keys: Option<GpioKeys>,
    /// LEDs on GPIO lines.
    pub leds: Option<GpioLeds>,
    /// Keys and LEDs on a PCF8574 (instead of `keys` and `leds`).
    pub expander: Option<Expander>,
    /// The MFRC522 card reader.
    pub card_reader: Option<CardReaderConfig>,
    /// The BH1750 light sensor.
    pub light_sensor: Option<LightSensorConfig>,
    /// The simulated seat unit.
    pub sim: SimConfig,
}

/// Which seat unit the kiosk drives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// No hardware: the touchscreen is all there is.
    #[default]
    None,
    /// Real parts through Linux device files.
    Linux,
    /// A simulated unit, driven from code or a Unix socket.
    Sim,
}

/// Debouncing and poll intervals, all in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timing {
    /// A key level must hold this long to count.
    pub debounce_ms: u32,
    /// Held this long, a press is a long press.
    pub long_press_ms: u32,
    /// How often the card reader looks for a card.
    pub card_poll_ms: u32,
    /// Polls without the card before it counts as removed.
    pub card_absent_polls: u8,
    /// How often the light sensor is read.
    pub light_poll_ms: u32,
}

impl Default for Timing {
    fn default() -> Self {
        let unit = UnitConfig::default();
        Timing {
            debounce_ms: unit.debounce.settle_ms,
            long_press_ms: unit.debounce.long_press_ms,
            card_poll_ms: unit.card_poll_ms,
            card_absent_polls: unit.card_absent_polls,
            light_poll_ms: unit.light_poll_ms,
        }
    }
}

impl HardwareConfig {
    /// The seat unit's timing and backlight curve.
    pub fn unit(&self) -> UnitConfig {
        UnitConfig {
            debounce: DebounceConfig {
                settle_ms: self.timing.debounce_ms,
                long_press_ms: self.timing.long_press_ms,
            },
            card_poll_ms: self.timing.card_poll_ms,
            card_absent_polls: self.timing.card_absent_polls,
            light_poll_ms: self.timing.light_poll_ms,
            backlight: self.backlight,
        }
    }
}

/// The four keys on lines of one GPIO chip.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpioKeys {
    /// The chip: `/dev/gpiochip0`.
    pub chip: PathBuf,
    /// Line offset of the Yes key.
    pub yes: u32,
    /// Line offset of the No key.
    pub no: u32,
    /// Line offset of the Abstain key.
    pub abstain: u32,
    /// Line offset of the microphone key.
    pub mic: u32,
    /// A pressed key pulls its line low (the usual wiring, with a pull-up).
    #[serde(default = "yes")]
    pub active_low: bool,
}

/// The four LEDs on lines of one GPIO chip.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GpioLeds {
    /// The chip: `/dev/gpiochip0`.
    pub chip: PathBuf,
    /// Line offset of the vote-open LED.
    pub vote_open: u32,
    /// Line offset of the voted LED.
    pub voted: u32,
    /// Line offset of the floor LED.
    pub floor: u32,
    /// Line offset of the mic-on LED.
    pub mic_on: u32,
    /// A lit LED is driven low.
    #[serde(default)]
    pub active_low: bool,
}

/// Keys and LEDs on one PCF8574.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expander {
    /// The I2C bus: `/dev/i2c-1`.
    pub bus: PathBuf,
    /// The 7-bit address (0x20..=0x27, or 0x38..=0x3F for a PCF8574A).
    #[serde(default = "expander_address")]
    pub address: u8,
    /// Bits of the keys.
    #[serde(default)]
    pub keys: KeyBits,
    /// Bits of the LEDs.
    #[serde(default)]
    pub leds: LedBits,
    /// A pressed key pulls its bit low.
    #[serde(default = "yes")]
    pub keys_active_low: bool,
    /// A lit LED is sunk by the chip (bit low).
    #[serde(default = "yes")]
    pub leds_active_low: bool,
}

/// Expander bits (0..=7) of the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyBits {
    /// Yes.
    pub yes: u8,
    /// No.
    pub no: u8,
    /// Abstain.
    pub abstain: u8,
    /// Microphone.
    pub mic: u8,
}

impl Default for KeyBits {
    fn default() -> Self {
        KeyBits {
            yes: 0,
            no: 1,
            abstain: 2,
            mic: 3,
        }
    }
}

/// Expander bits (0..=7) of the LEDs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LedBits {
    /// Vote open.
    pub vote_open: u8,
    /// Voted.
    pub voted: u8,
    /// Floor.
    pub floor: u8,
    /// Mic on.
    pub mic_on: u8,
}

impl Default for LedBits {
    fn default() -> Self {
        LedBits {
            vote_open: 4,
            voted: 5,
            floor: 6,
            mic_on: 7,
        }
    }
}

impl Expander {
    /// The bit map the panel driver takes.
    pub fn map(&self) -> ExpanderMap {
        ExpanderMap {
            keys: [
                self.keys.yes,
                self.keys.no,
                self.keys.abstain,
                self.keys.mic,
            ],
            leds: [
                self.leds.vote_open,
                self.leds.voted,
                self.leds.floor,
                self.leds.mic_on,
            ],
            key_polarity: Polarity::from_active_low(self.keys_active_low),
            led_polarity: Polarity::from_active_low(self.leds_active_low),
        }
    }
}

/// The MFRC522 on a spidev device.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardReaderConfig {
    /// The device: `/dev/spidev0.0`.
    pub spi: PathBuf,
    /// SPI clock (Hz); the chip takes up to 10 MHz.
    #[serde(default = "spi_speed")]
    pub speed_hz: u32,
}

/// The BH1750 on an I2C bus.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LightSensorConfig {
    /// The I2C bus: `/dev/i2c-1` (it may be the expander's).
    pub bus: PathBuf,
    /// 0x23 (ADDR low) or 0x5C (ADDR high).
    #[serde(default = "light_address")]
    pub address: u8,
}

/// The screen.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScreenConfig {
    /// The sysfs backlight folder (`/sys/class/backlight/10-0045`); `None`:
    /// the light level is only logged.
    pub backlight: Option<PathBuf>,
}

/// The simulated seat unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SimConfig {
    /// A Unix socket path to listen on for command lines.
    pub socket: Option<PathBuf>,
}

fn yes() -> bool {
    true
}

fn expander_address() -> u8 {
    crate::pcf8574::BASE_ADDRESS
}

fn light_address() -> u8 {
    crate::bh1750::ADDRESS_LOW
}

fn spi_speed() -> u32 {
    1_000_000
}
