//! What every lab widget offers the page: views to draw, controls to show, state to link.
//!
//! The page's ES module is generic: it asks a widget for its [`ViewSpec`]s and [`Control`]s,
//! builds the DOM from them, and forwards user input back through [`Widget::set`],
//! [`Widget::action`] and [`Widget::pointer`]. All validation and all maths live in Rust.

use serde::Serialize;

/// One canvas a widget draws on.
#[derive(Clone, Debug, Serialize)]
pub struct ViewSpec {
    /// Stable id used in embed URLs (`views=landscape,loss`).
    pub id: &'static str,
    /// Title shown above the canvas.
    pub title: String,
    /// One or two sentences under the canvas: what am I looking at?
    pub caption: String,
    /// Height / width of the canvas (CSS pixels).
    pub aspect: f64,
    /// Height / width on a narrow screen (a phone, under 480 CSS px), where a view stacks what it
    /// shows side by side; `None`: the page uses at least 1 there (the legend goes below the plot).
    pub narrow_aspect: Option<f64>,
    /// Whether the view is large (spans two grid columns on wide screens).
    pub wide: bool,
}

/// The kind of a control, with what the page needs to build it.
#[derive(Clone, Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ControlKind {
    /// A slider with a numeric box beside it. `log` sliders move in log10 space.
    Slider { min: f64, max: f64, step: f64, log: bool },
    /// A numeric input box (integers when `integer`).
    Number { min: f64, max: f64, integer: bool },
    /// A drop-down: (value, label) pairs.
    Select { options: Vec<(String, String)> },
    /// A checkbox.
    Checkbox,
    /// A push button that triggers [`Widget::action`] with the control's key.
    Button,
    /// A file picker whose text content is passed to [`Widget::set`].
    File { accept: String },
    /// Read-only text (formulas, derived figures).
    Text,
    /// A one-line text field (a formula) of at most `max_len` characters; every edit is passed
    /// to [`Widget::set`], and a refusal's message shows beside it while the text is kept.
    Input { max_len: usize },
}

/// One control of a widget, as the page should show it right now.
#[derive(Clone, Debug, Serialize)]
pub struct Control {
    /// Key passed back to `set`/`action`; also the name used by `hide=` in embed URLs.
    pub key: String,
    /// Visible label (uses the lectures' symbols: α, β₁, λ, κ, q).
    pub label: String,
    /// Group heading the control is shown under.
    pub group: String,
    /// Current value as text ("true"/"false" for checkboxes).
    pub value: String,
    /// Tooltip / help text.
    pub help: String,
    /// What it is.
    #[serde(flatten)]
    pub kind: ControlKind,
    /// CSS colour swatch shown with the group (racer colours), if any.
    pub swatch: Option<String>,
}

impl Control {
    /// A control with no help text and no swatch.
    pub fn new(key: impl Into<String>, label: impl Into<String>, group: impl Into<String>, value: impl Into<String>, kind: ControlKind) -> Self {
        Control { key: key.into(), label: label.into(), group: group.into(), value: value.into(), help: String::new(), kind, swatch: None }
    }
    /// Adds help text.
    pub fn help(mut self, h: impl Into<String>) -> Self {
        self.help = h.into();
        self
    }
    /// Adds a colour swatch.
    pub fn swatch(mut self, c: impl Into<String>) -> Self {
        self.swatch = Some(c.into());
        self
    }
    /// A button.
    pub fn button(key: impl Into<String>, label: impl Into<String>, group: impl Into<String>) -> Self {
        Control::new(key, label, group, "", ControlKind::Button)
    }
}

/// Where a view's plot was when it was last drawn (device pixels ↔ data): what the renderer
/// returns and the page's handle keeps, so a lab maps a pointer to data without drawing having
/// written anything into it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Frame {
    /// A chart's first (or only) panel.
    Chart(crate::render::chart::ChartFrame),
    /// The optimizer's landscape.
    Landscape(crate::render::landscape::PlotFrame),
}

impl Frame {
    /// The frame pointer events of a view map through, from where the renderer drew it.
    pub fn of(drawn: crate::render::figure::Drawn) -> Option<Frame> {
        use crate::render::figure::Drawn;
        match drawn {
            Drawn::Charts(frames) => frames.first().copied().map(Frame::Chart),
            Drawn::Plane(frame) => frame.map(Frame::Landscape),
        }
    }
}

