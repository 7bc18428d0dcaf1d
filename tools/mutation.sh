#!/usr/bin/env bash
# Mutation testing (issue 15): dotnet-stryker mutates one feature folder (or one file) and runs only the fast
# service tests that cover it against each mutant (never the browser, load, crash or cluster tests).
#   tools/mutation.sh                       every folder below, one after the other (hours on 2 cores)
#   tools/mutation.sh Authenticator Limits  only those folders
#   tools/mutation.sh Authenticator/AuthenticatorCodes.cs   one file, with its own tests (or its folder's)
#   tools/mutation.sh Authenticator/AuthenticatorCodes.cs,AuthenticatorMessages.cs   several files, one build
#   tools/mutation.sh Authenticator:rest    the folder without the files that have their own tests below
# It runs in a copy of the tree (BP_MUTATION_WORKDIR, default /tmp/bp-mutation-<dir>): stryker swaps the mutated
# assembly into the test output folder, so the working tree stays free for building and testing meanwhile.
# Reports: BackupifyPortal.Tests/StrykerOutput/<time>/reports/mutation-report.{html,json}; a summary per run is printed.
# BP_MUTATION_CONCURRENCY (default 1) sets stryker's parallel test runners.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

t() { local f="FullyQualifiedName~BackupifyPortal.Tests.$1"; shift; for c in "$@"; do f="$f|FullyQualifiedName~BackupifyPortal.Tests.$c"; done; echo "$f"; }

# The test classes that cover each folder: service tests on a real SQLite file, the fewest that cover it.
declare -A TESTS=(
  [Authenticator]=$(t Authenticator.AuthenticatorSignInTests Authenticator.RecoveryCodeTests Authenticator.TotpWindowTests \
      Authenticator.AuthenticatorMessagesTests Authenticator.QrCodeTests Authenticator.SecretStorageTests Authenticator.SecretHygieneTests)
  [TwoFactor]="FullyQualifiedName~BackupifyPortal.Tests.TwoFactor.|FullyQualifiedName~BackupifyPortal.Tests.SignIn.SecondFactorLockoutTests"
  [Limits]="FullyQualifiedName~BackupifyPortal.Tests.Limits."
  [Passwords]="FullyQualifiedName~BackupifyPortal.Tests.Passwords."
  [Phone]="FullyQualifiedName~BackupifyPortal.Tests.Phone."
  [SignIn]="FullyQualifiedName~BackupifyPortal.Tests.SignIn.|FullyQualifiedName~BackupifyPortal.Tests.Sessions."
  [Admin]="FullyQualifiedName~BackupifyPortal.Tests.Consoles."
  [Support]="FullyQualifiedName~BackupifyPortal.Tests.Consoles."
)
# Files run on their own, against their own tests. A static list's mutants run against every test of the filter
# (stryker cannot tell which test first touched a static initialiser), so such a file gets only the tests that read it.
declare -A FILE_TESTS=(
  [Authenticator/AuthenticatorApps.cs]=$(t Authenticator.AuthenticatorAppsTests)
  [Authenticator/AuthenticatorCodes.cs]=$(t Authenticator.AuthenticatorSignInTests)
  [Authenticator/RecoveryCodes.cs]=$(t Authenticator.RecoveryCodeTests)
  [Authenticator/AuthenticatorMessages.cs]=$(t Authenticator.AuthenticatorMessagesTests)
  [Authenticator/AuthenticatorEnrollment.cs]=$(t Authenticator.AuthenticatorEnrollmentTests)
)
ORDER=(Authenticator TwoFactor Limits Passwords Phone SignIn Admin Support)
NOT_SLOW="FullyQualifiedName!~.Browser.&FullyQualifiedName!~.Load.&FullyQualifiedName!~.Durability.&FullyQualifiedName!~.Cluster."

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ORDER[@]}")

work=${BP_MUTATION_WORKDIR:-/tmp/bp-mutation-$(basename "$root")}
mkdir -p "$work"
# The tree as it is now (edits not yet committed included); bin/obj in the copy are kept for incremental builds.
find "$work" -mindepth 1 \( -name bin -o -name obj \) -prune -o -type f -print0 | xargs -0 rm -f
tar -C "$root" --exclude=./.git --exclude=bin --exclude=obj --exclude=StrykerOutput -cf - . | tar -C "$work" -xf -
cd "$work"
dotnet tool restore >/dev/null

run() { # <label> <test filter> <mutate globs...>
  local label=$1 filter=$2; shift 2
  echo "== $label: mutating $* against ($(echo "$filter" | tr '|' ' '))"
  echo "   started $(date -u +%H:%M) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local started; started=$(date +%s)
  # A config of its own per run, so stryker-config.json (every folder) and this run's files cannot disagree.
  jq -n --arg filter "($NOT_SLOW)&($filter)" --argjson concurrency "${BP_MUTATION_CONCURRENCY:-1}" \
      '{"stryker-config": {project: "BackupifyPortal.csproj", mutate: ($ARGS.positional + ["!**/*ServiceCollectionExtensions.cs"]),
        "test-case-filter": $filter, "coverage-analysis": "perTest", concurrency: $concurrency,
        reporters: ["progress", "html", "json"], thresholds: {high: 90, low: 85, break: 0}}}' --args "$@" \
      > BackupifyPortal.Tests/stryker-run.json
  (cd BackupifyPortal.Tests && dotnet stryker --skip-version-check -f stryker-run.json)
  local out; out=$(ls -td BackupifyPortal.Tests/StrykerOutput/*/ | head -1)
  mkdir -p "$root/BackupifyPortal.Tests/StrykerOutput"
  cp -r "$out" "$root/BackupifyPortal.Tests/StrykerOutput/"
  local report; report="$root/BackupifyPortal.Tests/StrykerOutput/$(basename "$out")/reports/mutation-report.json"
  echo "== $label: $(( ($(date +%s) - started) / 60 )) min, load average at the end $(cut -d' ' -f1-3 /proc/loadavg); $report"
  "$root/tools/mutation-summary.sh" "$report"
}

for target in "${targets[@]}"; do
  rest=false
  [ "${target%:rest}" != "$target" ] && { rest=true; target=${target%:rest}; }
  folder=${target%%/*}
  if [ -z "${TESTS[$folder]:-}" ]; then
    echo "Unknown folder '$folder'. Known: ${ORDER[*]}" >&2
    exit 2
  fi
  if [ "$target" != "$folder" ]; then
    # Folder/A.cs,B.cs: several files of one folder in one run (one build), against the union of their tests.
    files=() filters=()
    IFS=, read -ra names <<< "${target#*/}"
    for name in "${names[@]}"; do
      files+=("**/Features/$folder/$name")
      filters+=("${FILE_TESTS[$folder/$name]:-${TESTS[$folder]}}")
    done
    run "$target" "$(IFS='|'; echo "${filters[*]}")" "${files[@]}"
    continue
  fi
  own=()
  for file in "${!FILE_TESTS[@]}"; do [ "${file%%/*}" = "$folder" ] && own+=("$file"); done
  excluded=()
  for file in "${own[@]}"; do excluded+=("!**/Features/$file"); done
  run "$folder" "${TESTS[$folder]}" "**/Features/$folder/**/*.cs" "${excluded[@]}"
  $rest && continue
  for file in "${own[@]}"; do run "$file" "${FILE_TESTS[$file]}" "**/Features/$file"; done
done
