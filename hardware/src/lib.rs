//! phonghop seat hardware: drivers over embedded-hal 1.0.
#![no_std]
