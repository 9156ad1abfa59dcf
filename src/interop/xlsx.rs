//! Excel export (to come).
