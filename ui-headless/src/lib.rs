//! Rendering the UI without a display: a Slint platform over a
//! [`MinimalSoftwareWindow`] and the software renderer, for screenshots
//! (`cargo xtask screenshots`, the console's screenshots) and headless runs,
//! shared by the kiosk and the console.
//!
//! The platform's clock is a counter that [`Headless::settle`] moves on, so
//! animations finish before a capture and captures do not depend on the
//! machine's speed.

use std::cell::{Cell, RefCell};
use std::path::Path;
use std::rc::Rc;
use std::time::Duration;

use anyhow::{Context, Result};
use slint::platform::software_renderer::{MinimalSoftwareWindow, RepaintBufferType};
use slint::platform::{Platform, WindowAdapter};
use slint::{PhysicalSize, PlatformError, Rgb8Pixel, SharedPixelBuffer};

struct HeadlessPlatform {
    size: PhysicalSize,
    clock: Rc<Cell<Duration>>,
    last_window: Rc<RefCell<Option<Rc<MinimalSoftwareWindow>>>>,
}

impl Platform for HeadlessPlatform {
    fn create_window_adapter(&self) -> Result<Rc<dyn WindowAdapter>, PlatformError> {
        let window = MinimalSoftwareWindow::new(RepaintBufferType::NewBuffer);
        window.set_size(self.size);
        *self.last_window.borrow_mut() = Some(window.clone());
        Ok(window)
    }

    fn duration_since_start(&self) -> Duration {
        self.clock.get()
    }
}

/// The headless platform of this thread. Create it before any Slint window.
#[derive(Clone)]
pub struct Headless {
    size: PhysicalSize,
    clock: Rc<Cell<Duration>>,
    last_window: Rc<RefCell<Option<Rc<MinimalSoftwareWindow>>>>,
}

impl std::fmt::Debug for Headless {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Headless")
            .field("size", &self.size)
            .field("clock", &self.clock.get())
            .finish_non_exhaustive()
    }
}

impl Headless {
    /// Installs the headless platform with windows of `width` × `height` pixels.
    pub fn install(width: u32, height: u32) -> Result<Self> {
        let headless = Self {
            size: PhysicalSize::new(width, height),
            clock: Rc::new(Cell::new(Duration::ZERO)),
            last_window: Rc::new(RefCell::new(None)),
        };
        slint::platform::set_platform(Box::new(HeadlessPlatform {
            size: headless.size,
            clock: headless.clock.clone(),
            last_window: headless.last_window.clone(),
        }))
        .map_err(|err| anyhow::anyhow!("cannot install the headless platform: {err}"))?;
        Ok(headless)
    }

    /// Moves the clock on by a few seconds and runs timers and animations,
    /// so what a capture shows has settled.
    pub fn settle(&self) {
        for _ in 0..4 {
            self.clock.set(self.clock.get() + Duration::from_secs(2));
            slint::platform::update_timers_and_animations();
        }
    }

    /// Renders the last window created into an RGB buffer.
    pub fn capture(&self) -> Result<SharedPixelBuffer<Rgb8Pixel>> {
        let window = self
            .last_window
            .borrow()
            .clone()
            .context("no window was created on the headless platform")?;
        self.settle();
        let mut buffer = SharedPixelBuffer::<Rgb8Pixel>::new(self.size.width, self.size.height);
        let stride = usize::try_from(self.size.width).context("window too wide")?;
        // A new buffer every time: ask for a full redraw.
        window.request_redraw();
        window.draw_if_needed(|renderer| {
            renderer.render(buffer.make_mut_slice(), stride);
        });
        Ok(buffer)
    }

    /// Renders the last window created and writes it as a PNG file.
    pub fn save_png(&self, path: &Path) -> Result<()> {
        let buffer = self.capture()?;
        write_png(path, &buffer)
    }
}

/// Writes an RGB buffer as an 8-bit PNG file.
pub fn write_png(path: &Path, buffer: &SharedPixelBuffer<Rgb8Pixel>) -> Result<()> {
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut encoder = png::Encoder::new(
        std::io::BufWriter::new(file),
        buffer.width(),
        buffer.height(),
    );
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder
        .write_header()
        .with_context(|| format!("cannot write {}", path.display()))?;
    writer
        .write_image_data(buffer.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    writer
        .finish()
        .with_context(|| format!("cannot finish {}", path.display()))?;
    Ok(())
}
