//! Drawing a Gantt chart from its rows: the window of dates, non-working
//! days, bars, dependency arrows, the two-tier header and the labels.

use core::fmt::Write;
use std::collections::HashMap;

use chrono::{Duration as Span, NaiveDateTime, NaiveTime};
use planwright_core::{LinkKind, Project, TaskId, TaskKind};

use super::{GanttOptions, HEADER, MAX_WINDOW_DAYS, Row};
use crate::scale::{TimeAxis, TimeScale, Unit};
use crate::style::fit;
use crate::svg::{Esc, N, Svg};
use crate::{Error, Style};

pub(super) fn draw(
    project: &Project,
    rows: Vec<Row>,
    status: Option<NaiveDateTime>,
    title: &str,
    options: &GanttOptions,
) -> Result<String, Error> {
    let style = &options.style;
    let pal = &style.palette;
    let range = options.rows.clone().unwrap_or(0..rows.len());
    let range = range.start.min(rows.len())..range.end.min(rows.len());
    let visible = &rows[range.clone()];
    let (from, to) = window(project, visible, status, options)?;
    let axis = options.axis(from, to);
    let rh = options.row_height;
    let height = HEADER + rh * visible.len() as f64 + 8.0;
    let desc = format!(
        "{} tasks from {} to {}; critical tasks in the critical colour",
        visible.len(),
        from.format("%Y-%m-%d"),
        to.format("%Y-%m-%d")
    );
    let mut svg = Svg::new(style.width, height, title, &desc, style);
    let plot_top = HEADER;
    let plot_bottom = height - 8.0;
    // Clip everything drawn on the time axis to the plot area.
    let _ = write!(
        svg.out,
        "<defs><clipPath id=\"plot\"><rect x=\"{}\" y=\"0\" width=\"{}\" height=\"{}\"/></clipPath>\
<marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"{}\"/></marker></defs>",
        N(axis.x0),
        N(axis.x1 - axis.x0),
        N(height),
        pal.link
    );
    svg.raw("<g clip-path=\"url(#plot)\">");
    let plot = Plot {
        style,
        axis,
        from,
        to,
        top: plot_top,
        bottom: plot_bottom,
        rh,
    };
    if options.non_working && axis.day_width() >= 1.0 {
        shade_non_working(&mut svg, project, &plot);
    }
    // Grid lines at the lower header's ticks.
    let scale = axis.resolve(options.scale);
    let (upper, lower) = match scale {
        TimeScale::Day => (Unit::Month, Unit::Day),
        TimeScale::Week => (Unit::Month, Unit::Week),
        _ => (Unit::Year, Unit::Month),
    };
    let lower_ticks = axis.ticks(lower);
    for (t, _) in &lower_ticks {
        let x = axis.x(*t).max(axis.x0);
        svg.line(
            x,
            plot_top,
            x,
            plot_bottom,
            &pal.grid,
            " stroke-width=\"0.5\"",
        );
    }
    bars(&mut svg, visible, &plot);
    if options.links {
        links(&mut svg, project, visible, &plot);
    }
    if let Some(s) = status {
        if s >= from && s <= to {
            let x = axis.x(s);
            svg.line(
                x,
                plot_top,
                x,
                plot_bottom,
                &pal.status,
                " stroke-width=\"1.5\" stroke-dasharray=\"4,3\" class=\"status\"",
            );
        }
    }
    svg.raw("</g>");
    header(&mut svg, &plot, upper, lower_ticks);
    labels(&mut svg, visible, options, &plot);
    Ok(svg.finish())
}

/// Where the time axis and the rows are drawn.
#[derive(Clone, Copy)]
struct Plot<'a> {
    style: &'a Style,
    axis: TimeAxis,
    from: NaiveDateTime,
    to: NaiveDateTime,
    top: f64,
    bottom: f64,
    rh: f64,
}

