//! Delegate cards: the UID and the reader interface.

use core::fmt;
use core::str::FromStr;

/// A card's UID: 4, 7 or 10 bytes from an ISO/IEC 14443-A card. The type
/// holds 1 to 10 bytes so that a simulated card can carry any test UID.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Uid {
    len: u8,
    bytes: [u8; Uid::MAX_LEN],
}

impl Uid {
    /// The longest UID (triple size, three cascade levels).
    pub const MAX_LEN: usize = 10;

    /// A UID of these bytes; `None` if empty or longer than [`Uid::MAX_LEN`].
    pub fn new(bytes: &[u8]) -> Option<Uid> {
        if bytes.is_empty() || bytes.len() > Self::MAX_LEN {
            return None;
        }
        let mut uid = Uid {
            len: 0,
            bytes: [0; Self::MAX_LEN],
        };
        uid.bytes[..bytes.len()].copy_from_slice(bytes);
        #[allow(clippy::cast_possible_truncation)] // at most MAX_LEN
        {
            uid.len = bytes.len() as u8;
        }
        Some(uid)
    }

    /// The UID's bytes, as the card sent them.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }
}

impl fmt::Display for Uid {
    /// Upper-case hex, no separators: `04A1B2C3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.as_bytes() {
            write!(f, "{b:02X}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Uid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uid({self})")
    }
}

/// Why a string is not a UID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UidParseError {
    /// Not an even number of hex digits, from 2 to 20.
    #[error("a card uid is 1 to 10 bytes written as hex digits, like 04A1B2C3")]
    Length,
    /// A character that is not a hex digit.
    #[error("{0:?} is not a hex digit")]
    Digit(char),
}

impl FromStr for Uid {
    type Err = UidParseError;

    /// Hex digits, either case: `04A1B2C3`, `04a1b2c3d4e5f6`.
    fn from_str(s: &str) -> Result<Uid, UidParseError> {
        let s = s.trim();
        if s.is_empty() || !s.len().is_multiple_of(2) || s.len() > 2 * Uid::MAX_LEN {
            return Err(UidParseError::Length);
        }
        let mut bytes = [0u8; Uid::MAX_LEN];
        let mut n = 0;
        let mut chars = s.chars();
        while let (Some(hi), Some(lo)) = (chars.next(), chars.next()) {
            let digit = |c: char| {
                c.to_digit(16)
                    .and_then(|d| u8::try_from(d).ok())
                    .ok_or(UidParseError::Digit(c))
            };
            bytes[n] = (digit(hi)? << 4) | digit(lo)?;
            n += 1;
        }
        Uid::new(&bytes[..n]).ok_or(UidParseError::Length)
    }
}

/// A card reader, looked at once per poll.
pub trait CardReader {
    /// What reading can fail with, beyond "no card".
    type Error: core::fmt::Debug;

    /// Looks for a card once: `Ok(None)` when no card answers; the UID of
    /// the card in the field otherwise.
    fn read_card(&mut self) -> Result<Option<Uid>, Self::Error>;
}

/// A seat without a card reader.
impl<R: CardReader> CardReader for Option<R> {
    type Error = R::Error;

    fn read_card(&mut self) -> Result<Option<Uid>, Self::Error> {
        match self {
            Some(r) => r.read_card(),
            None => Ok(None),
        }
    }
}

/// Whether a card is there, from poll to poll: a card counts as presented
/// once, and as removed after it has been missing for a number of polls in
/// a row (a card at the edge of the field misses a poll now and then).
#[derive(Debug, Clone, Copy)]
pub struct CardPresence {
    current: Option<Uid>,
    misses: u8,
    absent_polls: u8,
}

/// A change in which card is on the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardChange {
    /// This card arrived.
    Presented(Uid),
    /// The card that was there left.
    Removed,
}

impl CardPresence {
    /// No card yet; a card is removed after `absent_polls` polls without it
    /// (at least 1).
    pub const fn new(absent_polls: u8) -> Self {
        CardPresence {
            current: None,
            misses: 0,
            absent_polls: if absent_polls == 0 { 1 } else { absent_polls },
        }
    }

    /// The card on the reader now, as far as the polls tell.
    pub const fn current(&self) -> Option<Uid> {
        self.current
    }

    /// Takes one poll's answer (`None` also for a failed read); calls
    /// `change` for what changed: a removal, then a presentation, when one
    /// card replaces another.
    pub fn update(&mut self, seen: Option<Uid>, mut change: impl FnMut(CardChange)) {
        match (seen, self.current) {
            (Some(uid), Some(cur)) if uid == cur => self.misses = 0,
            (Some(uid), cur) => {
                if cur.is_some() {
                    change(CardChange::Removed);
                }
                self.current = Some(uid);
                self.misses = 0;
                change(CardChange::Presented(uid));
            }
            (None, Some(_)) => {
                self.misses = self.misses.saturating_add(1);
                if self.misses >= self.absent_polls {
                    self.current = None;
                    self.misses = 0;
                    change(CardChange::Removed);
                }
            }
            (None, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;

    #[test]
    fn a_uid_reads_and_prints_as_hex() {
        let uid: Uid = "04a1B2c3".parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(uid.as_bytes(), &[0x04, 0xA1, 0xB2, 0xC3]);
        assert_eq!(std::format!("{uid}"), "04A1B2C3");
        assert_eq!("04A".parse::<Uid>(), Err(UidParseError::Length));
        assert_eq!("04AZ".parse::<Uid>(), Err(UidParseError::Digit('Z')));
        assert_eq!("".parse::<Uid>(), Err(UidParseError::Length));
        assert!(Uid::new(&[0; 11]).is_none());
    }

    #[test]
    fn a_card_is_presented_once_and_removed_after_its_absent_polls() {
        let uid = Uid::new(&[1, 2, 3, 4]);
        let other = Uid::new(&[5, 6, 7, 8]);
        let mut p = CardPresence::new(3);
        let mut seen = [None; 8];
        let mut n = 0;
        let mut poll = |p: &mut CardPresence, s| {
            p.update(s, |c| {
                seen[n] = Some(c);
                n += 1;
            });
        };
        for s in [uid, uid, None, uid, None, None, None, None] {
            poll(&mut p, s);
        }
        poll(&mut p, uid);
        poll(&mut p, other);
        let uid = uid.unwrap_or_else(|| unreachable!());
        let other = other.unwrap_or_else(|| unreachable!());
        assert_eq!(
            seen[..5],
            [
                Some(CardChange::Presented(uid)),
                Some(CardChange::Removed),
                Some(CardChange::Presented(uid)),
                Some(CardChange::Removed),
                Some(CardChange::Presented(other)),
            ]
        );
    }
}
