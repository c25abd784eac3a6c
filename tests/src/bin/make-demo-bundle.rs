//! Writes the demo meeting bundle (`tests::demo`) to a folder, or checks
//! that a folder holds exactly what the generator makes.
//!
//! `make-demo-bundle [--out DIR] [--check]`; DIR defaults to the committed
//! `assets/demo/bundle`. Run it through `cargo xtask demo-bundle [--check]`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use tests::demo;

#[derive(Debug, Parser)]
#[command(about = "Write or check the demo meeting bundle (assets/demo/bundle)")]
struct Args {
    /// The bundle folder (default: assets/demo/bundle in the workspace).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write nothing; exit non-zero if DIR differs from a fresh generation.
    #[arg(long)]
    check: bool,
}

fn main() -> Result<ExitCode> {
    let args = Args::parse();
    let dir = args
        .out
        .unwrap_or_else(|| demo::workspace_root().join(demo::BUNDLE_DIR));
    let bundle = demo::bundle();
    if args.check {
        let differences = demo::differences(&dir, &bundle)?;
        if differences.is_empty() {
            println!("{} is up to date", dir.display());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!(
            "{} differs from the generated demo bundle (regenerate it with `cargo xtask demo-bundle`):",
            dir.display()
        );
        for d in &differences {
            eprintln!("  {d}");
        }
        return Ok(ExitCode::FAILURE);
    }
    demo::write(&dir, &bundle)?;
    let bytes: usize = demo::bundle_files(&bundle).values().map(Vec::len).sum();
    println!(
        "wrote the demo bundle to {}: meeting {} \"{}\", {} papers, {} delegates, {} bytes",
        dir.display(),
        bundle.package.id,
        bundle.package.title,
        bundle.package.documents.len(),
        bundle.package.delegates.len(),
        bytes
    );
    Ok(ExitCode::SUCCESS)
}
