#!/usr/bin/env python3
"""Every module a target imports is declared in Package.swift: a target of this package or a
product of a dependency. SwiftPM's --explicit-target-dependency-import-check covers only the first
kind (targets of this package), so RateCLI could import Hummingbird through RateWeb unseen; this
covers both. The toolchain's own modules (Foundation, Glibc, Testing, Synchronization, …) need no
declaration."""
import json, pathlib, re, subprocess, sys

TOOLCHAIN = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Musl", "Darwin", "Dispatch",
             "Synchronization", "Testing", "XCTest", "_Concurrency", "Observation", "RegexBuilder", "os"}
package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout)
failures = []
for target in package["targets"]:
    if target["type"] == "plugin":
        continue
    declared = {target["name"]}
    for dependency in target["dependencies"]:
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                declared.add(dependency[kind][0])
    path = pathlib.Path(target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + target["name"])
    if not path.exists():
        path = pathlib.Path("Sources") / target["name"]
    for source in sorted(path.rglob("*.swift")):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            match = re.match(r"\s*(?:@\w+\s+)*(?:public |internal |package |private |fileprivate )?import\s+(?:struct |class |enum |func |protocol |typealias |var |let )?([A-Za-z_][A-Za-z0-9_]*)", line)
            if match and match.group(1) not in declared | TOOLCHAIN:
                failures.append(f"{source}:{number}: {target['name']} imports {match.group(1)}, which its dependencies in Package.swift do not name")
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("check: every target declares what it imports (targets and products)")
