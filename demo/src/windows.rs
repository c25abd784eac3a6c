//! The windowed demo: the room's services, the secretary console and two
//! seat kiosks, each in a window of its own, until Ctrl-C or the console's
//! window closes.

use std::path::Path;
use std::process::{Child, Command};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use console::accounts::{Accounts, Policy};
use protocol::message::OperatorRole;
use tests::demo;

use crate::bins::Bins;
use crate::kiosk_app::{desk_socket_name, write_kiosk_files};
use crate::room::DemoRoom;

/// The seats that get a kiosk window.
const SEATS: [u32; 2] = [1, 2];

/// Children killed when the demo ends, however it ends.
struct Children(Vec<(String, Child)>);

impl Drop for Children {
    fn drop(&mut self) {
        for (_, c) in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Runs the windowed demo with its files in `dir`. Needs a display and a
/// tokio runtime.
pub async fn run(dir: &Path, bins: &Bins) -> Result<()> {
    if std::env::var_os("DISPLAY").is_none() && std::env::var_os("WAYLAND_DISPLAY").is_none() {
        bail!(
            "no display: run `cargo xtask demo --headless`, or give it one (`xvfb-run cargo xtask demo`)"
        );
    }
    let console_bin = bins
        .console
        .as_ref()
        .context("no console binary beside the demo: run it with `cargo xtask demo`")?;
    let kiosk_bin = bins
        .kiosk
        .as_ref()
        .context("no kiosk binary beside the demo: run it with `cargo xtask demo`")?;
    let mut room = DemoRoom::new(dir, bins.controller.clone()).await?;
    println!(
        "central stand-in: http://{} (the demo bundle)",
        room.central_addr
    );
    let synced = room.controller_cmd(&["sync"])?;
    println!("controller sync: {}", synced.trim());
    room.start_controller()?;
    println!(
        "controller: broker mqtt://{}:{}, papers {}, log {}",
        room.broker.host,
        room.broker.port,
        room.papers_url(),
        dir.join("controller.log").display()
    );

    // The console's files and two accounts with one-time passwords.
    std::fs::write(
        dir.join("console.key"),
        hex::encode(demo::console_key().to_bytes()),
    )?;
    let accounts_db = dir.join("accounts.db");
    let _ = std::fs::remove_file(&accounts_db);
    let accounts = Accounts::open(&accounts_db, Policy::default())?;
    let mut logins = Vec::new();
    for (name, full, role) in [
        ("thuky", "Nguyễn Thị Hoa", OperatorRole::Secretary),
        ("kythuat", "Trần Văn Kỹ", OperatorRole::It),
    ] {
        let otp = accounts.add(&name.parse()?, full, role, link::clock())?;
        logins.push(format!("{name} ({role:?}): {}", otp.as_str()));
    }
    drop(accounts);
    let console_toml = dir.join("console.toml");
    std::fs::write(
        &console_toml,
        format!(
            "# The demo room's console (written by the demo; DEMO KEYS ONLY).\n\
             room = \"{room}\"\n\
             room_name = \"Phòng họp 1 — Tỉnh ủy Phú Lâm\"\n\
             device_id = \"{device}\"\n\
             key_file = \"console.key\"\n\
             controller_key = \"{controller}\"\n\
             accounts_db = \"accounts.db\"\n\
             language = \"vi\"\n\
             utc_offset_minutes = 420\n\
             reply_timeout_secs = 10\n\n\
             [broker]\n\
             url = \"mqtt://{host}:{port}\"\n\n\
             [display]\n\
             fullscreen = false\n\
             width = 1600\n\
             height = 900\n",
            room = demo::ROOM,
            device = demo::CONSOLE_DEVICE,
            controller = demo::CONTROLLER_PUBLIC_KEY,
            host = room.broker.host,
            port = room.broker.port,
        ),
    )?;

    let pdfium = demo::workspace_root().join("target/pdfium/libpdfium.so");
    let mut children = Children(Vec::new());
    children.0.push((
        "console".into(),
        Command::new(console_bin)
            .arg("--config")
            .arg(&console_toml)
            .stderr(std::fs::File::create(dir.join("console.log"))?)
            .spawn()
            .context("cannot start the console")?,
    ));
    for n in SEATS {
        let config = write_kiosk_files(&room, n, false)?;
        let mut kiosk = Command::new(kiosk_bin);
        kiosk
            .arg("--config")
            .arg(&config)
            .stderr(std::fs::File::create(dir.join(format!("kiosk-s{n}.log")))?);
        if pdfium.is_file() {
            kiosk.env("PHONGHOP_KIOSK_PDFIUM", &pdfium);
        }
        children.0.push((
            format!("kiosk of seat {n}"),
            kiosk.spawn().context("cannot start a kiosk")?,
        ));
    }

    println!("\nThe console: sign in with a one-time password (you choose a new one at once):");
    for l in &logins {
        println!("  {l}");
    }
    println!("The seats: tap \"Đăng nhập bằng mã PIN\" and pick the delegate:");
    for n in SEATS {
        println!(
            "  seat {n}: {}, PIN {}; or lay the card: echo \"card {}\" | socat - UNIX-CONNECT:{}",
            demo::delegate_id(n),
            demo::pin(n),
            hex::encode_upper(demo::card_uid(n)),
            dir.join(desk_socket_name(n)).display()
        );
    }
    println!(
        "Each kiosk has a simulated seat unit: in its window F1 Tán thành, F2 Không tán thành, \
         F3 Không biểu quyết (a press chooses, a second confirms), F4 the microphone key."
    );
    println!(
        "Logs: {}/*.log. Ctrl-C ends the demo (closing the console's window does too).\n",
        dir.display()
    );

    let mut tick = tokio::time::interval(Duration::from_millis(500));
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            _ = tick.tick() => {}
        }
        // Children do not announce their end: look at them twice a second.
        let mut ended = None;
        for (what, c) in &mut children.0 {
            if let Some(status) = c.try_wait()? {
                ended = Some((what.clone(), status));
                break;
            }
        }
        if let Some((what, status)) = ended {
            println!("the {what} ended ({status}): stopping the demo");
            break;
        }
    }
    drop(children);
    drop(room);
    Ok(())
}
