//! Risk pictures: the probability–impact heat map, the tornado of risk
//! contributions, task criticality, and the Monte Carlo finish
//! distribution with its S-curve.

use chrono::NaiveDateTime;
use planwright_risk::{RiskRegister, SimulationReport};

use crate::frame::{Frame, days, empty, heading, legend, value_axis};
use crate::scale::{Linear, label};
use crate::style::fit;
use crate::svg::Svg;
use crate::{Error, Style};

/// A risk register's heat map: probability levels up (most likely at the
/// top), impact levels across, each cell in its band's colour (the
/// policy's bands, ordered light to dark) with the number of open risks
/// and their keys (as many as fit, then `+n`). Open risks without an
/// assessment are counted below the grid.
///
/// # Errors
///
/// [`Error::Risk`] when the register cannot evaluate a risk; bad options.
pub fn heat_map(register: &RiskRegister, style: &Style) -> Result<String, Error> {
    style.validate()?;
    let map = register.heat_map()?;
    let policy = register.policy();
    let matrix = policy.matrix();
    let (rows, cols) = (matrix.rows(), matrix.columns());
    let pal = &style.palette;
    let bands = matrix.bands();
    let title = "Risk heat map";
    let desc = format!(
        "{} open risks on a {rows} x {cols} probability-impact matrix; bands: {}; {} not assessed",
        map.count(),
        bands.join(", "),
        map.unassessed.len()
    );
    let mut svg = Svg::new(style.width, style.height, title, &desc, style);
    heading(&mut svg, style, title);
    let items: Vec<(&str, String)> = bands
        .iter()
        .enumerate()
        .map(|(i, b)| (pal.band(i, bands.len()), b.clone()))
        .collect();
    legend(&mut svg, style, &items);
    let left = 110.0;
    let top = 52.0;
    let bottom = style.height - 48.0;
    let right = style.width - 16.0;
    let cw = (right - left) / cols.max(1) as f64;
    let ch = (bottom - top) / rows.max(1) as f64;
    let probability = policy.probability().levels();
    for p in 1..=rows {
        let y = bottom - p as f64 * ch;
        let plabel = probability
            .get(p - 1)
            .map_or_else(|| p.to_string(), |l| format!("{p} {}", l.label));
        svg.text(
            left - 6.0,
            y + ch / 2.0 + 4.0,
            "end",
            &pal.text,
            &fit(&plabel, left - 10.0, style),
            "",
        );
        for i in 1..=cols {
            let x = left + (i - 1) as f64 * cw;
            #[allow(clippy::cast_possible_truncation)]
            let band = matrix.band(p as u8, i as u8).map_or(0, usize::from);
            let fill = pal.band(band, bands.len());
            svg.rect(
                x,
                y,
                cw,
                ch,
                fill,
                &format!(" stroke=\"{}\" class=\"cell\"", pal.background),
            );
            let keys = &map.cells[p - 1][i - 1];
            if keys.is_empty() {
                continue;
            }
            // Dark text on light bands, light on dark.
            let ink = if band * 2 >= bands.len() {
                &pal.background
            } else {
                &pal.text
            };
            svg.text(
                x + cw / 2.0,
                y + style.font_size * 1.4,
                "middle",
                ink,
                &keys.len().to_string(),
                " font-weight=\"bold\"",
            );
            let lines = ((ch - style.font_size * 1.8) / (style.font_size * 1.2))
                .floor()
                .max(0.0) as usize;
            let shown = if keys.len() > lines {
                lines.saturating_sub(1)
            } else {
                keys.len()
            };
            for (k, key) in keys.iter().take(shown).enumerate() {
                let ty = y + style.font_size * (2.8 + 1.2 * k as f64);
                svg.text(
                    x + cw / 2.0,
                    ty,
                    "middle",
                    ink,
                    &fit(key, cw - 6.0, style),
                    "",
                );
            }
            if shown < keys.len() && lines > 0 {
                let ty = y + style.font_size * (2.8 + 1.2 * shown as f64);
                svg.text(
                    x + cw / 2.0,
                    ty,
                    "middle",
                    ink,
                    &format!("+{}", keys.len() - shown),
                    "",
                );
            }
        }
    }
    for i in 1..=cols {
        let x = left + (i as f64 - 0.5) * cw;
        svg.text(x, bottom + 16.0, "middle", &pal.text, &i.to_string(), "");
    }
    svg.text(
        (left + right) / 2.0,
        bottom + 32.0,
        "middle",
        &pal.text,
        "impact level",
        "",
    );
    if !map.unassessed.is_empty() {
        svg.text(
            12.0,
            bottom + 32.0,
            "start",
            &pal.text,
            &format!("{} not assessed", map.unassessed.len()),
            "",
        );
    }
    Ok(svg.finish())
}

