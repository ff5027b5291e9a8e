//! Earned value S-curves and the cumulative flow diagram.

use chrono::{Duration as Span, NaiveTime};
use planwright_core::{FlowMetrics, Money, ProjectEvm, Workflow};

use crate::frame::{Frame, empty, heading, legend, time_axis, value_axis};
use crate::scale::{Linear, TimeAxis};
use crate::svg::Svg;
use crate::{Error, Style};

fn major(m: Money) -> f64 {
    m.minor_units() as f64 / 100.0
}

/// Earned value S-curves: planned value (PV) over the whole baseline,
/// earned value (EV) and actual cost (AC) up to the status date, the
/// budget at completion (BAC) as a line, and the forecast from the last
/// actual cost to the estimate at completion (EAC = BAC / CPI) at the
/// baseline's finish, dashed.
///
/// # Errors
///
/// Bad options.
pub fn evm_s_curves(evm: &ProjectEvm, style: &Style) -> Result<String, Error> {
    style.validate()?;
    let pal = &style.palette;
    let s = &evm.status;
    let title = "Earned value";
    let desc = format!(
        "PV, EV and AC to {}: BAC {:.2}, PV {:.2}, EV {:.2}, AC {:.2}{}",
        evm.status_date.format("%Y-%m-%d"),
        major(s.bac),
        major(s.pv),
        major(s.ev),
        major(s.ac),
        s.eac_cpi
            .map_or(String::new(), |e| format!(", EAC {:.2}", major(e)))
    );
    let mut svg = Svg::new(style.width, style.height, title, &desc, style);
    heading(&mut svg, style, title);
    let (pv_c, ev_c, ac_c, eac_c) = (pal.series(0), pal.series(2), pal.series(3), pal.series(1));
    legend(
        &mut svg,
        style,
        &[
            (pv_c, "PV".into()),
            (ev_c, "EV".into()),
            (ac_c, "AC".into()),
            (eac_c, "EAC forecast".into()),
            (&pal.text, "BAC".into()),
        ],
    );
    let f = Frame::new(style, false);
    let (Some(first), Some(last)) = (evm.series.first(), evm.series.last()) else {
        return Ok(empty(svg, style, &f, "no periods"));
    };
    let from = first.date.and_time(NaiveTime::MIN) - Span::days(1);
    let to = (last.date + Span::days(1)).and_time(NaiveTime::MIN);
    let axis = TimeAxis {
        from,
        to,
        x0: f.left,
        x1: f.right,
    };
    let eac = s.eac_cpi.map(major);
    let top = evm
        .series
        .iter()
        .flat_map(|p| [Some(p.pv), p.ev, p.ac])
        .flatten()
        .map(major)
        .chain([major(s.bac)])
        .chain(eac)
        .fold(0.0, f64::max);
    let y = Linear::nice(0.0, top, f.bottom, f.top);
    value_axis(&mut svg, style, &f, &y, false, "");
    time_axis(&mut svg, style, &f, &axis);
    let x_of = |d: chrono::NaiveDate| axis.x((d + Span::days(1)).and_time(NaiveTime::MIN));
    let bac_y = y.y(major(s.bac));
    svg.line(
        f.left,
        bac_y,
        f.right,
        bac_y,
        &pal.text,
        " stroke-dasharray=\"2,3\" class=\"bac\"",
    );
    let line = |svg: &mut Svg, pts: Vec<(f64, f64)>, colour: &str, class: &str| {
        svg.poly(
            false,
            &pts,
            &format!("fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" class=\"{class}\""),
        );
    };
    line(
        &mut svg,
        evm.series
            .iter()
            .map(|p| (x_of(p.date), y.y(major(p.pv))))
            .collect(),
        pv_c,
        "pv",
    );
    let ev: Vec<_> = evm
        .series
        .iter()
        .filter_map(|p| p.ev.map(|v| (x_of(p.date), y.y(major(v)))))
        .collect();
    let ac: Vec<_> = evm
        .series
        .iter()
        .filter_map(|p| p.ac.map(|v| (x_of(p.date), y.y(major(v)))))
        .collect();
    line(&mut svg, ev, ev_c, "ev");
    if let (Some(&(x, yy)), Some(e)) = (ac.last(), eac) {
        let end = x_of(last.date);
        svg.poly(false, &[(x, yy), (end.max(x), y.y(e))], &format!("fill=\"none\" stroke=\"{eac_c}\" stroke-width=\"2\" stroke-dasharray=\"6,4\" class=\"eac\""));
    }
    line(&mut svg, ac, ac_c, "ac");
    let sx = axis.x(evm.status_date);
    if sx >= f.left && sx <= f.right {
        svg.line(
            sx,
            f.top,
            sx,
            f.bottom,
            &pal.status,
            " stroke-width=\"1.5\" stroke-dasharray=\"4,3\" class=\"status\"",
        );
    }
    Ok(svg.finish())
}

