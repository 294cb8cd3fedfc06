//! Colour maps for heatmaps: 256-entry lookup tables built from a few anchor colours.

/// A 256-entry RGB lookup table.
pub struct ColorMap {
    lut: [[u8; 3]; 256],
}

/// Anchor colours of a perceptually ordered dark-blue → teal → yellow map (sampled from
/// matplotlib's "viridis" definition, van der Walt & Smith 2015), interpolated linearly.
const VIRIDIS_ANCHORS: [[f64; 3]; 9] = [
    [68.0, 1.0, 84.0],
    [71.0, 44.0, 122.0],
    [59.0, 81.0, 139.0],
    [44.0, 113.0, 142.0],
    [33.0, 144.0, 141.0],
    [39.0, 173.0, 129.0],
    [92.0, 200.0, 99.0],
    [170.0, 220.0, 50.0],
    [253.0, 231.0, 37.0],
];

/// A diverging blue → white → red map for signed values.
const DIVERGING_ANCHORS: [[f64; 3]; 5] = [
    [33.0, 102.0, 172.0],
    [146.0, 197.0, 222.0],
    [247.0, 247.0, 247.0],
    [244.0, 165.0, 130.0],
    [178.0, 24.0, 43.0],
];

impl ColorMap {
    fn from_anchors(anchors: &[[f64; 3]], lighten: f64) -> Self {
        let mut lut = [[0u8; 3]; 256];
        let segs = (anchors.len() - 1) as f64;
        for (i, entry) in lut.iter_mut().enumerate() {
            let t = i as f64 / 255.0 * segs;
            let k = (t.floor() as usize).min(anchors.len() - 2);
            let f = t - k as f64;
            for c in 0..3 {
                let v = anchors[k][c] * (1.0 - f) + anchors[k + 1][c] * f;
                // Lighten towards white so trajectories drawn on top stay readable.
                let v = v + (255.0 - v) * lighten;
                entry[c] = v.round().clamp(0.0, 255.0) as u8;
            }
        }
        ColorMap { lut }
    }

    /// Low values dark blue, high values yellow; lightened by 25 % for overlays.
    pub fn viridis_light() -> Self {
        Self::from_anchors(&VIRIDIS_ANCHORS, 0.25)
    }

    /// Blue (negative) – white – red (positive), for decision surfaces and signed fields.
    pub fn diverging() -> Self {
        Self::from_anchors(&DIVERGING_ANCHORS, 0.0)
    }

    /// The colour of entry `i`.
    #[inline]
    pub fn rgb(&self, i: u8) -> [u8; 3] {
        self.lut[i as usize]
    }

    /// The colour at `t` in [0, 1] (clamped).
    pub fn at(&self, t: f64) -> [u8; 3] {
        let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
        self.lut[(t * 255.0).round() as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ends_match_anchors_and_luminance_increases() {
        let m = ColorMap::from_anchors(&VIRIDIS_ANCHORS, 0.0);
        assert_eq!(m.rgb(0), [68, 1, 84]);
        assert_eq!(m.rgb(255), [253, 231, 37]);
        let lum = |c: [u8; 3]| 0.2126 * c[0] as f64 + 0.7152 * c[1] as f64 + 0.0722 * c[2] as f64;
        for i in 1..=255u8 {
            assert!(lum(m.rgb(i)) + 1.0 >= lum(m.rgb(i - 1)), "luminance drops at {i}");
        }
    }
}
