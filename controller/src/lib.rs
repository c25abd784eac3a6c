//! The room controller: the single authority of one meeting room.
//!
//! It pulls meeting packages from the central system (or imports a bundle),
//! keeps them in SQLite and a content-addressed blob store, serves papers
//! to the seats over HTTP, runs the session over MQTT by driving the
//! `protocol` room state machine, records every fact durably before it
//! answers, and pushes results back through an outbox.

pub mod app;
pub mod blobs;
pub mod bundle;
pub mod central;
pub mod cli;
pub mod config;
pub mod engine;
pub mod http;
pub mod minutes;
pub mod mqtt;
pub mod report;
pub mod results;
pub mod store;
