//! A recursive-descent parser that writes the formula straight onto a postfix tape.
//!
//! ```text
//! rule     := sum [("<" | "<=" | ">" | ">=") sum]        (only where a rule is asked for)
//! sum      := product (("+" | "-") product)*
//! product  := unary (("*" | "/") unary | unary after a number, e.g. 3x, 2(x+1), 2pi)*
//! unary    := ("-" | "+") unary | power
//! power    := primary ["^" unary]                        (right-associative: -x^2 = -(x^2))
//! primary  := number | name | function "(" sum ["," sum] ")" | "(" sum ")"
//! ```

use super::error::ExprError;
use super::lexer::Token;
use super::tape::{Cmp, Fun1, Fun2, Op};

/// Deepest nesting of parentheses, function calls and signs accepted.
pub const MAX_DEPTH: usize = 32;

/// The functions a formula may call, by name.
pub const FUNCTIONS: &[(&str, Option<Fun1>, Option<Fun2>)] = &[
    ("sin", Some(Fun1::Sin), None),
    ("cos", Some(Fun1::Cos), None),
    ("tan", Some(Fun1::Tan), None),
    ("exp", Some(Fun1::Exp), None),
    ("log", Some(Fun1::Log), None),
    ("ln", Some(Fun1::Log), None),
    ("sqrt", Some(Fun1::Sqrt), None),
    ("abs", Some(Fun1::Abs), None),
    ("tanh", Some(Fun1::Tanh), None),
    ("sigmoid", Some(Fun1::Sigmoid), None),
    ("min", None, Some(Fun2::Min)),
    ("max", None, Some(Fun2::Max)),
];

/// Named constants.
pub const CONSTANTS: &[(&str, f64)] = &[("pi", std::f64::consts::PI), ("e", std::f64::consts::E)];

pub struct Parser<'a> {
    tokens: &'a [(Token, usize)],
    at: usize,
    depth: usize,
    vars: &'a [&'a str],
    /// Free parameters met so far, in order of first appearance.
    pub params: Vec<String>,
    pub tape: Vec<Op>,
}

impl<'a> Parser<'a> {
    pub fn new(tokens: &'a [(Token, usize)], vars: &'a [&'a str]) -> Self {
        Parser { tokens, at: 0, depth: 0, vars, params: Vec::new(), tape: Vec::new() }
    }

    fn peek(&self) -> &Token {
        &self.tokens[self.at.min(self.tokens.len() - 1)].0
    }

    fn column(&self) -> usize {
        self.tokens[self.at.min(self.tokens.len() - 1)].1
    }

    fn next(&mut self) -> Token {
        let t = self.peek().clone();
        self.at += 1;
        t
    }

    fn unexpected(&self) -> ExprError {
        let t = self.peek();
        let msg = match t {
            Token::End => "the formula ends too early".to_string(),
            _ => format!("unexpected {}", t.describe()),
        };
        ExprError::new(msg, self.column())
    }

    fn deeper(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(ExprError::new(format!("the formula nests more than {MAX_DEPTH} levels deep"), self.column()));
        }
        Ok(())
    }

    /// The whole formula: a sum, or a rule (`sum < sum`) when `rule` is allowed.
    pub fn formula(&mut self, rule: bool) -> Result<bool, ExprError> {
        self.sum()?;
        let mut is_rule = false;
        if let Token::Compare(c) = self.peek().clone() {
            if !rule {
                return Err(ExprError::new(format!("a comparison “{c}” makes a rule, not a function: remove it"), self.column()));
            }
            self.next();
            self.sum()?;
            let op = match c {
                "<" => Cmp::Lt,
                "<=" => Cmp::Le,
                ">" => Cmp::Gt,
                _ => Cmp::Ge,
            };
            self.tape.push(Op::Compare(op));
            is_rule = true;
        }
        if *self.peek() != Token::End {
            return Err(self.unexpected());
        }
        Ok(is_rule)
    }

    fn sum(&mut self) -> Result<(), ExprError> {
        self.product()?;
        loop {
            let op = match self.peek() {
                Token::Symbol('+') => Op::Add,
                Token::Symbol('-') => Op::Sub,
                _ => return Ok(()),
            };
            self.next();
            self.product()?;
            self.tape.push(op);
        }
    }

