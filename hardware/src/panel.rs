//! The key-and-LED panel of a seat: on GPIO pins or on a PCF8574.

use embedded_hal::digital::{InputPin, OutputPin};
use embedded_hal::i2c::I2c;

use crate::keys::{Key, KeyLevels};
use crate::leds::{Led, Leds};
use crate::pcf8574::{self, Pcf8574};

/// The keys and LEDs of a seat, whatever they hang on.
pub trait Panel {
    /// What reading or writing them can fail with.
    type Error: core::fmt::Debug;

    /// The raw level of every key (`true` is pressed), not debounced.
    fn read_keys(&mut self) -> Result<KeyLevels, Self::Error>;

    /// Lights the LEDs as `leds` says.
    fn set_leds(&mut self, leds: Leds) -> Result<(), Self::Error>;
}

/// Which electrical level means "pressed" or "lit".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    /// High is active.
    ActiveHigh,
    /// Low is active (a key to ground with a pull-up; an LED sunk by the pin).
    ActiveLow,
}

impl Polarity {
    /// `true` (active) for active-low polarity and `false` for active-high.
    pub const fn from_active_low(active_low: bool) -> Self {
        if active_low {
            Polarity::ActiveLow
        } else {
            Polarity::ActiveHigh
        }
    }

    const fn active(self, high: bool) -> bool {
        match self {
            Polarity::ActiveHigh => high,
            Polarity::ActiveLow => !high,
        }
    }
}

/// A GPIO panel error: a key pin or an LED pin failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PinError<KE, LE> {
    /// Reading a key pin failed.
    #[error("key pin: {0:?}")]
    Key(KE),
    /// Setting an LED pin failed.
    #[error("led pin: {0:?}")]
    Led(LE),
}

/// Keys and LEDs on eight GPIO pins.
///
/// Key pins: Yes, No, Abstain, Mic. LED pins: vote open, voted, floor, mic on.
/// The key pins share one error type, and so do the LED pins.
#[derive(Debug)]
pub struct PinPanel<KY, KN, KA, KM, LV, LD, LF, LM> {
    keys: (KY, KN, KA, KM),
    leds: (LV, LD, LF, LM),
    key_polarity: Polarity,
    led_polarity: Polarity,
}

impl<KY, KN, KA, KM, LV, LD, LF, LM> PinPanel<KY, KN, KA, KM, LV, LD, LF, LM>
where
    KY: InputPin,
    KN: InputPin<Error = KY::Error>,
    KA: InputPin<Error = KY::Error>,
    KM: InputPin<Error = KY::Error>,
    LV: OutputPin,
    LD: OutputPin<Error = LV::Error>,
    LF: OutputPin<Error = LV::Error>,
    LM: OutputPin<Error = LV::Error>,
{
    /// The panel on these pins. Does no I/O.
    pub fn new(
        keys: (KY, KN, KA, KM),
        key_polarity: Polarity,
        leds: (LV, LD, LF, LM),
        led_polarity: Polarity,
    ) -> Self {
        PinPanel {
            keys,
            leds,
            key_polarity,
            led_polarity,
        }
    }

    /// Hands the pins back.
    #[allow(clippy::type_complexity)]
    pub fn destroy(self) -> ((KY, KN, KA, KM), (LV, LD, LF, LM)) {
        (self.keys, self.leds)
    }

    fn set<P: OutputPin>(pin: &mut P, polarity: Polarity, on: bool) -> Result<(), P::Error> {
        if polarity.active(true) == on {
            pin.set_high()
        } else {
            pin.set_low()
        }
    }
}

impl<KY, KN, KA, KM, LV, LD, LF, LM> Panel for PinPanel<KY, KN, KA, KM, LV, LD, LF, LM>
where
    KY: InputPin,
    KN: InputPin<Error = KY::Error>,
    KA: InputPin<Error = KY::Error>,
    KM: InputPin<Error = KY::Error>,
    LV: OutputPin,
    LD: OutputPin<Error = LV::Error>,
    LF: OutputPin<Error = LV::Error>,
    LM: OutputPin<Error = LV::Error>,
{
    type Error = PinError<KY::Error, LV::Error>;

    fn read_keys(&mut self) -> Result<KeyLevels, Self::Error> {
        let polarity = self.key_polarity;
        let (yes, no, abstain, mic) = &mut self.keys;
        Ok(KeyLevels([
            polarity.active(yes.is_high().map_err(PinError::Key)?),
            polarity.active(no.is_high().map_err(PinError::Key)?),
            polarity.active(abstain.is_high().map_err(PinError::Key)?),
            polarity.active(mic.is_high().map_err(PinError::Key)?),
        ]))
    }

    fn set_leds(&mut self, leds: Leds) -> Result<(), Self::Error> {
        let polarity = self.led_polarity;
        let (vote_open, voted, floor, mic_on) = &mut self.leds;
        Self::set(vote_open, polarity, leds.vote_open).map_err(PinError::Led)?;
        Self::set(voted, polarity, leds.voted).map_err(PinError::Led)?;
        Self::set(floor, polarity, leds.floor).map_err(PinError::Led)?;
        Self::set(mic_on, polarity, leds.mic_on).map_err(PinError::Led)?;
        Ok(())
    }
}

