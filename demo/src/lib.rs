//! The demo room (`cargo xtask demo`): the demo meeting of `assets/demo/`
//! run on this machine by a central stand-in, a real controller with its
//! embedded broker, the secretary console and seat kiosks.
//!
//! - [`windows`]: the console and two seat kiosks in windows, for a person
//!   to click through;
//! - [`script`]: headless, simulated seats and a scripted session from roll
//!   call to the minutes uploaded to the central stand-in, with screenshots
//!   of the console and of one real kiosk app. CI runs it (this package's
//!   integration test);
//! - [`kiosk_app`]: the real kiosk app's config (with a simulated seat
//!   unit) and the headless app driven through the seat unit's socket.

pub mod bins;
pub mod kiosk_app;
pub mod room;
pub mod script;
pub mod shots;
pub mod windows;
