#!/usr/bin/env bash
# `npm run bench`: every benchmark, each printing `name value unit (target X)`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/widget/video-room.js ] || npm run --silent build:widget
npx tsx bench/widget-size.ts
npx tsx bench/token-throughput.ts
npx tsx bench/join-time.ts
npx tsx bench/matching.ts
npx tsx bench/lti-launch.ts
npx tsx bench/webhook-ingest.ts
npx tsx bench/chat.ts
npx tsx bench/analytics.ts
npx tsx bench/large-room.ts
npx tsx bench/polls.ts
npx tsx bench/hands.ts
