//! Screenshots of the live console: the view the demo's console session
//! holds, drawn by the console's own presenters and screens on Slint's
//! software renderer, on a thread of its own (Slint's objects stay on the
//! thread that made them).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use anyhow::{Context, Result, anyhow};
use console::accounts::SignedIn;
use console::app::{self, Settings};
use console::session::ConsoleView;
use console::ui::headless::Headless;
use console::ui::{self, AppWindow, Language, Page};
use protocol::ids::Timestamp;
use slint::ComponentHandle;

const WIDTH: u32 = 1920;
const HEIGHT: u32 = 1080;

struct Shot {
    view: Arc<ConsoleView>,
    page: Page,
    name: String,
    done: mpsc::Sender<Result<PathBuf>>,
}

/// The console's screen, drawn on request.
#[derive(Debug)]
pub struct ConsoleShots {
    tx: Option<mpsc::Sender<Shot>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for ConsoleShots {
    fn drop(&mut self) {
        self.tx.take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl ConsoleShots {
    /// A console screen for `operator`, writing PNGs into `out`.
    pub fn start(out: &Path, operator: SignedIn, room_name: String) -> Result<Self> {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        let out = out.to_owned();
        let (tx, rx) = mpsc::channel::<Shot>();
        let (ready_tx, ready_rx) = mpsc::channel::<Result<()>>();
        let thread = std::thread::Builder::new()
            .name("console-shots".into())
            .spawn(move || {
                let setup = || -> Result<(Headless, AppWindow)> {
                    let headless = Headless::install(WIDTH, HEIGHT)?;
                    let window = AppWindow::new().context("cannot create the console window")?;
                    window.show().context("cannot show the console window")?;
                    ui::set_language(&window, Language::Vietnamese)
                        .context("cannot select the language")?;
                    Ok((headless, window))
                };
                let (headless, window) = match setup() {
                    Ok(parts) => {
                        let _ = ready_tx.send(Ok(()));
                        parts
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                let settings = Settings {
                    room_name,
                    utc_offset_minutes: 420,
                };
                for shot in rx {
                    let now = Timestamp(shot.view.at.0);
                    app::preview(
                        &window,
                        &shot.view,
                        Some(&operator),
                        &settings,
                        now,
                        shot.page,
                    );
                    let path = out.join(format!("{}.png", shot.name));
                    let saved = headless.save_png(&path).map(|()| path);
                    let _ = shot.done.send(saved);
                }
            })?;
        ready_rx
            .recv()
            .map_err(|_| anyhow!("the screenshot thread ended"))??;
        Ok(Self {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Draws `page` with `view` and writes `name.png`; returns its path.
    pub fn take(&self, view: Arc<ConsoleView>, page: Page, name: &str) -> Result<PathBuf> {
        let (done, answer) = mpsc::channel();
        self.tx
            .as_ref()
            .context("the screenshot thread has stopped")?
            .send(Shot {
                view,
                page,
                name: name.to_owned(),
                done,
            })
            .map_err(|_| anyhow!("the screenshot thread has stopped"))?;
        answer
            .recv()
            .map_err(|_| anyhow!("the screenshot thread ended"))?
    }
}
