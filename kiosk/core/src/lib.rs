//! The seat kiosk's core, without any UI: what tests, benches, the demo's
//! simulated seats and the Slint app (`kiosk`) share.
//!
//! - `render`: the paper renderer (PDFium on its own worker thread).
//! - `telex`: the Telex input engine of the on-screen keyboard.

pub mod render;
pub mod telex;
