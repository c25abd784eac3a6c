//! The programs the demo starts: the controller, the console and the kiosk,
//! built by cargo into the same target folder as the demo itself.

use std::path::PathBuf;

use anyhow::{Result, bail};
use tests::harness::sibling;

/// The programs of a demo room.
#[derive(Debug, Clone)]
pub struct Bins {
    pub controller: PathBuf,
    pub console: Option<PathBuf>,
    pub kiosk: Option<PathBuf>,
}

impl Bins {
    /// The programs beside the running executable, as `cargo xtask demo`
    /// builds them: the controller is required, the others are used if there.
    pub fn beside_me() -> Result<Self> {
        let Ok(controller) = sibling("controller").or_else(|_| sibling("room-controller")) else {
            bail!("no controller binary beside the demo: run it with `cargo xtask demo`");
        };
        Ok(Self {
            controller,
            console: sibling("console").ok(),
            kiosk: sibling("kiosk").ok(),
        })
    }
}
