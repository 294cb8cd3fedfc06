//! Golden-number tests (filled below).
