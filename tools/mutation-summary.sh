#!/usr/bin/env bash
# Per-file mutation score of one stryker JSON report, then every surviving or uncovered mutant with its line.
# Score = killed (including timeouts) / (killed + timeouts + survived + no coverage), as stryker counts it.
set -euo pipefail
jq -r '
  .files | to_entries[] | .key as $f | .value.mutants as $m
  | ($m | map(select(.status == "Killed")) | length) as $k
  | ($m | map(select(.status == "Timeout")) | length) as $t
  | ($m | map(select(.status == "Survived")) | length) as $s
  | ($m | map(select(.status == "NoCoverage")) | length) as $n
  | select($k + $t + $s + $n > 0)
  | "\($f | sub(".*/Features/"; "")): \((100 * ($k + $t) / ($k + $t + $s + $n)) * 10 | round / 10)% (killed \($k), timeout \($t), survived \($s), no coverage \($n))"
' "$1"
jq -r '
  .files | to_entries[] | .key as $f | .value.mutants[]
  | select(.status == "Survived" or .status == "NoCoverage")
  | "  \(.status) \($f | sub(".*/Features/"; "")):\(.location.start.line) \(.mutatorName): \(.replacement | gsub("\n"; " ") | .[0:110])"
' "$1"
