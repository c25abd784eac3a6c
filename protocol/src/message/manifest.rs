//! The retained `manifest` body: the meeting package as seats may see it.

use serde::{Deserialize, Serialize};

use crate::meeting::MeetingPackage;

/// The meeting package without sign-in secrets ([`MeetingPackage::public_view`]).
/// The controller's envelope signature vouches for it; the central system's
/// own signature was checked by the controller when the package arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub meeting: MeetingPackage,
}
