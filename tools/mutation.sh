#!/usr/bin/env bash
# Mutation testing (issue 15): dotnet-stryker mutates one feature folder (or one file) and runs only the fast
# service and component tests of that area against each mutant (never the browser, load or crash tests).
#   tools/mutation.sh                       every folder below, one after the other (hours on 2 cores)
#   tools/mutation.sh Authenticator Limits  only those folders
#   tools/mutation.sh Authenticator/AuthenticatorCodes.cs   one file, with its folder's tests
# Reports: BackupifyPortal.Tests/StrykerOutput/<time>/reports/mutation-report.{html,json}; a summary per run is printed.
# BP_MUTATION_CONCURRENCY (default 1) sets stryker's parallel test runners.
set -euo pipefail
cd "$(dirname "$0")/.."

# The test namespaces that cover each folder: the fast tests only.
declare -A TESTS=(
  [Authenticator]="FullyQualifiedName~BackupifyPortal.Tests.Authenticator."
  [TwoFactor]="FullyQualifiedName~BackupifyPortal.Tests.TwoFactor.|FullyQualifiedName~BackupifyPortal.Tests.SignIn.SecondFactorLockoutTests"
  [Limits]="FullyQualifiedName~BackupifyPortal.Tests.Limits."
  [Passwords]="FullyQualifiedName~BackupifyPortal.Tests.Passwords."
  [Phone]="FullyQualifiedName~BackupifyPortal.Tests.Phone."
  [SignIn]="FullyQualifiedName~BackupifyPortal.Tests.SignIn.|FullyQualifiedName~BackupifyPortal.Tests.Sessions."
  [Admin]="FullyQualifiedName~BackupifyPortal.Tests.Consoles."
  [Support]="FullyQualifiedName~BackupifyPortal.Tests.Consoles."
)
ORDER=(Authenticator TwoFactor Limits Passwords Phone SignIn Admin Support)
NOT_SLOW="FullyQualifiedName!~.Browser.&FullyQualifiedName!~.Load.&FullyQualifiedName!~.Durability."

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${ORDER[@]}")

dotnet tool restore >/dev/null
for target in "${targets[@]}"; do
  folder=${target%%/*}
  if [ -z "${TESTS[$folder]:-}" ]; then
    echo "Unknown folder '$folder'. Known: ${ORDER[*]}" >&2
    exit 2
  fi
  if [ "$target" = "$folder" ]; then glob="**/Features/$folder/**/*.cs"; else glob="**/Features/$target"; fi
  echo "== $target: mutating $glob against ($(echo "${TESTS[$folder]}" | tr '|' ' '))"
  started=$(date +%s)
  (cd BackupifyPortal.Tests && dotnet stryker --skip-version-check \
      --concurrency "${BP_MUTATION_CONCURRENCY:-1}" \
      --mutate "$glob" --mutate '!**/*ServiceCollectionExtensions.cs' \
      --test-case-filter "($NOT_SLOW)&(${TESTS[$folder]})" \
      --reporter Progress --reporter Html --reporter Json)
  report=$(ls -td BackupifyPortal.Tests/StrykerOutput/*/reports/mutation-report.json | head -1)
  echo "== $target: $(( ($(date +%s) - started) / 60 )) min; $report"
  tools/mutation-summary.sh "$report"
done