/// The window drawn: given, or the dates of the rows drawn (with the
/// status date) and a day each side; at most [`MAX_WINDOW_DAYS`].
fn window(
    project: &Project,
    visible: &[Row],
    status: Option<NaiveDateTime>,
    options: &GanttOptions,
) -> Result<(NaiveDateTime, NaiveDateTime), Error> {
    let (from, to) = match options.window {
        Some(w) => w,
        None => {
            let mut lo: Option<NaiveDateTime> = None;
            let mut hi: Option<NaiveDateTime> = None;
            let mut see = |t: NaiveDateTime| {
                lo = Some(lo.map_or(t, |l| l.min(t)));
                hi = Some(hi.map_or(t, |h| h.max(t)));
            };
            for r in visible {
                see(r.start());
                see(r.finish());
                if let Some((a, b)) = r.baseline {
                    see(a);
                    see(b);
                }
                if let Some(d) = r.deadline {
                    see(d);
                }
            }
            if let Some(s) = status {
                see(s);
            }
            let lo = lo.unwrap_or(project.start());
            let hi = hi.unwrap_or(lo);
            (
                lo.date().and_time(NaiveTime::MIN) - Span::days(1),
                hi.date().and_time(NaiveTime::MIN) + Span::days(2),
            )
        }
    };
    if (to - from).num_days() > MAX_WINDOW_DAYS {
        return Err(Error::InvalidOption {
            option: "window",
            problem: format!(
                "spans {} days; draw at most {MAX_WINDOW_DAYS} at once",
                (to - from).num_days()
            ),
        });
    }
    Ok((from, to))
}

