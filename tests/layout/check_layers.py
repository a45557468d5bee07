#!/usr/bin/env python3
"""Checks the house rules of engine/ that a compiler does not:

1. The stage folders of engine/src form a one-way pipeline. Each folder may
   include headers of the folders listed for it below (and of its own folder,
   and the public breachrank/ headers), never of a later stage, so no folder
   can include a header of a folder that includes it back.
2. The command line (engine/cli) uses the public API, and support/ for its
   timing notes, nothing else of the engine.
3. No file under engine/ is longer than 600 lines.

Usage: check_layers.py SOURCE_DIR. Prints every violation; exit status 1 if any.
"""
import os
import re
import sys

# The pipeline, in order: load -> validate -> graph -> score -> propagate ->
# rank -> loss -> scenario -> assemble -> report, with the utilities every stage uses below it and
# the generator beside the loader. A folder may use the folders listed for it,
# all of them before it (each folder's README says the same).
ALLOWED = {
    "support": [],
    "model": ["support"],
    "io": ["support", "model"],
    "generate": ["support", "model"],
    "graph": ["support", "model"],
    "scoring": ["support", "model", "graph"],
    "propagation": ["support", "model", "graph", "scoring"],
    "rank": ["support", "model", "graph", "scoring", "propagation"],
    "loss": ["support", "model", "graph", "scoring", "propagation", "rank"],
    "scenario": ["support", "model", "io", "graph", "scoring", "propagation", "rank"],
    # Gathers what a report shows, running the baseline once (make_report).
    "assemble": ["support", "model", "io", "graph", "scoring", "propagation", "rank", "loss", "scenario"],
    # The report stage reads results (public types) only.
    "report": ["support"],
}
# The command line is thin: the public API, and the timing notes of support/.
CLI_ALLOWED = ["support"]
MAX_LINES = 600
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def main(root):
    problems = []
    src = os.path.join(root, "engine", "src")
    for folder in sorted(os.listdir(src)):
        path = os.path.join(src, folder)
        if not os.path.isdir(path):
            continue
        if folder not in ALLOWED:
            problems.append(f"engine/src/{folder}: a stage folder not in the pipeline (tests/layout/check_layers.py)")
            continue
        for name in sorted(os.listdir(path)):
            file = os.path.join(path, name)
            if not name.endswith((".cpp", ".hpp", ".h")):
                continue
            with open(file, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m or "/" not in m.group(1):
                        continue
                    used = m.group(1).split("/")[0]
                    if used in ("breachrank", folder) or used not in ALLOWED:
                        continue
                    if used not in ALLOWED[folder]:
                        problems.append(f"engine/src/{folder}/{name}:{number}: {folder}/ includes {m.group(1)}, "
                                        f"a later stage (it may use {', '.join(ALLOWED[folder]) or 'nothing'})")
    cli = os.path.join(root, "engine", "cli")
    for name in sorted(os.listdir(cli)):
        if not name.endswith((".cpp", ".hpp", ".h")):
            continue
        with open(os.path.join(cli, name), encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if m and "/" in m.group(1):
                    used = m.group(1).split("/")[0]
                    if used != "breachrank" and used not in CLI_ALLOWED:
                        problems.append(f"engine/cli/{name}:{number}: the command line includes {m.group(1)}; "
                                        f"it may use the public API and {', '.join(CLI_ALLOWED)}/ only")
    for dirpath, _, files in os.walk(os.path.join(root, "engine")):
        for name in sorted(files):
            file = os.path.join(dirpath, name)
            if not name.endswith((".cpp", ".hpp", ".h")):
                continue
            with open(file, encoding="utf-8") as f:
                lines = sum(1 for _ in f)
            if lines > MAX_LINES:
                problems.append(f"{os.path.relpath(file, root)}: {lines} lines (at most {MAX_LINES})")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
