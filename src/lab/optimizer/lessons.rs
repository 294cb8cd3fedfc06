//! The presets' lessons as measurable claims, one function per preset (see [`super::presets`]).
//! Each returns `Ok` with the measured margin or `Err` saying what failed; the native test runs
//! every claim on the preset as shipped and on five seeds with moved starts and reseeded noise.

use super::claims::{along, dist, final_loss, first_step, max_coordinate_step, mean_distance_last, sign_flips, step_lengths, stream_end, Race};
use crate::lab::claim::ensure;

fn lr(r: &Race, i: usize) -> f64 {
    r.state.racers[i].optimizer.lr()
}

/// Momentum swings along Rosenbrock's valley and ends closer; Adam's steps stay near α.
pub fn adam_vs_momentum(r: &Race) -> crate::lab::claim::Verdict {
    let (m, a) = (r.racer(0)?, r.racer(1)?);
    let (sm, sa, alpha) = (max_coordinate_step(m), max_coordinate_step(a), lr(r, 1));
    ensure(sa <= 1.05 * alpha, || format!("Adam's largest coordinate step {sa:.4} exceeds α = {alpha}"))?;
    ensure(sm >= 2.0 * sa, || format!("momentum's largest coordinate step {sm:.4} is not 2× Adam's {sa:.4}"))?;
    let (fm, fa) = (final_loss(m), final_loss(a));
    ensure(fm < fa, || format!("momentum ends at f = {fm:.3e}, not below Adam's {fa:.3e}"))?;
    let gap = m.points.iter().zip(&a.points).map(|(p, q)| dist(*p, *q)).fold(0.0, f64::max);
    ensure(gap > 1.0, || format!("the two lines never separate by more than {gap:.2}"))?;
    Ok(format!("coordinate steps: momentum {sm:.3}, Adam {sa:.3}; final f {fm:.2e} vs {fa:.2e}; trails apart by up to {gap:.2}"))
}

/// GD near α = 2/λ_max flips across the steep direction every step; the valley coordinate creeps.
pub fn gd_oscillation(r: &Race) -> crate::lab::claim::Verdict {
    let t = r.racer(0)?;
    let [steep, valley] = r.principal_axes();
    let steps = t.points.len() - 1;
    let flips = sign_flips(t, steep);
    ensure(flips == steps, || format!("the steep component flipped sign on {flips} of {steps} steps"))?;
    let ratio = t.points.windows(2).map(|w| (along(w[1], steep) / along(w[0], steep)).abs()).fold(f64::INFINITY, f64::min);
    ensure(ratio >= 0.8, || format!("a swing shrank to {ratio:.2} of the previous one"))?;
    ensure(sign_flips(t, valley) == 0, || "the valley component changed sign".into())?;
    let shrink = t.points.windows(2).map(|w| 1.0 - (along(w[1], valley) / along(w[0], valley)).abs()).fold(0.0, f64::max);
    ensure(shrink <= 0.08, || format!("the valley component shrank by {:.0}% in one step", 100.0 * shrink))?;
    Ok(format!("{flips}/{steps} steep flips, each swing ≥ {ratio:.3} of the last; valley shrinks ≤ {:.1}%/step", 100.0 * shrink))
}

/// Momentum zig-zags far less often than GD and ends closer along the valley.
pub fn momentum_zigzag(r: &Race) -> crate::lab::claim::Verdict {
    let (g, m) = (r.racer(0)?, r.racer(1)?);
    let [steep, valley] = r.principal_axes();
    let steps = g.points.len() - 1;
    let (fg, fm) = (sign_flips(g, steep), sign_flips(m, steep));
    ensure(fg == steps, || format!("GD flipped across the valley on {fg} of {steps} steps"))?;
    ensure(fm * 4 <= steps, || format!("momentum flipped on {fm} of {steps} steps (more than a quarter)"))?;
    let end = |t: &super::race::Trajectory| along(*t.points.last().unwrap(), valley).abs();
    let (vg, vm) = (end(g), end(m));
    ensure(vm < vg, || format!("momentum ends {vm:.2e} along the valley from the minimum, GD {vg:.2e}"))?;
    ensure(final_loss(m) < final_loss(g), || "momentum does not end lower".into())?;
    Ok(format!("steep flips GD {fg}/{steps}, momentum {fm}/{steps}; distance along the valley {vg:.1e} vs {vm:.1e}"))
}

/// α = 0.05 crawls, α = 2.5 diverges, α = 2/(λ₁+λ₂) is fastest.
pub fn learning_rates(r: &Race) -> crate::lab::claim::Verdict {
    let (small, large, right) = (r.racer(0)?, r.racer(1)?, r.racer(2)?);
    ensure(large.diverged_at.is_some() && !large.escaped_downhill, || "α = 2.5 did not diverge".into())?;
    let (fs, fr) = (final_loss(small), final_loss(right));
    let f0 = small.loss[0];
    ensure(fs > 0.01 * f0, || format!("α = 0.05 got to {fs:.2e} from {f0:.2e}: not crawling"))?;
    ensure(fr < 1e-10 * fs, || format!("α* ends at {fr:.2e}, not far below α = 0.05's {fs:.2e}"))?;
    Ok(format!("small α keeps {:.0}% of f₀; large α diverges at step {}; α* ends at {fr:.1e}", 100.0 * fs / f0, large.diverged_at.unwrap_or(0)))
}

