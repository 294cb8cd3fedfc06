//! The font natively (tests, exports outside the page): plotters measures and draws text with a
//! font file registered under the theme's family. In the page the browser measures and draws text
//! (`web::backend`), so this module is not in the WebAssembly build.
//!
//! The file is read once from the first of [`CANDIDATES`] that exists, or from the path in the
//! environment variable `DESCENT_LAB_FONT`. `scripts/setup.sh` installs Debian's
//! `fonts-dejavu-core`, which provides the first candidate.

use std::sync::OnceLock;

use plotters::style::{register_font, FontStyle};

/// Font files tried in order (DejaVu Sans covers the Greek letters and symbols of the labels).
pub const CANDIDATES: [&str; 3] = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
];

static READY: OnceLock<Result<String, String>> = OnceLock::new();

/// Registers the font under the theme's family on first use; then the path it came from, or
/// what to do when no font could be read.
pub fn ready() -> Result<&'static str, &'static str> {
    match READY.get_or_init(register) {
        Ok(path) => Ok(path),
        Err(message) => Err(message),
    }
}

fn register() -> Result<String, String> {
    register_from(std::env::var("DESCENT_LAB_FONT").ok().filter(|p| !p.is_empty()))
}

/// Registers the font at `chosen`, or the first of [`CANDIDATES`] that exists.
fn register_from(chosen: Option<String>) -> Result<String, String> {
    let paths: Vec<String> = match &chosen {
        Some(p) => vec![p.clone()],
        None => CANDIDATES.iter().map(|p| p.to_string()).collect(),
    };
    for path in &paths {
        let Ok(bytes) = std::fs::read(path) else { continue };
        // plotters keeps a reference to the font for the life of the process.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        return match register_font(super::theme::FAMILY, FontStyle::Normal, bytes) {
            Ok(()) => Ok(path.clone()),
            Err(_) => Err(format!("{path} is not a font file plotters can read (TrueType or OpenType)")),
        };
    }
    Err(match chosen {
        Some(p) => format!("cannot read the font file {p} named by DESCENT_LAB_FONT"),
        None => format!(
            "no font to draw text natively: none of {} exists; install Debian's fonts-dejavu-core (scripts/setup.sh does) or set DESCENT_LAB_FONT to a .ttf file",
            CANDIDATES.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_or_broken_font_file_gets_a_message_naming_it() {
        let e = register_from(Some("/no/such/font.ttf".into())).unwrap_err();
        assert_eq!(e, "cannot read the font file /no/such/font.ttf named by DESCENT_LAB_FONT");
        let not_a_font = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let e = register_from(Some(not_a_font.into())).unwrap_err();
        assert!(e.starts_with(not_a_font) && e.contains("is not a font file"), "{e}");
        // The machine's font (installed by scripts/setup.sh) is found and registered.
        assert!(ready().is_ok(), "{:?}", ready());
    }
}
