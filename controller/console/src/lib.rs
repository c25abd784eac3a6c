//! The secretary console (bàn thư ký): the screens a secretary, the chair or
//! IT use to run a meeting room, over the same protocol as every seat.
//!
//! It lives in the controller's folder but is a crate of its own: the
//! controller service runs headless on a box and must not link Slint, and
//! the end-to-end tests (`tests/`) must not compile a UI to test a room. The
//! console talks to the controller only through `protocol` on `console/*`
//! (and the room's retained `manifest` and `state`); it depends on the
//! `controller` crate only in its tests, which run a real one.
//!
//! - [`session`]: the console's session with the controller over MQTT, with
//!   no UI: commands signed with the console's device key and answered by
//!   the controller, and a view of the room verified with its pinned key.
//! - [`accounts`]: local operator accounts (secretary, chair, IT) with
//!   argon2id password hashes, a forced change at first login and lockout.
//! - [`ui`]: the Slint screens and one adapter per screen; [`app`] wires
//!   them to the session and the accounts; [`text`] holds the words made in
//!   Rust in both languages.
//! - [`config`]: the console's `console.toml`.
//!
//! What each role may do is `OperatorRole::permits` (protocol): the screens
//! grey out what the signed-in role may not do, and the controller refuses
//! it anyway.

pub mod accounts;
pub mod app;
pub mod config;
pub mod demo;
pub mod session;
pub mod text;
pub mod ui;
