//! A simulated seat unit, for desktops, demos and tests.
//!
//! [`SimSeatUnit`] is a [`SeatUnit`] over simulated parts, so it makes the
//! same [`SeatEvent`]s, through the same debouncing and card presence, as a
//! real unit. A [`SimHandle`] (cheap to clone, usable from any thread)
//! presses keys, lays a card on the reader and sets the light; it also sees
//! the LEDs the kiosk lit.
//!
//! The handle can be driven by lines of text ([`SimCommand`]), one per line,
//! from a Unix socket ([`serve`]) or a command line flag:
//!
//! ```text
//! card 04A1B2C3        lay the card with this UID (hex) on the reader
//! remove               take the card away
//! key yes|no|abstain|mic   tap a key (pressed, then released once the unit saw it)
//! press yes|no|abstain|mic hold a key down
//! release yes|no|abstain|mic
//! lux 250              set the ambient light
//! leds                 which LEDs the kiosk lit: "ok vote_open voted floor mic_on",
//!                      naming only those lit
//! ```
//!
//! Each line is answered with `ok` or `error: <why>`. Try it with
//! `socat - UNIX-CONNECT:/run/phonghop/seat-sim.sock`.

use std::convert::Infallible;
use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::net::{UnixListener, UnixStream};
use std::str::FromStr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::backlight::LightSensor;
use crate::card::{CardReader, Uid, UidParseError};
use crate::keys::{Key, KeyLevels};
use crate::leds::Leds;
use crate::panel::Panel;
use crate::seat_unit::{MicPress, SeatEvent, SeatUnit, UnitConfig};
use crate::time::Millis;

#[derive(Debug, Default)]
struct SimState {
    levels: KeyLevels,
    /// Keys pressed by a tap, released once the unit reports the press.
    taps: [bool; 4],
    /// Keys the unit reported down and not yet up (debounced).
    down: [bool; 4],
    /// Taps asked for while the key was still down: each waits for the
    /// unit to report the key up, as a finger lifts before pressing again.
    queued: [u8; 4],
    card: Option<Uid>,
    lux: Option<f32>,
    leds: Leds,
}

impl SimState {
    /// The unit reported `key` down: a tap lets it up.
    fn pressed(&mut self, key: Key) {
        let i = key.index();
        self.down[i] = true;
        if self.taps[i] {
            self.taps[i] = false;
            self.levels.set(key, false);
        }
    }
}

/// Drives a simulated seat unit from anywhere: cheap to clone, thread-safe.
#[derive(Debug, Clone, Default)]
pub struct SimHandle(Arc<Mutex<SimState>>);

impl SimHandle {
    fn state(&self) -> MutexGuard<'_, SimState> {
        // The state stays consistent whatever panicked while holding it.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Holds `key` down.
    pub fn press(&self, key: Key) {
        let mut s = self.state();
        s.levels.set(key, true);
        s.taps[key.index()] = false;
        s.queued[key.index()] = 0;
    }

    /// Lets `key` up.
    pub fn release(&self, key: Key) {
        let mut s = self.state();
        s.levels.set(key, false);
        s.taps[key.index()] = false;
        s.queued[key.index()] = 0;
    }

    /// Lets `key` up once the unit has seen it down (at once if it has): a
    /// keyboard's key released within the debounce time still counts as one
    /// press, as a real key held that briefly would not but a finger does.
    pub fn let_up(&self, key: Key) {
        let mut s = self.state();
        let i = key.index();
        if s.down[i] || !s.levels.is_pressed(key) {
            s.levels.set(key, false);
            s.taps[i] = false;
        } else {
            s.taps[i] = true;
        }
    }

    /// Presses `key` and lets it up as soon as the unit has reported the
    /// press: one press, whatever the poll rate and debounce time. A tap
    /// while the key is still down (the unit has not yet seen it come up
    /// from the last one) waits for that, so taps in a row are each a press.
    pub fn tap(&self, key: Key) {
        let mut s = self.state();
        let i = key.index();
        if s.taps[i] || s.down[i] {
            s.queued[i] = s.queued[i].saturating_add(1);
        } else {
            s.levels.set(key, true);
            s.taps[i] = true;
        }
    }

    /// Lays the card `uid` on the reader (replacing any card there).
    pub fn present_card(&self, uid: Uid) {
        self.state().card = Some(uid);
    }

    /// Takes the card away.
    pub fn remove_card(&self) {
        self.state().card = None;
    }

    /// Sets the ambient light; `None` is a seat without a sensor.
    pub fn set_lux(&self, lux: Option<f32>) {
        self.state().lux = lux;
    }

    /// Whether `key` is held down. A tapped key is down until the unit has
    /// reported its press to the poller (the event is handed on first).
    pub fn is_down(&self, key: Key) -> bool {
        self.state().levels.is_pressed(key)
    }

