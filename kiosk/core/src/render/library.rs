//! Finding `libpdfium.so`: where `cargo xtask setup` puts it in a checkout,
//! where the image build puts it on a seat, or where the environment says.

use std::env;
use std::path::{Path, PathBuf};

use super::RenderError;

/// Environment variable naming the library file itself.
pub const PDFIUM_LIB_ENV: &str = "PDFIUM_LIB";
/// Environment variable naming a directory that holds the library (set by
/// `cargo xtask ci` for tests).
pub const PDFIUM_LIB_DIR_ENV: &str = "PDFIUM_LIB_DIR";

/// The library's file name on this platform.
pub(super) const LIBRARY_FILE: &str = "libpdfium.so";

/// Finds the PDFium library, in this order:
///
/// 1. `$PDFIUM_LIB` (a file);
/// 2. `$PDFIUM_LIB_DIR/libpdfium.so`;
/// 3. beside the running executable (how the device image ships it);
/// 4. `<dir>/target/pdfium/libpdfium.so` (or `<dir>/pdfium/libpdfium.so`
///    when `<dir>` is a cargo target directory) for every `<dir>` above the
///    executable, then above `$CARGO_MANIFEST_DIR`: where `cargo xtask setup`
///    puts it.
///
/// An environment variable that is set (non-empty) but names no file is an error, not a
/// reason to look further: a mistyped override should not go unnoticed.
pub fn locate_library() -> Result<PathBuf, RenderError> {
    let mut looked_in = Vec::new();
    if let Some(file) = non_empty_var(PDFIUM_LIB_ENV) {
        return found_or_error(file, PDFIUM_LIB_ENV);
    }
    if let Some(dir) = non_empty_var(PDFIUM_LIB_DIR_ENV) {
        return found_or_error(dir.join(LIBRARY_FILE), PDFIUM_LIB_DIR_ENV);
    }
    let exe_dir = env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    if let Some(dir) = &exe_dir {
        let beside = dir.join(LIBRARY_FILE);
        if beside.is_file() {
            return Ok(beside);
        }
        looked_in.push(beside);
    }
    let manifest_dir = env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    for start in exe_dir.iter().chain(manifest_dir.iter()) {
        for dir in start.ancestors() {
            let candidates = [
                dir.join("target").join("pdfium").join(LIBRARY_FILE),
                dir.join("pdfium").join(LIBRARY_FILE),
            ];
            for candidate in candidates {
                if candidate.is_file() {
                    return Ok(candidate);
                }
            }
            looked_in.push(dir.join("target").join("pdfium"));
        }
    }
    Err(RenderError::LibraryNotFound {
        looked_in: if looked_in.is_empty() {
            "nowhere: no executable path and no CARGO_MANIFEST_DIR".to_owned()
        } else {
            looked_in
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        },
    })
}

fn non_empty_var(name: &str) -> Option<PathBuf> {
    env::var_os(name)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

fn found_or_error(file: PathBuf, variable: &str) -> Result<PathBuf, RenderError> {
    if file.is_file() {
        Ok(file)
    } else {
        Err(RenderError::LibraryNotFound {
            looked_in: format!("{} (from ${variable})", file.display()),
        })
    }
}
