//! Message bodies, one module per topic family. These are the only JSON
//! shapes on the wire; each travels inside a signed [`crate::envelope`].

pub mod console;
pub mod event;
pub mod manifest;
pub mod record;
pub mod seat;
pub mod state;
pub mod status;

pub use console::{
    BallotRef, ConsoleCommand, ConsoleReply, ConsoleRequest, Operator, OperatorRole, SeatMap,
    SeatRow,
};
pub use event::{Notice, RoomEvent};
pub use manifest::Manifest;
pub use record::{Conclusion, Date, ItemRecord, Task, TaskSpec, Unit};
pub use seat::{
    CastVote, Comment, Credential, RequestKind, SeatReply, SeatRequest, SeatStatus, VotePaper,
};
pub use state::{Attendance, OpenBallotView, PageRef, Phase, Speakers, StateSnapshot};
pub use status::ControllerStatus;
