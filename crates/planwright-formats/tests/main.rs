//! Integration tests of planwright-formats: one binary, a module per area.

mod generate;
mod json;
mod mspdi;
mod oracle;
mod xer;