/// Which expander bit (0..=7) each key and LED is wired to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpanderMap {
    /// Bits of Yes, No, Abstain, Mic (the order of [`Key::ALL`]).
    pub keys: [u8; 4],
    /// Bits of vote open, voted, floor, mic on (the order of [`Led::ALL`]).
    pub leds: [u8; 4],
    /// How a pressed key reads.
    pub key_polarity: Polarity,
    /// How a lit LED is driven.
    pub led_polarity: Polarity,
}

impl Default for ExpanderMap {
    /// Keys on P0..P3 to ground, LEDs on P4..P7 sunk by the chip (a PCF8574
    /// sinks far more current than it sources).
    fn default() -> Self {
        ExpanderMap {
            keys: [0, 1, 2, 3],
            leds: [4, 5, 6, 7],
            key_polarity: Polarity::ActiveLow,
            led_polarity: Polarity::ActiveLow,
        }
    }
}

/// Why an [`ExpanderMap`] cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MapError {
    /// A bit number above 7.
    #[error("expander bit {0} does not exist (0..=7)")]
    NoSuchBit(u8),
    /// Two keys or LEDs on one bit.
    #[error("expander bit {0} is used twice")]
    UsedTwice(u8),
}

impl ExpanderMap {
    /// The mask of the key bits, after checking that every bit exists and is
    /// used once.
    pub fn input_mask(&self) -> Result<u8, MapError> {
        let mut used = 0u8;
        for bit in self.keys.iter().chain(self.leds.iter()) {
            let mask = 1u8
                .checked_shl(u32::from(*bit))
                .ok_or(MapError::NoSuchBit(*bit))?;
            if used & mask != 0 {
                return Err(MapError::UsedTwice(*bit));
            }
            used |= mask;
        }
        Ok(self.keys.iter().fold(0, |m, b| m | (1 << b)))
    }

    /// The port byte that shows `leds` (input bits left at 0; the driver sets them).
    pub fn led_byte(&self, leds: Leds) -> u8 {
        let mut byte = 0u8;
        for (led, bit) in Led::ALL.into_iter().zip(self.leds) {
            let on = leds.is_on(led);
            if self.led_polarity.active(true) == on {
                byte |= 1 << bit;
            }
        }
        // LED bits not lit are driven low above; bits of neither kind stay high.
        let unused = !(self
            .keys
            .iter()
            .chain(self.leds.iter())
            .fold(0u8, |m, b| m | (1 << b)));
        byte | unused
    }

    /// The key levels a port byte shows.
    pub fn key_levels(&self, port: u8) -> KeyLevels {
        let mut levels = KeyLevels::default();
        for (key, bit) in Key::ALL.into_iter().zip(self.keys) {
            levels.set(key, self.key_polarity.active(port & (1 << bit) != 0));
        }
        levels
    }
}

/// Keys and LEDs on one PCF8574.
#[derive(Debug)]
pub struct ExpanderPanel<I2C> {
    chip: Pcf8574<I2C>,
    map: ExpanderMap,
}

impl<I2C: I2c> ExpanderPanel<I2C> {
    /// The panel on the expander at `address`, wired as `map`. Does no I/O.
    pub fn new(i2c: I2C, address: u8, map: ExpanderMap) -> Result<Self, MapError> {
        let inputs = map.input_mask()?;
        Ok(ExpanderPanel {
            chip: Pcf8574::new(i2c, address, inputs),
            map,
        })
    }

    /// Hands the bus back.
    pub fn destroy(self) -> I2C {
        self.chip.destroy()
    }
}

impl<I2C: I2c> Panel for ExpanderPanel<I2C> {
    type Error = pcf8574::Error<I2C::Error>;

    fn read_keys(&mut self) -> Result<KeyLevels, Self::Error> {
        let port = self.chip.read()?;
        Ok(self.map.key_levels(port))
    }

    fn set_leds(&mut self, leds: Leds) -> Result<(), Self::Error> {
        self.chip.write(self.map.led_byte(leds))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_with_a_bit_used_twice_is_refused() {
        let map = ExpanderMap {
            keys: [0, 1, 2, 3],
            leds: [3, 5, 6, 7],
            ..ExpanderMap::default()
        };
        assert_eq!(map.input_mask(), Err(MapError::UsedTwice(3)));
        let map = ExpanderMap {
            keys: [0, 1, 2, 8],
            ..ExpanderMap::default()
        };
        assert_eq!(map.input_mask(), Err(MapError::NoSuchBit(8)));
    }

    #[test]
    fn the_default_map_reads_keys_low_and_sinks_leds() {
        let map = ExpanderMap::default();
        assert_eq!(map.input_mask(), Ok(0x0F));
        // P1 (No) pulled low.
        assert_eq!(map.key_levels(0xFD), KeyLevels([false, true, false, false]));
        let leds = Leds {
            voted: true,
            ..Leds::default()
        };
        // Voted on P5 lit = low; the other LEDs high (off).
        assert_eq!(map.led_byte(leds) & 0xF0, 0b1101_0000);
    }
}
