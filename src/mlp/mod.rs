//! Small fully connected networks trained in the browser (lectures 001–004).
