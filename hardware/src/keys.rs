//! The seat's keys and their debouncing.
//!
//! A [`Debouncer`] is a pure state machine: it is given the raw level of a key
//! and the time ([`Millis`]) at every poll, and answers with an edge when the
//! level has held long enough. It reads no pin and no clock, so a test drives
//! it sample by sample.

use crate::time::Millis;

/// A key of the seat unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    /// Tán thành (yes).
    Yes,
    /// Không tán thành (no).
    No,
    /// Không biểu quyết (abstain).
    Abstain,
    /// The microphone key: ask for the floor, or give it back.
    Mic,
}

impl Key {
    /// Every key, in the order of [`Key::index`].
    pub const ALL: [Key; 4] = [Key::Yes, Key::No, Key::Abstain, Key::Mic];

    /// The key's place in [`Key::ALL`] and in a [`KeyLevels`].
    pub const fn index(self) -> usize {
        match self {
            Key::Yes => 0,
            Key::No => 1,
            Key::Abstain => 2,
            Key::Mic => 3,
        }
    }

    /// The vote this key stands for, if it is a vote key.
    pub const fn vote(self) -> Option<VoteKey> {
        match self {
            Key::Yes => Some(VoteKey::Yes),
            Key::No => Some(VoteKey::No),
            Key::Abstain => Some(VoteKey::Abstain),
            Key::Mic => None,
        }
    }
}

/// One of the three vote keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VoteKey {
    /// Tán thành.
    Yes,
    /// Không tán thành.
    No,
    /// Không biểu quyết.
    Abstain,
}

impl From<VoteKey> for Key {
    fn from(v: VoteKey) -> Key {
        match v {
            VoteKey::Yes => Key::Yes,
            VoteKey::No => Key::No,
            VoteKey::Abstain => Key::Abstain,
        }
    }
}

/// The raw (not yet debounced) state of every key: `true` is pressed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeyLevels(pub [bool; 4]);

impl KeyLevels {
    /// Whether `key` reads as pressed.
    pub const fn is_pressed(&self, key: Key) -> bool {
        self.0[key.index()]
    }

    /// Sets the level of `key`.
    pub fn set(&mut self, key: Key, pressed: bool) {
        self.0[key.index()] = pressed;
    }
}

/// How long levels must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DebounceConfig {
    /// A new level counts once it has held this long (ms).
    pub settle_ms: u32,
    /// A press held this long (ms, from when it went down) is a long press.
    pub long_press_ms: u32,
}

impl Default for DebounceConfig {
    fn default() -> Self {
        DebounceConfig {
            settle_ms: 20,
            long_press_ms: 1500,
        }
    }
}

/// What a debounced key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyEdge {
    /// The key went down (and stayed down for the settle time).
    Pressed,
    /// The key has been held down for the long-press time; once per press.
    LongPress,
    /// The key came up.
    Released {
        /// Whether this press had been reported as a long press.
        after_long: bool,
    },
}

/// A debounced key: a state machine over (raw level, time) samples.
#[derive(Debug, Clone, Copy)]
pub struct Debouncer {
    config: DebounceConfig,
    /// The debounced level.
    stable: bool,
    /// The last raw level and when it was first seen.
    raw: bool,
    raw_since: Millis,
    /// Whether the current press was reported as long.
    long_sent: bool,
}

impl Debouncer {
    /// A released key.
    pub const fn new(config: DebounceConfig) -> Self {
        Debouncer {
            config,
            stable: false,
            raw: false,
            raw_since: Millis(0),
            long_sent: false,
        }
    }

    /// Whether the key is down, debounced.
    pub const fn is_pressed(&self) -> bool {
        self.stable
    }

    /// Takes the raw level at `now`; returns an edge when the debounced
    /// state changes or a press becomes long. At most one edge per sample.
    pub fn update(&mut self, pressed: bool, now: Millis) -> Option<KeyEdge> {
        if pressed != self.raw {
            self.raw = pressed;
            self.raw_since = now;
        }
        let held = now.since(self.raw_since);
        if self.raw != self.stable && held >= u64::from(self.config.settle_ms) {
            self.stable = self.raw;
            return Some(if self.stable {
                self.long_sent = false;
                KeyEdge::Pressed
            } else {
                let after_long = self.long_sent;
                self.long_sent = false;
                KeyEdge::Released { after_long }
            });
        }
        if self.stable
            && self.raw
            && !self.long_sent
            && held >= u64::from(self.config.long_press_ms)
        {
            self.long_sent = true;
            return Some(KeyEdge::LongPress);
        }
        None
    }
}

/// The four keys' debouncers.
#[derive(Debug, Clone, Copy)]
pub struct KeyBank {
    keys: [Debouncer; 4],
}

impl KeyBank {
    /// Four released keys.
    pub const fn new(config: DebounceConfig) -> Self {
        KeyBank {
            keys: [Debouncer::new(config); 4],
        }
    }

    /// Feeds one sample of every key; calls `edge` for each key that changed.
    pub fn update(&mut self, levels: KeyLevels, now: Millis, mut edge: impl FnMut(Key, KeyEdge)) {
        for key in Key::ALL {
            if let Some(e) = self.keys[key.index()].update(levels.is_pressed(key), now) {
                edge(key, e);
            }
        }
    }

    /// Whether `key` is down, debounced.
    pub const fn is_pressed(&self, key: Key) -> bool {
        self.keys[key.index()].is_pressed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(d: &mut Debouncer, samples: &[(u64, bool)]) -> [Option<KeyEdge>; 16] {
        let mut out = [None; 16];
        for (i, (t, level)) in samples.iter().enumerate() {
            out[i] = d.update(*level, Millis(*t));
        }
        out
    }

    #[test]
    fn a_level_shorter_than_the_settle_time_is_ignored() {
        let mut d = Debouncer::new(DebounceConfig::default());
        let out = feed(
            &mut d,
            &[(0, true), (10, true), (19, true), (25, false), (60, false)],
        );
        assert!(out.iter().all(Option::is_none), "{out:?}");
        assert!(!d.is_pressed());
    }

    #[test]
    fn a_zero_settle_time_passes_every_level_at_once() {
        let mut d = Debouncer::new(DebounceConfig {
            settle_ms: 0,
            long_press_ms: 100,
        });
        assert_eq!(d.update(true, Millis(5)), Some(KeyEdge::Pressed));
        assert_eq!(d.update(true, Millis(105)), Some(KeyEdge::LongPress));
        assert_eq!(
            d.update(false, Millis(106)),
            Some(KeyEdge::Released { after_long: true })
        );
    }

    #[test]
    fn a_long_press_is_reported_once_per_press() {
        let mut d = Debouncer::new(DebounceConfig {
            settle_ms: 10,
            long_press_ms: 100,
        });
        assert_eq!(d.update(true, Millis(0)), None);
        assert_eq!(d.update(true, Millis(10)), Some(KeyEdge::Pressed));
        assert_eq!(d.update(true, Millis(100)), Some(KeyEdge::LongPress));
        assert_eq!(d.update(true, Millis(5000)), None);
    }
}
