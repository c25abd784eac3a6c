//! `cargo xtask setup`: install what builds and tests need.
//!
//! - PDFium: `libpdfium.so` from a pinned pypdfium2 wheel, verified by its
//!   sha256, unpacked into `<target>/pdfium/`. A stamp file makes a second
//!   run a no-op.
//! - Debian packages: installed with apt-get when running as root, otherwise
//!   listed with the command to run.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail, ensure};
use sha2::{Digest, Sha256};

use crate::target_dir;

/// The pypdfium2 wheel that carries our PDFium build. Bump all three together.
const PDFIUM_WHEEL_VERSION: &str = "5.15.2";
const PDFIUM_WHEEL_FILE: &str =
    "pypdfium2-5.15.2-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
const PDFIUM_WHEEL_SHA256: &str =
    "dc31aea5b0fb9fefc9b537a65f4113980b2c40798445736a7e6565bc85161e37";
const PDFIUM_WHEEL_PLATFORM: &str = "manylinux_2_17_x86_64";
/// Path of the shared library inside the wheel.
const PDFIUM_WHEEL_MEMBER: &str = "pypdfium2_raw/libpdfium.so";
const PDFIUM_LIB: &str = "libpdfium.so";
const PDFIUM_STAMP: &str = "VERSION";

/// Debian packages the workspace needs, and why.
const APT_PACKAGES: &[(&str, &str)] = &[
    ("mosquitto", "real MQTT broker for end-to-end tests"),
    ("xvfb", "virtual X display for UI screenshots and tests"),
    ("libfontconfig1-dev", "Slint text rendering"),
    ("libfreetype-dev", "Slint text rendering"),
    ("libxkbcommon-dev", "Slint winit backend"),
];

#[derive(Debug, Default, clap::Args)]
pub(crate) struct Args {
    /// Only report what is missing; change nothing, fail if anything is missing.
    #[arg(long)]
    check: bool,
}

pub(crate) fn run(args: &Args) -> Result<()> {
    let pdfium_ready = pdfium(args.check)?;
    let apt_ready = apt(args.check)?;
    if args.check && !(pdfium_ready && apt_ready) {
        bail!("setup is incomplete, run `cargo xtask setup`");
    }
    Ok(())
}

/// Where `setup` puts `libpdfium.so`; tests find it via `PDFIUM_LIB_DIR`.
pub(crate) fn pdfium_dir() -> Result<PathBuf> {
    Ok(target_dir()?.join("pdfium"))
}

/// Makes sure `<target>/pdfium/libpdfium.so` is the pinned build. Returns
/// whether it is present afterwards.
fn pdfium(check: bool) -> Result<bool> {
    let dir = pdfium_dir()?;
    let lib = dir.join(PDFIUM_LIB);
    let stamp_path = dir.join(PDFIUM_STAMP);
    let stamp = format!("pypdfium2 {PDFIUM_WHEEL_VERSION}\nsha256 {PDFIUM_WHEEL_SHA256}\n");

    let stamp_matches = fs::read_to_string(&stamp_path).is_ok_and(|found| found == stamp);
    if stamp_matches && lib.is_file() {
        println!("pdfium: present (pypdfium2 {PDFIUM_WHEEL_VERSION})");
        return Ok(true);
    }
    if check {
        println!("pdfium: missing ({})", lib.display());
        return Ok(false);
    }

    let download_dir = target_dir()?.join("xtask").join("pdfium-download");
    recreate_dir(&download_dir)?;
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .args(["--no-deps", "--only-binary=:all:"])
        .args(["--platform", PDFIUM_WHEEL_PLATFORM])
        .arg("-d")
        .arg(&download_dir)
        .arg(format!("pypdfium2=={PDFIUM_WHEEL_VERSION}"))
        .status()
        .context("cannot run `python3 -m pip download` (is python3 with pip installed?)")?;
    ensure!(
        status.success(),
        "`python3 -m pip download pypdfium2=={PDFIUM_WHEEL_VERSION}` failed: {status}"
    );

    let wheel = download_dir.join(PDFIUM_WHEEL_FILE);
    ensure!(
        wheel.is_file(),
        "pip did not produce {PDFIUM_WHEEL_FILE} in {}",
        download_dir.display()
    );
    verify_sha256(&wheel, PDFIUM_WHEEL_SHA256)?;

    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // Drop the stamp first: it must never describe a library being replaced.
    remove_if_present(&stamp_path)?;
    extract_member(&wheel, PDFIUM_WHEEL_MEMBER, &lib)?;
    write_atomically(&stamp_path, stamp.as_bytes())?;
    fs::remove_dir_all(&download_dir)
        .with_context(|| format!("cannot remove {}", download_dir.display()))?;

    println!(
        "pdfium: installed pypdfium2 {PDFIUM_WHEEL_VERSION} into {}",
        dir.display()
    );
    Ok(true)
}

fn recreate_dir(dir: &Path) -> Result<()> {
    if dir.exists() {
        fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))
}

