//! Phone-width check of every view's text (issue 10, "no overprinted ticks"): each view of the
//! shrinkage, MLP and theory labs, and the optimizer's landscape and charts, is drawn on an SVG canvas of
//! a 360-px phone (content box 322 CSS px, devicePixelRatio 2, the view's phone aspect), and no
//! two horizontal labels on one line may overlap.
//!
//! A label's width is estimated from its characters (0.6 em each, wider than the sans-serif
//! average, so the check errs towards finding overlaps); rotated text (the y-axis titles) is left
//! out.

use plotters::prelude::*;

use crate::lab::mlp::MlpLab;
use crate::lab::shrinkage::ShrinkageLab;
use crate::lab::widget::Widget;
use crate::render::theme::Theme;

/// Content width of a view at a 360-px phone (the page's padding and the figure's border taken off).
const PHONE_CSS_W: f64 = 322.0;
const DPR: f64 = 2.0;

/// Horizontal text of an SVG document: (left, right, baseline y, text) in SVG pixels.
fn labels(svg: &str) -> Vec<(f64, f64, f64, String)> {
    let mut out = Vec::new();
    for part in svg.split("<text").skip(1) {
        let Some(end) = part.find('>') else { continue };
        let (attrs, rest) = part.split_at(end);
        if attrs.contains("rotate") {
            continue;
        }
        let text: String = rest[1..].split("</text>").next().unwrap_or("").trim().to_string();
        let attr = |name: &str| -> Option<f64> {
            attrs.split(&format!(" {name}=\"")).nth(1)?.split('"').next()?.parse().ok()
        };
        let (Some(x), Some(y), Some(size)) = (attr("x"), attr("y"), attr("font-size")) else { continue };
        let chars = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").chars().count() as f64;
        let w = chars * 0.6 * size;
        let left = if attrs.contains("text-anchor=\"middle\"") {
            x - w / 2.0
        } else if attrs.contains("text-anchor=\"end\"") {
            x - w
        } else {
            x
        };
        out.push((left, left + w, y, text));
    }
    out
}

/// Pairs of labels on one line (baselines within a pixel) whose extents overlap by more than a
/// pixel.
fn overlaps(svg: &str) -> Vec<String> {
    let mut ls = labels(svg);
    ls.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.total_cmp(&b.0)));
    let mut found = Vec::new();
    for (i, a) in ls.iter().enumerate() {
        for b in &ls[i + 1..] {
            if (b.2 - a.2).abs() > 1.0 {
                break;
            }
            if b.0 < a.1 - DPR && a.0 < b.1 - DPR {
                found.push(format!("“{}” and “{}” at y = {}", a.3, b.3, a.2));
            }
        }
    }
    found
}

fn phone_area_size(aspect: f64, narrow: Option<f64>) -> (u32, u32) {
    // The page's rule (widget.js `aspectAt`): under 480 CSS px a view takes its phone aspect, or
    // at least 1 (room for a legend below the plot).
    let a = narrow.unwrap_or(aspect.max(1.0));
    ((PHONE_CSS_W * DPR).round() as u32, (PHONE_CSS_W * a * DPR).round() as u32)
}

#[test]
fn no_shrinkage_view_overprints_its_labels_on_a_phone() {
    for q in ["", "preset=float32", "data.feature_map=rbf&data.p=30"] {
        let mut lab = ShrinkageLab::open(q);
        lab.run_to_completion();
        for v in lab.views() {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, phone_area_size(v.aspect, v.narrow_aspect)).into_drawing_area();
                lab.draw_on(v.id, &area, &Theme::new(DPR)).unwrap();
            }
            let o = overlaps(&svg);
            assert!(o.is_empty(), "shrinkage {q:?} view {}: {o:?}", v.id);
        }
    }
}

