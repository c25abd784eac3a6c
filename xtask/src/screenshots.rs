//! `cargo xtask screenshots`: builds and runs the kiosk's screenshot binary,
//! which renders every seat screen with demo data through Slint's software
//! renderer into `target/screenshots/kiosk-*.png` (Vietnamese) and
//! `kiosk-en-*.png` (English).

use std::process::Command;

use anyhow::{Context, Result, ensure};

use crate::{cargo, target_dir, workspace_root};

pub(crate) fn run() -> Result<()> {
    let out = target_dir()?.join("screenshots");
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let status = Command::new(cargo())
        .current_dir(workspace_root())
        .args([
            "run",
            "--quiet",
            "--package",
            "kiosk",
            "--bin",
            "kiosk-screenshots",
            "--",
        ])
        .arg(&out)
        .status()
        .context("cannot run cargo")?;
    ensure!(status.success(), "kiosk-screenshots failed ({status})");
    println!("screenshots in {}", out.display());
    Ok(())
}
