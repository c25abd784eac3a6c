//! MQTT topics (design.md §3). The only place in the workspace that writes
//! or reads a topic string.

use std::fmt;

use crate::ids::{RoomId, SeatId};

/// Every topic starts with this, then the room id.
pub const PREFIX: &str = "phonghop/v1";

/// A topic of one room.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Controller → all, retained: the meeting package index.
    Manifest(RoomId),
    /// Controller → all, retained: the session snapshot.
    State(RoomId),
    /// Controller → all: results, notices, page sync.
    Events(RoomId),
    /// Kiosk → controller, retained with a last will: online/offline, cache, delegate.
    SeatStatus(RoomId, SeatId),
    /// Kiosk → controller: requests.
    SeatUp(RoomId, SeatId),
    /// Controller → kiosk: replies.
    SeatDown(RoomId, SeatId),
    /// Console → controller: secretary commands.
    ConsoleUp(RoomId),
    /// Controller → console: replies to commands.
    ConsoleDown(RoomId),
    /// Controller → console, retained: the seat map.
    ConsoleSeats(RoomId),
    /// Controller → console, retained: stored meetings, sync and uploads.
    ConsoleStatus(RoomId),
}

/// Who may publish on a topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publisher {
    Controller,
    Seat(SeatId),
    Console,
}

/// A string that is not a phonghop topic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a phonghop topic: {0:?}")]
pub struct TopicError(pub String);

impl Topic {
    /// The room the topic belongs to.
    pub fn room(&self) -> &RoomId {
        match self {
            Self::Manifest(r)
            | Self::State(r)
            | Self::Events(r)
            | Self::SeatStatus(r, _)
            | Self::SeatUp(r, _)
            | Self::SeatDown(r, _)
            | Self::ConsoleUp(r)
            | Self::ConsoleDown(r)
            | Self::ConsoleSeats(r)
            | Self::ConsoleStatus(r) => r,
        }
    }

    /// Whether messages on this topic are published retained.
    pub fn retained(&self) -> bool {
        matches!(
            self,
            Self::Manifest(_)
                | Self::State(_)
                | Self::SeatStatus(..)
                | Self::ConsoleSeats(_)
                | Self::ConsoleStatus(_)
        )
    }

    /// Who is allowed to publish on this topic.
    pub fn publisher(&self) -> Publisher {
        match self {
            Self::SeatStatus(_, s) | Self::SeatUp(_, s) => Publisher::Seat(s.clone()),
            Self::ConsoleUp(_) => Publisher::Console,
            _ => Publisher::Controller,
        }
    }

    /// Parses a topic string; anything else is an error, never a panic.
    pub fn parse(s: &str) -> Result<Self, TopicError> {
        let err = || TopicError(s.chars().take(200).collect());
        let rest = s
            .strip_prefix(PREFIX)
            .and_then(|r| r.strip_prefix('/'))
            .ok_or_else(err)?;
        let parts: Vec<&str> = rest.split('/').collect();
        let room = RoomId::new(*parts.first().ok_or_else(err)?).map_err(|_| err())?;
        let seat = |s: &str| SeatId::new(s).map_err(|_| err());
        Ok(match parts[1..] {
            ["manifest"] => Self::Manifest(room),
            ["state"] => Self::State(room),
            ["events"] => Self::Events(room),
            ["seat", s, "status"] => Self::SeatStatus(room, seat(s)?),
            ["seat", s, "up"] => Self::SeatUp(room, seat(s)?),
            ["seat", s, "down"] => Self::SeatDown(room, seat(s)?),
            ["console", "up"] => Self::ConsoleUp(room),
            ["console", "down"] => Self::ConsoleDown(room),
            ["console", "seats"] => Self::ConsoleSeats(room),
            ["console", "status"] => Self::ConsoleStatus(room),
            _ => return Err(err()),
        })
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let room = self.room();
        match self {
            Self::Manifest(_) => write!(f, "{PREFIX}/{room}/manifest"),
            Self::State(_) => write!(f, "{PREFIX}/{room}/state"),
            Self::Events(_) => write!(f, "{PREFIX}/{room}/events"),
            Self::SeatStatus(_, s) => write!(f, "{PREFIX}/{room}/seat/{s}/status"),
            Self::SeatUp(_, s) => write!(f, "{PREFIX}/{room}/seat/{s}/up"),
            Self::SeatDown(_, s) => write!(f, "{PREFIX}/{room}/seat/{s}/down"),
            Self::ConsoleUp(_) => write!(f, "{PREFIX}/{room}/console/up"),
            Self::ConsoleDown(_) => write!(f, "{PREFIX}/{room}/console/down"),
            Self::ConsoleSeats(_) => write!(f, "{PREFIX}/{room}/console/seats"),
            Self::ConsoleStatus(_) => write!(f, "{PREFIX}/{room}/console/status"),
        }
    }
}

