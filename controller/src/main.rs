//! `controller`: the phonghop room controller. See `controller --help`.

fn main() -> anyhow::Result<()> {
    controller::cli::main()
}
