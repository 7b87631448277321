#!/usr/bin/env bash
# Installs the pinned LiveKit server (and nothing else) with this machine's Go toolchain.
# The binary goes to $LIVEKIT_BIN_DIR (default ~/.cache/video-rooms/bin) as livekit-server-<version>;
# nothing happens when it is already there. Prints the binary's path on the last line.
set -euo pipefail
VERSION="${LIVEKIT_SERVER_VERSION:-v1.13.5}"
BIN_DIR="${LIVEKIT_BIN_DIR:-$HOME/.cache/video-rooms/bin}"
TARGET="$BIN_DIR/livekit-server-$VERSION"
if [ -x "$TARGET" ]; then echo "$TARGET"; exit 0; fi
if ! command -v go >/dev/null 2>&1; then
  echo "install-livekit: 'go' was not found on PATH, so the LiveKit server $VERSION cannot be built here." >&2
  echo "Install Go (https://go.dev/dl) or point the project at an existing LiveKit deployment:" >&2
  echo "  LIVEKIT_URL=wss://your-livekit LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... npm start" >&2
  exit 1
fi
mkdir -p "$BIN_DIR"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "install-livekit: building github.com/livekit/livekit-server $VERSION with $(go version) (a few minutes the first time)…" >&2
if ! GOBIN="$TMP" GOFLAGS="-mod=mod" go install "github.com/livekit/livekit-server/cmd/server@$VERSION" >&2; then
  echo "install-livekit: 'go install github.com/livekit/livekit-server/cmd/server@$VERSION' failed (see above)." >&2
  echo "Point the project at an existing LiveKit deployment instead:" >&2
  echo "  LIVEKIT_URL=wss://your-livekit LIVEKIT_API_KEY=... LIVEKIT_API_SECRET=... npm start" >&2
  exit 1
fi
mv "$TMP/server" "$TARGET"
echo "$TARGET"
