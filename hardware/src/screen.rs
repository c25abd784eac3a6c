//! The screen's backlight through Linux sysfs (`/sys/class/backlight/<name>`),
//! which the light level of [`crate::SeatEvent::LightLevel`] is applied to.
//!
//! The kernel's backlight class takes a `brightness` between 0 and
//! `max_brightness`; the seat unit speaks in percent.

use std::io;
use std::path::{Path, PathBuf};

/// A sysfs backlight: its folder and its full-scale value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SysfsBacklight {
    dir: PathBuf,
    max: u32,
}

/// Why a backlight could not be opened or set.
#[derive(Debug, thiserror::Error)]
pub enum BacklightError {
    /// A file of the backlight could not be read or written.
    #[error("{}: {source}", .file.display())]
    Io {
        /// The file.
        file: PathBuf,
        /// What failed.
        #[source]
        source: io::Error,
    },
    /// `max_brightness` is not a positive number.
    #[error("{}: {text:?} is not a maximum brightness", .file.display())]
    BadMax {
        /// The file.
        file: PathBuf,
        /// What it held.
        text: String,
    },
}

impl SysfsBacklight {
    /// The backlight in `dir` (`/sys/class/backlight/10-0045`); reads its
    /// `max_brightness`.
    pub fn open(dir: &Path) -> Result<Self, BacklightError> {
        let file = dir.join("max_brightness");
        let text = std::fs::read_to_string(&file).map_err(|source| BacklightError::Io {
            file: file.clone(),
            source,
        })?;
        match text.trim().parse::<u32>() {
            Ok(max) if max > 0 => Ok(SysfsBacklight {
                dir: dir.to_path_buf(),
                max,
            }),
            _ => Err(BacklightError::BadMax {
                file,
                text: text.trim().to_owned(),
            }),
        }
    }

    /// The full-scale value.
    pub const fn max(&self) -> u32 {
        self.max
    }

    /// The raw value for `percent` (capped at 100): rounded, and never 0
    /// unless 0 was asked for (a dim screen, not a dark one).
    pub fn raw(&self, percent: u8) -> u32 {
        let percent = u32::from(percent.min(100));
        let raw = (percent * self.max + 50) / 100;
        if percent > 0 { raw.max(1) } else { 0 }
    }

    /// Sets the backlight to `percent` of full brightness.
    pub fn set_percent(&self, percent: u8) -> Result<(), BacklightError> {
        let file = self.dir.join("brightness");
        std::fs::write(&file, format!("{}\n", self.raw(percent)))
            .map_err(|source| BacklightError::Io { file, source })
    }
}
