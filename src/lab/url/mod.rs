//! The URL codec: a widget's whole state (one serde struct) ⇄ a query string.
//!
//! Encoding flattens the state's JSON form into readable `key=value` pairs with dotted paths
//! (`racers.0.optimizer.lr=0.001`). Arrays of numbers are written comma-separated
//! (`start=-1.5,2`), arrays of number arrays as `;`-separated groups (`points=0.1,0.5;0.2,0.4`).
//! A one-element array keeps a trailing separator so it is not read back as a scalar.
//!
//! Decoding is forgiving by construction: every key is applied one at a time onto the
//! default state and kept only if the state still deserialises. A key that is unknown, has the
//! wrong type or a malformed value is dropped with a [`Notice`]; the result is always a valid
//! state, never a crash. Values only ever become numbers, booleans or plain strings inside
//! the state, so nothing from the URL is ever interpreted as HTML.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};

/// A message for the user about a URL value that was ignored or corrected.
pub type Notice = String;

/// Longest value (in characters) shown back to the user inside a notice.
const MAX_ECHO: usize = 40;

/// Encodes `state` as a query string (without the leading `?`).
pub fn encode<T: Serialize>(state: &T) -> String {
    let mut pairs = Vec::new();
    match serde_json::to_value(state) {
        Ok(v) => flatten("", &v, &mut pairs),
        Err(_) => return String::new(),
    }
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Rewrites the keys of a query string with `rename` (old links after a key was renamed: the
/// lab's migration table); keys it returns `None` for, and every value, are kept as they are.
pub fn rename_keys(query: &str, rename: impl Fn(&str) -> Option<String>) -> String {
    query
        .trim_start_matches('?')
        .split('&')
        .map(|part| match part.split_once('=') {
            Some((k, v)) => match rename(k) {
                Some(n) => format!("{n}={v}"),
                None => part.to_string(),
            },
            None => part.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Decodes a query string into a state, starting from `T::default()`.
///
/// Keys listed in `reserved` belong to the page shell (e.g. `lab`, `embed`) and are skipped.
/// Returns the state and one notice per ignored key.
pub fn decode<T>(query: &str, reserved: &[&str]) -> (T, Vec<Notice>)
where
    T: Serialize + DeserializeOwned + Default,
{
    decode_onto(&T::default(), query, reserved)
}

/// URL keys that belong to the page shell, not to a lab's state (the page reads this list from
/// the wasm module): decoding skips them, whatever the lab.
pub const SHELL_KEYS: &[&str] = &["lab", "embed", "hide", "views"];

/// Decodes a query string on top of `base` (e.g. a preset): keys in the query override the
/// base's values; an array named in the query replaces the base's array; setting a `kind`
/// starts that object afresh (a variant's fields do not carry over to another variant).
pub fn decode_onto<T>(base: &T, query: &str, reserved: &[&str]) -> (T, Vec<Notice>)
where
    T: Serialize + DeserializeOwned + Default,
{
    let mut notices = Vec::new();
    let pairs = query_pairs(query, reserved, &mut notices);
    let mut tree = serde_json::to_value(base).unwrap_or(Value::Object(Map::new()));
    // Every key the base state has, for "did you mean" notices.
    let mut known_keys = Vec::new();
    flatten("", &tree, &mut known_keys);
    let known: Vec<String> = known_keys.into_iter().map(|(k, _)| k).collect();
    // Arrays the URL respecifies whole (replaced) rather than overrides element by element.
    let whole = whole_arrays(&pairs);
    let mut replaced_arrays: Vec<String> = Vec::new();
    let mut consumed: Vec<String> = Vec::new();
    for (key, raw) in &pairs {
        if consumed.contains(key) {
            continue;
        }
        let path: Vec<&str> = key.split('.').collect();
        if path.iter().any(|s| s.is_empty()) || path.len() > 8 {
            notices.push(format!("Ignored unknown setting “{}”", echo(key)));
            continue;
        }
        let mut last_err = String::new();
        let mut applied = false;
        for (group, as_text) in attempts(key, raw, &pairs) {
            match apply_group::<T>(&tree, &group, &whole, &replaced_arrays, as_text) {
                Ok((candidate, arrays)) => {
                    tree = candidate;
                    replaced_arrays = arrays;
                    consumed.extend(group.into_iter().map(|(k, _)| k));
                    applied = true;
                    break;
                }
                // The text attempt's error says less than the typed one's.
                Err(e) if !as_text || last_err.is_empty() => last_err = e.to_string(),
                Err(_) => {}
            }
        }
        if !applied {
            notices.push(explain(key, raw, &last_err, &known));
        }
    }
    match serde_json::from_value::<T>(tree) {
        Ok(state) => (state, notices),
        Err(_) => (T::default(), notices),
    }
}

/// The query's (key, value) pairs, percent-decoded, without the shell's and `reserved` keys;
/// malformed or repeated keys are dropped with a notice. Tags come first (a variant's `kind`
/// decides which other fields are valid), shorter paths first (an outer `kind` before the fields
/// of nested objects).
fn query_pairs(query: &str, reserved: &[&str], notices: &mut Vec<Notice>) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in query.trim_start_matches('?').split('&') {
        if part.is_empty() {
            continue;
        }
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let Some(key) = percent_decode(k) else {
            notices.push(format!("Ignored a malformed URL key {}", echo(k)));
            continue;
        };
        if SHELL_KEYS.contains(&key.as_str()) || reserved.contains(&key.as_str()) {
            continue;
        }
        let Some(value) = percent_decode(v) else {
            notices.push(format!("Ignored “{}”: its value is not valid URL encoding", echo(&key)));
            continue;
        };
        if pairs.iter().any(|(k, _)| *k == key) {
            notices.push(format!("Ignored a repeated “{}”", echo(&key)));
            continue;
        }
        pairs.push((key, value));
    }
    pairs.sort_by_key(|(k, _)| (!(k == "kind" || k.ends_with(".kind")), k.matches('.').count()));
    pairs
}

/// The groups of pairs to try for `key`, in order. A `kind` is applied together with its sibling
/// fields from the URL (a variant whose fields have no defaults only deserialises with them); if
/// the group fails, the kind is tried alone and the siblings one by one, so each bad value gets
/// its own notice. Last, the value alone as text: a text field (a formula such as `min(x, y)` or
/// `1e-320`) may hold what reads as a list or a number.
fn attempts(key: &str, raw: &str, all_pairs: &[(String, String)]) -> Vec<(Vec<(String, String)>, bool)> {
    let mut attempts: Vec<(Vec<(String, String)>, bool)> = Vec::new();
    if key.split('.').next_back() == Some("kind") {
        let prefix = &key[..key.len() - "kind".len()];
        let mut group = vec![(key.to_string(), raw.to_string())];
        group.extend(
            all_pairs
                .iter()
                .filter(|(k, _)| k != key && k.starts_with(prefix) && !k[prefix.len()..].contains('.'))
                .cloned(),
        );
        if group.len() > 1 {
            attempts.push((group, false));
        }
    }
    attempts.push((vec![(key.to_string(), raw.to_string())], false));
    attempts.push((vec![(key.to_string(), raw.to_string())], true));
    attempts
}

/// `tree` with the pairs of `group` applied, and the arrays replaced so far, if the result still
/// deserialises as a `T`; otherwise why not. With `as_text` every value is taken as a string.
fn apply_group<T: DeserializeOwned>(tree: &Value, group: &[(String, String)], whole: &[String], replaced: &[String], as_text: bool) -> crate::lab::error::LabResult<(Value, Vec<String>)> {
    let mut candidate = tree.clone();
    let mut arrays = replaced.to_vec();
    let mut ok = true;
    for (k, v) in group {
        let p: Vec<&str> = k.split('.').collect();
        // The first URL key inside a respecified array replaces the base's array; other keys
        // inside arrays override single values of the base's elements.
        if let Some(pos) = p.iter().position(|s| s.parse::<usize>().is_ok()) {
            let array_path = p[..pos].join(".");
            if whole.contains(&array_path) && !arrays.contains(&array_path) {
                if let Some(Value::Array(items)) = lookup_mut(&mut candidate, &p[..pos]) {
                    items.clear();
                }
                arrays.push(array_path);
            }
        }
        if p.last() == Some(&"kind") {
            // A new variant starts from nothing but its tag (and the fields given here).
            if let Some(obj) = lookup_mut(&mut candidate, &p[..p.len() - 1]) {
                *obj = Value::Object(Map::new());
            }
        }
        let value = if as_text { Value::String(v.clone()) } else { parse_value(v) };
        ok = ok && insert(&mut candidate, &p, value);
    }
    if !ok {
        return Err(crate::lab::error::LabError::unknown("unknown field"));
    }
    serde_json::from_value::<T>(candidate.clone()).map(|_| (candidate, arrays)).map_err(|e| crate::lab::error::LabError::invalid(e.to_string()))
}

/// Decodes a widget's query that may name a preset: with `preset=ID` the state starts from
/// `find(ID)` (a notice if there is no such preset) and the other keys override it; without,
/// it starts from `T::default()`. `reserved` lists keys the lab reads itself besides the shell's
/// ([`SHELL_KEYS`], always skipped): `preset` is among them, or a field of `T` recording where
/// the state came from.
pub fn decode_with_preset<T>(query: &str, reserved: &[&str], find: impl Fn(&str) -> Option<T>) -> (T, Vec<Notice>)
where
    T: Serialize + DeserializeOwned + Default,
{
    let mut notices = Vec::new();
    let id = query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "preset")
        .and_then(|(_, v)| percent_decode(v));
    let base = match id.as_deref() {
        None | Some("") => T::default(),
        Some(id) => find(id).unwrap_or_else(|| {
            notices.push(format!("There is no preset called “{}”; starting from the defaults.", echo(id)));
            T::default()
        }),
    };
    let (state, mut more) = decode_onto(&base, query, reserved);
    notices.append(&mut more);
    (state, notices)
}

fn lookup_mut<'a>(tree: &'a mut Value, path: &[&str]) -> Option<&'a mut Value> {
    let mut cur = tree;
    for seg in path {
        cur = match cur {
            Value::Object(m) => m.get_mut(*seg)?,
            Value::Array(a) => a.get_mut(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The arrays a query respecifies whole: it names elements 0, 1, …, m with no gap and gives each
/// a `kind` (as the full encoding of a state does). Such an array replaces the base's, so a link
/// with fewer racers than its preset has fewer racers; any other key inside an array overrides one
/// value of the base's element (`racers.1.optimizer.lr=0.3` on a preset keeps everything else).
fn whole_arrays(pairs: &[(String, String)]) -> Vec<String> {
    let mut seen: Vec<(String, Vec<(usize, bool)>)> = Vec::new();
    for (k, _) in pairs {
        let p: Vec<&str> = k.split('.').collect();
        let Some(pos) = p.iter().position(|s| s.parse::<usize>().is_ok()) else { continue };
        let Ok(idx) = p[pos].parse::<usize>() else { continue };
        let path = p[..pos].join(".");
        let has_kind = p.last() == Some(&"kind");
        let entry = match seen.iter_mut().find(|(a, _)| *a == path) {
            Some(e) => e,
            None => {
                seen.push((path, Vec::new()));
                seen.last_mut().expect("just pushed")
            }
        };
        match entry.1.iter_mut().find(|(i, _)| *i == idx) {
            Some(e) => e.1 |= has_kind,
            None => entry.1.push((idx, has_kind)),
        }
    }
    seen.into_iter()
        .filter(|(_, items)| {
            let m = items.iter().map(|(i, _)| *i).max().unwrap_or(0);
            items.len() == m + 1 && items.iter().all(|(_, k)| *k)
        })
        .map(|(path, _)| path)
        .collect()
}

/// Edit distance between two keys (for "did you mean" notices).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The known key closest to `key`, if it is close enough to be a misspelling.
fn closest<'a>(key: &str, known: &'a [String]) -> Option<&'a str> {
    let (best, d) = known.iter().map(|k| (k.as_str(), distance(key, k))).min_by_key(|(_, d)| *d)?;
    (d <= (key.chars().count() / 3).max(2)).then_some(best)
}

/// A student-readable reason for dropping `key=raw`.
fn explain(key: &str, raw: &str, serde_msg: &str, known: &[String]) -> Notice {
    let unknown_key = serde_msg.contains("unknown field")
        || serde_msg.contains("missing field `kind`") && !known.iter().any(|k| k == key);
    if serde_msg.contains("unknown variant") {
        format!("Ignored “{}={}”: not one of the known choices", echo(key), echo(raw))
    } else if unknown_key {
        match closest(key, known) {
            Some(k) => format!("Ignored unknown setting “{}” (did you mean “{}”?)", echo(key), k),
            None => format!("Ignored unknown setting “{}”", echo(key)),
        }
    } else if serde_msg.contains("missing field `kind`") {
        format!("Ignored “{}”: it needs its “kind” to be set as well", echo(key))
    } else {
        format!("Ignored “{}={}”: not a valid value for this setting", echo(key), echo(raw))
    }
}

mod text;
#[cfg(test)]
mod tests;

pub use text::{percent_decode, percent_encode};
use text::{echo, flatten, insert, parse_value};
