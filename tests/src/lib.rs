//! End-to-end harness for a whole room: a central stand-in, the controller
//! (in its own process, so it can be killed), a real broker (embedded or
//! Mosquitto), and simulated seats and a console that speak the protocol.

pub mod demo;
pub mod fixture;
pub mod harness;
pub mod proxy;
pub mod seat;

pub use harness::{BrokerKind, TestRoom};
pub use proxy::Proxy;
pub use seat::{Heard, SimSeat};
