//! The programs the demo starts: the controller, the console and the kiosk,
//! built by cargo into the same target folder as the demo itself.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The programs of a demo room.
#[derive(Debug, Clone)]
pub struct Bins {
    pub controller: PathBuf,
    pub console: Option<PathBuf>,
    pub kiosk: Option<PathBuf>,
}

/// `name` in `dir` or its parent (a test binary runs from `target/debug/deps`).
pub fn beside(dir: &Path, name: &str) -> Option<PathBuf> {
    [dir.join(name), dir.join("..").join(name)]
        .into_iter()
        .find(|p| p.is_file())
}

impl Bins {
    /// The programs beside the running executable, as `cargo xtask demo`
    /// builds them: the controller is required, the others are used if there.
    pub fn beside_me() -> Result<Self> {
        let exe = std::env::current_exe()?;
        let dir = exe.parent().context("the executable has a folder")?;
        let Some(controller) = beside(dir, "controller").or_else(|| beside(dir, "room-controller"))
        else {
            bail!(
                "no controller binary beside {}: run the demo with `cargo xtask demo`",
                exe.display()
            );
        };
        Ok(Self {
            controller,
            console: beside(dir, "console"),
            kiosk: beside(dir, "kiosk"),
        })
    }
}