/// GD nearly stops by the saddle and leaves last; momentum and Adam leave sooner.
pub fn saddle_driveby(r: &Race) -> crate::lab::claim::Verdict {
    let (m, a, g) = (r.racer(0)?, r.racer(1)?, r.racer(2)?);
    let s = step_lengths(g);
    let slowest = s.iter().cloned().fold(f64::INFINITY, f64::min) / s[0];
    ensure(slowest < 0.05, || format!("GD's slowest step is {:.0}% of its first: no near stop", 100.0 * slowest))?;
    let leave = |t: &super::race::Trajectory| first_step(t, |p| p[1].abs() > 1.0).unwrap_or(usize::MAX);
    let (lg, lm, la) = (leave(g), leave(m), leave(a));
    ensure(lg != usize::MAX, || "GD never leaves the saddle within the budget".into())?;
    ensure(lm < lg && la < lg, || format!("steps to |y| > 1: GD {lg}, momentum {lm}, Adam {la}"))?;
    Ok(format!("GD slows to {:.1}% of its first step; leaves |y| < 1 at step {lg} vs momentum {lm}, Adam {la}", 100.0 * slowest))
}

/// On the plateau GD barely moves; Adam and momentum reach the well.
pub fn plateau(r: &Race) -> crate::lab::claim::Verdict {
    let (g, m, a) = (r.racer(0)?, r.racer(1)?, r.racer(2)?);
    let moved = |t: &super::race::Trajectory| dist(t.points[0], *t.points.last().unwrap());
    ensure(moved(g) < 0.1 && final_loss(g) > 0.99, || format!("GD moved {:.3} to f = {:.3}", moved(g), final_loss(g)))?;
    ensure(final_loss(a) < 1e-6, || format!("Adam ends at f = {:.2e}", final_loss(a)))?;
    ensure(final_loss(m) < 1e-2, || format!("momentum ends at f = {:.2e}", final_loss(m)))?;
    let third = m.points.len() / 3;
    let early = dist(m.points[0], m.points[third]);
    ensure(early < 0.25 * moved(m), || format!("momentum covered {early:.2} of {:.2} in its first third: no slow start", moved(m)))?;
    Ok(format!(
        "GD moved {:.3}; Adam f = {:.1e}; momentum f = {:.1e}, {:.0}% of its way in the first third",
        moved(g),
        final_loss(a),
        final_loss(m),
        100.0 * early / moved(m)
    ))
}

/// Four nearby starts of the same GD end in four different minima.
pub fn himmelblau(r: &Race) -> crate::lab::claim::Verdict {
    let ends: Vec<[f64; 2]> = r.runs.iter().map(|t| *t.points.last().unwrap()).collect();
    let minima = r.surface.minima();
    let mut which = Vec::new();
    for (i, e) in ends.iter().enumerate() {
        let (k, d) = minima.iter().enumerate().map(|(k, &m)| (k, dist(*e, m))).fold((0, f64::INFINITY), |b, c| if c.1 < b.1 { c } else { b });
        ensure(d < 1e-3, || format!("run {} ends {d:.2e} from the nearest minimum", i + 1))?;
        ensure(!which.contains(&k), || format!("run {} ends in the same minimum as an earlier run", i + 1))?;
        which.push(k);
    }
    ensure(which.len() == 4, || "fewer than four runs".into())?;
    Ok("four runs, four different minima".into())
}

/// Ten gradients of +0.1 then one of −1: SGD returns, Rprop runs away, RMSprop barely moves.
pub fn gradient_scale(r: &Race) -> crate::lab::claim::Verdict {
    let (sgd, rprop, rms, sign) = (stream_end(r, 0)?, stream_end(r, 1)?, stream_end(r, 2)?, stream_end(r, 4)?);
    ensure(sgd.abs() < 1e-12, || format!("SGD ends at θ = {sgd:.2e}, not back at 0"))?;
    ensure(rprop.abs() > 100.0, || format!("Rprop ends at θ = {rprop:.2}"))?;
    ensure(rms.abs() < 1.0, || format!("RMSprop ends at θ = {rms:.2}"))?;
    ensure(sign.abs() > 4.0 * rms.abs(), || format!("signSGD ({sign:.2}) does not move 4× RMSprop ({rms:.2})"))?;
    Ok(format!("θ after 110 gradients: SGD {sgd:.0e}, Rprop {rprop:.0}, RMSprop {rms:.2}, signSGD {sign:.2}"))
}

