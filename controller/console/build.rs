//! Compiles the Slint UI (`ui/app.slint`) with its English translation bundled
//! (`assets/translations/en/LC_MESSAGES/console.po`; the domain is the package name).
//!
//! Debug info is on so the testing backend can find elements by accessible
//! label (`tests/`); it costs a few names in the binary.

fn main() {
    let config = slint_build::CompilerConfiguration::new()
        .with_style("fluent".into())
        .with_bundled_translations("../../assets/translations")
        .with_default_translation_context(slint_build::DefaultTranslationContext::None)
        .with_debug_info(true);
    if let Err(err) = slint_build::compile_with_config("ui/app.slint", config) {
        panic!("cannot compile the Slint UI: {err}");
    }
}