    /// The LEDs as the kiosk last set them.
    pub fn leds(&self) -> Leds {
        self.state().leds
    }

    /// Carries out one command.
    pub fn apply(&self, command: SimCommand) {
        match command {
            SimCommand::Card(uid) => self.present_card(uid),
            SimCommand::Remove => self.remove_card(),
            SimCommand::Tap(key) => self.tap(key),
            SimCommand::Press(key) => self.press(key),
            SimCommand::Release(key) => self.release(key),
            SimCommand::Lux(lux) => self.set_lux(Some(lux)),
            SimCommand::Leds => {}
        }
    }

    /// The key presses the unit reported: a tapped key goes up now.
    fn saw(&self, event: &SeatEvent) {
        let mut s = self.state();
        match *event {
            SeatEvent::VoteKey(v) => s.pressed(Key::from(v)),
            SeatEvent::MicKey(MicPress::Pressed) => s.pressed(Key::Mic),
            SeatEvent::KeyReleased(key) => {
                let i = key.index();
                s.down[i] = false;
                if s.queued[i] > 0 {
                    s.queued[i] -= 1;
                    s.levels.set(key, true);
                    s.taps[i] = true;
                }
            }
            _ => {}
        }
    }
}

/// The simulated keys and LEDs.
#[derive(Debug, Clone)]
pub struct SimPanel(SimHandle);

impl Panel for SimPanel {
    type Error = Infallible;

    fn read_keys(&mut self) -> Result<KeyLevels, Infallible> {
        Ok(self.0.state().levels)
    }

    fn set_leds(&mut self, leds: Leds) -> Result<(), Infallible> {
        self.0.state().leds = leds;
        Ok(())
    }
}

/// The simulated card reader.
#[derive(Debug, Clone)]
pub struct SimCardReader(SimHandle);

impl CardReader for SimCardReader {
    type Error = Infallible;

    fn read_card(&mut self) -> Result<Option<Uid>, Infallible> {
        Ok(self.0.state().card)
    }
}

/// The simulated light sensor.
#[derive(Debug, Clone)]
pub struct SimLightSensor(SimHandle);

impl LightSensor for SimLightSensor {
    type Error = Infallible;

    fn read_lux(&mut self) -> Result<Option<f32>, Infallible> {
        Ok(self.0.state().lux)
    }
}

/// A [`SeatUnit`] over simulated parts.
#[derive(Debug)]
pub struct SimSeatUnit {
    unit: SeatUnit<SimPanel, SimCardReader, SimLightSensor>,
    handle: SimHandle,
}

impl SimSeatUnit {
    /// A unit with no key down, no card and no light reading.
    pub fn new(config: UnitConfig) -> Self {
        let handle = SimHandle::default();
        SimSeatUnit {
            unit: SeatUnit::new(
                SimPanel(handle.clone()),
                SimCardReader(handle.clone()),
                SimLightSensor(handle.clone()),
                config,
            ),
            handle,
        }
    }

    /// A handle that drives this unit.
    pub fn handle(&self) -> SimHandle {
        self.handle.clone()
    }

    /// Polls the unit at `now`, as [`SeatUnit::poll`] does; never fails.
    pub fn poll(&mut self, now: Millis, mut event: impl FnMut(SeatEvent)) {
        let handle = &self.handle;
        let polled = self.unit.poll(now, |e| {
            // Handed on before the tapped key goes up: whoever sees the key
            // up knows the event has been delivered.
            event(e);
            handle.saw(&e);
        });
        // The simulated parts cannot fail.
        if let Err(e) = polled {
            match e {}
        }
    }

    /// Shows `leds` (the handle sees them).
    pub fn set_leds(&mut self, leds: Leds) {
        if let Err(e) = self.unit.set_leds(leds) {
            match e {}
        }
    }
}

/// One line of the simulation protocol.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SimCommand {
    /// `card 04A1B2C3`: lay this card on the reader.
    Card(Uid),
    /// `remove`: take the card away.
    Remove,
    /// `key yes`: tap a key.
    Tap(Key),
    /// `press yes`: hold a key down.
    Press(Key),
    /// `release yes`: let a key up.
    Release(Key),
    /// `lux 250`: set the ambient light.
    Lux(f32),
    /// `leds`: ask which LEDs are lit (answered `ok vote_open voted floor
    /// mic_on`, naming only those lit).
    Leds,
}

