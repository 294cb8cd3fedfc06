// The catalogue of labs, written by src/lab/catalogue.rs (UPDATE_CATALOGUE=1 cargo test --lib catalogue): do not edit.
export const CATALOGUE = [
  {
    "id": "optimizer",
    "title": "Optimizer lab",
    "card": "Race up to eight optimizers — SGD, momentum, Nesterov, Adagrad, RMSprop, Adam, Rprop, Newton and more — across 2-D loss landscapes. Watch oscillation in narrow valleys, drive-bys past saddle points, stalls on plateaus, and read the Hessian at the cursor.",
    "intro": "Pick a loss landscape, click the plot to drop a start point, and race optimizers side by side. The heatmap shows the loss (darker is lower, contour lines at equal loss); each racer leaves a coloured trail. Beside it: loss and gradient norm per iteration. Hover the landscape to read the Hessian there.",
    "presets": [
      {
        "id": "adam_vs_momentum",
        "title": "Adam vs momentum on Rosenbrock",
        "lesson": "Heavy-ball momentum builds up steps several times larger than Adam's and swings along the banana valley, ending closer to the minimum after 1,000 steps; Adam's per-coordinate scaling keeps every coordinate's step near α = 0.05, so it takes a different, steadier line."
      },
      {
        "id": "gd_oscillation",
        "title": "GD oscillating across a narrow valley",
        "lesson": "With α = 1.85 close to 2/λ_max = 2, every step overshoots across the steep direction (the sign flips on every step and each swing is 85% of the last), while the distance along the valley floor shrinks by only 7% per step."
      },
      {
        "id": "momentum_zigzag",
        "title": "Momentum smooths the zig-zag",
        "lesson": "GD with α = 1.85 zig-zags across the valley on every step. Heavy-ball momentum (α = 0.3, β = 0.8) averages the alternating steep-direction gradients, so it crosses the valley floor on fewer than a quarter of its steps, and accumulates speed along the valley: after 80 steps it is closer to the minimum."
      },
      {
        "id": "learning_rates",
        "title": "Learning rate too small / too large / right",
        "lesson": "α = 0.05 crawls (after 60 steps f is still a few % of its start), α = 2.5 > 2/λ_max = 2 diverges (marked ✕), and α = 2/(λ₁+λ₂) = 1.6, the best constant step for plain GD, reaches machine precision."
      },
      {
        "id": "saddle_driveby",
        "title": "Saddle point drive-by",
        "lesson": "Starting almost on the saddle's stable line, GD slows to a near stop by the saddle (its steps shrink below 5% of the first) before the unstable direction takes over; momentum and Adam leave the saddle region sooner."
      },
      {
        "id": "plateau",
        "title": "Stuck on a plateau",
        "lesson": "Where the loss is flat the gradient is tiny (about 10⁻⁴ here): GD with α = 1 moves less than 0.1 in 300 steps and stays on the start disc. Adam divides by the gradient's own scale and walks straight into the well; heavy-ball momentum builds speed from the same tiny gradient, slowly at first, and reaches the well too."
      },
      {
        "id": "himmelblau",
        "title": "Himmelblau: several minima from nearby starts",
        "lesson": "Four runs of the same GD, started half a unit from the local maximum in four directions, end in four different minima: the landscape is not convex."
      },
      {
        "id": "gradient_scale",
        "title": "Rprop vs RMSprop vs Adam: gradient scale",
        "lesson": "See the gradient-stream view: ten gradients of +0.1 then one of −1, repeated. Their sum is zero, so SGD comes back to where it started; Rprop (signs only, with growing step sizes) runs away by hundreds and signSGD drifts steadily; RMSprop keeps the gradients' relative scale and moves less than 1."
      },
      {
        "id": "newton_quadratic",
        "title": "Newton vs GD on a quadratic",
        "lesson": "On a quadratic Newton's full step (α = 1) lands on the minimum in one step, whatever the condition number (κ from 1.5 to 10⁴ alike); GD with α = 1 is still above 10⁻⁴ of its starting loss after 40 steps."
      },
      {
        "id": "newton_saddle",
        "title": "Newton vs GD at a saddle",
        "lesson": "Plain Newton jumps straight onto the saddle in one step and stays (it seeks any critical point). Saddle-free Newton (|λ| in place of λ) descends like GD should, below GD's loss at every step, and escapes downhill."
      },
      {
        "id": "noise_ball",
        "title": "SGD noise ball vs decayed learning rate",
        "lesson": "With noisy gradients (σ = 1) and a constant α = 0.5, SGD stalls in a noise ball around the minimum; decaying α as 1/t shrinks the ball (over the last 100 steps the mean distance to the minimum is less than half)."
      },
      {
        "id": "ema_vs_heavy_ball",
        "title": "Lecture 004 momentum (EMA, bias-corrected) vs heavy ball",
        "lesson": "Same α = 0.1 and β = 0.9 for both. The EMA form u ← βu + (1−β)g with bias correction steps by α times an average of recent gradients (along the valley floor its steps stay within 1.0–1.04 × α|g|); PyTorch's heavy ball adds the gradients up (1/(1−β) = 10 of them for a constant gradient), so its steps along the valley grow to many times α|g| and it gets much further in 80 steps. Give the EMA form α/(1−β) = 1 to match."
      },
      {
        "id": "double_well",
        "title": "Your own function: a double well (the start decides)",
        "lesson": "f = x⁴ − 2x² + y² has two minima, (−1, 0) and (1, 0), with f* = −1, and a saddle between them at the origin. The same GD (α = 0.05) started 0.3 left and 0.3 right of the ridge x = 0 ends in different wells, each to 10⁻⁸: which minimum you get depends only on where you start. Type your own formula in the field to try another."
      },
      {
        "id": "asymmetric_valley",
        "title": "Your own function: an asymmetric valley (slide a)",
        "lesson": "f = (x² + y²)/2 + a·x³/3 is a round bowl on the right and a cliff on the left: past the saddle at x = −1/a (−2.5 for a = 0.4) the loss falls forever. The same GD (α = 0.1) started 0.5 inside the saddle reaches the minimum (0, 0); started 0.5 beyond it, it falls off and diverges. Slide a: the saddle moves to −1/a, and so does the edge of the basin."
      },
      {
        "id": "degenerate_minimum",
        "title": "Your own function: Newton at a degenerate minimum",
        "lesson": "At the minimum of f = x⁴ + y² the Hessian diag(12x², 2) is singular (hover there: λ = 0, 2). Newton solves the y direction in one step, but along x each full step only multiplies x by 2/3: linear, not quadratic, convergence (and slower still once 12x² drops below Newton's eigenvalue floor 10⁻⁴), so after 30 steps x is still about 10⁻³ away where a non-degenerate minimum would be exact."
      },
      {
        "id": "gd_cycles",
        "title": "Your own function: GD with a fixed step cycles",
        "lesson": "f = √(1 + x²) + 0.1y² is convex with one minimum, curvature 1 there but flat far out. GD with α = 3 (> 2/λ_max = 2) cannot settle at the minimum, yet does not diverge either: it locks into a 2-cycle x = ±√(α²/4 − 1) = ±1.118 (where α/√(1 + x²) = 2), forever. With α = 1.5 (< 2) it converges."
      }
    ]
  },
  {
    "id": "shrinkage",
    "title": "Shrinkage lab",
    "card": "Least squares, ridge, PCA truncation and gradient descent as filters on the singular values of X. Drag data points, move λ, κ, q and α, and see the same spectral picture from four angles — including why float32 gradient descent keeps fewer components than float64.",
    "intro": "Ridge regression, PCA truncation and early-stopped gradient descent all act on the singular values s of the design matrix X: each keeps a fraction φ(s) of every singular direction. Move λ, κ, q and α and compare the filters, the fitted curves and the train/test errors.",
    "presets": [
      {
        "id": "ridge",
        "title": "Ridge shrinks every component",
        "lesson": "s²/(s²+λ) is below 1 for every s: all directions shrink, the small ones most (below s = √λ by more than half)."
      },
      {
        "id": "pca",
        "title": "PCA keeps the top components",
        "lesson": "The mask keeps directions with s ≥ κ untouched and drops the rest."
      },
      {
        "id": "gd_pca",
        "title": "GD with α* and q* ≈ PCA cut-off κ",
        "lesson": "With α = s_max⁻² and q = s_max²/κ² gradient descent keeps roughly the directions PCA keeps: its filter is within 0.25 of the PCA mask for every s outside κ/2…2κ."
      },
      {
        "id": "float32",
        "title": "float32 vs float64 gradient descent",
        "lesson": "The lecture's GD w ← w − αXᵀ(Xw − y) in two precisions: float64 follows the exact filter in every direction; float32's error is a million times larger and grows as s falls — its rounding (~10⁻⁷ relative) swamps the small-s directions first, so precision bounds how many directions GD can recover."
      },
      {
        "id": "diverge",
        "title": "Too large a step diverges",
        "lesson": "α = 2.1 s_max⁻² is past the stability limit 2 s_max⁻²: the top direction blows up."
      }
    ]
  },
  {
    "id": "mlp",
    "title": "MLP lab",
    "card": "Train a small fully connected network live: initialisation (zero, Xavier, Kaiming), minibatches that reshuffle every epoch, learning-rate schedules, and every optimizer of the optimizer lab plus Madam and Nero. See decision surfaces, loss curves and how far weights move from where they started.",
    "intro": "Train a small fully connected network on 2-D data, live. Change the initialisation, optimizer, learning rate and batch size, and compare runs side by side.",
    "presets": [
      {
        "id": "zero_init",
        "title": "Zero initialisation is stuck",
        "lesson": "With W = 0 and b = 0 every hidden unit computes the same thing (here 0) and gets the same (here zero) gradient: the zero-init run's weights never move and its loss stays at ln 2 (within 0.01), the best a constant guess can do; Kaiming init breaks the symmetry and gets below 0.05."
      },
      {
        "id": "xavier_vs_kaiming",
        "title": "Xavier vs Kaiming in a deep ReLU net",
        "lesson": "In 8 ReLU layers N(0, 1/n) halves the signal's variance at every layer: the Xavier run starts with tiny outputs and gradients and leaves its starting loss late (at step 150 its loss is more than twice Kaiming's). N(0, 2/n) keeps the scale. In the ‘init’ view's 20-layer net the Xavier activations shrink more than 100× from the first layer to the last; Kaiming's stay within 4× of the first."
      },
      {
        "id": "learning_rates",
        "title": "Learning rate too low / right / too high",
        "lesson": "Fitting a noisy sine with SGD: α = 0.0005 barely bends the curve in the budget (its final loss is more than 10× that of α = 0.1); α = 0.1 fits it; α = 1.5 overshoots, the loss blows up and that run stops with “diverged at step k” while the others continue."
      },
      {
        "id": "step_decay",
        "title": "Step decay drops the loss",
        "lesson": "With minibatches of 10 on XOR, SGD at α = 1.0 soon sits on a noise floor: every minibatch gradient points a bit elsewhere, so the weights keep jittering by steps of size about α. Cutting α by 10× at step 600 (lecture 002) shrinks the jitter: over the last 20% of steps the decayed run's training loss is lower on average than the constant run's."
      },
      {
        "id": "minibatch_noise",
        "title": "Minibatch noise vs full batch",
        "lesson": "Batches of 8 give a noisy but cheap gradient: the loss wiggles, yet per step it falls about as fast as the full-batch run (its final training loss is within 2× of it), which costs 50× more per step."
      },
      {
        "id": "adam_vs_momentum",
        "title": "Adam vs SGD with momentum",
        "lesson": "On the 3-arm spiral Adam's per-weight step sizes get going quickly: at step 200 and at the end its loss is less than half that of SGD with momentum β = 0.9 at α = 0.05, whose learning rate would need tuning to keep up."
      },
      {
        "id": "nero",
        "title": "Nero with its default α = 0.01",
        "lesson": "Nero (per-neuron updates; hidden-to-hidden rows kept mean-zero and unit-norm) at its default α = 0.01, untuned, ends within 1.5× of Adam's training loss (α = 0.001) and below SGD's. The first and output layers are left unconstrained: a mean-zero unit-norm row with 2 inputs can only be ±(1, −1)/√2, so a constrained first layer could not move."
      },
      {
        "id": "nero_xor",
        "title": "Nero, same α, on XOR",
        "lesson": "The same Nero settings as the spiral preset (α = 0.01, untuned), on XOR with a different network: its final training loss is again within 1.5× of Adam's."
      },
      {
        "id": "width_sweep",
        "title": "Width sweep: wide nets barely move",
        "lesson": "Each width trains run 1's setup (one hidden layer) for the same number of steps; the relative weight change ‖W − W₀‖/‖W₀‖ falls with every increase in width, the widest net moving less than ¼ as much as the narrowest (lecture 001, over-parameterisation). The sweep runs in the ‘sweep’ view."
      }
    ]
  },
  {
    "id": "theory",
    "title": "Theory lab",
    "card": "Inside the network, as experiments: a network trained beside its linearisation f(x; w₀) + J(w₀)(w − w₀) as the width grows from 8 to 4096, the Jacobian's singular values under gradient descent's mask; the loss surface through the trained weights, with and without skip connections; local optima against network size; the step 1/L, its rate and SGD's noise ball; relative updates per layer and per neuron.",
    "intro": "Pick an experiment at the top of the controls, or a lecture preset (it opens its experiment). Each one trains small networks or models live, in slices that keep the page responsive, and shows a claim of the lectures in numbers you can check; each view's caption says what to notice. Export any view as a picture or its numbers as CSV.",
    "presets": [
      {
        "id": "wide_is_linear",
        "title": "Wide networks are linear (width 4096 vs 16)",
        "lesson": "At width 4096 the network and f_lin stay within ‖f − f_lin‖/√N < 1e-5 over 400 steps of GD with step 1/L₀, the weights move less than 0.3 % and κ(J) stays within 5 % of κ(J(w₀)); set the width to 16 and the gap passes 1e-2 while κ(J) moves by more than 20 %."
      },
      {
        "id": "gd_filter_on_ntk",
        "title": "GD on f_lin is the spectral filter on the NTK",
        "lesson": "For f_lin trained by plain GD, the residual along each eigenvector u_i of K = JJᵀ is exactly (1 − α′s_i²)^q·u_iᵀr₀ (measured equals predicted to 1e-9·‖r₀‖): directions with large s_i are fitted first, as in the shrinkage lab."
      },
      {
        "id": "smoothness_rate",
        "title": "Step 1/L and the rate 2L·L(W₀)/K",
        "lesson": "f_lin's loss is least squares with smoothness L₀ = 2s_max²/N: with GD's step 1/L₀ the running mean of ‖g_k‖² stays under 2L₀·L(W₀)/K at every K of 2000 steps (lecture 003), and falls by more than 100× over them."
      },
      {
        "id": "ntk_width_sweep",
        "title": "Width sweep: the linearisation becomes exact",
        "lesson": "Widths 8 … 4096 (noisy sine, one hidden layer, 400 steps of GD with step 1/L₀; view ‘Width sweep’): the largest gap ‖f − f_lin‖/√N falls more than 1000× with a log–log slope below −1.2, ‖w − w₀‖ with slope −1/2 ± 0.2, and ‖w − w₀‖/‖w₀‖ with slope −1 ± 0.2 — ‖w₀‖ grows like √m, so the relative change falls like 1/m here, faster than the NTK papers' 1/√m."
      },
      {
        "id": "input_offset_ill_conditions",
        "title": "Un-centred inputs ill-condition J",
        "lesson": "View ‘What makes J ill-conditioned’: shifting every input by 5 (x ← x + 5) makes J(w₀)'s rows nearly parallel — s_1/s_2 grows more than 15× and s_1/s_5 more than 1000× against centred inputs, so GD with step 1/L₀ (on f_lin) needs over 10⁹× more steps to fit the fifth direction than the first."
      },
      {
        "id": "init_gain_conditions",
        "title": "A small initialisation ill-conditions J",
        "lesson": "View ‘What makes J ill-conditioned’: w₀'s weights times g = 0.25 keep tanh in its linear part, so the network starts nearly linear in x and J(w₀) has few strong directions: s_1/s_5 is more than 10× larger than at g = 1; at g = 8 it is less than half that at g = 1."
      },
      {
        "id": "activation_conditions",
        "title": "Sigmoid ill-conditions J, tanh and relu less",
        "lesson": "View ‘What makes J ill-conditioned’ against the activation: sigmoid's outputs are all positive (centred at 1/2), so the hidden features that the last layer's columns of J are made of share a large common part, like un-centred inputs: s_1/s_5 of J(w₀) is more than 5× that of tanh; relu's is no larger than tanh's."
      },
      {
        "id": "depth_conditions",
        "title": "Depth and κ(J(w₀)) with Kaiming weights",
        "lesson": "View ‘What makes J ill-conditioned’ against depth: with Kaiming weights a tanh network with 3 hidden layers has s_1/s_5 of J(w₀) less than half that with 1 — depth alone, at a signal-preserving initialisation, does not ill-condition J here; a small init gain does (preset ‘A small initialisation ill-conditions J’)."
      },
      {
        "id": "skips_smooth_the_surface",
        "title": "Skip connections smooth the surface (depth 8)",
        "lesson": "Eight hidden layers of 16 tanh units on the two spirals, trained by Adam from the same w₀ without and with skip connections: on the filter-normalised slice through w*, the share of grid points from which one grid step toward w* goes downhill is at least 5 points higher with skips — the residual surface is a bowl around w*, the plain one has more nooks and crannies: lecture 002's “some networks are better” (Li et al. 2018)."
      },
      {
        "id": "interpolation_is_monotone",
        "title": "The loss falls all the way from w₀ to w*",
        "lesson": "On the straight segment from the initial weights w₀ to the trained w* of a 2-64-64-2 network, 𝓛((1 − t)w₀ + t·w*) falls at every one of the 40 steps of t from 0 to 1, by more than 10× in all: no barrier between w₀ and w* on the straight path (Goodfellow, Vinyals and Saxe, 2015)."
      },
      {
        "id": "wide_surface_is_smoother",
        "title": "A wider network has a rounder surface (width 64 vs 8)",
        "lesson": "Two hidden layers of 64 units: the filter-normalised slice through w* curves down (a negative second difference along a or b) at a share of its grid points at least 10 points lower than the same network with 8 units per layer — wider networks have smoother, more convex-looking minima (lecture 002: “some networks are better”)."
      },
      {
        "id": "bigger_nets_fewer_bad_optima",
        "title": "Local optima vs network size (XOR, widths 2–32)",
        "lesson": "30 initialisations each of one hidden layer of 2, 4, 8 and 32 tanh units, 1000 full-batch Adam steps (α = 0.01) on XOR with N = 200 (about 9 s of work in the browser): at least 80 % of the width-32 runs end within 2× of the best loss found, no run of width 2 or 4 does, and that share never falls as the width grows; width 32's spread q90 − q10 is under a third of width 2's and its worst run beats width 2's best. On the log axis every size's cluster is about as wide (q90/q10 < 3 for each): what changes with size is where the runs end, not their spread in ratio. Conditions: a fixed budget of steps, training loss, noise 0.05."
      },
      {
        "id": "no_loss_floor",
        "title": "When the loss has no floor (two hidden layers)",
        "lesson": "The same XOR (N = 200, 1000 Adam steps) with two hidden layers, 2×2 to 2×32, 10 initialisations each (about 17 s of work in the browser): the 2×32 networks fit the separable points almost exactly — the best loss is below 0.001 — and then at most 60 % of their runs end within 2× of it, with q90/q10 above 3. The training loss has no floor here, so “near the best” measures how far along its decay to 0 a run has come, not which optimum it found: the one-hidden-layer preset's 2× test needs a loss that levels off. Every 2×32 run still ends below every 2×4 run."
      },
      {
        "id": "rate_1_over_L",
        "title": "Step 1/L: mean ‖g‖² ≤ 2L·L(W₀)/K",
        "lesson": "Gradient descent with step 1/L on least squares (L = s_max²/N): at every K of 5000 steps the running mean of ‖g_k‖² is under the lecture's 2L·L(W₀)/K, and over the last decade of K it falls with the bound's slope −1 (between −1.05 and −0.95): the sum of ‖g_k‖² is finite. The bound is not loose: at K = 5000 the running mean is more than half of it."
      },
      {
        "id": "noise_ball",
        "title": "Gradient noise σ²: the noise ball",
        "lesson": "With gradient noise of variance σ² = 0.05‖g₀‖² and step 1/L, the mean over 32 runs of the running mean of ‖g_k‖² stays under 2L·L(W₀)/K + σ² at every K, but stops falling like 1/K: ‖g_k‖² settles on a plateau within 5 % of the predicted (σ²/P)Σ_i(λ_i/L)/(2 − λ_i/L), below σ²/3: the lecture's radius σ² is an upper bound, reached only if every λ_i = L."
      },
      {
        "id": "decaying_step_beats_the_ball",
        "title": "A decaying step leaves the noise ball",
        "lesson": "Same noise, two step rules: the constant step 1/L keeps ‖g_k‖² on its plateau, while the decaying step 1/(L(1 + k/20)) brings it more than 50× lower by K = 8000 (mean over the last quarter of the steps), and its running mean of ‖g_k‖² ends below the constant step's and below σ²/50."
      },
      {
        "id": "nero_half_degree",
        "title": "Nero turns each neuron by about half a degree",
        "lesson": "Nero at its default α = 0.01 turns the median neuron of the hidden-to-hidden layer by α radians = 0.573° at its first step (within 5 %): the lecture's “½ a degree of rotation per neuron per iteration”. Later the turn is about α·‖g‖/√v̂, the gradient over its running RMS: with minibatches of 20 the median turn over 300 steps stays between 0.2° and 0.573°, and no step turns it by more than 2α = 1.15°."
      },
      {
        "id": "relative_vs_absolute",
        "title": "SGD's absolute steps vs Madam's and Nero's relative steps",
        "lesson": "SGD (α = 0.1) steps by α·g, so a layer's relative update ‖ΔW_l‖/‖W_l‖ = α‖g_l‖/‖W_l‖ is set by its gradient: at the median step its layers differ by more than 3×, and over 300 steps it spans more than two decades. Madam and Nero (α = 0.01) make relative updates: no layer's ever exceeds 2.5α, and at the median step the largest layer's is within 1.6× of the smallest's."
      },
      {
        "id": "perturbation_bound",
        "title": "Relative updates set the gradient's change (a model, not a bound)",
        "lesson": "Nero at α = 0.001, 0.01, 0.05 and 0.2: the model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1 gives the scale of the gradient's relative change — the median measured/model ratio over 300 steps lies between 1 and 3.5 for α ≤ 0.01 and between 1 and 8 for the larger α (the model misses more as the steps grow), and across all the steps log(measured) and log(model) correlate with r > 0.8 — but it is not a strict bound: the measured change exceeds the model at more than 3/4 of the steps."
      }
    ]
  }
];
