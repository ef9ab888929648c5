// A screenshot of a local HTML file in headless Chromium (Debian's; nothing downloaded).
//
//   node tools/screenshot.mjs IN.html OUT.png [WIDTH] [HEIGHT] [--print]
//
// WIDTH x HEIGHT is the viewport (default 1100 x 1500); the picture is the top of the
// page at that size. --print lays the page out with its print style sheet (A4 pages).
// Every request other than the file itself is blocked, as in axe_check.mjs.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const print = process.argv.includes("--print");
const [input, output, width = "1100", height = "1500"] = args;
if (!input || !output) {
  console.error("usage: node tools/screenshot.mjs IN.html OUT.png [WIDTH] [HEIGHT] [--print]");
  process.exit(2);
}
const profile = fs.mkdtempSync(path.join(os.tmpdir(), "dhrdesk-shot-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    `--user-data-dir=${profile}`,
  ],
});
try {
  const page = await browser.newPage();
  const url = pathToFileURL(path.resolve(input)).href;
  await page.setRequestInterception(true);
  page.on("request", (r) => (r.url() === url || r.url().startsWith("data:") ? r.continue() : r.abort()));
  await page.setViewport({ width: Number(width), height: Number(height) });
  if (print) await page.emulateMediaType("print");
  await page.goto(url, { waitUntil: "load" });
  await page.screenshot({ path: output });
  console.log(`wrote ${output}`);
} finally {
  await browser.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
