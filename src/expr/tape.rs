//! The flat form a formula is compiled to: a postfix tape of operations on a stack, evaluated
//! over any number type of `num-dual` (plain `f64` for values, second-order dual numbers for
//! exact gradients and Hessians) or over blocks of points at once (the heatmap's path).

use num_dual::DualNum;

/// A function of one argument.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fun1 {
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Sqrt,
    Abs,
    Tanh,
    Sigmoid,
}

/// A function of two arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fun2 {
    Min,
    Max,
}

/// A comparison (rules such as `x^2 + y^2 < 0.5`): 1 when it holds, 0 otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Le,
    Gt,
    Ge,
}

/// One operation of the tape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Op {
    /// Push a number.
    Num(f64),
    /// Push variable i (x = 0, y = 1).
    Var(usize),
    /// Push free parameter i.
    Param(usize),
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    /// Power with a whole-number exponent (exact at negative bases and at 0).
    PowI(i32),
    /// Power a^b.
    Pow,
    Call1(Fun1),
    Call2(Fun2),
    Compare(Cmp),
}

impl Op {
    /// How the stack's height changes.
    pub fn stack_change(self) -> isize {
        match self {
            Op::Num(_) | Op::Var(_) | Op::Param(_) => 1,
            Op::Neg | Op::PowI(_) | Op::Call1(_) => 0,
            Op::Add | Op::Sub | Op::Mul | Op::Div | Op::Pow | Op::Call2(_) | Op::Compare(_) => -1,
        }
    }
}

fn apply1<T: DualNum<f64> + Copy>(f: Fun1, a: T) -> T {
    match f {
        Fun1::Sin => a.sin(),
        Fun1::Cos => a.cos(),
        Fun1::Tan => a.tan(),
        Fun1::Exp => a.exp(),
        Fun1::Log => a.ln(),
        Fun1::Sqrt => a.sqrt(),
        Fun1::Abs => {
            if a.re() < 0.0 {
                -a
            } else {
                a
            }
        }
        Fun1::Tanh => a.tanh(),
        // 1/(1+e^-a), written so neither branch overflows.
        Fun1::Sigmoid => {
            if a.re() >= 0.0 {
                (T::one() + (-a).exp()).recip()
            } else {
                let e = a.exp();
                e / (T::one() + e)
            }
        }
    }
}

fn compare(c: Cmp, a: f64, b: f64) -> f64 {
    let holds = match c {
        Cmp::Lt => a < b,
        Cmp::Le => a <= b,
        Cmp::Gt => a > b,
        Cmp::Ge => a >= b,
    };
    if holds {
        1.0
    } else {
        0.0
    }
}

/// Evaluates `tape` at `vars` with `params`, using `stack` (cleared first; it keeps its capacity,
/// so repeated calls do not allocate).
pub fn eval<T: DualNum<f64> + Copy>(tape: &[Op], vars: &[T], params: &[f64], stack: &mut Vec<T>) -> T {
    stack.clear();
    for &op in tape {
        match op {
            Op::Num(v) => stack.push(T::from(v)),
            Op::Var(i) => stack.push(vars[i]),
            Op::Param(i) => stack.push(T::from(params[i])),
            Op::Neg | Op::PowI(_) | Op::Call1(_) => {
                let a = stack.pop().unwrap_or_else(T::zero);
                stack.push(match op {
                    Op::Neg => -a,
                    Op::PowI(n) => a.powi(n),
                    Op::Call1(f) => apply1(f, a),
                    _ => unreachable!(),
                });
            }
            _ => {
                let b = stack.pop().unwrap_or_else(T::zero);
                let a = stack.pop().unwrap_or_else(T::zero);
                stack.push(match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                    Op::Pow => pow(a, b),
                    Op::Call2(f) => pick(f, a, b),
                    Op::Compare(c) => T::from(compare(c, a.re(), b.re())),
                    _ => unreachable!(),
                });
            }
        }
    }
    stack.pop().unwrap_or_else(T::zero)
}

/// min(a, b) or max(a, b), with the derivative of the side chosen; NaN when either is NaN.
fn pick<T: DualNum<f64> + Copy>(f: Fun2, a: T, b: T) -> T {
    if a.re().is_nan() || b.re().is_nan() {
        return T::from(f64::NAN);
    }
    let b_wins = match f {
        Fun2::Min => b.re() < a.re(),
        Fun2::Max => b.re() > a.re(),
    };
    if b_wins {
        b
    } else {
        a
    }
}

/// a^b for a variable exponent: exp(b·ln a) where a > 0 (so the derivative in b is exact), a
/// whole-number power where b is a constant whole number, and undefined (NaN) otherwise.
fn pow<T: DualNum<f64> + Copy>(a: T, b: T) -> T {
    if a.re() > 0.0 {
        (b * a.ln()).exp()
    } else {
        let n = b.re();
        if n.fract() == 0.0 && n.abs() <= 1024.0 {
            a.powi(n as i32)
        } else {
            T::from(f64::NAN)
        }
    }
}

