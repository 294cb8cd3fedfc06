//! The size of a canvas' backing store: its content box in device pixels.
//!
//! The page lays every canvas out on whole device pixels (`www/js/widget.js`: the content width is
//! floored to a multiple of 1/devicePixelRatio, the height rounded to one), so the content box is
//! an integer number of device pixels and the backing store equals it exactly: no figure is
//! resampled, at any ratio. The end-to-end test checks the page's boxes at DPR 1, 1.25, 2 and 3.

/// Backing-store size (width, height) in device pixels of a content box of `css_w × css_h` CSS
/// pixels at `dpr` device pixels per CSS pixel; at least 1×1.
pub fn backing_size(css_w: f64, css_h: f64, dpr: f64) -> (u32, u32) {
    (((css_w * dpr).round() as u32).max(1), ((css_h * dpr).round() as u32).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapped_box_has_a_backing_store_of_exactly_its_device_pixels() {
        // The page's rule (`layoutHeights` in www/js/widget.js): the content width is the room its
        // parent gives, floored to whole device pixels so it never overflows.
        let snap_width = |room: f64, dpr: f64| (room * dpr + 1e-6).floor().max(1.0) / dpr;
        for dpr in [1.0, 1.25, 1.5, 2.0, 3.0] {
            // Fractional rooms like the grid's 872.81 px.
            for room in [872.81, 431.4, 320.0, 959.999, 1279.5] {
                let w = snap_width(room, dpr);
                assert!(w <= room && room - w < 1.0 / dpr + 1e-9, "{room} at {dpr} → {w}");
                let device = w * dpr;
                assert!((device - device.round()).abs() < 1e-9, "{w} CSS px at {dpr} is {device} device px");
                let (bw, _) = backing_size(w, 100.0, dpr);
                assert_eq!(bw as f64, device.round(), "backing store = content box in device pixels");
            }
        }
    }
}