/// A cumulative flow diagram: per day, how many items are in each state,
/// stacked with the last state (done) at the bottom and the first at the
/// top, in the workflow's order of colours.
///
/// # Errors
///
/// [`Error::Mismatch`] when the metrics' rows do not have one count per
/// state of the workflow; bad options.
pub fn cumulative_flow(
    metrics: &FlowMetrics,
    workflow: &Workflow,
    style: &Style,
) -> Result<String, Error> {
    style.validate()?;
    let pal = &style.palette;
    let states: Vec<String> = workflow
        .states()
        .map(|(_, s)| s.key.as_str().to_owned())
        .collect();
    if let Some((d, row)) = metrics.cfd.iter().find(|(_, r)| r.len() != states.len()) {
        return Err(Error::Mismatch(format!(
            "the cumulative flow of {d} has {} counts, the workflow `{}` has {} states",
            row.len(),
            workflow.name(),
            states.len()
        )));
    }
    let title = format!("Cumulative flow of {}", workflow.name());
    let desc = format!(
        "Items per state per day over {} days; states: {}",
        metrics.cfd.len(),
        states.join(", ")
    );
    let mut svg = Svg::new(style.width, style.height, &title, &desc, style);
    heading(&mut svg, style, &title);
    let items: Vec<(&str, String)> = states
        .iter()
        .enumerate()
        .map(|(i, s)| (pal.series(i), s.clone()))
        .collect();
    legend(&mut svg, style, &items);
    let f = Frame::new(style, false);
    let (Some(first), Some(last)) = (metrics.cfd.first(), metrics.cfd.last()) else {
        return Ok(empty(svg, style, &f, "no days"));
    };
    let axis = TimeAxis {
        from: first.0.and_time(NaiveTime::MIN),
        to: (last.0 + Span::days(1)).and_time(NaiveTime::MIN),
        x0: f.left,
        x1: f.right,
    };
    let top = metrics
        .cfd
        .iter()
        .map(|(_, r)| r.iter().map(|&c| f64::from(c)).sum::<f64>())
        .fold(0.0, f64::max);
    let y = Linear::nice(0.0, top, f.bottom, f.top);
    value_axis(&mut svg, style, &f, &y, false, "");
    time_axis(&mut svg, style, &f, &axis);
    let x_of = |d: chrono::NaiveDate| axis.x((d + Span::days(1)).and_time(NaiveTime::MIN));
    // Bands from the bottom: the last state first.
    let n = states.len();
    let mut below: Vec<f64> = vec![0.0; metrics.cfd.len()];
    for k in (0..n).rev() {
        let above: Vec<f64> = metrics
            .cfd
            .iter()
            .zip(&below)
            .map(|((_, r), b)| b + f64::from(r[k]))
            .collect();
        let mut pts: Vec<(f64, f64)> = metrics
            .cfd
            .iter()
            .zip(&above)
            .map(|((d, _), v)| (x_of(*d), y.y(*v)))
            .collect();
        pts.extend(
            metrics
                .cfd
                .iter()
                .zip(&below)
                .rev()
                .map(|((d, _), v)| (x_of(*d), y.y(*v))),
        );
        svg.poly(
            true,
            &pts,
            &format!("fill=\"{}\" class=\"band\"", pal.series(k)),
        );
        below = above;
    }
    Ok(svg.finish())
}
