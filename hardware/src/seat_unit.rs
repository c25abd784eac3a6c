//! [`SeatUnit`]: one place that polls the seat's hardware and turns it into
//! [`SeatEvent`]s, and takes the [`Leds`] to show.
//!
//! The unit reads no clock and spawns nothing: its owner calls
//! [`SeatUnit::poll`] every few milliseconds ([`KEY_POLL_MS`]) with the
//! time. Keys are read at every poll; the card reader and the light sensor
//! only when their own interval has passed.

use crate::backlight::{Backlight, BacklightCurve, LightSensor};
use crate::card::{CardChange, CardPresence, CardReader, Uid};
use crate::keys::{DebounceConfig, Key, KeyBank, KeyEdge, VoteKey};
use crate::leds::Leds;
use crate::panel::Panel;
use crate::time::Millis;

/// How often the owner should call [`SeatUnit::poll`] (ms): well inside
/// the debounce time.
pub const KEY_POLL_MS: u64 = 5;

/// What happened at the seat.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SeatEvent {
    /// A vote key was pressed.
    VoteKey(VoteKey),
    /// The microphone key was pressed, or held long.
    MicKey(MicPress),
    /// A key came up (after [`SeatEvent::VoteKey`] or [`SeatEvent::MicKey`]).
    KeyReleased(Key),
    /// A card was laid on the reader (once per card).
    CardPresented(Uid),
    /// The card was taken away (missing for [`UnitConfig::card_absent_polls`] polls).
    CardRemoved,
    /// The backlight should change to this level (percent).
    LightLevel(u8),
}

/// How the microphone key was pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MicPress {
    /// It went down.
    Pressed,
    /// It has been held for the long-press time.
    Long,
}

/// Timing and the backlight curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitConfig {
    /// Key debouncing and long press.
    pub debounce: DebounceConfig,
    /// How often the card reader is asked (ms).
    pub card_poll_ms: u32,
    /// Card polls without the card before it counts as removed.
    pub card_absent_polls: u8,
    /// How often the light sensor is read (ms).
    pub light_poll_ms: u32,
    /// The lux-to-backlight curve.
    pub backlight: BacklightCurve,
}

impl Default for UnitConfig {
    fn default() -> Self {
        UnitConfig {
            debounce: DebounceConfig::default(),
            card_poll_ms: 150,
            card_absent_polls: 3,
            light_poll_ms: 1000,
            backlight: BacklightCurve::default(),
        }
    }
}

/// A part of the seat unit failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SeatUnitError<PE, CE, LE> {
    /// The keys or LEDs.
    #[error("keys and leds: {0:?}")]
    Panel(PE),
    /// The card reader (a card that left mid-read, a bad answer, the bus).
    #[error("card reader: {0:?}")]
    Card(CE),
    /// The light sensor.
    #[error("light sensor: {0:?}")]
    Light(LE),
}

/// The error of a [`SeatUnit`] over these parts.
pub type UnitError<P, C, L> =
    SeatUnitError<<P as Panel>::Error, <C as CardReader>::Error, <L as LightSensor>::Error>;

/// A seat's keys, LEDs, card reader and light sensor.
#[derive(Debug)]
pub struct SeatUnit<P, C, L> {
    panel: P,
    card: C,
    light: L,
    config: UnitConfig,
    keys: KeyBank,
    presence: CardPresence,
    backlight: Backlight,
    next_card: Millis,
    next_light: Millis,
    leds: Leds,
}

impl<P: Panel, C: CardReader, L: LightSensor> SeatUnit<P, C, L> {
    /// The unit over these parts (already set up: the reader initialised,
    /// the sensor measuring). Does no I/O; the first poll reads everything.
    pub fn new(panel: P, card: C, light: L, config: UnitConfig) -> Self {
        SeatUnit {
            panel,
            card,
            light,
            keys: KeyBank::new(config.debounce),
            presence: CardPresence::new(config.card_absent_polls),
            backlight: Backlight::new(config.backlight),
            next_card: Millis(0),
            next_light: Millis(0),
            leds: Leds::default(),
            config,
        }
    }

    /// Hands the parts back.
    pub fn destroy(self) -> (P, C, L) {
        (self.panel, self.card, self.light)
    }

    /// The panel, for what the unit does not do itself.
    pub fn panel_mut(&mut self) -> &mut P {
        &mut self.panel
    }

    /// The LEDs as last set.
    pub const fn leds(&self) -> Leds {
        self.leds
    }

    /// The card on the reader, as far as the polls tell.
    pub const fn card(&self) -> Option<Uid> {
        self.presence.current()
    }

    /// Whether `key` is down, debounced.
    pub const fn is_pressed(&self, key: Key) -> bool {
        self.keys.is_pressed(key)
    }

    /// Shows `leds`.
    pub fn set_leds(&mut self, leds: Leds) -> Result<(), UnitError<P, C, L>> {
        self.panel.set_leds(leds).map_err(SeatUnitError::Panel)?;
        self.leds = leds;
        Ok(())
    }

    /// Reads what is due at `now` and calls `event` for what happened.
    ///
    /// Every part is tried even if another fails; the first failure is
    /// returned, after the events of the parts that worked. A card read that
    /// fails counts as a poll without the card.
    pub fn poll(
        &mut self,
        now: Millis,
        mut event: impl FnMut(SeatEvent),
    ) -> Result<(), UnitError<P, C, L>> {
        let mut first_error = None;

        match self.panel.read_keys() {
            Ok(levels) => self.keys.update(levels, now, |key, edge| {
                if let Some(e) = key_event(key, edge) {
                    event(e);
                }
            }),
            Err(e) => first_error = Some(SeatUnitError::Panel(e)),
        }

        if now >= self.next_card {
            self.next_card = now.plus(u64::from(self.config.card_poll_ms));
            let seen = match self.card.read_card() {
                Ok(seen) => seen,
                Err(e) => {
                    first_error.get_or_insert(SeatUnitError::Card(e));
                    None
                }
            };
            self.presence.update(seen, |change| {
                event(match change {
                    CardChange::Presented(uid) => SeatEvent::CardPresented(uid),
                    CardChange::Removed => SeatEvent::CardRemoved,
                });
            });
        }

        if now >= self.next_light {
            self.next_light = now.plus(u64::from(self.config.light_poll_ms));
            match self.light.read_lux() {
                Ok(Some(lux)) => {
                    if let Some(level) = self.backlight.update(lux) {
                        event(SeatEvent::LightLevel(level));
                    }
                }
                Ok(None) => {}
                Err(e) => {
                    first_error.get_or_insert(SeatUnitError::Light(e));
                }
            }
        }

        first_error.map_or(Ok(()), Err)
    }
}

/// The event a key edge makes: vote keys report presses and releases, the
/// microphone key also long presses.
fn key_event(key: Key, edge: KeyEdge) -> Option<SeatEvent> {
    match (edge, key.vote()) {
        (KeyEdge::Pressed, Some(vote)) => Some(SeatEvent::VoteKey(vote)),
        (KeyEdge::Pressed, None) => Some(SeatEvent::MicKey(MicPress::Pressed)),
        (KeyEdge::LongPress, None) => Some(SeatEvent::MicKey(MicPress::Long)),
        (KeyEdge::LongPress, Some(_)) => None,
        (KeyEdge::Released { .. }, _) => Some(SeatEvent::KeyReleased(key)),
    }
}
