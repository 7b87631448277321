#!/usr/bin/env bash
# `npm test`: type-check, build the widget, then every test against real parts:
# vitest (unit, integration against PostgreSQL + LiveKit, end-to-end in two Chromium contexts)
# and @web/test-runner (the element in Chromium with fake camera and microphone). The vitest run includes the
# schemathesis fuzzer against the OpenAPI document (tests/integration/api-fuzz.test.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  echo "npm test needs Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium)." >&2
  exit 1
fi
if [ -z "${LIVEKIT_URL:-}" ]; then
  bash scripts/install-livekit.sh >/dev/null
fi
bash scripts/install-fuzzer.sh

echo "== typecheck"
npx tsc -p tsconfig.json --noEmit
echo "== import rules (dependency-cruiser: .dependency-cruiser.cjs)"; npx depcruise server lti widget --config .dependency-cruiser.cjs --output-type err
echo "== build widget"
npm run --silent build:widget
echo "== vitest (unit, integration, e2e)"
npx vitest run
echo "== web-test-runner (browser)"
npx web-test-runner