/// `v.powi(p)` for every lane, by the same square-and-multiply as `f64::powi` (the compiler's
/// `__powidf2`: the same products in the same order, so the same bits), with the loop over the
/// exponent's bits outside the loop over lanes, which then vectorizes (a call per lane did not:
/// `x^2` cost a function call per pixel of the heatmap).
fn powi_block(v: &mut [f64], p: i32) {
    let n = v.len().min(LANES);
    let mut base = [0.0; LANES];
    base[..n].copy_from_slice(&v[..n]);
    let mut acc = [1.0; LANES];
    let mut e = p.unsigned_abs();
    loop {
        if e & 1 != 0 {
            acc[..n].iter_mut().zip(&base[..n]).for_each(|(a, b)| *a *= b);
        }
        e >>= 1;
        if e == 0 {
            break;
        }
        base[..n].iter_mut().for_each(|b| *b *= *b);
    }
    if p < 0 {
        v[..n].iter_mut().zip(&acc[..n]).for_each(|(v, a)| *v = 1.0 / a);
    } else {
        v[..n].copy_from_slice(&acc[..n]);
    }
}

/// Points evaluated together on the heatmap's path.
pub const LANES: usize = 64;

/// Evaluates `tape` at up to [`LANES`] points at once (xs\[k\], ys\[k\]), each operation looping
/// over the points, into `out`; `stack` holds the blocks (kept between calls: no allocation).
pub fn eval_block(tape: &[Op], xs: &[f64], ys: &[f64], params: &[f64], stack: &mut Vec<[f64; LANES]>, out: &mut [f64]) {
    let n = xs.len().min(ys.len()).min(out.len()).min(LANES);
    stack.clear();
    for &op in tape {
        match op {
            Op::Num(v) => stack.push([v; LANES]),
            Op::Param(i) => stack.push([params[i]; LANES]),
            Op::Var(i) => {
                let src = if i == 0 { xs } else { ys };
                let mut b = [0.0; LANES];
                b[..n].copy_from_slice(&src[..n]);
                stack.push(b);
            }
            Op::PowI(p) => {
                let a = stack.last_mut().expect("a compiled tape never underflows");
                powi_block(&mut a[..n], p);
            }
            Op::Neg | Op::Call1(_) => {
                let a = stack.last_mut().expect("a compiled tape never underflows");
                for v in a[..n].iter_mut() {
                    *v = match op {
                        Op::Neg => -*v,
                        Op::Call1(f) => apply1(f, *v),
                        _ => unreachable!(),
                    };
                }
            }
            _ => {
                let b = stack.pop().expect("a compiled tape never underflows");
                let a = stack.last_mut().expect("a compiled tape never underflows");
                match op {
                    Op::Add => a[..n].iter_mut().zip(&b[..n]).for_each(|(a, b)| *a += b),
                    Op::Sub => a[..n].iter_mut().zip(&b[..n]).for_each(|(a, b)| *a -= b),
                    Op::Mul => a[..n].iter_mut().zip(&b[..n]).for_each(|(a, b)| *a *= b),
                    Op::Div => a[..n].iter_mut().zip(&b[..n]).for_each(|(a, b)| *a /= b),
                    Op::Pow => a[..n].iter_mut().zip(&b[..n]).for_each(|(a, b)| *a = pow(*a, *b)),
                    Op::Call2(f) => a[..n].iter_mut().zip(&b[..n]).for_each(|(a, b)| *a = pick(f, *a, *b)),
                    Op::Compare(c) => a[..n].iter_mut().zip(&b[..n]).for_each(|(a, b)| *a = compare(c, *a, *b)),
                    _ => unreachable!(),
                }
            }
        }
    }
    if let Some(r) = stack.pop() {
        out[..n].copy_from_slice(&r[..n]);
    }
}

#[cfg(test)]
mod powi_tests {
    use super::*;

    /// The block power gives `f64::powi`'s bits for every exponent from −12 to 12 at awkward bases
    /// (negative, tiny, huge, zeros, infinities, NaN): the heatmap's values equal the scalar path's.
    #[test]
    fn the_block_power_is_powi_bit_for_bit() {
        let bases = [-3.7, -1.0, -1e-3, -0.0, 0.0, 1e-160, 0.3, 1.0, 1.1, 2.5, 1e150, f64::INFINITY, f64::NEG_INFINITY, f64::NAN, 7.123456789];
        for p in -12..=12 {
            let mut v = [0.0; 15];
            v.copy_from_slice(&bases);
            powi_block(&mut v, p);
            for (b, got) in bases.iter().zip(v) {
                let want = b.powi(p);
                assert!(got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan()), "{b}^{p}: {got} vs powi {want}");
            }
        }
    }
}
