//! The catalogue of labs: for each, its id, title, the landing page's card text, the introduction
//! above the widget, and its presets (id, title, lesson). The page builds its navigation, the
//! landing page's cards and each lab's introduction from it.
//!
//! The landing page must show without the wasm module, so the catalogue also exists as a small
//! ES module, `www/js/catalogue.js`, written from this module: a test fails when the file is out
//! of date and says how to write it again (`UPDATE_CATALOGUE=1 cargo test --lib catalogue`).

use serde::Serialize;

use super::widget::Widget;

/// One lab.
#[derive(Clone, Debug, Serialize)]
pub struct LabInfo {
    /// Id used in links (`?lab=ID`).
    pub id: &'static str,
    /// Title shown in the navigation and on the card.
    pub title: &'static str,
    /// The landing page card's paragraph.
    pub card: &'static str,
    /// The paragraph above the widget.
    pub intro: &'static str,
    /// One-click lecture figures.
    pub presets: Vec<PresetInfo>,
    /// Opens the lab with the state of a URL query (`Lab::open`, the one constructor every lab
    /// has): bad values fall back to defaults with a notice.
    #[serde(skip)]
    pub open: fn(&str) -> Box<dyn Widget>,
}

/// Opens lab `id` with the state in `query`.
pub fn open(id: &str, query: &str) -> Result<Box<dyn Widget>, super::error::LabError> {
    match labs().into_iter().find(|l| l.id == id) {
        Some(lab) => Ok((lab.open)(query)),
        None => Err(super::error::LabError::unknown(format!("there is no lab called “{}”", id.chars().take(30).collect::<String>()))),
    }
}

/// One preset of a lab.
#[derive(Clone, Debug, Serialize)]
pub struct PresetInfo {
    /// Id used in links (`&preset=ID`).
    pub id: &'static str,
    /// Title in the preset menu.
    pub title: &'static str,
    /// What the preset shows.
    pub lesson: &'static str,
}

/// Every lab of this build, in the navigation's order: all four natively and in the tests; in the
/// page, the one lab its wasm module was built for (the crate's features, `Cargo.toml`).
pub fn labs() -> Vec<LabInfo> {
    vec![
        #[cfg(feature = "optimizer")]
        LabInfo {
            id: "optimizer",
            title: "Optimizer lab",
            card: "Race up to eight optimizers — SGD, momentum, Nesterov, Adagrad, RMSprop, Adam, Rprop, Newton and more — \
                   across 2-D loss landscapes. Watch oscillation in narrow valleys, drive-bys past saddle points, stalls on \
                   plateaus, and read the Hessian at the cursor.",
            intro: "Pick a loss landscape, click the plot to drop a start point, and race optimizers side by side. The heatmap \
                    shows the loss (darker is lower, contour lines at equal loss); each racer leaves a coloured trail. Beside it: \
                    loss and gradient norm per iteration. Hover the landscape to read the Hessian there.",
            presets: super::optimizer::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.lesson }).collect(),
            open: |q| Box::new(super::optimizer::OptimizerLab::open(q)),
        },
        #[cfg(feature = "shrinkage")]
        LabInfo {
            id: "shrinkage",
            title: "Shrinkage lab",
            card: "Least squares, ridge, PCA truncation and gradient descent as filters on the singular values of X. Drag data \
                   points, move λ, κ, q and α, and see the same spectral picture from four angles — including why float32 \
                   gradient descent keeps fewer components than float64.",
            intro: "Ridge regression, PCA truncation and early-stopped gradient descent all act on the singular values s of the \
                    design matrix X: each keeps a fraction φ(s) of every singular direction. Move λ, κ, q and α and compare the \
                    filters, the fitted curves and the train/test errors.",
            presets: super::shrinkage::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.blurb }).collect(),
            open: |q| Box::new(super::shrinkage::ShrinkageLab::open(q)),
        },
        #[cfg(feature = "mlp")]
        LabInfo {
            id: "mlp",
            title: "MLP lab",
            card: "Train a small fully connected network live: initialisation (zero, Xavier, Kaiming), minibatches that \
                   reshuffle every epoch, learning-rate schedules, and every optimizer of the optimizer lab plus Madam and Nero. \
                   See decision surfaces, loss curves and how far weights move from where they started.",
            intro: "Train a small fully connected network on 2-D data, live. Change the initialisation, optimizer, learning rate \
                    and batch size, and compare runs side by side.",
            presets: super::mlp::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.lesson }).collect(),
            open: |q| Box::new(super::mlp::MlpLab::open(q)),
        },
        #[cfg(feature = "theory")]
        LabInfo {
            id: "theory",
            title: "Theory lab",
            card: "Inside the network, as experiments: a network trained beside its linearisation f(x; w₀) + J(w₀)(w − w₀) \
                   as the width grows from 8 to 4096, the Jacobian's singular values under gradient descent's mask; the loss \
                   surface through the trained weights, with and without skip connections; local optima against network \
                   size; the step 1/L, its rate and SGD's noise ball; relative updates per layer and per neuron.",
            intro: "Pick an experiment at the top of the controls, or a lecture preset (it opens its experiment). Each one \
                    trains small networks or models live, in slices that keep the page responsive, and shows a claim of the \
                    lectures in numbers you can check; each view's caption says what to notice. Export any view as a \
                    picture or its numbers as CSV.",
            presets: super::theory::experiments::all_presets(),
            open: |q| Box::new(super::theory::TheoryLab::open(q)),
        },
    ]
}

