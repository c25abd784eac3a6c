//! The seat's indicator LEDs.

/// Which indicators are lit. The kiosk decides (from the seat's state); the
/// hardware only shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[allow(clippy::struct_excessive_bools)] // four independent lamps
pub struct Leds {
    /// A ballot is open and this delegate may vote.
    pub vote_open: bool,
    /// This delegate's vote is recorded.
    pub voted: bool,
    /// This delegate has the floor (or is in the speakers queue).
    pub floor: bool,
    /// The microphone is live.
    pub mic_on: bool,
}

/// One indicator LED.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Led {
    /// See [`Leds::vote_open`].
    VoteOpen,
    /// See [`Leds::voted`].
    Voted,
    /// See [`Leds::floor`].
    Floor,
    /// See [`Leds::mic_on`].
    MicOn,
}

impl Led {
    /// Every LED, in the order of [`Leds::as_array`].
    pub const ALL: [Led; 4] = [Led::VoteOpen, Led::Voted, Led::Floor, Led::MicOn];
}

impl Leds {
    /// The four LEDs in the order of [`Led::ALL`].
    pub const fn as_array(&self) -> [bool; 4] {
        [self.vote_open, self.voted, self.floor, self.mic_on]
    }

    /// Whether `led` is lit.
    pub const fn is_on(&self, led: Led) -> bool {
        match led {
            Led::VoteOpen => self.vote_open,
            Led::Voted => self.voted,
            Led::Floor => self.floor,
            Led::MicOn => self.mic_on,
        }
    }
}
