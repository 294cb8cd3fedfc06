//! Tokens of a formula, each with the column (1-based, in characters) where it starts.

use super::error::ExprError;

/// One token.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    /// A number: `3`, `0.5`, `.5`, `1e-3`.
    Number(f64),
    /// A name: a variable, a constant, a function or a free parameter.
    Name(String),
    /// One of `+ - * / ^ ( ) ,`.
    Symbol(char),
    /// A comparison: `<`, `>`, `<=`, `>=`.
    Compare(&'static str),
    /// The end of the text.
    End,
}

impl Token {
    /// How a message quotes the token.
    pub fn describe(&self) -> String {
        match self {
            Token::Number(v) => format!("the number {v}"),
            Token::Name(n) => format!("“{n}”"),
            Token::Symbol(c) => format!("“{c}”"),
            Token::Compare(c) => format!("“{c}”"),
            Token::End => "the end of the formula".into(),
        }
    }
}

/// The formula's tokens with their columns; the last is [`Token::End`].
pub fn tokens(text: &str) -> Result<Vec<(Token, usize)>, ExprError> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        if c.is_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            // An exponent only when digits follow (so `2e` stays 2·e and `3exp(x)` stays 3·exp(x)).
            if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
                let sign = usize::from(matches!(chars.get(i + 1), Some('+') | Some('-')));
                if chars.get(i + 1 + sign).is_some_and(|d| d.is_ascii_digit()) {
                    i += 1 + sign;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let s: String = chars[start..i].iter().collect();
            let v: f64 = s.parse().map_err(|_| ExprError::new(format!("“{s}” is not a number"), col))?;
            out.push((Token::Number(v), col));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push((Token::Name(chars[start..i].iter().collect()), col));
        } else if c == '*' && chars.get(i + 1) == Some(&'*') {
            // Python's power, as students often type it.
            out.push((Token::Symbol('^'), col));
            i += 2;
        } else if "+-*/^(),".contains(c) {
            out.push((Token::Symbol(c), col));
            i += 1;
        } else if c == '<' || c == '>' {
            let eq = chars.get(i + 1) == Some(&'=');
            let op = match (c, eq) {
                ('<', false) => "<",
                ('<', true) => "<=",
                ('>', false) => ">",
                _ => ">=",
            };
            out.push((Token::Compare(op), col));
            i += 1 + usize::from(eq);
        } else {
            let shown: String = if c.is_control() { format!("U+{:04X}", c as u32) } else { c.to_string() };
            return Err(ExprError::new(format!("unexpected “{shown}”"), col));
        }
    }
    out.push((Token::End, chars.len() + 1));
    Ok(out)
}
