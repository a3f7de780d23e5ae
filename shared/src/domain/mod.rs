//! Domain records (filled in by the domain module work).