/// Horizontal bars, largest first: a tornado.
fn bars(
    style: &Style,
    title: &str,
    desc: &str,
    rows: &[(String, f64, String)],
    max: f64,
    unit: &str,
    colour: &str,
) -> String {
    let pal = &style.palette;
    let mut svg = Svg::new(style.width, style.height, title, desc, style);
    heading(&mut svg, style, title);
    let left = (style.width * 0.3).min(240.0);
    let f = Frame {
        left,
        right: style.width - 70.0,
        top: 52.0,
        bottom: style.height - 30.0,
    };
    if rows.is_empty() {
        return empty(svg, style, &f, "nothing to show");
    }
    let x = Linear::nice(0.0, max, f.left, f.right);
    for v in x.ticks() {
        let xv = x.y(v);
        svg.line(xv, f.top, xv, f.bottom, &pal.grid, " stroke-width=\"0.5\"");
        svg.text(
            xv,
            f.bottom + 16.0,
            "middle",
            &pal.text,
            &format!("{}{unit}", label(v)),
            "",
        );
    }
    let rh = ((f.bottom - f.top) / rows.len() as f64).min(28.0);
    for (i, (name, value, text)) in rows.iter().enumerate() {
        let y = f.top + i as f64 * rh;
        svg.text(
            f.left - 6.0,
            y + rh / 2.0 + 4.0,
            "end",
            &pal.text,
            &fit(name, f.left - 16.0, style),
            "",
        );
        let w = x.y(value.max(0.0)) - f.left;
        svg.rect(f.left, y + rh * 0.15, w, rh * 0.7, colour, " class=\"bar\"");
        svg.text(
            f.left + w + 4.0,
            y + rh / 2.0 + 4.0,
            "start",
            &pal.text,
            text,
            "",
        );
    }
    svg.line(
        f.left,
        f.top,
        f.left,
        f.bottom,
        &pal.text,
        " stroke-width=\"0.8\"",
    );
    svg.finish()
}

/// A tornado of risk events: how much each event moves the P80 finish
/// (its contribution), largest first, at most `top` events.
///
/// # Errors
///
/// Bad options.
pub fn tornado(report: &SimulationReport, top: usize, style: &Style) -> Result<String, Error> {
    style.validate()?;
    let mut rows: Vec<(String, f64, String)> = report
        .risks
        .iter()
        .map(|r| {
            (
                r.key.clone(),
                r.contribution,
                format!(
                    "{} (occurs {:.0} %)",
                    days(r.contribution),
                    r.occurred * 100.0
                ),
            )
        })
        .collect();
    rows.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then_with(|| a.0.cmp(&b.0)));
    rows.truncate(top.max(1));
    let max = rows.iter().map(|r| r.1.abs()).fold(0.0, f64::max) / 480.0;
    for r in &mut rows {
        r.1 /= 480.0;
    }
    let desc = format!(
        "{} risk events by their contribution to the P80 finish, in working days",
        rows.len()
    );
    Ok(bars(
        style,
        "Risk contributions to the P80 finish",
        &desc,
        &rows,
        max,
        "d",
        &style.palette.critical,
    ))
}

/// Task criticality: the share of iterations in which each task was on a
/// critical path, highest first, at most `top` tasks.
///
/// # Errors
///
/// Bad options.
pub fn criticality(report: &SimulationReport, top: usize, style: &Style) -> Result<String, Error> {
    style.validate()?;
    let mut rows: Vec<(String, f64, String)> = report
        .tasks
        .iter()
        .map(|t| {
            (
                t.key.clone(),
                t.criticality * 100.0,
                format!(
                    "{:.0} % · sensitivity {:.2}",
                    t.criticality * 100.0,
                    t.sensitivity
                ),
            )
        })
        .collect();
    rows.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows.truncate(top.max(1));
    let desc = format!(
        "{} tasks by criticality index (share of iterations on a critical path)",
        rows.len()
    );
    Ok(bars(
        style,
        "Task criticality",
        &desc,
        &rows,
        100.0,
        " %",
        &style.palette.bar,
    ))
}

