//! Sizes, fonts and colours shared by every chart.

use crate::Error;

/// A generic font family: the viewer's own fonts, no font files needed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FontFamily {
    /// `sans-serif` (the default).
    #[default]
    SansSerif,
    /// `serif`.
    Serif,
    /// `monospace`.
    Monospace,
}

impl FontFamily {
    pub(crate) fn css(self) -> &'static str {
        match self {
            FontFamily::SansSerif => "sans-serif",
            FontFamily::Serif => "serif",
            FontFamily::Monospace => "monospace",
        }
    }
}

/// Colours, as CSS hex colours (`#rgb`, `#rrggbb`, `#rrggbbaa`) or plain
/// colour names. The default is colour-blind safe: the Okabe–Ito colours
/// for categories (blue for work, vermillion for critical work) and a
/// light-to-dark yellow–red scale for ordered bands, so nothing depends
/// on telling red from green.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Palette {
    /// Background.
    pub background: String,
    /// Text and axes.
    pub text: String,
    /// Grid lines.
    pub grid: String,
    /// Non-working time.
    pub non_working: String,
    /// Ordinary bars.
    pub bar: String,
    /// Critical bars and over-allocations.
    pub critical: String,
    /// Progress fill and summary bars.
    pub progress: String,
    /// Baseline bars.
    pub baseline: String,
    /// Deadlines.
    pub deadline: String,
    /// The status date.
    pub status: String,
    /// Dependency arrows.
    pub link: String,
    /// Series of line and area charts, in order.
    pub series: Vec<String>,
    /// Ordered bands (heat map), lowest first.
    pub bands: Vec<String>,
}

impl Default for Palette {
    fn default() -> Self {
        let s = |v: &str| v.to_owned();
        Palette {
            background: s("#ffffff"),
            text: s("#222222"),
            grid: s("#dddddd"),
            non_working: s("#eeeeee"),
            bar: s("#0072b2"),
            critical: s("#d55e00"),
            progress: s("#1b1b1b"),
            baseline: s("#999999"),
            deadline: s("#cc79a7"),
            status: s("#009e73"),
            link: s("#666666"),
            series: [
                "#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#f0e442",
                "#000000",
            ]
            .map(s)
            .to_vec(),
            bands: ["#ffffcc", "#fed976", "#fd8d3c", "#e31a1c", "#800026"]
                .map(s)
                .to_vec(),
        }
    }
}

impl Palette {
    /// Checks every colour (they go into the SVG as written).
    pub(crate) fn validate(&self) -> Result<(), Error> {
        let named = [
            ("background", &self.background),
            ("text", &self.text),
            ("grid", &self.grid),
            ("non_working", &self.non_working),
            ("bar", &self.bar),
            ("critical", &self.critical),
            ("progress", &self.progress),
            ("baseline", &self.baseline),
            ("deadline", &self.deadline),
            ("status", &self.status),
            ("link", &self.link),
        ];
        for (name, colour) in named {
            check_colour(name, colour)?;
        }
        if self.series.is_empty() {
            return Err(Error::InvalidOption {
                option: "palette.series",
                problem: "needs at least one colour".into(),
            });
        }
        if self.bands.is_empty() {
            return Err(Error::InvalidOption {
                option: "palette.bands",
                problem: "needs at least one colour".into(),
            });
        }
        for c in self.series.iter().chain(&self.bands) {
            check_colour("series/bands", c)?;
        }
        Ok(())
    }

    /// The `i`-th series colour (cycling).
    pub(crate) fn series(&self, i: usize) -> &str {
        &self.series[i % self.series.len()]
    }

    /// The colour of band `i` of `n` ordered bands, spread over the band
    /// colours.
    pub(crate) fn band(&self, i: usize, n: usize) -> &str {
        let k = self.bands.len();
        if n <= 1 {
            return &self.bands[k - 1];
        }
        let at = (i * (k - 1) + (n - 1) / 2) / (n - 1);
        &self.bands[at.min(k - 1)]
    }
}

fn check_colour(name: &'static str, c: &str) -> Result<(), Error> {
    let hex = c.strip_prefix('#').is_some_and(|h| {
        matches!(h.len(), 3 | 4 | 6 | 8) && h.chars().all(|x| x.is_ascii_hexdigit())
    });
    let word = !c.is_empty() && c.len() <= 32 && c.chars().all(|x| x.is_ascii_alphabetic());
    if hex || word {
        Ok(())
    } else {
        Err(Error::InvalidColour {
            name,
            value: c.chars().take(40).collect(),
        })
    }
}

/// What every chart takes: size, font and colours.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Style {
    /// Width in pixels (the SVG scales; this sets proportions and text
    /// size relative to the picture). Default 960.
    pub width: f64,
    /// Height in pixels, for charts with a fixed frame (a Gantt chart's
    /// height follows its rows). Default 480.
    pub height: f64,
    /// Font family (generic). Default sans-serif.
    pub font_family: FontFamily,
    /// Font size in pixels. Default 12.
    pub font_size: f64,
    /// Colours.
    pub palette: Palette,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            width: 960.0,
            height: 480.0,
            font_family: FontFamily::SansSerif,
            font_size: 12.0,
            palette: Palette::default(),
        }
    }
}

impl Style {
    /// Sets the size.
    #[must_use]
    pub fn size(mut self, width: f64, height: f64) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Sets the font family.
    #[must_use]
    pub fn font(mut self, family: FontFamily, size: f64) -> Self {
        self.font_family = family;
        self.font_size = size;
        self
    }

    /// Sets the colours.
    #[must_use]
    pub fn palette(mut self, palette: Palette) -> Self {
        self.palette = palette;
        self
    }

    pub(crate) fn validate(&self) -> Result<(), Error> {
        for (option, v, lo, hi) in [
            ("width", self.width, 100.0, 100_000.0),
            ("height", self.height, 60.0, 100_000.0),
            ("font_size", self.font_size, 4.0, 72.0),
        ] {
            if !(lo..=hi).contains(&v) {
                return Err(Error::InvalidOption {
                    option,
                    problem: format!("{v} is outside {lo}..={hi}"),
                });
            }
        }
        self.palette.validate()
    }

    /// Width of a character, roughly, for fitting labels.
    pub(crate) fn char_width(&self) -> f64 {
        self.font_size * 0.6
    }
}

/// `text` shortened with an ellipsis to at most `width` pixels.
pub(crate) fn fit(text: &str, width: f64, style: &Style) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let max = (width / style.char_width()).floor().max(0.0) as usize;
    if text.chars().count() <= max {
        text.to_owned()
    } else if max == 0 {
        String::new()
    } else {
        text.chars().take(max - 1).chain(['…']).collect()
    }
}
