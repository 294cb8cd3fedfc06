//! The data view: dragging, adding and removing points; drawing every view natively.

use plotters::prelude::*;
use crate::lab::shrinkage::ShrinkageLab;
use crate::lab::widget::{Frame, Pointer, PointerKind, Widget};
use crate::render::chart::ChartFrame;
use crate::render::theme::Theme;

/// An event on the data view as drawn in [`frame`] (the page's handle passes the frame the
/// renderer returned).
fn ptr(kind: PointerKind, x: f64, y: f64, shift: bool) -> Pointer {
    Pointer { shift, ..Pointer::at(kind, x, y, Some(Frame::Chart(frame())), 1.0) }
}

/// A 400×300 px data frame: x ∈ [-1, 1] ↦ px 0..400, y ∈ [-2, 2] ↦ px 300..0 (dpr 1).
fn frame() -> ChartFrame {
    ChartFrame { x_px: (0, 400), y_px: (0, 300), x_range: (-1.0, 1.0, false), y_range: (-2.0, 2.0, false) }
}

fn px(x: f64, y: f64) -> (f64, f64) {
    ((x + 1.0) / 2.0 * 400.0, (2.0 - y) / 4.0 * 300.0)
}

#[test]
fn dragging_adding_and_removing_points() {
    let mut lab = ShrinkageLab::default();
    let d = lab.dataset().unwrap().clone();
    let (x0, y0) = (d.x[5], d.y[5]);
    let (a, b) = px(x0, y0);
    lab.pointer("data", ptr(PointerKind::Down, a + 0.4, b - 0.3, false)).unwrap();
    let (c, e) = px(0.5, 1.5);
    lab.pointer("data", ptr(PointerKind::Move, c, e, false)).unwrap();
    lab.pointer("data", ptr(PointerKind::Up, c, e, false)).unwrap();
    let st = lab.state();
    assert_eq!(st.points.len(), 40);
    assert_eq!(st.points[5], [0.5, 1.5]);
    assert_eq!(lab.dataset().unwrap().x[5], 0.5);
    // The other points are the generated ones (to 4 decimals), with the same split.
    assert!((st.points[6][0] - d.x[6]).abs() <= 5e-5);
    assert_eq!(lab.dataset().unwrap().is_test, d.is_test);
    // Shift+click adds a training point, double-click removes one.
    let (f, g) = px(-0.9, -1.9);
    lab.pointer("data", ptr(PointerKind::Down, f, g, true)).unwrap();
    assert_eq!(lab.state().points.len(), 41);
    assert_eq!(lab.state().points[40], [-0.9, -1.9]);
    lab.pointer("data", ptr(PointerKind::Up, f, g, false)).unwrap();
    lab.pointer("data", ptr(PointerKind::Double, f, g, false)).unwrap();
    assert_eq!(lab.state().points.len(), 40);
    // A press far from every point picks nothing.
    let before = lab.state().clone();
    lab.pointer("data", ptr(PointerKind::Down, 399.0, 1.0, false)).unwrap();
    lab.pointer("data", ptr(PointerKind::Move, 10.0, 10.0, false)).unwrap();
    assert_eq!(lab.state(), &before);
    // The link carries the edited points.
    let again = ShrinkageLab::open(&lab.query());
    assert_eq!(again.dataset(), lab.dataset());
    // Changing N goes back to generated data, with a notice.
    lab.take_notices();
    lab.set("data.n", "30").unwrap();
    assert!(lab.state().points.is_empty());
    assert_eq!(lab.take_notices().len(), 1);
}

#[test]
fn an_added_point_stays_under_the_pointer_until_release() {
    let mut lab = ShrinkageLab::default();
    let ranges = |lab: &ShrinkageLab| lab.data_ranges_for_tests();
    let before = ranges(&lab);
    // Shift+press far out at the view's corner: the data's range grows, the axes must not yet.
    let (f, g) = px(before.0 .1 - 1e-3, before.1 .1 - 1e-3);
    lab.pointer("data", ptr(PointerKind::Down, f, g, true)).unwrap();
    assert_eq!(ranges(&lab), before, "the axes rescaled under the pointer while adding");
    // Dragging the new point keeps the axes too, and moves that point.
    let (c, e) = px(0.2, 0.3);
    lab.pointer("data", ptr(PointerKind::Move, c, e, false)).unwrap();
    assert_eq!(ranges(&lab), before);
    assert_eq!(*lab.state().points.last().unwrap(), [0.2, 0.3], "the added point follows the drag");
    lab.pointer("data", ptr(PointerKind::Move, f, g, false)).unwrap();
    lab.pointer("data", ptr(PointerKind::Up, f, g, false)).unwrap();
    assert_ne!(ranges(&lab), before, "on release the axes fit the data again");
}

#[test]
fn every_view_draws_on_svg_with_its_labels() {
    let mut lab = ShrinkageLab::default();
    lab.run_to_completion();
    let ids: Vec<&str> = lab.views().iter().map(|v| v.id).collect();
    assert_eq!(ids, ["filters", "data", "errors", "spectrum", "precision"]);
    let expect = [
        ("filters", "filter factor"),
        ("data", "training points"),
        ("errors", "ridge λ"),
        ("spectrum", "singular value"),
        ("precision", "achieved in float32"),
    ];
    for (id, text) in expect {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
            lab.draw_on(id, &area, &Theme::new(2.0)).unwrap();
        }
        assert!(svg.contains(text), "view {id} lacks “{text}”");
    }
    let mut svg = String::new();
    let area = SVGBackend::with_string(&mut svg, (10, 10)).into_drawing_area();
    assert!(lab.draw_on("nope", &area, &Theme::new(1.0)).is_err());
}

#[test]
fn float32_preset_preserves_fewer_components_than_float64() {
    let mut lab = ShrinkageLab::default();
    lab.set("preset", "float32").unwrap();
    lab.run_to_completion();
    let (k64, k32) = lab.components_kept().unwrap();
    assert!(k32 < k64, "f64 kept {k64}, f32 kept {k32}");
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
        lab.draw_on("precision", &area, &Theme::new(1.0)).unwrap();
    }
    assert!(svg.contains("normal equations") && svg.contains("float32"), "precision text missing");
}
