//! The seat unit's keys from the window's keyboard (`DeskKeysAdapter`), for
//! a kiosk driving a simulated seat unit: F1 Tán thành, F2 Không tán thành,
//! F3 Không biểu quyết, F4 the microphone key.

use hardware::Key;
use slint::ComponentHandle;

use super::AppWindow;
use super::generated::{DeskKey, DeskKeysAdapter};

/// The seat unit key a desk key is.
fn key(desk: DeskKey) -> Key {
    match desk {
        DeskKey::Yes => Key::Yes,
        DeskKey::No => Key::No,
        DeskKey::Abstain => Key::Abstain,
        DeskKey::Mic => Key::Mic,
    }
}

/// The function keys press and release the simulated unit's keys: `f` is
/// told each key going down (`true`) and up (`false`).
pub fn simulate(window: &AppWindow, f: impl Fn(Key, bool) + 'static) {
    let adapter = window.global::<DeskKeysAdapter>();
    adapter.on_key(move |desk, down| f(key(desk), down));
    adapter.set_simulated(true);
}
