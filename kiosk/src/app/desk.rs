//! The seat unit's keys and card reader at the screens: a card laid on the
//! reader signs its holder in, a vote key chooses and confirms on an open
//! motion (`voting::key`), the microphone key asks for the floor or gives it
//! back (`speaking::mic_key`). Each goes through the same steps as the
//! touch it stands for.

use hardware::{MicPress, SeatEvent};

use super::{Ctx, State, sign_in, speaking, voting};

pub(super) fn event(cx: &Ctx<'_>, st: &mut State, event: SeatEvent) {
    match event {
        SeatEvent::CardPresented(uid) => sign_in::card(cx, st, uid.as_bytes().to_vec()),
        SeatEvent::VoteKey(key) => voting::key(cx, st, key),
        SeatEvent::MicKey(MicPress::Pressed) => speaking::mic_key(cx, st),
        // Taking the card away does not sign out (the card is tapped, not
        // inserted); a long press, a release and the light change nothing here.
        SeatEvent::MicKey(MicPress::Long)
        | SeatEvent::KeyReleased(_)
        | SeatEvent::CardRemoved
        | SeatEvent::LightLevel(_) => {}
    }
}