fn remove_if_present(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => {
            Err(err).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn verify_sha256(path: &Path, expected: &str) -> Result<()> {
    let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let actual = hex::encode(Sha256::digest(&bytes));
    ensure!(
        actual == expected,
        "sha256 mismatch for {}: expected {expected}, got {actual}; \
         refusing to use it (was the wheel re-published or tampered with?)",
        path.display()
    );
    Ok(())
}

/// Copies one member of a zip archive to `dest`, through a temporary file, so
/// a half-written `dest` never exists.
fn extract_member(archive: &Path, member: &str, dest: &Path) -> Result<()> {
    let file = File::open(archive).with_context(|| format!("cannot open {}", archive.display()))?;
    let mut zip = zip::ZipArchive::new(file)
        .with_context(|| format!("{} is not a valid zip archive", archive.display()))?;
    let mut entry = zip
        .by_name(member)
        .with_context(|| format!("{} has no member {member}", archive.display()))?;

    let partial = partial_path(dest);
    let mut out =
        File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    io::copy(&mut entry, &mut out)
        .and_then(|_| out.sync_all())
        .with_context(|| format!("cannot extract {member} to {}", partial.display()))?;
    fs::rename(&partial, dest)
        .with_context(|| format!("cannot move {} to {}", partial.display(), dest.display()))
}

fn write_atomically(dest: &Path, contents: &[u8]) -> Result<()> {
    let partial = partial_path(dest);
    let mut out =
        File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?;
    out.write_all(contents)
        .and_then(|()| out.sync_all())
        .with_context(|| format!("cannot write {}", partial.display()))?;
    fs::rename(&partial, dest)
        .with_context(|| format!("cannot move {} to {}", partial.display(), dest.display()))
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

/// Makes sure the Debian packages are installed. Returns whether all are
/// present afterwards; a missing package without root is reported, not fatal.
fn apt(check: bool) -> Result<bool> {
    if Command::new("dpkg-query")
        .arg("--version")
        .output()
        .is_err()
    {
        let names: Vec<&str> = APT_PACKAGES.iter().map(|(name, _)| *name).collect();
        println!(
            "apt: dpkg-query not found, not a Debian system; install by hand: {}",
            names.join(" ")
        );
        return Ok(false);
    }

    let mut missing = Vec::new();
    for (name, why) in APT_PACKAGES {
        if !dpkg_installed(name)? {
            missing.push((*name, *why));
        }
    }
    if missing.is_empty() {
        println!("apt: all present");
        return Ok(true);
    }

    let names: Vec<&str> = missing.iter().map(|(name, _)| *name).collect();
    let install = format!(
        "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends {}",
        names.join(" ")
    );
    if check || !running_as_root() {
        for (name, why) in &missing {
            println!("apt: missing {name} ({why})");
        }
        println!("apt: to install, run as root: apt-get update && {install}");
        return Ok(false);
    }

    println!("apt: running apt-get update");
    run_checked(Command::new("apt-get").arg("update"))?;
    println!("apt: running {install}");
    run_checked(
        Command::new("apt-get")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .args(["install", "-y", "--no-install-recommends"])
            .args(&names),
    )?;
    println!("apt: installed {}", names.join(" "));
    if names.contains(&"mosquitto") && Command::new("systemctl").arg("--version").output().is_ok() {
        println!(
            "apt: note: the mosquitto package may run a system broker on port 1883; \
             tests start their own brokers and do not use it"
        );
    }
    Ok(true)
}

fn dpkg_installed(package: &str) -> Result<bool> {
    let output = Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .with_context(|| format!("cannot run dpkg-query for {package}"))?;
    // dpkg-query fails for packages it has never heard of: that is "missing".
    Ok(output.status.success() && output.stdout == b"install ok installed")
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| output.status.success() && output.stdout.trim_ascii() == b"0")
}

fn run_checked(command: &mut Command) -> Result<()> {
    let shown = format!("{command:?}");
    let status = command
        .status()
        .with_context(|| format!("cannot run {shown}"))?;
    ensure!(status.success(), "{shown} failed: {status}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh, empty directory for one test, under the target directory.
    fn scratch_dir(test: &str) -> PathBuf {
        let dir = target_dir()
            .expect("target directory is known")
            .join("xtask")
            .join("tests")
            .join(test);
        recreate_dir(&dir).expect("scratch directory can be created");
        dir
    }

    #[test]
    fn download_with_a_wrong_sha256_is_rejected() {
        let file = scratch_dir("sha256").join("wheel.whl");
        fs::write(&file, b"not the wheel").expect("scratch file can be written");

        let err = verify_sha256(&file, PDFIUM_WHEEL_SHA256).expect_err("wrong hash is rejected");
        assert!(err.to_string().contains("sha256 mismatch"), "{err}");

        let right = hex::encode(Sha256::digest(b"not the wheel"));
        verify_sha256(&file, &right).expect("right hash is accepted");
    }

    #[test]
    fn library_is_extracted_from_the_wheel_without_leaving_a_partial_file() {
        let dir = scratch_dir("extract");
        let wheel = dir.join("test.whl");
        let mut zip = zip::ZipWriter::new(File::create(&wheel).expect("wheel can be created"));
        zip.start_file(
            PDFIUM_WHEEL_MEMBER,
            zip::write::SimpleFileOptions::default(),
        )
        .expect("zip member can be started");
        zip.write_all(b"\x7fELF library")
            .expect("zip member can be written");
        zip.finish().expect("zip can be finished");

        let lib = dir.join(PDFIUM_LIB);
        extract_member(&wheel, PDFIUM_WHEEL_MEMBER, &lib).expect("member is extracted");
        assert_eq!(
            fs::read(&lib).expect("library is readable"),
            b"\x7fELF library"
        );
        assert!(!partial_path(&lib).exists());

        let err = extract_member(&wheel, "no/such/member", &dir.join("other"))
            .expect_err("a missing member is an error");
        assert!(err.to_string().contains("has no member"), "{err}");
    }
}
