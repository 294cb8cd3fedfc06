//! A widget's state saved as a JSON file, and read back.
//!
//! The file holds the same settings as the address bar, one entry per URL key, so a file and a
//! link describe a state the same way and loading one goes through the same checks as opening a
//! link:
//!
//! ```json
//! { "format": "descent-lab state", "version": 1, "lab": "optimizer",
//!   "settings": { "budget": "80", "racers.0.optimizer.kind": "sgd", … } }
//! ```
//!
//! Reading is strict where opening a link is forgiving: a link with a bad value opens with that
//! value at its default and a notice, but a state file that is not exactly right is refused as a
//! whole with a message naming what is wrong, and the widget keeps its current state.

use serde_json::{Map, Value};

use super::error::{LabError, LabResult};
use super::input::echo;
use super::url::{percent_decode, percent_encode};

/// What the `format` field says.
pub const FORMAT: &str = "descent-lab state";
/// The version written, and the only one read.
pub const VERSION: u64 = 1;
/// The largest file read (a state of 8 racers is about 4 KB).
pub const MAX_BYTES: usize = 64 * 1024;
/// The most settings a file may hold.
const MAX_SETTINGS: usize = 2000;
/// The longest key and value read.
const MAX_KEY: usize = 100;
const MAX_VALUE: usize = 4000;

/// The state file for lab `lab` whose state is the URL query `query`.
pub fn to_json(lab: &str, query: &str) -> String {
    let mut settings = Map::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let k = percent_decode(k).unwrap_or_else(|| k.to_string());
        let v = percent_decode(v).unwrap_or_else(|| v.to_string());
        settings.insert(k, Value::String(v));
    }
    let doc = serde_json::json!({ "format": FORMAT, "version": VERSION, "lab": lab, "settings": settings });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// Reads a state file for lab `lab`: the URL query it describes, or what is wrong with it.
pub fn from_json(text: &str, lab: &str) -> LabResult<String> {
    if text.len() > MAX_BYTES {
        return Err(LabError::invalid(format!("this file is {} KB; a state file is at most {} KB", text.len() / 1024, MAX_BYTES / 1024)));
    }
    if text.trim().is_empty() {
        return Err(LabError::invalid("this file is empty"));
    }
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        LabError::invalid(if e.is_eof() {
            format!("this file ends too early (line {}, column {}): is it truncated?", e.line(), e.column())
        } else {
            format!("this is not valid JSON: {e}")
        })
    })?;
    let Value::Object(doc) = doc else { return Err(LabError::invalid("a state file is a JSON object with “format”, “version”, “lab” and “settings”")) };
    if doc.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(LabError::invalid(format!("this is not a Descent Lab state file (its “format” should be “{FORMAT}”)")));
    }
    match doc.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => return Err(LabError::invalid(format!("this state file has version {v}; this page reads version {VERSION}"))),
        None => return Err(LabError::invalid("the state file has no version number")),
    }
    match doc.get("lab").and_then(Value::as_str) {
        Some(l) if l == lab => {}
        Some(l) => return Err(LabError::invalid(format!("this is a state of the “{}” lab; open that lab to load it", echo(l)))),
        None => return Err(LabError::invalid("the state file does not say which lab it belongs to (“lab”)")),
    }
    let Some(Value::Object(settings)) = doc.get("settings") else { return Err(LabError::invalid("the state file has no “settings” object")) };
    if settings.len() > MAX_SETTINGS {
        return Err(LabError::invalid(format!("the state file has {} settings; a state has at most {MAX_SETTINGS}", settings.len())));
    }
    let mut parts = Vec::with_capacity(settings.len());
    for (k, v) in settings {
        if k.is_empty() || k.len() > MAX_KEY || !k.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            return Err(LabError::invalid(format!("“{}” is not a setting's name (letters, digits, “.”, “_” and “-”, at most {MAX_KEY})", echo(k))));
        }
        let v = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(LabError::invalid(format!("the setting “{k}” must be a text, a number or true/false"))),
        };
        if v.len() > MAX_VALUE {
            return Err(LabError::invalid(format!("the setting “{k}” is {} characters long; at most {MAX_VALUE}", v.len())));
        }
        parts.push(format!("{}={}", percent_encode(k), percent_encode(&v)));
    }
    Ok(parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_round_trips_through_its_file() {
        let q = "budget=80&racers.0.optimizer.kind=sgd&racers.0.optimizer.lr=0.05&start=-1.5%2C2&name=a%26b";
        let json = to_json("optimizer", q);
        assert!(json.contains("\"racers.0.optimizer.lr\": \"0.05\""), "{json}");
        assert!(json.contains("\"start\": \"-1.5,2\""), "{json}");
        let back = from_json(&json, "optimizer").unwrap();
        // The same settings (a JSON object keeps them in key order; the URL decoder does not
        // depend on the order of keys).
        let sorted = |q: &str| {
            let mut v: Vec<String> = q.split('&').map(|p| p.split('=').map(|x| percent_decode(x).unwrap()).collect::<Vec<_>>().join("=")).collect();
            v.sort();
            v
        };
        assert_eq!(sorted(&back), sorted(q));
        // Numbers and booleans typed by hand are read as their text.
        let hand = r#"{"format":"descent-lab state","version":1,"lab":"mlp","settings":{"steps":40,"arrows":true}}"#;
        assert_eq!(from_json(hand, "mlp").unwrap(), "arrows=true&steps=40");
    }

    #[test]
    fn bad_files_are_refused_with_a_message_naming_what_is_wrong() {
        let good = to_json("optimizer", "budget=80");
        let cases: Vec<(String, &str)> = vec![
            (String::new(), "empty"),
            (good[..good.len() / 2].to_string(), "truncated"),
            ("{\"format\": \"descent-lab state\", \"version\": 1,, }".into(), "not valid JSON"),
            ("[1, 2, 3]".into(), "JSON object"),
            ("x".repeat(MAX_BYTES + 1), "at most 64 KB"),
            (good.replace("descent-lab state", "something else"), "not a Descent Lab state file"),
            (good.replace("\"version\": 1", "\"version\": 7"), "version 7"),
            (good.replace("\"lab\": \"optimizer\"", "\"lab\": \"mlp\""), "“mlp” lab"),
            (good.replace("\"budget\": \"80\"", "\"budget\": {\"a\": 1}"), "must be a text"),
            (good.replace("\"budget\": \"80\"", "\"<script>alert(1)</script>\": \"80\""), "not a setting's name"),
            (good.replace("\"budget\": \"80\"", &format!("\"budget\": \"{}\"", "9".repeat(MAX_VALUE + 1))), "characters long"),
            (r#"{"format":"descent-lab state","version":1,"lab":"optimizer"}"#.into(), "no “settings”"),
            (format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)), "not valid JSON"),
        ];
        for (text, expect) in cases {
            let err = from_json(&text, "optimizer").expect_err(expect);
            assert!(err.contains(expect), "{expect}: {err}");
        }
    }
}