/// Days without working time on the project calendar, merged into runs
/// and clamped to the window.
fn shade_non_working(svg: &mut Svg, project: &Project, plot: &Plot<'_>) {
    let Plot {
        style,
        axis,
        from,
        to,
        top: plot_top,
        bottom: plot_bottom,
        ..
    } = *plot;
    let pal = &style.palette;
    // Non-working days on the project calendar, merged into runs and
    // clamped to the window.
    {
        let cal = project.project_calendar();
        let cx = |t: NaiveDateTime| axis.x(t).clamp(axis.x0, axis.x1);
        let shade = |svg: &mut Svg, a: NaiveDateTime, b: NaiveDateTime| {
            let (xa, xb) = (cx(a), cx(b));
            if xb > xa {
                svg.rect(
                    xa,
                    plot_top,
                    xb - xa,
                    plot_bottom - plot_top,
                    &pal.non_working,
                    "",
                );
            }
        };
        let mut day = from.date();
        let mut run: Option<NaiveDateTime> = None;
        let last = to.date();
        while day <= last {
            let t = day.and_time(NaiveTime::MIN);
            match (!cal.is_working_day(day), run) {
                (true, None) => run = Some(t),
                (false, Some(s)) => {
                    shade(&mut *svg, s, t);
                    run = None;
                }
                _ => {}
            }
            match day.succ_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
        if let Some(s) = run {
            shade(&mut *svg, s, to);
        }
    }
}

/// The rows' bars, milestones, summaries, baselines, former dates and
/// deadlines, clamped to the window: nothing is drawn outside the plot.
fn bars(svg: &mut Svg, visible: &[Row], plot: &Plot<'_>) {
    let Plot {
        style,
        axis,
        from,
        to,
        top: plot_top,
        rh,
        ..
    } = *plot;
    let pal = &style.palette;
    // Bars, clamped to the window: nothing is drawn outside the plot.
    let cx = |t: NaiveDateTime| axis.x(t).clamp(axis.x0, axis.x1);
    let inside = |a: NaiveDateTime, b: NaiveDateTime| b >= from && a <= to;
    for (i, r) in visible.iter().enumerate() {
        let y = plot_top + i as f64 * rh;
        let mid = y + rh / 2.0;
        let colour = if r.critical { &pal.critical } else { &pal.bar };
        let tip = format!(
            "{}: {} to {}{}",
            r.label,
            r.start().format("%Y-%m-%d %H:%M"),
            r.finish().format("%Y-%m-%d %H:%M"),
            if r.critical { " (critical)" } else { "" }
        );
        if let Some((a, b)) = r.baseline.filter(|&(a, b)| inside(a, b)) {
            let extra = " class=\"baseline\"";
            svg.rect(
                cx(a),
                y + rh * 0.72,
                cx(b) - cx(a),
                rh * 0.14,
                &pal.baseline,
                extra,
            );
        }
        if let Some((a, b)) = r.ghost.filter(|&(a, b)| inside(a, b)) {
            let extra = format!(
                " fill-opacity=\"0\" stroke=\"{}\" stroke-dasharray=\"3,2\" class=\"original\"",
                pal.baseline
            );
            svg.rect(cx(a), y + rh * 0.2, cx(b) - cx(a), rh * 0.5, "none", &extra);
        }
        if let Some(d) = r.deadline.filter(|&d| d >= from && d <= to) {
            let x = axis.x(d);
            let s = (rh * 0.22).min(x - axis.x0).min(axis.x1 - x).max(0.0);
            let fill = if r.finish() > d {
                &pal.critical
            } else {
                &pal.deadline
            };
            let points = [(x - s, y + 1.0), (x + s, y + 1.0), (x, y + 1.0 + s * 1.4)];
            svg.poly(
                true,
                &points,
                &format!("fill=\"{fill}\" class=\"deadline\""),
            );
        }
        if !inside(r.start(), r.finish()) {
            continue;
        }
        match r.kind {
            TaskKind::Milestone => {
                let x = cx(r.start());
                let s = (rh * 0.32).min(x - axis.x0).min(axis.x1 - x).max(1.0);
                svg.raw("<g class=\"milestone\">");
                let points = [(x, mid - s), (x + s, mid), (x, mid + s), (x - s, mid)];
                svg.poly(true, &points, &format!("fill=\"{colour}\""));
                let _ = write!(svg.out, "<title>{}</title></g>", Esc(&tip));
            }
            TaskKind::Summary => {
                let (a, b) = (cx(r.start()), cx(r.finish()));
                let (top, bottom) = (y + rh * 0.3, y + rh * 0.5);
                let cap = (rh * 0.25).min((b - a) / 2.0).max(0.0);
                let fill = if r.critical { colour } else { &pal.progress };
                svg.raw("<g class=\"summary\">");
                svg.poly(
                    true,
                    &[
                        (a, top),
                        (b, top),
                        (b, bottom + rh * 0.15),
                        (b - cap, bottom),
                        (a + cap, bottom),
                        (a, bottom + rh * 0.15),
                    ],
                    &format!("fill=\"{fill}\""),
                );
                let _ = write!(svg.out, "<title>{}</title></g>", Esc(&tip));
            }
            _ => {
                let class = if r.critical { "critical" } else { "task" };
                let _ = write!(svg.out, "<g class=\"{class}\">");
                for &(a, b) in r.parts.iter().filter(|&&(a, b)| inside(a, b)) {
                    svg.rect(cx(a), y + rh * 0.2, cx(b) - cx(a), rh * 0.5, colour, "");
                }
                if r.percent > 0 {
                    let (a, b) = (axis.x(r.start()), axis.x(r.finish()));
                    let w = (b - a) * f64::from(r.percent) / 100.0;
                    let (pa, pb) = (a.clamp(axis.x0, axis.x1), (a + w).clamp(axis.x0, axis.x1));
                    let extra = " class=\"progress\"";
                    svg.rect(pa, y + rh * 0.36, pb - pa, rh * 0.18, &pal.progress, extra);
                }
                let _ = write!(svg.out, "<title>{}</title></g>", Esc(&tip));
            }
        }
    }
}

/// Dependency arrows between rows drawn, when both ends are in the window.
fn links(svg: &mut Svg, project: &Project, visible: &[Row], plot: &Plot<'_>) {
    let Plot {
        style,
        axis,
        top: plot_top,
        rh,
        ..
    } = *plot;
    let pal = &style.palette;
    // Dependency arrows between rows drawn, when both ends are in the
    // window.
    {
        let inner = axis.x0 + 8.0..=axis.x1 - 8.0;
        let index: HashMap<TaskId, usize> = visible
            .iter()
            .enumerate()
            .map(|(i, r)| (r.task, i))
            .collect();
        for (_, l) in project.links() {
            let (Some(&i), Some(&j)) = (index.get(&l.from), index.get(&l.to)) else {
                continue;
            };
            let (p, s) = (&visible[i], &visible[j]);
            let ys = plot_top + (i as f64 + 0.5) * rh;
            let ye = plot_top + (j as f64 + 0.5) * rh;
            // A milestone's arrows meet its diamond's tips.
            let tip = |r: &Row, right: bool| match (r.kind, right) {
                (TaskKind::Milestone, true) => rh * 0.32,
                (TaskKind::Milestone, false) => -rh * 0.32,
                _ => 0.0,
            };
            let xs = axis.x(if l.kind.from_finish() {
                p.finish()
            } else {
                p.start()
            }) + tip(p, l.kind.from_finish());
            let xe = axis.x(if l.kind.to_finish() {
                s.finish()
            } else {
                s.start()
            }) + tip(s, l.kind.to_finish());
            if !inner.contains(&xs) || !inner.contains(&xe) {
                continue;
            }
            let x1 = xs + if l.kind.from_finish() { 6.0 } else { -6.0 };
            let x2 = xe + if l.kind.to_finish() { 6.0 } else { -6.0 };
            let path = if matches!(l.kind, LinkKind::FinishToStart) && x2 >= x1 {
                format!("M{},{} H{} V{} H{}", N(xs), N(ys), N(x1), N(ye), N(xe))
            } else {
                // Around: leave, run in the gap between the rows, then
                // enter from the arrival side.
                let gap = if j > i { ye - rh / 2.0 } else { ye + rh / 2.0 };
                format!(
                    "M{},{} H{} V{} H{} V{} H{}",
                    N(xs),
                    N(ys),
                    N(x1),
                    N(gap),
                    N(x2),
                    N(ye),
                    N(xe)
                )
            };
            let _ = write!(
                svg.out,
                "<path d=\"{path}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1\" marker-end=\"url(#arrow)\" class=\"link\"/>",
                pal.link
            );
        }
    }
}

/// The two-tier time header.
fn header(svg: &mut Svg, plot: &Plot<'_>, upper: Unit, lower_ticks: Vec<(NaiveDateTime, String)>) {
    let Plot { style, axis, .. } = *plot;
    let pal = &style.palette;
    // Header: upper and lower tiers.
    svg.line(
        axis.x0,
        HEADER,
        axis.x1,
        HEADER,
        &pal.text,
        " stroke-width=\"0.5\"",
    );
    svg.line(
        axis.x0,
        HEADER / 2.0,
        axis.x1,
        HEADER / 2.0,
        &pal.grid,
        " stroke-width=\"0.5\"",
    );
    for (tier, ticks, y) in [
        (0, axis.ticks(upper), HEADER / 2.0 - 6.0),
        (1, lower_ticks, HEADER - 6.0),
    ] {
        let min_gap = if tier == 0 {
            60.0
        } else {
            style.char_width() * 3.5
        };
        let mut last_x = f64::NEG_INFINITY;
        for (t, label) in ticks {
            let x = axis.x(t).max(axis.x0);
            if tier == 0 {
                svg.line(x, 0.0, x, HEADER / 2.0, &pal.grid, " stroke-width=\"0.5\"");
            }
            if x - last_x >= min_gap && x + 2.0 < axis.x1 {
                svg.text(x + 2.0, y, "start", &pal.text, &label, "");
                last_x = x;
            }
        }
    }
}

/// The task-name column, indented by WBS depth.
fn labels(svg: &mut Svg, visible: &[Row], options: &GanttOptions, plot: &Plot<'_>) {
    let Plot {
        style,
        axis,
        top: plot_top,
        bottom: plot_bottom,
        rh,
        ..
    } = *plot;
    let pal = &style.palette;
    // Labels column.
    svg.line(
        axis.x0,
        0.0,
        axis.x0,
        plot_bottom,
        &pal.text,
        " stroke-width=\"0.5\"",
    );
    for (i, r) in visible.iter().enumerate() {
        let y = plot_top + (i as f64 + 0.5) * rh + style.font_size * 0.35;
        let indent = 6.0 + 12.0 * r.depth.min(12) as f64;
        let label = fit(&r.label, options.label_width - indent - 6.0, style);
        let weight = if r.kind == TaskKind::Summary {
            " font-weight=\"bold\""
        } else {
            ""
        };
        svg.text(indent, y, "start", &pal.text, &label, weight);
    }
}
