// axe-core in headless Chromium against DHR Desk's HTML files: WCAG 2.0/2.1 A and AA.
//
//   node tools/axe_check.mjs FILE_OR_FOLDER ...
//
// Uses the Debian `chromium` binary (CHROMIUM, default /usr/bin/chromium); puppeteer-core
// never downloads a browser. The browser starts with a fresh profile, no background
// networking, and every request the page makes is recorded: a request for anything but
// the file itself (or a data: URL) is a failure, because the HTML edition must be
// self-contained. Exit status: 0 when every file has 0 violations and made no request,
// 1 otherwise, 2 on a usage or start-up error.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const require = createRequire(import.meta.url);
const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// --print DIR: also print each file to DIR/<name>.pdf with its own print style sheet
// (A4 pages, marking and page numbers in the margins), for check_accessibility.py to read.
const printIndex = process.argv.indexOf("--print");
const PRINT_DIR = printIndex > 0 ? process.argv[printIndex + 1] : null;

function htmlFiles(args) {
  const out = [];
  for (const arg of args) {
    const stat = fs.statSync(arg, { throwIfNoEntry: false });
    if (!stat) {
      console.error(`No such file or folder: ${arg}`);
      process.exit(2);
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(arg).sort()) {
        const full = path.join(arg, name);
        if (fs.statSync(full).isDirectory()) out.push(...htmlFiles([full]));
        else if (/\.html?$/i.test(name)) out.push(full);
      }
    } else {
      out.push(arg);
    }
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2).filter((a, i, all) => a !== "--print" && all[i - 1] !== "--print");
  const files = htmlFiles(args);
  if (files.length === 0) {
    console.error("No HTML files to check.");
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`Chromium not found at ${CHROMIUM} (Debian package: chromium).`);
    process.exit(2);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "dhrdesk-axe-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${profile}`,
    ],
  });
  let failed = 0;
  try {
    for (const file of files) {
      const page = await browser.newPage();
      // axe is injected by the checker, not the page: the page's own policy forbids scripts.
      await page.setBypassCSP(true);
      const url = pathToFileURL(path.resolve(file)).href;
      const outside = [];
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const target = request.url();
        if (target === url || target.startsWith("data:")) request.continue();
        else {
          outside.push(target);
          request.abort();
        }
      });
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(AXE_SOURCE);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: "tag", values: tags } }),
        TAGS,
      );
      const violations = result.violations;
      const nodes = violations.reduce((sum, v) => sum + v.nodes.length, 0);
      const status = violations.length === 0 && outside.length === 0 ? "PASS" : "FAIL";
      console.log(
        `${status} ${file}: ${violations.length} violations (${nodes} elements), ` +
          `${result.passes.length} rules passed, ${result.incomplete.length} need review, ` +
          `${outside.length} outside requests`,
      );
      for (const v of violations) {
        console.log(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
        for (const node of v.nodes.slice(0, 5)) console.log(`      at ${node.target.join(" ")}`);
      }
      for (const target of outside) console.log(`  request blocked: ${target}`);
      for (const item of result.incomplete) {
        const where = item.nodes[0] ? ` (first: ${item.nodes[0].target.join(" ")})` : "";
        console.log(`  needs review (not a violation): ${item.id}, ${item.nodes.length} elements${where}`);
      }
      if (status === "FAIL") failed += 1;
      if (PRINT_DIR) {
        const target = path.join(PRINT_DIR, path.basename(file).replace(/\.html?$/i, ".printed.pdf"));
        await page.pdf({ path: target, preferCSSPageSize: true, printBackground: true });
      }
      await page.close();
    }
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(
    `axe-core ${require("axe-core/package.json").version}, tags ${TAGS.join(",")}: ` +
      `${files.length - failed} of ${files.length} HTML files with 0 violations`,
  );
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`axe check could not run: ${error.message}`);
  process.exit(2);
});
