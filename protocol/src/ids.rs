//! Identifiers used across the protocol.
//!
//! Every id is a short string of ASCII letters, digits, `.`, `_` and `-`
//! (1 to 64 characters). Room and seat ids appear inside MQTT topics, so the
//! same rule keeps topics unambiguous; other ids follow it for uniformity.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// Why a string is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("id is empty")]
    Empty,
    #[error("id is longer than {MAX_ID_LEN} characters")]
    TooLong,
    #[error("id contains {0:?}; only ASCII letters, digits, '.', '_' and '-' are allowed")]
    BadChar(char),
}

/// Checks the id rule without allocating.
pub fn check_id(s: &str) -> Result<(), IdError> {
    if s.is_empty() {
        return Err(IdError::Empty);
    }
    if s.len() > MAX_ID_LEN {
        return Err(IdError::TooLong);
    }
    match s
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
    {
        Some(c) => Err(IdError::BadChar(c)),
        None => Ok(()),
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Makes an id, checking the id rule.
            pub fn new(s: impl Into<String>) -> Result<Self, IdError> {
                let s = s.into();
                check_id(&s)?;
                Ok(Self(s))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::new(s)
            }
        }
    };
}

id_type!(
    /// A meeting room (one controller, one broker prefix).
    RoomId
);
id_type!(
    /// A seat in a room; each seat has one kiosk device.
    SeatId
);
id_type!(
    /// A meeting as the central system names it.
    MeetingId
);
id_type!(
    /// A delegate (đại biểu) of a meeting.
    DelegateId
);
id_type!(
    /// An agenda item.
    ItemId
);
id_type!(
    /// A document (paper) of a meeting.
    DocumentId
);
id_type!(
    /// A ballot (a motion or an election).
    BallotId
);
id_type!(
    /// A candidate in an election.
    CandidateId
);
id_type!(
    /// A vote, made by the kiosk; retries reuse it, so it makes casting idempotent.
    VoteId
);
id_type!(
    /// A comment (góp ý), made by the kiosk; retries reuse it.
    CommentId
);
id_type!(
    /// A device that signs envelopes: a seat kiosk, a console or the controller.
    DeviceId
);
id_type!(
    /// A console command, made by the console; replies name it.
    CommandId
);
id_type!(
    /// A console account (secretary, chair, IT).
    AccountId
);

/// A point in time: milliseconds since the Unix epoch, UTC.
///
/// The protocol never reads a clock: callers pass the current time in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// This time plus `ms` milliseconds (saturating).
    #[must_use]
    pub fn plus_millis(self, ms: i64) -> Self {
        Self(self.0.saturating_add(ms))
    }

    /// Milliseconds from `earlier` to `self` (negative if `earlier` is later).
    pub fn millis_since(self, earlier: Self) -> i64 {
        self.0.saturating_sub(earlier.0)
    }
}

/// A SHA-256 digest, written as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Sha256(pub [u8; 32]);

impl Sha256 {
    /// The digest of `data`.
    pub fn of(data: &[u8]) -> Self {
        use sha2::Digest;
        Self(sha2::Sha256::digest(data).into())
    }

    /// The digest as 64 lower-case hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// Parses 64 hex digits.
    pub fn from_hex(s: &str) -> Result<Self, HexError> {
        let mut out = [0u8; 32];
        hex::decode_to_slice(s, &mut out).map_err(|_| HexError)?;
        Ok(Self(out))
    }
}

/// The text is not 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected 64 hex digits")]
pub struct HexError;

impl TryFrom<String> for Sha256 {
    type Error = HexError;
    fn try_from(s: String) -> Result<Self, HexError> {
        Self::from_hex(&s)
    }
}

impl From<Sha256> for String {
    fn from(d: Sha256) -> String {
        d.to_hex()
    }
}

impl fmt::Debug for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sha256({})", self.to_hex())
    }
}

impl fmt::Display for Sha256 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accept_letters_digits_dots_dashes_and_underscores() {
        assert!(SeatId::new("A-12_b.3").is_ok());
    }

    #[test]
    fn ids_that_would_break_a_topic_are_refused() {
        assert_eq!(SeatId::new("a/b"), Err(IdError::BadChar('/')));
        assert_eq!(SeatId::new("+"), Err(IdError::BadChar('+')));
        assert_eq!(SeatId::new("#"), Err(IdError::BadChar('#')));
        assert_eq!(SeatId::new(""), Err(IdError::Empty));
        assert_eq!(SeatId::new("x".repeat(65)), Err(IdError::TooLong));
        assert_eq!(SeatId::new("ghế"), Err(IdError::BadChar('ế')));
    }

    #[test]
    fn an_invalid_id_in_json_is_a_decoding_error() {
        assert!(serde_json::from_str::<RoomId>("\"a/b\"").is_err());
        assert_eq!(
            serde_json::from_str::<RoomId>("\"p-301\"").ok(),
            RoomId::new("p-301").ok()
        );
    }

    #[test]
    fn sha256_round_trips_through_hex() {
        let d = Sha256::of(b"abc");
        assert_eq!(
            d.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Sha256::from_hex(&d.to_hex()), Ok(d));
        assert!(Sha256::from_hex("zz").is_err());
    }
}
