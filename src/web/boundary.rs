//! The error boundary: panics are recorded so the page can show them inside the widget.
//!
//! Every exported function validates its input and returns `Result<_, JsError>`; a panic
//! that still happens aborts the wasm call with a `RuntimeError`. The hook installed here keeps
//! the panic's message so the page's error panel can say what went wrong (and offer a reload).

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the panic hook (once, at module start).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(msg));
        console_error_panic_hook::hook(info);
    }));
}

/// The message of the last panic, if any happened since the page loaded.
#[wasm_bindgen(js_name = lastPanic)]
pub fn last_panic() -> Option<String> {
    LAST_PANIC.with(|p| p.borrow().clone())
}

/// Deliberately panics: used by the tests of the error boundary.
#[wasm_bindgen(js_name = debugPanic)]
pub fn debug_panic() {
    panic!("deliberate panic requested by the error-boundary test");
}

/// Converts a widget's error message into a JS `Error`.
pub fn js_err(msg: impl std::fmt::Display) -> JsError {
    JsError::new(&msg.to_string())
}