    fn product(&mut self) -> Result<(), ExprError> {
        let mut after_number = matches!(self.peek(), Token::Number(_));
        self.unary()?;
        loop {
            let op = match self.peek() {
                Token::Symbol('*') => Op::Mul,
                Token::Symbol('/') => Op::Div,
                // 3x, 2(x+1), 2pi: a number multiplies what follows it directly.
                Token::Name(_) | Token::Symbol('(') if after_number => {
                    after_number = false;
                    self.unary()?;
                    self.tape.push(Op::Mul);
                    continue;
                }
                Token::Name(n) => {
                    let n = n.clone();
                    return Err(ExprError::new(format!("unexpected “{n}”: write * to multiply"), self.column()));
                }
                Token::Symbol('(') => return Err(ExprError::new("unexpected “(”: write * to multiply", self.column())),
                _ => return Ok(()),
            };
            self.next();
            after_number = matches!(self.peek(), Token::Number(_));
            self.unary()?;
            self.tape.push(op);
        }
    }

    fn unary(&mut self) -> Result<(), ExprError> {
        match self.peek() {
            Token::Symbol('-') => {
                self.next();
                self.deeper()?;
                self.unary()?;
                self.depth -= 1;
                self.tape.push(Op::Neg);
                Ok(())
            }
            Token::Symbol('+') => {
                self.next();
                self.deeper()?;
                self.unary()?;
                self.depth -= 1;
                Ok(())
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> Result<(), ExprError> {
        self.primary()?;
        if *self.peek() == Token::Symbol('^') {
            self.next();
            let start = self.tape.len();
            self.deeper()?;
            self.unary()?;
            self.depth -= 1;
            // A constant whole exponent (x^2, x^-1) becomes an exact integer power.
            let whole = |v: f64| v.fract() == 0.0 && v.abs() <= 64.0;
            match self.tape[start..] {
                [Op::Num(v)] if whole(v) => {
                    self.tape.truncate(start);
                    self.tape.push(Op::PowI(v as i32));
                }
                [Op::Num(v), Op::Neg] if whole(v) => {
                    self.tape.truncate(start);
                    self.tape.push(Op::PowI(-(v as i32)));
                }
                _ => self.tape.push(Op::Pow),
            }
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<(), ExprError> {
        let col = self.column();
        match self.next() {
            Token::Number(v) => {
                self.tape.push(Op::Num(v));
                Ok(())
            }
            Token::Symbol('(') => {
                self.deeper()?;
                self.sum()?;
                self.depth -= 1;
                self.expect(')', col)
            }
            Token::Name(name) => self.name(name, col),
            _ => {
                self.at -= 1;
                Err(self.unexpected())
            }
        }
    }

    fn expect(&mut self, c: char, opened_at: usize) -> Result<(), ExprError> {
        if *self.peek() == Token::Symbol(c) {
            self.next();
            Ok(())
        } else if *self.peek() == Token::End {
            Err(ExprError::new(format!("“(” at column {opened_at} is never closed"), self.column()))
        } else {
            Err(self.unexpected())
        }
    }

    fn name(&mut self, name: String, col: usize) -> Result<(), ExprError> {
        if let Some((_, f1, f2)) = FUNCTIONS.iter().find(|(n, _, _)| *n == name) {
            if *self.peek() != Token::Symbol('(') {
                return Err(ExprError::new(format!("{name} is a function: write {name}(…)"), self.column()));
            }
            let open = self.column();
            self.next();
            self.deeper()?;
            self.sum()?;
            if let Some(f) = f2 {
                if *self.peek() != Token::Symbol(',') {
                    return Err(ExprError::new(format!("{name} takes two arguments: {name}(a, b)"), self.column()));
                }
                self.next();
                self.sum()?;
                self.tape.push(Op::Call2(*f));
            } else if let Some(f) = f1 {
                if *self.peek() == Token::Symbol(',') {
                    return Err(ExprError::new(format!("{name} takes one argument"), self.column()));
                }
                self.tape.push(Op::Call1(*f));
            }
            self.depth -= 1;
            return self.expect(')', open);
        }
        let known = self.vars.contains(&name.as_str()) || CONSTANTS.iter().any(|(n, _)| *n == name);
        if !known && *self.peek() == Token::Symbol('(') {
            return Err(ExprError::new(format!("there is no function called “{name}”"), col));
        }
        if let Some(i) = self.vars.iter().position(|v| *v == name) {
            self.tape.push(Op::Var(i));
        } else if let Some((_, v)) = CONSTANTS.iter().find(|(n, _)| *n == name) {
            self.tape.push(Op::Num(*v));
        } else {
            if name.chars().count() > 12 {
                return Err(ExprError::new(format!("the name “{}…” is too long for a parameter (at most 12 characters)", name.chars().take(12).collect::<String>()), col));
            }
            let i = match self.params.iter().position(|p| *p == name) {
                Some(i) => i,
                None => {
                    if self.params.len() >= 8 {
                        return Err(ExprError::new("at most 8 free parameters", col));
                    }
                    self.params.push(name);
                    self.params.len() - 1
                }
            };
            self.tape.push(Op::Param(i));
        }
        Ok(())
    }
}
