//! The text side of the URL codec: the state's JSON tree flattened to `key=value` pairs and
//! back (numbers, booleans, comma-separated lists), and percent-encoding.

use serde_json::{Map, Value};

use super::MAX_ECHO;

/// Shortens user-supplied text before it is echoed in a notice.
pub(super) fn echo(s: &str) -> String {
    crate::lab::input::echo_n(s, MAX_ECHO)
}

pub(super) fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let join = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(m) => {
            // `kind` first keeps the URL readable: racers.0.optimizer.kind=adam&racers.0.optimizer.lr=…
            if let Some(kind) = m.get("kind") {
                flatten(&join("kind"), kind, out);
            }
            for (k, child) in m.iter().filter(|(k, _)| *k != "kind") {
                flatten(&join(k), child, out);
            }
        }
        Value::Array(items) => {
            if items.iter().all(is_scalar) {
                out.push((prefix.to_string(), join_scalars(items, ',')));
            } else if items.iter().all(|i| matches!(i, Value::Array(a) if a.iter().all(is_scalar))) {
                let groups: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        Value::Array(a) => a.iter().map(scalar_text).collect::<Vec<_>>().join(","),
                        _ => String::new(),
                    })
                    .collect();
                let mut s = groups.join(";");
                if groups.len() == 1 {
                    s.push(';');
                }
                out.push((prefix.to_string(), s));
            } else {
                for (i, child) in items.iter().enumerate() {
                    flatten(&join(&i.to_string()), child, out);
                }
            }
        }
        other => out.push((prefix.to_string(), scalar_text(other))),
    }
}

pub(super) fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

pub(super) fn join_scalars(items: &[Value], sep: char) -> String {
    let mut s = items.iter().map(scalar_text).collect::<Vec<_>>().join(&sep.to_string());
    if items.len() <= 1 {
        s.push(sep);
    }
    s
}

pub(super) fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads one URL value: numbers, booleans, number lists (`1,2,`), lists of lists (`1,2;3,4`), or text.
pub(super) fn parse_value(raw: &str) -> Value {
    if raw.contains(';') {
        let groups = raw.split(';').filter(|g| !g.is_empty()).map(|g| parse_list(g)).collect();
        return Value::Array(groups);
    }
    if raw.contains(',') {
        return parse_list(raw);
    }
    parse_scalar(raw)
}

pub(super) fn parse_list(raw: &str) -> Value {
    Value::Array(raw.split(',').filter(|s| !s.is_empty()).map(parse_scalar).collect())
}

pub(super) fn parse_scalar(raw: &str) -> Value {
    match raw {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = raw.parse::<i64>() {
        return Value::from(i);
    }
    if let Ok(u) = raw.parse::<u64>() {
        return Value::from(u);
    }
    // Only finite numbers become numbers: "NaN", "inf" stay strings and fail numeric fields.
    if let Ok(f) = raw.parse::<f64>() {
        if f.is_finite() && raw.chars().all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) {
            if let Some(n) = serde_json::Number::from_f64(f) {
                return Value::Number(n);
            }
        }
    }
    Value::String(raw.to_string())
}

/// Inserts `v` at `path` inside `tree`, creating objects/arrays on the way.
/// Numeric path segments index arrays. Returns false when the path conflicts with what is there.
pub(super) fn insert(tree: &mut Value, path: &[&str], v: Value) -> bool {
    let Some((head, rest)) = path.split_first() else {
        *tree = v;
        return true;
    };
    if let Ok(idx) = head.parse::<usize>() {
        if idx > 63 {
            return false;
        }
        if tree.is_null() || matches!(tree, Value::Object(m) if m.is_empty()) {
            *tree = Value::Array(Vec::new());
        }
        let Value::Array(items) = tree else { return false };
        while items.len() <= idx {
            items.push(Value::Object(Map::new()));
        }
        return insert(&mut items[idx], rest, v);
    }
    if tree.is_null() {
        *tree = Value::Object(Map::new());
    }
    let Value::Object(m) = tree else { return false };
    let child = m.entry(head.to_string()).or_insert(Value::Null);
    if rest.is_empty() {
        *child = v;
        true
    } else {
        insert(child, rest, v)
    }
}

/// Percent-encodes everything except unreserved characters and a few readable separators.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b';' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` (as space). `None` for broken escapes or invalid UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = s.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}
