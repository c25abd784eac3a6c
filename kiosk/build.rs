//! Compiles the Slint UI (none yet: the UI arrives with its own module).
fn main() {}
