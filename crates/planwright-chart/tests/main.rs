//! Integration tests of planwright-chart: one binary, a module per area.
//! Every picture is parsed and rendered to pixels with resvg.

mod charts;
mod gantt;
mod render;
