//! Resource histograms: load against capacity, before and after leveling.

use chrono::{Duration as Span, NaiveTime};
use planwright_schedule::{LevelingResult, Usage};

use crate::frame::{Frame, empty, heading, legend, time_axis, value_axis};
use crate::scale::{Linear, TimeAxis};
use crate::svg::Svg;
use crate::{Error, Style};

/// Days or weeks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Period {
    /// One bar per day (the default).
    #[default]
    Daily,
    /// One bar per week (Monday to Sunday).
    Weekly,
}

/// Options of [`resource_histogram`].
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct HistogramOptions {
    /// Size, font, colours.
    pub style: Style,
    /// Days or weeks.
    pub period: Period,
}

impl HistogramOptions {
    /// The defaults: daily bars, the default style.
    #[must_use]
    pub fn new() -> Self {
        HistogramOptions::default()
    }

    /// Sets the style.
    #[must_use]
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    /// Sets days or weeks.
    #[must_use]
    pub fn period(mut self, period: Period) -> Self {
        self.period = period;
        self
    }
}

/// A resource's load per day (or week) in hours against its capacity:
/// the load before leveling as a light bar, after leveling as a dark bar
/// beside it, capacity as a step line; a bar above capacity is drawn in
/// the critical colour, so over-allocations stand out before and after.
///
/// # Errors
///
/// [`Error::UnknownResource`] when the result has no histogram for the
/// key; bad options as [`Error::InvalidOption`] / [`Error::InvalidColour`].
///
/// # Complexity
///
/// O(periods); output linear in the periods.
pub fn resource_histogram(
    result: &LevelingResult,
    resource: &str,
    options: &HistogramOptions,
) -> Result<String, Error> {
    let style = &options.style;
    style.validate()?;
    let h = result
        .histograms
        .iter()
        .find(|h| h.key == resource)
        .ok_or_else(|| Error::UnknownResource {
            key: resource.to_owned(),
        })?;
    let (usage, span): (&[Usage], i64) = match options.period {
        Period::Daily => (&h.days, 1),
        Period::Weekly => (&h.weeks, 7),
    };
    let pal = &style.palette;
    let over: usize = usage
        .iter()
        .filter(|u| u.before > u.capacity + 1e-6 || u.after > u.capacity + 1e-6)
        .count();
    let desc = format!(
        "{} load of `{resource}` in hours against capacity, before and after leveling; {over} {} over capacity",
        if span == 1 { "Daily" } else { "Weekly" },
        if span == 1 { "days" } else { "weeks" },
    );
    let title = format!("Resource histogram of {resource}");
    let mut svg = Svg::new(style.width, style.height, &title, &desc, style);
    heading(&mut svg, style, &title);
    legend(
        &mut svg,
        style,
        &[
            (&pal.baseline, "before leveling".to_owned()),
            (&pal.bar, "after leveling".to_owned()),
            (&pal.critical, "over capacity".to_owned()),
            (&pal.text, "capacity".to_owned()),
        ],
    );
    let f = Frame::new(style, false);
    let Some((first, last)) = usage.first().zip(usage.last()) else {
        return Ok(empty(svg, style, &f, "no booked work"));
    };
    let from = first.date.and_time(NaiveTime::MIN);
    let to = (last.date + Span::days(span)).and_time(NaiveTime::MIN);
    let axis = TimeAxis {
        from,
        to,
        x0: f.left,
        x1: f.right,
    };
    let top = usage
        .iter()
        .map(|u| u.before.max(u.after).max(u.capacity))
        .fold(0.0f64, f64::max);
    let y = Linear::nice(0.0, top, f.bottom, f.top);
    value_axis(&mut svg, style, &f, &y, false, "h");
    time_axis(&mut svg, style, &f, &axis);
    let mut step = Vec::with_capacity(usage.len() * 2);
    for u in usage {
        let a = axis.x(u.date.and_time(NaiveTime::MIN));
        let b = axis.x((u.date + Span::days(span)).and_time(NaiveTime::MIN));
        let w = (b - a) / 2.0;
        for (k, value, normal) in [(0.0, u.before, &pal.baseline), (1.0, u.after, &pal.bar)] {
            if value <= 0.0 {
                continue;
            }
            let fill = if value > u.capacity + 1e-6 {
                &pal.critical
            } else {
                normal
            };
            let top = y.y(value);
            let class = if k == 0.0 {
                " class=\"before\""
            } else {
                " class=\"after\""
            };
            svg.rect(
                a + k * w + 0.5,
                top,
                (w - 1.0).max(0.5),
                f.bottom - top,
                fill,
                class,
            );
        }
        let cy = y.y(u.capacity);
        step.push((a, cy));
        step.push((b, cy));
    }
    svg.poly(
        false,
        &step,
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" class=\"capacity\"",
            pal.text
        ),
    );
    Ok(svg.finish())
}
