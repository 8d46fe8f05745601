//! `cclint report`: one self-contained HTML file for the people who own customer
//! centricity. Everything it shows comes from the model, the findings and the scorecard
//! of one analysis; it speaks in titles and plain words, shows what passes as well as
//! what fails, and every number opens to the list behind it.
//!
//! The page is written here, whole (it reads without scripts and prints); a small script
//! inlined in it sorts and filters the inventory and draws the map of one product or role
//! as SVG. No request leaves the page: styles, script and data are inline.

mod facts;
mod html;
mod inventory;
mod scorecard;
mod sections;

use rayon::prelude::*;

use crate::catalog::Code;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::Files;

pub use facts::Facts;
pub use html::{esc, Titles};

use super::scorecard::Scorecard;
use super::Map;

/// What the report says about itself.
#[derive(Clone, Debug, Default)]
pub struct ReportOptions {
    /// The heading (default: the organisation's title, else "Customer centricity").
    pub title: Option<String>,
    /// The day it describes, `YYYY-MM-DD`.
    pub date: String,
    /// The commit of the repository, when it is in Git.
    pub commit: Option<String>,
    /// cclint's version.
    pub version: String,
}

/// What the report is made from: one analysis.
pub struct ReportInput<'a> {
    pub model: &'a Model,
    /// Every finding, suppressed ones included (they are the accepted exceptions).
    pub diagnostics: &'a [Diagnostic],
    pub files: &'a Files,
    pub card: &'a Scorecard,
    /// Every rule in force, built-in and the organisation's (what passes is among them).
    pub enabled: &'a [Code],
    /// The whole map, retired products included.
    pub map: &'a Map,
}

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// What the head of every report holds: a file that has it is a report cclint wrote,
/// which a new one may replace.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"cclint ";

/// The report as one HTML document.
pub fn report(input: &ReportInput, options: &ReportOptions) -> String {
    let facts = Facts::new(input);
    let mut out = String::with_capacity(64 * 1024 + input.model.products.len() * 900);
    let heading = options
        .title
        .clone()
        .or_else(|| facts.organisation.clone())
        .unwrap_or_else(|| "Customer centricity".to_string());
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"cclint {}\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{} — customer-centricity report</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&options.version),
        esc(&heading)
    ));
    out.push_str("<a class=\"skip\" href=\"#main\">Skip to the report</a>\n");
    sections::header(&mut out, &heading, &facts, options);
    out.push_str("<main id=\"main\">\n");
    // The sections are written side by side (the inventory of 10,000 products is most of
    // the work), then joined in order.
    type Section = fn(&mut String, &Facts);
    let sections: [Section; 7] = [
        sections::errors,
        scorecard::scorecard,
        sections::findings,
        sections::passing,
        inventory::inventory,
        inventory::matrix,
        sections::exceptions,
    ];
    let parts: Vec<String> = sections
        .par_iter()
        .map(|section| {
            let mut part = String::new();
            section(&mut part, &facts);
            part
        })
        .collect();
    parts.iter().for_each(|part| out.push_str(part));
    out.push_str("</main>\n");
    out.push_str(&format!(
        "<footer><p>Written by cclint {} on {}.</p></footer>\n",
        esc(&options.version),
        esc(&options.date)
    ));
    // The map's data, for the script: `</` is written `<\/` so no text can end the tag.
    let data = inventory::map_data(&facts).replace("</", "<\\/");
    out.push_str(&format!(
        "<script type=\"application/json\" id=\"map-data\">{data}</script>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    ));
    out
}
