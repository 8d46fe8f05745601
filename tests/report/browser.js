// Opens a cclint report in headless Chromium (Debian's, driven by puppeteer-core) as a
// person would, and prints what happened as JSON for tests/report.rs to judge: console
// errors, requests that left the page, time to first render, filtering, sorting, the
// drawn map, a department's matrix, axe-core's accessibility violations, a PDF print,
// and a screenshot of each section at 1366x768.
//
// usage: node browser.js REPORT.html SCREENSHOT_DIR
"use strict";
const path = require("path");
const fs = require("fs");
const os = require("os");
const puppeteer = require("puppeteer-core");

// `f` of every element `selector` matches, run in the page (one call, however many
// elements: puppeteer's $$eval makes a handle of each, which takes seconds at 10,000 rows).
function all(page, selector, f, ...args) {
  return page.evaluate((sel, body, ...rest) => {
    const fn = new Function("return " + body)();
    return fn(Array.from(document.querySelectorAll(sel)), ...rest);
  }, selector, f.toString(), ...args);
}

(async () => {
  const [file, shots] = process.argv.slice(2);
  fs.mkdirSync(shots, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "cclint-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--user-data-dir=" + profile],
  });
  const result = { errors: [], requests: [] };
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1366, height: 768 });
    page.on("console", (m) => { if (m.type() === "error") { result.errors.push(m.text()); } });
    page.on("pageerror", (e) => result.errors.push(String(e)));
    const url = "file://" + path.resolve(file);
    await page.setRequestInterception(true);
    page.on("request", (r) => {
      if (r.url() === url) { r.continue(); } else { result.requests.push(r.url()); r.abort(); }
    });
    const start = Date.now();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("html[data-ready=true]");
    result.loadMs = Date.now() - start;
    // The first paint with content, as the browser measured it.
    result.firstRenderMs = Math.round(await page.evaluate(() => new Promise((resolve) => {
      new PerformanceObserver((list) => {
        const paint = list.getEntriesByName("first-contentful-paint")[0];
        if (paint) { resolve(paint.startTime); }
      }).observe({ type: "paint", buffered: true });
      setTimeout(() => resolve(-1), 5000);
    })));

    // Filtering by department: every row shown is of it, and the count says so.
    result.rows = await all(page, "#inventory-table tbody tr", (rs) => rs.length);
    const dept = await page.$eval("#f-dept option:nth-child(2)", (o) => o.value);
    let t = Date.now();
    await page.select("#f-dept", dept);
    result.filterMs = Date.now() - t;
    result.deptShown = await all(page, "#inventory-table tbody tr", (rs, d) => {
      const shown = rs.filter((r) => !r.hidden);
      return { shown: shown.length, all: shown.every((r) => r.dataset.dept === d) };
    }, dept);
    result.count = await page.$eval("#f-count", (e) => e.textContent);
    await page.select("#f-dept", "");
    // "No end user identified", then a search that matches nothing.
    // With the keyboard, as the section may still be settling under a mouse.
    await page.focus("#f-no-end-user");
    await page.keyboard.press("Space");
    result.noEndUser = await all(page, "#inventory-table tbody tr", (rs) => {
      const shown = rs.filter((r) => !r.hidden);
      return { shown: shown.length, all: shown.every((r) => r.dataset.noEndUser === "true") };
    });
    await page.keyboard.press("Space");
    await page.type("#f-search", "zzzz-nothing");
    result.searchNothing = await all(page, "#inventory-table tbody tr", (rs) => rs.filter((r) => !r.hidden).length);
    await page.$eval("#f-search", (e) => { e.value = ""; e.dispatchEvent(new Event("input")); });
    // Sorting by priority with the keyboard: focus the heading's button, press Enter.
    await page.focus("#inventory-table thead button[data-col='2']");
    await page.keyboard.press("Enter");
    result.sorted = await all(page, "#inventory-table tbody tr", (rs) => {
      const p = rs.map((r) => r.cells[2].textContent.trim()).map((x) => (x === "" ? 99 : Number(x)));
      return p.every((x, i) => i === 0 || p[i - 1] <= x);
    });
    result.ariaSort = await page.$eval("#inventory-table thead th:nth-child(3)", (e) => e.getAttribute("aria-sort"));
    // The map of the first product, and the first department's matrix.
    const first = await page.$eval("#draw optgroup option", (o) => o.value);
    await page.select("#draw", first);
    result.drawn = await all(page, "#drawn svg g.node", (g) => g.length);
    await page.$eval("details.matrix", (d) => { d.open = true; });
    await page.waitForSelector("details.matrix[open] table");
    result.matrixRows = await all(page, "details.matrix[open] tbody tr", (r) => r.length);

    // With MEASURE_ONLY (the 10,000-product benchmark page), the times are all: the
    // checks below judge the same page, shorter.
    if (!process.env.MEASURE_ONLY) {
      await checks(page, shots, result);
    }
  } catch (e) {
    result.errors.push("driver: " + (e && e.stack ? e.stack : String(e)));
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(result) + "\n");
})();

// Accessibility (axe-core in the page), a screenshot of each section, an A4 print.
async function checks(page, shots, result) {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const axe = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  result.violations = axe.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, help: v.help }));

  // A screenshot of each section, as a person sees it.
  for (const id of ["scorecard", "findings", "passing", "inventory", "serves", "exceptions"]) {
    await page.$eval("#" + id, (e) => e.scrollIntoView());
    await page.screenshot({ path: path.join(shots, id + ".png") });
  }
  // Printing: A4, everything unfolded.
  const pdf = await page.pdf({ format: "A4" });
  result.pdfBytes = pdf.length;
}
