#!/usr/bin/env bash
# The one test command (`npm test`): typecheck, lint, unit, integration (against the
# local Kubernaut stack, started when not running), E2E (Playwright + Debian Chromium
# against the standalone server `npm run build` leaves in .next/standalone, the file the
# container image runs). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/usr/local/go/bin:$PATH"
mkdir -p test-results
rm -f test-results/*-junit.xml

t0=$(date +%s)
step() { printf '\n=== %s (+%ss)\n' "$1" "$(( $(date +%s) - t0 ))"; }

step "install missing dependencies"
bash tools/install-deps.sh

step "typecheck"
npx tsc --noEmit

step "lint"
npx eslint --max-warnings=0 .

step "unit tests"
npx vitest run --project unit --project dom --reporter=default --reporter=junit --outputFile.junit=test-results/unit-junit.xml

step "local Kubernaut stack"
stack_was_up=0
stack() { node --import tsx tools/stack/stack.ts "$@"; }
stack status >/dev/null 2>&1 && stack_was_up=1
stack up
if [ "$stack_was_up" = 0 ] && [ "${KEEP_STACK:-0}" != 1 ]; then
  trap 'echo; echo "=== stopping the stack this run started"; stack down || true' EXIT
fi

# Before the integration tests: some of them start the standalone server (read-only
# working directory, graceful shutdown, metrics, two replicas).
step "production build (standalone)"
npm run build

step "integration tests"
npx vitest run --project integration --reporter=default --reporter=junit --outputFile.junit=test-results/integration-junit.xml

step "E2E tests"
npx playwright test

step "summary"
node --import tsx tools/test-summary.ts test-results/unit-junit.xml test-results/integration-junit.xml test-results/e2e-junit.xml
