//! The frame of the x–y charts: plot area, axes, grid, legend, heading.

use crate::Style;
use crate::scale::{Linear, TimeAxis, TimeScale, Unit, label};
use crate::svg::Svg;

/// The plot area inside a chart of the style's size.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Frame {
    pub(crate) left: f64,
    pub(crate) right: f64,
    pub(crate) top: f64,
    pub(crate) bottom: f64,
}

impl Frame {
    pub(crate) fn new(style: &Style, right_axis: bool) -> Self {
        Frame {
            left: 70.0,
            right: style.width - if right_axis { 56.0 } else { 20.0 },
            top: 52.0,
            bottom: style.height - 44.0,
        }
    }

    pub(crate) fn width(&self) -> f64 {
        self.right - self.left
    }
}

/// The chart's visible heading, top left.
pub(crate) fn heading(svg: &mut Svg, style: &Style, text: &str) {
    svg.text(
        12.0,
        style.font_size * 1.4,
        "start",
        &style.palette.text,
        text,
        " font-weight=\"bold\"",
    );
}

/// A value axis on the left (or right) with grid lines and labels.
pub(crate) fn value_axis(
    svg: &mut Svg,
    style: &Style,
    f: &Frame,
    axis: &Linear,
    right: bool,
    unit: &str,
) {
    let pal = &style.palette;
    for v in axis.ticks() {
        let y = axis.y(v);
        if !right {
            svg.line(f.left, y, f.right, y, &pal.grid, " stroke-width=\"0.5\"");
        }
        let text = format!("{}{unit}", label(v));
        if right {
            svg.text(f.right + 4.0, y + 4.0, "start", &pal.text, &text, "");
        } else {
            svg.text(f.left - 4.0, y + 4.0, "end", &pal.text, &text, "");
        }
    }
    let x = if right { f.right } else { f.left };
    svg.line(x, f.top, x, f.bottom, &pal.text, " stroke-width=\"0.8\"");
}

/// A time axis along the bottom with tick labels that do not overlap.
pub(crate) fn time_axis(svg: &mut Svg, style: &Style, f: &Frame, axis: &TimeAxis) {
    let pal = &style.palette;
    svg.line(
        f.left,
        f.bottom,
        f.right,
        f.bottom,
        &pal.text,
        " stroke-width=\"0.8\"",
    );
    let unit = match axis.resolve(TimeScale::Auto) {
        TimeScale::Day => Unit::Day,
        TimeScale::Week => Unit::Week,
        _ => Unit::Month,
    };
    let mut ticks = axis.ticks(unit);
    if ticks.len() < 2 && unit != Unit::Day {
        ticks = axis.ticks(Unit::Week);
    }
    let min_gap = style.char_width() * 11.0;
    let mut last = f64::NEG_INFINITY;
    for (t, _) in ticks {
        let x = axis.x(t).max(f.left);
        svg.line(x, f.bottom, x, f.bottom + 4.0, &pal.text, "");
        if x - last >= min_gap && x + min_gap / 2.0 <= style.width {
            svg.text(
                x,
                f.bottom + 18.0,
                "middle",
                &pal.text,
                &t.format("%Y-%m-%d").to_string(),
                "",
            );
            last = x;
        }
    }
}

/// A legend of coloured swatches in a row under the heading.
pub(crate) fn legend(svg: &mut Svg, style: &Style, items: &[(&str, String)]) {
    let mut x = 12.0;
    let y = style.font_size * 1.4 + 18.0;
    for (colour, text) in items {
        svg.rect(x, y - 9.0, 10.0, 10.0, colour, "");
        svg.text(x + 14.0, y, "start", &style.palette.text, text, "");
        x += 24.0 + text.chars().count() as f64 * style.char_width();
    }
}

/// A chart with nothing to plot: the message in the middle of the frame.
pub(crate) fn empty(mut svg: Svg, style: &Style, f: &Frame, message: &str) -> String {
    let (x, y) = (f.left + f.width() / 2.0, (f.top + f.bottom) / 2.0);
    svg.text(x, y, "middle", &style.palette.text, message, "");
    svg.finish()
}

/// Minutes as days for labels: `3.5d`.
pub(crate) fn days(minutes: f64) -> String {
    format!("{}d", label((minutes / 480.0 * 10.0).round() / 10.0))
}
