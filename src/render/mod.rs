//! Drawing: plotters charts on any `DrawingBackend`, and RGBA raster layers (heatmaps).