/// A pointer event on a view, in CSS pixels relative to the canvas' top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pointer {
    /// What happened.
    pub kind: PointerKind,
    /// Position (CSS px).
    pub x: f64,
    /// Position (CSS px).
    pub y: f64,
    /// Wheel delta (positive = zoom out), 0 otherwise.
    pub delta: f64,
    /// Whether a modifier (shift) was held.
    pub shift: bool,
    /// Where the view was drawn last (`None` before its first drawing).
    pub frame: Option<Frame>,
    /// Device pixels per CSS pixel of the view's canvas (frames are in device pixels).
    pub dpr: f64,
}

impl Pointer {
    /// An event of `kind` at (`x`, `y`) CSS px on a view drawn in `frame` at pixel ratio `dpr`.
    pub fn at(kind: PointerKind, x: f64, y: f64, frame: Option<Frame>, dpr: f64) -> Self {
        Pointer { kind, x, y, delta: 0.0, shift: false, frame, dpr }
    }
    /// The chart frame the event refers to, if the view is a chart that has been drawn.
    pub fn chart(&self) -> Option<crate::render::chart::ChartFrame> {
        match self.frame {
            Some(Frame::Chart(f)) => Some(f),
            _ => None,
        }
    }
    /// The landscape frame the event refers to, if the view is a drawn landscape.
    pub fn landscape(&self) -> Option<crate::render::landscape::PlotFrame> {
        match self.frame {
            Some(Frame::Landscape(f)) => Some(f),
            _ => None,
        }
    }
}

/// Pointer event kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointerKind {
    /// Button or touch pressed.
    Down,
    /// Moved (pressed or hovering).
    Move,
    /// Released.
    Up,
    /// Left the canvas.
    Leave,
    /// Mouse wheel / pinch.
    Wheel,
    /// Double click.
    Double,
}

impl PointerKind {
    /// Parses the page's event names.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "down" => PointerKind::Down,
            "move" => PointerKind::Move,
            "up" => PointerKind::Up,
            "leave" => PointerKind::Leave,
            "wheel" => PointerKind::Wheel,
            "double" => PointerKind::Double,
            _ => return None,
        })
    }
}

/// A lab widget: pure state and logic, no drawing (see `render/`) and no web types (see `web/`).
pub trait Widget {
    /// The views (canvases) this widget draws, in page order.
    fn views(&self) -> Vec<ViewSpec>;
    /// The controls as they should look now.
    fn controls(&self) -> Vec<Control>;
    /// Changes one setting. On error the state is unchanged and the message is shown beside the control.
    fn set(&mut self, key: &str, value: &str) -> crate::lab::error::LabResult<()>;
    /// Runs a button action (play, step, reset, presets, …).
    fn action(&mut self, key: &str) -> crate::lab::error::LabResult<()>;
    /// Handles a pointer event on view `view`.
    fn pointer(&mut self, view: &str, p: Pointer) -> crate::lab::error::LabResult<()>;
    /// Advances running work (animation, training, time-sliced computations) until
    /// `out_of_time()` says stop. `now_ms` is a monotonic clock (for speeds in steps per second).
    /// Returns true when something visible changed.
    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool;
    /// The views the last `tick` changed when it changed only some of them (e.g. a progress
    /// read-out), so the page redraws those alone; `None`: every view.
    fn ticked_views(&self) -> Option<Vec<&'static str>> {
        None
    }
    /// Whether the widget wants `tick` to be called (it is playing or computing).
    fn busy(&self) -> bool;
    /// The state as a query string (without `?`), for the address bar.
    fn query(&self) -> String;
    /// A one-line status (step counters, progress, warnings).
    fn status(&self) -> String;
    /// Notices produced since the last call (ignored URL values, corrected settings).
    fn take_notices(&mut self) -> Vec<String>;
    /// The numbers view `view` shows, as a table for CSV export (`None`: not available).
    fn table(&self, _view: &str) -> Option<crate::lab::export::Table> {
        None
    }
    /// Told which views have canvases (an embed may show only some), e.g. so a chart can carry
    /// the legend when the view that normally carries it is not shown.
    fn attached(&mut self, _views: &[String]) {}
    /// View `view` as a figure: plain data, borrowed from the lab, that the one generic renderer
    /// ([`crate::render::figure::draw_figure_with`]) draws on any backend; `None` for a view this
    /// widget does not have.
    fn figure(&self, view: &str) -> Option<crate::render::figure::Figure<'_>>;
    /// Earlier control keys and today's (see [`crate::lab::legacy_keys`]).
    fn legacy_keys(&self) -> crate::lab::legacy_keys::LegacyKeys {
        &[]
    }
}
