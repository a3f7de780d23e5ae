//! Tracemark command line.
fn main() {}
