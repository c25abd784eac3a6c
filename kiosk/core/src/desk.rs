//! What the seat unit's keys and lights mean at a seat.
//!
//! The `hardware` crate knows nothing of meetings and the seat's session
//! nothing of keys; this is the small dictionary between them that the
//! kiosk's hardware task and the tests share.

use hardware::{Leds, VoteKey};
use protocol::ballot::MotionChoice;
use protocol::client::{VoteAbility, VoteState};

use crate::seat::{Floor, SeatView};

/// The answer to a motion a vote key stands for: Yes is Tán thành, No is
/// Không tán thành, Abstain is Không biểu quyết.
pub fn motion_choice(key: VoteKey) -> MotionChoice {
    match key {
        VoteKey::Yes => MotionChoice::For,
        VoteKey::No => MotionChoice::Against,
        VoteKey::Abstain => MotionChoice::Abstain,
    }
}

/// The LEDs that show the seat's state:
///
/// - vote-open: a ballot is open, this delegate may vote on it, and has
///   not (or may change a vote and has not yet);
/// - voted: the room recorded this delegate's vote on the open ballot;
/// - floor: the delegate asked for the floor or has it;
/// - mic-on: the delegate has the floor.
///
/// A vote on its way (sent, not yet recorded) lights neither vote LED.
pub fn leds(view: &SeatView) -> Leds {
    let recorded = view
        .open_ballot()
        .and_then(|b| view.vote(&b.spec.id))
        .is_some_and(|v| matches!(v, VoteState::Recorded { .. }));
    Leds {
        vote_open: view.awaiting_vote(),
        voted: recorded || matches!(view.ability, VoteAbility::AlreadyVoted { receipt: Some(_) }),
        floor: !matches!(view.floor, Floor::Idle),
        mic_on: matches!(view.floor, Floor::Speaking),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_vote_key_stands_for_its_answer() {
        assert_eq!(motion_choice(VoteKey::Yes), MotionChoice::For);
        assert_eq!(motion_choice(VoteKey::No), MotionChoice::Against);
        assert_eq!(motion_choice(VoteKey::Abstain), MotionChoice::Abstain);
    }

    #[test]
    fn a_seat_with_nothing_going_on_lights_nothing() {
        let view = SeatView::initial(protocol::ids::Timestamp(0));
        assert_eq!(leds(&view), Leds::default());
    }

    #[test]
    fn the_floor_leds_follow_the_queue_and_the_floor() {
        let mut view = SeatView::initial(protocol::ids::Timestamp(0));
        view.floor = Floor::Queued { position: 2 };
        assert_eq!(
            leds(&view),
            Leds {
                floor: true,
                ..Leds::default()
            }
        );
        view.floor = Floor::Speaking;
        assert_eq!(
            leds(&view),
            Leds {
                floor: true,
                mic_on: true,
                ..Leds::default()
            }
        );
    }

    #[test]
    fn a_vote_already_recorded_elsewhere_lights_voted() {
        let mut view = SeatView::initial(protocol::ids::Timestamp(0));
        view.ability = VoteAbility::AlreadyVoted {
            receipt: Some(protocol::ids::Sha256::of(b"receipt")),
        };
        assert_eq!(
            leds(&view),
            Leds {
                voted: true,
                ..Leds::default()
            }
        );
    }
}
