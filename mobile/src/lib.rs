//! Tracemark field app (being built).