#[test]
fn no_mlp_view_overprints_its_labels_on_a_phone() {
    for q in ["", "data.kind=sine&hidden=8,", "data.kind=spiral&data.arms=3"] {
        let mut lab = MlpLab::open(q);
        lab.train(30);
        for v in lab.views() {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, phone_area_size(v.aspect, v.narrow_aspect)).into_drawing_area();
                crate::lab::export::draw_view(&lab, v.id, &area, &Theme::new(DPR), &mut |_, _, _, _, _| Ok(())).unwrap();
            }
            let o = overlaps(&svg);
            assert!(o.is_empty(), "mlp {q:?} view {}: {o:?}", v.id);
        }
    }
}

#[test]
fn no_theory_view_overprints_its_labels_on_a_phone() {
    // Every preset of every experiment, run to its end (and the default lab a little way).
    let mut queries: Vec<String> = crate::lab::theory::experiments::all_presets().iter().map(|p| format!("preset={}", p.id)).collect();
    queries.push("budget=60".into());
    for q in &queries {
        let mut lab = crate::lab::theory::TheoryLab::open(q);
        while lab.busy() {
            lab.tick(0.0, &mut || false);
        }
        for v in lab.views() {
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, phone_area_size(v.aspect, v.narrow_aspect)).into_drawing_area();
                crate::lab::export::draw_view(&lab, v.id, &area, &Theme::new(DPR), &mut |_, _, _, _, _| Ok(())).unwrap();
            }
            let o = overlaps(&svg);
            assert!(o.is_empty(), "theory {q:?} view {}: {o:?}", v.id);
        }
    }
}

#[test]
fn the_check_finds_an_overprint() {
    let svg = r#"<text x="10" y="50" font-size="20">1e-4</text><text x="40" y="50" font-size="20">1e-3</text><text x="40" y="90" font-size="20">far</text>"#;
    assert_eq!(overlaps(svg).len(), 1, "{:?}", labels(svg));
}

#[test]
fn no_optimizer_view_overprints_its_labels_on_a_phone() {
    use crate::landscape::LandscapeConfig;
    use crate::render::chart::{line_chart, Axis, ChartSpec, Series};
    use crate::render::landscape::{draw_landscape, LandscapeMap, RasterCache, Trail};
    let surface = LandscapeConfig::Rosenbrock.build().unwrap();
    let pts = vec![[-1.2, 1.0], [-0.5, 0.3], [0.5, 0.2], [1.0, 1.0]];
    let trails: Vec<Trail> = (0..8)
        .map(|i| Trail { label: format!("{} · SGD α=0.00{} β=0.9", i + 1, i + 1), color: RGBColor(200, 0, 0), points: &pts, diverged_at: None, escaped_downhill: false, arrows: None })
        .collect();
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, phone_area_size(0.75, None)).into_drawing_area();
        let map = LandscapeMap { surface: &surface, view: surface.default_view(), start: [-1.2, 1.0], trails, cursor: None, generation: 0, playing: false };
        draw_landscape(&area, &Theme::new(DPR), &map, &mut RasterCache::default(), &mut |_, _, _, _, _| Ok(()), None).unwrap();
    }
    let o = overlaps(&svg);
    assert!(o.is_empty(), "landscape: {o:?}");
    // The loss and gradient-norm charts: log y over many decades, iterations up to 20,000.
    for last in [80.0, 1000.0, 20000.0] {
        let mut spec = ChartSpec::new("iteration k", "f(x_k) − f*");
        spec.y_axis = Axis::Log(None);
        let series: Vec<Series> = (0..8)
            .map(|i| {
                let pts = (0..=200).map(|k| (last * k as f64 / 200.0, 10f64.powf(3.0 - 12.0 * k as f64 / 200.0 * (i + 1) as f64 / 8.0))).collect();
                Series::line(format!("{} · Adam α=0.0{}", i + 1, i + 1), RGBColor(0, 0, 200), pts)
            })
            .collect();
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, phone_area_size(0.62, None)).into_drawing_area();
            line_chart(&area, &Theme::new(DPR), &spec, &series).unwrap();
        }
        let o = overlaps(&svg);
        assert!(o.is_empty(), "loss chart to {last}: {o:?}");
    }
}
