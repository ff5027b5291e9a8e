//! Integration tests of planwright-formats: one binary, a module per area.

mod mspdi;
mod oracle;
mod xer;