/// The catalogue as the ES module the page imports (`www/js/catalogue.js`).
pub fn module() -> String {
    format!(
        "// The catalogue of labs, written by src/lab/catalogue.rs (UPDATE_CATALOGUE=1 cargo test --lib catalogue): do not edit.\n\
         export const CATALOGUE = {};\n",
        serde_json::to_string_pretty(&labs()).unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_file_of_the_page_is_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/js/catalogue.js");
        let want = module();
        if std::env::var_os("UPDATE_CATALOGUE").is_some() {
            std::fs::write(&path, &want).expect("write www/js/catalogue.js");
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "www/js/catalogue.js is out of date: run `UPDATE_CATALOGUE=1 cargo test --lib catalogue`");
    }

    #[test]
    fn every_lab_and_preset_has_an_id_a_title_and_text() {
        let labs = labs();
        assert_eq!(labs.iter().map(|l| l.id).collect::<Vec<_>>(), ["optimizer", "shrinkage", "mlp", "theory"]);
        for l in &labs {
            assert!(!l.title.is_empty() && l.card.len() > 80 && l.intro.len() > 80, "{}", l.id);
            assert!(!l.presets.is_empty(), "{} has presets", l.id);
            for p in &l.presets {
                assert!(!p.id.is_empty() && !p.title.is_empty() && !p.lesson.is_empty(), "{}/{}", l.id, p.id);
                assert!(p.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{}", p.id);
            }
        }
    }

    /// (lab id, name, query) of every lab to look at: each experiment of the theory lab counts as
    /// a lab here, with its own views.
    fn cases() -> Vec<(&'static str, String, String)> {
        let mut cases = Vec::new();
        for l in labs() {
            match l.id {
                "theory" => cases.extend(crate::lab::theory::experiments::EXPERIMENTS.iter().map(|e| (l.id, format!("theory-{}", e.id), format!("experiment={}", e.id)))),
                id => cases.push((id, id.to_string(), String::new())),
            }
        }
        cases
    }

    /// Every view of every lab, opened through its catalogue constructor, is a figure that the
    /// one renderer draws on the SVG backend (with its text), and has a table of numbers with a
    /// header; an unknown lab is refused with a message. (The bitmap backend: the next test.)
    #[test]
    fn every_view_of_every_lab_draws_natively_and_has_a_table() {
        for (id, name, query) in cases() {
            let lab = open(id, &query).expect("opens");
            for v in lab.views() {
                let svg = crate::lab::export::svg_view(lab.as_ref(), v.id, 640, 400).unwrap_or_else(|e| panic!("{}/{}: {e}", name, v.id));
                assert!(svg.starts_with("<svg") && svg.contains("<text"), "{}/{}: {} bytes", name, v.id, svg.len());
                let t = lab.table(v.id).unwrap_or_else(|| panic!("{}/{} has no table", name, v.id));
                assert!(!t.columns.is_empty(), "{}/{}", name, v.id);
            }
            assert!(lab.figure("no such view").is_none());
        }
        let e = open("topology", "").err().expect("no such lab");
        assert_eq!(e, "there is no lab called “topology”");
    }

    /// Every view of every lab draws on plotters' bitmap backend too, text included: the picture
    /// has the theme's ink (axes, tick labels, titles) and the grey levels of anti-aliased glyphs,
    /// and a view with a raster (heatmap, decision surface) is mostly coloured inside its plot.
    #[test]
    fn every_view_of_every_lab_draws_as_a_bitmap_natively() {
        use crate::render::theme::INK;
        let (w, h) = (640u32, 400u32);
        for (id, name, query) in cases() {
            let lab = open(id, &query).expect("opens");
            for v in lab.views() {
                let rgb = crate::lab::export::bitmap_view(lab.as_ref(), v.id, w, h).unwrap_or_else(|e| panic!("{}/{}: {e}", name, v.id));
                assert_eq!(rgb.len(), (w * h * 3) as usize);
                if let Some(dir) = std::env::var_os("DESCENT_LAB_BITMAPS") {
                    // To look at them: each view as a PPM file (any image viewer converts it).
                    let mut ppm = format!("P6\n{w} {h}\n255\n").into_bytes();
                    ppm.extend_from_slice(&rgb);
                    std::fs::write(std::path::Path::new(&dir).join(format!("{}_{}.ppm", name, v.id)), ppm).expect("write the bitmap");
                }
                let px = |i: usize| (rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
                let n = (w * h) as usize;
                // Text is the theme's ink, anti-aliased over the white margins: pixels part way
                // from white to the ink, at many coverage levels.
                let coverage = |(r, g, b): (u8, u8, u8)| -> Option<u8> {
                    let t = |c: u8, ink: u8| (255.0 - c as f64) / (255.0 - ink as f64);
                    let (tr, tg, tb) = (t(r, INK.0), t(g, INK.1), t(b, INK.2));
                    let close = (tr - tg).abs() < 0.06 && (tg - tb).abs() < 0.06;
                    (close && tg > 0.08 && tg < 0.92).then(|| (tg * 100.0) as u8)
                };
                let glyph_edges: Vec<u8> = (0..n).filter_map(|i| coverage(px(i))).collect();
                let levels: std::collections::BTreeSet<u8> = glyph_edges.iter().copied().collect();
                assert!(glyph_edges.len() > 300 && levels.len() > 30, "{}/{}: {} anti-aliased ink pixels at {} levels (no text?)", name, v.id, glyph_edges.len(), levels.len());
                let centre = (h / 2 * w + w / 2) as usize;
                if matches!(lab.figure(v.id).and_then(|f| f.plane), Some(crate::render::plane::Plane::Landscape(_) | crate::render::plane::Plane::Classes(_) | crate::render::plane::Plane::Grid(_))) {
                    let coloured = (0..n).filter(|&i| { let (r, g, b) = px(i); r.max(g).max(b) - r.min(g).min(b) > 12 }).count();
                    assert!(coloured > n / 3, "{}/{}: {coloured} of {n} pixels coloured", name, v.id);
                    assert_ne!(px(centre), (255, 255, 255), "{}/{}: the raster is missing at the centre", name, v.id);
                }
            }
        }
        let lab = open("optimizer", "").expect("opens");
        let e = crate::lab::export::bitmap_view(lab.as_ref(), "landscape", 0, 10).unwrap_err();
        assert!(e.message().contains("0 × 10"), "{e:?}");
    }
}
