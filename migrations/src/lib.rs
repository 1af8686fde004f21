//! Database migrations (filled in by the intake work).
