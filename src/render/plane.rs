//! Views of the data plane: a field shown as a raster under what is drawn over it.
//!
//! A [`Plane`] is the part of a [`super::figure::Figure`] that is not a line chart: a loss
//! landscape (a scalar field as a heatmap with contours, trails, minima, a start point and a
//! read-out at the cursor), a classifier's decision surface (class probabilities over the input
//! plane, with the data points) or a regression's fitted curves over the data. Like every figure it
//! is data: what to show, borrowed from the lab. What makes drawing it fast is kept outside the
//! lab, by whoever draws it: the rasters computed so far ([`PlaneCache`], one per view, kept by the
//! page's handle between frames and dropped for an export) and what the backend can do beyond
//! plotters' primitives ([`Backdrop`]: copy a raster, keep a layer of growing trails).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::grid::{draw_grid, GridCache, GridMap};
use super::landscape::{draw_landscape, LandscapeMap, PlotFrame, Raster, RasterCache, Trail};
use super::mlp::{draw_decision_surface, draw_fitted_curves, ClassMap, CurveMap, SurfaceCache};
use super::theme::Theme;

/// What a plane view shows.
pub enum Plane<'a> {
    /// A scalar field (a loss landscape) with trails over it.
    Landscape(LandscapeMap<'a>),
    /// Class probabilities over the input plane, with the data points.
    Classes(ClassMap<'a>),
    /// Fitted curves over the data points (no raster).
    Curves(CurveMap<'a>),
    /// Values sampled on a grid (a loss surface through trained weights) as a heatmap with
    /// contours, lines and marks over it; one or more panels on one colour scale.
    Grid(GridMap),
}

impl std::fmt::Debug for Plane<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Plane::Landscape(_) => "Plane::Landscape",
            Plane::Classes(_) => "Plane::Classes",
            Plane::Curves(_) => "Plane::Curves",
            Plane::Grid(_) => "Plane::Grid",
        })
    }
}

/// The rasters of one view computed so far, reused while what they show is unchanged.
#[derive(Default)]
pub struct PlaneCache {
    /// The heatmap of a landscape.
    pub heat: RasterCache,
    /// The decision surface, refreshed a slice of rows per drawing.
    pub classes: SurfaceCache,
    /// The heatmaps of a sampled grid, one per panel.
    pub grid: GridCache,
}

impl PlaneCache {
    /// Whether the view needs more drawings to catch up (a decision surface still filling in).
    pub fn pending(&self) -> bool {
        self.classes.pending()
    }
}

/// Copies a raster: its top-left corner at device pixel (x, y), each sample a `block × block`
/// square, clipped to `w × h` device pixels.
pub type Blit<'b> = &'b mut dyn FnMut(&Raster, i32, i32, u32, u32) -> Result<(), String>;
/// Brings a layer that keeps its pixels between frames up to the trails of race `generation`
/// and paints it (the renderer then strokes only the markers of the trails).
pub type TrailPaint<'b> = &'b mut dyn FnMut(&PlotFrame, u64, &[Trail]) -> Result<(), String>;

/// What the backend offers beyond plotters' primitives.
pub struct Backdrop<'b> {
    /// Copies a raster.
    pub blit: Blit<'b>,
    /// A layer for growing trails, used while a race plays (`None`: trails are stroked each frame).
    pub trails: Option<TrailPaint<'b>>,
}

/// Draws `plane` filling `area`; returns where the plot is, for a view that maps pointers to data.
pub fn draw_plane<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, plane: &Plane, cache: &mut PlaneCache, backdrop: &mut Backdrop) -> Result<Option<PlotFrame>, String> {
    match plane {
        Plane::Landscape(map) => {
            let layer: Option<&mut dyn FnMut(&PlotFrame, u64, &[Trail]) -> Result<(), String>> = match &mut backdrop.trails {
                Some(paint) if map.playing => Some(&mut **paint),
                _ => None,
            };
            draw_landscape(area, theme, map, &mut cache.heat, backdrop.blit, layer).map(Some)
        }
        Plane::Classes(map) => draw_decision_surface(area, theme, map, &mut cache.classes, backdrop.blit).map(|_| None),
        Plane::Curves(map) => draw_fitted_curves(area, theme, map).map(|_| None),
        Plane::Grid(map) => draw_grid(area, theme, map, &mut cache.grid, backdrop.blit).map(|_| None),
    }
}
