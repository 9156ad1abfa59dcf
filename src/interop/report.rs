//! Board report (to come).
