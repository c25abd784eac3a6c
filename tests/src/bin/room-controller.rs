//! The controller, as the end-to-end tests run it.

fn main() -> anyhow::Result<()> {
    controller::cli::main()
}
