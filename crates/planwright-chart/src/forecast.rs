//! The throughput forecast fan.

use chrono::{Duration as Span, NaiveDate, NaiveTime};
use planwright_core::Calendar;
use planwright_risk::{Forecast, ThroughputHistory};

use crate::frame::{Frame, heading, legend, time_axis, value_axis};
use crate::scale::{Linear, TimeAxis};
use crate::svg::Svg;
use crate::{Error, Style};

/// The longest fan, in weeks.
pub const MAX_FAN_WEEKS: u32 = 104;

/// A throughput forecast fan: how many items will be done by the end of
/// each of the next `weeks` weeks from `start`, sampled from the history
/// on the calendar's working days — the median as a line, the 15–85 % and
/// 5–95 % ranges as widening bands ("at least this many, with this
/// confidence").
///
/// # Errors
///
/// [`Error::InvalidOption`] for `weeks` outside 1..=[`MAX_FAN_WEEKS`];
/// [`Error::Risk`] for a forecast the history cannot make; bad options.
///
/// # Complexity
///
/// O(weeks × forecast iterations × days).
pub fn throughput_fan(
    history: &ThroughputHistory,
    start: NaiveDate,
    weeks: u32,
    calendar: &Calendar,
    forecast: &Forecast,
    style: &Style,
) -> Result<String, Error> {
    style.validate()?;
    if !(1..=MAX_FAN_WEEKS).contains(&weeks) {
        return Err(Error::InvalidOption {
            option: "weeks",
            problem: format!("{weeks} is outside 1..={MAX_FAN_WEEKS}"),
        });
    }
    // Per week's end, "at least n with confidence c" for c = 95, 85, 50,
    // 15 and 5 %.
    const CONFIDENCE: [f64; 5] = [0.95, 0.85, 0.5, 0.15, 0.05];
    let mut points: Vec<(NaiveDate, [f64; 5])> = Vec::with_capacity(weeks as usize);
    for k in 1..=weeks {
        let end = start + Span::days(7 * i64::from(k) - 1);
        let h = history.how_many(start, end, calendar, forecast)?;
        points.push((end, CONFIDENCE.map(|c| f64::from(h.at_least(c)))));
    }
    let pal = &style.palette;
    let last = points.last().copied().unwrap_or((start, [0.0; 5]));
    let title = "Throughput forecast";
    let desc = format!(
        "Items done from {start} to {}: at least {} with 85 % confidence, {} with 50 %, at most {} with 95 %",
        last.0, last.1[1], last.1[2], last.1[4]
    );
    let mut svg = Svg::new(style.width, style.height, title, &desc, style);
    heading(&mut svg, style, title);
    legend(
        &mut svg,
        style,
        &[
            (pal.series(5), "5-95 %".to_owned()),
            (pal.series(0), "15-85 %".to_owned()),
            (&pal.text, "median".to_owned()),
        ],
    );
    let f = Frame::new(style, false);
    let axis = TimeAxis {
        from: start.and_time(NaiveTime::MIN),
        to: (last.0 + Span::days(1)).and_time(NaiveTime::MIN),
        x0: f.left,
        x1: f.right,
    };
    let y = Linear::nice(0.0, last.1[4].max(1.0), f.bottom, f.top);
    value_axis(&mut svg, style, &f, &y, false, "");
    time_axis(&mut svg, style, &f, &axis);
    let x = |d: NaiveDate| axis.x((d + Span::days(1)).and_time(NaiveTime::MIN));
    let origin = (f.left, y.y(0.0));
    let band = |lo: usize, hi: usize| {
        let mut pts = vec![origin];
        pts.extend(points.iter().map(|p| (x(p.0), y.y(p.1[hi]))));
        pts.extend(points.iter().rev().map(|p| (x(p.0), y.y(p.1[lo]))));
        pts
    };
    let outer = format!(
        "fill=\"{}\" fill-opacity=\"0.35\" class=\"band-90\"",
        pal.series(5)
    );
    svg.poly(true, &band(0, 4), &outer);
    let inner = format!(
        "fill=\"{}\" fill-opacity=\"0.45\" class=\"band-70\"",
        pal.series(0)
    );
    svg.poly(true, &band(1, 3), &inner);
    let mut median = vec![origin];
    median.extend(points.iter().map(|p| (x(p.0), y.y(p.1[2]))));
    svg.poly(
        false,
        &median,
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"2\" class=\"median\"",
            pal.text
        ),
    );
    Ok(svg.finish())
}
