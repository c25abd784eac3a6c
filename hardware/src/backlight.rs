//! From ambient light to a backlight level.
//!
//! [`level_for`] is the pure mapping: linear from `dark_lux` (and below:
//! `min_percent`) to `bright_lux` (and above: `max_percent`), clamped. A
//! screen in a meeting hall should neither glare in a dim room nor wash out
//! by a window; the two ends are configured per room.
//!
//! [`Backlight`] adds hysteresis on top: it passes a new level on only when
//! it differs from the level in force by at least `hysteresis_percent`, or
//! when it reaches either end of the range, so a lamp flickering or a
//! delegate's hand over the sensor does not make the screen pump.

/// A light sensor, read once per light poll.
pub trait LightSensor {
    /// What reading can fail with.
    type Error: core::fmt::Debug;

    /// The ambient light in lux; `None` when the seat has no sensor.
    fn read_lux(&mut self) -> Result<Option<f32>, Self::Error>;
}

/// A seat without a light sensor.
impl<S: LightSensor> LightSensor for Option<S> {
    type Error = S::Error;

    fn read_lux(&mut self) -> Result<Option<f32>, Self::Error> {
        match self {
            Some(s) => s.read_lux(),
            None => Ok(None),
        }
    }
}

/// The lux-to-level curve.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "config",
    derive(serde::Deserialize),
    serde(default, deny_unknown_fields)
)]
pub struct BacklightCurve {
    /// At or below this light, the level is `min_percent`.
    pub dark_lux: f32,
    /// At or above this light, the level is `max_percent`.
    pub bright_lux: f32,
    /// The dimmest level (percent of full brightness).
    pub min_percent: u8,
    /// The brightest level (percent, at most 100).
    pub max_percent: u8,
    /// Smaller changes than this are not passed on (percent).
    pub hysteresis_percent: u8,
}

impl Default for BacklightCurve {
    fn default() -> Self {
        BacklightCurve {
            dark_lux: 10.0,
            bright_lux: 500.0,
            min_percent: 20,
            max_percent: 100,
            hysteresis_percent: 5,
        }
    }
}

/// The backlight level (percent, 0..=100) for `lux` on `curve`: linear
/// between the curve's two ends and clamped to them. A bad reading (NaN,
/// negative) gives the dim end; a curve with its ends swapped or `max_percent`
/// above 100 is read as sorted and capped.
pub fn level_for(lux: f32, curve: &BacklightCurve) -> u8 {
    let lo = curve.min_percent.min(curve.max_percent).min(100);
    let hi = curve.min_percent.max(curve.max_percent).min(100);
    let (dark, bright) = if curve.dark_lux <= curve.bright_lux {
        (curve.dark_lux, curve.bright_lux)
    } else {
        (curve.bright_lux, curve.dark_lux)
    };
    if lux.is_nan() || lux <= dark {
        return lo;
    }
    if lux >= bright {
        return hi;
    }
    let t = (lux - dark) / (bright - dark);
    let level = f32::from(lo) + t * f32::from(hi - lo);
    // 0 <= level <= 100 here; + 0.5 rounds (core has no `round` without std).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let level = (level + 0.5) as u8;
    level.clamp(lo, hi)
}

/// The backlight level in force, with hysteresis.
#[derive(Debug, Clone, Copy)]
pub struct Backlight {
    curve: BacklightCurve,
    current: Option<u8>,
}

impl Backlight {
    /// No level decided yet: the first reading always gives one.
    pub const fn new(curve: BacklightCurve) -> Self {
        Backlight {
            curve,
            current: None,
        }
    }

    /// The level in force, once there is one.
    pub const fn current(&self) -> Option<u8> {
        self.current
    }

    /// Takes a reading; returns the new level when it should change.
    pub fn update(&mut self, lux: f32) -> Option<u8> {
        let target = level_for(lux, &self.curve);
        let lo = self.curve.min_percent.min(self.curve.max_percent).min(100);
        let hi = self.curve.min_percent.max(self.curve.max_percent).min(100);
        let change = match self.current {
            None => true,
            Some(cur) if cur == target => false,
            Some(cur) => {
                cur.abs_diff(target) >= self.curve.hysteresis_percent.max(1)
                    || target == lo
                    || target == hi
            }
        };
        if change {
            self.current = Some(target);
            Some(target)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_level_is_clamped_at_both_ends_and_linear_between() {
        let c = BacklightCurve::default();
        assert_eq!(level_for(0.0, &c), 20);
        assert_eq!(level_for(10.0, &c), 20);
        assert_eq!(level_for(f32::NAN, &c), 20);
        assert_eq!(level_for(-3.0, &c), 20);
        assert_eq!(level_for(255.0, &c), 60);
        assert_eq!(level_for(500.0, &c), 100);
        assert_eq!(level_for(65_535.0 / 1.2, &c), 100);
    }

    #[test]
    fn small_changes_are_held_back_but_the_ends_are_reached() {
        let mut b = Backlight::new(BacklightCurve::default());
        assert_eq!(b.update(255.0), Some(60));
        // 60 → 62: under the 5 % hysteresis.
        assert_eq!(b.update(267.0), None);
        assert_eq!(b.current(), Some(60));
        // 60 → 70: passed on.
        assert_eq!(b.update(316.0), Some(70));
        // Near the top: 98 is passed on (28 away), then 100 although only 2 away.
        assert_eq!(b.update(490.0), Some(98));
        assert_eq!(b.update(900.0), Some(100));
        assert_eq!(b.update(900.0), None);
    }
}
