#!/bin/sh
# Puts the index baked into the image into the data volume when the volume has none, or an index
# for another corpus or embedder (the manifest differs), then runs the command. A mounted index
# that matches is left alone.
set -eu
baked="${MECHANISTIC_BAKED_INDEX:-/app/baked/index}"
data="${MECHANISTIC_DATA_DIR:-/data}/index"
if [ -f "$baked/manifest.json" ] && ! cmp -s "$baked/manifest.json" "$data/manifest.json" 2>/dev/null; then
  mkdir -p "$data"
  cp -R "$baked/." "$data/"
fi
exec "$@"