/// Subscription filters, one per party.
pub mod filter {
    use super::{PREFIX, RoomId, SeatId};

    /// What the controller subscribes to: every seat's `up` and `status`, and `console/up`.
    pub fn controller(room: &RoomId) -> Vec<String> {
        vec![
            format!("{PREFIX}/{room}/seat/+/up"),
            format!("{PREFIX}/{room}/seat/+/status"),
            format!("{PREFIX}/{room}/console/up"),
        ]
    }

    /// What a seat subscribes to: the room's broadcasts and its own `down`.
    pub fn seat(room: &RoomId, seat: &SeatId) -> Vec<String> {
        vec![
            format!("{PREFIX}/{room}/manifest"),
            format!("{PREFIX}/{room}/state"),
            format!("{PREFIX}/{room}/events"),
            format!("{PREFIX}/{room}/seat/{seat}/down"),
        ]
    }

    /// What the console subscribes to: the room's broadcasts and what the
    /// controller sends the console (replies, the retained seat map and
    /// status). Not the seats' own statuses: the console holds no seat keys
    /// to verify them, and the seat map carries what they say, verified.
    pub fn console(room: &RoomId) -> Vec<String> {
        vec![
            format!("{PREFIX}/{room}/manifest"),
            format!("{PREFIX}/{room}/state"),
            format!("{PREFIX}/{room}/events"),
            format!("{PREFIX}/{room}/console/down"),
            format!("{PREFIX}/{room}/console/seats"),
            format!("{PREFIX}/{room}/console/status"),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room() -> RoomId {
        RoomId::new("p301").expect("valid id")
    }
    fn seat() -> SeatId {
        SeatId::new("12").expect("valid id")
    }

    #[test]
    fn every_topic_round_trips_through_its_string() {
        let all = [
            Topic::Manifest(room()),
            Topic::State(room()),
            Topic::Events(room()),
            Topic::SeatStatus(room(), seat()),
            Topic::SeatUp(room(), seat()),
            Topic::SeatDown(room(), seat()),
            Topic::ConsoleUp(room()),
            Topic::ConsoleDown(room()),
            Topic::ConsoleSeats(room()),
            Topic::ConsoleStatus(room()),
        ];
        for t in all {
            assert_eq!(Topic::parse(&t.to_string()), Ok(t.clone()), "{t}");
        }
        assert_eq!(
            Topic::SeatUp(room(), seat()).to_string(),
            "phonghop/v1/p301/seat/12/up"
        );
    }

    #[test]
    fn strings_that_are_not_our_topics_are_errors() {
        for s in [
            "",
            "phonghop/v1",
            "phonghop/v1/",
            "phonghop/v2/p301/state",
            "phonghop/v1/p301/state/extra",
            "phonghop/v1/p301/seat/+/up",
            "phonghop/v1/p301/seat//up",
            "phonghop/v1/p301/console/sideways",
            "other/v1/p301/state",
        ] {
            assert!(Topic::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn only_manifest_state_seat_status_seat_map_and_controller_status_are_retained() {
        assert!(Topic::State(room()).retained());
        assert!(Topic::SeatStatus(room(), seat()).retained());
        assert!(Topic::ConsoleSeats(room()).retained());
        assert!(Topic::ConsoleStatus(room()).retained());
        assert!(!Topic::SeatUp(room(), seat()).retained());
        assert!(!Topic::Events(room()).retained());
        assert!(!Topic::ConsoleDown(room()).retained());
    }

    #[test]
    fn the_console_hears_the_controller_only() {
        for f in filter::console(&room()) {
            let t = Topic::parse(&f).expect("a filter without wildcards");
            assert_eq!(t.publisher(), Publisher::Controller, "{f}");
        }
    }

    #[test]
    fn subscription_filters_cover_the_topics_each_party_reads() {
        let up = Topic::SeatUp(room(), seat()).to_string();
        assert!(
            filter::controller(&room())
                .iter()
                .any(|f| f.replace('+', "12") == up)
        );
        let down = Topic::SeatDown(room(), seat()).to_string();
        assert!(filter::seat(&room(), &seat()).contains(&down));
    }
}
