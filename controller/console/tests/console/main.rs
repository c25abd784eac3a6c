//! The console's screens under Slint's testing backend, found and pressed by
//! their accessible labels as a screen reader finds them.
//!
//! - `screens`: the screens drawn from the demo room, no controller.
//! - `room`: the wired console (accounts, session, screens) against a real
//!   room: the controller in its own process with its embedded broker, and
//!   simulated seats from the `tests` harness.

mod room;
mod screens;

use std::cell::Cell;

use console::ui::{self, AppWindow, Language};
use i_slint_backend_testing::{AccessibleRole, ElementHandle};
use slint::ComponentHandle;

thread_local! {
    static BACKEND: Cell<bool> = const { Cell::new(false) };
}

/// A console window on the testing backend, in Vietnamese.
fn window() -> AppWindow {
    BACKEND.with(|ready| {
        if !ready.get() {
            i_slint_backend_testing::init_no_event_loop();
            ready.set(true);
        }
    });
    let window = AppWindow::new().expect("the console window builds");
    // The size of the console's screen: what is scrolled away is not found.
    window
        .window()
        .set_size(slint::PhysicalSize::new(1920, 1080));
    ui::set_language(&window, Language::Vietnamese).expect("Vietnamese is the source language");
    window
}

/// Elements with this accessible label that a screen reader sees (not the
/// texts inside a button, which are marked `accessible-role: none`).
fn all(window: &AppWindow, label: &str) -> Vec<ElementHandle> {
    ElementHandle::find_by_accessible_label(window, label)
        .filter(|e| e.accessible_role() != Some(AccessibleRole::None))
        .collect()
}

fn shows(window: &AppWindow, label: &str) -> bool {
    !all(window, label).is_empty()
}

/// The one control (button, tab, field) with this label.
fn control(window: &AppWindow, label: &str) -> ElementHandle {
    let mut found: Vec<_> = all(window, label)
        .into_iter()
        .filter(|e| {
            matches!(
                e.accessible_role(),
                Some(AccessibleRole::Button | AccessibleRole::Tab | AccessibleRole::TextInput)
            )
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "one control labelled {label:?}, found {}",
        found.len()
    );
    found.remove(0)
}

/// Clicks the one control with this label.
fn press(window: &AppWindow, label: &str) {
    control(window, label).invoke_accessible_default_action();
}

/// Types `text` into the field with this label.
fn type_into(window: &AppWindow, label: &str, text: &str) {
    control(window, label).set_accessible_value(text);
}

fn current_page(window: &AppWindow) -> ui::Page {
    ui::current_page(window)
}
