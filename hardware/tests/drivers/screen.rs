//! The screen's sysfs backlight, on a folder laid out as the kernel's.

use hardware::screen::{BacklightError, SysfsBacklight};

fn backlight_dir(max: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("max_brightness"), max).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.path().join("brightness"), "0\n").unwrap_or_else(|e| panic!("{e}"));
    dir
}

fn brightness(dir: &tempfile::TempDir) -> String {
    std::fs::read_to_string(dir.path().join("brightness")).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_percentage_is_written_as_the_kernels_brightness_value() {
    let dir = backlight_dir("255\n");
    let backlight = SysfsBacklight::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(backlight.max(), 255);
    backlight.set_percent(40).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(brightness(&dir), "102\n");
    backlight.set_percent(100).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(brightness(&dir), "255\n");
    // More than full is full.
    backlight.set_percent(150).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(brightness(&dir), "255\n");
}

#[test]
fn a_dim_level_on_a_coarse_backlight_stays_lit() {
    let dir = backlight_dir("7");
    let backlight = SysfsBacklight::open(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        backlight.raw(1),
        1,
        "1% of 7 rounds to 0, but the screen stays lit"
    );
    assert_eq!(backlight.raw(0), 0);
    assert_eq!(backlight.raw(50), 4);
}

#[test]
fn a_missing_or_bad_backlight_names_its_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let err = SysfsBacklight::open(dir.path())
        .err()
        .unwrap_or_else(|| panic!("there is no backlight here"));
    assert!(matches!(err, BacklightError::Io { .. }));
    assert!(err.to_string().contains("max_brightness"), "{err}");

    let dir = backlight_dir("none\n");
    let err = SysfsBacklight::open(dir.path())
        .err()
        .unwrap_or_else(|| panic!("the maximum is not a number"));
    assert!(matches!(err, BacklightError::BadMax { .. }), "{err}");
    let dir = backlight_dir("0\n");
    assert!(SysfsBacklight::open(dir.path()).is_err(), "a maximum of 0");
}