/// Why a line is not a command.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SimParseError {
    /// An empty line.
    #[error("empty line")]
    Empty,
    /// An unknown first word.
    #[error("unknown command {0:?}: card, remove, key, press, release, lux or leds")]
    Unknown(String),
    /// A command without the word it needs.
    #[error("{0} needs an argument")]
    Missing(&'static str),
    /// Words left over.
    #[error("unexpected {0:?} at the end")]
    Extra(String),
    /// A bad card UID.
    #[error(transparent)]
    Uid(#[from] UidParseError),
    /// A key name that is not a key.
    #[error("no key {0:?}: yes, no, abstain or mic")]
    Key(String),
    /// A light level that is not a number.
    #[error("{0:?} is not a light level in lux")]
    Lux(String),
}

fn key_named(word: &str) -> Result<Key, SimParseError> {
    match word.to_ascii_lowercase().as_str() {
        "yes" => Ok(Key::Yes),
        "no" => Ok(Key::No),
        "abstain" => Ok(Key::Abstain),
        "mic" => Ok(Key::Mic),
        _ => Err(SimParseError::Key(word.to_owned())),
    }
}

impl FromStr for SimCommand {
    type Err = SimParseError;

    fn from_str(line: &str) -> Result<Self, SimParseError> {
        let mut words = line.split_whitespace();
        let verb = words.next().ok_or(SimParseError::Empty)?;
        let verb = verb.to_ascii_lowercase();
        let mut arg = |name| words.next().ok_or(SimParseError::Missing(name));
        let command = match verb.as_str() {
            "card" => SimCommand::Card(arg("card")?.parse()?),
            "remove" => SimCommand::Remove,
            "leds" => SimCommand::Leds,
            "key" => SimCommand::Tap(key_named(arg("key")?)?),
            "press" => SimCommand::Press(key_named(arg("press")?)?),
            "release" => SimCommand::Release(key_named(arg("release")?)?),
            "lux" => {
                let word = arg("lux")?;
                let lux: f32 = word
                    .parse()
                    .map_err(|_| SimParseError::Lux(word.to_owned()))?;
                if !lux.is_finite() || lux < 0.0 {
                    return Err(SimParseError::Lux(word.to_owned()));
                }
                SimCommand::Lux(lux)
            }
            _ => return Err(SimParseError::Unknown(verb)),
        };
        match words.next() {
            Some(extra) => Err(SimParseError::Extra(extra.to_owned())),
            None => Ok(command),
        }
    }
}

/// The lit LEDs as the `leds` answer names them, each after a space.
fn lit(leds: Leds) -> String {
    [
        (leds.vote_open, " vote_open"),
        (leds.voted, " voted"),
        (leds.floor, " floor"),
        (leds.mic_on, " mic_on"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| *name)
    .collect()
}

/// Answers the command lines of one connection until it closes.
pub fn serve_connection(stream: UnixStream, handle: &SimHandle) -> io::Result<()> {
    let mut reply = stream.try_clone()?;
    for line in BufReader::new(stream).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match line.parse::<SimCommand>() {
            Ok(SimCommand::Leds) => writeln!(reply, "ok{}", lit(handle.leds()))?,
            Ok(command) => {
                handle.apply(command);
                reply.write_all(b"ok\n")?;
            }
            Err(e) => writeln!(reply, "error: {e}")?,
        }
    }
    Ok(())
}

/// Serves connections on `listener`, one after the other, until accepting
/// fails. Blocking: the caller runs it on a thread of its own (a library
/// spawns nothing).
pub fn serve(listener: &UnixListener, handle: &SimHandle) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept()?;
        // A connection that breaks ends itself, not the server.
        let _ = serve_connection(stream, handle);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_parse_and_bad_ones_say_why() {
        let uid = Uid::new(&[0x04, 0xA1, 0xB2, 0xC3]).unwrap_or_else(|| unreachable!());
        assert_eq!("card 04A1B2C3".parse(), Ok(SimCommand::Card(uid)));
        assert_eq!("  remove ".parse(), Ok(SimCommand::Remove));
        assert_eq!("key yes".parse(), Ok(SimCommand::Tap(Key::Yes)));
        assert_eq!("KEY Mic".parse(), Ok(SimCommand::Tap(Key::Mic)));
        assert_eq!("press abstain".parse(), Ok(SimCommand::Press(Key::Abstain)));
        assert_eq!("release no".parse(), Ok(SimCommand::Release(Key::No)));
        assert_eq!("lux 250".parse(), Ok(SimCommand::Lux(250.0)));
        assert_eq!("".parse::<SimCommand>(), Err(SimParseError::Empty));
        assert_eq!(
            "key maybe".parse::<SimCommand>(),
            Err(SimParseError::Key("maybe".into()))
        );
        assert_eq!(
            "card".parse::<SimCommand>(),
            Err(SimParseError::Missing("card"))
        );
        assert_eq!(
            "card 04A1B2C".parse::<SimCommand>(),
            Err(SimParseError::Uid(UidParseError::Length))
        );
        assert_eq!(
            "remove now".parse::<SimCommand>(),
            Err(SimParseError::Extra("now".into()))
        );
        assert_eq!(
            "lux -1".parse::<SimCommand>(),
            Err(SimParseError::Lux("-1".into()))
        );
        assert_eq!(
            "vote yes".parse::<SimCommand>(),
            Err(SimParseError::Unknown("vote".into()))
        );
    }
}
