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
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in query.trim_start_matches('?').split('&') {
        if part.is_empty() {
            continue;
        }
        let (k, v) = match part.split_once('=') {
            Some((k, v)) => (k, v),
            None => (part, ""),
        };
        let key = match percent_decode(k) {
            Some(k) => k,
            None => {
                notices.push(format!("Ignored a malformed URL key {}", echo(k)));
                continue;
            }
        };
        if SHELL_KEYS.contains(&key.as_str()) || reserved.contains(&key.as_str()) {
            continue;
        }
        let value = match percent_decode(v) {
            Some(v) => v,
            None => {
                notices.push(format!("Ignored “{}”: its value is not valid URL encoding", echo(&key)));
                continue;
            }
        };
        if pairs.iter().any(|(k, _)| *k == key) {
            notices.push(format!("Ignored a repeated “{}”", echo(&key)));
            continue;
        }
        pairs.push((key, value));
    }
    // Tags first: a variant's `kind` decides which other fields are valid. Shorter paths
    // first, so that an outer `kind` is set before the fields of nested objects.
    pairs.sort_by_key(|(k, _)| (!(k == "kind" || k.ends_with(".kind")), k.matches('.').count()));

    let mut tree = serde_json::to_value(base).unwrap_or(Value::Object(Map::new()));
    // Every key the base state has, for "did you mean" notices.
    let mut known_keys = Vec::new();
    flatten("", &tree, &mut known_keys);
    let known: Vec<String> = known_keys.into_iter().map(|(k, _)| k).collect();
    // Arrays the URL respecifies whole (replaced) rather than overrides element by element.
    let whole = whole_arrays(&pairs);
    let mut replaced_arrays: Vec<String> = Vec::new();
    let all_pairs = pairs.clone();
    let mut consumed: Vec<String> = Vec::new();
    for (key, raw) in pairs {
        if consumed.contains(&key) {
            continue;
        }
        let path: Vec<&str> = key.split('.').collect();
        if path.iter().any(|s| s.is_empty()) || path.len() > 8 {
            notices.push(format!("Ignored unknown setting “{}”", echo(&key)));
            continue;
        }
        // A `kind` is applied together with its sibling fields from the URL: a variant whose
        // fields have no defaults only deserialises with them. If the group fails, the kind is
        // tried alone and the siblings one by one, so each bad value gets its own notice.
        let mut attempts: Vec<Vec<(String, String)>> = Vec::new();
        if path.last() == Some(&"kind") {
            let prefix = key[..key.len() - "kind".len()].to_string();
            let mut group = vec![(key.clone(), raw.clone())];
            group.extend(
                all_pairs
                    .iter()
                    .filter(|(k, _)| *k != key && k.starts_with(&prefix) && !k[prefix.len()..].contains('.'))
                    .cloned(),
            );
            if group.len() > 1 {
                attempts.push(group);
            }
        }
        attempts.push(vec![(key.clone(), raw.clone())]);
        let mut last_err = String::new();
        let mut applied = false;
        for group in attempts {
            let mut candidate = tree.clone();
            let mut arrays = replaced_arrays.clone();
            let mut ok = true;
            for (k, v) in &group {
                let p: Vec<&str> = k.split('.').collect();
                // The first URL key inside a respecified array replaces the base's array; other
                // keys inside arrays override single values of the base's elements.
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
                ok = ok && insert(&mut candidate, &p, parse_value(v));
            }
            if !ok {
                last_err = "unknown field".into();
                continue;
            }
            match serde_json::from_value::<T>(candidate.clone()) {
                Ok(_) => {
                    tree = candidate;
                    replaced_arrays = arrays;
                    consumed.extend(group.into_iter().map(|(k, _)| k));
                    applied = true;
                    break;
                }
                Err(e) => last_err = e.to_string(),
            }
        }
        if !applied {
            notices.push(explain(&key, &raw, &last_err, &known));
        }
    }
    match serde_json::from_value::<T>(tree) {
        Ok(state) => (state, notices),
        Err(_) => (T::default(), notices),
    }
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

/// Shortens user-supplied text before it is echoed in a notice.
fn echo(s: &str) -> String {
    super::input::echo_n(s, MAX_ECHO)
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
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

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn join_scalars(items: &[Value], sep: char) -> String {
    let mut s = items.iter().map(scalar_text).collect::<Vec<_>>().join(&sep.to_string());
    if items.len() <= 1 {
        s.push(sep);
    }
    s
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Reads one URL value: numbers, booleans, number lists (`1,2,`), lists of lists (`1,2;3,4`), or text.
fn parse_value(raw: &str) -> Value {
    if raw.contains(';') {
        let groups = raw.split(';').filter(|g| !g.is_empty()).map(|g| parse_list(g)).collect();
        return Value::Array(groups);
    }
    if raw.contains(',') {
        return parse_list(raw);
    }
    parse_scalar(raw)
}

fn parse_list(raw: &str) -> Value {
    Value::Array(raw.split(',').filter(|s| !s.is_empty()).map(parse_scalar).collect())
}

fn parse_scalar(raw: &str) -> Value {
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
fn insert(tree: &mut Value, path: &[&str], v: Value) -> bool {
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

#[cfg(test)]
mod tests {
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
}
