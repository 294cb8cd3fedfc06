//! Tests of the URL codec.
use super::*;
use serde::Deserialize;

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
enum Opt {
    Sgd {
        #[serde(default = "lr_default")]
        lr: f64,
        #[serde(default)]
        nesterov: bool,
    },
    Adam {
        #[serde(default = "lr_default")]
        lr: f64,
        #[serde(default)]
        betas: [f64; 2],
    },
}
fn lr_default() -> f64 {
    0.01
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(default, deny_unknown_fields)]
struct Racer {
    opt: Opt,
    color: u32,
}
impl Default for Racer {
    fn default() -> Self {
        Racer { opt: Opt::Sgd { lr: 0.01, nesterov: false }, color: 0 }
    }
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
#[serde(default, deny_unknown_fields)]
struct State {
    seed: u64,
    name: String,
    start: [f64; 2],
    points: Vec<[f64; 2]>,
    racers: Vec<Racer>,
    show: bool,
}
impl Default for State {
    fn default() -> Self {
        State {
            seed: 1,
            name: "rosenbrock".into(),
            start: [-1.5, 2.0],
            points: vec![],
            racers: vec![Racer::default()],
            show: true,
        }
    }
}

fn sample() -> State {
    State {
        seed: 42,
        name: "beale".into(),
        start: [0.1, -3.25e-7],
        points: vec![[0.5, 1.0]],
        racers: vec![
            Racer { opt: Opt::Adam { lr: 1e-3, betas: [0.9, 0.999] }, color: 3 },
            Racer { opt: Opt::Sgd { lr: 0.2, nesterov: true }, color: 1 },
        ],
        show: false,
    }
}

#[test]
fn the_shell_keys_are_skipped_by_every_lab() {
    let q = "lab=optimizer&embed=1&hide=speed,Landscape&views=loss&budget=80";
    let (s, n) = decode::<crate::lab::optimizer::OptimizerLabState>(q, &[]);
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(s.budget, 80);
    let (_, n) = decode::<crate::lab::shrinkage::ShrinkageLabState>("lab=shrinkage&embed=1&views=data", &[]);
    assert!(n.is_empty(), "{n:?}");
    let (_, n) = decode::<crate::lab::mlp::MlpLabState>("lab=mlp&hide=transport&embed=true", &[]);
    assert!(n.is_empty(), "{n:?}");
}

#[test]
fn round_trip_is_exact() {
    let s = sample();
    let q = encode(&s);
    let (back, notices) = decode::<State>(&q, &[]);
    assert!(notices.is_empty(), "{notices:?} for {q}");
    assert_eq!(back, s);
    // Multi-point lists too.
    let mut s2 = s.clone();
    s2.points = vec![[0.1, 0.2], [-0.3, 0.4], [5.0, 6.0]];
    assert_eq!(decode::<State>(&encode(&s2), &[]).0, s2);
    // And the empty list.
    s2.points.clear();
    assert_eq!(decode::<State>(&encode(&s2), &[]).0, s2);
}

#[test]
fn url_is_readable() {
    let q = encode(&sample());
    assert!(q.contains("racers.0.opt.kind=adam&racers.0.opt.betas=0.9,0.999&racers.0.opt.lr=0.001"), "{q}");
    assert!(q.contains("start=0.1,-3.25e-7"), "{q}");
}

#[test]
fn empty_query_gives_defaults() {
    let (s, n) = decode::<State>("", &[]);
    assert_eq!(s, State::default());
    assert!(n.is_empty());
}

#[test]
fn bad_values_fall_back_with_notices() {
    let (s, n) = decode::<State>(
        "seed=abc&start=1,NaN&show=maybe&racers.0.opt.kind=rmsprop&bogus=1&name=ok&seed=5",
        &[],
    );
    let d = State::default();
    assert_eq!(s.seed, d.seed);
    assert_eq!(s.start, d.start);
    assert_eq!(s.show, d.show);
    assert_eq!(s.racers, d.racers);
    assert_eq!(s.name, "ok");
    assert_eq!(n.len(), 6, "{n:?}");
    assert!(n.iter().any(|m| m.contains("bogus")));
    assert!(n.iter().any(|m| m.contains("repeated")));
}

#[test]
fn reserved_keys_are_skipped() {
    let (s, n) = decode::<State>("lab=optimizer&embed=1&seed=9", &["lab", "embed"]);
    assert_eq!(s.seed, 9);
    assert!(n.is_empty());
}

#[test]
fn html_stays_text() {
    let (s, n) = decode::<State>("name=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", &[]);
    assert!(n.is_empty());
    assert_eq!(s.name, "<img src=x onerror=alert(1)>");
    // and it is re-encoded escaped
    assert!(encode(&s).contains("%3Cimg"));
}

#[test]
fn garbage_never_panics() {
    for q in [
        "%", "%zz", "=&=&", "racers.99999.opt.kind=sgd", "a.b.c.d.e.f.g.h.i.j=1", "racers=1",
        "racers.x.opt=1", "start.0=1", "...=.", "%C3%28=1", "racers.0.opt.kind=adam&racers.0.opt.lr=-inf",
    ] {
        let _ = decode::<State>(q, &[]);
    }
}

#[test]
fn decode_onto_a_preset_overrides_and_replaces() {
    let base = sample();
    // Scalars override; the base's two racers are replaced by the one in the URL.
    let (s, n) = decode_onto(&base, "seed=3&racers.0.opt.kind=sgd&racers.0.opt.lr=0.5", &[]);
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(s.seed, 3);
    assert_eq!(s.name, "beale");
    assert_eq!(s.racers, vec![Racer { opt: Opt::Sgd { lr: 0.5, nesterov: false }, color: 0 }]);
    // Nothing in the URL: the base itself.
    assert_eq!(decode_onto(&base, "", &[]).0, base);
    // The full encoding of another state, decoded onto the base, gives that state.
    let other = State::default();
    assert_eq!(decode_onto(&base, &encode(&other), &[]).0, other);
}

#[test]
fn a_link_overrides_one_value_of_a_preset() {
    let base = sample();
    // One hyperparameter of the second racer: everything else stays as in the base.
    let (s, n) = decode_onto(&base, "racers.1.opt.lr=0.3", &[]);
    assert!(n.is_empty(), "{n:?}");
    let mut want = base.clone();
    want.racers[1].opt = Opt::Sgd { lr: 0.3, nesterov: true };
    assert_eq!(s, want);
    // A misspelt key is named with the closest valid one.
    let (s, n) = decode_onto(&base, "racers.1.opt.lrr=0.3", &[]);
    assert_eq!(s, base);
    assert_eq!(n.len(), 1, "{n:?}");
    assert!(n[0].contains("did you mean “racers.1.opt.lr”"), "{n:?}");
    let (_, n) = decode_onto(&base, "sede=3", &[]);
    assert!(n[0].contains("did you mean “seed”"), "{n:?}");
    // Far from every key: no guess.
    let (_, n) = decode_onto(&base, "zzzzzzzzzz=3", &[]);
    assert!(!n[0].contains("did you mean"), "{n:?}");
}

#[test]
fn variant_fields_follow_kind() {
    // lr given before kind in the URL still applies to the chosen variant.
    let (s, n) = decode::<State>("racers.0.opt.lr=0.5&racers.0.opt.kind=adam", &[]);
    assert!(n.is_empty(), "{n:?}");
    assert_eq!(s.racers[0].opt, Opt::Adam { lr: 0.5, betas: [0.0, 0.0] });
    // A field of another variant is refused.
    let (_, n) = decode::<State>("racers.0.opt.kind=sgd&racers.0.opt.betas=0.9,0.99", &[]);
    assert_eq!(n.len(), 1);
}
