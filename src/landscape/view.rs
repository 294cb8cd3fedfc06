//! The rectangle of the (x, y) plane a landscape is shown in.

use serde::{Deserialize, Serialize};

use super::LandscapeError;

/// An axis-aligned view of the plane: x ∈ [x_min, x_max], y ∈ [y_min, y_max].
///
/// Rasters of a view sample **pixel centres**: pixel (i, j) of a w×h raster, with row j = 0 at the
/// top, sits at `x = x_min + (i + ½)·(x_max − x_min)/w`, `y = y_max − (j + ½)·(y_max − y_min)/h`
/// (see [`ViewBox::pixel_center`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ViewBox {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
}

impl ViewBox {
    /// A view from its four edges.
    pub const fn new(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> Self {
        ViewBox { x_min, x_max, y_min, y_max }
    }

    /// Width x_max − x_min.
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }

    /// Height y_max − y_min.
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }

    /// Centre of the view.
    pub fn center(&self) -> [f64; 2] {
        [0.5 * (self.x_min + self.x_max), 0.5 * (self.y_min + self.y_max)]
    }

    /// Whether (x, y) lies in the closed rectangle.
    pub fn contains(&self, p: [f64; 2]) -> bool {
        p[0] >= self.x_min && p[0] <= self.x_max && p[1] >= self.y_min && p[1] <= self.y_max
    }

    /// The plane point at the centre of pixel (i, j) of a w×h raster (row 0 = top = y_max).
    pub fn pixel_center(&self, i: usize, j: usize, w: usize, h: usize) -> [f64; 2] {
        let dx = self.width() / w.max(1) as f64;
        let dy = self.height() / h.max(1) as f64;
        [self.x_min + (i as f64 + 0.5) * dx, self.y_max - (j as f64 + 0.5) * dy]
    }

    /// Checks that all edges are finite and that x_min < x_max, y_min < y_max.
    pub fn validate(&self) -> Result<(), LandscapeError> {
        let all = [self.x_min, self.x_max, self.y_min, self.y_max];
        if all.iter().any(|v| !v.is_finite()) {
            return Err(LandscapeError::new(format!(
                "the view edges must be finite numbers (got x ∈ [{}, {}], y ∈ [{}, {}])",
                self.x_min, self.x_max, self.y_min, self.y_max
            )));
        }
        if self.x_min >= self.x_max || self.y_min >= self.y_max {
            return Err(LandscapeError::new(format!(
                "the view must have x_min < x_max and y_min < y_max (got x ∈ [{}, {}], y ∈ [{}, {}])",
                self.x_min, self.x_max, self.y_min, self.y_max
            )));
        }
        Ok(())
    }
}
