//! Validation errors (filled in by the domain module work).