/// The simulated finish: a histogram of the iterations' finish dates, the
/// cumulative distribution (S-curve, right axis), and markers at P50, P80
/// and, when given, the deadline with its probability.
///
/// # Errors
///
/// [`Error::Risk`] when a date cannot be converted; bad options.
pub fn finish_distribution(
    report: &SimulationReport,
    deadline: Option<NaiveDateTime>,
    style: &Style,
) -> Result<String, Error> {
    style.validate()?;
    let pal = &style.palette;
    let title = "Project finish: distribution and S-curve";
    let on_time = deadline.map(|d| report.probability_by(d)).transpose()?;
    let desc = finish_description(report, deadline.zip(on_time));
    let mut svg = Svg::new(style.width, style.height, title, &desc, style);
    heading(&mut svg, style, title);
    legend(
        &mut svg,
        style,
        &[
            (&pal.bar, "iterations".to_owned()),
            (pal.series(1), "cumulative %".to_owned()),
            (&pal.deadline, "deadline".to_owned()),
        ],
    );
    let f = Frame::new(style, true);
    let (Some(first), Some(last)) = (report.histogram.first(), report.histogram.last()) else {
        return Ok(empty(svg, style, &f, "no iterations"));
    };
    let (lo, hi) = (first.from, last.to.max(first.from + 1.0));
    let xs = Linear {
        min: lo,
        max: hi,
        y0: f.left,
        y1: f.right,
    };
    let most = report.histogram.iter().map(|b| b.count).max().unwrap_or(1);
    let y = Linear::nice(0.0, f64::from(most), f.bottom, f.top);
    value_axis(&mut svg, style, &f, &y, false, "");
    let pct = Linear {
        min: 0.0,
        max: 100.0,
        y0: f.bottom,
        y1: f.top,
    };
    value_axis(&mut svg, style, &f, &pct, true, " %");
    for b in &report.histogram {
        let (a, c) = (xs.y(b.from), xs.y(b.to));
        let top = y.y(f64::from(b.count));
        svg.rect(
            a + 0.5,
            top,
            (c - a - 1.0).max(0.5),
            f.bottom - top,
            &pal.bar,
            " class=\"bin\"",
        );
    }
    let curve: Vec<(f64, f64)> = report
        .cdf
        .iter()
        .map(|&(x, p)| (xs.y(x), pct.y(p * 100.0)))
        .collect();
    svg.poly(
        false,
        &curve,
        &format!(
            "fill=\"none\" stroke=\"{}\" stroke-width=\"2\" class=\"cdf\"",
            pal.series(1)
        ),
    );
    date_axis(&mut svg, style, &f, &xs, report)?;
    for (p, name) in [(50u8, "P50"), (80, "P80")] {
        if let Some(v) = report.finish.p(p) {
            let x = xs.y(v);
            svg.line(
                x,
                f.top,
                x,
                f.bottom,
                &pal.text,
                " stroke-dasharray=\"4,3\" class=\"percentile\"",
            );
            svg.text(x + 3.0, f.top + 12.0, "start", &pal.text, name, "");
        }
    }
    if let (Some(d), Some(p)) = (deadline, on_time) {
        deadline_marker(&mut svg, style, &f, &xs, report, d, p);
    }
    Ok(svg.finish())
}

/// The finish chart's description: iterations, P50 and P80, and the
/// deadline with its probability.
fn finish_description(report: &SimulationReport, deadline: Option<(NaiveDateTime, f64)>) -> String {
    let mut desc = format!("{} iterations", report.iterations);
    if let (Some(a), Some(b)) = (report.finish_date(50), report.finish_date(80)) {
        desc.push_str(&format!(
            "; P50 {} and P80 {}",
            a.format("%Y-%m-%d %H:%M"),
            b.format("%Y-%m-%d %H:%M")
        ));
    }
    if let Some((d, p)) = deadline {
        desc.push_str(&format!(
            "; {:.0} % finish by the deadline {}",
            p * 100.0,
            d.format("%Y-%m-%d %H:%M")
        ));
    }
    desc
}

/// Five date labels along the bottom of a chart whose x axis is the
/// simulation's offsets.
fn date_axis(
    svg: &mut Svg,
    style: &Style,
    f: &Frame,
    xs: &Linear,
    report: &SimulationReport,
) -> Result<(), Error> {
    let pal = &style.palette;
    svg.line(
        f.left,
        f.bottom,
        f.right,
        f.bottom,
        &pal.text,
        " stroke-width=\"0.8\"",
    );
    for k in 0..5 {
        let v = xs.min + (xs.max - xs.min) * f64::from(k) / 4.0;
        let x = xs.y(v);
        let date = report.date_of(v)?;
        svg.line(x, f.bottom, x, f.bottom + 4.0, &pal.text, "");
        let anchor = match k {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        svg.text(
            x,
            f.bottom + 18.0,
            anchor,
            &pal.text,
            &date.format("%Y-%m-%d").to_string(),
            "",
        );
    }
    Ok(())
}

/// The deadline's line, where the S-curve reaches its probability `p`.
fn deadline_marker(
    svg: &mut Svg,
    style: &Style,
    f: &Frame,
    xs: &Linear,
    report: &SimulationReport,
    deadline: NaiveDateTime,
    p: f64,
) {
    let pal = &style.palette;
    let v = report
        .cdf
        .iter()
        .find(|&&(_, c)| c >= p - 1e-12)
        .map_or(xs.max, |&(x, _)| x);
    let x = xs.y(v.clamp(xs.min, xs.max));
    svg.line(
        x,
        f.top,
        x,
        f.bottom,
        &pal.deadline,
        " stroke-width=\"2\" class=\"deadline\"",
    );
    svg.text(
        x - 3.0,
        f.top + 26.0,
        "end",
        &pal.deadline,
        &format!(
            "deadline {} · {:.0} %",
            deadline.format("%Y-%m-%d"),
            p * 100.0
        ),
        "",
    );
}