/// Newton solves a quadratic in one step; GD does not in the whole budget.
pub fn newton_quadratic(r: &Race) -> crate::lab::claim::Verdict {
    let (g, n) = (r.racer(0)?, r.racer(1)?);
    let f0 = n.loss[0];
    ensure(n.loss[1] <= 1e-15 * f0, || format!("Newton's first step reaches f = {:.2e}", n.loss[1]))?;
    let fg = final_loss(g);
    ensure(fg > 1e-4 * f0, || format!("GD reached {fg:.2e} (from {f0:.2e}) within the budget"))?;
    // "Whatever the condition number": the same start on much better and much worse valleys.
    if let crate::landscape::LandscapeConfig::Quadratic { angle_deg, .. } = r.state.landscape {
        for kappa in [1.5, 1e3, 1e4] {
            let mut s = r.state.clone();
            s.landscape = crate::landscape::LandscapeConfig::Quadratic { kappa, angle_deg };
            let other = Race::run(&s, 0)?;
            let t = other.racer(1)?;
            ensure(t.loss[1] <= 1e-15 * t.loss[0], || format!("at κ = {kappa} Newton's first step reaches f = {:.2e}", t.loss[1]))?;
        }
    }
    Ok(format!("Newton f(x₁) = {:.0e} (and ≤ 1e-15·f₀ at κ = 1.5, 10³, 10⁴, the slider's range); GD after {} steps {:.1e} of f₀", n.loss[1], g.points.len() - 1, fg / f0))
}

/// Plain Newton lands on the saddle; saddle-free Newton descends faster than GD.
pub fn newton_saddle(r: &Race) -> crate::lab::claim::Verdict {
    let (g, n, sf) = (r.racer(0)?, r.racer(1)?, r.racer(2)?);
    let p1 = n.points[1];
    ensure(p1[0].hypot(p1[1]) < 1e-12 && n.points.iter().skip(1).all(|p| p[0].hypot(p[1]) < 1e-12), || "plain Newton does not sit on the saddle".into())?;
    let steps = sf.loss.len().min(g.loss.len());
    ensure(steps > 3, || "saddle-free Newton left after fewer than 3 steps".into())?;
    for k in 1..steps {
        ensure(sf.loss[k] < g.loss[k], || format!("at step {k} saddle-free Newton f = {:.3e} ≥ GD's {:.3e}", sf.loss[k], g.loss[k]))?;
    }
    ensure(sf.diverged_at.is_none() || sf.escaped_downhill, || "saddle-free Newton diverged instead of escaping downhill".into())?;
    Ok(format!("Newton at the saddle from step 1; saddle-free Newton below GD at every one of {} steps", steps - 1))
}

/// With gradient noise a constant α stalls in a ball; a decaying α shrinks it.
pub fn noise_ball(r: &Race) -> crate::lab::claim::Verdict {
    let (c, d) = (r.racer(0)?, r.racer(1)?);
    let min = r.surface.minima()[0];
    let (bc, bd) = (mean_distance_last(c, min, 100), mean_distance_last(d, min, 100));
    ensure(bd < 0.5 * bc, || format!("mean distance over the last 100 steps: decayed {bd:.3}, constant {bc:.3}"))?;
    Ok(format!("mean distance over the last 100 steps: constant α {bc:.3}, decayed {bd:.3}"))
}

/// Same α and β: the EMA form's steps stay gradient-sized; heavy ball's grow towards 1/(1−β)×.
pub fn ema_vs_heavy_ball(r: &Race) -> crate::lab::claim::Verdict {
    let (h, e) = (r.racer(0)?, r.racer(1)?);
    let alpha = lr(r, 0);
    let [_, valley] = r.principal_axes();
    // Along the valley floor successive gradients agree in sign (until a racer overshoots the
    // minimum), so the step there, relative to α × the current gradient's component, is the factor
    // the momentum buffer multiplies the gradient by.
    let growth = |t: &super::race::Trajectory| {
        let mut lo = f64::INFINITY;
        let mut hi: f64 = 0.0;
        for (w, g) in t.points.windows(2).zip(&t.grads) {
            if along(w[1], valley) * along(t.points[0], valley) <= 0.0 {
                break; // overshot the minimum along the valley: the gradients stop agreeing
            }
            let ratio = (along(w[1], valley) - along(w[0], valley)).abs() / (alpha * along(*g, valley).abs());
            lo = lo.min(ratio);
            hi = hi.max(ratio);
        }
        (lo, hi)
    };
    let ((_, gh), (le, ge)) = (growth(h), growth(e));
    let first = (dist(h.points[0], h.points[1]) - dist(e.points[0], e.points[1])).abs();
    ensure(first < 1e-12, || format!("first steps differ by {first:.2e}"))?;
    ensure(ge <= 1.5 && le >= 0.99, || format!("the EMA form's valley steps range over {le:.2}–{ge:.2} × α·|g|"))?;
    ensure(gh >= 5.0, || format!("heavy ball's valley steps reach only {gh:.2}× α·|g|"))?;
    ensure(final_loss(h) < final_loss(e), || "heavy ball does not get further in the budget".into())?;
    Ok(format!(
        "valley step / (α·|g|): heavy ball up to {gh:.1}, EMA {le:.2}–{ge:.2}; final f {:.1e} vs {:.1e}",
        final_loss(h),
        final_loss(e)
    ))
}
