//! The seat map (`SeatsAdapter`).

use slint::ComponentHandle;

use super::{AppWindow, SeatTile, SeatsAdapter, model};

/// What the seat map shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeatsView {
    /// A seat map has come from the controller.
    pub known: bool,
    pub summary: String,
    /// The open ballot's count; empty when none is open.
    pub ballot: String,
    pub tiles: Vec<SeatTile>,
}

/// Pushes the view.
pub fn show(window: &AppWindow, v: &SeatsView) {
    let a = window.global::<SeatsAdapter>();
    a.set_known(v.known);
    a.set_summary(v.summary.as_str().into());
    a.set_ballot(v.ballot.as_str().into());
    a.set_tiles(model(v.tiles.clone()));
}
